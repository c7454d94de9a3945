//! The Rust front end: `#[derive(Model, Serializer, …)]` structs with `#[restforge(...)]`
//! attributes → the Spec IR.
//!
//! The derive macros call these readers at compile time (errors become `compile_error!`s at
//! the offending token), and the CLI calls [`parse_source_dir`] to read a crate's models for
//! `makemigrations --from-src`. Either way a node remembers its [`Origin::Rust`] span. Rules
//! about one item alone run here through [`crate::check`]'s per-item functions, so YAML and
//! Rust get the same rules and the same words.
//!
//! [`Origin::Rust`]: crate::spec::Origin::Rust

mod api;
mod attr;
mod model;
pub mod symbol;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

pub use api::{
    RustSerializer, RustView, RustViewSet, ViewPaths, parse_permission, parse_serializer,
    parse_view, parse_viewset,
};
pub use model::{PRIMARY_KEY, RustModel, model_ref_of, parse_model};

use crate::diagnostics::Diagnostic;
use crate::spec::{AutoField, Origin};

/// What the Rust source does not say itself.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The app of models whose attribute names none.
    pub app: Option<String>,
    /// The project's `default_auto_field`: a model whose `id` has this kind reads as using
    /// the default (`primary_key: None`), as the same model written in YAML does.
    pub default_auto_field: Option<AutoField>,
}

/// A struct's doc comment, one line per `///`, without the space after the slashes.
pub(crate) fn doc_comment(attrs: &[syn::Attribute]) -> Option<String> {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value:
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(text),
                        ..
                    }),
                ..
            }) => Some(text.value()),
            _ => None,
        })
        .map(|line| {
            line.strip_prefix(' ')
                .unwrap_or(&line)
                .trim_end()
                .to_string()
        })
        .collect();
    if lines.is_empty() {
        None
    } else {
        Some(lines.join("\n"))
    }
}

/// Whether a struct derives `name` (by the last segment of the derive path).
pub fn derives(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .any(|a| {
            let mut found = false;
            // A malformed derive is the compiler's to report, not ours.
            let _ = a.parse_nested_meta(|meta| {
                found |= meta.path.segments.last().is_some_and(|s| s.ident == name);
                Ok(())
            });
            found
        })
}

/// Reads every `#[derive(Model)]` struct of the `.rs` files under `dir` (a crate's `src/`),
/// in file then declaration order, reporting every problem of every file.
///
/// Diagnostics of a file carry its path, relative to `dir`, before their key path.
pub fn parse_source_dir(dir: &Path, options: &Options) -> Result<Vec<RustModel>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    if let Err(error) = rust_files(dir, &mut files) {
        return Err(vec![Diagnostic::new(
            Origin::Builtin,
            dir.display().to_string(),
            format!("cannot read the directory: {error}"),
        )]);
    }
    files.sort();
    let mut models = Vec::new();
    for file in files {
        let shown = file
            .strip_prefix(dir)
            .unwrap_or(&file)
            .display()
            .to_string();
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            Err(error) => {
                errors.push(Diagnostic::new(
                    Origin::Builtin,
                    shown,
                    format!("cannot read the file: {error}"),
                ));
                continue;
            }
        };
        match parse_source(&text, options) {
            Ok(found) => models.extend(found),
            Err(found) => errors.extend(found.into_iter().map(|mut d| {
                d.path = if d.path.is_empty() {
                    shown.clone()
                } else {
                    format!("{shown}: {}", d.path)
                };
                d
            })),
        }
    }
    if errors.is_empty() {
        Ok(models)
    } else {
        Err(errors)
    }
}

/// Reads every `#[derive(Model)]` struct of one source file, including those in inline modules.
pub fn parse_source(text: &str, options: &Options) -> Result<Vec<RustModel>, Vec<Diagnostic>> {
    let file = syn::parse_file(text).map_err(|error| {
        vec![Diagnostic::new(
            Origin::Rust(error.span()),
            "",
            format!("not valid Rust: {error}"),
        )]
    })?;
    let mut models = Vec::new();
    let mut errors = Vec::new();
    collect_models(&file.items, options, &mut models, &mut errors);
    if errors.is_empty() {
        Ok(models)
    } else {
        Err(errors)
    }
}

fn collect_models(
    items: &[syn::Item],
    options: &Options,
    models: &mut Vec<RustModel>,
    errors: &mut Vec<Diagnostic>,
) {
    for item in items {
        match item {
            syn::Item::Struct(item) if derives(&item.attrs, "Model") => {
                let input = syn::DeriveInput::from(item.clone());
                match parse_model(&input, options)
                    .and_then(|model| crate::check::check_model(&model.model).map(|()| model))
                {
                    Ok(model) => models.push(model),
                    Err(found) => errors.extend(found),
                }
            }
            syn::Item::Mod(syn::ItemMod {
                content: Some((_, items)),
                ..
            }) => collect_models(items, options, models, errors),
            _ => {}
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            rust_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}
