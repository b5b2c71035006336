//! Real archives through the binary: every format of the fixture corpus, bad input that never stops the run and
//! is never silent, the walker's own problems (symlink loops, unreadable files), field maps and --strict.

mod common;
use common::*;
use std::path::Path;

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")
}

#[test]
fn the_fixture_corpus_indexes_what_it_can_and_names_every_bad_file() {
    let env = Env::new();
    // The fixtures' modification times are when the repository was checked out: a clock far ahead keeps them
    // plausible as last-resort dates.
    let out = env.run_at(
        "2100-01-01T00:00:00Z",
        &["rebuild"],
        &["--corpus", fixtures().to_str().unwrap()],
    );
    assert_status(&out, 0);
    let err = text(&out.stderr);
    // One warning line per bad file, naming it and the reason.
    for line in [
        "warning: binary.txt: skipped: binary file, not text: starts with a PNG image signature",
        "warning: document.html: skipped: binary file, not text: starts with a PDF signature",
        "warning: empty.txt: skipped: empty file",
        "warning: blank.md: skipped: empty file",
        "warning: malformed.json: skipped: invalid JSON at line 2",
        "warning: one-bad-line.jsonl: line 2: invalid JSON",
        "warning: bad-row.csv: line 3: 2 fields where the header has 3; row skipped",
        "warning: invalid-utf8.txt: invalid UTF-8: 2 byte(s) could not be decoded",
        "warning: bad-front-matter.md: YAML front matter ignored",
        "warning: truncated.txt.gz: skipped: truncated or corrupt gzip data",
        "warning: no-article.html: skipped: no article",
        "warning: really-html.txt: the extension says text but the content is an HTML page; read as HTML",
    ] {
        assert!(err.contains(line), "missing {line:?} in:\n{err}");
    }
    assert_eq!(err.matches("dateline: warning:").count(), 13, "{err}");
    assert!(err.contains("indexed 26 articles from 32 files"), "{err}");
    assert!(err.contains("skipped: 7 files"), "{err}");
    assert!(err.contains("duplicates: 11 articles"), "{err}");
    assert!(
        err.contains("not articles: 1 file in formats dateline does not read (.xyz 1)"),
        "{err}"
    );

    // What each format gave is searchable, with its metadata.
    let v = env.search_json(&["yorkshire"]);
    let hit = &v["hits"][0];
    assert_eq!(hit["id"], "article.html");
    assert_eq!(hit["title"], "Floods close roads across Yorkshire");
    assert_eq!(hit["date_source"], "metadata");
    assert_eq!(hit["published"], "2024-02-02T18:30:00Z");
    assert!(hit["url"].as_str().unwrap().starts_with("https://"));
    assert_eq!(env.ids(&["président", "marseille"]), ["windows-1252.txt"]);
    assert_eq!(env.ids(&["überschwemmung"]), ["utf16.txt"]);
    assert!(env
        .ids(&["title:storm"])
        .contains(&"bad-front-matter.md".to_string()));
    // Multi-article files number their articles.
    let ids = env.ids(&["--limit", "100"]);
    for id in [
        "array.json#1",
        "array.json#2",
        "articles.csv#1",
        "articles.tsv#2",
        "bad-row.csv#2",
    ] {
        assert!(ids.iter().any(|i| i == id), "{id} missing from {ids:?}");
    }
    assert!(
        !ids.iter().any(|i| i.starts_with("one-bad-line.jsonl#2")),
        "the bad line gave no article"
    );
}

#[test]
fn a_symlink_loop_is_reported_and_the_rest_indexed() {
    let env = Env::new();
    env.write(
        "a/story.txt",
        article("Floods in Zürich", "2019-01-04", "Heavy rain."),
    );
    std::os::unix::fs::symlink("..", env.corpus.join("a/loop")).unwrap();
    let out = env.run(&["rebuild"], &["--corpus", env.corpus.to_str().unwrap()]);
    assert_status(&out, 0);
    let err = text(&out.stderr);
    assert!(
        err.contains("warning: a/loop: symbolic link loop; not followed"),
        "{err}"
    );
    assert_eq!(env.ids(&["floods"]), ["a/story.txt"]);
}

