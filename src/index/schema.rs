//! The schema: every tantivy field name and option lives here and nowhere else, with the analyzers the text
//! fields use. The rest of the index module reaches fields through `Fields`.

use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption, Schema,
    TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Index;

/// Analyzer of titles and bodies: lowercase, ASCII folding (`zurich` finds "Zürich"), English stemming
/// (`attacks` finds "attacked").
pub const NEWS_ANALYZER: &str = "dateline_news";
/// Analyzer of short names (sources, authors, sections): lowercase and folding, no stemming.
pub const NAME_ANALYZER: &str = "dateline_name";
/// Analyzer of the `*_key` fields: the whole name as one lowercased, folded term (the filters `--source`,
/// `--author`, `--section`); their fast columns keep the name as written (the facets).
pub const KEY_ANALYZER: &str = "dateline_key";

/// Handles to every field of the schema.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub id: Field,
    pub path: Field,
    pub title: Field,
    pub body: Field,
    /// The instant (UTC): sorting and timestamp bounds.
    pub published: Field,
    /// The publisher's UTC offset in seconds, to give the time back as it was written.
    pub published_offset: Field,
    /// The publisher's calendar day, in days since 1970-01-01: day bounds and histograms.
    pub published_day: Field,
    /// The same day as a facet `/YYYY/MM/DD`.
    pub day: Field,
    pub date_source: Field,
    pub places: Field,
    pub focus: Field,
    pub primary_place: Field,
    /// Words of the source (`source:reuters`).
    pub source: Field,
    /// The source whole: filter term (folded) and facet column (as written).
    pub source_key: Field,
    pub url: Field,
    /// Words of the authors (`author:smith`), stored as the file gave them.
    pub author: Field,
    /// Each author whole, one value per person (`Ann Lee, Bo Chen` is two): filter term and facet column.
    pub author_key: Field,
    /// Words of the section (`section:politics`), stored.
    pub section: Field,
    /// The section whole: filter term and facet column.
    pub section_key: Field,
    pub language: Field,
    pub content_hash: Field,
}

/// Names that queries and collectors need as strings (tantivy takes some by name).
pub mod names {
    pub const PUBLISHED: &str = "published";
    pub const PUBLISHED_DAY: &str = "published_day";
    pub const PLACES: &str = "places";
    pub const FOCUS: &str = "focus";
    pub const SOURCE_KEY: &str = "source_key";
    pub const AUTHOR_KEY: &str = "author_key";
    pub const SECTION_KEY: &str = "section_key";
    pub const DATE_SOURCE: &str = "date_source";
}

fn text(analyzer: &str, positions: bool) -> TextOptions {
    let record = if positions {
        IndexRecordOption::WithFreqsAndPositions
    } else {
        IndexRecordOption::WithFreqs
    };
    TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(record),
    )
}

/// A `*_key` field: indexed as one folded term, its fast column the name as written.
fn key() -> TextOptions {
    TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(KEY_ANALYZER)
                .set_index_option(IndexRecordOption::Basic),
        )
        .set_fast("raw")
}

/// The schema of a dateline index, and handles to its fields.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        // Stored only: ids are what lookups use, and an indexed path would cost a term per file.
        path: b.add_text_field("path", STORED),
        title: b.add_text_field("title", text(NEWS_ANALYZER, true)),
        body: b.add_text_field("body", text(NEWS_ANALYZER, true)),
        published: b.add_date_field(
            names::PUBLISHED,
            DateOptions::from(INDEXED)
                .set_stored()
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        ),
        published_offset: b.add_i64_field("published_offset", STORED),
        published_day: b.add_i64_field(names::PUBLISHED_DAY, INDEXED | FAST),
        day: b.add_facet_field("day", FacetOptions::default()),
        date_source: b.add_text_field(names::DATE_SOURCE, STRING | STORED | FAST),
        places: b.add_facet_field(names::PLACES, FacetOptions::default().set_stored()),
        focus: b.add_facet_field(names::FOCUS, FacetOptions::default().set_stored()),
        primary_place: b.add_text_field("primary_place", STORED),
        source: b.add_text_field("source", text(NAME_ANALYZER, true)),
        source_key: b.add_text_field(names::SOURCE_KEY, key()),
        url: b.add_text_field("url", STORED),
        author: b.add_text_field("author", text(NAME_ANALYZER, true)),
        author_key: b.add_text_field(names::AUTHOR_KEY, key()),
        section: b.add_text_field("section", text(NAME_ANALYZER, true)),
        section_key: b.add_text_field(names::SECTION_KEY, key()),
        language: b.add_text_field("language", STRING | STORED),
        content_hash: b.add_text_field("content_hash", STRING | STORED),
    };
    (b.build(), fields)
}

/// Looks the fields up by name in an opened index's schema, failing when one is missing (an index written by
/// another version).
pub fn fields_of(schema: &Schema) -> Result<Fields, String> {
    let f = |name: &str| {
        schema
            .get_field(name)
            .map_err(|_| format!("field {name:?} is missing"))
    };
    Ok(Fields {
        id: f("id")?,
        path: f("path")?,
        title: f("title")?,
        body: f("body")?,
        published: f(names::PUBLISHED)?,
        published_offset: f("published_offset")?,
        published_day: f(names::PUBLISHED_DAY)?,
        day: f("day")?,
        date_source: f(names::DATE_SOURCE)?,
        places: f(names::PLACES)?,
        focus: f(names::FOCUS)?,
        primary_place: f("primary_place")?,
        source: f("source")?,
        source_key: f(names::SOURCE_KEY)?,
        url: f("url")?,
        author: f("author")?,
        author_key: f(names::AUTHOR_KEY)?,
        section: f("section")?,
        section_key: f(names::SECTION_KEY)?,
        language: f("language")?,
        content_hash: f("content_hash")?,
    })
}

/// Registers the analyzers on an index. tantivy does not save custom analyzers, so this runs after every create
/// and open.
pub fn register_analyzers(index: &Index) {
    index
        .tokenizers()
        .register(NEWS_ANALYZER, super::analyzer::news());
    index
        .tokenizers()
        .register(NAME_ANALYZER, super::analyzer::name());
    index
        .tokenizers()
        .register(KEY_ANALYZER, super::analyzer::key());
}

/// The analyzer a field's query terms go through.
pub fn analyzer_for(index: &Index, name: &str) -> Option<TextAnalyzer> {
    index.tokenizers().get(name)
}
