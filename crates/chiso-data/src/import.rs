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

use crate::figures::{parse_reference_date, source_ids, ParsedDate};
use crate::text::words;
use crate::units::record_in_force;
use chiso_core::i18n::Lang;
use chiso_core::model::{Dataset, Measure, Observation, Source, Unit, Value};
use chiso_core::period::{Date, RefPeriod};
use chiso_core::stream::JsonStream;
use chiso_core::sym::Sym;
use chiso_core::validate::{Issue, Subject, Validator};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Cursor;

/// Largest file accepted (64 MiB); a larger one is refused with [`ImportIssueKind::TooLarge`].
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;

/// Most columns a CSV may have; more is refused with [`ImportIssueKind::TooManyColumns`].
pub const MAX_COLUMNS: usize = 100;

/// Longest cell accepted, in characters (a long quoted sentence fits many times over).
pub const MAX_CELL_CHARS: usize = 10_000;

/// Longest value quoted back in an issue, in characters (longer values are cut with "…").
pub const MAX_QUOTED_CHARS: usize = 80;

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

const fn col(name: &'static str, required: bool, help_vi: &'static str, help_en: &'static str) -> ColumnSpec {
    ColumnSpec { name, required, help_vi, help_en }
}

/// The columns of the import CSV, in template order.
pub const COLUMNS: [ColumnSpec; 14] = [
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
        false,
        "câu chứa số liệu, chép nguyên văn từ nguồn",
        "the sentence of the source the figure appears in, copied verbatim",
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
];

/// Whether an issue blocks publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    /// The row (or the file) cannot be used as it is.
    Error,
    /// The row was read, but check what was understood.
    Warning,
}

/// What is wrong, for an [`ImportIssue`].
#[derive(Debug, Clone, PartialEq)]
pub enum ImportIssueKind {
    /// The file is larger than [`MAX_IMPORT_BYTES`].
    TooLarge {
        /// Size of the file.
        bytes: usize,
    },
    /// The file holds nothing (or only blanks).
    Empty,
    /// The file is not UTF-8 text (e.g. saved as Windows-1258); `row` says where the first bad byte is.
    NotUtf8 {
        /// The first byte that is not UTF-8.
        byte: u8,
        /// Its offset in the file.
        offset: usize,
    },
    /// The CSV reader failed (holds its message).
    Csv(String),
    /// The file has a header row but no rows of figures.
    NoRows,
    /// The header has more than [`MAX_COLUMNS`] columns.
    TooManyColumns {
        /// Columns found.
        count: usize,
    },
    /// A required column is missing from the header (its name is the issue's column).
    MissingColumn,
    /// A column appears twice in the header.
    DuplicateColumn,
    /// Columns the import does not know; they are ignored.
    UnknownColumns {
        /// Their headers (the first ten).
        names: Vec<String>,
        /// How many more there are.
        more: usize,
    },
    /// A row has a different number of cells than the header (often a truncated file).
    RowLength {
        /// Cells in the row.
        found: usize,
        /// Cells in the header.
        expected: usize,
    },
    /// A cell longer than [`MAX_CELL_CHARS`].
    CellTooLong {
        /// Its length in characters.
        chars: usize,
    },
    /// A required cell is empty.
    Required,
    /// No indicator has this id.
    UnknownIndicator,
    /// No unit of this code is in force on the last day of the reference period.
    UnknownUnit {
        /// The last day of the reference period.
        date: Date,
        /// Periods (`2013 – 2019`) in which a unit of that code exists, if any.
        exists_in: Vec<String>,
    },
    /// `unit_name` does not match the unit of `unit_code` (warning).
    UnitNameMismatch {
        /// The code.
        code: String,
        /// The official name of the unit of that code at that date.
        official: String,
    },
    /// The reference period cannot be read.
    BadPeriod,
    /// A date written day/month/year was read as a reference period (warning).
    PeriodReadAs {
        /// The period understood.
        period: String,
    },
    /// The value is not a number (for a count, percent or flag).
    BadNumber,
    /// A decimal comma was read as a decimal point (warning).
    DecimalComma {
        /// The number understood.
        read: f64,
    },
    /// Dots were read as thousands separators (warning).
    ThousandsDots {
        /// The number understood.
        read: f64,
    },
    /// Neither `source_title` nor `source_url` is given.
    NoSource,
    /// `exact_sentence` is empty (warning).
    NoSentence,
    /// `sentence_language` is not `vi`, `en` or `fr`.
    BadLanguage,
    /// `source_url` is not a web address (warning).
    BadUrl,
    /// `bound` is not `lower` or `approx`.
    BadBound,
    /// A JSON file that is not JSON of the dataset's shape (holds the parser's message).
    Json(String),
    /// A JSON dataset of another schema version.
    SchemaVersion {
        /// The version found.
        found: u32,
    },
    /// A rule of the dataset ([`chiso_core::validate`]) is broken.
    Rule(Issue),
}

