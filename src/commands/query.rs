//! `search`, `show`, `stats` and `facets`: turn flags into a `QuerySpec`, run it, render the answer.

use super::Status;
use crate::article::PlacePath;
use crate::dates::{self, Bound, Period, TimeBound};
use crate::index::Archive;
use crate::places::{self, Resolution};
use crate::render::{self, Style};
use crate::search::{run, NameFacet, QuerySpec, Sort};
use anyhow::bail;
use std::io::Write;

/// The filters as typed: dates and places still to be understood.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    pub from: Option<String>,
    pub to: Option<String>,
    pub on: Option<String>,
    pub since: Option<String>,
    pub place: Vec<String>,
    pub about: Vec<String>,
    pub not_place: Vec<String>,
    pub source: Vec<String>,
    pub author: Vec<String>,
    pub section: Vec<String>,
}

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
    match places::resolve(name) {
        Resolution::Found(p) => Ok(p),
        Resolution::Likely { chosen, others } => {
            let others: Vec<String> = others.iter().map(|p| p.to_string()).collect();
            eprintln!(
                "dateline: {flag} {name}: taking {chosen} (the most likely; also {}); give a path to choose another",
                others.join(", ")
            );
            Ok(chosen)
        }
        Resolution::Ambiguous(all) => {
            let all: Vec<String> = all.iter().map(|p| p.to_string()).collect();
            bail!(
                "{flag} {name:?} is ambiguous: it could be {}; give one of these paths",
                all.join(", ")
            )
        }
        Resolution::Unknown => {
            let near: Vec<String> = places::suggest(name)
                .iter()
                .map(|p| p.to_string())
                .collect();
            if near.is_empty() {
                bail!("{flag} {name:?}: no such place in the gazetteer; give a name like Derbent or a path like Russia/Dagestan")
            }
            bail!(
                "{flag} {name:?}: no such place in the gazetteer; did you mean {}?",
                near.join(" or ")
            )
        }
    }
}

/// Turns the typed filters and query into a spec.
pub fn spec(text: &str, f: &Filters) -> anyhow::Result<QuerySpec> {
    let mut spec = QuerySpec {
        text: text.to_string(),
        ..QuerySpec::default()
    };
    let bad = |flag: &str, e: dates::DateError| anyhow::anyhow!("{flag}: {e}");
    if let Some(s) = &f.from {
        spec.from = Some(dates::parse_time_bound(s, Bound::Start).map_err(|e| bad("--from", e))?);
    }
    if let Some(s) = &f.to {
        spec.until = Some(dates::parse_time_bound(s, Bound::End).map_err(|e| bad("--to", e))?);
    }
    if let Some(s) = &f.on {
        let (from, until) = dates::parse_on_days(s).map_err(|e| bad("--on", e))?;
        spec.from = Some(TimeBound::Day(from));
        spec.until = Some(TimeBound::Day(until));
    }
    if let Some(s) = &f.since {
        let since = dates::parse_since(s, crate::clock::now()).map_err(|e| bad("--since", e))?;
        spec.from = Some(TimeBound::Instant(since));
    }
    if let (Some(a), Some(b)) = (spec.from, spec.until) {
        if a.start_instant() >= b.start_instant() {
            bail!("the date range is empty: --from is after --to");
        }
    }
    spec.places = f
        .place
        .iter()
        .map(|p| resolve_place("--place", p))
        .collect::<Result<_, _>>()?;
    spec.about = f
        .about
        .iter()
        .map(|p| resolve_place("--about", p))
        .collect::<Result<_, _>>()?;
    spec.not_places = f
        .not_place
        .iter()
        .map(|p| resolve_place("--not-place", p))
        .collect::<Result<_, _>>()?;
    for (flag, given, into) in [
        ("--source", &f.source, &mut spec.sources),
        ("--author", &f.author, &mut spec.authors),
        ("--section", &f.section, &mut spec.sections),
    ] {
        for name in given {
            if name.trim().is_empty() {
                bail!(
                    "{flag} needs a name, as `facets {}s` lists them",
                    &flag[2..]
                );
            }
            into.push(name.trim().to_string());
        }
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
