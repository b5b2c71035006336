//! JSON and JSON lines. Field names are a contract with scripts: keep them.

use crate::article::{Article, DateSource, PlacePath};
use crate::search::{Hit, PeriodCount, PlaceCount, Results, Stats};
use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use serde::Serialize;
use std::io::{self, Write};

/// RFC 3339 to the second, with the offset the publisher used (`2024-07-01T01:30:00+03:00`), or `Z` for UTC
/// (`2024-06-23T00:00:00Z`).
pub fn rfc3339(d: &DateTime<FixedOffset>) -> String {
    d.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// RFC 3339 in UTC with a `Z`, to the second.
pub fn rfc3339_utc(d: &DateTime<FixedOffset>) -> String {
    d.with_timezone(&Utc)
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[derive(Serialize)]
struct HitJson<'a> {
    id: &'a str,
    title: &'a str,
    published: Option<String>,
    date_source: Option<DateSource>,
    places: &'a [PlacePath],
    focus: &'a [PlacePath],
    source: Option<&'a str>,
    url: Option<&'a str>,
    path: &'a str,
    score: Option<f32>,
    snippet: &'a str,
}

fn hit_json(h: &Hit) -> HitJson<'_> {
    HitJson {
        id: &h.id,
        title: &h.title,
        published: h.published.as_ref().map(rfc3339),
        date_source: h.date_source,
        places: &h.places,
        focus: &h.focus,
        source: h.source.as_deref(),
        url: h.url.as_deref(),
        path: &h.path,
        score: h.score,
        snippet: &h.snippet.text,
    }
}

pub fn results(w: &mut dyn Write, r: &Results) -> io::Result<()> {
    #[derive(Serialize)]
    struct Out<'a> {
        total: usize,
        hits: Vec<HitJson<'a>>,
    }
    let out = Out {
        total: r.total,
        hits: r.hits.iter().map(hit_json).collect(),
    };
    serde_json::to_writer_pretty(&mut *w, &out)?;
    writeln!(w)
}

pub fn results_lines(w: &mut dyn Write, r: &Results) -> io::Result<()> {
    for h in &r.hits {
        serde_json::to_writer(&mut *w, &hit_json(h))?;
        writeln!(w)?;
    }
    Ok(())
}

#[derive(Serialize)]
struct ArticleJson<'a> {
    id: &'a str,
    title: &'a str,
    published: Option<String>,
    date_source: Option<DateSource>,
    places: &'a [PlacePath],
    focus: &'a [PlacePath],
    primary_place: Option<&'a PlacePath>,
    source: Option<&'a str>,
    url: Option<&'a str>,
    author: Option<&'a str>,
    language: Option<&'a str>,
    path: &'a str,
    content_hash: &'a str,
    body: &'a str,
}

pub fn article(w: &mut dyn Write, a: &Article) -> io::Result<()> {
    let out = ArticleJson {
        id: &a.id,
        title: &a.title,
        published: a.published.as_ref().map(rfc3339),
        date_source: a.date_source,
        places: &a.places,
        focus: &a.focus,
        primary_place: a.primary_place.as_ref(),
        source: a.source.as_deref(),
        url: a.url.as_deref(),
        author: a.author.as_deref(),
        language: a.language.as_deref(),
        path: &a.path,
        content_hash: &a.content_hash,
        body: &a.body,
    };
    serde_json::to_writer_pretty(&mut *w, &out)?;
    writeln!(w)
}

pub fn stats(w: &mut dyn Write, s: &Stats) -> io::Result<()> {
    let mut v = serde_json::to_value(s)?;
    if let Some(o) = v.as_object_mut() {
        for key in ["first_published", "last_published"] {
            if let Some(serde_json::Value::String(d)) = o.get(key) {
                let day = d.get(..10).unwrap_or(d).to_string();
                o.insert(key.to_string(), serde_json::Value::String(day));
            }
        }
    }
    serde_json::to_writer_pretty(&mut *w, &v)?;
    writeln!(w)
}

pub fn places(w: &mut dyn Write, counts: &[PlaceCount]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, counts)?;
    writeln!(w)
}

pub fn periods(w: &mut dyn Write, counts: &[PeriodCount]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, counts)?;
    writeln!(w)
}

/// Counts by name (sources): `[{"name": ..., "count": ...}]`, the shape of `stats`' lists.
pub fn names(w: &mut dyn Write, counts: &[crate::search::NameCount]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, counts)?;
    writeln!(w)
}
