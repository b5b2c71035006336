//! `dateline export` through the binary: every line a document with every field, the fields equal to what
//! `search` and `show` print, place prefixes complete, the `_bulk` form well made, the same bytes from the corpus as
//! from the index built from it (duplicates left out), the same bytes twice, and the shipped Quickwit and OpenSearch
//! configs naming exactly the exported fields.

mod common;
use common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;

/// An env whose index is built from the repository's sample corpus (296 Wikinews articles and the seed).
fn sample_env() -> Env {
    let env = Env::new();
    let corpus = sample_corpus();
    let out = env.run(
        &["rebuild"],
        &["--corpus", corpus.to_str().expect("utf-8"), "--quiet"],
    );
    assert_status(&out, 0);
    env
}

/// `dateline export --index <index> args...`, which must succeed; its stdout.
fn export(env: &Env, args: &[&str]) -> Vec<u8> {
    let out = env.run(&["export"], args);
    assert_status(&out, 0);
    out.stdout
}

/// `dateline export --corpus DIR args...` (the `--index` the harness adds is not read).
fn export_corpus(env: &Env, corpus: &Path, args: &[&str]) -> Vec<u8> {
    let mut a = vec!["--corpus", corpus.to_str().expect("utf-8")];
    a.extend_from_slice(args);
    export(env, &a)
}

fn docs(bytes: &[u8]) -> Vec<Value> {
    let text = String::from_utf8(bytes.to_vec()).expect("export is UTF-8");
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "the last line ends with a newline"
    );
    text.lines()
        .enumerate()
        .map(|(n, l)| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("line {} is not JSON ({e}): {l}", n + 1))
        })
        .collect()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().expect("an object").keys().cloned().collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("an array: {v}"))
        .iter()
        .map(|s| s.as_str().expect("a string").to_string())
        .collect()
}

/// Asserts that two byte strings are equal, showing the first differing line when they are not.
fn assert_same_lines(a: &[u8], b: &[u8], what: &str) {
    if a == b {
        return;
    }
    let (ta, tb) = (text(a), text(b));
    for (n, (la, lb)) in ta.lines().zip(tb.lines()).enumerate() {
        assert_eq!(la, lb, "{what}: line {} differs", n + 1);
    }
    panic!(
        "{what}: {} lines vs {} lines",
        ta.lines().count(),
        tb.lines().count()
    );
}

const EXPECTED_FIELDS: [&str; 18] = [
    "id",
    "path",
    "title",
    "published_at",
    "date_source",
    "places",
    "place_prefixes",
    "focus",
    "focus_prefixes",
    "primary_place",
    "source",
    "url",
    "author",
    "authors",
    "section",
    "language",
    "content_hash",
    "body",
];

#[test]
fn every_line_is_a_document_with_every_field() {
    let env = sample_env();
    let all = docs(&export(&env, &["--format", "ndjson"]));
    assert_eq!(all.len(), 296, "one document per indexed article");
    let want: BTreeSet<String> = EXPECTED_FIELDS.iter().map(|s| s.to_string()).collect();
    let mut ids = BTreeSet::new();
    for d in &all {
        assert_eq!(keys(d), want, "fields of {}", d["id"]);
        assert!(ids.insert(d["id"].as_str().expect("id").to_string()));
        if let Some(p) = d["published_at"].as_str() {
            assert!(
                chrono::DateTime::parse_from_rfc3339(p).is_ok()
                    && p.ends_with('Z')
                    && p.len() == 20,
                "published_at {p} is RFC 3339 UTC to the second"
            );
        }
    }
    // Corpus order: by path.
    let paths: Vec<&str> = all
        .iter()
        .map(|d| d["path"].as_str().expect("path"))
        .collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted);
}

