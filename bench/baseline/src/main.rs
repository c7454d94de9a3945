//! The benchmark's ceiling: `GET/POST /api/status/`, `GET/PATCH /api/status/<id>/` and
//! `GET /api/profiles/` of the reference app, written by hand on axum + sqlx (SQLite or
//! PostgreSQL, chosen by `DATABASE_URL`) + serde_json, with DRF's bytes. It reads the tables
//! restforge (and Django) create.
//!
//! ```text
//! DATABASE_URL=sqlite://bench.sqlite3 restforge_baseline 127.0.0.1:8002
//! DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench restforge_baseline 127.0.0.1:8002
//! curl -H 'Authorization: Token KEY' http://127.0.0.1:8002/api/status/
//! ```
//!
//! `GET /__bench/statements` returns the number of SQL statements run so far.

// A handler's error is the DRF response it answers with, built once on the failing path;
// boxing it would cost an allocation for nothing.
#![allow(clippy::result_large_err)]

use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Router, body::Bytes};
use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgPool, PgPoolOptions, PgTypeInfo, PgValueRef, Postgres};
use sqlx::sqlite::{
    Sqlite, SqliteConnectOptions, SqlitePool, SqlitePoolOptions, SqliteTypeInfo, SqliteValueRef,
};
use sqlx::{Decode, FromRow, Type};

const PAGE_SIZE: i64 = 20;
static STATEMENTS: AtomicU64 = AtomicU64::new(0);

fn counted() {
    STATEMENTS.fetch_add(1, Ordering::Relaxed);
}

#[tokio::main]
async fn main() {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite://db.sqlite3".into());
    let addr: SocketAddr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8002".into())
        .parse()
        .expect("an address such as 127.0.0.1:8002");
    let db = Db::connect(&url).await;
    let app = Router::new()
        .route("/api/status/", get(list_statuses).post(create_status))
        .route("/api/status/{id}/", get(get_status).patch(update_status))
        .route("/api/profiles/", get(list_profiles))
        .route(
            "/__bench/statements",
            get(|| async { STATEMENTS.load(Ordering::Relaxed).to_string() }),
        )
        .with_state(db);
    let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
    eprintln!("Serving on http://{addr}/");
    axum::serve(listener, app).await.expect("serve");
}

// ---- the database -------------------------------------------------------------------------

/// The pool of whichever database `DATABASE_URL` names. The statements are written once, with
/// PostgreSQL's `$1` placeholders, which SQLite accepts too.
#[derive(Clone)]
enum Db {
    /// SQLite has one writer at a time: writes go through a pool of one connection so that
    /// they queue in tokio rather than sleep in SQLite's busy handler; reads use the other.
    Sqlite {
        read: SqlitePool,
        write: SqlitePool,
    },
    Postgres(PgPool),
}

/// Runs the same sqlx code on the pool `db` holds; each arm is type-checked for its database.
macro_rules! with_pool {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            Db::Sqlite { read: $pool, .. } => $body,
            Db::Postgres($pool) => $body,
        }
    };
}

impl Db {
    async fn connect(url: &str) -> Db {
        if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = PgPoolOptions::new()
                .max_connections(10)
                .connect(url)
                .await
                .expect("connect");
            return Db::Postgres(pool);
        }
        let options = SqliteConnectOptions::from_str(url)
            .expect("a sqlite:// or postgres:// URL")
            .foreign_keys(true)
            .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
            .busy_timeout(Duration::from_secs(5));
        let pool = |size| {
            SqlitePoolOptions::new()
                .max_connections(size)
                .connect_with(options.clone())
        };
        Db::Sqlite {
            read: pool(8).await.expect("connect"),
            write: pool(1).await.expect("connect"),
        }
    }
}

/// A datetime column in DRF's output form: ISO 8601 in UTC with `Z`, microseconds only when
/// non-zero.
#[derive(Serialize)]
struct DrfDateTime(String);

