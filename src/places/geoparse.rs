//! Geoparsing an article: from matched names to places. Mentions are grouped by name and judged (`evidence.rs`),
//! each name's reading is chosen (agreement with the other places of the article, then population and importance),
//! and the article's places, focus and primary place are built. Names typed by users are `typed.rs`.
//!
//! One sense per article: every mention of the same name resolves to the same place.

use super::evidence::{next_token, verdict, Judged, KeyClass, Verdict};
use super::format::{
    Kind, NameKind, FLAG_ADMIN1_SEAT, FLAG_ADMIN2_SEAT, FLAG_CAPITAL, FLAG_SECTION,
};
use super::gazetteer::{Entity, Gazetteer, KeyRef};
use super::matcher::{self, Gap, Scratch, IN_TITLE, MENTION_END};
use super::{lexicon, Geo};
use crate::article::PlacePath;

/// Weights of the resolver, in "log10 population" units.
mod w {
    /// A country's prior: above any city but a capital of ten million.
    pub const COUNTRY: f32 = 10.0;
    /// A region's prior is REGION_BASE + REGION_SCALE × log10(population of its cities).
    pub const REGION_BASE: f32 = 3.0;
    pub const REGION_SCALE: f32 = 0.5;
    pub const CAPITAL: f32 = 3.0;
    pub const ADMIN1_SEAT: f32 = 0.7;
    pub const ADMIN2_SEAT: f32 = 0.2;
    pub const SECTION: f32 = -0.5;
    /// A GeoNames alternate name is a weaker claim than the place's own name.
    pub const ALT: f32 = -2.0;
    /// Agreement comes before population: the first other name of the article in the same country is worth
    /// COUNTRY_FIRST, each further one COUNTRY_MORE (at most COUNTRY_MORE_MAX of them).
    pub const COUNTRY_FIRST: f32 = 4.5;
    pub const COUNTRY_MORE: f32 = 0.75;
    pub const COUNTRY_MORE_MAX: f32 = 2.0;
    /// Datelines name well-known cities: there, population counts this much more and agreement this much less.
    pub const DATELINE_PRIOR: f32 = 0.5;
    pub const DATELINE_AGREEMENT: f32 = 0.3;
    /// When the article names the reading's region itself ("Paris" with "Texas").
    pub const REGION_NAMED: f32 = 3.0;
    /// Per other city of the article in the same region (at most REGION_SUPPORT_MAX of them).
    pub const REGION_SUPPORT: f32 = 1.0;
    pub const REGION_SUPPORT_MAX: f32 = 2.0;
    /// "Nice, France": the name after the comma contains this reading.
    pub const QUALIFIER: f32 = 8.0;
    /// "Idlib province", "Quebec City".
    pub const TYPE_WORD: f32 = 4.0;
    /// Datelines name cities.
    pub const DATELINE_CITY: f32 = 2.0;
    /// Readings all below this prior (a town of ~50,000) need support from other places of the article.
    pub const SMALL: f32 = 4.7;
}

/// Everything known about one name in one article.
struct Group {
    /// The name (its key), for explanations.
    key: KeyRef,
    readings: Vec<(u32, NameKind)>,
    verdict: Verdict,
    mentions: u32,
    title: bool,
    lead: bool,
    dateline: bool,
    region_hint: bool,
    /// How many of the counted mentions an area word follows ("Fulton County").
    region_typed: u32,
    city_hint: bool,
    /// Groups whose names follow a mention of this one after a comma ("Nice, France").
    qualifiers: Vec<usize>,
    chosen: Option<(u32, NameKind)>,
    /// Some mention was part of a person's name.
    name_part: bool,
    /// Some mention had strong evidence of being a place.
    strong: bool,
    /// No reading is a country.
    no_country: bool,
    /// Every reading is a small place.
    small: bool,
    class: KeyClass,
    /// `prior` of each reading, computed once.
    priors: Vec<f32>,
}

