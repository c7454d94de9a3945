//! JSON Web Tokens as djangorestframework-simplejwt 5.5 makes and checks them
//! (DRF-CONTRACT §5.4): HS256 signed with the project's `SECRET_KEY`, header
//! `{"alg":"HS256","typ":"JWT"}`, claims in the order `token_type, exp, iat, jti, user_id`
//! (`user_id` a string), access tokens for 5 minutes and refresh tokens for a day by default.
//! A token made here verifies in a Django project with the same secret, and the other way round.
//!
//! ```
//! use restforge::contrib::jwt::{self, JwtSettings, TokenType};
//!
//! let settings = JwtSettings::default();
//! let refresh = jwt::refresh_for_user(7, &settings, 1_700_000_000);
//! let access = jwt::access_from_refresh(&refresh, &settings, 1_700_000_000);
//! let token = jwt::encode(&access, "secret");
//! let claims = jwt::decode(&token, "secret", Some(TokenType::Access), 1_700_000_100).unwrap();
//! assert_eq!(claims["user_id"], "7");
//! assert_eq!(
//!     jwt::decode(&token, "secret", Some(TokenType::Refresh), 1_700_000_100).unwrap_err().message(),
//!     "Token has wrong type"
//! );
//! assert_eq!(
//!     jwt::decode(&token, "secret", None, 1_700_000_300).unwrap_err().message(),
//!     "Token is expired"
//! );
//! ```

use serde_json::{Map, Value as Json};

use crate::contrib::signing::{b64_decode, b64_encode, hmac_sha256, verify_hmac_sha256};

/// simplejwt's `SIMPLE_JWT` lifetimes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JwtSettings {
    /// `ACCESS_TOKEN_LIFETIME` in seconds (5 minutes).
    pub access_token_lifetime: i64,
    /// `REFRESH_TOKEN_LIFETIME` in seconds (1 day).
    pub refresh_token_lifetime: i64,
}

impl Default for JwtSettings {
    fn default() -> Self {
        JwtSettings {
            access_token_lifetime: 5 * 60,
            refresh_token_lifetime: 24 * 60 * 60,
        }
    }
}

/// The two token classes: `AccessToken` and `RefreshToken`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenType {
    Access,
    Refresh,
}

impl TokenType {
    /// The `token_type` claim.
    pub fn claim(self) -> &'static str {
        match self {
            TokenType::Access => "access",
            TokenType::Refresh => "refresh",
        }
    }

    /// The class name simplejwt reports in `messages[].token_class`.
    pub fn class_name(self) -> &'static str {
        match self {
            TokenType::Access => "AccessToken",
            TokenType::Refresh => "RefreshToken",
        }
    }
}

/// simplejwt's `TokenError`: why a token was refused, in its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TokenError(&'static str);

impl TokenError {
    const INVALID: TokenError = TokenError("Token is invalid");
    const EXPIRED: TokenError = TokenError("Token is expired");

    /// `Token is invalid`: a token that is not a JWT, or not signed with this key.
    pub fn invalid() -> Self {
        Self::INVALID
    }

    /// The message (`Token is invalid`, `Token is expired`, `Token has wrong type`, …).
    pub fn message(&self) -> &'static str {
        self.0
    }
}

/// The header every token carries; PyJWT sorts its keys.
const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

/// A new token's claims: `token_type`, `exp`, `iat`, `jti` (uuid4 hex).
fn new_claims(token_type: TokenType, lifetime: i64, now: i64) -> Map<String, Json> {
    let mut claims = Map::new();
    claims.insert("token_type".into(), token_type.claim().into());
    claims.insert("exp".into(), (now + lifetime).into());
    claims.insert("iat".into(), now.into());
    claims.insert(
        "jti".into(),
        uuid::Uuid::new_v4().simple().to_string().into(),
    );
    claims
}

/// `RefreshToken.for_user(user)` at `now` (seconds since the epoch).
pub fn refresh_for_user(user_id: i64, settings: &JwtSettings, now: i64) -> Map<String, Json> {
    let mut claims = new_claims(TokenType::Refresh, settings.refresh_token_lifetime, now);
    // A string since simplejwt 5.5.0.
    claims.insert("user_id".into(), user_id.to_string().into());
    claims
}

