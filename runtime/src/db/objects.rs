//! [`Writer`]: create, update and delete rows with Django's semantics — defaults,
//! `auto_now`/`auto_now_add`, many-to-many join tables, `on_delete` rules carried out by the
//! application (the DDL has no `ON DELETE`, as Django's) — each write and the signal
//! receivers it triggers in one transaction.
//!
//! ```no_run
//! # async fn demo(db: &restforge::db::Database, signals: &restforge::db::signals::Signals,
//! #     status: &'static restforge::core::model::ModelMeta) -> Result<(), restforge::db::objects::WriteError> {
//! use restforge::db::objects::Writer;
//! use restforge::core::value::Value;
//!
//! let writer = Writer::new(db, signals);
//! let row = writer
//!     .create(status, vec![("user_profile", Value::Int(1)), ("status_content", Value::Text("hi".into()))])
//!     .await?; // created_at and updated_at are now
//! writer.update(status, &row[0], vec![("status_content", Value::Text("edited".into()))]).await?;
//! writer.delete(status, &row[0]).await?;
//! # Ok(()) }
//! ```
//!
//! Uniqueness: DRF validates unique fields in the serializer before saving; [`unique_conflicts`]
//! is that check (one statement for every constraint). The writer itself does not pre-check:
//! when the database reports a unique violation, it rolls back and names the fields with the
//! same check, so the happy path costs nothing extra.

use std::future::Future;
use std::pin::Pin;

use crate::core::model::{FieldKind, FieldMeta, ModelMeta, OnDelete};
use crate::core::types::Uuid;
use crate::core::value::Value;
use crate::db::query::{coerce, join_table, quantize_row, quote, storage_type};
use crate::db::signals::{ReceiverAction, SignalEvent, SignalKind, Signals};
use crate::db::{Autocommit, Database, DbError, Dialect, Executor, Param, Transaction};

