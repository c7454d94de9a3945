//! [`run`]: a project's `main` — Django's `manage.py` for a restforge API.
//!
//! ```text
//! profiles_api                               # migrate, then serve on 127.0.0.1:8000
//! profiles_api serve --addr 0.0.0.0:8000
//! profiles_api migrate
//! profiles_api createuser alice --email a@example.com --password s3cret   # prints the token
//! profiles_api createsuperuser admin --email admin@example.com           # password on stdin
//! profiles_api changepassword alice                                       # password on stdin
//! profiles_api drf_create_token alice [-r]
//! ```
//!
//! The environment decides where things are: `DATABASE_URL` (default `sqlite://db.sqlite3`),
//! `SECRET_KEY` (random per process when unset, with a warning: sessions and JWTs then do not
//! survive a restart), `MEDIA_ROOT` (default `media`), `REDIS_URL` (throttles shared by
//! every replica; in-process when unset). Nothing secret is ever printed: the
//! database URL's password is masked, passwords and keys are not shown (except the token
//! `createuser` and `drf_create_token` exist to print).
//!
//! Exit codes: 0 success, 1 the input was wrong (an unknown user, a taken username, bad
//! settings), 2 an internal failure (the database is unreachable, say).

use std::ffi::OsString;
use std::io::BufRead;
use std::net::SocketAddr;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::contrib::users;
use crate::db::objects::WriteError;
use crate::db::{Database, DbError, Migrations, redact};
use crate::http::app::{App, AppState, SecretKey};
use crate::http::settings::Settings;

/// The command line. Its about text is fixed: `version`/`about` from Cargo would describe
/// the restforge crate, not the project.
#[derive(Debug, Parser)]
#[command(about = "Serve, migrate and manage the users of this API (restforge).")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Apply pending migrations, then serve the API (the default command).
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8000")]
        addr: SocketAddr,
    },
    /// Apply pending migrations.
    Migrate,
    /// Create a user and print their API token.
    Createuser {
        /// The username.
        name: String,
        #[arg(long, default_value = "")]
        email: String,
        /// The password; without it the user cannot log in with a password.
        #[arg(long)]
        password: Option<String>,
        /// Make the user staff (IsAdminUser passes).
        #[arg(long)]
        staff: bool,
    },
    /// Create a superuser (staff too). The password is read from the first line of stdin,
    /// or DJANGO_SUPERUSER_PASSWORD when set.
    Createsuperuser {
        /// The username.
        name: String,
        #[arg(long, default_value = "")]
        email: String,
    },
    /// Set a user's password, read from the first line of stdin.
    Changepassword {
        /// The username.
        name: String,
    },
    /// Print a user's API token, creating it if needed.
    #[command(name = "drf_create_token")]
    DrfCreateToken {
        /// The username.
        name: String,
        /// Replace the existing token with a new one.
        #[arg(short = 'r', long)]
        reset: bool,
    },
}

/// A failure with the exit code it deserves.
#[derive(Debug)]
enum Failure {
    /// Exit 1.
    User(String),
    /// Exit 2.
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

impl From<DbError> for Failure {
    fn from(error: DbError) -> Self {
        Failure::Internal(Box::new(error))
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Failure::Internal(Box::new(error))
    }
}

/// Runs the command line of a project: installs the log ([`crate::management::logging`]),
/// parses `std::env::args`, then serves, migrates or manages users. What the generated
/// `main.rs` calls.
pub fn run(settings: Settings, app: App, migrations: Migrations) -> ExitCode {
    crate::management::logging::init();
    run_with_args(std::env::args_os(), settings, app, migrations)
}

/// [`run`] with explicit arguments (the first is the program name).
pub fn run_with_args(
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    settings: Settings,
    app: App,
    migrations: Migrations,
) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            // --help and --version are not errors; clap knows which stream and code.
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return report(Failure::Internal(Box::new(error))),
    };
    let env = Env::from_process();
    let mut stdin = std::io::stdin().lock();
    match runtime.block_on(execute(cli, settings, app, migrations, &env, &mut stdin)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => report(failure),
    }
}

