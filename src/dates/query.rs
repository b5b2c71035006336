//! Date values of query flags: `--from`/`--to` bounds, `--on DAY` and `--since 7d`. Bounds are half-open: a start is
//! the first instant of what was written, an end is the first instant after it, so `--to 2024-06` covers all of
//! June 30 and `--to 2024-06-23T14:05:00Z` includes that very second.

use super::{Bound, DateError};
use chrono::{DateTime, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};

const BOUND_FORMS: &str =
    "use YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] (UTC) or an RFC 3339 timestamp \
                           such as 2024-06-23T14:05:00+03:00";

/// How precisely a bound was written: its end is one of these units after its start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Year,
    Month,
    Day,
    Minute,
    Second,
}

/// Reads a bound into its first instant and the unit it was written to.
fn read(s: &str) -> Result<(DateTime<Utc>, Unit), DateError> {
    let t = s.trim();
    let bad = || DateError(format!("cannot read the date {s:?}: {BOUND_FORMS}"));
    let no_day = || DateError(format!("{s:?} is not a day of the calendar"));
    let b = t.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        if part.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(part).ok()?.parse().ok()
        } else {
            None
        }
    };
    let year = digits(0..4).ok_or_else(bad)? as i32;
    let midnight = |d: NaiveDate| d.and_time(NaiveTime::MIN).and_utc();
    match b.len() {
        4 => {
            let d = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(no_day)?;
            return Ok((midnight(d), Unit::Year));
        }
        7 if b[4] == b'-' => {
            let month = digits(5..7).ok_or_else(bad)?;
            let d = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(no_day)?;
            return Ok((midnight(d), Unit::Month));
        }
        10 if b[4] == b'-' && b[7] == b'-' => {
            let (month, day) = (
                digits(5..7).ok_or_else(bad)?,
                digits(8..10).ok_or_else(bad)?,
            );
            let d = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(no_day)?;
            return Ok((midnight(d), Unit::Day));
        }
        _ => {}
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok((dt.with_timezone(&Utc), Unit::Second));
    }
    // Without a zone, a timestamp is UTC, like the dates of the index.
    for (fmt, unit) in [
        ("%Y-%m-%dT%H:%M:%S%.f", Unit::Second),
        ("%Y-%m-%d %H:%M:%S%.f", Unit::Second),
        ("%Y-%m-%dT%H:%M", Unit::Minute),
        ("%Y-%m-%d %H:%M", Unit::Minute),
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(t, fmt) {
            return Ok((dt.and_utc(), unit));
        }
    }
    Err(bad())
}

/// Parses a query bound: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` (UTC) or an RFC 3339 timestamp.
/// `Bound::Start` gives the first instant of what was written; `Bound::End` gives the first instant *after* it (an
/// exclusive end): the next year, month or day, or the next minute or second for a timestamp, so a timestamp as an
/// end includes that instant (a fraction of a second is dropped first).
pub fn parse_bound(s: &str, which: Bound) -> Result<DateTime<Utc>, DateError> {
    let (start, unit) = read(s)?;
    match which {
        Bound::Start => Ok(start),
        Bound::End => {
            let end = match unit {
                Unit::Year => start.checked_add_months(Months::new(12)),
                Unit::Month => start.checked_add_months(Months::new(1)),
                Unit::Day => start.checked_add_signed(TimeDelta::days(1)),
                Unit::Minute => start.checked_add_signed(TimeDelta::minutes(1)),
                Unit::Second => start
                    .checked_sub_signed(TimeDelta::nanoseconds(i64::from(
                        start.timestamp_subsec_nanos(),
                    )))
                    .and_then(|s| s.checked_add_signed(TimeDelta::seconds(1))),
            };
            end.ok_or_else(|| DateError(format!("{s:?} is too far in the future")))
        }
    }
}

/// A query bound as the user meant it: a calendar date (`2024-06`, `2024-06-23`) is compared with the day the
/// publisher printed, so an article dated 1 July in Moscow is a July article wherever the reader is; a timestamp
/// is compared with the instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeBound {
    /// A calendar day: a start includes it, an (exclusive) end is the first day not included.
    Day(NaiveDate),
    Instant(DateTime<Utc>),
}

impl TimeBound {
    /// The instant the bound starts at (a day's midnight in UTC): enough to tell an empty range.
    pub fn start_instant(self) -> DateTime<Utc> {
        match self {
            TimeBound::Day(d) => d.and_time(NaiveTime::MIN).and_utc(),
            TimeBound::Instant(t) => t,
        }
    }

    /// The calendar day of the bound (an instant's UTC day).
    pub fn day(self) -> NaiveDate {
        match self {
            TimeBound::Day(d) => d,
            TimeBound::Instant(t) => t.date_naive(),
        }
    }
}

