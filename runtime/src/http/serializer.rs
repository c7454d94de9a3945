//! The ModelSerializer at run time: [`validate`] checks a request body against
//! [`SerializerMeta::fields`] with DRF's messages (DRF-CONTRACT §1), and [`Representation`]
//! renders rows as DRF's JSON.
//!
//! Relations are DRF's `PrimaryKeyRelatedField` on input (`Invalid pk "999" - object does not
//! exist.`) and output the pk, or the related object's display for `string_related` fields,
//! fetched in the same statement through [`Query::select_path`]. Files are absolute media URLs.

use std::future::{Future, ready};

use futures_util::future::BoxFuture;
use serde_json::{Map, Value as Json};

use crate::core::model::{FieldKind, FieldMeta, ModelMeta};
use crate::core::value::Value;
use crate::db::objects::unique_conflicts;
use crate::db::query::{DisplayPath, Query, Record, display_path, python_str};
use crate::db::{Database, Dialect};
use crate::http::error::{ApiError, ErrorTree, NON_FIELD_ERRORS};
use crate::http::fields::{self, FieldValue};
use crate::http::meta::{SerializerField, SerializerMeta, Slot};
use crate::http::permissions::Object;
use crate::http::request::{ParsedBody, Request, UploadedFile};

/// Where an output field's value comes from in a [`Record`].
#[derive(Debug, Clone)]
enum Source {
    /// `row[index]`.
    Column(usize),
    /// `related[index]`: a display value through relations.
    Display(usize, DisplayPath),
    /// A many-to-many field's keys.
    ManyToMany(&'static str),
}

/// One output field of a [`Representation`].
#[derive(Debug, Clone)]
enum Output {
    Model(SerializerField, Source),
    /// A `SerializerMethodField`: a placeholder [`Representation::render`] leaves `null`, which
    /// [`Representation::represent`] fills.
    Method(&'static str),
}

/// How one serializer renders rows: its readable fields in order, each with its source.
#[derive(Debug, Clone)]
pub struct Representation {
    meta: &'static SerializerMeta,
    fields: Vec<Output>,
    media_url: String,
}

impl Representation {
    /// Plans the rendering of `meta`'s rows and adds the relation paths it needs to `query`
    /// (after any `select_path`s the query already has: `related_base` of them).
    pub fn new(
        meta: &'static SerializerMeta,
        mut query: Query,
        related_base: usize,
        media_url: &str,
    ) -> (Representation, Query) {
        let model = (meta.model)();
        let mut next = related_base;
        let mut fields = Vec::new();
        for slot in meta.slots(meta.fields()) {
            let field = match slot {
                Slot::Method(name) => {
                    fields.push(Output::Method(name));
                    continue;
                }
                Slot::Model(field) => field,
            };
            if field.write_only {
                continue;
            }
            let source = if field.model_field.field_type == FieldKind::ManyToMany {
                Source::ManyToMany(field.name)
            } else if field.string_related && field.model_field.relation.is_some() {
                let target = (field.model_field.relation.expect("checked").to)();
                let display = display_path(target).through(field.name);
                query = query.select_path(display.path().to_vec());
                next += 1;
                Source::Display(next - 1, display)
            } else {
                Source::Column(column_index(model, field.name))
            };
            fields.push(Output::Model(field, source));
        }
        (
            Representation {
                meta,
                fields,
                media_url: media_url.to_owned(),
            },
            query,
        )
    }

    /// [`Representation::render`] with the serializer's method fields computed (DRF's
    /// `get_<name>(obj)`). `paths` are the relation paths the record's query selected.
    pub async fn represent(
        &self,
        request: &Request<'_>,
        record: Record,
        paths: &[Vec<&'static str>],
    ) -> Result<Json, ApiError> {
        let origin = request.context().origin();
        let methods = self.meta.method_fields;
        let Some(call) = self.meta.method_field.filter(|_| !methods.is_empty()) else {
            return Ok(self.render(record, &origin));
        };
        let model = (self.meta.model)();
        let mut values = Vec::with_capacity(methods.len());
        {
            let object = Object::new(model, &record, paths);
            for name in methods {
                values.push((*name, call(name, request, &object).await?));
            }
        }
        let mut json = self.render(record, &origin);
        if let Json::Object(map) = &mut json {
            for (name, value) in values {
                map.insert(name.to_owned(), value);
            }
        }
        Ok(json)
    }

    /// Whether [`Representation::represent`] calls methods of the serializer.
    pub fn has_method_fields(&self) -> bool {
        !self.meta.method_fields.is_empty()
    }

    /// The JSON object of one row, in the serializer's field order. `origin` is `http://host`
    /// for file URLs.
    pub fn render(&self, mut record: Record, origin: &str) -> Json {
        let mut object = Map::with_capacity(self.fields.len());
        for output in &self.fields {
            let (field, source) = match output {
                Output::Model(field, source) => (field, source),
                Output::Method(name) => {
                    object.insert((*name).to_owned(), Json::Null);
                    continue;
                }
            };
            let value = match source {
                Source::Column(index) => {
                    // Each column is rendered once: take it rather than clone it.
                    let value = record
                        .row
                        .get_mut(*index)
                        .map_or(Value::Null, |v| std::mem::replace(v, Value::Null));
                    self.render_value(field, value, origin)
                }
                Source::Display(index, display) => match record.related.get(*index) {
                    None | Some(Value::Null) => Json::Null,
                    Some(value) => Json::String(display.render(value)),
                },
                Source::ManyToMany(name) => Json::Array(
                    record
                        .many_to_many
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, keys)| keys.iter().map(pk_json).collect())
                        .unwrap_or_default(),
                ),
            };
            object.insert(field.name.to_owned(), value);
        }
        Json::Object(object)
    }

