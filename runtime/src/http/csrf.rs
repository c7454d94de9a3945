//! Django 5.2's CSRF protection (`CsrfViewMiddleware`) as DRF's `SessionAuthentication`
//! applies it: only to requests a session authenticated, only to unsafe methods, with Django's
//! failure reasons word for word (DRF-CONTRACT §5.3).
//!
//! The `csrftoken` cookie holds a 32-character `[a-zA-Z0-9]` secret; the request repeats it in
//! the `X-CSRFToken` header or the `csrfmiddlewaretoken` form field, either as the secret
//! itself or masked (64 characters: a random mask, then the secret shifted by it).
//!
//! ```
//! use restforge::http::csrf::{mask, new_secret, unmask};
//!
//! let secret = new_secret();
//! let token = mask(&secret);
//! assert_eq!(token.len(), 64);
//! assert_eq!(unmask(&token), secret);
//! ```

use axum::http::{HeaderMap, HeaderValue, Method, header};
use rand::distr::{Alphanumeric, SampleString};

use crate::contrib::sessions::cookie;
use crate::contrib::signing::constant_time_eq;
use crate::http::request::{Body, RequestContext};
use crate::http::settings::Settings;

/// `CSRF_COOKIE_NAME`.
pub const CSRF_COOKIE: &str = "csrftoken";

/// `CSRF_COOKIE_AGE`: a year (52 weeks).
pub const CSRF_COOKIE_AGE: i64 = 31_449_600;

/// The form field carrying the token.
pub const FORM_FIELD: &str = "csrfmiddlewaretoken";

const SECRET_LENGTH: usize = 32;
const TOKEN_LENGTH: usize = 64;
const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// A new secret for the `csrftoken` cookie (`_get_new_csrf_string`).
pub fn new_secret() -> String {
    Alphanumeric.sample_string(&mut rand::rng(), SECRET_LENGTH)
}

fn index(c: u8) -> usize {
    CHARS.iter().position(|&x| x == c).unwrap_or(0)
}

/// `_mask_cipher_secret`: a random mask followed by each secret character shifted by it.
pub fn mask(secret: &str) -> String {
    let mask = new_secret();
    let cipher: String = secret
        .bytes()
        .zip(mask.bytes())
        .map(|(s, m)| char::from(CHARS[(index(s) + index(m)) % CHARS.len()]))
        .collect();
    format!("{mask}{cipher}")
}

/// `_unmask_cipher_token`: the secret inside a 64-character token.
pub fn unmask(token: &str) -> String {
    let (mask, cipher) = token.split_at(token.len().min(SECRET_LENGTH));
    cipher
        .bytes()
        .zip(mask.bytes())
        .map(|(c, m)| char::from(CHARS[(index(c) + CHARS.len() - index(m)) % CHARS.len()]))
        .collect()
}

/// `_check_token_format`: the reason a token is malformed, if it is.
fn format_problem(token: &str) -> Option<&'static str> {
    if token.len() != SECRET_LENGTH && token.len() != TOKEN_LENGTH {
        Some("has incorrect length")
    } else if !token.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Some("has invalid characters")
    } else {
        None
    }
}

/// What the check needs from the request.
#[derive(Debug)]
pub struct CsrfRequest<'a> {
    pub method: &'a Method,
    pub headers: &'a HeaderMap,
    /// The `csrfmiddlewaretoken` field of a url-encoded or multipart POST body, if any.
    pub form_token: Option<String>,
    /// The request's `Host` (already allowed by `ALLOWED_HOSTS`).
    pub host: &'a str,
    /// Whether the request came over HTTPS (`request.is_secure()`).
    pub secure: bool,
    /// `CSRF_TRUSTED_ORIGINS`.
    pub trusted_origins: &'a [String],
}

impl<'a> CsrfRequest<'a> {
    /// The check's view of a request, under the project's settings.
    pub fn of(ctx: &'a RequestContext, settings: &'a Settings) -> Self {
        CsrfRequest {
            method: &ctx.method,
            headers: &ctx.headers,
            form_token: form_token(ctx),
            host: ctx.host(),
            secure: ctx.secure,
            trusted_origins: &settings.csrf_trusted_origins,
        }
    }

    /// `_origin_verified`: the server's own origin, an exact trusted origin, or a host below a
    /// `scheme://*.domain` pattern with the same scheme.
    fn origin_verified(&self, origin: &str) -> bool {
        let scheme = if self.secure { "https" } else { "http" };
        if origin == format!("{scheme}://{}", self.host) {
            return true;
        }
        if self
            .trusted_origins
            .iter()
            .any(|trusted| !trusted.contains('*') && trusted == origin)
        {
            return true;
        }
        let Some((origin_scheme, rest)) = origin.split_once("://") else {
            return false;
        };
        let origin_netloc = netloc(rest);
        self.trusted_origins.iter().any(|trusted| {
            trusted.contains('*')
                && trusted.split_once("://").is_some_and(|(scheme, rest)| {
                    scheme == origin_scheme
                        && crate::http::hosts::is_same_domain(
                            origin_netloc,
                            netloc(rest).trim_start_matches('*'),
                        )
                })
        })
    }

