//! Incremental ingest, duplicates, crash safety and concurrent readers, through the binary.

mod common;
use common::*;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn total(env: &Env) -> u64 {
    env.search_json(&["--limit", "0"])["total"]
        .as_u64()
        .unwrap()
}

fn stderr_of(out: &std::process::Output) -> String {
    text(&out.stderr)
}

#[test]
fn ingest_adds_changes_removes_and_renames() {
    let env = Env::new();
    env.write(
        "a.txt",
        article(
            "Floods in Zürich",
            "2019-01-04",
            "Heavy rain flooded the old town.",
        ),
    );
    env.write(
        "b.txt",
        article(
            "Oil prices rise",
            "2020-06-01",
            "Oil prices rose on Monday.",
        ),
    );
    let out = env.ingest(&[]);
    assert_status(&out, 0);
    assert_eq!(total(&env), 2);

    // Nothing changed: no indexing work, and it says so.
    let out = env.ingest(&[]);
    assert_status(&out, 0);
    assert!(
        stderr_of(&out).contains("nothing changed"),
        "{}",
        stderr_of(&out)
    );
    assert!(
        stderr_of(&out).contains("unchanged: 2 files"),
        "{}",
        stderr_of(&out)
    );

    // Add, change, delete, rename.
    env.write(
        "c.txt",
        article(
            "Election results",
            "2021-03-01",
            "The ruling party won the election.",
        ),
    );
    std::thread::sleep(Duration::from_millis(20));
    env.write(
        "a.txt",
        article(
            "Floods in Geneva",
            "2019-01-05",
            "Heavy rain flooded the lake shore.",
        ),
    );
    std::fs::remove_file(env.corpus.join("b.txt")).unwrap();
    env.write("d.txt", "placeholder");
    std::fs::rename(env.corpus.join("d.txt"), env.corpus.join("e.txt")).unwrap();
    env.write(
        "e.txt",
        article("Storm warning", "2021-04-01", "A storm is coming."),
    );

    let dry = env.ingest(&["--dry-run"]);
    assert_status(&dry, 0);
    let plan = text(&dry.stdout);
    assert!(plan.contains("add     c.txt"), "{plan}");
    assert!(plan.contains("add     e.txt"), "{plan}");
    assert!(plan.contains("check   a.txt"), "{plan}");
    assert!(plan.contains("remove  b.txt"), "{plan}");
    assert_eq!(total(&env), 2, "a dry run changes nothing");

    assert_status(&env.ingest(&[]), 0);
    assert_eq!(total(&env), 3);
    assert_eq!(env.ids(&["geneva"]), ["a.txt"]);
    assert!(
        env.ids(&["zurich"]).is_empty(),
        "the old version of a.txt is gone"
    );
    assert!(env.ids(&["oil"]).is_empty(), "b.txt was deleted");
    assert_eq!(env.ids(&["storm"]), ["e.txt"]);

    // A rename is a removal and an addition.
    std::fs::rename(env.corpus.join("e.txt"), env.corpus.join("f.txt")).unwrap();
    assert_status(&env.ingest(&[]), 0);
    assert_eq!(env.ids(&["storm"]), ["f.txt"]);
    assert_eq!(total(&env), 3);

    // And the result is what a rebuild gives.
    let after_ingest = env.ids(&[]);
    env.rebuild();
    assert_eq!(env.ids(&[]), after_ingest);
}

fn set_mtime(path: &std::path::Path, secs: u64) {
    let t = std::time::UNIX_EPOCH + Duration::from_secs(secs);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(t)
        .unwrap();
}

#[test]
fn a_touched_file_is_not_reindexed_unless_its_date_is_its_mtime() {
    let env = Env::new();
    let dated = env.write(
        "dated.txt",
        article(
            "Floods in Zürich",
            "2019-01-04",
            "Heavy rain flooded the old town.",
        ),
    );
    let undated = env.write(
        "undated.txt",
        "Storm warning\n\nA storm is coming, forecasters said.\n",
    );
    set_mtime(&undated, 1_700_000_000); // 2023-11-14, before the harness's pinned now
    assert_status(&env.ingest(&[]), 0);
    assert_eq!(
        env.search_json(&["storm"])["hits"][0]["published"],
        "2023-11-14T22:13:20Z"
    );

    // A fresh checkout or a copy gives every file a new mtime and the same bytes.
    set_mtime(&dated, 1_710_000_000);
    set_mtime(&undated, 1_710_000_000); // 2024-03-09
    let out = env.ingest(&[]);
    assert_status(&out, 0);
    let err = stderr_of(&out);
    assert!(
        err.contains("touched: 1 file with a new modification time but the same content"),
        "{err}"
    );
    assert!(err.contains("indexed 1 article from"), "{err}");
    // The article dated by its mtime moved with it; the other kept its metadata date.
    assert_eq!(
        env.search_json(&["storm"])["hits"][0]["published"],
        "2024-03-09T16:00:00Z"
    );
    assert_eq!(
        env.search_json(&["floods"])["hits"][0]["published"],
        "2019-01-04T00:00:00Z"
    );
    assert_eq!(total(&env), 2);
    assert!(stderr_of(&env.ingest(&[])).contains("nothing changed"));
}

