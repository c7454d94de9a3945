//! Django's rules for the names it gives tables, indexes and constraints, ported line for line
//! so that a database made by restforge and one made by Django carry the same names.
//!
//! Sources (Django 5.2): `django/db/backends/utils.py` (`names_digest`, `split_identifier`,
//! `truncate_name`), `django/db/backends/base/schema.py` (`_create_index_name`) and
//! `django/db/models/indexes.py` (`Index.set_name_with_model`). Django measures names in
//! characters (Python `len`), not bytes, and so do these functions.

use md5::{Digest, Md5};

/// PostgreSQL's identifier limit (`NAMEDATALEN - 1`), Django's `max_name_length()` there.
pub const POSTGRES_MAX_NAME_LENGTH: usize = 63;
/// MySQL's and MariaDB's identifier limit.
pub const MYSQL_MAX_NAME_LENGTH: usize = 64;
/// What `_create_index_name` uses when the backend has no limit (SQLite).
pub const UNLIMITED_NAME_LENGTH: usize = 200;

/// The first `length` hex digits of the md5 of the arguments, concatenated (`names_digest`).
pub fn names_digest(args: &[&str], length: usize) -> String {
    let mut md5 = Md5::new();
    for arg in args {
        md5.update(arg.as_bytes());
    }
    let hex: String = md5
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    hex[..length].to_string()
}

/// Splits `"namespace"."name"` into its parts, without quotes (`split_identifier`).
pub fn split_identifier(identifier: &str) -> (String, String) {
    let mut parts = identifier.split("\".\"");
    match (parts.next(), parts.next(), parts.next()) {
        (Some(namespace), Some(name), None) => (
            namespace.trim_matches('"').to_string(),
            name.trim_matches('"').to_string(),
        ),
        _ => (String::new(), identifier.trim_matches('"').to_string()),
    }
}

/// Shortens a name past `length` to its head plus a 4-digit digest (`truncate_name`), as Django
/// does to table names longer than the database allows.
pub fn truncate_name(identifier: &str, length: Option<usize>) -> String {
    const HASH_LEN: usize = 4;
    let (namespace, name) = split_identifier(identifier);
    let Some(length) = length else {
        return identifier.to_string();
    };
    if char_len(&name) <= length {
        return identifier.to_string();
    }
    let digest = names_digest(&[&name], HASH_LEN);
    let namespace = if namespace.is_empty() {
        String::new()
    } else {
        format!("{namespace}\".\"")
    };
    format!("{namespace}{}{digest}", head(&name, length - HASH_LEN))
}

/// The name of an index or constraint over `columns` of `table` (`_create_index_name`):
/// `<table>_<columns>_<8 hex><suffix>`, each part shortened when the whole exceeds `max_length`.
pub fn create_index_name(table: &str, columns: &[&str], suffix: &str, max_length: usize) -> String {
    let (_, table) = split_identifier(table);
    let mut digest_args = vec![table.as_str()];
    digest_args.extend_from_slice(columns);
    let mut hash_suffix_part = format!("{}{suffix}", names_digest(&digest_args, 8));
    let joined = columns.join("_");
    let index_name = format!("{table}_{joined}_{hash_suffix_part}");
    if char_len(&index_name) <= max_length {
        return index_name;
    }
    // Python compares `len(part) > max_length / 3` in floats, then slices to `max_length // 3`.
    if char_len(&hash_suffix_part) * 3 > max_length {
        hash_suffix_part = head(&hash_suffix_part, max_length / 3);
    }
    let other_length = (max_length - char_len(&hash_suffix_part)) / 2 - 1;
    let index_name = format!(
        "{}_{}_{hash_suffix_part}",
        head(&table, other_length),
        head(&joined, other_length),
    );
    // Oracle forbids a leading underscore or digit; Django applies the rule everywhere.
    if index_name.starts_with(|c: char| c == '_' || c.is_ascii_digit()) {
        let mut chars: Vec<char> = index_name.chars().collect();
        chars.pop();
        return format!("D{}", chars.into_iter().collect::<String>());
    }
    index_name
}

