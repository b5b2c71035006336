//! Readers: one file in, raw `Record`s out, one module per format. A reader finds title, body, metadata and date
//! *candidates*; it does not parse dates (see `crate::dates`) nor look for places, and it does not normalize text
//! (ingest does that once for every format).
//!
//! This module owns what every format shares: choosing the reader (the extension, checked against the content by
//! `sniff`), the file I/O with its size caps and gzip, decoding (`encoding`), and the body-size cap.
//!
//! Limits (all in [`ReadOptions`]):
//! * whole-file formats (HTML, Markdown, text, JSON) are read into memory: a file (or its decompressed content)
//!   over `max_file_bytes` (64 MiB) is skipped with a reason naming its size and the limit;
//! * JSONL, CSV and TSV are read incrementally, record by record, so they may be larger: up to
//!   `max_stream_bytes` (4 GiB) on disk. [`read_path_each`] hands each record to a callback, so memory stays
//!   bounded by one record; [`read_path`] collects them;
//! * gzip: the decompressed size is capped by `max_decompressed_bytes` (256 MiB) whatever the format, so a gzip
//!   bomb is refused. A truncated or corrupt `.gz` skips a whole-file format (a partial web page or JSON document
//!   is not the article); for JSONL/CSV/TSV the records read before the damage are kept, with a warning;
//! * an article body over `max_body_bytes` (2 MiB) is cut at the last paragraph break (or else character
//!   boundary) before the limit, with a warning.

pub mod csv;
pub mod encoding;
pub mod fields;
pub mod html;
pub mod json;
pub mod markdown;
pub mod sniff;
pub mod text;

pub use fields::{FieldMap, UnreadField};

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::Path;

/// One article as a reader found it, before normalization and enrichment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Record {
    /// The title, when the format declares one; otherwise ingest takes the first line of the body.
    pub title: Option<String>,
    /// The article text, paragraphs separated by blank lines (not yet normalized).
    pub body: String,
    /// Date strings the file declares (header, front matter, JSON keys, CSV column, HTML metas), best first.
    pub dates: Vec<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// Who wrote it, as the file names them (several joined with `, `).
    pub author: Option<String>,
    /// The publisher's section or category: `Politics`, `world`.
    pub section: Option<String>,
    pub language: Option<String>,
}

/// The formats dateline reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text with an optional `Key: value` header block.
    Text,
    /// A web page.
    Html,
    /// One JSON document: an article object, an array of them, or an object wrapping such an array.
    Json,
    /// One JSON article object per line (`.jsonl`, `.ndjson`).
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
    /// Markdown with optional YAML (`---`) or TOML (`+++`) front matter.
    Markdown,
}

impl Format {
    /// The format for a path, from its extension (`.gz` is looked through: `a.html.gz` is HTML); `None` for files
    /// dateline skips.
    pub fn from_path(path: &Path) -> Option<Format> {
        // Lossy: a file name in a legacy encoding (Latin-1 `été.txt`) still has its extension.
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let (_, ext) = name.rsplit_once('.')?;
        Format::from_extension(ext)
    }

    /// The format for an extension without its dot, in any case.
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Format::Text),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            "tsv" | "tab" => Some(Format::Tsv),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }

    /// Whether the path names a gzip-compressed file (`.gz`).
    pub fn is_gzip_path(path: &Path) -> bool {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
    }

    /// Formats read record by record, never whole into memory.
    pub fn streams(self) -> bool {
        matches!(self, Format::Jsonl | Format::Csv | Format::Tsv)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Text => "text",
            Format::Html => "HTML",
            Format::Json => "JSON",
            Format::Jsonl => "JSON Lines",
            Format::Csv => "CSV",
            Format::Tsv => "TSV",
            Format::Markdown => "Markdown",
        })
    }
}

const MIB: u64 = 1024 * 1024;

