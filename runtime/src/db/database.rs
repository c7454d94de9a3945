//! [`Database`]: one handle over SQLite or PostgreSQL, chosen by `DATABASE_URL` at start-up.
//!
//! Everything above this module speaks [`Value`]s and [`FieldKind`]s; this module binds them to
//! sqlx with the storage format Django uses on each database, so a database written by Django
//! reads back the same (SQLite keeps datetimes as `YYYY-MM-DD HH:MM:SS[.ffffff]` text in UTC,
//! UUIDs as 32 hex digits, durations as microseconds; PostgreSQL uses its native types).
//!
//! Statements are always parameterised: SQL text comes from model metadata, values are bound.
//!
//! ```no_run
//! # async fn demo() -> Result<(), restforge::db::DbError> {
//! use restforge::db::{Database, Param};
//! use restforge::core::model::FieldKind;
//! use restforge::core::value::Value;
//!
//! let db = Database::connect("sqlite::memory:").await?;
//! db.execute("CREATE TABLE t (n integer NOT NULL)", &[]).await?;
//! let insert = format!("INSERT INTO t (n) VALUES ({})", db.placeholder(1, FieldKind::Integer));
//! db.execute(&insert, &[Param::new(Value::Int(7), FieldKind::Integer)]).await?;
//! let rows = db.fetch("SELECT n FROM t", &[], &[FieldKind::Integer]).await?;
//! assert_eq!(rows, vec![vec![Value::Int(7)]]);
//! # Ok(()) }
//! ```

use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration as StdDuration;

use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::postgres::{PgPool, PgPoolOptions, PgRow};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
};
use sqlx::{AssertSqlSafe, Row, SqlSafeStr};

use crate::core::model::FieldKind;
use crate::core::types::{Date, DateTime, Decimal, Duration, Json, Time, Uuid};
use crate::core::value::Value;

/// The SQL dialects restforge speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// The directory name of this dialect's migrations (`migrations/<name>/`).
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
        }
    }

    /// The `n`-th (1-based) placeholder for a value of `field_type`: `?` on SQLite, `$n` on
    /// PostgreSQL (with a cast where the bound text must become another type).
    pub fn placeholder(self, n: usize, field_type: FieldKind) -> String {
        match self {
            Dialect::Sqlite => "?".to_string(),
            Dialect::Postgres => match field_type {
                FieldKind::Decimal => format!("${n}::numeric"),
                // Text bound to an `inet` column.
                FieldKind::IpAddress => format!("${n}::inet"),
                _ => format!("${n}"),
            },
        }
    }
}

/// A value to bind, with the field type that decides how it is stored (a `NULL` needs a type
/// on PostgreSQL, and a datetime is text on SQLite).
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub value: Value,
    pub field_type: FieldKind,
}

impl Param {
    pub fn new(value: Value, field_type: FieldKind) -> Self {
        Param { value, field_type }
    }

    /// A text parameter (search terms, lookups on text columns).
    pub fn text(text: impl Into<String>) -> Self {
        Param::new(Value::Text(text.into()), FieldKind::Text)
    }
}

/// A database failure. Its `Display` is for logs; HTTP responses never show it.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported database URL `{0}`: use sqlite://PATH, sqlite::memory: or postgres://…")]
    UnsupportedUrl(String),
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A stored value that does not read as its field's type.
    #[error("cannot read column {column} as {expected}: {found}")]
    Decode {
        column: usize,
        expected: &'static str,
        found: String,
    },
    /// A query the model's metadata cannot express (an unknown lookup path, say). A
    /// programming error in a view's configuration, reported instead of panicking.
    #[error(transparent)]
    Query(#[from] crate::db::query::QueryError),
}

impl DbError {
    /// Whether the error is a unique or primary-key constraint violation.
    pub fn is_unique_violation(&self) -> bool {
        match self {
            DbError::Sqlx(sqlx::Error::Database(e)) => e.is_unique_violation(),
            _ => false,
        }
    }
}

#[derive(Debug, Clone)]
enum Pool {
    Sqlite(SqlitePools),
    Postgres(PgPool),
}

/// SQLite allows one writer at a time. Writes (transactions and [`Database::execute`]) go
/// through a pool of one connection, so concurrent writers queue in tokio, in order, instead
/// of sleeping in SQLite's busy handler (which backs off in steps of up to 100 ms and made
/// write latency spiky); reads use the other pool, which WAL lets run beside the writer.
#[derive(Debug, Clone)]
struct SqlitePools {
    read: SqlitePool,
    write: SqlitePool,
}

/// Whether a query reads every row or only the first.
#[derive(Debug, Clone, Copy)]
enum Rows {
    All,
    First,
}

/// Which SQLite pool a statement runs on.
#[derive(Debug, Clone, Copy)]
enum Connection {
    Reader,
    Writer,
}

/// A pool of connections to one database. Cheap to clone; clones share the pool.
#[derive(Debug, Clone)]
pub struct Database {
    pool: Pool,
    /// Statements sent through this handle, so tests can assert how many a request costs.
    statements: Arc<AtomicU64>,
}

/// One migration to apply: version, description, SQL.
#[derive(Debug, Clone, Copy)]
pub struct MigrationSource {
    pub version: i64,
    pub description: &'static str,
    pub sql: &'static str,
}

