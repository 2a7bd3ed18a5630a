//! The import template: an empty sheet with the columns [`crate::import`] expects, a short how-to in Vietnamese
//! and English, and the reference sheets of the indicators and units a row may name. Pure: the files are returned
//! as bytes, so the data tool writes them to a folder and the browser can offer them for download.
//!
//! CSV files are UTF-8 with a BOM and Windows line endings, so Excel opens them with the Vietnamese letters intact.

use crate::import::COLUMNS;
use chiso_core::i18n::Lang;
use chiso_core::model::{Dataset, Measure, Value};
use chiso_core::tr;

/// One file of the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateFile {
    /// File name (no folder).
    pub name: &'static str,
    /// Content.
    pub bytes: Vec<u8>,
}

/// The empty sheet to fill in.
pub const SHEET: &str = "chiso-import.csv";
/// The indicators a row may name.
pub const INDICATORS: &str = "indicators.csv";
/// The units a row may name, with the dates they are in force.
pub const UNITS: &str = "units.csv";
/// The published figures, in the sheet's format: a starting point for the next edition.
pub const FIGURES: &str = "published-figures.csv";
/// The how-to in Vietnamese.
pub const HOW_TO_VI: &str = "HUONG-DAN.md";
/// The how-to in English.
pub const HOW_TO_EN: &str = "HOW-TO.md";

/// Rows as CSV: a byte-order mark, cells quoted only when they hold a comma, a quote or a line break (quotes
/// doubled), Windows line endings. The bytes the `csv` crate's writer gives (a test checks it), without its code in
/// the app, which offers the filled sheet for download.
pub fn csv_bytes(rows: Vec<Vec<String>>) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            if cell.contains([',', '"', '\r', '\n']) {
                out.push('"');
                out.push_str(&cell.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(cell);
            }
        }
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn measure_id(m: Measure) -> &'static str {
    match m {
        Measure::Count => "count",
        Measure::Percent => "percent",
        Measure::Category => "category",
        Measure::Flag => "flag",
    }
}

/// The header row of the import sheet.
pub fn header() -> Vec<String> {
    COLUMNS.iter().map(|c| c.name.to_string()).collect()
}

/// The template files for `base` (the published dataset): the empty sheet, the how-to in both languages, the
/// indicator and unit reference sheets, and the published figures as a filled sheet.
pub fn files(base: &Dataset) -> Vec<TemplateFile> {
    vec![
        TemplateFile { name: SHEET, bytes: csv_bytes(vec![header()]) },
        TemplateFile { name: HOW_TO_VI, bytes: how_to(Lang::Vi).into_bytes() },
        TemplateFile { name: HOW_TO_EN, bytes: how_to(Lang::En).into_bytes() },
        TemplateFile { name: INDICATORS, bytes: indicators_sheet(base) },
        TemplateFile { name: UNITS, bytes: units_sheet(base) },
        TemplateFile { name: FIGURES, bytes: rows_csv(base) },
    ]
}

/// The indicator reference sheet: id, theme, measure, names, category codes, descriptions.
pub fn indicators_sheet(base: &Dataset) -> Vec<u8> {
    let mut rows = vec![[
        "id",
        "theme",
        "measure",
        "name_vi",
        "name_en",
        "categories",
        "higher_is_better",
        "description_vi",
        "description_en",
    ]
    .map(String::from)
    .to_vec()];
    for i in &base.indicators {
        rows.push(vec![
            i.id.clone(),
            i.theme.clone(),
            measure_id(i.measure).to_string(),
            i.name.vi.clone(),
            i.name.en.clone(),
            i.categories.iter().map(|c| c.code.as_str()).collect::<Vec<_>>().join(" "),
            i.higher_is_better.map(|b| b.to_string()).unwrap_or_default(),
            i.description.vi.clone(),
            i.description.en.clone(),
        ]);
    }
    csv_bytes(rows)
}

