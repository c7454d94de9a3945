//! DRF's routers: [`DefaultRouter`] and [`SimpleRouter`] turn registered viewsets into URLs
//! with DRF's patterns and names (DRF-CONTRACT §3.3), and [`build`] serves every app's routes
//! as one axum [`Router`](axum::Router).
//!
//! ```
//! use restforge::http::router::{DefaultRouter, Resolved, Routes};
//!
//! let routes: Routes = DefaultRouter::new("api/").into();
//! assert!(matches!(routes.resolve("/api/"), Some(Resolved::Root { format: None })));
//! assert!(matches!(routes.resolve("/api/.json"), Some(Resolved::Root { format: Some(_) })));
//! assert!(routes.resolve("/api").is_none());
//! ```
//!
//! Matching walks the path segment by segment against the registered prefixes; no regex runs
//! per request. A path that matches nothing is Django's HTML 404, or a 301 to the same path
//! with a slash appended when that one matches (`APPEND_SLASH`).

use std::sync::Arc;

use axum::http::Method;

use crate::http::generics::{DynExtraActions, DynView};
use crate::http::meta::{Action, ExtraAction, GenericView, ViewConfig, ViewSet};

/// What a router entry serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A viewset: a `-list` and a `-detail` route.
    ViewSet,
    /// A generic view at one path.
    View,
}

/// One registration: a viewset under a prefix, or a view at a path.
#[derive(Clone)]
pub struct RouteEntry {
    /// Viewset or view.
    pub kind: EntryKind,
    /// The URL prefix (`status`) of a viewset, or the whole path (`avatar/`) of a view.
    pub prefix: String,
    /// `status` for a viewset (its names are `status-list`, `status-detail`); the URL name
    /// for a view.
    pub basename: String,
    /// The view's declaration.
    pub config: &'static ViewConfig,
    /// The view's hooks.
    pub view: Arc<dyn DynView>,
    /// A viewset's extra actions (`None` for a generic view).
    pub actions: Option<Arc<dyn DynExtraActions>>,
}

impl std::fmt::Debug for RouteEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RouteEntry")
            .field("kind", &self.kind)
            .field("prefix", &self.prefix)
            .field("basename", &self.basename)
            .field("view", &self.config.name)
            .finish_non_exhaustive()
    }
}

/// The routes of one router, ready to match requests. Build it from a [`DefaultRouter`] or a
/// [`SimpleRouter`] (`.into()`).
#[derive(Debug, Clone)]
pub struct Routes {
    /// Where the router is mounted, without a leading slash (`api/`; empty for the site root).
    pub prefix: String,
    /// DefaultRouter: an API root view and `.json` format suffixes.
    pub default_router: bool,
    /// Whether URLs end with `/`.
    pub trailing_slash: bool,
    /// Registrations in order.
    pub entries: Vec<RouteEntry>,
}

/// A matched route.
#[derive(Debug, Clone)]
pub enum Resolved<'a> {
    /// The DefaultRouter's API root.
    Root {
        /// The format suffix (`json` for `/api/.json`).
        format: Option<String>,
    },
    /// A viewset's `-list` route.
    List {
        /// The registration.
        entry: &'a RouteEntry,
        /// The format suffix.
        format: Option<String>,
    },
    /// A viewset's `-detail` route.
    Detail {
        /// The registration.
        entry: &'a RouteEntry,
        /// The lookup value, decoded (`[^/.]+`).
        lookup: String,
        /// The format suffix.
        format: Option<String>,
    },
    /// A generic view.
    View {
        /// The registration.
        entry: &'a RouteEntry,
    },
    /// A viewset's extra action (DRF's `@action`).
    ExtraAction {
        /// The registration.
        entry: &'a RouteEntry,
        /// The action.
        action: &'static ExtraAction,
        /// The lookup value of a `detail` action.
        lookup: Option<String>,
        /// The format suffix.
        format: Option<String>,
    },
}

impl Routes {
    fn new(prefix: &str, default_router: bool) -> Self {
        Routes {
            prefix: prefix.trim_start_matches('/').to_owned(),
            default_router,
            trailing_slash: true,
            entries: Vec::new(),
        }
    }

    fn push(&mut self, entry: RouteEntry) {
        // DRF raises ImproperlyConfigured for a duplicate basename when the URLs are built;
        // a router is built once at start-up, so this is a configuration error, not a request's.
        assert!(
            !self
                .entries
                .iter()
                .any(|e| e.basename == entry.basename && e.kind == entry.kind),
            "Router with basename \"{}\" is already registered. Please provide a unique basename",
            entry.basename
        );
        self.entries.push(entry);
    }

