//! Initial migrations: golden files of both examples, and a comparison with what Django 5.2
//! itself produces for the same models (`fixtures/django_ddl/`, written by
//! `scripts/django_ddl/run.sh`).
//!
//! The comparison is made three ways: the text of each statement against `sqlmigrate`'s, and
//! the schema that results from applying both sets of SQL to fresh SQLite databases (always)
//! and PostgreSQL databases (when `DATABASE_URL_POSTGRES` is set, e.g.
//! `postgres://postgres@127.0.0.1:5432/test`).
//!
//!   cargo test -p restforge-generator --test migrations
//!   UPDATE_GOLDEN=1 cargo test -p restforge-generator --test migrations   # rewrite goldens

use std::path::{Path, PathBuf};

use restforge_generator::migrate::names::{
    create_index_name, foreign_key_name, meta_index_name, names_digest,
};
use restforge_generator::migrate::{self, Dialect, Migration, ModelState};
use restforge_generator::spec::Spec;
use sqlx::{Connection, Row};

/// The two example specs and the app each defines.
const EXAMPLES: [(&str, &str); 2] = [("profiles", "profiles"), ("bookshop", "catalog")];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn example_spec(example: &str) -> Spec {
    let path = workspace().join(format!("examples/{example}/api.yaml"));
    let text = std::fs::read_to_string(&path).unwrap();
    restforge_generator::yaml::parse_spec("api.yaml", &text).unwrap_or_else(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| e.render("api.yaml")).collect();
        panic!("{example}: {}", lines.join("\n"))
    })
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Compares with a golden file, or rewrites it under `UPDATE_GOLDEN=1`.
fn golden(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "{} is missing; run with UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{} differs (UPDATE_GOLDEN=1 rewrites it):\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}

// ---------------------------------------------------------------------------------------------
// Names

#[test]
fn names_match_django() {
    // DRF-CONTRACT.md §8 and names read from databases Django made.
    assert_eq!(names_digest(&["blog_post", "author_id"], 8), "dd7a8485");
    assert_eq!(
        create_index_name("blog_post", &["author_id"], "", 63),
        "blog_post_author_id_dd7a8485"
    );
    assert_eq!(
        foreign_key_name("blog_post", "author_id", "auth_user", "id", 63),
        "blog_post_author_id_dd7a8485_fk_auth_user_id"
    );
    assert_eq!(
        create_index_name("authtoken_token", &["key"], "_like", 63),
        "authtoken_token_key_10f0b77e_like"
    );
    // Past 63 characters the table and the columns are cut to the same length, and the hash
    // with its suffix to a third of the limit.
    assert_eq!(
        foreign_key_name(
            "profiles_profilestatus",
            "user_profile_id",
            "profiles_profile",
            "id",
            63
        ),
        "profiles_profilestat_user_profile_id_5f4ecba6_fk_profiles_"
    );
    // SQLite has no limit, so Django keeps the whole name there (200 characters).
    assert_eq!(
        foreign_key_name(
            "profiles_profilestatus",
            "user_profile_id",
            "profiles_profile",
            "id",
            200
        ),
        "profiles_profilestatus_user_profile_id_5f4ecba6_fk_profiles_profile_id"
    );
    assert_eq!(
        create_index_name("catalog_book", &["title", "author_id"], "_uniq", 63),
        "catalog_book_title_author_id_77412265_uniq"
    );
    assert_eq!(
        meta_index_name("catalog_book", &["published_on", "genre"]),
        "catalog_boo_publish_d21f38_idx"
    );
}

// ---------------------------------------------------------------------------------------------
// Goldens

#[test]
fn golden_migrations_and_state() {
    for (example, _) in EXAMPLES {
        let spec = example_spec(example);
        let dir = fixtures().join("migrations").join(example);
        for dialect in Dialect::ALL {
            for migration in migrate::initial_migrations(&spec, dialect) {
                let path = dir.join(dialect.dir_name()).join(migration.file_name());
                golden(&path, &migration.sql);
            }
        }
        for (record, name) in migrate::initial_records(&spec).iter().zip([
            "0001_auth".to_string(),
            format!("0002_{}_initial", spec.app.value),
        ]) {
            golden(&dir.join(format!("{name}.yaml")), &record.to_yaml());
        }
    }
}

#[test]
fn output_is_deterministic() {
    for (example, _) in EXAMPLES {
        let spec = example_spec(example);
        for dialect in Dialect::ALL {
            assert_eq!(
                migrate::initial_migrations(&spec, dialect),
                migrate::initial_migrations(&spec, dialect)
            );
        }
    }
}

#[test]
fn migration_files_are_named_for_sqlx() {
    let spec = example_spec("bookshop");
    let names: Vec<String> = migrate::initial_migrations(&spec, Dialect::Sqlite)
        .iter()
        .map(Migration::file_name)
        .collect();
    assert_eq!(names, ["0001_auth.sql", "0002_catalog_initial.sql"]);
}

#[test]
fn initial_records_replay_to_the_spec_state() {
    for (example, _) in EXAMPLES {
        let spec = example_spec(example);
        let replayed = migrate::ops::replay(&migrate::initial_records(&spec)).unwrap();
        assert_eq!(replayed, ModelState::from_spec(&spec), "{example}");
    }
}

#[test]
fn state_round_trips_through_yaml() {
    for (example, _) in EXAMPLES {
        let state = ModelState::from_spec(&example_spec(example));
        let yaml = state.to_yaml();
        assert_eq!(ModelState::from_yaml(&yaml).unwrap(), state);
    }
}

#[test]
fn state_orders_tables_and_columns_as_django() {
    let state = ModelState::from_spec(&example_spec("bookshop"));
    let tables: Vec<&str> = state.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        tables,
        [
            "auth_user",
            "authtoken_token",
            "django_session",
            "catalog_author",
            "catalog_publisher",
            "catalog_tag",
            "catalog_book",
            "catalog_book_tags",
        ]
    );
    // Relation columns come after the others (makemigrations adds them as separate AddFields
    // that the optimizer folds back in at the end).
    let book = state.table("catalog_book").unwrap();
    let last: Vec<&str> = book
        .columns
        .iter()
        .rev()
        .take(2)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(last, ["publisher_id", "author_id"]);
}

