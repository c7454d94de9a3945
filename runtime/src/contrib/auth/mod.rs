//! Django's `django.contrib.auth`: the `auth.User` model, password hashers and password
//! validators.

pub mod password;
pub mod user;
pub mod validators;

pub use user::User;
