//! Times the stages of the HTML reader over a folder of pages (development aid). Run one stage per process under
//! `/usr/bin/time -f %U` to get CPU time, which a busy machine disturbs less than wall time:
//! `cargo run --release --example html_speed -- STAGE [DIR] [REPEAT]` with STAGE one of
//! load, strip, parse, strip-parse, readability, read (html::read on
//! decoded text), read-path (read_path: I/O, sniffing, decoding and html::read).
fn main() {
    let mut args = std::env::args().skip(1);
    let stage = args.next().unwrap_or_else(|| "read".into());
    let dir = args
        .next()
        .unwrap_or_else(|| "../shared/corpora/news-html-dev/pages".into());
    let repeat: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let mut pages = Vec::new();
    for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        if let Ok(b) = std::fs::read(e.path()) {
            pages.push(String::from_utf8_lossy(&b).into_owned());
        }
    }
    let t = std::time::Instant::now();
    for _ in 0..repeat {
        for p in &pages {
            match stage.as_str() {
                "load" => {}
                "strip" => drop(dateline::ingest::read::html::strip_non_text(p)),
                "parse" => drop(dom_query::Document::from(p.as_str())),
                "strip-parse" => drop(dom_query::Document::from(
                    dateline::ingest::read::html::strip_non_text(p),
                )),
                "readability" => {
                    let cfg = dom_smoothie::Config {
                        text_mode: dom_smoothie::TextMode::Formatted,
                        disable_json_ld: true,
                        ..Default::default()
                    };
                    let doc =
                        dom_query::Document::from(dateline::ingest::read::html::strip_non_text(p));
                    if let Ok(mut r) =
                        dom_smoothie::Readability::with_document(doc, None, Some(cfg))
                    {
                        let _ = r.parse();
                    }
                }
                "read-path" => {}
                _ => drop(dateline::ingest::read::html::read(p, &mut Vec::new())),
            }
        }
    }
    if stage == "read-path" {
        let opts = dateline::ingest::read::ReadOptions::default();
        for _ in 0..repeat {
            for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                drop(dateline::ingest::read::read_path(&e.path(), &opts));
            }
        }
    }
    let n = (pages.len() * repeat) as f64;
    eprintln!(
        "{stage}: {n} pages in {:.2}s wall ({:.0} pages/s wall)",
        t.elapsed().as_secs_f64(),
        n / t.elapsed().as_secs_f64()
    );
}
