//! Dispatch in DRF's order (DRF-CONTRACT §0): content negotiation → authentication →
//! permissions → throttles → method → object lookup → body parsing → validation, then the
//! action (list, create, retrieve, update, partial_update, destroy) and DRF's response headers
//! (`Allow` on every response, `Vary`).
//!
//! [`Site`] is what [`crate::http::router::build`] serves: every router of the app, `/media/`, and
//! DRF's `obtain_auth_token` at `/api-token-auth/`. Per view, the query and the renderer of
//! its serializer are planned once at start-up ([`Plan`]), so a request only clones a query
//! builder and runs it: a list page is authentication, COUNT and one SELECT with JOINs; a detail
//! is authentication and one SELECT.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value as Json;

use crate::core::model::{FieldKind, ModelMeta};
use crate::core::value::Value;
use crate::db::Database;
use crate::db::query::{Query, Record};
use crate::http::app::{App, AppState};
use crate::http::authentication::{self, Authenticators, DynAuthentication};
use crate::http::endpoints::Endpoints;
use crate::http::error::{ApiError, AuthChallenge, ErrorTree};
use crate::http::generics::{ActionContext, Instance, Save, Saved};
use crate::http::meta::{
    Action, AuthenticationScheme, ExtraAction, RequestAssignment, RequestPath, SerializerMeta,
    ViewConfig,
};
use crate::http::metadata;
use crate::http::negotiation::{Negotiated, Renderer, select_renderer};
use crate::http::permissions::{self, DynPermission, Object};
use crate::http::request::{Body as RequestBody, BodyLimits, ParsedBody, Request, RequestContext};
use crate::http::router::{self, EntryKind, Resolved, RouteEntry, RouteKind, Routes};
use crate::http::serializer::{self, Mode, Representation};
use crate::http::settings::Settings;

/// Django's 400 page (a `SuspiciousOperation`, such as a `Host` outside `ALLOWED_HOSTS`).
pub const BAD_REQUEST_HTML: &str = "<h1>Bad Request (400)</h1>";

/// Django's 404 page for a URL no pattern matches.
pub const NOT_FOUND_HTML: &str =
    "<h1>Not Found</h1><p>The requested resource was not found on this server.</p>";

/// The path of DRF's `obtain_auth_token` view.
pub const TOKEN_AUTH_PATH: &str = "/api-token-auth/";

/// The renderers of every API view, in DRF's default order.
const RENDERERS: [Renderer; 2] = [Renderer::Json, Renderer::BrowsableApi];

/// A view's query and renderer, planned once.
#[derive(Debug)]
struct Plan {
    config: &'static ViewConfig,
    model: &'static ModelMeta,
    serializer: &'static SerializerMeta,
    /// The object query: the paths the permissions read first, then display paths.
    query: Query,
    representation: Representation,
    permissions: Vec<&'static dyn DynPermission>,
    authentication: Vec<&'static dyn DynAuthentication>,
}

/// The permissions a request is checked against: the view's declared ones, unless its
/// `get_permissions` hook chooses others for the request.
#[derive(Clone, Copy)]
struct Permissions<'a> {
    declared: &'a [&'static dyn DynPermission],
    view: Option<&'a dyn crate::http::generics::DynView>,
}

impl<'a> Permissions<'a> {
    fn declared(declared: &'a [&'static dyn DynPermission]) -> Self {
        Permissions {
            declared,
            view: None,
        }
    }

    fn of(plan: &'a Plan, entry: &'a RouteEntry) -> Self {
        Permissions {
            declared: &plan.permissions,
            view: Some(&*entry.view),
        }
    }

    fn for_request(self, request: &Request<'_>) -> &'a [&'static dyn DynPermission] {
        self.view
            .and_then(|view| view.permissions(request))
            .unwrap_or(self.declared)
    }
}

/// Everything the HTTP layer serves, built once from the app and its state.
#[derive(Debug)]
pub struct Site {
    routers: Vec<Routes>,
    /// Every view with each serializer it declares.
    plans: Vec<Plan>,
    /// Views with a serializer only their `get_serializer_class` hook names, planned on first
    /// use and kept for the life of the process (one per view and serializer at most).
    late_plans: std::sync::Mutex<Vec<&'static Plan>>,
    state: AppState,
    models: Vec<&'static ModelMeta>,
    limits: BodyLimits,
    media_url: String,
    media_root: PathBuf,
    /// Whether [`Site::handle`] checks `ALLOWED_HOSTS` (no middleware in front does).
    checks_host: bool,
}

