//! Every Rust item the generator writes reads back, through the Rust front end the derives
//! use, into the IR the YAML spec gave: what the generator writes is what the derive accepts
//! and means the same thing.
//!
//! Regression (review finding 5): generated attributes the derives rejected — empty lists
//! (`permissions()`), descending index fields (`index(-created)`) — were only found when the
//! generated project failed to compile.
#![cfg(feature = "cli")]

use std::fs;
use std::path::Path;

use restforge_generator::render::{self, ContextOptions, Templates};
use restforge_generator::rust_src::{self, Options};
use restforge_generator::spec::{Model, Spec};
use restforge_generator::yaml::parse_spec;

/// A spec exercising what once did not read back: empty lists, descending and named
/// indexes, keywords as field names, `auth.User` as a serializer's model.
const EDGES: &str = r#"
project: edges
app: edges
settings:
  authentication: []
  permissions: [IsOwner]
models:
  Post:
    doc: "A post.\rSecond line."
    fields:
      type: {type: char, max_length: 20}
      match: {type: text, blank: true}
      owner: {type: foreign_key, to: auth.User, on_delete: cascade}
      created: {type: datetime, auto_now_add: true}
    unique_together:
      - [type, owner]
    indexes:
      - {fields: [-created, type]}
      - {name: post_owner_idx, fields: [-owner]}
serializers:
  PostSerializer: {model: Post, fields: [id, type, match]}
  EmptySerializer: {model: Post, fields: []}
  UserSerializer: {model: auth.User, fields: [id, username]}
permissions:
  IsOwner: {owner: owner}
viewsets:
  PostViewSet:
    serializer: PostSerializer
    permissions: []
    authentication: []
    ordering: [-pk]
    filters: {type: type}
  UserViewSet:
    serializer: UserSerializer
    actions: [list, retrieve]
    permissions: [AllowAny]
views:
  Mine:
    kind: list
    serializer: PostSerializer
    permissions: [IsOwner]
    authentication: []
routes:
  register:
    - {prefix: posts, viewset: PostViewSet}
    - {prefix: users, viewset: UserViewSet}
"#;

fn render(spec: &Spec) -> Vec<(String, String)> {
    let options = ContextOptions {
        spec_file: "api.yaml".into(),
        restforge_dependency: "\"0.1\"".into(),
        migrations: None,
    };
    render::render_project(spec, &options, &Templates::embedded())
        .expect("a checked spec renders")
        .into_iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "rs"))
        .map(|f| (f.path.display().to_string(), f.contents))
        .collect()
}

/// Reads every derived struct of the generated files back and compares it with the spec's.
fn assert_reads_back(name: &str, spec: &Spec) {
    let options = Options {
        app: None,
        default_auto_field: Some(spec.settings.default_auto_field.value),
    };
    let mut models: Vec<Model> = Vec::new();
    let (mut serializers, mut permissions, mut viewsets, mut views) =
        (vec![], vec![], vec![], vec![]);
    for (path, contents) in render(spec) {
        let file = syn::parse_file(&contents).unwrap_or_else(|e| panic!("{name}: {path}: {e}"));
        for item in file.items {
            let syn::Item::Struct(item) = item else {
                continue;
            };
            let input = syn::DeriveInput::from(item);
            let fail = |errors: Vec<restforge_generator::diagnostics::Diagnostic>| -> ! {
                let messages: Vec<String> = errors.iter().map(|d| d.to_string()).collect();
                panic!(
                    "{name}: {path}: `{}` does not read back:\n{}",
                    input.ident,
                    messages.join("\n")
                )
            };
            let derives = |derive| rust_src::derives(&input.attrs, derive);
            if derives("Model") {
                let model = rust_src::parse_model(&input, &options).unwrap_or_else(|e| fail(e));
                assert_eq!(model.app.value, spec.app.value, "{name}: {path}");
                models.push(model.model);
            } else if derives("Serializer") {
                serializers.push(
                    rust_src::parse_serializer(&input)
                        .unwrap_or_else(|e| fail(e))
                        .serializer,
                );
            } else if derives("Permission") {
                permissions.push(rust_src::parse_permission(&input).unwrap_or_else(|e| fail(e)));
            } else if derives("ViewSet") {
                viewsets.push(
                    rust_src::parse_viewset(&input)
                        .unwrap_or_else(|e| fail(e))
                        .viewset,
                );
            } else if derives("GenericView") {
                views.push(
                    rust_src::parse_view(&input)
                        .unwrap_or_else(|e| fail(e))
                        .view,
                );
            }
        }
    }
    // Docs are laid out as comment lines; the IR keeps them as written.
    let normalize_doc = |doc: &Option<String>| {
        doc.as_ref()
            .map(|d| d.replace('\r', "\n").trim_end().to_string())
    };
    let mut expected = spec.models.clone();
    for model in &mut expected {
        model.doc = normalize_doc(&model.doc);
    }
    assert_eq!(models, expected, "{name}: models");
    // Docs of the other items are compared by the models; the rest must match exactly.
    macro_rules! same_without_docs {
        ($read:expr, $written:expr, $what:literal) => {{
            let mut read = $read;
            let mut written = $written.clone();
            read.iter_mut().for_each(|item| item.doc = None);
            written.iter_mut().for_each(|item| item.doc = None);
            assert_eq!(read, written, "{name}: {}", $what);
        }};
    }
    same_without_docs!(serializers, spec.serializers, "serializers");
    same_without_docs!(permissions, spec.permissions, "permissions");
    same_without_docs!(viewsets, spec.viewsets, "viewsets");
    same_without_docs!(views, spec.views, "views");
}

#[test]
fn generated_items_of_the_examples_read_back_into_their_spec() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    for example in ["profiles", "bookshop"] {
        let text = fs::read_to_string(examples.join(example).join("api.yaml")).unwrap();
        let spec = parse_spec("api.yaml", &text).unwrap();
        assert_reads_back(example, &spec);
    }
}

#[test]
fn empty_lists_descending_indexes_and_keyword_fields_read_back() {
    let spec = parse_spec("api.yaml", EDGES).unwrap_or_else(|errors| {
        let messages: Vec<String> = errors.iter().map(|d| d.render("api.yaml")).collect();
        panic!("{}", messages.join("\n"))
    });
    assert_reads_back("edges", &spec);
    let files = render(&spec);
    let settings = &files
        .iter()
        .find(|(p, _)| p.ends_with("settings.rs"))
        .unwrap()
        .1;
    // An empty list is written, not dropped: it means none rather than the defaults.
    assert!(settings.contains(".authentication(&[])"), "{settings}");
    // A declared permission in the settings is imported where it is named.
    assert!(
        settings.contains("use crate::edges::permissions::IsOwner;"),
        "{settings}"
    );
    let serializers = &files
        .iter()
        .find(|(p, _)| p.ends_with("serializers.rs"))
        .unwrap()
        .1;
    assert!(
        serializers.contains("use restforge::contrib::auth::User;"),
        "{serializers}"
    );
    assert!(
        !serializers.contains("super::models::User"),
        "{serializers}"
    );
}
