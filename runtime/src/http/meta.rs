//! The metadata of serializers, permissions and views: DRF's `Meta` classes and class
//! attributes as static data, written by `#[derive(Serializer, Permission, ViewSet,
//! GenericView)]` and read by the router and handlers.

use crate::http::fields;
use futures_util::future::BoxFuture;

use restforge_core::kind::default_field_order;

use crate::core::model::{FieldKind, FieldMeta, Model, ModelMeta};
use crate::http::authentication::Authenticators;
use crate::http::error::ApiError;
use crate::http::generics::{ActionContext, ActionResponse, ViewHooks};
use crate::http::permissions::DynPermission;
use crate::http::serializer::{DynSerializer, SerializerHooks};

/// A ModelSerializer: its `Meta` (written by `#[derive(Serializer)]`) and its
/// [`SerializerHooks`] (DRF's `validate_<field>` and `validate`).
pub trait Serializer: SerializerHooks + Send + Sync + 'static {
    /// The model it reads and writes.
    type Model: Model;

    fn meta() -> &'static SerializerMeta;
}

/// DRF's `ModelSerializer.Meta`, and the serializer itself: `hooks` is the serializer's
/// [`SerializerHooks`], so that a view can pick any serializer by its meta
/// ([`ViewHooks::get_serializer_class`](crate::http::generics::ViewHooks::get_serializer_class)).
pub struct SerializerMeta {
    pub name: &'static str,
    pub model: fn() -> &'static ModelMeta,
    pub fields: FieldSelection,
    pub read_only: &'static [&'static str],
    pub write_only: &'static [&'static str],
    /// Relations rendered as the related object's display (`StringRelatedField`).
    pub string_related: &'static [&'static str],
    /// DRF's `extra_kwargs`.
    pub extra: &'static [ExtraKwargs],
    /// `SerializerMethodField`s: output-only fields whose value the serializer's method
    /// `get_<name>` computes.
    pub method_fields: &'static [&'static str],
    /// Calls `get_<name>` for a method field (written by the derive).
    pub method_field: Option<MethodField>,
    /// The serializer's `validate_<field>` / `validate` (a serializer is a unit struct).
    pub hooks: &'static dyn DynSerializer,
}

impl std::fmt::Debug for SerializerMeta {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SerializerMeta")
            .field("name", &self.name)
            .field("fields", &self.fields)
            .field("read_only", &self.read_only)
            .field("write_only", &self.write_only)
            .field("string_related", &self.string_related)
            .field("method_fields", &self.method_fields)
            .finish_non_exhaustive()
    }
}

/// A serializer as a view names it: `<S as Serializer>::meta`, DRF's serializer class.
pub type SerializerClass = fn() -> &'static SerializerMeta;

/// A serializer's `get_<name>` methods behind one pointer: `(name, request, object)`.
pub type MethodField = for<'a> fn(
    &'a str,
    &'a crate::http::request::Request<'a>,
    &'a crate::http::permissions::Object<'a>,
) -> BoxFuture<'a, Result<serde_json::Value, ApiError>>;

/// One output field of a serializer, in DRF's order: a model field, or a method field.
#[derive(Debug, Clone)]
pub enum Slot {
    Model(SerializerField),
    Method(&'static str),
}

/// Which model fields a serializer exposes.
#[derive(Debug, Clone, Copy)]
pub enum FieldSelection {
    /// `fields = '__all__'`: every field in declaration order, the primary key first.
    All,
    /// These, in this order.
    Only(&'static [&'static str]),
    /// All but these.
    Exclude(&'static [&'static str]),
}

/// `extra_kwargs` for one field: options that override what the model implies.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExtraKwargs {
    pub field: &'static str,
    pub required: Option<bool>,
    pub allow_null: Option<bool>,
    pub allow_blank: Option<bool>,
    pub min_length: Option<u32>,
    pub max_length: Option<u32>,
    pub min_value: Option<i64>,
    pub max_value: Option<i64>,
    pub label: Option<&'static str>,
    pub help_text: Option<&'static str>,
}

/// One field of a serializer, resolved against its model (DRF's `serializer.fields[name]`).
#[derive(Debug, Clone)]
pub struct SerializerField {
    pub name: &'static str,
    pub model_field: &'static FieldMeta,
    pub read_only: bool,
    pub write_only: bool,
    pub string_related: bool,
    /// Required on create (never for read-only fields).
    pub required: bool,
    pub label: String,
    pub help_text: Option<&'static str>,
    /// The validating field for plain values; `None` for relations and files.
    pub field: Option<fields::Field>,
}

