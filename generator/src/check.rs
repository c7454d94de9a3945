//! Rules that span several items of a spec.
//!
//! The checks read only the IR, so a spec written in YAML and one written as Rust structs get
//! the same rules and the same messages. Each rule is one function whose doc states it; most
//! follow a Django system check or a DRF assertion, named where they do. Every rule runs, so
//! one pass reports every problem.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{Ctxt, Diagnostic, did_you_mean};
use crate::ident;
use crate::ident::NameKind;
use crate::spec::{
    Action, ByName, DefaultValue, ExtraAction, Field, FieldKind, Located, Model, ModelRef,
    OnDelete, Origin, PaginationStyle, PermissionRef, RequestValue, RouterKind, Routes, Serializer,
    SerializerFields, Settings, SignalAction, Spec, View, ViewSet,
};
use restforge_core::grammar;

/// The fields of Django's `auth.User` that a spec may reach through a relation.
pub const AUTH_USER_FIELDS: [(&str, FieldKind); 10] = [
    ("id", FieldKind::Integer),
    ("username", FieldKind::Char),
    ("email", FieldKind::Email),
    ("first_name", FieldKind::Char),
    ("last_name", FieldKind::Char),
    ("is_staff", FieldKind::Boolean),
    ("is_active", FieldKind::Boolean),
    ("is_superuser", FieldKind::Boolean),
    ("date_joined", FieldKind::DateTime),
    ("last_login", FieldKind::DateTime),
];

/// Django's limit on an explicit index name (`Index.max_name_length`).
const MAX_INDEX_NAME_LENGTH: usize = 30;

/// Checks every rule that spans several items, reporting every violation.
pub fn check(spec: &Spec) -> Result<(), Vec<Diagnostic>> {
    let cx = Ctxt::new();
    let ck = Checker::new(&cx, spec, Scope::Spec);
    ck.project_and_app();
    ck.item_names();
    ck.unique_names();
    ck.table_names();
    ck.index_names();
    for model in &spec.models {
        ck.columns(model);
        for field in &model.fields {
            ck.field(model, field);
        }
        ck.model_options(model);
    }
    ck.reverse_names();
    ck.settings();
    for serializer in &spec.serializers {
        ck.serializer(serializer);
    }
    ck.permission_owners();
    for viewset in &spec.viewsets {
        ck.viewset(viewset);
    }
    ck.views();
    ck.signals();
    ck.routes();
    cx.finish()
}

struct Checker<'a> {
    cx: &'a Ctxt,
    spec: &'a Spec,
    scope: Scope,
    /// Every relation, serializer and registration names an item that the checks look up.
    by_name: ByName<'a>,
}

/// What a check sees: a whole spec, or one item that a derive reads alone.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    Spec,
    /// One item: what it refers to outside itself (other models, serializers, permissions,
    /// settings) is unknown, so references to it are taken on trust and paths stop there.
    Item,
}

/// A model a relation can point at.
#[derive(Clone, Copy)]
enum Target<'a> {
    Local(&'a Model),
    AuthUser,
    /// A model an item check cannot see (the derive of one struct does not know the others):
    /// every field may exist, and a lookup path stops following when it gets here.
    Unknown,
}

/// What a path step finds: a field's kind and, for a relation, where it leads.
struct Found<'a> {
    kind: FieldKind,
    to: Option<&'a ModelRef>,
}

impl<'a> Target<'a> {
    fn name(self) -> String {
        match self {
            Target::Local(model) => model.name.value.clone(),
            Target::AuthUser => "auth.User".into(),
            Target::Unknown => "<unknown model>".into(),
        }
    }

    /// A field by name; `id` and `pk` are the primary key of every model.
    fn field(self, name: &str) -> Option<Found<'a>> {
        if name == "pk" || name == "id" {
            return Some(Found {
                kind: FieldKind::Integer,
                to: None,
            });
        }
        match self {
            Target::Local(model) => model.field(name).map(|field| Found {
                kind: field.kind.value,
                to: field.relation.as_ref().map(|r| &r.to.value),
            }),
            Target::AuthUser => {
                AUTH_USER_FIELDS
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, kind)| Found {
                        kind: *kind,
                        to: None,
                    })
            }
            Target::Unknown => None,
        }
    }

    fn field_names(self) -> Vec<&'a str> {
        let mut names = vec!["id"];
        match self {
            Target::Local(model) => {
                names.extend(model.fields.iter().map(|f| f.name.value.as_str()))
            }
            Target::AuthUser => names.extend(AUTH_USER_FIELDS.iter().skip(1).map(|(n, _)| *n)),
            Target::Unknown => {}
        }
        names
    }

    fn is_auth_user(self) -> bool {
        matches!(self, Target::AuthUser)
    }

    fn is_unknown(self) -> bool {
        matches!(self, Target::Unknown)
    }
}

