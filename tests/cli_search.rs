//! End to end through the binary: rebuild a corpus, then query it the ways the README promises.

mod common;
use common::*;

fn news_env() -> Env {
    let env = Env::new();
    env.write(
        "2024/06/23/derbent.txt",
        article(
            "Gunmen attack synagogue and church in Derbent",
            "2024-06-23",
            "Gunmen attacked a synagogue and an Orthodox church in Derbent and Makhachkala on Sunday evening.\n\n\
             Police officers were killed in the attacks.",
        ),
    );
    env.write(
        "2024/03/22/crocus.txt",
        article(
            "Concert hall attack near Moscow",
            "2024-03-22",
            "Gunmen opened fire at Crocus City Hall, a concert venue near Moscow. Scores were killed.",
        ),
    );
    env.write(
        "2019/01/04/zurich.txt",
        article(
            "Floods in Zürich",
            "2019-01-04",
            "Heavy rain flooded the old town of Zürich. The river Limmat rose quickly.",
        ),
    );
    env.write(
        "2020/05/01/rates.txt",
        article(
            "Central bank cuts interest rates",
            "2020-05-01",
            "The central bank cut interest rates by half a point. Analysts expect further rates cuts.",
        ),
    );
    env.write(
        "2020/06/01/prices.txt",
        article(
            "Oil prices rise",
            "2020-06-01",
            "Oil prices rose on Monday. Interest in rates was low, traders said.",
        ),
    );
    env.rebuild();
    env
}

