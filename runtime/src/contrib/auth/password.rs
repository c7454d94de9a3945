//! Django's password format, so an existing `auth_user` table works as it is (DRF-CONTRACT §7).
//!
//! `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>`: PBKDF2-HMAC-SHA256 of the UTF-8 password
//! with the ASCII salt, 32 bytes, standard base64 with padding.
//!
//! ```
//! use restforge::contrib::auth::password::{check_password, make_password_with, must_update};
//!
//! let encoded = make_password_with("s3cret", "abcdefghijklmnopqrstuv", 1000);
//! assert!(check_password("s3cret", &encoded));
//! assert!(!check_password("wrong", &encoded));
//! assert!(must_update(&encoded)); // fewer iterations than Django 5.2's 1 000 000
//! ```

use std::sync::{Arc, LazyLock};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::distr::{Alphanumeric, SampleString};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// The algorithm name Django writes first.
pub const ALGORITHM: &str = "pbkdf2_sha256";

/// Django 5.2's iteration count for new hashes.
pub const ITERATIONS: u32 = 1_000_000;

/// Salt length Django uses: 22 characters of `[a-zA-Z0-9]` carry at least 128 bits.
pub const SALT_LENGTH: usize = 22;

/// The prefix of an unusable password.
pub const UNUSABLE_PREFIX: char = '!';

/// How many hashes may run at once: one per core but one. A hash takes a core for a few hundred
/// milliseconds, so hashing runs on tokio's blocking pool (the async workers keep serving other
/// requests) and a burst of logins waits its turn instead of taking every core.
static HASHING: LazyLock<Arc<tokio::sync::Semaphore>> = LazyLock::new(|| {
    // All cores but one, so that hashing never takes the whole machine from other requests.
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    Arc::new(tokio::sync::Semaphore::new(cores.saturating_sub(1).max(1)))
});

/// Runs CPU-heavy hashing `work` off the async workers, at most one per core but one.
async fn off_the_workers<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    // The permit moves into the blocking task: a client that disconnects drops this future,
    // but the hash it started runs to the end and holds its slot until then.
    let permit = Arc::clone(&HASHING).acquire_owned().await;
    let task = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work()
    });
    match task.await {
        Ok(value) => value,
        Err(error) => match error.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(_) => unreachable!("blocking tasks are only cancelled when the runtime stops"),
        },
    }
}

/// [`make_password`] off the async workers: what request handlers call.
pub async fn make_password_async(password: &str) -> String {
    let password = password.to_owned();
    off_the_workers(move || make_password(&password)).await
}

/// [`check_password`] off the async workers: what request handlers call.
pub async fn check_password_async(password: &str, encoded: &str) -> bool {
    let (password, encoded) = (password.to_owned(), encoded.to_owned());
    off_the_workers(move || check_password(&password, &encoded)).await
}

/// Hashes `password` with a fresh random salt and Django's iteration count.
pub fn make_password(password: &str) -> String {
    make_password_with(password, &random_string(SALT_LENGTH), ITERATIONS)
}

/// Hashes `password` with a given salt and iteration count (tests, migrations of old hashes).
pub fn make_password_with(password: &str, salt: &str, iterations: u32) -> String {
    format!(
        "{ALGORITHM}${iterations}${salt}${}",
        hash(password, salt, iterations)
    )
}

/// An unusable password: `!` followed by 40 random `[a-zA-Z0-9]` characters, as Django writes
/// for users who may not log in with a password.
pub fn make_unusable_password() -> String {
    format!("{UNUSABLE_PREFIX}{}", random_string(40))
}

/// False for Django's unusable passwords (anything starting with `!`).
pub fn is_password_usable(encoded: &str) -> bool {
    !encoded.starts_with(UNUSABLE_PREFIX)
}

/// Whether `password` matches `encoded`. Any iteration count verifies; other algorithms Django
/// knows (`pbkdf2_sha1`, `argon2`, `bcrypt_sha256`, `scrypt`), unusable and malformed values
/// never match.
pub fn check_password(password: &str, encoded: &str) -> bool {
    let Some(parts) = Parts::decode(encoded) else {
        return false;
    };
    let expected = hash(password, parts.salt, parts.iterations);
    // Constant-time comparison (subtle's ConstantTimeEq) so the time taken does not reveal how
    // much of the hash matched, as Django's constant_time_compare.
    expected.as_bytes().ct_eq(parts.hash.as_bytes()).into()
}