/// One problem found in an imported file: where, what, how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportIssue {
    /// Error or warning.
    pub severity: Severity,
    /// Row as a spreadsheet shows it (the header is row 1), or the line of a JSON file; `None` for the whole file.
    pub row: Option<usize>,
    /// Column header (CSV) or field name (JSON), when the problem is in one.
    pub column: Option<String>,
    /// The value at fault, as written (cut to [`MAX_QUOTED_CHARS`]).
    pub value: Option<String>,
    /// What is wrong.
    pub kind: ImportIssueKind,
}

/// Cuts a value for quoting in a message.
fn quote(s: &str) -> String {
    if s.chars().count() > MAX_QUOTED_CHARS {
        let head: String = s.chars().take(MAX_QUOTED_CHARS - 1).collect();
        format!("{head}…")
    } else {
        s.to_string()
    }
}

fn en_num(v: f64) -> String {
    format!("{v}")
}

fn vi_num(v: f64) -> String {
    format!("{v}").replace('.', ",")
}

impl ImportIssue {
    fn new(
        severity: Severity,
        row: Option<usize>,
        column: Option<&str>,
        value: Option<&str>,
        kind: ImportIssueKind,
    ) -> Self {
        ImportIssue { severity, row, column: column.map(str::to_string), value: value.map(quote), kind }
    }

    fn error(row: usize, column: &str, value: &str, kind: ImportIssueKind) -> Self {
        Self::new(Severity::Error, Some(row), Some(column), Some(value), kind)
    }

