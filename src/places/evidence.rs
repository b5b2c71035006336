//! What the text says around one mention of a name: whether it is a place at all (a person's name, a word, part of
//! an organisation's name), and how strongly the context speaks for it (a dateline, "in", a qualifier after a
//! comma, a type word). The rules read the word lists of `lexicon.rs`; `geoparse.rs` groups the verdicts by name.

use super::lexicon;
use super::matcher::{
    Gap, Mention, Scratch, Token, ALL_CAPS, CAP, CASE_VOID, MENTION_START, SENT_START,
};

/// How a mention's context speaks for or against it being a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    Reject,
    /// Counts only if other places of the article agree with its reading (same country or region).
    NeedSupport,
    Accept,
}

pub fn prev_token<'a>(s: &'a Scratch, m: &Mention) -> Option<&'a Token> {
    let t = &s.tokens[m.first];
    (m.first > 0 && t.gap != Gap::Start).then(|| &s.tokens[m.first - 1])
}

pub fn next_token<'a>(s: &'a Scratch, m: &Mention) -> Option<&'a Token> {
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
pub struct KeyClass {
    pub calendar: bool,
    pub common: bool,
    pub person: bool,
    pub person_strict: bool,
    pub surname: bool,
    pub generic: bool,
}

impl KeyClass {
    pub fn of(key: &str) -> KeyClass {
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
pub struct Judged {
    pub verdict: Verdict,
    /// The name stood inside a longer proper name ("Fidel Castro", "Michael Jordan"): one sense per article
    /// makes its other bare mentions that name too.
    pub name_part: bool,
    /// A dateline, a locative preposition, a qualifier or a type word speaks for the place.
    pub strong: bool,
}

/// Judges one mention from its context.
pub fn verdict(s: &Scratch, m: &Mention, kc: KeyClass, no_country: bool, small: bool) -> Judged {
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
