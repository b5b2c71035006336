//! Running searches: hits with snippets, facet counts by place, by source, author or section, calendar histograms
//! and index statistics.

use super::build::{build, Built};
use super::{
    DuplicateOf, Hit, NameCount, NameCounts, NameFacet, PeriodCount, PlaceCount, QuerySpec,
    Results, Snippet, Sort, Stats,
};
use crate::article::PlacePath;
use crate::dates::{self, Period, TimeBound};
use crate::index::document::{day_of_epoch, facet, place_of};
use crate::index::schema::names;
use crate::index::Archive;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use tantivy::collector::{Collector, Count, FacetCollector, SegmentCollector, TopDocs};
use tantivy::schema::Facet;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, DocId, Order, Score, Searcher, SegmentOrdinal, SegmentReader};

/// Characters of body text in a snippet.
const SNIPPET_CHARS: usize = 220;

/// A query that could not be run, with what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Syntax(#[from] super::query::SyntaxError),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError::Other(e.into())
    }
}

fn compile(archive: &Archive, spec: &QuerySpec) -> Result<Built, SearchError> {
    Ok(build(archive.index(), archive.fields(), spec)?)
}

/// A page of matching articles: `limit` hits after skipping `offset`, in `sort` order.
pub fn search(
    archive: &Archive,
    spec: &QuerySpec,
    sort: Sort,
    limit: usize,
    offset: usize,
) -> Result<Results, SearchError> {
    let built = compile(archive, spec)?;
    let searcher = archive.searcher();
    // Without a query every score is equal, so relevance means nothing: newest first is more useful.
    let sort = if built.text.is_none() && sort == Sort::Relevance {
        Sort::Newest
    } else {
        sort
    };
    let top = TopDocs::with_limit(limit.max(1)).and_offset(offset);
    let (addrs, total): (Vec<(Option<Score>, DocAddress)>, usize) = match sort {
        Sort::Relevance => {
            let (docs, total) = searcher.search(&built.full, &(top.order_by_score(), Count))?;
            (docs.into_iter().map(|(s, a)| (Some(s), a)).collect(), total)
        }
        Sort::Newest | Sort::Oldest => {
            let order = if sort == Sort::Newest {
                Order::Desc
            } else {
                Order::Asc
            };
            let (docs, total) = searcher.search(
                &built.full,
                &(
                    top.order_by_fast_field::<tantivy::DateTime>(names::PUBLISHED, order),
                    Count,
                ),
            )?;
            (docs.into_iter().map(|(_, a)| (None, a)).collect(), total)
        }
    };
    let addrs = if limit == 0 { Vec::new() } else { addrs };
    let snippets = match &built.text {
        Some(q) => Some(
            SnippetGenerator::create(&searcher, q.as_ref(), archive.fields().body).map(
                |mut g| {
                    g.set_max_num_chars(SNIPPET_CHARS);
                    g
                },
            )?,
        ),
        None => None,
    };
    let mut hits = Vec::with_capacity(addrs.len());
    for (score, addr) in addrs {
        let a = archive.article(&searcher, addr)?;
        let snippet = match &snippets {
            Some(g) => {
                let s = g.snippet(&a.body);
                if s.fragment().is_empty() {
                    lead(&a.body)
                } else {
                    one_line(s.fragment(), s.highlighted())
                }
            }
            None => lead(&a.body),
        };
        hits.push(Hit {
            id: a.id,
            title: a.title,
            published: a.published,
            date_source: a.date_source,
            places: a.places,
            focus: a.focus,
            source: a.source,
            author: a.author,
            section: a.section,
            url: a.url,
            path: a.path,
            score,
            snippet,
        });
    }
    Ok(Results { total, hits })
}

