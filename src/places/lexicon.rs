//! The word lists the geoparser's rules use, kept in one place. Every entry is a folded key (lower case, no
//! diacritics, see `norm::key`); `classes` answers for all lists with one lookup. The rules that read them live in
//! `evidence.rs` (`verdict`); the place-name tables (short forms, demonyms, blocking phrases such as "Washington
//! Post" or "Islamic State") live in `tables.rs`.
//!
//! - `COMMON_WORDS`: place names that are ordinary English words ("Reading", "Nice", "Mobile", "Split", "Police").
//!   A capitalized one counts as a place only with evidence: a dateline, a locative before it ("in Reading"), a
//!   qualifier after it ("Nice, France"), a type word ("Reading borough"), or — as the subject of a sentence or in
//!   mid-sentence — another place of its region or country in the article. Never when a capitalized word joins
//!   it ("Reading Festival") or "of" follows ("University of ..."). GeoNames *alternate* names on this list are
//!   dropped by the generator.
//! - `CALENDAR`: months, weekdays and holidays that are also towns ("March", "Sunday"): only a dateline or a
//!   qualifier makes them places ("in March" is a date).
//! - `GENERIC_WORDS`: a name made only of these ("Central", "North West", "Far North") is a region somewhere only
//!   when qualified or typed.
//! - `PERSON_NAMES`: places that are just as often people's names ("Jordan", "Chad", "Georgia", "Victoria",
//!   "Houston"). Rejected next to another capitalized word that is neither a place nor a role word ("Michael
//!   Jordan", "Paris Hilton" — that rule covers every town) or after an honorific ("Mr. Chad"); and one sense per
//!   article: once "Fidel Castro" is a person, "Castro" is him throughout.
//! - `PERSON_FIRST`: of those, the ones that need a locative or another place of their country before they count
//!   ("Georgia said", "Jordan scored").
//! - `SURNAMES`: places named like people constantly in the news ("Obama", "Bush"): only a qualifier makes them
//!   places.
//! - `HONORIFICS`, `ROLE_WORDS`, `FUNCTION_WORDS`, `LOCATIVES`, `CONNECTORS`, `REGION_TYPES`, `AREA_TYPES`,
//!   `CITY_TYPES`: the context words the rules look at (see each list).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// FNV-1a as a `Hasher`: the lists are looked up for every name found, and SipHash costs more than these short
/// words deserve (no untrusted keys are inserted, so hash flooding is not a concern).
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        if self.0 == 0 {
            self.0 = super::norm::FNV_START;
        }
        self.0 = super::norm::fnv(self.0, bytes);
    }
}

