//! The one place that says what time it is. `--since 7d` and the "not in the future" check of dates read the clock
//! here, so tests can pin it: set `DATELINE_NOW` to an RFC 3339 timestamp (as fd pins its clock for time filters).

use chrono::{DateTime, Utc};

/// The environment variable that pins the clock, for tests and reproducible runs.
pub const NOW_VAR: &str = "DATELINE_NOW";

/// The current time, or the pinned time when `DATELINE_NOW` holds a valid RFC 3339 timestamp.
pub fn now() -> DateTime<Utc> {
    std::env::var(NOW_VAR)
        .ok()
        .and_then(|s| DateTime::parse_from_rfc3339(s.trim()).ok())
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_else(Utc::now)
}
