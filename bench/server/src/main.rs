//! The reference app as generated in `examples/profiles/`, served for the benchmark.
//!
//! Differences from `examples/profiles` (`cargo run` there), both needed to measure it:
//! - throttling is off (the spec's `user: 1000/hour` would answer 429 after a second of
//!   load); the DRF app under `bench/drf/` turns it off too;
//! - `GET /__bench/statements` returns `Database::statements_executed()`, so that the
//!   script can count the SQL statements of one request.
//!
//! ```text
//! DATABASE_URL=sqlite://bench.sqlite3 restforge_bench_server migrate
//! DATABASE_URL=sqlite://bench.sqlite3 restforge_bench_server serve 127.0.0.1:8001
//! ```

/// The example's migrations, embedded from its folder as its own `src/migrations.rs` does.
mod migrations {
    pub fn migrations() -> restforge::db::Migrations {
        restforge::migrations!("../../examples/profiles/migrations")
    }
}
#[path = "../../../examples/profiles/src/profiles/mod.rs"]
mod profiles;
#[path = "../../../examples/profiles/src/settings.rs"]
mod settings;

use std::net::SocketAddr;
use std::process::ExitCode;

use restforge::http::app::{AppState, SecretKey};
use restforge::db::Database;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite://db.sqlite3".into());
    let db = match Database::connect(&url).await {
        Ok(db) => db,
        Err(error) => {
            eprintln!("error: cannot connect: {error}");
            return ExitCode::from(2);
        }
    };
    if let Err(error) = db.apply(&migrations::migrations()).await {
        eprintln!("error: migrate: {error}");
        return ExitCode::from(2);
    }
    match args.get(1).map(String::as_str) {
        Some("migrate") => ExitCode::SUCCESS,
        Some("serve") => {
            let addr: SocketAddr = args
                .get(2)
                .map_or("127.0.0.1:8001", String::as_str)
                .parse()
                .expect("an address such as 127.0.0.1:8001");
            serve(db, addr).await
        }
        _ => {
            eprintln!("usage: restforge_bench_server migrate | serve [ADDR]");
            ExitCode::from(1)
        }
    }
}

async fn serve(db: Database, addr: SocketAddr) -> ExitCode {
    let mut settings = settings::settings();
    settings.throttle_rates.clear();
    let app = profiles::app();
    let state = AppState::new(db.clone(), settings, &app)
        .media_root("media")
        .secret_key(SecretKey::new("restforge-bench-secret-key"));
    let counter = db.clone();
    let router = restforge::http::router::build(&app, state).route(
        "/__bench/statements",
        axum::routing::get(move || {
            let counter = counter.clone();
            async move { counter.statements_executed().to_string() }
        }),
    );
    let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
    eprintln!("Serving on http://{addr}/");
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
    .expect("serve");
    ExitCode::SUCCESS
}
