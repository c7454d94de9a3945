//! [`Query`]: Django's queryset for the views — one `SELECT` of a model's columns plus values
//! reached through relations, with filters, DRF's search and ordering, counted and paged.
//!
//! Every relation step a path needs becomes one `LEFT JOIN`, aliased `t1`, `t2`, … and shared
//! by every path with the same prefix, so a list page that shows
//! `user_profile.user.username` beside each status is a single statement (PERF-NOTES: DRF
//! spends 43 statements on that page). Values are always bound; only identifiers taken from
//! model metadata and the page size are written into the SQL.
//!
//! ```no_run
//! # async fn demo(db: &restforge::db::Database, status: &'static restforge::core::model::ModelMeta)
//! # -> Result<(), restforge::db::DbError> {
//! use restforge::db::query::Query;
//! use restforge::core::value::Value;
//!
//! let query = Query::new(status)
//!     .select_path(vec!["user_profile", "user", "username"])
//!     .filter_eq("user_profile__user__username", Value::Text("alice".into()))
//!     .search(&["status_content"], "hello world")
//!     .order_by(&["-created_at"]);
//! let count = query.count(db).await?;
//! let page = query.fetch_page(db, 0, 20).await?; // … LIMIT 20 OFFSET ?
//! # let _ = (count, page); Ok(()) }
//! ```
//!
//! Lookups follow forward relations (foreign keys and one-to-ones) only; reverse accessors
//! and many-to-many steps are reported as [`QueryError`]s. Many-to-many keys are loaded on
//! request ([`Query::with_many_to_many`]) with one extra statement per many-to-many field per
//! page, never per row.

use crate::core::model::{FieldKind, FieldMeta, ModelMeta};
use crate::core::types::{Date, DateTime, Decimal, Time, Uuid};
use crate::core::value::Value;
use crate::db::{Database, DbError, Dialect, Executor, Param};

/// A lookup or ordering the model's metadata cannot resolve.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid lookup `{lookup}` on {model}: {reason}")]
pub struct QueryError {
    /// The model the lookup starts from.
    pub model: &'static str,
    /// The lookup as written (`user_profile__user__username`).
    pub lookup: String,
    pub reason: String,
}

/// One row of a [`Query`].
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The model's columns in `ModelMeta::columns()` order (read with `Model::from_row` or by
    /// index).
    pub row: Vec<Value>,
    /// One value per [`Query::select_path`], in order (`Null` when a relation on the way is
    /// null).
    pub related: Vec<Value>,
    /// Many-to-many keys, per many-to-many field, when asked for with
    /// [`Query::with_many_to_many`].
    pub many_to_many: Vec<(&'static str, Vec<Value>)>,
}

impl Record {
    /// The value of a column field of the row by name.
    pub fn get(&self, model: &ModelMeta, field: &str) -> Option<&Value> {
        let index = model.columns().position(|f| f.name == field)?;
        self.row.get(index)
    }

    /// A record of a row a write returned (`INSERT/UPDATE … RETURNING`, in
    /// [`ModelMeta::columns`] order) with its related values known otherwise, read as a query
    /// would read it (decimals to their places).
    pub fn saved(
        model: &'static ModelMeta,
        mut row: Vec<Value>,
        related: Vec<Value>,
        many_to_many: Vec<(&'static str, Vec<Value>)>,
    ) -> Record {
        quantize_row(model.columns(), &mut row);
        Record {
            row,
            related,
            many_to_many,
        }
    }

    /// The primary key of the row.
    pub fn pk(&self, model: &ModelMeta) -> &Value {
        let pk = model.pk_field().name;
        self.get(model, pk).unwrap_or(&Value::Null)
    }
}

/// A search lookup's kind, from DRF's prefixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SearchKind {
    /// No prefix: `icontains`.
    Contains,
    /// `^`: `istartswith`.
    StartsWith,
    /// `=`: `iexact`.
    Exact,
    /// `$`: `iregex` (PostgreSQL only).
    Regex,
}

#[derive(Debug, Clone)]
struct Search {
    lookups: Vec<String>,
    terms: Vec<String>,
}

/// A SELECT over one model, built from its metadata. See the module documentation.
#[derive(Debug, Clone)]
pub struct Query {
    model: &'static ModelMeta,
    paths: Vec<Vec<&'static str>>,
    filters: Vec<(String, Value)>,
    searches: Vec<Search>,
    ordering: Option<Vec<String>>,
    many_to_many: bool,
}

impl Query {
    /// Every row of `model`, in the model's default ordering.
    pub fn new(model: &'static ModelMeta) -> Query {
        Query {
            model,
            paths: Vec::new(),
            filters: Vec::new(),
            searches: Vec::new(),
            ordering: None,
            many_to_many: false,
        }
    }

