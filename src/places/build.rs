//! The gazetteer generator: reads the GeoNames files (countryInfo.txt, countries.tsv, admin1CodesASCII.txt,
//! subdivisions.tsv, cities15000.txt and, by default, the smaller towns of cities5000.txt), keeps the names English
//! news can write, adds the hand-kept tables of `tables.rs`, marks the names that are English words or given names
//! (`data/english-words.txt`, `data/given-names.txt`), and writes the binary layout of `format.rs`. The output
//! depends only on those inputs and this code: everything is sorted, nothing iterates a hash map.
//!
//! Which GeoNames alternate names are kept (the others are other languages' names, codes, historical or publicity
//! names, which English news does not write and which collide with English words and brands): an alternate must be
//! Latin script, at least four letters, not all capitals, not an English word nor a given name, and either
//! - shorten the place's own name ("Newcastle" for "Newcastle upon Tyne"), or contain it ("State of Arkansas"), or
//! - spell it nearly the same way (same first letter, at most one edit in four letters: "Tbilisi"/"Tiflis" is
//!   out, "Kathmandu"/"Katmandu" in), or
//! - belong to a country, or to a city of a million people or a capital, whose exonyms English news uses.
//!   Towns under 15,000 people keep no alternates; districts keep only their own names. Former names English news
//!   wrote for decades ("Bombay", "Peking") are kept by hand in `tables.rs`.
//!
//! Regenerate the shipped file with
//! `cargo run --release --example gen_gazetteer -- ../shared/gazetteer/geonames data/gazetteer.bin`.

use super::format::{self, Kind, NameKind};
use super::{lexicon, norm, tables};
use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Choices the generator makes; `Default` is what the shipped file uses.
#[derive(Clone, Debug)]
pub struct GenOptions {
    /// Also take the towns of cities5000.txt (5,000 to 15,000 people) that cities15000.txt lacks, without their
    /// alternate names. On by default: measured with `scripts/eval_places_*.py --harness`, it raises TR-News city F1
    /// from 0.689 to 0.733 (recall 0.670 -> 0.754), Reuters focus F1 from 0.908 to 0.915 and places recall from
    /// 0.962 to 0.971, for country F1 0.935 -> 0.933, cities15k F1 0.799 -> 0.737 (more small namesakes), 1.8 MB
    /// (7.2 -> 9.0 MB) and about 3 us per article.
    pub cities5000: bool,
}

impl Default for GenOptions {
    fn default() -> GenOptions {
        GenOptions { cities5000: true }
    }
}

/// Generates the shipped gazetteer from a folder of GeoNames files.
pub fn generate(geonames_dir: &Path) -> Result<Vec<u8>> {
    generate_with(geonames_dir, &GenOptions::default())
}

struct Entity {
    name: String,
    population: u32,
    country: u16,
    region: u16,
    kind: Kind,
    flags: u8,
    fame: u8,
    lat: i16,
    lon: i16,
    /// A town's district (index among the districts), or NO_REGION.
    district: u16,
}

impl Entity {
    fn new(name: &str, population: u32, country: u16, region: u16, kind: Kind) -> Entity {
        Entity {
            name: name.to_string(),
            population,
            country,
            region,
            kind,
            flags: 0,
            fame: 0,
            lat: format::NO_COORD,
            lon: format::NO_COORD,
            district: format::NO_REGION,
        }
    }
}

/// Degrees to the stored hundredths (None when the text is no coordinate).
fn coord(text: &str, limit: f64) -> Option<i16> {
    let v: f64 = text.trim().parse().ok()?;
    (v.is_finite() && v.abs() <= limit).then(|| (v * 100.0).round() as i16)
}

/// Population-weighted centres and total populations, gathered per area (region or district).
#[derive(Default, Clone, Copy)]
struct Centre {
    population: u64,
    weight: f64,
    lat: f64,
    lon: f64,
}

