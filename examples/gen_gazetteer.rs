//! Regenerates the shipped gazetteer from the GeoNames files:
//! `cargo run --release --example gen_gazetteer -- ../shared/gazetteer/geonames data/gazetteer.bin`
//! (add `--cities15000-only` to leave out the towns of 5,000 to 15,000 people, for comparisons).

use anyhow::{bail, Context, Result};
use std::path::PathBuf;

fn main() -> Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let cities5000 = !args.iter().any(|a| a == "--cities15000-only");
    args.retain(|a| a != "--cities15000-only");
    let [dir, out] = args.as_slice() else {
        bail!("usage: gen_gazetteer [--cities15000-only] GEONAMES_DIR OUTPUT_FILE");
    };
    let opts = dateline::places::GenOptions { cities5000 };
    let bytes = dateline::places::generate_with(&PathBuf::from(dir), &opts)?;
    std::fs::write(out, &bytes).with_context(|| format!("writing {out}"))?;
    eprintln!("wrote {out}: {} bytes", bytes.len());
    Ok(())
}