/// Parses a query bound like [`parse_bound`], keeping whether it was a calendar date or a timestamp.
pub fn parse_time_bound(s: &str, which: Bound) -> Result<TimeBound, DateError> {
    let (_, unit) = read(s)?;
    let at = parse_bound(s, which)?;
    Ok(match unit {
        Unit::Year | Unit::Month | Unit::Day => TimeBound::Day(at.date_naive()),
        Unit::Minute | Unit::Second => TimeBound::Instant(at),
    })
}

/// Parses `--on DAY` (or a month or year: `2024-06-23`, `2024-06`, `2024`) into its first instant and the first
/// instant after it.
pub fn parse_on(s: &str) -> Result<(DateTime<Utc>, DateTime<Utc>), DateError> {
    let (_, unit) = read(s).map_err(|_| on_error(s))?;
    if matches!(unit, Unit::Minute | Unit::Second) {
        return Err(on_error(s));
    }
    Ok((parse_bound(s, Bound::Start)?, parse_bound(s, Bound::End)?))
}

/// `--on DAY` as calendar days: the day (or month, or year) and the first day after it.
pub fn parse_on_days(s: &str) -> Result<(NaiveDate, NaiveDate), DateError> {
    let (start, end) = parse_on(s)?;
    Ok((start.date_naive(), end.date_naive()))
}

fn on_error(s: &str) -> DateError {
    DateError(format!(
        "cannot read the day {s:?}: use YYYY-MM-DD (or YYYY-MM, YYYY for a whole month or year)"
    ))
}

