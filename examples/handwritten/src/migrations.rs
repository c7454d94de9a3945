//! The SQL migrations, embedded in the binary, one list per database. The files were written
//! by `restforge makemigrations --from-src examples/handwritten/src` from the models.

use restforge::prelude::*;

/// Every migration in order; the runtime applies the pending ones at start-up.
pub fn migrations() -> Migrations {
    Migrations::new()
        .sqlite(
            1,
            "auth",
            include_str!("../migrations/sqlite/0001_auth.sql"),
        )
        .sqlite(
            2,
            "tracker_initial",
            include_str!("../migrations/sqlite/0002_tracker_initial.sql"),
        )
        .sqlite(
            3,
            "session",
            include_str!("../migrations/sqlite/0003_session.sql"),
        )
        .postgres(
            1,
            "auth",
            include_str!("../migrations/postgres/0001_auth.sql"),
        )
        .postgres(
            2,
            "tracker_initial",
            include_str!("../migrations/postgres/0002_tracker_initial.sql"),
        )
        .postgres(
            3,
            "session",
            include_str!("../migrations/postgres/0003_session.sql"),
        )
}
