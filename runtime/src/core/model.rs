//! [`Model`]: a struct that is a table, and [`ModelMeta`], everything the runtime knows about
//! it (Django's `Model._meta`). `#[derive(Model)]` writes both.
//!
//! ```
//! use restforge::contrib::auth::User;
//! use restforge::prelude::*;
//!
//! let meta = User::meta();
//! assert_eq!(meta.table, "auth_user");
//! assert_eq!(meta.field("username").unwrap().max_length, Some(150));
//! assert_eq!(meta.pk_field().name, "id");
//! ```

use crate::core::value::{FromValue, ToValue, Value, ValueError};

/// A model: a struct whose rows live in one table.
///
/// Rows move as `Vec<Value>` with one value per column, in [`ModelMeta::columns`] order
/// (the primary key first). Many-to-many fields have no column and move separately.
pub trait Model: Sized + Send + Sync + 'static {
    /// The primary key's Rust type (`i64`, `i32` or `Uuid`).
    type Pk: Clone + PartialEq + std::fmt::Debug + Send + Sync + ToValue + FromValue + 'static;

    /// The model's name (`Profile`), known at compile time.
    const NAME: &'static str;

    /// The names other items give its fields (each field, and `pk`), known at compile time:
    /// the derives check the names a serializer or view gives the model against them.
    const FIELD_NAMES: &'static [&'static str];

    /// The model's metadata.
    fn meta() -> &'static ModelMeta;

    /// The primary key.
    fn pk(&self) -> &Self::Pk;

    /// One value per column, in [`ModelMeta::columns`] order.
    fn to_row(&self) -> Vec<Value>;

    /// Reads a row in [`ModelMeta::columns`] order; many-to-many fields start empty.
    fn from_row(row: Vec<Value>) -> Result<Self, ValueError>;

    /// The value of a column field by name; `None` for unknown and many-to-many fields.
    fn get(&self, field: &str) -> Option<Value>;

    /// Sets a column field by name.
    fn set(&mut self, field: &str, value: Value) -> Result<(), ValueError>;

    /// The related keys of a many-to-many field; `None` when `field` is not one.
    fn many_to_many(&self, field: &str) -> Option<Vec<Value>>;

    /// Replaces the related keys of a many-to-many field.
    fn set_many_to_many(&mut self, field: &str, ids: Vec<Value>) -> Result<(), ValueError>;
}

/// Django's `Model._meta`.
#[derive(Debug)]
pub struct ModelMeta {
    /// The app label (`profiles`).
    pub app: &'static str,
    /// The struct name (`ProfileStatus`).
    pub name: &'static str,
    /// Django's `model_name`, also DRF's default basename (`profilestatus`).
    pub model_name: &'static str,
    pub table: &'static str,
    pub verbose_name: &'static str,
    pub verbose_name_plural: &'static str,
    /// Every field in declaration order, the primary key first.
    pub fields: &'static [FieldMeta],
    /// Default ordering, `-created_at` meaning descending.
    pub ordering: &'static [&'static str],
    /// Django's `__str__` as a path of fields (`["user", "username"]`); `None` means
    /// `<Name> object (<pk>)`.
    pub display: Option<&'static [&'static str]>,
    pub unique_together: &'static [&'static [&'static str]],
    pub indexes: &'static [IndexMeta],
}

impl ModelMeta {
    /// A field by name; `pk` names the primary key, as in Django lookups.
    pub fn field(&self, name: &str) -> Option<&'static FieldMeta> {
        if name == "pk" {
            return Some(self.pk_field());
        }
        self.fields.iter().find(|f| f.name == name)
    }

    /// The primary key field.
    pub fn pk_field(&self) -> &'static FieldMeta {
        self.fields
            .iter()
            .find(|f| f.primary_key)
            .expect("every model has a primary key")
    }

    /// The fields stored as columns, in row order.
    pub fn columns(&self) -> impl Iterator<Item = &'static FieldMeta> {
        self.fields.iter().filter(|f| f.column.is_some())
    }

    /// `app.Name`, Django's label.
    pub fn label(&self) -> String {
        format!("{}.{}", self.app, self.name)
    }
}

