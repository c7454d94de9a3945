//! `#[derive(Permission)]`: an object-level owner rule as `impl Permission`.

use proc_macro2::TokenStream;
use quote::quote;
use restforge_generator::rust_src;
use syn::DeriveInput;

use crate::diag::{self, str_slice};

pub fn expand(input: &DeriveInput) -> TokenStream {
    let name = &input.ident;
    let (rule, errors) = match rust_src::parse_permission(input) {
        Ok(permission) => {
            let owner = str_slice(permission.owner.value.iter().map(String::as_str));
            let allow_safe_methods = permission.allow_safe_methods.value;
            let rule = quote! {
                ::restforge::__private::PermissionRule::Object(::restforge::__private::ObjectRule {
                    owner: #owner,
                    allow_safe_methods: #allow_safe_methods,
                })
            };
            (rule, TokenStream::new())
        }
        // The stub denies nothing it cannot state; it never runs, as the crate does not build.
        Err(errors) => (
            quote!(::core::unimplemented!()),
            diag::compile_errors(&errors),
        ),
    };
    let struct_name = name.to_string();
    quote! {
        #errors
        const _: () = {
            #[automatically_derived]
            impl ::restforge::__private::Permission for #name {
                fn name(&self) -> &'static str {
                    #struct_name
                }

                fn rule(&self) -> ::restforge::__private::PermissionRule {
                    #rule
                }
            }
        };
    }
}
