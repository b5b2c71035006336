//! From matched names to places: which mentions count (the evidence rules for names that are also words or
//! people), which reading of each name is meant (agreement with the other places of the article, then population
//! and importance), what the article is about (focus), and `resolve` for names typed by users.
//!
//! One sense per article: every mention of the same name resolves to the same place.

use super::format::{
    Kind, NameKind, FLAG_ADMIN1_SEAT, FLAG_ADMIN2_SEAT, FLAG_CAPITAL, FLAG_SECTION,
};
use super::gazetteer::{Entity, Gazetteer, KeyRef};
use super::matcher::{
    self, Gap, Mention, Scratch, Token, ALL_CAPS, CAP, CASE_VOID, IN_TITLE, MENTION_END,
    MENTION_START, SENT_START,
};
use super::{lexicon, Geo, Resolution};
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

/// How a mention's context speaks for or against it being a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Verdict {
    Reject,
    /// Counts only if other places of the article agree with its reading (same country or region).
    NeedSupport,
    Accept,
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

fn prev_token<'a>(s: &'a Scratch, m: &Mention) -> Option<&'a Token> {
    let t = &s.tokens[m.first];
    (m.first > 0 && t.gap != Gap::Start).then(|| &s.tokens[m.first - 1])
}

fn next_token<'a>(s: &'a Scratch, m: &Mention) -> Option<&'a Token> {
    s.tokens.get(m.last + 1).filter(|t| t.gap != Gap::Start)
}

/// Whether a capitalized neighbour makes the mention part of a longer proper name (a person, an organisation).
fn neighbour_is_name_part(t: &Token, classes: u16) -> bool {
    use lexicon::{CITY_TYPE, CONNECTOR, FUNCTION, REGION_TYPE, ROLE};
    t.has(CAP)
        && !t.has(CASE_VOID)
        && classes & (FUNCTION | ROLE | REGION_TYPE | CITY_TYPE | CONNECTOR) == 0
        && !(t.has(ALL_CAPS) && t.end - t.start <= 4)
}

/// What the word lists say about a name (computed once per name).
#[derive(Clone, Copy, Debug, Default)]
struct KeyClass {
    calendar: bool,
    common: bool,
    person: bool,
    person_strict: bool,
    surname: bool,
    generic: bool,
}

impl KeyClass {
    fn of(key: &str) -> KeyClass {
        use lexicon::{CAL, COMMON, PERSON, PERSON_STRICT, SURNAME};
        let c = lexicon::classes(key);
        let generic = lexicon::is_generic_name(key);
        KeyClass {
            calendar: c & CAL != 0,
            common: c & (COMMON | CAL | SURNAME) != 0 || generic,
            person: c & PERSON != 0,
            person_strict: c & PERSON_STRICT != 0,
            surname: c & SURNAME != 0,
            generic,
        }
    }
}

/// How one mention was judged.
#[derive(Clone, Copy, Debug)]
struct Judged {
    verdict: Verdict,
    /// The name stood inside a longer proper name ("Fidel Castro", "Michael Jordan"): one sense per article
    /// makes its other bare mentions that name too.
    name_part: bool,
    /// A dateline, a locative preposition, a qualifier or a type word speaks for the place.
    strong: bool,
}

