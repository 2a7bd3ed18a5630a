//! The messages between the app and its file worker: every request and answer reads back as written, and the
//! worker's session answers each request as the app's dialog and publish panel expect (the same texts and files the
//! import and publish code write).

use chiso_core::i18n::Lang;
use chiso_core::model::Dataset;
use chiso_data::import::{import_csv, issues_csv, MAX_IMPORT_BYTES};
use chiso_data::worker::{
    IssueLineText, IssueTable, Problem, Reply, Request, Response, Session, Words, MAX_ISSUE_LINES, PROTOCOL_VERSION,
};
use chiso_data::{publish, template};
use std::path::PathBuf;
use std::sync::OnceLock;

const URL: &str = "http://127.0.0.1:8080/nghe-an.json";

fn base() -> &'static Dataset {
    static BASE: OnceLock<Dataset> = OnceLock::new();
    BASE.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        chiso_data::build_dataset(&root.join("data/raw"), &root.join("data/meta")).unwrap()
    })
}

const HEADER: &str = "indicator,unit_code,unit_name,reference_period,value,source_title,source_url,source_date,\
                      source_publisher,exact_sentence,sentence_language,note";

fn row(code: &str, period: &str, value: &str, sentence: &str) -> String {
    format!(
        "clean_strong_orgs_pct,{code},,{period},{value},Báo cáo thử,https://example.org/bao-cao,2026,Ban Tổ chức,\"{sentence}\",vi,"
    )
}

fn sheet(rows: &[String]) -> Vec<u8> {
    let mut s = HEADER.to_string();
    for r in rows {
        s.push_str("\r\n");
        s.push_str(r);
    }
    s.push_str("\r\n");
    s.into_bytes()
}

fn session() -> Session {
    let mut s = Session::new();
    s.set_dataset(URL, base().clone());
    s
}

fn import(s: &mut Session, id: u32, name: &str, bytes: Vec<u8>) -> (Reply, Vec<Response>) {
    let mut progress = Vec::new();
    let request = Request::Import { id, file_name: name.into(), size: bytes.len(), dataset_url: URL.into() };
    let reply = s.handle(request, Some(bytes), &mut |p| progress.push(p));
    (reply, progress)
}

fn every_request() -> Vec<Request> {
    vec![
        Request::Import { id: 1, file_name: "số liệu.csv".into(), size: 12, dataset_url: URL.into() },
        Request::Template { id: 2, dataset_url: URL.into() },
        Request::Changes { id: 3, lang: Lang::En },
        Request::PublishedJson { id: 4, date: "2026-12-07".into() },
        Request::Report { id: 5, date: "2026-12-07".into(), lang: Lang::Vi },
        Request::IssuesCsv { id: 6, lang: Lang::Vi },
    ]
}

fn every_response() -> Vec<Response> {
    let line = IssueLineText {
        error: true,
        rows: vec![3, 4],
        more: 2,
        column: "value".into(),
        value: "104,5".into(),
        message: Words { vi: "tỉ lệ trên 100%".into(), en: "a percentage over 100%".into() },
        fix: Words { vi: "sửa \"giá trị\"".into(), en: "fix the value".into() },
    };
    let issues = IssueTable { lines: vec![line], left_off: 7, cut: true, errors: 8, total: 9 };
    vec![
        Response::Ready { version: PROTOCOL_VERSION },
        Response::Progress { id: 1, share: 0.25 },
        Response::Refused { id: 1, rows: 3, issues: issues.clone() },
        Response::Opened { id: 1, warnings: issues },
        Response::File { id: 2, name: "published-figures.csv".into(), mime: "text/csv;charset=utf-8".into() },
        Response::Changes { id: 3, html: "<p>Không có thay đổi</p>".into() },
        Response::Failed { id: 4, problem: Problem::NothingOpen },
        Response::Failed { id: 5, problem: Problem::Dataset { url: URL.into(), detail: "HTTP 404".into() } },
        Response::Failed { id: 0, problem: Problem::BadMessage { detail: "expected value".into() } },
    ]
}

#[test]
fn every_request_reads_back_as_it_was_written() {
    for r in every_request() {
        assert_eq!(Request::from_json(&r.to_json()), Ok(r.clone()), "{}", r.to_json());
    }
}

#[test]
fn every_answer_reads_back_as_it_was_written_and_names_its_request() {
    for r in every_response() {
        assert_eq!(Response::from_json(&r.to_json()), Ok(r.clone()), "{}", r.to_json());
    }
    let ids: Vec<_> = every_response().iter().map(Response::id).collect();
    assert_eq!(ids, [None, Some(1), Some(1), Some(1), Some(2), Some(3), Some(4), Some(5), Some(0)]);
    assert_eq!(every_request().iter().map(Request::id).collect::<Vec<_>>(), [1, 2, 3, 4, 5, 6]);
}

