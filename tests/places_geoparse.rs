//! Geoparsing behaviour: the seed article, each ambiguity rule on a short real-looking sentence, datelines, and
//! `resolve` for names typed on the command line.

use dateline::article::PlacePath;
use dateline::places::{geoparse, resolve, suggest, Geo, Resolution};

fn paths(v: &[PlacePath]) -> Vec<String> {
    v.iter().map(|p| p.to_string()).collect()
}

/// Whether some path of `v` is `want` or lies below it.
fn covers(v: &[PlacePath], want: &str) -> bool {
    let want = PlacePath::parse(want);
    v.iter().any(|p| p.starts_with(&want))
}

fn body_only(body: &str) -> Geo {
    geoparse("", body)
}

#[test]
fn seed_article() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/seed/000_78c945d872ee5a24.txt"),
    );
    let Ok(text) = text else {
        eprintln!("SKIPPED seed_article: ../shared/seed is absent");
        return;
    };
    let (title, body) = text.split_once('\n').unwrap_or((&text, ""));
    let geo = geoparse(title.trim(), body);
    let places = paths(&geo.places);
    eprintln!(
        "seed: places {places:?}\n      focus {:?}\n      primary {:?}",
        paths(&geo.focus),
        geo.primary
    );
    for want in [
        "/Russia/Dagestan/Derbent",
        "/Russia/Dagestan/Makhachkala",
        "/Syria",
    ] {
        assert!(
            places.iter().any(|p| p == want),
            "places lack {want}: {places:?}"
        );
    }
    assert!(
        geo.places.iter().any(|p| p.country() == Some("Russia")
            && p.components().last().map(String::as_str) == Some("Moscow")),
        "places lack Moscow in Russia: {places:?}"
    );
    // Nothing the text does not name: every place is in Russia or Syria.
    for p in &geo.places {
        assert!(
            matches!(p.country(), Some("Russia") | Some("Syria")),
            "unexpected place {p} in {places:?}"
        );
    }
    assert!(
        covers(&geo.focus, "/Russia"),
        "focus lacks Russia: {:?}",
        paths(&geo.focus)
    );
    assert!(
        covers(&geo.focus, "/Russia/Dagestan"),
        "focus lacks Dagestan: {:?}",
        paths(&geo.focus)
    );
    assert!(
        !covers(&geo.focus, "/Syria"),
        "Syria is named once in passing: {:?}",
        paths(&geo.focus)
    );
    assert!(geo
        .primary
        .as_ref()
        .is_some_and(|p| p.country() == Some("Russia")));
}

#[test]
fn reading_the_town_and_reading_the_verb() {
    let town = body_only("Reading is a town in Berkshire, England, west of London.");
    assert!(
        covers(&town.places, "/United Kingdom/England/Reading"),
        "{:?}",
        paths(&town.places)
    );
    let verb = body_only("Reading the report, officials in London said the budget was balanced.");
    assert!(
        !verb
            .places
            .iter()
            .any(|p| p.to_string().ends_with("/Reading")),
        "{:?}",
        paths(&verb.places)
    );
    assert!(covers(&verb.places, "/United Kingdom/England/London"));
    let prep = body_only("The fire broke out in Reading on Sunday.");
    assert!(
        covers(&prep.places, "/United Kingdom/England/Reading"),
        "{:?}",
        paths(&prep.places)
    );
}

#[test]
fn jordan_the_player_and_jordan_the_country() {
    let player = body_only(
        "Michael Jordan scored 40 points as the Bulls beat the Knicks. Jordan was unstoppable.",
    );
    assert!(
        !covers(&player.places, "/Jordan"),
        "{:?}",
        paths(&player.places)
    );
    let country = body_only("The talks were held in Amman, Jordan, on Tuesday.");
    assert!(
        covers(&country.places, "/Jordan"),
        "{:?}",
        paths(&country.places)
    );
    assert!(
        covers(&country.places, "/Jordan/Amman/Amman"),
        "{:?}",
        paths(&country.places)
    );
}

