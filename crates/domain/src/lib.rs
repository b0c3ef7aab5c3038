//! Jianquan's pure domain: the rules live here, with no I/O and no async.
//!
//! Each module owns one idea of `docs/design.md`:
//! - [`registry`]: organizations, posts, ranks, cadres and their dossier sections, parsed at the boundary;
//! - [`ledger`]: how a ledger (记实) entry is hashed into the chain and how a chain is verified;
//! - [`policy`]: the versioned policy file holding every figure of `rules.md` by rule ID;
//! - [`calendar`]: the working-day calendar (public holidays and adjusted working days, 调休);
//! - [`period`]: "within N days/months/years" by the Civil Code's rules for periods, and working-day periods;
//! - [`access`]: roles, capabilities and organization scope;
//! - [`training`]: the course catalogue, credits, the leave cap and the training requirements by rank;
//! - [`integrity`]: obligations and the six musts, talk records, exams and their attempt limit;
//! - [`selection`]: the selection case (纪实) and its rules, from motion and recommendation to committee decision, publicity and appointment;
//! - [`challenge`]: the proof of work asked of anonymous public submissions;
//! - [`search`]: the tokens that make one- and two-character name search work on both databases.
//!
//! Refusals and validation errors carry Chinese and English text ([`Msg`]), and a rule ID where a rule decided.

pub mod access;
pub mod calendar;
pub mod challenge;
pub mod error;
pub mod integrity;
pub mod ledger;
pub mod period;
pub mod policy;
pub mod registry;
pub mod search;
pub mod selection;
pub mod study;
pub mod training;
pub mod village;

pub use error::{Errors, FieldError, Invalid, Msg, Refusal};
