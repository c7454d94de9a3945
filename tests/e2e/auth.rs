//! Authentication end to end on the reference app (`examples/profiles`, auth classes Token,
//! Session, JWT in that order): simplejwt's views and JWTAuthentication, dj-rest-auth's
//! endpoints, session login with CSRF, the browsable API's login page, a database written by
//! real Django (`scripts/django_users/run.sh`), throttling shared through Redis (when
//! `REDIS_URL` is set), and no secret in the logs. Every assertion is DRF's exact status,
//! headers and body (DRF-CONTRACT §5, §6, §7, §9).

#[allow(dead_code)]
#[path = "../../examples/profiles/src/profiles/mod.rs"]
mod profiles;
#[path = "../../examples/profiles/src/settings.rs"]
mod settings;

mod http;

use std::sync::{Arc, Mutex};

use http::{Request, Response};
use restforge::contrib::auth::password::make_password_with;
use restforge::contrib::jwt;
use restforge::contrib::users::{self, NewUser};
use restforge::http::settings::Settings;
use restforge::testing::{TestDatabase, TestServer};
use serde_json::{Value, json};

const JSON: &str = "application/json";

/// Every log line written while the tests of this binary run (all levels).
static LOGS: Mutex<String> = Mutex::new(String::new());

struct Capture;

struct Fields(String);

impl tracing::field::Visit for Fields {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={value:?}", field.name()));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut fields = Fields(String::new());
        span.record(&mut fields);
        LOGS.lock()
            .unwrap()
            .push_str(&format!("span{}\n", fields.0));
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut fields = Fields(String::new());
        values.record(&mut fields);
        LOGS.lock()
            .unwrap()
            .push_str(&format!("record{}\n", fields.0));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = Fields(String::new());
        event.record(&mut fields);
        LOGS.lock()
            .unwrap()
            .push_str(&format!("{}{}\n", event.metadata().level(), fields.0));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

fn capture_logs() {
    let _ = tracing::subscriber::set_global_default(Capture);
}

/// A mail sender that keeps what it sent, for the reset link.
#[derive(Debug, Default, Clone)]
struct Outbox(Arc<Mutex<Vec<String>>>);

impl restforge::contrib::mail::MailSender for Outbox {
    fn send(&self, to: &str, _subject: &str, body: &str) {
        self.0.lock().unwrap().push(format!("{to}\n{body}"));
    }
}

impl Outbox {
    /// The next mail sent. Mail goes out on the blocking pool after the response, so it may
    /// take a moment to arrive.
    async fn next_mail(&self) -> String {
        for _ in 0..500 {
            if let Some(mail) = self.0.lock().unwrap().pop() {
                return mail;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("no mail was sent within 5 seconds");
    }
}

struct Fixture {
    server: TestServer,
    alice_id: i64,
    outbox: Outbox,
}

async fn start() -> Fixture {
    start_with(|settings| settings).await
}

/// The reference app with its settings changed by `configure` (a deployment's environment).
async fn start_with(configure: impl FnOnce(Settings) -> Settings) -> Fixture {
    capture_logs();
    let outbox = Outbox::default();
    let settings = configure(settings::settings()).mail_sender(outbox.clone());
    let server = TestServer::start(
        settings,
        profiles::app(),
        &restforge_tests::migrations::profiles(),
        TestDatabase::Sqlite,
    )
    .await
    .expect("the test server starts");
    let mut ids = Vec::new();
    for (name, active) in [("alice", true), ("inactive", false)] {
        let user = users::create_with_hash(
            server.db(),
            &server.state.signals,
            &NewUser {
                username: name,
                email: &format!("{name}@example.com"),
                ..NewUser::default()
            },
            // A cheap current-format hash: login re-hashes it once.
            make_password_with("pw-alice-123", "abcdefghijklmnopqrstuv", 1000),
        )
        .await
        .unwrap();
        if !active {
            server
                .db()
                .execute(
                    &format!(
                        "UPDATE \"auth_user\" SET \"is_active\" = false WHERE \"id\" = {}",
                        user.id
                    ),
                    &[],
                )
                .await
                .unwrap();
        }
        ids.push(user.id);
    }
    Fixture {
        server,
        alice_id: ids[0],
        outbox,
    }
}

impl Fixture {
    async fn send(&self, request: Request) -> Response {
        request.send(self.server.addr).await
    }

    fn secret(&self) -> &str {
        self.server.state.secret_key.expose()
    }
}

fn post(path: &str, body: &str) -> Request {
    Request::new("POST", path).json(body)
}

fn assert_json(response: &Response, status: u16, body: Value) {
    assert_eq!(response.status, status, "{}", response.text());
    assert_eq!(response.header("content-type"), Some(JSON));
    assert_eq!(response.json(), body);
}

fn cookies(response: &Response) -> Vec<String> {
    response
        .headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        .map(|(_, v)| v.clone())
        .collect()
}

fn cookie_value(response: &Response, name: &str) -> Option<String> {
    cookies(response).iter().find_map(|c| {
        c.strip_prefix(&format!("{name}="))
            .and_then(|rest| rest.split(';').next())
            .map(str::to_owned)
    })
}

fn bearer(token: &str) -> (String, String) {
    ("Authorization".into(), format!("Bearer {token}"))
}

fn with(request: Request, header: (String, String)) -> Request {
    request.header(&header.0, &header.1)
}

/// simplejwt's body for a token JWTAuthentication refuses.
fn not_valid(message: &str) -> Value {
    json!({"detail":"Given token not valid for any token type","code":"token_not_valid",
        "messages":[{"token_class":"AccessToken","token_type":"access","message":message}]})
}

#[tokio::test]
async fn jwt_views_and_authentication() {
    let f = start().await;
    // TokenObtainPairView.
    let missing = f.send(post("/api/token/", "{}")).await;
    assert_json(
        &missing,
        400,
        json!({"username":["This field is required."],"password":["This field is required."]}),
    );
    assert_eq!(missing.header("allow"), Some("POST, OPTIONS"));
    assert_eq!(missing.header("vary"), Some("Accept"));
    for body in [
        r#"{"username":"alice","password":"wrong"}"#,
        r#"{"username":"inactive","password":"pw-alice-123"}"#,
        r#"{"username":"nobody","password":"pw-alice-123"}"#,
    ] {
        let refused = f.send(post("/api/token/", body)).await;
        assert_json(
            &refused,
            401,
            json!({"detail":"No active account found with the given credentials"}),
        );
        assert_eq!(
            refused.header("www-authenticate"),
            Some("Bearer realm=\"api\"")
        );
    }
    let pair = f
        .send(post(
            "/api/token/",
            r#"{"username":"alice","password":"pw-alice-123"}"#,
        ))
        .await;
    assert_eq!(pair.status, 200, "{}", pair.text());
    let pair = pair.json();
    let keys: Vec<&String> = pair.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["refresh", "access"]);
    let access = pair["access"].as_str().unwrap().to_owned();
    let refresh = pair["refresh"].as_str().unwrap().to_owned();
    let claims = jwt::decode(
        &access,
        f.secret(),
        Some(jwt::TokenType::Access),
        jwt::now(),
    )
    .unwrap();
    let names: Vec<&String> = claims.keys().collect();
    assert_eq!(names, ["token_type", "exp", "iat", "jti", "user_id"]);
    assert_eq!(claims["user_id"], json!(f.alice_id.to_string()));
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        300
    );
    assert!(access.starts_with("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."));

