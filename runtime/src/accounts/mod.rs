//! The account endpoints a DRF project mounts (DRF-CONTRACT §5.4, §6): simplejwt's token views,
//! dj-rest-auth's login, logout, user, password change and reset, and registration, and the
//! browsable API's session login and logout pages (`rest_framework.urls`).
//!
//! ```
//! use restforge::accounts::{Accounts, Endpoint};
//!
//! let accounts = Accounts::new()
//!     .rest_auth("api/rest-auth/")
//!     .registration(true)
//!     .jwt("api/token/")
//!     .browsable_login("api-auth/");
//! assert_eq!(accounts.resolve("/api/rest-auth/login"), Some(Endpoint::Login));
//! assert_eq!(accounts.resolve("/api/rest-auth/registration/"), Some(Endpoint::Registration));
//! assert_eq!(accounts.resolve("/api/token/refresh/"), Some(Endpoint::TokenRefresh));
//! assert_eq!(accounts.resolve("/api-auth/login/"), Some(Endpoint::BrowsableLogin));
//! assert_eq!(accounts.resolve("/api/token/refresh"), None); // simplejwt's paths are strict
//! ```

use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::future::BoxFuture;
use serde_json::{Map, Value as Json};

use crate::contrib::auth::validators::{UserAttributes, validate_password};
use crate::contrib::users::{self, AuthUser};
use crate::contrib::{jwt, mail, messages, sessions, signing};
use crate::core::model::Model;
use crate::core::value::Value;
use crate::http::app::AppState;
use crate::http::authentication;
use crate::http::csrf;
use crate::http::endpoints::Endpoints;
use crate::http::error::{ApiError, AuthChallenge, ErrorTree};
use crate::http::fields::{Field, FieldClass, FieldValue};
use crate::http::request::RequestContext;

/// Which account endpoints a project mounts, and where.
#[derive(Debug, Clone, Default)]
pub struct Accounts {
    rest_auth: Option<String>,
    registration: bool,
    jwt: Option<String>,
    browsable_login: Option<String>,
}

/// One account endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// simplejwt's `TokenObtainPairView`.
    TokenObtain,
    /// `TokenRefreshView`.
    TokenRefresh,
    /// `TokenVerifyView`.
    TokenVerify,
    /// dj-rest-auth's `LoginView`.
    Login,
    /// `LogoutView`.
    Logout,
    /// `UserDetailsView`.
    User,
    /// `PasswordChangeView`.
    PasswordChange,
    /// `PasswordResetView`.
    PasswordReset,
    /// `PasswordResetConfirmView`.
    PasswordResetConfirm,
    /// `RegisterView`.
    Registration,
    /// `rest_framework.urls` login page.
    BrowsableLogin,
    /// `rest_framework.urls` logout.
    BrowsableLogout,
}

fn normalize(prefix: &str) -> String {
    format!("/{}/", prefix.trim_matches('/'))
}

impl Accounts {
    pub fn new() -> Self {
        Self::default()
    }

    /// Mounts dj-rest-auth's URLs under `prefix` (`api/rest-auth/`).
    pub fn rest_auth(mut self, prefix: &str) -> Self {
        self.rest_auth = Some(normalize(prefix));
        self
    }

    /// Mounts `registration/` under the dj-rest-auth prefix.
    pub fn registration(mut self, on: bool) -> Self {
        self.registration = on;
        self
    }

    /// Mounts simplejwt's obtain, `refresh/` and `verify/` views under `prefix` (`api/token/`).
    pub fn jwt(mut self, prefix: &str) -> Self {
        self.jwt = Some(normalize(prefix));
        self
    }

    /// Mounts the browsable API's `login/` and `logout/` under `prefix` (`api-auth/`).
    pub fn browsable_login(mut self, prefix: &str) -> Self {
        self.browsable_login = Some(normalize(prefix));
        self
    }

    /// The endpoint at `path` (percent-decoded), if any.
    pub fn resolve(&self, path: &str) -> Option<Endpoint> {
        if let Some(rest) = self.jwt.as_deref().and_then(|p| path.strip_prefix(p)) {
            match rest {
                "" => return Some(Endpoint::TokenObtain),
                "refresh/" => return Some(Endpoint::TokenRefresh),
                "verify/" => return Some(Endpoint::TokenVerify),
                _ => {}
            }
        }
        if let Some(rest) = self
            .browsable_login
            .as_deref()
            .and_then(|p| path.strip_prefix(p))
        {
            match rest {
                "login/" => return Some(Endpoint::BrowsableLogin),
                "logout/" => return Some(Endpoint::BrowsableLogout),
                _ => {}
            }
        }
        let rest = self
            .rest_auth
            .as_deref()
            .and_then(|p| path.strip_prefix(p))?;
        if self.registration && rest == "registration/" {
            return Some(Endpoint::Registration);
        }
        // dj-rest-auth's `re_path(r'login/?$')`: the trailing slash is optional.
        Some(match rest.strip_suffix('/').unwrap_or(rest) {
            "login" => Endpoint::Login,
            "logout" => Endpoint::Logout,
            "user" => Endpoint::User,
            "password/change" => Endpoint::PasswordChange,
            "password/reset" => Endpoint::PasswordReset,
            "password/reset/confirm" => Endpoint::PasswordResetConfirm,
            _ => return None,
        })
    }
}

/// A handler's successful outcome.
struct Out {
    status: StatusCode,
    body: Json,
    cookies: Vec<HeaderValue>,
}

impl Out {
    fn ok(body: Json) -> Self {
        Out {
            status: StatusCode::OK,
            body,
            cookies: Vec::new(),
        }
    }
}

