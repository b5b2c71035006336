//! What the text says around one mention of a name: whether it is a place at all (a person's name, a word, part of
//! an organisation's name), and how strongly the context speaks for it (a dateline, "in", a qualifier after a
//! comma, a type word). The rules read the word lists of `lexicon.rs` and the gazetteer's marks on names (English
//! words, given names); `geoparse.rs` groups the verdicts by name. Each verdict carries its reason, for `--explain`.

use super::gazetteer::Gazetteer;
use super::lexicon;
use super::matcher::{
    Gap, Mention, Scratch, Token, ALL_CAPS, CAP, CASE_VOID, MENTION_END, MENTION_START, SENT_START,
};
use super::norm;

/// How a mention's context speaks for or against it being a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    Reject,
    /// Counts only if other places of the article agree with its reading (same country or region).
    NeedSupport,
    Accept,
}

/// What a mention's name is part of when it is no place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamePart {
    No,
    /// Only this mention is part of a longer name ("United Way of Metropolitan Atlanta", "Lansdowne Road").
    Here,
    /// A person's name ("Ted Cruz", "Mr. Jordan"): one sense per article makes the bare mentions that person too.
    Person,
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
    use lexicon::{CITY_TYPE, CONNECTOR, FUNCTION, ORG, REGION_TYPE, ROLE};
    t.has(CAP)
        && !t.has(CASE_VOID)
        && (classes & ORG != 0
            || classes & (FUNCTION | ROLE | REGION_TYPE | CITY_TYPE | CONNECTOR) == 0)
        && !(t.has(ALL_CAPS) && t.end - t.start <= 4)
}

/// What the word lists and the gazetteer say about a name (computed once per name).
#[derive(Clone, Copy, Debug, Default)]
pub struct KeyClass {
    pub calendar: bool,
    pub common: bool,
    pub person: bool,
    pub person_strict: bool,
    pub surname: bool,
    pub generic: bool,
    /// A given name of people ("David", "Mary", "Kanye").
    pub given: bool,
}

impl KeyClass {
    /// `word`: the gazetteer marks the key as an English word; it counts for names that are no country and not
    /// famous (Turkey and Nice stay places; Surprise and Hit need evidence).
    pub fn of(key: &str, word: bool, given: bool, no_country: bool, famous: bool) -> KeyClass {
        use lexicon::{CAL, COMMON, PERSON, PERSON_STRICT, SURNAME};
        let c = lexicon::classes(key);
        let generic = lexicon::is_generic_name(key);
        let word = word && no_country && !famous;
        KeyClass {
            calendar: c & CAL != 0,
            common: c & (COMMON | CAL | SURNAME) != 0 || generic || word,
            person: c & PERSON != 0,
            person_strict: c & PERSON_STRICT != 0,
            surname: c & SURNAME != 0,
            generic,
            given: given && no_country,
        }
    }
}

/// How one mention was judged.
#[derive(Clone, Copy, Debug)]
pub struct Judged {
    pub verdict: Verdict,
    /// The name stood inside a longer proper name, and whose.
    pub name_part: NamePart,
    /// A dateline, a locative preposition, a qualifier or a type word speaks for the place.
    pub strong: bool,
    /// A dateline, a qualifier or a type word: evidence a person's name elsewhere cannot outweigh ("said to
    /// Clinton" is no place when "Bill Clinton" is in the article).
    pub sure: bool,
    /// Why, in a few words (for `--explain`).
    pub why: &'static str,
}

/// What is known about the name beyond this mention.
#[derive(Clone, Copy, Debug)]
pub struct NameFacts {
    pub class: KeyClass,
    /// No reading is a country.
    pub no_country: bool,
    /// Every reading is a small place.
    pub small: bool,
    /// Some reading is a place known worldwide (a capital, a city of millions, a country).
    pub famous: bool,
    /// Every reading is a town of under 15,000 people.
    pub town: bool,
    /// The name says it is an area ("Douglas County"): what follows it is an institution of that area ("Douglas
    /// County Sheriff's Office"), still that place.
    pub area_name: bool,
}

