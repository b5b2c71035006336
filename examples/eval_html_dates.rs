//! Measures HTML date extraction on a folder of pages with gold dates (`gold.json`: file → {date, url}), at the
//! library level: each page through `read_path`, then `dates::extract` as ingest calls it (the first metadata
//! candidate `dates::parse` accepts, else the text; the path carries no date and there is no mtime), compared with
//! the gold day in UTC. Also shows the accuracy with the day taken as the publisher wrote it (local time of the
//! candidate's own offset), which is the day dateline files an article under, and times the reading (pages/s).
//!
//! cargo run --release --example eval_html_dates -- [DIR] [--verbose] [--min-accuracy X]
//! DIR defaults to ../shared/corpora/news-html-dev (relative to the crate).

use dateline::dates::{self, DateOptions, Evidence};
use dateline::ingest::normalize;
use dateline::ingest::read::{read_path, ReadOptions};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut dir: Option<PathBuf> = None;
    let mut verbose = false;
    let mut floor: Option<f64> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--verbose" | "-v" => verbose = true,
            "--min-accuracy" => floor = args.next().and_then(|v| v.parse().ok()),
            other => dir = Some(PathBuf::from(other)),
        }
    }
    let dir = dir.unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/news-html-dev")
    });
    let gold_text = match std::fs::read_to_string(dir.join("gold.json")) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {}: {e}", dir.join("gold.json").display());
            return ExitCode::from(2);
        }
    };
    let gold: BTreeMap<String, serde_json::Value> = match serde_json::from_str(&gold_text) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("bad gold.json: {e}");
            return ExitCode::from(2);
        }
    };
    let opts = ReadOptions::default();
    let date_opts = DateOptions::default();
    let (mut dated, mut right, mut found, mut right_local) = (0usize, 0usize, 0usize, 0usize);
    let mut total_time = 0.0f64;
    for (file, g) in &gold {
        let path = dir.join("pages").join(file);
        let t = Instant::now();
        let read = read_path(&path, &opts);
        total_time += t.elapsed().as_secs_f64();
        let Some(gold_day) = g.get("date").and_then(|d| d.as_str()) else {
            continue;
        };
        dated += 1;
        let rec = match read {
            Ok(r) => r.records.into_iter().next(),
            Err(e) => {
                println!("{file}: skipped: {e}");
                None
            }
        };
        let (cands, title, body) = rec
            .map(|r| {
                (
                    r.dates,
                    r.title.unwrap_or_default(),
                    normalize::body(&r.body),
                )
            })
            .unwrap_or_default();
        let ev = Evidence {
            metadata: &cands,
            path: "page.html",
            title: &title,
            body: &body,
            mtime: None,
        };
        let (picked, _) = dates::extract(&ev, &date_opts);
        let day = picked.map(|d| d.published.format("%Y-%m-%d").to_string());
        // The candidate that gave the date, and the day as its own offset writes it.
        let source = cands
            .iter()
            .find(|c| dates::parse(c, &date_opts).is_some())
            .cloned();
        let local = source
            .as_deref()
            .and_then(local_day)
            .or_else(|| day.clone());
        if day.is_some() {
            found += 1;
        }
        let ok = day.as_deref() == Some(gold_day);
        if ok {
            right += 1;
        }
        if local.as_deref() == Some(gold_day) {
            right_local += 1;
        }
        let pick = picked.map(|d| {
            (
                format!("{:?} {}", d.source, source.clone().unwrap_or_default()),
                d,
            )
        });
        if verbose || !ok {
            println!(
                "{} {file} gold {gold_day} got {} from {:?}\n    candidates: {:?}",
                if ok { "ok  " } else { "MISS" },
                day.as_deref().unwrap_or("-"),
                pick.map(|(c, _)| c).unwrap_or_default(),
                cands.iter().take(8).collect::<Vec<_>>()
            );
        }
    }
    let acc = right as f64 / dated.max(1) as f64;
    println!(
        "publisher-day accuracy (if the day were kept as the candidate writes it) {:.3} ({right_local}/{dated})",
        right_local as f64 / dated.max(1) as f64
    );
    println!(
        "same-day accuracy {acc:.3} ({right}/{dated}), coverage {:.3}; read {} pages in {:.2}s ({:.0} pages/s)",
        found as f64 / dated.max(1) as f64,
        gold.len(),
        total_time,
        gold.len() as f64 / total_time
    );
    match floor {
        Some(f) if acc < f => {
            eprintln!("accuracy {acc:.3} is below the floor {f}");
            ExitCode::FAILURE
        }
        _ => ExitCode::SUCCESS,
    }
}

/// The calendar day an ISO 8601 candidate writes (`2020-02-15T07:00:00+09:00` → 2020-02-15), before any conversion.
fn local_day(c: &str) -> Option<String> {
    let c = c.trim();
    let b = c.as_bytes();
    let iso = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[8..10].iter().all(u8::is_ascii_digit);
    iso.then(|| c[..10].to_string())
}
