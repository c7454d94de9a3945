//! restforge: Django REST Framework's way of building APIs, on axum and sqlx.
//!
//! This crate is the runtime that generated and hand-written restforge code calls. Its modules
//! reproduce DRF's wire format byte for byte (see `DRF-CONTRACT.md`):
//!
//! * [`auth`]: Django-compatible password hashing.
//! * [`error`]: DRF's exceptions and their responses, validation error trees.
//! * [`fields`]: serializer field coercion and validation with DRF's messages.
//! * [`json`]: DRF's JSON rendering, and request parsing with Python's error messages.
//! * [`negotiation`]: choosing the renderer from `Accept` and `?format=`.
//! * [`pagination`]: page-number and limit/offset pages and links.
//! * [`throttle`]: rates, the sliding window and its store.

pub mod auth;
pub mod error;
pub mod fields;
pub mod json;
pub mod negotiation;
pub mod pagination;
pub mod throttle;
