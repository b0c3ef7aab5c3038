//! Registry tables: organizations, posts, cadres and the dossier sections.

pub mod bulk;
pub mod cadres;
pub mod dossier;
pub mod forms;
pub mod opened;
pub mod orgs;
pub mod photos;
pub mod posts;
pub mod promotions;