/// Place names that are ordinary words: need evidence (see module doc).
#[rustfmt::skip]
pub const COMMON_WORDS: &[&str] = &[
    // Ordinary words that are also towns somewhere.
    "reading", "nice", "mobile", "split", "of", "man", "police", "bath", "best", "union", "independence", "hope",
    "deal", "gold", "page", "orange", "sale", "street", "wells", "normal", "price", "liberty", "enterprise",
    "commerce", "industry", "security", "bell", "mission", "opportunity", "paradise", "harmony", "unity",
    "progress", "victory", "freedom", "justice", "faith", "concord", "providence", "trinity", "temple", "palm",
    "glory", "bridge", "bay", "beach", "park", "hill", "green", "white", "black", "brown", "young", "long", "march",
    "will", "much", "more", "most", "even", "still", "sandwich", "wedding", "deal", "marathon", "buy", "sign",
    "sale", "cost", "rush", "rock", "stone", "mountain", "river", "valley", "lake", "ocean", "north", "south",
    "east", "west", "central", "western", "eastern", "northern", "southern", "university", "college", "school",
    "church", "hospital", "airport", "station", "court", "house", "state", "city", "town", "village", "county",
    "center", "centre", "hall", "tower", "castle", "fort", "port", "market", "square", "garden", "gardens", "bank",
    "banks", "post", "times", "globe", "star", "sun", "mirror", "express", "herald", "tribune", "guardian",
    "independent", "observer", "standard", "telegraph", "chronicle", "journal", "gazette", "republic", "kingdom",
    "empire", "federal", "national", "royal", "capital", "general", "captain", "major", "colonel", "sergeant",
    "mayor", "governor", "president", "premier", "minister", "chancellor", "senator", "king", "queen", "prince",
    "princess", "lord", "lady", "sir", "saint", "san", "santa", "bishop", "pope", "dean", "chief", "judge",
    "marshal", "sheriff", "officer", "agent", "doctor", "nurse", "professor", "trump", "gate", "gates", "wall",
    "walls", "field", "fields", "wood", "woods", "forest", "grove", "spring", "springs", "summer", "winter",
    "autumn", "fall", "rain", "snow", "storm", "wind", "fire", "water", "ice", "salt", "sugar", "coffee", "tea",
    "rice", "corn", "wheat", "cotton", "oil", "gas", "coal", "iron", "steel", "silver", "copper", "tin", "lead",
    "zinc", "nickel", "diamond", "crystal", "pearl", "ruby", "amber", "ash", "oak", "pine", "cedar", "maple", "elm",
    "birch", "rose", "lily", "ivy", "violet", "jasmine", "poppy", "holly", "bay", "cape", "island", "islands",
    "isle", "point", "head", "mouth", "falls", "heights", "plains", "mills", "mill", "ford", "ferry", "haven",
    "harbor", "harbour", "landing", "crossing", "junction", "cross", "corner", "corners", "ridge", "rocks", "sands",
    "shore", "shores", "cliff", "cliffs", "view", "vista", "mesa", "canyon", "delta", "alpha", "omega", "zion",
    "eden", "goshen", "bethel", "canaan", "shiloh", "gilead", "sodom", "marathon", "arcadia", "utopia", "atlantis",
    "avalon", "camelot", "shangri la", "el dorado", "eldorado", "ophir", "content", "value", "worth", "rich",
    "poor", "grand", "little", "big", "great", "old", "new", "good", "bad", "fair", "fairfax", "plain", "plainview",
    "pleasant", "mount pleasant", "friendship", "welcome", "lucky", "happy", "joy", "love", "peace", "charity",
    "grace", "mercy", "patience", "prudence", "temperance", "honor", "honour", "loyal", "royalty", "nobility",
    "noble", "sterling", "pound", "dollar", "euro", "yen", "franc", "mark", "ruble", "rupee", "peso", "real",
    "rand", "lira", "dinar", "riyal", "won", "yuan", "crown", "media", "vista", "lane", "drive", "avenue", "road",
    "way", "place", "terrace", "close", "row", "walk", "along", "across", "under", "over", "above", "below",
    "before", "after", "during", "until", "since", "while", "ok", "okay", "yes", "no", "not", "also", "only",
    "just", "very", "too", "so", "such", "same", "other", "another", "each", "every", "all", "any", "some", "many",
    "few", "both", "either", "neither", "none", "one", "two", "three", "four", "five", "six", "seven", "eight",
    "nine", "ten", "hundred", "thousand", "million", "billion", "first", "second", "third", "last", "next", "later",
    "early", "late", "soon", "now", "today", "tonight", "yesterday", "tomorrow", "week", "month", "year", "day",
    "night", "morning", "evening", "noon", "midnight", "dawn", "dusk", "time", "times", "hour", "minute", "moment",
    "period", "era", "age", "cable", "energy", "power", "force", "forces", "army", "navy", "marine", "marines",
    "guard", "guards", "soldier", "soldiers", "troops", "militia", "rebels", "rebel", "attack", "strike", "bomb",
    "blast", "killing", "murder", "crime", "victim", "victims", "hostage", "hostages", "prison", "jail", "trial",
    "office", "department", "ministry", "agency", "bureau", "council", "committee", "commission", "board",
    "company", "corporation", "group", "team", "club", "party", "movement", "front", "alliance", "league",
    "association", "society", "institute", "foundation", "fund", "trust", "network", "service", "services", "press",
    "news", "radio", "television", "media", "online", "web", "internet", "social", "public", "private", "official",
    "officials", "people", "person", "man", "woman", "men", "women", "child", "children", "boy", "girl", "family",
    "friend", "friends", "home", "house", "room", "door", "window", "car", "bus", "train", "plane", "ship", "boat",
    "truck", "taxi", "metro", "subway", "tram", "bike", "ladysmith", "manhattan beach", "goodwill", "welfare",
    "plenty", "success", "triumph", "eureka", "chance", "fortune", "luck", "destiny", "fate", "dream", "dreams",
    "vision", "wonder", "magic", "mystic", "marvel", "mars", "venus", "mercury", "jupiter", "saturn", "neptune",
    "pluto", "orion", "apollo", "atlas", "titan", "griffin", "dragon", "eagle", "hawk", "falcon", "raven", "crow",
    "swan", "bison", "elk", "deer", "moose", "bear", "wolf", "fox", "lion", "tiger", "leopard", "panther", "jaguar",
    "cougar", "puma", "lynx", "bobcat", "coyote", "beaver", "otter", "mink", "badger", "rabbit", "hare", "squirrel",
    "mouse", "rat", "bat", "owl", "chicken", "goose", "duck", "pigeon", "dove", "robin", "sparrow", "finch", "wren",
    "lark", "cardinal", "oriole", "jay", "magpie", "salmon", "trout", "bass", "pike", "perch", "cod", "herring",
    "tuna", "shark", "whale", "dolphin", "male", "female",
];