    fn render_value(&self, field: &SerializerField, value: Value, origin: &str) -> Json {
        let meta = field.model_field;
        match meta.field_type {
            FieldKind::File | FieldKind::Image => match value {
                Value::Text(name) if !name.is_empty() => Json::String(format!(
                    "{origin}{}",
                    crate::http::media::file_url(&self.media_url, &name)
                )),
                _ => Json::Null,
            },
            FieldKind::ForeignKey | FieldKind::OneToOne => pk_json(&value),
            _ => match (&field.field, value) {
                (_, Value::Null) => Json::Null,
                (Some(f), value) => f.to_representation(&FieldValue::from(value)),
                (None, value) => pk_json(&value),
            },
        }
    }
}

/// The index of a field among the model's columns.
fn column_index(model: &ModelMeta, name: &str) -> usize {
    model
        .columns()
        .position(|f| f.name == name)
        .unwrap_or(usize::MAX)
}

/// A key as JSON: integers as numbers, UUIDs hyphenated.
fn pk_json(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Int(n) => Json::from(*n),
        Value::Uuid(u) => Json::String(u.hyphenated().to_string()),
        other => Json::String(python_str(other)),
    }
}

/// The serializer's fields as DRF builds them on this database: [`SerializerMeta::fields`]
/// plus the min/max Django's model integer fields take from the backend's integer range
/// (`connection.ops.integer_field_range`), which validation and OPTIONS both report.
///
/// ```
/// use restforge::db::Dialect;
/// use restforge::http::serializer::integer_range;
/// use restforge::core::model::FieldKind;
///
/// assert_eq!(integer_range(FieldKind::Integer, Dialect::Postgres), Some((-2147483648, 2147483647)));
/// assert_eq!(integer_range(FieldKind::Integer, Dialect::Sqlite), Some((i64::MIN, i64::MAX)));
/// ```
pub fn fields(meta: &SerializerMeta, dialect: Dialect) -> Vec<SerializerField> {
    let mut fields = meta.fields();
    for field in &mut fields {
        let Some((min, max)) = integer_range(field.model_field.field_type, dialect) else {
            continue;
        };
        let Some(inner) = field.field.take() else {
            continue;
        };
        // A choice field takes its values from the choices, not a range. Django adds the
        // range's validator only when the field has no tighter one of its own, and DRF reads
        // the first: the field's own limit wins.
        let inner = if matches!(inner.kind, fields::FieldClass::Integer) {
            let mut inner = inner;
            if inner.options.min_value.is_none() {
                inner = inner.min_value(min);
            }
            if inner.options.max_value.is_none() {
                inner = inner.max_value(max);
            }
            inner
        } else {
            inner
        };
        field.field = Some(inner);
    }
    fields
}

/// Django's `integer_field_range` for a model integer field on a database: PostgreSQL (and
/// Django's base) by column size, SQLite the 64-bit range (from 0 for the positive kinds).
/// `None` for other kinds.
pub fn integer_range(field_type: FieldKind, dialect: Dialect) -> Option<(i64, i64)> {
    let range = match (dialect, field_type) {
        (Dialect::Sqlite, FieldKind::PositiveInteger) => (0, i64::MAX),
        (Dialect::Sqlite, t) if t.is_integer() => (i64::MIN, i64::MAX),
        (_, FieldKind::SmallInteger) => (i64::from(i16::MIN), i64::from(i16::MAX)),
        (_, FieldKind::Integer | FieldKind::Auto) => (i64::from(i32::MIN), i64::from(i32::MAX)),
        (_, FieldKind::PositiveInteger) => (0, i64::from(i32::MAX)),
        (_, FieldKind::BigInteger | FieldKind::BigAuto) => (i64::MIN, i64::MAX),
        _ => return None,
    };
    Some(range)
}

