//! Dates in a corpus-relative path. A path is evidence only when it names a day: `2024/06/23/` folders, or a
//! `2024-06-23`, `2024_06_23`, `2024.06.23` or free-standing `20240623` inside a folder or file name. A bare year
//! folder (`1987/`) or a year and month (`2024/06/`) is not a publication date, but its year can complete a wire
//! dateline that has none.
//!
//! Archives name files with ids too, so an eight-digit run counts only when it stands alone between separators
//! (`-`, `_`, `.`, `/`, space, start or end) and reads as a real day of a year from 1900 to 2199.

use chrono::NaiveDate;

/// At most this many date candidates are kept from one path (the ones nearest the file).
const MAX_CANDIDATES: usize = 8;

/// A date found in a path: the day, and where in the path it is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PathDate {
    pub day: NaiveDate,
    pub start: usize,
    pub end: usize,
}

/// What a path says about dates.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct PathDates {
    found: [Option<PathDate>; MAX_CANDIDATES],
    n: usize,
    /// The year (and month, when a `YYYY/MM/` folder pair gives it) of the year folder nearest the file.
    pub year_hint: Option<(i32, Option<u32>)>,
}

impl PathDates {
    /// The dates, nearest the file first.
    pub fn nearest_first(&self) -> impl Iterator<Item = PathDate> + '_ {
        self.found[..self.n].iter().rev().flatten().copied()
    }

    fn push(&mut self, d: PathDate) {
        if self.n == MAX_CANDIDATES {
            self.found.copy_within(1.., 0);
            self.n -= 1;
        }
        self.found[self.n] = Some(d);
        self.n += 1;
    }
}

/// A run of ASCII digits inside a segment.
fn digit_run(b: &[u8], from: usize) -> usize {
    b[from..].iter().take_while(|c| c.is_ascii_digit()).count()
}

fn num(b: &[u8]) -> u32 {
    b.iter().fold(0u32, |a, &c| {
        a.saturating_mul(10).saturating_add(u32::from(c - b'0'))
    })
}

fn is_sep(c: u8) -> bool {
    matches!(c, b'-' | b'_' | b'.' | b' ' | b'/')
}

/// Finds every date in `path`, in path order, and the year hint.
pub(crate) fn scan(path: &str) -> PathDates {
    let mut out = PathDates::default();
    let b = path.as_bytes();
    // Offsets of the two segments before the current one, for `YYYY/MM/DD` folders.
    let mut prev: [Option<(usize, usize)>; 2] = [None, None];
    let mut seg_start = 0;
    while seg_start <= b.len() {
        let seg_end = b[seg_start..]
            .iter()
            .position(|&c| c == b'/')
            .map_or(b.len(), |p| seg_start + p);
        let seg = &b[seg_start..seg_end];
        scan_segment(path, seg_start, seg_end, prev, &mut out);
        if !seg.is_empty() {
            prev = [prev[1], Some((seg_start, seg_end))];
        }
        seg_start = seg_end + 1;
    }
    out
}

