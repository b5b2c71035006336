//! The gazetteer as the program uses it: the generated file embedded in the binary, checked once on first use
//! (`Gazetteer::get`, a `OnceLock`) and then read in place. Lookups take a name key's hash and its bytes and
//! return the readings of that name: which entities (country, region or city) it can mean, and how.

use super::format::{self, u16_at, u32_at, Kind, NameKind};
use super::norm;
use crate::article::PlacePath;
use anyhow::{bail, ensure, Result};
use std::borrow::Cow;
use std::sync::OnceLock;

/// The shipped gazetteer file. Contains data from GeoNames (geonames.org), CC BY 4.0.
static EMBEDDED: &[u8] = include_bytes!("../../data/gazetteer.bin");

/// A checked gazetteer.
pub struct Gazetteer {
    bytes: Cow<'static, [u8]>,
    n_entities: usize,
    n_countries: usize,
    n_regions: usize,
    n_districts: usize,
    n_keys: usize,
    n_slots: usize,
    max_words: usize,
    entities: usize,
    keys: usize,
    readings: usize,
    slots: usize,
    strings: usize,
    filter: usize,
    filter_log2: u32,
}

/// One entity: a country, region or city.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entity {
    pub index: u32,
    pub population: u32,
    /// Entity index of its country (itself for a country).
    pub country: u32,
    /// Entity index of its region, if any (itself for a region).
    pub region: Option<u32>,
    pub kind: Kind,
    pub flags: u8,
    /// How widely known the place is: the number of names GeoNames gives it in other languages (saturated at 255).
    pub fame: u8,
    /// Latitude and longitude in hundredths of a degree (`format::NO_COORD` when unknown).
    pub lat: i16,
    pub lon: i16,
    /// Entity index of a town's district (county), if the gazetteer has it.
    pub district: Option<u32>,
}

impl Entity {
    /// Whether the entity's place on the map is known.
    pub fn located(&self) -> bool {
        self.lat != format::NO_COORD && self.lon != format::NO_COORD
    }

    /// Great-circle distance in kilometres (None when either place is unknown).
    pub fn distance_km(&self, other: &Entity) -> Option<f32> {
        if !self.located() || !other.located() {
            return None;
        }
        let rad = |v: i16| f32::from(v) / 100.0 * std::f32::consts::PI / 180.0;
        let (la1, lo1, la2, lo2) = (rad(self.lat), rad(self.lon), rad(other.lat), rad(other.lon));
        let h = ((la2 - la1) / 2.0).sin().powi(2)
            + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
        Some(2.0 * 6371.0 * h.sqrt().min(1.0).asin())
    }
}

/// One reading of a name: the entity it may mean (None for a blocking phrase) and how the name refers to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading {
    pub entity: Option<u32>,
    pub kind: NameKind,
}

/// A name key found in the gazetteer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyRef {
    pub index: u32,
    /// Whether a longer name starts with this one.
    pub is_prefix: bool,
    pub n_readings: u16,
    /// `format::KEY_*` flags (an English word, a given name).
    pub flags: u16,
}

impl KeyRef {
    /// The key is an ordinary English word ("surprise").
    pub fn is_word(&self) -> bool {
        self.flags & format::KEY_WORD != 0
    }

    /// The key is a given name ("david").
    pub fn is_given_name(&self) -> bool {
        self.flags & format::KEY_GIVEN != 0
    }
}

static LOADED: OnceLock<Result<Gazetteer, String>> = OnceLock::new();

impl Gazetteer {
    /// The embedded gazetteer, checked on first use. An error means the embedded file is damaged, which the
    /// regeneration test would have caught; callers degrade to "no places".
    pub fn get() -> Result<&'static Gazetteer, &'static str> {
        LOADED
            .get_or_init(|| {
                Gazetteer::from_bytes(Cow::Borrowed(EMBEDDED)).map_err(|e| format!("{e:#}"))
            })
            .as_ref()
            .map_err(String::as_str)
    }

