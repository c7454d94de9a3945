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
    /// How the new project depends on the restforge runtime, as a Cargo.toml value
    /// (default: the runtime this restforge was built from, by path, when it exists).
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
pub struct SqlmigrateArgs {
    /// The migration: its number (`0002`) or full name (`0002_profiles_initial`).
    pub name: String,
    /// The database whose SQL to print.
    #[arg(long, value_enum, default_value = "sqlite")]
    pub dialect: DialectArg,
    #[command(flatten)]
    pub project: ProjectArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DialectArg {
    Sqlite,
    Postgres,
}
