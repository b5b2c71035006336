//! URL parameters: the command line's options by the same names (`q` for the query, `not_place` for
//! `--not-place`), read into the same `Filters` and turned into a `QuerySpec` the same way; what the page adds
//! (compared queries, the chart's period and scale); bounds on what one request may cost; and links that change
//! one thing and keep the rest, so that every view is an address.

use crate::dates::Period;
use crate::search::filters::{self, Filters};
use crate::search::query::{self, Expr};
use crate::search::{QuerySpec, Sort};

/// The longest query accepted, in bytes.
pub const MAX_QUERY: usize = 1000;
/// Deepest nesting of parentheses and negations.
const MAX_DEPTH: usize = 16;
/// Most words and phrases in one query.
const MAX_LEAVES: usize = 64;
/// Most words in a phrase with a slop (`"a b c"~5`): matching those costs more with every repeated word.
const MAX_SLOPPY_PHRASE: usize = 8;
/// Most words in any phrase.
const MAX_PHRASE: usize = 32;
/// Largest `limit` (hits in one answer) and `offset`.
pub const MAX_LIMIT: usize = 1000;
pub const MAX_OFFSET: usize = 100_000;
/// Most values of a repeatable parameter (`place`, `compare`, ...).
const MAX_REPEAT: usize = 16;
/// Queries compared with the main one on the chart.
pub const MAX_COMPARE: usize = 3;

/// Everything a page or an API call can be asked, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params {
    pub q: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub on: Option<String>,
    pub since: Option<String>,
    pub place: Vec<String>,
    pub about: Vec<String>,
    pub not_place: Vec<String>,
    pub source: Vec<String>,
    pub author: Vec<String>,
    pub section: Vec<String>,
    pub sort: Option<Sort>,
    pub limit: Option<usize>,
    pub offset: usize,
    /// The chart's (or `facets/dates`') period; `None` picks one from the span.
    pub by: Option<Period>,
    /// The chart shows each period's share of all articles rather than counts.
    pub share: bool,
    /// Other queries drawn on the chart beside `q`.
    pub compare: Vec<String>,
    /// `facets/places`: count below this place; `focus`: count what articles are about; `top`: how many.
    pub under: Option<String>,
    pub focus: bool,
    pub top: Option<usize>,
}

pub const PARAMS: &[&str] = &[
    "q",
    "from",
    "to",
    "on",
    "since",
    "place",
    "about",
    "not_place",
    "source",
    "author",
    "section",
    "sort",
    "limit",
    "offset",
    "by",
    "share",
    "compare",
    "under",
    "focus",
    "top",
];

fn number(key: &str, v: &str, max: usize) -> Result<usize, String> {
    let n: usize = v
        .trim()
        .parse()
        .map_err(|_| format!("{key}={v:?}: not a number"))?;
    if n > max {
        return Err(format!("{key}={n}: at most {max} here"));
    }
    Ok(n)
}

fn flag(key: &str, v: &str) -> Result<bool, String> {
    match v.trim().to_ascii_lowercase().as_str() {
        "" | "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(format!("{key}={v:?}: use 1 or 0")),
    }
}

pub fn sort_name(s: Sort) -> &'static str {
    match s {
        Sort::Relevance => "relevance",
        Sort::Newest => "newest",
        Sort::Oldest => "oldest",
    }
}

