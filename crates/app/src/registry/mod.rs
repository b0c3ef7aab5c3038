//! Registry use-cases: the org tree, posts, cadres and their dossiers.

pub mod cadres;
pub mod dossier;
pub mod lrmx;
pub mod orgs;
pub mod photo;
pub mod posts;
pub mod promotion;
pub mod unit_tree;
pub mod views;
