//! The type mapping from spec field types to Rust types, read from the kind table
//! (`restforge_core::kind::KINDS`).
//!
//! The same table serves both directions: the renderer writes a field's Rust type from its
//! spec type, and the Rust front end infers the spec type from a struct field's type, so a
//! hand-written `pub pages: i32` means `integer` exactly as the YAML `type: integer` does.

use restforge_core::kind::KINDS;

use crate::spec::{AutoField, FieldKind};

/// The Rust type of a field of `kind`, as generated code names it (through
/// `restforge::prelude`), and whether that type alone identifies the kind (when it does not,
/// generated code states the kind as a flag: `#[restforge(email)]`).
pub fn rust_type(kind: FieldKind) -> (&'static str, bool) {
    let info = kind.info();
    (info.rust_type, info.implied_by_type)
}

/// Every Rust type a field may have, for suggestions.
pub fn rust_types() -> impl Iterator<Item = &'static str> {
    KINDS
        .iter()
        .filter(|row| row.spec_name.is_some())
        .map(|row| row.rust_type)
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
    KINDS
        .iter()
        .find(|row| row.spec_name.is_some() && row.implied_by_type && row.rust_type == last_segment)
        .map(|row| row.kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn implied_types_round_trip() {
        for &(_, kind) in FieldKind::spec_words() {
            let (rust, implied) = rust_type(kind);
            if implied {
                let has_max_length = kind == FieldKind::Char;
                assert_eq!(kind_for_rust_type(rust, has_max_length), Some(kind));
            }
        }
        assert_eq!(kind_for_rust_type("FieldFile", false), None);
        assert_eq!(kind_for_rust_type("i32", false), Some(FieldKind::Integer));
    }
}
