//! The SQL migrations, embedded in the binary at compile time, one list per database. The files
//! were written by `restforge makemigrations --from-src src` from the models.

use restforge::prelude::*;

/// Every migration in order; the runtime applies the pending ones at start-up.
pub fn migrations() -> Migrations {
    restforge::migrations!()
}
