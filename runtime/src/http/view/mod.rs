//! Views, read as DRF's `APIView` (DRF-CONTRACT §0): [`Site::handle`] is Django's request
//! handling up to the view (the `Host` check, URL resolution, `APPEND_SLASH`), then
//! `dispatch` runs DRF's order: content negotiation → `initial` (authentication, permissions,
//! throttles) → the handler for the method → `handle_exception` / `finalize_response`
//! (`response.rs`: DRF's error bodies, `Allow` on every response, `Vary`).
//!
//! * `actions.rs`: the mixins' list, create, retrieve, update and destroy, `get_object` and the
//!   filter backends.
//! * `request_user.rs`: values the spec takes from `request.user…`.
//! * `token_auth.rs`: `obtain_auth_token`.
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

mod actions;
mod request_user;
mod response;
mod token_auth;

use response::head_of;

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
    /// Whether the view has more than one renderer, so its responses vary on `Accept`.
    varies_on_accept: bool,
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
        Ok(self.plan_for(config, serializer))
    }

    /// The plan of `config` with `serializer`: planned at start, or planned now and kept.
    fn plan_for(&self, config: &'static ViewConfig, serializer: &'static SerializerMeta) -> &Plan {
        let planned =
            |p: &&Plan| std::ptr::eq(p.config, config) && std::ptr::eq(p.serializer, serializer);
        if let Some(plan) = self.plans.iter().find(planned) {
            return plan;
        }
        let mut late = self.late_plans.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(plan) = late.iter().copied().find(|p| planned(p)) {
            return plan;
        }
        let plan: &'static Plan = Box::leak(Box::new(Plan::new(
            config,
            serializer,
            &self.state.settings,
            &self.media_url,
        )));
        late.push(plan);
        plan
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
            session_accessed: false,
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
            } => self.dispatch(&mut ctx, entry, kind, lookup, format).await,
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

    /// DRF's `APIView.initial`: authentication (`perform_authentication`), permissions
    /// (`check_permissions`) and throttles (`check_throttles`), in that order.
    async fn initial(
        &self,
        ctx: &mut RequestContext,
        schemes: &Authenticators,
        permissions: Permissions<'_>,
        action: Option<&str>,
        throttle_scope: Option<&str>,
    ) -> Result<(), ApiError> {
        authentication::authenticate(schemes, ctx, &self.state, action).await?;
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
            varies_on_accept: true,
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
                    // DefaultRouter's APIRootView docstring.
                    Some(metadata::options_body_described(
                        "Api Root",
                        "The default basic root view for DefaultRouter",
                        None,
                    )),
                )),
                ref other => Err(ApiError::MethodNotAllowed(other.to_string())),
            }
        }
        .await;
        reply.finalize_response(result, Vec::new(), ctx).await
    }

    /// DRF's `APIView.dispatch` for a router's route: negotiation, `initial`, the handler of
    /// the method's action (with the serializer `get_serializer_class` chooses), then
    /// `finalize_response`.
    async fn dispatch(
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
            varies_on_accept: true,
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
                let route = OptionsRoute {
                    methods: offered.clone(),
                    permissions: Permissions::of(plan, entry),
                    serializer: None,
                };
                let body =
                    Box::pin(self.options(ctx, entry, route, lookup.as_deref(), &reply.name)).await;
                return Ok((StatusCode::OK, Some(body)));
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
        reply.finalize_response(result, extra, ctx).await
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
            varies_on_accept: true,
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
                let route = OptionsRoute {
                    methods: offered.clone(),
                    permissions: Permissions {
                        declared,
                        view: Some(&*entry.view),
                    },
                    serializer: action.serializer,
                };
                let body =
                    Box::pin(self.options(ctx, entry, route, lookup.as_deref(), &reply.name)).await;
                return Ok((StatusCode::OK, Some(body)));
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
        reply.finalize_response(result, Vec::new(), ctx).await
    }

    /// DRF's OPTIONS answer (`SimpleMetadata.determine_metadata`) for a route of `entry`'s
    /// view: its name, its docstring, and [`Site::options_actions`].
    async fn options(
        &self,
        ctx: &RequestContext,
        entry: &RouteEntry,
        route: OptionsRoute<'_>,
        lookup: Option<&str>,
        name: &str,
    ) -> Json {
        let actions = self.options_actions(ctx, entry, route, lookup).await;
        metadata::options_body_described(name, entry.config.description, actions)
    }

    /// DRF's `SimpleMetadata.determine_actions`: the route's PUT (else POST), when it has one
    /// and the user is permitted it (and, for PUT, the object exists and is theirs), described
    /// by the serializer `get_serializer()` gives. DRF keeps `self.action` as `metadata`
    /// throughout, so hooks see that; an extra action's route has its own permissions and
    /// serializer (`@action(permission_classes=…, serializer_class=…)`).
    async fn options_actions(
        &self,
        ctx: &RequestContext,
        entry: &RouteEntry,
        route: OptionsRoute<'_>,
        lookup: Option<&str>,
    ) -> Option<(&'static str, serde_json::Map<String, Json>)> {
        let (method, name) = if route.methods.contains(&Method::PUT) {
            (Method::PUT, "PUT")
        } else if route.methods.contains(&Method::POST) {
            (Method::POST, "POST")
        } else {
            return None;
        };
        let mut as_method = ctx.clone();
        as_method.method = method.clone();
        let request = Request::new(&as_method, &self.state, Some("metadata"));
        let permissions = route.permissions.for_request(&request);
        if !permissions::all_allow(permissions, &request).await.ok()? {
            return None;
        }
        let metadata = Request::new(ctx, &self.state, Some("metadata"));
        let chosen = entry.view.serializer_class(&metadata);
        let plan = match (chosen, route.serializer) {
            (None, Some(own)) => self.plan_for(entry.config, own()),
            _ => self.serializer_plan(&metadata, entry).ok()?,
        };
        if method == Method::PUT {
            self.object(&request, plan, entry, lookup).await.ok()?;
        }
        Some((
            name,
            metadata::serializer_info(plan.serializer, self.db().dialect()),
        ))
    }
}

/// What OPTIONS describes of one route: its methods, its permissions and, for an extra action
/// with its own, its serializer.
struct OptionsRoute<'a> {
    methods: Vec<Method>,
    permissions: Permissions<'a>,
    serializer: Option<crate::http::meta::SerializerClass>,
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

fn negotiate(ctx: &RequestContext, format: Option<&str>) -> Result<Negotiated, ApiError> {
    select_renderer(&RENDERERS, ctx.header(header::ACCEPT), format)
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
    fn paths_are_decoded() {
        assert_eq!(percent_decode("/api/a%20b/"), "/api/a b/");
        assert_eq!(percent_decode("/api/%zz/"), "/api/%zz/");
        assert_eq!(percent_decode("/api/%2"), "/api/%2");
    }
}