impl Database {
    /// Connects to `url`: `sqlite://PATH` (the file is created if missing), `sqlite::memory:`,
    /// or `postgres://…`. SQLite runs in WAL mode with foreign keys on and a busy timeout.
    pub async fn connect(url: &str) -> Result<Database, DbError> {
        Database::connect_with(url, None).await
    }

    /// [`Database::connect`] with an explicit pool size.
    pub async fn connect_with(
        url: &str,
        max_connections: Option<u32>,
    ) -> Result<Database, DbError> {
        let pool = if url.starts_with("sqlite:") {
            let memory = url.contains(":memory:") || url.contains("mode=memory");
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .foreign_keys(true)
                .busy_timeout(StdDuration::from_secs(5));
            let options = if memory {
                options
            } else {
                options.journal_mode(SqliteJournalMode::Wal)
            };
            let pool = |size: u32| {
                SqlitePoolOptions::new()
                    .max_connections(size)
                    .min_connections(if memory { 1 } else { 0 })
                    .idle_timeout(if memory {
                        None
                    } else {
                        Some(StdDuration::from_secs(600))
                    })
                    .max_lifetime(if memory {
                        None
                    } else {
                        Some(StdDuration::from_secs(1800))
                    })
                    .connect_with(options.clone())
            };
            if memory {
                // An in-memory database lives in one connection.
                let pool = pool(1).await?;
                Pool::Sqlite(SqlitePools {
                    read: pool.clone(),
                    write: pool,
                })
            } else {
                // Four to eight readers is where SQLite's throughput levels off on two cores.
                Pool::Sqlite(SqlitePools {
                    read: pool(max_connections.unwrap_or(8)).await?,
                    write: pool(1).await?,
                })
            }
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = PgPoolOptions::new()
                .max_connections(max_connections.unwrap_or(10))
                // A request waiting for a connection (the server unreachable, or every
                // connection busy) fails after this rather than hanging.
                .acquire_timeout(StdDuration::from_secs(10))
                .connect(url)
                .await?;
            Pool::Postgres(pool)
        } else {
            return Err(DbError::UnsupportedUrl(redact(url)));
        };
        Ok(Database {
            pool,
            statements: Arc::new(AtomicU64::new(0)),
        })
    }

    pub fn dialect(&self) -> Dialect {
        match self.pool {
            Pool::Sqlite(_) => Dialect::Sqlite,
            Pool::Postgres(_) => Dialect::Postgres,
        }
    }

    /// The `n`-th (1-based) placeholder for a value of `field_type`: `?` on SQLite, `$n` on
    /// PostgreSQL (with a cast where the bound text must become another type).
    pub fn placeholder(&self, n: usize, field_type: FieldKind) -> String {
        self.dialect().placeholder(n, field_type)
    }

    /// How many statements this handle (and its clones) has sent.
    pub fn statements_executed(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    fn count(&self) {
        self.statements.fetch_add(1, Ordering::Relaxed);
    }

    /// Runs a statement; returns the number of rows it changed. On SQLite it goes through
    /// the writer connection.
    pub async fn execute(&self, sql: &str, params: &[Param]) -> Result<u64, DbError> {
        self.count();
        Ok(match &self.pool {
            Pool::Sqlite(pools) => sqlite_query(sql, params)
                .execute(&pools.write)
                .await?
                .rows_affected(),
            Pool::Postgres(pool) => pg_query(sql, params).execute(pool).await?.rows_affected(),
        })
    }

    /// Runs a query and reads each row's columns as `columns` says.
    pub async fn fetch(
        &self,
        sql: &str,
        params: &[Param],
        columns: &[FieldKind],
    ) -> Result<Vec<Vec<Value>>, DbError> {
        self.fetch_on(Connection::Reader, Rows::All, sql, params, columns)
            .await
    }

    async fn fetch_on(
        &self,
        connection: Connection,
        rows: Rows,
        sql: &str,
        params: &[Param],
        columns: &[FieldKind],
    ) -> Result<Vec<Vec<Value>>, DbError> {
        self.count();
        match &self.pool {
            Pool::Sqlite(pools) => {
                let pool = match connection {
                    Connection::Reader => &pools.read,
                    Connection::Writer => &pools.write,
                };
                sqlite_rows(pool, sqlite_query(sql, params), rows, columns).await
            }
            Pool::Postgres(pool) => pg_rows(pool, pg_query(sql, params), rows, columns).await,
        }
    }

    /// [`Database::fetch`] for at most one row: it returns as soon as the first row arrives
    /// instead of waiting for the end of the results, which on SQLite is one thread hand-off
    /// less.
    pub async fn fetch_optional(
        &self,
        sql: &str,
        params: &[Param],
        columns: &[FieldKind],
    ) -> Result<Option<Vec<Value>>, DbError> {
        let rows = self
            .fetch_on(Connection::Reader, Rows::First, sql, params, columns)
            .await?;
        Ok(rows.into_iter().next())
    }

    /// Applies the pending migrations with sqlx's migrator: in order, each in a transaction,
    /// under a lock so that replicas starting together migrate once, with checksums so that
    /// an applied migration edited afterwards is refused.
    pub async fn migrate(&self, migrations: &[MigrationSource]) -> Result<(), DbError> {
        let migrations = migrations
            .iter()
            .map(|m| {
                Migration::new(
                    m.version,
                    m.description.into(),
                    MigrationType::Simple,
                    AssertSqlSafe(m.sql).into_sql_str(),
                    false,
                )
            })
            .collect();
        let migrator = Migrator::with_migrations(migrations);
        match &self.pool {
            Pool::Sqlite(pools) => migrator.run(&pools.write).await?,
            Pool::Postgres(pool) => migrator.run(pool).await?,
        }
        Ok(())
    }

    /// Applies the pending migrations of this database's dialect from `migrations`.
    pub async fn apply(&self, migrations: &Migrations) -> Result<(), DbError> {
        self.migrate(migrations.for_dialect(self.dialect())).await
    }

    /// Starts a transaction. Nothing it writes is visible to others until
    /// [`Transaction::commit`]; dropping it uncommitted rolls back.
    ///
    /// On SQLite the transaction is `BEGIN IMMEDIATE`: it takes the write lock at once, so
    /// two writers that both read first cannot deadlock on upgrading their locks (a deferred
    /// transaction fails with `SQLITE_BUSY` there, and the busy timeout does not help).
    ///
    /// ```no_run
    /// # async fn demo(db: &restforge::db::Database) -> Result<(), restforge::db::DbError> {
    /// let mut tx = db.transaction().await?;
    /// tx.execute("DELETE FROM t", &[]).await?;
    /// tx.commit().await?;
    /// # Ok(()) }
    /// ```
    pub async fn transaction(&self) -> Result<Transaction, DbError> {
        let inner = match &self.pool {
            Pool::Sqlite(pools) => {
                TxInner::Sqlite(pools.write.begin_with("BEGIN IMMEDIATE").await?)
            }
            Pool::Postgres(pool) => TxInner::Postgres(pool.begin().await?),
        };
        Ok(Transaction {
            inner,
            statements: Arc::clone(&self.statements),
        })
    }

    /// Closes every connection.
    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(pools) => {
                pools.write.close().await;
                pools.read.close().await;
            }
            Pool::Postgres(pool) => pool.close().await,
        }
    }
}

