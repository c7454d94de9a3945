//! OPTIONS bodies: DRF's `SimpleMetadata` (DRF-CONTRACT §3.2).
//!
//! ```
//! use restforge::http::metadata::options_body;
//!
//! let body = options_body("Api Root", None);
//! assert_eq!(
//!     body.to_string(),
//!     r#"{"name":"Api Root","description":"","renders":["application/json","text/html"],"parses":["application/json","application/x-www-form-urlencoded","multipart/form-data"]}"#
//! );
//! ```

use serde_json::{Map, Value as Json};

use crate::core::model::FieldKind;
use crate::db::Dialect;
use crate::http::fields::{ChoiceValue, FieldClass, Limit};
use crate::http::meta::{SerializerField, SerializerMeta, Slot};

/// The media types the views render.
pub const RENDERS: [&str; 2] = ["application/json", "text/html"];

/// The media types the views parse.
pub const PARSES: [&str; 3] = [
    "application/json",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
];

/// The OPTIONS body of a view without a description (the API root, `obtain_auth_token`):
/// `name`, `description` `""`, `renders`, `parses`, then `actions` when the user may POST or
/// PUT.
pub fn options_body(name: &str, actions: Option<(&str, Map<String, Json>)>) -> Json {
    options_body_described(name, "", actions)
}

/// The OPTIONS body with the view's description (its doc comment, as DRF shows the class's
/// docstring).
pub fn options_body_described(
    name: &str,
    description: &str,
    actions: Option<(&str, Map<String, Json>)>,
) -> Json {
    let mut body = Map::new();
    body.insert("name".into(), name.into());
    body.insert("description".into(), description.into());
    body.insert("renders".into(), RENDERS.to_vec().into());
    body.insert("parses".into(), PARSES.to_vec().into());
    if let Some((method, info)) = actions {
        let mut actions = Map::new();
        actions.insert(method.to_owned(), Json::Object(info));
        body.insert("actions".into(), Json::Object(actions));
    }
    Json::Object(body)
}

/// `get_serializer_info`: every field (read-only ones too; write-only ones too), in order,
/// with the integer limits of `dialect` ([`crate::http::serializer::fields`]).
pub fn serializer_info(meta: &SerializerMeta, dialect: Dialect) -> Map<String, Json> {
    meta.slots(crate::http::serializer::fields(meta, dialect))
        .iter()
        .map(|slot| match slot {
            Slot::Model(field) => (field.name.to_owned(), Json::Object(field_info(field))),
            Slot::Method(name) => (name.to_string(), Json::Object(method_field_info(name))),
        })
        .collect()
}

/// A `SerializerMethodField`: read-only, of no type DRF's table names, labelled from its name
/// as DRF's `Field.bind` does, with Python's `str.capitalize` (`comment_count` → `Comment
/// count`).
fn method_field_info(name: &str) -> Map<String, Json> {
    let mut info = Map::new();
    info.insert("type".into(), "field".into());
    info.insert("required".into(), false.into());
    info.insert("read_only".into(), true.into());
    let label = name.replace('_', " ");
    let mut chars = label.chars();
    let label: String = match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    };
    info.insert("label".into(), label.into());
    info
}

/// DRF's metadata type name for a field.
fn type_name(field: &SerializerField) -> &'static str {
    let meta = field.model_field;
    if field.string_related {
        return "field";
    }
    match meta.field_type {
        FieldKind::File => return "file upload",
        FieldKind::Image => return "image upload",
        // PrimaryKeyRelatedField and ManyRelatedField are not in SimpleMetadata's table.
        t if t.is_relation() => return "field",
        _ => {}
    }
    match field.field.as_ref().map(|f| &f.kind) {
        Some(FieldClass::Char) => "string",
        Some(FieldClass::Email) => "email",
        Some(FieldClass::Url) => "url",
        Some(FieldClass::Slug) => "slug",
        Some(FieldClass::Integer) => "integer",
        Some(FieldClass::Float) => "float",
        Some(FieldClass::Decimal { .. }) => "decimal",
        Some(FieldClass::Boolean) => "boolean",
        Some(FieldClass::DateTime) => "datetime",
        Some(FieldClass::Date) => "date",
        Some(FieldClass::Time) => "time",
        Some(FieldClass::Duration) => "duration",
        // IPAddressField is a CharField to SimpleMetadata.
        Some(FieldClass::Uuid | FieldClass::IpAddress(_)) => "string",
        Some(FieldClass::Choice(_)) => "choice",
        Some(FieldClass::Json) | None => "field",
    }
}

fn limit_json(limit: Limit) -> Json {
    match limit {
        Limit::Int(n) => Json::from(n),
        Limit::Float(f) => serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number),
    }
}

