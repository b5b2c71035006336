//! Dates written at the top of an article: a date line (`Friday, January 4, 2019`, `Published: 23 June 2024`), a
//! paragraph that opens with a date, or a wire dateline (`MOSCOW, June 23 (Reuters) -`, `SALVADOR, Feb 26 -`).
//!
//! Only the title and the first lines of the body are read: the first [`MAX_LINES`] non-empty lines within about
//! [`WINDOW`] bytes. Further down, dates are what the story is about ("on March 24"), not when it was published. A
//! line counts only when it is a date and nothing else (labels, weekday and zone names aside), so a sentence that
//! mentions a date is never taken.

use super::parse::{self, prefix, Class, Found};
use chrono::{DateTime, FixedOffset};

/// How far into the body a date line may be.
pub(crate) const WINDOW: usize = 400;
/// How many non-empty lines of the body are looked at.
pub(crate) const MAX_LINES: usize = 8;
/// A date line is short; a longer line is a sentence or a paragraph.
const MAX_DATE_LINE: usize = 100;
/// How much of a paragraph's opening is looked at for a leading date.
const OPENING: usize = 64;
/// How much of the first paragraph is looked at for a wire dateline.
const DATELINE: usize = 120;
/// The longest place of a dateline (`POINT PLEASANT BEACH, N.J.`).
const MAX_PLACE: usize = 40;
/// The longest date of a dateline (`September 23, 2024, Reuter`).
const MAX_DATELINE_DATE: usize = 32;

/// A date found in the text, with the snippet it was read from (for warnings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TextDate<'a> {
    pub published: DateTime<FixedOffset>,
    pub snippet: &'a str,
}