/// What a write is: DRF's `serializer.save()` after `is_valid()`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mode<'a> {
    /// POST: required fields must be present.
    Create,
    /// PUT on the object with this pk.
    Update(&'a Value),
    /// PATCH on the object with this pk: nothing is required.
    PartialUpdate(&'a Value),
}

impl<'a> Mode<'a> {
    fn partial(self) -> bool {
        matches!(self, Mode::PartialUpdate(_))
    }

    /// The pk of the instance being updated.
    fn pk(self) -> Option<&'a Value> {
        match self {
            Mode::Create => None,
            Mode::Update(pk) | Mode::PartialUpdate(pk) => Some(pk),
        }
    }
}

/// A file that passed validation, to store before the row is written.
#[derive(Debug, Clone)]
pub struct PendingFile {
    /// The model field.
    pub field: &'static FieldMeta,
    /// The upload.
    pub file: UploadedFile,
}

/// The outcome of validation: DRF's `validated_data`.
#[derive(Debug, Clone, Default)]
pub struct Validated {
    /// Field values to write, in field order (files excluded).
    pub values: Vec<(&'static str, Value)>,
    /// Uploads to store; their names join `values` once stored.
    pub files: Vec<PendingFile>,
    /// Many-to-many fields and the keys they are to hold.
    pub many_to_many: Vec<(&'static str, Vec<Value>)>,
}

impl Validated {
    /// A validated value; `None` when the request did not send the field.
    pub fn get(&self, field: &str) -> Option<&Value> {
        self.values
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, value)| value)
    }

    /// Replaces the value of a field of `model`, or adds it; `false` (and nothing set) when
    /// the model has no such field.
    pub fn set(&mut self, model: &ModelMeta, field: &str, value: Value) -> bool {
        let Some(meta) = model.field(field) else {
            return false;
        };
        match self.values.iter_mut().find(|(n, _)| *n == meta.name) {
            Some(slot) => slot.1 = value,
            None => self.values.push((meta.name, value)),
        }
        true
    }
}