/// What the process environment says, read once so that commands can be tested without
/// touching the process's variables.
struct Env {
    database_url: String,
    secret_key: Option<String>,
    media_root: String,
    superuser_password: Option<String>,
    /// `REDIS_URL`: throttle histories shared by every replica.
    redis_url: Option<String>,
    /// `ALLOWED_HOSTS`, `CSRF_TRUSTED_ORIGINS`, `SECURE_PROXY_SSL_HEADER`,
    /// `SESSION_COOKIE_SECURE`, `CSRF_COOKIE_SECURE`, `NUM_PROXIES`: how the deployment reaches
    /// the server, by name, each when set.
    deployment: Vec<(&'static str, String)>,
    /// `HEADER_READ_TIMEOUT`, `MAX_CONNECTIONS`, `SHUTDOWN_GRACE`: the server's connection
    /// limits ([`crate::http::server::ServerOptions`]), each when set.
    server: Vec<(&'static str, String)>,
}

/// The server variables.
const SERVER_VARIABLES: [&str; 3] = ["HEADER_READ_TIMEOUT", "MAX_CONNECTIONS", "SHUTDOWN_GRACE"];

/// The deployment variables, in the order they are applied.
const DEPLOYMENT_VARIABLES: [&str; 6] = [
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "NUM_PROXIES",
];

impl Env {
    fn from_process() -> Env {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Env {
            database_url: var("DATABASE_URL").unwrap_or_else(|| "sqlite://db.sqlite3".into()),
            secret_key: var("SECRET_KEY"),
            media_root: var("MEDIA_ROOT").unwrap_or_else(|| "media".into()),
            superuser_password: var("DJANGO_SUPERUSER_PASSWORD"),
            redis_url: var("REDIS_URL"),
            deployment: DEPLOYMENT_VARIABLES
                .iter()
                .filter_map(|name| Some((*name, var(name)?)))
                .collect(),
            server: SERVER_VARIABLES
                .iter()
                .filter_map(|name| Some((*name, var(name)?)))
                .collect(),
        }
    }

    /// The server's connection limits: the defaults, with what the environment sets (seconds
    /// for the durations, a count for the connections).
    fn server_options(&self) -> Result<crate::http::server::ServerOptions, Failure> {
        let mut options = crate::http::server::ServerOptions::default();
        for (name, value) in &self.server {
            let number = value.trim().parse::<u64>().ok().filter(|n| *n > 0);
            let Some(number) = number else {
                return Err(Failure::User(format!(
                    "{name}={value:?}: expected a whole number above 0 ({})",
                    if *name == "MAX_CONNECTIONS" {
                        "connections"
                    } else {
                        "seconds"
                    }
                )));
            };
            match *name {
                "HEADER_READ_TIMEOUT" => {
                    options.header_read_timeout = std::time::Duration::from_secs(number);
                }
                "SHUTDOWN_GRACE" => options.shutdown_grace = std::time::Duration::from_secs(number),
                _ => options.max_connections = usize::try_from(number).unwrap_or(usize::MAX),
            }
        }
        Ok(options)
    }

    /// `settings` with what the environment says about the deployment: Redis for throttles,
    /// the hosts, origins and proxies the server is reached through, HTTPS-only cookies.
    fn apply(&self, mut settings: Settings) -> Result<Settings, Failure> {
        if let Some(url) = &self.redis_url {
            settings = settings.throttle_cache(crate::http::throttle::ThrottleCache::Redis {
                url: url.clone(),
                key_prefix: String::new(),
            });
        }
        let list = |value: &str| -> Vec<String> {
            value
                .split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let flag = |name: &str, value: &str| match value.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Ok(true),
            "0" | "false" | "no" | "off" => Ok(false),
            _ => Err(Failure::User(format!(
                "{name}={value:?} is not a boolean; use true or false"
            ))),
        };
        for (name, value) in &self.deployment {
            settings = match *name {
                "ALLOWED_HOSTS" => settings.allowed_hosts(list(value)),
                "CSRF_TRUSTED_ORIGINS" => settings.csrf_trusted_origins(list(value)),
                "SECURE_PROXY_SSL_HEADER" => {
                    let usage = || {
                        Failure::User(format!(
                            "SECURE_PROXY_SSL_HEADER={value:?} must be `<header>=<value>`, \
                             e.g. `X-Forwarded-Proto=https`"
                        ))
                    };
                    let (header, expected) = value.split_once('=').ok_or_else(usage)?;
                    if expected.trim().is_empty() {
                        return Err(usage());
                    }
                    if header.trim().starts_with("HTTP_") {
                        return Err(Failure::User(format!(
                            "SECURE_PROXY_SSL_HEADER={value:?} names the header as Django's META \
                             key; write the header itself, e.g. `X-Forwarded-Proto=https`"
                        )));
                    }
                    settings.secure_proxy_ssl_header(header, expected)
                }
                "SESSION_COOKIE_SECURE" => {
                    let secure = flag(name, value)?;
                    settings.session_cookie_secure = secure;
                    settings
                }
                "CSRF_COOKIE_SECURE" => {
                    let secure = flag(name, value)?;
                    settings.csrf_cookie_secure = secure;
                    settings
                }
                "NUM_PROXIES" => match value.trim().parse::<usize>() {
                    Ok(proxies) => settings.num_proxies(Some(proxies)),
                    Err(_) => {
                        return Err(Failure::User(format!(
                            "NUM_PROXIES={value:?} is not a number of proxies (0, 1, 2, …)"
                        )));
                    }
                },
                _ => settings,
            };
        }
        Ok(settings)
    }
}

fn report(failure: Failure) -> ExitCode {
    match failure {
        Failure::User(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
        Failure::Internal(error) => {
            eprintln!("error: {error}");
            let mut source = error.source();
            while let Some(cause) = source {
                eprintln!("caused by: {cause}");
                source = cause.source();
            }
            ExitCode::from(2)
        }
    }
}

async fn connect(url: &str, migrations: &Migrations) -> Result<Database, Failure> {
    let db = Database::connect(url).await.map_err(|error| {
        Failure::Internal(format!("cannot connect to {}: {error}", redact(url)).into())
    })?;
    db.apply(migrations).await?;
    Ok(db)
}

async fn execute(
    cli: Cli,
    settings: Settings,
    app: App,
    migrations: Migrations,
    env: &Env,
    input: &mut dyn BufRead,
) -> Result<(), Failure> {
    let command = cli.command.unwrap_or(Command::Serve {
        addr: SocketAddr::from(([127, 0, 0, 1], 8000)),
    });
    let signals = app.connect_signals();
    let settings = env.apply(settings)?;
    let mut problems = Vec::new();
    if let Err(mut found) = settings.check() {
        problems.append(&mut found);
    }
    if let Err(mut found) = signals.check() {
        problems.append(&mut found);
    }
    if !problems.is_empty() {
        return Err(Failure::User(problems.join("\n")));
    }
    // Every command works on a migrated database, as `manage.py` expects one.
    let db = connect(&env.database_url, &migrations).await?;
    match command {
        Command::Serve { addr } => serve(db, settings, app, addr, env).await,
        Command::Migrate => {
            println!("Migrations applied.");
            Ok(())
        }
        Command::Createuser {
            name,
            email,
            password,
            staff,
        } => {
            let user = users::create_user(&db, &signals, &name, &email, password.as_deref(), staff)
                .await
                .map_err(|e| write_failure(e, &name))?;
            println!("{}", users::token_for(&db, user.id).await?);
            Ok(())
        }
        Command::Createsuperuser { name, email } => {
            let password = match &env.superuser_password {
                Some(password) => password.clone(),
                None => read_password(input)?,
            };
            users::create_superuser(&db, &signals, &name, &email, Some(&password))
                .await
                .map_err(|e| write_failure(e, &name))?;
            println!("Superuser created successfully.");
            Ok(())
        }
        Command::Changepassword { name } => {
            let user = find_user(&db, &name).await?;
            let password = read_password(input)?;
            users::set_password(&db, i64::from(user.id), &password).await?;
            println!("Password changed successfully for user '{name}'");
            Ok(())
        }
        Command::DrfCreateToken { name, reset } => {
            let user = find_user(&db, &name).await?;
            if reset {
                users::delete_token(&db, i64::from(user.id)).await?;
            }
            let key = users::token_for(&db, i64::from(user.id)).await?;
            println!("Generated token {key} for user {name}");
            Ok(())
        }
    }
}

fn write_failure(error: WriteError, name: &str) -> Failure {
    match error {
        WriteError::Unique(_) => Failure::User(format!("a user named `{name}` already exists")),
        WriteError::Db(error) => Failure::Internal(Box::new(error)),
        other => Failure::Internal(Box::new(other)),
    }
}

async fn find_user(db: &Database, name: &str) -> Result<crate::contrib::auth::User, Failure> {
    users::user_by_username(db, name)
        .await?
        .ok_or_else(|| Failure::User(format!("user '{name}' does not exist")))
}

/// The first line of `input` (stdin), without its line ending. Empty is refused, as
/// Django's `createsuperuser` refuses a blank password.
fn read_password(input: &mut dyn BufRead) -> Result<String, Failure> {
    eprint!("Password: ");
    let mut line = String::new();
    input.read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    if password.is_empty() {
        return Err(Failure::User("this password is blank".to_string()));
    }
    Ok(password)
}

async fn serve(
    db: Database,
    settings: Settings,
    app: App,
    addr: SocketAddr,
    env: &Env,
) -> Result<(), Failure> {
    let secret_key = match &env.secret_key {
        Some(key) => SecretKey::new(key.as_str()),
        None => {
            eprintln!(
                "warning: SECRET_KEY is not set; using a random key, so sessions and JWTs end with this process"
            );
            SecretKey::random()
        }
    };
    let state = AppState::new(db.clone(), settings, &app)
        .media_root(&env.media_root)
        .secret_key(secret_key);
    let options = env.server_options()?;
    let router = crate::http::router::build(&app, state);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|error| Failure::User(format!("cannot listen on {addr}: {error}")))?;
    let local = listener.local_addr()?;
    eprintln!("Serving on http://{local}/ (Ctrl-C to stop)");
    crate::http::server::serve(listener, router, &options, shutdown_signal()).await;
    db.close().await;
    eprintln!("Stopped.");
    Ok(())
}

/// Resolves on Ctrl-C, or SIGTERM on Unix (what container runtimes send).
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    {
        let terminate = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut signal) => {
                    signal.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            () = ctrl_c => {}
            () = terminate => {}
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::query::fixtures;

    fn app() -> App {
        App::new("profiles")
            .model::<fixtures::Profile>()
            .signals(|signals| {
                signals.connect(
                    crate::db::signals::Signal::post_save::<crate::contrib::auth::User>()
                        .created_only()
                        .create_related::<fixtures::Profile>("user"),
                )
            })
    }

    async fn command(env: &Env, args: &[&str], input: &str) -> Result<(), Failure> {
        let cli = Cli::try_parse_from(std::iter::once("app").chain(args.iter().copied())).unwrap();
        let mut input = std::io::Cursor::new(input.as_bytes().to_vec());
        execute(
            cli,
            Settings::new(),
            app(),
            fixtures::migrations(),
            env,
            &mut input,
        )
        .await
    }

    #[tokio::test]
    async fn commands_migrate_and_manage_users() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("db.sqlite3").display());
        let env = Env {
            database_url: url.clone(),
            secret_key: None,
            media_root: "media".into(),
            superuser_password: Some("root-pw".into()),
            redis_url: None,
            deployment: Vec::new(),
            server: Vec::new(),
        };
        command(&env, &["migrate"], "").await.unwrap();
        command(&env, &["createuser", "alice", "--email", "a@x.io"], "")
            .await
            .unwrap();
        let taken = command(&env, &["createuser", "alice"], "")
            .await
            .unwrap_err();
        assert!(
            matches!(taken, Failure::User(ref m) if m == "a user named `alice` already exists")
        );
        command(&env, &["createsuperuser", "root"], "")
            .await
            .unwrap();
        command(&env, &["changepassword", "alice"], "new-pw\n")
            .await
            .unwrap();
        let blank = command(&env, &["changepassword", "alice"], "\n")
            .await
            .unwrap_err();
        assert!(matches!(blank, Failure::User(_)));
        let missing = command(&env, &["drf_create_token", "bob"], "")
            .await
            .unwrap_err();
        assert!(matches!(missing, Failure::User(ref m) if m == "user 'bob' does not exist"));
        command(&env, &["drf_create_token", "alice", "-r"], "")
            .await
            .unwrap();

        let db = Database::connect(&url).await.unwrap();
        // (One password check only: a million PBKDF2 rounds take seconds in a debug build.)
        let root = users::user_by_username(&db, "root").await.unwrap().unwrap();
        assert!(root.is_superuser && root.is_staff && root.password.starts_with("pbkdf2_sha256$"));
        assert!(
            users::authenticate(&db, "alice", "new-pw")
                .await
                .unwrap()
                .is_some()
        );
        let alice = users::user_by_username(&db, "alice")
            .await
            .unwrap()
            .unwrap();
        // Every user got a profile through the app's signal.
        let profiles =
            crate::db::query::Query::new(<fixtures::Profile as crate::core::model::Model>::meta())
                .count(&db)
                .await
                .unwrap();
        assert_eq!(profiles, 2);
        assert_eq!(alice.email, "a@x.io");

        let unreachable = Env {
            database_url: "postgres://u:hunter2@127.0.0.1:1/x".into(),
            ..env
        };
        let failure = command(&unreachable, &["migrate"], "").await.unwrap_err();
        let Failure::Internal(error) = failure else {
            panic!("an unreachable database is an internal failure");
        };
        assert!(!error.to_string().contains("hunter2"), "{error}");
        assert!(error.to_string().contains("u:***@"), "{error}");
    }

