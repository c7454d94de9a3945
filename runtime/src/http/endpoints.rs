//! Views the site serves by path next to its routers, as a Django project lists
//! `path("api/rest-auth/", include(...))` beside `router.urls`.
//!
//! The account endpoints ([`crate::accounts::Accounts`]) are the one set the runtime ships;
//! [`Settings::accounts`](crate::http::settings::Settings::accounts) mounts them. The trait lets
//! the HTTP layer serve them without depending on the layer that implements them.

use std::fmt;

use axum::response::Response;
use futures_util::future::BoxFuture;

use crate::http::app::AppState;
use crate::http::request::RequestContext;

/// A set of endpoints found by path.
pub trait Endpoints: fmt::Debug + Send + Sync {
    /// Whether one of these endpoints answers `path` (percent-decoded, with its leading `/`).
    /// The site asks before routers, `/media/` and its 404.
    fn matches(&self, path: &str) -> bool;

    /// Answers a request to `path`, which [`Endpoints::matches`]. Never fails: every error
    /// is DRF's (or Django's) response.
    fn serve<'a>(
        &'a self,
        path: &'a str,
        state: &'a AppState,
        ctx: &'a mut RequestContext,
    ) -> BoxFuture<'a, Response>;
}
