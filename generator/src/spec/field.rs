//! Model fields.

use super::{Located, ModelRef, Origin};

/// One model field, as Django's `models.Field`.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The attribute name (`user_profile`); the column of a relation adds `_id`.
    pub name: Located<String>,
    pub kind: Located<FieldKind>,
    /// Set for `foreign_key`, `one_to_one` and `many_to_many`.
    pub relation: Option<Relation>,
    pub max_length: Option<Located<u32>>,
    pub null: Located<bool>,
    pub blank: Located<bool>,
    pub default: Option<Located<DefaultValue>>,
    pub unique: Located<bool>,
    pub db_index: Located<bool>,
    pub choices: Vec<Choice>,
    pub auto_now: Located<bool>,
    pub auto_now_add: Located<bool>,
    pub verbose_name: Option<Located<String>>,
    pub help_text: Option<Located<String>>,
    pub upload_to: Option<Located<String>>,
    /// `GenericIPAddressField(protocol=…)`: `both` (the default), `IPv4` or `IPv6`.
    pub protocol: Option<Located<IpProtocol>>,
    pub min_value: Option<Located<i64>>,
    pub max_value: Option<Located<i64>>,
    pub max_digits: Option<Located<u32>>,
    pub decimal_places: Option<Located<u32>>,
    /// Explicit column name (Django's `db_column`).
    pub db_column: Option<Located<String>>,
    /// The field's previous name, so that a migration renames rather than drops and adds.
    pub renamed_from: Option<Located<String>>,
    pub origin: Origin,
}

impl Field {
    /// A field with Django's defaults for every option.
    pub fn new(name: Located<String>, kind: Located<FieldKind>, origin: Origin) -> Self {
        Field {
            name,
            kind,
            relation: None,
            max_length: None,
            null: Located::builtin(false),
            blank: Located::builtin(false),
            default: None,
            unique: Located::builtin(false),
            db_index: Located::builtin(false),
            choices: Vec::new(),
            auto_now: Located::builtin(false),
            auto_now_add: Located::builtin(false),
            verbose_name: None,
            help_text: None,
            upload_to: None,
            protocol: None,
            min_value: None,
            max_value: None,
            max_digits: None,
            decimal_places: None,
            db_column: None,
            renamed_from: None,
            origin,
        }
    }

    /// The column the field is stored in: its `db_column`, `<name>_id` for a foreign_key or
    /// one_to_one, else its name. A many_to_many field has none; this is its join table's
    /// prefix then, and callers ask [`FieldKind::has_column`] first.
    pub fn column_name(&self) -> String {
        match &self.db_column {
            Some(column) => column.value.clone(),
            None => crate::ident::column_name(
                &self.name.value,
                matches!(self.kind.value, FieldKind::ForeignKey | FieldKind::OneToOne),
            ),
        }
    }

    /// Django's `editable=False` fields: set by the server, read-only in a ModelSerializer.
    pub fn is_auto_set(&self) -> bool {
        self.auto_now.value || self.auto_now_add.value
    }
}

/// The field types a spec can use: Django's field classes, from the table every part of
/// restforge shares.
pub use restforge_core::kind::{FieldKind, IpProtocol, OnDelete};

/// The target of a relation field.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    pub to: Located<ModelRef>,
    /// Required for foreign_key and one_to_one, as in Django.
    pub on_delete: Option<Located<OnDelete>>,
    /// The reverse accessor name; the default is `<model>_set`, or `<model>` for one_to_one.
    pub related_name: Option<Located<String>>,
}

/// A field default as written in the spec.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    /// `uuid4`: a new random UUID for every row (Django's `default=uuid.uuid4`).
    Uuid4,
    /// `now`: the time of the insert (Django's `default=timezone.now`; today for a date).
    Now,
}

impl DefaultValue {
    /// The callable defaults by the word that names them in a spec and in `#[restforge]`.
    pub const CALLABLES: [(&'static str, DefaultValue); 2] =
        [("uuid4", DefaultValue::Uuid4), ("now", DefaultValue::Now)];

    /// The callable default a bare word names (`uuid4`, `now`).
    pub fn callable(word: &str) -> Option<DefaultValue> {
        Self::CALLABLES
            .iter()
            .find(|(name, _)| *name == word)
            .map(|(_, value)| value.clone())
    }

    /// The default as written: `null`, `true`, `3`, `2.5`, the string, or the callable's name.
    pub fn text(&self) -> String {
        match self {
            DefaultValue::Null => "null".to_string(),
            DefaultValue::Bool(b) => b.to_string(),
            DefaultValue::Int(i) => i.to_string(),
            DefaultValue::Float(f) => f.to_string(),
            DefaultValue::String(s) => s.clone(),
            DefaultValue::Uuid4 => "uuid4".to_string(),
            DefaultValue::Now => "now".to_string(),
        }
    }
}

/// One of a field's `choices`: the stored value and its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub value: Located<String>,
    pub label: Located<String>,
}
