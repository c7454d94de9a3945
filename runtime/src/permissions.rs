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
//! use restforge::error::ApiError;
//! use restforge::permissions::{Object, Permission};
//! use restforge::request::Request;
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

use crate::error::{ApiError, AuthChallenge};
use crate::model::{Model, ModelMeta};
use crate::query::Record;
use crate::request::Request;
use crate::value::{Value, ValueError};

/// A permission class. Both checks pass by default (DRF's `BasePermission`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a permission",
    note = "derive `Permission` for an owner rule, or write `impl restforge::permissions::Permission for {Self}`"
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
/// use restforge::permissions::Owner;
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