#[test]
fn a_message_that_is_not_a_request_is_an_error_that_says_why_not_a_panic() {
    for text in ["", "{}", r#"{"import":{"id":1}}"#, r#"{"launch":{"id":1}}"#, "[1,2]"] {
        assert!(Request::from_json(text).is_err(), "{text}");
        assert!(Response::from_json(text).is_err(), "{text}");
    }
}

/// Externally tagged (serde's default), not `#[serde(tag = "type")]`: an internally tagged enum is read through a
/// buffer of any value, and its reader made the app's wasm about 40,000 B larger before wasm-opt.
#[test]
fn messages_are_named_by_their_kind_in_snake_case_around_their_fields() {
    let r = Request::PublishedJson { id: 4, date: "2026-12-07".into() }.to_json();
    assert_eq!(r, r#"{"published_json":{"id":4,"date":"2026-12-07"}}"#);
    assert_eq!(Response::Ready { version: 1 }.to_json(), r#"{"ready":{"version":1}}"#);
    let failed = Response::Failed { id: 2, problem: Problem::NothingOpen }.to_json();
    assert_eq!(failed, r#"{"failed":{"id":2,"problem":"nothing_open"}}"#);
}

#[test]
fn the_session_asks_for_the_dataset_a_request_names_once() {
    let mut s = Session::new();
    let import = Request::Import { id: 1, file_name: "a.csv".into(), size: 10, dataset_url: URL.into() };
    assert_eq!(s.dataset_needed(&import), Some(URL));
    assert_eq!(s.dataset_needed(&Request::Changes { id: 2, lang: Lang::Vi }), None);
    let too_large =
        Request::Import { id: 3, file_name: "a.csv".into(), size: MAX_IMPORT_BYTES + 1, dataset_url: URL.into() };
    assert_eq!(s.dataset_needed(&too_large), None, "a file over the limit is refused unread");
    s.set_dataset(URL, base().clone());
    assert_eq!(s.dataset_needed(&import), None);
    let other = Request::Template { id: 4, dataset_url: "http://127.0.0.1:8080/synthetic.json".into() };
    assert_eq!(s.dataset_needed(&other), Some("http://127.0.0.1:8080/synthetic.json"));
}

#[test]
fn a_sheet_with_errors_is_refused_with_its_lines_worded_in_both_languages_and_progress_on_the_way() {
    let mut s = session();
    let bad = sheet(&[
        row("40", "2015", "70.5", "Tỉ lệ đạt 70,5%."),
        row("40", "2016", "104.5", "Tỉ lệ đạt 104,5%."),
        row("99999", "2016", "12", "Tỉ lệ đạt 12%."),
    ]);
    let (reply, progress) = import(&mut s, 7, "so-lieu-thu.csv", bad.clone());
    assert!(progress.iter().all(|p| matches!(p, Response::Progress { id: 7, .. })), "{progress:?}");
    assert!(matches!(progress.last(), Some(Response::Progress { share, .. }) if *share == 1.0));
    let Response::Refused { id: 7, rows: 3, issues } = &reply.response else { panic!("{:?}", reply.response) };
    assert_eq!(reply.bytes, None);
    assert_eq!(issues.errors, 2);
    let expected = import_csv(&bad, "so-lieu-thu.csv", base());
    let first = expected.issues.iter().find(|i| i.is_error()).unwrap();
    let line = &issues.lines[0];
    assert!(line.error && line.rows == [first.row.unwrap()]);
    assert_eq!(line.message.get(Lang::Vi), first.message(Lang::Vi));
    assert_eq!(line.message.get(Lang::En), first.message(Lang::En));
    assert_eq!(line.fix.get(Lang::En), first.fix(Lang::En));
    assert!(!issues.cut && issues.left_off == 0);

    // The full list is the data tool's list of the same issues.
    let csv = s.handle(Request::IssuesCsv { id: 8, lang: Lang::Vi }, None, &mut |_| {});
    assert_eq!(
        csv.response,
        Response::File { id: 8, name: "loi-so-lieu-thu.csv".into(), mime: "text/csv;charset=utf-8".into() }
    );
    assert_eq!(csv.bytes.unwrap(), issues_csv("so-lieu-thu.csv", &expected.issues, Lang::Vi).into_bytes());
    // Nothing was opened: nothing to publish.
    let json = s.handle(Request::PublishedJson { id: 9, date: "2026-12-07".into() }, None, &mut |_| {});
    assert_eq!(json.response, Response::Failed { id: 9, problem: Problem::NothingOpen });
}

#[test]
fn a_sheet_without_errors_opens_as_dataset_json_the_app_reads_back_and_the_publish_requests_answer() {
    let mut s = session();
    let good = sheet(&[row("40", "2015", "70.5", "Tỉ lệ đạt 70,5%."), row("40", "2016", "71.5", "Tỉ lệ đạt 71,5%.")]);
    let (reply, _) = import(&mut s, 1, "so-lieu-thu.csv", good.clone());
    let Response::Opened { id: 1, warnings } = &reply.response else { panic!("{:?}", reply.response) };
    assert_eq!(warnings.errors, 0);
    let opened = Dataset::from_json(std::str::from_utf8(reply.bytes.as_deref().unwrap()).unwrap()).unwrap();
    let expected = import_csv(&good, "so-lieu-thu.csv", base()).dataset.unwrap();
    assert_eq!(opened, expected, "the app reads back the dataset the import made");

    let changes = s.handle(Request::Changes { id: 2, lang: Lang::En }, None, &mut |_| {});
    let Response::Changes { id: 2, html } = &changes.response else { panic!("{:?}", changes.response) };
    assert!(html.contains("data-testid=\"publish-summary\""), "{html}");

    let json = s.handle(Request::PublishedJson { id: 3, date: "2026-12-07".into() }, None, &mut |_| {});
    assert_eq!(json.response, Response::File { id: 3, name: "nghe-an.json".into(), mime: "application/json".into() });
    assert_eq!(json.bytes.unwrap(), publish::dataset_json(&expected, "2026-12-07").into_bytes());

    let report = s.handle(Request::Report { id: 4, date: "2026-12-07".into(), lang: Lang::Vi }, None, &mut |_| {});
    let Response::File { name, .. } = &report.response else { panic!("{:?}", report.response) };
    assert_eq!(name, "bao-cao-kiem-tra-2026-12-07.csv");
    assert!(String::from_utf8(report.bytes.unwrap()).unwrap().starts_with("\u{feff}loại,mã chỉ số"));
}

#[test]
fn the_template_is_the_data_tools_sheet_of_the_dataset() {
    let mut s = session();
    let reply = s.handle(Request::Template { id: 5, dataset_url: URL.into() }, None, &mut |_| {});
    assert_eq!(
        reply.response,
        Response::File { id: 5, name: template::FIGURES.into(), mime: "text/csv;charset=utf-8".into() }
    );
    assert_eq!(reply.bytes.unwrap(), template::rows_csv(base()));
}

#[test]
fn a_file_over_the_limit_is_refused_unread_with_the_limit_in_its_message() {
    let mut s = Session::new();
    let request =
        Request::Import { id: 1, file_name: "lon.csv".into(), size: MAX_IMPORT_BYTES + 1, dataset_url: URL.into() };
    let reply = s.handle(request, None, &mut |_| panic!("nothing is read"));
    let Response::Refused { issues, rows: 0, .. } = &reply.response else { panic!("{:?}", reply.response) };
    assert_eq!(issues.errors, 1);
    assert!(issues.lines[0].message.get(Lang::En).contains("64"), "{:?}", issues.lines[0].message);
}

#[test]
fn an_import_against_a_dataset_not_loaded_fails_with_the_address_instead_of_guessing() {
    let mut s = Session::new();
    let (reply, _) = import(&mut s, 3, "a.csv", sheet(&[]));
    let Response::Failed { id: 3, problem: Problem::Dataset { url, .. } } = &reply.response else {
        panic!("{:?}", reply.response)
    };
    assert_eq!(url, URL);
    assert!(Problem::NothingOpen.message(Lang::Vi).contains("mở lại"));
}

#[test]
fn an_issue_table_stops_at_its_line_limit_and_says_it_is_cut() {
    let rows: Vec<String> =
        (0..MAX_ISSUE_LINES + 20).map(|i| row("99999", "2016", "12", &format!("Tỉ lệ {i}: 12%."))).collect();
    let mut s = session();
    let (reply, _) = import(&mut s, 1, "nhieu-loi.csv", sheet(&rows));
    let Response::Refused { issues, .. } = &reply.response else { panic!("{:?}", reply.response) };
    assert_eq!(issues.lines.len(), MAX_ISSUE_LINES);
    assert!(issues.cut && issues.left_off >= 20 && issues.total >= issues.errors);
}