    fn slash(&self) -> &'static str {
        if self.trailing_slash { "/" } else { "" }
    }

    /// Matches a decoded request path (`/api/status/3/`), in Django's pattern order.
    pub fn resolve(&self, path: &str) -> Option<Resolved<'_>> {
        let rest = path.strip_prefix('/')?.strip_prefix(self.prefix.as_str())?;
        if self.default_router {
            if rest.is_empty() {
                return Some(Resolved::Root { format: None });
            }
            if let Some(format) = format_suffix(rest) {
                return Some(Resolved::Root {
                    format: Some(format),
                });
            }
        }
        for entry in &self.entries {
            match entry.kind {
                EntryKind::View => {
                    if rest == entry.prefix {
                        return Some(Resolved::View { entry });
                    }
                }
                EntryKind::ViewSet => {
                    if let Some(found) = self.resolve_viewset(entry, rest) {
                        return Some(found);
                    }
                }
            }
        }
        None
    }

    fn resolve_viewset<'a>(&self, entry: &'a RouteEntry, rest: &str) -> Option<Resolved<'a>> {
        let tail = rest.strip_prefix(entry.prefix.as_str())?;
        if tail == self.slash() {
            return Some(Resolved::List {
                entry,
                format: None,
            });
        }
        if self.default_router
            && let Some(format) = format_suffix(tail)
        {
            return Some(Resolved::List {
                entry,
                format: Some(format),
            });
        }
        let tail = tail.strip_prefix('/')?;
        // DRF's route order: the collection's extra actions come before the detail route.
        for action in entry.config.extra_actions.iter().filter(|a| !a.detail) {
            if let Some(format) = self.action_route(action, tail) {
                return Some(Resolved::ExtraAction {
                    entry,
                    action,
                    lookup: None,
                    format,
                });
            }
        }
        let lookup_end = tail.find(['/', '.']).unwrap_or(tail.len());
        let (lookup, after) = tail.split_at(lookup_end);
        if lookup.is_empty() {
            return None;
        }
        if let Some(after) = after.strip_prefix('/') {
            for action in entry.config.extra_actions.iter().filter(|a| a.detail) {
                if let Some(format) = self.action_route(action, after) {
                    return Some(Resolved::ExtraAction {
                        entry,
                        action,
                        lookup: Some(lookup.to_owned()),
                        format,
                    });
                }
            }
        }
        if after == self.slash() {
            return Some(Resolved::Detail {
                entry,
                lookup: lookup.to_owned(),
                format: None,
            });
        }
        if self.default_router
            && let Some(format) = format_suffix(after)
        {
            return Some(Resolved::Detail {
                entry,
                lookup: lookup.to_owned(),
                format: Some(format),
            });
        }
        None
    }

    /// Whether `tail` is the extra action's route (`{url_path}/`, or with a format suffix on
    /// a DefaultRouter): `Some(format)` when it is.
    fn action_route(&self, action: &ExtraAction, tail: &str) -> Option<Option<String>> {
        let after = tail.strip_prefix(action.url_path)?;
        if after == self.slash() {
            return Some(None);
        }
        if self.default_router {
            return format_suffix(after).map(Some);
        }
        None
    }

    /// The API root's body: each viewset's list URL by prefix, in registration order.
    /// `origin` is `http://host`; `format` is the request's `?format=` or suffix.
    pub fn root_links(
        &self,
        origin: &str,
        format: Option<&str>,
        suffix: bool,
    ) -> serde_json::Map<String, serde_json::Value> {
        let mut links = serde_json::Map::new();
        for entry in self.entries.iter().filter(|e| e.kind == EntryKind::ViewSet) {
            let url = match format {
                // DRF reverses with the format kwarg: the suffix route `posts.json`.
                Some(format) if suffix => {
                    format!("{origin}/{}{}.{format}", self.prefix, entry.prefix)
                }
                Some(format) => format!(
                    "{origin}/{}{}{}?format={format}",
                    self.prefix,
                    entry.prefix,
                    self.slash()
                ),
                None => format!("{origin}/{}{}{}", self.prefix, entry.prefix, self.slash()),
            };
            links.insert(entry.prefix.clone(), serde_json::Value::String(url));
        }
        links
    }

    /// The path of a named URL (`status-list`, `status-detail` with a lookup, a view's name),
    /// as Django's `reverse` gives it.
    pub fn reverse(&self, name: &str, lookup: Option<&str>) -> Option<String> {
        let base = format!("/{}", self.prefix);
        for entry in &self.entries {
            match entry.kind {
                EntryKind::View if entry.basename == name => {
                    return Some(format!("{base}{}", entry.prefix));
                }
                EntryKind::ViewSet if name == format!("{}-list", entry.basename) => {
                    return Some(format!("{base}{}{}", entry.prefix, self.slash()));
                }
                EntryKind::ViewSet if name == format!("{}-detail", entry.basename) => {
                    return Some(format!(
                        "{base}{}/{}{}",
                        entry.prefix,
                        lookup?,
                        self.slash()
                    ));
                }
                EntryKind::ViewSet => {
                    let Some(action) = entry
                        .config
                        .extra_actions
                        .iter()
                        .find(|a| name == format!("{}-{}", entry.basename, a.url_name))
                    else {
                        continue;
                    };
                    return Some(if action.detail {
                        format!(
                            "{base}{}/{}/{}{}",
                            entry.prefix,
                            lookup?,
                            action.url_path,
                            self.slash()
                        )
                    } else {
                        format!("{base}{}/{}{}", entry.prefix, action.url_path, self.slash())
                    });
                }
                _ => {}
            }
        }
        (self.default_router && name == "api-root").then_some(base)
    }
}