#[test]
fn georgia_follows_its_neighbours() {
    let state = body_only(
        "Storms hit Atlanta overnight, and the governor of Georgia declared an emergency.",
    );
    assert!(
        covers(&state.places, "/United States/Georgia"),
        "{:?}",
        paths(&state.places)
    );
    assert!(
        !state.places.iter().any(|p| p.to_string() == "/Georgia"),
        "{:?}",
        paths(&state.places)
    );
    let country = body_only(
        "Protesters filled the streets of Tbilisi as Georgia's parliament voted on the bill.",
    );
    assert!(
        covers(&country.places, "/Georgia"),
        "{:?}",
        paths(&country.places)
    );
    assert!(
        !covers(&country.places, "/United States"),
        "{:?}",
        paths(&country.places)
    );
}

#[test]
fn turkey_the_bird_and_turkey_the_country() {
    let bird = body_only("The family sat down to a turkey dinner on Thursday.");
    assert!(bird.places.is_empty(), "{:?}", paths(&bird.places));
    let country = body_only("Turkey has closed its border with Syria.");
    assert!(
        covers(&country.places, "/Turkey"),
        "{:?}",
        paths(&country.places)
    );
}

#[test]
fn nice_the_city_and_nice_the_word() {
    let city = body_only("The festival opened in Nice, France, on Friday.");
    assert!(covers(&city.places, "/France"), "{:?}", paths(&city.places));
    assert!(
        city.places.iter().any(|p| p.to_string().ends_with("/Nice")),
        "{:?}",
        paths(&city.places)
    );
    let word = body_only("It was a nice day for a walk. Nice weather is expected again tomorrow.");
    assert!(word.places.is_empty(), "{:?}", paths(&word.places));
}

#[test]
fn person_and_organisation_names_are_not_places() {
    let geo = body_only(
        "Paris Hilton arrived late. The Washington Post and the New York Times reported that Manchester United \
         had signed him. Male and female staff were paid the same.",
    );
    assert!(geo.places.is_empty(), "{:?}", paths(&geo.places));
}

#[test]
fn a_county_or_province_is_not_the_town_of_its_name() {
    // No county is in the gazetteer: "Fulton County" must not become a town called Fulton elsewhere.
    let geo = body_only(
        "Officials in Atlanta said a hand recount in Fulton County had confirmed the result. Storms hit \
         Cagayan province and Sacramento State closed its campus.",
    );
    let places = paths(&geo.places);
    assert!(covers(&geo.places, "/United States/Georgia"), "{places:?}");
    for p in &places {
        assert!(
            !p.ends_with("/Fulton") && !p.contains("Mapun") && !p.ends_with("/Sacramento"),
            "a county, a province or a university read as a town: {places:?}"
        );
    }
    // "Region" says where, not what: the area around Peshawar is still in Pakistan.
    let geo = body_only("Floods hit the Peshawar region on Monday.");
    assert!(covers(&geo.places, "/Pakistan"), "{:?}", paths(&geo.places));
    // A region word after a name that is a region keeps the region ("Idlib province").
    let geo = body_only("Air strikes hit Idlib province on Sunday.");
    assert!(
        covers(&geo.places, "/Syria/Idlib"),
        "{:?}",
        paths(&geo.places)
    );
    // And a town named again without the region word is still the town.
    let geo = body_only("Fulton County voted. In Fulton, Missouri, the mayor said so.");
    assert!(
        paths(&geo.places)
            .iter()
            .any(|p| p.ends_with("/Missouri/Fulton")),
        "{:?}",
        paths(&geo.places)
    );
}

#[test]
fn phrases_with_lower_case_words_block_the_place_inside() {
    let geo = body_only(
        "Brent crude rose 1%. Santa Ana winds fanned the flames. Prices of Brussels sprouts and French fries rose.",
    );
    assert!(geo.places.is_empty(), "{:?}", paths(&geo.places));
    // The same names as places still count, and a lower-case word never extends a place's own name.
    let geo = body_only("Ministers met in Brussels. Police in Santa Ana, California, said the Kansas city council met.");
    let p = paths(&geo.places);
    assert!(covers(&geo.places, "/Belgium"), "{p:?}");
    assert!(covers(&geo.places, "/United States/California"), "{p:?}");
    assert!(!p.iter().any(|x| x.ends_with("/Kansas City")), "{p:?}");
}

