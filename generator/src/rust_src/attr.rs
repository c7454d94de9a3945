//! Reading `#[restforge(...)]` attributes: one walker that reports unknown and duplicate keys
//! and keeps going after a bad value, and one reader per value shape.
//!
//! Every error names the offending token's span (the key for unknown or duplicate keys, the
//! value for a value of the wrong type), never the whole item.

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, Lit, Token};

use super::symbol;
use crate::diagnostics::{Ctxt, Diagnostic, did_you_mean};
use crate::spec::{Located, Origin};

/// Which keys a walker accepts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Keys {
    pub known: &'static [&'static str],
    /// Keys that may be given more than once (`index(...)`, `unique_together(...)`).
    pub repeatable: &'static [&'static str],
    /// Bare words accepted besides `known` (field kinds), at most one of them.
    pub words: &'static [&'static str],
}

impl Keys {
    pub const fn only(known: &'static [&'static str]) -> Self {
        Keys {
            known,
            repeatable: &[],
            words: &[],
        }
    }

    fn all(&self) -> impl Iterator<Item = &'static str> {
        self.known.iter().chain(self.words).copied()
    }
}

/// The diagnostic of an attribute problem at a token.
pub(crate) fn error_at(span: Span, path: &str, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(Origin::Rust(span), path, message)
}

/// Records every error a `syn::Error` carries (it may hold several).
pub(crate) fn push_syn(cx: &Ctxt, path: &str, error: syn::Error) {
    for error in error {
        cx.push(error_at(error.span(), path, error.to_string()));
    }
}

pub(crate) fn unknown(span: Span, path: &str, key: &str, keys: &Keys) -> Diagnostic {
    error_at(span, path, format!("unknown restforge attribute `{key}`"))
        .with_hint(did_you_mean(key, keys.all()))
}

pub(crate) fn duplicate(span: Span, path: &str, key: &str) -> Diagnostic {
    error_at(span, path, format!("duplicate restforge attribute `{key}`"))
}

/// A value of the wrong shape: ``restforge attribute `max_length` expects an integer, as in `max_length = 240` ``.
pub(crate) fn expected(span: Span, key: &str, what: &str, example: &str) -> syn::Error {
    syn::Error::new(
        span,
        format!("restforge attribute `{key}` expects {what}, as in `{example}`"),
    )
}

/// The key of a nested meta item, or an error when it is not a single identifier.
fn key_of(meta: &ParseNestedMeta) -> syn::Result<(String, Span)> {
    match meta.path.get_ident() {
        Some(ident) => Ok((unraw(ident), ident.span())),
        None => Err(syn::Error::new(
            meta.path.span(),
            "expected a restforge attribute name, found a path",
        )),
    }
}

/// An identifier as written without its `r#` prefix.
pub(crate) fn unraw(ident: &syn::Ident) -> String {
    let text = ident.to_string();
    text.strip_prefix("r#").map(str::to_string).unwrap_or(text)
}

/// Skips the rest of one `key ...` item, up to the next top-level comma, so that walking
/// can go on after an error.
fn skip_item(input: ParseStream) {
    while !input.is_empty() && !input.peek(Token![,]) {
        if input.parse::<proc_macro2::TokenTree>().is_err() {
            break;
        }
    }
}

/// Walks the keys of every `#[restforge(...)]` in `attrs`, calling `f` with each known key.
///
/// Unknown and duplicate keys are reported and skipped; an error returned by `f` is recorded
/// and the walk resumes at the next key, so that one bad value never hides another.
pub(crate) fn walk(
    cx: &Ctxt,
    attrs: &[Attribute],
    path: &str,
    keys: Keys,
    mut f: impl FnMut(&str, Span, &ParseNestedMeta) -> syn::Result<()>,
) {
    let mut seen = Vec::new();
    for attr in attrs
        .iter()
        .filter(|a| a.path().is_ident(symbol::RESTFORGE))
    {
        if let syn::Meta::Path(_) = attr.meta {
            cx.push(error_at(
                attr.path().span(),
                path,
                "expected `#[restforge(...)]` with arguments",
            ));
            continue;
        }
        let result = attr.parse_nested_meta(|meta| {
            visit(cx, path, &keys, &mut seen, &meta, &mut f);
            Ok(())
        });
        if let Err(error) = result {
            push_syn(cx, path, error);
        }
    }
}

