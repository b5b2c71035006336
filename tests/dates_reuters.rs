//! Every `<DATE>` of Reuters-21578 (21,578 of them, dirt included: space-padded days, `&#5;&#5;&#5;RM` tails,
//! double spaces, odd digit counts, an hour of 605) must parse, to the day the string names, and to its time when the
//! time is a real one. Reads ../shared/corpora/reuters21578 and skips where it is absent.

use chrono::{Datelike, Timelike};
use dateline::dates::parse::parse_candidate;
use regex::Regex;
use std::path::Path;

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

/// The raw `<DATE>` values of every file, read as latin-1 (one file has a 0xFC byte).
fn reuters_dates(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "sgm"));
    files.sort();
    for f in files {
        let bytes =
            std::fs::read(&f).unwrap_or_else(|e| panic!("cannot read {}: {e}", f.display()));
        let text: String = bytes.iter().map(|&b| char::from(b)).collect();
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("<DATE>") {
            rest = &rest[i + 6..];
            let Some(j) = rest.find("</DATE>") else { break };
            out.push((name.clone(), rest[..j].to_string()));
            rest = &rest[j..];
        }
    }
    out
}

#[test]
fn every_reuters_date_parses_to_its_day() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/reuters21578");
    if !dir.is_dir() {
        eprintln!(
            "skipping: ../shared not found ({} is absent)",
            dir.display()
        );
        return;
    }
    let dates = reuters_dates(&dir);
    assert_eq!(
        dates.len(),
        21_578,
        "expected every <DATE> of Reuters-21578"
    );
    // An independent reading of the day and time, to cross-check the parser.
    let shape = Regex::new(r"^\s*(\d{1,2})-([A-Z]{3})-(\d{4})\s+(\d+):(\d\d):(\d\d)").unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
        .unwrap()
        .to_utc();
    let mut failures = Vec::new();
    let mut with_time = 0;
    for (file, raw) in &dates {
        let Some(c) = shape.captures(raw) else {
            failures.push(format!("{file}: {raw:?} does not have the expected shape"));
            continue;
        };
        let num = |i: usize| c[i].parse::<u32>().unwrap();
        let month = MONTHS
            .iter()
            .position(|m| *m == &c[2])
            .map(|m| m as u32 + 1);
        let want_day = (num(3) as i32, month, num(1));
        match parse_candidate(raw, None, now) {
            Err(why) => failures.push(format!("{file}: {raw:?} {why}")),
            Ok(dt) => {
                if (dt.year(), Some(dt.month()), dt.day()) != want_day {
                    failures.push(format!("{file}: {raw:?} parsed as {dt}"));
                }
                let want_time = (num(4), num(5), num(6));
                if want_time.0 < 24 {
                    with_time += 1;
                    if (dt.hour(), dt.minute(), dt.second()) != want_time {
                        failures.push(format!("{file}: {raw:?} parsed with time {dt}"));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} dates failed:\n{}",
        failures.len(),
        dates.len(),
        failures.join("\n")
    );
    assert!(
        with_time >= 21_577,
        "only {with_time} dates kept their time"
    );
}

/// Each article's `<DATELINE>` and `<BODY>`, as a plain-text export would hold them, with the `<DATE>` day.
fn reuters_datelines(dir: &Path) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "sgm"));
    files.sort();
    let inner = |s: &str, tag: &str| -> Option<String> {
        let open = format!("<{tag}>");
        let i = s.find(&open)? + open.len();
        let j = s[i..].find(&format!("</{tag}>"))?;
        Some(s[i..i + j].to_string())
    };
    for f in files {
        let bytes =
            std::fs::read(&f).unwrap_or_else(|e| panic!("cannot read {}: {e}", f.display()));
        let text: String = bytes.iter().map(|&b| char::from(b)).collect();
        for article in text.split("</REUTERS>") {
            let (Some(date), Some(dateline), Some(body)) = (
                inner(article, "DATE"),
                inner(article, "DATELINE"),
                inner(article, "BODY"),
            ) else {
                continue;
            };
            out.push((date, dateline, body));
        }
    }
    out
}

#[test]
fn reuters_datelines_with_a_year_folder_give_the_day() {
    use dateline::article::DateSource;
    use dateline::dates::{extract, DateOptions, Evidence};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/reuters21578");
    if !dir.is_dir() {
        eprintln!(
            "skipping: ../shared not found ({} is absent)",
            dir.display()
        );
        return;
    }
    let now = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
        .unwrap()
        .to_utc();
    let opts = DateOptions {
        day_first: None,
        now: Some(now),
    };
    let articles = reuters_datelines(&dir);
    let (mut right, mut covered, mut near, mut off, mut missed) = (0, 0, 0, Vec::new(), Vec::new());
    for (k, (date, dateline, body)) in articles.iter().enumerate() {
        let gold = parse_candidate(date, None, now).map(|d| d.date_naive());
        let text = format!("{} {}", dateline.trim(), body);
        let path = format!("reuters/1987/{k:05}.txt");
        let ev = Evidence {
            metadata: &[],
            path: &path,
            title: "",
            body: &text,
            mtime: None,
        };
        let (dated, _) = extract(&ev, &opts);
        if let Some(d) = dated {
            assert_eq!(d.source, DateSource::Text);
            covered += 1;
            let got = d.published.date_naive();
            if Ok(got) == gold {
                right += 1;
            }
            // A dateline gives the local day where the story was filed, the <DATE> the wire's clock: a day apart
            // around midnight.
            if gold.is_ok_and(|g| (got - g).num_days().abs() <= 1) {
                near += 1;
            } else {
                off.push(format!("{date:?} {dateline:?} → {got}"));
            }
        } else {
            missed.push(format!(
                "{dateline:?} {:?}",
                body.chars().take(40).collect::<String>()
            ));
        }
    }
    let n = articles.len();
    eprintln!(
        "reuters datelines: {n} articles, {covered} dated from text, {right} on the <DATE> day, {near} within a day"
    );
    // What remains off is the archive's own: a dateline typed wrong (`May 18` in March) or filed days earlier.
    for o in off.iter().take(20) {
        eprintln!("  off: {o}");
    }
    for m in missed.iter().take(20) {
        eprintln!("  missed: {m}");
    }
    assert!(
        n > 19_000,
        "expected the articles with a dateline and a body, got {n}"
    );
    assert!(covered * 100 >= n * 97, "coverage {covered}/{n}");
    assert!(right * 100 >= covered * 95, "right {right}/{covered}");
    assert!(
        near * 1000 >= covered * 995,
        "within a day {near}/{covered}"
    );
}
