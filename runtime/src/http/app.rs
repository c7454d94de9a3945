//! [`App`]: a Django app as the runtime serves it — its models, its URLs and its signal
//! receivers — and [`AppState`], what every request handler shares.
//!
//! ```
//! use restforge::http::app::{App, AppState};
//! use restforge::contrib::auth::User;
//! use restforge::prelude::*;
//!
//! fn connect(_signals: &mut Signals) {}
//!
//! let app = App::new("accounts").model::<User>().signals(connect);
//! assert_eq!(app.label(), "accounts");
//! assert_eq!(app.models()[0].table, "auth_user");
//! assert!(app.connect_signals().models().iter().any(|m| m.table == "auth_user"));
//! ```
//!
//! The HTTP layer serves an app with `crate::http::router::build(&app, state)`, which returns the
//! axum router of every route the app registered.
//!
//! Routes and tower layers of your own join the served router with [`App::merge`] and
//! [`App::layer`]: a webhook next to the API, CORS around it. They sit behind the same
//! `ALLOWED_HOSTS` check, and a path none of them matches gets the API's routing and Django's
//! 404 page.
//!
//! ```
//! use axum::routing::get;
//! use restforge::prelude::*;
//!
//! let app = App::new("shop")
//!     .merge(axum::Router::new().route("/healthz", get(|| async { "ok" })))
//!     .layer(axum::middleware::map_response(|mut response: axum::response::Response| async {
//!         response.headers_mut().insert("x-served-by", "shop".parse().unwrap());
//!         response
//!     }));
//! assert!(app.has_extensions());
//! ```

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use crate::core::model::{Model, ModelMeta};
use crate::db::Database;
use crate::db::objects::Writer;
use crate::db::signals::Signals;
use crate::http::router::Routes;
use crate::http::settings::Settings;
use crate::http::throttle::Throttles;

/// One app: Django's `AppConfig` plus its `urls.py` and `signals.py`.
pub struct App {
    label: &'static str,
    models: Vec<&'static ModelMeta>,
    routes: Vec<Routes>,
    connectors: Vec<fn(&mut Signals)>,
    /// Axum routes of the user's, matched before the API's.
    extra: Option<axum::Router<AppState>>,
    /// Tower layers of the user's, outermost last.
    layers: Vec<Layer>,
}

/// A tower layer, applied to the served router when it is built.
type Layer = Arc<dyn Fn(axum::Router) -> axum::Router + Send + Sync>;

impl fmt::Debug for App {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("App")
            .field("label", &self.label)
            .field(
                "models",
                &self.models.iter().map(|m| m.name).collect::<Vec<_>>(),
            )
            .field("routes", &self.routes)
            .field("connectors", &self.connectors.len())
            .field("extra_routes", &self.extra.is_some())
            .field("layers", &self.layers.len())
            .finish()
    }
}

impl App {
    /// An empty app with Django's app label.
    pub fn new(label: &'static str) -> App {
        App {
            label,
            models: Vec::new(),
            routes: Vec::new(),
            connectors: Vec::new(),
            extra: None,
            layers: Vec::new(),
        }
    }

    /// Serves plain axum routes beside the API (a webhook, a health check), matched before
    /// the API's routes. Handlers reach the database through `State<AppState>`.
    pub fn merge(mut self, router: axum::Router<AppState>) -> App {
        self.extra = Some(match self.extra.take() {
            Some(existing) => existing.merge(router),
            None => router,
        });
        self
    }

    /// Wraps every route, the API's and [`App::merge`]'s, in a tower layer (e.g. tower-http's
    /// `CorsLayer`). Layers added later wrap those added earlier, as in axum.
    pub fn layer<L>(mut self, layer: L) -> App
    where
        L: tower::Layer<axum::routing::Route> + Clone + Send + Sync + 'static,
        L::Service: tower::Service<axum::extract::Request> + Clone + Send + Sync + 'static,
        <L::Service as tower::Service<axum::extract::Request>>::Response:
            axum::response::IntoResponse + 'static,
        <L::Service as tower::Service<axum::extract::Request>>::Error:
            Into<std::convert::Infallible> + 'static,
        <L::Service as tower::Service<axum::extract::Request>>::Future: Send + 'static,
    {
        self.layers.push(Arc::new(move |router: axum::Router| {
            router.layer(layer.clone())
        }));
        self
    }

    /// Whether [`App::merge`] or [`App::layer`] added anything.
    pub fn has_extensions(&self) -> bool {
        self.extra.is_some() || !self.layers.is_empty()
    }

    /// The routes added with [`App::merge`].
    pub(crate) fn extra_routes(&self) -> Option<&axum::Router<AppState>> {
        self.extra.as_ref()
    }

    /// The layers added with [`App::layer`], in order.
    pub(crate) fn layers(
        &self,
    ) -> impl Iterator<Item = &(dyn Fn(axum::Router) -> axum::Router + Send + Sync)> {
        self.layers.iter().map(|layer| &**layer)
    }

