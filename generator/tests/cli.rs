//! The `restforge` command, run as a user runs it: scaffolding, regeneration, staleness checks
//! and the safety rules (edited files are protected, dry runs and failed runs write nothing).
//!
//! The examples under `examples/` are the goldens of everything the generator writes. When a
//! change to the generator is intended, regenerate them and review the diff like code:
//!
//! ```text
//! UPDATE_GOLDEN=1 cargo test -p restforge-generator --test cli
//! git diff examples/
//! ```

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EXAMPLES: &[&str] = &["profiles", "bookshop"];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

fn restforge(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_restforge"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("restforge runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[track_caller]
fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

/// Every file under `dir` (relative path → contents), skipping build output.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name == "target" || name == "Cargo.lock" {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(
                    path.strip_prefix(root).unwrap().to_path_buf(),
                    fs::read(&path).unwrap(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn update_golden() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some()
}

/// A copy of an example project in a temporary directory.
fn copy_example(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, contents) in tree(&workspace().join("examples").join(name)) {
        let target = dir.path().join(&path);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, contents).unwrap();
    }
    dir
}

/// Examples whose own code (`main.rs`, `hooks.rs`) differs from what `new` writes: checked
/// for staleness, not against a fresh scaffold.
const CUSTOMIZED_EXAMPLES: &[&str] = &["helpdesk"];

#[test]
fn examples_are_up_to_date_with_their_specs() {
    for example in EXAMPLES.iter().chain(CUSTOMIZED_EXAMPLES) {
        let dir = workspace().join("examples").join(example);
        if update_golden() {
            let output = restforge(&["generate", "--force"], &dir);
            assert_exit(&output, 0);
        }
        let output = restforge(&["check"], &dir);
        assert_exit(&output, 0);
    }
}

#[test]
fn new_scaffolds_exactly_the_example_project() {
    for example in EXAMPLES {
        let golden = workspace().join("examples").join(example);
        let scratch = tempfile::tempdir().unwrap();
        let spec = golden.join("api.yaml");
        let output = restforge(
            &[
                "new",
                "demo",
                "--spec",
                spec.to_str().unwrap(),
                "--restforge-dependency",
                r#"{ path = "../../runtime" }"#,
            ],
            scratch.path(),
        );
        assert_exit(&output, 0);
        assert!(text(&output.stdout).contains("cargo run"));
        let created = tree(&scratch.path().join("demo"));
        let expected = tree(&golden);
        let created_names: Vec<_> = created.keys().collect();
        let expected_names: Vec<_> = expected.keys().collect();
        assert_eq!(created_names, expected_names, "layout of {example}");
        for (path, contents) in &expected {
            assert!(
                created[path] == *contents,
                "{example}: {} differs from the golden",
                path.display()
            );
        }
    }
}

/// `examples/notes` is what `restforge new notes --derive` writes: a derive-only crate, every
/// file the user's, no spec. `UPDATE_GOLDEN=1` rewrites it from a fresh scaffold.
#[test]
fn new_derive_scaffolds_exactly_the_derive_example() {
    let golden = workspace().join("examples/notes");
    let scratch = tempfile::tempdir().unwrap();
    let output = restforge(
        &[
            "new",
            "notes",
            "--derive",
            "--restforge-dependency",
            r#"{ path = "../../runtime" }"#,
        ],
        scratch.path(),
    );
    assert_exit(&output, 0);
    assert!(
        text(&output.stdout).contains("restforge makemigrations --from-src src"),
        "{}",
        text(&output.stdout)
    );
    let created = tree(&scratch.path().join("notes"));
    if update_golden() {
        for (path, contents) in &created {
            let target = golden.join(path);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::write(target, contents).unwrap();
        }
    }
    let expected = tree(&golden);
    assert_eq!(
        created.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "layout of examples/notes"
    );
    for (path, contents) in &expected {
        assert!(
            created[path] == *contents,
            "examples/notes: {} differs from what `new --derive` writes",
            path.display()
        );
    }
    // No spec, and no Rust file claims to be generated: the code is the user's.
    assert!(!created.contains_key(Path::new("api.yaml")));
    for (path, contents) in &created {
        if path.extension().is_some_and(|e| e == "rs") {
            let contents = String::from_utf8_lossy(contents);
            assert!(
                !contents.contains("@generated") && !contents.contains("generated_by!"),
                "{} claims to be generated",
                path.display()
            );
        }
    }
}