/// A transaction on one connection of a [`Database`], with the same `execute` and `fetch`.
///
/// Statements sent through it count in [`Database::statements_executed`]; `BEGIN` and
/// `COMMIT` do not.
#[derive(Debug)]
pub struct Transaction {
    inner: TxInner,
    statements: Arc<AtomicU64>,
}

#[derive(Debug)]
enum TxInner {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

impl Transaction {
    pub fn dialect(&self) -> Dialect {
        match self.inner {
            TxInner::Sqlite(_) => Dialect::Sqlite,
            TxInner::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Runs a statement; returns the number of rows it changed.
    pub async fn execute(&mut self, sql: &str, params: &[Param]) -> Result<u64, DbError> {
        self.statements.fetch_add(1, Ordering::Relaxed);
        Ok(match &mut self.inner {
            TxInner::Sqlite(tx) => sqlite_query(sql, params)
                .execute(&mut **tx)
                .await?
                .rows_affected(),
            TxInner::Postgres(tx) => pg_query(sql, params)
                .execute(&mut **tx)
                .await?
                .rows_affected(),
        })
    }

    /// Runs a query and reads each row's columns as `columns` says.
    pub async fn fetch(
        &mut self,
        sql: &str,
        params: &[Param],
        columns: &[FieldKind],
    ) -> Result<Vec<Vec<Value>>, DbError> {
        self.fetch_rows(Rows::All, sql, params, columns).await
    }

    /// [`Transaction::fetch`] for at most one row.
    pub async fn fetch_optional(
        &mut self,
        sql: &str,
        params: &[Param],
        columns: &[FieldKind],
    ) -> Result<Option<Vec<Value>>, DbError> {
        let rows = self.fetch_rows(Rows::First, sql, params, columns).await?;
        Ok(rows.into_iter().next())
    }

    async fn fetch_rows(
        &mut self,
        rows: Rows,
        sql: &str,
        params: &[Param],
        columns: &[FieldKind],
    ) -> Result<Vec<Vec<Value>>, DbError> {
        self.statements.fetch_add(1, Ordering::Relaxed);
        match &mut self.inner {
            TxInner::Sqlite(tx) => {
                sqlite_rows(&mut **tx, sqlite_query(sql, params), rows, columns).await
            }
            TxInner::Postgres(tx) => pg_rows(&mut **tx, pg_query(sql, params), rows, columns).await,
        }
    }

    /// Makes the transaction's writes permanent.
    pub async fn commit(self) -> Result<(), DbError> {
        match self.inner {
            TxInner::Sqlite(tx) => tx.commit().await?,
            TxInner::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }

    /// Undoes the transaction's writes (dropping it does the same, later).
    pub async fn rollback(self) -> Result<(), DbError> {
        match self.inner {
            TxInner::Sqlite(tx) => tx.rollback().await?,
            TxInner::Postgres(tx) => tx.rollback().await?,
        }
        Ok(())
    }
}

/// What runs SQL: a [`Database`] (each statement on any pooled connection) or a
/// [`Transaction`]. The query builder and the writer are generic over it, so the same code
/// reads inside and outside a transaction.
pub trait Executor: Send {
    fn dialect(&self) -> Dialect;

    /// See [`Database::execute`].
    fn execute(
        &mut self,
        sql: &str,
        params: &[Param],
    ) -> impl std::future::Future<Output = Result<u64, DbError>> + Send;

    /// See [`Database::fetch`].
    fn fetch(
        &mut self,
        sql: &str,
        params: &[Param],
        columns: &[FieldKind],
    ) -> impl std::future::Future<Output = Result<Vec<Vec<Value>>, DbError>> + Send;

    /// See [`Database::fetch_optional`].
    fn fetch_optional(
        &mut self,
        sql: &str,
        params: &[Param],
        columns: &[FieldKind],
    ) -> impl std::future::Future<Output = Result<Option<Vec<Value>>, DbError>> + Send;
}

impl Executor for &Database {
    fn dialect(&self) -> Dialect {
        Database::dialect(self)
    }

    async fn execute(&mut self, sql: &str, params: &[Param]) -> Result<u64, DbError> {
        Database::execute(self, sql, params).await
    }

    async fn fetch(
        &mut self,
        sql: &str,
        params: &[Param],
        columns: &[FieldKind],
    ) -> Result<Vec<Vec<Value>>, DbError> {
        Database::fetch(self, sql, params, columns).await
    }

    async fn fetch_optional(
        &mut self,
        sql: &str,
        params: &[Param],
        columns: &[FieldKind],
    ) -> Result<Option<Vec<Value>>, DbError> {
        Database::fetch_optional(self, sql, params, columns).await
    }
}

/// Writes outside a transaction, for a write that is one statement (an INSERT or UPDATE with
/// no receivers to run after it): a statement is atomic by itself, and BEGIN and COMMIT would
/// be two more round trips. On SQLite the statements run on the writer connection.
#[derive(Debug, Clone, Copy)]
pub struct Autocommit<'a>(pub &'a Database);

impl Executor for Autocommit<'_> {
    fn dialect(&self) -> Dialect {
        self.0.dialect()
    }

    async fn execute(&mut self, sql: &str, params: &[Param]) -> Result<u64, DbError> {
        self.0.execute(sql, params).await
    }

    async fn fetch(
        &mut self,
        sql: &str,
        params: &[Param],
        columns: &[FieldKind],
    ) -> Result<Vec<Vec<Value>>, DbError> {
        self.0
            .fetch_on(Connection::Writer, Rows::All, sql, params, columns)
            .await
    }

    async fn fetch_optional(
        &mut self,
        sql: &str,
        params: &[Param],
        columns: &[FieldKind],
    ) -> Result<Option<Vec<Value>>, DbError> {
        let rows = self
            .0
            .fetch_on(Connection::Writer, Rows::First, sql, params, columns)
            .await?;
        Ok(rows.into_iter().next())
    }
}

impl Executor for Transaction {
    fn dialect(&self) -> Dialect {
        Transaction::dialect(self)
    }

