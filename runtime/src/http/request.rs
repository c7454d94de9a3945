//! The request as the views see it: method, URL pieces, headers, the authenticated user and a
//! body that is parsed lazily, as DRF parses `request.data` on first read (DRF-CONTRACT §1.6).
//!
//! Parsers: JSON (Python's messages from [`crate::core::json`]), `application/x-www-form-urlencoded`
//! and `multipart/form-data`. An empty body is `{}` whatever its content type; any other content
//! type is 415.
//!
//! ```
//! use restforge::http::request::{BodyLimits, ParsedBody, parse_body};
//!
//! let parsed = parse_body(Some("application/json"), br#"{"bio":"hi"}"#).unwrap();
//! assert_eq!(parsed.data["bio"], "hi");
//! let error = parse_body(Some("text/plain"), b"hi").unwrap_err();
//! assert_eq!(error.to_string(), "Unsupported media type \"text/plain\" in request.");
//! // Django's DATA_UPLOAD_MAX_MEMORY_SIZE.
//! assert_eq!(BodyLimits::default().json, 2_621_440);
//! ```

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, header};
use serde_json::{Map, Value};

use crate::contrib::users::AuthUser;
use crate::db::Database;
use crate::http::app::AppState;
use crate::http::error::{
    ApiError, DATA_UPLOAD_MAX_MEMORY_SIZE, DATA_UPLOAD_MAX_NUMBER_FIELDS,
    DATA_UPLOAD_MAX_NUMBER_FILES,
};

/// The largest bodies accepted, by kind, refused when the view reads them. A JSON or form body
/// over Django's `DATA_UPLOAD_MAX_MEMORY_SIZE` (2.5 MB) gets Django's 400 page; a multipart
/// upload, which Django does not limit, gets 413 over `upload`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyLimits {
    /// JSON and url-encoded bodies.
    pub json: usize,
    /// `multipart/form-data` bodies (file uploads).
    pub upload: usize,
}

impl Default for BodyLimits {
    fn default() -> Self {
        BodyLimits {
            json: DATA_UPLOAD_MAX_MEMORY_SIZE,
            upload: 10 * 1024 * 1024,
        }
    }
}

impl BodyLimits {
    /// The limit for a request with this `Content-Type`.
    pub fn for_content_type(&self, content_type: Option<&str>) -> usize {
        match content_type.map(media_type) {
            Some(media) if media.eq_ignore_ascii_case("multipart/form-data") => self.upload,
            _ => self.json,
        }
    }
}

/// A file part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedFile {
    /// The client's file name, as sent.
    pub filename: String,
    /// The part's `Content-Type`, if any.
    pub content_type: Option<String>,
    /// The file's bytes.
    pub bytes: Bytes,
}

/// A parsed body: DRF's `request.data`.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedBody {
    /// The JSON value, or for forms an object of the fields (the last value of a repeated
    /// name wins, as `QueryDict.__getitem__` does).
    pub data: Value,
    /// File parts by field name (multipart only).
    pub files: Vec<(String, UploadedFile)>,
    /// Whether the input came from an HTML form (form or multipart), which changes how DRF
    /// reads absent and empty fields (`html.is_html_input`).
    pub html: bool,
    /// For forms, every value of each name in the order sent (`QueryDict.getlist`), which
    /// many-to-many fields read; empty for JSON.
    pub lists: Map<String, Value>,
    /// For JSON, the fields whose string had a lone surrogate escape, and the first one
    /// ([`crate::core::json::ParsedJson::lone_surrogates`]).
    pub lone_surrogates: Vec<(String, u32)>,
}

impl ParsedBody {
    /// `{}`: what DRF reads from an empty body.
    pub fn empty(html: bool) -> Self {
        ParsedBody {
            data: Value::Object(Map::new()),
            files: Vec::new(),
            html,
            lists: Map::new(),
            lone_surrogates: Vec::new(),
        }
    }

    /// Every value sent under `name` in a form, DRF's `dictionary.getlist(name)`; `None` when
    /// the name was not sent or the body is not a form.
    ///
    /// ```
    /// use restforge::http::request::parse_body;
    ///
    /// let form = parse_body(Some("application/x-www-form-urlencoded"), b"tags=1&tags=2").unwrap();
    /// assert_eq!(form.data["tags"], "2");
    /// assert_eq!(form.getlist("tags"), Some(&vec!["1".into(), "2".into()]));
    /// ```
    pub fn getlist(&self, name: &str) -> Option<&Vec<Value>> {
        match self.lists.get(name) {
            Some(Value::Array(values)) => Some(values),
            _ => None,
        }
    }