fn prior(e: &Entity, kind: NameKind) -> f32 {
    let pop = (e.population.max(1) as f32).log10();
    let mut p = match e.kind {
        Kind::Country => w::COUNTRY,
        Kind::Region => w::REGION_BASE + w::REGION_SCALE * pop,
        Kind::City => {
            let mut p = pop;
            if e.flags & FLAG_CAPITAL != 0 {
                p += w::CAPITAL;
            } else if e.flags & FLAG_ADMIN1_SEAT != 0 {
                p += w::ADMIN1_SEAT;
            } else if e.flags & FLAG_ADMIN2_SEAT != 0 {
                p += w::ADMIN2_SEAT;
            }
            if e.flags & FLAG_SECTION != 0 {
                p += w::SECTION;
            }
            p
        }
    };
    if kind == NameKind::Alt {
        p += w::ALT;
    }
    p
}

/// Geoparses a title and a body with the given gazetteer.
pub fn geoparse_with(
    g: &Gazetteer,
    title: &str,
    body: &str,
    s: &mut Scratch,
    explain: Option<&mut Vec<String>>,
) -> Geo {
    s.clear();
    matcher::tokenize(title, true, 0, s);
    s.body_start = s.tokens.len();
    matcher::tokenize(body, false, 1, s);
    matcher::find_dateline(body, s);
    matcher::find_mentions(g, s);
    if s.mentions.is_empty() {
        return Geo::default();
    }

    let lead_end = lead_end(s);

    // Group mentions by name (articles name few places: a linear search beats a map).
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of_mention: Vec<usize> = Vec::with_capacity(s.mentions.len());
    let mut readings: Vec<(u32, NameKind)> = Vec::new();
    for mi in 0..s.mentions.len() {
        let m = s.mentions[mi];
        let gi = match groups.iter().position(|gr| gr.key.index == m.key.index) {
            Some(gi) => gi,
            None => {
                groups.push(Group {
                    key: m.key,
                    readings: Vec::new(),
                    verdict: Verdict::Reject,
                    mentions: 0,
                    title: false,
                    lead: false,
                    dateline: false,
                    region_hint: false,
                    region_typed: 0,
                    city_hint: false,
                    qualifiers: Vec::new(),
                    chosen: None,
                    name_part: false,
                    strong: false,
                    no_country: false,
                    small: false,
                    class: KeyClass::default(),
                    priors: Vec::new(),
                });
                groups.len() - 1
            }
        };
        group_of_mention.push(gi);
        let gr = &mut groups[gi];
        let mut blocked = false;
        readings.clear();
        // A region abbreviation ("Ky.") counts only right after a place name and a comma.
        let qualifier_slot = m.first > 0
            && s.tokens[m.first].gap == Gap::Comma
            && s.tokens[m.first - 1].has(MENTION_END);
        for r in g.readings(m.key) {
            match r.entity {
                None => blocked = true,
                Some(_) if r.kind == NameKind::Qualifier && !qualifier_slot => {}
                Some(e) if matcher::kind_allowed(r.kind, &m) => readings.push((e, r.kind)),
                Some(_) => {}
            }
        }
        if blocked || readings.is_empty() {
            continue;
        }
        if gr.readings.is_empty() {
            gr.class = KeyClass::of(g.key_text(m.key));
            gr.readings = readings.clone();
            gr.no_country = readings
                .iter()
                .all(|&(e, _)| g.entity(e).kind != Kind::Country);
            gr.priors = readings
                .iter()
                .map(|&(e, k)| prior(&g.entity(e), k))
                .collect();
            gr.small = gr.priors.iter().all(|&p| p < w::SMALL);
        }
        let (no_country, small) = (gr.no_country, gr.small);
        let j = if readings.iter().all(|r| r.1 == NameKind::Qualifier) {
            Judged {
                verdict: Verdict::Accept,
                name_part: false,
                strong: true,
            }
        } else {
            verdict(s, &m, gr.class, no_country, small)
        };
        gr.name_part |= j.name_part;
        gr.strong |= j.strong;
        if j.verdict == Verdict::Reject {
            continue;
        }
        gr.verdict = gr.verdict.max(j.verdict);
        gr.mentions += 1;
        let t = &s.tokens[m.first];
        gr.title |= t.has(IN_TITLE);
        gr.lead |= !t.has(IN_TITLE) && m.first < lead_end;
        gr.dateline |= m.in_dateline;
        if let Some(n) = next_token(s, &m).filter(|n| n.gap == Gap::Space) {
            let f = s.fold(n);
            gr.region_hint |= lexicon::is_region_type(f);
            gr.region_typed += u32::from(lexicon::is_area_type(f));
            gr.city_hint |= lexicon::is_city_type(f);
        }
    }
    // One sense per article: a name used for a person ("Fidel Castro") is that person elsewhere too.
    for gr in groups.iter_mut().filter(|gr| gr.name_part && !gr.strong) {
        gr.verdict = Verdict::Reject;
    }
    // "Fulton County", "Cagayan province", "Sacramento State": a name that an area word always follows, without a
    // region or country reading, names an area the gazetteer does not hold (a county, a second-level province) or
    // an institution, not the town of that name.
    for gr in groups
        .iter_mut()
        .filter(|gr| gr.region_typed > 0 && gr.region_typed == gr.mentions)
    {
        if gr.readings.iter().all(|r| g.entity(r.0).kind == Kind::City) {
            gr.verdict = Verdict::Reject;
        }
    }
    // Qualifiers: a name right after a comma ("Nice, France", "MAKHACHKALA, Russia").
    for (mi, m) in s.mentions.iter().enumerate() {
        if let Some(next) = s.mentions.get(mi + 1) {
            if next.first == m.last + 1 && s.tokens[next.first].gap == Gap::Comma {
                let (a, b) = (group_of_mention[mi], group_of_mention[mi + 1]);
                if a != b && !groups[a].qualifiers.contains(&b) {
                    groups[a].qualifiers.push(b);
                }
            }
        }
    }

    // "Paris, Idaho" when the gazetteer has no Paris in Idaho: the town is unknown, only its region counts.
    // Only a town can be qualified by a region or country, and a region by a country ("Texas, Oklahoma" is a list).
    for gi in 0..groups.len() {
        let Some(narrowest) = groups[gi].readings.iter().map(|r| g.entity(r.0).kind).min() else {
            continue;
        };
        if narrowest == Kind::Country {
            continue;
        }
        let quals: Vec<u32> = groups[gi]
            .qualifiers
            .iter()
            .flat_map(|&q| groups[q].readings.iter().map(|r| r.0))
            .filter(|&e| g.entity(e).kind < narrowest)
            .collect();
        if !quals.is_empty()
            && !groups[gi]
                .readings
                .iter()
                .any(|r| quals.iter().any(|&q| q != r.0 && g.within(r.0, q)))
        {
            groups[gi].verdict = Verdict::Reject;
        }
    }

    choose_readings(g, &mut groups);

    // Names that need support: keep them when another accepted place shares their country.
    let accepted: Vec<u32> = groups
        .iter()
        .filter(|gr| gr.verdict == Verdict::Accept)
        .filter_map(|gr| gr.chosen.map(|c| c.0))
        .collect();
    for gr in groups
        .iter_mut()
        .filter(|gr| gr.verdict == Verdict::NeedSupport)
    {
        let Some((e, _)) = gr.chosen else { continue };
        let ent = g.entity(e);
        let country = ent.country;
        // A town needs a place of its own region; a region or country one of its country.
        if ent.kind == Kind::City {
            let supported = accepted
                .iter()
                .any(|&o| o != e && ent.region.is_some() && g.entity(o).region == ent.region);
            gr.verdict = if supported {
                Verdict::Accept
            } else {
                Verdict::Reject
            };
            continue;
        }
        let supported = accepted
            .iter()
            .any(|&o| o != e && g.entity(o).country == country);
        gr.verdict = if supported {
            Verdict::Accept
        } else {
            Verdict::Reject
        };
    }

    drop_strays(g, &mut groups);

    if let Some(out) = explain {
        for gr in &groups {
            let surface = g.key_text(gr.key);
            let chosen = gr
                .chosen
                .map(|(e, k)| format!("{} ({k:?})", g.path(e)))
                .unwrap_or_default();
            out.push(format!(
                "{surface:?} x{} {:?} title={} lead={} dateline={} -> {chosen} [{} readings]",
                gr.mentions,
                gr.verdict,
                gr.title,
                gr.lead,
                gr.dateline,
                gr.readings.len()
            ));
        }
    }
    build_geo(g, &groups)
}

