//! DRF's exceptions as one error type that renders DRF's exact response.
//!
//! Every failure a request can meet ends up as an [`ApiError`]; its [`IntoResponse`] impl writes
//! the status, the `{"detail": …}` (or validation tree) body and the headers DRF's default
//! exception handler writes, byte for byte (DRF-CONTRACT §2).
//!
//! ```
//! use axum::response::IntoResponse;
//! use restforge::http::error::{ApiError, AuthChallenge};
//!
//! let response = ApiError::NotAuthenticated(AuthChallenge::header("Token")).into_response();
//! assert_eq!(response.status(), 401);
//! assert_eq!(response.headers()["www-authenticate"], "Token");
//! ```

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use indexmap::IndexMap;
use serde::Serialize;

use crate::core::json::JsonParseError;

/// The key DRF uses for errors that belong to no single field (`NON_FIELD_ERRORS_KEY`).
pub const NON_FIELD_ERRORS: &str = "non_field_errors";

/// The detail DRF's `ParseError` carries when no parser gave a better one.
pub const MALFORMED_REQUEST: &str = "Malformed request.";

/// The detail of DRF's `NotFound` when no model message applies.
pub const NOT_FOUND: &str = "Not found.";

/// What to say in `WWW-Authenticate` when authentication is missing or wrong.
///
/// DRF asks the view's **first** authentication class for a header (§2.1): a class that has
/// one (Basic, Token, JWT) turns `NotAuthenticated`/`AuthenticationFailed` into a 401 carrying
/// it; a class that has none (Session) turns the same error into a 403 without the header.
///
/// ```
/// use restforge::http::error::AuthChallenge;
///
/// assert_eq!(AuthChallenge::basic("api").value(), Some("Basic realm=\"api\""));
/// assert_eq!(AuthChallenge::none().value(), None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthChallenge(Option<String>);

impl AuthChallenge {
    /// No challenge: the failure is reported as 403 (SessionAuthentication, or no authenticator).
    pub fn none() -> Self {
        Self(None)
    }

    /// A challenge sent verbatim as `WWW-Authenticate`, e.g. `Token` (TokenAuthentication's
    /// keyword); the failure is reported as 401.
    pub fn header(value: impl Into<String>) -> Self {
        Self(Some(value.into()))
    }

    /// `Basic realm="<realm>"`, BasicAuthentication's challenge (DRF's realm is `api`).
    pub fn basic(realm: &str) -> Self {
        Self::header(format!("Basic realm=\"{realm}\""))
    }

    /// `Bearer realm="<realm>"`, simplejwt's challenge (DRF's realm is `api`).
    pub fn bearer(realm: &str) -> Self {
        Self::header(format!("Bearer realm=\"{realm}\""))
    }

    /// The header value, if this challenge has one.
    pub fn value(&self) -> Option<&str> {
        self.0.as_deref()
    }

    fn status(&self) -> StatusCode {
        if self.0.is_some() {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::FORBIDDEN
        }
    }
}

/// Validation errors as DRF renders them: every leaf is a list of messages, inner nodes map a
/// field name (or a list index, as a string) to its errors, in the order they were added.
///
/// The order is the serializer's declared field order, so the map is an [`IndexMap`], never a
/// `HashMap`.
///
/// ```
/// use restforge::http::error::ErrorTree;
///
/// let mut item = ErrorTree::new();
/// item.add("name", "This field is required.");
/// let mut errors = ErrorTree::new();
/// errors.add("title", "This field may not be blank.");
/// errors.insert("items", ErrorTree::indexed([(1, item)]));
/// assert_eq!(
///     serde_json::to_string(&errors).unwrap(),
///     r#"{"title":["This field may not be blank."],"items":{"1":{"name":["This field is required."]}}}"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ErrorTree {
    /// A leaf: the messages for one field (or a bare `["x"]` body).
    Messages(Vec<String>),
    /// A nested serializer, or a list's failing items keyed by index.
    Fields(IndexMap<String, ErrorTree>),
}

