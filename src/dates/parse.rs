//! Reading one date string into a UTC instant. This module owns the grammar of dates as news writes them: ISO 8601
//! (extended and basic, `20240603T101500Z`) and RFC 3339, RFC 2822, English (and common European) month names in
//! any of the usual orders, numeric dates with `-`, `/` or `.`, Unix seconds and milliseconds, time-zone offsets and
//! abbreviations, and the dirty forms of wire archives (`26-FEB-1987 15:01:01.79&#5;&#5;&#5;RM`).
//!
//! It is a small hand-written tokenizer plus three pattern passes (numeric date, time and zone, month-name date) over
//! a fixed-size token array: no regex, no allocation, so it can run on every candidate of every article at ingest.
//!
//! Rules (see also the `dates` module doc):
//! * A date without a time is midnight UTC of the day written, whatever zone it names: the day is what such a string
//!   asserts, and shifting it by a zone would move it to another day.
//! * A time without a zone is read as UTC. A time that cannot be a time of day (Reuters has `605:12:19.12`) is
//!   dropped and the day kept.
//! * Zone abbreviations that mean several zones take the reading news uses most: `CST` is US Central (-06:00), `IST`
//!   India (+05:30), `BST` British Summer Time (+01:00).
//! * Two-digit years are not read: `03/04/24` is refused.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};
use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use super::DateOptions;

/// Candidate strings longer than this are not a date (they are a sentence or a page) and are refused unread.
const MAX_LEN: usize = 256;
/// Tokens read from a candidate; a date needs far fewer, and later tokens are ignored.
const MAX_TOKENS: usize = 48;

/// Why a candidate string gave no usable date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// Not a date this module can read (or not a real calendar day, like `2024-02-30`).
    Unreadable,
    /// A numeric date such as `03/04/2024` that could be day-first or month-first, with nothing to decide.
    Ambiguous,
    /// A real date before 1800: no news archive holds it, so it is a placeholder or an error.
    TooEarly(DateTime<Utc>),
    /// A real date more than one day after "now".
    InFuture(DateTime<Utc>),
    /// The Unix epoch (1970-01-01, give or take a zone): a zero timestamp standing in for a missing date.
    Epoch(DateTime<Utc>),
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::Unreadable => f.write_str("is not a date"),
            Rejection::Ambiguous => f.write_str(
                "is ambiguous (day-first or month-first?); ignored: --day-first or --month-first decides",
            ),
            Rejection::TooEarly(_) => f.write_str("is before 1800; ignored"),
            Rejection::InFuture(_) => f.write_str("is in the future; ignored"),
            Rejection::Epoch(_) => f.write_str("is the Unix epoch, a placeholder for a missing date; ignored"),
        }
    }
}

/// Reads a candidate date string into UTC, or `None` when it is unreadable, ambiguous or implausible (before 1800, or
/// more than a day after `opts.now`, default `crate::clock::now()`). [`parse_candidate`] says why.
pub fn parse(s: &str, opts: &DateOptions) -> Option<DateTime<Utc>> {
    let now = opts.now.unwrap_or_else(crate::clock::now);
    parse_candidate(s, opts.day_first, now).ok()
}

/// Reads a candidate date string and checks it is plausible at `now`, saying why when it gives no date.
pub fn parse_candidate(
    s: &str,
    day_first: Option<bool>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, Rejection> {
    let dt = parse_unchecked(s, day_first)?;
    check_plausible(dt, now)?;
    Ok(dt)
}

/// The first instant a date may have: earlier dates are placeholders (`0001-01-01`) or typos.
pub fn earliest() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(1800, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// Whether `dt` can be a publication date seen at `now`: not before 1800, not more than one day after `now` (the
/// day of slack covers zones ahead of the machine's clock), and not within a day of the Unix epoch (a zero
/// timestamp shown in any zone: the commonest placeholder for a missing date, in metadata and in mtimes alike).
pub fn check_plausible(dt: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), Rejection> {
    if dt < earliest() {
        return Err(Rejection::TooEarly(dt));
    }
    if (dt - DateTime::UNIX_EPOCH).abs() < TimeDelta::days(1) {
        return Err(Rejection::Epoch(dt));
    }
    if dt > now + TimeDelta::days(1) {
        return Err(Rejection::InFuture(dt));
    }
    Ok(())
}

/// Reads a candidate date string without the plausibility check.
pub fn parse_unchecked(s: &str, day_first: Option<bool>) -> Result<DateTime<Utc>, Rejection> {
    parse_local(s, day_first).map(|d| d.with_timezone(&Utc))
}

/// Reads a candidate date string, keeping the UTC offset it was written with (UTC when it has none), without the
/// plausibility check.
pub fn parse_local(s: &str, day_first: Option<bool>) -> Result<DateTime<FixedOffset>, Rejection> {
    let s = s.trim_matches(|c: char| c.is_whitespace() || c.is_control());
    if s.is_empty() || s.len() > MAX_LEN {
        return Err(Rejection::Unreadable);
    }
    let dots = s.bytes().filter(|&b| b == b'.').count();
    if dots <= 1
        && s.as_bytes()[0].is_ascii_digit()
        && s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    {
        return parse_number(s).map(|d| d.fixed_offset());
    }
    if let Some(dt) = iso_basic(s) {
        return Ok(dt);
    }
    let found = scan(s, day_first);
    if found.ambiguous {
        return Err(Rejection::Ambiguous);
    }
    found.to_local().ok_or(Rejection::Unreadable)
}

/// What a numeric date (`a/b/YYYY`, `a-b-YYYY`) says about the order of day and month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumericOrder {
    /// `23/06/2024`: only day-first reads it.
    DayFirst,
    /// `06/23/2024`: only month-first reads it.
    MonthFirst,
    /// `03/07/2024`: either reads it, as different days.
    Either,
}

/// The day/month order the first `a/b/YYYY` or `a-b-YYYY` date of `s` reveals, if any (dotted dates are day-first
/// by convention and say nothing; `03/03/2024` reads the same either way).
pub fn numeric_order(s: &str) -> Option<NumericOrder> {
    scan(s, None).order
}

/// What `a/b/YYYY` (separator `sep`) says about the order of day and month.
fn order_of(a: u32, b: u32, sep: u8) -> Option<NumericOrder> {
    if sep == b'.' || a == b || a == 0 || b == 0 || a > 31 || b > 31 {
        return None;
    }
    match (a > 12, b > 12) {
        (true, false) => Some(NumericOrder::DayFirst),
        (false, true) => Some(NumericOrder::MonthFirst),
        (false, false) => Some(NumericOrder::Either),
        (true, true) => None,
    }
}

/// ISO 8601 basic format with a time, as GDELT and some feeds write it: `20240603T101500Z`, `20240603T1015`,
/// `20240603T101500+0530`. `None` for anything else.
fn iso_basic(s: &str) -> Option<DateTime<FixedOffset>> {
    let b = s.as_bytes();
    if b.len() < 13 || !b[..8].iter().all(u8::is_ascii_digit) || !matches!(b[8], b'T' | b't') {
        return None;
    }
    let n = |r: std::ops::Range<usize>| -> Option<u32> { s.get(r)?.parse().ok() };
    let time_len = b[9..].iter().take_while(|c| c.is_ascii_digit()).count();
    let (h, mi, se) = match time_len {
        4 => (n(9..11)?, n(11..13)?, 0),
        6 => (n(9..11)?, n(11..13)?, n(13..15)?),
        _ => return None,
    };
    let zone = &s[9 + time_len..];
    let offset = match zone.as_bytes() {
        [] | [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), ..] => {
            let digits: String = zone[1..].chars().filter(|&c| c != ':').collect();
            if digits.len() != 4 || !digits.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let secs =
                digits[..2].parse::<i32>().ok()? * 3600 + digits[2..].parse::<i32>().ok()? * 60;
            if *sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => return None,
    };
    let local =
        NaiveDate::from_ymd_opt(n(0..4)? as i32, n(4..6)?, n(6..8)?)?.and_hms_opt(h, mi, se)?;
    FixedOffset::east_opt(offset)?
        .from_local_datetime(&local)
        .single()
}

/// A string of digits alone: `20240623`, `20240623140500`, or Unix seconds (9–11 digits) or milliseconds (12–13
/// digits), as JSON exports give them; a fraction after a dot is ignored.
fn parse_number(s: &str) -> Result<DateTime<Utc>, Rejection> {
    let int = s.split('.').next().unwrap_or(s);
    if int.is_empty() {
        return Err(Rejection::Unreadable);
    }
    let digits = int.as_bytes();
    let num = |r: std::ops::Range<usize>| {
        digits[r]
            .iter()
            .fold(0u32, |a, &b| a * 10 + u32::from(b - b'0'))
    };
    let from_parts = |y: u32, mo: u32, d: u32, h: u32, mi: u32, se: u32| {
        NaiveDate::from_ymd_opt(y as i32, mo, d)
            .and_then(|d| d.and_hms_opt(h, mi, se))
            .map(|d| d.and_utc())
    };
    let dt = match digits.len() {
        8 if int.len() == s.len() => from_parts(num(0..4), num(4..6), num(6..8), 0, 0, 0),
        14 if int.len() == s.len() => from_parts(
            num(0..4),
            num(4..6),
            num(6..8),
            num(8..10),
            num(10..12),
            num(12..14),
        ),
        9..=11 => int
            .parse::<i64>()
            .ok()
            .and_then(|v| DateTime::from_timestamp(v, 0)),
        12 | 13 => int
            .parse::<i64>()
            .ok()
            .and_then(DateTime::from_timestamp_millis),
        _ => None,
    };
    dt.ok_or(Rejection::Unreadable)
}

// ---------------------------------------------------------------------------------------------------------------
// Tokens

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Num,
    Word,
    Punct,
}

