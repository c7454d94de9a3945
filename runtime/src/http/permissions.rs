//! DRF's permissions: [`Permission`] with `has_permission` and `has_object_permission`, the
//! built-in classes, owner rules ([`Owner`], what `#[derive(Permission)]` writes) and
//! composition with [`And`], [`Or`] and [`Not`] (DRF's `&`, `|` and `~`).
//!
//! A view checks every permission's `has_permission` before its handler (DRF's
//! `check_permissions`) and `has_object_permission` when it looks an object up
//! (`check_object_permissions` in `get_object`). A permission that reads the object through
//! relations names those paths in [`Permission::object_paths`]: the view selects them with the
//! object, so the check itself costs no statement.
//!
//! A permission of your own is a struct that implements the trait; both methods may be
//! `async` and query the database:
//!
//! ```
//! use restforge::http::error::ApiError;
//! use restforge::http::permissions::{Object, Permission};
//! use restforge::http::request::Request;
//!
//! /// Only staff may delete.
//! #[derive(Debug, Clone, Copy, Default)]
//! struct StaffMayDelete;
//!
//! impl Permission for StaffMayDelete {
//!     async fn has_permission(&self, request: &Request<'_>) -> Result<bool, ApiError> {
//!         Ok(request.action() != Some("destroy") || request.user().is_some_and(|u| u.is_staff))
//!     }
//! }
//! ```

use std::fmt;
use std::future::{Future, ready};

use futures_util::future::BoxFuture;

use crate::core::model::{Model, ModelMeta};
use crate::core::value::{Value, ValueError};
use crate::db::query::Record;
use crate::http::error::{ApiError, AuthChallenge};
use crate::http::request::Request;

/// A permission class. Both checks pass by default (DRF's `BasePermission`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a permission",
    note = "derive `Permission` for an owner rule, or write `impl restforge::http::permissions::Permission for {Self}`"
)]
pub trait Permission: fmt::Debug + Send + Sync + 'static {
    /// DRF's `has_permission`: whether the request may reach the view at all.
    fn has_permission(
        &self,
        request: &Request<'_>,
    ) -> impl Future<Output = Result<bool, ApiError>> + Send {
        let _ = request;
        ready(Ok(true))
    }

    /// DRF's `has_object_permission`: whether the request may act on `object`.
    fn has_object_permission(
        &self,
        request: &Request<'_>,
        object: &Object<'_>,
    ) -> impl Future<Output = Result<bool, ApiError>> + Send {
        let _ = (request, object);
        ready(Ok(true))
    }

    /// The paths through relations (`["project", "owner"]`) that `has_object_permission`
    /// reads with [`Object::path`]; the view selects them with the object.
    fn object_paths(&self, paths: &mut Vec<&'static [&'static str]>) {
        let _ = paths;
    }

    /// DRF's `message`: the 403 detail when this permission refuses, instead of `You do not
    /// have permission to perform this action.`.
    fn message(&self) -> Option<&str> {
        None
    }
}

/// A [`Permission`] behind a pointer: what settings and views hold (`&IsAuthenticated`
/// coerces to `&dyn DynPermission`). Implemented for every permission; not implemented by hand.
pub trait DynPermission: fmt::Debug + Send + Sync {
    /// [`Permission::has_permission`], boxed.
    fn check<'a>(&'a self, request: &'a Request<'a>) -> BoxFuture<'a, Result<bool, ApiError>>;

    /// [`Permission::has_object_permission`], boxed.
    fn check_object<'a>(
        &'a self,
        request: &'a Request<'a>,
        object: &'a Object<'a>,
    ) -> BoxFuture<'a, Result<bool, ApiError>>;

    /// [`Permission::object_paths`].
    fn collect_object_paths(&self, paths: &mut Vec<&'static [&'static str]>);

    /// [`Permission::message`].
    fn denial_message(&self) -> Option<&str>;
}

impl<P: Permission> DynPermission for P {
    fn check<'a>(&'a self, request: &'a Request<'a>) -> BoxFuture<'a, Result<bool, ApiError>> {
        Box::pin(self.has_permission(request))
    }

    fn check_object<'a>(
        &'a self,
        request: &'a Request<'a>,
        object: &'a Object<'a>,
    ) -> BoxFuture<'a, Result<bool, ApiError>> {
        Box::pin(self.has_object_permission(request, object))
    }

    fn collect_object_paths(&self, paths: &mut Vec<&'static [&'static str]>) {
        self.object_paths(paths);
    }

    fn denial_message(&self) -> Option<&str> {
        self.message()
    }
}

