//! Date queries and calendar histograms through the binary.

mod common;
use common::*;
use serde_json::Value;

fn dated_env() -> Env {
    let env = Env::new();
    // Dates from every source: metadata, path, text; and a time zone that moves the day.
    env.write(
        "a.txt",
        article("Vote count begins", "2024-06-01", "Counting began."),
    );
    env.write(
        "b.txt",
        article("Vote count ends", "2024-06-30T23:30:00Z", "Counting ended."),
    );
    env.write(
        "c.txt",
        article(
            "Results announced",
            "2024-07-01T01:30:00+03:00",
            "The vote results came.",
        ),
    );
    env.write(
        "2024/05/31/d.txt",
        "Markets close early\n\nThe vote made markets nervous.\n",
    );
    env.write(
        "e.txt",
        "Storm hits coast\n\nSunday, June 16, 2024\n\nA storm hit the coast before the vote.\n",
    );
    env.write("f.txt", article("Old vote", "2023-12-31", "An old vote."));
    env.rebuild();
    env
}

fn periods(env: &Env, args: &[&str]) -> Vec<(String, u64)> {
    let mut a = vec!["--format", "json"];
    a.extend_from_slice(args);
    let out = env.run(&["facets", "dates"], &a);
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "{}",
        text(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["period"].as_str().unwrap().to_string(),
                p["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn each_source_is_recorded() {
    let env = dated_env();
    let v = env.search_json(&[]);
    let by_id = |id: &str| {
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(by_id("a.txt")["date_source"], "metadata");
    assert_eq!(by_id("2024/05/31/d.txt")["date_source"], "path");
    assert_eq!(
        by_id("2024/05/31/d.txt")["published"],
        "2024-05-31T00:00:00Z"
    );
    assert_eq!(by_id("e.txt")["date_source"], "text");
    assert_eq!(by_id("e.txt")["published"], "2024-06-16T00:00:00Z");
    // The time comes back as the publisher wrote it, offset included.
    assert_eq!(by_id("c.txt")["published"], "2024-07-01T01:30:00+03:00");
}

#[test]
fn to_a_month_runs_through_its_last_day() {
    let env = dated_env();
    // b.txt is 23:30 on June 30 (UTC); c.txt is 01:30 on July 1 in Moscow (22:30 on June 30 in UTC).
    assert_eq!(
        sorted(env.ids(&["--from", "2024-06", "--to", "2024-06"])),
        ["a.txt", "b.txt", "e.txt"]
    );
    assert_eq!(
        sorted(env.ids(&["--to", "2024-05-31"])),
        ["2024/05/31/d.txt", "f.txt"]
    );
    assert_eq!(
        sorted(env.ids(&["--from", "2024-06-30T23:00:00Z"])),
        ["b.txt"]
    );
    assert_eq!(env.ids(&["--on", "2024-06-16"]), ["e.txt"]);
    assert_eq!(env.ids(&["--on", "2023"]), ["f.txt"]);
}

#[test]
fn days_are_the_publishers_days_and_timestamps_instants() {
    let env = dated_env();
    // c.txt was published at 01:30 on July 1 in Moscow: a July 1 article, listed under that day...
    assert_eq!(env.ids(&["--on", "2024-07-01"]), ["c.txt"]);
    let out = env.run(&["search"], &["results"]);
    assert!(
        text(&out.stdout).starts_with("2024-07-01  Results announced"),
        "{}",
        text(&out.stdout)
    );
    // ... while a timestamp bound compares instants: 22:30 UTC on June 30 is before 23:00 UTC.
    assert_eq!(
        sorted(env.ids(&[
            "--from",
            "2024-06-30T00:00:00Z",
            "--to",
            "2024-06-30T23:00:00Z"
        ])),
        ["c.txt"]
    );
    assert_eq!(
        sorted(env.ids(&["--from", "2024-06-30T23:00:00Z"])),
        ["b.txt"]
    );
    assert_eq!(env.ids(&["vote", "--from", "2024"]).len(), 5);
}

#[test]
fn since_is_relative_to_the_pinned_clock() {
    // The harness pins the clock at 2024-07-01T12:00:00Z.
    let env = dated_env();
    assert_eq!(sorted(env.ids(&["--since", "2d"])), ["b.txt", "c.txt"]);
    assert_eq!(
        sorted(env.ids(&["--since", "3w"])),
        ["b.txt", "c.txt", "e.txt"]
    );
    assert_eq!(env.ids(&["--since", "1y"]).len(), 6);
}

#[test]
fn bad_dates_are_errors() {
    let env = dated_env();
    for (flag, value) in [
        ("--from", "June"),
        ("--to", "2024-13"),
        ("--since", "seven"),
        ("--on", "yesterday"),
    ] {
        let out = env.run(&["search"], &[flag, value]);
        assert_error(&out, flag);
    }
    assert_error(
        &env.run(&["search"], &["--from", "2024-07", "--to", "2024-06"]),
        "the date range is empty",
    );
}

#[test]
fn filters_do_not_change_scores() {
    let env = dated_env();
    let plain = env.search_json(&["vote"]);
    let filtered = env.search_json(&["vote", "--from", "2024-06", "--to", "2024-06"]);
    for h in filtered["hits"].as_array().unwrap() {
        let same = plain["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == h["id"])
            .unwrap();
        assert_eq!(h["score"], same["score"], "{}", h["id"]);
    }
}

#[test]
fn histogram_has_calendar_months_and_empty_periods() {
    let env = dated_env();
    assert_eq!(
        periods(&env, &["--by", "month"]),
        [
            ("2023-12".to_string(), 1),
            ("2024-01".to_string(), 0),
            ("2024-02".to_string(), 0),
            ("2024-03".to_string(), 0),
            ("2024-04".to_string(), 0),
            ("2024-05".to_string(), 1),
            ("2024-06".to_string(), 3),
            ("2024-07".to_string(), 1),
        ]
    );
    assert_eq!(
        periods(&env, &["--by", "year"]),
        [("2023".to_string(), 1), ("2024".to_string(), 5)]
    );
    let weeks = periods(
        &env,
        &["--by", "week", "--from", "2024-06-10", "--to", "2024-06-30"],
    );
    let expected = [("2024-W24", 1), ("2024-W25", 0), ("2024-W26", 1)];
    assert_eq!(weeks, expected.map(|(p, c)| (p.to_string(), c)));
}

#[test]
fn histogram_counts_agree_with_search_totals() {
    let env = dated_env();
    for filters in [
        vec![],
        vec!["vote"],
        vec!["--from", "2024-06"],
        vec!["vote", "--from", "2024-05-15", "--to", "2024-06-20"],
    ] {
        let sum: u64 = periods(&env, &[filters.clone(), vec!["--by", "day"]].concat())
            .iter()
            .map(|(_, c)| c)
            .sum();
        let total = env.search_json(&filters)["total"].as_u64().unwrap();
        assert_eq!(sum, total, "filters {filters:?}");
    }
}

#[test]
fn histogram_text_is_a_bar_chart() {
    let env = dated_env();
    let out = env.run(&["facets", "dates"], &["--by", "year"]);
    assert_status(&out, 0);
    let s = text(&out.stdout);
    let lines: Vec<&str> = s.lines().collect();
    assert_eq!(lines.len(), 2, "{s}");
    assert!(lines[0].starts_with("2023  1  █"), "{s}");
    assert!(lines[1].starts_with("2024  5  █"), "{s}");
    assert!(lines.iter().all(|l| l.chars().count() <= 80), "{s}");
}

#[test]
fn mtime_dates_are_marked_uncertain() {
    let env = Env::new();
    let path = env.write(
        "undated.txt",
        "A headline\n\nNo date anywhere in this text.\n",
    );
    // Before the harness's pinned "now", so the mtime is plausible.
    let mtime = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_718_000_000);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    env.rebuild();
    let v = env.search_json(&[]);
    assert_eq!(v["hits"][0]["date_source"], "mtime");
    let out = env.run(&["search"], &[]);
    assert!(text(&out.stdout).starts_with('~'), "{}", text(&out.stdout));
}

#[test]
fn a_files_unambiguous_dates_settle_its_ambiguous_ones() {
    let env = Env::new();
    // Day-first: row 3 can only be 23 June, so rows 1 and 2 (waiting for it) are 3 July and 4 August.
    env.write(
        "eu.csv",
        "title,date,body\nA,03/07/2024,Vote one.\nB,04/08/2024,Vote two.\nC,23/06/2024,Vote three.\nD,05/09/2024,Vote four.\n",
    );
    // Month-first, shown by the first row.
    env.write(
        "us.csv",
        "title,date,body\nE,06/23/2024,Vote five.\nF,03/07/2024,Vote six.\n",
    );
    // Both orders in one file: nothing is settled, the ambiguous row is not guessed.
    env.write(
        "mixed.csv",
        "title,date,body\nG,23/06/2024,Vote seven.\nH,06/23/2024,Vote eight.\nI,03/07/2024,Vote nine.\n",
    );
    // One ambiguous date alone settles nothing either.
    env.write("alone.txt", article("Vote ten", "03/07/2024", "Vote ten."));
    // A clock after the files' modification times, so that the fallback to them is visible.
    let corpus = env.corpus.to_str().unwrap_or_default().to_string();
    let out = env.run_at("2100-01-01T00:00:00Z", &["rebuild"], &["--corpus", &corpus]);
    assert_status(&out, 0);
    let err = text(&out.stderr);
    let v = env.search_json(&["vote", "--sort", "oldest"]);
    let published = |id: &str| -> (String, String) {
        let h = v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["id"] == id)
            .unwrap_or_else(|| panic!("{id} missing"));
        (
            h["published"].as_str().unwrap_or("").to_string(),
            h["date_source"].as_str().unwrap_or("").to_string(),
        )
    };
    let meta = |d: &str| (format!("{d}T00:00:00Z"), "metadata".to_string());
    assert_eq!(published("eu.csv#1"), meta("2024-07-03"));
    assert_eq!(published("eu.csv#2"), meta("2024-08-04"));
    assert_eq!(published("eu.csv#3"), meta("2024-06-23"));
    assert_eq!(published("eu.csv#4"), meta("2024-09-05"));
    assert_eq!(published("us.csv#2"), meta("2024-03-07"));
    assert_eq!(published("mixed.csv#3").1, "mtime");
    assert_eq!(published("alone.txt").1, "mtime");
    assert!(
        err.contains("mixed.csv: date \"03/07/2024\" (metadata) is ambiguous"),
        "{err}"
    );
    assert!(
        err.contains("alone.txt: date \"03/07/2024\" (metadata) is ambiguous"),
        "{err}"
    );
    assert!(!err.contains("eu.csv"), "{err}");
    // Given explicitly, the order wins over what a file shows.
    let out = env.run(&["rebuild"], &["--corpus", &corpus, "--month-first"]);
    assert_status(&out, 0);
    let v = env.search_json(&["vote"]);
    let eu1 = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "eu.csv#1")
        .unwrap()["published"]
        .clone();
    assert_eq!(eu1, "2024-03-07T00:00:00Z");
}
