//! Object permissions (DRF's permissions.py): reads for everyone, writes for the owner.

use restforge::prelude::*;

/// Only the project's owner may change it.
#[derive(Debug, Clone, Copy, Default, Permission)]
#[restforge(owner = "owner", allow_safe_methods)]
pub struct IsProjectOwnerOrReadOnly;

/// Only the member who reported an issue may change it.
#[derive(Debug, Clone, Copy, Default, Permission)]
#[restforge(owner = "reporter.user", allow_safe_methods)]
pub struct IsReporterOrReadOnly;

/// Only a comment's author may change it.
#[derive(Debug, Clone, Copy, Default, Permission)]
#[restforge(owner = "author", allow_safe_methods)]
pub struct IsAuthorOrReadOnly;
