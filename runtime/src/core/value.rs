//! [`Value`]: one database value, the currency between model structs, SQL rows and JSON.
//!
//! Every field type converts both ways with [`ToValue`] and [`FromValue`], so the runtime can
//! read and write any model generically from its [`ModelMeta`](crate::core::model::ModelMeta).
//!
//! ```
//! use restforge::core::value::{FromValue, ToValue, Value};
//!
//! assert_eq!(Some(3_i32).to_value(), Value::Int(3));
//! assert_eq!(Option::<i32>::from_value(Value::Null), Ok(None));
//! assert!(i16::from_value(Value::Int(70_000)).is_err());
//! ```

use std::fmt;

use crate::core::types::{Date, DateTime, Decimal, Duration, Json, Time, Uuid};

/// One value of a column.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// SQL `NULL`.
    Null,
    Bool(bool),
    /// Every integer kind, widened.
    Int(i64),
    Float(f64),
    /// char, text, email, url, slug, and a file's stored name.
    Text(String),
    Decimal(Decimal),
    Date(Date),
    DateTime(DateTime),
    Time(Time),
    Duration(Duration),
    Uuid(Uuid),
    Json(Json),
}

impl Value {
    /// The variant's name, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) => "integer",
            Value::Float(_) => "float",
            Value::Text(_) => "text",
            Value::Decimal(_) => "decimal",
            Value::Date(_) => "date",
            Value::DateTime(_) => "datetime",
            Value::Time(_) => "time",
            Value::Duration(_) => "duration",
            Value::Uuid(_) => "uuid",
            Value::Json(_) => "json",
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

/// A value that does not fit the Rust type it is read into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    /// The model field, once known.
    pub field: Option<&'static str>,
    pub message: String,
}

impl ValueError {
    /// `expected <what>, found <value kind>`.
    pub fn mismatch(expected: &str, found: &Value) -> Self {
        ValueError {
            field: None,
            message: format!("expected {expected}, found {}", found.kind()),
        }
    }

    /// A row with the wrong number of values for its model.
    pub fn row_length(expected: usize, found: usize) -> Self {
        ValueError {
            field: None,
            message: format!("expected a row of {expected} values, found {found}"),
        }
    }

    /// A field name the model does not have (or that is not of the kind asked for).
    pub fn unknown_field(name: &str) -> Self {
        ValueError {
            field: None,
            message: format!("no such field `{name}`"),
        }
    }

    /// The same error, naming the field it happened in.
    pub fn in_field(mut self, field: &'static str) -> Self {
        self.field = Some(field);
        self
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.field {
            Some(field) => write!(f, "field `{field}`: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ValueError {}

/// Converts a field's Rust value into a [`Value`].
pub trait ToValue {
    fn to_value(&self) -> Value;
}

/// Reads a field's Rust value back from a [`Value`].
pub trait FromValue: Sized {
    fn from_value(value: Value) -> Result<Self, ValueError>;
}

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_owned())
    }
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: Value) -> Result<Self, ValueError> {
        match value {
            Value::Null => Ok(None),
            value => T::from_value(value).map(Some),
        }
    }
}

/// Implements both traits for a type held by one variant as is.
macro_rules! direct {
    ($($ty:ty => $variant:ident, $what:literal;)*) => {$(
        impl ToValue for $ty {
            fn to_value(&self) -> Value {
                Value::$variant(self.clone())
            }
        }

        impl FromValue for $ty {
            fn from_value(value: Value) -> Result<Self, ValueError> {
                match value {
                    Value::$variant(v) => Ok(v),
                    other => Err(ValueError::mismatch($what, &other)),
                }
            }
        }
    )*};
}

direct! {
    bool => Bool, "a boolean";
    String => Text, "text";
    Decimal => Decimal, "a decimal";
    Date => Date, "a date";
    DateTime => DateTime, "a datetime";
    Time => Time, "a time";
    Duration => Duration, "a duration";
    Uuid => Uuid, "a UUID";
    Json => Json, "JSON";
}

/// Integers are stored as `i64` and range-checked on the way back.
macro_rules! integer {
    ($($ty:ty),*) => {$(
        impl ToValue for $ty {
            fn to_value(&self) -> Value {
                Value::Int(i64::from(*self))
            }
        }

        impl FromValue for $ty {
            fn from_value(value: Value) -> Result<Self, ValueError> {
                match value {
                    Value::Int(v) => <$ty>::try_from(v).map_err(|_| ValueError {
                        field: None,
                        message: format!("{v} is out of range for {}", stringify!($ty)),
                    }),
                    other => Err(ValueError::mismatch("an integer", &other)),
                }
            }
        }
    )*};
}

integer!(i16, i32, i64, u32);

impl ToValue for f64 {
    fn to_value(&self) -> Value {
        Value::Float(*self)
    }
}

impl FromValue for f64 {
    fn from_value(value: Value) -> Result<Self, ValueError> {
        match value {
            Value::Float(v) => Ok(v),
            // SQLite returns a REAL column holding a whole number as an integer.
            Value::Int(v) => Ok(v as f64),
            other => Err(ValueError::mismatch("a float", &other)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_round_trip_and_are_range_checked() {
        assert_eq!(i32::from_value(7_i32.to_value()), Ok(7));
        assert_eq!(
            u32::from_value(Value::Int(-1)).unwrap_err().message,
            "-1 is out of range for u32"
        );
        assert_eq!(
            i64::from_value(Value::Text("x".into()))
                .unwrap_err()
                .message,
            "expected an integer, found text"
        );
    }

    #[test]
    fn option_is_null() {
        assert_eq!(Option::<String>::None.to_value(), Value::Null);
        assert_eq!(
            Option::<String>::from_value(Value::Text("a".into())),
            Ok(Some("a".into()))
        );
    }
}
