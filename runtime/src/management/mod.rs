//! The command line of a restforge binary, Django's `manage.py`: `serve`, `migrate`,
//! `createsuperuser`, `changepassword` (see [`run`](run::run)), and the log it writes
//! ([`logging`]).

pub mod logging;
pub mod run;

pub use run::{run, run_with_args};
