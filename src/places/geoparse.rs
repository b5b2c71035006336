//! Geoparsing an article: from matched names to places. Mentions are grouped by name and judged (`evidence.rs`:
//! is it a place at all?), then each name's reading is chosen from evidence in a fixed order:
//!
//! 1. what the text says next to the name: a qualifier after a comma ("Paris, Texas", "Columbus, Neb.",
//!    "Chatham, Kent"), a type word ("Idlib province", "Quebec City"), a dateline;
//! 2. the article's unambiguous places (its anchors: names with one reading, or one reading far ahead of the
//!    others): a namesake wins over the better-known place only when the article names its region, or it lies
//!    near an anchor, or it shares its region with one; that its country is named is worth less than a big gap
//!    in how well known the two are, so coherence alone never turns Paris into Paris, Kentucky;
//! 3. how well known the place is: population, capital or administrative seat, and how many languages name it.
//!
//! One sense per article: every mention of the same name resolves to the same place. Then the article's places,
//! focus and primary place are built. Names typed by users are `typed.rs`.

use super::corrections::Corrections;
use super::evidence::{next_token, verdict, Judged, KeyClass, NameFacts, NamePart, Verdict};
use super::format::{
    Kind, NameKind, FLAG_ADMIN1_SEAT, FLAG_ADMIN2_SEAT, FLAG_CAPITAL, FLAG_SECTION,
};
use super::gazetteer::{Entity, Gazetteer, KeyRef};
use super::matcher::{self, Gap, Scratch, ALL_CAPS, CASE_VOID, IN_TITLE, MENTION_END};
use super::{lexicon, Geo};
use crate::article::PlacePath;

/// Weights of the resolver, in "log10 population" units.
mod w {
    /// A country's prior: above any city but a capital of ten million.
    pub const COUNTRY: f32 = 10.0;
    /// A region's prior is REGION_BASE + REGION_SCALE × log10(population of its towns); a district's likewise.
    pub const REGION_BASE: f32 = 3.0;
    pub const REGION_SCALE: f32 = 0.5;
    pub const DISTRICT_BASE: f32 = 2.5;
    pub const CAPITAL: f32 = 3.0;
    pub const ADMIN1_SEAT: f32 = 0.7;
    pub const ADMIN2_SEAT: f32 = 0.2;
    pub const SECTION: f32 = -0.5;
    /// How widely a town is known: FAME × log10 of its number of names in other languages over a typical town's
    /// (FAME_TYPICAL), clamped to FAME_MIN..FAME_MAX. Paris, France has 107 such names; Paris, Texas 11.
    pub const FAME: f32 = 1.5;
    pub const FAME_TYPICAL: f32 = 20.0;
    pub const FAME_MIN: f32 = 0.0;
    pub const FAME_MAX: f32 = 2.0;
    /// A GeoNames alternate name is a weaker claim than the place's own name.
    pub const ALT: f32 = -2.0;
    // 1. What the text says next to the name.

    /// "Nice, France": the name after the comma contains this reading.
    pub const QUALIFIER: f32 = 12.0;
    /// "Idlib province", "Quebec City".
    pub const TYPE_WORD: f32 = 4.0;
    /// "England and Wales": joined by "and" to a name that is only a region, a reading that is a region.
    pub const COORDINATED: f32 = 4.0;
    /// Datelines name towns, mostly well-known ones: there, the prior counts this much more, and towns get
    /// DATELINE_CITY.
    pub const DATELINE_PRIOR: f32 = 0.5;
    pub const DATELINE_CITY: f32 = 2.0;
    // 2. The article's anchors. A reading gets the largest of these that applies, plus SUPPORT_MORE for each
    // other kind that applies too.

    /// The article names the reading's region (or a county of it) on its own: "Paris" with "Texas".
    pub const REGION_NAMED: f32 = 8.0;
    /// An anchor town or district lies within NEAR_KM.
    pub const NEAR: f32 = 6.0;
    pub const NEAR_KM: f32 = 60.0;
    /// An anchor town or district lies in the reading's region.
    pub const SAME_REGION: f32 = 3.5;
    /// The article names the reading's country, or an anchor lies in it.
    pub const COUNTRY_NAMED: f32 = 2.5;
    pub const SUPPORT_MORE: f32 = 0.5;
    /// Coherence: readings within TIE of the best are compared with COHERENCE × (the article's other names that
    /// agree with them, at most 2).
    pub const TIE: f32 = 1.0;
    pub const COHERENCE: f32 = 0.75;
    /// For towns under TOWN people, REGION_NAMED and SAME_REGION count this much (NEAR counts fully).
    pub const TOWN_REGIONAL: f32 = 0.5;
    /// A reading is an anchor when it leads the name's other readings by this much after step 1.
    pub const ANCHOR_GAP: f32 = 3.0;
    /// Readings all below this prior (a town of ~50,000) need support from other places of the article.
    pub const SMALL: f32 = 4.7;
    /// Towns under this many people (the smaller towns of cities5000.txt) need support even after "in".
    pub const TOWN: u32 = 15_000;
    /// A reading at or above this prior is famous (a capital, a city of millions, a country): its name is not
    /// taken for an English word, a given name or a small place's.
    pub const FAMOUS: f32 = 7.0;
}