/// Judges one mention from its context.
fn verdict(s: &Scratch, m: &Mention, kc: KeyClass, no_country: bool, small: bool) -> Judged {
    use lexicon::{CITY_TYPE, HONORIFIC, LOCATIVE, REGION_TYPE};
    let first = &s.tokens[m.first];
    let KeyClass {
        calendar,
        common,
        person,
        person_strict,
        surname,
        generic,
    } = kc;
    let judged = |verdict, name_part, strong| Judged {
        verdict,
        name_part,
        strong,
    };
    if m.in_dateline {
        return judged(Verdict::Accept, false, true);
    }
    let prev = prev_token(s, m);
    let next = next_token(s, m);
    let prev_f = prev.map(|p| s.fold(p)).unwrap_or("");
    let next_f = next.map(|n| s.fold(n)).unwrap_or("");
    let prev_c = if prev.is_some() {
        lexicon::classes(prev_f)
    } else {
        0
    };
    let next_c = if next.is_some() {
        lexicon::classes(next_f)
    } else {
        0
    };
    let honorific = prev.is_some_and(|p| {
        prev_c & HONORIFIC != 0 && p.has(CAP) && matches!(first.gap, Gap::Space | Gap::Period)
    });
    let prev_part = prev.is_some_and(|p| {
        first.gap == Gap::Space && neighbour_is_name_part(p, prev_c) && !p.has(ALL_CAPS)
    });
    let next_part = next.is_some_and(|n| n.gap == Gap::Space && neighbour_is_name_part(n, next_c));
    let locative = prev.is_some_and(|p| {
        first.gap == Gap::Space && !p.has(CAP) && (prev_c & LOCATIVE != 0 || prev_f == "of")
    });
    let strong_locative = locative && prev_f != "of";
    let qualified = next.is_some_and(|n| n.gap == Gap::Comma && n.has(MENTION_START));
    let typed =
        next.is_some_and(|n| n.gap == Gap::Space && next_c & (REGION_TYPE | CITY_TYPE) != 0);
    let of_follows = next.is_some_and(|n| n.gap == Gap::Space && next_f == "of");
    let case_void = first.has(CASE_VOID);
    let sentence_start = first.has(SENT_START);
    let strong = strong_locative || qualified || typed;

    if calendar || surname {
        // "in March" is a date; only a qualifier makes it the town.
        return judged(
            if qualified {
                Verdict::Accept
            } else {
                Verdict::Reject
            },
            false,
            qualified,
        );
    }
    if honorific && (person || common || no_country) {
        return judged(Verdict::Reject, true, false);
    }
    if person && (prev_part || next_part) {
        return judged(Verdict::Reject, prev_part || honorific, false);
    }
    // "Vladimir Putin", "Paul Ryan", "Crocus City Hall": a region or city name inside a longer proper name.
    if no_country && (prev_part || next_part) && !strong_locative {
        return judged(Verdict::Reject, prev_part, false);
    }
    if generic {
        // "Central", "North West", "Far North": a region of some country only when qualified.
        let ok = qualified || typed;
        return judged(
            if ok { Verdict::Accept } else { Verdict::Reject },
            false,
            ok,
        );
    }
    if common {
        // "University of Texas", "Department of State", "at University Hospital".
        if (of_follows && !qualified) || prev_part || next_part {
            return judged(Verdict::Reject, false, false);
        }
        if strong_locative || qualified || (typed && !sentence_start) {
            return judged(Verdict::Accept, false, true);
        }
        if case_void {
            return judged(Verdict::NeedSupport, false, false);
        }
        if sentence_start {
            // "Reading is a town…" (a subject) may be the place; "Reading the report…" is not.
            let subject = next.is_some_and(|n| {
                matches!(n.gap, Gap::Space | Gap::Apostrophe)
                    && matches!(
                        next_f,
                        "is" | "was" | "has" | "had" | "s" | "will" | "remains" | "lies" | "sits"
                    )
            });
            return judged(
                if subject {
                    Verdict::NeedSupport
                } else {
                    Verdict::Reject
                },
                false,
                false,
            );
        }
        return judged(Verdict::NeedSupport, false, false);
    }
    if person && (case_void || sentence_start || person_strict) && !strong {
        return judged(Verdict::NeedSupport, false, false);
    }
    // Small places (every reading a town) are more often something else that shares the name; in a headline,
    // where every word is capitalized, a town is only a place if the story agrees.
    if (small || (case_void && no_country)) && !strong {
        return judged(Verdict::NeedSupport, false, false);
    }
    judged(Verdict::Accept, false, strong)
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
const CITY_SHARE: f64 = 0.2;

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

/// Importance of a reading for `resolve`: population, doubled for capitals.
fn importance(e: &Entity) -> f64 {
    let mut p = f64::from(e.population.max(1));
    if e.flags & FLAG_CAPITAL != 0 {
        p *= 2.0;
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
        let mut found: Vec<PlacePath> = g
            .readings(k)
            .filter_map(|r| r.entity)
            .map(|e| g.path(e))
            .filter(|p| {
                p.depth() == want.len()
                    && p.components()
                        .iter()
                        .zip(&want)
                        .all(|(a, b)| super::norm::key(a) == *b)
            })
            .collect();
        found.sort();
        found.dedup();
        return match found.len() {
            0 => Resolution::Unknown,
            1 => Resolution::Found(found.remove(0)),
            _ => Resolution::Ambiguous(found),
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
