//! The model state: the database schema that a spec's migrations produce, in plain data.
//!
//! The state of a project's database is the replay of its recorded migrations
//! ([`super::ops::replay`]); `makemigrations` compares it with the state of the spec
//! ([`ModelState::from_spec`]). Tables are listed in the order the migrations
//! create them and columns in their physical order, both as Django lays them out, so the
//! file is deterministic and reads like the database.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::names::meta_index_name;
use super::plan::{self, Operation};
use crate::ident;
use crate::spec::{AutoField, Field, FieldKind, Model, ModelRef, Spec};

/// The app label of Django's `django.contrib.auth` (`auth_user`).
pub const AUTH_APP: &str = "auth";
/// The app label of DRF's `rest_framework.authtoken` (`authtoken_token`).
pub const AUTHTOKEN_APP: &str = "authtoken";
/// The app label of Django's `django.contrib.sessions` (`django_session`).
pub const SESSIONS_APP: &str = "sessions";

/// Every table the migrations of a spec create, the built-in ones first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelState {
    pub tables: Vec<Table>,
}

/// One table: a model's, or the join table of a many-to-many field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub name: String,
    /// The Django app label that owns the table (`auth`, `authtoken` or the spec's app).
    pub app: String,
    /// The model name (`ProfileStatus`); Django's `<Model>_<field>` for a join table.
    pub model: String,
    pub columns: Vec<Column>,
    /// Column lists that must be unique together (`_uniq` constraints).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unique_together: Vec<Vec<String>>,
    /// `Meta.indexes`, with their names resolved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
    /// Set on a join table: the table and field of the many-to-many it stores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub many_to_many: Option<JoinOf>,
}

/// The owner of a many-to-many join table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinOf {
    pub table: String,
    pub field: String,
}

/// One column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    /// The model field stored in the column, when its name differs (`user` for `user_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(flatten)]
    pub ty: ColumnType,
    #[serde(default, skip_serializing_if = "is_false")]
    pub null: bool,
    /// A `UNIQUE` column; a primary key is unique without this flag, as in Django's DDL.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub primary_key: bool,
    /// Django's `db_index` (true for every foreign key and slug); a unique column gets no
    /// separate index.
    #[serde(default, skip_serializing_if = "is_false")]
    pub db_index: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub references: Option<Reference>,
}

impl Column {
    fn new(name: impl Into<String>, ty: ColumnType) -> Self {
        Column {
            name: name.into(),
            field: None,
            ty,
            null: false,
            unique: false,
            primary_key: false,
            db_index: false,
            references: None,
        }
    }

    /// The model field this column stores.
    pub fn field_name(&self) -> &str {
        self.field.as_deref().unwrap_or(&self.name)
    }

    /// Unique by itself: `UNIQUE` or the primary key (Django's `Field.unique`).
    pub fn is_unique(&self) -> bool {
        self.unique || self.primary_key
    }

    /// A foreign key or one-to-one column.
    pub fn is_relation(&self) -> bool {
        self.references.is_some()
    }
}

/// The SQL-neutral type of a column; each dialect maps it to its own type (see `sql.rs`).
/// A foreign key column has the type its target's primary key has in other tables
/// (`integer` for an auto pk, `bigint` for a big auto pk).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ColumnType {
    /// An `integer` primary key the database numbers (Django's `AutoField`).
    Auto,
    /// A `bigint` primary key the database numbers (Django's `BigAutoField`).
    BigAuto,
    /// `varchar(n)`: char, email, url, slug, file and image fields.
    Char {
        max_length: Option<u32>,
    },
    Text,
    Integer,
    BigInteger,
    SmallInteger,
    /// An integer with a `>= 0` check.
    PositiveInteger,
    Boolean,
    Float,
    Decimal {
        max_digits: Option<u32>,
        decimal_places: Option<u32>,
    },
    Date,
    #[serde(rename = "datetime")]
    DateTime,
    Time,
    Duration,
    Uuid,
    Json,
    /// Django's `GenericIPAddressField`: `inet` on PostgreSQL, `char(39)` elsewhere.
    IpAddress,
}

impl ColumnType {
    /// The type of a column that refers to a primary key of this type (Django's `rel_db_type`).
    pub fn as_reference(self) -> ColumnType {
        match self {
            ColumnType::Auto => ColumnType::Integer,
            ColumnType::BigAuto => ColumnType::BigInteger,
            other => other,
        }
    }
}

/// A foreign key target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    pub table: String,
    pub column: String,
}

