//! Text normalization shared by every reader: Unicode NFC, whitespace collapsed inside paragraphs, paragraph breaks
//! kept (as one blank line), and boilerplate lines dropped. The boilerplate list lives here and nowhere else.

use regex::RegexSet;
use std::sync::OnceLock;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Whole lines that are page furniture, not news: dropped wherever they appear. Each pattern must match the whole
/// trimmed line (case-insensitive), so a sentence that merely contains the words is kept.
const BOILERPLATE: &[&str] = &[
    // Cross-promotion inserted into the story: "READ MORE: Dramatic moment huge explosion rocks ..."
    r"(?:read more|also read|read also|related|see also|more|watch|listen|recommended)\s*:.*",
    // Comment-section and sharing furniture.
    r"discussion about this post",
    r"(?:comments?|\d+ comments?|leave a comment|add a comment|show comments|view comments)",
    r"share (?:this|on) (?:article|story|post|facebook|twitter|x|whatsapp|linkedin)",
    r"(?:share|tweet|email|print)(?:\s*(?:[|/,·•]\s*)?(?:share|tweet|email|print|facebook|twitter|whatsapp|linkedin))+",
    r"advertisement|advertising|sponsored content|scroll to continue(?: with content)?",
    r"(?:subscribe|sign up) (?:to|for) (?:our|the) [\w\s]{0,40}newsletters?\.?",
    // Wire notes that a story will change: "THIS IS A BREAKING NEWS STORY, MORE TO FOLLOW…"
    r"this is a (?:breaking|developing) (?:news )?story[,.]? (?:more to follow|please check back|check back)[^\w]*(?:for updates[.…!]*)?",
    r"(?:more to follow|this story will be updated|this story is developing)[.…!]*",
];

fn boilerplate() -> &'static RegexSet {
    static SET: OnceLock<RegexSet> = OnceLock::new();
    SET.get_or_init(|| {
        let anchored: Vec<String> = BOILERPLATE
            .iter()
            .map(|p| format!(r"(?i)^(?:{p})$"))
            .collect();
        // The patterns are constants of this file and covered by tests; an invalid one is a programming error.
        RegexSet::new(anchored).unwrap_or_else(|e| panic!("invalid boilerplate pattern: {e}"))
    })
}

/// Whether a line (already trimmed) is boilerplate.
pub fn is_boilerplate(line: &str) -> bool {
    // The patterns are all short lines; a long paragraph is never furniture and need not run the set.
    line.len() <= 200 && boilerplate().is_match(line)
}

/// Unicode NFC, without allocating when the text is already NFC (nearly always).
pub fn nfc(text: &str) -> String {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text.to_string(),
        _ => text.nfc().collect(),
    }
}

/// Collapses every run of whitespace (including no-break spaces and line breaks) to one space, drops control and
/// zero-width characters, and trims.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = true;
        } else if c.is_control()
            || matches!(
                c,
                '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{00ad}'
            )
        {
            continue;
        } else {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        }
    }
    out
}

/// Normalizes a title: NFC and one line of collapsed whitespace.
pub fn title(text: &str) -> String {
    collapse_whitespace(&nfc(text))
}

/// Normalizes a body into paragraphs separated by one blank line.
///
/// What a paragraph is depends on how the text was laid out: blank lines separate paragraphs when there are any
/// (line breaks inside are wrapping); else indented lines start paragraphs when the text uses indentation (as wire
/// copy does); else every line is a paragraph (as pasted web text is). Boilerplate lines are dropped first.
pub fn body(text: &str) -> String {
    let text = nfc(text).replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.lines().filter(|l| !is_boilerplate(l.trim())).collect();
    // Blank lines before the first or after the last text line (the one after a title, say) separate nothing.
    let first = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(0);
    let last = lines
        .iter()
        .rposition(|l| !l.trim().is_empty())
        .unwrap_or(0);
    let lines = lines.get(first..=last).unwrap_or(&[]);
    let has_blank = lines.iter().any(|l| l.trim().is_empty());
    let indented = lines
        .iter()
        .filter(|l| l.starts_with([' ', '\t']) && !l.trim().is_empty())
        .count();
    // Indentation marks paragraphs only when some lines have it and others do not.
    let uses_indent = indented >= 2 && indented < lines.len();
    let mut paragraphs: Vec<String> = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, paragraphs: &mut Vec<String>| {
        let p = collapse_whitespace(cur);
        if !p.is_empty() {
            paragraphs.push(p);
        }
        cur.clear();
    };
    for &line in lines {
        let starts_paragraph = if has_blank {
            line.trim().is_empty()
        } else if uses_indent {
            line.starts_with([' ', '\t'])
        } else {
            true
        };
        if starts_paragraph {
            flush(&mut cur, &mut paragraphs);
        }
        cur.push_str(line);
        cur.push('\n');
    }
    flush(&mut cur, &mut paragraphs);
    paragraphs.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_the_three_boilerplate_kinds_of_the_seed() {
        assert!(is_boilerplate(
            "READ MORE: Dramatic moment huge explosion rocks Russian city"
        ));
        assert!(is_boilerplate("Discussion about this post"));
        assert!(is_boilerplate(
            "THIS IS A BREAKING NEWS STORY, MORE TO FOLLOW…"
        ));
        assert!(is_boilerplate(
            "This is a breaking news story, more to follow..."
        ));
    }

    #[test]
    fn keeps_sentences_that_only_contain_boilerplate_words() {
        assert!(!is_boilerplate(
            "Read more about the attack in Derbent below, officials said."
        ));
        assert!(!is_boilerplate(
            "The discussion about this post lasted hours."
        ));
        assert!(!is_boilerplate("More than 20 people were wounded."));
    }

    #[test]
    fn collapses_whitespace_and_keeps_paragraphs() {
        let t = "First  line\u{a0}here\nsecond part.\n\n\n  Next\tparagraph.  \n";
        assert_eq!(body(t), "First line here second part.\n\nNext paragraph.");
    }

    #[test]
    fn lines_are_paragraphs_without_blank_lines() {
        assert_eq!(
            body("One.\nTwo.\nREAD MORE: x\nThree."),
            "One.\n\nTwo.\n\nThree."
        );
    }

    #[test]
    fn blank_lines_around_the_text_do_not_make_it_one_paragraph() {
        assert_eq!(body("\nOne.\nTwo.\n\n"), "One.\n\nTwo.");
    }

    #[test]
    fn indented_wire_copy_joins_wrapped_lines() {
        let t = "    Oil prices rose today\nin heavy trading.\n    Analysts said the\nrise would last.\n";
        assert_eq!(
            body(t),
            "Oil prices rose today in heavy trading.\n\nAnalysts said the rise would last."
        );
    }

    #[test]
    fn composes_to_nfc() {
        let decomposed = "Zu\u{0308}rich";
        assert_eq!(title(decomposed), "Zürich");
        assert_eq!(collapse_whitespace(" a\u{200b}b \u{0}c "), "ab c");
    }
}