#[test]
fn an_unreadable_file_is_reported_and_the_rest_indexed() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.write(
        "ok.txt",
        article("Floods in Zürich", "2019-01-04", "Heavy rain."),
    );
    let secret = env.write("secret.txt", article("Secret", "2019-01-04", "Hidden."));
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&secret).is_ok() {
        eprintln!(
            "skipping the unreadable-file check: this user (root?) can read a file with mode 000"
        );
        return;
    }
    let out = env.run(&["rebuild"], &["--corpus", env.corpus.to_str().unwrap()]);
    assert_status(&out, 0);
    assert!(
        text(&out.stderr).contains("warning: secret.txt: skipped: cannot read"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(env.ids(&["floods"]), ["ok.txt"]);
}

#[test]
fn a_field_map_reads_unknown_json_and_csv_columns() {
    let env = Env::new();
    env.write(
        "feed.json",
        r#"[{"headline_text": "Dam bursts upstream", "story": "Villages were evacuated.", "when": "2021-07-15"}]"#,
    );
    env.write(
        "sheet.csv",
        "headline_text,story,when\nBridge reopens,Traffic flows again.,2021-07-20\n",
    );
    let corpus = env.corpus.to_str().unwrap();
    // Without a map the fields are guessed: the longest text becomes the body, and the date is unknown.
    assert_status(
        &env.run_at("2100-01-01T00:00:00Z", &["rebuild"], &["--corpus", corpus]),
        0,
    );
    let v = env.search_json(&["evacuated"]);
    assert_ne!(v["hits"][0]["title"], "Dam bursts upstream");
    assert_eq!(v["hits"][0]["date_source"], "mtime");
    let map = "title=headline_text,body=story,date=when";
    assert_status(
        &env.run(&["rebuild"], &["--corpus", corpus, "--map", map]),
        0,
    );
    let v = env.search_json(&["evacuated"]);
    assert_eq!(v["hits"][0]["title"], "Dam bursts upstream");
    assert_eq!(v["hits"][0]["published"], "2021-07-15T00:00:00Z");
    let v = env.search_json(&["bridge"]);
    assert_eq!(v["hits"][0]["id"], "sheet.csv#1");
    assert_eq!(v["hits"][0]["published"], "2021-07-20T00:00:00Z");
    let out = env.run(&["rebuild"], &["--corpus", corpus, "--map", "headline"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

#[test]
fn strict_makes_warnings_fatal_and_keeps_the_old_index() {
    let env = Env::new();
    env.write(
        "ok.txt",
        article("Floods in Zürich", "2019-01-04", "Heavy rain."),
    );
    env.rebuild();
    env.write(
        "new.txt",
        article("Storm warning", "2019-01-05", "A storm."),
    );
    env.write("empty.txt", "");
    let corpus = env.corpus.to_str().unwrap();
    let out = env.run(&["rebuild"], &["--corpus", corpus, "--strict"]);
    assert_status(&out, 1);
    assert!(
        text(&out.stderr).contains("--strict"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        env.ids(&["storm"]).is_empty(),
        "the old index is still the live one"
    );
    // Without --strict the same corpus indexes, warning about the empty file.
    let out = env.run(&["rebuild"], &["--corpus", corpus]);
    assert_status(&out, 0);
    assert_eq!(env.ids(&["storm"]), ["new.txt"]);
}

#[test]
fn only_bad_files_is_exit_1() {
    let env = Env::new();
    env.write("empty.txt", "");
    env.write("binary.txt", [0u8, 159, 146, 150, 0, 0, 1]);
    let out = env.run(&["rebuild"], &["--corpus", env.corpus.to_str().unwrap()]);
    assert_status(&out, 1);
    assert!(
        text(&out.stderr).contains("indexed 0 articles from 2 files"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn fields_that_are_not_read_are_named_and_title_only_records_all_kept() {
    let env = Env::new();
    env.write("news.jsonl", huffpost_like(27));
    env.write(
        "sheet.csv",
        "title,text,date,Standfirst\n\
         Floods close roads,Rivers rose overnight.,2024-01-02,The river burst its banks after three days of rain in the hills.\n\
         Bridge reopens,Traffic flows again.,2024-01-03,Engineers finished the repairs a week earlier than the council had planned.\n",
    );
    let out = env.run(&["rebuild"], &["--corpus", env.corpus.to_str().unwrap()]);
    assert_status(&out, 0);
    let err = text(&out.stderr);
    // One warning per file, naming the field and the --map that reads it.
    assert!(
        err.contains("warning: news.jsonl: field \"short_description\" holds text in 30 of 30 records but maps to nothing, so it is not indexed; --map body=short_description would read it as the body"),
        "{err}"
    );
    assert_eq!(
        err.matches("short_description\" holds text").count(),
        1,
        "{err}"
    );
    assert!(
        err.contains("warning: sheet.csv: column \"standfirst\" holds text in 2 of 2 records")
            && err.contains("--map body=standfirst would read it as the body instead"),
        "{err}"
    );
    // The summary lists them, and counts the records indexed with a title only.
    assert!(
        err.contains("  title only: 30 articles with a title and no text (indexed)"),
        "{err}"
    );
    assert!(
        err.contains("  not read: 2 fields hold text but map to nothing"),
        "{err}"
    );
    assert!(
        err.contains("    short_description in 1 file, 30 records: --map body=short_description"),
        "{err}"
    );
    // 27 issues under one headline, each with its own link: 27 articles, no duplicates.
    assert!(!err.contains("duplicates"), "{err}");
    assert_eq!(env.search_json(&["--limit", "0"])["total"], 32);
    assert_eq!(
        env.search_json(&["title:funniest", "--limit", "0"])["total"],
        27
    );
    let out = env.run(&["stats"], &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["title_only"], 30);
    assert_eq!(v["duplicates"], 0);
    let out = env.run(&["stats"], &[]);
    assert!(
        text(&out.stdout).contains("title only    30"),
        "{}",
        text(&out.stdout)
    );

    // Mapped, the field is read: nothing is reported, every record has its text.
    let out = env.run(
        &["rebuild"],
        &[
            "--corpus",
            env.corpus.to_str().unwrap(),
            "--map",
            "body=short_description,ignore=standfirst",
        ],
    );
    assert_status(&out, 0);
    let err = text(&out.stderr);
    assert!(!err.contains("warning"), "{err}");
    assert!(!err.contains("title only"), "{err}");
    assert_eq!(env.search_json(&["--limit", "0"])["total"], 32);
    assert_eq!(env.ids(&["recess"]), ["news.jsonl#3"]);
}

#[test]
fn authors_and_sections_from_front_matter_json_ld_bylines_and_urls() {
    let env = Env::new();
    env.write(
        "post.md",
        "---\ntitle: Harbour reopens\nauthor: Ann Lee\ncategories: [Transport, Local]\n---\nThe harbour reopened on Monday after the storm.\n",
    );
    env.write(
        "page.html",
        r#"<html><head><title>Council passes the budget</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Council passes the budget",
"articleSection":"Politics","author":[{"@type":"Person","name":"Bo Chen"},{"@type":"Person","name":"Ann Lee"}]}</script>
</head><body><article><p>The council voted seven to two for a budget that raises school spending next year.</p></article></body></html>"#,
    );
    env.write(
        "wire.txt",
        "Title: Storm closes the port\nURL: https://wire.example/weather/2024/01/05/storm-port\n\nBy CY DEE, Wire Service\n\nThe storm closed the port for a week.\n",
    );
    env.rebuild();
    assert_eq!(env.ids(&["author:lee", "--sort", "oldest"]).len(), 2);
    assert_eq!(env.ids(&["author:chen"]), ["page.html"]);
    assert_eq!(env.ids(&["author:dee"]), ["wire.txt"]);
    assert_eq!(env.ids(&["section:politics"]), ["page.html"]);
    assert_eq!(env.ids(&["section:weather"]), ["wire.txt"]);
    assert_eq!(env.ids(&["section:transport"]), ["post.md"]);
    assert_eq!(
        env.ids(&["--author", "ann lee", "--section", "Transport"]),
        ["post.md"]
    );
    assert_eq!(env.ids(&["--author", "Cy Dee"]), ["wire.txt"]);
    let hit = &env.search_json(&["budget"])["hits"][0];
    assert_eq!(hit["author"], "Bo Chen, Ann Lee");
    assert_eq!(hit["section"], "Politics");
    let out = env.run(&["show"], &["wire.txt"]);
    let s = text(&out.stdout);
    assert!(
        s.contains("author     Cy Dee") && s.contains("section    weather"),
        "{s}"
    );
    // An unknown field is still an error that lists the fields.
    let out = env.run(&["search"], &["writer:lee"]);
    assert_error(&out, "the fields are title, body, source, author, section");
}
