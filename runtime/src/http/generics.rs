//! The methods a DRF view overrides (`GenericAPIView.get_queryset`, `get_permissions`,
//! `get_throttles`, and the mixins' `perform_create`, `perform_update`, `perform_destroy`) as
//! [`ViewHooks`], a trait whose every method has DRF's behaviour by default; and what a
//! viewset's extra actions (DRF's `@action` methods) are called with ([`ActionContext`]) and
//! answer ([`ActionResponse`]).
//!
//! `#[derive(ViewSet)]` and `#[derive(GenericView)]` implement it with the defaults. With
//! `#[restforge(hooks)]` (the spec's `hooks: true`) they leave it to you, and you override only
//! what your view does differently:
//!
//! ```ignore
//! impl ViewHooks for TicketViewSet {
//!     // DRF: `return Ticket.objects.filter(reporter=self.request.user)`
//!     fn get_queryset(&self, request: &Request<'_>, queryset: Query) -> Result<Query, ApiError> {
//!         let user = request.user().ok_or_else(ApiError::permission_denied)?;
//!         Ok(queryset.filter_eq("reporter", Value::Int(user.id)))
//!     }
//!
//!     // DRF: `serializer.save(priority="high")` for staff
//!     async fn perform_create(&self, request: &Request<'_>, mut serializer: Save<'_>) -> Result<Saved, ApiError> {
//!         if request.user().is_some_and(|u| u.is_staff) {
//!             serializer.set("priority", "high");
//!         }
//!         serializer.save().await
//!     }
//! }
//! ```

use std::future::Future;

use axum::http::StatusCode;
use futures_util::future::BoxFuture;
use serde_json::Value as Json;

use crate::core::model::{Model, ModelMeta};
use crate::core::value::{ToValue, Value, ValueError};
use crate::db::objects::{WriteError, Writer};
use crate::db::query::{Query, Record};
use crate::http::app::AppState;
use crate::http::error::{ApiError, ErrorTree};
use crate::http::media::{self, StoreError};
use crate::http::meta::{SerializerMeta, ViewSet};
use crate::http::permissions::{DynPermission, Object};
use crate::http::request::Request;
use crate::http::serializer::{self, PendingFile, Representation, Validated};
use crate::http::throttle::DynThrottle;

