//! Human-readable output: hit blocks with highlighted snippets, articles, statistics, place tables and bar
//! charts that fit the terminal.

use super::Style;
use crate::article::{Article, DateSource, PlacePath};
use crate::search::{Hit, NameCount, NameCounts, PeriodCount, PlaceCount, Results, Snippet, Stats};
use chrono::{DateTime, FixedOffset};
use std::io::{self, Write};

const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// The publisher's day, `2024-06-23`; `~2024-06-23` when the date is only the file's modification time;
/// `undated` without one.
pub fn day(published: Option<&DateTime<FixedOffset>>, source: Option<DateSource>) -> String {
    match published {
        Some(d) => {
            let mark = if source.is_some_and(DateSource::is_uncertain) {
                "~"
            } else {
                ""
            };
            format!("{mark}{}", d.format("%Y-%m-%d"))
        }
        None => "undated".to_string(),
    }
}

fn bold(style: Style, s: &str) -> String {
    if style.color {
        format!("{BOLD}{s}{RESET}")
    } else {
        s.to_string()
    }
}

fn snippet(style: Style, s: &Snippet) -> String {
    if !style.color || s.highlights.is_empty() {
        return s.text.clone();
    }
    let mut out = String::with_capacity(s.text.len() + 8 * s.highlights.len());
    let mut at = 0;
    for r in &s.highlights {
        let (Some(before), Some(word)) = (s.text.get(at..r.start), s.text.get(r.start..r.end))
        else {
            continue;
        };
        out.push_str(before);
        out.push_str(BOLD);
        out.push_str(word);
        out.push_str(RESET);
        at = r.end;
    }
    out.push_str(s.text.get(at..).unwrap_or(""));
    out
}

fn place_list(places: &[PlacePath]) -> String {
    places
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join("  ")
}

fn hit(w: &mut dyn Write, style: Style, h: &Hit) -> io::Result<()> {
    let date = day(h.published.as_ref(), h.date_source);
    writeln!(w, "{date:<11} {}", bold(style, &h.title))?;
    let indent = " ".repeat(12);
    if !h.places.is_empty() {
        writeln!(w, "{indent}{}", place_list(&h.places))?;
    }
    let mut origin = h.path.clone();
    if h.id != h.path {
        origin = h.id.clone();
    }
    if let Some(s) = &h.source {
        origin.push_str(&format!("  ({s})"));
    }
    writeln!(w, "{indent}{origin}")?;
    if !h.snippet.text.is_empty() {
        writeln!(w, "{indent}{}", snippet(style, &h.snippet))?;
    }
    writeln!(w)
}

pub fn results(w: &mut dyn Write, style: Style, r: &Results, offset: usize) -> io::Result<()> {
    for h in &r.hits {
        hit(w, style, h)?;
    }
    let noun = if r.total == 1 { "article" } else { "articles" };
    if r.hits.is_empty() {
        if r.total == 0 {
            writeln!(w, "0 articles matched")
        } else {
            writeln!(w, "{} {noun} matched (none at offset {offset})", r.total)
        }
    } else if r.hits.len() == r.total {
        writeln!(w, "{} {noun} matched", r.total)
    } else {
        writeln!(
            w,
            "{} {noun} matched, showing {}–{} (--limit, --offset for more)",
            r.total,
            offset + 1,
            offset + r.hits.len()
        )
    }
}

/// `show --explain`: one line per name the geoparser found, saying how it was judged and why its reading.
pub fn place_explanation(w: &mut dyn Write, lines: &[String]) -> io::Result<()> {
    writeln!(w)?;
    writeln!(w, "Why these places (each name, as the geoparser read it):")?;
    if lines.is_empty() {
        writeln!(w, "  no place names found")?;
    }
    for l in lines {
        writeln!(w, "  {l}")?;
    }
    Ok(())
}

pub fn article(w: &mut dyn Write, style: Style, a: &Article) -> io::Result<()> {
    writeln!(w, "{}", bold(style, &a.title))?;
    writeln!(w)?;
    let date = match a.date_source {
        Some(src) => format!("{} (from {src})", day(a.published.as_ref(), Some(src))),
        None => day(a.published.as_ref(), None),
    };
    let mut meta: Vec<(&str, String)> = vec![("id", a.id.clone()), ("published", date)];
    if let Some(s) = &a.source {
        meta.push(("source", s.clone()));
    }
    if let Some(s) = &a.author {
        meta.push(("author", s.clone()));
    }
    if let Some(s) = &a.section {
        meta.push(("section", s.clone()));
    }
    if let Some(s) = &a.url {
        meta.push(("url", s.clone()));
    }
    if let Some(s) = &a.language {
        meta.push(("language", s.clone()));
    }
    if !a.places.is_empty() {
        meta.push(("places", place_list(&a.places)));
    }
    if !a.focus.is_empty() {
        meta.push(("about", place_list(&a.focus)));
    }
    if let Some(p) = &a.primary_place {
        meta.push(("dateline", p.to_string()));
    }
    meta.push(("path", a.path.clone()));
    for (k, v) in meta {
        writeln!(w, "{k:<10} {v}")?;
    }
    writeln!(w)?;
    writeln!(w, "{}", a.body)
}

fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

