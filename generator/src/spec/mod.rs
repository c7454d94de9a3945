//! The Spec IR: what an API is made of, independent of where it was described.
//!
//! Both front ends (the YAML reader in [`crate::yaml`] and the Rust reader in [`crate::rust_src`])
//! build these types; [`crate::check`] validates them once; emitters only read them. Every node
//! that a user wrote keeps its [`Origin`] so that a check can say where the problem is.
//!
//! Names are stored as written (`ProfileStatus`, `status_content`); derived names (table, column,
//! URL, Rust identifiers) are computed by [`crate::ident`] so that templates never change case.

mod field;

pub use field::{Choice, DefaultValue, Field, FieldKind, IpProtocol, OnDelete, Relation};

use std::collections::HashMap;
use std::fmt;

/// Where a node of the IR came from.
///
/// Origins never make two nodes differ (`==` ignores them): the same model read from YAML and
/// from Rust source is the same model.
#[derive(Debug, Clone, Copy, Default)]
pub enum Origin {
    /// A position in the spec file, both 1-based.
    Yaml { line: u32, column: u32 },
    /// A token of a Rust source file or macro input.
    Rust(proc_macro2::Span),
    /// Made by restforge itself (built-in models, implicit primary keys).
    #[default]
    Builtin,
}

impl PartialEq for Origin {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl Eq for Origin {}

impl Origin {
    /// A YAML position.
    pub fn yaml(line: usize, column: usize) -> Self {
        Origin::Yaml {
            line: line as u32,
            column: column as u32,
        }
    }
}

/// A value with the place it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Located<T> {
    pub fn new(value: T, origin: Origin) -> Self {
        Located { value, origin }
    }

    /// A value restforge supplied itself.
    pub fn builtin(value: T) -> Self {
        Located {
            value,
            origin: Origin::Builtin,
        }
    }
}

impl<T: fmt::Display> fmt::Display for Located<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

/// A whole API: one project with one app, plus the built-in auth app it may refer to.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// The Cargo package name of the project (`profiles_api`).
    pub project: Located<String>,
    /// The app label, Django's `app_label` (`profiles`): it prefixes table names.
    pub app: Located<String>,
    pub settings: Settings,
    pub models: Vec<Model>,
    pub serializers: Vec<Serializer>,
    pub permissions: Vec<Permission>,
    pub viewsets: Vec<ViewSet>,
    pub views: Vec<View>,
    pub signals: Vec<Signal>,
    pub routes: Routes,
}

/// A spec's models, serializers and viewsets by name, for code that looks many of them up:
/// searching the lists once per reference makes a large spec quadratic. A name declared twice
/// finds its first declaration (the checks report the second).
#[derive(Debug)]
pub struct ByName<'a> {
    pub models: HashMap<&'a str, &'a Model>,
    pub serializers: HashMap<&'a str, &'a Serializer>,
    pub viewsets: HashMap<&'a str, &'a ViewSet>,
}

impl<'a> ByName<'a> {
    pub fn new(spec: &'a Spec) -> Self {
        fn index<'a, T>(
            items: &'a [T],
            name: impl Fn(&'a T) -> &'a str,
        ) -> HashMap<&'a str, &'a T> {
            let mut map = HashMap::with_capacity(items.len());
            for item in items {
                map.entry(name(item)).or_insert(item);
            }
            map
        }
        ByName {
            models: index(&spec.models, |m| &m.name.value),
            serializers: index(&spec.serializers, |s| &s.name.value),
            viewsets: index(&spec.viewsets, |v| &v.name.value),
        }
    }
}

/// Project-wide defaults, DRF's `REST_FRAMEWORK` setting.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The implicit primary key of models that do not choose one (Django's `DEFAULT_AUTO_FIELD`).
    pub default_auto_field: Located<AutoField>,
    /// Authentication classes in order; the first decides 401 vs 403.
    pub authentication: Vec<Located<Authentication>>,
    /// Permission classes applied where a view names none.
    pub permissions: Vec<Located<PermissionRef>>,
    pub pagination: Option<Pagination>,
    /// `pagination: {class: …}`: a pagination class of the user's, in the app's `hooks.rs`,
    /// instead of a built-in style.
    pub pagination_class: Option<Located<String>>,
    pub throttling: Vec<ThrottleRate>,
    /// Where uploaded files are stored and served from.
    pub media_url: Located<String>,
    /// The account endpoints the project mounts (dj-rest-auth, simplejwt, the browsable API
    /// login), `None` for none.
    pub accounts: Option<Accounts>,
}

