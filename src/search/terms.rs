//! Counting matching articles by the value of a keyword field (sources; authors and sections when the index has
//! them): exact counts under any query and filters, from the field's fast column. Adding such a facet is one
//! variant of `TermFacet`.

use super::build::build;
use super::run::SearchError;
use super::{NameCount, PlaceCount, QuerySpec};
use crate::article::PlacePath;
use crate::index::schema::names;
use crate::index::Archive;
use rustc_hash::FxHashMap as HashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// A keyword field matching articles can be counted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TermFacet {
    Source,
}

impl TermFacet {
    pub const ALL: [TermFacet; 1] = [TermFacet::Source];

    /// The name of the facet in URLs and JSON (`sources`).
    pub fn name(self) -> &'static str {
        match self {
            TermFacet::Source => "sources",
        }
    }

    fn field(self) -> &'static str {
        match self {
            TermFacet::Source => names::SOURCE_KEY,
        }
    }
}

/// How many matching articles have each value of the facet's field; most frequent first, then by name; `top` = 0
/// means all. Articles without a value are not counted.
pub fn count_terms(
    archive: &Archive,
    spec: &QuerySpec,
    facet: TermFacet,
    top: usize,
) -> Result<Vec<NameCount>, SearchError> {
    let built = build(archive.index(), archive.fields(), spec)?;
    let searcher = archive.searcher();
    let counts = searcher.search(&built.full, &TermCounts(facet.field()))?;
    let mut out: Vec<NameCount> = counts
        .into_iter()
        .map(|(name, count)| NameCount { name, count })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    if top > 0 {
        out.truncate(top);
    }
    Ok(out)
}

/// How many matching articles mention each place of exactly `depth` components (3: cities) anywhere in the
/// world, most frequent first; `top` = 0 means all. One pass over the matching articles' place values, where
/// `run::count_places` would need one per country and region.
pub fn count_places_at_depth(
    archive: &Archive,
    spec: &QuerySpec,
    depth: usize,
    top: usize,
) -> Result<Vec<PlaceCount>, SearchError> {
    let built = build(archive.index(), archive.fields(), spec)?;
    let searcher = archive.searcher();
    // The column holds each facet in its encoded form: components joined by NUL.
    let counts = searcher.search(&built.full, &TermCounts(names::PLACES))?;
    let mut out: Vec<PlaceCount> = counts
        .into_iter()
        .filter(|(encoded, _)| encoded.split('\0').count() == depth)
        .map(|(encoded, count)| PlaceCount {
            place: PlacePath::new(encoded.split('\0')),
            count,
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.place.cmp(&b.place)));
    if top > 0 {
        out.truncate(top);
    }
    Ok(out)
}

/// Counts per term ordinal in each segment, turned into strings once per segment.
struct TermCounts(&'static str);

struct TermSegment {
    column: Option<StrColumn>,
    counts: Vec<u64>,
}

impl Collector for TermCounts {
    type Fruit = HashMap<String, u64>;
    type Child = TermSegment;

    fn for_segment(
        &self,
        _ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<TermSegment> {
        let column = segment.fast_fields().str(self.0)?;
        let terms = column.as_ref().map_or(0, |c| c.num_terms());
        Ok(TermSegment {
            column,
            counts: vec![0; terms],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashMap<String, u64>>) -> tantivy::Result<Self::Fruit> {
        let mut all = HashMap::default();
        for fruit in fruits {
            for (k, v) in fruit {
                *all.entry(k).or_insert(0) += v;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for TermSegment {
    type Fruit = HashMap<String, u64>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(column) = &self.column {
            for ord in column.term_ords(doc) {
                if let Some(n) = self.counts.get_mut(ord as usize) {
                    *n += 1;
                }
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        let mut out = HashMap::default();
        let Some(column) = self.column else {
            return out;
        };
        // Terms by ordinal in one ordered walk of the dictionary: looking each up alone decodes a block per term,
        // which for the thousands of places of a broad query cost more than the search.
        let ords: Vec<u64> = (0..self.counts.len() as u64)
            .filter(|&o| self.counts[o as usize] > 0)
            .collect();
        let mut next = ords.iter();
        let counts = &self.counts;
        let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |term| {
            if let Some(&o) = next.next() {
                *out.entry(String::from_utf8_lossy(term).into_owned())
                    .or_insert(0) += counts[o as usize];
            }
        });
        out
    }
}
