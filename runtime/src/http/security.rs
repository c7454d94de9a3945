//! The headers Django's default middleware puts on every response: `SecurityMiddleware`
//! (`X-Content-Type-Options`, `Referrer-Policy`, `Cross-Origin-Opener-Policy`) and
//! `XFrameOptionsMiddleware` (`X-Frame-Options`), so that the API, the browsable API and its
//! login page cannot be framed or sniffed, as a DRF project's cannot.
//!
//! ```
//! use restforge::axum::http::HeaderMap;
//! use restforge::http::security::SecurityHeaders;
//!
//! let mut headers = HeaderMap::new();
//! SecurityHeaders::default().apply(&mut headers);
//! assert_eq!(headers["x-frame-options"], "DENY");
//! assert_eq!(headers["x-content-type-options"], "nosniff");
//! assert_eq!(headers["referrer-policy"], "same-origin");
//! assert_eq!(headers["cross-origin-opener-policy"], "same-origin");
//! ```

use axum::http::{HeaderMap, HeaderName, HeaderValue};

/// Which security headers every response carries; `None` (or `false`) leaves one out, as the
/// Django setting set to `None` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityHeaders {
    /// `X_FRAME_OPTIONS` (`DENY`, or `SAMEORIGIN`).
    pub x_frame_options: Option<HeaderValue>,
    /// `SECURE_CONTENT_TYPE_NOSNIFF`: `X-Content-Type-Options: nosniff`.
    pub content_type_nosniff: bool,
    /// `SECURE_REFERRER_POLICY`.
    pub referrer_policy: Option<HeaderValue>,
    /// `SECURE_CROSS_ORIGIN_OPENER_POLICY`.
    pub cross_origin_opener_policy: Option<HeaderValue>,
}

impl Default for SecurityHeaders {
    /// Django 5.2's defaults.
    fn default() -> Self {
        SecurityHeaders {
            x_frame_options: Some(HeaderValue::from_static("DENY")),
            content_type_nosniff: true,
            referrer_policy: Some(HeaderValue::from_static("same-origin")),
            cross_origin_opener_policy: Some(HeaderValue::from_static("same-origin")),
        }
    }
}

impl SecurityHeaders {
    /// None of them.
    pub fn none() -> Self {
        SecurityHeaders {
            x_frame_options: None,
            content_type_nosniff: false,
            referrer_policy: None,
            cross_origin_opener_policy: None,
        }
    }

    /// Adds each header the response does not already set (a view may set its own, as a
    /// Django view may).
    pub fn apply(&self, headers: &mut HeaderMap) {
        let nosniff = self
            .content_type_nosniff
            .then(|| HeaderValue::from_static("nosniff"));
        let wanted: [(HeaderName, Option<&HeaderValue>); 4] = [
            (
                HeaderName::from_static("x-content-type-options"),
                nosniff.as_ref(),
            ),
            (
                HeaderName::from_static("referrer-policy"),
                self.referrer_policy.as_ref(),
            ),
            (
                HeaderName::from_static("cross-origin-opener-policy"),
                self.cross_origin_opener_policy.as_ref(),
            ),
            (
                HeaderName::from_static("x-frame-options"),
                self.x_frame_options.as_ref(),
            ),
        ];
        for (name, value) in wanted {
            if let Some(value) = value {
                headers.entry(name).or_insert_with(|| value.clone());
            }
        }
    }
}
