//! What the `migrations_*` tests share: running `restforge`, connecting to SQLite, PostgreSQL
//! and MariaDB/MySQL, introspecting a schema, and a throw-away database per test. (A copy of the
//! helpers of `migrations_history.rs`, which predates this module.)

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use sqlx::{Connection, Row};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/history")
        .join(name)
}

/// Puts spec version `n` of the scripted history (`fixtures/history/NN.yaml`) in `project`.
pub fn set_spec(project: &Path, n: usize) {
    std::fs::copy(fixture(&format!("{n:02}.yaml")), project.join("api.yaml")).unwrap();
}

/// `makemigrations` flags of each version of the scripted history.
pub fn flags(n: usize) -> &'static [&'static str] {
    match n {
        9 | 12 => &["--allow-destructive"],
        _ => &[],
    }
}

pub fn restforge(args: &[&str], cwd: &Path) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_restforge"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run restforge")
}

pub fn ok(output: &Output, what: &str) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{what}: exit {:?}\nstdout:\n{stdout}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

pub fn makemigrations(project: &Path, extra: &[&str]) -> String {
    let mut args = vec!["makemigrations"];
    args.extend_from_slice(extra);
    ok(&restforge(&args, project), "makemigrations")
}

pub fn migrate(project: &Path, url: &str, extra: &[&str]) -> String {
    let mut args = vec!["migrate", "--database", url];
    args.extend_from_slice(extra);
    ok(&restforge(&args, project), "migrate")
}

// ---------------------------------------------------------------------------------------------
// Databases

pub enum Conn {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
    Mysql(sqlx::MySqlConnection),
}

impl Conn {
    pub async fn open(url: &str) -> Conn {
        if url.starts_with("sqlite:") {
            Conn::Sqlite(sqlx::SqliteConnection::connect(url).await.unwrap())
        } else if url.starts_with("postgres") {
            Conn::Postgres(sqlx::PgConnection::connect(url).await.unwrap())
        } else {
            Conn::Mysql(sqlx::MySqlConnection::connect(url).await.unwrap())
        }
    }

    pub async fn exec(&mut self, sql: &str) {
        let q = || sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()));
        match self {
            Conn::Sqlite(c) => q().execute(c).await.map(drop),
            Conn::Postgres(c) => q().execute(c).await.map(drop),
            Conn::Mysql(c) => q().execute(c).await.map(drop),
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// The rows of a query as strings, columns joined by `|`, sorted.
    pub async fn lines(&mut self, sql: &str) -> Vec<String> {
        fn text<R: Row>(row: &R, i: usize) -> String
        where
            for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
            for<'r> Option<i64>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
            for<'r> Option<i32>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
            usize: sqlx::ColumnIndex<R>,
        {
            if let Ok(v) = row.try_get::<Option<String>, _>(i) {
                return v.unwrap_or_else(|| "NULL".into());
            }
            if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
                return v.map_or("NULL".into(), |v| v.to_string());
            }
            if let Ok(v) = row.try_get::<Option<i32>, _>(i) {
                return v.map_or("NULL".into(), |v| v.to_string());
            }
            "?".into()
        }
        fn line<R: Row>(row: &R) -> String
        where
            for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
            for<'r> Option<i64>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
            for<'r> Option<i32>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
            usize: sqlx::ColumnIndex<R>,
        {
            (0..row.len())
                .map(|i| text(row, i))
                .collect::<Vec<_>>()
                .join("|")
        }
        let q = || sqlx::AssertSqlSafe(sql.to_string());
        let mut out: Vec<String> = match self {
            Conn::Sqlite(c) => sqlx::query(q())
                .fetch_all(c)
                .await
                .map(|rows| rows.iter().map(line).collect()),
            Conn::Postgres(c) => sqlx::query(q())
                .fetch_all(c)
                .await
                .map(|rows| rows.iter().map(line).collect()),
            Conn::Mysql(c) => sqlx::query(q())
                .fetch_all(c)
                .await
                .map(|rows| rows.iter().map(line).collect()),
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
        out.sort();
        out
    }

    pub async fn count(&mut self, sql: &str) -> i64 {
        self.lines(sql).await[0].parse().unwrap()
    }

    /// The schema, without names of indexes and constraints (Django's differ between a table
    /// made at once and one altered into shape, as restforge's do).
    pub async fn schema(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        match self {
            Conn::Sqlite(_) => {
                let tables = self
                    .lines("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'")
                    .await;
                for t in tables {
                    for c in self
                        .lines(&format!(
                            "SELECT name, type, \"notnull\", pk FROM pragma_table_info('{t}')"
                        ))
                        .await
                    {
                        out.push(format!("column {t}.{c}"));
                    }
                    for i in self
                        .lines(&format!("SELECT l.\"unique\", (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(l.name) ORDER BY seqno)) FROM pragma_index_list('{t}') AS l"))
                        .await
                    {
                        out.push(format!("index {t} {i}"));
                    }
                    for f in self
                        .lines(&format!(
                            "SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list('{t}')"
                        ))
                        .await
                    {
                        out.push(format!("fk {t} {f}"));
                    }
                }
            }
            Conn::Postgres(_) => {
                for c in self.lines("SELECT table_name::text, column_name::text, data_type::text, character_maximum_length::bigint, is_nullable::text FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'").await {
                    out.push(format!("column {c}"));
                }
                for i in self.lines("SELECT t.relname::text, x.indisunique::text, (SELECT string_agg(a.attname::text, ',' ORDER BY k.ord) FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum), (SELECT string_agg(o.opcname::text, ',') FROM unnest(x.indclass) AS c(oid) JOIN pg_opclass o ON o.oid = c.oid) FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public' AND t.relname <> '_sqlx_migrations'").await {
                    out.push(format!("index {i}"));
                }
                for f in self.lines("SELECT conrelid::regclass::text, confrelid::regclass::text, (SELECT string_agg(a.attname::text, ',') FROM pg_attribute a WHERE a.attrelid = conrelid AND a.attnum = ANY(conkey)), condeferrable::text FROM pg_constraint WHERE contype = 'f'").await {
                    out.push(format!("fk {f}"));
                }
            }
            Conn::Mysql(_) => {
                for c in self.lines("SELECT CAST(TABLE_NAME AS CHAR), CAST(COLUMN_NAME AS CHAR), CAST(COLUMN_TYPE AS CHAR), CAST(IS_NULLABLE AS CHAR) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> '_sqlx_migrations'").await {
                    out.push(format!("column {c}"));
                }
                for i in self.lines("SELECT CAST(TABLE_NAME AS CHAR), CAST(MAX(NON_UNIQUE) AS SIGNED), CAST(GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS CHAR) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> '_sqlx_migrations' GROUP BY TABLE_NAME, INDEX_NAME").await {
                    out.push(format!("index {i}"));
                }
                for f in self.lines("SELECT CAST(TABLE_NAME AS CHAR), CAST(COLUMN_NAME AS CHAR), CAST(REFERENCED_TABLE_NAME AS CHAR) FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL").await {
                    out.push(format!("fk {f}"));
                }
            }
        }
        out.sort();
        out
    }
}

