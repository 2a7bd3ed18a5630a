//! The problems an import reports ([`ImportIssue`]): where (row, column, value), what ([`ImportIssueKind`]) and
//! how bad ([`Severity`]), and their texts — what is wrong ([`ImportIssue::message`]) and how to fix it
//! ([`ImportIssue::fix`]) — each written once with the Vietnamese and English side by side ([`chiso_core::tr!`]).

use super::{MAX_CELL_CHARS, MAX_COLUMNS, MAX_IMPORT_BYTES, MAX_QUOTED_CHARS};
use chiso_core::i18n::Lang;
use chiso_core::model::Measure;
use chiso_core::period::Date;
use chiso_core::tr;
use chiso_core::validate::Issue;

/// Whether an issue blocks publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    /// The row (or the file) cannot be used as it is.
    Error,
    /// The row was read, but check what was understood.
    Warning,
}

impl Severity {
    /// The word for it in an issue table ("lỗi" / "error").
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Error => tr!(lang, "lỗi", "error"),
            Severity::Warning => tr!(lang, "cảnh báo", "warning"),
        }
    }
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
    /// `exact_sentence` is empty: a figure is only published with the sentence it was read from.
    NoSentence,
    /// `sentence_language` is not `vi`, `en` or `fr`.
    BadLanguage,
    /// `source_url` (a CSV) or a source's `url` (a JSON dataset) is not an `http(s)` address
    /// ([`chiso_core::links::safe_link`]): a warning in a reader's preview, where the source loses its link; an
    /// error for publishing ([`super::ImportOutcome::for_publishing`]).
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
    /// A JSON dataset marked `synthetic: true`: its figures are invented (warning; such a file must not be
    /// published).
    Synthetic,
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

/// A number as the data tool writes it (`1437.5`), whatever the language: what to type in a cell.
fn plain_number(v: f64) -> String {
    format!("{v}")
}

/// A number as a reader of `lang` reads it: `1437.5` in English, `1437,5` in Vietnamese.
fn number(v: f64, lang: Lang) -> String {
    match lang {
        Lang::Vi => plain_number(v).replace('.', ","),
        Lang::En => plain_number(v),
    }
}

/// A file size in MiB with one decimal (`3.0` in English, `3` or `2,5` in Vietnamese).
fn megabytes(bytes: usize, lang: Lang) -> String {
    match lang {
        Lang::Vi => number((bytes as f64 / 104857.6).round() / 10.0, lang),
        Lang::En => format!("{:.1}", bytes as f64 / 1048576.0),
    }
}