/// What a word means to a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    Month(u32),
    /// Days from Monday.
    Weekday(u32),
    /// A zone abbreviation, with its offset east of UTC in seconds.
    Zone(i32),
    /// `of`, `de`, `the`, ...: words that sit inside a date ("23rd of June", "23 de junio de 2024").
    Connector,
    /// `st`, `nd`, `rd`, `th` after a day number.
    Ordinal,
    /// `published`, `updated`, ...: words that introduce a date line.
    Label,
    /// `last`, `first`: part of a label ("Last updated"), but alone they open a sentence ("Last Wednesday, ...").
    Qualifier,
    /// `on` and `at`: allowed in a date line only after a label ("Posted on June 23, 2024").
    OnAt,
    Am,
    Pm,
    /// `T` between an ISO date and its time.
    T,
    /// `h` in French times (`14h05`), and the CJK hour mark (`10時00分`).
    H,
    /// A US zone without the standard/daylight distinction (`ET`, `CT`, `MT`, `PT`), with its standard offset: the
    /// date says whether daylight saving time was on.
    UsZone(i32),
    /// The CJK marks of year, month, day, minute and second: `2020年7月1日`, `2020년 7월 1일`.
    CjkUnit(u8),
    Other,
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    kind: Kind,
    start: u16,
    end: u16,
    /// A number's value (saturating), or a punctuation byte.
    val: u32,
    class: Class,
    /// Whitespace (or any character that is neither a letter, a digit nor ASCII punctuation) precedes the token.
    spaced: bool,
    used: bool,
}

impl Tok {
    const EMPTY: Tok = Tok {
        kind: Kind::Punct,
        start: 0,
        end: 0,
        val: 0,
        class: Class::Other,
        spaced: true,
        used: false,
    };

    fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    fn is_num(&self, min: usize, max: usize) -> bool {
        self.kind == Kind::Num && (min..=max).contains(&self.len())
    }

    fn is_punct(&self, b: u8) -> bool {
        self.kind == Kind::Punct && self.val == u32::from(b)
    }

    fn num(&self) -> u32 {
        self.val
    }
}

struct Tokens<'a> {
    s: &'a str,
    toks: [Tok; MAX_TOKENS],
    n: usize,
}

impl<'a> Tokens<'a> {
    /// Tokenizes `s` (its first [`MAX_TOKENS`] tokens, within its first 4 KiB). With `stop_at_unknown`, gives `None`
    /// at the first word of two letters or more that no date uses: the string cannot then be a pure date, and
    /// reading the rest would be wasted.
    fn new(s: &'a str, stop_at_unknown: bool) -> Option<Tokens<'a>> {
        let s = prefix(s, 4096);
        let mut t = Tokens {
            s,
            toks: [Tok::EMPTY; MAX_TOKENS],
            n: 0,
        };
        let bytes = s.as_bytes();
        let mut i = 0;
        let mut spaced = true;
        while i < bytes.len() && t.n < MAX_TOKENS {
            let b = bytes[i];
            if b.is_ascii_digit() {
                let start = i;
                let mut v: u32 = 0;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    v = v
                        .saturating_mul(10)
                        .saturating_add(u32::from(bytes[i] - b'0'));
                    i += 1;
                }
                t.push(Kind::Num, start, i, v, Class::Other, spaced);
                spaced = false;
            } else if b.is_ascii_punctuation() {
                t.push(Kind::Punct, i, i + 1, u32::from(b), Class::Other, spaced);
                i += 1;
                spaced = false;
            } else {
                // Letters (any script), or a separator such as a space, a control character or a dash.
                let c = s[i..].chars().next().unwrap_or(' ');
                if c.is_alphabetic() {
                    let start = i;
                    for (j, c) in s[i..].char_indices() {
                        // CJK writes no spaces: a date mark (`日` of `1日星期三`) is a word of its own.
                        if !c.is_alphabetic() || (j > 0 && is_cjk_mark(c)) {
                            break;
                        }
                        i = start + j + c.len_utf8();
                        if is_cjk_mark(c) {
                            break;
                        }
                    }
                    let class = classify(&s[start..i]);
                    // One-letter words stay: `a.m.` is made of them.
                    if stop_at_unknown && class == Class::Other && i - start > 1 {
                        return None;
                    }
                    t.push(Kind::Word, start, i, 0, class, spaced);
                    spaced = false;
                } else {
                    i += c.len_utf8();
                    spaced = true;
                }
            }
        }
        Some(t)
    }

    fn push(&mut self, kind: Kind, start: usize, end: usize, val: u32, class: Class, spaced: bool) {
        // Offsets fit: the input is cut to 4 KiB.
        self.toks[self.n] = Tok {
            kind,
            start: start as u16,
            end: end as u16,
            val,
            class,
            spaced,
            used: false,
        };
        self.n += 1;
    }

    fn get(&self, i: usize) -> Option<&Tok> {
        self.toks[..self.n].get(i)
    }

    fn text(&self, t: &Tok) -> &str {
        self.s.get(t.start as usize..t.end as usize).unwrap_or("")
    }

    fn mark(&mut self, from: usize, to: usize) {
        for t in &mut self.toks[from..to.min(self.n)] {
            t.used = true;
        }
    }
}