/// Everything known about one name in one article.
struct Group {
    /// The name (its key).
    key: KeyRef,
    /// Its first mention: token range, for explanations.
    first_mention: (usize, usize),
    readings: Vec<(u32, NameKind)>,
    /// `prior` of each reading, computed once.
    priors: Vec<f32>,
    verdict: Verdict,
    /// Why the verdict (of the mention that decided it), for explanations.
    why: &'static str,
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
    /// Groups whose names are joined to this one by "and" or "or" ("England and Wales").
    siblings: Vec<usize>,
    chosen: Option<(u32, NameKind)>,
    /// How the reading was chosen, for explanations.
    how: String,
    /// Some mention was part of a person's name.
    person: bool,
    /// Some mention had strong evidence of being a place.
    strong: bool,
    /// Some mention had evidence a person's name cannot outweigh (a dateline, a qualifier, a type word).
    sure: bool,
    /// Some mention was part of an organisation's name ("Texas Forest Service"): no place of the article, but
    /// where its story is.
    context: bool,
    facts: NameFacts,
}

fn fame_bonus(e: &Entity) -> f32 {
    (w::FAME * ((1.0 + f32::from(e.fame)) / w::FAME_TYPICAL).log10())
        .clamp(w::FAME_MIN, w::FAME_MAX)
}