/// Calendar words that are also towns ("March", "Sunday"): capitalized in any sentence and after "in", so only a
/// dateline or a qualifier ("March, Cambridgeshire") makes them places.
#[rustfmt::skip]
pub const CALENDAR: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "christmas", "easter",
];

/// Words that make up generic region names ("Central", "North West", "Southern District", "Coast"): a name made
/// only of these is treated like a common word.
#[rustfmt::skip]
pub const GENERIC_WORDS: &[&str] = &[
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "centre", "center",
    "middle", "upper", "lower", "northeast", "northwest", "southeast", "southwest", "north-east", "coast",
    "coastal", "lakes", "lake", "plateau", "highlands", "lowlands", "islands", "island", "capital", "district",
    "region", "province", "territory", "littoral", "mountain", "mountains", "river", "rivers", "valley", "savannah",
    "savanes", "lagoons", "lagunes", "forest", "interior", "metropolitan", "federal", "special", "city", "area",
    "urban", "rural", "greater", "inner", "outer", "border", "frontier", "new", "great", "little", "grand", "of",
    "the", "and", "sea", "bay", "gulf", "delta", "eastern-north", "western-north", "hills", "plains", "peninsula",
    "midlands", "ouest", "nord", "sud", "norte", "oeste",
];

/// Place names that are also common given names or surnames of people (see module doc).
#[rustfmt::skip]
pub const PERSON_NAMES: &[&str] = &[
    "jordan", "chad", "florence", "victoria", "georgia", "austin", "houston", "charlotte", "regina", "sydney",
    "eugene", "troy", "tyler", "lincoln", "orlando", "aurora", "madison", "dallas", "kent", "jackson", "hamilton",
    "washington", "lafayette", "marion", "beverly", "chester", "norman", "warren", "vernon", "douglas", "lawrence",
    "stanley", "sherman", "franklin", "jefferson", "monroe", "logan", "carson", "milton", "nelson", "preston",
    "murray", "wayne", "albert", "adelaide", "elizabeth", "augusta", "savannah", "bolivar", "quincy", "tracy",
    "shelby", "kingston", "clinton", "harrison", "wilson", "taylor", "johnson", "davis", "lewis", "allen",
    "raleigh", "salisbury", "cameron", "bradley", "stuart", "wellington", "burlington", "winston", "ashley",
    "camden", "cheyenne", "dayton", "gary", "howard", "lynn", "mesa", "pierre", "ramsey", "sidney", "spencer",
    "warwick", "whitney", "hudson", "morgan", "parker", "ross", "scott", "hunter", "mason", "ellis", "bailey",
    "kelly", "grant", "holland", "chelsea", "camilla", "diana", "irving", "leon", "gloucester",
];

/// Person names that are also countries or small places: without strong evidence ("in Jordan") or another
/// place of the same country in the article, they are people ("Georgia said", "Jordan scored").
#[rustfmt::skip]
pub const PERSON_FIRST: &[&str] = &[
    "jordan", "chad", "georgia", "florence", "charlotte", "regina", "victoria", "madison", "lincoln", "troy",
    "tyler", "eugene", "aurora", "marion", "beverly", "chester", "norman", "warren", "vernon", "douglas",
    "lawrence", "stanley", "sherman", "franklin", "jefferson", "monroe", "logan", "carson", "milton", "nelson",
    "preston", "murray", "wayne", "albert", "elizabeth", "augusta", "shelby", "tracy", "quincy", "whitney",
    "ashley", "camilla", "diana", "irving", "leon", "sidney", "spencer", "morgan", "parker", "ross", "scott",
    "hunter", "mason", "ellis", "bailey", "kelly", "grant", "harrison", "wilson", "taylor", "johnson", "davis",
    "lewis", "allen", "cameron", "bradley", "stuart", "howard", "lynn", "ramsey", "gary", "pierre", "winston",
];

