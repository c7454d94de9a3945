//! What generated code imports: `use restforge::prelude::*;`.
//!
//! The derives share their names with the traits they implement (as serde's do), so one
//! import brings both.

pub use restforge_macros::{GenericView, Model, Permission, Serializer, ViewSet};

pub use crate::authentication::{
    Authentication, BasicAuthentication, JwtAuthentication, SessionAuthentication,
    TokenAuthentication,
};
pub use crate::meta::{GenericView, Serializer, ViewSet};
pub use crate::model::Model;
pub use crate::permissions::{
    AllowAny, And, IsAdminUser, IsAuthenticated, IsAuthenticatedOrReadOnly, Not, Object, Or,
    Permission,
};
pub use crate::types::{
    Date, DateTime, Decimal, Duration, FieldFile, ForeignKey, Json, ManyToMany, OneToOne, Time,
    Uuid,
};
pub use crate::value::{FromValue, ToValue, Value};

pub use crate::app::App;
pub use crate::auth::endpoints::Accounts;
pub use crate::db::Migrations;
pub use crate::error::ApiError;
pub use crate::generics::{ActionContext, ActionResponse, Instance, Save, Saved, ViewHooks};
pub use crate::pagination::{LimitOffsetPagination, PageLinks, PageNumberPagination, Pagination};
pub use crate::query::{Query, Record};
pub use crate::request::Request;
pub use crate::router::{DefaultRouter, SimpleRouter};
pub use crate::serializer::{Attrs, SerializerHooks};
pub use crate::settings::{AutoField, Settings};
pub use crate::signals::{Receiver, Signal, Signals};
