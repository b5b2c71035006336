//! `Article`: the normalized news item that carries everything ingest learned about one story to the index, and
//! back out of it for `show` and `export`. It knows nothing of file formats or of tantivy.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where an article's publication date came from, best evidence first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// A date the file itself declares: a `Date:` header, front matter, a JSON key, a CSV column, an HTML meta.
    Metadata,
    /// A date in the corpus-relative path: `/2024/06/23/`, `2024-06-23`, `20240623`.
    Path,
    /// A date line or dateline near the start of the text.
    Text,
    /// The file's modification time: a last resort, shown as uncertain.
    Mtime,
}

impl DateSource {
    pub const ALL: [DateSource; 4] = [Self::Metadata, Self::Path, Self::Text, Self::Mtime];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Metadata => "metadata",
            Self::Path => "path",
            Self::Text => "text",
            Self::Mtime => "mtime",
        }
    }

    pub fn parse(s: &str) -> Option<DateSource> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }

    /// A date taken from the file's modification time is a guess, and output says so.
    pub fn is_uncertain(self) -> bool {
        self == Self::Mtime
    }
}

impl fmt::Display for DateSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place in the hierarchy country / region / city, as human-readable GeoNames names:
/// `["Russia", "Dagestan", "Derbent"]`, shown as `/Russia/Dagestan/Derbent`.
/// The empty path (`PlacePath::default()`) is the root of the hierarchy.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PlacePath(Vec<String>);

impl PlacePath {
    /// Builds a path from its components (country first). Empty components are dropped.
    pub fn new<I, S>(components: I) -> PlacePath
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        PlacePath(
            components
                .into_iter()
                .map(Into::into)
                .filter(|c: &String| !c.is_empty())
                .collect(),
        )
    }

    /// Parses `/Russia/Dagestan`, `Russia/Dagestan` or `Russia`; `\/` escapes a slash inside a name.
    pub fn parse(text: &str) -> PlacePath {
        let mut parts = Vec::new();
        let mut cur = String::new();
        let mut chars = text.trim().chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' if chars.peek() == Some(&'/') => {
                    cur.push('/');
                    chars.next();
                }
                '/' => parts.push(std::mem::take(&mut cur)),
                _ => cur.push(c),
            }
        }
        parts.push(cur);
        PlacePath::new(parts.into_iter().map(|p| p.trim().to_string()))
    }

    pub fn components(&self) -> &[String] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn depth(&self) -> usize {
        self.0.len()
    }

    pub fn country(&self) -> Option<&str> {
        self.0.first().map(String::as_str)
    }

    /// The path itself and every ancestor, shortest first: `/Russia`, `/Russia/Dagestan`, `/Russia/Dagestan/Derbent`.
    pub fn with_ancestors(&self) -> impl Iterator<Item = PlacePath> + '_ {
        (1..=self.0.len()).map(|n| PlacePath(self.0[..n].to_vec()))
    }

    /// Whether `self` is `other` or lies below it.
    pub fn starts_with(&self, other: &PlacePath) -> bool {
        self.0.len() >= other.0.len() && self.0[..other.0.len()] == other.0[..]
    }
}

impl fmt::Display for PlacePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("/");
        }
        for c in &self.0 {
            f.write_str("/")?;
            f.write_str(&c.replace('/', "\\/"))?;
        }
        Ok(())
    }
}

impl Serialize for PlacePath {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PlacePath {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(PlacePath::parse(&s))
    }
}

/// One news item, normalized: the unit that is indexed, searched, shown and exported.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Stable id: the corpus-relative path, plus `#N` (1-based) for files that hold several articles.
    pub id: String,
    /// Corpus-relative path of the file, `/`-separated.
    pub path: String,
    pub title: String,
    /// Normalized text: paragraphs separated by a blank line.
    pub body: String,
    /// When it was published, with the UTC offset the evidence wrote it with (UTC when it gave none): the
    /// instant, and the publisher's calendar day (`date_naive()`), which is the article's day in every listing,
    /// facet and day filter.
    pub published: Option<DateTime<FixedOffset>>,
    pub date_source: Option<DateSource>,
    /// Every place the article names.
    pub places: Vec<PlacePath>,
    /// The few places the article is about.
    pub focus: Vec<PlacePath>,
    /// The dateline place, or the strongest focus place.
    pub primary_place: Option<PlacePath>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// Who wrote it; several authors are joined with `, `.
    pub author: Option<String>,
    /// The publisher's section or category (`Politics`, `world`).
    pub section: Option<String>,
    pub language: Option<String>,
    /// The duplicate key (hex BLAKE3, see `ingest::dedup`): equal hashes mean the same article.
    pub content_hash: String,
}