impl Default for ErrorTree {
    fn default() -> Self {
        Self::new()
    }
}

impl ErrorTree {
    /// An empty object of field errors.
    pub fn new() -> Self {
        Self::Fields(IndexMap::new())
    }

    /// A leaf holding these messages.
    pub fn messages<I, S>(messages: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self::Messages(messages.into_iter().map(Into::into).collect())
    }

    /// `{"non_field_errors": [message]}`, the shape of a `validate()` or top-level type error.
    pub fn non_field(message: impl Into<String>) -> Self {
        let mut tree = Self::new();
        tree.add(NON_FIELD_ERRORS, message);
        tree
    }

    /// Errors of a list's items keyed by their index (DRF ≥ 3.18 `many=True`, and ListField).
    pub fn indexed(items: impl IntoIterator<Item = (usize, ErrorTree)>) -> Self {
        Self::Fields(
            items
                .into_iter()
                .map(|(i, tree)| (i.to_string(), tree))
                .collect(),
        )
    }

    /// Appends `message` to `field`'s list, creating it at the end of the order if new.
    ///
    /// Adding to a field that already holds a nested tree, or to a leaf, is a programming error
    /// and panics: DRF never mixes the two shapes under one key.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        let Self::Fields(map) = self else {
            panic!("ErrorTree::add on a message list");
        };
        match map
            .entry(field.to_owned())
            .or_insert_with(|| Self::Messages(Vec::new()))
        {
            Self::Messages(messages) => messages.push(message.into()),
            Self::Fields(_) => panic!("ErrorTree::add on nested field `{field}`"),
        }
    }

    /// Sets `field`'s errors to `tree` (a nested serializer's errors, or a list of messages).
    pub fn insert(&mut self, field: &str, tree: ErrorTree) {
        let Self::Fields(map) = self else {
            panic!("ErrorTree::insert on a message list");
        };
        map.insert(field.to_owned(), tree);
    }

    /// True when no error was recorded.
    pub fn is_empty(&self) -> bool {
        match self {
            Self::Messages(messages) => messages.is_empty(),
            Self::Fields(map) => map.is_empty(),
        }
    }
}