/// The derive path's loop: change a model in the sources, `makemigrations --from-src src`
/// writes the migration for every database, and a second run finds nothing to do.
#[test]
fn makemigrations_from_src_records_a_model_change_of_the_derive_example() {
    let scratch = tempfile::tempdir().unwrap();
    let project = scratch.path().join("notes");
    for (path, contents) in tree(&workspace().join("examples/notes")) {
        let target = project.join(path);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, contents).unwrap();
    }
    let models = project.join("src/notes/models.rs");
    let source = fs::read_to_string(&models).unwrap();
    let source = source.replace(
        "    #[restforge(blank)]\n    pub body: String,\n",
        "    #[restforge(blank)]\n    pub body: String,\n    #[restforge(default = false)]\n    pub pinned: bool,\n",
    );
    assert!(source.contains("pub pinned: bool"));
    fs::write(&models, source).unwrap();

    let output = restforge(&["makemigrations", "--from-src", "src"], &project);
    assert_exit(&output, 0);
    for database in ["sqlite", "postgres", "mysql"] {
        let sql =
            fs::read_to_string(project.join(format!("migrations/{database}/0003_note_pinned.sql")))
                .unwrap_or_else(|e| panic!("{database}: {e}\n{}", text(&output.stdout)));
        assert!(sql.starts_with("-- @generated by restforge "), "{sql}");
        assert!(sql.contains("pinned"), "{sql}");
    }
    let again = restforge(&["makemigrations", "--from-src", "src"], &project);
    assert_exit(&again, 0);
    assert!(
        !project
            .join("migrations/sqlite/0004_note_pinned.sql")
            .exists()
            && fs::read_dir(project.join("migrations/sqlite"))
                .unwrap()
                .count()
                == 3,
        "{}",
        text(&again.stdout)
    );
}

#[test]
fn generate_twice_writes_identical_bytes() {
    let project = copy_example("profiles");
    let output = restforge(&["generate", "--force"], project.path());
    assert_exit(&output, 0);
    let first = tree(project.path());
    let output = restforge(&["generate"], project.path());
    assert_exit(&output, 0);
    assert_eq!(text(&output.stdout), "Everything is up to date.\n");
    assert!(first == tree(project.path()));
}

#[test]
fn check_names_a_file_edited_by_hand_and_generate_protects_it() {
    let project = copy_example("profiles");
    let models = project.path().join("src/profiles/models.rs");
    let edited = fs::read_to_string(&models).unwrap().replacen(
        "pub bio: String,",
        "pub bio: String, // mine",
        1,
    );
    fs::write(&models, &edited).unwrap();

    let output = restforge(&["check"], project.path());
    assert_exit(&output, 1);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("src/profiles/models.rs was edited by hand"),
        "{stderr}"
    );

    let output = restforge(&["generate"], project.path());
    assert_exit(&output, 1);
    assert!(text(&output.stderr).contains("pass --force to overwrite it"));
    assert_eq!(fs::read_to_string(&models).unwrap(), edited);

    let output = restforge(&["generate", "--force"], project.path());
    assert_exit(&output, 0);
    assert_exit(&restforge(&["check"], project.path()), 0);
}

#[test]
fn check_names_a_stale_file() {
    let project = copy_example("profiles");
    let spec = project.path().join("api.yaml");
    let changed = fs::read_to_string(&spec)
        .unwrap()
        .replace("search_fields: [city]", "search_fields: [city, bio]");
    fs::write(&spec, changed).unwrap();
    let output = restforge(&["check"], project.path());
    assert_exit(&output, 1);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("error: src/profiles/views.rs is out of date with the spec"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("error: the project is not up to date with api.yaml (1 problem)\n"),
        "{stderr}"
    );
}

