//! Rendering: a checked spec → the files of a project.
//!
//! One template per output file ([`templates`]); the context is computed once ([`context`]);
//! Rust output is parsed and pretty-printed ([`rust`]) and every generated file gets the
//! `@generated` header ([`header`]). Rendering is pure: it returns the files and writes nothing.

pub mod api_test;
pub mod context;
pub mod header;
pub mod rust;
pub mod templates;

use std::path::PathBuf;

use crate::migrate;
use crate::spec::Spec;

pub use context::{ContextOptions, ProjectContext};
pub use templates::Templates;

/// Who owns a file of the project, which decides when restforge may write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ownership {
    /// Rewritten by every `generate`; edits by hand are detected and protected.
    Generated,
    /// Written once if missing (main.rs, Cargo.toml); never touched again.
    User,
    /// Written once if missing and never rewritten: an applied migration must not change.
    Migration,
}

/// One file of the project, relative to its root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub contents: String,
    pub ownership: Ownership,
}

/// Why rendering failed: a restforge bug, or a broken template override — never a problem in
/// the spec (the checks catch those first).
#[derive(Debug)]
pub enum RenderError {
    Template {
        name: String,
        message: String,
    },
    /// A template produced Rust that does not parse.
    Rust {
        template: String,
        path: PathBuf,
        message: String,
    },
    /// rustfmt is missing or failed.
    Format(rust::FormatError),
}

impl RenderError {
    /// The template whose output failed.
    pub fn template(&self) -> &str {
        match self {
            RenderError::Template { name, .. } | RenderError::Rust { template: name, .. } => name,
            RenderError::Format(_) => "",
        }
    }
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Template { name, message } => {
                write!(f, "template `{name}` failed to render: {message}")
            }
            RenderError::Format(e) => e.fmt(f),
            RenderError::Rust { path, message, .. } => write!(
                f,
                "template output for `{}` is not valid Rust: {message}",
                path.display()
            ),
        }
    }
}

impl std::error::Error for RenderError {}

/// Renders every file of a project from a checked spec.
pub fn render_project(
    spec: &Spec,
    options: &ContextOptions,
    templates: &Templates,
) -> Result<Vec<OutputFile>, RenderError> {
    let context = ProjectContext::new(spec, options);
    let header = header::Header::new(&options.spec_file);
    let app = context.app.clone();
    let mut tera_context =
        tera::Context::from_serialize(&context).map_err(|e| RenderError::Template {
            name: "<context>".into(),
            message: e.to_string(),
        })?;
    tera_context.insert(
        "app_literal",
        &proc_macro2::Literal::string(&spec.app.value).to_string(),
    );
    tera_context.insert("endpoint_tests", &api_test::endpoint_tests(spec));
    tera_context.insert(
        "restforge_version",
        &proc_macro2::Literal::string(crate::VERSION).to_string(),
    );

    let mut files = Vec::new();

    // A project's migrations are written once, by the first `generate`; later ones come from
    // `makemigrations`. `src/migrations.rs` embeds whatever the folder holds.
    if !options.has_migrations {
        // Planned once: every dialect and the records come from the same plan.
        let plan = migrate::InitialPlan::new(spec);
        let sqlite = plan.migrations(migrate::Dialect::Sqlite);
        for (record, migration) in plan.records().iter().zip(&sqlite) {
            let name = migration.file_name().trim_end_matches(".sql").to_string();
            let yaml = format!(
                "# {name}: the operations of this migration; restforge replays them to know the schema.\n{}",
                record.to_yaml()
            );
            files.push(OutputFile {
                path: PathBuf::from(format!("migrations/{name}.yaml")),
                contents: header.yaml(&yaml),
                ownership: Ownership::Migration,
            });
        }
        for dialect in migrate::Dialect::ALL {
            for migration in plan.migrations(dialect) {
                files.push(OutputFile {
                    path: PathBuf::from(format!(
                        "migrations/{}/{}",
                        dialect.dir_name(),
                        migration.file_name()
                    )),
                    contents: header.sql(&migration.sql),
                    ownership: Ownership::Migration,
                });
            }
        }
    }

    // A derive-only project is the user's code from the start.
    let generated = if options.derive {
        Ownership::User
    } else {
        Ownership::Generated
    };
    let rust_files = [
        ("app/mod.rs", format!("src/{app}/mod.rs"), generated),
        ("app/models.rs", format!("src/{app}/models.rs"), generated),
        (
            "app/serializers.rs",
            format!("src/{app}/serializers.rs"),
            generated,
        ),
        (
            "app/permissions.rs",
            format!("src/{app}/permissions.rs"),
            generated,
        ),
        ("app/views.rs", format!("src/{app}/views.rs"), generated),
        ("app/routes.rs", format!("src/{app}/routes.rs"), generated),
        ("app/signals.rs", format!("src/{app}/signals.rs"), generated),
        (
            "app/hooks.rs",
            format!("src/{app}/hooks.rs"),
            Ownership::User,
        ),
        (
            "project/settings.rs",
            "src/settings.rs".to_string(),
            generated,
        ),
        (
            "project/migrations.rs",
            "src/migrations.rs".to_string(),
            generated,
        ),
        ("project/build.rs", "build.rs".to_string(), generated),
        (
            "project/main.rs",
            "src/main.rs".to_string(),
            Ownership::User,
        ),
        ("project/api_test.rs", "tests/api.rs".to_string(), generated),
    ];
    // Lay out every Rust file, then format them all with one rustfmt run.
    let mut ownerships = Vec::new();
    let mut sources = Vec::new();
    for (template, path, ownership) in rust_files {
        let source = templates.render(template, &tera_context)?;
        let path = PathBuf::from(path);
        let laid_out = rust::layout(&source).map_err(|message| RenderError::Rust {
            template: template.to_string(),
            path: path.clone(),
            message,
        })?;
        ownerships.push(ownership);
        sources.push((path, laid_out));
    }
    let formatted = rust::rustfmt_all(sources).map_err(RenderError::Format)?;
    for (ownership, (path, source)) in ownerships.into_iter().zip(formatted) {
        let contents = match ownership {
            Ownership::Generated => header.rust(&source),
            _ => source,
        };
        files.push(OutputFile {
            path,
            contents,
            ownership,
        });
    }

    files.push(OutputFile {
        path: "Cargo.toml".into(),
        contents: templates.render("project/Cargo.toml", &tera_context)?,
        ownership: Ownership::User,
    });
    files.push(OutputFile {
        path: ".gitignore".into(),
        contents: templates.render("project/gitignore", &tera_context)?,
        ownership: Ownership::User,
    });

    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
