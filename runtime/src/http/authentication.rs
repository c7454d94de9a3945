//! DRF's authentication classes (DRF-CONTRACT §5): each looks at the request and finds a user,
//! finds nothing (the next class is tried), or fails at once with a 401/403 whose status and
//! `WWW-Authenticate` come from the view's **first** class (§2.1).
//!
//! `TokenAuthentication` (one statement: the token joined to its user), `BasicAuthentication`,
//! `SessionAuthentication` (Django's `sessionid` cookie and `django_session` table; CSRF is
//! enforced once a session authenticated an unsafe request, see [`crate::http::csrf`]) and
//! simplejwt's `JWTAuthentication` (`Authorization: Bearer <access token>`, the scheme
//! compared case-sensitively; see [`crate::contrib::jwt`]).
//!
//! A class of your own implements [`Authentication`] (DRF's `authenticate` and
//! `authenticate_header`) and is named in the settings or a view like the built-ins:
//!
//! ```
//! use restforge::http::authentication::{Authentication, challenge};
//! use restforge::prelude::*;
//! use restforge::contrib::users::AuthUser;
//!
//! /// `X-Api-Key: <token key>`.
//! #[derive(Debug, Clone, Copy, Default)]
//! struct ApiKeyAuthentication;
//!
//! impl Authentication for ApiKeyAuthentication {
//!     async fn authenticate(&self, request: &Request<'_>) -> Result<Option<AuthUser>, ApiError> {
//!         let Some(key) = request.header("x-api-key") else {
//!             return Ok(None); // not this class's credentials: the next class is tried
//!         };
//!         match restforge::contrib::users::user_by_token(request.db(), key).await.map_err(ApiError::internal)? {
//!             Some(user) if user.is_active => Ok(Some(user)),
//!             _ => Err(ApiError::authentication_failed_with("Invalid API key.")),
//!         }
//!     }
//!
//!     fn authenticate_header(&self) -> Option<String> {
//!         Some("Api-Key".into())
//!     }
//! }
//!
//! assert_eq!(challenge(&[&TokenAuthentication, &SessionAuthentication]).value(), Some("Token"));
//! assert_eq!(challenge(&[&BasicAuthentication]).value(), Some("Basic realm=\"api\""));
//! assert_eq!(challenge(&[&JwtAuthentication]).value(), Some("Bearer realm=\"api\""));
//! assert_eq!(challenge(&[&ApiKeyAuthentication]).value(), Some("Api-Key"));
//! assert_eq!(challenge(&[&SessionAuthentication, &TokenAuthentication]).value(), None); // 403
//! ```

use std::fmt;
use std::future::Future;

use axum::http::{HeaderMap, header};
use base64::Engine;
use futures_util::future::BoxFuture;
use serde_json::{Map, Value as Json};

use crate::contrib::users::{self, AuthUser};
use crate::contrib::{jwt, sessions};
use crate::db::Database;
use crate::http::app::AppState;
use crate::http::csrf;
use crate::http::error::{ApiError, AuthChallenge};
use crate::http::meta::AuthenticationScheme;
use crate::http::request::{Request, RequestContext};

/// The realm of Basic and Bearer challenges (DRF's `www_authenticate_realm`).
pub const REALM: &str = "api";

/// An authentication class: DRF's `BaseAuthentication`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an authentication class",
    note = "write `impl restforge::http::authentication::Authentication for {Self}` (in a generated project, in the app's `hooks.rs`)"
)]
pub trait Authentication: fmt::Debug + Send + Sync + 'static {
    /// DRF's `authenticate(request)`: `Ok(Some(user))` when the request carries this class's
    /// credentials and they are good, `Ok(None)` when it carries none (the next class is
    /// tried), an error when they are bad (`ApiError::authentication_failed_with(message)`:
    /// 401 or 403 as the view's first class decides).
    fn authenticate(
        &self,
        request: &Request<'_>,
    ) -> impl Future<Output = Result<Option<AuthUser>, ApiError>> + Send;

    /// DRF's `authenticate_header`: the `WWW-Authenticate` value of a 401 when this class is
    /// the view's first; `None` makes failures 403.
    fn authenticate_header(&self) -> Option<String> {
        None
    }

    /// Which of DRF's classes this is; `None` for a class of your own.
    fn scheme(&self) -> Option<AuthenticationScheme> {
        None
    }
}

