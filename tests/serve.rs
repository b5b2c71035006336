//! `dateline serve` over HTTP: the API answers exactly what the command line prints, the pages escape everything
//! an article holds, the guards hold, and the server follows `ingest` and `rebuild` without failing a request.

mod common;
#[path = "common/server.rs"]
mod server;

use common::{article, assert_status, sample_corpus, text, Env};
use server::{enc, Server};

/// The sample corpus, indexed once per test that needs it.
fn sample() -> Env {
    let env = Env::new();
    let out = env.run(
        &["rebuild"],
        &["--corpus", sample_corpus().to_str().expect("utf-8"), "-q"],
    );
    assert_status(&out, 0);
    env
}

/// `(query, [(param, value)])`: the same question for the CLI (as `--param value`) and the API.
fn cli_args(q: &str, params: &[(&str, &str)]) -> Vec<String> {
    let mut a = Vec::new();
    if !q.is_empty() {
        a.push(q.to_string());
    }
    for (k, v) in params {
        a.push(format!("--{}", k.replace('_', "-")));
        a.push(v.to_string());
    }
    a
}

/// A question asked both ways: the query and its options (`(name, value)`, the CLI's flags without `--`).
type Ask<'a> = (&'a str, &'a [(&'a str, &'a str)]);

fn api_query(q: &str, params: &[(&str, &str)]) -> String {
    let mut parts = Vec::new();
    if !q.is_empty() {
        parts.push(format!("q={}", enc(q)));
    }
    for (k, v) in params {
        parts.push(format!("{k}={}", enc(v)));
    }
    parts.join("&")
}

fn cli_stdout(env: &Env, sub: &[&str], args: &[String]) -> String {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = env.run(sub, &args);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{sub:?} {args:?} failed:\n{}",
        text(&out.stderr)
    );
    text(&out.stdout)
}

#[test]
fn api_answers_exactly_what_the_cli_prints() {
    let env = sample();
    let s = Server::start(env.dir.path(), &env.index, &[]);
    let searches: &[Ask] = &[
        ("fire", &[]),
        (
            "election",
            &[("from", "2019-06"), ("to", "2019-12"), ("limit", "3")],
        ),
        ("attack", &[("place", "Russia"), ("sort", "newest")]),
        ("", &[("limit", "5"), ("offset", "3")]),
        ("title:(hurricane OR typhoon)", &[]),
        (
            "\"prime minister\" -uk",
            &[("sort", "oldest"), ("limit", "20")],
        ),
        (
            "fire",
            &[("about", "United States"), ("not_place", "California")],
        ),
        ("elect*", &[("on", "2019")]),
        (
            "fire",
            &[("source", "Wikinews"), ("author", "Wikinews contributors")],
        ),
        ("nothingmatchesthisword", &[]),
    ];
    for (q, params) in searches {
        let mut args = cli_args(q, params);
        args.extend(["--format".to_string(), "json".to_string()]);
        let cli = cli_stdout(&env, &["search"], &args);
        let api = s.get(&format!("/api/search?{}", api_query(q, params)));
        assert_eq!(api.status, 200, "{q} {params:?}: {}", api.text());
        assert_eq!(api.header("content-type"), Some("application/json"));
        assert_eq!(
            api.text(),
            cli,
            "search {q:?} {params:?}: the API differs from the CLI"
        );
    }
    let facets: &[(&str, Ask)] = &[
        ("places", ("", &[])),
        ("places", ("fire", &[("top", "0")])),
        ("places", ("", &[("under", "Russia")])),
        ("places", ("attack", &[("focus", "1"), ("from", "2019")])),
        ("dates", ("", &[])),
        (
            "dates",
            (
                "election",
                &[("by", "week"), ("from", "2019-06"), ("to", "2019-12")],
            ),
        ),
        ("dates", ("fire", &[("by", "year"), ("place", "France")])),
        ("sources", ("", &[])),
        ("sources", ("fire", &[("top", "0")])),
        ("authors", ("", &[("from", "2019")])),
        ("sections", ("election", &[])),
    ];
    for (kind, (q, params)) in facets {
        let mut args = cli_args(q, params);
        // `focus=1` is the flag `--focus`, without a value.
        if let Some(i) = args.iter().position(|a| a == "--focus") {
            args.remove(i + 1);
        }
        args.extend(["--format".to_string(), "json".to_string()]);
        let cli = cli_stdout(&env, &["facets", kind], &args);
        let api = s.get(&format!("/api/facets/{kind}?{}", api_query(q, params)));
        assert_eq!(api.status, 200, "{kind} {q} {params:?}: {}", api.text());
        assert_eq!(
            api.text(),
            cli,
            "facets {kind} {q:?} {params:?}: the API differs from the CLI"
        );
    }
    let cli = cli_stdout(&env, &["stats"], &["--format".into(), "json".into()]);
    assert_eq!(s.get("/api/stats").text(), cli, "stats");

    // Every id of a search, shown whole, as `show`.
    let hits = s.get("/api/search?q=fire&limit=3").json();
    for h in hits["hits"].as_array().expect("hits") {
        let id = h["id"].as_str().expect("id");
        let cli = cli_stdout(
            &env,
            &["show"],
            &[id.to_string(), "--format".into(), "json".into()],
        );
        let api = s.get(&format!("/api/articles/{}", id.replace('#', "%23")));
        assert_eq!(api.text(), cli, "show {id}");
    }
}