// ---------------------------------------------------------------------------------------------
// Text against Django's sqlmigrate

/// The statements of a `sqlmigrate` fixture, without the header line and `BEGIN;`/`COMMIT;`.
fn sqlmigrate_body(fixture: &str) -> String {
    read(&fixtures().join("django_ddl").join(fixture))
        .lines()
        .skip(1)
        .filter(|line| *line != "BEGIN;" && *line != "COMMIT;")
        .map(|line| format!("{line}\n"))
        .collect()
}

/// The part of a migration after its `-- ` header.
fn body(migration: &Migration) -> &str {
    migration
        .sql
        .split_once("\n\n")
        .expect("a header, a blank line, then the statements")
        .1
}

fn django_dialect_name(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => "sqlite",
        Dialect::Postgres => "postgresql",
        Dialect::Mysql => "mysql",
    }
}

#[test]
fn app_migration_is_sqlmigrate_text() {
    for (example, app) in EXAMPLES {
        let spec = example_spec(example);
        // Django's sqlmigrate output is recorded for SQLite and PostgreSQL.
        for dialect in [Dialect::Sqlite, Dialect::Postgres] {
            let ours = &migrate::initial_migrations(&spec, dialect)[1];
            let theirs = sqlmigrate_body(&format!("{app}.{}.sql", django_dialect_name(dialect)));
            assert_eq!(body(ours), theirs, "{example} on {dialect:?}");
        }
    }
}

fn cycles_spec() -> Spec {
    let text = read(&fixtures().join("django_ddl/cycles.yaml"));
    restforge_generator::yaml::parse_spec("cycles.yaml", &text).unwrap_or_else(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| e.render("cycles.yaml")).collect();
        panic!("{}", lines.join("\n"))
    })
}