/// DRF's overridable view methods. Every method defaults to what DRF's generic views do.
#[diagnostic::on_unimplemented(
    message = "`{Self}` declares `hooks` but has no `impl ViewHooks for {Self}`",
    label = "this view's hooks are yours to write",
    note = "write `impl restforge::http::generics::ViewHooks for {Self} {{ … }}` (in a generated project, in the app's `hooks.rs`), overriding the methods you need"
)]
pub trait ViewHooks: Send + Sync + 'static {
    /// DRF's `get_queryset`: the query that the list, the object lookup, updates and deletes
    /// start from. `queryset` is the view's own (its model, with what its serializer and
    /// permissions read); narrow it, e.g. to the request's user.
    fn get_queryset(&self, request: &Request<'_>, queryset: Query) -> Result<Query, ApiError> {
        let _ = request;
        Ok(queryset)
    }

    /// DRF's `get_object`: the row a detail route acts on, found in `queryset` (the view's,
    /// narrowed by `get_queryset`, `filters` and `?search=`) from the URL's `lookup`. The
    /// default reads the primary key; override it to accept another lookup (`me`, `latest`, a
    /// slug). `Ok(None)` is DRF's 404 `No <Model> matches the given query.`. The object
    /// permissions are checked on what it returns, always.
    fn get_object(
        &self,
        request: &Request<'_>,
        queryset: Query,
        lookup: &str,
    ) -> impl Future<Output = Result<Option<Record>, ApiError>> + Send {
        lookup_pk(request, queryset, lookup)
    }

    /// DRF's `get_permissions`: the permissions checked for this request (see
    /// [`Request::action`]); `None` keeps the view's declared ones.
    fn get_permissions(
        &self,
        request: &Request<'_>,
    ) -> Option<&'static [&'static dyn DynPermission]> {
        let _ = request;
        None
    }

    /// DRF's `get_serializer_class`: the serializer that validates and renders this request
    /// (see [`Request::action`]); `None` keeps the declared one (the action's own serializer,
    /// else the view's `serializer`). It must read and write the view's model.
    fn get_serializer_class(&self, request: &Request<'_>) -> Option<&'static SerializerMeta> {
        let _ = request;
        None
    }

    /// DRF's `get_throttles`: throttles this view adds, for this request, to the settings'
    /// rates (which always apply).
    fn get_throttles(&self, request: &Request<'_>) -> &'static [&'static dyn DynThrottle] {
        let _ = request;
        &[]
    }

    /// DRF's `perform_create`: saves the validated data. Set fields, refuse with
    /// `ApiError::validation(…)` or `ApiError::permission_denied()`, or act after the save.
    fn perform_create(
        &self,
        request: &Request<'_>,
        serializer: Save<'_>,
    ) -> impl Future<Output = Result<Saved, ApiError>> + Send {
        let _ = request;
        serializer.save()
    }

    /// DRF's `perform_update`: saves the validated data onto [`Save::instance`].
    fn perform_update(
        &self,
        request: &Request<'_>,
        serializer: Save<'_>,
    ) -> impl Future<Output = Result<Saved, ApiError>> + Send {
        let _ = request;
        serializer.save()
    }

    /// DRF's `perform_destroy`: deletes the instance (or, say, marks it inactive instead).
    fn perform_destroy(
        &self,
        request: &Request<'_>,
        instance: Instance<'_>,
    ) -> impl Future<Output = Result<(), ApiError>> + Send {
        let _ = request;
        instance.delete()
    }
}

/// A [`ViewHooks`] behind a pointer, as routers hold views. Implemented for every view.
pub trait DynView: Send + Sync {
    /// [`ViewHooks::get_queryset`].
    fn queryset(&self, request: &Request<'_>, queryset: Query) -> Result<Query, ApiError>;

    /// [`ViewHooks::get_object`], boxed.
    fn object<'a>(
        &'a self,
        request: &'a Request<'a>,
        queryset: Query,
        lookup: &'a str,
    ) -> BoxFuture<'a, Result<Option<Record>, ApiError>>;

    /// [`ViewHooks::get_permissions`].
    fn permissions(&self, request: &Request<'_>) -> Option<&'static [&'static dyn DynPermission]>;

    /// [`ViewHooks::get_serializer_class`].
    fn serializer_class(&self, request: &Request<'_>) -> Option<&'static SerializerMeta>;

    /// [`ViewHooks::get_throttles`].
    fn throttles(&self, request: &Request<'_>) -> &'static [&'static dyn DynThrottle];

    /// [`ViewHooks::perform_create`], boxed.
    fn create<'a>(
        &'a self,
        request: &'a Request<'a>,
        serializer: Save<'a>,
    ) -> BoxFuture<'a, Result<Saved, ApiError>>;

    /// [`ViewHooks::perform_update`], boxed.
    fn update<'a>(
        &'a self,
        request: &'a Request<'a>,
        serializer: Save<'a>,
    ) -> BoxFuture<'a, Result<Saved, ApiError>>;

    /// [`ViewHooks::perform_destroy`], boxed.
    fn destroy<'a>(
        &'a self,
        request: &'a Request<'a>,
        instance: Instance<'a>,
    ) -> BoxFuture<'a, Result<(), ApiError>>;
}

impl<V: ViewHooks> DynView for V {
    fn queryset(&self, request: &Request<'_>, queryset: Query) -> Result<Query, ApiError> {
        self.get_queryset(request, queryset)
    }

    fn object<'a>(
        &'a self,
        request: &'a Request<'a>,
        queryset: Query,
        lookup: &'a str,
    ) -> BoxFuture<'a, Result<Option<Record>, ApiError>> {
        Box::pin(self.get_object(request, queryset, lookup))
    }

    fn permissions(&self, request: &Request<'_>) -> Option<&'static [&'static dyn DynPermission]> {
        self.get_permissions(request)
    }

    fn serializer_class(&self, request: &Request<'_>) -> Option<&'static SerializerMeta> {
        self.get_serializer_class(request)
    }

    fn throttles(&self, request: &Request<'_>) -> &'static [&'static dyn DynThrottle] {
        self.get_throttles(request)
    }

    fn create<'a>(
        &'a self,
        request: &'a Request<'a>,
        serializer: Save<'a>,
    ) -> BoxFuture<'a, Result<Saved, ApiError>> {
        Box::pin(self.perform_create(request, serializer))
    }

    fn update<'a>(
        &'a self,
        request: &'a Request<'a>,
        serializer: Save<'a>,
    ) -> BoxFuture<'a, Result<Saved, ApiError>> {
        Box::pin(self.perform_update(request, serializer))
    }

    fn destroy<'a>(
        &'a self,
        request: &'a Request<'a>,
        instance: Instance<'a>,
    ) -> BoxFuture<'a, Result<(), ApiError>> {
        Box::pin(self.perform_destroy(request, instance))
    }
}

