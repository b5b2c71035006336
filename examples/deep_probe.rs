//! Probes the HTML reader on absurdly nested markup (development aid): `deep_probe DEPTH STAGE`, STAGE one of
//! parse, text, ftext, read; or `deep_probe 0 depths DIR` for the nesting depths of real pages.
fn main() {
    let depth: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5000);
    let stage = std::env::args().nth(2).unwrap_or_default();
    let deep = "<div>".repeat(depth) + "deep text" + &"</div>".repeat(depth);
    let t = std::time::Instant::now();
    if stage == "depths" {
        let dir = std::env::args().nth(3).unwrap_or_default();
        let mut ds: Vec<usize> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| std::fs::read(e.path()).ok())
            .map(|b| {
                dateline::ingest::read::html::nesting_depth(
                    &dateline::ingest::read::html::strip_non_text(&String::from_utf8_lossy(&b)),
                )
            })
            .collect();
        ds.sort();
        eprintln!(
            "depths: min {:?} median {:?} max {:?}",
            ds.first(),
            ds.get(ds.len() / 2),
            ds.last()
        );
        return;
    }
    match stage.as_str() {
        "parse" => {
            let d = dom_query::Document::from(deep.as_str());
            eprintln!("parsed {:?}", t.elapsed());
            drop(d);
        }
        "text" => {
            let d = dom_query::Document::from(deep.as_str());
            let _ = d.select("body").text();
            eprintln!("text {:?}", t.elapsed());
        }
        "ftext" => {
            let d = dom_query::Document::from(deep.as_str());
            let _ = d.formatted_text();
            eprintln!("ftext {:?}", t.elapsed());
        }
        _ => {
            let _ = dateline::ingest::read::html::read(&deep, &mut Vec::new());
        }
    }
    eprintln!("{stage} done {:?}", t.elapsed());
}