/// `settings.accounts`: where the account endpoints are mounted, each a URL prefix.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Accounts {
    /// dj-rest-auth's login, logout, user and password URLs (`api/rest-auth/`).
    pub prefix: Option<Located<String>>,
    /// dj-rest-auth's `registration/` under `prefix`.
    pub registration: Option<Located<bool>>,
    /// simplejwt's obtain, `refresh/` and `verify/` views (`api/token/`).
    pub jwt: Option<Located<String>>,
    /// The browsable API's session `login/` and `logout/` (`api-auth/`).
    pub browsable_login: Option<Located<String>>,
}

impl Default for Settings {
    /// DRF's and Django's defaults: `BigAutoField` keys, session then basic authentication,
    /// `AllowAny`, no pagination, no throttling, media under `/media/`.
    fn default() -> Self {
        Settings {
            default_auto_field: Located::builtin(AutoField::BigAuto),
            authentication: vec![
                Located::builtin(Authentication::Session),
                Located::builtin(Authentication::Basic),
            ],
            permissions: vec![Located::builtin(PermissionRef::AllowAny)],
            pagination: None,
            pagination_class: None,
            throttling: Vec::new(),
            media_url: Located::builtin("/media/".to_string()),
            accounts: None,
        }
    }
}

/// The kind of an implicit `id` primary key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AutoField {
    /// `integer`, Django's `AutoField`.
    Auto,
    /// `bigint`, Django's `BigAutoField` (the default of new Django projects).
    BigAuto,
    /// A random UUID made on insert.
    Uuid,
}

