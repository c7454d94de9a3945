//! The templates, embedded in the binary and overridable one file at a time.
//!
//! `--templates DIR` replaces any embedded template whose relative path exists under DIR
//! (`DIR/app/models.rs.tera` replaces `app/models.rs.tera`), as loco's `.loco-templates/` does.

use std::path::Path;

use super::RenderError;

/// Every embedded template: its name (path under `templates/` without `.tera`) and its text.
const EMBEDDED: &[(&str, &str)] = &[
    (
        "app/mod.rs",
        include_str!("../../templates/app/mod.rs.tera"),
    ),
    (
        "app/models.rs",
        include_str!("../../templates/app/models.rs.tera"),
    ),
    (
        "app/serializers.rs",
        include_str!("../../templates/app/serializers.rs.tera"),
    ),
    (
        "app/permissions.rs",
        include_str!("../../templates/app/permissions.rs.tera"),
    ),
    (
        "app/views.rs",
        include_str!("../../templates/app/views.rs.tera"),
    ),
    (
        "app/routes.rs",
        include_str!("../../templates/app/routes.rs.tera"),
    ),
    (
        "app/signals.rs",
        include_str!("../../templates/app/signals.rs.tera"),
    ),
    (
        "app/hooks.rs",
        include_str!("../../templates/app/hooks.rs.tera"),
    ),
    (
        "project/settings.rs",
        include_str!("../../templates/project/settings.rs.tera"),
    ),
    (
        "project/migrations.rs",
        include_str!("../../templates/project/migrations.rs.tera"),
    ),
    (
        "project/build.rs",
        include_str!("../../templates/project/build.rs.tera"),
    ),
    (
        "project/main.rs",
        include_str!("../../templates/project/main.rs.tera"),
    ),
    (
        "project/Cargo.toml",
        include_str!("../../templates/project/Cargo.toml.tera"),
    ),
    (
        "project/gitignore",
        include_str!("../../templates/project/gitignore.tera"),
    ),
    (
        "project/api_test.rs",
        include_str!("../../templates/project/api_test.rs.tera"),
    ),
];

/// The loaded template set.
#[derive(Debug)]
pub struct Templates {
    tera: tera::Tera,
    /// The names replaced by a file of the user's.
    overridden: Vec<&'static str>,
}

/// A template override that could not be loaded.
#[derive(Debug)]
pub struct TemplateLoadError {
    pub path: std::path::PathBuf,
    pub message: String,
}

impl std::fmt::Display for TemplateLoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl Templates {
    /// The embedded templates.
    pub fn embedded() -> Self {
        Templates::load(None).expect("embedded templates are valid")
    }

    /// The embedded templates, each replaced by `dir/<name>.tera` where that file exists.
    pub fn with_overrides(dir: &Path) -> Result<Self, TemplateLoadError> {
        Templates::load(Some(dir))
    }

    fn load(overrides: Option<&Path>) -> Result<Self, TemplateLoadError> {
        let mut tera = tera::Tera::new();
        let mut overridden = Vec::new();
        for (name, embedded) in EMBEDDED {
            let override_path = overrides.map(|dir| dir.join(format!("{name}.tera")));
            let text = match &override_path {
                Some(path) if path.is_file() => {
                    overridden.push(*name);
                    std::fs::read_to_string(path).map_err(|e| TemplateLoadError {
                        path: path.clone(),
                        message: e.to_string(),
                    })?
                }
                _ => embedded.to_string(),
            };
            tera.add_raw_template(name, &text)
                .map_err(|e| TemplateLoadError {
                    path: override_path
                        .filter(|p| p.is_file())
                        .unwrap_or_else(|| format!("templates/{name}.tera").into()),
                    message: e.to_string(),
                })?;
        }
        Ok(Templates { tera, overridden })
    }

    /// Whether the user replaced template `name` (so its failures are the user's to fix).
    pub fn is_overridden(&self, name: &str) -> bool {
        self.overridden.contains(&name)
    }

    /// The names of the embedded templates, for `--help` and docs.
    pub fn names() -> impl Iterator<Item = &'static str> {
        EMBEDDED.iter().map(|(name, _)| *name)
    }

    pub(crate) fn render(
        &self,
        name: &str,
        context: &tera::Context,
    ) -> Result<String, RenderError> {
        self.tera
            .render(name, context)
            .map_err(|e| RenderError::Template {
                name: name.to_string(),
                message: error_chain(&e),
            })
    }
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}
