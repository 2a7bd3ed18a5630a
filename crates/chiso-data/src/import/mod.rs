//! Import of a spreadsheet of figures (CSV) or of a whole dataset file (JSON), with every problem reported by row
//! and column, in Vietnamese and English, with how to fix it.
//!
//! Pure: no file system, no clock, so the browser previews a reader's own file with the same code the data tool
//! runs. A CSV's rows become the observations (and its sources the sources) of a copy of a *base* dataset (the
//! published one), which supplies the periods, units, themes and indicators the rows refer to.
//!
//! - [`import_csv`] / [`CsvImporter`] (chunked: [`CsvImporter::feed`] a few thousand rows at a time, then
//!   [`CsvImporter::finish`]) read a CSV; [`import_json`] reads a dataset JSON file. Both return an
//!   [`ImportOutcome`]: the dataset of the rows that passed every check, and every [`ImportIssue`] found (never only
//!   the first).
//! - The CSV: comma, semicolon or tab separated (guessed from the header line), UTF-8 with or without BOM, any line
//!   endings, quoted cells with line breaks. One row per figure; the columns are [`COLUMNS`]. Numbers may use a
//!   decimal comma (`68,6`, with a warning) and thousands separators (`1,437`, `1.437.000`, `1 437`).
//! - Rows: `row` in an issue is the row a spreadsheet shows (the header is row 1; equals the line number unless a
//!   cell holds a line break). The observation id of an imported row is that row number.
//! - Units are referred to by GSO code (`40` is the province) and resolve to the record of that code in force on the
//!   last day of the reference period, by the same rule as `figures.csv`; a unit id (`bloc-co-quan-tinh`,
//!   `423@2013`) is accepted too. `unit_name`, when given, is checked against the code (a mismatch is a warning).
//! - After the rows are read, [`chiso_core::validate::validate`] runs on the result and its issues are mapped back
//!   to the rows and columns they concern.
//!
//! The code is split by job: `issue` (what an issue is, and its texts in both languages), `cells` (reading one
//! cell), `csv` (the CSV importer, a slice of rows at a time), `json` (the JSON importer); this module holds the
//! limits, the outcome and the issue lists shared by both.

mod cells;
mod csv;
mod issue;
mod json;

pub use self::csv::{import_csv, ColumnSpec, CsvImporter, COLUMNS};
pub use issue::{ImportIssue, ImportIssueKind, Severity};
pub use json::{import_json, JsonImporter};

use chiso_core::i18n::Lang;
use chiso_core::model::Dataset;
use chiso_core::tr;
use std::collections::{BTreeSet, HashMap};

/// Largest file accepted (64 MiB); a larger one is refused with [`ImportIssueKind::TooLarge`].
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;

/// Most columns a CSV may have; more is refused with [`ImportIssueKind::TooManyColumns`].
pub const MAX_COLUMNS: usize = 100;

/// Longest cell accepted, in characters (a long quoted sentence fits many times over).
pub const MAX_CELL_CHARS: usize = 10_000;

/// Longest value quoted back in an issue, in characters (longer values are cut with "…").
pub const MAX_QUOTED_CHARS: usize = 80;

/// Where an import stands, after a [`CsvImporter::feed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Data rows read so far.
    pub rows_done: usize,
    /// Bytes of the file read so far.
    pub bytes_done: usize,
    /// Size of the file.
    pub total_bytes: usize,
    /// Rows checked against the dataset's rules so far (checking starts once every row is read).
    pub rows_checked: usize,
    /// Every row has been read and checked; call [`CsvImporter::finish`].
    pub finished: bool,
}

impl Progress {
    /// Share of the whole import done, 0–1: reading counts for four fifths, checking for the rest.
    pub fn share(&self) -> f64 {
        let read = if self.total_bytes > 0 { self.bytes_done as f64 / self.total_bytes as f64 } else { 1.0 };
        let checked = if self.rows_done > 0 { self.rows_checked as f64 / self.rows_done as f64 } else { 0.0 };
        if self.finished {
            1.0
        } else {
            (0.8 * read + 0.2 * checked).min(1.0)
        }
    }
}

/// The result of an import.
#[derive(Debug, Clone)]
pub struct ImportOutcome {
    /// Name of the file, as given (for reports).
    pub file_name: String,
    /// The dataset of the rows that passed every check (rows with errors are left out, so the preview shows what
    /// would be published); `None` when the file could not be read at all or has no usable row.
    pub dataset: Option<Dataset>,
    /// Every issue found, errors and warnings, in file order (whole-file issues first).
    pub issues: Vec<ImportIssue>,
    /// Data rows read (CSV) or observations in the file (JSON).
    pub rows: usize,
}

