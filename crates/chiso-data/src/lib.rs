//! Builds the bundled dataset from the raw files in `data/raw/` (unit lists of every period, the 2025 mapping,
//! district flags, `figures.csv`) and the curated metadata in `data/meta/` (themes, indicators, publishers).
//!
//! - [`build`] / [`build_dataset`] read everything into a [`Dataset`] and say what became of every raw row.
//! - [`regenerate`] builds, validates ([`chiso_core::validate`]) and writes `data/nghe-an.json`.
//! - [`is_up_to_date`] tells whether that file, `data/schema.json` ([`schema`]) and the maps of [`geo`] match what
//!   the raw data, the metadata and the Rust types produce.
//! - The data tool for the people who keep the figures (the `chiso-data` binary): [`template`] (an empty sheet and
//!   its reference sheets), [`import`] (a CSV or JSON file → a dataset, with every issue located by row and column;
//!   pure, so the browser previews a reader's file with it), [`diff`] (what a new dataset changes) and
//!   [`synthetic`] (a seeded dataset at real scale, for tests and benchmarks only).
//! - [`worker`]: the messages between the app and its file worker (the import and publish code above, run in a Web
//!   Worker from a second wasm), and the worker's side of them.
//!
//! Rules, in brief:
//! - Units: one record per period per unit, id `{code}@{period}`; the province is `40`, blocs `bloc-{slug}`.
//!   Links come from `code_2020`/`status_2020`, `code_2025_01`/`status_2025_01` and `old-to-new-2025-07.csv`; a
//!   record continues its predecessor's lineage when it keeps the code and the link is `kept`, `renamed`,
//!   `type_changed` or `moved_district`; July 2025 communes start new lineages.
//! - Figures: every row of `figures.csv` becomes one [`Observation`] with the row id, except the `flag` rows, which
//!   become cited flags on the district records ([`RowFate`]). District and commune codes resolve to the record in
//!   force at the end of the reference period.

#![deny(missing_docs)]

pub mod diff;
mod figures;
pub mod geo;
pub mod import;
mod meta;
pub mod publish;
pub mod schema;
pub mod synthetic;
mod table;
pub mod template;
mod text;
mod units;
pub mod worker;

use chiso_core::model::{Dataset, Observation, SCHEMA_VERSION};
use chiso_core::validate::validate;
use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

pub use figures::NOT_BORDER_NOTE;

/// Where the dataset is written, relative to the repository root.
pub const OUTPUT: &str = "data/nghe-an.json";

/// Why the dataset could not be built: the file, the line (the header is line 1) and column when known, and what is
/// wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    /// The file at fault.
    pub file: PathBuf,
    /// Line in the file, when the problem is on one line.
    pub line: Option<usize>,
    /// Column (CSV header, or metadata key), when the problem is in one.
    pub column: Option<String>,
    /// What is wrong.
    pub kind: BuildErrorKind,
}

/// What is wrong, for a [`BuildError`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildErrorKind {
    /// The file could not be read.
    Read(String),
    /// The file is not well-formed CSV.
    Csv(String),
    /// The file is not well-formed TOML of the expected shape.
    Toml(String),
    /// The file lacks a column the build needs.
    MissingColumn,
    /// A value is not of the expected form.
    BadValue {
        /// The value as written.
        value: String,
        /// What was expected.
        expected: String,
    },
    /// An indicator used in `figures.csv` has no entry in `data/meta/indicators.toml`.
    NoMetadata {
        /// The indicator id.
        indicator: String,
    },
    /// The metadata gives a measure other than `count`, `percent`, `category`, `flag`.
    UnknownMeasure {
        /// The measure as written.
        measure: String,
    },
    /// A code or unit id that names no unit (of the right level, in force at the date).
    UnknownUnit {
        /// The id or a description of what was looked for.
        id: String,
    },
    /// Anything else that is inconsistent.
    Invalid(String),
}

