//! Every name restforge derives from a user's names: tables, columns, Rust identifiers, labels.
//!
//! Templates never change case themselves; they use what these functions compute.

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::names;

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

/// Django's table name: `<app_label>_<model name lowercased>` (`profiles_profilestatus`),
/// shortened as Django shortens names past the database's limit. Every table name restforge
/// derives comes from here or [`join_table_name`], so the derive, the migrations and the
/// checks agree on it.
///
/// Django names tables after the default connection's limit; restforge uses PostgreSQL's, the
/// strictest of its databases, so that one name serves every dialect.
pub fn default_table_name(app: &str, model: &str) -> String {
    let name = format!("{}_{}", app.to_lowercase(), model.to_lowercase());
    names::truncate_name(&name, Some(names::POSTGRES_MAX_NAME_LENGTH))
}

/// The table of Django's auto-created many-to-many through model: `<table>_<field>`, shortened
/// like [`default_table_name`].
pub fn join_table_name(owner_table: &str, field: &str) -> String {
    names::truncate_name(
        &format!("{owner_table}_{field}"),
        Some(names::POSTGRES_MAX_NAME_LENGTH),
    )
}

/// The tables of the built-in apps every project has: Django's `auth_user`, DRF's
/// `authtoken_token` and Django's `django_session`, with their app labels.
pub const BUILTIN_TABLES: [(&str, &str); 3] = [
    ("auth_user", "auth"),
    ("authtoken_token", "authtoken"),
    ("django_session", "sessions"),
];

/// Whether a name is UpperCamelCase as rustc's `non_camel_case_types` lint wants a type name:
/// an uppercase first letter and no `_`.
pub fn is_upper_camel(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && !name.contains('_')
}

/// Whether a name is snake_case as rustc's `non_snake_case` lint wants a function name.
pub fn is_snake(name: &str) -> bool {
    !name.chars().any(|c| c.is_ascii_uppercase())
}

/// Why a name cannot be used for an item of some kind, when it cannot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// A Rust type generated code declares (model, serializer, permission, viewset, view).
    Type,
    /// A function generated code declares (signal receivers).
    Function,
    /// The app label, which is also a module of the project's crate.
    App,
    /// The project, a Cargo package name.
    Project,
}

/// One name generated code cannot take, with the reason, as a sentence fragment.
struct Reserved {
    name: &'static str,
    kind: NameKind,
    why: &'static str,
}

const PRELUDE: &str = "generated code imports it from `restforge::prelude`";
const STD_PRELUDE: &str = "it is in Rust's standard prelude, which generated code relies on";

