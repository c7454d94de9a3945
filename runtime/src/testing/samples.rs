//! Sample rows and request bodies made from metadata, so a test (and the tests restforge
//! generates for every app) can create any model's objects without knowing its fields: the
//! factory_boy of restforge.
//!
//! Values respect each field's constraints (max_length, choices, min/max, decimal places),
//! unique fields get distinct values, and relations point at sample rows created on the way.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::core::model::{FieldKind, FieldMeta, Model, ModelMeta};
use crate::core::types::{Date, Duration, Time, Uuid};
use crate::core::value::Value;
use crate::db::objects::{WriteError, Writer};
use crate::db::query::Query;
use crate::http::meta::Serializer;

use super::{TestServer, TestUser};

/// Relations followed deeper than this are left empty (null) or fail: a cycle of required
/// relations cannot be sampled.
const MAX_DEPTH: usize = 6;

/// Distinct suffixes for unique values, across every server of the test process.
static COUNTER: AtomicU64 = AtomicU64::new(1);

fn next() -> u64 {
    COUNTER.fetch_add(1, Ordering::Relaxed)
}

/// A value for a plain (non-relation) field, or `None` for files (which need an upload).
fn plain_value(field: &FieldMeta) -> Option<Value> {
    if let Some((value, _)) = field.choices.first() {
        return Some(if field.field_type.is_integer() {
            Value::Int(value.parse().unwrap_or(0))
        } else {
            Value::Text((*value).to_string())
        });
    }
    let n = next();
    let value = match field.field_type {
        FieldKind::Char | FieldKind::Text => Value::Text(fit(&format!("sample {n}"), field)),
        FieldKind::Email => Value::Text(fit(&format!("sample{n}@example.com"), field)),
        FieldKind::Url => Value::Text(fit(&format!("https://example.com/{n}"), field)),
        FieldKind::Slug => Value::Text(fit(&format!("sample-{n}"), field)),
        // TEST-NET-1 (RFC 5737), documentation addresses.
        FieldKind::IpAddress => Value::Text(format!("192.0.2.{}", n % 254 + 1)),
        t if t.is_integer() => {
            let low = field.min_value.unwrap_or(0).max(0);
            let high = field.max_value.unwrap_or(i64::from(i16::MAX));
            let span = (high - low).max(0) + 1;
            let offset = if field.unique {
                n as i64 % span
            } else {
                1.min(span - 1)
            };
            Value::Int(low + offset)
        }
        FieldKind::Boolean => Value::Bool(true),
        FieldKind::Float => Value::Float(1.5),
        FieldKind::Decimal => {
            let places = field.decimal_places.unwrap_or(0) as usize;
            let text = if places == 0 {
                "1".to_string()
            } else {
                format!("1.{}", "0".repeat(places))
            };
            Value::Decimal(text.parse().ok()?)
        }
        FieldKind::Date => Value::Date(Date::from_ymd_opt(2024, 1, 2)?),
        FieldKind::DateTime => Value::DateTime(
            chrono::DateTime::parse_from_rfc3339("2024-01-02T03:04:05Z")
                .ok()?
                .with_timezone(&chrono::Utc),
        ),
        FieldKind::Time => Value::Time(Time::from_hms_opt(10, 11, 0)?),
        FieldKind::Duration => Value::Duration(Duration::hours(1)),
        FieldKind::Uuid => Value::Uuid(Uuid::new_v4()),
        FieldKind::Json => Value::Json(serde_json::json!({ "sample": n })),
        _ => return None,
    };
    Some(value)
}

/// Cuts a sample string to the field's max_length.
fn fit(text: &str, field: &FieldMeta) -> String {
    match field.max_length {
        Some(max) => text
            .chars()
            .rev()
            .take(max as usize)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect(),
        None => text.to_string(),
    }
}

/// A value as a client sends it in a JSON body (DRF's input formats).
fn to_json(value: &Value) -> serde_json::Value {
    use serde_json::json;
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => json!(b),
        Value::Int(i) => json!(i),
        Value::Float(f) => json!(f),
        Value::Text(s) => json!(s),
        Value::Decimal(d) => json!(d.as_str()),
        Value::Date(d) => json!(d.format("%Y-%m-%d").to_string()),
        Value::DateTime(dt) => json!(dt.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        Value::Time(t) => json!(t.format("%H:%M:%S").to_string()),
        Value::Duration(d) => {
            let seconds = d.num_seconds();
            json!(format!(
                "{:02}:{:02}:{:02}",
                seconds / 3600,
                seconds % 3600 / 60,
                seconds % 60
            ))
        }
        Value::Uuid(u) => json!(u.to_string()),
        Value::Json(j) => j.clone(),
    }
}

