//! Publishing a checked file: what it changes against the published dataset as rows a reviewer reads, the
//! reviewer's report as CSV, and the dataset JSON ready to replace `nghe-an.json` on the site.
//!
//! The browser's "Xuất bản / Publish" panel and the data tool's `diff` write the same rows from the same
//! [`DatasetDiff`]; the report's text cells go through the app's CSV export ([`chiso_core::export::csv_row`]), so a
//! cell that a spreadsheet would read as a formula is neutralised. Pure: the date of publication is given by the
//! caller (the browser's clock, or the data tool's `--published`).

use crate::diff::DatasetDiff;
use crate::import::ImportIssue;
use chiso_core::export::{csv_row, Cell, BOM};
use chiso_core::format;
use chiso_core::i18n::Lang;
use chiso_core::model::{Dataset, Measure, Observation};
use chiso_core::tr;

/// The name of the published dataset on the site: the downloaded file replaces the file of that name.
pub const DATASET_FILE: &str = "nghe-an.json";

/// The `$schema` of a published dataset (the schema file next to it on the site).
pub const SCHEMA_REF: &str = "schema.json";

/// What happened to one figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Only in the new file.
    Added,
    /// Only in the published dataset.
    Removed,
    /// In both, different.
    Changed,
}

impl ChangeKind {
    /// "thêm" / "added", "bớt" / "removed", "sửa" / "changed".
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ChangeKind::Added => tr!(lang, "thêm", "added"),
            ChangeKind::Removed => tr!(lang, "bớt", "removed"),
            ChangeKind::Changed => tr!(lang, "sửa", "changed"),
        }
    }
}

/// One changed figure, in words a reviewer reads: which indicator, unit and period, the value before and after
/// (written as the app writes it: `68,6%`, `1.437`), the source, and what else changed.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRow {
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// Indicator id (`party_members`).
    pub indicator_id: String,
    /// Indicator name in the report's language.
    pub indicator: String,
    /// Unit code as written in the sheet (`40`, `17284`; the id for blocs).
    pub unit_code: String,
    /// Unit name.
    pub unit: String,
    /// Reference period, written for people (`12/2019`, `6 tháng đầu năm 2020`).
    pub period: String,
    /// The published value (`None` for an added figure).
    pub old_value: Option<String>,
    /// The new value (`None` for a removed figure).
    pub new_value: Option<String>,
    /// Title of the source of the new figure (of the old one when removed).
    pub source: String,
    /// Title of the old source, when the source changed.
    pub old_source: Option<String>,
    /// Other fields that changed, named in the report's language (`câu trích dẫn`, `ghi chú`).
    pub other: Vec<&'static str>,
    sort_key: (String, String, String),
}

/// A changed field of an observation, named for people.
fn field_label(field: &str, lang: Lang) -> &'static str {
    match field {
        "sentence" => tr!(lang, "câu trích dẫn", "sentence"),
        "sentence_language" => tr!(lang, "ngôn ngữ của câu", "sentence language"),
        "approximate" | "period_text" => tr!(lang, "cách ghi thời điểm", "period as written"),
        "bound" => tr!(lang, "hơn/khoảng", "more than/about"),
        "unit_text" => tr!(lang, "tên đơn vị", "unit name"),
        "note" => tr!(lang, "ghi chú", "note"),
        "derived" => tr!(lang, "cách tính", "how computed"),
        "scope" => tr!(lang, "phạm vi", "scope"),
        _ => tr!(lang, "khác", "other"),
    }
}

fn value_text(ds: &Dataset, o: &Observation, lang: Lang) -> String {
    let measure = ds.indicator(&o.indicator).map_or(Measure::Count, |i| i.measure);
    format::value(&o.value, measure, o.bound, lang)
}

fn source_title(ds: &Dataset, o: &Observation) -> String {
    ds.source(&o.source).map_or_else(|| o.source.to_string(), |s| s.title.clone())
}

