//! CSV: a header row, then one row per hit. Lists (places, focus) are joined with `; `.

use crate::article::PlacePath;
use crate::search::Results;
use std::io::{self, Write};

const HEADER: [&str; 13] = [
    "id",
    "published",
    "date_source",
    "title",
    "places",
    "focus",
    "source",
    "author",
    "section",
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

/// The I/O error inside a CSV error as itself, so that a closed pipe (`| head`) stays a quiet `BrokenPipe`.
fn io_error(e: ::csv::Error) -> io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

pub fn results(w: &mut dyn Write, r: &Results) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(HEADER).map_err(io_error)?;
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
            h.author.as_deref().unwrap_or(""),
            h.section.as_deref().unwrap_or(""),
            h.url.as_deref().unwrap_or(""),
            &h.path,
            &h.score.map(|s| format!("{s:.4}")).unwrap_or_default(),
            &h.snippet.text,
        ])
        .map_err(io_error)?;
    }
    out.flush()
}
