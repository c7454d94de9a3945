//! `migrations!()`: a project's `migrations/` folder embedded at compile time, one list per
//! database, as sqlx's `migrate!` embeds its folder. The folder is checked as it is read: a
//! gap in the numbering, database folders that disagree, or a migration that restforge wrote
//! and someone edited since is a compile error, not a surprise at deployment.
//!
//! Cargo rebuilds a crate when an embedded file changes, but not when a file is added to the
//! folder; a project's `build.rs` says `cargo:rerun-if-changed=migrations` for that.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proc_macro2::{Span, TokenStream};
use quote::quote;
use restforge_core::header::{Provenance, provenance};
use syn::LitStr;

/// The databases whose folders are embedded, by the `Migrations` method that takes them.
const EMBEDDED: [&str; 2] = ["sqlite", "postgres"];
/// Folders that are checked with the others but not embedded: the runtime does not serve
/// MySQL yet, while `makemigrations` already writes its SQL.
const CHECKED_ONLY: [&str; 1] = ["mysql"];

/// One file of a database's folder.
#[derive(Debug)]
struct Migration {
    version: u32,
    /// `0002_profiles_initial`.
    name: String,
    /// The path as `include_str!` is given it, relative to the crate's manifest.
    path: String,
}

pub fn expand(input: TokenStream) -> TokenStream {
    let (folder, span) = if input.is_empty() {
        ("migrations".to_string(), Span::call_site())
    } else {
        match syn::parse2::<LitStr>(input) {
            Ok(literal) => (literal.value(), literal.span()),
            Err(error) => return error.to_compile_error(),
        }
    };
    let Ok(manifest_dir) = std::env::var("CARGO_MANIFEST_DIR") else {
        return error(
            span,
            "migrations!() runs under Cargo, which says where the crate is",
        );
    };
    match read(Path::new(&manifest_dir), &folder) {
        Ok(databases) => embed(&databases),
        Err(problems) => problems.iter().map(|p| error(span, p)).collect(),
    }
}

fn error(span: Span, message: &str) -> TokenStream {
    syn::Error::new(span, message).to_compile_error()
}

