//! Writes `data/nghe-an.json` (the same as `cargo xtask data`): `cargo run -p chiso-data --example regenerate`.

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    match chiso_data::regenerate(&root) {
        Ok(path) => println!("wrote {}", path.display()),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
