//! End-to-end tests of every endpoint of the `notes` app.
//!
//! Each test serves the app on a fresh database (SQLite, and PostgreSQL too when
//! `DATABASE_URL_POSTGRES` is set) and checks, through real HTTP, the statuses and bodies DRF
//! gives for the same declarations. Run them with `cargo test`.

#[path = "../src/migrations.rs"]
mod migrations;
#[allow(dead_code)]
#[path = "../src/notes/mod.rs"]
mod notes;
#[path = "../src/settings.rs"]
mod settings;

use restforge::testing::client::{Request, Response};
use restforge::testing::{TestDatabase, TestServer, TestUser};

async fn serve(database: TestDatabase) -> TestServer {
    TestServer::start(
        settings::settings(),
        notes::app(),
        &migrations::migrations(),
        database,
    )
    .await
    .expect("the app starts")
}

async fn send(
    server: &TestServer,
    method: &str,
    path: &str,
    user: Option<&TestUser>,
    body: Option<&str>,
) -> Response {
    let mut request = Request::new(method, path);
    if let Some(user) = user {
        request = request.token(&user.token);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    server.send(request).await
}

/// `/api/notes/` (NoteViewSet) refuses or serves anonymous requests as its permissions say.
#[tokio::test]
async fn notes_anonymous() {
    for database in TestDatabase::all() {
        let server = serve(database).await;
        let response = send(&server, "GET", "/api/notes/", None, None).await;
        assert_eq!(response.status, 401, "{}", response.text());
        assert_eq!(
            response.text(),
            r#"{"detail":"Authentication credentials were not provided."}"#
        );
        assert_eq!(response.header("WWW-Authenticate"), Some("Token"));
        server.stop().await;
    }
}

/// `GET /api/notes/` lists objects in DRF's page shape.
#[tokio::test]
async fn notes_list() {
    for database in TestDatabase::all() {
        let server = serve(database).await;
        let alice = server.create_user("alice").await;
        let response = send(&server, "GET", "/api/notes/", Some(&alice), None).await;
        assert_eq!(response.status, 200, "{}", response.text());
        let body = response.json();
        for key in ["count", "next", "previous", "results"] {
            assert!(body.get(key).is_some(), "no `{key}` in {body}");
        }
        server.stop().await;
    }
}

/// `POST /api/notes/` with an empty body names every required field.
#[tokio::test]
async fn notes_create_requires_fields() {
    for database in TestDatabase::all() {
        let server = serve(database).await;
        let alice = server.create_user("alice").await;
        let response = send(&server, "POST", "/api/notes/", Some(&alice), Some("{}")).await;
        assert_eq!(response.status, 400, "{}", response.text());
        assert_eq!(response.text(), r#"{"title":["This field is required."]}"#);
        server.stop().await;
    }
}

/// The life of one object: created, read, replaced, patched, refused to another user, deleted.
#[tokio::test]
async fn notes_object_lifecycle() {
    for database in TestDatabase::all() {
        let server = serve(database).await;
        let alice = server.create_user("alice").await;
        let bob = server.create_user("bob").await;
        let body = server
            .sample_body::<notes::serializers::NoteSerializer>(&alice)
            .await
            .to_string();
        let created = send(&server, "POST", "/api/notes/", Some(&alice), Some(&body)).await;
        assert_eq!(created.status, 201, "{}", created.text());
        let url = format!("/api/notes/{}/", created.pk());
        let response = send(&server, "GET", &url, Some(&alice), None).await;
        assert_eq!(response.status, 200, "{}", response.text());
        assert_eq!(response.json(), created.json());
        let body = server
            .sample_body::<notes::serializers::NoteSerializer>(&alice)
            .await
            .to_string();
        let response = send(&server, "PUT", &url, Some(&alice), Some(&body)).await;
        assert_eq!(response.status, 200, "{}", response.text());
        let response = send(&server, "PATCH", &url, Some(&alice), Some("{}")).await;
        assert_eq!(response.status, 200, "{}", response.text());
        let response = send(&server, "PATCH", &url, Some(&bob), Some("{}")).await;
        assert_eq!(response.status, 403, "{}", response.text());
        assert_eq!(
            response.text(),
            r#"{"detail":"You do not have permission to perform this action."}"#
        );
        let response = send(&server, "DELETE", &url, Some(&alice), None).await;
        assert_eq!(response.status, 204, "{}", response.text());
        let response = send(&server, "GET", &url, Some(&alice), None).await;
        assert_eq!(response.status, 404);
        assert_eq!(
            response.text(),
            r#"{"detail":"No Note matches the given query."}"#
        );
        server.stop().await;
    }
}
