//! `restforge migrate` and `showmigrations`: a project's migration files run through sqlx's
//! migrator, which keeps `_sqlx_migrations` with a checksum per migration, takes a lock (an
//! advisory lock on PostgreSQL, `GET_LOCK` on MySQL) so that processes starting together
//! migrate once, and runs each migration in a transaction (DDL is transactional on SQLite and
//! PostgreSQL; MySQL commits each DDL statement). The runtime applies the same files, embedded,
//! with the same checksums, so either may run them.
//!
//! Going backwards runs each migration's reverse operations, generated from its record; a
//! migration without a reverse (it dropped a NOT NULL column, say) stops the whole run before
//! anything changes.

use std::borrow::Cow;
use std::path::Path;
use std::str::FromStr;

use sqlx::migrate::{AppliedMigration, Migrate, MigrateError, Migration, MigrationType, Migrator};
use sqlx::{AssertSqlSafe, Connection, SqlSafeStr};

use super::history::{self, Recorded};
use super::sql::Dialect;
use crate::render::header::{Provenance, provenance};

/// sqlx's bookkeeping table, as the runtime uses it.
const TABLE: &str = "_sqlx_migrations";

/// Where a migration stands in a database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Applied,
    Pending,
    /// Applied, but the file changed since: sqlx will refuse to run.
    Edited,
}

/// What `migrate` did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    pub applied: Vec<String>,
    pub reverted: Vec<String>,
}

/// The migrations of a project, read from its files, for one dialect: each file's SQL as an
/// up migration, and the generated reverse where one exists.
pub fn migrator(
    project: &Path,
    history: &[Recorded],
    dialect: Dialect,
) -> Result<Migrator, String> {
    let mut migrations = Vec::new();
    for (i, recorded) in history.iter().enumerate() {
        let path = history::sql_path(project, dialect, &recorded.name);
        let sql = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        migrations.push(Migration::new(
            recorded.version,
            Cow::Owned(recorded.description().to_string()),
            MigrationType::ReversibleUp,
            AssertSqlSafe(sql).into_sql_str(),
            false,
        ));
        if let Ok(down) = history::reverse_sql(history, i, dialect) {
            migrations.push(Migration::new(
                recorded.version,
                Cow::Owned(recorded.description().to_string()),
                MigrationType::ReversibleDown,
                AssertSqlSafe(down).into_sql_str(),
                false,
            ));
        }
    }
    Ok(Migrator::with_migrations(migrations))
}

/// A target on the command line: `zero`, a version (`3`, `0003`) or a name.
pub fn resolve_target(history: &[Recorded], target: &str) -> Result<i64, String> {
    if target == "zero" {
        return Ok(0);
    }
    history
        .iter()
        .find(|r| {
            r.name == target
                || target.parse::<i64>().ok() == Some(r.version)
                || r.name.split('_').next() == Some(target)
        })
        .map(|r| r.version)
        .ok_or_else(|| {
            format!(
                "no migration named `{target}`; the migrations are: zero, {}",
                history::names(history).join(", ")
            )
        })
}

/// Why an applied migration no longer matches its files, if it does not: its SQL's checksum
/// differs from the one the database recorded, or its record (`NNNN_name.yaml`, from which the
/// state and the reverse operations come) was edited below its `@generated` header.
fn edited(
    project: &Path,
    recorded: &Recorded,
    migrator: &Migrator,
    applied: &AppliedMigration,
) -> Option<String> {
    let up = migrator
        .iter()
        .find(|m| m.version == recorded.version && !m.migration_type.is_down_migration());
    if up.is_none_or(|m| m.checksum != applied.checksum) {
        return Some(format!(
            "migration {} was edited after it was applied (its checksum differs from the database's); restore the file and make a new migration for the change",
            recorded.name
        ));
    }
    let record = history::record_path(project, &recorded.name);
    let text = std::fs::read_to_string(&record).unwrap_or_default();
    (provenance(&text) == Provenance::Edited).then(|| {
        format!(
            "migration {} was edited after it was applied ({} differs from what restforge wrote); restore the file and make a new migration for the change",
            recorded.name,
            record.display()
        )
    })
}

fn explain(error: MigrateError, history: &[Recorded]) -> String {
    let name = |version: i64| {
        history
            .iter()
            .find(|r| r.version == version)
            .map_or(version.to_string(), |r| r.name.clone())
    };
    match error {
        MigrateError::VersionMismatch(v) => format!(
            "migration {} was edited after it was applied (its checksum differs from the database's); restore the file and make a new migration for the change",
            name(v)
        ),
        MigrateError::VersionMissing(v) => {
            format!("the database has migration {v} applied, which this project does not have")
        }
        MigrateError::Dirty(v) => format!(
            "migration {} failed part-way earlier and left the database dirty; repair it by hand",
            name(v)
        ),
        MigrateError::Execute(e) => format!("a migration failed: {e}"),
        MigrateError::ExecuteMigration(e, v) => format!("migration {} failed: {e}", name(v)),
        other => other.to_string(),
    }
}

