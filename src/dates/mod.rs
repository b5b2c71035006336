//! Publication dates: parsing the many ways news writes a date, picking the best evidence for an article
//! (metadata, then path, then text, then the file's mtime), and the calendar arithmetic that queries and
//! histograms need. Readers hand over candidate strings; they never parse dates themselves.
//!
//! | module | owns |
//! |---|---|
//! | [`parse`] | one candidate string → UTC instant ([`parse()`], [`parse_candidate`]) and the plausibility check |
//! | `path` | dates in corpus-relative paths (`2024/06/23/`, `2024-06-23`, `20240623`) |
//! | `text` | date lines and wire datelines near the top of an article |
//! | `extract` | the order of evidence, and the warnings ([`extract`]) |
//! | `query` | `--from`/`--to`/`--on`/`--since` values ([`parse_bound`], [`parse_on`], [`parse_since`]) |
//! | `calendar` | histogram periods ([`Period`], [`period_start`], [`next_period`], [`period_label`]) |
//!
//! # Reading rules
//!
//! **Ambiguous numeric dates.** A date `a/b/YYYY` (also with `-` or `.`) is never silently guessed:
//! 1. if one number is above 12 it is the day (`13/04/2024` is April 13, `04/13/2024` too);
//! 2. if both numbers are equal, both readings agree;
//! 3. otherwise [`DateOptions::day_first`] decides when it is set: `--day-first`/`--month-first`, or else the order
//!    the file's other dates show (ingest learns it per file with [`numeric_order`]: `23/06/2024` in one CSV row
//!    settles `03/07/2024` in another; once the file's dates disagree, later ones are not settled);
//! 4. otherwise dots are day-first (`03.04.2024` is 3 April: every locale that writes dots writes the day first);
//! 5. otherwise (`03/04/2024`, `03-04-2024`) the candidate is refused as ambiguous: it gives no date, a warning says
//!    so, and the next evidence (the next candidate, then path, text, mtime) decides.
//!
//! Year-first dates (`2024-03-04`, `2024/03/04`) are always year-month-day; two-digit years are never read.
//!
//! **Zones.** An offset or zone abbreviation is kept with the time: `14:05 +03:00` is the instant 11:05Z, published
//! on the publisher's day, and day filters, day facets and histograms use that local day, as a newsroom dates its
//! stories. A time without a zone is UTC. A date without a time is midnight of the day written, whatever zone it
//! names, so that the day it asserts stays that day.
//!
//! **Plausibility.** A date before 1800, more than one day after [`DateOptions::now`] (default
//! [`crate::clock::now`]), or within a day of the Unix epoch (a zero timestamp in any zone, the commonest placeholder
//! for a missing date) is rejected, and the next evidence decides. A warning names each implausible date set aside;
//! a declared date that is unreadable, ambiguous or a placeholder is only reported when no declared date stood in.
//!
//! **Paths.** A path gives a date only with a day in it: `2024/06/23/` folders, or `2024-06-23`, `2024_06_23`,
//! `2024.06.23` or a free-standing `20240623` in a folder or file name; the one nearest the file wins. A bare year
//! or `2024/06/` folder is not a publication date, but its year completes a wire dateline without one.
//!
//! **Text.** Only the title and the top of the body (first 8 lines, about 400 characters) are read, so that a date
//! the story mentions ("on March 24") is not taken for its publication date. A date counts when a line is a date and
//! nothing else besides labels, weekday and zone (`Friday, January 4, 2019`, `Published: 23 June 2024`,
//! `Updated 14:05 GMT, Sunday 23 June 2024`), when a paragraph opens with such a date, or in a wire dateline
//! (`MOSCOW, June 23 (Reuters) -`). A dateline without a year takes it from a year folder in the path; the file's
//! mtime is never used for it (an archive's mtime is the copy date as often as the publication date).

mod calendar;
mod extract;
pub mod parse;
mod path;
mod query;
mod text;

pub use calendar::{next_period, period_label, period_start};
pub use extract::extract;
pub use parse::{check_plausible, numeric_order, parse, parse_candidate, NumericOrder, Rejection};
pub use query::{parse_bound, parse_on, parse_on_days, parse_since, parse_time_bound, TimeBound};

use crate::article::DateSource;
use chrono::{DateTime, FixedOffset, Utc};

/// Options that change how ambiguous dates are read.
#[derive(Clone, Debug, Default)]
pub struct DateOptions {
    /// Read an ambiguous numeric date such as `03/04/2024` day-first (`Some(true)`), month-first (`Some(false)`),
    /// or by the documented rule (`None`).
    pub day_first: Option<bool>,
    /// "Now", for the not-in-the-future check (from `crate::clock::now()`). Set it once per run: when it is `None`,
    /// every `extract` call reads the clock (and the `DATELINE_NOW` variable) again.
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
    /// The time as the evidence wrote it, with its UTC offset (UTC when the evidence gave none): the instant is
    /// `published.with_timezone(&Utc)`, the publisher's calendar day is `published.date_naive()`.
    pub published: DateTime<FixedOffset>,
    pub source: DateSource,
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

/// Calendar periods of a date histogram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Year,
    Month,
    /// ISO 8601 weeks, Monday first; labelled `2024-W25`.
    Week,
    Day,
}
