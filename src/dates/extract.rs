//! The order of evidence for an article's publication date, and what is said about evidence that was set aside.
//! Metadata beats the path, the path beats the text, the text beats the file's mtime; within a source, the first
//! plausible candidate wins. Extraction stops at the first source that gives a date, so the costly steps (reading
//! the text) only run for articles that need them.

use super::parse::{self, Rejection};
use super::{path, text, DateOptions, Dated, Evidence};
use crate::article::DateSource;
use chrono::{DateTime, FixedOffset, Utc};

/// Picks the best date for an article. Warnings (an implausible date rejected, ...) are returned without the file
/// name: the caller prefixes it.
///
/// Warnings are given for every implausible date set aside (before 1800, or in the future), and, when no metadata
/// candidate gave a date, for each declared date that could not be read, was ambiguous or was the epoch placeholder.
/// A path, text or mtime date that is implausible or the epoch is always reported.
pub fn extract(ev: &Evidence<'_>, opts: &DateOptions) -> (Option<Dated>, Vec<String>) {
    let mut warnings = Vec::new();
    let now = opts.now.unwrap_or_else(crate::clock::now);
    let dated = from_metadata(ev.metadata, opts.day_first, now, &mut warnings)
        .or_else(|| from_path_or_text(ev, opts.day_first, now, &mut warnings))
        .or_else(|| from_mtime(ev.mtime, now, &mut warnings));
    (dated, warnings)
}

fn dated(published: impl Into<DateTime<FixedOffset>>, source: DateSource) -> Dated {
    Dated {
        published: published.into(),
        source,
    }
}

/// `date "2099-01-01" (metadata) is in the future; ignored`.
fn warning(snippet: &str, source: DateSource, why: Rejection) -> String {
    const MAX: usize = 80;
    let mut s = snippet.trim();
    if s.len() > MAX {
        let mut end = MAX;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s = &s[..end];
    }
    format!("date {s:?} ({source}) {why}")
}

fn from_metadata(
    candidates: &[String],
    day_first: Option<bool>,
    now: DateTime<Utc>,
    warnings: &mut Vec<String>,
) -> Option<Dated> {
    // Unreadable and ambiguous candidates are only worth a word when no other declared date stands in for them.
    let mut unread: Vec<String> = Vec::new();
    for (i, c) in candidates.iter().enumerate() {
        let read = parse::parse_local(c, day_first).and_then(|dt| {
            parse::check_plausible(dt.with_timezone(&Utc), now)?;
            Ok(dt)
        });
        match read {
            Ok(dt) => {
                return Some(dated(
                    with_local_offset(dt, &candidates[i + 1..], day_first),
                    DateSource::Metadata,
                ))
            }
            Err(why @ (Rejection::TooEarly(_) | Rejection::InFuture(_))) => {
                warnings.push(warning(c, DateSource::Metadata, why))
            }
            Err(why) => unread.push(warning(c, DateSource::Metadata, why)),
        }
    }
    warnings.extend(unread);
    None
}

/// A page often declares the same instant twice, once in UTC (`2020-02-14T22:00:00Z`) and once as the newsroom
/// wrote it (`2020-02-15T07:00:00+09:00`). The instant is the same; the second tells the day on the paper, so its
/// offset is kept.
fn with_local_offset(
    chosen: DateTime<FixedOffset>,
    others: &[String],
    day_first: Option<bool>,
) -> DateTime<FixedOffset> {
    if chosen.offset().local_minus_utc() != 0 {
        return chosen;
    }
    others
        .iter()
        .filter_map(|c| parse::parse_local(c, day_first).ok())
        .find(|d| *d == chosen && d.offset().local_minus_utc() != 0)
        .unwrap_or(chosen)
}

fn from_path_or_text(
    ev: &Evidence<'_>,
    day_first: Option<bool>,
    now: DateTime<Utc>,
    warnings: &mut Vec<String>,
) -> Option<Dated> {
    let found = path::scan(ev.path);
    for d in found.nearest_first() {
        let Some(dt) = d.day.and_hms_opt(0, 0, 0).map(|n| n.and_utc()) else {
            continue;
        };
        match parse::check_plausible(dt, now) {
            Ok(()) => return Some(dated(dt, DateSource::Path)),
            Err(why) => warnings.push(warning(
                ev.path.get(d.start..d.end).unwrap_or(ev.path),
                DateSource::Path,
                why,
            )),
        }
    }
    let mut out = None;
    text::find(
        ev.title,
        ev.body,
        found.year_hint,
        day_first,
        |d| match parse::check_plausible(d.published.with_timezone(&Utc), now) {
            Ok(()) => {
                out = Some(dated(d.published, DateSource::Text));
                true
            }
            // A date read from prose is a guess: an ancient "year" there is nearly always another number
            // ("APRIL 7 - 1000 hrs cdt"), so only a future date is worth a warning.
            Err(why @ Rejection::InFuture(_)) => {
                warnings.push(warning(d.snippet, DateSource::Text, why));
                false
            }
            Err(_) => false,
        },
    );
    out
}

