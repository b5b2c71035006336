//! Every file of the reader fixture corpus (tests/fixtures/corpus, described in tests/fixtures/EXPECTED.md) through
//! `read_path`, with the outcome asserted per file; and the large bad inputs (gzip bomb, 100 MB file, 10 MB line,
//! oversized body), generated in a temp dir at test time rather than committed.

use dateline::ingest::read::{read_path, FileRead, ReadOptions, SkipReason};
use std::io::Write;
use std::path::{Path, PathBuf};

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus")
        .join(name)
}

/// What a fixture must give.
enum Expect {
    /// This many records; the first has this title and (if given) first date candidate, and its body contains
    /// the text; the warnings, joined, contain `warning` (empty: there must be none).
    Read {
        records: usize,
        title: &'static str,
        date: Option<&'static str>,
        body: &'static str,
        warning: &'static str,
    },
    /// Skipped; the reason's message contains the text.
    Skip(fn(&SkipReason) -> bool, &'static str),
}

use Expect::{Read, Skip};

fn empty(r: &SkipReason) -> bool {
    *r == SkipReason::Empty
}
fn binary(r: &SkipReason) -> bool {
    matches!(r, SkipReason::Binary(_))
}
fn malformed(r: &SkipReason) -> bool {
    matches!(r, SkipReason::Malformed(_))
}
fn unsupported(r: &SkipReason) -> bool {
    matches!(r, SkipReason::Unsupported(_))
}
fn no_text(r: &SkipReason) -> bool {
    matches!(r, SkipReason::NoText(_))
}
fn too_large(r: &SkipReason) -> bool {
    matches!(r, SkipReason::TooLarge(_))
}

const FLOODS: &str = "Floods close roads across Yorkshire";

fn expectations() -> Vec<(&'static str, Expect)> {
    vec![
        (
            "article.html",
            Read {
                records: 1,
                title: FLOODS,
                date: Some("2024-02-02T18:30:00+00:00"),
                body: "Police asked drivers",
                warning: "",
            },
        ),
        (
            "page.htm",
            Read {
                records: 1,
                title: "Quake shakes Izmir",
                date: Some("2020-10-30T14:51:00+03:00"),
                body: "toppling buildings",
                warning: "",
            },
        ),
        (
            "single.json",
            Read {
                records: 1,
                title: "Attacks in Dagestan",
                date: Some("2024-06-23 19:40:00"),
                body: "In Makhachkala",
                warning: "",
            },
        ),
        (
            "array.json",
            Read {
                records: 2,
                title: "Oil prices rise",
                date: Some("2024-03-04T09:15:00Z"),
                body: "supply worries",
                warning: "",
            },
        ),
        (
            "wrapped.json",
            Read {
                records: 2,
                title: "Storm warning for the coast",
                date: Some("2023-11-02T06:00:00Z"),
                body: "gale-force",
                warning: "",
            },
        ),
        (
            "lines.jsonl",
            Read {
                records: 3,
                title: "Bridge reopens after repairs",
                date: Some("2022-05-10"),
                body: "old bridge",
                warning: "",
            },
        ),
        (
            "feed.ndjson",
            Read {
                records: 2,
                title: "Bridge reopens after repairs",
                date: Some("2022-05-10"),
                body: "old bridge",
                warning: "",
            },
        ),
        (
            "articles.csv",
            Read {
                records: 2,
                title: "Floods, again, in York",
                date: Some("2019-01-02"),
                body: "\"quote\" from the mayor",
                warning: "",
            },
        ),
        (
            "articles.tsv",
            Read {
                records: 2,
                title: "Council approves budget",
                date: Some("2021-02-03"),
                body: "2021 budget",
                warning: "",
            },
        ),
        (
            "yaml.md",
            Read {
                records: 1,
                title: "Floods in Zürich",
                date: Some("2024-06-01"),
                body: "The Limmat rose by two metres overnight.\n\nRoads closed",
                warning: "",
            },
        ),
        (
            "toml.md",
            Read {
                records: 1,
                title: "Quake hits Izmir",
                date: Some("2020-10-30T14:51:00+03:00"),
                body: "Rescue teams",
                warning: "",
            },
        ),
        (
            "header.txt",
            Read {
                records: 1,
                title: "Attack in Derbent",
                date: Some("2024-06-23"),
                body: "Police said",
                warning: "",
            },
        ),
        (
            "plain.txt",
            Read {
                records: 1,
                title: "Attack in Derbent",
                date: None,
                body: "Gunmen attacked",
                warning: "",
            },
        ),
        (
            "compressed.html.gz",
            Read {
                records: 1,
                title: FLOODS,
                date: Some("2024-02-02T18:30:00+00:00"),
                body: "Forecasters expect",
                warning: "",
            },
        ),
        (
            "dump.jsonl.gz",
            Read {
                records: 3,
                title: "Bridge reopens after repairs",
                date: Some("2022-05-10"),
                body: "old bridge",
                warning: "",
            },
        ),
        (
            "windows-1252.txt",
            Read {
                records: 1,
                title: "Le président à Marseille",
                date: Some("2023-09-15"),
                body: "déclaré que la réforme était nécessaire, « sans délai »",
                warning: "",
            },
        ),
        (
            "legacy-charset.html",
            Read {
                records: 1,
                title: "Президент посетил Казань",
                date: Some("2021-04-12T10:00:00+03:00"),
                body: "встретился с губернатором",
                warning: "",
            },
        ),
        (
            "utf16.txt",
            Read {
                records: 1,
                title: "Überschwemmung in Köln",
                date: Some("2021-07-15"),
                body: "Der Rhein trat über die Ufer.",
                warning: "",
            },
        ),
        (
            "really-html.txt",
            Read {
                records: 1,
                title: FLOODS,
                date: Some("2024-02-02T18:30:00+00:00"),
                body: "Police asked drivers",
                warning: "the extension says text but the content is an HTML page; read as HTML",
            },
        ),
        (
            "really-lines.json",
            Read {
                records: 2,
                title: "Bridge reopens after repairs",
                date: Some("2022-05-10"),
                body: "old bridge",
                warning: "read as JSON Lines",
            },
        ),
        // Bad inputs.
        ("empty.txt", Skip(empty, "empty file")),
        ("blank.md", Skip(empty, "empty file")),
        (
            "binary.txt",
            Skip(
                binary,
                "binary file, not text: starts with a PNG image signature",
            ),
        ),
        ("document.html", Skip(binary, "starts with a PDF signature")),
        (
            "invalid-utf8.txt",
            Read {
                records: 1,
                title: "München meldet Hochwasser",
                date: None,
                body: "Die Isar stieg in München \u{fffd}\u{fffd} stark an.",
                warning: "invalid UTF-8: 2 byte(s) could not be decoded",
            },
        ),
        (
            "malformed.json",
            Skip(malformed, "invalid JSON at line 2 column 9"),
        ),
        (
            "one-bad-line.jsonl",
            Read {
                records: 2,
                title: "Bridge reopens after repairs",
                date: Some("2022-05-10"),
                body: "old bridge",
                warning: "line 2: invalid JSON",
            },
        ),
        (
            "bad-row.csv",
            Read {
                records: 2,
                title: "One",
                date: Some("2020-01-01"),
                body: "First text.",
                warning: "line 3: 2 fields where the header has 3; row skipped",
            },
        ),
        (
            "broken.html",
            Read {
                records: 1,
                title: "Storm hits coast",
                date: None,
                body: "Thousands of homes lost power.\n\nSchools stay closed",
                warning: "",
            },
        ),
        (
            "bad-front-matter.md",
            Read {
                records: 1,
                title: "Storm warning",
                date: None,
                body: "High winds are expected tonight.",
                warning: "YAML front matter ignored, not valid YAML",
            },
        ),
        (
            "truncated.txt.gz",
            Skip(malformed, "truncated or corrupt gzip data"),
        ),
        (
            "no-article.html",
            Skip(
                no_text,
                "no article: the HTML content has no text and no title",
            ),
        ),
        (
            "notes.xyz",
            Skip(unsupported, "no reader for extension .xyz"),
        ),
    ]
}

fn check(name: &str, got: Result<FileRead, SkipReason>, want: &Expect) -> Result<(), String> {
    match (got, want) {
        (
            Ok(read),
            Read {
                records,
                title,
                date,
                body,
                warning,
            },
        ) => {
            let first = read.records.first().ok_or("no records")?;
            let mut problems = Vec::new();
            if read.records.len() != *records {
                problems.push(format!(
                    "{} records, expected {records}",
                    read.records.len()
                ));
            }
            if first.title.as_deref() != Some(*title) {
                problems.push(format!("title {:?}, expected {title:?}", first.title));
            }
            if first.dates.first().map(String::as_str) != *date {
                problems.push(format!("dates {:?}, expected first {date:?}", first.dates));
            }
            if !first.body.contains(body) {
                problems.push(format!("body {:?} lacks {body:?}", first.body));
            }
            let warnings = read.warnings.join(" / ");
            if warning.is_empty() != warnings.is_empty() || !warnings.contains(warning) {
                problems.push(format!(
                    "warnings {:?}, expected {warning:?}",
                    read.warnings
                ));
            }
            if problems.is_empty() {
                Ok(())
            } else {
                Err(format!("{name}: {}", problems.join("; ")))
            }
        }
        (Err(reason), Skip(kind, text)) if kind(&reason) && reason.to_string().contains(text) => {
            Ok(())
        }
        (Err(reason), _) => Err(format!("{name}: skipped ({reason:?}), expected otherwise")),
        (Ok(read), Skip(_, text)) => Err(format!(
            "{name}: read {} records (warnings {:?}), expected a skip saying {text:?}",
            read.records.len(),
            read.warnings
        )),
    }
}

#[test]
fn every_fixture_gives_its_expected_outcome() {
    let expected = expectations();
    let mut failures = Vec::new();
    for (name, want) in &expected {
        if let Err(e) = check(
            name,
            read_path(&corpus(name), &ReadOptions::default()),
            want,
        ) {
            failures.push(e);
        }
    }
    // Every file of the corpus has an expectation (a new fixture must be added to the table and EXPECTED.md).
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
    for entry in std::fs::read_dir(&dir)
        .expect("fixture corpus exists")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !expected.iter().any(|(n, _)| *n == name) {
            failures.push(format!("{name}: no expectation in the table"));
        }
    }
    assert!(
        failures.is_empty(),
        "fixture failures:\n{}",
        failures.join("\n")
    );
}

