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
use std::sync::{Arc, LazyLock, Mutex};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
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

/// Where the matching articles are, for a map: how many mention each country (a place in it, as
/// `run::count_places` counts them under the root) and each city, most frequent first; `top_cities` = 0 means
/// all. One pass over the matching articles' places, reading each segment's place names from a cache, where a
/// facet count decodes the names anew for every query.
pub fn count_world(
    archive: &Archive,
    spec: &QuerySpec,
    top_cities: usize,
) -> Result<(Vec<PlaceCount>, Vec<PlaceCount>), SearchError> {
    let built = build(archive.index(), archive.fields(), spec)?;
    let searcher = archive.searcher();
    let (countries, cities) = searcher.search(&built.full, &WorldCounts)?;
    // Keep the names of the segments this searcher has; those of merged or replaced ones go.
    let live: Vec<SegmentId> = searcher
        .segment_readers()
        .iter()
        .map(|s| s.segment_id())
        .collect();
    if let Ok(mut cache) = PLACE_NAMES.lock() {
        if cache.len() > live.len() {
            cache.retain(|id, _| live.contains(id));
        }
    }
    let sorted = |m: HashMap<String, u64>, top: usize| {
        let mut out: Vec<PlaceCount> = m
            .into_iter()
            .map(|(encoded, count)| PlaceCount {
                place: PlacePath::new(encoded.split('\0')),
                count,
            })
            .collect();
        out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.place.cmp(&b.place)));
        if top > 0 {
            out.truncate(top);
        }
        out
    };
    Ok((sorted(countries, 0), sorted(cities, top_cities)))
}

/// The place names of one segment's column, decoded once: each value's encoded path, its country's index in
/// `countries`, and whether it is a city.
struct SegmentPlaces {
    names: Vec<String>,
    country_of: Vec<u32>,
    countries: Vec<String>,
    is_city: Vec<bool>,
}

/// Decoded place names of the segments of the last search (segments never change; those no longer searched are
/// dropped after each search, and the whole cache if it ever passes `CACHED_SEGMENTS`).
static PLACE_NAMES: LazyLock<Mutex<HashMap<SegmentId, Arc<SegmentPlaces>>>> =
    LazyLock::new(|| Mutex::new(HashMap::default()));
const CACHED_SEGMENTS: usize = 256;

fn segment_places(segment: &SegmentReader, column: &StrColumn) -> Arc<SegmentPlaces> {
    let id = segment.segment_id();
    if let Ok(cache) = PLACE_NAMES.lock() {
        if let Some(p) = cache.get(&id) {
            return p.clone();
        }
    }
    let n = column.num_terms();
    let mut names = Vec::with_capacity(n);
    let ords: Vec<u64> = (0..n as u64).collect();
    let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |term| {
        names.push(String::from_utf8_lossy(term).into_owned());
    });
    let mut countries: Vec<String> = Vec::new();
    let mut index: HashMap<String, u32> = HashMap::default();
    let mut country_of = Vec::with_capacity(names.len());
    let mut is_city = Vec::with_capacity(names.len());
    for name in &names {
        let country = name.split('\0').next().unwrap_or("").to_string();
        let next = countries.len() as u32;
        let c = *index.entry(country.clone()).or_insert_with(|| {
            countries.push(country);
            next
        });
        country_of.push(c);
        is_city.push(name.split('\0').count() == 3);
    }
    let places = Arc::new(SegmentPlaces {
        names,
        country_of,
        countries,
        is_city,
    });
    if let Ok(mut cache) = PLACE_NAMES.lock() {
        if cache.len() >= CACHED_SEGMENTS {
            cache.clear();
        }
        cache.insert(id, places.clone());
    }
    places
}

struct WorldCounts;

struct WorldSegment {
    column: Option<StrColumn>,
    places: Option<Arc<SegmentPlaces>>,
    by_ord: Vec<u64>,
    by_country: Vec<u64>,
    seen: Vec<u32>,
}

type World = (HashMap<String, u64>, HashMap<String, u64>);

impl Collector for WorldCounts {
    type Fruit = World;
    type Child = WorldSegment;

    fn for_segment(
        &self,
        _ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<WorldSegment> {
        let column = segment.fast_fields().str(names::PLACES)?;
        let places = column.as_ref().map(|c| segment_places(segment, c));
        let (n, c) = places
            .as_ref()
            .map_or((0, 0), |p| (p.names.len(), p.countries.len()));
        Ok(WorldSegment {
            column,
            places,
            by_ord: vec![0; n],
            by_country: vec![0; c],
            seen: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<World>) -> tantivy::Result<World> {
        let mut all: World = (HashMap::default(), HashMap::default());
        for (countries, cities) in fruits {
            for (k, v) in countries {
                *all.0.entry(k).or_insert(0) += v;
            }
            for (k, v) in cities {
                *all.1.entry(k).or_insert(0) += v;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for WorldSegment {
    type Fruit = World;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let (Some(column), Some(places)) = (&self.column, &self.places) else {
            return;
        };
        self.seen.clear();
        for ord in column.term_ords(doc) {
            let o = ord as usize;
            if let Some(n) = self.by_ord.get_mut(o) {
                *n += 1;
            }
            if let Some(&c) = places.country_of.get(o) {
                // An article counts once per country, however many of its places are there.
                if !self.seen.contains(&c) {
                    self.seen.push(c);
                    if let Some(n) = self.by_country.get_mut(c as usize) {
                        *n += 1;
                    }
                }
            }
        }
    }

    fn harvest(self) -> World {
        let mut out: World = (HashMap::default(), HashMap::default());
        let Some(places) = self.places else {
            return out;
        };
        for (c, n) in self.by_country.into_iter().enumerate() {
            if n > 0 {
                out.0.insert(places.countries[c].clone(), n);
            }
        }
        for (o, n) in self.by_ord.into_iter().enumerate() {
            if n > 0 && places.is_city[o] {
                out.1.insert(places.names[o].clone(), n);
            }
        }
        out
    }
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