fn from_mtime(
    mtime: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    warnings: &mut Vec<String>,
) -> Option<Dated> {
    let m = mtime?;
    match parse::check_plausible(m, now) {
        Ok(()) => Some(dated(m, DateSource::Mtime)),
        Err(why) => {
            warnings.push(warning(
                &m.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                DateSource::Mtime,
                why,
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, mo: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, 0, 0, 0).single().unwrap()
    }

    fn opts() -> DateOptions {
        DateOptions {
            day_first: None,
            now: Some(utc(2024, 7, 1)),
        }
    }

    struct Case {
        metadata: Vec<String>,
        path: &'static str,
        title: &'static str,
        body: &'static str,
        mtime: Option<DateTime<Utc>>,
    }

    impl Case {
        fn full() -> Case {
            Case {
                metadata: vec!["2024-06-20".into()],
                path: "news/2024/06/21/story.txt",
                title: "Attack in Derbent",
                body: "June 22, 2024\n\nGunmen attacked a synagogue.",
                mtime: Some(utc(2024, 6, 25)),
            }
        }

        fn run(&self) -> (Option<Dated>, Vec<String>) {
            let ev = Evidence {
                metadata: &self.metadata,
                path: self.path,
                title: self.title,
                body: self.body,
                mtime: self.mtime,
            };
            extract(&ev, &opts())
        }
    }

    #[test]
    fn metadata_beats_path_beats_text_beats_mtime() {
        let mut c = Case::full();
        assert_eq!(
            c.run(),
            (Some(dated(utc(2024, 6, 20), DateSource::Metadata)), vec![])
        );
        c.metadata.clear();
        assert_eq!(
            c.run(),
            (Some(dated(utc(2024, 6, 21), DateSource::Path)), vec![])
        );
        c.path = "news/story.txt";
        assert_eq!(
            c.run(),
            (Some(dated(utc(2024, 6, 22), DateSource::Text)), vec![])
        );
        c.body = "Gunmen attacked a synagogue.";
        assert_eq!(
            c.run(),
            (Some(dated(utc(2024, 6, 25), DateSource::Mtime)), vec![])
        );
        c.mtime = None;
        assert_eq!(c.run(), (None, vec![]));
    }

    #[test]
    fn the_first_plausible_metadata_candidate_wins() {
        let mut c = Case::full();
        c.metadata = vec![
            "not a date".into(),
            "2024-06-19T10:00:00+02:00".into(),
            "2024-06-20".into(),
        ];
        let (d, w) = c.run();
        let published = d.map(|d| d.published).unwrap();
        assert_eq!(
            published,
            Utc.with_ymd_and_hms(2024, 6, 19, 8, 0, 0).unwrap()
        );
        // The offset is kept as written.
        assert_eq!(published.to_rfc3339(), "2024-06-19T10:00:00+02:00");
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn the_same_instant_written_with_an_offset_gives_the_publishers_day() {
        let mut c = Case::full();
        c.metadata = vec![
            "2020-02-14T22:00:00Z".into(),
            "2020-02-10".into(),
            "2020-02-15T07:00:00+09:00".into(),
        ];
        let (d, _) = c.run();
        let published = d.unwrap().published;
        assert_eq!(published.to_rfc3339(), "2020-02-15T07:00:00+09:00");
        assert_eq!(published.date_naive().to_string(), "2020-02-15");
        // Another instant does not lend its offset.
        c.metadata = vec![
            "2020-02-14T22:00:00Z".into(),
            "2020-02-15T08:00:00+09:00".into(),
        ];
        let (d, _) = c.run();
        assert_eq!(
            d.unwrap().published.to_rfc3339(),
            "2020-02-14T22:00:00+00:00"
        );
    }

    #[test]
    fn implausible_dates_fall_through_with_a_warning() {
        let mut c = Case::full();
        c.metadata = vec!["2099-01-01".into()];
        let (d, w) = c.run();
        assert_eq!(d, Some(dated(utc(2024, 6, 21), DateSource::Path)));
        assert_eq!(
            w,
            ["date \"2099-01-01\" (metadata) is in the future; ignored"]
        );

        c.metadata = vec!["1700-01-01".into(), "2099-01-01".into()];
        c.path = "a/2098-01-01.txt";
        let (d, w) = c.run();
        assert_eq!(d, Some(dated(utc(2024, 6, 22), DateSource::Text)));
        assert_eq!(
            w,
            [
                "date \"1700-01-01\" (metadata) is before 1800; ignored",
                "date \"2099-01-01\" (metadata) is in the future; ignored",
                "date \"2098-01-01\" (path) is in the future; ignored",
            ]
        );

        c.body = "June 22, 2097\n\nText.";
        let (d, w) = c.run();
        assert_eq!(d, Some(dated(utc(2024, 6, 25), DateSource::Mtime)));
        assert_eq!(
            w.last().map(String::as_str),
            Some("date \"June 22, 2097\" (text) is in the future; ignored")
        );

        c.mtime = Some(utc(2030, 1, 1));
        let (d, w) = c.run();
        assert_eq!(d, None);
        assert_eq!(
            w.last().map(String::as_str),
            Some("date \"2030-01-01T00:00:00Z\" (mtime) is in the future; ignored")
        );
    }

    #[test]
    fn an_ancient_year_in_prose_is_no_date_and_no_warning() {
        let mut c = Case::full();
        c.metadata.clear();
        c.path = "a/story.txt";
        c.title = "CBT CORN SPREADS";
        c.body = "APRIL 7  - 1000 hrs cdt\n MONTHS   LAST\n";
        c.mtime = Some(utc(2024, 6, 25));
        let (d, w) = c.run();
        assert_eq!(d, Some(dated(utc(2024, 6, 25), DateSource::Mtime)));
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn an_epoch_mtime_is_a_placeholder() {
        let mut c = Case::full();
        c.metadata.clear();
        c.path = "a/story.txt";
        c.body = "Text.";
        c.mtime = DateTime::from_timestamp(1, 0);
        let (d, w) = c.run();
        assert_eq!(d, None);
        assert_eq!(
            w,
            ["date \"1970-01-01T00:00:01Z\" (mtime) is the Unix epoch, a placeholder for a missing date; ignored"]
        );
    }

    #[test]
    fn a_date_one_day_ahead_is_still_plausible() {
        let mut c = Case::full();
        c.metadata = vec!["2024-07-02T00:00:00Z".into()];
        assert_eq!(
            c.run().0,
            Some(dated(utc(2024, 7, 2), DateSource::Metadata))
        );
    }

    #[test]
    fn ambiguous_metadata_gives_way_with_a_warning() {
        let mut c = Case::full();
        c.metadata = vec!["03/04/2024".into()];
        let (d, w) = c.run();
        assert_eq!(d, Some(dated(utc(2024, 6, 21), DateSource::Path)));
        assert_eq!(w.len(), 1);
        assert!(
            w[0].starts_with("date \"03/04/2024\" (metadata) is ambiguous"),
            "{w:?}"
        );

        let day_first = DateOptions {
            day_first: Some(true),
            ..opts()
        };
        let ev = Evidence {
            metadata: &c.metadata,
            path: c.path,
            title: c.title,
            body: c.body,
            mtime: c.mtime,
        };
        assert_eq!(
            extract(&ev, &day_first),
            (Some(dated(utc(2024, 4, 3), DateSource::Metadata)), vec![])
        );
    }

    #[test]
    fn unreadable_metadata_is_reported_only_when_nothing_else_was_declared() {
        let mut c = Case::full();
        c.metadata = vec!["yesterday".into()];
        let (d, w) = c.run();
        assert_eq!(d.map(|d| d.source), Some(DateSource::Path));
        assert_eq!(w, ["date \"yesterday\" (metadata) is not a date"]);
    }

    #[test]
    fn a_dateline_takes_its_year_from_the_path() {
        let mut c = Case::full();
        c.metadata.clear();
        c.path = "reuters/1987/0001.txt";
        c.body = "SALVADOR, Feb 26 - Showers continued throughout the week.";
        assert_eq!(c.run().0, Some(dated(utc(1987, 2, 26), DateSource::Text)));
        c.path = "reuters/0001.txt";
        assert_eq!(c.run().0.map(|d| d.source), Some(DateSource::Mtime));
    }
}