#[test]
fn expected_md_lists_every_fixture() {
    let md = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/EXPECTED.md"),
    )
    .expect("EXPECTED.md exists");
    let missing: Vec<&str> = expectations()
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| !md.contains(&format!("`{n}`")))
        .collect();
    assert!(missing.is_empty(), "EXPECTED.md does not list {missing:?}");
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).expect("in-memory write");
    e.finish().expect("in-memory gzip")
}

#[test]
fn a_gzip_bomb_is_refused_with_the_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    // 40 MiB of blanks compress to about 40 KiB. The caps are lowered so the test runs fast in debug builds; the
    // defaults (256 MiB decompressed, 64 MiB for whole-file formats) work the same way.
    let opts = ReadOptions {
        max_decompressed_bytes: 16 * 1024 * 1024,
        max_file_bytes: 8 * 1024 * 1024,
        ..ReadOptions::default()
    };
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let chunk = vec![b' '; 1024 * 1024];
    for _ in 0..40 {
        enc.write_all(&chunk).expect("in-memory write");
    }
    let bomb = enc.finish().expect("in-memory gzip");
    for (name, limit) in [("bomb.jsonl.gz", "16 MiB"), ("bomb.html.gz", "8 MiB")] {
        let path = dir.path().join(name);
        std::fs::write(&path, &bomb).expect("write bomb");
        let err = read_path(&path, &opts).expect_err("bomb refused");
        assert!(too_large(&err), "{name}: {err:?}");
        assert_eq!(
            err.to_string(),
            format!("gzip content decompresses to more than {limit} (the limit for decompressed data; a gzip bomb?)"),
            "{name}"
        );
    }
}

