//! The seed article's boilerplate lines are not indexed; the rest of its text is.

mod common;
use common::*;

const SEED_ID: &str = "2024/06/23/islamic-state-isis-has-hit-russia-with-multiple.txt";

#[test]
fn boilerplate_is_dropped_from_the_seed_and_the_rest_is_kept() {
    let env = Env::new();
    let seed = std::fs::read_to_string(sample_corpus().join(SEED_ID))
        .expect("the seed is in the sample corpus");
    env.write(SEED_ID, &seed);
    env.rebuild();
    let out = env.run(&["show"], &[SEED_ID, "--format", "json"]);
    assert_status(&out, 0);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let body = v["body"].as_str().unwrap();
    for gone in [
        "READ MORE",
        "Discussion about this post",
        "BREAKING NEWS STORY",
        "MORE TO FOLLOW",
    ] {
        assert!(!body.contains(gone), "{gone:?} should be dropped");
    }
    // Every other line of the seed is in the body, each as its own paragraph.
    let kept: Vec<&str> = seed
        .lines()
        .skip(1)
        .filter(|l| {
            !l.starts_with("READ MORE")
                && !l.starts_with("THIS IS A BREAKING")
                && !l.starts_with("Discussion")
        })
        .collect();
    assert_eq!(body.split("\n\n").collect::<Vec<_>>(), kept);
    // The dropped words are not searchable either.
    assert_status(
        &env.run(&["search"], &["\"discussion about this post\""]),
        1,
    );
    assert_status(&env.run(&["search"], &["\"crocus city hall\""]), 0);
}