    // JWTAuthentication on a protected view.
    let ok = f
        .send(with(Request::new("GET", "/api/profiles/"), bearer(&access)))
        .await;
    assert_eq!(ok.status, 200, "{}", ok.text());
    // Token is the first class, so its challenge is sent with JWT's errors.
    let cases: Vec<(String, Value)> = vec![
        (
            format!("Bearer {refresh}"),
            not_valid("Token has wrong type"),
        ),
        (format!("Bearer {access}x"), not_valid("Token is invalid")),
        ("Bearer not.a.jwt".into(), not_valid("Token is invalid")),
        (
            format!("Bearer {access} extra"),
            json!({"detail":"Authorization header must contain two space-delimited values","code":"bad_authorization_header"}),
        ),
        (
            "Bearer".into(),
            json!({"detail":"Authorization header must contain two space-delimited values","code":"bad_authorization_header"}),
        ),
    ];
    for (header, body) in cases {
        let refused = f
            .send(Request::new("GET", "/api/profiles/").header("Authorization", &header))
            .await;
        assert_json(&refused, 401, body);
        assert_eq!(
            refused.header("www-authenticate"),
            Some("Token"),
            "{header}"
        );
    }
    // Expired, no user id, unknown user, inactive user: tokens made with the app's key.
    let settings = jwt::JwtSettings::default();
    let now = jwt::now();
    let expired = jwt::access_from_refresh(
        &jwt::refresh_for_user(f.alice_id, &settings, now - 400),
        &settings,
        now - 400,
    );
    let mut anonymous = jwt::access_from_refresh(
        &jwt::refresh_for_user(f.alice_id, &settings, now),
        &settings,
        now,
    );
    anonymous.remove("user_id");
    let unknown =
        jwt::access_from_refresh(&jwt::refresh_for_user(999, &settings, now), &settings, now);
    let inactive = jwt::access_from_refresh(
        &jwt::refresh_for_user(f.alice_id + 1, &settings, now),
        &settings,
        now,
    );
    for (claims, body) in [
        (expired, not_valid("Token is expired")),
        (
            anonymous,
            json!({"detail":"Token contained no recognizable user identification","code":"token_not_valid"}),
        ),
        (
            unknown,
            json!({"detail":"User not found","code":"user_not_found"}),
        ),
        (
            inactive,
            json!({"detail":"User is inactive","code":"user_inactive"}),
        ),
    ] {
        let token = jwt::encode(&claims, f.secret());
        let refused = f
            .send(with(Request::new("GET", "/api/profiles/"), bearer(&token)))
            .await;
        assert_json(&refused, 401, body);
    }
    // Signed with another key.
    let forged = jwt::encode(&claims, "another-secret");
    let refused = f
        .send(with(Request::new("GET", "/api/profiles/"), bearer(&forged)))
        .await;
    assert_json(&refused, 401, not_valid("Token is invalid"));
    // The scheme is case-sensitive: `bearer` is ignored.
    let ignored = f
        .send(
            Request::new("GET", "/api/profiles/")
                .header("Authorization", &format!("bearer {access}")),
        )
        .await;
    assert_json(
        &ignored,
        401,
        json!({"detail":"Authentication credentials were not provided."}),
    );