/// The operations `sqlmigrate` describes, in order (`-- Create model Player`).
fn sqlmigrate_operations(fixture: &str) -> Vec<String> {
    read(&fixtures().join("django_ddl").join(fixture))
        .lines()
        .filter_map(|line| line.strip_prefix("-- "))
        .filter(|line| !line.starts_with("Reference DDL"))
        .map(str::to_string)
        .collect()
}

#[test]
fn operation_order_follows_makemigrations() {
    // Team and Player point at each other, so one relation stays a separate AddField;
    // Award sorts before the Player it points at, so it is created after it.
    let ours: Vec<String> = migrate::initial_migrations(&cycles_spec(), Dialect::Postgres)[1]
        .sql
        .lines()
        .skip(1)
        .take_while(|line| !line.is_empty())
        .map(|line| line.trim_start_matches("--").trim().to_string())
        .collect();
    let mut theirs = sqlmigrate_operations("cycles.postgresql.sql");
    // Deliberate difference: Django keeps `Meta.indexes` of a model whose relation arrives
    // in a later AddField as a separate AddIndex at the end; restforge creates the index with
    // the table's other indexes, at the end of the same migration. The schema is the same.
    theirs.retain(|op| !op.starts_with("Create index"));
    assert_eq!(ours, theirs);
}

