//! What is done to a page before it is parsed, by linear scans of its bytes: scripts, styles, SVG and comments
//! removed; nesting measured; a page nested too deeply to parse read as text.

use super::squash;
use crate::ingest::read::Record;

/// Whether `s` starts with `prefix`, ignoring ASCII case.
fn starts_with_ci(s: &[u8], prefix: &[u8]) -> bool {
    s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Finds `needle` (lower-case ASCII) in `hay` from `from`, ignoring ASCII case.
fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut i = from;
    while i + needle.len() <= hay.len() {
        let rel = hay[i..]
            .iter()
            .position(|&b| b.to_ascii_lowercase() == first)?;
        i += rel;
        if starts_with_ci(&hay[i..], needle) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Removes what is never article text before the page is parsed: scripts (but not JSON-LD, which holds
/// metadata), styles, inline SVG and comments. Half of a news page's bytes are these; dropping them with a linear
/// scan halves the parse. Unclosed ones are left to the parser.
pub fn strip_non_text(html: &str) -> String {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut copied = 0;
    let mut i = 0;
    while let Some(rel) = b[i..].iter().position(|&c| c == b'<') {
        let at = i + rel;
        let rest = &b[at..];
        let tag_end = |name: &[u8]| {
            rest.get(name.len())
                .is_some_and(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/')
                && starts_with_ci(rest, name)
        };
        let skip_to = if rest.starts_with(b"<!--") {
            find_ci(b, at + 4, b"-->").map(|e| e + 3)
        } else if tag_end(b"<script") {
            let open_end = b[at..].iter().position(|&c| c == b'>').map(|p| at + p);
            let is_ld = open_end.is_some_and(|e| find_ci(&b[..e], at, b"ld+json").is_some());
            if is_ld {
                None
            } else {
                find_ci(b, at + 7, b"</script")
                    .and_then(|e| b[e..].iter().position(|&c| c == b'>').map(|p| e + p + 1))
            }
        } else if tag_end(b"<style") {
            find_ci(b, at + 6, b"</style")
                .and_then(|e| b[e..].iter().position(|&c| c == b'>').map(|p| e + p + 1))
        } else if tag_end(b"<svg") {
            find_ci(b, at + 4, b"</svg")
                .and_then(|e| b[e..].iter().position(|&c| c == b'>').map(|p| e + p + 1))
        } else {
            None
        };
        match skip_to {
            Some(end) => {
                out.push_str(&html[copied..at]);
                // Keep the words apart that the removed element separated.
                out.push(' ');
                copied = end;
                i = end;
            }
            None => i = at + 1,
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// Elements whose end tag may be left out (the parser closes them) or that have none: they do not nest.
const NON_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rp", "rt",
    "tbody", "thead", "tfoot", "colgroup", "caption", "html", "head", "body", "!doctype",
];

/// Deeper nesting than this is not a real page, and would make the parser and readability slow (their work
/// grows with depth times size) and their recursion deep.
pub const MAX_NESTING: usize = 400;

/// The deepest element nesting the markup asks for, counting only elements that must be closed explicitly. A
/// linear scan of the tags, no parse.
pub fn nesting_depth(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(rel) = b[i..].iter().position(|&c| c == b'<') {
        let at = i + rel;
        let closing = b.get(at + 1) == Some(&b'/');
        let name_start = at + 1 + usize::from(closing);
        let name_len = b[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'!')
            .count();
        let Some(end) = b[name_start..]
            .iter()
            .position(|&c| c == b'>')
            .map(|p| name_start + p)
        else {
            break;
        };
        i = end + 1;
        if name_len == 0 {
            continue;
        }
        let name = &html[name_start..name_start + name_len];
        if NON_NESTING.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else if b[end - 1] != b'/' {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Decodes the few character references that matter in plain text.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        // Bytes, not a str slice: the twelfth byte may fall inside a character.
        let end = rest.as_bytes()[..rest.len().min(12)]
            .iter()
            .position(|&b| b == b';');
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A page too deeply nested to parse, read as text: tags dropped, block tags as paragraph breaks, the `<title>`.
pub(super) fn read_as_text(html: &str) -> Record {
    const BLOCKS: &[&str] = &[
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "article",
        "section",
        "blockquote",
        "table",
        "ul",
        "ol",
        "header",
        "footer",
        "main",
    ];
    let mut body = String::with_capacity(html.len() / 2);
    let mut title = None;
    let mut in_title = false;
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        let text = decode_entities(&rest[..at]);
        if in_title {
            title = Some(squash(&text));
        } else {
            body.push_str(&text);
        }
        let Some(end) = rest[at..].find('>').map(|e| at + e) else {
            rest = "";
            break;
        };
        let tag = &rest[at + 1..end];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if name == "title" {
            in_title = !closing;
        } else if BLOCKS.contains(&name.as_str()) {
            body.push_str("\n\n");
        }
        rest = &rest[end + 1..];
    }
    body.push_str(&decode_entities(rest));
    Record {
        title: title.filter(|t| !t.is_empty()),
        body,
        ..Record::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_styles_svg_and_comments_are_stripped_before_parsing() {
        let html = "<p>a<SCRIPT type=\"text/javascript\">if (a<b) {x=\"</p>\"}</script >b</p><!-- c --><style>p{}</style>\
                    <svg viewBox=\"0 0 1 1\"><path d=\"M0\"/></svg><script type=\"application/ld+json\">{}</script><script>unclosed";
        assert_eq!(
            strip_non_text(html),
            "<p>a b</p>   <script type=\"application/ld+json\">{}</script><script>unclosed"
        );
        assert_eq!(
            strip_non_text("<scripts>x</scripts>"),
            "<scripts>x</scripts>"
        );
    }

    #[test]
    fn character_references_are_decoded() {
        assert_eq!(
            decode_entities("a&amp;b &#233;t&#xE9; &bogus; &ééééééé; &"),
            "a&b été &bogus; &ééééééé; &"
        );
    }
}
