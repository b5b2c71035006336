//! Measures HTML date extraction on a folder of pages with gold dates (`gold.json`: file → {date, url}), at the
//! library level: each page through `read_path`, then the first candidate `dates::parse` accepts, compared with the
//! gold day. Also times the reading (pages/s).
//!
//! cargo run --release --example eval_html_dates -- [DIR] [--verbose] [--min-accuracy X]
//! DIR defaults to ../shared/corpora/news-html-dev (relative to the crate).

use dateline::dates::DateOptions;
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
    let (mut dated, mut right, mut found) = (0usize, 0usize, 0usize);
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
        let cands = rec.map(|r| r.dates).unwrap_or_default();
        let pick = cands
            .iter()
            .find_map(|c| shim::parse(c, &date_opts).map(|d| (c.clone(), d)));
        let day = pick.as_ref().map(|(_, d)| d.format("%Y-%m-%d").to_string());
        if day.is_some() {
            found += 1;
        }
        let ok = day.as_deref() == Some(gold_day);
        if ok {
            right += 1;
        }
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

/// TEMPORARY until branch `dates` lands: a minimal ISO/RFC parser standing in for `dates::parse`.
mod shim {
    use chrono::{DateTime, NaiveDate, TimeZone, Utc};
    pub fn parse(s: &str, _: &dateline::dates::DateOptions) -> Option<DateTime<Utc>> {
        let s = s.trim();
        if let Ok(d) = DateTime::parse_from_rfc3339(s) {
            return Some(d.with_timezone(&Utc));
        }
        if let Ok(d) = DateTime::parse_from_rfc2822(s) {
            return Some(d.with_timezone(&Utc));
        }
        for f in [
            "%Y-%m-%dT%H:%M:%S%z",
            "%Y-%m-%dT%H:%M%z",
            "%Y-%m-%dT%H:%M:%S%.f%z",
        ] {
            if let Ok(d) = DateTime::parse_from_str(s, f) {
                return Some(d.with_timezone(&Utc));
            }
        }
        let head: String = s.chars().take(10).collect();
        for f in ["%Y-%m-%d", "%Y/%m/%d"] {
            if let Ok(d) = NaiveDate::parse_from_str(&head, f) {
                return Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0)?).into();
            }
        }
        None
    }
}