/// The unit reference sheet: the code to write in `unit_code` (the id for blocs, which have no code), the name,
/// level, period and the dates the record is in force, and the parent's code.
pub fn units_sheet(base: &Dataset) -> Vec<u8> {
    let mut rows =
        vec![["unit_code", "name", "level", "period", "from", "to", "parent_code", "id"].map(String::from).to_vec()];
    for u in &base.units {
        let parent = u.parent.as_deref().and_then(|p| base.unit(p)).map(|p| p.code.clone()).unwrap_or_default();
        rows.push(vec![
            if u.code.is_empty() { u.id.clone() } else { u.code.clone() },
            u.name.clone(),
            u.level.id().to_string(),
            u.period.clone().unwrap_or_default(),
            u.from.map(|d| d.to_string()).unwrap_or_default(),
            u.to.map(|d| d.to_string()).unwrap_or_default(),
            parent,
            u.id.clone(),
        ]);
    }
    csv_bytes(rows)
}

/// The observations of `ds` as a filled import sheet (the published figures as a starting point, and the
/// round-trip check of the import).
pub fn rows_csv(ds: &Dataset) -> Vec<u8> {
    let mut rows = vec![header()];
    for o in &ds.observations {
        let unit = ds.unit(&o.unit);
        let source = ds.source(&o.source);
        let period = match (&o.period_text, o.approximate) {
            (Some(t), _) => t.to_string(),
            (None, true) => format!("c. {}", o.period),
            (None, false) => o.period.to_string(),
        };
        let code = unit.map(|u| if u.code.is_empty() { u.id.clone() } else { u.code.clone() }).unwrap_or_default();
        let name =
            o.unit_text.as_deref().map(str::to_string).or_else(|| unit.map(|u| u.name.clone())).unwrap_or_default();
        let value = match &o.value {
            Value::Number(n) => format!("{n}"),
            Value::Category(c) => c.clone(),
        };
        let row = [
            o.indicator.to_string(),
            code,
            name,
            period,
            value,
            source.map(|s| s.title.clone()).unwrap_or_default(),
            source.and_then(|s| s.url.clone()).unwrap_or_default(),
            source.map(|s| s.date.clone()).unwrap_or_default(),
            source.map(|s| s.publisher.clone()).unwrap_or_default(),
            o.sentence.to_string(),
            o.sentence_language.to_string(),
            o.note.clone().unwrap_or_default().to_string(),
            match o.bound {
                Some(chiso_core::model::Bound::Lower) => "lower".to_string(),
                Some(chiso_core::model::Bound::Approx) => "approx".to_string(),
                None => String::new(),
            },
            o.derived.clone().unwrap_or_default().to_string(),
            o.scope.clone().unwrap_or_default().to_string(),
        ];
        rows.push(row.to_vec());
    }
    csv_bytes(rows)
}

