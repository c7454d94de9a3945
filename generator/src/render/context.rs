//! The template context: a checked [`Spec`] turned into plain data that templates lay out.
//!
//! Everything a template needs is computed here (identifiers, Rust types, attribute
//! arguments), so templates hold layout only and never change case or decide types.

use proc_macro2::Literal;
use serde::Serialize;

use crate::ident;
use crate::spec::{
    Action, Authentication, AutoField, DefaultValue, Field, FieldKind, IpProtocol, Located, Model,
    ModelRef, PaginationStyle, PermissionRef, RequestValue, RouterKind, SerializerFields,
    SignalAction, Spec,
};
use crate::types;

/// Everything the templates of one project see.
#[derive(Debug, Serialize)]
pub struct ProjectContext {
    /// Cargo package name.
    pub project: String,
    /// App label, also the app's module name.
    pub app: String,
    /// The spec's file name, for headers and docs.
    pub spec_file: String,
    /// `restforge = …` dependency line for a new project's Cargo.toml.
    pub restforge_dependency: String,
    /// The project is written once as the user's own code (`restforge new --derive`).
    pub derive: bool,
    pub models: Vec<ModelContext>,
    pub serializers: Vec<ItemContext>,
    pub permissions: Vec<ItemContext>,
    pub viewsets: Vec<ItemContext>,
    pub views: Vec<ItemContext>,
    pub signals: Vec<SignalContext>,
    pub settings: Vec<String>,
    pub router: RouterContext,
    /// `use` lines each module needs, computed so that no import is unused.
    pub imports: Imports,
    /// The items whose behaviour is the user's (`hooks: true`), for the app's `hooks.rs`.
    pub hooks: HooksContext,
}

/// The names of the items with `hooks: true`, by kind.
#[derive(Debug, Default, Serialize)]
pub struct HooksContext {
    /// Authentication classes of the user's, named in the settings or a view.
    pub authentication: Vec<String>,
    /// The settings' pagination class of the user's.
    pub pagination: Option<String>,
    pub serializers: Vec<String>,
    pub permissions: Vec<String>,
    /// Viewsets and generic views.
    pub views: Vec<String>,
}