/// `\.(?P<format>[a-z0-9]+)/?$` at the start of `text`.
fn format_suffix(text: &str) -> Option<String> {
    let format = text.strip_prefix('.')?;
    let format = format.strip_suffix('/').unwrap_or(format);
    (!format.is_empty()
        && format
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
    .then(|| format.to_owned())
}

/// Declares a router type: both have the same builder; only DefaultRouter adds the root view.
macro_rules! router_type {
    ($(#[$doc:meta])* $name:ident, $default:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name {
            routes: Routes,
        }

        impl $name {
            /// A router mounted at `prefix` (`"api/"`).
            pub fn new(prefix: &str) -> Self {
                $name {
                    routes: Routes::new(prefix, $default),
                }
            }

            /// Registers a viewset under `prefix`, named after its model (`Post` → `post`).
            pub fn register<V: ViewSet + Default>(self, prefix: &str) -> Self {
                let basename = V::config().model().model_name;
                self.register_with_basename::<V>(prefix, basename)
            }

            /// Registers a viewset under `prefix` with URL names `<basename>-list` and
            /// `<basename>-detail`.
            pub fn register_with_basename<V: ViewSet + Default>(mut self, prefix: &str, basename: &str) -> Self {
                self.routes.push(RouteEntry {
                    kind: EntryKind::ViewSet,
                    prefix: prefix.trim_matches('/').to_owned(),
                    basename: basename.to_owned(),
                    config: V::config(),
                    view: Arc::new(V::default()),
                    actions: Some(Arc::new(V::default())),
                });
                self
            }

            /// Serves a generic view at `path` (relative to the router's prefix) under the URL
            /// name `name`.
            pub fn path<G: GenericView + Default>(mut self, path: &str, name: &str) -> Self {
                self.routes.push(RouteEntry {
                    kind: EntryKind::View,
                    prefix: path.trim_start_matches('/').to_owned(),
                    basename: name.to_owned(),
                    config: G::config(),
                    view: Arc::new(G::default()),
                    actions: None,
                });
                self
            }

            /// Whether URLs end with a slash (DRF's `trailing_slash`, on by default).
            pub fn trailing_slash(mut self, on: bool) -> Self {
                self.routes.trailing_slash = on;
                self
            }

            /// The routes, to match requests against.
            pub fn routes(&self) -> &Routes {
                &self.routes
            }
        }

        impl From<$name> for Routes {
            fn from(router: $name) -> Routes {
                router.routes
            }
        }
    };
}

router_type! {
    /// DRF's `DefaultRouter`: list and detail routes per viewset, `.json` format suffixes and an
    /// API root listing the viewsets.
    ///
    /// ```
    /// use restforge::http::router::DefaultRouter;
    ///
    /// let router = DefaultRouter::new("api/");
    /// assert!(router.routes().default_router);
    /// ```
    DefaultRouter, true
}

router_type! {
    /// DRF's `SimpleRouter`: list and detail routes only.
    SimpleRouter, false
}

/// The HTTP methods a route offers and the action each runs.
pub fn method_actions(config: &ViewConfig, kind: RouteKind) -> Vec<(Method, Action)> {
    let mut methods = Vec::new();
    for &action in config.actions {
        let on_route = match kind {
            RouteKind::List => !action.is_detail(),
            RouteKind::Detail => action.is_detail(),
            RouteKind::View => true,
        };
        if !on_route {
            continue;
        }
        let method = match action {
            Action::List | Action::Retrieve => Method::GET,
            Action::Create => Method::POST,
            Action::Update => Method::PUT,
            Action::PartialUpdate => Method::PATCH,
            Action::Destroy => Method::DELETE,
        };
        if !methods.iter().any(|(m, _)| *m == method) {
            methods.push((method, action));
        }
    }
    methods
}

/// Which route of a registration a request reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteKind {
    /// `{prefix}/`.
    List,
    /// `{prefix}/{lookup}/`.
    Detail,
    /// A generic view's path.
    View,
}

