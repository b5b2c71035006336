//! Which JSON key or CSV column holds what: the names common news exports use (news-please, newspaper, Common
//! Crawl news, NewsAPI, GDELT, generic `headline`/`text`/`content`), and the user's own field map, which comes first.
//!
//! Field map syntax (`--map`): comma-separated `target=name` pairs, e.g.
//! `title=headline,body=content,date=pub_time,date=updated`. Targets: `title`, `body` (or `text`), `date`,
//! `source`, `url`, `author`, `section`, `language` (or `lang`), and `ignore` (a field read on purpose as nothing).
//! A target may be given several times; its names are tried in order, before the built-in ones. Names match
//! keys/columns case-insensitively; in JSON a dotted name (`source=meta.site.name`) follows nested objects.
//!
//! Nothing is dropped without a word: [`UnreadTally`] watches the fields of a file that no target names, and a
//! field that holds text in many records becomes one [`UnreadField`] (a warning naming the `--map` that would read
//! it).

use super::Record;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

/// What a field becomes in a `Record`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Title,
    Body,
    Date,
    Source,
    Url,
    Author,
    Section,
    Language,
    /// Not read, on purpose: `--map ignore=tags` says a field is known and unwanted (no "not read" warning).
    Ignore,
}

impl Target {
    const ALL: [Target; 9] = [
        Target::Title,
        Target::Body,
        Target::Date,
        Target::Source,
        Target::Url,
        Target::Author,
        Target::Section,
        Target::Language,
        Target::Ignore,
    ];

    fn parse(s: &str) -> Option<Target> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "title" | "headline" => Target::Title,
            "body" | "text" => Target::Body,
            "date" | "published" => Target::Date,
            "source" => Target::Source,
            "url" | "link" => Target::Url,
            "author" | "authors" => Target::Author,
            "section" | "category" => Target::Section,
            "language" | "lang" => Target::Language,
            "ignore" | "skip" => Target::Ignore,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Target::Title => "title",
            Target::Body => "body",
            Target::Date => "date",
            Target::Source => "source",
            Target::Url => "url",
            Target::Author => "author",
            Target::Section => "section",
            Target::Language => "language",
            Target::Ignore => "ignore",
        }
    }

    /// The built-in names for this target, best first (lower case).
    pub fn builtin(self) -> &'static [&'static str] {
        match self {
            Target::Title => &["title", "headline", "heading", "name_of_article", "subject"],
            // Full text first; summaries only when there is nothing else.
            Target::Body => &[
                "maintext",
                "text",
                "body",
                "content",
                "article",
                "articlebody",
                "article_body",
                "article_text",
                "full_text",
                "fulltext",
                "story",
                "description",
                "summary",
                "abstract",
                "lead",
            ],
            Target::Date => &[
                "date_publish",
                "published",
                "publishedat",
                "published_at",
                "pubdate",
                "pub_date",
                "datepublished",
                "date_published",
                "publish_date",
                "publication_date",
                "publishdate",
                "date",
                "datetime",
                "created_at",
                "createdat",
                "created",
                "timestamp",
                "time",
                "seendate",
                "date_created",
            ],
            Target::Source => &[
                "source",
                "source_name",
                "publisher",
                "site_name",
                "sitename",
                "site",
                "outlet",
                "newspaper",
                "source_domain",
                "domain",
            ],
            Target::Url => &[
                "url",
                "link",
                "canonical_url",
                "article_url",
                "permalink",
                "uri",
                "href",
            ],
            Target::Author => &[
                "authors", "author", "byline", "creator", "creators", "writer",
            ],
            Target::Section => &[
                "section",
                "section_name",
                "sectionname",
                "articlesection",
                "article_section",
                "category",
                "categories",
                "category_name",
                "desk",
                "department",
            ],
            Target::Language => &["language", "lang", "language_code", "inlanguage", "locale"],
            Target::Ignore => &[],
        }
    }
}

/// The user's extra field names, per target, in the order given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldMap {
    entries: Vec<(Target, String)>,
}

