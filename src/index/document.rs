//! `Article` ↔ tantivy document: the only place that knows which field holds what.

use super::schema::Fields;
use crate::article::{Article, DateSource, PlacePath};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Offset, Utc};
use tantivy::schema::{Facet, Value};
use tantivy::TantivyDocument;

pub fn facet(place: &PlacePath) -> Facet {
    Facet::from_path(place.components().iter().map(String::as_str))
}

pub fn place_of(facet: &Facet) -> PlacePath {
    PlacePath::new(facet.to_path())
}

/// The publisher's calendar day in days since 1970-01-01 (negative before).
pub fn epoch_day(d: NaiveDate) -> i64 {
    (d - NaiveDate::default()).num_days()
}

/// The day `epoch_day` counts.
pub fn day_of_epoch(days: i64) -> Option<NaiveDate> {
    NaiveDate::default().checked_add_signed(chrono::TimeDelta::try_days(days)?)
}

pub fn day_facet(d: NaiveDate) -> Facet {
    Facet::from_path([
        format!("{:04}", d.year()),
        format!("{:02}", d.month()),
        format!("{:02}", d.day()),
    ])
}

pub fn to_doc(f: &Fields, a: &Article) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.id, &a.id);
    doc.add_text(f.path, &a.path);
    doc.add_text(f.title, &a.title);
    doc.add_text(f.body, &a.body);
    if let Some(p) = a.published {
        doc.add_date(
            f.published,
            tantivy::DateTime::from_timestamp_secs(p.timestamp()),
        );
        doc.add_i64(f.published_offset, i64::from(p.offset().local_minus_utc()));
        doc.add_i64(f.published_day, epoch_day(p.date_naive()));
        doc.add_facet(f.day, day_facet(p.date_naive()));
    }
    if let Some(ds) = a.date_source {
        doc.add_text(f.date_source, ds.as_str());
    }
    for p in &a.places {
        doc.add_facet(f.places, facet(p));
    }
    for p in &a.focus {
        doc.add_facet(f.focus, facet(p));
    }
    if let Some(p) = &a.primary_place {
        doc.add_text(f.primary_place, p.to_string());
    }
    if let Some(s) = &a.source {
        doc.add_text(f.source, s);
        doc.add_text(f.source_key, s);
    }
    if let Some(u) = &a.url {
        doc.add_text(f.url, u);
    }
    if let Some(x) = &a.author {
        doc.add_text(f.author, x);
        for name in a.authors() {
            doc.add_text(f.author_key, name);
        }
    }
    if let Some(x) = &a.section {
        doc.add_text(f.section, x);
        doc.add_text(f.section_key, x);
    }
    if let Some(x) = &a.language {
        doc.add_text(f.language, x);
    }
    doc.add_text(f.content_hash, &a.content_hash);
    doc
}

fn text(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn places(doc: &TantivyDocument, field: tantivy::schema::Field) -> Vec<PlacePath> {
    doc.get_all(field)
        .filter_map(|v| v.as_facet())
        .filter_map(|enc| Facet::from_encoded(enc.as_bytes().to_vec()).ok())
        .map(|f| place_of(&f))
        .collect()
}

/// Reads an article back. `with_body` false leaves the body empty (the caller did not ask for it).
pub fn from_doc(f: &Fields, doc: &TantivyDocument) -> Article {
    let offset = doc
        .get_first(f.published_offset)
        .and_then(|v| v.as_i64())
        .and_then(|s| FixedOffset::east_opt(i32::try_from(s).ok()?))
        .unwrap_or_else(|| Utc.fix());
    let published = doc
        .get_first(f.published)
        .and_then(|v| v.as_datetime())
        .and_then(|d| DateTime::from_timestamp(d.into_timestamp_secs(), 0))
        .map(|d| d.with_timezone(&offset));
    Article {
        id: text(doc, f.id).unwrap_or_default(),
        path: text(doc, f.path).unwrap_or_default(),
        title: text(doc, f.title).unwrap_or_default(),
        body: text(doc, f.body).unwrap_or_default(),
        published,
        date_source: text(doc, f.date_source).and_then(|s| DateSource::parse(&s)),
        places: places(doc, f.places),
        focus: places(doc, f.focus),
        primary_place: text(doc, f.primary_place).map(|s| PlacePath::parse(&s)),
        source: text(doc, f.source),
        url: text(doc, f.url),
        author: text(doc, f.author),
        section: text(doc, f.section),
        language: text(doc, f.language),
        content_hash: text(doc, f.content_hash).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_survives_the_round_trip() {
        let (_, f) = super::super::schema::build();
        let a = Article {
            id: "2024/06/23/a.txt".into(),
            path: "2024/06/23/a.txt".into(),
            title: "Attack in Derbent".into(),
            body: "Gunmen attacked.\n\nMore.".into(),
            published: DateTime::parse_from_rfc3339("2024-06-24T01:30:00+03:00").ok(),
            date_source: Some(DateSource::Path),
            places: vec![
                PlacePath::parse("/Russia/Dagestan/Derbent"),
                PlacePath::parse("/Syria"),
            ],
            focus: vec![PlacePath::parse("/Russia/Dagestan")],
            primary_place: Some(PlacePath::parse("/Russia/Dagestan")),
            source: Some("Daily Example".into()),
            url: Some("https://example.org/a".into()),
            author: Some("Ann Lee, Bo Chen".into()),
            section: Some("World".into()),
            language: Some("en".into()),
            content_hash: "abc".into(),
        };
        let doc = to_doc(&f, &a);
        let keys: Vec<&str> = doc
            .get_all(f.author_key)
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(keys, ["Ann Lee", "Bo Chen"]);
        let back = from_doc(&f, &doc);
        assert_eq!(back, a);
        // The offset comes back as written, not only the instant.
        assert_eq!(
            back.published.unwrap().to_rfc3339(),
            "2024-06-24T01:30:00+03:00"
        );
    }
}