/// An [`Authentication`] behind a pointer: what settings and views hold
/// (`&TokenAuthentication` coerces to `&dyn DynAuthentication`). Implemented for every class.
pub trait DynAuthentication: fmt::Debug + Send + Sync {
    /// [`Authentication::authenticate`], boxed.
    fn run<'a>(
        &'a self,
        request: &'a Request<'a>,
    ) -> BoxFuture<'a, Result<Option<AuthUser>, ApiError>>;

    /// [`Authentication::authenticate_header`].
    fn header(&self) -> Option<String>;

    /// [`Authentication::scheme`].
    fn builtin(&self) -> Option<AuthenticationScheme>;
}

impl<A: Authentication> DynAuthentication for A {
    fn run<'a>(
        &'a self,
        request: &'a Request<'a>,
    ) -> BoxFuture<'a, Result<Option<AuthUser>, ApiError>> {
        Box::pin(self.authenticate(request))
    }

    fn header(&self) -> Option<String> {
        self.authenticate_header()
    }

    fn builtin(&self) -> Option<AuthenticationScheme> {
        self.scheme()
    }
}

/// A view's authentication classes, in order.
pub type Authenticators = [&'static dyn DynAuthentication];

/// Declares a built-in class: a unit struct whose `authenticate` runs `$run`.
macro_rules! builtin_authentication {
    ($($(#[$doc:meta])* $name:ident => $scheme:ident, $header:expr, |$request:ident| $run:expr;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
        pub struct $name;

        impl Authentication for $name {
            async fn authenticate(&self, $request: &Request<'_>) -> Result<Option<AuthUser>, ApiError> {
                $run.await.map_err(Failure::into_error)
            }

            fn authenticate_header(&self) -> Option<String> {
                $header
            }

            fn scheme(&self) -> Option<AuthenticationScheme> {
                Some(AuthenticationScheme::$scheme)
            }
        }
    )*};
}

builtin_authentication! {
    /// DRF's `BasicAuthentication`.
    BasicAuthentication => Basic, Some(format!("Basic realm=\"{REALM}\"")),
        |request| basic(&request.context().headers, request.db());
    /// DRF's `TokenAuthentication`.
    TokenAuthentication => Token, Some("Token".to_owned()),
        |request| token(&request.context().headers, request.db());
    /// DRF's `SessionAuthentication`.
    SessionAuthentication => Session, None,
        |request| session_user(request.context(), request.state());
    /// simplejwt's `JWTAuthentication`.
    JwtAuthentication => Jwt, Some(format!("Bearer realm=\"{REALM}\"")),
        |request| bearer(&request.context().headers, request.state());
}

/// The challenge of the first class: what decides 401 (with `WWW-Authenticate`) vs 403.
pub fn challenge(classes: &[&dyn DynAuthentication]) -> AuthChallenge {
    match classes.first().and_then(|class| class.header()) {
        Some(header) => AuthChallenge::header(header),
        None => AuthChallenge::none(),
    }
}

/// Runs the classes in order (DRF's `Request._authenticate`) and records the outcome on the
/// request: the user the first successful class found, and whether the session was read. The
/// first class that fails ends the request, with the first class's challenge.
///
/// The session is read only when `SessionAuthentication` runs, that is when no class before it
/// found a user or failed; Django then adds `Cookie` to `Vary` (see
/// [`RequestContext::session_accessed`]).
pub async fn authenticate(
    classes: &[&dyn DynAuthentication],
    ctx: &mut RequestContext,
    state: &AppState,
    action: Option<&str>,
) -> Result<(), ApiError> {
    let (outcome, session_accessed) = run_classes(classes, ctx, state, action).await;
    ctx.session_accessed |= session_accessed;
    ctx.user = outcome?;
    Ok(())
}

async fn run_classes(
    classes: &[&dyn DynAuthentication],
    ctx: &RequestContext,
    state: &AppState,
    action: Option<&str>,
) -> (Result<Option<AuthUser>, ApiError>, bool) {
    let request = Request::new(ctx, state, action);
    let mut session_accessed = false;
    for class in classes {
        session_accessed |= class.builtin() == Some(AuthenticationScheme::Session);
        let outcome = match class.run(&request).await {
            Ok(None) => continue,
            Ok(Some(user)) => Ok(Some(user)),
            Err(ApiError::AuthenticationFailed { message, .. }) => {
                Err(ApiError::AuthenticationFailed {
                    message,
                    challenge: challenge(classes),
                })
            }
            Err(ApiError::AuthenticationFailedWith { body, .. }) => {
                Err(ApiError::AuthenticationFailedWith {
                    body,
                    challenge: challenge(classes),
                })
            }
            Err(other) => Err(other),
        };
        return (outcome, session_accessed);
    }
    (Ok(None), session_accessed)
}

/// Why a class rejected the request.
enum Failure {
    Message(&'static str),
    /// simplejwt's error bodies (`detail`, `code`, `messages`).
    Body(Map<String, Json>),
    /// Django's CSRF failure reason (a 403, whatever the first class).
    Csrf(String),
    Db(crate::db::DbError),
}

impl Failure {
    /// The error a built-in class raises; the challenge is set by [`authenticate`].
    fn into_error(self) -> ApiError {
        match self {
            Failure::Message(message) => ApiError::authentication_failed_with(message),
            Failure::Body(body) => ApiError::AuthenticationFailedWith {
                body,
                challenge: AuthChallenge::none(),
            },
            Failure::Csrf(reason) => {
                tracing::warn!(target: "restforge::security", "CSRF check failed: {reason}");
                ApiError::PermissionDenied(format!("CSRF Failed: {reason}"))
            }
            Failure::Db(error) => ApiError::internal(error),
        }
    }
}

impl From<crate::db::DbError> for Failure {
    fn from(error: crate::db::DbError) -> Self {
        Failure::Db(error)
    }
}

/// DRF's `SessionAuthentication`: the user of the `sessionid` cookie, if active; then CSRF
/// (`enforce_csrf`) for unsafe methods. An anonymous request is never CSRF-checked.
async fn session_user(ctx: &RequestContext, state: &AppState) -> Result<Option<AuthUser>, Failure> {
    let Some(key) = sessions::cookie(&ctx.headers, sessions::SESSION_COOKIE) else {
        return Ok(None);
    };
    // The session key is only ever compared by the database lookup, never logged.
    let Some(user) = sessions::user_for(&state.db, state.secret_key.expose(), key).await? else {
        return Ok(None);
    };
    csrf::check(&csrf::CsrfRequest::of(ctx, &state.settings)).map_err(Failure::Csrf)?;
    Ok(Some(user))
}

/// A simplejwt error body: `{"detail": …, "code": …}`.
fn jwt_error(detail: &str, code: &str) -> Map<String, Json> {
    let mut body = Map::new();
    body.insert("detail".into(), detail.into());
    body.insert("code".into(), code.into());
    body
}

/// simplejwt's `JWTAuthentication` with `AUTH_HEADER_TYPES = ("Bearer",)`: the keyword is
/// compared case-sensitively, so `bearer …` is someone else's header.
async fn bearer(headers: &HeaderMap, state: &AppState) -> Result<Option<AuthUser>, Failure> {
    let parts = authorization_parts(headers);
    match parts.first() {
        Some(keyword) if *keyword == b"Bearer" => {}
        _ => return Ok(None),
    }
    let [_, raw] = parts.as_slice() else {
        return Err(Failure::Body(jwt_error(
            "Authorization header must contain two space-delimited values",
            "bad_authorization_header",
        )));
    };
    let claims = std::str::from_utf8(raw)
        .map_err(|_| jwt::TokenError::invalid())
        .and_then(|token| {
            jwt::decode(
                token,
                state.secret_key.expose(),
                Some(jwt::TokenType::Access),
                jwt::now(),
            )
        })
        .map_err(|error| {
            let mut body = jwt_error(
                "Given token not valid for any token type",
                "token_not_valid",
            );
            let mut message = Map::new();
            message.insert("token_class".into(), "AccessToken".into());
            message.insert("token_type".into(), "access".into());
            message.insert("message".into(), error.message().into());
            body.insert("messages".into(), Json::Array(vec![Json::Object(message)]));
            Failure::Body(body)
        })?;
    let Some(user_id) = claims.get("user_id") else {
        return Err(Failure::Body(jwt_error(
            "Token contained no recognizable user identification",
            "token_not_valid",
        )));
    };
    // simplejwt 5.5 writes a string and accepts an integer too.
    let user_id = match user_id {
        Json::String(s) => s.parse::<i64>().ok(),
        other => other.as_i64(),
    };
    let user = match user_id {
        Some(id) => users::user_by_id(&state.db, id).await?,
        None => None,
    };
    match user {
        None => Err(Failure::Body(jwt_error("User not found", "user_not_found"))),
        Some(user) if !user.is_active => Err(Failure::Body(jwt_error(
            "User is inactive",
            "user_inactive",
        ))),
        Some(user) => Ok(Some(user)),
    }
}

/// `get_authorization_header(request).split()`: the header's bytes split on ASCII whitespace,
/// as Python's `bytes.split()` does.
fn authorization_parts(headers: &HeaderMap) -> Vec<&[u8]> {
    headers
        .get(header::AUTHORIZATION)
        .map(|value| {
            value
                .as_bytes()
                .split(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
                .filter(|part| !part.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// DRF's `TokenAuthentication` (keyword `Token`, compared case-insensitively).
async fn token(headers: &HeaderMap, db: &Database) -> Result<Option<AuthUser>, Failure> {
    let parts = authorization_parts(headers);
    match parts.first() {
        Some(keyword) if keyword.eq_ignore_ascii_case(b"token") => {}
        _ => return Ok(None),
    }
    let key = match parts.as_slice() {
        [_] => {
            return Err(Failure::Message(
                "Invalid token header. No credentials provided.",
            ));
        }
        [_, key] => *key,
        _ => {
            return Err(Failure::Message(
                "Invalid token header. Token string should not contain spaces.",
            ));
        }
    };
    let key = std::str::from_utf8(key).map_err(|_| {
        Failure::Message(
            "Invalid token header. Token string should not contain invalid characters.",
        )
    })?;
    // The key is only ever compared by the database lookup, never logged.
    match users::user_by_token(db, key).await? {
        None => Err(Failure::Message("Invalid token.")),
        Some(user) if !user.is_active => Err(Failure::Message("User inactive or deleted.")),
        Some(user) => Ok(Some(user)),
    }
}

/// DRF's `BasicAuthentication`.
async fn basic(headers: &HeaderMap, db: &Database) -> Result<Option<AuthUser>, Failure> {
    let parts = authorization_parts(headers);
    match parts.first() {
        Some(keyword) if keyword.eq_ignore_ascii_case(b"basic") => {}
        _ => return Ok(None),
    }
    let encoded = match parts.as_slice() {
        [_] => {
            return Err(Failure::Message(
                "Invalid basic header. No credentials provided.",
            ));
        }
        [_, encoded] => *encoded,
        _ => {
            return Err(Failure::Message(
                "Invalid basic header. Credentials string should not contain spaces.",
            ));
        }
    };
    let (username, password) = decode_basic(encoded).ok_or(Failure::Message(
        "Invalid basic header. Credentials not correctly base64 encoded.",
    ))?;
    // Django's ModelBackend refuses inactive users, so they get the same message as a wrong
    // password (DRF's `User inactive or deleted.` is unreachable with it).
    match users::authenticate(db, &username, &password).await? {
        Some(user) if user.is_active => Ok(Some(user)),
        _ => Err(Failure::Message("Invalid username/password.")),
    }
}

/// `base64.b64decode` (which skips characters outside the alphabet), then UTF-8 or Latin-1,
/// split at the first `:`.
fn decode_basic(encoded: &[u8]) -> Option<(String, String)> {
    let cleaned: Vec<u8> = encoded
        .iter()
        .copied()
        .filter(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
        .collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(cleaned)
        .ok()?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => error.into_bytes().iter().map(|&b| b as char).collect(),
    };
    let (user, password) = text.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(value: &[u8]) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(
            header::AUTHORIZATION,
            HeaderValue::from_bytes(value).unwrap(),
        );
        map
    }

    #[test]
    fn parts_split_on_runs_of_whitespace() {
        let map = headers(b"Token   abc\tdef");
        let parts = authorization_parts(&map);
        assert_eq!(parts, [&b"Token"[..], b"abc", b"def"]);
    }

    #[test]
    fn basic_credentials() {
        assert_eq!(
            decode_basic(b"YWxpY2U6cHc6eA==").unwrap(),
            ("alice".into(), "pw:x".into())
        );
        assert!(decode_basic(b"YWxpY2U").is_none(), "padding is required");
        assert!(decode_basic(b"YWxpY2U=").is_none(), "no colon");
        // Latin-1 when not UTF-8: 0xE9 is é.
        assert_eq!(decode_basic(b"6Tp4").unwrap(), ("é".into(), "x".into()));
    }
}