/// The how-to in `lang`.
pub fn how_to(lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(tr!(
        lang,
        "# Nhập số liệu vào Chỉ số\n\n\
         1. Mở `chiso-import.csv` bằng Excel hoặc LibreOffice. Mỗi số liệu là **một dòng**; giữ nguyên dòng tiêu \
         đề. Nên định dạng các cột là **Văn bản** để Excel không tự đổi `2019-12` thành ngày.\n\
         2. Tra mã chỉ số trong `indicators.csv` và mã đơn vị trong `units.csv` (mã của Tổng cục Thống kê; `40` là \
         toàn tỉnh). Một mã chỉ đúng trong khoảng thời gian đơn vị đó tồn tại (cột `from`, `to`).\n\
         3. Lưu lại dưới dạng **CSV UTF-8** (Excel: Tệp › Lưu thành › \"CSV UTF-8 (Comma delimited)\"). Dấu phẩy \
         hay dấu chấm phẩy đều được.\n\
         4. Kiểm tra: `cargo run -p chiso-data -- validate chiso-import.csv` (bảng lỗi: dòng, cột, giá trị, lỗi, \
         cách sửa), hoặc mở tệp trong trang Chỉ số để xem trước (tệp không được tải lên đâu cả).\n\
         `published-figures.csv` là các số liệu đang công bố theo cùng mẫu: có thể thêm dòng vào đó để làm bản \
         tiếp theo.\n\
         5. Chuyển thành bộ dữ liệu: `cargo run -p chiso-data -- import chiso-import.csv -o moi.json`, rồi so sánh \
         với bản đang công bố: `cargo run -p chiso-data -- diff data/nghe-an.json moi.json`.\n\n\
         ## Các cột\n\n| cột | bắt buộc | nội dung |\n|---|---|---|\n",
        "# Importing figures into Chỉ số\n\n\
         1. Open `chiso-import.csv` in Excel or LibreOffice. Each figure is **one row**; keep the header row. \
         Format the columns as **Text** so that Excel does not turn `2019-12` into a date.\n\
         2. Look up indicator ids in `indicators.csv` and unit codes in `units.csv` (GSO codes; `40` is the whole \
         province). A code is only valid while its unit exists (columns `from`, `to`).\n\
         3. Save as **CSV UTF-8** (Excel: File › Save As › \"CSV UTF-8 (Comma delimited)\"). Commas or semicolons \
         both work.\n\
         4. Check it: `cargo run -p chiso-data -- validate chiso-import.csv` (a table of issues: row, column, value, \
         problem, fix), or open the file in the Chỉ số page to preview it (the file is not uploaded anywhere).\n\
         `published-figures.csv` holds the published figures in the same format: add rows to it to make the \
         next edition.\n\
         5. Turn it into a dataset: `cargo run -p chiso-data -- import chiso-import.csv -o new.json`, then compare \
         it with the published one: `cargo run -p chiso-data -- diff data/nghe-an.json new.json`.\n\n\
         ## Columns\n\n| column | required | what to write |\n|---|---|---|\n"
    ));
    for c in COLUMNS {
        let required = if c.required { tr!(lang, "có", "yes") } else { "" };
        out.push_str(&format!("| `{}` | {required} | {} |\n", c.name, c.help(lang)));
    }
    out.push_str(tr!(
        lang,
        "\n## Lưu ý\n\n\
         - Số: `1437`, `1,437` hoặc `1.437.000` (phân cách hàng nghìn) đều được; tỉ lệ viết `68.6` hoặc `68,6` \
         (dấu phẩy thập phân được chấp nhận kèm cảnh báo), không viết `0.686`.\n\
         - Số đếm là số nguyên không âm; tỉ lệ từ 0 đến 100; giá trị có/không là 1 hoặc 0; chỉ số phân loại dùng \
         mã loại (cột `categories` trong `indicators.csv`).\n\
         - Thời điểm `2020-03-27` nếu Excel đã đổi thành `27/03/2020` vẫn được đọc (kèm cảnh báo).\n\
         - Nhiều dòng cùng `source_title` và `source_url` dùng chung một nguồn.\n\
         - Lỗi (error) phải sửa trước khi công bố; cảnh báo (warning) chỉ cần kiểm tra lại.\n",
        "\n## Notes\n\n\
         - Numbers: `1437`, `1,437` or `1.437.000` (thousands separators) all work; write shares as `68.6` or \
         `68,6` (a decimal comma is accepted with a warning), not `0.686`.\n\
         - Counts are whole and not negative; percents 0–100; yes/no values 1 or 0; category indicators take a \
         category code (column `categories` of `indicators.csv`).\n\
         - A period `2020-03-27` that Excel turned into `27/03/2020` is still read (with a warning).\n\
         - Rows with the same `source_title` and `source_url` share one source.\n\
         - Errors must be fixed before publishing; warnings only need a second look.\n"
    ));
    out
}
