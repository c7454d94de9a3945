//! Serializer, permission, viewset and generic view structs → their IR nodes.
//!
//! Besides the IR, each reader returns the paths the user wrote for types (`model = Profile`,
//! `permissions(IsAuthenticated)`), which the derive macros emit as they are so that the
//! compiler resolves them in the user's scope.

use proc_macro2::Span;
use syn::DeriveInput;
use syn::meta::ParseNestedMeta;

use super::attr::{self, Keys};
use super::doc_comment;
use super::symbol::*;
use crate::diagnostics::{Ctxt, Diagnostic, did_you_mean};
use crate::spec::{
    Action, ActionSerializer, Authentication, ExtraAction, FieldOptions, Filter, Located, ModelRef,
    Origin, Permission, PermissionRef, RequestAssignment, RequestValue, Serializer,
    SerializerFields, View, ViewKind, ViewSet,
};

/// A serializer struct and the model path it names.
#[derive(Debug, Clone)]
pub struct RustSerializer {
    pub serializer: Serializer,
    pub model_path: syn::Path,
}

/// A viewset struct and the paths it names.
#[derive(Debug, Clone)]
pub struct RustViewSet {
    pub viewset: ViewSet,
    pub paths: ViewPaths,
}

/// A generic view struct and the paths it names.
#[derive(Debug, Clone)]
pub struct RustView {
    pub view: View,
    pub paths: ViewPaths,
}

/// The types a view names, as written.
#[derive(Debug, Clone)]
pub struct ViewPaths {
    pub serializer: syn::Path,
    /// In the order of the IR's `permissions`, as written (a name or a composition).
    pub permissions: Vec<syn::Expr>,
    /// Per extra action, in the IR's order: its `permissions` as written.
    pub extra_action_permissions: Vec<Vec<syn::Expr>>,
    /// Per extra action, in the IR's order: its `serializer` path.
    pub extra_action_serializers: Vec<Option<syn::Path>>,
    /// In the order of the IR's `action_serializers`.
    pub action_serializers: Vec<syn::Path>,
    /// In the order of the IR's `authentication`.
    pub authentication: Vec<syn::Path>,
}

/// The struct must be a unit struct: the attribute is the whole declaration.
fn unit_struct(cx: &Ctxt, input: &DeriveInput, base: &str, derive: &str) {
    let is_unit = matches!(
        &input.data,
        syn::Data::Struct(syn::DataStruct {
            fields: syn::Fields::Unit,
            ..
        })
    );
    if !is_unit {
        cx.push(attr::error_at(
            input.ident.span(),
            base,
            format!(
                "`#[derive({derive})]` needs a unit struct, as in `pub struct {};`",
                input.ident
            ),
        ));
    }
    if !input.generics.params.is_empty() {
        cx.push(attr::error_at(
            input.ident.span(),
            base,
            format!("`#[derive({derive})]` cannot be generic"),
        ));
    }
}

fn name_of(input: &DeriveInput) -> Located<String> {
    Located::new(attr::unraw(&input.ident), Origin::Rust(input.ident.span()))
}

fn missing(cx: &Ctxt, input: &DeriveInput, base: &str, key: &str, example: &str) {
    cx.push(
        attr::error_at(
            input.ident.span(),
            base,
            format!("missing restforge attribute `{key}`"),
        )
        .with_hint(Some(format!("add `#[restforge({example})]`"))),
    );
}

fn names(list: Vec<(Located<String>, syn::Path)>) -> Vec<Located<String>> {
    list.into_iter().map(|(name, _)| name).collect()
}