    async fn execute(&mut self, sql: &str, params: &[Param]) -> Result<u64, DbError> {
        Transaction::execute(self, sql, params).await
    }

    async fn fetch(
        &mut self,
        sql: &str,
        params: &[Param],
        columns: &[FieldKind],
    ) -> Result<Vec<Vec<Value>>, DbError> {
        Transaction::fetch(self, sql, params, columns).await
    }

    async fn fetch_optional(
        &mut self,
        sql: &str,
        params: &[Param],
        columns: &[FieldKind],
    ) -> Result<Option<Vec<Value>>, DbError> {
        Transaction::fetch_optional(self, sql, params, columns).await
    }
}

/// A project's migrations, one ordered list per dialect, as `src/migrations.rs` builds them.
///
/// ```
/// use restforge::db::{Dialect, Migrations};
///
/// let migrations = Migrations::new()
///     .sqlite(1, "auth", "CREATE TABLE a (id integer PRIMARY KEY)")
///     .postgres(1, "auth", "CREATE TABLE a (id bigint PRIMARY KEY)");
/// assert_eq!(migrations.for_dialect(Dialect::Sqlite)[0].description, "auth");
/// ```
#[derive(Debug, Clone, Default)]
pub struct Migrations {
    sqlite: Vec<MigrationSource>,
    postgres: Vec<MigrationSource>,
}

impl Migrations {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a SQLite migration.
    pub fn sqlite(mut self, version: i64, description: &'static str, sql: &'static str) -> Self {
        self.sqlite.push(MigrationSource {
            version,
            description,
            sql,
        });
        self
    }

    /// Adds a PostgreSQL migration.
    pub fn postgres(mut self, version: i64, description: &'static str, sql: &'static str) -> Self {
        self.postgres.push(MigrationSource {
            version,
            description,
            sql,
        });
        self
    }

    /// The migrations of one dialect, in the order they were added.
    pub fn for_dialect(&self, dialect: Dialect) -> &[MigrationSource] {
        match dialect {
            Dialect::Sqlite => &self.sqlite,
            Dialect::Postgres => &self.postgres,
        }
    }
}

/// A database URL with any password replaced, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

type SqliteQuery<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>;
type PgQuery<'q> = sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>;

/// Django's SQLite text for datetimes (Python's `str(datetime)` in UTC, without offset): six
/// fractional digits when there are microseconds, none otherwise.
fn sqlite_datetime(value: &DateTime) -> String {
    use chrono::{Datelike, Timelike};
    use std::fmt::Write;
    let mut out = String::with_capacity(26);
    let _ = write!(
        out,
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        value.year(),
        value.month(),
        value.day(),
        value.hour(),
        value.minute(),
        value.second()
    );
    let micros = value.nanosecond() / 1_000;
    if micros != 0 {
        let _ = write!(out, ".{micros:06}");
    }
    out
}

fn sqlite_time(value: &Time) -> String {
    use chrono::Timelike;
    let format = if value.nanosecond() / 1_000 == 0 {
        "%H:%M:%S"
    } else {
        "%H:%M:%S%.6f"
    };
    value.format(format).to_string()
}

/// `sql` with `params` bound, for SQLite.
fn sqlite_query(sql: &str, params: &[Param]) -> SqliteQuery<'static> {
    params
        .iter()
        .fold(sqlx::query(AssertSqlSafe(sql.to_string())), bind_sqlite)
}

/// `sql` with `params` bound, for PostgreSQL.
fn pg_query(sql: &str, params: &[Param]) -> PgQuery<'static> {
    params
        .iter()
        .fold(sqlx::query(AssertSqlSafe(sql.to_string())), bind_postgres)
}