/// The object a permission checks (DRF's `obj`): its columns, and the values selected through
/// relations for [`Permission::object_paths`].
#[derive(Debug, Clone, Copy)]
pub struct Object<'a> {
    model: &'static ModelMeta,
    record: &'a Record,
    paths: &'a [Vec<&'static str>],
}

impl<'a> Object<'a> {
    /// `record`, a row of `model` read by a query whose selected paths are `paths`.
    pub fn new(
        model: &'static ModelMeta,
        record: &'a Record,
        paths: &'a [Vec<&'static str>],
    ) -> Self {
        Object {
            model,
            record,
            paths,
        }
    }

    /// The object's model.
    pub fn model(&self) -> &'static ModelMeta {
        self.model
    }

    /// The primary key.
    pub fn pk(&self) -> &'a Value {
        self.record.pk(self.model)
    }

    /// A column by field name (a foreign key's value is the related row's key).
    pub fn get(&self, field: &str) -> Option<&'a Value> {
        self.record.get(self.model, field)
    }

    /// The value at the end of a path through relations (`["project", "owner"]` is the key of
    /// the project's owner), when the path was selected (see [`Permission::object_paths`]).
    /// `Null` when a relation on the way is null.
    pub fn path(&self, path: &[&str]) -> Option<&'a Value> {
        let index = self.paths.iter().position(|p| p.as_slice() == path)?;
        self.record.related.get(index)
    }

    /// The object as its model struct.
    pub fn to_model<M: Model>(&self) -> Result<M, ValueError> {
        M::from_row(self.record.row.clone())
    }
}

/// Declares a built-in permission class.
macro_rules! builtin_permission {
    ($($(#[$doc:meta])* $name:ident => |$request:ident| $rule:expr;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
        pub struct $name;

        impl Permission for $name {
            fn has_permission(
                &self,
                $request: &Request<'_>,
            ) -> impl Future<Output = Result<bool, ApiError>> + Send {
                ready(Ok($rule))
            }
        }
    )*};
}

builtin_permission! {
    /// DRF's `AllowAny`: every request passes.
    AllowAny => |request| { let _ = request; true };
    /// DRF's `IsAuthenticated`: the request has a user.
    IsAuthenticated => |request| request.user().is_some();
    /// DRF's `IsAdminUser`: the user is staff.
    IsAdminUser => |request| request.user().is_some_and(|u| u.is_staff);
    /// DRF's `IsAuthenticatedOrReadOnly`: safe methods pass, others need a user.
    IsAuthenticatedOrReadOnly => |request| request.is_safe_method() || request.user().is_some();
}

/// An object-level owner rule: the object passes when the user reached through `owner` is the
/// request's user. `#[derive(Permission)]` with `owner = "…"` implements a permission with one.
///
/// ```
/// use restforge::http::permissions::Owner;
///
/// // The status's profile's user; reads pass.
/// const OWNER: Owner = Owner { owner: &["user_profile", "user"], allow_safe_methods: true };
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner {
    /// Field path from the object to the user (`["user_profile", "user"]`); empty when the
    /// object is the user.
    pub owner: &'static [&'static str],
    /// GET, HEAD and OPTIONS pass without the owner check.
    pub allow_safe_methods: bool,
}

impl Owner {
    /// Whether `request`'s user owns `object`.
    pub fn allows(&self, request: &Request<'_>, object: &Object<'_>) -> bool {
        if self.allow_safe_methods && request.is_safe_method() {
            return true;
        }
        let owner = if self.owner.is_empty() {
            Some(object.pk())
        } else {
            object.path(self.owner)
        };
        match (request.user(), owner) {
            (Some(user), Some(Value::Int(owner))) => user.id == *owner,
            _ => false,
        }
    }
}

impl Permission for Owner {
    fn has_object_permission(
        &self,
        request: &Request<'_>,
        object: &Object<'_>,
    ) -> impl Future<Output = Result<bool, ApiError>> + Send {
        ready(Ok(self.allows(request, object)))
    }

    fn object_paths(&self, paths: &mut Vec<&'static [&'static str]>) {
        if !self.owner.is_empty() {
            paths.push(self.owner);
        }
    }
}

/// DRF's `A & B`: both must allow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct And<A, B>(pub A, pub B);

/// DRF's `A | B`: either may allow. On an object, a side allows when both its checks pass
/// (DRF ≥ 3.14).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Or<A, B>(pub A, pub B);