    fn warning(row: usize, column: &str, value: &str, kind: ImportIssueKind) -> Self {
        Self::new(Severity::Warning, Some(row), Some(column), Some(value), kind)
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// What is wrong, in the reader's language.
    pub fn message(&self, lang: Lang) -> String {
        lang.pick(self.message_vi(), self.message_en())
    }

    /// How to fix it, in the reader's language.
    pub fn fix(&self, lang: Lang) -> String {
        lang.pick(self.fix_vi(), self.fix_en())
    }

    /// What is wrong, in English (the location is in [`ImportIssue::row`] and [`ImportIssue::column`]).
    pub fn message_en(&self) -> String {
        let v = self.value.as_deref().unwrap_or("");
        match &self.kind {
            ImportIssueKind::TooLarge { bytes } => format!(
                "the file is {:.1} MB; files up to {} MB are accepted",
                *bytes as f64 / 1048576.0,
                MAX_IMPORT_BYTES / 1048576
            ),
            ImportIssueKind::Empty => "the file is empty".into(),
            ImportIssueKind::NotUtf8 { byte, offset } => format!(
                "the file is not UTF-8 text: byte 0x{byte:02X} at offset {offset} is not UTF-8 (the file was probably \
                 saved in a Windows encoding such as Windows-1258)"
            ),
            ImportIssueKind::Csv(m) => format!("the file is not well-formed CSV: {m}"),
            ImportIssueKind::NoRows => "the file has a header row but no figures".into(),
            ImportIssueKind::TooManyColumns { count } => {
                format!("the header has {count} columns; at most {MAX_COLUMNS} are accepted")
            }
            ImportIssueKind::MissingColumn => "this required column is missing from the header".into(),
            ImportIssueKind::DuplicateColumn => "this column appears more than once in the header".into(),
            ImportIssueKind::UnknownColumns { names, more } => format!(
                "unknown column(s) ignored: {}{}",
                names.join(", "),
                if *more > 0 { format!(" and {more} more") } else { String::new() }
            ),
            ImportIssueKind::RowLength { found, expected } => {
                format!("the row has {found} cells but the header has {expected} (is the file cut short?)")
            }
            ImportIssueKind::CellTooLong { chars } => {
                format!("the cell holds {chars} characters; at most {MAX_CELL_CHARS} are accepted")
            }
            ImportIssueKind::Required => "this cell must not be empty".into(),
            ImportIssueKind::UnknownIndicator => format!("there is no indicator `{v}`"),
            ImportIssueKind::UnknownUnit { date, exists_in } => {
                if exists_in.is_empty() {
                    format!("no unit has the code `{v}`")
                } else {
                    format!("no unit of code `{v}` is in force on {date}; the code exists in {}", exists_in.join(", "))
                }
            }
            ImportIssueKind::UnitNameMismatch { code, official } => {
                format!("the name \"{v}\" does not match code {code}, which is \"{official}\" at that date")
            }
            ImportIssueKind::BadPeriod => format!("\"{v}\" is not a reference period"),
            ImportIssueKind::PeriodReadAs { period } => format!("\"{v}\" was read as {period} (day/month/year)"),
            ImportIssueKind::BadNumber => format!("\"{v}\" is not a number"),
            ImportIssueKind::DecimalComma { read } => {
                format!("\"{v}\" was read as {} (decimal comma)", en_num(*read))
            }
            ImportIssueKind::ThousandsDots { read } => {
                format!("\"{v}\" was read as {} (dots as thousands separators)", en_num(*read))
            }
            ImportIssueKind::NoSource => "the figure has no source: source_title and source_url are empty".into(),
            ImportIssueKind::NoSentence => "no exact sentence: the figure will be shown without a quotation".into(),
            ImportIssueKind::BadLanguage => format!("\"{v}\" is not a language code (vi, en or fr)"),
            ImportIssueKind::BadUrl => format!("\"{v}\" is not a web address"),
            ImportIssueKind::BadBound => format!("\"{v}\" is not a bound (lower or approx)"),
            ImportIssueKind::Json(m) => format!("the file is not a dataset in JSON: {m}"),
            ImportIssueKind::SchemaVersion { found } => format!(
                "the dataset has schema version {found}; this tool reads version {}",
                chiso_core::model::SCHEMA_VERSION
            ),
            ImportIssueKind::Rule(issue) => {
                if self.row.is_some() {
                    issue.kind.message_en()
                } else {
                    issue.message_en()
                }
            }
        }
    }

    /// What is wrong, in Vietnamese.
    pub fn message_vi(&self) -> String {
        let v = self.value.as_deref().unwrap_or("");
        match &self.kind {
            ImportIssueKind::TooLarge { bytes } => format!(
                "tệp nặng {} MB; chỉ nhận tệp đến {} MB",
                vi_num((*bytes as f64 / 104857.6).round() / 10.0),
                MAX_IMPORT_BYTES / 1048576
            ),
            ImportIssueKind::Empty => "tệp trống".into(),
            ImportIssueKind::NotUtf8 { byte, offset } => format!(
                "tệp không phải văn bản UTF-8: byte 0x{byte:02X} ở vị trí {offset} không hợp lệ (có lẽ tệp được lưu \
                 bằng bảng mã Windows như Windows-1258)"
            ),
            ImportIssueKind::Csv(m) => format!("tệp CSV không đúng định dạng: {m}"),
            ImportIssueKind::NoRows => "tệp chỉ có dòng tiêu đề, không có số liệu".into(),
            ImportIssueKind::TooManyColumns { count } => {
                format!("dòng tiêu đề có {count} cột; chỉ nhận tối đa {MAX_COLUMNS} cột")
            }
            ImportIssueKind::MissingColumn => "thiếu cột bắt buộc này trong dòng tiêu đề".into(),
            ImportIssueKind::DuplicateColumn => "cột này xuất hiện nhiều lần trong dòng tiêu đề".into(),
            ImportIssueKind::UnknownColumns { names, more } => format!(
                "bỏ qua cột không dùng đến: {}{}",
                names.join(", "),
                if *more > 0 { format!(" và {more} cột khác") } else { String::new() }
            ),
            ImportIssueKind::RowLength { found, expected } => {
                format!("dòng có {found} ô nhưng dòng tiêu đề có {expected} cột (tệp có bị cắt cụt không?)")
            }
            ImportIssueKind::CellTooLong { chars } => {
                format!("ô có {chars} ký tự; chỉ nhận tối đa {MAX_CELL_CHARS} ký tự")
            }
            ImportIssueKind::Required => "ô này không được để trống".into(),
            ImportIssueKind::UnknownIndicator => format!("không có chỉ số `{v}`"),
            ImportIssueKind::UnknownUnit { date, exists_in } => {
                if exists_in.is_empty() {
                    format!("không có đơn vị nào mang mã `{v}`")
                } else {
                    format!(
                        "không có đơn vị mã `{v}` tồn tại vào ngày {}/{}/{}; mã này có trong giai đoạn {}",
                        date.day,
                        date.month,
                        date.year,
                        exists_in.join(", ")
                    )
                }
            }
            ImportIssueKind::UnitNameMismatch { code, official } => {
                format!("tên \"{v}\" không khớp với mã {code}, vào thời điểm đó là \"{official}\"")
            }
            ImportIssueKind::BadPeriod => format!("\"{v}\" không phải một thời điểm hợp lệ"),
            ImportIssueKind::PeriodReadAs { period } => format!("\"{v}\" được hiểu là {period} (ngày/tháng/năm)"),
            ImportIssueKind::BadNumber => format!("\"{v}\" không phải một số"),
            ImportIssueKind::DecimalComma { read } => {
                format!("\"{v}\" được hiểu là {} (dấu phẩy thập phân)", vi_num(*read))
            }
            ImportIssueKind::ThousandsDots { read } => {
                format!("\"{v}\" được hiểu là {} (dấu chấm phân cách hàng nghìn)", vi_num(*read))
            }
            ImportIssueKind::NoSource => "số liệu không có nguồn: source_title và source_url đều trống".into(),
            ImportIssueKind::NoSentence => "không có câu trích dẫn: số liệu sẽ hiển thị không kèm nguyên văn".into(),
            ImportIssueKind::BadLanguage => format!("\"{v}\" không phải mã ngôn ngữ (vi, en hoặc fr)"),
            ImportIssueKind::BadUrl => format!("\"{v}\" không phải địa chỉ web"),
            ImportIssueKind::BadBound => format!("\"{v}\" không phải lower hoặc approx"),
            ImportIssueKind::Json(m) => format!("tệp không phải bộ dữ liệu JSON hợp lệ: {m}"),
            ImportIssueKind::SchemaVersion { found } => format!(
                "bộ dữ liệu có phiên bản lược đồ {found}; công cụ này đọc phiên bản {}",
                chiso_core::model::SCHEMA_VERSION
            ),
            ImportIssueKind::Rule(issue) => {
                if self.row.is_some() {
                    issue.kind.message_vi()
                } else {
                    issue.message_vi()
                }
            }
        }
    }

    /// How to fix it, in English.
    pub fn fix_en(&self) -> String {
        use chiso_core::validate::IssueKind as K;
        match &self.kind {
            ImportIssueKind::TooLarge { .. } => "split the file into several smaller files".into(),
            ImportIssueKind::Empty | ImportIssueKind::NoRows => {
                "fill in the template (chiso-data template), one row per figure".into()
            }
            ImportIssueKind::NotUtf8 { .. } => {
                "in Excel: File › Save As › \"CSV UTF-8 (Comma delimited) (*.csv)\"; in LibreOffice: character set \
                 Unicode (UTF-8)"
                    .into()
            }
            ImportIssueKind::Csv(_) => "save the sheet again as CSV from the spreadsheet program".into(),
            ImportIssueKind::TooManyColumns { .. } | ImportIssueKind::UnknownColumns { .. } => {
                "keep only the columns of the template".into()
            }
            ImportIssueKind::MissingColumn => "add the column, spelled as in the template, to the first row".into(),
            ImportIssueKind::DuplicateColumn => "delete or rename one of the two columns".into(),
            ImportIssueKind::RowLength { .. } => {
                "check that the row is complete and that quotes (\") are closed; save the file again".into()
            }
            ImportIssueKind::CellTooLong { .. } => "shorten the cell; quote only the sentence with the figure".into(),
            ImportIssueKind::Required => "fill in the cell".into(),
            ImportIssueKind::UnknownIndicator => "use an id from indicators.csv".into(),
            ImportIssueKind::UnknownUnit { .. } => {
                "use a code from units.csv that is in force at the reference period (or correct the period)".into()
            }
            ImportIssueKind::UnitNameMismatch { .. } => "check the code; the name is only a check".into(),
            ImportIssueKind::BadPeriod => {
                "write 2013, 2019-12, 2020-03-27, 2020-H1 or 2016-01..2018-06 (format the column as Text)".into()
            }
            ImportIssueKind::PeriodReadAs { period } => {
                format!("check the date; to be sure, write {period} and format the column as Text")
            }
            ImportIssueKind::BadNumber => "write digits only, e.g. 1437 or 68.6".into(),
            ImportIssueKind::DecimalComma { read } | ImportIssueKind::ThousandsDots { read } => {
                format!("nothing to do if {} is right; to be sure, write it so", en_num(*read))
            }
            ImportIssueKind::NoSource => "give the title (and address) of the document the figure comes from".into(),
            ImportIssueKind::NoSentence => "copy the sentence with the figure from the source".into(),
            ImportIssueKind::BadLanguage => "write vi, en or fr".into(),
            ImportIssueKind::BadUrl => "write the full address, starting with https://".into(),
            ImportIssueKind::BadBound => "write lower, approx, or leave the cell empty".into(),
            ImportIssueKind::Json(_) => "check the file at that line; it must be a Chỉ số dataset".into(),
            ImportIssueKind::SchemaVersion { .. } => "export the dataset again with this version of the tool".into(),
            ImportIssueKind::Rule(issue) => match &issue.kind {
                K::UnknownUnit { .. } => "use an existing unit".into(),
                K::UnknownIndicator { .. } => "use an id from indicators.csv".into(),
                K::UnknownSource { .. } => "use an existing source".into(),
                K::UnknownTheme { .. } | K::UnknownPeriod { .. } => "use an existing id".into(),
                K::UnitNotInForce { .. } => {
                    "correct the period, or use the code of the unit in force at that time".into()
                }
                K::PercentOutOfRange { .. } => "write a share between 0 and 100 (68.6, not 0.686)".into(),
                K::NegativeCount { .. } | K::FractionalCount { .. } => "write a whole number, 0 or more".into(),
                K::FlagNotBinary { .. } => "write 1 (yes) or 0 (no)".into(),
                K::ValueTypeMismatch { measure: Measure::Category, .. } | K::UnknownCategory { .. } => {
                    "write one of the indicator's category codes (see indicators.csv)".into()
                }
                K::ValueTypeMismatch { .. } => "write a number".into(),
                K::PartsExceedTotal { .. } | K::PartsDoNotAddUp { .. } => {
                    "check the total and its parts for the same unit and period".into()
                }
                K::DuplicateObservation { .. } => "delete one of the two rows".into(),
                K::DuplicateId { .. } => "give each record its own id".into(),
            },
        }
    }

    /// How to fix it, in Vietnamese.
    pub fn fix_vi(&self) -> String {
        use chiso_core::validate::IssueKind as K;
        match &self.kind {
            ImportIssueKind::TooLarge { .. } => "chia tệp thành nhiều tệp nhỏ hơn".into(),
            ImportIssueKind::Empty | ImportIssueKind::NoRows => {
                "điền vào tệp mẫu (chiso-data template), mỗi số liệu một dòng".into()
            }
            ImportIssueKind::NotUtf8 { .. } => {
                "trong Excel: Tệp › Lưu thành › \"CSV UTF-8 (Comma delimited) (*.csv)\"; trong LibreOffice: chọn bộ \
                 ký tự Unicode (UTF-8)"
                    .into()
            }
            ImportIssueKind::Csv(_) => "lưu lại bảng tính dưới dạng CSV từ chương trình bảng tính".into(),
            ImportIssueKind::TooManyColumns { .. } | ImportIssueKind::UnknownColumns { .. } => {
                "chỉ giữ các cột của tệp mẫu".into()
            }
            ImportIssueKind::MissingColumn => "thêm cột này vào dòng đầu, viết đúng như tệp mẫu".into(),
            ImportIssueKind::DuplicateColumn => "xóa hoặc đổi tên một trong hai cột".into(),
            ImportIssueKind::RowLength { .. } => {
                "kiểm tra dòng có đủ ô và các dấu ngoặc kép (\") đã đóng; lưu lại tệp".into()
            }
            ImportIssueKind::CellTooLong { .. } => "rút gọn ô; chỉ trích câu có số liệu".into(),
            ImportIssueKind::Required => "điền vào ô này".into(),
            ImportIssueKind::UnknownIndicator => "dùng một mã trong indicators.csv".into(),
            ImportIssueKind::UnknownUnit { .. } => {
                "dùng một mã trong units.csv còn hiệu lực vào thời điểm của số liệu (hoặc sửa thời điểm)".into()
            }
            ImportIssueKind::UnitNameMismatch { .. } => "kiểm tra lại mã; tên chỉ dùng để đối chiếu".into(),
            ImportIssueKind::BadPeriod => {
                "viết 2013, 2019-12, 2020-03-27, 2020-H1 hoặc 2016-01..2018-06 (định dạng cột là Văn bản)".into()
            }
            ImportIssueKind::PeriodReadAs { period } => {
                format!("kiểm tra ngày; để chắc chắn, viết {period} và định dạng cột là Văn bản")
            }
            ImportIssueKind::BadNumber => "chỉ viết chữ số, vd. 1437 hoặc 68.6".into(),
            ImportIssueKind::DecimalComma { read } | ImportIssueKind::ThousandsDots { read } => {
                format!("không cần sửa nếu {} là đúng; để chắc chắn, viết {}", vi_num(*read), en_num(*read))
            }
            ImportIssueKind::NoSource => "ghi tên (và địa chỉ) của văn bản có số liệu".into(),
            ImportIssueKind::NoSentence => "chép câu có số liệu từ nguồn".into(),
            ImportIssueKind::BadLanguage => "viết vi, en hoặc fr".into(),
            ImportIssueKind::BadUrl => "viết đầy đủ địa chỉ, bắt đầu bằng https://".into(),
            ImportIssueKind::BadBound => "viết lower, approx, hoặc để trống".into(),
            ImportIssueKind::Json(_) => "kiểm tra tệp ở dòng đó; tệp phải là bộ dữ liệu Chỉ số".into(),
            ImportIssueKind::SchemaVersion { .. } => "xuất lại bộ dữ liệu bằng phiên bản này của công cụ".into(),
            ImportIssueKind::Rule(issue) => match &issue.kind {
                K::UnknownUnit { .. } => "dùng một đơn vị có trong dữ liệu".into(),
                K::UnknownIndicator { .. } => "dùng một mã trong indicators.csv".into(),
                K::UnknownSource { .. } => "dùng một nguồn có trong dữ liệu".into(),
                K::UnknownTheme { .. } | K::UnknownPeriod { .. } => "dùng một mã có trong dữ liệu".into(),
                K::UnitNotInForce { .. } => "sửa thời điểm, hoặc dùng mã của đơn vị tồn tại vào lúc đó".into(),
                K::PercentOutOfRange { .. } => "viết tỉ lệ từ 0 đến 100 (68.6, không phải 0.686)".into(),
                K::NegativeCount { .. } | K::FractionalCount { .. } => "viết một số nguyên không âm".into(),
                K::FlagNotBinary { .. } => "viết 1 (có) hoặc 0 (không)".into(),
                K::ValueTypeMismatch { measure: Measure::Category, .. } | K::UnknownCategory { .. } => {
                    "viết một mã phân loại của chỉ số (xem indicators.csv)".into()
                }
                K::ValueTypeMismatch { .. } => "viết một số".into(),
                K::PartsExceedTotal { .. } | K::PartsDoNotAddUp { .. } => {
                    "kiểm tra tổng và các thành phần của cùng đơn vị, cùng thời điểm".into()
                }
                K::DuplicateObservation { .. } => "xóa một trong hai dòng".into(),
                K::DuplicateId { .. } => "đặt cho mỗi bản ghi một mã riêng".into(),
            },
        }
    }
}

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
        out.push_str(lang.pick(
            "| tệp | dòng | cột | giá trị | mức | lỗi | cách sửa |\n|---|---:|---|---|---|---|---|\n",
            "| file | row | column | value | severity | problem | fix |\n|---|---:|---|---|---|---|---|\n",
        ));
        for i in issues {
            let severity = match (i.severity, lang) {
                (Severity::Error, Lang::Vi) => "lỗi",
                (Severity::Error, Lang::En) => "error",
                (Severity::Warning, Lang::Vi) => "cảnh báo",
                (Severity::Warning, Lang::En) => "warning",
            };
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} |\n",
                cell(file_name),
                i.row.map(|r| r.to_string()).unwrap_or_default(),
                cell(i.column.as_deref().unwrap_or("")),
                cell(i.value.as_deref().unwrap_or("")),
                severity,
                cell(&i.message(lang)),
                cell(&i.fix(lang)),
            ));
        }
    }
    let errors = issues.iter().filter(|i| i.is_error()).count();
    let warnings = issues.len() - errors;
    out.push_str(&match lang {
        Lang::Vi => format!("{file_name}: {errors} lỗi, {warnings} cảnh báo\n"),
        Lang::En => format!("{file_name}: {errors} error(s), {warnings} warning(s)\n"),
    });
    out
}

