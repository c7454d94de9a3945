//! The helpdesk example end to end: every extension point its own code uses
//! (`examples/helpdesk/src/desk/hooks.rs`), served by `restforge::testing::TestServer` and
//! driven through real HTTP, on SQLite and on PostgreSQL when `DATABASE_URL_POSTGRES` is set.
//! Each test names the hook it guards: without the hook, the assertion fails.

#[path = "../../examples/helpdesk/src/desk/mod.rs"]
mod desk;
#[path = "../../examples/helpdesk/src/settings.rs"]
mod settings;

mod http;

use http::Request;
use restforge::contrib::auth::password::make_password_with;
use restforge::contrib::users::{self, NewUser};
use restforge::testing::{TestDatabase, TestServer};
use serde_json::{Value, json};

/// A running helpdesk with alice and bob (users) and carol (staff), and their tokens.
struct Desk {
    server: TestServer,
    alice: String,
    bob: String,
    carol: String,
}

impl Desk {
    async fn start(database: TestDatabase) -> Desk {
        let server = TestServer::start(
            settings::settings(),
            desk::hooks::extend(desk::app()),
            &restforge_tests::migrations::helpdesk(),
            database,
        )
        .await
        .expect("the test server starts");
        let mut tokens = Vec::new();
        for (name, is_staff) in [("alice", false), ("bob", false), ("carol", true)] {
            let hash = make_password_with("pw", "abcdefghijklmnopqrstuv", 1000);
            let user = users::create_with_hash(
                server.db(),
                &server.state.signals,
                &NewUser {
                    username: name,
                    email: &format!("{name}@example.com"),
                    is_staff,
                    ..NewUser::default()
                },
                hash,
            )
            .await
            .expect("the user is created");
            tokens.push(users::token_for(server.db(), user.id).await.unwrap());
        }
        Desk {
            server,
            alice: tokens[0].clone(),
            bob: tokens[1].clone(),
            carol: tokens[2].clone(),
        }
    }

