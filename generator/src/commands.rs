//! What each CLI command does. Each returns `Ok` on success or a [`Failure`] saying whether the
//! user's input (exit 1) or restforge itself (exit 2) is at fault.

use std::path::{Path, PathBuf};

use crate::cli::{
    Command, DatabaseArgs, DialectArg, GenerateArgs, MakemigrationsArgs, MigrateArgs, NewArgs,
    ProjectArgs, SqlmigrateArgs,
};
use crate::diagnostics::Diagnostic;
use crate::migrate::history::{self, MakeOptions, Recorded};
use crate::migrate::{self, Dialect};
use crate::output::{self, ApplyError};
use crate::render::{self, ContextOptions, OutputFile, Templates};
use crate::spec::Spec;

/// The reference spec, used by `restforge new` when no `--spec` is given.
const REFERENCE_SPEC: &str = include_str!("../reference-api.yaml");

/// The starter of a derive-only project, used by `restforge new --derive` without `--spec`.
const DERIVE_STARTER_SPEC: &str = include_str!("../derive-starter.yaml");

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

/// Runs one command; results go to `stdout`, warnings to `stderr` (errors are returned).
pub fn run(
    command: Command,
    stdout: &mut dyn std::io::Write,
    stderr: &mut dyn std::io::Write,
) -> Result<(), Failure> {
    match command {
        Command::New(args) => new(args, stdout),
        Command::Generate(args) => generate(args, stdout, stderr),
        Command::Check(args) => check(args, stdout),
        Command::Makemigrations(args) => makemigrations(args, stdout),
        Command::Migrate(args) => run_migrate(args, stdout),
        Command::Showmigrations(args) => showmigrations(args, stdout),
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

/// How a new project depends on the runtime: by the version of this restforge, as
/// `restforge = "0.1"`, so that it builds anywhere the crates are published.
fn default_restforge_dependency() -> String {
    format!(
        "\"{}\"",
        restforge_core::version::requirement(crate::VERSION)
    )
}

/// The dependency on a local checkout's runtime (`--restforge-path`), as a path relative to
/// the new project so that the two can move together.
fn local_restforge_dependency(path: &Path, project_dir: &Path) -> Result<String, Failure> {
    let is_runtime = |dir: &Path| {
        std::fs::read_to_string(dir.join("Cargo.toml")).is_ok_and(|manifest| {
            manifest
                .lines()
                .any(|line| line.trim() == "name = \"restforge\"")
        })
    };
    let runtime = if is_runtime(path) {
        path.to_path_buf()
    } else if is_runtime(&path.join("runtime")) {
        path.join("runtime")
    } else {
        return Err(Failure::user(format!(
            "--restforge-path {}: no restforge runtime there; give a restforge checkout or its runtime/ folder",
            path.display()
        )));
    };
    let runtime = absolute(&runtime)
        .ok_or_else(|| Failure::user(format!("cannot resolve {}", runtime.display())))?;
    let project = absolute(project_dir)
        .ok_or_else(|| Failure::user(format!("cannot resolve {}", project_dir.display())))?;
    let relative = relative_path(&project, &runtime);
    Ok(format!("{{ path = \"{}\" }}", relative.display()))
}

/// The path from directory `from` to `to`, both absolute: up to their common ancestor, then down.
fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut relative = PathBuf::new();
    for _ in common..from.len() {
        relative.push("..");
    }
    for component in &to[common..] {
        relative.push(component);
    }
    relative
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
    templates: &Templates,
    options: ContextOptions,
) -> Result<Vec<OutputFile>, Failure> {
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
        None if args.derive => (
            parse("api.yaml", DERIVE_STARTER_SPEC)?,
            DERIVE_STARTER_SPEC.to_string(),
        ),
        None => (
            parse("api.yaml", REFERENCE_SPEC)?,
            REFERENCE_SPEC.to_string(),
        ),
    };
    let templates = templates(args.templates.as_deref())?;
    let dependency = match (&args.restforge_path, args.restforge_dependency) {
        (Some(path), _) => local_restforge_dependency(path, &args.dir)?,
        (None, Some(dependency)) => dependency,
        (None, None) => default_restforge_dependency(),
    };
    let options = ContextOptions {
        // A derive-only project's migrations come from its sources, as `makemigrations
        // --from-src src` says in their headers.
        spec_file: if args.derive { "src" } else { "api.yaml" }.to_string(),
        restforge_dependency: dependency,
        has_migrations: false,
        derive: args.derive,
    };
    let mut files = render(&spec, &templates, options)?;
    if !args.derive {
        files.push(OutputFile {
            path: "api.yaml".into(),
            contents: text,
            ownership: render::Ownership::User,
        });
    }
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
    if args.derive {
        let _ = writeln!(
            stdout,
            "The code is yours. After changing a model, record a migration:\n\n    restforge makemigrations --from-src src\n"
        );
    }
    Ok(())
}