/// The size check and UTF-8 check shared by both imports: the text without its BOM, or the refusal.
fn decode<'a>(bytes: &'a [u8], file_name: &str, csv_delimiter: Option<u8>) -> Result<&'a str, Box<ImportOutcome>> {
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
                Some(d) => row_at(&body[..offset], d),
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

/// The spreadsheet row of the byte just after `prefix` (the header is row 1).
fn row_at(prefix: &[u8], delimiter: u8) -> usize {
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

/// How a number was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumberReading {
    Plain,
    DecimalComma,
    ThousandsDots,
}

/// Digits in groups of three after the first group of one to three (`1,437,000` with `,`).
fn grouped(body: &str, sep: char) -> bool {
    let mut parts = body.split(sep);
    let first = parts.next().unwrap_or("");
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (1..=3).contains(&first.len()) && digits(first) && parts.all(|p| p.len() == 3 && digits(p))
}

/// Reads a number as people type it in spreadsheets (see the module docs); `None` when it is not one.
fn parse_number(raw: &str, measure: Measure) -> Option<(f64, NumberReading)> {
    let mut s: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'))
        .collect::<String>()
        .replace('−', "-");
    if measure == Measure::Percent {
        if let Some(t) = s.strip_suffix('%') {
            s = t.to_string();
        }
    }
    let (sign, body) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s.strip_prefix('+').unwrap_or(&s)),
    };
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.') {
        return None;
    }
    if !body.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let commas = body.matches(',').count();
    let dots = body.matches('.').count();
    let (normal, reading) = match (commas, dots) {
        (0, 0) => (body.to_string(), NumberReading::Plain),
        (_, 0) if measure != Measure::Percent && grouped(body, ',') => (body.replace(',', ""), NumberReading::Plain),
        (1, 0) => (body.replace(',', "."), NumberReading::DecimalComma),
        (0, 1) if !(measure == Measure::Count && grouped(body, '.')) => (body.to_string(), NumberReading::Plain),
        (0, _) if grouped(body, '.') => (body.replace('.', ""), NumberReading::ThousandsDots),
        (1, _) if body.rfind(',') > body.rfind('.') => {
            let (int, frac) = body.split_once(',')?;
            if !grouped(int, '.') {
                return None;
            }
            (format!("{}.{frac}", int.replace('.', "")), NumberReading::DecimalComma)
        }
        (_, 1) if body.rfind('.') > body.rfind(',') => {
            let (int, frac) = body.split_once('.')?;
            if !grouped(int, ',') {
                return None;
            }
            (format!("{}.{frac}", int.replace(',', "")), NumberReading::Plain)
        }
        _ => return None,
    };
    if normal.starts_with('.') || normal.ends_with('.') {
        return None;
    }
    let v: f64 = format!("{sign}{normal}").parse().ok()?;
    v.is_finite().then_some((v, reading))
}

