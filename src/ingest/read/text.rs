//! Plain-text articles: an optional header block at the top (`Title:`, `Date:`, `Source:`, `URL:`, `Author:`,
//! `Section:`, `Language:` lines, then a blank line); without a `Title:` the title is the first non-empty line of the rest.

use super::Record;

/// Splits a header line into its key (lower case) and value, when the key is one dateline knows.
fn header_line(line: &str) -> Option<(String, &str)> {
    let (key, value) = line.split_once(':')?;
    let key = key.trim().to_ascii_lowercase();
    let known = matches!(
        key.as_str(),
        "title"
            | "headline"
            | "date"
            | "published"
            | "source"
            | "url"
            | "link"
            | "author"
            | "by"
            | "section"
            | "category"
            | "language"
    );
    known.then(|| (key, value.trim()))
}

pub fn read(text: &str) -> Record {
    let mut rec = Record::default();
    let mut lines = text.lines().peekable();
    // Leading blank lines are not content.
    while lines.peek().is_some_and(|l| l.trim().is_empty()) {
        lines.next();
    }
    // A header block is a run of known `Key: value` lines that ends at a blank line (or the end of the file).
    let header: Vec<&str> = lines.clone().take_while(|l| !l.trim().is_empty()).collect();
    let is_header = !header.is_empty() && header.iter().all(|l| header_line(l).is_some());
    if is_header {
        for line in &header {
            let Some((key, value)) = header_line(line) else {
                continue;
            };
            if value.is_empty() {
                continue;
            }
            let value = value.to_string();
            match key.as_str() {
                "title" | "headline" => rec.title = Some(value),
                "date" | "published" => rec.dates.push(value),
                "source" => rec.source = Some(value),
                "url" | "link" => rec.url = Some(value),
                "author" | "by" => rec.author = Some(value),
                "section" | "category" => rec.section = Some(value),
                "language" => rec.language = Some(value),
                _ => {}
            }
        }
        for _ in 0..header.len() {
            lines.next();
        }
    }
    if rec.title.is_none() {
        while lines.peek().is_some_and(|l| l.trim().is_empty()) {
            lines.next();
        }
        rec.title = lines.next().map(|l| l.trim().to_string());
    }
    rec.body = lines.collect::<Vec<_>>().join("\n");
    rec
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_header_the_first_line_is_the_title() {
        let r = read("\n\nAttack in Derbent\nGunmen attacked a synagogue.\nMore text.");
        assert_eq!(r.title.as_deref(), Some("Attack in Derbent"));
        assert_eq!(r.body, "Gunmen attacked a synagogue.\nMore text.");
        assert!(r.dates.is_empty());
    }

    #[test]
    fn header_block_gives_metadata() {
        let r = read("Title: Floods in Zürich\nDate: 2024-06-01\nSource: Example News\nURL: https://e.x/a\nAuthor: Jane Doe\nSection: Weather\n\nBody here.\n");
        assert_eq!(r.title.as_deref(), Some("Floods in Zürich"));
        assert_eq!(r.dates, ["2024-06-01"]);
        assert_eq!(r.source.as_deref(), Some("Example News"));
        assert_eq!(r.url.as_deref(), Some("https://e.x/a"));
        assert_eq!(r.author.as_deref(), Some("Jane Doe"));
        assert_eq!(r.section.as_deref(), Some("Weather"));
        assert_eq!(r.body.trim(), "Body here.");
    }

    #[test]
    fn header_without_title_takes_the_first_body_line() {
        let r = read("Date: 2024-06-01\n\nHeadline here\nBody.");
        assert_eq!(r.title.as_deref(), Some("Headline here"));
        assert_eq!(r.body, "Body.");
    }

    #[test]
    fn a_first_line_with_a_colon_is_not_a_header_when_the_block_has_prose() {
        let r = read("Source: officials said\nthe attack began at 6pm.\n\nMore.");
        assert_eq!(r.title.as_deref(), Some("Source: officials said"));
        assert!(r.source.is_none());
    }
}