/// Places that are surnames of people constantly in the news: need evidence like common words.
#[rustfmt::skip]
pub const SURNAMES: &[&str] = &[
    "obama", "bush", "trump", "putin", "merkel", "blair", "churchill", "kerry", "biden",
    // Companies named after their home towns, far more often the company in news.
    "toyota", "nokia", "hitachi",
];

/// Words before a name that make it a person's name ("Mr. Jordan", "President Obama").
#[rustfmt::skip]
pub const HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lady", "lord", "president", "senator", "sen", "rep",
    "representative", "gov", "governor", "king", "queen", "prince", "princess", "judge", "justice", "general",
    "gen", "col", "colonel", "capt", "captain", "sgt", "sergeant", "lt", "lieutenant", "officer", "coach", "rev",
    "reverend", "father", "pope", "saint", "st", "minister", "secretary", "chancellor", "mayor", "professor",
    "prof", "detective", "constable", "agent", "uncle", "aunt", "brother", "sister", "actor", "actress", "singer",
    "star", "player", "striker", "quarterback", "guard", "forward", "defender", "midfielder",
];

/// Capitalized words that may follow a place name without making it part of an organisation's or a person's
/// name: roles and institutions of the place ("Moscow Mayor", "Texas Governor", "Syrian Army").
#[rustfmt::skip]
pub const ROLE_WORDS: &[&str] = &[
    "president", "prime", "minister", "ministers", "ministry", "foreign", "defense", "defence", "interior",
    "finance", "trade", "economy", "economic", "governor", "mayor", "mayors", "premier", "police", "army", "navy",
    "air", "military", "forces", "force", "troops", "government", "parliament", "congress", "senate", "senator",
    "senators", "state", "province", "provincial", "region", "regional", "city", "county", "district", "council",
    "court", "supreme", "high", "embassy", "ambassador", "consulate", "consul", "president-elect", "officials",
    "official", "authorities", "authority", "department", "office", "agency", "central", "national", "federal",
    "republic", "federation", "kingdom", "islamic", "democratic", "people", "peoples", "opposition", "leader",
    "leaders", "king", "queen", "crown", "prince", "emir", "sultan", "sheikh", "coast", "border", "capital",
    "airport", "port", "market", "markets", "central", "international", "investigative",
    "committee", "security", "intelligence", "special", "emergency", "health", "education", "attorney", "general",
    "justice", "public", "national", "guard", "fire", "rescue", "transit", "metro", "football", "soccer", "team",
    "squad", "olympic", "games", "open", "grand", "prix", "citizens", "residents", "people",
    "voters", "election", "elections", "referendum", "campaign", "party", "president's", "church", "orthodox",
    "catholic", "muslim", "muslims", "jewish", "christian", "christians", "dollar", "pound", "franc", "mark",
    "ruble", "rouble", "yen", "rupee", "peso", "won", "yuan", "crude", "oil", "gas", "wheat", "corn", "soybean",
    "soybeans", "sugar", "coffee", "cocoa", "cotton", "grain", "bank", "banks", "banking", "treasury", "budget",
    "tax", "taxes", "bonds", "bond", "shares", "stocks", "time", "gmt", "edt", "est", "pst", "cst", "utc", "gov",
    "sen", "rep", "lt",
];

/// Capitalized words after a place name that make it part of an organisation's, event's or street's name
/// ("Lansdowne Road", "Davis Cup", "Frankfurt Stock Exchange", "Ohio University", "Leeds United"): that mention
/// is no place (the place's other mentions still count).
#[rustfmt::skip]
pub const ORG_WORDS: &[&str] = &[
    "road", "street", "avenue", "lane", "boulevard", "cup", "trophy", "university", "college", "school", "academy",
    "institute", "hospital", "united", "rovers", "wanderers", "athletic", "stock", "exchange", "zoo", "museum",
    "stadium", "arena", "festival", "marathon", "speedway", "review", "times", "post", "herald", "tribune",
    "gazette", "journal", "chronicle", "airlines", "airways", "club", "society", "foundation", "association",
    "tech", "symphony", "orchestra", "cathedral", "inc", "corp", "corporation", "company", "ltd", "plc", "group",
];

