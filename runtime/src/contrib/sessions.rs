//! Django's database sessions (`django.contrib.sessions.backends.db`) and the session login of
//! `django.contrib.auth`, stored in Django's `django_session` table in Django's format, so a
//! Django process and a restforge process can read each other's sessions.
//!
//! A session row holds `signing.dumps({"_auth_user_id": "1", "_auth_user_backend": …,
//! "_auth_user_hash": …})`; the hash is `salted_hmac` of the user's password hash, so changing
//! the password ends every other session (Django's `get_session_auth_hash`).
//!
//! ```
//! use restforge::contrib::sessions::{cookie, session_auth_hash};
//! use axum::http::{HeaderMap, HeaderValue, header};
//!
//! let mut headers = HeaderMap::new();
//! headers.insert(header::COOKIE, HeaderValue::from_static("a=1; sessionid=abc; csrftoken=x"));
//! assert_eq!(cookie(&headers, "sessionid"), Some("abc"));
//! assert_eq!(session_auth_hash("pbkdf2_sha256$…", "secret").len(), 64);
//! ```

use axum::http::{HeaderMap, HeaderValue, header};
use rand::distr::{Distribution, slice::Choose};
use serde_json::{Map, Value as Json};

use crate::contrib::signing::{constant_time_eq, dumps, loads, salted_hmac_hex};
use crate::contrib::users::{self, AuthUser};
use crate::core::model::FieldKind;
use crate::core::value::Value;
use crate::db::{Database, DbError, Param};

/// `SESSION_COOKIE_NAME`.
pub const SESSION_COOKIE: &str = "sessionid";

/// `SESSION_COOKIE_AGE`: two weeks.
pub const SESSION_AGE: i64 = 1_209_600;

/// The signing salt of the database backend's `SessionStore`.
const SESSION_SALT: &str = "django.contrib.sessions.SessionStore";

/// The backend Django records for a password login.
pub const MODEL_BACKEND: &str = "django.contrib.auth.backends.ModelBackend";

/// Django's `AbstractBaseUser.get_session_auth_hash()` for a stored password hash.
pub fn session_auth_hash(password_hash: &str, secret: &str) -> String {
    salted_hmac_hex(
        "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
        password_hash,
        secret,
    )
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim_matches('"'))
}

/// The attributes of a cookie beyond its lifetime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CookieFlags {
    /// Hidden from JavaScript.
    pub http_only: bool,
    /// Only sent over HTTPS.
    pub secure: bool,
}