fn object(pairs: &[(&str, Json)]) -> Json {
    Json::Object(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

fn detail(message: &str) -> Json {
    object(&[("detail", message.into())])
}

impl Endpoint {
    /// The methods the view has, for `Allow`.
    fn allow(self) -> &'static str {
        match self {
            Endpoint::Logout => "GET, POST, HEAD, OPTIONS",
            Endpoint::User => "GET, PUT, PATCH, HEAD, OPTIONS",
            Endpoint::BrowsableLogin => "GET, POST, HEAD, OPTIONS",
            _ => "POST, OPTIONS",
        }
    }

    /// DRF's view name, for OPTIONS.
    fn name(self) -> &'static str {
        match self {
            Endpoint::TokenObtain => "Token Obtain Pair",
            Endpoint::TokenRefresh => "Token Refresh",
            Endpoint::TokenVerify => "Token Verify",
            Endpoint::Login => "Login",
            Endpoint::Logout => "Logout",
            Endpoint::User => "User Details",
            Endpoint::PasswordChange => "Password Change",
            Endpoint::PasswordReset => "Password Reset",
            Endpoint::PasswordResetConfirm => "Password Reset Confirm",
            Endpoint::Registration => "Register",
            Endpoint::BrowsableLogin | Endpoint::BrowsableLogout => "Login",
        }
    }

    /// The view's docstring, as DRF's OPTIONS shows it (dj-rest-auth 7.2, simplejwt 5.5).
    fn description(self) -> &'static str {
        match self {
            Endpoint::TokenObtain => {
                "Takes a set of user credentials and returns an access and refresh JSON web\ntoken pair to prove the authentication of those credentials."
            }
            Endpoint::TokenRefresh => {
                "Takes a refresh type JSON web token and returns an access type JSON web\ntoken if the refresh token is valid."
            }
            Endpoint::TokenVerify => {
                "Takes a token and indicates if it is valid.  This view provides no\ninformation about a token's fitness for a particular use."
            }
            Endpoint::Login => {
                "Check the credentials and return the REST Token\nif the credentials are valid and authenticated.\nCalls Django Auth login method to register User ID\nin Django session framework\n\nAccept the following POST parameters: username, password\nReturn the REST Framework Token Object's key."
            }
            Endpoint::Logout => {
                "Calls Django logout method and delete the Token object\nassigned to the current User object.\n\nAccepts/Returns nothing."
            }
            Endpoint::User => {
                "Reads and updates UserModel fields\nAccepts GET, PUT, PATCH methods.\n\nDefault accepted fields: username, first_name, last_name\nDefault display fields: pk, username, email, first_name, last_name\nRead-only fields: pk, email\n\nReturns UserModel fields."
            }
            Endpoint::PasswordChange => {
                "Calls Django Auth SetPasswordForm save method.\n\nAccepts the following POST parameters: new_password1, new_password2\nReturns the success/fail message."
            }
            Endpoint::PasswordReset => {
                "Calls Django Auth PasswordResetForm save method.\n\nAccepts the following POST parameters: email\nReturns the success/fail message."
            }
            Endpoint::PasswordResetConfirm => {
                "Password reset e-mail link is confirmed, therefore\nthis resets the user's password.\n\nAccepts the following POST parameters: token, uid,\n    new_password1, new_password2\nReturns the success/fail message."
            }
            Endpoint::Registration => {
                "Registers a new user.\n\nAccepts the following POST parameters: username, email, password1, password2."
            }
            Endpoint::BrowsableLogin | Endpoint::BrowsableLogout => "",
        }
    }

    /// The method and fields SimpleMetadata lists under `actions` (the serializer's fields, in
    /// its order), for a view with a serializer.
    fn write_fields(self) -> Option<(&'static str, Json)> {
        fn field(kind: &str, required: bool, read_only: bool, label: &str) -> Json {
            serde_json::json!({
                "type": kind, "required": required, "read_only": read_only, "label": label
            })
        }
        fn limited(mut info: Json, limits: &[(&str, Json)]) -> Json {
            if let Json::Object(map) = &mut info {
                for (key, value) in limits {
                    map.insert((*key).to_owned(), value.clone());
                }
            }
            info
        }
        let string = |required, label| field("string", required, false, label);
        let new_password = |label| limited(string(true, label), &[("max_length", 128.into())]);
        let fields: Vec<(&str, Json)> = match self {
            Endpoint::TokenObtain => vec![
                ("username", string(true, "Username")),
                ("password", string(true, "Password")),
            ],
            Endpoint::TokenRefresh => vec![
                ("refresh", string(true, "Refresh")),
                ("access", field("string", false, true, "Access")),
            ],
            Endpoint::TokenVerify => vec![("token", string(true, "Token"))],
            Endpoint::Login => vec![
                ("username", string(false, "Username")),
                ("email", field("email", false, false, "Email")),
                ("password", string(true, "Password")),
            ],
            Endpoint::User => {
                let name = |label| limited(string(false, label), &[("max_length", 150.into())]);
                let fields = vec![
                    ("pk", field("integer", false, true, "ID")),
                    (
                        "username",
                        limited(
                            string(true, "Username"),
                            &[
                                // The help text of `auth.User.username`.
                                (
                                    "help_text",
                                    "Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."
                                        .into(),
                                ),
                                ("max_length", 150.into()),
                            ],
                        ),
                    ),
                    ("email", field("email", false, true, "Email address")),
                    ("first_name", name("First name")),
                    ("last_name", name("Last name")),
                ];
                return Some(("PUT", object(&fields)));
            }
            Endpoint::PasswordChange => vec![
                ("new_password1", new_password("New password1")),
                ("new_password2", new_password("New password2")),
            ],
            Endpoint::PasswordReset => vec![("email", field("email", true, false, "Email"))],
            Endpoint::PasswordResetConfirm => vec![
                ("new_password1", new_password("New password1")),
                ("new_password2", new_password("New password2")),
                ("uid", string(true, "Uid")),
                ("token", string(true, "Token")),
            ],
            Endpoint::Registration => vec![
                (
                    "username",
                    limited(
                        string(true, "Username"),
                        &[("min_length", 1.into()), ("max_length", 150.into())],
                    ),
                ),
                ("email", field("email", false, false, "Email")),
                ("password1", string(true, "Password1")),
                ("password2", string(true, "Password2")),
            ],
            Endpoint::Logout | Endpoint::BrowsableLogin | Endpoint::BrowsableLogout => {
                return None;
            }
        };
        Some(("POST", object(&fields)))
    }

    /// simplejwt's views have no authentication classes.
    fn is_jwt_view(self) -> bool {
        matches!(
            self,
            Endpoint::TokenObtain | Endpoint::TokenRefresh | Endpoint::TokenVerify
        )
    }
}

