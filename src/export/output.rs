//! The two line formats: NDJSON (one document per line, for Quickwit and any JSON-lines loader) and the
//! OpenSearch/Elasticsearch `_bulk` body (an `index` action line with `_index` and `_id` before each document).
//! Each article is serialized into one reused buffer and written with a single `write_all`, so an I/O error (a
//! closed pipe, a full disk) comes back as the `std::io::Error` it is.

use super::document::ExportDoc;
use crate::article::Article;
use serde::Serialize;
use std::io::{self, Write};

/// The shape of each exported line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineFormat {
    Ndjson,
    EsBulk,
}

#[derive(Serialize)]
struct Action<'a> {
    index: Target<'a>,
}

#[derive(Serialize)]
struct Target<'a> {
    #[serde(rename = "_index")]
    index: &'a str,
    #[serde(rename = "_id")]
    id: &'a str,
}

/// Writes articles as lines, counting them.
pub struct LineWriter<'w> {
    format: LineFormat,
    index_name: String,
    out: &'w mut dyn Write,
    buf: Vec<u8>,
    pub written: u64,
}

impl<'w> LineWriter<'w> {
    pub fn new(format: LineFormat, index_name: &str, out: &'w mut dyn Write) -> LineWriter<'w> {
        LineWriter {
            format,
            index_name: index_name.to_string(),
            out,
            buf: Vec::with_capacity(16 * 1024),
            written: 0,
        }
    }

    pub fn write(&mut self, a: &Article) -> io::Result<()> {
        self.buf.clear();
        if self.format == LineFormat::EsBulk {
            let action = Action {
                index: Target {
                    index: &self.index_name,
                    id: &a.id,
                },
            };
            serde_json::to_writer(&mut self.buf, &action).map_err(io::Error::other)?;
            self.buf.push(b'\n');
        }
        serde_json::to_writer(&mut self.buf, &ExportDoc::new(a)).map_err(io::Error::other)?;
        self.buf.push(b'\n');
        self.out.write_all(&self.buf)?;
        self.written += 1;
        Ok(())
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str) -> Article {
        Article {
            id: id.into(),
            path: id.into(),
            title: "T".into(),
            body: "B".into(),
            content_hash: "h".into(),
            ..Article::default()
        }
    }

    #[test]
    fn bulk_puts_an_action_with_the_id_before_each_document() {
        let mut out = Vec::new();
        let mut w = LineWriter::new(LineFormat::EsBulk, "news", &mut out);
        w.write(&article("a \"quoted\".txt")).unwrap();
        w.write(&article("b.jsonl#2")).unwrap();
        assert_eq!(w.written, 2);
        let text = String::from_utf8(out).unwrap();
        assert!(text.ends_with('\n'));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(
            lines[0],
            r#"{"index":{"_index":"news","_id":"a \"quoted\".txt"}}"#
        );
        assert_eq!(lines[2], r#"{"index":{"_index":"news","_id":"b.jsonl#2"}}"#);
        let doc: serde_json::Value = serde_json::from_str(lines[3]).unwrap();
        assert_eq!(doc["id"], "b.jsonl#2");
    }

    #[test]
    fn ndjson_is_one_document_per_line() {
        let mut out = Vec::new();
        let mut w = LineWriter::new(LineFormat::Ndjson, "ignored", &mut out);
        let mut a = article("x.txt");
        a.body = "two\n\nparagraphs".into();
        w.write(&a).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), 1);
        assert!(text.starts_with(r#"{"id":"x.txt","#));
    }
}