impl SerializerMeta {
    /// The output fields in DRF's order: with `fields = '__all__'` (or `exclude`), declared
    /// fields come right after the primary key (DRF's `get_default_field_names`); with a list,
    /// where the list puts them. A method field named like a model field replaces it.
    pub fn slots(&self, fields: Vec<SerializerField>) -> Vec<Slot> {
        let model_slots = fields
            .into_iter()
            .filter(|f| !self.method_fields.contains(&f.name))
            .map(Slot::Model);
        match self.fields {
            FieldSelection::Only(names) => {
                let mut model_slots: Vec<Option<Slot>> = model_slots.map(Some).collect();
                names
                    .iter()
                    .filter_map(|name| {
                        if let Some(method) = self.method_fields.iter().find(|m| *m == name) {
                            return Some(Slot::Method(method));
                        }
                        model_slots
                            .iter_mut()
                            .find(|slot| matches!(slot, Some(Slot::Model(f)) if f.name == *name))
                            .and_then(Option::take)
                    })
                    .collect()
            }
            FieldSelection::All | FieldSelection::Exclude(_) => {
                // Declared fields follow the primary key: the string-related ones, then the
                // method fields.
                let mut slots: Vec<Slot> = Vec::new();
                let mut rest = Vec::new();
                for slot in model_slots {
                    match &slot {
                        Slot::Model(f) if f.model_field.primary_key || f.string_related => {
                            slots.push(slot)
                        }
                        _ => rest.push(slot),
                    }
                }
                slots.extend(self.method_fields.iter().map(|name| Slot::Method(name)));
                slots.extend(rest);
                slots
            }
        }
    }

    /// The serializer's fields in output order, with DRF's ModelSerializer rules applied:
    /// non-editable fields and string-related fields are read-only, then `read_only`,
    /// `write_only` and `extra_kwargs` override.
    pub fn fields(&self) -> Vec<SerializerField> {
        let model = (self.model)();
        let names: Vec<&'static str> = match self.fields {
            FieldSelection::All => self.default_field_names(),
            FieldSelection::Only(names) => names.to_vec(),
            FieldSelection::Exclude(names) => self
                .default_field_names()
                .into_iter()
                .filter(|n| !names.contains(n))
                .collect(),
        };
        names
            .into_iter()
            .filter_map(|name| model.field(name).map(|meta| (name, meta)))
            .map(|(name, meta)| self.field(name, meta))
            .collect()
    }

    /// DRF's `get_default_field_names` (`fields = '__all__'`, and `exclude` before it removes
    /// names): the primary key, then the order of [`default_field_order`] with the
    /// string-related fields as the declared ones. Method fields are placed by
    /// [`SerializerMeta::slots`].
    fn default_field_names(&self) -> Vec<&'static str> {
        let model = (self.model)();
        let fields: Vec<(&'static str, FieldKind)> = model
            .fields
            .iter()
            .filter(|f| !f.primary_key)
            .map(|f| (f.name, f.field_type))
            .collect();
        let mut names = vec![model.pk_field().name];
        names.extend(
            default_field_order(&fields, self.string_related)
                .into_iter()
                .map(|i| fields[i].0),
        );
        names
    }

    fn field(&self, name: &'static str, meta: &'static FieldMeta) -> SerializerField {
        let string_related = self.string_related.contains(&name);
        let read_only = !meta.editable() || string_related || self.read_only.contains(&name);
        let mut field = SerializerField {
            name,
            model_field: meta,
            read_only,
            write_only: self.write_only.contains(&name),
            string_related,
            required: !read_only && meta.required(),
            label: meta.label(),
            help_text: meta.help_text,
            field: fields::for_model_field(meta),
        };
        if let Some(extra) = self.extra.iter().find(|e| e.field == name) {
            if let Some(required) = extra.required {
                field.required = required && !field.read_only;
            }
            if let Some(label) = extra.label {
                field.label = label.to_string();
            }
            if extra.help_text.is_some() {
                field.help_text = extra.help_text;
            }
            if let Some(inner) = field.field.take() {
                let mut inner = inner.required(field.required);
                if let Some(v) = extra.allow_null {
                    inner = inner.allow_null(v);
                }
                if let Some(v) = extra.allow_blank {
                    inner = inner.allow_blank(v);
                }
                if let Some(v) = extra.min_length {
                    inner = inner.min_length(v as usize);
                }
                if let Some(v) = extra.max_length {
                    inner = inner.max_length(v as usize);
                }
                if let Some(v) = extra.min_value {
                    inner = inner.min_value(v);
                }
                if let Some(v) = extra.max_value {
                    inner = inner.max_value(v);
                }
                field.field = Some(inner);
            }
        }
        field
    }
}

/// The authentication schemes DRF's classes implement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthenticationScheme {
    /// HTTP Basic with `auth_user` credentials.
    Basic,
    /// `Authorization: Token <key>`.
    Token,
    /// Django's session cookie, with CSRF on unsafe methods.
    Session,
    /// `Authorization: Bearer <jwt>`.
    Jwt,
}