impl Centre {
    fn add(&mut self, population: u32, lat: i16, lon: i16) {
        self.population += u64::from(population);
        if lat != format::NO_COORD && lon != format::NO_COORD {
            let w = f64::from(population.max(1));
            self.weight += w;
            self.lat += w * f64::from(lat);
            self.lon += w * f64::from(lon);
        }
    }

    fn apply(&self, e: &mut Entity) {
        e.population = self.population.min(u64::from(u32::MAX)) as u32;
        if self.weight > 0.0 {
            e.lat = (self.lat / self.weight).round() as i16;
            e.lon = (self.lon / self.weight).round() as i16;
        }
    }
}

/// Number of alternate names, saturated to a byte: how widely the place is known.
fn fame(alternates: &str, sep: char) -> u8 {
    alternates
        .split(sep)
        .filter(|a| !a.trim().is_empty())
        .count()
        .min(255) as u8
}

/// Names gathered per key: entity → the strongest kind of name it has under that key.
#[derive(Default)]
struct Names {
    by_key: BTreeMap<String, BTreeMap<u32, NameKind>>,
    /// Keys that are English words, and given names (from `data/`).
    words: BTreeSet<&'static str>,
    given: BTreeSet<&'static str>,
}

/// The word lists of `data/` (see `data/NAME-LISTS-ATTRIBUTION.md`): one lower-case word a line, `#` comments.
fn word_list(text: &'static str) -> BTreeSet<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

static ENGLISH_WORDS: &str = include_str!("../../data/english-words.txt");
static GIVEN_NAMES: &str = include_str!("../../data/given-names.txt");

/// Whether two keys spell nearly the same name: same first letter, at most one edit per four letters.
fn similar(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.first() != b.first() {
        return false;
    }
    let max = (a.len().max(b.len()) / 4).max(1);
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            cur[j] = (prev[j] + 1)
                .min(cur[j - 1] + 1)
                .min(prev[j - 1] + usize::from(a[i - 1] != b[j - 1]));
        }
        prev = cur;
    }
    prev[b.len()] <= max
}

/// Whether `key` holds `part` as whole words.
fn contains_words(key: &str, part: &str) -> bool {
    !part.is_empty()
        && (key == part
            || key.starts_with(&format!("{part} "))
            || key.ends_with(&format!(" {part}"))
            || key.contains(&format!(" {part} ")))
}

impl Names {
    fn add(&mut self, name: &str, entity: u32, kind: NameKind) {
        let key = norm::key(name);
        if key.is_empty() || key.split(' ').count() > MAX_WORDS {
            return;
        }
        // One- and two-letter names ("Of", "Ai") are noise in English text; deliberate abbreviations are exempt.
        let deliberate = matches!(kind, NameKind::Abbrev | NameKind::Qualifier);
        if !deliberate && key.chars().filter(|c| c.is_alphanumeric()).count() <= 2 {
            return;
        }
        let slot = self
            .by_key
            .entry(key)
            .or_default()
            .entry(entity)
            .or_insert(kind);
        if kind < *slot {
            *slot = kind;
        }
    }

    /// A name from GeoNames' alternate lists, kept only when English news could write it (see the module doc).
    /// An alternate that shortens the place's own name ("Newcastle" for "Newcastle upon Tyne") is as strong as a
    /// short form. `exonyms`: the place is known widely enough for its names in other languages to be used.
    fn add_alternate(&mut self, name: &str, entity: u32, own_key: &str, exonyms: bool) {
        let name = name.trim();
        if !usable_alternate(name) {
            return;
        }
        let key = norm::key(name);
        if key == own_key {
            return;
        }
        // An alternate that is an English word or a given name would make ordinary text a place ("Soul" for
        // Seoul, "Police", "Google" for Topeka).
        if lexicon::is_wordlike(&key)
            || lexicon::is_function_word(&key)
            || self.words.contains(key.as_str())
            || self.given.contains(key.as_str())
        {
            return;
        }
        let shortens = contains_words(own_key, &key) && own_key.starts_with(&key);
        let related = shortens || contains_words(&key, own_key) || similar(&key, own_key);
        // An exonym short enough to be a surname or a syllable ("Cheng" for Zhengzhou) is more often that.
        let exonym = exonyms && key.chars().filter(|c| c.is_alphabetic()).count() >= 6;
        if !related && !exonym {
            return;
        }
        self.add(
            name,
            entity,
            if shortens {
                NameKind::Short
            } else {
                NameKind::Alt
            },
        );
    }

