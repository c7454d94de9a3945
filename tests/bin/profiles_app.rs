//! The reference app's binary, as `examples/profiles/src/main.rs` builds it (`restforge::run`
//! with its settings, app and migrations), for the tests that need a real process: killed,
//! restarted, signalled.

#[allow(dead_code)]
#[path = "../../examples/profiles/src/profiles/mod.rs"]
mod profiles;
#[path = "../../examples/profiles/src/settings.rs"]
mod settings;

fn main() -> std::process::ExitCode {
    restforge::run(
        settings::settings(),
        profiles::app(),
        restforge_tests::migrations::profiles(),
    )
}