/// A `Meta.indexes` entry. A column written `-name` is indexed in descending order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    pub name: String,
    pub columns: Vec<String>,
}

fn is_false(value: &bool) -> bool {
    !value
}

impl ModelState {
    /// The schema of a checked spec: `auth_user`, `authtoken_token` and `django_session`, then
    /// the app's tables
    /// in the order Django's `makemigrations` would create them.
    ///
    /// # Panics
    ///
    /// When a relation names a model the spec does not have; [`crate::check`] reports that.
    pub fn from_spec(spec: &Spec) -> ModelState {
        let mut tables = builtin_tables();
        let app_tables: Vec<Table> = spec
            .models
            .iter()
            .flat_map(|model| model_tables(spec, model))
            .collect();
        let operations = plan::initial_operations(&spec.app.value, &app_tables);
        tables.extend(plan::apply(&app_tables, &operations));
        ModelState { tables }
    }

    /// The state as YAML, byte for byte the same for the same spec.
    pub fn to_yaml(&self) -> String {
        serde_yaml::to_string(self).expect("the state is plain data")
    }

    /// Reads a state written by [`ModelState::to_yaml`].
    pub fn from_yaml(text: &str) -> Result<ModelState, serde_yaml::Error> {
        serde_yaml::from_str(text)
    }

    /// The state with tables, columns, unique constraints and indexes sorted by name: two
    /// databases with equal normalized states have the same schema, whatever order their
    /// migrations made it in (a column added later sits last in its table).
    pub fn normalized(&self) -> ModelState {
        let mut state = self.clone();
        state.tables.sort_by(|a, b| a.name.cmp(&b.name));
        for table in &mut state.tables {
            table.columns.sort_by(|a, b| a.name.cmp(&b.name));
            table.unique_together.sort();
            table.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        }
        state
    }

    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The tables of one app, in creation order.
    pub fn app_tables<'a>(&'a self, app: &'a str) -> impl Iterator<Item = &'a Table> + 'a {
        self.tables.iter().filter(move |t| t.app == app)
    }

    /// The operations of the initial migration of `app`, as Django's autodetector orders them.
    pub fn initial_operations(&self, app: &str) -> Vec<Operation> {
        let tables: Vec<Table> = self.app_tables(app).cloned().collect();
        plan::initial_operations(app, &tables)
    }
}

/// Tables found by name, and join tables by owner and field. Operations and relations name
/// tables, so searching a list for each would make large migrations quadratic. Of two tables
/// with one name, the first is found.
#[derive(Debug)]
pub struct TableIndex<'a> {
    by_name: HashMap<&'a str, &'a Table>,
    joins: HashMap<(&'a str, &'a str), &'a Table>,
}

impl<'a> TableIndex<'a> {
    pub fn new(tables: &'a [Table]) -> Self {
        let mut by_name = HashMap::with_capacity(tables.len());
        let mut joins = HashMap::new();
        for table in tables {
            by_name.entry(table.name.as_str()).or_insert(table);
            if let Some(m) = &table.many_to_many {
                joins
                    .entry((m.table.as_str(), m.field.as_str()))
                    .or_insert(table);
            }
        }
        TableIndex { by_name, joins }
    }

    pub fn get(&self, name: &str) -> Option<&'a Table> {
        self.by_name.get(name).copied()
    }

    /// The join table of the many-to-many field `field` of the table `owner`.
    pub fn join_of(&self, owner: &str, field: &str) -> Option<&'a Table> {
        self.joins.get(&(owner, field)).copied()
    }
}

