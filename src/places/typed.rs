//! Names typed by users (`--place Derbent`, `--place Russia/Dagestan`): which place a name or path means, and the
//! near misses offered when it means none. Articles are geoparsed elsewhere (`geoparse.rs`); the two share only the
//! gazetteer and the rule that a city holding most of a region's people is what the region's name means.

use super::format::{Kind, NameKind, FLAG_CAPITAL};
use super::gazetteer::{Entity, Gazetteer};
use super::geoparse::CITY_SHARE;
use super::Resolution;
use crate::article::PlacePath;

/// Importance of a reading for `resolve`: population, doubled for capitals, and for a town the world knows
/// (more names in other languages than a typical town's 20) multiplied by the cube of that ratio: Hollywood in
/// Los Angeles (57 names) is far more likely in news than Hollywood, Florida (25) of about as many people.
fn importance(e: &Entity) -> f64 {
    let mut p = f64::from(e.population.max(1));
    if e.flags & FLAG_CAPITAL != 0 {
        p *= 2.0;
    }
    if e.kind == Kind::City {
        p *= ((1.0 + f64::from(e.fame)) / 21.0).max(1.0).powi(3);
    }
    p
}

/// A reading of a typed name and its importance.
type Cand = (u32, f64);

/// Places whose name is a typo away from `name` (the last part of a path): for "no such place" messages. At most
/// `limit` of the nearest, the most populous first; one edit for names up to 5 letters, two beyond.
pub fn suggest_with(g: &Gazetteer, name: &str, limit: usize) -> Vec<PlacePath> {
    let last = name
        .rsplit('/')
        .find(|s| !s.trim().is_empty())
        .unwrap_or("");
    let want: Vec<char> = super::norm::key(last).chars().collect();
    if want.len() < 3 {
        return Vec::new();
    }
    let max = if want.len() <= 5 { 1 } else { 2 };
    let n = g.n_entities() as u32;
    let mut near: Vec<(usize, std::cmp::Reverse<u32>, u32)> = Vec::new();
    let mut cand: Vec<char> = Vec::new();
    for e in 0..n {
        cand.clear();
        cand.extend(super::norm::key(g.name(e)).chars());
        if cand.len().abs_diff(want.len()) > max {
            continue;
        }
        if let Some(d) = edit_distance(&want, &cand, max) {
            near.push((d, std::cmp::Reverse(g.entity(e).population), e));
        }
    }
    near.sort();
    // Only the nearest: "Germny" suggests Germany, not also the towns two edits away.
    let best = near.first().map_or(0, |n| n.0);
    let mut out: Vec<PlacePath> = Vec::new();
    for (_, _, e) in near.into_iter().take_while(|n| n.0 == best) {
        let p = g.path(e);
        if !out.contains(&p) {
            out.push(p);
        }
        if out.len() == limit {
            break;
        }
    }
    out
}

/// Levenshtein distance of `a` and `b` (transposed neighbours count as one edit), or `None` above `max`.
fn edit_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|&d| d <= max)
}

