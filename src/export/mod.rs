//! Export: every article as one JSON object per line, for moving an archive to Quickwit or
//! OpenSearch/Elasticsearch (see `docs/scale-out.md` and the configs in `deploy/`).
//!
//! | module | owns |
//! |---|---|
//! | `document` | the exported document: field names ([`FIELDS`]), place prefixes |
//! | `output` | NDJSON and `_bulk` lines |
//! | `stored` | articles from the index, in corpus order (the manifest, streamed) |
//! | `corpus` | articles from the corpus, in corpus order, deduplicated as `rebuild` does |
//!
//! Both sources stream in corpus order (file path, then position in the file) and give the same documents, so
//! `export --corpus DIR` and `export` from the index built from DIR are byte for byte equal. The command itself
//! (`dateline export`) is `crate::commands::export`.

pub mod corpus;
pub mod document;
pub mod output;
pub mod stored;

pub use document::{with_ancestors, ExportDoc, FIELDS};
pub use output::{LineFormat, LineWriter};