/// The serializer at `perform_create` / `perform_update`: the validated data, which a hook may
/// read and add to before [`Save::save`] writes it (DRF's `serializer.save(**kwargs)`).
#[derive(Debug)]
pub struct Save<'a> {
    model: &'static ModelMeta,
    state: &'a AppState,
    validated: Validated,
    /// The row being updated, `None` on create.
    instance: Option<Object<'a>>,
    /// Set by [`Save::set`]: what the view knew of the saved row may no longer hold.
    changed: bool,
    /// A field [`Save::set`] named that the model does not have.
    unknown: Option<String>,
}

impl<'a> Save<'a> {
    pub(crate) fn new(
        model: &'static ModelMeta,
        state: &'a AppState,
        validated: Validated,
        instance: Option<Object<'a>>,
    ) -> Self {
        Save {
            model,
            state,
            validated,
            instance,
            changed: false,
            unknown: None,
        }
    }

    /// The model being saved.
    pub fn model(&self) -> &'static ModelMeta {
        self.model
    }

    /// A validated value (`serializer.validated_data.get(field)`); `None` when the request did
    /// not send the field (or it is a many-to-many field or an upload).
    pub fn get(&self, field: &str) -> Option<&Value> {
        self.validated.get(field)
    }

    /// The object being updated, as it was before the request (`serializer.instance`); `None`
    /// on create.
    pub fn instance(&self) -> Option<&Object<'a>> {
        self.instance.as_ref()
    }

    /// Sets a field for the save, replacing any validated value
    /// (`serializer.save(field=value)`). Naming a field the model does not have is an error
    /// at [`Save::save`].
    pub fn set(&mut self, field: &str, value: impl ToValue) -> &mut Self {
        self.changed = true;
        if !self.validated.set(self.model, field, value.to_value()) {
            self.unknown.get_or_insert_with(|| field.to_owned());
        }
        self
    }

    /// Stores the uploads, then writes the row (with its post_save receivers): INSERT on
    /// create, UPDATE of the instance on update.
    pub async fn save(self) -> Result<Saved, ApiError> {
        let Save {
            model,
            state,
            validated,
            instance,
            changed,
            unknown,
        } = self;
        if let Some(field) = unknown {
            return Err(ApiError::internal(format!(
                "{} has no field `{field}` to save",
                model.name
            )));
        }
        let Validated {
            mut values,
            files,
            many_to_many,
        } = validated;
        store_files(state, &mut values, files).await?;
        let writer = Writer::new(&state.db, &state.signals);
        let row = match instance {
            None => writer.create_with(model, values, many_to_many).await,
            Some(instance) => {
                writer
                    .update_with(model, instance.pk(), values, many_to_many)
                    .await
            }
        }
        .map_err(|error| write_error(model, error))?;
        Ok(Saved {
            model,
            row,
            changed,
        })
    }
}

