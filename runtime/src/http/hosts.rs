//! Django's `ALLOWED_HOSTS`: which `Host` headers the server answers, checked before any view
//! runs, so that absolute URLs (pagination links, file URLs, password-reset links in emails)
//! are only ever built from a host the project owns.
//!
//! Patterns are Django's: an exact name (`api.example.com`, `127.0.0.1`, `[::1]`), a leading
//! dot for a domain and its subdomains (`.example.com`), or `*` for any host. Ports are
//! ignored and names compared case-insensitively.
//!
//! ```
//! use restforge::http::hosts::{AllowedHosts, HostError};
//!
//! let allowed = AllowedHosts::new([".example.com", "127.0.0.1"]);
//! assert_eq!(allowed.check(Some("api.example.com:8443")), Ok(()));
//! assert_eq!(allowed.check(Some("127.0.0.1:8000")), Ok(()));
//! assert!(matches!(allowed.check(Some("evil.test")), Err(HostError::NotAllowed(_))));
//! assert!(matches!(allowed.check(Some("a b")), Err(HostError::Invalid(_))));
//! ```

use std::fmt;

/// Django's hosts when `DEBUG` is on and `ALLOWED_HOSTS` is empty: the machine itself.
pub const DEVELOPMENT_HOSTS: [&str; 3] = [".localhost", "127.0.0.1", "[::1]"];

/// The `ALLOWED_HOSTS` patterns, lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedHosts {
    patterns: Vec<String>,
}

/// Why a request's host is refused (Django's `DisallowedHost` messages, which go to the log;
/// the client gets a bare 400 page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostError {
    /// The header is not a host name with an optional port.
    Invalid(String),
    /// A well-formed host that no pattern allows.
    NotAllowed(String),
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HostError::Invalid(host) => write!(
                f,
                "Invalid HTTP_HOST header: {host:?}. The domain name provided is not valid \
                 according to RFC 1034/1035."
            ),
            HostError::NotAllowed(host) => write!(
                f,
                "Invalid HTTP_HOST header: {host:?}. You may need to add {:?} to ALLOWED_HOSTS.",
                split_domain_port(host)
                    .map(|(domain, _)| domain)
                    .unwrap_or_default()
            ),
        }
    }
}

impl std::error::Error for HostError {}

impl Default for AllowedHosts {
    /// [`DEVELOPMENT_HOSTS`]: a server is reachable by its own name out of the box, and a
    /// deployment names its hosts (the `ALLOWED_HOSTS` variable).
    fn default() -> Self {
        AllowedHosts::new(DEVELOPMENT_HOSTS)
    }
}

impl AllowedHosts {
    pub fn new<S: AsRef<str>>(patterns: impl IntoIterator<Item = S>) -> Self {
        AllowedHosts {
            patterns: patterns
                .into_iter()
                .map(|p| p.as_ref().trim().to_ascii_lowercase())
                .filter(|p| !p.is_empty())
                .collect(),
        }
    }

    /// The patterns, as configured.
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// Django's `HttpRequest.get_host` validation of the `Host` header (a request without one
    /// is refused: HTTP/1.1 requires it).
    pub fn check(&self, host: Option<&str>) -> Result<(), HostError> {
        let host = host.unwrap_or("");
        let Some((domain, _port)) = split_domain_port(host) else {
            return Err(HostError::Invalid(host.to_owned()));
        };
        if self
            .patterns
            .iter()
            .any(|pattern| pattern == "*" || is_same_domain(&domain, pattern))
        {
            Ok(())
        } else {
            Err(HostError::NotAllowed(host.to_owned()))
        }
    }
}