    /// The uploaded file sent under `name`, if any.
    pub fn file(&self, name: &str) -> Option<&UploadedFile> {
        self.files
            .iter()
            .rev()
            .find(|(field, _)| field == name)
            .map(|(_, file)| file)
    }
}

/// The body as received: its bytes, or the fact that it was over the limit.
#[derive(Debug, Clone)]
pub enum Body {
    /// The whole body.
    Bytes(Bytes),
    /// The body exceeded [`BodyLimits`]; reading `request.data` is a 413.
    TooLarge,
}

/// The request as a hook sees it: DRF's `self.request`, with `self.action` and the database.
///
/// Every hook (`get_queryset`, `perform_create`, a permission's `has_permission`, a
/// serializer's `validate`, …) receives one. It is cheap to copy.
///
/// ```ignore
/// fn get_queryset(&self, request: &Request<'_>, queryset: Query) -> Result<Query, ApiError> {
///     let user = request.user().ok_or_else(ApiError::permission_denied)?;
///     Ok(queryset.filter_eq("owner", Value::Int(user.id)))
/// }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    context: &'a RequestContext,
    state: &'a AppState,
    action: Option<&'a str>,
}

impl<'a> Request<'a> {
    /// The request `context` served with `state`, for the view action `action`.
    pub fn new(context: &'a RequestContext, state: &'a AppState, action: Option<&'a str>) -> Self {
        Request {
            context,
            state,
            action,
        }
    }

    /// The authenticated user (`request.user`); `None` for an anonymous request.
    pub fn user(&self) -> Option<&'a AuthUser> {
        self.context.user.as_ref()
    }

    /// The method, as sent.
    pub fn method(&self) -> &'a Method {
        &self.context.method
    }

    /// Whether the method is GET, HEAD or OPTIONS (DRF's `SAFE_METHODS`).
    pub fn is_safe_method(&self) -> bool {
        self.context.is_safe_method()
    }

    /// The viewset action being served (`list`, `create`, `retrieve`, `update`,
    /// `partial_update`, `destroy`), DRF's `self.action`; `None` outside a viewset.
    pub fn action(&self) -> Option<&'a str> {
        self.action
    }

    /// A decoded query parameter (`request.query_params.get(name)`).
    pub fn query_param(&self, name: &str) -> Option<String> {
        self.context.query_param(name)
    }

    /// A header as text (`request.headers.get(name)`), when it is visible ASCII.
    pub fn header(&self, name: &str) -> Option<&'a str> {
        self.context.headers.get(name).and_then(|h| h.to_str().ok())
    }

    /// The database the app is served from.
    pub fn db(&self) -> &'a Database {
        &self.state.db
    }

    /// Everything the app shares: settings, signals, the media root.
    pub fn state(&self) -> &'a AppState {
        self.state
    }

    /// The whole request: path, headers, raw body.
    pub fn context(&self) -> &'a RequestContext {
        self.context
    }
}

/// Everything a view reads from the request.
#[derive(Debug, Clone)]
pub struct RequestContext {
    /// The method, as sent.
    pub method: Method,
    /// The path, percent-encoded as received (`/api/status/1/`).
    pub path: String,
    /// The raw query string, without `?`.
    pub query: Option<String>,
    /// The request headers.
    pub headers: HeaderMap,
    /// The user the authentication classes found, if any.
    pub user: Option<AuthUser>,
    /// The body, read but not parsed.
    pub body: Body,
    /// The peer's IP address (Django's `REMOTE_ADDR`), when the server knows it.
    pub remote_addr: Option<String>,
    /// Whether the request came over HTTPS, as `SECURE_PROXY_SSL_HEADER` tells
    /// (Django's `request.is_secure()`).
    pub secure: bool,
    /// Whether the request read Django's session: `SessionAuthentication` ran, or an account
    /// endpoint logged in or out. Django's `SessionMiddleware` then adds `Cookie` to `Vary`.
    pub session_accessed: bool,
}

