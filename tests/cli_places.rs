//! Place filters and place counts through the binary: `facets places` must agree with `search --place` whatever
//! the query, the level, the focus switch, and deleted articles.

mod common;
use common::{article, assert_status, text, Env};
use serde_json::Value;

fn places_env() -> Env {
    places_env_with(0)
}

/// The four articles, and `fillers` more that name no place.
fn places_env_with(fillers: usize) -> Env {
    let env = Env::new();
    for i in 0..fillers {
        env.write(
            &format!("filler/{i}.txt"),
            article(
                &format!("Note {i}"),
                "2024-05-01",
                &format!("Markets were quiet, note {i}."),
            ),
        );
    }
    env.write(
        "a.txt",
        article(
            "Floods in Dagestan",
            "2024-06-01",
            "MAKHACHKALA, Russia (AP) - Floods hit Makhachkala and Derbent in Dagestan on Saturday.",
        ),
    );
    env.write(
        "b.txt",
        article(
            "Moscow talks",
            "2024-06-02",
            "MOSCOW (Reuters) - Officials in Moscow discussed grain exports with Egypt.",
        ),
    );
    env.write(
        "c.txt",
        article(
            "Paris elections",
            "2024-06-03",
            "PARIS (AFP) - Voters in Paris went to the polls. France counts the votes tonight in Paris.",
        ),
    );
    env.write(
        "d.txt",
        article(
            "Cairo grain",
            "2024-06-04",
            "CAIRO (Reuters) - Egypt bought wheat from Russia, traders in Cairo said.",
        ),
    );
    // One indexing thread: one segment, whatever the machine's cores.
    let corpus = env.corpus.to_str().expect("utf-8").to_string();
    assert_status(
        &env.run(&["rebuild"], &["--corpus", &corpus, "--threads", "1"]),
        0,
    );
    env
}

fn facets(env: &Env, args: &[&str]) -> Vec<(String, u64)> {
    let mut a = vec!["--format", "json", "--top", "0"];
    a.extend_from_slice(args);
    let out = env.run(&["facets", "places"], &a);
    assert_status(&out, 0);
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", text(&out.stdout)));
    v.as_array()
        .expect("array")
        .iter()
        .map(|e| {
            (
                e["place"].as_str().expect("place").to_string(),
                e["count"].as_u64().expect("count"),
            )
        })
        .collect()
}

/// Every count equals the total of the same search restricted to that place.
fn assert_counts_agree(env: &Env, query: &[&str], facet_args: &[&str], focus: bool) {
    let mut args: Vec<&str> = query.to_vec();
    args.extend_from_slice(facet_args);
    if focus {
        args.push("--focus");
    }
    let counts = facets(env, &args);
    assert!(!counts.is_empty(), "no counts for {args:?}");
    for (place, n) in &counts {
        let mut s: Vec<&str> = query.to_vec();
        s.extend([if focus { "--about" } else { "--place" }, place.as_str()]);
        let total = env.search_json(&s)["total"].as_u64().expect("total");
        assert_eq!(*n, total, "{place} for {args:?}: facet {n}, search {total}");
    }
}

/// The whole list from the archive-wide shortcut (no query, no filter) equals the one counted article by article
/// (a filter every article passes forces that path).
fn assert_shortcut_equals_collector(env: &Env, args: &[&str]) {
    let mut forced = args.to_vec();
    forced.extend(["--from", "1800-01-01"]);
    assert_eq!(facets(env, args), facets(env, &forced), "{args:?}");
}

#[test]
fn counts_over_the_whole_archive_agree_with_search() {
    let env = places_env();
    let countries = facets(&env, &[]);
    let names: Vec<&str> = countries.iter().map(|(p, _)| p.as_str()).collect();
    assert!(
        names.contains(&"/Russia") && names.contains(&"/France") && names.contains(&"/Egypt"),
        "{names:?}"
    );
    assert!(
        names.iter().all(|p| p.matches('/').count() == 1),
        "countries only: {names:?}"
    );
    assert_eq!(countries[0], ("/Russia".to_string(), 3), "{countries:?}");
    assert_counts_agree(&env, &[], &[], false);
    assert_counts_agree(&env, &[], &["--under", "Russia"], false);
    assert_counts_agree(&env, &[], &["--under", "Russia/Dagestan"], false);
    assert_counts_agree(&env, &[], &[], true);
    for args in [
        &[][..],
        &["--under", "Russia"],
        &["--under", "Russia/Dagestan"],
        &["--focus"],
    ] {
        assert_shortcut_equals_collector(&env, args);
    }
    let dagestan = facets(&env, &["--under", "Russia/Dagestan"]);
    let cities: Vec<&str> = dagestan.iter().map(|(p, _)| p.as_str()).collect();
    assert!(cities.contains(&"/Russia/Dagestan/Derbent"), "{cities:?}");
    assert!(
        cities.contains(&"/Russia/Dagestan/Makhachkala"),
        "{cities:?}"
    );
}

