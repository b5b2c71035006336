//! Markdown articles: optional front matter, YAML between `---` lines or TOML between `+++` lines (`title`,
//! `date`/`published`/`pubDate`, `source`, `url`, `author`, `language`; other keys such as `tags` are ignored),
//! then Markdown rendered to plain text: paragraphs, headings, list items and quotes become blank-line-separated
//! blocks, link text is kept, images, raw HTML and markup are dropped. Without a front-matter title, a leading
//! `# Heading` is the title. Malformed front matter is a warning and the rest is read as plain Markdown.

use super::fields::{self, FieldValue};
use super::Record;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Front matter split from the text: its kind, its source, and the Markdown after it.
struct FrontMatter<'a> {
    toml: bool,
    source: &'a str,
    rest: &'a str,
}

/// Finds front matter: the first line is `---` (YAML) or `+++` (TOML) and a later line closes it (`---`/`...` for
/// YAML, `+++` for TOML).
fn split_front_matter(text: &str) -> Option<FrontMatter<'_>> {
    let text = text.trim_start_matches('\u{feff}');
    let first_end = text.find('\n')?;
    let first = text[..first_end].trim_end();
    let toml = match first {
        "---" => false,
        "+++" => true,
        _ => return None,
    };
    let body_start = first_end + 1;
    let mut pos = body_start;
    for line in text[body_start..].split_inclusive('\n') {
        let l = line.trim_end();
        let closes = if toml {
            l == "+++"
        } else {
            l == "---" || l == "..."
        };
        if closes {
            return Some(FrontMatter {
                toml,
                source: &text[body_start..pos],
                rest: &text[pos + line.len()..],
            });
        }
        pos += line.len();
    }
    None
}

fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// Parses front matter into an object, or says why it cannot.
fn parse_front_matter(fm: &FrontMatter<'_>) -> Result<Map<String, Value>, String> {
    let value = if fm.toml {
        let table: toml::Table =
            toml::from_str(fm.source).map_err(|e| format!("not valid TOML: {}", e.message()))?;
        toml_to_json(toml::Value::Table(table))
    } else {
        if fm.source.trim().is_empty() {
            return Ok(Map::new());
        }
        let yaml: serde_norway::Value =
            serde_norway::from_str(fm.source).map_err(|e| format!("not valid YAML: {e}"))?;
        serde_json::to_value(yaml).map_err(|e| format!("not usable YAML: {e}"))?
    };
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        other => Err(format!(
            "a YAML {}, not a mapping of keys to values",
            short_kind(&other)
        )),
    }
}

fn short_kind(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "list",
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "boolean",
        _ => "value",
    }
}

fn front_value(v: &Value) -> Option<FieldValue> {
    match v {
        Value::String(s) => Some(FieldValue::Text(s.clone())),
        Value::Number(n) => Some(FieldValue::Text(n.to_string())),
        Value::Array(items) => Some(FieldValue::List(
            items
                .iter()
                .filter_map(|i| match i {
                    Value::String(s) => Some(s.clone()),
                    Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
                    _ => None,
                })
                .collect(),
        )),
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .map(|s| FieldValue::Text(s.to_string())),
        _ => None,
    }
}

/// Markdown rendered to plain text, and the text of a leading level-1 heading (removed from the body).
fn render(markdown: &str) -> (String, Option<String>) {
    let mut out = String::with_capacity(markdown.len());
    let mut heading: Option<String> = None;
    let mut in_first_h1 = false;
    let mut seen_block = false;
    let mut image_depth = 0usize;
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let block_break = |out: &mut String| {
        let trimmed = out.trim_end_matches([' ', '\n']).len();
        out.truncate(trimmed);
        if !out.is_empty() {
            out.push_str("\n\n");
        }
    };
    for event in Parser::new_ext(markdown, opts) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                if level == HeadingLevel::H1 && !seen_block && heading.is_none() {
                    in_first_h1 = true;
                    heading = Some(String::new());
                }
                seen_block = true;
                block_break(&mut out);
            }
            Event::End(TagEnd::Heading(_)) => {
                in_first_h1 = false;
                block_break(&mut out);
            }
            Event::Start(
                Tag::Paragraph | Tag::Item | Tag::BlockQuote(_) | Tag::CodeBlock(_) | Tag::TableRow,
            )
            | Event::Start(Tag::TableHead | Tag::FootnoteDefinition(_)) => {
                seen_block = true;
                block_break(&mut out);
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) => block_break(&mut out),
            Event::End(TagEnd::TableCell) => out.push(' '),
            Event::Rule => block_break(&mut out),
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if image_depth == 0 => {
                if in_first_h1 {
                    if let Some(h) = heading.as_mut() {
                        h.push_str(&t);
                    }
                } else {
                    out.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak if image_depth == 0 => {
                if in_first_h1 {
                    if let Some(h) = heading.as_mut() {
                        h.push(' ');
                    }
                } else {
                    out.push('\n');
                }
            }
            // Raw HTML, images' alt text, footnote markers and task boxes are markup, not article text.
            _ => {}
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    let heading = heading
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty());
    (out.trim_start().to_string(), heading)
}