/// Parses `--since 7d|2w|3m|1y|24h` into the instant that many hours/days/weeks/months/years before `now`. Months
/// and years are calendar ones (`1m` before March 31 is February 29 or 28); `m` is months, never minutes. Long unit
/// names (`3 months`, `2weeks`) are accepted too.
pub fn parse_since(s: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, DateError> {
    let bad = || {
        DateError(format!(
            "cannot read the duration {s:?}: use a number and a unit, h (hours), d (days), w (weeks), m (months) \
             or y (years), as in 24h, 7d, 2w, 3m, 1y"
        ))
    };
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let n: u32 = t[..split].parse().map_err(|_| bad())?;
    let unit = t[split..].trim().to_ascii_lowercase();
    let too_far = || {
        DateError(format!(
            "the duration {s:?} reaches before the calendar starts"
        ))
    };
    let back = |delta: Option<TimeDelta>| {
        delta
            .and_then(|d| now.checked_sub_signed(d))
            .ok_or_else(too_far)
    };
    match unit.as_str() {
        "h" | "hour" | "hours" => back(TimeDelta::try_hours(i64::from(n))),
        "d" | "day" | "days" => back(TimeDelta::try_days(i64::from(n))),
        "w" | "week" | "weeks" => back(TimeDelta::try_weeks(i64::from(n))),
        "m" | "mo" | "month" | "months" => {
            now.checked_sub_months(Months::new(n)).ok_or_else(too_far)
        }
        "y" | "year" | "years" => n
            .checked_mul(12)
            .and_then(|m| now.checked_sub_months(Months::new(m)))
            .ok_or_else(too_far),
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_bounds_are_days_and_timestamps_instants() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(
            parse_time_bound("2024-06", Bound::Start),
            Ok(TimeBound::Day(d(2024, 6, 1)))
        );
        assert_eq!(
            parse_time_bound("2024-06", Bound::End),
            Ok(TimeBound::Day(d(2024, 7, 1)))
        );
        assert_eq!(
            parse_time_bound("2024", Bound::End),
            Ok(TimeBound::Day(d(2025, 1, 1)))
        );
        assert_eq!(
            parse_time_bound("2024-06-30T23:00:00+02:00", Bound::Start),
            Ok(TimeBound::Instant(
                parse_bound("2024-06-30T21:00:00Z", Bound::Start).unwrap()
            ))
        );
        assert_eq!(
            parse_on_days("2024-06-23"),
            Ok((d(2024, 6, 23), d(2024, 6, 24)))
        );
    }
    use chrono::TimeZone;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).single().unwrap()
    }

    #[test]
    fn bounds_of_years_months_and_days() {
        assert_eq!(
            parse_bound("2024", Bound::Start),
            Ok(utc(2024, 1, 1, 0, 0, 0))
        );
        assert_eq!(
            parse_bound("2024", Bound::End),
            Ok(utc(2025, 1, 1, 0, 0, 0))
        );
        assert_eq!(
            parse_bound("2024-06", Bound::Start),
            Ok(utc(2024, 6, 1, 0, 0, 0))
        );
        assert_eq!(
            parse_bound("2024-12", Bound::End),
            Ok(utc(2025, 1, 1, 0, 0, 0))
        );
        assert_eq!(
            parse_bound("2024-06-23", Bound::Start),
            Ok(utc(2024, 6, 23, 0, 0, 0))
        );
        assert_eq!(
            parse_bound("2024-06-23", Bound::End),
            Ok(utc(2024, 6, 24, 0, 0, 0))
        );
        assert_eq!(
            parse_bound("2024-02-29", Bound::End),
            Ok(utc(2024, 3, 1, 0, 0, 0))
        );
    }

    #[test]
    fn to_a_month_includes_its_last_second() {
        let end = parse_bound("2024-06", Bound::End).unwrap();
        let last = utc(2024, 6, 30, 23, 59, 59);
        assert!(last < end);
        assert!(utc(2024, 7, 1, 0, 0, 0) >= end);
    }

    #[test]
    fn timestamps_as_bounds() {
        assert_eq!(
            parse_bound("2024-06-23T14:05:00Z", Bound::Start),
            Ok(utc(2024, 6, 23, 14, 5, 0))
        );
        assert_eq!(
            parse_bound("2024-06-23T14:05:00Z", Bound::End),
            Ok(utc(2024, 6, 23, 14, 5, 1))
        );
        assert_eq!(
            parse_bound("2024-06-23T14:05:00+03:00", Bound::Start),
            Ok(utc(2024, 6, 23, 11, 5, 0))
        );
        assert_eq!(
            parse_bound("2024-06-23T14:05:00.500Z", Bound::End),
            Ok(utc(2024, 6, 23, 14, 5, 1))
        );
        assert_eq!(
            parse_bound("2024-06-23T14:05", Bound::Start),
            Ok(utc(2024, 6, 23, 14, 5, 0))
        );
        assert_eq!(
            parse_bound("2024-06-23T14:05", Bound::End),
            Ok(utc(2024, 6, 23, 14, 6, 0))
        );
        assert_eq!(
            parse_bound("2024-06-23 14:05:30", Bound::End),
            Ok(utc(2024, 6, 23, 14, 5, 31))
        );
    }

    #[test]
    fn bad_bounds_say_what_is_accepted() {
        let err = parse_bound("June", Bound::Start).unwrap_err();
        assert!(err.0.contains("cannot read the date \"June\""), "{}", err.0);
        assert!(err.0.contains("YYYY-MM-DD"), "{}", err.0);
        assert_eq!(
            parse_bound("2024-02-30", Bound::Start).unwrap_err().0,
            "\"2024-02-30\" is not a day of the calendar"
        );
        assert!(parse_bound("2024-13", Bound::Start).is_err());
        assert!(parse_bound("", Bound::Start).is_err());
        assert!(parse_bound("2024-6-1", Bound::Start).is_err());
        assert!(parse_bound("20é4", Bound::Start).is_err());
    }

    #[test]
    fn on_a_day_month_or_year() {
        assert_eq!(
            parse_on("2024-06-23"),
            Ok((utc(2024, 6, 23, 0, 0, 0), utc(2024, 6, 24, 0, 0, 0)))
        );
        assert_eq!(
            parse_on("2024-06"),
            Ok((utc(2024, 6, 1, 0, 0, 0), utc(2024, 7, 1, 0, 0, 0)))
        );
        let err = parse_on("2024-06-23T10:00:00Z").unwrap_err();
        assert!(err.0.contains("YYYY-MM-DD"), "{}", err.0);
        assert!(parse_on("tomorrow").is_err());
    }

    #[test]
    fn since_with_a_pinned_now() {
        let now = utc(2024, 3, 31, 12, 0, 0);
        assert_eq!(parse_since("7d", now), Ok(utc(2024, 3, 24, 12, 0, 0)));
        assert_eq!(parse_since("2w", now), Ok(utc(2024, 3, 17, 12, 0, 0)));
        assert_eq!(parse_since("24h", now), Ok(utc(2024, 3, 30, 12, 0, 0)));
        // Calendar months: one month before March 31 is the last day of February (leap year).
        assert_eq!(parse_since("1m", now), Ok(utc(2024, 2, 29, 12, 0, 0)));
        assert_eq!(parse_since("3m", now), Ok(utc(2023, 12, 31, 12, 0, 0)));
        assert_eq!(
            parse_since("1y", utc(2024, 2, 29, 0, 0, 0)),
            Ok(utc(2023, 2, 28, 0, 0, 0))
        );
        assert_eq!(
            parse_since("3 months", now),
            Ok(utc(2023, 12, 31, 12, 0, 0))
        );
        assert_eq!(parse_since("0d", now), Ok(now));
    }

    #[test]
    fn bad_durations_say_what_is_accepted() {
        for s in ["", "7", "d", "7x", "-7d", "7.5d", "99999999999d"] {
            let err = parse_since(s, utc(2024, 1, 1, 0, 0, 0)).unwrap_err();
            assert!(err.0.contains("7d"), "{s}: {}", err.0);
        }
        assert!(parse_since("4000000000y", utc(2024, 1, 1, 0, 0, 0)).is_err());
    }
}
