//! `#[derive(Model)]` structs → [`Model`].

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{DeriveInput, Expr, Lit};

use super::attr::{self, Keys};
use super::symbol::*;
use super::{Options, doc_comment};
use crate::diagnostics::{Ctxt, Diagnostic, did_you_mean};
use crate::spec::{
    AutoField, Choice, DefaultValue, Field, FieldKind, Index, IpProtocol, Located, Model, ModelRef,
    OnDelete, Origin, Relation,
};
use crate::types;

/// A model read from Rust, with the app its attribute names (the IR keeps the app on the
/// [`crate::spec::Spec`], a struct carries it itself).
#[derive(Debug, Clone, PartialEq)]
pub struct RustModel {
    pub app: Located<String>,
    pub model: Model,
}

/// The primary key field every model struct declares.
pub const PRIMARY_KEY: &str = "id";

/// Reads a `#[derive(Model)]` struct. `options.app` is the app of structs that name none.
pub fn parse_model(input: &DeriveInput, options: &Options) -> Result<RustModel, Vec<Diagnostic>> {
    let cx = Ctxt::new();
    let model = read_model(&cx, input, options);
    cx.finish()?;
    Ok(model.expect("no errors means a model was read"))
}

fn read_model(cx: &Ctxt, input: &DeriveInput, options: &Options) -> Option<RustModel> {
    let name = Located::new(attr::unraw(&input.ident), Origin::Rust(input.ident.span()));
    let base = format!("models.{}", name.value);
    if !input.generics.params.is_empty() {
        cx.push(attr::error_at(
            input.generics.span(),
            &base,
            "a model cannot be generic",
        ));
    }
    let fields = match &input.data {
        syn::Data::Struct(syn::DataStruct {
            fields: syn::Fields::Named(named),
            ..
        }) => &named.named,
        _ => {
            cx.push(attr::error_at(
                input.ident.span(),
                &base,
                "`#[derive(Model)]` needs a struct with named fields",
            ));
            return None;
        }
    };

    let mut model = Model {
        name: name.clone(),
        doc: doc_comment(&input.attrs),
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
        origin: name.origin,
    };
    let mut app = None;
    let keys = Keys {
        known: MODEL_KEYS,
        repeatable: &[UNIQUE_TOGETHER, INDEX],
        words: &[],
    };
    attr::walk(cx, &input.attrs, &base, keys, |key, span, meta| {
        match key {
            APP => app = Some(attr::string(meta, key)?),
            DB_TABLE => model.db_table = Some(attr::string(meta, key)?),
            VERBOSE_NAME => model.verbose_name = Some(attr::string(meta, key)?),
            VERBOSE_NAME_PLURAL => model.verbose_name_plural = Some(attr::string(meta, key)?),
            ORDERING => model.ordering = attr::string_list(meta, key)?,
            DISPLAY => model.display = Some(attr::string(meta, key)?),
            RENAMED_FROM => model.renamed_from = Some(attr::string(meta, key)?),
            UNIQUE_TOGETHER => {
                let names = attr::name_list(meta, key)?;
                let _ = span;
                model
                    .unique_together
                    .push(names.into_iter().map(|(name, _)| name).collect());
            }
            INDEX => model.indexes.push(read_index(cx, meta, span, &base)?),
            _ => unreachable!("every model key is handled"),
        }
        Ok(())
    });

    let app = app.or_else(|| options.app.clone().map(Located::builtin));
    if app.is_none() {
        cx.push(
            attr::error_at(
                input.ident.span(),
                &base,
                "missing restforge attribute `app`",
            )
            .with_hint(Some(
                "add `#[restforge(app = \"…\")]`, Django's app label".into(),
            )),
        );
    }

    let mut has_primary_key = false;
    for field in fields {
        let ident = field.ident.as_ref().expect("named fields have names");
        if ident == PRIMARY_KEY {
            has_primary_key = true;
            model.primary_key = primary_key(cx, field, &base, options);
        } else if let Some(field) = read_field(cx, field, &base) {
            model.fields.push(field);
        }
    }
    if !has_primary_key {
        cx.push(
            attr::error_at(
                input.ident.span(),
                &base,
                "a model needs an `id` field, its primary key",
            )
            .with_hint(Some("add `pub id: i64` (or `i32`, or `Uuid`)".into())),
        );
    }
    Some(RustModel { app: app?, model })
}