/// Validates `body` against the serializer, DRF's `is_valid(raise_exception=True)`.
///
/// `skip` names fields the view fills from the request (`on_create`/`on_update`); they are
/// ignored in the body, as read-only fields are. Relations are checked against the database
/// (one statement each), then uniqueness.
pub async fn validate(
    meta: &'static SerializerMeta,
    body: &ParsedBody,
    mode: Mode<'_>,
    skip: &[&str],
    context: &Context<'_>,
) -> Result<Validated, ApiError> {
    let db = context.request.db();
    if body.data.is_null() {
        // `Serializer.errors` replaces the `null` error of a missing body with this one.
        return Err(ErrorTree::non_field("No data provided").into());
    }
    let Json::Object(data) = &body.data else {
        return Err(ErrorTree::non_field(format!(
            "Invalid data. Expected a dictionary, but got {}.",
            python_type(&body.data)
        ))
        .into());
    };
    let model = (meta.model)();
    // Messages per field in the serializer's order, so that uniqueness (checked after the
    // loop) lands in its field's place.
    let mut field_errors: Vec<(&'static str, Vec<String>)> = Vec::new();
    let mut validated = Validated::default();
    for field in fields(meta, db.dialect()) {
        // A method field replaces a model field of its name: output only.
        if field.read_only || skip.contains(&field.name) || meta.method_fields.contains(&field.name)
        {
            continue;
        }
        let result = match field.model_field.field_type {
            FieldKind::File | FieldKind::Image => {
                validate_file(&field, data, body, mode.partial()).map(|v| v.map(Input::File))
            }
            FieldKind::ForeignKey | FieldKind::OneToOne => {
                validate_relation(&field, data, body.html, mode.partial(), db)
                    .await?
                    .map(|v| v.map(Input::Value))
            }
            FieldKind::ManyToMany => validate_many(&field, data, body, mode.partial(), db)
                .await?
                .map(|v| v.map(Input::Many)),
            _ => {
                let surrogate = body
                    .lone_surrogates
                    .iter()
                    .find(|(name, _)| name == field.name)
                    .map(|(_, code)| *code);
                validate_plain(&field, data, body.html, mode.partial(), surrogate)
                    .map(|v| v.map(Input::Value))
            }
        };
        match result {
            Ok(None) => {}
            Ok(Some(Input::Value(value))) => validated.values.push((field.name, value)),
            Ok(Some(Input::Many(keys))) => validated.many_to_many.push((field.name, keys)),
            Ok(Some(Input::File(Some(file)))) => validated.files.push(PendingFile {
                field: field.model_field,
                file,
            }),
            Ok(Some(Input::File(None))) => {
                let cleared = if field.model_field.null {
                    Value::Null
                } else {
                    Value::Text(String::new())
                };
                validated.values.push((field.name, cleared));
            }
            Err(messages) => {
                field_errors.push((field.name, messages));
                continue;
            }
        }
        field_errors.push((field.name, Vec::new()));
    }
    // DRF's UniqueValidator runs per field, so its message sits beside the other fields'
    // errors; UniqueTogetherValidator runs only once every field is valid. One statement
    // checks every constraint the values touch.
    let conflicts = unique_conflicts(db, model, &validated.values, mode.pk())
        .await
        .map_err(ApiError::internal)?;
    let mut together = Vec::new();
    for fields in conflicts {
        match fields.as_slice() {
            [single] => {
                if let Some((_, messages)) = field_errors.iter_mut().find(|(n, _)| n == single) {
                    messages.push(unique_message(model, single));
                }
            }
            many => together.push(format!(
                "The fields {} must make a unique set.",
                many.join(", ")
            )),
        }
    }
    // DRF's `validate_<field>` runs on each field that passed its own validation, uniqueness
    // included.
    for (name, messages) in &mut field_errors {
        if !messages.is_empty() {
            continue;
        }
        let Some(slot) = validated.values.iter_mut().find(|(n, _)| n == name) else {
            continue;
        };
        let value = std::mem::replace(&mut slot.1, Value::Null);
        match context.hooks.field(context.request, name, value).await {
            Ok(value) => slot.1 = value,
            Err(ApiError::ValidationError(tree)) => messages.extend(leaf_messages(tree)),
            Err(other) => return Err(other),
        }
    }
    let mut errors = ErrorTree::new();
    for (name, messages) in field_errors {
        for message in messages {
            errors.add(name, message);
        }
    }
    if errors.is_empty() {
        for message in together {
            errors.add(NON_FIELD_ERRORS, message);
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    // DRF's `validate(attrs)`, once every field and unique set is valid; a bare message is a
    // `non_field_errors` one (`as_serializer_error`).
    let mut attrs = Attrs {
        model,
        validated: &mut validated,
        instance: context.instance,
    };
    match context.hooks.object(context.request, &mut attrs).await {
        Ok(()) => Ok(validated),
        Err(ApiError::ValidationError(ErrorTree::Messages(messages))) => {
            let mut tree = ErrorTree::new();
            for message in messages {
                tree.add(NON_FIELD_ERRORS, message);
            }
            Err(tree.into())
        }
        Err(other) => Err(other),
    }
}

/// The messages of a field hook's error: a bare list as it is, a nested one flattened.
fn leaf_messages(tree: ErrorTree) -> Vec<String> {
    match tree {
        ErrorTree::Messages(messages) => messages,
        ErrorTree::Fields(map) => map.into_values().flat_map(leaf_messages).collect(),
    }
}

/// What validation runs with besides the body: the serializer's hooks, the request, and on
/// update the instance (DRF's `serializer.context` and `serializer.instance`).
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub hooks: &'a dyn DynSerializer,
    pub request: &'a Request<'a>,
    pub instance: Option<Object<'a>>,
}

impl std::fmt::Debug for Context<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("request", self.request)
            .field("instance", &self.instance)
            .finish_non_exhaustive()
    }
}