/// `refresh.access_token`: a new access token carrying the refresh token's other claims.
pub fn access_from_refresh(
    refresh: &Map<String, Json>,
    settings: &JwtSettings,
    now: i64,
) -> Map<String, Json> {
    let mut claims = new_claims(TokenType::Access, settings.access_token_lifetime, now);
    for (name, value) in refresh {
        // simplejwt's no_copy_claims.
        if !matches!(name.as_str(), "token_type" | "exp" | "iat" | "jti") {
            claims.insert(name.clone(), value.clone());
        }
    }
    claims
}

/// The signed token for `claims`.
pub fn encode(claims: &Map<String, Json>, secret: &str) -> String {
    let signing_input = format!(
        "{}.{}",
        b64_encode(HEADER.as_bytes()),
        b64_encode(&crate::core::json::to_vec(claims))
    );
    let signature = hmac_sha256(secret.as_bytes(), signing_input.as_bytes());
    format!("{signing_input}.{}", b64_encode(&signature))
}

/// Verifies `token` as PyJWT's `decode` and simplejwt's `Token.verify` do, at `now` (seconds
/// since the epoch), and returns its claims. `expected` is the token class (`None`:
/// `UntypedToken`, any type).
pub fn decode(
    token: &str,
    secret: &str,
    expected: Option<TokenType>,
    now: i64,
) -> Result<Map<String, Json>, TokenError> {
    let (signing_input, signature) = token.rsplit_once('.').ok_or(TokenError::INVALID)?;
    let (header, payload) = signing_input.split_once('.').ok_or(TokenError::INVALID)?;
    let header: Json = b64_decode(header)
        .and_then(|h| serde_json::from_slice(&h).ok())
        .ok_or(TokenError::INVALID)?;
    if header.get("alg").and_then(Json::as_str) != Some("HS256") {
        return Err(TokenError::INVALID);
    }
    let signature = b64_decode(signature).ok_or(TokenError::INVALID)?;
    // Constant-time signature comparison (hmac's verify_slice).
    if !verify_hmac_sha256(secret.as_bytes(), signing_input.as_bytes(), &signature) {
        return Err(TokenError::INVALID);
    }
    let claims: Map<String, Json> = b64_decode(payload)
        .and_then(|p| serde_json::from_slice(&p).ok())
        .ok_or(TokenError::INVALID)?;
    // PyJWT: exp, iat and nbf must be numbers; exp in the past is expired, iat or nbf in the
    // future is invalid (leeway 0).
    if let Some(exp) = claims.get("exp") {
        if number(exp).ok_or(TokenError::INVALID)? <= now {
            return Err(TokenError::EXPIRED);
        }
    } else {
        return Err(TokenError("Token has no 'exp' claim"));
    }
    for claim in ["iat", "nbf"] {
        if let Some(value) = claims.get(claim)
            && number(value).ok_or(TokenError::INVALID)? > now
        {
            return Err(TokenError::INVALID);
        }
    }
    if !claims.contains_key("jti") {
        return Err(TokenError("Token has no id"));
    }
    if let Some(expected) = expected {
        match claims.get("token_type") {
            None => return Err(TokenError("Token has no type")),
            Some(Json::String(t)) if t == expected.claim() => {}
            Some(_) => return Err(TokenError("Token has wrong type")),
        }
    }
    Ok(claims)
}

