//! Django's `auth_user` and DRF's `authtoken_token`, read and written as Django does
//! (DRF-CONTRACT §5.1, §7), so an existing Django database's users and tokens keep working.
//!
//! ```no_run
//! # async fn demo(db: &restforge::db::Database, signals: &restforge::db::signals::Signals)
//! # -> Result<(), Box<dyn std::error::Error>> {
//! use restforge::contrib::users;
//!
//! let alice = users::create_user(db, signals, "alice", "a@example.com", Some("s3cret"), false).await?;
//! let key = users::token_for(db, alice.id).await?; // 40 lowercase hex characters
//! assert_eq!(users::user_by_token(db, &key).await?.map(|u| u.id), Some(alice.id));
//! assert!(users::authenticate(db, "alice", "s3cret").await?.is_some());
//! # Ok(()) }
//! ```

use rand::Rng;

use crate::contrib::auth::User;
use crate::contrib::auth::password::{
    check_password_async, is_password_usable, make_password_async, make_unusable_password,
    must_update,
};
use crate::core::model::{FieldKind, Model};
use crate::core::value::Value;
use crate::db::objects::{WriteError, Writer, now};
use crate::db::signals::Signals;
use crate::db::{Database, DbError, Param};

/// What the HTTP layer needs to know about a request's user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthUser {
    pub id: i64,
    pub username: String,
    pub is_staff: bool,
    pub is_active: bool,
    pub is_superuser: bool,
}

/// The columns read into an [`AuthUser`], with alias `u`.
const USER_COLUMNS: &str = "\"u\".\"id\", \"u\".\"username\", \"u\".\"is_staff\", \"u\".\"is_active\", \"u\".\"is_superuser\"";

const USER_TYPES: [FieldKind; 5] = [
    FieldKind::Integer,
    FieldKind::Char,
    FieldKind::Boolean,
    FieldKind::Boolean,
    FieldKind::Boolean,
];

fn auth_user(row: Vec<Value>) -> Option<AuthUser> {
    let mut values = row.into_iter();
    let (
        Some(Value::Int(id)),
        Some(Value::Text(username)),
        Some(Value::Bool(is_staff)),
        Some(Value::Bool(is_active)),
        Some(Value::Bool(is_superuser)),
    ) = (
        values.next(),
        values.next(),
        values.next(),
        values.next(),
        values.next(),
    )
    else {
        return None;
    };
    Some(AuthUser {
        id,
        username,
        is_staff,
        is_active,
        is_superuser,
    })
}

impl From<&User> for AuthUser {
    fn from(user: &User) -> Self {
        AuthUser {
            id: i64::from(user.id),
            username: user.username.clone(),
            is_staff: user.is_staff,
            is_active: user.is_active,
            is_superuser: user.is_superuser,
        }
    }
}

/// The user holding token `key`, active or not (the caller answers `User inactive or
/// deleted.` for an inactive one). One statement: the token joined to its user.
pub async fn user_by_token(db: &Database, key: &str) -> Result<Option<AuthUser>, DbError> {
    let sql = format!(
        "SELECT {USER_COLUMNS} FROM \"authtoken_token\" AS \"t\" \
         INNER JOIN \"auth_user\" AS \"u\" ON \"u\".\"id\" = \"t\".\"user_id\" \
         WHERE \"t\".\"key\" = {}",
        db.placeholder(1, FieldKind::Char)
    );
    let row = db
        .fetch_optional(&sql, &[Param::text(key)], &USER_TYPES)
        .await?;
    Ok(row.and_then(auth_user))
}

/// The user with primary key `id`.
pub async fn user_by_id(db: &Database, id: i64) -> Result<Option<AuthUser>, DbError> {
    let sql = format!(
        "SELECT {USER_COLUMNS} FROM \"auth_user\" AS \"u\" WHERE \"u\".\"id\" = {}",
        db.placeholder(1, FieldKind::Integer)
    );
    let row = db
        .fetch_optional(
            &sql,
            &[Param::new(Value::Int(id), FieldKind::Integer)],
            &USER_TYPES,
        )
        .await?;
    Ok(row.and_then(auth_user))
}

