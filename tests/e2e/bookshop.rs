//! The second generated app end to end: `examples/bookshop` (Token then Basic authentication,
//! IsAuthenticatedOrReadOnly, limit/offset pagination, unique fields, writable foreign keys,
//! a many-to-many field, choices and decimals), included as generated and driven over HTTP.

#[allow(dead_code, unused_imports)]
#[path = "../../examples/bookshop/src/catalog/mod.rs"]
mod catalog;
#[path = "../../examples/bookshop/src/settings.rs"]
mod settings;

#[allow(dead_code)]
mod http;

use http::Request;
use restforge::contrib::auth::password::make_password_with;
use restforge::contrib::users::{self, NewUser};
use restforge::prelude::Model;
use restforge::testing::{TestDatabase, TestServer};
use serde_json::json;

async fn start(database: TestDatabase) -> (TestServer, String) {
    let server = TestServer::start(
        settings::settings(),
        catalog::app(),
        &restforge_tests::migrations::bookshop(),
        database,
    )
    .await
    .expect("the test server starts");
    let hash = make_password_with("pw", "abcdefghijklmnopqrstuv", 1000);
    let user = users::create_with_hash(
        server.db(),
        &server.state.signals,
        &NewUser {
            username: "clerk",
            ..NewUser::default()
        },
        hash,
    )
    .await
    .unwrap();
    let token = users::token_for(server.db(), user.id).await.unwrap();
    (server, token)
}

/// `clerk:pw` in base64.
const BASIC: &str = "Basic Y2xlcms6cHc=";