impl fmt::Display for BuildErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildErrorKind::Read(e) => write!(f, "cannot read the file: {e}"),
            BuildErrorKind::Csv(e) => write!(f, "malformed CSV: {e}"),
            BuildErrorKind::Toml(e) => write!(f, "malformed metadata: {e}"),
            BuildErrorKind::MissingColumn => write!(f, "the column is missing"),
            BuildErrorKind::BadValue { value, expected } => write!(f, "\"{value}\" is not {expected}"),
            BuildErrorKind::NoMetadata { indicator } => {
                write!(f, "indicator `{indicator}` has no entry in data/meta/indicators.toml")
            }
            BuildErrorKind::UnknownMeasure { measure } => {
                write!(f, "unknown measure \"{measure}\" (expected count, percent, category or flag)")
            }
            BuildErrorKind::UnknownUnit { id } => write!(f, "no unit: {id}"),
            BuildErrorKind::Invalid(m) => f.write_str(m),
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(l) = self.line {
            write!(f, ", line {l}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column `{c}`")?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl std::error::Error for BuildError {}

/// What became of one row of `figures.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowFate {
    /// The row became the observation with this id (the row id).
    Observation {
        /// Row id.
        row: String,
    },
    /// The row became a cited flag on every period record of a district.
    Flag {
        /// Row id.
        row: String,
        /// Flag id on the unit (`borders_laos`, `mountainous`, `poor_district`).
        flag: String,
        /// District code.
        code: String,
    },
}

impl RowFate {
    /// The raw row id.
    pub fn row(&self) -> &str {
        match self {
            RowFate::Observation { row } | RowFate::Flag { row, .. } => row,
        }
    }
}

/// A built dataset and the account of every raw figure row.
#[derive(Debug, Clone)]
pub struct Build {
    /// The dataset.
    pub dataset: Dataset,
    /// One entry per row of `figures.csv`, in file order.
    pub rows: Vec<RowFate>,
}

/// Builds the dataset and the row account from `raw_dir` (`data/raw`) and `meta_dir` (`data/meta`).
pub fn build(raw_dir: &Path, meta_dir: &Path) -> Result<Build, BuildError> {
    let (themes, indicators) = meta::read_indicators(meta_dir)?;
    let publishers = meta::Publishers::read(meta_dir)?;
    let edition = meta::DatasetMeta::read(meta_dir)?;
    let mut units = units::read_units(&raw_dir.join("units"))?;
    let figures = figures::read_figures(raw_dir, &indicators, &publishers, &mut units)?;
    // Province first, then blocs, then the periods' records in list order.
    let mut unit_list = units.list;
    let blocs: Vec<_> = unit_list.iter().filter(|u| u.level == chiso_core::model::Level::Bloc).cloned().collect();
    unit_list.retain(|u| u.level != chiso_core::model::Level::Bloc);
    unit_list.splice(1..1, blocs);
    let dataset = Dataset {
        schema: Some(schema::SCHEMA_REF.to_string()),
        published: edition.published,
        synthetic: false,
        schema_version: SCHEMA_VERSION,
        periods: units::periods(),
        units: unit_list,
        themes,
        indicators,
        sources: figures.sources,
        observations: figures.observations,
    };
    Ok(Build { dataset, rows: figures.rows })
}

/// Builds the dataset from `raw_dir` (`data/raw`) and `meta_dir` (`data/meta`).
pub fn build_dataset(raw_dir: &Path, meta_dir: &Path) -> Result<Dataset, BuildError> {
    build(raw_dir, meta_dir).map(|b| b.dataset)
}

/// What each row of `figures.csv` became (see [`RowFate`]).
pub fn account_for_rows(raw_dir: &Path, meta_dir: &Path) -> Result<Vec<RowFate>, BuildError> {
    build(raw_dir, meta_dir).map(|b| b.rows)
}

fn line<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("dataset types always serialise")
}

/// The dataset as the JSON text written to `data/nghe-an.json`: deterministic, one record per line (so diffs show
/// which unit or observation changed), fields in declaration order.
pub fn render_json(ds: &Dataset) -> String {
    render_json_as(ds, ds.schema.as_deref(), ds.published.as_deref())
}

