//! `dateline serve` in a real browser: Chromium driven through chromedriver (WebDriver). Type a query and see
//! hits; click a place facet and see hits and counts change; the chart and the map drawn with the right number of
//! bars and shapes; the back button restores the view; an archive of hostile articles shows its payloads as text
//! and runs none of them. Screenshots of the main views go to `target/tmp/serve-browser/`.
//!
//! Needs `chromium` and `chromedriver` (Debian: `apt-get install chromium chromium-driver`; `.ci/run` installs
//! them). Without them the test says so and passes without running.

mod common;
#[path = "common/server.rs"]
mod server;

use common::{sample_corpus, Env};
use fantoccini::{Client, ClientBuilder, Locator};
use server::{enc, Server};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn find_tool(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env) {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// The sample corpus plus articles whose every field is an attack on the page.
fn corpus() -> Env {
    let env = Env::new();
    copy_dir(&sample_corpus(), &env.corpus);
    let hostile = [
        serde_json::json!({
            "title": "<script>alert('title')</script> Harbour <img src=x onerror=alert('img')>",
            "body": "Body <script>alert('body')</script> harbour \"quoted\" 'single' <b onmouseover=alert(1)>x</b>.",
            "date": "2024-06-01",
            "source": "Evil\" onmouseover=\"alert('source')",
            "url": "javascript:alert(document.cookie)"
        }),
        serde_json::json!({
            "title": "\"><svg onload=alert('svg')> Harbour in Paris",
            "body": "'><iframe src=javascript:alert('frame')></iframe> harbour in Paris, France.",
            "date": "2024-06-02",
            "source": "</title><script>alert('src2')</script>",
            "url": "https://example.org/a?b=\"><script>alert('url')</script>"
        }),
    ];
    let lines: Vec<String> = hostile.iter().map(|r| r.to_string()).collect();
    env.write("hostile/hostile.jsonl", lines.join("\n") + "\n");
    env.rebuild();
    env
}

async fn connect(port: u16) -> Client {
    let caps = serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": find_tool("DATELINE_CHROMIUM", &["chromium", "chromium-browser", "google-chrome"])
                .map(|p| p.display().to_string()),
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,1400", "--hide-scrollbars"]
        }
    });
    let caps = caps.as_object().expect("object").clone();
    let start = Instant::now();
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => return c,
            Err(e) if start.elapsed() < Duration::from_secs(30) => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("cannot start a browser session: {e}"),
        }
    }
}

async fn text_of(c: &Client, css: &str) -> String {
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .text()
        .await
        .expect("text")
}

async fn count(c: &Client, css: &str) -> usize {
    c.find_all(Locator::Css(css)).await.expect("find_all").len()
}

async fn shot(c: &Client, out: &Path, name: &str) {
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(out.join(name), png).expect("write screenshot");
}

