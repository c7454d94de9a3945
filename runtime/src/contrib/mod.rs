//! Django's contrib apps and helpers the HTTP layer builds on: users and their password hashes
//! ([`auth`], [`users`]), sessions, signing, and simplejwt's tokens.
//!
//! This layer sits on [`crate::core`] and [`crate::db`] and knows nothing of HTTP requests:
//! DRF's authentication classes (in [`crate::http`]) call into it, as DRF's call into
//! `django.contrib.auth`.

pub mod auth;
pub mod jwt;
pub mod mail;
pub mod messages;
pub mod sessions;
pub mod signing;
pub mod users;