impl RequestContext {
    /// The `Host` header, as Django's `get_host()` returns it (`testserver`, `127.0.0.1:8000`).
    pub fn host(&self) -> &str {
        self.headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| !h.is_empty())
            .unwrap_or("localhost")
    }

    /// `http` or `https` (Django's `request.scheme`).
    pub fn scheme(&self) -> &'static str {
        if self.secure { "https" } else { "http" }
    }

    /// `scheme://host`, the start of every absolute URL (`request.build_absolute_uri`).
    /// The host has passed `ALLOWED_HOSTS` before any view runs.
    pub fn origin(&self) -> String {
        format!("{}://{}", self.scheme(), self.host())
    }

    /// The absolute URL of the request, with its query string.
    pub fn absolute_url(&self) -> String {
        match &self.query {
            Some(query) if !query.is_empty() => format!("{}{}?{query}", self.origin(), self.path),
            _ => format!("{}{}", self.origin(), self.path),
        }
    }

    /// A decoded query parameter: the last value when repeated, as `QueryDict.get` returns it.
    pub fn query_param(&self, name: &str) -> Option<String> {
        let query = self.query.as_deref()?;
        form_urlencoded::parse(query.as_bytes())
            .filter(|(key, _)| key == name)
            .last()
            .map(|(_, value)| value.into_owned())
    }

    /// A header as text, when it is valid visible ASCII.
    pub fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|h| h.to_str().ok())
    }

    /// Whether the method is safe (GET, HEAD, OPTIONS), DRF's `SAFE_METHODS`.
    pub fn is_safe_method(&self) -> bool {
        matches!(self.method, Method::GET | Method::HEAD | Method::OPTIONS)
    }

    /// Parses the body (DRF's first read of `request.data`).
    pub async fn data(&self) -> Result<ParsedBody, ApiError> {
        match &self.body {
            Body::TooLarge => {
                let content_type = self.header(header::CONTENT_TYPE).map(media_type);
                if content_type.is_some_and(|m| m.eq_ignore_ascii_case("multipart/form-data")) {
                    Err(ApiError::PayloadTooLarge)
                } else {
                    Err(ApiError::SuspiciousRequest(
                        "RequestDataTooBig: the body exceeds DATA_UPLOAD_MAX_MEMORY_SIZE",
                    ))
                }
            }
            Body::Bytes(bytes) => {
                let content_type = self.header(header::CONTENT_TYPE);
                parse_body_async(content_type, bytes.clone()).await
            }
        }
    }
}

/// The media type of a `Content-Type` value, without parameters.
fn media_type(content_type: &str) -> &str {
    content_type.split(';').next().unwrap_or_default().trim()
}

fn is_form(content_type: Option<&str>) -> bool {
    content_type.map(media_type).is_some_and(|m| {
        m.eq_ignore_ascii_case("application/x-www-form-urlencoded")
            || m.eq_ignore_ascii_case("multipart/form-data")
    })
}

/// Parses a JSON or url-encoded body (multipart needs [`RequestContext::data`], which is async).
///
/// Errors: 415 for a content type no parser handles, 400 with the parser's message otherwise.
pub fn parse_body(content_type: Option<&str>, body: &[u8]) -> Result<ParsedBody, ApiError> {
    if body.is_empty() {
        return Ok(ParsedBody::empty(is_form(content_type)));
    }
    let full = content_type.unwrap_or_default();
    let media = media_type(full);
    if media.eq_ignore_ascii_case("application/json") {
        let parsed = crate::core::json::parse_body(body)?;
        return Ok(ParsedBody {
            data: parsed.value,
            files: Vec::new(),
            html: false,
            lists: Map::new(),
            lone_surrogates: parsed.lone_surrogates,
        });
    }
    if media.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        // Python's parse_qsl counts `1 + body.count('&')` fields before parsing.
        if 1 + body.iter().filter(|b| **b == b'&').count() > DATA_UPLOAD_MAX_NUMBER_FIELDS {
            return Err(too_many_fields());
        }
        let mut data = Map::new();
        let mut lists = Map::new();
        for (key, value) in form_urlencoded::parse(body) {
            push_form_value(&mut data, &mut lists, key.into_owned(), value.into_owned());
        }
        return Ok(ParsedBody {
            data: Value::Object(data),
            files: Vec::new(),
            html: true,
            lists,
            lone_surrogates: Vec::new(),
        });
    }
    Err(ApiError::UnsupportedMediaType(full.to_owned()))
}

fn too_many_fields() -> ApiError {
    ApiError::SuspiciousRequest("TooManyFieldsSent: more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS")
}