#[test]
fn dry_run_prints_a_diff_and_writes_nothing() {
    let project = copy_example("profiles");
    let spec = project.path().join("api.yaml");
    let changed = fs::read_to_string(&spec)
        .unwrap()
        .replace("search_fields: [city]", "search_fields: [city, bio]");
    fs::write(&spec, changed).unwrap();
    let before = tree(project.path());
    let output = restforge(&["generate", "--dry-run"], project.path());
    assert_exit(&output, 0);
    let diff = text(&output.stdout);
    assert!(diff.contains("--- a/src/profiles/views.rs"), "{diff}");
    assert!(diff.contains("+++ b/src/profiles/views.rs"), "{diff}");
    assert!(diff.contains(r#"search_fields("city", "bio")"#), "{diff}");
    assert!(before == tree(project.path()));
}

#[test]
fn a_bad_spec_exits_1_and_writes_nothing() {
    let project = copy_example("profiles");
    let spec = project.path().join("api.yaml");
    let broken = fs::read_to_string(&spec).unwrap().replace(
        "type: char\n        max_length: 240\n        blank: true",
        "type: chr\n        blank: true",
    );
    fs::write(&spec, broken).unwrap();
    fs::remove_file(project.path().join("src/profiles/views.rs")).unwrap();
    let before = tree(project.path());
    let output = restforge(&["generate"], project.path());
    assert_exit(&output, 1);
    let stderr = text(&output.stderr);
    assert!(stderr.contains("api.yaml:"), "{stderr}");
    assert!(stderr.contains("unknown field type `chr`"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(before == tree(project.path()));

    let scratch = tempfile::tempdir().unwrap();
    let output = restforge(
        &["new", "demo", "--spec", spec.to_str().unwrap()],
        scratch.path(),
    );
    assert_exit(&output, 1);
    assert!(!scratch.path().join("demo").exists());
}

#[test]
fn new_refuses_a_directory_that_is_not_empty() {
    let scratch = tempfile::tempdir().unwrap();
    fs::create_dir(scratch.path().join("demo")).unwrap();
    fs::write(scratch.path().join("demo/notes.txt"), "mine").unwrap();
    let output = restforge(&["new", "demo"], scratch.path());
    assert_exit(&output, 1);
    assert!(text(&output.stderr).contains("already exists and is not empty"));
    assert_eq!(
        fs::read_dir(scratch.path().join("demo")).unwrap().count(),
        1
    );
}

/// The dependency line of a scaffolded project's Cargo.toml.
fn restforge_dependency(project: &Path) -> String {
    let manifest = fs::read_to_string(project.join("Cargo.toml")).unwrap();
    manifest
        .lines()
        .find(|line| line.starts_with("restforge = "))
        .unwrap_or_else(|| panic!("no restforge dependency in:\n{manifest}"))
        .to_string()
}

#[test]
fn new_depends_on_the_runtime_by_version() {
    let scratch = tempfile::tempdir().unwrap();
    let output = restforge(&["new", "demo"], scratch.path());
    assert_exit(&output, 0);
    let version = env!("CARGO_PKG_VERSION");
    let (major, rest) = version.split_once('.').unwrap();
    let minor = rest.split('.').next().unwrap();
    assert_eq!(major, "0", "past 0.x the requirement is ~major.minor");
    assert_eq!(
        restforge_dependency(&scratch.path().join("demo")),
        format!("restforge = \"0.{minor}\"")
    );
}

#[test]
fn new_with_restforge_path_depends_on_a_checkout_by_relative_path() {
    let scratch = tempfile::tempdir().unwrap();
    let checkout = scratch.path().join("src/restforge");
    fs::create_dir_all(checkout.join("runtime")).unwrap();
    fs::write(
        checkout.join("runtime/Cargo.toml"),
        "[package]\nname = \"restforge\"\n",
    )
    .unwrap();
    let projects = scratch.path().join("projects");
    fs::create_dir(&projects).unwrap();

    // The checkout or its runtime folder, relative to where the command runs.
    for (given, name) in [
        ("../src/restforge", "one"),
        ("../src/restforge/runtime", "two"),
    ] {
        let output = restforge(&["new", name, "--restforge-path", given], &projects);
        assert_exit(&output, 0);
        assert_eq!(
            restforge_dependency(&projects.join(name)),
            r#"restforge = { path = "../../src/restforge/runtime" }"#
        );
    }

    let output = restforge(&["new", "three", "--restforge-path", "../src"], &projects);
    assert_exit(&output, 1);
    assert!(
        text(&output.stderr).contains(
            "--restforge-path ../src: no restforge runtime there; give a restforge checkout or its runtime/ folder"
        ),
        "{}",
        text(&output.stderr)
    );
    assert!(!projects.join("three").exists());
}

#[test]
fn sqlmigrate_prints_one_migration() {
    let project = copy_example("profiles");
    let output = restforge(
        &["sqlmigrate", "0002", "--dialect", "postgres"],
        project.path(),
    );
    assert_exit(&output, 0);
    let sql = text(&output.stdout);
    assert!(sql.contains(r#"CREATE TABLE "profiles_profile""#), "{sql}");

    let output = restforge(&["sqlmigrate", "0099"], project.path());
    assert_exit(&output, 1);
    assert!(text(&output.stderr).contains("no migration named `0099`"));
}

#[test]
fn a_missing_spec_is_a_user_error() {
    let scratch = tempfile::tempdir().unwrap();
    let output = restforge(&["check"], scratch.path());
    assert_exit(&output, 1);
    assert!(text(&output.stderr).starts_with("error: cannot read the spec api.yaml"));
}

#[test]
fn a_template_override_replaces_one_template() {
    let project = copy_example("profiles");
    let overrides = tempfile::tempdir().unwrap();
    fs::create_dir_all(overrides.path().join("app")).unwrap();
    fs::write(
        overrides.path().join("app/signals.rs.tera"),
        "//! Receivers, from our own template.\n\nuse restforge::prelude::*;\n\n\
         /// Nothing to connect.\npub fn connect(signals: &mut Signals) {\n    let _ = signals;\n}\n",
    )
    .unwrap();
    let templates = overrides.path().to_str().unwrap();
    let output = restforge(&["generate", "--templates", templates], project.path());
    assert_exit(&output, 0);
    assert_eq!(text(&output.stdout), "wrote src/profiles/signals.rs\n");
    let signals = fs::read_to_string(project.path().join("src/profiles/signals.rs")).unwrap();
    assert!(
        signals.contains("//! Receivers, from our own template."),
        "{signals}"
    );

    fs::write(overrides.path().join("app/views.rs.tera"), "{% for x in %}").unwrap();
    let output = restforge(&["generate", "--templates", templates], project.path());
    assert_exit(&output, 1);
    let stderr = text(&output.stderr);
    assert!(stderr.contains("app/views.rs.tera"), "{stderr}");

    // A template that parses but fails to render is the user's to fix too: exit 1, not 2.
    fs::write(
        overrides.path().join("app/views.rs.tera"),
        "pub fn {{ nope }}() {}",
    )
    .unwrap();
    let output = restforge(&["generate", "--templates", templates], project.path());
    assert_exit(&output, 1);
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with("error: your template override failed"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Variable `nope` is not defined"),
        "{stderr}"
    );
}

/// Every malformed-spec fixture, through the command: all of its errors, located, exit 1,
/// and not one file written.
#[test]
fn malformed_specs_exit_1_with_every_error_and_write_nothing() {
    let fixtures = workspace().join("generator/tests/fixtures/spec_errors");
    let mut cases = 0;
    for entry in fs::read_dir(&fixtures).unwrap() {
        let case = entry.unwrap().path();
        let expected = fs::read_to_string(case.join("expected.txt")).unwrap();
        let out = tempfile::tempdir().unwrap();
        let output = restforge(
            &[
                "generate",
                "--spec",
                "api.yaml",
                "--out",
                out.path().to_str().unwrap(),
            ],
            &case,
        );
        assert_exit(&output, 1);
        let stderr = text(&output.stderr);
        let mut lines: Vec<&str> = stderr.lines().collect();
        let summary = lines.pop().unwrap();
        let count = expected.lines().count();
        let noun = if count == 1 { "error" } else { "errors" };
        assert_eq!(
            summary,
            format!("error: api.yaml has {count} {noun}; nothing was written"),
            "{}",
            case.display()
        );
        let expected: Vec<String> = expected.lines().map(|l| format!("error: {l}")).collect();
        assert_eq!(lines, expected, "{}", case.display());
        assert_eq!(
            fs::read_dir(out.path()).unwrap().count(),
            0,
            "{}",
            case.display()
        );
        cases += 1;
    }
    assert!(cases >= 20, "only {cases} fixtures");
}

#[test]
fn generate_warns_when_the_spec_changes_the_database_without_a_migration() {
    let project = copy_example("profiles");
    let spec = project.path().join("api.yaml");
    let changed = fs::read_to_string(&spec).unwrap().replace(
        "      city:\n",
        "      website:\n        type: url\n        blank: true\n      city:\n",
    );
    fs::write(&spec, changed).unwrap();
    let output = restforge(&["generate"], project.path());
    assert_exit(&output, 0);
    assert!(text(&output.stdout).contains("wrote src/profiles/models.rs"));
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with("warning: the spec changes the database ("),
        "{stderr}"
    );
    assert!(
        stderr.contains("run `restforge makemigrations`"),
        "{stderr}"
    );

    let output = restforge(&["check"], project.path());
    assert_exit(&output, 1);
    assert!(text(&output.stderr).contains("no migration records"));
}

/// Issue: a generated project holds its own code. After a spec change, `generate` rewrites
/// the generated files and leaves the user's (`src/main.rs`, the app's `hooks.rs`,
/// `Cargo.toml`) byte for byte as they were; `check` is green afterwards.
#[test]
fn generate_after_a_spec_change_keeps_the_users_files() {
    let project = copy_example("helpdesk");
    let owned = [
        "src/main.rs",
        "src/desk/hooks.rs",
        "Cargo.toml",
        ".gitignore",
    ];
    let before: Vec<Vec<u8>> = owned
        .iter()
        .map(|path| fs::read(project.path().join(path)).unwrap())
        .collect();
    let spec = project.path().join("api.yaml");
    let changed = fs::read_to_string(&spec)
        .unwrap()
        .replace(
            "search_fields: [title]",
            "search_fields: [title, description]",
        )
        .replace(
            "  CommentViewSet:\n",
            "  CommentViewSet:\n    hooks: true\n",
        );
    fs::write(&spec, changed).unwrap();
    let output = restforge(&["generate"], project.path());
    assert_exit(&output, 0);
    assert!(
        text(&output.stdout).contains("wrote src/desk/views.rs"),
        "{}",
        text(&output.stdout)
    );
    for (path, before) in owned.iter().zip(before) {
        assert!(
            fs::read(project.path().join(path)).unwrap() == before,
            "{path} changed"
        );
    }
    assert_exit(&restforge(&["check"], project.path()), 0);
}