/// A database index over some fields.
#[derive(Debug)]
pub struct IndexMeta {
    pub fields: &'static [&'static str],
    /// The explicit name, when one was given.
    pub name: Option<&'static str>,
}

/// Django's model field classes: the table generator, derives and runtime share.
pub use restforge_core::kind::{FieldKind, IpProtocol, OnDelete};

/// A field's default as written in the declaration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DefaultValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'static str),
    /// `uuid4`: a new random UUID for each row (Django's `default=uuid.uuid4`).
    Uuid4,
    /// `now`: the time of the write, or today for a date (Django's `default=timezone.now`).
    Now,
}

impl DefaultValue {
    /// The default as a value (a string default of a decimal field is read as a decimal).
    /// Callables are called: each call of a `Uuid4` default gives a new UUID.
    pub fn to_value(self, field_type: FieldKind) -> Value {
        match self {
            DefaultValue::Uuid4 => Value::Uuid(uuid::Uuid::new_v4()),
            DefaultValue::Now if field_type == FieldKind::Date => {
                Value::Date(crate::core::types::now().date_naive())
            }
            DefaultValue::Now => Value::DateTime(crate::core::types::now()),
            DefaultValue::Null => Value::Null,
            DefaultValue::Bool(b) => Value::Bool(b),
            DefaultValue::Int(i) if field_type == FieldKind::Float => Value::Float(i as f64),
            DefaultValue::Int(i) => Value::Int(i),
            DefaultValue::Float(f) => Value::Float(f),
            DefaultValue::Str(s) if field_type == FieldKind::Decimal => s
                .parse()
                .map(Value::Decimal)
                .unwrap_or_else(|_| Value::Text(s.to_string())),
            DefaultValue::Str(s) => Value::Text(s.to_string()),
        }
    }
}

/// The target of a relation field.
#[derive(Debug, Clone, Copy)]
pub struct RelationMeta {
    /// The target model's metadata (a function, so models may point at each other).
    pub to: fn() -> &'static ModelMeta,
    /// `None` for many-to-many fields.
    pub on_delete: Option<OnDelete>,
    /// The reverse accessor; `None` for Django's default (`<model>_set`, or `<model>`).
    pub related_name: Option<&'static str>,
}

/// One model field with every option Django's field takes.
#[derive(Debug, Clone, Copy)]
pub struct FieldMeta {
    pub name: &'static str,
    /// The column (`user_profile_id` for a relation); `None` for many-to-many.
    pub column: Option<&'static str>,
    pub field_type: FieldKind,
    pub primary_key: bool,
    pub null: bool,
    pub blank: bool,
    pub unique: bool,
    pub db_index: bool,
    pub auto_now: bool,
    pub auto_now_add: bool,
    pub max_length: Option<u32>,
    pub max_digits: Option<u32>,
    pub decimal_places: Option<u32>,
    pub min_value: Option<i64>,
    pub max_value: Option<i64>,
    pub default: Option<DefaultValue>,
    /// `(stored value, label)` pairs; integer values are written as text.
    pub choices: &'static [(&'static str, &'static str)],
    pub upload_to: Option<&'static str>,
    /// `GenericIPAddressField(protocol=…)`; `None` for other kinds.
    pub protocol: Option<IpProtocol>,
    /// Django's verbose name (`status content` by default).
    pub verbose_name: &'static str,
    pub help_text: Option<&'static str>,
    pub relation: Option<RelationMeta>,
}

impl FieldMeta {
    /// Django's `editable`: primary keys and auto-set dates are set by the server, so a
    /// ModelSerializer makes them read-only.
    pub fn editable(&self) -> bool {
        !(self.primary_key || self.auto_now || self.auto_now_add)
    }

    /// Whether a ModelSerializer requires the field on create (DRF's `get_field_kwargs`:
    /// not when it has a default, may be blank or null, or is not editable).
    pub fn required(&self) -> bool {
        self.editable() && !(self.null || self.blank || self.default.is_some())
    }

    /// DRF's field label: the verbose name with a capital first letter (`Status content`).
    pub fn label(&self) -> String {
        let mut chars = self.verbose_name.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}
