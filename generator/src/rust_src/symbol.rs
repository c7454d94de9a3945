//! Every keyword a `#[restforge(...)]` attribute accepts, in one place (serde_derive's
//! `symbol.rs`), grouped by the item that takes it so that an unknown key can be answered with
//! the closest known one.

/// The attribute's own name: `#[restforge(...)]`.
pub const RESTFORGE: &str = "restforge";

// Model (struct-level) keys.
pub const APP: &str = "app";
pub const DB_TABLE: &str = "db_table";
pub const VERBOSE_NAME: &str = "verbose_name";
pub const VERBOSE_NAME_PLURAL: &str = "verbose_name_plural";
pub const ORDERING: &str = "ordering";
pub const DISPLAY: &str = "display";
pub const UNIQUE_TOGETHER: &str = "unique_together";
pub const INDEX: &str = "index";
pub const NAME: &str = "name";
pub const FIELDS: &str = "fields";

// Field keys.
pub const MAX_LENGTH: &str = "max_length";
pub const NULL: &str = "null";
pub const BLANK: &str = "blank";
pub const UNIQUE: &str = "unique";
pub const DB_INDEX: &str = "db_index";
pub const DEFAULT: &str = "default";
pub const CHOICES: &str = "choices";
pub const AUTO_NOW: &str = "auto_now";
pub const AUTO_NOW_ADD: &str = "auto_now_add";
pub const UPLOAD_TO: &str = "upload_to";
pub const PROTOCOL: &str = "protocol";
pub const MIN_VALUE: &str = "min_value";
pub const MAX_VALUE: &str = "max_value";
pub const MAX_DIGITS: &str = "max_digits";
pub const DECIMAL_PLACES: &str = "decimal_places";
pub const ON_DELETE: &str = "on_delete";
pub const RELATED_NAME: &str = "related_name";
pub const HELP_TEXT: &str = "help_text";
pub const DB_COLUMN: &str = "db_column";
pub const RENAMED_FROM: &str = "renamed_from";

// Serializer keys.
pub const MODEL: &str = "model";
pub const EXCLUDE: &str = "exclude";
pub const READ_ONLY: &str = "read_only";
pub const WRITE_ONLY: &str = "write_only";
pub const STRING_RELATED: &str = "string_related";
pub const EXTRA: &str = "extra";
pub const REQUIRED: &str = "required";
pub const ALLOW_NULL: &str = "allow_null";
pub const ALLOW_BLANK: &str = "allow_blank";
pub const MIN_LENGTH: &str = "min_length";
pub const LABEL: &str = "label";
/// `fields = "__all__"`.
pub const ALL_FIELDS: &str = "__all__";

// Permission keys.
pub const OWNER: &str = "owner";
pub const ALLOW_SAFE_METHODS: &str = "allow_safe_methods";

// ViewSet and GenericView keys.
pub const SERIALIZER: &str = "serializer";
pub const ACTIONS: &str = "actions";
pub const AUTHENTICATION: &str = "authentication";
pub const PERMISSIONS: &str = "permissions";
pub const FILTERS: &str = "filters";
pub const SEARCH_FIELDS: &str = "search_fields";
pub const ORDERING_FIELDS: &str = "ordering_fields";
pub const ON_CREATE: &str = "on_create";
pub const ON_UPDATE: &str = "on_update";
pub const THROTTLE_SCOPE: &str = "throttle_scope";
pub const KIND: &str = "kind";
pub const OBJECT: &str = "object";
pub const HOOKS: &str = "hooks";
pub const EXTRA_ACTIONS: &str = "extra_actions";
pub const ACTION_SERIALIZERS: &str = "action_serializers";
pub const METHOD_FIELDS: &str = "method_fields";
pub const DETAIL: &str = "detail";
pub const METHODS: &str = "methods";
pub const URL_PATH: &str = "url_path";
pub const URL_NAME: &str = "url_name";

/// The keys of a model's struct attribute.
pub const MODEL_KEYS: &[&str] = &[
    APP,
    DB_TABLE,
    VERBOSE_NAME,
    VERBOSE_NAME_PLURAL,
    ORDERING,
    DISPLAY,
    RENAMED_FROM,
    UNIQUE_TOGETHER,
    INDEX,
];

/// The keys of an `index(...)` written with a name: `index(name = "…", fields(a, b))`.
pub const INDEX_KEYS: &[&str] = &[NAME, FIELDS];

/// The keys of a model field's attribute, kind words excluded.
pub const FIELD_KEYS: &[&str] = &[
    MAX_LENGTH,
    NULL,
    BLANK,
    UNIQUE,
    DB_INDEX,
    DEFAULT,
    CHOICES,
    AUTO_NOW,
    AUTO_NOW_ADD,
    UPLOAD_TO,
    PROTOCOL,
    MIN_VALUE,
    MAX_VALUE,
    MAX_DIGITS,
    DECIMAL_PLACES,
    ON_DELETE,
    RELATED_NAME,
    VERBOSE_NAME,
    HELP_TEXT,
    DB_COLUMN,
    RENAMED_FROM,
];

pub const SERIALIZER_KEYS: &[&str] = &[
    MODEL,
    FIELDS,
    EXCLUDE,
    READ_ONLY,
    WRITE_ONLY,
    STRING_RELATED,
    EXTRA,
    HOOKS,
    METHOD_FIELDS,
];

/// The options of one field in `extra(field(...))`, DRF's `extra_kwargs`.
pub const EXTRA_KEYS: &[&str] = &[
    REQUIRED,
    ALLOW_NULL,
    ALLOW_BLANK,
    MIN_LENGTH,
    MAX_LENGTH,
    MIN_VALUE,
    MAX_VALUE,
    LABEL,
    HELP_TEXT,
];

pub const PERMISSION_KEYS: &[&str] = &[OWNER, ALLOW_SAFE_METHODS, HOOKS];

pub const VIEWSET_KEYS: &[&str] = &[
    SERIALIZER,
    ACTIONS,
    AUTHENTICATION,
    PERMISSIONS,
    ORDERING,
    FILTERS,
    SEARCH_FIELDS,
    ORDERING_FIELDS,
    ON_CREATE,
    ON_UPDATE,
    THROTTLE_SCOPE,
    HOOKS,
    EXTRA_ACTIONS,
    ACTION_SERIALIZERS,
];

/// The options of one action in `extra_actions(name(...))`, DRF's `@action`.
pub const EXTRA_ACTION_KEYS: &[&str] =
    &[DETAIL, METHODS, URL_PATH, URL_NAME, PERMISSIONS, SERIALIZER];

pub const VIEW_KEYS: &[&str] = &[KIND, SERIALIZER, OBJECT, AUTHENTICATION, PERMISSIONS, HOOKS];

/// The authentication classes as generated code names them, with the IR value.
pub const AUTHENTICATION_CLASSES: [(&str, crate::spec::Authentication); 4] = [
    ("BasicAuthentication", crate::spec::Authentication::Basic),
    ("TokenAuthentication", crate::spec::Authentication::Token),
    (
        "SessionAuthentication",
        crate::spec::Authentication::Session,
    ),
    ("JwtAuthentication", crate::spec::Authentication::Jwt),
];
