//! tracker: a small issue tracker written by hand with restforge's derive macros — no YAML
//! spec. Models, serializers, permissions, views, routes and settings are ordinary Rust in
//! `src/tracker/`; the SQL migrations were written from the models by
//! `restforge makemigrations --from-src examples/handwritten/src`.
//!
//! ```text
//! cargo run                          # migrate, then serve on http://127.0.0.1:8000
//! cargo run -- createuser alice      # make a user and print their token
//! cargo run -- --help                # every command
//! ```
//!
//! Then, with the token printed by `createuser`:
//!
//! ```text
//! T="Authorization: Token <token>"
//! curl -H "$T" http://127.0.0.1:8000/api/
//! curl -H "$T" -H 'Content-Type: application/json' -d '{"name":"Website","slug":"web"}' \
//!      http://127.0.0.1:8000/api/projects/
//! curl -H "$T" -d 'name=bug' http://127.0.0.1:8000/api/labels/
//! curl -H "$T" -d 'project=1&title=Broken+link&labels=1' http://127.0.0.1:8000/api/issues/
//! curl -H "$T" 'http://127.0.0.1:8000/api/issues/?status=open&search=link'
//! curl -H "$T" -X PATCH -H 'Content-Type: application/json' -d '{"status":"closed"}' \
//!      http://127.0.0.1:8000/api/issues/1/
//! curl -H "$T" -d 'issue=1&body=Fixed+in+main' http://127.0.0.1:8000/api/comments/
//! curl -H "$T" -X OPTIONS http://127.0.0.1:8000/api/issues/
//! ```
//!
//! Reporting an issue needs a membership (`Member`, one-to-one with the user); a user
//! without one is refused with 403.

mod migrations;
mod settings;
mod tracker;

fn main() -> std::process::ExitCode {
    restforge::run(
        settings::settings(),
        tracker::app(),
        migrations::migrations(),
    )
}