/// Runs a SQLite query on a pool or a transaction and decodes its rows.
async fn sqlite_rows<'c, E>(
    executor: E,
    query: SqliteQuery<'static>,
    rows: Rows,
    columns: &[FieldKind],
) -> Result<Vec<Vec<Value>>, DbError>
where
    E: sqlx::Executor<'c, Database = sqlx::Sqlite>,
{
    let found = match rows {
        Rows::All => query.fetch_all(executor).await?,
        Rows::First => query.fetch_optional(executor).await?.into_iter().collect(),
    };
    found
        .iter()
        .map(|row| decode_sqlite(row, columns))
        .collect()
}

/// Runs a PostgreSQL query on a pool or a transaction and decodes its rows.
async fn pg_rows<'c, E>(
    executor: E,
    query: PgQuery<'static>,
    rows: Rows,
    columns: &[FieldKind],
) -> Result<Vec<Vec<Value>>, DbError>
where
    E: sqlx::Executor<'c, Database = sqlx::Postgres>,
{
    let found = match rows {
        Rows::All => query.fetch_all(executor).await?,
        Rows::First => query.fetch_optional(executor).await?.into_iter().collect(),
    };
    found
        .iter()
        .map(|row| decode_postgres(row, columns))
        .collect()
}

fn bind_sqlite<'q>(query: SqliteQuery<'q>, param: &Param) -> SqliteQuery<'q> {
    match &param.value {
        Value::Null => match param.field_type {
            t if t.is_integer() || t == FieldKind::Boolean => query.bind(None::<i64>),
            FieldKind::Float => query.bind(None::<f64>),
            _ => query.bind(None::<String>),
        },
        Value::Bool(b) => query.bind(*b),
        Value::Int(i) => query.bind(*i),
        Value::Float(f) => query.bind(*f),
        Value::Text(s) => query.bind(s.clone()),
        Value::Decimal(d) => query.bind(d.as_str().to_string()),
        Value::Date(d) => query.bind(d.format("%Y-%m-%d").to_string()),
        Value::DateTime(dt) => query.bind(sqlite_datetime(dt)),
        Value::Time(t) => query.bind(sqlite_time(t)),
        Value::Duration(d) => query.bind(d.num_microseconds().unwrap_or(i64::MAX)),
        Value::Uuid(u) => query.bind(u.simple().to_string()),
        Value::Json(j) => query.bind(j.to_string()),
    }
}

fn bind_postgres<'q>(query: PgQuery<'q>, param: &Param) -> PgQuery<'q> {
    match &param.value {
        Value::Null => match param.field_type {
            FieldKind::Auto | FieldKind::Integer | FieldKind::PositiveInteger => {
                query.bind(None::<i32>)
            }
            FieldKind::SmallInteger => query.bind(None::<i16>),
            t if t.is_integer() => query.bind(None::<i64>),
            // A relation's column has its target's key type; both integer widths take int8.
            FieldKind::ForeignKey | FieldKind::OneToOne => query.bind(None::<i64>),
            FieldKind::Boolean => query.bind(None::<bool>),
            FieldKind::Float => query.bind(None::<f64>),
            FieldKind::Date => query.bind(None::<Date>),
            FieldKind::DateTime => query.bind(None::<DateTime>),
            FieldKind::Time => query.bind(None::<Time>),
            FieldKind::Duration => query.bind(None::<Duration>),
            FieldKind::Uuid => query.bind(None::<Uuid>),
            FieldKind::Json => query.bind(None::<sqlx::types::Json<Json>>),
            _ => query.bind(None::<String>),
        },
        Value::Bool(b) => query.bind(*b),
        Value::Int(i) => match param.field_type {
            FieldKind::Auto | FieldKind::Integer | FieldKind::PositiveInteger => {
                match i32::try_from(*i) {
                    Ok(small) => query.bind(small),
                    Err(_) => query.bind(*i),
                }
            }
            FieldKind::SmallInteger => match i16::try_from(*i) {
                Ok(small) => query.bind(small),
                Err(_) => query.bind(*i),
            },
            _ => query.bind(*i),
        },
        Value::Float(f) => query.bind(*f),
        Value::Text(s) => query.bind(s.clone()),
        Value::Decimal(d) => query.bind(d.as_str().to_string()),
        Value::Date(d) => query.bind(*d),
        Value::DateTime(dt) => query.bind(*dt),
        Value::Time(t) => query.bind(*t),
        Value::Duration(d) => query.bind(*d),
        Value::Uuid(u) => query.bind(*u),
        Value::Json(j) => query.bind(sqlx::types::Json(j.clone())),
    }
}

