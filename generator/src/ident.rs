//! Every name restforge derives from a user's names: tables, columns, Rust identifiers, labels.
//!
//! Templates never change case themselves; they use what these functions compute.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords, strict and reserved (2024 edition). A field with one of these names is
/// written as a raw identifier (`r#type`).
pub const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers, so cannot be names at all.
pub const RUST_NON_RAW_KEYWORDS: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Words reserved by SQLite, PostgreSQL or MySQL that would need quoting everywhere; restforge
/// always quotes identifiers, so these are allowed as column names but not as table names,
/// where hand-written SQL against them would break.
pub const SQL_RESERVED: &[&str] = &[
    "all",
    "alter",
    "and",
    "any",
    "as",
    "asc",
    "between",
    "by",
    "case",
    "check",
    "column",
    "constraint",
    "create",
    "cross",
    "current_date",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "delete",
    "desc",
    "distinct",
    "drop",
    "else",
    "end",
    "except",
    "exists",
    "false",
    "fetch",
    "for",
    "foreign",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "in",
    "index",
    "inner",
    "insert",
    "intersect",
    "into",
    "is",
    "join",
    "key",
    "left",
    "like",
    "limit",
    "natural",
    "not",
    "null",
    "offset",
    "on",
    "or",
    "order",
    "outer",
    "primary",
    "references",
    "right",
    "select",
    "set",
    "table",
    "then",
    "to",
    "true",
    "union",
    "unique",
    "update",
    "user",
    "using",
    "values",
    "when",
    "where",
    "with",
];

pub fn is_rust_keyword(name: &str) -> bool {
    RUST_KEYWORDS.contains(&name)
}

pub fn is_sql_reserved(name: &str) -> bool {
    SQL_RESERVED.contains(&name.to_ascii_lowercase().as_str())
}

/// A Rust identifier for a spec name, raw when it is a keyword (`type` → `r#type`).
pub fn rust_ident(name: &str) -> String {
    if is_rust_keyword(name) && !RUST_NON_RAW_KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

/// `ProfileStatus` → `profile_status` (module and function names).
pub fn snake(name: &str) -> String {
    name.to_snake_case()
}

/// `profile_status` → `ProfileStatus`.
pub fn camel(name: &str) -> String {
    name.to_upper_camel_case()
}

/// Django's table name: `<app_label>_<model name lowercased>` (`profiles_profilestatus`).
pub fn table_name(app: &str, model: &str) -> String {
    format!("{}_{}", app.to_lowercase(), model.to_lowercase())
}

/// Django's model `_meta.model_name` and DRF's default router basename: `ProfileStatus` → `profilestatus`.
pub fn model_name(model: &str) -> String {
    model.to_lowercase()
}

/// The column of a field: `<name>_id` for a foreign key or one-to-one, else the name.
pub fn column_name(field: &str, is_relation: bool) -> String {
    if is_relation {
        format!("{field}_id")
    } else {
        field.to_string()
    }
}

/// Django's `camel_case_to_spaces`: `ProfileStatus` → `profile status`, `HTTPLog` → `http log`.
pub fn verbose_name(model: &str) -> String {
    let chars: Vec<char> = model.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let after_lower = i > 0 && chars[i - 1].is_ascii_lowercase();
            let next = chars.get(i + 1);
            let starts_word = next.is_some_and(|n| !n.is_ascii_uppercase());
            if (after_lower || starts_word) && !out.is_empty() {
                out.push(' ');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out.trim().to_string()
}

/// Django's default field verbose name: underscores become spaces.
pub fn field_verbose_name(field: &str) -> String {
    field.replace('_', " ")
}

/// DRF's field label: the verbose name with its first letter capitalised (`Status content`).
pub fn label(verbose_name: &str) -> String {
    let mut chars = verbose_name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// DRF's view name for OPTIONS: the class name without a trailing `ViewSet`/`View`,
/// CamelCase split into words (`ProfileStatusViewSet` → `Profile Status`).
pub fn view_name(class_name: &str) -> String {
    let base = class_name
        .strip_suffix("ViewSet")
        .or_else(|| class_name.strip_suffix("View"))
        .unwrap_or(class_name);
    verbose_name(base)
        .split(' ')
        .map(label)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn django_names() {
        assert_eq!(
            table_name("profiles", "ProfileStatus"),
            "profiles_profilestatus"
        );
        assert_eq!(model_name("BlogPost"), "blogpost");
        assert_eq!(column_name("user_profile", true), "user_profile_id");
        assert_eq!(verbose_name("ProfileStatus"), "profile status");
        assert_eq!(verbose_name("HTTPLog"), "http log");
        assert_eq!(verbose_name("Profile"), "profile");
        assert_eq!(
            label(&field_verbose_name("status_content")),
            "Status content"
        );
    }

    #[test]
    fn view_names_follow_drf() {
        assert_eq!(view_name("ProfileStatusViewSet"), "Profile Status");
        assert_eq!(view_name("PlainROViewSet"), "Plain Ro");
        assert_eq!(view_name("AvatarUpdateView"), "Avatar Update");
    }

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(rust_ident("type"), "r#type");
        assert_eq!(rust_ident("bio"), "bio");
        assert!(is_sql_reserved("ORDER"));
    }
}