/// Python's `int(value)` for a claim: integers, floats (truncated) and numeric strings.
fn number(value: &Json) -> Option<i64> {
    match value {
        Json::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.trunc() as i64)),
        Json::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Seconds since the epoch, now.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_matches_pyjwt_byte_for_byte() {
        // Python: jwt.encode({"token_type":"access","exp":1700000300,"iat":1700000000,
        //   "jti":"0123456789abcdef0123456789abcdef","user_id":"1"}, "secret", "HS256")
        let mut claims = Map::new();
        claims.insert("token_type".into(), "access".into());
        claims.insert("exp".into(), 1_700_000_300.into());
        claims.insert("iat".into(), 1_700_000_000.into());
        claims.insert("jti".into(), "0123456789abcdef0123456789abcdef".into());
        claims.insert("user_id".into(), "1".into());
        assert_eq!(encode(&claims, "secret"), PYJWT_TOKEN);
        let decoded = decode(
            PYJWT_TOKEN,
            "secret",
            Some(TokenType::Access),
            1_700_000_299,
        )
        .unwrap();
        assert_eq!(decoded, claims);
        let keys: Vec<&str> = decoded.keys().map(String::as_str).collect();
        assert_eq!(keys, ["token_type", "exp", "iat", "jti", "user_id"]);
    }

    const PYJWT_TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoxNzAwMDAwMzAwLCJpYXQiOjE3MDAwMDAwMDAsImp0aSI6IjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVmIiwidXNlcl9pZCI6IjEifQ.qjXYBWw6UqPWORTGSfwenhul_BD5oZLejBYIqGpxiqU";

    #[test]
    fn refusals_use_simplejwts_messages() {
        let settings = JwtSettings::default();
        let refresh = refresh_for_user(1, &settings, 1000);
        assert_eq!(refresh["exp"], 1000 + 86_400);
        let token = encode(&refresh, "k");
        let at = |t: &str, now| decode(t, "k", Some(TokenType::Refresh), now).map(|_| ());
        assert_eq!(at(&token, 2000), Ok(()));
        assert_eq!(
            at(&token, 1000 + 86_400),
            Err(TokenError::EXPIRED),
            "exp <= now"
        );
        assert_eq!(
            at(&token, 999),
            Err(TokenError::INVALID),
            "iat in the future"
        );
        assert_eq!(
            decode(&token, "other", Some(TokenType::Refresh), 2000),
            Err(TokenError::INVALID),
            "a token signed with another key"
        );
        // A tampered payload keeps the old signature.
        let (head, rest) = token.split_once('.').unwrap();
        let (_, sig) = rest.split_once('.').unwrap();
        let mut forged = refresh.clone();
        forged.insert("user_id".into(), "2".into());
        let forged = format!(
            "{head}.{}.{sig}",
            b64_encode(&crate::core::json::to_vec(&forged))
        );
        assert_eq!(at(&forged, 2000), Err(TokenError::INVALID));
        for broken in ["", "abc", "a.b", "a.b.c", "a.b.c.d"] {
            assert_eq!(at(broken, 2000), Err(TokenError::INVALID), "{broken}");
        }
        for (claim, message) in [
            ("jti", "Token has no id"),
            ("token_type", "Token has no type"),
            ("exp", "Token has no 'exp' claim"),
        ] {
            let mut claims = refresh.clone();
            claims.remove(claim);
            assert_eq!(at(&encode(&claims, "k"), 2000), Err(TokenError(message)));
        }
        let mut none_alg = refresh.clone();
        none_alg.insert("x".into(), 1.into());
        let unsigned = format!(
            "{}.{}.",
            b64_encode(br#"{"alg":"none","typ":"JWT"}"#),
            b64_encode(&crate::core::json::to_vec(&none_alg))
        );
        assert_eq!(at(&unsigned, 2000), Err(TokenError::INVALID));
    }

    #[test]
    fn access_tokens_copy_custom_claims() {
        let settings = JwtSettings {
            access_token_lifetime: 60,
            refresh_token_lifetime: 600,
        };
        let mut refresh = refresh_for_user(5, &settings, 0);
        refresh.insert("scope".into(), "x".into());
        let access = access_from_refresh(&refresh, &settings, 10);
        let keys: Vec<&str> = access.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["token_type", "exp", "iat", "jti", "user_id", "scope"]
        );
        assert_eq!(access["exp"], 70);
        assert_ne!(access["jti"], refresh["jti"]);
        assert_eq!(access["jti"].as_str().unwrap().len(), 32);
    }
}
