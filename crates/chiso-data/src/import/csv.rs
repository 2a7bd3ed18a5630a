//! The CSV importer ([`CsvImporter`], [`import_csv`]): the sheet's columns ([`COLUMNS`]), the header, and the rows
//! read a slice at a time ([`CsvImporter::feed`]) so a browser can show progress; then the rows assembled into a
//! dataset, checked a slice at a time against the dataset's rules, and the rules' issues mapped back to the rows
//! and columns they concern ([`CsvImporter::finish`]).
//!
//! Reading one row is in `row`, collecting and naming the rows' sources in `sources`.

mod row;
mod sources;

use super::{decode, ImportIssue, ImportIssueKind, ImportOutcome, Progress, Severity};
use super::{MAX_COLUMNS, MAX_IMPORT_BYTES};
use chiso_core::i18n::Lang;
use chiso_core::model::{Dataset, Observation, Value};
use chiso_core::validate::{Subject, Validator};
use row::Base;
use sources::PendingSource;
use std::collections::{HashMap, HashSet};
use std::io::Cursor;

/// One column of the import CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    /// Header, as written in the first row.
    pub name: &'static str,
    /// Whether the column must be present (its cells may still be optional, see the how-to).
    pub required: bool,
    /// What to write, in Vietnamese.
    pub help_vi: &'static str,
    /// What to write, in English.
    pub help_en: &'static str,
}

impl ColumnSpec {
    /// What to write, in `lang` (the template's how-to shows it).
    pub fn help(&self, lang: Lang) -> &'static str {
        lang.pick(self.help_vi, self.help_en)
    }
}

const fn col(name: &'static str, required: bool, help_vi: &'static str, help_en: &'static str) -> ColumnSpec {
    ColumnSpec { name, required, help_vi, help_en }
}

/// The columns of the import CSV, in template order.
pub const COLUMNS: [ColumnSpec; 15] = [
    col(
        "indicator",
        true,
        "mã chỉ số, xem indicators.csv (vd. party_members)",
        "indicator id, see indicators.csv (e.g. party_members)",
    ),
    col(
        "unit_code",
        true,
        "mã đơn vị hành chính của Tổng cục Thống kê; 40 = toàn tỉnh; xem units.csv",
        "GSO code of the unit; 40 = the whole province; see units.csv",
    ),
    col(
        "unit_name",
        false,
        "tên đơn vị (không bắt buộc; được đối chiếu với mã)",
        "name of the unit (optional; checked against the code)",
    ),
    col(
        "reference_period",
        true,
        "thời điểm của số liệu: 2013, 2019-12, 2020-03-27, 2020-H1, 2016-01..2018-06; thêm c. hoặc ~ ở đầu nếu là ước chừng",
        "when the figure applies: 2013, 2019-12, 2020-03-27, 2020-H1, 2016-01..2018-06; prefix c. or ~ if approximate",
    ),
    col(
        "value",
        true,
        "giá trị: số (dấu thập phân là dấu chấm; 68,6 cũng được), hoặc mã phân loại",
        "value: a number (decimal point; 68,6 is accepted too), or a category code",
    ),
    col(
        "source_title",
        true,
        "tên văn bản, bài báo hoặc báo cáo có số liệu",
        "title of the document, article or report the figure comes from",
    ),
    col("source_url", false, "địa chỉ web của nguồn (nếu có)", "web address of the source (if online)"),
    col("source_date", false, "ngày ban hành nguồn (vd. 2024-01-04)", "publication date of the source (e.g. 2024-01-04)"),
    col("source_publisher", false, "cơ quan ban hành (vd. Ban Tổ chức Tỉnh ủy)", "publisher (e.g. the Party Organisation Board)"),
    col(
        "exact_sentence",
        true,
        "câu chứa số liệu, chép nguyên văn từ nguồn (số phải có trong câu, trừ khi ghi cách tính ở cột derived)",
        "the sentence of the source the figure appears in, copied verbatim (the value must be in it, unless derived says how it was computed)",
    ),
    col("sentence_language", false, "ngôn ngữ của câu: vi, en hoặc fr (mặc định vi)", "language of the sentence: vi, en or fr (default vi)"),
    col("note", false, "ghi chú (không bắt buộc)", "note (optional)"),
    col(
        "bound",
        false,
        "lower nếu nguồn viết \"hơn N\", approx nếu viết \"khoảng N\" (không bắt buộc)",
        "lower if the source says \"more than N\", approx if it says \"about N\" (optional)",
    ),
    col(
        "derived",
        false,
        "cách tính khi nguồn không ghi thẳng số này, vd. 1,437 + 135 (không bắt buộc)",
        "how the value was computed when the source does not state it, e.g. 1,437 + 135 (optional)",
    ),
    col(
        "scope",
        false,
        "phạm vi khi hẹp hơn hoặc khác định nghĩa của chỉ số, vd. chỉ tính 20 đảng bộ cấp huyện (không bắt buộc)",
        "what the figure covers when it is narrower than or differs from the indicator, e.g. only the 20 district-level committees (optional)",
    ),
];