/// Django's `must_update`: a stored hash should be replaced after a successful login when its
/// iteration count differs from [`ITERATIONS`] or its salt is shorter than 22 characters.
pub fn must_update(encoded: &str) -> bool {
    Parts::decode(encoded)
        .is_none_or(|parts| parts.iterations != ITERATIONS || parts.salt.len() < SALT_LENGTH)
}

struct Parts<'a> {
    iterations: u32,
    salt: &'a str,
    hash: &'a str,
}

impl<'a> Parts<'a> {
    fn decode(encoded: &'a str) -> Option<Self> {
        if !is_password_usable(encoded) {
            return None;
        }
        let mut parts = encoded.splitn(4, '$');
        if parts.next()? != ALGORITHM {
            return None;
        }
        let iterations = parts.next()?.parse().ok().filter(|n| *n > 0)?;
        Some(Self {
            iterations,
            salt: parts.next()?,
            hash: parts.next()?,
        })
    }
}

fn hash(password: &str, salt: &str, iterations: u32) -> String {
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha256>(password.as_bytes(), salt.as_bytes(), iterations, &mut key);
    STANDARD.encode(key)
}

fn random_string(length: usize) -> String {
    // ThreadRng is a CSPRNG reseeded from the OS, suitable for salts.
    Alphanumeric.sample_string(&mut rand::rng(), length)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference hashes from Python: base64.b64encode(hashlib.pbkdf2_hmac('sha256', password,
    // salt, iterations)), the computation Django's PBKDF2PasswordHasher performs.
    const S3CRET_1000: &str =
        "pbkdf2_sha256$1000$abcdefghijklmnopqrstuv$q+SlAk8PS4ZnJxYnZfUX7zLjmUl2wdtUOf7V/ADD/a0=";
    const CAFE_OLD_SALT: &str =
        "pbkdf2_sha256$10$AAAAAAAAAAAA$qB85Crj8oJE/pVjGo0L9LlkHY38HfKsryJFbLzoHw/Y=";

    #[test]
    fn python_hashes_verify_and_are_reproduced() {
        assert_eq!(
            make_password_with("s3cret", "abcdefghijklmnopqrstuv", 1000),
            S3CRET_1000
        );
        assert!(check_password("s3cret", S3CRET_1000));
        assert!(!check_password("s3cret ", S3CRET_1000));
        assert!(check_password("café ☕", CAFE_OLD_SALT));
        assert!(must_update(CAFE_OLD_SALT));
    }

    #[test]
    fn real_iteration_count_verifies() {
        let encoded = "pbkdf2_sha256$1000000$8UiN68ThkDsaig9AJkmAwY$tXP3QgdLzYAiTg9NkfY2znZCjyZLraTBhYwDjMkeK+M=";
        assert_eq!(encoded.len(), 89);
        assert!(check_password("correct horse", encoded));
        assert!(!must_update(encoded));
    }

    #[test]
    fn new_hashes_have_django_shape() {
        let encoded = make_password_with("pw", &random_string(SALT_LENGTH), 3);
        let parts: Vec<&str> = encoded.split('$').collect();
        assert_eq!(parts[0], "pbkdf2_sha256");
        assert_eq!(parts[2].len(), 22);
        assert!(parts[2].bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_eq!(parts[3].len(), 44);
        assert!(check_password("pw", &encoded));
    }

    #[test]
    fn unusable_foreign_and_malformed_never_match() {
        let unusable = make_unusable_password();
        assert_eq!(unusable.len(), 41);
        assert!(!is_password_usable(&unusable));
        assert!(!check_password("", &unusable));
        for encoded in [
            "argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdA$aGFzaA",
            "bcrypt_sha256$$2b$12$abc",
            "pbkdf2_sha1$1000$salt$hash",
            "pbkdf2_sha256$0$salt$hash",
            "pbkdf2_sha256$x$salt$hash",
            "pbkdf2_sha256$1000$abcdefghijklmnopqrstuv",
            "",
        ] {
            assert!(!check_password("s3cret", encoded), "{encoded}");
            assert!(must_update(encoded));
        }
    }
}
