//! The `restforge` command.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use restforge_generator::cli::Cli;
use restforge_generator::commands::{self, Failure};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut stdout = std::io::stdout().lock();
    let result = commands::run(cli.command, &mut stdout, &mut std::io::stderr());
    let _ = stdout.flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::User { lines, summary }) => {
            let mut stderr = std::io::stderr().lock();
            for line in lines {
                let _ = writeln!(stderr, "{line}");
            }
            let _ = writeln!(stderr, "error: {summary}");
            ExitCode::from(1)
        }
        Err(Failure::Internal { message, causes }) => {
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "error: {message}");
            for cause in causes {
                let _ = writeln!(stderr, "caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}
