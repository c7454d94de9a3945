//! The example projects under `examples/`, built the way their users build them: each is a
//! crate of its own (outside this workspace), so this runs `cargo clippy` and `cargo test` in
//! it. That proves the generated code — `tests/api.rs` included — compiles, is clippy-clean
//! and passes the end-to-end tests restforge generated for it.
//!
//! The examples build in `target/examples`, apart from the workspace's own target directory:
//! they resolve their dependencies with their own features, and a nested cargo must not wait
//! on the lock of the cargo running this test.

use std::path::{Path, PathBuf};
use std::process::Command;

const EXAMPLES: &[&str] = &["profiles", "bookshop", "helpdesk"];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

fn cargo(example: &str, args: &[&str]) {
    let root = workspace();
    let manifest = root.join("examples").join(example).join("Cargo.toml");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    // `--manifest-path` goes right after the subcommand, before any `--` separator.
    let output = Command::new(cargo)
        .arg(args[0])
        .arg("--manifest-path")
        .arg(&manifest)
        .args(&args[1..])
        .env("CARGO_TARGET_DIR", root.join("target/examples"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "`cargo {}` failed in examples/{example}:\n{}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn generated_projects_are_clippy_clean_and_pass_their_generated_tests() {
    for example in EXAMPLES {
        cargo(
            example,
            &["clippy", "--all-targets", "--", "-D", "warnings"],
        );
        cargo(example, &["test"]);
    }
}
