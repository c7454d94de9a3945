//! restforge as a user outside this repository gets it: the crates packaged as `cargo publish`
//! would upload them, the CLI installed from its tarball unpacked in a temporary folder, and a
//! project scaffolded by it in an empty folder, built and tested against the packaged (still
//! unpublished) crates. Those are supplied by `[patch.crates-io]` on cargo's command line, never
//! written into the project, whose files must name no path of this machine.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use restforge_core::version::requirement;

/// restforge's crates, in the order they depend on each other.
const CRATES: [&str; 4] = [
    "restforge-core",
    "restforge-generator",
    "restforge-macros",
    "restforge",
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

fn output(command: &mut Command, what: &str) -> Output {
    command
        .output()
        .unwrap_or_else(|e| panic!("{what} did not start: {e}"))
}

fn succeed(command: &mut Command, what: &str) -> String {
    let output = output(command, what);
    assert!(
        output.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Every file under `dir`, with its contents.
fn files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files(&path));
        } else {
            let contents = std::fs::read_to_string(&path).unwrap();
            found.push((path, contents));
        }
    }
    found
}

#[test]
fn the_cli_installs_from_its_package_and_scaffolds_a_project_that_builds_anywhere() {
    let root = workspace();
    let version = restforge::VERSION;
    let scratch = tempfile::tempdir().unwrap();
    let scratch = scratch.path().canonicalize().unwrap();
    assert!(
        !scratch.starts_with(&root),
        "the scratch folder must be outside the repository"
    );

    // The four tarballs, as `cargo publish` would make them (the dry runs build each one).
    let packages = scratch.join("packaged");
    succeed(
        cargo()
            .args(["package", "--workspace", "--exclude", "restforge-tests"])
            .args(["--no-verify", "--allow-dirty", "--target-dir"])
            .arg(&packages)
            .current_dir(&root),
        "cargo package",
    );
    let unpacked = scratch.join("crates");
    std::fs::create_dir(&unpacked).unwrap();
    let mut patches = Vec::new();
    for name in CRATES {
        let tarball = packages.join(format!("package/{name}-{version}.crate"));
        succeed(
            Command::new("tar")
                .arg("xzf")
                .arg(&tarball)
                .arg("-C")
                .arg(&unpacked),
            &format!("unpacking {}", tarball.display()),
        );
        let source = unpacked.join(format!("{name}-{version}"));
        patches.push("--config".to_string());
        patches.push(format!(
            "patch.crates-io.{name}.path={:?}",
            source.display()
        ));
    }

    // Installed from the generator's tarball, as `cargo install restforge-generator` will.
    let install = scratch.join("install");
    succeed(
        cargo()
            .arg("install")
            .arg("--path")
            .arg(unpacked.join(format!("restforge-generator-{version}")))
            .args(["--debug", "--root"])
            .arg(&install)
            .args(&patches)
            .env("CARGO_TARGET_DIR", root.join("target/packaging"))
            .current_dir(&scratch),
        "cargo install from the tarball",
    );
    let restforge = install.join("bin/restforge");
    let printed = succeed(
        Command::new(&restforge).arg("--version"),
        "restforge --version",
    );
    assert_eq!(printed.trim(), format!("restforge {version}"));

    // A project scaffolded in an empty folder, away from any checkout.
    let work = scratch.join("work");
    std::fs::create_dir(&work).unwrap();
    succeed(
        Command::new(&restforge)
            .args(["new", "mysite"])
            .current_dir(&work),
        "restforge new mysite",
    );
    let project = work.join("mysite");
    let manifest = std::fs::read_to_string(project.join("Cargo.toml")).unwrap();
    let dependency = format!("restforge = {:?}", requirement(version));
    assert!(
        manifest.contains(&dependency),
        "the project depends on the runtime by version ({dependency}):\n{manifest}"
    );
    let settings_path = project.join("src/settings.rs");
    let settings = std::fs::read_to_string(&settings_path).unwrap();
    assert!(
        settings.starts_with(&format!(
            "// @generated by restforge {version} from api.yaml"
        )),
        "the header names the CLI's version:\n{settings}"
    );
    assert!(settings.contains(&format!("restforge::generated_by!({version:?});")));

    // Built and tested with the packaged crates, patched in from the command line only.
    let build = |args: &[&str]| {
        let mut command = cargo();
        command
            .args(args)
            .args(&patches)
            .env("CARGO_TARGET_DIR", root.join("target/examples"))
            .current_dir(&project);
        command
    };
    succeed(
        &mut build(&["test"]),
        "cargo test in the scaffolded project",
    );

    // The project names no path of this machine: not the scratch folder it was made in, not
    // this checkout, not the home or cargo folders.
    let mut machine_paths = vec![scratch.display().to_string(), root.display().to_string()];
    for variable in ["HOME", "CARGO_HOME"] {
        if let Some(value) = std::env::var_os(variable).filter(|v| v.len() > 1) {
            machine_paths.push(value.to_string_lossy().into_owned());
        }
    }
    let project_files = files(&project);
    assert!(project_files.len() > 10, "the project has its files");
    for (path, contents) in &project_files {
        for machine_path in &machine_paths {
            assert!(
                !contents.contains(machine_path.as_str()),
                "{} names {machine_path}",
                path.display()
            );
        }
    }
    assert!(
        !manifest.contains("path"),
        "the project has a path dependency:\n{manifest}"
    );

    // The same code built with another release's runtime is refused, naming the CLI to install.
    std::fs::write(
        &settings_path,
        settings.replace(
            &format!("generated_by!({version:?})"),
            "generated_by!(\"0.99.0\")",
        ),
    )
    .unwrap();
    let refused = output(&mut build(&["check"]), "cargo check");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "built anyway:\n{stderr}");
    assert!(
        stderr.contains(&format!(
            "this code was generated by restforge 0.99.0, but is built with the restforge {version} runtime"
        )) && stderr.contains(&format!(
            "cargo install restforge-generator --version '{}'",
            requirement(version)
        )),
        "{stderr}"
    );
}