#[test]
fn api_counts_sources_under_the_query_and_agrees_with_search_totals() {
    let env = sample();
    let s = Server::start(env.dir.path(), &env.index, &[]);
    for q in ["", "fire", "election"] {
        let sources = s
            .get(&format!("/api/facets/sources?q={}&top=0", enc(q)))
            .json();
        let list = sources.as_array().expect("a list");
        assert!(!list.is_empty(), "{q}: no sources");
        for src in list {
            let name = src["name"].as_str().expect("name");
            let n = src["count"].as_u64().expect("count");
            let total = s
                .get(&format!(
                    "/api/search?q={}&source={}&limit=0",
                    enc(q),
                    enc(name)
                ))
                .json()["total"]
                .as_u64()
                .expect("total");
            assert_eq!(
                n, total,
                "{q:?}: source {name} counted {n}, filtered search found {total}"
            );
        }
    }
    // Unknown facets and parameters are errors that say what is known.
    let r = s.get("/api/facets/colours");
    assert_eq!(r.status, 404);
    assert!(
        r.json()["error"].as_str().unwrap_or("").contains("sources"),
        "{}",
        r.text()
    );
}

#[test]
fn bad_requests_get_a_clear_error_and_costly_ones_are_refused() {
    let env = sample();
    let s = Server::start(env.dir.path(), &env.index, &[]);
    let cases: &[(&str, u16, &str)] = &[
        ("/api/search?q=title:(oil", 400, "column"),
        ("/api/search?q=fire&from=2024-13", 400, "from"),
        ("/api/search?q=fire&place=Dagestna", 400, "did you mean"),
        ("/api/search?q=fire&limit=100000000", 400, "at most"),
        ("/api/search?q=fire&offset=-3", 400, "not a number"),
        ("/api/search?qq=fire", 400, "unknown parameter"),
        ("/api/search?q=fire&from=2024&to=2023", 400, "empty"),
        ("/api/facets/dates?by=day&from=0001", 400, "periods"),
        ("/api/articles/no/such/id.txt", 404, "no article"),
    ];
    for (path, status, needle) in cases {
        let r = s.get(path);
        assert_eq!(r.status, *status, "{path}: {}", r.text());
        let msg = r.json()["error"].as_str().unwrap_or("").to_string();
        assert!(
            msg.contains(needle),
            "{path}: {msg:?} should contain {needle:?}"
        );
    }
    // Hostile queries (deep nesting, a long phrase with a slop, a huge query) are refused at once, not run.
    let deep = format!("{}fire{}", "-(".repeat(1000), ")".repeat(1000));
    let sloppy = format!("\"{}\"~100", ["fire"; 40].join(" "));
    for q in [deep.as_str(), sloppy.as_str()] {
        let started = std::time::Instant::now();
        let r = s.get(&format!("/api/search?q={}", enc(q)));
        assert_eq!(r.status, 400, "{}", r.text());
        assert!(started.elapsed().as_secs() < 5);
    }
    let long = format!("/api/search?q={}", "a".repeat(20_000));
    assert_eq!(s.get(&long).status, 414);
    // The server is still there.
    assert_eq!(s.get("/api/search?q=fire&limit=1").status, 200);
}

