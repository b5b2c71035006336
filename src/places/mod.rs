//! Places: the gazetteer (derived from GeoNames, bundled with the binary and loaded lazily) and the geoparser that
//! turns an article's text into the places it names and the few it is about.
//!
//! INTERFACE STUB: the places work fills this in; the signatures below are what ingest and search call.

use crate::article::PlacePath;

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

/// Finds the places in an article.
pub fn geoparse(title: &str, body: &str) -> Geo {
    let _ = (title, body);
    Geo::default()
}

/// Resolves a user's place argument: a path (`Russia/Dagestan`) or a bare name (`Dagestan`).
pub fn resolve(name: &str) -> Resolution {
    Resolution::Found(PlacePath::parse(name))
}
