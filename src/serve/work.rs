//! Running a request's searches: on blocking threads (tantivy is synchronous), at most `Limits::workers` at once,
//! each within `Limits::timeout`; and what can go wrong, as an HTTP status and a message.

use super::live::Live;
use super::Limits;
use crate::index::Archive;
use crate::search::run::SearchError;
use axum::http::StatusCode;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// Why a request was not answered.
#[derive(Debug)]
pub enum Failure {
    /// The request asked something wrong (a query syntax error, a bad date, an unknown place or parameter).
    Bad(String),
    NotFound(String),
    /// Too many requests at once, or this one took too long.
    Busy(String),
    Internal(String),
}

impl Failure {
    pub fn status(&self) -> StatusCode {
        match self {
            Failure::Bad(_) => StatusCode::BAD_REQUEST,
            Failure::NotFound(_) => StatusCode::NOT_FOUND,
            Failure::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            Failure::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Failure::Bad(m) | Failure::NotFound(m) | Failure::Busy(m) | Failure::Internal(m) => m,
        }
    }

    /// Errors of the index or the machine (not of the request) are internal; `{:#}` keeps their causes.
    pub fn internal(e: anyhow::Error) -> Failure {
        Failure::Internal(format!("{e:#}"))
    }
}

impl From<SearchError> for Failure {
    fn from(e: SearchError) -> Failure {
        match e {
            SearchError::Syntax(s) => Failure::Bad(s.to_string()),
            SearchError::Other(e) => Failure::internal(e),
        }
    }
}

pub struct Work {
    live: Arc<Live>,
    permits: Arc<Semaphore>,
    queue_wait: Duration,
    timeout: Duration,
}

impl Work {
    pub fn new(live: Arc<Live>, limits: &Limits) -> Work {
        Work {
            live,
            permits: Arc::new(Semaphore::new(limits.workers.max(1))),
            queue_wait: limits.queue_wait,
            timeout: limits.timeout,
        }
    }

    /// Runs `answer` against the current archive on a blocking thread. If it fails on an archive that a rebuild
    /// has just replaced (its files may be gone), it runs once more on the new one: a switch fails no request.
    pub async fn run<T, F>(&self, answer: F) -> Result<T, Failure>
    where
        T: Send + 'static,
        F: Fn(&Archive) -> Result<T, Failure> + Send + 'static,
    {
        let permit =
            match tokio::time::timeout(self.queue_wait, self.permits.clone().acquire_owned()).await
            {
                Ok(Ok(p)) => p,
                _ => {
                    return Err(Failure::Busy(
                        "the server is busy with other searches; try again in a moment".into(),
                    ))
                }
            };
        let live = self.live.clone();
        let task = tokio::task::spawn_blocking(move || {
            // The permit is held until the search ends, even one that outlives its request's time limit: the
            // number of searches running stays bounded.
            let _permit = permit;
            let archive = live.get();
            match answer(&archive) {
                Err(Failure::Internal(m)) if !matches!(archive.is_live(), Ok(true)) => {
                    match live.refresh() {
                        Ok(_) => answer(&live.get()),
                        Err(_) => Err(Failure::Internal(m)),
                    }
                }
                other => other,
            }
        });
        match tokio::time::timeout(self.timeout, task).await {
            Ok(Ok(result)) => result,
            Ok(Err(e)) => Err(Failure::Internal(format!("the search failed: {e}"))),
            Err(_) => Err(Failure::Busy(format!(
                "the search took longer than {} s and was abandoned; narrow the query",
                self.timeout.as_secs()
            ))),
        }
    }
}
