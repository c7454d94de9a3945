//! What generated code imports: `use restforge::prelude::*;`.
//!
//! The derives share their names with the traits they implement (as serde's do), so one
//! import brings both.

pub use restforge_macros::{GenericView, Model, Permission, Serializer, ViewSet};

pub use crate::meta::{
    AllowAny, BasicAuthentication, GenericView, IsAdminUser, IsAuthenticated,
    IsAuthenticatedOrReadOnly, JwtAuthentication, Permission, Serializer, SessionAuthentication,
    TokenAuthentication, ViewSet,
};
pub use crate::model::Model;
pub use crate::types::{
    Date, DateTime, Decimal, Duration, FieldFile, ForeignKey, Json, ManyToMany, OneToOne, Time,
    Uuid,
};
pub use crate::value::{FromValue, ToValue, Value};

pub use crate::app::App;
pub use crate::auth::endpoints::Accounts;
pub use crate::db::Migrations;
pub use crate::pagination::{LimitOffsetPagination, PageNumberPagination};
pub use crate::router::{DefaultRouter, SimpleRouter};
pub use crate::settings::{AutoField, Settings};
pub use crate::signals::{Receiver, Signal, Signals};