/// A project directory as messages name it.
fn describe_dir(dir: &Path) -> String {
    if dir == Path::new(".") {
        "the project".to_string()
    } else {
        format!("the project in {}", dir.display())
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
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

/// The project's recorded migrations.
fn read_history(dir: &Path) -> Result<Vec<Recorded>, Failure> {
    history::read(dir).map_err(Failure::user)
}

/// A project as a spec describes it: where it is, its checked spec, its recorded
/// migrations, and every file the spec produces.
struct Project {
    dir: PathBuf,
    spec: Spec,
    history: Vec<Recorded>,
    files: Vec<OutputFile>,
}

fn project(args: &ProjectArgs) -> Result<Project, Failure> {
    let (spec, _) = load_spec(&args.spec)?;
    let templates = templates(args.templates.as_deref())?;
    let dir = project_dir(args);
    let history = read_history(&dir)?;
    let options = ContextOptions {
        spec_file: spec_file_name(&args.spec),
        restforge_dependency: default_restforge_dependency(),
        has_migrations: !history.is_empty(),
        derive: false,
    };
    let files = render(&spec, &templates, options)?;
    Ok(Project {
        dir,
        spec,
        history,
        files,
    })
}

/// The schema changes of the spec that no recorded migration makes, in words; `None` when
/// the migrations are up to date (or there are none yet: `generate` writes the first ones).
fn unrecorded_changes(project: &Project) -> Result<Option<String>, Failure> {
    if project.history.is_empty() {
        return Ok(None);
    }
    let before = history::replay(&project.history).map_err(Failure::user)?;
    let diff = migrate::diff::diff(&before, &project.spec, &Default::default());
    if diff.operations.is_empty() {
        return Ok(None);
    }
    let mut state = before;
    let words: Vec<String> = diff
        .operations
        .iter()
        .map(|op| {
            let words = op.describe(&state);
            let _ = op.apply(&mut state);
            words
        })
        .collect();
    Ok(Some(words.join("; ")))
}

fn generate(
    args: GenerateArgs,
    stdout: &mut dyn std::io::Write,
    stderr: &mut dyn std::io::Write,
) -> Result<(), Failure> {
    let project = project(&args.project)?;
    let unrecorded = unrecorded_changes(&project)?;
    let plan = output::plan(&project.dir, project.files, args.force)
        .map_err(|e| Failure::internal("could not read the project", e))?;
    if args.dry_run {
        let _ = stdout.write_all(plan.diff().as_bytes());
        if !plan.conflicts.is_empty() {
            return Err(conflicts_failure(&plan.conflicts));
        }
    } else {
        let written = apply(&plan)?;
        if written.is_empty() {
            let _ = writeln!(stdout, "Everything is up to date.");
        }
        for path in &written {
            let _ = writeln!(stdout, "wrote {}", path.display());
        }
    }
    // The code now follows the spec, but the database will not until a migration records the
    // change: say so rather than leave it to `check` or to a failing query.
    if let Some(changes) = unrecorded {
        let _ = writeln!(
            stderr,
            "warning: the spec changes the database ({changes}); run `restforge makemigrations` to record a migration"
        );
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
    let project = project(&args)?;
    let unrecorded = unrecorded_changes(&project)?;
    let dir = project.dir.clone();
    let plan = output::plan(&dir, project.files, false)
        .map_err(|e| Failure::internal("could not read the project", e))?;
    let mut problems: Vec<String> = output::staleness(&plan)
        .iter()
        .map(ToString::to_string)
        .collect();
    if let Some(changes) = unrecorded {
        problems.push(format!(
            "the spec has changes that no migration records ({changes}); run `restforge makemigrations`"
        ));
    }
    if problems.is_empty() {
        let _ = writeln!(
            stdout,
            "{} is up to date with {}.",
            capitalise(&describe_dir(&dir)),
            args.spec.display()
        );
        return Ok(());
    }
    let count = problems.len();
    Err(Failure::User {
        lines: problems.iter().map(|s| format!("error: {s}")).collect(),
        summary: format!(
            "{} is not up to date with {} ({count} problem{})",
            describe_dir(&dir),
            args.spec.display(),
            if count == 1 { "" } else { "s" }
        ),
    })
}

fn dialect(arg: DialectArg) -> Dialect {
    match arg {
        DialectArg::Sqlite => Dialect::Sqlite,
        DialectArg::Postgres => Dialect::Postgres,
        DialectArg::Mysql => Dialect::Mysql,
    }
}

/// Prints a migration's SQL: the project's file when it has migrations, else the initial
/// migration the spec would get.
fn sqlmigrate(args: SqlmigrateArgs, stdout: &mut dyn std::io::Write) -> Result<(), Failure> {
    let dialect = dialect(args.dialect);
    let dir = project_dir(&args.project);
    let history = read_history(&dir)?;
    if !history.is_empty() {
        let version = migrate::apply::resolve_target(&history, args.name.trim_end_matches(".sql"))
            .map_err(Failure::user)?;
        let index = history
            .iter()
            .position(|r| r.version == version)
            .ok_or_else(|| Failure::user("`zero` is not a migration"))?;
        let sql = if args.backwards {
            history::reverse_sql(&history, index, dialect).map_err(Failure::user)?
        } else {
            let path = history::sql_path(&dir, dialect, &history[index].name);
            std::fs::read_to_string(&path)
                .map_err(|e| Failure::user(format!("cannot read {}: {e}", path.display())))?
        };
        let _ = stdout.write_all(sql.as_bytes());
        return Ok(());
    }
    let (spec, _) = load_spec(&args.project.spec)?;
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

/// The models of a crate's `#[derive(Model)]` structs as a spec (only its models matter here).
fn spec_from_src(dir: &Path, app: Option<String>) -> Result<Spec, Failure> {
    use crate::spec::{Routes, Settings};
    let options = crate::rust_src::Options {
        app,
        default_auto_field: None,
    };
    let display = dir.display().to_string();
    let models = crate::rust_src::parse_source_dir(dir, &options)
        .map_err(|diagnostics| spec_failure(&display, &diagnostics))?;
    let Some(first) = models.first() else {
        return Err(Failure::user(format!(
            "{display} has no `#[derive(Model)]` struct"
        )));
    };
    let app = first.app.clone();
    if let Some(other) = models.iter().find(|m| m.app.value != app.value) {
        return Err(Failure::user(format!(
            "{display}: models of two apps (`{}` and `{}`); one project has one app",
            app.value, other.app.value
        )));
    }
    let spec = Spec {
        project: app.clone(),
        app,
        settings: Settings::default(),
        models: models.into_iter().map(|m| m.model).collect(),
        serializers: Vec::new(),
        permissions: Vec::new(),
        viewsets: Vec::new(),
        views: Vec::new(),
        signals: Vec::new(),
        routes: Routes::default(),
    };
    crate::check::check(&spec).map_err(|diagnostics| spec_failure(&display, &diagnostics))?;
    Ok(spec)
}

fn makemigrations(
    args: MakemigrationsArgs,
    stdout: &mut dyn std::io::Write,
) -> Result<(), Failure> {
    let (spec, dir, spec_file) = match &args.from_src {
        Some(src) => {
            let spec = spec_from_src(src, args.app.clone())?;
            let dir = args.project.out.clone().unwrap_or_else(|| {
                src.parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
            });
            (spec, dir, src.display().to_string())
        }
        None => {
            let (spec, _) = load_spec(&args.project.spec)?;
            (
                spec,
                project_dir(&args.project),
                spec_file_name(&args.project.spec),
            )
        }
    };
    let header = render::header::Header::new(&spec_file);
    let history = read_history(&dir)?;
    let mut defaults = std::collections::BTreeMap::new();
    for pair in &args.defaults {
        let (field, value) = pair.split_once('=').ok_or_else(|| {
            Failure::user(format!("--default `{pair}`: write it as Model.field=value"))
        })?;
        defaults.insert(field.to_string(), value.to_string());
    }
    let options = MakeOptions {
        diff: migrate::diff::DiffOptions { defaults },
        name: args.name.clone(),
        allow_destructive: args.allow_destructive,
    };
    // A project without migrations gets the initial ones, as `generate` writes them.
    let (name, files) = if history.is_empty() {
        let mut files = Vec::new();
        let plan = migrate::InitialPlan::new(&spec);
        let sql: Vec<(Dialect, Vec<migrate::Migration>)> = Dialect::ALL
            .into_iter()
            .map(|dialect| (dialect, plan.migrations(dialect)))
            .collect();
        let mut names = Vec::new();
        let mut before = migrate::ModelState { tables: Vec::new() };
        for (i, record) in plan.records().iter().enumerate() {
            let name = sql[0].1[i].file_name().trim_end_matches(".sql").to_string();
            let mut migration_files =
                history::migration_files(&name, &before, &record.operations, &header);
            // The SQL of the initial migrations is Django's sqlmigrate text.
            for (path, contents) in &mut migration_files {
                let dialect = path
                    .parent()
                    .and_then(|p| p.file_name())
                    .and_then(|d| Dialect::from_name(&d.to_string_lossy()));
                if let Some((_, migrations)) = sql.iter().find(|(d, _)| Some(*d) == dialect) {
                    *contents = header.sql(&migrations[i].sql);
                }
            }
            files.extend(migration_files);
            for op in &record.operations {
                op.apply(&mut before)
                    .map_err(|e| Failure::internal("replay", e))?;
            }
            names.push(name);
        }
        (names.join(", "), files)
    } else {
        match history::make(&history, &spec, &options) {
            Err(refused) => {
                return Err(Failure::User {
                    lines: refused
                        .lines
                        .iter()
                        .map(|l| format!("error: {l}"))
                        .collect(),
                    summary: refused.summary,
                });
            }
            Ok(None) => {
                let _ = writeln!(stdout, "No changes detected");
                return Ok(());
            }
            Ok(Some(migration)) => {
                let files = history::migration_files(
                    &migration.name,
                    &migration.before,
                    &migration.operations,
                    &header,
                );
                (migration.name, files)
            }
        }
    };
    if args.check {
        return Err(Failure::user(format!(
            "a migration is missing ({name}); run `restforge makemigrations`"
        )));
    }
    if args.dry_run {
        for (path, contents) in &files {
            let _ = writeln!(stdout, "=== {}", path.display());
            let _ = stdout.write_all(contents.as_bytes());
        }
        return Ok(());
    }
    let outputs: Vec<OutputFile> = files
        .into_iter()
        .map(|(path, contents)| OutputFile {
            path,
            contents,
            ownership: render::Ownership::Migration,
        })
        .collect();
    let plan = output::plan(&dir, outputs, false)
        .map_err(|e| Failure::internal("could not read the project", e))?;
    let written = apply(&plan)?;
    let _ = writeln!(stdout, "Migrations for {}: {name}", spec.app.value);
    for path in written {
        let _ = writeln!(stdout, "wrote {}", path.display());
    }
    Ok(())
}

fn database_url(args: &DatabaseArgs) -> Result<String, Failure> {
    args.database
        .clone()
        .or_else(|| std::env::var("DATABASE_URL").ok())
        .ok_or_else(|| Failure::user("no database: pass --database URL or set DATABASE_URL"))
}

fn block_on<T>(future: impl std::future::Future<Output = T>) -> Result<T, Failure> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::internal("could not start the async runtime", e))?;
    Ok(runtime.block_on(future))
}

fn run_migrate(args: MigrateArgs, stdout: &mut dyn std::io::Write) -> Result<(), Failure> {
    let url = database_url(&args.database)?;
    let dir = project_dir(&args.database.project);
    let report = block_on(migrate::apply::migrate(&dir, &url, args.target.as_deref()))?
        .map_err(Failure::user)?;
    for name in &report.applied {
        let _ = writeln!(stdout, "Applied {name}");
    }
    for name in &report.reverted {
        let _ = writeln!(stdout, "Reverted {name}");
    }
    if report.applied.is_empty() && report.reverted.is_empty() {
        let _ = writeln!(stdout, "No migrations to apply.");
    }
    Ok(())
}

fn showmigrations(args: DatabaseArgs, stdout: &mut dyn std::io::Write) -> Result<(), Failure> {
    let url = database_url(&args)?;
    let dir = project_dir(&args.project);
    let statuses = block_on(migrate::apply::show(&dir, &url))?.map_err(Failure::user)?;
    for (name, status) in statuses {
        let mark = match status {
            migrate::apply::Status::Applied => "[X]",
            migrate::apply::Status::Pending => "[ ]",
            migrate::apply::Status::Edited => "[!]",
        };
        let _ = writeln!(stdout, "{mark} {name}");
    }
    Ok(())
}