    /// The model queried.
    pub fn model(&self) -> &'static ModelMeta {
        self.model
    }

    /// The paths of [`Query::select_path`], in order.
    pub fn select_paths(&self) -> &[Vec<&'static str>] {
        &self.paths
    }

    /// Whether [`Query::with_many_to_many`] was asked for.
    pub fn loads_many_to_many(&self) -> bool {
        self.many_to_many
    }

    /// Extra values to fetch per row through relations, each a field path
    /// (`["user_profile", "user", "username"]`); returned in [`Record::related`], same order.
    pub fn select_path(mut self, path: Vec<&'static str>) -> Query {
        self.paths.push(path);
        self
    }

    /// `path` is a Django lookup (`user_profile__user__username`); exact match, bound.
    ///
    /// `Value::Null` matches `IS NULL`. Text given for a non-text field (a query parameter)
    /// is parsed as that field's type first; text that does not parse matches no row, where
    /// Django would raise.
    pub fn filter_eq(mut self, lookup: &str, value: Value) -> Query {
        self.filters.push((lookup.to_string(), value));
        self
    }

    /// DRF's `SearchFilter`: `terms` is split on whitespace and commas (quoted phrases kept
    /// together); every term must match one of the lookups. A lookup matches
    /// case-insensitively by containment, or with a prefix: `^` starts with, `=` equals, `@`
    /// (full-text search in DRF, PostgreSQL only) is treated as contains, `$` is a
    /// case-insensitive regular expression on PostgreSQL and an error on SQLite, which has no
    /// `REGEXP` function.
    ///
    /// Case-insensitivity on SQLite covers ASCII letters only, as Django's on SQLite.
    pub fn search(mut self, lookups: &[&str], terms: &str) -> Query {
        let terms = search_terms(terms);
        if !terms.is_empty() && !lookups.is_empty() {
            self.searches.push(Search {
                lookups: lookups.iter().map(|l| l.to_string()).collect(),
                terms,
            });
        }
        self
    }

    /// `-created_at` descending; paths through relations are allowed
    /// (`user_profile__user__username`). The primary key is appended as a tie-breaker so
    /// pages are stable, in the direction of the last term. An empty `ordering` keeps the
    /// model's default.
    pub fn order_by(mut self, ordering: &[&str]) -> Query {
        if !ordering.is_empty() {
            self.ordering = Some(ordering.iter().map(|o| o.to_string()).collect());
        }
        self
    }

    /// Also load the keys of every many-to-many field into [`Record::many_to_many`]: one
    /// statement per many-to-many field per fetch, for all the rows at once.
    pub fn with_many_to_many(mut self) -> Query {
        self.many_to_many = true;
        self
    }

    /// Checks every path, lookup and ordering term against the metadata without running
    /// anything (the fetch methods check too and return the same error).
    pub fn validate(&self) -> Result<(), QueryError> {
        self.build(Dialect::Sqlite, Shape::Page { limit: 1 })
            .map(|_| ())
    }

    /// The SQL of a page of `limit` rows, for logs and tests.
    pub fn page_sql(&self, dialect: Dialect, limit: u64) -> Result<String, QueryError> {
        Ok(self.build(dialect, Shape::Page { limit })?.sql)
    }

    /// `SELECT COUNT(*)` with the filters and search (joins only for those).
    pub async fn count(&self, db: &Database) -> Result<u64, DbError> {
        self.count_in(&mut &*db).await
    }

    /// [`Query::count`] through any executor (a transaction, say).
    pub async fn count_in<E: Executor>(&self, db: &mut E) -> Result<u64, DbError> {
        let built = self.build(db.dialect(), Shape::Count)?;
        let row = db
            .fetch_optional(&built.sql, &built.params, &[FieldKind::BigInteger])
            .await?;
        match row.as_ref().and_then(|row| row.first()) {
            Some(Value::Int(n)) => Ok(u64::try_from(*n).unwrap_or(0)),
            _ => Ok(0),
        }
    }

    /// The rows from `offset` on, at most `limit` of them. LIMIT is written into the SQL as
    /// a literal (a bound LIMIT makes SQLite re-prepare the statement on every call); OFFSET
    /// is bound.
    pub async fn fetch_page(
        &self,
        db: &Database,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<Record>, DbError> {
        self.fetch_page_in(&mut &*db, offset, limit).await
    }

    /// [`Query::fetch_page`] through any executor.
    pub async fn fetch_page_in<E: Executor>(
        &self,
        db: &mut E,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<Record>, DbError> {
        let mut built = self.build(db.dialect(), Shape::Page { limit })?;
        built.params.push(Param::new(
            Value::Int(i64::try_from(offset).unwrap_or(i64::MAX)),
            FieldKind::BigInteger,
        ));
        self.run(db, built).await
    }

    /// Every row.
    pub async fn fetch_all(&self, db: &Database) -> Result<Vec<Record>, DbError> {
        self.fetch_all_in(&mut &*db).await
    }

    /// [`Query::fetch_all`] through any executor.
    pub async fn fetch_all_in<E: Executor>(&self, db: &mut E) -> Result<Vec<Record>, DbError> {
        let built = self.build(db.dialect(), Shape::All)?;
        self.run(db, built).await
    }

    /// The row with primary key `pk` among those the filters and search let through.
    pub async fn get(&self, db: &Database, pk: &Value) -> Result<Option<Record>, DbError> {
        self.get_in(&mut &*db, pk).await
    }

    /// [`Query::get`] through any executor.
    pub async fn get_in<E: Executor>(
        &self,
        db: &mut E,
        pk: &Value,
    ) -> Result<Option<Record>, DbError> {
        let pk_field = self.model.pk_field();
        let Some(pk) = coerce(pk.clone(), storage_type(pk_field)) else {
            return Ok(None);
        };
        let built = self.build(db.dialect(), Shape::Get(pk))?;
        // A key matches at most one row: stop at the first.
        let row = db
            .fetch_optional(&built.sql, &built.params, &built.types)
            .await?;
        Ok(self
            .records(db, &built, row.into_iter().collect())
            .await?
            .pop())
    }

    async fn run<E: Executor>(&self, db: &mut E, built: Built) -> Result<Vec<Record>, DbError> {
        let rows = db.fetch(&built.sql, &built.params, &built.types).await?;
        self.records(db, &built, rows).await
    }

    /// The records of rows `built` selected, with their many-to-many keys when asked for.
    async fn records<E: Executor>(
        &self,
        db: &mut E,
        built: &Built,
        rows: Vec<Vec<Value>>,
    ) -> Result<Vec<Record>, DbError> {
        let width = built.width;
        let mut records: Vec<Record> = rows
            .into_iter()
            .map(|mut row| {
                quantize_row(built.fields.iter().copied(), &mut row);
                let related = row.split_off(width);
                Record {
                    row,
                    related,
                    many_to_many: Vec::new(),
                }
            })
            .collect();
        if self.many_to_many && !records.is_empty() {
            load_many_to_many(db, self.model, &mut records).await?;
        }
        Ok(records)
    }

    fn error(&self, lookup: &str, reason: impl Into<String>) -> QueryError {
        QueryError {
            model: self.model.name,
            lookup: lookup.to_string(),
            reason: reason.into(),
        }
    }

    fn build(&self, dialect: Dialect, shape: Shape) -> Result<Built, QueryError> {
        let mut sql = SqlBuilder::new(dialect);
        let mut select = Vec::new();
        let mut types = Vec::new();
        let mut fields = Vec::new();
        let counting = matches!(shape, Shape::Count);
        if !counting {
            for field in self.model.columns() {
                select.push(sql.select_expr("t0", field));
                types.push(storage_type(field));
                fields.push(field);
            }
            for path in &self.paths {
                let lookup = path.join("__");
                let resolved = resolve(self.model, path.iter().copied())
                    .map_err(|reason| self.error(&lookup, reason))?;
                let alias = sql.join(&resolved);
                select.push(sql.select_expr(&alias, resolved.field));
                types.push(storage_type(resolved.field));
                fields.push(resolved.field);
            }
        }
        let mut conditions = Vec::new();
        for (lookup, value) in &self.filters {
            let resolved = resolve(self.model, lookup.split("__"))
                .map_err(|reason| self.error(lookup, reason))?;
            let alias = sql.join(&resolved);
            let column = column_ref(&alias, resolved.field);
            let field_type = storage_type(resolved.field);
            match coerce(value.clone(), field_type) {
                Some(Value::Null) => conditions.push(format!("{column} IS NULL")),
                Some(value) => {
                    let placeholder = sql.bind(Param::new(value, field_type));
                    conditions.push(format!("{column} = {placeholder}"));
                }
                // A value that cannot be of the field's type equals no row.
                None => conditions.push("1 = 0".to_string()),
            }
        }
        for search in &self.searches {
            let mut fields = Vec::new();
            for lookup in &search.lookups {
                let (kind, path) = match lookup.chars().next() {
                    Some('^') => (SearchKind::StartsWith, &lookup[1..]),
                    Some('=') => (SearchKind::Exact, &lookup[1..]),
                    Some('@') => (SearchKind::Contains, &lookup[1..]),
                    Some('$') => (SearchKind::Regex, &lookup[1..]),
                    _ => (SearchKind::Contains, lookup.as_str()),
                };
                if kind == SearchKind::Regex && dialect == Dialect::Sqlite {
                    return Err(self.error(
                        lookup,
                        "`$` (regex) search is not supported on SQLite, which has no REGEXP",
                    ));
                }
                let resolved = resolve(self.model, path.split("__"))
                    .map_err(|reason| self.error(lookup, reason))?;
                let alias = sql.join(&resolved);
                fields.push((kind, text_expr(dialect, &alias, resolved.field)));
            }
            for term in &search.terms {
                let mut any = Vec::new();
                for (kind, expr) in &fields {
                    let condition = match kind {
                        SearchKind::Contains => {
                            let p = sql.bind(Param::text(format!("%{}%", escape_like(term))));
                            format!("LOWER({expr}) LIKE LOWER({p}) ESCAPE '\\'")
                        }
                        SearchKind::StartsWith => {
                            let p = sql.bind(Param::text(format!("{}%", escape_like(term))));
                            format!("LOWER({expr}) LIKE LOWER({p}) ESCAPE '\\'")
                        }
                        SearchKind::Exact => {
                            let p = sql.bind(Param::text(escape_like(term)));
                            format!("LOWER({expr}) LIKE LOWER({p}) ESCAPE '\\'")
                        }
                        SearchKind::Regex => {
                            let p = sql.bind(Param::text(term.clone()));
                            format!("{expr} ~* {p}")
                        }
                    };
                    any.push(condition);
                }
                conditions.push(format!("({})", any.join(" OR ")));
            }
        }
        let pk_field = self.model.pk_field();
        if let Shape::Get(pk) = &shape {
            let placeholder = sql.bind(Param::new(pk.clone(), storage_type(pk_field)));
            conditions.push(format!("{} = {placeholder}", column_ref("t0", pk_field)));
        }
        let mut order = Vec::new();
        if matches!(shape, Shape::Page { .. } | Shape::All) {
            let terms: Vec<String> = match &self.ordering {
                Some(terms) => terms.clone(),
                None => self.model.ordering.iter().map(|t| t.to_string()).collect(),
            };
            let mut has_pk = false;
            let mut last_desc = false;
            for term in &terms {
                let (desc, path) = match term.strip_prefix('-') {
                    Some(path) => (true, path),
                    None => (false, term.strip_prefix('+').unwrap_or(term)),
                };
                let resolved = resolve(self.model, path.split("__"))
                    .map_err(|reason| self.error(term, reason))?;
                has_pk |= resolved.steps.is_empty() && resolved.field.primary_key;
                last_desc = desc;
                let alias = sql.join(&resolved);
                let column = column_ref(&alias, resolved.field);
                order.push(if desc {
                    format!("{column} DESC")
                } else {
                    format!("{column} ASC")
                });
            }
            if !has_pk {
                let column = column_ref("t0", pk_field);
                order.push(if last_desc {
                    format!("{column} DESC")
                } else {
                    format!("{column} ASC")
                });
            }
        }

        let mut text = String::from("SELECT ");
        if counting {
            text.push_str("COUNT(*)");
            types.push(FieldKind::BigInteger);
        } else {
            text.push_str(&select.join(", "));
        }
        text.push_str(&format!(" FROM {} AS \"t0\"", quote(self.model.table)));
        for join in &sql.joins {
            text.push_str(&format!(
                " LEFT JOIN {} AS \"{}\" ON \"{}\".{} = \"{}\".{}",
                quote(join.table),
                join.alias,
                join.alias,
                quote(join.target_column),
                join.source_alias,
                quote(join.source_column),
            ));
        }
        if !conditions.is_empty() {
            text.push_str(" WHERE ");
            text.push_str(&conditions.join(" AND "));
        }
        if !order.is_empty() {
            text.push_str(" ORDER BY ");
            text.push_str(&order.join(", "));
        }
        if let Shape::Page { limit } = shape {
            // The page size is a literal: a bound LIMIT costs SQLite a re-prepare per call.
            let offset = sql.next_placeholder(FieldKind::BigInteger);
            text.push_str(&format!(" LIMIT {limit} OFFSET {offset}"));
        }
        Ok(Built {
            sql: text,
            params: sql.params,
            types,
            fields,
            width: self.model.columns().count(),
        })
    }
}

enum Shape {
    Count,
    Page { limit: u64 },
    All,
    Get(Value),
}

struct Built {
    sql: String,
    params: Vec<Param>,
    types: Vec<FieldKind>,
    /// The field of each selected value, for decimal places.
    fields: Vec<&'static FieldMeta>,
    /// How many of the selected values are the model's own columns.
    width: usize,
}

/// A lookup resolved against the metadata: the relation fields to join through, then the
/// field whose column holds the value.
#[derive(Debug, Clone)]
pub(crate) struct Resolved {
    /// Relation steps from the root, as field metas (each a foreign key or one-to-one).
    pub(crate) steps: Vec<&'static FieldMeta>,
    /// The final field (a column of the last model reached).
    pub(crate) field: &'static FieldMeta,
}

/// Resolves `parts` (field names) from `model`. A relation at the end stands for its own
/// column; its target's primary key after a relation is read from the relation's column, as
/// Django does, so `user_profile__id` needs no join.
pub(crate) fn resolve<'p>(
    model: &'static ModelMeta,
    parts: impl IntoIterator<Item = &'p str>,
) -> Result<Resolved, String> {
    let parts: Vec<&str> = parts.into_iter().collect();
    if parts.is_empty() || parts.iter().any(|p| p.is_empty()) {
        return Err("empty field name".to_string());
    }
    let mut current = model;
    let mut steps: Vec<&'static FieldMeta> = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let Some(field) = current.field(part) else {
            return Err(format!("{} has no field `{part}`", current.name));
        };
        if field.field_type == FieldKind::ManyToMany {
            return Err(format!(
                "`{part}` is a many-to-many field, which lookups do not follow"
            ));
        }
        if last {
            if field.primary_key && !steps.is_empty() {
                // `relation__pk` is the relation's own column.
                let relation = steps.pop().expect("steps is not empty");
                return Ok(Resolved {
                    steps,
                    field: relation,
                });
            }
            return Ok(Resolved { steps, field });
        }
        let Some(relation) = field.relation.filter(|_| field.field_type.is_relation()) else {
            return Err(format!(
                "`{part}` of {} is not a relation, so `{}` cannot follow it",
                current.name,
                parts[i + 1]
            ));
        };
        steps.push(field);
        current = (relation.to)();
    }
    unreachable!("the loop returns at the last part")
}

