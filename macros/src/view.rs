//! `#[derive(ViewSet)]` and `#[derive(GenericView)]`: the struct's `ViewConfig`, and a
//! compile-time proof that the fields it orders, filters and fills exist on its model.

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote, quote_spanned};
use restforge_generator::check;
use restforge_generator::diagnostics::Diagnostic;
use restforge_generator::ident;
use restforge_generator::rust_src::{self, ViewPaths};
use restforge_generator::spec::{
    Action, Authentication, ExtraAction, Located, Origin, RequestAssignment, RequestValue,
    ViewKind, ViewSet,
};
use syn::DeriveInput;
use syn::spanned::Spanned;

use crate::diag::{self, str_slice};

/// After errors, a stub impl of `trait_name` so that the router naming the view adds no errors
/// of its own (thiserror's fallback); it needs the serializer, read leniently, and without one
/// nothing is emitted.
fn fallback(input: &DeriveInput, errors: &[Diagnostic], trait_name: TokenStream) -> TokenStream {
    let mut out = diag::compile_errors(errors);
    let Some(serializer) = diag::attr_type_path(input, "serializer") else {
        return out;
    };
    let name = &input.ident;
    let hooks = diag::default_hooks(name, quote!(ViewHooks), diag::attr_has_word(input, "hooks"));
    out.extend(quote! {
        const _: () = {
            #hooks

            #[automatically_derived]
            impl ::restforge::__private::#trait_name for #name {
                type Serializer = #serializer;
                fn config() -> &'static ::restforge::__private::ViewConfig {
                    ::core::unimplemented!()
                }
            }
        };
    });
    out
}

