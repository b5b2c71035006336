//! What every request passes before it reaches a page: only GET and HEAD, a bounded request target, a Host header
//! that names this server (a page on another site that rebinds its DNS name to 127.0.0.1 sends its own name, and
//! is turned away), and on every response the headers that keep a browser strict: a Content-Security-Policy
//! without inline script, no sniffing, no framing, no referrer.

use super::App;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::sync::Arc;

/// Content-Security-Policy of every response: scripts, styles and images only from this server, no inline
/// script, no plugins, no framing, forms only to this server.
pub const CSP: &str =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The Host header values this server answers to.
pub struct Hosts {
    allowed: Vec<String>,
}

impl Hosts {
    pub fn new(addr: SocketAddr, extra: &[String]) -> Hosts {
        let port = addr.port();
        let mut names: Vec<String> = Vec::new();
        let ip = match addr {
            SocketAddr::V4(a) => a.ip().to_string(),
            SocketAddr::V6(a) => format!("[{}]", a.ip()),
        };
        names.push(ip);
        if addr.ip().is_loopback() {
            names.extend([
                "localhost".to_string(),
                "127.0.0.1".to_string(),
                "[::1]".to_string(),
            ]);
        }
        for h in extra {
            names.push(h.trim().to_ascii_lowercase());
        }
        let mut allowed = Vec::new();
        for n in names {
            if n.contains(':') && !n.starts_with('[') {
                // Given with a port already (`--allow-host example.org:8080`).
                allowed.push(n);
                continue;
            }
            allowed.push(format!("{n}:{port}"));
            if port == 80 {
                allowed.push(n);
            }
        }
        allowed.sort();
        allowed.dedup();
        Hosts { allowed }
    }

    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        let host = host.strip_suffix('.').unwrap_or(&host);
        self.allowed.iter().any(|a| a == host)
    }
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{message}\n"),
    )
        .into_response()
}

pub async fn guard(State(app): State<Arc<App>>, req: Request<Body>, next: Next) -> Response {
    let mut response = match check(&app, &req) {
        Some(refusal) => refusal,
        None => next.run(req).await,
    };
    secure(&mut response);
    response
}

/// A refusal, when the request may not pass.
fn check(app: &App, req: &Request<Body>) -> Option<Response> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = refuse(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD: nothing on this server can be changed",
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return Some(r);
    }
    let target = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if target > app.limits.max_url {
        return Some(refuse(
            StatusCode::URI_TOO_LONG,
            &format!("the address is longer than {} bytes", app.limits.max_url),
        ));
    }
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()));
    match host {
        Some(h) if app.hosts.allows(h) => None,
        Some(_) => Some(refuse(
            StatusCode::MISDIRECTED_REQUEST,
            "this server answers only to the address it listens on (give others with --allow-host)",
        )),
        None => Some(refuse(
            StatusCode::BAD_REQUEST,
            "the request has no Host header",
        )),
    }
}

fn secure(r: &mut Response) {
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_allows_its_own_names_only() {
        let h = Hosts::new("127.0.0.1:8080".parse().unwrap(), &[]);
        for ok in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST:8080",
            "[::1]:8080",
        ] {
            assert!(h.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example:8080",
            "127.0.0.1:8081",
            "localhost",
            "127.0.0.1.evil:8080",
            "",
        ] {
            assert!(!h.allows(bad), "{bad}");
        }
    }

    #[test]
    fn extra_names_and_port_80() {
        let h = Hosts::new("0.0.0.0:80".parse().unwrap(), &["archive.lan".to_string()]);
        assert!(h.allows("archive.lan"));
        assert!(h.allows("archive.lan:80"));
        assert!(!h.allows("localhost"));
    }
}
