//! The end of DRF's `APIView.dispatch`: `handle_exception` turns an error into DRF's (or the
//! browsable API's) error response, `finalize_response` renders with the negotiated renderer
//! and adds `Allow` and `Vary`.

use super::*;

impl Reply {
    /// DRF's `finalize_response`: the handler's outcome, or its error through
    /// [`Reply::handle_exception`], rendered as negotiated, with `Allow`, `Vary` and the
    /// handler's extra headers; a `HEAD` keeps the headers and drops the body. `Vary` gets
    /// `Cookie` when the request read the session, as Django's `SessionMiddleware` adds it.
    pub(super) async fn finalize_response(
        self,
        result: Result<(StatusCode, Option<Json>), ApiError>,
        extra: Vec<(HeaderName, HeaderValue)>,
        ctx: &RequestContext,
    ) -> Response {
        // Django's own pages (500, a refused request) come from outside DRF: no Allow, and Vary
        // only as the session middleware adds it.
        let server_error = matches!(&result, Err(error) if error.is_django_page());
        let mut response = match result {
            Ok((status, None)) => {
                let mut response = status.into_response();
                response
                    .headers_mut()
                    .insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
                response
            }
            Ok((status, Some(body))) => render(status, &body, self.indent(), self.html()),
            Err(error) => self.handle_exception(error),
        };
        let headers = response.headers_mut();
        if !server_error && let Ok(allow) = HeaderValue::from_str(&self.allow) {
            headers.insert(header::ALLOW, allow);
        }
        let vary = match (self.varies_on_accept && !server_error, ctx.session_accessed) {
            (true, true) => Some("Accept, Cookie"),
            (true, false) => Some("Accept"),
            (false, true) => Some("Cookie"),
            (false, false) => None,
        };
        if let Some(vary) = vary {
            headers.insert(header::VARY, HeaderValue::from_static(vary));
        }
        for (name, value) in extra {
            headers.insert(name, value);
        }
        if self.head {
            head_of(response).await
        } else {
            response
        }
    }

    /// DRF's `handle_exception`: the error's status, body and headers (`WWW-Authenticate`,
    /// `Retry-After`), its body rendered as this request's renderer would (indented JSON, the
    /// browsable API); a 500 is always Django's plain page.
    fn handle_exception(&self, error: ApiError) -> Response {
        let (indent, html) = (self.indent(), self.html());
        if error.is_django_page() || (indent.is_none() && html.is_none()) {
            return error.into_response();
        }
        let status = error.status();
        let body: Json = serde_json::from_slice(&error.body()).unwrap_or(Json::Null);
        let mut rendered = render(status, &body, indent, html);
        let original = error.into_response();
        for name in [header::WWW_AUTHENTICATE, header::RETRY_AFTER] {
            if let Some(value) = original.headers().get(&name) {
                rendered.headers_mut().insert(name, value.clone());
            }
        }
        rendered
    }

    /// The JSON indent the client asked for (`Accept: application/json; indent=4`).
    fn indent(&self) -> Option<usize> {
        self.negotiated
            .as_ref()
            .and_then(|n| crate::core::json::indent_from_media_type(&n.accepted_media_type))
    }

    /// The page title's view name, when the browsable API was chosen.
    fn html(&self) -> Option<&str> {
        self.negotiated
            .as_ref()
            .is_some_and(|n| n.renderer == Renderer::BrowsableApi)
            .then_some(self.name.as_str())
    }
}

/// A rendered body: DRF's JSON, or the browsable API's page around it.
/// `html` is the page title's view name when the browsable API was chosen.
pub(super) fn render(
    status: StatusCode,
    body: &Json,
    indent: Option<usize>,
    html: Option<&str>,
) -> Response {
    if let Some(name) = html {
        let pretty = String::from_utf8(crate::core::json::to_vec_indented(body, Some(4)))
            .unwrap_or_default();
        let page = format!(
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{} \u{2013} Django REST framework</title></head>\
             <body><h1>{}</h1><pre>{}</pre></body></html>\n",
            escape_html(name),
            escape_html(name),
            escape_html(&pretty)
        );
        let mut response = (status, page).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        return response;
    }
    let bytes = crate::core::json::to_vec_indented(body, indent);
    let mut response = (status, bytes).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(crate::core::json::CONTENT_TYPE),
    );
    response
}

pub(super) fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The same response without its body, keeping its `Content-Length` (HEAD).
pub(super) async fn head_of(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let length = axum::body::to_bytes(body, usize::MAX)
        .await
        .map_or(0, |b: Bytes| b.len());
    if !parts.headers.contains_key(header::CONTENT_LENGTH) {
        parts
            .headers
            .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    Response::from_parts(parts, Body::empty())
}