fn decode_error(column: usize, expected: &'static str, found: impl ToString) -> DbError {
    DbError::Decode {
        column,
        expected,
        found: found.to_string(),
    }
}

fn decode_sqlite(row: &SqliteRow, columns: &[FieldKind]) -> Result<Vec<Value>, DbError> {
    let mut values = Vec::with_capacity(columns.len());
    for (i, field_type) in columns.iter().enumerate() {
        let value = match field_type {
            t if t.is_integer() || matches!(t, FieldKind::ForeignKey | FieldKind::OneToOne) => row
                .try_get::<Option<i64>, _>(i)?
                .map_or(Value::Null, Value::Int),
            FieldKind::Boolean => row
                .try_get::<Option<bool>, _>(i)?
                .map_or(Value::Null, Value::Bool),
            FieldKind::Float => row
                .try_get::<Option<f64>, _>(i)?
                .map_or(Value::Null, Value::Float),
            FieldKind::Decimal => {
                // NUMERIC affinity turns stored text into a number (`"0.00"` becomes the
                // integer 0, `"12.50"` the real 12.5); read whatever it became.
                let text = if let Ok(real) = row.try_get::<Option<f64>, _>(i) {
                    real.map(|f| f.to_string())
                } else if let Ok(integer) = row.try_get::<Option<i64>, _>(i) {
                    integer.map(|n| n.to_string())
                } else {
                    row.try_get::<Option<String>, _>(i)?
                };
                match text {
                    None => Value::Null,
                    Some(text) => Value::Decimal(
                        Decimal::from_str(&text).map_err(|e| decode_error(i, "decimal", e))?,
                    ),
                }
            }
            FieldKind::Date => match row.try_get::<Option<String>, _>(i)? {
                None => Value::Null,
                Some(text) => Value::Date(
                    Date::parse_from_str(&text, "%Y-%m-%d")
                        .map_err(|e| decode_error(i, "date", e))?,
                ),
            },
            FieldKind::DateTime => match row.try_get::<Option<String>, _>(i)? {
                None => Value::Null,
                Some(text) => Value::DateTime(
                    parse_sqlite_datetime(&text)
                        .ok_or_else(|| decode_error(i, "datetime", &text))?,
                ),
            },
            FieldKind::Time => match row.try_get::<Option<String>, _>(i)? {
                None => Value::Null,
                Some(text) => Value::Time(
                    Time::parse_from_str(&text, "%H:%M:%S%.f")
                        .map_err(|e| decode_error(i, "time", e))?,
                ),
            },
            FieldKind::Duration => row.try_get::<Option<i64>, _>(i)?.map_or(Value::Null, |us| {
                Value::Duration(Duration::microseconds(us))
            }),
            FieldKind::Uuid => match row.try_get::<Option<String>, _>(i)? {
                None => Value::Null,
                Some(text) => {
                    Value::Uuid(Uuid::parse_str(&text).map_err(|e| decode_error(i, "uuid", e))?)
                }
            },
            FieldKind::Json => match row.try_get::<Option<String>, _>(i)? {
                None => Value::Null,
                Some(text) => Value::Json(
                    serde_json::from_str(&text).map_err(|e| decode_error(i, "json", e))?,
                ),
            },
            _ => row
                .try_get::<Option<String>, _>(i)?
                .map_or(Value::Null, Value::Text),
        };
        values.push(value);
    }
    Ok(values)
}

/// Reads Django's SQLite datetime text (also accepting a `T` separator and an offset).
fn parse_sqlite_datetime(text: &str) -> Option<DateTime> {
    if let Some(parsed) = parse_django_datetime_text(text) {
        return Some(parsed);
    }
    let trimmed = text.trim();
    for format in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"] {
        if let Ok(naive) = chrono::NaiveDateTime::parse_from_str(trimmed, format) {
            return Some(naive.and_utc());
        }
    }
    chrono::DateTime::parse_from_rfc3339(trimmed)
        .ok()
        .map(|dt| dt.with_timezone(&chrono::Utc))
}

