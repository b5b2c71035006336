//! Name normalization shared by the gazetteer generator and the matcher, so that a name in GeoNames and the same
//! name in an article reduce to the same key: words are runs of letters and digits, lower-cased, with Latin
//! diacritics folded (`Zürich` → `zurich`, `Côte d’Ivoire` → `cote d ivoire`), joined by one space. Keys are hashed
//! with FNV-1a 64, a fixed function, because the hash table is stored in the shipped file.

/// FNV-1a 64 offset basis: the hash of the empty key.
pub const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Continues an FNV-1a hash over `bytes`.
#[inline]
pub fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// The hash of a whole key.
pub fn hash_key(key: &str) -> u64 {
    fnv(FNV_START, key.as_bytes())
}

/// Whether `c` is part of a word. Modifier-letter apostrophes (`Hawaiʻi`, `Raʼs`) count as letters in Unicode but
/// are written where English writes an apostrophe, so they separate words like `'` does.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
            && !matches!(
                c,
                '\u{2bb}' | '\u{2bc}' | '\u{2be}' | '\u{2bf}' | '\u{2b9}' | '\u{2c8}'
            )
    }
}

/// Appends the folded (lower-case, diacritic-free where the letter is Latin) form of one word character.
#[inline]
pub fn fold_char_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    // Letters that do not decompose into an ASCII base letter plus marks.
    let special = match c {
        'ß' | 'ẞ' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ø' | 'Ø' => "o",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'ł' | 'Ł' => "l",
        'ı' => "i",
        'þ' | 'Þ' => "th",
        'ħ' | 'Ħ' => "h",
        'ŧ' | 'Ŧ' => "t",
        'ŀ' | 'Ŀ' => "l",
        'ƒ' => "f",
        'ǝ' | 'Ǝ' | 'ə' | 'Ə' => "e",
        _ => "",
    };
    if !special.is_empty() {
        out.push_str(special);
        return;
    }
    let before = out.len();
    unicode_normalization::char::decompose_canonical(c, |d| {
        if d.is_ascii() {
            out.push(d.to_ascii_lowercase());
        }
    });
    if out.len() == before {
        // Not a Latin letter: keep it (lower-cased) so that it never equals an unrelated Latin key.
        for l in c.to_lowercase() {
            out.push(l);
        }
    }
}

/// The key of a name: its words folded and joined by single spaces. Empty when the name has no word.
pub fn key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_word = false;
    for c in name.chars() {
        if is_word_char(c) {
            if !in_word && !out.is_empty() {
                out.push(' ');
            }
            in_word = true;
            fold_char_into(c, &mut out);
        } else {
            in_word = false;
        }
    }
    out
}

/// Whether every letter of a name belongs to the Latin script (or is ASCII), so English news can write it.
pub fn is_latin(name: &str) -> bool {
    name.chars().all(|c| {
        c.is_ascii()
            || matches!(c as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF | 0x2018..=0x2019 | 0x02BB..=0x02BF)
                && c != '×'
                && c != '÷'
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_diacritics_and_punctuation() {
        assert_eq!(key("Zürich"), "zurich");
        assert_eq!(key("Côte d’Ivoire"), "cote d ivoire");
        assert_eq!(key("Côte d'Ivoire"), "cote d ivoire");
        assert_eq!(key("Ust-Kamenogorsk"), "ust kamenogorsk");
        assert_eq!(key("U.S."), "u s");
        assert_eq!(key("Hawaiʻi"), "hawai i");
        assert_eq!(key("İzmir"), "izmir");
        assert_eq!(key("Łódź"), "lodz");
        assert_eq!(key("  "), "");
        assert_eq!(key("Москва"), "москва");
    }

    #[test]
    fn latin_filter() {
        assert!(is_latin("Zürich"));
        assert!(is_latin("Raʼs al Khaymah"));
        assert!(!is_latin("Москва"));
        assert!(!is_latin("北京"));
    }

    #[test]
    fn hash_continues_over_words() {
        let h = fnv(fnv(fnv(FNV_START, b"new"), b" "), b"york");
        assert_eq!(h, hash_key("new york"));
    }
}
