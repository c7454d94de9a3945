//! Golden test of the expansions: the reference items under `tests/expand/*.rs` are expanded
//! with the same functions the derives call, pretty-printed, and compared to
//! `tests/expand/*.expanded.rs`. `UPDATE_GOLDEN=1` rewrites the expected files.

use std::path::Path;

use quote::quote;
use restforge_generator::rust_src::derives;

fn expand_file(source: &str) -> String {
    let file = syn::parse_file(source).expect("the reference file parses");
    let mut out = proc_macro2::TokenStream::new();
    for item in file.items {
        let syn::Item::Struct(item) = item else {
            continue;
        };
        let attrs = item.attrs.clone();
        let input = syn::DeriveInput::from(item);
        if derives(&attrs, "Model") {
            out.extend(crate::model::expand(&input));
        }
        if derives(&attrs, "Serializer") {
            out.extend(crate::serializer::expand(&input));
        }
        if derives(&attrs, "Permission") {
            out.extend(crate::permission::expand(&input));
        }
        if derives(&attrs, "ViewSet") {
            out.extend(crate::view::expand_viewset(&input));
        }
        if derives(&attrs, "GenericView") {
            out.extend(crate::view::expand_generic_view(&input));
        }
    }
    let file: syn::File = syn::parse2(quote!(#out)).expect("the expansion parses as a file");
    prettyplease::unparse(&file)
}

#[test]
fn expansions_match_golden_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expand");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/expand exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| {
            p.to_string_lossy().ends_with(".rs") && !p.to_string_lossy().ends_with(".expanded.rs")
        })
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty());
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut stale = Vec::new();
    for input in inputs {
        let expanded = expand_file(&std::fs::read_to_string(&input).expect("readable"));
        let golden = input.with_extension("expanded.rs");
        if update {
            std::fs::write(&golden, &expanded).expect("writable");
        } else if std::fs::read_to_string(&golden).ok().as_deref() != Some(expanded.as_str()) {
            stale.push(golden.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "expansion changed (rerun with UPDATE_GOLDEN=1 and review the diff): {stale:?}"
    );
}