/// The CJK characters that mark the parts of a date and time.
fn is_cjk_mark(c: char) -> bool {
    matches!(
        c,
        '年' | '月' | '日' | '時' | '时' | '分' | '秒' | '년' | '월' | '일' | '시' | '분' | '초'
    )
}

/// The first `max` bytes of `s`, cut back to a character boundary.
pub(crate) fn prefix(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Lower-cases a short word into `buf`, without allocating.
fn lower<'b>(w: &str, buf: &'b mut [u8; 32]) -> Option<&'b str> {
    if w.is_ascii() {
        let out = buf.get_mut(..w.len())?;
        out.copy_from_slice(w.as_bytes());
        out.make_ascii_lowercase();
        return std::str::from_utf8(out).ok();
    }
    let mut n = 0;
    for c in w.chars().flat_map(char::to_lowercase) {
        let l = c.len_utf8();
        if n + l > buf.len() {
            return None;
        }
        c.encode_utf8(&mut buf[n..n + l]);
        n += l;
    }
    std::str::from_utf8(&buf[..n]).ok()
}

/// The words a date is made of, by class. Month names: English, German, French, Spanish, Italian, Portuguese, Dutch
/// and Russian (genitive, as dates use it).
const WORDS: &[(Class, &[&str])] = &[
    (
        Class::Month(1),
        &[
            "jan",
            "january",
            "januar",
            "jänner",
            "janvier",
            "enero",
            "gennaio",
            "janeiro",
            "januari",
            "января",
        ],
    ),
    (
        Class::Month(2),
        &[
            "feb",
            "february",
            "februar",
            "février",
            "fevrier",
            "febrero",
            "febbraio",
            "fevereiro",
            "februari",
            "февраля",
        ],
    ),
    (
        Class::Month(3),
        &[
            "mar",
            "march",
            "märz",
            "mars",
            "marzo",
            "março",
            "maart",
            "марта",
        ],
    ),
    (
        Class::Month(4),
        &["apr", "april", "avril", "abril", "aprile", "апреля"],
    ),
    (
        Class::Month(5),
        &["may", "mai", "mayo", "maggio", "maio", "mei", "мая"],
    ),
    (
        Class::Month(6),
        &[
            "jun", "june", "juni", "juin", "junio", "giugno", "junho", "июня",
        ],
    ),
    (
        Class::Month(7),
        &[
            "jul", "july", "juli", "juillet", "julio", "luglio", "julho", "июля",
        ],
    ),
    (
        Class::Month(8),
        &[
            "aug",
            "august",
            "août",
            "aout",
            "agosto",
            "augustus",
            "августа",
        ],
    ),
    (
        Class::Month(9),
        &[
            "sep",
            "sept",
            "september",
            "septembre",
            "septiembre",
            "setiembre",
            "settembre",
            "setembro",
            "сентября",
        ],
    ),
    (
        Class::Month(10),
        &[
            "oct",
            "october",
            "oktober",
            "octobre",
            "octubre",
            "ottobre",
            "outubro",
            "октября",
        ],
    ),
    (
        Class::Month(11),
        &[
            "nov",
            "november",
            "novembre",
            "noviembre",
            "novembro",
            "ноября",
        ],
    ),
    (
        Class::Month(12),
        &[
            "dec",
            "december",
            "dezember",
            "décembre",
            "decembre",
            "diciembre",
            "dicembre",
            "dezembro",
            "декабря",
        ],
    ),
    (
        Class::Weekday(0),
        &["monday", "mon", "montag", "lundi", "lunes"],
    ),
    (
        Class::Weekday(1),
        &["tuesday", "tue", "tues", "dienstag", "mardi", "martes"],
    ),
    (
        Class::Weekday(2),
        &["wednesday", "wed", "mittwoch", "mercredi", "miércoles"],
    ),
    (
        Class::Weekday(3),
        &[
            "thursday",
            "thu",
            "thur",
            "thurs",
            "donnerstag",
            "jeudi",
            "jueves",
        ],
    ),
    (
        Class::Weekday(4),
        &["friday", "fri", "freitag", "vendredi", "viernes"],
    ),
    (
        Class::Weekday(5),
        &["saturday", "sat", "samstag", "samedi", "sábado"],
    ),
    (
        Class::Weekday(6),
        &["sunday", "sun", "sonntag", "dimanche", "domingo"],
    ),
    // Zones, by offset east of UTC in seconds.
    (Class::Zone(0), &["z", "gmt", "utc", "wet"]),
    (
        Class::Zone(3600),
        &["bst", "cet", "met", "mez", "wat", "west"],
    ),
    (Class::Zone(7200), &["cest", "mesz", "eet", "sast", "cat"]),
    (Class::Zone(10800), &["eest", "msk", "eat"]),
    (Class::Zone(18000), &["pkt"]),
    (Class::Zone(19800), &["ist"]),
    (Class::Zone(20700), &["npt"]),
    (Class::Zone(25200), &["ict", "wib"]),
    (Class::Zone(28800), &["hkt", "sgt", "awst", "pht", "myt"]),
    (Class::Zone(32400), &["jst", "kst"]),
    (Class::Zone(34200), &["acst"]),
    (Class::Zone(36000), &["aest"]),
    (Class::Zone(37800), &["acdt"]),
    (Class::Zone(39600), &["aedt"]),
    (Class::Zone(43200), &["nzst"]),
    (Class::Zone(46800), &["nzdt"]),
    (Class::Zone(-10800), &["brt", "art", "adt"]),
    (Class::Zone(-12600), &["nst"]),
    (Class::Zone(-14400), &["ast", "edt", "clt"]),
    (Class::Zone(-18000), &["est", "cdt"]),
    (Class::Zone(-21600), &["cst", "mdt"]),
    (Class::Zone(-25200), &["mst", "pdt"]),
    (Class::Zone(-28800), &["pst", "akdt"]),
    (Class::Zone(-32400), &["akst"]),
    (Class::Zone(-36000), &["hst"]),
    (Class::UsZone(-18000), &["et"]),
    (Class::UsZone(-21600), &["ct"]),
    (Class::UsZone(-25200), &["mt"]),
    (Class::UsZone(-28800), &["pt"]),
    (
        Class::Connector,
        &[
            "of", "the", "de", "del", "le", "el", "à", "um", "den", "der", "г", "года",
        ],
    ),
    (Class::Ordinal, &["st", "nd", "rd", "th", "er"]),
    (Class::Qualifier, &["last", "first"]),
    (
        Class::Label,
        &[
            "published",
            "updated",
            "posted",
            "modified",
            "created",
            "issued",
            "released",
            "date",
            "dated",
            "publication",
            "time",
            "publié",
            "publie",
            "mis",
            "jour",
            "veröffentlicht",
            "aktualisiert",
            "stand",
            "publicado",
            "actualizado",
            "pubblicato",
            "aggiornato",
        ],
    ),
    (Class::OnAt, &["on", "at"]),
    (Class::Am, &["am"]),
    (Class::Pm, &["pm"]),
    (Class::T, &["t"]),
    (Class::H, &["h", "時", "时", "시"]),
    (Class::CjkUnit(0), &["年", "년"]),
    (Class::CjkUnit(1), &["月", "월"]),
    (Class::CjkUnit(2), &["日", "일"]),
    (Class::CjkUnit(3), &["分", "분"]),
    (Class::CjkUnit(4), &["秒", "초"]),
];