/// Options that change how files are read.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Extra field names for JSON keys and CSV columns (`--map title=headline,date=pub_time`).
    pub field_map: FieldMap,
    /// Largest whole-file format (HTML, Markdown, text, JSON) read, on disk and decompressed.
    pub max_file_bytes: u64,
    /// Largest JSONL/CSV/TSV file read (on disk); these are read record by record.
    pub max_stream_bytes: u64,
    /// Largest decompressed size of a `.gz`, whatever the format: the gzip-bomb guard.
    pub max_decompressed_bytes: u64,
    /// Longest article body kept; a longer one is truncated at a paragraph break, with a warning.
    pub max_body_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            field_map: FieldMap::default(),
            max_file_bytes: 64 * MIB,
            max_stream_bytes: 4096 * MIB,
            max_decompressed_bytes: 256 * MIB,
            max_body_bytes: 2 * MIB as usize,
        }
    }
}

/// What reading one file gave: its articles, and problems that did not stop the file (a bad JSONL line, ...).
#[derive(Debug, Default)]
pub struct FileRead {
    pub records: Vec<Record>,
    pub warnings: Vec<String>,
    /// Fields that hold text but map to nothing (each is also one of the warnings).
    pub unread: Vec<UnreadField>,
}

/// What reading a file told besides its records: problems that did not stop it, one line each, and the fields
/// that were not read (each also one of the warnings, for the run's summary to list).
#[derive(Debug, Default)]
pub struct Notes {
    pub warnings: Vec<String>,
    pub unread: Vec<UnreadField>,
}

/// Why a whole file was skipped. The messages do not name the file: the caller prefixes the path.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SkipReason {
    #[error("empty file")]
    Empty,
    /// Not text; the string says what gave it away (a PNG signature, NUL bytes, ...).
    #[error("binary file, not text: {0}")]
    Binary(String),
    /// Over a size limit; the string names the size and the limit.
    #[error("{0}")]
    TooLarge(String),
    /// No reader for this extension.
    #[error("{0}")]
    Unsupported(String),
    /// The file is text in the right format but holds no article (a page without text or title).
    #[error("no article: {0}")]
    NoText(String),
    #[error("cannot read: {0}")]
    Io(String),
    #[error("{0}")]
    Malformed(String),
}

/// A size in bytes as people read it: `812 bytes`, `3.4 KiB`, `100.0 MiB`.
pub fn human_size(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} bytes");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    if v.fract() == 0.0 {
        format!("{v:.0} {}", UNITS[unit])
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

/// Turns a whole file's bytes into text (BOMs, UTF-16, legacy encodings; see `encoding`). Binary content is
/// refused. Warnings (lossy decoding) are dropped: use [`read`] to get them.
pub fn decode(bytes: &[u8]) -> Result<String, SkipReason> {
    if let Some(why) = sniff::binary_reason(bytes) {
        return Err(SkipReason::Binary(why));
    }
    let decoded = encoding::decode(bytes, None);
    if decoded.text.trim().is_empty() {
        return Err(SkipReason::Empty);
    }
    Ok(decoded.text)
}

/// Reads one file's bytes as `format` (the extension's format: the content may switch it, see `sniff`). Gzip
/// content (by its magic number) is decompressed first, within the caps.
pub fn read(bytes: &[u8], format: Format, opts: &ReadOptions) -> Result<FileRead, SkipReason> {
    let mut records = Vec::new();
    let notes = read_from(Box::new(Cursor::new(bytes)), format, opts, &mut |r| {
        records.push(r)
    })?;
    Ok(FileRead {
        records,
        warnings: notes.warnings,
        unread: notes.unread,
    })
}

/// Reads one file: picks the reader by extension (checked against the content), does the I/O, gzip and size
/// caps, and returns its records in file order.
pub fn read_path(path: &Path, opts: &ReadOptions) -> Result<FileRead, SkipReason> {
    let mut records = Vec::new();
    let notes = read_path_each(path, opts, &mut |r| records.push(r))?;
    Ok(FileRead {
        records,
        warnings: notes.warnings,
        unread: notes.unread,
    })
}

