//! Search: a `QuerySpec` (plain data from the command line) becomes a tantivy query, runs against the index, and
//! comes back as `Results`, `PlaceCount`s or `PeriodCount`s for the renderers. Nothing here knows clap or output
//! formats.

pub mod build;
pub mod filters;
pub mod query;
pub mod run;
pub mod terms;

use crate::article::{DateSource, PlacePath};
use crate::dates::TimeBound;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use std::ops::Range;

/// The order of hits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first (the default with a query; without one, `Newest`).
    #[default]
    Relevance,
    Newest,
    Oldest,
}

/// Everything a search asks: the query and the filters. Filters never change scores.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QuerySpec {
    /// The user's query; empty matches every article.
    pub text: String,
    /// Published on or after this day (the publisher's day) or instant.
    pub from: Option<TimeBound>,
    /// Published before this day or instant (exclusive).
    pub until: Option<TimeBound>,
    /// Mentions any of these places.
    pub places: Vec<PlacePath>,
    /// Is about any of these places.
    pub about: Vec<PlacePath>,
    /// Mentions none of these places.
    pub not_places: Vec<PlacePath>,
    /// From any of these sources (whole names, case and accents aside).
    pub sources: Vec<String>,
    /// By any of these authors (one person's whole name each).
    pub authors: Vec<String>,
    /// In any of these sections.
    pub sections: Vec<String>,
}

impl QuerySpec {
    /// No date or place filter: only the text selects articles.
    pub fn is_unfiltered(&self) -> bool {
        // Every field named, so that a new filter cannot be forgotten here.
        let QuerySpec {
            text: _,
            from,
            until,
            places,
            about,
            not_places,
            sources,
            authors,
            sections,
        } = self;
        from.is_none()
            && until.is_none()
            && places.is_empty()
            && about.is_empty()
            && not_places.is_empty()
            && sources.is_empty()
            && authors.is_empty()
            && sections.is_empty()
    }
}

/// A highlighted extract of an article.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Snippet {
    pub text: String,
    /// Byte ranges of `text` that matched the query.
    #[serde(skip)]
    pub highlights: Vec<Range<usize>>,
}

/// One matching article, with what a reader needs to decide whether to open it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    pub id: String,
    pub title: String,
    pub published: Option<DateTime<FixedOffset>>,
    pub date_source: Option<DateSource>,
    pub places: Vec<PlacePath>,
    pub focus: Vec<PlacePath>,
    pub source: Option<String>,
    pub author: Option<String>,
    pub section: Option<String>,
    pub url: Option<String>,
    pub path: String,
    /// Relevance score; `None` when hits are sorted by date.
    pub score: Option<f32>,
    pub snippet: Snippet,
}

/// A page of hits and the number of all matching articles.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Results {
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// How many matching articles mention (or are about) a place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlaceCount {
    pub place: PlacePath,
    pub count: u64,
}

/// The names `facets sources|authors|sections` counts, each in its own field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameFacet {
    Sources,
    Authors,
    Sections,
}

impl NameFacet {
    pub const ALL: [NameFacet; 3] = [NameFacet::Sources, NameFacet::Authors, NameFacet::Sections];

    /// The plural, as `facets` and URLs spell it: `sources`, `authors`, `sections`.
    pub fn name(self) -> &'static str {
        match self {
            NameFacet::Sources => "sources",
            NameFacet::Authors => "authors",
            NameFacet::Sections => "sections",
        }
    }

    /// The singular, for messages: `source`, `author`, `section`.
    pub fn noun(self) -> &'static str {
        match self {
            NameFacet::Sources => "source",
            NameFacet::Authors => "author",
            NameFacet::Sections => "section",
        }
    }
}

/// How many matching articles each source, author or section has, most first, and how many have none.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NameCounts {
    pub counts: Vec<NameCount>,
    /// Matching articles without a value (not searchable by name).
    pub without: u64,
}

/// How many matching articles were published in a calendar period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PeriodCount {
    pub period: String,
    pub count: u64,
}

/// What `stats` reports about an index.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Stats {
    pub articles: u64,
    /// The publishers' first and last days.
    pub first_published: Option<NaiveDate>,
    pub last_published: Option<NaiveDate>,
    pub undated: u64,
    pub index_bytes: u64,
    pub date_sources: Vec<NameCount>,
    pub sources: Vec<NameCount>,
    pub authors: Vec<NameCount>,
    pub sections: Vec<NameCount>,
    /// Articles with a title and no text.
    pub title_only: u64,
    /// How the corpus was read (`rebuild`'s reading flags).
    pub settings: crate::ingest::settings::ReadSettings,
    /// Articles not indexed because the same text is indexed under another id.
    pub duplicates: u64,
    pub duplicate_examples: Vec<DuplicateOf>,
    pub files: u64,
    pub skipped_files: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NameCount {
    pub name: String,
    pub count: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DuplicateOf {
    pub id: String,
    pub of: String,
}