impl FieldMap {
    /// Parses `title=headline,body=content,date=pub_time`. Empty input is an empty map.
    pub fn parse(s: &str) -> Result<FieldMap, String> {
        let mut entries = Vec::new();
        for pair in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((target, name)) = pair.split_once('=') else {
                return Err(format!("field map entry {pair:?} has no '=' (expected target=name, e.g. title=headline)"));
            };
            let Some(t) = Target::parse(target) else {
                let known: Vec<&str> = Target::ALL.iter().map(|t| t.name()).collect();
                return Err(format!(
                    "unknown field map target {:?} in {pair:?} (known: {})",
                    target.trim(),
                    known.join(", ")
                ));
            };
            let name = name.trim();
            if name.is_empty() {
                return Err(format!("field map entry {pair:?} names no field"));
            }
            entries.push((t, name.to_lowercase()));
        }
        Ok(FieldMap { entries })
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The names to try for a target: the user's first, then the built-in ones.
    pub fn names(&self, target: Target) -> impl Iterator<Item = &str> {
        self.user_names(target)
            .chain(target.builtin().iter().copied())
    }

    /// The names the user gave for a target, in order.
    pub fn user_names(&self, target: Target) -> impl Iterator<Item = &str> {
        self.entries
            .iter()
            .filter(move |(t, _)| *t == target)
            .map(|(_, n)| n.as_str())
    }

    /// Every name some target reads (built-in or the user's), lower case: the fields that are not lost.
    pub fn known_names(&self) -> HashSet<String> {
        Target::ALL
            .iter()
            .flat_map(|t| t.builtin().iter().map(|n| n.to_string()))
            .chain(self.entries.iter().map(|(_, n)| n.clone()))
            .collect()
    }
}

impl serde::Serialize for FieldMap {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for FieldMap {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        FieldMap::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl FromStr for FieldMap {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FieldMap::parse(s)
    }
}

impl fmt::Display for FieldMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .entries
            .iter()
            .map(|(t, n)| format!("{}={n}", t.name()))
            .collect();
        f.write_str(&parts.join(","))
    }
}

/// A field's value, reduced to what a `Record` can hold.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    Text(String),
    /// A list (authors, body paragraphs).
    List(Vec<String>),
}

impl FieldValue {
    fn non_empty(self) -> Option<FieldValue> {
        match self {
            FieldValue::Text(s) if s.trim().is_empty() => None,
            FieldValue::List(v) => {
                let v: Vec<String> = v.into_iter().filter(|s| !s.trim().is_empty()).collect();
                (!v.is_empty()).then_some(FieldValue::List(v))
            }
            other => Some(other),
        }
    }

    fn joined(self, sep: &str) -> String {
        match self {
            FieldValue::Text(s) => s.trim().to_string(),
            FieldValue::List(v) => v.iter().map(|s| s.trim()).collect::<Vec<_>>().join(sep),
        }
    }

    /// The first value of a list (a section is one name: `["Politics", "World"]` is Politics).
    fn first(self) -> String {
        match self {
            FieldValue::Text(s) => s.trim().to_string(),
            FieldValue::List(v) => v.into_iter().next().unwrap_or_default().trim().to_string(),
        }
    }
}

/// Builds a `Record` from a lookup of (lower-case) field names, trying the map's names for each target in order.
pub fn build(map: &FieldMap, lookup: &dyn Fn(&str) -> Option<FieldValue>) -> Record {
    let first = |t: Target| {
        map.names(t)
            .find_map(|n| lookup(n).and_then(FieldValue::non_empty))
    };
    let mut dates: Vec<String> = Vec::new();
    for name in map.names(Target::Date) {
        if let Some(v) = lookup(name).and_then(FieldValue::non_empty) {
            let values = match v {
                FieldValue::Text(s) => vec![s],
                FieldValue::List(v) => v,
            };
            for s in values {
                let s = s.trim().to_string();
                if !dates.contains(&s) {
                    dates.push(s);
                }
            }
        }
    }
    Record {
        title: first(Target::Title).map(|v| v.joined(" ")),
        body: first(Target::Body)
            .map(|v| v.joined("\n\n"))
            .unwrap_or_default(),
        dates,
        source: first(Target::Source).map(|v| v.joined(", ")),
        url: first(Target::Url).map(|v| v.joined(" ")),
        author: first(Target::Author).map(|v| v.joined(", ")),
        section: first(Target::Section).map(FieldValue::first),
        language: first(Target::Language).map(|v| v.joined(",")),
    }
}

/// Whether a field's value reads as text a person wrote (a sentence or more), not a code, a date, an address, a
/// number or a list of tags: at least five words and 30 bytes, not a URL, and not mostly commas between words.
pub fn holds_text(s: &str) -> bool {
    let s = s.trim();
    if s.len() < 30 || s.starts_with("http://") || s.starts_with("https://") {
        return false;
    }
    let words = s
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    let commas = s.matches([',', ';', '|']).count();
    words >= 5 && commas * 2 < words
}

