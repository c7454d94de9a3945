//! Models of the `notes` app (Django's models.py).
//!
//! Each struct is a table; `#[derive(Model)]` reads its fields and attributes into the
//! metadata the runtime queries, validates and migrates with.

use restforge::contrib::auth::User;
use restforge::prelude::*;

/// A note, written by its owner.
#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "notes", ordering("-created_at"), display = "title")]
pub struct Note {
    pub id: i64,
    #[restforge(on_delete = "cascade")]
    pub owner: ForeignKey<User>,
    #[restforge(max_length = 100)]
    pub title: String,
    #[restforge(blank)]
    pub body: String,
    #[restforge(auto_now_add)]
    pub created_at: DateTime,
}
