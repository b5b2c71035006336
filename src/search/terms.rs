//! Where the matching articles are, for the server's map and place drill-down: countries and cities counted in
//! one pass, each segment's place names read once and cached (counts by source, author or section are
//! `run::count_names`).

use super::build::build;
use super::run::SearchError;
use super::{PlaceCount, QuerySpec};
use crate::article::PlacePath;
use crate::index::schema::names;
use crate::index::Archive;
use rustc_hash::FxHashMap as HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

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
