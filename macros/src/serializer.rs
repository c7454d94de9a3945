//! `#[derive(Serializer)]`: `impl Serializer` with the struct's `SerializerMeta`, and a
//! compile-time proof that every field it names is a field of its model.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote, quote_spanned};
use restforge_generator::check;
use restforge_generator::rust_src::{self, RustSerializer};
use restforge_generator::spec::{Located, SerializerFields};
use syn::DeriveInput;
use syn::spanned::Spanned;

use crate::diag::{self, opt_num, opt_str, str_slice};

pub fn expand(input: &DeriveInput) -> TokenStream {
    let parsed = rust_src::parse_serializer(input)
        .and_then(|parsed| check::check_serializer(&parsed.serializer).map(|()| parsed));
    match parsed {
        Ok(parsed) => expand_serializer(input, &parsed),
        Err(errors) => {
            let mut out = diag::compile_errors(&errors);
            out.extend(fallback(input));
            out
        }
    }
}

/// A stub `impl Serializer` after errors, so that views naming the serializer add no errors
/// of their own (thiserror's fallback). It needs the model; when `model = …` cannot be read
/// either, a stub would be an error itself, and nothing is emitted.
fn fallback(input: &DeriveInput) -> TokenStream {
    let Some(model) = diag::attr_type_path(input, "model") else {
        return TokenStream::new();
    };
    let name = &input.ident;
    let hooks = diag::default_hooks(
        name,
        quote!(SerializerHooks),
        diag::attr_has_word(input, "hooks"),
    );
    quote! {
        const _: () = {
            #hooks

            #[automatically_derived]
            impl ::restforge::__private::Serializer for #name {
                type Model = #model;
                fn meta() -> &'static ::restforge::__private::SerializerMeta {
                    ::core::unimplemented!()
                }
            }
        };
    }
}

fn expand_serializer(input: &DeriveInput, parsed: &RustSerializer) -> TokenStream {
    let serializer = &parsed.serializer;
    let name = &input.ident;
    let struct_name = &serializer.name.value;
    let model = parsed.model_path.to_token_stream();
    let model_meta =
        quote_spanned!(parsed.model_path.span()=> <#model as ::restforge::__private::Model>::meta);
    let selection = match &serializer.fields {
        SerializerFields::All => quote!(::restforge::__private::FieldSelection::All),
        SerializerFields::Only(names) => {
            let names = str_slice(diag::values(names));
            quote!(::restforge::__private::FieldSelection::Only(#names))
        }
        SerializerFields::Exclude(names) => {
            let names = str_slice(diag::values(names));
            quote!(::restforge::__private::FieldSelection::Exclude(#names))
        }
    };
    let read_only = str_slice(diag::values(&serializer.read_only));
    let write_only = str_slice(diag::values(&serializer.write_only));
    let string_related = str_slice(diag::values(&serializer.string_related));
    let extra = serializer.extra.iter().map(|e| {
        let field = &e.field.value;
        let flag = |v: &Option<Located<bool>>| opt_num(v.as_ref().map(|v| v.value));
        let required = flag(&e.required);
        let allow_null = flag(&e.allow_null);
        let allow_blank = flag(&e.allow_blank);
        let min_length = opt_num(e.min_length.as_ref().map(|v| v.value));
        let max_length = opt_num(e.max_length.as_ref().map(|v| v.value));
        let min_value = opt_num(e.min_value.as_ref().map(|v| v.value));
        let max_value = opt_num(e.max_value.as_ref().map(|v| v.value));
        let label = opt_str(e.label.as_ref().map(|v| v.value.as_str()));
        let help_text = opt_str(e.help_text.as_ref().map(|v| v.value.as_str()));
        quote! {
            ::restforge::__private::ExtraKwargs {
                field: #field,
                required: #required,
                allow_null: #allow_null,
                allow_blank: #allow_blank,
                min_length: #min_length,
                max_length: #max_length,
                min_value: #min_value,
                max_value: #max_value,
                label: #label,
                help_text: #help_text,
            }
        }
    });

    // Every name the attribute mentions must be a field of the model (or a method field).
    let is_method =
        |n: &&Located<String>| serializer.method_fields.iter().any(|m| m.value == n.value);
    let mut named: Vec<&Located<String>> = Vec::new();
    if let SerializerFields::Only(names) | SerializerFields::Exclude(names) = &serializer.fields {
        named.extend(names.iter().filter(|n| !is_method(n)));
    }
    named.extend(&serializer.read_only);
    named.extend(&serializer.write_only);
    named.extend(&serializer.string_related);
    named.extend(serializer.extra.iter().map(|e| &e.field));
    let checks = diag::field_checks(&model, named.iter().map(|n| (n.value.as_str(), n.origin)));
    let hooks = diag::default_hooks(name, quote!(SerializerHooks), serializer.hooks.value);
    let method_fields = str_slice(diag::values(&serializer.method_fields));
    let (method_field, method_field_fn) = method_field_fn(name, &serializer.method_fields);

    quote! {
        const _: () = {
            #hooks

            #method_field_fn

            // Views instantiate the serializers they name through their own derives, where
            // rustc does not look for construction; a serializer no view names yet is no more
            // dead code than an unused DRF serializer class.
            const _: #name = #name;

            #[automatically_derived]
            impl ::restforge::__private::Serializer for #name {
                type Model = #model;

                fn meta() -> &'static ::restforge::__private::SerializerMeta {
                    static META: ::restforge::__private::SerializerMeta = ::restforge::__private::SerializerMeta {
                        name: #struct_name,
                        model: #model_meta,
                        fields: #selection,
                        read_only: #read_only,
                        write_only: #write_only,
                        string_related: #string_related,
                        extra: &[#(#extra),*],
                        method_fields: #method_fields,
                        method_field: #method_field,
                        hooks: &#name,
                    };
                    &META
                }
            }

            #checks
        };
    }
}

/// `SerializerMeta::method_field`: each method field calls the serializer's `get_<name>`,
/// `async fn get_<name>(&self, request: &Request<'_>, object: &Object<'_>) -> Result<Json,
/// ApiError>` (a missing one is a compile error at the field's name).
fn method_field_fn(name: &syn::Ident, fields: &[Located<String>]) -> (TokenStream, TokenStream) {
    if fields.is_empty() {
        return (quote!(::restforge::__private::None), TokenStream::new());
    }
    let arms = fields.iter().map(|field| {
        let span = match field.origin {
            restforge_generator::spec::Origin::Rust(span) => span,
            _ => proc_macro2::Span::call_site(),
        };
        let key = &field.value;
        let method = quote::format_ident!("get_{}", field.value, span = span);
        quote_spanned!(span=> #key => ::restforge::__private::Box::pin(#name::#method(&#name, request, object)),)
    });
    let dispatch = diag::dispatch_by_name(arms, "method field");
    let function = quote! {
        fn __restforge_method_field<'a>(
            name: &'a str,
            request: &'a ::restforge::__private::Request<'a>,
            object: &'a ::restforge::__private::Object<'a>,
        ) -> ::restforge::__private::BoxFuture<
            'a,
            ::restforge::__private::Result<
                ::restforge::__private::JsonValue,
                ::restforge::__private::ApiError,
            >,
        > {
            #dispatch
        }
    };
    (
        quote!(::restforge::__private::Some(__restforge_method_field)),
        function,
    )
}