/// `index("a", "-b")` or `index(name = "…", fields("a", "-b"))`; fields may also be bare
/// names when none is descending.
fn read_index(cx: &Ctxt, meta: &ParseNestedMeta, span: Span, base: &str) -> syn::Result<Index> {
    let origin = Origin::Rust(span);
    let named = {
        let fork = meta.input.fork();
        let content;
        syn::parenthesized!(content in fork);
        content.peek(syn::Ident) && content.peek2(syn::Token![=])
            || content.peek(syn::Ident) && content.peek2(syn::token::Paren)
    };
    if !named {
        return Ok(Index {
            fields: attr::field_list(meta, INDEX)?,
            name: None,
            origin,
        });
    }
    let mut name = None;
    let mut fields = None;
    // `fields` written with a bad value is reported once, not again as missing.
    let mut fields_given = false;
    let path = format!("{base}.indexes");
    attr::walk_nested(cx, meta, &path, Keys::only(INDEX_KEYS), |key, _, meta| {
        match key {
            NAME => name = Some(attr::string(meta, key)?),
            FIELDS => {
                fields_given = true;
                fields = Some(attr::field_list(meta, key)?);
            }
            _ => unreachable!("every index key is handled"),
        }
        Ok(())
    })?;
    let fields = match fields {
        Some(fields) => fields,
        None if fields_given => Vec::new(),
        None => {
            return Err(syn::Error::new(
                span,
                "an index needs `fields(…)`, the fields it covers",
            ));
        }
    };
    Ok(Index {
        fields,
        name,
        origin,
    })
}

/// The kind of the `id` field from its type; `None` when it is the project default.
fn primary_key(
    cx: &Ctxt,
    field: &syn::Field,
    base: &str,
    options: &Options,
) -> Option<Located<AutoField>> {
    let path = format!("{base}.fields.{PRIMARY_KEY}");
    if let Some(attr) = field.attrs.iter().find(|a| a.path().is_ident(RESTFORGE)) {
        cx.push(attr::error_at(
            attr.path().span(),
            &path,
            "the primary key `id` takes no restforge attributes",
        ));
    }
    let shape = TypeShape::of(&field.ty);
    let kind = match shape.last.as_deref() {
        Some("i32") if !shape.optional => AutoField::Auto,
        Some("i64") if !shape.optional => AutoField::BigAuto,
        Some("Uuid") if !shape.optional => AutoField::Uuid,
        _ => {
            cx.push(
                attr::error_at(
                    field.ty.span(),
                    &path,
                    "the primary key `id` must be `i32`, `i64` or `Uuid`",
                )
                .with_hint(Some("`i64` is Django's BigAutoField".into())),
            );
            return None;
        }
    };
    if options.default_auto_field == Some(kind) {
        return None;
    }
    Some(Located::new(kind, Origin::Rust(field.ty.span())))
}

/// What a field's Rust type says: `Option<…>` or not, the last path segment, and the first
/// generic argument (the target of a relation).
struct TypeShape<'a> {
    optional: bool,
    last: Option<String>,
    argument: Option<&'a syn::Type>,
    /// The type without `Option`.
    inner: &'a syn::Type,
}

impl<'a> TypeShape<'a> {
    fn of(ty: &'a syn::Type) -> Self {
        let (optional, inner) = match generic_of(ty, "Option") {
            Some(inner) => (true, inner),
            None => (false, ty),
        };
        let segment = match inner {
            syn::Type::Path(path) if path.qself.is_none() => path.path.segments.last(),
            _ => None,
        };
        let argument = segment.and_then(|segment| match &segment.arguments {
            syn::PathArguments::AngleBracketed(args) => args.args.iter().find_map(|a| match a {
                syn::GenericArgument::Type(ty) => Some(ty),
                _ => None,
            }),
            _ => None,
        });
        TypeShape {
            optional,
            last: segment.map(|s| attr::unraw(&s.ident)),
            argument,
            inner,
        }
    }
}

