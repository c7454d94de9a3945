//! Authentication building blocks: Django's users and password hashes, its sessions and CSRF
//! protection, simplejwt's tokens, Django's password validators, and the account endpoints of
//! dj-rest-auth, simplejwt and DRF's browsable API login.

pub mod csrf;
pub mod endpoints;
pub mod jwt;
pub mod password;
pub mod session;
pub mod signing;
pub mod user;
pub mod validators;

pub use user::User;