/// The throttle scope of dj-rest-auth's views.
pub const DJ_REST_AUTH_THROTTLE_SCOPE: &str = "dj_rest_auth";

impl Endpoints for Accounts {
    fn matches(&self, path: &str) -> bool {
        self.resolve(path).is_some()
    }

    fn serve<'a>(
        &'a self,
        path: &'a str,
        state: &'a AppState,
        ctx: &'a mut RequestContext,
    ) -> BoxFuture<'a, Response> {
        Box::pin(async move {
            match self.resolve(path) {
                Some(endpoint) => serve(self, endpoint, state, ctx).await,
                // `matches` said yes: only a caller that skipped it gets here.
                None => crate::http::view::not_found_html(),
            }
        })
    }
}

/// Serves `endpoint`. Never fails: every error is DRF's (or Django's) response.
pub async fn serve(
    accounts: &Accounts,
    endpoint: Endpoint,
    state: &AppState,
    ctx: &mut RequestContext,
) -> Response {
    match endpoint {
        Endpoint::BrowsableLogin => return browsable_login(state, ctx).await,
        Endpoint::BrowsableLogout => return browsable_logout(state, ctx).await,
        _ => {}
    }
    let settings = &*state.settings;
    let schemes: Vec<&'static dyn authentication::DynAuthentication> = if endpoint.is_jwt_view() {
        Vec::new()
    } else {
        settings.authentication.clone()
    };
    let result = async {
        crate::http::negotiation::select_renderer(
            &[
                crate::http::negotiation::Renderer::Json,
                crate::http::negotiation::Renderer::BrowsableApi,
            ],
            ctx.header(header::ACCEPT),
            ctx.query_param("format").as_deref(),
        )?;
        authentication::authenticate(&schemes, ctx, state, None).await?;
        let needs_user = matches!(endpoint, Endpoint::User | Endpoint::PasswordChange);
        if needs_user && ctx.user.is_none() {
            return Err(ApiError::NotAuthenticated(authentication::challenge(
                &schemes,
            )));
        }
        // dj-rest-auth's views set `throttle_scope = "dj_rest_auth"`; simplejwt's use the
        // default throttles. Either way the anon and user rates apply to password guessing.
        let scope = (!endpoint.is_jwt_view()).then_some(DJ_REST_AUTH_THROTTLE_SCOPE);
        crate::http::throttle::throttle_request(state, ctx, scope).await?;
        let allowed = match (endpoint, &ctx.method) {
            (Endpoint::User, &Method::GET | &Method::HEAD | &Method::PUT | &Method::PATCH) => true,
            (_, &Method::POST) => endpoint != Endpoint::User,
            (_, &Method::OPTIONS) => {
                // SimpleMetadata: the view's docstring and, as the permission checks passed,
                // the serializer's fields for its write method.
                let actions = endpoint
                    .write_fields()
                    .and_then(|(method, fields)| match fields {
                        Json::Object(fields) => Some((method, fields)),
                        _ => None,
                    });
                return Ok(Out::ok(crate::http::metadata::options_body_described(
                    endpoint.name(),
                    endpoint.description(),
                    actions,
                )));
            }
            _ => false,
        };
        if !allowed {
            return Err(ApiError::MethodNotAllowed(ctx.method.to_string()));
        }
        let data = match ctx.method {
            Method::GET | Method::HEAD => Body::default(),
            _ => body_object(ctx).await?,
        };
        match endpoint {
            Endpoint::TokenObtain => token_obtain(state, &data).await,
            Endpoint::TokenRefresh => token_refresh(state, &data).await,
            Endpoint::TokenVerify => token_verify(state, &data),
            Endpoint::Login => login(state, ctx, &data).await,
            Endpoint::Logout => logout(state, ctx).await,
            Endpoint::User => user_details(state, ctx, &data).await,
            Endpoint::PasswordChange => password_change(state, ctx, &data).await,
            Endpoint::PasswordReset => password_reset(accounts, state, ctx, &data).await,
            Endpoint::PasswordResetConfirm => password_reset_confirm(state, &data).await,
            Endpoint::Registration => register(state, ctx, &data).await,
            Endpoint::BrowsableLogin | Endpoint::BrowsableLogout => {
                unreachable!("served above")
            }
        }
    }
    .await;
    // Django's login() and logout() write the session (dj-rest-auth's SESSION_LOGIN).
    let writes_session = match endpoint {
        Endpoint::Login | Endpoint::Registration | Endpoint::PasswordChange => {
            result.is_ok() && ctx.method == Method::POST
        }
        Endpoint::Logout => ctx.method == Method::POST,
        _ => false,
    };
    ctx.session_accessed |= writes_session;
    let vary = if ctx.session_accessed {
        "Accept, Cookie"
    } else {
        "Accept"
    };
    let mut response = match result {
        Ok(out) => {
            let mut response = (out.status, crate::core::json::to_vec(&out.body)).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(crate::core::json::CONTENT_TYPE),
            );
            for cookie in out.cookies {
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
            response
        }
        Err(error) if error.is_django_page() => {
            // Django's own page: no Allow, Vary only from the session middleware.
            let mut response = error.into_response();
            if ctx.session_accessed {
                response
                    .headers_mut()
                    .insert(header::VARY, HeaderValue::from_static("Cookie"));
            }
            return response;
        }
        Err(error) => error.into_response(),
    };
    let headers = response.headers_mut();
    headers.insert(header::ALLOW, HeaderValue::from_static(endpoint.allow()));
    headers.insert(header::VARY, HeaderValue::from_static(vary));
    if ctx.method == Method::HEAD {
        let (parts, _) = response.into_parts();
        return Response::from_parts(parts, axum::body::Body::empty());
    }
    response
}