#[test]
fn guards_refuse_other_hosts_writes_and_set_strict_headers() {
    let env = sample();
    let s = Server::start(env.dir.path(), &env.index, &[]);
    assert!(s.log().contains("only this machine"), "{}", s.log());
    let port = s.addr.rsplit(':').next().expect("port");
    // A rebinding attack's page sends its own name.
    for host in [
        "attacker.example",
        &format!("attacker.example:{port}"),
        "127.0.0.1.nip.io",
    ] {
        let r = s.get_with_host("/api/search?q=fire", host);
        assert_eq!(r.status, 421, "Host {host}: {}", r.text());
    }
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        assert_eq!(s.get_with_host("/", &host).status, 200, "Host {host}");
    }
    let r = s.raw(&format!(
        "POST /api/search HTTP/1.1\r\nHost: {}\r\nContent-Length: 4\r\nConnection: close\r\n\r\nq=ab",
        s.addr
    ));
    assert_eq!(r.status, 405);
    for path in [
        "/",
        "/api/search?q=fire",
        "/articles/x",
        "/assets/style.css",
    ] {
        let r = s.get(path);
        let csp = r.header("content-security-policy").unwrap_or("");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert_eq!(
            r.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(r.header("x-frame-options"), Some("DENY"), "{path}");
    }
    // Pages carry no inline script: every <script> has a src.
    let page = s.get("/?q=fire").text();
    assert!(page.contains("<script src=\"/assets/app.js\""));
    assert_eq!(
        page.matches("<script").count(),
        1,
        "one script tag, external"
    );
}

/// Articles whose every field tries to break out of the page.
fn hostile(env: &Env) {
    let records = [
        serde_json::json!({
            "title": "<script>alert('title')</script> fire",
            "body": "Body <script>alert('body')</script> fire <img src=x onerror=alert('img')> & \"quotes\" 'single'.",
            "date": "2024-06-01",
            "source": "Evil\" onmouseover=\"alert('source')",
            "url": "javascript:alert(document.cookie)"
        }),
        serde_json::json!({
            "title": "\"><svg onload=alert('svg')> fire in Paris",
            "body": "'><iframe src=javascript:alert('frame')></iframe> fire in Paris, France.",
            "date": "2024-06-02",
            "source": "</title><script>alert('src2')</script>",
            "url": "https://example.org/a?b=\"><script>alert('url')</script>"
        }),
    ];
    let lines: Vec<String> = records.iter().map(|r| r.to_string()).collect();
    env.write("hostile.jsonl", lines.join("\n") + "\n");
}

#[test]
fn article_text_is_escaped_everywhere() {
    let env = Env::new();
    hostile(&env);
    env.rebuild();
    let s = Server::start(env.dir.path(), &env.index, &[]);
    let page = s.get("/?q=fire").text();
    let hits = s.get("/api/search?q=fire").json();
    assert_eq!(hits["total"], 2, "{hits}");
    let mut pages = vec![page.clone()];
    for h in hits["hits"].as_array().expect("hits") {
        let id = h["id"].as_str().expect("id").replace('#', "%23");
        let a = s.get(&format!("/articles/{id}"));
        assert_eq!(a.status, 200, "{}", a.text());
        pages.push(a.text());
    }
    // Sources are facets too: their links and labels are escaped.
    pages.push(
        s.get("/?source=Evil%22%20onmouseover%3D%22alert('source')")
            .text(),
    );
    for p in &pages {
        for raw in [
            "<script>alert",
            "<img src=x",
            "<svg onload",
            "<iframe",
            "\" onmouseover=\"",
            "href=\"javascript:",
            "</title><script>",
        ] {
            assert!(!p.contains(raw), "the page holds {raw:?} unescaped:\n{p}");
        }
    }
    // Entities may be named or numeric: compare in one form.
    let norm = |p: &str| {
        p.replace("&#60;", "&lt;")
            .replace("&#62;", "&gt;")
            .replace("&#34;", "&quot;")
            .replace("&#38;", "&amp;")
    };
    let page = norm(&page);
    let pages: Vec<String> = pages.iter().map(|p| norm(p)).collect();
    assert!(
        page.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"),
        "the title is shown as text:\n{page}"
    );
    // The javascript: URL is shown, not linked; the https one is linked, escaped.
    let first = &pages[1..];
    assert!(first
        .iter()
        .any(|p| p.contains("class=\"unsafe-url\">javascript:alert(document.cookie)")));
    assert!(first
        .iter()
        .any(|p| p.contains("href=\"https://example.org/a?b=&quot;&gt;&lt;script&gt;")));
}

