//! Property: for any sequence of spec edits, the migrations `makemigrations` writes, applied one
//! at a time with `migrate` on SQLite, give the schema of a database migrated from scratch with
//! only the last spec; the rows and values the edits do not destroy survive; and each spec, once
//! migrated, needs no further migration.
//!
//!   cargo test -p restforge-generator --test migrations_proptest

mod migrations_support;

use std::collections::BTreeMap;
use std::path::Path;

use migrations_support::Conn;
use proptest::prelude::*;
use restforge_generator::migrate::apply;
use restforge_generator::migrate::history::{self, MakeOptions};
use restforge_generator::migrate::{self, Dialect, ModelState};
use restforge_generator::render::header::Header;

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Char(u32),
    Text,
    Int,
    Bool,
    ForeignKey(String),
    ManyToMany(String),
}

#[derive(Debug, Clone)]
struct Field {
    name: String,
    kind: Kind,
    null: bool,
    unique: bool,
    db_index: bool,
    renamed_from: Option<String>,
}

impl Field {
    fn scalar(&self) -> bool {
        !matches!(self.kind, Kind::ForeignKey(_) | Kind::ManyToMany(_))
    }
    fn column(&self) -> Option<String> {
        match self.kind {
            Kind::ManyToMany(_) => None,
            Kind::ForeignKey(_) => Some(format!("{}_id", self.name)),
            _ => Some(self.name.clone()),
        }
    }
}

#[derive(Debug, Clone)]
struct Model {
    name: String,
    fields: Vec<Field>,
    unique_together: Vec<[String; 2]>,
    indexes: Vec<String>,
}

impl Model {
    fn table(&self) -> String {
        format!("prop_{}", self.name.to_lowercase())
    }
}

/// The app the edits work on, and a counter for fresh names.
#[derive(Debug, Clone)]
struct App {
    models: Vec<Model>,
    next: usize,
}

/// One edit, as numbers the app interprets (so that any sequence is valid and shrinks well).
#[derive(Debug, Clone)]
struct Edit {
    what: u8,
    a: usize,
    b: usize,
}

fn pick<T>(items: &[T], i: usize) -> Option<usize> {
    (!items.is_empty()).then(|| i % items.len())
}

impl App {
    fn start() -> App {
        let field = |name: &str, kind| Field {
            name: name.into(),
            kind,
            null: false,
            unique: false,
            db_index: false,
            renamed_from: None,
        };
        App {
            models: vec![
                Model {
                    name: "M0".into(),
                    fields: vec![field("f0", Kind::Char(20))],
                    unique_together: vec![],
                    indexes: vec![],
                },
                Model {
                    name: "M1".into(),
                    fields: vec![field("f1", Kind::Int)],
                    unique_together: vec![],
                    indexes: vec![],
                },
            ],
            next: 2,
        }
    }