impl From<DateTime<Utc>> for DrfDateTime {
    fn from(at: DateTime<Utc>) -> Self {
        let format = if at.timestamp_subsec_micros() == 0 {
            "%Y-%m-%dT%H:%M:%SZ"
        } else {
            "%Y-%m-%dT%H:%M:%S%.6fZ"
        };
        DrfDateTime(at.format(format).to_string())
    }
}

/// Django keeps SQLite datetimes as naive UTC text (`2024-01-01 00:01:00[.ffffff]`): DRF's form
/// is that text with `T` and `Z`.
impl<'r> Decode<'r, Sqlite> for DrfDateTime {
    fn decode(value: SqliteValueRef<'r>) -> std::result::Result<Self, BoxDynError> {
        let stored = <&str as Decode<Sqlite>>::decode(value)?;
        let (date, time) = stored
            .split_once(' ')
            .ok_or_else(|| format!("not a Django datetime: {stored}"))?;
        let mut text = String::with_capacity(stored.len() + 1);
        text.push_str(date);
        text.push('T');
        text.push_str(time);
        text.push('Z');
        Ok(DrfDateTime(text))
    }
}

impl Type<Sqlite> for DrfDateTime {
    fn type_info() -> SqliteTypeInfo {
        <&str as Type<Sqlite>>::type_info()
    }
}

/// `timestamp with time zone` on PostgreSQL.
impl<'r> Decode<'r, Postgres> for DrfDateTime {
    fn decode(value: PgValueRef<'r>) -> std::result::Result<Self, BoxDynError> {
        Ok(<DateTime<Utc> as Decode<Postgres>>::decode(value)?.into())
    }
}

impl Type<Postgres> for DrfDateTime {
    fn type_info() -> PgTypeInfo {
        <DateTime<Utc> as Type<Postgres>>::type_info()
    }
}

/// Django's SQLite form of a datetime (naive UTC text); PostgreSQL takes the `DateTime` itself.
fn sqlite_datetime(at: DateTime<Utc>) -> String {
    if at.timestamp_subsec_micros() == 0 {
        at.format("%Y-%m-%d %H:%M:%S").to_string()
    } else {
        at.format("%Y-%m-%d %H:%M:%S%.6f").to_string()
    }
}

// ---- responses ----------------------------------------------------------------------------

fn json(status: StatusCode, body: Vec<u8>) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn ok<T: Serialize>(status: StatusCode, value: &T) -> Response {
    json(status, serde_json::to_vec(value).expect("serializable"))
}

fn detail(status: StatusCode, message: &str) -> Response {
    let body = serde_json::json!({ "detail": message });
    let mut response = ok(status, &body);
    if status == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Token"));
    }
    response
}

fn field_error(field: &str, message: &str) -> Response {
    ok(
        StatusCode::BAD_REQUEST,
        &serde_json::json!({ field: [message] }),
    )
}

type Result<T> = std::result::Result<T, Response>;

fn db_error(error: sqlx::Error) -> Response {
    eprintln!("database error: {error}");
    detail(
        StatusCode::INTERNAL_SERVER_ERROR,
        "A server error occurred.",
    )
}

// ---- authentication -----------------------------------------------------------------------

struct User {
    /// `auth_user.id` is Django's 32-bit `AutoField` (an `integer` on PostgreSQL).
    id: i32,
    username: String,
    profile_id: Option<i64>,
}

/// DRF's TokenAuthentication: `Authorization: Token <key>`, one statement.
async fn authenticate(db: &Db, headers: &HeaderMap) -> Result<User> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(detail(
            StatusCode::UNAUTHORIZED,
            "Authentication credentials were not provided.",
        ));
    };
    let value = value.to_str().unwrap_or("");
    let mut words = value.split_whitespace();
    if !words
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("token"))
    {
        return Err(detail(
            StatusCode::UNAUTHORIZED,
            "Authentication credentials were not provided.",
        ));
    }
    let (Some(key), None) = (words.next(), words.next()) else {
        return Err(detail(
            StatusCode::UNAUTHORIZED,
            "Invalid token header. Token string should not contain spaces.",
        ));
    };
    counted();
    let row: Option<(i32, String, bool, Option<i64>)> = with_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT u.id, u.username, u.is_active, p.id FROM authtoken_token t \
             JOIN auth_user u ON u.id = t.user_id \
             LEFT JOIN profiles_profile p ON p.user_id = u.id WHERE t.key = $1",
        )
        .bind(key)
        .fetch_optional(pool)
        .await
    })
    .map_err(db_error)?;
    let Some((id, username, is_active, profile_id)) = row else {
        return Err(detail(StatusCode::UNAUTHORIZED, "Invalid token."));
    };
    if !is_active {
        return Err(detail(
            StatusCode::UNAUTHORIZED,
            "User inactive or deleted.",
        ));
    }
    Ok(User {
        id,
        username,
        profile_id,
    })
}