/// Reads a `#[derive(Serializer)]` struct.
pub fn parse_serializer(input: &DeriveInput) -> Result<RustSerializer, Vec<Diagnostic>> {
    let cx = Ctxt::new();
    let name = name_of(input);
    let base = format!("serializers.{}", name.value);
    unit_struct(&cx, input, &base, "Serializer");
    let mut model = None;
    let mut fields = None;
    let mut read_only = Vec::new();
    let mut write_only = Vec::new();
    let mut string_related = Vec::new();
    let mut extra = Vec::new();
    let mut hooks = Located::new(false, name.origin);
    let mut method_fields = Vec::new();
    // Keys given with a bad value are reported once, not again as missing.
    let mut given = Vec::new();
    attr::walk(
        &cx,
        &input.attrs,
        &base,
        Keys::only(SERIALIZER_KEYS),
        |key, span, meta| {
            given.push(if key == EXCLUDE { FIELDS } else { key }.to_string());
            match key {
                MODEL => model = Some(attr::type_path(meta, key)?),
                FIELDS | EXCLUDE if given[..given.len() - 1].iter().any(|k| k == FIELDS) => {
                    // DRF: "Cannot set both 'fields' and 'exclude'".
                    return Err(syn::Error::new(
                        span,
                        "`fields` and `exclude` cannot both be set",
                    ));
                }
                FIELDS if meta.input.peek(syn::Token![=]) => {
                    let text = attr::string(meta, key)?;
                    if text.value != ALL_FIELDS {
                        return Err(attr::expected(
                            span_of(text.origin),
                            key,
                            "`\"__all__\"` or a list of fields",
                            "fields(a, b)",
                        ));
                    }
                    fields = Some(SerializerFields::All);
                }
                FIELDS => fields = Some(SerializerFields::Only(names(attr::name_list(meta, key)?))),
                EXCLUDE => {
                    fields = Some(SerializerFields::Exclude(names(attr::name_list(
                        meta, key,
                    )?)))
                }
                READ_ONLY => read_only = names(attr::name_list(meta, key)?),
                WRITE_ONLY => write_only = names(attr::name_list(meta, key)?),
                STRING_RELATED => string_related = names(attr::name_list(meta, key)?),
                EXTRA => read_extra(&cx, meta, &base, &mut extra)?,
                HOOKS => hooks = attr::flag(meta, key, span)?,
                METHOD_FIELDS => method_fields = names(attr::name_list(meta, key)?),
                _ => unreachable!("every serializer key is handled"),
            }
            Ok(())
        },
    );
    if model.is_none() && !given.iter().any(|k| k == MODEL) {
        missing(&cx, input, &base, MODEL, "model = Profile");
    }
    if fields.is_none() && !given.iter().any(|k| k == FIELDS) {
        missing(&cx, input, &base, FIELDS, "fields = \"__all__\"");
    }
    cx.finish()?;
    let (model_name, model_path) = model.expect("checked above");
    let model = Located::new(ModelRef::local(model_name.value.clone()), model_name.origin);
    let model = if model_name.value == "User" {
        Located::new(ModelRef::auth_user(), model.origin)
    } else {
        model
    };
    Ok(RustSerializer {
        serializer: Serializer {
            origin: name.origin,
            name,
            doc: doc_comment(&input.attrs),
            model,
            fields: fields.expect("checked above"),
            read_only,
            write_only,
            string_related,
            extra,
            hooks,
            method_fields,
        },
        model_path,
    })
}

/// `extra(bio(required = false), city(max_length = 20))`, DRF's `extra_kwargs`.
fn read_extra(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    base: &str,
    extra: &mut Vec<FieldOptions>,
) -> syn::Result<()> {
    meta.parse_nested_meta(|field_meta| {
        let field = attr::last_segment(&field_meta.path);
        let path = format!("{base}.extra.{}", field.value);
        let mut options = FieldOptions {
            field,
            required: None,
            allow_null: None,
            allow_blank: None,
            min_length: None,
            max_length: None,
            min_value: None,
            max_value: None,
            label: None,
            help_text: None,
        };
        attr::walk_nested(
            cx,
            &field_meta,
            &path,
            Keys::only(EXTRA_KEYS),
            |key, span, meta| {
                match key {
                    REQUIRED => options.required = Some(attr::flag(meta, key, span)?),
                    ALLOW_NULL => options.allow_null = Some(attr::flag(meta, key, span)?),
                    ALLOW_BLANK => options.allow_blank = Some(attr::flag(meta, key, span)?),
                    MIN_LENGTH => options.min_length = Some(attr::int(meta, key)?),
                    MAX_LENGTH => options.max_length = Some(attr::int(meta, key)?),
                    MIN_VALUE => options.min_value = Some(attr::int(meta, key)?),
                    MAX_VALUE => options.max_value = Some(attr::int(meta, key)?),
                    LABEL => options.label = Some(attr::string(meta, key)?),
                    HELP_TEXT => options.help_text = Some(attr::string(meta, key)?),
                    _ => unreachable!("every extra key is handled"),
                }
                Ok(())
            },
        )?;
        extra.push(options);
        Ok(())
    })
}

