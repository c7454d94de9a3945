//! Faults the reference app must survive: its database or its Redis going away under load and
//! coming back. Each service is reached through a TCP proxy the test controls, so "down" is
//! real (connections cut, new ones refused) without stopping a server other tests share.
//! Every wait is bounded: a hang fails the test instead of stalling the suite.

#[allow(dead_code)]
#[path = "../../examples/profiles/src/profiles/mod.rs"]
mod profiles;
#[path = "../../examples/profiles/src/settings.rs"]
mod settings;

mod http;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use http::Request;
use restforge::http::throttle::ThrottleCache;
use restforge::testing::{TestDatabase, TestServer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// A guard against hanging, not a measurement.
const PATIENCE: Duration = Duration::from_secs(20);

/// A TCP proxy to `target` that can be taken down (open connections cut, new ones closed at
/// once, as a stopped server's port answers) and brought back.
struct Proxy {
    port: u16,
    up: Arc<AtomicBool>,
    /// Accept connections but never answer: a network partition rather than a stopped server.
    stalled: Arc<AtomicBool>,
    cut: watch::Sender<u64>,
}

impl Proxy {
    async fn start(target: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let stalled = Arc::new(AtomicBool::new(false));
        let (cut, _) = watch::channel(0u64);
        let (accept_up, accept_stalled, accept_cut) =
            (Arc::clone(&up), Arc::clone(&stalled), cut.clone());
        tokio::spawn(async move {
            let mut held = Vec::new();
            loop {
                let Ok((mut client, _)) = listener.accept().await else {
                    continue;
                };
                if accept_stalled.load(Ordering::SeqCst) {
                    held.push(client);
                    continue;
                }
                if !accept_up.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let target = target.clone();
                let mut cut = accept_cut.subscribe();
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(&target).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        _ = cut.changed() => {}
                    }
                });
            }
        });
        Proxy {
            port,
            up,
            stalled,
            cut,
        }
    }

    fn down(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.cut.send_modify(|n| *n += 1);
    }

    fn up(&self) {
        self.stalled.store(false, Ordering::SeqCst);
        self.up.store(true, Ordering::SeqCst);
    }

    fn stall(&self) {
        self.stalled.store(true, Ordering::SeqCst);
        self.cut.send_modify(|n| *n += 1);
    }
}

/// `scheme://user@host:port/rest` with the host and port replaced by the proxy's.
fn through(url: &str, port: u16) -> (String, String) {
    let (scheme, rest) = url.split_once("://").unwrap();
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let (user, host) = match authority.rsplit_once('@') {
        Some((user, host)) => (format!("{user}@"), host),
        None => (String::new(), authority),
    };
    (
        format!("{scheme}://{user}127.0.0.1:{port}/{path}"),
        host.to_owned(),
    )
}

/// The status of the first of at most five attempts that answers `expected` (else the last):
/// a pool or a client may need a request or two to notice that its service is back.
async fn within_five_tries(expected: u16, mut attempt: impl AsyncFnMut() -> u16) -> u16 {
    let mut status = 0;
    for _ in 0..5 {
        status = attempt().await;
        if status == expected {
            break;
        }
    }
    status
}

/// The reference app on a fresh SQLite file.
async fn start_on_sqlite() -> TestServer {
    TestServer::start(
        settings::settings(),
        profiles::app(),
        &restforge_tests::migrations::profiles(),
        TestDatabase::Sqlite,
    )
    .await
    .expect("the server starts")
}