/// Lower-case words a place name takes after a hyphen and stays a place ("Paris-based", "London-born").
#[rustfmt::skip]
pub const PLACE_SUFFIXES: &[&str] = &[
    "based", "born", "bound", "area", "style", "era", "led", "backed", "run", "owned", "made", "linked", "listed",
    "registered", "headquartered", "flagged", "wide", "region", "raised", "bred", "educated", "trained", "native",
    "centric", "focused", "level", "class", "type", "origin", "made",
];

/// Compass words: after a given name they are a surname ("Kanye West").
#[rustfmt::skip]
pub const COMPASS_WORDS: &[&str] = &["north", "south", "east", "west"];

/// Lower-case words that may stand inside a multi-word name ("Rio de Janeiro", "Newcastle upon Tyne").
#[rustfmt::skip]
pub const CONNECTORS: &[&str] = &[
    "of", "the", "de", "del", "della", "la", "le", "les", "du", "des", "da", "do", "dos", "das", "di", "el", "al",
    "upon", "on", "am", "an", "der", "den", "y", "e", "i", "sur", "en", "im", "bei", "ob", "and", "in", "au", "aux",
    "lo", "los", "las", "van", "von", "op", "aan", "ter", "ten", "bin", "ibn", "s", "d", "l",
];

/// Prepositions after which a capitalized name is a place ("in Reading", "from Nice").
#[rustfmt::skip]
pub const LOCATIVES: &[&str] = &[
    "in", "at", "from", "near", "to", "outside", "around", "across", "into", "via", "throughout", "towards",
    "toward", "inside", "within", "between", "visit", "visited", "visiting", "leave", "left", "reach", "reached",
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "downtown", "suburban",
    "central", "northern", "southern", "eastern", "western", "based",
];

/// Function words and other words that start sentences: a capitalized one before a name is not part of it.
#[rustfmt::skip]
pub const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "in", "on", "at", "of", "to", "for", "from", "by", "with", "and", "but", "or", "nor", "so",
    "yet", "if", "as", "when", "while", "after", "before", "since", "until", "because", "although", "though",
    "where", "whether", "that", "this", "these", "those", "it", "its", "he", "she", "they", "we", "i", "you", "his",
    "her", "their", "our", "my", "your", "there", "here", "then", "now", "also", "even", "still", "meanwhile",
    "however", "but", "and", "last", "next", "both", "many", "most", "some", "all", "every", "each", "no", "not",
    "only", "just", "about", "like", "unlike", "despite", "during", "under", "over", "across", "through", "into",
    "onto", "upon", "within", "without", "between", "among", "against", "toward", "towards", "near", "outside",
    "inside", "beyond", "around", "throughout", "via", "per", "than", "what", "which", "who", "whom", "whose",
    "why", "how", "is", "was", "are", "were", "be", "been", "has", "have", "had", "will", "would", "can", "could",
    "should", "may", "might", "must", "shall", "did", "does", "do", "said", "says", "say", "told", "tell",
    "according", "read", "see", "watch", "more", "breaking", "update", "updated", "exclusive", "live", "video",
    "photos", "photo", "analysis", "opinion", "comment", "editorial", "report", "reports", "news", "new", "former",
    "late", "early", "other", "another", "such", "several", "few", "one", "two", "three", "four", "five", "six",
    "seven", "eight", "nine", "ten", "first", "second", "third", "north", "south", "east", "west", "northern",
    "southern", "eastern", "western", "central", "greater", "upper", "lower", "downtown", "metro", "suburban",
    "rural", "coastal", "neighboring", "neighbouring", "nearby", "occupied", "war-torn", "mainland", "continental",
    "ancient", "modern", "old", "today", "yesterday", "tomorrow", "tonight", "earlier", "later", "recently",
    "already", "again",
];

/// Words after a name that say it is a first-level region ("Idlib province", "Moscow Oblast" is in GeoNames).
#[rustfmt::skip]
pub const REGION_TYPES: &[&str] = &[
    "province", "provinces", "state", "region", "governorate", "oblast", "krai", "kray", "prefecture", "county",
    "department", "territory", "republic", "emirate", "canton", "voivodeship", "land",
];

