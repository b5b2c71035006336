//! The export document: the JSON object one article becomes, with the field names the shipped Quickwit and
//! OpenSearch configs declare (`deploy/`). Every key is always present (`null` or `[]` when unknown), so a consumer
//! never has to guess whether a field was dropped or is empty, and the configs can be checked against one document.

use crate::article::{Article, PlacePath};
use serde::Serialize;
use std::collections::BTreeSet;

/// The keys of every exported document, in the order they are written. `deploy/quickwit/index-config.yaml` and
/// `deploy/opensearch/mapping.json` name exactly these fields (a test compares them).
pub const FIELDS: [&str; 18] = [
    "id",
    "path",
    "title",
    "published_at",
    "date_source",
    "places",
    "place_prefixes",
    "focus",
    "focus_prefixes",
    "primary_place",
    "source",
    "url",
    "author",
    "authors",
    "section",
    "language",
    "content_hash",
    "body",
];

/// One article as exported. The body comes last so that `head` and `jq` show the metadata first.
#[derive(Debug, Serialize)]
pub struct ExportDoc<'a> {
    /// The dateline id: stable across exports, and the `_id` of the `_bulk` form.
    pub id: &'a str,
    pub path: &'a str,
    pub title: &'a str,
    /// RFC 3339 in UTC with a `Z`, to the second (what the index keeps); `null` when undated.
    pub published_at: Option<String>,
    pub date_source: Option<&'static str>,
    /// Every place the article names, as `/Country/Region/City` paths.
    pub places: Vec<String>,
    /// Every place and all its ancestors, deduplicated and sorted: what a term filter on a keyword field needs to
    /// stand in for dateline's hierarchical facets (`--place Russia` matches `/Russia/Dagestan/Derbent`).
    pub place_prefixes: Vec<String>,
    /// The few places the article is about.
    pub focus: Vec<String>,
    /// The same for `focus`, for `--about`.
    pub focus_prefixes: Vec<String>,
    pub primary_place: Option<String>,
    pub source: Option<&'a str>,
    pub url: Option<&'a str>,
    /// The authors as the file names them, several joined with `, `.
    pub author: Option<&'a str>,
    /// The authors one by one: what `--author` matches and `facets authors` counts.
    pub authors: Vec<&'a str>,
    /// The publisher's section or category.
    pub section: Option<&'a str>,
    pub language: Option<&'a str>,
    pub content_hash: &'a str,
    pub body: &'a str,
}

