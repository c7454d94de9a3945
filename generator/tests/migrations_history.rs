//! Schema evolution on real databases: a scripted history of 13 spec versions
//! (`fixtures/history/NN.yaml`) made into migrations with `restforge makemigrations` and applied
//! one at a time with `restforge migrate`, rows inserted before each step and checked after it;
//! the final schema, introspected, must equal that of a database migrated from scratch with only
//! the final spec. SQLite always; PostgreSQL and MariaDB/MySQL when `DATABASE_URL_POSTGRES`
//! (e.g. postgres://postgres@127.0.0.1:5432/test) and `DATABASE_URL_MYSQL` (e.g.
//! mysql://root@127.0.0.1:3306/test) are set. Each test makes its own database and drops it.
//!
//!   cargo test -p restforge-generator --test migrations_history

use std::path::Path;

mod migrations_support;

use migrations_support::{
    Conn, TestDb, fixture, flags, makemigrations, migrate, ok, restforge, run_then_drop, servers,
    set_spec,
};

/// Inserts one writer and one book with the columns version `n` has.
async fn insert_rows(db: &mut Conn, n: usize, i: usize) {
    let author = if n >= 6 { "shop_writer" } else { "shop_author" };
    db.exec(&format!("INSERT INTO {author} (name) VALUES ('A{i}')"))
        .await;
    let title = if n >= 3 { "name" } else { "title" };
    let author_id = format!("(SELECT MAX(id) FROM {author})");
    let sql = match n {
        1 => format!("INSERT INTO shop_book ({title}, author_id) VALUES ('B{i}', {author_id})"),
        2..=7 => format!(
            "INSERT INTO shop_book ({title}, author_id, pages) VALUES ('B{i}', {author_id}, {i})"
        ),
        // Nullable pages from version 8 on: leave some NULL for the backfill of version 13.
        _ => format!(
            "INSERT INTO shop_book ({title}, author_id, pages) VALUES ('B{i}', {author_id}, NULL)"
        ),
    };
    // MySQL cannot read the table it inserts into in a subquery; the writer table is another.
    db.exec(&sql).await;
}

/// Every row inserted so far is still there, with its values.
async fn check_rows(db: &mut Conn, n: usize, inserted: usize) {
    let author = if n >= 6 { "shop_writer" } else { "shop_author" };
    let title = if n >= 3 { "name" } else { "title" };
    assert_eq!(
        db.count(&format!("SELECT COUNT(*) FROM {author}")).await,
        inserted as i64,
        "writers after version {n}"
    );
    let names = db.lines(&format!("SELECT {title} FROM shop_book")).await;
    let mut expected: Vec<String> = (1..=inserted).map(|i| format!("B{i}")).collect();
    expected.sort();
    assert_eq!(names, expected, "book names after version {n}");
    let linked = db
        .count(&format!(
            "SELECT COUNT(*) FROM shop_book b JOIN {author} a ON a.id = b.author_id WHERE a.name = CONCAT('A', SUBSTR(b.{title}, 2))"
        ))
        .await;
    assert_eq!(linked, inserted as i64, "book authors after version {n}");
    if (2..=7).contains(&n) {
        // Rows from before version 2 got the default 0; later ones kept their page count.
        let pages = db.lines("SELECT pages FROM shop_book").await;
        assert!(pages.iter().all(|p| p != "NULL"), "{pages:?}");
    }
    if n == 13 {
        assert_eq!(
            db.count("SELECT COUNT(*) FROM shop_book WHERE pages IS NULL")
                .await,
            0
        );
        assert_eq!(
            db.count("SELECT COUNT(*) FROM shop_book WHERE pages = 1")
                .await,
            (8..=13).filter(|&k| k <= inserted).count() as i64
        );
    }
}

const LAST: usize = 13;

