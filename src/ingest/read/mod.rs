//! Readers: bytes of one file in, raw `Record`s out, one module per format. A reader finds title, body, metadata
//! and date *candidates*; it does not parse dates (see `crate::dates`) nor look for places, and it does not
//! normalize text (ingest does that once for every format).

pub mod text;

use std::fmt;
use std::path::Path;

/// One article as a reader found it, before normalization and enrichment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Record {
    /// The title, when the format declares one; otherwise ingest takes the first line of the body.
    pub title: Option<String>,
    pub body: String,
    /// Date strings the file declares (header, front matter, JSON keys, CSV column, HTML metas), best first.
    pub dates: Vec<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    pub language: Option<String>,
}

/// The formats dateline reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
}

impl Format {
    /// The format for a path, from its extension (`.gz` is looked through); `None` for files dateline skips.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            _ => None,
        }
    }
}

/// Options that change how files are read.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {}

/// What reading one file gave: its articles, and problems that did not stop the file (a bad JSONL line, ...).
#[derive(Debug, Default)]
pub struct FileRead {
    pub records: Vec<Record>,
    pub warnings: Vec<String>,
}

/// Why a whole file was skipped.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SkipReason {
    #[error("empty file")]
    Empty,
    #[error("binary file, not text")]
    Binary,
    #[error("cannot read: {0}")]
    Io(String),
    #[error("{0}")]
    Malformed(String),
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Text => "text",
        })
    }
}

/// Turns a file's bytes into text: UTF-8 with or without BOM, else windows-1252. Binary content is refused.
pub fn decode(bytes: &[u8]) -> Result<String, SkipReason> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(SkipReason::Empty);
    }
    if bytes.contains(&0) {
        return Err(SkipReason::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(_) => Ok(encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned()),
    }
}

/// Reads one file's bytes as `format`.
pub fn read(bytes: &[u8], format: Format, _opts: &ReadOptions) -> Result<FileRead, SkipReason> {
    match format {
        Format::Text => {
            let text = decode(bytes)?;
            Ok(FileRead {
                records: vec![text::read(&text)],
                warnings: Vec::new(),
            })
        }
    }
}
