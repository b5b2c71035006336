//! One function per subcommand: the glue between ingest, index, search and render. Configs are plain structs that
//! `main.rs` fills from the command line; nothing here knows clap.

pub mod export;
pub mod ingest;
pub mod query;

use std::io::IsTerminal;

/// What a subcommand tells `main` about how it went, for the exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Succeeded / something matched.
    Ok,
    /// Nothing matched, or nothing could be indexed.
    Nothing,
}

/// Messages for the person at the terminal, on stderr so stdout stays clean for pipes.
#[derive(Clone, Copy, Debug)]
pub struct Console {
    pub quiet: bool,
    pub progress: bool,
}

impl Console {
    pub fn new(quiet: bool) -> Console {
        Console {
            quiet,
            progress: !quiet && std::io::stderr().is_terminal(),
        }
    }

    pub fn note(&self, msg: &str) {
        if !self.quiet {
            eprintln!("dateline: {msg}");
        }
    }

    /// A problem with one file: always shown, one line naming the file.
    pub fn warn(&self, path: &str, msg: &str) {
        eprintln!("dateline: warning: {path}: {msg}");
    }
}