impl ImportOutcome {
    fn refused(file_name: &str, issue: ImportIssue) -> ImportOutcome {
        ImportOutcome { file_name: file_name.to_string(), dataset: None, issues: vec![issue], rows: 0 }
    }

    /// The refusal of a file over [`MAX_IMPORT_BYTES`], for callers that see its size before reading it (the
    /// browser refuses without loading the bytes into memory).
    pub fn too_large(file_name: &str, bytes: usize) -> ImportOutcome {
        let issue = ImportIssue::new(Severity::Error, None, None, None, ImportIssueKind::TooLarge { bytes });
        ImportOutcome::refused(file_name, issue)
    }

    /// The outcome as the data tool judges a file meant for publication: what a reader's preview only warns about
    /// becomes an error. That is a source address that is not `http(s)` ([`ImportIssueKind::BadUrl`]:
    /// `javascript:`, `data:`, a bare host name), which the preview shows without its link.
    pub fn for_publishing(mut self) -> ImportOutcome {
        for issue in &mut self.issues {
            if issue.kind == ImportIssueKind::BadUrl {
                issue.severity = Severity::Error;
            }
        }
        self
    }

    /// Whether any issue is an error (the file must not be published as it is).
    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(ImportIssue::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.issues.iter().filter(|i| i.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.issues.len() - self.error_count()
    }

    /// The issues as a Markdown table (file, row, column, value, severity, problem, fix) in `lang`, followed by a
    /// count line; just the count line when there is no issue.
    pub fn report(&self, lang: Lang) -> String {
        issue_table(&self.file_name, &self.issues, lang)
    }
}

/// Issues as a Markdown table: file, row, column, value, what is wrong, how to fix it; then "N errors, M warnings".
pub fn issue_table(file_name: &str, issues: &[ImportIssue], lang: Lang) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace(['\r', '\n'], " ");
    let mut out = String::new();
    if !issues.is_empty() {
        out.push_str(tr!(
            lang,
            "| tệp | dòng | cột | giá trị | mức | lỗi | cách sửa |\n|---|---:|---|---|---|---|---|\n",
            "| file | row | column | value | severity | problem | fix |\n|---|---:|---|---|---|---|---|\n"
        ));
        for i in issues {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} |\n",
                cell(file_name),
                i.row.map(|r| r.to_string()).unwrap_or_default(),
                cell(i.column.as_deref().unwrap_or("")),
                cell(i.value.as_deref().unwrap_or("")),
                i.severity.label(lang),
                cell(&i.message(lang)),
                cell(&i.fix(lang)),
            ));
        }
    }
    let errors = issues.iter().filter(|i| i.is_error()).count();
    let warnings = issues.len() - errors;
    out.push_str(&tr!(
        lang,
        "{file_name}: {errors} lỗi, {warnings} cảnh báo\n",
        "{file_name}: {errors} error(s), {warnings} warning(s)\n",
        file_name = file_name,
        errors = errors,
        warnings = warnings
    ));
    out
}

/// The size check and UTF-8 check shared by both imports: the text without its BOM, or the refusal.
pub(super) fn decode<'a>(
    bytes: &'a [u8],
    file_name: &str,
    csv_delimiter: Option<u8>,
) -> Result<&'a str, Box<ImportOutcome>> {
    if bytes.len() > MAX_IMPORT_BYTES {
        let issue =
            ImportIssue::new(Severity::Error, None, None, None, ImportIssueKind::TooLarge { bytes: bytes.len() });
        return Err(Box::new(ImportOutcome::refused(file_name, issue)));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(text) if text.trim().is_empty() => {
            let issue = ImportIssue::new(Severity::Error, None, None, None, ImportIssueKind::Empty);
            Err(Box::new(ImportOutcome::refused(file_name, issue)))
        }
        Ok(text) => Ok(text),
        Err(e) => {
            let offset = e.valid_up_to();
            let row = match csv_delimiter {
                Some(d) => self::csv::row_at(&body[..offset], d),
                None => body[..offset].iter().filter(|&&b| b == b'\n').count() + 1,
            };
            let bom = bytes.len() - body.len();
            let issue = ImportIssue::new(
                Severity::Error,
                Some(row),
                None,
                None,
                ImportIssueKind::NotUtf8 { byte: body[offset], offset: offset + bom },
            );
            Err(Box::new(ImportOutcome::refused(file_name, issue)))
        }
    }
}