/// A fresh database on the server of `base` (or a SQLite file in `dir`), and how to drop it.
pub struct TestDb {
    pub url: String,
    admin: Option<(String, String)>,
}

pub fn unique_name(tag: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("restforge_{tag}_{}_{nanos}", std::process::id())
}

impl TestDb {
    pub async fn create(base: Option<&str>, dir: &Path, tag: &str) -> TestDb {
        let name = unique_name(tag);
        let Some(base) = base else {
            return TestDb {
                url: format!(
                    "sqlite:{}?mode=rwc",
                    dir.join(format!("{name}.sqlite3")).display()
                ),
                admin: None,
            };
        };
        let mut admin = Conn::open(base).await;
        admin.exec(&format!("CREATE DATABASE {name}")).await;
        let (server, _) = base.rsplit_once('/').unwrap();
        TestDb {
            url: format!("{server}/{name}"),
            admin: Some((base.to_string(), name)),
        }
    }

    pub async fn drop(self) {
        if let Some((base, name)) = self.admin {
            let mut admin = Conn::open(&base).await;
            let sql = if base.starts_with("postgres") {
                format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            } else {
                format!("DROP DATABASE IF EXISTS {name}")
            };
            admin.exec(&sql).await;
        }
    }
}

/// Runs a test body, then drops its databases whether it passed or not, then reports its
/// panic: a failing test must not leave databases behind on the server.
pub async fn run_then_drop<F>(body: F, dbs: Vec<TestDb>)
where
    F: std::future::Future<Output = ()> + Send + 'static,
{
    let outcome = tokio::spawn(body).await;
    for db in dbs {
        db.drop().await;
    }
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// The databases to run on: SQLite always, the others when their URL is set.
pub fn servers() -> Vec<(&'static str, Option<String>)> {
    let mut out = vec![("sqlite", None)];
    for (tag, var) in [
        ("postgres", "DATABASE_URL_POSTGRES"),
        ("mysql", "DATABASE_URL_MYSQL"),
    ] {
        match std::env::var(var) {
            Ok(url) => out.push((tag, Some(url))),
            Err(_) => eprintln!("skipping {tag}: {var} is not set"),
        }
    }
    out
}