/// Resolves a user's place argument (see `places::resolve`).
pub fn resolve_with(g: &Gazetteer, name: &str) -> Resolution {
    let name = name.trim();
    if name.contains('/') {
        let wanted = PlacePath::parse(name);
        let Some(last) = wanted.components().last() else {
            return Resolution::Unknown;
        };
        let want: Vec<String> = wanted
            .components()
            .iter()
            .map(|c| super::norm::key(c))
            .collect();
        let Some(k) = g.lookup(last) else {
            return Resolution::Unknown;
        };
        let readings: Vec<(PlacePath, f64)> = g
            .readings(k)
            .filter_map(|r| r.entity)
            .map(|e| (g.path(e), importance(&g.entity(e))))
            .filter(|(p, _)| {
                super::norm::key(p.components().last().map_or("", |c| c.as_str()))
                    == want[want.len() - 1]
            })
            .collect();
        let exact = |p: &PlacePath| {
            p.depth() == want.len()
                && p.components()
                    .iter()
                    .zip(&want)
                    .all(|(a, b)| super::norm::key(a) == *b)
        };
        // A path that skips a level ("England/London", "United Kingdom/London") names the same place as the
        // full path: its parts appear in order in the place's path.
        let skipping = |p: &PlacePath| {
            let mut parts = p.components().iter().map(|c| super::norm::key(c));
            want.iter().all(|w| parts.any(|c| c == *w))
        };
        let mut found: Vec<(PlacePath, f64)> =
            readings.iter().filter(|(p, _)| exact(p)).cloned().collect();
        if found.is_empty() {
            found = readings
                .iter()
                .filter(|(p, _)| skipping(p))
                .cloned()
                .collect();
        }
        found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut paths: Vec<PlacePath> = Vec::new();
        let mut weights: Vec<f64> = Vec::new();
        for (p, w) in found {
            if !paths.contains(&p) {
                paths.push(p);
                weights.push(w);
            }
        }
        return match paths.len() {
            0 => Resolution::Unknown,
            1 => Resolution::Found(paths.remove(0)),
            _ if weights[0] >= 10.0 * weights[1] => {
                let chosen = paths.remove(0);
                Resolution::Likely {
                    chosen,
                    others: paths,
                }
            }
            _ => {
                paths.sort();
                Resolution::Ambiguous(paths)
            }
        };
    }
    let Some(k) = g.lookup(name) else {
        return Resolution::Unknown;
    };
    let all: Vec<(u32, NameKind)> = g
        .readings(k)
        .filter_map(|r| r.entity.map(|e| (e, r.kind)))
        .collect();
    // Prefer a place's own names over alternates and demonyms when there are any.
    let strongest = all.iter().map(|r| rank_kind(r.1)).min();
    let mut cands: Vec<(u32, f64)> = all
        .iter()
        .filter(|r| Some(rank_kind(r.1)) == strongest)
        .map(|&(e, _)| (e, importance(&g.entity(e))))
        .collect();
    cands.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    cands.dedup_by_key(|c| c.0);
    // A region or country named like a city inside it ("Moscow", "Quebec"): one of the two is meant, by the same
    // rule as in articles (the city when it holds most of the people).
    // The reading set aside is still listed among the others ("New York": the city, and the state too).
    let snapshot = cands.clone();
    let (kept, set_aside): (Vec<Cand>, Vec<Cand>) =
        snapshot.iter().copied().partition(|&(e, _)| {
            let ent = g.entity(e);
            !snapshot.iter().any(|&(o, _)| {
                if o == e {
                    return false;
                }
                let oe = g.entity(o);
                let city_most = |city: &Entity, container: &Entity| {
                    f64::from(city.population)
                        >= CITY_SHARE * f64::from(container.population.max(1))
                };
                match (ent.kind, oe.kind) {
                    // e is the container of city o.
                    (Kind::Region | Kind::Country, Kind::City) if g.within(o, e) => {
                        city_most(&oe, &ent)
                    }
                    // e is a city inside o.
                    (Kind::City, Kind::Region | Kind::Country) if g.within(e, o) => {
                        !city_most(&ent, &oe)
                    }
                    _ => false,
                }
            })
        });
    cands = kept;
    let mut paths: Vec<PlacePath> = Vec::new();
    for (e, _) in cands.iter().chain(&set_aside) {
        let p = g.path(*e);
        if !paths.contains(&p) {
            paths.push(p);
        }
    }
    match paths.len() {
        0 => Resolution::Unknown,
        1 => Resolution::Found(paths.remove(0)),
        _ => {
            // Clearly more likely: the only reading left after the city/region rule, ten times the importance
            // of the next reading, or a city bigger than the region of its country named after it ("Kyiv": the
            // capital, not Kyiv Oblast around it).
            let city_over_its_namesake = |a: u32, b: u32| {
                let (a, b) = (g.entity(a), g.entity(b));
                a.kind == Kind::City
                    && b.kind == Kind::Region
                    && a.country == b.country
                    && b.population > 0
                    && a.population >= b.population
            };
            if cands.len() == 1
                || cands[0].1 >= 10.0 * cands[1].1
                || (city_over_its_namesake(cands[0].0, cands[1].0)
                    && cands.get(2).is_none_or(|c| cands[0].1 >= 10.0 * c.1))
            {
                let chosen = paths.remove(0);
                Resolution::Likely {
                    chosen,
                    others: paths,
                }
            } else {
                Resolution::Ambiguous(paths)
            }
        }
    }
}

fn rank_kind(k: NameKind) -> u8 {
    match k {
        NameKind::Name | NameKind::Short | NameKind::Abbrev => 0,
        NameKind::Alt => 1,
        NameKind::Demonym => 2,
        NameKind::Block | NameKind::Qualifier => 3,
    }
}