/// `get_field_info`: `type`, `required`, `read_only`, `label`, then the limits that are set,
/// then `choices` for writable choice fields. Read-only fields carry no limits (DRF drops
/// them with `read_only_fields`, and non-editable model fields never had them).
pub fn field_info(field: &SerializerField) -> Map<String, Json> {
    let mut info = Map::new();
    info.insert("type".into(), type_name(field).into());
    info.insert("required".into(), field.required.into());
    info.insert("read_only".into(), field.read_only.into());
    if !field.label.is_empty() {
        info.insert("label".into(), field.label.clone().into());
    }
    if let Some(help) = field.help_text {
        info.insert("help_text".into(), help.into());
    }
    if field.read_only {
        return info;
    }
    let meta = field.model_field;
    if matches!(meta.field_type, FieldKind::File | FieldKind::Image) {
        let max = meta
            .max_length
            .unwrap_or(crate::http::media::DEFAULT_MAX_LENGTH);
        info.insert("max_length".into(), max.into());
        return info;
    }
    let Some(inner) = &field.field else {
        return info;
    };
    let options = &inner.options;
    // ModelSerializer builds a ChoiceField with only the generic options: no limits.
    let choice = matches!(inner.kind, FieldClass::Choice(_));
    if let Some(min) = options.min_length.filter(|_| !choice) {
        info.insert("min_length".into(), min.into());
    }
    if let Some(max) = options.max_length.filter(|_| !choice) {
        info.insert("max_length".into(), max.into());
    }
    if let Some(min) = options.min_value {
        info.insert("min_value".into(), limit_json(min));
    }
    if let Some(max) = options.max_value {
        info.insert("max_value".into(), limit_json(max));
    }
    if let FieldClass::Decimal {
        max_digits,
        decimal_places,
    } = inner.kind
    {
        if let Some(digits) = max_digits {
            info.insert("max_digits".into(), digits.into());
        }
        if let Some(places) = decimal_places {
            info.insert("decimal_places".into(), places.into());
        }
    }
    if let FieldClass::Choice(choices) = &inner.kind {
        let list = choices
            .iter()
            .map(|choice| {
                let value = match &choice.value {
                    ChoiceValue::Str(s) => Json::String(s.clone()),
                    ChoiceValue::Int(n) => Json::from(*n),
                };
                let mut entry = Map::new();
                entry.insert("value".into(), value);
                entry.insert("display_name".into(), choice.label.clone().into());
                Json::Object(entry)
            })
            .collect();
        info.insert("choices".into(), Json::Array(list));
    }
    info
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::meta::FieldSelection;
    use crate::prelude::{DateTime, Decimal, FieldFile, Model};

    #[derive(Debug, Clone, PartialEq, Model)]
    #[restforge(app = "blog")]
    struct Post {
        id: i64,
        #[restforge(max_length = 10)]
        title: String,
        #[restforge(max_length = 2, default = "a", choices(("a", "Alpha"), ("b", "Beta")))]
        kind: String,
        #[restforge(auto_now_add)]
        created: DateTime,
        #[restforge(max_digits = 5, decimal_places = 2)]
        price: Decimal,
        #[restforge(image, null, blank, upload_to = "p/")]
        picture: Option<FieldFile>,
    }

    static SERIALIZER: SerializerMeta = SerializerMeta {
        name: "PostSerializer",
        model: <Post as Model>::meta,
        fields: FieldSelection::All,
        read_only: &[],
        write_only: &[],
        string_related: &[],
        extra: &[],
        method_fields: &[],
        method_field: None,
        hooks: &NoHooks,
    };

    /// DRF's serializer hooks.
    struct NoHooks;

    impl crate::http::serializer::SerializerHooks for NoHooks {}

    #[test]
    fn drf_field_info() {
        let info = Json::Object(serializer_info(&SERIALIZER, Dialect::Sqlite)).to_string();
        assert_eq!(
            info,
            concat!(
                r#"{"id":{"type":"integer","required":false,"read_only":true,"label":"ID"},"#,
                r#""title":{"type":"string","required":true,"read_only":false,"label":"Title","max_length":10},"#,
                r#""kind":{"type":"choice","required":false,"read_only":false,"label":"Kind","choices":[{"value":"a","display_name":"Alpha"},{"value":"b","display_name":"Beta"}]},"#,
                r#""created":{"type":"datetime","required":false,"read_only":true,"label":"Created"},"#,
                r#""price":{"type":"decimal","required":true,"read_only":false,"label":"Price","max_digits":5,"decimal_places":2},"#,
                r#""picture":{"type":"image upload","required":false,"read_only":false,"label":"Picture","max_length":100}}"#
            )
        );
    }

    #[derive(Debug, Clone, PartialEq, Model)]
    #[restforge(app = "blog")]
    struct Counter {
        id: i64,
        hits: i32,
        total: i64,
        #[restforge(min_value = 1)]
        level: i16,
        #[restforge(choices((1, "One"), (2, "Two")), default = 1)]
        grade: i32,
    }

    static COUNTERS: SerializerMeta = SerializerMeta {
        name: "CounterSerializer",
        model: <Counter as Model>::meta,
        fields: FieldSelection::Only(&["hits", "total", "level", "grade"]),
        read_only: &[],
        write_only: &[],
        string_related: &[],
        extra: &[],
        method_fields: &[],
        method_field: None,
        hooks: &NoHooks,
    };

    /// Regression: OPTIONS left out the min/max Django takes from the database's integer
    /// range (DRF-CONTRACT §1.2, last row); a field's own limit wins over the range, and a
    /// choice field has none.
    #[test]
    fn integer_fields_report_the_database_range() {
        let limits = |dialect| {
            serializer_info(&COUNTERS, dialect)
                .into_iter()
                .map(|(name, info)| {
                    (
                        name,
                        info.get("min_value").cloned(),
                        info.get("max_value").cloned(),
                    )
                })
                .map(|(name, min, max)| format!("{name}:{min:?}..{max:?}"))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            limits(Dialect::Postgres),
            [
                "hits:Some(Number(-2147483648))..Some(Number(2147483647))",
                "total:Some(Number(-9223372036854775808))..Some(Number(9223372036854775807))",
                "level:Some(Number(1))..Some(Number(32767))",
                "grade:None..None",
            ]
        );
        assert_eq!(
            limits(Dialect::Sqlite),
            [
                "hits:Some(Number(-9223372036854775808))..Some(Number(9223372036854775807))",
                "total:Some(Number(-9223372036854775808))..Some(Number(9223372036854775807))",
                "level:Some(Number(1))..Some(Number(9223372036854775807))",
                "grade:None..None",
            ]
        );
    }
}
