//! The access log: one line per request at `info` (target `restforge::access`), as gunicorn's
//! access log has it: the client's address, method, path, status, response size and duration.
//! The query string is left out (a client may put what it considers private there), and so is
//! every header: no token, cookie or password reaches the log.
//!
//! A 500 is logged at `error` with its request line and its cause chain, which the response
//! carries as a [`ServerErrorCause`] (the client only sees Django's page).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::body::HttpBody;
use axum::extract::{ConnectInfo, Request};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

/// Why a response is a 500: the error and its sources, `: `-separated. Set on the response by
/// [`crate::http::error::ApiError`], logged by [`log_request`].
#[derive(Debug, Clone)]
pub struct ServerErrorCause(pub Arc<str>);

impl ServerErrorCause {
    /// The cause chain of `error`.
    pub fn of(error: &(dyn std::error::Error + 'static)) -> Self {
        let mut chain = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            chain.push_str(": ");
            chain.push_str(&cause.to_string());
            source = cause.source();
        }
        ServerErrorCause(chain.into())
    }
}

/// The middleware: runs the request, then logs it.
pub async fn log_request(request: Request, next: Next) -> Response {
    // Without a subscriber that wants these lines (tests, a program with its own logging),
    // the request pays nothing for them.
    if !tracing::enabled!(target: "restforge::access", tracing::Level::ERROR) {
        return next.run(request).await;
    }
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let remote = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip().to_string())
        .unwrap_or_else(|| "-".to_owned());
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let bytes = response
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok())
        .or_else(|| response.body().size_hint().exact())
        .unwrap_or(0);
    let duration_ms = started.elapsed().as_secs_f64() * 1000.0;
    if let Some(cause) = response.extensions().get::<ServerErrorCause>() {
        tracing::error!(
            target: "restforge::access",
            %remote, %method, %path, status, cause = %cause.0,
            "internal error while handling a request"
        );
    }
    tracing::info!(
        target: "restforge::access",
        %remote, %method, %path, status, bytes, duration_ms,
        "request"
    );
    response
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::Mutex;

    use axum::Router;
    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt;

    use super::*;
    use crate::http::error::ApiError;

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[derive(Debug)]
    struct Outer(std::io::Error);

    impl std::fmt::Display for Outer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("saving the upload")
        }
    }

    impl std::error::Error for Outer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    async fn logs_of(path: &str) -> (u16, String) {
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        let app = Router::new()
            .route("/ok", get(|| async { "fine" }))
            .route(
                "/boom",
                get(|| async {
                    ApiError::internal(Outer(std::io::Error::other("No space left on device")))
                }),
            )
            .layer(axum::middleware::from_fn(log_request));
        let request = axum::http::Request::get(path).body(Body::empty()).unwrap();
        let response = app.oneshot(request).await.unwrap();
        let logs = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
        (response.status().as_u16(), logs)
    }

    #[tokio::test]
    async fn one_line_per_request_without_the_query_string() {
        let (status, logs) = logs_of("/ok?token=s3cr3t").await;
        assert_eq!(status, 200);
        assert_eq!(logs.lines().count(), 1, "{logs}");
        assert!(logs.contains(" INFO restforge::access: request"), "{logs}");
        for field in [
            "method=GET",
            "path=/ok",
            "status=200",
            "bytes=4",
            "duration_ms=",
        ] {
            assert!(logs.contains(field), "{field} in {logs}");
        }
        assert!(!logs.contains("s3cr3t"), "{logs}");
    }

    #[tokio::test]
    async fn a_500_is_logged_with_its_request_line_and_cause_chain() {
        let (status, logs) = logs_of("/boom").await;
        assert_eq!(status, 500);
        let error = logs.lines().find(|l| l.contains(" ERROR ")).expect(&logs);
        assert!(
            error.contains("path=/boom") && error.contains("method=GET"),
            "{error}"
        );
        assert!(
            error.contains("cause=saving the upload: No space left on device"),
            "{error}"
        );
        assert!(logs.contains("status=500"), "{logs}");
    }
}