/// The user with primary key `id` and their stored password hash (sessions check it).
pub async fn user_with_password(
    db: &Database,
    id: i64,
) -> Result<Option<(AuthUser, String)>, DbError> {
    let sql = format!(
        "SELECT {USER_COLUMNS}, \"u\".\"password\" FROM \"auth_user\" AS \"u\" WHERE \"u\".\"id\" = {}",
        db.placeholder(1, FieldKind::Integer)
    );
    let mut types = USER_TYPES.to_vec();
    types.push(FieldKind::Char);
    let Some(mut row) = db
        .fetch_optional(
            &sql,
            &[Param::new(Value::Int(id), FieldKind::Integer)],
            &types,
        )
        .await?
    else {
        return Ok(None);
    };
    let Some(Value::Text(password)) = row.pop() else {
        return Ok(None);
    };
    Ok(auth_user(row).map(|user| (user, password)))
}

/// The whole `auth_user` row of `username`.
pub async fn user_by_username(db: &Database, username: &str) -> Result<Option<User>, DbError> {
    let Some(record) = crate::db::query::Query::new(User::meta())
        .filter_eq("username", Value::Text(username.to_string()))
        .fetch_all(db)
        .await?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    User::from_row(record.row)
        .map(Some)
        .map_err(|e| DbError::Decode {
            column: 0,
            expected: "an auth_user row",
            found: e.to_string(),
        })
}

/// Whether any user's username equals `username` case-insensitively: allauth's
/// `filter_users_by_username` (`username__iexact`), which registration and dj-rest-auth's user
/// update check. `UPPER` on both sides is Django's `iexact` on PostgreSQL; on SQLite it folds
/// ASCII only, as Django's `LIKE` there does.
pub async fn username_exists_iexact(db: &Database, username: &str) -> Result<bool, DbError> {
    let sql = format!(
        "SELECT 1 FROM \"auth_user\" WHERE UPPER(\"username\") = UPPER({})",
        db.placeholder(1, FieldKind::Char)
    );
    Ok(db
        .fetch_optional(&sql, &[Param::text(username)], &[FieldKind::Integer])
        .await?
        .is_some())
}

/// A new user to create (Django's `create_user` / `create_superuser` arguments).
#[derive(Clone, Default)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub email: &'a str,
    /// `None` makes the password unusable, as Django's `create_user(password=None)`.
    pub password: Option<&'a str>,
    pub is_staff: bool,
    pub is_superuser: bool,
    pub first_name: &'a str,
    pub last_name: &'a str,
}

impl std::fmt::Debug for NewUser<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The password never reaches a log.
        f.debug_struct("NewUser")
            .field("username", &self.username)
            .field("email", &self.email)
            .field("password", &self.password.map(|_| "***"))
            .field("is_staff", &self.is_staff)
            .field("is_superuser", &self.is_superuser)
            .finish_non_exhaustive()
    }
}

/// Django's `User.objects.create_user`: `is_active` true, `date_joined` now, empty names
/// unless given, the e-mail's domain lower-cased (`normalize_email`), the password hashed
/// with PBKDF2. post_save receivers run in the same transaction, so the user's profile
/// exists when this returns. A taken username is `WriteError::Unique(["username"])`.
pub async fn create_user(
    db: &Database,
    signals: &Signals,
    username: &str,
    email: &str,
    password: Option<&str>,
    staff: bool,
) -> Result<AuthUser, WriteError> {
    create(
        db,
        signals,
        NewUser {
            username,
            email,
            password,
            is_staff: staff,
            ..NewUser::default()
        },
    )
    .await
}

/// Django's `create_superuser`: staff and superuser.
pub async fn create_superuser(
    db: &Database,
    signals: &Signals,
    username: &str,
    email: &str,
    password: Option<&str>,
) -> Result<AuthUser, WriteError> {
    create(
        db,
        signals,
        NewUser {
            username,
            email,
            password,
            is_staff: true,
            is_superuser: true,
            ..NewUser::default()
        },
    )
    .await
}

/// Creates a user from every option.
pub async fn create(
    db: &Database,
    signals: &Signals,
    user: NewUser<'_>,
) -> Result<AuthUser, WriteError> {
    let password = match user.password {
        Some(password) => make_password_async(password).await,
        None => make_unusable_password(),
    };
    create_with_hash(db, signals, &user, password).await
}