/// `auth_user` (Django 5.2's `contrib.auth.User`), `authtoken_token` (DRF's `Token`) and
/// `django_session` (`contrib.sessions`' `Session`, what SessionAuthentication reads), columns in
/// model order. The auth app pins `AutoField`, whatever the project's default.
fn builtin_tables() -> Vec<Table> {
    let char = |n| ColumnType::Char {
        max_length: Some(n),
    };
    let not_null = |name: &str, ty| Column::new(name, ty);
    let mut id = Column::new("id", ColumnType::Auto);
    id.primary_key = true;
    let mut last_login = Column::new("last_login", ColumnType::DateTime);
    last_login.null = true;
    let mut username = Column::new("username", char(150));
    username.unique = true;
    let user = Table {
        name: "auth_user".into(),
        app: AUTH_APP.into(),
        model: "User".into(),
        columns: vec![
            id,
            not_null("password", char(128)),
            last_login,
            not_null("is_superuser", ColumnType::Boolean),
            username,
            not_null("first_name", char(150)),
            not_null("last_name", char(150)),
            not_null("email", char(254)),
            not_null("is_staff", ColumnType::Boolean),
            not_null("is_active", ColumnType::Boolean),
            not_null("date_joined", ColumnType::DateTime),
        ],
        unique_together: Vec::new(),
        indexes: Vec::new(),
        many_to_many: None,
    };

    let mut key = Column::new("key", char(40));
    key.primary_key = true;
    let mut user_id = Column::new("user_id", ColumnType::Integer);
    user_id.field = Some("user".into());
    user_id.unique = true;
    user_id.db_index = true;
    user_id.references = Some(Reference {
        table: "auth_user".into(),
        column: "id".into(),
    });
    let token = Table {
        name: "authtoken_token".into(),
        app: AUTHTOKEN_APP.into(),
        model: "Token".into(),
        columns: vec![key, not_null("created", ColumnType::DateTime), user_id],
        unique_together: Vec::new(),
        indexes: Vec::new(),
        many_to_many: None,
    };
    let mut session_key = Column::new("session_key", char(40));
    session_key.primary_key = true;
    let mut expire_date = Column::new("expire_date", ColumnType::DateTime);
    expire_date.db_index = true;
    let session = Table {
        name: "django_session".into(),
        app: SESSIONS_APP.into(),
        model: "Session".into(),
        columns: vec![
            session_key,
            not_null("session_data", ColumnType::Text),
            expire_date,
        ],
        unique_together: Vec::new(),
        indexes: Vec::new(),
        many_to_many: None,
    };
    vec![user, token, session]
}

fn table_name(spec: &Spec, model: &Model) -> String {
    model.table(&spec.app.value)
}

fn pk_type(kind: AutoField) -> ColumnType {
    match kind {
        AutoField::Auto => ColumnType::Auto,
        AutoField::BigAuto => ColumnType::BigAuto,
        AutoField::Uuid => ColumnType::Uuid,
    }
}

fn model_pk(spec: &Spec, model: &Model) -> AutoField {
    model
        .primary_key
        .as_ref()
        .map_or(spec.settings.default_auto_field.value, |pk| pk.value)
}

fn id_column(kind: AutoField) -> Column {
    let mut id = Column::new("id", pk_type(kind));
    id.primary_key = true;
    id
}

/// The table, primary key type and model name a relation points at.
fn target(spec: &Spec, to: &ModelRef) -> (String, ColumnType, String) {
    if to.is_auth_user() {
        return ("auth_user".into(), ColumnType::Auto, "user".into());
    }
    let model = spec
        .models
        .iter()
        .find(|m| m.name.value == to.name && to.app.as_deref().is_none_or(|a| a == spec.app.value))
        .unwrap_or_else(|| panic!("relation to unknown model `{to}`: the spec was not checked"));
    (
        table_name(spec, model),
        pk_type(model_pk(spec, model)),
        ident::model_name(&model.name.value),
    )
}

/// A model's table (columns in declaration order) and the join tables of its many-to-many
/// fields; [`plan::apply`] puts them in Django's order.
fn model_tables(spec: &Spec, model: &Model) -> Vec<Table> {
    let table = table_name(spec, model);
    let mut columns = vec![id_column(model_pk(spec, model))];
    let mut joins = Vec::new();
    for field in &model.fields {
        if field.kind.value == FieldKind::ManyToMany {
            joins.push(join_table(spec, model, &table, field));
        } else {
            columns.push(field_column(spec, field));
        }
    }
    let column_of = |name: &str| model.field(name).map_or(name.to_string(), column_name);
    let unique_together = model
        .unique_together
        .iter()
        .map(|names| names.iter().map(|n| column_of(&n.value)).collect())
        .collect();
    let indexes = model
        .indexes
        .iter()
        .map(|index| {
            let columns: Vec<String> = index
                .fields
                .iter()
                .map(|f| match f.value.strip_prefix('-') {
                    Some(name) => format!("-{}", column_of(name)),
                    None => column_of(&f.value),
                })
                .collect();
            let name = match &index.name {
                Some(name) => name.value.clone(),
                None => {
                    let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
                    meta_index_name(&table, &refs)
                }
            };
            Index { name, columns }
        })
        .collect();
    let mut tables = vec![Table {
        name: table,
        app: spec.app.value.clone(),
        model: model.name.value.clone(),
        columns,
        unique_together,
        indexes,
        many_to_many: None,
    }];
    tables.extend(joins);
    tables
}

