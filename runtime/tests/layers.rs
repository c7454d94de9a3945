//! The runtime's folders are layers: each may import only itself and the folders before it.
//!
//! `core` → `db` → `contrib` → `http` → `accounts` → `management` → `testing`. Code outside
//! `#[cfg(test)]` items is read token by token for `crate::…` (and `restforge::…`, the crate's
//! own name) paths; a path into a later folder, or into a root-level module other than a
//! folder, fails the test with its file and line.

use std::fs;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// The folders of `runtime/src`, lowest first.
const LAYERS: [&str; 7] = [
    "core",
    "db",
    "contrib",
    "http",
    "accounts",
    "management",
    "testing",
];

/// Root-level files: they assemble the crate's public surface and may import any folder, but
/// no folder may import them.
const ROOT_FILES: [&str; 2] = ["lib.rs", "prelude.rs"];

/// One `crate::<first>` path found in non-test code.
#[derive(Debug, PartialEq)]
struct Use {
    first: String,
    line: usize,
}

/// The first segment of every `crate::…` / `restforge::…` path in `source`, skipping items
/// under `#[cfg(test)]`.
fn crate_paths(source: &str) -> Vec<Use> {
    let tokens = TokenStream::from_str(source).expect("the runtime's sources parse as tokens");
    let mut found = Vec::new();
    scan(tokens, &mut found);
    found
}

fn scan(tokens: TokenStream, found: &mut Vec<Use>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut i = 0;
    while i < tokens.len() {
        if is_cfg_test(&tokens, i) {
            i = end_of_item(&tokens, i + 2);
            continue;
        }
        match &tokens[i] {
            TokenTree::Ident(ident)
                if (ident == "crate" || ident == "restforge") && is_path_sep(&tokens, i + 1) =>
            {
                let line = ident.span().start().line;
                match tokens.get(i + 3) {
                    Some(TokenTree::Ident(first)) => found.push(Use {
                        first: first.to_string(),
                        line,
                    }),
                    // `use crate::{a, b::c};`: the first segment of each branch.
                    Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace => {
                        for branch in split_commas(group.stream()) {
                            if let Some(TokenTree::Ident(first)) = branch.first() {
                                found.push(Use {
                                    first: first.to_string(),
                                    line: first.span().start().line,
                                });
                            }
                        }
                    }
                    _ => {}
                }
                i += 3;
            }
            TokenTree::Group(group) => {
                scan(group.stream(), found);
                i += 1;
            }
            _ => i += 1,
        }
    }
}

/// `#` `[cfg(test)]` at `i`.
fn is_cfg_test(tokens: &[TokenTree], i: usize) -> bool {
    let (Some(TokenTree::Punct(hash)), Some(TokenTree::Group(attr))) =
        (tokens.get(i), tokens.get(i + 1))
    else {
        return false;
    };
    let text: String = attr.stream().to_string().split_whitespace().collect();
    hash.as_char() == '#' && attr.delimiter() == Delimiter::Bracket && text == "cfg(test)"
}

/// The index after the item starting at `i`: its `;` or its first `{ … }` body.
fn end_of_item(tokens: &[TokenTree], mut i: usize) -> usize {
    while i < tokens.len() {
        match &tokens[i] {
            TokenTree::Punct(p) if p.as_char() == ';' => return i + 1,
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => return i + 1,
            _ => i += 1,
        }
    }
    i
}

fn is_path_sep(tokens: &[TokenTree], i: usize) -> bool {
    matches!(
        (tokens.get(i), tokens.get(i + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
            if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':'
    )
}

fn split_commas(stream: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut branches = vec![Vec::new()];
    for token in stream {
        match &token {
            TokenTree::Punct(p) if p.as_char() == ',' => branches.push(Vec::new()),
            _ => branches.last_mut().unwrap().push(token),
        }
    }
    branches
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every import that goes up the layers, or into a root file, as `file:line: message`.
fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    for file in files {
        let relative = file.strip_prefix(src).unwrap();
        let folder = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_str()
            .unwrap();
        if ROOT_FILES.contains(&folder) {
            continue;
        }
        let Some(layer) = LAYERS.iter().position(|l| *l == folder) else {
            problems.push(format!(
                "{}: not in a layer folder; move it under one of {LAYERS:?}",
                relative.display()
            ));
            continue;
        };
        let source = fs::read_to_string(&file).unwrap();
        for found in crate_paths(&source) {
            let allowed = match LAYERS.iter().position(|l| *l == found.first) {
                Some(target) => target <= layer,
                // `restforge::__private` is what derive-generated code in the runtime names.
                None => found.first == "__private",
            };
            if !allowed {
                problems.push(format!(
                    "{}:{}: `{folder}` imports `crate::{}`, which is {}",
                    relative.display(),
                    found.line,
                    found.first,
                    if LAYERS.contains(&found.first.as_str()) {
                        "a later layer"
                    } else {
                        "not a layer folder (import from the folder that defines it)"
                    }
                ));
            }
        }
    }
    problems
}

#[test]
fn no_folder_imports_a_later_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let problems = violations(&src);
    assert!(
        problems.is_empty(),
        "the runtime's layers are {}; these imports break them:\n{}",
        LAYERS.join(" → "),
        problems.join("\n")
    );
}

#[test]
fn the_scanner_sees_paths_in_braces_and_skips_test_items() {
    let source = "
        use crate::db::Database;
        use crate::{http::app::AppState, core::value::Value};
        fn f() { let _ = restforge::accounts::Accounts::new(); }
        #[cfg(test)]
        mod tests { use crate::management::run; }
        #[cfg(test)]
        use crate::testing::TestServer;
        /// Docs mention crate::testing without importing it.
        fn g() {}
    ";
    let firsts: Vec<(String, usize)> = crate_paths(source)
        .into_iter()
        .map(|u| (u.first, u.line))
        .collect();
    assert_eq!(
        firsts,
        [
            ("db".to_string(), 2),
            ("http".to_string(), 3),
            ("core".to_string(), 3),
            ("accounts".to_string(), 4),
        ]
    );
}

#[test]
fn an_upward_import_is_reported_with_its_file_and_line() {
    let src = tempfile::tempdir().unwrap();
    fs::create_dir_all(src.path().join("db")).unwrap();
    fs::write(
        src.path().join("db/query.rs"),
        "use crate::core::value::Value;\nuse crate::http::request::Request;\n",
    )
    .unwrap();
    fs::write(src.path().join("stray.rs"), "").unwrap();
    assert_eq!(
        violations(src.path()),
        [
            "db/query.rs:2: `db` imports `crate::http`, which is a later layer".to_string(),
            format!("stray.rs: not in a layer folder; move it under one of {LAYERS:?}"),
        ]
    );
}