/// `request.data` as an object, or DRF's type error.
/// A request body's fields, and which of them had a lone surrogate escape.
#[derive(Debug, Default)]
struct Body {
    fields: Map<String, Json>,
    lone_surrogates: Vec<(String, u32)>,
}

impl From<Map<String, Json>> for Body {
    fn from(fields: Map<String, Json>) -> Self {
        Body {
            fields,
            lone_surrogates: Vec::new(),
        }
    }
}

async fn body_object(ctx: &RequestContext) -> Result<Body, ApiError> {
    let parsed = ctx.data().await?;
    match parsed.data {
        Json::Object(fields) => Ok(Body {
            fields,
            lone_surrogates: parsed.lone_surrogates,
        }),
        other => Err(ErrorTree::non_field(format!(
            "Invalid data. Expected a dictionary, but got {}.",
            crate::http::serializer::python_type(&other)
        ))
        .into()),
    }
}

/// Runs serializer fields over a body, collecting errors in declaration order.
struct Form<'a> {
    data: &'a Body,
    errors: ErrorTree,
}

impl<'a> Form<'a> {
    fn new(data: &'a Body) -> Self {
        Form {
            data,
            errors: ErrorTree::new(),
        }
    }

    /// The field's string value; `None` when absent or invalid (the error is recorded).
    fn take(&mut self, name: &str, field: Field) -> Option<String> {
        let surrogate = self
            .data
            .lone_surrogates
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, code)| *code);
        match field.run_validation_noting(self.data.fields.get(name), surrogate) {
            Ok(Some(FieldValue::Str(s))) => Some(s),
            Ok(_) => None,
            Err(messages) => {
                for message in messages {
                    self.errors.add(name, message);
                }
                None
            }
        }
    }

    fn add(&mut self, name: &str, message: impl Into<String>) {
        self.errors.add(name, message);
    }

    fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.errors.into())
        }
    }
}

fn char_field() -> Field {
    Field::new(FieldClass::Char)
}

/// DRF's `CharField(style={'input_type': 'password'})` in dj-rest-auth: not trimmed.
fn password_field() -> Field {
    Field::new(FieldClass::Char).trim_whitespace(false)
}

fn token_error(message: &str) -> ApiError {
    let mut body = Map::new();
    body.insert("detail".into(), message.into());
    body.insert("code".into(), "token_not_valid".into());
    ApiError::AuthenticationFailedWith {
        body,
        challenge: AuthChallenge::bearer(authentication::REALM),
    }
}

async fn token_obtain(state: &AppState, data: &Body) -> Result<Out, ApiError> {
    let mut form = Form::new(data);
    // simplejwt's PasswordField is a CharField, so it is trimmed.
    let username = form.take("username", char_field());
    let password = form.take("password", char_field());
    form.finish()?;
    let (Some(username), Some(password)) = (username, password) else {
        return Err(ApiError::internal("validated fields are present"));
    };
    let user = users::authenticate(&state.db, &username, &password)
        .await
        .map_err(ApiError::internal)?
        .filter(|u| u.is_active)
        .ok_or_else(|| ApiError::AuthenticationFailed {
            message: "No active account found with the given credentials".into(),
            challenge: AuthChallenge::bearer(authentication::REALM),
        })?;
    let now = jwt::now();
    let secret = state.secret_key.expose();
    let refresh = jwt::refresh_for_user(user.id, &state.settings.jwt, now);
    let access = jwt::access_from_refresh(&refresh, &state.settings.jwt, now);
    Ok(Out::ok(object(&[
        ("refresh", jwt::encode(&refresh, secret).into()),
        ("access", jwt::encode(&access, secret).into()),
    ])))
}

async fn token_refresh(state: &AppState, data: &Body) -> Result<Out, ApiError> {
    let mut form = Form::new(data);
    let token = form.take("refresh", char_field());
    form.finish()?;
    let token = token.unwrap_or_default();
    let now = jwt::now();
    let refresh = jwt::decode(
        &token,
        state.secret_key.expose(),
        Some(jwt::TokenType::Refresh),
        now,
    )
    .map_err(|e| token_error(e.message()))?;
    // simplejwt ≥ 5.4: the token's user must still be active. (simplejwt 5.5.1 answers a
    // deleted user with a 500 — `User.DoesNotExist` escapes; restforge refuses it as inactive.)
    let user_id = refresh
        .get("user_id")
        .and_then(|id| id.as_str().and_then(|s| s.parse().ok()).or(id.as_i64()));
    if let Some(user_id) = user_id {
        let user = users::user_by_id(&state.db, user_id)
            .await
            .map_err(ApiError::internal)?;
        if !user.is_some_and(|u| u.is_active) {
            let mut body = Map::new();
            body.insert(
                "detail".into(),
                "No active account found for the given token.".into(),
            );
            return Err(ApiError::AuthenticationFailedWith {
                body,
                challenge: AuthChallenge::bearer(authentication::REALM),
            });
        }
    }
    let access = jwt::access_from_refresh(&refresh, &state.settings.jwt, now);
    Ok(Out::ok(object(&[(
        "access",
        jwt::encode(&access, state.secret_key.expose()).into(),
    )])))
}

fn token_verify(state: &AppState, data: &Body) -> Result<Out, ApiError> {
    let mut form = Form::new(data);
    let token = form.take("token", char_field());
    form.finish()?;
    jwt::decode(
        &token.unwrap_or_default(),
        state.secret_key.expose(),
        None,
        jwt::now(),
    )
    .map_err(|e| token_error(e.message()))?;
    Ok(Out::ok(Json::Object(Map::new())))
}

