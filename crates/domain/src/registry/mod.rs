//! The registry (干部队伍): organizations, posts, ranks, cadres and their dossier sections.
//!
//! Inputs are parsed here into types that cannot hold invalid values; the storage layer keeps
//! their canonical text forms and the national code-set codes.

pub mod cadre;
pub mod codes;
pub mod dates;
pub mod decided_by;
pub mod dossier;
pub mod lrmx;
pub mod org;
pub mod photo;
pub mod rank;
pub mod resident_id;
pub mod roster;

pub use cadre::{CadreInput, NewCadre};
pub use org::{OrgKind, OrgPath};
pub use rank::Rank;
pub use resident_id::ResidentId;