    /// `_check_referer`, for HTTPS requests without `Origin`: a Referer on HTTPS from this
    /// host or a trusted origin's host.
    fn check_referer(&self) -> Result<(), String> {
        let Some(referer) = self.headers.get(header::REFERER) else {
            return Err("Referer checking failed - no Referer.".into());
        };
        let referer = String::from_utf8_lossy(referer.as_bytes());
        let malformed = || "Referer checking failed - Referer is malformed.".to_string();
        let (scheme, rest) = referer.split_once("://").ok_or_else(malformed)?;
        let referer_netloc = netloc(rest);
        if scheme.is_empty() || referer_netloc.is_empty() {
            return Err(malformed());
        }
        if !scheme.eq_ignore_ascii_case("https") {
            return Err(
                "Referer checking failed - Referer is insecure while host is secure.".into(),
            );
        }
        let trusted = self.trusted_origins.iter().any(|origin| {
            origin.split_once("://").is_some_and(|(_, rest)| {
                crate::http::hosts::is_same_domain(
                    referer_netloc,
                    netloc(rest).trim_start_matches('*'),
                )
            })
        });
        if trusted || crate::http::hosts::is_same_domain(referer_netloc, self.host) {
            return Ok(());
        }
        Err(format!(
            "Referer checking failed - {referer} does not match any trusted origins."
        ))
    }
}

/// The network location of what follows `scheme://` (`urlsplit(...).netloc`).
fn netloc(rest: &str) -> &str {
    rest.split(['/', '?', '#']).next().unwrap_or("")
}

/// The `csrftoken` cookie holding `secret` (readable by JavaScript, as Django's default
/// `CSRF_COOKIE_HTTPONLY = False`; `CSRF_COOKIE_SECURE`).
pub fn csrf_cookie(secret: &str, settings: &Settings) -> HeaderValue {
    crate::contrib::sessions::set_cookie(
        CSRF_COOKIE,
        secret,
        CSRF_COOKIE_AGE,
        crate::contrib::sessions::CookieFlags {
            http_only: false,
            secure: settings.csrf_cookie_secure,
        },
    )
}

/// The `csrfmiddlewaretoken` field of a url-encoded body (`request.POST`).
fn form_token(ctx: &RequestContext) -> Option<String> {
    let content_type = ctx.header(header::CONTENT_TYPE)?;
    let media = content_type.split(';').next()?.trim();
    if !media.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        return None;
    }
    let Body::Bytes(bytes) = &ctx.body else {
        return None;
    };
    form_urlencoded::parse(bytes)
        .find(|(key, _)| key == FORM_FIELD)
        .map(|(_, value)| value.into_owned())
}

