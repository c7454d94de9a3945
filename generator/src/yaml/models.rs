//! `models:` — models and their fields.

use marked_yaml::Node;

use super::reader::{self, MapReader};
use crate::diagnostics::{Ctxt, Diagnostic};
use crate::spec::{
    AutoField, Choice, DefaultValue, Field, FieldKind, Index, IpProtocol, Located, Model, ModelRef,
    OnDelete, Relation,
};

pub(super) fn read_model(
    cx: &Ctxt,
    name: Located<String>,
    path: &str,
    node: &Node,
) -> Option<Model> {
    let mut map = MapReader::new(cx, node, path, name.origin)?;
    let doc = map.optional_str("doc").map(|doc| doc.value);
    let db_table = map.optional_str("db_table");
    let primary_key = map.optional_word("primary_key", "primary key kind", &AutoField::ALL);
    let fields = map
        .entries("fields")
        .into_iter()
        .filter_map(|(field, path, node)| read_field(cx, field, &path, node))
        .collect();
    let ordering = map.string_list("ordering");
    let verbose_name = map.optional_str("verbose_name");
    let verbose_name_plural = map.optional_str("verbose_name_plural");
    let unique_together = map
        .node("unique_together")
        .and_then(|node| reader::list(cx, node, &map.key_path("unique_together")))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(path, item)| reader::string_list(cx, item, &path))
        .collect();
    let indexes = map
        .node("indexes")
        .and_then(|node| reader::list(cx, node, &map.key_path("indexes")))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(path, item)| read_index(cx, &path, item))
        .collect();
    let display = map.optional_str("display");
    let renamed_from = map.optional_str("renamed_from");
    map.finish();
    Some(Model {
        origin: name.origin,
        name,
        doc,
        db_table,
        primary_key,
        fields,
        ordering,
        verbose_name,
        verbose_name_plural,
        unique_together,
        indexes,
        display,
        renamed_from,
    })
}

fn read_index(cx: &Ctxt, path: &str, node: &Node) -> Option<Index> {
    let origin = reader::origin(node);
    let mut map = MapReader::new(cx, node, path, origin)?;
    let fields = map.optional_string_list("fields");
    if fields.is_none() {
        map.missing("fields");
    }
    let name = map.optional_str("name");
    map.finish();
    Some(Index {
        fields: fields?,
        name,
        origin,
    })
}

