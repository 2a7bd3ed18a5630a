//! The JSON importer ([`JsonImporter`], [`import_json`]): a whole dataset file parsed a piece at a time, checked
//! against every rule a slice of observations at a time, and each issue placed on the line of its record.

use super::{decode, ImportIssue, ImportIssueKind, ImportOutcome, Progress, Severity};
use chiso_core::model::Dataset;
use chiso_core::stream::JsonStream;
use chiso_core::validate::{Issue, IssueKind, Subject, Validator};
use std::collections::{HashMap, HashSet};

/// Line of each record of a dataset written one record per line (as `data/nghe-an.json` is), by collection and id.
fn record_lines(text: &str) -> HashMap<(&'static str, String), usize> {
    const SECTIONS: [&str; 6] = ["periods", "units", "themes", "indicators", "sources", "observations"];
    let mut out = HashMap::new();
    let mut section: Option<&'static str> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if let Some(s) = SECTIONS.iter().find(|s| t.starts_with(&format!("\"{s}\":"))) {
            section = Some(s);
        } else if let (Some(s), Some(rest)) = (section, t.strip_prefix("{\"id\":\"")) {
            if let Some(end) = rest.find('"') {
                out.insert((s, rest[..end].to_string()), i + 1);
            }
        }
    }
    out
}

/// Imports a dataset JSON file: reads it and runs every rule ([`chiso_core::validate`]). Issues name the line of
/// the record when the file has one record per line, as the published file does. The outcome's dataset leaves out
/// observations with errors, and is `None` when the file cannot be read or an error concerns anything but an
/// observation, except a source address that is not `http(s)` (`javascript:`): a warning, and the source is kept
/// without its link ([`ImportOutcome::for_publishing`] makes it an error). A file marked `synthetic: true` gets a warning: it is fine to preview, never to publish. A row that
/// lost its `derived` field is rejected by the value-in-sentence rule (a derived value is by definition not written
/// in its sentence; `the_published_derived_values_are_not_in_their_sentences` keeps that true of the published ones). The same as feeding a [`JsonImporter`] to the end.
pub fn import_json(bytes: &[u8], file_name: &str) -> ImportOutcome {
    JsonImporter::new(bytes.to_vec(), file_name).finish()
}

/// An incremental import of a dataset JSON file, like [`CsvImporter`]: [`JsonImporter::feed`] until
/// [`Progress::finished`] (yielding to the browser in between), then [`JsonImporter::finish`]. The file is parsed
/// a piece at a time ([`JsonStream`]) and then checked a slice of observations at a time ([`Validator`]).
#[derive(Debug)]
pub struct JsonImporter {
    file_name: String,
    bytes: Vec<u8>,
    /// Bytes fed to the parser so far.
    at: usize,
    stream: JsonStream,
    check: Option<(Dataset, Validator)>,
    refused: Option<ImportOutcome>,
    finished: bool,
}

/// Bytes parsed per row of budget given to [`JsonImporter::feed`] (an observation takes about 200).
const JSON_BYTES_PER_ROW: usize = 200;

impl JsonImporter {
    /// Starts an import of `bytes` (the whole file): checks its size and encoding.
    pub fn new(bytes: Vec<u8>, file_name: &str) -> JsonImporter {
        let refused = decode(&bytes, file_name, None).err().map(|r| *r);
        let finished = refused.is_some();
        let mut stream = JsonStream::new();
        stream.expect_bytes(bytes.len());
        JsonImporter { file_name: file_name.to_string(), bytes, at: 0, stream, check: None, refused, finished }
    }

    /// Parses about `rows` more observations' worth of the file, or checks `rows` more observations once it is
    /// all read.
    pub fn feed(&mut self, rows: usize) -> Progress {
        if !self.finished && self.check.is_none() && self.refused.is_none() {
            let end = self.at.saturating_add(rows.saturating_mul(JSON_BYTES_PER_ROW)).min(self.bytes.len());
            let fed = self.stream.feed(&self.bytes[self.at..end]);
            self.at = end;
            match fed {
                Err(e) => self.refuse(e),
                Ok(()) if end == self.bytes.len() => match std::mem::take(&mut self.stream).finish() {
                    Ok(ds) => {
                        let validator = Validator::new(&ds);
                        self.check = Some((ds, validator));
                    }
                    Err(e) => self.refuse(e),
                },
                Ok(()) => {}
            }
        } else if let Some((ds, validator)) = self.check.as_mut() {
            self.finished = validator.step(ds, rows);
        }
        self.progress()
    }

