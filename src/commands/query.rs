//! `search`, `show`, `stats` and `facets`: turn flags into a `QuerySpec`, run it, render the answer.

use super::Status;
use crate::article::PlacePath;
use crate::dates::Period;
use crate::index::Archive;
use crate::places;
use crate::render::{self, Style};
use crate::search::{filters, run, NameFacet, QuerySpec, Sort};
use anyhow::bail;
use std::io::Write;

pub use crate::search::filters::Filters;

/// Output formats of `search`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Jsonl,
    Csv,
}

/// Resolves a place argument through the gazetteer; says on stderr which reading it took when there was a choice.
pub fn resolve_place(flag: &str, name: &str) -> anyhow::Result<PlacePath> {
    let (path, note) = filters::resolve_place(flag, name)?;
    if let Some(note) = note {
        eprintln!("dateline: {note}");
    }
    Ok(path)
}

/// Turns the typed filters and query into a spec; says on stderr which reading it took of an ambiguous place.
pub fn spec(text: &str, f: &Filters) -> anyhow::Result<QuerySpec> {
    let mut notes = Vec::new();
    let spec = filters::to_spec(text, f, &mut notes)?;
    for note in notes {
        eprintln!("dateline: {note}");
    }
    Ok(spec)
}

fn run_error(e: run::SearchError) -> anyhow::Error {
    match e {
        run::SearchError::Syntax(s) => anyhow::anyhow!("{s}"),
        run::SearchError::Other(e) => e,
    }
}

pub struct SearchConfig {
    pub spec: QuerySpec,
    pub sort: Option<Sort>,
    pub limit: usize,
    pub offset: usize,
    pub format: Format,
}

pub fn search(
    archive: &Archive,
    cfg: &SearchConfig,
    out: &mut dyn Write,
) -> anyhow::Result<Status> {
    let sort = cfg.sort.unwrap_or_default();
    let results =
        run::search(archive, &cfg.spec, sort, cfg.limit, cfg.offset).map_err(run_error)?;
    match cfg.format {
        Format::Text => render::text::results(out, Style::for_stdout(), &results, cfg.offset)?,
        Format::Json => render::json::results(out, &results)?,
        Format::Jsonl => render::json::results_lines(out, &results)?,
        Format::Csv => render::csv::results(out, &results)?,
    }
    Ok(if results.total > 0 {
        Status::Ok
    } else {
        Status::Nothing
    })
}

pub fn show(
    archive: &Archive,
    id: &str,
    json: bool,
    explain: bool,
    out: &mut dyn Write,
) -> anyhow::Result<Status> {
    let Some(article) = run::article_by_id(archive, id)? else {
        bail!(
            "no article with id {id:?} in {}; ids are printed by `dateline search`",
            archive.root().display()
        );
    };
    // The explanation reads the stored title and body again with this binary's geoparser, and the place
    // corrections the index was built with.
    let why = if explain {
        let copy = archive.root().join(places::corrections::APPLIED_NAME);
        let applied = places::corrections::read_file(&copy)?;
        places::use_corrections(applied.as_deref(), &copy.display().to_string());
        Some(places::explain(&article.title, &article.body).1)
    } else {
        None
    };
    if json {
        render::json::article(out, &article, why.as_deref())?;
    } else {
        render::text::article(out, Style::for_stdout(), &article)?;
        if let Some(lines) = &why {
            render::text::place_explanation(out, lines)?;
        }
    }
    Ok(Status::Ok)
}

pub fn stats(
    archive: &Archive,
    top: usize,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<Status> {
    let s = run::stats(archive, top)?;
    if json {
        render::json::stats(out, &s)?;
    } else {
        render::text::stats(out, &s)?;
    }
    Ok(Status::Ok)
}

pub fn facet_places(
    archive: &Archive,
    spec: &QuerySpec,
    under: Option<&str>,
    focus: bool,
    top: usize,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<Status> {
    let under = match under {
        Some(u) => resolve_place("--under", u)?,
        None => PlacePath::default(),
    };
    let counts = run::count_places(archive, spec, &under, focus, top).map_err(run_error)?;
    if json {
        render::json::places(out, &counts)?;
    } else {
        render::text::places(out, Style::for_stdout(), &counts)?;
    }
    Ok(if counts.is_empty() {
        Status::Nothing
    } else {
        Status::Ok
    })
}

/// `facets sources|authors|sections`: matching articles per name.
pub fn facet_names(
    archive: &Archive,
    spec: &QuerySpec,
    facet: NameFacet,
    top: usize,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<Status> {
    let counts = run::count_names(archive, spec, facet, top).map_err(run_error)?;
    if json {
        render::json::names(out, &counts.counts)?;
    } else {
        render::text::names(out, Style::for_stdout(), &counts, facet.noun())?;
    }
    Ok(if counts.counts.is_empty() {
        Status::Nothing
    } else {
        Status::Ok
    })
}

pub fn facet_dates(
    archive: &Archive,
    spec: &QuerySpec,
    period: Period,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<Status> {
    let counts = run::count_periods(archive, spec, period).map_err(run_error)?;
    if json {
        render::json::periods(out, &counts)?;
    } else {
        render::text::periods(out, Style::for_stdout(), &counts)?;
    }
    Ok(if counts.iter().any(|c| c.count > 0) {
        Status::Ok
    } else {
        Status::Nothing
    })
}
