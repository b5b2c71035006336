//! Finding place names in text: a tokenizer that keeps what the rules need (case, sentence starts, the punctuation
//! between words, paragraphs), dateline detection, and a longest-match scan of word n-grams against the gazetteer's
//! hash table. Phrases are only tried from capitalized words (or in all-capital / title-case lines, where case
//! says nothing), and are extended only while the gazetteer says a longer name can still match; a lower-case word
//! (other than a connector such as "de") may only complete a blocking phrase ("Brent crude"), never a place name.

use super::format::NameKind;
use super::gazetteer::{Gazetteer, KeyRef};
use super::{lexicon, norm};

/// What separates a token from the previous one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gap {
    /// Start of the title or of a paragraph.
    Start,
    Space,
    Hyphen,
    Apostrophe,
    /// A full stop (with or without a space after it).
    Period,
    Comma,
    /// Anything else (brackets, quotes, dashes, colons, several marks).
    Other,
}

pub const CAP: u16 = 1;
pub const ALL_CAPS: u16 = 2;
pub const DIGIT: u16 = 4;
/// First word of a sentence (case says nothing about it).
pub const SENT_START: u16 = 8;
/// The token's line is all capitals or title case, so its case is no evidence.
pub const CASE_VOID: u16 = 16;
pub const IN_TITLE: u16 = 32;
/// A sentence ends right after this token (`.`, `!`, `?` follow it).
pub const SENT_END: u16 = 64;
/// A matched name starts / ends at this token.
pub const MENTION_START: u16 = 128;
pub const MENTION_END: u16 = 256;

#[derive(Clone, Copy, Debug)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    /// Range of the folded form in `Scratch::folded`.
    pub fstart: u32,
    pub fend: u32,
    pub flags: u16,
    pub gap: Gap,
    /// 0 for the title, 1.. for body paragraphs.
    pub para: u16,
}

impl Token {
    pub fn has(&self, f: u16) -> bool {
        self.flags & f != 0
    }
}

/// A matched name: tokens `first..=last` and the gazetteer key.
#[derive(Clone, Copy, Debug)]
pub struct Mention {
    pub first: usize,
    pub last: usize,
    pub key: KeyRef,
    /// Whether every token is written in capitals (abbreviations need it).
    pub caps: bool,
    pub in_dateline: bool,
}

/// Reusable buffers (one per thread) so that geoparsing allocates little.
#[derive(Default)]
pub struct Scratch {
    pub folded: String,
    pub tokens: Vec<Token>,
    pub mentions: Vec<Mention>,
    /// The tokens of the title come first; body tokens start here.
    pub body_start: usize,
    /// Token range of the dateline's place phrase, if the body opens with a dateline.
    pub dateline: Option<(usize, usize)>,
    /// Recent lookups (phrase hash → key), kept across the articles a thread parses: news repeats its words
    /// ("U.S.", "Reuters", "The"), and a hit here spares several cache misses in the large gazetteer.
    pub cache: Vec<(u64, Option<KeyRef>)>,
}

/// Entries of `Scratch::cache` (direct-mapped).
const CACHE_LEN: usize = 4096;

impl Scratch {
    pub fn fold(&self, t: &Token) -> &str {
        &self.folded[t.fstart as usize..t.fend as usize]
    }

    pub fn clear(&mut self) {
        self.folded.clear();
        self.tokens.clear();
        self.mentions.clear();
        self.body_start = 0;
        self.dateline = None;
    }
}

/// The punctuation seen between two words, summarized for the rules (no allocation).
#[derive(Clone, Copy, Default)]
struct GapMarks {
    /// Non-space characters seen.
    count: u32,
    first: char,
    /// `.`, `!` or `?` seen.
    sentence: bool,
    colon: bool,
    newline: bool,
    /// Whitespace seen (a hyphen with spaces around it is a dash: "VICTORIA - The home").
    space: bool,
}

