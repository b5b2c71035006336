//! The world map: Natural Earth's country shapes (embedded, see `assets/WORLD-ATTRIBUTION.md`), each shaded by how
//! many matching articles mention the country, and each a link that filters by it; the most mentioned cities as
//! dots (GeoNames coordinates, `assets/cities.tsv`), sized by count, each a link too.

use super::params::Params;
use crate::search::PlaceCount;
use std::collections::HashMap;
use std::sync::LazyLock;

/// `name TAB svg-path` lines, written by `scripts/world_map.py`.
const WORLD: &str = include_str!("assets/world.tsv");
pub const WIDTH: u32 = 1000;
pub const HEIGHT: u32 = 460;

static SHAPES: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    WORLD
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .collect()
});

/// `=Country` lines, then `City TAB x TAB y` lines, written by `scripts/city_points.py` in the same frame.
const CITIES: &str = include_str!("assets/cities.tsv");

/// Where each (country, city) is in the map's frame.
type Points = HashMap<(&'static str, &'static str), (f32, f32)>;

static POINTS: LazyLock<Points> = LazyLock::new(|| {
    let mut out = HashMap::new();
    let mut country = "";
    for line in CITIES.lines() {
        if line.starts_with('#') {
            continue;
        }
        if let Some(c) = line.strip_prefix('=') {
            country = c;
            continue;
        }
        let mut f = line.split('\t');
        if let (Some(name), Some(Ok(x)), Some(Ok(y))) = (
            f.next(),
            f.next().map(str::parse::<f32>),
            f.next().map(str::parse::<f32>),
        ) {
            out.insert((country, name), (x, y));
        }
    }
    out
});

pub struct Dot {
    pub cx: String,
    pub cy: String,
    pub r: String,
    pub href: String,
    pub title: String,
}

pub struct Country {
    pub name: &'static str,
    pub d: &'static str,
    /// `c0` (no article) to `c5` (the most).
    pub class: &'static str,
    pub count: u64,
    pub href: String,
}

pub struct Elsewhere {
    pub name: String,
    pub count: u64,
    pub href: String,
}

pub struct MapView {
    pub width: u32,
    pub height: u32,
    pub countries: Vec<Country>,
    /// Countries with articles that the map has no shape for (small islands, city states).
    pub elsewhere: Vec<Elsewhere>,
    pub shaded: usize,
    /// The most mentioned cities whose place on the map is known.
    pub dots: Vec<Dot>,
}

const CLASSES: [&str; 6] = ["c0", "c1", "c2", "c3", "c4", "c5"];

fn class_of(count: u64, max: u64) -> &'static str {
    if count == 0 || max == 0 {
        return CLASSES[0];
    }
    // A log scale: one article shows, and the largest does not wash out the rest.
    let level = ((count as f64).ln_1p() / (max as f64).ln_1p() * 5.0).ceil() as usize;
    CLASSES[level.clamp(1, 5)]
}

pub fn view(p: &Params, countries: &[PlaceCount], cities: &[PlaceCount]) -> MapView {
    let counts: HashMap<&str, u64> = countries
        .iter()
        .filter_map(|c| Some((c.place.country()?, c.count)))
        .collect();
    let max = counts.values().copied().max().unwrap_or(0);
    let link = |name: &str| p.link(|q| q.place = vec![format!("/{name}")]);
    let shapes = &*SHAPES;
    let mut shaded = 0;
    let drawn: Vec<Country> = shapes
        .iter()
        .map(|&(name, d)| {
            let count = counts.get(name).copied().unwrap_or(0);
            shaded += usize::from(count > 0);
            Country {
                name,
                d,
                class: class_of(count, max),
                count,
                href: if count > 0 { link(name) } else { String::new() },
            }
        })
        .collect();
    let on_map: std::collections::HashSet<&str> = shapes.iter().map(|(n, _)| *n).collect();
    let elsewhere = countries
        .iter()
        .filter_map(|c| {
            let name = c.place.country()?;
            (!on_map.contains(name)).then(|| Elsewhere {
                name: name.to_string(),
                count: c.count,
                href: link(name),
            })
        })
        .collect();
    let top = cities.iter().map(|c| c.count).max().unwrap_or(0).max(1) as f64;
    let mut dots: Vec<Dot> = cities
        .iter()
        .filter_map(|c| {
            let parts = c.place.components();
            let (country, city) = (parts.first()?, parts.last()?);
            let &(x, y) = POINTS.get(&(country.as_str(), city.as_str()))?;
            let path = c.place.to_string();
            Some(Dot {
                cx: format!("{x:.1}"),
                cy: format!("{y:.1}"),
                r: format!("{:.1}", 2.0 + 6.0 * (c.count as f64 / top).sqrt()),
                href: p.link(|q| q.place = vec![path.clone()]),
                title: format!(
                    "{city}, {}: {}",
                    parts[..parts.len() - 1].join(", "),
                    c.count
                ),
            })
        })
        .collect();
    // The biggest drawn first, so that small dots stay on top and clickable.
    dots.reverse();
    MapView {
        width: WIDTH,
        height: HEIGHT,
        countries: drawn,
        elsewhere,
        shaded,
        dots,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::PlacePath;

    #[test]
    fn shapes_load_and_shade() {
        assert!(SHAPES.len() > 150, "{}", SHAPES.len());
        let counts = vec![
            PlaceCount {
                place: PlacePath::new(["Russia"]),
                count: 10,
            },
            PlaceCount {
                place: PlacePath::new(["Singapore"]),
                count: 1,
            },
        ];
        let cities = vec![
            PlaceCount {
                place: PlacePath::new(["Russia", "Dagestan", "Derbent"]),
                count: 4,
            },
            PlaceCount {
                place: PlacePath::new(["Russia", "Nowhere", "Nosuchtown"]),
                count: 9,
            },
        ];
        let v = view(&Params::default(), &counts, &cities);
        assert_eq!(v.dots.len(), 1, "a city without coordinates has no dot");
        assert!(
            v.dots[0].title.starts_with("Derbent, Russia, Dagestan: 4"),
            "{}",
            v.dots[0].title
        );
        assert_eq!(v.shaded, 1);
        let russia = v.countries.iter().find(|c| c.name == "Russia").unwrap();
        assert_eq!(russia.class, "c5");
        assert!(russia.href.contains("place=%2FRussia"));
        assert_eq!(v.elsewhere.len(), 1);
    }
}