/// Like [`read_path`], but hands each record to `sink` as soon as it is read, so a large JSONL/CSV dump never sits
/// in memory whole. Returns the warnings and unread fields. Records already handed over stay valid when a later
/// part of the file fails: a JSONL/CSV file that breaks off returns its warnings, never an `Err`, once records
/// were read.
pub fn read_path_each(
    path: &Path,
    opts: &ReadOptions,
    sink: &mut dyn FnMut(Record),
) -> Result<Notes, SkipReason> {
    let format = checked_format(path)?;
    let file = File::open(path).map_err(|e| SkipReason::Io(e.to_string()))?;
    let size = file
        .metadata()
        .map_err(|e| SkipReason::Io(e.to_string()))?
        .len();
    check_size(format, size, opts)?;
    read_from(Box::new(file), format, opts, sink)
}

/// Like [`read_path_each`], for a file whose bytes the caller has already read (to hash them, say): the same
/// checks and the same records, without reading the file again.
pub fn read_bytes_each(
    path: &Path,
    bytes: &[u8],
    opts: &ReadOptions,
    sink: &mut dyn FnMut(Record),
) -> Result<Notes, SkipReason> {
    let format = checked_format(path)?;
    check_size(format, bytes.len() as u64, opts)?;
    read_from(Box::new(bytes), format, opts, sink)
}

/// The format a path's extension names, or why the file is not read.
fn checked_format(path: &Path) -> Result<Format, SkipReason> {
    Format::from_path(path).ok_or_else(|| {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| format!("extension .{e}"))
            .unwrap_or_else(|| "a file without an extension".to_string());
        SkipReason::Unsupported(format!("no reader for {ext}"))
    })
}

/// Refuses a file over the size limit of its format, or an empty one, before any of it is read.
fn check_size(format: Format, size: u64, opts: &ReadOptions) -> Result<(), SkipReason> {
    let limit = if format.streams() {
        opts.max_stream_bytes
    } else {
        opts.max_file_bytes
    };
    if size > limit {
        return Err(SkipReason::TooLarge(format!(
            "file is {}, over the {} limit for {format} files",
            human_size(size),
            human_size(limit)
        )));
    }
    if size == 0 {
        return Err(SkipReason::Empty);
    }
    Ok(())
}

/// How many leading bytes decide the content checks (binary, format, encoding).
const HEAD_BYTES: usize = 64 * 1024;

/// Marks the io::Error a [`Capped`] reader raises, so it can be told from a corrupt stream.
#[derive(Debug)]
struct OverCap;
impl fmt::Display for OverCap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("over the size limit")
    }
}
impl std::error::Error for OverCap {}

/// A reader that fails (with [`OverCap`]) once more than `left` bytes came through: how decompression is capped.
struct Capped<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.left {
            return Err(io::Error::other(OverCap));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

fn is_over_cap(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<OverCap>())
}

/// Marks the io::Error a streaming reader raises when the content cannot be read as its format at all (a CSV
/// header without article columns), so it becomes a `SkipReason::Malformed`.
#[derive(Debug)]
struct Unreadable(String);
impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for Unreadable {}

pub(crate) fn unreadable(msg: String) -> io::Error {
    io::Error::other(Unreadable(msg))
}

/// Reads up to `n` bytes (fewer only at the end of the stream).
fn read_head(r: &mut dyn Read, n: usize) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(n.min(HEAD_BYTES));
    r.take(n as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// The reader behind [`read`] and [`read_path_each`]: gzip, caps, content checks, then the format's reader. Fields
/// that were not read become warnings too, after the others.
fn read_from<'a>(
    input: Box<dyn Read + 'a>,
    declared: Format,
    opts: &ReadOptions,
    sink: &mut dyn FnMut(Record),
) -> Result<Notes, SkipReason> {
    let mut unread = Vec::new();
    let mut warnings = read_format(input, declared, opts, sink, &mut unread)?;
    warnings.extend(unread.iter().map(ToString::to_string));
    Ok(Notes { warnings, unread })
}

