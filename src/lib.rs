//! dateline: a full-text searchable news archive. Files in a corpus folder become `Article`s (ingest), are
//! indexed with tantivy (index), searched (search) and printed (render). See ARCHITECTURE.md for the map.

pub mod article;
pub mod clock;
pub mod dates;
pub mod export;
pub mod index;
pub mod ingest;
pub mod places;
pub mod render;
pub mod search;
pub mod serve;

pub mod commands;
