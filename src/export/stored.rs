//! Articles from the index, in corpus order. The manifest of the live commit lists, per corpus file and sorted by
//! path, the ids of the articles the index holds (duplicates were never indexed). It is read one line at a time, and
//! each id is looked up in the id field's term dictionary, segment by segment, then read from the doc store.
//!
//! Memory stays flat. tantivy reads the index through `mmap`, and every page of the doc store the export touches
//! counts in the process's resident set until it is unmapped, so reading a whole index would grow the RSS by the
//! size of its doc store (page cache the kernel can take back, but it shows as the process's memory). The index is
//! therefore reopened every [`REOPEN_EVERY`] articles, which unmaps what was read; each reopening checks that the
//! index is still at the same commit, so a concurrent `ingest` or `rebuild` is an error, never a mix of two states.

use crate::article::Article;
use crate::index::manifest;
use crate::index::Archive;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::index::InvertedIndexReader;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Searcher, Term, TERMINATED};

/// Articles read between two openings of the index: a few MB of doc store, and a reopening costs milliseconds.
pub const REOPEN_EVERY: u64 = 4096;

/// One opening of the index.
struct Opened {
    archive: Archive,
    searcher: Searcher,
    /// The id field's term dictionary of each segment, opened once per opening.
    ids: Vec<Arc<InvertedIndexReader>>,
}

impl Opened {
    fn new(archive: Archive) -> anyhow::Result<Opened> {
        let searcher = archive.searcher();
        let field = archive.fields().id;
        let ids = searcher
            .segment_readers()
            .iter()
            .map(|s| s.inverted_index(field))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Opened {
            archive,
            searcher,
            ids,
        })
    }

    /// Where the live article with this id is, if the index has one.
    fn find(&self, id: &str) -> anyhow::Result<Option<DocAddress>> {
        let term = Term::from_field_text(self.archive.fields().id, id);
        for (ord, (inv, seg)) in self
            .ids
            .iter()
            .zip(self.searcher.segment_readers())
            .enumerate()
        {
            let Some(mut postings) = inv.read_postings(&term, IndexRecordOption::Basic)? else {
                continue;
            };
            // A re-indexed file leaves deleted copies of its articles behind until segments merge.
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if !seg.is_deleted(doc) {
                    return Ok(Some(DocAddress::new(ord as u32, doc)));
                }
                doc = postings.advance();
            }
        }
        Ok(None)
    }
}

type Entries = Box<dyn Iterator<Item = anyhow::Result<manifest::FileEntry>>>;

/// An index, ready to hand out its articles in corpus order.
pub struct Stored {
    root: PathBuf,
    /// The manifest file of the commit being exported: it names the commit.
    manifest: Option<PathBuf>,
    /// Its entries, opened with the index, so that a rebuild that deletes the generation afterwards cannot take
    /// the list away (an open file stays readable).
    entries: Option<Entries>,
    opened: Opened,
    /// [`REOPEN_EVERY`], smaller in tests.
    reopen_every: u64,
}

fn changed(root: &Path) -> anyhow::Error {
    anyhow::anyhow!(
        "the index at {} changed while exporting (a `dateline ingest` or `rebuild` ran?); run the export again",
        root.display()
    )
}

impl Stored {
    pub fn open(root: &Path) -> anyhow::Result<Stored> {
        let archive = Archive::open(root)?;
        let manifest = archive.manifest_path()?;
        let entries = match &manifest {
            Some(path) => Some(Box::new(manifest::entries(path)?) as Entries),
            None => None,
        };
        Ok(Stored {
            root: root.to_path_buf(),
            manifest,
            entries,
            opened: Opened::new(archive)?,
            reopen_every: REOPEN_EVERY,
        })
    }

    /// Opens the index afresh (unmapping what the previous opening read), at the same commit or not at all.
    fn reopen(&mut self) -> anyhow::Result<()> {
        let archive = Archive::open(&self.root)?;
        if archive.manifest_path()? != self.manifest {
            return Err(changed(&self.root));
        }
        self.opened = Opened::new(archive)?;
        Ok(())
    }

    /// Calls `each` with every article, in corpus order (file path, then position in the file). Once.
    pub fn for_each(
        &mut self,
        mut each: impl FnMut(&Article) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let Some(entries) = self.entries.take() else {
            // An index that was never committed holds nothing (or it was exported already).
            return Ok(());
        };
        let mut read = 0u64;
        for entry in entries {
            let entry = entry?;
            for indexed in &entry.articles {
                if read > 0 && read.is_multiple_of(self.reopen_every) {
                    self.reopen()?;
                }
                let addr = self
                    .opened
                    .find(&indexed.id)?
                    .ok_or_else(|| changed(&self.root))?;
                let article = self.opened.archive.article(&self.opened.searcher, addr)?;
                each(&article)?;
                read += 1;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::ingest::{rebuild, IngestConfig};
    use crate::commands::Console;

    fn build(corpus: &Path, index: &Path) {
        let cfg = IngestConfig {
            corpus: corpus.to_path_buf(),
            index: index.to_path_buf(),
            writer: crate::index::writer::WriterOptions::default(),
            settings: Default::default(),
            options: crate::ingest::Options::default(),
            strict: false,
            commit_every: std::time::Duration::from_secs(30),
            console: Console {
                quiet: true,
                progress: false,
            },
        };
        rebuild(&cfg).unwrap();
    }

    fn ids(stored: &mut Stored) -> anyhow::Result<Vec<String>> {
        let mut out = Vec::new();
        stored.for_each(|a| {
            out.push(a.id.clone());
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn reopening_on_the_way_changes_nothing_and_a_new_commit_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let (corpus, index) = (dir.path().join("corpus"), dir.path().join("index"));
        std::fs::create_dir_all(&corpus).unwrap();
        for i in 0..10 {
            std::fs::write(
                corpus.join(format!("{i:02}.txt")),
                format!("Title {i}\n\nBody {i}."),
            )
            .unwrap();
        }
        build(&corpus, &index);
        let whole = ids(&mut Stored::open(&index).unwrap()).unwrap();
        assert_eq!(whole.len(), 10);
        let mut small = Stored::open(&index).unwrap();
        small.reopen_every = 3;
        assert_eq!(ids(&mut small).unwrap(), whole);

        // A rebuild while an export runs: the next reopening sees another commit.
        let mut stale = Stored::open(&index).unwrap();
        stale.reopen_every = 3;
        build(&corpus, &index);
        let err = ids(&mut stale).unwrap_err().to_string();
        assert!(err.contains("changed while exporting"), "{err}");
    }
}
