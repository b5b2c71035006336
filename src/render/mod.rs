//! Render: `Results`, counts and articles → text, JSON, JSON lines or CSV on a writer (stdout). One module per
//! format. Nothing here knows tantivy.

pub mod csv;
pub mod json;
pub mod text;

use std::io::IsTerminal;

/// How text output looks on this terminal.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// ANSI bold for titles and matched words.
    pub color: bool,
    /// Columns available for bar charts.
    pub width: usize,
}

impl Style {
    /// Bold only on a terminal and when `NO_COLOR` is not set (https://no-color.org).
    pub fn for_stdout() -> Style {
        let tty = std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let width = console::Term::stdout()
            .size_checked()
            .map_or(80, |(_, w)| w as usize);
        Style {
            color: tty && !no_color,
            width: width.clamp(40, 200),
        }
    }

    pub fn plain() -> Style {
        Style {
            color: false,
            width: 80,
        }
    }
}