    fn fresh(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}{}", self.next)
    }

    /// Drops the options that name a field that is gone.
    fn tidy(&mut self) {
        let names: Vec<String> = self.models.iter().map(|m| m.name.clone()).collect();
        for m in &mut self.models {
            m.fields.retain(|f| match &f.kind {
                Kind::ForeignKey(t) | Kind::ManyToMany(t) => names.contains(t),
                _ => true,
            });
            let has = |n: &String| m.fields.iter().any(|f| &f.name == n && f.scalar());
            let keep: Vec<[String; 2]> = m
                .unique_together
                .iter()
                .filter(|u| has(&u[0]) && has(&u[1]))
                .cloned()
                .collect();
            m.unique_together = keep;
            let keep: Vec<String> = m.indexes.iter().filter(|i| has(i)).cloned().collect();
            m.indexes = keep;
        }
    }

    /// Applies an edit; returns whether it may lose data (so values are not compared).
    fn apply(&mut self, edit: &Edit) -> bool {
        for m in &mut self.models {
            for f in &mut m.fields {
                f.renamed_from = None;
            }
        }
        let Edit { what, a, b } = edit.clone();
        let model_names: Vec<String> = self.models.iter().map(|m| m.name.clone()).collect();
        let m = pick(&self.models, a).expect("the app keeps a model");
        let mut lossy = false;
        match what % 10 {
            // Add a field: nullable, or NOT NULL with a default; or a relation.
            0 => {
                let name = self.fresh("f");
                let others: Vec<&String> = model_names
                    .iter()
                    .filter(|n| **n != model_names[m])
                    .collect();
                let kind = match b % 6 {
                    0 => Kind::Char(20),
                    1 => Kind::Text,
                    2 => Kind::Int,
                    3 => Kind::Bool,
                    4 if !others.is_empty() => Kind::ForeignKey(others[b % others.len()].clone()),
                    5 if !others.is_empty() => Kind::ManyToMany(others[b % others.len()].clone()),
                    _ => Kind::Int,
                };
                let null = !matches!(kind, Kind::ManyToMany(_)) && (b / 6) % 2 == 0
                    || matches!(kind, Kind::ForeignKey(_));
                self.models[m].fields.push(Field {
                    name,
                    kind,
                    null,
                    unique: false,
                    db_index: false,
                    renamed_from: None,
                });
            }
            // Remove a field.
            1 => {
                if let Some(f) = pick(&self.models[m].fields, b) {
                    self.models[m].fields.remove(f);
                    lossy = true;
                }
            }
            // Alter a field.
            2 => {
                if let Some(f) = pick(&self.models[m].fields, b) {
                    let field = &mut self.models[m].fields[f];
                    match (b / 7) % 4 {
                        0 => {
                            if let Kind::Char(n) = &mut field.kind {
                                *n += 10;
                            }
                        }
                        // NULL ↔ NOT NULL; a unique field stays nullable (the backfill of
                        // its NULLs would repeat one value).
                        1 if field.scalar() && !field.unique => {
                            field.null = !field.null;
                            lossy = true;
                        }
                        2 if field.scalar() && field.null && field.kind != Kind::Bool => {
                            field.unique = !field.unique
                        }
                        3 if !matches!(field.kind, Kind::ManyToMany(_)) => {
                            field.db_index = !field.db_index;
                        }
                        _ => {}
                    }
                }
            }
            // Rename a field, declared.
            3 => {
                if let Some(f) = pick(&self.models[m].fields, b) {
                    let new = self.fresh("f");
                    let model = &mut self.models[m];
                    let old = std::mem::replace(&mut model.fields[f].name, new.clone());
                    model.fields[f].renamed_from = Some(old.clone());
                    for pair in &mut model.unique_together {
                        for n in pair.iter_mut().filter(|n| **n == old) {
                            *n = new.clone();
                        }
                    }
                    for n in model.indexes.iter_mut().filter(|n| **n == old) {
                        *n = new.clone();
                    }
                }
            }
            // Add a model.
            4 => {
                let name = self.fresh("M");
                let field = self.fresh("f");
                self.models.push(Model {
                    name,
                    fields: vec![Field {
                        name: field,
                        kind: Kind::Char(20),
                        null: true,
                        unique: false,
                        db_index: false,
                        renamed_from: None,
                    }],
                    unique_together: vec![],
                    indexes: vec![],
                });
            }
            // Remove a model (and the relations to it).
            5 if self.models.len() > 1 => {
                self.models.remove(m);
                lossy = true;
            }
            // unique_together over two scalar fields, added or removed.
            6 | 7 => {
                let model = &mut self.models[m];
                let candidates: Vec<String> = model
                    .fields
                    .iter()
                    .filter(|f| f.scalar() && f.null && f.kind != Kind::Bool)
                    .map(|f| f.name.clone())
                    .collect();
                if what % 10 == 7 && !model.unique_together.is_empty() {
                    let at = b % model.unique_together.len();
                    model.unique_together.remove(at);
                } else if candidates.len() >= 2 {
                    let x = b % candidates.len();
                    let y = (x + 1 + (b / 3) % (candidates.len() - 1)) % candidates.len();
                    let pair = [candidates[x].clone(), candidates[y].clone()];
                    if !model.unique_together.contains(&pair) {
                        model.unique_together.push(pair);
                    }
                }
            }
            // Meta.indexes on one scalar field, added or removed.
            _ => {
                let model = &mut self.models[m];
                if what % 10 == 9 && !model.indexes.is_empty() {
                    let at = b % model.indexes.len();
                    model.indexes.remove(at);
                } else if let Some(f) = pick(&model.fields, b) {
                    let name = model.fields[f].name.clone();
                    if model.fields[f].scalar() && !model.indexes.contains(&name) {
                        model.indexes.push(name);
                    }
                }
            }
        }
        self.tidy();
        lossy
    }

    fn yaml(&self) -> String {
        let mut out = String::from(
            "project: prop\napp: prop\nsettings:\n  default_auto_field: big_auto\nmodels:\n",
        );
        for m in &self.models {
            out.push_str(&format!("  {}:\n    fields:\n", m.name));
            for f in &m.fields {
                let mut keys = vec![match &f.kind {
                    Kind::Char(n) => format!("type: char, max_length: {n}"),
                    Kind::Text => "type: text".into(),
                    Kind::Int => "type: integer".into(),
                    Kind::Bool => "type: boolean".into(),
                    Kind::ForeignKey(t) => {
                        format!(
                            "type: foreign_key, to: {t}, on_delete: set_null, related_name: '+'"
                        )
                    }
                    Kind::ManyToMany(t) => {
                        format!("type: many_to_many, to: {t}, related_name: '+'")
                    }
                }];
                if f.null {
                    keys.push("null: true".into());
                } else if f.scalar() {
                    keys.push(
                        match f.kind {
                            Kind::Bool => "default: false",
                            Kind::Int => "default: 0",
                            _ => "default: 'x'",
                        }
                        .into(),
                    );
                }
                if f.unique {
                    keys.push("unique: true".into());
                }
                if f.db_index {
                    keys.push("db_index: true".into());
                }
                if let Some(old) = &f.renamed_from {
                    keys.push(format!("renamed_from: {old}"));
                }
                out.push_str(&format!("      {}: {{{}}}\n", f.name, keys.join(", ")));
            }
            if !m.unique_together.is_empty() {
                out.push_str("    unique_together:\n");
                for [x, y] in &m.unique_together {
                    out.push_str(&format!("      - [{x}, {y}]\n"));
                }
            }
            if !m.indexes.is_empty() {
                out.push_str("    indexes:\n");
                for i in &m.indexes {
                    out.push_str(&format!("      - fields: [{i}]\n"));
                }
            }
        }
        out
    }
}