/// A row [`Save::save`] wrote: proof that the hook saved, and the values as stored.
#[derive(Debug, Clone)]
pub struct Saved {
    model: &'static ModelMeta,
    pub(crate) row: Vec<Value>,
    pub(crate) changed: bool,
}

impl Saved {
    /// The primary key of the saved row.
    pub fn pk(&self) -> &Value {
        let index = self.model.columns().position(|f| f.primary_key);
        index.and_then(|i| self.row.get(i)).unwrap_or(&Value::Null)
    }

    /// A column of the saved row by field name.
    pub fn get(&self, field: &str) -> Option<&Value> {
        let index = self.model.columns().position(|f| f.name == field)?;
        self.row.get(index)
    }

    /// The saved row as its model struct.
    pub fn to_model<M: Model>(&self) -> Result<M, ValueError> {
        M::from_row(self.row.clone())
    }
}

/// The object at `perform_destroy` (DRF's `instance`).
#[derive(Debug, Clone, Copy)]
pub struct Instance<'a> {
    object: Object<'a>,
    state: &'a AppState,
}

impl<'a> Instance<'a> {
    /// `object`, to delete or update through `state`'s database (and its signals).
    pub fn new(object: Object<'a>, state: &'a AppState) -> Self {
        Instance { object, state }
    }

    /// The object: its columns and the paths its view selected.
    pub fn object(&self) -> &Object<'a> {
        &self.object
    }

    /// `instance.delete()`: pre_delete receivers, `on_delete` rules, then the DELETEs.
    pub async fn delete(self) -> Result<(), ApiError> {
        let model = self.object.model();
        Writer::new(&self.state.db, &self.state.signals)
            .delete(model, self.object.pk())
            .await
            .map_err(|error| write_error(model, error))
    }

    /// Updates fields of the object instead of deleting it (a soft delete:
    /// `instance.is_active = False; instance.save()`).
    pub async fn update(self, values: Vec<(&'static str, Value)>) -> Result<(), ApiError> {
        let model = self.object.model();
        Writer::new(&self.state.db, &self.state.signals)
            .update(model, self.object.pk(), values)
            .await
            .map(drop)
            .map_err(|error| write_error(model, error))
    }
}

/// DRF's default `get_object` lookup: the URL's value as the primary key (`Not found.` when it
/// cannot be one, `None` when no row of `queryset` has it).
pub async fn lookup_pk(
    request: &Request<'_>,
    queryset: Query,
    lookup: &str,
) -> Result<Option<Record>, ApiError> {
    let pk_field = queryset.model().pk_field();
    let pk = serializer::lookup_value(pk_field, &Json::String(lookup.to_owned()))
        .ok_or_else(ApiError::not_found)?;
    if !serializer::fits(pk_field, &pk) {
        return Ok(None);
    }
    queryset
        .get(request.db(), &pk)
        .await
        .map_err(ApiError::internal)
}

/// Stores each upload under the media root and puts its name among `values`.
pub(crate) async fn store_files(
    state: &AppState,
    values: &mut Vec<(&'static str, Value)>,
    files: Vec<PendingFile>,
) -> Result<(), ApiError> {
    for pending in files {
        let name = media::store(&state.media_root, pending.field, &pending.file)
            .await
            .map_err(|error| match error {
                StoreError::NameTooLong { .. } | StoreError::NoFileName { .. } => {
                    let mut tree = ErrorTree::new();
                    tree.add(pending.field.name, error.to_string());
                    ApiError::ValidationError(tree)
                }
                other => ApiError::internal(other),
            })?;
        values.push((pending.field.name, Value::Text(name)));
    }
    Ok(())
}

/// A failed write as DRF answers it: a unique conflict is a 400 naming the fields, a row gone
/// meanwhile a 404.
pub(crate) fn write_error(model: &'static ModelMeta, error: WriteError) -> ApiError {
    match error {
        WriteError::Unique(fields) if !fields.is_empty() => {
            serializer::unique_error(model, &fields)
        }
        WriteError::NotFound { .. } => ApiError::no_match(model.name),
        other => ApiError::internal(other),
    }
}

/// What an extra action (DRF's `@action` method) is called with: the request and, for a
/// `detail` action, the object of the URL, looked up as `get_object` does (the view's
/// `get_queryset`, 404, object permissions).
#[derive(Clone, Copy)]
pub struct ActionContext<'a> {
    request: &'a Request<'a>,
    object: Option<Object<'a>>,
    query: &'a Query,
    representation: &'a Representation,
    serializer: &'static SerializerMeta,
}

