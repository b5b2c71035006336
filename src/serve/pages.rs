//! The HTML pages: the search page (hits, facets, the chart and the map, all from the URL's parameters) and the
//! article page. Templates are in `templates/`, compiled and checked by askama, which escapes every value.

use super::chart::{self, ChartView};
use super::map::{self, MapView};
use super::params::{self, Params};
use super::work::Failure;
use super::App;
use crate::article::{Article, PlacePath};
use crate::dates::Period;
use crate::search::{run, Hit, NameCount, PeriodCount, PlaceCount, QuerySpec, Results};
use crate::search::{terms, NameFacet};
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// Hits per page.
const PAGE: usize = 10;
/// Places and sources listed in a facet.
const FACET_TOP: usize = 15;
/// Cities drawn on the map.
const MAP_CITIES: usize = 100;

fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

fn render(status: StatusCode, t: &impl Template) -> Response {
    match t.render() {
        Ok(body) => html(status, body),
        Err(e) => html(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!(
                "<!doctype html><title>error</title><p>the page could not be drawn: {}</p>",
                escape(&e.to_string())
            ),
        ),
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A path for a URL: every byte but unreserved characters and `/` percent-encoded (ids hold `#`, spaces, `%`).
pub fn path_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn article_href(id: &str) -> String {
    format!("/articles/{}", path_escape(id))
}

pub struct Link {
    pub label: String,
    pub href: String,
}

pub struct CountLink {
    pub label: String,
    pub count: u64,
    pub href: String,
    pub title: String,
}

pub struct Facet {
    pub name: &'static str,
    pub crumbs: Vec<Link>,
    pub items: Vec<CountLink>,
}

pub struct HitView {
    pub href: String,
    pub title: String,
    pub day: String,
    pub date_source: String,
    pub guessed: bool,
    pub places: Vec<Link>,
    pub source: String,
    pub id: String,
    pub snippet: Vec<(String, bool)>,
}

/// The text of a snippet cut into plain and highlighted runs, for the template to escape and mark.
fn runs(text: &str, highlights: &[std::ops::Range<usize>]) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut at = 0;
    for r in highlights {
        let (Some(before), Some(hit)) = (text.get(at..r.start), text.get(r.start..r.end)) else {
            continue;
        };
        if !before.is_empty() {
            out.push((before.to_string(), false));
        }
        out.push((hit.to_string(), true));
        at = r.end;
    }
    if let Some(rest) = text.get(at..) {
        if !rest.is_empty() {
            out.push((rest.to_string(), false));
        }
    }
    out
}

fn place_link(p: &Params, place: &PlacePath) -> Link {
    let path = place.to_string();
    Link {
        label: path.clone(),
        href: p.link(|q| q.place = vec![path]),
    }
}

fn hit_view(p: &Params, h: &Hit) -> HitView {
    HitView {
        href: article_href(&h.id),
        title: if h.title.trim().is_empty() {
            "(no title)".to_string()
        } else {
            h.title.clone()
        },
        day: h
            .published
            .map(|d| d.date_naive().to_string())
            .unwrap_or_else(|| "undated".into()),
        date_source: h
            .date_source
            .map_or(String::new(), |s| s.as_str().to_string()),
        guessed: h.date_source.is_some_and(|s| s.is_uncertain()),
        places: h.places.iter().map(|pl| place_link(p, pl)).collect(),
        source: h.source.clone().unwrap_or_default(),
        id: h.id.clone(),
        snippet: runs(&h.snippet.text, &h.snippet.highlights),
    }
}

/// An active filter, with the link that removes it.
pub struct Chip {
    pub label: String,
    pub remove: String,
}

fn chips(p: &Params) -> Vec<Chip> {
    let mut out = Vec::new();
    for (label, v, clear) in [
        ("from", &p.from, 0),
        ("to", &p.to, 1),
        ("on", &p.on, 2),
        ("since", &p.since, 3),
    ] {
        if let Some(v) = v {
            out.push(Chip {
                label: format!("{label} {v}"),
                remove: p.link(|q| match clear {
                    0 => q.from = None,
                    1 => q.to = None,
                    2 => q.on = None,
                    _ => q.since = None,
                }),
            });
        }
    }
    for (label, list, which) in [
        ("place", &p.place, 0),
        ("about", &p.about, 1),
        ("not place", &p.not_place, 2),
        ("source", &p.source, 3),
        ("author", &p.author, 4),
        ("section", &p.section, 5),
    ] {
        for (i, v) in list.iter().enumerate() {
            out.push(Chip {
                label: format!("{label} {v}"),
                remove: p.link(|q| {
                    let l = match which {
                        0 => &mut q.place,
                        1 => &mut q.about,
                        2 => &mut q.not_place,
                        3 => &mut q.source,
                        4 => &mut q.author,
                        _ => &mut q.section,
                    };
                    l.remove(i);
                }),
            });
        }
    }
    out
}

/// What the search page's blocking part computes.
struct Found {
    results: Results,
    notes: Vec<String>,
    /// Where the place facet counts from (`None`: countries), and its counts.
    under: Option<PlacePath>,
    places: Vec<PlaceCount>,
    countries: Vec<PlaceCount>,
    cities: Vec<PlaceCount>,
    terms: Vec<(NameFacet, Vec<NameCount>)>,
    by: Period,
    series: Vec<(String, Vec<PeriodCount>)>,
    all: Option<Vec<PeriodCount>>,
}

/// The same filters, no query text, sources or places: the articles a share is a share of.
fn all_articles(p: &Params) -> Params {
    Params {
        q: String::new(),
        place: Vec::new(),
        about: Vec::new(),
        not_place: Vec::new(),
        source: Vec::new(),
        author: Vec::new(),
        section: Vec::new(),
        ..p.clone()
    }
}

fn find(archive: &crate::index::Archive, p: &Params) -> Result<Found, Failure> {
    let (spec, notes) = p.spec().map_err(Failure::Bad)?;
    let results = run::search(archive, &spec, p.sort(), PAGE, p.offset)?;
    let (countries, cities) = terms::count_world(archive, &spec, MAP_CITIES)?;
    // One place filter: drill into it; otherwise list countries.
    let under = match spec.places.as_slice() {
        [one] if one.depth() < 3 => Some(one.clone()),
        _ => None,
    };
    let places = match &under {
        Some(u) => run::count_places(archive, &spec, u, false, FACET_TOP)?,
        None => countries.iter().take(FACET_TOP).cloned().collect(),
    };
    let mut terms_found = Vec::new();
    for facet in NameFacet::ALL {
        let counts = run::count_names(archive, &spec, facet, FACET_TOP)?;
        if !counts.counts.is_empty() {
            terms_found.push((facet, counts.counts));
        }
    }
    // The chart: the query and the compared ones over the same filters.
    let mut specs: Vec<(String, QuerySpec)> = vec![(display_query(&p.q), spec.clone())];
    for c in &p.compare {
        specs.push((display_query(c), p.spec_for(c).map_err(Failure::Bad)?.0));
    }
    let mut series = Vec::new();
    let by = match p.by {
        Some(by) => by,
        None => {
            let months = run::count_periods(archive, &spec, Period::Month)?;
            let by = chart::auto_period(months.len());
            if by == Period::Month {
                series.push((specs[0].0.clone(), months));
            }
            by
        }
    };
    let mut by = by;
    let mut notes = notes;
    // A chart of more bars than a screen has pixels says nothing: a longer period is drawn instead.
    while series.is_empty() {
        let next = chart::coarser(by);
        if chart::check_span(&spec, by).is_ok() {
            let counts = run::count_periods(archive, &spec, by)?;
            if counts.len() <= chart::MAX_BARS || next.is_none() {
                series.push((specs[0].0.clone(), counts));
                break;
            }
        }
        let Some(next) = next else { break };
        notes.push(format!(
            "too many {}s to draw: the chart shows {}s",
            by.as_str(),
            next.as_str()
        ));
        by = next;
    }
    chart::check_span(&spec, by).map_err(Failure::Bad)?;
    for (name, s) in specs.iter().skip(series.len()) {
        series.push((name.clone(), run::count_periods(archive, s, by)?));
    }
    let all = if p.share {
        let (all_spec, _) = all_articles(p).spec().map_err(Failure::Bad)?;
        Some(run::count_periods(archive, &all_spec, by)?)
    } else {
        None
    };
    Ok(Found {
        results,
        notes,
        under,
        places,
        countries,
        cities,
        terms: terms_found,
        by,
        series,
        all,
    })
}

fn display_query(q: &str) -> String {
    if q.trim().is_empty() {
        "all articles".into()
    } else {
        q.to_string()
    }
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    p: Params,
    sort: &'static str,
    compare: Vec<String>,
    error: Option<String>,
    notes: Vec<String>,
    chips: Vec<Chip>,
    total: usize,
    first: usize,
    last: usize,
    hits: Vec<HitView>,
    prev: Option<String>,
    next: Option<String>,
    facets: Vec<Facet>,
    chart: Option<ChartView>,
    map: Option<MapView>,
    api: String,
}

impl SearchPage {
    fn empty(p: Params, error: Option<String>) -> SearchPage {
        let mut compare = p.compare.clone();
        compare.resize(params::MAX_COMPARE, String::new());
        SearchPage {
            sort: p.sort.map_or("", params::sort_name),
            compare,
            chips: chips(&p),
            api: format!("/api/search?{}", p.to_query()),
            p,
            error,
            notes: Vec::new(),
            total: 0,
            first: 0,
            last: 0,
            hits: Vec::new(),
            prev: None,
            next: None,
            facets: Vec::new(),
            chart: None,
            map: None,
        }
    }
}

fn place_facet(p: &Params, under: &Option<PlacePath>, counts: &[PlaceCount]) -> Facet {
    let mut crumbs = Vec::new();
    if let Some(u) = under {
        crumbs.push(Link {
            label: "all places".into(),
            href: p.link(|q| q.place.clear()),
        });
        for a in u.with_ancestors() {
            let label = a.components().last().cloned().unwrap_or_default();
            crumbs.push(Link {
                label,
                href: p.link(|q| q.place = vec![a.to_string()]),
            });
        }
    }
    let items = counts
        .iter()
        .map(|c| {
            let path = c.place.to_string();
            CountLink {
                label: c.place.components().last().cloned().unwrap_or_default(),
                count: c.count,
                href: p.link(|q| q.place = vec![path.clone()]),
                title: path,
            }
        })
        .collect();
    Facet {
        name: if under.is_some() {
            "places within"
        } else {
            "countries"
        },
        crumbs,
        items,
    }
}

fn term_facet(p: &Params, facet: NameFacet, counts: &[NameCount]) -> Facet {
    let items = counts
        .iter()
        .map(|c| CountLink {
            label: c.name.clone(),
            count: c.count,
            href: p.link(|q| {
                let list = match facet {
                    NameFacet::Sources => &mut q.source,
                    NameFacet::Authors => &mut q.author,
                    NameFacet::Sections => &mut q.section,
                };
                if !list.contains(&c.name) {
                    list.push(c.name.clone());
                }
            }),
            title: format!("{}: {}", facet.name(), c.name),
        })
        .collect();
    Facet {
        name: facet.name(),
        crumbs: Vec::new(),
        items,
    }
}

/// `/`: the search page, from the same parameters as `/api/search`.
pub async fn search(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> Response {
    let p = match Params::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(e) => {
            return render(
                StatusCode::BAD_REQUEST,
                &SearchPage::empty(Params::default(), Some(e)),
            );
        }
    };
    let q = p.clone();
    let found = app.work.run(move |archive| find(archive, &q)).await;
    match found {
        Ok(f) => {
            let mut page = SearchPage::empty(p.clone(), None);
            page.notes = f.notes;
            page.total = f.results.total;
            page.first = if f.results.hits.is_empty() {
                0
            } else {
                p.offset + 1
            };
            page.last = p.offset + f.results.hits.len();
            page.hits = f.results.hits.iter().map(|h| hit_view(&p, h)).collect();
            if p.offset > 0 {
                page.prev = Some(p.link(|q| q.offset = p.offset.saturating_sub(PAGE)));
            }
            if page.last < f.results.total && p.offset + PAGE <= params::MAX_OFFSET {
                page.next = Some(p.link(|q| q.offset = p.offset + PAGE));
            }
            page.facets.push(place_facet(&p, &f.under, &f.places));
            for (facet, counts) in &f.terms {
                page.facets.push(term_facet(&p, *facet, counts));
            }
            page.chart = Some(chart::view(&p, f.by, &f.series, f.all.as_deref()));
            page.map = Some(map::view(&p, &f.countries, &f.cities));
            render(StatusCode::OK, &page)
        }
        Err(f) => render(
            f.status(),
            &SearchPage::empty(p, Some(f.message().to_string())),
        ),
    }
}

pub struct Evidence {
    pub place: Link,
    pub focus: bool,
    pub primary: bool,
    pub lines: Vec<String>,
}

#[derive(Template)]
#[template(path = "article.html")]
struct ArticlePage {
    a: Article,
    day: String,
    time: String,
    guessed: bool,
    /// The URL as a link only when it is http(s); anything else (`javascript:`) is shown as text.
    safe_url: Option<String>,
    paragraphs: Vec<String>,
    evidence: Vec<Evidence>,
    other_evidence: Vec<String>,
    api: String,
}

fn evidence(a: &Article) -> (Vec<Evidence>, Vec<String>) {
    let (_, lines) = crate::places::explain(&a.title, &a.body);
    let p = Params::default();
    let mut used = vec![false; lines.len()];
    let out = a
        .places
        .iter()
        .map(|place| {
            let path = place.to_string();
            let mut mine = Vec::new();
            for (i, l) in lines.iter().enumerate() {
                // Lines end "-> /Country/Region/City (Kind) [n readings]".
                let chosen = l.rsplit_once(" -> ").map(|(_, c)| c);
                if chosen.is_some_and(|c| c.starts_with(&format!("{path} ("))) {
                    mine.push(readable(l));
                    used[i] = true;
                }
            }
            Evidence {
                place: place_link(&p, place),
                focus: a.focus.contains(place),
                primary: a.primary_place.as_ref() == Some(place),
                lines: mine,
            }
        })
        .collect();
    let rest = lines
        .into_iter()
        .zip(used)
        .filter(|(_, u)| !u)
        .map(|(l, _)| readable(&l))
        .collect();
    (out, rest)
}

/// One line of the geoparser's explanation (`"derbent" x3 Accept title=false lead=true dateline=false -> /Russia/…
/// (Name) [2 readings]`) in words: `"derbent", named 3 times, in the lead: accepted (2 readings)`. A line of
/// another shape is shown as it is.
fn readable(line: &str) -> String {
    let Some((judged, chosen)) = line.split_once(" -> ") else {
        return line.to_string();
    };
    let mut words = judged.rsplitn(6, ' ').collect::<Vec<_>>();
    words.reverse();
    let [name, times, verdict, title, lead, dateline] = words.as_slice() else {
        return line.to_string();
    };
    let mut where_ = Vec::new();
    for (flag, label) in [
        (title, "the title"),
        (lead, "the lead"),
        (dateline, "the dateline"),
    ] {
        if flag.ends_with("=true") {
            where_.push(label);
        }
    }
    let times = times.trim_start_matches('x');
    let mut out = format!(
        "{name}, named {times} time{}",
        if times == "1" { "" } else { "s" }
    );
    if !where_.is_empty() {
        out.push_str(&format!(", in {}", where_.join(" and ")));
    }
    let readings = chosen
        .rsplit_once(" [")
        .map_or("", |(_, r)| r.trim_end_matches(']'));
    let verdict = match *verdict {
        "Accept" => "taken as a place".to_string(),
        "Reject" => "not taken as a place".to_string(),
        other => other.to_lowercase(),
    };
    out.push_str(&format!(": {verdict}"));
    if !readings.is_empty() {
        out.push_str(&format!(" ({readings} in the gazetteer)"));
    }
    out
}

/// `/articles/{id}`: one article in full, with where its date and places came from.
pub async fn article(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let api = format!("/api/articles/{}", path_escape(&id));
    let found = app
        .work
        .run(move |archive| {
            run::article_by_id(archive, &id)
                .map_err(Failure::internal)?
                .ok_or_else(|| Failure::NotFound(format!("no article with id {id:?}")))
        })
        .await;
    match found {
        Ok(a) => {
            let (evidence, other_evidence) = evidence(&a);
            let safe_url = a
                .url
                .as_deref()
                .filter(|u| {
                    let l = u.trim_start().to_ascii_lowercase();
                    l.starts_with("http://") || l.starts_with("https://")
                })
                .map(str::to_string);
            let page = ArticlePage {
                day: a
                    .published
                    .map(|d| d.date_naive().to_string())
                    .unwrap_or_else(|| "undated".into()),
                time: a
                    .published
                    .as_ref()
                    .map(crate::render::json::rfc3339)
                    .unwrap_or_default(),
                guessed: a.date_source.is_some_and(|s| s.is_uncertain()),
                safe_url,
                paragraphs: a
                    .body
                    .split("\n\n")
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                evidence,
                other_evidence,
                api,
                a,
            };
            render(StatusCode::OK, &page)
        }
        Err(f) => error_page(f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explanations_read_as_words() {
        let l = "\"derbent\" x3 Accept title=false lead=true dateline=false -> /Russia/Dagestan/Derbent (Name) [2 readings]";
        assert_eq!(
            readable(l),
            "\"derbent\", named 3 times, in the lead: taken as a place (2 readings in the gazetteer)"
        );
        assert_eq!(readable("something else"), "something else");
    }

    #[test]
    fn snippets_split_into_marked_runs() {
        let r = runs("a fire and fire", &[2..6, 11..15]);
        assert_eq!(
            r,
            [
                ("a ".into(), false),
                ("fire".into(), true),
                (" and ".into(), false),
                ("fire".into(), true)
            ]
        );
    }

    #[test]
    fn ids_are_escaped_in_paths() {
        assert_eq!(path_escape("a b/c#2%"), "a%20b/c%232%25");
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    status: u16,
    message: String,
}

fn error_page(f: Failure) -> Response {
    render(
        f.status(),
        &ErrorPage {
            status: f.status().as_u16(),
            message: f.message().to_string(),
        },
    )
}

pub async fn not_found() -> Response {
    error_page(Failure::NotFound("no such page".into()))
}