    // Refresh and verify.
    let refreshed = f
        .send(post(
            "/api/token/refresh/",
            &json!({"refresh": refresh}).to_string(),
        ))
        .await;
    assert_eq!(refreshed.status, 200, "{}", refreshed.text());
    let new_access = refreshed.json()["access"].as_str().unwrap().to_owned();
    assert!(
        jwt::decode(
            &new_access,
            f.secret(),
            Some(jwt::TokenType::Access),
            jwt::now()
        )
        .is_ok()
    );
    let wrong_type = f
        .send(post(
            "/api/token/refresh/",
            &json!({"refresh": access}).to_string(),
        ))
        .await;
    assert_json(
        &wrong_type,
        401,
        json!({"detail":"Token has wrong type","code":"token_not_valid"}),
    );
    assert_eq!(
        wrong_type.header("www-authenticate"),
        Some("Bearer realm=\"api\"")
    );
    assert_json(
        &f.send(post("/api/token/refresh/", "{}")).await,
        400,
        json!({"refresh":["This field is required."]}),
    );
    // simplejwt ≥ 5.4 refuses the refresh token of an inactive user (and restforge that of a
    // deleted one, where simplejwt 5.5.1 fails with a 500).
    for user_id in [f.alice_id + 1, 999] {
        let claims = jwt::refresh_for_user(user_id, &settings, now);
        let refused = f
            .send(post(
                "/api/token/refresh/",
                &json!({"refresh": jwt::encode(&claims, f.secret())}).to_string(),
            ))
            .await;
        assert_json(
            &refused,
            401,
            json!({"detail":"No active account found for the given token."}),
        );
        assert_eq!(
            refused.header("www-authenticate"),
            Some("Bearer realm=\"api\"")
        );
    }
    assert_json(
        &f.send(post(
            "/api/token/verify/",
            &json!({"token": refresh}).to_string(),
        ))
        .await,
        200,
        json!({}),
    );
    let tampered = f
        .send(post(
            "/api/token/verify/",
            &json!({"token": format!("{access}A")}).to_string(),
        ))
        .await;
    assert_json(
        &tampered,
        401,
        json!({"detail":"Token is invalid","code":"token_not_valid"}),
    );
    let get = f.send(Request::new("GET", "/api/token/")).await;
    assert_json(&get, 405, json!({"detail":"Method \"GET\" not allowed."}));
    assert_eq!(get.header("allow"), Some("POST, OPTIONS"));
}

/// Logs alice in through dj-rest-auth: (token, sessionid, csrftoken).
async fn login(f: &Fixture, password: &str) -> (String, String, String) {
    let response = f
        .send(post(
            "/api/rest-auth/login/",
            &json!({"username":"alice","password":password}).to_string(),
        ))
        .await;
    assert_eq!(response.status, 200, "{}", response.text());
    let key = response.json()["key"].as_str().unwrap().to_owned();
    assert_eq!(key.len(), 40);
    let session = cookie_value(&response, "sessionid").expect("a session cookie");
    let csrf = cookie_value(&response, "csrftoken").expect("a csrf cookie");
    assert_eq!(csrf.len(), 32);
    assert!(
        cookies(&response)
            .iter()
            .any(|c| c.starts_with("sessionid=")
                && c.ends_with("; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax"))
    );
    (key, session, csrf)
}

#[tokio::test]
async fn session_login_csrf_and_logout() {
    let f = start().await;
    let bad = f
        .send(post(
            "/api/rest-auth/login/",
            r#"{"username":"alice","password":"nope"}"#,
        ))
        .await;
    assert_json(
        &bad,
        400,
        json!({"non_field_errors":["Unable to log in with provided credentials."]}),
    );
    assert_eq!(bad.header("allow"), Some("POST, OPTIONS"));
    assert_eq!(bad.header("vary"), Some("Accept, Cookie"));
    let inactive = f
        .send(post(
            "/api/rest-auth/login",
            r#"{"username":"inactive","password":"pw-alice-123"}"#,
        ))
        .await;
    assert_json(
        &inactive,
        400,
        json!({"non_field_errors":["Unable to log in with provided credentials."]}),
    );
    assert_json(
        &f.send(post("/api/rest-auth/login/", r#"{"password":"x"}"#))
            .await,
        400,
        json!({"non_field_errors":["Must include \"username\" and \"password\"."]}),
    );
    assert_json(
        &f.send(post("/api/rest-auth/login/", r#"{"username":"alice"}"#))
            .await,
        400,
        json!({"password":["This field is required."]}),
    );

    let (key, session, csrf) = login(&f, "pw-alice-123").await;
    let with_session = |method: &str, path: &str, cookie: String| {
        Request::new(method, path).header("Cookie", &cookie)
    };
    let ok = f
        .send(with_session(
            "GET",
            "/api/profiles/",
            format!("sessionid={session}"),
        ))
        .await;
    assert_eq!(ok.status, 200, "{}", ok.text());
    // CSRF is enforced for authenticated unsafe requests, with Django's reasons.
    let status = r#"{"status_content":"hi"}"#;
    let cases = [
        (format!("sessionid={session}"), None, "CSRF cookie not set."),
        (
            format!("sessionid={session}; csrftoken={csrf}"),
            None,
            "CSRF token missing.",
        ),
        (
            format!("sessionid={session}; csrftoken=short"),
            Some(csrf.clone()),
            "CSRF cookie has incorrect length.",
        ),
        (
            format!("sessionid={session}; csrftoken={csrf}"),
            Some("a".repeat(32)),
            "CSRF token from the 'X-Csrftoken' HTTP header incorrect.",
        ),
        (
            format!("sessionid={session}; csrftoken={csrf}"),
            Some("abc".into()),
            "CSRF token from the 'X-Csrftoken' HTTP header has incorrect length.",
        ),
        (
            format!("sessionid={session}; csrftoken={csrf}"),
            Some("!".repeat(32)),
            "CSRF token from the 'X-Csrftoken' HTTP header has invalid characters.",
        ),
    ];
    for (cookie, header, reason) in cases {
        let mut request = with_session("POST", "/api/status/", cookie).json(status);
        if let Some(token) = header {
            request = request.header("X-CSRFToken", &token);
        }
        let refused = f.send(request).await;
        assert_json(
            &refused,
            403,
            json!({"detail": format!("CSRF Failed: {reason}")}),
        );
        assert_eq!(refused.header("www-authenticate"), None);
    }
    let masked = restforge::http::csrf::mask(&csrf);
    let created = f
        .send(
            with_session(
                "POST",
                "/api/status/",
                format!("sessionid={session}; csrftoken={csrf}"),
            )
            .header("X-CSRFToken", &masked)
            .json(status),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text());
    // An anonymous POST is not CSRF-checked: it is refused by the permission.
    let anonymous = f.send(post("/api/status/", status)).await;
    assert_json(
        &anonymous,
        401,
        json!({"detail":"Authentication credentials were not provided."}),
    );
    // An unknown session is anonymous.
    let unknown = f
        .send(with_session(
            "GET",
            "/api/profiles/",
            "sessionid=nosuchsession".into(),
        ))
        .await;
    assert_eq!(unknown.status, 401);

    // The token from login works; logout deletes it and the session.
    assert_eq!(
        f.send(Request::new("GET", "/api/profiles/").token(&key))
            .await
            .status,
        200
    );
    let get = f.send(Request::new("GET", "/api/rest-auth/logout/")).await;
    assert_json(&get, 405, json!({"detail":"Method \"GET\" not allowed."}));
    assert_eq!(get.header("allow"), Some("GET, POST, HEAD, OPTIONS"));
    let logout = f
        .send(
            Request::new("POST", "/api/rest-auth/logout/")
                .token(&key)
                .header("Cookie", &format!("sessionid={session}")),
        )
        .await;
    assert_json(&logout, 200, json!({"detail":"Successfully logged out."}));
    assert!(cookies(&logout).contains(&"sessionid=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax".to_owned()));
    assert_json(
        &f.send(Request::new("GET", "/api/profiles/").token(&key))
            .await,
        401,
        json!({"detail":"Invalid token."}),
    );
    assert_eq!(
        f.send(with_session(
            "GET",
            "/api/profiles/",
            format!("sessionid={session}")
        ))
        .await
        .status,
        401
    );
    assert_json(
        &f.send(post("/api/rest-auth/logout/", "")).await,
        200,
        json!({"detail":"Successfully logged out."}),
    );
}

#[tokio::test]
async fn user_details_password_change_and_reset() {
    let f = start().await;
    let (key, _, _) = login(&f, "pw-alice-123").await;
    let anonymous = f.send(Request::new("GET", "/api/rest-auth/user/")).await;
    assert_json(
        &anonymous,
        401,
        json!({"detail":"Authentication credentials were not provided."}),
    );
    assert_eq!(anonymous.header("www-authenticate"), Some("Token"));
    let me = f
        .send(Request::new("GET", "/api/rest-auth/user/").token(&key))
        .await;
    assert_json(
        &me,
        200,
        json!({"pk":f.alice_id,"username":"alice","email":"alice@example.com","first_name":"","last_name":""}),
    );
    assert_eq!(me.header("allow"), Some("GET, PUT, PATCH, HEAD, OPTIONS"));
    let patched = f
        .send(
            Request::new("PATCH", "/api/rest-auth/user/")
                .token(&key)
                .json(r#"{"first_name":"Al","email":"x@y.z"}"#),
        )
        .await;
    assert_json(
        &patched,
        200,
        json!({"pk":f.alice_id,"username":"alice","email":"alice@example.com","first_name":"Al","last_name":""}),
    );
    assert_json(
        &f.send(
            Request::new("PUT", "/api/rest-auth/user/")
                .token(&key)
                .json("{}"),
        )
        .await,
        400,
        json!({"username":["This field is required."]}),
    );
    assert_json(
        &f.send(
            Request::new("PATCH", "/api/rest-auth/user/")
                .token(&key)
                .json(r#"{"username":"inactive"}"#),
        )
        .await,
        400,
        json!({"username":["A user with that username already exists."]}),
    );

    let change = |body: &str| {
        Request::new("POST", "/api/rest-auth/password/change/")
            .token(&key)
            .json(body)
    };
    assert_json(
        &f.send(change(
            r#"{"new_password1":"a-Good-pass-1","new_password2":"other"}"#,
        ))
        .await,
        400,
        json!({"new_password2":["The two password fields didn\u{2019}t match."]}),
    );
    assert_json(
        &f.send(change(r#"{"new_password1":"123","new_password2":"123"}"#))
            .await,
        400,
        json!({"new_password2":[
        "This password is too short. It must contain at least 8 characters.","This password is too common.","This password is entirely numeric."]}),
    );
    assert_json(
        &f.send(change(
            r#"{"new_password1":"alice-al","new_password2":"alice-al"}"#,
        ))
        .await,
        400,
        json!({"new_password2":["The password is too similar to the username."]}),
    );
    assert_json(
        &f.send(change(
            r#"{"new_password1":"a-Good-pass-1","new_password2":"a-Good-pass-1"}"#,
        ))
        .await,
        200,
        json!({"detail":"New password has been saved."}),
    );
    login(&f, "a-Good-pass-1").await;

    // Reset: always 200; the link arrives by mail (never in the logs).
    assert_json(
        &f.send(post(
            "/api/rest-auth/password/reset/",
            r#"{"email":"nobody@example.com"}"#,
        ))
        .await,
        200,
        json!({"detail":"Password reset e-mail has been sent."}),
    );
    assert_json(
        &f.send(post(
            "/api/rest-auth/password/reset/",
            r#"{"email":"nope"}"#,
        ))
        .await,
        400,
        json!({"email":["Enter a valid email address."]}),
    );
    assert!(f.outbox.0.lock().unwrap().is_empty());
    assert_json(
        &f.send(post(
            "/api/rest-auth/password/reset/",
            r#"{"email":"alice@example.com"}"#,
        ))
        .await,
        200,
        json!({"detail":"Password reset e-mail has been sent."}),
    );
    let mail = f.outbox.next_mail().await;
    assert!(mail.starts_with("alice@example.com\n"), "{mail}");
    assert!(
        f.outbox.0.lock().unwrap().is_empty(),
        "one mail, to alice only"
    );
    let link = mail
        .lines()
        .find(|l| l.contains("/password/reset/confirm/"))
        .unwrap()
        .to_owned();
    let parts: Vec<&str> = link.trim_end_matches('/').rsplit('/').take(2).collect();
    let (token, uid) = (parts[0].to_owned(), parts[1].to_owned());
    let confirm = |uid: &str, token: &str, p1: &str, p2: &str| {
        post(
            "/api/rest-auth/password/reset/confirm/",
            &json!({"uid":uid,"token":token,"new_password1":p1,"new_password2":p2}).to_string(),
        )
    };
    assert_json(
        &f.send(confirm("zzz", &token, "Reset-pass-77", "Reset-pass-77"))
            .await,
        400,
        json!({"uid":["Invalid value"]}),
    );
    assert_json(
        &f.send(confirm(&uid, "1-abc", "Reset-pass-77", "Reset-pass-77"))
            .await,
        400,
        json!({"token":["Invalid value"]}),
    );
    assert_json(
        &f.send(confirm(&uid, &token, "Reset-pass-77", "x")).await,
        400,
        json!({"new_password2":["The two password fields didn\u{2019}t match."]}),
    );
    assert_json(
        &f.send(confirm(&uid, &token, "Reset-pass-77", "Reset-pass-77"))
            .await,
        200,
        json!({"detail":"Password has been reset with the new password."}),
    );
    // The token is single-use: the password it was made from changed.
    assert_json(
        &f.send(confirm(&uid, &token, "Reset-pass-78", "Reset-pass-78"))
            .await,
        400,
        json!({"token":["Invalid value"]}),
    );
    login(&f, "Reset-pass-77").await;
}

#[tokio::test]
async fn registration() {
    let f = start().await;
    let register = |body: Value| post("/api/rest-auth/registration/", &body.to_string());
    let created = f.send(register(json!({"username":"zed","email":"zed@example.com","password1":"Zebra-crossing-9","password2":"Zebra-crossing-9"}))).await;
    assert_eq!(created.status, 201, "{}", created.text());
    assert_eq!(created.header("allow"), Some("POST, OPTIONS"));
    let key = created.json()["key"].as_str().unwrap().to_owned();
    assert_eq!(
        f.send(Request::new("GET", "/api/profiles/").token(&key))
            .await
            .status,
        200
    );
    // allauth logs the new user in: a session, usable like the login view's.
    let session = cookie_value(&created, "sessionid").expect("registration starts a session");
    assert!(cookie_value(&created, "csrftoken").is_some());
    let me = f
        .send(
            Request::new("GET", "/api/rest-auth/user/")
                .header("Cookie", &format!("sessionid={session}")),
        )
        .await;
    assert_eq!(me.json()["username"], json!("zed"));
    // DRF's CharField refuses a lone surrogate, which Python keeps in the string.
    assert_json(
        &f.send(
            Request::new("PATCH", "/api/rest-auth/user/")
                .token(&key)
                .json(r#"{"first_name":"Z\ud800"}"#),
        )
        .await,
        400,
        json!({"first_name":["Surrogate characters are not allowed: U+D800."]}),
    );
    // Renaming checks like allauth's clean_username: any user, in any case, the user included.
    for taken in ["ALICE", "alice", "Zed", "zed"] {
        assert_json(
            &f.send(
                Request::new("PATCH", "/api/rest-auth/user/")
                    .token(&key)
                    .json(&json!({ "username": taken }).to_string()),
            )
            .await,
            400,
            json!({"username":["A user with that username already exists."]}),
        );
    }
    assert_json(
        &f.send(register(
            json!({"username":"zed","password1":"Zebra-crossing-9","password2":"Zebra-crossing-9"}),
        ))
        .await,
        400,
        json!({"username":["A user with that username already exists."]}),
    );
    // allauth compares usernames case-insensitively (`username__iexact`).
    assert_json(
        &f.send(register(
            json!({"username":"ZED","password1":"Zebra-crossing-9","password2":"Zebra-crossing-9"}),
        ))
        .await,
        400,
        json!({"username":["A user with that username already exists."]}),
    );
    // The e-mail is optional, but never blank (dj-rest-auth's EmailField).
    assert_json(
        &f.send(register(
            json!({"username":"amy","email":"","password1":"Zebra-crossing-9","password2":"Zebra-crossing-9"}),
        ))
        .await,
        400,
        json!({"email":["This field may not be blank."]}),
    );
    assert_json(
        &f.send(register(
            json!({"username":"amy","password1":"Zebra-crossing-9","password2":"Zebra-crossing-8"}),
        ))
        .await,
        400,
        json!({"non_field_errors":["The two password fields didn't match."]}),
    );
    assert_json(
        &f.send(register(
            json!({"username":"amy","email":"bad","password1":"password","password2":"password"}),
        ))
        .await,
        400,
        json!({"email":["Enter a valid email address."],"password1":["This password is too common."]}),
    );
    assert_json(
        &f.send(register(
            json!({"username":"amy b","password1":"12345678","password2":"12345678"}),
        ))
        .await,
        400,
        json!({
        "username":["Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."],
        "password1":["This password is too common.","This password is entirely numeric."]}),
    );
    assert_json(
        &f.send(register(
            json!({"username":"margaret","password1":"Margaret!x","password2":"Margaret!x"}),
        ))
        .await,
        400,
        json!({"non_field_errors":["The password is too similar to the username."]}),
    );
    assert_json(
        &f.send(register(json!({}))).await,
        400,
        json!({"username":["This field is required."],"password1":["This field is required."],"password2":["This field is required."]}),
    );
    // The registration root is strict about its slash: a 301, as Django's APPEND_SLASH.
    let redirect = f.send(post("/api/rest-auth/registration", "{}")).await;
    assert_eq!(redirect.status, 301);
    assert_eq!(
        redirect.header("location"),
        Some("/api/rest-auth/registration/")
    );
}

#[tokio::test]
async fn browsable_api_login_page() {
    let f = start().await;
    let page = f
        .send(Request::new("GET", "/api-auth/login/?next=/api/profiles/"))
        .await;
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let csrf = cookie_value(&page, "csrftoken").expect("the page sets the CSRF cookie");
    let html = page.text();
    let token = html
        .split("name=\"csrfmiddlewaretoken\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(token.len(), 64);
    assert_eq!(restforge::http::csrf::unmask(&token), csrf);
    let form = |token: &str, password: &str| {
        format!(
            "csrfmiddlewaretoken={token}&username=alice&password={password}&next=%2Fapi%2Fprofiles%2F"
        )
    };
    let no_cookie = f
        .send(Request::new("POST", "/api-auth/login/").body_with(
            "application/x-www-form-urlencoded",
            form(&token, "pw-alice-123").as_bytes(),
        ))
        .await;
    assert_eq!(no_cookie.status, 403);
    let wrong = f
        .send(
            Request::new("POST", "/api-auth/login/")
                .header("Cookie", &format!("csrftoken={csrf}"))
                .body_with(
                    "application/x-www-form-urlencoded",
                    form(&token, "bad").as_bytes(),
                ),
        )
        .await;
    assert_eq!(wrong.status, 200);
    assert!(wrong.text().contains(
        "Please enter a correct username and password. Note that both fields may be case-sensitive."
    ));
    let ok = f
        .send(
            Request::new("POST", "/api-auth/login/")
                .header("Cookie", &format!("csrftoken={csrf}"))
                .body_with(
                    "application/x-www-form-urlencoded",
                    form(&token, "pw-alice-123").as_bytes(),
                ),
        )
        .await;
    assert_eq!(ok.status, 302, "{}", ok.text());
    assert_eq!(ok.header("location"), Some("/api/profiles/"));
    let session = cookie_value(&ok, "sessionid").unwrap();
    assert_eq!(
        f.send(
            Request::new("GET", "/api/profiles/").header("Cookie", &format!("sessionid={session}"))
        )
        .await
        .status,
        200
    );
    let out = f
        .send(
            Request::new("POST", "/api-auth/logout/")
                .header("Cookie", &format!("sessionid={session}; csrftoken={csrf}"))
                .header("X-CSRFToken", &csrf),
        )
        .await;
    assert_eq!(out.status, 200);
    assert_eq!(
        f.send(
            Request::new("GET", "/api/profiles/").header("Cookie", &format!("sessionid={session}"))
        )
        .await
        .status,
        401
    );
}

/// `scripts/django_users/run.sh` wrote this file with Django 5.2's `create_user`.
const DJANGO_SECRET_KEY: &str = "restforge-django-fixture-secret-key-not-for-production-0123456789";

#[tokio::test]
async fn django_database_users_log_in() {
    capture_logs();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/django_users/db.sqlite3"
        ),
        &path,
    )
    .unwrap();
    let db = restforge::db::Database::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let settings = settings::settings();
    let app = restforge::http::app::App::new("accounts");
    let state = restforge::http::app::AppState::new(db.clone(), settings, &app)
        .secret_key(restforge::http::app::SecretKey::new(DJANGO_SECRET_KEY));
    let router = restforge::http::router::build(&app, state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum_serve(listener, router).await;
    });
    let token_auth = |user: &str, password: &str| {
        post(
            "/api-token-auth/",
            &json!({"username":user,"password":password}).to_string(),
        )
    };
    for (user, password) in [
        ("alice", "correct horse battery"),
        ("root", "root-password-1"),
        ("bob", "bob-old-password"),
    ] {
        let response = token_auth(user, password).send(addr).await;
        assert_eq!(response.status, 200, "{user}: {}", response.text());
        let key = response.json()["token"].as_str().unwrap().to_owned();
        let me = Request::new("GET", "/api/rest-auth/user/")
            .token(&key)
            .send(addr)
            .await;
        assert_eq!(me.json()["username"], json!(user));
    }
    for (user, password) in [
        ("alice", "wrong"),
        ("carol", ""),
        ("carol", "!"),
        ("dave", "dave-password-1"),
    ] {
        let response = token_auth(user, password).send(addr).await;
        assert_eq!(response.status, 400, "{user}");
    }
    // Django 5.2 re-hashes bob's 12-character-salt, 260 000-iteration hash on login.
    let bob = users::user_by_username(&db, "bob").await.unwrap().unwrap();
    let parts: Vec<&str> = bob.password.split('$').collect();
    assert_eq!(
        (parts[0], parts[1], parts[2].len()),
        ("pbkdf2_sha256", "1000000", 22)
    );
    // The session Django's test client made for alice authenticates here.
    let rows = db
        .fetch(
            "SELECT \"session_key\" FROM \"django_session\"",
            &[],
            &[restforge::core::model::FieldKind::Char],
        )
        .await
        .unwrap();
    let restforge::core::value::Value::Text(key) = &rows[0][0] else {
        panic!()
    };
    let me = Request::new("GET", "/api/rest-auth/user/")
        .header("Cookie", &format!("sessionid={key}"))
        .send(addr)
        .await;
    assert_eq!(me.status, 200, "{}", me.text());
    assert_eq!(me.json()["username"], json!("alice"));
}

async fn axum_serve(
    listener: tokio::net::TcpListener,
    router: axum::Router,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .await
}

#[tokio::test]
async fn throttling_is_shared_through_redis() {
    let Ok(url) = std::env::var("REDIS_URL") else {
        eprintln!("skipped: REDIS_URL is not set");
        return;
    };
    let prefix = format!("restforge-e2e-{}:", uuid_like());
    let cache = restforge::http::throttle::ThrottleCache::Redis {
        url,
        key_prefix: prefix,
    };
    // Two replicas, each with its own database holding user 1: UserRateThrottle keys on the
    // user id, so both count `throttle_user_1` in the shared store.
    let mut servers = Vec::new();
    for _ in 0..2 {
        let settings = settings::settings()
            .throttle_rate("user", "3/min")
            .throttle_cache(cache.clone());
        let server = TestServer::start(
            settings,
            profiles::app(),
            &restforge_tests::migrations::profiles(),
            TestDatabase::Sqlite,
        )
        .await
        .unwrap();
        let user = users::create_with_hash(
            server.db(),
            &server.state.signals,
            &NewUser {
                username: "alice",
                ..NewUser::default()
            },
            make_password_with("pw", "abcdefghijklmnopqrstuv", 1000),
        )
        .await
        .unwrap();
        let key = users::token_for(server.db(), user.id).await.unwrap();
        servers.push((server, key));
    }
    for i in 0..3 {
        let (server, key) = &servers[i % 2];
        let response = Request::new("GET", "/api/profiles/")
            .token(key)
            .send(server.addr)
            .await;
        assert_eq!(response.status, 200, "request {i}");
    }
    let (server, key) = &servers[1];
    let throttled = Request::new("GET", "/api/profiles/")
        .token(key)
        .send(server.addr)
        .await;
    assert_eq!(throttled.status, 429);
    assert_eq!(throttled.header("retry-after"), Some("60"));
    assert_eq!(
        throttled.json(),
        json!({"detail":"Request was throttled. Expected available in 60 seconds."})
    );
}

fn uuid_like() -> String {
    format!(
        "{:x}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    )
}

#[tokio::test]
async fn no_secret_reaches_the_logs() {
    let f = start().await;
    let (key, session, csrf) = login(&f, "pw-alice-123").await;
    let pair = f
        .send(post(
            "/api/token/",
            r#"{"username":"alice","password":"pw-alice-123"}"#,
        ))
        .await
        .json();
    let access = pair["access"].as_str().unwrap().to_owned();
    let refresh = pair["refresh"].as_str().unwrap().to_owned();
    f.send(post(
        "/api/token/refresh/",
        &json!({"refresh": refresh}).to_string(),
    ))
    .await;
    f.send(with(Request::new("GET", "/api/profiles/"), bearer(&access)))
        .await;
    f.send(
        Request::new("GET", "/api/profiles/")
            .header("Cookie", &format!("sessionid={session}; csrftoken={csrf}")),
    )
    .await;
    f.send(post(
        "/api/rest-auth/password/reset/",
        r#"{"email":"alice@example.com"}"#,
    ))
    .await;
    let mail = f.outbox.next_mail().await;
    let reset_token = mail
        .lines()
        .find(|l| l.contains("/confirm/"))
        .unwrap()
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    f.send(Request::new("POST", "/api/rest-auth/logout/").token(&key))
        .await;
    f.send(post(
        "/api/rest-auth/registration/",
        r#"{"username":"zed","password1":"Zebra-crossing-9","password2":"Zebra-crossing-9"}"#,
    ))
    .await;
    // A log line from this very test proves the capture works.
    tracing::info!(marker = "auth-e2e", "capture check");
    let logs = LOGS.lock().unwrap().clone();
    assert!(logs.contains("auth-e2e"), "the capture records events");
    // The access log has a line per request.
    assert!(
        logs.lines()
            .any(|line| line.contains(" path=/api/rest-auth/logout/")
                && line.contains(" status=200")
                && line.contains(" method=POST")),
        "an access log line for the logout:\n{logs}"
    );
    for secret in [
        "pw-alice-123",
        "Zebra-crossing-9",
        &key,
        &session,
        &csrf,
        &access,
        &refresh,
        &reset_token,
        f.secret(),
    ] {
        assert!(!logs.contains(secret), "a secret reached the logs:\n{logs}");
    }
}

/// Password guessing is throttled on every endpoint that checks a password (DRF's anon rate;
/// obtain_auth_token too, which DRF leaves unthrottled), before the body is even read, and a
/// made-up `X-Forwarded-For` does not reset the count.
#[tokio::test]
async fn credential_endpoints_are_throttled() {
    let f = start_with(|settings| settings.throttle_rate("anon", "5/min")).await;
    let credential_endpoints = [
        "/api/rest-auth/login/",
        "/api/token/",
        "/api-token-auth/",
        "/api/rest-auth/registration/",
        "/api/rest-auth/password/reset/",
    ];
    for path in credential_endpoints {
        let response = f.send(post(path, "{}")).await;
        assert_eq!(response.status, 400, "{path}: {}", response.text());
    }
    for path in credential_endpoints {
        let throttled = f
            .send(
                post(path, r#"{"username":"alice","password":"guess"}"#)
                    .header("X-Forwarded-For", "203.0.113.7"),
            )
            .await;
        assert_json(
            &throttled,
            429,
            json!({"detail":"Request was throttled. Expected available in 60 seconds."}),
        );
        assert_eq!(throttled.header("retry-after"), Some("60"), "{path}");
    }
    // The browsable API's login form counts too (after its CSRF check).
    let page = f.send(Request::new("GET", "/api-auth/login/")).await;
    let csrf = cookie_value(&page, "csrftoken").expect("the login page sets csrftoken");
    let form = Request::new("POST", "/api-auth/login/")
        .header("Cookie", &format!("csrftoken={csrf}"))
        .body_with(
            "application/x-www-form-urlencoded",
            format!("csrfmiddlewaretoken={csrf}&username=alice&password=guess").as_bytes(),
        );
    assert_eq!(f.send(form).await.status, 429);
}

/// dj-rest-auth's views share the `dj_rest_auth` scope, per user once logged in.
#[tokio::test]
async fn dj_rest_auth_views_have_their_throttle_scope() {
    let f = start_with(|settings| settings.throttle_rate("dj_rest_auth", "2/min")).await;
    let key = users::token_for(f.server.db(), f.alice_id).await.unwrap();
    for _ in 0..2 {
        let me = f
            .send(Request::new("GET", "/api/rest-auth/user/").token(&key))
            .await;
        assert_eq!(me.status, 200, "{}", me.text());
    }
    let throttled = f
        .send(Request::new("GET", "/api/rest-auth/user/").token(&key))
        .await;
    assert_eq!(throttled.status, 429);
    // Other views are not in the scope.
    let profiles = f
        .send(Request::new("GET", "/api/profiles/").token(&key))
        .await;
    assert_eq!(profiles.status, 200);
}

/// Django's ALLOWED_HOSTS: another `Host` gets Django's 400 before any view runs, so no
/// absolute URL (a password-reset link in a mail above all) is built from a forged host.
#[tokio::test]
async fn hosts_outside_allowed_hosts_are_refused() {
    let f = start_with(|settings| settings.allowed_hosts(["api.example.com", "127.0.0.1"])).await;
    let reset = |host: &str| {
        post(
            "/api/rest-auth/password/reset/",
            r#"{"email":"alice@example.com"}"#,
        )
        .header("Host", host)
    };
    for host in ["evil.example", "api.example.com.evil.example", "a b", ""] {
        let refused = f.send(reset(host)).await;
        assert_eq!(refused.status, 400, "{host:?}");
        assert_eq!(
            refused.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(refused.text(), "<h1>Bad Request (400)</h1>");
    }
    assert!(f.outbox.0.lock().unwrap().is_empty(), "no mail was sent");
    let accepted = f.send(reset("API.example.com:8443")).await;
    assert_eq!(accepted.status, 200, "{}", accepted.text());
    let mail = f.outbox.next_mail().await;
    assert!(
        mail.contains("\nhttp://API.example.com:8443/api/rest-auth/password/reset/confirm/"),
        "{mail}"
    );
    assert!(
        f.outbox.0.lock().unwrap().is_empty(),
        "only the allowed host's mail"
    );
    // Every path is behind the check, media and unknown URLs included.
    for path in ["/api/profiles/", "/media/x.png", "/nowhere/"] {
        let refused = f
            .send(Request::new("GET", path).header("Host", "evil.example"))
            .await;
        assert_eq!(refused.status, 400, "{path}");
    }
}

/// Behind a TLS-terminating proxy (`SECURE_PROXY_SSL_HEADER`), links are `https://`, cookies
/// are `Secure`, and CSRF accepts the HTTPS origin and trusted origins, refusing the rest.
#[tokio::test]
async fn behind_an_https_proxy() {
    let f = start_with(|settings| {
        settings
            .allowed_hosts(["api.example.com"])
            .secure_proxy_ssl_header("X-Forwarded-Proto", "https")
            .secure_cookies(true)
            .csrf_trusted_origins(["https://app.example.com"])
    })
    .await;
    let https = |request: Request| {
        request
            .header("Host", "api.example.com")
            .header("X-Forwarded-Proto", "https")
    };
    let login = f
        .send(https(post(
            "/api/rest-auth/login/",
            r#"{"username":"alice","password":"pw-alice-123"}"#,
        )))
        .await;
    assert_eq!(login.status, 200, "{}", login.text());
    let set_cookies = cookies(&login);
    assert_eq!(set_cookies.len(), 2);
    for cookie in &set_cookies {
        assert!(
            cookie.ends_with("; Path=/; SameSite=Lax; Secure"),
            "{cookie}"
        );
    }
    let session = cookie_value(&login, "sessionid").unwrap();
    let csrf = cookie_value(&login, "csrftoken").unwrap();
    let key = login.json()["key"].as_str().unwrap().to_owned();

    let root = f
        .send(https(Request::new("GET", "/api/").token(&key)))
        .await;
    assert_eq!(
        root.json()["profiles"],
        json!("https://api.example.com/api/profiles/")
    );
    // A client claiming HTTPS without going through the proxy's header gets http:// links.
    let plain = f
        .send(
            Request::new("GET", "/api/")
                .token(&key)
                .header("Host", "api.example.com"),
        )
        .await;
    assert_eq!(
        plain.json()["profiles"],
        json!("http://api.example.com/api/profiles/")
    );

    let write = |origin: Option<&str>, referer: Option<&str>| {
        let mut request = https(
            Request::new("PATCH", "/api/rest-auth/user/")
                .header("Cookie", &format!("sessionid={session}; csrftoken={csrf}"))
                .header("X-CSRFToken", &csrf)
                .json(r#"{"first_name":"Al"}"#),
        );
        if let Some(origin) = origin {
            request = request.header("Origin", origin);
        }
        if let Some(referer) = referer {
            request = request.header("Referer", referer);
        }
        request
    };
    for (origin, referer) in [
        (Some("https://api.example.com"), None),
        (Some("https://app.example.com"), None),
        (None, Some("https://api.example.com/api/")),
        (None, Some("https://app.example.com/settings")),
    ] {
        let response = f.send(write(origin, referer)).await;
        assert_eq!(
            response.status,
            200,
            "{origin:?} {referer:?}: {}",
            response.text()
        );
    }
    for (origin, referer, reason) in [
        (
            Some("http://api.example.com"),
            None,
            "Origin checking failed - http://api.example.com does not match any trusted origins.",
        ),
        (None, None, "Referer checking failed - no Referer."),
        (
            None,
            Some("http://api.example.com/api/"),
            "Referer checking failed - Referer is insecure while host is secure.",
        ),
        (
            None,
            Some("https://evil.example/"),
            "Referer checking failed - https://evil.example/ does not match any trusted origins.",
        ),
    ] {
        assert_json(
            &f.send(write(origin, referer)).await,
            403,
            json!({"detail": format!("CSRF Failed: {reason}")}),
        );
    }
}

/// A deeply nested body is answered like any other wrong body, in every build: 499 nested
/// objects once overflowed a debug server's worker stack and aborted the process. (Python's
/// JSON parser nests to about 1,000 levels and DRF then fails with a 500; restforge refuses past
/// 500 with DRF's parse error.) Runs on worker threads, whose stacks are tokio's 2 MiB.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deeply_nested_bodies_are_answered() {
    let f = start().await;
    let nested = |depth: usize| format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth));
    for path in [
        "/api/token/",
        "/api/rest-auth/login/",
        "/api/rest-auth/password/reset/",
        "/api/rest-auth/registration/",
    ] {
        for depth in [499, 500, 501, 20_000] {
            let r = f.send(post(path, &nested(depth))).await;
            assert_eq!(r.status, 400, "{path} at depth {depth}: {}", r.text());
        }
    }
    let (key, _, _) = login(&f, "pw-alice-123").await;
    let r = f
        .send(
            Request::new("POST", "/api/status/")
                .token(&key)
                .json(&nested(499)),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.text());
}
