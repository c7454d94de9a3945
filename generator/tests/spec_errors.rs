//! Golden diagnostics for malformed specs, and the example specs reading cleanly.
//!
//! Every `fixtures/spec_errors/<case>/api.yaml` must be rejected, and its diagnostics, rendered
//! one per line with the file named `api.yaml`, must equal `<case>/expected.txt` byte for byte.
//!
//! To accept new output, run
//! `UPDATE_GOLDEN=1 cargo test -p restforge-generator --test spec_errors`, which rewrites every
//! `expected.txt` instead of comparing; then review the change with `git diff` like code.
#![cfg(feature = "cli")]

use std::fs;
use std::path::{Path, PathBuf};

use restforge_generator::yaml::parse_spec;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spec_errors")
}

/// The rendered diagnostics of one spec, one per line; a spec that reads cleanly renders as a
/// line saying so, which never matches an `expected.txt` of real errors.
fn render(text: &str) -> String {
    match parse_spec("api.yaml", text) {
        Ok(_) => "(no diagnostics: the spec was accepted)\n".to_string(),
        Err(errors) => errors
            .iter()
            .map(|error| error.render("api.yaml") + "\n")
            .collect(),
    }
}

#[test]
fn malformed_specs_report_the_expected_diagnostics() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut cases: Vec<PathBuf> = fs::read_dir(fixtures())
        .expect("fixtures/spec_errors exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.join("api.yaml").is_file())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 24,
        "expected at least 24 cases, found {}",
        cases.len()
    );

    let mut failures = Vec::new();
    for case in &cases {
        let text = fs::read_to_string(case.join("api.yaml")).unwrap();
        let actual = render(&text);
        assert!(
            !actual.starts_with("(no diagnostics"),
            "{}: the spec was accepted, but every fixture must be rejected",
            case.display()
        );
        let expected_path = case.join("expected.txt");
        if update {
            fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!(
                "--- {}\nexpected:\n{expected}actual:\n{actual}",
                case.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) differ (UPDATE_GOLDEN=1 rewrites them):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn example_specs_read_without_diagnostics() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    for example in ["profiles", "bookshop"] {
        let text = fs::read_to_string(examples.join(example).join("api.yaml")).unwrap();
        if let Err(errors) = parse_spec("api.yaml", &text) {
            let rendered: Vec<String> = errors.iter().map(|e| e.render("api.yaml")).collect();
            panic!("examples/{example}/api.yaml:\n{}", rendered.join("\n"));
        }
    }
}

/// The reference spec reads into the IR it describes, not merely without errors.
#[test]
fn the_profiles_spec_reads_into_the_expected_ir() {
    use restforge_generator::spec::{
        Action, FieldKind, OnDelete, SerializerFields, ThrottlePeriod,
    };

    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let text = fs::read_to_string(examples.join("profiles/api.yaml")).unwrap();
    let spec = parse_spec("api.yaml", &text).unwrap();
    assert_eq!(spec.project.value, "profiles_api");
    let profile = &spec.models[0];
    assert_eq!(profile.name.value, "Profile");
    let user = profile.field("user").unwrap();
    assert_eq!(user.kind.value, FieldKind::OneToOne);
    let relation = user.relation.as_ref().unwrap();
    assert!(relation.to.value.is_auth_user());
    assert_eq!(
        relation.on_delete.as_ref().unwrap().value,
        OnDelete::Cascade
    );
    let bio = profile.field("bio").unwrap();
    assert_eq!(bio.max_length.as_ref().unwrap().value, 240);
    assert!(bio.blank.value);
    assert!(profile.field("avatar").unwrap().null.value);
    assert_eq!(spec.settings.throttling[0].requests, 100);
    assert_eq!(spec.settings.throttling[0].period, ThrottlePeriod::Hour);
    // The tutorial's order for its declared fields (see the spec's comment).
    let SerializerFields::Only(fields) = &spec.serializers[0].fields else {
        panic!("ProfileSerializer lists its fields");
    };
    let names: Vec<&str> = fields.iter().map(|f| f.value.as_str()).collect();
    assert_eq!(names, ["id", "user", "avatar", "bio", "city"]);
    assert_eq!(spec.serializers[2].fields, SerializerFields::All);
    let statuses = &spec.viewsets[1];
    assert_eq!(statuses.actions.len(), Action::ALL.len());
    assert_eq!(
        statuses.filters[0].path.value,
        "user_profile__user__username"
    );
    assert_eq!(statuses.on_create[0].value.path, ["profile"]);
    assert_eq!(
        spec.permissions[1].owner.as_ref().unwrap().value,
        ["user_profile", "user"]
    );
    assert_eq!(
        spec.routes.registrations[1]
            .basename
            .as_ref()
            .unwrap()
            .value,
        "status"
    );
    // Positions are 1-based lines and columns of the spec file.
    let bio_line = text.lines().position(|l| l == "      bio:").unwrap() + 1;
    assert_eq!(
        format!("{:?}", bio.name.origin),
        format!("{:?}", restforge_generator::spec::Origin::yaml(bio_line, 7))
    );
}

/// Whatever is cut from a valid spec, reading it reports diagnostics rather than panicking
/// (a half-read item must never reach the checks or an `expect`).
#[test]
fn damaged_specs_never_panic() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    for example in ["profiles", "bookshop"] {
        let text = fs::read_to_string(examples.join(example).join("api.yaml")).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for i in 0..lines.len() {
            let without_line: Vec<&str> = lines
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, l)| *l)
                .collect();
            let _ = parse_spec("api.yaml", &without_line.join("\n"));
            let _ = parse_spec("api.yaml", &lines[..i].join("\n"));
            // Turning a value into an empty one exercises every "missing or null" path.
            if let Some((key, _)) = lines[i].split_once(": ") {
                let mut emptied = lines.clone();
                let blank = format!("{key}:");
                emptied[i] = &blank;
                let _ = parse_spec("api.yaml", &emptied.join("\n"));
            }
        }
    }
}
