//! The log of a served app: `tracing` events to standard error, filtered by `RUST_LOG`
//! (default `info`: the access log, warnings, errors), as text, or as one JSON object per line
//! with `LOG_FORMAT=json` for log shippers.
//!
//! What is logged never holds a secret: the access log has no query string and no header, a
//! 500's cause is the server's own error, mail bodies (with reset links) are never logged.

/// Installs the subscriber, unless the program already installed one of its own.
pub fn init() {
    use tracing_subscriber::EnvFilter;

    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let json = std::env::var("LOG_FORMAT").is_ok_and(|format| format.eq_ignore_ascii_case("json"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // `try_init` fails only when a subscriber is already set: the embedding program's wins.
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