pub fn stats(w: &mut dyn Write, s: &Stats) -> io::Result<()> {
    writeln!(w, "{:<13} {}", "articles", s.articles)?;
    let span = match (&s.first_published, &s.last_published) {
        (Some(a), Some(b)) => format!("{} … {}", a.format("%Y-%m-%d"), b.format("%Y-%m-%d")),
        _ => "no dated articles".to_string(),
    };
    writeln!(w, "{:<13} {span} ({} undated)", "published", s.undated)?;
    if !s.date_sources.is_empty() {
        let list: Vec<String> = s
            .date_sources
            .iter()
            .map(|d| format!("{} {}", d.name, d.count))
            .collect();
        writeln!(w, "{:<13} {}", "dates from", list.join(", "))?;
    }
    writeln!(w, "{:<13} {}", "index size", human_bytes(s.index_bytes))?;
    writeln!(
        w,
        "{:<13} {} ({} skipped)",
        "files", s.files, s.skipped_files
    )?;
    writeln!(w, "{:<13} {}", "duplicates", s.duplicates)?;
    for d in &s.duplicate_examples {
        writeln!(w, "{:<13}   {} = {}", "", d.id, d.of)?;
    }
    writeln!(w, "{:<13} {}", "title only", s.title_only)?;
    writeln!(w, "{:<13} {}", "read with", s.settings.describe())?;
    for (what, list) in [
        ("top sources", &s.sources),
        ("top authors", &s.authors),
        ("top sections", &s.sections),
    ] {
        if list.is_empty() {
            continue;
        }
        writeln!(w, "{what}")?;
        let width = list
            .iter()
            .map(|x| x.count.to_string().len())
            .max()
            .unwrap_or(1);
        for x in list {
            writeln!(w, "  {:>width$}  {}", x.count, x.name)?;
        }
    }
    Ok(())
}

fn bar(count: u64, max: u64, cells: usize) -> String {
    if max == 0 || count == 0 {
        return String::new();
    }
    // Eighths of a cell, so small counts still show.
    let eighths = ((count as f64 / max as f64) * (cells * 8) as f64)
        .round()
        .max(1.0) as usize;
    let mut s = "█".repeat(eighths / 8);
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    s.push_str(PARTS[eighths % 8]);
    s
}

fn chart(w: &mut dyn Write, style: Style, rows: &[(String, u64)]) -> io::Result<()> {
    let label = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let num = rows
        .iter()
        .map(|(_, c)| c.to_string().len())
        .max()
        .unwrap_or(1);
    let max = rows.iter().map(|(_, c)| *c).max().unwrap_or(0);
    let cells = style.width.saturating_sub(label + num + 4).max(10);
    for (l, c) in rows {
        let b = bar(*c, max, cells);
        // No trailing blanks on a row without a bar: output that pipes compares clean.
        let gap = if b.is_empty() { "" } else { "  " };
        writeln!(w, "{l:<label$}  {c:>num$}{gap}{b}")?;
    }
    Ok(())
}

pub fn places(w: &mut dyn Write, style: Style, counts: &[PlaceCount]) -> io::Result<()> {
    if counts.is_empty() {
        return writeln!(w, "no places");
    }
    let rows: Vec<(String, u64)> = counts
        .iter()
        .map(|c| (c.place.to_string(), c.count))
        .collect();
    chart(w, style, &rows)
}

/// `facets sources|authors|sections`: a bar per name, then how many matching articles have none.
pub fn names(w: &mut dyn Write, style: Style, c: &NameCounts, noun: &str) -> io::Result<()> {
    if c.counts.is_empty() {
        writeln!(w, "no {noun}s")?;
    } else {
        let rows: Vec<(String, u64)> = c
            .counts
            .iter()
            .map(|NameCount { name, count }| (name.clone(), *count))
            .collect();
        chart(w, style, &rows)?;
    }
    if c.without > 0 {
        let what = if c.without == 1 {
            "article has"
        } else {
            "articles have"
        };
        writeln!(w, "({} {what} no {noun})", c.without)?;
    }
    Ok(())
}

pub fn periods(w: &mut dyn Write, style: Style, counts: &[PeriodCount]) -> io::Result<()> {
    if counts.is_empty() {
        return writeln!(w, "no dated articles");
    }
    let rows: Vec<(String, u64)> = counts.iter().map(|c| (c.period.clone(), c.count)).collect();
    chart(w, style, &rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncertain_dates_are_marked() {
        let d = DateTime::parse_from_rfc3339("2024-06-23T01:30:00+03:00").ok();
        assert_eq!(day(d.as_ref(), Some(DateSource::Mtime)), "~2024-06-23");
        assert_eq!(day(d.as_ref(), Some(DateSource::Text)), "2024-06-23");
        assert_eq!(day(None, None), "undated");
    }

    #[test]
    fn highlights_are_bold_only_in_color() {
        let s = Snippet {
            text: "a synagogue on fire".into(),
            highlights: vec![2..11, 15..19],
        };
        let color = Style {
            color: true,
            width: 80,
        };
        assert_eq!(
            snippet(color, &s),
            "a \x1b[1msynagogue\x1b[0m on \x1b[1mfire\x1b[0m"
        );
        assert_eq!(snippet(Style::plain(), &s), "a synagogue on fire");
    }

    #[test]
    fn bars_scale_to_the_largest() {
        assert_eq!(bar(10, 10, 5), "█████");
        assert_eq!(bar(0, 10, 5), "");
        assert_eq!(bar(1, 1000, 5), "▏");
    }

    #[test]
    fn chart_rows_have_no_trailing_blanks() {
        let mut out = Vec::new();
        let rows = vec![("2022".to_string(), 0), ("2023".to_string(), 12)];
        chart(&mut out, Style::plain(), &rows).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "2022   0");
        assert!(lines[1].starts_with("2023  12  █"), "{text}");
        assert!(lines.iter().all(|l| l == &l.trim_end()), "{text:?}");
    }
}