impl GapMarks {
    #[inline]
    fn see(&mut self, c: char) {
        if c == '\n' {
            self.newline = true;
        } else if c.is_whitespace() {
            self.space = true;
        } else {
            if self.count == 0 {
                self.first = c;
            }
            self.count += 1;
            self.sentence |= matches!(c, '.' | '!' | '?');
            self.colon |= c == ':';
        }
    }

    fn gap(&self) -> Gap {
        if self.count == 0 {
            return Gap::Space;
        }
        if self.count > 1 {
            return Gap::Other;
        }
        match self.first {
            '-' | '\u{2010}' | '\u{2011}' if !self.space => Gap::Hyphen,
            '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{2bc}' | '\u{2bb}' if !self.space => {
                Gap::Apostrophe
            }
            '.' => Gap::Period,
            ',' => Gap::Comma,
            _ => Gap::Other,
        }
    }
}

const A_WORD: u8 = 1;
const A_UPPER: u8 = 2;
const A_LOWER: u8 = 4;
const A_DIGIT: u8 = 8;

/// What each ASCII byte is, for the tokenizer's inner loop.
static ASCII_CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            A_WORD | A_UPPER
        } else if c.is_ascii_lowercase() {
            A_WORD | A_LOWER
        } else if c.is_ascii_digit() {
            A_WORD | A_DIGIT
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Tokenizes one text (the title, or the body) onto the end of `s.tokens`. ASCII, nearly all of English news, takes
/// a byte-wise path; other characters are decoded and folded one by one.
pub fn tokenize(text: &str, in_title: bool, first_para: u16, s: &mut Scratch) {
    let base = s.tokens.len();
    let bytes = text.as_bytes();
    // The whole text, lower-cased at once: an ASCII word's folded form is its own range of this copy. Words with
    // other letters are folded into the buffer after it.
    let copy = s.folded.len();
    s.folded.push_str(text);
    s.folded[copy..].make_ascii_lowercase();
    s.folded.push(' ');
    let mut para = first_para;
    let mut marks = GapMarks {
        newline: true,
        ..GapMarks::default()
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Classify the character at i.
        let (c, clen) = if b < 0x80 {
            (b as char, 1)
        } else {
            match text[i..].chars().next() {
                Some(c) => (c, c.len_utf8()),
                None => break,
            }
        };
        if !norm::is_word_char(c) {
            marks.see(c);
            i += clen;
            continue;
        }
        // A word: fold it into the shared buffer.
        let start = i;
        // Which of upper case, lower case and digits the word has, as A_* bits.
        let mut seen = 0u8;
        let first_upper = c.is_uppercase();
        for &b in &bytes[i..] {
            let c = if b < 0x80 {
                ASCII_CLASS[usize::from(b)]
            } else {
                0
            };
            if c & A_WORD == 0 {
                break;
            }
            seen |= c;
            i += 1;
        }
        let non_ascii_letter_follows = i < bytes.len()
            && bytes[i] >= 0x80
            && text[i..].chars().next().is_some_and(norm::is_word_char);
        let (fstart, fend) = if start < i && !non_ascii_letter_follows {
            (copy + start, copy + i)
        } else {
            // A word with other letters ("Zürich", "İzmir"): folded after the copy, character by character.
            let (fstart, fend, word_end) = fold_word(text, start, &mut s.folded, &mut seen);
            i = word_end;
            (fstart, fend)
        };
        let end = i;
        let (upper, lower, digit) = (
            seen & A_UPPER != 0,
            seen & A_LOWER != 0,
            seen & A_DIGIT != 0,
        );
        let has_prev = s.tokens.len() > base;
        if marks.newline && has_prev {
            para += 1;
        }
        let gap = if marks.newline || !has_prev {
            Gap::Start
        } else {
            marks.gap()
        };
        let mut flags = 0;
        if first_upper {
            flags |= CAP;
        }
        if upper && !lower {
            flags |= ALL_CAPS;
        }
        if digit {
            flags |= DIGIT;
        }
        if in_title {
            flags |= IN_TITLE;
        }
        // Sentence ends: the mark after the previous token, unless that token is an abbreviation ("St.", "U.S.").
        if let Some(prev) = s.tokens.last_mut().filter(|_| has_prev) {
            if !marks.newline && marks.sentence {
                let pf = &s.folded[prev.fstart as usize..prev.fend as usize];
                let abbrev = marks.first == '.' && (pf.len() == 1 || is_abbreviation(pf));
                if !abbrev {
                    prev.flags |= SENT_END;
                }
            }
        }
        let prev_ends =
            !has_prev || marks.newline || s.tokens.last().is_some_and(|p| p.has(SENT_END));
        if prev_ends || marks.colon {
            flags |= SENT_START;
        }
        s.tokens.push(Token {
            start: start as u32,
            end: end as u32,
            fstart: fstart as u32,
            fend: fend as u32,
            flags,
            gap,
            para,
        });
        marks = GapMarks::default();
    }
    mark_case_void(&mut s.tokens[base..]);
}

/// Folds the word of `text` starting at `start` onto the end of `folded` (then one space); returns its range in
/// `folded` and where the word ends in `text`, and notes its letter cases in `seen`.
fn fold_word(
    text: &str,
    start: usize,
    folded: &mut String,
    seen: &mut u8,
) -> (usize, usize, usize) {
    let fstart = folded.len();
    let mut end = start;
    for d in text[start..].chars() {
        if !norm::is_word_char(d) {
            break;
        }
        if d.is_uppercase() {
            *seen |= A_UPPER;
        } else if d.is_lowercase() {
            *seen |= A_LOWER;
        } else if d.is_numeric() {
            *seen |= A_DIGIT;
        }
        norm::fold_char_into(d, folded);
        end += d.len_utf8();
    }
    let fend = folded.len();
    folded.push(' ');
    (fstart, fend, end)
}

fn is_abbreviation(folded: &str) -> bool {
    matches!(
        folded,
        "mr" | "mrs"
            | "ms"
            | "dr"
            | "st"
            | "mt"
            | "ft"
            | "gen"
            | "gov"
            | "sen"
            | "rep"
            | "jr"
            | "sr"
            | "inc"
            | "co"
            | "corp"
            | "ltd"
            | "no"
            | "vs"
            | "lt"
            | "col"
            | "capt"
            | "sgt"
            | "rev"
            | "prof"
            | "pt"
            | "ste"
            | "messrs"
            | "dc"
            | "u"
            | "s"
            | "a"
            | "k"
            | "e"
            | "n"
            | "w"
    )
}

/// Marks lines (paragraphs, the title) whose case carries no information: all capitals, or title case.
fn mark_case_void(tokens: &mut [Token]) {
    let mut i = 0;
    while i < tokens.len() {
        let para = tokens[i].para;
        let mut j = i;
        let (mut words, mut caps, mut all_caps) = (0, 0, 0);
        while j < tokens.len() && tokens[j].para == para {
            let t = &tokens[j];
            if !t.has(DIGIT) && t.end - t.start > 3 {
                words += 1;
                if t.has(CAP) {
                    caps += 1;
                }
                if t.has(ALL_CAPS) {
                    all_caps += 1;
                }
            }
            j += 1;
        }
        // All capitals; or a short line in title case (a headline), where most long words are capitalized.
        let void = words > 0
            && (all_caps * 10 >= words * 8
                || (words <= 25 && caps * 10 >= words * 7 && words >= 3));
        if void {
            for t in &mut tokens[i..j] {
                t.flags |= CASE_VOID;
            }
        }
        i = j;
    }
}

/// Whether a token may start a name: capitalized (in an all-capital line every word is). A lower-case word is
/// never a name's start, even in a title-case headline ("turkey dinner").
fn can_start(t: &Token) -> bool {
    !t.has(DIGIT) && t.has(CAP)
}

/// Whether a gap may stand inside a name ("Ust-Kamenogorsk", "St. Louis", "Côte d'Ivoire").
fn joinable(gap: Gap, prev_folded: &str) -> bool {
    match gap {
        Gap::Space | Gap::Hyphen | Gap::Apostrophe => true,
        Gap::Period => prev_folded.len() <= 3,
        _ => false,
    }
}

/// Whether a token may continue a name: capitalized, or a lower-case connector ("Rio de Janeiro").
fn can_continue(t: &Token, folded: &str) -> bool {
    !t.has(DIGIT) && (t.has(CAP) || lexicon::is_connector(folded))
}

/// Finds the body's opening dateline ("MAKHACHKALA, Russia (AP) —", "MOSCOW, June 23 (Reuters) -",
/// "SALVADOR, Feb 26 -", "Paris (AFP) -"): the leading words in capitals before a comma, bracket or dash.
pub fn find_dateline(text: &str, s: &mut Scratch) {
    let toks = &s.tokens[s.body_start..];
    let Some(first) = toks.first() else { return };
    if first.para != 1 {
        return;
    }
    let mut n = 0;
    let mut all_caps = true;
    while n < toks.len() && n < 5 {
        let t = &toks[n];
        if t.has(DIGIT)
            || !t.has(CAP)
            || (n > 0 && !matches!(t.gap, Gap::Space | Gap::Hyphen | Gap::Period))
        {
            break;
        }
        all_caps &= t.has(ALL_CAPS);
        n += 1;
    }
    if n == 0 {
        return;
    }
    let last = &toks[n - 1];
    // What follows the place words decides: a comma then more dateline, a bracket (agency), or a dash.
    let rest = text.get(last.end as usize..).unwrap_or("");
    let rest = rest.trim_start_matches([' ', '.']);
    let marker = rest.starts_with(',')
        || rest.starts_with('(')
        || rest.starts_with('\u{2014}')
        || rest.starts_with('\u{2013}')
        || rest.starts_with("- ")
        || rest.starts_with("--");
    // Mixed-case openings are datelines only when an agency bracket or a dash follows ("Paris (AFP) -").
    let strong_marker =
        rest.starts_with('(') || rest.starts_with('\u{2014}') || rest.starts_with("- ");
    let caps_ok = all_caps && toks[..n].iter().any(|t| t.end - t.start >= 2);
    if marker && (caps_ok || strong_marker) {
        s.dateline = Some((s.body_start, s.body_start + n - 1));
        return;
    }
    find_later_dateline(text, s);
}

/// How far into the body a dateline may stand after a repeated title or a byline ("… By Jane Doe, Gannett
/// March 24, 2009 MANSFIELD -- Mansfield Mayor …", "By JOHN SMITH Associated Press WASHINGTON (AP) —").
const DATELINE_REACH: usize = 80;

/// A dateline after the opening words: one to four words in capitals, in a line that is not all capitals,
/// starting a sentence or following a date or a name, and followed by a dash or an agency in brackets.
fn find_later_dateline(text: &str, s: &mut Scratch) {
    let end = s.tokens.len().min(s.body_start + DATELINE_REACH);
    let mut i = s.body_start + 1;
    while i < end {
        let t = &s.tokens[i];
        let starts = t.has(ALL_CAPS)
            && !t.has(CASE_VOID)
            && !t.has(DIGIT)
            && t.end - t.start >= 3
            && !s.tokens[i - 1].has(ALL_CAPS);
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < end
            && j - i < 3
            && s.tokens[j + 1].has(ALL_CAPS)
            && !s.tokens[j + 1].has(DIGIT)
            && matches!(s.tokens[j + 1].gap, Gap::Space | Gap::Hyphen | Gap::Period)
        {
            j += 1;
        }
        let rest = text
            .get(s.tokens[j].end as usize..)
            .unwrap_or("")
            .trim_start_matches([' ', '.']);
        let agency = rest.strip_prefix('(').is_some_and(|r| {
            let name: String = r.chars().take_while(|c| *c != ')').collect();
            (2..=12).contains(&name.len()) && name.chars().all(|c| c.is_alphabetic() || c == ' ')
        });
        let dash = rest.starts_with("--")
            || rest.starts_with('\u{2014}')
            || rest.starts_with('\u{2013}')
            || rest.starts_with("- ");
        if agency || dash {
            s.dateline = Some((i, j));
            return;
        }
        i = j + 1;
    }
}

/// Scans all tokens for the longest gazetteer names.
pub fn find_mentions(g: &Gazetteer, s: &mut Scratch) {
    let max_words = g.max_words();
    let n = s.tokens.len();
    let mut i = 0;
    while i < n {
        let t = s.tokens[i];
        if !can_start(&t) {
            i += 1;
            continue;
        }
        if s.cache.len() != CACHE_LEN {
            s.cache = vec![(0, None); CACHE_LEN];
        }
        let mut hash = norm::fnv(norm::FNV_START, s.fold(&t).as_bytes());
        let mut best: Option<(usize, KeyRef)> = None;
        // Whether the phrase so far took a lower-case word that is no connector: then only a blocking phrase
        // ("Brent crude", "Brussels sprouts") may end there, never a place.
        let mut lower = false;
        let mut j = i;
        loop {
            // The stored key must equal the words i..=j joined by single spaces.
            let tokens = &s.tokens[i..=j];
            let folded = s.folded.as_bytes();
            let same = |stored: &[u8]| {
                let mut parts = stored.split(|&b| b == b' ');
                tokens
                    .iter()
                    .all(|t| parts.next() == Some(&folded[t.fstart as usize..t.fend as usize]))
                    && parts.next().is_none()
            };
            // Equal 64-bit hashes are taken for equal phrases (a collision between two phrases of news text is
            // far less likely than any other error here); the cache keeps the gazetteer's answer, "no" included.
            let slot = (hash ^ (hash >> 31)) as usize & (CACHE_LEN - 1);
            let found = match s.cache[slot] {
                (h, found) if h == hash && hash != 0 => found,
                _ => {
                    let found = if j == i && !g.may_start_name(hash) {
                        None
                    } else {
                        g.lookup_hashed_by(hash, same)
                    };
                    s.cache[slot] = (hash, found);
                    found
                }
            };
            let Some(k) = found else {
                break;
            };
            if k.n_readings > 0 && (!lower || is_block(g, k)) {
                best = Some((j, k));
            }
            if !k.is_prefix || j + 1 >= n || j + 1 - i >= max_words {
                break;
            }
            let next = s.tokens[j + 1];
            let prev_f = s.fold(&s.tokens[j]);
            if next.para != t.para || !joinable(next.gap, prev_f) || next.has(DIGIT) {
                break;
            }
            lower |= !can_continue(&next, s.fold(&next));
            hash = norm::fnv(hash, b" ");
            hash = norm::fnv(hash, s.fold(&next).as_bytes());
            j += 1;
        }
        match best {
            Some((last, key)) if s.tokens[last].has(CAP) || is_block(g, key) => {
                let caps = s.tokens[i..=last].iter().all(|t| t.has(ALL_CAPS));
                let in_dateline = s.dateline.is_some_and(|(a, b)| i >= a && last <= b);
                s.tokens[i].flags |= MENTION_START;
                s.tokens[last].flags |= MENTION_END;
                s.mentions.push(Mention {
                    first: i,
                    last,
                    key,
                    caps,
                    in_dateline,
                });
                i = last + 1;
            }
            _ => i += 1,
        }
    }
}

/// Whether a key is a blocking phrase (a phrase that names no place, such as "Wall Street" or "Brent crude").
fn is_block(g: &Gazetteer, k: KeyRef) -> bool {
    g.readings(k).all(|r| r.kind == NameKind::Block)
}

/// Whether a mention may use a reading of this kind (abbreviations must be written in capitals).
pub fn kind_allowed(kind: NameKind, m: &Mention) -> bool {
    kind != NameKind::Abbrev || m.caps
}
