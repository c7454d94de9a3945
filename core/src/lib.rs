//! The rules of Django that every part of restforge applies and none may apply differently:
//! the generator checks a spec with them, the derive macros name tables with them, the runtime
//! parses requests and builds queries with them.
//!
//! * [`kind`]: Django's model field classes, one table of what each kind is, and `on_delete`.
//! * [`action`]: DRF's viewset actions.
//! * [`names`]: the names Django gives tables, indexes and constraints (`truncate_name`,
//!   `names_digest`, `_create_index_name`).
//! * [`grammar`]: Django's `parse_date`, `parse_time`, `parse_datetime` and `parse_duration`,
//!   and Python's `uuid.UUID(hex=…)`.
//! * [`header`]: the `@generated` header of the files restforge writes, and edits below it.
//! * [`suggest`]: "did you mean …?", as `const fn`s the derives' compile-time checks use too.
//! * [`version`]: which runtime release builds the code of which generator release.

pub mod action;
pub mod grammar;
pub mod header;
pub mod kind;
pub mod names;
pub mod suggest;
pub mod version;
