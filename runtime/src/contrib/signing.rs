//! Django's signing primitives (`django.utils.crypto.salted_hmac`, `django.core.signing`), so
//! that sessions, password reset tokens and JWTs made here and by Django verify on both sides.
//!
//! ```
//! use restforge::contrib::signing::{b64_decode, b64_encode, salted_hmac_hex};
//!
//! assert_eq!(b64_encode(b"hi?"), "aGk_");
//! assert_eq!(b64_decode("aGk_").unwrap(), b"hi?");
//! // Django: salted_hmac("salt", "value", "secret", algorithm="sha256").hexdigest()
//! assert_eq!(salted_hmac_hex("salt", "value", "secret").len(), 64);
//! ```

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

/// HMAC-SHA256 of `message` under `key`.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// Whether `signature` is HMAC-SHA256 of `message` under `key`, compared in constant time
/// (`Mac::verify_slice`, which uses `subtle`), so the time taken does not reveal how many
/// leading bytes of a forged signature were right.
pub fn verify_hmac_sha256(key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(message);
    mac.verify_slice(signature).is_ok()
}

/// Django's `salted_hmac(key_salt, value, secret, algorithm="sha256")`: the HMAC key is
/// `sha256(key_salt + secret)`.
pub fn salted_hmac(key_salt: &str, value: &str, secret: &str) -> [u8; 32] {
    let key = Sha256::new()
        .chain_update(key_salt.as_bytes())
        .chain_update(secret.as_bytes())
        .finalize();
    hmac_sha256(&key, value.as_bytes())
}

/// `salted_hmac(…).hexdigest()`.
pub fn salted_hmac_hex(key_salt: &str, value: &str, secret: &str) -> String {
    hex(&salted_hmac(key_salt, value, secret))
}

/// Lowercase hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `django.core.signing.b64_encode`: URL-safe base64 without padding (also JWT's base64url).
pub fn b64_encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The inverse of [`b64_encode`]; padding, when present, is accepted.
pub fn b64_decode(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).ok()
}