impl AutoField {
    /// Every kind with its spec name.
    pub const ALL: [(&'static str, AutoField); 3] = [
        ("auto", AutoField::Auto),
        ("big_auto", AutoField::BigAuto),
        ("uuid", AutoField::Uuid),
    ];
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authentication {
    Basic,
    Token,
    Session,
    Jwt,
    /// A class of the user's (`ApiKeyAuthentication`), written in the app's `hooks.rs`.
    Custom(String),
}

impl Authentication {
    /// Every class with its spec name.
    pub const ALL: [(&'static str, Authentication); 4] = [
        ("basic", Authentication::Basic),
        ("token", Authentication::Token),
        ("session", Authentication::Session),
        ("jwt", Authentication::Jwt),
    ];

    /// The spec name (`token`; a class of the user's by its name).
    pub fn name(&self) -> &str {
        match self {
            Authentication::Custom(name) => name,
            builtin => Authentication::ALL
                .iter()
                .find(|(_, a)| a == builtin)
                .map(|(n, _)| *n)
                .expect("every class is listed"),
        }
    }

    /// The class as generated code names it (`TokenAuthentication`), from the one table the
    /// Rust front end reads them back with.
    pub fn class_name(&self) -> &str {
        match self {
            Authentication::Custom(name) => name,
            builtin => crate::rust_src::symbol::AUTHENTICATION_CLASSES
                .iter()
                .find(|(_, a)| a == builtin)
                .map(|(n, _)| *n)
                .expect("every class is listed"),
        }
    }

    /// Reads a spec name: one of DRF's (`token`), or a class of the user's, named as a Rust
    /// type (`ApiKeyAuthentication`); `None` for anything else.
    pub fn parse(name: &str) -> Option<Authentication> {
        if let Some((_, builtin)) = Authentication::ALL.iter().find(|(n, _)| *n == name) {
            return Some(builtin.clone());
        }
        let mut chars = name.chars();
        let type_name = chars.next().is_some_and(|c| c.is_ascii_uppercase())
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
        type_name.then(|| Authentication::Custom(name.to_string()))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    pub style: PaginationStyle,
    pub page_size: Located<u32>,
    /// `page_size` query parameter (page-number) allowing clients to choose, capped by `max_page_size`.
    pub page_size_query_param: Option<Located<String>>,
    pub max_page_size: Option<Located<u32>>,
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaginationStyle {
    PageNumber,
    LimitOffset,
}

impl PaginationStyle {
    /// Every style with its spec name.
    pub const ALL: [(&'static str, PaginationStyle); 2] = [
        ("page_number", PaginationStyle::PageNumber),
        ("limit_offset", PaginationStyle::LimitOffset),
    ];
}

/// A throttle scope and its rate, `anon: 100/hour`.
#[derive(Debug, Clone, PartialEq)]
pub struct ThrottleRate {
    /// `anon`, `user`, or a scope name used by `throttle_scope`.
    pub scope: Located<String>,
    pub requests: u32,
    pub period: ThrottlePeriod,
    /// The rate as written, kept for messages and generated settings.
    pub text: Located<String>,
}

/// DRF reads only the first letter of the period: `s`, `m`, `h` or `d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThrottlePeriod {
    Second,
    Minute,
    Hour,
    Day,
}

impl ThrottlePeriod {
    pub fn seconds(self) -> u32 {
        match self {
            ThrottlePeriod::Second => 1,
            ThrottlePeriod::Minute => 60,
            ThrottlePeriod::Hour => 3_600,
            ThrottlePeriod::Day => 86_400,
        }
    }
}

/// A reference to a model: `Profile` (this app) or `auth.User` (another app).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ModelRef {
    /// `None` for a model of the spec's own app.
    pub app: Option<String>,
    pub name: String,
}

impl ModelRef {
    pub fn local(name: impl Into<String>) -> Self {
        ModelRef {
            app: None,
            name: name.into(),
        }
    }

    pub fn auth_user() -> Self {
        ModelRef {
            app: Some("auth".into()),
            name: "User".into(),
        }
    }

    /// Parses `Name` or `app.Name` as written in a spec.
    pub fn parse(text: &str) -> Self {
        match text.split_once('.') {
            Some((app, name)) => ModelRef {
                app: Some(app.to_string()),
                name: name.to_string(),
            },
            None => ModelRef::local(text),
        }
    }

    pub fn is_auth_user(&self) -> bool {
        self.app.as_deref() == Some("auth") && self.name == "User"
    }
}

impl fmt::Display for ModelRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.app {
            Some(app) => write!(f, "{app}.{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// A Django model.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The Rust struct name, CamelCase (`ProfileStatus`).
    pub name: Located<String>,
    /// Doc comment for the generated struct.
    pub doc: Option<String>,
    /// Explicit table name; the default is `<app>_<name lowercased>`.
    pub db_table: Option<Located<String>>,
    /// The primary key kind; `None` uses [`Settings::default_auto_field`].
    pub primary_key: Option<Located<AutoField>>,
    /// Declared fields in order; the implicit `id` is not among them.
    pub fields: Vec<Field>,
    /// Default ordering, `-created_at` meaning descending.
    pub ordering: Vec<Located<String>>,
    pub verbose_name: Option<Located<String>>,
    pub verbose_name_plural: Option<Located<String>>,
    /// Groups of fields unique together, each name located where it is written.
    pub unique_together: Vec<Vec<Located<String>>>,
    pub indexes: Vec<Index>,
    /// Django's `__str__`: a field path such as `user.username`; the default is `<Model> object (<pk>)`.
    pub display: Option<Located<String>>,
    /// The model's previous name, so that a migration renames its table rather than dropping it.
    pub renamed_from: Option<Located<String>>,
    pub origin: Origin,
}

impl Model {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name.value == name)
    }

    /// The model's table in `app`: its `db_table`, or Django's default name.
    pub fn table(&self, app: &str) -> String {
        match &self.db_table {
            Some(table) => table.value.clone(),
            None => crate::ident::default_table_name(app, &self.name.value),
        }
    }
}

/// A database index over one or more fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    pub fields: Vec<Located<String>>,
    /// Explicit index name; the default follows Django's `<table>_<columns>_<hash>_idx` rule.
    pub name: Option<Located<String>>,
    pub origin: Origin,
}

/// A DRF ModelSerializer.
#[derive(Debug, Clone, PartialEq)]
pub struct Serializer {
    pub name: Located<String>,
    pub doc: Option<String>,
    pub model: Located<ModelRef>,
    pub fields: SerializerFields,
    /// Model fields that are output only.
    pub read_only: Vec<Located<String>>,
    /// Model fields that are input only.
    pub write_only: Vec<Located<String>>,
    /// Relations rendered as the related object's display (`StringRelatedField`, read-only).
    pub string_related: Vec<Located<String>>,
    /// Per-field overrides, DRF's `extra_kwargs`.
    pub extra: Vec<FieldOptions>,
    /// `validate_<field>` / `validate` are the user's (`impl SerializerHooks`).
    pub hooks: Located<bool>,
    /// DRF's `SerializerMethodField`s: output-only fields computed by the serializer's
    /// `get_<name>` method, written by the user.
    pub method_fields: Vec<Located<String>>,
    pub origin: Origin,
}

/// Which model fields a serializer exposes.
#[derive(Debug, Clone, PartialEq)]
pub enum SerializerFields {
    /// `fields = '__all__'`: the pk, then every field in declaration order.
    All,
    /// An explicit list, in output order.
    Only(Vec<Located<String>>),
    /// `__all__` minus these.
    Exclude(Vec<Located<String>>),
}

/// `extra_kwargs` for one serializer field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldOptions {
    pub field: Located<String>,
    pub required: Option<Located<bool>>,
    pub allow_null: Option<Located<bool>>,
    pub allow_blank: Option<Located<bool>>,
    pub min_length: Option<Located<u32>>,
    pub max_length: Option<Located<u32>>,
    pub min_value: Option<Located<i64>>,
    pub max_value: Option<Located<i64>>,
    pub label: Option<Located<String>>,
    pub help_text: Option<Located<String>>,
}

/// A permission class: built-in, or declared in the spec as an object rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Permission {
    pub name: Located<String>,
    pub doc: Option<String>,
    /// Safe methods (GET, HEAD, OPTIONS) pass the object check.
    pub allow_safe_methods: Located<bool>,
    /// The object passes when the user reached through this path is the request user
    /// (`user_profile.user`; an empty path means the object is the user itself). `None` for
    /// a permission whose checks are the user's (`hooks`).
    pub owner: Option<Located<Vec<String>>>,
    /// `has_permission` / `has_object_permission` are the user's (`impl Permission`).
    pub hooks: Located<bool>,
    pub origin: Origin,
}

