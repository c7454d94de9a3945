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

/// Why the generated Rust could not be formatted.
#[derive(Debug)]
pub enum FormatError {
    /// rustfmt is not installed (or `$RUSTFMT` names nothing runnable).
    Missing(String),
    /// rustfmt ran and failed: a restforge bug or a broken template override.
    Failed(String),
    Io(std::io::Error),
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormatError::Missing(program) => write!(
                f,
                "`{program}` could not be run; restforge formats generated code with rustfmt: \
                 install it with `rustup component add rustfmt` (or point $RUSTFMT at it)"
            ),
            FormatError::Failed(stderr) => {
                write!(f, "rustfmt rejected the generated code: {stderr}")
            }
            FormatError::Io(e) => write!(f, "could not prepare files for rustfmt: {e}"),
        }
    }
}

impl std::error::Error for FormatError {}

/// Formats the Rust files of a project with one rustfmt run, with rustfmt's default
/// configuration whatever the machine has (no user or project `rustfmt.toml` applies), so the
/// same spec gives the same bytes everywhere. The files keep their relative paths in a scratch
/// directory, so that a rustfmt that follows `mod` declarations (see `skip_children` below)
/// finds the modules they declare.
pub fn rustfmt_all(files: Vec<(PathBuf, String)>) -> Result<Vec<(PathBuf, String)>, FormatError> {
    let program = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
    rustfmt_with(&program, files)
}

fn rustfmt_with(
    program: &std::ffi::OsStr,
    files: Vec<(PathBuf, String)>,
) -> Result<Vec<(PathBuf, String)>, FormatError> {
    if files.is_empty() {
        return Ok(files);
    }
    let dir = tempfile::Builder::new()
        .prefix("restforge-fmt-")
        .tempdir()
        .map_err(FormatError::Io)?;
    let sources = dir.path().join("project");
    let paths: Vec<PathBuf> = files.iter().map(|(path, _)| sources.join(path)).collect();
    for (path, (_, source)) in paths.iter().zip(&files) {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(FormatError::Io)?;
        }
        std::fs::write(path, source).map_err(FormatError::Io)?;
    }
    // An empty configuration file given explicitly stops rustfmt from looking for others.
    let config = dir.path().join("rustfmt.toml");
    std::fs::write(&config, "").map_err(FormatError::Io)?;

    // rustfmt also formats every out-of-line module a file declares: given `main.rs`, the
    // app's `mod.rs` and `tests/api.rs` (which includes the app by `#[path]`), it formatted the
    // app's files three times over. `skip_children` formats each file given exactly once. It
    // is an unstable option (https://github.com/rust-lang/rustfmt/issues/3389) that stable
    // rustfmt honours when it comes from `--config` rather than a file
    // (https://github.com/rust-lang/rustfmt/issues/4081); a rustfmt that ignores it gives
    // the same output, only more slowly.
    let output = Command::new(program)
        .args(["--edition", "2024", "--quiet", "--config-path"])
        .arg(&config)
        .args(["--config", "skip_children=true"])
        .args(&paths)
        .stdin(Stdio::null())
        .output()
        .map_err(|_| FormatError::Missing(program.to_string_lossy().into_owned()))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr).trim().to_string();
        return Err(FormatError::Failed(stderr));
    }
    let mut formatted = Vec::with_capacity(files.len());
    for ((path, _), temp) in files.into_iter().zip(&paths) {
        formatted.push((
            path,
            std::fs::read_to_string(temp).map_err(FormatError::Io)?,
        ));
    }
    Ok(formatted)
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
    fn rustfmt_settles_the_layout_and_ignores_configuration_files() {
        let long = "fn main() { a(&[&TokenAuthentication, &SessionAuthentication, &JwtAuthentication, &Other]) }\n";
        let out = rustfmt_all(vec![("src/main.rs".into(), long.to_string())]).unwrap();
        assert!(out[0].1.contains("a(&[\n"), "{}", out[0].1);
        assert!(out[0].1.contains("    a(&["), "{}", out[0].1);
    }

    /// With `skip_children`, a module is formatted only as a file given of its own (it used to
    /// be formatted once per file reaching it, the app's files three times over): every file,
    /// including those that `main.rs` and `tests/api.rs` declare as modules, comes back
    /// formatted.
    #[test]
    fn formats_every_file_including_declared_modules() {
        let files = vec![
            (
                "src/main.rs".into(),
                "mod app;\nfn  main( ){}\n".to_string(),
            ),
            ("src/app.rs".into(), "pub fn  app( ){}\n".to_string()),
            (
                "tests/api.rs".into(),
                "#[path = \"../src/app.rs\"]\nmod app;\n".to_string(),
            ),
        ];
        let out = rustfmt_all(files).unwrap();
        assert_eq!(out[0].1, "mod app;\nfn main() {}\n");
        assert_eq!(out[1].1, "pub fn app() {}\n");
        assert_eq!(out[2].1, "#[path = \"../src/app.rs\"]\nmod app;\n");
    }

    #[test]
    fn a_missing_rustfmt_is_a_clear_error() {
        let files = vec![("a.rs".into(), "fn a() {}\n".to_string())];
        let error = rustfmt_with("/nonexistent/rustfmt".as_ref(), files).unwrap_err();
        assert!(
            error.to_string().contains("rustup component add rustfmt"),
            "{error}"
        );
    }
}
