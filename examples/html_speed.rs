//! Times the stages of the HTML reader over a folder of pages (development aid): best of 5 runs each.
use std::time::{Duration, Instant};
fn best(f: &dyn Fn()) -> Duration {
    (0..5)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}
fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/corpora/news-html-dev/pages".into());
    let mut pages = Vec::new();
    for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        if let Ok(b) = std::fs::read(e.path()) {
            pages.push(String::from_utf8_lossy(&b).into_owned());
        }
    }
    let mb = pages.iter().map(|p| p.len()).sum::<usize>() as f64 / 1e6;
    let n = pages.len() as f64;
    let show = |name: &str, d: Duration| {
        println!(
            "{name:<28} {:>8.1} ms  {:>6.0} pages/s  {:>5.1} MB/s",
            d.as_secs_f64() * 1e3,
            n / d.as_secs_f64(),
            mb / d.as_secs_f64()
        )
    };
    show(
        "strip only",
        best(&|| {
            for p in &pages {
                let _ = dateline::ingest::read::html::strip_non_text(p);
            }
        }),
    );
    show(
        "parse raw",
        best(&|| {
            for p in &pages {
                let _ = dom_query::Document::from(p.as_str());
            }
        }),
    );
    show(
        "strip + parse",
        best(&|| {
            for p in &pages {
                let _ = dom_query::Document::from(dateline::ingest::read::html::strip_non_text(p));
            }
        }),
    );
    show(
        "strip + readability",
        best(&|| {
            for p in &pages {
                let cfg = dom_smoothie::Config {
                    text_mode: dom_smoothie::TextMode::Formatted,
                    disable_json_ld: true,
                    ..Default::default()
                };
                let doc =
                    dom_query::Document::from(dateline::ingest::read::html::strip_non_text(p));
                if let Ok(mut r) = dom_smoothie::Readability::with_document(doc, None, Some(cfg)) {
                    let _ = r.parse();
                }
            }
        }),
    );
    show(
        "full html::read",
        best(&|| {
            for p in &pages {
                let _ = dateline::ingest::read::html::read(p);
            }
        }),
    );
}