fn read_format<'a>(
    mut input: Box<dyn Read + 'a>,
    declared: Format,
    opts: &ReadOptions,
    sink: &mut dyn FnMut(Record),
    unread: &mut Vec<UnreadField>,
) -> Result<Vec<String>, SkipReason> {
    let mut warnings = Vec::new();
    let io_err = |e: io::Error| SkipReason::Io(e.to_string());
    let magic = read_head(&mut input, 2).map_err(io_err)?;
    let gzipped = magic == [0x1f, 0x8b];
    let raw: Box<dyn Read + 'a> = Box::new(Cursor::new(magic).chain(input));
    // Decompressed data is capped: a whole-file format never needs more than `max_file_bytes`, and nothing more
    // than `max_decompressed_bytes` (the gzip-bomb guard).
    let (mut input, cap): (Box<dyn Read + 'a>, u64) = if gzipped {
        let cap = if declared.streams() {
            opts.max_decompressed_bytes
        } else {
            opts.max_decompressed_bytes.min(opts.max_file_bytes)
        };
        let gz = flate2::read::MultiGzDecoder::new(BufReader::new(raw));
        (
            Box::new(Capped {
                inner: gz,
                left: cap,
            }),
            cap,
        )
    } else {
        (raw, u64::MAX)
    };
    let gz_err = |e: io::Error, got: usize| -> SkipReason {
        if let Some(u) = e.get_ref().and_then(|i| i.downcast_ref::<Unreadable>()) {
            SkipReason::Malformed(u.0.clone())
        } else if is_over_cap(&e) {
            SkipReason::TooLarge(format!(
                "gzip content decompresses to more than {} (the limit for decompressed data; a gzip bomb?)",
                human_size(cap)
            ))
        } else if gzipped {
            let after = if got > 0 {
                format!(" (after {} decompressed)", human_size(got as u64))
            } else {
                String::new()
            };
            SkipReason::Malformed(format!("truncated or corrupt gzip data{after}: {e}"))
        } else {
            SkipReason::Io(e.to_string())
        }
    };
    let head = read_head(&mut input, HEAD_BYTES).map_err(|e| gz_err(e, 0))?;
    // Only a short head is the whole content; a long run of blanks may hide a gzip bomb, read on to the cap.
    if head.len() < HEAD_BYTES && head.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(SkipReason::Empty);
    }
    if let Some(why) = sniff::binary_reason(&head) {
        let why = if gzipped {
            format!("{why} (inside gzip)")
        } else {
            why
        };
        return Err(SkipReason::Binary(why));
    }
    let (format, note) = sniff::effective_format(declared, &head);
    warnings.extend(note);
    // Streaming needs a byte encoding where a newline byte is a newline: UTF-16 content is read whole instead.
    let utf16 = encoding::utf16_kind(&head).is_some();
    if format.streams() && !utf16 {
        let input = BufReader::with_capacity(256 * 1024, Cursor::new(head).chain(input));
        let before = warnings.len();
        let mut count = 0usize;
        let result = match format {
            Format::Jsonl => json::read_lines(input, opts, &mut warnings, unread, &mut |r| {
                count += 1;
                sink(r)
            }),
            _ => csv::read_stream(
                input,
                format == Format::Tsv,
                opts,
                &mut warnings,
                unread,
                &mut |r| {
                    count += 1;
                    sink(r)
                },
            ),
        };
        if let Err(e) = result {
            // Records already delivered stand; the damage is a warning. With none, the file is skipped.
            let reason = gz_err(e, 0);
            if count == 0 {
                return Err(reason);
            }
            warnings.push(format!("{reason}; kept the {count} records read before it"));
        }
        if count == 0 {
            let first = warnings
                .get(before)
                .map(|w| format!(": {w}"))
                .unwrap_or_default();
            return Err(SkipReason::Malformed(format!(
                "no {format} records found{first}"
            )));
        }
        return Ok(warnings);
    }
    let mut bytes = head;
    let got = bytes.len();
    input.read_to_end(&mut bytes).map_err(|e| gz_err(e, got))?;
    if !gzipped && bytes.len() as u64 > opts.max_file_bytes {
        // Only reachable through `read`, which is handed bytes without a file size.
        return Err(SkipReason::TooLarge(format!(
            "content is {}, over the {} limit for {format} files",
            human_size(bytes.len() as u64),
            human_size(opts.max_file_bytes)
        )));
    }
    let declared_charset = if format == Format::Html {
        encoding::html_declared_charset(&bytes)
    } else {
        None
    };
    let decoded = encoding::decode(&bytes, declared_charset);
    drop(bytes);
    warnings.extend(decoded.warning);
    let text = decoded.text;
    if text.trim().is_empty() {
        return Err(SkipReason::Empty);
    }
    let mut records = match format {
        Format::Text => vec![text::read(&text)],
        Format::Html => vec![html::read(&text, &mut warnings)],
        Format::Markdown => vec![markdown::read(&text, opts, &mut warnings, unread)],
        Format::Json => json::read_document(&text, opts, &mut warnings, unread)?,
        Format::Jsonl => {
            let mut out = Vec::new();
            json::read_lines(
                Cursor::new(text.as_bytes()),
                opts,
                &mut warnings,
                unread,
                &mut |r| out.push(r),
            )
            .map_err(|e| gz_err(e, 0))?;
            out
        }
        Format::Csv | Format::Tsv => {
            let mut out = Vec::new();
            csv::read_stream(
                Cursor::new(text.as_bytes()),
                format == Format::Tsv,
                opts,
                &mut warnings,
                unread,
                &mut |r| out.push(r),
            )
            .map_err(|e| gz_err(e, 0))?;
            out
        }
    };
    let many = records.len() > 1;
    for (i, rec) in records.iter_mut().enumerate() {
        let label = if many {
            format!("record {}: ", i + 1)
        } else {
            String::new()
        };
        cap_body(rec, opts.max_body_bytes, &label, &mut warnings);
    }
    if records.is_empty() {
        let first = warnings
            .first()
            .map(|w| format!(": {w}"))
            .unwrap_or_default();
        return Err(SkipReason::Malformed(format!(
            "no {format} records found{first}"
        )));
    }
    if records
        .iter()
        .all(|r| r.body.trim().is_empty() && r.title.is_none())
    {
        return Err(SkipReason::NoText(format!(
            "the {format} content has no text and no title"
        )));
    }
    for r in records {
        sink(r);
    }
    Ok(warnings)
}

