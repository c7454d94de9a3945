//! Rules that span several items of a spec.
//!
//! The checks read only the IR, so a spec written in YAML and one written as Rust structs get
//! the same rules and the same messages. Each rule is one function whose doc states it; most
//! follow a Django system check or a DRF assertion, named where they do. Every rule runs, so
//! one pass reports every problem.

use std::collections::HashMap;

use crate::diagnostics::{Ctxt, Diagnostic, did_you_mean};
use crate::ident;
use crate::spec::{
    Action, DefaultValue, Field, FieldKind, Located, Model, ModelRef, OnDelete, Origin,
    PaginationStyle, PermissionRef, RequestValue, Serializer, SerializerFields, SignalAction, Spec,
    ViewSet,
};

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

/// Checks every rule that spans several items, reporting every violation.
pub fn check(spec: &Spec) -> Result<(), Vec<Diagnostic>> {
    let cx = Ctxt::new();
    let ck = Checker { cx: &cx, spec };
    ck.project_and_app();
    ck.item_names();
    ck.unique_names();
    ck.table_names();
    for model in &spec.models {
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
}

/// A model a relation can point at.
#[derive(Clone, Copy)]
enum Target<'a> {
    Local(&'a Model),
    AuthUser,
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
        }
    }

    fn field_names(self) -> Vec<&'a str> {
        let mut names = vec!["id"];
        match self {
            Target::Local(model) => {
                names.extend(model.fields.iter().map(|f| f.name.value.as_str()))
            }
            Target::AuthUser => names.extend(AUTH_USER_FIELDS.iter().skip(1).map(|(n, _)| *n)),
        }
        names
    }

    fn is_auth_user(self) -> bool {
        matches!(self, Target::AuthUser)
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
        self.spec.models.iter().find(|m| m.name.value == name)
    }

    /// The model a reference names, when it exists.
    fn target(&self, model: &ModelRef) -> Option<Target<'a>> {
        if model.is_auth_user() {
            Some(Target::AuthUser)
        } else if model.app.is_none() {
            self.model(&model.name).map(Target::Local)
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
        let serializer = self
            .spec
            .serializers
            .iter()
            .find(|s| s.name.value == name)?;
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
        }
    }

    /// Every name is a Rust identifier other than `self`, `Self`, `super` and `crate`; field
    /// names also follow Django (no `__`, no trailing `_`, not `pk`, not the implicit `id`).
    fn item_names(&self) {
        let spec = self.spec;
        let groups = [
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
            ("signals", spec.signals.iter().map(|s| &s.name).collect()),
        ];
        for (group, names) in groups {
            for name in names {
                self.identifier(name, &path_of(&[group, &name.value]));
            }
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
        let mut signals = HashMap::new();
        for signal in &spec.signals {
            if signals.insert(&signal.name.value, ()).is_some() {
                self.error(
                    signal.name.origin,
                    path_of(&["signals", &signal.name.value]),
                    format!("duplicate signal `{}`", signal.name.value),
                );
            }
        }
        for model in &spec.models {
            let mut fields = HashMap::new();
            for field in &model.fields {
                if fields.insert(&field.name.value, ()).is_some() {
                    self.error(
                        field.name.origin,
                        path_of(&["models", &model.name.value, "fields", &field.name.value]),
                        format!("duplicate field `{}`", field.name.value),
                    );
                }
            }
        }
    }

    /// Table names are unique and not SQL reserved words.
    fn table_names(&self) {
        let mut tables: HashMap<String, &str> = HashMap::new();
        for model in &self.spec.models {
            let (table, origin) = match &model.db_table {
                Some(table) => (table.value.clone(), table.origin),
                None => (
                    ident::table_name(&self.spec.app.value, &model.name.value),
                    model.name.origin,
                ),
            };
            let path = path_of(&["models", &model.name.value]);
            if ident::is_sql_reserved(&table) {
                self.error_hint(
                    origin,
                    &path,
                    format!("table name `{table}` is an SQL reserved word"),
                    Some("choose another `db_table`".into()),
                );
            } else if !is_identifier(&table) {
                self.error(
                    origin,
                    &path,
                    format!("table name `{table}` must be letters, digits and `_`"),
                );
            }
            if let Some(other) = tables.insert(table.clone(), &model.name.value) {
                self.error(
                    origin,
                    &path,
                    format!("table `{table}` is also the table of model `{other}`"),
                );
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
        if field.blank.value
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

    /// `upload_to` applies to file and image fields only.
    fn kind_specific_options(&self, field: &Field, path: &str) {
        if let Some(upload_to) = &field.upload_to
            && !field.kind.value.is_file()
        {
            self.error(
                upload_to.origin,
                format!("{path}.upload_to"),
                format!(
                    "`upload_to` only applies to file and image fields, not to {} field",
                    a(field.kind.value)
                ),
            );
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
        let mut seen = HashMap::new();
        for (i, choice) in field.choices.iter().enumerate() {
            let value = &choice.value;
            let choice_path = format!("{path}.choices[{i}]");
            if seen.insert(value.value.as_str(), ()).is_some() {
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
        };
        let text = match &default.value {
            DefaultValue::Null => "null".to_string(),
            DefaultValue::Bool(b) => b.to_string(),
            DefaultValue::Int(i) => i.to_string(),
            DefaultValue::Float(f) => f.to_string(),
            DefaultValue::String(s) => s.clone(),
        };
        if !fits || kind == FieldKind::ManyToMany {
            self.error(
                default.origin,
                &path,
                format!("default `{text}` does not suit {} field", a(kind)),
            );
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
        let groups = model
            .unique_together
            .iter()
            .map(|group| {
                (
                    "unique_together",
                    group
                        .value
                        .iter()
                        .map(|n| Located::new(n.clone(), group.origin))
                        .collect::<Vec<_>>(),
                )
            })
            .chain(
                model
                    .indexes
                    .iter()
                    .map(|index| ("indexes", index.fields.clone())),
            );
        for (key, names) in groups {
            for name in names {
                let field = name.value.strip_prefix('-').unwrap_or(&name.value);
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
        for (i, permission) in refs.iter().enumerate() {
            let PermissionRef::Declared(name) = &permission.value else {
                continue;
            };
            if self.spec.permissions.iter().any(|p| &p.name.value == name) {
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
        let mut seen = HashMap::new();
        for name in listed {
            if self.serializer_field(target, name, &format!("{base}.{key}"))
                && seen.insert(&name.value, ()).is_some()
            {
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
                if key == "string_related" {
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

    /// Reports a serializer field that is not a field of the model; true when it is.
    fn serializer_field(&self, target: Target<'a>, name: &Located<String>, path: &str) -> bool {
        if target.field(&name.value).is_some() {
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
            for permission in permissions {
                let PermissionRef::Declared(declared) = &permission.value else {
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
                let owner = &permission.owner;
                let path = path_of(&["permissions", declared, "owner"]);
                let result = if owner.value.is_empty() || owner.value == [""] {
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
        if self
            .spec
            .serializers
            .iter()
            .any(|s| s.name.value == name.value)
        {
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
        if let Some(scope) = &viewset.throttle_scope
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
                            request_text(&assignment.value),
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

    /// The model a request value gives: `request.user` is `auth.User`; `request.user.<x>` is the
    /// model with a one_to_one to `auth.User` whose reverse name is `x`.
    fn request_value(&self, value: &RequestValue, path: &str) -> Option<ModelRef> {
        match value.path.as_slice() {
            [] => Some(ModelRef::auth_user()),
            [name] => {
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
                if let Some((model, _)) = profiles.iter().find(|(_, reverse)| reverse == name) {
                    return Some(ModelRef::local(&model.name.value));
                }
                self.error_hint(
                    value.origin,
                    path,
                    format!("`request.user.{name}`: no one_to_one field to `auth.User` has the related name `{name}`"),
                    did_you_mean(name, profiles.iter().map(|(_, r)| r.as_str())),
                );
                None
            }
            _ => {
                self.error(
                    value.origin,
                    path,
                    format!(
                        "`{}` goes too deep: use `request.user` or `request.user.<related name>`",
                        request_text(value)
                    ),
                );
                None
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
            if model.to_string() != target.name() {
                self.error(
                    object.origin,
                    &path,
                    format!(
                        "`{}` gives `{model}`, but serializer `{}` is for `{}`",
                        request_text(object),
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
            let event = match signal.event.value {
                crate::spec::SignalEvent::PostSave => "post_save",
                crate::spec::SignalEvent::PreDelete => "pre_delete",
            };
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
        let mut prefixes: HashMap<&str, ()> = HashMap::new();
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
            if prefixes.insert(&p.value, ()).is_some() {
                self.error(
                    p.origin,
                    format!("{base}.prefix"),
                    format!("prefix `{}` is registered twice", p.value),
                );
            }
            let viewset = self
                .spec
                .viewsets
                .iter()
                .find(|v| v.name.value == registration.viewset.value);
            let Some(viewset) = viewset else {
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
                    None => continue,
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
        let mut paths: HashMap<&str, ()> = HashMap::new();
        let mut names: HashMap<&str, ()> = HashMap::new();
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
            if paths.insert(&route.path.value, ()).is_some() {
                self.error(
                    route.path.origin,
                    format!("{base}.path"),
                    format!("path `{}` is listed twice", route.path.value),
                );
            }
            if let Some(name) = &route.name
                && names.insert(&name.value, ()).is_some()
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

/// Checks the rules about one model alone: its fields' options and its own ordering, index and
/// display paths. The Rust front end sees one struct at a time, so this is what the derive
/// runs; [`check`] runs the same rules (and the cross-item ones) on a whole spec.
pub fn check_model(model: &Model) -> Result<(), Vec<Diagnostic>> {
    // The other models are unknown here: each local model a relation names stands in as a
    // model without fields, so that `to` resolves, and lookups that go on into a stand-in are
    // left to the whole-spec check.
    let stand_ins: Vec<Model> = model
        .fields
        .iter()
        .filter_map(|f| f.relation.as_ref())
        .filter(|r| r.to.value.app.is_none() && r.to.value.name != model.name.value)
        .map(|r| Model {
            name: Located::builtin(r.to.value.name.clone()),
            doc: None,
            db_table: None,
            primary_key: None,
            fields: Vec::new(),
            ordering: Vec::new(),
            verbose_name: None,
            verbose_name_plural: None,
            unique_together: Vec::new(),
            indexes: Vec::new(),
            display: None,
            renamed_from: None,
            origin: Origin::Builtin,
        })
        .collect();
    let spec = Spec {
        project: Located::builtin(String::new()),
        app: Located::builtin(String::new()),
        settings: crate::spec::Settings::default(),
        models: std::iter::once(model.clone())
            .chain(stand_ins.iter().cloned())
            .collect(),
        serializers: Vec::new(),
        permissions: Vec::new(),
        viewsets: Vec::new(),
        views: Vec::new(),
        signals: Vec::new(),
        routes: crate::spec::Routes {
            router: Located::builtin(crate::spec::RouterKind::Default),
            prefix: Located::builtin(String::new()),
            trailing_slash: true,
            registrations: Vec::new(),
            paths: Vec::new(),
        },
    };
    let cx = Ctxt::new();
    let ck = Checker {
        cx: &cx,
        spec: &spec,
    };
    for field in &model.fields {
        ck.field(model, field);
    }
    ck.model_options(model);
    let stand_in_errors: Vec<String> = stand_ins
        .iter()
        .map(|m| format!("`{}` has no field ", m.name.value))
        .collect();
    match cx.finish() {
        Ok(()) => Ok(()),
        Err(errors) => {
            let errors: Vec<Diagnostic> = errors
                .into_iter()
                // Lookup messages start with the path (`display `a.b`: `X` has no field …`),
                // so the stand-in's name is found inside them, not at their start.
                .filter(|d| {
                    !stand_in_errors
                        .iter()
                        .any(|s| d.message.contains(s.as_str()))
                })
                .collect();
            if errors.is_empty() {
                Ok(())
            } else {
                Err(errors)
            }
        }
    }
}

fn request_text(value: &RequestValue) -> String {
    std::iter::once("request.user")
        .chain(value.path.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{Located, Origin, Relation, RouterKind, Routes, Settings};

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
            routes: Routes {
                router: Located::builtin(RouterKind::Default),
                prefix: Located::builtin("api/".into()),
                trailing_slash: true,
                registrations: Vec::new(),
                paths: Vec::new(),
            },
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