/// DRF's `~A`: allows what `A` refuses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Not<A>(pub A);

impl<A: Permission, B: Permission> Permission for And<A, B> {
    async fn has_permission(&self, request: &Request<'_>) -> Result<bool, ApiError> {
        Ok(self.0.has_permission(request).await? && self.1.has_permission(request).await?)
    }

    async fn has_object_permission(
        &self,
        request: &Request<'_>,
        object: &Object<'_>,
    ) -> Result<bool, ApiError> {
        Ok(self.0.has_object_permission(request, object).await?
            && self.1.has_object_permission(request, object).await?)
    }

    fn object_paths(&self, paths: &mut Vec<&'static [&'static str]>) {
        self.0.object_paths(paths);
        self.1.object_paths(paths);
    }
}

impl<A: Permission, B: Permission> Permission for Or<A, B> {
    async fn has_permission(&self, request: &Request<'_>) -> Result<bool, ApiError> {
        Ok(self.0.has_permission(request).await? || self.1.has_permission(request).await?)
    }

    async fn has_object_permission(
        &self,
        request: &Request<'_>,
        object: &Object<'_>,
    ) -> Result<bool, ApiError> {
        Ok((self.0.has_permission(request).await?
            && self.0.has_object_permission(request, object).await?)
            || (self.1.has_permission(request).await?
                && self.1.has_object_permission(request, object).await?))
    }

    fn object_paths(&self, paths: &mut Vec<&'static [&'static str]>) {
        self.0.object_paths(paths);
        self.1.object_paths(paths);
    }
}

impl<A: Permission> Permission for Not<A> {
    async fn has_permission(&self, request: &Request<'_>) -> Result<bool, ApiError> {
        Ok(!self.0.has_permission(request).await?)
    }

    async fn has_object_permission(
        &self,
        request: &Request<'_>,
        object: &Object<'_>,
    ) -> Result<bool, ApiError> {
        Ok(!self.0.has_object_permission(request, object).await?)
    }

    fn object_paths(&self, paths: &mut Vec<&'static [&'static str]>) {
        self.0.object_paths(paths);
    }
}

