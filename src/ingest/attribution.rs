//! Who wrote it and where the publisher filed it, when the file's metadata does not say: a byline line at the top
//! of the text (`By Jane Smith`, `BY JANE SMITH AND JOHN DOE, Reuters`) and the section a URL's path names
//! (`https://example.com/politics/2024/06/23/story` is `politics`). Metadata always comes first; these fill gaps.
//! Author metadata is tidied the same way for every format: a `By`/`Von`/`Por`/`Par` in front is dropped, and
//! an address (a profile URL, a path, an IP number) is no author.

/// How many leading lines of the body may hold the byline, and how long that line may be.
const BYLINE_LINES: usize = 4;
const BYLINE_MAX_CHARS: usize = 90;

/// Lower-case words that may sit inside a name (`Ludwig van Beethoven`, `Ana de la Cruz`).
const PARTICLES: &[&str] = &[
    "de", "da", "das", "do", "dos", "di", "du", "del", "della", "van", "von", "der", "den", "la",
    "le", "bin", "al", "el", "ibn", "y",
];

/// The authors of a byline line near the top of the body, joined with `, `; `None` when there is none.
pub fn text_byline(body: &str) -> Option<String> {
    body.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(BYLINE_LINES)
        .find_map(byline_line)
}

/// `By Jane Smith` (the whole line a byline) → `Jane Smith`. What follows a comma, a bar or a dash (an agency,
/// a role, a date) is not a name.
fn byline_line(line: &str) -> Option<String> {
    if line.chars().count() > BYLINE_MAX_CHARS {
        return None;
    }
    let rest = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("BY "))
        .or_else(|| line.strip_prefix("by "))?;
    let names_part = rest
        .split([',', '|', '—', '–', '(', '\t'])
        .next()
        .unwrap_or("")
        .split(" - ")
        .next()
        .unwrap_or("")
        .trim();
    let names: Vec<String> = names_part
        .split(" and ")
        .flat_map(|p| p.split(" AND "))
        .flat_map(|p| p.split(" & "))
        .map(name)
        .collect::<Option<_>>()?;
    (!names.is_empty()).then(|| names.join(", "))
}

/// One person's name: two to five words, each capitalized (initials such as `J.` count), lower-case particles
/// inside; an all-capitals name is given in title case.
fn name(s: &str) -> Option<String> {
    let words: Vec<&str> = s.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) {
        return None;
    }
    let shouting = s
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    let mut out = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let inner = i > 0 && i + 1 < words.len();
        if inner && PARTICLES.contains(w) {
            out.push(w.to_string());
            continue;
        }
        let mut chars = w.chars();
        let first = chars.next()?;
        let name_like = first.is_uppercase()
            && chars.all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
            && w.chars().any(char::is_alphabetic);
        if !name_like {
            return None;
        }
        out.push(if shouting {
            title_case(w)
        } else {
            w.to_string()
        });
    }
    Some(out.join(" "))
}

fn title_case(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut start = true;
    for c in w.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = matches!(c, '-' | '\'' | '’');
    }
    out
}

/// Words that introduce a byline: English, German, Spanish/Portuguese, French.
const BY_WORDS: &[&str] = &[
    "By ", "BY ", "by ", "Von ", "VON ", "von ", "Por ", "POR ", "por ", "Par ", "PAR ", "par ",
];

/// An author as metadata gives it, tidied: `By Jane Smith` is `Jane Smith`; a URL, a path or an IP number
/// (`https://site/profile/jsmith`, `/jsmith`, `192.0.2.1`) names no author.
pub fn clean_author(value: &str) -> Option<String> {
    let mut s = value.trim();
    if let Some(rest) = BY_WORDS.iter().find_map(|w| s.strip_prefix(w)) {
        s = rest.trim_start();
    } else if BY_WORDS.iter().any(|w| w.trim_end() == s) {
        return None;
    }
    let address = s.starts_with("http://")
        || s.starts_with("https://")
        || s.starts_with("www.")
        || s.starts_with('/')
        || s.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ':');
    (!s.is_empty() && !address).then(|| s.to_string())
}

