//! Django's model field classes: the one table of field kinds.
//!
//! The generator reads a spec's `type:` words and writes Rust types from it, the derive macros
//! infer kinds from Rust types and name them in `FieldMeta`, and the runtime stores, parses and
//! renders values by kind. A new kind is a variant, a row of [`KINDS`], its SQL type per
//! dialect (the generator's migrations) and its parse and render code (the runtime's database
//! binding and serializer field).

use std::sync::LazyLock;

/// Django's model field classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// `AutoField`, a 32-bit primary key.
    Auto,
    /// `BigAutoField`, a 64-bit primary key.
    BigAuto,
    Char,
    Text,
    Integer,
    BigInteger,
    SmallInteger,
    PositiveInteger,
    Boolean,
    Float,
    Decimal,
    Date,
    DateTime,
    Time,
    Duration,
    Email,
    Url,
    Slug,
    /// `GenericIPAddressField`: an IPv4 or IPv6 address (see [`IpProtocol`]).
    IpAddress,
    Uuid,
    Json,
    File,
    Image,
    ForeignKey,
    OneToOne,
    ManyToMany,
}

/// What restforge knows of one field kind.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    pub kind: FieldKind,
    /// The spec's `type:` word and the derive's flag (`ip_address`); `None` for the implicit
    /// primary keys, which a spec does not write.
    pub spec_name: Option<&'static str>,
    /// Django's class (`GenericIPAddressField`), for messages and documentation.
    pub django_class: &'static str,
    /// The Rust type of a struct field of this kind, as `restforge::prelude` names it.
    pub rust_type: &'static str,
    /// Whether the Rust type alone identifies the kind. When it does not (several kinds share
    /// `String`), a struct field states the kind as a flag: `#[restforge(email)]`.
    pub implied_by_type: bool,
    /// Django's implicit `max_length`, for kinds that have one.
    pub default_max_length: Option<u32>,
    /// Whether Django indexes the column without `db_index`.
    pub implicit_index: bool,
}

macro_rules! kinds {
    ($($kind:ident, $spec:expr, $class:literal, $rust:literal, $implied:literal, $max:expr, $index:literal;)*) => {
        /// Every kind, in documentation order (the order of `docs/spec.md`).
        pub const KINDS: &[Kind] = &[
            $(Kind {
                kind: FieldKind::$kind,
                spec_name: $spec,
                django_class: $class,
                rust_type: $rust,
                implied_by_type: $implied,
                default_max_length: $max,
                implicit_index: $index,
            },)*
        ];
    };
}

#[rustfmt::skip] // a table reads best one row a line
kinds! {
//  kind             spec word                  Django class                 Rust type     implied max_length index
    Auto,            None,                      "AutoField",                 "i32",        false, None,      false;
    BigAuto,         None,                      "BigAutoField",              "i64",        false, None,      false;
    Char,            Some("char"),              "CharField",                 "String",     true,  None,      false;
    Text,            Some("text"),              "TextField",                 "String",     true,  None,      false;
    Integer,         Some("integer"),           "IntegerField",              "i32",        true,  None,      false;
    BigInteger,      Some("big_integer"),       "BigIntegerField",           "i64",        true,  None,      false;
    SmallInteger,    Some("small_integer"),     "SmallIntegerField",         "i16",        true,  None,      false;
    PositiveInteger, Some("positive_integer"),  "PositiveIntegerField",      "u32",        true,  None,      false;
    Boolean,         Some("boolean"),           "BooleanField",              "bool",       true,  None,      false;
    Float,           Some("float"),             "FloatField",                "f64",        true,  None,      false;
    Decimal,         Some("decimal"),           "DecimalField",              "Decimal",    true,  None,      false;
    Date,            Some("date"),              "DateField",                 "Date",       true,  None,      false;
    DateTime,        Some("datetime"),          "DateTimeField",             "DateTime",   true,  None,      false;
    Time,            Some("time"),              "TimeField",                 "Time",       true,  None,      false;
    Duration,        Some("duration"),          "DurationField",             "Duration",   true,  None,      false;
    Email,           Some("email"),             "EmailField",                "String",     false, Some(254), false;
    Url,             Some("url"),               "URLField",                  "String",     false, Some(200), false;
    Slug,            Some("slug"),              "SlugField",                 "String",     false, Some(50),  true;
    IpAddress,       Some("ip_address"),        "GenericIPAddressField",     "String",     false, Some(39),  false;
    Uuid,            Some("uuid"),              "UUIDField",                 "Uuid",       true,  None,      false;
    Json,            Some("json"),              "JSONField",                 "Json",       true,  None,      false;
    File,            Some("file"),              "FileField",                 "FieldFile",  false, Some(100), false;
    Image,           Some("image"),             "ImageField",                "FieldFile",  false, Some(100), false;
    ForeignKey,      Some("foreign_key"),       "ForeignKey",                "ForeignKey", true,  None,      true;
    OneToOne,        Some("one_to_one"),        "OneToOneField",             "OneToOne",   true,  None,      true;
    ManyToMany,      Some("many_to_many"),      "ManyToManyField",           "ManyToMany", true,  None,      false;
}