async fn scripted_history_on(base: Option<&str>, tag: &str) {
    let scratch = tempfile::tempdir().unwrap();
    let project = scratch.path().join("shop");
    std::fs::create_dir_all(&project).unwrap();
    let db = TestDb::create(base, scratch.path(), tag).await;
    let fresh = TestDb::create(base, scratch.path(), &format!("{tag}_fresh")).await;
    let (url, fresh_url, root) = (
        db.url.clone(),
        fresh.url.clone(),
        scratch.path().to_path_buf(),
    );
    let tag = tag.to_string();
    let result = async move {
        let (db_url, fresh_url, project) = (url, fresh_url, project);
        let mut inserted = 0;
        for n in 1..=LAST {
            set_spec(&project, n);
            makemigrations(&project, flags(n));
            if n > 1 {
                let mut conn = Conn::open(&db_url).await;
                inserted += 1;
                insert_rows(&mut conn, n - 1, inserted).await;
            }
            migrate(&project, &db_url, &[]);
            let mut conn = Conn::open(&db_url).await;
            if inserted > 0 {
                check_rows(&mut conn, n, inserted).await;
            }
        }
        // Nothing left to do.
        let again = makemigrations(&project, &["--check"]);
        assert!(again.contains("No changes detected"), "{again}");

        // From scratch, with only the final spec.
        let final_project = root.join("final");
        std::fs::create_dir_all(&final_project).unwrap();
        set_spec(&final_project, LAST);
        makemigrations(&final_project, &[]);
        migrate(&final_project, &fresh_url, &[]);
        let evolved = Conn::open(&db_url).await.schema().await;
        let scratch_schema = Conn::open(&fresh_url).await.schema().await;
        assert!(
            evolved.len() > 20,
            "{tag}: introspection found too little: {evolved:?}"
        );
        assert_eq!(
            evolved, scratch_schema,
            "{tag}: evolved vs from-scratch schema"
        );
    };
    run_then_drop(result, vec![db, fresh]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn scripted_history_keeps_every_row() {
    for (tag, base) in servers() {
        eprintln!("scripted history on {tag}");
        scripted_history_on(base.as_deref(), tag).await;
    }
}

// ---------------------------------------------------------------------------------------------
// makemigrations' refusals and messages

#[test]
fn an_undeclared_rename_is_destructive_and_refused() {
    let scratch = tempfile::tempdir().unwrap();
    let project = scratch.path();
    set_spec(project, 2);
    makemigrations(project, &[]);
    let renamed = std::fs::read_to_string(fixture("02.yaml"))
        .unwrap()
        .replace("pages:", "page_count:");
    std::fs::write(project.join("api.yaml"), renamed).unwrap();
    let output = restforge(&["makemigrations"], project);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Remove field pages from book: loses field book.pages (column shop_book.pages) and its values"),
        "{stderr}"
    );
    assert!(
        stderr.contains("declare `renamed_from: <old name>`"),
        "{stderr}"
    );
    assert!(stderr.contains("pass --allow-destructive"), "{stderr}");
    assert!(
        !project
            .join("migrations/0003_book_page_count_remove_book_pages.yaml")
            .exists()
    );
    let written = makemigrations(project, &["--allow-destructive"]);
    assert!(
        written.contains("0003_book_page_count_remove_book_pages"),
        "{written}"
    );
}

#[test]
fn a_not_null_field_without_default_needs_a_value() {
    let scratch = tempfile::tempdir().unwrap();
    let project = scratch.path();
    set_spec(project, 1);
    makemigrations(project, &[]);
    let spec = std::fs::read_to_string(fixture("01.yaml"))
        .unwrap()
        .replace(
            "      name: {type: char, max_length: 50}\n",
            "      name: {type: char, max_length: 50}\n      rank: {type: integer}\n",
        );
    std::fs::write(project.join("api.yaml"), spec).unwrap();
    let output = restforge(&["makemigrations"], project);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "cannot add field Author.rank (column shop_author.rank): existing rows need a value"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("--default Author.rank=VALUE"), "{stderr}");
    let check = restforge(&["check"], project);
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stderr).contains("run `restforge makemigrations`"));
    let written = makemigrations(project, &["--default", "Author.rank=7"]);
    assert!(written.contains("0003_author_rank"), "{written}");
    let sql =
        std::fs::read_to_string(project.join("migrations/postgres/0003_author_rank.sql")).unwrap();
    assert!(sql.contains("--   Add field rank to author\n"), "{sql}");
    assert!(
        sql.contains("ALTER TABLE \"shop_author\" ADD COLUMN \"rank\" integer DEFAULT 7 NOT NULL;\nALTER TABLE \"shop_author\" ALTER COLUMN \"rank\" DROP DEFAULT;"),
        "{sql}"
    );
    let none = makemigrations(project, &[]);
    assert!(none.contains("No changes detected"), "{none}");
}

