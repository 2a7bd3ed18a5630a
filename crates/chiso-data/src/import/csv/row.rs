//! Reading one row of the sheet: every cell checked and read (`import::cells`), the unit's code resolved
//! against the base dataset ([`Base`]) on the last day of the reference period, and, when the row has no error,
//! its observation kept with its source.

use super::super::cells::{parse_bound, parse_language, parse_number, parse_period, NumberReading};
use super::{cell_str, CsvImporter, PendingSource, COLUMNS};
use crate::import::{ImportIssue, ImportIssueKind, Severity, MAX_CELL_CHARS};
use crate::units::record_in_force;
use chiso_core::links::safe_link;
use chiso_core::model::{Dataset, Measure, Observation, Unit, Value};
use chiso_core::period::Date;
use chiso_core::sym::Sym;
use std::collections::HashMap;

/// Lookups into the base dataset.
#[derive(Debug, Clone)]
pub(super) struct Base {
    pub(super) ds: Dataset,
    indicators: HashMap<String, usize>,
    units_by_code: HashMap<String, Vec<usize>>,
    pub(super) units_by_id: HashMap<String, usize>,
    period_labels: HashMap<String, String>,
}

impl Base {
    pub(super) fn new(base: &Dataset) -> Base {
        let ds = Dataset {
            schema: base.schema.clone(),
            schema_version: base.schema_version,
            published: None,
            synthetic: base.synthetic,
            periods: base.periods.clone(),
            units: base.units.clone(),
            themes: base.themes.clone(),
            indicators: base.indicators.clone(),
            sources: base.sources.clone(),
            observations: Vec::new(),
        };
        let mut units_by_code: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, u) in ds.units.iter().enumerate().filter(|(_, u)| !u.code.is_empty()) {
            units_by_code.entry(u.code.clone()).or_default().push(i);
        }
        Base {
            indicators: ds.indicators.iter().enumerate().map(|(i, x)| (x.id.clone(), i)).collect(),
            units_by_id: ds.units.iter().enumerate().map(|(i, u)| (u.id.clone(), i)).collect(),
            period_labels: ds.periods.iter().map(|p| (p.id.clone(), p.label.en.clone())).collect(),
            units_by_code,
            ds,
        }
    }

    /// The unit record a code (or unit id) names on `date`, or the labels of the periods the code exists in.
    fn resolve(&self, code: &str, date: Date) -> Result<&Unit, Vec<String>> {
        let records = self.units_by_code.get(code).map(Vec::as_slice).unwrap_or(&[]);
        let units = &self.ds.units;
        if let Some(u) = record_in_force(records.iter().map(|&i| &units[i]), code, None, date, None) {
            return Ok(u);
        }
        if let Some(&i) = self.units_by_id.get(code) {
            return Ok(&units[i]);
        }
        let mut periods: Vec<String> = Vec::new();
        for &i in records {
            let label = units[i].period.as_ref().and_then(|p| self.period_labels.get(p)).cloned().unwrap_or_default();
            if !periods.contains(&label) {
                periods.push(label);
            }
        }
        Err(periods)
    }
}

