//! What date extraction costs per article, against the ingest budget (about 20k articles/s per core, so 50 µs an
//! article; dates should take under a tenth of that). Ignored by default; run it in release:
//!
//! ```sh
//! cargo test --release --test dates_speed -- --ignored --nocapture
//! ```
//!
//! Reads ../shared and skips where it is absent.

use chrono::DateTime;
use dateline::dates::{extract, parse::parse_candidate, DateOptions, Evidence};
use dateline::ingest::{normalize, read::text};
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

/// Runs `f` over `items` in 30 rounds and gives nanoseconds per item of the fastest round: on a shared machine the
/// fastest round is the one least disturbed by other work.
fn per_item<T>(items: &[T], mut f: impl FnMut(&T)) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..30 {
        let start = Instant::now();
        for it in items {
            f(it);
        }
        best = best.min(start.elapsed().as_nanos() as f64 / items.len().max(1) as f64);
    }
    best
}

struct Doc {
    metadata: Vec<String>,
    path: String,
    title: String,
    body: String,
}

#[test]
#[ignore = "a measurement: run with --release --ignored --nocapture"]
fn extraction_cost_per_article() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    if !shared.is_dir() {
        eprintln!(
            "skipping: ../shared not found ({} is absent)",
            shared.display()
        );
        return;
    }
    let now = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
        .unwrap()
        .to_utc();
    let opts = DateOptions {
        day_first: None,
        now: Some(now),
    };
    let mtime = Some(now - chrono::TimeDelta::days(30));

    // Reuters <DATE> strings and dateline+body texts.
    let mut reuters_dates = Vec::new();
    let mut reuters_texts = Vec::new();
    for i in 0..22 {
        let f = shared.join(format!("reuters21578/reut2-{i:03}.sgm"));
        let Ok(bytes) = std::fs::read(&f) else {
            continue;
        };
        let text: String = bytes.iter().map(|&b| char::from(b)).collect();
        for a in text.split("</REUTERS>") {
            let inner = |tag: &str| {
                let i = a.find(&format!("<{tag}>"))? + tag.len() + 2;
                let j = a[i..].find(&format!("</{tag}>"))?;
                Some(a[i..i + j].to_string())
            };
            if let Some(d) = inner("DATE") {
                reuters_dates.push(d);
            }
            if let (Some(dl), Some(b)) = (inner("DATELINE"), inner("BODY")) {
                let body = normalize::body(&format!("{} {b}", dl.trim()));
                reuters_texts.push(Doc {
                    metadata: vec![],
                    path: format!("reuters/1987/{}.txt", reuters_texts.len()),
                    title: String::new(),
                    body,
                });
            }
        }
    }
    // Wikinews: plain text without metadata, as ingest gives it to extract (normalized).
    let mut wikinews = Vec::new();
    for name in ["wikinews_2019.csv", "wikinews_2020.csv"] {
        let Ok(mut rdr) = csv::Reader::from_path(shared.join("wikinews").join(name)) else {
            continue;
        };
        for row in rdr.records().flatten() {
            let rec = text::read(&format!("{}\n\n{}", &row[2], &row[3]));
            wikinews.push(Doc {
                metadata: rec.dates.clone(),
                path: format!("a/{:04}.txt", wikinews.len()),
                title: normalize::title(rec.title.as_deref().unwrap_or("")),
                body: normalize::body(&rec.body),
            });
        }
    }
    let with_metadata: Vec<Doc> = reuters_dates
        .iter()
        .take(2000)
        .map(|d| Doc {
            metadata: vec![d.clone()],
            path: "a/0001.txt".into(),
            title: "Title".into(),
            body: "Body.".into(),
        })
        .collect();

    let run = |docs: &[Doc]| {
        per_item(docs, |d| {
            let ev = Evidence {
                metadata: &d.metadata,
                path: &d.path,
                title: &d.title,
                body: &d.body,
                mtime,
            };
            black_box(extract(black_box(&ev), &opts));
        })
    };
    let parse_ns = per_item(&reuters_dates, |s| {
        let _ = black_box(parse_candidate(black_box(s), None, now));
    });
    let rfc3339: Vec<String> = vec!["2024-06-23T14:05:00+03:00".into(); 1000];
    let iso_ns = per_item(&rfc3339, |s| {
        let _ = black_box(parse_candidate(black_box(s), None, now));
    });
    eprintln!("parse: Reuters <DATE> {parse_ns:.0} ns, RFC 3339 {iso_ns:.0} ns");
    eprintln!(
        "extract, metadata (Reuters <DATE>): {:.0} ns/article",
        run(&with_metadata)
    );
    eprintln!(
        "extract, text (Wikinews, no metadata): {:.0} ns/article",
        run(&wikinews)
    );
    // A thousand articles, as at ingest where extraction reads a body just normalized (in cache): cycling through
    // all 19k bodies would measure memory misses instead.
    eprintln!(
        "extract, text (Reuters dateline + year folder): {:.0} ns/article",
        run(&reuters_texts[..reuters_texts.len().min(1000)])
    );
    let no_date: Vec<Doc> = wikinews
        .iter()
        .map(|d| Doc {
            metadata: vec![],
            path: d.path.clone(),
            title: d.title.clone(),
            body: d.body.lines().skip(2).collect::<Vec<_>>().join("\n"),
        })
        .collect();
    eprintln!(
        "extract, nothing found (falls to mtime): {:.0} ns/article",
        run(&no_date)
    );
}