/// End (token index) of the lead: the first body paragraph (with the second when the first is only a dateline or
/// a byline), and at most the first 60 words, since some texts keep all their lines in one paragraph.
fn lead_end(s: &Scratch) -> usize {
    let body = &s.tokens[s.body_start..];
    let first_len = body.iter().take_while(|t| t.para == 1).count();
    let para_end = if first_len < 8 {
        first_len + body[first_len..].iter().take_while(|t| t.para == 2).count()
    } else {
        first_len
    };
    s.body_start + para_end.min(60)
}

/// Picks each group's reading: prior, plus agreement with the other groups (two passes: first against every
/// reading of the others, then against their choices).
fn choose_readings(g: &Gazetteer, groups: &mut [Group]) {
    let live: Vec<usize> = (0..groups.len())
        .filter(|&i| groups[i].verdict != Verdict::Reject && !groups[i].readings.is_empty())
        .collect();
    // The readings of the names that follow each name after a comma ("Nice, France"); fixed across passes.
    let quals_of: Vec<Vec<u32>> = groups
        .iter()
        .map(|gr| {
            gr.qualifiers
                .iter()
                .flat_map(|&q| groups[q].readings.iter().map(|r| r.0))
                .collect()
        })
        .collect();
    for pass in 0..2 {
        // Support per entity (country or region), as (group, weight, the group names the region itself) so that a
        // group does not support itself.
        // Kept as one vector sorted by entity (few entries; no map, few allocations).
        let mut support: Vec<(u32, usize, f32, bool)> = Vec::new();
        for &gi in &live {
            let gr = &groups[gi];
            let chosen_only = pass == 1 && gr.chosen.is_some();
            let cands = gr
                .readings
                .iter()
                .map(|r| r.0)
                .filter(|&e| !chosen_only || gr.chosen.is_some_and(|c| c.0 == e));
            let first = support.len();
            for e in cands {
                let ent = g.entity(e);
                support.push((ent.country, gi, 0.0, false));
                if let Some(r) = ent.region {
                    support.push((r, gi, 0.0, ent.kind == Kind::Region));
                }
            }
            let mine = &mut support[first..];
            mine.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.3.cmp(&a.3)));
            let mut n = 0;
            for i in 0..mine.len() {
                if i == 0 || mine[i].0 != mine[n - 1].0 {
                    mine[n] = mine[i];
                    n += 1;
                }
            }
            let countries = mine[..n]
                .iter()
                .filter(|x| g.entity(x.0).kind == Kind::Country)
                .count();
            let weight = 1.0 / countries.max(1) as f32;
            for x in &mut mine[..n] {
                x.2 = weight;
            }
            support.truncate(first + n);
        }
        support.sort_unstable_by_key(|x| x.0);
        let entries = |ent: u32| {
            let lo = support.partition_point(|x| x.0 < ent);
            let hi = support.partition_point(|x| x.0 <= ent);
            &support[lo..hi]
        };
        let sum = |ent: u32, me: usize| -> f32 {
            entries(ent).iter().filter(|x| x.1 != me).map(|x| x.2).sum()
        };
        let named = |ent: u32, me: usize| -> bool { entries(ent).iter().any(|x| x.1 != me && x.3) };
        let cluster = |ent: u32, me: usize| -> f32 {
            entries(ent)
                .iter()
                .filter(|x| x.1 != me && !x.3)
                .map(|x| x.2)
                .sum()
        };
        let mut choices = Vec::with_capacity(live.len());
        for &gi in &live {
            let gr = &groups[gi];
            let quals = &quals_of[gi];
            let mut best: Option<((u32, NameKind), f32)> = None;
            for (&(e, kind), &p) in gr.readings.iter().zip(&gr.priors) {
                let ent = g.entity(e);
                let cs = sum(ent.country, gi);
                let mut agreement = w::COUNTRY_FIRST * cs.min(1.0)
                    + w::COUNTRY_MORE * (cs - 1.0).clamp(0.0, w::COUNTRY_MORE_MAX);
                if let Some(r) = ent.region {
                    if named(r, gi) && r != e {
                        agreement += w::REGION_NAMED;
                    }
                    agreement += w::REGION_SUPPORT * cluster(r, gi).min(w::REGION_SUPPORT_MAX);
                }
                let mut score = if gr.dateline {
                    p * (1.0 + w::DATELINE_PRIOR) + agreement * w::DATELINE_AGREEMENT
                } else {
                    p + agreement
                };
                if quals.iter().any(|&q| q != e && g.within(e, q)) {
                    score += w::QUALIFIER;
                }
                match ent.kind {
                    Kind::Region if gr.region_hint => score += w::TYPE_WORD,
                    Kind::City if gr.city_hint => score += w::TYPE_WORD,
                    Kind::City if gr.dateline => score += w::DATELINE_CITY,
                    _ => {}
                }
                // Ties go to the lower entity index (countries, then regions, then older GeoNames ids).
                if best.is_none_or(|(_, b)| score > b) {
                    best = Some(((e, kind), score));
                }
            }
            choices.push((gi, best.map(|b| b.0)));
        }
        for (gi, c) in choices {
            groups[gi].chosen = c.map(|c| prefer_container(g, &groups[gi], c));
        }
    }
}

