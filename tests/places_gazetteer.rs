//! The shipped gazetteer: it regenerates byte for byte from the GeoNames files, and it loads fast.

use dateline::places::{generate, Gazetteer};
use std::path::Path;
use std::time::Instant;

#[test]
fn shipped_gazetteer_regenerates_byte_for_byte() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let geonames = root.join("../shared/gazetteer/geonames");
    if !geonames.join("cities15000.txt").exists() {
        eprintln!(
            "SKIPPED shipped_gazetteer_regenerates_byte_for_byte: {} is absent",
            geonames.display()
        );
        return;
    }
    let fresh = generate(&geonames).expect("generating the gazetteer");
    let shipped =
        std::fs::read(root.join("data/gazetteer.bin")).expect("reading data/gazetteer.bin");
    assert!(
        fresh == shipped,
        "data/gazetteer.bin is stale ({} bytes shipped, {} generated): run \
         `cargo run --release --example gen_gazetteer -- ../shared/gazetteer/geonames data/gazetteer.bin`",
        shipped.len(),
        fresh.len()
    );
}

#[test]
fn gazetteer_loads_and_reports_its_load_time() {
    let t = Instant::now();
    let g = Gazetteer::get().expect("the embedded gazetteer loads");
    let spent = t.elapsed();
    // Not a timed assertion (debug builds and busy machines vary); the figure is printed for the record.
    eprintln!(
        "gazetteer: {} bytes, {} entities, {} name keys, loaded in {:.2} ms",
        g.size(),
        g.n_entities(),
        g.n_keys(),
        spent.as_secs_f64() * 1e3
    );
    assert!(g.n_countries() > 200);
    assert!(g.lookup("Derbent").is_some());
    assert!(
        g.lookup("Zurich").is_some(),
        "ASCII spellings fold to the same key"
    );
}

#[test]
fn a_damaged_gazetteer_is_an_error_not_a_panic() {
    use std::borrow::Cow;
    assert!(Gazetteer::from_bytes(Cow::Borrowed(b"")).is_err());
    assert!(Gazetteer::from_bytes(Cow::Borrowed(b"DLGZ\x01\0\0\0garbage")).is_err());
    let shipped =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/gazetteer.bin")).unwrap();
    let mut cut = shipped.clone();
    cut.truncate(shipped.len() / 2);
    assert!(Gazetteer::from_bytes(Cow::Owned(cut)).is_err());
    let mut flipped = shipped;
    // Point the first entity's country far out of range (entities start after the 48-byte header).
    flipped[48 + 8] = 0xFF;
    flipped[48 + 9] = 0xFF;
    assert!(Gazetteer::from_bytes(Cow::Owned(flipped)).is_err());
}