/// A snippet on one line: paragraph breaks become spaces, and the highlighted ranges move with the text.
fn one_line(text: &str, highlights: &[std::ops::Range<usize>]) -> Snippet {
    let mut out = String::with_capacity(text.len());
    // Where each byte of `text` lands in `out`.
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut prev_space = false;
    for c in text.chars() {
        let space = c.is_whitespace();
        for _ in 0..c.len_utf8() {
            map.push(out.len());
        }
        if space {
            if !prev_space {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
        prev_space = space;
    }
    map.push(out.len());
    let highlights = highlights
        .iter()
        .filter_map(|r| Some(*map.get(r.start)?..*map.get(r.end)?))
        .collect();
    Snippet {
        text: out,
        highlights,
    }
}

/// The opening words of a body, cut at a word boundary: the snippet when no word is highlighted.
fn lead(body: &str) -> Snippet {
    let mut text: String = body.chars().take(SNIPPET_CHARS).collect();
    if text.len() < body.len() {
        if let Some(cut) = text.rfind(char::is_whitespace) {
            text.truncate(cut);
        }
        text.push('…');
    }
    one_line(&text, &[])
}

/// How many matching articles mention each place one level below `under` (countries when `under` is empty),
/// or, with `focus`, are about it. Most frequent first; `top` = 0 means all.
pub fn count_places(
    archive: &Archive,
    spec: &QuerySpec,
    under: &PlacePath,
    focus_only: bool,
    top: usize,
) -> Result<Vec<PlaceCount>, SearchError> {
    let built = compile(archive, spec)?;
    let searcher = archive.searcher();
    let field = if focus_only {
        names::FOCUS
    } else {
        names::PLACES
    };
    let root = if under.is_empty() {
        Facet::root()
    } else {
        facet(under)
    };
    let mut out: Vec<PlaceCount> = if built.text.is_none() && spec.is_unfiltered() {
        count_children_everywhere(&searcher, field, &root)?
    } else {
        let mut collector = FacetCollector::for_field(field);
        collector.add_facet(root.clone());
        let counts = searcher.search(&built.full, &collector)?;
        counts
            .get(&root.to_string())
            .map(|(f, n)| PlaceCount {
                place: place_of(f),
                count: n,
            })
            .collect()
    };
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.place.cmp(&b.place)));
    if top > 0 {
        out.truncate(top);
    }
    Ok(out)
}

/// Place counts over the whole archive, without visiting a document: a facet path is indexed as a term with each
/// of its ancestors, so the number of articles under a place is its term's document frequency (or, in a segment
/// with deleted articles, its live postings). An archive overview then costs a walk over a few thousand terms
/// instead of reading the facets of every article.
fn count_children_everywhere(
    searcher: &Searcher,
    field: &str,
    root: &Facet,
) -> Result<Vec<PlaceCount>, SearchError> {
    use tantivy::schema::IndexRecordOption;
    use tantivy::{DocSet, TERMINATED};
    let field = searcher.schema().get_field(field)?;
    // Children of the root are the terms with no separator; children of /A/B start with "A\0B\0".
    let prefix = if root.is_root() {
        String::new()
    } else {
        format!("{}\u{0}", root.encoded_str())
    };
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let terms = inverted.terms();
        // The terms of deeper levels are skipped by seeking past them: children are few, descendants many.
        let mut from = prefix.clone().into_bytes();
        loop {
            let mut stream = terms
                .range()
                .ge(&from)
                .into_stream()
                .map_err(anyhow::Error::from)?;
            if !stream.advance() {
                break;
            }
            let key = stream.key();
            let Some(rest) = key.strip_prefix(prefix.as_bytes()) else {
                break;
            };
            if let Some(sep) = rest.iter().position(|b| *b == 0) {
                // A descendant whose parent is not a term of its own: skip its whole subtree.
                from = key[..prefix.len() + sep].to_vec();
                from.push(1);
                continue;
            }
            from = key.to_vec();
            from.push(1);
            if rest.is_empty() {
                continue;
            }
            let info = stream.value();
            let n = match segment.alive_bitset() {
                None => u64::from(info.doc_freq),
                Some(alive) => {
                    let mut postings = inverted
                        .read_postings_from_terminfo(info, IndexRecordOption::Basic)
                        .map_err(anyhow::Error::from)?;
                    let mut n = 0;
                    let mut doc = postings.doc();
                    while doc != TERMINATED {
                        n += u64::from(alive.is_alive(doc));
                        doc = postings.advance();
                    }
                    n
                }
            };
            if n > 0 {
                let name = String::from_utf8_lossy(key).into_owned();
                *counts.entry(name).or_insert(0) += n;
            }
        }
    }
    Ok(counts
        .into_iter()
        .map(|(encoded, count)| PlaceCount {
            place: place_of(&Facet::from_path(encoded.split('\0'))),
            count,
        })
        .collect())
}