/// The spreadsheet row of the byte just after `prefix` (the header is row 1).
pub(super) fn row_at(prefix: &[u8], delimiter: u8) -> usize {
    let mut probe = prefix.to_vec();
    probe.push(b'x'); // so the record holding the next byte is read even when it would start a new line
    let mut reader = reader_for(Cursor::new(probe), delimiter);
    let mut rows = RowCounter::default();
    let mut record = csv::ByteRecord::new();
    let mut last = 1;
    while let Ok(true) = reader.read_byte_record(&mut record) {
        last = rows.next(&record, reader.position().line());
    }
    last
}

fn reader_for<R: std::io::Read>(input: R, delimiter: u8) -> csv::Reader<R> {
    csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(input)
}

/// Counts rows as a spreadsheet shows them: one per record, plus the blank lines the CSV reader skips.
#[derive(Debug, Default)]
struct RowCounter {
    next_line: u64,
    next_row: usize,
}

impl RowCounter {
    /// The row of `record`, given the reader's line once it has read the record (the record's own first line is
    /// that, less its line breaks and its own ending; the reader's position at the start of a record would count
    /// the skipped blank lines before it).
    fn next(&mut self, record: &csv::ByteRecord, line_after: u64) -> usize {
        if self.next_row == 0 {
            (self.next_line, self.next_row) = (1, 1);
        }
        let breaks = record.iter().map(|f| f.iter().filter(|&&b| b == b'\n').count() as u64).sum::<u64>();
        let start = line_after.saturating_sub(breaks + 1).max(self.next_line);
        let row = self.next_row + (start - self.next_line) as usize;
        self.next_line = start + breaks + 1;
        self.next_row = row + 1;
        row
    }
}

/// The separator of a CSV, guessed from its header line: the most frequent of `,` `;` and tab outside quotes.
fn guess_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], i == 0)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// Column positions of the known columns.
#[derive(Debug, Clone, Default)]
struct Columns {
    index: HashMap<&'static str, usize>,
    width: usize,
}

/// An incremental CSV import: create it with [`CsvImporter::new`], call [`CsvImporter::feed`] until
/// [`Progress::finished`] (yielding to the event loop in between, in the browser), then [`CsvImporter::finish`].
#[derive(Debug)]
pub struct CsvImporter {
    file_name: String,
    total_bytes: usize,
    reader: Option<csv::Reader<Cursor<Vec<u8>>>>,
    base: Base,
    columns: Columns,
    rows: RowCounter,
    record: csv::ByteRecord,
    issues: Vec<ImportIssue>,
    observations: Vec<Observation>,
    obs_source: Vec<usize>,
    sources: Vec<PendingSource>,
    source_index: HashMap<(String, String), usize>,
    rows_done: usize,
    bytes_done: usize,
    fatal: bool,
    /// Every row has been read.
    read: bool,
    /// The rows read, assembled into a dataset and being checked a slice at a time.
    check: Option<Check>,
    finished: bool,
}

