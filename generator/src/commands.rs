//! What each CLI command does. Each returns `Ok` on success or a [`Failure`] saying whether the
//! user's input (exit 1) or restforge itself (exit 2) is at fault.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::cli::{Command, DialectArg, GenerateArgs, NewArgs, ProjectArgs, SqlmigrateArgs};
use crate::diagnostics::Diagnostic;
use crate::migrate::{self, Dialect};
use crate::output::{self, ApplyError};
use crate::render::{self, ContextOptions, OutputFile, Templates};
use crate::spec::Spec;

/// The reference spec, used by `restforge new` when no `--spec` is given.
const REFERENCE_SPEC: &str = include_str!("../../examples/profiles/api.yaml");

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// The user's input is wrong (bad spec, stale files, refused overwrite): exit 1.
    /// The lines are printed as they are, then the summary as `error: …`.
    User { lines: Vec<String>, summary: String },
    /// restforge could not do its job (I/O, a broken template): exit 2.
    Internal {
        message: String,
        causes: Vec<String>,
    },
}

impl Failure {
    fn user(summary: impl Into<String>) -> Self {
        Failure::User {
            lines: Vec::new(),
            summary: summary.into(),
        }
    }

    fn internal(message: impl Into<String>, cause: impl ToString) -> Self {
        Failure::Internal {
            message: message.into(),
            causes: vec![cause.to_string()],
        }
    }
}

pub fn run(command: Command, stdout: &mut dyn std::io::Write) -> Result<(), Failure> {
    match command {
        Command::New(args) => new(args, stdout),
        Command::Generate(args) => generate(args, stdout),
        Command::Check(args) => check(args, stdout),
        Command::Sqlmigrate(args) => sqlmigrate(args, stdout),
    }
}

/// Reads and checks a spec; every diagnostic is returned at once.
pub fn load_spec(path: &Path) -> Result<(Spec, String), Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::user(format!("cannot read the spec {}: {e}", path.display())))?;
    let display = path.display().to_string();
    let spec = parse(&display, &text)?;
    Ok((spec, text))
}

fn parse(display: &str, text: &str) -> Result<Spec, Failure> {
    crate::yaml::parse_spec(display, text)
        .map_err(|diagnostics| spec_failure(display, &diagnostics))
}

fn spec_failure(display: &str, diagnostics: &[Diagnostic]) -> Failure {
    let count = diagnostics.len();
    Failure::User {
        lines: diagnostics
            .iter()
            .map(|d| format!("error: {}", d.render(display)))
            .collect(),
        summary: format!(
            "{display} has {count} error{}; nothing was written",
            if count == 1 { "" } else { "s" }
        ),
    }
}

fn templates(dir: Option<&Path>) -> Result<Templates, Failure> {
    match dir {
        None => Ok(Templates::embedded()),
        Some(dir) => Templates::with_overrides(dir)
            .map_err(|e| Failure::user(format!("template override {e}"))),
    }
}

/// How a project at `project_dir` depends on the runtime this generator was built with: by a
/// relative path inside restforge's own tree (so the examples stay portable), by an absolute
/// path elsewhere, and by version when the runtime's source is gone (an installed binary).
fn default_restforge_dependency(project_dir: &Path) -> String {
    let Ok(runtime) = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../runtime")
        .canonicalize()
    else {
        return format!("\"{}\"", env!("CARGO_PKG_VERSION"));
    };
    let path = relative_to_tree(&runtime, project_dir).unwrap_or_else(|| runtime.clone());
    format!("{{ path = \"{}\" }}", path.display())
}

/// `target` relative to `from` when both are inside the tree that holds `target`'s parent.
fn relative_to_tree(target: &Path, from: &Path) -> Option<PathBuf> {
    let root = target.parent()?;
    let from = absolute(from)?;
    let inside = from.strip_prefix(root).ok()?;
    let mut relative = PathBuf::new();
    for _ in inside.components() {
        relative.push("..");
    }
    relative.push(target.file_name()?);
    Some(relative)
}

