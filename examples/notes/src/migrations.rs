//! The project's SQL migrations: the files of `migrations/`, embedded in the binary at compile
//! time and checked there (numbered without gaps, the same ones for every database, none that
//! restforge wrote edited since).

use restforge::prelude::*;

/// Every migration in order; the runtime applies the pending ones at start-up.
pub fn migrations() -> Migrations {
    restforge::migrations!()
}
