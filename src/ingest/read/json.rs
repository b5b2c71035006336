//! JSON articles: one article object, an array of them, or an object wrapping such an array (`{"articles": [...]}`,
//! also one level deeper); and JSON Lines (`.jsonl`/`.ndjson`), one object per line, read line by line so a bad
//! line is a warning naming it and the rest is read. Field names: see `fields`.

use super::encoding::PieceDecoder;
use super::fields::{self, FieldValue, Target, UnreadField, UnreadTally};
use super::{cap_body, next_line, ReadOptions, Record, SkipReason};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::io::{self, BufRead};

/// At most this many per-line warnings are listed; the rest are counted in one.
const MAX_LISTED_WARNINGS: usize = 50;

/// Keys whose value, in an object, is the thing itself: `{"name": "Reuters"}`, `{"$date": "..."}`.
const INNER_KEYS: &[&str] = &[
    "name", "title", "text", "value", "$date", "@value", "#text", "href", "url",
];

fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        // A number date is Unix seconds or milliseconds: the date parser reads its decimal string.
        Value::Number(n) => Some(n.to_string()),
        Value::Object(o) => INNER_KEYS
            .iter()
            .find_map(|k| o.iter().find(|(key, _)| key.eq_ignore_ascii_case(k)))
            .and_then(|(_, v)| value_text(v)),
        _ => None,
    }
}

fn field_value(v: &Value) -> Option<FieldValue> {
    match v {
        Value::Array(items) => Some(FieldValue::List(
            items.iter().filter_map(value_text).collect(),
        )),
        other => value_text(other).map(FieldValue::Text),
    }
}

/// Case-insensitive lookup of a (lower-case, maybe dotted) name in an object.
fn lookup<'a>(index: &HashMap<String, &'a Value>, name: &str) -> Option<&'a Value> {
    if let Some(v) = index.get(name) {
        return Some(v);
    }
    let (head, rest) = name.split_once('.')?;
    let Value::Object(inner) = index.get(head)? else {
        return None;
    };
    lookup(&lower_index(inner), rest)
}

fn lower_index(obj: &Map<String, Value>) -> HashMap<String, &Value> {
    obj.iter().map(|(k, v)| (k.to_lowercase(), v)).collect()
}

/// Whether an object has any key that names an article's title or text.
fn is_article(index: &HashMap<String, &Value>, opts: &ReadOptions) -> bool {
    [Target::Title, Target::Body].iter().any(|t| {
        opts.field_map
            .names(*t)
            .any(|n| lookup(index, n).is_some_and(|v| !v.is_null()))
    })
}

/// Turns one article object into a `Record`.
pub fn record_from_object(obj: &Map<String, Value>, opts: &ReadOptions) -> Record {
    let index = lower_index(obj);
    fields::build(&opts.field_map, &|name| {
        lookup(&index, name).and_then(field_value)
    })
}

/// The `Record` of an object that is an article (it has a title or text field), with its unread text fields
/// noted in `tally`; `None` for any other object.
fn article_of(
    obj: &Map<String, Value>,
    opts: &ReadOptions,
    tally: &mut UnreadTally,
) -> Option<Record> {
    let index = lower_index(obj);
    if !is_article(&index, opts) {
        return None;
    }
    let rec = fields::build(&opts.field_map, &|name| {
        lookup(&index, name).and_then(field_value)
    });
    // Only strings long enough to be text are worth a look (most values are short).
    let unread: Vec<(&str, &str)> = obj
        .iter()
        .filter_map(|(k, v)| match v {
            Value::String(s) if s.len() >= 30 => Some((k.as_str(), s.as_str())),
            _ => None,
        })
        .filter(|(k, _)| !tally.is_known(&k.to_lowercase()))
        .collect();
    tally.record(&rec, unread.into_iter());
    Some(rec)
}

fn keys_of(obj: &Map<String, Value>) -> String {
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).take(12).collect();
    if obj.len() > keys.len() {
        keys.push("...");
    }
    keys.join(", ")
}

/// Keys that usually hold the list of articles in a wrapper object, best first.
const LIST_KEYS: &[&str] = &[
    "articles",
    "items",
    "news",
    "stories",
    "posts",
    "entries",
    "results",
    "data",
    "docs",
    "records",
    "documents",
    "response",
    "hits",
];

