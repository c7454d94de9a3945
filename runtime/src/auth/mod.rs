//! Authentication building blocks shared by the authentication classes.

pub mod password;

pub mod user;

pub use user::User;
