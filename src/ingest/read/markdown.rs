//! Markdown articles: optional front matter, YAML between `---` lines or TOML between `+++` lines, read with the
//! field names of `fields` and the user's `--map` (`title`, `date`/`published`/`pubDate`, `source`, `url`,
//! `author`, `categories`/`section`, `language`; lists such as `tags` are not text), then Markdown rendered to plain
//! text: paragraphs, headings, list items and quotes become blank-line-separated blocks, link text is kept, images,
//! raw HTML and markup are dropped. Without a front-matter title, a leading `# Heading` is the title. The Markdown
//! is the body: a front-matter key mapped to the body with `--map` comes before it, and a built-in body key
//! (`summary`, `description`) is read only when there is no Markdown text. A key that holds text and maps to
//! nothing is reported (see `fields::UnreadTally`). Malformed front matter is a warning and the rest is read as
//! plain Markdown.

use super::fields::{self, FieldValue, Target, UnreadField, UnreadTally};
use super::{ReadOptions, Record};
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

/// Reads one Markdown article; front-matter keys that hold text and map to nothing go to `unread`.
pub fn read(
    text: &str,
    opts: &ReadOptions,
    warnings: &mut Vec<String>,
    unread: &mut Vec<UnreadField>,
) -> Record {
    let mut rec = Record::default();
    let mut markdown = text.trim_start_matches('\u{feff}');
    let mut front: Option<Map<String, Value>> = None;
    // The front-matter text of a key the user mapped to the body: it leads the Markdown text.
    let mut lead: Option<String> = None;
    if let Some(fm) = split_front_matter(text) {
        markdown = fm.rest;
        match parse_front_matter(&fm) {
            Ok(map) => {
                let index: HashMap<String, &Value> =
                    map.iter().map(|(k, v)| (k.to_lowercase(), v)).collect();
                let value = |name: &str| index.get(name).and_then(|v| front_value(v));
                rec = fields::build(&opts.field_map, &value);
                lead = opts
                    .field_map
                    .user_names(Target::Body)
                    .find_map(|n| value(n).and_then(non_empty_text));
                front = Some(map);
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
    let (mut body, heading) = render(markdown);
    match (&rec.title, heading) {
        (None, Some(h)) => rec.title = Some(h),
        // A leading heading that differs from the front-matter title is part of the text.
        (Some(t), Some(h)) if t.trim() != h => body = format!("{h}\n\n{body}"),
        _ => {}
    }
    if let Some(lead) = lead {
        body = if body.is_empty() {
            lead
        } else {
            format!("{lead}\n\n{body}")
        };
    }
    // A built-in body key (a summary) stands in only for missing text.
    if !body.trim().is_empty() || rec.body.trim().is_empty() {
        rec.body = body;
    }
    if let Some(map) = &front {
        let mut tally = UnreadTally::new("front-matter key", &opts.field_map);
        let texts: Vec<(&str, &str)> = map
            .iter()
            .filter_map(|(k, v)| Some((k.as_str(), v.as_str()?)))
            .filter(|(k, _)| !tally.is_known(&k.to_lowercase()))
            .collect();
        tally.record(&rec, texts.into_iter());
        unread.extend(tally.finish().into_iter().map(|mut u| {
            // A mapped key leads the text: it adds to the body, it does not replace it.
            u.target = Target::Body;
            u.had_body = false;
            u
        }));
    }
    rec
}

fn non_empty_text(v: FieldValue) -> Option<String> {
    let text = match v {
        FieldValue::Text(s) => s,
        FieldValue::List(v) => v.join("\n\n"),
    };
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter_and_rendering() {
        let md = "---\ntitle: \"Floods in Zürich\"\ndate: 2024-06-01\nsource: Example News\nauthor: [Jane Doe, Max Muster]\ntags: [weather, swiss]\nlang: de\n---\n\n# Floods in Zürich\n\nThe **Limmat** rose by [two metres](https://x.example) overnight.\n![a photo](p.jpg)\n\n- Roads closed\n- Trains stopped\n\n<div class=\"ad\">Buy now</div>\n\n> Officials urged calm.\n";
        let mut w = Vec::new();
        let r = read(md, &ReadOptions::default(), &mut w, &mut Vec::new());
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
    fn front_matter_author_section_and_a_key_that_is_not_read() {
        let md = "---\ntitle: Harbour reopens\nauthor: Ann Lee\ncategories: [Local, Transport]\nsubtitle: The ferries run again after the storm closed the harbour for a week.\ndescription: A short summary of the story.\n---\nThe harbour reopened on Monday.\n";
        let mut unread = Vec::new();
        let r = read(md, &ReadOptions::default(), &mut Vec::new(), &mut unread);
        assert_eq!(r.author.as_deref(), Some("Ann Lee"));
        assert_eq!(r.section.as_deref(), Some("Local"));
        assert_eq!(r.body, "The harbour reopened on Monday.");
        assert_eq!(unread.len(), 1, "{unread:?}");
        assert_eq!(unread[0].map_entry(), "body=subtitle");
        assert!(
            unread[0]
                .to_string()
                .starts_with("front-matter key \"subtitle\" holds text but maps to nothing"),
            "{}",
            unread[0]
        );
        // Mapped, the key leads the text; a --map in front matter works as in JSON.
        let opts = ReadOptions {
            field_map: fields::FieldMap::parse("body=subtitle,author=editor").unwrap(),
            ..ReadOptions::default()
        };
        let mut unread = Vec::new();
        let r = read(
            &md.replace("author:", "editor:"),
            &opts,
            &mut Vec::new(),
            &mut unread,
        );
        assert!(unread.is_empty(), "{unread:?}");
        assert_eq!(r.author.as_deref(), Some("Ann Lee"));
        assert_eq!(
            r.body,
            "The ferries run again after the storm closed the harbour for a week.\n\nThe harbour reopened on Monday."
        );
        // With no Markdown text, a built-in body key is the body.
        let r = read(
            "---\ntitle: Brief\nsummary: Only a summary here.\n---\n",
            &ReadOptions::default(),
            &mut Vec::new(),
            &mut Vec::new(),
        );
        assert_eq!(r.body, "Only a summary here.");
    }

    #[test]
    fn toml_front_matter_with_a_native_date() {
        let md = "+++\ntitle = \"Quake hits Izmir\"\ndate = 2020-10-30T14:51:00+03:00\nurl = \"https://x.example/q\"\n+++\nA strong earthquake struck.\n";
        let r = read(
            md,
            &ReadOptions::default(),
            &mut Vec::new(),
            &mut Vec::new(),
        );
        assert_eq!(r.title.as_deref(), Some("Quake hits Izmir"));
        assert_eq!(r.dates, ["2020-10-30T14:51:00+03:00"]);
        assert_eq!(r.url.as_deref(), Some("https://x.example/q"));
        assert_eq!(r.body, "A strong earthquake struck.");
    }

    #[test]
    fn malformed_front_matter_is_a_warning_and_the_article_is_kept() {
        let md = "---\ntitle: [unclosed\ndate: 2024-01-01\n---\n# Storm warning\n\nHigh winds expected.\n";
        let mut w = Vec::new();
        let r = read(md, &ReadOptions::default(), &mut w, &mut Vec::new());
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
            &ReadOptions::default(),
            &mut Vec::new(),
            &mut Vec::new(),
        );
        assert_eq!(r.title, None);
        assert_eq!(
            r.body,
            "Intro line with code.\n\nDetails\n\nMore text\nwrapped here."
        );
    }
}
