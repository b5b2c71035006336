//! Articles straight from the corpus, in corpus order, as `rebuild` would index them: the same files, read by the
//! same `ingest` code, duplicates dropped by the same rule (`ingest::dedup`: the first article with a key, in
//! corpus order, wins), and passed through the same `Article` → document → `Article` conversion the index applies (dates kept to
//! the second), so that exporting the corpus and exporting the index built from it give the same bytes.
//!
//! Memory stays flat: the corpus is walked lazily in path order and read a chunk at a time by
//! `ingest::process_walk`, as `rebuild` does. The one thing that grows is the set of content hashes seen, for
//! dropping duplicates: 16 bytes per distinct article (about 4.5 MB for 190,000 articles with the hash table's
//! slack). Walkdir also holds the entries of each folder on the current path, so a single folder of a million files
//! costs what its listing costs.

use crate::article::Article;
use crate::commands::Console;
use crate::index::{document, schema};
use crate::ingest;
use crate::ingest::dedup::Seen;
use crate::ingest::walk::Walker;
use std::path::Path;

/// What a corpus export met besides the articles it wrote.
#[derive(Debug, Default)]
pub struct CorpusCounts {
    pub files: u64,
    pub duplicates: u64,
    pub skipped: u64,
    pub warnings: u64,
}

/// Calls `each` with every article of the corpus that `rebuild` would index, in corpus order. Problems are printed
/// as `rebuild` prints them: walk problems and skipped files by name, other warnings as a count.
pub fn for_each(
    root: &Path,
    opts: &ingest::Options,
    console: Console,
    mut each: impl FnMut(&Article) -> anyhow::Result<()>,
) -> anyhow::Result<CorpusCounts> {
    let walk = Walker::new(root)?;
    let (_, fields) = schema::build();
    let mut counts = CorpusCounts::default();
    let mut seen = Seen::new();
    ingest::process_walk(walk, opts, |event| {
        let outcome = match event {
            ingest::Event::File(outcome) => outcome,
            ingest::Event::Problem(p) => {
                console.warn(&p.path, &p.reason);
                return Ok(());
            }
            ingest::Event::Unsupported(_) => return Ok(()),
        };
        counts.files += 1;
        counts.warnings += outcome.warnings.len() as u64;
        if let Some(reason) = &outcome.skipped {
            counts.skipped += 1;
            console.warn(&outcome.file.rel, &format!("skipped: {reason}"));
        }
        for a in outcome.articles {
            if !seen.keep(&a) {
                counts.duplicates += 1;
                continue;
            }
            // What the index keeps of an article, exactly (dates to the second, places as facets).
            let kept = document::from_doc(&fields, &document::to_doc(&fields, &a));
            each(&kept)?;
        }
        Ok(())
    })?;
    Ok(counts)
}