/// [`walk`] for a nested list: `extra(bio(required = false, label = "Bio"))`.
pub(crate) fn walk_nested(
    cx: &Ctxt,
    outer: &ParseNestedMeta,
    path: &str,
    keys: Keys,
    mut f: impl FnMut(&str, Span, &ParseNestedMeta) -> syn::Result<()>,
) -> syn::Result<()> {
    let mut seen = Vec::new();
    outer.parse_nested_meta(|meta| {
        visit(cx, path, &keys, &mut seen, &meta, &mut f);
        Ok(())
    })
}

fn visit(
    cx: &Ctxt,
    path: &str,
    keys: &Keys,
    seen: &mut Vec<String>,
    meta: &ParseNestedMeta,
    f: &mut impl FnMut(&str, Span, &ParseNestedMeta) -> syn::Result<()>,
) {
    let (key, span) = match key_of(meta) {
        Ok(key) => key,
        Err(error) => {
            push_syn(cx, path, error);
            skip_item(meta.input);
            return;
        }
    };
    let is_word = keys.words.contains(&key.as_str());
    if !keys.known.contains(&key.as_str()) && !is_word {
        cx.push(unknown(span, path, &key, keys));
        skip_item(meta.input);
        return;
    }
    // All kind words share one slot: a field has one kind.
    let slot = if is_word { "<kind>" } else { key.as_str() };
    if seen.iter().any(|s| s == slot) && !keys.repeatable.contains(&slot) {
        cx.push(duplicate(span, path, &key));
        skip_item(meta.input);
        return;
    }
    seen.push(slot.to_string());
    if let Err(error) = f(&key, span, meta) {
        push_syn(cx, path, error);
        skip_item(meta.input);
    }
}

/// The expression after `key =`, or an error naming the expected shape.
fn value_expr(meta: &ParseNestedMeta, key: &str, what: &str, example: &str) -> syn::Result<Expr> {
    if !meta.input.peek(Token![=]) {
        return Err(expected(meta.path.span(), key, what, example));
    }
    meta.value()?.parse()
}

/// Strips the groups a macro_rules expansion may wrap around a literal.
fn unwrap_expr(expr: Expr) -> Expr {
    match expr {
        Expr::Group(group) => unwrap_expr(*group.expr),
        Expr::Paren(paren) => unwrap_expr(*paren.expr),
        other => other,
    }
}

/// `key = "text"`.
pub(crate) fn string(meta: &ParseNestedMeta, key: &str) -> syn::Result<Located<String>> {
    let example = format!("{key} = \"…\"");
    match unwrap_expr(value_expr(meta, key, "a string", &example)?) {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(lit), ..
        }) => Ok(Located::new(lit.value(), Origin::Rust(lit.span()))),
        other => Err(expected(other.span(), key, "a string", &example)),
    }
}

/// `key = 240` (or a negative integer for signed targets).
pub(crate) fn int<T>(meta: &ParseNestedMeta, key: &str) -> syn::Result<Located<T>>
where
    T: TryFrom<i64>,
{
    let example = format!("{key} = 240");
    let expr = unwrap_expr(value_expr(meta, key, "an integer", &example)?);
    let span = expr.span();
    let value = int_of(&expr).ok_or_else(|| expected(span, key, "an integer", &example))??;
    T::try_from(value)
        .map(|v| Located::new(v, Origin::Rust(span)))
        .map_err(|_| syn::Error::new(span, format!("`{value}` is out of range for `{key}`")))
}

/// The integer an expression spells (`3`, `-3`), `None` when it is not one.
fn int_of(expr: &Expr) -> Option<syn::Result<i64>> {
    match expr {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Int(lit), ..
        }) => Some(lit.base10_parse()),
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr,
            ..
        }) => int_of(expr).map(|v| v.map(|v| -v)),
        _ => None,
    }
}

/// A bare flag (`blank`) or an explicit `blank = false`.
pub(crate) fn flag(meta: &ParseNestedMeta, key: &str, span: Span) -> syn::Result<Located<bool>> {
    if !meta.input.peek(Token![=]) {
        return Ok(Located::new(true, Origin::Rust(span)));
    }
    let example = format!("{key} = true");
    match unwrap_expr(meta.value()?.parse()?) {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Bool(lit),
            ..
        }) => Ok(Located::new(lit.value, Origin::Rust(lit.span()))),
        other => Err(expected(other.span(), key, "`true` or `false`", &example)),
    }
}