/// The checking phase of a [`CsvImporter`].
#[derive(Debug)]
struct Check {
    ds: Dataset,
    validator: Validator,
    /// Source id of each pending source.
    ids: Vec<String>,
    /// Sources cited by the base's unit flags (kept even when no row cites them).
    flag_sources: HashSet<String>,
}

fn cell_str(record: &csv::ByteRecord, i: usize) -> &str {
    // The whole file was checked to be UTF-8, and fields split on ASCII bytes only.
    record.get(i).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("")
}

impl CsvImporter {
    /// Starts an import of `bytes` (the whole file) against `base`: checks the size, the encoding and the header.
    /// Problems found here are kept for [`CsvImporter::finish`]; a file that cannot be read is already finished.
    pub fn new(bytes: Vec<u8>, file_name: &str, base: &Dataset) -> CsvImporter {
        let total_bytes = bytes.len();
        let mut importer = CsvImporter {
            file_name: file_name.to_string(),
            total_bytes,
            reader: None,
            base: Base::new(base),
            columns: Columns::default(),
            rows: RowCounter::default(),
            record: csv::ByteRecord::new(),
            issues: Vec::new(),
            observations: Vec::new(),
            obs_source: Vec::new(),
            sources: Vec::new(),
            source_index: HashMap::new(),
            rows_done: 0,
            bytes_done: 0,
            fatal: false,
            read: false,
            check: None,
            finished: false,
        };
        let delimiter = {
            let head = &bytes[..bytes.len().min(64 * 1024)];
            guess_delimiter(&String::from_utf8_lossy(head))
        };
        let bom = match decode(&bytes, file_name, Some(delimiter)) {
            Ok(_) => bytes.len() - bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes).len(),
            Err(refused) => {
                importer.issues = refused.issues;
                importer.fatal = true;
                importer.read = true;
                importer.finished = true;
                return importer;
            }
        };
        let mut cursor = Cursor::new(bytes);
        cursor.set_position(bom as u64);
        let mut reader = reader_for(cursor, delimiter);
        match reader.read_byte_record(&mut importer.record) {
            Ok(true) => {
                importer.rows.next(&importer.record, reader.position().line());
                importer.read_header();
            }
            Ok(false) => importer.fail(None, ImportIssueKind::Empty),
            Err(e) => importer.fail(Some(1), ImportIssueKind::Csv(e.to_string())),
        }
        importer.bytes_done = reader.position().byte() as usize + bom;
        if !importer.fatal {
            importer.reader = Some(reader);
        }
        importer
    }

    fn fail(&mut self, row: Option<usize>, kind: ImportIssueKind) {
        self.issues.push(ImportIssue::new(Severity::Error, row, None, None, kind));
        self.fatal = true;
        self.read = true;
        self.finished = true;
    }

    fn read_header(&mut self) {
        let record = self.record.clone();
        if record.len() > MAX_COLUMNS {
            return self.fail(Some(1), ImportIssueKind::TooManyColumns { count: record.len() });
        }
        let mut unknown = Vec::new();
        let mut seen = HashSet::new();
        for (i, raw) in record.iter().enumerate() {
            let name =
                String::from_utf8_lossy(raw).trim().trim_start_matches('\u{feff}').to_lowercase().replace(' ', "_");
            if name.is_empty() {
                continue;
            }
            if !seen.insert(name.clone()) {
                self.issues.push(ImportIssue::new(
                    Severity::Error,
                    Some(1),
                    Some(&name),
                    None,
                    ImportIssueKind::DuplicateColumn,
                ));
                continue;
            }
            match COLUMNS.iter().find(|c| c.name == name) {
                Some(c) => {
                    self.columns.index.insert(c.name, i);
                }
                None => unknown.push(name),
            }
        }
        self.columns.width = record.len();
        if !unknown.is_empty() {
            let more = unknown.len().saturating_sub(10);
            unknown.truncate(10);
            self.issues.push(ImportIssue::new(
                Severity::Warning,
                Some(1),
                None,
                None,
                ImportIssueKind::UnknownColumns { names: unknown, more },
            ));
        }
        for c in COLUMNS.iter().filter(|c| c.required && !self.columns.index.contains_key(c.name)) {
            self.issues.push(ImportIssue::new(
                Severity::Error,
                Some(1),
                Some(c.name),
                None,
                ImportIssueKind::MissingColumn,
            ));
            self.fatal = true;
            self.finished = true;
        }
        if self.issues.iter().any(|i| i.kind == ImportIssueKind::DuplicateColumn) {
            self.fatal = true;
            self.finished = true;
        }
    }

    /// Reads up to `rows` more rows and says how far the import is.
    pub fn feed(&mut self, rows: usize) -> Progress {
        let mut budget = rows;
        while !self.read && budget > 0 {
            let Some(reader) = self.reader.as_mut() else {
                self.read = true;
                break;
            };
            match reader.read_byte_record(&mut self.record) {
                Ok(true) => {
                    self.bytes_done = reader.position().byte() as usize;
                    let row = self.rows.next(&self.record, reader.position().line());
                    let record = std::mem::take(&mut self.record);
                    self.read_row(&record, row);
                    self.record = record;
                    budget -= 1;
                }
                Ok(false) => {
                    self.bytes_done = self.total_bytes;
                    self.read = true;
                }
                Err(e) => {
                    let row = e.position().map(|p| p.line() as usize);
                    self.issues.push(ImportIssue::new(
                        Severity::Error,
                        row,
                        None,
                        None,
                        ImportIssueKind::Csv(e.to_string()),
                    ));
                    self.read = true;
                }
            }
        }
        if self.read && !self.finished && budget > 0 {
            if self.check.is_none() {
                self.start_check();
            }
            match self.check.as_mut() {
                Some(c) => self.finished = c.validator.step(&c.ds, budget),
                None => self.finished = true,
            }
        }
        self.progress()
    }

    /// Assembles the rows read into a dataset (sources resolved against the base's) for checking; nothing to
    /// check when the file could not be read or had no rows.
    fn start_check(&mut self) {
        self.reader = None;
        if self.fatal || self.rows_done == 0 {
            return;
        }
        let (sources, ids) = self.resolve_sources();
        let base = &self.base.ds;
        let mut ds = Dataset { observations: Vec::new(), sources, ..base.clone() };
        // The base's sources cited by unit flags stay (the units, with their flags, come from the base).
        let flag_sources: HashSet<String> =
            ds.units.iter().flat_map(|u| u.flags.values().filter_map(|f| f.source.clone())).collect();
        let mut present: HashSet<String> = ds.sources.iter().map(|s| s.id.clone()).collect();
        for s in &base.sources {
            if flag_sources.contains(&s.id) && present.insert(s.id.clone()) {
                ds.sources.push(s.clone());
            }
        }
        let mut observations = std::mem::take(&mut self.observations);
        for (o, s) in observations.iter_mut().zip(&self.obs_source) {
            o.source = ids[*s].clone().into();
        }
        ds.observations = observations;
        let validator = Validator::new(&ds);
        self.check = Some(Check { ds, validator, ids, flag_sources });
    }

    /// Where the import stands.
    pub fn progress(&self) -> Progress {
        Progress {
            rows_done: self.rows_done,
            bytes_done: self.bytes_done.min(self.total_bytes),
            total_bytes: self.total_bytes,
            rows_checked: self.check.as_ref().map_or(0, |c| c.validator.checked()),
            finished: self.finished,
        }
    }

    /// Reads and checks what is left, and returns the dataset of the rows without errors with every issue.
    pub fn finish(mut self) -> ImportOutcome {
        while !self.finished {
            self.feed(usize::MAX);
        }
        let rows = self.rows_done;
        if self.fatal {
            return ImportOutcome { file_name: self.file_name, dataset: None, issues: self.issues, rows };
        }
        let Some(Check { mut ds, validator, ids, flag_sources }) = self.check.take() else {
            self.issues.push(ImportIssue::new(Severity::Error, None, None, None, ImportIssueKind::NoRows));
            return ImportOutcome { file_name: self.file_name, dataset: None, issues: self.issues, rows };
        };
        let first_row_of: HashMap<String, usize> =
            ids.iter().zip(&self.sources).map(|(id, s)| (id.clone(), s.first_row)).collect();
        let units = &ds.units;
        let units_by_id = &self.base.units_by_id;
        let unit_code = |id: &str| units_by_id.get(id).map(|&i| units[i].code.clone()).unwrap_or_default();
        let obs_index: HashMap<&str, usize> =
            ds.observations.iter().enumerate().map(|(i, o)| (o.id.as_str(), i)).collect();
        let mut bad_rows = HashSet::new();
        for issue in validator.finish() {
            let (row, column, value) = match &issue.context.subject {
                Subject::Observation(id) => {
                    let o = obs_index.get(id.as_str()).map(|&i| &ds.observations[i]);
                    let column = issue.context.column.as_deref().and_then(csv_column).map(str::to_string);
                    let value = o.and_then(|o| match issue.context.column.as_deref() {
                        Some("value") => Some(value_text(&o.value)),
                        Some("unit") => Some(unit_code(&o.unit)),
                        Some("period") => {
                            Some(o.period_text.as_deref().map_or_else(|| o.period.to_string(), str::to_string))
                        }
                        Some("indicator") => Some(o.indicator.to_string()),
                        Some("sentence") => Some(o.sentence.to_string()),
                        _ => None,
                    });
                    bad_rows.insert(id.clone());
                    (id.parse().ok(), column, value)
                }
                Subject::Source(id) => (first_row_of.get(id).copied(), Some("source_title".to_string()), None),
                _ => (None, None, None),
            };
            self.issues.push(ImportIssue::new(
                Severity::Error,
                row,
                column.as_deref(),
                value.as_deref(),
                ImportIssueKind::Rule(issue),
            ));
        }
        ds.observations.retain(|o| !bad_rows.contains(&o.id));
        let cited: HashSet<&str> =
            ds.observations.iter().map(|o| o.source.as_str()).chain(flag_sources.iter().map(String::as_str)).collect();
        let sources = std::mem::take(&mut ds.sources);
        ds.sources = sources.into_iter().filter(|s| cited.contains(s.id.as_str())).collect();
        chiso_core::sort::sort_by_key(&mut self.issues, |i| i.row.unwrap_or(0));
        let dataset = (!ds.observations.is_empty()).then_some(ds);
        ImportOutcome { file_name: self.file_name, dataset, issues: self.issues, rows }
    }
}

