//! The HTTP server: hyper's HTTP/1.1 with the limits a server on the internet needs, which a
//! bare `axum::serve` does not set.
//!
//! - **Header-read timeout**: a client has [`ServerOptions::header_read_timeout`] to send a
//!   request's headers, counted from when the server starts waiting for them — so a connection
//!   that sends nothing, or stays idle between keep-alive requests, is closed after it too.
//! - **Connection cap**: at most [`ServerOptions::max_connections`] at once. At the cap the
//!   server stops accepting until one closes (the kernel's backlog holds the rest) instead of
//!   running out of file descriptors, which would stop it from answering anyone. The process's
//!   open-file limit is raised to its hard limit first, as Go's runtime and most servers do.
//! - **Graceful shutdown**: when `shutdown` resolves, the server stops accepting, lets requests
//!   in flight finish (idle keep-alive connections are closed) for up to
//!   [`ServerOptions::shutdown_grace`], then returns.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// Connections that are not requests' own: the database pool, media files, logs.
const RESERVED_FILES: u64 = 128;

/// How the server treats connections; [`ServerOptions::default`] suits most deployments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerOptions {
    /// How long a client may take to send a request's headers (and how long an idle keep-alive
    /// connection stays open). 30 seconds by default, hyper's.
    pub header_read_timeout: Duration,
    /// The most connections served at once: 10,000 by default, fewer when the open-file limit
    /// (after raising it) leaves less room.
    pub max_connections: usize,
    /// How long requests in flight may take to finish once shutdown begins. 30 seconds by
    /// default (what container runtimes wait between SIGTERM and SIGKILL).
    pub shutdown_grace: Duration,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            header_read_timeout: Duration::from_secs(30),
            max_connections: 10_000,
            shutdown_grace: Duration::from_secs(30),
        }
    }
}

/// Raises the soft open-file limit to the hard one and returns how many connections fit under
/// it, at most `wanted`.
fn connections_that_fit(wanted: usize) -> usize {
    let limit = rlimit::increase_nofile_limit(u64::MAX).unwrap_or(1024);
    let room = limit.saturating_sub(RESERVED_FILES).max(1);
    wanted.min(usize::try_from(room).unwrap_or(usize::MAX))
}

/// Serves `router` on `listener` until `shutdown` resolves, then drains as described in the
/// module documentation. Each request carries the peer's address as `ConnectInfo<SocketAddr>`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    options: &ServerOptions,
    shutdown: impl Future<Output = ()> + Send,
) {
    let max_connections = connections_that_fit(options.max_connections);
    if max_connections < options.max_connections {
        tracing::warn!(
            max_connections,
            "the open-file limit allows fewer connections than configured"
        );
    }
    let slots = Arc::new(Semaphore::new(max_connections));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(options.header_read_timeout)
        .keep_alive(true);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, or a connection reset before it was accepted:
                    // keep serving the others.
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = TowerToHyperService::new(router.clone().map_request(
            move |mut request: axum::http::Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request
            },
        ));
        let connection = http.serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, %peer, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(options.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            grace_seconds = options.shutdown_grace.as_secs(),
            "requests still in flight when the shutdown grace period ended"
        );
    }
}

#[cfg(test)]
mod tests {
    use std::net::SocketAddr;

    use axum::routing::get;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;
    use tokio::sync::oneshot;

    use super::*;

    /// A guard against hanging, not a measurement: every step here takes milliseconds.
    const PATIENCE: Duration = Duration::from_secs(20);

    async fn start(
        options: ServerOptions,
    ) -> (SocketAddr, oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
        let router = Router::new().route("/", get(|| async { "ok" })).route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(300)).await;
                "done"
            }),
        );
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            serve(listener, router, &options, async {
                let _ = stopped.await;
            })
            .await;
        });
        (addr, stop, task)
    }

    async fn get_status(addr: SocketAddr, path: &str) -> String {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).await.unwrap();
        response.lines().next().unwrap_or_default().to_owned()
    }

    #[tokio::test]
    async fn a_silent_connection_is_closed_after_the_header_read_timeout() {
        let options = ServerOptions {
            header_read_timeout: Duration::from_secs(1),
            ..ServerOptions::default()
        };
        let (addr, _stop, _task) = start(options).await;
        let mut silent = TcpStream::connect(addr).await.unwrap();
        // The server ends the connection: reading reaches the end of the stream (whatever
        // hyper writes first). Without the timeout this read would wait for ever.
        let mut received = Vec::new();
        let closed = tokio::time::timeout(PATIENCE, silent.read_to_end(&mut received)).await;
        assert!(closed.is_ok(), "the silent connection was closed");
        // A connection that talks is still served.
        assert_eq!(get_status(addr, "/").await, "HTTP/1.1 200 OK");
    }

    #[tokio::test]
    async fn a_thousand_idle_connections_do_not_keep_a_request_waiting() {
        let (addr, _stop, _task) = start(ServerOptions::default()).await;
        let mut idle = Vec::new();
        for _ in 0..1_000 {
            idle.push(TcpStream::connect(addr).await.unwrap());
        }
        let status = tokio::time::timeout(PATIENCE, get_status(addr, "/"))
            .await
            .expect("answered while 1,000 connections idle");
        assert_eq!(status, "HTTP/1.1 200 OK");
        drop(idle);
    }

    #[tokio::test]
    async fn at_the_connection_cap_the_next_one_waits_for_a_free_slot() {
        let options = ServerOptions {
            max_connections: 2,
            ..ServerOptions::default()
        };
        let (addr, _stop, _task) = start(options).await;
        let first = TcpStream::connect(addr).await.unwrap();
        let _second = TcpStream::connect(addr).await.unwrap();
        let mut third = tokio::spawn(get_status(addr, "/"));
        assert!(
            tokio::time::timeout(Duration::from_millis(300), &mut third)
                .await
                .is_err(),
            "the third connection is not served while two are open"
        );
        drop(first);
        let status = tokio::time::timeout(PATIENCE, third)
            .await
            .expect("served once a slot is free")
            .unwrap();
        assert_eq!(status, "HTTP/1.1 200 OK");
    }

    #[tokio::test]
    async fn shutdown_lets_a_request_in_flight_finish() {
        let (addr, stop, task) = start(ServerOptions::default()).await;
        let in_flight = tokio::spawn(get_status(addr, "/slow"));
        // Let the request reach the handler before shutting down.
        tokio::time::sleep(Duration::from_millis(100)).await;
        stop.send(()).unwrap();
        let status = tokio::time::timeout(PATIENCE, in_flight)
            .await
            .expect("the request finishes")
            .unwrap();
        assert_eq!(status, "HTTP/1.1 200 OK");
        tokio::time::timeout(PATIENCE, task)
            .await
            .expect("serve returns once drained")
            .unwrap();
        assert!(
            TcpStream::connect(addr).await.is_err(),
            "no longer listening"
        );
    }
}