    /// A hand-kept name: all capitals means an abbreviation that must be written in capitals.
    fn add_hand(&mut self, name: &str, entity: u32, kind: NameKind) {
        let letters: String = name.chars().filter(|c| c.is_alphabetic()).collect();
        let kind = if !letters.is_empty()
            && letters.chars().all(|c| c.is_uppercase())
            && letters.len() <= 5
        {
            NameKind::Abbrev
        } else {
            kind
        };
        self.add(name, entity, kind);
    }
}

/// The most words a name may have (longer GeoNames names are official forms no article writes).
const MAX_WORDS: usize = 8;

fn usable_alternate(name: &str) -> bool {
    if name.is_empty() || name.len() > 60 || !norm::is_latin(name) {
        return false;
    }
    if name
        .chars()
        .any(|c| c.is_ascii_digit() || matches!(c, '(' | ')' | ',' | '/' | ';' | '[' | ']'))
    {
        return false;
    }
    // Codes (`MOW`, `NYC`, `SUV`) and other all-capital forms: deliberate abbreviations live in `tables.rs`.
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() <= 3 || letters.iter().all(|c| c.is_uppercase()) {
        return false;
    }
    // Lower-case-initial forms are not how news writes a place.
    name.chars().next().is_some_and(|c| c.is_uppercase())
}

fn read(dir: &Path, file: &str) -> Result<String> {
    let path = dir.join(file);
    std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
}

/// The data lines of a tab-separated file (no comments, no blank lines).
fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.trim_end_matches('\r').split('\t').collect())
}

fn field<'a>(row: &[&'a str], i: usize) -> &'a str {
    row.get(i).copied().unwrap_or("")
}