fn prior(e: &Entity, kind: NameKind) -> f32 {
    let pop = (e.population.max(1) as f32).log10();
    let mut p = match e.kind {
        Kind::Country => w::COUNTRY,
        Kind::Region => w::REGION_BASE + w::REGION_SCALE * pop,
        Kind::District => w::DISTRICT_BASE + w::REGION_SCALE * pop,
        Kind::City => {
            let mut p = pop + fame_bonus(e);
            if e.flags & FLAG_CAPITAL != 0 {
                p += w::CAPITAL;
            } else if e.flags & FLAG_ADMIN1_SEAT != 0 {
                p += w::ADMIN1_SEAT;
            } else if e.flags & FLAG_ADMIN2_SEAT != 0 {
                p += w::ADMIN2_SEAT;
            }
            // A part of a city is less likely than a town of its size, unless the world knows it (Hollywood).
            if e.flags & FLAG_SECTION != 0 && f32::from(e.fame) < w::FAME_TYPICAL {
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
    corr: Option<&Corrections>,
    explain: Option<&mut Vec<String>>,
) -> Geo {
    s.clear();
    matcher::tokenize(title, true, 0, s);
    s.body_start = s.tokens.len();
    matcher::tokenize(body, false, 1, s);
    matcher::find_dateline(body, s);
    matcher::find_mentions(g, s);
    if let Some(c) = corr.filter(|c| !c.aliases.is_empty()) {
        find_aliases(s, c);
    }
    if s.mentions.is_empty() {
        return Geo::default();
    }
    let mut groups = judge_mentions(g, s, corr);
    choose_readings(g, &mut groups);
    settle_support(g, &mut groups);
    drop_strays(g, &mut groups);
    if let Some(out) = explain {
        explain_groups(g, s, title, body, &groups, out);
    }
    build_geo(g, &groups)
}

/// Groups the mentions by name and judges each (is it a place?), then applies what holds for a whole name: one
/// sense per article, area words, qualifiers.
fn judge_mentions(g: &Gazetteer, s: &Scratch, corr: Option<&Corrections>) -> Vec<Group> {
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
                    first_mention: (m.first, m.last),
                    readings: Vec::new(),
                    priors: Vec::new(),
                    verdict: Verdict::Reject,
                    why: "",
                    mentions: 0,
                    title: false,
                    lead: false,
                    dateline: false,
                    region_hint: false,
                    region_typed: 0,
                    city_hint: false,
                    qualifiers: Vec::new(),
                    siblings: Vec::new(),
                    chosen: None,
                    how: String::new(),
                    person: false,
                    strong: false,
                    sure: false,
                    context: false,
                    facts: NameFacts {
                        class: KeyClass::default(),
                        no_country: false,
                        small: false,
                        famous: false,
                        town: false,
                        area_name: false,
                    },
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
        // A short word in capitals in ordinary text is an acronym ("SUV", "WHO"): only abbreviations match it.
        let first = &s.tokens[m.first];
        let acronym = m.caps
            && m.first == m.last
            && first.has(ALL_CAPS)
            && !first.has(CASE_VOID)
            && !m.in_dateline
            && first.end - first.start <= 4;
        // The user's corrections come first: an alias or an "always" rule is the one reading, a "never" rule
        // none.
        let fixed: Option<(Option<u32>, &'static str)> = if m.key.index >= ALIAS_KEY {
            Some((
                Some(ALIAS_KEY_END - m.key.index),
                "your corrections file names it",
            ))
        } else {
            corr.and_then(|c| {
                let key = g.key_text(m.key);
                if c.never.iter().any(|n| n == key) {
                    Some((None, "never a place (your corrections file)"))
                } else {
                    c.always
                        .get(key)
                        .map(|&e| (Some(e), "your corrections file says which place"))
                }
            })
        };
        if let Some((entity, why)) = fixed {
            let Some(e) = entity else {
                gr.why = why;
                continue;
            };
            if gr.readings.is_empty() {
                gr.readings = vec![(e, NameKind::Name)];
                gr.priors = vec![prior(&g.entity(e), NameKind::Name)];
            }
            gr.why = why;
            gr.strong = true;
            gr.sure = true;
            gr.verdict = Verdict::Accept;
            gr.mentions += 1;
            let t = &s.tokens[m.first];
            gr.title |= t.has(IN_TITLE);
            gr.lead |= !t.has(IN_TITLE) && m.first < lead_end;
            gr.dateline |= m.in_dateline;
            continue;
        }
        for r in g.readings(m.key) {
            match r.entity {
                None => blocked = true,
                Some(_) if r.kind == NameKind::Qualifier && !qualifier_slot => {}
                Some(_) if acronym && !matches!(r.kind, NameKind::Abbrev | NameKind::Qualifier) => {
                }
                Some(e) if matcher::kind_allowed(r.kind, &m) => readings.push((e, r.kind)),
                Some(_) => {}
            }
        }
        if blocked || readings.is_empty() {
            if gr.why.is_empty() {
                gr.why = if blocked {
                    "part of a phrase that names no place"
                } else {
                    "an acronym or abbreviation that is not this place's"
                };
            }
            continue;
        }
        if gr.readings.is_empty() {
            gr.readings = readings.clone();
            gr.priors = readings
                .iter()
                .map(|&(e, k)| prior(&g.entity(e), k))
                .collect();
            let no_country = readings
                .iter()
                .all(|&(e, _)| g.entity(e).kind != Kind::Country);
            let famous = gr.priors.iter().any(|&p| p >= w::FAMOUS) || !no_country;
            // "Douglas County" says it is an area: however small, it is a place.
            let area_name = g
                .key_text(m.key)
                .split(' ')
                .any(|w| lexicon::is_area_type(w) || w == "parish" || w == "borough");
            let small = !area_name && gr.priors.iter().all(|&p| p < w::SMALL);
            let area_name = area_name
                && readings
                    .iter()
                    .all(|&(e, _)| g.entity(e).kind == Kind::District);
            // Towns under 15,000 people need the article to agree even after "in".
            let town = readings.iter().all(|&(e, _)| {
                let e = g.entity(e);
                e.kind == Kind::City && e.population < w::TOWN
            });
            gr.facts = NameFacts {
                class: KeyClass::of(
                    g.key_text(m.key),
                    m.key.is_word(),
                    m.key.is_given_name(),
                    no_country,
                    famous,
                ),
                no_country,
                small,
                famous,
                town,
                area_name,
            };
        }
        let j = if readings.iter().all(|r| r.1 == NameKind::Qualifier) {
            Judged {
                verdict: Verdict::Accept,
                name_part: NamePart::No,
                strong: true,
                sure: true,
                why: "a region's abbreviation after a town",
            }
        } else {
            verdict(g, s, &m, gr.facts)
        };
        gr.person |= j.name_part == NamePart::Person;
        gr.context |= j.name_part == NamePart::Here;
        // The reason shown is the strongest mention's ("dateline" over "a capitalized place name").
        if gr.why.is_empty()
            || j.verdict > gr.verdict
            || (j.verdict == gr.verdict && j.strong && !gr.strong)
        {
            gr.why = j.why;
        }
        gr.strong |= j.strong;
        gr.sure |= j.sure;
        if j.verdict == Verdict::Reject {
            continue;
        }
        gr.verdict = gr.verdict.max(j.verdict);
        gr.mentions += 1;
        let t = &s.tokens[m.first];
        gr.title |= t.has(IN_TITLE);
        gr.lead |= !t.has(IN_TITLE) && m.first < lead_end;
        gr.dateline |= m.in_dateline;
        // "the state of Washington", "the city of Quebec": a type word and "of" before the name.
        if m.first >= 2
            && s.tokens[m.first].gap == Gap::Space
            && s.tokens[m.first - 1].gap == Gap::Space
            && s.fold(&s.tokens[m.first - 1]) == "of"
        {
            let f = s.fold(&s.tokens[m.first - 2]);
            gr.region_hint |= lexicon::is_region_type(f);
            gr.city_hint |= lexicon::is_city_type(f);
        }
        if let Some(n) = next_token(s, &m).filter(|n| n.gap == Gap::Space) {
            let f = s.fold(n);
            // "the California city of Fresno" is about Fresno: a type word before "of" says nothing of this name.
            let of_after = s
                .tokens
                .get(m.last + 2)
                .is_some_and(|t| t.gap == Gap::Space && s.fold(t) == "of");
            if !of_after {
                gr.region_hint |= lexicon::is_region_type(f);
                gr.region_typed += u32::from(lexicon::is_area_type(f));
                // "Quebec City" names a city; "the California city" a city in California.
                gr.city_hint |= lexicon::is_city_type(f) && n.has(matcher::CAP);
            }
        }
    }
    // One sense per article: a name used for a person ("Fidel Castro") is that person elsewhere too.
    for gr in groups.iter_mut().filter(|gr| gr.person && !gr.sure) {
        if gr.verdict != Verdict::Reject {
            gr.why = "a person's name elsewhere in the article";
        }
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
            gr.why = "an area word follows: an area the gazetteer lacks";
        }
    }
    // Qualifiers: a name right after a comma ("Nice, France", "MAKHACHKALA, Russia"). Coordinated names: two
    // names joined by "and" or "or" ("England and Wales").
    for (mi, m) in s.mentions.iter().enumerate() {
        if let Some(next) = s.mentions.get(mi + 1) {
            let (a, b) = (group_of_mention[mi], group_of_mention[mi + 1]);
            if a == b {
                continue;
            }
            if next.first == m.last + 1 && s.tokens[next.first].gap == Gap::Comma {
                if !groups[a].qualifiers.contains(&b) {
                    groups[a].qualifiers.push(b);
                }
            } else if next.first == m.last + 2
                && s.tokens[next.first].gap == Gap::Space
                && s.tokens[m.last + 1].gap == Gap::Space
                && matches!(s.fold(&s.tokens[m.last + 1]), "and" | "or")
            {
                groups[a].siblings.push(b);
                groups[b].siblings.push(a);
            }
        }
    }
    // "Paris, Idaho" when the gazetteer has no Paris in Idaho: the town is unknown, only its region counts.
    // Only a town can be qualified by a district, region or country, a district by a region or country, and a
    // region by a country ("Texas, Oklahoma" is a list).
    for gi in 0..groups.len() {
        let Some(narrowest) = groups[gi].readings.iter().map(|r| g.entity(r.0).kind).max() else {
            continue;
        };
        if narrowest == Kind::Country {
            continue;
        }
        let quals: Vec<u32> = groups[gi]
            .qualifiers
            .iter()
            .filter(|&&q| {
                groups[q].verdict != Verdict::Reject && !is_list(g, &groups[gi], &groups[q])
            })
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
            groups[gi].why = "qualified by a place that holds none of its readings";
        }
    }
    groups
}