/// The row of one figure, before its values are set.
fn row_of(kind: ChangeKind, ds: &Dataset, o: &Observation, lang: Lang) -> ChangeRow {
    let unit = ds.unit(&o.unit);
    let indicator = ds.indicator(&o.indicator);
    ChangeRow {
        kind,
        indicator_id: o.indicator.to_string(),
        indicator: indicator.map_or_else(|| o.indicator.to_string(), |i| lang.pick(&i.name.vi, &i.name.en).clone()),
        unit_code: unit
            .map_or_else(|| o.unit.to_string(), |u| if u.code.is_empty() { u.id.clone() } else { u.code.clone() }),
        unit: unit.map_or_else(|| o.unit.to_string(), |u| u.name.clone()),
        period: format::period(&o.period, o.approximate, lang),
        old_value: None,
        new_value: None,
        source: source_title(ds, o),
        old_source: None,
        other: Vec::new(),
        sort_key: (o.indicator.to_string(), o.unit.to_string(), o.period.to_string()),
    }
}

/// Every figure `d` adds, removes or changes, as rows sorted by indicator, unit and period (the order of
/// [`crate::diff::render`]). `old` is the published dataset, `new` the file to publish.
pub fn change_rows(d: &DatasetDiff, old: &Dataset, new: &Dataset, lang: Lang) -> Vec<ChangeRow> {
    let mut rows = Vec::with_capacity(d.added.len() + d.removed.len() + d.changed.len());
    for o in &d.added {
        rows.push(ChangeRow { new_value: Some(value_text(new, o, lang)), ..row_of(ChangeKind::Added, new, o, lang) });
    }
    for o in &d.removed {
        rows.push(ChangeRow { old_value: Some(value_text(old, o, lang)), ..row_of(ChangeKind::Removed, old, o, lang) });
    }
    for c in &d.changed {
        let mut row = row_of(ChangeKind::Changed, new, &c.new, lang);
        row.old_value = Some(value_text(old, &c.old, lang));
        row.new_value = Some(value_text(new, &c.new, lang));
        if c.fields.contains(&"source") {
            row.old_source = Some(source_title(old, &c.old));
        }
        for f in c.fields.iter().filter(|f| !matches!(**f, "value" | "source")) {
            let label = field_label(f, lang);
            if !row.other.contains(&label) {
                row.other.push(label);
            }
        }
        rows.push(row);
    }
    chiso_core::sort::sort_by(&mut rows, |a, b| a.sort_key.cmp(&b.sort_key));
    rows
}

/// The one-line count of a diff: "Thêm 0, bớt 0, sửa 1 số liệu; 150 số liệu giữ nguyên." Also says when the other
/// records (units, indicators, sources…) differ.
pub fn summary(d: &DatasetDiff, lang: Lang) -> String {
    if d.is_empty() {
        return tr!(
            lang,
            "Không có thay đổi: tệp giống hệt số liệu đang công bố ({n} số liệu).",
            "No change: the file holds the same figures as the published data ({n} figures).",
            n = format::number(d.unchanged as f64, Some(0), lang)
        );
    }
    let n = |v: usize| format::number(v as f64, Some(0), lang);
    let mut out = tr!(
        lang,
        "Thêm {a}, bớt {r}, sửa {c} số liệu; {u} số liệu giữ nguyên.",
        "{a} figure(s) added, {r} removed, {c} changed; {u} unchanged.",
        a = n(d.added.len()),
        r = n(d.removed.len()),
        c = n(d.changed.len()),
        u = n(d.unchanged)
    );
    if !d.records.is_empty() {
        out.push(' ');
        out.push_str(&tr!(
            lang,
            "Ngoài ra {n} bản ghi khác (đơn vị, chỉ số, nguồn…) khác bản đang công bố.",
            "Also {n} other record(s) (units, indicators, sources…) differ from the published data.",
            n = n(d.records.len())
        ));
    }
    out
}