/// `T` of `Name<T>`, when `ty` is that.
fn generic_of<'a>(ty: &'a syn::Type, name: &str) -> Option<&'a syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let segment = path.path.segments.last()?;
    if segment.ident != name {
        return None;
    }
    match &segment.arguments {
        syn::PathArguments::AngleBracketed(args) if args.args.len() == 1 => match &args.args[0] {
            syn::GenericArgument::Type(ty) => Some(ty),
            _ => None,
        },
        _ => None,
    }
}

/// The model a relation's type argument names; `User` is Django's `auth.User`.
pub fn model_ref_of(ty: &syn::Type) -> Option<Located<ModelRef>> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let name = attr::last_segment(&path.path);
    let model = if name.value == "User" {
        ModelRef::auth_user()
    } else {
        ModelRef::local(name.value)
    };
    Some(Located::new(model, Origin::Rust(ty.span())))
}

/// The options read from one field's attributes, before the kind is known.
#[derive(Default)]
struct FieldAttrs {
    kind_word: Option<Located<FieldKind>>,
    on_delete: Option<Located<OnDelete>>,
    related_name: Option<Located<String>>,
    null_flag: Option<Located<bool>>,
}

fn read_field(cx: &Ctxt, syn_field: &syn::Field, base: &str) -> Option<Field> {
    let ident = syn_field.ident.as_ref().expect("named fields have names");
    let name = Located::new(attr::unraw(ident), Origin::Rust(ident.span()));
    let path = format!("{base}.fields.{}", name.value);
    let shape = TypeShape::of(&syn_field.ty);
    let type_span = shape.inner.span();

    let mut field = Field::new(
        name.clone(),
        Located::new(FieldKind::Text, Origin::Rust(type_span)),
        name.origin,
    );
    let mut extra = FieldAttrs::default();
    let keys = Keys {
        known: FIELD_KEYS,
        repeatable: &[],
        words: FieldKind::flag_words(),
    };
    attr::walk(cx, &syn_field.attrs, &path, keys, |key, span, meta| {
        field_key(cx, &mut field, &mut extra, key, span, meta, &path)
    });

    let kind = field_kind(cx, &shape, &extra, field.max_length.is_some(), &path)?;
    field.kind = Located::new(
        kind,
        extra
            .kind_word
            .map_or(Origin::Rust(type_span), |w| w.origin),
    );
    if shape.optional {
        if kind == FieldKind::ManyToMany {
            cx.push(attr::error_at(
                syn_field.ty.span(),
                &path,
                "a many_to_many field has no column and cannot be `Option<…>`",
            ));
        }
        field.null = Located::new(true, Origin::Rust(syn_field.ty.span()));
        if let Some(flag) = extra.null_flag.filter(|flag| !flag.value) {
            cx.push(
                attr::error_at(
                    span_of(flag.origin),
                    &path,
                    "`null = false` contradicts the `Option<…>` type",
                )
                .with_hint(Some(
                    "an `Option<…>` field is nullable; drop `Option` or the attribute".into(),
                )),
            );
        }
    } else if let Some(flag) = extra.null_flag.filter(|flag| flag.value) {
        cx.push(
            attr::error_at(
                span_of(flag.origin),
                &path,
                "`null` needs an `Option<…>` type",
            )
            .with_hint(Some("a NULL column is read into `None`".into())),
        );
    }

    if kind.is_relation() {
        let to = shape.argument.and_then(model_ref_of);
        if to.is_none() {
            cx.push(attr::error_at(
                type_span,
                &path,
                format!(
                    "a {} field names its target model, as in `ForeignKey<Profile>`",
                    kind.name()
                ),
            ));
        }
        field.relation = to.map(|to| Relation {
            to,
            on_delete: extra.on_delete,
            related_name: extra.related_name,
        });
    } else {
        for (key, origin) in [
            (ON_DELETE, extra.on_delete.map(|v| v.origin)),
            (RELATED_NAME, extra.related_name.map(|v| v.origin)),
        ] {
            if let Some(origin) = origin {
                cx.push(attr::error_at(
                    span_of(origin),
                    &path,
                    format!(
                        "`{key}` only applies to relation fields, not to a `{}` field",
                        kind.name()
                    ),
                ));
            }
        }
    }
    Some(field)
}

