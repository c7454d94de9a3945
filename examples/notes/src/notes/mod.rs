//! The `notes` app.

pub mod hooks;
pub mod models;
pub mod permissions;
pub mod routes;
pub mod serializers;
pub mod signals;
pub mod views;

use restforge::prelude::*;

/// The app as the runtime serves it: its models, URLs and signal receivers.
pub fn app() -> App {
    let mut app = App::new("notes")
        .router(routes::router())
        .signals(signals::connect);
    app = app.model::<models::Note>();
    app
}
