//! Compile tests of the derives: `tests/ui/pass` must build and run, and every case in
//! `tests/ui/fail` must fail with exactly its `.stderr`.
//! `TRYBUILD=overwrite cargo test -p restforge-macros --test ui` rewrites the `.stderr` files.
//!
//! The expansion goldens (`tests/expand/*.expanded.rs`) are built too: each reference file's
//! structs, without their restforge derives, followed by the golden expansion, must compile
//! and run as a program, so a golden is never code that would not build.

use std::path::{Path, PathBuf};

/// The derives whose output the goldens hold.
const DERIVES: [&str; 5] = [
    "Model",
    "Serializer",
    "Permission",
    "ViewSet",
    "GenericView",
];

/// The reference items of `tests/expand/NAME.rs` without restforge's derives and attributes,
/// then `NAME.expanded.rs`, as one program.
fn expansion_program(input: &Path) -> String {
    let source = std::fs::read_to_string(input).unwrap();
    let mut file = syn::parse_file(&source).unwrap();
    for item in &mut file.items {
        let syn::Item::Struct(item) = item else {
            continue;
        };
        item.attrs.retain(|attr| !attr.path().is_ident("restforge"));
        for attr in &mut item.attrs {
            if !attr.path().is_ident("derive") {
                continue;
            }
            let derives = attr
                .parse_args_with(
                    syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
                )
                .unwrap();
            let kept = derives
                .into_iter()
                .filter(|path| !DERIVES.iter().any(|derive| path.is_ident(derive)));
            *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
        }
        for field in &mut item.fields {
            field
                .attrs
                .retain(|attr| !attr.path().is_ident("restforge"));
        }
    }
    let expanded = std::fs::read_to_string(input.with_extension("expanded.rs")).unwrap();
    format!(
        "#![allow(dead_code, unused_imports)]\n\nuse restforge::contrib::auth::User;\nuse restforge::prelude::*;\n\n{}\n{expanded}\nfn main() {{}}\n",
        prettyplease::unparse(&file)
    )
}

/// The reference files whose expansion is self-contained: the helpdesk's calls hooks that
/// live in the example's own `hooks.rs`, which the golden does not hold.
fn expansion_goldens() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expand");
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("expanded");
    std::fs::create_dir_all(&out).unwrap();
    ["profiles"]
        .into_iter()
        .map(|name| {
            let program = out.join(format!("{name}.rs"));
            let text = expansion_program(&dir.join(format!("{name}.rs")));
            std::fs::write(&program, text).unwrap();
            program
        })
        .collect()
}

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("../tests/ui/pass/*/*.rs");
    cases.compile_fail("../tests/ui/fail/*/*.rs");
    for program in expansion_goldens() {
        cases.pass(program);
    }
}
