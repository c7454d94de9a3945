//! `makemigrations --from-src` on the hand-written derive example (`examples/handwritten/src`)
//! gives the operations of the same models written as a spec
//! (`fixtures/handwritten/api.yaml`): the Rust and YAML front ends must build the same IR.
//!
//!   cargo test -p restforge-generator --test migrations_from_src
#![cfg(feature = "cli")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use restforge_generator::rust_src::{self, Options};

fn restforge(args: &[&str], cwd: &Path) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_restforge"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run restforge")
}

fn ok(output: &Output, what: &str) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{what}: exit {:?}\nstdout:\n{stdout}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/handwritten")
}

fn spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/handwritten/api.yaml")
}

/// The files under `dir/migrations`, by relative path, without their first line (the
/// `@generated … from <source> (checksum …)` header names the source, which differs).
fn migration_files(dir: &Path) -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let text = std::fs::read_to_string(&path).unwrap();
                let body = text.split_once('\n').map_or("", |(_, body)| body);
                let name = path.strip_prefix(root).unwrap().display().to_string();
                out.insert(name, body.to_string());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(&dir.join("migrations"), &dir.join("migrations"), &mut out);
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

#[test]
fn the_handwritten_models_read_from_rust_equal_those_of_the_yaml_spec() {
    // More than the operations: options the schema does not record (choices, defaults,
    // related names, ordering, display) must agree too.
    let text = std::fs::read_to_string(spec()).unwrap();
    let spec = restforge_generator::yaml::parse_spec("api.yaml", &text)
        .unwrap_or_else(|errors| panic!("api.yaml: {errors:?}"));
    let options = Options {
        app: None,
        default_auto_field: Some(spec.settings.default_auto_field.value),
    };
    let models = rust_src::parse_source_dir(&example().join("src"), &options)
        .unwrap_or_else(|errors| panic!("examples/handwritten/src: {errors:?}"));
    assert!(models.iter().all(|m| m.app.value == spec.app.value));
    let models: Vec<_> = models.into_iter().map(|m| m.model).collect();
    assert_eq!(models, spec.models);
}

#[test]
fn from_src_of_the_handwritten_example_gives_the_operations_of_its_yaml_spec() {
    let scratch = tempfile::tempdir().unwrap();
    let (yaml, src) = (scratch.path().join("yaml"), scratch.path().join("src"));
    std::fs::create_dir_all(&yaml).unwrap();
    std::fs::copy(spec(), yaml.join("api.yaml")).unwrap();
    ok(&restforge(&["makemigrations"], &yaml), "makemigrations");
    let from_src = example().join("src");
    ok(
        &restforge(
            &[
                "makemigrations",
                "--from-src",
                from_src.to_str().unwrap(),
                "--out",
                src.to_str().unwrap(),
            ],
            scratch.path(),
        ),
        "makemigrations --from-src",
    );
    // The recorded operations (`NNNN_*.yaml`) and the SQL of every dialect.
    let (via_yaml, via_src) = (migration_files(&yaml), migration_files(&src));
    assert!(
        via_yaml.contains_key("0002_tracker_initial.yaml"),
        "{:?}",
        via_yaml.keys()
    );
    assert_eq!(
        via_src.keys().collect::<Vec<_>>(),
        via_yaml.keys().collect::<Vec<_>>()
    );
    for (name, body) in &via_yaml {
        assert_eq!(&via_src[name], body, "{name}: --from-src vs api.yaml");
    }
}

#[test]
fn the_handwritten_examples_migrations_replay_to_the_yaml_specs_state() {
    let scratch = tempfile::tempdir().unwrap();
    let project = scratch.path();
    std::fs::copy(spec(), project.join("api.yaml")).unwrap();
    copy_dir(&example().join("migrations"), &project.join("migrations"));
    let out = ok(
        &restforge(&["makemigrations", "--check"], project),
        "makemigrations --check on api.yaml against the example's migrations",
    );
    assert!(out.contains("No changes detected"), "{out}");
}

#[test]
fn the_handwritten_examples_migrations_are_up_to_date_with_its_models() {
    // Regression: the example's migrations were recorded before `django_session` joined the
    // built-in tables, so SessionAuthentication had no table and `--from-src` wanted a
    // `0003_session`. `--check` writes nothing.
    let from_src = example().join("src");
    let out = ok(
        &restforge(
            &[
                "makemigrations",
                "--from-src",
                from_src.to_str().unwrap(),
                "--check",
            ],
            &example(),
        ),
        "makemigrations --from-src --check on the example",
    );
    assert!(out.contains("No changes detected"), "{out}");
}
