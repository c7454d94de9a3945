//! The `tracker` app: teams, members, projects, labels, issues and comments.

pub mod models;
pub mod permissions;
pub mod routes;
pub mod serializers;
pub mod views;

use restforge::prelude::*;

/// The app as the runtime serves it.
pub fn app() -> App {
    App::new("tracker")
        .model::<models::Team>()
        .model::<models::Member>()
        .model::<models::Project>()
        .model::<models::Label>()
        .model::<models::Issue>()
        .model::<models::Comment>()
        .router(routes::router())
}
