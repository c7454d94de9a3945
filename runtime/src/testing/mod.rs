//! [`TestServer`]: an app served on `127.0.0.1:0` over a fresh, migrated database, for
//! end-to-end tests through real HTTP.
//!
//! SQLite gets a temporary file; PostgreSQL gets a uniquely named database created through the
//! admin URL and dropped by [`TestServer::stop`] (or, failing that, when the server is dropped).
//!
//! ```no_run
//! # async fn demo(app: restforge::http::app::App, migrations: restforge::db::Migrations) {
//! use restforge::prelude::*;
//! use restforge::testing::{TestDatabase, TestServer};
//!
//! let server = TestServer::start(Settings::new(), app, &migrations, TestDatabase::Sqlite)
//!     .await
//!     .unwrap();
//! println!("{}", server.url("/api/"));
//! server.stop().await;
//! # }
//! ```

pub mod client;
mod samples;

use std::net::SocketAddr;
use std::path::PathBuf;

use rand::distr::{Alphanumeric, SampleString};
use tokio::sync::oneshot;

use crate::db::{Database, DbError, Migrations};
use crate::http::app::{App, AppState};
use crate::http::settings::Settings;

/// A primary key as it appears in a URL (`7`, or a hyphenated UUID).
pub fn url_value(value: &crate::core::value::Value) -> String {
    match value {
        crate::core::value::Value::Int(i) => i.to_string(),
        crate::core::value::Value::Uuid(u) => u.to_string(),
        crate::core::value::Value::Text(t) => t.clone(),
        other => format!("{other:?}"),
    }
}

/// A user made by [`TestServer::create_user`], with their token.
#[derive(Clone)]
pub struct TestUser {
    pub id: i64,
    pub username: String,
    /// The user's DRF token (`Authorization: Token <token>`).
    pub token: String,
}

impl std::fmt::Debug for TestUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestUser")
            .field("id", &self.id)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// Which database a [`TestServer`] runs on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestDatabase {
    /// A SQLite file in a fresh temporary directory.
    Sqlite,
    /// A new database on the PostgreSQL server of this URL (its own database is only used to
    /// create and drop the test one).
    Postgres(String),
}

impl TestDatabase {
    /// SQLite, and PostgreSQL too when `DATABASE_URL_POSTGRES` is set.
    pub fn all() -> Vec<TestDatabase> {
        let mut all = vec![TestDatabase::Sqlite];
        if let Ok(url) = std::env::var("DATABASE_URL_POSTGRES")
            && !url.is_empty()
        {
            all.push(TestDatabase::Postgres(url));
        }
        all
    }

    /// `sqlite` or `postgres`, for messages.
    pub fn name(&self) -> &'static str {
        match self {
            TestDatabase::Sqlite => "sqlite",
            TestDatabase::Postgres(_) => "postgres",
        }
    }
}

/// A running server; see the module documentation.
#[derive(Debug)]
pub struct TestServer {
    /// Where it listens.
    pub addr: SocketAddr,
    /// The state it serves (its database handle counts statements).
    pub state: AppState,
    /// A temporary directory holding the SQLite file and the media root.
    dir: PathBuf,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    /// `(admin URL, database name)` of a PostgreSQL test database still to drop.
    postgres: Option<(String, String)>,
}