/// The FK constraint name: `_create_index_name` with the suffix `_fk_<to_table>_<to_column>`.
pub fn foreign_key_name(
    table: &str,
    column: &str,
    to_table: &str,
    to_column: &str,
    max_length: usize,
) -> String {
    let (_, to_table) = split_identifier(to_table);
    let suffix = format!("_fk_{to_table}_{to_column}");
    create_index_name(table, &[column], &suffix, max_length)
}

/// The name Django gives a `Meta.indexes` entry without one (`Index.set_name_with_model`):
/// 11 characters of the table, 7 of the first column, a 6-digit digest and `_idx`, so that it
/// fits Oracle's 30 characters on every database. A column prefixed with `-` sorts descending.
pub fn meta_index_name(table: &str, columns: &[&str]) -> String {
    const SUFFIX: &str = "idx";
    let (_, table) = split_identifier(table);
    let mut hash_data = vec![table.as_str()];
    hash_data.extend_from_slice(columns);
    hash_data.push(SUFFIX);
    let first = columns.first().map_or("", |c| c.trim_start_matches('-'));
    let name = format!(
        "{}_{}_{}_{SUFFIX}",
        head(&table, 11),
        head(first, 7),
        names_digest(&hash_data, 6),
    );
    if name.starts_with(|c: char| c == '_' || c.is_ascii_digit()) {
        format!("D{}", name.chars().skip(1).collect::<String>())
    } else {
        name
    }
}

fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// Python's `text[:n]`.
fn head(text: &str, n: usize) -> String {
    text.chars().take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_is_md5_of_the_concatenation() {
        assert_eq!(names_digest(&["blog_post", "author_id"], 8), "dd7a8485");
        assert_eq!(names_digest(&["blog_postauthor_id"], 8), "dd7a8485");
    }

    #[test]
    fn split_identifier_strips_namespace_and_quotes() {
        assert_eq!(
            split_identifier("\"public\".\"auth_user\""),
            ("public".to_string(), "auth_user".to_string())
        );
        assert_eq!(
            split_identifier("auth_user"),
            (String::new(), "auth_user".to_string())
        );
    }

    #[test]
    fn truncate_name_keeps_short_names() {
        assert_eq!(truncate_name("auth_user", Some(63)), "auth_user");
        assert_eq!(truncate_name("auth_user", None), "auth_user");
        let long = "a".repeat(70);
        let cut = truncate_name(&long, Some(63));
        assert_eq!(cut.len(), 63);
        assert_eq!(&cut[..59], &long[..59]);
        assert_eq!(&cut[59..], &names_digest(&[&long], 4));
    }

    #[test]
    fn fk_names_shorten_past_63_characters() {
        // Both names are in DRF-CONTRACT.md §5.1 and §5.4, read from a Django database.
        assert_eq!(
            foreign_key_name("authtoken_token", "user_id", "auth_user", "id", 63),
            "authtoken_token_user_id_35299eff_fk_auth_user_id"
        );
        assert_eq!(
            foreign_key_name(
                "token_blacklist_outstandingtoken",
                "user_id",
                "auth_user",
                "id",
                63
            ),
            "token_blacklist_outs_user_id_83bc629a_fk_auth_user"
        );
    }

    #[test]
    fn like_index_name() {
        assert_eq!(
            create_index_name("auth_user", &["username"], "_like", 63),
            "auth_user_username_6821ab7c_like"
        );
    }

    #[test]
    fn long_names_match_django() {
        // Expected values printed by Django 5.2's own `_create_index_name` with a limit of 63.
        assert_eq!(
            create_index_name(&"9".repeat(80), &["c"], "", 63),
            "D99999999999999999999999999_c_4357dae"
        );
        assert_eq!(
            create_index_name(
                &"x".repeat(40),
                &[&"y".repeat(40), "z"],
                "_fk_other_table_name_id",
                63
            ),
            "xxxxxxxxxxxxxxxxxxxx_yyyyyyyyyyyyyyyyyyyy_3387f326_fk_other_tab"
        );
    }

    #[test]
    fn meta_index_names_follow_set_name_with_model() {
        assert_eq!(
            meta_index_name("catalog_book", &["published_on", "genre"]),
            "catalog_boo_publish_d21f38_idx"
        );
    }
}