struct Join {
    /// Relation field names from the root model.
    path: Vec<&'static str>,
    alias: String,
    table: &'static str,
    target_column: &'static str,
    source_alias: String,
    source_column: &'static str,
}

struct SqlBuilder {
    dialect: Dialect,
    joins: Vec<Join>,
    params: Vec<Param>,
}

impl SqlBuilder {
    fn new(dialect: Dialect) -> Self {
        SqlBuilder {
            dialect,
            joins: Vec::new(),
            params: Vec::new(),
        }
    }

    /// The alias of the table holding `resolved.field`, adding the joins it needs (one per
    /// relation step, shared by every path with the same prefix).
    fn join(&mut self, resolved: &Resolved) -> String {
        let mut alias = "t0".to_string();
        let mut path: Vec<&'static str> = Vec::new();
        for step in &resolved.steps {
            path.push(step.name);
            let relation = step.relation.expect("resolved steps are relations");
            let target = (relation.to)();
            alias = match self.joins.iter().find(|j| j.path == path) {
                Some(join) => join.alias.clone(),
                None => {
                    let new_alias = format!("t{}", self.joins.len() + 1);
                    self.joins.push(Join {
                        path: path.clone(),
                        alias: new_alias.clone(),
                        table: target.table,
                        target_column: target.pk_field().column.unwrap_or("id"),
                        source_alias: alias,
                        source_column: step.column.unwrap_or(step.name),
                    });
                    new_alias
                }
            };
        }
        alias
    }

    fn bind(&mut self, param: Param) -> String {
        let field_type = param.field_type;
        self.params.push(param);
        self.dialect.placeholder(self.params.len(), field_type)
    }

    /// The placeholder of a parameter the caller appends after building.
    fn next_placeholder(&self, field_type: FieldKind) -> String {
        self.dialect.placeholder(self.params.len() + 1, field_type)
    }

    fn select_expr(&self, alias: &str, field: &FieldMeta) -> String {
        let column = column_ref(alias, field);
        if self.dialect == Dialect::Postgres && field.field_type == FieldKind::Decimal {
            // numeric has no lossless Rust type in sqlx here; the text is exact.
            format!("{column}::text")
        } else {
            column
        }
    }
}

/// `"alias"."column"`.
fn column_ref(alias: &str, field: &FieldMeta) -> String {
    format!("\"{alias}\".{}", quote(field.column.unwrap_or(field.name)))
}

/// A column as text for LIKE: PostgreSQL has no `LOWER(integer)`, so non-text columns are
/// cast, as Django's `icontains` does.
fn text_expr(dialect: Dialect, alias: &str, field: &FieldMeta) -> String {
    let column = column_ref(alias, field);
    let textual = field.field_type.is_string()
        || matches!(field.field_type, FieldKind::File | FieldKind::Image);
    if dialect == Dialect::Postgres && !textual {
        format!("{column}::text")
    } else {
        column
    }
}

/// Double-quotes an identifier (Django quotes every identifier).
pub(crate) fn quote(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}

/// The type a column is stored and bound as: a relation's column has its target's key type.
pub(crate) fn storage_type(field: &FieldMeta) -> FieldKind {
    match field.relation {
        Some(relation) if field.field_type.is_relation() => {
            match (relation.to)().pk_field().field_type {
                FieldKind::Uuid => FieldKind::Uuid,
                FieldKind::Auto => FieldKind::Integer,
                _ => FieldKind::BigInteger,
            }
        }
        _ => field.field_type,
    }
}