/// Reads one Markdown article.
pub fn read(text: &str, warnings: &mut Vec<String>) -> Record {
    let mut rec = Record::default();
    let mut markdown = text.trim_start_matches('\u{feff}');
    if let Some(fm) = split_front_matter(text) {
        markdown = fm.rest;
        match parse_front_matter(&fm) {
            Ok(map) => {
                let index: HashMap<String, &Value> =
                    map.iter().map(|(k, v)| (k.to_lowercase(), v)).collect();
                rec = fields::build(&fields::FieldMap::default(), &|name| {
                    index.get(name).and_then(|v| front_value(v))
                });
            }
            Err(why) => {
                let kind = if fm.toml { "TOML" } else { "YAML" };
                warnings.push(format!(
                    "{kind} front matter ignored, {why}; read as plain Markdown"
                ));
            }
        }
    } else if text.starts_with("---") || text.starts_with("+++") {
        warnings.push("front matter is never closed; read as plain Markdown".to_string());
    }
    let (body, heading) = render(markdown);
    rec.body = body;
    match (&rec.title, heading) {
        (None, Some(h)) => rec.title = Some(h),
        // A leading heading that differs from the front-matter title is part of the text.
        (Some(t), Some(h)) if t.trim() != h => rec.body = format!("{h}\n\n{}", rec.body),
        _ => {}
    }
    rec
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter_and_rendering() {
        let md = "---\ntitle: \"Floods in Zürich\"\ndate: 2024-06-01\nsource: Example News\nauthor: [Jane Doe, Max Muster]\ntags: [weather, swiss]\nlang: de\n---\n\n# Floods in Zürich\n\nThe **Limmat** rose by [two metres](https://x.example) overnight.\n![a photo](p.jpg)\n\n- Roads closed\n- Trains stopped\n\n<div class=\"ad\">Buy now</div>\n\n> Officials urged calm.\n";
        let mut w = Vec::new();
        let r = read(md, &mut w);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(r.title.as_deref(), Some("Floods in Zürich"));
        assert_eq!(r.dates, ["2024-06-01"]);
        assert_eq!(r.source.as_deref(), Some("Example News"));
        assert_eq!(r.author.as_deref(), Some("Jane Doe, Max Muster"));
        assert_eq!(r.language.as_deref(), Some("de"));
        assert_eq!(
            r.body,
            "The Limmat rose by two metres overnight.\n\nRoads closed\n\nTrains stopped\n\nOfficials urged calm."
        );
    }

    #[test]
    fn toml_front_matter_with_a_native_date() {
        let md = "+++\ntitle = \"Quake hits Izmir\"\ndate = 2020-10-30T14:51:00+03:00\nurl = \"https://x.example/q\"\n+++\nA strong earthquake struck.\n";
        let r = read(md, &mut Vec::new());
        assert_eq!(r.title.as_deref(), Some("Quake hits Izmir"));
        assert_eq!(r.dates, ["2020-10-30T14:51:00+03:00"]);
        assert_eq!(r.url.as_deref(), Some("https://x.example/q"));
        assert_eq!(r.body, "A strong earthquake struck.");
    }

    #[test]
    fn malformed_front_matter_is_a_warning_and_the_article_is_kept() {
        let md = "---\ntitle: [unclosed\ndate: 2024-01-01\n---\n# Storm warning\n\nHigh winds expected.\n";
        let mut w = Vec::new();
        let r = read(md, &mut w);
        assert_eq!(w.len(), 1);
        assert!(
            w[0].starts_with("YAML front matter ignored, not valid YAML"),
            "{w:?}"
        );
        assert_eq!(r.title.as_deref(), Some("Storm warning"));
        assert_eq!(r.body, "High winds expected.");
    }

    #[test]
    fn plain_markdown_without_front_matter() {
        let r = read(
            "Intro line with `code`.\n\n## Details\n\nMore text\nwrapped here.",
            &mut Vec::new(),
        );
        assert_eq!(r.title, None);
        assert_eq!(
            r.body,
            "Intro line with code.\n\nDetails\n\nMore text\nwrapped here."
        );
    }
}