/// [`create`] with an already hashed password (imports, and tests that cannot wait for a
/// million PBKDF2 rounds).
pub async fn create_with_hash(
    db: &Database,
    signals: &Signals,
    user: &NewUser<'_>,
    password_hash: String,
) -> Result<AuthUser, WriteError> {
    let values = vec![
        ("password", Value::Text(password_hash)),
        ("last_login", Value::Null),
        ("is_superuser", Value::Bool(user.is_superuser)),
        ("username", Value::Text(user.username.to_string())),
        ("first_name", Value::Text(user.first_name.to_string())),
        ("last_name", Value::Text(user.last_name.to_string())),
        ("email", Value::Text(normalize_email(user.email))),
        ("is_staff", Value::Bool(user.is_staff)),
        ("is_active", Value::Bool(true)),
        ("date_joined", Value::DateTime(now())),
    ];
    let row = Writer::new(db, signals)
        .create(User::meta(), values)
        .await?;
    let user = User::from_row(row).map_err(|e| WriteError::Invalid(e.to_string()))?;
    Ok(AuthUser::from(&user))
}

/// Django's `BaseUserManager.normalize_email`: the domain part lower-cased.
pub fn normalize_email(email: &str) -> String {
    match email.trim().rsplit_once('@') {
        Some((local, domain)) => format!("{local}@{}", domain.to_lowercase()),
        None => email.trim().to_string(),
    }
}

/// Django's `ModelBackend.authenticate`: the user whose password matches, if active.
///
/// An unknown username still costs one hash, so response times do not tell which usernames
/// exist (Django runs the hasher for the same reason). Unusable passwords never match. A
/// matching password stored with an outdated iteration count or short salt is re-hashed
/// and saved, as Django's `check_password` setter does.
pub async fn authenticate(
    db: &Database,
    username: &str,
    password: &str,
) -> Result<Option<AuthUser>, DbError> {
    let sql = format!(
        "SELECT {USER_COLUMNS}, \"u\".\"password\" FROM \"auth_user\" AS \"u\" \
         WHERE \"u\".\"username\" = {}",
        db.placeholder(1, FieldKind::Char)
    );
    let mut types = USER_TYPES.to_vec();
    types.push(FieldKind::Char);
    let row = db
        .fetch_optional(&sql, &[Param::text(username)], &types)
        .await?;
    let Some(mut row) = row else {
        let _ = make_password_async(password).await;
        return Ok(None);
    };
    let encoded = match row.pop() {
        Some(Value::Text(encoded)) => encoded,
        _ => return Ok(None),
    };
    let Some(user) = auth_user(row) else {
        return Ok(None);
    };
    // check_password compares in constant time and rejects unusable (`!…`) values.
    if !is_password_usable(&encoded) || !check_password_async(password, &encoded).await {
        return Ok(None);
    }
    if must_update(&encoded) {
        set_password(db, user.id, password).await?;
    }
    Ok(user.is_active.then_some(user))
}

/// Hashes and stores a new password (Django's `set_password` + `save`).
pub async fn set_password(db: &Database, user_id: i64, password: &str) -> Result<bool, DbError> {
    let sql = format!(
        "UPDATE \"auth_user\" SET \"password\" = {} WHERE \"id\" = {}",
        db.placeholder(1, FieldKind::Char),
        db.placeholder(2, FieldKind::Integer)
    );
    let changed = db
        .execute(
            &sql,
            &[
                Param::text(make_password_async(password).await),
                Param::new(Value::Int(user_id), FieldKind::Integer),
            ],
        )
        .await?;
    Ok(changed > 0)
}

/// Sets `last_login` to now (Django's `update_last_login`, on session and JWT logins).
pub async fn update_last_login(db: &Database, user_id: i64) -> Result<(), DbError> {
    let sql = format!(
        "UPDATE \"auth_user\" SET \"last_login\" = {} WHERE \"id\" = {}",
        db.placeholder(1, FieldKind::DateTime),
        db.placeholder(2, FieldKind::Integer)
    );
    db.execute(
        &sql,
        &[
            Param::new(Value::DateTime(now()), FieldKind::DateTime),
            Param::new(Value::Int(user_id), FieldKind::Integer),
        ],
    )
    .await?;
    Ok(())
}