/// `extra_actions(close(detail, methods(post)), mine)`, DRF's `@action`s.
fn read_extra_actions(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    base: &str,
    actions: &mut Vec<ExtraAction>,
    paths: &mut Vec<Vec<syn::Expr>>,
    serializers: &mut Vec<Option<syn::Path>>,
) -> syn::Result<()> {
    meta.parse_nested_meta(|action_meta| {
        let name = attr::last_segment(&action_meta.path);
        let path = format!("{base}.extra_actions.{}", name.value);
        let mut action = ExtraAction {
            detail: Located::new(false, name.origin),
            methods: vec![Located::new("get".to_string(), name.origin)],
            url_path: None,
            url_name: None,
            permissions: None,
            serializer: None,
            name,
        };
        let mut permission_paths = Vec::new();
        let mut serializer_path = None;
        if action_meta.input.peek(syn::token::Paren) {
            attr::walk_nested(
                cx,
                &action_meta,
                &path,
                Keys::only(EXTRA_ACTION_KEYS),
                |key, span, meta| {
                    match key {
                        DETAIL => action.detail = attr::flag(meta, key, span)?,
                        METHODS => action.methods = names(attr::name_list(meta, key)?),
                        URL_PATH => action.url_path = Some(attr::string(meta, key)?),
                        URL_NAME => action.url_name = Some(attr::string(meta, key)?),
                        PERMISSIONS => {
                            let (refs, exprs) =
                                attr::permission_list(meta, key)?.into_iter().unzip();
                            action.permissions = Some(refs);
                            permission_paths = exprs;
                        }
                        SERIALIZER => {
                            let (name, path) = attr::type_path(meta, key)?;
                            action.serializer = Some(name);
                            serializer_path = Some(path);
                        }
                        _ => unreachable!("every extra action key is handled"),
                    }
                    Ok(())
                },
            )?;
        }
        actions.push(action);
        paths.push(permission_paths);
        serializers.push(serializer_path);
        Ok(())
    })
}

fn span_of(origin: Origin) -> Span {
    match origin {
        Origin::Rust(span) => span,
        _ => Span::call_site(),
    }
}

/// Reads a `#[derive(Permission)]` struct.
pub fn parse_permission(input: &DeriveInput) -> Result<Permission, Vec<Diagnostic>> {
    let cx = Ctxt::new();
    let name = name_of(input);
    let base = format!("permissions.{}", name.value);
    unit_struct(&cx, input, &base, "Permission");
    let mut owner = None;
    let mut allow_safe_methods = Located::new(false, name.origin);
    let mut hooks = Located::new(false, name.origin);
    attr::walk(
        &cx,
        &input.attrs,
        &base,
        Keys::only(PERMISSION_KEYS),
        |key, span, meta| {
            match key {
                OWNER => {
                    let text = attr::string(meta, key)?;
                    let steps = Permission::parse_owner(&text.value)
                        .map_err(|message| syn::Error::new(span_of(text.origin), message))?;
                    owner = Some(Located::new(steps, text.origin));
                }
                ALLOW_SAFE_METHODS => allow_safe_methods = attr::flag(meta, key, span)?,
                HOOKS => hooks = attr::flag(meta, key, span)?,
                _ => unreachable!("every permission key is handled"),
            }
            Ok(())
        },
    );
    // A permission is an owner rule, or the user's own code.
    match (&owner, hooks.value) {
        (None, false) => missing(&cx, input, &base, OWNER, "owner = \"user\""),
        (Some(owner), true) => cx.push(attr::error_at(
            span_of(owner.origin),
            &base,
            "`owner` and `hooks` cannot both be set: an owner rule is checked by restforge, a permission with `hooks` by your `impl Permission`",
        )),
        _ => {}
    }
    cx.finish()?;
    Ok(Permission {
        origin: name.origin,
        name,
        doc: doc_comment(&input.attrs),
        allow_safe_methods,
        owner,
        hooks,
    })
}

/// What viewsets and generic views share.
#[derive(Default)]
struct Common {
    serializer: Option<(Located<String>, syn::Path)>,
    hooks: Option<Located<bool>>,
    permissions: Option<Vec<(Located<PermissionRef>, syn::Expr)>>,
    authentication: Option<Vec<(Located<Authentication>, syn::Path)>>,
}