    fn refuse(&mut self, e: chiso_core::model::LoadError) {
        let issue = match e {
            chiso_core::model::LoadError::SchemaVersion { found } => ImportIssue::new(
                Severity::Error,
                None,
                Some("schema_version"),
                Some(&found.to_string()),
                ImportIssueKind::SchemaVersion { found },
            ),
            chiso_core::model::LoadError::Json(m) => {
                let line = m.rsplit_once(" at line ").and_then(|(_, rest)| rest.split(' ').next()?.parse().ok());
                ImportIssue::new(Severity::Error, line, None, None, ImportIssueKind::Json(m))
            }
        };
        self.refused = Some(ImportOutcome::refused(&self.file_name, issue));
        self.finished = true;
    }

    /// Where the import stands.
    pub fn progress(&self) -> Progress {
        let (rows_done, rows_checked) = match &self.check {
            Some((ds, v)) => (ds.observations.len(), v.checked()),
            None => (self.stream.observations_read(), 0),
        };
        Progress {
            rows_done,
            bytes_done: self.at,
            total_bytes: self.bytes.len(),
            rows_checked,
            finished: self.finished,
        }
    }

    /// Reads and checks what is left, and returns the outcome.
    pub fn finish(mut self) -> ImportOutcome {
        while !self.finished {
            self.feed(usize::MAX / JSON_BYTES_PER_ROW);
        }
        if let Some(refused) = self.refused {
            return refused;
        }
        let Some((ds, validator)) = self.check else {
            return ImportOutcome::refused(
                &self.file_name,
                ImportIssue::new(Severity::Error, None, None, None, ImportIssueKind::Empty),
            );
        };
        let text = std::str::from_utf8(&self.bytes).unwrap_or_default();
        json_outcome(text, &self.file_name, ds, validator.finish())
    }
}

/// The outcome of a read JSON dataset with the issues found in it: each issue placed on its record's line.
fn json_outcome(text: &str, file_name: &str, ds: Dataset, found: Vec<Issue>) -> ImportOutcome {
    let lines = record_lines(text);
    let mut issues = Vec::new();
    let mut bad_obs = HashSet::new();
    let mut fatal = false;
    let mut unlinked = HashSet::new();
    for issue in found {
        if let (IssueKind::UnsafeUrl { url }, Subject::Source(id)) = (&issue.kind, &issue.context.subject) {
            // A reader's file still opens: the source keeps its title, loses its link, and the reader is told.
            let row = lines.get(&("sources", id.clone())).copied();
            issues.push(ImportIssue::new(Severity::Warning, row, Some("url"), Some(url), ImportIssueKind::BadUrl));
            unlinked.insert(id.clone());
            continue;
        }
        let key = match &issue.context.subject {
            Subject::Observation(id) => {
                bad_obs.insert(id.clone());
                ("observations", id)
            }
            Subject::Unit(id) => ("units", id),
            Subject::Indicator(id) => ("indicators", id),
            Subject::Source(id) => ("sources", id),
            Subject::Theme(id) => ("themes", id),
            Subject::Period(id) => ("periods", id),
        };
        fatal |= key.0 != "observations";
        let row = lines.get(&(key.0, key.1.clone())).copied();
        let column = issue.context.column.clone();
        issues.push(ImportIssue {
            severity: Severity::Error,
            row,
            column,
            value: None,
            kind: ImportIssueKind::Rule(issue),
        });
    }
    if ds.synthetic {
        issues.push(ImportIssue::new(
            Severity::Warning,
            None,
            Some("synthetic"),
            Some("true"),
            ImportIssueKind::Synthetic,
        ));
    }
    let rows = ds.observations.len();
    let dataset = (!fatal).then(|| {
        let mut ds = ds;
        ds.observations.retain(|o| !bad_obs.contains(&o.id));
        for s in ds.sources.iter_mut().filter(|s| unlinked.contains(&s.id)) {
            s.url = None;
        }
        ds
    });
    chiso_core::sort::sort_by_key(&mut issues, |i| i.row.unwrap_or(0));
    ImportOutcome { file_name: file_name.to_string(), dataset, issues, rows }
}
