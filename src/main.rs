//! The `carrel` binary: parse arguments and dispatch.

use clap::Parser;

fn main() -> std::process::ExitCode {
    match carrel::cli::Cli::try_parse() {
        Ok(cli) => carrel::cli::run(cli),
        Err(e) => carrel::cli::usage_error(e),
    }
}