impl Article {
    /// The authors one by one: `Ann Lee, Bo Chen` is two (what `facets authors` counts and `--author` matches).
    pub fn authors(&self) -> impl Iterator<Item = &str> {
        self.author.as_deref().into_iter().flat_map(split_names)
    }
}

/// Names joined in one field, one by one: split at `,`, `;`, ` and ` and ` & `.
pub fn split_names(joined: &str) -> impl Iterator<Item = &str> {
    joined
        .split([',', ';'])
        .flat_map(|part| part.split(" and "))
        .flat_map(|part| part.split(" & "))
        .map(str::trim)
        .filter(|n| !n.is_empty())
}

/// A content hash as 16 bytes, the key of duplicate detection: a set of them costs 16 bytes an article. A hash of
/// another shape, which ingest never makes, is hashed down to 16 bytes so that it still tells texts apart.
pub fn content_key(content_hash: &str) -> u128 {
    if content_hash.len() == 32 {
        if let Ok(k) = u128::from_str_radix(content_hash, 16) {
            return k;
        }
    }
    let h = blake3::hash(content_hash.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&h.as_bytes()[..16]);
    u128::from_le_bytes(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_come_one_by_one() {
        let a = Article {
            author: Some("Ann Lee, Bo Chen and Cy Dee; Di Eng & Ed Fo".into()),
            ..Article::default()
        };
        let names: Vec<&str> = a.authors().collect();
        assert_eq!(names, ["Ann Lee", "Bo Chen", "Cy Dee", "Di Eng", "Ed Fo"]);
        assert_eq!(Article::default().authors().count(), 0);
    }

    #[test]
    fn content_keys_are_the_hash_bytes() {
        assert_eq!(content_key("000000000000000000000000000000ff"), 255);
        let h = "0123456789abcdef0123456789abcdef";
        assert_eq!(content_key(h), u128::from_str_radix(h, 16).unwrap());
        assert_ne!(content_key("not hex"), content_key("not hex either"));
        assert_eq!(content_key("not hex"), content_key("not hex"));
    }

    #[test]
    fn place_path_round_trips_and_escapes_slashes() {
        let p = PlacePath::parse("/Russia/Dagestan/Derbent");
        assert_eq!(p.components(), ["Russia", "Dagestan", "Derbent"]);
        assert_eq!(p.to_string(), "/Russia/Dagestan/Derbent");
        assert_eq!(
            PlacePath::parse("Russia/Dagestan"),
            PlacePath::new(["Russia", "Dagestan"])
        );
        let odd = PlacePath::new(["A/B", "C"]);
        assert_eq!(odd.to_string(), "/A\\/B/C");
        assert_eq!(PlacePath::parse(&odd.to_string()), odd);
    }

    #[test]
    fn ancestors_come_shortest_first() {
        let p = PlacePath::parse("/Russia/Dagestan/Derbent");
        let all: Vec<String> = p.with_ancestors().map(|a| a.to_string()).collect();
        assert_eq!(
            all,
            ["/Russia", "/Russia/Dagestan", "/Russia/Dagestan/Derbent"]
        );
        assert!(p.starts_with(&PlacePath::parse("/Russia")));
        assert!(!p.starts_with(&PlacePath::parse("/Syria")));
    }

    #[test]
    fn date_source_names_round_trip() {
        for d in DateSource::ALL {
            assert_eq!(DateSource::parse(d.as_str()), Some(d));
        }
        assert!(DateSource::Mtime.is_uncertain());
        assert!(!DateSource::Path.is_uncertain());
    }
}
