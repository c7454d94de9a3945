//! `#[derive(Permission)]`: an object-level owner rule as `impl Permission`.

use proc_macro2::TokenStream;
use quote::quote;
use restforge_generator::rust_src;
use syn::DeriveInput;

use crate::diag::{self, str_slice};

pub fn expand(input: &DeriveInput) -> TokenStream {
    let name = &input.ident;
    let permission = match rust_src::parse_permission(input) {
        Ok(permission) => permission,
        // The stub allows everything; it never runs, as the crate does not build.
        Err(errors) => {
            let errors = diag::compile_errors(&errors);
            return quote! {
                #errors
                const _: () = {
                    #[automatically_derived]
                    impl ::restforge::__private::Permission for #name {}
                };
            };
        }
    };
    // With `hooks`, the struct's `impl Permission` is the user's.
    let Some(owner) = &permission.owner else {
        return TokenStream::new();
    };
    let owner = str_slice(owner.value.iter().map(String::as_str));
    let allow_safe_methods = permission.allow_safe_methods.value;
    quote! {
        const _: () = {
            const OWNER: ::restforge::__private::Owner = ::restforge::__private::Owner {
                owner: #owner,
                allow_safe_methods: #allow_safe_methods,
            };

            #[automatically_derived]
            impl ::restforge::__private::Permission for #name {
                fn has_object_permission(
                    &self,
                    request: &::restforge::__private::Request<'_>,
                    object: &::restforge::__private::Object<'_>,
                ) -> impl ::core::future::Future<
                    Output = ::restforge::__private::Result<bool, ::restforge::__private::ApiError>,
                > + ::core::marker::Send {
                    <::restforge::__private::Owner as ::restforge::__private::Permission>::has_object_permission(
                        &OWNER, request, object,
                    )
                }

                fn object_paths(&self, paths: &mut ::restforge::__private::Vec<&'static [&'static str]>) {
                    <::restforge::__private::Owner as ::restforge::__private::Permission>::object_paths(
                        &OWNER, paths,
                    )
                }
            }
        };
    }
}