impl std::fmt::Debug for ActionContext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActionContext")
            .field("request", self.request)
            .field("object", &self.object)
            .finish_non_exhaustive()
    }
}

impl<'a> ActionContext<'a> {
    pub(crate) fn new(
        request: &'a Request<'a>,
        object: Option<Object<'a>>,
        query: &'a Query,
        representation: &'a Representation,
        serializer: &'static SerializerMeta,
    ) -> Self {
        ActionContext {
            request,
            object,
            query,
            representation,
            serializer,
        }
    }

    /// The request (DRF's `request` argument).
    pub fn request(&self) -> &'a Request<'a> {
        self.request
    }

    /// The object of a `detail` action (DRF's `self.get_object()`); `None` on the collection.
    pub fn object(&self) -> Option<&Object<'a>> {
        self.object.as_ref()
    }

    /// The request body validated by the action's serializer (its `serializer`, the
    /// viewset's `action_serializers` entry, or what `get_serializer_class` chooses): DRF's
    /// `serializer = self.get_serializer(data=request.data)` then
    /// `serializer.is_valid(raise_exception=True)`. Errors are DRF's 400 body.
    pub async fn validate(&self) -> Result<Validated, ApiError> {
        let body = self.request.context().data().await?;
        let context = serializer::Context {
            hooks: self.serializer.hooks,
            request: self.request,
            instance: None,
        };
        serializer::validate(
            self.serializer,
            &body,
            serializer::Mode::Create,
            &[],
            &context,
        )
        .await
    }

    /// The object as it is now in the database, rendered by the action's serializer
    /// (`self.get_serializer(self.get_object()).data`), e.g. after the action changed it.
    pub async fn object_data(&self) -> Result<Json, ApiError> {
        let object = self
            .object
            .as_ref()
            .ok_or_else(|| ApiError::internal("object_data() of an action without detail"))?;
        let record = self
            .query
            .get(self.request.db(), object.pk())
            .await
            .map_err(ApiError::internal)?
            .ok_or_else(|| ApiError::no_match(object.model().name))?;
        self.representation
            .represent(self.request, record, self.query.select_paths())
            .await
    }
}

/// What an extra action answers (DRF's `Response(data, status=…)`), rendered like every other
/// response of the view.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionResponse {
    pub status: StatusCode,
    /// `None` for an empty body (204).
    pub data: Option<Json>,
}

impl ActionResponse {
    /// 200 with `data`.
    pub fn ok(data: Json) -> Self {
        ActionResponse {
            status: StatusCode::OK,
            data: Some(data),
        }
    }

    /// `data` with another status (`201`, `202`, …).
    pub fn with_status(status: StatusCode, data: Json) -> Self {
        ActionResponse {
            status,
            data: Some(data),
        }
    }

    /// 204 without a body.
    pub fn no_content() -> Self {
        ActionResponse {
            status: StatusCode::NO_CONTENT,
            data: None,
        }
    }
}

/// A viewset's extra actions behind a pointer, as routers hold them.
pub trait DynExtraActions: Send + Sync {
    /// [`ViewSet::extra_action`].
    fn run<'a>(
        &'a self,
        name: &'a str,
        action: ActionContext<'a>,
    ) -> BoxFuture<'a, Result<ActionResponse, ApiError>>;
}

impl<V: ViewSet> DynExtraActions for V {
    fn run<'a>(
        &'a self,
        name: &'a str,
        action: ActionContext<'a>,
    ) -> BoxFuture<'a, Result<ActionResponse, ApiError>> {
        self.extra_action(name, action)
    }
}
