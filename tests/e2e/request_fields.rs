//! Fields the server fills from the request (`on_create`) can never be set from a body, not
//! even by a later PUT or PATCH — regression test: a PATCH could reassign an object's owner
//! when the serializer left the owner field writable.

mod http;

use http::Request;
use restforge::contrib::auth::User;
use restforge::prelude::*;
use restforge::testing::{TestDatabase, TestServer};

/// A note owned by the user who wrote it.
#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "notes")]
pub struct Note {
    pub id: i64,
    #[restforge(on_delete = "cascade")]
    pub owner: ForeignKey<User>,
    #[restforge(max_length = 100)]
    pub text: String,
}

/// The owner is deliberately writable in the serializer: only `on_create` protects it.
#[derive(Debug, Clone, Copy, Default, Serializer)]
#[restforge(model = Note, fields = "__all__")]
pub struct NoteSerializer;

#[derive(Debug, Clone, Copy, Default, Permission)]
#[restforge(owner = "owner", allow_safe_methods)]
pub struct IsOwnerOrReadOnly;

#[derive(Debug, Clone, Copy, Default, ViewSet)]
#[restforge(
    serializer = NoteSerializer,
    permissions(IsAuthenticated, IsOwnerOrReadOnly),
    on_create(owner = "request.user")
)]
pub struct NoteViewSet;

fn migrations() -> Migrations {
    Migrations::new()
        .sqlite(
            1,
            "auth",
            include_str!("../../examples/profiles/migrations/sqlite/0001_auth.sql"),
        )
        .sqlite(
            2,
            "notes",
            r#"CREATE TABLE "notes_note" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "text" varchar(100) NOT NULL, "owner_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED);"#,
        )
}

#[tokio::test]
async fn a_request_filled_owner_cannot_be_changed_by_put_or_patch() {
    let app = App::new("notes")
        .model::<Note>()
        .router(DefaultRouter::new("api/").register::<NoteViewSet>("notes"));
    let settings = Settings::new()
        .authentication(&[&TokenAuthentication])
        .default_permissions(&[&IsAuthenticated]);
    let server = TestServer::start(settings, app, &migrations(), TestDatabase::Sqlite)
        .await
        .unwrap();
    let alice = server.create_user("alice").await;
    let bob = server.create_user("bob").await;

    // The owner in the body is ignored on create too: the request's user owns the note.
    let body = format!(r#"{{"text":"mine","owner":{}}}"#, bob.id);
    let created = server
        .send(
            Request::new("POST", "/api/notes/")
                .token(&alice.token)
                .json(&body),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text());
    assert_eq!(created.json()["owner"], alice.id);
    let url = format!("/api/notes/{}/", created.pk());

    let patched = server
        .send(
            Request::new("PATCH", &url)
                .token(&alice.token)
                .json(&format!(r#"{{"owner":{}}}"#, bob.id)),
        )
        .await;
    assert_eq!(patched.status, 200, "{}", patched.text());
    assert_eq!(patched.json()["owner"], alice.id);

    let body = format!(r#"{{"text":"still mine","owner":{}}}"#, bob.id);
    let put = server
        .send(Request::new("PUT", &url).token(&alice.token).json(&body))
        .await;
    assert_eq!(put.status, 200, "{}", put.text());
    assert_eq!(put.json()["owner"], alice.id);
    assert_eq!(put.json()["text"], "still mine");

    // And bob, who never owned it, still may not change it.
    let refused = server
        .send(Request::new("PATCH", &url).token(&bob.token).json("{}"))
        .await;
    assert_eq!(refused.status, 403);
    server.stop().await;
}