/// The text Django itself writes, `YYYY-MM-DD HH:MM:SS[.ffffff]`, read without a strftime
/// pattern (every datetime of every row goes through here); anything else is `None`.
fn parse_django_datetime_text(text: &str) -> Option<DateTime> {
    let bytes = text.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let digits = bytes.get(range)?;
        digits.iter().try_fold(0u32, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    let separators = [(4, b'-'), (7, b'-'), (10, b' '), (13, b':'), (16, b':')];
    if bytes.len() < 19 || separators.iter().any(|&(i, c)| bytes[i] != c) {
        return None;
    }
    let micros = match bytes.len() {
        19 => 0,
        26 if bytes[19] == b'.' => number(20..26)?,
        _ => return None,
    };
    let date = chrono::NaiveDate::from_ymd_opt(
        i32::try_from(number(0..4)?).ok()?,
        number(5..7)?,
        number(8..10)?,
    )?;
    let time = chrono::NaiveTime::from_hms_micro_opt(
        number(11..13)?,
        number(14..16)?,
        number(17..19)?,
        micros,
    )?;
    Some(date.and_time(time).and_utc())
}

fn decode_postgres(row: &PgRow, columns: &[FieldKind]) -> Result<Vec<Value>, DbError> {
    let mut values = Vec::with_capacity(columns.len());
    for (i, field_type) in columns.iter().enumerate() {
        let value = match field_type {
            FieldKind::SmallInteger => row
                .try_get::<Option<i16>, _>(i)?
                .map_or(Value::Null, |v| Value::Int(v.into())),
            t if t.is_integer() || matches!(t, FieldKind::ForeignKey | FieldKind::OneToOne) => {
                // Keys and integers come as int4 or int8 depending on the column.
                match row.try_get::<Option<i64>, _>(i) {
                    Ok(v) => v.map_or(Value::Null, Value::Int),
                    Err(_) => row
                        .try_get::<Option<i32>, _>(i)?
                        .map_or(Value::Null, |v| Value::Int(v.into())),
                }
            }
            FieldKind::Boolean => row
                .try_get::<Option<bool>, _>(i)?
                .map_or(Value::Null, Value::Bool),
            FieldKind::Float => row
                .try_get::<Option<f64>, _>(i)?
                .map_or(Value::Null, Value::Float),
            // Selected as `::text` by the query builder: numeric has no lossless Rust type here.
            FieldKind::Decimal => match row.try_get::<Option<String>, _>(i)? {
                None => Value::Null,
                Some(text) => Value::Decimal(
                    Decimal::from_str(&text).map_err(|e| decode_error(i, "decimal", e))?,
                ),
            },
            FieldKind::Date => row
                .try_get::<Option<Date>, _>(i)?
                .map_or(Value::Null, Value::Date),
            FieldKind::DateTime => row
                .try_get::<Option<DateTime>, _>(i)?
                .map_or(Value::Null, Value::DateTime),
            FieldKind::Time => row
                .try_get::<Option<Time>, _>(i)?
                .map_or(Value::Null, Value::Time),
            // An interval's months count as 30 days, as psycopg reads them into a timedelta.
            FieldKind::Duration => row
                .try_get::<Option<sqlx::postgres::types::PgInterval>, _>(i)?
                .map_or(Value::Null, |interval| {
                    let days = i64::from(interval.months) * 30 + i64::from(interval.days);
                    Value::Duration(
                        Duration::days(days) + Duration::microseconds(interval.microseconds),
                    )
                }),
            FieldKind::Uuid => row
                .try_get::<Option<Uuid>, _>(i)?
                .map_or(Value::Null, Value::Uuid),
            FieldKind::Json => row
                .try_get::<Option<sqlx::types::Json<Json>>, _>(i)?
                .map_or(Value::Null, |j| Value::Json(j.0)),
            // `inet`, read as PostgreSQL prints it (Django's text loader): a host address
            // without its `/32` or `/128`.
            FieldKind::IpAddress => row
                .try_get::<Option<std::net::IpAddr>, _>(i)?
                .map_or(Value::Null, |address| Value::Text(address.to_string())),
            _ => row
                .try_get::<Option<String>, _>(i)?
                .map_or(Value::Null, Value::Text),
        };
        values.push(value);
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    #[test]
    fn django_datetime_text_reads_and_writes_like_chrono() {
        for text in [
            "2024-01-01 00:01:00",
            "2024-02-29 23:59:59.000001",
            "1999-12-31 12:00:00.500000",
            "0001-01-01 00:00:00",
        ] {
            let fast = parse_django_datetime_text(text).unwrap();
            let slow = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f")
                .unwrap()
                .and_utc();
            assert_eq!(fast, slow, "{text}");
            assert_eq!(sqlite_datetime(&fast), text);
        }
        for other in [
            "2024-01-01T00:01:00",
            "2024-01-01 00:01:00+00:00",
            "2024-13-01 00:00:00",
            "2024-01-01 00:00:0x",
            "2024-01-01 00:00:00.5",
            "",
        ] {
            assert_eq!(parse_django_datetime_text(other), None, "{other}");
        }
        // The other forms still parse, through chrono.
        assert!(parse_sqlite_datetime("2024-01-01T00:01:00").is_some());
        assert!(parse_sqlite_datetime("2024-01-01 00:01:00+00:00").is_some());
    }

    use super::*;

    const TABLE: &str = "CREATE TABLE t (
        n integer NULL, b bool NULL, f real NULL, s varchar(10) NULL, d decimal NULL,
        day date NULL, at datetime NULL, tm time NULL, dur bigint NULL, u char(32) NULL, j text NULL
    )";

    const TYPES: [FieldKind; 11] = [
        FieldKind::Integer,
        FieldKind::Boolean,
        FieldKind::Float,
        FieldKind::Char,
        FieldKind::Decimal,
        FieldKind::Date,
        FieldKind::DateTime,
        FieldKind::Time,
        FieldKind::Duration,
        FieldKind::Uuid,
        FieldKind::Json,
    ];

    fn sample() -> Vec<Value> {
        vec![
            Value::Int(-3),
            Value::Bool(true),
            Value::Float(1.5),
            Value::Text("café".into()),
            Value::Decimal("12.5".parse().unwrap()),
            Value::Date(Date::from_ymd_opt(2024, 1, 2).unwrap()),
            Value::DateTime(
                chrono::DateTime::parse_from_rfc3339("2024-01-02T03:04:05.600000Z")
                    .unwrap()
                    .with_timezone(&chrono::Utc),
            ),
            Value::Time(Time::from_hms_opt(10, 11, 0).unwrap()),
            Value::Duration(Duration::seconds(90)),
            Value::Uuid(Uuid::parse_str("6f1c2b3a-0d4e-4f5a-8b6c-7d8e9f0a1b2c").unwrap()),
            Value::Json(serde_json::json!({"a": [1, 2]})),
        ]
    }

    async fn round_trip(db: &Database, create: &str, table_types: &[FieldKind]) {
        db.execute(create, &[]).await.unwrap();
        let placeholders: Vec<String> = table_types
            .iter()
            .enumerate()
            .map(|(i, t)| db.placeholder(i + 1, *t))
            .collect();
        let insert = format!("INSERT INTO t VALUES ({})", placeholders.join(", "));
        let params: Vec<Param> = sample()
            .into_iter()
            .zip(table_types)
            .map(|(v, t)| Param::new(v, *t))
            .collect();
        db.execute(&insert, &params).await.unwrap();
        let nulls: Vec<Param> = table_types
            .iter()
            .map(|t| Param::new(Value::Null, *t))
            .collect();
        db.execute(&insert, &nulls).await.unwrap();
        let select = match db.dialect() {
            Dialect::Sqlite => "SELECT * FROM t ORDER BY n IS NULL".to_string(),
            Dialect::Postgres => {
                "SELECT n, b, f, s, d::text, day, at, tm, dur, u, j FROM t ORDER BY n IS NULL"
                    .to_string()
            }
        };
        let rows = db.fetch(&select, &[], table_types).await.unwrap();
        assert_eq!(rows[0], sample());
        assert!(rows[1].iter().all(Value::is_null));
        assert_eq!(db.statements_executed(), 4);
    }

    #[tokio::test]
    async fn sqlite_stores_values_as_django_does_and_reads_them_back() {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        round_trip(&db, TABLE, &TYPES).await;
        // Stored in Django's SQLite formats: naive UTC text, 32 hex digits, microseconds.
        let raw = db
            .fetch(
                "SELECT at, u, dur FROM t WHERE n = -3",
                &[],
                &[FieldKind::Text, FieldKind::Text, FieldKind::BigInteger],
            )
            .await
            .unwrap();
        assert_eq!(
            raw[0],
            vec![
                Value::Text("2024-01-02 03:04:05.600000".into()),
                Value::Text("6f1c2b3a0d4e4f5a8b6c7d8e9f0a1b2c".into()),
                Value::Int(90_000_000),
            ]
        );
    }

    #[tokio::test]
    async fn postgres_round_trip_when_available() {
        let Ok(url) = std::env::var("DATABASE_URL_POSTGRES") else {
            eprintln!("skipped: DATABASE_URL_POSTGRES is not set");
            return;
        };
        // One connection, so the session's search_path applies to every statement.
        let db = Database::connect_with(&url, Some(1)).await.unwrap();
        let schema = format!("rf_db_{}", std::process::id());
        db.execute(&format!("CREATE SCHEMA {schema}"), &[])
            .await
            .unwrap();
        db.execute(&format!("SET search_path TO {schema}"), &[])
            .await
            .unwrap();
        let create = "CREATE TABLE t (n integer NULL, b boolean NULL, f double precision NULL,
             s varchar(10) NULL, d numeric(8, 2) NULL, day date NULL,
             at timestamp with time zone NULL, tm time NULL, dur interval NULL, u uuid NULL,
             j jsonb NULL)";
        db.execute(create, &[]).await.unwrap();
        let placeholders: Vec<String> = TYPES
            .iter()
            .enumerate()
            .map(|(i, t)| db.placeholder(i + 1, *t))
            .collect();
        let insert = format!("INSERT INTO t VALUES ({})", placeholders.join(", "));
        let params: Vec<Param> = sample()
            .into_iter()
            .zip(TYPES)
            .map(|(v, t)| Param::new(v, t))
            .collect();
        db.execute(&insert, &params).await.unwrap();
        let nulls: Vec<Param> = TYPES.iter().map(|t| Param::new(Value::Null, *t)).collect();
        db.execute(&insert, &nulls).await.unwrap();
        let rows = db
            .fetch(
                "SELECT n, b, f, s, d::text, day, at, tm, dur, u, j FROM t ORDER BY n IS NULL",
                &[],
                &TYPES,
            )
            .await
            .unwrap();
        db.execute(&format!("DROP SCHEMA {schema} CASCADE"), &[])
            .await
            .unwrap();
        let mut expected = sample();
        // numeric(8, 2) keeps two places, as Django's DecimalField does.
        expected[4] = Value::Decimal("12.50".parse().unwrap());
        assert_eq!(rows[0], expected);
        assert!(rows[1].iter().all(Value::is_null));
    }

    #[tokio::test]
    async fn migrations_apply_once_and_refuse_an_edit() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("app.db").display());
        let db = Database::connect(&url).await.unwrap();
        let first = [MigrationSource {
            version: 1,
            description: "init",
            sql: "CREATE TABLE a (id integer PRIMARY KEY)",
        }];
        db.migrate(&first).await.unwrap();
        db.migrate(&first).await.unwrap();
        let edited = [MigrationSource {
            sql: "CREATE TABLE a (id integer PRIMARY KEY, x text)",
            ..first[0]
        }];
        assert!(db.migrate(&edited).await.is_err());
    }

    #[test]
    fn urls_are_redacted_in_messages() {
        assert_eq!(
            redact("postgres://app:secret@db:5432/x"),
            "postgres://app:***@db:5432/x"
        );
        assert_eq!(redact("sqlite://app.db"), "sqlite://app.db");
    }
}