/// DRF's `Token.objects.get_or_create(user=user)`: the user's token, made on first use as
/// 40 lowercase hex characters from the operating system's CSPRNG (`secrets.token_hex(20)`).
/// Safe against two requests creating one at once: the loser's INSERT does nothing and both
/// read the winner's key.
pub async fn token_for(db: &Database, user_id: i64) -> Result<String, DbError> {
    let select = format!(
        "SELECT \"key\" FROM \"authtoken_token\" WHERE \"user_id\" = {}",
        db.placeholder(1, FieldKind::Integer)
    );
    let user = Param::new(Value::Int(user_id), FieldKind::Integer);
    if let Some(row) = db
        .fetch_optional(&select, std::slice::from_ref(&user), &[FieldKind::Char])
        .await?
        && let Some(Value::Text(key)) = row.into_iter().next()
    {
        return Ok(key);
    }
    let insert = format!(
        "INSERT INTO \"authtoken_token\" (\"key\", \"created\", \"user_id\") VALUES ({}, {}, {}) \
         ON CONFLICT DO NOTHING",
        db.placeholder(1, FieldKind::Char),
        db.placeholder(2, FieldKind::DateTime),
        db.placeholder(3, FieldKind::Integer)
    );
    db.execute(
        &insert,
        &[
            Param::text(generate_key()),
            Param::new(Value::DateTime(now()), FieldKind::DateTime),
            user.clone(),
        ],
    )
    .await?;
    match db
        .fetch_optional(&select, &[user], &[FieldKind::Char])
        .await?
        .and_then(|row| row.into_iter().next())
    {
        Some(Value::Text(key)) => Ok(key),
        // The INSERT failed silently only if the user does not exist.
        _ => Err(DbError::Decode {
            column: 0,
            expected: "a token for an existing user",
            found: format!("no auth_user row with id {user_id}"),
        }),
    }
}

/// Deletes the user's token (logout in token mode, or `drf_create_token -r`).
pub async fn delete_token(db: &Database, user_id: i64) -> Result<(), DbError> {
    let sql = format!(
        "DELETE FROM \"authtoken_token\" WHERE \"user_id\" = {}",
        db.placeholder(1, FieldKind::Integer)
    );
    db.execute(&sql, &[Param::new(Value::Int(user_id), FieldKind::Integer)])
        .await?;
    Ok(())
}