/// `Set-Cookie` for a cookie Django sets: `name=value; expires=…; [HttpOnly; ]Max-Age=…;
/// Path=/; SameSite=Lax[; Secure]` (Python's `SimpleCookie` sorts the attributes).
pub fn set_cookie(name: &str, value: &str, max_age: i64, flags: CookieFlags) -> HeaderValue {
    let expires = (chrono::Utc::now() + chrono::Duration::seconds(max_age))
        .format("%a, %d %b %Y %H:%M:%S GMT");
    let http_only = if flags.http_only { "HttpOnly; " } else { "" };
    let secure = if flags.secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; expires={expires}; {http_only}Max-Age={max_age}; Path=/; SameSite=Lax{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The `sessionid` cookie for `key` (`SESSION_COOKIE_HTTPONLY`; `secure` is
/// `SESSION_COOKIE_SECURE`).
pub fn session_cookie(key: &str, secure: bool) -> HeaderValue {
    set_cookie(
        SESSION_COOKIE,
        key,
        SESSION_AGE,
        CookieFlags {
            http_only: true,
            secure,
        },
    )
}

/// `Set-Cookie` that deletes a cookie, as Django's `delete_cookie` writes it.
pub fn delete_cookie(name: &str) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{name}=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// 32 characters of `[a-z0-9]` from a CSPRNG (`get_random_string(32, VALID_KEY_CHARS)`).
fn new_session_key() -> String {
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let choose = Choose::new(CHARS).expect("non-empty alphabet");
    choose
        .sample_iter(&mut rand::rng())
        .take(32)
        .map(|&b| char::from(b))
        .collect()
}

fn seconds_now() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp()).unwrap_or_default()
}

/// Django's `login()`: a new session for `user` (its key is rotated, so a session fixed by an
/// attacker is never reused), stored for [`SESSION_AGE`]. Returns the new session key.
pub async fn login(
    db: &Database,
    secret: &str,
    user_id: i64,
    password_hash: &str,
) -> Result<String, DbError> {
    let mut data = Map::new();
    data.insert("_auth_user_id".into(), Json::String(user_id.to_string()));
    data.insert("_auth_user_backend".into(), MODEL_BACKEND.into());
    data.insert(
        "_auth_user_hash".into(),
        session_auth_hash(password_hash, secret).into(),
    );
    let key = create(db, secret, &data).await?;
    users::update_last_login(db, user_id).await?;
    Ok(key)
}

/// Saves `data` as a new session under a new key, for [`SESSION_AGE`]; returns the key.
async fn create(db: &Database, secret: &str, data: &Map<String, Json>) -> Result<String, DbError> {
    let session_data = dumps(
        &crate::core::json::to_vec(&Json::Object(data.clone())),
        SESSION_SALT,
        secret,
        seconds_now(),
    );
    let key = new_session_key();
    let expire = crate::core::types::now() + chrono::Duration::seconds(SESSION_AGE);
    let sql = format!(
        "INSERT INTO \"django_session\" (\"session_key\", \"session_data\", \"expire_date\") \
         VALUES ({}, {}, {})",
        db.placeholder(1, FieldKind::Char),
        db.placeholder(2, FieldKind::Text),
        db.placeholder(3, FieldKind::DateTime)
    );
    db.execute(
        &sql,
        &[
            Param::text(key.clone()),
            Param::new(Value::Text(session_data), FieldKind::Text),
            Param::new(Value::DateTime(expire), FieldKind::DateTime),
        ],
    )
    .await?;
    Ok(key)
}

/// The data of session `key`, if it exists, has not expired and its signature is right.
async fn load(
    db: &Database,
    secret: &str,
    key: &str,
) -> Result<Option<Map<String, Json>>, DbError> {
    let sql = format!(
        "SELECT \"session_data\", \"expire_date\" FROM \"django_session\" \
         WHERE \"session_key\" = {}",
        db.placeholder(1, FieldKind::Char)
    );
    let Some(row) = db
        .fetch_optional(
            &sql,
            &[Param::text(key)],
            &[FieldKind::Text, FieldKind::DateTime],
        )
        .await?
    else {
        return Ok(None);
    };
    let (Some(Value::Text(data)), Some(Value::DateTime(expire))) = (row.first(), row.get(1)) else {
        return Ok(None);
    };
    if *expire <= crate::core::types::now() {
        return Ok(None);
    }
    Ok(loads(data, SESSION_SALT, secret, seconds_now(), None)
        .and_then(|json| serde_json::from_slice::<Map<String, Json>>(&json).ok()))
}

/// Deletes a session (Django's `logout()` → `session.flush()`).
pub async fn delete(db: &Database, key: &str) -> Result<(), DbError> {
    let sql = format!(
        "DELETE FROM \"django_session\" WHERE \"session_key\" = {}",
        db.placeholder(1, FieldKind::Char)
    );
    db.execute(&sql, &[Param::text(key)]).await?;
    Ok(())
}

/// The user of session `key`, as `AuthenticationMiddleware` finds it: the session exists, has
/// not expired, its signature is right, its user exists and is active (ModelBackend's
/// `get_user`), and its password hash still matches (else the session is flushed).
pub async fn user_for(db: &Database, secret: &str, key: &str) -> Result<Option<AuthUser>, DbError> {
    let Some(data) = load(db, secret, key).await? else {
        return Ok(None);
    };
    let Some(user_id) = data.get("_auth_user_id").and_then(|id| match id {
        Json::String(s) => s.parse::<i64>().ok(),
        other => other.as_i64(),
    }) else {
        return Ok(None);
    };
    let Some((user, password_hash)) = users::user_with_password(db, user_id).await? else {
        return Ok(None);
    };
    let hash_ok = data
        .get("_auth_user_hash")
        .and_then(Json::as_str)
        .is_some_and(|hash| constant_time_eq(hash, &session_auth_hash(&password_hash, secret)));
    if !hash_ok {
        delete(db, key).await?;
        return Ok(None);
    }
    Ok(user.is_active.then_some(user))
}

/// Django's `update_session_auth_hash` after the user changed their password: the request's
/// session (`key`, when it names a valid one; else a new, empty one) is saved under a new key
/// with the new password's hash, so it stays logged in while the user's other sessions end.
/// A request authenticated otherwise (a token) thus gets a session too, holding only the hash,
/// as Django gives it. Returns the new key.
pub async fn update_auth_hash(
    db: &Database,
    secret: &str,
    key: Option<&str>,
    password_hash: &str,
) -> Result<String, DbError> {
    let mut data = Map::new();
    if let Some(key) = key {
        data = load(db, secret, key).await?.unwrap_or_default();
        delete(db, key).await?;
    }
    data.insert(
        "_auth_user_hash".into(),
        session_auth_hash(password_hash, secret).into(),
    );
    create(db, secret, &data).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_cookies_have_djangos_shape() {
        let key = new_session_key();
        assert_eq!(key.len(), 32);
        assert!(
            key.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        );
        let set = set_cookie(
            "sessionid",
            "abc",
            1_209_600,
            CookieFlags {
                http_only: true,
                secure: false,
            },
        );
        let set = set.to_str().unwrap();
        assert!(set.starts_with("sessionid=abc; expires="), "{set}");
        assert!(
            set.ends_with(" GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax"),
            "{set}"
        );
        assert_eq!(
            delete_cookie("sessionid"),
            "sessionid=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax"
        );
    }

    #[test]
    fn session_hash_matches_django() {
        // Python: salted_hmac("django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
        //   "pbkdf2_sha256$1$a$b", "secret", algorithm="sha256").hexdigest()
        assert_eq!(
            session_auth_hash("pbkdf2_sha256$1$a$b", "secret"),
            SESSION_HASH
        );
    }

    const SESSION_HASH: &str = "2df8004b0e29a98166a57af323edea53d794a675ed39b0b9b081e5d40d6932b9";
}
