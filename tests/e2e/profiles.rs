//! The reference app end to end: the generated code of `examples/profiles` (included as it is,
//! so the generated code itself is what is tested), served by `restforge::testing::TestServer`
//! and driven through real HTTP. Every assertion is DRF's exact status, headers and body
//! (DRF-CONTRACT.md). Runs on SQLite, and on PostgreSQL too when `DATABASE_URL_POSTGRES` is set.

#[allow(dead_code)]
#[path = "../../examples/profiles/src/profiles/mod.rs"]
mod profiles;
#[path = "../../examples/profiles/src/settings.rs"]
mod settings;

mod http;

use http::{Request, multipart};
use restforge::contrib::auth::password::make_password_with;
use restforge::contrib::users::{self, NewUser};
use restforge::testing::{TestDatabase, TestServer};
use serde_json::{Value, json};

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

const JSON: &str = "application/json";
const LIST_ALLOW: &str = "GET, POST, HEAD, OPTIONS";
const DETAIL_ALLOW: &str = "GET, PUT, PATCH, DELETE, HEAD, OPTIONS";

/// A running app with two users, alice and bob (password `pw`), and their tokens.
struct Fixture {
    server: TestServer,
    alice: String,
    bob: String,
    alice_id: i64,
    bob_id: i64,
}

impl Fixture {
    async fn start(database: TestDatabase) -> Fixture {
        let server = TestServer::start(
            settings::settings(),
            profiles::app(),
            &restforge_tests::migrations::profiles(),
            database,
        )
        .await
        .expect("the test server starts");
        let mut tokens = Vec::new();
        let mut ids = Vec::new();
        for name in ["alice", "bob"] {
            // A cheap hash: a million PBKDF2 rounds per user would slow every test down.
            let hash = make_password_with("pw", "abcdefghijklmnopqrstuv", 1000);
            let user = users::create_with_hash(
                server.db(),
                &server.state.signals,
                &NewUser {
                    username: name,
                    email: &format!("{name}@example.com"),
                    ..NewUser::default()
                },
                hash,
            )
            .await
            .expect("the user is created");
            tokens.push(users::token_for(server.db(), user.id).await.unwrap());
            ids.push(user.id);
        }
        Fixture {
            alice: tokens[0].clone(),
            bob: tokens[1].clone(),
            alice_id: ids[0],
            bob_id: ids[1],
            server,
        }
    }

    fn host(&self) -> String {
        format!("http://{}", self.server.addr)
    }

    async fn send(&self, request: Request) -> http::Response {
        request.send(self.server.addr).await
    }

