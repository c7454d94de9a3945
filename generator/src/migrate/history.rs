//! A project's migrations on disk, and the files of the next one.
//!
//! ```text
//! migrations/0003_profile_website.yaml          what the migration does (replayed for the state)
//! migrations/{sqlite,postgres,mysql}/0003_profile_website.sql   how, per database
//! ```
//!
//! Files are append-only: `makemigrations` writes a new version and never rewrites one.

use std::path::{Path, PathBuf};

use super::ddl;
use super::diff::{self, DiffOptions};
use super::ops::{self, Op, Record};
use super::sql::Dialect;
use super::state::ModelState;
use crate::render::header::Header;
use crate::spec::Spec;

/// One recorded migration.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    pub version: i64,
    /// `0003_profile_website`.
    pub name: String,
    pub record: Record,
}

impl Recorded {
    /// The part of the name after the version (`profile_website`), sqlx's description.
    pub fn description(&self) -> &str {
        self.name.split_once('_').map_or("", |(_, d)| d)
    }
}

/// `migrations/<name>.yaml`.
pub fn record_path(project: &Path, name: &str) -> PathBuf {
    project.join("migrations").join(format!("{name}.yaml"))
}

/// `migrations/<dialect>/<name>.sql`.
pub fn sql_path(project: &Path, dialect: Dialect, name: &str) -> PathBuf {
    project
        .join("migrations")
        .join(dialect.dir_name())
        .join(format!("{name}.sql"))
}

/// The version of a file stem (`0003_profile_website` → 3).
fn version_of(stem: &str) -> Option<i64> {
    let (digits, _) = stem.split_once('_')?;
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// Reads the recorded migrations of the project in `project`, in version order; none when it
/// has no `migrations/*.yaml`.
pub fn read(project: &Path) -> Result<Vec<Recorded>, String> {
    let dir = project.join("migrations");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut out: Vec<Recorded> = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(version) = version_of(&stem) else {
            continue;
        };
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let record = Record::from_yaml(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        if let Some(other) = out.iter().find(|r| r.version == version) {
            return Err(format!(
                "two migrations have version {version}: {} and {stem}",
                other.name
            ));
        }
        out.push(Recorded {
            version,
            name: stem,
            record,
        });
    }
    out.sort_by_key(|r| r.version);
    Ok(out)
}

/// The state the recorded migrations produce.
pub fn replay(history: &[Recorded]) -> Result<ModelState, String> {
    let mut state = ModelState { tables: Vec::new() };
    for recorded in history {
        for op in &recorded.record.operations {
            op.apply(&mut state)
                .map_err(|e| format!("migration {} cannot be replayed: {e}", recorded.name))?;
        }
    }
    Ok(state)
}

/// The files of one migration: its record, then its SQL per dialect, relative to the project.
pub fn migration_files(
    name: &str,
    before: &ModelState,
    operations: &[Op],
    header: &Header,
) -> Vec<(PathBuf, String)> {
    let record = Record {
        operations: operations.to_vec(),
    };
    let mut files = vec![(
        PathBuf::from(format!("migrations/{name}.yaml")),
        header.yaml(&format!(
            "# {name}: the operations of this migration; restforge replays them to know the schema.\n{}",
            record.to_yaml()
        )),
    )];
    for dialect in Dialect::ALL {
        files.push((
            PathBuf::from(format!("migrations/{}/{name}.sql", dialect.dir_name())),
            header.sql(&ddl::migration_sql(dialect, name, before, operations)),
        ));
    }
    files
}

/// How to make the next migration.
#[derive(Debug, Clone, Default)]
pub struct MakeOptions {
    pub diff: DiffOptions,
    /// The description instead of the one derived from the operations.
    pub name: Option<String>,
    /// Write operations that lose data.
    pub allow_destructive: bool,
}

/// The next migration, ready to write.
#[derive(Debug, Clone)]
pub struct NewMigration {
    pub name: String,
    pub operations: Vec<Op>,
    pub before: ModelState,
    /// What the destructive operations lose (allowed, since the migration was made).
    pub data_loss: Vec<String>,
}

/// Why the next migration cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub lines: Vec<String>,
    pub summary: String,
}

/// The migration from the recorded history to `spec`, `None` when nothing changed.
pub fn make(
    history: &[Recorded],
    spec: &Spec,
    options: &MakeOptions,
) -> Result<Option<NewMigration>, Refused> {
    let before = replay(history).map_err(|e| Refused {
        lines: Vec::new(),
        summary: e,
    })?;
    let diff = diff::diff(&before, spec, &options.diff);
    if diff.operations.is_empty() {
        return Ok(None);
    }
    let mut lines: Vec<String> = diff.problems.clone();
    let mut summary = Vec::new();
    if !diff.problems.is_empty() {
        summary.push("existing rows need values");
    }
    if !diff.data_loss.is_empty() && !options.allow_destructive {
        lines.extend(diff.data_loss.iter().cloned());
        lines.extend(diff.rename_hints.iter().map(|h| format!("hint: {h}")));
        summary.push(
            "the migration would lose the data above; pass --allow-destructive to write it anyway",
        );
    }
    if !summary.is_empty() {
        return Err(Refused {
            lines,
            summary: format!("{}; nothing was written", summary.join(", and ")),
        });
    }
    let version = history.last().map_or(1, |r| r.version + 1);
    let description = match &options.name {
        Some(name) => sanitize(name),
        None => ops::suggest_name(&diff.operations, &before),
    };
    Ok(Some(NewMigration {
        name: format!("{version:04}_{description}"),
        operations: diff.operations,
        before,
        data_loss: diff.data_loss,
    }))
}

/// The SQL that undoes migration `index` of `history` on `dialect`, or why it cannot exist.
pub fn reverse_sql(history: &[Recorded], index: usize, dialect: Dialect) -> Result<String, String> {
    let before = replay(&history[..index])?;
    let mut state = before.clone();
    let mut reversed = Vec::new();
    for op in &history[index].record.operations {
        let reverse = op
            .reverse(&state)
            .map_err(|why| format!("{} cannot be reversed: {why}", history[index].name))?;
        reversed.push(reverse);
        op.apply(&mut state).map_err(|e| e.to_string())?;
    }
    reversed.reverse();
    Ok(ddl::migration_sql(
        dialect,
        &format!("{} (backwards)", history[index].name),
        &state,
        &reversed,
    ))
}

/// Migration file names a project's `src/migrations.rs` embeds, with Spec-less callers in mind.
pub fn names(history: &[Recorded]) -> Vec<String> {
    history.iter().map(|r| r.name.clone()).collect()
}

/// A `--name` as a file-name description: lowercase letters, digits and `_`.
fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}
