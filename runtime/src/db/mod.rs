//! The database layer: one handle over SQLite or PostgreSQL ([`database`]), SQL building and
//! queries ([`query`]), object writes with Django's `on_delete` rules ([`objects`]) and the
//! signals they send ([`signals`]).
//!
//! It sits on [`crate::core`] only.

pub mod database;
pub mod objects;
pub mod query;
pub mod signals;

pub use database::{
    Autocommit, Database, DbError, Dialect, Executor, MigrationSource, Migrations, Param,
    Transaction, redact,
};