/// The lower-case word → class table, and the longest word in it (in bytes).
fn words() -> &'static (HashMap<&'static str, Class>, usize) {
    static TABLE: OnceLock<(HashMap<&'static str, Class>, usize)> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = HashMap::new();
        for (class, names) in WORDS {
            for name in *names {
                map.insert(*name, *class);
            }
        }
        let longest = map.keys().map(|k| k.len()).max().unwrap_or(0);
        (map, longest)
    })
}

/// Classifies a word (any case).
pub(crate) fn classify(w: &str) -> Class {
    let (map, longest) = words();
    // Lower-casing shrinks a character at most from 4 bytes to 1: a word longer than this cannot be in the table.
    if w.len() > 4 * longest {
        return Class::Other;
    }
    let mut buf = [0u8; 32];
    let Some(w) = lower(w, &mut buf) else {
        return Class::Other;
    };
    map.get(w).copied().unwrap_or(Class::Other)
}

// ---------------------------------------------------------------------------------------------------------------
// Scanning

/// What a scan of one string found: the parts of a date, and how much else the string holds (which the text
/// extractor uses to tell a date line from a sentence that mentions a date).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Found {
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
    pub time: Option<NaiveTime>,
    /// Seconds east of UTC.
    pub offset: Option<i32>,
    /// The offset is a US zone's standard one, an hour behind while US daylight saving time is on.
    pub us_daylight: bool,
    /// A numeric date that could be read day-first or month-first, with nothing to decide.
    pub ambiguous: bool,
    /// What the numeric date `a/b/YYYY`, if any, says about the order of day and month.
    pub order: Option<NumericOrder>,
    /// Words that are none of month, weekday, zone, connector, ordinal, label, on/at, am/pm.
    pub unknown_words: u32,
    /// Label words (`published`, `updated`, ...).
    pub labels: u32,
    /// `on` or `at` appear.
    pub on_at: bool,
    /// `last` or `first` appear.
    pub qualifier: bool,
    /// The first weekday named (days from Monday).
    pub weekday: Option<u32>,
    /// Numbers that are part of neither the date nor the time.
    pub stray_numbers: u32,
}

impl Found {
    /// The calendar day, when the string gave a full and real one.
    pub fn date(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year?, self.month?, self.day?)
    }

    /// The time as written, with its zone's offset (UTC when none was written), or midnight UTC without a time:
    /// the publisher's calendar day stays the day written.
    pub fn to_local(self) -> Option<DateTime<FixedOffset>> {
        let date = self.date()?;
        match self.time {
            Some(t) => {
                let mut offset = self.offset.unwrap_or(0);
                if self.us_daylight && us_daylight_saving(date) {
                    offset += 3600;
                }
                FixedOffset::east_opt(offset)?
                    .from_local_datetime(&date.and_time(t))
                    .single()
            }
            None => Some(date.and_hms_opt(0, 0, 0)?.and_utc().fixed_offset()),
        }
    }

    /// Whether the string is a date and nothing else, besides labels ("Updated:"), weekday and zone names: what a
    /// date line at the top of an article looks like.
    pub fn is_pure(&self) -> bool {
        self.unknown_words == 0
            && self.stray_numbers == 0
            && (!(self.on_at || self.qualifier) || self.labels > 0)
    }

    /// Whether the weekday named, if any, is the weekday of the date: "Last Wednesday, October 7, 2006" (a
    /// Saturday) is a sentence about another day, or a typo.
    pub fn weekday_agrees(&self) -> bool {
        match (self.weekday, self.date()) {
            (Some(w), Some(d)) => d.weekday().num_days_from_monday() == w,
            _ => true,
        }
    }
}

/// Scans a string for the first date it holds, with its time and zone.
pub(crate) fn scan(s: &str, day_first: Option<bool>) -> Found {
    match Tokens::new(s, false) {
        Some(t) => scan_tokens(t, day_first),
        None => Found::default(),
    }
}

/// Scans a string that should be a date and nothing else (see [`Found::is_pure`]); `None` when it is not, found as
/// early as possible: a line of prose stops at its first ordinary word.
pub(crate) fn scan_pure(s: &str, day_first: Option<bool>) -> Option<Found> {
    let f = scan_tokens(Tokens::new(s, true)?, day_first);
    f.is_pure().then_some(f)
}

fn scan_tokens(mut t: Tokens<'_>, day_first: Option<bool>) -> Found {
    let mut f = Found::default();
    numeric_date(&mut t, &mut f, day_first);
    let time_at = time_and_zone(&mut t, &mut f);
    if f.month.is_none() && !f.ambiguous {
        named_month_date(&mut t, &mut f);
    }
    // Whatever is left tells how much else the string says.
    let mut prev_num = false;
    for (k, tok) in t.toks[..t.n].iter().enumerate() {
        if !tok.used {
            match tok.kind {
                Kind::Num => f.stray_numbers += 1,
                Kind::Word => match tok.class {
                    // `et` that is no zone is the French "and".
                    Class::Other | Class::UsZone(_) => f.unknown_words += 1,
                    // `T` and `h` glued to digits are the ISO and French time separators.
                    Class::T | Class::H if tok.spaced || !prev_num => f.unknown_words += 1,
                    Class::Ordinal if !prev_num || tok.spaced => f.unknown_words += 1,
                    Class::Label => f.labels += 1,
                    // "at 7:05 a.m." only introduces the time; "On June 23, police said" is a sentence.
                    Class::OnAt if time_at != Some(k + 1) => f.on_at = true,
                    Class::Qualifier => f.qualifier = true,
                    Class::Weekday(w) => {
                        f.weekday.get_or_insert(w);
                    }
                    _ => {}
                },
                Kind::Punct => {}
            }
        }
        prev_num = tok.kind == Kind::Num;
    }
    f
}

/// Numeric dates: `2024-06-23`, `2024/06/23`, `2024.06.23`, `23.06.2024`, `06/23/2024`, and `20240623` followed by
/// `T` (ISO basic format) or standing alone among other tokens.
fn numeric_date(t: &mut Tokens<'_>, f: &mut Found, day_first: Option<bool>) {
    for i in 0..t.n {
        // `2020年7月1日`, `2020년 7월 1일`.
        let unit = |k: usize, u: u8| t.get(k).is_some_and(|x| x.class == Class::CjkUnit(u));
        let num = |k: usize, min: usize, max: usize| {
            t.get(k).filter(|x| x.is_num(min, max)).map(Tok::num)
        };
        if let (Some(y), true, Some(m), true, Some(d), true) = (
            num(i, 4, 4),
            unit(i + 1, 0),
            num(i + 2, 1, 2),
            unit(i + 3, 1),
            num(i + 4, 1, 2),
            unit(i + 5, 2),
        ) {
            f.year = Some(y as i32);
            f.month = Some(m);
            f.day = Some(d);
            t.mark(i, i + 6);
            return;
        }
        let (a, p1, b, p2, c) = (
            t.get(i),
            t.get(i + 1),
            t.get(i + 2),
            t.get(i + 3),
            t.get(i + 4),
        );
        if let (Some(a), Some(p1), Some(b), Some(p2), Some(c)) = (a, p1, b, p2, c) {
            let sep = u8::try_from(p1.val).unwrap_or(0);
            let shaped = p1.kind == Kind::Punct
                && matches!(sep, b'-' | b'/' | b'.')
                && p2.is_punct(sep)
                && !p1.spaced
                && !b.spaced
                && !p2.spaced
                && !c.spaced
                && b.is_num(1, 2);
            if shaped && a.is_num(4, 4) && c.is_num(1, 2) {
                f.year = Some(a.num() as i32);
                f.month = Some(b.num());
                f.day = Some(c.num());
                t.mark(i, i + 5);
                return;
            }
            if shaped && a.is_num(1, 2) && c.is_num(4, 4) {
                f.order = order_of(a.num(), b.num(), sep);
                match day_month(a.num(), b.num(), sep, day_first) {
                    Some((d, m)) => {
                        f.day = Some(d);
                        f.month = Some(m);
                        f.year = Some(c.num() as i32);
                    }
                    None => f.ambiguous = true,
                }
                t.mark(i, i + 5);
                return;
            }
        }
        let Some(a) = t.get(i) else { break };
        if a.is_num(8, 8) {
            let next_ok = match t.get(i + 1) {
                None => true,
                Some(n) => n.spaced || n.class == Class::T,
            };
            if next_ok && a.spaced {
                let v = a.num();
                f.year = Some((v / 10_000) as i32);
                f.month = Some(v / 100 % 100);
                f.day = Some(v % 100);
                t.mark(i, i + 1);
                return;
            }
        }
    }
}