pub(crate) fn column_name(field: &Field) -> String {
    field.column_name()
}

fn field_column(spec: &Spec, field: &Field) -> Column {
    let kind = field.kind.value;
    let max_length = field
        .max_length
        .as_ref()
        .map(|m| m.value)
        .or(kind.default_max_length());
    let mut references = None;
    let ty = match kind {
        FieldKind::Char
        | FieldKind::Email
        | FieldKind::Url
        | FieldKind::Slug
        | FieldKind::File
        | FieldKind::Image => ColumnType::Char { max_length },
        FieldKind::Text => ColumnType::Text,
        FieldKind::Integer => ColumnType::Integer,
        FieldKind::BigInteger => ColumnType::BigInteger,
        FieldKind::SmallInteger => ColumnType::SmallInteger,
        FieldKind::PositiveInteger => ColumnType::PositiveInteger,
        FieldKind::Boolean => ColumnType::Boolean,
        FieldKind::Float => ColumnType::Float,
        FieldKind::Decimal => ColumnType::Decimal {
            max_digits: field.max_digits.as_ref().map(|v| v.value),
            decimal_places: field.decimal_places.as_ref().map(|v| v.value),
        },
        FieldKind::Date => ColumnType::Date,
        FieldKind::DateTime => ColumnType::DateTime,
        FieldKind::Time => ColumnType::Time,
        FieldKind::Duration => ColumnType::Duration,
        FieldKind::Uuid => ColumnType::Uuid,
        FieldKind::Json => ColumnType::Json,
        FieldKind::IpAddress => ColumnType::IpAddress,
        FieldKind::Auto => ColumnType::Auto,
        FieldKind::BigAuto => ColumnType::BigAuto,
        FieldKind::ForeignKey | FieldKind::OneToOne => {
            let relation = field
                .relation
                .as_ref()
                .expect("a checked relation field has a target");
            let (table, pk, _) = target(spec, &relation.to.value);
            references = Some(Reference {
                table,
                column: "id".into(),
            });
            pk.as_reference()
        }
        FieldKind::ManyToMany => unreachable!("many-to-many fields have no column"),
    };
    let name = column_name(field);
    let mut column = Column::new(name, ty);
    if column.name != field.name.value {
        column.field = Some(field.name.value.clone());
    }
    column.null = field.null.value;
    column.unique = field.unique.value || kind == FieldKind::OneToOne;
    // Django indexes every foreign key and slug unless told otherwise.
    column.db_index = field.db_index.value || kind.info().implicit_index;
    column.references = references;
    column
}

/// Django's auto-created through model: `<table>_<field>` with `id`, `<model>_id` and
/// `<target>_id` (`from_<model>_id`/`to_<model>_id` when the model points at itself), unique
/// together. Its `id` follows the app's `DEFAULT_AUTO_FIELD`.
fn join_table(spec: &Spec, model: &Model, owner_table: &str, field: &Field) -> Table {
    let relation = field
        .relation
        .as_ref()
        .expect("a checked many_to_many field has a target");
    let owner_name = ident::model_name(&model.name.value);
    let owner_pk = pk_type(model_pk(spec, model));
    let (to_table, to_pk, to_name) = target(spec, &relation.to.value);
    let (from_column, to_column) = if to_table == owner_table {
        (format!("from_{owner_name}_id"), format!("to_{to_name}_id"))
    } else {
        (format!("{owner_name}_id"), format!("{to_name}_id"))
    };
    let link = |name: String, ty: ColumnType, table: &str| {
        let mut column = Column::new(name.clone(), ty.as_reference());
        column.field = name.strip_suffix("_id").map(str::to_string);
        column.db_index = true;
        column.references = Some(Reference {
            table: table.to_string(),
            column: "id".into(),
        });
        column
    };
    let columns = vec![
        id_column(spec.settings.default_auto_field.value),
        link(from_column.clone(), owner_pk, owner_table),
        link(to_column.clone(), to_pk, &to_table),
    ];
    Table {
        name: ident::join_table_name(owner_table, &field.name.value),
        app: spec.app.value.clone(),
        model: format!("{}_{}", model.name.value, field.name.value),
        columns,
        unique_together: vec![vec![from_column, to_column]],
        indexes: Vec::new(),
        many_to_many: Some(JoinOf {
            table: owner_table.to_string(),
            field: field.name.value.clone(),
        }),
    }
}
