//! Prints what the readers make of files (development aid):
//! `cargo run --example read_file -- FILE...`, or with `--time` first, only how fast each file is read.
use dateline::ingest::read::{read_path, read_path_each, ReadOptions};
use std::path::Path;
fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let timing = args.first().is_some_and(|a| a == "--time");
    if timing {
        args.remove(0);
    }
    let opts = ReadOptions::default();
    for arg in args {
        if timing {
            let t = std::time::Instant::now();
            let mut n = 0usize;
            let res = read_path_each(Path::new(&arg), &opts, &mut |_| n += 1);
            let secs = t.elapsed().as_secs_f64();
            let mb = std::fs::metadata(&arg)
                .map(|m| m.len() as f64 / 1e6)
                .unwrap_or(0.0);
            let warnings = res.map(|notes| notes.warnings.len()).unwrap_or(0);
            println!(
                "{arg}: {n} records, {warnings} warnings, {secs:.2}s, {:.0} records/s, {:.1} MB/s",
                n as f64 / secs,
                mb / secs
            );
            continue;
        }
        match read_path(Path::new(&arg), &opts) {
            Err(e) => println!("{arg}: SKIP {e:?}"),
            Ok(r) => {
                println!(
                    "{arg}: {} record(s), warnings {:?}",
                    r.records.len(),
                    r.warnings
                );
                for rec in &r.records {
                    let body: String = rec.body.chars().take(160).collect();
                    println!(
                        "  title={:?} dates={:?} source={:?} url={:?} author={:?} section={:?} lang={:?}\n  body={body:?}",
                        rec.title, rec.dates, rec.source, rec.url, rec.author, rec.section, rec.language
                    );
                }
            }
        }
    }
}