#[test]
fn the_fields_are_what_search_and_show_print() {
    let env = sample_env();
    let all = docs(&export(&env, &[]));
    let listed = env.search_json(&["--limit", "1000"]);
    let hits = listed["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), all.len(), "search lists what export writes");
    let by_id: std::collections::HashMap<&str, &Value> = all
        .iter()
        .map(|d| (d["id"].as_str().expect("id"), d))
        .collect();
    for h in hits {
        let id = h["id"].as_str().expect("id");
        let d = by_id
            .get(id)
            .unwrap_or_else(|| panic!("{id} is not exported"));
        assert_eq!(d["published_at"], h["published"], "{id}: date");
        for f in [
            "title",
            "date_source",
            "places",
            "focus",
            "source",
            "author",
            "section",
            "url",
            "path",
        ] {
            assert_eq!(d[f], h[f], "{id}: {f}");
        }
    }
    // `show` prints every stored field, body included: compare a spread of articles.
    for d in all.iter().step_by(37).chain(all.last()) {
        let id = d["id"].as_str().expect("id");
        let out = env.run(&["show"], &[id, "--format", "json"]);
        assert_status(&out, 0);
        let s: Value = serde_json::from_slice(&out.stdout).expect("show JSON");
        assert_eq!(d["published_at"], s["published"], "{id}: date");
        for f in [
            "id",
            "path",
            "title",
            "body",
            "date_source",
            "places",
            "focus",
            "primary_place",
            "source",
            "url",
            "author",
            "section",
            "language",
            "content_hash",
        ] {
            assert_eq!(d[f], s[f], "{id}: {f}");
        }
    }
}

/// Every path of `places` (`focus`) and all its ancestors are in `place_prefixes` (`focus_prefixes`), and nothing
/// else is; the prefixes are sorted and distinct.
fn assert_prefixes(d: &Value, places: &str, prefixes: &str) {
    let mut want = BTreeSet::new();
    for p in strings(&d[places]) {
        assert!(p.starts_with('/') && p.len() > 1, "{p} is a place path");
        // Ancestors end before an unescaped `/` (a `\/` is a slash inside a name).
        let bytes = p.as_bytes();
        for i in 1..bytes.len() {
            if bytes[i] == b'/' && bytes[i - 1] != b'\\' {
                want.insert(p[..i].to_string());
            }
        }
        want.insert(p);
    }
    let got = strings(&d[prefixes]);
    let want: Vec<String> = want.into_iter().collect();
    assert_eq!(got, want, "{} of {}", prefixes, d["id"]);
}

#[test]
fn prefixes_hold_every_place_and_all_its_ancestors() {
    let env = sample_env();
    let mut env_docs = docs(&export(&env, &[]));
    // A corpus that names places at every level, for when the geoparser finds them.
    let small = Env::new();
    small.write(
        "2024/06/23/derbent.txt",
        article(
            "Attack on synagogue in Derbent",
            "2024-06-23",
            "DERBENT, Russia — Gunmen attacked a synagogue and a church in Derbent and Makhachkala, \
             Dagestan, on Sunday. Officials in Moscow and Damascus condemned the attack.",
        ),
    );
    small.rebuild();
    env_docs.extend(docs(&export(&small, &[])));
    for d in &env_docs {
        assert_prefixes(d, "places", "place_prefixes");
        assert_prefixes(d, "focus", "focus_prefixes");
        if let Some(p) = d["primary_place"].as_str() {
            assert!(p.starts_with('/'), "primary_place {p} is a path");
        }
    }
}

#[test]
fn bulk_alternates_actions_and_documents() {
    let env = sample_env();
    let bulk = export(&env, &["--format", "es-bulk", "--index-name", "news"]);
    let ndjson = export(&env, &["--format", "ndjson"]);
    assert!(bulk.ends_with(b"\n"), "a _bulk body ends with a newline");
    let lines = docs(&bulk);
    assert_eq!(lines.len() % 2, 0);
    let mut documents = Vec::new();
    for pair in lines.chunks(2) {
        let (action, doc) = (&pair[0], &pair[1]);
        assert_eq!(keys(action), BTreeSet::from(["index".to_string()]));
        assert_eq!(
            keys(&action["index"]),
            BTreeSet::from(["_id".to_string(), "_index".to_string()])
        );
        assert_eq!(action["index"]["_index"], "news");
        assert_eq!(action["index"]["_id"], doc["id"], "_id is the document id");
        documents.push(doc.clone());
    }
    assert_eq!(documents, docs(&ndjson), "the same documents as NDJSON");
    // The default index name.
    let first = export(&env, &["--format", "es-bulk"]);
    let first_line = text(&first).lines().next().map(str::to_string);
    assert!(
        first_line.is_some_and(|l| l.starts_with(r#"{"index":{"_index":"dateline","_id":"#)),
        "default index name"
    );
}

#[test]
fn the_same_archive_exports_to_the_same_bytes() {
    let env = sample_env();
    let corpus = sample_corpus();
    assert_same_lines(&export(&env, &[]), &export(&env, &[]), "index twice");
    assert_same_lines(
        &export_corpus(&env, &corpus, &[]),
        &export_corpus(&env, &corpus, &[]),
        "corpus twice",
    );
}

#[test]
fn the_corpus_and_the_index_built_from_it_export_the_same_bytes() {
    let env = sample_env();
    let corpus = sample_corpus();
    for format in ["ndjson", "es-bulk"] {
        let from_index = export(&env, &["--format", format]);
        let from_corpus = export_corpus(&env, &corpus, &["--format", format]);
        assert_same_lines(&from_index, &from_corpus, format);
    }
}

#[test]
fn duplicates_are_left_out_the_first_in_corpus_order_wins() {
    let env = Env::new();
    let story = article(
        "Floods in Zürich",
        "2019-01-04",
        "Heavy rain flooded the old town.",
    );
    env.write("b/original.txt", &story);
    env.write("a/earlier-copy.txt", &story); // sorts first: it is the one kept
    env.write("c/later-copy.txt", &story);
    env.write(
        "b/other.txt",
        article("Storm in Bern", "2019-01-05", "Wind tore roofs off."),
    );
    env.write("b/undated.txt", "Quiet day\n\nNothing happened in Basel.\n");
    env.rebuild();
    let from_index = export(&env, &[]);
    let from_corpus = export_corpus(&env, &env.corpus, &[]);
    assert_same_lines(&from_index, &from_corpus, "corpus vs index");
    let ids: Vec<String> = docs(&from_corpus)
        .iter()
        .map(|d| d["id"].as_str().expect("id").to_string())
        .collect();
    assert_eq!(
        ids,
        ["a/earlier-copy.txt", "b/other.txt", "b/undated.txt"],
        "one copy of the story, the first in path order"
    );
    let out = env.run(
        &["export"],
        &["--corpus", env.corpus.to_str().expect("utf-8")],
    );
    assert!(
        text(&out.stderr).contains("2 duplicates left out"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn out_writes_a_file_equal_to_stdout() {
    let env = sample_env();
    let file = env.dir.path().join("archive.ndjson");
    let out = env.run(
        &["export"],
        &[
            "--out",
            file.to_str().expect("utf-8"),
            "--format",
            "es-bulk",
        ],
    );
    assert_status(&out, 0);
    assert!(out.stdout.is_empty());
    let written = std::fs::read(&file).expect("the export file");
    assert_same_lines(
        &written,
        &export(&env, &["--format", "es-bulk", "--out", "-"]),
        "file vs stdout",
    );
    let leftovers: Vec<PathBuf> = std::fs::read_dir(env.dir.path())
        .expect("list")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn errors_are_one_line_and_leave_no_file() {
    let env = Env::new();
    let file = env.dir.path().join("archive.ndjson");
    let out = env.run(&["export"], &["--out", file.to_str().expect("utf-8")]);
    assert_error(&out, "no index at");
    assert_eq!(
        text(&out.stderr).lines().count(),
        1,
        "{}",
        text(&out.stderr)
    );
    assert!(!file.exists(), "a failed export leaves no file");

    let out = env.run(
        &["export"],
        &["--corpus", "/nonexistent/corpus", "--out", "-"],
    );
    assert_error(&out, "cannot read the corpus folder /nonexistent/corpus");

    env.write("a.txt", article("Title", "2019-01-04", "Body."));
    env.rebuild();
    let out = env.run(&["export"], &["--out", "/nonexistent/dir/archive.ndjson"]);
    assert_error(&out, "cannot write /nonexistent/dir/archive.ndjson");
    assert_eq!(
        text(&out.stderr).lines().count(),
        1,
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn an_empty_archive_exports_nothing_with_status_1() {
    let env = Env::new();
    let out = env.run(
        &["export"],
        &["--corpus", env.corpus.to_str().expect("utf-8")],
    );
    assert_status(&out, 1);
    assert!(out.stdout.is_empty());
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let env = sample_env();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("dateline"))
        .current_dir(env.dir.path())
        .env("DATELINE_NOW", NOW)
        .arg("export")
        .arg("--index")
        .arg(&env.index)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = [0u8; 100];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("some output");
    // The read end is closed now; the export (1.5 MB) cannot have fitted in the pipe.
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        !text(&out.stderr).contains("error"),
        "{}",
        text(&out.stderr)
    );
}

fn repo_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

#[test]
fn the_shipped_configs_name_exactly_the_exported_fields() {
    let env = Env::new();
    env.write("a.txt", article("Title", "2019-01-04", "Body."));
    env.rebuild();
    let exported = keys(&docs(&export(&env, &[]))[0]);

    // Quickwit.
    let yaml = std::fs::read_to_string(repo_file("deploy/quickwit/index-config.yaml"))
        .expect("deploy/quickwit/index-config.yaml");
    let qw: Value = serde_norway::from_str(&yaml).expect("the Quickwit config is YAML");
    let mapping = &qw["doc_mapping"];
    assert_eq!(mapping["mode"], "strict", "unknown fields are rejected");
    assert_eq!(mapping["timestamp_field"], "published_at");
    let fields: Vec<&Value> = mapping["field_mappings"]
        .as_array()
        .expect("field_mappings")
        .iter()
        .collect();
    let field = |name: &str| -> &Value {
        fields
            .iter()
            .find(|f| f["name"] == name)
            .unwrap_or_else(|| panic!("Quickwit maps no {name}"))
    };
    let names: BTreeSet<String> = fields
        .iter()
        .map(|f| f["name"].as_str().expect("name").to_string())
        .collect();
    assert_eq!(names.len(), fields.len(), "no field is mapped twice");
    assert_eq!(names, exported, "Quickwit fields = exported fields");
    for text_field in ["title", "body"] {
        let f = field(text_field);
        assert_eq!(f["type"], "text");
        assert_eq!(f["tokenizer"], "en_stem");
        assert_eq!(f["record"], "position", "{text_field} allows phrases");
    }
    let ts = field("published_at");
    assert_eq!(ts["type"], "datetime");
    assert_eq!(ts["fast"], true);
    for keyword in [
        "places",
        "place_prefixes",
        "focus",
        "focus_prefixes",
        "source",
        "author",
        "authors",
        "section",
        "language",
    ] {
        let f = field(keyword);
        assert_eq!(f["tokenizer"], "raw", "{keyword}");
        assert_eq!(f["fast"], true, "{keyword}");
    }
    assert_eq!(field("place_prefixes")["type"], "array<text>");
    assert_eq!(field("authors")["type"], "array<text>");

    // OpenSearch / Elasticsearch.
    let json = std::fs::read_to_string(repo_file("deploy/opensearch/mapping.json"))
        .expect("deploy/opensearch/mapping.json");
    let os: Value = serde_json::from_str(&json).expect("the OpenSearch mapping is JSON");
    let mappings = &os["mappings"];
    assert_eq!(mappings["dynamic"], "strict", "unknown fields are rejected");
    let props = mappings["properties"].as_object().expect("properties");
    let names: BTreeSet<String> = props.keys().cloned().collect();
    assert_eq!(names, exported, "OpenSearch fields = exported fields");
    let analyzers = os["settings"]["analysis"]["analyzer"]
        .as_object()
        .expect("analyzers");
    for text_field in ["title", "body"] {
        assert_eq!(props[text_field]["type"], "text");
        let a = props[text_field]["analyzer"].as_str().expect("analyzer");
        assert!(analyzers.contains_key(a), "{a} is defined");
    }
    assert_eq!(props["published_at"]["type"], "date");
    for keyword in [
        "id",
        "places",
        "place_prefixes",
        "focus",
        "focus_prefixes",
        "primary_place",
        "source",
        "author",
        "authors",
        "section",
        "language",
        "date_source",
        "content_hash",
    ] {
        assert_eq!(props[keyword]["type"], "keyword", "{keyword}");
        assert_ne!(props[keyword]["doc_values"], false, "{keyword}");
    }
}

/// Every value of a `"field"` key, anywhere in a JSON value.
fn field_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "field" {
                    if let Some(s) = x.as_str() {
                        out.push(s.to_string());
                    }
                }
                field_refs(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| field_refs(x, out)),
        _ => {}
    }
}

#[test]
fn the_guide_request_bodies_are_json_naming_exported_fields() {
    let guide = std::fs::read_to_string(repo_file("docs/scale-out.md")).expect("docs/scale-out.md");
    let fields: BTreeSet<&str> = EXPECTED_FIELDS.into_iter().collect();
    let mut blocks = 0;
    for block in guide.split("```json").skip(1) {
        let body = block.split("```").next().unwrap_or_default();
        let v: Value = serde_json::from_str(body)
            .unwrap_or_else(|e| panic!("a JSON example does not parse ({e}):\n{body}"));
        let mut refs = Vec::new();
        field_refs(&v, &mut refs);
        for r in refs {
            assert!(
                fields.contains(r.as_str()),
                "the guide aggregates on unknown field {r}"
            );
        }
        blocks += 1;
    }
    assert!(blocks >= 5, "the guide has its request bodies");
}

#[test]
fn after_an_incremental_ingest_the_export_has_the_new_text_once() {
    let env = Env::new();
    env.write(
        "a.txt",
        article("Floods in Bern", "2019-01-04", "Rain flooded the town."),
    );
    env.write(
        "b.txt",
        article("Storm in Basel", "2019-01-05", "Wind tore roofs off."),
    );
    env.rebuild();
    env.write(
        "a.txt",
        article(
            "Floods in Bern",
            "2019-01-04",
            "Rain flooded the old town; the river rose two metres.",
        ),
    );
    env.write(
        "c.txt",
        article("Snow in Chur", "2019-01-06", "Passes closed."),
    );
    assert_status(&env.ingest(&["--quiet"]), 0);
    let from_index = export(&env, &[]);
    let all = docs(&from_index);
    let ids: Vec<&str> = all.iter().map(|d| d["id"].as_str().expect("id")).collect();
    assert_eq!(ids, ["a.txt", "b.txt", "c.txt"]);
    assert!(all[0]["body"]
        .as_str()
        .is_some_and(|b| b.contains("two metres")));
    assert_same_lines(
        &from_index,
        &export_corpus(&env, &env.corpus, &[]),
        "ingested index vs corpus",
    );
}

#[test]
fn export_builds_the_default_index_first_like_the_queries() {
    let env = Env::new();
    env.write(
        "2024/06/23/a.txt",
        "Title: Storm in Derbent\n\nA storm hit Derbent.\n",
    );
    // No --index: the default `index/` beside `corpus/`, which does not exist yet.
    let out = env
        .cmd()
        .args(["export", "--format", "ndjson"])
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = std::str::from_utf8(&out.stdout)
        .expect("utf-8")
        .lines()
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("Storm in Derbent"), "{}", lines[0]);
}
