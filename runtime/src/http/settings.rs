//! [`Settings`]: DRF's `REST_FRAMEWORK` (and the few Django settings the runtime needs) as a
//! builder, the way `src/settings.rs` of a generated project writes it.
//!
//! ```
//! use restforge::prelude::*;
//!
//! let settings = Settings::new()
//!     .default_auto_field(AutoField::BigAuto)
//!     .authentication(&[&TokenAuthentication, &SessionAuthentication])
//!     .default_permissions(&[&IsAuthenticated])
//!     .pagination(PageNumberPagination::new(20))
//!     .throttle_rate("anon", "100/hour")
//!     .media_url("/media/");
//! assert!(settings.check().is_ok());
//! assert_eq!(settings.throttle_rates["anon"].num_requests, 100);
//! ```
//!
//! Values that come from the environment (`DATABASE_URL`, `SECRET_KEY`, `MEDIA_ROOT`) are not
//! settings: [`crate::management::run`] reads them at start-up into the
//! [`AppState`](crate::http::app::AppState).

use indexmap::IndexMap;

use axum::http::HeaderName;

use std::sync::Arc;

use crate::contrib::jwt::JwtSettings;
use crate::contrib::mail::{LogMailSender, MailSender};
use crate::http::authentication::{BasicAuthentication, DynAuthentication, SessionAuthentication};
use crate::http::endpoints::Endpoints;
use crate::http::hosts::AllowedHosts;
use crate::http::pagination::{DynPagination, Pagination};
use crate::http::permissions::{AllowAny, DynPermission};
use crate::http::security::SecurityHeaders;
use crate::http::throttle::{Rate, ThrottleCache};

/// Django's `DEFAULT_AUTO_FIELD`: the kind of implicit `id` keys (recorded for tools; the
/// models' own `id` types decide at run time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AutoField {
    /// `AutoField`, 32-bit.
    Auto,
    /// `BigAutoField`, 64-bit: Django's default for new projects.
    #[default]
    BigAuto,
    /// A random UUID made on insert.
    Uuid,
}

/// The project's settings. Fields are public for the HTTP layer to read; build with the
/// methods.
#[derive(Debug, Clone)]
pub struct Settings {
    pub default_auto_field: AutoField,
    /// `DEFAULT_AUTHENTICATION_CLASSES` in order; the first decides the 401 challenge.
    pub authentication: Vec<&'static dyn DynAuthentication>,
    /// `DEFAULT_PERMISSION_CLASSES`, for views that name none.
    pub default_permissions: Vec<&'static dyn DynPermission>,
    /// `None`: lists are plain JSON arrays (DRF's default).
    pub pagination: Option<Arc<dyn DynPagination>>,
    /// `DEFAULT_THROTTLE_RATES` by scope (`anon`, `user`, or a view's `throttle_scope`).
    pub throttle_rates: IndexMap<String, Rate>,
    /// `MEDIA_URL`, where uploaded files are served (`/media/`).
    pub media_url: String,
    /// simplejwt's `SIMPLE_JWT` lifetimes.
    pub jwt: JwtSettings,
    /// The account endpoints (dj-rest-auth, simplejwt's views, the browsable API's login),
    /// when the project mounts them.
    pub accounts: Option<Arc<dyn Endpoints>>,
    /// Django's `EMAIL_BACKEND`: what sends password reset links. The default only logs.
    pub mail: Arc<dyn MailSender>,
    /// Where throttle histories live: this process, or Redis shared by every replica.
    pub throttle_cache: ThrottleCache,
    /// DRF's `NUM_PROXIES`: how many proxies in front of the server append to
    /// `X-Forwarded-For`, so that anonymous throttling keys on the client's address.
    /// `Some(0)` (the default here) ignores the header, which a client can set to anything;
    /// `None` is DRF's default, the whole header.
    pub num_proxies: Option<usize>,
    /// Django's `ALLOWED_HOSTS`; other `Host` headers get a 400 before any view runs.
    pub allowed_hosts: AllowedHosts,
    /// Django's `CSRF_TRUSTED_ORIGINS` (`https://app.example.com`, `https://*.example.com`):
    /// origins other than the server's own whose unsafe requests pass the CSRF check.
    pub csrf_trusted_origins: Vec<String>,
    /// Django's `SECURE_PROXY_SSL_HEADER`: the header and value by which the TLS-terminating
    /// proxy says a request came over HTTPS (`X-Forwarded-Proto: https`). Without it every
    /// request is plain HTTP, whatever a client claims.
    pub secure_proxy_ssl_header: Option<(HeaderName, String)>,
    /// Django's `SESSION_COOKIE_SECURE`: `sessionid` is only sent over HTTPS.
    pub session_cookie_secure: bool,
    /// Django's `CSRF_COOKIE_SECURE`: `csrftoken` is only sent over HTTPS.
    pub csrf_cookie_secure: bool,
    /// The headers of Django's `SecurityMiddleware` and `XFrameOptionsMiddleware`, on every
    /// response.
    pub security_headers: SecurityHeaders,
    /// Rates that did not parse, reported by [`Settings::check`].
    problems: Vec<String>,
}

