//! `restforge migrate TARGET` backwards, `showmigrations`, and applied migrations edited since:
//! on the scripted history (`fixtures/history/NN.yaml`), on SQLite always and on PostgreSQL and
//! MariaDB/MySQL when `DATABASE_URL_POSTGRES` / `DATABASE_URL_MYSQL` are set.
//!
//!   cargo test -p restforge-generator --test migrations_backwards

mod migrations_support;

use std::path::Path;

use migrations_support::{
    Conn, TestDb, flags, makemigrations, migrate, ok, restforge, run_then_drop, servers, set_spec,
};

/// The migration made by each spec version: version 1 makes 0001_auth and 0002_shop_initial,
/// version `n` makes `n + 1`.
const NAMES: [&str; 10] = [
    "0001_auth",
    "0002_shop_initial",
    "0003_author_bio_book_pages",
    "0004_rename_title_book_name_alter_author_name",
    "0005_tag_book_tags",
    "0006_alter_book_unique_together_and_more",
    "0007_rename_author_writer",
    "0008_alter_tag_table",
    "0009_alter_writer_name_alter_book_pages",
    "0010_book_isbn_remove_writer_bio",
];

/// A project with the migrations of spec versions 1..=`last`.
fn project_up_to(project: &Path, last: usize) {
    for n in 1..=last {
        set_spec(project, n);
        makemigrations(project, flags(n));
    }
    let mut made: Vec<String> = std::fs::read_dir(project.join("migrations"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".yaml").map(str::to_string)
        })
        .collect();
    made.sort();
    assert_eq!(made, NAMES[..=last], "the migrations the history makes");
}

fn showmigrations(project: &Path, url: &str) -> String {
    ok(
        &restforge(&["showmigrations", "--database", url], project),
        "showmigrations",
    )
}

/// The `showmigrations` lines of a database with the first `applied` of `names` applied.
fn listing(names: &[&str], applied: usize) -> String {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| format!("{} {n}\n", if i < applied { "[X]" } else { "[ ]" }))
        .collect()
}

async fn applied_versions(url: &str) -> Vec<String> {
    let cast = if url.starts_with("mysql") {
        "CAST(version AS CHAR)"
    } else {
        "CAST(version AS TEXT)"
    };
    let mut versions = Conn::open(url)
        .await
        .lines(&format!("SELECT {cast} FROM _sqlx_migrations"))
        .await;
    versions.sort_by_key(|v| v.parse::<i64>().unwrap());
    versions
}

/// Adds the migrations of spec versions `versions` to a project.
fn extend(project: &Path, versions: std::ops::RangeInclusive<usize>) {
    for n in versions {
        set_spec(project, n);
        makemigrations(project, flags(n));
    }
}