/// Truncates an over-long body at the last paragraph break before `max` bytes (else the last line break, space
/// or character boundary), with a warning that starts with `label`.
pub fn cap_body(rec: &mut Record, max: usize, label: &str, warnings: &mut Vec<String>) {
    if rec.body.len() <= max {
        return;
    }
    let mut end = max;
    while !rec.body.is_char_boundary(end) {
        end -= 1;
    }
    let window = &rec.body[..end];
    // Prefer a cut that keeps most of the allowance: a paragraph break in the second half, else a line break or
    // space near the end.
    let cut = [("\n\n", max / 2), ("\n", max * 3 / 4), (" ", max * 9 / 10)]
        .iter()
        .find_map(|(sep, min)| window.rfind(sep).filter(|&i| i >= *min))
        .unwrap_or(end);
    let original = rec.body.len();
    rec.body.truncate(cut);
    warnings.push(format!(
        "{label}article body is {}, truncated to {} (the body limit is {})",
        human_size(original as u64),
        human_size(cut as u64),
        human_size(max as u64)
    ));
}

/// Line-oriented readers share this: reads one line (without its end) into `buf`, growing as needed; returns
/// false at the end. A 10 MB line costs one 10 MB buffer, read linearly.
pub(crate) fn next_line(r: &mut dyn BufRead, buf: &mut Vec<u8>) -> io::Result<bool> {
    buf.clear();
    if r.read_until(b'\n', buf)? == 0 {
        return Ok(false);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn formats_come_from_extensions_through_gz() {
        assert_eq!(Format::from_path(Path::new("a/b.HTML")), Some(Format::Html));
        assert_eq!(
            Format::from_path(Path::new("dump.jsonl.gz")),
            Some(Format::Jsonl)
        );
        assert_eq!(
            Format::from_path(Path::new("x.ndjson")),
            Some(Format::Jsonl)
        );
        assert_eq!(
            Format::from_path(Path::new("notes.markdown")),
            Some(Format::Markdown)
        );
        assert_eq!(Format::from_path(Path::new("photo.png")), None);
        assert_eq!(Format::from_path(Path::new("archive.gz")), None);
        assert_eq!(Format::from_path(Path::new("README")), None);
        assert!(Format::is_gzip_path(Path::new("a.html.GZ")));
    }

    #[test]
    fn sizes_read_like_people_write_them() {
        assert_eq!(human_size(812), "812 bytes");
        assert_eq!(human_size(64 * MIB), "64 MiB");
        assert_eq!(human_size(1536), "1.5 KiB");
    }

    #[test]
    fn long_bodies_are_cut_at_a_paragraph_break() {
        let para = "word ".repeat(40);
        let body = vec![para.trim(); 100].join("\n\n");
        let mut rec = Record {
            body,
            ..Record::default()
        };
        let mut w = Vec::new();
        cap_body(&mut rec, 1000, "", &mut w);
        assert!(rec.body.len() <= 1000);
        assert!(
            rec.body.ends_with("word"),
            "{:?}",
            &rec.body[rec.body.len() - 10..]
        );
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("truncated"), "{}", w[0]);
    }

    #[test]
    fn a_cut_never_splits_a_character() {
        let mut rec = Record {
            body: "é".repeat(1000),
            ..Record::default()
        };
        let mut w = Vec::new();
        cap_body(&mut rec, 101, "", &mut w);
        assert!(rec.body.len() <= 101);
        assert!(rec.body.chars().all(|c| c == 'é'));
    }

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn gzip_content_is_read_through() {
        let html = b"<html><head><title>Flood</title></head><body><p>The river rose overnight.</p></body></html>";
        let got = read(&gz(html), Format::Html, &ReadOptions::default()).unwrap();
        assert_eq!(got.records.len(), 1);
        assert!(
            got.records[0].body.contains("The river rose"),
            "{:?}",
            got.records[0]
        );
    }

    #[test]
    fn a_gzip_bomb_is_refused() {
        let bomb = gz(&vec![b'a'; 3 * 1024 * 1024]);
        let opts = ReadOptions {
            max_decompressed_bytes: 1024 * 1024,
            ..ReadOptions::default()
        };
        let err = read(&bomb, Format::Text, &opts).unwrap_err();
        assert!(
            matches!(&err, SkipReason::TooLarge(m) if m.contains("gzip bomb")),
            "{err}"
        );
    }

    #[test]
    fn a_truncated_gzip_skips_a_whole_file_format() {
        let text = "Title: x\n\n".to_string() + &"Some words here. ".repeat(2000);
        let mut data = gz(text.as_bytes());
        data.truncate(data.len() / 2);
        let err = read(&data, Format::Text, &ReadOptions::default()).unwrap_err();
        assert!(
            matches!(&err, SkipReason::Malformed(m) if m.contains("truncated")),
            "{err}"
        );
    }

    #[test]
    fn a_truncated_gzip_keeps_the_jsonl_records_before_the_damage() {
        let mut lines = String::new();
        for i in 0..3000 {
            lines.push_str(&format!(
                "{{\"title\":\"T{i}\",\"text\":\"Body {i} with {i} words.\"}}\n"
            ));
        }
        let mut data = gz(lines.as_bytes());
        data.truncate(data.len() * 2 / 3);
        let got = read(&data, Format::Jsonl, &ReadOptions::default()).unwrap();
        assert!(got.records.len() > 100, "{}", got.records.len());
        assert!(
            got.warnings.iter().any(|w| w.contains("truncated")),
            "{:?}",
            got.warnings
        );
    }

    #[test]
    fn binary_and_empty_content_is_skipped() {
        let err = read(
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
            Format::Text,
            &ReadOptions::default(),
        )
        .unwrap_err();
        assert!(
            matches!(&err, SkipReason::Binary(m) if m.contains("PNG")),
            "{err}"
        );
        assert_eq!(
            read(b" \n\t\n", Format::Html, &ReadOptions::default()).unwrap_err(),
            SkipReason::Empty
        );
        assert_eq!(
            read(b"", Format::Jsonl, &ReadOptions::default()).unwrap_err(),
            SkipReason::Empty
        );
    }
}
