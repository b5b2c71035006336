//! Places: the gazetteer (derived from GeoNames, bundled with the binary and loaded lazily) and the geoparser that
//! turns an article's text into the places it names and the few it is about.
//!
//! - `norm`: how names and words reduce to keys; `format`: the shipped file's layout; `build`: the generator
//!   (`generate`); `tables`: hand-kept names (short forms, demonyms, region aliases, blocking phrases);
//!   `gazetteer`: loading and lookups; `lexicon`: the word lists of the rules; `matcher`: tokens, datelines and
//!   name matching; `evidence`: what the words around one mention say; `geoparse`: an article's names to its
//!   places, focus and primary place; `typed`: names and paths typed by users.
//!
//! The gazetteer (`data/gazetteer.bin`, GeoNames CC BY 4.0, see `data/GEONAMES-ATTRIBUTION.md`) regenerates byte
//! for byte with `cargo run --release --example gen_gazetteer -- ../shared/gazetteer/geonames data/gazetteer.bin`
//! (a test checks it). Quality and speed: `scripts/eval_places_trnews.py` and `scripts/eval_places_reuters.py`
//! (through the binary, or `--harness` through `examples/eval_places.rs`; `--min-*` floors for CI).

mod build;
pub mod corrections;
mod evidence;
mod format;
mod gazetteer;
mod geoparse;
mod lexicon;
mod matcher;
mod norm;
mod tables;
mod typed;

pub use build::{generate, generate_with, GenOptions};
pub use gazetteer::Gazetteer;

use crate::article::PlacePath;
use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};

/// What geoparsing found in one article.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Geo {
    /// Every place the article names (most specific paths; ancestors are implied).
    pub places: Vec<PlacePath>,
    /// The few places the article is about.
    pub focus: Vec<PlacePath>,
    /// The dateline place, else the strongest focus place.
    pub primary: Option<PlacePath>,
}

/// How a place name typed by a user (`--place Derbent`) resolved.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolution {
    /// One reading, or a path that exists as typed.
    Found(PlacePath),
    /// Several readings; the first is clearly the most likely and is used (the caller says so on stderr).
    Likely {
        chosen: PlacePath,
        others: Vec<PlacePath>,
    },
    /// Several readings, none clearly more likely: the caller reports an error listing them.
    Ambiguous(Vec<PlacePath>),
    /// No such place in the gazetteer.
    Unknown,
}

thread_local! {
    static SCRATCH: RefCell<matcher::Scratch> = RefCell::new(matcher::Scratch::default());
}

static WARNED: AtomicBool = AtomicBool::new(false);

/// The embedded gazetteer, or None (with one warning on stderr) if it cannot be read.
fn gazetteer() -> Option<&'static Gazetteer> {
    match Gazetteer::get() {
        Ok(g) => Some(g),
        Err(e) => {
            if !WARNED.swap(true, Ordering::Relaxed) {
                eprintln!("warning: the place gazetteer is unusable, no places will be found: {e}");
            }
            None
        }
    }
}

/// Finds the places in an article.
pub fn geoparse(title: &str, body: &str) -> Geo {
    let Some(g) = gazetteer() else {
        return Geo::default();
    };
    let corr = corrections::active();
    SCRATCH.with(|s| match s.try_borrow_mut() {
        Ok(mut s) => geoparse::geoparse_with(g, title, body, &mut s, corr.as_deref(), None),
        Err(_) => geoparse::geoparse_with(
            g,
            title,
            body,
            &mut matcher::Scratch::default(),
            corr.as_deref(),
            None,
        ),
    })
}

/// Parses a user's corrections file (see `corrections`) and makes it apply to every article geoparsed from now
/// on in this process (`None`: no corrections). Returns the lines that could not be used, each naming `source`
/// and its line.
pub fn use_corrections(text: Option<&str>, source: &str) -> Vec<String> {
    let Some(g) = gazetteer() else {
        return Vec::new();
    };
    match text {
        Some(t) => {
            let (c, problems) = corrections::Corrections::parse(g, t, source);
            corrections::set_active(Some(c));
            problems
        }
        None => {
            corrections::set_active(None);
            Vec::new()
        }
    }
}

/// Resolves a user's place argument: a path (`Russia/Dagestan`) or a bare name (`Dagestan`).
pub fn resolve(name: &str) -> Resolution {
    let Some(g) = gazetteer() else {
        return Resolution::Unknown;
    };
    typed::resolve_with(g, name)
}

/// Places named nearly like `name` (a typo away), nearest first: for "no such place" messages.
pub fn suggest(name: &str) -> Vec<PlacePath> {
    gazetteer().map_or_else(Vec::new, |g| typed::suggest_with(g, name, 3))
}

/// Geoparses and also returns one line per name found, saying how it was judged and resolved (for tuning and
/// for `--explain`-style diagnostics).
pub fn explain(title: &str, body: &str) -> (Geo, Vec<String>) {
    let Some(g) = gazetteer() else {
        return (Geo::default(), Vec::new());
    };
    let mut lines = Vec::new();
    let corr = corrections::active();
    let geo = geoparse::geoparse_with(
        g,
        title,
        body,
        &mut matcher::Scratch::default(),
        corr.as_deref(),
        Some(&mut lines),
    );
    (geo, lines)
}