/// DRF's `Allow` value: the offered methods in the fixed order get, post, put, patch, delete,
/// head, options; HEAD comes with GET, OPTIONS always.
pub fn allow_header(methods: &[Method]) -> String {
    let order = [
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
    ];
    let mut names: Vec<&str> = order
        .iter()
        .filter(|m| methods.contains(m))
        .map(Method::as_str)
        .collect();
    if methods.contains(&Method::GET) {
        names.push("HEAD");
    }
    names.push("OPTIONS");
    names.join(", ")
}

/// Every app's routes as one axum router: the entry point between the data layer's
/// [`App`](crate::http::app::App) and this HTTP layer. Requests reach one fallback handler that
/// matches them against the routes (see [`crate::http::view`]).
pub fn build(app: &crate::http::app::App, state: crate::http::app::AppState) -> axum::Router {
    build_with_limits(app, state, crate::http::request::BodyLimits::default())
}

/// [`build`] with other body size limits than the default 2 MiB (JSON, forms) and 10 MiB
/// (uploads).
pub fn build_with_limits(
    app: &crate::http::app::App,
    state: crate::http::app::AppState,
    limits: crate::http::request::BodyLimits,
) -> axum::Router {
    // Without routes or layers of the user's, the API checks the Host itself: one step less
    // per request. With them, a middleware checks it once, before anything else runs.
    let checks_host = !app.has_extensions();
    let hosts = state.settings.clone();
    let extra = app
        .extra_routes()
        .cloned()
        .map(|r| r.with_state(state.clone()));
    let site =
        Arc::new(crate::http::view::Site::new(app, state, limits).checking_host(checks_host));
    let api = move |request: axum::extract::Request| {
        let site = Arc::clone(&site);
        async move { site.handle(request).await }
    };
    let mut router = match extra {
        Some(extra) => extra.fallback(api),
        None => axum::Router::new().fallback(api),
    };
    for layer in app.layers() {
        router = layer(router);
    }
    let security = Arc::new(hosts.security_headers.clone());
    if !checks_host {
        router = router.layer(axum::middleware::from_fn(
            move |request: axum::extract::Request, next: axum::middleware::Next| {
                let hosts = Arc::clone(&hosts);
                async move {
                    if crate::http::view::host_allowed(&hosts, request.headers()) {
                        next.run(request).await
                    } else {
                        crate::http::view::bad_request_html()
                    }
                }
            },
        ));
    }
    // Outermost, as in Django's MIDDLEWARE: every response gets the security headers, and the
    // access log sees the response the client gets.
    router
        .layer(axum::middleware::map_response(
            move |mut response: axum::response::Response| {
                let security = Arc::clone(&security);
                async move {
                    security.apply(response.headers_mut());
                    response
                }
            },
        ))
        .layer(axum::middleware::from_fn(
            crate::http::access_log::log_request,
        ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::meta::{FieldSelection, SerializerMeta};
    use crate::prelude::*;

    #[derive(Debug, Clone, PartialEq, Model)]
    #[restforge(app = "blog")]
    struct BlogPost {
        id: i64,
        #[restforge(max_length = 10)]
        title: String,
    }

    static SERIALIZER: SerializerMeta = SerializerMeta {
        name: "PostSerializer",
        model: <BlogPost as Model>::meta,
        fields: FieldSelection::All,
        read_only: &[],
        write_only: &[],
        string_related: &[],
        extra: &[],
        method_fields: &[],
        method_field: None,
        hooks: &NoHooks,
    };

    /// DRF's serializer hooks.
    struct NoHooks;

    impl crate::http::serializer::SerializerHooks for NoHooks {}

    fn config(actions: &'static [Action]) -> ViewConfig {
        ViewConfig {
            name: "PostViewSet",
            view_name: "Post",
            description: "",
            serializer: || &SERIALIZER,
            action_serializers: &[],
            actions,
            generic: None,
            permissions: None,
            authentication: None,
            ordering: &[],
            filters: &[],
            search_fields: &[],
            ordering_fields: &[],
            on_create: &[],
            on_update: &[],
            throttle_scope: None,
            object: None,
            extra_actions: &[],
        }
    }

    /// DRF's behaviour for every hook.
    struct Defaults;

    impl crate::http::generics::ViewHooks for Defaults {}

    const ALL: &[Action] = &Action::ALL;

    fn routes(default_router: bool, trailing_slash: bool) -> Routes {
        let mut routes = Routes::new("api/", default_router);
        routes.trailing_slash = trailing_slash;
        let config: &'static ViewConfig = Box::leak(Box::new(config(ALL)));
        routes.push(RouteEntry {
            kind: EntryKind::ViewSet,
            prefix: "posts".into(),
            basename: "blogpost".into(),
            config,
            view: Arc::new(Defaults),
            actions: None,
        });
        routes.push(RouteEntry {
            kind: EntryKind::View,
            prefix: "avatar/".into(),
            basename: "avatar-update".into(),
            config,
            view: Arc::new(Defaults),
            actions: None,
        });
        routes
    }

    fn describe(found: Option<Resolved<'_>>) -> String {
        match found {
            None => "none".into(),
            Some(Resolved::Root { format }) => format!("root {format:?}"),
            Some(Resolved::List { format, .. }) => format!("list {format:?}"),
            Some(Resolved::Detail { lookup, format, .. }) => format!("detail {lookup} {format:?}"),
            Some(Resolved::View { entry }) => format!("view {}", entry.basename),
            Some(Resolved::ExtraAction {
                action,
                lookup,
                format,
                ..
            }) => format!("action {} {lookup:?} {format:?}", action.name),
        }
    }

    static EXTRA_ACTIONS: [ExtraAction; 2] = [
        ExtraAction {
            name: "recent",
            detail: false,
            methods: &["GET"],
            url_path: "recent",
            url_name: "recent",
            view_name: "Recent",
            permissions: None,
            serializer: None,
        },
        ExtraAction {
            name: "set_password",
            detail: true,
            methods: &["POST"],
            url_path: "set-password",
            url_name: "set-password",
            view_name: "Set password",
            permissions: None,
            serializer: None,
        },
    ];

    /// DRF's routes for `@action`s: the collection's before the detail route (so `recent` is
    /// not a lookup), the object's after the lookup, format suffixes on a DefaultRouter; URL
    /// names `{basename}-{url_name}`.
    #[test]
    fn extra_action_patterns() {
        let mut routes = Routes::new("api/", true);
        let config: &'static ViewConfig = Box::leak(Box::new(ViewConfig {
            extra_actions: &EXTRA_ACTIONS,
            ..config(ALL)
        }));
        routes.push(RouteEntry {
            kind: EntryKind::ViewSet,
            prefix: "posts".into(),
            basename: "blogpost".into(),
            config,
            view: Arc::new(Defaults),
            actions: None,
        });
        let cases = [
            ("/api/posts/recent/", "action recent None None"),
            (
                "/api/posts/recent.json",
                "action recent None Some(\"json\")",
            ),
            // Not the action's path: a lookup value, as DRF's `[^/.]+` reads it.
            ("/api/posts/recently/", "detail recently None"),
            ("/api/posts/3/", "detail 3 None"),
            (
                "/api/posts/3/set-password/",
                "action set_password Some(\"3\") None",
            ),
            (
                "/api/posts/3/set-password.json/",
                "action set_password Some(\"3\") Some(\"json\")",
            ),
            ("/api/posts/3/set_password/", "none"),
            ("/api/posts/3/set-password", "none"),
        ];
        for (path, expected) in cases {
            assert_eq!(describe(routes.resolve(path)), expected, "{path}");
        }
        assert_eq!(
            routes.reverse("blogpost-recent", None).as_deref(),
            Some("/api/posts/recent/")
        );
        assert_eq!(
            routes
                .reverse("blogpost-set-password", Some("3"))
                .as_deref(),
            Some("/api/posts/3/set-password/")
        );
        // Not in the API root.
        let links = routes.root_links("http://testserver", None, false);
        assert_eq!(links.len(), 1);
    }

    #[test]
    fn default_router_patterns() {
        let r = routes(true, true);
        let cases = [
            ("/api/", "root None"),
            ("/api/.json", "root Some(\"json\")"),
            ("/api/.json/", "root Some(\"json\")"),
            ("/api/posts/", "list None"),
            ("/api/posts.json", "list Some(\"json\")"),
            ("/api/posts.json/", "list Some(\"json\")"),
            ("/api/posts/12/", "detail 12 None"),
            ("/api/posts/abc/", "detail abc None"),
            ("/api/posts/12.json", "detail 12 Some(\"json\")"),
            ("/api/avatar/", "view avatar-update"),
            ("/api/posts", "none"),
            ("/api/posts/12", "none"),
            ("/api/posts//", "none"),
            // `[^/.]+` stops at the dot, so `.2` is a format suffix, as in DRF.
            ("/api/posts/1.2/", "detail 1 Some(\"2\")"),
            ("/api/posts/1/x/", "none"),
            ("/api/posts.JSON", "none"),
            ("/api/postsx/", "none"),
            ("/other/posts/", "none"),
        ];
        for (path, expected) in cases {
            assert_eq!(describe(r.resolve(path)), expected, "{path}");
        }
    }

    #[test]
    fn simple_router_and_no_trailing_slash() {
        let r = routes(false, false);
        assert_eq!(describe(r.resolve("/api/")), "none");
        assert_eq!(describe(r.resolve("/api/posts")), "list None");
        assert_eq!(describe(r.resolve("/api/posts/3")), "detail 3 None");
        assert_eq!(describe(r.resolve("/api/posts/")), "none");
        assert_eq!(describe(r.resolve("/api/posts.json")), "none");
    }

    #[test]
    fn root_links_follow_the_format() {
        let r = routes(true, true);
        let origin = "http://testserver";
        assert_eq!(
            serde_json::Value::Object(r.root_links(origin, None, false)).to_string(),
            r#"{"posts":"http://testserver/api/posts/"}"#
        );
        assert_eq!(
            r.root_links(origin, Some("json"), false)["posts"],
            "http://testserver/api/posts/?format=json"
        );
        assert_eq!(
            r.root_links(origin, Some("json"), true)["posts"],
            "http://testserver/api/posts.json"
        );
    }

    #[test]
    fn names_and_reverse() {
        let r = routes(true, true);
        assert_eq!(r.reverse("blogpost-list", None).unwrap(), "/api/posts/");
        assert_eq!(
            r.reverse("blogpost-detail", Some("4")).unwrap(),
            "/api/posts/4/"
        );
        assert_eq!(r.reverse("avatar-update", None).unwrap(), "/api/avatar/");
        assert_eq!(r.reverse("api-root", None).unwrap(), "/api/");
        assert!(r.reverse("nope", None).is_none());
    }

    #[test]
    fn allow_is_in_drf_order() {
        let c = config(ALL);
        let list: Vec<Method> = method_actions(&c, RouteKind::List)
            .into_iter()
            .map(|(m, _)| m)
            .collect();
        assert_eq!(allow_header(&list), "GET, POST, HEAD, OPTIONS");
        let detail: Vec<Method> = method_actions(&c, RouteKind::Detail)
            .into_iter()
            .map(|(m, _)| m)
            .collect();
        assert_eq!(
            allow_header(&detail),
            "GET, PUT, PATCH, DELETE, HEAD, OPTIONS"
        );
        let update = config(&[Action::Update, Action::PartialUpdate]);
        let view: Vec<Method> = method_actions(&update, RouteKind::View)
            .into_iter()
            .map(|(m, _)| m)
            .collect();
        assert_eq!(allow_header(&view), "PUT, PATCH, OPTIONS");
        assert_eq!(allow_header(&[Method::POST]), "POST, OPTIONS");
    }

    #[test]
    #[should_panic(expected = "already registered")]
    fn duplicate_basenames_are_refused() {
        let mut r = routes(true, true);
        let entry = r.entries[0].clone();
        r.push(entry);
    }
}