impl Params {
    /// Reads a query string. Empty values count as absent (a form sends every field); unknown names are an error,
    /// so that a typo is not silently ignored.
    pub fn parse(raw: Option<&str>) -> Result<Params, String> {
        let mut p = Params::default();
        let Some(raw) = raw else { return Ok(p) };
        for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
            let v = value.trim();
            let key = key.as_ref();
            if !PARAMS.contains(&key) {
                return Err(format!(
                    "unknown parameter {key:?}; known: {}",
                    PARAMS.join(", ")
                ));
            }
            if v.is_empty() && key != "share" && key != "focus" {
                continue;
            }
            let one = |slot: &mut Option<String>| -> Result<(), String> {
                if slot.is_some() {
                    return Err(format!("{key} is given twice"));
                }
                *slot = Some(v.to_string());
                Ok(())
            };
            let many = |list: &mut Vec<String>| -> Result<(), String> {
                if list.len() >= MAX_REPEAT {
                    return Err(format!("{key} is given more than {MAX_REPEAT} times"));
                }
                list.push(v.to_string());
                Ok(())
            };
            match key {
                "q" => {
                    if !p.q.is_empty() {
                        return Err("q is given twice".into());
                    }
                    p.q = v.to_string();
                }
                "from" => one(&mut p.from)?,
                "to" => one(&mut p.to)?,
                "on" => one(&mut p.on)?,
                "since" => one(&mut p.since)?,
                "place" => many(&mut p.place)?,
                "about" => many(&mut p.about)?,
                "not_place" => many(&mut p.not_place)?,
                "source" => many(&mut p.source)?,
                "author" => many(&mut p.author)?,
                "section" => many(&mut p.section)?,
                "compare" => {
                    if p.compare.len() >= MAX_COMPARE {
                        return Err(format!("at most {MAX_COMPARE} queries to compare"));
                    }
                    p.compare.push(v.to_string());
                }
                "under" => one(&mut p.under)?,
                "sort" => {
                    p.sort = Some(match v {
                        "relevance" => Sort::Relevance,
                        "newest" => Sort::Newest,
                        "oldest" => Sort::Oldest,
                        _ => return Err(format!("sort={v:?}: use relevance, newest or oldest")),
                    })
                }
                "by" => {
                    p.by = match v {
                        "year" => Some(Period::Year),
                        "month" => Some(Period::Month),
                        "week" => Some(Period::Week),
                        "day" => Some(Period::Day),
                        "auto" => None,
                        _ => return Err(format!("by={v:?}: use year, month, week or day")),
                    }
                }
                "limit" => p.limit = Some(number(key, v, MAX_LIMIT)?),
                "offset" => p.offset = number(key, v, MAX_OFFSET)?,
                "top" => p.top = Some(number(key, v, 100_000)?),
                "share" => p.share = flag(key, v)?,
                "focus" => p.focus = flag(key, v)?,
                _ => {}
            }
        }
        check_cost(&p.q)?;
        for c in &p.compare {
            check_cost(c)?;
        }
        Ok(p)
    }

    fn filters(&self) -> Filters {
        Filters {
            from: self.from.clone(),
            to: self.to.clone(),
            on: self.on.clone(),
            since: self.since.clone(),
            place: self.place.clone(),
            about: self.about.clone(),
            not_place: self.not_place.clone(),
            source: self.source.clone(),
            author: self.author.clone(),
            section: self.section.clone(),
        }
    }

    /// The search as the command line would run it, and notes on places read one of several ways.
    pub fn spec(&self) -> Result<(QuerySpec, Vec<String>), String> {
        self.spec_for(&self.q)
    }

    /// The same filters with another query (a compared one, or none for the share of all articles).
    pub fn spec_for(&self, q: &str) -> Result<(QuerySpec, Vec<String>), String> {
        let mut notes = Vec::new();
        let spec = filters::to_spec(q, &self.filters(), &mut notes)
            .map_err(|e| flag_names(&format!("{e:#}")))?;
        Ok((spec, notes))
    }

    /// The order of hits: as asked; without a query (sources alone are a filter, not a query), newest first.
    pub fn sort(&self) -> Sort {
        match self.sort {
            Some(s) => s,
            None if self.q.trim().is_empty() => Sort::Newest,
            None => Sort::Relevance,
        }
    }

    /// The parameters as a query string, in a fixed order, leaving out what is empty or default.
    pub fn to_query(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            s.append_pair("q", &self.q);
        }
        for (k, v) in [
            ("from", &self.from),
            ("to", &self.to),
            ("on", &self.on),
            ("since", &self.since),
        ] {
            if let Some(v) = v {
                s.append_pair(k, v);
            }
        }
        for (k, list) in [
            ("place", &self.place),
            ("about", &self.about),
            ("not_place", &self.not_place),
            ("source", &self.source),
            ("author", &self.author),
            ("section", &self.section),
            ("compare", &self.compare),
        ] {
            for v in list {
                s.append_pair(k, v);
            }
        }
        if let Some(u) = &self.under {
            s.append_pair("under", u);
        }
        if let Some(sort) = self.sort {
            s.append_pair("sort", sort_name(sort));
        }
        if let Some(by) = self.by {
            s.append_pair("by", by.as_str());
        }
        if self.share {
            s.append_pair("share", "1");
        }
        if self.focus {
            s.append_pair("focus", "1");
        }
        if let Some(l) = self.limit {
            s.append_pair("limit", &l.to_string());
        }
        if let Some(t) = self.top {
            s.append_pair("top", &t.to_string());
        }
        if self.offset > 0 {
            s.append_pair("offset", &self.offset.to_string());
        }
        s.finish()
    }

    /// A link to the page with these parameters changed by `change`; paging starts over unless `change` sets it.
    pub fn link(&self, change: impl FnOnce(&mut Params)) -> String {
        let mut p = self.clone();
        p.offset = 0;
        change(&mut p);
        let q = p.to_query();
        if q.is_empty() {
            "/".to_string()
        } else {
            format!("/?{q}")
        }
    }
}

