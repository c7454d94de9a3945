//! DRF's `DefaultContentNegotiation` (DRF-CONTRACT §10).
//!
//! `Accept` entries are ranked by **specificity only** (q-values are ignored); among equally
//! specific entries the server's renderer order wins. `?format=` (or a `.json` suffix) first
//! restricts the renderers, and an unknown format is a 404.
//!
//! ```
//! use restforge::http::negotiation::{select_renderer, Renderer};
//!
//! let renderers = [Renderer::Json, Renderer::BrowsableApi];
//! let chosen = select_renderer(&renderers, Some("text/html,application/json;q=0.9"), None);
//! assert_eq!(chosen.unwrap().renderer, Renderer::Json);
//! ```

use crate::http::error::ApiError;

/// A response renderer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renderer {
    /// `application/json`, format `json`.
    Json,
    /// The browsable API: `text/html`, format `api`.
    BrowsableApi,
}

impl Renderer {
    /// The media type the renderer produces.
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Json => "application/json",
            Self::BrowsableApi => "text/html",
        }
    }

    /// The `?format=` / suffix name that forces this renderer.
    pub fn format(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::BrowsableApi => "api",
        }
    }
}

/// The outcome of negotiation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Negotiated {
    /// The renderer to use.
    pub renderer: Renderer,
    /// The client's accepted media type with its parameters (`application/json; indent=4`);
    /// the JSON renderer reads `indent` from it.
    pub accepted_media_type: String,
}

/// A parsed media type as DRF's `_MediaType` sees it.
struct MediaType<'a> {
    main: &'a str,
    sub: &'a str,
    /// Lower-cased names, unquoted values.
    params: Vec<(String, &'a str)>,
}

impl<'a> MediaType<'a> {
    fn parse(text: &'a str) -> Self {
        let mut parts = text.split(';');
        let full = parts.next().unwrap_or_default().trim();
        let (main, sub) = full.split_once('/').unwrap_or((full, ""));
        let params = parts
            .filter_map(|p| {
                let (name, value) = p.split_once('=')?;
                let value = value.trim();
                let value = value
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .unwrap_or(value);
                Some((name.trim().to_lowercase(), value))
            })
            .collect();
        Self { main, sub, params }
    }

    /// 0 for `*/*`, 1 for `type/*`, 2 for a full type (with at most `q`), 3 with other params.
    fn precedence(&self) -> usize {
        if self.main == "*" {
            0
        } else if self.sub == "*" {
            1
        } else if self.params.iter().all(|(name, _)| name == "q") {
            2
        } else {
            3
        }
    }

    /// Whether a renderer's media type (no parameters) satisfies this accepted type.
    fn accepts(&self, renderer: &MediaType<'_>) -> bool {
        let part = |ours: &str, theirs: &str| ours == "*" || theirs == "*" || ours == theirs;
        part(self.sub, renderer.sub) && part(self.main, renderer.main)
    }
}

/// Picks the renderer for a request from the view's `renderers` (in server order).
///
/// `accept` is the `Accept` header (`*/*` when absent); `format` is `?format=` or the URL
/// suffix. Errors: 404 `Not found.` for a format no renderer has, 406 when nothing matches.
pub fn select_renderer(
    renderers: &[Renderer],
    accept: Option<&str>,
    format: Option<&str>,
) -> Result<Negotiated, ApiError> {
    let renderers: Vec<Renderer> = match format.filter(|f| !f.is_empty()) {
        Some(format) => {
            let matching: Vec<Renderer> = renderers
                .iter()
                .copied()
                .filter(|r| r.format() == format)
                .collect();
            if matching.is_empty() {
                return Err(ApiError::not_found());
            }
            matching
        }
        None => renderers.to_vec(),
    };
    let accepts: Vec<&str> = accept.unwrap_or("*/*").split(',').map(str::trim).collect();
    for precedence in (0..=3).rev() {
        let level: Vec<(&str, MediaType<'_>)> = accepts
            .iter()
            .map(|text| (*text, MediaType::parse(text)))
            .filter(|(_, media)| media.precedence() == precedence)
            .collect();
        for renderer in &renderers {
            let ours = MediaType::parse(renderer.media_type());
            for (text, media) in &level {
                if !media.accepts(&ours) {
                    continue;
                }
                // DRF rebuilds the type from the renderer's when the client's entry carries
                // parameters (`application/json; indent=4` → `application/json;indent=4`).
                let accepted_media_type = if media.precedence() > ours.precedence() {
                    std::iter::once(renderer.media_type().to_owned())
                        .chain(media.params.iter().map(|(k, v)| format!("{k}={v}")))
                        .collect::<Vec<_>>()
                        .join(";")
                } else {
                    text.to_string()
                };
                return Ok(Negotiated {
                    renderer: *renderer,
                    accepted_media_type,
                });
            }
        }
    }
    Err(ApiError::NotAcceptable)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOTH: [Renderer; 2] = [Renderer::Json, Renderer::BrowsableApi];

    fn pick(accept: Option<&str>, format: Option<&str>) -> Result<Negotiated, u16> {
        select_renderer(&BOTH, accept, format).map_err(|e| e.status().as_u16())
    }

    #[test]
    fn specificity_beats_q_values_and_server_order_breaks_ties() {
        let renderer = |accept| pick(Some(accept), None).unwrap().renderer;
        assert_eq!(renderer("text/html,application/json;q=0.9"), Renderer::Json);
        assert_eq!(renderer("*/*"), Renderer::Json);
        assert_eq!(
            renderer("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
            Renderer::BrowsableApi
        );
        assert_eq!(renderer("text/*"), Renderer::BrowsableApi);
        assert_eq!(pick(None, None).unwrap().renderer, Renderer::Json);
    }

    #[test]
    fn unsatisfiable_accept_is_406_and_unknown_format_404() {
        assert_eq!(pick(Some("application/xml"), None), Err(406));
        assert_eq!(pick(Some(""), None), Err(406));
        assert_eq!(pick(None, Some("xml")), Err(404));
        assert_eq!(pick(Some("text/html"), Some("json")), Err(406));
        assert_eq!(
            pick(Some("text/html"), Some("api")).unwrap().renderer,
            Renderer::BrowsableApi
        );
        assert_eq!(
            pick(Some("text/html"), None).unwrap().renderer,
            Renderer::BrowsableApi
        );
        assert_eq!(pick(None, Some("json")).unwrap().renderer, Renderer::Json);
    }

    #[test]
    fn accepted_media_type_keeps_indent() {
        let chosen = pick(Some("application/json; indent=4"), None).unwrap();
        assert_eq!(chosen.accepted_media_type, "application/json;indent=4");
        assert_eq!(
            crate::core::json::indent_from_media_type(&chosen.accepted_media_type),
            Some(4)
        );
        let wildcard = pick(Some("*/*; indent=2"), None).unwrap();
        assert_eq!(wildcard.accepted_media_type, "*/*; indent=2");
        assert_eq!(
            crate::core::json::indent_from_media_type(&wildcard.accepted_media_type),
            Some(2)
        );
    }
}
