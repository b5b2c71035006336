//! The analyzers of text fields. The English stemmer is the most expensive step of indexing, and news text
//! repeats the same few thousand words, so stems are cached per analyzer (one per indexing thread).

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer,
};

/// Words longer than this are dropped (base64, URLs, garbage): they are never searched for.
const MAX_TOKEN_BYTES: usize = 40;

/// Cached stems per analyzer; the cache starts over when it is full, which bounds its memory (~100 bytes each).
const STEM_CACHE_ENTRIES: usize = 50_000;

/// Lowercase, ASCII folding, English stemming: `zurich` finds "Zürich", `attacks` finds "attacked".
pub fn news() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(CachedEnglishStemmer)
        .build()
}

/// Lowercase and ASCII folding, no stemming: for names such as sources.
pub fn name() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// A whole name as one term, lowercased and folded: `--author "jane smith"` and `--source zurich` match
/// "Jane Smith" and "Zürich" exactly, whole.
pub fn key() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The English Snowball stemmer (the same algorithm as tantivy's `Stemmer`) with a cache of stems.
#[derive(Clone, Copy, Debug, Default)]
pub struct CachedEnglishStemmer;

impl TokenFilter for CachedEnglishStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner,
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            cache: FxHashMap::default(),
        }
    }
}

#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    stemmer: frostem::Stemmer,
    cache: FxHashMap<String, String>,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: self.stemmer,
            cache: &mut self.cache,
        }
    }
}

pub struct CachedStemmerStream<'a, S> {
    tail: S,
    stemmer: frostem::Stemmer,
    cache: &'a mut FxHashMap<String, String>,
}

impl<S: TokenStream> TokenStream for CachedStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        // Snowball leaves words under three letters and numbers as they are: skip the lookup.
        if token.text.len() < 3 || token.text.bytes().all(|b| b.is_ascii_digit()) {
            return true;
        }
        if let Some(stem) = self.cache.get(&token.text) {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        let stem = self.stemmer.stem(&token.text).into_owned();
        if self.cache.len() >= STEM_CACHE_ENTRIES {
            self.cache.clear();
        }
        self.cache
            .insert(std::mem::take(&mut token.text), stem.clone());
        token.text = stem;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_the_whole_name_folded() {
        let mut a = key();
        let mut stream = a.token_stream("Zürich Daily News");
        let mut terms = Vec::new();
        while let Some(t) = stream.next() {
            terms.push(t.text.clone());
        }
        assert_eq!(terms, ["zurich daily news"]);
    }
    use tantivy::tokenizer::{Language, Stemmer};

    fn tokens(mut a: TextAnalyzer, text: &str) -> Vec<String> {
        let mut s = a.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = s.next() {
            out.push(t.text.clone());
        }
        out
    }

    #[test]
    fn cached_stems_equal_tantivys_stemmer() {
        let text = "Gunmen attacked the synagogues; attacks, attacking and attack! Zürich's elections electing \
                    café naïve running runs ran 1987 us is as 3rd";
        let reference = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build();
        // Twice through the same analyzer: the second pass is served from the cache.
        let mut a = news();
        let first = tokens(a.clone(), text);
        let _ = tokens(a.clone(), text);
        let mut s = a.token_stream(text);
        let mut second = Vec::new();
        while let Some(t) = s.next() {
            second.push(t.text.clone());
        }
        assert_eq!(first, tokens(reference, text));
        assert_eq!(second, first);
        assert!(first.contains(&"zurich".to_string()));
        assert_eq!(first.iter().filter(|t| *t == "attack").count(), 4);
    }
}