#[test]
fn the_sample_corpus_finds_the_seed() {
    let env = Env::new();
    let out = env.run(
        &["rebuild"],
        &["--corpus", sample_corpus().to_str().unwrap()],
    );
    assert_status(&out, 0);
    let ids = env.ids(&["Makhachkala"]);
    assert!(
        ids.contains(&"2024/06/23/islamic-state-isis-has-hit-russia-with-multiple.txt".to_string()),
        "{ids:?}"
    );
    let out = env.run(&["search"], &["synagogue", "fire"]);
    assert_status(&out, 0);
    assert!(
        text(&out.stdout).contains("2024-06-23"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn all_words_must_match() {
    let env = news_env();
    assert_eq!(
        env.ids(&["gunmen", "synagogue"]),
        ["2024/06/23/derbent.txt"]
    );
    assert_eq!(env.ids(&["gunmen synagogue"]), ["2024/06/23/derbent.txt"]);
}

#[test]
fn phrase_exclusion_or_field_prefix() {
    let env = news_env();
    // The phrase needs the words together: "Interest in rates" does not count.
    assert_eq!(env.ids(&["\"interest rates\""]), ["2020/05/01/rates.txt"]);
    let mut both = env.ids(&["interest", "rates"]);
    both.sort();
    assert_eq!(both, ["2020/05/01/rates.txt", "2020/06/01/prices.txt"]);
    assert_eq!(env.ids(&["interest rates -oil"]), ["2020/05/01/rates.txt"]);
    let mut either = env.ids(&["synagogue OR flooded"]);
    either.sort();
    assert_eq!(either, ["2019/01/04/zurich.txt", "2024/06/23/derbent.txt"]);
    // Moscow is only in the body of one article and the title of none.
    assert_eq!(env.ids(&["title:moscow"]), ["2024/03/22/crocus.txt"]);
    assert!(env.ids(&["title:scores"]).is_empty());
    assert_eq!(env.ids(&["body:scores"]), ["2024/03/22/crocus.txt"]);
    assert_eq!(env.ids(&["synag*"]), ["2024/06/23/derbent.txt"]);
    let mut grouped = env.ids(&["gunmen (synagogue OR concert)"]);
    grouped.sort();
    assert_eq!(grouped, ["2024/03/22/crocus.txt", "2024/06/23/derbent.txt"]);
}

#[test]
fn phrase_slop_and_lone_punctuation() {
    let env = news_env();
    // The body says "a synagogue and an Orthodox church": three words between them.
    assert!(env.ids(&["\"synagogue church\""]).is_empty());
    assert!(env.ids(&["body:\"synagogue church\"~2"]).is_empty());
    assert_eq!(
        env.ids(&["body:\"synagogue church\"~3"]),
        ["2024/06/23/derbent.txt"]
    );
    // The title says "synagogue and church".
    assert_eq!(
        env.ids(&["\"synagogue church\"~1"]),
        ["2024/06/23/derbent.txt"]
    );
    // A dash, an ampersand or an ellipsis between words is no word: it must not empty the result.
    for q in [
        "gunmen - synagogue",
        "gunmen – synagogue",
        "gunmen & synagogue",
        "gunmen ... synagogue",
    ] {
        assert_eq!(env.ids(&[q]), ["2024/06/23/derbent.txt"], "{q}");
    }
    let mut either = env.ids(&["(& OR synagogue OR flooded) -&"]);
    either.sort();
    assert_eq!(either, ["2019/01/04/zurich.txt", "2024/06/23/derbent.txt"]);
    // Punctuation alone has nothing to search for.
    assert!(env.ids(&["&"]).is_empty());
    // A bad slop is a syntax error at the `~`.
    let out = env.run(&["search"], &["\"synagogue church\"~many"]);
    assert_status(&out, 2);
    assert!(
        text(&out.stderr).contains("column 19"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn folding_and_stemming() {
    let env = news_env();
    assert_eq!(env.ids(&["zurich"]), ["2019/01/04/zurich.txt"]);
    assert_eq!(env.ids(&["ZÜRICH"]), ["2019/01/04/zurich.txt"]);
    // "attacks" finds "attacked" and "attack".
    let mut a = env.ids(&["attacks"]);
    a.sort();
    assert_eq!(a, ["2024/03/22/crocus.txt", "2024/06/23/derbent.txt"]);
}

#[test]
fn sort_orders() {
    let env = news_env();
    let all = [
        "2024/06/23/derbent.txt",
        "2024/03/22/crocus.txt",
        "2020/06/01/prices.txt",
        "2020/05/01/rates.txt",
        "2019/01/04/zurich.txt",
    ];
    assert_eq!(env.ids(&[]), all, "no query lists everything, newest first");
    assert_eq!(env.ids(&["--sort", "newest"]), all);
    let mut oldest = all;
    oldest.reverse();
    assert_eq!(env.ids(&["--sort", "oldest"]), oldest);
    assert_eq!(
        env.ids(&["attack", "--sort", "newest"]),
        ["2024/06/23/derbent.txt", "2024/03/22/crocus.txt"]
    );
    assert_eq!(
        env.ids(&["attack", "--sort", "oldest"]),
        ["2024/03/22/crocus.txt", "2024/06/23/derbent.txt"]
    );
}

#[test]
fn limit_and_offset_page_through_hits() {
    let env = news_env();
    let page = env.search_json(&["--limit", "2", "--offset", "1"]);
    assert_eq!(page["total"], 5);
    assert_eq!(
        ids_of(&page),
        ["2024/03/22/crocus.txt", "2020/06/01/prices.txt"]
    );
}

#[test]
fn json_jsonl_and_csv_carry_every_field() {
    let env = news_env();
    let v = env.search_json(&["synagogue"]);
    assert_eq!(v["total"], 1);
    let hit = &v["hits"][0];
    for key in [
        "id",
        "title",
        "published",
        "date_source",
        "places",
        "focus",
        "source",
        "author",
        "section",
        "url",
        "path",
        "score",
        "snippet",
    ] {
        assert!(hit.get(key).is_some(), "missing {key} in {hit}");
    }
    assert_eq!(hit["published"], "2024-06-23T00:00:00Z");
    assert_eq!(hit["date_source"], "metadata");
    assert_eq!(hit["path"], "2024/06/23/derbent.txt");
    assert!(hit["snippet"].as_str().unwrap().contains("synagogue"));
    assert!(hit["score"].as_f64().unwrap() > 0.0);

    let out = env.run(&["search"], &["attack", "--format", "jsonl"]);
    assert_status(&out, 0);
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines
        .iter()
        .all(|l| l["id"].is_string() && l["places"].is_array()));

    let out = env.run(&["search"], &["attack", "--format", "csv"]);
    assert_status(&out, 0);
    let csv = text(&out.stdout);
    let mut rows = csv.lines();
    assert_eq!(
        rows.next(),
        Some("id,published,date_source,title,places,focus,source,author,section,url,path,score,snippet")
    );
    assert!(csv.contains("2024/06/23/derbent.txt"));
}

#[test]
fn text_output_is_plain_when_piped() {
    let env = news_env();
    let out = env.run(&["search"], &["synagogue"]);
    assert_status(&out, 0);
    let s = text(&out.stdout);
    assert!(!s.contains('\x1b'), "no escape codes when piped: {s:?}");
    assert!(
        s.contains("2024-06-23  Gunmen attack synagogue and church in Derbent"),
        "{s}"
    );
    assert!(s.contains("2024/06/23/derbent.txt"));
    assert!(s.trim_end().ends_with("1 article matched"), "{s}");
}

#[test]
fn nothing_found_exits_1() {
    let env = news_env();
    let out = env.run(&["search"], &["xylophone"]);
    assert_status(&out, 1);
    assert!(text(&out.stdout).contains("0 articles matched"));
    let out = env.run(&["search"], &["xylophone", "--format", "json"]);
    assert_status(&out, 1);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"], 0);
}

#[test]
fn show_prints_the_whole_article() {
    let env = news_env();
    let out = env.run(&["show"], &["2024/06/23/derbent.txt"]);
    assert_status(&out, 0);
    let s = text(&out.stdout);
    assert!(
        s.starts_with("Gunmen attack synagogue and church in Derbent\n"),
        "{s}"
    );
    assert!(s.contains("Police officers were killed in the attacks."));
    assert!(s.contains("2024-06-23 (from metadata)"), "{s}");
    let out = env.run(&["show"], &["2024/06/23/derbent.txt", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["title"], "Gunmen attack synagogue and church in Derbent");
    let out = env.run(&["show"], &["nope.txt"]);
    assert_error(&out, "no article with id \"nope.txt\"");
}

#[test]
fn stats_counts_articles_and_span() {
    let env = news_env();
    let out = env.run(&["stats"], &["--format", "json"]);
    assert_status(&out, 0);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["articles"], 5);
    assert_eq!(v["first_published"], "2019-01-04");
    assert_eq!(v["last_published"], "2024-06-23");
    assert!(v["index_bytes"].as_u64().unwrap() > 0);
    let out = env.run(&["stats"], &[]);
    assert_status(&out, 0);
    assert!(text(&out.stdout).contains("2019-01-04 … 2024-06-23"));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let env = Env::new();
    for i in 0..300 {
        env.write(
            &format!("a/{i:03}.txt"),
            article(&format!("Story {i}"), "2020-01-01", &"words ".repeat(200)),
        );
    }
    env.rebuild();
    // Every format: CSV once reported "Broken pipe" and exited 2.
    for format in ["jsonl", "csv", "text", "json"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("dateline"))
            .current_dir(env.dir.path())
            .args(["search", "--limit", "100000", "--format", format, "--index"])
            .arg(&env.index)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        {
            use std::io::BufRead;
            let stdout = child.stdout.take().unwrap();
            let mut first = String::new();
            std::io::BufReader::new(stdout)
                .read_line(&mut first)
                .unwrap();
            assert!(!first.is_empty(), "{format}");
            // Dropping the reader closes the pipe, as `| head -1` does.
        }
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: stderr: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).is_empty(),
            "{format}: no message for a closed pipe: {}",
            text(&out.stderr)
        );
    }
}

/// A corpus of several sources, authors and sections, in JSON Lines and plain text.
fn desk_env() -> Env {
    let env = Env::new();
    let mut lines = String::new();
    let sources = ["Harbour Times", "Valley Post", "Zürich Daily"];
    let sections = ["Politics", "Weather", "Sport", "politics"];
    let authors = [
        "Ann Lee",
        "Bo Chen, Ann Lee",
        "Cy Dee",
        "Di Eng and Bo Chen",
    ];
    for i in 0..40 {
        let topic = if i % 3 == 0 { "flood" } else { "council" };
        lines.push_str(
            &serde_json::json!({
                "title": format!("Story {i} about the {topic}"),
                "text": format!("Report {i}: the {topic} was the talk of the town on day {i}."),
                "source": sources[i % 3],
                "section": sections[i % 4],
                "author": authors[i % 4],
                "date": format!("2024-{:02}-{:02}", 1 + i % 6, 1 + i % 27),
            })
            .to_string(),
        );
        lines.push('\n');
    }
    env.write("desk.jsonl", lines);
    env.write(
        "plain.txt",
        article(
            "A story without a byline",
            "2024-02-02",
            "The council met about the flood.",
        ),
    );
    env.rebuild();
    env
}

#[test]
fn facets_of_sources_authors_and_sections_equal_search_totals_under_filters() {
    let env = desk_env();
    let filters: [&[&str]; 7] = [
        &[],
        &["flood"],
        &["--source", "Valley Post"],
        &["--section", "politics", "--from", "2024-03"],
        &["--author", "ann lee", "--author", "Cy Dee"],
        &["council", "--source", "zurich daily", "--to", "2024-04"],
        &["section:weather OR author:chen"],
    ];
    check_name_facets(&env, &filters);
    // After an ingest removes an article (its segment then has a deleted document), the counts still hold, and
    // the whole-archive count (read from the term dictionary) is the count a filter that keeps everything gives.
    env.write(
        "small.txt",
        "Title: Late story\nDate: 2024-02-03\nSource: Valley Post\nSection: Weather\nAuthor: Cy Dee\n\nRain.\n",
    );
    env.rebuild();
    std::fs::remove_file(env.corpus.join("small.txt")).unwrap();
    assert_status(&env.ingest(&[]), 0);
    check_name_facets(&env, &[&[], &["--source", "Valley Post"]]);
    for kind in ["sources", "authors", "sections"] {
        for extra in [&["--top", "0", "--format", "json"][..], &[]] {
            let all = env.run(&["facets", kind], extra);
            let filtered = env.run(&["facets", kind], &[extra, &["--from", "1900"]].concat());
            assert_eq!(
                text(&all.stdout),
                text(&filtered.stdout),
                "{kind} {extra:?}"
            );
        }
    }
}

/// For each name facet and each filter set, every count equals the search total under the same filters with that
/// name, and the counts add up to the matching articles.
fn check_name_facets(env: &Env, filters: &[&[&str]]) {
    for kind in ["sources", "authors", "sections"] {
        let flag = format!("--{}", kind.trim_end_matches('s'));
        for f in filters.iter().copied() {
            let mut args = f.to_vec();
            args.extend(["--top", "0", "--format", "json"]);
            let out = env.run(&["facets", kind], &args);
            assert_status(&out, 0);
            let counts: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let counts = counts.as_array().expect("an array of counts");
            assert!(!counts.is_empty(), "{kind} {f:?}");
            let total = env.search_json(&[f, &["--limit", "0"][..]].concat())["total"]
                .as_u64()
                .unwrap();
            let mut sum = 0;
            // Repeated flags of one kind are any-of: under `--author A --author B`, the count of A is what
            // `--author A` alone finds; other names of that kind cannot be asked for by flags.
            let same: Vec<&str> = f
                .windows(2)
                .filter(|w| w[0] == flag)
                .map(|w| w[1])
                .collect();
            let others: Vec<&str> = f
                .iter()
                .enumerate()
                .filter(|(i, a)| **a != flag && (*i == 0 || f[i - 1] != flag))
                .map(|(_, a)| *a)
                .collect();
            for c in counts {
                let name = c["name"].as_str().expect("name");
                let n = c["count"].as_u64().expect("count");
                sum += n;
                if !same.is_empty() && !same.iter().any(|s| s.eq_ignore_ascii_case(name)) {
                    continue;
                }
                let mut search = others.clone();
                search.extend([flag.as_str(), name, "--limit", "0"]);
                assert_eq!(
                    env.search_json(&search)["total"].as_u64(),
                    Some(n),
                    "facets {kind} {f:?}: {name}"
                );
            }
            // Every matching article has one source and one section (the plain one: none); authors can be two.
            if kind != "authors" {
                assert!(
                    sum <= total && total - sum <= 1,
                    "{kind} {f:?}: {sum} of {total}"
                );
            } else {
                assert!(sum >= total - 1, "{kind} {f:?}: {sum} of {total}");
            }
        }
    }
}

#[test]
fn names_are_matched_whole_case_and_accents_aside() {
    let env = desk_env();
    // "politics" and "Politics" are one section (shown as the form that sorts first); "Post" is no source.
    assert_eq!(
        env.search_json(&["--section", "POLITICS", "--limit", "0"])["total"],
        20
    );
    assert_eq!(
        env.search_json(&["--source", "Post", "--limit", "0"])["total"],
        0
    );
    assert_eq!(
        env.search_json(&["--source", "ZURICH daily", "--limit", "0"])["total"],
        13
    );
    for filter in [&[][..], &["--from", "1900"]] {
        let out = env.run(
            &["facets", "sections"],
            &[filter, &["--format", "json"]].concat(),
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            v[0],
            serde_json::json!({"name": "Politics", "count": 20}),
            "{filter:?}"
        );
    }
}

#[test]
fn facets_print_like_the_others_and_stats_lists_the_top() {
    let env = desk_env();
    let out = env.run(&["facets", "authors"], &["--top", "2"]);
    assert_status(&out, 0);
    let s = text(&out.stdout);
    let lines: Vec<&str> = s.lines().collect();
    assert!(lines[0].starts_with("Ann Lee  20  █"), "{s}");
    assert!(lines[1].starts_with("Bo Chen  20  █"), "{s}");
    assert_eq!(lines[2], "(1 article has no author)", "{s}");
    let out = env.run(&["facets", "sources"], &["--source", "nowhere"]);
    assert_status(&out, 1);
    assert_eq!(text(&out.stdout), "no sources\n");
    let out = env.run(&["stats"], &["--top", "2"]);
    let s = text(&out.stdout);
    assert!(
        s.contains("top authors\n  20  Ann Lee\n  20  Bo Chen\n"),
        "{s}"
    );
    assert!(s.contains("top sections\n"), "{s}");
    let out = env.run(&["stats"], &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["sources"][0],
        serde_json::json!({"name": "Harbour Times", "count": 14})
    );
    assert_eq!(v["title_only"], 0);
    assert_eq!(v["settings"], serde_json::json!({}));
}