/// How a lookup path may end.
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    /// A column: any field but many_to_many (filters, ordering, `unique_together`).
    Column,
    /// A value that text can be matched against: not a relation (`search_fields`).
    Value,
    /// A relation leading to `auth.User` (permission owners).
    User,
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `a char`, `an integer`: field kinds in running text.
fn a(kind: FieldKind) -> String {
    let name = kind.name();
    let article = if name.starts_with(['a', 'e', 'i', 'o']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

fn path_of(parts: &[&str]) -> String {
    parts.join(".")
}

impl<'a> Checker<'a> {
    fn new(cx: &'a Ctxt, spec: &'a Spec, scope: Scope) -> Self {
        Checker {
            cx,
            spec,
            scope,
            by_name: ByName::new(spec),
        }
    }

    fn error(&self, origin: Origin, path: impl Into<String>, message: impl Into<String>) {
        self.cx.error(origin, path, message);
    }

    fn error_hint(
        &self,
        origin: Origin,
        path: impl Into<String>,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        self.cx
            .push(Diagnostic::new(origin, path, message).with_hint(hint));
    }

    fn model(&self, name: &str) -> Option<&'a Model> {
        self.by_name.models.get(name).copied()
    }

    /// The model a reference names, when it exists; in an item check, a model of the app that
    /// the item cannot see is [`Target::Unknown`].
    fn target(&self, model: &ModelRef) -> Option<Target<'a>> {
        if model.is_auth_user() {
            Some(Target::AuthUser)
        } else if model.app.is_none() {
            match self.model(&model.name) {
                Some(found) => Some(Target::Local(found)),
                None if self.scope == Scope::Item => Some(Target::Unknown),
                None => None,
            }
        } else {
            None
        }
    }

    /// Every name a model reference could be, for suggestions.
    fn model_names(&self) -> Vec<&'a str> {
        let mut names: Vec<&str> = self
            .spec
            .models
            .iter()
            .map(|m| m.name.value.as_str())
            .collect();
        names.push("auth.User");
        names
    }

    /// Reports a reference to a model that does not exist.
    fn unknown_model(&self, model: &Located<ModelRef>, path: &str) {
        let text = model.value.to_string();
        let (message, hint) = match &model.value.app {
            Some(app) if *app == self.spec.app.value => (
                format!("unknown model `{text}`"),
                Some(format!(
                    "write `{}` for a model of this app",
                    model.value.name
                )),
            ),
            Some(app) if app != "auth" => (
                format!(
                    "unknown app `{app}` in `{text}`: only this app's models and `auth.User` exist"
                ),
                did_you_mean(&text, self.model_names()),
            ),
            _ => (
                format!("unknown model `{text}`"),
                did_you_mean(&text, self.model_names()),
            ),
        };
        self.error_hint(model.origin, path, message, hint);
    }

    /// The model a reference names, reporting it when it does not exist.
    fn resolve(&self, model: &Located<ModelRef>, path: &str) -> Option<Target<'a>> {
        let target = self.target(&model.value);
        if target.is_none() {
            self.unknown_model(model, path);
        }
        target
    }

    /// The model of a serializer, when the serializer and its model exist.
    fn serializer_target(&self, name: &str) -> Option<Target<'a>> {
        let Some(serializer) = self.by_name.serializers.get(name) else {
            return (self.scope == Scope::Item).then_some(Target::Unknown);
        };
        self.target(&serializer.model.value)
    }

    /// Follows a lookup path (`user_profile__user__username`, or `user.username` with `sep`
    /// `.`) from `start`; every step but the last must be a foreign_key or one_to_one.
    fn follow(
        &self,
        start: Target<'a>,
        path: &str,
        sep: &str,
        end: End,
    ) -> Result<(), (String, Option<String>)> {
        let segments: Vec<&str> = path.split(sep).collect();
        let mut here = start;
        for (i, segment) in segments.iter().enumerate() {
            if here.is_unknown() {
                return Ok(());
            }
            let last = i + 1 == segments.len();
            let Some(found) = here.field(segment) else {
                return Err((
                    format!("`{}` has no field `{segment}`", here.name()),
                    did_you_mean(segment, here.field_names()),
                ));
            };
            let follows = matches!(found.kind, FieldKind::ForeignKey | FieldKind::OneToOne);
            if found.kind == FieldKind::ManyToMany {
                return Err((
                    format!(
                        "`{segment}` is a many_to_many field; paths only follow foreign_key and one_to_one fields"
                    ),
                    None,
                ));
            }
            if last {
                return match end {
                    End::Column => Ok(()),
                    End::Value if follows => Err((
                        format!(
                            "`{segment}` is a relation; name a field of `{}` after it",
                            found.to.map(ToString::to_string).unwrap_or_default()
                        ),
                        Some(format!("such as `{path}{sep}id`")),
                    )),
                    End::Value => Ok(()),
                    End::User => match found.to {
                        Some(to) if to.is_auth_user() => Ok(()),
                        _ => Err((
                            format!(
                                "`{segment}` of `{}` is not a relation to `auth.User`",
                                here.name()
                            ),
                            None,
                        )),
                    },
                };
            }
            if !follows {
                return Err((
                    format!(
                        "`{segment}` is {} field of `{}`, not a relation to follow",
                        a(found.kind),
                        here.name()
                    ),
                    None,
                ));
            }
            match found.to.and_then(|to| self.target(to)) {
                Some(next) => here = next,
                // A missing target is reported with the relation.
                None => return Ok(()),
            }
        }
        Ok(())
    }

    /// Reports a lookup path that does not resolve.
    fn lookup(
        &self,
        start: Target<'a>,
        path: &Located<String>,
        sep: &str,
        end: End,
        key_path: &str,
        what: &str,
    ) {
        if let Err((message, hint)) = self.follow(start, &path.value, sep, end) {
            self.error_hint(
                path.origin,
                key_path,
                format!("{what} `{}`: {message}", path.value),
                hint,
            );
        }
    }

    // ---- names ----------------------------------------------------------------------------

    /// The project is a Cargo package name and the app a lowercase identifier.
    fn project_and_app(&self) {
        let project = &self.spec.project;
        let valid = project
            .value
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && project
                .value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !valid {
            self.error(
                project.origin,
                "project",
                format!(
                    "`{}` is not a valid Cargo package name: use letters, digits, `_` and `-`, starting with a letter",
                    project.value
                ),
            );
        } else if let Some(why) = ident::reserved(&project.value, NameKind::Project) {
            self.error_hint(
                project.origin,
                "project",
                format!("`{}` cannot be the project's name: {why}", project.value),
                Some(format!("such as `{}_api`", project.value)),
            );
        } else if ident::is_rust_keyword(&project.value.replace('-', "_")) {
            self.error(
                project.origin,
                "project",
                format!(
                    "`{}` is a Rust keyword, which Cargo refuses as a package name",
                    project.value
                ),
            );
        }
        let app = &self.spec.app;
        if !is_identifier(&app.value) || app.value.chars().any(|c| c.is_ascii_uppercase()) {
            self.error(
                app.origin,
                "app",
                format!(
                    "`{}` is not a valid app label: use lowercase letters, digits and `_`, like Django's `app_label`",
                    app.value
                ),
            );
        } else if ident::is_rust_keyword(&app.value) {
            self.error(
                app.origin,
                "app",
                format!(
                    "`{}` is a Rust keyword and cannot name the app's module",
                    app.value
                ),
            );
        } else if let Some(why) = ident::reserved(&app.value, NameKind::App) {
            self.error_hint(
                app.origin,
                "app",
                format!("`{}` cannot be the app label: {why}", app.value),
                Some("choose another label; it also prefixes the table names".into()),
            );
        }
    }

    /// Every name is a Rust identifier. Models, serializers, permissions, viewsets and views
    /// become Rust types: UpperCamelCase, not a keyword, and not a name generated code already
    /// uses; signals become functions: snake_case, not a keyword, not a generated function's
    /// name. Field names also follow Django (no `__`, no trailing `_`, not `pk`, not the
    /// implicit `id`); a field may be a keyword, which is written as a raw identifier.
    fn item_names(&self) {
        let spec = self.spec;
        let types = [
            (
                "models",
                spec.models.iter().map(|m| &m.name).collect::<Vec<_>>(),
            ),
            (
                "serializers",
                spec.serializers.iter().map(|s| &s.name).collect(),
            ),
            (
                "permissions",
                spec.permissions.iter().map(|p| &p.name).collect(),
            ),
            ("viewsets", spec.viewsets.iter().map(|v| &v.name).collect()),
            ("views", spec.views.iter().map(|v| &v.name).collect()),
        ];
        for (group, names) in types {
            for name in names {
                self.item_name(name, &path_of(&[group, &name.value]), NameKind::Type);
            }
        }
        for signal in &spec.signals {
            let path = path_of(&["signals", &signal.name.value]);
            self.item_name(&signal.name, &path, NameKind::Function);
        }
        for model in &spec.models {
            for field in &model.fields {
                let name = &field.name;
                let path = path_of(&["models", &model.name.value, "fields", &name.value]);
                if !self.identifier(name, &path) {
                    continue;
                }
                // Django's fields.E001, E002, E003 and models.E004.
                if name.value.ends_with('_') {
                    self.error(name.origin, &path, "field names must not end with `_`");
                } else if name.value.contains("__") {
                    self.error(
                        name.origin,
                        &path,
                        "field names must not contain `__`, which separates the steps of a lookup path",
                    );
                } else if name.value == "pk" {
                    self.error(
                        name.origin,
                        &path,
                        "`pk` is reserved: it always means the primary key",
                    );
                } else if name.value == "id" {
                    self.error_hint(
                        name.origin,
                        &path,
                        "a field named `id` clashes with the implicit primary key",
                        Some("set the model's `primary_key` to choose its kind".into()),
                    );
                }
            }
        }
    }

    /// Reports a type or function name generated code cannot declare. Hand-written Rust
    /// (an item check) declares its own names and manages its own imports, so only the
    /// spec's names are held to the case and reserved-name rules.
    fn item_name(&self, name: &Located<String>, path: &str, kind: NameKind) {
        if !self.identifier(name, path) {
            return;
        }
        if self.scope == Scope::Item {
            return;
        }
        let text = &name.value;
        let what = if kind == NameKind::Type {
            "type"
        } else {
            "function"
        };
        if ident::is_rust_keyword(text) {
            self.error(
                name.origin,
                path,
                format!("`{text}` is a Rust keyword and cannot name a generated {what}"),
            );
        } else if kind == NameKind::Type && !ident::is_upper_camel(text) {
            let camel = ident::camel(text);
            let hint = (ident::is_upper_camel(&camel) && ident::reserved(&camel, kind).is_none())
                .then(|| format!("write `{camel}`"));
            self.error_hint(
                name.origin,
                path,
                format!("`{text}` names a Rust type, which is written in UpperCamelCase"),
                hint,
            );
        } else if kind == NameKind::Function && !ident::is_snake(text) {
            self.error_hint(
                name.origin,
                path,
                format!("`{text}` names a Rust function, which is written in snake_case"),
                Some(format!("write `{}`", ident::snake(text))),
            );
        } else if let Some(why) = ident::reserved(text, kind)
            // DRF's own permissions are reported as such by `unique_names`.
            && !PermissionRef::BUILTIN.iter().any(|(name, _)| name == text)
        {
            self.error_hint(
                name.origin,
                path,
                format!("`{text}` cannot name a generated {what}: {why}"),
                Some("choose another name".into()),
            );
        }
    }

    /// Reports a name that cannot be a Rust identifier; true when it can.
    fn identifier(&self, name: &Located<String>, path: &str) -> bool {
        if !is_identifier(&name.value) {
            self.error(
                name.origin,
                path,
                format!(
                    "`{}` is not a valid name: use letters, digits and `_`, not starting with a digit",
                    name.value
                ),
            );
            return false;
        }
        if ident::RUST_NON_RAW_KEYWORDS.contains(&name.value.as_str()) {
            self.error(
                name.origin,
                path,
                format!(
                    "`{}` is a Rust keyword that cannot be used as a name",
                    name.value
                ),
            );
            return false;
        }
        true
    }

    /// Models, serializers, permissions, viewsets and views share one namespace (they become
    /// Rust types of one crate), declared permissions do not shadow DRF's, signal names are
    /// unique, and so are the fields of a model.
    fn unique_names(&self) {
        let spec = self.spec;
        let mut seen: HashMap<&str, &str> = PermissionRef::BUILTIN
            .iter()
            .map(|(name, _)| (*name, "a built-in permission"))
            .collect();
        let items = spec
            .models
            .iter()
            .map(|m| ("models", "a model", &m.name))
            .chain(
                spec.serializers
                    .iter()
                    .map(|s| ("serializers", "a serializer", &s.name)),
            )
            .chain(
                spec.permissions
                    .iter()
                    .map(|p| ("permissions", "a permission", &p.name)),
            )
            .chain(
                spec.viewsets
                    .iter()
                    .map(|v| ("viewsets", "a viewset", &v.name)),
            )
            .chain(spec.views.iter().map(|v| ("views", "a view", &v.name)));
        for (group, what, name) in items {
            if let Some(before) = seen.insert(&name.value, what) {
                self.error(
                    name.origin,
                    path_of(&[group, &name.value]),
                    format!("`{}` is already the name of {before}", name.value),
                );
            }
        }
        let mut signals = HashSet::new();
        for signal in &spec.signals {
            if !signals.insert(&signal.name.value) {
                self.error(
                    signal.name.origin,
                    path_of(&["signals", &signal.name.value]),
                    format!("duplicate signal `{}`", signal.name.value),
                );
            }
        }
        for model in &spec.models {
            let mut fields = HashSet::new();
            for field in &model.fields {
                if !fields.insert(&field.name.value) {
                    self.error(
                        field.name.origin,
                        path_of(&["models", &model.name.value, "fields", &field.name.value]),
                        format!("duplicate field `{}`", field.name.value),
                    );
                }
            }
        }
    }

    /// Every table a spec's migrations create has its own name: the built-in apps' tables,
    /// the models' tables and the join tables of many_to_many fields (Django's models.E028,
    /// fields.E340). Explicit names are letters, digits and `_`, not SQL reserved words, and
    /// fit PostgreSQL's 63 characters.
    fn table_names(&self) {
        let app = &self.spec.app.value;
        let mut tables: HashMap<String, String> = ident::BUILTIN_TABLES
            .iter()
            .map(|(table, app)| (table.to_string(), format!("the built-in `{app}` app")))
            .collect();
        for model in &self.spec.models {
            let table = model.table(app);
            let origin = model
                .db_table
                .as_ref()
                .map_or(model.name.origin, |t| t.origin);
            let path = path_of(&["models", &model.name.value]);
            if let Some(explicit) = &model.db_table {
                self.sql_name(explicit, &format!("{path}.db_table"), "table name");
            }
            if ident::is_sql_reserved(&table) {
                self.error_hint(
                    origin,
                    &path,
                    format!("table name `{table}` is an SQL reserved word"),
                    Some("choose another `db_table`".into()),
                );
            }
            let owner = format!("model `{}`", model.name.value);
            self.claim_table(&mut tables, &table, owner, origin, &path);
            for field in model
                .fields
                .iter()
                .filter(|f| f.kind.value == FieldKind::ManyToMany)
            {
                let join = ident::join_table_name(&table, &field.name.value);
                let owner = format!(
                    "the many_to_many field `{}.{}`",
                    model.name.value, field.name.value
                );
                let path = path_of(&["models", &model.name.value, "fields", &field.name.value]);
                self.claim_table(&mut tables, &join, owner, field.name.origin, &path);
            }
        }
    }

    /// Records that `owner` creates `table`, reporting a table created twice.
    fn claim_table(
        &self,
        tables: &mut HashMap<String, String>,
        table: &str,
        owner: String,
        origin: Origin,
        path: &str,
    ) {
        match tables.get(table) {
            Some(other) => self.error_hint(
                origin,
                path,
                format!("table `{table}` of {owner} is also the table of {other}"),
                Some("set a distinct `db_table`".into()),
            ),
            None => {
                tables.insert(table.to_string(), owner);
            }
        }
    }

    /// A name written into DDL as is (`db_table`, `db_column`, an index name): letters,
    /// digits and `_`, not starting with a digit, within PostgreSQL's 63 characters (a longer
    /// name would be cut short there, and could then clash).
    fn sql_name(&self, name: &Located<String>, path: &str, what: &str) -> bool {
        if !is_identifier(&name.value) {
            self.error(
                name.origin,
                path,
                format!(
                    "{what} `{}` must be letters, digits and `_`, not starting with a digit",
                    name.value
                ),
            );
            return false;
        }
        if name.value.chars().count() > crate::names::POSTGRES_MAX_NAME_LENGTH {
            self.error(
                name.origin,
                path,
                format!(
                    "{what} `{}` is longer than 63 characters, PostgreSQL's limit",
                    name.value
                ),
            );
            return false;
        }
        true
    }

    /// The columns of a model's table are distinct (Django's models.E007): the primary key
    /// `id`, `<name>_id` of a foreign_key or one_to_one, a field's name, or its `db_column`.
    fn columns(&self, model: &Model) {
        let mut columns: HashMap<String, String> =
            HashMap::from([("id".to_string(), "the primary key `id`".to_string())]);
        for field in model.fields.iter().filter(|f| f.kind.value.has_column()) {
            // A field named `id` is reported by `item_names`.
            if field.name.value == "id" && field.db_column.is_none() {
                continue;
            }
            let path = path_of(&["models", &model.name.value, "fields", &field.name.value]);
            if let Some(column) = &field.db_column
                && !self.sql_name(column, &format!("{path}.db_column"), "column name")
            {
                continue;
            }
            let column = field.column_name();
            let origin = field
                .db_column
                .as_ref()
                .map_or(field.name.origin, |c| c.origin);
            match columns.get(&column) {
                Some(other) => self.error_hint(
                    origin,
                    &path,
                    format!(
                        "column `{column}` of field `{}` is also the column of {other}",
                        field.name.value
                    ),
                    Some("rename the field or set a distinct `db_column`".into()),
                ),
                None => {
                    columns.insert(column, format!("field `{}`", field.name.value));
                }
            }
        }
    }

    /// Explicit index names are valid (Django's models.E033, E034) and unique across every
    /// model (models.E029, E030): an index name is a name in the whole database.
    fn index_names(&self) {
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for model in &self.spec.models {
            for index in &model.indexes {
                let Some(name) = &index.name else { continue };
                let path = path_of(&["models", &model.name.value, "indexes"]);
                if name.value.starts_with('_')
                    || name.value.starts_with(|c: char| c.is_ascii_digit())
                {
                    self.error(
                        name.origin,
                        &path,
                        format!(
                            "index name `{}` cannot start with `_` or a digit",
                            name.value
                        ),
                    );
                    continue;
                }
                if !self.sql_name(name, &path, "index name") {
                    continue;
                }
                if name.value.chars().count() > MAX_INDEX_NAME_LENGTH {
                    self.error(
                        name.origin,
                        &path,
                        format!(
                            "index name `{}` is longer than {MAX_INDEX_NAME_LENGTH} characters, Django's limit",
                            name.value
                        ),
                    );
                }
                if let Some(other) = seen.insert(&name.value, &model.name.value) {
                    let whose = if other == model.name.value {
                        "another index of this model".to_string()
                    } else {
                        format!("an index of model `{other}`")
                    };
                    self.error(
                        name.origin,
                        &path,
                        format!("index name `{}` is also the name of {whose}", name.value),
                    );
                }
            }
        }
    }

    // ---- fields ---------------------------------------------------------------------------

    fn field(&self, model: &'a Model, field: &'a Field) {
        let path = path_of(&["models", &model.name.value, "fields", &field.name.value]);
        self.relation(field, &path);
        self.max_length(field, &path);
        self.blank_has_a_value(field, &path);
        self.decimal(field, &path);
        self.auto_now(field, &path);
        self.kind_specific_options(field, &path);
        self.min_max(field, &path);
        self.choices(field, &path);
        self.default(field, &path);
    }

    /// A relation kind names an existing target with `to`, foreign_key and one_to_one need
    /// `on_delete` (only they take it), `set_null` needs `null: true` and `set_default` a
    /// default (Django's fields.E320, E321).
    fn relation(&self, field: &Field, path: &str) {
        let kind = field.kind.value;
        let Some(relation) = &field.relation else {
            if kind.is_relation() {
                self.error_hint(
                    field.origin,
                    path,
                    format!("{} field needs `to`, the model it points at", a(kind)),
                    Some("such as `to: auth.User`".into()),
                );
            }
            return;
        };
        if !kind.is_relation() {
            self.error(
                relation.to.origin,
                format!("{path}.to"),
                format!(
                    "`to` only applies to foreign_key, one_to_one and many_to_many fields, not to {} field",
                    a(kind)
                ),
            );
            return;
        }
        self.resolve(&relation.to, &format!("{path}.to"));
        let choices: Vec<String> = OnDelete::ALL
            .iter()
            .map(|(n, _)| format!("`{n}`"))
            .collect();
        match (&relation.on_delete, kind) {
            (None, FieldKind::ForeignKey | FieldKind::OneToOne) => self.error_hint(
                field.origin,
                path,
                format!("{} field needs `on_delete`", a(kind)),
                Some(format!("one of {}", choices.join(", "))),
            ),
            (Some(on_delete), FieldKind::ManyToMany) => self.error(
                on_delete.origin,
                format!("{path}.on_delete"),
                "`on_delete` does not apply to many_to_many fields",
            ),
            (Some(on_delete), _) if on_delete.value == OnDelete::SetNull && !field.null.value => {
                self.error_hint(
                    on_delete.origin,
                    format!("{path}.on_delete"),
                    "`on_delete: set_null` needs `null: true`",
                    Some("add `null: true` or choose another `on_delete`".into()),
                )
            }
            (Some(on_delete), _)
                if on_delete.value == OnDelete::SetDefault && field.default.is_none() =>
            {
                self.error_hint(
                    on_delete.origin,
                    format!("{path}.on_delete"),
                    "`on_delete: set_default` needs a `default`",
                    None,
                )
            }
            _ => {}
        }
        if kind == FieldKind::ManyToMany {
            if field.unique.value {
                self.error(
                    field.unique.origin,
                    format!("{path}.unique"),
                    "many_to_many fields cannot be unique",
                );
            }
            if field.null.value {
                self.error(
                    field.null.origin,
                    format!("{path}.null"),
                    "`null` has no effect on many_to_many fields, which have no column",
                );
            }
        }
        if let Some(name) = &relation.related_name
            && !is_identifier(&name.value)
            && name.value != "+"
        {
            self.error(
                name.origin,
                format!("{path}.related_name"),
                format!("`{}` is not a valid related name", name.value),
            );
        }
    }

    /// char needs a positive `max_length` (fields.E120, E121); only string and file kinds take one.
    fn max_length(&self, field: &Field, path: &str) {
        let kind = field.kind.value;
        match &field.max_length {
            None if kind == FieldKind::Char => self.error_hint(
                field.origin,
                path,
                "a char field needs `max_length`",
                Some("use `type: text` for unbounded text".into()),
            ),
            Some(max) if !(kind.is_string() || kind.is_file()) => self.error(
                max.origin,
                format!("{path}.max_length"),
                format!("`max_length` does not apply to {} field", a(kind)),
            ),
            Some(max) if max.value == 0 => self.error(
                max.origin,
                format!("{path}.max_length"),
                "`max_length` must be a positive integer",
            ),
            _ => {}
        }
    }

    /// `blank: true` on a field without an empty string to store needs `null: true` or a
    /// default, or an omitted value could not be saved.
    fn blank_has_a_value(&self, field: &Field, path: &str) {
        let kind = field.kind.value;
        let has_empty = kind.is_string() || kind.is_file() || !kind.has_column();
        // An ip_address stores a blank value as NULL; `kind_specific_options` says so.
        if field.blank.value
            && kind != FieldKind::IpAddress
            && !has_empty
            && !field.null.value
            && field.default.is_none()
            && !field.is_auto_set()
        {
            self.error_hint(
                field.blank.origin,
                format!("{path}.blank"),
                format!(
                    "`blank: true` on {} field needs `null: true` or a `default`: an omitted value has nothing to store",
                    a(kind)
                ),
                None,
            );
        }
    }

    /// decimal needs `max_digits` and `decimal_places`, with places ≤ digits (fields.E130–E134);
    /// other kinds take neither.
    fn decimal(&self, field: &Field, path: &str) {
        if field.kind.value != FieldKind::Decimal {
            for (key, value) in [
                ("max_digits", &field.max_digits),
                ("decimal_places", &field.decimal_places),
            ] {
                if let Some(value) = value {
                    self.error(
                        value.origin,
                        format!("{path}.{key}"),
                        format!("`{key}` only applies to decimal fields"),
                    );
                }
            }
            return;
        }
        match (&field.max_digits, &field.decimal_places) {
            (Some(digits), Some(places)) => {
                if digits.value == 0 {
                    self.error(
                        digits.origin,
                        format!("{path}.max_digits"),
                        "`max_digits` must be a positive integer",
                    );
                } else if places.value > digits.value {
                    self.error(
                        places.origin,
                        format!("{path}.decimal_places"),
                        format!(
                            "`decimal_places` ({}) must not exceed `max_digits` ({})",
                            places.value, digits.value
                        ),
                    );
                }
            }
            (digits, places) => {
                let missing: Vec<&str> = [
                    ("`max_digits`", digits.is_none()),
                    ("`decimal_places`", places.is_none()),
                ]
                .into_iter()
                .filter(|(_, missing)| *missing)
                .map(|(key, _)| key)
                .collect();
                self.error(
                    field.origin,
                    path,
                    format!("a decimal field needs {}", missing.join(" and ")),
                );
            }
        }
    }

    /// `auto_now` and `auto_now_add` apply to date, datetime and time fields, and exclude each
    /// other and `default` (fields.E160).
    fn auto_now(&self, field: &Field, path: &str) {
        let set: Vec<(&str, Origin)> = [
            ("auto_now", &field.auto_now),
            ("auto_now_add", &field.auto_now_add),
        ]
        .into_iter()
        .filter(|(_, v)| v.value)
        .map(|(key, v)| (key, v.origin))
        .collect();
        if !field.kind.value.is_temporal() {
            for (key, origin) in &set {
                self.error(
                    *origin,
                    format!("{path}.{key}"),
                    format!("`{key}` only applies to date, datetime and time fields"),
                );
            }
            return;
        }
        if set.len() == 2 {
            self.error(
                set[1].1,
                format!("{path}.auto_now_add"),
                "`auto_now` and `auto_now_add` exclude each other",
            );
        } else if let (Some((key, _)), Some(default)) = (set.first(), &field.default) {
            self.error(
                default.origin,
                format!("{path}.default"),
                format!("`{key}` and `default` exclude each other"),
            );
        }
    }

    /// `upload_to` applies to file and image fields only, is a relative path below the media
    /// root, and a strftime pattern when it has `%` (Django formats it with the upload's date).
    /// `protocol` applies to ip_address fields only, which store a blank value as NULL and so
    /// need `null` with `blank` (Django's fields.E150).
    fn kind_specific_options(&self, field: &Field, path: &str) {
        if let Some(protocol) = &field.protocol
            && field.kind.value != FieldKind::IpAddress
        {
            self.error(
                protocol.origin,
                format!("{path}.protocol"),
                format!(
                    "`protocol` only applies to ip_address fields, not to {} field",
                    a(field.kind.value)
                ),
            );
        }
        if field.kind.value == FieldKind::IpAddress && field.blank.value && !field.null.value {
            self.error_hint(
                field.blank.origin,
                format!("{path}.blank"),
                "an ip_address field cannot be blank without being null: Django stores a blank \
                 address as NULL",
                Some("add `null: true`, or remove `blank`".to_string()),
            );
        }
        let Some(upload_to) = &field.upload_to else {
            return;
        };
        let error = |message: String| {
            self.error(upload_to.origin, format!("{path}.upload_to"), message);
        };
        if !field.kind.value.is_file() {
            error(format!(
                "`upload_to` only applies to file and image fields, not to {} field",
                a(field.kind.value)
            ));
            return;
        }
        let value = &upload_to.value;
        if value.starts_with('/') || value.contains('\\') || value.split('/').any(|s| s == "..") {
            error(format!(
                "`{value}` leaves the media root: `upload_to` is a relative path such as `avatars/`"
            ));
        }
        if let Some(directive) = unknown_strftime_directive(value) {
            error(format!(
                "`{directive}` in `{value}` is not a strftime directive; use `%Y`, `%m`, `%d`, `%H`, \
                 `%M`, `%S`, … or `%%` for a literal `%`"
            ));
        }
    }

    /// `min_value` and `max_value` apply to numbers only, and min ≤ max.
    fn min_max(&self, field: &Field, path: &str) {
        let kind = field.kind.value;
        let numeric = kind.is_integer() || matches!(kind, FieldKind::Float | FieldKind::Decimal);
        for (key, value) in [
            ("min_value", &field.min_value),
            ("max_value", &field.max_value),
        ] {
            if let Some(value) = value
                && !numeric
            {
                self.error(
                    value.origin,
                    format!("{path}.{key}"),
                    format!(
                        "`{key}` only applies to number fields, not to {} field",
                        a(kind)
                    ),
                );
            }
        }
        if let (true, Some(min), Some(max)) = (numeric, &field.min_value, &field.max_value)
            && min.value > max.value
        {
            self.error(
                max.origin,
                format!("{path}.max_value"),
                format!(
                    "`max_value` ({}) is less than `min_value` ({})",
                    max.value, min.value
                ),
            );
        }
    }

    /// Choices apply to plain value fields; their values are unique, fit `max_length` and are
    /// integers on integer fields.
    fn choices(&self, field: &Field, path: &str) {
        let kind = field.kind.value;
        if field.choices.is_empty() {
            return;
        }
        if kind.is_relation()
            || kind.is_file()
            || matches!(kind, FieldKind::Json | FieldKind::Boolean)
        {
            self.error(
                field.choices[0].value.origin,
                format!("{path}.choices"),
                format!("`choices` do not apply to {} field", a(kind)),
            );
            return;
        }
        let mut seen = HashSet::new();
        for (i, choice) in field.choices.iter().enumerate() {
            let value = &choice.value;
            let choice_path = format!("{path}.choices[{i}]");
            if !seen.insert(value.value.as_str()) {
                self.error(
                    value.origin,
                    &choice_path,
                    format!("duplicate choice `{}`", value.value),
                );
            }
            if let Some(max) = &field.max_length
                && value.value.chars().count() > max.value as usize
            {
                self.error(
                    value.origin,
                    &choice_path,
                    format!(
                        "choice `{}` is longer than the field's `max_length` ({})",
                        value.value, max.value
                    ),
                );
            }
            if kind.is_integer() && value.value.parse::<i64>().is_err() {
                self.error(
                    value.origin,
                    &choice_path,
                    format!(
                        "choice `{}` is not an integer, as {} field needs",
                        value.value,
                        a(kind)
                    ),
                );
            }
        }
    }

    /// A default suits the field's kind, is null only on a `null: true` field and is one of
    /// the choices when there are choices.
    fn default(&self, field: &Field, path: &str) {
        let Some(default) = &field.default else {
            return;
        };
        let kind = field.kind.value;
        let path = format!("{path}.default");
        let fits = match &default.value {
            DefaultValue::Null => {
                if !field.null.value {
                    self.error_hint(
                        default.origin,
                        &path,
                        "a `null` default needs `null: true`",
                        None,
                    );
                }
                return;
            }
            DefaultValue::Bool(_) => kind == FieldKind::Boolean || kind == FieldKind::Json,
            DefaultValue::Int(_) => {
                kind.is_integer()
                    || matches!(
                        kind,
                        FieldKind::Float | FieldKind::Decimal | FieldKind::Json
                    )
                    || (kind.is_relation() && kind.has_column())
            }
            DefaultValue::Float(_) => matches!(
                kind,
                FieldKind::Float | FieldKind::Decimal | FieldKind::Json
            ),
            DefaultValue::String(_) => {
                !(kind.is_integer()
                    || kind.is_relation()
                    || matches!(
                        kind,
                        FieldKind::Boolean | FieldKind::Float | FieldKind::Decimal
                    ))
            }
            // A callable suits the kinds whose values it makes; for text the word itself is
            // meant, written quoted.
            DefaultValue::Uuid4 | DefaultValue::Now => {
                let suits = match default.value {
                    DefaultValue::Uuid4 => kind == FieldKind::Uuid,
                    _ => matches!(kind, FieldKind::Date | FieldKind::DateTime),
                };
                if !suits {
                    let text = default.value.text();
                    let hint = if kind.is_string() {
                        format!("for the text `{text}`, write it quoted")
                    } else {
                        "`uuid4` suits a uuid field, `now` a date or datetime field".to_string()
                    };
                    self.error_hint(
                        default.origin,
                        &path,
                        format!("default `{text}` does not suit {} field", a(kind)),
                        Some(hint),
                    );
                }
                return;
            }
        };
        let text = default.value.text();
        if !fits || kind == FieldKind::ManyToMany {
            self.error(
                default.origin,
                &path,
                format!("default `{text}` does not suit {} field", a(kind)),
            );
            return;
        }
        if let Err((message, hint)) = default_value_fits(field, &default.value) {
            self.error_hint(default.origin, &path, message.replace("{}", &text), hint);
            return;
        }
        if !field.choices.is_empty() && !field.choices.iter().any(|c| c.value.value == text) {
            let hint = did_you_mean(&text, field.choices.iter().map(|c| c.value.value.as_str()));
            self.error_hint(
                default.origin,
                &path,
                format!("default `{text}` is not one of the choices"),
                hint,
            );
        }
    }

    /// Two relations to one model do not share a reverse name (`<model>_set`, `<model>` for
    /// one_to_one, or `related_name`), Django's fields.E304.
    fn reverse_names(&self) {
        let mut seen: HashMap<(String, String), String> = HashMap::new();
        for model in &self.spec.models {
            for field in &model.fields {
                let Some(relation) = &field.relation else {
                    continue;
                };
                let Some(name) = reverse_name(model, field) else {
                    continue;
                };
                let key = (relation.to.value.to_string(), name.clone());
                let here = format!("{}.{}", model.name.value, field.name.value);
                if let Some(other) = seen.insert(key, here.clone()) {
                    self.error_hint(
                        field.origin,
                        path_of(&["models", &model.name.value, "fields", &field.name.value]),
                        format!(
                            "reverse name `{name}` on `{}` clashes with `{other}`",
                            relation.to.value
                        ),
                        Some("set a distinct `related_name`".into()),
                    );
                }
            }
        }
    }

    /// Ordering, `unique_together`, index and display paths name fields of the model.
    fn model_options(&self, model: &'a Model) {
        let base = path_of(&["models", &model.name.value]);
        let target = Target::Local(model);
        for name in &model.ordering {
            // Django's models.E015; `?` orders randomly.
            if name.value == "?" {
                continue;
            }
            let field = name.value.strip_prefix('-').unwrap_or(&name.value);
            let located = Located::new(field.to_string(), name.origin);
            self.lookup(
                target,
                &located,
                "__",
                End::Column,
                &format!("{base}.ordering"),
                "ordering",
            );
        }
        // Django's models.E012: `unique_together` and `indexes` name fields; `pk` is an alias
        // that only lookups understand, and only an index may order a field descending.
        let groups = model
            .unique_together
            .iter()
            .map(|group| ("unique_together", group))
            .chain(model.indexes.iter().map(|index| ("indexes", &index.fields)));
        for (key, names) in groups {
            for name in names {
                let field = match name.value.strip_prefix('-') {
                    Some(field) if key == "indexes" => field,
                    _ => name.value.as_str(),
                };
                if field == "pk" {
                    self.error_hint(
                        name.origin,
                        format!("{base}.{key}"),
                        format!("`pk` is only understood in lookups, not in `{key}`"),
                        Some("name the primary key `id`".into()),
                    );
                    continue;
                }
                match target.field(field) {
                    None => self.error_hint(
                        name.origin,
                        format!("{base}.{key}"),
                        format!("unknown field `{field}`"),
                        did_you_mean(field, target.field_names()),
                    ),
                    // Django's models.E013.
                    Some(found) if found.kind == FieldKind::ManyToMany => self.error(
                        name.origin,
                        format!("{base}.{key}"),
                        format!("`{field}` is a many_to_many field, which cannot be in `{key}`"),
                    ),
                    Some(_) => {}
                }
            }
        }
        if let Some(display) = &model.display {
            self.lookup(
                target,
                display,
                ".",
                End::Column,
                &format!("{base}.display"),
                "display",
            );
        }
    }

    // ---- settings -------------------------------------------------------------------------

    /// Default permissions exist, pagination sizes are positive and `page_size_query_param`
    /// is used with page-number pagination only.
    fn settings(&self) {
        let settings = &self.spec.settings;
        self.permission_refs(&settings.permissions, "settings.permissions");
        if let Some(pagination) = &settings.pagination {
            if pagination.page_size.value == 0 {
                self.error(
                    pagination.page_size.origin,
                    "settings.pagination.page_size",
                    "`page_size` must be at least 1",
                );
            }
            if let Some(max) = &pagination.max_page_size
                && max.value < pagination.page_size.value
            {
                self.error(
                    max.origin,
                    "settings.pagination.max_page_size",
                    format!(
                        "`max_page_size` ({}) is less than `page_size` ({})",
                        max.value, pagination.page_size.value
                    ),
                );
            }
            if let Some(param) = &pagination.page_size_query_param
                && pagination.style == PaginationStyle::LimitOffset
            {
                self.error(
                    param.origin,
                    "settings.pagination.page_size_query_param",
                    "`page_size_query_param` only applies to page_number pagination; limit_offset reads `?limit=`",
                );
            }
        }
    }

    /// Every permission named exists: one of DRF's or one declared under `permissions`.
    fn permission_refs(&self, refs: &[Located<PermissionRef>], path: &str) {
        let leaves = refs.iter().enumerate().flat_map(|(i, permission)| {
            permission
                .value
                .leaves()
                .into_iter()
                .map(move |leaf| (i, permission, leaf))
        });
        for (i, permission, leaf) in leaves {
            let PermissionRef::Declared(name) = leaf else {
                continue;
            };
            if self.scope == Scope::Item
                || self.spec.permissions.iter().any(|p| &p.name.value == name)
            {
                continue;
            }
            let candidates = PermissionRef::BUILTIN
                .iter()
                .map(|(n, _)| *n)
                .chain(self.spec.permissions.iter().map(|p| p.name.value.as_str()));
            self.error_hint(
                permission.origin,
                format!("{path}[{i}]"),
                format!("unknown permission `{name}`"),
                did_you_mean(name, candidates),
            );
        }
    }

    // ---- serializers ----------------------------------------------------------------------

    /// The model exists and every field a serializer names is a field of it (`id` always is);
    /// `string_related` names relations; no field is both read-only and write-only; options
    /// name fields the serializer exposes.
    fn serializer(&self, serializer: &'a Serializer) {
        let base = path_of(&["serializers", &serializer.name.value]);
        let Some(target) = self.resolve(&serializer.model, &format!("{base}.model")) else {
            return;
        };
        let exposed = |name: &str| match &serializer.fields {
            SerializerFields::All => true,
            SerializerFields::Only(fields) => fields.iter().any(|f| f.value == name),
            SerializerFields::Exclude(fields) => !fields.iter().any(|f| f.value == name),
        };
        let (key, listed) = match &serializer.fields {
            SerializerFields::All => ("fields", &[][..]),
            SerializerFields::Only(fields) => ("fields", &fields[..]),
            SerializerFields::Exclude(fields) => ("exclude", &fields[..]),
        };
        let is_method = |name: &str| serializer.method_fields.iter().any(|m| m.value == name);
        self.method_fields(serializer, &base);
        let mut seen = HashSet::new();
        for name in listed {
            let known = match &serializer.fields {
                // DRF: "Cannot both declare the field … and include it in the … 'exclude'
                // option".
                SerializerFields::Exclude(_) if is_method(&name.value) => {
                    self.error(
                        name.origin,
                        format!("{base}.exclude"),
                        format!(
                            "`{}` is a method field of the serializer; remove it from `method_fields` instead of excluding it",
                            name.value
                        ),
                    );
                    false
                }
                _ if is_method(&name.value) => true,
                _ => self.serializer_field(target, name, &format!("{base}.{key}")),
            };
            if known && !seen.insert(&name.value) {
                self.error(
                    name.origin,
                    format!("{base}.{key}"),
                    format!("`{}` is listed twice", name.value),
                );
            }
        }
        let extra: Vec<Located<String>> =
            serializer.extra.iter().map(|e| e.field.clone()).collect();
        let options = [
            ("read_only", &serializer.read_only[..]),
            ("write_only", &serializer.write_only[..]),
            ("string_related", &serializer.string_related[..]),
            ("extra", &extra[..]),
        ];
        for (key, names) in options {
            for name in names {
                let path = format!("{base}.{key}");
                if !self.serializer_field(target, name, &path) {
                    continue;
                }
                if !exposed(&name.value) {
                    self.error(
                        name.origin,
                        &path,
                        format!("`{}` is not among the serializer's fields", name.value),
                    );
                    continue;
                }
                if key == "string_related" && !target.is_unknown() {
                    let relation = target
                        .field(&name.value)
                        .is_some_and(|f| f.kind.is_relation());
                    if !relation {
                        self.error(
                            name.origin,
                            &path,
                            format!(
                                "`{}` is not a relation; `string_related` renders a related object",
                                name.value
                            ),
                        );
                    }
                }
                if key == "write_only" && serializer.read_only.iter().any(|r| r.value == name.value)
                {
                    self.error(
                        name.origin,
                        &path,
                        format!("`{}` cannot be both read-only and write-only", name.value),
                    );
                }
            }
        }
    }

    /// A method field is named as a method can be, once, and a serializer with a `fields` list
    /// lists it (DRF: "The field … was declared on serializer …, but has not been included in
    /// the 'fields' option.").
    fn method_fields(&self, serializer: &Serializer, base: &str) {
        let path = format!("{base}.method_fields");
        let mut seen = HashSet::new();
        for name in &serializer.method_fields {
            if !is_identifier(&name.value)
                || ident::RUST_NON_RAW_KEYWORDS.contains(&name.value.as_str())
            {
                self.error(
                    name.origin,
                    &path,
                    format!("method field `{}` is not a field name", name.value),
                );
            }
            if !seen.insert(&name.value) {
                self.error(
                    name.origin,
                    &path,
                    format!("`{}` is listed twice", name.value),
                );
                continue;
            }
            if let SerializerFields::Only(fields) = &serializer.fields
                && !fields.iter().any(|f| f.value == name.value)
            {
                self.error_hint(
                    name.origin,
                    &path,
                    format!(
                        "method field `{}` is not included in the serializer's `fields`",
                        name.value
                    ),
                    Some(format!(
                        "add `{}` to `fields` where it should appear",
                        name.value
                    )),
                );
            }
        }
    }

    /// Reports a serializer field that is not a field of the model; true when it is.
    fn serializer_field(&self, target: Target<'a>, name: &Located<String>, path: &str) -> bool {
        if target.is_unknown() || target.field(&name.value).is_some() {
            return true;
        }
        self.error_hint(
            name.origin,
            path,
            format!("`{}` has no field `{}`", target.name(), name.value),
            did_you_mean(&name.value, target.field_names()),
        );
        false
    }

    // ---- permissions ----------------------------------------------------------------------

    /// A declared permission's `owner` path leads, through foreign_key and one_to_one fields of
    /// the model of every view that uses it, to `auth.User`.
    fn permission_owners(&self) {
        let users = self
            .spec
            .viewsets
            .iter()
            .map(|v| {
                (
                    "viewset",
                    &v.name.value,
                    &v.serializer.value,
                    &v.permissions,
                )
            })
            .chain(
                self.spec
                    .views
                    .iter()
                    .map(|v| ("view", &v.name.value, &v.serializer.value, &v.permissions)),
            );
        for (what, name, serializer, permissions) in users {
            let permissions = permissions
                .as_ref()
                .unwrap_or(&self.spec.settings.permissions);
            let Some(target) = self.serializer_target(serializer) else {
                continue;
            };
            if target.is_unknown() {
                continue;
            }
            for permission in permissions.iter().flat_map(|p| p.value.leaves()) {
                let PermissionRef::Declared(declared) = permission else {
                    continue;
                };
                let Some(permission) = self
                    .spec
                    .permissions
                    .iter()
                    .find(|p| &p.name.value == declared)
                else {
                    continue;
                };
                let Some(owner) = &permission.owner else {
                    continue;
                };
                let path = path_of(&["permissions", declared, "owner"]);
                let result = if owner.value.is_empty() {
                    if target.is_auth_user() {
                        Ok(())
                    } else {
                        Err((
                            format!(
                                "an empty owner path means the object is the user, but it is a `{}`",
                                target.name()
                            ),
                            None,
                        ))
                    }
                } else {
                    self.follow(target, &owner.value.join("."), ".", End::User)
                };
                if let Err((message, hint)) = result {
                    self.error_hint(
                        owner.origin,
                        path,
                        format!(
                            "owner `{}` does not lead to `auth.User` from `{}` (the model of {what} `{name}`): {message}",
                            owner.value.join("."),
                            target.name()
                        ),
                        hint,
                    );
                }
            }
        }
    }

    // ---- viewsets and views ---------------------------------------------------------------

    fn serializer_ref(&self, name: &Located<String>, path: &str) -> Option<Target<'a>> {
        if self.scope == Scope::Item || self.by_name.serializers.contains_key(name.value.as_str()) {
            return self.serializer_target(&name.value);
        }
        self.error_hint(
            name.origin,
            path,
            format!("unknown serializer `{}`", name.value),
            did_you_mean(
                &name.value,
                self.spec.serializers.iter().map(|s| s.name.value.as_str()),
            ),
        );
        None
    }

    /// The serializer and permissions exist, actions are listed once, and ordering, filter,
    /// search and request-assigned fields are fields of the serializer's model; a
    /// `throttle_scope` has a rate (DRF's ImproperlyConfigured otherwise).
    fn viewset(&self, viewset: &'a ViewSet) {
        let base = path_of(&["viewsets", &viewset.name.value]);
        if let Some(permissions) = &viewset.permissions {
            self.permission_refs(permissions, &format!("{base}.permissions"));
        }
        self.actions(viewset, &base);
        self.extra_actions(viewset, &base);
        self.action_serializers(viewset, &base);
        if let Some(scope) = &viewset.throttle_scope
            && self.scope == Scope::Spec
            && !self
                .spec
                .settings
                .throttling
                .iter()
                .any(|t| t.scope.value == scope.value)
        {
            self.error_hint(
                scope.origin,
                format!("{base}.throttle_scope"),
                format!("throttle scope `{}` has no rate", scope.value),
                Some(format!(
                    "add `{}: <requests>/<period>` under `settings.throttling`",
                    scope.value
                )),
            );
        }
        let Some(target) = self.serializer_ref(&viewset.serializer, &format!("{base}.serializer"))
        else {
            return;
        };
        for name in &viewset.ordering {
            let field = Located::new(
                name.value
                    .strip_prefix('-')
                    .unwrap_or(&name.value)
                    .to_string(),
                name.origin,
            );
            self.lookup(
                target,
                &field,
                "__",
                End::Column,
                &format!("{base}.ordering"),
                "ordering",
            );
        }
        for filter in &viewset.filters {
            let param = &filter.param;
            if !is_identifier(&param.value)
                || ident::RUST_NON_RAW_KEYWORDS.contains(&param.value.as_str())
            {
                self.error_hint(
                    param.origin,
                    format!("{base}.filters"),
                    format!("filter parameter `{}` must be letters, digits and `_`, not starting with a digit", param.value),
                    Some("it is a query parameter and a name in the generated attribute".into()),
                );
            }
            self.lookup(
                target,
                &filter.path,
                "__",
                End::Column,
                &format!("{base}.filters.{}", filter.param.value),
                "filter",
            );
        }
        for name in &viewset.search_fields {
            // DRF's search prefixes: `^` starts-with, `=` exact, `@` full-text, `$` regex.
            let field = name.value.trim_start_matches(['^', '=', '@', '$']);
            let field = Located::new(field.to_string(), name.origin);
            self.lookup(
                target,
                &field,
                "__",
                End::Value,
                &format!("{base}.search_fields"),
                "search field",
            );
        }
        for name in &viewset.ordering_fields {
            self.lookup(
                target,
                name,
                "__",
                End::Column,
                &format!("{base}.ordering_fields"),
                "ordering field",
            );
        }
        for (key, assignments) in [
            ("on_create", &viewset.on_create),
            ("on_update", &viewset.on_update),
        ] {
            for assignment in assignments {
                let path = format!("{base}.{key}.{}", assignment.field.value);
                if target.is_unknown() {
                    self.request_value(&assignment.value, &path);
                    continue;
                }
                let Some(found) = target.field(&assignment.field.value) else {
                    self.error_hint(
                        assignment.field.origin,
                        &path,
                        format!(
                            "`{}` has no field `{}`",
                            target.name(),
                            assignment.field.value
                        ),
                        did_you_mean(&assignment.field.value, target.field_names()),
                    );
                    continue;
                };
                let Some(value_model) = self.request_value(&assignment.value, &path) else {
                    continue;
                };
                let points_at = found
                    .to
                    .filter(|_| matches!(found.kind, FieldKind::ForeignKey | FieldKind::OneToOne));
                if points_at.is_none_or(|to| *to != value_model) {
                    self.error(
                        assignment.value.origin,
                        &path,
                        format!(
                            "`{}` gives `{value_model}`, but `{}` is not a foreign_key or one_to_one to `{value_model}`",
                            assignment.value.text(),
                            assignment.field.value
                        ),
                    );
                }
            }
        }
    }

    /// Actions are listed once and at least one is listed.
    fn actions(&self, viewset: &ViewSet, base: &str) {
        let mut seen: Vec<Action> = Vec::new();
        for action in &viewset.actions {
            if seen.contains(&action.value) {
                self.error(
                    action.origin,
                    format!("{base}.actions"),
                    format!("action `{}` is listed twice", action.value.name()),
                );
            }
            seen.push(action.value);
        }
        if viewset.actions.is_empty() {
            self.error(
                viewset.origin,
                format!("{base}.actions"),
                "a viewset needs at least one action",
            );
        }
    }

    /// DRF's `@action` rules: the name is a method name and not one of the standard actions
    /// (DRF: "Cannot use the @action decorator on the following methods, as they are existing
    /// routes"); methods are HTTP verbs DRF routes, each once; URL names differ.
    fn extra_actions(&self, viewset: &ViewSet, base: &str) {
        let mut url_names: Vec<String> = Vec::new();
        for action in &viewset.extra_actions {
            let path = format!("{base}.extra_actions.{}", action.name.value);
            let name = &action.name.value;
            if !is_identifier(name) || ident::RUST_NON_RAW_KEYWORDS.contains(&name.as_str()) {
                self.error(
                    action.name.origin,
                    &path,
                    format!("extra action `{name}` is not a method name"),
                );
            }
            if Action::ALL.iter().any(|a| a.name() == name) {
                self.error_hint(
                    action.name.origin,
                    &path,
                    format!("extra action `{name}` has the name of a standard action"),
                    Some(format!(
                        "list `{name}` under `actions`, or give the extra action another name"
                    )),
                );
            }
            let mut seen: Vec<&str> = Vec::new();
            for method in &action.methods {
                if !ExtraAction::METHODS.contains(&method.value.as_str()) {
                    self.error_hint(
                        method.origin,
                        format!("{path}.methods"),
                        format!("unknown HTTP method `{}`", method.value),
                        did_you_mean(&method.value.to_lowercase(), ExtraAction::METHODS),
                    );
                } else if seen.contains(&method.value.as_str()) {
                    self.error(
                        method.origin,
                        format!("{path}.methods"),
                        format!("method `{}` is listed twice", method.value),
                    );
                }
                seen.push(&method.value);
            }
            if action.methods.is_empty() {
                self.error(
                    action.name.origin,
                    format!("{path}.methods"),
                    "an extra action needs at least one method",
                );
            }
            if let Some(url_path) = &action.url_path
                && (url_path.value.is_empty()
                    || url_path.value.starts_with('/')
                    || url_path.value.ends_with('/'))
            {
                self.error(
                    url_path.origin,
                    format!("{path}.url_path"),
                    format!(
                        "url_path `{}` must be a non-empty path without a leading or trailing `/`",
                        url_path.value
                    ),
                );
            }
            let url_name = action.url_name();
            if url_names.contains(&url_name) {
                let origin = action
                    .url_name
                    .as_ref()
                    .map_or(action.name.origin, |n| n.origin);
                self.error(
                    origin,
                    format!("{path}.url_name"),
                    format!("URL name `{url_name}` is used by another extra action"),
                );
            }
            url_names.push(url_name);
            if let Some(permissions) = &action.permissions {
                self.permission_refs(permissions, &format!("{path}.permissions"));
            }
        }
    }

    /// Each `action_serializers` entry names an action of the viewset (`metadata` for
    /// OPTIONS, or an extra action) once, and every serializer the viewset names — there and
    /// in its extra actions — is of the viewset's model.
    fn action_serializers(&self, viewset: &ViewSet, base: &str) {
        let mut actions: Vec<&str> = viewset.actions.iter().map(|a| a.value.name()).collect();
        actions.push("metadata");
        actions.extend(viewset.extra_actions.iter().map(|a| a.name.value.as_str()));
        let mut seen: Vec<&str> = Vec::new();
        for entry in &viewset.action_serializers {
            let path = format!("{base}.action_serializers.{}", entry.action.value);
            let action = entry.action.value.as_str();
            if !actions.contains(&action) {
                self.error_hint(
                    entry.action.origin,
                    &path,
                    format!(
                        "`{action}` is not an action of viewset `{}`",
                        viewset.name.value
                    ),
                    did_you_mean(action, actions.iter().copied())
                        .or_else(|| Some(format!("its actions are {}", actions.join(", ")))),
                );
            } else if seen.contains(&action) {
                self.error(
                    entry.action.origin,
                    &path,
                    format!("action `{action}` has two serializers"),
                );
            }
            seen.push(action);
            self.same_model_serializer(viewset, &entry.serializer, &path);
        }
        for action in &viewset.extra_actions {
            if let Some(serializer) = &action.serializer {
                let path = format!("{base}.extra_actions.{}.serializer", action.name.value);
                self.same_model_serializer(viewset, serializer, &path);
            }
        }
    }

    fn same_model_serializer(&self, viewset: &ViewSet, serializer: &Located<String>, path: &str) {
        let Some(target) = self.serializer_ref(serializer, path) else {
            return;
        };
        let Some(expected) = self.serializer_target(&viewset.serializer.value) else {
            return;
        };
        if !target.is_unknown() && !expected.is_unknown() && target.name() != expected.name() {
            self.error_hint(
                serializer.origin,
                path,
                format!(
                    "serializer `{}` is of model `{}`, but viewset `{}` serves `{}`",
                    serializer.value,
                    target.name(),
                    viewset.name.value,
                    expected.name()
                ),
                Some(format!(
                    "a viewset's serializers all read and write its model; name a serializer of `{}`",
                    expected.name()
                )),
            );
        }
    }

    /// The model a request value gives: `request.user` is `auth.User`; `request.user.<x>` is the
    /// model with a one_to_one to `auth.User` whose reverse name is `x`; each further step is a
    /// field of the model before it, a relation except for the last (which then gives a plain
    /// value, `None`).
    fn request_value(&self, value: &RequestValue, path: &str) -> Option<ModelRef> {
        match value.path.as_slice() {
            [] => Some(ModelRef::auth_user()),
            [_, ..] if self.scope == Scope::Item => None,
            [name, rest @ ..] => {
                let profiles: Vec<(&Model, String)> = self
                    .spec
                    .models
                    .iter()
                    .flat_map(|m| m.fields.iter().map(move |f| (m, f)))
                    .filter(|(_, f)| {
                        f.kind.value == FieldKind::OneToOne
                            && f.relation
                                .as_ref()
                                .is_some_and(|r| r.to.value.is_auth_user())
                    })
                    .filter_map(|(m, f)| Some((m, reverse_name(m, f)?)))
                    .collect();
                let Some(&(mut model, _)) = profiles.iter().find(|(_, reverse)| reverse == name)
                else {
                    self.error_hint(
                        value.origin,
                        path,
                        format!("`request.user.{name}`: no one_to_one field to `auth.User` has the related name `{name}`"),
                        did_you_mean(name, profiles.iter().map(|(_, r)| r.as_str())),
                    );
                    return None;
                };
                for (i, step) in rest.iter().enumerate() {
                    let Some(field) = model.fields.iter().find(|f| f.name.value == *step) else {
                        self.error_hint(
                            value.origin,
                            path,
                            format!(
                                "`{}`: {} has no field `{step}`",
                                value.text(),
                                model.name.value
                            ),
                            did_you_mean(step, model.fields.iter().map(|f| f.name.value.as_str())),
                        );
                        return None;
                    };
                    let last = i + 1 == rest.len();
                    let target = field
                        .relation
                        .as_ref()
                        .filter(|_| field.kind.value != FieldKind::ManyToMany)
                        .map(|r| r.to.value.clone());
                    match target {
                        Some(to) if last => return Some(to),
                        // A path continues only through a local model's foreign key.
                        Some(to) if to.app.is_none() => match self.model(&to.name) {
                            Some(next) => model = next,
                            None => return None,
                        },
                        None if last => return None,
                        _ => {
                            self.error(
                                value.origin,
                                path,
                                format!(
                                    "`{}`: `{step}` is not a foreign key or one_to_one field of this app, so the path cannot go on",
                                    value.text()
                                ),
                            );
                            return None;
                        }
                    }
                }
                Some(ModelRef::local(&model.name.value))
            }
        }
    }

    /// A view's serializer and permissions exist, and its `object` is an object of the
    /// serializer's model, on a view that acts on one object.
    fn views(&self) {
        for view in &self.spec.views {
            let base = path_of(&["views", &view.name.value]);
            if let Some(permissions) = &view.permissions {
                self.permission_refs(permissions, &format!("{base}.permissions"));
            }
            let target = self.serializer_ref(&view.serializer, &format!("{base}.serializer"));
            let Some(object) = &view.object else { continue };
            let path = format!("{base}.object");
            if !view.kind.value.is_detail() {
                self.error(
                    object.origin,
                    &path,
                    format!(
                        "`object` only applies to views of one object, not to a `{}` view",
                        view.kind.value.name()
                    ),
                );
                continue;
            }
            let (Some(model), Some(target)) = (self.request_value(object, &path), target) else {
                continue;
            };
            if target.is_unknown() {
                continue;
            }
            if model.to_string() != target.name() {
                self.error(
                    object.origin,
                    &path,
                    format!(
                        "`{}` gives `{model}`, but serializer `{}` is for `{}`",
                        object.text(),
                        view.serializer.value,
                        target.name()
                    ),
                );
            }
        }
    }

    /// A signal's sender and model exist, and its link is a foreign_key or one_to_one of the
    /// model pointing at the sender.
    fn signals(&self) {
        for signal in &self.spec.signals {
            let base = path_of(&["signals", &signal.name.value]);
            let event = signal.event.value.name();
            let sender = self.resolve(&signal.sender, &format!("{base}.{event}"));
            let SignalAction::CreateRelated { model, link } = &signal.action;
            let Some(target) = self.resolve(model, &format!("{base}.create.model")) else {
                continue;
            };
            if target.is_auth_user() {
                self.error(
                    model.origin,
                    format!("{base}.create.model"),
                    "a signal cannot create `auth.User` rows",
                );
                continue;
            }
            let path = format!("{base}.create.link");
            let Some(found) = target.field(&link.value) else {
                self.error_hint(
                    link.origin,
                    &path,
                    format!("`{}` has no field `{}`", target.name(), link.value),
                    did_you_mean(&link.value, target.field_names()),
                );
                continue;
            };
            let Some(sender) = sender else { continue };
            let links = matches!(found.kind, FieldKind::ForeignKey | FieldKind::OneToOne)
                && found
                    .to
                    .is_some_and(|to| self.target(to).map(Target::name) == Some(sender.name()));
            if !links {
                self.error(
                    link.origin,
                    &path,
                    format!(
                        "`{}.{}` must be a foreign_key or one_to_one to `{}`, the sender",
                        target.name(),
                        link.value,
                        sender.name()
                    ),
                );
            }
        }
    }

    // ---- routes ---------------------------------------------------------------------------

    /// Registrations name existing viewsets under unique prefixes and basenames (the default
    /// basename is the model name lowercased); paths name existing views, once each.
    fn routes(&self) {
        let routes = &self.spec.routes;
        let prefix = &routes.prefix;
        if prefix.value.starts_with('/')
            || !(prefix.value.is_empty() || prefix.value.ends_with('/'))
        {
            self.error_hint(
                prefix.origin,
                "routes.prefix",
                format!(
                    "route prefix `{}` must not start with `/` and must end with one",
                    prefix.value
                ),
                Some("such as `api/`, or empty for the site root".into()),
            );
        }
        let mut prefixes: HashSet<&str> = HashSet::new();
        let mut basenames: HashMap<String, usize> = HashMap::new();
        for (i, registration) in routes.registrations.iter().enumerate() {
            let base = format!("routes.register[{i}]");
            let p = &registration.prefix;
            if p.value.starts_with('/') || p.value.ends_with('/') {
                self.error_hint(
                    p.origin,
                    format!("{base}.prefix"),
                    format!(
                        "`{}`: a router prefix has no leading or trailing `/`",
                        p.value
                    ),
                    Some("the router adds the slashes".into()),
                );
            }
            if !prefixes.insert(&p.value) {
                self.error(
                    p.origin,
                    format!("{base}.prefix"),
                    format!("prefix `{}` is registered twice", p.value),
                );
            }
            let Some(viewset) = self
                .by_name
                .viewsets
                .get(registration.viewset.value.as_str())
            else {
                self.error_hint(
                    registration.viewset.origin,
                    format!("{base}.viewset"),
                    format!("unknown viewset `{}`", registration.viewset.value),
                    did_you_mean(
                        &registration.viewset.value,
                        self.spec.viewsets.iter().map(|v| v.name.value.as_str()),
                    ),
                );
                continue;
            };
            let (basename, origin, path, what) = match &registration.basename {
                Some(name) => (
                    name.value.clone(),
                    name.origin,
                    format!("{base}.basename"),
                    "",
                ),
                None => match self.serializer_target(&viewset.serializer.value) {
                    Some(Target::Local(model)) => (
                        ident::model_name(&model.name.value),
                        registration.origin,
                        base.clone(),
                        " (the default: the model name lowercased)",
                    ),
                    Some(Target::AuthUser) => (
                        "user".into(),
                        registration.origin,
                        base.clone(),
                        " (the default)",
                    ),
                    Some(Target::Unknown) | None => continue,
                },
            };
            if let Some(first) = basenames.insert(basename.clone(), i) {
                self.error_hint(
                    origin,
                    path,
                    format!("basename `{basename}`{what} is already used by `routes.register[{first}]`; route names would clash"),
                    Some("set a distinct `basename`".into()),
                );
            }
        }
        let mut paths: HashSet<&str> = HashSet::new();
        let mut names: HashSet<&str> = HashSet::new();
        for (i, route) in routes.paths.iter().enumerate() {
            let base = format!("routes.paths[{i}]");
            if route.path.value.starts_with('/') {
                self.error(
                    route.path.origin,
                    format!("{base}.path"),
                    format!(
                        "path `{}` is relative to `routes.prefix` and must not start with `/`",
                        route.path.value
                    ),
                );
            }
            if !paths.insert(&route.path.value) {
                self.error(
                    route.path.origin,
                    format!("{base}.path"),
                    format!("path `{}` is listed twice", route.path.value),
                );
            }
            if let Some(name) = &route.name
                && !names.insert(&name.value)
            {
                self.error(
                    name.origin,
                    format!("{base}.name"),
                    format!("route name `{}` is used twice", name.value),
                );
            }
            if !self
                .spec
                .views
                .iter()
                .any(|v| v.name.value == route.view.value)
            {
                self.error_hint(
                    route.view.origin,
                    format!("{base}.view"),
                    format!("unknown view `{}`", route.view.value),
                    did_you_mean(
                        &route.view.value,
                        self.spec.views.iter().map(|v| v.name.value.as_str()),
                    ),
                );
            }
        }
    }
}

