//! Use-cases. Each one: check the actor's capability and scope, run the domain rules, then write
//! state and its ledger entry in one transaction. Permission checks live here, once.

pub mod access;
pub mod actor;
pub mod challenge;
pub mod context;
pub mod demo;
pub mod error;
pub mod integrity;
pub mod ledger;
pub mod registry;
pub mod selection;
pub mod study;
pub mod training;
pub mod transfer;
pub mod view;
pub mod village;
pub mod workbench;

pub use actor::Actor;
pub use context::{App, Clock};
pub use error::{AppError, AppResult};