impl TestServer {
    /// A valid JSON body for creating an object through serializer `S`: every writable field
    /// that a client can send as JSON gets a sample value; relations point at sample rows
    /// (created now) or, for `auth.User`, at `user`.
    pub async fn sample_body<S: Serializer>(&self, user: &TestUser) -> serde_json::Value {
        let mut body = serde_json::Map::new();
        for field in S::meta().fields() {
            if field.read_only {
                continue;
            }
            let meta = field.model_field;
            let value = match meta.field_type {
                FieldKind::ManyToMany => {
                    let target = related(meta);
                    let pk = self.sample_pk(target, user, 1).await;
                    serde_json::Value::Array(vec![to_json(&pk)])
                }
                FieldKind::ForeignKey | FieldKind::OneToOne => {
                    let target = related(meta);
                    to_json(&self.sample_pk(target, user, 1).await)
                }
                _ => match plain_value(meta) {
                    Some(value) => to_json(&value),
                    None => continue,
                },
            };
            body.insert(field.name.to_string(), value);
        }
        serde_json::Value::Object(body)
    }

    /// Creates a sample row of `M` (and of what it needs) and returns its primary key.
    pub async fn create_sample<M: Model>(&self, user: &TestUser) -> Value {
        self.sample_pk(M::meta(), user, 0).await
    }

    /// The primary key of a sample row of `model`: `user` itself for `auth.User`.
    async fn sample_pk(&self, model: &'static ModelMeta, user: &TestUser, depth: usize) -> Value {
        if model.table == "auth_user" {
            return Value::Int(user.id);
        }
        Box::pin(self.insert_sample(model, user, depth)).await
    }

    async fn insert_sample(
        &self,
        model: &'static ModelMeta,
        user: &TestUser,
        depth: usize,
    ) -> Value {
        assert!(
            depth < MAX_DEPTH,
            "cannot sample {}: its required relations form a cycle",
            model.name
        );
        let mut values = Vec::new();
        let mut many_to_many = Vec::new();
        for field in model.fields.iter().filter(|f| f.editable()) {
            match field.field_type {
                FieldKind::ManyToMany => {
                    let pk = Box::pin(self.sample_pk(related(field), user, depth + 1)).await;
                    many_to_many.push((field.name, vec![pk]));
                }
                FieldKind::OneToOne if related(field).table == "auth_user" => {
                    // One row per user: a fresh user, whose post_save receivers may already
                    // have made the row (a profile created with its user).
                    let fresh = self.create_user(&format!("sample{}", next())).await;
                    let existing = Query::new(model)
                        .filter_eq(field.name, Value::Int(fresh.id))
                        .fetch_all(self.db())
                        .await
                        .expect("sample lookup");
                    if let Some(record) = existing.first() {
                        return record.row[0].clone();
                    }
                    values.push((field.name, Value::Int(fresh.id)));
                }
                FieldKind::ForeignKey | FieldKind::OneToOne => {
                    let pk = Box::pin(self.sample_pk(related(field), user, depth + 1)).await;
                    values.push((field.name, pk));
                }
                _ => {
                    if let Some(value) = plain_value(field) {
                        values.push((field.name, value));
                    }
                }
            }
        }
        let writer = Writer::new(self.db(), &self.state.signals);
        match writer.create_with(model, values, many_to_many).await {
            Ok(row) => row[0].clone(),
            Err(WriteError::Unique(fields)) => {
                panic!("sample {} collided on unique {fields:?}", model.name)
            }
            Err(error) => panic!("cannot create a sample {}: {error:?}", model.name),
        }
    }
}

fn related(field: &FieldMeta) -> &'static ModelMeta {
    (field
        .relation
        .as_ref()
        .expect("relation fields carry their target")
        .to)()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::DefaultValue;

    fn field(field_type: FieldKind) -> FieldMeta {
        FieldMeta {
            name: "f",
            column: Some("f"),
            field_type,
            primary_key: false,
            null: false,
            blank: false,
            unique: false,
            db_index: false,
            auto_now: false,
            auto_now_add: false,
            max_length: None,
            max_digits: None,
            decimal_places: None,
            min_value: None,
            max_value: None,
            default: None::<DefaultValue>,
            choices: &[],
            upload_to: None,
            protocol: None,
            verbose_name: "f",
            help_text: None,
            relation: None,
        }
    }

    #[test]
    fn samples_respect_constraints() {
        let mut char_field = field(FieldKind::Char);
        char_field.max_length = Some(4);
        assert!(matches!(plain_value(&char_field), Some(Value::Text(t)) if t.chars().count() <= 4));

        let mut choice = field(FieldKind::Char);
        choice.choices = &[("FI", "Fiction"), ("NF", "Non-fiction")];
        assert_eq!(plain_value(&choice), Some(Value::Text("FI".into())));

        let mut positive = field(FieldKind::PositiveInteger);
        positive.min_value = Some(5);
        positive.max_value = Some(6);
        assert!(matches!(plain_value(&positive), Some(Value::Int(5 | 6))));

        let mut decimal = field(FieldKind::Decimal);
        decimal.decimal_places = Some(2);
        assert_eq!(
            to_json(&plain_value(&decimal).unwrap()),
            serde_json::json!("1.00")
        );

        assert_eq!(plain_value(&field(FieldKind::Image)), None);
        assert_eq!(
            to_json(&Value::Duration(Duration::seconds(3_725))),
            serde_json::json!("01:02:05")
        );
    }
}