/// A permission named by a view: one of DRF's, one declared in the spec, or a composition of
/// them with DRF's operators (`IsAuthenticated & (IsOwner | IsAdminUser)`, `~IsBanned`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PermissionRef {
    AllowAny,
    IsAuthenticated,
    IsAdminUser,
    IsAuthenticatedOrReadOnly,
    /// A [`Permission`] of the spec, by name.
    Declared(String),
    /// `a & b`: both allow.
    And(Box<PermissionRef>, Box<PermissionRef>),
    /// `a | b`: either allows.
    Or(Box<PermissionRef>, Box<PermissionRef>),
    /// `~a`: allows what `a` refuses.
    Not(Box<PermissionRef>),
}

impl PermissionRef {
    /// The built-in names as a spec writes them.
    pub const BUILTIN: [(&'static str, PermissionRef); 4] = [
        ("AllowAny", PermissionRef::AllowAny),
        ("IsAuthenticated", PermissionRef::IsAuthenticated),
        ("IsAdminUser", PermissionRef::IsAdminUser),
        (
            "IsAuthenticatedOrReadOnly",
            PermissionRef::IsAuthenticatedOrReadOnly,
        ),
    ];

    /// One permission by name: DRF's, or a declared one.
    pub fn parse(text: &str) -> Self {
        PermissionRef::BUILTIN
            .iter()
            .find(|(name, _)| *name == text)
            .map(|(_, p)| p.clone())
            .unwrap_or_else(|| PermissionRef::Declared(text.to_string()))
    }

    /// A permission as a spec writes it, with DRF's operators and Python's precedence (`~`
    /// binds tighter than `&`, which binds tighter than `|`; parentheses group):
    /// `IsAuthenticated & (IsOwner | IsAdminUser)`.
    ///
    /// ```
    /// use restforge_generator::spec::PermissionRef;
    /// let p = PermissionRef::parse_expression("IsAuthenticated & (IsOwner | ~IsBanned)").unwrap();
    /// assert_eq!(p.rust(), "And(IsAuthenticated, Or(IsOwner, Not(IsBanned)))");
    /// assert_eq!(p.name(), "IsAuthenticated & (IsOwner | ~IsBanned)");
    /// // Python's precedence: `~` before `&` before `|`.
    /// let q = PermissionRef::parse_expression("~A & B | C & D").unwrap();
    /// assert_eq!(q.rust(), "Or(And(Not(A), B), And(C, D))");
    /// assert_eq!(q.name(), "~A & B | C & D");
    /// assert!(PermissionRef::parse_expression("IsOwner |").is_err());
    /// assert!(PermissionRef::parse_expression("(IsOwner").is_err());
    /// ```
    pub fn parse_expression(text: &str) -> Result<Self, String> {
        let mut tokens = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            match c {
                c if c.is_whitespace() => {}
                '&' | '|' | '~' | '(' | ')' => tokens.push(c.to_string()),
                c if c.is_alphanumeric() || c == '_' => {
                    let mut end = start + c.len_utf8();
                    while let Some(&(i, next)) = chars.peek() {
                        if !(next.is_alphanumeric() || next == '_') {
                            break;
                        }
                        end = i + next.len_utf8();
                        chars.next();
                    }
                    tokens.push(text[start..end].to_string());
                }
                other => {
                    return Err(format!(
                        "`{other}` is not an operator: permissions combine with `&`, `|`, `~` and parentheses"
                    ));
                }
            }
        }
        let mut parser = ExpressionParser { tokens, at: 0 };
        let permission = parser.or()?;
        match parser.tokens.get(parser.at) {
            None => Ok(permission),
            Some(token) => Err(format!("unexpected `{token}`")),
        }
    }