fn span_of(origin: Origin) -> Span {
    match origin {
        Origin::Rust(span) => span,
        _ => Span::call_site(),
    }
}

fn field_key(
    cx: &Ctxt,
    field: &mut Field,
    extra: &mut FieldAttrs,
    key: &str,
    span: Span,
    meta: &ParseNestedMeta,
    path: &str,
) -> syn::Result<()> {
    if FieldKind::flag_words().contains(&key) {
        let kind = FieldKind::parse(key).expect("kind words are field kinds");
        extra.kind_word = Some(Located::new(kind, Origin::Rust(span)));
        return Ok(());
    }
    match key {
        MAX_LENGTH => field.max_length = Some(attr::int(meta, key)?),
        NULL => extra.null_flag = Some(attr::flag(meta, key, span)?),
        BLANK => field.blank = attr::flag(meta, key, span)?,
        UNIQUE => field.unique = attr::flag(meta, key, span)?,
        DB_INDEX => field.db_index = attr::flag(meta, key, span)?,
        AUTO_NOW => field.auto_now = attr::flag(meta, key, span)?,
        AUTO_NOW_ADD => field.auto_now_add = attr::flag(meta, key, span)?,
        DEFAULT => field.default = Some(default_value(meta, key)?),
        CHOICES => field.choices = choices(meta, key)?,
        UPLOAD_TO => field.upload_to = Some(attr::string(meta, key)?),
        PROTOCOL => {
            let text = attr::string(meta, key)?;
            let Some(protocol) = IpProtocol::parse(&text.value) else {
                return Err(syn::Error::new(
                    span_of(text.origin),
                    format!(
                        "{path}: unknown protocol `{}`; use `both`, `IPv4` or `IPv6`",
                        text.value
                    ),
                ));
            };
            field.protocol = Some(Located::new(protocol, text.origin));
        }
        MIN_VALUE => field.min_value = Some(attr::int(meta, key)?),
        MAX_VALUE => field.max_value = Some(attr::int(meta, key)?),
        MAX_DIGITS => field.max_digits = Some(attr::int(meta, key)?),
        DECIMAL_PLACES => field.decimal_places = Some(attr::int(meta, key)?),
        ON_DELETE => {
            let text = attr::string(meta, key)?;
            match OnDelete::parse(&text.value) {
                Some(rule) => extra.on_delete = Some(Located::new(rule, text.origin)),
                None => cx.push(
                    attr::error_at(
                        span_of(text.origin),
                        path,
                        format!("unknown on_delete rule `{}`", text.value),
                    )
                    .with_hint(
                        did_you_mean(&text.value, OnDelete::ALL.iter().map(|(n, _)| *n)).or_else(
                            || {
                                let names: Vec<String> = OnDelete::ALL
                                    .iter()
                                    .map(|(n, _)| format!("`{n}`"))
                                    .collect();
                                Some(format!("one of {}", names.join(", ")))
                            },
                        ),
                    ),
                ),
            }
        }
        RELATED_NAME => extra.related_name = Some(attr::string(meta, key)?),
        VERBOSE_NAME => field.verbose_name = Some(attr::string(meta, key)?),
        HELP_TEXT => field.help_text = Some(attr::string(meta, key)?),
        DB_COLUMN => field.db_column = Some(attr::string(meta, key)?),
        RENAMED_FROM => field.renamed_from = Some(attr::string(meta, key)?),
        _ => unreachable!("every field key is handled"),
    }
    Ok(())
}

