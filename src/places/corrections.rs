//! A user's place corrections: a small text file kept in the corpus root (`.dateline-places`, hidden, so the
//! walker never reads it as an article) that `rebuild` and `ingest` apply to every article they read:
//!
//! ```text
//! # names that are never places in this corpus
//! never Reading
//! # names that always mean one place (a path, as `--place` takes it)
//! always Paris = France/Paris
//! # names the gazetteer lacks, and the place they mean
//! alias Big Apple = United States/New York/New York City
//! ```
//!
//! A line that cannot be used (an unknown rule, a path that is no place or several) is reported with the file
//! and line; the others still apply. `rebuild` keeps a copy of the file it applied in the index
//! (`place-corrections.txt`), so that `ingest` can tell when the file has changed since (and says that a
//! rebuild applies it to the articles already indexed) and `show --explain` reads articles the same way.

use super::gazetteer::Gazetteer;
use super::{norm, typed, Resolution};
use crate::article::PlacePath;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, RwLock};

/// The corrections file's name, in the corpus root.
pub const FILE_NAME: &str = ".dateline-places";
/// The copy of the applied corrections kept in the index root.
pub const APPLIED_NAME: &str = "place-corrections.txt";

/// Parsed corrections: keys (`norm::key`) to what they mean.
#[derive(Debug, Default, Clone)]
pub struct Corrections {
    pub(super) never: Vec<String>,
    pub(super) always: HashMap<String, u32>,
    pub(super) aliases: HashMap<String, u32>,
    /// The most words an alias has.
    pub(super) alias_words: usize,
}

impl Corrections {
    /// Parses the file's text; `source` names it in the messages about lines that cannot be used (which say
    /// only "line N" when it is empty).
    pub fn parse(g: &Gazetteer, text: &str, source: &str) -> (Corrections, Vec<String>) {
        let mut c = Corrections::default();
        let mut problems = Vec::new();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let at = if source.is_empty() {
                format!("line {}", n + 1)
            } else {
                format!("{source}, line {}", n + 1)
            };
            let (rule, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            let rest = rest.trim();
            match rule.to_ascii_lowercase().as_str() {
                "never" => {
                    let key = norm::key(rest);
                    if key.is_empty() {
                        problems.push(format!("{at}: `never` needs a name"));
                    } else {
                        c.never.push(key);
                    }
                }
                "always" | "alias" => {
                    let Some((name, path)) = rest.split_once('=') else {
                        problems.push(format!("{at}: write `{rule} NAME = PATH`"));
                        continue;
                    };
                    let key = norm::key(name);
                    if key.is_empty() {
                        problems.push(format!("{at}: `{rule}` needs a name before `=`"));
                        continue;
                    }
                    match place_of(g, path.trim()) {
                        Ok(e) => {
                            if rule.eq_ignore_ascii_case("alias") && g.lookup(name).is_none() {
                                c.alias_words = c.alias_words.max(key.split(' ').count());
                                c.aliases.insert(key, e);
                            } else {
                                c.always.insert(key, e);
                            }
                        }
                        Err(why) => problems.push(format!("{at}: {why}")),
                    }
                }
                _ => problems.push(format!(
                    "{at}: unknown rule {rule:?}; the rules are `never NAME`, `always NAME = PATH` and \
                     `alias NAME = PATH`"
                )),
            }
        }
        (c, problems)
    }

    pub fn is_empty(&self) -> bool {
        self.never.is_empty() && self.always.is_empty() && self.aliases.is_empty()
    }
}

/// The entity a typed path names (it must name one place).
fn place_of(g: &Gazetteer, path: &str) -> Result<u32, String> {
    let found = match typed::resolve_with(g, path) {
        Resolution::Found(p) | Resolution::Likely { chosen: p, .. } => p,
        Resolution::Ambiguous(all) => {
            let all: Vec<String> = all.iter().map(|p| p.to_string()).collect();
            return Err(format!(
                "{path:?} could be {}; give the full path",
                all.join(", ")
            ));
        }
        Resolution::Unknown => return Err(format!("{path:?} is no place in the gazetteer")),
    };
    entity_of(g, &found).ok_or_else(|| format!("{path:?} is no place in the gazetteer"))
}

/// The entity whose path is `p`.
fn entity_of(g: &Gazetteer, p: &PlacePath) -> Option<u32> {
    let last = p.components().last()?;
    let k = g.lookup(last)?;
    g.readings(k)
        .filter_map(|r| r.entity)
        .find(|&e| g.path(e) == *p)
}

static ACTIVE: RwLock<Option<Arc<Corrections>>> = RwLock::new(None);

/// Makes these corrections apply to every article geoparsed from now on in this process (None: none apply).
pub fn set_active(c: Option<Corrections>) {
    let c = c.filter(|c| !c.is_empty()).map(Arc::new);
    match ACTIVE.write() {
        Ok(mut slot) => *slot = c,
        Err(poisoned) => *poisoned.into_inner() = c,
    }
}

/// The corrections in force, if any.
pub(super) fn active() -> Option<Arc<Corrections>> {
    match ACTIVE.read() {
        Ok(slot) => slot.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    }
}

/// Reads a corrections file if it exists: its text, or an error naming it.
pub fn read_file(path: &Path) -> anyhow::Result<Option<String>> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| anyhow::anyhow!("{}: not UTF-8 text", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(anyhow::anyhow!("{}: {e}", path.display())),
    }
}