/// Whether a token is a capitalized given name standing before a surname ("Ted" in "Ted Cruz").
fn is_given_name(g: &Gazetteer, s: &Scratch, t: &Token, classes: u16) -> bool {
    use lexicon::{CONNECTOR, FUNCTION, HONORIFIC, LOCATIVE, ROLE};
    if !t.has(CAP) || t.has(ALL_CAPS) || t.has(CASE_VOID) || t.has(MENTION_END) {
        return false;
    }
    if classes & (FUNCTION | ROLE | HONORIFIC | LOCATIVE | CONNECTOR) != 0 {
        return false;
    }
    let f = s.fold(t);
    g.lookup_hashed(norm::hash_key(f), f.as_bytes())
        .is_some_and(|k| k.is_given_name())
}

/// Judges one mention from its context.
pub fn verdict(g: &Gazetteer, s: &Scratch, m: &Mention, facts: NameFacts) -> Judged {
    use lexicon::{CITY_TYPE, COMPASS, HONORIFIC, LOCATIVE, ORG, REGION_TYPE};
    let first = &s.tokens[m.first];
    let NameFacts {
        class,
        no_country,
        small,
        famous,
        town,
        area_name,
    } = facts;
    let KeyClass {
        calendar,
        common,
        person,
        person_strict,
        surname,
        generic,
        given,
    } = class;
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
    let sure_words = next.is_some_and(|n| {
        (n.gap == Gap::Comma && n.has(MENTION_START))
            || (n.gap == Gap::Space && next_c & (REGION_TYPE | CITY_TYPE) != 0)
    });
    let judged = |verdict, name_part, strong: bool, why| Judged {
        verdict,
        name_part,
        strong,
        sure: strong && (m.in_dateline || sure_words),
        why,
    };
    if m.in_dateline {
        return judged(Verdict::Accept, NamePart::No, true, "dateline");
    }
    let honorific = prev.is_some_and(|p| {
        prev_c & HONORIFIC != 0 && p.has(CAP) && matches!(first.gap, Gap::Space | Gap::Period)
    });
    let prev_part = prev.is_some_and(|p| {
        first.gap == Gap::Space && neighbour_is_name_part(p, prev_c) && !p.has(ALL_CAPS)
    });
    let next_part = next.is_some_and(|n| n.gap == Gap::Space && neighbour_is_name_part(n, next_c));
    let org_follows = next.is_some_and(|n| {
        n.gap == Gap::Space && n.has(CAP) && !n.has(CASE_VOID) && next_c & ORG != 0
    });
    // "Wal-Mart", "Coca-Cola": a capitalized word joined by a hyphen that is no place itself.
    // "al-Watan al-Arabi": an Arabic name after its article. "Cheng-sheng": a hyphenated word whose second part is
    // no suffix a place takes ("Paris-based", "London-born").
    let hyphen_part = (prev.is_some_and(|p| {
        first.gap == Gap::Hyphen
            && ((p.has(CAP) && !p.has(MENTION_END) && !p.has(CASE_VOID))
                || matches!(
                    prev_f,
                    "al" | "el" | "ad" | "ar" | "as" | "ash" | "at" | "az"
                ))
    })) || next.is_some_and(|n| {
        n.gap == Gap::Hyphen
            && !n.has(MENTION_START)
            && ((n.has(CAP) && !n.has(CASE_VOID))
                || (!n.has(CAP) && !lexicon::is_place_suffix(next_f)))
    });
    // In an all-capital or title-case line a capitalized "In" is still "in".
    let locative = prev.is_some_and(|p| {
        first.gap == Gap::Space
            && (!p.has(CAP) || p.has(CASE_VOID))
            && (prev_c & LOCATIVE != 0 || prev_f == "of")
    });
    let strong_locative = locative && prev_f != "of";
    let qualified = next.is_some_and(|n| n.gap == Gap::Comma && n.has(MENTION_START));
    let typed =
        next.is_some_and(|n| n.gap == Gap::Space && next_c & (REGION_TYPE | CITY_TYPE) != 0);
    let of_follows = next.is_some_and(|n| n.gap == Gap::Space && next_f == "of");
    let case_void = first.has(CASE_VOID);
    let sentence_start = first.has(SENT_START);
    let strong = strong_locative || qualified || typed;
    let given_before = no_country
        && first.gap == Gap::Space
        && prev.is_some_and(|p| is_given_name(g, s, p, prev_c));
    // "Kanye West", "David Cameron": a given name and a capitalized word after it, compass words included.
    let given_first = (given || person)
        && next.is_some_and(|n| {
            n.gap == Gap::Space
                && n.has(CAP)
                && !n.has(CASE_VOID)
                && (neighbour_is_name_part(n, next_c) || next_c & COMPASS != 0)
        });

    if calendar || surname {
        // "in March" is a date; only a qualifier makes it the town.
        let v = if qualified {
            Verdict::Accept
        } else {
            Verdict::Reject
        };
        return judged(
            v,
            NamePart::No,
            qualified,
            "a month, a weekday or a surname",
        );
    }
    if honorific && (person || common || no_country || given) {
        return judged(Verdict::Reject, NamePart::Person, false, "after a title");
    }
    if given_before && !strong_locative {
        return judged(
            Verdict::Reject,
            NamePart::Person,
            false,
            "after a given name (a surname)",
        );
    }
    if given_first && (no_country || person) {
        // Only this mention goes: "Houston Rockets" and "Cleveland Clinic" are no people, and a bare mention of a
        // given name elsewhere needs evidence anyway.
        return judged(
            Verdict::Reject,
            NamePart::Here,
            false,
            "a given name before another name",
        );
    }
    if area_name {
        return judged(
            Verdict::Accept,
            NamePart::No,
            true,
            "its name says it is an area",
        );
    }
    if person && (prev_part || next_part) {
        let part = if prev_part || honorific {
            NamePart::Person
        } else {
            NamePart::Here
        };
        return judged(Verdict::Reject, part, false, "part of a person's name");
    }
    if no_country && (org_follows || hyphen_part) {
        return judged(
            Verdict::Reject,
            NamePart::Here,
            false,
            "part of an organisation's or event's name",
        );
    }
    // "Vladimir Putin", "Crocus City Hall": a region or city name inside a longer proper name. Only a small
    // place's name is taken to be that name throughout the article ("Fidel Castro", then "Castro").
    if no_country && (prev_part || next_part) && !strong_locative {
        return judged(
            Verdict::Reject,
            NamePart::Here,
            false,
            "part of a longer name",
        );
    }
    if generic {
        // "Central", "North West", "Far North": a region of some country only when qualified.
        let ok = qualified || typed;
        let v = if ok { Verdict::Accept } else { Verdict::Reject };
        return judged(v, NamePart::No, ok, "a generic area name");
    }
    if common {
        // "University of Texas", "Department of State", "at University Hospital".
        if (of_follows && !qualified) || prev_part || next_part {
            return judged(Verdict::Reject, NamePart::No, false, "an English word");
        }
        if strong_locative || qualified || (typed && !sentence_start) {
            return judged(
                Verdict::Accept,
                NamePart::No,
                true,
                "an English word, but after a place preposition or qualified",
            );
        }
        if case_void {
            return judged(
                Verdict::NeedSupport,
                NamePart::No,
                false,
                "an English word in a headline",
            );
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
            let v = if subject {
                Verdict::NeedSupport
            } else {
                Verdict::Reject
            };
            return judged(v, NamePart::No, false, "an English word opening a sentence");
        }
        return judged(Verdict::NeedSupport, NamePart::No, false, "an English word");
    }
    if person && (case_void || sentence_start || person_strict) && !strong {
        return judged(
            Verdict::NeedSupport,
            NamePart::No,
            false,
            "also a person's name",
        );
    }
    if given && !famous && !strong {
        return judged(
            Verdict::NeedSupport,
            NamePart::No,
            false,
            "also a given name",
        );
    }
    // A town of a few thousand people is named in news of its region; "in Heathrow" in a London story is not the
    // Florida town. Only a qualifier (or a dateline, above) settles it alone.
    if town && !qualified {
        return judged(
            Verdict::NeedSupport,
            NamePart::No,
            strong,
            "a small town: the article must agree",
        );
    }
    // Small places (every reading a town) are more often something else that shares the name; in a headline,
    // where every word is capitalized, a town is only a place if the story agrees.
    if small && !qualified {
        return judged(
            Verdict::NeedSupport,
            NamePart::No,
            strong,
            "a small place: the article must agree",
        );
    }
    if case_void && no_country && !strong {
        return judged(
            Verdict::NeedSupport,
            NamePart::No,
            false,
            "in a headline, where every word is capitalized",
        );
    }
    let why = if strong_locative {
        "after a place preposition"
    } else if qualified {
        "qualified by the name after it"
    } else if typed {
        "a type word follows"
    } else {
        "a capitalized place name"
    };
    judged(Verdict::Accept, NamePart::No, strong, why)
}