async fn create_status(server: &TestServer, token: &str) -> u16 {
    let request = Request::new("POST", "/api/status/")
        .token(token)
        .json(r#"{"status_content":"still here?"}"#);
    tokio::time::timeout(PATIENCE, server.send(request))
        .await
        .expect("an answer, not a hang")
        .status
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_going_away_fails_requests_fast_and_coming_back_heals() {
    let Ok(url) = std::env::var("DATABASE_URL_POSTGRES") else {
        eprintln!("skipped: DATABASE_URL_POSTGRES is not set");
        return;
    };
    let (_, host) = through(&url, 0);
    let proxy = Proxy::start(host).await;
    let (proxied, _) = through(&url, proxy.port);
    let server = TestServer::start(
        settings::settings()
            .throttle_rate("user", "100000/hour")
            .throttle_rate("anon", "100000/hour"),
        profiles::app(),
        &restforge_tests::migrations::profiles(),
        TestDatabase::Postgres(proxied),
    )
    .await
    .expect("the server starts through the proxy");
    let alice = server.create_user("alice").await;
    assert_eq!(create_status(&server, &alice.token).await, 201);

    proxy.down();
    for _ in 0..3 {
        // Django answers a lost database with its 500 page; so does restforge, in bounded time.
        assert_eq!(create_status(&server, &alice.token).await, 500);
    }

    // A partition: connections are accepted and never answered. The request waits for a
    // connection at most the pool's acquire timeout (10 s), then gets the 500.
    proxy.stall();
    assert_eq!(create_status(&server, &alice.token).await, 500);

    proxy.up();
    // The pool replaces the connections it lost; no restart of the app.
    let status = within_five_tries(201, async || create_status(&server, &alice.token).await).await;
    assert_eq!(
        status, 201,
        "requests succeed again once the database is back"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_going_away_lets_requests_through_and_coming_back_throttles_again() {
    let Ok(url) = std::env::var("REDIS_URL") else {
        eprintln!("skipped: REDIS_URL is not set");
        return;
    };
    let (_, host) = through(&url, 0);
    let proxy = Proxy::start(host).await;
    let (proxied, _) = through(&url, proxy.port);
    let prefix = format!("faults-{}:", std::process::id());
    let server = TestServer::start(
        settings::settings()
            .throttle_rate("user", "3/min")
            .throttle_cache(ThrottleCache::Redis {
                url: proxied,
                key_prefix: prefix,
            }),
        profiles::app(),
        &restforge_tests::migrations::profiles(),
        TestDatabase::Sqlite,
    )
    .await
    .expect("the server starts");
    let alice = server.create_user("alice").await;
    let list = || async {
        tokio::time::timeout(
            PATIENCE,
            server.send(Request::new("GET", "/api/status/").token(&alice.token)),
        )
        .await
        .expect("an answer, not a hang")
        .status
    };
    for _ in 0..3 {
        assert_eq!(list().await, 200);
    }
    assert_eq!(list().await, 429, "throttled through Redis");

    proxy.down();
    for _ in 0..5 {
        assert_eq!(
            list().await,
            200,
            "an outage of the cache is not an outage of the API"
        );
    }

    proxy.up();
    let status = within_five_tries(429, list).await;
    assert_eq!(status, 429, "throttling resumes once Redis is back");
    server.stop().await;
}

/// Another process holds SQLite's write lock (a backup, a migration run by hand): writes fail
/// with a 500 once SQLite's busy timeout (5 s) passes, reads go on (WAL), and writes work again
/// once the lock is released. Needs `python3` for the other process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_file_locked_by_another_process_fails_writes_without_hanging() {
    let server = start_on_sqlite().await;
    let alice = server.create_user("alice").await;
    let file = server.media_root().parent().unwrap().join("db.sqlite3");
    let locker = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import sqlite3, sys, time\n\
             c = sqlite3.connect(sys.argv[1], isolation_level=None)\n\
             c.execute('BEGIN EXCLUSIVE')\n\
             print('locked', flush=True)\n\
             sys.stdin.read()\n",
        )
        .arg(&file)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn();
    let Ok(mut locker) = locker else {
        eprintln!("skipped: python3 is needed to lock the file from another process");
        return;
    };
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(locker.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    assert_eq!(line.trim(), "locked");

    assert_eq!(create_status(&server, &alice.token).await, 500);
    let read = tokio::time::timeout(
        PATIENCE,
        server.send(Request::new("GET", "/api/status/").token(&alice.token)),
    )
    .await
    .expect("an answer");
    assert_eq!(read.status, 200, "reads go on under WAL");

    drop(locker.stdin.take());
    locker.wait().unwrap();
    assert_eq!(create_status(&server, &alice.token).await, 201);
    server.stop().await;
}

/// The media folder fills up: the upload is a 500 (logged), and nothing of it is left in the
/// folder, under its name or any other. The folder is a 64 KiB tmpfs mounted for the test
/// (skipped, saying so, where mounting is not allowed).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_leaves_no_partial_upload() {
    let server = start_on_sqlite().await;
    let media = server.media_root();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&media)
        .output();
    if !mounted.as_ref().is_ok_and(|out| out.status.success()) {
        eprintln!("skipped: cannot mount a small tmpfs for the media folder here ({mounted:?})");
        return;
    }
    let alice = server.create_user("alice").await;
    // A valid PNG of ~200 KB: a 1x1 image with a large ancillary text chunk.
    let png = png_with_text(200 * 1024);
    let (content_type, body) = http::multipart(&[("avatar", Some("big.png"), &png)]);
    let response = tokio::time::timeout(
        PATIENCE,
        server.send(
            Request::new("PUT", "/api/avatar/")
                .token(&alice.token)
                .body_with(&content_type, &body),
        ),
    )
    .await
    .expect("an answer");
    let left: Vec<_> = std::fs::read_dir(&media)
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    let _ = std::process::Command::new("umount").arg(&media).status();
    assert_eq!(response.status, 500, "{}", response.text());
    assert!(left.is_empty(), "files left in the media folder: {left:?}");
    // The profile still has no avatar.
    let profile = server
        .send(Request::new("GET", "/api/profiles/").token(&alice.token))
        .await;
    assert_eq!(
        profile.json()["results"][0]["avatar"],
        serde_json::Value::Null
    );
    server.stop().await;
}

/// A 1x1 PNG with a `tEXt` chunk of `size` bytes (valid CRCs, so the upload is an image).
fn png_with_text(size: usize) -> Vec<u8> {
    fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let mut crc_input = kind.to_vec();
        crc_input.extend_from_slice(data);
        out.extend_from_slice(&crc32(&crc_input).to_be_bytes());
        out
    }
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for byte in bytes {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]));
    let mut text = b"Comment\0".to_vec();
    text.resize(size, b'x');
    png.extend(chunk(b"tEXt", &text));
    // One transparent pixel: filter byte and RGBA, deflated (stored block).
    png.extend(chunk(
        b"IDAT",
        &[
            0x78, 0x01, 0x01, 0x05, 0x00, 0xfa, 0xff, 0, 0, 0, 0, 0, 0x00, 0x05, 0x00, 0x01,
        ],
    ));
    png.extend(chunk(b"IEND", b""));
    png
}

