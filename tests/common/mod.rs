//! The test harness: a temporary corpus and index, the real binary, and assertions that show what was expected
//! and what came out.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The clock every test runs at, so `--since` and "not in the future" are repeatable.
pub const NOW: &str = "2024-07-01T12:00:00Z";

/// A temporary corpus folder and index folder.
pub struct Env {
    pub dir: tempfile::TempDir,
    pub corpus: PathBuf,
    pub index: PathBuf,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let corpus = dir.path().join("corpus");
        let index = dir.path().join("index");
        std::fs::create_dir_all(&corpus).expect("corpus dir");
        Env { dir, corpus, index }
    }

    /// Writes a corpus file (folders created as needed).
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.corpus.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, content).expect("write");
        path
    }

    /// The binary, run in the temp dir with a pinned clock and no colors.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("dateline").expect("binary");
        c.current_dir(self.dir.path())
            .env("DATELINE_NOW", NOW)
            .env("NO_COLOR", "1")
            .env_remove("DATELINE_INDEX")
            .env_remove("DATELINE_CORPUS");
        c
    }

    /// `dateline <sub> --index <index> args...`
    pub fn run(&self, sub: &[&str], args: &[&str]) -> Output {
        let mut c = self.cmd();
        c.args(sub).arg("--index").arg(&self.index).args(args);
        c.output().expect("run")
    }

    /// Like `run`, with the clock pinned at `now` instead of `NOW`.
    pub fn run_at(&self, now: &str, sub: &[&str], args: &[&str]) -> Output {
        let mut c = self.cmd();
        c.env("DATELINE_NOW", now)
            .args(sub)
            .arg("--index")
            .arg(&self.index)
            .args(args);
        c.output().expect("run")
    }

    pub fn rebuild(&self) -> Output {
        let out = self.run(
            &["rebuild"],
            &["--corpus", self.corpus.to_str().expect("utf-8")],
        );
        assert_status(&out, 0);
        out
    }

    pub fn ingest(&self, extra: &[&str]) -> Output {
        let mut args = vec!["--corpus", self.corpus.to_str().expect("utf-8")];
        args.extend_from_slice(extra);
        self.run(&["ingest"], &args)
    }

    /// `search ... --format json`, parsed.
    pub fn search_json(&self, args: &[&str]) -> Value {
        let mut a: Vec<&str> = args.to_vec();
        a.extend(["--format", "json"]);
        if !args.contains(&"--limit") {
            a.extend(["--limit", "1000"]);
        }
        let out = self.run(&["search"], &a);
        let code = out.status.code();
        assert!(
            code == Some(0) || code == Some(1),
            "search {args:?} failed:\n{}",
            text(&out.stderr)
        );
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("bad JSON ({e}):\n{}", text(&out.stdout)))
    }

    /// The ids `search` returns, in order.
    pub fn ids(&self, args: &[&str]) -> Vec<String> {
        ids_of(&self.search_json(args))
    }
}

pub fn ids_of(v: &Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["id"].as_str().expect("id").to_string())
        .collect()
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

pub fn assert_status(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "expected exit {code}, got {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        text(&out.stdout),
        text(&out.stderr)
    );
}

/// Asserts a failure with exit 2 whose stderr contains `needle`.
pub fn assert_error(out: &Output, needle: &str) {
    assert_status(out, 2);
    let err = text(&out.stderr);
    assert!(
        err.contains(needle),
        "stderr should contain {needle:?}, got:\n{err}"
    );
    assert!(!err.contains("panicked"), "a panic:\n{err}");
}

/// The repository's sample corpus.
pub fn sample_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// `../shared`, or `None` with a message saying the test is skipped (a fresh clone has no ../shared).
pub fn shared(what: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!(
            "skipping {what}: ../shared is not here (it holds the research corpora; CI has it)"
        );
        None
    }
}

/// An article as a plain-text file with a header block.
pub fn article(title: &str, date: &str, body: &str) -> String {
    format!("Title: {title}\nDate: {date}\n\n{body}\n")
}

/// Lines of a JSON Lines export shaped like HuffPost's news-category dump (`link`, `headline`, `category`,
/// `short_description`, `authors`, `date`), with records made up here: three stories, then `weekly` issues of
/// one column under the same headline, each with its own link and date and the same short description.
pub fn huffpost_like(weekly: usize) -> String {
    let mut lines = vec![
        r#"{"link": "https://news.example/entry/harbour-reopens_n_1", "headline": "Harbour reopens after the storm", "category": "U.S. NEWS", "short_description": "Ferries ran again on Monday after a week in which the storm kept every boat in port.", "authors": "Ann Lee", "date": "2022-09-23"}"#.to_string(),
        r#"{"link": "https://news.example/entry/council-budget_n_2", "headline": "Council passes the school budget", "category": "POLITICS", "short_description": "The council voted seven to two for a budget that raises school spending next year.", "authors": "Bo Chen, Contributor", "date": "2022-09-22"}"#.to_string(),
        r#"{"link": "https://news.example/entry/senate-vote_n_3", "headline": "Senate delays the transport vote", "category": "POLITICS", "short_description": "Senators put off the vote on the transport bill until after the recess, aides said.", "authors": "Ann Lee and Cy Dee", "date": "2022-09-21"}"#.to_string(),
    ];
    for i in 0..weekly {
        let day = chrono::NaiveDate::from_ymd_opt(2022, 1, 7).expect("date")
            + chrono::Days::new(7 * i as u64);
        lines.push(format!(
            r#"{{"link": "https://news.example/entry/parents-tweets-week_n_{}", "headline": "The funniest tweets from parents this week", "category": "PARENTING", "short_description": "Parents on social media had plenty to say this week.", "authors": "Di Eng", "date": "{day}"}}"#,
            100 + i
        ));
    }
    lines.join("\n") + "\n"
}