    /// Checks a gazetteer file: header, section bounds, and every stored index, so that later reads cannot go
    /// out of bounds.
    pub fn from_bytes(bytes: Cow<'static, [u8]>) -> Result<Gazetteer> {
        let b: &[u8] = &bytes;
        ensure!(b.len() >= format::HEADER_LEN, "gazetteer: file too short");
        ensure!(&b[..4] == format::MAGIC, "gazetteer: bad magic");
        let h = |i: usize| u32_at(b, 4 * i) as usize;
        ensure!(
            h(1) == format::VERSION as usize,
            "gazetteer: version {} unsupported",
            h(1)
        );
        let (
            n_entities,
            n_countries,
            n_keys,
            n_readings,
            n_slots,
            strings_len,
            max_words,
            n_regions,
        ) = (h(2), h(3), h(4), h(5), h(6), h(7), h(8), h(9));
        let filter_log2 = h(10) as u32;
        let n_districts = h(11);
        ensure!(
            (3..=30).contains(&filter_log2),
            "gazetteer: bad filter size"
        );
        let entities = format::HEADER_LEN;
        let keys = entities + n_entities * format::ENTITY_LEN;
        let readings = keys + n_keys * format::KEY_LEN;
        let slots = readings + n_readings * format::READING_LEN;
        let strings = slots + n_slots * format::SLOT_LEN;
        let filter = strings + strings_len;
        ensure!(
            filter + (1usize << filter_log2) / 8 == b.len(),
            "gazetteer: section sizes do not add up"
        );
        ensure!(n_slots > n_keys, "gazetteer: bad hash table size");
        ensure!(
            n_countries + n_regions + n_districts <= n_entities,
            "gazetteer: bad entity counts"
        );
        let string_ok = |off: usize| -> bool {
            off + 2 <= strings_len && off + 2 + usize::from(u16_at(b, strings + off)) <= strings_len
        };
        for i in 0..n_entities {
            let o = entities + i * format::ENTITY_LEN;
            let country = usize::from(u16_at(b, o + 8));
            let region = u16_at(b, o + 10);
            let district = u16_at(b, o + 20);
            let ok = string_ok(u32_at(b, o) as usize)
                && country < n_countries
                && (region == format::NO_REGION || usize::from(region) < n_regions)
                && (district == format::NO_REGION || usize::from(district) < n_districts)
                && Kind::from_u8(b[o + 12]).is_some();
            if !ok {
                bail!("gazetteer: entity {i} is damaged");
            }
        }
        for i in 0..n_keys {
            let o = keys + i * format::KEY_LEN;
            let first = u32_at(b, o + 4) as usize;
            let n = usize::from(u16_at(b, o + 8));
            if !string_ok(u32_at(b, o) as usize) || first + n > n_readings {
                bail!("gazetteer: key {i} is damaged");
            }
        }
        for i in 0..n_readings {
            let r = u32_at(b, readings + i * format::READING_LEN);
            let e = r & 0x00FF_FFFF;
            if (e != format::NO_ENTITY && e as usize >= n_entities)
                || NameKind::from_u8((r >> 24) as u8).is_none()
            {
                bail!("gazetteer: reading {i} is damaged");
            }
        }
        let mut empty = 0;
        for i in 0..n_slots {
            let k = u32_at(b, slots + i * format::SLOT_LEN + 4) as usize;
            if k > n_keys {
                bail!("gazetteer: hash slot {i} is damaged");
            }
            empty += usize::from(k == 0);
        }
        // Probing stops at an empty slot, so there must be one.
        ensure!(empty > 0, "gazetteer: hash table is full");
        Ok(Gazetteer {
            n_entities,
            n_countries,
            n_regions,
            n_districts,
            n_keys,
            n_slots,
            max_words: max_words.max(1),
            entities,
            keys,
            readings,
            slots,
            strings,
            filter,
            filter_log2,
            bytes,
        })
    }

