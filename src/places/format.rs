//! The binary layout of the shipped gazetteer (`data/gazetteer.bin`), shared by the generator that writes it and
//! the loader that reads it. Everything is little-endian and fixed-size so that loading is a bounds check of the
//! sections and nothing else: the hash table of name keys is built by the generator, not at start-up.
//!
//! ```text
//! header   12 × u32: magic "DLGZ", version, n_entities, n_countries, n_keys, n_readings, n_slots,
//!                    strings_len, max_words, n_regions, filter_bits_log2, n_districts
//! entities n_entities × 24 B: name u32 (string offset), population u32, country u16, region u16, kind u8,
//!                    flags u8, fame u8, reserved u8, latitude i16, longitude i16 (hundredths of a degree,
//!                    NO_COORD when unknown), district u16 (a town's county, NO_REGION if none), reserved u16.
//!                    Countries first, then regions, then districts, then cities.
//! keys     n_keys × 12 B: key u32 (string offset), first reading u32, n_readings u16, key flags u16
//! readings n_readings × u32: entity index (low 24 bits) | name kind << 24
//! slots    n_slots × 8 B: low 32 bits of the key's mixed FNV-1a hash u32, key index + 1 u32 (0 = empty)
//! strings  strings_len B: each string is a u16 length and UTF-8 bytes
//! filter   2^filter_bits_log2 bits: bit (mixed >> (64 - log2)) is set for the mixed FNV hash of every key's first word
//! ```
//!
//! The filter lets the matcher skip, from a small cache-friendly bitset, the capitalized words that start no name
//! (most of them) without touching the large hash table.
//!
//! Keys are sorted; readings of a key are sorted by entity. Slots are an open-addressing table (linear probing,
//! starting at `slot_of(hash)`, load factor 0.6), so a lookup is one hash and usually one or two probes.

pub const MAGIC: &[u8; 4] = b"DLGZ";
pub const VERSION: u32 = 4;
/// Size of the first-word filter: 2^21 bits (256 KiB).
pub const FILTER_BITS_LOG2: u32 = 21;
pub const HEADER_LEN: usize = 12 * 4;
pub const ENTITY_LEN: usize = 24;
pub const KEY_LEN: usize = 12;
pub const READING_LEN: usize = 4;
pub const SLOT_LEN: usize = 8;

/// `region` of an entity that has none (countries, and cities whose admin1 code GeoNames does not name).
pub const NO_REGION: u16 = u16::MAX;
/// Latitude and longitude of an entity whose place is unknown (a district without towns in the input).
pub const NO_COORD: i16 = i16::MIN;
/// Entity index of a blocking phrase's reading: the phrase is matched but names no place.
pub const NO_ENTITY: u32 = 0x00FF_FFFF;

/// What an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Country = 0,
    /// A first-level subdivision (a state, a province, England).
    Region = 1,
    /// A second-level subdivision (a county, a parish, a district): filed under its region in paths.
    District = 2,
    City = 3,
}

impl Kind {
    pub fn from_u8(v: u8) -> Option<Kind> {
        match v {
            0 => Some(Kind::Country),
            1 => Some(Kind::Region),
            2 => Some(Kind::District),
            3 => Some(Kind::City),
            _ => None,
        }
    }
}

/// Entity flags (cities): what GeoNames' feature code says about importance.
pub const FLAG_CAPITAL: u8 = 1;
pub const FLAG_ADMIN1_SEAT: u8 = 2;
pub const FLAG_ADMIN2_SEAT: u8 = 4;
/// A section of a populated place (a borough or district: `Queens`, `Tottenham`).
pub const FLAG_SECTION: u8 = 8;

/// How a name refers to its entity; smaller is a stronger name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NameKind {
    /// The GeoNames name, its ASCII form, or a country's official or common name.
    Name = 0,
    /// A hand-kept short form (`Britain`, `Ivory Coast`, `Republic of Dagestan`).
    Short = 1,
    /// A GeoNames alternate name.
    Alt = 2,
    /// An abbreviation that counts only when written in capitals (`US`, `U.K.`, `UAE`).
    Abbrev = 3,
    /// An adjective or demonym (`Russian`, `Syrians`).
    Demonym = 4,
    /// A blocking phrase: matched, names nothing.
    Block = 5,
    /// A region abbreviation that counts only as a qualifier after a comma ("London, Ky.").
    Qualifier = 6,
}

impl NameKind {
    pub fn from_u8(v: u8) -> Option<NameKind> {
        match v {
            0 => Some(NameKind::Name),
            1 => Some(NameKind::Short),
            2 => Some(NameKind::Alt),
            3 => Some(NameKind::Abbrev),
            4 => Some(NameKind::Demonym),
            5 => Some(NameKind::Block),
            6 => Some(NameKind::Qualifier),
            _ => None,
        }
    }
}

/// Key flag: a longer key starts with this one followed by a space, so the matcher should keep extending.
pub const KEY_PREFIX: u16 = 1;
/// Key flag: the key is an ordinary English word ("surprise", "hit", `data/english-words.txt`).
pub const KEY_WORD: u16 = 2;
/// Key flag: the key is a given name of people ("david", "kanye", `data/given-names.txt`).
pub const KEY_GIVEN: u16 = 4;

/// Spreads FNV's bits (its high bits differ little between similar short keys, which made long probe runs):
/// the 64-bit finalizer of MurmurHash3. Every use of a key hash in the file goes through it.
#[inline]
pub fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The bit of the first-word filter for a word's (mixed) hash.
#[inline]
pub fn filter_bit(mixed: u64, log2: u32) -> usize {
    (mixed >> (64 - log2)) as usize
}

/// The first slot to probe for a (mixed) hash: the hash scaled to the table size (no power-of-two size needed).
#[inline]
pub fn slot_of(mixed: u64, n_slots: usize) -> usize {
    ((u128::from(mixed) * n_slots as u128) >> 64) as usize
}

#[inline]
pub fn u16_at(b: &[u8], off: usize) -> u16 {
    u16::from_le_bytes([b[off], b[off + 1]])
}

#[inline]
pub fn u32_at(b: &[u8], off: usize) -> u32 {
    u32::from_le_bytes([b[off], b[off + 1], b[off + 2], b[off + 3]])
}