#[test]
fn the_page_works_without_script() {
    let env = sample();
    let s = Server::start(env.dir.path(), &env.index, &[]);
    let r = s.get("/?q=fire&by=year");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    let page = r.text();
    let total = s.get("/api/search?q=fire").json()["total"]
        .as_u64()
        .expect("total");
    assert!(
        page.contains(&format!("<strong id=\"total\">{total}</strong>")),
        "{page}"
    );
    assert_eq!(page.matches("<li class=\"hit\">").count(), 10);
    assert!(page.contains("<mark>fire</mark>") || page.contains("<mark>Fire</mark>"));
    // One bar per year the CLI's histogram has.
    let years = s.get("/api/facets/dates?q=fire&by=year").json();
    let n = years.as_array().expect("periods").len();
    assert_eq!(page.matches("<rect class=\"bar\"").count(), n);
    // Every country with articles is a shaded, linked shape, or listed under the map when it has no shape.
    let countries = s.get("/api/facets/places?q=fire&top=0").json();
    let shaded =
        page.matches("<path class=\"c").count() - page.matches("<path class=\"c0\"").count();
    let elsewhere = page.matches("class=\"elsewhere-item\"").count();
    assert!(shaded > 0);
    assert_eq!(
        shaded + elsewhere,
        countries.as_array().expect("list").len()
    );
    // More days than a chart can show: drawn by week, and the page says so.
    let days = s.get("/api/facets/dates?by=day").json();
    assert!(days.as_array().expect("days").len() > 1500);
    let weeks = s.get("/api/facets/dates?by=week").json();
    let page = s.get("/?by=day").text();
    assert!(
        page.contains("too many days to draw: the chart shows weeks"),
        "{page}"
    );
    assert_eq!(
        page.matches("<rect class=\"bar\"").count(),
        weeks.as_array().expect("weeks").len()
    );
    let page = s.get("/?q=fire&by=year").text();
    // Paging: the next page starts at 11.
    assert!(page.contains("offset=10"));
    let next = s.get("/?q=fire&offset=10").text();
    assert!(next.contains("showing 11–"), "{next}");
    // The article page shows the text and the evidence of its places.
    let id = s.get("/api/search?q=Derbent&limit=1").json()["hits"][0]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let a = s
        .get(&format!("/articles/{}", id.replace('#', "%23")))
        .text();
    assert!(a.contains("/Russia/Dagestan/Derbent"), "{a}");
    assert!(a.contains("class=\"why\""), "evidence lines:\n{a}");
}

#[test]
fn the_server_follows_ingest_and_rebuild_without_failing_a_request() {
    let env = Env::new();
    for i in 0..20 {
        env.write(
            &format!("a/{i:02}.txt"),
            article(
                &format!("Harbour fire {i}"),
                "2024-06-01",
                "A fire broke out in the harbour of Odessa.",
            ),
        );
    }
    env.rebuild();
    let s = Server::start(env.dir.path(), &env.index, &[]);
    let total = |s: &Server| {
        s.get("/api/search?q=harbour&limit=0").json()["total"]
            .as_u64()
            .expect("total")
    };
    assert_eq!(total(&s), 20);
    // Requests run on other threads all along; none may fail.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let addr = s.addr.clone();
    let failures = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let stop = stop.clone();
            let failures = failures.clone();
            let addr = addr.clone();
            std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    for path in [
                        "/api/search?q=harbour",
                        "/?q=harbour",
                        "/api/stats",
                        "/api/facets/places",
                    ] {
                        let r = client_get(&addr, path);
                        if r.0 != 200 {
                            failures
                                .lock()
                                .expect("lock")
                                .push(format!("{path}: {} {}", r.0, r.1));
                        }
                        n += 1;
                    }
                }
                n
            })
        })
        .collect();
    env.write(
        "b/new.txt",
        article(
            "Harbour fire again",
            "2024-06-02",
            "Another fire in the harbour.",
        ),
    );
    let out = env.ingest(&["-q"]);
    assert_status(&out, 0);
    wait_for(|| total(&s) == 21, "ingest's new article");
    for round in 0..3 {
        env.write(
            &format!("c/{round}.txt"),
            article(
                &format!("Harbour news {round}"),
                "2024-06-03",
                &format!("The harbour reopened, day {round}."),
            ),
        );
        env.rebuild();
        wait_for(|| total(&s) == 22 + round, "the rebuilt index");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let done: usize = workers.into_iter().map(|w| w.join().expect("worker")).sum();
    let failures = failures.lock().expect("lock");
    assert!(
        failures.is_empty(),
        "{} of {done} requests failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(done > 8, "only {done} requests ran during the switches");
}

fn client_get(addr: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    s.write_all(
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .expect("send");
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    let status = out
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = out
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or("")
        .chars()
        .take(300)
        .collect();
    (status, body)
}

fn wait_for(mut ok: impl FnMut() -> bool, what: &str) {
    let start = std::time::Instant::now();
    while !ok() {
        assert!(
            start.elapsed().as_secs() < 20,
            "the server never showed {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
