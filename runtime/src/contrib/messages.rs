//! Django's messages framework as far as a DRF project's API shows it: allauth records a
//! one-time "Successfully signed in as …" message when registration logs the new user in, and
//! Django's default storage puts it in a signed `messages` cookie
//! (`django.contrib.messages.storage.cookie.CookieStorage`). Nothing here reads it back: the
//! API renders no templates; the cookie is what a Django page would show next.
//!
//! ```
//! use restforge::contrib::messages::{Level, cookie_value};
//!
//! // Django 5.2: CookieStorage(request)._encode([Message(25, "…")]) with SECRET_KEY "secret",
//! // at the timestamp b62 "1xaLmz".
//! let at = restforge::contrib::signing::b62_decode("1xaLmz").unwrap();
//! assert_eq!(
//!     cookie_value(&[(Level::Success, "Successfully signed in as carol.")], "secret", at),
//!     "W1siX19qc29uX21lc3NhZ2UiLDAsMjUsIlN1Y2Nlc3NmdWxseSBzaWduZWQgaW4gYXMgY2Fyb2wuIl1d\
//!      :1xaLmz:4fDXzkpz9Yt5nb2kLhVETT2NkxNkYzGgCfrkhVdGueo"
//! );
//! ```

use axum::http::HeaderValue;

use crate::contrib::signing;

/// The cookie's name (`MESSAGE_COOKIE_NAME`).
pub const MESSAGES_COOKIE: &str = "messages";

/// A message's level (`django.contrib.messages.constants`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// `messages.SUCCESS`.
    Success = 25,
}

/// The signed cookie value Django's `CookieStorage._encode` writes for `messages` at
/// `timestamp` (seconds since the epoch): the messages as `["__json_message", 0, level, text]`
/// JSON, compressed when shorter, signed by the cookie signer with the salt
/// `django.contrib.messages`.
pub fn cookie_value(messages: &[(Level, &str)], secret: &str, timestamp: u64) -> String {
    let encoded: Vec<serde_json::Value> = messages
        .iter()
        .map(|(level, text)| serde_json::json!(["__json_message", 0, *level as u8, text]))
        .collect();
    let json = serde_json::to_vec(&encoded).unwrap_or_default();
    signing::dumps(
        &json,
        "django.contrib.messages",
        &signing::cookie_signer_key(secret),
        timestamp,
    )
}

/// `Set-Cookie` for `messages`, as `CookieStorage` sets it: a browser-session cookie with the
/// session cookie's flags (`HttpOnly`, `SESSION_COOKIE_SECURE`).
pub fn set_cookie(messages: &[(Level, &str)], secret: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{MESSAGES_COOKIE}={}; HttpOnly; Path=/; SameSite=Lax{secure}",
        cookie_value(
            messages,
            secret,
            chrono::Utc::now().timestamp().max(0) as u64
        )
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}