type Problem = (String, Option<String>);

/// Whether a default of the right family is a value of the field: a finite float, an integer
/// in the column's range, a date, time, datetime, duration or UUID that parses as Django
/// parses it, a string within `max_length`. In the message, `{}` stands for the default as
/// written.
fn default_value_fits(field: &Field, value: &DefaultValue) -> Result<(), Problem> {
    let kind = field.kind.value;
    let problem = |message: &str, hint: &str| {
        Err((format!("default `{{}}` {message}"), Some(hint.to_string())))
    };
    match value {
        // Its text would read `inf`, which is not what the user wrote.
        DefaultValue::Float(f) if !f.is_finite() => Err((
            "the default is too large for a 64-bit float".to_string(),
            Some("a float default must be a finite number".to_string()),
        )),
        DefaultValue::Int(i) => {
            let range = match kind {
                FieldKind::Integer => Some((i64::from(i32::MIN), i64::from(i32::MAX))),
                FieldKind::SmallInteger => Some((i64::from(i16::MIN), i64::from(i16::MAX))),
                // Django's PositiveIntegerField: 0 to 2147483647 on every database.
                FieldKind::PositiveInteger => Some((0, i64::from(i32::MAX))),
                _ => None,
            };
            match range {
                Some((min, max)) if *i < min || *i > max => Err((
                    format!(
                        "default `{{}}` is out of range for {} field ({min} to {max})",
                        a(kind)
                    ),
                    None,
                )),
                _ => Ok(()),
            }
        }
        DefaultValue::String(text) => {
            let (valid, format) = match kind {
                FieldKind::Date => (
                    grammar::parse_date(text).is_some(),
                    "a date is written `YYYY-MM-DD`",
                ),
                FieldKind::Time => (
                    grammar::parse_time(text).is_some(),
                    "a time is written `HH:MM[:SS[.ffffff]]`",
                ),
                FieldKind::DateTime => (
                    grammar::parse_datetime(text).is_ok(),
                    "a datetime is written `YYYY-MM-DDTHH:MM[:SS[.ffffff]]`, optionally with `Z` or `+HH:MM`",
                ),
                FieldKind::Duration => (
                    grammar::parse_duration(text).is_some(),
                    "a duration is written `[DD ][[HH:]MM:]SS[.ffffff]` or in ISO 8601 (`P1DT2H`)",
                ),
                FieldKind::Uuid => (
                    grammar::parse_uuid(text).is_some(),
                    "a UUID is 32 hex digits, such as `12345678-1234-5678-1234-567812345678`",
                ),
                _ => (true, ""),
            };
            if !valid {
                return problem(&format!("is not a valid {}", kind.name()), format);
            }
            let max_length = field
                .max_length
                .as_ref()
                .map(|m| m.value)
                .or(kind.default_max_length());
            match max_length {
                Some(max) if kind.is_string() && text.chars().count() > max as usize => Err((
                    format!("default `{{}}` is longer than the field's `max_length` ({max})"),
                    None,
                )),
                _ => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

/// Django's reverse accessor of a relation: `related_name`, `<model>` for one_to_one, else
/// `<model>_set`; `None` when `related_name` is `+` (no reverse).
pub fn reverse_name(model: &Model, field: &Field) -> Option<String> {
    let relation = field
        .relation
        .as_ref()
        .filter(|_| field.kind.value.is_relation())?;
    match &relation.related_name {
        Some(name) if name.value.ends_with('+') => None,
        Some(name) => Some(name.value.clone()),
        None if field.kind.value == FieldKind::OneToOne => {
            Some(ident::model_name(&model.name.value))
        }
        None => Some(format!("{}_set", ident::model_name(&model.name.value))),
    }
}

/// A spec holding one item, for the checks of that item alone.
fn item_spec() -> Spec {
    Spec {
        project: Located::builtin(String::new()),
        app: Located::builtin(String::new()),
        settings: Settings::default(),
        models: Vec::new(),
        serializers: Vec::new(),
        permissions: Vec::new(),
        viewsets: Vec::new(),
        views: Vec::new(),
        signals: Vec::new(),
        routes: Routes {
            router: Located::builtin(RouterKind::Default),
            prefix: Located::builtin(String::new()),
            trailing_slash: true,
            registrations: Vec::new(),
            paths: Vec::new(),
        },
    }
}

/// Runs `rules` on a spec holding one item, in [`Scope::Item`]: what the item names outside
/// itself is unknown ([`Target::Unknown`]), so only its own rules can fail.
fn check_item(spec: &Spec, rules: impl FnOnce(&Checker)) -> Result<(), Vec<Diagnostic>> {
    let cx = Ctxt::new();
    let ck = Checker::new(&cx, spec, Scope::Item);
    rules(&ck);
    cx.finish()
}

/// Checks the rules about one model alone: its name, columns, fields' options and its own
/// ordering, index and display paths. The Rust front end sees one struct at a time, so this is
/// what the derive runs; [`check`] runs the same rules (and the cross-item ones) on a whole
/// spec.
pub fn check_model(model: &Model) -> Result<(), Vec<Diagnostic>> {
    let mut spec = item_spec();
    spec.models.push(model.clone());
    check_item(&spec, |ck| {
        ck.item_names();
        ck.unique_names();
        ck.index_names();
        ck.columns(model);
        for field in &model.fields {
            ck.field(model, field);
        }
        ck.model_options(model);
    })
}

/// Checks the rules about one serializer alone (the Serializer derive's checks): its name, and
/// that its options agree with each other. Whether the fields exist on the model is proven by
/// the compiler, through the model's field markers.
pub fn check_serializer(serializer: &Serializer) -> Result<(), Vec<Diagnostic>> {
    let mut spec = item_spec();
    spec.serializers.push(serializer.clone());
    check_item(&spec, |ck| {
        ck.item_names();
        ck.serializer(serializer);
    })
}

/// Checks the rules about one viewset alone (the ViewSet derive's checks).
pub fn check_viewset(viewset: &ViewSet) -> Result<(), Vec<Diagnostic>> {
    let mut spec = item_spec();
    spec.viewsets.push(viewset.clone());
    check_item(&spec, |ck| {
        ck.item_names();
        ck.viewset(viewset);
    })
}

/// Checks the rules about one generic view alone (the GenericView derive's checks).
pub fn check_view(view: &View) -> Result<(), Vec<Diagnostic>> {
    let mut spec = item_spec();
    spec.views.push(view.clone());
    check_item(&spec, |ck| {
        ck.item_names();
        ck.views();
    })
}

/// The first `%` directive of `pattern` that upload dates cannot be formatted with (the runtime
/// formats `upload_to` with chrono, as Django with Python's strftime): the directives both
/// know, with chrono's `-`, `_` and `0` padding flags.
fn unknown_strftime_directive(pattern: &str) -> Option<String> {
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            continue;
        }
        let mut directive = String::from('%');
        let mut next = chars.next();
        if let Some(flag @ ('-' | '_' | '0')) = next {
            directive.push(flag);
            next = chars.next();
        }
        match next {
            Some(
                'a' | 'A' | 'b' | 'B' | 'd' | 'f' | 'H' | 'I' | 'j' | 'm' | 'M' | 'p' | 'S' | 'U'
                | 'w' | 'W' | 'y' | 'Y' | 'z' | 'Z' | '%',
            ) => {}
            Some(other) => {
                directive.push(other);
                return Some(directive);
            }
            None => return Some(directive),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{Located, Origin, Relation, Routes, Settings};

    fn spec(models: Vec<Model>) -> Spec {
        Spec {
            project: Located::builtin("p".into()),
            app: Located::builtin("shop".into()),
            settings: Settings::default(),
            models,
            serializers: Vec::new(),
            permissions: Vec::new(),
            viewsets: Vec::new(),
            views: Vec::new(),
            signals: Vec::new(),
            routes: Routes::default(),
        }
    }

    fn model(name: &str, fields: Vec<Field>) -> Model {
        Model {
            name: Located::builtin(name.into()),
            doc: None,
            db_table: None,
            primary_key: None,
            fields,
            ordering: Vec::new(),
            verbose_name: None,
            verbose_name_plural: None,
            unique_together: Vec::new(),
            indexes: Vec::new(),
            display: None,
            renamed_from: None,
            origin: Origin::Builtin,
        }
    }

    fn field(name: &str, kind: FieldKind) -> Field {
        Field::new(
            Located::builtin(name.into()),
            Located::builtin(kind),
            Origin::Builtin,
        )
    }

    fn messages(spec: &Spec) -> Vec<String> {
        match check(spec) {
            Ok(()) => Vec::new(),
            Err(errors) => errors.into_iter().map(|e| e.message).collect(),
        }
    }

    /// The checks run on IR built without YAML, as the derive front end will build it.
    #[test]
    fn rust_keywords_that_can_be_raw_identifiers_are_fine_as_field_names() {
        let spec = spec(vec![model("Item", vec![field("type", FieldKind::Text)])]);
        assert_eq!(messages(&spec), Vec::<String>::new());
        let spec2 = super::tests::spec(vec![model("Item", vec![field("super", FieldKind::Text)])]);
        assert_eq!(
            messages(&spec2),
            ["`super` is a Rust keyword that cannot be used as a name"]
        );
    }

    #[test]
    fn a_relation_needs_an_existing_target_and_on_delete() {
        let mut author = field("author", FieldKind::ForeignKey);
        author.relation = Some(Relation {
            to: Located::builtin(ModelRef::local("Writer")),
            on_delete: None,
            related_name: None,
        });
        let spec = spec(vec![model("Book", vec![author])]);
        assert_eq!(
            messages(&spec),
            [
                "unknown model `Writer`",
                "a foreign_key field needs `on_delete`",
            ]
        );
    }

    #[test]
    fn reverse_names_follow_django() {
        let mut user = field("user", FieldKind::OneToOne);
        user.relation = Some(Relation {
            to: Located::builtin(ModelRef::auth_user()),
            on_delete: None,
            related_name: None,
        });
        let mut post = field("author", FieldKind::ForeignKey);
        post.relation = user.relation.clone();
        let profile = model("UserProfile", vec![user.clone()]);
        assert_eq!(
            reverse_name(&profile, &user).as_deref(),
            Some("userprofile")
        );
        assert_eq!(
            reverse_name(&model("BlogPost", vec![]), &post).as_deref(),
            Some("blogpost_set")
        );
        assert_eq!(reverse_name(&profile, &field("bio", FieldKind::Text)), None);
    }

    /// Regression: `check_model` once reported a display path that goes on into a related
    /// model it cannot see, because lookup messages begin with the path.
    #[test]
    fn a_single_model_check_leaves_paths_into_other_models_alone() {
        let mut link = field("user_profile", FieldKind::ForeignKey);
        link.relation = Some(Relation {
            to: Located::builtin(ModelRef::local("Profile")),
            on_delete: Some(Located::builtin(OnDelete::Cascade)),
            related_name: None,
        });
        let mut status = model("ProfileStatus", vec![link]);
        status.display = Some(Located::builtin("user_profile.user".into()));
        assert!(check_model(&status).is_ok());
        status.display = Some(Located::builtin("user_profil.user".into()));
        assert!(check_model(&status).is_err());
    }

    #[test]
    fn pagination_sizes_are_positive() {
        let mut spec = spec(Vec::new());
        spec.settings.pagination = Some(crate::spec::Pagination {
            style: PaginationStyle::PageNumber,
            page_size: Located::builtin(0),
            page_size_query_param: None,
            max_page_size: None,
            origin: Origin::Builtin,
        });
        assert_eq!(messages(&spec), ["`page_size` must be at least 1"]);
    }
}
