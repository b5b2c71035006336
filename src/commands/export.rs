//! `export`: every article as JSON lines (NDJSON or the OpenSearch/Elasticsearch `_bulk` form), streamed from the
//! index or straight from the corpus, for moving an archive to Quickwit or OpenSearch.
//!
//! STUB: the export work fills this in.

use super::Status;
use std::io::Write;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Ndjson,
    EsBulk,
}

/// Where the articles come from.
#[derive(Clone, Debug)]
pub enum ExportFrom {
    Index(PathBuf),
    /// The corpus, read with these ingest options.
    Corpus(PathBuf, crate::ingest::Options),
}

#[derive(Clone, Debug)]
pub struct ExportConfig {
    pub from: ExportFrom,
    pub format: ExportFormat,
    /// The index name in `es-bulk` action lines.
    pub index_name: String,
}

pub fn export(cfg: &ExportConfig, out: &mut dyn Write) -> anyhow::Result<Status> {
    let _ = (cfg, out);
    anyhow::bail!("export is not implemented yet")
}
