//! Bytes to text: byte-order marks (UTF-8, UTF-16), UTF-16 without a BOM, UTF-8, the charset an HTML page
//! declares, and otherwise a legacy encoding guessed by chardetng. Decoding never fails: what cannot be decoded
//! becomes U+FFFD and the caller gets a warning saying so.
//!
//! The rule for bytes that are not valid UTF-8 and declare nothing: if they contain valid multi-byte UTF-8
//! sequences at least as often as invalid bytes, they are UTF-8 with damage (decoded lossily, with a warning);
//! otherwise they are a legacy encoding (windows-1252, KOI8-R, Shift_JIS, ...), which chardetng picks.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use regex::bytes::Regex;
use std::borrow::Cow;
use std::sync::OnceLock;

/// Decoded text, the encoding used, and a warning when some bytes could not be decoded.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    pub warning: Option<String>,
}

/// UTF-16 by its BOM, or (without one) by the NUL bytes that ASCII characters leave in every other position.
pub fn utf16_kind(head: &[u8]) -> Option<&'static Encoding> {
    if head.starts_with(b"\xff\xfe") {
        return Some(UTF_16LE);
    }
    if head.starts_with(b"\xfe\xff") {
        return Some(UTF_16BE);
    }
    let sample = &head[..head.len().min(1024) & !1];
    let pairs = sample.len() / 2;
    if pairs < 8 {
        return None;
    }
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd_nul * 10 >= pairs * 4 && even_nul * 20 < pairs {
        Some(UTF_16LE)
    } else if even_nul * 10 >= pairs * 4 && odd_nul * 20 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Counts (non-ASCII characters in valid UTF-8 runs, invalid bytes).
fn utf8_evidence(bytes: &[u8]) -> (usize, usize) {
    let mut good = 0;
    let mut bad = 0;
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += chunk.invalid().len();
    }
    (good, bad)
}

/// The legacy encoding chardetng finds most likely for these bytes (never UTF-8).
pub fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    // chardetng needs no more than a sample to decide; feeding all of a large file would only cost time.
    det.feed(&bytes[..bytes.len().min(256 * 1024)], true);
    det.guess(None, chardetng::Utf8Detection::Deny)
}

fn with_encoding(bytes: &[u8], enc: &'static Encoding, why: &str) -> Decoded {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    let warning = had_errors.then(|| {
        format!(
            "some bytes are not valid {} ({why}) and became U+FFFD",
            enc.name()
        )
    });
    Decoded {
        text: text.into_owned(),
        encoding: enc,
        warning,
    }
}

/// Decodes a whole file. `declared` is the charset the content declares (an HTML `<meta charset>`), if any.
pub fn decode(bytes: &[u8], declared: Option<&'static Encoding>) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return with_encoding(&bytes[bom_len..], enc, "by its byte-order mark");
    }
    if let Some(enc) = utf16_kind(bytes) {
        return with_encoding(bytes, enc, "detected from its NUL bytes");
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        // Valid UTF-8 wins over a declaration: pages saved by browsers are re-encoded but keep their old meta.
        return Decoded {
            text: s.to_string(),
            encoding: UTF_8,
            warning: None,
        };
    }
    if let Some(enc) = declared.filter(|e| *e != UTF_8) {
        return with_encoding(bytes, enc, "the declared charset");
    }
    let (good, bad) = utf8_evidence(bytes);
    if good > 0 && good >= bad {
        return Decoded {
            text: String::from_utf8_lossy(bytes).into_owned(),
            encoding: UTF_8,
            warning: Some(format!(
                "invalid UTF-8: {bad} byte(s) could not be decoded and became U+FFFD"
            )),
        };
    }
    with_encoding(bytes, guess_legacy(bytes), "the detected encoding")
}

/// The charset an HTML page declares in its first 16 KiB: `<meta charset>`, `<meta http-equiv="Content-Type">`,
/// or an XML declaration. A declared UTF-16 means UTF-8, as in browsers (real UTF-16 has a BOM).
pub fn html_declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        // A constant pattern: failing to compile is a programming error caught by the tests.
        Regex::new(
            r#"(?i-u)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)|<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9_:.\-]+)"#,
        )
        .unwrap_or_else(|e| panic!("invalid charset pattern: {e}"))
    });
    let head = &bytes[..bytes.len().min(16 * 1024)];
    let caps = re.captures(head)?;
    let label = caps.get(1).or_else(|| caps.get(2))?.as_bytes();
    let enc = Encoding::for_label(label)?;
    Some(if enc == UTF_16LE || enc == UTF_16BE {
        UTF_8
    } else {
        enc
    })
}

/// Decodes pieces (lines, CSV fields) of a file read incrementally: UTF-8 where valid, else the legacy encoding
/// the first undecodable piece suggests, else UTF-8 with U+FFFD. Counts the lossy pieces for one warning.
#[derive(Debug, Default)]
pub struct PieceDecoder {
    legacy: Option<&'static Encoding>,
    /// How many pieces had bytes that became U+FFFD.
    pub lossy: usize,
    /// The legacy encoding used, when one was.
    pub used_legacy: Option<&'static Encoding>,
}