/// Generates the gazetteer with explicit options (used to compare cities15000 with cities5000).
pub fn generate_with(geonames_dir: &Path, opts: &GenOptions) -> Result<Vec<u8>> {
    let mut entities: Vec<Entity> = Vec::new();
    let mut names = Names {
        words: word_list(ENGLISH_WORDS),
        given: word_list(GIVEN_NAMES),
        ..Names::default()
    };

    // Countries, sorted by ISO code. countryInfo.txt gives the display name and population.
    let country_info = read(geonames_dir, "countryInfo.txt")?;
    let mut countries: BTreeMap<String, (String, u32, u32)> = BTreeMap::new(); // iso → (name, population, geonameid)
    for r in rows(&country_info) {
        let iso = field(&r, 0);
        let name = field(&r, 4).trim();
        if iso.len() != 2 || name.is_empty() {
            continue;
        }
        let population = field(&r, 7)
            .parse::<u64>()
            .unwrap_or(0)
            .min(u64::from(u32::MAX)) as u32;
        let gid = field(&r, 16).parse::<u32>().unwrap_or(0);
        countries.insert(iso.to_string(), (name.to_string(), population, gid));
    }
    if countries.is_empty() {
        bail!("countryInfo.txt has no countries");
    }
    let mut country_idx: BTreeMap<String, u16> = BTreeMap::new();
    for (iso, (name, population, _)) in &countries {
        let idx = entities.len() as u16;
        country_idx.insert(iso.clone(), idx);
        entities.push(Entity::new(
            name,
            *population,
            idx,
            format::NO_REGION,
            Kind::Country,
        ));
        names.add(name, u32::from(idx), NameKind::Name);
    }
    let n_countries = entities.len();

    // countries.tsv: name, iso2, iso3, geonameid, official name, common name, alternates (`|`), ...
    let countries_tsv = read(geonames_dir, "countries.tsv")?;
    for r in rows(&countries_tsv) {
        let Some(&idx) = country_idx.get(field(&r, 1)) else {
            continue;
        };
        // Historic rows (Czechoslovakia, Netherlands Antilles) carry no geonameid; they are not today's country.
        if field(&r, 3).is_empty() {
            continue;
        }
        let e = u32::from(idx);
        for n in [field(&r, 0), field(&r, 4), field(&r, 5)] {
            // "Korea, Republic of": the inverted ISO form is not how news writes it.
            if !n.is_empty() && !n.contains(',') && norm::is_latin(n) {
                names.add(n, e, NameKind::Name);
            }
        }
        entities[usize::from(idx)].fame = fame(field(&r, 6), '|');
        let own = norm::key(&entities[usize::from(idx)].name);
        for alt in field(&r, 6).split('|') {
            // Only towns have alternates that shorten their name ("Newcastle"); a country's never does.
            if !own.starts_with(&norm::key(alt)) {
                names.add_alternate(alt, e, &own, true);
            }
        }
    }
    for (iso, list) in tables::COUNTRY_NAMES {
        let &idx = country_idx
            .get(*iso)
            .with_context(|| format!("tables.rs names unknown country {iso}"))?;
        for n in *list {
            names.add_hand(n, u32::from(idx), NameKind::Short);
        }
    }
    for (iso, list) in tables::DEMONYMS {
        let &idx = country_idx
            .get(*iso)
            .with_context(|| format!("tables.rs names unknown country {iso}"))?;
        for n in *list {
            names.add(n, u32::from(idx), NameKind::Demonym);
        }
    }

    // Regions (admin1), sorted by code; admin1CodesASCII.txt gives the display names the gold data uses.
    let admin1 = read(geonames_dir, "admin1CodesASCII.txt")?;
    let mut regions: BTreeMap<String, (String, String)> = BTreeMap::new(); // code → (name, ascii name)
    for r in rows(&admin1) {
        let code = field(&r, 0);
        let Some((cc, _)) = code.split_once('.') else {
            continue;
        };
        if !country_idx.contains_key(cc) || field(&r, 1).is_empty() {
            continue;
        }
        regions.insert(
            code.to_string(),
            (field(&r, 1).to_string(), field(&r, 2).to_string()),
        );
    }
    let mut region_idx: BTreeMap<String, u16> = BTreeMap::new();
    let first_region = entities.len();
    for (code, (name, ascii)) in &regions {
        let Some((cc, _)) = code.split_once('.') else {
            continue;
        };
        let Some(&country) = country_idx.get(cc) else {
            continue;
        };
        let idx = (entities.len() - first_region) as u16;
        region_idx.insert(code.clone(), idx);
        let e = entities.len() as u32;
        entities.push(Entity::new(name, 0, country, idx, Kind::Region));
        names.add(name, e, NameKind::Name);
        if norm::is_latin(ascii) {
            names.add(ascii, e, NameKind::Name);
        }
    }
    let n_regions = entities.len() - first_region;
    let region_entity = |idx: u16| (first_region + usize::from(idx)) as u32;

    // subdivisions.tsv: name, ISO 3166-2, GeoNames code, geonameid, type, alternates (`|`), level, ...
    let subdivisions = read(geonames_dir, "subdivisions.tsv")?;
    for r in rows(&subdivisions) {
        if field(&r, 6) != "1" {
            continue;
        }
        let Some(&idx) = region_idx.get(field(&r, 2)) else {
            continue;
        };
        let e = region_entity(idx);
        // "Dagestan, Respublika": the ISO form puts the type after a comma; the part before it is the name.
        let name = field(&r, 0);
        let name = name.split(',').next().unwrap_or(name).trim();
        if !name.is_empty()
            && norm::is_latin(name)
            && name.chars().filter(|c| c.is_alphabetic()).count() > 2
        {
            names.add(name, e, NameKind::Name);
        }
        entities[e as usize].fame = fame(field(&r, 5), '|');
        let own = norm::key(&entities[e as usize].name);
        for alt in field(&r, 5).split('|') {
            // Only towns have alternates that shorten their name; "Moscow" for "Moscow Oblast" is not one.
            if !own.starts_with(&norm::key(alt)) {
                names.add_alternate(alt, e, &own, false);
            }
        }
    }
    for (code, list) in tables::REGION_NAMES {
        let &idx = region_idx
            .get(*code)
            .with_context(|| format!("tables.rs names unknown region {code}"))?;
        for n in *list {
            names.add_hand(n, region_entity(idx), NameKind::Short);
        }
    }
    for (code, list) in tables::REGION_ABBREVIATIONS {
        let &idx = region_idx
            .get(*code)
            .with_context(|| format!("tables.rs names unknown region {code}"))?;
        for n in *list {
            names.add(n, region_entity(idx), NameKind::Qualifier);
        }
    }
    for (code, list) in tables::REGION_DEMONYMS {
        let &idx = region_idx
            .get(*code)
            .with_context(|| format!("tables.rs names unknown region {code}"))?;
        for n in *list {
            names.add(n, region_entity(idx), NameKind::Demonym);
        }
    }

    // Cities: cities15000.txt, plus the smaller towns of cities5000.txt when asked, sorted by geonameid.
    let mut city_rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    let c15 = read(geonames_dir, "cities15000.txt")?;
    for r in rows(&c15) {
        if let Ok(gid) = field(&r, 0).parse::<u32>() {
            city_rows.insert(gid, r.iter().map(|s| s.to_string()).collect());
        }
    }
    if opts.cities5000 {
        let c5 = read(geonames_dir, "cities5000.txt")?;
        for r in rows(&c5) {
            if let Ok(gid) = field(&r, 0).parse::<u32>() {
                city_rows
                    .entry(gid)
                    .or_insert_with(|| r.iter().map(|s| s.to_string()).collect());
            }
        }
    }
    // First the towns' facts, so that regions and districts get their populations and centres before the towns
    // are laid out after them.
    struct Town<'a> {
        row: Vec<&'a str>,
        country: u16,
        region: u16,
        admin2: String,
        population: u32,
        lat: i16,
        lon: i16,
        flags: u8,
    }
    let mut towns: Vec<Town> = Vec::new();
    let mut region_centre: BTreeMap<u16, Centre> = BTreeMap::new();
    // Towns by (country, admin1, admin2) code, for the districts' populations and centres.
    let mut district_centre: BTreeMap<String, Centre> = BTreeMap::new();
    // Keys of town names per region: a district named like a town of its region adds nothing but ambiguity.
    let mut city_keys: BTreeSet<(u16, String)> = BTreeSet::new();
    for row in city_rows.values() {
        let r: Vec<&str> = row.iter().map(String::as_str).collect();
        let code = field(&r, 7);
        // Historical, abandoned or destroyed places are not where today's news happens.
        if matches!(code, "PPLH" | "PPLQ" | "PPLW" | "PPLCH") {
            continue;
        }
        let Some(&country) = country_idx.get(field(&r, 8)) else {
            continue;
        };
        let name = field(&r, 1);
        if name.is_empty() || !norm::is_latin(name) {
            continue;
        }
        let region = region_idx
            .get(&format!("{}.{}", field(&r, 8), field(&r, 10)))
            .copied()
            .unwrap_or(format::NO_REGION);
        let population = field(&r, 14)
            .parse::<u64>()
            .unwrap_or(0)
            .min(u64::from(u32::MAX)) as u32;
        let lat = coord(field(&r, 4), 90.0).unwrap_or(format::NO_COORD);
        let lon = coord(field(&r, 5), 180.0).unwrap_or(format::NO_COORD);
        let admin2 = format!("{}.{}.{}", field(&r, 8), field(&r, 10), field(&r, 11));
        if region != format::NO_REGION && code != "PPLX" {
            region_centre
                .entry(region)
                .or_default()
                .add(population, lat, lon);
            district_centre
                .entry(admin2.clone())
                .or_default()
                .add(population, lat, lon);
        }
        if region != format::NO_REGION {
            city_keys.insert((region, norm::key(name)));
        }
        let flags = match code {
            "PPLC" => format::FLAG_CAPITAL,
            "PPLA" => format::FLAG_ADMIN1_SEAT,
            "PPLA2" => format::FLAG_ADMIN2_SEAT,
            "PPLX" => format::FLAG_SECTION,
            _ => 0,
        };
        towns.push(Town {
            row: r,
            country,
            region,
            admin2,
            population,
            lat,
            lon,
            flags,
        });
    }
    for (idx, centre) in &region_centre {
        if let Some(ent) = entities.get_mut(first_region + usize::from(*idx)) {
            centre.apply(ent);
        }
    }
    let first_district = entities.len();
    let district_idx = add_districts(
        &subdivisions,
        &region_idx,
        first_region,
        &district_centre,
        &city_keys,
        &mut entities,
        &mut names,
    );
    let n_districts = entities.len() - first_district;

    for t in &towns {
        let r = &t.row;
        let name = field(r, 1);
        let e = entities.len() as u32;
        let mut ent = Entity::new(name, t.population, t.country, t.region, Kind::City);
        ent.flags = t.flags;
        ent.fame = fame(field(r, 3), ',');
        (ent.lat, ent.lon) = (t.lat, t.lon);
        ent.district = district_idx
            .get(&t.admin2)
            .copied()
            .unwrap_or(format::NO_REGION);
        entities.push(ent);
        names.add(name, e, NameKind::Name);
        let ascii = field(r, 2);
        if !ascii.is_empty() {
            names.add(ascii, e, NameKind::Name);
        }
        let own = norm::key(name);
        // Towns under 15,000 people keep only their own names: their alternates are transliterations no English
        // article uses, and each one is another chance of a false match.
        let capital = t.flags & format::FLAG_CAPITAL != 0;
        if t.population >= 15_000 || capital {
            let exonyms = capital || t.population >= 1_000_000;
            for alt in field(r, 3).split(',') {
                names.add_alternate(alt, e, &own, exonyms);
            }
        }
        if let Ok(gid) = field(r, 0).parse::<u32>() {
            if let Some((_, list)) = tables::CITY_NAMES.iter().find(|(id, _)| *id == gid) {
                for n in *list {
                    names.add_hand(n, e, NameKind::Short);
                }
            }
        }
    }
    if entities.len() >= format::NO_ENTITY as usize {
        bail!("too many entities for the format: {}", entities.len());
    }

    // A name that is some place's own name is that place's, not another's alternate ("Philadelphia" is not also
    // Amman, "Hollywood" not a district of elsewhere).
    for readings in names.by_key.values_mut() {
        if readings.values().any(|&k| k == NameKind::Name) {
            readings.retain(|_, k| *k != NameKind::Alt);
        }
    }

    for phrase in tables::BLOCKING_PHRASES {
        names.add(phrase, format::NO_ENTITY, NameKind::Block);
    }

    Ok(write(
        &entities,
        n_countries,
        n_regions,
        n_districts,
        &names,
    ))
}