pub fn expand_viewset(input: &DeriveInput) -> TokenStream {
    let parsed = rust_src::parse_viewset(input)
        .and_then(|parsed| check::check_viewset(&parsed.viewset).map(|()| parsed));
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(errors) => return fallback(input, &errors, quote!(ViewSet)),
    };
    let v = &parsed.viewset;
    let actions: Vec<Action> = v.actions.iter().map(|a| a.value).collect();
    let mut checked: Vec<(&str, Origin)> = Vec::new();
    for name in &v.ordering {
        checked.push((diag::first_segment(&name.value, "__"), name.origin));
    }
    for name in &v.ordering_fields {
        checked.push((diag::first_segment(&name.value, "__"), name.origin));
    }
    for name in &v.search_fields {
        checked.push((diag::first_segment(&name.value, "__"), name.origin));
    }
    for filter in &v.filters {
        checked.push((
            diag::first_segment(&filter.path.value, "__"),
            filter.path.origin,
        ));
    }
    for assignment in v.on_create.iter().chain(&v.on_update) {
        checked.push((assignment.field.value.as_str(), assignment.field.origin));
    }
    let filters = v.filters.iter().map(|f| {
        let (param, path) = (&f.param.value, &f.path.value);
        quote!(::restforge::__private::FilterMeta { param: #param, path: #path })
    });
    let config = Config {
        name: &v.name.value,
        paths: &parsed.paths,
        actions: &actions,
        generic: quote!(::restforge::__private::None),
        permissions: v.permissions.as_deref(),
        authentication: v.authentication.as_deref(),
        ordering: str_slice(diag::values(&v.ordering)),
        filters: quote!(&[#(#filters),*]),
        search_fields: str_slice(diag::values(&v.search_fields)),
        ordering_fields: str_slice(diag::values(&v.ordering_fields)),
        on_create: assignments(&v.on_create),
        on_update: assignments(&v.on_update),
        throttle_scope: diag::opt_str(v.throttle_scope.as_ref().map(|s| s.value.as_str())),
        object: quote!(::restforge::__private::None),
        checked,
        hooks: v.hooks.value,
        extra_actions: extra_actions(&v.extra_actions, &parsed.paths),
        extra_action_fn: extra_action_fn(&v.extra_actions),
        action_serializers: action_serializers(v, &parsed.paths),
    };
    config.expand(input, quote!(ViewSet))
}

/// The `ExtraAction`s of `ViewConfig::extra_actions`.
fn extra_actions(actions: &[ExtraAction], paths: &ViewPaths) -> TokenStream {
    let items = actions.iter().enumerate().map(|(i, action)| {
        let name = &action.name.value;
        let detail = action.detail.value;
        let methods = action.methods.iter().map(|m| m.value.to_uppercase());
        let url_path = action.url_path();
        let url_name = action.url_name();
        let view_name = pretty_name(name);
        let permissions = match &action.permissions {
            Some(_) => {
                let items = paths.extra_action_permissions[i].iter().map(|path| {
                    quote_spanned!(path.span()=> &#path as &'static dyn ::restforge::__private::DynPermission)
                });
                quote!(::restforge::__private::Some(&[#(#items),*]))
            }
            None => quote!(::restforge::__private::None),
        };
        let serializer = match &paths.extra_action_serializers[i] {
            Some(path) => quote_spanned!(path.span()=>
                ::restforge::__private::Some(<#path as ::restforge::__private::Serializer>::meta)),
            None => quote!(::restforge::__private::None),
        };
        quote! {
            ::restforge::__private::ExtraAction {
                name: #name,
                detail: #detail,
                methods: &[#(#methods),*],
                url_path: #url_path,
                url_name: #url_name,
                view_name: #view_name,
                permissions: #permissions,
                serializer: #serializer,
            }
        }
    });
    quote!(&[#(#items),*])
}

/// `ViewConfig::action_serializers`: `(action, meta)` pairs, as written.
fn action_serializers(viewset: &ViewSet, paths: &ViewPaths) -> TokenStream {
    let items = viewset
        .action_serializers
        .iter()
        .zip(&paths.action_serializers)
        .map(|(entry, path)| {
            let action = &entry.action.value;
            quote_spanned!(path.span()=>
                (#action, <#path as ::restforge::__private::Serializer>::meta))
        });
    quote!(&[#(#items),*])
}

/// `ViewSet::extra_action`: each action calls the viewset's method of its name.
fn extra_action_fn(actions: &[ExtraAction]) -> TokenStream {
    if actions.is_empty() {
        return TokenStream::new();
    }
    let arms = actions.iter().map(|action| {
        let name = &action.name.value;
        let span = match action.name.origin {
            Origin::Rust(span) => span,
            _ => proc_macro2::Span::call_site(),
        };
        let method = format_ident!("{}", name, span = span);
        quote_spanned!(span=> #name => ::restforge::__private::Box::pin(Self::#method(self, action)),)
    });
    let dispatch = diag::dispatch_by_name(arms, "extra action");
    quote! {
        fn extra_action<'a>(
            &'a self,
            name: &'a str,
            action: ::restforge::__private::ActionContext<'a>,
        ) -> ::restforge::__private::BoxFuture<
            'a,
            ::restforge::__private::Result<
                ::restforge::__private::ActionResponse,
                ::restforge::__private::ApiError,
            >,
        > {
            #dispatch
        }
    }
}

/// Django's `pretty_name`: underscores to spaces, then Python's `str.capitalize`.
fn pretty_name(name: &str) -> String {
    let spaced = name.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

pub fn expand_generic_view(input: &DeriveInput) -> TokenStream {
    let parsed = rust_src::parse_view(input)
        .and_then(|parsed| check::check_view(&parsed.view).map(|()| parsed));
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(errors) => return fallback(input, &errors, quote!(GenericView)),
    };
    let v = &parsed.view;
    let kind = v.kind.value;
    // The runtime's variants are the spec names in UpperCamelCase.
    let generic = format_ident!("{}", ident::camel(kind.name()));
    let object = match &v.object {
        Some(value) => {
            let path = request_path(value);
            quote!(::restforge::__private::Some(#path))
        }
        None => quote!(::restforge::__private::None),
    };
    let config = Config {
        name: &v.name.value,
        paths: &parsed.paths,
        actions: &actions_of(kind),
        generic: quote!(::restforge::__private::Some(::restforge::__private::GenericKind::#generic)),
        permissions: v.permissions.as_deref(),
        authentication: v.authentication.as_deref(),
        ordering: quote!(&[]),
        filters: quote!(&[]),
        search_fields: quote!(&[]),
        ordering_fields: quote!(&[]),
        on_create: quote!(&[]),
        on_update: quote!(&[]),
        throttle_scope: quote!(::restforge::__private::None),
        object,
        checked: Vec::new(),
        hooks: v.hooks.value,
        extra_actions: quote!(&[]),
        extra_action_fn: TokenStream::new(),
        action_serializers: quote!(&[]),
    };
    config.expand(input, quote!(GenericView))
}

/// The actions DRF's concrete generic view classes offer.
fn actions_of(kind: ViewKind) -> Vec<Action> {
    use Action::*;
    match kind {
        ViewKind::Retrieve => vec![Retrieve],
        ViewKind::Update => vec![Update, PartialUpdate],
        ViewKind::RetrieveUpdate => vec![Retrieve, Update, PartialUpdate],
        ViewKind::RetrieveUpdateDestroy => vec![Retrieve, Update, PartialUpdate, Destroy],
        ViewKind::List => vec![List],
        ViewKind::Create => vec![Create],
        ViewKind::ListCreate => vec![List, Create],
    }
}

fn request_path(value: &RequestValue) -> TokenStream {
    let path = str_slice(value.path.iter().map(String::as_str));
    quote!(::restforge::__private::RequestPath(#path))
}

fn assignments(list: &[RequestAssignment]) -> TokenStream {
    let items = list.iter().map(|a| {
        let field = &a.field.value;
        let value = request_path(&a.value);
        quote!(::restforge::__private::RequestAssignment { field: #field, value: #value })
    });
    quote!(&[#(#items),*])
}

/// DRF's `get_view_description`: the class's own docstring, dedented and stripped; here the
/// struct's doc comment.
fn description(input: &DeriveInput) -> String {
    let lines: Vec<String> = input
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .filter_map(|attr| match &attr.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value:
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(text),
                        ..
                    }),
                ..
            }) => Some(text.value()),
            _ => None,
        })
        .flat_map(|text| text.split('\n').map(str::to_owned).collect::<Vec<_>>())
        .collect();
    let indent = lines
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    let dedented: Vec<&str> = lines
        .iter()
        .map(|line| line.get(indent..).unwrap_or("").trim_end())
        .collect();
    dedented.join("\n").trim().to_owned()
}

/// What both derives put in a `ViewConfig`.
struct Config<'a> {
    name: &'a str,
    paths: &'a ViewPaths,
    actions: &'a [Action],
    generic: TokenStream,
    permissions: Option<&'a [Located<restforge_generator::spec::PermissionRef>]>,
    authentication: Option<&'a [Located<Authentication>]>,
    ordering: TokenStream,
    filters: TokenStream,
    search_fields: TokenStream,
    ordering_fields: TokenStream,
    on_create: TokenStream,
    on_update: TokenStream,
    throttle_scope: TokenStream,
    object: TokenStream,
    /// Field names (first path segments) that must exist on the serializer's model.
    checked: Vec<(&'a str, Origin)>,
    /// The user implements `ViewHooks`.
    hooks: bool,
    /// `ViewConfig::extra_actions`.
    extra_actions: TokenStream,
    /// `ViewSet::extra_action`, when the viewset has extra actions.
    extra_action_fn: TokenStream,
    /// `ViewConfig::action_serializers`.
    action_serializers: TokenStream,
}

impl Config<'_> {
    fn expand(self, input: &DeriveInput, trait_name: TokenStream) -> TokenStream {
        let name = &input.ident;
        let struct_name = self.name;
        let view_name = ident::view_name(self.name);
        let description = description(input);
        let serializer = self.paths.serializer.to_token_stream();
        let serializer_meta = quote_spanned!(self.paths.serializer.span()=>
            <#serializer as ::restforge::__private::Serializer>::meta);
        let actions = self.actions.iter().map(|a| {
            let variant = format_ident!("{}", ident::camel(a.name()));
            quote!(::restforge::__private::Action::#variant)
        });
        let permissions = match self.permissions {
            Some(_) => {
                // The paths as written, so the compiler resolves them in the user's scope.
                let items = self.paths.permissions.iter().map(|path| {
                    quote_spanned!(path.span()=> &#path as &'static dyn ::restforge::__private::DynPermission)
                });
                quote!(::restforge::__private::Some(&[#(#items),*]))
            }
            None => quote!(::restforge::__private::None),
        };
        let authentication = match self.authentication {
            Some(list) => {
                // DRF's classes through the runtime; the user's as written, resolved in the
                // user's scope.
                let items = list
                    .iter()
                    .zip(&self.paths.authentication)
                    .map(|(a, path)| match &a.value {
                        Authentication::Custom(_) => quote_spanned!(path.span()=>
                            &#path as &'static dyn ::restforge::__private::DynAuthentication),
                        builtin => {
                            let class = format_ident!("{}", builtin.class_name());
                            quote!(&::restforge::__private::#class
                                as &'static dyn ::restforge::__private::DynAuthentication)
                        }
                    });
                quote!(::restforge::__private::Some(&[#(#items),*]))
            }
            None => quote!(::restforge::__private::None),
        };
        let model_type = quote!(<#serializer as ::restforge::__private::Serializer>::Model);
        let checks = diag::field_checks(&model_type, self.checked);
        // Every other serializer the view names reads and writes the same model.
        let other_serializers = self
            .paths
            .action_serializers
            .iter()
            .chain(self.paths.extra_action_serializers.iter().flatten())
            .map(|path| {
                quote_spanned!(path.span()=>
                    same_model_as_the_view::<#path, #model_type>();)
            });
        let same_model = if self.paths.action_serializers.is_empty()
            && self
                .paths
                .extra_action_serializers
                .iter()
                .all(Option::is_none)
        {
            TokenStream::new()
        } else {
            quote! {
                const _: fn() = || {
                    fn same_model_as_the_view<S, M>()
                    where
                        S: ::restforge::__private::Serializer<Model = M>,
                    {
                    }
                    #(#other_serializers)*
                };
            }
        };
        let hooks = diag::default_hooks(name, quote!(ViewHooks), self.hooks);
        let Config {
            generic,
            ordering,
            filters,
            search_fields,
            ordering_fields,
            on_create,
            on_update,
            throttle_scope,
            object,
            extra_actions,
            extra_action_fn,
            action_serializers,
            ..
        } = self;
        quote! {
            const _: () = {
                #hooks

                #[automatically_derived]
                impl ::restforge::__private::#trait_name for #name {
                    type Serializer = #serializer;

                    fn config() -> &'static ::restforge::__private::ViewConfig {
                        static CONFIG: ::restforge::__private::ViewConfig = ::restforge::__private::ViewConfig {
                            name: #struct_name,
                            view_name: #view_name,
                            description: #description,
                            serializer: #serializer_meta,
                            action_serializers: #action_serializers,
                            actions: &[#(#actions),*],
                            generic: #generic,
                            permissions: #permissions,
                            authentication: #authentication,
                            ordering: #ordering,
                            filters: #filters,
                            search_fields: #search_fields,
                            ordering_fields: #ordering_fields,
                            on_create: #on_create,
                            on_update: #on_update,
                            throttle_scope: #throttle_scope,
                            object: #object,
                            extra_actions: #extra_actions,
                        };
                        &CONFIG
                    }

                    #extra_action_fn
                }

                #checks
                #same_model
            };
        }
    }
}