impl Common {
    /// Handles the keys both kinds of view take; `false` for other keys.
    fn key(&mut self, key: &str, meta: &ParseNestedMeta) -> syn::Result<bool> {
        match key {
            SERIALIZER => self.serializer = Some(attr::type_path(meta, key)?),
            HOOKS => {
                let span = syn::spanned::Spanned::span(&meta.path);
                self.hooks = Some(attr::flag(meta, key, span)?);
            }
            PERMISSIONS => self.permissions = Some(attr::permission_list(meta, key)?),
            AUTHENTICATION => {
                // DRF's classes by name; any other type is a class of the user's, which the
                // compiler finds (or reports) in the user's scope.
                let mut classes = Vec::new();
                for (name, class_path) in attr::name_list(meta, key)? {
                    let class = AUTHENTICATION_CLASSES
                        .iter()
                        .find(|(n, _)| *n == name.value)
                        .map(|(_, class)| class.clone())
                        .unwrap_or_else(|| Authentication::Custom(name.value.clone()));
                    classes.push((Located::new(class, name.origin), class_path));
                }
                self.authentication = Some(classes);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// The authentication classes and their paths as written.
    fn authentication(&mut self) -> (Option<Vec<Located<Authentication>>>, Vec<syn::Path>) {
        match self.authentication.take() {
            Some(list) => {
                let (classes, paths) = list.into_iter().unzip();
                (Some(classes), paths)
            }
            None => (None, Vec::new()),
        }
    }

    fn permission_refs(&mut self) -> (Option<Vec<Located<PermissionRef>>>, Vec<syn::Expr>) {
        match self.permissions.take() {
            Some(list) => {
                let (refs, paths) = list.into_iter().unzip();
                (Some(refs), paths)
            }
            None => (None, Vec::new()),
        }
    }
}

/// `"request.user"` or `"request.user.profile"`.
fn request_value(text: &Located<String>) -> syn::Result<RequestValue> {
    RequestValue::parse(&text.value, text.origin)
        .map_err(|message| syn::Error::new(span_of(text.origin), message))
}

fn assignments(meta: &ParseNestedMeta, key: &str) -> syn::Result<Vec<RequestAssignment>> {
    attr::string_pairs(meta, key)?
        .into_iter()
        .map(|(field, text)| {
            Ok(RequestAssignment {
                field,
                value: request_value(&text)?,
            })
        })
        .collect()
}

/// Reads a `#[derive(ViewSet)]` struct.
pub fn parse_viewset(input: &DeriveInput) -> Result<RustViewSet, Vec<Diagnostic>> {
    let cx = Ctxt::new();
    let name = name_of(input);
    let base = format!("viewsets.{}", name.value);
    unit_struct(&cx, input, &base, "ViewSet");
    let mut common = Common::default();
    let mut viewset = ViewSet {
        name: name.clone(),
        doc: doc_comment(&input.attrs),
        serializer: name.clone(),
        actions: Action::ALL.iter().map(|a| Located::builtin(*a)).collect(),
        permissions: None,
        authentication: None,
        ordering: Vec::new(),
        filters: Vec::new(),
        search_fields: Vec::new(),
        ordering_fields: Vec::new(),
        on_create: Vec::new(),
        on_update: Vec::new(),
        throttle_scope: None,
        hooks: Located::new(false, name.origin),
        extra_actions: Vec::new(),
        action_serializers: Vec::new(),
        origin: name.origin,
    };
    let mut extra_action_paths = Vec::new();
    let mut extra_action_serializers = Vec::new();
    let mut action_serializer_paths = Vec::new();
    attr::walk(
        &cx,
        &input.attrs,
        &base,
        Keys::only(VIEWSET_KEYS),
        |key, _, meta| {
            if common.key(key, meta)? {
                return Ok(());
            }
            match key {
                ACTIONS => {
                    let mut actions = Vec::new();
                    for (word, _) in attr::name_list(meta, key)? {
                        match Action::parse(&word.value) {
                            Some(action) => actions.push(Located::new(action, word.origin)),
                            None => cx.push(
                                attr::error_at(
                                    span_of(word.origin),
                                    &base,
                                    format!("unknown action `{}`", word.value),
                                )
                                .with_hint(did_you_mean(
                                    &word.value,
                                    Action::ALL.iter().map(|a| a.name()),
                                )),
                            ),
                        }
                    }
                    viewset.actions = actions;
                }
                ORDERING => viewset.ordering = attr::string_list(meta, key)?,
                FILTERS => {
                    viewset.filters = attr::string_pairs(meta, key)?
                        .into_iter()
                        .map(|(param, path)| Filter { param, path })
                        .collect();
                }
                SEARCH_FIELDS => viewset.search_fields = attr::string_list(meta, key)?,
                ORDERING_FIELDS => viewset.ordering_fields = attr::string_list(meta, key)?,
                ON_CREATE => viewset.on_create = assignments(meta, key)?,
                ON_UPDATE => viewset.on_update = assignments(meta, key)?,
                THROTTLE_SCOPE => viewset.throttle_scope = Some(attr::string(meta, key)?),
                EXTRA_ACTIONS => read_extra_actions(
                    &cx,
                    meta,
                    &base,
                    &mut viewset.extra_actions,
                    &mut extra_action_paths,
                    &mut extra_action_serializers,
                )?,
                ACTION_SERIALIZERS => meta.parse_nested_meta(|entry| {
                    let action = attr::last_segment(&entry.path);
                    let (serializer, path) = attr::type_path(&entry, &action.value)?;
                    viewset
                        .action_serializers
                        .push(ActionSerializer { action, serializer });
                    action_serializer_paths.push(path);
                    Ok(())
                })?,
                _ => unreachable!("every viewset key is handled"),
            }
            Ok(())
        },
    );
    if common.serializer.is_none() {
        missing(
            &cx,
            input,
            &base,
            SERIALIZER,
            "serializer = ProfileSerializer",
        );
    }
    cx.finish()?;
    let (serializer, serializer_path) = common.serializer.take().expect("checked above");
    let (permissions, permission_paths) = common.permission_refs();
    viewset.serializer = serializer;
    viewset.permissions = permissions;
    let (authentication, authentication_paths) = common.authentication();
    viewset.authentication = authentication;
    if let Some(hooks) = common.hooks {
        viewset.hooks = hooks;
    }
    Ok(RustViewSet {
        viewset,
        paths: ViewPaths {
            serializer: serializer_path,
            permissions: permission_paths,
            extra_action_permissions: extra_action_paths,
            extra_action_serializers,
            action_serializers: action_serializer_paths,
            authentication: authentication_paths,
        },
    })
}

/// Reads a `#[derive(GenericView)]` struct.
pub fn parse_view(input: &DeriveInput) -> Result<RustView, Vec<Diagnostic>> {
    let cx = Ctxt::new();
    let name = name_of(input);
    let name_origin = name.origin;
    let base = format!("views.{}", name.value);
    unit_struct(&cx, input, &base, "GenericView");
    let mut common = Common::default();
    let mut kind = None;
    let mut object = None;
    attr::walk(
        &cx,
        &input.attrs,
        &base,
        Keys::only(VIEW_KEYS),
        |key, _, meta| {
            if common.key(key, meta)? {
                return Ok(());
            }
            match key {
                KIND => {
                    let text = attr::string(meta, key)?;
                    match ViewKind::ALL.iter().find(|(n, _)| *n == text.value) {
                        Some((_, value)) => kind = Some(Located::new(*value, text.origin)),
                        None => cx.push(
                            attr::error_at(
                                span_of(text.origin),
                                &base,
                                format!("unknown view kind `{}`", text.value),
                            )
                            .with_hint(did_you_mean(
                                &text.value,
                                ViewKind::ALL.iter().map(|(n, _)| *n),
                            )),
                        ),
                    }
                }
                OBJECT => object = Some(request_value(&attr::string(meta, key)?)?),
                _ => unreachable!("every view key is handled"),
            }
            Ok(())
        },
    );
    if common.serializer.is_none() {
        missing(
            &cx,
            input,
            &base,
            SERIALIZER,
            "serializer = ProfileSerializer",
        );
    }
    if kind.is_none() && !cx.has_errors() {
        missing(&cx, input, &base, KIND, "kind = \"retrieve_update\"");
    }
    cx.finish()?;
    let (serializer, serializer_path) = common.serializer.take().expect("checked above");
    let (authentication, authentication_paths) = common.authentication();
    let (permissions, permission_paths) = common.permission_refs();
    Ok(RustView {
        view: View {
            origin: name.origin,
            name,
            doc: doc_comment(&input.attrs),
            kind: kind.expect("checked above"),
            serializer,
            object,
            permissions,
            authentication,
            hooks: common
                .hooks
                .unwrap_or_else(|| Located::new(false, name_origin)),
        },
        paths: ViewPaths {
            serializer: serializer_path,
            permissions: permission_paths,
            extra_action_permissions: Vec::new(),
            extra_action_serializers: Vec::new(),
            action_serializers: Vec::new(),
            authentication: authentication_paths,
        },
    })
}