/// Gives every decimal of `row` its field's decimal places, as Django's converters do on
/// read (SQLite's NUMERIC affinity stores `12.50` as the real 12.5, `0.00` as the integer 0).
pub(crate) fn quantize_row<'f>(fields: impl Iterator<Item = &'f FieldMeta>, row: &mut [Value]) {
    for (field, value) in fields.zip(row.iter_mut()) {
        if let (Value::Decimal(decimal), Some(places)) = (&*value, field.decimal_places)
            && let Some(quantized) = quantize(decimal.as_str(), places as usize)
        {
            *value = Value::Decimal(quantized);
        }
    }
}

/// `Decimal.quantize` to `places` fractional digits with Python's default rounding
/// (half to even). `None` for text that is not `[-]digits[.digits]`.
pub(crate) fn quantize(text: &str, places: usize) -> Option<Decimal> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if whole.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut digits: Vec<u8> = whole.bytes().map(|b| b - b'0').collect();
    let kept = fraction.len().min(places);
    digits.extend(fraction.bytes().take(kept).map(|b| b - b'0'));
    digits.extend(std::iter::repeat_n(0, places - kept));
    let dropped = &fraction.as_bytes()[kept..];
    if let Some((&first, rest)) = dropped.split_first() {
        let first = first - b'0';
        let beyond_half = rest.iter().any(|&b| b != b'0');
        let last_odd = digits.last().is_some_and(|d| d % 2 == 1);
        if first > 5 || (first == 5 && (beyond_half || last_odd)) {
            // Carry the increment leftwards.
            let mut i = digits.len();
            loop {
                if i == 0 {
                    digits.insert(0, 1);
                    break;
                }
                i -= 1;
                if digits[i] == 9 {
                    digits[i] = 0;
                } else {
                    digits[i] += 1;
                    break;
                }
            }
        }
    }
    let split = digits.len() - places;
    let mut out = String::new();
    let whole: String = digits[..split]
        .iter()
        .map(|d| char::from(b'0' + d))
        .collect();
    let whole = whole.trim_start_matches('0');
    let is_zero = digits.iter().all(|&d| d == 0);
    if negative && !is_zero {
        out.push('-');
    }
    out.push_str(if whole.is_empty() { "0" } else { whole });
    if places > 0 {
        out.push('.');
        out.extend(digits[split..].iter().map(|d| char::from(b'0' + d)));
    }
    out.parse().ok()
}

/// Reads text (a query parameter) as a value of `field_type`; other values pass as they are.
/// `None` when the text cannot be of that type.
pub(crate) fn coerce(value: Value, field_type: FieldKind) -> Option<Value> {
    let Value::Text(text) = &value else {
        return Some(value);
    };
    let text = text.as_str();
    let parsed = match field_type {
        t if t.is_integer() => Value::Int(text.trim().parse().ok()?),
        FieldKind::Boolean => match text {
            "true" | "True" | "1" => Value::Bool(true),
            "false" | "False" | "0" => Value::Bool(false),
            _ => return None,
        },
        FieldKind::Float => Value::Float(text.trim().parse().ok()?),
        FieldKind::Decimal => Value::Decimal(text.trim().parse::<Decimal>().ok()?),
        FieldKind::Uuid => Value::Uuid(Uuid::parse_str(text.trim()).ok()?),
        FieldKind::Date => Value::Date(Date::parse_from_str(text.trim(), "%Y-%m-%d").ok()?),
        FieldKind::Time => Value::Time(Time::parse_from_str(text.trim(), "%H:%M:%S%.f").ok()?),
        FieldKind::DateTime => Value::DateTime(
            chrono::DateTime::parse_from_rfc3339(text.trim())
                .ok()?
                .with_timezone(&chrono::Utc),
        ),
        _ => value,
    };
    Some(parsed)
}