/// A request failure, rendered as DRF's default exception handler renders it.
///
/// The `Display` text is the detail message; [`ApiError::code`] gives DRF's error code.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the body could not be parsed (`Malformed request.` or a parser's message).
    #[error("{0}")]
    ParseError(String),
    /// 401/403: credentials were given and are wrong.
    #[error("{message}")]
    AuthenticationFailed {
        /// The detail, `Incorrect authentication credentials.` by default.
        message: String,
        /// The first authenticator's challenge, which decides 401 vs 403.
        challenge: AuthChallenge,
    },
    /// 401/403: credentials were given and are wrong, with a body of more than `detail`
    /// (simplejwt's `{"detail": …, "code": …, "messages": […]}`), rendered as it is.
    #[error("{}", .body.get("detail").and_then(serde_json::Value::as_str).unwrap_or_default())]
    AuthenticationFailedWith {
        /// The whole body, in order.
        body: serde_json::Map<String, serde_json::Value>,
        /// The first authenticator's challenge, which decides 401 vs 403.
        challenge: AuthChallenge,
    },
    /// 401/403: no credentials were given to a view that needs them.
    #[error("Authentication credentials were not provided.")]
    NotAuthenticated(AuthChallenge),
    /// 403 with the permission's message.
    #[error("{0}")]
    PermissionDenied(String),
    /// 404 with `Not found.` or `No Post matches the given query.`.
    #[error("{0}")]
    NotFound(String),
    /// 405 for the given method, upper-cased in the message.
    #[error("Method \"{}\" not allowed.", .0.to_uppercase())]
    MethodNotAllowed(String),
    /// 406: no renderer matches `Accept`.
    #[error("Could not satisfy the request Accept header.")]
    NotAcceptable,
    /// 415 for the request's media type (`""` when the request had none).
    #[error("Unsupported media type \"{0}\" in request.")]
    UnsupportedMediaType(String),
    /// 413: the body is over the configured limit.
    ///
    /// DRF has no such exception (Django answers an over-size form with an HTML 400), so this
    /// keeps DRF's `{"detail": …}` shape with the status HTTP defines for the case, which is also
    /// what axum's body limit answers.
    #[error("Request body is too large.")]
    PayloadTooLarge,
    /// 429; `wait` is the whole number of seconds until a retry can succeed, when known.
    #[error("{}", throttled_detail(*.wait))]
    Throttled {
        /// Seconds to wait, already rounded up.
        wait: Option<u64>,
    },
    /// 400 with the tree of field errors.
    #[error("Invalid input.")]
    ValidationError(ErrorTree),
    /// 500 `A server error occurred.`; the cause is logged, never sent.
    #[error("A server error occurred.")]
    InternalError(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A request Django itself refuses while DRF reads its body (a `SuspiciousOperation`:
    /// `RequestDataTooBig`, `TooManyFieldsSent`, `TooManyFilesSent`): Django's HTML 400 page.
    /// The reason is logged, not sent.
    #[error("{0}")]
    SuspiciousRequest(&'static str),
}

/// Django's `DATA_UPLOAD_MAX_MEMORY_SIZE`: the most bytes of a body that is not a multipart
/// upload (and of a multipart body's non-file fields).
pub const DATA_UPLOAD_MAX_MEMORY_SIZE: usize = 2_621_440;

/// Django's `DATA_UPLOAD_MAX_NUMBER_FIELDS`.
pub const DATA_UPLOAD_MAX_NUMBER_FIELDS: usize = 1000;

/// Django's `DATA_UPLOAD_MAX_NUMBER_FILES`.
pub const DATA_UPLOAD_MAX_NUMBER_FILES: usize = 100;

fn throttled_detail(wait: Option<u64>) -> String {
    match wait {
        None => "Request was throttled.".to_owned(),
        Some(1) => "Request was throttled. Expected available in 1 second.".to_owned(),
        Some(n) => format!("Request was throttled. Expected available in {n} seconds."),
    }
}

impl ApiError {
    /// `ParseError` with DRF's default `Malformed request.`.
    pub fn malformed() -> Self {
        Self::ParseError(MALFORMED_REQUEST.to_owned())
    }

    /// `AuthenticationFailed` with DRF's default `Incorrect authentication credentials.`.
    pub fn authentication_failed(challenge: AuthChallenge) -> Self {
        Self::AuthenticationFailed {
            message: "Incorrect authentication credentials.".to_owned(),
            challenge,
        }
    }

    /// `AuthenticationFailed(message)` as a class raises it; the view's first class decides
    /// the status and challenge.
    pub fn authentication_failed_with(message: impl Into<String>) -> Self {
        Self::AuthenticationFailed {
            message: message.into(),
            challenge: AuthChallenge::none(),
        }
    }

    /// `PermissionDenied` with DRF's default `You do not have permission to perform this action.`.
    pub fn permission_denied() -> Self {
        Self::PermissionDenied("You do not have permission to perform this action.".to_owned())
    }

    /// `ValidationError(message)` as a hook raises it: `["message"]` from a view, under the
    /// field from `validate_<field>`, under `non_field_errors` from `validate`.
    pub fn validation(message: impl Into<String>) -> Self {
        Self::ValidationError(ErrorTree::messages([message]))
    }

    /// `ValidationError({field: [message]})`.
    pub fn field_error(field: &str, message: impl Into<String>) -> Self {
        let mut tree = ErrorTree::new();
        tree.add(field, message);
        Self::ValidationError(tree)
    }

    /// `NotFound` with DRF's default `Not found.` (an unconvertible lookup, an unknown format).
    pub fn not_found() -> Self {
        Self::NotFound(NOT_FOUND.to_owned())
    }

    /// `NotFound` for a lookup that parsed but matched no row: `No Post matches the given query.`
    /// (`model` is the model's class name).
    pub fn no_match(model: &str) -> Self {
        Self::NotFound(format!("No {model} matches the given query."))
    }

    /// `Throttled` from a wait in seconds as the throttle computes it; DRF rounds it up.
    pub fn throttled(wait: Option<f64>) -> Self {
        tracing::warn!(target: "restforge::security", wait_seconds = ?wait, "request throttled");
        // A wait is never negative in DRF's formula, but clock skew in a shared store could make
        // it so; clamp rather than wrap.
        Self::Throttled {
            wait: wait.map(|w| w.ceil().max(0.0) as u64),
        }
    }

    /// `InternalError` wrapping any error; the wrapped error is only logged.
    pub fn internal(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::InternalError(error.into())
    }

    /// The HTTP status DRF answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::ParseError(_) | Self::ValidationError(_) => StatusCode::BAD_REQUEST,
            Self::AuthenticationFailed { challenge, .. }
            | Self::AuthenticationFailedWith { challenge, .. }
            | Self::NotAuthenticated(challenge) => challenge.status(),
            Self::PermissionDenied(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            Self::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::InternalError(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::SuspiciousRequest(_) => StatusCode::BAD_REQUEST,
        }
    }

    /// Whether Django answers this error itself, with its HTML page, outside DRF (no `Allow`,
    /// no DRF `Vary`): an unexpected failure, or a request Django refuses.
    pub fn is_django_page(&self) -> bool {
        matches!(self, Self::InternalError(_) | Self::SuspiciousRequest(_))
    }

    /// DRF's error code (`not_found`, `throttled`, …). Not on the wire with the default handler,
    /// but simplejwt and custom handlers use it.
    pub fn code(&self) -> &'static str {
        match self {
            Self::ParseError(_) => "parse_error",
            Self::AuthenticationFailed { .. } | Self::AuthenticationFailedWith { .. } => {
                "authentication_failed"
            }
            Self::NotAuthenticated(_) => "not_authenticated",
            Self::PermissionDenied(_) => "permission_denied",
            Self::NotFound(_) => "not_found",
            Self::MethodNotAllowed(_) => "method_not_allowed",
            Self::NotAcceptable => "not_acceptable",
            Self::UnsupportedMediaType(_) => "unsupported_media_type",
            Self::PayloadTooLarge => "payload_too_large",
            Self::Throttled { .. } => "throttled",
            Self::ValidationError(_) => "invalid",
            Self::InternalError(_) => "error",
            Self::SuspiciousRequest(_) => "suspicious_operation",
        }
    }

    /// The JSON body DRF writes: the validation tree as it is, otherwise `{"detail": "…"}`.
    pub fn body(&self) -> Vec<u8> {
        #[derive(Serialize)]
        struct Detail<'a> {
            detail: &'a str,
        }
        match self {
            Self::ValidationError(tree) => crate::core::json::to_vec(tree),
            Self::AuthenticationFailedWith { body, .. } => crate::core::json::to_vec(body),
            other => crate::core::json::to_vec(&Detail {
                detail: &other.to_string(),
            }),
        }
    }
}