/// The array of article objects inside a wrapper object, searched two levels deep.
fn find_article_list(obj: &Map<String, Value>, depth: u8) -> Option<&Vec<Value>> {
    let index = lower_index(obj);
    let mut candidates: Vec<&Value> = LIST_KEYS
        .iter()
        .filter_map(|k| index.get(*k).copied())
        .collect();
    candidates.extend(obj.values());
    for v in &candidates {
        if let Value::Array(items) = v {
            if items.iter().any(Value::is_object) {
                return Some(items);
            }
        }
    }
    if depth > 0 {
        for v in candidates {
            if let Value::Object(inner) = v {
                if let Some(found) = find_article_list(inner, depth - 1) {
                    return Some(found);
                }
            }
        }
    }
    None
}

/// Reads a whole JSON document (already decoded).
pub fn read_document(
    text: &str,
    opts: &ReadOptions,
    warnings: &mut Vec<String>,
    unread: &mut Vec<UnreadField>,
) -> Result<Vec<Record>, SkipReason> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        SkipReason::Malformed(format!(
            "invalid JSON at line {} column {}: {e}",
            e.line(),
            e.column()
        ))
    })?;
    let items: Vec<&Value> = match &value {
        Value::Object(obj) if is_article(&lower_index(obj), opts) => vec![&value],
        Value::Object(obj) => match find_article_list(obj, 2) {
            Some(list) => list.iter().collect(),
            None => {
                return Err(SkipReason::Malformed(format!(
                    "the JSON object has no article fields (title, text, ...) and no list of articles; its keys: {}",
                    keys_of(obj)
                )))
            }
        },
        Value::Array(items) => items.iter().collect(),
        other => {
            return Err(SkipReason::Malformed(format!(
                "the JSON document is a {}, not an article object or a list of them",
                kind(other)
            )))
        }
    };
    let mut records = Vec::new();
    let mut skipped = 0usize;
    let mut tally = UnreadTally::new("field", &opts.field_map);
    for (i, item) in items.iter().enumerate() {
        let problem = match item {
            Value::Object(obj) => match article_of(obj, opts, &mut tally) {
                Some(rec) => {
                    records.push(rec);
                    continue;
                }
                None => format!("has no title or text field (its keys: {})", keys_of(obj)),
            },
            other => format!("is a {}, not an object", kind(other)),
        };
        skipped += 1;
        if skipped <= MAX_LISTED_WARNINGS {
            warnings.push(format!("article {} {problem}; skipped", i + 1));
        }
    }
    if skipped > MAX_LISTED_WARNINGS {
        warnings.push(format!(
            "{} more articles skipped",
            skipped - MAX_LISTED_WARNINGS
        ));
    }
    unread.extend(tally.finish());
    Ok(records)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Reads JSON Lines, one object per line, handing each article to `sink`. Bad lines are warnings naming their
