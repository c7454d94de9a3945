//! The HTTP layer, in DRF's modules: the app and its server state ([`app`]), routers, content
//! negotiation, parsers ([`request`]), authentication, permissions, throttling, pagination,
//! generic views and viewsets ([`view`], [`generics`], [`meta`]), serializers and fields,
//! metadata (`OPTIONS`), exceptions ([`error`]), media files, `ALLOWED_HOSTS`, CSRF, the
//! security headers ([`security`]) and the access log ([`access_log`]).
//!
//! It sits on [`crate::core`], [`crate::db`] and [`crate::contrib`].

pub mod access_log;
pub mod app;
pub mod authentication;
pub mod csrf;
pub mod endpoints;
pub mod error;
pub mod fields;
pub mod generics;
pub mod hosts;
pub mod media;
pub mod meta;
pub mod metadata;
pub mod negotiation;
pub mod pagination;
pub mod permissions;
pub mod request;
pub mod router;
pub mod security;
pub mod serializer;
pub mod server;
pub mod settings;
pub mod throttle;
pub mod view;
