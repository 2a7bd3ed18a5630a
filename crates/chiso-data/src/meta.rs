//! The curated metadata in `data/meta/`: themes and indicators (`indicators.toml`), publisher names
//! (`publishers.toml`) and the edition of the dataset (`dataset.toml`).

use crate::{BuildError, BuildErrorKind};
use chiso_core::model::{Category, Indicator, Localized, Measure, Parts, Theme};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorsFile {
    themes: Vec<Theme>,
    indicators: Vec<IndicatorEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorEntry {
    id: String,
    theme: String,
    measure: String,
    name: Localized,
    description: Localized,
    #[serde(default)]
    higher_is_better: Option<bool>,
    #[serde(default)]
    categories: Vec<Category>,
    #[serde(default)]
    parts: Option<Parts>,
}

/// Reads a measure id as written in metadata and in the `unit` column of `figures.csv`.
pub(crate) fn measure_from_id(s: &str) -> Option<Measure> {
    match s {
        "count" => Some(Measure::Count),
        "percent" => Some(Measure::Percent),
        "category" => Some(Measure::Category),
        "flag" => Some(Measure::Flag),
        _ => None,
    }
}

fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, BuildError> {
    let err = |kind| BuildError { file: path.to_path_buf(), line: None, column: None, kind };
    let text = std::fs::read_to_string(path).map_err(|e| err(BuildErrorKind::Read(e.to_string())))?;
    toml::from_str(&text).map_err(|e| err(BuildErrorKind::Toml(e.to_string())))
}

/// Themes in display order and indicators ordered by theme, then by their order in the file.
pub(crate) fn read_indicators(meta_dir: &Path) -> Result<(Vec<Theme>, Vec<Indicator>), BuildError> {
    let path = meta_dir.join("indicators.toml");
    let file: IndicatorsFile = read_toml(&path)?;
    let err = |id: &str, column: &str, kind| BuildError {
        file: path.clone(),
        line: None,
        column: Some(format!("indicators[{id}].{column}")),
        kind,
    };
    let mut indicators = Vec::new();
    for e in file.indicators {
        let measure = measure_from_id(&e.measure)
            .ok_or_else(|| err(&e.id, "measure", BuildErrorKind::UnknownMeasure { measure: e.measure.clone() }))?;
        if !file.themes.iter().any(|t| t.id == e.theme) {
            return Err(err(&e.id, "theme", BuildErrorKind::Invalid(format!("there is no theme `{}`", e.theme))));
        }
        if (measure == Measure::Category) == e.categories.is_empty() {
            return Err(err(
                &e.id,
                "categories",
                BuildErrorKind::Invalid("categories are required for, and only for, measure `category`".into()),
            ));
        }
        indicators.push(Indicator {
            id: e.id,
            theme: e.theme,
            measure,
            name: e.name,
            description: e.description,
            higher_is_better: e.higher_is_better,
            categories: e.categories,
            parts: e.parts,
        });
    }
    let rank = |theme: &str| file.themes.iter().position(|t| t.id == theme).unwrap_or(usize::MAX);
    indicators.sort_by_key(|i| rank(&i.theme)); // stable: keeps the file order within a theme
    Ok((file.themes, indicators))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Publishers {
    #[serde(default)]
    domains: BTreeMap<String, String>,
    #[serde(default)]
    files: BTreeMap<String, String>,
}

impl Publishers {
    pub fn read(meta_dir: &Path) -> Result<Publishers, BuildError> {
        read_toml(&meta_dir.join("publishers.toml"))
    }

    /// The publisher of a web address: the longest matching domain key (a host matches its domain and any
    /// subdomain; a key with a path matches addresses starting with it), else the host itself.
    pub fn for_url(&self, url: &str) -> String {
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        let host = rest.split(['/', '?']).next().unwrap_or(rest);
        let matches = |key: &str| {
            if key.contains('/') {
                rest.starts_with(key) || rest.strip_prefix("www.").is_some_and(|r| r.starts_with(key))
            } else {
                host == key || host.ends_with(&format!(".{key}"))
            }
        };
        self.domains
            .iter()
            .filter(|(k, _)| matches(k))
            .max_by_key(|(k, _)| k.len())
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| host.trim_start_matches("www.").to_string())
    }

    /// The publisher of a bundled file (path as written in `figures.csv`), if listed.
    pub fn for_file(&self, file: &str) -> Option<String> {
        self.files.get(file).cloned()
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct DatasetMeta {
    /// Publication date of this edition (`2026-11-29`).
    #[serde(default)]
    pub published: Option<String>,
}

impl DatasetMeta {
    /// Reads `dataset.toml`; an absent file means nothing is declared.
    pub fn read(meta_dir: &Path) -> Result<DatasetMeta, BuildError> {
        let path = meta_dir.join("dataset.toml");
        if !path.exists() {
            return Ok(DatasetMeta::default());
        }
        let meta: DatasetMeta = read_toml(&path)?;
        if let Some(p) = &meta.published {
            if p.parse::<chiso_core::period::Date>().is_err() {
                return Err(BuildError {
                    file: path,
                    line: None,
                    column: Some("published".into()),
                    kind: BuildErrorKind::BadValue { value: p.clone(), expected: "a date YYYY-MM-DD".into() },
                });
            }
        }
        Ok(meta)
    }
}