/// Keys of alias mentions (names from the user's corrections that the gazetteer lacks): ALIAS_KEY_END minus the
/// entity, above every real key index.
const ALIAS_KEY: u32 = 0x8000_0000;
const ALIAS_KEY_END: u32 = u32::MAX;

/// Adds mentions of the user's aliases ("Big Apple") where no gazetteer name was found, keeping the mentions in
/// text order.
fn find_aliases(s: &mut Scratch, c: &Corrections) {
    let covered = |s: &Scratch, i: usize| s.mentions.iter().any(|m| m.first <= i && i <= m.last);
    let mut found = Vec::new();
    let n = s.tokens.len();
    let mut i = 0;
    while i < n {
        if !s.tokens[i].has(matcher::CAP) || covered(s, i) {
            i += 1;
            continue;
        }
        let mut hit = None;
        let mut phrase = String::new();
        for j in i..n.min(i + c.alias_words) {
            if j > i && (s.tokens[j].para != s.tokens[i].para || covered(s, j)) {
                break;
            }
            if j > i {
                phrase.push(' ');
            }
            phrase.push_str(s.fold(&s.tokens[j]));
            if let Some(&e) = c.aliases.get(&phrase) {
                hit = Some((j, e));
            }
        }
        match hit {
            Some((last, e)) => {
                let in_dateline = s.dateline.is_some_and(|(a, b)| i >= a && last <= b);
                found.push(matcher::Mention {
                    first: i,
                    last,
                    key: KeyRef {
                        index: ALIAS_KEY_END - e,
                        is_prefix: false,
                        n_readings: 1,
                        flags: 0,
                    },
                    caps: false,
                    in_dateline,
                });
                i = last + 1;
            }
            None => i += 1,
        }
    }
    if !found.is_empty() {
        s.mentions.extend(found);
        s.mentions.sort_by_key(|m| m.first);
    }
}