#[test]
fn counts_for_a_query_or_a_filter_agree_with_search() {
    let env = places_env();
    assert_counts_agree(&env, &["grain"], &[], false);
    assert_counts_agree(&env, &["--from", "2024-06-02"], &[], false);
    assert_counts_agree(&env, &["--not-place", "France"], &[], true);
    let grain = facets(&env, &["grain"]);
    assert!(!grain.iter().any(|(p, _)| p == "/France"), "{grain:?}");
}

#[test]
fn deleted_articles_are_not_counted() {
    // Enough articles that one deletion leaves the segment as it is (a segment mostly deleted is rewritten).
    let env = places_env_with(8);
    std::fs::remove_file(env.corpus.join("b.txt")).expect("rm");
    env.write(
        "e.txt",
        article("Lyon", "2024-06-05", "LYON, France - Rain fell on Lyon."),
    );
    assert_status(&env.ingest(&["--threads", "1"]), 0);
    let meta = std::fs::read_dir(&env.index)
        .expect("index")
        .flatten()
        .map(|e| e.path().join("meta.json"))
        .find(|p| p.exists())
        .expect("meta.json");
    let meta: Value =
        serde_json::from_str(&std::fs::read_to_string(meta).expect("meta")).expect("meta JSON");
    let segments = meta["segments"].as_array().expect("segments");
    assert!(
        segments.iter().any(|s| !s["deletes"].is_null()),
        "the deletion must still be in a segment here: {meta}"
    );
    let countries = facets(&env, &[]);
    assert!(
        countries.contains(&("/Russia".to_string(), 2)),
        "{countries:?}"
    );
    assert!(
        countries.contains(&("/France".to_string(), 2)),
        "{countries:?}"
    );
    assert_counts_agree(&env, &[], &[], false);
    assert_counts_agree(&env, &[], &["--under", "Russia"], false);
    assert_counts_agree(&env, &[], &[], true);
    for args in [&[][..], &["--under", "Russia"], &["--focus"]] {
        assert_shortcut_equals_collector(&env, args);
    }
}

#[test]
fn show_explain_says_why_each_place_was_chosen() {
    let env = places_env();
    let out = env.run(&["show", "c.txt", "--explain"], &[]);
    assert_status(&out, 0);
    let t = text(&out.stdout);
    assert!(t.contains("Why these places"), "{t}");
    assert!(
        t.lines().any(|l| l.contains("Paris")
            && l.contains("/France/Île-de-France/Paris")
            && l.contains("dateline")),
        "{t}"
    );
    // Without the flag, no explanation.
    let plain = text(&env.run(&["show", "c.txt"], &[]).stdout);
    assert!(!plain.contains("Why these places"), "{plain}");
    let json: Value = serde_json::from_slice(
        &env.run(&["show", "c.txt", "--explain", "--format", "json"], &[])
            .stdout,
    )
    .expect("show --format json prints JSON");
    let lines = json["place_explanation"]
        .as_array()
        .expect("place_explanation");
    assert!(
        lines
            .iter()
            .any(|l| l.as_str().is_some_and(|l| l.contains("France"))),
        "{lines:?}"
    );
}

#[test]
fn a_corrections_file_beside_the_corpus_is_applied_by_rebuild_and_ingest() {
    let env = Env::new();
    env.write(
        "a.txt",
        article(
            "Talks",
            "2024-06-01",
            "Officials in Reading met bankers from the Big Apple. The talks in Paris ended late.",
        ),
    );
    env.write(
        ".dateline-places",
        "# corrections for this corpus\n\
         never Reading\n\
         always Paris = United States/Texas/Paris\n\
         alias Big Apple = United States/New York/New York City\n\
         sometimes Lyon\n",
    );
    let out = env.rebuild();
    assert_status(&out, 0);
    let err = text(&out.stderr);
    assert!(
        err.contains(".dateline-places") && err.contains("line 5") && err.contains("unknown rule"),
        "{err}"
    );
    let hit = env.search_json(&["--place", "United States/Texas/Paris"]);
    let places: Vec<String> = hit["hits"][0]["places"]
        .as_array()
        .expect("one hit with places")
        .iter()
        .filter_map(|p| p.as_str().map(str::to_string))
        .collect();
    assert!(
        places.contains(&"/United States/Texas/Paris".to_string())
            && places.contains(&"/United States/New York/New York City".to_string())
            && !places
                .iter()
                .any(|p| p.contains("Reading") || p.contains("France")),
        "{places:?}"
    );
    // The explanation reads the article as the index was built: with the corrections.
    let why = text(&env.run(&["show", "a.txt", "--explain"], &[]).stdout);
    assert!(why.contains("corrections file"), "{why}");
    // A changed file is noticed by ingest, which says how to apply it to what is indexed.
    env.write(".dateline-places", "never Paris\n");
    let out = env.ingest(&[]);
    assert_status(&out, 0);
    let err = text(&out.stderr);
    assert!(
        err.contains("changed since the last rebuild") && err.contains("dateline rebuild"),
        "{err}"
    );
    // A rebuild applies it everywhere.
    assert_status(&env.rebuild(), 0);
    assert!(env.ids(&["--place", "France"]).is_empty());
    assert!(env
        .ids(&["--place", "United States/Texas/Paris"])
        .is_empty());
}
