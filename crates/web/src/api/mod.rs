//! The JSON API under `/api/v1`, documented by the OpenAPI document at `/api/openapi.json`.
//! Authentication: the session cookie (then state-changing calls send `X-CSRF-Token`), or
//! `Authorization: Bearer <token>` with the token returned by `POST /api/v1/session`.

pub mod lrmx;
pub mod openapi;
pub mod outcomes;
pub mod photo;
pub mod registry;
pub mod selection;
pub mod selection_decision;
pub mod session;
pub mod study;
pub mod training;
