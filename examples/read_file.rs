//! Prints what the readers make of files: `cargo run --example read_file -- FILE...` (development aid).
use dateline::ingest::read::{read_path, ReadOptions};
fn main() {
    for arg in std::env::args().skip(1) {
        match read_path(std::path::Path::new(&arg), &ReadOptions::default()) {
            Err(e) => println!("{arg}: SKIP {e:?}"),
            Ok(r) => {
                println!(
                    "{arg}: {} record(s), warnings {:?}",
                    r.records.len(),
                    r.warnings
                );
                for rec in &r.records {
                    let body: String = rec.body.chars().take(160).collect();
                    println!("  title={:?} dates={:?} source={:?} url={:?} author={:?} lang={:?}\n  body={body:?}",
                        rec.title, rec.dates, rec.source, rec.url, rec.author, rec.language);
                }
            }
        }
    }
}