impl Default for Settings {
    /// DRF's defaults: session then basic authentication, `AllowAny`, no pagination, no
    /// throttling, media under `/media/`; Django's development hosts
    /// ([`crate::http::hosts::DEVELOPMENT_HOSTS`]), plain-HTTP cookies. One deliberate difference:
    /// `X-Forwarded-For` is ignored until [`Settings::num_proxies`] says proxies set it.
    fn default() -> Self {
        Settings {
            default_auto_field: AutoField::BigAuto,
            authentication: vec![&SessionAuthentication, &BasicAuthentication],
            default_permissions: vec![&AllowAny],
            pagination: None,
            throttle_rates: IndexMap::new(),
            media_url: "/media/".to_string(),
            jwt: JwtSettings::default(),
            accounts: None,
            mail: Arc::new(LogMailSender),
            throttle_cache: ThrottleCache::Memory,
            num_proxies: Some(0),
            allowed_hosts: AllowedHosts::default(),
            csrf_trusted_origins: Vec::new(),
            secure_proxy_ssl_header: None,
            session_cookie_secure: false,
            csrf_cookie_secure: false,
            security_headers: SecurityHeaders::default(),
            problems: Vec::new(),
        }
    }
}

impl Settings {
    /// DRF's defaults; see [`Settings::default`].
    pub fn new() -> Self {
        Self::default()
    }

    /// The security headers every response carries (Django's defaults unless set).
    pub fn security_headers(mut self, headers: SecurityHeaders) -> Self {
        self.security_headers = headers;
        self
    }

    pub fn default_auto_field(mut self, kind: AutoField) -> Self {
        self.default_auto_field = kind;
        self
    }

