//! The shipped build (`split` feature) links the app's binary with relocations kept, which
//! `wasm-split-cli` needs to cut it into chunks (`scripts/postbuild.mjs`).

fn main() {
    println!("cargo:rerun-if-env-changed=CARGO_FEATURE_SPLIT");
    if std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo:rustc-link-arg-bin=reses-app=--emit-relocs");
    }
}