/// `key = Name` or `key = path::to::Name`: the last segment for the IR, the path for code.
pub(crate) fn type_path(
    meta: &ParseNestedMeta,
    key: &str,
) -> syn::Result<(Located<String>, syn::Path)> {
    let example = format!("{key} = Profile");
    match unwrap_expr(value_expr(meta, key, "a type name", &example)?) {
        Expr::Path(expr) if expr.qself.is_none() => Ok((last_segment(&expr.path), expr.path)),
        other => Err(expected(other.span(), key, "a type name", &example)),
    }
}

/// The last segment of a path, located at that segment.
pub(crate) fn last_segment(path: &syn::Path) -> Located<String> {
    let segment = path.segments.last().expect("a parsed path has a segment");
    Located::new(unraw(&segment.ident), Origin::Rust(segment.ident.span()))
}

/// Whether `key(...)` is followed by empty parentheses, which are consumed: an empty list
/// means something (`permissions()`: no permissions), but syn's nested-meta parser refuses it.
fn empty_parens(meta: &ParseNestedMeta) -> syn::Result<bool> {
    let fork = meta.input.fork();
    let content;
    syn::parenthesized!(content in fork);
    if !content.is_empty() {
        return Ok(false);
    }
    let _content;
    syn::parenthesized!(_content in meta.input);
    Ok(true)
}

/// `permissions(IsAuthenticated, Or(IsOwner, Not(IsBanned)))`: permissions by name, or
/// composed with `And`, `Or` and `Not` (DRF's `&`, `|`, `~`), each with its expression as
/// written.
pub(crate) fn permission_list(
    meta: &ParseNestedMeta,
    key: &str,
) -> syn::Result<Vec<(Located<crate::spec::PermissionRef>, Expr)>> {
    let example = format!("{key}(IsAuthenticated, Or(IsOwner, IsAdminUser))");
    if !meta.input.peek(syn::token::Paren) {
        return Err(expected(
            meta.path.span(),
            key,
            "a list of permissions",
            &example,
        ));
    }
    let content;
    syn::parenthesized!(content in meta.input);
    let items = syn::punctuated::Punctuated::<Expr, Token![,]>::parse_terminated(&content)?;
    items
        .into_iter()
        .map(|expr| Ok((permission_expr(&expr, key, &example)?, expr)))
        .collect()
}

fn permission_expr(
    expr: &Expr,
    key: &str,
    example: &str,
) -> syn::Result<Located<crate::spec::PermissionRef>> {
    use crate::spec::PermissionRef;
    match expr {
        Expr::Path(path) if path.qself.is_none() => {
            let name = last_segment(&path.path);
            Ok(Located::new(PermissionRef::parse(&name.value), name.origin))
        }
        Expr::Paren(inner) => permission_expr(&inner.expr, key, example),
        Expr::Call(call) => {
            let Expr::Path(function) = &*call.func else {
                return Err(expected(call.span(), key, "a permission", example));
            };
            let operator = last_segment(&function.path);
            let args: Vec<Located<PermissionRef>> = call
                .args
                .iter()
                .map(|arg| permission_expr(arg, key, example))
                .collect::<syn::Result<_>>()?;
            let boxed = |i: usize| Box::new(args[i].value.clone());
            let permission = match (operator.value.as_str(), args.len()) {
                ("And", 2) => PermissionRef::And(boxed(0), boxed(1)),
                ("Or", 2) => PermissionRef::Or(boxed(0), boxed(1)),
                ("Not", 1) => PermissionRef::Not(boxed(0)),
                (operator @ ("And" | "Or" | "Not"), _) => {
                    let takes = if operator == "Not" {
                        "one permission"
                    } else {
                        "two permissions"
                    };
                    return Err(syn::Error::new(
                        call.span(),
                        format!("`{operator}` takes {takes}, as in `{example}`"),
                    ));
                }
                (other, _) => {
                    return Err(syn::Error::new(
                        function.span(),
                        format!(
                            "`{other}` is not a permission operator: compose with `And(a, b)`, \
                             `Or(a, b)` or `Not(a)` (DRF's `&`, `|` and `~`)"
                        ),
                    ));
                }
            };
            Ok(Located::new(permission, operator.origin))
        }
        other => Err(expected(other.span(), key, "a permission", example)),
    }
}

