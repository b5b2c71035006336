//! Content checks on the first bytes of a file: is it binary (and what gave it away), and does the content agree
//! with the extension (a `.txt` that is really HTML, a `.json` that is really JSON Lines)? The extension picks the
//! reader; the content only overrides it when it is unmistakable, and says so in a warning.

use super::{encoding, Format};

/// Signatures of common binary formats that end up in news folders, with their names.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "PNG image signature"),
    (b"%PDF-", "PDF signature"),
    (b"PK\x03\x04", "ZIP archive signature (also docx/xlsx/epub)"),
    (b"PK\x05\x06", "empty ZIP archive signature"),
    (b"\x7fELF", "ELF executable signature"),
    (b"GIF87a", "GIF image signature"),
    (b"GIF89a", "GIF image signature"),
    (b"\xff\xd8\xff", "JPEG image signature"),
    (b"BZh", "bzip2 signature"),
    (b"\xfd7zXZ\x00", "xz signature"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip signature"),
    (b"Rar!\x1a\x07", "RAR signature"),
    (b"\x28\xb5\x2f\xfd", "zstd signature"),
    (b"SQLite format 3\0", "SQLite database signature"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "MS Office (OLE2) document signature",
    ),
    (b"OggS", "Ogg media signature"),
    (b"ID3", "MP3 signature"),
    (b"\x00\x00\x00\x18ftyp", "MP4 media signature"),
    (b"\x00\x00\x00\x20ftyp", "MP4 media signature"),
    (b"\x00\x61\x73\x6d", "WebAssembly signature"),
    (b"\xca\xfe\xba\xbe", "Java class / Mach-O signature"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable signature"),
];

/// Why `head` (a file's first bytes, decompressed) is not text, or `None` when it may be text.
pub fn binary_reason(head: &[u8]) -> Option<String> {
    if let Some((_, name)) = MAGIC.iter().find(|(m, _)| head.starts_with(m)) {
        return Some(format!("starts with a {name}"));
    }
    if head.starts_with(b"RIFF") && head.len() >= 12 {
        return Some("starts with a RIFF media signature".to_string());
    }
    if head.starts_with(b"MZ") && head.contains(&0) {
        return Some("starts with a Windows executable signature".to_string());
    }
    // UTF-16 text is full of NUL bytes; it is text all the same.
    if encoding::utf16_kind(head).is_some() {
        return None;
    }
    let sample = &head[..head.len().min(8192)];
    if let Some(at) = sample.iter().position(|&b| b == 0) {
        return Some(format!("contains NUL bytes (first at byte {at})"));
    }
    // Control bytes other than tab, line feed, form feed, carriage return and escape do not occur in text.
    let controls = sample
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)) || b == 0x7f)
        .count();
    if sample.len() >= 32 && controls * 100 > sample.len() * 5 {
        return Some(format!(
            "{}% of the first {} bytes are control characters",
            controls * 100 / sample.len(),
            sample.len()
        ));
    }
    None
}

/// The first non-whitespace part of `head` as text (BOMs and UTF-16 decoded), enough to recognise its syntax.
fn head_text(head: &[u8]) -> String {
    let d = encoding::decode(&head[..head.len().min(4096)], None);
    d.text.trim_start().to_string()
}

/// Whether text starts like an HTML document (not merely HTML tags inside Markdown or prose).
pub fn looks_like_html(text: &str) -> bool {
    let start: String = text
        .trim_start()
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    if start.starts_with("<!doctype html") || start.starts_with("<html") {
        return true;
    }
    // `<?xml ...?>` then `<html`, or a comment first, or a fragment starting with `<head>`/`<body>`.
    start.starts_with('<')
        && (start.contains("<html") || start.contains("<head") || start.contains("<body"))
}

/// Whether text is JSON Lines rather than one JSON document: its first line is a whole JSON value and the next
/// non-empty line starts another object.
pub fn looks_like_json_lines(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let (Some(first), Some(second)) = (lines.next(), lines.next()) else {
        return false;
    };
    first.starts_with('{')
        && second.starts_with('{')
        && serde_json::from_str::<serde_json::Value>(first).is_ok()
}

