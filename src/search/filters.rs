//! Filters as a user types them (`--from 2024-06`, `--place Derbent`) turned into a `QuerySpec`: the one reading
//! of dates and place names that the command line and `dateline serve` share. Messages name the flag as the
//! command line spells it (`--place`); the server maps its URL parameters to the same names.

use super::QuerySpec;
use crate::article::PlacePath;
use crate::dates::{self, Bound, TimeBound};
use crate::places::{self, Resolution};
use anyhow::bail;

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

/// Resolves a place argument through the gazetteer. When a name had several readings and the most likely was
/// taken, the second value says which (for the user: stderr on the command line, the page in the browser).
pub fn resolve_place(flag: &str, name: &str) -> anyhow::Result<(PlacePath, Option<String>)> {
    match places::resolve(name) {
        Resolution::Found(p) => Ok((p, None)),
        Resolution::Likely { chosen, others } => {
            let others: Vec<String> = others.iter().map(|p| p.to_string()).collect();
            let note = format!(
                "{flag} {name}: taking {chosen} (the most likely; also {}); give a path to choose another",
                others.join(", ")
            );
            Ok((chosen, Some(note)))
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

/// Turns the typed filters and query into a spec; notes about places read one of several ways go to `notes`.
pub fn to_spec(text: &str, f: &Filters, notes: &mut Vec<String>) -> anyhow::Result<QuerySpec> {
    let mut spec = QuerySpec {
        text: text.to_string(),
        ..QuerySpec::default()
    };
    let bad = |flag: &str, e: dates::DateError| anyhow::anyhow!("{flag}: {e}");
    if f.on.is_some() && (f.from.is_some() || f.to.is_some() || f.since.is_some()) {
        bail!("--on cannot be combined with --from, --to or --since");
    }
    if f.since.is_some() && f.from.is_some() {
        bail!("--since cannot be combined with --from");
    }
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
    let mut resolve_all = |flag: &str, names: &[String]| -> anyhow::Result<Vec<PlacePath>> {
        let mut out = Vec::with_capacity(names.len());
        for name in names {
            let (path, note) = resolve_place(flag, name)?;
            notes.extend(note);
            out.push(path);
        }
        Ok(out)
    };
    spec.places = resolve_all("--place", &f.place)?;
    spec.about = resolve_all("--about", &f.about)?;
    spec.not_places = resolve_all("--not-place", &f.not_place)?;
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