    /// The profile pk of a user (the signal created it).
    async fn profile_of(&self, user_id: i64) -> i64 {
        let response = self
            .send(Request::new("GET", "/api/profiles/").token(&self.alice))
            .await;
        let body = response.json();
        let username = if user_id == self.alice_id {
            "alice"
        } else {
            "bob"
        };
        body["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["user"] == username)
            .and_then(|p| p["id"].as_i64())
            .expect("the user's profile")
    }
}

/// Runs a scenario on every configured database.
async fn on_every_database<F, Fut>(scenario: F)
where
    F: Fn(Fixture) -> Fut,
    Fut: std::future::Future<Output = Fixture>,
{
    for database in TestDatabase::all() {
        eprintln!("on {}", database.name());
        let fixture = Fixture::start(database).await;
        let fixture = scenario(fixture).await;
        fixture.server.stop().await;
    }
}

fn assert_detail(response: &http::Response, status: u16, detail: &str) {
    assert_eq!(response.status, status, "{}", response.text());
    assert_eq!(response.header("content-type"), Some(JSON));
    assert_eq!(response.json(), json!({ "detail": detail }));
}

#[tokio::test]
async fn authentication_failures_are_401_with_the_token_challenge() {
    on_every_database(|f| async move {
        let r = f.send(Request::new("GET", "/api/profiles/")).await;
        assert_detail(&r, 401, "Authentication credentials were not provided.");
        assert_eq!(r.header("www-authenticate"), Some("Token"));
        assert_eq!(r.header("allow"), Some("GET, HEAD, OPTIONS"));
        assert_eq!(r.header("vary"), Some("Accept, Cookie"));
        // Django's SecurityMiddleware and XFrameOptionsMiddleware headers, on every response:
        // this 401, a JSON 200 and Django's HTML 404.
        let not_found = f.send(Request::new("GET", "/nowhere/")).await;
        assert_eq!(not_found.status, 404);
        let ok = f.send(Request::new("GET", "/api/").token(&f.alice)).await;
        for response in [&r, &ok, &not_found] {
            for (name, value) in [
                ("x-frame-options", "DENY"),
                ("x-content-type-options", "nosniff"),
                ("referrer-policy", "same-origin"),
                ("cross-origin-opener-policy", "same-origin"),
            ] {
                assert_eq!(response.header(name), Some(value), "{name}");
            }
        }
        // Django adds `Cookie` only when the session was read: SessionAuthentication ran
        // because no class before it decided. A token decides first.
        let r = f
            .send(Request::new("GET", "/api/profiles/").token(&f.alice))
            .await;
        assert_eq!(r.header("vary"), Some("Accept"));
        let r = f
            .send(Request::new("GET", "/api/profiles/").token("0".repeat(40).as_str()))
            .await;
        assert_eq!(r.status, 401);
        assert_eq!(r.header("vary"), Some("Accept"));

        let cases = [
            ("Token", "Invalid token header. No credentials provided."),
            (
                "Token a b",
                "Invalid token header. Token string should not contain spaces.",
            ),
            ("Token nope", "Invalid token."),
        ];
        for (header, detail) in cases {
            let r = f
                .send(Request::new("GET", "/api/status/").header("Authorization", header))
                .await;
            assert_detail(&r, 401, detail);
            assert_eq!(r.header("www-authenticate"), Some("Token"));
        }
        // The keyword is case-insensitive and runs of spaces are fine.
        let r = f
            .send(
                Request::new("GET", "/api/status/")
                    .header("Authorization", &format!("token    {}", f.alice)),
            )
            .await;
        assert_eq!(r.status, 200);
        // Another scheme is not Token's business: no credentials.
        let r = f
            .send(Request::new("GET", "/api/status/").header("Authorization", "Digest x"))
            .await;
        assert_detail(&r, 401, "Authentication credentials were not provided.");
        // Authentication comes before the method check: 401, not 405.
        let r = f.send(Request::new("DELETE", "/api/profiles/1/")).await;
        assert_detail(&r, 401, "Authentication credentials were not provided.");
        // ...and before parsing: malformed JSON without credentials is 401 too.
        let r = f.send(Request::new("POST", "/api/status/").json("{")).await;
        assert_eq!(r.status, 401);
        f
    })
    .await;
}

#[tokio::test]
async fn profiles_list_retrieve_update_and_refuse_the_rest() {
    on_every_database(|f| async move {
        let host = f.host();
        let alice_profile = f.profile_of(f.alice_id).await;
        let bob_profile = f.profile_of(f.bob_id).await;

        let r = f
            .send(Request::new("GET", "/api/profiles/").token(&f.alice))
            .await;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-type"), Some(JSON));
        assert_eq!(r.header("allow"), Some("GET, HEAD, OPTIONS"));
        // The tutorial's order: the declared `user` and `avatar` right after the pk.
        assert_eq!(
            r.text(),
            format!(
                r#"{{"count":2,"next":null,"previous":null,"results":[{{"id":{alice_profile},"user":"alice","avatar":null,"bio":"","city":""}},{{"id":{bob_profile},"user":"bob","avatar":null,"bio":"","city":""}}]}}"#
            )
        );

        let path = format!("/api/profiles/{alice_profile}/");
        let r = f.send(Request::new("GET", &path).token(&f.bob)).await;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("allow"), Some("GET, PUT, PATCH, HEAD, OPTIONS"));
        assert_eq!(
            r.json(),
            json!({"id": alice_profile, "user": "alice", "bio": "", "city": "", "avatar": null})
        );

        // PUT: `user` (string-related) and `avatar` (read-only) are ignored.
        let r = f
            .send(
                Request::new("PUT", &path)
                    .token(&f.alice)
                    .json(r#"{"bio":"Hello","city":"Oslo","user":"mallory","avatar":null}"#),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(
            r.text(),
            format!(
                r#"{{"id":{alice_profile},"user":"alice","avatar":null,"bio":"Hello","city":"Oslo"}}"#
            )
        );
        let r = f
            .send(
                Request::new("PATCH", &path)
                    .token(&f.alice)
                    .body_with("application/x-www-form-urlencoded", b"city=Bergen"),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["city"], "Bergen");
        assert_eq!(r.json()["bio"], "Hello");

        // Too long, on both fields, in the serializer's field order.
        let long = "x".repeat(241);
        let r = f
            .send(
                Request::new("PATCH", &path)
                    .token(&f.alice)
                    .json(&format!(r#"{{"city":"{}","bio":"{long}"}}"#, "y".repeat(31))),
            )
            .await;
        assert_eq!(r.status, 400);
        assert_eq!(
            r.text(),
            r#"{"bio":["Ensure this field has no more than 240 characters."],"city":["Ensure this field has no more than 30 characters."]}"#
        );

        // Someone else's profile.
        let r = f
            .send(
                Request::new("PATCH", &format!("/api/profiles/{bob_profile}/"))
                    .token(&f.alice)
                    .json(r#"{"bio":"hacked"}"#),
            )
            .await;
        assert_detail(&r, 403, "You do not have permission to perform this action.");
        assert!(r.header("www-authenticate").is_none());

        // Read-only actions: no POST, no DELETE.
        let r = f
            .send(Request::new("DELETE", &path).token(&f.alice))
            .await;
        assert_detail(&r, 405, "Method \"DELETE\" not allowed.");
        assert_eq!(r.header("allow"), Some("GET, PUT, PATCH, HEAD, OPTIONS"));
        let r = f
            .send(
                Request::new("POST", "/api/profiles/")
                    .token(&f.alice)
                    .json("{}"),
            )
            .await;
        assert_detail(&r, 405, "Method \"POST\" not allowed.");
        let r = f
            .send(Request::new("BREW", "/api/profiles/").token(&f.alice))
            .await;
        assert_detail(&r, 405, "Method \"BREW\" not allowed.");

        // 404s: a lookup that parses but matches nothing, and one that does not parse.
        let r = f
            .send(Request::new("GET", "/api/profiles/999/").token(&f.alice))
            .await;
        assert_detail(&r, 404, "No Profile matches the given query.");
        let r = f
            .send(Request::new("GET", "/api/profiles/abc/").token(&f.alice))
            .await;
        assert_detail(&r, 404, "Not found.");

        // Search by city, case-insensitive.
        let r = f
            .send(Request::new("GET", "/api/profiles/?search=berg").token(&f.alice))
            .await;
        assert_eq!(r.json()["count"], 1);
        assert_eq!(r.json()["results"][0]["user"], "alice");
        let r = f
            .send(Request::new("GET", "/api/profiles/?search=nowhere").token(&f.alice))
            .await;
        assert_eq!(r.json()["count"], 0);
        // A search is at most 64 terms: more would exceed the database's bound parameters.
        let terms = |n: usize| vec!["berg"; n].join("+");
        let r = f
            .send(Request::new("GET", &format!("/api/profiles/?search={}", terms(64))).token(&f.alice))
            .await;
        assert_eq!(r.json()["count"], 1);
        let r = f
            .send(Request::new("GET", &format!("/api/profiles/?search={}", terms(5000))).token(&f.alice))
            .await;
        assert_eq!(r.status, 400);
        assert_eq!(
            r.json(),
            json!({"search":["Ensure this value has at most 64 search terms (it has 5000)."]})
        );

        // The API root, absolute from the Host header, in registration order.
        let r = f.send(Request::new("GET", "/api/").token(&f.alice)).await;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("allow"), Some("GET, HEAD, OPTIONS"));
        assert_eq!(
            r.text(),
            format!(r#"{{"profiles":"{host}/api/profiles/","status":"{host}/api/status/"}}"#)
        );
        let r = f
            .send(Request::new("GET", "/api/.json").token(&f.alice))
            .await;
        assert_eq!(
            r.json(),
            json!({"profiles": format!("{host}/api/profiles.json"), "status": format!("{host}/api/status.json")})
        );
        f
    })
    .await;
}

#[tokio::test]
async fn statuses_create_paginate_filter_update_delete() {
    on_every_database(|f| async move {
        let host = f.host();
        let alice_profile = f.profile_of(f.alice_id).await;
        let mut ids = Vec::new();
        for i in 1..=25 {
            let r = f
                .send(
                    Request::new("POST", "/api/status/")
                        .token(&f.alice)
                        .json(&format!(
                            r#"{{"status_content":"status {i}","user_profile":999}}"#
                        )),
                )
                .await;
            assert_eq!(r.status, 201, "{}", r.text());
            assert_eq!(r.header("content-type"), Some(JSON));
            assert_eq!(r.header("allow"), Some(LIST_ALLOW));
            assert!(
                r.header("location").is_none(),
                "no `url` field, no Location"
            );
            let body = r.json();
            let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
            assert_eq!(
                keys,
                [
                    "id",
                    "user_profile",
                    "status_content",
                    "created_at",
                    "updated_at"
                ]
            );
            assert_eq!(body["user_profile"], "alice");
            assert_eq!(body["status_content"], format!("status {i}"));
            let created = body["created_at"].as_str().unwrap();
            assert!(created.ends_with('Z') && created.contains('T'), "{created}");
            ids.push(body["id"].as_i64().unwrap());
        }
        // A create: the token, request.user.profile (with the username the response shows),
        // the INSERT; the response is the row it returned, not read again.
        let before = f.server.db().statements_executed();
        let r = f
            .send(
                Request::new("POST", "/api/status/")
                    .token(&f.bob)
                    .json(r#"{"status_content":"bob's"}"#),
            )
            .await;
        let used = f.server.db().statements_executed() - before;
        assert_eq!(used, 3, "a create took {used} statements");
        assert_eq!(r.status, 201);
        assert_eq!(r.json()["user_profile"], "bob");
        let bob_status = r.json()["id"].as_i64().unwrap();

        // Page 1: newest first, 20 of 26.
        let before = f.server.db().statements_executed();
        let r = f
            .send(Request::new("GET", "/api/status/").token(&f.alice))
            .await;
        let used = f.server.db().statements_executed() - before;
        assert!(used <= 3, "a list page took {used} statements");
        assert_eq!(r.status, 200);
        let body = r.json();
        assert_eq!(body["count"], 26);
        assert_eq!(body["next"], format!("{host}/api/status/?page=2"));
        assert_eq!(body["previous"], Value::Null);
        let results = body["results"].as_array().unwrap();
        assert_eq!(results.len(), 20);
        assert_eq!(results[0]["status_content"], "bob's");
        assert_eq!(results[1]["status_content"], "status 25");

        for page in ["2", "last"] {
            let r = f
                .send(Request::new("GET", &format!("/api/status/?page={page}")).token(&f.alice))
                .await;
            let body = r.json();
            assert_eq!(body["next"], Value::Null);
            assert_eq!(body["previous"], format!("{host}/api/status/"));
            assert_eq!(body["results"].as_array().unwrap().len(), 6);
            assert_eq!(body["results"][5]["status_content"], "status 1");
        }
        for page in ["3", "0", "x"] {
            let r = f
                .send(Request::new("GET", &format!("/api/status/?page={page}")).token(&f.alice))
                .await;
            assert_detail(&r, 404, "Invalid page.");
        }

        // ?username= filters through user_profile__user__username, keeping other params.
        let r = f
            .send(Request::new("GET", "/api/status/?username=bob").token(&f.alice))
            .await;
        assert_eq!(r.json()["count"], 1);
        let r = f
            .send(Request::new("GET", "/api/status/?username=alice").token(&f.alice))
            .await;
        assert_eq!(r.json()["count"], 25);
        assert_eq!(
            r.json()["next"],
            format!("{host}/api/status/?page=2&username=alice")
        );

        // Retrieve within the statement budget.
        let path = format!("/api/status/{}/", ids[0]);
        let before = f.server.db().statements_executed();
        let r = f.send(Request::new("GET", &path).token(&f.bob)).await;
        let used = f.server.db().statements_executed() - before;
        assert!(used <= 2, "a detail took {used} statements");
        assert_eq!(r.status, 200);
        assert_eq!(r.header("allow"), Some(DETAIL_ALLOW));
        assert_eq!(r.json()["status_content"], "status 1");
        assert_eq!(r.json()["user_profile"], "alice");

        // Someone else's status: readable, not writable.
        for method in ["PUT", "PATCH", "DELETE"] {
            let r = f
                .send(
                    Request::new(method, &path)
                        .token(&f.bob)
                        .json(r#"{"status_content":"mine now"}"#),
                )
                .await;
            assert_detail(
                &r,
                403,
                "You do not have permission to perform this action.",
            );
        }

        // Update, partial update: the token, the object (with its owner and display values),
        // the UPDATE, whose returned row is the response.
        let before = f.server.db().statements_executed();
        let r = f
            .send(
                Request::new("PUT", &path)
                    .token(&f.alice)
                    .json(r#"{"status_content":"edited"}"#),
            )
            .await;
        let used = f.server.db().statements_executed() - before;
        assert_eq!(used, 3, "an update took {used} statements");
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["status_content"], "edited");
        assert_eq!(r.json()["id"], ids[0]);
        assert_eq!(r.json()["user_profile"], "alice");
        let reread = f.send(Request::new("GET", &path).token(&f.alice)).await;
        assert_eq!(reread.json(), r.json(), "the response is the row as stored");
        let r = f
            .send(Request::new("PUT", &path).token(&f.alice).json("{}"))
            .await;
        assert_eq!(r.status, 400);
        assert_eq!(
            r.text(),
            r#"{"status_content":["This field is required."]}"#
        );
        let r = f
            .send(Request::new("PATCH", &path).token(&f.alice).json("{}"))
            .await;
        assert_eq!(r.status, 200);
        assert_eq!(r.json()["status_content"], "edited");

        // Delete: 204, empty, no Content-Type; then gone.
        let r = f.send(Request::new("DELETE", &path).token(&f.alice)).await;
        assert_eq!(r.status, 204);
        assert!(r.body.is_empty());
        assert!(r.header("content-type").is_none());
        // Django also sends `Content-Length: 0`; hyper never writes Content-Length on a 204
        // (RFC 9110 §8.6 forbids it), so the header is absent here.
        assert!(matches!(r.header("content-length"), None | Some("0")));
        assert_eq!(r.header("allow"), Some(DETAIL_ALLOW));
        let r = f.send(Request::new("GET", &path).token(&f.alice)).await;
        assert_detail(&r, 404, "No ProfileStatus matches the given query.");
        let r = f
            .send(Request::new("GET", &format!("/api/status/{bob_status}/")).token(&f.alice))
            .await;
        assert_eq!(r.status, 200);
        let _ = alice_profile;
        f
    })
    .await;
}

#[tokio::test]
async fn validation_and_parsing_errors() {
    on_every_database(|f| async move {
        let post = |body: &str| {
            Request::new("POST", "/api/status/")
                .token(&f.alice)
                .json(body)
        };
        let cases: &[(&str, &str)] = &[
            ("{}", r#"{"status_content":["This field is required."]}"#),
            ("", r#"{"status_content":["This field is required."]}"#),
            (
                r#"{"status_content":""}"#,
                r#"{"status_content":["This field may not be blank."]}"#,
            ),
            (
                r#"{"status_content":"   "}"#,
                r#"{"status_content":["This field may not be blank."]}"#,
            ),
            (
                r#"{"status_content":null}"#,
                r#"{"status_content":["This field may not be null."]}"#,
            ),
            (
                r#"{"status_content":["a"]}"#,
                r#"{"status_content":["Not a valid string."]}"#,
            ),
            (
                "[1,2]",
                r#"{"non_field_errors":["Invalid data. Expected a dictionary, but got list."]}"#,
            ),
            (
                r#""text""#,
                r#"{"non_field_errors":["Invalid data. Expected a dictionary, but got str."]}"#,
            ),
            (
                r#"{"status_content": }"#,
                r#"{"detail":"JSON parse error - Expecting value: line 1 column 20 (char 19)"}"#,
            ),
            (
                "{",
                r#"{"detail":"JSON parse error - Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"}"#,
            ),
        ];
        for (body, expected) in cases {
            let r = f.send(post(body)).await;
            assert_eq!(r.status, 400, "{body}");
            assert_eq!(r.header("content-type"), Some(JSON));
            assert_eq!(r.header("allow"), Some(LIST_ALLOW));
            assert_eq!(r.text(), *expected, "{body}");
        }
        let long = format!(r#"{{"status_content":"{}"}}"#, "x".repeat(241));
        let r = f.send(post(&long)).await;
        assert_eq!(
            r.text(),
            r#"{"status_content":["Ensure this field has no more than 240 characters."]}"#
        );
        // Numbers are strings to a CharField.
        let r = f.send(post(r#"{"status_content":5}"#)).await;
        assert_eq!(r.status, 201);
        assert_eq!(r.json()["status_content"], "5");

        let r = f
            .send(
                Request::new("POST", "/api/status/")
                    .token(&f.alice)
                    .body_with("text/plain", b"hello"),
            )
            .await;
        assert_detail(&r, 415, "Unsupported media type \"text/plain\" in request.");
        // An empty body is `{}` whatever its type.
        let r = f
            .send(
                Request::new("POST", "/api/status/")
                    .token(&f.alice)
                    .body_with("text/plain", b""),
            )
            .await;
        assert_eq!(r.status, 400);
        assert_eq!(
            r.text(),
            r#"{"status_content":["This field is required."]}"#
        );
        // Over Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB): Django's 400 page, as DRF
        // (RequestDataTooBig is no APIException); at the limit, DRF's usual answers.
        let padding = 2_621_440 - r#"{"status_content":""}"#.len();
        let at_limit = format!(r#"{{"status_content":"{}"}}"#, "x".repeat(padding));
        let r = f.send(post(&at_limit)).await;
        assert_eq!(r.status, 400);
        assert_eq!(
            r.text(),
            r#"{"status_content":["Ensure this field has no more than 240 characters."]}"#
        );
        let over = format!(r#"{{"status_content":"{}"}}"#, "x".repeat(padding + 1));
        let r = f.send(post(&over)).await;
        assert_eq!(r.status, 400);
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
        assert_eq!(r.text(), restforge::http::error::BAD_REQUEST_HTML);
        assert_eq!(r.header("allow"), None);
        // More than DATA_UPLOAD_MAX_NUMBER_FIELDS (1000) form fields: the same page.
        let fields = |n: usize| {
            let mut body = "status_content=ok".to_owned();
            for i in 1..n {
                body.push_str(&format!("&f{i}=x"));
            }
            body
        };
        for (count, status) in [(1000, 201), (1001, 400)] {
            let r = f
                .send(
                    Request::new("POST", "/api/status/")
                        .token(&f.alice)
                        .body_with("application/x-www-form-urlencoded", fields(count).as_bytes()),
                )
                .await;
            assert_eq!(r.status, status, "{count} fields: {}", r.text());
        }
        // Form input.
        let r = f
            .send(
                Request::new("POST", "/api/status/")
                    .token(&f.alice)
                    .body_with("application/x-www-form-urlencoded", b"status_content=from+a+form"),
            )
            .await;
        assert_eq!(r.status, 201);
        assert_eq!(r.json()["status_content"], "from a form");
        f
    })
    .await;
}

#[tokio::test]
async fn urls_redirects_options_and_head() {
    on_every_database(|f| async move {
        // APPEND_SLASH: 301 to the slashed URL, for every method, query kept.
        for method in ["GET", "POST", "DELETE"] {
            let r = f
                .send(Request::new(method, "/api/status?page=2").token(&f.alice))
                .await;
            assert_eq!(r.status, 301, "{method}");
            assert_eq!(r.header("location"), Some("/api/status/?page=2"));
            assert!(r.body.is_empty());
        }
        let r = f.send(Request::new("GET", "/api/status/1")).await;
        assert_eq!(r.status, 301);
        assert_eq!(r.header("location"), Some("/api/status/1/"));
        // Unknown URLs are Django's HTML 404.
        for path in ["/nope/", "/api/status/1/extra/", "/api/status//"] {
            let r = f.send(Request::new("GET", path)).await;
            assert_eq!(r.status, 404, "{path}");
            assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
            assert_eq!(
                r.text(),
                "<h1>Not Found</h1><p>The requested resource was not found on this server.</p>"
            );
        }
        // Format suffixes and ?format=.
        let r = f
            .send(Request::new("GET", "/api/status.json").token(&f.alice))
            .await;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-type"), Some(JSON));
        let r = f
            .send(Request::new("GET", "/api/status/?format=xml").token(&f.alice))
            .await;
        assert_detail(&r, 404, "Not found.");
        let r = f
            .send(
                Request::new("GET", "/api/status/")
                    .token(&f.alice)
                    .header("Accept", "application/xml"),
            )
            .await;
        assert_detail(&r, 406, "Could not satisfy the request Accept header.");

        // A browser gets the browsable API's page (a simpler one than DRF's).
        let r = f
            .send(
                Request::new("GET", "/api/status/")
                    .token(&f.alice)
                    .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
            )
            .await;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
        assert!(
            r.text()
                .contains("<title>Profile Status List \u{2013} Django REST framework</title>"),
            "{}",
            r.text()
        );

        // OPTIONS on the list: POST's fields in the serializer's order.
        let r = f
            .send(Request::new("OPTIONS", "/api/status/").token(&f.alice))
            .await;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("allow"), Some(LIST_ALLOW));
        assert_eq!(
            r.text(),
            concat!(
                r#"{"name":"Profile Status List","description":"","renders":["application/json","text/html"],"#,
                r#""parses":["application/json","application/x-www-form-urlencoded","multipart/form-data"],"#,
                r#""actions":{"POST":{"id":{"type":"integer","required":false,"read_only":true,"label":"ID"},"#,
                r#""user_profile":{"type":"field","required":false,"read_only":true,"label":"User profile"},"#,
                r#""status_content":{"type":"string","required":true,"read_only":false,"label":"Status content","max_length":240},"#,
                r#""created_at":{"type":"datetime","required":false,"read_only":true,"label":"Created at"},"#,
                r#""updated_at":{"type":"datetime","required":false,"read_only":true,"label":"Updated at"}}}}"#
            )
        );
        // OPTIONS is permission-checked like the rest.
        let r = f.send(Request::new("OPTIONS", "/api/status/")).await;
        assert_detail(&r, 401, "Authentication credentials were not provided.");
        // Read-only list: no actions.
        let r = f
            .send(Request::new("OPTIONS", "/api/profiles/").token(&f.alice))
            .await;
        assert_eq!(r.json()["name"], "Profile List");
        assert!(r.json().get("actions").is_none());
        // PUT on a detail only when the object passes the owner check.
        let r = f
            .send(
                Request::new("POST", "/api/status/")
                    .token(&f.alice)
                    .json(r#"{"status_content":"x"}"#),
            )
            .await;
        let path = format!("/api/status/{}/", r.json()["id"]);
        let r = f
            .send(Request::new("OPTIONS", &path).token(&f.alice))
            .await;
        assert_eq!(r.json()["name"], "Profile Status Instance");
        assert!(r.json()["actions"]["PUT"]["status_content"].is_object());
        let r = f.send(Request::new("OPTIONS", &path).token(&f.bob)).await;
        assert_eq!(r.status, 200);
        assert!(r.json().get("actions").is_none());

        // HEAD: GET's status and headers, no body.
        let get = f
            .send(Request::new("GET", "/api/status/").token(&f.alice))
            .await;
        let head = f
            .send(Request::new("HEAD", "/api/status/").token(&f.alice))
            .await;
        assert_eq!(head.status, 200);
        assert!(head.body.is_empty());
        assert_eq!(head.header("content-type"), Some(JSON));
        assert_eq!(head.header("allow"), Some(LIST_ALLOW));
        assert_eq!(
            head.header("content-length"),
            Some(get.body.len().to_string().as_str())
        );

        // Indented JSON on request.
        let r = f
            .send(
                Request::new("GET", &path)
                    .token(&f.alice)
                    .header("Accept", "application/json; indent=2"),
            )
            .await;
        assert!(r.text().starts_with("{\n  \"id\": "), "{}", r.text());
        assert_eq!(r.header("content-type"), Some(JSON));
        f
    })
    .await;
}

#[tokio::test]
async fn avatar_upload_validation_serving_and_clearing() {
    on_every_database(|f| async move {
        let host = f.host();
        let put = |content_type: &str, body: &[u8]| {
            Request::new("PUT", "/api/avatar/")
                .token(&f.alice)
                .body_with(content_type, body)
        };
        let (ct, body) = multipart(&[("avatar", Some("me.png"), PNG)]);
        let r = f.send(put(&ct, &body)).await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.header("allow"), Some("PUT, PATCH, OPTIONS"));
        // The tutorial's avatar has no upload_to: the file lands at the media root.
        let url = format!("{host}/media/me.png");
        assert_eq!(r.json(), json!({ "avatar": url }));

        let r = f.send(Request::new("GET", "/media/me.png")).await;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-type"), Some("image/png"));
        assert_eq!(r.body, PNG);
        let r = f.send(Request::new("GET", "/media/../etc/passwd")).await;
        assert_eq!(r.status, 404);

        // The profile shows it too.
        let r = f
            .send(Request::new("GET", "/api/profiles/").token(&f.alice))
            .await;
        assert_eq!(r.json()["results"][0]["avatar"], url);

        // The same name again gets Django's suffix.
        let r = f.send(put(&ct, &body)).await;
        let second = r.json()["avatar"].as_str().unwrap().to_owned();
        let name = second
            .strip_prefix(&format!("{host}/media/me_"))
            .and_then(|rest| rest.strip_suffix(".png"))
            .unwrap_or_else(|| panic!("{second}"));
        assert_eq!(name.len(), 7);
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric()));

        // An image under a name that is not an image's (Django's validate_image_file_extension).
        let (ct, body) = multipart(&[("avatar", Some("me.html"), PNG)]);
        let r = f.send(put(&ct, &body)).await;
        assert_eq!(r.status, 400, "{}", r.text());
        let message = r.json()["avatar"][0].as_str().unwrap().to_owned();
        assert!(
            message.starts_with("File extension \u{201c}html\u{201d} is not allowed. Allowed extensions are: avif,"),
            "{message}"
        );
        // Not an image.
        let (ct, body) = multipart(&[("avatar", Some("me.png"), b"GIF89a but not really")]);
        let r = f.send(put(&ct, &body)).await;
        assert_eq!(r.status, 400);
        assert_eq!(
            r.text(),
            r#"{"avatar":["Upload a valid image. The file you uploaded was either not an image or a corrupted image."]}"#
        );
        // An empty file.
        let (ct, body) = multipart(&[("avatar", Some("me.png"), b"")]);
        let r = f.send(put(&ct, &body)).await;
        assert_eq!(r.text(), r#"{"avatar":["The submitted file is empty."]}"#);
        // A JSON string is not a file.
        let r = f.send(put(JSON, br#"{"avatar":"me.png"}"#)).await;
        assert_eq!(r.status, 400);
        assert_eq!(
            r.text(),
            r#"{"avatar":["The submitted data was not a file. Check the encoding type on the form."]}"#
        );
        // No file at all: the field is optional, nothing changes.
        let (ct, body) = multipart(&[("other", None, b"x")]);
        let r = f.send(put(&ct, &body)).await;
        assert_eq!(r.status, 200);
        assert_eq!(r.json()["avatar"], second);
        // Multipart without a boundary.
        let r = f.send(put("multipart/form-data", b"x")).await;
        assert_detail(
            &r,
            400,
            "Multipart form parse error - Invalid boundary in multipart: None",
        );
        // Clearing: an empty multipart value, then JSON null.
        let (ct, body) = multipart(&[("avatar", None, b"")]);
        let r = f.send(put(&ct, &body)).await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json(), json!({ "avatar": null }));
        let (ct, body) = multipart(&[("avatar", Some("me.png"), PNG)]);
        assert_eq!(f.send(put(&ct, &body)).await.status, 200);
        let r = f.send(put(JSON, br#"{"avatar":null}"#)).await;
        assert_eq!(r.json(), json!({ "avatar": null }));

        // Only PUT and PATCH.
        let r = f
            .send(Request::new("GET", "/api/avatar/").token(&f.alice))
            .await;
        assert_detail(&r, 405, "Method \"GET\" not allowed.");
        let r = f.send(Request::new("PUT", "/api/avatar/")).await;
        assert_detail(&r, 401, "Authentication credentials were not provided.");
        f
    })
    .await;
}

#[tokio::test]
async fn obtain_auth_token() {
    on_every_database(|f| async move {
        let r = f
            .send(
                Request::new("POST", "/api-token-auth/")
                    .json(r#"{"username":"alice","password":"pw"}"#),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json(), json!({ "token": f.alice }));
        assert_eq!(r.header("allow"), Some("POST, OPTIONS"));
        let r = f
            .send(Request::new("POST", "/api-token-auth/").body_with(
                "application/x-www-form-urlencoded",
                b"username=bob&password=pw",
            ))
            .await;
        assert_eq!(r.json(), json!({ "token": f.bob }));
        let r = f
            .send(
                Request::new("POST", "/api-token-auth/")
                    .json(r#"{"username":"alice","password":"wrong"}"#),
            )
            .await;
        assert_eq!(r.status, 400);
        assert_eq!(
            r.text(),
            r#"{"non_field_errors":["Unable to log in with provided credentials."]}"#
        );
        let r = f
            .send(Request::new("POST", "/api-token-auth/").json("{}"))
            .await;
        assert_eq!(
            r.text(),
            r#"{"username":["This field is required."],"password":["This field is required."]}"#
        );
        let r = f.send(Request::new("GET", "/api-token-auth/")).await;
        assert_detail(&r, 405, "Method \"GET\" not allowed.");
        assert_eq!(r.header("allow"), Some("POST, OPTIONS"));
        f
    })
    .await;
}
