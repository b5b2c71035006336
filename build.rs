//! Links the `dateline` binary as a position-dependent executable on Linux. A command-line search is a new process
//! each time, and a position-independent one spends a good share of a short query applying its tens of thousands
//! of start-up relocations; a fixed-address executable has none to apply. The cost: the program's own code is not
//! loaded at a random address (its libraries, heap and stack still are), an acceptable trade for a local tool that
//! reads its user's own files. Build with `DATELINE_PIE=1` to link it position-independent anyway.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    // glibc Linux only: musl links static-pie, and its linker setup is not this one.
    let pie = std::env::var_os("DATELINE_PIE").is_some_and(|v| v == "1");
    if os == "linux" && env == "gnu" && !pie {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=DATELINE_PIE");
}
