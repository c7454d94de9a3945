//! notes_api: an API built with restforge's derive macros.
//!
//! Every file of this crate is yours: `restforge new --derive` wrote them once and nothing
//! regenerates them. After changing a model, `restforge makemigrations --from-src src` writes
//! the migration, which `src/migrations.rs` embeds at the next build.
//!
//! ```text
//! cargo run                      # migrate, then serve on http://127.0.0.1:8000
//! cargo run -- createuser alice  # make a user and print their token
//! cargo run -- --help            # every command
//! ```

mod migrations;
mod notes;
mod settings;

fn main() -> std::process::ExitCode {
    restforge::run(settings::settings(), notes::app(), migrations::migrations())
}