/// An absolute, symlink-free path for a directory that may not exist yet.
fn absolute(path: &Path) -> Option<PathBuf> {
    if let Ok(path) = path.canonicalize() {
        return Some(path);
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Some(absolute(&parent)?.join(path.file_name()?))
}

fn render(
    spec: &Spec,
    spec_file: &str,
    templates: &Templates,
    restforge_dependency: String,
) -> Result<Vec<OutputFile>, Failure> {
    let options = ContextOptions {
        spec_file: spec_file.to_string(),
        restforge_dependency,
    };
    render::render_project(spec, &options, templates).map_err(|e| {
        if templates.is_overridden(e.template()) {
            Failure::user(format!("your template override failed: {e}"))
        } else {
            Failure::internal("could not render the project", e)
        }
    })
}

fn new(args: NewArgs, stdout: &mut dyn std::io::Write) -> Result<(), Failure> {
    if args.dir.exists() {
        let empty = std::fs::read_dir(&args.dir)
            .map(|mut entries| entries.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(Failure::user(format!(
                "{} already exists and is not empty; choose a new directory (or use `restforge generate` inside an existing project)",
                args.dir.display()
            )));
        }
    }
    let (spec, text) = match &args.spec {
        Some(path) => load_spec(path)?,
        None => (
            parse("api.yaml", REFERENCE_SPEC)?,
            REFERENCE_SPEC.to_string(),
        ),
    };
    let templates = templates(args.templates.as_deref())?;
    let dependency = args
        .restforge_dependency
        .unwrap_or_else(|| default_restforge_dependency(&args.dir));
    let mut files = render(&spec, "api.yaml", &templates, dependency)?;
    files.push(OutputFile {
        path: "api.yaml".into(),
        contents: text,
        ownership: render::Ownership::User,
    });
    let plan = output::plan(&args.dir, files, false)
        .map_err(|e| Failure::internal("could not read the target directory", e))?;
    let written = apply(&plan)?;
    let _ = writeln!(
        stdout,
        "Created {} ({} files). Next:\n\n    cd {}\n    cargo run\n",
        args.dir.display(),
        written.len(),
        args.dir.display()
    );
    Ok(())
}

/// The project directory: `--out`, or the spec's directory.
fn project_dir(args: &ProjectArgs) -> PathBuf {
    args.out.clone().unwrap_or_else(|| {
        args.spec
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."))
    })
}

fn spec_file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "api.yaml".into())
}

fn project_files(args: &ProjectArgs) -> Result<(PathBuf, Vec<OutputFile>), Failure> {
    let (spec, _) = load_spec(&args.spec)?;
    let templates = templates(args.templates.as_deref())?;
    let dir = project_dir(args);
    let files = render(
        &spec,
        &spec_file_name(&args.spec),
        &templates,
        default_restforge_dependency(&dir),
    )?;
    Ok((dir, files))
}

fn generate(args: GenerateArgs, stdout: &mut dyn std::io::Write) -> Result<(), Failure> {
    let (dir, files) = project_files(&args.project)?;
    let plan = output::plan(&dir, files, args.force)
        .map_err(|e| Failure::internal("could not read the project", e))?;
    if args.dry_run {
        let _ = stdout.write_all(plan.diff().as_bytes());
        if !plan.conflicts.is_empty() {
            return Err(conflicts_failure(&plan.conflicts));
        }
        return Ok(());
    }
    let written = apply(&plan)?;
    if written.is_empty() {
        let _ = writeln!(stdout, "Everything is up to date.");
    } else {
        for path in &written {
            let _ = writeln!(stdout, "wrote {}", path.display());
        }
    }
    Ok(())
}

fn conflicts_failure(conflicts: &[output::Conflict]) -> Failure {
    Failure::User {
        lines: conflicts.iter().map(|c| format!("error: {c}")).collect(),
        summary: "nothing was written".into(),
    }
}

fn apply(plan: &output::Plan) -> Result<Vec<PathBuf>, Failure> {
    plan.apply().map_err(|e| match e {
        ApplyError::Conflicts(conflicts) => conflicts_failure(&conflicts),
        ApplyError::Io(e) => {
            Failure::internal("could not write the project; nothing was changed", e)
        }
    })
}

fn check(args: ProjectArgs, stdout: &mut dyn std::io::Write) -> Result<(), Failure> {
    let (dir, files) = project_files(&args)?;
    let plan = output::plan(&dir, files, false)
        .map_err(|e| Failure::internal("could not read the project", e))?;
    let stale = output::staleness(&plan);
    if stale.is_empty() {
        let _ = writeln!(
            stdout,
            "{} is up to date with {}.",
            dir.display(),
            args.spec.display()
        );
        return Ok(());
    }
    let mut summary = String::new();
    let _ = write!(summary, "{} generated file", stale.len());
    summary.push_str(if stale.len() == 1 { " is" } else { "s are" });
    summary.push_str(" not up to date");
    Err(Failure::User {
        lines: stale.iter().map(|s| format!("error: {s}")).collect(),
        summary,
    })
}

fn sqlmigrate(args: SqlmigrateArgs, stdout: &mut dyn std::io::Write) -> Result<(), Failure> {
    let (spec, _) = load_spec(&args.project.spec)?;
    let dialect = match args.dialect {
        DialectArg::Sqlite => Dialect::Sqlite,
        DialectArg::Postgres => Dialect::Postgres,
    };
    let migrations = migrate::initial_migrations(&spec, dialect);
    let wanted = args.name.trim_end_matches(".sql");
    let found = migrations.iter().find(|m| {
        let file = m.file_name();
        let stem = file.trim_end_matches(".sql");
        stem == wanted || stem.split('_').next() == Some(wanted)
    });
    match found {
        Some(migration) => {
            let _ = stdout.write_all(migration.sql.as_bytes());
            Ok(())
        }
        None => {
            let names: Vec<String> = migrations
                .iter()
                .map(|m| m.file_name().trim_end_matches(".sql").to_string())
                .collect();
            Err(Failure::user(format!(
                "no migration named `{}`; the migrations are: {}",
                args.name,
                names.join(", ")
            )))
        }
    }
}