/// `key(a, b)`: a list of names (or paths, as their last segment) with their paths; `key()`
/// is an empty list.
pub(crate) fn name_list(
    meta: &ParseNestedMeta,
    key: &str,
) -> syn::Result<Vec<(Located<String>, syn::Path)>> {
    if !meta.input.peek(syn::token::Paren) {
        return Err(expected(
            meta.path.span(),
            key,
            "a list of names",
            &format!("{key}(a, b)"),
        ));
    }
    if empty_parens(meta)? {
        return Ok(Vec::new());
    }
    let mut names = Vec::new();
    meta.parse_nested_meta(|item| {
        if !item.input.is_empty() && !item.input.peek(Token![,]) {
            return Err(expected(
                item.path.span(),
                key,
                "a list of names",
                &format!("{key}(a, b)"),
            ));
        }
        names.push((last_segment(&item.path), item.path.clone()));
        Ok(())
    })?;
    Ok(names)
}

/// `key("a", "-b")` or `key(a, b)`: field names, as strings when they need a `-`
/// (`index("-created")`); generated code always writes strings.
pub(crate) fn field_list(meta: &ParseNestedMeta, key: &str) -> syn::Result<Vec<Located<String>>> {
    let example = format!("{key}(\"a\", \"-b\")");
    if !meta.input.peek(syn::token::Paren) {
        return Err(expected(
            meta.path.span(),
            key,
            "a list of fields",
            &example,
        ));
    }
    let content;
    syn::parenthesized!(content in meta.input);
    let items = Punctuated::<Expr, Token![,]>::parse_terminated(&content)?;
    items
        .into_iter()
        .map(|item| match unwrap_expr(item) {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Str(lit), ..
            }) => Ok(Located::new(lit.value(), Origin::Rust(lit.span()))),
            Expr::Path(path) if path.qself.is_none() && path.path.get_ident().is_some() => {
                Ok(last_segment(&path.path))
            }
            other => Err(expected(other.span(), key, "a list of fields", &example)),
        })
        .collect()
}

/// `key("a", "b")`: a list of string literals.
pub(crate) fn string_list(meta: &ParseNestedMeta, key: &str) -> syn::Result<Vec<Located<String>>> {
    let example = format!("{key}(\"a\", \"b\")");
    if !meta.input.peek(syn::token::Paren) {
        return Err(expected(
            meta.path.span(),
            key,
            "a list of strings",
            &example,
        ));
    }
    let content;
    syn::parenthesized!(content in meta.input);
    let items = Punctuated::<Expr, Token![,]>::parse_terminated(&content)?;
    items
        .into_iter()
        .map(|item| match unwrap_expr(item) {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Str(lit), ..
            }) => Ok(Located::new(lit.value(), Origin::Rust(lit.span()))),
            other => Err(expected(other.span(), key, "a list of strings", &example)),
        })
        .collect()
}

/// `key(name = "text", …)`: named strings (`filters(username = "user__username")`).
pub(crate) fn string_pairs(
    meta: &ParseNestedMeta,
    key: &str,
) -> syn::Result<Vec<(Located<String>, Located<String>)>> {
    let example = format!("{key}(name = \"…\")");
    if !meta.input.peek(syn::token::Paren) {
        return Err(expected(
            meta.path.span(),
            key,
            "a list of `name = \"…\"` pairs",
            &example,
        ));
    }
    let mut pairs = Vec::new();
    meta.parse_nested_meta(|item| {
        let (name, _) = key_of(&item)?;
        let name = Located::new(name, Origin::Rust(item.path.span()));
        if !item.input.peek(Token![=]) {
            return Err(expected(
                item.path.span(),
                key,
                "a list of `name = \"…\"` pairs",
                &example,
            ));
        }
        let value = string(&item, &name.value)?;
        pairs.push((name, value));
        Ok(())
    })?;
    Ok(pairs)
}

/// The whole of `key = <expr>` for values that have several shapes (`default`).
pub(crate) fn any_value(meta: &ParseNestedMeta, key: &str, example: &str) -> syn::Result<Expr> {
    value_expr(meta, key, "a value", example).map(unwrap_expr)
}

/// `key((a, b), (c, d))`: parenthesised tuples, for `choices`.
pub(crate) fn tuple_list(
    meta: &ParseNestedMeta,
    key: &str,
    example: &str,
) -> syn::Result<Vec<Expr>> {
    if !meta.input.peek(syn::token::Paren) {
        return Err(expected(meta.path.span(), key, "a list", example));
    }
    let content;
    syn::parenthesized!(content in meta.input);
    let items = Punctuated::<Expr, Token![,]>::parse_terminated(&content)?;
    Ok(items.into_iter().map(unwrap_expr).collect())
}

/// The integer of an expression, for callers that read their own shapes.
pub(crate) fn expr_int(expr: &Expr) -> Option<syn::Result<i64>> {
    int_of(expr)
}
