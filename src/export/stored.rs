//! Articles from the index, in corpus order. The manifest of the live commit lists, per corpus file and sorted by
//! path, the ids of the articles the index holds (duplicates were never indexed). It is read one line at a time, and
//! each id is looked up in the id field's term dictionary, segment by segment, then read from the doc store. What
//! stays in memory is one manifest entry and one article, whatever the archive size (plus the index files the OS
//! maps in: page cache, not heap).

use crate::article::Article;
use crate::index::manifest;
use crate::index::Archive;
use std::sync::Arc;
use tantivy::index::InvertedIndexReader;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Searcher, Term, TERMINATED};

/// An open index, ready to hand out its articles in corpus order.
pub struct Stored {
    archive: Archive,
    searcher: Searcher,
    /// The id field's term dictionary of each segment, opened once.
    ids: Vec<Arc<InvertedIndexReader>>,
}

impl Stored {
    pub fn new(archive: Archive) -> anyhow::Result<Stored> {
        let searcher = archive.searcher();
        let field = archive.fields().id;
        let ids = searcher
            .segment_readers()
            .iter()
            .map(|s| s.inverted_index(field))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Stored {
            archive,
            searcher,
            ids,
        })
    }

    /// Where a live article with this id is, if the index has one.
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

    /// Calls `each` with every article, in corpus order (file path, then position in the file).
    pub fn for_each(
        &self,
        mut each: impl FnMut(&Article) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let Some(path) = self.archive.manifest_path()? else {
            // An index that was never committed holds nothing.
            return Ok(());
        };
        for entry in manifest::entries(&path)? {
            let entry = entry?;
            for indexed in &entry.articles {
                let addr = self.find(&indexed.id)?.ok_or_else(|| {
                    anyhow::anyhow!(
                        "the index at {} lists the article {:?} but does not hold it: it changed while exporting \
                         (a `dateline ingest` was running?); run the export again",
                        self.archive.root().display(),
                        indexed.id
                    )
                })?;
                let article = self.archive.article(&self.searcher, addr)?;
                each(&article)?;
            }
        }
        Ok(())
    }
}
