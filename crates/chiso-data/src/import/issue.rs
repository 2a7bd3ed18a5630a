//! The problems an import reports ([`ImportIssue`]): where (row, column, value), what ([`ImportIssueKind`]) and
//! how bad ([`Severity`]), and their texts: what is wrong and how to fix it, in Vietnamese and English.

use super::{MAX_CELL_CHARS, MAX_COLUMNS, MAX_IMPORT_BYTES, MAX_QUOTED_CHARS};
use chiso_core::i18n::Lang;
use chiso_core::model::Measure;
use chiso_core::period::Date;
use chiso_core::validate::Issue;

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
    pub(super) fn new(
        severity: Severity,
        row: Option<usize>,
        column: Option<&str>,
        value: Option<&str>,
        kind: ImportIssueKind,
    ) -> Self {
        ImportIssue { severity, row, column: column.map(str::to_string), value: value.map(quote), kind }
    }

    pub(super) fn error(row: usize, column: &str, value: &str, kind: ImportIssueKind) -> Self {
        Self::new(Severity::Error, Some(row), Some(column), Some(value), kind)
    }

    pub(super) fn warning(row: usize, column: &str, value: &str, kind: ImportIssueKind) -> Self {
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