impl<'a> ExportDoc<'a> {
    pub fn new(a: &'a Article) -> ExportDoc<'a> {
        ExportDoc {
            id: &a.id,
            path: &a.path,
            title: &a.title,
            published_at: a.published.as_ref().map(crate::render::json::rfc3339_utc),
            date_source: a.date_source.map(|d| d.as_str()),
            places: paths(&a.places),
            place_prefixes: with_ancestors(&a.places),
            focus: paths(&a.focus),
            focus_prefixes: with_ancestors(&a.focus),
            primary_place: a
                .primary_place
                .as_ref()
                .filter(|p| !p.is_empty())
                .map(ToString::to_string),
            source: a.source.as_deref(),
            url: a.url.as_deref(),
            author: a.author.as_deref(),
            authors: a.authors().collect(),
            section: a.section.as_deref(),
            language: a.language.as_deref(),
            content_hash: &a.content_hash,
            body: &a.body,
        }
    }
}

/// The places as paths, in the article's order. The root (an empty path) names no place, so it is left out: it
/// would have no prefixes, and `place_prefixes` must hold every path of `places`.
fn paths(places: &[PlacePath]) -> Vec<String> {
    places
        .iter()
        .filter(|p| !p.is_empty())
        .map(ToString::to_string)
        .collect()
}

/// Every path and all its ancestors, deduplicated and sorted (byte order of the `/A/B` form, so a parent sorts
/// right before its children).
pub fn with_ancestors(places: &[PlacePath]) -> Vec<String> {
    let all: BTreeSet<String> = places
        .iter()
        .flat_map(PlacePath::with_ancestors)
        .map(|p| p.to_string())
        .collect();
    all.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::DateSource;
    use chrono::DateTime;

    fn p(s: &str) -> PlacePath {
        PlacePath::parse(s)
    }

    #[test]
    fn prefixes_hold_every_ancestor_once_and_sorted() {
        let got = with_ancestors(&[
            p("/Russia/Dagestan/Derbent"),
            p("/Russia/Dagestan/Makhachkala"),
            p("/Syria"),
            p("/Russia/Moscow Oblast"),
        ]);
        assert_eq!(
            got,
            [
                "/Russia",
                "/Russia/Dagestan",
                "/Russia/Dagestan/Derbent",
                "/Russia/Dagestan/Makhachkala",
                "/Russia/Moscow Oblast",
                "/Syria",
            ]
        );
        assert!(with_ancestors(&[]).is_empty());
        assert!(with_ancestors(&[PlacePath::default()]).is_empty());
    }

    #[test]
    fn a_slash_inside_a_name_stays_escaped_in_every_prefix() {
        let got = with_ancestors(&[PlacePath::new(["Bosnia/Herzegovina", "Sarajevo"])]);
        assert_eq!(
            got,
            ["/Bosnia\\/Herzegovina", "/Bosnia\\/Herzegovina/Sarajevo"]
        );
    }

    #[test]
    fn every_field_is_written_in_the_declared_order_even_when_empty() {
        let empty = Article::default();
        let v = serde_json::to_value(ExportDoc::new(&empty)).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        // serde_json's map is sorted unless `preserve_order`; compare as sets, and the order through the text.
        let mut want = FIELDS.to_vec();
        want.sort_unstable();
        assert_eq!(keys, want);
        let text = serde_json::to_string(&ExportDoc::new(&empty)).unwrap();
        let mut at = 0;
        for f in FIELDS {
            let pos = text[at..]
                .find(&format!("\"{f}\":"))
                .unwrap_or_else(|| panic!("{f} missing or out of order in {text}"));
            at += pos;
        }
        assert_eq!(v["published_at"], serde_json::Value::Null);
        assert_eq!(v["places"], serde_json::json!([]));
        assert_eq!(v["authors"], serde_json::json!([]));
    }

    #[test]
    fn an_article_becomes_the_documented_document() {
        let a = Article {
            id: "2024/06/23/a.txt".into(),
            path: "2024/06/23/a.txt".into(),
            title: "Attack in Derbent".into(),
            body: "Gunmen attacked.".into(),
            published: DateTime::from_timestamp(1_719_165_600, 0).map(|d| d.fixed_offset()),
            date_source: Some(DateSource::Path),
            places: vec![p("/Russia/Dagestan/Derbent"), p("/Syria")],
            focus: vec![p("/Russia/Dagestan")],
            primary_place: Some(p("/Russia/Dagestan")),
            source: Some("Daily Example".into()),
            url: None,
            author: Some("Ann Lee, Bo Chen".into()),
            section: Some("World".into()),
            language: Some("en".into()),
            content_hash: "abc".into(),
        };
        let v = serde_json::to_value(ExportDoc::new(&a)).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "id": "2024/06/23/a.txt",
                "path": "2024/06/23/a.txt",
                "title": "Attack in Derbent",
                "published_at": "2024-06-23T18:00:00Z",
                "date_source": "path",
                "places": ["/Russia/Dagestan/Derbent", "/Syria"],
                "place_prefixes": ["/Russia", "/Russia/Dagestan", "/Russia/Dagestan/Derbent", "/Syria"],
                "focus": ["/Russia/Dagestan"],
                "focus_prefixes": ["/Russia", "/Russia/Dagestan"],
                "primary_place": "/Russia/Dagestan",
                "source": "Daily Example",
                "url": null,
                "author": "Ann Lee, Bo Chen",
                "authors": ["Ann Lee", "Bo Chen"],
                "section": "World",
                "language": "en",
                "content_hash": "abc",
                "body": "Gunmen attacked."
            })
        );
    }
}
