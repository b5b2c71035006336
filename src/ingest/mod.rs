//! Ingest: walk a corpus folder, read each file with the reader for its format, normalize, find dates and places,
//! and hand `Article`s to the index. A bad file is a warning naming it, never an abort.

pub mod normalize;
pub mod read;