#[test]
fn a_100_mb_file_is_skipped_naming_size_and_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A sparse file: the size check refuses it before reading a byte.
    for (name, kind) in [
        ("huge.html", "HTML"),
        ("huge.txt", "text"),
        ("huge.md", "Markdown"),
    ] {
        let path = dir.path().join(name);
        let f = std::fs::File::create(&path).expect("create");
        f.set_len(100 * 1024 * 1024).expect("set_len");
        let err = read_path(&path, &ReadOptions::default()).expect_err("refused");
        assert_eq!(
            err,
            SkipReason::TooLarge(format!(
                "file is 100 MiB, over the 64 MiB limit for {kind} files"
            ))
        );
    }
}

#[test]
fn streaming_formats_are_not_held_to_the_whole_file_cap() {
    let dir = tempfile::tempdir().expect("temp dir");
    let opts = ReadOptions {
        max_file_bytes: 1024 * 1024,
        ..ReadOptions::default()
    };
    let path = dir.path().join("dump.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    let line = format!("{{\"title\": \"T\", \"text\": \"{}\"}}\n", "x".repeat(1000));
    for _ in 0..5000 {
        f.write_all(line.as_bytes()).expect("write");
    }
    drop(f);
    let mut n = 0usize;
    let warnings = dateline::ingest::read::read_path_each(&path, &opts, &mut |_| n += 1)
        .expect("streamed")
        .warnings;
    assert_eq!(n, 5000);
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn a_10_mb_single_line_is_read_in_linear_time_and_the_body_capped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let words = "flood ".repeat(10 * 1024 * 1024 / 6);
    let cases = [
        ("line.txt", format!("Title: One long line\n\n{words}\n")),
        (
            "line.jsonl",
            format!("{{\"title\": \"One long line\", \"text\": \"{words}\"}}\n"),
        ),
        ("line.csv", format!("title,text\nOne long line,{words}\n")),
        ("line.md", format!("# One long line\n\n{words}\n")),
        (
            "line.html",
            format!(
                "<html><head><title>One long line</title></head><body><p>{words}</p></body></html>"
            ),
        ),
    ];
    for (name, content) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, content).expect("write");
        let t = std::time::Instant::now();
        let read =
            read_path(&path, &ReadOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let secs = t.elapsed().as_secs_f64();
        assert!(secs < 20.0, "{name} took {secs:.1}s");
        assert_eq!(read.records.len(), 1, "{name}");
        let body = &read.records[0].body;
        assert!(
            body.len() <= 2 * 1024 * 1024,
            "{name}: body {} bytes",
            body.len()
        );
        assert!(
            body.ends_with("flood"),
            "{name}: cut inside a word: {:?}",
            &body[body.len() - 12..]
        );
        assert!(
            read.warnings
                .iter()
                .any(|w| w.contains("article body is 10") && w.contains("truncated")),
            "{name}: {:?}",
            read.warnings
        );
    }
}

#[test]
fn gzip_by_content_without_the_extension() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("story.txt");
    std::fs::write(
        &path,
        gzip(b"Title: Zipped\n\nA story saved compressed without .gz.\n"),
    )
    .expect("write");
    let read = read_path(&path, &ReadOptions::default()).expect("read");
    assert_eq!(read.records[0].title.as_deref(), Some("Zipped"));
}
