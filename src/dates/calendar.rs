//! Calendar periods for date histograms: where a year, month, ISO week or day starts, where the next one starts, and
//! its label. Weeks are ISO 8601 (Monday first, labelled with the ISO week-year, so 2024-12-30 is in `2025-W01`).

use super::{DateError, Period};
use chrono::{Datelike, Days, Months, NaiveDate};
use std::fmt;
use std::str::FromStr;

/// The first day of the period that holds `day`.
pub fn period_start(period: Period, day: NaiveDate) -> NaiveDate {
    let start = match period {
        Period::Year => NaiveDate::from_ymd_opt(day.year(), 1, 1),
        Period::Month => day.with_day(1),
        Period::Week => {
            day.checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday())))
        }
        Period::Day => Some(day),
    };
    // Only the first week of chrono's calendar can fail (its Monday is out of range): it starts at the minimum.
    start.unwrap_or(NaiveDate::MIN)
}

/// The first day of the period after the one that starts on `start`. At the end of chrono's calendar it stays at
/// the last day rather than overflowing.
pub fn next_period(period: Period, start: NaiveDate) -> NaiveDate {
    let start = period_start(period, start);
    let next = match period {
        Period::Year => start.checked_add_months(Months::new(12)),
        Period::Month => start.checked_add_months(Months::new(1)),
        Period::Week => start.checked_add_days(Days::new(7)),
        Period::Day => start.succ_opt(),
    };
    next.unwrap_or(NaiveDate::MAX)
}

/// The label of the period that starts on `start`: `2024`, `2024-06`, `2024-W25`, `2024-06-23`.
pub fn period_label(period: Period, start: NaiveDate) -> String {
    match period {
        Period::Year => format!("{}", start.year()),
        Period::Month => format!("{}-{:02}", start.year(), start.month()),
        Period::Week => {
            let w = start.iso_week();
            format!("{}-W{:02}", w.year(), w.week())
        }
        Period::Day => start.format("%Y-%m-%d").to_string(),
    }
}

impl Period {
    pub const ALL: [Period; 4] = [Period::Year, Period::Month, Period::Week, Period::Day];

    pub fn as_str(self) -> &'static str {
        match self {
            Period::Year => "year",
            Period::Month => "month",
            Period::Week => "week",
            Period::Day => "day",
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Period {
    type Err = DateError;

    /// `year`, `month`, `week` or `day` (any case; a plural `s` is allowed).
    fn from_str(s: &str) -> Result<Period, DateError> {
        let lower = s.trim().to_ascii_lowercase();
        let word = lower.strip_suffix('s').unwrap_or(&lower);
        Period::ALL
            .into_iter()
            .find(|p| p.as_str() == word)
            .ok_or_else(|| {
                DateError(format!(
                    "unknown period {s:?}: use year, month, week or day"
                ))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn starts_and_next_periods() {
        let day = d(2024, 6, 23); // a Sunday
        assert_eq!(period_start(Period::Year, day), d(2024, 1, 1));
        assert_eq!(period_start(Period::Month, day), d(2024, 6, 1));
        assert_eq!(period_start(Period::Week, day), d(2024, 6, 17));
        assert_eq!(period_start(Period::Week, d(2024, 6, 17)), d(2024, 6, 17));
        assert_eq!(period_start(Period::Day, day), day);
        assert_eq!(next_period(Period::Year, d(2024, 1, 1)), d(2025, 1, 1));
        assert_eq!(next_period(Period::Month, d(2024, 1, 1)), d(2024, 2, 1));
        assert_eq!(next_period(Period::Month, d(2024, 12, 1)), d(2025, 1, 1));
        assert_eq!(next_period(Period::Week, d(2024, 6, 17)), d(2024, 6, 24));
        assert_eq!(next_period(Period::Day, d(2024, 2, 28)), d(2024, 2, 29));
        assert_eq!(next_period(Period::Day, NaiveDate::MAX), NaiveDate::MAX);
    }

    #[test]
    fn labels() {
        assert_eq!(period_label(Period::Year, d(2024, 1, 1)), "2024");
        assert_eq!(period_label(Period::Month, d(2024, 6, 1)), "2024-06");
        assert_eq!(period_label(Period::Week, d(2024, 6, 17)), "2024-W25");
        assert_eq!(period_label(Period::Day, d(2024, 6, 23)), "2024-06-23");
    }

    #[test]
    fn iso_week_labels_at_year_boundaries() {
        // 2024-12-30 is a Monday in ISO week 1 of 2025.
        let s = period_start(Period::Week, d(2024, 12, 31));
        assert_eq!(s, d(2024, 12, 30));
        assert_eq!(period_label(Period::Week, s), "2025-W01");
        // 2021-01-01 (a Friday) is in the last week of 2020, which had 53.
        let s = period_start(Period::Week, d(2021, 1, 1));
        assert_eq!(s, d(2020, 12, 28));
        assert_eq!(period_label(Period::Week, s), "2020-W53");
        // 2023-01-01 (a Sunday) is in 2022-W52.
        assert_eq!(
            period_label(Period::Week, period_start(Period::Week, d(2023, 1, 1))),
            "2022-W52"
        );
        assert_eq!(
            period_label(Period::Week, period_start(Period::Week, d(2023, 1, 2))),
            "2023-W01"
        );
    }

    #[test]
    fn periods_parse_from_their_names() {
        assert_eq!("year".parse(), Ok(Period::Year));
        assert_eq!("Month".parse(), Ok(Period::Month));
        assert_eq!("weeks".parse(), Ok(Period::Week));
        assert_eq!(" day ".parse(), Ok(Period::Day));
        let err = "fortnight".parse::<Period>().unwrap_err();
        assert_eq!(
            err.0,
            "unknown period \"fortnight\": use year, month, week or day"
        );
        for p in Period::ALL {
            assert_eq!(p.to_string().parse(), Ok(p));
        }
    }
}
