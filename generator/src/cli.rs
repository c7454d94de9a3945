//! The command line, as clap derive structs; the doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// restforge: Django REST Framework's way of building APIs, generated as Rust.
///
/// Describe models, serializers, viewsets and routes once in a YAML spec; restforge writes the
/// Rust code (axum + sqlx), the SQL migrations and the tests of an API that speaks DRF's wire
/// format.
#[derive(Debug, Parser)]
#[command(name = "restforge", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scaffold a complete, runnable project in DIR from a spec.
    ///
    /// DIR must not exist or must be empty. The spec is copied to DIR/api.yaml; Cargo.toml and
    /// src/main.rs are yours from then on and are never overwritten.
    New(NewArgs),
    /// Regenerate the project's code and migrations from its spec.
    ///
    /// Files restforge generated and nobody edited are rewritten; a generated file edited by
    /// hand is left alone (and the run fails) unless --force is given. Files you own are only
    /// created when missing. The run writes everything or nothing.
    Generate(GenerateArgs),
    /// Fail (exit 1) when any generated file is missing, stale or edited, naming each one.
    ///
    /// Meant for CI: it writes nothing.
    Check(ProjectArgs),
    /// Write the next migration from the changes between the spec and the recorded migrations.
    ///
    /// Models and fields are matched by name; a rename is one only when the spec declares it
    /// (`renamed_from:`), otherwise it is a removal and an addition. Operations that lose data
    /// are refused unless --allow-destructive is given, and a NOT NULL field added to an
    /// existing table needs a default (in the spec, or --default once).
    Makemigrations(MakemigrationsArgs),
    /// Apply the pending migrations to a database, or revert back to TARGET.
    ///
    /// Runs through sqlx's migrator: checksums (an applied migration edited since is refused),
    /// a lock so that processes starting together migrate once, and a transaction per
    /// migration where the database has transactional DDL (SQLite, PostgreSQL).
    Migrate(MigrateArgs),
    /// List the project's migrations: `[X]` applied, `[ ]` pending, `[!]` edited since applied.
    Showmigrations(DatabaseArgs),
    /// Print the SQL of one migration for one database.
    Sqlmigrate(SqlmigrateArgs),
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The directory to create.
    pub dir: PathBuf,
    /// The spec to start from; without one, the reference app (user profiles and statuses).
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,
    /// A directory of template overrides (`app/models.rs.tera`, …).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Write the project as your own Rust code, `#[derive(...)]` structs and all, with no spec:
    /// restforge never regenerates it, and `restforge makemigrations --from-src src` records
    /// model changes. Without --spec, a starter app of notes owned by their author.
    #[arg(long)]
    pub derive: bool,
    /// Depend on a local restforge checkout instead of crates.io, for working on restforge
    /// itself: DIR is the checkout or its `runtime/` crate (written as a relative path).
    #[arg(long, value_name = "DIR", conflicts_with = "restforge_dependency")]
    pub restforge_path: Option<PathBuf>,
    /// How the new project depends on the restforge runtime, as a Cargo.toml value
    /// (default: this restforge's version from crates.io, e.g. `"0.1"`).
    #[arg(long, value_name = "TOML")]
    pub restforge_dependency: Option<String>,
}

/// Where a project and its spec are.
#[derive(Debug, Args)]
pub struct ProjectArgs {
    /// The spec file.
    #[arg(long, value_name = "FILE", default_value = "api.yaml")]
    pub spec: PathBuf,
    /// The project directory (default: the spec's directory).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// A directory of template overrides (`app/models.rs.tera`, …).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Print a unified diff of what would change, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Overwrite generated files even if they were edited by hand.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct MakemigrationsArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Read the models from the `#[derive(Model)]` structs of a crate's source folder instead
    /// of the spec; the project is the folder's parent unless --out is given.
    #[arg(long, value_name = "DIR")]
    pub from_src: Option<PathBuf>,
    /// With --from-src: the app of structs whose attribute names none.
    #[arg(long, value_name = "NAME")]
    pub app: Option<String>,
    /// Write nothing; exit 1 when a migration is missing (for CI).
    #[arg(long)]
    pub check: bool,
    /// Print the migration instead of writing it.
    #[arg(long)]
    pub dry_run: bool,
    /// Write operations that lose data (dropped models and fields, narrowed types).
    #[arg(long)]
    pub allow_destructive: bool,
    /// The migration's description instead of the one derived from its operations.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// A one-off value for existing rows of a new NOT NULL field: `Model.field=value`.
    #[arg(long = "default", value_name = "FIELD=VALUE")]
    pub defaults: Vec<String>,
}

/// A project and a database.
#[derive(Debug, Args)]
pub struct DatabaseArgs {
    /// The database (`sqlite:db.sqlite3`, `postgres://…`, `mysql://…`); default: $DATABASE_URL.
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
    #[command(flatten)]
    pub project: ProjectArgs,
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The migration to stop at (`0003`, `0003_profile_website`, or `zero` for none); default:
    /// the latest. Behind the database, the later migrations are reverted.
    pub target: Option<String>,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Debug, Args)]
pub struct SqlmigrateArgs {
    /// The migration: its number (`0002`) or full name (`0002_profiles_initial`).
    pub name: String,
    /// The database whose SQL to print.
    #[arg(long, value_enum, default_value = "sqlite")]
    pub dialect: DialectArg,
    /// Print the SQL that reverts the migration.
    #[arg(long)]
    pub backwards: bool,
    #[command(flatten)]
    pub project: ProjectArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DialectArg {
    Sqlite,
    Postgres,
    Mysql,
}
