//! Source addresses that must never become links (`javascript:`, `data:`, anything but `http(s)`): a reader's
//! file opened in the browser keeps the figure with a warning and no link; a file meant for publication
//! (`chiso-data validate`, `import`) has an error and is refused.

use chiso_core::model::Dataset;
use chiso_data::import::{import_csv, import_json, ImportIssueKind, ImportOutcome, Severity};
use chiso_data::render_json;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn base() -> &'static Dataset {
    static BASE: OnceLock<Dataset> = OnceLock::new();
    BASE.get_or_init(|| chiso_data::build_dataset(&root().join("data/raw"), &root().join("data/meta")).unwrap())
}

/// A one-row sheet whose source has the title `title` and the address `url`.
fn sheet(title: &str, url: &str) -> String {
    format!(
        "indicator,unit_code,unit_name,reference_period,value,source_title,source_url,source_date,source_publisher,\
         exact_sentence,sentence_language,note\n\
         party_members,423,Huyện Tân Kỳ,2013,3120,{title},\"{url}\",2014,Ban Tổ chức Tỉnh ủy,\
         Toàn huyện có 3.120 đảng viên.,vi,\n"
    )
}

fn bad_urls(o: &ImportOutcome) -> Vec<(Severity, Option<&str>, Option<&str>)> {
    o.issues
        .iter()
        .filter(|i| i.kind == ImportIssueKind::BadUrl)
        .map(|i| (i.severity, i.column.as_deref(), i.value.as_deref()))
        .collect()
}

const UNSAFE: [&str; 5] = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.domain)",
    "data:text/html,<b>x</b>",
    "vbscript:x",
    "baonghean.vn/x",
];

#[test]
fn a_non_http_source_url_in_a_readers_sheet_is_a_warning_and_the_figure_keeps_no_link() {
    for url in UNSAFE {
        let o = import_csv(sheet("Báo cáo", url).as_bytes(), "mine.csv", base());
        assert_eq!(bad_urls(&o), vec![(Severity::Warning, Some("source_url"), Some(url))], "{url}");
        assert!(!o.has_errors(), "{url}: {}", o.report(chiso_core::i18n::Lang::En));
        let ds = o.dataset.expect("the figure is kept");
        let source = ds.source(&ds.observations[0].source).unwrap();
        assert_eq!((source.title.as_str(), source.url.as_deref()), ("Báo cáo", None), "{url}");
        assert!(chiso_core::validate::validate(&ds).is_empty());
    }
}

#[test]
fn a_refused_url_with_no_title_stays_as_plain_text_in_the_title() {
    let o = import_csv(sheet("", "javascript:alert(1)").as_bytes(), "mine.csv", base());
    let ds = o.dataset.unwrap();
    let source = ds.source(&ds.observations[0].source).unwrap();
    assert_eq!((source.title.as_str(), source.url.as_deref()), ("javascript:alert(1)", None));
}

#[test]
fn an_http_source_url_is_kept_trimmed_as_the_browser_reads_it() {
    let o = import_csv(sheet("Báo cáo", " https://baonghean.vn/x ").as_bytes(), "mine.csv", base());
    assert_eq!(bad_urls(&o), vec![]);
    let ds = o.dataset.unwrap();
    assert_eq!(ds.source(&ds.observations[0].source).unwrap().url.as_deref(), Some("https://baonghean.vn/x"));
}

/// The published dataset as JSON with its first source's address replaced by `url`.
fn dataset_json_with_url(url: &str) -> (String, String) {
    let mut ds = base().clone();
    ds.sources[0].url = Some(url.to_string());
    (render_json(&ds), ds.sources[0].id.clone())
}

#[test]
fn a_javascript_url_in_a_readers_dataset_json_is_a_warning_on_its_line_and_the_source_loses_its_link() {
    let (text, id) = dataset_json_with_url("javascript:alert(1)");
    let o = import_json(text.as_bytes(), "mine.json");
    assert_eq!(bad_urls(&o), vec![(Severity::Warning, Some("url"), Some("javascript:alert(1)"))]);
    assert!(!o.has_errors());
    let line = text.lines().position(|l| l.contains("javascript:")).unwrap() + 1;
    assert_eq!(o.issues[0].row, Some(line));
    let ds = o.dataset.expect("the file still opens");
    assert_eq!(ds.source(&id).unwrap().url, None);
    assert_eq!(ds.observations.len(), base().observations.len());
}

#[test]
fn a_non_http_source_url_is_an_error_when_judged_for_publishing() {
    let (text, _) = dataset_json_with_url("javascript:alert(1)");
    let json = import_json(text.as_bytes(), "nghe-an.json").for_publishing();
    assert_eq!(bad_urls(&json), vec![(Severity::Error, Some("url"), Some("javascript:alert(1)"))]);
    let csv = import_csv(sheet("Báo cáo", "javascript:alert(1)").as_bytes(), "sheet.csv", base()).for_publishing();
    assert_eq!(bad_urls(&csv), vec![(Severity::Error, Some("source_url"), Some("javascript:alert(1)"))]);
    assert!(json.has_errors() && csv.has_errors());
}

#[test]
fn chiso_data_validate_exits_1_on_a_javascript_url_and_0_on_the_published_file() {
    let dir = root().join("target/test-import-urls");
    std::fs::create_dir_all(&dir).unwrap();
    let (text, _) = dataset_json_with_url("javascript:alert(1)");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, text).unwrap();
    let run = |path: &PathBuf| {
        Command::new(env!("CARGO_BIN_EXE_chiso-data")).args(["validate"]).arg(path).args(["--lang", "en"]).output()
    };
    let out = run(&bad).unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(report.contains("| error | \"javascript:alert(1)\" is not an http:// or https:// web address"), "{report}");
    let good = dir.join("good.json");
    std::fs::write(&good, render_json(base())).unwrap();
    assert_eq!(run(&good).unwrap().status.code(), Some(0));
}
