//! The publication date candidates of a web page, best first.
//!
//! Date candidates, in this order (general rules, no per-site ones; `dates::parse` takes the first it can read):
//! 1. metas that name a publication date (`article:published_time`, `datePublished`, `pubdate`, `parsely-pub-date`,
//!    `dc.date.issued`, ...: a key that says "publish", "pubdate" or "issued");
//! 2. JSON-LD `datePublished` of article objects (also inside `@graph` and arrays);
//! 3. elements marked as the publication date (`<time pubdate>`, `itemprop="datePublished"`, a `<time>` whose
//!    class says "published");
//! 4. generic date metas (`date`, `dc.date`, `sailthru.date`, `...created`, `...datetime`, ...);
//! 5. JSON-LD `datePublished` of other objects and `dateCreated`; the first `<time datetime>` of the article;
//! 6. a date in the canonical URL (`/2020/01/13/`, `/20200113/`, `-2020-4-15-`);
//! 7. date-looking text in elements whose class or id says date/time/published (outside comments, navigation and
//!    lists of other stories);
//! 8. last, modified dates (`article:modified_time`, `dateModified`): better than a file time when nothing else.

use super::meta::{LinkedData, Metas};
use super::squash;
use dom_query::{Document, NodeRef};
use regex::Regex;
use std::sync::OnceLock;

/// How a meta key relates to the publication date.
#[derive(PartialEq)]
enum DateKey {
    Published,
    Generic,
    Modified,
    None,
}

fn classify_date_key(key: &str) -> DateKey {
    let k = key;
    if k.contains("expir") || k.contains("valid") || k.contains("copyright") || k.contains("birth")
    {
        return DateKey::None;
    }
    if k.contains("modif")
        || k.contains("updat")
        || k.contains("revis")
        || k.contains("last")
        || k.contains("edited")
    {
        return DateKey::Modified;
    }
    let publish = k.match_indices("publish").any(|(i, _)| {
        let rest = &k[i + "publish".len()..];
        !rest.starts_with("er") && !rest.starts_with("ing")
    });
    if publish
        || k.contains("pubdate")
        || k.contains("pub_date")
        || k.contains("pub-date")
        || k.contains("pubtime")
        || k.contains("issued")
    {
        return DateKey::Published;
    }
    let last = k.rsplit(['.', ':', '_', '-']).next().unwrap_or(k);
    if k == "date"
        || matches!(
            last,
            "date" | "datetime" | "created" | "creation" | "time" | "available"
        )
        || k.starts_with("date")
        || k.contains("datecreated")
        || k.contains("date.created")
        || k.contains("release")
    {
        return DateKey::Generic;
    }
    DateKey::None
}

/// A value could be a date: it has a digit and is not a URL or a sentence.
fn date_like(v: &str) -> bool {
    v.len() <= 100 && v.bytes().any(|b| b.is_ascii_digit()) && !v.starts_with("http")
}

/// Whether an element or one of its ancestors is page furniture or a list of other stories, judged by tag and by
/// class/id words.
fn in_furniture(node: &NodeRef<'_>) -> bool {
    const WORDS: &[&str] = &[
        "comment",
        "related",
        "sidebar",
        "footer",
        "nav",
        "menu",
        "widget",
        "recommend",
        "popular",
        "most-",
        "teaser",
        "trending",
        "promo",
        "newsletter",
        "feed",
        "list",
        "more-",
        "latest",
        "breadcrumb",
        "header-date",
        "headerdate",
        "topbar",
        "top-bar",
        "weather",
    ];
    std::iter::once(*node)
        .chain(node.ancestors_it(Some(12)))
        .any(|n| {
            let name = n
                .node_name()
                .map(|s| s.to_ascii_lowercase())
                .unwrap_or_default();
            if matches!(name.as_str(), "nav" | "footer" | "aside" | "header" | "li") {
                return true;
            }
            let attrs = format!(
                "{} {}",
                n.attr("class").unwrap_or_default(),
                n.attr("id").unwrap_or_default()
            )
            .to_ascii_lowercase();
            WORDS.iter().any(|w| attrs.contains(w))
        })
}

/// A date in a URL path: `/2020/01/13/`, `/2020-4-15-...`, `/20200113/`, as `YYYY-MM-DD`.
pub fn url_date(url: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"(?x)
            /((?:19|20)\d\d)/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?:/|$)
            | [/_-]((?:19|20)\d\d)-(0?[1-9]|1[0-2])-(0?[1-9]|[12]\d|3[01])(?:[/_.-]|$)
            | [/_-]((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)",
        )
        .unwrap_or_else(|e| panic!("invalid URL date pattern: {e}"))
    });
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let c = re.captures(path)?;
    let group = |i: usize| c.get(i).or_else(|| c.get(i + 3)).or_else(|| c.get(i + 6));
    let (y, m, d) = (group(1)?, group(2)?, group(3)?);
    let m: u32 = m.as_str().parse().ok()?;
    let d: u32 = d.as_str().parse().ok()?;
    Some(format!("{}-{m:02}-{d:02}", y.as_str()))
}

