//! The actor of a use-case: who they are, their role and the org subtree they act in.

use jianquan_domain::Msg;
use jianquan_domain::access::{Capability, Role};
use jianquan_domain::registry::OrgPath;

use crate::error::{AppError, AppResult};

/// Who an account is, apart from its role and scope.
#[derive(Debug, Clone)]
pub struct AccountIdentity {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub cadre_id: Option<String>,
}

/// An authenticated account, the public, or the system itself (CLI jobs, demo loader).
#[derive(Debug, Clone)]
pub struct Actor {
    /// Account ID, or `public` / `system`.
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The subtree the actor acts in; `None` for the public.
    pub scope: Option<OrgPath>,
    pub scope_org_id: Option<String>,
    /// The scope org's name, for the top bar.
    pub scope_name: String,
    /// For the cadre role: their own dossier.
    pub cadre_id: Option<String>,
    system: bool,
}

impl Actor {
    pub fn public() -> Self {
        Self {
            id: "public".into(),
            username: String::new(),
            display_name: String::new(),
            role: Role::Public,
            scope: None,
            scope_org_id: None,
            scope_name: String::new(),
            cadre_id: None,
            system: false,
        }
    }

    /// The system acting for the CLI with the whole tree in scope. A loudly named escape hatch:
    /// only the CLI and the demo loader construct it.
    /// The name to show for this account: its display name, or its username when it has none.
    pub fn shown_name(&self) -> &str {
        if self.display_name.is_empty() { &self.username } else { &self.display_name }
    }

    pub fn system_for_cli() -> Self {
        Self {
            id: "system".into(),
            username: "system".into(),
            display_name: "系统".into(),
            role: Role::Admin,
            scope: None,
            scope_org_id: None,
            scope_name: String::new(),
            cadre_id: None,
            system: true,
        }
    }

    /// A signed-in account.
    pub fn account(
        account: AccountIdentity,
        role: Role,
        scope: OrgPath,
        scope_org_id: String,
        scope_name: String,
    ) -> Self {
        Self {
            id: account.id,
            username: account.username,
            display_name: account.display_name,
            role,
            scope: Some(scope),
            scope_org_id: Some(scope_org_id),
            scope_name,
            cadre_id: account.cadre_id,
            system: false,
        }
    }

    pub fn is_system(&self) -> bool {
        self.system
    }

    pub fn can(&self, capability: Capability) -> bool {
        self.role.can(capability)
    }

    /// Fails unless the role grants the capability: the public is told to sign in.
    pub fn require(&self, capability: Capability) -> AppResult<()> {
        if self.can(capability) {
            Ok(())
        } else if self.role == Role::Public {
            Err(AppError::Unauthenticated)
        } else {
            Err(AppError::Forbidden(Msg::new("您的角色无权进行此操作", "your role may not do this")))
        }
    }

    /// Whether an org path lies within the actor's scope (the system sees everything).
    pub fn sees(&self, path: &OrgPath) -> bool {
        self.system || self.scope.as_ref().is_some_and(|scope| scope.contains(path))
    }

    /// The subtree lists are drawn from: the account's scope; for the system, the whole tree.
    pub fn list_scope(&self) -> OrgPath {
        self.scope.clone().unwrap_or_else(OrgPath::everything)
    }

    /// Fails with NotFound for a record outside scope, so its existence does not leak.
    pub fn require_in_scope(&self, path: &str) -> AppResult<OrgPath> {
        let path = OrgPath::parse(path).map_err(|_| AppError::NotFound)?;
        if self.sees(&path) { Ok(path) } else { Err(AppError::NotFound) }
    }
}