#[rustfmt::skip] // a table reads best one row a line
const RESERVED: &[Reserved] = &[
    // What `restforge::prelude::*` brings into every generated module (runtime/src/prelude.rs).
    Reserved { name: "GenericView", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "Model", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "Permission", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "Serializer", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "ViewSet", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "AllowAny", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "IsAdminUser", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "IsAuthenticated", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "IsAuthenticatedOrReadOnly", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "BasicAuthentication", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "JwtAuthentication", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "SessionAuthentication", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "TokenAuthentication", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "Date", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "DateTime", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "Decimal", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "Duration", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "FieldFile", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "ForeignKey", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "Json", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "ManyToMany", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "OneToOne", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "Time", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "Uuid", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "FromValue", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "ToValue", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "Value", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "App", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "Migrations", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "LimitOffsetPagination", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "PageNumberPagination", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "DefaultRouter", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "SimpleRouter", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "AutoField", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "Settings", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "Receiver", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "Signal", kind: NameKind::Type, why: PRELUDE },
    Reserved { name: "Signals", kind: NameKind::Type, why: PRELUDE },
    // Django's `auth.User`: generated code imports `restforge::contrib::auth::User`, and the Rust front
    // end reads `ForeignKey<User>` as `auth.User`.
    Reserved { name: "User", kind: NameKind::Type, why: "it is Django's `auth.User`, which generated code imports as `restforge::contrib::auth::User`" },
    // Rust's standard prelude (types and traits).
    Reserved { name: "Option", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "Some", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "None", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "Result", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "Ok", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "Err", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "String", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "ToString", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "Vec", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "Box", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "ToOwned", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "Clone", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "Copy", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "Debug", kind: NameKind::Type, why: "generated structs derive it" },
    Reserved { name: "Default", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "PartialEq", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "Eq", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "PartialOrd", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "Ord", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "Send", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "Sync", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "Sized", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "Unpin", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "Drop", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "Fn", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "FnMut", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "FnOnce", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "AsRef", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "AsMut", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "Into", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "From", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "TryFrom", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "TryInto", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "Iterator", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "IntoIterator", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "DoubleEndedIterator", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "ExactSizeIterator", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "Extend", kind: NameKind::Type, why: STD_PRELUDE },
    Reserved { name: "FromIterator", kind: NameKind::Type, why: STD_PRELUDE },
    // Functions of the generated `signals.rs`.
    Reserved { name: "connect", kind: NameKind::Function, why: "the generated `signals.rs` defines `connect`, which registers the receivers" },
    // Modules of the generated `main.rs`, and the crates it names.
    Reserved { name: "settings", kind: NameKind::App, why: "the generated `main.rs` has a `settings` module" },
    Reserved { name: "migrations", kind: NameKind::App, why: "the generated `main.rs` has a `migrations` module" },
    Reserved { name: "restforge", kind: NameKind::App, why: "a module `restforge` would hide the `restforge` crate in `main.rs`" },
    Reserved { name: "std", kind: NameKind::App, why: "it is a Rust built-in crate" },
    Reserved { name: "core", kind: NameKind::App, why: "it is a Rust built-in crate" },
    Reserved { name: "alloc", kind: NameKind::App, why: "it is a Rust built-in crate" },
    // The built-in apps, whose tables every project has.
    Reserved { name: "auth", kind: NameKind::App, why: "it is the label of Django's built-in auth app, whose `auth_user` table every project has" },
    Reserved { name: "authtoken", kind: NameKind::App, why: "it is the label of DRF's built-in authtoken app, whose `authtoken_token` table every project has" },
    // Package names.
    Reserved { name: "restforge", kind: NameKind::Project, why: "the project depends on the `restforge` crate, and a package cannot depend on its own name" },
    Reserved { name: "restforge_macros", kind: NameKind::Project, why: "the project depends on the `restforge-macros` crate through `restforge`" },
    Reserved { name: "std", kind: NameKind::Project, why: "it is a Rust built-in crate" },
    Reserved { name: "core", kind: NameKind::Project, why: "it is a Rust built-in crate" },
    Reserved { name: "alloc", kind: NameKind::Project, why: "it is a Rust built-in crate" },
    Reserved { name: "test", kind: NameKind::Project, why: "it is a Rust built-in crate" },
    Reserved { name: "proc_macro", kind: NameKind::Project, why: "it is a Rust built-in crate" },
];

/// Why `name` cannot name an item of `kind` in generated code, when it cannot. Cargo treats
/// `-` and `_` in a package name alike, and so does this for projects.
pub fn reserved(name: &str, kind: NameKind) -> Option<&'static str> {
    let name = match kind {
        NameKind::Project => name.replace('-', "_"),
        _ => name.to_string(),
    };
    RESERVED
        .iter()
        .find(|r| r.kind == kind && r.name == name)
        .map(|r| r.why)
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
            default_table_name("profiles", "ProfileStatus"),
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

    /// Regression: the derive used the whole name while migrations truncated it to 63
    /// characters, so the runtime queried a table that did not exist.
    #[test]
    fn long_default_table_names_are_truncated_like_django() {
        let model = format!("M{}", "x".repeat(70));
        let table = default_table_name("shop", &model);
        assert_eq!(table.chars().count(), 63);
        assert!(table.starts_with("shop_mxxx"));
        assert_eq!(join_table_name(&table, "tags").chars().count(), 63);
        assert_eq!(default_table_name("shop", "Book"), "shop_book");
    }

    #[test]
    fn reserved_names_say_why() {
        assert!(reserved("String", NameKind::Type).is_some());
        assert!(reserved("User", NameKind::Type).is_some());
        assert!(reserved("connect", NameKind::Function).is_some());
        assert!(reserved("settings", NameKind::App).is_some());
        assert!(reserved("restforge", NameKind::Project).is_some());
        assert!(reserved("restforge-macros", NameKind::Project).is_some());
        assert_eq!(reserved("Profile", NameKind::Type), None);
        assert_eq!(reserved("settings", NameKind::Type), None);
    }

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(rust_ident("type"), "r#type");
        assert_eq!(rust_ident("bio"), "bio");
        assert!(is_sql_reserved("ORDER"));
    }
}
