//! Evaluating [`PermissionRule`]s: DRF's `check_permissions` before the handler and
//! `check_object_permissions` in `get_object`.
//!
//! An owner rule needs the id of the user who owns the object. The view fetches it with the
//! object itself, as a [`Query::select_path`](crate::query::Query::select_path) along the
//! rule's `owner` path ([`owner_path`]), so checking it costs no statement.
//!
//! ```
//! use restforge::meta::{ObjectRule, PermissionRule};
//! use restforge::permissions::{Subject, has_object_permission, has_permission};
//! use restforge::value::Value;
//!
//! let owner_only = PermissionRule::Object(ObjectRule { owner: &["user"], allow_safe_methods: true });
//! let alice = Subject { user_id: Some(1), is_staff: false, safe_method: false };
//! assert!(has_permission(owner_only, &alice));
//! assert!(has_object_permission(owner_only, &alice, Some(&Value::Int(1))));
//! assert!(!has_object_permission(owner_only, &alice, Some(&Value::Int(2))));
//! ```

use crate::error::{ApiError, AuthChallenge};
use crate::meta::PermissionRule;
use crate::value::Value;

/// What the rules look at: the user (if any) and whether the method is safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject {
    /// The authenticated user's pk.
    pub user_id: Option<i64>,
    /// The user's `is_staff`.
    pub is_staff: bool,
    /// GET, HEAD or OPTIONS.
    pub safe_method: bool,
}

/// DRF's `has_permission` of one class. Object rules pass here (BasePermission's default).
pub fn has_permission(rule: PermissionRule, subject: &Subject) -> bool {
    match rule {
        PermissionRule::AllowAny | PermissionRule::Object(_) => true,
        PermissionRule::IsAuthenticated => subject.user_id.is_some(),
        PermissionRule::IsAdminUser => subject.user_id.is_some() && subject.is_staff,
        PermissionRule::IsAuthenticatedOrReadOnly => {
            subject.safe_method || subject.user_id.is_some()
        }
    }
}

/// DRF's `has_object_permission` of one class; `owner` is the value selected along
/// [`owner_path`] (the object's own pk when the object is the user).
pub fn has_object_permission(
    rule: PermissionRule,
    subject: &Subject,
    owner: Option<&Value>,
) -> bool {
    match rule {
        PermissionRule::Object(object) => {
            if object.allow_safe_methods && subject.safe_method {
                return true;
            }
            match (subject.user_id, owner) {
                (Some(user), Some(Value::Int(owner))) => user == *owner,
                _ => false,
            }
        }
        _ => true,
    }
}

/// The path to select for an owner rule: the `owner` path itself, whose last step is the
/// relation to the user, so the selected value is the user's pk. `None` for rules without an
/// owner and for an empty path (the object is the user: its pk is the owner).
pub fn owner_path(rule: PermissionRule) -> Option<&'static [&'static str]> {
    match rule {
        PermissionRule::Object(object) if !object.owner.is_empty() => Some(object.owner),
        _ => None,
    }
}

/// The error a failed check raises (DRF's `permission_denied`): `NotAuthenticated` when the view
/// has authentication classes and none found a user, otherwise `PermissionDenied`.
pub fn denied(subject: &Subject, has_authenticators: bool, challenge: AuthChallenge) -> ApiError {
    if has_authenticators && subject.user_id.is_none() {
        ApiError::NotAuthenticated(challenge)
    } else {
        ApiError::permission_denied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::ObjectRule;

    const ANON: Subject = Subject {
        user_id: None,
        is_staff: false,
        safe_method: true,
    };
    const USER: Subject = Subject {
        user_id: Some(7),
        is_staff: false,
        safe_method: false,
    };

    #[test]
    fn builtins() {
        use PermissionRule::*;
        assert!(has_permission(AllowAny, &ANON));
        assert!(!has_permission(IsAuthenticated, &ANON));
        assert!(has_permission(IsAuthenticated, &USER));
        assert!(!has_permission(IsAdminUser, &USER));
        assert!(has_permission(
            IsAdminUser,
            &Subject {
                is_staff: true,
                ..USER
            }
        ));
        assert!(has_permission(IsAuthenticatedOrReadOnly, &ANON));
        assert!(!has_permission(
            IsAuthenticatedOrReadOnly,
            &Subject {
                safe_method: false,
                ..ANON
            }
        ));
    }

    #[test]
    fn owner_rules() {
        let strict = PermissionRule::Object(ObjectRule {
            owner: &["user_profile", "user"],
            allow_safe_methods: false,
        });
        let reading = Subject {
            safe_method: true,
            ..USER
        };
        assert!(!has_object_permission(
            strict,
            &reading,
            Some(&Value::Int(8))
        ));
        assert!(has_object_permission(
            strict,
            &reading,
            Some(&Value::Int(7))
        ));
        assert!(!has_object_permission(strict, &ANON, Some(&Value::Null)));
        assert_eq!(owner_path(strict), Some(&["user_profile", "user"][..]));
    }

    #[test]
    fn denied_depends_on_authenticators() {
        let challenge = AuthChallenge::header("Token");
        assert_eq!(denied(&ANON, true, challenge.clone()).status(), 401);
        assert_eq!(denied(&ANON, false, challenge.clone()).status(), 403);
        assert_eq!(denied(&USER, true, challenge).status(), 403);
    }
}