/// A day as a reader of `lang` writes it: `27/3/2020` in Vietnamese, `2020-03-27` in English.
fn day(date: Date, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{}/{}/{}", date.day, date.month, date.year),
        Lang::En => date.to_string(),
    }
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

    /// What is wrong, in the reader's language (the location is in [`ImportIssue::row`] and
    /// [`ImportIssue::column`]).
    pub fn message(&self, lang: Lang) -> String {
        let v = self.value.as_deref().unwrap_or("");
        match &self.kind {
            ImportIssueKind::TooLarge { bytes } => tr!(
                lang,
                "tệp nặng {size} MB; chỉ nhận tệp đến {max} MB",
                "the file is {size} MB; files up to {max} MB are accepted",
                size = megabytes(*bytes, lang),
                max = MAX_IMPORT_BYTES / 1048576
            ),
            ImportIssueKind::Empty => tr!(lang, "tệp trống", "the file is empty").into(),
            ImportIssueKind::NotUtf8 { byte, offset } => tr!(
                lang,
                "tệp không phải văn bản UTF-8: byte 0x{byte:02X} ở vị trí {offset} không hợp lệ (có lẽ tệp được lưu \
                 bằng bảng mã Windows như Windows-1258)",
                "the file is not UTF-8 text: byte 0x{byte:02X} at offset {offset} is not UTF-8 (the file was probably \
                 saved in a Windows encoding such as Windows-1258)",
                byte = byte,
                offset = offset
            ),
            ImportIssueKind::Csv(m) => {
                tr!(lang, "tệp CSV không đúng định dạng: {m}", "the file is not well-formed CSV: {m}", m = m)
            }
            ImportIssueKind::NoRows => {
                tr!(lang, "tệp chỉ có dòng tiêu đề, không có số liệu", "the file has a header row but no figures")
                    .into()
            }
            ImportIssueKind::TooManyColumns { count } => tr!(
                lang,
                "dòng tiêu đề có {count} cột; chỉ nhận tối đa {max} cột",
                "the header has {count} columns; at most {max} are accepted",
                count = count,
                max = MAX_COLUMNS
            ),
            ImportIssueKind::MissingColumn => tr!(
                lang,
                "thiếu cột bắt buộc này trong dòng tiêu đề",
                "this required column is missing from the header"
            )
            .into(),
            ImportIssueKind::DuplicateColumn => tr!(
                lang,
                "cột này xuất hiện nhiều lần trong dòng tiêu đề",
                "this column appears more than once in the header"
            )
            .into(),
            ImportIssueKind::UnknownColumns { names, more } => {
                let more = if *more > 0 {
                    tr!(lang, " và {n} cột khác", " and {n} more", n = more)
                } else {
                    String::new()
                };
                tr!(
                    lang,
                    "bỏ qua cột không dùng đến: {names}{more}",
                    "unknown column(s) ignored: {names}{more}",
                    names = names.join(", "),
                    more = more
                )
            }
            ImportIssueKind::RowLength { found, expected } => tr!(
                lang,
                "dòng có {found} ô nhưng dòng tiêu đề có {expected} cột (tệp có bị cắt cụt không?)",
                "the row has {found} cells but the header has {expected} (is the file cut short?)",
                found = found,
                expected = expected
            ),
            ImportIssueKind::CellTooLong { chars } => tr!(
                lang,
                "ô có {chars} ký tự; chỉ nhận tối đa {max} ký tự",
                "the cell holds {chars} characters; at most {max} are accepted",
                chars = chars,
                max = MAX_CELL_CHARS
            ),
            ImportIssueKind::Required => tr!(lang, "ô này không được để trống", "this cell must not be empty").into(),
            ImportIssueKind::UnknownIndicator => {
                tr!(lang, "không có chỉ số `{v}`", "there is no indicator `{v}`", v = v)
            }
            ImportIssueKind::UnknownUnit { exists_in, .. } if exists_in.is_empty() => {
                tr!(lang, "không có đơn vị nào mang mã `{v}`", "no unit has the code `{v}`", v = v)
            }
            ImportIssueKind::UnknownUnit { date, exists_in } => tr!(
                lang,
                "không có đơn vị mã `{v}` tồn tại vào ngày {date}; mã này có trong giai đoạn {periods}",
                "no unit of code `{v}` is in force on {date}; the code exists in {periods}",
                v = v,
                date = day(*date, lang),
                periods = exists_in.join(", ")
            ),
            ImportIssueKind::UnitNameMismatch { code, official } => tr!(
                lang,
                "tên \"{v}\" không khớp với mã {code}, vào thời điểm đó là \"{official}\"",
                "the name \"{v}\" does not match code {code}, which is \"{official}\" at that date",
                v = v,
                code = code,
                official = official
            ),
            ImportIssueKind::BadPeriod => {
                tr!(lang, "\"{v}\" không phải một thời điểm hợp lệ", "\"{v}\" is not a reference period", v = v)
            }
            ImportIssueKind::PeriodReadAs { period } => tr!(
                lang,
                "\"{v}\" được hiểu là {period} (ngày/tháng/năm)",
                "\"{v}\" was read as {period} (day/month/year)",
                v = v,
                period = period
            ),
            ImportIssueKind::BadNumber => tr!(lang, "\"{v}\" không phải một số", "\"{v}\" is not a number", v = v),
            ImportIssueKind::DecimalComma { read } => tr!(
                lang,
                "\"{v}\" được hiểu là {read} (dấu phẩy thập phân)",
                "\"{v}\" was read as {read} (decimal comma)",
                v = v,
                read = number(*read, lang)
            ),
            ImportIssueKind::ThousandsDots { read } => tr!(
                lang,
                "\"{v}\" được hiểu là {read} (dấu chấm phân cách hàng nghìn)",
                "\"{v}\" was read as {read} (dots as thousands separators)",
                v = v,
                read = number(*read, lang)
            ),
            ImportIssueKind::NoSource => tr!(
                lang,
                "số liệu không có nguồn: source_title và source_url đều trống",
                "the figure has no source: source_title and source_url are empty"
            )
            .into(),
            ImportIssueKind::NoSentence => tr!(
                lang,
                "không có câu trích dẫn: số liệu chỉ được công bố kèm câu nguyên văn chứa nó",
                "no exact sentence: a figure is only published with the sentence it was read from"
            )
            .into(),
            ImportIssueKind::BadLanguage => tr!(
                lang,
                "\"{v}\" không phải mã ngôn ngữ (vi, en hoặc fr)",
                "\"{v}\" is not a language code (vi, en or fr)",
                v = v
            ),
            ImportIssueKind::BadUrl => {
                tr!(
                    lang,
                    "\"{v}\" không phải địa chỉ web http:// hoặc https://: không được làm liên kết",
                    "\"{v}\" is not an http:// or https:// web address: it is not made a link",
                    v = v
                )
            }
            ImportIssueKind::BadBound => {
                tr!(lang, "\"{v}\" không phải lower hoặc approx", "\"{v}\" is not a bound (lower or approx)", v = v)
            }
            ImportIssueKind::Json(m) => {
                tr!(lang, "tệp không phải bộ dữ liệu JSON hợp lệ: {m}", "the file is not a dataset in JSON: {m}", m = m)
            }
            ImportIssueKind::SchemaVersion { found } => tr!(
                lang,
                "bộ dữ liệu có phiên bản lược đồ {found}; công cụ này đọc phiên bản {version}",
                "the dataset has schema version {found}; this tool reads version {version}",
                found = found,
                version = chiso_core::model::SCHEMA_VERSION
            ),
            ImportIssueKind::Synthetic => tr!(
                lang,
                "bộ dữ liệu được đánh dấu synthetic: true: mọi số liệu trong đó là giả lập, không được công bố",
                "the dataset is marked synthetic: true: every figure in it is invented and must not be published"
            )
            .into(),
            // A rule of a row reads without its place (the row and column say it); one of the file with it.
            ImportIssueKind::Rule(issue) => match (lang, self.row.is_some()) {
                (Lang::Vi, true) => issue.kind.message_vi(),
                (Lang::En, true) => issue.kind.message_en(),
                (Lang::Vi, false) => issue.message_vi(),
                (Lang::En, false) => issue.message_en(),
            },
        }
    }

    /// How to fix it, in the reader's language.
    pub fn fix(&self, lang: Lang) -> String {
        use chiso_core::validate::IssueKind as K;
        let text: &str = match &self.kind {
            ImportIssueKind::TooLarge { .. } => {
                tr!(lang, "chia tệp thành nhiều tệp nhỏ hơn", "split the file into several smaller files")
            }
            ImportIssueKind::Empty | ImportIssueKind::NoRows => tr!(
                lang,
                "điền vào tệp mẫu (chiso-data template), mỗi số liệu một dòng",
                "fill in the template (chiso-data template), one row per figure"
            ),
            ImportIssueKind::NotUtf8 { .. } => tr!(
                lang,
                "trong Excel: Tệp › Lưu thành › \"CSV UTF-8 (Comma delimited) (*.csv)\"; trong LibreOffice: chọn bộ \
                 ký tự Unicode (UTF-8)",
                "in Excel: File › Save As › \"CSV UTF-8 (Comma delimited) (*.csv)\"; in LibreOffice: character set \
                 Unicode (UTF-8)"
            ),
            ImportIssueKind::Csv(_) => tr!(
                lang,
                "lưu lại bảng tính dưới dạng CSV từ chương trình bảng tính",
                "save the sheet again as CSV from the spreadsheet program"
            ),
            ImportIssueKind::TooManyColumns { .. } | ImportIssueKind::UnknownColumns { .. } => {
                tr!(lang, "chỉ giữ các cột của tệp mẫu", "keep only the columns of the template")
            }
            ImportIssueKind::MissingColumn => tr!(
                lang,
                "thêm cột này vào dòng đầu, viết đúng như tệp mẫu",
                "add the column, spelled as in the template, to the first row"
            ),
            ImportIssueKind::DuplicateColumn => {
                tr!(lang, "xóa hoặc đổi tên một trong hai cột", "delete or rename one of the two columns")
            }
            ImportIssueKind::RowLength { .. } => tr!(
                lang,
                "kiểm tra dòng có đủ ô và các dấu ngoặc kép (\") đã đóng; lưu lại tệp",
                "check that the row is complete and that quotes (\") are closed; save the file again"
            ),
            ImportIssueKind::CellTooLong { .. } => tr!(
                lang,
                "rút gọn ô; chỉ trích câu có số liệu",
                "shorten the cell; quote only the sentence with the figure"
            ),
            ImportIssueKind::Required => tr!(lang, "điền vào ô này", "fill in the cell"),
            ImportIssueKind::UnknownIndicator => {
                tr!(lang, "dùng một mã trong indicators.csv", "use an id from indicators.csv")
            }
            ImportIssueKind::UnknownUnit { .. } => tr!(
                lang,
                "dùng một mã trong units.csv còn hiệu lực vào thời điểm của số liệu (hoặc sửa thời điểm)",
                "use a code from units.csv that is in force at the reference period (or correct the period)"
            ),
            ImportIssueKind::UnitNameMismatch { .. } => {
                tr!(lang, "kiểm tra lại mã; tên chỉ dùng để đối chiếu", "check the code; the name is only a check")
            }
            ImportIssueKind::BadPeriod => tr!(
                lang,
                "viết 2013, 2019-12, 2020-03-27, 2020-H1 hoặc 2016-01..2018-06 (định dạng cột là Văn bản)",
                "write 2013, 2019-12, 2020-03-27, 2020-H1 or 2016-01..2018-06 (format the column as Text)"
            ),
            ImportIssueKind::PeriodReadAs { period } => {
                return tr!(
                    lang,
                    "kiểm tra ngày; để chắc chắn, viết {period} và định dạng cột là Văn bản",
                    "check the date; to be sure, write {period} and format the column as Text",
                    period = period
                )
            }
            ImportIssueKind::BadNumber => {
                tr!(lang, "chỉ viết chữ số, vd. 1437 hoặc 68.6", "write digits only, e.g. 1437 or 68.6")
            }
            // The Vietnamese also spells out how to write the number (with a decimal point), as the reader's own
            // way of writing it differs; the English only says "write it so". Hence a match, not `tr!`.
            ImportIssueKind::DecimalComma { read } | ImportIssueKind::ThousandsDots { read } => {
                return match lang {
                    Lang::Vi => format!(
                        "không cần sửa nếu {} là đúng; để chắc chắn, viết {}",
                        number(*read, lang),
                        plain_number(*read)
                    ),
                    Lang::En => format!("nothing to do if {} is right; to be sure, write it so", number(*read, lang)),
                }
            }
            ImportIssueKind::NoSource => tr!(
                lang,
                "ghi tên (và địa chỉ) của văn bản có số liệu",
                "give the title (and address) of the document the figure comes from"
            ),
            ImportIssueKind::NoSentence => {
                tr!(lang, "chép câu có số liệu từ nguồn", "copy the sentence with the figure from the source")
            }
            ImportIssueKind::BadLanguage => tr!(lang, "viết vi, en hoặc fr", "write vi, en or fr"),
            ImportIssueKind::BadUrl => {
                tr!(
                    lang,
                    "viết đầy đủ địa chỉ, bắt đầu bằng https://",
                    "write the full address, starting with https://"
                )
            }
            ImportIssueKind::BadBound => {
                tr!(lang, "viết lower, approx, hoặc để trống", "write lower, approx, or leave the cell empty")
            }
            ImportIssueKind::Json(_) => tr!(
                lang,
                "kiểm tra tệp ở dòng đó; tệp phải là bộ dữ liệu Chỉ số",
                "check the file at that line; it must be a Chỉ số dataset"
            ),
            ImportIssueKind::SchemaVersion { .. } => tr!(
                lang,
                "xuất lại bộ dữ liệu bằng phiên bản này của công cụ",
                "export the dataset again with this version of the tool"
            ),
            ImportIssueKind::Synthetic => tr!(
                lang,
                "chỉ dùng tệp này để thử nghiệm; công bố bộ dữ liệu dựng từ số liệu đã công bố",
                "use this file for tests only; publish a dataset built from published figures"
            ),
            ImportIssueKind::Rule(issue) => match &issue.kind {
                K::UnknownUnit { .. } => tr!(lang, "dùng một đơn vị có trong dữ liệu", "use an existing unit"),
                K::UnknownIndicator { .. } => {
                    tr!(lang, "dùng một mã trong indicators.csv", "use an id from indicators.csv")
                }
                K::UnknownSource { .. } => tr!(lang, "dùng một nguồn có trong dữ liệu", "use an existing source"),
                K::UnknownTheme { .. } | K::UnknownPeriod { .. } => {
                    tr!(lang, "dùng một mã có trong dữ liệu", "use an existing id")
                }
                K::UnitNotInForce { .. } => tr!(
                    lang,
                    "sửa thời điểm, hoặc dùng mã của đơn vị tồn tại vào lúc đó",
                    "correct the period, or use the code of the unit in force at that time"
                ),
                K::PercentOutOfRange { .. } => tr!(
                    lang,
                    "viết tỉ lệ từ 0 đến 100 (68.6, không phải 0.686)",
                    "write a share between 0 and 100 (68.6, not 0.686)"
                ),
                K::NegativeCount { .. } | K::FractionalCount { .. } => {
                    tr!(lang, "viết một số nguyên không âm", "write a whole number, 0 or more")
                }
                K::FlagNotBinary { .. } => tr!(lang, "viết 1 (có) hoặc 0 (không)", "write 1 (yes) or 0 (no)"),
                K::ValueTypeMismatch { measure: Measure::Category, .. } | K::UnknownCategory { .. } => tr!(
                    lang,
                    "viết một mã phân loại của chỉ số (xem indicators.csv)",
                    "write one of the indicator's category codes (see indicators.csv)"
                ),
                K::ValueTypeMismatch { .. } => tr!(lang, "viết một số", "write a number"),
                K::PartsExceedTotal { .. } | K::PartsDoNotAddUp { .. } => tr!(
                    lang,
                    "kiểm tra tổng và các thành phần của cùng đơn vị, cùng thời điểm",
                    "check the total and its parts for the same unit and period"
                ),
                K::NoSentence => {
                    tr!(lang, "chép câu có số liệu từ nguồn", "copy the sentence with the figure from the source")
                }
                K::ValueNotInSentence { .. } => tr!(
                    lang,
                    "sửa số cho đúng như trong câu, chép đúng câu có số đó, hoặc ghi cách tính vào cột derived",
                    "make the value match the sentence, quote the sentence that has it, or say how it was computed in \
                     the derived column"
                ),
                K::DuplicateObservation { .. } => tr!(lang, "xóa một trong hai dòng", "delete one of the two rows"),
                K::DuplicateId { .. } => tr!(lang, "đặt cho mỗi bản ghi một mã riêng", "give each record its own id"),
                K::UnsafeUrl { .. } => tr!(
                    lang,
                    "viết đầy đủ địa chỉ, bắt đầu bằng https://, hoặc bỏ trống",
                    "write the full address, starting with https://, or leave it empty"
                ),
            },
        };
        text.to_string()
    }
}