    /// `DEFAULT_AUTHENTICATION_CLASSES`, replacing the defaults.
    pub fn authentication(mut self, classes: &[&'static dyn DynAuthentication]) -> Self {
        self.authentication = classes.to_vec();
        self
    }

    /// `DEFAULT_PERMISSION_CLASSES`, replacing `AllowAny`.
    pub fn default_permissions(mut self, permissions: &[&'static dyn DynPermission]) -> Self {
        self.default_permissions = permissions.to_vec();
        self
    }

    /// `DEFAULT_PAGINATION_CLASS` and `PAGE_SIZE`.
    pub fn pagination(mut self, pagination: impl Pagination) -> Self {
        self.pagination = Some(Arc::new(pagination));
        self
    }

    /// One entry of `DEFAULT_THROTTLE_RATES` (`"100/hour"`). A rate that does not parse is
    /// reported by [`Settings::check`], which [`crate::management::run`] calls before serving.
    pub fn throttle_rate(mut self, scope: &str, rate: &str) -> Self {
        match rate.parse::<Rate>() {
            Ok(parsed) => {
                self.throttle_rates.insert(scope.to_string(), parsed);
            }
            Err(error) => self
                .problems
                .push(format!("throttle rate `{scope}`: {error}")),
        }
        self
    }

    /// `MEDIA_URL`.
    pub fn media_url(mut self, url: &str) -> Self {
        self.media_url = url.to_string();
        self
    }

    /// simplejwt's `ACCESS_TOKEN_LIFETIME` and `REFRESH_TOKEN_LIFETIME`, in seconds.
    pub fn jwt_lifetimes(mut self, access: i64, refresh: i64) -> Self {
        self.jwt = JwtSettings {
            access_token_lifetime: access,
            refresh_token_lifetime: refresh,
        };
        self
    }

    /// Replaces the development [`LogMailSender`] (Django's `EMAIL_BACKEND`).
    pub fn mail_sender(mut self, sender: impl MailSender + 'static) -> Self {
        self.mail = Arc::new(sender);
        self
    }

    /// Mounts the account endpoints (see [`Accounts`](crate::accounts::Accounts)).
    pub fn accounts(mut self, accounts: impl Endpoints + 'static) -> Self {
        self.accounts = Some(Arc::new(accounts));
        self
    }

    /// Shares throttle histories through Redis (`redis://host:port/db`); [`crate::management::run`] sets
    /// it from `REDIS_URL`.
    pub fn throttle_cache(mut self, cache: ThrottleCache) -> Self {
        self.throttle_cache = cache;
        self
    }

    /// DRF's `NUM_PROXIES` (see [`Settings::num_proxies`](Settings#structfield.num_proxies)).
    pub fn num_proxies(mut self, proxies: Option<usize>) -> Self {
        self.num_proxies = proxies;
        self
    }

    /// Django's `ALLOWED_HOSTS`, replacing the development hosts.
    pub fn allowed_hosts<S: AsRef<str>>(mut self, hosts: impl IntoIterator<Item = S>) -> Self {
        self.allowed_hosts = AllowedHosts::new(hosts);
        self
    }

    /// Django's `CSRF_TRUSTED_ORIGINS`. Each must start with a scheme (`https://`), as Django
    /// requires; one that does not is reported by [`Settings::check`].
    pub fn csrf_trusted_origins<S: AsRef<str>>(
        mut self,
        origins: impl IntoIterator<Item = S>,
    ) -> Self {
        self.csrf_trusted_origins.clear();
        for origin in origins {
            let origin = origin.as_ref().trim();
            if origin.is_empty() {
                continue;
            }
            if !origin.contains("://") {
                self.problems.push(format!(
                    "CSRF trusted origin `{origin}` must start with a scheme, e.g. `https://{origin}`"
                ));
            }
            self.csrf_trusted_origins.push(origin.to_owned());
        }
        self
    }

    /// Django's `SECURE_PROXY_SSL_HEADER`: requests whose `header` (its first comma-separated
    /// value) equals `value` are HTTPS.
    pub fn secure_proxy_ssl_header(mut self, header: &str, value: &str) -> Self {
        match HeaderName::try_from(header.trim()) {
            Ok(name) => self.secure_proxy_ssl_header = Some((name, value.trim().to_owned())),
            Err(_) => self.problems.push(format!(
                "secure proxy SSL header `{header}` is not a header name"
            )),
        }
        self
    }

    /// Django's `SESSION_COOKIE_SECURE` and `CSRF_COOKIE_SECURE` together: cookies for an
    /// HTTPS-only deployment.
    pub fn secure_cookies(mut self, secure: bool) -> Self {
        self.session_cookie_secure = secure;
        self.csrf_cookie_secure = secure;
        self
    }

    /// Every problem found while building, or `Ok`.
    pub fn check(&self) -> Result<(), Vec<String>> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(self.problems.clone())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::authentication::{JwtAuthentication, TokenAuthentication};
    use crate::http::meta::AuthenticationScheme;
    use crate::http::pagination::LimitOffsetPagination;
    use crate::http::permissions::IsAuthenticated;

    #[test]
    fn builder_records_what_generated_settings_say() {
        let settings = Settings::new()
            .default_auto_field(AutoField::Auto)
            .authentication(&[&TokenAuthentication, &JwtAuthentication])
            .default_permissions(&[&IsAuthenticated])
            .pagination(LimitOffsetPagination::new(10).max_page_size(100))
            .throttle_rate("user", "5/min");
        let schemes: Vec<_> = settings
            .authentication
            .iter()
            .map(|class| class.builtin())
            .collect();
        assert_eq!(
            schemes,
            [
                Some(AuthenticationScheme::Token),
                Some(AuthenticationScheme::Jwt)
            ]
        );
        assert_eq!(
            format!("{:?}", settings.default_permissions[0]),
            "IsAuthenticated"
        );
        assert_eq!(
            format!("{:?}", settings.pagination),
            "Some(LimitOffsetPagination { default_limit: 10, max_limit: Some(100) })"
        );
        assert_eq!(settings.throttle_rates["user"].duration, 60);
    }

    #[test]
    fn a_bad_rate_is_reported_not_dropped_silently() {
        let settings = Settings::new().throttle_rate("anon", "lots");
        let problems = settings.check().unwrap_err();
        assert!(problems[0].starts_with("throttle rate `anon`: invalid throttle rate `lots`"));
    }
}