#[test]
fn from_src_gives_the_operations_of_the_yaml_spec() {
    // The generated profiles example is a derive-based crate: its `src/` must give the same
    // migration as its api.yaml.
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/profiles");
    let scratch = tempfile::tempdir().unwrap();
    let (yaml, src) = (scratch.path().join("yaml"), scratch.path().join("src"));
    for dir in [&yaml, &src] {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::copy(example.join("api.yaml"), dir.join("api.yaml")).unwrap();
        makemigrations(dir, &[]);
    }
    let out = src.to_str().unwrap();
    let from_src = example.join("src");
    let via_src = ok(
        &restforge(
            &[
                "makemigrations",
                "--from-src",
                from_src.to_str().unwrap(),
                "--out",
                out,
                "--check",
            ],
            scratch.path(),
        ),
        "from-src",
    );
    assert!(via_src.contains("No changes detected"), "{via_src}");
    // And a fresh derive project gets the same initial records as the YAML one.
    let fresh = scratch.path().join("fresh");
    std::fs::create_dir_all(&fresh).unwrap();
    ok(
        &restforge(
            &[
                "makemigrations",
                "--from-src",
                from_src.to_str().unwrap(),
                "--out",
                fresh.to_str().unwrap(),
            ],
            scratch.path(),
        ),
        "from-src initial",
    );
    for name in ["0001_auth.yaml", "0002_profiles_initial.yaml"] {
        let body = |dir: &Path| {
            let text = std::fs::read_to_string(dir.join("migrations").join(name)).unwrap();
            text.split_once('\n').unwrap().1.to_string()
        };
        assert_eq!(body(&fresh), body(&yaml), "{name}");
    }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: the lock and the transaction

#[tokio::test(flavor = "multi_thread")]
async fn two_processes_migrating_postgres_apply_each_migration_once() {
    let Ok(base) = std::env::var("DATABASE_URL_POSTGRES") else {
        eprintln!("skipping: DATABASE_URL_POSTGRES is not set");
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let project = scratch.path().to_path_buf();
    for n in 1..=4 {
        set_spec(&project, n);
        makemigrations(&project, flags(n));
    }
    let db = TestDb::create(Some(&base), scratch.path(), "concurrent").await;
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_restforge"))
            .args(["migrate", "--database", &db.url])
            .current_dir(&project)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let mut conn = Conn::open(&db.url).await;
    let versions = conn
        .lines("SELECT version::text FROM _sqlx_migrations")
        .await;
    db.drop().await;
    let (out_a, out_b) = (ok(&a, "first migrate"), ok(&b, "second migrate"));
    // Each migration was applied by exactly one of the two.
    let applied = |out: &str| out.lines().filter(|l| l.starts_with("Applied ")).count();
    assert_eq!(applied(&out_a) + applied(&out_b), 5, "{out_a}\n{out_b}");
    assert_eq!(versions, ["1", "2", "3", "4", "5"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_migration_failing_half_way_on_postgres_changes_nothing() {
    let Ok(base) = std::env::var("DATABASE_URL_POSTGRES") else {
        eprintln!("skipping: DATABASE_URL_POSTGRES is not set");
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let project = scratch.path().to_path_buf();
    set_spec(&project, 1);
    makemigrations(&project, &[]);
    let db = TestDb::create(Some(&base), scratch.path(), "halfway").await;
    migrate(&project, &db.url, &[]);
    set_spec(&project, 2);
    makemigrations(&project, &[]);
    // A row the new migration cannot take: its last statement fails after the others ran.
    let path = project.join("migrations/postgres/0003_author_bio_book_pages.sql");
    let mut sql = std::fs::read_to_string(&path).unwrap();
    sql.push_str("SELECT 1 / 0;\n");
    std::fs::write(&path, sql).unwrap();
    let before = Conn::open(&db.url).await.schema().await;
    let output = restforge(&["migrate", "--database", &db.url], &project);
    let after = Conn::open(&db.url).await.schema().await;
    let mut conn = Conn::open(&db.url).await;
    let versions = conn
        .lines("SELECT version::text FROM _sqlx_migrations")
        .await;
    db.drop().await;
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("migration 0003_author_bio_book_pages failed"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(before, after);
    assert!(!after.iter().any(|l| l.contains("pages")));
    assert_eq!(versions, ["1", "2"]);
}
