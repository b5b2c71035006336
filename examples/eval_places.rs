//! A library-level harness for tuning the geoparser: reads every `.txt` file of a folder the way ingest does
//! (the text reader, then title/body normalization), geoparses it, and prints one JSON object per article with
//! `id`, `path`, `places`, `focus` and `primary` — the same fields `dateline search --format jsonl` prints, so the
//! `scripts/eval_places_*.py` scripts can score either. Timing of geoparsing alone goes to stderr.
//!
//! `cargo run --release --example eval_places -- DIR > out.jsonl`

use anyhow::{bail, Context, Result};
use dateline::ingest::{normalize, read};
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir] = args.as_slice() else {
        bail!("usage: eval_places DIR")
    };
    let root = PathBuf::from(dir);
    // EXPLAIN=1 prints how every name of every article was judged, to stderr.
    let explain = std::env::var_os("EXPLAIN").is_some();
    let skip = std::env::var_os("NOGEO").is_some();
    let t0 = Instant::now();
    let _ = dateline::places::resolve("Derbent");
    let load = t0.elapsed();
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let mut articles = Vec::with_capacity(files.len());
    for f in &files {
        let bytes = std::fs::read(f).with_context(|| format!("reading {}", f.display()))?;
        let text = String::from_utf8_lossy(&bytes);
        let rec = read::text::read(&text);
        let title = normalize::title(rec.title.as_deref().unwrap_or(""));
        let body = normalize::body(&rec.body);
        let rel = f
            .strip_prefix(&root)
            .unwrap_or(f)
            .to_string_lossy()
            .replace('\\', "/");
        articles.push((rel, title, body));
    }
    let mut spent = Duration::ZERO;
    let mut bytes = 0usize;
    let out = std::io::stdout();
    let mut out = out.lock();
    for (rel, title, body) in &articles {
        let t = Instant::now();
        // NOGEO=1 skips geoparsing, so that `perf stat` can subtract everything else.
        let geo = if skip {
            Default::default()
        } else {
            dateline::places::geoparse(title, body)
        };
        spent += t.elapsed();
        if explain {
            let (_, lines) = dateline::places::explain(title, body);
            eprintln!("== {rel}");
            for l in lines {
                eprintln!("   {l}");
            }
        }
        bytes += title.len() + body.len();
        let line = serde_json::json!({
            "id": rel,
            "path": rel,
            "places": geo.places,
            "focus": geo.focus,
            "primary": geo.primary,
        });
        writeln!(out, "{line}")?;
    }
    // BENCH=N geoparses everything N more times and reports the fastest pass (this machine is shared and noisy).
    let passes: usize = std::env::var("BENCH")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    for _ in 0..passes {
        let t = Instant::now();
        for (_, title, body) in &articles {
            std::hint::black_box(dateline::places::geoparse(title, body));
        }
        spent = spent.min(t.elapsed());
    }
    let n = articles.len().max(1) as f64;
    eprintln!(
        "gazetteer load {:.1} ms; geoparsed {} articles ({:.0} B avg) in {:.1} ms: {:.1} µs/article, {:.0} articles/s",
        load.as_secs_f64() * 1e3,
        articles.len(),
        bytes as f64 / n,
        spent.as_secs_f64() * 1e3,
        spent.as_secs_f64() * 1e6 / n,
        n / spent.as_secs_f64().max(1e-9)
    );
    Ok(())
}
