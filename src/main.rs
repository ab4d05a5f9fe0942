//! The `carrel` binary: parse arguments and dispatch.

use clap::Parser;

fn main() -> std::process::ExitCode {
    carrel::cli::run(carrel::cli::Cli::parse())
}