/// A field of one file that holds text in many records and that no target reads: it is not indexed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnreadField {
    /// What the format calls a field: `field` (JSON), `column` (CSV/TSV), `front-matter key` (Markdown).
    pub kind: &'static str,
    /// The name as the file writes it.
    pub name: String,
    /// Records in which it holds text, of all the file's records.
    pub records: usize,
    pub of: usize,
    /// The target a `--map` would read it as.
    pub target: Target,
    /// Whether those records already had a body from another field (the map would replace it).
    pub had_body: bool,
}

impl UnreadField {
    /// The `--map` entry that would read the field: `body=short_description`.
    pub fn map_entry(&self) -> String {
        format!("{}={}", self.target.name(), self.name.to_lowercase())
    }
}

impl fmt::Display for UnreadField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let UnreadField { kind, name, .. } = self;
        let count = if self.of > 1 {
            format!(" in {} of {} records", self.records, self.of)
        } else {
            String::new()
        };
        let effect = if self.had_body {
            format!(" as the {} instead", self.target.name())
        } else {
            format!(" as the {}", self.target.name())
        };
        write!(
            f,
            "{kind} {name:?} holds text{count} but maps to nothing, so it is not indexed; --map {} would read it{effect} (--map ignore={} silences this)",
            self.map_entry(),
            name.to_lowercase()
        )
    }
}

/// The most distinct unread fields followed in one file: a file with thousands of odd keys is not a news export.
const MAX_TRACKED_FIELDS: usize = 64;

#[derive(Debug, Default)]
struct FieldCount {
    name: String,
    records: usize,
    without_body: usize,
    without_title: usize,
    bytes: usize,
}

/// Watches the fields of one file, record by record, for text that no target reads.
#[derive(Debug)]
pub struct UnreadTally {
    kind: &'static str,
    known: HashSet<String>,
    records: usize,
    fields: HashMap<String, FieldCount>,
}

impl UnreadTally {
    pub fn new(kind: &'static str, map: &FieldMap) -> UnreadTally {
        UnreadTally {
            kind,
            known: map.known_names(),
            records: 0,
            fields: HashMap::new(),
        }
    }

    /// Whether some target reads this (lower-case) name.
    pub fn is_known(&self, lower: &str) -> bool {
        self.known.contains(lower)
    }

