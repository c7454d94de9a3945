//! restforge's generator: the Spec IR, its YAML and Rust front ends, the checks that run on it,
//! and (with the `cli` feature) the templates, migrations and the `restforge` command.
//!
//! The flow is parse → check → emit: front ends build a [`spec::Spec`] whose nodes remember
//! where they were written, [`check`] reports every rule that spans several items, and the
//! emitters only read a checked spec.

pub mod check;
pub mod diagnostics;
pub mod ident;
/// Django's naming rules, shared with the runtime.
pub use restforge_core::names;
/// This restforge's version, which the `@generated` headers and `restforge --version` print.
pub use restforge_core::version::VERSION;
pub mod rust_src;
pub mod spec;
pub mod types;

#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "cli")]
pub mod commands;
#[cfg(feature = "cli")]
pub mod migrate;
#[cfg(feature = "cli")]
pub mod output;
#[cfg(feature = "cli")]
pub mod render;
#[cfg(feature = "cli")]
pub mod yaml;