macro_rules! with_connection {
    ($url:expr, $dialect:expr, |$conn:ident| $body:expr) => {
        match $dialect {
            Dialect::Sqlite => {
                let options = sqlx::sqlite::SqliteConnectOptions::from_str($url)
                    .map_err(|e| format!("bad database URL: {e}"))?
                    .create_if_missing(true);
                let mut $conn = sqlx::SqliteConnection::connect_with(&options)
                    .await
                    .map_err(|e| format!("cannot connect: {e}"))?;
                $body
            }
            Dialect::Postgres => {
                let mut $conn = sqlx::PgConnection::connect($url)
                    .await
                    .map_err(|e| format!("cannot connect: {e}"))?;
                $body
            }
            Dialect::Mysql => {
                let mut $conn = sqlx::MySqlConnection::connect($url)
                    .await
                    .map_err(|e| format!("cannot connect: {e}"))?;
                $body
            }
        }
    };
}

fn dialect_of(url: &str) -> Result<Dialect, String> {
    Dialect::from_url(url).ok_or_else(|| {
        format!("cannot tell the database of `{url}`: use sqlite:, postgres:// or mysql://")
    })
}

/// The status of each migration of the project in the database at `url`.
pub async fn show(project: &Path, url: &str) -> Result<Vec<(String, Status)>, String> {
    let history = history::read(project)?;
    let dialect = dialect_of(url)?;
    let migrator = migrator(project, &history, dialect)?;
    with_connection!(url, dialect, |conn| {
        conn.ensure_migrations_table(TABLE)
            .await
            .map_err(|e| e.to_string())?;
        let applied = conn
            .list_applied_migrations(TABLE)
            .await
            .map_err(|e| e.to_string())?;
        Ok(history
            .iter()
            .map(|r| {
                let status = match applied.iter().find(|a| a.version == r.version) {
                    None => Status::Pending,
                    Some(a) if edited(project, r, &migrator, a).is_some() => Status::Edited,
                    Some(_) => Status::Applied,
                };
                (r.name.clone(), status)
            })
            .collect())
    })
}

/// Applies the project's pending migrations up to `target` (all by default), or reverts those
/// after `target` when it is behind the database.
pub async fn migrate(project: &Path, url: &str, target: Option<&str>) -> Result<Report, String> {
    let history = history::read(project)?;
    if history.is_empty() {
        return Err(format!(
            "{} has no migrations (migrations/*.yaml); run `restforge generate` or `restforge makemigrations` first",
            project.display()
        ));
    }
    let dialect = dialect_of(url)?;
    let migrator = migrator(project, &history, dialect)?;
    let target = target.map(|t| resolve_target(&history, t)).transpose()?;
    let name = |version: i64| {
        history
            .iter()
            .find(|r| r.version == version)
            .map_or(version.to_string(), |r| r.name.clone())
    };
    with_connection!(url, dialect, |conn| {
        // Hold the migrator's lock from the first look at the bookkeeping table to the last:
        // two processes creating it at once collide otherwise. The lock is reentrant
        // (PostgreSQL advisory locks, MySQL's GET_LOCK), so sqlx's own locking nests inside.
        conn.lock().await.map_err(|e| e.to_string())?;
        conn.ensure_migrations_table(TABLE)
            .await
            .map_err(|e| e.to_string())?;
        let applied = conn
            .list_applied_migrations(TABLE)
            .await
            .map_err(|e| e.to_string())?;
        // An applied migration whose files changed is refused before anything runs, in either
        // direction: sqlx compares checksums only on the way up, and a reverse generated from
        // an edited record would undo something the database never did.
        for recorded in &history {
            if let Some(a) = applied.iter().find(|a| a.version == recorded.version)
                && let Some(why) = edited(project, recorded, &migrator, a)
            {
                return Err(format!("{why}; nothing was migrated"));
            }
        }
        let before: Vec<i64> = applied.iter().map(|m| m.version).collect();
        let latest = before.iter().copied().max().unwrap_or(0);
        match target {
            Some(target) if target < latest => {
                // Every migration to revert needs a reverse; check them all before starting.
                for (i, recorded) in history.iter().enumerate().rev() {
                    if recorded.version > target && before.contains(&recorded.version) {
                        history::reverse_sql(&history, i, dialect).map_err(|why| {
                            format!("cannot migrate back to {}: {why}", name(target))
                        })?;
                    }
                }
                migrator
                    .undo(&mut conn, target)
                    .await
                    .map_err(|e| explain(e, &history))?;
            }
            Some(target) => migrator
                .run_to(target, &mut conn)
                .await
                .map_err(|e| explain(e, &history))?,
            None => migrator
                .run(&mut conn)
                .await
                .map_err(|e| explain(e, &history))?,
        }
        let after: Vec<i64> = conn
            .list_applied_migrations(TABLE)
            .await
            .map_err(|e| e.to_string())?
            .iter()
            .map(|m| m.version)
            .collect();
        conn.unlock().await.map_err(|e| e.to_string())?;
        Ok(Report {
            applied: after
                .iter()
                .filter(|v| !before.contains(v))
                .map(|v| name(*v))
                .collect(),
            reverted: before
                .iter()
                .rev()
                .filter(|v| !after.contains(v))
                .map(|v| name(*v))
                .collect(),
        })
    })
}