/// Reads `a/b/YYYY` as (day, month), or `None` when it stays ambiguous. The rule, in order: a number above 12 can
/// only be the day; equal numbers read the same either way; the caller's `day_first` setting; dots are day-first
/// (the convention of every locale that writes them); otherwise ambiguous.
fn day_month(a: u32, b: u32, sep: u8, day_first: Option<bool>) -> Option<(u32, u32)> {
    if a > 12 || a == b {
        return Some((a, b));
    }
    if b > 12 {
        return Some((b, a));
    }
    match day_first {
        Some(true) => Some((a, b)),
        Some(false) => Some((b, a)),
        None if sep == b'.' => Some((a, b)),
        None => None,
    }
}

/// The first time of day (`14:05`, `14:05:00.79`, `2:05 p.m.`, `14h05`) and its zone (`Z`, `+03:00`, `+0300`, `GMT`,
/// `EDT`, `GMT+3`, `(UTC+09:00)`); a zone name elsewhere in the string applies when none follows the time.
fn time_and_zone(t: &mut Tokens<'_>, f: &mut Found) -> Option<usize> {
    let mut time_at = None;
    let mut i = 0;
    while i + 2 < t.n {
        let (h, sep, m) = (t.toks[i], t.toks[i + 1], t.toks[i + 2]);
        let colon = sep.is_punct(b':') && !sep.spaced;
        let french = sep.kind == Kind::Word && sep.class == Class::H && !sep.spaced;
        // `14.05 BST`, `2.05pm`: a dot between hour and minute, known as a time by the zone or am/pm after it.
        let dotted = sep.is_punct(b'.')
            && !sep.spaced
            && (zone_after(t, i + 3).is_some_and(|z| z.1 > i + 3)
                || meridiem(t, i + 3, 1).1 > i + 3);
        // `605:12:19` is not a time, and neither is its tail `12:19`.
        let chained = i > 0 && t.toks[i - 1].is_punct(b':') && !h.spaced;
        if h.is_num(1, 2)
            && !h.used
            && !chained
            && (colon || french || dotted)
            && m.is_num(2, 2)
            && !m.spaced
        {
            let mut end = i + 3;
            let (hour, minute) = (h.num(), m.num());
            let (mut second, mut nano) = (0, 0);
            if colon {
                if let (Some(c), Some(s)) = (t.get(end), t.get(end + 1)) {
                    if c.is_punct(b':') && !c.spaced && s.is_num(1, 2) && !s.spaced {
                        second = s.num();
                        end += 2;
                        if let (Some(d), Some(fr)) = (t.get(end), t.get(end + 1)) {
                            if (d.is_punct(b'.') || d.is_punct(b','))
                                && !d.spaced
                                && fr.is_num(1, 30)
                                && !fr.spaced
                            {
                                nano = fraction_nanos(t.text(fr));
                                end += 2;
                            }
                        }
                    }
                }
            }
            let (hour, after) = meridiem(t, end, hour);
            end = after;
            t.mark(i, end);
            time_at = Some(i);
            // A leap second (`:60`) is read as the second before it.
            f.time = NaiveTime::from_hms_nano_opt(hour, minute, second.min(59), nano);
            if let Some((offset, after, us)) = zone_after(t, end) {
                f.offset = Some(offset);
                f.us_daylight = us;
                t.mark(end, after);
            }
            break;
        }
        i += 1;
    }
    // Zone names that do not follow the time directly ("14:05 on Sunday, GMT") still say what zone it was in.
    for k in 0..t.n {
        let tok = t.toks[k];
        if tok.used || tok.kind != Kind::Word {
            continue;
        }
        let (z, us) = match tok.class {
            Class::Zone(z) => (z, false),
            Class::UsZone(z) if is_us_zone(t, &tok) => (z, true),
            _ => continue,
        };
        {
            if tok.len() == 1 {
                // A lone `Z` means UTC only right after a time.
                continue;
            }
            if f.offset.is_none() {
                match signed_offset(t, k + 1) {
                    Some((o, after)) => {
                        f.offset = Some(z + o);
                        t.mark(k, after);
                    }
                    None => {
                        f.offset = Some(z);
                        f.us_daylight = us;
                        t.mark(k, k + 1);
                    }
                }
            } else {
                t.mark(k, k + 1);
            }
        }
    }
    time_at
}

/// Nanoseconds of a decimal fraction's digits (`79` → 790 ms).
fn fraction_nanos(digits: &str) -> u32 {
    let mut n = 0u32;
    let mut scale = 100_000_000u32;
    for b in digits.bytes().take(9) {
        n += u32::from(b - b'0') * scale;
        scale /= 10;
    }
    n
}

/// Applies `am`/`pm`/`a.m.`/`p.m.` at token `i`, giving the 24-hour hour and the index after it.
fn meridiem(t: &Tokens<'_>, i: usize, hour: u32) -> (u32, usize) {
    let Some(w) = t.get(i) else { return (hour, i) };
    let (pm, after) = match w.class {
        Class::Am => (false, i + 1),
        Class::Pm => (true, i + 1),
        _ => {
            // `a.m.` / `p.m.` tokenize as a word, a dot, a word.
            let word = t.text(w);
            let dotted = w.kind == Kind::Word
                && (word.eq_ignore_ascii_case("a") || word.eq_ignore_ascii_case("p"))
                && t.get(i + 1).is_some_and(|d| d.is_punct(b'.'))
                && t.get(i + 2)
                    .is_some_and(|m| t.text(m).eq_ignore_ascii_case("m"));
            if !dotted {
                return (hour, i);
            }
            let after = if t.get(i + 3).is_some_and(|d| d.is_punct(b'.')) {
                i + 4
            } else {
                i + 3
            };
            (word.eq_ignore_ascii_case("p"), after)
        }
    };
    if !(1..=12).contains(&hour) {
        // "14:05 pm" is not a time; 25 keeps it from being read as one.
        return (25, after);
    }
    (hour % 12 + if pm { 12 } else { 0 }, after)
}