    /// The permission's name; a composition's is its expression (`IsOwner | IsAdminUser`).
    pub fn name(&self) -> String {
        match self {
            PermissionRef::AllowAny => "AllowAny".into(),
            PermissionRef::IsAuthenticated => "IsAuthenticated".into(),
            PermissionRef::IsAdminUser => "IsAdminUser".into(),
            PermissionRef::IsAuthenticatedOrReadOnly => "IsAuthenticatedOrReadOnly".into(),
            PermissionRef::Declared(name) => name.clone(),
            PermissionRef::And(a, b) => format!("{} & {}", a.operand(2), b.operand(2)),
            PermissionRef::Or(a, b) => format!("{} | {}", a.operand(1), b.operand(1)),
            PermissionRef::Not(a) => format!("~{}", a.operand(3)),
        }
    }

    /// The name, parenthesized when it binds looser than an operator of `precedence`.
    fn operand(&self, precedence: u8) -> String {
        let own = match self {
            PermissionRef::Or(..) => 1,
            PermissionRef::And(..) => 2,
            _ => 3,
        };
        if own < precedence {
            format!("({})", self.name())
        } else {
            self.name()
        }
    }

    /// The Rust expression generated code writes: `And(IsAuthenticated, Or(IsOwner, IsAdminUser))`.
    pub fn rust(&self) -> String {
        match self {
            PermissionRef::And(a, b) => format!("And({}, {})", a.rust(), b.rust()),
            PermissionRef::Or(a, b) => format!("Or({}, {})", a.rust(), b.rust()),
            PermissionRef::Not(a) => format!("Not({})", a.rust()),
            leaf => leaf.name(),
        }
    }

    /// Whether this is a composition rather than one permission.
    pub fn is_composed(&self) -> bool {
        matches!(
            self,
            PermissionRef::And(..) | PermissionRef::Or(..) | PermissionRef::Not(..)
        )
    }

    /// The single permissions it is made of, left to right.
    pub fn leaves(&self) -> Vec<&PermissionRef> {
        match self {
            PermissionRef::And(a, b) | PermissionRef::Or(a, b) => {
                let mut leaves = a.leaves();
                leaves.extend(b.leaves());
                leaves
            }
            PermissionRef::Not(a) => a.leaves(),
            leaf => vec![leaf],
        }
    }
}

/// Recursive descent over `|`, `&`, `~` and parentheses, Python's precedence.
struct ExpressionParser {
    tokens: Vec<String>,
    at: usize,
}