/// Whether a short text looks like it holds a date: a four-digit year, or a numeric day/month/year.
fn text_has_date(t: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"\b(?:19|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
            .unwrap_or_else(|e| panic!("invalid text date pattern: {e}"))
    });
    re.is_match(t)
}

/// An element's class and id, lower-cased (empty without either, without allocating).
fn class_id(node: &NodeRef<'_>) -> String {
    match (node.attr("class"), node.attr("id")) {
        (None, None) => String::new(),
        (c, i) => {
            format!("{} {}", c.unwrap_or_default(), i.unwrap_or_default()).to_ascii_lowercase()
        }
    }
}

fn push_unique(out: &mut Vec<String>, v: &str) {
    let v = squash(v);
    if !v.is_empty() && !out.contains(&v) {
        out.push(v);
    }
}

/// The date candidates of a page, best first (see the module doc for the order).
pub(super) fn date_candidates(
    doc: &Document,
    metas: &Metas,
    ld: &LinkedData,
    url: Option<&str>,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut generic = Vec::new();
    let mut modified = Vec::new();
    for (k, v) in &metas.0 {
        if !date_like(v) {
            continue;
        }
        match classify_date_key(k) {
            DateKey::Published => push_unique(&mut out, v),
            DateKey::Generic => generic.push(v.clone()),
            DateKey::Modified => modified.push(v.clone()),
            DateKey::None => {}
        }
    }
    for d in &ld.article_published {
        push_unique(&mut out, d);
    }
    // Elements marked as the publication date.
    for node in doc.select("[itemprop], time, [pubdate]").nodes() {
        let itemprop = node.attr("itemprop").map(|s| s.to_ascii_lowercase());
        let is_time = node
            .node_name()
            .is_some_and(|n| n.eq_ignore_ascii_case("time"));
        let marked = itemprop.as_deref() == Some("datepublished")
            || node.has_attr("pubdate")
            || (is_time && {
                let c = class_id(node);
                (c.contains("publish") || c.contains("pubdate"))
                    && !c.contains("updat")
                    && !c.contains("modif")
            });
        if !marked
            || node
                .node_name()
                .is_some_and(|n| n.eq_ignore_ascii_case("meta"))
        {
            continue;
        }
        let value = node
            .attr("datetime")
            .or_else(|| node.attr("content"))
            .map(|s| s.to_string())
            .unwrap_or_else(|| node.text().to_string());
        if date_like(value.trim()) {
            push_unique(&mut out, &value);
        }
    }
    for v in &generic {
        push_unique(&mut out, v);
    }
    for d in &ld.other_published {
        push_unique(&mut out, d);
    }
    // The first `<time datetime>` of the article (or the page) that is not furniture nor an update time.
    let scope = if doc.select("article").exists() {
        "article time[datetime]"
    } else {
        "time[datetime]"
    };
    if let Some(v) = doc
        .select(scope)
        .nodes()
        .iter()
        .filter(|n| {
            let c = class_id(n);
            !c.contains("updat") && !c.contains("modif") && !in_furniture(n)
        })
        .find_map(|n| {
            n.attr("datetime")
                .map(|s| s.to_string())
                .filter(|s| date_like(s))
        })
    {
        push_unique(&mut out, &v);
    }
    if let Some(d) = url.and_then(url_date) {
        push_unique(&mut out, &d);
    }
    // Date-looking text in elements that say they hold a date.
    let mut texts = 0;
    let mut c = String::new();
    for node in body_elements(doc).iter() {
        if texts >= 3 {
            break;
        }
        // Reuses one buffer: this runs for every element of the page.
        c.clear();
        for attr in [node.attr("class"), node.attr("id")].into_iter().flatten() {
            c.push_str(&attr);
            c.push(' ');
        }
        c.make_ascii_lowercase();
        let says_date = [
            "date", "time", "publish", "posted", "byline", "fecha", "datum", "dateline", "data",
        ]
        .iter()
        .any(|w| c.contains(w));
        if !says_date || c.contains("updat") || c.contains("modif") {
            continue;
        }
        let name = node
            .node_name()
            .map(|s| s.to_ascii_lowercase())
            .unwrap_or_default();
        if matches!(
            name.as_str(),
            "script" | "style" | "a" | "img" | "input" | "select" | "option"
        ) {
            continue;
        }
        if !small(node) {
            continue;
        }
        let text = squash(&node.text());
        if text.len() < 6 || text.len() > 100 || !text_has_date(&text) || in_furniture(node) {
            continue;
        }
        push_unique(&mut out, &text);
        texts += 1;
    }
    if let Some(t) = date_after_headline(doc) {
        push_unique(&mut out, &t);
    }
    for v in modified.iter().chain(&ld.modified) {
        push_unique(&mut out, v);
    }
    out
}

