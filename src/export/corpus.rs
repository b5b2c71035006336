//! Articles straight from the corpus, in corpus order, as `rebuild` would index them: the same files, read by the
//! same `ingest` code, duplicates dropped by the same rule (the first article with a content hash, in corpus order,
//! wins), and passed through the same `Article` → document → `Article` conversion the index applies (dates kept to
//! the second), so that exporting the corpus and exporting the index built from it give the same bytes.
//!
//! Memory stays flat: the corpus is walked lazily in path order (walkdir sorts each folder's entries so that the
//! walk order *is* the byte order of the relative paths, the order `ingest::walk` sorts into), and files are read in
//! batches of [`BATCH`] by `ingest::process_all`. The one thing that grows is the set of content hashes seen, for
//! dropping duplicates: 16 bytes per distinct article (about 4.5 MB for 190,000 articles with the hash table's
//! slack). Walkdir also holds the entries of each folder on the current path, so a single folder of a million files
//! costs what its listing costs.

use crate::article::Article;
use crate::commands::Console;
use crate::index::{document, schema};
use crate::ingest::walk::{Found, Walker};
use crate::ingest::{self, CorpusFile};
use std::collections::HashSet;
use std::path::Path;

/// Files handed to `ingest::process_all` at a time: large enough that its pipelining across chunks pays, small
/// enough that the list itself costs nothing.
pub const BATCH: usize = 1024;

/// What a corpus export met besides the articles it wrote.
#[derive(Debug, Default)]
pub struct CorpusCounts {
    pub files: u64,
    pub duplicates: u64,
    pub skipped: u64,
    pub warnings: u64,
}

/// The 16 bytes of a content hash (32 hex digits). A hash of another shape, which ingest never makes, is hashed
/// down to 16 bytes so that it still dedups exactly.
fn hash_key(content_hash: &str) -> u128 {
    if content_hash.len() == 32 {
        if let Ok(k) = u128::from_str_radix(content_hash, 16) {
            return k;
        }
    }
    let h = blake3::hash(content_hash.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&h.as_bytes()[..16]);
    u128::from_le_bytes(b)
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
    let mut seen: HashSet<u128> = HashSet::new();
    let mut batch: Vec<CorpusFile> = Vec::with_capacity(BATCH);
    let mut consume = |outcome: ingest::FileOutcome| -> anyhow::Result<()> {
        counts.files += 1;
        counts.warnings += outcome.warnings.len() as u64;
        if let Some(reason) = &outcome.skipped {
            counts.skipped += 1;
            console.warn(&outcome.file.rel, &format!("skipped: {reason}"));
        }
        for a in outcome.articles {
            if !seen.insert(hash_key(&a.content_hash)) {
                counts.duplicates += 1;
                continue;
            }
            // What the index keeps of an article, exactly (dates to the second, places as facets).
            let kept = document::from_doc(&fields, &document::to_doc(&fields, &a));
            each(&kept)?;
        }
        Ok(())
    };
    for found in walk {
        match found {
            Found::File(file) => batch.push(file),
            Found::Problem(p) => console.warn(&p.path, &p.reason),
            Found::Unsupported(_) => {}
        }
        if batch.len() == BATCH {
            ingest::process_all(std::mem::take(&mut batch), opts, &mut consume)?;
        }
    }
    if !batch.is_empty() {
        ingest::process_all(batch, opts, &mut consume)?;
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_keys_are_the_hash_bytes() {
        assert_eq!(hash_key("000000000000000000000000000000ff"), 255);
        assert_ne!(hash_key("not hex"), hash_key("not hex either"));
        assert_eq!(hash_key("not hex"), hash_key("not hex"));
    }
}