/// The actions of a viewset, DRF's `self.action`.
pub use restforge_core::action::Action;

/// DRF's concrete generic views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GenericKind {
    Retrieve,
    Update,
    RetrieveUpdate,
    RetrieveUpdateDestroy,
    List,
    Create,
    ListCreate,
}

/// A field path that starts at the request's user: empty for the user, `["profile"]` for the
/// model one-to-one with the user under that reverse name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestPath(pub &'static [&'static str]);

/// A field filled from the request on save (`serializer.save(field=request.user...)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestAssignment {
    pub field: &'static str,
    pub value: RequestPath,
}

/// A query parameter filtering by exact match through a lookup path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FilterMeta {
    /// `?username=`.
    pub param: &'static str,
    /// Django lookup path: `user_profile__user__username`.
    pub path: &'static str,
}

/// Everything a viewset or generic view declares; the router turns it into routes.
#[derive(Debug)]
pub struct ViewConfig {
    /// The struct name.
    pub name: &'static str,
    /// DRF's view name for OPTIONS (`Profile Status`).
    pub view_name: &'static str,
    /// DRF's view description for OPTIONS: the struct's doc comment, dedented (`""` without).
    pub description: &'static str,
    pub serializer: fn() -> &'static SerializerMeta,
    /// Serializers for some actions (`list`, `create`, an extra action's name, …) in place of
    /// `serializer`: DRF's `get_serializer_class` choosing by `self.action`.
    pub action_serializers: &'static [(&'static str, SerializerClass)],
    /// The actions offered (for a generic view, those its kind implies).
    pub actions: &'static [Action],
    /// `Some` for a generic view.
    pub generic: Option<GenericKind>,
    /// `None` uses the settings' default permissions.
    pub permissions: Option<&'static [&'static dyn DynPermission]>,
    /// `None` uses the settings' authentication classes.
    pub authentication: Option<&'static Authenticators>,
    /// Queryset ordering; empty means the model's.
    pub ordering: &'static [&'static str],
    pub filters: &'static [FilterMeta],
    /// `?search=` paths (DRF's `SearchFilter`), with its `^`, `=`, `@`, `$` prefixes.
    pub search_fields: &'static [&'static str],
    /// Fields `?ordering=` accepts (DRF's `OrderingFilter`).
    pub ordering_fields: &'static [&'static str],
    pub on_create: &'static [RequestAssignment],
    pub on_update: &'static [RequestAssignment],
    /// ScopedRateThrottle's scope.
    pub throttle_scope: Option<&'static str>,
    /// For a generic view, the object taken from the request rather than the URL.
    pub object: Option<RequestPath>,
    /// DRF's `@action` routes of a viewset.
    pub extra_actions: &'static [ExtraAction],
}

/// DRF's `@action(detail=…, methods=[…], url_path=…, url_name=…)`: an extra route of a
/// viewset, served by the viewset's method `name` (see [`ViewSet::extra_action`]).
#[derive(Debug)]
pub struct ExtraAction {
    /// The method's name, DRF's `self.action`.
    pub name: &'static str,
    /// On one object (`{prefix}/{lookup}/{url_path}/`) rather than the collection.
    pub detail: bool,
    /// Upper-case HTTP methods (`POST`).
    pub methods: &'static [&'static str],
    /// The URL segment.
    pub url_path: &'static str,
    /// The URL name is `{basename}-{url_name}`.
    pub url_name: &'static str,
    /// DRF's view name for the route: `pretty_name` of the method (`set_password` → `Set
    /// password`).
    pub view_name: &'static str,
    /// `None` uses the viewset's permissions.
    pub permissions: Option<&'static [&'static dyn DynPermission]>,
    /// DRF's `@action(serializer_class=…)`; `None` uses the viewset's serializer for the
    /// action.
    pub serializer: Option<SerializerClass>,
}

impl ViewConfig {
    /// The serializer's model.
    pub fn model(&self) -> &'static ModelMeta {
        ((self.serializer)().model)()
    }

    /// The serializer declared for `action` (DRF's `self.action`): the extra action's own,
    /// else the one `action_serializers` names, else `serializer`.
    pub fn serializer_for(&self, action: Option<&str>) -> &'static SerializerMeta {
        let Some(action) = action else {
            return (self.serializer)();
        };
        let own = self
            .extra_actions
            .iter()
            .find(|extra| extra.name == action)
            .and_then(|extra| extra.serializer);
        let named = || {
            self.action_serializers
                .iter()
                .find(|(name, _)| *name == action)
                .map(|(_, serializer)| *serializer)
        };
        own.or_else(named).unwrap_or(self.serializer)()
    }

    /// Every serializer the view declares, `serializer` first, each once.
    pub fn serializers(&self) -> Vec<&'static SerializerMeta> {
        let mut all = vec![(self.serializer)()];
        let declared = self.action_serializers.iter().map(|(_, s)| *s);
        let own = self
            .extra_actions
            .iter()
            .filter_map(|extra| extra.serializer);
        for serializer in declared.chain(own).map(|s| s()) {
            if !all.iter().any(|known| std::ptr::eq(*known, serializer)) {
                all.push(serializer);
            }
        }
        all
    }
}