    /// Registers a model (for `on_delete` rules and the admin-like commands).
    pub fn model<M: Model>(mut self) -> App {
        let meta = M::meta();
        if !self.models.iter().any(|m| m.table == meta.table) {
            self.models.push(meta);
        }
        self
    }

    /// Adds a router's URLs (a `DefaultRouter` or `SimpleRouter`).
    pub fn router(mut self, router: impl Into<Routes>) -> App {
        self.routes.push(router.into());
        self
    }

    /// Adds a function connecting signal receivers (the generated `signals::connect`).
    pub fn signals(mut self, connect: fn(&mut Signals)) -> App {
        self.connectors.push(connect);
        self
    }

    /// The app label.
    pub fn label(&self) -> &'static str {
        self.label
    }

    /// The registered models, in registration order.
    pub fn models(&self) -> &[&'static ModelMeta] {
        &self.models
    }

    /// The registered routers, in registration order.
    pub fn routes(&self) -> &[Routes] {
        &self.routes
    }

    /// The signal registry: every receiver connected, and every model known (registered
    /// ones, `auth.User`, and whatever their relations reach) so that deletes find the rows
    /// pointing at what they delete.
    pub fn connect_signals(&self) -> Signals {
        let mut signals = Signals::new();
        signals.register_model(<crate::contrib::auth::User as Model>::meta());
        for model in &self.models {
            signals.register_model(model);
        }
        for connect in &self.connectors {
            connect(&mut signals);
        }
        signals
    }
}

/// Django's `SECRET_KEY`. Its `Debug` never shows it.
#[derive(Clone)]
pub struct SecretKey(Arc<str>);

impl SecretKey {
    pub fn new(key: impl Into<Arc<str>>) -> Self {
        SecretKey(key.into())
    }

    /// A random key for development and tests (50 characters, as Django's
    /// `get_random_secret_key`).
    pub fn random() -> Self {
        use rand::distr::{Alphanumeric, SampleString};
        SecretKey(Alphanumeric.sample_string(&mut rand::rng(), 50).into())
    }

    /// The key, for signing (JWT's HMAC, session and CSRF values).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(***)")
    }
}

/// What every request handler shares. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Database,
    pub settings: Arc<Settings>,
    /// Receivers and known models, for [`Writer`]s.
    pub signals: Arc<Signals>,
    /// `MEDIA_ROOT`: where uploads are stored (`media` by default).
    pub media_root: PathBuf,
    pub secret_key: SecretKey,
    /// Throttle histories, in the store `settings.throttle_cache` names.
    pub throttles: Arc<Throttles>,
}

impl AppState {
    /// The state for serving `app` from `db`: its signals connected, media under `media/`,
    /// a random secret key (set a real one with [`AppState::secret_key`]).
    pub fn new(db: Database, settings: Settings, app: &App) -> AppState {
        AppState {
            db,
            throttles: Arc::new(Throttles::new(&settings.throttle_cache)),
            settings: Arc::new(settings),
            signals: Arc::new(app.connect_signals()),
            media_root: PathBuf::from("media"),
            secret_key: SecretKey::random(),
        }
    }

    /// `MEDIA_ROOT`.
    pub fn media_root(mut self, root: impl Into<PathBuf>) -> AppState {
        self.media_root = root.into();
        self
    }

    /// `SECRET_KEY`.
    pub fn secret_key(mut self, key: SecretKey) -> AppState {
        self.secret_key = key;
        self
    }

    /// A writer over this state's database and signals.
    pub fn writer(&self) -> Writer<'_> {
        Writer::new(&self.db, &self.signals)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::query::fixtures::{Profile, ProfileStatus};
    use crate::db::signals::Signal;

    fn connect(signals: &mut Signals) {
        signals.connect(
            Signal::post_save::<crate::contrib::auth::User>()
                .created_only()
                .create_related::<Profile>("user"),
        );
    }

    #[tokio::test]
    async fn state_carries_the_apps_signals_and_hides_the_secret() {
        let app = App::new("profiles")
            .model::<Profile>()
            .model::<ProfileStatus>()
            .model::<Profile>()
            .signals(connect);
        assert_eq!(app.models().len(), 2);
        let db = Database::connect("sqlite::memory:").await.unwrap();
        let state = AppState::new(db, Settings::new(), &app)
            .media_root("/tmp/m")
            .secret_key(SecretKey::new("very-secret"));
        let tables: Vec<&str> = state.signals.models().iter().map(|m| m.table).collect();
        assert_eq!(
            tables,
            ["auth_user", "profiles_profile", "profiles_profilestatus"]
        );
        assert!(state.signals.has_receivers(
            crate::db::signals::SignalKind::PostSave,
            <crate::contrib::auth::User as Model>::meta()
        ));
        assert_eq!(state.secret_key.expose(), "very-secret");
        let debug = format!("{state:?}");
        assert!(!debug.contains("very-secret") && debug.contains("SecretKey(***)"));
    }
}
