//! Derive macros for restforge: `Model`, `Serializer`, `Permission`, `ViewSet` and
//! `GenericView`. Use them through `restforge::prelude`.
//!
//! Each entry point parses, expands and returns; parsing is the generator's Rust front end
//! (`restforge_generator::rust_src`) and the one-item rules are its checks, so a derive and
//! the YAML spec report the same problems in the same words. Expansion only names
//! `::restforge::__private::…` and `::core::…`.

mod diag;
mod model;
mod permission;
mod serializer;
mod view;

#[cfg(test)]
mod golden;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Implements `restforge::Model` from a struct's fields and `#[restforge(...)]` attributes.
#[proc_macro_derive(Model, attributes(restforge))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    model::expand(&input).into()
}

/// Implements `restforge::Serializer`, a DRF ModelSerializer.
#[proc_macro_derive(Serializer, attributes(restforge))]
pub fn derive_serializer(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    serializer::expand(&input).into()
}

/// Implements `restforge::Permission`, an object-level owner rule.
#[proc_macro_derive(Permission, attributes(restforge))]
pub fn derive_permission(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    permission::expand(&input).into()
}

/// Implements `restforge::ViewSet`, a ModelViewSet.
#[proc_macro_derive(ViewSet, attributes(restforge))]
pub fn derive_viewset(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    view::expand_viewset(&input).into()
}

/// Implements `restforge::GenericView`, one of DRF's concrete generic views.
#[proc_macro_derive(GenericView, attributes(restforge))]
pub fn derive_generic_view(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    view::expand_generic_view(&input).into()
}