#[test]
fn auth_tables_are_djangos_on_sqlite() {
    // On SQLite the reference is `sqlite_master`, the statements as SQLite keeps them.
    let ours = &migrate::initial_migrations(&example_spec("profiles"), Dialect::Sqlite)[0];
    let theirs = read(&fixtures().join("django_ddl/auth.sqlite.sql"));
    for statement in theirs.lines().skip(1) {
        assert!(
            body(ours).lines().any(|line| line == statement),
            "missing from 0001_auth.sql:\n{statement}\n--- ours\n{}",
            ours.sql
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Applied schemas

/// Applies our migrations the way a project does: sqlx's migrator over the files.
async fn apply_ours<'c, A>(migrations: &[Migration], conn: A)
where
    A: sqlx::Acquire<'c>,
    <A::Connection as std::ops::Deref>::Target: sqlx::migrate::Migrate,
{
    let dir = tempfile::tempdir().unwrap();
    for migration in migrations {
        std::fs::write(dir.path().join(migration.file_name()), &migration.sql).unwrap();
    }
    let migrator = sqlx::migrate::Migrator::new(dir.path()).await.unwrap();
    migrator.run(conn).await.unwrap();
}

fn django_sql(app: &str, dialect: Dialect) -> String {
    let name = django_dialect_name(dialect);
    let auth = read(&fixtures().join(format!("django_ddl/auth.{name}.sql")));
    let app = read(&fixtures().join(format!("django_ddl/{app}.{name}.sql")));
    format!("{auth}\n{app}")
}

/// Every table (but sqlx's own) with its DDL, columns, indexes and foreign keys, as lines.
async fn sqlite_schema(conn: &mut sqlx::SqliteConnection) -> Vec<String> {
    let mut out = Vec::new();
    let objects = sqlx::query(
        "SELECT type, name, tbl_name, sql FROM sqlite_master \
         WHERE tbl_name NOT IN ('_sqlx_migrations', 'sqlite_sequence') ORDER BY name",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    for object in &objects {
        let kind: String = object.get(0);
        let name: String = object.get(1);
        let sql: Option<String> = object.get(3);
        out.push(format!("{kind} {name}: {}", sql.unwrap_or_default()));
        if kind != "table" {
            continue;
        }
        for column in sqlx::query(
            "SELECT cid, name, type, \"notnull\", pk FROM pragma_table_info(?) ORDER BY cid",
        )
        .bind(&name)
        .fetch_all(&mut *conn)
        .await
        .unwrap()
        {
            let (cid, column, ty, notnull, pk): (i64, String, String, bool, i64) = (
                column.get(0),
                column.get(1),
                column.get(2),
                column.get(3),
                column.get(4),
            );
            out.push(format!(
                "  column {cid} {column} {ty} notnull={notnull} pk={pk}"
            ));
        }
        for index in sqlx::query(
            "SELECT name, \"unique\", origin, \
             (SELECT group_concat(name, ',') FROM pragma_index_info(il.name)) \
             FROM pragma_index_list(?) AS il ORDER BY name",
        )
        .bind(&name)
        .fetch_all(&mut *conn)
        .await
        .unwrap()
        {
            let (index, unique, origin, columns): (String, bool, String, String) =
                (index.get(0), index.get(1), index.get(2), index.get(3));
            out.push(format!(
                "  index {index} unique={unique} {origin} ({columns})"
            ));
        }
        for fk in sqlx::query(
            "SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?) ORDER BY \"from\"",
        )
        .bind(&name)
        .fetch_all(&mut *conn)
        .await
        .unwrap()
        {
            let (from, table, to): (String, String, String) = (fk.get(0), fk.get(1), fk.get(2));
            out.push(format!("  fk {from} -> {table}.{to}"));
        }
    }
    out
}

fn assert_same_schema(what: &str, ours: &[String], theirs: &[String]) {
    if ours != theirs {
        let diff: Vec<String> = similar_lines(theirs, ours);
        panic!(
            "{what}: schema differs from Django's (- Django, + ours):\n{}",
            diff.join("\n")
        );
    }
}

/// A plain line diff: lines only one side has.
fn similar_lines(theirs: &[String], ours: &[String]) -> Vec<String> {
    let mut out: Vec<String> = theirs
        .iter()
        .filter(|l| !ours.contains(l))
        .map(|l| format!("- {l}"))
        .collect();
    out.extend(
        ours.iter()
            .filter(|l| !theirs.contains(l))
            .map(|l| format!("+ {l}")),
    );
    if out.is_empty() {
        out.push("(same lines, different order)".into());
    }
    out
}

/// The examples plus the `cycles` fixture, with the app each defines.
fn all_specs() -> Vec<(Spec, &'static str)> {
    let mut specs: Vec<(Spec, &'static str)> = EXAMPLES
        .iter()
        .map(|(example, app)| (example_spec(example), *app))
        .collect();
    specs.push((cycles_spec(), "cycles"));
    specs
}

/// Column positions and stored statements left out, lines sorted: what remains is which
/// tables, columns (with type, nullability, pk), indexes and foreign keys exist.
fn ignoring_column_order(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = lines
        .iter()
        .filter(|l| !l.starts_with("table "))
        .map(|l| match l.strip_prefix("  column ") {
            Some(rest) => format!("  column {}", rest.split_once(' ').unwrap().1),
            None => l.clone(),
        })
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn sqlite_schema_matches_django() {
    for (spec, app) in all_specs() {
        let example = app;
        let mut ours = sqlx::SqliteConnection::connect("sqlite::memory:")
            .await
            .unwrap();
        apply_ours(
            &migrate::initial_migrations(&spec, Dialect::Sqlite),
            &mut ours,
        )
        .await;
        let mut theirs = sqlx::SqliteConnection::connect("sqlite::memory:")
            .await
            .unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(django_sql(app, Dialect::Sqlite)))
            .execute(&mut theirs)
            .await
            .unwrap();
        let ours = sqlite_schema(&mut ours).await;
        let theirs = sqlite_schema(&mut theirs).await;
        assert!(ours.iter().any(|l| l.starts_with("table auth_user")));
        if app == "cycles" {
            // Deliberate difference: to add `team_id` to the existing `cycles_player` Django
            // rebuilds the SQLite table, and the rebuild moves the self-referential `mentor_id`
            // after it; restforge creates the table whole, in model order. Same columns,
            // indexes and keys.
            assert_same_schema(
                example,
                &ignoring_column_order(&ours),
                &ignoring_column_order(&theirs),
            );
        } else {
            assert_same_schema(example, &ours, &theirs);
        }
    }
}

/// Tables, columns, constraints and indexes of the public schema (but sqlx's table), as lines.
async fn postgres_schema(conn: &mut sqlx::PgConnection) -> Vec<String> {
    let queries = [
        "SELECT concat_ws(' ', 'column', table_name, ordinal_position, column_name, data_type, \
           character_maximum_length, numeric_precision, numeric_scale, is_nullable, is_identity, \
           identity_generation) \
         FROM information_schema.columns WHERE table_schema = 'public' \
           AND table_name <> '_sqlx_migrations' ORDER BY table_name, ordinal_position",
        "SELECT concat_ws(' ', 'constraint', conrelid::regclass::text, conname, \
           pg_get_constraintdef(oid)) \
         FROM pg_constraint WHERE connamespace = 'public'::regnamespace \
           AND conrelid::regclass::text <> '_sqlx_migrations' ORDER BY 1",
        "SELECT concat_ws(' ', 'index', indexname, indexdef) FROM pg_indexes \
         WHERE schemaname = 'public' AND tablename <> '_sqlx_migrations' ORDER BY 1",
        "SELECT concat_ws(' ', 'sequence', sequencename, data_type::text, start_value, increment_by) \
         FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1",
    ];
    let mut out = Vec::new();
    for query in queries {
        let rows: Vec<(String,)> = sqlx::query_as(query).fetch_all(&mut *conn).await.unwrap();
        out.extend(rows.into_iter().map(|(line,)| line));
    }
    out
}

/// A fresh database on the server of `DATABASE_URL_POSTGRES`, dropped by [`drop_database`].
async fn create_database(admin: &mut sqlx::PgConnection, base: &str, tag: &str) -> String {
    let name = format!("restforge_migrations_{}_{tag}", std::process::id());
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name}"
    )))
    .execute(&mut *admin)
    .await
    .unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut *admin)
        .await
        .unwrap();
    let (server, _) = base.split_once('?').map_or((base, ""), |(a, b)| (a, b));
    let (server, _) = server.rsplit_once('/').expect("a URL with a database path");
    format!("{server}/{name}")
}