/// Django's page for an unhandled exception with `DEBUG = False` (`server_error` without a
/// `500.html`): what a DRF view that raises anything but an `APIException` answers.
pub const SERVER_ERROR_HTML: &str = "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n";

/// Django's page for a `SuspiciousOperation` (`bad_request` without a `400.html`).
pub const BAD_REQUEST_HTML: &str = "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Bad Request (400)</title>\n</head>\n<body>\n  <h1>Bad Request (400)</h1><p></p>\n</body>\n</html>\n";

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::SuspiciousRequest(reason) = &self {
            tracing::warn!(target: "restforge::security", "request refused: {reason}");
            let mut response = (StatusCode::BAD_REQUEST, BAD_REQUEST_HTML).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            return response;
        }
        if let Self::InternalError(cause) = &self {
            // The cause goes to the log (the access log writes it with the request line),
            // never to the client.
            let mut response =
                (StatusCode::INTERNAL_SERVER_ERROR, SERVER_ERROR_HTML).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            response
                .extensions_mut()
                .insert(crate::http::access_log::ServerErrorCause::of(
                    cause.as_ref(),
                ));
            return response;
        }
        let mut response = (self.status(), self.body()).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(crate::core::json::CONTENT_TYPE),
        );
        match &self {
            // DRF sends Retry-After only for a non-zero wait (`if getattr(exc, 'wait', None)`).
            Self::Throttled { wait: Some(n) } if *n > 0 => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(*n));
            }
            Self::AuthenticationFailed { challenge, .. }
            | Self::AuthenticationFailedWith { challenge, .. }
            | Self::NotAuthenticated(challenge) => {
                // A challenge that is not a valid header value is a configuration bug; DRF would
                // send it anyway, we drop it rather than fail the response.
                if let Some(value) = challenge
                    .value()
                    .and_then(|v| HeaderValue::from_str(v).ok())
                {
                    headers.insert(header::WWW_AUTHENTICATE, value);
                }
            }
            _ => {}
        }
        response
    }
}