/// Path words that name no section: the site's machinery, a language, or news in general.
const NOT_SECTIONS: &[&str] = &[
    "wiki",
    "article",
    "articles",
    "story",
    "stories",
    "news",
    "amp",
    "index",
    "content",
    "contents",
    "post",
    "posts",
    "item",
    "items",
    "html",
    "www",
    "page",
    "pages",
    "node",
    "doc",
    "docs",
    "id",
    "view",
    "read",
    "en",
    "archive",
    "archives",
    "default",
    "home",
    "print",
    "live",
    "latest",
    "blog",
    "blogs",
    "entry",
    "cms",
    "main",
    "site",
    "sites",
    "static",
    "public",
    "stable",
    "current",
    // "article", "news", "story" in other languages.
    "artikel",
    "artikkel",
    "artigo",
    "articulo",
    "articolo",
    "nota",
    "notas",
    "noticia",
    "noticias",
    "notizia",
    "notizie",
    "nouvelle",
    "nouvelles",
    "actualite",
    "actualites",
    "nachrichten",
    "meldung",
    "nieuws",
    "uutiset",
    "naujienos",
    "novosti",
    "wiadomosci",
    "clanek",
    "zpravy",
    "haber",
    "haberler",
    "berita",
    "tin-tuc",
    // Three-letter language codes.
    "eng",
    "rus",
    "arm",
    "fra",
    "fre",
    "deu",
    "ger",
    "spa",
    "esp",
    "ita",
    "por",
    "ara",
    "zho",
    "chi",
    "jpn",
    "kor",
    "tur",
    "ukr",
    "pol",
];

/// The section a URL's path names: its first folder that is a word (ASCII letters, `-` between them, lower case or
/// capitalized, 3 to 24 characters) and not machinery. The last part of the path is the story, never the section.
pub fn url_section(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let path = rest.split(['?', '#']).next()?;
    let mut parts: Vec<&str> = path.split('/').skip(1).filter(|p| !p.is_empty()).collect();
    parts.pop()?;
    parts
        .into_iter()
        .find(|p| {
            let rest = p.get(1..).unwrap_or("");
            (3..=24).contains(&p.len())
                && p.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
                && rest.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
                && !p.ends_with('-')
                && !NOT_SECTIONS.contains(&p.to_ascii_lowercase().as_str())
        })
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_at_the_top_of_the_text() {
        let cases = [
            ("By Jane Smith\n\nThe council met.", Some("Jane Smith")),
            (
                "BY JANE SMITH AND JOHN DOE, Reuters\nText.",
                Some("Jane Smith, John Doe"),
            ),
            (
                "Headline kicker\nBy Ana de la Cruz | Staff writer\nText.",
                Some("Ana de la Cruz"),
            ),
            (
                "By J. R. Hartley - 2 February 2024\nText.",
                Some("J. R. Hartley"),
            ),
            (
                "By The Associated Press\nText.",
                Some("The Associated Press"),
            ),
            (
                "By O'Neil McDonald-Smith\nText.",
                Some("O'Neil McDonald-Smith"),
            ),
        ];
        for (body, want) in cases {
            assert_eq!(text_byline(body).as_deref(), want, "{body:?}");
        }
    }

    #[test]
    fn sentences_that_start_with_by_are_not_bylines() {
        for body in [
            "By law, all male residents must register.",
            "By yesterday, the WHO reported a million cases.",
            "By Monday night the river had fallen.",
            "By Monday\nText.",
            "By about 22:00 local time the fire was out.",
            "Intro one\nIntro two\nIntro three\nIntro four\nBy Jane Smith",
            "Byron Smith spoke.",
        ] {
            assert_eq!(text_byline(body), None, "{body:?}");
        }
    }

    #[test]
    fn author_metadata_is_tidied() {
        let cases = [
            (
                "By HILLEL ITALIE, AP Writer",
                Some("HILLEL ITALIE, AP Writer"),
            ),
            (
                "Von Britta Schultejans, dpa",
                Some("Britta Schultejans, dpa"),
            ),
            ("Jane Smith", Some("Jane Smith")),
            ("https://news.example/profile/jsmith", None),
            ("/christopherwood", None),
            ("192.0.2.44", None),
            ("By ", None),
        ];
        for (value, want) in cases {
            assert_eq!(clean_author(value).as_deref(), want, "{value}");
        }
    }

    #[test]
    fn sections_from_url_paths() {
        let cases = [
            (
                "https://example.com/politics/2024/06/23/council-votes",
                Some("politics"),
            ),
            (
                "https://www.example.co.uk/news/world-europe/story-123",
                Some("world-europe"),
            ),
            (
                "https://example.com/en/sport/football/match-report/",
                Some("sport"),
            ),
            ("https://en.wikinews.org/wiki/Some_Title", None),
            ("https://example.com/news/12345", None),
            ("https://example.com/story-only", None),
            ("https://example.com/2024/06/23/story.html?utm=x", None),
            ("https://example.com/US-News/story", None),
            ("https://example.dk/Erhverv/some-story", Some("Erhverv")),
            (
                "https://example.de/lokales/town/artikel/123/story",
                Some("lokales"),
            ),
            ("https://example.com/noticia/2020/03/08/story", None),
            ("https://example.am/arm/news/615163.html", None),
            ("not a url", None),
        ];
        for (url, want) in cases {
            assert_eq!(url_section(url).as_deref(), want, "{url}");
        }
    }
}