async fn backwards_on(base: Option<&str>, tag: &str) {
    let scratch = tempfile::tempdir().unwrap();
    let project = scratch.path().join("shop");
    std::fs::create_dir_all(&project).unwrap();
    project_up_to(&project, 7);
    let db = TestDb::create(base, scratch.path(), tag).await;
    let url = db.url.clone();
    let tag = tag.to_string();
    let run = async move {
        let names = &NAMES[..8];
        assert_eq!(showmigrations(&project, &url), listing(names, 0), "{tag}");

        // Forward one migration at a time, keeping each schema, with rows along the way.
        let mut schemas = vec![Vec::new(); NAMES.len() + 1];
        for (i, name) in names.iter().enumerate() {
            let out = migrate(&project, &url, &[&name[..4]]);
            assert_eq!(out, format!("Applied {name}\n"), "{tag}");
            let mut conn = Conn::open(&url).await;
            schemas[i + 1] = conn.schema().await;
            match *name {
                "0003_author_bio_book_pages" => {
                    conn.exec("INSERT INTO shop_author (name, bio) VALUES ('Ann', 'bio of Ann')")
                        .await;
                    conn.exec("INSERT INTO shop_book (title, author_id, pages) SELECT 'Dune', id, 412 FROM shop_author")
                        .await;
                }
                "0005_tag_book_tags" => {
                    conn.exec("INSERT INTO shop_tag (label) VALUES ('sf')")
                        .await;
                    conn.exec("INSERT INTO shop_book_tags (book_id, tag_id) SELECT b.id, t.id FROM shop_book b, shop_tag t")
                        .await;
                }
                _ => {}
            }
        }
        assert_eq!(showmigrations(&project, &url), listing(names, 8), "{tag}");

        // Back to 0003, reverting 0008..0004, last first: the table, model and field renames
        // are renamed back with their rows, the unique constraint and index go, the tag table
        // and its links go (reverting their creation), name is varchar(50) again.
        let out = migrate(&project, &url, &["0003_author_bio_book_pages"]);
        let reverted: String = names[3..]
            .iter()
            .rev()
            .map(|n| format!("Reverted {n}\n"))
            .collect();
        assert_eq!(out, reverted, "{tag}");
        let mut conn = Conn::open(&url).await;
        assert_eq!(
            conn.schema().await,
            schemas[3],
            "{tag}: schema back at 0003"
        );
        assert_eq!(
            conn.lines("SELECT a.name, a.bio, b.title, b.pages FROM shop_book b JOIN shop_author a ON a.id = b.author_id")
                .await,
            ["Ann|bio of Ann|Dune|412"],
            "{tag}: rows back at 0003"
        );
        assert_eq!(showmigrations(&project, &url), listing(names, 3), "{tag}");

        // Forward again: the same schemas as the first time, the same rows.
        let out = migrate(&project, &url, &[]);
        let applied: String = names[3..]
            .iter()
            .map(|n| format!("Applied {n}\n"))
            .collect();
        assert_eq!(out, applied, "{tag}");
        let mut conn = Conn::open(&url).await;
        assert_eq!(
            conn.schema().await,
            schemas[8],
            "{tag}: schema forward again"
        );
        assert_eq!(
            conn.lines("SELECT w.name, w.bio, b.name, b.pages FROM shop_book b JOIN shop_writer w ON w.id = b.author_id")
                .await,
            ["Ann|bio of Ann|Dune|412"],
            "{tag}"
        );

        // 0009 makes book.pages nullable, 0010 drops writer.bio (nullable, so reversible).
        extend(&project, 8..=9);
        for (i, name) in NAMES.iter().enumerate().skip(8) {
            assert_eq!(
                migrate(&project, &url, &[&name[..4]]),
                format!("Applied {name}\n")
            );
            schemas[i + 1] = Conn::open(&url).await.schema().await;
        }
        // No reverse of 0009 can exist, since rows may hold NULL in pages now: going back past
        // it is refused before anything is reverted, 0010 included.
        for target in ["0003", "zero"] {
            let refused = restforge(&["migrate", "--database", &url, target], &project);
            assert_eq!(refused.status.code(), Some(1), "{tag}");
            let stderr = String::from_utf8_lossy(&refused.stderr);
            assert!(
                stderr.contains(": 0009_alter_writer_name_alter_book_pages cannot be reversed: it made shop_book.pages nullable, and rows may since hold NULL where the old definition forbids it"),
                "{tag}: {stderr}"
            );
            assert!(
                stderr.contains("error: cannot migrate back to "),
                "{tag}: {stderr}"
            );
            assert_eq!(Conn::open(&url).await.schema().await, schemas[10], "{tag}");
            assert_eq!(applied_versions(&url).await.len(), 10, "{tag}");
        }

        // Back to 0009: 0010's reverse drops isbn and adds bio back, empty (its data went with
        // 0010, which was destructive).
        let out = migrate(&project, &url, &["0009"]);
        assert_eq!(out, format!("Reverted {}\n", NAMES[9]), "{tag}");
        let mut conn = Conn::open(&url).await;
        assert_eq!(
            conn.schema().await,
            schemas[9],
            "{tag}: schema after 0010 reverted"
        );
        assert_eq!(
            conn.lines("SELECT name, bio FROM shop_writer").await,
            ["Ann|NULL"],
            "{tag}"
        );
        assert_eq!(showmigrations(&project, &url), listing(&NAMES, 9), "{tag}");
    };
    run_then_drop(run, vec![db]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn migrating_backwards_reverts_and_keeps_rows_or_refuses_first() {
    for (tag, base) in servers() {
        eprintln!("backwards on {tag}");
        backwards_on(base.as_deref(), tag).await;
    }
}

async fn zero_on(base: Option<&str>, tag: &str) {
    let scratch = tempfile::tempdir().unwrap();
    let project = scratch.path().join("shop");
    std::fs::create_dir_all(&project).unwrap();
    project_up_to(&project, 7);
    let db = TestDb::create(base, scratch.path(), tag).await;
    let url = db.url.clone();
    let tag = tag.to_string();
    let run = async move {
        migrate(&project, &url, &[]);
        let out = migrate(&project, &url, &["zero"]);
        let expected: String = NAMES[..8]
            .iter()
            .rev()
            .map(|n| format!("Reverted {n}\n"))
            .collect();
        assert_eq!(out, expected, "{tag}");
        assert_eq!(
            Conn::open(&url).await.schema().await,
            Vec::<String>::new(),
            "{tag}"
        );
        assert!(applied_versions(&url).await.is_empty(), "{tag}");
        assert_eq!(
            showmigrations(&project, &url),
            listing(&NAMES[..8], 0),
            "{tag}"
        );
    };
    run_then_drop(run, vec![db]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn migrating_back_to_zero_drops_every_table() {
    for (tag, base) in servers() {
        eprintln!("zero on {tag}");
        zero_on(base.as_deref(), tag).await;
    }
}

async fn edited_on(base: Option<&str>, tag: &str) {
    let scratch = tempfile::tempdir().unwrap();
    let project = scratch.path().join("shop");
    std::fs::create_dir_all(&project).unwrap();
    project_up_to(&project, 3);
    let db = TestDb::create(base, scratch.path(), tag).await;
    let url = db.url.clone();
    let tag = tag.to_string();
    let dialect = match &tag[..] {
        "sqlite" => "sqlite",
        "postgres" => "postgres",
        _ => "mysql",
    };
    let run = async move {
        migrate(&project, &url, &[]);
        set_spec(&project, 4);
        makemigrations(&project, &[]);
        let names = &NAMES[..5];

        for (file, what) in [
            (
                format!("migrations/{dialect}/{}.sql", names[2]),
                "its checksum differs from the database's",
            ),
            (
                format!("migrations/{}.yaml", names[2]),
                "differs from what restforge wrote",
            ),
        ] {
            // Someone "fixes" an applied migration in place.
            let path = project.join(&file);
            let original = std::fs::read_to_string(&path).unwrap();
            let edited = original.replacen("bio", "biography", 1);
            assert_ne!(edited, original);
            std::fs::write(&path, &edited).unwrap();
            let schema = Conn::open(&url).await.schema().await;

            let shown = showmigrations(&project, &url);
            let expected = format!(
                "[X] {}\n[X] {}\n[!] {}\n[X] {}\n[ ] {}\n",
                names[0], names[1], names[2], names[3], names[4]
            );
            assert_eq!(shown, expected, "{tag}: {file}");

            // Refused forward (0005 pending) and backwards (to 0002), naming the migration,
            // and nothing changed either way.
            for target in [None, Some("0002")] {
                let mut args = vec!["migrate", "--database", &url];
                args.extend(target);
                let output = restforge(&args, &project);
                let stderr = String::from_utf8_lossy(&output.stderr);
                assert_eq!(output.status.code(), Some(1), "{tag}: {file}: {stderr}");
                let message = format!(
                    "error: migration {} was edited after it was applied (",
                    names[2]
                );
                assert!(stderr.contains(&message), "{tag}: {file}: {stderr}");
                assert!(stderr.contains(what), "{tag}: {file}: {stderr}");
                assert!(
                    stderr.contains("restore the file and make a new migration for the change"),
                    "{tag}: {stderr}"
                );
                assert_eq!(
                    Conn::open(&url).await.schema().await,
                    schema,
                    "{tag}: {file}"
                );
                assert_eq!(applied_versions(&url).await.len(), 4, "{tag}: {file}");
            }
            std::fs::write(&path, &original).unwrap();
        }
        // Restored, it migrates.
        assert_eq!(showmigrations(&project, &url), listing(names, 4), "{tag}");
        let out = migrate(&project, &url, &[]);
        assert_eq!(out, format!("Applied {}\n", names[4]), "{tag}");
    };
    run_then_drop(run, vec![db]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_edited_applied_migration_is_refused_both_ways() {
    for (tag, base) in servers() {
        eprintln!("edited migration on {tag}");
        edited_on(base.as_deref(), tag).await;
    }
}
