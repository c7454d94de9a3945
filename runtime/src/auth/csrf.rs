//! Django 5.2's CSRF protection (`CsrfViewMiddleware`) as DRF's `SessionAuthentication`
//! applies it: only to requests a session authenticated, only to unsafe methods, with Django's
//! failure reasons word for word (DRF-CONTRACT §5.3).
//!
//! The `csrftoken` cookie holds a 32-character `[a-zA-Z0-9]` secret; the request repeats it in
//! the `X-CSRFToken` header or the `csrfmiddlewaretoken` form field, either as the secret
//! itself or masked (64 characters: a random mask, then the secret shifted by it).
//!
//! ```
//! use restforge::auth::csrf::{mask, new_secret, unmask};
//!
//! let secret = new_secret();
//! let token = mask(&secret);
//! assert_eq!(token.len(), 64);
//! assert_eq!(unmask(&token), secret);
//! ```

use axum::http::{HeaderMap, Method, header};
use rand::distr::{Alphanumeric, SampleString};

use crate::auth::session::cookie;
use crate::auth::signing::constant_time_eq;

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
    /// `http://<Host>`, what `Origin` must equal.
    pub origin: String,
}

/// `CsrfViewMiddleware.process_view` for plain HTTP: `Ok` for safe methods, else the reason
/// the request is refused (`CSRF cookie not set.`, `CSRF token missing.`, …).
pub fn check(request: &CsrfRequest<'_>) -> Result<(), String> {
    if matches!(
        *request.method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    ) {
        return Ok(());
    }
    if let Some(origin) = request.headers.get(header::ORIGIN) {
        let origin = String::from_utf8_lossy(origin.as_bytes());
        if origin != request.origin {
            return Err(format!(
                "Origin checking failed - {origin} does not match any trusted origins."
            ));
        }
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
            origin: "http://testserver".into(),
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

    #[test]
    fn foreign_origin_is_refused() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://evil.example"),
        );
        let result = check(&CsrfRequest {
            method: &Method::DELETE,
            headers: &headers,
            form_token: None,
            origin: "http://testserver".into(),
        });
        assert_eq!(
            result,
            Err(
                "Origin checking failed - http://evil.example does not match any trusted origins."
                    .into()
            )
        );
    }
}