/// Of the region words, those that name an area a town is not ("Fulton County", "Cagayan province", "Sacramento
/// State", "Weimar Republic"): after a name with no region reading they make it no place at all. "Region", "land"
/// and the like are left out: "the Peshawar region" is about Peshawar.
#[rustfmt::skip]
pub const AREA_TYPES: &[&str] = &[
    "county", "counties", "province", "provinces", "prefecture", "state", "republic", "department",
];

/// Words after a name that say it is a city ("Quebec City" is in GeoNames; "the city of X" precedes).
#[rustfmt::skip]
pub const CITY_TYPES: &[&str] = &[
    "city", "town", "village", "capital", "municipality", "township", "borough",
];

/// Bits of `classes`: which lists a word is on.
pub const COMMON: u16 = 1;
pub const CAL: u16 = 1 << 1;
pub const GENERIC: u16 = 1 << 2;
pub const PERSON: u16 = 1 << 3;
pub const PERSON_STRICT: u16 = 1 << 4;
pub const SURNAME: u16 = 1 << 5;
pub const HONORIFIC: u16 = 1 << 6;
pub const ROLE: u16 = 1 << 7;
pub const CONNECTOR: u16 = 1 << 8;
pub const LOCATIVE: u16 = 1 << 9;
pub const FUNCTION: u16 = 1 << 10;
pub const REGION_TYPE: u16 = 1 << 11;
pub const CITY_TYPE: u16 = 1 << 12;
pub const AREA_TYPE: u16 = 1 << 13;
pub const ORG: u16 = 1 << 14;
pub const COMPASS: u16 = 1 << 15;

/// Whether a lower-case word after a hyphen keeps a place a place ("Paris-based").
pub fn is_place_suffix(word: &str) -> bool {
    PLACE_SUFFIXES.contains(&word)
}

type Map = HashMap<&'static str, u16, BuildHasherDefault<Fnv>>;

/// Every list in one map, so that one lookup answers every question about a word.
fn map() -> &'static Map {
    static MAP: OnceLock<Map> = OnceLock::new();
    MAP.get_or_init(|| {
        let lists: [(&[&str], u16); 16] = [
            (COMMON_WORDS, COMMON),
            (CALENDAR, CAL),
            (GENERIC_WORDS, GENERIC),
            (PERSON_NAMES, PERSON),
            (PERSON_FIRST, PERSON | PERSON_STRICT),
            (SURNAMES, SURNAME),
            (HONORIFICS, HONORIFIC),
            (ROLE_WORDS, ROLE),
            (CONNECTORS, CONNECTOR),
            (LOCATIVES, LOCATIVE),
            (FUNCTION_WORDS, FUNCTION),
            (REGION_TYPES, REGION_TYPE),
            (CITY_TYPES, CITY_TYPE),
            (AREA_TYPES, AREA_TYPE),
            (ORG_WORDS, ORG),
            (COMPASS_WORDS, COMPASS),
        ];
        let mut m = Map::default();
        for (list, bit) in lists {
            for w in list {
                *m.entry(w).or_insert(0) |= bit;
            }
        }
        m
    })
}

/// The lists a folded word or key is on, as `COMMON | PERSON | ...` bits (0 when none).
#[inline]
pub fn classes(key: &str) -> u16 {
    map().get(key).copied().unwrap_or(0)
}

/// Whether a folded key is made only of generic words ("north west", "central region").
pub fn is_generic_name(key: &str) -> bool {
    key.split(' ').all(|w| classes(w) & GENERIC != 0)
}

/// Whether a key is a word more often than a place: common words, calendar words, generic region names, surnames.
pub fn is_wordlike(key: &str) -> bool {
    classes(key) & (COMMON | CAL | SURNAME) != 0 || is_generic_name(key)
}

macro_rules! lookup {
    ($fn_name:ident, $bit:ident) => {
        #[doc = concat!("Whether a folded word is on the list of `", stringify!($bit), "`.")]
        #[inline]
        pub fn $fn_name(key: &str) -> bool {
            classes(key) & $bit != 0
        }
    };
}

lookup!(is_connector, CONNECTOR);
lookup!(is_region_type, REGION_TYPE);
lookup!(is_function_word, FUNCTION);
lookup!(is_city_type, CITY_TYPE);
lookup!(is_area_type, AREA_TYPE);
