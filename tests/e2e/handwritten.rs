//! The hand-written app end to end: `examples/handwritten` (an issue tracker declared with the
//! derive macros, no YAML; its migrations made by `makemigrations --from-src`), included as
//! it is and driven over real HTTP with DRF's exact statuses, headers and bodies. Runs on
//! SQLite, and on PostgreSQL too when `DATABASE_URL_POSTGRES` is set.

#[path = "../../examples/handwritten/src/settings.rs"]
mod settings;
#[allow(dead_code)]
#[path = "../../examples/handwritten/src/tracker/mod.rs"]
mod tracker;

#[allow(dead_code, unused_imports)]
mod http;

use http::Request;
use restforge::core::model::Model;
use restforge::core::value::Value;
use restforge::testing::{TestDatabase, TestServer, TestUser};
use serde_json::{Value as Json, json};
use tracker::models::{Member, Team};

const JSON: &str = "application/json";
const LIST_ALLOW: &str = "GET, POST, HEAD, OPTIONS";
const DETAIL_ALLOW: &str = "GET, PUT, PATCH, DELETE, HEAD, OPTIONS";
const DENIED: &str = "You do not have permission to perform this action.";

/// alice is a member of team Core, bob a member without a team, carol not a member.
struct Fixture {
    server: TestServer,
    database: &'static str,
    alice: TestUser,
    bob: TestUser,
    carol: TestUser,
    core: i64,
}

impl Fixture {
    async fn start(database: TestDatabase) -> Fixture {
        let name = database.name();
        let server = TestServer::start(
            settings::settings(),
            tracker::app(),
            &restforge_tests::migrations::handwritten(),
            database,
        )
        .await
        .expect("the test server starts");
        let alice = server.create_user("alice").await;
        let bob = server.create_user("bob").await;
        let carol = server.create_user("carol").await;
        let writer = server.state.writer();
        let team = writer
            .create(Team::meta(), vec![("name", Value::Text("Core".into()))])
            .await
            .expect("the team is created");
        let core = match team[0] {
            Value::Int(id) => id,
            ref other => panic!("a team key: {other:?}"),
        };
        writer
            .create(
                Member::meta(),
                vec![("user", Value::Int(alice.id)), ("team", Value::Int(core))],
            )
            .await
            .expect("alice's membership");
        writer
            .create(Member::meta(), vec![("user", Value::Int(bob.id))])
            .await
            .expect("bob's membership");
        Fixture {
            server,
            database: name,
            alice,
            bob,
            carol,
            core,
        }
    }

    fn host(&self) -> String {
        format!("http://{}", self.server.addr)
    }

    async fn send(&self, request: Request) -> http::Response {
        request.send(self.server.addr).await
    }