/// DRF's overridable serializer methods. Both default to accepting what the fields accepted.
///
/// ```ignore
/// impl SerializerHooks for TicketSerializer {
///     // DRF: def validate_title(self, value)
///     async fn validate_field(&self, request: &Request<'_>, field: &str, value: Value) -> Result<Value, ApiError> {
///         match (field, &value) {
///             ("title", Value::Text(t)) if t.contains("urgent") => Err(ApiError::validation("Say it in the priority.")),
///             _ => Ok(value),
///         }
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` declares `hooks` but has no `impl SerializerHooks for {Self}`",
    label = "this serializer's hooks are yours to write",
    note = "write `impl restforge::http::serializer::SerializerHooks for {Self} {{ … }}` (in a generated project, in the app's `hooks.rs`), overriding the methods you need"
)]
pub trait SerializerHooks: Send + Sync + 'static {
    /// DRF's `validate_<field>`: called with each writable field's validated value; return the
    /// value to keep, or `ApiError::validation(message)` to list `message` under the field.
    fn validate_field(
        &self,
        request: &Request<'_>,
        field: &str,
        value: Value,
    ) -> impl Future<Output = Result<Value, ApiError>> + Send {
        let _ = (request, field);
        ready(Ok(value))
    }

    /// DRF's `validate(attrs)`: the object-level check, once every field is valid. A bare
    /// `ApiError::validation(message)` lands under `non_field_errors`.
    fn validate(
        &self,
        request: &Request<'_>,
        attrs: &mut Attrs<'_>,
    ) -> impl Future<Output = Result<(), ApiError>> + Send {
        let _ = (request, attrs);
        ready(Ok(()))
    }
}

/// A [`SerializerHooks`] behind a pointer. Implemented for every serializer.
pub trait DynSerializer: Send + Sync {
    /// [`SerializerHooks::validate_field`], boxed.
    fn field<'a>(
        &'a self,
        request: &'a Request<'a>,
        field: &'a str,
        value: Value,
    ) -> BoxFuture<'a, Result<Value, ApiError>>;

    /// [`SerializerHooks::validate`], boxed.
    fn object<'a>(
        &'a self,
        request: &'a Request<'a>,
        attrs: &'a mut Attrs<'_>,
    ) -> BoxFuture<'a, Result<(), ApiError>>;
}

impl<S: SerializerHooks> DynSerializer for S {
    fn field<'a>(
        &'a self,
        request: &'a Request<'a>,
        field: &'a str,
        value: Value,
    ) -> BoxFuture<'a, Result<Value, ApiError>> {
        Box::pin(self.validate_field(request, field, value))
    }

    fn object<'a>(
        &'a self,
        request: &'a Request<'a>,
        attrs: &'a mut Attrs<'_>,
    ) -> BoxFuture<'a, Result<(), ApiError>> {
        Box::pin(self.validate(request, attrs))
    }
}

/// The validated data at `validate(attrs)`: the fields the request sent, as validated.
#[derive(Debug)]
pub struct Attrs<'a> {
    model: &'static ModelMeta,
    validated: &'a mut Validated,
    instance: Option<Object<'a>>,
}

impl Attrs<'_> {
    /// A validated value; `None` when the request did not send the field.
    pub fn get(&self, field: &str) -> Option<&Value> {
        self.validated.get(field)
    }

    /// Replaces a validated value, or adds one for a field of the model the request did not
    /// send. A field the model does not have is ignored and returns `false`.
    pub fn set(&mut self, field: &str, value: Value) -> bool {
        self.validated.set(self.model, field, value)
    }

    /// The object being updated, before this request; `None` on create.
    pub fn instance(&self) -> Option<&Object<'_>> {
        self.instance.as_ref()
    }
}

enum Input {
    Value(Value),
    Many(Vec<Value>),
    /// `Some` for a new upload, `None` to clear the field.
    File(Option<UploadedFile>),
}

/// Python's type name of a decoded JSON value, for messages.
pub fn python_type(value: &Json) -> &'static str {
    match value {
        Json::Null => "NoneType",
        Json::Bool(_) => "bool",
        Json::Number(n) if n.is_f64() => "float",
        Json::Number(_) => "int",
        Json::String(_) => "str",
        Json::Array(_) => "list",
        Json::Object(_) => "dict",
    }
}

/// DRF's `Field.get_value`: `Ok(None)` is `empty` (absent). HTML form input has its own rules
/// for absent and empty values.
fn get_value(
    field: &SerializerField,
    data: &Map<String, Json>,
    html: bool,
    partial: bool,
    allow_null: bool,
    allow_blank: bool,
) -> Option<Json> {
    if !html {
        return data.get(field.name).cloned();
    }
    let Some(value) = data.get(field.name) else {
        if partial {
            return None;
        }
        // BooleanField.default_empty_html: an unticked checkbox is not sent at all.
        return (field.model_field.field_type == FieldKind::Boolean).then_some(Json::Bool(false));
    };
    if value.as_str() == Some("") {
        if allow_null {
            return Some(if allow_blank {
                Json::String(String::new())
            } else {
                Json::Null
            });
        }
        if !field.required {
            return allow_blank.then(|| Json::String(String::new()));
        }
    }
    Some(value.clone())
}

/// A plain field's value. `lone_surrogate` is the first lone surrogate escape the client's
/// JSON string had, which Python keeps and DRF's `CharField` (and its subclasses) refuse with
/// the last of its validators.
fn validate_plain(
    field: &SerializerField,
    data: &Map<String, Json>,
    html: bool,
    partial: bool,
    lone_surrogate: Option<u32>,
) -> Result<Option<Value>, Vec<String>> {
    let Some(inner) = &field.field else {
        return Ok(None);
    };
    // JSONField.get_value: a form's value is a JSON document (DRF's `JSONString`), parsed
    // as it is, without the empty-value rules of other fields.
    if html
        && field.model_field.field_type == FieldKind::Json
        && let Some(value) = data.get(field.name)
    {
        let text = value.as_str().unwrap_or_default();
        return match crate::core::json::parse(text.as_bytes()) {
            Ok(parsed) => Ok(Some(Value::from(FieldValue::Json(parsed)))),
            Err(_) => Err(vec!["Value must be valid JSON.".to_owned()]),
        };
    }
    let input = get_value(
        field,
        data,
        html,
        partial,
        inner.options.allow_null,
        inner.options.allow_blank,
    );
    if input.is_none() && (partial || !field.required) {
        return Ok(None);
    }
    let inner = inner.clone().required(field.required);
    Ok(inner
        .run_validation_noting(input.as_ref(), lone_surrogate)?
        .map(Value::from))
}

async fn validate_relation(
    field: &SerializerField,
    data: &Map<String, Json>,
    html: bool,
    partial: bool,
    db: &Database,
) -> Result<Result<Option<Value>, Vec<String>>, ApiError> {
    let meta = field.model_field;
    let input = get_value(field, data, html, partial, meta.null, false);
    let Some(input) = input else {
        if partial || !field.required {
            return Ok(Ok(None));
        }
        return Ok(Err(vec![fields::REQUIRED.to_owned()]));
    };
    // RelatedField.run_validation: an empty string is None.
    let input = if input.as_str() == Some("") {
        Json::Null
    } else {
        input
    };
    if input.is_null() {
        return Ok(if meta.null {
            Ok(Some(Value::Null))
        } else {
            Err(vec![fields::NULL.to_owned()])
        });
    }
    Ok(related_pk(meta, &input, db).await?.map(Some))
}

/// PrimaryKeyRelatedField's `to_internal_value`: the key of an existing related row, or
/// DRF's message (one statement).
async fn related_pk(
    meta: &FieldMeta,
    input: &Json,
    db: &Database,
) -> Result<Result<Value, Vec<String>>, ApiError> {
    let target = (meta.relation.expect("a relation field has a target").to)();
    let Some(pk) = lookup_value(target.pk_field(), input) else {
        return Ok(Err(vec![format!(
            "Incorrect type. Expected pk value, received {}.",
            python_type(input)
        )]));
    };
    let found = if fits(target.pk_field(), &pk) {
        Query::new(target)
            .get(db, &pk)
            .await
            .map_err(ApiError::internal)?
    } else {
        None
    };
    Ok(match found {
        Some(_) => Ok(pk),
        None => Err(vec![format!(
            "Invalid pk \"{}\" - object does not exist.",
            fields::python_str(input)
        )]),
    })
}

/// ManyRelatedField: a list of existing keys (`[]` only when the model field may be blank).
async fn validate_many(
    field: &SerializerField,
    data: &Map<String, Json>,
    body: &ParsedBody,
    partial: bool,
    db: &Database,
) -> Result<Result<Option<Vec<Value>>, Vec<String>>, ApiError> {
    let meta = field.model_field;
    let input = match data.get(field.name) {
        None if partial || !field.required => return Ok(Ok(None)),
        None => return Ok(Err(vec![fields::REQUIRED.to_owned()])),
        // ManyRelatedField.get_value: a form sends one key per value (`getlist`).
        Some(_) if body.html => match body.getlist(field.name) {
            Some(values) => Json::Array(values.clone()),
            None => Json::Array(Vec::new()),
        },
        Some(value) => value.clone(),
    };
    let items = match &input {
        Json::Array(items) => items,
        Json::Null => return Ok(Err(vec![fields::NULL.to_owned()])),
        other => {
            return Ok(Err(vec![format!(
                "Expected a list of items but got type \"{}\".",
                python_type(other)
            )]));
        }
    };
    if items.is_empty() && !meta.blank {
        return Ok(Err(vec!["This list may not be empty.".to_owned()]));
    }
    let mut keys = Vec::with_capacity(items.len());
    for item in items {
        match related_pk(meta, item, db).await? {
            Ok(pk) => keys.push(pk),
            Err(messages) => return Ok(Err(messages)),
        }
    }
    Ok(Ok(Some(keys)))
}

/// Whether an integer key fits the column's type: Django 5 answers "no rows" for a lookup
/// outside the database's range instead of letting PostgreSQL raise.
pub fn fits(field: &FieldMeta, value: &Value) -> bool {
    let Value::Int(n) = value else {
        return true;
    };
    match field.field_type {
        FieldKind::Auto | FieldKind::Integer | FieldKind::PositiveInteger => {
            i32::try_from(*n).is_ok()
        }
        FieldKind::SmallInteger => i16::try_from(*n).is_ok(),
        _ => true,
    }
}

/// A primary key from a JSON value or URL text, as Django's `get_prep_value` converts it;
/// `None` when it cannot be converted (DRF's `incorrect_type`, or a 404 `Not found.` in a URL).
pub fn lookup_value(pk: &FieldMeta, input: &Json) -> Option<Value> {
    if pk.field_type == FieldKind::Uuid {
        return input
            .as_str()
            .and_then(|s| uuid::Uuid::parse_str(s.trim()).ok())
            .map(Value::Uuid);
    }
    match input {
        Json::Number(n) => match n.as_i64() {
            Some(i) => Some(Value::Int(i)),
            // int(5.5) is 5 in Python.
            None => n
                .as_f64()
                .filter(|f| f.is_finite() && f.abs() < 9.2e18)
                .map(|f| Value::Int(f.trunc() as i64)),
        },
        Json::String(s) => python_int(s).map(Value::Int),
        _ => None,
    }
}

/// Python's `int(text)`: surrounding whitespace, a sign and single underscores between digits.
pub fn python_int(text: &str) -> Option<i64> {
    let text = text.trim();
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
        || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    {
        return None;
    }
    let number: i64 = digits.replace('_', "").parse().ok()?;
    Some(if negative { -number } else { number })
}

fn validate_file(
    field: &SerializerField,
    data: &Map<String, Json>,
    body: &ParsedBody,
    partial: bool,
) -> Result<Option<Option<UploadedFile>>, Vec<String>> {
    let meta = field.model_field;
    if let Some(file) = body.file(field.name) {
        return crate::http::media::validate_upload(meta, file).map(|()| Some(Some(file.clone())));
    }
    let input = get_value(field, data, body.html, partial, meta.null, false);
    match input {
        None if partial || !field.required => Ok(None),
        None => Err(vec!["No file was submitted.".to_owned()]),
        Some(Json::Null) if meta.null => Ok(Some(None)),
        Some(Json::Null) => Err(vec![fields::NULL.to_owned()]),
        Some(_) => Err(vec![
            "The submitted data was not a file. Check the encoding type on the form.".to_owned(),
        ]),
    }
}

/// The field errors a failed write reports when the database refused a unique value that
/// validation did not see (a race between two requests).
pub fn unique_error(model: &ModelMeta, fields: &[&'static str]) -> ApiError {
    let mut errors = ErrorTree::new();
    match fields {
        [single] => errors.add(single, unique_message(model, single)),
        many => errors.add(
            NON_FIELD_ERRORS,
            format!("The fields {} must make a unique set.", many.join(", ")),
        ),
    }
    errors.into()
}

/// DRF's ModelSerializer unique message, Django's template filled with raw verbose names:
/// `profile with this user already exists.`.
fn unique_message(model: &ModelMeta, field: &str) -> String {
    let verbose = model.field(field).map_or(field, |f| f.verbose_name);
    format!("{} with this {verbose} already exists.", model.verbose_name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::Model;
    use crate::http::meta::FieldSelection;

    #[derive(Debug, Clone, PartialEq, crate::prelude::Model)]
    #[restforge(app = "blog")]
    struct Post {
        id: i64,
        #[restforge(max_length = 10)]
        title: String,
        flag: bool,
        #[restforge(null, blank)]
        count: Option<i32>,
    }

    static SERIALIZER: SerializerMeta = SerializerMeta {
        name: "PostSerializer",
        model: <Post as Model>::meta,
        fields: FieldSelection::All,
        read_only: &[],
        write_only: &[],
        string_related: &[],
        extra: &[],
        method_fields: &[],
        method_field: None,
        hooks: &NoHooks,
    };

    /// DRF's serializer hooks.
    struct NoHooks;

    impl SerializerHooks for NoHooks {}

    fn body(data: Json, html: bool) -> ParsedBody {
        // A form's lists hold each name's one value.
        let lists = match (&data, html) {
            (Json::Object(fields), true) => fields
                .iter()
                .map(|(name, value)| (name.clone(), Json::Array(vec![value.clone()])))
                .collect(),
            _ => Map::new(),
        };
        ParsedBody {
            data,
            files: Vec::new(),
            html,
            lists,
            lone_surrogates: Vec::new(),
        }
    }

    async fn run(
        data: Json,
        html: bool,
        mode: Mode<'_>,
    ) -> Result<Vec<(&'static str, Value)>, String> {
        run_body(body(data, html), mode).await
    }

    async fn run_body(
        body: ParsedBody,
        mode: Mode<'_>,
    ) -> Result<Vec<(&'static str, Value)>, String> {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        let state = crate::http::app::AppState::new(
            db,
            crate::http::settings::Settings::new(),
            &crate::http::app::App::new("tests"),
        );
        let ctx = crate::http::request::RequestContext {
            method: axum::http::Method::POST,
            path: "/".into(),
            query: None,
            headers: axum::http::HeaderMap::new(),
            user: None,
            body: crate::http::request::Body::Bytes(Default::default()),
            remote_addr: None,
            secure: false,
            session_accessed: false,
        };
        let request = Request::new(&ctx, &state, Some("create"));
        let context = Context {
            hooks: &NoHooks,
            request: &request,
            instance: None,
        };
        match validate(&SERIALIZER, &body, mode, &[], &context).await {
            Ok(validated) => Ok(validated.values),
            Err(error) => Err(String::from_utf8(error.body()).unwrap()),
        }
    }

    /// DRF 3.18: Python keeps a lone surrogate escape in the `str`, and `CharField`'s last
    /// validator refuses it; a pair is one character.
    #[tokio::test]
    async fn lone_surrogates_are_refused_by_char_fields() {
        let parse =
            |json: &[u8]| crate::http::request::parse_body(Some("application/json"), json).unwrap();
        assert_eq!(
            run_body(parse(br#"{"title":"a\ud800","flag":true}"#), Mode::Create).await,
            Err(r#"{"title":["Surrogate characters are not allowed: U+D800."]}"#.into())
        );
        assert_eq!(
            run_body(
                parse(br#"{"title":"\ud83d\ude00","flag":true}"#),
                Mode::Create
            )
            .await
            .unwrap()[0],
            ("title", Value::Text("\u{1f600}".into()))
        );
    }

    #[tokio::test]
    async fn json_input() {
        assert_eq!(
            run(serde_json::json!({"id": 9}), false, Mode::Create).await,
            Err(
                r#"{"title":["This field is required."],"flag":["This field is required."]}"#
                    .into()
            )
        );
        assert_eq!(
            run(
                serde_json::json!({"title": " hi ", "flag": "yes", "count": null}),
                false,
                Mode::Create
            )
            .await
            .unwrap(),
            [
                ("title", Value::Text("hi".into())),
                ("flag", Value::Bool(true)),
                ("count", Value::Null)
            ]
        );
        assert_eq!(
            run(Json::Null, false, Mode::Create).await,
            Err(r#"{"non_field_errors":["No data provided"]}"#.into())
        );
        assert_eq!(
            run(serde_json::json!(3), false, Mode::Create).await,
            Err(
                r#"{"non_field_errors":["Invalid data. Expected a dictionary, but got int."]}"#
                    .into()
            )
        );
    }

    #[tokio::test]
    async fn partial_updates_require_nothing() {
        let pk = Value::Int(1);
        assert_eq!(
            run(serde_json::json!({}), false, Mode::PartialUpdate(&pk)).await,
            Ok(vec![])
        );
        assert_eq!(
            run(
                serde_json::json!({"title": ""}),
                false,
                Mode::PartialUpdate(&pk)
            )
            .await,
            Err(r#"{"title":["This field may not be blank."]}"#.into())
        );
    }

    #[tokio::test]
    async fn html_forms_read_absent_and_empty_values_as_drf() {
        // An absent checkbox is false; an empty value of a nullable field is null.
        assert_eq!(
            run(
                serde_json::json!({"title": "t", "count": ""}),
                true,
                Mode::Create
            )
            .await
            .unwrap(),
            [
                ("title", Value::Text("t".into())),
                ("flag", Value::Bool(false)),
                ("count", Value::Null)
            ]
        );
    }

    #[test]
    fn keys_from_json_and_urls() {
        let pk = Post::meta().pk_field();
        assert_eq!(
            lookup_value(pk, &serde_json::json!("12")),
            Some(Value::Int(12))
        );
        assert_eq!(
            lookup_value(pk, &serde_json::json!(" +1_0 ")),
            Some(Value::Int(10))
        );
        assert_eq!(
            lookup_value(pk, &serde_json::json!(5.7)),
            Some(Value::Int(5))
        );
        assert_eq!(lookup_value(pk, &serde_json::json!("abc")), None);
        assert_eq!(lookup_value(pk, &serde_json::json!(true)), None);
        assert_eq!(lookup_value(pk, &serde_json::json!([1])), None);
        assert_eq!(python_type(&serde_json::json!({})), "dict");
        assert_eq!(python_type(&serde_json::json!(1.5)), "float");
    }
}
