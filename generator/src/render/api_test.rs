//! What the generated end-to-end test (`tests/api.rs`) checks for each registered viewset,
//! decided here from the spec so the template only lays the checks out.
//!
//! Expectations come from the spec and DRF's rules, not from the runtime: the test compares
//! what the server answers with what DRF would answer for the same declarations.

use serde::Serialize;

use crate::ident;
use restforge_core::kind::default_field_order;

use crate::spec::{
    Action, Authentication, ByName, Field, FieldKind, Located, PermissionRef, SerializerFields,
    Spec, ViewSet,
};

/// The checks of one registration (`router.register(prefix, ViewSet)`).
#[derive(Debug, Serialize)]
pub struct EndpointTest {
    /// A Rust identifier naming the tests (`status`).
    pub name: String,
    pub viewset: String,
    pub serializer: String,
    pub model: String,
    /// `/api/status/`.
    pub list_url: String,
    /// The status an anonymous GET of the list gets.
    pub anonymous_list_status: u16,
    /// The status an anonymous POST gets, when reads are open but writes need a user
    /// (`IsAuthenticatedOrReadOnly`).
    pub anonymous_write_status: Option<u16>,
    /// `WWW-Authenticate` of a 401, when the first authentication class sends one, as a Rust
    /// string literal.
    pub challenge: Option<String>,
    /// The detail of an anonymous refusal.
    pub anonymous_detail: String,
    /// Users are created staff when the view requires `IsAdminUser`.
    pub staff: bool,
    pub paginated: bool,
    pub list: bool,
    pub create: bool,
    pub retrieve: bool,
    pub update: bool,
    pub partial_update: bool,
    pub destroy: bool,
    /// The Django lookup from the object to its owning user, when an owner permission guards
    /// writes (`user_profile__user`).
    pub owner_lookup: Option<String>,
    /// Fields an empty create body must report as required, in serializer order.
    pub required_fields: Vec<String>,
    /// DRF's exact 400 body for an empty create body.
    pub required_body: String,
}

/// The checks of every registered viewset of a checked spec.
pub fn endpoint_tests(spec: &Spec) -> Vec<EndpointTest> {
    let prefix = spec.routes.prefix.value.trim_matches('/');
    let slash = if spec.routes.trailing_slash { "/" } else { "" };
    let by_name = ByName::new(spec);
    spec.routes
        .registrations
        .iter()
        .filter_map(|registration| {
            let viewset = by_name.viewsets.get(registration.viewset.value.as_str())?;
            // What the user's hooks do is theirs to test: the spec no longer tells.
            if has_hooks(spec, viewset) {
                return None;
            }
            let root = if prefix.is_empty() {
                String::new()
            } else {
                format!("/{prefix}")
            };
            let url = format!(
                "{root}/{}{slash}",
                registration.prefix.value.trim_matches('/')
            );
            Some(endpoint(
                spec,
                &by_name,
                viewset,
                &registration.prefix.value,
                url,
            ))
        })
        .collect()
}

/// Whether user code decides part of what the viewset answers: its own hooks, its
/// serializer's, or a permission's.
pub fn has_hooks(spec: &Spec, viewset: &ViewSet) -> bool {
    let serializer_hooks = spec
        .serializers
        .iter()
        .any(|s| s.name.value == viewset.serializer.value && s.hooks.value);
    let permissions = viewset
        .permissions
        .as_deref()
        .unwrap_or(&spec.settings.permissions);
    let permission_hooks = permissions
        .iter()
        .flat_map(|p| p.value.leaves())
        .any(|p| match p {
            PermissionRef::Declared(name) => spec
                .permissions
                .iter()
                .any(|d| d.name.value == *name && d.hooks.value),
            _ => false,
        });
    // What a composition allows is the project's to test.
    let composed = permissions.iter().any(|p| p.value.is_composed());
    let custom_authentication = viewset
        .authentication
        .as_deref()
        .unwrap_or(&spec.settings.authentication)
        .iter()
        .any(|a| matches!(a.value, Authentication::Custom(_)));
    viewset.hooks.value
        || custom_authentication
        || spec.settings.pagination_class.is_some()
        || !viewset.extra_actions.is_empty()
        || serializer_hooks
        || permission_hooks
        || composed
}

