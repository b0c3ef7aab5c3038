//! Selection & appointment (选拔任用) use-cases.

pub mod outcomes;
