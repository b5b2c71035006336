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
use crate::ingest::{self, read::Format, CorpusFile, Problem};
use std::cmp::Ordering;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use walkdir::DirEntry;

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

/// The sort key of a folder entry: its name, with a `/` after folder names. Sorting siblings this way makes a
/// depth-first walk visit files in the byte order of their relative paths: `a.txt` < `a/b.txt` because `.` < `/`,
/// although the folder `a` sorts before `a.txt` by name alone.
fn walk_key(e: &DirEntry) -> String {
    let mut k = e.file_name().to_string_lossy().into_owned();
    if e.file_type().is_dir() {
        k.push('/');
    }
    k
}

fn walk_order(a: &DirEntry, b: &DirEntry) -> Ordering {
    walk_key(a).cmp(&walk_key(b))
}

fn not_hidden(e: &DirEntry) -> bool {
    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
}

type Inner = walkdir::FilterEntry<walkdir::IntoIter, fn(&DirEntry) -> bool>;

/// The files of a corpus in the order `ingest::walk` lists them, found one at a time. It keeps the rules of
/// `ingest::walk`: hidden entries and corpus notices are not articles, unsupported formats are skipped, symbolic
/// links are followed and a link loop is a problem, not a hang.
pub struct SortedWalk {
    root: PathBuf,
    inner: Inner,
}

impl SortedWalk {
    pub fn new(root: &Path) -> anyhow::Result<SortedWalk> {
        let meta = std::fs::metadata(root).map_err(|e| {
            anyhow::anyhow!(
                "cannot read the corpus folder {}: {e}; pass the folder of your articles with --corpus DIR",
                root.display()
            )
        })?;
        if !meta.is_dir() {
            anyhow::bail!(
                "the corpus {} is not a folder; pass the folder of your articles with --corpus DIR",
                root.display()
            );
        }
        let inner = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by(walk_order)
            .into_iter()
            .filter_entry(not_hidden as fn(&DirEntry) -> bool);
        Ok(SortedWalk {
            root: root.to_path_buf(),
            inner,
        })
    }
}

impl Iterator for SortedWalk {
    type Item = Result<CorpusFile, Problem>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let entry = match self.inner.next()? {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().map_or_else(
                        || self.root.display().to_string(),
                        |p| ingest::rel_path(&self.root, p),
                    );
                    let reason = if e.loop_ancestor().is_some() {
                        "symbolic link loop; not followed".to_string()
                    } else {
                        e.io_error()
                            .map_or_else(|| e.to_string(), |io| format!("cannot read: {io}"))
                    };
                    return Some(Err(Problem { path, reason }));
                }
            };
            if !entry.file_type().is_file()
                || ingest::is_corpus_notice(&entry.file_name().to_string_lossy())
            {
                continue;
            }
            let Some(format) = Format::from_path(entry.path()) else {
                continue;
            };
            let rel = ingest::rel_path(&self.root, entry.path());
            return Some(match entry.metadata() {
                Ok(m) => Ok(CorpusFile {
                    size: m.len(),
                    mtime: ingest::mtime_nanos(&m),
                    abs: entry.into_path(),
                    rel,
                    format,
                }),
                Err(e) => Err(Problem {
                    path: rel,
                    reason: format!("cannot read: {e}"),
                }),
            });
        }
    }
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
    let walk = SortedWalk::new(root)?;
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
            Ok(file) => batch.push(file),
            Err(p) => console.warn(&p.path, &p.reason),
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

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[test]
    fn the_lazy_walk_lists_what_ingest_lists_in_the_same_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for rel in [
            "a.txt",
            "a/b.txt",
            "a/a.txt",
            "a-b.txt",
            "a0.txt",
            "A.txt",
            "b/c/d.txt",
            "b.txt",
            "b/.hidden.txt",
            ".git/x.txt",
            "README.txt",
            "z/ATTRIBUTION.md",
            "photo.jpg",
            "2024/06/23/x.txt",
            "2024-06-23.txt",
            "Zürich.txt",
            "zz/y.TXT",
        ] {
            write(root, rel, "Title\n\nBody");
        }
        let eager: Vec<String> = ingest::walk(root)
            .unwrap()
            .files
            .into_iter()
            .map(|f| f.rel)
            .collect();
        let lazy: Vec<String> = SortedWalk::new(root)
            .unwrap()
            .map(|r| r.unwrap().rel)
            .collect();
        assert_eq!(lazy, eager);
        assert!(eager.contains(&"a/b.txt".to_string()));
        assert!(!eager
            .iter()
            .any(|p| p.contains("hidden") || p.contains("README")));
    }

    #[test]
    fn a_missing_corpus_is_named() {
        let err = SortedWalk::new(Path::new("/nonexistent/corpus"))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("cannot read the corpus folder /nonexistent/corpus"),
            "{err}"
        );
    }

    #[test]
    fn hash_keys_are_the_hash_bytes() {
        assert_eq!(hash_key("000000000000000000000000000000ff"), 255);
        assert_ne!(hash_key("not hex"), hash_key("not hex either"));
        assert_eq!(hash_key("not hex"), hash_key("not hex"));
    }
}