    fn b(&self) -> &[u8] {
        &self.bytes
    }

    fn string_bytes(&self, off: u32) -> &[u8] {
        let o = self.strings + off as usize;
        let len = usize::from(u16_at(self.b(), o));
        &self.b()[o + 2..o + 2 + len]
    }

    fn string(&self, off: u32) -> &str {
        std::str::from_utf8(self.string_bytes(off)).unwrap_or("")
    }

    /// Whether some name starts with the word of this hash (`norm::fnv` of the folded word). False means
    /// certainly not; true means look it up.
    #[inline]
    pub fn may_start_name(&self, word_hash: u64) -> bool {
        let bit = format::filter_bit(format::mix(word_hash), self.filter_log2);
        self.b()[self.filter + bit / 8] & (1 << (bit % 8)) != 0
    }

    pub fn n_entities(&self) -> usize {
        self.n_entities
    }

    pub fn n_countries(&self) -> usize {
        self.n_countries
    }

    pub fn n_keys(&self) -> usize {
        self.n_keys
    }

    /// The most words any name has: the matcher never tries longer phrases.
    pub fn max_words(&self) -> usize {
        self.max_words
    }

    /// Size of the checked file in bytes.
    pub fn size(&self) -> usize {
        self.bytes.len()
    }

    /// Looks a key up by its FNV-1a hash (`norm::fnv`) and its folded bytes.
    #[inline]
    pub fn lookup_hashed(&self, hash: u64, key: &[u8]) -> Option<KeyRef> {
        self.lookup_hashed_by(hash, |stored| stored == key)
    }

    /// Looks a key up by its hash; `same` tells whether a stored key with that hash is the one wanted (the
    /// matcher compares word by word without building the phrase).
    #[inline]
    pub fn lookup_hashed_by(&self, hash: u64, same: impl Fn(&[u8]) -> bool) -> Option<KeyRef> {
        let b = self.b();
        let hash = format::mix(hash);
        let tag = hash as u32;
        let mut s = format::slot_of(hash, self.n_slots);
        loop {
            let o = self.slots + s * format::SLOT_LEN;
            let k = u32_at(b, o + 4);
            if k == 0 {
                return None;
            }
            if u32_at(b, o) == tag {
                let idx = k - 1;
                let ko = self.keys + idx as usize * format::KEY_LEN;
                if same(self.string_bytes(u32_at(b, ko))) {
                    let flags = u16_at(b, ko + 10);
                    return Some(KeyRef {
                        index: idx,
                        is_prefix: flags & format::KEY_PREFIX != 0,
                        n_readings: u16_at(b, ko + 8),
                        flags,
                    });
                }
            }
            s = if s + 1 == self.n_slots { 0 } else { s + 1 };
        }
    }

    /// Looks up a name as written (folded here).
    pub fn lookup(&self, name: &str) -> Option<KeyRef> {
        let key = norm::key(name);
        self.lookup_hashed(norm::hash_key(&key), key.as_bytes())
    }

