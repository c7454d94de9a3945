//! The type mapping from spec field types to Rust types, as a data table.
//!
//! The same table serves both directions: the renderer writes a field's Rust type from its
//! spec type, and the Rust front end infers the spec type from a struct field's type, so a
//! hand-written `pub pages: i32` means `integer` exactly as the YAML `type: integer` does.

use crate::spec::{AutoField, FieldKind};

/// How one spec field type is written in Rust.
#[derive(Debug, Clone, Copy)]
pub struct RustType {
    pub kind: FieldKind,
    /// The Rust type as generated code names it (through `restforge::prelude`).
    pub rust: &'static str,
    /// Whether the Rust type alone identifies the kind. When it does not (several kinds share
    /// `String`), generated code states the kind as a flag: `#[restforge(email)]`.
    pub implied_by_type: bool,
}

/// One row per spec type. `String` maps to `char` when `max_length` is given and `text`
/// otherwise; that rule lives in [`kind_for_rust_type`].
#[rustfmt::skip] // a table reads best one row a line
pub const RUST_TYPES: &[RustType] = &[
    RustType { kind: FieldKind::Char, rust: "String", implied_by_type: true },
    RustType { kind: FieldKind::Text, rust: "String", implied_by_type: true },
    RustType { kind: FieldKind::Integer, rust: "i32", implied_by_type: true },
    RustType { kind: FieldKind::BigInteger, rust: "i64", implied_by_type: true },
    RustType { kind: FieldKind::SmallInteger, rust: "i16", implied_by_type: true },
    RustType { kind: FieldKind::PositiveInteger, rust: "u32", implied_by_type: true },
    RustType { kind: FieldKind::Boolean, rust: "bool", implied_by_type: true },
    RustType { kind: FieldKind::Float, rust: "f64", implied_by_type: true },
    RustType { kind: FieldKind::Decimal, rust: "Decimal", implied_by_type: true },
    RustType { kind: FieldKind::Date, rust: "Date", implied_by_type: true },
    RustType { kind: FieldKind::DateTime, rust: "DateTime", implied_by_type: true },
    RustType { kind: FieldKind::Time, rust: "Time", implied_by_type: true },
    RustType { kind: FieldKind::Duration, rust: "Duration", implied_by_type: true },
    RustType { kind: FieldKind::Email, rust: "String", implied_by_type: false },
    RustType { kind: FieldKind::Url, rust: "String", implied_by_type: false },
    RustType { kind: FieldKind::Slug, rust: "String", implied_by_type: false },
    RustType { kind: FieldKind::Uuid, rust: "Uuid", implied_by_type: true },
    RustType { kind: FieldKind::Json, rust: "Json", implied_by_type: true },
    RustType { kind: FieldKind::File, rust: "FieldFile", implied_by_type: false },
    RustType { kind: FieldKind::Image, rust: "FieldFile", implied_by_type: false },
    RustType { kind: FieldKind::ForeignKey, rust: "ForeignKey", implied_by_type: true },
    RustType { kind: FieldKind::OneToOne, rust: "OneToOne", implied_by_type: true },
    RustType { kind: FieldKind::ManyToMany, rust: "ManyToMany", implied_by_type: true },
];

/// The table row of a kind.
pub fn rust_type(kind: FieldKind) -> &'static RustType {
    RUST_TYPES
        .iter()
        .find(|row| row.kind == kind)
        .expect("every kind has a Rust type")
}

/// The Rust type of an implicit primary key.
pub fn primary_key_type(auto: AutoField) -> &'static str {
    match auto {
        AutoField::Auto => "i32",
        AutoField::BigAuto => "i64",
        AutoField::Uuid => "Uuid",
    }
}

/// The spec type a Rust type names on its own (last path segment, generics ignored), if any.
/// `String` needs to know whether a `max_length` was given.
pub fn kind_for_rust_type(last_segment: &str, has_max_length: bool) -> Option<FieldKind> {
    if last_segment == "String" {
        return Some(if has_max_length {
            FieldKind::Char
        } else {
            FieldKind::Text
        });
    }
    RUST_TYPES
        .iter()
        .find(|row| row.implied_by_type && row.rust == last_segment)
        .map(|row| row.kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_row() {
        for (name, kind) in FieldKind::ALL {
            let rows = RUST_TYPES.iter().filter(|row| row.kind == kind).count();
            assert_eq!(rows, 1, "{name}");
        }
    }

    #[test]
    fn implied_types_round_trip() {
        for row in RUST_TYPES.iter().filter(|row| row.implied_by_type) {
            let has_max_length = row.kind == FieldKind::Char;
            assert_eq!(kind_for_rust_type(row.rust, has_max_length), Some(row.kind));
        }
        assert_eq!(kind_for_rust_type("FieldFile", false), None);
    }
}