/// One line of the issue list a reader sees: an issue, or a warning that repeats on many rows (the same kind in
/// the same column, e.g. a decimal comma in every row of `value`) shown once with the rows it is on.
#[derive(Debug, Clone, PartialEq)]
pub struct IssueLine<'a> {
    /// The first issue of the line.
    pub issue: &'a ImportIssue,
    /// Rows it is on, in file order, up to [`ROWS_PER_LINE`].
    pub rows: Vec<usize>,
    /// How many more rows have it.
    pub more: usize,
}

/// Rows a grouped warning lists before counting the rest.
pub const ROWS_PER_LINE: usize = 5;

/// The issues as a reader's list: first every error on its own line (each needs its own fix), then each kind of
/// warning in each column once with its rows, in the order of first appearance. At most `max` lines.
pub fn issue_lines(issues: &[ImportIssue], max: usize) -> Vec<IssueLine<'_>> {
    issue_list(issues, max).0
}

/// [`issue_lines`], and how many issues none of its lines shows (errors past the limit, warnings of kinds that
/// found no room): the "… and N more" under a list that stopped at its limit.
pub fn issue_list(issues: &[ImportIssue], max: usize) -> (Vec<IssueLine<'_>>, usize) {
    let mut left_off = 0;
    let mut lines: Vec<IssueLine> = Vec::new();
    let mut group_of: HashMap<(Option<&str>, std::mem::Discriminant<ImportIssueKind>), usize> = HashMap::new();
    let (errors, warnings): (Vec<&ImportIssue>, Vec<&ImportIssue>) = issues.iter().partition(|i| i.is_error());
    for issue in errors.into_iter().chain(warnings) {
        let rows: Vec<usize> = issue.row.into_iter().collect();
        if issue.is_error() {
            if lines.len() < max {
                lines.push(IssueLine { issue, rows, more: 0 });
            } else {
                left_off += 1;
            }
            continue;
        }
        let key = (issue.column.as_deref(), std::mem::discriminant(&issue.kind));
        match group_of.get(&key) {
            Some(&i) => {
                let line = &mut lines[i];
                match issue.row {
                    Some(r) if line.rows.len() < ROWS_PER_LINE => line.rows.push(r),
                    _ => line.more += 1,
                }
            }
            None if lines.len() < max => {
                group_of.insert(key, lines.len());
                lines.push(IssueLine { issue, rows, more: 0 });
            }
            None => left_off += 1,
        }
    }
    (lines, left_off)
}

/// Every issue as CSV, for a list too long to read on screen: the byte-order mark, then file, row, column, value,
/// severity, problem and fix (the columns of [`issue_table`]), one row per issue. Text cells are neutralised like
/// every CSV the app writes ([`chiso_core::export::csv_row`]): a value quoted from the sheet may start with `=`.
pub fn issues_csv(file_name: &str, issues: &[ImportIssue], lang: Lang) -> String {
    issues_csv_part(file_name, issues, lang, true)
}

/// A part of [`issues_csv`]: the rows of `issues`, after the byte-order mark and the header when `first`. The
/// browser writes a list of 276,000 issues a part at a time, yielding in between, so the page never freezes.
pub fn issues_csv_part(file_name: &str, issues: &[ImportIssue], lang: Lang, first: bool) -> String {
    use chiso_core::export::{csv_row, Cell, BOM};
    let text = |s: &str| Cell::Text(s.to_string());
    let mut out = String::with_capacity(issues.len() * 160);
    if first {
        let header = tr!(lang, "tệp,dòng,cột,giá trị,mức,lỗi,cách sửa", "file,row,column,value,severity,problem,fix");
        out.push(BOM);
        out.push_str(&csv_row(&header.split(',').map(text).collect::<Vec<_>>()));
    }
    for i in issues {
        out.push_str(&csv_row(&[
            text(file_name),
            i.row.map_or(Cell::Empty, |r| Cell::Number(r as f64)),
            Cell::from(i.column.as_deref()),
            Cell::from(i.value.as_deref()),
            text(i.severity.label(lang)),
            text(&i.message(lang)),
            text(&i.fix(lang)),
        ]));
    }
    out
}

/// The name of the full issue list of `file_name`: `loi-so-lieu-thu.csv` / `issues-so-lieu-thu.csv`.
pub fn issues_file_name(file_name: &str, lang: Lang) -> String {
    let stem = file_name.rsplit_once('.').map_or(file_name, |(stem, _)| stem);
    tr!(lang, "loi-{stem}.csv", "issues-{stem}.csv", stem = stem)
}

/// The indicators whose ids appear in `outcome`'s dataset, for a summary ("12 figures of 3 indicators").
pub fn indicators_used(ds: &Dataset) -> BTreeSet<&str> {
    ds.observations.iter().map(|o| o.indicator.as_str()).collect()
}