/// DRF's `check_permissions`: the first permission that refuses decides the error.
pub async fn check_permissions(
    permissions: &[&'static dyn DynPermission],
    request: &Request<'_>,
    has_authenticators: bool,
    challenge: impl FnOnce() -> AuthChallenge,
) -> Result<(), ApiError> {
    for permission in permissions {
        if !permission.check(request).await? {
            return Err(denied(
                *permission,
                request,
                has_authenticators,
                challenge(),
            ));
        }
    }
    Ok(())
}

/// DRF's `check_object_permissions`.
pub async fn check_object_permissions(
    permissions: &[&'static dyn DynPermission],
    request: &Request<'_>,
    object: &Object<'_>,
    has_authenticators: bool,
    challenge: impl FnOnce() -> AuthChallenge,
) -> Result<(), ApiError> {
    for permission in permissions {
        if !permission.check_object(request, object).await? {
            return Err(denied(
                *permission,
                request,
                has_authenticators,
                challenge(),
            ));
        }
    }
    Ok(())
}

/// Whether every permission allows the request (OPTIONS asks this for the method it
/// describes).
pub async fn all_allow(
    permissions: &[&'static dyn DynPermission],
    request: &Request<'_>,
) -> Result<bool, ApiError> {
    for permission in permissions {
        if !permission.check(request).await? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The error a refusal raises (DRF's `permission_denied`): `NotAuthenticated` when the view
/// has authentication classes and none found a user, otherwise `PermissionDenied` with the
/// permission's message.
fn denied(
    permission: &dyn DynPermission,
    request: &Request<'_>,
    has_authenticators: bool,
    challenge: AuthChallenge,
) -> ApiError {
    if has_authenticators && request.user().is_none() {
        return ApiError::NotAuthenticated(challenge);
    }
    match permission.denial_message() {
        Some(message) => ApiError::PermissionDenied(message.to_owned()),
        None => ApiError::permission_denied(),
    }
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, Method};

    use super::*;
    use crate::contrib::users::AuthUser;
    use crate::db::Database;
    use crate::http::app::{App, AppState};
    use crate::http::request::{Body, RequestContext};
    use crate::http::settings::Settings;

    /// Allows only on objects whose pk is 1; `has_permission` as told.
    #[derive(Debug)]
    struct ObjectOne {
        allows_view: bool,
    }

    impl Permission for ObjectOne {
        async fn has_permission(&self, _request: &Request<'_>) -> Result<bool, ApiError> {
            Ok(self.allows_view)
        }

        async fn has_object_permission(
            &self,
            _request: &Request<'_>,
            object: &Object<'_>,
        ) -> Result<bool, ApiError> {
            Ok(object.pk() == &Value::Int(1))
        }
    }

    async fn state() -> AppState {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        AppState::new(db, Settings::new(), &App::new("tests"))
    }

    fn context(method: Method, user: Option<AuthUser>) -> RequestContext {
        RequestContext {
            method,
            path: "/".into(),
            query: None,
            headers: HeaderMap::new(),
            user,
            body: Body::Bytes(Default::default()),
            remote_addr: None,
            secure: false,
            session_accessed: false,
        }
    }

    fn staff() -> AuthUser {
        AuthUser {
            id: 7,
            username: "carol".into(),
            is_staff: true,
            is_active: true,
            is_superuser: false,
        }
    }

    /// DRF's `&`, `|` and `~` (permissions.py `AND`, `OR`, `NOT`), including OR on an object:
    /// a side passes when its `has_permission` and its `has_object_permission` both do.
    #[tokio::test]
    async fn composition_follows_drf() {
        let state = state().await;
        let model = <crate::contrib::auth::User as crate::core::model::Model>::meta();
        let record = |pk: i64| crate::db::query::Record {
            row: vec![Value::Int(pk)],
            related: Vec::new(),
            many_to_many: Vec::new(),
        };
        let (one, two) = (record(1), record(2));
        let (one, two) = (Object::new(model, &one, &[]), Object::new(model, &two, &[]));
        let anonymous = context(Method::GET, None);
        let anonymous = Request::new(&anonymous, &state, None);
        let carol = context(Method::POST, Some(staff()));
        let carol = Request::new(&carol, &state, None);

        let both = And(IsAuthenticated, IsAdminUser);
        assert!(!both.has_permission(&anonymous).await.unwrap());
        assert!(both.has_permission(&carol).await.unwrap());

        let either = Or(IsAdminUser, AllowAny);
        assert!(either.has_permission(&anonymous).await.unwrap());
        // OR on an object: ObjectOne's side counts only if its has_permission passes too.
        let gated = Or(ObjectOne { allows_view: false }, Not(AllowAny));
        assert!(!gated.has_object_permission(&carol, &one).await.unwrap());
        let open = Or(ObjectOne { allows_view: true }, Not(AllowAny));
        assert!(open.has_object_permission(&carol, &one).await.unwrap());
        assert!(!open.has_object_permission(&carol, &two).await.unwrap());

        let not_admin = Not(IsAdminUser);
        assert!(not_admin.has_permission(&anonymous).await.unwrap());
        assert!(!not_admin.has_permission(&carol).await.unwrap());
        // NOT of the object check alone, as DRF's NOT.has_object_permission.
        let not_one = Not(ObjectOne { allows_view: false });
        assert!(!not_one.has_object_permission(&carol, &one).await.unwrap());
        assert!(not_one.has_object_permission(&carol, &two).await.unwrap());
    }

    /// A refusal is NotAuthenticated for an anonymous request to a view with authentication
    /// classes, else PermissionDenied with the permission's message.
    #[tokio::test]
    async fn refusals_are_drfs() {
        #[derive(Debug)]
        struct Never;

        impl Permission for Never {
            async fn has_permission(&self, _request: &Request<'_>) -> Result<bool, ApiError> {
                Ok(false)
            }

            fn message(&self) -> Option<&str> {
                Some("Never.")
            }
        }

        static NEVER: Never = Never;
        let state = state().await;
        let anonymous = context(Method::GET, None);
        let anonymous = Request::new(&anonymous, &state, None);
        let carol = context(Method::GET, Some(staff()));
        let carol = Request::new(&carol, &state, None);
        let list: [&'static dyn DynPermission; 2] = [&IsAuthenticated, &NEVER];
        let error = check_permissions(&list, &anonymous, true, AuthChallenge::none)
            .await
            .unwrap_err();
        assert!(matches!(error, ApiError::NotAuthenticated(_)), "{error:?}");
        let error = check_permissions(&list, &anonymous, false, AuthChallenge::none)
            .await
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "You do not have permission to perform this action."
        );
        let error = check_permissions(&list, &carol, true, AuthChallenge::none)
            .await
            .unwrap_err();
        assert_eq!(error.to_string(), "Never.");
    }
}