/// The elements of the body in document order (a plain walk: a `body *` selector costs a match per element).
fn body_elements(doc: &Document) -> Vec<NodeRef<'_>> {
    doc.body()
        .map(|b| b.descendants_it().filter(|n| n.is_element()).collect())
        .unwrap_or_default()
}

/// Whether an element has few descendants, so its text is short and cheap to gather.
fn small(node: &NodeRef<'_>) -> bool {
    node.descendants_it().take(12).count() < 12
}

/// The first short element after the headline whose whole text is a date ("August 06, 2019", "17/03/2020 -
/// 10:25"): pages without date markup print the date next to the headline or the byline.
fn date_after_headline(doc: &Document) -> Option<String> {
    let h1 = doc.select("h1").nodes().first().map(|n| n.id);
    let mut seen = h1.is_none();
    let mut looked = 0;
    for node in body_elements(doc).iter() {
        if !seen {
            seen = Some(node.id) == h1;
            continue;
        }
        // The date sits near the headline: a bounded look keeps this cheap on long pages.
        looked += 1;
        if looked > 1500 {
            break;
        }
        // Leaves only: a container's text is many things at once (and costly to gather for each).
        if node.first_element_child().is_some() {
            continue;
        }
        let raw = node.text();
        if raw.len() > 120 || !raw.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        let text = squash(&raw);
        if text.len() < 6 || text.len() > 40 || !text_has_date(&text) {
            continue;
        }
        let words = text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
        let inside_link_or_furniture = std::iter::once(*node)
            .chain(node.ancestors_it(Some(8)))
            .any(|n| {
                let name = n
                    .node_name()
                    .map(|s| s.to_ascii_lowercase())
                    .unwrap_or_default();
                matches!(
                    name.as_str(),
                    "a" | "nav" | "footer" | "aside" | "script" | "style" | "option" | "h2" | "h3"
                )
            });
        if words <= 4 && !inside_link_or_furniture {
            return Some(text);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_keys_are_classified_by_general_rules() {
        for k in [
            "article:published_time",
            "datepublished",
            "pubdate",
            "parsely-pub-date",
            "dc.date.issued",
            "cxenseparse:recs:publishtime",
            "bt:pubdate",
            "og:article:published_time",
            "nastooh:publishdate",
        ] {
            assert!(classify_date_key(k) == DateKey::Published, "{k}");
        }
        for k in [
            "date",
            "dc.date",
            "sailthru.date",
            "dc.date.created",
            "created",
            "aiturec:datetime",
            "release:date",
        ] {
            assert!(classify_date_key(k) == DateKey::Generic, "{k}");
        }
        for k in [
            "article:modified_time",
            "og:updated_time",
            "last-modified",
            "datemodified",
        ] {
            assert!(classify_date_key(k) == DateKey::Modified, "{k}");
        }
        for k in [
            "article:publisher",
            "article:expiration_time",
            "publishingprinciples",
            "og:title",
        ] {
            assert!(classify_date_key(k) == DateKey::None, "{k}");
        }
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            url_date("https://x.com/social/2020/01/13/story.html").as_deref(),
            Some("2020-01-13")
        );
        assert_eq!(
            url_date("https://x.com/2020/6/24/21302329/judges").as_deref(),
            Some("2020-06-24")
        );
        assert_eq!(
            url_date("https://x.com/article/20200121/34046328.html").as_deref(),
            Some("2020-01-21")
        );
        assert_eq!(
            url_date("https://x.com/nota/2020-4-15-16-5-0-en-ruta").as_deref(),
            Some("2020-04-15")
        );
        assert_eq!(
            url_date("https://x.com/bs-ed-year-20201223-cnxx-story.html").as_deref(),
            Some("2020-12-23")
        );
        assert_eq!(url_date("https://x.com/2020/10/borrell-no"), None);
        assert_eq!(url_date("https://x.com/news/1353889/x"), None);
        assert_eq!(url_date("https://x.com/a?date=2020/01/13/"), None);
    }
}
