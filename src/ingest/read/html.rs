//! Web pages: the article text without navigation, ads, scripts, styles, comments and footers (readability, by
//! dom_smoothie, over one parse of the page), and the page's metadata: title (`og:title`, `<title>`, `<h1>`, with
//! a " | Site Name" suffix removed), source (`og:site_name`, JSON-LD publisher), canonical URL, language
//! (`<html lang>`), author, and date candidates best first.
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

use super::Record;
use dom_query::{Document, NodeRef};
use regex::Regex;
use serde_json::Value;
use std::sync::OnceLock;

/// A page's `<meta>` pairs, keys lower-cased, in document order.
struct Metas(Vec<(String, String)>);

impl Metas {
    fn collect(doc: &Document) -> Metas {
        let mut out = Vec::new();
        for node in doc.select("meta").nodes() {
            let Some(value) = node
                .attr("content")
                .or_else(|| node.attr("value"))
                .or_else(|| node.attr("datetime"))
            else {
                continue;
            };
            let value = value.trim().to_string();
            if value.is_empty() {
                continue;
            }
            for key_attr in ["property", "name", "itemprop", "http-equiv"] {
                if let Some(k) = node.attr(key_attr) {
                    out.push((k.trim().to_lowercase(), value.clone()));
                }
            }
        }
        Metas(out)
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn first_of(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|k| self.get(k))
    }
}

/// What the page's JSON-LD says about itself.
#[derive(Default)]
struct LinkedData {
    /// datePublished of article-typed objects, in document order.
    article_published: Vec<String>,
    /// datePublished of other objects (pages, unknown types), dateCreated of articles.
    other_published: Vec<String>,
    modified: Vec<String>,
    headline: Option<String>,
    authors: Vec<String>,
    publisher: Option<String>,
    url: Option<String>,
    language: Option<String>,
}

fn ld_types(obj: &serde_json::Map<String, Value>) -> Vec<String> {
    match obj.get("@type") {
        Some(Value::String(s)) => vec![s.to_ascii_lowercase()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_ascii_lowercase)
            .collect(),
        _ => Vec::new(),
    }
}

fn ld_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(o) => o.get("name").or_else(|| o.get("@value")).and_then(ld_text),
        Value::Array(a) => a.iter().find_map(ld_text),
        _ => None,
    }
}

impl LinkedData {
    fn collect(doc: &Document) -> LinkedData {
        let mut ld = LinkedData::default();
        for node in doc.select("script").nodes() {
            let is_ld = node
                .attr("type")
                .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"));
            if !is_ld {
                continue;
            }
            let raw = node.text();
            let cleaned = raw
                .trim()
                .trim_start_matches("<!--")
                .trim_end_matches("-->")
                .trim()
                .trim_start_matches("//<![CDATA[")
                .trim_end_matches("//]]>")
                .trim();
            match serde_json::from_str::<Value>(cleaned) {
                Ok(v) => ld.walk(&v, 0),
                // Invalid JSON-LD is common (raw newlines in strings, trailing commas): take the dates by pattern.
                Err(_) => ld.scan_invalid(cleaned),
            }
        }
        ld
    }