// ---- statuses -----------------------------------------------------------------------------

#[derive(Serialize, FromRow)]
struct Status {
    id: i64,
    user_profile: String,
    status_content: String,
    created_at: DrfDateTime,
    updated_at: DrfDateTime,
}

/// A status and its owner's user id, for the permission check of writes.
#[derive(FromRow)]
struct OwnedStatus {
    owner: i32,
    #[sqlx(flatten)]
    status: Status,
}

macro_rules! status_select {
    ($head:literal, $tail:literal) => {
        concat!(
            "SELECT ",
            $head,
            "s.id, u.username AS user_profile, s.status_content, s.created_at, s.updated_at \
             FROM profiles_profilestatus s JOIN profiles_profile p ON p.id = s.user_profile_id \
             JOIN auth_user u ON u.id = p.user_id ",
            $tail
        )
    };
}

#[derive(Serialize)]
struct Page<T> {
    count: i64,
    next: Option<String>,
    previous: Option<String>,
    results: Vec<T>,
}

#[derive(Deserialize)]
struct PageQuery {
    page: Option<String>,
    search: Option<String>,
}

fn page_number(query: &PageQuery) -> Result<i64> {
    match query.page.as_deref() {
        None => Ok(1),
        Some(text) => match text.parse::<i64>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(detail(StatusCode::NOT_FOUND, "Invalid page.")),
        },
    }
}

