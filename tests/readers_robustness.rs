//! No input makes a reader panic: every fixture, cut short at many points and with bytes flipped, read as every
//! format, gives records or a skip reason. (Readers must not `unwrap` anything that comes from a file.)

use dateline::ingest::read::{read, Format, ReadOptions};
use std::path::Path;

const FORMATS: [Format; 7] = [
    Format::Text,
    Format::Html,
    Format::Json,
    Format::Jsonl,
    Format::Csv,
    Format::Tsv,
    Format::Markdown,
];

/// A small deterministic pseudo-random sequence (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn damaged_inputs_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let opts = ReadOptions::default();
    let mut cases = 0usize;
    for entry in std::fs::read_dir(&dir).expect("fixture corpus").flatten() {
        let Ok(bytes) = std::fs::read(entry.path()) else {
            continue;
        };
        let mut variants: Vec<Vec<u8>> = Vec::new();
        for k in 1..8 {
            variants.push(bytes[..bytes.len() * k / 8].to_vec());
        }
        for _ in 0..4 {
            let mut v = bytes.clone();
            for _ in 0..(1 + v.len() / 50) {
                if v.is_empty() {
                    break;
                }
                let i = (rng.next() % v.len() as u64) as usize;
                v[i] = (rng.next() & 0xff) as u8;
            }
            variants.push(v);
        }
        for v in &variants {
            for f in FORMATS {
                cases += 1;
                let name = entry.file_name();
                let result = std::panic::catch_unwind(|| read(v, f, &opts));
                assert!(
                    result.is_ok(),
                    "{name:?} ({} bytes) read as {f} panicked",
                    v.len()
                );
            }
        }
    }
    assert!(cases > 1000, "only {cases} cases");
}

#[test]
fn odd_but_valid_shapes() {
    let opts = ReadOptions::default();
    let odd: &[(&[u8], Format)] = &[
        (b"[]", Format::Json),
        (b"{}", Format::Json),
        (b"null", Format::Json),
        (b"[[[[[[[[[[]]]]]]]]]]", Format::Json),
        (b"\n\n\n{}\n", Format::Jsonl),
        (b"title\n", Format::Csv),
        (b",,,\n,,,\n", Format::Csv),
        (b"\"unterminated,quote\n", Format::Csv),
        (b"---\n---\n", Format::Markdown),
        (b"+++\n", Format::Markdown),
        (b"<", Format::Html),
        (b"<html", Format::Html),
        (b"<!---->", Format::Html),
        (b"<script>", Format::Html),
        (b"\xef\xbb\xbf", Format::Text),
        (b"\xff\xfe", Format::Text),
        (b"\xff\xfeA", Format::Text),
        (b"\x1f\x8b", Format::Text),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", Format::Html),
    ];
    for (input, f) in odd {
        let result = std::panic::catch_unwind(|| read(input, *f, &opts));
        assert!(
            result.is_ok(),
            "{:?} as {f} panicked",
            String::from_utf8_lossy(input)
        );
    }
}

#[test]
fn deep_nesting_neither_overflows_nor_hangs() {
    let opts = ReadOptions::default();
    // Just under the limit the page is parsed (in a debug build too, on a test thread's stack); far over it, it is
    // read as text with a warning.
    let limit = dateline::ingest::read::html::MAX_NESTING;
    for (depth, parsed) in [(limit, true), (50_000, false)] {
        let deep = "<div>".repeat(depth) + "The deep text of the page." + &"</div>".repeat(depth);
        let t = std::time::Instant::now();
        let r = read(deep.as_bytes(), Format::Html, &opts).expect("read");
        assert!(
            t.elapsed().as_secs() < 30,
            "depth {depth} took {:?}",
            t.elapsed()
        );
        assert!(
            r.records[0].body.contains("The deep text of the page."),
            "depth {depth}"
        );
        assert_eq!(
            r.warnings.is_empty(),
            parsed,
            "depth {depth}: {:?}",
            r.warnings
        );
    }
}
