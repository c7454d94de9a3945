//! `docs/spec.md` documents every field kind the spec accepts, from the one kind table.

use restforge_generator::spec::FieldKind;

#[test]
fn the_spec_reference_lists_every_field_type() {
    let docs = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/spec.md"),
    )
    .unwrap();
    let missing: Vec<String> = FieldKind::spec_words()
        .iter()
        .map(|(word, kind)| format!("| `{word}` | `{}` |", kind.info().django_class))
        .filter(|row| !docs.contains(row.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/spec.md's field types table lacks:\n{}",
        missing.join("\n")
    );
}