    /// The readings of a key.
    pub fn readings(&self, key: KeyRef) -> impl Iterator<Item = Reading> + '_ {
        let ko = self.keys + key.index as usize * format::KEY_LEN;
        let first = u32_at(self.b(), ko + 4) as usize;
        (first..first + usize::from(key.n_readings)).map(move |i| {
            let r = u32_at(self.b(), self.readings + i * format::READING_LEN);
            let e = r & 0x00FF_FFFF;
            Reading {
                entity: (e != format::NO_ENTITY).then_some(e),
                kind: NameKind::from_u8((r >> 24) as u8).unwrap_or(NameKind::Alt),
            }
        })
    }

    /// The folded text of a key.
    pub fn key_text(&self, key: KeyRef) -> &str {
        self.string(u32_at(
            self.b(),
            self.keys + key.index as usize * format::KEY_LEN,
        ))
    }

    #[inline]
    pub fn entity(&self, index: u32) -> Entity {
        let o = self.entities + index as usize * format::ENTITY_LEN;
        // One bounds check for the whole record, then plain field reads.
        let r: [u8; format::ENTITY_LEN] = self.b()[o..o + format::ENTITY_LEN]
            .try_into()
            .unwrap_or([0; format::ENTITY_LEN]);
        let region = u16::from_le_bytes([r[10], r[11]]);
        let district = u16::from_le_bytes([r[20], r[21]]);
        Entity {
            index,
            population: u32::from_le_bytes([r[4], r[5], r[6], r[7]]),
            country: u32::from(u16::from_le_bytes([r[8], r[9]])),
            region: (region != format::NO_REGION)
                .then(|| (self.n_countries + usize::from(region)) as u32),
            kind: Kind::from_u8(r[12]).unwrap_or(Kind::City),
            flags: r[13],
            fame: r[14],
            lat: i16::from_le_bytes([r[16], r[17]]),
            lon: i16::from_le_bytes([r[18], r[19]]),
            district: (district != format::NO_REGION)
                .then(|| (self.n_countries + self.n_regions + usize::from(district)) as u32),
        }
    }

    /// The display name of an entity (GeoNames' name).
    pub fn name(&self, index: u32) -> &str {
        self.string(u32_at(
            self.b(),
            self.entities + index as usize * format::ENTITY_LEN,
        ))
    }

    /// The `/Country/Region/City` path of an entity. A district (county) is filed under its region: paths have
    /// three levels, and a county is not a city.
    pub fn path(&self, index: u32) -> PlacePath {
        let e = self.entity(index);
        let mut parts: Vec<&str> = vec![self.name(e.country)];
        match e.kind {
            Kind::Country => {}
            Kind::Region => parts.push(self.name(index)),
            Kind::District => {
                if let Some(r) = e.region {
                    parts.push(self.name(r));
                }
            }
            Kind::City => {
                if let Some(r) = e.region {
                    parts.push(self.name(r));
                }
                parts.push(self.name(index));
            }
        }
        PlacePath::new(parts)
    }

    /// The entity a path names: a district's region, else the entity itself.
    pub fn filed_as(&self, index: u32) -> u32 {
        let e = self.entity(index);
        match (e.kind, e.region) {
            (Kind::District, Some(r)) => r,
            (Kind::District, None) => e.country,
            _ => index,
        }
    }

    /// What an entity is, for explanations: "capital, 2,138,551 people, named in 107 languages".
    pub fn describe(&self, index: u32) -> String {
        let e = self.entity(index);
        let kind = match e.kind {
            Kind::Country => "country".to_string(),
            Kind::Region => "region".to_string(),
            Kind::District => format!("county or district {}", self.name(index)),
            Kind::City if e.flags & format::FLAG_CAPITAL != 0 => "capital".to_string(),
            Kind::City if e.flags & format::FLAG_SECTION != 0 => "part of a city".to_string(),
            Kind::City => "town".to_string(),
        };
        let mut digits = e.population.to_string();
        let mut i = digits.len();
        while i > 3 {
            i -= 3;
            digits.insert(i, ',');
        }
        let mut out = format!("{kind}, {digits} people");
        if e.kind == Kind::City {
            out.push_str(&format!(", named in {} other languages", e.fame));
        }
        out
    }

    /// Whether `index` is `ancestor` or lies inside it.
    pub fn within(&self, index: u32, ancestor: u32) -> bool {
        let e = self.entity(index);
        index == ancestor
            || e.country == ancestor
            || e.region == Some(ancestor)
            || e.district == Some(ancestor)
    }

    /// Number of districts (counties; the entities after the regions).
    pub fn n_districts(&self) -> usize {
        self.n_districts
    }

    /// Number of regions (entities `n_countries .. n_countries + n_regions`).
    pub fn n_regions(&self) -> usize {
        self.n_regions
    }
}
