//! Migrations: the model state a spec's migrations produce, and the SQL files that produce it,
//! per dialect, with Django's DDL and names so that Django and restforge can share a database.
//!
//! - [`state`]: the schema as plain data.
//! - [`ops`]: the operations a migration records in `migrations/NNNN_<name>.yaml`; replaying
//!   them gives the state the migrations produce.
//! - [`diff`]: `makemigrations`, the operations from the recorded state to a spec's.
//! - [`plan`]: the order of operations Django's `makemigrations` would choose.
//! - [`sql`]: the statements Django's `sqlmigrate` prints for an initial migration, per
//!   [`Dialect`]; [`ddl`]: the statements of every other operation.
//! - [`names`] (re-exported from the crate root): Django's index and constraint naming rule.
//! - [`history`]: a project's migration files; [`apply`]: running them through sqlx.

pub mod apply;
pub mod ddl;
pub mod diff;
pub mod history;
pub mod ops;
pub mod plan;
pub mod sql;
pub mod state;

pub use crate::names;
pub use plan::Operation;
pub use sql::Dialect;
pub use state::ModelState;

use crate::spec::Spec;
use state::{AUTH_APP, AUTHTOKEN_APP, SESSIONS_APP, Table};

/// One SQL migration file, in the layout sqlx's migrator reads: `<version>_<description>.sql`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    pub version: i64,
    /// The part of the file name after the version (`catalog_initial`).
    pub description: String,
    pub sql: String,
}

impl Migration {
    /// `0002_catalog_initial.sql`.
    pub fn file_name(&self) -> String {
        format!("{:04}_{}.sql", self.version, self.description)
    }
}

/// The initial migrations of a spec, planned once: `0001_auth` (Django's `auth_user`, DRF's
/// `authtoken_token` and Django's `django_session`) and `0002_<app>_initial`. Planning orders the operations as
/// Django's autodetector would; every dialect's SQL and the recorded operations come from
/// the one plan.
#[derive(Debug, Clone)]
pub struct InitialPlan {
    app: String,
    builtin: Vec<Table>,
    builtin_ops: Vec<Operation>,
    app_tables: Vec<Table>,
    app_ops: Vec<Operation>,
}

impl InitialPlan {
    pub fn new(spec: &Spec) -> Self {
        let state = ModelState::from_spec(spec);
        let builtin: Vec<Table> = state
            .tables
            .iter()
            .filter(|t| [AUTH_APP, AUTHTOKEN_APP, SESSIONS_APP].contains(&t.app.as_str()))
            .cloned()
            .collect();
        let builtin_ops = builtin
            .iter()
            .map(|t| Operation::CreateTable {
                table: t.name.clone(),
                relations: t
                    .columns
                    .iter()
                    .filter(|c| c.is_relation())
                    .map(|c| c.field_name().to_string())
                    .collect(),
            })
            .collect();
        let app = spec.app.value.clone();
        let app_tables: Vec<Table> = state.app_tables(&app).cloned().collect();
        let app_ops = state.initial_operations(&app);
        InitialPlan {
            app,
            builtin,
            builtin_ops,
            app_tables,
            app_ops,
        }
    }

    /// The SQL files of one dialect. The same spec gives the same bytes.
    pub fn migrations(&self, dialect: Dialect) -> Vec<Migration> {
        vec![
            migration(1, "auth".into(), dialect, &self.builtin, &self.builtin_ops),
            migration(
                2,
                format!("{}_initial", self.app),
                dialect,
                &self.app_tables,
                &self.app_ops,
            ),
        ]
    }

    /// What the migrations record: `0001_auth` creates the builtin tables, `0002` the app's,
    /// in the order of their SQL. Replaying both gives [`ModelState::from_spec`].
    pub fn records(&self) -> [ops::Record; 2] {
        [
            ops::Record {
                operations: self
                    .builtin
                    .iter()
                    .map(|t| ops::Op::CreateTable { table: t.clone() })
                    .collect(),
            },
            ops::Record {
                operations: diff::create_operations(&self.app, &self.app_tables),
            },
        ]
    }
}

/// The migrations that create a spec's database from nothing, in one dialect; planning many
/// dialects or the records too, use one [`InitialPlan`].
pub fn initial_migrations(spec: &Spec, dialect: Dialect) -> Vec<Migration> {
    InitialPlan::new(spec).migrations(dialect)
}

/// What the initial migrations record; see [`InitialPlan::records`].
pub fn initial_records(spec: &Spec) -> [ops::Record; 2] {
    InitialPlan::new(spec).records()
}

fn migration(
    version: i64,
    description: String,
    dialect: Dialect,
    tables: &[Table],
    operations: &[Operation],
) -> Migration {
    let mut sql = format!(
        "-- {version:04}_{description} ({}), the DDL Django 5.2's sqlmigrate prints for:\n",
        dialect.dir_name()
    );
    let tables = state::TableIndex::new(tables);
    for operation in operations {
        sql.push_str(&format!("--   {}\n", sql::describe(operation, &tables)));
    }
    sql.push('\n');
    sql.push_str(&sql::render_operations(dialect, &tables, operations));
    Migration {
        version,
        description,
        sql,
    }
}