/// Reads a reference period: the forms of `figures.csv` (`2013`, `2020 H1`, `c. 2014`, `2003..c. 2014`,
/// `2019-06 (first half)`), `~` for `c.`, and dates as spreadsheets write them (`27/03/2020`, `3/2020`), which are
/// reported back ([`ImportIssueKind::PeriodReadAs`]).
fn parse_period(raw: &str) -> Option<(ParsedDate, bool)> {
    let raw = raw.trim();
    let normal = match raw.strip_prefix('~') {
        Some(rest) => format!("c. {}", rest.trim()),
        None => raw.to_string(),
    };
    if let Some(p) = parse_reference_date(&normal) {
        return Some((p, false));
    }
    let (core, approximate) = match normal.strip_prefix("c.") {
        Some(rest) => (rest.trim(), true),
        None => (normal.as_str(), false),
    };
    let parts: Vec<&str> = core.split('/').map(str::trim).collect();
    fn n(s: &str, max: usize) -> Option<&str> {
        (!s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())).then_some(s)
    }
    let period = match parts.as_slice() {
        [d, m, y] => {
            let (d, m, y) =
                (n(d, 2)?.parse().ok()?, n(m, 2)?.parse().ok()?, n(y, 4).filter(|y| y.len() == 4)?.parse().ok()?);
            RefPeriod::Day(Date::new(y, m, d)?)
        }
        [m, y] => {
            let (m, y): (u8, i32) = (n(m, 2)?.parse().ok()?, n(y, 4).filter(|y| y.len() == 4)?.parse().ok()?);
            (1..=12).contains(&m).then_some(RefPeriod::Month(y, m))?
        }
        _ => return None,
    };
    Some((ParsedDate { period, approximate, text: None }, true))
}

