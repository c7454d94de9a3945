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

const EXAMPLES: &[&str] = &["profiles", "bookshop", "helpdesk", "notes"];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

fn cargo(example: &str, args: &[&str]) {
    cargo_in(&workspace().join("examples").join(example), args);
}

fn cargo_in(project: &Path, args: &[&str]) {
    let root = workspace();
    let example = project.display();
    let manifest = project.join("Cargo.toml");
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
        "`cargo {}` failed in {example}:\n{}\n{}",
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

/// What `restforge new` writes once into `hooks.rs` for every item a spec marks `hooks: true`
/// (views, serializers, permissions) and every authentication class of the user's is code a
/// user starts from: it compiles clippy-clean and the project's generated tests pass. The
/// helpdesk spec without its extra actions and method fields (whose methods no skeleton can
/// write: a spec naming them does not compile until they are written) covers them all.
#[test]
fn the_hooks_skeleton_builds_and_passes_its_generated_tests() {
    let root = workspace();
    let spec = std::fs::read_to_string(root.join("examples/helpdesk/api.yaml")).unwrap();
    let start = spec
        .find("    extra_actions:")
        .expect("the helpdesk has extra actions");
    let end = spec
        .find("  CommentViewSet:")
        .expect("and a comment viewset");
    let spec = format!("{}{}", &spec[..start], &spec[end..])
        .replace("    method_fields: [comment_count]\n", "")
        .replace("comment_count, ", "");
    let scratch = tempfile::tempdir().unwrap();
    let spec_path = scratch.path().join("api.yaml");
    std::fs::write(&spec_path, spec).unwrap();
    let project = scratch.path().join("desk");
    let runtime = format!("{{ path = {:?} }}", root.join("runtime"));
    let cli = <restforge_generator::cli::Cli as clap::Parser>::try_parse_from([
        "restforge",
        "new",
        project.to_str().unwrap(),
        "--spec",
        spec_path.to_str().unwrap(),
        "--restforge-dependency",
        &runtime,
    ])
    .unwrap();
    restforge_generator::commands::run(cli.command, &mut Vec::new(), &mut Vec::new())
        .expect("the project is scaffolded");
    let hooks = std::fs::read_to_string(project.join("src/desk/hooks.rs")).unwrap();
    for item in [
        "impl Permission for IsTicketParticipant",
        "impl SerializerHooks for TicketSerializer",
        "impl ViewHooks for TicketViewSet",
        "pub struct ApiKeyAuthentication;",
        "impl Pagination for TicketPagination",
    ] {
        assert!(hooks.contains(item), "{item} missing from:\n{hooks}");
    }
    cargo_in(
        &project,
        &["clippy", "--all-targets", "--", "-D", "warnings"],
    );
    cargo_in(&project, &["test"]);
}