/// A name that several countries share, read in a country nothing else of the article is in, while everything
/// else is in one other country: most likely a local place the gazetteer lacks ("Edmonton" in a Queensland
/// story, "London" in a Kentucky one). It is dropped rather than guessed.
fn drop_strays(g: &Gazetteer, groups: &mut [Group]) {
    let chosen: Vec<(usize, u32)> = groups
        .iter()
        .enumerate()
        .filter(|(_, gr)| gr.verdict == Verdict::Accept)
        .filter_map(|(i, gr)| gr.chosen.map(|c| (i, g.entity(c.0).country)))
        .collect();
    let mut drop = Vec::new();
    for &(gi, country) in &chosen {
        let gr = &groups[gi];
        if gr.strong
            || gr.dateline
            || gr
                .chosen
                .is_some_and(|c| g.entity(c.0).kind == Kind::Country)
        {
            continue;
        }
        let mut countries: Vec<u32> = gr.readings.iter().map(|r| g.entity(r.0).country).collect();
        countries.sort_unstable();
        countries.dedup();
        if countries.len() < 2 {
            continue;
        }
        let others: Vec<u32> = chosen
            .iter()
            .filter(|(o, _)| *o != gi)
            .map(|(_, c)| *c)
            .collect();
        let one_other = others.len() >= 2 && others.iter().all(|&c| c == others[0] && c != country);
        if one_other {
            drop.push(gi);
        }
    }
    for gi in drop {
        groups[gi].verdict = Verdict::Reject;
    }
}