async fn drop_database(admin: &mut sqlx::PgConnection, url: &str) {
    let name = url.rsplit('/').next().unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    )))
    .execute(&mut *admin)
    .await
    .unwrap();
}

#[tokio::test]
async fn postgres_schema_matches_django() {
    let Ok(base) = std::env::var("DATABASE_URL_POSTGRES") else {
        println!("skipped: DATABASE_URL_POSTGRES is not set");
        return;
    };
    let mut admin = sqlx::PgConnection::connect(&base).await.unwrap();
    for (spec, app) in all_specs() {
        let example = app;
        let ours_url = create_database(&mut admin, &base, &format!("{app}_ours")).await;
        let theirs_url = create_database(&mut admin, &base, &format!("{app}_django")).await;
        let result = async {
            let mut ours = sqlx::PgConnection::connect(&ours_url).await.unwrap();
            apply_ours(
                &migrate::initial_migrations(&spec, Dialect::Postgres),
                &mut ours,
            )
            .await;
            let mut theirs = sqlx::PgConnection::connect(&theirs_url).await.unwrap();
            sqlx::raw_sql(sqlx::AssertSqlSafe(django_sql(app, Dialect::Postgres)))
                .execute(&mut theirs)
                .await
                .unwrap();
            let schemas = (
                postgres_schema(&mut ours).await,
                postgres_schema(&mut theirs).await,
            );
            ours.close().await.unwrap();
            theirs.close().await.unwrap();
            schemas
        };
        let (ours, theirs) = result.await;
        drop_database(&mut admin, &ours_url).await;
        drop_database(&mut admin, &theirs_url).await;
        assert!(
            ours.iter()
                .any(|l| l.starts_with("column auth_user 1 id integer"))
        );
        assert_same_schema(example, &ours, &theirs);
    }
}