/// The reviewer's report as CSV (byte-order mark, so Excel reads the Vietnamese letters): one row per changed figure
/// (what, indicator, unit, period, old and new value, source), then one per warning of the check still to look at
/// (its row of the sheet and what to check). Text cells are neutralised like every CSV the app writes.
pub fn report_csv(rows: &[ChangeRow], warnings: &[ImportIssue], lang: Lang) -> String {
    let header = [
        tr!(lang, "loại", "kind"),
        tr!(lang, "mã chỉ số", "indicator id"),
        tr!(lang, "chỉ số", "indicator"),
        tr!(lang, "mã đơn vị", "unit code"),
        tr!(lang, "đơn vị", "unit"),
        tr!(lang, "thời điểm", "period"),
        tr!(lang, "giá trị cũ", "old value"),
        tr!(lang, "giá trị mới", "new value"),
        tr!(lang, "nguồn", "source"),
        tr!(lang, "ghi chú", "note"),
    ];
    let text = |s: &str| Cell::Text(s.to_string());
    let opt = |s: &Option<String>| Cell::from(s.as_deref());
    let mut out = String::new();
    out.push(BOM);
    out.push_str(&csv_row(&header.map(text)));
    for r in rows {
        let mut note: Vec<String> = Vec::new();
        if let Some(old) = &r.old_source {
            note.push(tr!(lang, "nguồn cũ: {old}", "old source: {old}", old = old));
        }
        if !r.other.is_empty() {
            note.push(tr!(lang, "cũng sửa: {f}", "also changed: {f}", f = r.other.join(", ")));
        }
        out.push_str(&csv_row(&[
            text(r.kind.label(lang)),
            text(&r.indicator_id),
            text(&r.indicator),
            text(&r.unit_code),
            text(&r.unit),
            text(&r.period),
            opt(&r.old_value),
            opt(&r.new_value),
            text(&r.source),
            text(&note.join("; ")),
        ]));
    }
    for w in warnings {
        let row = w.row.map(|r| tr!(lang, "dòng {r}: ", "row {r}: ", r = r)).unwrap_or_default();
        out.push_str(&csv_row(&[
            text(tr!(lang, "cảnh báo", "warning")),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            text(&format!("{row}{} — {}", w.message(lang), w.fix(lang))),
        ]));
    }
    out
}

/// The report's file name, with the day it was made: `bao-cao-kiem-tra-2026-12-06.csv` / `review-report-….csv`.
pub fn report_file_name(date: &str, lang: Lang) -> String {
    tr!(lang, "bao-cao-kiem-tra-{date}.csv", "review-report-{date}.csv", date = date)
}

/// The dataset as the file to put on the site in place of [`DATASET_FILE`]: the JSON the data tool writes
/// ([`crate::render_json`]), with `$schema` pointing at the schema next to it and `published` set to `date`
/// (`2026-12-06`).
pub fn dataset_json(ds: &Dataset, date: &str) -> String {
    crate::render_json_as(ds, Some(SCHEMA_REF), Some(date))
}

/// The panel's text as HTML (every text escaped): the [`summary`], then the first `max` rows as a list — "sửa
/// **Đảng viên** · Tỉnh Nghệ An (40) · 7/2020: **193.132 → 193.500**", with the source and what else changed under
/// each — and "… and N more" past `max` (the report has them all). No list when nothing changed.
pub fn changes_html(d: &DatasetDiff, rows: &[ChangeRow], max: usize, lang: Lang) -> String {
    use chiso_core::charts::escape_html as esc;
    let mut out = format!("<p role=\"status\" data-testid=\"publish-summary\"><b>{}</b></p>", esc(&summary(d, lang)));
    if rows.is_empty() {
        return out;
    }
    out.push_str("<ul class=\"publish-changes\" data-testid=\"publish-changes\">");
    for r in rows.iter().take(max) {
        let kind = match r.kind {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        };
        let values = match (&r.old_value, &r.new_value) {
            (Some(o), Some(n)) => format!("{o} → {n}"),
            (o, n) => o.clone().or_else(|| n.clone()).unwrap_or_default(),
        };
        let mut source = tr!(lang, "Nguồn: {s}", "Source: {s}", s = r.source);
        if let Some(old) = &r.old_source {
            source.push_str(&tr!(lang, " (trước: {old})", " (was: {old})", old = old));
        }
        if !r.other.is_empty() {
            source.push_str(&tr!(lang, ". Cũng sửa: {f}", ". Also changed: {f}", f = r.other.join(", ")));
        }
        out.push_str(&format!(
            "<li class=\"change {kind}\"><span class=\"kind\">{}</span> <b>{}</b> · {} ({}) · {}: <b class=\"values\">{}</b><br><small>{}</small></li>",
            r.kind.label(lang),
            esc(&r.indicator),
            esc(&r.unit),
            esc(&r.unit_code),
            esc(&r.period),
            esc(&values),
            esc(&source),
        ));
    }
    out.push_str("</ul>");
    if rows.len() > max {
        let n = format::number((rows.len() - max) as f64, Some(0), lang);
        out.push_str(&format!(
            "<p class=\"hint\">{}</p>",
            tr!(
                lang,
                "… và {n} thay đổi khác: xem đủ trong báo cáo CSV.",
                "… and {n} more changes: see them all in the CSV report.",
                n = n
            )
        ));
    }
    out
}