/// The CSV column of a dataset field named in a validation issue (`None` for the id, which is the row itself).
fn csv_column(field: &str) -> Option<&str> {
    match field {
        "id" => None,
        "unit" => Some("unit_code"),
        "period" => Some("reference_period"),
        "source" => Some("source_title"),
        "sentence" => Some("exact_sentence"),
        other => Some(other),
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Number(n) => format!("{n}"),
        Value::Category(c) => c.clone(),
    }
}

/// Imports a whole CSV file at once (see [`CsvImporter`] for the chunked form).
pub fn import_csv(bytes: &[u8], file_name: &str, base: &Dataset) -> ImportOutcome {
    if bytes.len() > MAX_IMPORT_BYTES {
        return ImportOutcome::too_large(file_name, bytes.len());
    }
    CsvImporter::new(bytes.to_vec(), file_name, base).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_is_guessed_from_the_header_line() {
        assert_eq!(guess_delimiter("a,b,c\n1;2;3;4;5"), b',');
        assert_eq!(guess_delimiter("a;b;c\n"), b';');
        assert_eq!(guess_delimiter("\"a,b\";c;d\n"), b';');
        assert_eq!(guess_delimiter("a\tb\n"), b'\t');
        assert_eq!(guess_delimiter("single"), b',');
    }
}
