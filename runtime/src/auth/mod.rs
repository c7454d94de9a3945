//! Authentication building blocks shared by the authentication classes.

pub mod password;