/// A zone right after a time: `Z`, a signed offset, or a zone name (maybe followed by an offset, `GMT+3`), maybe in
/// brackets (`[IST]`, `(UTC+09:00)`).
fn zone_after(t: &Tokens<'_>, i: usize) -> Option<(i32, usize, bool)> {
    let first = t.get(i)?;
    if let Some((o, after)) = signed_offset(t, i) {
        return Some((o, after, false));
    }
    let (i, bracket) = if first.is_punct(b'(') || first.is_punct(b'[') {
        (i + 1, true)
    } else {
        (i, false)
    };
    let w = t.get(i)?;
    let (z, us) = match w.class {
        Class::Zone(z) => (z, false),
        Class::UsZone(z) if is_us_zone(t, w) => (z, true),
        _ => return None,
    };
    if w.len() == 1 && (w.spaced || bracket) {
        // `Z` only counts glued to the time.
        return None;
    }
    let (extra, mut after) = signed_offset(t, i + 1).unwrap_or((0, i + 1));
    if bracket
        && t.get(after)
            .is_some_and(|c| c.is_punct(b')') || c.is_punct(b']'))
    {
        after += 1;
    }
    Some((z + extra, after, us && extra == 0))
}

/// `ET`, `PT`, ... are zones only in capitals: `et` is French for "and".
fn is_us_zone(t: &Tokens<'_>, w: &Tok) -> bool {
    t.text(w).bytes().all(|b| b.is_ascii_uppercase())
}

/// Whether US daylight saving time is on during `day` (from 2007: second Sunday of March to first Sunday of
/// November; before: first Sunday of April to last Sunday of October).
fn us_daylight_saving(day: NaiveDate) -> bool {
    let y = day.year();
    let sunday =
        |m: u32, n: u8| NaiveDate::from_weekday_of_month_opt(y, m, chrono::Weekday::Sun, n);
    let (start, end) = if y >= 2007 {
        (sunday(3, 2), sunday(11, 1))
    } else {
        (sunday(4, 1), sunday(10, 5).or_else(|| sunday(10, 4)))
    };
    match (start, end) {
        (Some(s), Some(e)) => day >= s && day < e,
        _ => false,
    }
}

/// A signed offset at token `i`: `+03:00`, `+0300`, `-05`, `+3`.
fn signed_offset(t: &Tokens<'_>, i: usize) -> Option<(i32, usize)> {
    let sign = t.get(i)?;
    let neg = if sign.is_punct(b'+') {
        false
    } else if sign.is_punct(b'-') {
        true
    } else {
        return None;
    };
    let n = t.get(i + 1)?;
    if n.spaced || n.kind != Kind::Num {
        return None;
    }
    let (hours, minutes, after) = match n.len() {
        4 => (n.num() / 100, n.num() % 100, i + 2),
        1 | 2 => match (t.get(i + 2), t.get(i + 3)) {
            (Some(c), Some(m)) if c.is_punct(b':') && !c.spaced && m.is_num(2, 2) && !m.spaced => {
                (n.num(), m.num(), i + 4)
            }
            _ => (n.num(), 0, i + 2),
        },
        _ => return None,
    };
    if hours > 14 || minutes > 59 {
        return None;
    }
    let secs = (hours * 3600 + minutes * 60) as i32;
    Some((if neg { -secs } else { secs }, after))
}