impl CsvImporter {
    pub(super) fn read_row(&mut self, record: &csv::ByteRecord, row: usize) {
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            return; // an empty row (`,,,,`) as spreadsheets write them
        }
        self.rows_done += 1;
        let width = self.columns.width;
        let extra_filled = record.iter().skip(width).any(|f| !f.iter().all(u8::is_ascii_whitespace));
        if record.len() < width || extra_filled {
            self.issues.push(ImportIssue::new(
                Severity::Error,
                Some(row),
                None,
                None,
                ImportIssueKind::RowLength { found: record.len(), expected: width },
            ));
            return;
        }
        let mut ok = true;
        for (name, &i) in &self.columns.index {
            let text = cell_str(record, i);
            let chars = text.chars().count();
            if chars > MAX_CELL_CHARS {
                self.issues.push(ImportIssue::error(row, name, text, ImportIssueKind::CellTooLong { chars }));
                ok = false;
            }
        }
        if !ok {
            return;
        }
        let get = |name: &str| self.columns.index.get(name).map(|&i| cell_str(record, i).trim()).unwrap_or("");
        let mut issues = Vec::new();
        for c in COLUMNS.iter().filter(|c| c.required && !matches!(c.name, "source_title" | "exact_sentence")) {
            if get(c.name).is_empty() {
                issues.push(ImportIssue::error(row, c.name, "", ImportIssueKind::Required));
            }
        }
        let indicator_id = get("indicator");
        let indicator = match self.base.indicators.get(indicator_id) {
            Some(&i) => Some(&self.base.ds.indicators[i]),
            None => {
                if !indicator_id.is_empty() {
                    issues.push(ImportIssue::error(row, "indicator", indicator_id, ImportIssueKind::UnknownIndicator));
                }
                None
            }
        };
        let period_text = get("reference_period");
        let period = if period_text.is_empty() {
            None
        } else {
            match parse_period(period_text) {
                Some((p, read_as)) => {
                    if read_as {
                        let period = p.period.to_string();
                        issues.push(ImportIssue::warning(
                            row,
                            "reference_period",
                            period_text,
                            ImportIssueKind::PeriodReadAs { period },
                        ));
                    }
                    Some(p)
                }
                None => {
                    issues.push(ImportIssue::error(row, "reference_period", period_text, ImportIssueKind::BadPeriod));
                    None
                }
            }
        };
        let value_text = get("value");
        let value = match (indicator, value_text.is_empty()) {
            (Some(ind), false) if ind.measure == Measure::Category => Some(Value::Category(value_text.to_string())),
            (Some(ind), false) => match parse_number(value_text, ind.measure) {
                Some((v, reading)) => {
                    match reading {
                        NumberReading::Plain => {}
                        NumberReading::DecimalComma => issues.push(ImportIssue::warning(
                            row,
                            "value",
                            value_text,
                            ImportIssueKind::DecimalComma { read: v },
                        )),
                        NumberReading::ThousandsDots => issues.push(ImportIssue::warning(
                            row,
                            "value",
                            value_text,
                            ImportIssueKind::ThousandsDots { read: v },
                        )),
                    }
                    Some(Value::Number(v))
                }
                None => {
                    issues.push(ImportIssue::error(row, "value", value_text, ImportIssueKind::BadNumber));
                    None
                }
            },
            _ => None,
        };
        let code = get("unit_code");
        let mut unit_text = None;
        let unit = match (&period, code.is_empty()) {
            (Some(p), false) => {
                let date = p.period.end();
                match self.base.resolve(code, date) {
                    Ok(u) => {
                        let given = get("unit_name");
                        if !given.is_empty() && !same_name(given, u) {
                            issues.push(ImportIssue::warning(
                                row,
                                "unit_name",
                                given,
                                ImportIssueKind::UnitNameMismatch { code: code.to_string(), official: u.name.clone() },
                            ));
                            unit_text = Some(given.to_string());
                        }
                        Some(u.id.clone())
                    }
                    Err(exists_in) => {
                        issues.push(ImportIssue::error(
                            row,
                            "unit_code",
                            code,
                            ImportIssueKind::UnknownUnit { date, exists_in },
                        ));
                        None
                    }
                }
            }
            _ => None,
        };
        let (title, url) = (get("source_title"), get("source_url"));
        if title.is_empty() && url.is_empty() {
            issues.push(ImportIssue::error(row, "source_title", "", ImportIssueKind::NoSource));
        }
        // Only an http(s) address is kept as the source's link, checked as the browser will read it; anything
        // else (`javascript:`, a bare host name) is a warning here (an error when publishing:
        // `ImportOutcome::for_publishing`), and its text stays as the title when there is no other.
        let link = safe_link(url);
        if !url.is_empty() && link.is_none() {
            issues.push(ImportIssue::warning(row, "source_url", url, ImportIssueKind::BadUrl));
        }
        let (url, title) = match link {
            Some(link) => (link, title),
            None if title.is_empty() => ("", url),
            None => ("", title),
        };
        let sentence = get("exact_sentence");
        if sentence.is_empty() {
            issues.push(ImportIssue::error(row, "exact_sentence", "", ImportIssueKind::NoSentence));
        }
        let language = match parse_language(get("sentence_language")) {
            Some(l) => l,
            None => {
                let l = get("sentence_language");
                issues.push(ImportIssue::error(row, "sentence_language", l, ImportIssueKind::BadLanguage));
                String::new()
            }
        };
        let note = get("note");
        let derived = get("derived");
        let scope = get("scope");
        let bound = parse_bound(get("bound")).unwrap_or_else(|()| {
            issues.push(ImportIssue::error(row, "bound", get("bound"), ImportIssueKind::BadBound));
            None
        });
        let key = (url.to_string(), title.to_string());
        let source_date = get("source_date").to_string();
        let publisher = get("source_publisher").to_string();
        let has_error = issues.iter().any(ImportIssue::is_error);
        self.issues.extend(issues);
        let (Some(indicator), Some(period), Some(value), Some(unit), false) =
            (indicator, period, value, unit, has_error)
        else {
            return;
        };
        let source = match self.source_index.get(&key) {
            Some(&i) => i,
            None => {
                self.sources.push(PendingSource {
                    url: key.0.clone(),
                    title: key.1.clone(),
                    date: source_date,
                    publisher,
                    language: language.clone(),
                    first_row: row,
                });
                self.source_index.insert(key, self.sources.len() - 1);
                self.sources.len() - 1
            }
        };
        self.obs_source.push(source);
        self.observations.push(Observation {
            id: row.to_string(),
            indicator: indicator.id.clone().into(),
            unit: unit.into(),
            period: period.period,
            approximate: period.approximate,
            period_text: period.text.map(Sym::from),
            value,
            bound,
            source: String::new().into(),
            sentence: sentence.to_string().into(),
            sentence_language: language.into(),
            unit_text: unit_text.map(Sym::from),
            scope: (!scope.is_empty()).then(|| scope.into()),
            note: (!note.is_empty()).then(|| note.into()),
            derived: (!derived.is_empty()).then(|| derived.into()),
        });
    }
}

/// Whether a name as written matches a unit (its name or its name without the type word), ignoring case and
/// repeated spaces.
fn same_name(given: &str, u: &Unit) -> bool {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let g = norm(given);
    g == norm(&u.name) || g == norm(&u.short_name)
}