/// line number. An I/O error (a truncated gzip) ends the file and is returned.
pub fn read_lines(
    mut input: impl BufRead,
    opts: &ReadOptions,
    warnings: &mut Vec<String>,
    unread: &mut Vec<UnreadField>,
    sink: &mut dyn FnMut(Record),
) -> io::Result<()> {
    let mut tally = UnreadTally::new("field", &opts.field_map);
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    let mut bad = 0usize;
    let mut decoder = PieceDecoder::for_sample(input.fill_buf()?);
    let mut warn = |warnings: &mut Vec<String>, msg: String| {
        bad += 1;
        if bad <= MAX_LISTED_WARNINGS {
            warnings.push(msg);
        }
    };
    let result = loop {
        match next_line(&mut input, &mut buf) {
            Ok(true) => {}
            Ok(false) => break Ok(()),
            Err(e) => break Err(e),
        }
        line_no += 1;
        let bytes = if line_no == 1 {
            buf.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&buf)
        } else {
            &buf[..]
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let line = decoder.decode(bytes);
        match serde_json::from_str::<Value>(&line) {
            Err(e) => warn(
                warnings,
                format!("line {line_no}: invalid JSON at column {}: {e}", e.column()),
            ),
            Ok(Value::Object(obj)) => match article_of(&obj, opts, &mut tally) {
                Some(mut rec) => {
                    cap_body(
                        &mut rec,
                        opts.max_body_bytes,
                        &format!("line {line_no}: "),
                        warnings,
                    );
                    sink(rec);
                }
                None => warn(
                    warnings,
                    format!(
                        "line {line_no}: no title or text field (its keys: {}); skipped",
                        keys_of(&obj)
                    ),
                ),
            },
            Ok(other) => warn(
                warnings,
                format!(
                    "line {line_no}: a JSON {}, not an object; skipped",
                    kind(&other)
                ),
            ),
        }
    };
    if bad > MAX_LISTED_WARNINGS {
        warnings.push(format!(
            "{} more bad lines not listed",
            bad - MAX_LISTED_WARNINGS
        ));
    }
    warnings.extend(decoder.warning("lines"));
    unread.extend(tally.finish());
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn doc(text: &str) -> (Vec<Record>, Vec<String>) {
        let mut w = Vec::new();
        let r = read_document(text, &ReadOptions::default(), &mut w, &mut Vec::new()).unwrap();
        (r, w)
    }

    #[test]
    fn news_please_fields() {
        let (r, w) = doc(
            r#"{"authors": ["Anna Petrova", "John Smith"], "date_download": "2024-06-24 08:00:00",
            "date_modify": null, "date_publish": "2024-06-23 19:40:00", "description": "Gunmen attacked...",
            "filename": "x.json", "image_url": null, "language": "en", "localpath": null,
            "maintext": "Gunmen attacked a synagogue and a church in Derbent.\n\nSeveral police officers died.",
            "source_domain": "www.example-news.com", "title": "Attacks in Dagestan",
            "url": "https://www.example-news.com/world/2024/06/23/dagestan"}"#,
        );
        assert!(w.is_empty());
        let r = &r[0];
        assert_eq!(r.title.as_deref(), Some("Attacks in Dagestan"));
        assert!(r.body.starts_with("Gunmen attacked a synagogue"));
        assert_eq!(r.dates, ["2024-06-23 19:40:00"]);
        assert_eq!(r.source.as_deref(), Some("www.example-news.com"));
        assert_eq!(r.author.as_deref(), Some("Anna Petrova, John Smith"));
        assert_eq!(r.language.as_deref(), Some("en"));
        assert_eq!(r.section, None);
    }

    #[test]
    fn a_huffpost_like_export_says_which_field_it_did_not_read() {
        let input = r#"{"link": "https://news.example/a", "headline": "Floods reach the old town", "category": "WORLD NEWS", "short_description": "Rivers rose overnight and the old town was under water by morning.", "authors": "Ann Lee, Contributor", "date": "2022-09-23"}
{"link": "https://news.example/b", "headline": "Council approves budget", "category": "POLITICS", "short_description": "The council voted seven to two for a budget that raises school spending.", "authors": "Bo Chen", "date": "2022-09-22"}"#;
        let mut w = Vec::new();
        let mut unread = Vec::new();
        let mut out = Vec::new();
        read_lines(
            Cursor::new(input),
            &ReadOptions::default(),
            &mut w,
            &mut unread,
            &mut |r| out.push(r),
        )
        .unwrap();
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].title.as_deref(), Some("Floods reach the old town"));
        assert_eq!(out[0].body, "");
        assert_eq!(out[0].section.as_deref(), Some("WORLD NEWS"));
        assert_eq!(out[1].author.as_deref(), Some("Bo Chen"));
        assert_eq!(out[1].url.as_deref(), Some("https://news.example/b"));
        assert_eq!(unread.len(), 1, "{unread:?}");
        assert_eq!(unread[0].map_entry(), "body=short_description");
        assert_eq!((unread[0].records, unread[0].of), (2, 2));
        // Mapped, it is read and nothing is reported.
        let opts = ReadOptions {
            field_map: fields::FieldMap::parse("body=short_description").unwrap(),
            ..ReadOptions::default()
        };
        let mut unread = Vec::new();
        out.clear();
        read_lines(Cursor::new(input), &opts, &mut w, &mut unread, &mut |r| {
            out.push(r)
        })
        .unwrap();
        assert!(unread.is_empty(), "{unread:?}");
        assert!(out[1].body.starts_with("The council voted"));
    }

    #[test]
    fn newsapi_wrapper_with_source_objects_and_numeric_dates() {
        let (r, w) = doc(r#"{"status": "ok", "totalResults": 2, "articles": [
            {"source": {"id": null, "name": "Reuters"}, "author": "Jane Doe", "title": "Oil rises",
             "description": "Short", "url": "https://x.example/a", "publishedAt": "2024-06-23T14:05:00Z",
             "content": "Oil prices rose on Monday."},
            {"source": {"name": "AP"}, "headline": "Markets fall", "body": "Stocks fell.", "timestamp": 1719158400},
            {"id": 3}
        ]}"#);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].source.as_deref(), Some("Reuters"));
        assert_eq!(r[0].body, "Oil prices rose on Monday.");
        assert_eq!(r[0].dates, ["2024-06-23T14:05:00Z"]);
        assert_eq!(r[1].title.as_deref(), Some("Markets fall"));
        assert_eq!(r[1].dates, ["1719158400"]);
        assert_eq!(w.len(), 1);
        assert!(
            w[0].contains("article 3 has no title or text field (its keys: id)"),
            "{w:?}"
        );
    }

    #[test]
    fn a_field_map_renames_and_follows_nested_objects() {
        let opts = ReadOptions {
            field_map: fields::FieldMap::parse(
                "title=hed,body=copy,date=meta.first_seen,source=meta.outlet",
            )
            .unwrap(),
            ..ReadOptions::default()
        };
        let mut w = Vec::new();
        let r = read_document(
            r#"[{"hed": "Quake", "copy": "A quake hit.", "meta": {"first_seen": "2020-01-13", "outlet": "Wire"}}]"#,
            &opts,
            &mut w,
            &mut Vec::new(),
        )
        .unwrap();
        assert_eq!(r[0].title.as_deref(), Some("Quake"));
        assert_eq!(r[0].dates, ["2020-01-13"]);
        assert_eq!(r[0].source.as_deref(), Some("Wire"));
    }

    #[test]
    fn malformed_json_names_the_place() {
        let err = read_document(
            "{\"title\": \"x\",\n \"text\": }",
            &ReadOptions::default(),
            &mut Vec::new(),
            &mut Vec::new(),
        );
        let msg = err.unwrap_err().to_string();
        assert!(msg.starts_with("invalid JSON at line 2 column"), "{msg}");
        let err = read_document(
            "\"just a string\"",
            &ReadOptions::default(),
            &mut Vec::new(),
            &mut Vec::new(),
        );
        assert!(err.unwrap_err().to_string().contains("is a string"));
    }

    #[test]
    fn json_lines_warn_per_bad_line_and_read_the_rest() {
        let input = "{\"title\": \"One\", \"text\": \"First.\"}\n\n{\"title\": \"Two\", \"text\": \n[1, 2]\r\n{\"title\": \"Three\", \"text\": \"Third.\"}";
        let mut w = Vec::new();
        let mut out = Vec::new();
        read_lines(
            Cursor::new(input),
            &ReadOptions::default(),
            &mut w,
            &mut Vec::new(),
            &mut |r| out.push(r),
        )
        .unwrap();
        let titles: Vec<_> = out
            .iter()
            .map(|r| r.title.clone().unwrap_or_default())
            .collect();
        assert_eq!(titles, ["One", "Three"]);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].starts_with("line 3: invalid JSON"), "{w:?}");
        assert!(w[1].starts_with("line 4: a JSON array"), "{w:?}");
    }

    #[test]
    fn a_ten_megabyte_line_is_read_linearly() {
        let body = "word ".repeat(2_000_000);
        let input = format!("{{\"title\": \"Long\", \"text\": \"{body}\"}}\n");
        let mut w = Vec::new();
        let mut out = Vec::new();
        let t = std::time::Instant::now();
        read_lines(
            Cursor::new(input),
            &ReadOptions::default(),
            &mut w,
            &mut Vec::new(),
            &mut |r| out.push(r),
        )
        .unwrap();
        assert!(t.elapsed().as_secs() < 10);
        assert_eq!(out.len(), 1);
        assert!(out[0].body.len() <= 2 * 1024 * 1024);
        assert!(w[0].starts_with("line 1: article body is"), "{w:?}");
    }
}
