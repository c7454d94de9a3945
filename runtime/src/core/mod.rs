//! Values and model metadata: what every layer above speaks.
//!
//! * [`types`]: the Rust types of model fields (`DateTime`, `Decimal`, `ForeignKey`, …).
//! * [`value`]: [`Value`](value::Value), one field's value whatever its type.
//! * [`model`]: [`ModelMeta`](model::ModelMeta), what a `#[derive(Model)]` describes.
//! * [`json`]: DRF's JSON rendering, and parsing with Python's error messages.
//!
//! Nothing here imports another folder of the crate.

pub mod json;
pub mod model;
pub mod types;
pub mod value;