/// Escapes LIKE's wildcards (and the escape character) so a term matches literally.
fn escape_like(term: &str) -> String {
    let mut escaped = String::with_capacity(term.len());
    for c in term.chars() {
        if matches!(c, '\\' | '%' | '_') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// The most terms a `?search=` may have. Each term is one condition per search field with a
/// bound parameter each, and databases cap parameters per statement (SQLite at 32,766), so an
/// unbounded list would turn a long URL into a server error or a very slow query. DRF has no
/// such limit; no person types 64 words into a search box.
pub const MAX_SEARCH_TERMS: usize = 64;

/// DRF 3.15+'s `search_smart_split`: split on whitespace (Django's `smart_split` keeps quoted
/// phrases together), then on commas outside quotes; null characters are dropped first.
pub fn search_terms(text: &str) -> Vec<String> {
    let text = text.replace('\0', "");
    let mut terms = Vec::new();
    for token in smart_split(&text) {
        let token = token.trim_matches(',');
        let quoted = token.len() >= 2
            && (token.starts_with('"') || token.starts_with('\''))
            && token.ends_with(&token[..1]);
        if quoted {
            let inner = &token[1..token.len() - 1];
            let quote = &token[..1];
            terms.push(
                inner
                    .replace(&format!("\\{quote}"), quote)
                    .replace("\\\\", "\\"),
            );
        } else {
            for part in token.split(',') {
                let part = part.trim();
                if !part.is_empty() {
                    terms.push(part.to_string());
                }
            }
        }
    }
    terms
}

/// Django's `smart_split`: whitespace-separated tokens, where a quoted run (with backslash
/// escapes) belongs to its token.
fn smart_split(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                current.push(c);
                if c == '\\' {
                    if let Some(next) = chars.next() {
                        current.push(next);
                    }
                } else if c == q {
                    quote = None;
                }
            }
            None if c.is_whitespace() => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            None => {
                if c == '"' || c == '\'' {
                    quote = Some(c);
                }
                current.push(c);
            }
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

/// A many-to-many field's join table: Django's auto-created through model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinTable {
    /// `<table>_<field>`, shortened past 63 characters as Django does.
    pub table: String,
    /// `<model>_id` (`from_<model>_id` when the field points at its own model).
    pub source: String,
    /// `<target>_id` (`to_<model>_id` when the field points at its own model).
    pub target: String,
    /// The key type of the source and target columns.
    pub source_type: FieldKind,
    pub target_type: FieldKind,
}

/// The join table of many-to-many `field` of `model`; `None` when the field is not one.
pub fn join_table(model: &'static ModelMeta, field: &FieldMeta) -> Option<JoinTable> {
    if field.field_type != FieldKind::ManyToMany {
        return None;
    }
    let target = (field.relation?.to)();
    let (source, target_column) = if target.table == model.table {
        (
            format!("from_{}_id", model.model_name),
            format!("to_{}_id", target.model_name),
        )
    } else {
        (
            format!("{}_id", model.model_name),
            format!("{}_id", target.model_name),
        )
    };
    let key_type = |m: &ModelMeta| match m.pk_field().field_type {
        FieldKind::Uuid => FieldKind::Uuid,
        FieldKind::Auto => FieldKind::Integer,
        _ => FieldKind::BigInteger,
    };
    Some(JoinTable {
        table: restforge_core::names::truncate_name(
            &format!("{}_{}", model.table, field.name),
            Some(restforge_core::names::POSTGRES_MAX_NAME_LENGTH),
        ),
        source,
        target: target_column,
        source_type: key_type(model),
        target_type: key_type(target),
    })
}

async fn load_many_to_many<E: Executor>(
    db: &mut E,
    model: &'static ModelMeta,
    records: &mut [Record],
) -> Result<(), DbError> {
    let dialect = db.dialect();
    let pks: Vec<Value> = records.iter().map(|r| r.pk(model).clone()).collect();
    for field in model.fields {
        let Some(join) = join_table(model, field) else {
            continue;
        };
        let mut params = Vec::with_capacity(pks.len());
        let mut placeholders = Vec::with_capacity(pks.len());
        for pk in &pks {
            params.push(Param::new(pk.clone(), join.source_type));
            placeholders.push(dialect.placeholder(params.len(), join.source_type));
        }
        // Django reads `obj.tags.all()`: the related model's `Meta.ordering` decides the order
        // (its plain fields; the join table's rows break ties and stand in without one).
        let target = field.relation.map(|r| (r.to)());
        let ordering: Vec<String> = target
            .map(|target| {
                target
                    .ordering
                    .iter()
                    .map_while(|term| {
                        let (name, direction) = match term.strip_prefix('-') {
                            Some(name) => (name, "DESC"),
                            None => (*term, "ASC"),
                        };
                        let field = match name {
                            "pk" => Some(target.pk_field()),
                            name => target.field(name),
                        }?;
                        let column = field.column.filter(|_| !field.field_type.is_relation())?;
                        Some(format!("\"t\".{} {direction}", quote(column)))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let sql = match target.filter(|_| !ordering.is_empty()) {
            Some(target) => format!(
                "SELECT \"j\".{}, \"j\".{} FROM {} \"j\" INNER JOIN {} \"t\" ON \"t\".{} = \"j\".{} \
                 WHERE \"j\".{} IN ({}) ORDER BY {}, \"j\".{}",
                quote(&join.source),
                quote(&join.target),
                quote(&join.table),
                quote(target.table),
                quote(target.pk_field().column.unwrap_or("id")),
                quote(&join.target),
                quote(&join.source),
                placeholders.join(", "),
                ordering.join(", "),
                quote("id"),
            ),
            None => format!(
                "SELECT {}, {} FROM {} WHERE {} IN ({}) ORDER BY {}",
                quote(&join.source),
                quote(&join.target),
                quote(&join.table),
                quote(&join.source),
                placeholders.join(", "),
                quote("id"),
            ),
        };
        let rows = db
            .fetch(&sql, &params, &[join.source_type, join.target_type])
            .await?;
        for (record, pk) in records.iter_mut().zip(&pks) {
            let keys = rows
                .iter()
                .filter(|row| &row[0] == pk)
                .map(|row| row[1].clone())
                .collect();
            record.many_to_many.push((field.name, keys));
        }
    }
    Ok(())
}

/// The path whose value is a model's display (Django's `__str__`), resolved through
/// relations. See [`display_path`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DisplayPath {
    /// The display is the value at this path (a non-relation field).
    Field(Vec<&'static str>),
    /// The model has no display: Django's `"<Model> object (<pk>)"`, with the primary key
    /// read at `path` (a relation's own column when the model is reached through one).
    Default {
        model: &'static str,
        path: Vec<&'static str>,
    },
}

impl DisplayPath {
    /// The field path to select (with [`Query::select_path`]).
    pub fn path(&self) -> &[&'static str] {
        match self {
            DisplayPath::Field(path) | DisplayPath::Default { path, .. } => path,
        }
    }

    /// The same display reached through relation `field` first (for a string-related field:
    /// `user` of Profile → `["user", "username"]`). A default display's key path becomes
    /// `["field", "id"]`, which [`Query`] reads from the relation's own column, without a join.
    pub fn through(self, field: &'static str) -> DisplayPath {
        let prefix = |path: Vec<&'static str>| {
            let mut full = Vec::with_capacity(path.len() + 1);
            full.push(field);
            full.extend(path);
            full
        };
        match self {
            DisplayPath::Field(path) => DisplayPath::Field(prefix(path)),
            DisplayPath::Default { model, path } => DisplayPath::Default {
                model,
                path: prefix(path),
            },
        }
    }

    /// The display text for the value selected at [`DisplayPath::path`], as Python's `str`.
    ///
    /// ```
    /// use restforge::db::query::DisplayPath;
    /// use restforge::core::value::Value;
    ///
    /// let default = DisplayPath::Default { model: "Profile", path: vec!["id"] };
    /// assert_eq!(default.render(&Value::Int(3)), "Profile object (3)");
    /// ```
    pub fn render(&self, value: &Value) -> String {
        match self {
            DisplayPath::Field(_) => python_str(value),
            DisplayPath::Default { model, .. } => {
                format!("{model} object ({})", python_str(value))
            }
        }
    }
}

/// The path whose value is a model's display (`__str__`), resolved through relations:
/// ProfileStatus (display `user_profile`) → `["user_profile", "user", "username"]`.
/// A model without `display` shows `"<Model> object (<pk>)"`: [`DisplayPath::Default`].
pub fn display_path(model: &'static ModelMeta) -> DisplayPath {
    display_path_at(model, 0)
}

fn display_path_at(model: &'static ModelMeta, depth: usize) -> DisplayPath {
    let default = || DisplayPath::Default {
        model: model.name,
        path: vec![model.pk_field().name],
    };
    // Displays that point at each other in a cycle would recurse forever; Django would
    // too, so stop at a depth no real model reaches and show the default.
    let Some(display) = model.display.filter(|_| depth < 16) else {
        return default();
    };
    let mut current = model;
    let mut path = Vec::new();
    for (i, part) in display.iter().enumerate() {
        let Some(field) = current.field(part) else {
            return default();
        };
        path.push(field.name);
        let last = i + 1 == display.len();
        match field.relation {
            Some(relation) if field.field_type.is_relation() => {
                if field.field_type == FieldKind::ManyToMany {
                    return default();
                }
                let target = (relation.to)();
                if last {
                    let mut inner = display_path_at(target, depth + 1);
                    for name in path.iter().rev() {
                        inner = inner.through(name);
                    }
                    return inner;
                }
                current = target;
            }
            _ if last => return DisplayPath::Field(path),
            _ => return default(),
        }
    }
    default()
}

/// Python's `str()` of a value as Django would show it in `__str__`.
pub fn python_str(value: &Value) -> String {
    match value {
        Value::Null => "None".to_string(),
        Value::Bool(true) => "True".to_string(),
        Value::Bool(false) => "False".to_string(),
        Value::Int(n) => n.to_string(),
        Value::Float(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e16 => {
            format!("{f:.1}")
        }
        Value::Float(f) => f.to_string(),
        Value::Text(text) => text.clone(),
        Value::Decimal(d) => d.to_string(),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        Value::DateTime(dt) => python_datetime(dt),
        Value::Time(t) => {
            use chrono::Timelike;
            if t.nanosecond() / 1_000 == 0 {
                t.format("%H:%M:%S").to_string()
            } else {
                t.format("%H:%M:%S%.6f").to_string()
            }
        }
        Value::Duration(d) => python_timedelta(d),
        Value::Uuid(u) => u.hyphenated().to_string(),
        Value::Json(j) => j.to_string(),
    }
}

fn python_datetime(dt: &DateTime) -> String {
    use chrono::Timelike;
    if dt.nanosecond() / 1_000 == 0 {
        dt.format("%Y-%m-%d %H:%M:%S+00:00").to_string()
    } else {
        dt.format("%Y-%m-%d %H:%M:%S%.6f+00:00").to_string()
    }
}

/// Python's `str(timedelta)`: `[-]D day[s], H:MM:SS[.ffffff]`, days carrying the sign.
fn python_timedelta(d: &chrono::TimeDelta) -> String {
    let micros = d.num_microseconds().unwrap_or(i64::MAX);
    let days = micros.div_euclid(86_400_000_000);
    let rest = micros.rem_euclid(86_400_000_000);
    let (seconds, fraction) = (rest / 1_000_000, rest % 1_000_000);
    let clock = format!(
        "{}:{:02}:{:02}",
        seconds / 3600,
        (seconds / 60) % 60,
        seconds % 60
    );
    let clock = if fraction == 0 {
        clock
    } else {
        format!("{clock}.{fraction:06}")
    };
    match days {
        0 => clock,
        1 | -1 => format!("{days} day, {clock}"),
        _ => format!("{days} days, {clock}"),
    }
}

/// The profiles app's models and a migrated database on each available backend, shared by
/// the data layer's tests.
#[cfg(test)]
pub(crate) mod fixtures {
    use crate::contrib::auth::User;
    use crate::contrib::auth::password::make_password_with;
    use crate::contrib::users::{self, AuthUser, NewUser};
    use crate::db::{Database, Dialect, Migrations};
    use crate::prelude::*;

    /// A user's public profile, created with the user.
    #[derive(Debug, Clone, PartialEq, Model)]
    #[restforge(app = "profiles", display = "user.username")]
    pub struct Profile {
        pub id: i64,
        #[restforge(on_delete = "cascade")]
        pub user: OneToOne<User>,
        #[restforge(max_length = 240, blank)]
        pub bio: String,
        #[restforge(max_length = 30, blank)]
        pub city: String,
        #[restforge(image, null, blank, upload_to = "avatars/")]
        pub avatar: Option<FieldFile>,
    }

    /// A short status update posted by a profile.
    #[derive(Debug, Clone, PartialEq, Model)]
    #[restforge(
        app = "profiles",
        verbose_name_plural = "statuses",
        display = "user_profile"
    )]
    pub struct ProfileStatus {
        pub id: i64,
        #[restforge(on_delete = "cascade")]
        pub user_profile: ForeignKey<Profile>,
        #[restforge(max_length = 240)]
        pub status_content: String,
        #[restforge(auto_now_add)]
        pub created_at: DateTime,
        #[restforge(auto_now)]
        pub updated_at: DateTime,
    }

    /// Protects the profile it belongs to.
    #[derive(Debug, Clone, PartialEq, Model)]
    #[restforge(app = "profiles")]
    pub struct Badge {
        pub id: i64,
        #[restforge(on_delete = "protect")]
        pub profile: ForeignKey<Profile>,
    }

    /// Survives its status, which it forgets.
    #[derive(Debug, Clone, PartialEq, Model)]
    #[restforge(app = "profiles")]
    pub struct Comment {
        pub id: i64,
        #[restforge(on_delete = "set_null", null)]
        pub status: Option<ForeignKey<ProfileStatus>>,
        #[restforge(max_length = 20, default = "hello")]
        pub text: String,
    }

    /// Unique together, a unique field, a many-to-many field; no display.
    #[derive(Debug, Clone, PartialEq, Model)]
    #[restforge(app = "profiles", unique_together(code, season))]
    pub struct Team {
        pub id: i64,
        #[restforge(max_length = 20, unique)]
        pub name: String,
        #[restforge(max_length = 5)]
        pub code: String,
        pub season: i32,
        pub members: ManyToMany<Profile>,
        #[restforge(max_digits = 8, decimal_places = 2, default = 0)]
        pub budget: Decimal,
    }

    /// A UUID primary key, cascading from its holder.
    #[derive(Debug, Clone, PartialEq, Model)]
    #[restforge(app = "profiles", display = "code")]
    pub struct Ticket {
        pub id: Uuid,
        #[restforge(on_delete = "cascade")]
        pub holder: ForeignKey<Profile>,
        #[restforge(max_length = 10)]
        pub code: String,
    }

    const EXTRA_SQLITE: &str = r#"
CREATE TABLE "profiles_badge" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "profile_id" bigint NOT NULL REFERENCES "profiles_profile" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "profiles_comment" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "status_id" bigint NULL REFERENCES "profiles_profilestatus" ("id") DEFERRABLE INITIALLY DEFERRED, "text" varchar(20) NOT NULL);
CREATE TABLE "profiles_team" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(20) NOT NULL UNIQUE, "code" varchar(5) NOT NULL, "season" integer NOT NULL, "budget" decimal NOT NULL, UNIQUE ("code", "season"));
CREATE TABLE "profiles_ticket" ("id" char(32) NOT NULL PRIMARY KEY, "holder_id" bigint NOT NULL REFERENCES "profiles_profile" ("id") DEFERRABLE INITIALLY DEFERRED, "code" varchar(10) NOT NULL);
CREATE TABLE "profiles_team_members" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "team_id" bigint NOT NULL REFERENCES "profiles_team" ("id") DEFERRABLE INITIALLY DEFERRED, "profile_id" bigint NOT NULL REFERENCES "profiles_profile" ("id") DEFERRABLE INITIALLY DEFERRED, UNIQUE ("team_id", "profile_id"));
"#;

    const EXTRA_POSTGRES: &str = r#"
CREATE TABLE "profiles_badge" ("id" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "profile_id" bigint NOT NULL REFERENCES "profiles_profile" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "profiles_comment" ("id" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "status_id" bigint NULL REFERENCES "profiles_profilestatus" ("id") DEFERRABLE INITIALLY DEFERRED, "text" varchar(20) NOT NULL);
CREATE TABLE "profiles_team" ("id" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "name" varchar(20) NOT NULL UNIQUE, "code" varchar(5) NOT NULL, "season" integer NOT NULL, "budget" numeric(8, 2) NOT NULL, UNIQUE ("code", "season"));
CREATE TABLE "profiles_ticket" ("id" uuid NOT NULL PRIMARY KEY, "holder_id" bigint NOT NULL REFERENCES "profiles_profile" ("id") DEFERRABLE INITIALLY DEFERRED, "code" varchar(10) NOT NULL);
CREATE TABLE "profiles_team_members" ("id" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "team_id" bigint NOT NULL REFERENCES "profiles_team" ("id") DEFERRABLE INITIALLY DEFERRED, "profile_id" bigint NOT NULL REFERENCES "profiles_profile" ("id") DEFERRABLE INITIALLY DEFERRED, UNIQUE ("team_id", "profile_id"));
"#;

    /// The example project's migrations, plus the tables of the extra test models.
    pub fn migrations() -> Migrations {
        Migrations::new()
            .sqlite(
                1,
                "auth",
                include_str!("../../../examples/profiles/migrations/sqlite/0001_auth.sql"),
            )
            .sqlite(
                2,
                "profiles_initial",
                include_str!(
                    "../../../examples/profiles/migrations/sqlite/0002_profiles_initial.sql"
                ),
            )
            .sqlite(3, "test_models", EXTRA_SQLITE)
            .postgres(
                1,
                "auth",
                include_str!("../../../examples/profiles/migrations/postgres/0001_auth.sql"),
            )
            .postgres(
                2,
                "profiles_initial",
                include_str!(
                    "../../../examples/profiles/migrations/postgres/0002_profiles_initial.sql"
                ),
            )
            .postgres(3, "test_models", EXTRA_POSTGRES)
    }

    /// The app's receivers: a profile for every new user, as the example's signals.rs.
    pub fn signals() -> Signals {
        let mut signals = Signals::new();
        for model in [
            Profile::meta(),
            ProfileStatus::meta(),
            Badge::meta(),
            Comment::meta(),
            Team::meta(),
            Ticket::meta(),
        ] {
            signals.register_model(model);
        }
        signals.connect(
            Signal::post_save::<User>()
                .created_only()
                .create_related::<Profile>("user"),
        );
        signals
    }

    /// A migrated database, dropped by [`TestDb::finish`].
    pub struct TestDb {
        pub db: Database,
        admin: Option<(Database, String)>,
        _dir: Option<tempfile::TempDir>,
    }

    impl TestDb {
        pub async fn finish(self) {
            self.db.close().await;
            if let Some((admin, name)) = self.admin {
                admin
                    .execute(&format!("DROP DATABASE IF EXISTS \"{name}\""), &[])
                    .await
                    .unwrap();
                admin.close().await;
            }
        }
    }

    /// A SQLite file database always; a fresh PostgreSQL database too when
    /// `DATABASE_URL_POSTGRES` is set.
    pub async fn databases() -> Vec<TestDb> {
        use std::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let db = Database::connect(&url).await.unwrap();
        db.apply(&migrations()).await.unwrap();
        let mut all = vec![TestDb {
            db,
            admin: None,
            _dir: Some(dir),
        }];
        match std::env::var("DATABASE_URL_POSTGRES") {
            Ok(url) => {
                let admin = Database::connect_with(&url, Some(1)).await.unwrap();
                let name = format!("rf_data_{}_{n}", std::process::id());
                admin
                    .execute(&format!("DROP DATABASE IF EXISTS \"{name}\""), &[])
                    .await
                    .unwrap();
                admin
                    .execute(&format!("CREATE DATABASE \"{name}\""), &[])
                    .await
                    .unwrap();
                let base = url.split('?').next().unwrap();
                let cut = base.rfind('/').unwrap();
                let db = Database::connect(&format!("{}/{name}", &base[..cut]))
                    .await
                    .unwrap();
                db.apply(&migrations()).await.unwrap();
                assert_eq!(db.dialect(), Dialect::Postgres);
                all.push(TestDb {
                    db,
                    admin: Some((admin, name)),
                    _dir: None,
                });
            }
            Err(_) => eprintln!("postgres part skipped: DATABASE_URL_POSTGRES is not set"),
        }
        all
    }

    /// A user with a cheap password hash (1000 rounds: tests need not wait for a million).
    pub async fn user(db: &Database, signals: &Signals, name: &str) -> AuthUser {
        users::create_with_hash(
            db,
            signals,
            &NewUser {
                username: name,
                email: "someone@Example.COM",
                ..NewUser::default()
            },
            make_password_with("pw", "abcdefghijklmnopqrstuv", 1000),
        )
        .await
        .unwrap()
    }

    /// The profile of a user.
    pub async fn profile_of(db: &Database, user: &AuthUser) -> Profile {
        let record = super::Query::new(Profile::meta())
            .filter_eq("user", Value::Int(user.id))
            .fetch_all(db)
            .await
            .unwrap()
            .pop()
            .expect("the signal made a profile");
        Profile::from_row(record.row).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{self, Profile, ProfileStatus, Team, Ticket};
    use super::*;
    use crate::core::model::Model;
    use crate::db::objects::Writer;

    #[test]
    fn display_paths_follow_relations_to_a_plain_field() {
        assert_eq!(
            display_path(ProfileStatus::meta()),
            DisplayPath::Field(vec!["user_profile", "user", "username"])
        );
        assert_eq!(
            display_path(Profile::meta()),
            DisplayPath::Field(vec!["user", "username"])
        );
        // No display: Django's default, "<Model> object (<pk>)".
        let team = display_path(Team::meta());
        assert_eq!(
            team,
            DisplayPath::Default {
                model: "Team",
                path: vec!["id"]
            }
        );
        let through = team.clone().through("team").through("club");
        assert_eq!(through.path(), ["club", "team", "id"]);
        assert_eq!(through.render(&Value::Int(4)), "Team object (4)");
    }

    #[test]
    fn decimals_are_quantized_half_to_even() {
        let q = |text: &str, places| quantize(text, places).map(|d| d.to_string());
        assert_eq!(q("0", 2).as_deref(), Some("0.00"));
        assert_eq!(q("12.5", 2).as_deref(), Some("12.50"));
        assert_eq!(q("1.005", 2).as_deref(), Some("1.00"));
        assert_eq!(q("1.015", 2).as_deref(), Some("1.02"));
        assert_eq!(q("1.0051", 2).as_deref(), Some("1.01"));
        assert_eq!(q("-9.999", 2).as_deref(), Some("-10.00"));
        assert_eq!(q("-0.001", 2).as_deref(), Some("0.00"));
        assert_eq!(q("7.6", 0).as_deref(), Some("8"));
        assert_eq!(q("1e3", 2), None);
    }

    #[test]
    fn search_terms_split_like_drf() {
        assert_eq!(search_terms("  a, b  c,,d "), ["a", "b", "c", "d"]);
        assert_eq!(search_terms("\"new york\" ny"), ["new york", "ny"]);
        assert_eq!(search_terms("a\0b"), ["ab"]);
        assert!(search_terms(" , ").is_empty());
        assert_eq!(escape_like("50%_off\\"), "50\\%\\_off\\\\");
    }

    #[test]
    fn page_sql_joins_once_per_step_and_writes_limit_as_a_literal() {
        let query = Query::new(ProfileStatus::meta())
            .select_path(vec!["user_profile", "user", "username"])
            .filter_eq("user_profile__user__username", Value::Text("a".into()))
            .order_by(&["-created_at"]);
        let sql = query.page_sql(Dialect::Sqlite, 20).unwrap();
        assert_eq!(sql.matches("LEFT JOIN").count(), 2, "{sql}");
        assert!(
            sql.ends_with(
                "ORDER BY \"t0\".\"created_at\" DESC, \"t0\".\"id\" DESC LIMIT 20 OFFSET ?"
            ),
            "{sql}"
        );
        let pg = query.page_sql(Dialect::Postgres, 20).unwrap();
        assert!(
            pg.contains("= $1") && pg.ends_with("LIMIT 20 OFFSET $2"),
            "{pg}"
        );
        // `user_profile__id` reads the foreign key column: no join.
        let direct = Query::new(ProfileStatus::meta())
            .select_path(vec!["user_profile", "id"])
            .filter_eq("user_profile__id", Value::Int(1))
            .page_sql(Dialect::Sqlite, 5)
            .unwrap();
        assert!(!direct.contains("JOIN"), "{direct}");
    }

    #[test]
    fn unknown_paths_are_errors_not_panics() {
        let error = Query::new(ProfileStatus::meta())
            .filter_eq("user_profile__nope", Value::Int(1))
            .validate()
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid lookup `user_profile__nope` on ProfileStatus: Profile has no field `nope`"
        );
        assert!(
            Query::new(ProfileStatus::meta())
                .order_by(&["-status_content__x"])
                .validate()
                .is_err()
        );
        assert!(
            Query::new(Team::meta())
                .search(&["members__bio"], "x")
                .validate()
                .is_err()
        );
        assert!(
            Query::new(Team::meta())
                .select_path(vec![])
                .validate()
                .is_err()
        );
        let regex = Query::new(Team::meta()).search(&["$name"], "x");
        assert!(regex.validate().is_err());
        assert!(regex.page_sql(Dialect::Postgres, 1).unwrap().contains("~*"));
    }

    #[tokio::test]
    async fn lists_filter_search_order_count_and_page() {
        for test in fixtures::databases().await {
            let db = &test.db;
            let signals = fixtures::signals();
            let writer = Writer::new(db, &signals);
            let alice = fixtures::user(db, &signals, "alice").await;
            let bob = fixtures::user(db, &signals, "bob").await;
            let alice_profile = fixtures::profile_of(db, &alice).await;
            let bob_profile = fixtures::profile_of(db, &bob).await;
            let status = ProfileStatus::meta();
            let texts = ["Hello World", "50% off_sale", "hello again", "other"];
            for (i, text) in texts.iter().enumerate() {
                let profile = if i < 3 {
                    alice_profile.id
                } else {
                    bob_profile.id
                };
                writer
                    .create(
                        status,
                        vec![
                            ("user_profile", Value::Int(profile)),
                            ("status_content", Value::Text(text.to_string())),
                        ],
                    )
                    .await
                    .unwrap();
            }

            let list = Query::new(status)
                .select_path(vec!["user_profile", "user", "username"])
                .order_by(&["-created_at"]);
            assert_eq!(list.count(db).await.unwrap(), 4);
            // The page with each row's display is one statement.
            let before = db.statements_executed();
            let page = list.fetch_page(db, 0, 3).await.unwrap();
            assert_eq!(db.statements_executed() - before, 1);
            assert_eq!(page.len(), 3);
            // Newest first; created in one burst, ties fall back to the pk, descending.
            let ids: Vec<Value> = page.iter().map(|r| r.pk(status).clone()).collect();
            assert_eq!(ids, [Value::Int(4), Value::Int(3), Value::Int(2)]);
            assert_eq!(page[0].related, [Value::Text("bob".into())]);
            let second = list.fetch_page(db, 3, 3).await.unwrap();
            assert_eq!(second.len(), 1);
            let row = ProfileStatus::from_row(second[0].row.clone()).unwrap();
            assert_eq!(row.status_content, "Hello World");

            let by_alice = Query::new(status)
                .filter_eq("user_profile__user__username", Value::Text("alice".into()));
            assert_eq!(by_alice.count(db).await.unwrap(), 3);
            let nobody = Query::new(status)
                .filter_eq("user_profile__user__username", Value::Text("carol".into()));
            assert_eq!(nobody.count(db).await.unwrap(), 0);
            // A query parameter's text for an integer column is parsed; junk matches nothing.
            let by_fk = Query::new(status)
                .filter_eq("user_profile", Value::Text(bob_profile.id.to_string()));
            assert_eq!(by_fk.count(db).await.unwrap(), 1);
            let junk = Query::new(status).filter_eq("user_profile", Value::Text("x".into()));
            assert_eq!(junk.count(db).await.unwrap(), 0);

            let search = |lookups: &'static [&'static str], terms: &str| {
                Query::new(status).search(lookups, terms)
            };
            assert_eq!(
                search(&["status_content"], "HELLO")
                    .count(db)
                    .await
                    .unwrap(),
                2
            );
            assert_eq!(
                search(&["status_content"], "hello world")
                    .count(db)
                    .await
                    .unwrap(),
                1
            );
            // `%` and `_` are literal characters, not wildcards.
            assert_eq!(
                search(&["status_content"], "0%").count(db).await.unwrap(),
                1
            );
            assert_eq!(
                search(&["status_content"], "f_s").count(db).await.unwrap(),
                1
            );
            assert_eq!(
                search(&["status_content"], "o_h").count(db).await.unwrap(),
                0
            );
            assert_eq!(
                search(&["^status_content"], "hel").count(db).await.unwrap(),
                2
            );
            assert_eq!(
                search(&["^status_content"], "world")
                    .count(db)
                    .await
                    .unwrap(),
                0
            );
            assert_eq!(
                search(&["=status_content"], "OTHER")
                    .count(db)
                    .await
                    .unwrap(),
                1
            );
            assert_eq!(
                search(&["=status_content"], "othe")
                    .count(db)
                    .await
                    .unwrap(),
                0
            );
            // Any lookup may match a term, through relations too.
            let either = search(&["status_content", "user_profile__user__username"], "bob");
            assert_eq!(either.count(db).await.unwrap(), 1);
            let rows = either.fetch_all(db).await.unwrap();
            assert_eq!(
                rows[0].get(status, "status_content"),
                Some(&Value::Text("other".into()))
            );

            let ordered = Query::new(status)
                .select_path(vec!["user_profile", "user", "username"])
                .order_by(&["user_profile__user__username", "-status_content"]);
            let names: Vec<Value> = ordered
                .fetch_all(db)
                .await
                .unwrap()
                .into_iter()
                .map(|r| r.row[2].clone())
                .collect();
            assert_eq!(
                names,
                ["hello again", "Hello World", "50% off_sale", "other"]
                    .map(|t| Value::Text(t.into()))
            );

            // Filters apply to a detail too, as DRF's get_object filters the queryset.
            assert!(by_alice.get(db, &Value::Int(4)).await.unwrap().is_none());
            let found = by_alice.get(db, &Value::Int(1)).await.unwrap().unwrap();
            assert_eq!(found.pk(status), &Value::Int(1));
            assert!(
                Query::new(status)
                    .get(db, &Value::Text("nope".into()))
                    .await
                    .unwrap()
                    .is_none()
            );

            let error = Query::new(status)
                .filter_eq("nope", Value::Int(1))
                .count(db)
                .await
                .unwrap_err();
            assert!(matches!(error, DbError::Query(_)));
            test.finish().await;
        }
    }

    #[tokio::test]
    async fn decimals_uuids_and_non_text_search_work_on_every_backend() {
        for test in fixtures::databases().await {
            let db = &test.db;
            let signals = fixtures::signals();
            let writer = Writer::new(db, &signals);
            let team = Team::meta();
            let created = writer
                .create(
                    team,
                    vec![
                        ("name", Value::Text("red".into())),
                        ("code", Value::Text("R".into())),
                        ("season", Value::Int(2024)),
                    ],
                )
                .await
                .unwrap();
            let read = Team::from_row(created).unwrap();
            // Django's DecimalField keeps its decimal places on every database.
            assert_eq!(read.budget.as_str(), "0.00");
            let priced = writer
                .update(
                    team,
                    &Value::Int(read.id),
                    vec![("budget", Value::Text("12.50".into()))],
                )
                .await
                .unwrap();
            assert_eq!(Team::from_row(priced).unwrap().budget.as_str(), "12.50");
            let listed = Query::new(team).fetch_all(db).await.unwrap();
            assert_eq!(
                listed[0].get(team, "budget"),
                Some(&Value::Decimal("12.50".parse().unwrap()))
            );
            let by_budget = Query::new(team).filter_eq("budget", Value::Text("12.50".into()));
            assert_eq!(by_budget.count(db).await.unwrap(), 1);
            // Search through an integer column (cast to text on PostgreSQL).
            assert_eq!(
                Query::new(team)
                    .search(&["season"], "02")
                    .count(db)
                    .await
                    .unwrap(),
                1
            );
            assert_eq!(
                Query::new(team)
                    .search(&["=season"], "2024")
                    .count(db)
                    .await
                    .unwrap(),
                1
            );

            let user = fixtures::user(db, &signals, "alice").await;
            let profile = fixtures::profile_of(db, &user).await;
            let ticket = writer
                .create(
                    Ticket::meta(),
                    vec![
                        ("holder", Value::Int(profile.id)),
                        ("code", Value::Text("T-1".into())),
                    ],
                )
                .await
                .unwrap();
            let ticket = Ticket::from_row(ticket).unwrap();
            assert_eq!(ticket.id.get_version_num(), 4);
            let found = Query::new(Ticket::meta())
                .select_path(vec!["holder", "user", "username"])
                .get(db, &Value::Text(ticket.id.to_string()))
                .await
                .unwrap()
                .unwrap();
            assert_eq!(found.related, [Value::Text("alice".into())]);
            writer
                .delete(crate::contrib::auth::User::meta(), &Value::Int(user.id))
                .await
                .unwrap();
            assert_eq!(Query::new(Ticket::meta()).count(db).await.unwrap(), 0);
            test.finish().await;
        }
    }

    #[tokio::test]
    async fn many_to_many_keys_load_with_one_statement_per_field() {
        for test in fixtures::databases().await {
            let db = &test.db;
            let signals = fixtures::signals();
            let writer = Writer::new(db, &signals);
            let a = fixtures::user(db, &signals, "a").await;
            let b = fixtures::user(db, &signals, "b").await;
            let (pa, pb) = (
                fixtures::profile_of(db, &a).await.id,
                fixtures::profile_of(db, &b).await.id,
            );
            let team = Team::meta();
            let red = writer
                .create_with(
                    team,
                    vec![
                        ("name", Value::Text("red".into())),
                        ("code", Value::Text("R".into())),
                        ("season", Value::Int(1)),
                    ],
                    vec![(
                        "members",
                        vec![Value::Int(pb), Value::Int(pa), Value::Int(pb)],
                    )],
                )
                .await
                .unwrap();
            writer
                .create(
                    team,
                    vec![
                        ("name", Value::Text("blue".into())),
                        ("code", Value::Text("B".into())),
                        ("season", Value::Int(1)),
                    ],
                )
                .await
                .unwrap();
            let before = db.statements_executed();
            let rows = Query::new(team)
                .order_by(&["name"])
                .with_many_to_many()
                .fetch_all(db)
                .await
                .unwrap();
            assert_eq!(db.statements_executed() - before, 2);
            assert_eq!(rows[0].many_to_many, [("members", vec![])]);
            assert_eq!(
                rows[1].many_to_many,
                [("members", vec![Value::Int(pb), Value::Int(pa)])]
            );
            writer
                .update_with(
                    team,
                    &red[0],
                    vec![],
                    vec![("members", vec![Value::Int(pa)])],
                )
                .await
                .unwrap();
            let red_row = Query::new(team)
                .with_many_to_many()
                .get(db, &red[0])
                .await
                .unwrap()
                .unwrap();
            assert_eq!(red_row.many_to_many, [("members", vec![Value::Int(pa)])]);
            test.finish().await;
        }
    }
}