    fn walk(&mut self, v: &Value, depth: usize) {
        if depth > 12 {
            return;
        }
        match v {
            Value::Array(items) => items.iter().for_each(|i| self.walk(i, depth + 1)),
            Value::Object(obj) => {
                let types = ld_types(obj);
                let is_article = types.iter().any(|t| {
                    t.ends_with("article")
                        || t.ends_with("posting")
                        || t == "report"
                        || t == "newsarticle"
                });
                // Media, people, organisations and comments carry their own dates, not the article's.
                let is_other_thing = types.iter().any(|t| {
                    matches!(
                        t.as_str(),
                        "videoobject"
                            | "imageobject"
                            | "audioobject"
                            | "person"
                            | "organization"
                            | "comment"
                            | "event"
                            | "product"
                            | "review"
                            | "newsmediaorganization"
                    )
                });
                if !is_other_thing {
                    if let Some(d) = obj.get("datePublished").and_then(ld_text) {
                        if is_article {
                            self.article_published.push(d);
                        } else {
                            self.other_published.push(d);
                        }
                    }
                    if let Some(d) = obj.get("dateCreated").and_then(ld_text) {
                        self.other_published.push(d);
                    }
                    if let Some(d) = obj.get("dateModified").and_then(ld_text) {
                        self.modified.push(d);
                    }
                }
                if is_article {
                    if self.headline.is_none() {
                        self.headline = obj.get("headline").and_then(ld_text);
                    }
                    if self.authors.is_empty() {
                        if let Some(a) = obj.get("author") {
                            self.authors = match a {
                                Value::Array(items) => items.iter().filter_map(ld_text).collect(),
                                other => ld_text(other).into_iter().collect(),
                            };
                        }
                    }
                    if self.publisher.is_none() {
                        self.publisher = obj.get("publisher").and_then(ld_text);
                    }
                    if self.url.is_none() {
                        self.url = obj
                            .get("url")
                            .and_then(ld_text)
                            .or_else(|| {
                                obj.get("mainEntityOfPage")
                                    .and_then(|m| m.get("@id"))
                                    .and_then(ld_text)
                            })
                            .filter(|u| u.starts_with("http"));
                    }
                    if self.language.is_none() {
                        self.language = obj.get("inLanguage").and_then(ld_text);
                    }
                }
                for (k, child) in obj {
                    if matches!(child, Value::Object(_) | Value::Array(_))
                        && k != "author"
                        && k != "publisher"
                    {
                        self.walk(child, depth + 1);
                    }
                }
            }
            _ => {}
        }
    }

    fn scan_invalid(&mut self, raw: &str) {
        static RE: OnceLock<Regex> = OnceLock::new();
        let re = RE.get_or_init(|| {
            Regex::new(r#""(datePublished|dateCreated|dateModified)"\s*:\s*"([^"]{4,60})""#)
                .unwrap_or_else(|e| panic!("invalid JSON-LD date pattern: {e}"))
        });
        for c in re.captures_iter(raw) {
            let value = c[2].to_string();
            match &c[1] {
                "datePublished" => self.article_published.push(value),
                "dateCreated" => self.other_published.push(value),
                _ => self.modified.push(value),
            }
        }
    }
}

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

/// Collapses whitespace for a short attribute or text value.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn push_unique(out: &mut Vec<String>, v: &str) {
    let v = squash(v);
    if !v.is_empty() && !out.contains(&v) {
        out.push(v);
    }
}

/// The date candidates of a page, best first (see the module doc for the order).
fn date_candidates(
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

/// The article text by readability; the page's visible text when readability finds no article.
fn article_text(doc: Document) -> String {
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        // The JSON-LD was read already.
        disable_json_ld: true,
        ..Default::default()
    };
    let fallback_doc = |doc: &Document| {
        doc.select(
            "script, style, noscript, template, nav, footer, header, aside, form, svg, iframe",
        )
        .remove();
        doc.select("body")
            .nodes()
            .first()
            .map(|b| b.formatted_text().to_string())
            .unwrap_or_else(|| doc.formatted_text().to_string())
    };
    let mut readability = match dom_smoothie::Readability::with_document(doc, None, Some(cfg)) {
        Ok(r) => r,
        Err(_) => return String::new(),
    };
    match readability.parse() {
        Ok(article) if !article.text_content.trim().is_empty() => article.text_content.to_string(),
        _ => fallback_doc(&readability.doc),
    }
}

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
fn read_as_text(html: &str) -> Record {
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

    let dates = date_candidates(&doc, &metas, &ld, url.as_deref());
    let body = article_text(doc);
    Record {
        title,
        body,
        dates,
        source,
        url,
        author,
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
        assert_eq!(
            decode_entities("a&amp;b &#233;t&#xE9; &bogus; &ééééééé; &"),
            "a&b été &bogus; &ééééééé; &"
        );
    }

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