/// The share of a region's (or country's) people above which a city of the same name is what the name means:
/// Zürich, São Paulo and Moscow hold more than this of their regions, Quebec City does not.
pub(super) const CITY_SHARE: f64 = 0.2;

/// When a name reads both as a place and as a city inside it ("Quebec", "New York", "Singapore"), the city is
/// meant when it holds most of the place's people, or the text says "city" or puts it in a dateline; else the
/// larger place is.
fn prefer_container(g: &Gazetteer, gr: &Group, chosen: (u32, NameKind)) -> (u32, NameKind) {
    let wants_city = gr.city_hint || gr.dateline;
    let ce = g.entity(chosen.0);
    for &(o, kind) in &gr.readings {
        if o == chosen.0 {
            continue;
        }
        let oe = g.entity(o);
        let (city, container) = match (ce.kind, oe.kind) {
            (Kind::City, Kind::Region | Kind::Country) if g.within(chosen.0, o) => (ce, oe),
            (Kind::Region | Kind::Country, Kind::City) if g.within(o, chosen.0) => (oe, ce),
            _ => continue,
        };
        let city_is_most =
            f64::from(city.population) >= CITY_SHARE * f64::from(container.population.max(1));
        let pick_city = city_is_most || wants_city;
        return if pick_city == (ce.kind == Kind::City) {
            chosen
        } else {
            (o, kind)
        };
    }
    chosen
}