impl FieldKind {
    /// Its row of [`KINDS`].
    pub fn info(self) -> &'static Kind {
        KINDS
            .iter()
            .find(|row| row.kind == self)
            .expect("every kind has a row")
    }

    /// The kind a spec's `type:` word names.
    pub fn parse(word: &str) -> Option<FieldKind> {
        KINDS
            .iter()
            .find(|row| row.spec_name == Some(word))
            .map(|row| row.kind)
    }

    /// The spec's word (`foreign_key`); Django's class for the implicit keys.
    pub fn name(self) -> &'static str {
        let info = self.info();
        info.spec_name.unwrap_or(info.django_class)
    }

    /// Every kind a spec may write, with its word, in documentation order.
    pub fn spec_words() -> &'static [(&'static str, FieldKind)] {
        static WORDS: LazyLock<Vec<(&'static str, FieldKind)>> = LazyLock::new(|| {
            KINDS
                .iter()
                .filter_map(|row| row.spec_name.map(|name| (name, row.kind)))
                .collect()
        });
        &WORDS
    }

    /// The words a struct field of a derive writes as a flag (`#[restforge(email)]`): the
    /// kinds whose Rust type several kinds share (`String`, `FieldFile`).
    pub fn flag_words() -> &'static [&'static str] {
        static WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
            let spec_kinds = || KINDS.iter().filter(|row| row.spec_name.is_some());
            spec_kinds()
                .filter(|row| {
                    spec_kinds()
                        .any(|other| other.kind != row.kind && other.rust_type == row.rust_type)
                })
                .filter_map(|row| row.spec_name)
                .collect()
        });
        &WORDS
    }

    /// Django's implicit `max_length`, for kinds that have one.
    pub fn default_max_length(self) -> Option<u32> {
        self.info().default_max_length
    }

    pub fn is_relation(self) -> bool {
        matches!(
            self,
            FieldKind::ForeignKey | FieldKind::OneToOne | FieldKind::ManyToMany
        )
    }

    /// Whether the field is stored as a column of its model's table (not a join table).
    pub fn has_column(self) -> bool {
        self != FieldKind::ManyToMany
    }

    pub fn is_integer(self) -> bool {
        matches!(
            self,
            FieldKind::Auto
                | FieldKind::BigAuto
                | FieldKind::Integer
                | FieldKind::BigInteger
                | FieldKind::SmallInteger
                | FieldKind::PositiveInteger
        )
    }

    /// Django's `CharField` and its subclasses, and `TextField`: text where `blank` means the
    /// empty string and `max_length` applies.
    pub fn is_string(self) -> bool {
        matches!(
            self,
            FieldKind::Char | FieldKind::Text | FieldKind::Email | FieldKind::Url | FieldKind::Slug
        )
    }

    pub fn is_file(self) -> bool {
        matches!(self, FieldKind::File | FieldKind::Image)
    }

    pub fn is_temporal(self) -> bool {
        matches!(
            self,
            FieldKind::Date | FieldKind::DateTime | FieldKind::Time
        )
    }
}