/// Dates with a month name: `23 June 2024`, `June 23, 2024`, `Jun. 23rd 2024`, `26-FEB-1987`, `2024 Jun 23`,
/// `23 de junio de 2024`, and `June 23` / `23 June` without a year (which only datelines use).
fn named_month_date(t: &mut Tokens<'_>, f: &mut Found) {
    // The tokens that can take part, in order: the punctuation dates use, weekdays, connectors and ordinals are
    // skipped, so "Sunday, 23rd of June, 2024" reads as `23 June 2024`. Other words and punctuation (brackets:
    // "No. 3 (Jul., 2001)" is no date) stay and break adjacency.
    let mut idx = [0usize; MAX_TOKENS];
    let mut n = 0;
    let mut prev_num = false;
    for (k, tok) in t.toks[..t.n].iter().enumerate() {
        let date_punct = tok.kind == Kind::Punct
            && matches!(u8::try_from(tok.val), Ok(b',' | b'.' | b'-' | b'/' | b'\''));
        let skip = tok.used
            || date_punct
            || matches!(tok.class, Class::Weekday(_) | Class::Connector)
            || (tok.class == Class::Ordinal && prev_num && !tok.spaced);
        prev_num = tok.kind == Kind::Num;
        if !skip {
            idx[n] = k;
            n += 1;
        }
    }
    let idx = &idx[..n];
    let tok = |j: usize| -> Option<Tok> { idx.get(j).map(|&k| t.toks[k]) };
    let is_day = |o: Option<Tok>| o.is_some_and(|x| x.is_num(1, 2) && (1..=31).contains(&x.num()));
    let is_year = |o: Option<Tok>| o.is_some_and(|x| x.is_num(4, 4));
    for j in 0..idx.len() {
        let Some(Tok {
            class: Class::Month(month),
            ..
        }) = tok(j)
        else {
            continue;
        };
        let before = j.checked_sub(1).and_then(tok);
        let before2 = j.checked_sub(2).and_then(tok);
        let (after, after2) = (tok(j + 1), tok(j + 2));
        // (day token, year token) positions in `idx`.
        let (day_at, year_at) = if is_day(after) && is_year(after2) {
            (j + 1, Some(j + 2))
        } else if is_day(before) && is_year(after) {
            (j - 1, Some(j + 1))
        } else if is_year(before) && is_day(after) {
            (j + 1, Some(j - 1))
        } else if is_day(before) && is_year(before2) {
            // `2024 23 June` is not a form; refuse.
            continue;
        } else if is_day(after) {
            (j + 1, None)
        } else if is_day(before) {
            (j - 1, None)
        } else {
            continue;
        };
        f.month = Some(month);
        f.day = tok(day_at).map(|d| d.num());
        f.year = year_at.and_then(tok).map(|y| y.num() as i32);
        let mut marks = [idx[j], idx[day_at], idx[year_at.unwrap_or(day_at)]];
        marks.sort_unstable();
        for m in marks {
            t.toks[m].used = true;
        }
        return;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).single().unwrap()
    }

    fn p(s: &str) -> Option<DateTime<Utc>> {
        parse_unchecked(s, None).ok()
    }

    #[test]
    fn iso_8601_and_rfc_3339_with_and_without_time_and_zone() {
        assert_eq!(p("2024-06-23"), Some(utc(2024, 6, 23, 0, 0, 0)));
        assert_eq!(
            p("2024-06-23T14:05:00+03:00"),
            Some(utc(2024, 6, 23, 11, 5, 0))
        );
        assert_eq!(p("2024-06-23T14:05:00Z"), Some(utc(2024, 6, 23, 14, 5, 0)));
        assert_eq!(p("2024-06-23 14:05:00"), Some(utc(2024, 6, 23, 14, 5, 0)));
        assert_eq!(p("2024-06-23T14:05"), Some(utc(2024, 6, 23, 14, 5, 0)));
        assert_eq!(
            p("2024-06-23T14:05:00.123Z").map(|d| d.timestamp_subsec_millis()),
            Some(123)
        );
        assert_eq!(
            p("2024-06-23T14:05:00-0500"),
            Some(utc(2024, 6, 23, 19, 5, 0))
        );
        assert_eq!(
            p("2024-06-23T14:05+0130"),
            Some(utc(2024, 6, 23, 12, 35, 0))
        );
        assert_eq!(p("2024-06-23T14:05:5Z"), Some(utc(2024, 6, 23, 14, 5, 5)));
        assert_eq!(p("20240623"), Some(utc(2024, 6, 23, 0, 0, 0)));
        assert_eq!(p("20240623T14:05:00Z"), Some(utc(2024, 6, 23, 14, 5, 0)));
        assert_eq!(p("20240623140500"), Some(utc(2024, 6, 23, 14, 5, 0)));
        // ISO 8601 basic format (GDELT's `seendate`).
        assert_eq!(p("20240623T140500Z"), Some(utc(2024, 6, 23, 14, 5, 0)));
        assert_eq!(p("20240623T1405"), Some(utc(2024, 6, 23, 14, 5, 0)));
        assert_eq!(p("20240623T140500+0530"), Some(utc(2024, 6, 23, 8, 35, 0)));
        assert_eq!(p("20240623T140500-05:00"), Some(utc(2024, 6, 23, 19, 5, 0)));
        // A time that is not one leaves the day, as the scan of other forms does; a day that is not one, nothing.
        let day = Some(utc(2024, 6, 23, 0, 0, 0));
        for odd in [
            "20240623T2505Z",
            "20240623T140Z",
            "20240623T1405+5",
            "20240623T1405é",
        ] {
            assert_eq!(p(odd), day, "{odd}");
        }
        assert_eq!(p("20241323T1405Z"), None);
    }

    #[test]
    fn offsets_round_trip_to_the_same_instant() {
        let want = utc(2024, 6, 23, 11, 5, 0);
        for s in [
            "2024-06-23T11:05:00Z",
            "2024-06-23T14:05:00+03:00",
            "2024-06-23T14:05:00+0300",
            "2024-06-23T14:05:00 MSK",
            "2024-06-23T07:05:00-04:00",
            "2024-06-23 07:05 EDT",
            "Sun, 23 Jun 2024 14:05:00 +0300",
            "Sun, 23 Jun 2024 11:05:00 GMT",
            "23 Jun 2024 12:05 BST",
            "Sunday, June 23, 2024 16:35 [IST]",
            "Sun Jun 23 2024 13:05:00 GMT+0200",
            "2024-06-23T13:05:00+02:00CEST",
            "June 23, 2024 6:05 a.m. CDT",
            "June 23, 2024, 4:05 PM GMT+5",
            "June 23, 2024 at 7:05 a.m. ET",
            "Sun 23 Jun 2024 12.05 BST",
            "23 June 2024 2.05pm MSK",
            "2024-06-23T12:05:00 (UTC+01:00)",
        ] {
            assert_eq!(p(s), Some(want), "{s}");
        }
    }

    #[test]
    fn rfc_2822() {
        assert_eq!(
            p("Sun, 23 Jun 2024 14:05:00 +0300"),
            Some(utc(2024, 6, 23, 11, 5, 0))
        );
        assert_eq!(
            p("Sun, 23 Jun 2024 14:05:00 GMT"),
            Some(utc(2024, 6, 23, 14, 5, 0))
        );
        assert_eq!(
            p("Tue, Sep 10 2019 12:00:00 EDT"),
            Some(utc(2019, 9, 10, 16, 0, 0))
        );
        assert_eq!(
            p("Sun Jun 23 14:05:00 2024"),
            Some(utc(2024, 6, 23, 14, 5, 0))
        );
    }

    #[test]
    fn month_names_in_the_usual_orders() {
        let day = Some(utc(2024, 6, 23, 0, 0, 0));
        for s in [
            "June 23, 2024",
            "Jun. 23, 2024",
            "Jun 23 2024",
            "JUNE 23, 2024",
            "Sunday, 23 June 2024",
            "Sunday, June 23, 2024",
            "Sun., June 23rd, 2024",
            "23rd of June, 2024",
            "23-Jun-2024",
            "2024 June 23",
            "23. Juni 2024",
            "23 juin 2024",
            "23 de junio de 2024",
            "23 июня 2024 г.",
            "Published: 23 June 2024",
        ] {
            assert_eq!(p(s), day, "{s}");
        }
        assert_eq!(p("Friday, January 4, 2019"), Some(utc(2019, 1, 4, 0, 0, 0)));
        assert_eq!(p("23 Jun 2024 14:05 GMT"), Some(utc(2024, 6, 23, 14, 5, 0)));
    }

    #[test]
    fn a_date_embedded_in_a_short_string() {
        assert_eq!(
            p("Updated 14:05 GMT, Sunday 23 June 2024"),
            Some(utc(2024, 6, 23, 14, 5, 0))
        );
        assert_eq!(
            p("Last modified on June 23, 2024 at 2:05 pm"),
            Some(utc(2024, 6, 23, 14, 5, 0))
        );
        assert_eq!(
            p("le 23 juin 2024 à 14h05"),
            Some(utc(2024, 6, 23, 14, 5, 0))
        );
        assert_eq!(p("2019-01-01|12h30"), Some(utc(2019, 1, 1, 12, 30, 0)));
    }

    #[test]
    fn us_zones_follow_daylight_saving() {
        // Eastern time is -04:00 in summer, -05:00 in winter.
        assert_eq!(
            p("June 23, 2024 at 10:00 a.m. ET"),
            Some(utc(2024, 6, 23, 14, 0, 0))
        );
        assert_eq!(
            p("January 4, 2024 10:00 AM ET"),
            Some(utc(2024, 1, 4, 15, 0, 0))
        );
        assert_eq!(
            p("March 10, 2024 10:00 PT"),
            Some(utc(2024, 3, 10, 17, 0, 0))
        );
        assert_eq!(p("March 9, 2024 10:00 PT"), Some(utc(2024, 3, 9, 18, 0, 0)));
        assert_eq!(
            p("June 23, 1987 10:00 CT"),
            Some(utc(1987, 6, 23, 15, 0, 0))
        );
        // In lower case, `et` is French "and", not a zone.
        assert_eq!(
            p("le 23 juin 2024 à 10h00 et"),
            Some(utc(2024, 6, 23, 10, 0, 0))
        );
        assert!(!scan("23 juin 2024 et plus", None).is_pure());
    }

    #[test]
    fn cjk_dates() {
        assert_eq!(p("2020年7月1日 10時00分"), Some(utc(2020, 7, 1, 10, 0, 0)));
        assert_eq!(p("2020年07月01日"), Some(utc(2020, 7, 1, 0, 0, 0)));
        assert_eq!(
            p("2020年7月1日星期三 10:05"),
            Some(utc(2020, 7, 1, 10, 5, 0))
        );
        assert_eq!(p("2020년 7월 1일 10:05"), Some(utc(2020, 7, 1, 10, 5, 0)));
        assert!(scan("2020年7月1日", None).is_pure());
    }

    #[test]
    fn numeric_dates_with_slashes_and_dots() {
        assert_eq!(p("2024/06/23"), Some(utc(2024, 6, 23, 0, 0, 0)));
        assert_eq!(p("2024/06/23 14:05:00"), Some(utc(2024, 6, 23, 14, 5, 0)));
        assert_eq!(p("23.06.2024"), Some(utc(2024, 6, 23, 0, 0, 0)));
        assert_eq!(p("23.06.2024 14:05"), Some(utc(2024, 6, 23, 14, 5, 0)));
        assert_eq!(p("06/23/2024"), Some(utc(2024, 6, 23, 0, 0, 0)));
        assert_eq!(p("23/06/2024"), Some(utc(2024, 6, 23, 0, 0, 0)));
        assert_eq!(p("04/04/2024"), Some(utc(2024, 4, 4, 0, 0, 0)));
    }

    #[test]
    fn numeric_order_of_a_date() {
        use NumericOrder::*;
        assert_eq!(numeric_order("23/06/2024"), Some(DayFirst));
        assert_eq!(numeric_order("Posted 06-23-2024 10:00"), Some(MonthFirst));
        assert_eq!(numeric_order("03/07/2024"), Some(Either));
        assert_eq!(numeric_order("03/03/2024"), None);
        assert_eq!(numeric_order("23.06.2024"), None);
        assert_eq!(numeric_order("2024-06-23"), None);
        assert_eq!(numeric_order("2024/06/23"), None);
        assert_eq!(numeric_order("June 23, 2024"), None);
        assert_eq!(numeric_order("123/06/2024"), None);
        assert_eq!(numeric_order("23/06/24"), None);
        assert_eq!(numeric_order("40/06/2024"), None);
    }

    #[test]
    fn ambiguous_numeric_dates_follow_the_rule() {
        // Either reading is possible and nothing decides: refused, so the next evidence wins.
        assert_eq!(
            parse_unchecked("03/04/2024", None),
            Err(Rejection::Ambiguous)
        );
        assert_eq!(
            parse_unchecked("03-04-2024 10:00", None),
            Err(Rejection::Ambiguous)
        );
        // The caller's setting decides.
        assert_eq!(
            parse_unchecked("03/04/2024", Some(true)),
            Ok(utc(2024, 4, 3, 0, 0, 0))
        );
        assert_eq!(
            parse_unchecked("03/04/2024", Some(false)),
            Ok(utc(2024, 3, 4, 0, 0, 0))
        );
        // Dots are day-first unless the caller says otherwise.
        assert_eq!(
            parse_unchecked("03.04.2024", None),
            Ok(utc(2024, 4, 3, 0, 0, 0))
        );
        assert_eq!(
            parse_unchecked("03.04.2024", Some(false)),
            Ok(utc(2024, 3, 4, 0, 0, 0))
        );
        // A number above 12 can only be the day, whatever the setting.
        assert_eq!(
            parse_unchecked("13/04/2024", Some(false)),
            Ok(utc(2024, 4, 13, 0, 0, 0))
        );
        assert_eq!(
            parse_unchecked("04/13/2024", Some(true)),
            Ok(utc(2024, 4, 13, 0, 0, 0))
        );
        // Year-first is always year-month-day.
        assert_eq!(
            parse_unchecked("2024/03/04", None),
            Ok(utc(2024, 3, 4, 0, 0, 0))
        );
        // Two-digit years are not read.
        assert_eq!(
            parse_unchecked("03/04/24", Some(true)),
            Err(Rejection::Unreadable)
        );
    }

    #[test]
    fn unix_seconds_and_milliseconds() {
        assert_eq!(p("1719151500"), Some(utc(2024, 6, 23, 14, 5, 0)));
        assert_eq!(p("1719151500000"), Some(utc(2024, 6, 23, 14, 5, 0)));
        assert_eq!(p("1719151500.25"), Some(utc(2024, 6, 23, 14, 5, 0)));
        assert_eq!(p("536457600"), Some(utc(1987, 1, 1, 0, 0, 0)));
        assert_eq!(p("12345"), None);
        assert_eq!(p("2024"), None);
    }

    #[test]
    fn reuters_dates_and_their_dirt() {
        let want = Some(utc(1987, 2, 26, 15, 1, 1) + TimeDelta::milliseconds(790));
        assert_eq!(p("26-FEB-1987 15:01:01.79"), want);
        assert_eq!(p("26-FEB-1987 15:01:01.79&#5;&#5;&#5;RM"), want);
        assert_eq!(p("26-FEB-1987 15:01:01.79\u{5}\u{5}\u{5}V RM"), want);
        assert_eq!(
            p(" 5-MAR-1987 01:41:26.47").map(|d| d.date_naive().to_string()),
            Some("1987-03-05".into())
        );
        assert_eq!(
            p("5-MAR-1987  01:41:26.47").map(|d| d.date_naive().to_string()),
            Some("1987-03-05".into())
        );
        assert_eq!(
            p(" 7-APR-1987 16:22:00.0"),
            Some(utc(1987, 4, 7, 16, 22, 0))
        );
        // An hour of 605 is no time of day: the day stands.
        assert_eq!(
            p("31-MAR-1987 605:12:19.12"),
            Some(utc(1987, 3, 31, 0, 0, 0))
        );
        assert_eq!(
            p("9-APR-1987 00:00:00.00    # date added by S Finch as guesswork "),
            Some(utc(1987, 4, 9, 0, 0, 0))
        );
    }

    #[test]
    fn not_dates() {
        for s in [
            "",
            "yesterday",
            "June 2024",
            "June 23",
            "2024-02-30",
            "2024-13-01",
            "32 June 2024",
            "14:05 GMT",
            "version 1.2.3",
            "2024-06",
            "Vol. 45, No. 3 (Jul., 2001), pp. 580-598",
        ] {
            assert_eq!(p(s), None, "{s}");
        }
        assert_eq!(p(&"June 23, 2024 ".repeat(30)), None);
    }

    #[test]
    fn a_date_without_time_keeps_its_day_whatever_the_zone() {
        assert_eq!(p("23 June 2024 MSK"), Some(utc(2024, 6, 23, 0, 0, 0)));
        assert_eq!(p("23 June 2024 PDT"), Some(utc(2024, 6, 23, 0, 0, 0)));
    }

    #[test]
    fn plausibility() {
        let now = utc(2024, 7, 1, 12, 0, 0);
        assert_eq!(
            parse_candidate("2024-07-02", None, now),
            Ok(utc(2024, 7, 2, 0, 0, 0))
        );
        assert!(matches!(
            parse_candidate("2024-07-03", None, now),
            Err(Rejection::InFuture(_))
        ));
        assert!(matches!(
            parse_candidate("2099-01-01", None, now),
            Err(Rejection::InFuture(_))
        ));
        assert!(matches!(
            parse_candidate("1799-12-31", None, now),
            Err(Rejection::TooEarly(_))
        ));
        assert_eq!(
            parse_candidate("1800-01-01", None, now),
            Ok(utc(1800, 1, 1, 0, 0, 0))
        );
        let opts = DateOptions {
            day_first: None,
            now: Some(now),
        };
        assert_eq!(parse("2099-01-01", &opts), None);
        assert_eq!(parse("2024-06-23", &opts), Some(utc(2024, 6, 23, 0, 0, 0)));
    }

    #[test]
    fn scan_reports_what_else_the_string_says() {
        let f = scan("Friday, January 4, 2019", None);
        assert!(f.is_pure());
        let f = scan("Posted on June 23, 2024", None);
        assert!(f.is_pure());
        let f = scan("On June 23, 2024 police said", None);
        assert!(!f.is_pure());
        let f = scan("On June 23, 2024", None);
        assert!(
            !f.is_pure(),
            "'on' without a label is a sentence, not a date line"
        );
        assert!(scan("Last updated June 23, 2024", None).is_pure());
        assert!(scan("June 23, 2024 at 7:05 a.m. ET", None).is_pure());
        assert!(!scan("on June 23, 2024 at 7:05", None).is_pure());
        assert!(!scan("Last Sunday, June 23, 2024", None).is_pure());
        assert!(scan("Sunday, June 23, 2024", None).weekday_agrees());
        assert!(!scan("Wednesday, June 23, 2024", None).weekday_agrees());
        let f = scan("SALVADOR, Feb 26", None);
        assert_eq!((f.month, f.day, f.year), (Some(2), Some(26), None));
    }
}
