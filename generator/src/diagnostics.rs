//! User errors, collected so that a run reports all of them at once.

use std::cell::RefCell;
use std::fmt;

use crate::spec::Origin;

/// One problem in a spec, with where it is and, when one is likely, how to fix it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub origin: Origin,
    /// The key path of the offending node (`models.Profile.fields.bio.type`); may be empty.
    pub path: String,
    pub message: String,
    /// A suggestion, rendered in parentheses after the message (`did you mean `char`?`).
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(origin: Origin, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            origin,
            path: path.into(),
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    /// Renders `file:line:col: path: message (hint)`, the format editors and CI logs understand.
    pub fn render(&self, file: &str) -> String {
        let mut out = String::new();
        match self.origin {
            Origin::Yaml { line, column } => out.push_str(&format!("{file}:{line}:{column}: ")),
            _ => out.push_str(&format!("{file}: ")),
        }
        if !self.path.is_empty() {
            out.push_str(&self.path);
            out.push_str(": ");
        }
        out.push_str(&self.message);
        if let Some(hint) = &self.hint {
            out.push_str(&format!(" ({hint})"));
        }
        out
    }

    /// Orders diagnostics by position, so output follows the file.
    fn sort_key(&self) -> (u32, u32) {
        match self.origin {
            Origin::Yaml { line, column } => (line, column),
            _ => (u32::MAX, u32::MAX),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render("<spec>"))
    }
}

/// Collects diagnostics; must be finished with [`Ctxt::finish`], which is checked on drop
/// (the same guard serde_derive's `Ctxt` uses, so no error is ever silently lost).
#[derive(Debug, Default)]
pub struct Ctxt {
    errors: RefCell<Option<Vec<Diagnostic>>>,
}

impl Ctxt {
    pub fn new() -> Self {
        Ctxt {
            errors: RefCell::new(Some(Vec::new())),
        }
    }

    pub fn push(&self, diagnostic: Diagnostic) {
        self.errors
            .borrow_mut()
            .as_mut()
            .expect("Ctxt used after finish")
            .push(diagnostic);
    }

    /// Shorthand for [`Ctxt::push`] of a new diagnostic.
    pub fn error(&self, origin: Origin, path: impl Into<String>, message: impl Into<String>) {
        self.push(Diagnostic::new(origin, path, message));
    }

    pub fn has_errors(&self) -> bool {
        self.errors
            .borrow()
            .as_ref()
            .is_some_and(|errors| !errors.is_empty())
    }

    /// Ends collection: `Err` with every diagnostic in file order, or `Ok` when there were none.
    pub fn finish(self) -> Result<(), Vec<Diagnostic>> {
        let mut errors = self
            .errors
            .borrow_mut()
            .take()
            .expect("Ctxt finished twice");
        if errors.is_empty() {
            Ok(())
        } else {
            errors.sort_by_key(Diagnostic::sort_key);
            Err(errors)
        }
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if !std::thread::panicking() && self.errors.borrow().is_some() {
            panic!("forgot to check for errors");
        }
    }
}

/// The closest candidate to `word`, phrased as a hint, when one is close enough to be a typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    restforge_core::suggest::closest(word, &candidates)
        .map(|candidate| format!("did you mean `{candidate}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_a_close_name() {
        assert_eq!(
            did_you_mean("chr", ["char", "text", "integer"]).as_deref(),
            Some("did you mean `char`?")
        );
        assert_eq!(did_you_mean("zzz", ["char", "text"]), None);
    }

    #[test]
    fn renders_location_path_message_and_hint() {
        let d = Diagnostic::new(
            Origin::yaml(14, 9),
            "models.Profile.fields.bio.type",
            "unknown field type `chr`",
        )
        .with_hint(Some("did you mean `char`?".into()));
        assert_eq!(
            d.render("api.yaml"),
            "api.yaml:14:9: models.Profile.fields.bio.type: unknown field type `chr` (did you mean `char`?)"
        );
    }

    #[test]
    fn finish_sorts_by_position() {
        let cx = Ctxt::new();
        cx.error(Origin::yaml(9, 1), "b", "second");
        cx.error(Origin::yaml(2, 3), "a", "first");
        let errors = cx.finish().unwrap_err();
        assert_eq!(errors[0].message, "first");
        assert_eq!(errors[1].message, "second");
    }
}