impl From<ErrorTree> for ApiError {
    fn from(tree: ErrorTree) -> Self {
        Self::ValidationError(tree)
    }
}

impl From<JsonParseError> for ApiError {
    fn from(error: JsonParseError) -> Self {
        ApiError::ParseError(error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::to_bytes;

    async fn render(error: ApiError) -> (u16, Vec<(String, String)>, String) {
        let response = error.into_response();
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_owned()))
            .collect();
        let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (status, headers, String::from_utf8(body.to_vec()).unwrap())
    }

    fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    #[tokio::test]
    async fn every_exception_renders_drf_status_and_detail() {
        let cases = [
            (
                ApiError::malformed(),
                400,
                r#"{"detail":"Malformed request."}"#,
            ),
            (
                ApiError::authentication_failed(AuthChallenge::header("Token")),
                401,
                r#"{"detail":"Incorrect authentication credentials."}"#,
            ),
            (
                ApiError::NotAuthenticated(AuthChallenge::basic("api")),
                401,
                r#"{"detail":"Authentication credentials were not provided."}"#,
            ),
            (
                ApiError::permission_denied(),
                403,
                r#"{"detail":"You do not have permission to perform this action."}"#,
            ),
            (ApiError::not_found(), 404, r#"{"detail":"Not found."}"#),
            (
                ApiError::no_match("Post"),
                404,
                r#"{"detail":"No Post matches the given query."}"#,
            ),
            (
                ApiError::MethodNotAllowed("trace".into()),
                405,
                r#"{"detail":"Method \"TRACE\" not allowed."}"#,
            ),
            (
                ApiError::NotAcceptable,
                406,
                r#"{"detail":"Could not satisfy the request Accept header."}"#,
            ),
            (
                ApiError::UnsupportedMediaType("text/plain".into()),
                415,
                r#"{"detail":"Unsupported media type \"text/plain\" in request."}"#,
            ),
            (
                ApiError::UnsupportedMediaType(String::new()),
                415,
                r#"{"detail":"Unsupported media type \"\" in request."}"#,
            ),
            (
                ApiError::PayloadTooLarge,
                413,
                r#"{"detail":"Request body is too large."}"#,
            ),
        ];
        for (error, status, body) in cases {
            let (got_status, headers, got_body) = render(error).await;
            assert_eq!((got_status, got_body.as_str()), (status, body));
            assert_eq!(header(&headers, "content-type"), Some("application/json"));
        }
        // An unexpected failure is Django's HTML 500 page; its cause is only logged.
        let (status, headers, body) = render(ApiError::internal("secret path /etc/db")).await;
        assert_eq!((status, body.as_str()), (500, SERVER_ERROR_HTML));
        assert_eq!(
            header(&headers, "content-type"),
            Some("text/html; charset=utf-8")
        );
    }

    #[tokio::test]
    async fn challenge_decides_401_with_header_or_403_without() {
        let (status, headers, _) =
            render(ApiError::NotAuthenticated(AuthChallenge::header("Token"))).await;
        assert_eq!(status, 401);
        assert_eq!(header(&headers, "www-authenticate"), Some("Token"));

        let (status, headers, body) =
            render(ApiError::NotAuthenticated(AuthChallenge::none())).await;
        assert_eq!(status, 403);
        assert_eq!(header(&headers, "www-authenticate"), None);
        assert_eq!(
            body,
            r#"{"detail":"Authentication credentials were not provided."}"#
        );

        let (status, headers, _) = render(ApiError::authentication_failed(AuthChallenge::bearer(
            "api",
        )))
        .await;
        assert_eq!(status, 401);
        assert_eq!(
            header(&headers, "www-authenticate"),
            Some("Bearer realm=\"api\"")
        );
    }

    #[tokio::test]
    async fn throttled_wait_is_rounded_up_and_pluralised() {
        let (status, headers, body) = render(ApiError::throttled(Some(59.2))).await;
        assert_eq!(status, 429);
        assert_eq!(header(&headers, "retry-after"), Some("60"));
        assert_eq!(
            body,
            r#"{"detail":"Request was throttled. Expected available in 60 seconds."}"#
        );

        let (_, headers, body) = render(ApiError::throttled(Some(0.3))).await;
        assert_eq!(header(&headers, "retry-after"), Some("1"));
        assert_eq!(
            body,
            r#"{"detail":"Request was throttled. Expected available in 1 second."}"#
        );

        let (_, headers, body) = render(ApiError::throttled(None)).await;
        assert_eq!(header(&headers, "retry-after"), None);
        assert_eq!(body, r#"{"detail":"Request was throttled."}"#);
    }

    #[tokio::test]
    async fn validation_errors_keep_declared_order_and_shapes() {
        let mut item = ErrorTree::new();
        item.add("name", "This field is required.");
        item.add("qty", "A valid integer is required.");
        let mut tree = ErrorTree::new();
        // Declared order z, a: a HashMap would likely print them the other way round.
        tree.add("zeta", "This field may not be null.");
        tree.add("alpha", "This field is required.");
        tree.add("alpha", "Second message.");
        tree.insert("items", ErrorTree::indexed([(1, item)]));
        tree.insert(
            "tags",
            ErrorTree::indexed([(0, ErrorTree::messages(["A valid integer is required."]))]),
        );
        let (status, _, body) = render(tree.into()).await;
        assert_eq!(status, 400);
        assert_eq!(
            body,
            concat!(
                r#"{"zeta":["This field may not be null."],"#,
                r#""alpha":["This field is required.","Second message."],"#,
                r#""items":{"1":{"name":["This field is required."],"qty":["A valid integer is required."]}},"#,
                r#""tags":{"0":["A valid integer is required."]}}"#
            )
        );

        let (_, _, body) = render(ErrorTree::messages(["x"]).into()).await;
        assert_eq!(body, r#"["x"]"#);
        let (_, _, body) = render(
            ErrorTree::non_field("Invalid data. Expected a dictionary, but got list.").into(),
        )
        .await;
        assert_eq!(
            body,
            r#"{"non_field_errors":["Invalid data. Expected a dictionary, but got list."]}"#
        );
    }

    #[test]
    fn parse_error_becomes_a_400_detail() {
        let api: ApiError = crate::core::json::parse(b"{").unwrap_err().into();
        assert_eq!(api.status(), 400);
        assert_eq!(
            String::from_utf8(api.body()).unwrap(),
            r#"{"detail":"JSON parse error - Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"}"#
        );
    }
}
