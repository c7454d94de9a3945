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

/// `docs/derive.md` has a row for every key each derive's attribute accepts, and for every
/// field kind's flag word, from the front end's own lists.
#[test]
fn the_derive_reference_lists_every_attribute() {
    use restforge_generator::rust_src::symbol;
    let docs = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/derive.md"),
    )
    .unwrap();
    let section = |heading: &str| -> String {
        let start = docs
            .find(heading)
            .unwrap_or_else(|| panic!("docs/derive.md has no `{heading}`"));
        let rest = &docs[start + heading.len()..];
        let end = rest.find("\n### ").unwrap_or(rest.len());
        rest[..end].to_string()
    };
    let mut missing = Vec::new();
    let mut expect = |heading: &str, keys: &[&str]| {
        let text = section(heading);
        for key in keys {
            if !text.contains(&format!("| `{key}` |")) {
                missing.push(format!("{heading}: `{key}`"));
            }
        }
    };
    expect("### `#[derive(Model)]`", symbol::MODEL_KEYS);
    expect("### `#[derive(Model)]`", symbol::FIELD_KEYS);
    expect("### `#[derive(Serializer)]`", symbol::SERIALIZER_KEYS);
    expect("### `#[derive(Serializer)]`", symbol::EXTRA_KEYS);
    expect("### `#[derive(Permission)]`", symbol::PERMISSION_KEYS);
    expect("### `#[derive(ViewSet)]`", symbol::VIEWSET_KEYS);
    expect("### `#[derive(ViewSet)]`", symbol::EXTRA_ACTION_KEYS);
    expect("### `#[derive(GenericView)]`", symbol::VIEW_KEYS);
    let model = section("### `#[derive(Model)]`");
    for word in FieldKind::flag_words() {
        if !model.contains(&format!("| `{word}`")) {
            missing.push(format!("field kind flag `{word}`"));
        }
    }
    for (_, kind) in FieldKind::spec_words() {
        let class = kind.info().django_class;
        if !model.contains(&format!("| `{class}` |")) && !model.contains(&format!("| `{class}(")) {
            missing.push(format!("field class `{class}`"));
        }
    }
    assert!(
        missing.is_empty(),
        "docs/derive.md's reference lacks:\n{}",
        missing.join("\n")
    );
}
