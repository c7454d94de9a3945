//! What generated code imports: `use restforge::prelude::*;`.
//!
//! The derives share their names with the traits they implement (as serde's do), so one
//! import brings both.

pub use restforge_macros::{GenericView, Model, Permission, Serializer, ViewSet};

pub use crate::core::model::Model;
pub use crate::core::types::{
    Date, DateTime, Decimal, Duration, FieldFile, ForeignKey, Json, ManyToMany, OneToOne, Time,
    Uuid,
};
pub use crate::core::value::{FromValue, ToValue, Value};
pub use crate::http::authentication::{
    Authentication, BasicAuthentication, JwtAuthentication, SessionAuthentication,
    TokenAuthentication,
};
pub use crate::http::meta::{GenericView, Serializer, SerializerMeta, ViewSet};
pub use crate::http::permissions::{
    AllowAny, And, IsAdminUser, IsAuthenticated, IsAuthenticatedOrReadOnly, Not, Object, Or,
    Permission,
};

pub use crate::accounts::Accounts;
pub use crate::db::Migrations;
pub use crate::db::query::{Query, Record};
pub use crate::db::signals::{Receiver, Signal, Signals};
pub use crate::http::app::App;
pub use crate::http::error::ApiError;
pub use crate::http::generics::{ActionContext, ActionResponse, Instance, Save, Saved, ViewHooks};
pub use crate::http::pagination::{
    LimitOffsetPagination, PageLinks, PageNumberPagination, Pagination,
};
pub use crate::http::request::Request;
pub use crate::http::router::{DefaultRouter, SimpleRouter};
pub use crate::http::serializer::{Attrs, SerializerHooks};
pub use crate::http::settings::{AutoField, Settings};
