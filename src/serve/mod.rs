//! `dateline serve`: the archive in a browser and as a JSON API, from one process that keeps the index open.
//!
//! Requests go `guard` (Host check, request size, security headers) → `api` or `pages` → `params` (URL
//! parameters → the same `Filters` → `QuerySpec` reading as the command line) → `work` (a bounded pool of
//! blocking searches with a time limit) → `search` → `render::json` (the CLI's JSON, byte for byte) or the HTML
//! templates of `templates/`. `live` notices `ingest` and `rebuild` and switches to what they wrote without
//! failing a request. Nothing here knows tantivy field names; nothing here writes.

mod api;
mod assets;
mod chart;
mod conn;
mod guard;
mod live;
mod map;
mod pages;
mod params;
mod work;

use anyhow::Context;
use axum::routing::get;
use axum::Router;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// What bounds the work one request, and all requests together, can make the server do.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Searches running at once; more wait in line.
    pub workers: usize,
    /// How long a request may wait in line for a worker before it is turned away (503).
    pub queue_wait: Duration,
    /// How long a request may take before it is answered with an error (503).
    pub timeout: Duration,
    /// Longest accepted request target (path and query), in bytes.
    pub max_url: usize,
    /// Connections open at once; more wait until one closes.
    pub connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Limits {
            workers: (2 * cores).clamp(2, 16),
            queue_wait: Duration::from_secs(2),
            timeout: Duration::from_secs(10),
            max_url: 8 * 1024,
            connections: 256,
        }
    }
}

/// How `dateline serve` was asked to run.
#[derive(Clone, Debug)]
pub struct ServeConfig {
    pub index: PathBuf,
    pub addr: SocketAddr,
    /// Host names (besides the address itself, and `localhost` on loopback) that requests may name.
    pub allow_hosts: Vec<String>,
    pub limits: Limits,
    /// How often to look for a new commit or generation.
    pub watch_every: Duration,
}

/// Shared by every request.
pub(crate) struct App {
    pub work: work::Work,
    pub hosts: guard::Hosts,
    pub limits: Limits,
}

/// Runs the server until Ctrl-C (or SIGTERM). Prints the address it serves on stderr.
pub fn serve(cfg: ServeConfig) -> anyhow::Result<()> {
    let live = live::Live::open(&cfg.index)?;
    live.watch(cfg.watch_every);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(cfg.limits.workers + 2)
        // Deeply nested queries recurse: give searches room rather than a stack overflow.
        .thread_stack_size(8 << 20)
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(run(cfg, live))
}

async fn run(cfg: ServeConfig, live: Arc<live::Live>) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(cfg.addr)
        .await
        .with_context(|| format!("cannot listen on {}", cfg.addr))?;
    let addr = listener.local_addr()?;
    let app = Arc::new(App {
        work: work::Work::new(live, &cfg.limits),
        hosts: guard::Hosts::new(addr, &cfg.allow_hosts),
        limits: cfg.limits.clone(),
    });
    let shown = match addr {
        SocketAddr::V6(a) => format!("[{}]:{}", a.ip(), a.port()),
        SocketAddr::V4(a) => a.to_string(),
    };
    if addr.ip().is_loopback() {
        eprintln!(
            "dateline: serving {} at http://{shown}/ (only this machine can connect; --addr 0.0.0.0:{} would open it to others)",
            cfg.index.display(),
            addr.port()
        );
    } else {
        eprintln!(
            "dateline: serving {} at http://{shown}/ (warning: listening on {}, so other machines can read the whole archive; \
             they must address it by a name given with --allow-host)",
            cfg.index.display(),
            addr.ip()
        );
    }
    let listener = conn::Capped::new(listener, cfg.limits.connections);
    axum::serve(listener, router(app))
        .with_graceful_shutdown(shutdown())
        .await
        .context("the server stopped")?;
    eprintln!("dateline: stopped serving");
    Ok(())
}

fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(pages::search))
        .route("/articles/{*id}", get(pages::article))
        .route("/assets/{name}", get(assets::asset))
        .route("/api/search", get(api::search))
        .route("/api/facets/{kind}", get(api::facets))
        .route("/api/articles/{*id}", get(api::article))
        .route("/api/stats", get(api::stats))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            guard::guard,
        ))
        .with_state(app)
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