/// Words that say a name is an area, not a town ("Douglas County", "Avoyelles Parish", "Kandahar District").
const AREA_WORDS: &[&str] = &["county", "parish", "borough", "district", "province"];

/// GeoNames types of British second-level units, named bare in news ("Kent", "Fife", "Gwynedd").
const BRITISH_UNITS: &[&str] = &[
    "Two-tier county",
    "Unitary authority",
    "Council area",
    "Metropolitan district",
    "District",
];

/// Second-level subdivisions (counties, parishes, districts) from subdivisions.tsv. Of the 47,000 (most of them
/// municipalities named like their town), kept: those whose name says it is an area ("Douglas County"), and the
/// British counties and unitary authorities, which news names bare ("Kent", "Essex"), unless the bare name is an
/// English word or a given name. A district named like a town of its region is left out: the town is meant.
/// Population and centre come from the towns of the input files that lie in it.
fn add_districts(
    subdivisions: &str,
    region_idx: &BTreeMap<String, u16>,
    first_region: usize,
    centres: &BTreeMap<String, Centre>,
    city_keys: &BTreeSet<(u16, String)>,
    entities: &mut Vec<Entity>,
    names: &mut Names,
) -> BTreeMap<String, u16> {
    let first = entities.len();
    let mut index = BTreeMap::new();
    for r in rows(subdivisions) {
        if field(&r, 6) != "2" {
            continue;
        }
        let code = field(&r, 2);
        let mut parts = code.splitn(3, '.');
        let (Some(cc), Some(a1), Some(_)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let Some(&region) = region_idx.get(&format!("{cc}.{a1}")) else {
            continue;
        };
        let raw = field(&r, 0).trim();
        if raw.is_empty() || !norm::is_latin(raw) {
            continue;
        }
        // "Durham, County" → "County Durham"; "Vale of Glamorgan, The" → "Vale of Glamorgan".
        let name = match raw.split_once(", ") {
            Some((n, "County")) => format!("County {n}"),
            Some((n, _)) => n.to_string(),
            None => raw.to_string(),
        };
        let key = norm::key(&name);
        let typed = key.split(' ').any(|w| AREA_WORDS.contains(&w));
        let british = cc == "GB" && BRITISH_UNITS.contains(&field(&r, 4));
        if !typed && !british {
            continue;
        }
        if !typed
            && (lexicon::is_wordlike(&key)
                || names.words.contains(key.as_str())
                || names.given.contains(key.as_str()))
        {
            continue;
        }
        if city_keys.contains(&(region, key.clone())) {
            continue;
        }
        let e = entities.len() as u32;
        let country = entities[first_region + usize::from(region)].country;
        let mut ent = Entity::new(&name, 0, country, region, Kind::District);
        if let Some(c) = centres.get(code) {
            c.apply(&mut ent);
        }
        if entities.len() - first >= usize::from(format::NO_REGION) {
            break;
        }
        index.insert(code.to_string(), (entities.len() - first) as u16);
        entities.push(ent);
        names.add(&name, e, NameKind::Name);
        // "County Cork" is also written "Cork County", and "Orange County" never "County Orange" — only the
        // Irish and British form turns around.
        if let Some(rest) = name.strip_prefix("County ") {
            names.add(&format!("{rest} County"), e, NameKind::Alt);
        }
    }
    index
}

/// Serializes the gazetteer (see `format.rs`).
fn write(
    entities: &[Entity],
    n_countries: usize,
    n_regions: usize,
    n_districts: usize,
    names: &Names,
) -> Vec<u8> {
    // Every proper word prefix of a key becomes a key too (with no readings if it is not a name itself), so the
    // matcher knows when extending a phrase by one more word can still succeed.
    let mut prefixes: BTreeSet<String> = BTreeSet::new();
    for key in names.by_key.keys() {
        let mut end = 0;
        while let Some(p) = key[end..].find(' ') {
            end += p;
            prefixes.insert(key[..end].to_string());
            end += 1;
        }
    }
    let mut all_keys: BTreeSet<&str> = names.by_key.keys().map(String::as_str).collect();
    all_keys.extend(prefixes.iter().map(String::as_str));
    // Given names are keys too (most without readings), so that the matcher can tell "Ted Cruz" is a person.
    all_keys.extend(names.given.iter().copied());

    let mut strings: Vec<u8> = Vec::new();
    let intern = |s: &str, strings: &mut Vec<u8>| -> u32 {
        let off = strings.len() as u32;
        let bytes = s.as_bytes();
        let len = bytes.len().min(usize::from(u16::MAX));
        strings.extend_from_slice(&(len as u16).to_le_bytes());
        strings.extend_from_slice(&bytes[..len]);
        off
    };

    let mut entity_bytes = Vec::with_capacity(entities.len() * format::ENTITY_LEN);
    for e in entities {
        let name = intern(&e.name, &mut strings);
        entity_bytes.extend_from_slice(&name.to_le_bytes());
        entity_bytes.extend_from_slice(&e.population.to_le_bytes());
        entity_bytes.extend_from_slice(&e.country.to_le_bytes());
        entity_bytes.extend_from_slice(&e.region.to_le_bytes());
        entity_bytes.push(e.kind as u8);
        entity_bytes.push(e.flags);
        entity_bytes.push(e.fame);
        entity_bytes.push(0);
        entity_bytes.extend_from_slice(&e.lat.to_le_bytes());
        entity_bytes.extend_from_slice(&e.lon.to_le_bytes());
        entity_bytes.extend_from_slice(&e.district.to_le_bytes());
        entity_bytes.extend_from_slice(&0u16.to_le_bytes());
    }

    let mut key_bytes = Vec::with_capacity(all_keys.len() * format::KEY_LEN);
    let mut reading_bytes = Vec::new();
    let mut hashes = Vec::with_capacity(all_keys.len());
    let mut max_words = 1u32;
    let mut n_readings = 0u32;
    for key in &all_keys {
        let off = intern(key, &mut strings);
        let first = n_readings;
        let mut count = 0u16;
        if let Some(readings) = names.by_key.get(*key) {
            max_words = max_words.max(key.split(' ').count() as u32);
            for (&entity, &kind) in readings {
                if count == u16::MAX {
                    break;
                }
                reading_bytes.extend_from_slice(&(entity | (kind as u32) << 24).to_le_bytes());
                count += 1;
                n_readings += 1;
            }
        }
        let mut flags = 0;
        if prefixes.contains(*key) {
            flags |= format::KEY_PREFIX;
        }
        if names.words.contains(key) {
            flags |= format::KEY_WORD;
        }
        if names.given.contains(key) {
            flags |= format::KEY_GIVEN;
        }
        key_bytes.extend_from_slice(&off.to_le_bytes());
        key_bytes.extend_from_slice(&first.to_le_bytes());
        key_bytes.extend_from_slice(&count.to_le_bytes());
        key_bytes.extend_from_slice(&flags.to_le_bytes());
        hashes.push(format::mix(norm::hash_key(key)));
    }

    // Open addressing at load factor 0.6.
    let n_slots = (all_keys.len() * 5 / 3).max(16);
    let mut slots = vec![(0u32, 0u32); n_slots];
    for (i, &h) in hashes.iter().enumerate() {
        let mut s = format::slot_of(h, n_slots);
        while slots[s].1 != 0 {
            s = if s + 1 == n_slots { 0 } else { s + 1 };
        }
        slots[s] = (h as u32, i as u32 + 1);
    }

    let mut out = Vec::new();
    out.extend_from_slice(format::MAGIC);
    for v in [
        format::VERSION,
        entities.len() as u32,
        n_countries as u32,
        all_keys.len() as u32,
        n_readings,
        n_slots as u32,
        strings.len() as u32,
        max_words,
        n_regions as u32,
        format::FILTER_BITS_LOG2,
        n_districts as u32,
    ] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&entity_bytes);
    out.extend_from_slice(&key_bytes);
    out.extend_from_slice(&reading_bytes);
    for (hi, k) in slots {
        out.extend_from_slice(&hi.to_le_bytes());
        out.extend_from_slice(&k.to_le_bytes());
    }
    out.extend_from_slice(&strings);
    let mut filter = vec![0u8; (1usize << format::FILTER_BITS_LOG2) / 8];
    for key in &all_keys {
        let first = key.split(' ').next().unwrap_or(key);
        let bit = format::filter_bit(format::mix(norm::hash_key(first)), format::FILTER_BITS_LOG2);
        filter[bit / 8] |= 1 << (bit % 8);
    }
    out.extend_from_slice(&filter);
    out
}
