//! Date accuracy on the 295 Wikinews articles of 2019–2021, read as plain text without their metadata, through the
//! same steps ingest takes (text reader, normalization, `dates::extract`), with the CSV `date` as gold. This is the
//! library-level twin of `scripts/eval_dates_wikinews.py`, which measures the same through the binary.
//!
//! Also a precision check on the 7,041 older Wikinews articles (toscaData): their texts carry no date line, so any
//! date the text gives must be the gold day. Reads ../shared and skips where it is absent.

use chrono::{DateTime, NaiveDate, Utc};
use dateline::article::DateSource;
use dateline::dates::{extract, DateOptions, Evidence};
use dateline::ingest::{normalize, read::text};
use std::path::Path;

fn shared() -> Option<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/wikinews");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipping: ../shared not found ({} is absent)",
            dir.display()
        );
        None
    }
}

fn opts() -> DateOptions {
    DateOptions {
        day_first: None,
        now: Some(
            DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
                .unwrap()
                .to_utc(),
        ),
    }
}

/// The mtime every file gets: a day that is never gold, so an mtime date is never right by chance.
fn mtime() -> Option<DateTime<Utc>> {
    Some(
        DateTime::parse_from_rfc3339("2025-06-01T12:00:00Z")
            .unwrap()
            .to_utc(),
    )
}

/// Runs one article, written as `title\n\ntext` at `path`, through the reader, normalization and extraction.
fn date_of(title: &str, body: &str, path: &str) -> Option<(NaiveDate, DateSource)> {
    let file = format!("{title}\n\n{body}");
    let rec = text::read(&file);
    let title = normalize::title(rec.title.as_deref().unwrap_or(""));
    let body = normalize::body(&rec.body);
    let ev = Evidence {
        metadata: &rec.dates,
        path,
        title: &title,
        body: &body,
        mtime: mtime(),
    };
    let (dated, _warnings) = extract(&ev, &opts());
    dated.map(|d| (d.published.date_naive(), d.source))
}

/// Whether a text opens with a Wikinews date line ("Friday, January 4, 2019"), judged without the code under test.
fn opens_with_date_line(text: &str) -> bool {
    let first = text.trim_start().lines().next().unwrap_or("").trim();
    let mut words = first.split(' ');
    let weekday = words.next().is_some_and(|w| w.ends_with("day,"));
    let rest: Vec<&str> = words.collect();
    weekday
        && rest.len() == 3
        && rest[1].ends_with(',')
        && rest[2].len() == 4
        && rest[2].bytes().all(|b| b.is_ascii_digit())
}

#[derive(Default, Debug)]
struct Tally {
    n: usize,
    right: usize,
    covered: usize,
}

impl Tally {
    fn add(&mut self, got: Option<(NaiveDate, DateSource)>, gold: NaiveDate) {
        self.n += 1;
        if let Some((day, source)) = got {
            if source != DateSource::Mtime {
                self.covered += 1;
            }
            if day == gold {
                self.right += 1;
            }
        }
    }

    fn share(x: usize, n: usize) -> f64 {
        if n == 0 {
            0.0
        } else {
            x as f64 / n as f64
        }
    }

    fn line(&self, what: &str) -> String {
        format!(
            "{what}: {} articles, accuracy {:.1}% ({}), coverage {:.1}% ({})",
            self.n,
            100.0 * Self::share(self.right, self.n),
            self.right,
            100.0 * Self::share(self.covered, self.n),
            self.covered
        )
    }
}

#[test]
fn wikinews_2019_2020_dates_from_text() {
    let Some(dir) = shared() else { return };
    let (mut all, mut lined) = (Tally::default(), Tally::default());
    let mut wrong = Vec::new();
    let mut k = 0;
    for name in ["wikinews_2019.csv", "wikinews_2020.csv"] {
        let mut rdr =
            csv::Reader::from_path(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        for row in rdr.records() {
            let row = row.unwrap_or_else(|e| panic!("{name}: {e}"));
            let (gold, title, body) = (&row[1], &row[2], &row[3]);
            let gold = NaiveDate::parse_from_str(gold, "%Y-%m-%d")
                .unwrap_or_else(|e| panic!("{gold}: {e}"));
            k += 1;
            let got = date_of(title, body, &format!("a/{k:04}.txt"));
            all.add(got, gold);
            if opens_with_date_line(body) {
                lined.add(got, gold);
                if got.map(|g| g.0) != Some(gold) {
                    eprintln!("missed: {title:?} (gold {gold}) got {got:?}");
                }
            }
            if let Some((day, source)) = got {
                if source != DateSource::Mtime && day != gold {
                    wrong.push(format!("{title:?}: gold {gold}, got {day} from {source}"));
                }
            }
        }
    }
    eprintln!("{}", all.line("all"));
    eprintln!("{}", lined.line("opening with a date line"));
    assert_eq!(all.n, 295);
    assert!(lined.n >= 170, "the date-line subset shrank: {}", lined.n);
    assert!(
        lined.right as f64 >= 0.99 * lined.n as f64,
        "{}",
        lined.line("opening with a date line")
    );
    assert!(
        wrong.is_empty(),
        "dates found but wrong:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn older_wikinews_texts_give_no_wrong_dates() {
    let Some(dir) = shared() else { return };
    let mut seen = 0;
    let mut found = 0;
    let mut wrong = Vec::new();
    for i in 0..4 {
        let path = dir.join(format!("tosca/wikinews-tosca-00{i}.jsonl"));
        let Ok(data) = std::fs::read_to_string(&path) else {
            eprintln!("skipping {}: absent", path.display());
            continue;
        };
        for line in data.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let Some(gold) = v["date"]
                .as_str()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            else {
                continue;
            };
            let (title, body) = (
                v["title"].as_str().unwrap_or(""),
                v["text"].as_str().unwrap_or(""),
            );
            seen += 1;
            if let Some((day, source)) = date_of(title, body, &format!("t/{seen:05}.txt")) {
                if source == DateSource::Text {
                    found += 1;
                    // A story is published on the day it names at its top, or a day or two after (time zones,
                    // late edits); anything further off is a date taken from the story itself.
                    let off = (gold - day).num_days();
                    if !(-1..=2).contains(&off) {
                        wrong.push(format!("{title:?}: gold {gold}, got {day}"));
                    } else {
                        eprintln!("tosca text date: {title:?}: gold {gold}, got {day}");
                    }
                }
            }
        }
    }
    eprintln!(
        "tosca: {seen} dated articles, {found} with a text date, {} wrong",
        wrong.len()
    );
    for w in &wrong {
        eprintln!("tosca wrong text date: {w}");
    }
    assert!(
        wrong.len() * 200 <= seen.max(1),
        "too many wrong text dates:\n{}",
        wrong.join("\n")
    );
}
