//! Which JSON key or CSV column holds what: the names common news exports use (news-please, newspaper, Common
//! Crawl news, NewsAPI, GDELT, generic `headline`/`text`/`content`), and the user's own field map, which comes first.
//!
//! Field map syntax (`--map`): comma-separated `target=name` pairs, e.g.
//! `title=headline,body=content,date=pub_time,date=updated`. Targets: `title`, `body` (or `text`), `date`,
//! `source`, `url`, `author`, `language` (or `lang`). A target may be given several times; its names are tried in
//! order, before the built-in ones. Names match keys/columns case-insensitively; in JSON a dotted name
//! (`source=meta.site.name`) follows nested objects.

use super::Record;
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
    Language,
}

impl Target {
    const ALL: [Target; 7] = [
        Target::Title,
        Target::Body,
        Target::Date,
        Target::Source,
        Target::Url,
        Target::Author,
        Target::Language,
    ];

    fn parse(s: &str) -> Option<Target> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "title" | "headline" => Target::Title,
            "body" | "text" => Target::Body,
            "date" | "published" => Target::Date,
            "source" => Target::Source,
            "url" | "link" => Target::Url,
            "author" | "authors" => Target::Author,
            "language" | "lang" => Target::Language,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Target::Title => "title",
            Target::Body => "body",
            Target::Date => "date",
            Target::Source => "source",
            Target::Url => "url",
            Target::Author => "author",
            Target::Language => "language",
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
            Target::Language => &["language", "lang", "language_code", "inlanguage", "locale"],
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
        self.entries
            .iter()
            .filter(move |(t, _)| *t == target)
            .map(|(_, n)| n.as_str())
            .chain(target.builtin().iter().copied())
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
        language: first(Target::Language).map(|v| v.joined(",")),
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
        assert_eq!(r.title.as_deref(), Some("Mapped"));
        assert_eq!(r.author.as_deref(), Some("A. One, B. Two"));
        assert_eq!(r.dates, ["2024-06-23", "1719158400"]);
    }
}