fn read_field(cx: &Ctxt, name: Located<String>, path: &str, node: &Node) -> Option<Field> {
    let mut map = MapReader::new(cx, node, path, name.origin)?;
    let kind = map.required_word("type", "field type", FieldKind::spec_words());
    let to = map.optional_str("to");
    let on_delete = map.optional_word("on_delete", "on_delete rule", &OnDelete::ALL);
    let related_name = map.optional_str("related_name");
    let max_length = map.optional_u32("max_length");
    let null = map.bool_or("null", false);
    let blank = map.bool_or("blank", false);
    // `default: null` is a value, unlike an empty `doc:`.
    let default = map
        .node_or_null("default")
        .and_then(|node| default_value(cx, node, &map.key_path("default")));
    let unique = map.bool_or("unique", false);
    let db_index = map.bool_or("db_index", false);
    let choices = map
        .node("choices")
        .and_then(|node| read_choices(cx, node, &map.key_path("choices")))
        .unwrap_or_default();
    let auto_now = map.bool_or("auto_now", false);
    let auto_now_add = map.bool_or("auto_now_add", false);
    let verbose_name = map.optional_str("verbose_name");
    let help_text = map.optional_str("help_text");
    let upload_to = map.optional_str("upload_to");
    let protocol =
        map.optional_str("protocol")
            .and_then(|text| match IpProtocol::parse(&text.value) {
                Some(protocol) => Some(Located::new(protocol, text.origin)),
                None => {
                    cx.error(
                        text.origin,
                        map.key_path("protocol"),
                        format!(
                            "unknown protocol `{}`; use `both`, `IPv4` or `IPv6`",
                            text.value
                        ),
                    );
                    None
                }
            });
    let min_value = map.optional_i64("min_value");
    let max_value = map.optional_i64("max_value");
    let max_digits = map.optional_u32("max_digits");
    let decimal_places = map.optional_u32("decimal_places");
    let db_column = map.optional_str("db_column");
    let renamed_from = map.optional_str("renamed_from");
    let kind = kind?;

    // Without `to` there is no relation to hang these on; a relation kind missing `to` is
    // reported by the checks, anything else is reported here.
    if to.is_none() && !kind.value.is_relation() {
        for key in ["on_delete", "related_name"] {
            if let Some(origin) = map.key_origin(key) {
                cx.error(
                    origin,
                    map.key_path(key),
                    format!(
                        "`{key}` only applies to relation fields, not to a `{}` field",
                        kind.value.name()
                    ),
                );
            }
        }
    }
    map.finish();

    let origin = name.origin;
    let mut field = Field::new(name, kind, origin);
    field.relation = to.map(|to| Relation {
        to: Located::new(ModelRef::parse(&to.value), to.origin),
        on_delete,
        related_name,
    });
    field.max_length = max_length;
    field.null = null;
    field.blank = blank;
    field.default = default;
    field.unique = unique;
    field.db_index = db_index;
    field.choices = choices;
    field.auto_now = auto_now;
    field.auto_now_add = auto_now_add;
    field.verbose_name = verbose_name;
    field.help_text = help_text;
    field.upload_to = upload_to;
    field.protocol = protocol;
    field.min_value = min_value;
    field.max_value = max_value;
    field.max_digits = max_digits;
    field.decimal_places = decimal_places;
    field.db_column = db_column;
    field.renamed_from = renamed_from;
    Some(field)
}

/// `null`, `true`, `3`, `2.5`, a callable (`uuid4`, `now`, unquoted) or a string; quoted
/// values are always strings.
fn default_value(cx: &Ctxt, node: &Node, path: &str) -> Option<Located<DefaultValue>> {
    let origin = reader::origin(node);
    let Node::Scalar(scalar) = node else {
        cx.error(
            origin,
            path,
            format!(
                "expected a single value (null, a boolean, a number or a string), found {}",
                reader::describe(node)
            ),
        );
        return None;
    };
    let value = if reader::is_null(scalar) {
        DefaultValue::Null
    } else if let Some(value) = scalar.as_bool() {
        DefaultValue::Bool(value)
    } else if let Some(callable) =
        DefaultValue::callable(scalar.as_str()).filter(|_| scalar.may_coerce())
    {
        callable
    } else if let Some(value) = scalar.as_i64() {
        DefaultValue::Int(value)
    } else if let Some(value) = scalar
        .as_f64()
        .filter(|_| looks_like_a_number(scalar.as_str()))
    {
        DefaultValue::Float(value)
    } else {
        DefaultValue::String(scalar.as_str().to_string())
    };
    Some(Located::new(value, origin))
}

/// Rust's float parser also takes `inf` and `NaN`; in a spec those are words.
fn looks_like_a_number(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
}

/// `- [value, label]` pairs; values may be strings or numbers.
fn read_choices(cx: &Ctxt, node: &Node, path: &str) -> Option<Vec<Choice>> {
    let items = reader::list(cx, node, path)?;
    Some(
        items
            .into_iter()
            .filter_map(|(path, item)| match item {
                Node::Sequence(pair) if pair.len() == 2 => {
                    let value = reader::string(cx, &pair[0], &format!("{path}[0]"))?;
                    let label = reader::string(cx, &pair[1], &format!("{path}[1]"))?;
                    Some(Choice { value, label })
                }
                _ => {
                    cx.push(
                        Diagnostic::new(
                            reader::origin(item),
                            path,
                            format!(
                                "expected a `[value, label]` pair, found {}",
                                reader::describe(item)
                            ),
                        )
                        .with_hint(Some("write each choice as `- [FI, Fiction]`".into())),
                    );
                    None
                }
            })
            .collect(),
    )
}