#[test]
fn datelines_mark_the_primary_place() {
    let ap = geoparse(
        "Attack kills five",
        "MAKHACHKALA, Russia (AP) — Gunmen attacked a police post on Sunday.",
    );
    assert_eq!(
        ap.primary.as_ref().map(|p| p.to_string()).as_deref(),
        Some("/Russia/Dagestan/Makhachkala")
    );
    let reuters = geoparse(
        "Markets steady",
        "MOSCOW, June 23 (Reuters) - The rouble held steady against the dollar.",
    );
    assert_eq!(
        reuters.primary.as_ref().map(|p| p.to_string()).as_deref(),
        Some("/Russia/Moscow/Moscow")
    );
    assert!(covers(&reuters.focus, "/Russia"));
    let wire = geoparse(
        "BAHIA COCOA REVIEW",
        "SALVADOR, Feb 26 - Showers continued throughout the week in the Bahia cocoa zone.",
    );
    let primary = wire.primary.map(|p| p.to_string()).unwrap_or_default();
    assert!(primary.starts_with("/Brazil/"), "{primary}");
}

#[test]
fn focus_is_what_the_article_is_about() {
    let geo = geoparse(
        "Floods hit Dagestan",
        "Floods swept through Dagestan on Monday. Rescuers in Makhachkala and Derbent searched for survivors. \
         Dagestan officials said roads were closed. A minister who had visited Syria last year promised aid.",
    );
    assert!(
        covers(&geo.focus, "/Russia/Dagestan"),
        "{:?}",
        paths(&geo.focus)
    );
    assert!(!covers(&geo.focus, "/Syria"), "{:?}", paths(&geo.focus));
    assert!(covers(&geo.places, "/Syria"));

    // A place in the title is what the article is about, even when the dateline names another city and the
    // country gathers the weight of both.
    let geo = geoparse(
        "Drones strike Kharkiv",
        "KYIV, Ukraine (AP) — Russian drones struck Kharkiv overnight, officials said.",
    );
    let focus = paths(&geo.focus);
    assert!(covers(&geo.focus, "/Ukraine/Kharkiv"), "{focus:?}");
    assert!(covers(&geo.focus, "/Ukraine/Kyiv City"), "{focus:?}");
}