/// DRF's PageNumberPagination links: the request URL with `page` replaced (dropped for 1).
fn links(
    headers: &HeaderMap,
    path: &str,
    extra: &str,
    page: i64,
    count: i64,
) -> (Option<String>, Option<String>) {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let link = |n: i64| {
        let mut query = Vec::new();
        if n > 1 {
            query.push(format!("page={n}"));
        }
        if !extra.is_empty() {
            query.push(extra.to_string());
        }
        query.sort();
        if query.is_empty() {
            format!("http://{host}{path}")
        } else {
            format!("http://{host}{path}?{}", query.join("&"))
        }
    };
    let pages = ((count + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let next = (page < pages).then(|| link(page + 1));
    let previous = (page > 1).then(|| link(page - 1));
    (next, previous)
}

async fn list_statuses(
    State(db): State<Db>,
    headers: HeaderMap,
    Query(query): Query<PageQuery>,
) -> Response {
    let result: Result<Response> = async {
        authenticate(&db, &headers).await?;
        let page = page_number(&query)?;
        counted();
        let count: i64 = with_pool!(&db, |pool| {
            sqlx::query_scalar("SELECT COUNT(*) FROM profiles_profilestatus")
                .fetch_one(pool)
                .await
        })
        .map_err(db_error)?;
        if (page - 1) * PAGE_SIZE >= count && page > 1 {
            return Err(detail(StatusCode::NOT_FOUND, "Invalid page."));
        }
        counted();
        // The page size is a literal: a bound LIMIT makes SQLite re-prepare the statement.
        let results: Vec<Status> = with_pool!(&db, |pool| {
            sqlx::query_as(status_select!(
                "",
                "ORDER BY s.created_at DESC, s.id LIMIT 20 OFFSET $1"
            ))
            .bind((page - 1) * PAGE_SIZE)
            .fetch_all(pool)
            .await
        })
        .map_err(db_error)?;
        let (next, previous) = links(&headers, "/api/status/", "", page, count);
        Ok(ok(
            StatusCode::OK,
            &Page {
                count,
                next,
                previous,
                results,
            },
        ))
    }
    .await;
    result.unwrap_or_else(|response| response)
}

async fn get_status(State(db): State<Db>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let result: Result<Response> = async {
        authenticate(&db, &headers).await?;
        let found = find_status(&db, &id).await?;
        Ok(ok(StatusCode::OK, &found.status))
    }
    .await;
    result.unwrap_or_else(|response| response)
}

/// The status and its owner's user id, or DRF's 404.
async fn find_status(db: &Db, id: &str) -> Result<OwnedStatus> {
    let not_found = || {
        detail(
            StatusCode::NOT_FOUND,
            "No ProfileStatus matches the given query.",
        )
    };
    let id: i64 = id.parse().map_err(|_| not_found())?;
    counted();
    let found: Option<OwnedStatus> = with_pool!(db, |pool| {
        sqlx::query_as(status_select!("p.user_id AS owner, ", "WHERE s.id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await
    })
    .map_err(db_error)?;
    found.ok_or_else(not_found)
}

/// `status_content`: CharField(max_length=240), trimmed, not blank.
fn status_content(body: &Bytes, required: bool) -> Result<Option<String>> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| detail(StatusCode::BAD_REQUEST, &format!("JSON parse error - {e}")))?;
    let serde_json::Value::Object(mut object) = value else {
        return Err(ok(
            StatusCode::BAD_REQUEST,
            &serde_json::json!({"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}),
        ));
    };
    let text = match object.remove("status_content") {
        None if required => return Err(field_error("status_content", "This field is required.")),
        None => return Ok(None),
        Some(serde_json::Value::Null) => {
            return Err(field_error("status_content", "This field may not be null."));
        }
        Some(serde_json::Value::String(text)) => text.trim().to_string(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(_) => return Err(field_error("status_content", "Not a valid string.")),
    };
    if text.is_empty() {
        return Err(field_error(
            "status_content",
            "This field may not be blank.",
        ));
    }
    if text.chars().count() > 240 {
        return Err(field_error(
            "status_content",
            "Ensure this field has no more than 240 characters.",
        ));
    }
    Ok(Some(text))
}

/// Now, to the microsecond the databases keep.
fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

async fn create_status(State(db): State<Db>, headers: HeaderMap, body: Bytes) -> Response {
    let result: Result<Response> = async {
        let user = authenticate(&db, &headers).await?;
        let text = status_content(&body, true)?.unwrap_or_default();
        let Some(profile_id) = user.profile_id else {
            return Err(detail(
                StatusCode::INTERNAL_SERVER_ERROR,
                "A server error occurred.",
            ));
        };
        let now = now();
        counted();
        const INSERT: &str = "INSERT INTO profiles_profilestatus \
             (status_content, created_at, updated_at, user_profile_id) \
             VALUES ($1, $2, $2, $3) RETURNING id";
        let id: i64 = match &db {
            Db::Sqlite { write: pool, .. } => {
                sqlx::query_scalar(INSERT)
                    .bind(&text)
                    .bind(sqlite_datetime(now))
                    .bind(profile_id)
                    .fetch_one(pool)
                    .await
            }
            Db::Postgres(pool) => {
                sqlx::query_scalar(INSERT)
                    .bind(&text)
                    .bind(now)
                    .bind(profile_id)
                    .fetch_one(pool)
                    .await
            }
        }
        .map_err(db_error)?;
        let status = Status {
            id,
            user_profile: user.username,
            status_content: text,
            created_at: now.into(),
            updated_at: now.into(),
        };
        Ok(ok(StatusCode::CREATED, &status))
    }
    .await;
    result.unwrap_or_else(|response| response)
}

async fn update_status(
    State(db): State<Db>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let result: Result<Response> = async {
        let user = authenticate(&db, &headers).await?;
        let OwnedStatus { owner, mut status } = find_status(&db, &id).await?;
        if owner != user.id {
            return Err(detail(
                StatusCode::FORBIDDEN,
                "You do not have permission to perform this action.",
            ));
        }
        let text = status_content(&body, false)?;
        let now = now();
        counted();
        const UPDATE: &str = "UPDATE profiles_profilestatus \
             SET status_content = COALESCE($1, status_content), updated_at = $2 WHERE id = $3";
        match &db {
            Db::Sqlite { write: pool, .. } => {
                sqlx::query(UPDATE)
                    .bind(text.as_deref())
                    .bind(sqlite_datetime(now))
                    .bind(status.id)
                    .execute(pool)
                    .await
                    .map_err(db_error)?;
            }
            Db::Postgres(pool) => {
                sqlx::query(UPDATE)
                    .bind(text.as_deref())
                    .bind(now)
                    .bind(status.id)
                    .execute(pool)
                    .await
                    .map_err(db_error)?;
            }
        }
        if let Some(text) = text {
            status.status_content = text;
        }
        status.updated_at = now.into();
        Ok(ok(StatusCode::OK, &status))
    }
    .await;
    result.unwrap_or_else(|response| response)
}

// ---- profiles -----------------------------------------------------------------------------

/// The reference spec's ProfileSerializer order (the tutorial's: declared fields after the pk).
#[derive(Serialize, FromRow)]
struct Profile {
    id: i64,
    user: String,
    avatar: Option<String>,
    bio: String,
    city: String,
}

/// DRF's SearchFilter over `city`: terms split on whitespace and commas, each an `icontains`.
async fn list_profiles(
    State(db): State<Db>,
    headers: HeaderMap,
    Query(query): Query<PageQuery>,
) -> Response {
    let result: Result<Response> = async {
        authenticate(&db, &headers).await?;
        let page = page_number(&query)?;
        let search = query.search.as_deref().unwrap_or("");
        let terms: Vec<String> = search
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|t| !t.is_empty())
            .map(|t| {
                let escaped = t
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_");
                format!("%{escaped}%")
            })
            .collect();
        // Django's `icontains`: SQLite's LIKE ignores ASCII case; PostgreSQL's escapes with `\`
        // by default.
        let conditions: Vec<String> = (1..=terms.len())
            .map(|n| match db {
                Db::Sqlite { .. } => format!("p.city LIKE ${n} ESCAPE '\\'"),
                Db::Postgres(_) => format!("UPPER(p.city::text) LIKE UPPER(${n})"),
            })
            .collect();
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };
        counted();
        let count_sql = format!("SELECT COUNT(*) FROM profiles_profile p{filter}");
        let count: i64 = with_pool!(&db, |pool| {
            let mut count_query = sqlx::query_scalar(sqlx::AssertSqlSafe(count_sql));
            for term in &terms {
                count_query = count_query.bind(term);
            }
            count_query.fetch_one(pool).await
        })
        .map_err(db_error)?;
        if (page - 1) * PAGE_SIZE >= count && page > 1 {
            return Err(detail(StatusCode::NOT_FOUND, "Invalid page."));
        }
        let results: Vec<Profile> = if count == 0 {
            Vec::new()
        } else {
            counted();
            let sql = format!(
                "SELECT p.id, u.username AS user, p.bio, p.city, p.avatar FROM profiles_profile p \
                 JOIN auth_user u ON u.id = p.user_id{filter} ORDER BY p.id LIMIT 20 OFFSET ${}",
                terms.len() + 1
            );
            with_pool!(&db, |pool| {
                let mut page_query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
                for term in &terms {
                    page_query = page_query.bind(term);
                }
                page_query
                    .bind((page - 1) * PAGE_SIZE)
                    .fetch_all(pool)
                    .await
            })
            .map_err(db_error)?
        };
        let extra = query
            .search
            .as_deref()
            .map(|s| {
                let encoded: String = form_encode(s);
                format!("search={encoded}")
            })
            .unwrap_or_default();
        let (next, previous) = links(&headers, "/api/profiles/", &extra, page, count);
        Ok(ok(
            StatusCode::OK,
            &Page {
                count,
                next,
                previous,
                results,
            },
        ))
    }
    .await;
    result.unwrap_or_else(|response| response)
}

/// application/x-www-form-urlencoded, as Python's `urlencode` writes it.
fn form_encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}