    /// Notes one record: `fields` are its (name as written, text value) pairs that no target reads; `rec` is what
    /// was read from the others.
    pub fn record<'a>(&mut self, rec: &Record, fields: impl Iterator<Item = (&'a str, &'a str)>) {
        self.records += 1;
        for (name, value) in fields {
            if !holds_text(value) {
                continue;
            }
            let key = name.to_lowercase();
            if !self.fields.contains_key(&key) && self.fields.len() >= MAX_TRACKED_FIELDS {
                continue;
            }
            let c = self.fields.entry(key).or_insert_with(|| FieldCount {
                name: name.to_string(),
                ..FieldCount::default()
            });
            c.records += 1;
            c.bytes += value.len();
            c.without_body += usize::from(rec.body.trim().is_empty());
            c.without_title += usize::from(rec.title.is_none());
        }
    }

    /// The fields that held text in many records (at least one record in five), most frequent first.
    pub fn finish(self) -> Vec<UnreadField> {
        let of = self.records;
        let mut out: Vec<UnreadField> = self
            .fields
            .into_values()
            .filter(|c| c.records * 5 >= of && c.records > 0)
            .map(|c| {
                let mostly = |n: usize| n * 2 > c.records;
                let short = c.bytes / c.records.max(1) < 200;
                let (target, had_body) = if mostly(c.without_body) {
                    (Target::Body, false)
                } else if mostly(c.without_title) && short {
                    (Target::Title, false)
                } else {
                    (Target::Body, true)
                };
                UnreadField {
                    kind: self.kind,
                    name: c.name,
                    records: c.records,
                    of,
                    target,
                    had_body,
                }
            })
            .collect();
        out.sort_by(|a, b| b.records.cmp(&a.records).then_with(|| a.name.cmp(&b.name)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_syntax() {
        let m = FieldMap::parse("title=headline, body=content,date=pub_time,date=Updated").unwrap();
        assert_eq!(m.names(Target::Title).next(), Some("headline"));
        let dates: Vec<&str> = m.names(Target::Date).take(3).collect();
        assert_eq!(dates, ["pub_time", "updated", "date_publish"]);
        assert_eq!(
            m.to_string(),
            "title=headline,body=content,date=pub_time,date=updated"
        );
        assert!(FieldMap::parse("").unwrap().is_empty());
    }

    #[test]
    fn bad_maps_say_what_is_wrong() {
        assert!(FieldMap::parse("title").unwrap_err().contains("no '='"));
        assert!(FieldMap::parse("titel=x")
            .unwrap_err()
            .contains("unknown field map target \"titel\""));
        assert!(FieldMap::parse("title=")
            .unwrap_err()
            .contains("names no field"));
    }

    #[test]
    fn a_field_map_round_trips_through_json() {
        let m = FieldMap::parse("body=short_description,section=kicker,ignore=tags").unwrap();
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(
            json,
            "\"body=short_description,section=kicker,ignore=tags\""
        );
        assert_eq!(serde_json::from_str::<FieldMap>(&json).unwrap(), m);
        assert!(serde_json::from_str::<FieldMap>("\"nope=x\"").is_err());
    }

    #[test]
    fn text_is_told_from_codes_tags_and_addresses() {
        assert!(holds_text(
            "She left the city on Monday after the floods reached the station."
        ));
        for not in [
            "2024-06-23T10:00:00Z",
            "https://example.org/a/long/path/with/many/words/in/it",
            "politics, election, senate, vote, campaign, congress",
            "ab12cd34ef56ab12cd34ef56ab12cd34",
            "Short words",
        ] {
            assert!(!holds_text(not), "{not}");
        }
    }

    #[test]
    fn unread_text_fields_are_tallied_with_the_map_that_reads_them() {
        let map = FieldMap::default();
        let mut t = UnreadTally::new("field", &map);
        assert!(
            t.is_known("headline") && t.is_known("category") && !t.is_known("short_description")
        );
        let titled = Record {
            title: Some("Headline".into()),
            ..Record::default()
        };
        let desc = "A long description of what happened in the city on Monday.";
        for _ in 0..4 {
            t.record(
                &titled,
                [("Short_Description", desc), ("code", "x1")].into_iter(),
            );
        }
        t.record(&titled, std::iter::empty());
        let got = t.finish();
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].records, got[0].of), (4, 5));
        assert_eq!(got[0].map_entry(), "body=short_description");
        let msg = got[0].to_string();
        assert!(
            msg.starts_with(
                "field \"Short_Description\" holds text in 4 of 5 records but maps to nothing"
            ),
            "{msg}"
        );
        assert!(
            msg.contains("--map body=short_description would read it as the body"),
            "{msg}"
        );
        // A field in few records, or in records that already have a body, is told as such.
        let mut t = UnreadTally::new("column", &map);
        let full = Record {
            title: Some("T".into()),
            body: "Text.".into(),
            ..Record::default()
        };
        t.record(&full, [("extra", desc)].into_iter());
        let got = t.finish();
        assert!(got[0].had_body);
        assert!(
            got[0].to_string().contains("as the body instead"),
            "{}",
            got[0]
        );
        let mut t = UnreadTally::new("field", &map);
        t.record(&full, [("note", desc)].into_iter());
        for _ in 0..9 {
            t.record(&full, std::iter::empty());
        }
        assert!(t.finish().is_empty());
    }

    #[test]
    fn mapped_names_come_before_builtin_ones() {
        let m = FieldMap::parse("title=hed").unwrap();
        let lookup = |k: &str| match k {
            "hed" => Some(FieldValue::Text("Mapped".into())),
            "title" => Some(FieldValue::Text("Builtin".into())),
            "authors" => Some(FieldValue::List(vec![
                "A. One".into(),
                "".into(),
                "B. Two".into(),
            ])),
            "published" => Some(FieldValue::Text("2024-06-23".into())),
            "date" => Some(FieldValue::Text("1719158400".into())),
            _ => None,
        };
        let r = build(&m, &lookup);
        assert_eq!(r.section, None);
        assert_eq!(r.title.as_deref(), Some("Mapped"));
        assert_eq!(r.author.as_deref(), Some("A. One, B. Two"));
        assert_eq!(r.dates, ["2024-06-23", "1719158400"]);
    }
}
