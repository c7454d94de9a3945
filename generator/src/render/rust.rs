//! Rust output is parsed, pretty-printed and laid out like hand-written code.
//!
//! 1. `syn::parse_file` proves a template produced valid Rust (a template mistake is caught here,
//!    not by the user's compiler);
//! 2. prettyplease prints each item, and items are separated by blank lines the way a person
//!    writes them (prettyplease alone prints none);
//! 3. rustfmt, when the toolchain has it (it ships with rustup's default profile), settles the
//!    layout so that `cargo fmt --check` passes on every generated file. Its layout is stable
//!    within a style edition, so output stays byte-for-byte reproducible.

use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Parses `source` and lays it out: inner doc comments, then items separated by blank lines,
/// with consecutive `use` and `mod` items kept together.
pub fn layout(source: &str) -> Result<String, String> {
    let mut file = syn::parse_file(source).map_err(|error| {
        let start = error.span().start();
        format!(
            "{error} at line {}, column {}",
            start.line,
            start.column + 1
        )
    })?;
    let items = std::mem::take(&mut file.items);
    // `file` now holds no items; it is reused to print one piece at a time (cloning the whole
    // file per item would make large specs quadratic).
    let mut out = String::new();
    if !file.attrs.is_empty() {
        out.push_str(&prettyplease::unparse(&file));
        file.attrs.clear();
    }
    let mut previous: Option<ItemGroup> = None;
    for item in items {
        let group = ItemGroup::of(&item);
        let together = previous.is_some_and(|p| p == group && group != ItemGroup::Other);
        if !out.is_empty() && !together {
            out.push('\n');
        }
        file.items.push(item);
        out.push_str(&prettyplease::unparse(&file));
        file.items.clear();
        previous = Some(group);
    }
    Ok(out)
}

/// Items that are written as one block without blank lines between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ItemGroup {
    Use,
    Mod,
    Other,
}

impl ItemGroup {
    fn of(item: &syn::Item) -> Self {
        match item {
            syn::Item::Use(_) => ItemGroup::Use,
            syn::Item::Mod(m) if m.content.is_none() => ItemGroup::Mod,
            _ => ItemGroup::Other,
        }
    }
}

/// Formats the Rust files of a project with one rustfmt run. The files keep their relative
/// paths in a scratch directory, because rustfmt follows `mod` declarations. Returns the
/// sources unchanged when rustfmt cannot be run (it is missing, or rejects the code).
pub fn rustfmt_all(files: Vec<(PathBuf, String)>) -> Vec<(PathBuf, String)> {
    match try_rustfmt(&files) {
        Some(formatted) => files
            .into_iter()
            .map(|(path, _)| path)
            .zip(formatted)
            .collect(),
        None => files,
    }
}

fn try_rustfmt(files: &[(PathBuf, String)]) -> Option<Vec<String>> {
    if files.is_empty() {
        return Some(Vec::new());
    }
    let dir = TempDir::new()?;
    let paths: Vec<PathBuf> = files.iter().map(|(path, _)| dir.path.join(path)).collect();
    for (path, (_, source)) in paths.iter().zip(files) {
        std::fs::create_dir_all(path.parent()?).ok()?;
        std::fs::write(path, source).ok()?;
    }
    let rustfmt = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
    let status = Command::new(rustfmt)
        .args(["--edition", "2024", "--quiet"])
        .args(&paths)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    if !status.success() {
        return None;
    }
    paths
        .iter()
        .map(|path| std::fs::read_to_string(path).ok())
        .collect()
}

/// A scratch directory removed on drop (the generator's only temporary files).
struct TempDir {
    path: PathBuf,
}

impl TempDir {
    fn new() -> Option<Self> {
        use std::sync::atomic::{AtomicU32, Ordering};
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let path = std::env::temp_dir().join(format!(
            "restforge-fmt-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).ok()?;
        Some(TempDir { path })
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_items_and_groups_uses() {
        let out = layout("//! Doc.\nuse a::b; use a::c; pub  fn f( ){} struct S;").unwrap();
        assert_eq!(
            out,
            "//! Doc.\n\nuse a::b;\nuse a::c;\n\npub fn f() {}\n\nstruct S;\n"
        );
    }

    #[test]
    fn rejects_invalid_rust_with_a_position() {
        let error = layout("pub fn (").unwrap_err();
        assert!(error.contains("line 1"), "{error}");
    }

    #[test]
    fn rustfmt_settles_the_layout_when_available() {
        let long = "fn main() { a(&[&TokenAuthentication, &SessionAuthentication, &JwtAuthentication, &Other]) }\n";
        let out = rustfmt_all(vec![("src/main.rs".into(), long.to_string())]);
        if try_rustfmt(&[("x.rs".into(), String::new())]).is_none() {
            eprintln!("skipped: rustfmt is not installed");
            return;
        }
        assert!(out[0].1.contains("a(&[\n"), "{}", out[0].1);
    }
}