impl ExpressionParser {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.at).map(String::as_str)
    }

    fn or(&mut self) -> Result<PermissionRef, String> {
        let mut left = self.and()?;
        while self.peek() == Some("|") {
            self.at += 1;
            left = PermissionRef::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<PermissionRef, String> {
        let mut left = self.not()?;
        while self.peek() == Some("&") {
            self.at += 1;
            left = PermissionRef::And(Box::new(left), Box::new(self.not()?));
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<PermissionRef, String> {
        match self.peek() {
            Some("~") => {
                self.at += 1;
                Ok(PermissionRef::Not(Box::new(self.not()?)))
            }
            Some("(") => {
                self.at += 1;
                let inner = self.or()?;
                if self.peek() != Some(")") {
                    return Err("a `(` is not closed".into());
                }
                self.at += 1;
                Ok(inner)
            }
            Some(token) if !matches!(token, "&" | "|" | ")") => {
                let name = token.to_string();
                self.at += 1;
                Ok(PermissionRef::parse(&name))
            }
            Some(token) => Err(format!("expected a permission name, found `{token}`")),
            None => Err("expected a permission name at the end".into()),
        }
    }
}

/// The actions of a ModelViewSet, DRF's `self.action`.
pub use restforge_core::action::Action;

/// A value taken from the request rather than the body: `request.user` or
/// `request.user.profile` (the model one-to-one with the user, by its related name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestValue {
    /// The path after `request.user`: empty for the user, `["profile"]` for the profile.
    pub path: Vec<String>,
    pub origin: Origin,
}

impl RequestValue {
    /// What every request value starts with.
    pub const PREFIX: &'static str = "request.user";

    /// Parses `request.user` or `request.user.<related name>…` as both front ends read it;
    /// the error says what was expected. How deep a path may go is a rule of [`crate::check`].
    ///
    /// ```
    /// use restforge_generator::spec::{Origin, RequestValue};
    /// let value = RequestValue::parse("request.user.profile", Origin::Builtin).unwrap();
    /// assert_eq!(value.path, ["profile"]);
    /// assert!(RequestValue::parse("request.user..x", Origin::Builtin).is_err());
    /// assert!(RequestValue::parse("request.username", Origin::Builtin).is_err());
    /// ```
    pub fn parse(text: &str, origin: Origin) -> Result<RequestValue, String> {
        let expected =
            || format!("expected `request.user` or `request.user.<related name>`, found `{text}`");
        let rest = text.strip_prefix(Self::PREFIX).ok_or_else(expected)?;
        if rest.is_empty() {
            return Ok(RequestValue {
                path: Vec::new(),
                origin,
            });
        }
        let rest = rest.strip_prefix('.').ok_or_else(expected)?;
        let path = parse_dotted_path(rest).map_err(|why| format!("`{text}`: {why}"))?;
        Ok(RequestValue { path, origin })
    }

    /// The value as written: `request.user.profile`.
    pub fn text(&self) -> String {
        std::iter::once(Self::PREFIX)
            .chain(self.path.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(".")
    }
}

impl Permission {
    /// Parses an `owner` path as both front ends read it: `user_profile.user`, or the empty
    /// string when the object is the user itself.
    ///
    /// ```
    /// use restforge_generator::spec::Permission;
    /// assert_eq!(Permission::parse_owner("a.user").unwrap(), ["a", "user"]);
    /// assert!(Permission::parse_owner("").unwrap().is_empty());
    /// assert!(Permission::parse_owner("a..user").is_err());
    /// ```
    pub fn parse_owner(text: &str) -> Result<Vec<String>, String> {
        if text.is_empty() {
            return Ok(Vec::new());
        }
        parse_dotted_path(text).map_err(|why| format!("owner `{text}`: {why}"))
    }
}

/// `a.b.c` → its steps, each of which must be a name.
fn parse_dotted_path(text: &str) -> Result<Vec<String>, String> {
    let steps: Vec<String> = text.split('.').map(str::to_string).collect();
    for step in &steps {
        let valid = step
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && step.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if step.is_empty() {
            return Err("a step of the path is empty".into());
        }
        if !valid {
            return Err(format!("`{step}` is not a field or related name"));
        }
    }
    Ok(steps)
}

/// A field set from the request on create or update (`perform_create`'s `serializer.save(x=...)`).
#[derive(Debug, Clone, PartialEq)]
pub struct RequestAssignment {
    pub field: Located<String>,
    pub value: RequestValue,
}

/// A ModelViewSet (or a narrower set of its actions).
#[derive(Debug, Clone, PartialEq)]
pub struct ViewSet {
    pub name: Located<String>,
    pub doc: Option<String>,
    pub serializer: Located<String>,
    /// The actions offered; all six by default.
    pub actions: Vec<Located<Action>>,
    /// `None` uses the settings' default permissions.
    pub permissions: Option<Vec<Located<PermissionRef>>>,
    /// `None` uses the settings' authentication classes.
    pub authentication: Option<Vec<Located<Authentication>>>,
    /// Queryset ordering, `-created_at` meaning descending; the model's ordering by default.
    pub ordering: Vec<Located<String>>,
    /// Query parameters that filter by exact match through a relation path:
    /// `username: user_profile__user__username`.
    pub filters: Vec<Filter>,
    /// `?search=` terms matched case-insensitively (contains) against these paths.
    pub search_fields: Vec<Located<String>>,
    /// `?ordering=` accepts these fields.
    pub ordering_fields: Vec<Located<String>>,
    /// Values filled from the request on create.
    pub on_create: Vec<RequestAssignment>,
    /// Values filled from the request on update.
    pub on_update: Vec<RequestAssignment>,
    /// A throttle scope (ScopedRateThrottle).
    pub throttle_scope: Option<Located<String>>,
    /// `get_queryset`, `perform_create`, … are the user's (`impl ViewHooks`).
    pub hooks: Located<bool>,
    /// DRF's `@action` routes, each handled by a method of the user's.
    pub extra_actions: Vec<ExtraAction>,
    /// Serializers used for some actions in place of `serializer` (DRF's
    /// `get_serializer_class` choosing by `self.action`).
    pub action_serializers: Vec<ActionSerializer>,
    pub origin: Origin,
}

/// `list: TicketSummarySerializer`: the serializer of one action of a viewset.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionSerializer {
    /// `list`, `create`, …, `metadata` (OPTIONS), or an extra action's name.
    pub action: Located<String>,
    pub serializer: Located<String>,
}

/// DRF's `@action(detail=…, methods=[…], url_path=…, url_name=…)`: an extra route of a
/// viewset, served by the viewset's method of the same name (written by the user).
#[derive(Debug, Clone, PartialEq)]
pub struct ExtraAction {
    /// The method's name, DRF's `self.action`.
    pub name: Located<String>,
    /// On one object (`{prefix}/{lookup}/{url_path}/`) or on the collection
    /// (`{prefix}/{url_path}/`).
    pub detail: Located<bool>,
    /// Lower-case HTTP methods; `[get]` by default.
    pub methods: Vec<Located<String>>,
    /// The URL segment; the name by default.
    pub url_path: Option<Located<String>>,
    /// The URL name's suffix (`{basename}-{url_name}`); the name with `_` as `-` by default.
    pub url_name: Option<Located<String>>,
    /// `None` uses the viewset's permissions.
    pub permissions: Option<Vec<Located<PermissionRef>>>,
    /// DRF's `@action(serializer_class=…)`; `None` uses the viewset's serializer.
    pub serializer: Option<Located<String>>,
}

impl ExtraAction {
    /// The HTTP methods DRF's `@action` accepts.
    pub const METHODS: [&'static str; 5] = ["get", "post", "put", "patch", "delete"];

    /// DRF's default `url_path`: the method name.
    pub fn url_path(&self) -> &str {
        self.url_path.as_ref().unwrap_or(&self.name).value.as_str()
    }

    /// DRF's default `url_name`: the method name with `_` as `-`.
    pub fn url_name(&self) -> String {
        match &self.url_name {
            Some(name) => name.value.clone(),
            None => self.name.value.replace('_', "-"),
        }
    }
}

/// A query parameter filtering by a relation path.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub param: Located<String>,
    /// Django lookup path: `user_profile__user__username`.
    pub path: Located<String>,
}

/// A generic view outside a viewset.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub name: Located<String>,
    pub doc: Option<String>,
    pub kind: Located<ViewKind>,
    pub serializer: Located<String>,
    /// The object the view acts on, when it is not looked up from the URL.
    pub object: Option<RequestValue>,
    pub permissions: Option<Vec<Located<PermissionRef>>>,
    pub authentication: Option<Vec<Located<Authentication>>>,
    /// `get_queryset`, `perform_update`, … are the user's (`impl ViewHooks`).
    pub hooks: Located<bool>,
    pub origin: Origin,
}

/// DRF's concrete generic views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewKind {
    Retrieve,
    Update,
    RetrieveUpdate,
    RetrieveUpdateDestroy,
    List,
    Create,
    ListCreate,
}