/// Whether "A, B" is a list rather than a place and its container: A can be as broad as B ("China, Japan",
/// "Texas, Oklahoma").
fn is_list(g: &Gazetteer, a: &Group, b: &Group) -> bool {
    let broadest_a = a.readings.iter().map(|r| g.entity(r.0).kind).min();
    let broadest_b = b.readings.iter().map(|r| g.entity(r.0).kind).min();
    matches!((broadest_a, broadest_b), (Some(x), Some(y)) if x <= y)
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

/// Step 1 for one reading: prior and what the text says next to the name.
fn local_score(
    g: &Gazetteer,
    gr: &Group,
    quals: &[u32],
    sibling_kinds: &[Kind],
    i: usize,
) -> (f32, &'static str) {
    let (e, _) = gr.readings[i];
    let ent = g.entity(e);
    let mut score = gr.priors[i];
    let mut how = "the best-known reading";
    if gr.dateline {
        score *= 1.0 + w::DATELINE_PRIOR;
        if ent.kind == Kind::City {
            score += w::DATELINE_CITY;
            how = "a dateline names a town";
        }
    }
    if quals.iter().any(|&q| q != e && g.within(e, q)) {
        score += w::QUALIFIER;
        how = "the name after the comma holds it";
    }
    if sibling_kinds.contains(&ent.kind) {
        score += w::COORDINATED;
        how = "joined by \"and\" to a place of its kind";
    }
    match ent.kind {
        Kind::Region | Kind::District if gr.region_hint => {
            score += w::TYPE_WORD;
            how = "an area word follows";
        }
        Kind::City if gr.city_hint => {
            score += w::TYPE_WORD;
            how = "a town word follows";
        }
        _ => {}
    }
    (score, how)
}

/// A name's chosen reading (its index), score, and how it was chosen.
type Choice = Option<(usize, f32, String)>;

/// An anchor: a settled reading of another name of the article that other names may agree with.
#[derive(Clone, Copy)]
struct Anchor {
    group: usize,
    entity: Entity,
}

/// Step 2 for one reading: how the article's anchors (other than the reading's own name) speak for it.
fn support(g: &Gazetteer, anchors: &[Anchor], gi: usize, e: u32) -> (f32, &'static str) {
    // (No tier: 0.0 and "".)
    let ent = g.entity(e);
    let (mut region_named, mut near, mut same_region, mut country) = (false, false, false, false);
    for a in anchors.iter().filter(|a| a.group != gi) {
        let o = &a.entity;
        if o.index == e {
            continue;
        }
        if ent.kind != Kind::Country && o.country == ent.country {
            country = true;
        }
        if o.kind == Kind::Country && o.index == ent.country && ent.kind != Kind::Country {
            country = true;
        }
        // A country is supported by the places the article names in it ("Jamaica" with "St. Ann").
        if ent.kind == Kind::Country && o.country == e {
            country = true;
        }
        // "Nebraska and Washington": a region reading is supported by other regions of its country.
        if ent.kind == Kind::Region && o.kind == Kind::Region && o.country == ent.country {
            same_region = true;
        }
        let Some(region) = ent.region.filter(|&r| r != e) else {
            continue;
        };
        match o.kind {
            Kind::Region if o.index == region => region_named = true,
            Kind::District if o.region == Some(region) => region_named = true,
            Kind::City if o.region == Some(region) => same_region = true,
            _ => {}
        }
        if matches!(o.kind, Kind::City | Kind::District)
            && matches!(ent.kind, Kind::City | Kind::District)
            && ent.distance_km(o).is_some_and(|d| d <= w::NEAR_KM)
        {
            near = true;
        }
    }
    // Every region has small towns named after everything: that the article names the region of a town of a
    // few thousand people says less than that it names a place next to it.
    let regional = if ent.kind == Kind::City && ent.population < w::TOWN {
        w::TOWN_REGIONAL
    } else {
        1.0
    };
    let tiers = [
        (
            region_named,
            w::REGION_NAMED * regional,
            "the article names its region",
        ),
        (near, w::NEAR, "near another place of the article"),
        (
            same_region,
            w::SAME_REGION * regional,
            "another town of the article is in its region",
        ),
        (country, w::COUNTRY_NAMED, "the article names its country"),
    ];
    let mut best = (0.0f32, "");
    let mut extra = 0.0;
    for (on, v, why) in tiers {
        if on {
            if best.1.is_empty() {
                best = (v, why);
            } else {
                extra += w::SUPPORT_MORE;
                if v > best.0 {
                    best = (v, why);
                }
            }
        }
    }
    (best.0 + extra, best.1)
}

/// Picks each name's reading in the order of evidence (see the module doc).
fn choose_readings(g: &Gazetteer, groups: &mut [Group]) {
    let live: Vec<usize> = (0..groups.len())
        .filter(|&i| groups[i].verdict != Verdict::Reject && !groups[i].readings.is_empty())
        .collect();
    // The readings of the names each name qualifies ("Texas" in "Paris, Texas"): a reading that holds one of them
    // is what the qualifier means (the state of Washington in "Redmond, Washington").
    let mut qualified_of: Vec<Vec<u32>> = vec![Vec::new(); groups.len()];
    for (a, gr) in groups.iter().enumerate() {
        for &q in &gr.qualifiers {
            if groups[a].verdict != Verdict::Reject && !is_list(g, gr, &groups[q]) {
                qualified_of[q].extend(gr.readings.iter().map(|r| r.0));
            }
        }
    }
    // The readings of the names that follow each name after a comma ("Nice, France"), unless the two are a list
    // ("China, Japan and Korea": the first can be as broad as the second).
    let quals_of: Vec<Vec<u32>> = groups
        .iter()
        .map(|gr| {
            gr.qualifiers
                .iter()
                .filter(|&&q| groups[q].verdict != Verdict::Reject && !is_list(g, gr, &groups[q]))
                .flat_map(|&q| groups[q].readings.iter().map(|r| r.0))
                .collect()
        })
        .collect();
    // Step 1. Its anchors: names with one reading left (the only one, or the only one its qualifier or type word
    // allows).
    let mut local: Vec<Vec<(f32, &'static str)>> = vec![Vec::new(); groups.len()];
    let mut anchors: Vec<Anchor> = Vec::new();
    for &gi in &live {
        let gr = &groups[gi];
        // A list names places of one kind: a sibling read only one way says which.
        let sibling_kinds: Vec<Kind> = gr
            .siblings
            .iter()
            .filter(|&&o| groups[o].verdict != Verdict::Reject)
            .filter_map(|&o| {
                let mut kinds = groups[o].readings.iter().map(|r| g.entity(r.0).kind);
                let first = kinds.next()?;
                kinds.all(|k| k == first).then_some(first)
            })
            .collect();
        let scores: Vec<(f32, &'static str)> = (0..gr.readings.len())
            .map(|i| {
                let (mut score, mut how) = local_score(g, gr, &quals_of[gi], &sibling_kinds, i);
                let e = gr.readings[i].0;
                if qualified_of[gi].iter().any(|&t| t != e && g.within(t, e)) {
                    score += w::QUALIFIER;
                    how = "it holds the town named before the comma";
                }
                (score, how)
            })
            .collect();
        let mut order: Vec<usize> = (0..scores.len()).collect();
        order.sort_by(|&a, &b| scores[b].0.total_cmp(&scores[a].0).then(a.cmp(&b)));
        let settled = match order.as_slice() {
            [_] => true,
            [a, b, ..] => scores[*a].0 - scores[*b].0 >= w::QUALIFIER.min(w::TYPE_WORD),
            [] => false,
        };
        // A name that only needs support settles nothing for the others.
        if settled && gr.verdict == Verdict::Accept {
            let (e, _) = gr.readings[order[0]];
            anchors.push(Anchor {
                group: gi,
                entity: g.entity(e),
            });
        }
        local[gi] = scores;
    }
    // Names inside organisations' names ("Texas Forest Service", "Henderson County Commissioners Court") are no
    // places of the article, but say where its story is when they have one reading and it is no town.
    for (gi, gr) in groups.iter().enumerate() {
        if gr.verdict == Verdict::Reject && gr.context && !gr.person && gr.readings.len() == 1 {
            let ent = g.entity(gr.readings[0].0);
            if ent.kind != Kind::City {
                anchors.push(Anchor {
                    group: gi,
                    entity: ent,
                });
            }
        }
    }
    // Steps 2 and 3, twice: the names read with a clear lead the first time are anchors the second time.
    let mut choices: Vec<(usize, Choice)> = Vec::with_capacity(live.len());
    let mut totals: Vec<Vec<f32>> = vec![Vec::new(); groups.len()];
    let mut next_anchors: Vec<Anchor> = Vec::new();
    for round in 0..2 {
        choices.clear();
        for &gi in &live {
            let gr = &groups[gi];
            let mut best: Choice = None;
            let mut second = f32::NEG_INFINITY;
            // The best-known reading after step 1, and whether the article supports it at all: a namesake in
            // another country does not win over a supported well-known place without words next to its name
            // ("Paris" in a story naming France and Kentucky is the French capital).
            let default = (0..gr.readings.len())
                .max_by(|&a, &b| local[gi][a].0.total_cmp(&local[gi][b].0).then(b.cmp(&a)));
            let default_supported =
                default.is_some_and(|d| support(g, &anchors, gi, gr.readings[d].0).0 > 0.0);
            for (i, &(e, _)) in gr.readings.iter().enumerate() {
                let (score, how) = local[gi][i];
                let (bonus, why) = support(g, &anchors, gi, e);
                let total = score + bonus;
                if totals[gi].len() <= i {
                    totals[gi].push(total);
                } else {
                    totals[gi][i] = total;
                }
                if let Some(d) = default.filter(|&d| d != i && default_supported) {
                    let de = g.entity(gr.readings[d].0);
                    let local_words = score > gr.priors[i] + 0.01;
                    if de.country != g.entity(e).country && !local_words {
                        second = second.max(total);
                        totals[gi][i] = f32::NEG_INFINITY;
                        continue;
                    }
                }
                // Ties go to the lower entity index (countries, then regions, then older GeoNames ids).
                if best.as_ref().is_none_or(|b| total > b.1) {
                    if let Some(b) = &best {
                        second = second.max(b.1);
                    }
                    let how = if why.is_empty() {
                        how.to_string()
                    } else {
                        format!("{how}; {why}")
                    };
                    best = Some((i, total, how));
                } else {
                    second = second.max(total);
                }
            }
            if round == 0 {
                if let Some((i, total, _)) = &best {
                    let clear = total - second >= w::ANCHOR_GAP;
                    let known = anchors.iter().any(|a| a.group == gi);
                    if clear && !known && gr.verdict == Verdict::Accept {
                        next_anchors.push(Anchor {
                            group: gi,
                            entity: g.entity(gr.readings[*i].0),
                        });
                    }
                }
            }
            choices.push((gi, best));
        }
        anchors.append(&mut next_anchors);
    }
    // Coherence breaks ties: among readings within TIE of the best, the one whose region or surroundings the
    // article's other names can also mean.
    for (gi, c) in choices.iter_mut() {
        let Some((b, best_total, how)) = c.as_mut() else {
            continue;
        };
        let close: Vec<usize> = (0..totals[*gi].len())
            .filter(|&i| totals[*gi][i] >= *best_total - w::TIE)
            .collect();
        if close.len() < 2 {
            continue;
        }
        let mut pick = (
            *b,
            *best_total + w::COHERENCE * coherence(g, groups, &live, *gi, *b),
        );
        for &i in &close {
            let v = totals[*gi][i] + w::COHERENCE * coherence(g, groups, &live, *gi, i);
            if v > pick.1 + 1e-4 {
                pick = (i, v);
            }
        }
        if pick.0 != *b {
            *b = pick.0;
            *how = "a close call, settled by the article's other names".to_string();
        }
    }
    for (gi, c) in choices {
        if let Some((i, _, how)) = c {
            let chosen = prefer_container(g, &groups[gi], groups[gi].readings[i]);
            groups[gi].how = if chosen.0 == groups[gi].readings[i].0 {
                how
            } else {
                "a place holding most of the people of the area of the same name".to_string()
            };
            groups[gi].chosen = Some(chosen);
        }
    }
}

/// How many of the article's other names could mean a town or district in the region of reading `i` of group
/// `gi`, or near it (each name counts once, divided among the regions its readings span), at most 2.
fn coherence(g: &Gazetteer, groups: &[Group], live: &[usize], gi: usize, i: usize) -> f32 {
    let e = g.entity(groups[gi].readings[i].0);
    let mut sum = 0.0;
    for &h in live.iter().filter(|&&h| h != gi) {
        let readings = &groups[h].readings;
        let mut regions: Vec<Option<u32>> = readings.iter().map(|r| g.entity(r.0).region).collect();
        regions.sort_unstable();
        regions.dedup();
        // Regions and countries the article names already spoke (step 2); towns and districts speak here.
        let agrees = readings.iter().any(|r| {
            let o = g.entity(r.0);
            matches!(o.kind, Kind::City | Kind::District)
                && o.index != e.index
                && ((e.region.is_some() && o.region == e.region)
                    || e.distance_km(&o).is_some_and(|d| d <= w::NEAR_KM))
        });
        if agrees {
            sum += 1.0 / regions.len().max(1) as f32;
        }
    }
    sum.min(2.0)
}

/// Names that need support: kept when another accepted place agrees (a town one of its region, a region or
/// country one of its country), or when two such towns lie near each other (local news names its towns and
/// their neighbours: "Oakdale" and "Wallingford").
fn settle_support(g: &Gazetteer, groups: &mut [Group]) {
    pair_towns(g, groups);
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
        let supported = if matches!(ent.kind, Kind::City | Kind::District) {
            accepted.iter().any(|&o| {
                o != e && ent.region.is_some() && {
                    let oe = g.entity(o);
                    oe.region == ent.region || ent.region == Some(o)
                }
            })
        } else {
            accepted
                .iter()
                .any(|&o| o != e && g.entity(o).country == ent.country)
        };
        if supported {
            gr.verdict = Verdict::Accept;
            gr.how.push_str("; another place of the article agrees");
        } else {
            gr.verdict = Verdict::Reject;
            gr.why = "needed another place of the article to agree, and none did";
        }
    }
}

/// Two names that need support and are neither words nor people's names, with readings within NEAR_KM of each
/// other (or in one district): both take those readings and are accepted.
fn pair_towns(g: &Gazetteer, groups: &mut [Group]) {
    let weak = |gr: &Group| {
        let c = gr.facts.class;
        gr.verdict == Verdict::NeedSupport && !c.common && !c.given && !c.person
    };
    let cands: Vec<usize> = (0..groups.len()).filter(|&i| weak(&groups[i])).collect();
    let mut pick: Vec<(usize, usize)> = Vec::new();
    for (x, &a) in cands.iter().enumerate() {
        for &b in &cands[x + 1..] {
            let mut best: Option<(f32, usize, usize)> = None;
            for (i, ra) in groups[a].readings.iter().enumerate() {
                let ea = g.entity(ra.0);
                for (j, rb) in groups[b].readings.iter().enumerate() {
                    let eb = g.entity(rb.0);
                    let same_district = ea.district.is_some() && ea.district == eb.district;
                    let near = ea.distance_km(&eb).is_some_and(|d| d <= w::NEAR_KM);
                    if ea.index != eb.index && (same_district || near) {
                        let score = groups[a].priors[i] + groups[b].priors[j];
                        if best.is_none_or(|bst| score > bst.0) {
                            best = Some((score, i, j));
                        }
                    }
                }
            }
            if let Some((_, i, j)) = best {
                pick.push((a, i));
                pick.push((b, j));
            }
        }
    }
    for (gi, i) in pick {
        let gr = &mut groups[gi];
        if gr.verdict == Verdict::NeedSupport {
            gr.chosen = Some(gr.readings[i]);
            gr.verdict = Verdict::Accept;
            gr.how = "near another town the article names".to_string();
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
        groups[gi].why = "read abroad while the rest of the article is in one other country";
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
        let area = |k: Kind| matches!(k, Kind::Region | Kind::District | Kind::Country);
        let (city, container) = match (ce.kind, oe.kind) {
            (Kind::City, k) if area(k) && g.within(chosen.0, o) => (ce, oe),
            (k, Kind::City) if area(k) && g.within(o, chosen.0) => (oe, ce),
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

/// One line per name: how it was judged and which reading was chosen, and why.
fn explain_groups(
    g: &Gazetteer,
    s: &Scratch,
    title: &str,
    body: &str,
    groups: &[Group],
    out: &mut Vec<String>,
) {
    for gr in groups {
        let (a, b) = gr.first_mention;
        let text = if s.tokens[a].has(IN_TITLE) {
            title
        } else {
            body
        };
        let surface = text
            .get(s.tokens[a].start as usize..s.tokens[b].end as usize)
            .map_or_else(|| "?".to_string(), str::to_string);
        let line = match (gr.verdict, gr.chosen) {
            (Verdict::Accept, Some((e, kind))) => {
                let n = gr.readings.len();
                let of = if n > 1 {
                    format!(" (1 of {n} readings)")
                } else {
                    String::new()
                };
                let adjective = if kind == NameKind::Demonym {
                    " (an adjective or demonym)"
                } else {
                    ""
                };
                format!(
                    "{surface}{adjective} ×{} → {} [{}]. A place: {}. This reading{of}: {}.",
                    gr.mentions,
                    g.path(e),
                    g.describe(e),
                    gr.why,
                    gr.how,
                )
            }
            _ => format!("{surface}: not a place here: {}.", gr.why),
        };
        out.push(line);
    }
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
        // A county is filed under its region.
        let e = g.filed_as(e);
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