/// The field kind: the kind word when given (it must fit the Rust type), else the Rust type's.
fn field_kind(
    cx: &Ctxt,
    shape: &TypeShape,
    extra: &FieldAttrs,
    has_max_length: bool,
    path: &str,
) -> Option<FieldKind> {
    let span = shape.inner.span();
    let Some(last) = shape.last.as_deref() else {
        cx.push(attr::error_at(
            span,
            path,
            "unsupported field type; use one of restforge's field types",
        ));
        return None;
    };
    if let Some(word) = &extra.kind_word {
        let (rust, _) = types::rust_type(word.value);
        if rust != last {
            cx.push(attr::error_at(
                span_of(word.origin),
                path,
                format!(
                    "a `{}` field needs a `{rust}` type, found `{last}`",
                    word.value.name()
                ),
            ));
            return None;
        }
        return Some(word.value);
    }
    if let Some(kind) = types::kind_for_rust_type(last, has_max_length) {
        return Some(kind);
    }
    let diagnostic = if last == "FieldFile" {
        attr::error_at(
            span,
            path,
            "a `FieldFile` needs its kind: `file` or `image`",
        )
    } else {
        let names = types::rust_types();
        attr::error_at(span, path, format!("unsupported field type `{last}`"))
            .with_hint(did_you_mean(last, names))
    };
    cx.push(diagnostic);
    None
}

/// The callable default a bare word names: `uuid4`, `now`.
fn callable(path: &syn::ExprPath) -> Option<DefaultValue> {
    DefaultValue::callable(&path.path.get_ident()?.to_string())
}

/// `default = None | true | 3 | -2.5 | "text" | uuid4 | now` (the last two are callables:
/// Django's `uuid.uuid4` and `timezone.now`).
fn default_value(meta: &ParseNestedMeta, key: &str) -> syn::Result<Located<DefaultValue>> {
    let example = "default = 0";
    let expr = attr::any_value(meta, key, example)?;
    let origin = Origin::Rust(expr.span());
    let value = match &expr {
        Expr::Path(path) if path.path.is_ident("None") => DefaultValue::Null,
        Expr::Path(path) if callable(path).is_some() => callable(path).expect("checked"),
        Expr::Lit(lit) => match &lit.lit {
            Lit::Bool(b) => DefaultValue::Bool(b.value),
            Lit::Int(i) => DefaultValue::Int(i.base10_parse()?),
            Lit::Float(f) => DefaultValue::Float(f.base10_parse()?),
            Lit::Str(s) => DefaultValue::String(s.value()),
            _ => {
                return Err(attr::expected(
                    expr.span(),
                    key,
                    "a literal or `None`",
                    example,
                ));
            }
        },
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr: inner,
            ..
        }) => match &**inner {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Int(i), ..
            }) => DefaultValue::Int(-i.base10_parse::<i64>()?),
            Expr::Lit(syn::ExprLit {
                lit: Lit::Float(f), ..
            }) => DefaultValue::Float(-f.base10_parse::<f64>()?),
            _ => {
                return Err(attr::expected(
                    expr.span(),
                    key,
                    "a literal or `None`",
                    example,
                ));
            }
        },
        _ => {
            return Err(attr::expected(
                expr.span(),
                key,
                "a literal, `None`, `uuid4` or `now`",
                example,
            ));
        }
    };
    Ok(Located::new(value, origin))
}

/// `choices(("FI", "Fiction"), (1, "One"))`: values may be strings or integers.
fn choices(meta: &ParseNestedMeta, key: &str) -> syn::Result<Vec<Choice>> {
    let example = "choices((\"FI\", \"Fiction\"), (\"SF\", \"Science fiction\"))";
    let mut choices = Vec::new();
    for item in attr::tuple_list(meta, key, example)? {
        let pair = match &item {
            Expr::Tuple(tuple) if tuple.elems.len() == 2 => tuple,
            _ => {
                return Err(attr::expected(
                    item.span(),
                    key,
                    "`(value, label)` pairs",
                    example,
                ));
            }
        };
        let value = match &pair.elems[0] {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Str(s), ..
            }) => Located::new(s.value(), Origin::Rust(s.span())),
            other => match attr::expr_int(other) {
                Some(number) => Located::new(number?.to_string(), Origin::Rust(other.span())),
                None => {
                    return Err(attr::expected(
                        other.span(),
                        key,
                        "`(value, label)` pairs",
                        example,
                    ));
                }
            },
        };
        let label = match &pair.elems[1] {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Str(s), ..
            }) => Located::new(s.value(), Origin::Rust(s.span())),
            other => return Err(attr::expected(other.span(), key, "a string label", example)),
        };
        choices.push(Choice { value, label });
    }
    Ok(choices)
}