/// Calls `accept` with each date of the title and the top of the body, best first, until it returns `true`.
/// `year_hint` (year, maybe month) completes a wire dateline without a year; without it such datelines are skipped.
pub(crate) fn find<'a>(
    title: &'a str,
    body: &'a str,
    year_hint: Option<(i32, Option<u32>)>,
    day_first: Option<bool>,
    mut accept: impl FnMut(TextDate<'a>) -> bool,
) -> bool {
    // A plain-text file that opens with its date line has that line taken as its title.
    if let Some(dt) = date_line(title, day_first) {
        if accept(TextDate {
            published: dt,
            snippet: title.trim(),
        }) {
            return true;
        }
    }
    let mut seen = 0usize;
    let mut lines = 0usize;
    let mut paragraph_start = true;
    let mut first = true;
    for line in body.lines() {
        if seen >= WINDOW || lines >= MAX_LINES {
            break;
        }
        seen += line.len() + 1;
        let t = line.trim();
        if t.is_empty() {
            paragraph_start = true;
            continue;
        }
        lines += 1;
        let mut candidates: [Option<TextDate<'a>>; 3] = [None; 3];
        if let Some(dt) = date_line(t, day_first) {
            candidates[0] = Some(TextDate {
                published: dt,
                snippet: t,
            });
        } else if paragraph_start {
            if let Some((dt, snippet)) = opening_date(t, day_first) {
                candidates[1] = Some(TextDate {
                    published: dt,
                    snippet,
                });
            }
        }
        if first {
            if let Some((dt, snippet)) = dateline(t, year_hint) {
                candidates[2] = Some(TextDate {
                    published: dt,
                    snippet,
                });
            }
        }
        for c in candidates.into_iter().flatten() {
            if accept(c) {
                return true;
            }
        }
        paragraph_start = false;
        first = false;
    }
    false
}

/// A line that is a date and nothing else (labels, weekday, zone and time aside). A line of several parts split by
/// `|`, `•`, `·` or ` / ` (a byline and a date) counts when one part is.
fn date_line(line: &str, day_first: Option<bool>) -> Option<DateTime<FixedOffset>> {
    let line = line.trim();
    // Every full date has a run of four digits (its year, or all of `20240623`).
    if line.len() > MAX_DATE_LINE || !has_digit_run(line, 4) {
        return None;
    }
    let pure = |s: &str| {
        let f = parse::scan_pure(s, day_first)?;
        if f.ambiguous || !f.weekday_agrees() {
            return None;
        }
        f.to_local()
    };
    if line.contains(['|', '•', '·']) || line.contains(" / ") {
        line.split(['|', '•', '·'])
            .flat_map(|part| part.split(" / "))
            .find_map(pure)
    } else {
        pure(line)
    }
}

/// Whether `s` holds a run of at least `n` ASCII digits.
fn has_digit_run(s: &str, n: usize) -> bool {
    let mut run = 0;
    for b in s.bytes() {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        if run >= n {
            return true;
        }
    }
    false
}

/// A paragraph that opens with a full date and goes on with the story: `June 23, 2024 — Police said ...`. The date
/// is the run of date-like words at the start (numbers, month, weekday, zone, labels); it must then be pure.
fn opening_date(line: &str, day_first: Option<bool>) -> Option<(DateTime<FixedOffset>, &str)> {
    let first = line
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    // A number, maybe an ordinal one (`21st December 2024 —`), or a word of dates.
    let digits = first.bytes().take_while(u8::is_ascii_digit).count();
    let opens_like_a_date = (digits > 0
        && (digits == first.len() || matches!(parse::classify(&first[digits..]), Class::Ordinal)))
        || matches!(
            parse::classify(first),
            Class::Month(_) | Class::Weekday(_) | Class::Label | Class::Qualifier
        );
    if first.is_empty() || !opens_like_a_date {
        return None;
    }
    let head = prefix(line, OPENING);
    // Where each word of the leading date-like run ends; the date is the longest such opening that is pure, so
    // "Monday, August 3, 2020 On Thursday, ..." gives up "On Thursday" and "June 23, 2024 15 people" gives up "15".
    let mut ends = [0usize; 12];
    let mut n = 0;
    let mut end = 0;
    for word in head.split_inclusive(|c: char| c.is_whitespace()) {
        let w = word.trim_matches(|c: char| !c.is_alphanumeric());
        let datey = w.is_empty()
            || w.bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_punctuation())
            || w.split(|c: char| !c.is_alphabetic())
                .filter(|p| !p.is_empty())
                .all(|p| !matches!(parse::classify(p), Class::Other));
        if !datey || n == ends.len() {
            break;
        }
        end += word.len();
        ends[n] = end;
        n += 1;
    }
    for &end in ends[..n].iter().rev() {
        let opening =
            head[..end].trim_end_matches(|c: char| c.is_whitespace() || "-—–:,(".contains(c));
        if !opening.bytes().any(|b| b.is_ascii_digit()) {
            break;
        }
        let f = parse::scan(opening, day_first);
        if f.is_pure() && !f.ambiguous && f.weekday_agrees() {
            if let Some(dt) = f.to_local() {
                return Some((dt, opening));
            }
        }
    }
    None
}

/// A wire dateline opening the first paragraph: a place (`SPRINGFIELD, Ill.,`), a month and day (maybe a year, maybe
/// `, Reuter` after it), then `(Agency)` or a dash. The place must have a comma after it, or be in capitals
/// (`JOHANNESBURG March 13 -`). Without a year the date takes the hint's; a hint month more than six months away
/// from the dateline's means the year turned in between (`2024/01/` holding a `Dec 31` dateline is 2023).
fn dateline(
    line: &str,
    year_hint: Option<(i32, Option<u32>)>,
) -> Option<(DateTime<FixedOffset>, &str)> {
    let head = prefix(line, DATELINE);
    let sep = dateline_end(head)?;
    let pre = &head[..sep];
    // The day is a number: without one there is no date to find (most first lines stop here). A place and a date
    // are short: a longer opening is a sentence.
    if pre.len() > MAX_PLACE + MAX_DATELINE_DATE + 2 || !pre.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let has_comma = pre.contains(',');
    for (p, c) in pre.char_indices() {
        if c != ',' && !c.is_whitespace() {
            continue;
        }
        let place = pre[..p].trim().trim_end_matches(',').trim_end();
        if !is_place(place, has_comma) {
            continue;
        }
        let chunk = &pre[p + c.len_utf8()..];
        if chunk.trim().len() > MAX_DATELINE_DATE {
            continue;
        }
        // The date is all of the rest, or the rest up to a comma (`March 25, Reuter`).
        let cut = chunk.find(',').map_or(chunk, |i| &chunk[..i]);
        for part in [chunk, cut] {
            let Some(f) = parse::scan_pure(part, None) else {
                continue;
            };
            if is_dateline_date(&f) {
                let f = with_year(f, year_hint)?;
                if !f.weekday_agrees() {
                    return None;
                }
                return Some((f.to_local()?, pre.trim_end()));
            }
        }
    }
    None
}

