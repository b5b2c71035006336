//! Links the `dateline` binary as a position-dependent executable on Linux. A command-line search is a new process
//! each time, and a position-independent one spends a good share of a short query applying its tens of thousands
//! of start-up relocations; a fixed-address executable has none to apply.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