/// Counts matching articles per publisher's day (days since 1970-01-01), from the `published_day` fast field.
struct DayCounts;

struct DaySegment {
    column: Option<tantivy::columnar::Column<i64>>,
    days: BTreeMap<i64, u64>,
    undated: u64,
}

impl Collector for DayCounts {
    type Fruit = (BTreeMap<i64, u64>, u64);
    type Child = DaySegment;

    fn for_segment(
        &self,
        _ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<DaySegment> {
        Ok(DaySegment {
            column: segment.fast_fields().i64(names::PUBLISHED_DAY).ok(),
            days: BTreeMap::new(),
            undated: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<(BTreeMap<i64, u64>, u64)>) -> tantivy::Result<Self::Fruit> {
        let mut days = BTreeMap::new();
        let mut undated = 0;
        for (d, u) in fruits {
            undated += u;
            for (k, v) in d {
                *days.entry(k).or_insert(0) += v;
            }
        }
        Ok((days, undated))
    }
}

impl SegmentCollector for DaySegment {
    type Fruit = (BTreeMap<i64, u64>, u64);

    fn collect(&mut self, doc: DocId, _score: Score) {
        match self.column.as_ref().and_then(|c| c.first(doc)) {
            Some(d) => *self.days.entry(d).or_insert(0) += 1,
            None => self.undated += 1,
        }
    }

    fn harvest(self) -> Self::Fruit {
        (self.days, self.undated)
    }
}

/// A calendar histogram of the matching articles: one entry per period from the first to the last (or over the
/// spec's date range when it has one), empty periods included. Undated articles are not counted.
pub fn count_periods(
    archive: &Archive,
    spec: &QuerySpec,
    period: Period,
) -> Result<Vec<PeriodCount>, SearchError> {
    let built = compile(archive, spec)?;
    let searcher = archive.searcher();
    let (days, _undated) = searcher.search(&built.full, &DayCounts)?;
    let mut buckets: BTreeMap<NaiveDate, u64> = BTreeMap::new();
    for (day, n) in &days {
        if let Some(d) = day_of_epoch(*day) {
            *buckets.entry(dates::period_start(period, d)).or_insert(0) += n;
        }
    }
    let first = spec
        .from
        .map(TimeBound::day)
        .or_else(|| buckets.keys().next().copied());
    // The exclusive end of the range is the first day (or instant) not in it.
    let last = spec
        .until
        .and_then(|b| match b {
            TimeBound::Day(d) => d.pred_opt(),
            TimeBound::Instant(t) => Some((t - chrono::TimeDelta::seconds(1)).date_naive()),
        })
        .or_else(|| buckets.keys().next_back().copied());
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut start = dates::period_start(period, first);
    let end = dates::period_start(period, last);
    while start <= end {
        out.push(PeriodCount {
            period: dates::period_label(period, start),
            count: buckets.get(&start).copied().unwrap_or(0),
        });
        let next = dates::next_period(period, start);
        if next <= start {
            break;
        }
        start = next;
    }
    Ok(out)
}

/// Counts matching articles per value of a multi-valued string fast column (`source_key`, `author_key`, ...),
/// exactly: every value of every matching article, per segment by term ordinal, named at the end. An article with
/// two authors counts once for each; articles without a value are counted apart.
struct KeyCounts(&'static str);

struct KeySegment {
    column: Option<tantivy::columnar::StrColumn>,
    counts: Vec<u64>,
    without: u64,
}

impl Collector for KeyCounts {
    type Fruit = (rustc_hash::FxHashMap<String, u64>, u64);
    type Child = KeySegment;

    fn for_segment(
        &self,
        _ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<KeySegment> {
        let column = segment.fast_fields().str(self.0)?;
        let terms = column.as_ref().map_or(0, |c| c.num_terms());
        Ok(KeySegment {
            column,
            counts: vec![0; terms],
            without: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut all = rustc_hash::FxHashMap::default();
        let mut without = 0;
        for (counts, w) in fruits {
            without += w;
            for (k, v) in counts {
                *all.entry(k).or_insert(0) += v;
            }
        }
        Ok((all, without))
    }
}

impl SegmentCollector for KeySegment {
    type Fruit = (rustc_hash::FxHashMap<String, u64>, u64);

    fn collect(&mut self, doc: DocId, _score: Score) {
        let mut any = false;
        if let Some(c) = &self.column {
            for ord in c.term_ords(doc) {
                if let Some(n) = self.counts.get_mut(ord as usize) {
                    *n += 1;
                    any = true;
                }
            }
        }
        self.without += u64::from(!any);
    }

    fn harvest(self) -> Self::Fruit {
        let mut out = rustc_hash::FxHashMap::default();
        let Some(c) = &self.column else {
            return (out, self.without);
        };
        let used = self.counts.iter().filter(|&&n| n > 0).count();
        // A name looked up by ordinal decodes a dictionary block: for more than a few names, one pass over the
        // dictionary in ordinal order is far cheaper.
        let streamed = used * 32 >= self.counts.len() && {
            let mut ord = 0usize;
            match c.dictionary().stream() {
                Ok(mut names) => {
                    while names.advance() {
                        if let Some(&n) = self.counts.get(ord).filter(|n| **n > 0) {
                            let name = String::from_utf8_lossy(names.key()).into_owned();
                            *out.entry(name).or_insert(0) += n;
                        }
                        ord += 1;
                    }
                    true
                }
                Err(_) => false,
            }
        };
        if !streamed {
            let mut name = String::new();
            for (ord, &n) in self.counts.iter().enumerate() {
                if n > 0 && matches!(c.ord_to_str(ord as u64, &mut name), Ok(true)) {
                    *out.entry(name.clone()).or_insert(0) += n;
                }
            }
        }
        (out, self.without)
    }
}

/// Counts per name over the whole archive without visiting a document (as `count_children_everywhere` does for
/// places): a `*_key` field indexes each name as one folded term, so its articles are the term's document
/// frequency (live postings in a segment with deletions); the names as written come from the fast column's
/// dictionary, and the articles without a name are those whose field norm (the number of names) is zero.
fn count_names_everywhere(
    archive: &Archive,
    searcher: &Searcher,
    facet: NameFacet,
) -> anyhow::Result<(rustc_hash::FxHashMap<String, u64>, u64)> {
    use tantivy::schema::IndexRecordOption;
    use tantivy::{DocSet, TERMINATED};
    let f = archive.fields();
    let field = match facet {
        NameFacet::Sources => f.source_key,
        NameFacet::Authors => f.author_key,
        NameFacet::Sections => f.section_key,
    };
    let mut fold = crate::index::analyzer::key();
    let mut by_key: rustc_hash::FxHashMap<String, u64> = Default::default();
    let mut written: rustc_hash::FxHashMap<String, String> = Default::default();
    let mut without = 0;
    for segment in searcher.segment_readers() {
        let alive = segment.alive_bitset();
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            let info = stream.value();
            let n = match alive {
                None => u64::from(info.doc_freq),
                Some(alive) => {
                    let mut postings =
                        inverted.read_postings_from_terminfo(info, IndexRecordOption::Basic)?;
                    let mut n = 0;
                    let mut doc = postings.doc();
                    while doc != TERMINATED {
                        n += u64::from(alive.is_alive(doc));
                        doc = postings.advance();
                    }
                    n
                }
            };
            if n > 0 {
                *by_key
                    .entry(String::from_utf8_lossy(stream.key()).into_owned())
                    .or_insert(0) += n;
            }
        }
        if let Some(column) = segment.fast_fields().str(key_field(facet))? {
            let mut names = column.dictionary().stream()?;
            while names.advance() {
                let name = String::from_utf8_lossy(names.key()).into_owned();
                let key = folded(&mut fold, &name);
                if written.get(&key).is_none_or(|w| name < *w) {
                    written.insert(key, name);
                }
            }
        }
        let norms = segment.get_fieldnorms_reader(field)?;
        for doc in 0..segment.max_doc() {
            if norms.fieldnorm(doc) == 0 && alive.is_none_or(|a| a.is_alive(doc)) {
                without += 1;
            }
        }
    }
    let counts = by_key
        .into_iter()
        .map(|(key, n)| (written.get(&key).cloned().unwrap_or(key), n))
        .collect();
    Ok((counts, without))
}

/// A name as the `*_key` fields index it: lowercased and folded, whole.
fn folded(fold: &mut tantivy::tokenizer::TextAnalyzer, name: &str) -> String {
    let mut stream = fold.token_stream(name);
    stream.next().map(|t| t.text.clone()).unwrap_or_default()
}

fn key_field(facet: NameFacet) -> &'static str {
    match facet {
        NameFacet::Sources => names::SOURCE_KEY,
        NameFacet::Authors => names::AUTHOR_KEY,
        NameFacet::Sections => names::SECTION_KEY,
    }
}

/// Names that differ only in case or accents are one name, as the filters `--source`, `--author`, `--section`
/// match them: their counts add up under the form that sorts first (`Politics` before `politics`). Sorted by
/// count, most first, then by name; the `top` first are kept (0: all).
fn top_names(counts: rustc_hash::FxHashMap<String, u64>, top: usize) -> Vec<NameCount> {
    let mut fold = crate::index::analyzer::key();
    // Folded name → (total, the written form shown).
    let mut groups: rustc_hash::FxHashMap<String, (u64, String)> = Default::default();
    for (name, n) in counts {
        let g = groups
            .entry(folded(&mut fold, &name))
            .or_insert_with(|| (0, name.clone()));
        g.0 += n;
        if name < g.1 {
            g.1 = name;
        }
    }
    let mut out: Vec<NameCount> = groups
        .into_values()
        .map(|(count, name)| NameCount { name, count })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    if top > 0 {
        out.truncate(top);
    }
    out
}

/// How many matching articles each source, author or section has (most first; `top` = 0 means all), and how many
/// have none. The filters of the spec apply, so a count is what `search` with the same filters and that name
/// (`--source`, `--author`, `--section`) finds.
pub fn count_names(
    archive: &Archive,
    spec: &QuerySpec,
    facet: NameFacet,
    top: usize,
) -> Result<NameCounts, SearchError> {
    let built = compile(archive, spec)?;
    let searcher = archive.searcher();
    let (counts, without) = if built.text.is_none() && spec.is_unfiltered() {
        count_names_everywhere(archive, &searcher, facet)?
    } else {
        searcher.search(&built.full, &KeyCounts(key_field(facet)))?
    };
    Ok(NameCounts {
        counts: top_names(counts, top),
        without,
    })
}

/// Articles whose body has no words: indexed with a title only.
fn title_only(archive: &Archive, searcher: &Searcher) -> anyhow::Result<u64> {
    let body = archive.fields().body;
    let mut n = 0;
    for segment in searcher.segment_readers() {
        let norms = segment.get_fieldnorms_reader(body)?;
        let alive = segment.alive_bitset();
        for doc in 0..segment.max_doc() {
            if norms.fieldnorm(doc) == 0 && alive.is_none_or(|a| a.is_alive(doc)) {
                n += 1;
            }
        }
    }
    Ok(n)
}

fn terms_counts(searcher: &Searcher, field: &str, size: usize) -> anyhow::Result<Vec<NameCount>> {
    use tantivy::aggregation::agg_req::Aggregations;
    use tantivy::aggregation::agg_result::{AggregationResult, BucketResult};
    use tantivy::aggregation::{AggContextParams, AggregationCollector, Key};
    let aggs: Aggregations = serde_json::from_value(serde_json::json!({
        "t": {"terms": {"field": field, "size": size}}
    }))?;
    let collector = AggregationCollector::from_aggs(aggs, AggContextParams::default());
    let res = searcher.search(&tantivy::query::AllQuery, &collector)?;
    let mut out = Vec::new();
    if let Some(AggregationResult::BucketResult(BucketResult::Terms { buckets, .. })) =
        res.0.get("t")
    {
        for b in buckets {
            let name = match &b.key {
                Key::Str(s) => s.clone(),
                other => format!("{other:?}"),
            };
            out.push(NameCount {
                name,
                count: b.doc_count,
            });
        }
    }
    Ok(out)
}

/// Statistics of the whole index; `top` sources, authors and sections.
pub fn stats(archive: &Archive, top: usize) -> anyhow::Result<Stats> {
    let searcher = archive.searcher();
    let (days, undated) = searcher.search(&tantivy::query::AllQuery, &DayCounts)?;
    let names = |facet| -> anyhow::Result<Vec<NameCount>> {
        let (counts, _) = count_names_everywhere(archive, &searcher, facet)?;
        Ok(top_names(counts, top))
    };
    let (sources, authors, sections) = (
        names(NameFacet::Sources)?,
        names(NameFacet::Authors)?,
        names(NameFacet::Sections)?,
    );
    let manifest = archive.manifest()?;
    let duplicates: u64 = manifest.duplicates().count() as u64;
    let mut examples = Vec::new();
    for d in manifest.duplicates().take(10) {
        examples.push(DuplicateOf {
            id: d.id.clone(),
            of: original_id(archive, &d.hash)?.unwrap_or_else(|| "?".to_string()),
        });
    }
    Ok(Stats {
        articles: searcher.num_docs(),
        first_published: days.keys().next().and_then(|d| day_of_epoch(*d)),
        last_published: days.keys().next_back().and_then(|d| day_of_epoch(*d)),
        undated,
        index_bytes: archive.size_on_disk(),
        date_sources: terms_counts(&searcher, names::DATE_SOURCE, 10)?,
        sources,
        authors,
        sections,
        title_only: title_only(archive, &searcher)?,
        settings: archive.settings().clone(),
        duplicates,
        duplicate_examples: examples,
        files: manifest.files.len() as u64,
        skipped_files: manifest
            .files
            .values()
            .filter(|f| f.skipped.is_some())
            .count() as u64,
    })
}

/// The first article whose `field` holds exactly `value`.
fn first_with(
    archive: &Archive,
    field: tantivy::schema::Field,
    value: &str,
) -> anyhow::Result<Option<crate::article::Article>> {
    let searcher = archive.searcher();
    let q = tantivy::query::TermQuery::new(
        tantivy::Term::from_field_text(field, value),
        tantivy::schema::IndexRecordOption::Basic,
    );
    let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
    match top.first() {
        Some((_, addr)) => Ok(Some(archive.article(&searcher, *addr)?)),
        None => Ok(None),
    }
}

/// Finds an article by id.
pub fn article_by_id(
    archive: &Archive,
    id: &str,
) -> anyhow::Result<Option<crate::article::Article>> {
    first_with(archive, archive.fields().id, id)
}

/// The id of the indexed article with this content hash: the original a duplicate was not indexed in favour of.
pub fn original_id(archive: &Archive, content_hash: &str) -> anyhow::Result<Option<String>> {
    Ok(first_with(archive, archive.fields().content_hash, content_hash)?.map(|a| a.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_moves_highlights_with_the_text() {
        let s = one_line("fire in\n\nDerbent  and", &[0..4, 9..16]);
        assert_eq!(s.text, "fire in Derbent and");
        assert_eq!(&s.text[s.highlights[0].clone()], "fire");
        assert_eq!(&s.text[s.highlights[1].clone()], "Derbent");
    }

    #[test]
    fn lead_cuts_at_a_word() {
        let body = "word ".repeat(100);
        let s = lead(&body);
        assert!(s.text.ends_with("word…"), "{}", s.text);
        assert!(s.text.chars().count() <= SNIPPET_CHARS + 1);
    }
}