impl ViewKind {
    pub const ALL: [(&'static str, ViewKind); 7] = [
        ("retrieve", ViewKind::Retrieve),
        ("update", ViewKind::Update),
        ("retrieve_update", ViewKind::RetrieveUpdate),
        ("retrieve_update_destroy", ViewKind::RetrieveUpdateDestroy),
        ("list", ViewKind::List),
        ("create", ViewKind::Create),
        ("list_create", ViewKind::ListCreate),
    ];

    pub fn name(self) -> &'static str {
        ViewKind::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map(|(n, _)| *n)
            .expect("every kind is listed")
    }

    /// Whether the view acts on one object (rather than a collection).
    pub fn is_detail(self) -> bool {
        !matches!(
            self,
            ViewKind::List | ViewKind::Create | ViewKind::ListCreate
        )
    }
}

/// A post_save hook: when a `sender` row is created, create a `model` row pointing at it.
#[derive(Debug, Clone, PartialEq)]
pub struct Signal {
    pub name: Located<String>,
    pub event: Located<SignalEvent>,
    pub sender: Located<ModelRef>,
    /// Run only when the row was created (`created=True`), not on every save.
    pub created_only: bool,
    pub action: SignalAction,
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignalEvent {
    PostSave,
    PreDelete,
}

impl SignalEvent {
    /// Every event with its spec name, which is also Django's signal and the runtime's
    /// `Signal` constructor.
    pub const ALL: [(&'static str, SignalEvent); 2] = [
        ("post_save", SignalEvent::PostSave),
        ("pre_delete", SignalEvent::PreDelete),
    ];

    pub fn name(self) -> &'static str {
        SignalEvent::ALL
            .iter()
            .find(|(_, e)| *e == self)
            .map(|(n, _)| *n)
            .expect("every event is listed")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum SignalAction {
    /// Create a row of `model` whose field `link` points at the instance.
    CreateRelated {
        model: Located<ModelRef>,
        link: Located<String>,
    },
}

/// URL configuration: one router plus extra paths.
#[derive(Debug, Clone, PartialEq)]
pub struct Routes {
    pub router: Located<RouterKind>,
    /// The mount point, `api/` (no leading slash; trailing slash kept).
    pub prefix: Located<String>,
    pub trailing_slash: bool,
    pub registrations: Vec<Registration>,
    /// Extra paths for generic views, relative to `prefix`.
    pub paths: Vec<RoutePath>,
}

/// What a spec without `routes` gets, as DRF's defaults: a DefaultRouter under `api/` with
/// trailing slashes, nothing registered.
impl Default for Routes {
    fn default() -> Self {
        Routes {
            router: Located::builtin(RouterKind::Default),
            prefix: Located::builtin("api/".to_string()),
            trailing_slash: true,
            registrations: Vec::new(),
            paths: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouterKind {
    /// API root and format suffixes.
    Default,
    Simple,
}

impl RouterKind {
    /// Every router with its spec name.
    pub const ALL: [(&'static str, RouterKind); 2] = [
        ("default", RouterKind::Default),
        ("simple", RouterKind::Simple),
    ];
}

/// `router.register(prefix, ViewSet, basename=...)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Registration {
    pub prefix: Located<String>,
    pub viewset: Located<String>,
    /// Defaults to the viewset's model name lowercased.
    pub basename: Option<Located<String>>,
    pub origin: Origin,
}

/// `path("avatar/", AvatarUpdateView.as_view(), name=...)`.
#[derive(Debug, Clone, PartialEq)]
pub struct RoutePath {
    pub path: Located<String>,
    pub view: Located<String>,
    pub name: Option<Located<String>>,
    pub origin: Origin,
}