/// Looks at one segment `b[start..end]`, given the two non-empty segments before it.
fn scan_segment(
    path: &str,
    start: usize,
    end: usize,
    prev: [Option<(usize, usize)>; 2],
    out: &mut PathDates,
) {
    let b = path.as_bytes();
    let seg = &b[start..end];
    let whole_digits = |r: (usize, usize), min: usize, max: usize| {
        let s = &b[r.0..r.1];
        (min..=max).contains(&s.len()) && s.iter().all(u8::is_ascii_digit)
    };
    // A year folder: remember its year, for datelines.
    if whole_digits((start, end), 4, 4) {
        let y = num(seg);
        if (1800..=2199).contains(&y) {
            out.year_hint = Some((y as i32, None));
        }
    }
    // `YYYY/MM/` and `YYYY/MM/DD...`.
    if let Some(p1) = prev[1] {
        if whole_digits(p1, 4, 4) && whole_digits((start, end), 1, 2) {
            let (y, m) = (num(&b[p1.0..p1.1]), num(seg));
            if (1800..=2199).contains(&y) && (1..=12).contains(&m) {
                out.year_hint = Some((y as i32, Some(m)));
            }
        }
        if let Some(p0) = prev[0] {
            let day_len = digit_run(seg, 0);
            let day_ends = seg.get(day_len).is_none_or(|c| !c.is_ascii_digit());
            if whole_digits(p0, 4, 4)
                && whole_digits(p1, 1, 2)
                && (1..=2).contains(&day_len)
                && day_ends
            {
                let (y, m, d) = (
                    num(&b[p0.0..p0.1]),
                    num(&b[p1.0..p1.1]),
                    num(&seg[..day_len]),
                );
                if let Some(day) = NaiveDate::from_ymd_opt(y as i32, m, d) {
                    out.push(PathDate {
                        day,
                        start: p0.0,
                        end: start + day_len,
                    });
                }
            }
        }
    }
    // Dates inside the name.
    let mut i = 0;
    while i < seg.len() {
        if !seg[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let run = digit_run(seg, i);
        let before_ok = i == 0 || !seg[i - 1].is_ascii_digit();
        if run == 4 && before_ok {
            if let Some((day, len)) = separated_date(&seg[i..]) {
                out.push(PathDate {
                    day,
                    start: start + i,
                    end: start + i + len,
                });
                i += len;
                continue;
            }
        }
        if run == 8 {
            let alone_before = i == 0 || is_sep(seg[i - 1]);
            let alone_after = seg.get(i + 8).is_none_or(|&c| is_sep(c));
            let v = num(&seg[i..i + 8]);
            let (y, m, d) = (v / 10_000, v / 100 % 100, v % 100);
            if alone_before && alone_after && (1900..=2199).contains(&y) {
                if let Some(day) = NaiveDate::from_ymd_opt(y as i32, m, d) {
                    out.push(PathDate {
                        day,
                        start: start + i,
                        end: start + i + 8,
                    });
                }
            }
        }
        i += run;
    }
}

/// `YYYY-MM-DD`, `YYYY_MM_DD` or `YYYY.MM.DD` (one- or two-digit month and day) at the start of `s`, not followed by
/// another digit; gives the day and the length read.
fn separated_date(s: &[u8]) -> Option<(NaiveDate, usize)> {
    let sep = *s.get(4)?;
    if !matches!(sep, b'-' | b'_' | b'.') {
        return None;
    }
    let m_len = digit_run(s, 5);
    if !(1..=2).contains(&m_len) || s.get(5 + m_len) != Some(&sep) {
        return None;
    }
    let d_at = 6 + m_len;
    let d_len = digit_run(s, d_at);
    if !(1..=2).contains(&d_len) {
        return None;
    }
    let len = d_at + d_len;
    let day = NaiveDate::from_ymd_opt(
        num(&s[..4]) as i32,
        num(&s[5..5 + m_len]),
        num(&s[d_at..len]),
    )?;
    Some((day, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(path: &str) -> Vec<String> {
        scan(path)
            .nearest_first()
            .map(|d| d.day.to_string())
            .collect()
    }

    #[test]
    fn folders_and_names_with_days() {
        assert_eq!(days("news/2024/06/23/derbent.txt"), ["2024-06-23"]);
        assert_eq!(days("2024/6/3/a.txt"), ["2024-06-03"]);
        assert_eq!(days("news/2024/06/23-derbent.txt"), ["2024-06-23"]);
        assert_eq!(days("a/2024-06-23-derbent.txt"), ["2024-06-23"]);
        assert_eq!(days("a/derbent_2024_06_23.txt"), ["2024-06-23"]);
        assert_eq!(days("a/story-2024.06.23.txt"), ["2024-06-23"]);
        assert_eq!(days("a/20240623.txt"), ["2024-06-23"]);
        assert_eq!(days("20240623/story.txt"), ["2024-06-23"]);
        assert_eq!(days("a/reuters-20240623-0001.txt"), ["2024-06-23"]);
    }

    #[test]
    fn the_date_nearest_the_file_comes_first() {
        assert_eq!(
            days("2019/01/05/2024-06-23.txt"),
            ["2024-06-23", "2019-01-05"]
        );
    }

    #[test]
    fn ids_and_partial_dates_are_not_days() {
        assert!(days("a/0001.txt").is_empty());
        assert!(days("a/12345678.txt").is_empty(), "not a real day");
        assert!(
            days("a/id20240623.txt").is_empty(),
            "glued to letters: an id"
        );
        assert!(days("a/1202406231.txt").is_empty(), "a longer digit run");
        assert!(days("a/2024-13-01.txt").is_empty());
        assert!(days("a/2024/06/story.txt").is_empty());
        assert!(days("a/2024/06/123.txt").is_empty());
        assert!(days("a/2024-06.txt").is_empty());
        assert!(
            days("a/18000101.txt").is_empty(),
            "eight digits before 1900"
        );
    }

    #[test]
    fn year_hints() {
        assert_eq!(scan("reuters/1987/0001.txt").year_hint, Some((1987, None)));
        assert_eq!(scan("a/2024/06/x.txt").year_hint, Some((2024, Some(6))));
        assert_eq!(scan("a/0001.txt").year_hint, None);
        assert_eq!(scan("a/1234/x.txt").year_hint, None);
    }

    #[test]
    fn no_panic_on_odd_paths() {
        for p in [
            "",
            "/",
            "//",
            "2024/",
            "/2024/06/",
            "2024/06/2",
            "é/2024/06/23",
            "2024-06-2",
        ] {
            let _ = scan(p);
        }
        assert_eq!(days("/2024/06/23"), ["2024-06-23"]);
        assert_eq!(days("2024-06-2"), ["2024-06-02"]);
    }
}
