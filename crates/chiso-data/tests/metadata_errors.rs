//! The build stops with a located, readable error when the curated metadata does not cover the raw figures.

use chiso_data::{build_dataset, BuildErrorKind};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A copy of `data/meta` in a fresh temporary directory, with `indicators.toml` passed through `edit`.
fn meta_with(name: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chiso-meta-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let meta = root().join("data/meta");
    std::fs::copy(meta.join("publishers.toml"), dir.join("publishers.toml")).unwrap();
    let indicators = std::fs::read_to_string(meta.join("indicators.toml")).unwrap();
    std::fs::write(dir.join("indicators.toml"), edit(indicators)).unwrap();
    dir
}

fn build_with(meta: &Path) -> Result<chiso_core::model::Dataset, chiso_data::BuildError> {
    build_dataset(&root().join("data/raw"), meta)
}

#[test]
fn an_indicator_without_metadata_stops_the_build_at_its_first_row() {
    let meta = meta_with("missing", |t| t.replace("id = \"villages\"", "id = \"villages_renamed\""));
    let err = build_with(&meta).unwrap_err();
    assert_eq!(err.kind, BuildErrorKind::NoMetadata { indicator: "villages".into() });
    assert!(err.file.ends_with("figures.csv"));
    assert_eq!(err.column.as_deref(), Some("indicator"));
    assert_eq!(err.line, Some(148), "row 116 is on line 148 (header, s1–s31, 1–115)");
    let text = err.to_string();
    assert!(text.contains("line 148, column `indicator`: indicator `villages` has no entry"), "{text}");
    std::fs::remove_dir_all(meta).ok();
}

#[test]
fn metadata_with_an_unknown_measure_stops_the_build() {
    let meta = meta_with("measure", |t| {
        t.replacen(
            "id = \"villages\"\ntheme = \"territory\"\nmeasure = \"count\"",
            "id = \"villages\"\ntheme = \"territory\"\nmeasure = \"number\"",
            1,
        )
    });
    let err = build_with(&meta).unwrap_err();
    assert_eq!(err.kind, BuildErrorKind::UnknownMeasure { measure: "number".into() });
    assert!(err.file.ends_with("indicators.toml"));
    assert_eq!(err.column.as_deref(), Some("indicators[villages].measure"));
    std::fs::remove_dir_all(meta).ok();
}

#[test]
fn the_unmodified_metadata_builds() {
    let meta = meta_with("same", |t| t);
    assert!(build_with(&meta).is_ok());
    std::fs::remove_dir_all(meta).ok();
}

#[test]
fn an_error_on_the_first_row_names_line_2() {
    let meta = meta_with("first", |t| t.replace("id = \"grassroots_party_orgs\"", "id = \"x_grassroots_party_orgs\""));
    let err = build_with(&meta).unwrap_err();
    assert_eq!(err.line, Some(2));
    std::fs::remove_dir_all(meta).ok();
}
