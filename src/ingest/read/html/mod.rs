//! Web pages: the article text without navigation, ads, scripts, styles, comments and footers, and the page's
//! metadata: title (`og:title`, `<title>`, `<h1>`, with a " | Site Name" suffix removed), source (`og:site_name`,
//! JSON-LD publisher), canonical URL, language (`<html lang>`), author, section (`article:section`, JSON-LD
//! `articleSection`), and date candidates best first.
//!
//! The seams: `prescan` (byte scans before the parse), `meta` (metas and JSON-LD), `dates` (date candidates),
//! `body` (the article text); this file puts one page together from them.

mod body;
mod dates;
mod meta;
mod prescan;

use super::Record;
use body::article_text;
use dates::date_candidates;
pub use dates::url_date;
use dom_query::Document;
use meta::{LinkedData, Metas};
use prescan::read_as_text;
pub use prescan::{nesting_depth, strip_non_text, MAX_NESTING};

/// Collapses whitespace for a short attribute or text value.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Separators between a headline and the site name in `<title>`.
const TITLE_SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " · ", " » ", " • ", " ~ ",
];

fn normalize_name(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Removes a site-name part from a title: a part that matches the site's name or domain, or (without either) a
/// short last part after a separator when the rest is a real headline.
pub fn clean_title(title: &str, site: Option<&str>, url: Option<&str>) -> String {
    let title = squash(title);
    let host = url
        .and_then(|u| u.split("//").nth(1))
        .and_then(|rest| rest.split('/').next())
        .map(|h| {
            h.trim_start_matches("www.")
                .split('.')
                .next()
                .unwrap_or("")
                .to_string()
        });
    let site_keys: Vec<String> = [site.map(normalize_name), host.map(|h| normalize_name(&h))]
        .into_iter()
        .flatten()
        .filter(|s| s.len() >= 2)
        .collect();
    let is_site = |part: &str| {
        let p = normalize_name(part);
        !p.is_empty()
            && site_keys
                .iter()
                .any(|s| p == *s || p.contains(s.as_str()) || s.contains(p.as_str()))
    };
    let mut t = title.clone();
    for _ in 0..2 {
        let Some((sep_at, sep)) = TITLE_SEPARATORS
            .iter()
            .filter_map(|s| t.rfind(s).map(|i| (i, *s)))
            .max_by_key(|(i, _)| *i)
        else {
            break;
        };
        let (head, tail) = (&t[..sep_at], &t[sep_at + sep.len()..]);
        let head_words = head.split_whitespace().count();
        let tail_words = tail.split_whitespace().count();
        if head_words >= 2
            && (is_site(tail) || (site_keys.is_empty() && tail_words <= 3 && head_words >= 4))
        {
            t = head.trim().to_string();
            continue;
        }
        // "Site | Headline"
        if let Some((first, rest)) = TITLE_SEPARATORS
            .iter()
            .filter_map(|s| t.find(s).map(|i| (&t[..i], &t[i + s.len()..])))
            .min_by_key(|(f, _)| f.len())
        {
            if is_site(first) && rest.split_whitespace().count() >= 2 {
                t = rest.trim().to_string();
                continue;
            }
        }
        break;
    }
    t
}

/// Reads one web page (already decoded). Warnings: a page too deeply nested to parse is read as plain text.
pub fn read(text: &str, warnings: &mut Vec<String>) -> Record {
    let stripped = strip_non_text(text);
    let depth = nesting_depth(&stripped);
    if depth > MAX_NESTING {
        warnings.push(format!(
            "elements nested {depth} deep (the limit is {MAX_NESTING}); read as plain text, without metadata"
        ));
        return read_as_text(&stripped);
    }
    let doc = Document::from(stripped);
    let metas = Metas::collect(&doc);
    let ld = LinkedData::collect(&doc);

    let canonical = doc
        .select("link[rel]")
        .nodes()
        .iter()
        .find(|n| {
            n.attr("rel").is_some_and(|r| {
                r.split_whitespace()
                    .any(|w| w.eq_ignore_ascii_case("canonical"))
            })
        })
        .and_then(|n| n.attr("href"))
        .map(|h| h.trim().to_string())
        .filter(|h| h.starts_with("http"));
    let url = canonical
        .or_else(|| {
            metas
                .first_of(&["og:url", "twitter:url", "parsely-link"])
                .map(str::to_string)
        })
        .or_else(|| ld.url.clone())
        .filter(|u| u.starts_with("http"));

    let source = metas
        .first_of(&[
            "og:site_name",
            "application-name",
            "publisher",
            "dc.publisher",
            "cxenseparse:recs:publisher",
        ])
        .map(squash)
        .filter(|s| !s.starts_with("http"))
        .or_else(|| ld.publisher.clone());

    let title_tag = doc
        .select("title")
        .nodes()
        .first()
        .map(|n| n.text().to_string());
    let h1 = doc.select("h1").nodes().first().map(|n| squash(&n.text()));
    let title = metas
        .first_of(&["og:title", "twitter:title", "parsely-title", "dc.title"])
        .map(str::to_string)
        .or(title_tag)
        .or_else(|| ld.headline.clone())
        .or(h1)
        .map(|t| clean_title(&t, source.as_deref(), url.as_deref()))
        .filter(|t| !t.is_empty());

    let language = doc
        .select("html")
        .nodes()
        .first()
        .and_then(|h| h.attr("lang").or_else(|| h.attr("xml:lang")))
        .map(|l| l.trim().to_string())
        .or_else(|| {
            metas
                .first_of(&["content-language", "og:locale", "language", "dc.language"])
                .map(str::to_string)
        })
        .or_else(|| ld.language.clone())
        .filter(|l| !l.is_empty());

    let author = metas
        .first_of(&[
            "author",
            "article:author",
            "parsely-author",
            "sailthru.author",
            "dc.creator",
            "byl",
        ])
        .map(squash)
        .filter(|a| !a.starts_with("http") && !a.is_empty())
        .or_else(|| (!ld.authors.is_empty()).then(|| ld.authors.join(", ")));

    let section = metas
        .first_of(&[
            "article:section",
            "section",
            "parsely-section",
            "sailthru.section",
        ])
        .map(squash)
        .or_else(|| ld.section.clone())
        .filter(|s| !s.is_empty() && !s.starts_with("http"));

    let dates = date_candidates(&doc, &metas, &ld, url.as_deref());
    let body = article_text(doc);
    Record {
        title,
        body,
        dates,
        source,
        url,
        author,
        section,
        language,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en-GB"><head>
<meta charset="utf-8">
<title>Floods close roads across Yorkshire | Northern Daily</title>
<meta property="og:site_name" content="Northern Daily">
<meta property="article:modified_time" content="2024-02-03T09:00:00Z">
<meta property="article:published_time" content="2024-02-02T18:30:00+00:00">
<meta name="author" content="Sam Reporter">
<meta property="article:section" content="Weather">
<link rel="canonical" href="https://northern.example/news/2024/02/02/floods-yorkshire">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
  {"@type":"WebPage","datePublished":"2024-02-01"},
  {"@type":"NewsArticle","headline":"Floods close roads","datePublished":"2024-02-02T18:30:00Z",
   "dateModified":"2024-02-03T09:00:00Z","author":[{"@type":"Person","name":"Sam Reporter"}]}]}</script>
<style>.x{color:red}</style><script>var ads = "Buy now";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Floods close roads across Yorkshire</h1>
<p class="byline">By Sam Reporter, <time datetime="2024-02-02T18:30:00Z">2 February 2024</time></p>
<p>Heavy rain overnight flooded dozens of roads across North Yorkshire on Friday, and the Environment Agency issued
twelve flood warnings for the rivers Ouse, Nidd and Swale as water levels continued to rise through the evening.</p>
<p>Police asked drivers to avoid the A59 near Harrogate, where several cars were stranded in deep water, and
said that emergency crews had rescued four people from their vehicles during the afternoon.</p>
<!-- a comment that is not text -->
<p>Forecasters expect the rain to ease on Saturday, but warned that river levels would stay high into next week,
with further flooding possible in low-lying villages along the Ouse downstream of York.</p>
</article>
<aside class="related"><ul><li><time datetime="2023-01-01">Old story</time></li></ul></aside>
<footer>© Northern Daily 2024. All rights reserved.</footer>
</body></html>"#;

    #[test]
    fn reads_metadata_and_the_article_text() {
        let r = read(PAGE, &mut Vec::new());
        assert_eq!(
            r.title.as_deref(),
            Some("Floods close roads across Yorkshire")
        );
        assert_eq!(r.source.as_deref(), Some("Northern Daily"));
        assert_eq!(
            r.url.as_deref(),
            Some("https://northern.example/news/2024/02/02/floods-yorkshire")
        );
        assert_eq!(r.language.as_deref(), Some("en-GB"));
        assert_eq!(r.author.as_deref(), Some("Sam Reporter"));
        assert_eq!(r.section.as_deref(), Some("Weather"));
        assert_eq!(r.dates[0], "2024-02-02T18:30:00+00:00");
        assert_eq!(r.dates[1], "2024-02-02T18:30:00Z");
        assert_eq!(
            r.dates.last().map(String::as_str),
            Some("2024-02-03T09:00:00Z")
        );
        assert!(
            !r.dates.iter().any(|d| d.starts_with("2023")),
            "{:?}",
            r.dates
        );
        assert!(
            r.body
                .contains("Heavy rain overnight flooded dozens of roads"),
            "{}",
            r.body
        );
        assert!(r.body.contains("\n\nPolice asked drivers"), "{}", r.body);
        for junk in [
            "var ads",
            "color:red",
            "Home",
            "All rights reserved",
            "a comment that is not text",
        ] {
            assert!(!r.body.contains(junk), "{junk:?} in {}", r.body);
        }
    }

    #[test]
    fn json_ld_gives_author_and_section_when_metas_do_not() {
        let page = r#"<html><head><title>Council votes</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Council votes",
 "articleSection":["Politics","Local"],"author":[{"@type":"Person","name":"Ann Lee"},{"@type":"Person","name":"Bo Chen"}]}</script>
</head><body><article><p>The council voted seven to two for the new budget on Tuesday evening.</p></article></body></html>"#;
        let r = read_quiet(page);
        assert_eq!(r.author.as_deref(), Some("Ann Lee, Bo Chen"));
        assert_eq!(r.section.as_deref(), Some("Politics"));
    }

    #[test]
    fn broken_html_still_yields_text() {
        let r = read_quiet("<html><head><title>Storm hits coast</title><body><div><p>Winds of 120 km/h tore roofs off <b>houses\n<p>Thousands lost power.<div><p>Schools stay closed");
        assert_eq!(r.title.as_deref(), Some("Storm hits coast"));
        assert!(
            r.body.contains("Winds of 120 km/h tore roofs off houses"),
            "{}",
            r.body
        );
        assert!(r.body.contains("Thousands lost power."), "{}", r.body);
    }

    fn read_quiet(html: &str) -> Record {
        read(html, &mut Vec::new())
    }

    #[test]
    fn absurd_nesting_is_read_as_text_quickly() {
        let html = "<html><head><title>Deep &amp; odd</title></head><body>".to_string()
            + &"<div>".repeat(30_000)
            + "Officials said the dam held."
            + &"</div>".repeat(30_000)
            + "</body></html>";
        assert_eq!(nesting_depth(&html), 30_000);
        let t = std::time::Instant::now();
        let mut w = Vec::new();
        let r = read(&html, &mut w);
        assert!(t.elapsed().as_secs() < 5);
        assert_eq!(r.title.as_deref(), Some("Deep & odd"));
        assert!(r.body.contains("Officials said the dam held."));
        assert!(w[0].starts_with("elements nested 30000 deep"), "{w:?}");
        // Unclosed paragraphs and void elements are not nesting.
        assert_eq!(nesting_depth(&"<p>x<br><img src=a>".repeat(5000)), 0);
        assert_eq!(nesting_depth("<div><span>a</span><div/></div>"), 2);
    }

    #[test]
    fn site_names_are_cut_from_titles() {
        assert_eq!(
            clean_title(
                "Floods in York | Northern Daily",
                Some("Northern Daily"),
                None
            ),
            "Floods in York"
        );
        assert_eq!(
            clean_title(
                "Northern Daily - Floods in York",
                Some("Northern Daily"),
                None
            ),
            "Floods in York"
        );
        assert_eq!(
            clean_title(
                "Share market update: PSU bank shares gain - The Economic Times",
                None,
                Some("https://economictimes.indiatimes.com/x")
            ),
            "Share market update: PSU bank shares gain"
        );
        // A dash inside the headline stays when nothing says it is a site name.
        assert_eq!(
            clean_title("Covid-19 - what we know", Some("Daily"), None),
            "Covid-19 - what we know"
        );
        assert_eq!(
            clean_title("Mayor resigns after vote - BBC News", None, None),
            "Mayor resigns after vote"
        );
    }
}