    async fn send(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> http::Response {
        let mut request = Request::new(method, path).token(token);
        if let Some(body) = body {
            request = request.json(&body.to_string());
        }
        request.send(self.server.addr).await
    }

    /// A ticket reported by the user of `token`; its id.
    async fn ticket(&self, token: &str, title: &str) -> i64 {
        let r = self
            .send(
                "POST",
                "/api/tickets/",
                token,
                Some(json!({"title": title})),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()["id"].as_i64().unwrap()
    }
}

/// `TicketSerializer`'s output, in its `fields` order.
const TICKET_FIELDS: [&str; 9] = [
    "id",
    "title",
    "description",
    "priority",
    "status",
    "workstation_ip",
    "reporter",
    "comment_count",
    "created_at",
];

async fn on_every_database<F, Fut>(scenario: F)
where
    F: Fn(Desk) -> Fut,
    Fut: std::future::Future<Output = Desk>,
{
    for database in TestDatabase::all() {
        eprintln!("on {}", database.name());
        let desk = Desk::start(database).await;
        let desk = scenario(desk).await;
        desk.server.stop().await;
    }
}

/// `perform_create` sets the reporter from the request (`serializer.set`).
#[tokio::test]
async fn perform_create_sets_the_reporter() {
    on_every_database(|d| async move {
        let r = d
            .send(
                "POST",
                "/api/tickets/",
                &d.alice,
                Some(json!({"title": "Printer jammed", "reporter": 99})),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        let body = r.json();
        assert_eq!(body["reporter"], "alice");
        assert_eq!(body["priority"], "normal");
        assert_eq!(body["status"], "open");
        d
    })
    .await;
}

/// `perform_create` refuses a fourth open ticket with DRF's bare-list ValidationError body.
#[tokio::test]
async fn perform_create_refuses_over_the_quota() {
    on_every_database(|d| async move {
        for n in 0..3 {
            d.ticket(&d.alice, &format!("Problem {n}")).await;
        }
        let r = d
            .send(
                "POST",
                "/api/tickets/",
                &d.alice,
                Some(json!({"title": "One more"})),
            )
            .await;
        assert_eq!(r.status, 400, "{}", r.text());
        assert_eq!(
            r.text(),
            r#"["You already have 3 open tickets; close one first."]"#
        );
        // Bob's quota is his own.
        d.ticket(&d.bob, "Bob's").await;
        d
    })
    .await;
}

/// `get_queryset`: users see their own tickets, staff see all; a foreign one is a 404.
#[tokio::test]
async fn get_queryset_limits_what_users_see() {
    on_every_database(|d| async move {
        let alices = d.ticket(&d.alice, "Alice's").await;
        d.ticket(&d.bob, "Bob's").await;
        let r = d.send("GET", "/api/tickets/", &d.alice, None).await;
        assert_eq!(r.json()["count"], 1);
        assert_eq!(r.json()["results"][0]["title"], "Alice's");
        let r = d.send("GET", "/api/tickets/", &d.carol, None).await;
        assert_eq!(r.json()["count"], 2);
        let r = d
            .send("GET", &format!("/api/tickets/{alices}/"), &d.bob, None)
            .await;
        assert_eq!(r.status, 404);
        assert_eq!(
            r.text(),
            r#"{"detail":"No Ticket matches the given query."}"#
        );
        d
    })
    .await;
}

/// `perform_update` lets only staff close a ticket, with the hook's 403 message.
#[tokio::test]
async fn perform_update_lets_only_staff_close() {
    on_every_database(|d| async move {
        let id = d.ticket(&d.alice, "Printer jammed").await;
        let url = format!("/api/tickets/{id}/");
        let r = d
            .send("PATCH", &url, &d.alice, Some(json!({"status": "closed"})))
            .await;
        assert_eq!(r.status, 403, "{}", r.text());
        assert_eq!(r.text(), r#"{"detail":"Only staff may close a ticket."}"#);
        let r = d
            .send("PATCH", &url, &d.carol, Some(json!({"status": "closed"})))
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["status"], "closed");
        d
    })
    .await;
}

/// `get_permissions` asks staff for a delete (`And(IsAuthenticated, IsAdminUser)`), and
/// `perform_destroy` archives instead of deleting: the ticket leaves every list.
#[tokio::test]
async fn get_permissions_and_perform_destroy_archive_for_staff_only() {
    on_every_database(|d| async move {
        let id = d.ticket(&d.alice, "Printer jammed").await;
        let url = format!("/api/tickets/{id}/");
        let r = d.send("DELETE", &url, &d.alice, None).await;
        assert_eq!(r.status, 403, "{}", r.text());
        let r = d.send("DELETE", &url, &d.carol, None).await;
        assert_eq!(r.status, 204, "{}", r.text());
        let r = d.send("GET", "/api/tickets/", &d.carol, None).await;
        assert_eq!(r.json()["count"], 0);
        let archived: Vec<Vec<restforge::core::value::Value>> = d
            .server
            .db()
            .fetch(
                "SELECT id FROM desk_ticket",
                &[],
                &[restforge::core::model::FieldKind::BigAuto],
            )
            .await
            .unwrap();
        assert_eq!(archived.len(), 1, "the row is kept");
        d
    })
    .await;
}

/// `validate_field` puts its message under the field; `validate` under `non_field_errors`.
#[tokio::test]
async fn serializer_hooks_validate_fields_and_objects() {
    on_every_database(|d| async move {
        let r = d
            .send(
                "POST",
                "/api/tickets/",
                &d.alice,
                Some(json!({"title": "URGENT: printer"})),
            )
            .await;
        assert_eq!(r.status, 400, "{}", r.text());
        assert_eq!(
            r.text(),
            r#"{"title":["Set the priority to high instead of writing \"urgent\" in the title."]}"#
        );
        let r = d
            .send(
                "POST",
                "/api/tickets/",
                &d.alice,
                Some(json!({"title": "Printer", "priority": "high"})),
            )
            .await;
        assert_eq!(r.status, 400, "{}", r.text());
        assert_eq!(
            r.text(),
            r#"{"non_field_errors":["A high-priority ticket needs a description."]}"#
        );
        let r = d
            .send(
                "POST",
                "/api/tickets/",
                &d.alice,
                Some(json!({"title": "Printer", "priority": "high", "description": "On fire"})),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        d
    })
    .await;
}

/// A permission with database access (`IsTicketParticipant.has_permission`), its object check
/// through a selected path, its `message`, and a `validate` that queries the database.
#[tokio::test]
async fn permission_hooks_query_the_database() {
    on_every_database(|d| async move {
        let id = d.ticket(&d.alice, "Printer jammed").await;
        let comment = json!({"ticket": id, "body": "Tried turning it off and on?"});
        let r = d
            .send("POST", "/api/comments/", &d.bob, Some(comment.clone()))
            .await;
        assert_eq!(r.status, 403, "{}", r.text());
        assert_eq!(
            r.text(),
            r#"{"detail":"Only the ticket's reporter or staff may comment on it."}"#
        );
        let r = d
            .send("POST", "/api/comments/", &d.carol, Some(comment.clone()))
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        let comment_url = format!("/api/comments/{}/", r.json()["id"]);
        let r = d.send("GET", &comment_url, &d.bob, None).await;
        assert_eq!(r.status, 403, "{}", r.text());
        let r = d.send("GET", &comment_url, &d.alice, None).await;
        assert_eq!(r.status, 200, "{}", r.text());
        // Closed by staff: nobody comments any more.
        let r = d
            .send(
                "PATCH",
                &format!("/api/tickets/{id}/"),
                &d.carol,
                Some(json!({"status": "closed"})),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        let r = d
            .send("POST", "/api/comments/", &d.alice, Some(comment))
            .await;
        assert_eq!(r.status, 400, "{}", r.text());
        assert_eq!(
            r.text(),
            r#"{"non_field_errors":["This ticket is closed."]}"#
        );
        d
    })
    .await;
}

/// `App::merge` serves a plain axum route beside the API, `App::layer` wraps both, and both
/// sit behind ALLOWED_HOSTS and Django's 404.
#[tokio::test]
async fn app_routes_and_layers_join_the_api() {
    on_every_database(|d| async move {
        let r = Request::new("GET", "/healthz").send(d.server.addr).await;
        assert_eq!(r.status, 200);
        assert_eq!(r.text(), "ok");
        assert_eq!(r.header("x-served-by"), Some("helpdesk"));
        let r = d.send("GET", "/api/tickets/", &d.alice, None).await;
        assert_eq!(r.header("x-served-by"), Some("helpdesk"));
        let r = Request::new("GET", "/nowhere/").send(d.server.addr).await;
        assert_eq!(r.status, 404);
        assert!(r.text().contains("<h1>Not Found</h1>"), "{}", r.text());
        let r = Request::new("GET", "/healthz")
            .header("Host", "evil.example")
            .send(d.server.addr)
            .await;
        assert_eq!(r.status, 400);
        assert_eq!(r.text(), "<h1>Bad Request (400)</h1>");
        d
    })
    .await;
}

/// Extra actions (DRF's `@action`): a detail action with its own permissions, and a collection
/// action using the view's `get_queryset`; routed with DRF's URLs, `Allow` and 405.
#[tokio::test]
async fn extra_actions_are_routed_as_drf_routes_them() {
    on_every_database(|d| async move {
        let id = d.ticket(&d.alice, "Printer jammed").await;
        d.ticket(&d.alice, "Screen flickers").await;
        d.ticket(&d.bob, "Bob's").await;
        let close = format!("/api/tickets/{id}/close/");
        // The action's permissions: staff only.
        let r = d.send("POST", &close, &d.alice, None).await;
        assert_eq!(r.status, 403, "{}", r.text());
        assert_eq!(r.header("allow"), Some("POST, OPTIONS"));
        let r = d.send("GET", &close, &d.carol, None).await;
        assert_eq!(r.status, 405, "{}", r.text());
        assert_eq!(r.text(), r#"{"detail":"Method \"GET\" not allowed."}"#);
        let r = d.send("POST", &close, &d.carol, None).await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["status"], "closed");
        assert_eq!(r.json()["id"], id);
        let r = d.send("POST", &close, &d.carol, None).await;
        assert_eq!(r.text(), r#"["This ticket is already closed."]"#);
        let r = d
            .send("POST", "/api/tickets/999/close/", &d.carol, None)
            .await;
        assert_eq!(r.status, 404, "{}", r.text());
        // The collection action sees what get_queryset shows the user.
        let r = d.send("GET", "/api/tickets/summary/", &d.alice, None).await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.text(), r#"{"open":1,"closed":1}"#);
        assert_eq!(r.header("allow"), Some("GET, HEAD, OPTIONS"));
        let r = d.send("GET", "/api/tickets/summary/", &d.carol, None).await;
        assert_eq!(r.text(), r#"{"open":2,"closed":1}"#);
        let r = d
            .send("OPTIONS", "/api/tickets/summary/", &d.alice, None)
            .await;
        assert_eq!(r.json()["name"], "Summary");
        // Not in the API root.
        let r = d.send("GET", "/api/", &d.alice, None).await;
        assert_eq!(
            r.text(),
            format!(
                r#"{{"tickets":"http://{0}/api/tickets/","comments":"http://{0}/api/comments/"}}"#,
                d.server.addr
            )
        );
        d
    })
    .await;
}

/// An authentication class of the project's (`ApiKeyAuthentication`, named in the settings
/// after DRF's): it finds the user, its failure is DRF's AuthenticationFailed with the first
/// class's challenge, and requests without its header fall through to the others.
#[tokio::test]
async fn a_custom_authentication_class_authenticates() {
    on_every_database(|d| async move {
        d.ticket(&d.alice, "Printer jammed").await;
        let r = Request::new("GET", "/api/tickets/")
            .header("X-Api-Key", &d.alice)
            .send(d.server.addr)
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["count"], 1);
        let r = Request::new("GET", "/api/tickets/")
            .header("X-Api-Key", "not-a-key")
            .send(d.server.addr)
            .await;
        assert_eq!(r.status, 401, "{}", r.text());
        assert_eq!(r.text(), r#"{"detail":"Invalid API key."}"#);
        assert_eq!(r.header("www-authenticate"), Some("Token"));
        let r = Request::new("GET", "/api/tickets/")
            .send(d.server.addr)
            .await;
        assert_eq!(r.status, 401, "{}", r.text());
        assert_eq!(
            r.text(),
            r#"{"detail":"Authentication credentials were not provided."}"#
        );
        d
    })
    .await;
}

/// A pagination class of the project's (`TicketPagination`, the settings' `pagination.class`):
/// DRF's page numbers in the body of DRF's documentation example.
#[tokio::test]
async fn a_custom_pagination_class_shapes_every_list() {
    on_every_database(|d| async move {
        d.ticket(&d.alice, "One").await;
        d.ticket(&d.alice, "Two").await;
        let r = d
            .send("GET", "/api/tickets/?page_size=1", &d.alice, None)
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        let body = r.json();
        assert_eq!(
            body["links"],
            json!({
                "next": format!("http://{}/api/tickets/?page=2&page_size=1", d.server.addr),
                "previous": null,
            })
        );
        assert_eq!(body["count"], 2);
        assert_eq!(body["results"].as_array().unwrap().len(), 1);
        let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["links", "count", "results"]);
        let r = d.send("GET", "/api/tickets/?page=9", &d.alice, None).await;
        assert_eq!(r.status, 404, "{}", r.text());
        assert_eq!(r.text(), r#"{"detail":"Invalid page."}"#);
        d
    })
    .await;
}

/// A throttle class of the project's, added by the view's `get_throttles`: the sixth summary
/// in a minute is DRF's 429 with the wait; other actions are not counted.
#[tokio::test]
async fn a_view_throttle_refuses_with_drfs_429() {
    on_every_database(|d| async move {
        for _ in 0..5 {
            let r = d.send("GET", "/api/tickets/summary/", &d.alice, None).await;
            assert_eq!(r.status, 200, "{}", r.text());
        }
        let r = d.send("GET", "/api/tickets/summary/", &d.alice, None).await;
        assert_eq!(r.status, 429, "{}", r.text());
        let wait: u64 = r.header("retry-after").unwrap().parse().unwrap();
        assert!((59..=60).contains(&wait), "{wait}");
        assert_eq!(
            r.text(),
            format!(
                r#"{{"detail":"Request was throttled. Expected available in {wait} seconds."}}"#
            )
        );
        // Bob has his own five; the list is not throttled.
        let r = d.send("GET", "/api/tickets/summary/", &d.bob, None).await;
        assert_eq!(r.status, 200, "{}", r.text());
        let r = d.send("GET", "/api/tickets/", &d.alice, None).await;
        assert_eq!(r.status, 200, "{}", r.text());
        d
    })
    .await;
}

/// A SerializerMethodField (`comment_count`, the serializer's `get_comment_count`, which
/// queries the database): in its place in every body, read-only, and in OPTIONS as DRF
/// describes it.
#[tokio::test]
async fn a_method_field_is_computed_for_every_body() {
    on_every_database(|d| async move {
        let id = d.ticket(&d.alice, "Printer jammed").await;
        let url = format!("/api/tickets/{id}/");
        let r = d.send("GET", &url, &d.alice, None).await;
        let body = r.json();
        assert_eq!(body["comment_count"], 0);
        let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        assert_eq!(keys, TICKET_FIELDS);
        let comment = json!({"ticket": id, "body": "Same here"});
        let r = d
            .send("POST", "/api/comments/", &d.alice, Some(comment))
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        // Staff lists use the full serializer (see `get_serializer_class`).
        let r = d.send("GET", "/api/tickets/", &d.carol, None).await;
        assert_eq!(r.json()["results"][0]["comment_count"], 1);
        // Output only: a value sent is ignored.
        let r = d
            .send(
                "PATCH",
                &url,
                &d.alice,
                Some(json!({"comment_count": 9, "title": "Jammed"})),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["comment_count"], 1);
        assert_eq!(r.json()["title"], "Jammed");
        let r = d.send("OPTIONS", "/api/tickets/", &d.alice, None).await;
        assert_eq!(
            r.json()["actions"]["POST"]["comment_count"],
            json!({"type": "field", "required": false, "read_only": true, "label": "Comment count"})
        );
        d
    })
    .await;
}

/// `get_object`: `/api/tickets/latest/` is the newest ticket the user sees, for every detail
/// action, with the object permissions still checked; other lookups stay primary keys.
#[tokio::test]
async fn get_object_accepts_another_lookup() {
    on_every_database(|d| async move {
        d.ticket(&d.alice, "Older").await;
        let newest = d.ticket(&d.alice, "Newer").await;
        let r = d.send("GET", "/api/tickets/latest/", &d.alice, None).await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["id"], newest);
        let r = d
            .send(
                "PATCH",
                "/api/tickets/latest/",
                &d.alice,
                Some(json!({"title": "Newest"})),
            )
            .await;
        assert_eq!(r.json()["title"], "Newest");
        // Bob sees none of alice's tickets: DRF's 404.
        let r = d.send("GET", "/api/tickets/latest/", &d.bob, None).await;
        assert_eq!(r.status, 404, "{}", r.text());
        assert_eq!(
            r.text(),
            r#"{"detail":"No Ticket matches the given query."}"#
        );
        let r = d.send("GET", "/api/tickets/oldest/", &d.alice, None).await;
        assert_eq!(r.status, 404, "{}", r.text());
        assert_eq!(r.text(), r#"{"detail":"Not found."}"#);
        d
    })
    .await;
}

/// The spec's `action_serializers` (DRF's `get_serializer_class` by `self.action`): a user's
/// list shows `TicketListSerializer`; the hook gives staff the full serializer on lists; every
/// other action keeps `TicketSerializer`, and OPTIONS (`metadata`) describes it.
#[tokio::test]
async fn get_serializer_class_chooses_per_action_and_per_user() {
    on_every_database(|d| async move {
        let id = d.ticket(&d.alice, "Printer jammed").await;
        let keys =
            |body: &Value| -> Vec<String> { body.as_object().unwrap().keys().cloned().collect() };
        let r = d.send("GET", "/api/tickets/", &d.alice, None).await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(
            keys(&r.json()["results"][0]),
            ["id", "title", "priority", "status"]
        );
        let full = TICKET_FIELDS;
        let r = d.send("GET", "/api/tickets/", &d.carol, None).await;
        assert_eq!(keys(&r.json()["results"][0]), full);
        let r = d
            .send("GET", &format!("/api/tickets/{id}/"), &d.alice, None)
            .await;
        assert_eq!(keys(&r.json()), full);
        let r = d
            .send(
                "PATCH",
                &format!("/api/tickets/{id}/"),
                &d.alice,
                Some(json!({"title": "Jammed"})),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(keys(&r.json()), full);
        let r = d.send("OPTIONS", "/api/tickets/", &d.alice, None).await;
        let post: Vec<String> = keys(&r.json()["actions"]["POST"]);
        assert_eq!(post, full);
        d
    })
    .await;
}

/// An extra action with its own serializer (`@action(serializer_class=…)`): its body is
/// validated by `TicketPrioritySerializer`, with DRF's messages, and answered with it.
#[tokio::test]
async fn an_extra_action_validates_with_its_own_serializer() {
    on_every_database(|d| async move {
        let id = d.ticket(&d.alice, "Printer jammed").await;
        let url = format!("/api/tickets/{id}/reprioritize/");
        let r = d.send("POST", &url, &d.alice, Some(json!({}))).await;
        assert_eq!(r.status, 400, "{}", r.text());
        assert_eq!(r.text(), r#"{"priority":["This field is required."]}"#);
        let r = d
            .send("POST", &url, &d.alice, Some(json!({"priority": "urgent"})))
            .await;
        assert_eq!(r.status, 400, "{}", r.text());
        assert_eq!(
            r.text(),
            r#"{"priority":["\"urgent\" is not a valid choice."]}"#
        );
        let r = d
            .send(
                "POST",
                &url,
                &d.alice,
                Some(json!({"priority": "high", "title": "x"})),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.text(), r#"{"priority":"high"}"#);
        let r = d
            .send("GET", &format!("/api/tickets/{id}/"), &d.alice, None)
            .await;
        assert_eq!(r.json()["priority"], "high");
        assert_eq!(r.json()["title"], "Printer jammed");
        // Another user's ticket is not found, before any validation.
        let r = d.send("POST", &url, &d.bob, Some(json!({}))).await;
        assert_eq!(r.status, 404, "{}", r.text());
        d
    })
    .await;
}

/// A GenericIPAddressField (`ip_address`, the kind table's newest row): DRF's IPAddressField
/// messages, IPv6 stored and returned in Python's compressed form, an IPv4-mapped address
/// unpacked, null allowed; on PostgreSQL the column is `inet`.
#[tokio::test]
async fn an_ip_address_field_validates_and_stores_as_django_does() {
    on_every_database(|d| async move {
        let post = |ip: Value| {
            json!({"title": "Printer jammed", "workstation_ip": ip})
        };
        let r = d
            .send("POST", "/api/tickets/", &d.alice, Some(post(json!("2001:0DB8:0:0:0:0:0:1"))))
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        assert_eq!(r.json()["workstation_ip"], "2001:db8::1");
        let id = r.json()["id"].as_i64().unwrap();
        let url = format!("/api/tickets/{id}/");
        let r = d.send("GET", &url, &d.alice, None).await;
        assert_eq!(r.json()["workstation_ip"], "2001:db8::1");
        let r = d
            .send("PATCH", &url, &d.alice, Some(json!({"workstation_ip": " 192.0.2.7 "})))
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["workstation_ip"], "192.0.2.7");
        let r = d
            .send("PATCH", &url, &d.alice, Some(json!({"workstation_ip": "::ffff:192.0.2.8"})))
            .await;
        assert_eq!(r.json()["workstation_ip"], "192.0.2.8");
        let r = d.send("GET", &url, &d.alice, None).await;
        assert_eq!(r.json()["workstation_ip"], "192.0.2.8");
        for (bad, message) in [
            ("192.0.2.256", "Enter a valid IPv4 or IPv6 address."),
            ("1::2::3", "Enter a valid IPv4 or IPv6 address."),
            ("", "This field may not be blank."),
        ] {
            let r = d
                .send("PATCH", &url, &d.alice, Some(json!({"workstation_ip": bad})))
                .await;
            assert_eq!(r.status, 400, "{bad}: {}", r.text());
            assert_eq!(
                r.text(),
                format!(r#"{{"workstation_ip":["{message}"]}}"#),
                "{bad}"
            );
        }
        let r = d
            .send("PATCH", &url, &d.alice, Some(json!({"workstation_ip": null})))
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["workstation_ip"], Value::Null);
        let r = d.send("OPTIONS", "/api/tickets/", &d.alice, None).await;
        assert_eq!(
            r.json()["actions"]["POST"]["workstation_ip"],
            json!({"type": "string", "required": false, "read_only": false, "label": "Workstation ip"})
        );
        d
    })
    .await;
}

/// Permissions composed in the spec with DRF's operators (`IsAuthorOrReadOnly | IsAdminUser`):
/// a comment's author edits it, staff moderate any comment, the ticket's other participants
/// only read it (DRF's message is the failing permission's).
#[tokio::test]
async fn composed_permissions_let_staff_moderate() {
    on_every_database(|d| async move {
        let id = d.ticket(&d.alice, "Printer jammed").await;
        let comment = json!({"ticket": id, "body": "It is jammed again"});
        let r = d
            .send("POST", "/api/comments/", &d.alice, Some(comment))
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        let url = format!("/api/comments/{}/", r.json()["id"]);
        let edit = Some(json!({"body": "[removed]"}));
        let r = d.send("PATCH", &url, &d.carol, edit.clone()).await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["body"], "[removed]");
        let r = d
            .send(
                "PATCH",
                &url,
                &d.alice,
                Some(json!({"body": "Still jammed"})),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        // Carol's own comment on Alice's ticket: Alice participates but did not write it.
        let r = d
            .send(
                "POST",
                "/api/comments/",
                &d.carol,
                Some(json!({"ticket": id, "body": "On my way"})),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        let carols = format!("/api/comments/{}/", r.json()["id"]);
        let r = d.send("PATCH", &carols, &d.alice, edit).await;
        assert_eq!(r.status, 403, "{}", r.text());
        assert_eq!(
            r.text(),
            r#"{"detail":"You do not have permission to perform this action."}"#
        );
        let r = d.send("GET", &carols, &d.alice, None).await;
        assert_eq!(r.status, 200, "{}", r.text());
        d
    })
    .await;
}
