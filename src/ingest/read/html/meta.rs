//! A page's metadata as the publisher declared it: `<meta>` pairs and what its JSON-LD says about the article
//! (headline, authors, section, publisher, URL, language and its dates).

use dom_query::Document;
use regex::Regex;
use serde_json::Value;
use std::sync::OnceLock;

/// A page's `<meta>` pairs, keys lower-cased, in document order.
pub(super) struct Metas(pub(super) Vec<(String, String)>);

impl Metas {
    pub(super) fn collect(doc: &Document) -> Metas {
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

    pub(super) fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub(super) fn first_of(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|k| self.get(k))
    }
}

/// What the page's JSON-LD says about itself.
#[derive(Default)]
pub(super) struct LinkedData {
    /// datePublished of article-typed objects, in document order.
    pub(super) article_published: Vec<String>,
    /// datePublished of other objects (pages, unknown types), dateCreated of articles.
    pub(super) other_published: Vec<String>,
    pub(super) modified: Vec<String>,
    pub(super) headline: Option<String>,
    pub(super) authors: Vec<String>,
    /// `articleSection` (the first, when it is a list).
    pub(super) section: Option<String>,
    pub(super) publisher: Option<String>,
    pub(super) url: Option<String>,
    pub(super) language: Option<String>,
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
    pub(super) fn collect(doc: &Document) -> LinkedData {
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
                    if self.section.is_none() {
                        self.section = obj.get("articleSection").and_then(ld_text);
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
