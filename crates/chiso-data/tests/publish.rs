//! Publishing from a checked sheet: the change rows a reviewer reads (the template with one changed figure gives
//! exactly that change, in words and app-formatted numbers), the empty state, the reviewer's CSV (formula cells
//! neutralised) and the dataset JSON that the data tool then accepts.

use chiso_core::i18n::Lang;
use chiso_core::model::{Dataset, Value};
use chiso_data::diff::diff;
use chiso_data::import::{import_csv, import_json};
use chiso_data::publish::{change_rows, changes_html, dataset_json, report_csv, report_file_name, summary, ChangeKind};
use chiso_data::template;
use std::path::PathBuf;
use std::sync::OnceLock;

fn base() -> &'static Dataset {
    static BASE: OnceLock<Dataset> = OnceLock::new();
    BASE.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        chiso_data::build_dataset(&root.join("data/raw"), &root.join("data/meta")).unwrap()
    })
}

/// The template's filled sheet (the published figures) with the province's Party members of July 2020 changed
/// from 193,132 to 193,500 (a test edit, in value and sentence), read back as the app reads it.
fn edited_sheet() -> (String, Dataset) {
    let sheet = String::from_utf8(template::rows_csv(base())).unwrap();
    let edited = sheet.replacen("2020-07,193132,", "2020-07,193500,", 1).replacen(
        "tổng số 193.132 đảng viên.",
        "tổng số 193.500 đảng viên (số sửa thử).",
        1,
    );
    assert_ne!(edited, sheet, "the figure to edit is in the template");
    let outcome = import_csv(edited.as_bytes(), "chiso-import.csv", base());
    assert!(!outcome.has_errors(), "{}", outcome.report(Lang::En));
    (edited, outcome.dataset.unwrap())
}

#[test]
fn the_template_with_one_changed_figure_shows_exactly_that_change_in_words() {
    let (_, new) = edited_sheet();
    let d = diff(base(), &new);
    let rows = change_rows(&d, base(), &new, Lang::Vi);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let r = &rows[0];
    assert_eq!(r.kind, ChangeKind::Changed);
    assert_eq!(
        (r.indicator_id.as_str(), r.unit_code.as_str(), r.unit.as_str()),
        ("party_members", "40", "Tỉnh Nghệ An")
    );
    assert_eq!(r.period, "7/2020");
    assert_eq!((r.old_value.as_deref(), r.new_value.as_deref()), (Some("193.132"), Some("193.500")));
    assert!(r.source.contains("sáp nhập đơn vị hành chính"), "{}", r.source);
    assert_eq!(r.other, ["câu trích dẫn"], "the sentence changed too");
    assert_eq!(summary(&d, Lang::Vi), "Thêm 0, bớt 0, sửa 1 số liệu; 150 số liệu giữ nguyên.");
    let en = change_rows(&d, base(), &new, Lang::En);
    assert_eq!((en[0].period.as_str(), en[0].new_value.as_deref()), ("Jul 2020", Some("193,500")));
}

#[test]
fn the_published_figures_unchanged_say_there_is_no_change() {
    let sheet = template::rows_csv(base());
    let new = import_csv(&sheet, "published-figures.csv", base()).dataset.unwrap();
    let d = diff(base(), &new);
    assert!(change_rows(&d, base(), &new, Lang::Vi).is_empty());
    assert_eq!(summary(&d, Lang::Vi), "Không có thay đổi: tệp giống hệt số liệu đang công bố (151 số liệu).");
    assert!(summary(&d, Lang::En).starts_with("No change"));
}

#[test]
fn added_and_removed_figures_carry_one_value_and_percents_are_written_as_the_app_writes_them() {
    let mut new = base().clone();
    let i = new.observations.iter().position(|o| o.indicator == "clean_strong_orgs_pct").unwrap();
    let removed = new.observations.remove(i);
    let mut added = removed.clone();
    added.period = "2099".parse().unwrap();
    added.value = Value::Number(70.25);
    new.observations.push(added);
    let rows = change_rows(&diff(base(), &new), base(), &new, Lang::Vi);
    let kinds: Vec<_> = rows.iter().map(|r| r.kind).collect();
    assert_eq!(kinds, [ChangeKind::Removed, ChangeKind::Added], "sorted by period within the indicator and unit");
    assert_eq!((rows[0].old_value.as_deref(), rows[0].new_value.as_deref()), (Some("63,04%"), None));
    assert_eq!((rows[1].old_value.as_deref(), rows[1].new_value.as_deref()), (None, Some("70,25%")));
}

