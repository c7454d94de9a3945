//! restforge: Django REST Framework's way of building APIs, on axum and sqlx.
//!
//! This crate is the runtime that generated and hand-written restforge code calls. It
//! reproduces DRF's wire format byte for byte (see `DRF-CONTRACT.md`). Its folders are layers;
//! each imports only the ones before it (`tests/layers.rs` checks it):
//!
//! 1. [`core`]: values, field types, model metadata, Python-compatible JSON.
//! 2. [`db`]: the database handle, SQL building and queries, object writes, signals.
//! 3. [`contrib`]: Django's users, password hashes and validators, sessions, signing, JWTs.
//! 4. [`http`]: DRF's request path: the app and router, negotiation, parsers, authentication,
//!    permissions, throttling, views and viewsets, serializers and fields, pagination,
//!    metadata, exceptions, media.
//! 5. [`accounts`]: the account endpoints (dj-rest-auth, simplejwt, the browsable API login).
//! 6. [`management`]: the command line (`serve`, `migrate`, `createsuperuser`).
//! 7. [`testing`]: a test server and client for a project's API tests.
//!
//! What generated code imports is in [`prelude`].

// The derives expand to `::restforge::…` paths; this lets the runtime use them itself
// (for `contrib::auth::User`).
extern crate self as restforge;

pub mod accounts;
pub mod contrib;
pub mod core;
pub mod db;
pub mod http;
pub mod management;
pub mod testing;

pub mod prelude;

pub use management::run;

/// The axum the runtime serves with, for routes and layers of your own ([`App::merge`](http::app::App::merge)).
pub use axum;
/// The JSON values that extra actions answer with ([`ActionResponse`](http::generics::ActionResponse)).
pub use serde_json;

/// The only surface derive output touches. Not public API: it changes with the macros, which
/// the runtime pins to its exact version.
#[doc(hidden)]
pub mod __private {
    pub use crate::core::model::{
        DefaultValue, FieldKind, FieldMeta, IndexMeta, IpProtocol, Model, ModelMeta, OnDelete,
        RelationMeta,
    };
    pub use crate::core::types::ManyToMany;
    pub use crate::core::value::{FromValue, ToValue, Value, ValueError};
    pub use crate::http::authentication::{
        BasicAuthentication, DynAuthentication, JwtAuthentication, SessionAuthentication,
        TokenAuthentication,
    };
    pub use crate::http::error::ApiError;
    pub use crate::http::generics::ViewHooks;
    pub use crate::http::generics::{ActionContext, ActionResponse};
    pub use crate::http::meta::{
        Action, AuthenticationScheme, ExtraAction, ExtraKwargs, FieldSelection, FilterMeta,
        GenericKind, GenericView, RequestAssignment, RequestPath, Serializer, SerializerMeta,
        ViewConfig, ViewSet,
    };
    pub use crate::http::permissions::{DynPermission, Object, Owner, Permission};
    pub use crate::http::request::Request;
    pub use crate::http::serializer::SerializerHooks;
    pub use ::core::option::Option::{self, None, Some};
    pub use ::core::result::Result::{self, Err, Ok};
    pub use ::futures_util::future::BoxFuture;
    pub use ::serde_json::Value as JsonValue;
    pub use ::std::boxed::Box;
    pub use ::std::vec::Vec;
}