/// Django's `login()`: a new session (the old one, if any, is removed) and a rotated CSRF
/// secret; the cookies to set.
async fn session_login(
    state: &AppState,
    ctx: &RequestContext,
    user: &AuthUser,
) -> Result<Vec<HeaderValue>, ApiError> {
    let db = &state.db;
    if let Some(old) = sessions::cookie(&ctx.headers, sessions::SESSION_COOKIE) {
        sessions::delete(db, old)
            .await
            .map_err(ApiError::internal)?;
    }
    let (_, password_hash) = users::user_with_password(db, user.id)
        .await
        .map_err(ApiError::internal)?
        .ok_or_else(|| ApiError::internal("the user just authenticated exists"))?;
    let key = sessions::login(db, state.secret_key.expose(), user.id, &password_hash)
        .await
        .map_err(ApiError::internal)?;
    Ok(vec![
        csrf::csrf_cookie(&csrf::new_secret(), &state.settings),
        sessions::session_cookie(&key, state.settings.session_cookie_secure),
    ])
}

async fn login(state: &AppState, ctx: &RequestContext, data: &Body) -> Result<Out, ApiError> {
    let mut form = Form::new(data);
    let username = form.take("username", char_field().required(false).allow_blank(true));
    form.take(
        "email",
        Field::new(FieldClass::Email)
            .required(false)
            .allow_blank(true),
    );
    let password = form.take("password", password_field());
    form.finish()?;
    let (Some(username), Some(password)) = (
        username.filter(|u| !u.is_empty()),
        password.filter(|p| !p.is_empty()),
    ) else {
        return Err(ErrorTree::non_field("Must include \"username\" and \"password\".").into());
    };
    let user = users::authenticate(&state.db, &username, &password)
        .await
        .map_err(ApiError::internal)?
        .filter(|u| u.is_active)
        .ok_or_else(|| ErrorTree::non_field("Unable to log in with provided credentials."))?;
    let key = users::token_for(&state.db, user.id)
        .await
        .map_err(ApiError::internal)?;
    let cookies = session_login(state, ctx, &user).await?;
    Ok(Out {
        status: StatusCode::OK,
        body: object(&[("key", key.into())]),
        cookies,
    })
}

async fn logout(state: &AppState, ctx: &RequestContext) -> Result<Out, ApiError> {
    if let Some(user) = &ctx.user {
        users::delete_token(&state.db, user.id)
            .await
            .map_err(ApiError::internal)?;
    }
    let mut cookies = Vec::new();
    if let Some(key) = sessions::cookie(&ctx.headers, sessions::SESSION_COOKIE) {
        sessions::delete(&state.db, key)
            .await
            .map_err(ApiError::internal)?;
        cookies.push(sessions::delete_cookie(sessions::SESSION_COOKIE));
    }
    Ok(Out {
        status: StatusCode::OK,
        body: detail("Successfully logged out."),
        cookies,
    })
}

fn user_json(user: &crate::contrib::auth::User) -> Json {
    object(&[
        ("pk", user.id.into()),
        ("username", user.username.clone().into()),
        ("email", user.email.clone().into()),
        ("first_name", user.first_name.clone().into()),
        ("last_name", user.last_name.clone().into()),
    ])
}

async fn full_user(
    state: &AppState,
    user: &AuthUser,
) -> Result<crate::contrib::auth::User, ApiError> {
    users::user_by_username(&state.db, &user.username)
        .await
        .map_err(ApiError::internal)?
        .ok_or_else(|| ApiError::internal("the authenticated user exists"))
}

/// Django's `UnicodeUsernameValidator` and the 150-character limit.
fn username_field() -> Field {
    char_field().max_length(150)
}

fn valid_username(username: &str) -> bool {
    !username.is_empty()
        && username
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '@' | '+' | '-'))
}

const INVALID_USERNAME: &str = "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.";
const USERNAME_TAKEN: &str = "A user with that username already exists.";

/// allauth's `clean_username`: taken when any user has it, in any case — the user being
/// updated included, so dj-rest-auth's user update refuses a user's own username too.
async fn username_taken(state: &AppState, username: &str) -> Result<bool, ApiError> {
    users::username_exists_iexact(&state.db, username)
        .await
        .map_err(ApiError::internal)
}