#[tokio::test]
async fn catalogue_writes_relations_uniqueness_and_limit_offset() {
    for database in TestDatabase::all() {
        let (server, token) = start(database).await;
        let addr = server.addr;
        let host = format!("http://{addr}");

        // Anonymous reads are allowed; writes need credentials, challenged by Token (first).
        let r = Request::new("GET", "/api/publishers/").send(addr).await;
        assert_eq!(r.status, 200);
        assert_eq!(
            r.text(),
            r#"{"count":0,"next":null,"previous":null,"results":[]}"#
        );
        assert_eq!(r.header("vary"), Some("Accept"));
        let r = Request::new("POST", "/api/publishers/")
            .json(r#"{"name":"Penguin"}"#)
            .send(addr)
            .await;
        assert_eq!(r.status, 401);
        assert_eq!(r.header("www-authenticate"), Some("Token"));

        // Basic authentication works as the second class; its failures keep Token's challenge.
        let r = Request::new("POST", "/api/publishers/")
            .header("Authorization", BASIC)
            .json(r#"{"name":"Penguin","website":"https://penguin.example"}"#)
            .send(addr)
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        let penguin = r.json()["id"].as_i64().unwrap();
        assert_eq!(
            r.json(),
            json!({"id": penguin, "name": "Penguin", "website": "https://penguin.example", "founded": null})
        );
        let r = Request::new("GET", "/api/publishers/")
            .header("Authorization", "Basic Y2xlcms6bm9wZQ==")
            .send(addr)
            .await;
        assert_eq!(r.status, 401);
        assert_eq!(r.json(), json!({"detail": "Invalid username/password."}));
        assert_eq!(r.header("www-authenticate"), Some("Token"));
        let r = Request::new("GET", "/api/publishers/")
            .header("Authorization", "Basic !!!")
            .send(addr)
            .await;
        assert_eq!(
            r.json(),
            json!({"detail": "Invalid basic header. Credentials not correctly base64 encoded."})
        );

        // Uniqueness, with DRF's lower-case message; other field errors beside it.
        let r = Request::new("POST", "/api/publishers/")
            .token(&token)
            .json(r#"{"name":"Penguin","website":"not a url"}"#)
            .send(addr)
            .await;
        assert_eq!(r.status, 400);
        assert_eq!(
            r.text(),
            r#"{"name":["publisher with this name already exists."],"website":["Enter a valid URL."]}"#
        );
        // An update keeping its own unique value is fine.
        let r = Request::new("PUT", &format!("/api/publishers/{penguin}/"))
            .token(&token)
            .json(r#"{"name":"Penguin","founded":"1935-07-30"}"#)
            .send(addr)
            .await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["founded"], "1935-07-30");

        // Limit/offset over 12 authors, ordered by the model's ordering; ?ordering= only on
        // the allowed fields.
        for i in 1..=12 {
            let r = Request::new("POST", "/api/authors/")
                .token(&token)
                .json(&format!(
                    r#"{{"first_name":"F{i:02}","last_name":"L{i:02}","email":"a{i}@example.com"}}"#
                ))
                .send(addr)
                .await;
            assert_eq!(r.status, 201, "{}", r.text());
        }
        let r = Request::new("GET", "/api/authors/?limit=5&offset=5")
            .send(addr)
            .await;
        let body = r.json();
        assert_eq!(body["count"], 12);
        assert_eq!(
            body["next"],
            format!("{host}/api/authors/?limit=5&offset=10")
        );
        assert_eq!(body["previous"], format!("{host}/api/authors/?limit=5"));
        assert_eq!(body["results"][0]["last_name"], "L06");
        let r = Request::new("GET", "/api/authors/?ordering=-last_name")
            .send(addr)
            .await;
        assert_eq!(r.json()["results"][0]["last_name"], "L12");
        assert_eq!(r.json()["results"].as_array().unwrap().len(), 10);
        let r = Request::new("GET", "/api/authors/?ordering=email")
            .send(addr)
            .await;
        assert_eq!(
            r.json()["results"][0]["last_name"],
            "L01",
            "not an ordering field"
        );
        let r = Request::new("GET", "/api/authors/?search=L07")
            .send(addr)
            .await;
        assert_eq!(r.json()["count"], 1);
        let author = r.json()["results"][0]["id"].as_i64().unwrap();

        // Relations: PrimaryKeyRelatedField messages, many-to-many lists, choices, decimals.
        let r = Request::new("POST", "/api/books/")
            .token(&token)
            .json(
                r#"{"title":"Dune","author":999,"publisher":"abc","genre":"XX","price":"1.234","pages":0,"published_on":"2024-01-02","tags":5}"#,
            )
            .send(addr)
            .await;
        assert_eq!(r.status, 400);
        assert_eq!(
            r.text(),
            // DRF's field order (`exclude`): plain fields in model order, then the foreign
            // keys, then the many-to-many; errors come in that order.
            concat!(
                r#"{"genre":["\"XX\" is not a valid choice."],"#,
                r#""price":["Ensure that there are no more than 2 decimal places."],"#,
                r#""pages":["Ensure this value is greater than or equal to 1."],"#,
                r#""author":["Invalid pk \"999\" - object does not exist."],"#,
                r#""publisher":["Incorrect type. Expected pk value, received str."],"#,
                r#""tags":["Expected a list of items but got type \"int\"."]}"#
            )
        );
        let r = Request::new("POST", "/api/books/")
            .token(&token)
            .json(&format!(
                r#"{{"title":"D","author":{author},"price":"9.5","pages":10,"published_on":"2024-01-02","tags":[42]}}"#
            ))
            .send(addr)
            .await;
        assert_eq!(
            r.text(),
            r#"{"title":["Ensure this field has at least 2 characters."],"tags":["Invalid pk \"42\" - object does not exist."]}"#
        );

        // Creating a book: `sku` is read-only with `default: uuid4` (Django's
        // `UUIDField(default=uuid.uuid4)`), so each new book gets its own UUID. Regression:
        // before callable defaults the INSERT had no value for the NOT NULL `sku` and failed.
        let mut skus = Vec::new();
        for (title, genre) in [("Dune", "SF"), ("Emma", "FI")] {
            let r = Request::new("POST", "/api/books/")
                .token(&token)
                .json(&format!(
                    r#"{{"title":"{title}","author":{author},"publisher":{penguin},"genre":"{genre}","price":"9.5","pages":10,"published_on":"2024-01-02","sku":"not even a uuid"}}"#
                ))
                .send(addr)
                .await;
            assert_eq!(r.status, 201, "{}", r.text());
            let body = r.json();
            assert_eq!(body["title"], title);
            assert_eq!(body["price"], "9.50");
            assert_eq!(body["genre"], genre);
            let sku = body["sku"].as_str().expect("a sku").to_owned();
            assert_eq!(sku.len(), 36, "a hyphenated UUID: {sku}");
            assert_eq!(&sku[14..15], "4", "a version 4 UUID: {sku}");
            skus.push(sku);
        }
        assert_ne!(skus[0], skus[1]);
        let r = Request::new("GET", "/api/books/").send(addr).await;
        assert_eq!(r.json()["count"], 2);

        // Tags are read-only for everyone (list and retrieve only).
        let r = Request::new("POST", "/api/tags/")
            .token(&token)
            .json("{}")
            .send(addr)
            .await;
        assert_eq!(r.status, 405);
        assert_eq!(r.header("allow"), Some("GET, HEAD, OPTIONS"));

        // Deleting a publisher; then its detail is gone.
        let r = Request::new("DELETE", &format!("/api/publishers/{penguin}/"))
            .token(&token)
            .send(addr)
            .await;
        assert_eq!(r.status, 204);
        let r = Request::new("GET", &format!("/api/publishers/{penguin}/"))
            .send(addr)
            .await;
        assert_eq!(
            r.json(),
            json!({"detail": "No Publisher matches the given query."})
        );
        // A key beyond the integer column's range is not found, not a database error.
        let r = Request::new("GET", "/api/publishers/99999999999/")
            .send(addr)
            .await;
        assert_eq!(
            r.json(),
            json!({"detail": "No Publisher matches the given query."})
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn anonymous_and_user_rates_throttle_with_retry_after() {
    let settings = settings::settings()
        .throttle_rate("anon", "2/min")
        .throttle_rate("user", "3/min");
    let server = TestServer::start(
        settings,
        catalog::app(),
        &restforge_tests::migrations::bookshop(),
        TestDatabase::Sqlite,
    )
    .await
    .unwrap();
    let addr = server.addr;
    for _ in 0..2 {
        let r = Request::new("GET", "/api/tags/").send(addr).await;
        assert_eq!(r.status, 200);
    }
    let r = Request::new("GET", "/api/tags/").send(addr).await;
    assert_eq!(r.status, 429);
    assert_eq!(r.header("retry-after"), Some("60"));
    assert_eq!(r.header("allow"), Some("GET, HEAD, OPTIONS"));
    assert_eq!(
        r.json(),
        json!({"detail": "Request was throttled. Expected available in 60 seconds."})
    );
    // A client cannot reset its count by making up an X-Forwarded-For (NUM_PROXIES = 0).
    let r = Request::new("GET", "/api/tags/")
        .header("X-Forwarded-For", "10.0.0.9")
        .send(addr)
        .await;
    assert_eq!(r.status, 429);
    server.stop().await;

    // Behind one proxy, the address it appends identifies the client.
    let settings = settings::settings()
        .throttle_rate("anon", "2/min")
        .num_proxies(Some(1));
    let server = TestServer::start(
        settings,
        catalog::app(),
        &restforge_tests::migrations::bookshop(),
        TestDatabase::Sqlite,
    )
    .await
    .unwrap();
    let from = |chain: &str| {
        Request::new("GET", "/api/tags/")
            .header("X-Forwarded-For", chain)
            .send(server.addr)
    };
    assert_eq!(from("6.6.6.6, 10.0.0.9").await.status, 200);
    assert_eq!(from("7.7.7.7, 10.0.0.9").await.status, 200);
    assert_eq!(from("8.8.8.8, 10.0.0.9").await.status, 429);
    assert_eq!(from("10.0.0.10").await.status, 200);
    // A proxy that adds its own X-Forwarded-For line (rather than appending to the client's)
    // is read the same way: the lines are one list.
    let lines = |client: &str| {
        Request::new("GET", "/api/tags/")
            .header("X-Forwarded-For", client)
            .header("X-Forwarded-For", "10.0.0.10")
            .send(server.addr)
    };
    assert_eq!(lines("1.1.1.1").await.status, 200);
    assert_eq!(lines("2.2.2.2").await.status, 429);
    server.stop().await;
}

/// A many-to-many field lists the related keys in the related model's `Meta.ordering`
/// (`Tag.ordering: [slug]`), as Django's `book.tags.all()` reads them, not in the order they
/// were linked.
#[tokio::test]
async fn many_to_many_keys_follow_the_related_models_ordering() {
    for database in TestDatabase::all() {
        let (server, token) = start(database).await;
        let addr = server.addr;
        let tag = catalog::models::Tag::meta();
        let mut ids = Vec::new();
        for (slug, label) in [("zebra", "Z"), ("apple", "A"), ("mango", "M")] {
            let row = server
                .state
                .writer()
                .create(
                    tag,
                    vec![
                        ("slug", restforge::core::value::Value::Text(slug.into())),
                        ("label", restforge::core::value::Value::Text(label.into())),
                    ],
                )
                .await
                .unwrap();
            // The implicit `id` is the first column.
            match &row[0] {
                restforge::core::value::Value::Int(id) => ids.push(*id),
                other => panic!("a tag's id: {other:?}"),
            }
        }
        let r = Request::new("POST", "/api/authors/")
            .token(&token)
            .json(r#"{"first_name":"F","last_name":"L","email":"f@example.com"}"#)
            .send(addr)
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        let author = r.json()["id"].as_i64().unwrap();
        // Linked zebra, apple, mango; listed apple, mango, zebra.
        let r = Request::new("POST", "/api/books/")
            .token(&token)
            .json(&format!(
                r#"{{"title":"Dune","author":{author},"price":"9.5","pages":10,"published_on":"2024-01-02","tags":[{}, {}, {}]}}"#,
                ids[0], ids[1], ids[2]
            ))
            .send(addr)
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        let expected = serde_json::json!([ids[1], ids[2], ids[0]]);
        assert_eq!(r.json()["tags"], expected);
        let book = r.json()["id"].clone();
        let r = Request::new(
            "GET",
            &format!(
                "/api/books/{}/",
                book.as_str().map_or(book.to_string(), str::to_owned)
            ),
        )
        .send(addr)
        .await;
        assert_eq!(r.json()["tags"], expected, "{}", r.text());

        // The author's books PROTECT it: Django's ProtectedError is no APIException, so DRF
        // (DEBUG off) answers Django's HTML 500 page, without Allow or Vary.
        let r = Request::new("DELETE", &format!("/api/authors/{author}/"))
            .token(&token)
            .send(addr)
            .await;
        assert_eq!(r.status, 500);
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
        assert_eq!(r.text(), restforge::http::error::SERVER_ERROR_HTML);
        assert_eq!(r.header("allow"), None);
        assert_eq!(r.header("vary"), None);
        server.stop().await;
    }
}
