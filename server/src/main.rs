//! `server`: the portal's command-line entry point (see `server --help`).

fn main() -> std::process::ExitCode {
    server::cli::main()
}
