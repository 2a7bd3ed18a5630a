//! The JSON Schema of the dataset (`data/schema.json`), generated from the Rust types of [`chiso_core::model`]
//! with `schemars`, so it cannot drift from what the app reads. The dataset points at it with `"$schema":
//! "schema.json"`, which editors such as VS Code use to check and complete a hand-edited file.

#[cfg(feature = "schema")]
use chiso_core::model::Dataset;
#[cfg(feature = "schema")]
use std::path::Path;

/// Where the schema is written, relative to the repository root.
pub const SCHEMA_OUTPUT: &str = "data/schema.json";

/// The `$schema` value written into `data/nghe-an.json` (relative to the dataset, which sits beside it).
pub const SCHEMA_REF: &str = "schema.json";

/// The schema as the text written to `data/schema.json` (pretty-printed, ending with a newline).
#[cfg(feature = "schema")]
pub fn schema_json() -> String {
    let mut schema = schemars::schema_for!(Dataset);
    schema.insert("title".into(), "Chỉ số dataset (schema version 1)".into());
    schema.insert(
        "description".into(),
        "Published indicators of grassroots Party building in Nghệ An: administrative periods, units, themes, \
         indicators, sources and observations. Generated from crates/chiso-core/src/model.rs by `cargo xtask data`; \
         do not edit."
            .into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema always serialises");
    text.push('\n');
    text
}

/// Whether `<root>/data/schema.json` is exactly what [`schema_json`] produces (`false` when it is missing).
#[cfg(feature = "schema")]
pub fn is_up_to_date(repo_root: &Path) -> Result<bool, Box<dyn std::error::Error>> {
    match std::fs::read_to_string(repo_root.join(SCHEMA_OUTPUT)) {
        Ok(current) => Ok(current == schema_json()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Box::new(e)),
    }
}