    #[test]
    fn the_environment_sets_the_connection_limits() {
        let env = |server: &[(&'static str, &str)]| Env {
            database_url: String::new(),
            secret_key: None,
            media_root: String::new(),
            superuser_password: None,
            redis_url: None,
            deployment: Vec::new(),
            server: server
                .iter()
                .map(|(name, value)| (*name, value.to_string()))
                .collect(),
        };
        let options = env(&[
            ("HEADER_READ_TIMEOUT", "5"),
            ("MAX_CONNECTIONS", " 200 "),
            ("SHUTDOWN_GRACE", "9"),
        ])
        .server_options()
        .unwrap();
        assert_eq!(options.header_read_timeout.as_secs(), 5);
        assert_eq!(options.max_connections, 200);
        assert_eq!(options.shutdown_grace.as_secs(), 9);
        assert_eq!(
            env(&[]).server_options().unwrap(),
            crate::http::server::ServerOptions::default()
        );
        for bad in ["0", "-1", "ten", "1.5"] {
            let Err(Failure::User(message)) = env(&[("HEADER_READ_TIMEOUT", bad)]).server_options()
            else {
                panic!("{bad} is refused");
            };
            assert!(
                message.starts_with("HEADER_READ_TIMEOUT=") && message.contains("seconds"),
                "{message}"
            );
        }
    }

    #[test]
    fn the_environment_configures_the_deployment() {
        let env = |deployment: &[(&'static str, &str)]| Env {
            database_url: String::new(),
            secret_key: None,
            media_root: String::new(),
            superuser_password: None,
            redis_url: None,
            deployment: deployment
                .iter()
                .map(|(name, value)| (*name, value.to_string()))
                .collect(),
            server: Vec::new(),
        };
        let settings = env(&[
            ("ALLOWED_HOSTS", "api.example.com, .example.org"),
            ("CSRF_TRUSTED_ORIGINS", "https://app.example.com"),
            ("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto=https"),
            ("SESSION_COOKIE_SECURE", "true"),
            ("CSRF_COOKIE_SECURE", " 1 "),
            ("NUM_PROXIES", "1"),
        ])
        .apply(Settings::new())
        .unwrap();
        assert_eq!(
            settings.allowed_hosts.patterns(),
            ["api.example.com", ".example.org"]
        );
        assert_eq!(settings.csrf_trusted_origins, ["https://app.example.com"]);
        let (header, value) = settings.secure_proxy_ssl_header.clone().unwrap();
        assert_eq!(
            (header.as_str(), value.as_str()),
            ("x-forwarded-proto", "https")
        );
        assert!(settings.session_cookie_secure && settings.csrf_cookie_secure);
        assert_eq!(settings.num_proxies, Some(1));
        assert!(settings.check().is_ok());

        // Defaults: the machine's own names, cookies for plain HTTP, X-Forwarded-For ignored.
        let defaults = env(&[]).apply(Settings::new()).unwrap();
        assert_eq!(
            defaults.allowed_hosts.patterns(),
            crate::http::hosts::DEVELOPMENT_HOSTS
        );
        assert!(!defaults.session_cookie_secure && !defaults.csrf_cookie_secure);
        assert_eq!(defaults.num_proxies, Some(0));

        for (name, value, message) in [
            (
                "NUM_PROXIES",
                "two",
                "NUM_PROXIES=\"two\" is not a number of proxies (0, 1, 2, …)",
            ),
            (
                "SESSION_COOKIE_SECURE",
                "maybe",
                "SESSION_COOKIE_SECURE=\"maybe\" is not a boolean; use true or false",
            ),
            (
                "SECURE_PROXY_SSL_HEADER",
                "https",
                "SECURE_PROXY_SSL_HEADER=\"https\" must be `<header>=<value>`, e.g. `X-Forwarded-Proto=https`",
            ),
            (
                "SECURE_PROXY_SSL_HEADER",
                "X-Forwarded-Proto=",
                "SECURE_PROXY_SSL_HEADER=\"X-Forwarded-Proto=\" must be `<header>=<value>`, e.g. `X-Forwarded-Proto=https`",
            ),
            (
                "SECURE_PROXY_SSL_HEADER",
                "HTTP_X_FORWARDED_PROTO=https",
                "SECURE_PROXY_SSL_HEADER=\"HTTP_X_FORWARDED_PROTO=https\" names the header as Django's META key; write the header itself, e.g. `X-Forwarded-Proto=https`",
            ),
        ] {
            let Err(Failure::User(error)) = env(&[(name, value)]).apply(Settings::new()) else {
                panic!("{name}={value} must be refused");
            };
            assert_eq!(error, message);
        }
        let problems = env(&[("CSRF_TRUSTED_ORIGINS", "app.example.com")])
            .apply(Settings::new())
            .unwrap()
            .check()
            .unwrap_err();
        assert_eq!(
            problems,
            [
                "CSRF trusted origin `app.example.com` must start with a scheme, e.g. `https://app.example.com`"
            ]
        );
    }

    #[test]
    fn the_command_line_parses_as_documented() {
        let cli = Cli::try_parse_from(["app"]).unwrap();
        assert!(cli.command.is_none());
        let cli = Cli::try_parse_from(["app", "serve", "--addr", "0.0.0.0:9000"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Serve { addr }) if addr.port() == 9000));
        let cli = Cli::try_parse_from([
            "app",
            "createuser",
            "bob",
            "--email",
            "b@x.io",
            "--password",
            "pw",
            "--staff",
        ])
        .unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Createuser { ref name, staff: true, .. }) if name == "bob"
        ));
        let cli = Cli::try_parse_from(["app", "drf_create_token", "bob", "-r"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::DrfCreateToken { reset: true, .. })
        ));
        assert!(Cli::try_parse_from(["app", "createuser"]).is_err());
    }
}