fn endpoint(
    spec: &Spec,
    by_name: &ByName,
    viewset: &ViewSet,
    prefix: &str,
    list_url: String,
) -> EndpointTest {
    let actions: Vec<Action> = viewset.actions.iter().map(|a| a.value).collect();
    let has = |action: Action| actions.contains(&action);
    let permissions: Vec<&PermissionRef> = viewset
        .permissions
        .as_deref()
        .unwrap_or(&spec.settings.permissions)
        .iter()
        .map(|p| &p.value)
        .collect();
    let authentication: Vec<&Authentication> = viewset
        .authentication
        .as_deref()
        .unwrap_or(&spec.settings.authentication)
        .iter()
        .map(|a| &a.value)
        .collect();

    // DRF-CONTRACT §2.1: the first authentication class decides 401 (with its challenge) or
    // 403; without authenticators a refused anonymous request is a plain permission denial.
    let (challenge, refusal, detail) = match authentication.first() {
        None => (
            None,
            403,
            "You do not have permission to perform this action.",
        ),
        Some(Authentication::Session) => {
            (None, 403, "Authentication credentials were not provided.")
        }
        Some(Authentication::Token) => (
            Some("Token".to_string()),
            401,
            "Authentication credentials were not provided.",
        ),
        Some(Authentication::Basic) => (
            Some("Basic realm=\"api\"".to_string()),
            401,
            "Authentication credentials were not provided.",
        ),
        Some(Authentication::Jwt) => (
            Some("Bearer realm=\"api\"".to_string()),
            401,
            "Authentication credentials were not provided.",
        ),
        Some(Authentication::Custom(class)) => {
            unreachable!("{class} is the user's: its viewsets are left to the user's tests")
        }
    };
    let requires = |p: &PermissionRef| {
        matches!(
            p,
            PermissionRef::IsAuthenticated | PermissionRef::IsAdminUser
        )
    };
    let read_needs_user = permissions.iter().any(|p| requires(p));
    let write_needs_user = read_needs_user
        || permissions
            .iter()
            .any(|p| matches!(p, PermissionRef::IsAuthenticatedOrReadOnly));

    let serializer = by_name
        .serializers
        .get(viewset.serializer.value.as_str())
        .expect("checked: the viewset's serializer exists");
    // A model of another app (`auth.User`) has no fields in the spec.
    let target = &serializer.model.value;
    let model = match target.app {
        None => by_name.models.get(target.name.as_str()),
        Some(_) => None,
    };

    let owner_lookup = permissions.iter().find_map(|p| match p {
        PermissionRef::Declared(name) => spec
            .permissions
            .iter()
            .find(|d| d.name.value == *name)
            .and_then(|d| d.owner.as_ref())
            .map(|owner| owner.value.join("__")),
        _ => None,
    });

    let required_fields = match model {
        Some(model) => {
            let filled: Vec<&str> = viewset
                .on_create
                .iter()
                .map(|a| a.field.value.as_str())
                .collect();
            serializer_fields(serializer, &model.fields)
                .into_iter()
                .filter(|f| !filled.contains(&f.name.value.as_str()))
                .filter(|f| is_required(serializer, f))
                .map(|f| f.name.value.clone())
                .collect()
        }
        None => Vec::new(),
    };

    EndpointTest {
        name: ident::snake(&prefix.replace(['/', '-'], "_")),
        viewset: viewset.name.value.clone(),
        serializer: serializer.name.value.clone(),
        model: serializer.model.value.name.clone(),
        list_url,
        anonymous_list_status: if read_needs_user { refusal } else { 200 },
        anonymous_write_status: (write_needs_user && !read_needs_user && has(Action::Create))
            .then_some(refusal),
        challenge: challenge
            .filter(|_| refusal == 401)
            .map(|c| proc_macro2::Literal::string(&c).to_string()),
        anonymous_detail: detail.to_string(),
        staff: permissions
            .iter()
            .any(|p| matches!(p, PermissionRef::IsAdminUser)),
        paginated: spec.settings.pagination.is_some(),
        list: has(Action::List),
        create: has(Action::Create),
        retrieve: has(Action::Retrieve),
        update: has(Action::Update),
        partial_update: has(Action::PartialUpdate),
        destroy: has(Action::Destroy),
        owner_lookup,
        required_body: required_body(&required_fields),
        required_fields,
    }
}

/// The model fields a serializer exposes, in its order (the implicit pk is never required).
/// The serializer's model fields in its output (and error) order: the list's for `fields`, DRF's
/// `get_default_field_names` for `__all__` and `exclude` (the string-related fields, then plain
/// fields in model order, then foreign keys and one-to-ones, then many-to-many; the implicit pk
/// is not among `fields`).
fn serializer_fields<'a>(
    serializer: &crate::spec::Serializer,
    fields: &'a [Field],
) -> Vec<&'a Field> {
    let default_order = || {
        let kinds: Vec<(&str, FieldKind)> = fields
            .iter()
            .map(|f| (f.name.value.as_str(), f.kind.value))
            .collect();
        let declared: Vec<&str> = serializer
            .string_related
            .iter()
            .map(|n| n.value.as_str())
            .collect();
        default_field_order(&kinds, &declared)
            .into_iter()
            .map(|i| &fields[i])
            .collect::<Vec<&Field>>()
    };
    match &serializer.fields {
        SerializerFields::All => default_order(),
        SerializerFields::Only(names) => names
            .iter()
            .filter_map(|n| fields.iter().find(|f| f.name.value == n.value))
            .collect(),
        SerializerFields::Exclude(names) => default_order()
            .into_iter()
            .filter(|f| !names.iter().any(|n| n.value == f.name.value))
            .collect(),
    }
}

fn named(list: &[Located<String>], name: &str) -> bool {
    list.iter().any(|n| n.value == name)
}

/// DRF's ModelSerializer rule: a writable field is required unless it is null, blank, has a
/// default or is set by the server; `extra` may say otherwise.
fn is_required(serializer: &crate::spec::Serializer, field: &Field) -> bool {
    let name = field.name.value.as_str();
    let read_only = named(&serializer.read_only, name)
        || named(&serializer.string_related, name)
        || field.is_auto_set();
    if read_only {
        return false;
    }
    if let Some(extra) = serializer.extra.iter().find(|e| e.field.value == name)
        && let Some(required) = &extra.required
    {
        return required.value;
    }
    !(field.null.value || field.blank.value || field.default.is_some())
}

/// `{"a":["This field is required."],…}`, compact as DRF renders it.
fn required_body(fields: &[String]) -> String {
    let entries: Vec<String> = fields
        .iter()
        .map(|f| format!("\"{f}\":[\"This field is required.\"]"))
        .collect();
    format!("{{{}}}", entries.join(","))
}