/// DRF's `ModelSerializer.get_default_field_names` (`fields = '__all__'`, and `exclude` before
/// it removes names): the declared fields first, then the model's non-relational fields in
/// model order, then its forward relations — foreign keys and one-to-ones in model order, then
/// many-to-many. `fields` are the model's fields other than the primary key, which DRF puts
/// before all of them; `declared` names that are not fields of the model are skipped.
///
/// ```
/// use restforge_core::kind::{FieldKind, default_field_order};
///
/// let fields = [
///     ("venue", FieldKind::ForeignKey),
///     ("tags", FieldKind::ManyToMany),
///     ("title", FieldKind::Char),
///     ("owner", FieldKind::ForeignKey),
/// ];
/// assert_eq!(default_field_order(&fields, &["owner"]), [3, 2, 0, 1]);
/// ```
pub fn default_field_order(fields: &[(&str, FieldKind)], declared: &[&str]) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::with_capacity(fields.len());
    let declared = declared
        .iter()
        .filter_map(|name| fields.iter().position(|(field, _)| field == name));
    let of_kind =
        |keep: fn(FieldKind) -> bool| (0..fields.len()).filter(move |&i| keep(fields[i].1));
    let plain = of_kind(|kind| !kind.is_relation());
    let forward = of_kind(|kind| matches!(kind, FieldKind::ForeignKey | FieldKind::OneToOne));
    let many = of_kind(|kind| kind == FieldKind::ManyToMany);
    for i in declared.chain(plain).chain(forward).chain(many) {
        if !order.contains(&i) {
            order.push(i);
        }
    }
    order
}

/// `GenericIPAddressField(protocol=…)`: which addresses a field accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum IpProtocol {
    /// `"both"`, Django's default.
    #[default]
    Both,
    IPv4,
    IPv6,
}

impl IpProtocol {
    /// The spelling Django's documentation uses (`both`, `IPv4`, `IPv6`); Django compares it
    /// case-insensitively, and so does [`IpProtocol::parse`].
    pub const ALL: [(&'static str, IpProtocol); 3] = [
        ("both", IpProtocol::Both),
        ("IPv4", IpProtocol::IPv4),
        ("IPv6", IpProtocol::IPv6),
    ];

    pub fn parse(text: &str) -> Option<IpProtocol> {
        IpProtocol::ALL
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(text))
            .map(|(_, protocol)| *protocol)
    }

    pub fn name(self) -> &'static str {
        IpProtocol::ALL
            .iter()
            .find(|(_, protocol)| *protocol == self)
            .map(|(name, _)| *name)
            .expect("every protocol is listed")
    }
}

/// What happens to a row when the row it points at is deleted. Django carries this out in
/// the application, not in the DDL; so does the runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnDelete {
    Cascade,
    Protect,
    Restrict,
    SetNull,
    SetDefault,
    DoNothing,
}

impl OnDelete {
    pub const ALL: [(&'static str, OnDelete); 6] = [
        ("cascade", OnDelete::Cascade),
        ("protect", OnDelete::Protect),
        ("restrict", OnDelete::Restrict),
        ("set_null", OnDelete::SetNull),
        ("set_default", OnDelete::SetDefault),
        ("do_nothing", OnDelete::DoNothing),
    ];

    pub fn parse(text: &str) -> Option<Self> {
        OnDelete::ALL
            .iter()
            .find(|(name, _)| *name == text)
            .map(|(_, v)| *v)
    }

    pub fn name(self) -> &'static str {
        OnDelete::ALL
            .iter()
            .find(|(_, v)| *v == self)
            .map(|(name, _)| *name)
            .expect("every variant is listed")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_row_and_words_are_unique() {
        for (i, row) in KINDS.iter().enumerate() {
            assert!(
                KINDS[i + 1..].iter().all(|other| other.kind != row.kind),
                "{:?} has two rows",
                row.kind
            );
            if let Some(word) = row.spec_name {
                assert_eq!(FieldKind::parse(word), Some(row.kind));
                assert_eq!(row.kind.name(), word);
            }
        }
        assert_eq!(FieldKind::parse("ip_address"), Some(FieldKind::IpAddress));
        assert_eq!(FieldKind::parse("auto"), None);
        assert_eq!(FieldKind::BigAuto.name(), "BigAutoField");
    }

    #[test]
    fn protocols_parse_as_django_compares_them() {
        assert_eq!(IpProtocol::parse("ipv4"), Some(IpProtocol::IPv4));
        assert_eq!(IpProtocol::parse("IPv6"), Some(IpProtocol::IPv6));
        assert_eq!(IpProtocol::parse("Both"), Some(IpProtocol::Both));
        assert_eq!(IpProtocol::parse("ip"), None);
        assert_eq!(IpProtocol::IPv4.name(), "IPv4");
    }
}