#[test]
fn resolve_paths_and_names() {
    assert_eq!(
        resolve("/Russia/Dagestan/Derbent"),
        Resolution::Found(PlacePath::parse("/Russia/Dagestan/Derbent"))
    );
    assert_eq!(
        resolve("Russia/Dagestan"),
        Resolution::Found(PlacePath::parse("/Russia/Dagestan"))
    );
    assert_eq!(
        resolve("dagestan"),
        Resolution::Found(PlacePath::parse("/Russia/Dagestan"))
    );
    assert_eq!(
        resolve("Switzerland/Zurich/Zurich"),
        Resolution::Found(PlacePath::parse("/Switzerland/Zurich/Zürich"))
    );
    match resolve("Moscow") {
        Resolution::Likely { chosen, others } => {
            assert_eq!(chosen.to_string(), "/Russia/Moscow/Moscow");
            assert!(
                others.iter().any(|p| p.country() == Some("United States")),
                "{others:?}"
            );
        }
        other => panic!("Moscow: {other:?}"),
    }
    match resolve("Derbent") {
        Resolution::Found(p) | Resolution::Likely { chosen: p, .. } => {
            assert_eq!(p.to_string(), "/Russia/Dagestan/Derbent")
        }
        other => panic!("Derbent: {other:?}"),
    }
    match resolve("Georgia") {
        Resolution::Ambiguous(list) => {
            let l = paths(&list);
            assert!(
                l.contains(&"/Georgia".to_string())
                    && l.contains(&"/United States/Georgia".to_string()),
                "{l:?}"
            );
        }
        other => panic!("Georgia: {other:?}"),
    }
    // A path that skips a level names the place of the full path.
    for typed in [
        "England/London",
        "United Kingdom/London",
        "/United Kingdom/London",
    ] {
        match resolve(typed) {
            Resolution::Found(p) | Resolution::Likely { chosen: p, .. } => {
                assert_eq!(p.to_string(), "/United Kingdom/England/London", "{typed}")
            }
            other => panic!("{typed}: {other:?}"),
        }
    }
    // One reading far more likely in news: taken, and the others listed.
    match resolve("Hollywood") {
        Resolution::Likely { chosen, others } => {
            assert_eq!(chosen.to_string(), "/United States/California/Hollywood");
            assert!(
                others.iter().any(|p| p.to_string().contains("Florida")),
                "{others:?}"
            );
        }
        other => panic!("Hollywood: {other:?}"),
    }
    assert_eq!(resolve("Atlantis of the North"), Resolution::Unknown);
    assert_eq!(resolve("/Russia/Nowhere"), Resolution::Unknown);
    // A capital named like the region of its country around it: the city is meant.
    for (name, city) in [
        ("Kyiv", "/Ukraine/Kyiv City/Kyiv"),
        ("Minsk", "/Belarus/Minsk City/Minsk"),
    ] {
        match resolve(name) {
            Resolution::Likely { chosen, .. } => assert_eq!(chosen.to_string(), city),
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[test]
fn typos_get_suggestions() {
    let s = |name: &str| -> Vec<String> { suggest(name).iter().map(|p| p.to_string()).collect() };
    assert_eq!(resolve("Dagestna"), Resolution::Unknown);
    assert_eq!(s("Dagestna"), ["/Russia/Dagestan"]);
    assert_eq!(s("Russia/Dagestna"), ["/Russia/Dagestan"]);
    assert_eq!(s("Makhachkla"), ["/Russia/Dagestan/Makhachkala"]);
    // Only the nearest names: Germany is one edit away, towns two edits away are not offered.
    assert_eq!(s("Germny"), ["/Germany"]);
    assert!(s("Xqzzy").is_empty());
    assert!(s("ab").is_empty());
}

#[test]
fn empty_and_odd_input() {
    assert_eq!(geoparse("", ""), Geo::default());
    let _ = geoparse("\u{0}\u{feff}", "— , . ' ’ 123 ÄÖÜ ẞ İ");
    let long = "Police patrolled Moscow on Friday. ".repeat(5_000);
    assert!(covers(&geoparse("", &long).places, "/Russia"));
}

#[test]
fn names_with_diacritics_and_punctuation_inside() {
    let geo = body_only(
        "Protests spread from Zürich to İzmir and Ust-Kamenogorsk, and then to São Paulo.",
    );
    let p = paths(&geo.places);
    for want in [
        "/Switzerland/Zurich/Zürich",
        "/Turkey/İzmir/İzmir",
        "/Brazil/São Paulo/São Paulo",
    ] {
        assert!(p.iter().any(|x| x == want), "{want} missing from {p:?}");
    }
    assert!(p.iter().any(|x| x.starts_with("/Kazakhstan/")), "{p:?}");
    let ascii = body_only("Protests spread from Zurich to Izmir.");
    assert!(
        covers(&ascii.places, "/Switzerland/Zurich/Zürich"),
        "{:?}",
        paths(&ascii.places)
    );
}

/// Whether some path of `v` ends with `/name` (any place of that name).
fn names(v: &[PlacePath], name: &str) -> bool {
    v.iter()
        .any(|p| p.to_string().ends_with(&format!("/{name}")))
}

#[test]
fn famous_places_stay_famous_without_words_for_the_namesake() {
    // A market report naming five exchanges: no shared US state outvotes the world-famous readings.
    let geo = body_only(
        "SG Securities in Paris said shares rose in Amsterdam and Lisbon, while Frankfurt and London traded \
         flat.",
    );
    let p = paths(&geo.places);
    for want in [
        "/France",
        "Netherlands",
        "/Portugal",
        "/Germany",
        "/United Kingdom/England/London",
    ] {
        assert!(p.iter().any(|x| x.contains(want)), "{want} missing: {p:?}");
    }
    assert!(!covers(&geo.places, "/United States"), "{p:?}");
    let brent = body_only("Brent crude also rose in London trading after the report.");
    assert!(
        covers(&brent.places, "/United Kingdom/England/London"),
        "{:?}",
        paths(&brent.places)
    );
    let olympics = body_only("The Olympic Games opened in Athens on Friday night.");
    assert!(
        covers(&olympics.places, "/Greece"),
        "{:?}",
        paths(&olympics.places)
    );
    let wales = body_only("The new rules apply in England and Wales from April.");
    assert!(
        covers(&wales.places, "/United Kingdom/Wales"),
        "{:?}",
        paths(&wales.places)
    );
    let hollywood = body_only("The film was the biggest hit in Hollywood this year.");
    assert!(
        covers(&hollywood.places, "/United States/California"),
        "{:?}",
        paths(&hollywood.places)
    );
    // France named too: Paris is the French capital even in a story that names Kentucky.
    let both = body_only(
        "The Kentucky senator flew to France on Monday. In Paris he met the finance minister.",
    );
    assert!(
        covers(&both.places, "/France/Île-de-France/Paris"),
        "{:?}",
        paths(&both.places)
    );
}

#[test]
fn a_namesake_wins_with_its_region_or_its_neighbours() {
    let texas = body_only("The storm hit Paris, Texas, on Monday and moved east.");
    assert!(
        covers(&texas.places, "/United States/Texas/Paris"),
        "{:?}",
        paths(&texas.places)
    );
    let neb = body_only(
        "Officials in Lincoln, Nebraska, said the plant in Columbus would close. Columbus employs 400 people.",
    );
    assert!(
        covers(&neb.places, "/United States/Nebraska/Columbus"),
        "{:?}",
        paths(&neb.places)
    );
    let ap = body_only("The fire started in a barn near Columbus, Neb., late Sunday.");
    assert!(
        covers(&ap.places, "/United States/Nebraska/Columbus"),
        "{:?}",
        paths(&ap.places)
    );
    let dublin = body_only("The company moved its offices to Dublin, Ohio, last year.");
    assert!(
        covers(&dublin.places, "/United States/Ohio/Dublin"),
        "{:?}",
        paths(&dublin.places)
    );
    assert!(
        !covers(&dublin.places, "/Ireland"),
        "{:?}",
        paths(&dublin.places)
    );
}

#[test]
fn counties_are_places_of_their_region() {
    let kent = body_only("Tony Blair spoke in Chatham, Kent, on Friday.");
    assert!(
        covers(&kent.places, "/United Kingdom/England/Chatham"),
        "{:?}",
        paths(&kent.places)
    );
    assert!(
        !covers(&kent.places, "/United States"),
        "{:?}",
        paths(&kent.places)
    );
    let shires = body_only("Floods closed roads across Norfolk, Suffolk, Essex and Surrey.");
    assert!(
        covers(&shires.places, "/United Kingdom/England"),
        "{:?}",
        paths(&shires.places)
    );
    assert!(
        !covers(&shires.places, "/United States") && !covers(&shires.places, "/Canada"),
        "{:?}",
        paths(&shires.places)
    );
    let orange = body_only(
        "Fires spread across Orange County, Calif., on Tuesday. Orange County officials ordered evacuations.",
    );
    assert_eq!(
        paths(&orange.places),
        vec!["/United States/California".to_string()]
    );
    let sheriff = body_only("The Douglas County Sheriff's Office said the road reopened.");
    assert!(
        covers(&sheriff.places, "/United States"),
        "{:?}",
        paths(&sheriff.places)
    );
}

#[test]
fn people_brands_and_words_are_not_places() {
    for text in [
        "Kanye West released a new album on Friday.",
        "David Cameron met Ted Cruz in the afternoon. Cruz later left.",
        "The SUV was found abandoned near the bridge.",
        "Google said the update would arrive next week.",
        "Wal-Mart opened another store.",
        "Hamas fighters fired rockets overnight.",
        "Surprise! The vote was postponed again.",
        "God only knows what the committee will decide.",
        "The hit single topped the charts for a month.",
        "Soul music filled the hall.",
        "He ordered a French fry and a soda.",
        "Mary Magdalene is a figure of the gospels.",
        "Factories in the Midlands cut shifts this week.",
        "Ireland played at Lansdowne Road.",
        "Toyota reported a 39% fall in car sales.",
        "Former President Bill Clinton spoke. A question put to Clinton drew applause.",
        "The claim appeared in the magazine al-Watan al-Arabi last week.",
        "A professor at Bar-Ilan University said so.",
        "Minister of Education Cheng-sheng Du answered.",
    ] {
        let geo = body_only(text);
        let p = paths(&geo.places);
        let bad = [
            "Botswana",
            "Panama",
            "Brazil",
            "Fiji",
            "Kansas",
            "Ethiopia",
            "Germany",
            "Arizona",
            "Hungary",
            "Iraq",
            "South Korea",
            "/France",
            "Turkmenistan",
            "Zimbabwe",
            "Pennsylvania",
            "Japan",
            "Maryland",
            "Ethiopia",
            "Montenegro",
            "China",
            "Haiti",
        ];
        assert!(
            !p.iter().any(|x| bad.iter().any(|b| x.contains(b))),
            "{text:?} gave {p:?}"
        );
    }
    let ouest = body_only("The newspaper Ouest-France reported the bill.");
    assert!(
        !covers(&ouest.places, "/Haiti"),
        "{:?}",
        paths(&ouest.places)
    );
    let based = body_only("The Paris-based group said prices would rise.");
    assert!(
        covers(&based.places, "/France"),
        "{:?}",
        paths(&based.places)
    );
    // An organisation's name takes only that mention: the dateline still counts.
    let atlanta = body_only(
        "ATLANTA — The United Way of Metropolitan Atlanta raised $90 million this year, the charity said.",
    );
    assert!(
        covers(&atlanta.places, "/United States/Georgia/Atlanta"),
        "{:?}",
        paths(&atlanta.places)
    );
}

#[test]
fn title_case_headlines_read_like_sentences() {
    let paris = geoparse("Protests Erupt In Paris As Pension Talks Fail", "");
    assert!(
        covers(&paris.places, "/France/Île-de-France/Paris"),
        "{:?}",
        paths(&paris.places)
    );
    let houston = geoparse("Flooding In Houston Leaves Thousands Homeless", "");
    assert!(
        covers(&houston.places, "/United States/Texas/Houston"),
        "{:?}",
        paths(&houston.places)
    );
}

#[test]
fn datelines_after_a_byline_or_with_a_spaced_dash() {
    let byline = body_only(
        "By JANE DOE Associated Press WASHINGTON (AP) — Lawmakers returned on Monday to a crowded agenda.",
    );
    assert!(
        byline
            .primary
            .as_ref()
            .is_some_and(|p| p.to_string().starts_with("/United States")),
        "{:?}",
        byline.primary
    );
    let dash = body_only("VICTORIA - The province will expropriate the farm this spring.");
    assert!(names(&dash.places, "Victoria"), "{:?}", paths(&dash.places));
}

#[test]
fn lists_and_qualifiers_are_told_apart() {
    let list = body_only("Exports to China, Japan and Korea fell in March.");
    assert!(covers(&list.places, "/China"), "{:?}", paths(&list.places));
    assert!(
        !list
            .places
            .iter()
            .any(|p| p.to_string().starts_with("/Japan/")),
        "{:?}",
        paths(&list.places)
    );
    let state = body_only("Mayor Rosemarie Ives of Redmond, Washington, signed the letter.");
    assert!(
        covers(&state.places, "/United States/Washington"),
        "{:?}",
        paths(&state.places)
    );
    let city = body_only("The California city of Fresno voted on the measure.");
    assert!(
        !city
            .places
            .iter()
            .any(|p| p.to_string().contains("Maryland") || p.to_string().contains("Pennsylvania")),
        "{:?}",
        paths(&city.places)
    );
    let states = body_only(
        "Democrats hold caucuses in Utah, Nebraska and the state of Washington this week.",
    );
    assert!(
        states
            .places
            .iter()
            .any(|p| p.to_string() == "/United States/Washington"),
        "{:?}",
        paths(&states.places)
    );
}