/// Messages from the shared filter reading name command-line flags; on the web they are parameters.
fn flag_names(msg: &str) -> String {
    msg.replace("--not-place", "not_place")
        .replace("--from", "from")
        .replace("--to", "to")
        .replace("--on", "on")
        .replace("--since", "since")
        .replace("--place", "place")
        .replace("--about", "about")
        .replace("--under", "under")
}

/// Refuses queries whose cost could grow without bound: very long, deeply nested, many words, long phrases with
/// a slop. Syntax errors are left to the search, which reports them with their column.
pub fn check_cost(q: &str) -> Result<(), String> {
    if q.len() > MAX_QUERY {
        return Err(format!(
            "the query is {} bytes long; at most {MAX_QUERY} here",
            q.len()
        ));
    }
    // Parentheses are counted before parsing, so that the parser never recurses deeper than this.
    let mut depth = 0usize;
    for c in q.chars() {
        match c {
            '(' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(format!(
                        "the query nests parentheses deeper than {MAX_DEPTH}"
                    ));
                }
            }
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let Ok(Some(expr)) = query::parse(q) else {
        return Ok(());
    };
    let mut leaves = 0;
    walk(&expr, 0, &mut leaves)
}

fn walk(e: &Expr, depth: usize, leaves: &mut usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!("the query nests deeper than {MAX_DEPTH}"));
    }
    match e {
        Expr::Word { .. } => *leaves += 1,
        Expr::Phrase { text, slop, .. } => {
            *leaves += 1;
            let words = text.split_whitespace().count();
            if *slop > 0 && words > MAX_SLOPPY_PHRASE {
                return Err(format!(
                    "a phrase with ~{slop} may have at most {MAX_SLOPPY_PHRASE} words here (this one has {words})"
                ));
            }
            if words > MAX_PHRASE {
                return Err(format!("a phrase may have at most {MAX_PHRASE} words here"));
            }
        }
        Expr::And(v) | Expr::Or(v) => {
            for x in v {
                walk(x, depth + 1, leaves)?;
            }
        }
        Expr::Not(x) => walk(x, depth + 1, leaves)?,
    }
    if *leaves > MAX_LEAVES {
        return Err(format!(
            "the query has more than {MAX_LEAVES} words and phrases"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_repeated_and_empty_parameters() {
        let p = Params::parse(Some(
            "q=oil+prices&place=Russia&place=%2FJapan&from=&sort=newest&share=1",
        ))
        .unwrap();
        assert_eq!(p.q, "oil prices");
        assert_eq!(p.place, ["Russia", "/Japan"]);
        assert_eq!(p.from, None);
        assert_eq!(p.sort, Some(Sort::Newest));
        assert!(p.share);
    }

    #[test]
    fn links_keep_state_and_round_trip() {
        let p = Params::parse(Some("q=a%26b&place=X&compare=c&offset=20&by=week")).unwrap();
        let link = p.link(|p| p.place = vec!["/Y".into()]);
        let back = Params::parse(link.strip_prefix("/?")).unwrap();
        assert_eq!(back.q, "a&b");
        assert_eq!(back.place, ["/Y"]);
        assert_eq!(back.compare, ["c"]);
        assert_eq!(back.by, Some(Period::Week));
        assert_eq!(back.offset, 0, "a changed view starts at the first page");
    }

    #[test]
    fn refuses_unknown_names_and_bad_values() {
        assert!(Params::parse(Some("qq=x"))
            .unwrap_err()
            .contains("unknown parameter"));
        assert!(Params::parse(Some("limit=99999999"))
            .unwrap_err()
            .contains("at most"));
        assert!(Params::parse(Some("limit=-1"))
            .unwrap_err()
            .contains("not a number"));
        assert!(Params::parse(Some("compare=a&compare=b&compare=c&compare=d")).is_err());
    }

    #[test]
    fn refuses_costly_queries() {
        assert!(check_cost(&"(".repeat(40)).is_err());
        assert!(check_cost(&format!("{}fire{}", "-(".repeat(20), ")".repeat(20))).is_err());
        let phrase = format!("\"{}\"~100", ["fire"; 40].join(" "));
        assert!(check_cost(&phrase).is_err());
        assert!(check_cost(&"x".repeat(2000)).is_err());
        assert!(check_cost("\"interest rates\"~3 oil OR gas -(coal title:mine)").is_ok());
    }
}