impl PieceDecoder {
    /// A decoder whose legacy encoding, if the file has one, is guessed from a sample of its start (a better
    /// guess than one short line or field would give).
    pub fn for_sample(sample: &[u8]) -> PieceDecoder {
        let (good, bad) = utf8_evidence(sample);
        // A sample cut inside a multi-byte character has up to 3 bad bytes at its end: not evidence.
        let legacy = (bad > 3 && good < bad).then(|| guess_legacy(sample));
        PieceDecoder {
            legacy,
            ..PieceDecoder::default()
        }
    }

    pub fn decode<'a>(&mut self, bytes: &'a [u8]) -> Cow<'a, str> {
        if let Ok(s) = std::str::from_utf8(bytes) {
            return Cow::Borrowed(s);
        }
        let (good, bad) = utf8_evidence(bytes);
        if good > 0 && good >= bad {
            self.lossy += 1;
            return String::from_utf8_lossy(bytes);
        }
        let enc = *self.legacy.get_or_insert_with(|| guess_legacy(bytes));
        self.used_legacy = Some(enc);
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if had_errors {
            self.lossy += 1;
        }
        Cow::Owned(text.into_owned())
    }

    /// The warning to give at the end of the file, if any piece was decoded lossily.
    pub fn warning(&self, what: &str) -> Option<String> {
        (self.lossy > 0).then(|| {
            format!(
                "{} {what} had invalid UTF-8 and were decoded with U+FFFD replacement characters",
                self.lossy
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("Zürich".as_bytes(), None).text, "Zürich");
        let d = decode(b"\xef\xbb\xbfZ\xc3\xbcrich", None);
        assert_eq!(d.text, "Zürich");
        assert!(d.warning.is_none());
    }

    #[test]
    fn utf16_with_a_bom_and_without() {
        let le: Vec<u8> = "\u{feff}Überschwemmung in Köln"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(&le, None).text, "Überschwemmung in Köln");
        let be: Vec<u8> = "Floods hit the north"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(decode(&be, None).text, "Floods hit the north");
    }

    #[test]
    fn legacy_encodings_are_detected() {
        // windows-1252 French.
        let d = decode(
            b"Le pr\xe9sident a d\xe9clar\xe9 que la r\xe9forme \xe9tait n\xe9cessaire.",
            None,
        );
        assert_eq!(
            d.text,
            "Le président a déclaré que la réforme était nécessaire."
        );
        assert!(d.warning.is_none());
        // windows-1251 Russian.
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1251.encode("Президент заявил, что реформа необходима сегодня.");
        assert_eq!(
            decode(&bytes, None).text,
            "Президент заявил, что реформа необходима сегодня."
        );
    }

    #[test]
    fn damaged_utf8_is_decoded_lossily_with_a_warning() {
        let d = decode(
            b"Z\xc3\xbcrich und M\xc3\xbcnchen \xff melden Hochwasser",
            None,
        );
        assert_eq!(d.text, "Zürich und München \u{fffd} melden Hochwasser");
        assert!(d.warning.unwrap().contains("1 byte(s)"));
    }

    #[test]
    fn a_declared_charset_is_used_when_the_bytes_are_not_utf8() {
        let html = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">\
                     </head><body>\xcf\xf0\xe8\xe2\xe5\xf2</body></html>";
        let enc = html_declared_charset(html);
        assert_eq!(enc, Some(encoding_rs::WINDOWS_1251));
        assert!(decode(html, enc).text.contains("Привет"));
        assert_eq!(
            html_declared_charset(b"<meta charset=\"utf-16\">"),
            Some(UTF_8)
        );
        assert_eq!(
            html_declared_charset(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><html>"),
            Some(encoding_rs::WINDOWS_1252)
        );
    }

    #[test]
    fn a_sample_of_the_file_picks_the_legacy_encoding() {
        let (sample, _, _) = encoding_rs::WINDOWS_1251
            .encode("заголовок,текст\nПожар в Казани,Пожарные потушили огонь за два часа.\n");
        let mut d = PieceDecoder::for_sample(&sample);
        let (field, _, _) = encoding_rs::WINDOWS_1251.encode("Москва");
        assert_eq!(d.decode(&field), "Москва");
    }

    #[test]
    fn pieces_decode_one_by_one() {
        let mut d = PieceDecoder::default();
        assert_eq!(d.decode(b"plain"), "plain");
        assert_eq!(
            d.decode(b"caf\xe9 cr\xe8me br\xfbl\xe9e"),
            "café crème brûlée"
        );
        assert_eq!(d.lossy, 0);
        assert_eq!(d.decode(b"\xc3\xa9t\xc3\xa9 \xff"), "été \u{fffd}");
        assert!(d.warning("lines").unwrap().starts_with("1 lines"));
    }
}