/// The app's own binary, killed with SIGKILL in the middle of a burst of writes: every write
/// it answered 201 is a row, no row is half-made, and it restarts on the same file and serves.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_in_a_write_burst_the_app_loses_nothing_it_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let binary = env!("CARGO_BIN_EXE_profiles_app");
    let command = |args: &[&str]| {
        let mut command = std::process::Command::new(binary);
        // Only what this test sets: a REDIS_URL from CI's environment would keep throttle
        // counts across the restart (and across runs).
        command
            .args(args)
            .env_clear()
            .current_dir(dir.path())
            .env(
                "DATABASE_URL",
                format!("sqlite://{}", dir.path().join("db.sqlite3").display()),
            )
            .env("SECRET_KEY", "faults-test-secret")
            .env("RUST_LOG", "warn");
        command
    };
    let created = command(&["createuser", "alice", "--password", "a long passphrase"])
        .output()
        .unwrap();
    assert!(created.status.success(), "{created:?}");
    let token = String::from_utf8(created.stdout).unwrap().trim().to_owned();
    let serve = |port: u16| {
        command(&["serve", "--addr", &format!("127.0.0.1:{port}")])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let free_port = || {
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    };
    let wait_until_serving = |port: u16| async move {
        for _ in 0..200 {
            if TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the app did not start");
    };

    let port = free_port();
    let mut app = serve(port);
    wait_until_serving(port).await;
    let addr: std::net::SocketAddr = ([127, 0, 0, 1], port).into();
    let confirmed = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let writers: Vec<_> = (0..8)
        .map(|writer| {
            let (token, confirmed) = (token.clone(), Arc::clone(&confirmed));
            tokio::spawn(async move {
                for n in 0.. {
                    let body = format!(r#"{{"status_content":"burst {writer}-{n}"}}"#);
                    let request = Request::new("POST", "/api/status/")
                        .token(&token)
                        .json(&body);
                    // The raw client panics when the connection dies: the burst ends there.
                    let sent = tokio::spawn(async move { request.send(addr).await }).await;
                    match sent {
                        Ok(response) if response.status == 201 => {
                            confirmed.fetch_add(1, Ordering::SeqCst);
                        }
                        Ok(_) => {}
                        Err(_) => break,
                    }
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(700)).await;
    app.kill().unwrap(); // SIGKILL
    app.wait().unwrap();
    for writer in writers {
        tokio::time::timeout(PATIENCE, writer)
            .await
            .expect("the writers stop")
            .unwrap();
    }
    let confirmed = confirmed.load(Ordering::SeqCst);
    assert!(confirmed > 0, "the burst wrote before the kill");

    let port = free_port();
    let mut app = serve(port);
    wait_until_serving(port).await;
    let addr: std::net::SocketAddr = ([127, 0, 0, 1], port).into();
    let list = Request::new("GET", "/api/status/?page_size=1")
        .token(&token)
        .send(addr)
        .await;
    assert_eq!(list.status, 200);
    let rows = list.json()["count"].as_u64().unwrap() as usize;
    // Every 201 is a row; at most the eight requests in flight at the kill committed unseen.
    assert!(
        (confirmed..=confirmed + 8).contains(&rows),
        "{rows} rows for {confirmed} confirmed writes"
    );
    // Each row is whole: its author and its text.
    let first = &list.json()["results"][0];
    assert_eq!(first["user_profile"], "alice");
    assert!(
        first["status_content"]
            .as_str()
            .unwrap()
            .starts_with("burst ")
    );
    app.kill().unwrap();
    app.wait().unwrap();
}
