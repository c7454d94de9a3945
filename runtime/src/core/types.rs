//! The Rust types of model fields (the `rust` column of the generator's type table).
//!
//! ```
//! use restforge::prelude::*;
//!
//! let price: Decimal = "12.50".parse().unwrap();
//! assert_eq!(price.to_string(), "12.50");
//! let owner: ForeignKey<restforge::contrib::auth::User> = ForeignKey::new(7);
//! assert_eq!(owner.id, restforge::core::types::Key::Int(7));
//! ```

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use crate::core::value::{FromValue, ToValue, Value, ValueError};

/// A `date` field.
pub type Date = chrono::NaiveDate;
/// A `datetime` field, always UTC (Django's `USE_TZ = True`).
pub type DateTime = chrono::DateTime<chrono::Utc>;
/// A `time` field.
pub type Time = chrono::NaiveTime;
/// A `duration` field.
pub type Duration = chrono::TimeDelta;
/// A `uuid` field.
pub type Uuid = uuid::Uuid;
/// A `json` field.
pub type Json = serde_json::Value;

/// A `decimal` field, kept exact as the fixed-point text Django stores (`"12.50"`).
///
/// Two decimals are equal when their text is: `1.5` and `1.50` differ, as the stored values do.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decimal(String);

impl Decimal {
    /// The decimal text, as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Wraps text that a serializer field has already validated.
    pub(crate) fn from_validated(text: String) -> Self {
        Decimal(text)
    }
}

/// A text that is not a plain decimal number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseDecimalError(String);

impl fmt::Display for ParseDecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a decimal number", self.0)
    }
}

impl std::error::Error for ParseDecimalError {}

impl FromStr for Decimal {
    type Err = ParseDecimalError;

    /// Accepts `[-]digits[.digits]`, the form databases return.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let unsigned = text.strip_prefix('-').unwrap_or(text);
        let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(fraction) || unsigned.ends_with('.') {
            return Err(ParseDecimalError(text.to_string()));
        }
        Ok(Decimal(text.to_string()))
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A `file` or `image` field: the stored name, relative to the media root (`avatars/me.png`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct FieldFile {
    pub name: String,
}

impl FieldFile {
    pub fn new(name: impl Into<String>) -> Self {
        FieldFile { name: name.into() }
    }

    /// The file's URL under `media_url` (`/media/avatars/me.png`), as Django's `FieldFile.url`.
    pub fn url(&self, media_url: &str) -> String {
        format!("{}{}", media_url, self.name)
    }
}

impl ToValue for FieldFile {
    fn to_value(&self) -> Value {
        Value::Text(self.name.clone())
    }
}

impl FromValue for FieldFile {
    fn from_value(value: Value) -> Result<Self, ValueError> {
        String::from_value(value).map(FieldFile::new)
    }
}

/// The primary key a relation holds: restforge models have integer or UUID keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Int(i64),
    Uuid(Uuid),
}

impl From<i64> for Key {
    fn from(id: i64) -> Self {
        Key::Int(id)
    }
}

impl From<i32> for Key {
    fn from(id: i32) -> Self {
        Key::Int(i64::from(id))
    }
}

impl From<Uuid> for Key {
    fn from(id: Uuid) -> Self {
        Key::Uuid(id)
    }
}

impl ToValue for Key {
    fn to_value(&self) -> Value {
        match self {
            Key::Int(id) => Value::Int(*id),
            Key::Uuid(id) => Value::Uuid(*id),
        }
    }
}

impl FromValue for Key {
    fn from_value(value: Value) -> Result<Self, ValueError> {
        match value {
            Value::Int(id) => Ok(Key::Int(id)),
            Value::Uuid(id) => Ok(Key::Uuid(id)),
            other => Err(ValueError::mismatch("a primary key", &other)),
        }
    }
}

// The relation types put no bound on `T`: `T: Model` is required once, by the Model derive,
// at the field's type argument, so a target that is not a model is one error, not one per
// derived trait.

/// Declares a single-valued relation type holding the target's primary key.
macro_rules! relation {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        pub struct $name<T> {
            /// The primary key of the row pointed at (the `<field>_id` column).
            pub id: Key,
            target: PhantomData<fn() -> T>,
        }

        impl<T> $name<T> {
            pub fn new(id: impl Into<Key>) -> Self {
                $name { id: id.into(), target: PhantomData }
            }
        }

        impl<T> Clone for $name<T> {
            fn clone(&self) -> Self {
                $name::new(self.id)
            }
        }

        impl<T> PartialEq for $name<T> {
            fn eq(&self, other: &Self) -> bool {
                self.id == other.id
            }
        }

        impl<T> fmt::Debug for $name<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.id).finish()
            }
        }

        impl<T> ToValue for $name<T> {
            fn to_value(&self) -> Value {
                self.id.to_value()
            }
        }

        impl<T> FromValue for $name<T> {
            fn from_value(value: Value) -> Result<Self, ValueError> {
                Key::from_value(value).map($name::new)
            }
        }
    };
}

relation! {
    /// A `foreign_key` field: many of this model point at one `T`.
    ForeignKey
}

relation! {
    /// A `one_to_one` field: a foreign key that is unique.
    OneToOne
}

/// A `many_to_many` field: the primary keys of the related rows, kept in a join table.
///
/// A row read from its table holds an empty set; the related keys are loaded separately.
pub struct ManyToMany<T> {
    pub ids: Vec<Key>,
    target: PhantomData<fn() -> T>,
}

impl<T> ManyToMany<T> {
    pub fn new(ids: Vec<Key>) -> Self {
        ManyToMany {
            ids,
            target: PhantomData,
        }
    }

    /// The related keys as values, in order.
    pub fn to_values(&self) -> Vec<Value> {
        self.ids.iter().map(ToValue::to_value).collect()
    }

    /// Reads related keys from values.
    pub fn from_values(values: Vec<Value>) -> Result<Self, ValueError> {
        values
            .into_iter()
            .map(Key::from_value)
            .collect::<Result<_, _>>()
            .map(ManyToMany::new)
    }
}

impl<T> Default for ManyToMany<T> {
    fn default() -> Self {
        ManyToMany::new(Vec::new())
    }
}

impl<T> Clone for ManyToMany<T> {
    fn clone(&self) -> Self {
        ManyToMany::new(self.ids.clone())
    }
}

impl<T> PartialEq for ManyToMany<T> {
    fn eq(&self, other: &Self) -> bool {
        self.ids == other.ids
    }
}

impl<T> fmt::Debug for ManyToMany<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ManyToMany").field(&self.ids).finish()
    }
}

/// UTC now at microsecond precision, as Django stores datetimes.
pub fn now() -> DateTime {
    let now = chrono::Utc::now();
    let micros = now.timestamp_micros();
    chrono::DateTime::from_timestamp_micros(micros).unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_keep_their_text() {
        assert_eq!("-0.50".parse::<Decimal>().unwrap().as_str(), "-0.50");
        for bad in ["", "1.", ".5", "1e3", "1,5", "--1"] {
            assert!(bad.parse::<Decimal>().is_err(), "{bad}");
        }
    }

    #[test]
    fn file_urls_join_the_media_url() {
        assert_eq!(
            FieldFile::new("avatars/a.png").url("/media/"),
            "/media/avatars/a.png"
        );
    }
}