/// Where a dateline ends: at `(` (`(Reuters)`), an em or en dash, a hyphen followed by a space, another hyphen or
/// the end (`Feb 26 -`, `June 18- `, `Dec. 21, 2024 --`), so that the hyphens of `WINSTON-SALEM` and `26-FEB` do
/// not end it, or a slash after a space and before a letter (the press-release wires' `Dec. 21, 2024 /PRNewswire/
/// --`), so that the slashes of `2024/06/23` and `23 / 06 / 2024` do not.
fn dateline_end(head: &str) -> Option<usize> {
    let b = head.as_bytes();
    head.char_indices()
        .find(|&(i, c)| match c {
            '(' | '—' | '–' => true,
            '-' => b
                .get(i + 1)
                .is_none_or(|&n| n.is_ascii_whitespace() || n == b'-'),
            '/' => {
                i > 0
                    && b[i - 1].is_ascii_whitespace()
                    && b.get(i + 1).is_some_and(u8::is_ascii_alphabetic)
            }
            _ => false,
        })
        .map(|(i, _)| i)
}

/// Whether `s` can be the place of a dateline: a few words of letters (`NEW YORK`, `SPRINGFIELD, Ill.`), no digits;
/// in capitals when no comma separates it from the date.
fn is_place(s: &str, has_comma: bool) -> bool {
    s.chars().next().is_some_and(char::is_alphabetic)
        && s.len() <= MAX_PLACE
        && s.split_whitespace().count() <= 6
        && !s.bytes().any(|b| b.is_ascii_digit())
        && (has_comma || !s.chars().any(char::is_lowercase))
}

fn is_dateline_date(f: &Found) -> bool {
    f.month.is_some()
        && f.day.is_some()
        && f.time.is_none()
        && f.unknown_words == 0
        && f.stray_numbers == 0
        && f.labels == 0
        && !f.on_at
        && !f.qualifier
}