/// Records one form value: the last one of a name is its value (`QueryDict.__getitem__`),
/// and every one is kept in `lists` (`QueryDict.getlist`).
fn push_form_value(
    data: &mut Map<String, Value>,
    lists: &mut Map<String, Value>,
    key: String,
    value: String,
) {
    let value = Value::String(value);
    match lists.get_mut(&key) {
        Some(Value::Array(values)) => values.push(value.clone()),
        _ => {
            lists.insert(key.clone(), Value::Array(vec![value.clone()]));
        }
    }
    data.insert(key, value);
}

async fn parse_body_async(content_type: Option<&str>, body: Bytes) -> Result<ParsedBody, ApiError> {
    let multipart = content_type
        .map(media_type)
        .is_some_and(|m| m.eq_ignore_ascii_case("multipart/form-data"));
    if !multipart || body.is_empty() {
        return parse_body(content_type, &body);
    }
    parse_multipart(content_type.unwrap_or_default(), body).await
}

/// The `boundary` parameter of a multipart content type, as Django reads it.
fn boundary(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("boundary") {
            return None;
        }
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        (!value.is_empty()).then(|| value.to_owned())
    })
}

async fn parse_multipart(content_type: &str, body: Bytes) -> Result<ParsedBody, ApiError> {
    let fail = |reason: &dyn std::fmt::Display| {
        ApiError::ParseError(format!("Multipart form parse error - {reason}"))
    };
    let Some(boundary) = boundary(content_type) else {
        return Err(fail(&"Invalid boundary in multipart: None"));
    };
    let stream = futures_util::stream::once(std::future::ready(Ok::<Bytes, std::io::Error>(body)));
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut data = Map::new();
    let mut lists = Map::new();
    let mut files = Vec::new();
    // Django's MultiPartParser counts fields, files and the bytes of fields as it reads.
    let (mut fields_read, mut files_read, mut field_bytes) = (0usize, 0usize, 0usize);
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => return Err(fail(&error)),
        };
        let Some(name) = field.name().map(str::to_owned) else {
            continue;
        };
        let filename = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(ToString::to_string);
        if filename.is_some() {
            files_read += 1;
            if files_read > DATA_UPLOAD_MAX_NUMBER_FILES {
                return Err(ApiError::SuspiciousRequest(
                    "TooManyFilesSent: more files than DATA_UPLOAD_MAX_NUMBER_FILES",
                ));
            }
        } else {
            fields_read += 1;
            if fields_read > DATA_UPLOAD_MAX_NUMBER_FIELDS {
                return Err(too_many_fields());
            }
        }
        let bytes = field.bytes().await.map_err(|e| fail(&e))?;
        if filename.is_none() {
            field_bytes += name.len() + 2 + bytes.len();
            if field_bytes > DATA_UPLOAD_MAX_MEMORY_SIZE {
                return Err(ApiError::SuspiciousRequest(
                    "RequestDataTooBig: the form's fields exceed DATA_UPLOAD_MAX_MEMORY_SIZE",
                ));
            }
        }
        match filename {
            // Django skips a file part without a name, as a browser sends an empty file input.
            Some(filename) if filename.is_empty() => {}
            Some(filename) => files.push((
                name,
                UploadedFile {
                    filename,
                    content_type,
                    bytes,
                },
            )),
            None => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                push_form_value(&mut data, &mut lists, name, text);
            }
        }
    }
    Ok(ParsedBody {
        data: Value::Object(data),
        files,
        html: true,
        lists,
        lone_surrogates: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn multipart_body(fields: usize, files: usize) -> (String, Bytes) {
        let mut body = String::new();
        for i in 0..fields {
            body.push_str(&format!(
                "--b\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\nx\r\n"
            ));
        }
        for i in 0..files {
            body.push_str(&format!(
                "--b\r\nContent-Disposition: form-data; name=\"u{i}\"; filename=\"a{i}.txt\"\r\n\r\nx\r\n"
            ));
        }
        body.push_str("--b--\r\n");
        (
            "multipart/form-data; boundary=b".to_owned(),
            Bytes::from(body),
        )
    }

    /// Django 5.2's DATA_UPLOAD_MAX_NUMBER_FIELDS and DATA_UPLOAD_MAX_NUMBER_FILES: past them
    /// the request is refused (a 400 page), checked with DRF 3.18's test client.
    #[tokio::test]
    async fn forms_are_limited_in_fields_and_files_as_django_limits_them() {
        let suspicious = |result: Result<ParsedBody, ApiError>| {
            matches!(result, Err(ApiError::SuspiciousRequest(_)))
        };
        let form = |n: usize| vec!["f=x"; n].join("&");
        let urlencoded = Some("application/x-www-form-urlencoded");
        assert!(parse_body(urlencoded, form(1000).as_bytes()).is_ok());
        assert!(suspicious(parse_body(urlencoded, form(1001).as_bytes())));
        for (fields, files, refused) in [(1000, 100, false), (1001, 0, true), (0, 101, true)] {
            let (content_type, body) = multipart_body(fields, files);
            let parsed = parse_body_async(Some(&content_type), body).await;
            assert_eq!(
                suspicious(parsed),
                refused,
                "{fields} fields, {files} files"
            );
        }
    }

    #[tokio::test]
    async fn empty_body_is_an_empty_object_whatever_the_type() {
        for content_type in [None, Some("text/plain"), Some("application/json")] {
            let parsed = parse_body_async(content_type, Bytes::new()).await.unwrap();
            assert_eq!(parsed.data, serde_json::json!({}));
        }
    }

    #[test]
    fn unsupported_media_type_names_the_whole_header() {
        let error = parse_body(Some("application/xml; charset=utf-8"), b"<a/>").unwrap_err();
        assert_eq!(
            error.to_string(),
            "Unsupported media type \"application/xml; charset=utf-8\" in request."
        );
        let error = parse_body(None, b"x").unwrap_err();
        assert_eq!(error.to_string(), "Unsupported media type \"\" in request.");
    }

    #[test]
    fn json_with_charset_and_python_errors() {
        let parsed = parse_body(Some("application/json; charset=utf-8"), b"[1]").unwrap();
        assert_eq!(parsed.data, serde_json::json!([1]));
        let error = parse_body(Some("application/json"), b"{").unwrap_err();
        assert_eq!(
            error.to_string(),
            "JSON parse error - Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"
        );
    }

    /// Regression: a repeated form name kept only its last value, so a many-to-many field
    /// sent from a form (`tags=1&tags=2`) lost all but one key. The last value is still the
    /// field's value (`QueryDict.__getitem__`); `getlist` has them all.
    #[test]
    fn form_last_value_wins_and_getlist_keeps_every_value() {
        let parsed =
            parse_body(Some("application/x-www-form-urlencoded"), b"a=1&b=x+y&a=2").unwrap();
        assert_eq!(parsed.data, serde_json::json!({"a": "2", "b": "x y"}));
        assert!(parsed.html);
        assert_eq!(
            parsed.getlist("a"),
            Some(&vec![Value::from("1"), Value::from("2")])
        );
        assert_eq!(parsed.getlist("b"), Some(&vec![Value::from("x y")]));
        assert_eq!(parsed.getlist("c"), None);
    }

    #[tokio::test]
    async fn multipart_repeated_names_keep_every_value() {
        let body = "--XX\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\n1\r\n\
                    --XX\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\n3\r\n--XX--\r\n";
        let parsed = parse_body_async(Some("multipart/form-data; boundary=XX"), Bytes::from(body))
            .await
            .unwrap();
        assert_eq!(parsed.data, serde_json::json!({"tags": "3"}));
        assert_eq!(
            parsed.getlist("tags"),
            Some(&vec![Value::from("1"), Value::from("3")])
        );
    }

    #[tokio::test]
    async fn multipart_fields_and_files() {
        let body = "--XX\r\nContent-Disposition: form-data; name=\"bio\"\r\n\r\nhello\r\n\
                    --XX\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"a.png\"\r\n\
                    Content-Type: image/png\r\n\r\nPNG\r\n\
                    --XX\r\nContent-Disposition: form-data; name=\"skip\"; filename=\"\"\r\n\r\n\r\n--XX--\r\n";
        let parsed = parse_body_async(Some("multipart/form-data; boundary=XX"), Bytes::from(body))
            .await
            .unwrap();
        assert_eq!(parsed.data, serde_json::json!({"bio": "hello"}));
        let file = parsed.file("avatar").unwrap();
        assert_eq!(file.filename, "a.png");
        assert_eq!(&file.bytes[..], b"PNG");
        assert!(parsed.file("skip").is_none());
    }

    #[tokio::test]
    async fn multipart_without_boundary() {
        let error = parse_body_async(Some("multipart/form-data"), Bytes::from_static(b"x"))
            .await
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "Multipart form parse error - Invalid boundary in multipart: None"
        );
    }
}