/// Where a request goes.
enum Target<'a> {
    Root(&'a Routes, Option<String>),
    Route {
        entry: &'a RouteEntry,
        kind: RouteKind,
        lookup: Option<String>,
        format: Option<String>,
    },
    /// A viewset's extra action.
    Extra {
        entry: &'a RouteEntry,
        action: &'static ExtraAction,
        lookup: Option<String>,
        format: Option<String>,
    },
    TokenAuth,
    /// dj-rest-auth, simplejwt and the browsable API's login (`crate::accounts`).
    Accounts(&'a dyn Endpoints),
    Media(String),
}

/// The per-request pieces every response needs.
struct Reply {
    /// DRF's view name (`Profile Status List`), the browsable page's title.
    name: String,
    allow: String,
    vary: Option<&'static str>,
    negotiated: Option<Negotiated>,
    head: bool,
}

impl Site {
    /// Plans every view of `app`.
    pub fn new(app: &App, state: AppState, limits: BodyLimits) -> Site {
        let settings = &*state.settings;
        let routers: Vec<Routes> = app.routes().to_vec();
        let media_url = settings.media_url.clone();
        let mut plans = Vec::new();
        for routes in &routers {
            for entry in &routes.entries {
                if plans
                    .iter()
                    .any(|p: &Plan| std::ptr::eq(p.config, entry.config))
                {
                    continue;
                }
                for serializer in entry.config.serializers() {
                    plans.push(Plan::new(entry.config, serializer, settings, &media_url));
                }
            }
        }
        Site {
            models: app.models().to_vec(),
            limits,
            media_root: state.media_root.clone(),
            routers,
            plans,
            late_plans: std::sync::Mutex::new(Vec::new()),
            state,
            media_url,
            checks_host: true,
        }
    }

    /// Whether [`Site::handle`] checks the `Host` header against `ALLOWED_HOSTS`; off when a
    /// middleware in front of it does.
    pub fn checking_host(mut self, on: bool) -> Site {
        self.checks_host = on;
        self
    }

    /// The plan of a view with its declared `serializer`: what authentication, permissions
    /// and throttles read before the action is known.
    fn plan(&self, config: &'static ViewConfig) -> &Plan {
        self.plans
            .iter()
            .find(|p| std::ptr::eq(p.config, config))
            .expect("every routed view is planned")
    }

    /// The plan of the serializer this request uses: the view's `get_serializer_class` hook,
    /// else the one declared for the action (DRF's `get_serializer_class`).
    fn serializer_plan(
        &self,
        request: &Request<'_>,
        entry: &RouteEntry,
    ) -> Result<&Plan, ApiError> {
        let config = entry.config;
        let serializer = entry
            .view
            .serializer_class(request)
            .unwrap_or_else(|| config.serializer_for(request.action()));
        if !std::ptr::eq((serializer.model)(), config.model()) {
            return Err(ApiError::internal(format!(
                "{}.get_serializer_class chose {}, whose model is not {}: a view's serializers \
                 read and write its model",
                config.name,
                serializer.name,
                config.model().name
            )));
        }
        let planned =
            |p: &&Plan| std::ptr::eq(p.config, config) && std::ptr::eq(p.serializer, serializer);
        if let Some(plan) = self.plans.iter().find(planned) {
            return Ok(plan);
        }
        let mut late = self.late_plans.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(plan) = late.iter().copied().find(|p| planned(p)) {
            return Ok(plan);
        }
        let plan: &'static Plan = Box::leak(Box::new(Plan::new(
            config,
            serializer,
            &self.state.settings,
            &self.media_url,
        )));
        late.push(plan);
        Ok(plan)
    }

    fn db(&self) -> &Database {
        &self.state.db
    }

    fn resolve(&self, path: &str) -> Option<Target<'_>> {
        if path == TOKEN_AUTH_PATH && self.token_auth_enabled() {
            return Some(Target::TokenAuth);
        }
        if let Some(accounts) = self.state.settings.accounts.as_deref()
            && accounts.matches(path)
        {
            return Some(Target::Accounts(accounts));
        }
        if let Some(relative) = path.strip_prefix(self.media_url.as_str())
            && self.media_url.starts_with('/')
            && self.media_url.ends_with('/')
        {
            return Some(Target::Media(relative.to_owned()));
        }
        for routes in &self.routers {
            let Some(found) = routes.resolve(path) else {
                continue;
            };
            return Some(match found {
                Resolved::Root { format } => Target::Root(routes, format),
                Resolved::List { entry, format } => Target::Route {
                    entry,
                    kind: RouteKind::List,
                    lookup: None,
                    format,
                },
                Resolved::Detail {
                    entry,
                    lookup,
                    format,
                } => Target::Route {
                    entry,
                    kind: RouteKind::Detail,
                    lookup: Some(lookup),
                    format,
                },
                Resolved::View { entry } => Target::Route {
                    entry,
                    kind: RouteKind::View,
                    lookup: None,
                    format: None,
                },
                Resolved::ExtraAction {
                    entry,
                    action,
                    lookup,
                    format,
                } => Target::Extra {
                    entry,
                    action,
                    lookup,
                    format,
                },
            });
        }
        None
    }

    fn token_auth_enabled(&self) -> bool {
        self.state
            .settings
            .authentication
            .iter()
            .any(|class| class.builtin() == Some(AuthenticationScheme::Token))
    }

    /// Serves one request. Never fails: every error is a DRF (or Django) response.
    pub async fn handle(&self, request: axum::extract::Request) -> Response {
        let (parts, body) = request.into_parts();
        if self.checks_host && !host_allowed(&self.state.settings, &parts.headers) {
            return bad_request_html();
        }
        let path = percent_decode(parts.uri.path());
        let Some(target) = self.resolve(&path) else {
            // Django's CommonMiddleware: APPEND_SLASH redirects when the slashed path matches.
            if !path.ends_with('/') && self.resolve(&format!("{path}/")).is_some() {
                let location = match parts.uri.query() {
                    Some(query) => format!("{}/?{query}", parts.uri.path()),
                    None => format!("{}/", parts.uri.path()),
                };
                return redirect(&location);
            }
            return not_found_html();
        };
        if let Target::Media(relative) = &target {
            return self.media(&parts.method, relative).await;
        }
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        let limit = self.limits.for_content_type(content_type);
        let body = match axum::body::to_bytes(body, limit).await {
            Ok(bytes) => RequestBody::Bytes(bytes),
            Err(_) => RequestBody::TooLarge,
        };
        let remote_addr = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip().to_string());
        let secure = self.is_secure(&parts.headers);
        let mut ctx = RequestContext {
            method: parts.method,
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().map(str::to_owned),
            headers: parts.headers,
            user: None,
            body,
            remote_addr,
            secure,
        };
        match target {
            // Rare and large: boxed, so that they do not size every request's future.
            Target::TokenAuth => Box::pin(self.token_auth(&mut ctx)).await,
            Target::Accounts(accounts) => accounts.serve(&path, &self.state, &mut ctx).await,
            Target::Root(routes, format) => self.root(&mut ctx, routes, format).await,
            Target::Route {
                entry,
                kind,
                lookup,
                format,
            } => self.route(&mut ctx, entry, kind, lookup, format).await,
            Target::Extra {
                entry,
                action,
                lookup,
                format,
            } => Box::pin(self.extra_action(&mut ctx, entry, action, lookup, format)).await,
            Target::Media(_) => not_found_html(),
        }
    }

    async fn media(&self, method: &Method, relative: &str) -> Response {
        if *method != Method::GET && *method != Method::HEAD {
            return not_found_html();
        }
        match crate::http::media::serve(&self.media_root, relative).await {
            Some(response) if *method == Method::HEAD => head_of(response).await,
            Some(response) => response,
            None => not_found_html(),
        }
    }

    /// The authentication, permission and throttle steps shared by every API view.
    async fn initial(
        &self,
        ctx: &mut RequestContext,
        schemes: &Authenticators,
        permissions: Permissions<'_>,
        action: Option<&str>,
        throttle_scope: Option<&str>,
    ) -> Result<(), ApiError> {
        ctx.user = authentication::authenticate(schemes, ctx, &self.state, action).await?;
        let request = Request::new(ctx, &self.state, action);
        permissions::check_permissions(
            permissions.for_request(&request),
            &request,
            !schemes.is_empty(),
            || authentication::challenge(schemes),
        )
        .await?;
        let built_in =
            crate::http::throttle::throttle_request(&self.state, ctx, throttle_scope).await;
        match permissions.view.map(|view| view.throttles(&request)) {
            Some(throttles) if !throttles.is_empty() => {
                crate::http::throttle::check_throttles(built_in, throttles, &request).await
            }
            _ => built_in,
        }
    }

    /// Django's `request.is_secure()`: only what `SECURE_PROXY_SSL_HEADER` says.
    fn is_secure(&self, headers: &axum::http::HeaderMap) -> bool {
        let Some((name, expected)) = &self.state.settings.secure_proxy_ssl_header else {
            return false;
        };
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(',').next())
            .is_some_and(|first| first.trim() == expected)
    }

    async fn root(
        &self,
        ctx: &mut RequestContext,
        routes: &Routes,
        suffix: Option<String>,
    ) -> Response {
        let settings = &*self.state.settings;
        let schemes = settings.authentication.clone();
        let mut reply = Reply {
            name: "Api Root".to_owned(),
            allow: router::allow_header(&[Method::GET]),
            vary: vary(&schemes),
            negotiated: None,
            head: ctx.method == Method::HEAD,
        };
        let result = async {
            let format = suffix.clone().or_else(|| ctx.query_param("format"));
            reply.negotiated = Some(negotiate(ctx, format.as_deref())?);
            let permissions = Permissions::declared(&settings.default_permissions);
            self.initial(ctx, &schemes, permissions, None, None).await?;
            match ctx.method {
                Method::GET | Method::HEAD => {
                    let links =
                        routes.root_links(&ctx.origin(), format.as_deref(), suffix.is_some());
                    Ok((StatusCode::OK, Some(Json::Object(links))))
                }
                Method::OPTIONS => Ok((
                    StatusCode::OK,
                    Some(metadata::options_body("Api Root", None)),
                )),
                ref other => Err(ApiError::MethodNotAllowed(other.to_string())),
            }
        }
        .await;
        reply.finish(result, Vec::new()).await
    }

    async fn route(
        &self,
        ctx: &mut RequestContext,
        entry: &RouteEntry,
        kind: RouteKind,
        lookup: Option<String>,
        suffix: Option<String>,
    ) -> Response {
        let plan = self.plan(entry.config);
        let methods = router::method_actions(plan.config, kind);
        let offered: Vec<Method> = methods.iter().map(|(m, _)| m.clone()).collect();
        let name = match (entry.kind, kind) {
            (EntryKind::ViewSet, RouteKind::List) => format!("{} List", plan.config.view_name),
            (EntryKind::ViewSet, _) => format!("{} Instance", plan.config.view_name),
            (EntryKind::View, _) => plan.config.view_name.to_owned(),
        };
        let mut reply = Reply {
            name,
            allow: router::allow_header(&offered),
            vary: vary(&plan.authentication),
            negotiated: None,
            head: ctx.method == Method::HEAD,
        };
        let mut extra = Vec::new();
        let result = async {
            let format = suffix.or_else(|| ctx.query_param("format"));
            reply.negotiated = Some(negotiate(ctx, format.as_deref())?);
            let method = if ctx.method == Method::HEAD {
                Method::GET
            } else {
                ctx.method.clone()
            };
            let action = methods.iter().find(|(m, _)| *m == method).map(|(_, a)| *a);
            // DRF's `self.action`: OPTIONS is `metadata`, a method the route lacks `None`.
            let action_name = match (&ctx.method, action) {
                (&Method::OPTIONS, _) => Some("metadata"),
                (_, action) => action.map(Action::name),
            };
            let permissions = Permissions::of(plan, entry);
            self.initial(
                ctx,
                &plan.authentication,
                permissions,
                action_name,
                plan.config.throttle_scope,
            )
            .await?;
            if ctx.method == Method::OPTIONS {
                let actions =
                    Box::pin(self.options_actions(ctx, plan, entry, &methods, lookup.as_deref()))
                        .await;
                return Ok((
                    StatusCode::OK,
                    Some(metadata::options_body_described(
                        &reply.name,
                        plan.config.description,
                        actions,
                    )),
                ));
            }
            let Some(action) = action else {
                return Err(ApiError::MethodNotAllowed(ctx.method.to_string()));
            };
            let request = Request::new(ctx, &self.state, Some(action.name()));
            let plan = self.serializer_plan(&request, entry)?;
            let (status, body) = self
                .action(&request, plan, entry, action, lookup.as_deref())
                .await?;
            if action == Action::Create
                && let Some(Json::Object(object)) = &body
                && let Some(url) = object.get("url")
            {
                let url = match url {
                    Json::String(s) => s.clone(),
                    other => other.to_string(),
                };
                if let Ok(value) = HeaderValue::from_str(&url) {
                    extra.push((header::LOCATION, value));
                }
            }
            Ok((status, body))
        }
        .await;
        reply.finish(result, extra).await
    }

    /// A viewset's extra action (DRF's `@action` route): the viewset's authentication, the
    /// action's permissions (or the viewset's), throttles, then for a `detail` action the
    /// object as `get_object` finds it, and the user's method.
    async fn extra_action(
        &self,
        ctx: &mut RequestContext,
        entry: &RouteEntry,
        action: &'static ExtraAction,
        lookup: Option<String>,
        suffix: Option<String>,
    ) -> Response {
        let plan = self.plan(entry.config);
        let offered: Vec<Method> = action
            .methods
            .iter()
            .filter_map(|m| Method::from_bytes(m.as_bytes()).ok())
            .collect();
        let mut reply = Reply {
            name: action.view_name.to_owned(),
            allow: router::allow_header(&offered),
            vary: vary(&plan.authentication),
            negotiated: None,
            head: ctx.method == Method::HEAD,
        };
        let declared = action
            .permissions
            .map_or(plan.permissions.as_slice(), |list| list);
        let result = async {
            let format = suffix.or_else(|| ctx.query_param("format"));
            reply.negotiated = Some(negotiate(ctx, format.as_deref())?);
            let action_name = if ctx.method == Method::OPTIONS {
                "metadata"
            } else {
                action.name
            };
            let permissions = Permissions {
                declared,
                view: Some(&*entry.view),
            };
            self.initial(
                ctx,
                &plan.authentication,
                permissions,
                Some(action_name),
                plan.config.throttle_scope,
            )
            .await?;
            if ctx.method == Method::OPTIONS {
                return Ok((
                    StatusCode::OK,
                    Some(metadata::options_body_described(
                        &reply.name,
                        plan.config.description,
                        None,
                    )),
                ));
            }
            let method = if ctx.method == Method::HEAD {
                Method::GET
            } else {
                ctx.method.clone()
            };
            if !offered.contains(&method) {
                return Err(ApiError::MethodNotAllowed(ctx.method.to_string()));
            }
            let Some(actions) = &entry.actions else {
                return Err(ApiError::internal("an extra action on a generic view"));
            };
            let request = Request::new(ctx, &self.state, Some(action.name));
            let plan = self.serializer_plan(&request, entry)?;
            let record = match &lookup {
                Some(lookup) => Some(
                    self.object_checked(&request, plan, entry, Some(lookup), declared)
                        .await?,
                ),
                None => None,
            };
            let paths = plan.query.select_paths();
            let object = record
                .as_ref()
                .map(|record| Object::new(plan.model, record, paths));
            let context = ActionContext::new(
                &request,
                object,
                &plan.query,
                &plan.representation,
                plan.serializer,
            );
            let response = actions.run(action.name, context).await?;
            Ok((response.status, response.data))
        }
        .await;
        reply.finish(result, Vec::new()).await
    }

    /// DRF's `SimpleMetadata.determine_actions`: POST on a list route, PUT on a detail route,
    /// each only when allowed and permitted (as that method) for this user and object.
    async fn options_actions(
        &self,
        ctx: &RequestContext,
        plan: &Plan,
        entry: &RouteEntry,
        methods: &[(Method, Action)],
        lookup: Option<&str>,
    ) -> Option<(&'static str, serde_json::Map<String, Json>)> {
        let (method, name) = if methods.iter().any(|(m, _)| *m == Method::PUT) {
            (Method::PUT, "PUT")
        } else if methods.iter().any(|(m, _)| *m == Method::POST) {
            (Method::POST, "POST")
        } else {
            return None;
        };
        let mut as_method = ctx.clone();
        as_method.method = method.clone();
        let action = methods
            .iter()
            .find(|(m, _)| *m == method)
            .map(|(_, a)| a.name());
        let request = Request::new(&as_method, &self.state, action);
        let permissions = Permissions::of(plan, entry).for_request(&request);
        if !permissions::all_allow(permissions, &request).await.ok()? {
            return None;
        }
        if method == Method::PUT {
            self.object(&request, plan, entry, lookup).await.ok()?;
        }
        // DRF's `SimpleMetadata` asks `get_serializer()` while `self.action` is `metadata`.
        let metadata = Request::new(ctx, &self.state, Some("metadata"));
        let serializer = self.serializer_plan(&metadata, entry).ok()?.serializer;
        Some((
            name,
            metadata::serializer_info(serializer, self.db().dialect()),
        ))
    }

    async fn action(
        &self,
        request: &Request<'_>,
        plan: &Plan,
        entry: &RouteEntry,
        action: Action,
        lookup: Option<&str>,
    ) -> Result<(StatusCode, Option<Json>), ApiError> {
        // Each action's future is boxed: awaited inline, the largest (create, update) would
        // size every request's future, which axum allocates and moves per request.
        match action {
            Action::List => Box::pin(self.list(request, plan, entry))
                .await
                .map(|b| (StatusCode::OK, Some(b))),
            Action::Create => Box::pin(self.create(request, plan, entry))
                .await
                .map(|b| (StatusCode::CREATED, Some(b))),
            Action::Retrieve => {
                let record = self.object(request, plan, entry, lookup).await?;
                let paths = plan.query.select_paths();
                let body = plan
                    .representation
                    .represent(request, record, paths)
                    .await?;
                Ok((StatusCode::OK, Some(body)))
            }
            Action::Update | Action::PartialUpdate => {
                let record = self.object(request, plan, entry, lookup).await?;
                let partial = action == Action::PartialUpdate;
                Box::pin(self.update(request, plan, entry, record, partial))
                    .await
                    .map(|b| (StatusCode::OK, Some(b)))
            }
            Action::Destroy => {
                let record = self.object(request, plan, entry, lookup).await?;
                let paths = plan.query.select_paths();
                let instance = Instance::new(Object::new(plan.model, &record, paths), &self.state);
                Box::pin(entry.view.destroy(request, instance)).await?;
                Ok((StatusCode::NO_CONTENT, None))
            }
        }
    }

    /// The view's queryset with `filters` and `?search=` applied (DRF's `filter_queryset`,
    /// which `get_object` uses too).
    fn filtered(
        &self,
        request: &Request<'_>,
        plan: &Plan,
        entry: &RouteEntry,
    ) -> Result<Query, ApiError> {
        let ctx = request.context();
        let mut query = entry.view.queryset(request, plan.query.clone())?;
        for filter in plan.config.filters {
            // django-filter ignores an empty value.
            if let Some(value) = ctx.query_param(filter.param).filter(|v| !v.is_empty()) {
                query = query.filter_eq(filter.path, Value::Text(value));
            }
        }
        if !plan.config.search_fields.is_empty()
            && let Some(terms) = ctx.query_param("search")
        {
            let count = crate::db::query::search_terms(&terms).len();
            if count > crate::db::query::MAX_SEARCH_TERMS {
                let mut tree = ErrorTree::new();
                tree.add(
                    "search",
                    format!(
                        "Ensure this value has at most {} search terms (it has {count}).",
                        crate::db::query::MAX_SEARCH_TERMS
                    ),
                );
                return Err(ApiError::ValidationError(tree));
            }
            query = query.search(plan.config.search_fields, &terms);
        }
        Ok(query)
    }

    async fn list(
        &self,
        request: &Request<'_>,
        plan: &Plan,
        entry: &RouteEntry,
    ) -> Result<Json, ApiError> {
        let ctx = request.context();
        let mut query = self
            .filtered(request, plan, entry)?
            .order_by(plan.config.ordering);
        if let Some(ordering) = ctx.query_param("ordering") {
            let valid = valid_ordering(&ordering, plan.config.ordering_fields);
            if !valid.is_empty() {
                let terms: Vec<&str> = valid.iter().map(String::as_str).collect();
                query = query.order_by(&terms);
            }
        }
        let (records, respond) = match &self.state.settings.pagination {
            None => {
                let records = query
                    .fetch_all(self.db())
                    .await
                    .map_err(ApiError::internal)?;
                (records, None)
            }
            Some(paginator) => {
                let (records, respond) = paginator.paginate(request, &query).await?;
                (records, Some(respond))
            }
        };
        let rows = if plan.representation.has_method_fields() {
            let mut rows = Vec::with_capacity(records.len());
            for record in records {
                rows.push(
                    plan.representation
                        .represent(request, record, query.select_paths())
                        .await?,
                );
            }
            rows
        } else {
            let origin = ctx.origin();
            records
                .into_iter()
                .map(|r| plan.representation.render(r, &origin))
                .collect()
        };
        Ok(match respond {
            Some(respond) => respond(rows),
            None => Json::Array(rows),
        })
    }

    /// DRF's `get_object`: the lookup from the URL (or the request, for a generic view with
    /// `object`), 404s, then every object permission.
    async fn object(
        &self,
        request: &Request<'_>,
        plan: &Plan,
        entry: &RouteEntry,
        lookup: Option<&str>,
    ) -> Result<Record, ApiError> {
        self.object_checked(request, plan, entry, lookup, &plan.permissions)
            .await
    }

    /// [`Site::object`] checked against `declared` permissions (an extra action's own) unless
    /// the view's `get_permissions` chooses others.
    async fn object_checked(
        &self,
        request: &Request<'_>,
        plan: &Plan,
        entry: &RouteEntry,
        lookup: Option<&str>,
        declared: &[&'static dyn DynPermission],
    ) -> Result<Record, ApiError> {
        let ctx = request.context();
        let permissions = Permissions {
            declared,
            view: Some(&*entry.view),
        }
        .for_request(request);
        // Permissions chosen per request may read paths the plan did not select; the query
        // the object comes from then selects them too, and tells where they are.
        let selected = plan.query.select_paths();
        let mut missing = Vec::new();
        if !std::ptr::eq(permissions, plan.permissions.as_slice()) {
            let mut wanted = Vec::new();
            for permission in permissions {
                permission.collect_object_paths(&mut wanted);
            }
            missing.extend(
                wanted
                    .into_iter()
                    .filter(|path| !selected.iter().any(|s| s.as_slice() == *path)),
            );
        }
        let mut extended: Option<Vec<Vec<&'static str>>> = None;
        let record = match (lookup, plan.config.object) {
            (Some(lookup), _) => {
                let mut query = self.filtered(request, plan, entry)?;
                for path in &missing {
                    query = query.select_path(path.to_vec());
                }
                if !missing.is_empty() || query.select_paths().len() != selected.len() {
                    extended = Some(query.select_paths().to_vec());
                }
                entry.view.object(request, query, lookup).await?
            }
            (None, Some(path)) => {
                let Some(user) = &ctx.user else {
                    return Err(ApiError::not_found());
                };
                self.object_of_user(plan, user.id, path).await?
            }
            (None, None) => None,
        };
        let record = record.ok_or_else(|| ApiError::no_match(plan.model.name))?;
        let paths = extended.as_deref().unwrap_or(selected);
        permissions::check_object_permissions(
            permissions,
            request,
            &Object::new(plan.model, &record, paths),
            !plan.authentication.is_empty(),
            || authentication::challenge(&plan.authentication),
        )
        .await?;
        Ok(record)
    }

    /// The object `request.user.<path>`: one statement for the user or the model one-to-one
    /// with the user (`request.user.profile`), two for a longer path (the key, then the row).
    async fn object_of_user(
        &self,
        plan: &Plan,
        user_id: i64,
        path: RequestPath,
    ) -> Result<Option<Record>, ApiError> {
        let db = self.db();
        match path.0 {
            [] => plan
                .query
                .get(db, &Value::Int(user_id))
                .await
                .map_err(ApiError::internal),
            [reverse] => {
                let (model, field) = self.reverse_one_to_one(reverse)?;
                if !std::ptr::eq(model, plan.model) {
                    return Err(ApiError::internal(format!(
                        "request.user.{reverse} is a {}, not a {}",
                        model.name, plan.model.name
                    )));
                }
                let rows = plan
                    .query
                    .clone()
                    .filter_eq(field, Value::Int(user_id))
                    .fetch_all(db)
                    .await
                    .map_err(ApiError::internal)?;
                Ok(rows.into_iter().next())
            }
            longer => {
                let target = self.user_path_target(longer)?;
                if !target
                    .relation
                    .is_some_and(|r| std::ptr::eq((r.to)(), plan.model))
                {
                    return Err(ApiError::internal(format!(
                        "request.user.{} is not a {}",
                        longer.join("."),
                        plan.model.name
                    )));
                }
                match self.user_path_value(user_id, longer).await? {
                    UserPathValue::Value(Value::Null) | UserPathValue::Missing => Ok(None),
                    UserPathValue::Value(pk) => {
                        plan.query.get(db, &pk).await.map_err(ApiError::internal)
                    }
                }
            }
        }
    }

    /// The model one-to-one with `auth.User` under the reverse accessor `name`, and its field.
    fn reverse_one_to_one(
        &self,
        name: &str,
    ) -> Result<(&'static ModelMeta, &'static str), ApiError> {
        self.find_reverse_one_to_one(name).ok_or_else(|| {
            ApiError::internal(format!("no model is one-to-one with the user as `{name}`"))
        })
    }

    fn find_reverse_one_to_one(&self, name: &str) -> Option<(&'static ModelMeta, &'static str)> {
        for model in &self.models {
            for field in model.fields {
                let Some(relation) = field.relation else {
                    continue;
                };
                if field.field_type != FieldKind::OneToOne || (relation.to)().table != "auth_user" {
                    continue;
                }
                let accessor = relation.related_name.unwrap_or(model.model_name);
                if accessor == name {
                    return Some((model, field.name));
                }
            }
        }
        None
    }

    /// Where `request.user.<path>` starts: the model one-to-one with the user when the first
    /// step is its reverse accessor (`profile`), else `auth.User` itself (`username`).
    fn user_path_start<'p>(
        &self,
        path: &'p [&'static str],
    ) -> (Query, &'static ModelMeta, &'p [&'static str], UserPathStart) {
        match path.split_first() {
            Some((first, rest)) => match self.find_reverse_one_to_one(first) {
                Some((model, field)) => (
                    Query::new(model),
                    model,
                    rest,
                    UserPathStart::Reverse(field),
                ),
                None => {
                    let user = <crate::contrib::auth::User as crate::core::model::Model>::meta();
                    (Query::new(user), user, path, UserPathStart::User)
                }
            },
            None => {
                let user = <crate::contrib::auth::User as crate::core::model::Model>::meta();
                (Query::new(user), user, path, UserPathStart::User)
            }
        }
    }

    /// The model field `request.user.<path>` ends at (its primary key for
    /// `request.user.profile`).
    fn user_path_target(
        &self,
        path: &[&'static str],
    ) -> Result<&'static crate::core::model::FieldMeta, ApiError> {
        let (_, mut model, rest, _) = self.user_path_start(path);
        let mut field = model.pk_field();
        for (i, step) in rest.iter().enumerate() {
            if i > 0 {
                match field.relation {
                    Some(relation) if field.field_type != FieldKind::ManyToMany => {
                        model = (relation.to)();
                    }
                    _ => {
                        return Err(ApiError::internal(format!(
                            "request.user.{}: `{}` is not a relation",
                            path.join("."),
                            field.name
                        )));
                    }
                }
            }
            field = model.field(step).ok_or_else(|| {
                ApiError::internal(format!(
                    "request.user.{}: {} has no field `{step}`",
                    path.join("."),
                    model.name
                ))
            })?;
        }
        Ok(field)
    }

    /// `request.user.<path>` as a value, in one statement: the user's key for an empty path,
    /// else the row the first step reaches (the user, or the model one-to-one with the user)
    /// with the rest of the path selected through relations.
    async fn user_path_value(
        &self,
        user_id: i64,
        path: &[&'static str],
    ) -> Result<UserPathValue, ApiError> {
        Ok(self.user_path_value_with(user_id, path, &[]).await?.0)
    }

    /// [`Site::user_path_value`] that also reads `tails`, paths continuing from the object
    /// the value is the key of, in the same statement; `None` for them when reading the value
    /// needs no statement (the user's own key).
    async fn user_path_value_with(
        &self,
        user_id: i64,
        path: &[&'static str],
        tails: &[&[&'static str]],
    ) -> Result<(UserPathValue, Option<Vec<Value>>), ApiError> {
        if path.is_empty() {
            return Ok((UserPathValue::Value(Value::Int(user_id)), None));
        }
        self.user_path_target(path)?;
        let (query, model, rest, start) = self.user_path_start(path);
        let mut query = match start {
            UserPathStart::Reverse(field) => query.filter_eq(field, Value::Int(user_id)),
            UserPathStart::User => query.filter_eq("id", Value::Int(user_id)),
        };
        if !rest.is_empty() {
            query = query.select_path(rest.to_vec());
        }
        // The key of the object before the last step tells a missing object (a null
        // relation on the way) from a null value at the end.
        if rest.len() > 1 {
            query = query.select_path(rest[..rest.len() - 1].to_vec());
        }
        for tail in tails {
            query = query.select_path(rest.iter().chain(tail.iter()).copied().collect());
        }
        let rows = query
            .fetch_all(self.db())
            .await
            .map_err(ApiError::internal)?;
        let Some(record) = rows.into_iter().next() else {
            return Ok((UserPathValue::Missing, None));
        };
        let object_key = rest.is_empty().then(|| record.pk(model).clone());
        let mut related = record.related.into_iter();
        let value = match object_key {
            Some(key) => key,
            None => related.next().unwrap_or(Value::Null),
        };
        if rest.len() > 1 && related.next().is_some_and(|before| before.is_null()) {
            return Ok((UserPathValue::Missing, None));
        }
        Ok((UserPathValue::Value(value), Some(related.collect())))
    }

    /// The value of `request.user.<path>` for `on_create`/`on_update`.
    ///
    /// A user without the object the path names (no profile yet, or a null relation before
    /// the last step) cannot be the one a row is saved for. DRF raises
    /// `RelatedObjectDoesNotExist` (or `AttributeError`) there, a 500; restforge answers 403
    /// `You do not have permission to perform this action.`, since nothing in the body could
    /// make the request succeed and the refusal is about who asks.
    async fn request_value(
        &self,
        ctx: &RequestContext,
        assignment: &RequestAssignment,
    ) -> Result<Value, ApiError> {
        Ok(self.request_value_with(ctx, assignment, &[]).await?.0)
    }

    /// [`Site::request_value`] that also reads `tails` through the object assigned (see
    /// [`Site::user_path_value_with`]).
    async fn request_value_with(
        &self,
        ctx: &RequestContext,
        assignment: &RequestAssignment,
        tails: &[&[&'static str]],
    ) -> Result<(Value, Option<Vec<Value>>), ApiError> {
        let Some(user) = &ctx.user else {
            // DRF would save AnonymousUser and fail; a view filling the user needs one.
            return Err(ApiError::NotAuthenticated(AuthChallenge::none()));
        };
        match self
            .user_path_value_with(user.id, assignment.value.0, tails)
            .await?
        {
            (UserPathValue::Value(value), known) => Ok((value, known)),
            (UserPathValue::Missing, _) => Err(ApiError::permission_denied()),
        }
    }

    async fn create(
        &self,
        request: &Request<'_>,
        plan: &Plan,
        entry: &RouteEntry,
    ) -> Result<Json, ApiError> {
        let ctx = request.context();
        let body = ctx.data().await?;
        let skip: Vec<&str> = plan.config.on_create.iter().map(|a| a.field).collect();
        let context = serializer::Context {
            hooks: plan.serializer.hooks,
            request,
            instance: None,
        };
        let mut validated =
            serializer::validate(plan.serializer, &body, Mode::Create, &skip, &context).await?;
        // What the representation reads through relations, where the assignments tell it: the
        // object `request.user.profile` is read with the values shown through it.
        let paths = plan.query.select_paths();
        let mut related: Vec<Option<Value>> = vec![None; paths.len()];
        for assignment in plan.config.on_create {
            let through: Vec<usize> = (0..paths.len())
                .filter(|&i| paths[i].first() == Some(&assignment.field))
                .collect();
            let tails: Vec<&[&'static str]> = through.iter().map(|&i| &paths[i][1..]).collect();
            let (value, known) = self.request_value_with(ctx, assignment, &tails).await?;
            for (i, value) in through.into_iter().zip(known.into_iter().flatten()) {
                related[i] = Some(value);
            }
            validated.values.push((assignment.field, value));
        }
        let save = Save::new(plan.model, &self.state, validated, None);
        let saved: Saved = entry.view.create(request, save).await?;
        // A hook that set fields may have changed what the representation reads.
        match related.into_iter().collect::<Option<Vec<Value>>>() {
            Some(related) if !saved.changed && !plan.query.loads_many_to_many() => {
                let record = Record::saved(plan.model, saved.row, related, Vec::new());
                let paths = plan.query.select_paths();
                plan.representation.represent(request, record, paths).await
            }
            _ => {
                let pk = pk_of(plan.model, &saved.row);
                self.reread(request, plan, &pk).await
            }
        }
    }

    async fn update(
        &self,
        request: &Request<'_>,
        plan: &Plan,
        entry: &RouteEntry,
        record: Record,
        partial: bool,
    ) -> Result<Json, ApiError> {
        let ctx = request.context();
        let body: ParsedBody = ctx.data().await?;
        let pk = record.pk(plan.model).clone();
        let mode = if partial {
            Mode::PartialUpdate(&pk)
        } else {
            Mode::Update(&pk)
        };
        // Fields the server fills from the request — on create or on update — are never taken
        // from a body: otherwise a PATCH could reassign an object's owner.
        let skip: Vec<&str> = plan
            .config
            .on_create
            .iter()
            .chain(plan.config.on_update)
            .map(|a| a.field)
            .collect();
        let instance = Object::new(plan.model, &record, plan.query.select_paths());
        let context = serializer::Context {
            hooks: plan.serializer.hooks,
            request,
            instance: Some(instance),
        };
        let mut validated =
            serializer::validate(plan.serializer, &body, mode, &skip, &context).await?;
        for assignment in plan.config.on_update {
            let value = self.request_value(ctx, assignment).await?;
            validated.values.push((assignment.field, value));
        }
        // DRF renders the instance it saved, with the related objects it had loaded: when no
        // written field leads to a value the representation reads through relations (uploads
        // never do), the object lookup's values still hold and the row need not be read again.
        let keeps_related = validated.many_to_many.is_empty()
            && plan.query.select_paths().iter().all(|path| {
                !validated
                    .values
                    .iter()
                    .any(|(field, _)| path.first() == Some(field))
            });
        let save = Save::new(plan.model, &self.state, validated, Some(instance));
        let saved = entry.view.update(request, save).await?;
        if keeps_related && !saved.changed {
            let saved = Record::saved(plan.model, saved.row, record.related, record.many_to_many);
            let paths = plan.query.select_paths();
            return plan.representation.represent(request, saved, paths).await;
        }
        self.reread(request, plan, &pk).await
    }

    /// The saved row with its display values, rendered (DRF's `serializer.data`).
    async fn reread(
        &self,
        request: &Request<'_>,
        plan: &Plan,
        pk: &Value,
    ) -> Result<Json, ApiError> {
        let record = plan
            .query
            .get(self.db(), pk)
            .await
            .map_err(ApiError::internal)?
            .ok_or_else(|| ApiError::no_match(plan.model.name))?;
        let paths = plan.query.select_paths();
        plan.representation.represent(request, record, paths).await
    }

    /// DRF's `obtain_auth_token`: `{"token": key}` for a username and password.
    async fn token_auth(&self, ctx: &mut RequestContext) -> Response {
        let schemes = self.state.settings.authentication.clone();
        let mut reply = Reply {
            name: "Obtain Auth Token".to_owned(),
            allow: router::allow_header(&[Method::POST]),
            // A single renderer: no `Accept` in Vary.
            vary: vary(&schemes).and_then(|v| v.strip_prefix("Accept, ")),
            negotiated: None,
            head: false,
        };
        let result = async {
            reply.negotiated = Some(select_renderer(
                &[Renderer::Json],
                ctx.header(header::ACCEPT),
                ctx.query_param("format").as_deref(),
            )?);
            // DRF's ObtainAuthToken has no permission and no throttle classes; a password
            // guesser is throttled here like any anonymous client (the anon and user rates).
            self.initial(ctx, &schemes, Permissions::declared(&[]), None, None)
                .await?;
            match ctx.method {
                Method::POST => {}
                Method::OPTIONS => {
                    return Ok((
                        StatusCode::OK,
                        Some(metadata::options_body("Obtain Auth Token", None)),
                    ));
                }
                ref other => return Err(ApiError::MethodNotAllowed(other.to_string())),
            }
            let body = ctx.data().await?;
            let (username, password) = token_credentials(&body)?;
            let user = crate::contrib::users::authenticate(self.db(), &username, &password)
                .await
                .map_err(ApiError::internal)?
                .filter(|u| u.is_active)
                .ok_or_else(|| {
                    ErrorTree::non_field("Unable to log in with provided credentials.")
                })?;
            let key = crate::contrib::users::token_for(self.db(), user.id)
                .await
                .map_err(ApiError::internal)?;
            let mut object = serde_json::Map::new();
            object.insert("token".into(), Json::String(key));
            Ok((StatusCode::OK, Some(Json::Object(object))))
        }
        .await;
        reply.finish(result, Vec::new()).await
    }
}

/// Where `request.user.<path>` starts its query.
#[derive(Debug, Clone, Copy)]
enum UserPathStart {
    /// At the model one-to-one with the user, through this field of it.
    Reverse(&'static str),
    /// At `auth_user`.
    User,
}

/// The value of `request.user.<path>`.
#[derive(Debug, Clone, PartialEq)]
enum UserPathValue {
    /// The value at the end of the path (null when the last field is null).
    Value(Value),
    /// An object on the way does not exist.
    Missing,
}

/// AuthTokenSerializer: `username` and `password` (not trimmed), both required.
fn token_credentials(body: &ParsedBody) -> Result<(String, String), ApiError> {
    let Json::Object(data) = &body.data else {
        return Err(ErrorTree::non_field(format!(
            "Invalid data. Expected a dictionary, but got {}.",
            serializer::python_type(&body.data)
        ))
        .into());
    };
    let username_field = crate::http::fields::Field::new(crate::http::fields::FieldClass::Char);
    let password_field = crate::http::fields::Field::new(crate::http::fields::FieldClass::Char)
        .trim_whitespace(false);
    let mut errors = ErrorTree::new();
    let mut take = |name: &str, field: &crate::http::fields::Field| match field
        .run_validation(data.get(name))
    {
        Ok(Some(crate::http::fields::FieldValue::Str(s))) => Some(s),
        Ok(_) => None,
        Err(messages) => {
            for message in messages {
                errors.add(name, message);
            }
            None
        }
    };
    let username = take("username", &username_field);
    let password = take("password", &password_field);
    if !errors.is_empty() {
        return Err(errors.into());
    }
    match (username, password) {
        (Some(u), Some(p)) if !u.is_empty() && !p.is_empty() => Ok((u, p)),
        _ => Err(ErrorTree::non_field("Must include \"username\" and \"password\".").into()),
    }
}

impl Plan {
    fn new(
        config: &'static ViewConfig,
        serializer: &'static SerializerMeta,
        settings: &Settings,
        media_url: &str,
    ) -> Plan {
        let model = config.model();
        let permissions: Vec<&'static dyn DynPermission> = match config.permissions {
            Some(list) => list.to_vec(),
            None => settings.default_permissions.clone(),
        };
        let authentication = match config.authentication {
            Some(list) => list.to_vec(),
            None => settings.authentication.clone(),
        };
        let mut query = Query::new(model);
        let mut object_paths: Vec<&'static [&'static str]> = Vec::new();
        for permission in &permissions {
            permission.collect_object_paths(&mut object_paths);
        }
        let mut selected = 0;
        for (i, path) in object_paths.iter().enumerate() {
            // Two permissions reading the same path share one selected value.
            if !object_paths[..i].contains(path) {
                query = query.select_path(path.to_vec());
                selected += 1;
            }
        }
        let (representation, query) = Representation::new(serializer, query, selected, media_url);
        let query = if model
            .fields
            .iter()
            .any(|f| f.field_type == FieldKind::ManyToMany)
        {
            query.with_many_to_many()
        } else {
            query
        };
        Plan {
            config,
            model,
            serializer,
            query,
            representation,
            permissions,
            authentication,
        }
    }
}

impl Reply {
    /// The response for a handler's outcome, with DRF's headers.
    async fn finish(
        self,
        result: Result<(StatusCode, Option<Json>), ApiError>,
        extra: Vec<(HeaderName, HeaderValue)>,
    ) -> Response {
        let indent = self
            .negotiated
            .as_ref()
            .and_then(|n| crate::core::json::indent_from_media_type(&n.accepted_media_type));
        let html = self
            .negotiated
            .as_ref()
            .is_some_and(|n| n.renderer == Renderer::BrowsableApi)
            .then_some(self.name.as_str());
        let mut response = match result {
            Ok((status, None)) => {
                let mut response = status.into_response();
                response
                    .headers_mut()
                    .insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
                response
            }
            Ok((status, Some(body))) => render(status, &body, indent, html),
            Err(error) => {
                let status = error.status();
                if matches!(error, ApiError::InternalError(_))
                    || (indent.is_none() && html.is_none())
                {
                    error.into_response()
                } else {
                    // Re-render the error body as this request's renderer would.
                    let body: Json = serde_json::from_slice(&error.body()).unwrap_or(Json::Null);
                    let mut rendered = render(status, &body, indent, html);
                    let original = error.into_response();
                    for name in [header::WWW_AUTHENTICATE, header::RETRY_AFTER] {
                        if let Some(value) = original.headers().get(&name) {
                            rendered.headers_mut().insert(name, value.clone());
                        }
                    }
                    rendered
                }
            }
        };
        let headers = response.headers_mut();
        if let Ok(allow) = HeaderValue::from_str(&self.allow) {
            headers.insert(header::ALLOW, allow);
        }
        if let Some(vary) = self.vary {
            headers.insert(header::VARY, HeaderValue::from_static(vary));
        }
        for (name, value) in extra {
            headers.insert(name, value);
        }
        if self.head {
            head_of(response).await
        } else {
            response
        }
    }
}

/// A rendered body: DRF's JSON, or the browsable API's page around it.
/// `html` is the page title's view name when the browsable API was chosen.
fn render(status: StatusCode, body: &Json, indent: Option<usize>, html: Option<&str>) -> Response {
    if let Some(name) = html {
        let pretty = String::from_utf8(crate::core::json::to_vec_indented(body, Some(4)))
            .unwrap_or_default();
        let page = format!(
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{} \u{2013} Django REST framework</title></head>\
             <body><h1>{}</h1><pre>{}</pre></body></html>\n",
            escape_html(name),
            escape_html(name),
            escape_html(&pretty)
        );
        let mut response = (status, page).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        return response;
    }
    let bytes = crate::core::json::to_vec_indented(body, indent);
    let mut response = (status, bytes).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(crate::core::json::CONTENT_TYPE),
    );
    response
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The same response without its body, keeping its `Content-Length` (HEAD).
async fn head_of(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let length = axum::body::to_bytes(body, usize::MAX)
        .await
        .map_or(0, |b: Bytes| b.len());
    if !parts.headers.contains_key(header::CONTENT_LENGTH) {
        parts
            .headers
            .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    Response::from_parts(parts, Body::empty())
}

fn negotiate(ctx: &RequestContext, format: Option<&str>) -> Result<Negotiated, ApiError> {
    select_renderer(&RENDERERS, ctx.header(header::ACCEPT), format)
}

/// DRF's `Vary`: `Accept` (two renderers), and `Cookie` when SessionAuthentication reads the
/// session.
fn vary(schemes: &Authenticators) -> Option<&'static str> {
    if authentication::uses_session(schemes) {
        Some("Accept, Cookie")
    } else {
        Some("Accept")
    }
}

/// DRF's OrderingFilter: the comma-separated terms whose field (without `-`) is in
/// `ordering_fields`; an empty list when none is.
fn valid_ordering(param: &str, allowed: &[&str]) -> Vec<String> {
    param
        .split(',')
        .map(str::trim)
        .filter(|term| {
            let name = term.strip_prefix('-').unwrap_or(term);
            !name.is_empty() && allowed.contains(&name)
        })
        .map(str::to_owned)
        .collect()
}

fn pk_of(model: &ModelMeta, row: &[Value]) -> Value {
    model
        .columns()
        .position(|f| f.primary_key)
        .and_then(|i| row.get(i).cloned())
        .unwrap_or(Value::Null)
}

/// Django's `get_host()` check (in CommonMiddleware, before URL resolution): whether the
/// `Host` is in `ALLOWED_HOSTS`. A refused host is logged; answer it with
/// [`bad_request_html`].
pub fn host_allowed(settings: &Settings, headers: &axum::http::HeaderMap) -> bool {
    let host = headers
        .get(header::HOST)
        .map(|h| String::from_utf8_lossy(h.as_bytes()));
    match settings.allowed_hosts.check(host.as_deref()) {
        Ok(()) => true,
        Err(error) => {
            tracing::warn!(target: "restforge::security", "{error}");
            false
        }
    }
}

/// Django's 404 for a URL that matches no pattern.
pub fn not_found_html() -> Response {
    html_page(StatusCode::NOT_FOUND, NOT_FOUND_HTML)
}

/// Django's 400 for a suspicious request.
pub fn bad_request_html() -> Response {
    html_page(StatusCode::BAD_REQUEST, BAD_REQUEST_HTML)
}

fn html_page(status: StatusCode, body: &'static str) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

/// CommonMiddleware's APPEND_SLASH redirect: 301, `Location`, an empty HTML body.
fn redirect(location: &str) -> Response {
    let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
    if let Ok(value) = HeaderValue::from_str(location) {
        headers.insert(header::LOCATION, value);
    }
    response
}

/// A URL path with `%XX` escapes decoded (invalid UTF-8 replaced, as Django's WSGI handler
/// does with `repercent_broken_unicode`'s fallback).
pub fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordering_keeps_only_allowed_fields() {
        assert_eq!(
            valid_ordering("-price,bogus, title", &["price", "title"]),
            ["-price", "title"]
        );
        assert!(valid_ordering("bogus", &["price"]).is_empty());
    }

    #[test]
    fn paths_are_decoded() {
        assert_eq!(percent_decode("/api/a%20b/"), "/api/a b/");
        assert_eq!(percent_decode("/api/%zz/"), "/api/%zz/");
        assert_eq!(percent_decode("/api/%2"), "/api/%2");
    }
}