/// `CsrfViewMiddleware.process_view`: `Ok` for safe methods, else the reason the request is
/// refused (`CSRF cookie not set.`, `CSRF token missing.`, …).
pub fn check(request: &CsrfRequest<'_>) -> Result<(), String> {
    if matches!(
        *request.method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    ) {
        return Ok(());
    }
    if let Some(origin) = request.headers.get(header::ORIGIN) {
        let origin = String::from_utf8_lossy(origin.as_bytes());
        if !request.origin_verified(&origin) {
            return Err(format!(
                "Origin checking failed - {origin} does not match any trusted origins."
            ));
        }
    } else if request.secure {
        request.check_referer()?;
    }
    let secret = match cookie(request.headers, CSRF_COOKIE) {
        None => return Err("CSRF cookie not set.".into()),
        Some(value) => {
            if let Some(problem) = format_problem(value) {
                return Err(format!("CSRF cookie {problem}."));
            }
            if value.len() == TOKEN_LENGTH {
                unmask(value)
            } else {
                value.to_owned()
            }
        }
    };
    let (token, source) = match request.form_token.as_deref().filter(|t| !t.is_empty()) {
        Some(token) if *request.method == Method::POST => (token.to_owned(), "POST".to_owned()),
        _ => match request.headers.get("x-csrftoken") {
            None => return Err("CSRF token missing.".into()),
            Some(value) => (
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
                "the 'X-Csrftoken' HTTP header".to_owned(),
            ),
        },
    };
    if let Some(problem) = format_problem(&token) {
        return Err(format!("CSRF token from {source} {problem}."));
    }
    let token = if token.len() == TOKEN_LENGTH {
        unmask(&token)
    } else {
        token
    };
    // Constant-time comparison, as Django's constant_time_compare.
    if !constant_time_eq(&token, &secret) {
        return Err(format!("CSRF token from {source} incorrect."));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn request(
        cookie: Option<&str>,
        header: Option<&str>,
        form: Option<&str>,
    ) -> Result<(), String> {
        let mut headers = HeaderMap::new();
        if let Some(c) = cookie {
            headers.insert(
                header::COOKIE,
                HeaderValue::from_str(&format!("csrftoken={c}")).unwrap(),
            );
        }
        if let Some(h) = header {
            headers.insert("x-csrftoken", HeaderValue::from_str(h).unwrap());
        }
        check(&CsrfRequest {
            method: &Method::POST,
            headers: &headers,
            form_token: form.map(str::to_owned),
            host: "testserver",
            secure: false,
            trusted_origins: &[],
        })
    }

    #[test]
    fn django_reasons() {
        let secret = "a".repeat(32);
        let other = "b".repeat(32);
        assert_eq!(
            request(None, Some(&secret), None),
            Err("CSRF cookie not set.".into())
        );
        assert_eq!(
            request(Some("abc"), Some(&secret), None),
            Err("CSRF cookie has incorrect length.".into())
        );
        assert_eq!(
            request(Some(&"!".repeat(32)), Some(&secret), None),
            Err("CSRF cookie has invalid characters.".into())
        );
        assert_eq!(
            request(Some(&secret), None, None),
            Err("CSRF token missing.".into())
        );
        assert_eq!(
            request(Some(&secret), Some(&other), None),
            Err("CSRF token from the 'X-Csrftoken' HTTP header incorrect.".into())
        );
        assert_eq!(
            request(Some(&secret), Some("short"), None),
            Err("CSRF token from the 'X-Csrftoken' HTTP header has incorrect length.".into())
        );
        assert_eq!(
            request(Some(&secret), Some(&"-".repeat(32)), None),
            Err("CSRF token from the 'X-Csrftoken' HTTP header has invalid characters.".into())
        );
        assert_eq!(
            request(Some(&secret), None, Some(&other)),
            Err("CSRF token from POST incorrect.".into())
        );
        assert_eq!(
            request(Some(&secret), None, Some("x")),
            Err("CSRF token from POST has incorrect length.".into())
        );
        assert_eq!(request(Some(&secret), Some(&secret), None), Ok(()));
        assert_eq!(request(Some(&secret), Some(&mask(&secret)), None), Ok(()));
        assert_eq!(
            request(Some(&mask(&secret)), None, Some(&secret)),
            Ok(()),
            "masked cookie"
        );
    }

    #[test]
    fn unmask_matches_django() {
        // Python: _unmask_cipher_token("b" * 32 + "c" * 32) == "b" * 32 (c - b = 1 = "b").
        assert_eq!(
            unmask(&format!("{}{}", "b".repeat(32), "c".repeat(32))),
            "b".repeat(32)
        );
    }

    /// A DELETE with a valid token and the given headers, over HTTPS or not.
    fn from(secure: bool, headers: &[(header::HeaderName, &str)]) -> Result<(), String> {
        let secret = "a".repeat(32);
        let mut map = HeaderMap::new();
        map.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("csrftoken={secret}")).unwrap(),
        );
        map.insert("x-csrftoken", HeaderValue::from_str(&secret).unwrap());
        for (name, value) in headers {
            map.insert(name, HeaderValue::from_str(value).unwrap());
        }
        let trusted = [
            "https://app.example.com".to_owned(),
            "https://*.partner.example".to_owned(),
        ];
        check(&CsrfRequest {
            method: &Method::DELETE,
            headers: &map,
            form_token: None,
            host: "api.example.com",
            secure,
            trusted_origins: &trusted,
        })
    }

    #[test]
    fn origins_are_the_server_itself_or_trusted() {
        let origin = |value| from(false, &[(header::ORIGIN, value)]);
        assert_eq!(origin("http://api.example.com"), Ok(()));
        assert_eq!(origin("https://app.example.com"), Ok(()));
        assert_eq!(origin("https://x.partner.example"), Ok(()));
        assert_eq!(
            origin("http://evil.example"),
            Err(
                "Origin checking failed - http://evil.example does not match any trusted origins."
                    .into()
            )
        );
        // The scheme is part of the origin: HTTPS pages are not the HTTP server, and a trusted
        // wildcard keeps its scheme.
        assert!(origin("https://api.example.com").is_err());
        assert!(origin("http://x.partner.example").is_err());
        assert!(origin("https://evil.example/.partner.example").is_err());
        assert_eq!(
            from(true, &[(header::ORIGIN, "https://api.example.com")]),
            Ok(())
        );
        assert!(from(true, &[(header::ORIGIN, "http://api.example.com")]).is_err());
    }

    #[test]
    fn https_requests_without_origin_check_the_referer() {
        let referer = |value| from(true, &[(header::REFERER, value)]);
        assert_eq!(
            from(true, &[]),
            Err("Referer checking failed - no Referer.".into())
        );
        assert_eq!(
            referer("not a url"),
            Err("Referer checking failed - Referer is malformed.".into())
        );
        assert_eq!(
            referer("http://api.example.com/page"),
            Err("Referer checking failed - Referer is insecure while host is secure.".into())
        );
        assert_eq!(
            referer("https://evil.example/x"),
            Err(
                "Referer checking failed - https://evil.example/x does not match any trusted origins."
                    .into()
            )
        );
        assert_eq!(referer("https://api.example.com/api/status/"), Ok(()));
        assert_eq!(referer("https://app.example.com/"), Ok(()));
        assert_eq!(referer("https://b.partner.example/"), Ok(()));
        // Plain HTTP does not look at the Referer (Django's behaviour).
        assert_eq!(from(false, &[]), Ok(()));
    }
}