/// Waits until the page's address contains `needle` (a click has navigated).
async fn wait_url(c: &Client, needle: &str) {
    let start = Instant::now();
    loop {
        let url = c.current_url().await.expect("url").to_string();
        if url.contains(needle) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the address never held {needle:?}: {url}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[test]
fn search_facets_chart_map_back_button_and_hostile_text_in_chromium() {
    let (Some(_), Some(driver)) = (
        find_tool(
            "DATELINE_CHROMIUM",
            &["chromium", "chromium-browser", "google-chrome"],
        ),
        find_tool("DATELINE_CHROMEDRIVER", &["chromedriver"]),
    ) else {
        eprintln!(
            "skipping the browser test: chromium and chromedriver are not installed \
             (Debian: apt-get install chromium chromium-driver; .ci/run installs them)"
        );
        return;
    };
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-browser");
    std::fs::create_dir_all(&out).expect("output folder");
    let env = corpus();
    let s = Server::start(env.dir.path(), &env.index, &[]);
    let port = free_port();
    let _driver = Driver(
        Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver"),
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let c = connect(port).await;
        let result = tokio::time::timeout(Duration::from_secs(120), run(&c, &s, &out)).await;
        let _ = c.close().await;
        result.expect("the browser test took over two minutes");
    });
    eprintln!("screenshots in {}", out.display());
}

async fn run(c: &Client, s: &Server, out: &Path) {
    // Type a query and see hits.
    c.goto(&s.url("/")).await.expect("open");
    let q = c.find(Locator::Id("q")).await.expect("search box");
    q.send_keys("fire").await.expect("type");
    c.find(Locator::Css("form.search button[type=submit]"))
        .await
        .expect("button")
        .click()
        .await
        .expect("submit");
    wait_url(c, "q=fire").await;
    let total: u64 = s.get("/api/search?q=fire&limit=0").json()["total"]
        .as_u64()
        .expect("total");
    assert_eq!(text_of(c, "#total").await, total.to_string());
    assert_eq!(count(c, "li.hit").await, 10);
    assert!(
        count(c, "li.hit mark").await > 0,
        "matched words are highlighted"
    );

    // The chart, by year: one bar per year of the CLI's histogram.
    c.find(Locator::LinkText("year"))
        .await
        .expect("year link")
        .click()
        .await
        .expect("click");
    wait_url(c, "by=year").await;
    let years = s.get("/api/facets/dates?q=fire&by=year").json();
    assert_eq!(
        count(c, "svg.chart rect.bar").await,
        years.as_array().expect("periods").len()
    );
    // The map: every shape drawn, the countries with articles shaded and linked.
    assert!(count(c, "svg.map path").await > 150);
    let countries = s.get("/api/facets/places?q=fire&top=0").json();
    let shaded = count(c, "svg.map a path").await;
    let elsewhere = count(c, ".elsewhere-item").await;
    assert_eq!(
        shaded + elsewhere,
        countries.as_array().expect("list").len()
    );
    shot(c, out, "search.png").await;

    // Click the first country of the place facet: fewer hits, and the facet drills into it.
    let first = c
        .find(Locator::Css("section[data-facet=countries] li a"))
        .await
        .expect("a country");
    let country = first.text().await.expect("name");
    let expected = c
        .find(Locator::Css("section[data-facet=countries] li .count"))
        .await
        .expect("count")
        .text()
        .await
        .expect("count text");
    first.click().await.expect("click country");
    wait_url(c, "place=").await;
    assert_eq!(
        text_of(c, "#total").await,
        expected,
        "hits after filtering by {country}"
    );
    let api_total = s
        .get(&format!(
            "/api/search?q=fire&place={}&limit=0",
            enc(&format!("/{country}"))
        ))
        .json()["total"]
        .as_u64()
        .expect("total");
    assert_eq!(expected, api_total.to_string());
    assert!(
        count(c, "section[data-facet='places within']").await == 1,
        "the facet drills into {country}"
    );
    shot(c, out, "filtered.png").await;

    // Back: the unfiltered view again.
    c.back().await.expect("back");
    wait_url(c, "by=year").await;
    let start = Instant::now();
    while text_of(c, "#total").await != total.to_string() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "back did not restore the view"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let url = c.current_url().await.expect("url").to_string();
    assert!(!url.contains("place="), "{url}");
    let value = c
        .find(Locator::Id("q"))
        .await
        .expect("box")
        .prop("value")
        .await
        .expect("value");
    assert_eq!(value.as_deref(), Some("fire"));

    // Four queries compared: four lines on the chart.
    c.goto(&s.url("/?q=fire&compare=election&compare=attack&compare=storm&by=year"))
        .await
        .expect("compare");
    assert_eq!(count(c, "svg.chart polyline").await, 4);
    shot(c, out, "compare.png").await;

    // Hostile articles: shown as text, nothing runs.
    c.goto(&s.url("/?q=harbour")).await.expect("hostile search");
    let titles: Vec<String> = {
        let mut t = Vec::new();
        for e in c
            .find_all(Locator::Css("li.hit a.title"))
            .await
            .expect("titles")
        {
            t.push(e.text().await.expect("title"));
        }
        t
    };
    assert!(
        titles
            .iter()
            .any(|t| t.contains("<script>alert('title')</script>")),
        "the payload is shown as text: {titles:?}"
    );
    assert!(c.get_alert_text().await.is_err(), "an alert opened");
    assert_eq!(
        count(c, "li.hit script, li.hit img, li.hit svg, li.hit iframe").await,
        0
    );
    let sources = count(c, "section[data-facet=sources] li a").await;
    assert!(sources >= 2);
    shot(c, out, "hostile.png").await;
    // The article page: the javascript: URL is text, not a link.
    let link = c
        .find(Locator::XPath(
            "//a[contains(@class,'title')][contains(., \"alert('title')\")]",
        ))
        .await
        .expect("hostile title link");
    link.click().await.expect("open article");
    wait_url(c, "/articles/").await;
    assert_eq!(
        text_of(c, ".unsafe-url").await,
        "javascript:alert(document.cookie)"
    );
    assert_eq!(count(c, "a[href^='javascript']").await, 0);
    assert!(
        c.get_alert_text().await.is_err(),
        "an alert opened on the article page"
    );
    c.goto(&s.url("/?q=Derbent")).await.expect("search");
    c.find(Locator::Css("li.hit a.title"))
        .await
        .expect("hit")
        .click()
        .await
        .expect("open");
    wait_url(c, "/articles/").await;
    assert!(count(c, ".evidence li").await > 0);
    shot(c, out, "article.png").await;
}
