//! Django's default `AUTH_PASSWORD_VALIDATORS`, in their order and with their messages:
//! similarity to the user's attributes, minimum length 8, Django's list of 20 000 common
//! passwords (shipped as data, `common-passwords.txt.gz` from Django 5.2), entirely numeric.
//!
//! ```
//! use restforge::contrib::auth::validators::{UserAttributes, validate_password};
//!
//! assert_eq!(
//!     validate_password("123", None).unwrap_err(),
//!     [
//!         "This password is too short. It must contain at least 8 characters.",
//!         "This password is too common.",
//!         "This password is entirely numeric.",
//!     ]
//! );
//! let user = UserAttributes { username: "alexander", ..Default::default() };
//! assert_eq!(
//!     validate_password("Alexander!?", Some(&user)).unwrap_err(),
//!     ["The password is too similar to the username."]
//! );
//! assert!(validate_password("correct horse battery", Some(&user)).is_ok());
//! ```

use std::collections::HashSet;
use std::io::Read;
use std::sync::OnceLock;

/// `MinimumLengthValidator`'s default.
pub const MIN_LENGTH: usize = 8;

/// `UserAttributeSimilarityValidator`'s default `max_similarity`.
const MAX_SIMILARITY: f64 = 0.7;

/// Django's `common-passwords.txt.gz` (Django 5.2), one lower-case password per line.
static COMMON_PASSWORDS_GZ: &[u8] = include_bytes!("common-passwords.txt.gz");

/// The user a password is checked against (`None` when there is none yet, as at registration
/// before the user exists: the similarity check is then skipped, as in Django).
#[derive(Debug, Clone, Copy, Default)]
pub struct UserAttributes<'a> {
    pub username: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub email: &'a str,
}

fn common_passwords() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut text = String::new();
        // The data is compiled in; a failure to inflate it is a build problem, seen at once
        // by the tests below.
        let _ = flate2::read::GzDecoder::new(COMMON_PASSWORDS_GZ).read_to_string(&mut text);
        text.lines().map(|line| line.trim().to_owned()).collect()
    })
}

/// Django's `validate_password`: every validator's message, in order, or `Ok`.
pub fn validate_password(
    password: &str,
    user: Option<&UserAttributes<'_>>,
) -> Result<(), Vec<String>> {
    let mut errors = Vec::new();
    if let Some(user) = user
        && let Some(verbose_name) = too_similar(password, user)
    {
        errors.push(format!(
            "The password is too similar to the {verbose_name}."
        ));
    }
    if password.chars().count() < MIN_LENGTH {
        errors.push(format!(
            "This password is too short. It must contain at least {MIN_LENGTH} characters."
        ));
    }
    if common_passwords().contains(&password.trim().to_lowercase()) {
        errors.push("This password is too common.".to_owned());
    }
    if !password.is_empty() && password.chars().all(|c| c.is_ascii_digit()) {
        errors.push("This password is entirely numeric.".to_owned());
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// `UserAttributeSimilarityValidator`: the verbose name of the first attribute the password
/// is too similar to.
fn too_similar(password: &str, user: &UserAttributes<'_>) -> Option<&'static str> {
    let password = password.to_lowercase();
    let attributes = [
        (user.username, "username"),
        (user.first_name, "first name"),
        (user.last_name, "last name"),
        (user.email, "email address"),
    ];
    for (value, verbose_name) in attributes {
        if value.is_empty() {
            continue;
        }
        let value = value.to_lowercase();
        // re.split(r"\W+", value) + [value]
        let mut parts: Vec<&str> = value
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .collect();
        parts.push(&value);
        for part in parts {
            if exceeds_maximum_length_ratio(&password, part) {
                continue;
            }
            if quick_ratio(&password, part) >= MAX_SIMILARITY {
                return Some(verbose_name);
            }
        }
    }
    None
}

/// Django's `exceeds_maximum_length_ratio`: a password ten times longer than a short value is
/// not compared with it.
fn exceeds_maximum_length_ratio(password: &str, value: &str) -> bool {
    let password_length = password.chars().count() as f64;
    let value_length = value.chars().count() as f64;
    password_length >= 10.0 * value_length && value_length < MAX_SIMILARITY / 2.0 * password_length
}

/// `difflib.SequenceMatcher(a=a, b=b).quick_ratio()`: twice the size of the multiset
/// intersection of the characters over the total length.
fn quick_ratio(a: &str, b: &str) -> f64 {
    let total = a.chars().count() + b.chars().count();
    if total == 0 {
        return 1.0;
    }
    let mut available: std::collections::HashMap<char, usize> = std::collections::HashMap::new();
    for c in b.chars() {
        *available.entry(c).or_default() += 1;
    }
    let mut matches = 0;
    for c in a.chars() {
        if let Some(n) = available.get_mut(&c)
            && *n > 0
        {
            *n -= 1;
            matches += 1;
        }
    }
    2.0 * matches as f64 / total as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn djangos_list_is_shipped() {
        let list = common_passwords();
        assert!(list.len() > 19_000, "{}", list.len());
        for common in ["password", "123456", "qwerty", "iloveyou"] {
            assert!(list.contains(common), "{common}");
        }
        assert_eq!(
            validate_password("PassWord ", None),
            Err(vec!["This password is too common.".to_owned()])
        );
    }

    #[test]
    fn similarity_follows_django() {
        let user = UserAttributes {
            username: "jdoe",
            first_name: "Jonathan",
            last_name: "Doe",
            email: "jonathan.doe@example.com",
        };
        assert_eq!(
            validate_password("Jonathan9", Some(&user)),
            Err(vec![
                "The password is too similar to the first name.".to_owned()
            ])
        );
        assert_eq!(
            validate_password("example.com!", Some(&user)),
            Err(vec![
                "The password is too similar to the email address.".to_owned()
            ])
        );
        // Ten times longer than `doe`: not compared with it.
        assert!(validate_password("doe-rides-a-bicycle-to-work", Some(&user)).is_ok());
        assert!((quick_ratio("abcd", "bcde") - 0.75).abs() < 1e-9);
    }
}