/// Compares two strings in constant time (Django's `constant_time_compare`).
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `django.core.signing.b62_encode` of a non-negative number (timestamps).
pub fn b62_encode(mut n: u64) -> String {
    if n == 0 {
        return "0".into();
    }
    let mut out = Vec::new();
    while n > 0 {
        out.push(BASE62[(n % 62) as usize]);
        n /= 62;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// `django.core.signing.b62_decode`.
pub fn b62_decode(text: &str) -> Option<u64> {
    text.bytes().try_fold(0u64, |n, c| {
        let digit = BASE62.iter().position(|&d| d == c)? as u64;
        n.checked_mul(62)?.checked_add(digit)
    })
}

/// `TimestampSigner(key=secret, salt=salt, algorithm="sha256").sign(value)` at `timestamp`:
/// `value:<b62 time>:<b64 HMAC>`, the HMAC salted with `salt + "signer"`.
pub fn timestamp_sign(value: &str, salt: &str, secret: &str, timestamp: u64) -> String {
    let value = format!("{value}:{}", b62_encode(timestamp));
    let signature = b64_encode(&salted_hmac(&format!("{salt}signer"), &value, secret));
    format!("{value}:{signature}")
}

/// The inverse of [`timestamp_sign`]: the value and its timestamp when the signature is right
/// (compared in constant time).
pub fn timestamp_unsign<'a>(signed: &'a str, salt: &str, secret: &str) -> Option<(&'a str, u64)> {
    let (signed_value, signature) = signed.rsplit_once(':')?;
    let expected = b64_encode(&salted_hmac(&format!("{salt}signer"), signed_value, secret));
    if !constant_time_eq(&expected, signature) {
        return None;
    }
    let (value, timestamp) = signed_value.rsplit_once(':')?;
    Some((value, b62_decode(timestamp)?))
}

/// `django.core.signing.dumps(obj, salt=salt, compress=True)` with the JSON serializer: the
/// compact JSON, zlib-compressed when that is shorter (then prefixed with `.`), base64, and
/// timestamp-signed.
pub fn dumps(json: &[u8], salt: &str, secret: &str, timestamp: u64) -> String {
    timestamp_sign(&encode_object(json), salt, secret, timestamp)
}

/// The key of `django.core.signing.get_cookie_signer` (a `TimestampSigner`, Django's
/// `SIGNING_BACKEND`): `"django.http.cookies" + SECRET_KEY`.
pub fn cookie_signer_key(secret: &str) -> String {
    format!("django.http.cookies{secret}")
}

/// The payload of `sign_object(…, compress=True)`: the compact JSON, zlib-compressed when that
/// is shorter (then prefixed with `.`), in base64.
fn encode_object(json: &[u8]) -> String {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    let compressed = encoder
        .write_all(json)
        .and_then(|()| encoder.finish())
        .ok()
        .filter(|c| c.len() < json.len() - 1);
    match compressed {
        Some(c) => format!(".{}", b64_encode(&c)),
        None => b64_encode(json),
    }
}

/// `django.core.signing.loads(…, max_age=max_age)`: the JSON bytes, if the signature is right
/// and (when given) the value is not older than `max_age` seconds at `now`.
pub fn loads(
    signed: &str,
    salt: &str,
    secret: &str,
    now: u64,
    max_age: Option<u64>,
) -> Option<Vec<u8>> {
    use std::io::Read;
    let (value, timestamp) = timestamp_unsign(signed, salt, secret)?;
    if max_age.is_some_and(|max| now.saturating_sub(timestamp) > max) {
        return None;
    }
    match value.strip_prefix('.') {
        Some(compressed) => {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(&b64_decode(compressed)?[..])
                .read_to_end(&mut out)
                .ok()?;
            Some(out)
        }
        None => b64_decode(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salted_hmac_matches_django() {
        // Python: hmac.new(sha256(b"salt" + b"secret").digest(), b"value", sha256).hexdigest(),
        // which is what Django's salted_hmac computes.
        assert_eq!(
            salted_hmac_hex("salt", "value", "secret"),
            "debaddcd9ecbaab181289870baf8af49b0af0a7050d620d1a63f1e69bd87ceb8"
        );
    }

    #[test]
    fn base62_round_trips() {
        assert_eq!(b62_encode(0), "0");
        assert_eq!(b62_encode(61), "z");
        assert_eq!(b62_encode(62), "10");
        for n in [1, 1_700_000_000, u64::from(u32::MAX)] {
            assert_eq!(b62_decode(&b62_encode(n)), Some(n));
        }
    }

    #[test]
    fn signed_values_verify_and_tampering_fails() {
        let json = br#"{"_auth_user_id":"1","_auth_user_backend":"django.contrib.auth.backends.ModelBackend"}"#;
        let signed = dumps(
            json,
            "django.contrib.sessions.SessionStore",
            "k",
            1_700_000_000,
        );
        assert_eq!(
            loads(
                &signed,
                "django.contrib.sessions.SessionStore",
                "k",
                1_700_000_010,
                Some(60)
            )
            .as_deref(),
            Some(&json[..])
        );
        assert!(
            loads(
                &signed,
                "django.contrib.sessions.SessionStore",
                "other",
                1_700_000_010,
                None
            )
            .is_none()
        );
        assert!(loads(&signed, "other salt", "k", 1_700_000_010, None).is_none());
        assert!(
            loads(
                &signed,
                "django.contrib.sessions.SessionStore",
                "k",
                1_700_000_100,
                Some(60)
            )
            .is_none()
        );
        let mut tampered = signed.clone();
        tampered.insert(1, 'x');
        assert!(
            loads(
                &tampered,
                "django.contrib.sessions.SessionStore",
                "k",
                1_700_000_010,
                None
            )
            .is_none()
        );
    }
}