#[test]
fn the_reviewer_report_lists_each_change_and_warning_and_neutralises_formula_cells() {
    let (edited, mut new) = edited_sheet();
    // A source title a spreadsheet would run as a formula.
    let o = new.observations.iter().find(|o| o.value == Value::Number(193500.0)).unwrap().source.clone();
    new.sources.iter_mut().find(|s| s.id == o.as_str()).unwrap().title = "=HYPERLINK(\"http://x\";\"y\")".into();
    let rows = change_rows(&diff(base(), &new), base(), &new, Lang::Vi);
    let warnings = import_csv(edited.as_bytes(), "chiso-import.csv", base()).issues;
    assert!(!warnings.is_empty(), "the template has name warnings to list");
    let csv = report_csv(&rows, &warnings, Lang::Vi);
    assert!(csv.starts_with('\u{feff}'));
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(
        lines[0],
        "\u{feff}loại,mã chỉ số,chỉ số,mã đơn vị,đơn vị,thời điểm,giá trị cũ,giá trị mới,nguồn,ghi chú"
    );
    assert!(lines[1].starts_with("sửa,party_members,"), "{}", lines[1]);
    assert!(lines[1].contains(",7/2020,193.132,193.500,"), "{}", lines[1]);
    assert!(
        lines[1].contains("\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\""),
        "the formula is neutralised: {}",
        lines[1]
    );
    assert!(lines[1].ends_with(",cũng sửa: câu trích dẫn"), "{}", lines[1]);
    assert_eq!(lines.len(), 2 + warnings.len());
    assert!(lines[2].starts_with("cảnh báo,") && lines[2].contains("dòng "), "{}", lines[2]);
    assert_eq!(report_file_name("2026-12-06", Lang::Vi), "bao-cao-kiem-tra-2026-12-06.csv");
    assert_eq!(report_file_name("2026-12-06", Lang::En), "review-report-2026-12-06.csv");
}

#[test]
fn the_dataset_to_publish_names_its_schema_and_date_and_the_data_tool_accepts_it() {
    let (_, new) = edited_sheet();
    let mut stale = new.clone();
    stale.schema = None;
    let json = dataset_json(&stale, "2026-12-06");
    assert!(json.starts_with(
        "{\n  \"$schema\": \"schema.json\",\n  \"schema_version\": 1,\n  \"published\": \"2026-12-06\",\n"
    ));
    let back = import_json(json.as_bytes(), "nghe-an.json");
    assert!(!back.has_errors(), "{}", back.report(Lang::En));
    let back = back.dataset.unwrap();
    assert_eq!(back.published.as_deref(), Some("2026-12-06"));
    assert_eq!(back.observations, new.observations);
    assert_eq!(diff(&new, &back).records, [], "nothing but the date differs");
}

#[test]
fn the_template_sheets_are_written_as_the_csv_crate_writes_them() {
    let tricky = vec![
        vec!["a".to_string(), "b,c".into(), "say \"hi\"".into(), "two\nlines".into(), "cr\r".into(), String::new()],
        vec!["Nghệ An".to_string(), " lead".into(), "=1+1".into(), "x;y".into(), "tab\there".into(), "''".into()],
    ];
    let sheets = [template::rows_csv(base()), template::indicators_sheet(base()), template::units_sheet(base())];
    for bytes in sheets.iter().chain([&template::csv_bytes(tricky.clone())]) {
        let text = std::str::from_utf8(bytes).unwrap().strip_prefix('\u{feff}').expect("a byte-order mark");
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
        let mut expected = b"\xEF\xBB\xBF".to_vec();
        {
            let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut expected);
            for r in reader.records() {
                w.write_record(&r.unwrap()).unwrap();
            }
        }
        assert!(&expected == bytes, "{}", String::from_utf8_lossy(&expected));
    }
    let back: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&template::csv_bytes(tricky.clone())[3..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(back, tricky);
}

#[test]
fn the_panel_lists_the_changes_as_escaped_html_up_to_its_limit_and_counts_the_rest() {
    let (_, new) = edited_sheet();
    let d = diff(base(), &new);
    let mut rows = change_rows(&d, base(), &new, Lang::Vi);
    rows[0].source = format!("\"{}\" <i>x</i>", rows[0].source);
    let html = changes_html(&d, &rows, 100, Lang::Vi);
    assert!(
        html.starts_with("<p role=\"status\" data-testid=\"publish-summary\"><b>Thêm 0, bớt 0, sửa 1 số liệu"),
        "{html}"
    );
    assert!(html.contains("<li class=\"change changed\"><span class=\"kind\">sửa</span> <b>Đảng viên</b> · Tỉnh Nghệ An (40) · 7/2020: <b class=\"values\">193.132 → 193.500</b>"), "{html}");
    assert!(
        html.contains("Nguồn: &quot;Nghệ An: từ sáp nhập") && html.contains("&quot; &lt;i&gt;x&lt;/i&gt;"),
        "quotes and markup of the source title are escaped: {html}"
    );
    assert!(!html.contains("thay đổi khác"));

    // Every published figure removed: 151 rows, 100 listed, the rest counted; a name with markup stays text.
    let mut empty = base().clone();
    empty.observations.clear();
    let d = diff(base(), &empty);
    let mut rows = change_rows(&d, base(), &empty, Lang::Vi);
    rows[0].unit = "<script>alert(1)</script>".into();
    let html = changes_html(&d, &rows, 100, Lang::Vi);
    assert_eq!(html.matches("<li ").count(), 100);
    assert!(html.ends_with("<p class=\"hint\">… và 51 thay đổi khác: xem đủ trong báo cáo CSV.</p>"), "{html}");
    assert!(html.contains("&lt;script&gt;") && !html.contains("<script>"));

    // Nothing changed: the summary alone.
    let same = changes_html(&diff(base(), base()), &[], 100, Lang::En);
    assert_eq!(same, "<p role=\"status\" data-testid=\"publish-summary\"><b>No change: the file holds the same figures as the published data (151 figures).</b></p>");
}
