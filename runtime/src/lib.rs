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

// The derives expand to `::restforge::…` paths; this lets the runtime use them itself
// (for `auth::User`).
extern crate self as restforge;

pub mod app;
pub mod auth;
pub mod authentication;
pub mod db;
pub mod error;
pub mod fields;
pub mod generics;
pub mod hosts;
pub mod json;
pub mod media;
pub mod meta;
pub mod metadata;
pub mod model;
pub mod negotiation;
pub mod objects;
pub mod pagination;
pub mod permissions;
pub mod prelude;
pub mod query;
pub mod request;
pub mod router;
pub mod run;
pub mod serializer;
pub mod settings;
pub mod signals;
pub mod testing;
pub mod throttle;
pub mod types;
pub mod users;
pub mod value;
pub mod view;

pub use run::run;

/// The axum the runtime serves with, for routes and layers of your own ([`app::App::merge`]).
pub use axum;
/// The JSON values that extra actions answer with ([`generics::ActionResponse`]).
pub use serde_json;

/// The only surface derive output touches. Not public API: it changes with the macros, which
/// the runtime pins to its exact version.
#[doc(hidden)]
pub mod __private {
    pub use crate::authentication::{
        BasicAuthentication, DynAuthentication, JwtAuthentication, SessionAuthentication,
        TokenAuthentication,
    };
    pub use crate::error::ApiError;
    pub use crate::generics::ViewHooks;
    pub use crate::generics::{ActionContext, ActionResponse};
    pub use crate::meta::{
        Action, AuthenticationScheme, ExtraAction, ExtraKwargs, FieldSelection, FilterMeta,
        GenericKind, GenericView, RequestAssignment, RequestPath, Serializer, SerializerMeta,
        ViewConfig, ViewSet,
    };
    pub use crate::model::{
        DefaultValue, FieldMeta, FieldType, IndexMeta, Model, ModelMeta, OnDelete, RelationMeta,
    };
    pub use crate::permissions::{DynPermission, Object, Owner, Permission};
    pub use crate::request::Request;
    pub use crate::serializer::SerializerHooks;
    pub use crate::types::ManyToMany;
    pub use crate::value::{FromValue, ToValue, Value, ValueError};
    pub use ::core::option::Option::{self, None, Some};
    pub use ::core::result::Result::{self, Err, Ok};
    pub use ::futures_util::future::BoxFuture;
    pub use ::serde_json::Value as JsonValue;
    pub use ::std::boxed::Box;
    pub use ::std::vec::Vec;
}