    /// Creates a project of `user` and returns its key.
    async fn project(&self, user: &TestUser, slug: &str) -> i64 {
        let r = self
            .send(
                Request::new("POST", "/api/projects/")
                    .token(&user.token)
                    .json(&format!(r#"{{"name":"Project {slug}","slug":"{slug}"}}"#)),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()["id"].as_i64().unwrap()
    }

    /// Creates an issue reported by `user` and returns its body.
    async fn issue(&self, user: &TestUser, project: i64, title: &str) -> Json {
        let r = self
            .send(
                Request::new("POST", "/api/issues/")
                    .token(&user.token)
                    .json(&format!(r#"{{"project":{project},"title":"{title}"}}"#)),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()
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
async fn anonymous_requests_are_401_with_the_token_challenge() {
    on_every_database(|f| async move {
        for (method, path, allow) in [
            ("GET", "/api/issues/", LIST_ALLOW),
            ("POST", "/api/projects/", LIST_ALLOW),
            ("DELETE", "/api/labels/1/", "GET, HEAD, OPTIONS"),
        ] {
            let r = f.send(Request::new(method, path)).await;
            assert_detail(&r, 401, "Authentication credentials were not provided.");
            assert_eq!(r.header("www-authenticate"), Some("Token"), "{path}");
            assert_eq!(r.header("allow"), Some(allow), "{path}");
            assert_eq!(r.header("vary"), Some("Accept, Cookie"));
        }
        let r = f
            .send(Request::new("GET", "/api/issues/").header("Authorization", "Token nope"))
            .await;
        assert_detail(&r, 401, "Invalid token.");
        f
    })
    .await;
}

#[tokio::test]
async fn projects_crud_owner_only_writes_and_request_user_paths() {
    on_every_database(|f| async move {
        let host = f.host();
        // `team` comes from `request.user.member.team`, a path of two steps.
        let r = f
            .send(
                Request::new("POST", "/api/projects/")
                    .token(&f.alice.token)
                    .json(r#"{"name":"Website","slug":"web","owner":999,"team":null}"#),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        assert_eq!(r.header("location"), None);
        let body = r.json();
        let web = body["id"].as_i64().unwrap();
        let created = body["created_at"].as_str().unwrap().to_owned();
        assert!(created.ends_with('Z'), "{created}");
        assert_eq!(
            body,
            json!({"id": web, "name": "Website", "slug": "web", "description": "", "owner": "alice", "team": "Core", "created_at": created})
        );
        // bob is a member without a team: the path ends at a null, saved as null.
        let r = f
            .send(
                Request::new("POST", "/api/projects/")
                    .token(&f.bob.token)
                    .json(r#"{"name":"Mobile","slug":"mobile"}"#),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        assert_eq!(r.json()["team"], Json::Null);
        let mobile = r.json()["id"].as_i64().unwrap();
        // Regression: carol has no membership, so `request.user.member` does not exist.
        // DRF raises RelatedObjectDoesNotExist (a 500); restforge refuses with 403.
        let r = f
            .send(
                Request::new("POST", "/api/projects/")
                    .token(&f.carol.token)
                    .json(r#"{"name":"Other","slug":"other"}"#),
            )
            .await;
        assert_detail(&r, 403, DENIED);

        // List (ordered by name), search, retrieve.
        let r = f
            .send(Request::new("GET", "/api/projects/").token(&f.carol.token))
            .await;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("allow"), Some(LIST_ALLOW));
        let names: Vec<Json> = r.json()["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].clone())
            .collect();
        assert_eq!(names, [json!("Mobile"), json!("Website")]);
        let r = f
            .send(Request::new("GET", "/api/projects/?search=WEB").token(&f.carol.token))
            .await;
        assert_eq!(r.json()["count"], 1);
        assert_eq!(r.json()["results"][0]["slug"], "web");
        let path = format!("/api/projects/{web}/");
        let r = f.send(Request::new("GET", &path).token(&f.bob.token)).await;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("allow"), Some(DETAIL_ALLOW));
        assert_eq!(r.json()["owner"], "alice");

        // Others may read but not change or delete.
        for method in ["PUT", "PATCH", "DELETE"] {
            let r = f
                .send(
                    Request::new(method, &path)
                        .token(&f.bob.token)
                        .json(r#"{"name":"Mine","slug":"mine"}"#),
                )
                .await;
            assert_detail(&r, 403, DENIED);
        }
        // The owner updates (PUT needs every required field) and partially updates.
        let r = f
            .send(
                Request::new("PUT", &path)
                    .token(&f.alice.token)
                    .json(r#"{"name":"Site"}"#),
            )
            .await;
        assert_eq!(r.status, 400);
        assert_eq!(r.text(), r#"{"slug":["This field is required."]}"#);
        let r = f
            .send(
                Request::new("PUT", &path)
                    .token(&f.alice.token)
                    .json(r#"{"name":"Site","slug":"site","description":"Ours"}"#),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["slug"], "site");
        assert_eq!(r.json()["created_at"], created.as_str());
        let r = f
            .send(
                Request::new("PATCH", &path)
                    .token(&f.alice.token)
                    .body_with("application/x-www-form-urlencoded", b"description=Home+page"),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["description"], "Home page");
        assert_eq!(r.json()["name"], "Site");
        // Uniqueness, with DRF's lower-case message; slug format.
        let r = f
            .send(
                Request::new("PATCH", &format!("/api/projects/{mobile}/"))
                    .token(&f.bob.token)
                    .json(r#"{"slug":"site"}"#),
            )
            .await;
        assert_eq!(r.text(), r#"{"slug":["project with this slug already exists."]}"#);
        let r = f
            .send(
                Request::new("PATCH", &format!("/api/projects/{mobile}/"))
                    .token(&f.bob.token)
                    .json(r#"{"slug":"no spaces"}"#),
            )
            .await;
        assert_eq!(
            r.text(),
            r#"{"slug":["Enter a valid \"slug\" consisting of letters, numbers, underscores or hyphens."]}"#
        );
        // Delete, then 404 with the model's name.
        let r = f
            .send(Request::new("DELETE", &path).token(&f.alice.token))
            .await;
        assert_eq!(r.status, 204);
        assert!(r.body.is_empty());
        assert_eq!(r.header("content-type"), None);
        let r = f.send(Request::new("GET", &path).token(&f.alice.token)).await;
        assert_detail(&r, 404, "No Project matches the given query.");
        let r = f
            .send(Request::new("GET", "/api/projects/abc/").token(&f.alice.token))
            .await;
        assert_detail(&r, 404, "Not found.");
        assert_eq!(host, f.host());
        f
    })
    .await;
}

#[tokio::test]
async fn issues_create_with_defaults_and_every_validation_message() {
    on_every_database(|f| async move {
        let web = f.project(&f.alice, "web").await;
        let issue = f.issue(&f.alice, web, "Broken link").await;
        let id = issue["id"].as_i64().unwrap();
        let reference = issue["reference"].as_str().unwrap().to_owned();
        assert_eq!(reference.len(), 36, "a hyphenated uuid4: {reference}");
        let created = issue["created_at"].as_str().unwrap().to_owned();
        let updated = issue["updated_at"].as_str().unwrap().to_owned();
        assert_eq!(
            issue,
            json!({
                "id": id, "reference": reference, "project": web, "title": "Broken link",
                "body": "", "status": "open", "priority": 3, "reporter": "alice",
                "assignee": null, "labels": [], "estimate": null, "due_on": null,
                "created_at": created, "updated_at": updated
            })
        );
        // A second issue has its own reference.
        let other = f.issue(&f.bob, web, "Slow page").await;
        assert_ne!(other["reference"], issue["reference"]);
        assert_eq!(other["reporter"], "bob");
        // Regression: no membership, so no reporter: 403 rather than DRF's 500.
        let r = f
            .send(
                Request::new("POST", "/api/issues/")
                    .token(&f.carol.token)
                    .json(&format!(r#"{{"project":{web},"title":"Mine"}}"#)),
            )
            .await;
        assert_detail(&r, 403, DENIED);

        let cases: Vec<(String, &str)> = vec![
            (
                "{}".into(),
                // DRF's order for `__all__`: plain fields, then foreign keys, then many-to-many.
                r#"{"title":["This field is required."],"project":["This field is required."]}"#,
            ),
            (
                format!(r#"{{"project":{web},"title":"   "}}"#),
                r#"{"title":["This field may not be blank."]}"#,
            ),
            (
                format!(r#"{{"project":{web},"title":null}}"#),
                r#"{"title":["This field may not be null."]}"#,
            ),
            (
                format!(r#"{{"project":{web},"title":"{}"}}"#, "x".repeat(121)),
                r#"{"title":["Ensure this field has no more than 120 characters."]}"#,
            ),
            (
                format!(r#"{{"project":{web},"title":"ab"}}"#),
                r#"{"title":["Ensure this field has at least 3 characters."]}"#,
            ),
            (
                format!(r#"{{"project":{web},"title":["a"]}}"#),
                r#"{"title":["Not a valid string."]}"#,
            ),
            (
                r#"{"project":999,"title":"Fine","status":"done","priority":9,"estimate":"x","due_on":"soon","labels":5}"#.into(),
                concat!(
                    r#"{"status":["\"done\" is not a valid choice."],"#,
                    r#""priority":["Ensure this value is less than or equal to 5."],"#,
                    r#""estimate":["A valid integer is required."],"#,
                    r#""due_on":["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],"#,
                    r#""project":["Invalid pk \"999\" - object does not exist."],"#,
                    r#""labels":["Expected a list of items but got type \"int\"."]}"#
                ),
            ),
            (
                r#"{"project":"web","title":"Fine","priority":0,"assignee":"x"}"#.to_string(),
                concat!(
                    r#"{"priority":["Ensure this value is greater than or equal to 1."],"#,
                    r#""project":["Incorrect type. Expected pk value, received str."],"#,
                    r#""assignee":["Incorrect type. Expected pk value, received str."]}"#
                ),
            ),
            (
                "[1]".into(),
                r#"{"non_field_errors":["Invalid data. Expected a dictionary, but got list."]}"#,
            ),
        ];
        for (body, expected) in cases {
            let r = f
                .send(
                    Request::new("POST", "/api/issues/")
                        .token(&f.alice.token)
                        .json(&body),
                )
                .await;
            assert_eq!(r.status, 400, "{body}");
            assert_eq!(r.header("content-type"), Some(JSON));
            assert_eq!(r.text(), expected, "{body}");
        }
        // A value past the integer column: PostgreSQL's integer ends at 2147483647 (Django's
        // range validator); SQLite's is 64-bit.
        let r = f
            .send(
                Request::new("POST", "/api/issues/")
                    .token(&f.alice.token)
                    .json(&format!(
                        r#"{{"project":{web},"title":"Huge","estimate":3000000000}}"#
                    )),
            )
            .await;
        if f.database == "postgres" {
            assert_eq!(
                r.text(),
                r#"{"estimate":["Ensure this value is less than or equal to 2147483647."]}"#
            );
        } else {
            assert_eq!(r.status, 201, "{}", r.text());
            assert_eq!(r.json()["estimate"], 3000000000_i64);
        }

        // Malformed JSON and an unsupported content type.
        let r = f
            .send(
                Request::new("POST", "/api/issues/")
                    .token(&f.alice.token)
                    .json(r#"{"title": }"#),
            )
            .await;
        assert_detail(
            &r,
            400,
            "JSON parse error - Expecting value: line 1 column 11 (char 10)",
        );
        let r = f
            .send(
                Request::new("POST", "/api/issues/")
                    .token(&f.alice.token)
                    .body_with("text/plain", b"title"),
            )
            .await;
        assert_detail(&r, 415, "Unsupported media type \"text/plain\" in request.");
        f
    })
    .await;
}

#[tokio::test]
async fn many_to_many_from_a_form_keeps_every_value() {
    on_every_database(|f| async move {
        let web = f.project(&f.alice, "web").await;
        let mut labels = Vec::new();
        for name in ["bug", "ui", "docs"] {
            let r = f
                .send(
                    Request::new("POST", "/api/labels/")
                        .token(&f.alice.token)
                        .body_with(
                            "application/x-www-form-urlencoded",
                            format!("name={name}").as_bytes(),
                        ),
                )
                .await;
            assert_eq!(r.status, 201, "{}", r.text());
            labels.push(r.json()["id"].as_i64().unwrap());
        }
        // Regression: a form repeats the name once per value; only the last was kept.
        let form = format!(
            "project={web}&title=From+a+form&labels={}&labels={}&priority=2",
            labels[0], labels[2]
        );
        let r = f
            .send(
                Request::new("POST", "/api/issues/")
                    .token(&f.alice.token)
                    .body_with("application/x-www-form-urlencoded", form.as_bytes()),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        assert_eq!(r.json()["labels"], json!([labels[0], labels[2]]));
        assert_eq!(r.json()["priority"], 2);
        let id = r.json()["id"].as_i64().unwrap();
        // Multipart the same way; a partial update replaces the set.
        let (content_type, body) = http::multipart(&[
            ("labels", None, labels[1].to_string().as_bytes()),
            ("labels", None, labels[2].to_string().as_bytes()),
        ]);
        let r = f
            .send(
                Request::new("PATCH", &format!("/api/issues/{id}/"))
                    .token(&f.alice.token)
                    .body_with(&content_type, &body),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        // Listed in the labels' `ordering("name")`, as Django reads `issue.labels.all()`:
        // docs before ui.
        assert_eq!(r.json()["labels"], json!([labels[2], labels[1]]));
        // An unknown key among them names that key.
        let form = format!(
            "project={web}&title=Bad+labels&labels={}&labels=999",
            labels[0]
        );
        let r = f
            .send(
                Request::new("POST", "/api/issues/")
                    .token(&f.alice.token)
                    .body_with("application/x-www-form-urlencoded", form.as_bytes()),
            )
            .await;
        assert_eq!(
            r.text(),
            r#"{"labels":["Invalid pk \"999\" - object does not exist."]}"#
        );
        // Labels can be listed and created but not changed: 405 names the method.
        let r = f
            .send(
                Request::new("DELETE", &format!("/api/labels/{}/", labels[0]))
                    .token(&f.alice.token),
            )
            .await;
        assert_detail(&r, 405, "Method \"DELETE\" not allowed.");
        assert_eq!(r.header("allow"), Some("GET, HEAD, OPTIONS"));
        f
    })
    .await;
}

#[tokio::test]
async fn issues_paginate_filter_search_and_refuse_others() {
    on_every_database(|f| async move {
        let host = f.host();
        let web = f.project(&f.alice, "web").await;
        let mut ids = Vec::new();
        for i in 0..13 {
            let author = if i % 3 == 0 { &f.bob } else { &f.alice };
            let issue = f.issue(author, web, &format!("Issue {i:02}")).await;
            ids.push(issue["id"].as_i64().unwrap());
        }
        // Ten a page, newest first.
        let r = f
            .send(Request::new("GET", "/api/issues/").token(&f.carol.token))
            .await;
        let body = r.json();
        assert_eq!(body["count"], 13);
        assert_eq!(body["next"], format!("{host}/api/issues/?page=2"));
        assert_eq!(body["previous"], Json::Null);
        assert_eq!(body["results"].as_array().unwrap().len(), 10);
        assert_eq!(body["results"][0]["title"], "Issue 12");
        for page in ["2", "last"] {
            let r = f
                .send(
                    Request::new("GET", &format!("/api/issues/?page={page}")).token(&f.carol.token),
                )
                .await;
            let body = r.json();
            assert_eq!(body["results"].as_array().unwrap().len(), 3, "{page}");
            assert_eq!(body["next"], Json::Null);
            assert_eq!(body["previous"], format!("{host}/api/issues/"));
        }
        for page in ["3", "0", "x"] {
            let r = f
                .send(
                    Request::new("GET", &format!("/api/issues/?page={page}")).token(&f.carol.token),
                )
                .await;
            assert_detail(&r, 404, "Invalid page.");
        }
        let r = f
            .send(Request::new("GET", "/api/issues/?page_size=5&page=2").token(&f.carol.token))
            .await;
        assert_eq!(r.json()["results"].as_array().unwrap().len(), 5);
        assert_eq!(
            r.json()["next"],
            format!("{host}/api/issues/?page=3&page_size=5")
        );

        // Filters through relations, search, ordering.
        let r = f
            .send(Request::new("GET", "/api/issues/?reporter=bob").token(&f.carol.token))
            .await;
        assert_eq!(r.json()["count"], 5);
        let r = f
            .send(
                Request::new(
                    "GET",
                    &format!("/api/issues/?project={web}&search=issue+07"),
                )
                .token(&f.carol.token),
            )
            .await;
        assert_eq!(r.json()["count"], 1);
        assert_eq!(r.json()["results"][0]["title"], "Issue 07");

        // bob may not change alice's issue; alice may, and closes it.
        let alices = format!("/api/issues/{}/", ids[1]);
        for method in ["PATCH", "DELETE"] {
            let r = f
                .send(
                    Request::new(method, &alices)
                        .token(&f.bob.token)
                        .json(r#"{"status":"closed"}"#),
                )
                .await;
            assert_detail(&r, 403, DENIED);
        }
        let r = f
            .send(
                Request::new("PATCH", &alices)
                    .token(&f.alice.token)
                    .json(&format!(r#"{{"status":"closed","assignee":{}}}"#, f.bob.id)),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["status"], "closed");
        assert_eq!(r.json()["assignee"], f.bob.id);
        assert_eq!(r.json()["reporter"], "alice", "not writable");
        let r = f
            .send(Request::new("GET", "/api/issues/?status=closed").token(&f.carol.token))
            .await;
        assert_eq!(r.json()["count"], 1);
        // A full update; then delete.
        let r = f
            .send(
                Request::new("PUT", &alices)
                    .token(&f.alice.token)
                    .json(&format!(r#"{{"project":{web},"title":"Rewritten"}}"#)),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["title"], "Rewritten");
        let r = f
            .send(Request::new("DELETE", &alices).token(&f.alice.token))
            .await;
        assert_eq!(r.status, 204);

        // Comments: the author comes from the request.
        let r = f
            .send(
                Request::new("POST", "/api/comments/")
                    .token(&f.carol.token)
                    .json(&format!(r#"{{"issue":{},"body":"Same here"}}"#, ids[0])),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        assert_eq!(r.json()["author"], "carol");
        let r = f
            .send(
                Request::new("GET", &format!("/api/comments/?issue={}", ids[0]))
                    .token(&f.alice.token),
            )
            .await;
        assert_eq!(r.json()["count"], 1);
        f
    })
    .await;
}

#[tokio::test]
async fn generic_view_object_through_a_longer_request_path() {
    on_every_database(|f| async move {
        // Regression: `request.user.member.team` (two steps) was a 500.
        let r = f
            .send(Request::new("GET", "/api/me/team/").token(&f.alice.token))
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.header("allow"), Some("GET, HEAD, OPTIONS"));
        assert_eq!(r.json(), json!({"id": f.core, "name": "Core"}));
        // No team, or no membership at all: nothing to show.
        for user in [&f.bob, &f.carol] {
            let r = f
                .send(Request::new("GET", "/api/me/team/").token(&user.token))
                .await;
            assert_detail(&r, 404, "No Team matches the given query.");
        }
        let r = f
            .send(Request::new("PUT", "/api/me/team/").token(&f.alice.token))
            .await;
        assert_detail(&r, 405, "Method \"PUT\" not allowed.");
        f
    })
    .await;
}

#[tokio::test]
async fn redirects_options_and_head() {
    on_every_database(|f| async move {
        let r = f
            .send(Request::new("POST", "/api/issues?x=1").token(&f.alice.token))
            .await;
        assert_eq!(r.status, 301);
        assert_eq!(r.header("location"), Some("/api/issues/?x=1"));
        assert!(r.body.is_empty());

        // OPTIONS: the viewset's doc comment is the description; integer limits come from
        // the field, or else from the database's integer range (regression: they were left
        // out).
        let r = f
            .send(Request::new("OPTIONS", "/api/issues/").token(&f.alice.token))
            .await;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("allow"), Some(LIST_ALLOW));
        let body = r.json();
        assert_eq!(body["name"], "Issue List");
        assert_eq!(
            body["description"],
            "Issues of every project.\n\nFilter with `?project=`, `?status=` or `?reporter=<username>`; search titles and bodies\nwith `?search=`."
        );
        let post = &body["actions"]["POST"];
        assert_eq!(
            post["priority"].to_string(),
            r#"{"type":"integer","required":false,"read_only":false,"label":"Priority","min_value":1,"max_value":5}"#
        );
        let (min, max) = if f.database == "postgres" {
            ("-2147483648", "2147483647")
        } else {
            ("-9223372036854775808", "9223372036854775807")
        };
        assert_eq!(
            post["estimate"].to_string(),
            format!(
                r#"{{"type":"integer","required":false,"read_only":false,"label":"Estimate","min_value":{min},"max_value":{max}}}"#
            )
        );
        assert_eq!(
            post["status"]["choices"],
            json!([
                {"value": "open", "display_name": "Open"},
                {"value": "in_progress", "display_name": "In progress"},
                {"value": "closed", "display_name": "Closed"}
            ])
        );
        assert_eq!(
            post["reference"].to_string(),
            r#"{"type":"string","required":false,"read_only":true,"label":"Reference"}"#
        );
        let r = f
            .send(Request::new("OPTIONS", "/api/labels/").token(&f.alice.token))
            .await;
        assert_eq!(r.json()["description"], "Labels to put on issues.");
        // DefaultRouter's root view has the docstring of DRF's APIRootView.
        let r = f
            .send(Request::new("OPTIONS", "/api/").token(&f.alice.token))
            .await;
        assert_eq!(
            r.json()["description"],
            "The default basic root view for DefaultRouter"
        );

        // HEAD: GET's status and headers, no body.
        let get = f
            .send(Request::new("GET", "/api/issues/").token(&f.alice.token))
            .await;
        let head = f
            .send(Request::new("HEAD", "/api/issues/").token(&f.alice.token))
            .await;
        assert_eq!(head.status, 200);
        assert!(head.body.is_empty());
        assert_eq!(head.header("content-type"), get.header("content-type"));
        assert_eq!(head.header("allow"), get.header("allow"));
        f
    })
    .await;
}
