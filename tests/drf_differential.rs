//! The differential test against real DRF (`tests/drf/run.py`): every example served by
//! restforge and by its Django + DRF twin, on fresh databases, driven by the same request
//! script; every response must be identical (status, the headers a client reads, the body
//! with its key order). The harness installs its pinned Django/DRF into `tests/drf/.venv`
//! from PyPI on first use; without Python, or when that install fails (no network to the
//! package index), the test says so and skips.

use std::path::Path;
use std::process::Command;

/// The harness's exit code for "could not run" (no venv could be installed).
const SKIPPED: i32 = 77;

#[test]
fn every_example_answers_as_drf_does() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    if Command::new(&python).arg("--version").output().is_err() {
        eprintln!("skipped: the DRF differential test needs {python} (set PYTHON to another)");
        return;
    }
    let output = Command::new(&python)
        .arg(root.join("tests/drf/run.py"))
        .current_dir(root)
        .env("RESTFORGE_EXAMPLES_TARGET", root.join("target/examples"))
        .output()
        .expect("the harness runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.code() == Some(SKIPPED) {
        eprintln!("skipped: {}", stderr.trim());
        return;
    }
    // The per-example lines (`profiles: 185/185 identical`), for the test log.
    println!("{stdout}");
    assert!(
        output.status.success(),
        "restforge and DRF answered differently (full reports in target/drf-differential/):\n\
         {stdout}\n{stderr}"
    );
}