/// The format to read with, given the extension's format and the file's first bytes, and a note when the content
/// overrode the extension.
pub fn effective_format(declared: Format, head: &[u8]) -> (Format, Option<String>) {
    let text = head_text(head);
    let switched = |to: Format, what: &str| {
        (
            to,
            Some(format!(
                "the extension says {declared} but the content is {what}; read as {to}"
            )),
        )
    };
    match declared {
        Format::Text | Format::Markdown if looks_like_html(&text) => {
            switched(Format::Html, "an HTML page")
        }
        Format::Json if looks_like_json_lines(&text) => {
            switched(Format::Jsonl, "one JSON object per line")
        }
        Format::Json | Format::Jsonl if looks_like_html(&text) => {
            switched(Format::Html, "an HTML page")
        }
        // A pretty-printed object or an array in a `.jsonl` file: its first line is not a whole value.
        // (A broken first line of real JSON Lines, `{"title": "unterminated`, is not this: it stays JSON Lines.)
        Format::Jsonl
            if text.starts_with('[') || text.lines().next().is_some_and(|l| l.trim() == "{") =>
        {
            switched(Format::Json, "one JSON document")
        }
        Format::Html if !text.contains('<') => switched(Format::Text, "plain text without markup"),
        Format::Csv => {
            // A header line with tabs and no commas is TSV whatever the extension says.
            let header = text.lines().next().unwrap_or("");
            if header.contains('\t') && !header.contains(',') {
                switched(Format::Tsv, "tab-separated")
            } else {
                (declared, None)
            }
        }
        _ => (declared, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers_and_nul_bytes_mean_binary() {
        assert!(binary_reason(b"%PDF-1.7\n%\xe2\xe3")
            .unwrap()
            .contains("PDF"));
        assert!(binary_reason(b"PK\x03\x04\x14\x00")
            .unwrap()
            .contains("ZIP"));
        assert!(binary_reason(b"\x7fELF\x02\x01\x01")
            .unwrap()
            .contains("ELF"));
        assert!(binary_reason(b"abc\0def")
            .unwrap()
            .contains("NUL bytes (first at byte 3)"));
        let noisy: Vec<u8> = (0..200u8)
            .map(|i| if i % 4 == 0 { 0x01 } else { b'a' })
            .collect();
        assert!(binary_reason(&noisy)
            .unwrap()
            .contains("control characters"));
    }

    #[test]
    fn text_in_any_encoding_is_not_binary() {
        assert_eq!(
            binary_reason("Zürich – ein Bericht\r\n\tmit Tabs".as_bytes()),
            None
        );
        assert_eq!(binary_reason(b"caf\xe9 cr\xe8me"), None);
        let utf16: Vec<u8> = "\u{feff}News of the day"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(binary_reason(&utf16), None);
        assert_eq!(binary_reason(b"ANSI \x1b[1mbold\x1b[0m"), None);
    }

    #[test]
    fn content_overrides_the_extension_only_when_unmistakable() {
        let html =
            b"<!DOCTYPE html><html><head><title>x</title></head><body><p>y</p></body></html>";
        assert_eq!(effective_format(Format::Text, html).0, Format::Html);
        assert_eq!(
            effective_format(Format::Text, b"Title: x\n\n<b>not a page</b>").0,
            Format::Text
        );
        assert_eq!(
            effective_format(Format::Markdown, b"# Title\n\n<div>inline html</div>").0,
            Format::Markdown
        );
        let lines = b"{\"title\": \"a\"}\n{\"title\": \"b\"}\n";
        let (f, note) = effective_format(Format::Json, lines);
        assert_eq!(f, Format::Jsonl);
        assert!(note.unwrap().contains("one JSON object per line"));
        assert_eq!(
            effective_format(Format::Json, b"{\"title\": \"a\",\n \"text\": \"b\"}").0,
            Format::Json
        );
        assert_eq!(
            effective_format(Format::Jsonl, b"[\n{\"title\": \"a\"}\n]").0,
            Format::Json
        );
        assert_eq!(
            effective_format(Format::Jsonl, b"{\"title\": \"a\"}\n").0,
            Format::Jsonl
        );
        assert_eq!(
            effective_format(Format::Csv, b"title\ttext\nA\tB\n").0,
            Format::Tsv
        );
        assert_eq!(
            effective_format(Format::Html, b"Just words.").0,
            Format::Text
        );
    }
}
