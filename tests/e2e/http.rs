//! The raw HTTP/1.1 client of `restforge::testing`, under the name the end-to-end tests use.

// Each end-to-end test crate includes this module and uses part of it.
#[allow(unused_imports)]
pub use restforge::testing::client::{Request, Response, multipart};