/// A write that could not be made.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A unique constraint failed: the fields involved, for DRF's message (empty when the
    /// conflict could not be attributed, e.g. it was in a row a signal receiver wrote).
    #[error("unique constraint failed on {0:?}")]
    Unique(Vec<&'static str>),
    /// A delete refused because rows of `model` point at the row through a `protect` (or
    /// `restrict`) relation. Django raises `ProtectedError` / `RestrictedError`.
    #[error("cannot delete: rows of {model} refer to it through a protected relation")]
    Protected { model: &'static str },
    /// An update or delete of a row that does not exist.
    #[error("no {model} matches the given primary key")]
    NotFound { model: &'static str },
    /// Values that do not fit the model (an unknown field name, say): a programming error.
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Writes rows of any model from its metadata. Cheap to make per request.
#[derive(Debug, Clone, Copy)]
pub struct Writer<'a> {
    db: &'a Database,
    signals: &'a Signals,
}

/// Receivers creating rows that create rows…: deeper than this is a cycle.
const MAX_SIGNAL_DEPTH: usize = 8;

/// Bound values per IN list: well under SQLite's and PostgreSQL's parameter limits.
const CHUNK: usize = 500;

impl<'a> Writer<'a> {
    pub fn new(db: &'a Database, signals: &'a Signals) -> Self {
        Writer { db, signals }
    }

    /// Fills defaults, auto_now / auto_now_add, then INSERT … RETURNING; runs post_save
    /// receivers (created = true) in the same transaction. Returns the row in
    /// [`ModelMeta::columns`] order. With no receivers (and no many-to-many to set) the write
    /// is one statement, run without BEGIN and COMMIT.
    pub async fn create(
        &self,
        model: &'static ModelMeta,
        values: Vec<(&'static str, Value)>,
    ) -> Result<Vec<Value>, WriteError> {
        self.create_with(model, values, Vec::new()).await
    }

    /// [`Writer::create`] that also sets many-to-many fields (`(field, related keys)`).
    pub async fn create_with(
        &self,
        model: &'static ModelMeta,
        values: Vec<(&'static str, Value)>,
        many_to_many: Vec<(&'static str, Vec<Value>)>,
    ) -> Result<Vec<Value>, WriteError> {
        let values_for_check = values.clone();
        if many_to_many.is_empty() && !self.signals.has_receivers(SignalKind::PostSave, model) {
            let result = insert(&mut Autocommit(self.db), model, values).await;
            return self
                .name_conflicts(model, result, &values_for_check, None)
                .await;
        }
        let mut tx = self.db.transaction().await?;
        let result = async {
            let row = insert(&mut tx, model, values).await?;
            let pk = pk_of(model, &row);
            for (field, keys) in many_to_many {
                set_many_to_many(&mut tx, model, &pk, field, keys).await?;
            }
            post_save(&mut tx, self.signals, model, row.clone(), true, 0).await?;
            Ok::<_, WriteError>(row)
        }
        .await;
        self.finish(tx, model, result, &values_for_check, None)
            .await
    }

    /// Updates the given fields (auto_now fields too); post_save (created = false). Returns
    /// the row as saved.
    pub async fn update(
        &self,
        model: &'static ModelMeta,
        pk: &Value,
        values: Vec<(&'static str, Value)>,
    ) -> Result<Vec<Value>, WriteError> {
        self.update_with(model, pk, values, Vec::new()).await
    }

    /// [`Writer::update`] that also replaces many-to-many fields.
    pub async fn update_with(
        &self,
        model: &'static ModelMeta,
        pk: &Value,
        values: Vec<(&'static str, Value)>,
        many_to_many: Vec<(&'static str, Vec<Value>)>,
    ) -> Result<Vec<Value>, WriteError> {
        let values_for_check = values.clone();
        if many_to_many.is_empty() && !self.signals.has_receivers(SignalKind::PostSave, model) {
            let result = update_row(&mut Autocommit(self.db), model, pk, values).await;
            return self
                .name_conflicts(model, result, &values_for_check, Some(pk))
                .await;
        }
        let mut tx = self.db.transaction().await?;
        let result = async {
            let row = update_row(&mut tx, model, pk, values).await?;
            for (field, keys) in many_to_many {
                set_many_to_many(&mut tx, model, pk, field, keys).await?;
            }
            post_save(&mut tx, self.signals, model, row.clone(), false, 0).await?;
            Ok::<_, WriteError>(row)
        }
        .await;
        self.finish(tx, model, result, &values_for_check, Some(pk))
            .await
    }

    /// pre_delete receivers, then on_delete rules of every relation pointing here
    /// (cascade, protect → [`WriteError::Protected`], set_null, set_default, restrict,
    /// do_nothing), then the DELETEs, children first. Relations are found among the models
    /// registered in the [`Signals`] (the app's models and everything they point at).
    pub async fn delete(&self, model: &'static ModelMeta, pk: &Value) -> Result<(), WriteError> {
        let mut tx = self.db.transaction().await?;
        let result = delete_rows(&mut tx, self.signals, model, pk).await;
        match result {
            Ok(()) => {
                tx.commit().await?;
                Ok(())
            }
            Err(error) => {
                let _ = tx.rollback().await;
                Err(error)
            }
        }
    }

    /// Commits on success; on a unique violation, rolls back and names the fields.
    async fn finish(
        &self,
        tx: Transaction,
        model: &'static ModelMeta,
        result: Result<Vec<Value>, WriteError>,
        values: &[(&'static str, Value)],
        exclude_pk: Option<&Value>,
    ) -> Result<Vec<Value>, WriteError> {
        let outcome = match result {
            Ok(row) => tx.commit().await.map(|()| row).map_err(WriteError::from),
            Err(error) => {
                let _ = tx.rollback().await;
                Err(error)
            }
        };
        self.name_conflicts(model, outcome, values, exclude_pk)
            .await
    }

    /// A unique violation becomes [`WriteError::Unique`] naming the fields that conflict.
    async fn name_conflicts(
        &self,
        model: &'static ModelMeta,
        outcome: Result<Vec<Value>, WriteError>,
        values: &[(&'static str, Value)],
        exclude_pk: Option<&Value>,
    ) -> Result<Vec<Value>, WriteError> {
        match outcome {
            Err(WriteError::Db(error)) if error.is_unique_violation() => {
                let conflicts = unique_conflicts(self.db, model, values, exclude_pk).await?;
                Err(WriteError::Unique(
                    conflicts.into_iter().next().unwrap_or_default(),
                ))
            }
            other => other,
        }
    }
}

pub use crate::core::types::now;

/// The value Django gives a field nobody set (`Field.get_default`): its default, else `''`
/// for text and file fields that are not null, else NULL.
pub fn default_value(field: &FieldMeta) -> Value {
    if let Some(default) = field.default {
        let value = default.to_value(field.field_type);
        // A number default of a decimal field is stored as the decimal Django formats
        // (`format_number`: the field's decimal places).
        let places = field.decimal_places.unwrap_or(0) as usize;
        let number = match value {
            Value::Int(n) if field.field_type == FieldKind::Decimal => Some(n as f64),
            Value::Float(f) if field.field_type == FieldKind::Decimal => Some(f),
            _ => None,
        };
        if let Some(decimal) = number.and_then(|n| format!("{n:.places$}").parse().ok()) {
            return Value::Decimal(decimal);
        }
        return value;
    }
    let empty_strings_allowed = field.field_type.is_string()
        || matches!(field.field_type, FieldKind::File | FieldKind::Image);
    if empty_strings_allowed && !field.null {
        Value::Text(String::new())
    } else {
        Value::Null
    }
}

fn pk_of(model: &ModelMeta, row: &[Value]) -> Value {
    let index = model.columns().position(|f| f.primary_key).unwrap_or(0);
    row.get(index).cloned().unwrap_or(Value::Null)
}

fn field_for(model: &'static ModelMeta, name: &str) -> Result<&'static FieldMeta, WriteError> {
    match model.field(name) {
        Some(field) if field.column.is_some() => Ok(field),
        Some(_) => Err(WriteError::Invalid(format!(
            "`{name}` of {} is a many-to-many field: pass it separately",
            model.name
        ))),
        None => Err(WriteError::Invalid(format!(
            "{} has no field `{name}`",
            model.name
        ))),
    }
}

fn param(field: &FieldMeta, value: Value) -> Result<Param, WriteError> {
    let field_type = storage_type(field);
    let value = coerce(value, field_type).ok_or_else(|| {
        WriteError::Invalid(format!(
            "a value of `{}` is not a {field_type:?}",
            field.name
        ))
    })?;
    Ok(Param::new(value, field_type))
}

/// `"a", "b"::text` — the model's columns for SELECT/RETURNING, decimals as text on
/// PostgreSQL.
fn returning(dialect: Dialect, model: &ModelMeta, alias: Option<&str>) -> (String, Vec<FieldKind>) {
    let mut list = Vec::new();
    let mut types = Vec::new();
    for field in model.columns() {
        let column = quote(field.column.unwrap_or(field.name));
        let column = match alias {
            Some(alias) => format!("{}.{column}", quote(alias)),
            None => column,
        };
        list.push(
            if dialect == Dialect::Postgres && field.field_type == FieldKind::Decimal {
                format!("{column}::text")
            } else {
                column
            },
        );
        types.push(storage_type(field));
    }
    (list.join(", "), types)
}

async fn insert<E: Executor>(
    db: &mut E,
    model: &'static ModelMeta,
    values: Vec<(&'static str, Value)>,
) -> Result<Vec<Value>, WriteError> {
    for (name, _) in &values {
        field_for(model, name)?;
    }
    let dialect = db.dialect();
    let now = now();
    let mut columns = Vec::new();
    let mut params = Vec::new();
    for field in model.columns() {
        let given = values
            .iter()
            .find(|(n, _)| *n == field.name || (*n == "pk" && field.primary_key));
        let value = if field.auto_now || field.auto_now_add {
            // Django's pre_save sets these on add whatever was given.
            Value::DateTime(now)
        } else if let Some((_, value)) = given {
            value.clone()
        } else if field.primary_key {
            match field.field_type {
                FieldKind::Uuid => Value::Uuid(Uuid::new_v4()),
                // The database numbers auto keys.
                _ => continue,
            }
        } else {
            default_value(field)
        };
        columns.push(quote(field.column.unwrap_or(field.name)));
        params.push(param(field, value)?);
    }
    let placeholders: Vec<String> = params
        .iter()
        .enumerate()
        .map(|(i, p)| dialect.placeholder(i + 1, p.field_type))
        .collect();
    let (returning, types) = returning(dialect, model, None);
    let sql = if columns.is_empty() {
        format!(
            "INSERT INTO {} DEFAULT VALUES RETURNING {returning}",
            quote(model.table)
        )
    } else {
        format!(
            "INSERT INTO {} ({}) VALUES ({}) RETURNING {returning}",
            quote(model.table),
            columns.join(", "),
            placeholders.join(", ")
        )
    };
    let mut row = db
        .fetch(&sql, &params, &types)
        .await?
        .pop()
        .ok_or_else(|| {
            WriteError::Invalid(format!("INSERT into {} returned no row", model.table))
        })?;
    quantize_row(model.columns(), &mut row);
    Ok(row)
}

async fn update_row<E: Executor>(
    db: &mut E,
    model: &'static ModelMeta,
    pk: &Value,
    values: Vec<(&'static str, Value)>,
) -> Result<Vec<Value>, WriteError> {
    let dialect = db.dialect();
    let pk_field = model.pk_field();
    let mut sets = Vec::new();
    let mut params = Vec::new();
    for (name, value) in values {
        let field = field_for(model, name)?;
        if field.primary_key {
            return Err(WriteError::Invalid(format!(
                "the primary key of {} cannot be updated",
                model.name
            )));
        }
        if field.auto_now || field.auto_now_add {
            continue;
        }
        params.push(param(field, value)?);
        sets.push(format!(
            "{} = {}",
            quote(field.column.unwrap_or(field.name)),
            dialect.placeholder(params.len(), storage_type(field))
        ));
    }
    let now = now();
    for field in model.columns().filter(|f| f.auto_now) {
        params.push(param(field, Value::DateTime(now))?);
        sets.push(format!(
            "{} = {}",
            quote(field.column.unwrap_or(field.name)),
            dialect.placeholder(params.len(), FieldKind::DateTime)
        ));
    }
    params.push(param(pk_field, pk.clone())?);
    let pk_placeholder = dialect.placeholder(params.len(), storage_type(pk_field));
    let pk_column = quote(pk_field.column.unwrap_or(pk_field.name));
    let (returning, types) = returning(dialect, model, None);
    let sql = if sets.is_empty() {
        // Nothing to change: read the row so the caller still gets it.
        format!(
            "SELECT {returning} FROM {} WHERE {pk_column} = {pk_placeholder}",
            quote(model.table)
        )
    } else {
        format!(
            "UPDATE {} SET {} WHERE {pk_column} = {pk_placeholder} RETURNING {returning}",
            quote(model.table),
            sets.join(", ")
        )
    };
    let mut row = db
        .fetch(&sql, &params, &types)
        .await?
        .pop()
        .ok_or(WriteError::NotFound { model: model.name })?;
    quantize_row(model.columns(), &mut row);
    Ok(row)
}

/// Replaces the related keys of many-to-many `field` of the row `pk`.
async fn set_many_to_many<E: Executor>(
    db: &mut E,
    model: &'static ModelMeta,
    pk: &Value,
    field: &str,
    keys: Vec<Value>,
) -> Result<(), WriteError> {
    let meta = model
        .field(field)
        .ok_or_else(|| WriteError::Invalid(format!("{} has no field `{field}`", model.name)))?;
    let join = join_table(model, meta).ok_or_else(|| {
        WriteError::Invalid(format!("`{field}` of {} is not many-to-many", model.name))
    })?;
    let dialect = db.dialect();
    db.execute(
        &format!(
            "DELETE FROM {} WHERE {} = {}",
            quote(&join.table),
            quote(&join.source),
            dialect.placeholder(1, join.source_type)
        ),
        &[Param::new(pk.clone(), join.source_type)],
    )
    .await?;
    let mut unique: Vec<Value> = Vec::new();
    for key in keys {
        let key = coerce(key, join.target_type).ok_or_else(|| {
            WriteError::Invalid(format!(
                "a key of `{field}` is not a {:?}",
                join.target_type
            ))
        })?;
        if !unique.contains(&key) {
            unique.push(key);
        }
    }
    for chunk in unique.chunks(CHUNK) {
        let mut params = Vec::new();
        let mut rows = Vec::new();
        for key in chunk {
            params.push(Param::new(pk.clone(), join.source_type));
            let a = dialect.placeholder(params.len(), join.source_type);
            params.push(Param::new(key.clone(), join.target_type));
            let b = dialect.placeholder(params.len(), join.target_type);
            rows.push(format!("({a}, {b})"));
        }
        db.execute(
            &format!(
                "INSERT INTO {} ({}, {}) VALUES {}",
                quote(&join.table),
                quote(&join.source),
                quote(&join.target),
                rows.join(", ")
            ),
            &params,
        )
        .await?;
    }
    Ok(())
}

/// Runs the post_save receivers of a saved row (recursively for rows they create).
fn post_save<'t>(
    tx: &'t mut Transaction,
    signals: &'t Signals,
    model: &'static ModelMeta,
    row: Vec<Value>,
    created: bool,
    depth: usize,
) -> Pin<Box<dyn Future<Output = Result<(), WriteError>> + Send + 't>> {
    Box::pin(async move {
        if depth > MAX_SIGNAL_DEPTH {
            return Err(WriteError::Invalid(format!(
                "post_save receivers of {} nest deeper than {MAX_SIGNAL_DEPTH}: a cycle?",
                model.name
            )));
        }
        let receivers: Vec<_> = signals
            .receivers(SignalKind::PostSave, model, created)
            .cloned()
            .collect();
        if receivers.is_empty() {
            return Ok(());
        }
        let event = SignalEvent {
            kind: SignalKind::PostSave,
            model,
            row,
            created,
        };
        for receiver in receivers {
            match receiver.action() {
                ReceiverAction::CreateRelated {
                    model: target,
                    field,
                } => {
                    let target = target();
                    let pk = pk_of(model, &event.row);
                    let row = insert(&mut *tx, target, vec![(*field, pk)]).await?;
                    post_save(&mut *tx, signals, target, row, true, depth + 1).await?;
                }
                ReceiverAction::Call(f) => f(&event),
            }
        }
        Ok(())
    })
}

/// `IN (…)` placeholders for `values`, numbered after `offset` existing parameters.
fn in_list(
    dialect: Dialect,
    offset: usize,
    values: &[Value],
    field_type: FieldKind,
) -> (String, Vec<Param>) {
    let placeholders: Vec<String> = (0..values.len())
        .map(|i| dialect.placeholder(offset + i + 1, field_type))
        .collect();
    let params = values
        .iter()
        .map(|v| Param::new(v.clone(), field_type))
        .collect();
    (placeholders.join(", "), params)
}

/// One relation pointing at a model: which model, through which field.
struct Incoming {
    model: &'static ModelMeta,
    field: &'static FieldMeta,
}

fn incoming(signals: &Signals, target: &ModelMeta) -> Vec<Incoming> {
    let mut found = Vec::new();
    for model in signals.models() {
        for field in model.fields {
            let Some(relation) = field.relation else {
                continue;
            };
            if field.field_type.is_relation() && (relation.to)().table == target.table {
                found.push(Incoming { model, field });
            }
        }
    }
    found
}

/// The primary keys of rows of `model` whose `column` is in `keys`.
async fn referencing_pks(
    tx: &mut Transaction,
    model: &'static ModelMeta,
    field: &FieldMeta,
    keys: &[Value],
) -> Result<Vec<Value>, WriteError> {
    let dialect = tx.dialect();
    let pk = model.pk_field();
    let mut found = Vec::new();
    for chunk in keys.chunks(CHUNK) {
        let (list, params) = in_list(dialect, 0, chunk, storage_type(field));
        let sql = format!(
            "SELECT {} FROM {} WHERE {} IN ({list})",
            quote(pk.column.unwrap_or(pk.name)),
            quote(model.table),
            quote(field.column.unwrap_or(field.name)),
        );
        for row in tx.fetch(&sql, &params, &[storage_type(pk)]).await? {
            found.extend(row);
        }
    }
    Ok(found)
}

/// Django's deletion `Collector`: gather every row to delete or update, check protection,
/// send pre_delete, then write.
async fn delete_rows(
    tx: &mut Transaction,
    signals: &Signals,
    model: &'static ModelMeta,
    pk: &Value,
) -> Result<(), WriteError> {
    let dialect = tx.dialect();
    let pk_field = model.pk_field();
    let pk = coerce(pk.clone(), storage_type(pk_field))
        .ok_or(WriteError::NotFound { model: model.name })?;
    // (model, primary keys) in discovery order; deleted in reverse, children first.
    let mut collected: Vec<(&'static ModelMeta, Vec<Value>)> = vec![(model, vec![pk])];
    // (model, field, keys pointed at, new value): set_null / set_default.
    let mut updates: Vec<(&'static ModelMeta, &'static FieldMeta, Vec<Value>, Value)> = Vec::new();
    // Rows of restricting relations; allowed only when deleted anyway.
    let mut restricted: Vec<(&'static ModelMeta, Vec<Value>)> = Vec::new();
    let mut index = 0;
    while index < collected.len() {
        let (current, keys) = collected[index].clone();
        index += 1;
        for link in incoming(signals, current) {
            if link.field.field_type == FieldKind::ManyToMany {
                continue; // join rows are removed below
            }
            let rule = link
                .field
                .relation
                .and_then(|r| r.on_delete)
                .unwrap_or(OnDelete::Cascade);
            match rule {
                OnDelete::DoNothing => {}
                OnDelete::SetNull => {
                    updates.push((link.model, link.field, keys.clone(), Value::Null))
                }
                OnDelete::SetDefault => updates.push((
                    link.model,
                    link.field,
                    keys.clone(),
                    crate::db::objects::default_value(link.field),
                )),
                OnDelete::Protect | OnDelete::Restrict | OnDelete::Cascade => {
                    let mut rows = referencing_pks(tx, link.model, link.field, &keys).await?;
                    // Rows already collected (a self-reference, two paths) are not new.
                    rows.retain(|row| {
                        !collected
                            .iter()
                            .any(|(m, pks)| m.table == link.model.table && pks.contains(row))
                    });
                    if rows.is_empty() {
                        continue;
                    }
                    match rule {
                        OnDelete::Protect => {
                            return Err(WriteError::Protected {
                                model: link.model.name,
                            });
                        }
                        OnDelete::Restrict => restricted.push((link.model, rows)),
                        _ => collected.push((link.model, rows)),
                    }
                }
            }
        }
    }
    // Django's RESTRICT: allowed only for rows the same delete removes through a cascade.
    for (restricting, rows) in &restricted {
        let all_deleted = rows.iter().all(|row| {
            collected
                .iter()
                .any(|(m, pks)| m.table == restricting.table && pks.contains(row))
        });
        if !all_deleted {
            return Err(WriteError::Protected {
                model: restricting.name,
            });
        }
    }
    // pre_delete for every collected row of a model someone listens to.
    for (current, keys) in &collected {
        if !signals.has_receivers(SignalKind::PreDelete, current) {
            continue;
        }
        let pk = current.pk_field();
        let (columns, types) = returning(dialect, current, None);
        for chunk in keys.chunks(CHUNK) {
            let (list, params) = in_list(dialect, 0, chunk, storage_type(pk));
            let sql = format!(
                "SELECT {columns} FROM {} WHERE {} IN ({list})",
                quote(current.table),
                quote(pk.column.unwrap_or(pk.name))
            );
            for mut row in tx.fetch(&sql, &params, &types).await? {
                quantize_row(current.columns(), &mut row);
                let event = SignalEvent {
                    kind: SignalKind::PreDelete,
                    model: current,
                    row,
                    created: false,
                };
                for receiver in signals.receivers(SignalKind::PreDelete, current, false) {
                    if let ReceiverAction::Call(f) = receiver.action() {
                        f(&event);
                    }
                }
            }
        }
    }
    for (owner, field, keys, value) in updates {
        for chunk in keys.chunks(CHUNK) {
            let field_type = storage_type(field);
            let mut params = vec![Param::new(value.clone(), field_type)];
            let set = dialect.placeholder(1, field_type);
            let (list, more) = in_list(dialect, 1, chunk, field_type);
            params.extend(more);
            let column = quote(field.column.unwrap_or(field.name));
            tx.execute(
                &format!(
                    "UPDATE {} SET {column} = {set} WHERE {column} IN ({list})",
                    quote(owner.table)
                ),
                &params,
            )
            .await?;
        }
    }
    let mut deleted_root = 0;
    for (position, (current, keys)) in collected.iter().enumerate().rev() {
        // Join rows of many-to-many fields, from both sides (Django's auto-created through
        // models cascade).
        for field in current.fields {
            if let Some(join) = join_table(current, field) {
                delete_in(tx, &join.table, &join.source, join.source_type, keys).await?;
            }
        }
        for other in signals.models() {
            for field in other.fields {
                let points_here = field
                    .relation
                    .is_some_and(|r| (r.to)().table == current.table);
                if let (true, Some(join)) = (points_here, join_table(other, field)) {
                    delete_in(tx, &join.table, &join.target, join.target_type, keys).await?;
                }
            }
        }
        if current.table == "auth_user" {
            // DRF's Token model (`on_delete=CASCADE` to the user) is not a registered model.
            delete_in(tx, "authtoken_token", "user_id", FieldKind::Integer, keys).await?;
        }
        let pk = current.pk_field();
        let count = delete_in(
            tx,
            current.table,
            pk.column.unwrap_or(pk.name),
            storage_type(pk),
            keys,
        )
        .await?;
        if position == 0 {
            deleted_root = count;
        }
    }
    if deleted_root == 0 {
        return Err(WriteError::NotFound { model: model.name });
    }
    Ok(())
}

async fn delete_in(
    tx: &mut Transaction,
    table: &str,
    column: &str,
    field_type: FieldKind,
    keys: &[Value],
) -> Result<u64, WriteError> {
    let dialect = tx.dialect();
    let mut total = 0;
    for chunk in keys.chunks(CHUNK) {
        let (list, params) = in_list(dialect, 0, chunk, field_type);
        total += tx
            .execute(
                &format!(
                    "DELETE FROM {} WHERE {} IN ({list})",
                    quote(table),
                    quote(column)
                ),
                &params,
            )
            .await?;
    }
    Ok(total)
}

/// DRF's `UniqueValidator` / `UniqueTogetherValidator` as one statement: the unique fields
/// and unique-together sets that `values` would break, each as its field names, in model
/// order. `exclude_pk` is the row being updated (its own values never conflict); on update,
/// unique-together fields missing from `values` are read from that row. NULLs never
/// conflict, as in SQL.
///
/// ```no_run
/// # async fn demo(db: &restforge::db::Database) -> Result<(), restforge::db::DbError> {
/// use restforge::contrib::auth::User;
/// use restforge::core::model::Model;
/// use restforge::db::objects::unique_conflicts;
/// use restforge::core::value::Value;
///
/// let taken = unique_conflicts(db, User::meta(), &[("username", Value::Text("alice".into()))], None).await?;
/// if taken == vec![vec!["username"]] { /* "A user with that username already exists." */ }
/// # Ok(()) }
/// ```
pub async fn unique_conflicts(
    db: &Database,
    model: &'static ModelMeta,
    values: &[(&'static str, Value)],
    exclude_pk: Option<&Value>,
) -> Result<Vec<Vec<&'static str>>, DbError> {
    unique_conflicts_in(&mut &*db, model, values, exclude_pk).await
}

/// [`unique_conflicts`] through any executor.
pub async fn unique_conflicts_in<E: Executor>(
    db: &mut E,
    model: &'static ModelMeta,
    values: &[(&'static str, Value)],
    exclude_pk: Option<&Value>,
) -> Result<Vec<Vec<&'static str>>, DbError> {
    let mut constraints: Vec<Vec<&'static str>> = model
        .fields
        .iter()
        .filter(|f| f.unique && !f.primary_key && f.column.is_some())
        .map(|f| vec![f.name])
        .collect();
    for together in model.unique_together {
        constraints.push(together.to_vec());
    }
    let value_of = |name: &str| {
        values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    };
    // On update, a unique-together set may be partly given: the rest is the row's.
    let needs_row = exclude_pk.is_some()
        && model.unique_together.iter().any(|set| {
            set.iter().any(|n| value_of(n).is_none()) && set.iter().any(|n| value_of(n).is_some())
        });
    let dialect = db.dialect();
    let pk_field = model.pk_field();
    let pk_column = quote(pk_field.column.unwrap_or(pk_field.name));
    let mut existing: Vec<Value> = Vec::new();
    if let (true, Some(pk)) = (needs_row, exclude_pk) {
        let (columns, types) = returning(dialect, model, None);
        let sql = format!(
            "SELECT {columns} FROM {} WHERE {pk_column} = {}",
            quote(model.table),
            dialect.placeholder(1, storage_type(pk_field))
        );
        let params = [Param::new(pk.clone(), storage_type(pk_field))];
        existing = db
            .fetch(&sql, &params, &types)
            .await?
            .pop()
            .unwrap_or_default();
    }
    let lookup = |name: &str| -> Option<Value> {
        value_of(name).or_else(|| {
            let index = model.columns().position(|f| f.name == name)?;
            existing.get(index).cloned()
        })
    };
    let mut checks = Vec::new();
    let mut checked = Vec::new();
    let mut params = Vec::new();
    for constraint in constraints {
        // Only what this write touches can newly conflict.
        if !constraint.iter().any(|n| value_of(n).is_some()) {
            continue;
        }
        let mut conditions = Vec::new();
        let mut complete = true;
        for name in &constraint {
            let Some(field) = model.field(name) else {
                complete = false;
                break;
            };
            let field_type = storage_type(field);
            match lookup(name).and_then(|v| coerce(v, field_type)) {
                Some(Value::Null) | None => {
                    complete = false;
                    break;
                }
                Some(value) => {
                    params.push(Param::new(value, field_type));
                    conditions.push(format!(
                        "{} = {}",
                        quote(field.column.unwrap_or(field.name)),
                        dialect.placeholder(params.len(), field_type)
                    ));
                }
            }
        }
        if !complete {
            // Drop the parameters of an abandoned constraint.
            params.truncate(params.len() - conditions.len());
            continue;
        }
        if let Some(pk) = exclude_pk {
            params.push(Param::new(pk.clone(), storage_type(pk_field)));
            conditions.push(format!(
                "{pk_column} <> {}",
                dialect.placeholder(params.len(), storage_type(pk_field))
            ));
        }
        checks.push(format!(
            "CASE WHEN EXISTS (SELECT 1 FROM {} WHERE {}) THEN 1 ELSE 0 END",
            quote(model.table),
            conditions.join(" AND ")
        ));
        checked.push(constraint);
    }
    if checks.is_empty() {
        return Ok(Vec::new());
    }
    let types = vec![FieldKind::Integer; checks.len()];
    let row = db
        .fetch(&format!("SELECT {}", checks.join(", ")), &params, &types)
        .await?
        .pop()
        .unwrap_or_default();
    Ok(checked
        .into_iter()
        .zip(row)
        .filter(|(_, hit)| *hit == Value::Int(1))
        .map(|(constraint, _)| constraint)
        .collect())
}

/// Reads a row of `model` by primary key through any executor (for re-reads inside a
/// transaction).
pub async fn fetch_row<E: Executor>(
    db: &mut E,
    model: &'static ModelMeta,
    pk: &Value,
) -> Result<Option<Vec<Value>>, DbError> {
    let dialect = db.dialect();
    let pk_field = model.pk_field();
    let Some(pk) = coerce(pk.clone(), storage_type(pk_field)) else {
        return Ok(None);
    };
    let (columns, types) = returning(dialect, model, None);
    let sql = format!(
        "SELECT {columns} FROM {} WHERE {} = {}",
        quote(model.table),
        quote(pk_field.column.unwrap_or(pk_field.name)),
        dialect.placeholder(1, storage_type(pk_field))
    );
    let mut row = db
        .fetch(&sql, &[Param::new(pk, storage_type(pk_field))], &types)
        .await?
        .pop();
    if let Some(row) = &mut row {
        quantize_row(model.columns(), row);
    }
    Ok(row)
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::contrib::auth::User;
    use crate::contrib::users;
    use crate::core::model::Model;
    use crate::db::query::Query;
    use crate::db::query::fixtures::{self, Badge, Comment, Profile, ProfileStatus, Team};
    use crate::db::signals::Signal;

    async fn count(db: &Database, model: &'static ModelMeta) -> u64 {
        Query::new(model).count(db).await.unwrap()
    }

    async fn post(writer: &Writer<'_>, profile: i64, text: &str) -> Vec<Value> {
        writer
            .create(
                ProfileStatus::meta(),
                vec![
                    ("user_profile", Value::Int(profile)),
                    ("status_content", Value::Text(text.into())),
                ],
            )
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn create_fills_defaults_and_dates_and_update_touches_auto_now_only() {
        for test in fixtures::databases().await {
            let db = &test.db;
            let signals = fixtures::signals();
            let writer = Writer::new(db, &signals);
            let user = fixtures::user(db, &signals, "alice").await;
            let profile = fixtures::profile_of(db, &user).await;
            // The signal's profile took every default: '' for text, NULL for the image.
            assert_eq!((profile.bio.as_str(), profile.city.as_str()), ("", ""));
            assert_eq!(profile.avatar, None);

            let before = db.statements_executed();
            let row = post(&writer, profile.id, "first").await;
            // INSERT … RETURNING: the row comes back with the write.
            assert_eq!(db.statements_executed() - before, 1);
            let created = ProfileStatus::from_row(row.clone()).unwrap();
            assert_eq!(created.created_at, created.updated_at);
            assert_eq!(created.created_at.timestamp_subsec_nanos() % 1_000, 0);
            let age = chrono::Utc::now() - created.created_at;
            assert!(age.num_seconds() < 60);

            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            let updated = writer
                .update(
                    ProfileStatus::meta(),
                    &row[0],
                    vec![("status_content", Value::Text("edited".into()))],
                )
                .await
                .unwrap();
            let updated = ProfileStatus::from_row(updated).unwrap();
            assert_eq!(updated.status_content, "edited");
            assert_eq!(updated.created_at, created.created_at);
            assert!(updated.updated_at > created.updated_at);

            let comment = writer.create(Comment::meta(), vec![]).await.unwrap();
            assert_eq!(comment[1..], [Value::Null, Value::Text("hello".into())]);

            let missing = writer
                .update(ProfileStatus::meta(), &Value::Int(999), vec![])
                .await
                .unwrap_err();
            assert!(matches!(
                missing,
                WriteError::NotFound {
                    model: "ProfileStatus"
                }
            ));
            let unknown = writer
                .create(ProfileStatus::meta(), vec![("nope", Value::Int(1))])
                .await
                .unwrap_err();
            assert!(matches!(unknown, WriteError::Invalid(_)));
            test.finish().await;
        }
    }

    #[tokio::test]
    async fn deleting_a_user_cascades_protects_and_sets_null() {
        for test in fixtures::databases().await {
            let db = &test.db;
            let signals = fixtures::signals();
            let writer = Writer::new(db, &signals);
            let alice = fixtures::user(db, &signals, "alice").await;
            let bob = fixtures::user(db, &signals, "bob").await;
            let alice_profile = fixtures::profile_of(db, &alice).await;
            let bob_profile = fixtures::profile_of(db, &bob).await;
            let first = post(&writer, alice_profile.id, "one").await;
            post(&writer, alice_profile.id, "two").await;
            post(&writer, bob_profile.id, "bob's").await;
            let comment = writer
                .create(Comment::meta(), vec![("status", first[0].clone())])
                .await
                .unwrap();
            users::token_for(db, alice.id).await.unwrap();
            writer
                .create_with(
                    Team::meta(),
                    vec![
                        ("name", Value::Text("t".into())),
                        ("code", Value::Text("T".into())),
                        ("season", Value::Int(1)),
                    ],
                    vec![(
                        "members",
                        vec![Value::Int(alice_profile.id), Value::Int(bob_profile.id)],
                    )],
                )
                .await
                .unwrap();

            // A badge protects bob's profile, hence bob: nothing is deleted.
            writer
                .create(Badge::meta(), vec![("profile", Value::Int(bob_profile.id))])
                .await
                .unwrap();
            let refused = writer
                .delete(User::meta(), &Value::Int(bob.id))
                .await
                .unwrap_err();
            assert!(
                matches!(refused, WriteError::Protected { model: "Badge" }),
                "{refused:?}"
            );
            assert_eq!(count(db, Profile::meta()).await, 2);
            assert_eq!(count(db, ProfileStatus::meta()).await, 4 - 1);

            // Alice: her profile, her statuses, her token and her memberships go; the
            // comment on her status stays, pointing nowhere.
            writer
                .delete(User::meta(), &Value::Int(alice.id))
                .await
                .unwrap();
            assert_eq!(count(db, User::meta()).await, 1);
            assert_eq!(count(db, Profile::meta()).await, 1);
            assert_eq!(count(db, ProfileStatus::meta()).await, 1);
            assert!(users::user_by_token(db, "x").await.unwrap().is_none());
            let tokens = db
                .fetch(
                    "SELECT COUNT(*) FROM \"authtoken_token\"",
                    &[],
                    &[FieldKind::BigInteger],
                )
                .await
                .unwrap();
            assert_eq!(tokens[0][0], Value::Int(0));
            let comment = Query::new(Comment::meta())
                .get(db, &comment[0])
                .await
                .unwrap()
                .unwrap();
            assert_eq!(comment.row[1], Value::Null);
            let team = Query::new(Team::meta())
                .with_many_to_many()
                .fetch_all(db)
                .await
                .unwrap();
            assert_eq!(
                team[0].many_to_many,
                [("members", vec![Value::Int(bob_profile.id)])]
            );

            let gone = writer
                .delete(User::meta(), &Value::Int(alice.id))
                .await
                .unwrap_err();
            assert!(matches!(gone, WriteError::NotFound { model: "User" }));
            test.finish().await;
        }
    }

    #[tokio::test]
    async fn unique_conflicts_name_fields_and_sets_in_one_statement() {
        for test in fixtures::databases().await {
            let db = &test.db;
            let signals = fixtures::signals();
            let writer = Writer::new(db, &signals);
            let team = Team::meta();
            let values = |name: &str, code: &str, season: i64| {
                vec![
                    ("name", Value::Text(name.into())),
                    ("code", Value::Text(code.into())),
                    ("season", Value::Int(season)),
                ]
            };
            let red = writer.create(team, values("red", "R", 1)).await.unwrap();
            writer.create(team, values("blue", "B", 1)).await.unwrap();

            let before = db.statements_executed();
            let conflicts = unique_conflicts(db, team, &values("red", "R", 1), None)
                .await
                .unwrap();
            assert_eq!(db.statements_executed() - before, 1);
            assert_eq!(conflicts, [vec!["name"], vec!["code", "season"]]);
            assert!(
                unique_conflicts(db, team, &values("green", "R", 2), None)
                    .await
                    .unwrap()
                    .is_empty()
            );
            // A row never conflicts with itself.
            assert!(
                unique_conflicts(db, team, &values("red", "R", 1), Some(&red[0]))
                    .await
                    .unwrap()
                    .is_empty()
            );
            // A partial update completes unique_together from the row being updated.
            let partial = [("code", Value::Text("B".into()))];
            assert_eq!(
                unique_conflicts(db, team, &partial, Some(&red[0]))
                    .await
                    .unwrap(),
                [vec!["code", "season"]]
            );

            // The writer maps the database's violation to the fields, and writes nothing.
            let error = writer
                .create(team, values("red", "X", 9))
                .await
                .unwrap_err();
            assert!(
                matches!(error, WriteError::Unique(ref f) if f == &["name"]),
                "{error:?}"
            );
            let error = writer
                .update(team, &red[0], values("blue", "R", 1))
                .await
                .unwrap_err();
            assert!(
                matches!(error, WriteError::Unique(ref f) if f == &["name"]),
                "{error:?}"
            );
            assert_eq!(count(db, team).await, 2);

            let taken = unique_conflicts(
                db,
                User::meta(),
                &[("username", Value::Text("x".into()))],
                None,
            )
            .await
            .unwrap();
            assert!(taken.is_empty());
            test.finish().await;
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_writers_with_signals_all_succeed() {
        for test in fixtures::databases().await {
            let signals = Arc::new(fixtures::signals());
            let mut tasks = tokio::task::JoinSet::new();
            for i in 0..16 {
                let db = test.db.clone();
                let signals = Arc::clone(&signals);
                // Each creates a user, whose profile the receiver adds in the same
                // transaction; on SQLite the writers queue on the write lock.
                tasks.spawn(async move {
                    fixtures::user(&db, &signals, &format!("user{i}")).await;
                });
            }
            while let Some(done) = tasks.join_next().await {
                done.unwrap();
            }
            assert_eq!(count(&test.db, User::meta()).await, 16);
            assert_eq!(count(&test.db, Profile::meta()).await, 16);
            test.finish().await;
        }
    }

    #[tokio::test]
    async fn receivers_run_inside_the_write_and_a_failure_undoes_it() {
        for test in fixtures::databases().await {
            let db = &test.db;
            let mut signals = fixtures::signals();
            let seen: Arc<Mutex<Vec<String>>> = Arc::default();
            let log = Arc::clone(&seen);
            signals.connect(Signal::post_save::<Profile>().call(move |event| {
                log.lock()
                    .unwrap()
                    .push(format!("saved {} {}", event.model.name, event.created));
            }));
            let log = Arc::clone(&seen);
            signals.connect(Signal::pre_delete::<ProfileStatus>().call(move |event| {
                log.lock()
                    .unwrap()
                    .push(format!("deleting {:?}", event.row[2]));
            }));
            let writer = Writer::new(db, &signals);
            let user = fixtures::user(db, &signals, "alice").await;
            let profile = fixtures::profile_of(db, &user).await;
            post(&writer, profile.id, "bye").await;
            writer
                .delete(User::meta(), &Value::Int(user.id))
                .await
                .unwrap();
            assert_eq!(
                *seen.lock().unwrap(),
                ["saved Profile true", "deleting Text(\"bye\")"]
            );

            // A second user whose profile cannot be made (the profile table is gone): the
            // user is not saved either.
            db.execute("ALTER TABLE \"profiles_profile\" RENAME TO \"gone\"", &[])
                .await
                .unwrap();
            let error = users::create_with_hash(
                db,
                &signals,
                &users::NewUser {
                    username: "bob",
                    ..users::NewUser::default()
                },
                "!".into(),
            )
            .await
            .unwrap_err();
            assert!(matches!(error, WriteError::Db(_)));
            assert_eq!(count(db, User::meta()).await, 0);
            db.execute("ALTER TABLE \"gone\" RENAME TO \"profiles_profile\"", &[])
                .await
                .unwrap();
            test.finish().await;
        }
    }
}
