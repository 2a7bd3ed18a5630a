//! A sheet where every row is an error: the reader's list stops at its limit and counts what it left off, and the
//! downloadable list holds every issue, with the cells a spreadsheet would run as formulas neutralised.

use chiso_core::i18n::Lang;
use chiso_core::model::Dataset;
use chiso_data::import::{import_csv, issue_list, issues_csv, issues_csv_part, issues_file_name};
use std::path::PathBuf;
use std::sync::OnceLock;

fn base() -> &'static Dataset {
    static BASE: OnceLock<Dataset> = OnceLock::new();
    BASE.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        chiso_data::build_dataset(&root.join("data/raw"), &root.join("data/meta")).unwrap()
    })
}

/// `n` rows whose sentence never holds the value (one error each), the first with a formula as its unit name
/// (a warning too: the name does not match the code).
fn every_row_wrong(n: usize) -> String {
    let mut s = String::from(
        "indicator,unit_code,unit_name,reference_period,value,source_title,source_url,source_date,\
         source_publisher,exact_sentence,sentence_language,note\n",
    );
    for i in 0..n {
        let name = if i == 0 { "=1+1" } else { "" };
        s.push_str(&format!("party_members,40,{name},{},7,Báo cáo,,,,Không có số.,vi,\n", 1000 + i));
    }
    s
}

#[test]
fn a_list_of_thousands_of_errors_shows_its_limit_and_counts_the_rest() {
    let o = import_csv(every_row_wrong(2_000).as_bytes(), "so-lieu.csv", base());
    let errors = o.error_count();
    assert_eq!(errors, 2_000, "{}", o.report(Lang::En).lines().take(5).collect::<Vec<_>>().join("\n"));
    let (lines, left_off) = issue_list(&o.issues, 500);
    assert_eq!(lines.len(), 500);
    assert!(lines.iter().all(|l| l.issue.is_error()), "errors come first");
    assert_eq!(left_off, o.issues.len() - 500, "every issue not on a line is counted, the warning too");
    let (all, none) = issue_list(&o.issues, 5_000);
    assert_eq!((all.len(), none), (o.issues.len(), 0));
}

#[test]
fn the_full_list_has_every_issue_with_formulas_neutralised() {
    let o = import_csv(every_row_wrong(50).as_bytes(), "so-lieu.csv", base());
    let csv = issues_csv("so-lieu.csv", &o.issues, Lang::Vi);
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(lines[0], "\u{feff}tệp,dòng,cột,giá trị,mức,lỗi,cách sửa");
    assert_eq!(lines.len(), 1 + o.issues.len());
    assert!(lines[1..].iter().filter(|l| l.contains(",lỗi,")).count() == 50);
    assert!(csv.contains(",'=1+1,cảnh báo,"), "the unit name quoted back is not a formula: {csv}");
    assert!(!csv.contains(",=1+1"));
    let parts: String = std::iter::once(issues_csv_part("so-lieu.csv", &[], Lang::Vi, true))
        .chain(o.issues.chunks(7).map(|c| issues_csv_part("so-lieu.csv", c, Lang::Vi, false)))
        .collect();
    assert_eq!(parts, csv, "written a part at a time, the list is the same");
    assert_eq!(issues_file_name("so-lieu.csv", Lang::Vi), "loi-so-lieu.csv");
    assert_eq!(issues_file_name("sheet", Lang::En), "issues-sheet.csv");
}
