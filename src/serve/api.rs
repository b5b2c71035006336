//! The JSON API: the command line's JSON for the same question, byte for byte (`render::json`), with the CLI's
//! options as URL parameters. Errors are `{"error": "..."}` with a 4xx or 5xx status.

use super::params::Params;
use super::work::Failure;
use super::App;
use crate::article::PlacePath;
use crate::dates::Period;
use crate::render::json;
use crate::search::filters;
use crate::search::run;
use crate::search::NameFacet;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// Default number of hits, as `dateline search`.
const DEFAULT_LIMIT: usize = 10;

fn json_response(status: StatusCode, body: Vec<u8>) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

pub fn failure(f: Failure) -> Response {
    let body = serde_json::to_vec_pretty(&serde_json::json!({ "error": f.message() }))
        .unwrap_or_else(|_| b"{\"error\": \"?\"}".to_vec());
    json_response(f.status(), body)
}

fn answer(result: Result<Vec<u8>, Failure>) -> Response {
    match result {
        Ok(body) => json_response(StatusCode::OK, body),
        Err(f) => failure(f),
    }
}

fn params(raw: Option<String>) -> Result<Params, Failure> {
    Params::parse(raw.as_deref()).map_err(Failure::Bad)
}

fn write(render: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> Result<Vec<u8>, Failure> {
    let mut out = Vec::new();
    render(&mut out).map_err(|e| Failure::Internal(e.to_string()))?;
    Ok(out)
}

/// `/api/search`: as `dateline search --format json`.
pub async fn search(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> Response {
    let p = match params(raw) {
        Ok(p) => p,
        Err(f) => return failure(f),
    };
    answer(
        app.work
            .run(move |archive| {
                let (spec, _) = p.spec().map_err(Failure::Bad)?;
                let limit = p.limit.unwrap_or(DEFAULT_LIMIT);
                let results = run::search(archive, &spec, p.sort(), limit, p.offset)?;
                write(|w| json::results(w, &results))
            })
            .await,
    )
}

/// `/api/facets/places`, `/api/facets/dates`, `/api/facets/sources`: as `dateline facets places|dates|sources`.
pub async fn facets(
    State(app): State<Arc<App>>,
    Path(kind): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let p = match params(raw) {
        Ok(p) => p,
        Err(f) => return failure(f),
    };
    let result = match kind.as_str() {
        "places" => {
            app.work
                .run(move |archive| {
                    let (spec, _) = p.spec().map_err(Failure::Bad)?;
                    let under = match &p.under {
                        Some(u) => {
                            filters::resolve_place("under", u)
                                .map_err(|e| Failure::Bad(format!("{e:#}")))?
                                .0
                        }
                        None => PlacePath::default(),
                    };
                    let counts =
                        run::count_places(archive, &spec, &under, p.focus, p.top.unwrap_or(20))?;
                    write(|w| json::places(w, &counts))
                })
                .await
        }
        "dates" => {
            app.work
                .run(move |archive| {
                    let (spec, _) = p.spec().map_err(Failure::Bad)?;
                    let by = p.by.unwrap_or(Period::Month);
                    super::chart::check_span(&spec, by).map_err(Failure::Bad)?;
                    let counts = run::count_periods(archive, &spec, by)?;
                    write(|w| json::periods(w, &counts))
                })
                .await
        }
        other => match NameFacet::ALL.into_iter().find(|f| f.name() == other) {
            Some(facet) => {
                app.work
                    .run(move |archive| {
                        let (spec, _) = p.spec().map_err(Failure::Bad)?;
                        let counts = run::count_names(archive, &spec, facet, p.top.unwrap_or(10))?;
                        write(|w| json::names(w, &counts.counts))
                    })
                    .await
            }
            None => {
                let mut known = vec!["places", "dates"];
                known.extend(NameFacet::ALL.iter().map(|f| f.name()));
                Err(Failure::NotFound(format!(
                    "no facet {other:?}; known: {}",
                    known.join(", ")
                )))
            }
        },
    };
    answer(result)
}

/// `/api/articles/{id}`: as `dateline show ID --format json`.
pub async fn article(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    answer(
        app.work
            .run(move |archive| {
                let a = run::article_by_id(archive, &id)
                    .map_err(Failure::internal)?
                    .ok_or_else(|| Failure::NotFound(format!("no article with id {id:?}")))?;
                write(|w| json::article(w, &a, None))
            })
            .await,
    )
}

/// `/api/stats`: as `dateline stats --format json` (`top` as `--top`).
pub async fn stats(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> Response {
    let p = match params(raw) {
        Ok(p) => p,
        Err(f) => return failure(f),
    };
    answer(
        app.work
            .run(move |archive| {
                let s = run::stats(archive, p.top.unwrap_or(10)).map_err(Failure::internal)?;
                write(|w| json::stats(w, &s))
            })
            .await,
    )
}