async fn user_details(
    state: &AppState,
    ctx: &RequestContext,
    data: &Body,
) -> Result<Out, ApiError> {
    let current = ctx
        .user
        .as_ref()
        .ok_or_else(|| ApiError::internal("checked above"))?;
    let user = full_user(state, current).await?;
    if matches!(ctx.method, Method::GET | Method::HEAD) {
        return Ok(Out::ok(user_json(&user)));
    }
    let partial = ctx.method == Method::PATCH;
    let mut form = Form::new(data);
    let username = form.take("username", username_field().required(!partial));
    if let Some(name) = &username {
        if !valid_username(name) {
            form.add("username", INVALID_USERNAME);
        } else if username_taken(state, name).await? {
            form.add("username", USERNAME_TAKEN);
        }
    }
    let optional = || {
        char_field()
            .required(false)
            .allow_blank(true)
            .max_length(150)
    };
    let first_name = form.take("first_name", optional());
    let last_name = form.take("last_name", optional());
    form.finish()?;
    let mut values: Vec<(&'static str, Value)> = Vec::new();
    for (name, value) in [
        ("username", username),
        ("first_name", first_name),
        ("last_name", last_name),
    ] {
        if let Some(value) = value {
            values.push((name, Value::Text(value)));
        }
    }
    if !values.is_empty() {
        state
            .writer()
            .update(
                crate::contrib::auth::User::meta(),
                &Value::Int(current.id),
                values,
            )
            .await
            .map_err(ApiError::internal)?;
    }
    let user = users::user_with_password(&state.db, current.id)
        .await
        .map_err(ApiError::internal)?
        .ok_or_else(|| ApiError::internal("the user exists"))?
        .0;
    Ok(Out::ok(user_json(&full_user(state, &user).await?)))
}

/// SetPasswordForm: the two passwords match, then pass the validators (errors under
/// `new_password2`).
fn check_new_password(form: &mut Form<'_>, user: &crate::contrib::auth::User) -> Option<String> {
    let one = form.take("new_password1", password_field().max_length(128));
    let two = form.take("new_password2", password_field().max_length(128));
    let (Some(one), Some(two)) = (one, two) else {
        return None;
    };
    if one != two {
        // Django's message, with U+2019.
        form.add(
            "new_password2",
            "The two password fields didn\u{2019}t match.",
        );
        return None;
    }
    let attributes = UserAttributes {
        username: &user.username,
        first_name: &user.first_name,
        last_name: &user.last_name,
        email: &user.email,
    };
    if let Err(messages) = validate_password(&two, Some(&attributes)) {
        for message in messages {
            form.add("new_password2", message);
        }
        return None;
    }
    Some(two)
}

async fn password_change(
    state: &AppState,
    ctx: &RequestContext,
    data: &Body,
) -> Result<Out, ApiError> {
    let current = ctx
        .user
        .as_ref()
        .ok_or_else(|| ApiError::internal("checked above"))?;
    let user = full_user(state, current).await?;
    let mut form = Form::new(data);
    let password = check_new_password(&mut form, &user);
    form.finish()?;
    let password = password.ok_or_else(|| ApiError::internal("validated"))?;
    users::set_password(&state.db, current.id, &password)
        .await
        .map_err(ApiError::internal)?;
    // update_session_auth_hash: this session stays logged in; other sessions end.
    let (_, hash) = users::user_with_password(&state.db, current.id)
        .await
        .map_err(ApiError::internal)?
        .ok_or_else(|| ApiError::internal("the user exists"))?;
    let key = sessions::update_auth_hash(
        &state.db,
        state.secret_key.expose(),
        sessions::cookie(&ctx.headers, sessions::SESSION_COOKIE),
        &hash,
    )
    .await
    .map_err(ApiError::internal)?;
    let cookies = vec![sessions::session_cookie(
        &key,
        state.settings.session_cookie_secure,
    )];
    Ok(Out {
        status: StatusCode::OK,
        body: detail("New password has been saved."),
        cookies,
    })
}

/// Django's `PasswordResetTokenGenerator` (SHA-256): `<base36 seconds since 2001>-<every other
/// hex digit of salted_hmac(pk, password hash, last login, timestamp, email)>`. A token stops
/// working once the password changes or the user logs in.
fn reset_token(user: &crate::contrib::auth::User, timestamp: i64, secret: &str) -> String {
    let last_login = user
        .last_login
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default();
    let value = format!(
        "{}{}{last_login}{timestamp}{}",
        user.id, user.password, user.email
    );
    let hash = signing::salted_hmac_hex(
        "django.contrib.auth.tokens.PasswordResetTokenGenerator",
        &value,
        secret,
    );
    let every_other: String = hash.chars().step_by(2).collect();
    format!("{}-{every_other}", to_base36(timestamp.max(0) as u64))
}

/// `PASSWORD_RESET_TIMEOUT`: three days.
const PASSWORD_RESET_TIMEOUT: i64 = 3 * 24 * 3600;

/// Seconds since 2001-01-01, Django's token clock.
fn reset_clock() -> i64 {
    jwt::now() - 978_307_200
}

fn check_reset_token(user: &crate::contrib::auth::User, token: &str, secret: &str) -> bool {
    let Some((ts, _)) = token.split_once('-') else {
        return false;
    };
    let Some(timestamp) = from_base36(ts) else {
        return false;
    };
    signing::constant_time_eq(&reset_token(user, timestamp, secret), token)
        && reset_clock() - timestamp <= PASSWORD_RESET_TIMEOUT
}

fn to_base36(mut n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn from_base36(text: &str) -> Option<i64> {
    if text.is_empty() || text.len() > 13 {
        return None;
    }
    i64::from_str_radix(text, 36).ok()
}

async fn user_by_pk(
    state: &AppState,
    pk: i64,
) -> Result<Option<crate::contrib::auth::User>, ApiError> {
    let Some(found) = users::user_by_id(&state.db, pk)
        .await
        .map_err(ApiError::internal)?
    else {
        return Ok(None);
    };
    users::user_by_username(&state.db, &found.username)
        .await
        .map_err(ApiError::internal)
}

async fn password_reset(
    accounts: &Accounts,
    state: &AppState,
    ctx: &RequestContext,
    data: &Body,
) -> Result<Out, ApiError> {
    let mut form = Form::new(data);
    let email = form.take("email", Field::new(FieldClass::Email));
    form.finish()?;
    let email = email.unwrap_or_default();
    let sql = format!(
        "SELECT \"id\" FROM \"auth_user\" WHERE LOWER(\"email\") = LOWER({}) AND \"is_active\" = {}",
        state.db.placeholder(1, crate::core::model::FieldKind::Char),
        state
            .db
            .placeholder(2, crate::core::model::FieldKind::Boolean),
    );
    let rows = state
        .db
        .fetch(
            &sql,
            &[
                crate::db::Param::text(email.clone()),
                crate::db::Param::new(Value::Bool(true), crate::core::model::FieldKind::Boolean),
            ],
            &[crate::core::model::FieldKind::Integer],
        )
        .await
        .map_err(ApiError::internal)?;
    for row in rows {
        let Some(Value::Int(pk)) = row.into_iter().next() else {
            continue;
        };
        let Some(user) = user_by_pk(state, pk).await? else {
            continue;
        };
        if !crate::contrib::auth::password::is_password_usable(&user.password) {
            continue;
        }
        let token = reset_token(&user, reset_clock(), state.secret_key.expose());
        let prefix = accounts.rest_auth.as_deref().unwrap_or("/");
        let link = format!(
            "{}{prefix}password/reset/confirm/{}/{token}/",
            ctx.origin(),
            to_base36(pk.max(0) as u64)
        );
        let body = format!(
            "You're receiving this email because you requested a password reset for your user account at {}.\n\nPlease go to the following page and choose a new password:\n\n{link}\n\nYour username, in case you've forgotten: {}\n",
            ctx.host(),
            user.username
        );
        let subject = format!("Password reset on {}", ctx.host());
        mail::send_in_background(&state.settings.mail, user.email.clone(), subject, body);
    }
    Ok(Out::ok(detail("Password reset e-mail has been sent.")))
}

async fn password_reset_confirm(state: &AppState, data: &Body) -> Result<Out, ApiError> {
    let mut form = Form::new(data);
    let uid = form.take("uid", char_field());
    let token = form.take("token", char_field());
    let one = form.take("new_password1", password_field().max_length(128));
    let two = form.take("new_password2", password_field().max_length(128));
    form.finish()?;
    let invalid = |field: &str| {
        let mut tree = ErrorTree::new();
        tree.add(field, "Invalid value");
        ApiError::from(tree)
    };
    // allauth's uid: the pk in base 36.
    let user = match uid.as_deref().and_then(from_base36) {
        Some(pk) => user_by_pk(state, pk).await?,
        None => None,
    }
    .ok_or_else(|| invalid("uid"))?;
    let mut again = Map::new();
    again.insert("new_password1".into(), one.unwrap_or_default().into());
    again.insert("new_password2".into(), two.unwrap_or_default().into());
    let again = Body::from(again);
    let mut form = Form::new(&again);
    let password = check_new_password(&mut form, &user);
    form.finish()?;
    if !check_reset_token(
        &user,
        token.as_deref().unwrap_or_default(),
        state.secret_key.expose(),
    ) {
        return Err(invalid("token"));
    }
    let password = password.ok_or_else(|| ApiError::internal("validated"))?;
    users::set_password(&state.db, i64::from(user.id), &password)
        .await
        .map_err(ApiError::internal)?;
    Ok(Out::ok(detail(
        "Password has been reset with the new password.",
    )))
}

/// dj-rest-auth's `RegisterView` with allauth: the user, its token, and (verification being
/// optional) allauth's login after signup, which starts a session as the login view does.
async fn register(state: &AppState, ctx: &RequestContext, data: &Body) -> Result<Out, ApiError> {
    let mut form = Form::new(data);
    let username = form.take("username", username_field().min_length(1));
    if let Some(name) = &username {
        if !valid_username(name) {
            form.add("username", INVALID_USERNAME);
        } else if username_taken(state, name).await? {
            form.add("username", USERNAME_TAKEN);
        }
    }
    // dj-rest-auth's `EmailField(required=ACCOUNT_EMAIL_REQUIRED)`: optional, never blank.
    let email = form.take("email", Field::new(FieldClass::Email).required(false));
    let password1 = form.take("password1", password_field());
    if let Some(password) = &password1
        && let Err(messages) = validate_password(password, None)
    {
        for message in messages {
            form.add("password1", message);
        }
    }
    let password2 = form.take("password2", password_field());
    form.finish()?;
    let (Some(username), Some(password1), Some(password2)) = (username, password1, password2)
    else {
        return Err(ApiError::internal("validated fields are present"));
    };
    if password1 != password2 {
        return Err(ErrorTree::non_field("The two password fields didn't match.").into());
    }
    let email = email.unwrap_or_default();
    // The similarity check needs the user, so it runs before saving (allauth's save_user with
    // commit=False), and reports under non_field_errors.
    let attributes = UserAttributes {
        username: &username,
        email: &email,
        ..UserAttributes::default()
    };
    if let Err(messages) = validate_password(&password1, Some(&attributes)) {
        let mut tree = ErrorTree::new();
        for message in messages {
            tree.add(crate::http::error::NON_FIELD_ERRORS, message);
        }
        return Err(tree.into());
    }
    let user = users::create(
        &state.db,
        &state.signals,
        users::NewUser {
            username: &username,
            email: &email,
            password: Some(&password1),
            ..users::NewUser::default()
        },
    )
    .await
    .map_err(|error| match error {
        crate::db::objects::WriteError::Unique(_) => {
            let mut tree = ErrorTree::new();
            tree.add("username", USERNAME_TAKEN);
            ApiError::from(tree)
        }
        other => ApiError::internal(other),
    })?;
    let key = users::token_for(&state.db, user.id)
        .await
        .map_err(ApiError::internal)?;
    let mut cookies = session_login(state, ctx, &user).await?;
    // allauth's login after signing up leaves a message for the next page.
    cookies.push(messages::set_cookie(
        &[(
            messages::Level::Success,
            &format!("Successfully signed in as {}.", user.username),
        )],
        state.secret_key.expose(),
        state.settings.session_cookie_secure,
    ));
    Ok(Out {
        status: StatusCode::CREATED,
        body: object(&[("key", key.into())]),
        cookies,
    })
}

/// Django's HTML 403 for a CSRF failure on a plain Django view.
fn csrf_failure_html() -> Response {
    tracing::warn!(target: "restforge::security", "CSRF check failed on a login page");
    html(
        StatusCode::FORBIDDEN,
        "<h1>Forbidden (403)</h1><p>CSRF verification failed. Request aborted.</p>".into(),
        Vec::new(),
    )
}

fn html(status: StatusCode, body: String, cookies: Vec<HeaderValue>) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // Setting the CSRF cookie or writing the session makes Django add `Vary: Cookie`.
    if !cookies.is_empty() {
        headers.insert(header::VARY, HeaderValue::from_static("Cookie"));
    }
    for cookie in cookies {
        headers.append(header::SET_COOKIE, cookie);
    }
    response
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Django's `url_has_allowed_host_and_scheme` for a local redirect: a path, not `//host`.
fn safe_next(next: Option<String>) -> String {
    // Django's `url_has_allowed_host_and_scheme` for a same-site path. Browsers drop tabs and
    // newlines from URLs (`/\t/evil.example` is `//evil.example` to them), so they are removed
    // before the checks, and any other control character refuses the URL.
    next.map(|n| n.replace(['\t', '\r', '\n'], ""))
        .filter(|n| {
            n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.chars().any(char::is_control)
        })
        .unwrap_or_else(|| "/accounts/profile/".into())
}

fn form_value(ctx: &RequestContext, name: &str) -> Option<String> {
    let crate::http::request::Body::Bytes(bytes) = &ctx.body else {
        return None;
    };
    form_urlencoded::parse(bytes)
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// The login page: GET renders the form with a CSRF token (setting the `csrftoken` cookie when
/// the browser has none); POST checks CSRF (Django's `LoginView` is CSRF-protected even for
/// anonymous users), logs in with a session and redirects to `next`.
async fn browsable_login(state: &AppState, ctx: &RequestContext) -> Response {
    let page = |error: Option<&str>, next: &str, secret: &str| {
        let error = error
            .map(|e| format!("<p class=\"errornote\">{}</p>", escape(e)))
            .unwrap_or_default();
        format!(
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Django REST framework</title></head><body>\
             <h1>Django REST framework</h1>{error}<form action=\"\" method=\"post\">\
             <input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\"{}\">\
             <input type=\"hidden\" name=\"next\" value=\"{}\">\
             <label for=\"id_username\">Username:</label><input type=\"text\" name=\"username\" id=\"id_username\" autofocus required>\
             <label for=\"id_password\">Password:</label><input type=\"password\" name=\"password\" id=\"id_password\" required>\
             <input type=\"submit\" value=\"Log in\"></form></body></html>\n",
            csrf::mask(secret),
            escape(next)
        )
    };
    let existing = sessions::cookie(&ctx.headers, csrf::CSRF_COOKIE)
        .filter(|c| c.len() == 32 && c.bytes().all(|b| b.is_ascii_alphanumeric()))
        .map(str::to_owned);
    let secret = existing.clone().unwrap_or_else(csrf::new_secret);
    let set_csrf = || {
        if existing.is_none() {
            vec![csrf::csrf_cookie(&secret, &state.settings)]
        } else {
            Vec::new()
        }
    };
    match ctx.method {
        Method::GET | Method::HEAD => {
            let next = ctx.query_param("next").unwrap_or_default();
            html(StatusCode::OK, page(None, &next, &secret), set_csrf())
        }
        Method::POST => {
            let check = csrf::check(&csrf::CsrfRequest::of(ctx, &state.settings));
            if check.is_err() {
                return csrf_failure_html();
            }
            // Django's LoginView has no throttle; a login form is a password guesser's target
            // all the same, so the anon and user rates apply to its POSTs.
            if let Err(throttled) = crate::http::throttle::throttle_request(state, ctx, None).await
            {
                return throttled.into_response();
            }
            let username = form_value(ctx, "username").unwrap_or_default();
            let password = form_value(ctx, "password").unwrap_or_default();
            let next = form_value(ctx, "next").or_else(|| ctx.query_param("next"));
            let user = match users::authenticate(&state.db, &username, &password).await {
                Ok(user) => user.filter(|u| u.is_active),
                Err(error) => return ApiError::internal(error).into_response(),
            };
            let Some(user) = user else {
                let message = "Please enter a correct username and password. Note that both fields may be case-sensitive.";
                return html(
                    StatusCode::OK,
                    page(Some(message), &next.unwrap_or_default(), &secret),
                    Vec::new(),
                );
            };
            let cookies = match session_login(state, ctx, &user).await {
                Ok(cookies) => cookies,
                Err(error) => return error.into_response(),
            };
            let mut response = html(StatusCode::FOUND, String::new(), cookies);
            if let Ok(location) = HeaderValue::from_str(&safe_next(next)) {
                response.headers_mut().insert(header::LOCATION, location);
            }
            response
        }
        _ => {
            let mut response = StatusCode::METHOD_NOT_ALLOWED.into_response();
            response.headers_mut().insert(
                header::ALLOW,
                HeaderValue::from_static("GET, POST, HEAD, OPTIONS"),
            );
            response
        }
    }
}

/// Django 5's `LogoutView`: POST only, CSRF-protected; ends the session.
async fn browsable_logout(state: &AppState, ctx: &RequestContext) -> Response {
    if ctx.method != Method::POST {
        // Django's HttpResponseNotAllowed: an empty HTML page.
        let mut response = html(StatusCode::METHOD_NOT_ALLOWED, String::new(), Vec::new());
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST, OPTIONS"));
        return response;
    }
    let check = csrf::check(&csrf::CsrfRequest::of(ctx, &state.settings));
    if check.is_err() {
        return csrf_failure_html();
    }
    let mut cookies = Vec::new();
    if let Some(key) = sessions::cookie(&ctx.headers, sessions::SESSION_COOKIE) {
        if let Err(error) = sessions::delete(&state.db, key).await {
            return ApiError::internal(error).into_response();
        }
        cookies.push(sessions::delete_cookie(sessions::SESSION_COOKIE));
    }
    html(
        StatusCode::OK,
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Logged out</title></head><body><h1>Logged out</h1><p>Thanks for spending some quality time with the web site today.</p></body></html>\n".into(),
        cookies,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base36_round_trips() {
        assert_eq!(to_base36(0), "0");
        assert_eq!(to_base36(35), "z");
        assert_eq!(to_base36(36), "10");
        assert_eq!(from_base36("10"), Some(36));
        assert_eq!(from_base36(""), None);
        assert_eq!(from_base36("!"), None);
    }

    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert_eq!(safe_next(Some("/api/".into())), "/api/");
        assert_eq!(
            safe_next(Some("//evil.example/".into())),
            "/accounts/profile/"
        );
        assert_eq!(
            safe_next(Some("https://evil.example/".into())),
            "/accounts/profile/"
        );
        assert_eq!(safe_next(None), "/accounts/profile/");
        // What browsers read as `//evil.example/` or `/\evil…` (scheme-relative).
        for sneaky in [
            "/\t/evil.example/",
            "/\n/evil.example/",
            "\t//evil.example/",
            "/\\evil.example/",
            "/\u{0}/evil.example/",
        ] {
            assert_eq!(
                safe_next(Some(sneaky.into())),
                "/accounts/profile/",
                "{sneaky:?}"
            );
        }
        assert_eq!(safe_next(Some("/a\tb/".into())), "/ab/");
    }
}