/// A ModelViewSet (or a narrower set of its actions): its declaration (written by
/// `#[derive(ViewSet)]`) and its [`ViewHooks`].
pub trait ViewSet: ViewHooks + Send + Sync + 'static {
    type Serializer: Serializer;

    fn config() -> &'static ViewConfig;

    /// Runs the extra action `name` of [`ViewConfig::extra_actions`]: the derive calls the
    /// viewset's method of that name, `async fn name(&self, action: ActionContext<'_>) ->
    /// Result<ActionResponse, ApiError>`.
    fn extra_action<'a>(
        &'a self,
        name: &'a str,
        action: ActionContext<'a>,
    ) -> BoxFuture<'a, Result<ActionResponse, ApiError>> {
        let _ = action;
        Box::pin(std::future::ready(Err(ApiError::internal(format!(
            "{} has no extra action `{name}`",
            Self::config().name
        )))))
    }
}

/// A generic view outside a viewset: its declaration (written by `#[derive(GenericView)]`) and
/// its [`ViewHooks`].
pub trait GenericView: ViewHooks + Send + Sync + 'static {
    type Serializer: Serializer;

    fn config() -> &'static ViewConfig;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contrib::auth::User;
    use crate::core::types::DateTime;
    use crate::core::types::{Decimal, Duration, ForeignKey, ManyToMany};

    #[derive(Debug, Clone, PartialEq, restforge_macros::Model)]
    #[restforge(app = "shows")]
    struct Venue {
        id: i64,
        #[restforge(max_length = 20)]
        name: String,
    }

    #[derive(Debug, Clone, PartialEq, restforge_macros::Model)]
    #[restforge(app = "shows")]
    struct Performer {
        id: i64,
        #[restforge(max_length = 20)]
        name: String,
    }

    /// The fidelity issue's example model: fields and relations interleaved.
    #[derive(Debug, Clone, PartialEq, restforge_macros::Model)]
    #[restforge(app = "shows")]
    struct Show {
        id: i64,
        #[restforge(max_length = 10)]
        code: String,
        #[restforge(max_length = 50)]
        title: String,
        #[restforge(on_delete = "cascade")]
        venue: ForeignKey<Venue>,
        performers: ManyToMany<Performer>,
        starts_at: DateTime,
        duration: Duration,
        #[restforge(max_digits = 6, decimal_places = 2)]
        price: Decimal,
        #[restforge(on_delete = "cascade")]
        created_by: ForeignKey<User>,
    }

    fn serializer(
        fields: FieldSelection,
        method_fields: &'static [&'static str],
    ) -> SerializerMeta {
        struct NoHooks;
        impl SerializerHooks for NoHooks {}
        SerializerMeta {
            name: "ShowSerializer",
            model: <Show as Model>::meta,
            fields,
            read_only: &[],
            write_only: &[],
            string_related: &["created_by"],
            extra: &[],
            method_fields,
            method_field: None,
            hooks: &NoHooks,
        }
    }

    fn output(meta: &SerializerMeta) -> Vec<&'static str> {
        meta.slots(meta.fields())
            .iter()
            .map(|slot| match slot {
                Slot::Model(field) => field.name,
                Slot::Method(name) => name,
            })
            .collect()
    }

    /// DRF's `get_default_field_names`: pk, declared fields, plain fields in model order, then
    /// foreign keys and one-to-ones, then many-to-many (what DRF 3.18 renders for this model).
    #[test]
    fn all_fields_come_in_drfs_order() {
        assert_eq!(
            output(&serializer(FieldSelection::All, &[])),
            [
                "id",
                "created_by",
                "code",
                "title",
                "starts_at",
                "duration",
                "price",
                "venue",
                "performers"
            ]
        );
        assert_eq!(
            output(&serializer(
                FieldSelection::Exclude(&["title", "venue"]),
                &["poster"]
            )),
            [
                "id",
                "created_by",
                "poster",
                "code",
                "starts_at",
                "duration",
                "price",
                "performers"
            ]
        );
        assert_eq!(
            output(&serializer(
                FieldSelection::Only(&["venue", "poster", "code"]),
                &["poster"]
            )),
            ["venue", "poster", "code"]
        );
    }
}