/// Why a test server could not start.
#[derive(Debug, thiserror::Error)]
pub enum TestServerError {
    /// Creating, connecting to or migrating the database failed.
    #[error("test database: {0}")]
    Db(#[from] DbError),
    /// The temporary directory or the socket failed.
    #[error("test server: {0}")]
    Io(#[from] std::io::Error),
}

impl TestServer {
    /// Migrates a fresh database and serves `app` on it.
    pub async fn start(
        settings: Settings,
        app: App,
        migrations: &Migrations,
        database: TestDatabase,
    ) -> Result<TestServer, TestServerError> {
        let suffix = Alphanumeric
            .sample_string(&mut rand::rng(), 12)
            .to_lowercase();
        let dir = std::env::temp_dir().join(format!("restforge-test-{suffix}"));
        std::fs::create_dir_all(dir.join("media"))?;
        let (db, postgres) = match &database {
            TestDatabase::Sqlite => {
                let url = format!("sqlite://{}", dir.join("db.sqlite3").display());
                (Database::connect(&url).await?, None)
            }
            TestDatabase::Postgres(admin_url) => {
                let name = format!("restforge_test_{suffix}");
                let admin = Database::connect_with(admin_url, Some(1)).await?;
                admin
                    .execute(&format!("CREATE DATABASE \"{name}\""), &[])
                    .await?;
                admin.close().await;
                let db = Database::connect(&with_database(admin_url, &name)).await?;
                (db, Some((admin_url.clone(), name)))
            }
        };
        db.apply(migrations).await?;
        let state = AppState::new(db, settings, &app).media_root(dir.join("media"));
        let router = crate::http::router::build(&app, state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let (shutdown, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            // The server `serve` runs, with its limits.
            let options = crate::http::server::ServerOptions::default();
            crate::http::server::serve(listener, router, &options, async {
                let _ = stopped.await;
            })
            .await;
        });
        Ok(TestServer {
            addr,
            state,
            dir,
            shutdown: Some(shutdown),
            task: Some(task),
            postgres,
        })
    }

    /// The absolute URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Creates an active user (password `pw`) with a token. Its post_save receivers run, as
    /// for any user (a profile app gets its profile).
    pub async fn create_user(&self, username: &str) -> TestUser {
        self.make_user(username, false).await
    }

    /// [`TestServer::create_user`] for a staff user (`is_staff`, as `IsAdminUser` requires).
    pub async fn create_user_staff(&self, username: &str) -> TestUser {
        self.make_user(username, true).await
    }

    /// The primary key of an object of `M` that `user` owns through `owner_lookup` (a Django
    /// lookup ending at the user, `user_profile__user`), if there is one.
    pub async fn owned_by<M: crate::core::model::Model>(
        &self,
        owner_lookup: &str,
        user: &TestUser,
    ) -> Option<crate::core::value::Value> {
        let lookup = if owner_lookup.is_empty() {
            "id".to_string()
        } else {
            format!("{owner_lookup}__id")
        };
        crate::db::query::Query::new(M::meta())
            .filter_eq(&lookup, crate::core::value::Value::Int(user.id))
            .fetch_all(self.db())
            .await
            .expect("the owner lookup runs")
            .into_iter()
            .next()
            .map(|record| record.row[0].clone())
    }

    async fn make_user(&self, username: &str, staff: bool) -> TestUser {
        // A cheap hash: a million PBKDF2 rounds per user would slow every test down.
        let hash = crate::contrib::auth::password::make_password_with(
            "pw",
            "abcdefghijklmnopqrstuv",
            1000,
        );
        let email = format!("{username}@example.com");
        let user = crate::contrib::users::create_with_hash(
            self.db(),
            &self.state.signals,
            &crate::contrib::users::NewUser {
                username,
                email: &email,
                is_staff: staff,
                ..crate::contrib::users::NewUser::default()
            },
            hash,
        )
        .await
        .expect("the test user is created");
        let token = crate::contrib::users::token_for(self.db(), user.id)
            .await
            .expect("the test user gets a token");
        TestUser {
            id: user.id,
            username: username.to_string(),
            token,
        }
    }

    /// Sends `request` to this server.
    pub async fn send(&self, request: client::Request) -> client::Response {
        request.send(self.addr).await
    }

    /// The database the server uses.
    pub fn db(&self) -> &Database {
        &self.state.db
    }

    /// `MEDIA_ROOT`.
    pub fn media_root(&self) -> PathBuf {
        self.dir.join("media")
    }

    /// Stops serving, closes the database and removes it (file or PostgreSQL database).
    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        self.state.db.close().await;
        if let Some((admin_url, name)) = self.postgres.take() {
            drop_postgres(&admin_url, &name).await;
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        let _ = std::fs::remove_dir_all(&self.dir);
        // A test that panicked never reached `stop`: drop its database from a thread of its
        // own, as Drop cannot await on the test's runtime.
        if let Some((admin_url, name)) = self.postgres.take() {
            let _ = std::thread::spawn(move || {
                if let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    runtime.block_on(drop_postgres(&admin_url, &name));
                }
            })
            .join();
        }
    }
}

async fn drop_postgres(admin_url: &str, name: &str) {
    match Database::connect_with(admin_url, Some(1)).await {
        Ok(admin) => {
            if let Err(error) = admin
                .execute(
                    &format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
                    &[],
                )
                .await
            {
                eprintln!("could not drop test database {name}: {error}");
            }
            admin.close().await;
        }
        Err(error) => eprintln!("could not drop test database {name}: {error}"),
    }
}

/// `url` with its database name replaced (`postgres://u:p@h:5432/db?x=y`).
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    let mut out = format!("{}/{name}", &base[..path_start]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_name_is_replaced() {
        assert_eq!(
            with_database("postgres://u:p@h:5432/postgres?sslmode=disable", "t1"),
            "postgres://u:p@h:5432/t1?sslmode=disable"
        );
        assert_eq!(with_database("postgres://h", "t1"), "postgres://h/t1");
    }
}