/// Places, focus and primary from the resolved groups.
fn build_geo(g: &Gazetteer, groups: &[Group]) -> Geo {
    // Weight per entity for focus: where and how often it is named; cities and regions lend weight to the
    // places that contain them. Articles name few places, so small vectors serve as maps.
    let mut named: Vec<u32> = Vec::new();
    let mut weight: Vec<(u32, f32)> = Vec::new();
    let mut add = |e: u32, wt: f32| match weight.iter_mut().find(|x| x.0 == e) {
        Some(x) => x.1 += wt,
        None => weight.push((e, wt)),
    };
    let mut dateline: Option<u32> = None;
    // Places the title names, even by a demonym ("Russian drones strike Kharkiv": Kharkiv and Russia).
    let mut titled: Vec<u32> = Vec::new();
    for gr in groups.iter().filter(|gr| gr.verdict == Verdict::Accept) {
        let Some((e, kind)) = gr.chosen else { continue };
        let demonym = kind == NameKind::Demonym;
        if (!demonym || DEMONYMS_ARE_PLACES) && !named.contains(&e) {
            named.push(e);
        }
        let mut wt = gr.mentions as f32;
        if gr.title {
            wt += 3.0;
            titled.push(e);
        }
        if gr.lead {
            wt += 2.0;
        }
        if gr.dateline {
            wt += 5.0;
            dateline = dateline.or(Some(e));
        }
        if demonym {
            wt *= 0.5;
        }
        let ent = g.entity(e);
        add(e, wt);
        if let Some(r) = ent.region.filter(|&r| r != e) {
            add(r, wt);
        }
        if ent.country != e {
            add(ent.country, wt);
        }
    }

    let places = most_specific(g, &named);
    let max = weight.iter().map(|x| x.1).fold(0.0f32, f32::max);
    let mut ranked: Vec<(u32, f32)> = weight
        .into_iter()
        .filter(|&(e, wt)| {
            wt >= 3.0 && wt >= 0.4 * max || Some(e) == dateline || titled.contains(&e)
        })
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let focus_entities: Vec<u32> = ranked.iter().map(|r| r.0).collect();
    let focus = most_specific(g, &focus_entities);
    let primary = dateline.or_else(|| ranked.first().map(|r| r.0));
    Geo {
        places,
        focus,
        primary: primary.map(|e| g.path(e)),
    }
}

/// Whether demonyms ("Russian") alone put their country in `places` (they always count for focus). TR-News
/// counts such countries as named, and so do readers filtering by country.
const DEMONYMS_ARE_PLACES: bool = true;

/// Paths of the entities, dropping any that contains another of them, sorted.
fn most_specific(g: &Gazetteer, entities: &[u32]) -> Vec<PlacePath> {
    let mut out: Vec<PlacePath> = entities
        .iter()
        .filter(|&&e| !entities.iter().any(|&o| o != e && g.within(o, e)))
        .map(|&e| g.path(e))
        .collect();
    out.sort();
    out.dedup();
    out
}