/// Lookups into the base dataset.
#[derive(Debug, Clone)]
struct Base {
    ds: Dataset,
    indicators: HashMap<String, usize>,
    units_by_code: HashMap<String, Vec<usize>>,
    units_by_id: HashMap<String, usize>,
    period_labels: HashMap<String, String>,
}

impl Base {
    fn new(base: &Dataset) -> Base {
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

/// Column positions of the known columns.
#[derive(Debug, Clone, Default)]
struct Columns {
    index: HashMap<&'static str, usize>,
    width: usize,
}

/// A source as collected from rows, keyed by (url, title).
#[derive(Debug, Clone)]
struct PendingSource {
    url: String,
    title: String,
    date: String,
    publisher: String,
    language: String,
    first_row: usize,
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
        for s in &base.sources {
            if flag_sources.contains(&s.id) && !ds.sources.iter().any(|x| x.id == s.id) {
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

    fn read_row(&mut self, record: &csv::ByteRecord, row: usize) {
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
        for c in COLUMNS.iter().filter(|c| c.required && c.name != "source_title") {
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
        if !(url.is_empty() || url.starts_with("http://") || url.starts_with("https://")) {
            issues.push(ImportIssue::warning(row, "source_url", url, ImportIssueKind::BadUrl));
        }
        let sentence = get("exact_sentence");
        if sentence.is_empty() {
            issues.push(ImportIssue::warning(row, "exact_sentence", "", ImportIssueKind::NoSentence));
        }
        let language = match get("sentence_language") {
            "" => "vi".to_string(),
            l if ["vi", "en", "fr"].contains(&l.to_lowercase().as_str()) => l.to_lowercase(),
            l => {
                issues.push(ImportIssue::error(row, "sentence_language", l, ImportIssueKind::BadLanguage));
                String::new()
            }
        };
        let note = get("note");
        let derived = get("derived");
        let bound = match get("bound").to_lowercase().as_str() {
            "" => None,
            "lower" => Some(chiso_core::model::Bound::Lower),
            "approx" => Some(chiso_core::model::Bound::Approx),
            _ => {
                issues.push(ImportIssue::error(row, "bound", get("bound"), ImportIssueKind::BadBound));
                None
            }
        };
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
            note: (!note.is_empty()).then(|| note.into()),
            derived: (!derived.is_empty()).then(|| derived.into()),
        });
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

    /// The sources of the rows, reusing the base dataset's record (id, publisher, …) for a source it already has
    /// (same address, or same title when there is no address), with ids unique across both.
    fn resolve_sources(&self) -> (Vec<Source>, Vec<String>) {
        let base = &self.base.ds.sources;
        let mut taken: HashSet<String> = base.iter().map(|s| s.id.clone()).collect();
        let fresh_urls: Vec<&str> = self.sources.iter().filter(|s| !s.url.is_empty()).map(|s| s.url.as_str()).collect();
        let mut url_ids = source_ids(&fresh_urls).into_iter();
        let mut out = Vec::new();
        let mut ids = Vec::new();
        for s in &self.sources {
            let proposed = if s.url.is_empty() { None } else { url_ids.next() };
            let known = base.iter().find(|b| {
                if s.url.is_empty() {
                    b.url.is_none() && b.title == s.title
                } else {
                    b.url.as_deref() == Some(s.url.as_str())
                }
            });
            if let Some(b) = known {
                ids.push(b.id.clone());
                out.push(b.clone());
                continue;
            }
            let stem = match proposed {
                Some(id) if !id.is_empty() => id,
                _ => {
                    let w = words(&s.title);
                    let head = w.iter().take(6).cloned().collect::<Vec<_>>().join("-");
                    if head.is_empty() {
                        "source".to_string()
                    } else {
                        head
                    }
                }
            };
            let mut id = stem.clone();
            let mut n = 2;
            while taken.contains(&id) {
                id = format!("{stem}-{n}");
                n += 1;
            }
            taken.insert(id.clone());
            let publisher = if !s.publisher.is_empty() {
                s.publisher.clone()
            } else {
                let rest = s.url.split_once("://").map_or(s.url.as_str(), |(_, r)| r);
                rest.split(['/', '?']).next().unwrap_or("").trim_start_matches("www.").to_string()
            };
            ids.push(id.clone());
            out.push(Source {
                id,
                title: if s.title.is_empty() { s.url.clone() } else { s.title.clone() },
                publisher,
                date: s.date.clone(),
                url: (!s.url.is_empty()).then(|| s.url.clone()),
                file: None,
                language: s.language.clone(),
            });
        }
        // Base sources cited by several keys appear once.
        let mut seen = HashSet::new();
        out.retain(|s| seen.insert(s.id.clone()));
        (out, ids)
    }
}

/// Whether a name as written matches a unit (its name or its name without the type word), ignoring case and
/// repeated spaces.
fn same_name(given: &str, u: &Unit) -> bool {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let g = norm(given);
    g == norm(&u.name) || g == norm(&u.short_name)
}

/// The CSV column of a dataset field named in a validation issue (`None` for the id, which is the row itself).
fn csv_column(field: &str) -> Option<&str> {
    match field {
        "id" => None,
        "unit" => Some("unit_code"),
        "period" => Some("reference_period"),
        "source" => Some("source_title"),
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
/// observation. The same as feeding a [`JsonImporter`] to the end.
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
    for issue in found {
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
    let rows = ds.observations.len();
    let dataset = (!fatal).then(|| {
        let mut ds = ds;
        ds.observations.retain(|o| !bad_obs.contains(&o.id));
        ds
    });
    chiso_core::sort::sort_by_key(&mut issues, |i| i.row.unwrap_or(0));
    ImportOutcome { file_name: file_name.to_string(), dataset, issues, rows }
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
    let mut lines: Vec<IssueLine> = Vec::new();
    let mut group_of: HashMap<(Option<&str>, std::mem::Discriminant<ImportIssueKind>), usize> = HashMap::new();
    let (errors, warnings): (Vec<&ImportIssue>, Vec<&ImportIssue>) = issues.iter().partition(|i| i.is_error());
    for issue in errors.into_iter().chain(warnings) {
        let rows: Vec<usize> = issue.row.into_iter().collect();
        if issue.is_error() {
            if lines.len() < max {
                lines.push(IssueLine { issue, rows, more: 0 });
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
            None => {}
        }
    }
    lines
}

/// The indicators whose ids appear in `outcome`'s dataset, for a summary ("12 figures of 3 indicators").
pub fn indicators_used(ds: &Dataset) -> BTreeSet<&str> {
    ds.observations.iter().map(|o| o.indicator.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_spreadsheets_write_them() {
        let n = |s: &str, m: Measure| parse_number(s, m);
        assert_eq!(n("1437", Measure::Count), Some((1437.0, NumberReading::Plain)));
        assert_eq!(n("1,437", Measure::Count), Some((1437.0, NumberReading::Plain)));
        assert_eq!(n("1 437", Measure::Count), Some((1437.0, NumberReading::Plain)));
        assert_eq!(n("1.437.000", Measure::Count), Some((1437000.0, NumberReading::ThousandsDots)));
        assert_eq!(n("1.437", Measure::Count), Some((1437.0, NumberReading::ThousandsDots)));
        assert_eq!(n("68,6", Measure::Percent), Some((68.6, NumberReading::DecimalComma)));
        assert_eq!(n("68,600", Measure::Percent), Some((68.6, NumberReading::DecimalComma)));
        assert_eq!(n("68.6", Measure::Percent), Some((68.6, NumberReading::Plain)));
        assert_eq!(n("68,6%", Measure::Percent), Some((68.6, NumberReading::DecimalComma)));
        assert_eq!(n("1.437,5", Measure::Count), Some((1437.5, NumberReading::DecimalComma)));
        assert_eq!(n("1,437.5", Measure::Count), Some((1437.5, NumberReading::Plain)));
        assert_eq!(n("-3", Measure::Count), Some((-3.0, NumberReading::Plain)));
        for bad in ["", "abc", "1,2,3", "12a", ".", ",", "1..2", "1.2.3,4,5", "NaN", "inf"] {
            assert_eq!(n(bad, Measure::Count), None, "{bad}");
        }
    }

    #[test]
    fn periods_accept_the_template_forms_and_spreadsheet_dates() {
        let p = |s: &str| parse_period(s).map(|(d, read_as)| (d.period.to_string(), d.approximate, read_as));
        assert_eq!(p("2013"), Some(("2013".into(), false, false)));
        assert_eq!(p("~2014"), Some(("2014".into(), true, false)));
        assert_eq!(p("c. 2014"), Some(("2014".into(), true, false)));
        assert_eq!(p("2020-H1"), Some(("2020-H1".into(), false, false)));
        assert_eq!(p("2016-01..2018-06"), Some(("2016-01..2018-06".into(), false, false)));
        assert_eq!(p("27/03/2020"), Some(("2020-03-27".into(), false, true)));
        assert_eq!(p("12/2019"), Some(("2019-12".into(), false, true)));
        assert_eq!(p("31/02/2020"), None);
        assert_eq!(p("next year"), None);
    }

    #[test]
    fn the_separator_is_guessed_from_the_header_line() {
        assert_eq!(guess_delimiter("a,b,c\n1;2;3;4;5"), b',');
        assert_eq!(guess_delimiter("a;b;c\n"), b';');
        assert_eq!(guess_delimiter("\"a,b\";c;d\n"), b';');
        assert_eq!(guess_delimiter("a\tb\n"), b'\t');
        assert_eq!(guess_delimiter("single"), b',');
    }
}
