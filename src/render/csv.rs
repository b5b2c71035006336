//! CSV: a header row, then one row per hit. Lists (places, focus) are joined with `; `.

use crate::article::PlacePath;
use crate::search::Results;
use std::io::{self, Write};

const HEADER: [&str; 11] = [
    "id",
    "published",
    "date_source",
    "title",
    "places",
    "focus",
    "source",
    "url",
    "path",
    "score",
    "snippet",
];

fn join(places: &[PlacePath]) -> String {
    places
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn results(w: &mut dyn Write, r: &Results) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(HEADER)?;
    for h in &r.hits {
        out.write_record([
            h.id.as_str(),
            &h.published
                .as_ref()
                .map(super::json::rfc3339)
                .unwrap_or_default(),
            h.date_source.map_or("", |d| d.as_str()),
            &h.title,
            &join(&h.places),
            &join(&h.focus),
            h.source.as_deref().unwrap_or(""),
            h.url.as_deref().unwrap_or(""),
            &h.path,
            &h.score.map(|s| format!("{s:.4}")).unwrap_or_default(),
            &h.snippet.text,
        ])?;
    }
    out.flush()
}