/// [`render_json`] with the given `$schema` and `published` in place of the dataset's own.
fn render_json_as(ds: &Dataset, schema: Option<&str>, published: Option<&str>) -> String {
    fn array<T: Serialize>(out: &mut String, name: &str, items: &[T], last: bool) {
        out.push_str(&format!("  \"{name}\": ["));
        for (i, item) in items.iter().enumerate() {
            out.push_str(if i == 0 { "\n    " } else { ",\n    " });
            out.push_str(&line(item));
        }
        out.push_str(if items.is_empty() { "]" } else { "\n  ]" });
        out.push_str(if last { "\n" } else { ",\n" });
    }
    let mut out = String::from("{\n");
    if let Some(schema) = schema {
        out.push_str(&format!("  \"$schema\": {},\n", line(&schema)));
    }
    out.push_str(&format!("  \"schema_version\": {},\n", ds.schema_version));
    if let Some(published) = published {
        out.push_str(&format!("  \"published\": {},\n", line(&published)));
    }
    if ds.synthetic {
        out.push_str("  \"synthetic\": true,\n");
    }
    array(&mut out, "periods", &ds.periods, false);
    array(&mut out, "units", &ds.units, false);
    array(&mut out, "themes", &ds.themes, false);
    array(&mut out, "indicators", &ds.indicators, false);
    array(&mut out, "sources", &ds.sources, false);
    array::<Observation>(&mut out, "observations", &ds.observations, true);
    out.push_str("}\n");
    out
}

/// The validation issues of a dataset as one error, one issue per line.
#[derive(Debug, Clone)]
pub struct InvalidDataset {
    /// The issues, as English messages.
    pub issues: Vec<String>,
}

impl fmt::Display for InvalidDataset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the dataset has {} issue(s):", self.issues.len())?;
        for i in &self.issues {
            writeln!(f, "  - {i}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InvalidDataset {}

/// Builds and validates the dataset of the repository at `repo_root`, returning its JSON text.
pub fn build_json(repo_root: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let ds = build_dataset(&repo_root.join("data/raw"), &repo_root.join("data/meta"))?;
    let issues = validate(&ds);
    if !issues.is_empty() {
        return Err(Box::new(InvalidDataset { issues: issues.iter().map(|i| i.message_en()).collect() }));
    }
    Ok(render_json(&ds))
}

/// Builds the dataset from `<root>/data/raw` and `<root>/data/meta`, validates it (any issue is an error listing
/// them all), and writes `<root>/data/nghe-an.json`, its JSON Schema `<root>/data/schema.json` ([`schema`]), then
/// the map boundaries of `<root>/data/geo/` ([`geo`]). Returns the path of the dataset.
#[cfg(feature = "schema")]
pub fn regenerate(repo_root: &Path) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let json = build_json(repo_root)?;
    let path = repo_root.join(OUTPUT);
    std::fs::write(&path, json).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let schema_path = repo_root.join(schema::SCHEMA_OUTPUT);
    std::fs::write(&schema_path, schema::schema_json())
        .map_err(|e| format!("cannot write {}: {e}", schema_path.display()))?;
    geo::regenerate(repo_root, &build_dataset(&repo_root.join("data/raw"), &repo_root.join("data/meta"))?)?;
    Ok(path)
}

/// Whether `<root>/data/nghe-an.json`, `<root>/data/schema.json` and `<root>/data/geo/` are exactly what
/// [`regenerate`] would write (`false` when a file is missing).
#[cfg(feature = "schema")]
pub fn is_up_to_date(repo_root: &Path) -> Result<bool, Box<dyn std::error::Error>> {
    if !schema::is_up_to_date(repo_root)? {
        return Ok(false);
    }
    let json = build_json(repo_root)?;
    let ds = build_dataset(&repo_root.join("data/raw"), &repo_root.join("data/meta"))?;
    if !geo::stale_files(repo_root, &ds)?.is_empty() {
        return Ok(false);
    }
    match std::fs::read_to_string(repo_root.join(OUTPUT)) {
        Ok(current) => Ok(current == json),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Box::new(e)),
    }
}