/// The migrations of each database folder present, checked.
fn read(
    manifest_dir: &Path,
    folder: &str,
) -> Result<BTreeMap<&'static str, Vec<Migration>>, Vec<String>> {
    let root = manifest_dir.join(folder);
    if !root.is_dir() {
        return Err(vec![format!(
            "no migrations folder at {folder}/ (in {}); `restforge makemigrations` writes it (with `--from-src src` for derived models)",
            manifest_dir.display()
        )]);
    }
    let mut problems = Vec::new();
    let mut databases = BTreeMap::new();
    for database in EMBEDDED.into_iter().chain(CHECKED_ONLY) {
        let dir = root.join(database);
        if dir.is_dir() {
            let label = format!("{folder}/{database}");
            databases.insert(database, files(&dir, &label, &mut problems));
        }
    }
    if !EMBEDDED
        .iter()
        .any(|database| databases.contains_key(database))
    {
        problems.push(format!(
            "{folder}/ has no `sqlite` or `postgres` folder; `restforge makemigrations` writes them"
        ));
    }
    for (database, migrations) in &databases {
        numbered_without_gaps(&format!("{folder}/{database}"), migrations, &mut problems);
    }
    // The YAML records (`0002_profiles_initial.yaml`) are what each database's SQL was made
    // from; every folder must have the same migrations as they do, or as each other.
    let records = records(&root, folder, &mut problems);
    let (reference, expected): (String, Vec<String>) = match records {
        Some(names) => (format!("{folder}/"), names),
        None => match databases.iter().next() {
            Some((database, migrations)) => (
                format!("{folder}/{database}"),
                migrations.iter().map(|m| m.name.clone()).collect(),
            ),
            None => return Err(problems),
        },
    };
    for (database, migrations) in &databases {
        let names: Vec<&str> = migrations.iter().map(|m| m.name.as_str()).collect();
        for name in &expected {
            if !names.contains(&name.as_str()) {
                problems.push(format!(
                    "{folder}/{database} lacks {name}.sql, which {reference} has; run `restforge makemigrations` again, or write the migration for every database"
                ));
            }
        }
        for name in names {
            if !expected.iter().any(|e| e == name) {
                problems.push(format!(
                    "{folder}/{database}/{name}.sql is not in {reference}; every database needs the same migrations"
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(databases)
    } else {
        Err(problems)
    }
}

/// The `.sql` files of one database's folder, sorted by number; hidden files are skipped.
fn files(dir: &Path, label: &str, problems: &mut Vec<String>) -> Vec<Migration> {
    let mut migrations = Vec::new();
    for (file_name, path) in entries(dir, label, problems) {
        let Some((version, name)) = parse_name(&file_name, ".sql") else {
            problems.push(format!(
                "{label}/{file_name}: a migration is a file named NNNN_description.sql, like 0003_add_bio.sql"
            ));
            continue;
        };
        let relative = format!("{label}/{file_name}");
        check_not_edited(&path, &relative, problems);
        migrations.push(Migration {
            version,
            name,
            path: relative,
        });
    }
    migrations.sort_by(|a, b| (a.version, &a.name).cmp(&(b.version, &b.name)));
    migrations
}

/// The names of the YAML records in the folder, `None` when it has none.
fn records(root: &Path, folder: &str, problems: &mut Vec<String>) -> Option<Vec<String>> {
    let mut names = Vec::new();
    for (file_name, path) in entries(root, folder, problems) {
        if path.is_dir() {
            continue;
        }
        if let Some((version, name)) = parse_name(&file_name, ".yaml") {
            check_not_edited(&path, &format!("{folder}/{file_name}"), problems);
            names.push((version, name));
        }
    }
    names.sort();
    (!names.is_empty()).then(|| names.into_iter().map(|(_, name)| name).collect())
}

/// The visible entries of a folder, by name.
fn entries(dir: &Path, label: &str, problems: &mut Vec<String>) -> Vec<(String, PathBuf)> {
    let read = match std::fs::read_dir(dir) {
        Ok(read) => read,
        Err(e) => {
            problems.push(format!("cannot read {label}: {e}"));
            return Vec::new();
        }
    };
    let mut entries: Vec<(String, PathBuf)> = read
        .filter_map(Result::ok)
        .map(|entry| {
            (
                entry.file_name().to_string_lossy().into_owned(),
                entry.path(),
            )
        })
        .filter(|(name, _)| !name.starts_with('.'))
        .collect();
    entries.sort();
    entries
}

/// `0003_add_bio.sql` → `(3, "0003_add_bio")`.
fn parse_name(file_name: &str, extension: &str) -> Option<(u32, String)> {
    let name = file_name.strip_suffix(extension)?;
    let (number, description) = name.split_once('_')?;
    if number.len() < 4 || !number.bytes().all(|b| b.is_ascii_digit()) || description.is_empty() {
        return None;
    }
    Some((number.parse().ok()?, name.to_string()))
}

fn check_not_edited(path: &Path, relative: &str, problems: &mut Vec<String>) {
    match std::fs::read_to_string(path) {
        Ok(text) if provenance(&text) == Provenance::Edited => problems.push(format!(
            "{relative} was edited after restforge wrote it, so a database that applied it no longer matches it; undo the edit and make a new migration for the change (`restforge makemigrations`), or, to own the file, delete its `@generated` first line"
        )),
        Ok(_) => {}
        Err(e) => problems.push(format!("cannot read {relative}: {e}")),
    }
}

/// Migrations are applied in order, each after the one before: 0001, 0002, … with none missing
/// and none twice.
fn numbered_without_gaps(label: &str, migrations: &[Migration], problems: &mut Vec<String>) {
    let mut expected = 1;
    let mut previous: Option<&Migration> = None;
    for migration in migrations {
        match previous {
            Some(before) if before.version == migration.version => problems.push(format!(
                "{label} has two migrations numbered {:04}: {}.sql and {}.sql",
                migration.version, before.name, migration.name
            )),
            _ if migration.version != expected => {
                let after = previous.map_or_else(
                    || "at the start".to_string(),
                    |before| format!("after {}.sql", before.name),
                );
                problems.push(format!(
                    "{label} has no migration {expected:04} ({after}, before {}.sql); migrations are numbered from 0001 without gaps",
                    migration.name
                ));
            }
            _ => {}
        }
        expected = migration.version + 1;
        previous = Some(migration);
    }
}

fn embed(databases: &BTreeMap<&'static str, Vec<Migration>>) -> TokenStream {
    let mut calls = Vec::new();
    for database in EMBEDDED {
        let method = syn::Ident::new(database, Span::call_site());
        for migration in databases.get(database).into_iter().flatten() {
            let version = i64::from(migration.version);
            let description = migration
                .name
                .split_once('_')
                .map_or("", |(_, description)| description);
            let path = format!("/{}", migration.path);
            calls.push(quote! {
                .#method(
                    #version,
                    #description,
                    ::core::include_str!(::core::concat!(::core::env!("CARGO_MANIFEST_DIR"), #path)),
                )
            });
        }
    }
    quote! { ::restforge::__private::Migrations::new() #(#calls)* }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, contents) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, contents).unwrap();
        }
        dir
    }

    fn problems(files: &[(&str, &str)]) -> Vec<String> {
        let dir = project(files);
        read(dir.path(), "migrations").expect_err("refused")
    }

    #[test]
    fn reads_every_database_in_order() {
        let dir = project(&[
            ("migrations/sqlite/0002_b.sql", "B"),
            ("migrations/sqlite/0001_a.sql", "A"),
            ("migrations/postgres/0001_a.sql", "A"),
            ("migrations/postgres/0002_b.sql", "B"),
            ("migrations/postgres/.gitkeep", ""),
            ("migrations/0001_a.yaml", "ops"),
            ("migrations/0002_b.yaml", "ops"),
        ]);
        let databases = read(dir.path(), "migrations").unwrap();
        let names: Vec<_> = databases["sqlite"].iter().map(|m| &m.path).collect();
        assert_eq!(
            names,
            [
                "migrations/sqlite/0001_a.sql",
                "migrations/sqlite/0002_b.sql"
            ]
        );
        let expanded = embed(&databases).to_string();
        assert!(expanded.contains(". sqlite (1i64 , \"a\""), "{expanded}");
        assert!(expanded.contains(". postgres (2i64 , \"b\""), "{expanded}");
    }

    #[test]
    fn refuses_a_gap_a_duplicate_and_a_bad_name() {
        let found = problems(&[
            ("migrations/sqlite/0001_a.sql", ""),
            ("migrations/sqlite/0003_c.sql", ""),
            ("migrations/sqlite/0003_d.sql", ""),
            ("migrations/sqlite/notes.txt", ""),
        ]);
        assert!(found.contains(&"migrations/sqlite has no migration 0002 (after 0001_a.sql, before 0003_c.sql); migrations are numbered from 0001 without gaps".to_string()), "{found:#?}");
        assert!(
            found.contains(
                &"migrations/sqlite has two migrations numbered 0003: 0003_c.sql and 0003_d.sql"
                    .to_string()
            ),
            "{found:#?}"
        );
        assert!(found.contains(&"migrations/sqlite/notes.txt: a migration is a file named NNNN_description.sql, like 0003_add_bio.sql".to_string()), "{found:#?}");
    }

    #[test]
    fn refuses_databases_that_disagree() {
        let found = problems(&[
            ("migrations/sqlite/0001_a.sql", ""),
            ("migrations/sqlite/0002_b.sql", ""),
            ("migrations/postgres/0001_a.sql", ""),
            ("migrations/0001_a.yaml", ""),
            ("migrations/0002_b.yaml", ""),
        ]);
        assert_eq!(
            found,
            [
                "migrations/postgres lacks 0002_b.sql, which migrations/ has; run `restforge makemigrations` again, or write the migration for every database"
            ]
        );
    }

    #[test]
    fn refuses_a_generated_migration_edited_since() {
        let body = "CREATE TABLE a (id integer);\n";
        let generated = format!(
            "-- @generated by restforge 0.1.0 from api.yaml (checksum {}). Do not edit.\n{body}",
            restforge_core::header::checksum(body)
        );
        let dir = project(&[("migrations/sqlite/0001_a.sql", &generated)]);
        assert!(read(dir.path(), "migrations").is_ok());
        let found = problems(&[(
            "migrations/sqlite/0001_a.sql",
            &generated.replace("id", "pk"),
        )]);
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .starts_with("migrations/sqlite/0001_a.sql was edited after restforge wrote it"),
            "{found:#?}"
        );
        // A hand-written migration (no header) is the user's.
        let dir = project(&[("migrations/sqlite/0001_a.sql", body)]);
        assert!(read(dir.path(), "migrations").is_ok());
    }

    #[test]
    fn a_missing_folder_says_how_to_make_it() {
        let dir = tempfile::tempdir().unwrap();
        let found = read(dir.path(), "migrations").expect_err("refused");
        assert!(
            found[0].starts_with("no migrations folder at migrations/"),
            "{found:#?}"
        );
    }
}
