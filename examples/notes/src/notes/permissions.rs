//! Permissions of the `notes` app (DRF's permissions.py).
//!
//! Each struct is an object-level permission: the request passes when the user reached
//! through `owner` is the request's user (or, with `allow_safe_methods`, when the method is
//! GET, HEAD or OPTIONS).

use restforge::prelude::*;

/// Anyone signed in may read a note; only its owner may change it.
#[derive(Debug, Clone, Copy, Default, Permission)]
#[restforge(owner = "owner", allow_safe_methods)]
pub struct IsOwnerOrReadOnly;
