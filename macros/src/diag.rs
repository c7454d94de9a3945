//! Turning front-end diagnostics into `compile_error!`s, and what expansions share.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use restforge_generator::diagnostics::Diagnostic;
use restforge_generator::spec::{Located, Origin};

/// One `compile_error!` per diagnostic, each at its token; the hint follows the message.
pub fn compile_errors(diagnostics: &[Diagnostic]) -> TokenStream {
    diagnostics
        .iter()
        .map(|d| {
            let message = match &d.hint {
                Some(hint) => format!("{} ({hint})", d.message),
                None => d.message.clone(),
            };
            syn::Error::new(span(d.origin), message).to_compile_error()
        })
        .collect()
}

pub fn span(origin: Origin) -> Span {
    match origin {
        Origin::Rust(span) => span,
        _ => Span::call_site(),
    }
}

/// A compile-time check of each name against the model's fields (`Model::FIELD_NAMES`):
/// a name the model does not have fails to compile at that name, with the YAML check's words
/// (`` `Item` has no field `cty` (did you mean `city`?) ``). Items rather than `let`
/// statements: a `let` of a unit value trips clippy's `let_unit_value` in the user's crate.
pub fn field_checks<'a>(
    model: &TokenStream,
    names: impl IntoIterator<Item = (&'a str, Origin)>,
) -> TokenStream {
    names
        .into_iter()
        .map(|(name, origin)| {
            quote_spanned! {span(origin)=>
                const _: () = if let ::core::option::Option::Some(message) =
                    ::restforge::__private::unknown_field(
                        <#model as ::restforge::__private::Model>::NAME,
                        <#model as ::restforge::__private::Model>::FIELD_NAMES,
                        #name,
                    )
                {
                    ::core::panic!("{}", message.as_str())
                };
            }
        })
        .collect()
}

/// The type path written as `key = Path` in a `#[restforge(...)]` attribute, read leniently
/// from the tokens: after an error the stub impl still needs the serializer's model or the
/// view's serializer, whatever else is wrong with the attribute.
pub fn attr_type_path(input: &syn::DeriveInput, key: &str) -> Option<syn::Path> {
    use proc_macro2::TokenTree;
    attr_tokens(input).find_map(|tokens| {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let at = tokens.windows(2).position(|pair| {
            matches!(&pair[0], TokenTree::Ident(i) if i == key)
                && matches!(&pair[1], TokenTree::Punct(p) if p.as_char() == '=')
        })?;
        let value: TokenStream = tokens[at + 2..]
            .iter()
            .take_while(|t| !matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
            .cloned()
            .collect();
        syn::parse2::<syn::Path>(value).ok()
    })
}

/// The tokens inside each `#[restforge(...)]` attribute.
fn attr_tokens(input: &syn::DeriveInput) -> impl Iterator<Item = TokenStream> + '_ {
    input
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("restforge"))
        .filter_map(|a| match &a.meta {
            syn::Meta::List(list) => Some(list.tokens.clone()),
            _ => None,
        })
}

/// Whether a `#[restforge(...)]` attribute lists the bare word `key` (read leniently, for
/// fallbacks after errors).
pub fn attr_has_word(input: &syn::DeriveInput, key: &str) -> bool {
    use proc_macro2::TokenTree;
    attr_tokens(input).any(|tokens| {
        tokens
            .into_iter()
            .any(|t| matches!(&t, TokenTree::Ident(i) if i == key))
    })
}

/// DRF's behaviour for a type's hooks trait (`ViewHooks`, `SerializerHooks`): an impl with
/// every default, unless the type declares `hooks` and implements the trait itself.
pub fn default_hooks(name: &syn::Ident, hooks_trait: TokenStream, hooks: bool) -> TokenStream {
    if hooks {
        return TokenStream::new();
    }
    quote! {
        #[automatically_derived]
        impl ::restforge::__private::#hooks_trait for #name {}
    }
}

/// A `match name { … }` over the arms of an item's named methods (`"close" => …,`), whose
/// fallback is a 500 naming `what`: the derive lists every name the runtime can ask for.
pub fn dispatch_by_name(arms: impl Iterator<Item = TokenStream>, what: &str) -> TokenStream {
    let message = format!("no such {what}");
    quote! {
        match name {
            #(#arms)*
            _ => ::restforge::__private::Box::pin(::core::future::ready(
                ::restforge::__private::Err(::restforge::__private::ApiError::internal(#message)),
            )),
        }
    }
}

/// `Some("text")` or `None`.
pub fn opt_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(text) => quote!(::restforge::__private::Some(#text)),
        None => quote!(::restforge::__private::None),
    }
}

/// `Some(<number>)` or `None`, for any literal-able number.
pub fn opt_num<T: quote::ToTokens>(value: Option<T>) -> TokenStream {
    match value {
        Some(n) => quote!(::restforge::__private::Some(#n)),
        None => quote!(::restforge::__private::None),
    }
}

/// `&["a", "b"]`.
pub fn str_slice<'a>(items: impl IntoIterator<Item = &'a str>) -> TokenStream {
    let items = items.into_iter();
    quote!(&[#(#items),*])
}

/// The values of located strings.
pub fn values(items: &[Located<String>]) -> impl Iterator<Item = &str> {
    items.iter().map(|item| item.value.as_str())
}

/// The first segment of a lookup path (`-user_profile__user` → `user_profile`), the part a
/// derive can check against the model it knows.
pub fn first_segment<'a>(path: &'a str, separator: &str) -> &'a str {
    let path = path.trim_start_matches(['-', '^', '=', '@', '$']);
    path.split(separator).next().unwrap_or(path)
}
