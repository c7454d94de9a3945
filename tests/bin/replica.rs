//! One replica of the reference app for the multi-process tests: serves the generated profiles
//! app on its own SQLite database with the user throttle counted in Redis, creates `alice`,
//! prints `<address> <token>` on one line, and serves until its standard input closes.
//!
//!   replica REDIS_URL KEY_PREFIX

#[allow(dead_code)]
#[path = "../../examples/profiles/src/profiles/mod.rs"]
mod profiles;
#[path = "../../examples/profiles/src/settings.rs"]
mod settings;

use std::io::{BufRead, Write};

use restforge::http::throttle::ThrottleCache;
use restforge::testing::{TestDatabase, TestServer};

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(url), Some(key_prefix)) = (args.next(), args.next()) else {
        eprintln!("usage: replica REDIS_URL KEY_PREFIX");
        std::process::exit(2);
    };
    let settings = settings::settings()
        .throttle_rate("user", "3/min")
        .throttle_cache(ThrottleCache::Redis { url, key_prefix });
    let server = TestServer::start(
        settings,
        profiles::app(),
        &restforge_tests::migrations::profiles(),
        TestDatabase::Sqlite,
    )
    .await
    .expect("the replica starts");
    // Every replica's database holds user 1, so both count `throttle_user_1`.
    let alice = server.create_user("alice").await;
    println!("{} {}", server.addr, alice.token);
    std::io::stdout().flush().expect("stdout");
    // Serve until the test closes our standard input.
    tokio::task::spawn_blocking(|| {
        let stdin = std::io::stdin();
        for _ in stdin.lock().lines() {}
    })
    .await
    .expect("stdin");
    server.stop().await;
}