#[test]
fn duplicates_are_indexed_once_and_counted() {
    let env = Env::new();
    let story = article(
        "Floods in Zürich",
        "2019-01-04",
        "Heavy rain flooded the old town.",
    );
    env.write("a/original.txt", &story);
    env.write("b/copy.txt", &story);
    env.write(
        "c/other.txt",
        article("Oil prices rise", "2020-06-01", "Oil prices rose."),
    );
    let out = env.run(&["rebuild"], &["--corpus", env.corpus.to_str().unwrap()]);
    assert_status(&out, 0);
    assert!(
        stderr_of(&out).contains("duplicates: 1"),
        "{}",
        stderr_of(&out)
    );
    assert!(
        stderr_of(&out).contains("b/copy.txt = a/original.txt"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(env.ids(&["floods"]), ["a/original.txt"]);

    let out = env.run(&["stats"], &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["duplicates"], 1);
    assert_eq!(v["duplicate_examples"][0]["id"], "b/copy.txt");
    assert_eq!(v["duplicate_examples"][0]["of"], "a/original.txt");

    // When the original goes, the copy takes its place.
    std::fs::remove_file(env.corpus.join("a/original.txt")).unwrap();
    assert_status(&env.ingest(&[]), 0);
    assert_eq!(env.ids(&["floods"]), ["b/copy.txt"]);
    let out = env.run(&["stats"], &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["duplicates"], 0);
}

fn big_corpus(env: &Env, from: usize, to: usize) {
    for i in from..to {
        let body = format!("Report number {i}. ").repeat(40)
            + "The harbour was busy and the market was open.";
        env.write(
            &format!("batch/{:03}/{i:06}.txt", i / 500),
            article(&format!("Harbour report {i}"), "2020-02-02", &body),
        );
    }
}

fn spawn(env: &Env, sub: &str) -> std::process::Child {
    Command::new(assert_cmd::cargo::cargo_bin("dateline"))
        .current_dir(env.dir.path())
        .env("DATELINE_NOW", NOW)
        .args([sub, "--quiet", "--commit-every", "1", "--corpus"])
        .arg(&env.corpus)
        .arg("--index")
        .arg(&env.index)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Kills a child with SIGKILL after `after`, if it is still running.
fn kill_after(child: &mut std::process::Child, after: Duration) {
    let start = Instant::now();
    while start.elapsed() < after {
        if child.try_wait().unwrap().is_some() {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    // std's kill sends SIGKILL on Unix: the process gets no chance to clean up.
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn killing_a_rebuild_keeps_the_old_index_and_ingest_finishes_the_work() {
    let env = Env::new();
    big_corpus(&env, 0, 200);
    env.rebuild();
    assert_eq!(total(&env), 200);
    big_corpus(&env, 200, 3000);
    for delay in [50, 300, 900] {
        let mut child = spawn(&env, "rebuild");
        kill_after(&mut child, Duration::from_millis(delay));
        // Whatever the moment, the index opens and answers: the old one, or the new one if the rebuild finished.
        let n = total(&env);
        assert!(
            n == 200 || n == 3000,
            "after a kill at {delay} ms: {n} articles"
        );
    }
    assert_status(&env.ingest(&["--quiet"]), 0);
    assert_eq!(total(&env), 3000);
    assert_eq!(env.ids(&["\"report number 2999\""]).len(), 1);
}

#[test]
fn killing_an_ingest_keeps_a_working_index_and_the_next_ingest_completes() {
    let env = Env::new();
    big_corpus(&env, 0, 200);
    env.rebuild();
    big_corpus(&env, 200, 4000);
    for delay in [100, 700, 1500] {
        let mut child = spawn(&env, "ingest");
        kill_after(&mut child, Duration::from_millis(delay));
        let n = total(&env);
        assert!(
            (200..=4000).contains(&n),
            "after a kill at {delay} ms: {n} articles"
        );
    }
    assert_status(&env.ingest(&["--quiet"]), 0);
    assert_eq!(total(&env), 4000);
    // Nothing is indexed twice.
    assert_eq!(env.ids(&["\"report number 3999\""]).len(), 1);
    assert_eq!(env.ids(&["\"report number 0\""]).len(), 1);
    let again = env.ingest(&[]);
    assert!(
        stderr_of(&again).contains("nothing changed"),
        "{}",
        stderr_of(&again)
    );
}

#[test]
fn searching_while_an_ingest_runs_works() {
    let env = Env::new();
    big_corpus(&env, 0, 100);
    env.rebuild();
    big_corpus(&env, 100, 3000);
    let mut child = spawn(&env, "ingest");
    let mut searches = 0;
    while child.try_wait().unwrap().is_none() {
        let out = env.run(
            &["search"],
            &["harbour", "--format", "json", "--limit", "1"],
        );
        assert_status(&out, 0);
        searches += 1;
    }
    assert!(child.wait().unwrap().success());
    assert!(searches > 0);
    assert_eq!(total(&env), 3000);
}

#[test]
fn two_writers_at_once_the_second_is_busy() {
    let env = Env::new();
    big_corpus(&env, 0, 3000);
    let mut first = spawn(&env, "rebuild");
    // Wait until the first writer holds the lock, as a second process would find it.
    let lock_path = env.index.join(".lock");
    let start = Instant::now();
    let mut held = false;
    while start.elapsed() < Duration::from_secs(30) && first.try_wait().unwrap().is_none() {
        if let Ok(f) = std::fs::File::options().write(true).open(&lock_path) {
            if matches!(f.try_lock(), Err(std::fs::TryLockError::WouldBlock)) {
                held = true;
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(held, "the first writer should hold the lock while it runs");
    let second = env.ingest(&[]);
    let first_ok = first.wait().unwrap().success();
    assert!(first_ok);
    // The first writer may have finished in the meantime on a fast machine; while it ran, the second was refused.
    if second.status.code() == Some(2) {
        assert!(
            stderr_of(&second).contains("is busy"),
            "{}",
            stderr_of(&second)
        );
    } else {
        assert_status(&second, 0);
    }
}

#[test]
fn ingest_reads_as_the_index_was_built_and_refuses_other_settings() {
    let env = Env::new();
    let corpus = env.corpus.to_str().unwrap().to_string();
    env.write("news.jsonl", huffpost_like(27));
    env.write(
        "notes.txt",
        article(
            "Ferry timetable",
            "03/04/2024",
            "The ferry runs twice a day.",
        ),
    );
    let map = ["--map", "body=short_description", "--day-first"];
    let out = env.run(
        &["rebuild"],
        &[&["--corpus", corpus.as_str()][..], &map].concat(),
    );
    assert_status(&out, 0);
    assert!(
        !stderr_of(&out).contains("title only"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(total(&env), 31);
    // stats shows how the index was read.
    let out = env.run(&["stats"], &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["settings"],
        serde_json::json!({"map": "body=short_description", "day-first": true})
    );
    let out = env.run(&["stats"], &[]);
    assert!(
        text(&out.stdout).contains("read with     --day-first --map body=short_description"),
        "{}",
        text(&out.stdout)
    );

    // The export grows and a plain ingest reads the changed file with the index's map: every article stays,
    // and the new one has its text.
    let mut grown = huffpost_like(27);
    grown.push_str(r#"{"link": "https://news.example/entry/lighthouse_n_900", "headline": "Lighthouse keeper retires", "category": "U.S. NEWS", "short_description": "After forty years at the lamp, the keeper handed the keys to the coastguard.", "authors": "Ann Lee", "date": "2022-09-24"}"#);
    grown.push('\n');
    env.write("news.jsonl", grown);
    env.write(
        "more.txt",
        article("Ferry fares rise", "05/04/2024", "Fares go up in spring."),
    );
    let out = env.ingest(&[]);
    assert_status(&out, 0);
    assert!(!stderr_of(&out).contains("warning"), "{}", stderr_of(&out));
    assert_eq!(total(&env), 33);
    assert_eq!(env.ids(&["coastguard"]), ["news.jsonl#31"]);
    // --day-first came from the index too: 05/04/2024 is the 5th of April.
    assert_eq!(
        env.search_json(&["fares"])["hits"][0]["published"],
        "2024-04-05T00:00:00Z"
    );

    // Flags that agree are fine; others are an error that says to rebuild, and change nothing.
    assert_status(&env.ingest(&["--day-first"]), 0);
    let out = env.ingest(&["--month-first"]);
    assert_error(&out, "and this ingest asks for --month-first");
    assert!(
        stderr_of(&out).contains("run `dateline rebuild --month-first`"),
        "{}",
        stderr_of(&out)
    );
    let out = env.ingest(&["--map", "body=headline"]);
    assert_error(
        &out,
        "the index was read with --day-first --map body=short_description",
    );
    assert_eq!(total(&env), 33);

    // A rebuild without the flags reads without them, and says what the old index had.
    let out = env.run(&["rebuild"], &["--corpus", corpus.as_str()]);
    assert_status(&out, 0);
    assert!(
        stderr_of(&out).contains("the index being replaced was read with --day-first --map body=short_description; this rebuild reads with (defaults)"),
        "{}",
        stderr_of(&out)
    );
    assert!(
        stderr_of(&out).contains("title only: 31 articles"),
        "{}",
        stderr_of(&out)
    );
}