fn with_year(mut f: Found, hint: Option<(i32, Option<u32>)>) -> Option<Found> {
    if f.year.is_some() {
        return Some(f);
    }
    let (year, hint_month) = hint?;
    let month = f.month?;
    f.year = Some(match hint_month {
        Some(hm) if month > hm + 6 => year - 1,
        Some(hm) if hm > month + 6 => year + 1,
        _ => year,
    });
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(title: &str, body: &str, hint: Option<(i32, Option<u32>)>) -> Option<String> {
        let mut out = None;
        find(title, body, hint, None, |d| {
            // The instant, in UTC: zones must have moved the time.
            let utc = d.published.with_timezone(&chrono::Utc);
            out = Some(utc.format("%Y-%m-%d %H:%M").to_string());
            true
        });
        out
    }

    #[test]
    fn date_lines_at_the_top() {
        let d = Some("2019-01-04 00:00".to_string());
        assert_eq!(
            first("Headline", "Friday, January 4, 2019\u{a0}\n\nText.", None),
            d
        );
        assert_eq!(
            first(
                "Headline",
                "\n\n\nFriday, January 4, 2019\u{a0}\n\n\nText.",
                None
            ),
            d
        );
        assert_eq!(
            first("Headline", "Published: 4 January 2019\nText.", None),
            d
        );
        assert_eq!(
            first("Headline", "By Jane Doe | January 4, 2019\nText.", None),
            d
        );
        let at = |s: &str| Some(format!("2019-01-04 {s}"));
        let top = "January 4, 2019 / 7:00 AM / Updated a day ago\nText.";
        // The parts are read one by one: the date part gives the day, the time part alone is no date.
        assert_eq!(first("Headline", top, None), at("00:00"));
        assert_eq!(
            first("Headline", "Fri 4 Jan 2019 12.05 GMT\nText.", None),
            at("12:05")
        );
        assert_eq!(
            first("Headline", "Jan. 4, 2019 at 7:05 a.m. ET\nText.", None),
            at("12:05")
        );
        assert_eq!(
            first("Headline", "Posted on Jan. 4, 2019 at 2:05 pm\nText.", None),
            Some("2019-01-04 14:05".into())
        );
        assert_eq!(
            first(
                "Headline",
                "Updated 14:05 GMT, Friday 4 January 2019\nText.",
                None
            ),
            Some("2019-01-04 14:05".into())
        );
        assert_eq!(first("Friday, January 4, 2019", "Headline\nText.", None), d);
        assert_eq!(first("Headline", "2019-01-04\nText.", None), d);
    }

    #[test]
    fn a_paragraph_opening_with_a_date() {
        assert_eq!(
            first(
                "Headline",
                "January 4, 2019 — Police in Derbent said on Sunday that the attack",
                None
            ),
            Some("2019-01-04 00:00".into())
        );
        assert_eq!(
            first(
                "Headline",
                "Friday, January 4, 2019 The vote was held in the capital.",
                None
            ),
            Some("2019-01-04 00:00".into())
        );
        assert_eq!(
            first(
                "Headline",
                "Monday, August 3, 2020 On Thursday, a rally was held in Minsk.",
                None
            ),
            Some("2020-08-03 00:00".into())
        );
        assert_eq!(
            first("Headline", "June 23, 2024 15 people died.", None),
            Some("2024-06-23 00:00".into())
        );
        // A day written as an ordinal opens the date as well as a bare number does.
        assert_eq!(
            first(
                "H",
                "21st December 2024 German police detained two men.",
                None
            ),
            Some("2024-12-21 00:00".into())
        );
        assert_eq!(
            first("H", "3rd June 2024 - The vote was held.", None),
            Some("2024-06-03 00:00".into())
        );
        // An ordinal that is not a day of a date stays a sentence.
        assert_eq!(first("H", "21st century politics in 2024.", None), None);
    }

    #[test]
    fn dates_in_sentences_are_not_publication_dates() {
        assert_eq!(
            first(
                "Headline",
                "On January 4, 2019, police said the attack began.",
                None
            ),
            None
        );
        assert_eq!(
            first(
                "Headline",
                "Police said on January 4, 2019 the attack began.",
                None
            ),
            None
        );
        assert_eq!(
            first(
                "Headline",
                "The attack, on January 4, 2019\nwas the worst.",
                None
            ),
            None
        );
        assert_eq!(
            first("Headline", "2 people died on January 4, 2019.", None),
            None
        );
        assert_eq!(
            first(
                "Headline",
                "Last Wednesday, October 7, 2006, a girl was hurt.",
                None
            ),
            None
        );
        assert_eq!(
            first("Headline", "Wednesday, October 7, 2006\n\nText.", None),
            None,
            "not a Wednesday"
        );
        assert_eq!(
            first("Talks planned for June 23, 2024", "Text.", None),
            None
        );
    }

    #[test]
    fn only_the_top_of_the_body_is_read() {
        let long = "Some sentence without any date in it at all, for padding.\n".repeat(10);
        assert_eq!(
            first("Headline", &format!("{long}June 23, 2024\n"), None),
            None
        );
        let many = "Short line.\n".repeat(MAX_LINES);
        assert_eq!(
            first("Headline", &format!("{many}June 23, 2024\n"), None),
            None
        );
        let review = "This article requires review (one not involved).\n\n\n-Article last amended: Mar 17 at \
                      3:24:55 UTC (history)Please check the talk page.\n\n\nSunday, October 18, 2020\u{a0}\n\n\nText.";
        assert_eq!(
            first("Headline", review, None),
            Some("2020-10-18 00:00".into())
        );
    }

    #[test]
    fn wire_datelines() {
        assert_eq!(
            first(
                "H",
                "MOSCOW, June 23, 2024 (Reuters) - Gunmen attacked.",
                None
            ),
            Some("2024-06-23 00:00".into())
        );
        // Without a year, only a year hint (from the path) completes it.
        assert_eq!(
            first("H", "SALVADOR, Feb 26 - Showers continued.", None),
            None
        );
        assert_eq!(
            first(
                "H",
                "SALVADOR, Feb 26 - Showers continued.",
                Some((1987, None))
            ),
            Some("1987-02-26 00:00".into())
        );
        assert_eq!(
            first(
                "H",
                "SPRINGFIELD, Ill., June 23 (AP) — Storms.",
                Some((2024, Some(6)))
            ),
            Some("2024-06-23 00:00".into())
        );
        assert_eq!(
            first(
                "H",
                "LONDON, 31 December (Reuters) - Markets.",
                Some((2024, Some(1)))
            ),
            Some("2023-12-31 00:00".into())
        );
        let hint = Some((1987, None));
        let want = Some("1987-03-13 00:00".to_string());
        assert_eq!(first("H", "RICHMOND, Va. March 13 - Qtly div", hint), want);
        assert_eq!(
            first("H", "WASHINGTON, March 13, Reuter - A U.S. judge", hint),
            want
        );
        assert_eq!(first("H", "NEW YORK, March 13- Dividend", hint), want);
        assert_eq!(
            first("H", "JOHANNESBURG March 13 - Shr 516 cts", hint),
            want
        );
        assert_eq!(
            first("H", "st paul, march 13 - barrow and gilt prices rose", hint),
            want
        );
        assert_eq!(
            first("H", "WINSTON-SALEM, N.C., March 13 - RJR", hint),
            want
        );
        // Press-release wires: the agency between slashes, two hyphens after it or after the date.
        let dec21 = Some("2024-12-21 00:00".to_string());
        assert_eq!(
            first(
                "H",
                "BERLIN, Dec. 21, 2024 /PRNewswire/ -- German police detained two men.",
                None
            ),
            dec21
        );
        assert_eq!(
            first("H", "BERLIN, Dec. 21, 2024 -- German police said.", None),
            dec21
        );
        assert_eq!(
            first(
                "H",
                "NEW YORK, Dec. 21, 2024 (GLOBE NEWSWIRE) -- Acme Corp.",
                None
            ),
            dec21
        );
        // Not datelines.
        assert_eq!(first("H", "Elections March 13 - what to know", hint), None);
        assert_eq!(
            first("H", "LONDON -- Shares fell on March 13 / April 2", hint),
            None
        );
        // Slashes between the numbers of a date do not end the dateline.
        assert_eq!(
            first("H", "PARIS, 23/06/2024 - Le vote.", None),
            Some("2024-06-23 00:00".into())
        );
        assert_eq!(
            first("H", "WASHINGTON - President Reagan said on March 13", hint),
            None
        );
        assert_eq!(
            first(
                "H",
                "The World Health Organization (WHO) said on March 13",
                hint
            ),
            None
        );
        assert_eq!(
            first(
                "H",
                "However, June 23 was hot - very hot.",
                Some((2024, None))
            ),
            None
        );
        assert_eq!(
            first(
                "H",
                "Text first.\nMOSCOW, June 23 - later line",
                Some((2024, None))
            ),
            None
        );
    }

    #[test]
    fn ambiguous_numeric_lines_are_not_taken() {
        assert_eq!(first("H", "03/04/2024\nText.", None), None);
        assert_eq!(
            first("H", "23/04/2024\nText.", None),
            Some("2024-04-23 00:00".into())
        );
    }

    #[test]
    fn accept_can_refuse_and_the_next_date_is_offered() {
        let mut seen = Vec::new();
        let done = find("June 1, 2099", "June 2, 2024\nText.", None, None, |d| {
            seen.push(d.snippet.to_string());
            d.published.format("%Y").to_string() == "2024"
        });
        assert!(done);
        assert_eq!(seen, ["June 1, 2099", "June 2, 2024"]);
    }
}
