//! Publication dates: parsing the many ways news writes a date, picking the best evidence for an article
//! (metadata, then path, then text, then the file's mtime), and the calendar arithmetic that queries and
//! histograms need. Readers hand over candidate strings; they never parse dates themselves.
//!
//! INTERFACE STUB: the dates work fills this in; the signatures below are what ingest and search call.

use crate::article::DateSource;
use chrono::{DateTime, Utc};

/// Options that change how ambiguous dates are read.
#[derive(Clone, Debug, Default)]
pub struct DateOptions {
    /// Read an ambiguous numeric date such as `03/04/2024` day-first (`Some(true)`), month-first (`Some(false)`),
    /// or by the documented rule (`None`).
    pub day_first: Option<bool>,
    /// "Now", for the not-in-the-future check (from `crate::clock::now()`).
    pub now: Option<DateTime<Utc>>,
}

/// All the evidence about one article's date.
#[derive(Clone, Debug, Default)]
pub struct Evidence<'a> {
    /// Date strings the file declares (header, front matter, JSON keys, CSV column, HTML metas), best first.
    pub metadata: &'a [String],
    /// Corpus-relative path, `/`-separated.
    pub path: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    /// The file's modification time.
    pub mtime: Option<DateTime<Utc>>,
}

/// The chosen date and where it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dated {
    pub published: DateTime<Utc>,
    pub source: DateSource,
}

/// Picks the best date for an article. Warnings (an implausible date rejected, ...) are returned without the file
/// name: the caller prefixes it.
pub fn extract(ev: &Evidence<'_>, opts: &DateOptions) -> (Option<Dated>, Vec<String>) {
    let _ = opts;
    if let Some(m) = ev.mtime {
        return (
            Some(Dated {
                published: m,
                source: DateSource::Mtime,
            }),
            Vec::new(),
        );
    }
    (None, Vec::new())
}

/// A date flag that could not be understood (`--from`, `--to`, `--on`, `--since`).
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("{0}")]
pub struct DateError(pub String);

/// Which end of a period a query bound takes: `--from 2024-06` starts on June 1, `--to 2024-06` runs through
/// June 30.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    Start,
    End,
}

/// Parses a query bound: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or a full timestamp. `Bound::Start` gives the first
/// instant of the period; `Bound::End` gives the first instant *after* it (an exclusive end).
pub fn parse_bound(s: &str, which: Bound) -> Result<DateTime<Utc>, DateError> {
    let _ = which;
    Err(DateError(format!("cannot read the date {s:?}")))
}

/// Parses `--since 7d|2w|3m|1y` into the instant that many days/weeks/months/years before `now`.
pub fn parse_since(s: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, DateError> {
    let _ = now;
    Err(DateError(format!("cannot read the duration {s:?}")))
}

/// Calendar periods of a date histogram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Year,
    Month,
    /// ISO 8601 weeks, Monday first; labelled `2024-W25`.
    Week,
    Day,
}

/// The first day of the period that holds `day`.
pub fn period_start(period: Period, day: chrono::NaiveDate) -> chrono::NaiveDate {
    let _ = period;
    day
}

/// The first day of the period after the one that starts on `start`.
pub fn next_period(period: Period, start: chrono::NaiveDate) -> chrono::NaiveDate {
    let _ = period;
    start.succ_opt().unwrap_or(start)
}

/// The label of the period that starts on `start`: `2024`, `2024-06`, `2024-W25`, `2024-06-23`.
pub fn period_label(period: Period, start: chrono::NaiveDate) -> String {
    let _ = period;
    start.to_string()
}
