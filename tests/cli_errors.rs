//! The errors a user meets: each one line naming the thing and what to do, exit status 2, never a panic.

mod common;
use common::*;

fn small_env() -> Env {
    let env = Env::new();
    env.write(
        "a.txt",
        article(
            "Floods in Zürich",
            "2019-01-04",
            "Heavy rain flooded the old town.",
        ),
    );
    env.rebuild();
    env
}

#[test]
fn a_query_syntax_error_points_at_the_column() {
    let env = small_env();
    let out = env.run(&["search"], &["floods \"old town"]);
    assert_error(
        &out,
        "query syntax error at column 8: this quote is never closed",
    );
    assert!(
        text(&out.stderr).contains("         ^"),
        "{}",
        text(&out.stderr)
    );
    assert_error(
        &env.run(&["search"], &["(floods"]),
        "this parenthesis is never closed",
    );
    assert_error(
        &env.run(&["search"], &["autor:smith"]),
        "unknown field \"autor\"",
    );
}

#[test]
fn an_unknown_place_suggests_the_nearest_names() {
    let env = small_env();
    assert_error(
        &env.run(&["search"], &["floods", "--place", "Swizterland"]),
        "--place \"Swizterland\": no such place in the gazetteer; did you mean /Switzerland?",
    );
    assert_error(
        &env.run(&["facets", "places"], &["--about", "Xqzzy"]),
        "--about \"Xqzzy\": no such place in the gazetteer; give a name like Derbent",
    );
}

#[test]
fn a_missing_index_says_how_to_build_it() {
    let env = Env::new();
    let out = env.run(&["search"], &["floods"]);
    assert_error(&out, "no index at");
    assert!(text(&out.stderr).contains("dateline rebuild"));
}

#[test]
fn a_missing_corpus_names_it() {
    let env = Env::new();
    let out = env.run(&["rebuild"], &["--corpus", "/nonexistent/corpus"]);
    assert_error(&out, "cannot read the corpus folder /nonexistent/corpus");
}

#[test]
fn an_incompatible_index_says_to_rebuild() {
    let env = small_env();
    let current = std::fs::read_to_string(env.index.join("CURRENT")).unwrap();
    let info = env.index.join(current.trim()).join("dateline.json");
    std::fs::write(&info, r#"{"format": 999, "created_by": "9.9.9"}"#).unwrap();
    let out = env.run(&["search"], &["floods"]);
    assert_error(&out, "incompatible version of dateline");
    assert!(text(&out.stderr).contains("rebuild"));
}

#[test]
fn a_damaged_index_says_to_rebuild() {
    let env = small_env();
    std::fs::write(env.index.join("CURRENT"), "nonsense\n").unwrap();
    assert_error(&env.run(&["search"], &["floods"]), "is damaged");
}

#[test]
fn a_reading_setting_this_version_does_not_know_makes_the_index_incompatible() {
    let env = small_env();
    let current = std::fs::read_to_string(env.index.join("CURRENT")).unwrap();
    let info = env.index.join(current.trim()).join("dateline.json");
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&info).unwrap()).unwrap();
    v["settings"] = serde_json::json!({"date-from-moon": true});
    std::fs::write(&info, v.to_string()).unwrap();
    // Never read (or updated) with half its settings: rebuild it.
    for out in [env.run(&["search"], &["floods"]), env.ingest(&[])] {
        assert_error(&out, "incompatible version of dateline");
        assert_error(&out, "rebuild it");
    }
}

#[test]
fn a_locked_index_is_busy() {
    let env = small_env();
    let lock = std::fs::File::options()
        .write(true)
        .open(env.index.join(".lock"))
        .unwrap();
    lock.try_lock().unwrap();
    let out = env.run(&["rebuild"], &["--corpus", env.corpus.to_str().unwrap()]);
    assert_error(&out, "is busy");
    let out = env.ingest(&[]);
    assert_error(&out, "is busy");
    // Readers need no lock.
    assert_status(&env.run(&["search"], &["floods"]), 0);
    drop(lock);
    assert_status(
        &env.run(&["rebuild"], &["--corpus", env.corpus.to_str().unwrap()]),
        0,
    );
}

#[test]
fn bad_flags_are_errors() {
    let env = small_env();
    let out = env.run(&["search"], &["--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let out = env.run(&["search"], &["--limit", "ten"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_failed_rebuild_keeps_the_old_index() {
    let env = small_env();
    let before = env.search_json(&["floods"]);
    // The corpus vanishes: the rebuild fails...
    std::fs::rename(&env.corpus, env.dir.path().join("gone")).unwrap();
    let out = env.run(&["rebuild"], &["--corpus", env.corpus.to_str().unwrap()]);
    assert_error(&out, "cannot read the corpus folder");
    // ... and the previous index answers as before.
    assert_eq!(env.search_json(&["floods"]), before);
    assert_eq!(ids_of(&before), ["a.txt"]);
}
