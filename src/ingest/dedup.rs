//! Duplicates: the one rule for when two articles are the same article, used by `rebuild`, `ingest` and
//! `export --corpus` alike.
//!
//! Two articles are the same when they have the same normalized title and the same *substantial* text (at least
//! [`SUBSTANTIAL_WORDS`] words of body): a story filed twice, or syndicated under another address, is one story.
//! A shared headline alone proves nothing: records with a title and little or no text (weekly columns under one
//! headline, exports that only carry headlines and links) are the same article only when their URL and their
//! publication date (a date the file gives, not its modification time) agree too. Each article's `content_hash`
//! is this key, so the index, the manifest and `stats` name duplicates by it; the first article with a key, in
//! corpus order, is kept.

use crate::article::{content_key, Article, DateSource};
use chrono::{DateTime, FixedOffset};
use rustc_hash::FxHashSet;

/// The least body, in words, that identifies an article by its text alone.
pub const SUBSTANTIAL_WORDS: usize = 40;

/// Whether a body says enough to identify its article by text alone.
pub fn is_substantial(body: &str) -> bool {
    body.split_whitespace().nth(SUBSTANTIAL_WORDS - 1).is_some()
}

/// The duplicate key of an article (hex, 128 bits): BLAKE3 of its normalized title and body and, when the body is
/// not substantial, of its URL and its declared publication instant.
pub fn content_hash(
    title: &str,
    body: &str,
    url: Option<&str>,
    published: Option<(DateTime<FixedOffset>, DateSource)>,
) -> String {
    let mut h = blake3::Hasher::new();
    h.update(title.as_bytes());
    h.update(b"\n\n");
    h.update(body.as_bytes());
    if !is_substantial(body) {
        // Separators no title or body holds (they are normalized text): the parts cannot run into each other.
        h.update(b"\0url\0");
        h.update(url.unwrap_or("").as_bytes());
        h.update(b"\0published\0");
        if let Some((at, _)) = published.filter(|(_, s)| !s.is_uncertain()) {
            h.update(&at.timestamp().to_le_bytes());
        }
    }
    h.finalize().to_hex()[..32].to_string()
}

/// The keys of the articles kept so far: 16 bytes each, whatever the corpus size.
#[derive(Debug, Default)]
pub struct Seen(FxHashSet<u128>);

impl Seen {
    pub fn new() -> Seen {
        Seen::default()
    }

    /// Takes an article unless one with its key was kept already: true when it is new (and is now kept).
    pub fn keep(&mut self, a: &Article) -> bool {
        self.keep_hash(&a.content_hash)
    }

    /// [`Seen::keep`] by key, for articles the index already has.
    pub fn keep_hash(&mut self, content_hash: &str) -> bool {
        self.0.insert(content_key(content_hash))
    }

    /// Forgets a key: its article left the index.
    pub fn forget(&mut self, content_hash: &str) {
        self.0.remove(&content_key(content_hash));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Option<(DateTime<FixedOffset>, DateSource)> {
        DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|d| (d, DateSource::Metadata))
    }

    #[test]
    fn the_same_substantial_text_is_one_article_wherever_it_was_found() {
        let body = "word ".repeat(SUBSTANTIAL_WORDS);
        let a = content_hash(
            "T",
            &body,
            Some("https://a.example/1"),
            at("2024-01-01T00:00:00Z"),
        );
        let b = content_hash(
            "T",
            &body,
            Some("https://b.example/2"),
            at("2024-02-01T00:00:00Z"),
        );
        assert_eq!(a, b);
        assert_ne!(a, content_hash("Other title", &body, None, None));
    }

    #[test]
    fn a_shared_headline_is_not_the_same_article() {
        let weekly = "The week in pictures";
        let one = content_hash(
            weekly,
            "",
            Some("https://x.example/w1"),
            at("2024-01-05T00:00:00Z"),
        );
        let two = content_hash(
            weekly,
            "",
            Some("https://x.example/w2"),
            at("2024-01-12T00:00:00Z"),
        );
        assert_ne!(one, two);
        // Different dates alone, without URLs, tell them apart too; the same headline, URL and date do not.
        assert_ne!(
            content_hash(weekly, "", None, at("2024-01-05T00:00:00Z")),
            content_hash(weekly, "", None, at("2024-01-12T00:00:00Z"))
        );
        assert_eq!(
            content_hash(weekly, "Short.", Some("u"), at("2024-01-05T00:00:00Z")),
            content_hash(weekly, "Short.", Some("u"), at("2024-01-05T00:00:00Z"))
        );
        // A modification time is not evidence: touching a file does not make its headline another article.
        let mtime = |s: &str| {
            DateTime::parse_from_rfc3339(s)
                .ok()
                .map(|d| (d, DateSource::Mtime))
        };
        assert_eq!(
            content_hash(weekly, "", None, mtime("2024-01-05T00:00:00Z")),
            content_hash(weekly, "", None, mtime("2025-03-01T00:00:00Z"))
        );
    }

    #[test]
    fn seen_keeps_the_first_of_each_key() {
        let mut seen = Seen::new();
        let a = Article {
            content_hash: content_hash("T", "B", None, None),
            ..Article::default()
        };
        assert!(seen.keep(&a));
        assert!(!seen.keep(&a));
        seen.forget(&a.content_hash);
        assert!(seen.keep_hash(&a.content_hash));
    }
}