fn spec_of(yaml: &str) -> restforge_generator::spec::Spec {
    restforge_generator::yaml::parse_spec("api.yaml", yaml).unwrap_or_else(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| e.render("api.yaml")).collect();
        panic!("{}\n{yaml}", lines.join("\n"))
    })
}

fn write(project: &Path, files: Vec<(std::path::PathBuf, String)>) {
    for (path, contents) in files {
        let path = project.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
}

/// Writes the initial migrations of `spec` into `project`, as `makemigrations` does.
fn initial(project: &Path, spec: &restforge_generator::spec::Spec) {
    let header = Header::new("api.yaml");
    let plan = migrate::InitialPlan::new(spec);
    let mut before = ModelState { tables: Vec::new() };
    for (i, record) in plan.records().iter().enumerate() {
        let name = plan.migrations(Dialect::Sqlite)[i]
            .file_name()
            .trim_end_matches(".sql")
            .to_string();
        let mut files = history::migration_files(&name, &before, &record.operations, &header);
        for (path, contents) in &mut files {
            let dialect = path
                .parent()
                .and_then(|p| p.file_name())
                .and_then(|d| Dialect::from_name(&d.to_string_lossy()));
            if let Some(dialect) = dialect {
                *contents = header.sql(&plan.migrations(dialect)[i].sql);
            }
        }
        write(project, files);
        for op in &record.operations {
            op.apply(&mut before).unwrap();
        }
    }
}

async fn migrate_sqlite(project: &Path, url: &str) {
    apply::migrate(project, url, None)
        .await
        .unwrap_or_else(|e| panic!("migrate: {e}"));
}

/// The values of each scalar column of each model, keyed by model and field.
async fn values(conn: &mut Conn, app: &App) -> BTreeMap<(String, String), Vec<String>> {
    let mut out = BTreeMap::new();
    for m in &app.models {
        out.insert(
            (m.name.clone(), String::new()),
            conn.lines(&format!("SELECT CAST(id AS TEXT) FROM {}", m.table()))
                .await,
        );
        for f in m
            .fields
            .iter()
            .filter(|f| !matches!(f.kind, Kind::ManyToMany(_)))
        {
            let column = f.column().unwrap();
            let rows = conn
                .lines(&format!(
                    "SELECT CAST(id AS TEXT) || ':' || coalesce(CAST(\"{column}\" AS TEXT), 'NULL') FROM {}",
                    m.table()
                ))
                .await;
            out.insert((m.name.clone(), f.name.clone()), rows);
        }
    }
    out
}

async fn insert_row(conn: &mut Conn, app: &App, n: usize) {
    for m in &app.models {
        let mut columns = Vec::new();
        let mut values = Vec::new();
        for f in &m.fields {
            let Some(column) = f.column() else { continue };
            columns.push(format!("\"{column}\""));
            values.push(match f.kind {
                Kind::ForeignKey(_) => "NULL".to_string(),
                Kind::Bool => (n % 2).to_string(),
                Kind::Int => n.to_string(),
                _ => format!("'v{n}'"),
            });
        }
        let sql = if columns.is_empty() {
            format!("INSERT INTO {} DEFAULT VALUES", m.table())
        } else {
            format!(
                "INSERT INTO {} ({}) VALUES ({})",
                m.table(),
                columns.join(", "),
                values.join(", ")
            )
        };
        conn.exec(&sql).await;
    }
}

async fn run(edits: Vec<Edit>) {
    let scratch = tempfile::tempdir().unwrap();
    let project = scratch.path().join("evolved");
    let url = format!(
        "sqlite:{}?mode=rwc",
        scratch.path().join("evolved.sqlite3").display()
    );
    let mut app = App::start();
    initial(&project, &spec_of(&app.yaml()));
    migrate_sqlite(&project, &url).await;
    let mut conn = Conn::open(&url).await;
    insert_row(&mut conn, &app, 0).await;
    for (step, edit) in edits.iter().enumerate() {
        let before_app = app.clone();
        let before = values(&mut conn, &app).await;
        let lossy = app.apply(edit);
        let yaml = app.yaml();
        let spec = spec_of(&yaml);
        let recorded = history::read(&project).unwrap();
        let options = MakeOptions {
            allow_destructive: true,
            ..MakeOptions::default()
        };
        let made = history::make(&recorded, &spec, &options)
            .unwrap_or_else(|r| panic!("step {step}: refused: {r:?}\n{yaml}"));
        if let Some(migration) = made {
            let files = history::migration_files(
                &migration.name,
                &migration.before,
                &migration.operations,
                &Header::new("api.yaml"),
            );
            write(&project, files);
            drop(conn);
            migrate_sqlite(&project, &url).await;
            conn = Conn::open(&url).await;
        }
        // Once migrated, the spec needs nothing more.
        let recorded = history::read(&project).unwrap();
        let again = history::make(&recorded, &spec, &options).unwrap();
        assert!(
            again.is_none(),
            "step {step}: a second migration: {:?}\n{yaml}",
            again.map(|m| m.operations)
        );

        // Every row stays; unless the edit may lose data, every value too (renamed fields
        // under their new name).
        let after = values(&mut conn, &app).await;
        for ((model, field), rows) in &before {
            let renamed = app.models.iter().find(|m| &m.name == model).and_then(|m| {
                if field.is_empty() {
                    return Some(String::new());
                }
                m.fields
                    .iter()
                    .find(|f| f.renamed_from.as_ref() == Some(field) || &f.name == field)
                    .map(|f| f.name.clone())
            });
            let Some(now) = renamed else { continue };
            if field.is_empty() || !lossy {
                assert_eq!(
                    after.get(&(model.clone(), now.clone())),
                    Some(rows),
                    "step {step}: {model}.{field} (now {now}) changed\n{yaml}\nbefore:\n{}",
                    before_app.yaml()
                );
            }
        }

        // The same schema as from scratch.
        let fresh = scratch.path().join(format!("fresh{step}"));
        let fresh_url = format!(
            "sqlite:{}?mode=rwc",
            scratch
                .path()
                .join(format!("fresh{step}.sqlite3"))
                .display()
        );
        initial(&fresh, &spec);
        migrate_sqlite(&fresh, &fresh_url).await;
        let scratch_schema = Conn::open(&fresh_url).await.schema().await;
        assert_eq!(
            conn.schema().await,
            scratch_schema,
            "step {step}: evolved vs from-scratch schema\n{yaml}"
        );
        insert_row(&mut conn, &app, step + 1).await;
    }
}

fn edit() -> impl Strategy<Value = Edit> {
    (0u8..10, 0usize..64, 0usize..256).prop_map(|(what, a, b)| Edit { what, a, b })
}

proptest! {
    // Bounded for CI on two cores: each case is a few SQLite databases and ~6 migrations.
    #![proptest_config(ProptestConfig {
        cases: 24,
        max_shrink_iters: 200,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_spec_edits_migrate_like_a_fresh_database(edits in prop::collection::vec(edit(), 1..7)) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(run(edits));
    }
}