/// `secrets.token_hex(20)`.
fn generate_key() -> String {
    let mut bytes = [0u8; 20];
    // ThreadRng is a CSPRNG seeded from the operating system.
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contrib::auth::password::{ITERATIONS, make_password_with};
    use crate::core::types::OneToOne;
    use crate::db::query::fixtures;

    async fn stored_hash(db: &Database, id: i64) -> String {
        let rows = db
            .fetch(
                &format!(
                    "SELECT \"password\" FROM \"auth_user\" WHERE \"id\" = {}",
                    db.placeholder(1, FieldKind::Integer)
                ),
                &[Param::new(Value::Int(id), FieldKind::Integer)],
                &[FieldKind::Char],
            )
            .await
            .unwrap();
        match &rows[0][0] {
            Value::Text(hash) => hash.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn create_user_writes_djangos_defaults_and_the_signal_makes_a_profile() {
        for test in fixtures::databases().await {
            let db = &test.db;
            let signals = fixtures::signals();
            let alice = create_user(
                db,
                &signals,
                "alice",
                "Alice@Example.COM",
                Some("s3cret"),
                true,
            )
            .await
            .unwrap();
            assert!(alice.is_staff && alice.is_active && !alice.is_superuser);
            let profile = fixtures::profile_of(db, &alice).await;
            assert_eq!(profile.user, OneToOne::new(alice.id));
            let user = user_by_username(db, "alice").await.unwrap().unwrap();
            assert_eq!(user.email, "Alice@example.com");
            assert_eq!(
                (user.first_name.as_str(), user.last_name.as_str()),
                ("", "")
            );
            assert_eq!(user.last_login, None);
            assert!((chrono::Utc::now() - user.date_joined).num_seconds() < 60);
            assert!(user.password.starts_with("pbkdf2_sha256$1000000$"));

            let taken = create_user(db, &signals, "alice", "", None, false)
                .await
                .unwrap_err();
            assert!(matches!(taken, WriteError::Unique(ref f) if f == &["username"]));

            let nobody = create_user(db, &signals, "nobody", "", None, false)
                .await
                .unwrap();
            assert!(stored_hash(db, nobody.id).await.starts_with('!'));
            assert_eq!(authenticate(db, "nobody", "").await.unwrap(), None);
            assert_eq!(authenticate(db, "nobody", "!").await.unwrap(), None);
            test.finish().await;
        }
    }

    #[tokio::test]
    async fn authenticate_checks_rehashes_outdated_hashes_and_refuses_inactive_users() {
        for test in fixtures::databases().await {
            let db = &test.db;
            let signals = fixtures::signals();
            // An old Django's hash: fewer iterations, 12-character salt.
            let old = make_password_with("s3cret", "AAAAAAAAAAAA", 1000);
            let user = create_with_hash(
                db,
                &signals,
                &NewUser {
                    username: "alice",
                    ..NewUser::default()
                },
                old.clone(),
            )
            .await
            .unwrap();
            assert_eq!(authenticate(db, "alice", "wrong").await.unwrap(), None);
            assert_eq!(stored_hash(db, user.id).await, old);
            assert_eq!(authenticate(db, "nobody", "s3cret").await.unwrap(), None);

            let found = authenticate(db, "alice", "s3cret").await.unwrap().unwrap();
            assert_eq!(found.id, user.id);
            let new = stored_hash(db, user.id).await;
            assert!(
                new.starts_with(&format!("pbkdf2_sha256${ITERATIONS}$")),
                "{new}"
            );
            assert!(!must_update(&new));
            // The re-hashed password still works, and is not re-hashed again.
            assert!(authenticate(db, "alice", "s3cret").await.unwrap().is_some());
            assert_eq!(stored_hash(db, user.id).await, new);

            db.execute("UPDATE \"auth_user\" SET \"is_active\" = false", &[])
                .await
                .unwrap();
            assert_eq!(authenticate(db, "alice", "s3cret").await.unwrap(), None);
            test.finish().await;
        }
    }

    #[tokio::test]
    async fn tokens_are_made_once_and_found_with_one_statement() {
        for test in fixtures::databases().await {
            let db = &test.db;
            let signals = fixtures::signals();
            let alice = fixtures::user(db, &signals, "alice").await;
            let key = token_for(db, alice.id).await.unwrap();
            assert_eq!(key.len(), 40);
            assert!(
                key.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            );
            assert_eq!(token_for(db, alice.id).await.unwrap(), key);

            let before = db.statements_executed();
            let found = user_by_token(db, &key).await.unwrap().unwrap();
            assert_eq!(db.statements_executed() - before, 1);
            assert_eq!(found, alice);
            assert_eq!(user_by_token(db, &key.to_uppercase()).await.unwrap(), None);
            assert_eq!(user_by_id(db, alice.id).await.unwrap(), Some(alice.clone()));

            // Inactive users are still found: the caller says "User inactive or deleted."
            db.execute("UPDATE \"auth_user\" SET \"is_active\" = false", &[])
                .await
                .unwrap();
            assert!(!user_by_token(db, &key).await.unwrap().unwrap().is_active);

            delete_token(db, alice.id).await.unwrap();
            assert_eq!(user_by_token(db, &key).await.unwrap(), None);
            assert_ne!(token_for(db, alice.id).await.unwrap(), key);
            assert!(token_for(db, 999).await.is_err());
            test.finish().await;
        }
    }

    #[test]
    fn emails_are_normalised_like_django_and_passwords_stay_out_of_debug() {
        assert_eq!(normalize_email(" Bob@EXAMPLE.com "), "Bob@example.com");
        assert_eq!(normalize_email("no-at-sign"), "no-at-sign");
        let user = NewUser {
            username: "u",
            password: Some("hunter2"),
            ..NewUser::default()
        };
        assert!(!format!("{user:?}").contains("hunter2"));
    }
}