/// Django's `split_domain_port`: the lower-cased domain (without a trailing dot) and the port,
/// or `None` when `host` is not a name, an IPv4 address or a bracketed IPv6 address with an
/// optional numeric port.
pub fn split_domain_port(host: &str) -> Option<(String, String)> {
    let host = host.to_ascii_lowercase();
    let (domain, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        let (domain, port) = host.split_at(end + 1);
        // `[a-f0-9]*:[a-f0-9.:]+`
        let inner = &domain[1..domain.len() - 1];
        let valid = inner.split_once(':').is_some_and(|(head, rest)| {
            head.bytes().all(|b| b.is_ascii_hexdigit())
                && !rest.is_empty()
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        });
        if !valid {
            return None;
        }
        (domain, port)
    } else {
        let end = host.rfind(':').unwrap_or(host.len());
        let (domain, port) = host.split_at(end);
        let valid = !domain.is_empty()
            && domain
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
        if !valid {
            return None;
        }
        (domain, port)
    };
    // Nothing may follow the host but `:` and a port (`[::1]@evil.example` is refused).
    let port = match port.strip_prefix(':') {
        None if port.is_empty() => "",
        Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => digits,
        _ => return None,
    };
    let domain = domain.strip_suffix('.').unwrap_or(domain);
    if domain.is_empty() {
        return None;
    }
    Some((domain.to_owned(), port.to_owned()))
}

/// Django's `is_same_domain`: `pattern` equals `host`, or starts with a dot and `host` is that
/// domain or one of its subdomains.
pub fn is_same_domain(host: &str, pattern: &str) -> bool {
    if pattern.is_empty() {
        return false;
    }
    // Compared without allocating: this runs for every request.
    let ends_with = |suffix: &str| {
        host.len() >= suffix.len()
            && host.as_bytes()[host.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
    };
    match pattern.strip_prefix('.') {
        Some(domain) => ends_with(pattern) || host.eq_ignore_ascii_case(domain),
        None => host.eq_ignore_ascii_case(pattern),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_domain_port_matches_django() {
        let split = split_domain_port;
        assert_eq!(
            split("Example.COM"),
            Some(("example.com".into(), "".into()))
        );
        assert_eq!(
            split("example.com."),
            Some(("example.com".into(), "".into()))
        );
        assert_eq!(
            split("example.com:8000"),
            Some(("example.com".into(), "8000".into()))
        );
        assert_eq!(split("[::1]:8000"), Some(("[::1]".into(), "8000".into())));
        assert_eq!(
            split("[::ffff:127.0.0.1]"),
            Some(("[::ffff:127.0.0.1]".into(), "".into()))
        );
        for invalid in [
            "",
            ".",
            "[::1]@evil.example",
            "[::1]x",
            "[::1] a",
            "[1.2:3]",
            "[:]",
            "a b",
            "example.com:",
            "example.com:x",
            "[::1",
            "[zz]",
            "ex_ample.com",
            "a:1:2",
            "é.com",
        ] {
            assert_eq!(split(invalid), None, "{invalid:?}");
        }
    }

    #[test]
    fn patterns_follow_django() {
        let allowed = AllowedHosts::new([".Example.com", "api.test", "[::1]"]);
        for ok in [
            "example.com",
            "a.b.example.com:1",
            "API.test",
            "[::1]:8000",
            "example.com.",
        ] {
            assert_eq!(allowed.check(Some(ok)), Ok(()), "{ok}");
        }
        for refused in ["badexample.com", "api.test.evil", "evil.test", "127.0.0.1"] {
            assert_eq!(
                allowed.check(Some(refused)),
                Err(HostError::NotAllowed(refused.into())),
                "{refused}"
            );
        }
        assert_eq!(allowed.check(None), Err(HostError::Invalid(String::new())));
        assert_eq!(
            AllowedHosts::new(["*"]).check(Some("anything.test")),
            Ok(())
        );
        assert!(AllowedHosts::new(["*"]).check(Some("bad host")).is_err());
        // Anything after the host other than a port is refused, even when the host is allowed.
        assert!(
            AllowedHosts::default()
                .check(Some("[::1]@evil.example"))
                .is_err()
        );
    }

    #[test]
    fn the_default_is_the_machine_itself() {
        let allowed = AllowedHosts::default();
        for ok in ["localhost:8000", "api.localhost", "127.0.0.1:8000", "[::1]"] {
            assert_eq!(allowed.check(Some(ok)), Ok(()), "{ok}");
        }
        assert!(allowed.check(Some("example.com")).is_err());
        assert!(allowed.check(Some("10.0.0.1")).is_err());
    }

    #[test]
    fn messages_say_what_to_configure() {
        assert_eq!(
            HostError::NotAllowed("evil.test:80".into()).to_string(),
            "Invalid HTTP_HOST header: \"evil.test:80\". You may need to add \"evil.test\" to ALLOWED_HOSTS."
        );
    }
}