/// One generated struct with its derive attribute.
#[derive(Debug, Serialize)]
pub struct ItemContext {
    pub name: String,
    pub doc: Vec<String>,
    /// The arguments of `#[restforge(…)]`, each already valid Rust tokens.
    pub attrs: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ModelContext {
    pub name: String,
    pub doc: Vec<String>,
    pub attrs: Vec<String>,
    pub fields: Vec<FieldContext>,
}

#[derive(Debug, Serialize)]
pub struct FieldContext {
    /// The Rust identifier (raw when a keyword).
    pub ident: String,
    pub rust_type: String,
    pub doc: Vec<String>,
    pub attrs: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SignalContext {
    pub name: String,
    pub doc: Vec<String>,
    /// The builder expression registering the receiver.
    pub expr: String,
}

#[derive(Debug, Serialize)]
pub struct RouterContext {
    /// `DefaultRouter` or `SimpleRouter`.
    pub kind: String,
    pub prefix: String,
    pub trailing_slash: bool,
    /// Builder calls, one per registration or path, in declaration order.
    pub calls: Vec<String>,
}

/// `use` items per generated module.
#[derive(Debug, Default, Serialize)]
pub struct Imports {
    pub models: Vec<String>,
    pub serializers: Vec<String>,
    pub permissions: Vec<String>,
    pub views: Vec<String>,
    pub routes: Vec<String>,
    pub signals: Vec<String>,
    pub settings: Vec<String>,
    /// The project's `main.rs` modules, sorted.
    pub main: Vec<String>,
}

/// Options that are not part of the spec.
#[derive(Debug, Clone)]
pub struct ContextOptions {
    /// The spec's file name as headers mention it (`api.yaml`).
    pub spec_file: String,
    /// How a new project depends on the runtime (`{ path = "…" }` or `"0.1"`).
    pub restforge_dependency: String,
    /// Whether the project has recorded migrations; without any, the initial ones are
    /// written with the code (later ones come from `makemigrations`).
    pub has_migrations: bool,
    /// Write every Rust file as the user's own, without `@generated` headers: a derive-only
    /// project that no spec regenerates (`restforge new --derive`).
    pub derive: bool,
}

impl ProjectContext {
    /// Builds the context of a checked spec.
    pub fn new(spec: &Spec, options: &ContextOptions) -> Self {
        let app = spec.app.value.clone();
        ProjectContext {
            project: spec.project.value.clone(),
            app: ident::snake(&app),
            spec_file: options.spec_file.clone(),
            restforge_dependency: options.restforge_dependency.clone(),
            derive: options.derive,
            models: spec.models.iter().map(|m| model(spec, m)).collect(),
            serializers: spec.serializers.iter().map(serializer).collect(),
            permissions: spec.permissions.iter().map(permission).collect(),
            viewsets: spec.viewsets.iter().map(|v| viewset(spec, v)).collect(),
            views: spec.views.iter().map(|v| view(spec, v)).collect(),
            signals: spec.signals.iter().map(signal).collect(),
            settings: settings(spec),
            router: router(spec),
            imports: imports(spec),
            hooks: hooks(spec),
        }
    }
}

fn hooks(spec: &Spec) -> HooksContext {
    let mut authentication: Vec<String> = spec
        .settings
        .authentication
        .iter()
        .chain(
            spec.viewsets
                .iter()
                .filter_map(|v| v.authentication.as_deref())
                .flatten(),
        )
        .chain(
            spec.views
                .iter()
                .filter_map(|v| v.authentication.as_deref())
                .flatten(),
        )
        .filter_map(|a| match &a.value {
            Authentication::Custom(name) => Some(name.clone()),
            _ => None,
        })
        .collect();
    authentication.sort();
    authentication.dedup();
    HooksContext {
        authentication,
        pagination: spec
            .settings
            .pagination_class
            .as_ref()
            .map(|class| class.value.clone()),
        serializers: spec
            .serializers
            .iter()
            .filter(|s| s.hooks.value)
            .map(|s| s.name.value.clone())
            .collect(),
        permissions: spec
            .permissions
            .iter()
            .filter(|p| p.hooks.value)
            .map(|p| p.name.value.clone())
            .collect(),
        views: spec
            .viewsets
            .iter()
            .filter(|v| v.hooks.value)
            .map(|v| v.name.value.clone())
            .chain(
                spec.views
                    .iter()
                    .filter(|v| v.hooks.value)
                    .map(|v| v.name.value.clone()),
            )
            .collect(),
    }
}

/// A Rust string literal, escaped by proc-macro2 so it is always valid.
fn lit(text: &str) -> String {
    Literal::string(text).to_string()
}

/// A doc comment's lines, each after `///`. A bare carriage return ends a line too: rustc
/// refuses one inside a doc comment.
fn doc_lines(doc: &Option<String>) -> Vec<String> {
    doc.as_deref()
        .map(|d| {
            d.replace("\r\n", "\n")
                .replace('\r', "\n")
                .lines()
                .map(|line| format!(" {}", line.trim_end()))
                .collect()
        })
        .unwrap_or_default()
}

/// The Rust name of a model reference: local models by name, `auth.User` as `User`.
fn model_type(model: &ModelRef) -> String {
    model.name.clone()
}

fn primary_key(spec: &Spec, model: &Model) -> AutoField {
    model
        .primary_key
        .as_ref()
        .map(|pk| pk.value)
        .unwrap_or(spec.settings.default_auto_field.value)
}

fn model(spec: &Spec, model: &Model) -> ModelContext {
    let mut attrs = vec![format!("app = {}", lit(&spec.app.value))];
    if let Some(table) = &model.db_table {
        attrs.push(format!("db_table = {}", lit(&table.value)));
    }
    if let Some(name) = &model.verbose_name {
        attrs.push(format!("verbose_name = {}", lit(&name.value)));
    }
    if let Some(name) = &model.verbose_name_plural {
        attrs.push(format!("verbose_name_plural = {}", lit(&name.value)));
    }
    if !model.ordering.is_empty() {
        attrs.push(format!("ordering({})", list_of_literals(&model.ordering)));
    }
    if let Some(display) = &model.display {
        attrs.push(format!("display = {}", lit(&display.value)));
    }
    if let Some(old) = &model.renamed_from {
        attrs.push(format!("renamed_from = {}", lit(&old.value)));
    }
    for group in &model.unique_together {
        attrs.push(format!("unique_together({})", list_of_idents(group)));
    }
    for index in &model.indexes {
        // Strings, as Django writes them: a field may be descending (`"-created"`).
        let fields = list_of_literals(&index.fields);
        match &index.name {
            Some(name) => attrs.push(format!(
                "index(name = {}, fields({fields}))",
                lit(&name.value),
            )),
            None => attrs.push(format!("index({fields})")),
        }
    }

    // Django adds the primary key first; so does the struct, so that field order matches
    // DRF's `__all__` order.
    let mut fields = vec![FieldContext {
        ident: "id".into(),
        rust_type: types::primary_key_type(primary_key(spec, model)).into(),
        doc: Vec::new(),
        attrs: Vec::new(),
    }];
    fields.extend(model.fields.iter().map(field));
    ModelContext {
        name: model.name.value.clone(),
        doc: doc_lines(&model.doc),
        attrs,
        fields,
    }
}

fn list_of_literals(items: &[crate::spec::Located<String>]) -> String {
    items
        .iter()
        .map(|item| lit(&item.value))
        .collect::<Vec<_>>()
        .join(", ")
}

fn list_of_idents(items: &[crate::spec::Located<String>]) -> String {
    items
        .iter()
        .map(|item| ident::rust_ident(&item.value))
        .collect::<Vec<_>>()
        .join(", ")
}

fn default_literal(value: &DefaultValue) -> String {
    match value {
        DefaultValue::Null => "None".into(),
        DefaultValue::Bool(b) => b.to_string(),
        DefaultValue::Int(i) => i.to_string(),
        DefaultValue::Float(f) => {
            let text = f.to_string();
            if text.contains(['.', 'e', 'E']) || !f.is_finite() {
                text
            } else {
                format!("{text}.0")
            }
        }
        DefaultValue::String(s) => lit(s),
        DefaultValue::Uuid4 => "uuid4".into(),
        DefaultValue::Now => "now".into(),
    }
}

fn field(field: &Field) -> FieldContext {
    let kind = field.kind.value;
    let (rust, _) = types::rust_type(kind);
    let mut rust_type = match &field.relation {
        Some(relation) => format!("{rust}<{}>", model_type(&relation.to.value)),
        None => rust.to_string(),
    };
    if field.null.value && kind != FieldKind::ManyToMany {
        rust_type = format!("Option<{rust_type}>");
    }

    let mut attrs = Vec::new();
    // The kind is written only when the Rust type does not already say it.
    let explicit_max_length = field
        .max_length
        .as_ref()
        .filter(|len| Some(len.value) != kind.default_max_length());
    if types::kind_for_rust_type(rust, explicit_max_length.is_some()) != Some(kind) {
        attrs.push(kind.name().to_string());
    }
    if let Some(len) = explicit_max_length {
        attrs.push(format!("max_length = {}", len.value));
    }
    if let Some(digits) = &field.max_digits {
        attrs.push(format!("max_digits = {}", digits.value));
    }
    if let Some(places) = &field.decimal_places {
        attrs.push(format!("decimal_places = {}", places.value));
    }
    for (flag, set) in [
        ("null", field.null.value),
        ("blank", field.blank.value),
        ("unique", field.unique.value),
        ("db_index", field.db_index.value),
        ("auto_now", field.auto_now.value),
        ("auto_now_add", field.auto_now_add.value),
    ] {
        if set {
            attrs.push(flag.to_string());
        }
    }
    if let Some(default) = &field.default {
        attrs.push(format!("default = {}", default_literal(&default.value)));
    }
    if !field.choices.is_empty() {
        let choices: Vec<String> = field
            .choices
            .iter()
            .map(|c| format!("({}, {})", lit(&c.value.value), lit(&c.label.value)))
            .collect();
        attrs.push(format!("choices({})", choices.join(", ")));
    }
    if let Some(min) = &field.min_value {
        attrs.push(format!("min_value = {}", min.value));
    }
    if let Some(max) = &field.max_value {
        attrs.push(format!("max_value = {}", max.value));
    }
    if let Some(protocol) = field
        .protocol
        .as_ref()
        .filter(|p| p.value != IpProtocol::Both)
    {
        attrs.push(format!("protocol = {}", lit(protocol.value.name())));
    }
    if let Some(upload_to) = &field.upload_to {
        attrs.push(format!("upload_to = {}", lit(&upload_to.value)));
    }
    if let Some(relation) = &field.relation {
        if let Some(on_delete) = &relation.on_delete {
            attrs.push(format!("on_delete = {}", lit(on_delete.value.name())));
        }
        if let Some(name) = &relation.related_name {
            attrs.push(format!("related_name = {}", lit(&name.value)));
        }
    }
    if let Some(name) = &field.verbose_name {
        attrs.push(format!("verbose_name = {}", lit(&name.value)));
    }
    if let Some(text) = &field.help_text {
        attrs.push(format!("help_text = {}", lit(&text.value)));
    }
    if let Some(column) = &field.db_column {
        attrs.push(format!("db_column = {}", lit(&column.value)));
    }
    if let Some(old) = &field.renamed_from {
        attrs.push(format!("renamed_from = {}", lit(&old.value)));
    }
    FieldContext {
        ident: ident::rust_ident(&field.name.value),
        rust_type,
        doc: Vec::new(),
        attrs,
    }
}

fn serializer(serializer: &crate::spec::Serializer) -> ItemContext {
    let mut attrs = vec![format!("model = {}", model_type(&serializer.model.value))];
    match &serializer.fields {
        SerializerFields::All => attrs.push(format!("fields = {}", lit("__all__"))),
        SerializerFields::Only(fields) => attrs.push(format!("fields({})", list_of_idents(fields))),
        SerializerFields::Exclude(fields) => {
            attrs.push(format!("exclude({})", list_of_idents(fields)))
        }
    }
    for (key, list) in [
        ("read_only", &serializer.read_only),
        ("write_only", &serializer.write_only),
        ("string_related", &serializer.string_related),
        ("method_fields", &serializer.method_fields),
    ] {
        if !list.is_empty() {
            attrs.push(format!("{key}({})", list_of_idents(list)));
        }
    }
    for extra in &serializer.extra {
        let mut options = Vec::new();
        let flags = [
            ("required", &extra.required),
            ("allow_null", &extra.allow_null),
            ("allow_blank", &extra.allow_blank),
        ];
        for (key, value) in flags {
            if let Some(value) = value {
                options.push(format!("{key} = {}", value.value));
            }
        }
        let numbers = [
            (
                "min_length",
                extra.min_length.as_ref().map(|v| i64::from(v.value)),
            ),
            (
                "max_length",
                extra.max_length.as_ref().map(|v| i64::from(v.value)),
            ),
            ("min_value", extra.min_value.as_ref().map(|v| v.value)),
            ("max_value", extra.max_value.as_ref().map(|v| v.value)),
        ];
        for (key, value) in numbers {
            if let Some(value) = value {
                options.push(format!("{key} = {value}"));
            }
        }
        if let Some(label) = &extra.label {
            options.push(format!("label = {}", lit(&label.value)));
        }
        if let Some(text) = &extra.help_text {
            options.push(format!("help_text = {}", lit(&text.value)));
        }
        attrs.push(format!(
            "extra({}({}))",
            ident::rust_ident(&extra.field.value),
            options.join(", ")
        ));
    }
    if serializer.hooks.value {
        attrs.push("hooks".into());
    }
    ItemContext {
        name: serializer.name.value.clone(),
        doc: doc_lines(&serializer.doc),
        attrs,
    }
}

fn permission(permission: &crate::spec::Permission) -> ItemContext {
    let mut attrs = Vec::new();
    if let Some(owner) = &permission.owner {
        attrs.push(format!("owner = {}", lit(&owner.value.join("."))));
    }
    if permission.allow_safe_methods.value {
        attrs.push("allow_safe_methods".into());
    }
    if permission.hooks.value {
        attrs.push("hooks".into());
    }
    ItemContext {
        name: permission.name.value.clone(),
        doc: doc_lines(&permission.doc),
        attrs,
    }
}

/// `close(detail, methods(post))`: only what differs from DRF's defaults.
fn extra_action(action: &crate::spec::ExtraAction) -> String {
    let mut options = Vec::new();
    if action.detail.value {
        options.push("detail".to_string());
    }
    let methods: Vec<&str> = action.methods.iter().map(|m| m.value.as_str()).collect();
    if methods != ["get"] {
        options.push(format!("methods({})", methods.join(", ")));
    }
    if let Some(url_path) = &action.url_path {
        options.push(format!("url_path = {}", lit(&url_path.value)));
    }
    if let Some(url_name) = &action.url_name {
        options.push(format!("url_name = {}", lit(&url_name.value)));
    }
    if let Some(list) = &action.permissions {
        options.push(format!("permissions({})", permission_list(list)));
    }
    if let Some(serializer) = &action.serializer {
        options.push(format!("serializer = {}", serializer.value));
    }
    if options.is_empty() {
        action.name.value.clone()
    } else {
        format!("{}({})", action.name.value, options.join(", "))
    }
}

fn permission_list(list: &[crate::spec::Located<PermissionRef>]) -> String {
    list.iter()
        .map(|p| p.value.rust())
        .collect::<Vec<_>>()
        .join(", ")
}

fn authentication_list(list: &[crate::spec::Located<Authentication>]) -> String {
    list.iter()
        .map(|a| a.value.class_name())
        .collect::<Vec<_>>()
        .join(", ")
}

fn request_value(value: &RequestValue) -> String {
    let mut text = String::from("request.user");
    for segment in &value.path {
        text.push('.');
        text.push_str(segment);
    }
    lit(&text)
}

fn viewset(_spec: &Spec, viewset: &crate::spec::ViewSet) -> ItemContext {
    let mut attrs = vec![format!("serializer = {}", viewset.serializer.value)];
    let actions: Vec<Action> = viewset.actions.iter().map(|a| a.value).collect();
    // All six actions is a ModelViewSet, the default; list them only when narrower.
    if actions.len() != Action::ALL.len() {
        let names: Vec<&str> = actions.iter().map(|a| a.name()).collect();
        attrs.push(format!("actions({})", names.join(", ")));
    }
    if let Some(list) = &viewset.authentication {
        attrs.push(format!("authentication({})", authentication_list(list)));
    }
    if let Some(list) = &viewset.permissions {
        attrs.push(format!("permissions({})", permission_list(list)));
    }
    if !viewset.ordering.is_empty() {
        attrs.push(format!("ordering({})", list_of_literals(&viewset.ordering)));
    }
    if !viewset.filters.is_empty() {
        let filters: Vec<String> = viewset
            .filters
            .iter()
            .map(|f| {
                format!(
                    "{} = {}",
                    ident::rust_ident(&f.param.value),
                    lit(&f.path.value)
                )
            })
            .collect();
        attrs.push(format!("filters({})", filters.join(", ")));
    }
    if !viewset.search_fields.is_empty() {
        attrs.push(format!(
            "search_fields({})",
            list_of_literals(&viewset.search_fields)
        ));
    }
    if !viewset.ordering_fields.is_empty() {
        attrs.push(format!(
            "ordering_fields({})",
            list_of_literals(&viewset.ordering_fields)
        ));
    }
    for (key, assignments) in [
        ("on_create", &viewset.on_create),
        ("on_update", &viewset.on_update),
    ] {
        if !assignments.is_empty() {
            let items: Vec<String> = assignments
                .iter()
                .map(|a| {
                    format!(
                        "{} = {}",
                        ident::rust_ident(&a.field.value),
                        request_value(&a.value)
                    )
                })
                .collect();
            attrs.push(format!("{key}({})", items.join(", ")));
        }
    }
    if let Some(scope) = &viewset.throttle_scope {
        attrs.push(format!("throttle_scope = {}", lit(&scope.value)));
    }
    if viewset.hooks.value {
        attrs.push("hooks".into());
    }
    if !viewset.extra_actions.is_empty() {
        let actions: Vec<String> = viewset.extra_actions.iter().map(extra_action).collect();
        attrs.push(format!("extra_actions({})", actions.join(", ")));
    }
    if !viewset.action_serializers.is_empty() {
        let entries: Vec<String> = viewset
            .action_serializers
            .iter()
            .map(|e| format!("{} = {}", e.action.value, e.serializer.value))
            .collect();
        attrs.push(format!("action_serializers({})", entries.join(", ")));
    }
    ItemContext {
        name: viewset.name.value.clone(),
        doc: doc_lines(&viewset.doc),
        attrs,
    }
}

fn view(_spec: &Spec, view: &crate::spec::View) -> ItemContext {
    let mut attrs = vec![
        format!("kind = {}", lit(view.kind.value.name())),
        format!("serializer = {}", view.serializer.value),
    ];
    if let Some(object) = &view.object {
        attrs.push(format!("object = {}", request_value(object)));
    }
    if let Some(list) = &view.authentication {
        attrs.push(format!("authentication({})", authentication_list(list)));
    }
    if let Some(list) = &view.permissions {
        attrs.push(format!("permissions({})", permission_list(list)));
    }
    if view.hooks.value {
        attrs.push("hooks".into());
    }
    ItemContext {
        name: view.name.value.clone(),
        doc: doc_lines(&view.doc),
        attrs,
    }
}

fn signal(signal: &crate::spec::Signal) -> SignalContext {
    let event = signal.event.value.name();
    let mut expr = format!("Signal::{event}::<{}>()", model_type(&signal.sender.value));
    let mut doc = format!(" {event} on `{}`", signal.sender.value);
    if signal.created_only {
        expr.push_str(".created_only()");
        doc.push_str(", when a row is created");
    }
    match &signal.action {
        SignalAction::CreateRelated { model, link } => {
            expr.push_str(&format!(
                ".create_related::<{}>({})",
                model_type(&model.value),
                lit(&link.value)
            ));
            doc.push_str(&format!(": create its `{}`.", model.value));
        }
    }
    SignalContext {
        name: signal.name.value.clone(),
        doc: vec![doc],
        expr,
    }
}

fn settings(spec: &Spec) -> Vec<String> {
    let settings = &spec.settings;
    let mut calls = Vec::new();
    let pk = AutoField::ALL
        .iter()
        .find(|(_, kind)| *kind == settings.default_auto_field.value)
        .map(|(name, _)| ident::camel(name))
        .expect("every primary key kind is listed");
    calls.push(format!("default_auto_field(AutoField::{pk})"));
    // Both lists are written even when empty: an empty list means none (no authentication,
    // no permission checks), which differs from leaving the runtime's defaults.
    let list: Vec<String> = settings
        .authentication
        .iter()
        .map(|a| format!("&{}", a.value.class_name()))
        .collect();
    calls.push(format!("authentication(&[{}])", list.join(", ")));
    let list: Vec<String> = settings
        .permissions
        .iter()
        .map(|p| format!("&{}", p.value.rust()))
        .collect();
    calls.push(format!("default_permissions(&[{}])", list.join(", ")));
    if let Some(pagination) = &settings.pagination {
        let mut call = match pagination.style {
            PaginationStyle::PageNumber => {
                format!("PageNumberPagination::new({})", pagination.page_size.value)
            }
            PaginationStyle::LimitOffset => {
                format!("LimitOffsetPagination::new({})", pagination.page_size.value)
            }
        };
        if let Some(param) = &pagination.page_size_query_param {
            call.push_str(&format!(".page_size_query_param({})", lit(&param.value)));
        }
        if let Some(max) = &pagination.max_page_size {
            call.push_str(&format!(".max_page_size({})", max.value));
        }
        calls.push(format!("pagination({call})"));
    }
    if let Some(class) = &settings.pagination_class {
        calls.push(format!("pagination({})", class.value));
    }
    for rate in &settings.throttling {
        calls.push(format!(
            "throttle_rate({}, {})",
            lit(&rate.scope.value),
            lit(&rate.text.value)
        ));
    }
    calls.push(format!("media_url({})", lit(&settings.media_url.value)));
    if let Some(accounts) = &settings.accounts {
        let mut call = "Accounts::new()".to_string();
        if let Some(prefix) = &accounts.prefix {
            call.push_str(&format!(".rest_auth({})", lit(&prefix.value)));
        }
        if accounts.registration.as_ref().is_some_and(|r| r.value) {
            call.push_str(".registration(true)");
        }
        if let Some(prefix) = &accounts.jwt {
            call.push_str(&format!(".jwt({})", lit(&prefix.value)));
        }
        if let Some(prefix) = &accounts.browsable_login {
            call.push_str(&format!(".browsable_login({})", lit(&prefix.value)));
        }
        calls.push(format!("accounts({call})"));
    }
    calls
}

fn router(spec: &Spec) -> RouterContext {
    let routes = &spec.routes;
    let mut calls = Vec::new();
    for registration in &routes.registrations {
        match &registration.basename {
            Some(basename) => calls.push(format!(
                "register_with_basename::<{}>({}, {})",
                registration.viewset.value,
                lit(&registration.prefix.value),
                lit(&basename.value)
            )),
            None => calls.push(format!(
                "register::<{}>({})",
                registration.viewset.value,
                lit(&registration.prefix.value)
            )),
        }
    }
    for path in &routes.paths {
        let name = path
            .name
            .as_ref()
            .map(|n| n.value.clone())
            .unwrap_or_else(|| ident::snake(&path.view.value).replace('_', "-"));
        calls.push(format!(
            "path::<{}>({}, {})",
            path.view.value,
            lit(&path.path.value),
            lit(&name)
        ));
    }
    RouterContext {
        kind: match routes.router.value {
            RouterKind::Default => "DefaultRouter".into(),
            RouterKind::Simple => "SimpleRouter".into(),
        },
        prefix: lit(&routes.prefix.value),
        trailing_slash: routes.trailing_slash,
        calls,
    }
}

/// The path a generated module imports a model by: `auth.User` from the runtime, a model of
/// the app from the sibling `models` module.
fn model_import(model: &ModelRef) -> String {
    if model.is_auth_user() {
        "restforge::contrib::auth::User".to_string()
    } else {
        format!("super::models::{}", model.name)
    }
}

/// Computes the `use` lines of each module from what the module mentions, so that none is
/// unused: the prelude only where the module declares something.
fn imports(spec: &Spec) -> Imports {
    // The list is sorted as rustfmt sorts one group.
    let names = |items: &mut Vec<String>, uses_prelude: bool| {
        if uses_prelude {
            items.push("restforge::prelude::*".to_string());
        }
        items.sort();
        items.dedup();
        std::mem::take(items)
    };
    let declared = |list: &[Located<PermissionRef>]| -> Vec<String> {
        list.iter()
            .flat_map(|p| p.value.leaves())
            .filter_map(|p| match p {
                PermissionRef::Declared(name) => Some(name.clone()),
                _ => None,
            })
            .collect()
    };

    let mut models: Vec<String> = spec
        .models
        .iter()
        .flat_map(|m| &m.fields)
        .filter_map(|f| f.relation.as_ref())
        .map(|r| &r.to.value)
        .filter(|to| to.is_auth_user())
        .map(model_import)
        .collect();
    let mut serializers: Vec<String> = spec
        .serializers
        .iter()
        .map(|s| model_import(&s.model.value))
        .collect();
    let mut views: Vec<String> = spec
        .viewsets
        .iter()
        .flat_map(|v| {
            let per_action = v.action_serializers.iter().map(|e| &e.serializer);
            let extra = v.extra_actions.iter().filter_map(|a| a.serializer.as_ref());
            std::iter::once(&v.serializer)
                .chain(per_action)
                .chain(extra)
        })
        .chain(spec.views.iter().map(|v| &v.serializer))
        .map(|s| format!("super::serializers::{}", s.value))
        .collect();
    let view_permissions = spec
        .viewsets
        .iter()
        .filter_map(|v| v.permissions.as_deref())
        .chain(
            spec.viewsets
                .iter()
                .flat_map(|v| &v.extra_actions)
                .filter_map(|a| a.permissions.as_deref()),
        )
        .chain(spec.views.iter().filter_map(|v| v.permissions.as_deref()));
    for list in view_permissions {
        views.extend(
            declared(list)
                .into_iter()
                .map(|name| format!("super::permissions::{name}")),
        );
    }
    // Authentication classes of the user's live in the app's hooks.rs.
    let custom = |list: &[Located<Authentication>]| -> Vec<String> {
        list.iter()
            .filter_map(|a| match &a.value {
                Authentication::Custom(name) => Some(name.clone()),
                _ => None,
            })
            .collect()
    };
    let view_authentication = spec
        .viewsets
        .iter()
        .filter_map(|v| v.authentication.as_deref())
        .chain(
            spec.views
                .iter()
                .filter_map(|v| v.authentication.as_deref()),
        );
    for list in view_authentication {
        views.extend(
            custom(list)
                .into_iter()
                .map(|name| format!("super::hooks::{name}")),
        );
    }
    let app = ident::snake(&spec.app.value);
    let mut settings: Vec<String> = declared(&spec.settings.permissions)
        .into_iter()
        .map(|name| format!("crate::{app}::permissions::{name}"))
        .chain(
            custom(&spec.settings.authentication)
                .into_iter()
                .chain(
                    spec.settings
                        .pagination_class
                        .iter()
                        .map(|c| c.value.clone()),
                )
                .map(|name| format!("crate::{app}::hooks::{name}")),
        )
        .collect();
    let mut routes: Vec<String> = spec
        .routes
        .registrations
        .iter()
        .map(|r| format!("super::views::{}", r.viewset.value))
        .chain(
            spec.routes
                .paths
                .iter()
                .map(|p| format!("super::views::{}", p.view.value)),
        )
        .collect();
    let mut signals = Vec::new();
    for signal in &spec.signals {
        for model in [&signal.sender.value, signal_model(&signal.action)] {
            signals.push(model_import(model));
        }
    }
    Imports {
        models: names(&mut models, !spec.models.is_empty()),
        serializers: names(&mut serializers, !spec.serializers.is_empty()),
        permissions: names(&mut Vec::new(), !spec.permissions.is_empty()),
        views: names(
            &mut views,
            !(spec.viewsets.is_empty() && spec.views.is_empty()),
        ),
        // The router type and `Signals` are the prelude's.
        routes: names(&mut routes, true),
        signals: names(&mut signals, true),
        settings: names(&mut settings, true),
        main: {
            let mut modules = vec![
                "migrations".to_string(),
                "settings".to_string(),
                app.clone(),
            ];
            modules.sort();
            modules
        },
    }
}

fn signal_model(action: &SignalAction) -> &ModelRef {
    match action {
        SignalAction::CreateRelated { model, .. } => &model.value,
    }
}
