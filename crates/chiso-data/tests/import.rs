//! Importing sheets and dataset files: every path a spreadsheet can take, every rule located by row and column,
//! malformed input reported (never a panic), the template round trip, and the schema file being current.

use chiso_core::i18n::Lang;
use chiso_core::model::{Dataset, Source, Value};
use chiso_core::validate::{validate, IssueKind};
use chiso_data::import::{
    import_csv, import_json, issue_lines, CsvImporter, ImportIssue, ImportIssueKind, ImportOutcome, IssueLine,
    JsonImporter, Severity, MAX_IMPORT_BYTES,
};
use chiso_data::{render_json, schema, template};
use std::path::PathBuf;
use std::sync::OnceLock;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn base() -> &'static Dataset {
    static BASE: OnceLock<Dataset> = OnceLock::new();
    BASE.get_or_init(|| chiso_data::build_dataset(&root().join("data/raw"), &root().join("data/meta")).unwrap())
}

const HEADER: &str = "indicator,unit_code,unit_name,reference_period,value,source_title,source_url,source_date,\
                      source_publisher,exact_sentence,sentence_language,note";

/// A row whose exact sentence is the placeholder `Câu.` with a sentence that holds its value as written
/// (`Câu: 1,437.`), so a test of another rule is not also a test of the value-in-sentence rule.
fn fill(row: &str) -> String {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(row.as_bytes());
    let Some(Ok(record)) = reader.records().next() else { return row.to_string() };
    if record.get(9) != Some("Câu.") {
        return row.to_string();
    }
    let cells: Vec<String> = record
        .iter()
        .enumerate()
        .map(|(i, c)| if i == 9 { format!("Câu: {}.", record.get(4).unwrap_or("")) } else { c.to_string() })
        .collect();
    let mut writer =
        csv::WriterBuilder::new().flexible(true).terminator(csv::Terminator::Any(b'\n')).from_writer(vec![]);
    writer.write_record(&cells).unwrap();
    String::from_utf8(writer.into_inner().unwrap()).unwrap().trim_end_matches('\n').to_string()
}

fn sheet(rows: &[&str]) -> String {
    let mut s = HEADER.to_string();
    for r in rows {
        s.push('\n');
        s.push_str(&fill(r));
    }
    s.push('\n');
    s
}

fn import(text: &str) -> ImportOutcome {
    import_csv(text.as_bytes(), "test.csv", base())
}

fn errors(o: &ImportOutcome) -> Vec<&ImportIssue> {
    o.issues.iter().filter(|i| i.severity == Severity::Error).collect()
}

fn warnings(o: &ImportOutcome) -> Vec<&ImportIssue> {
    o.issues.iter().filter(|i| i.severity == Severity::Warning).collect()
}

fn show(o: &ImportOutcome) -> String {
    o.report(chiso_core::i18n::Lang::En)
}

const GOOD: &str = "party_members,423,Huyện Tân Kỳ,2013,\"3,120\",Báo cáo tổng kết,https://baonghean.vn/x,2014,\
                    Ban Tổ chức Tỉnh ủy,\"Toàn huyện có 3.120 đảng viên.\",vi,";

#[test]
fn a_clean_comma_separated_sheet_imports_without_issues() {
    let o = import(&sheet(&[
        GOOD,
        "clean_strong_orgs_pct,40,,2013,68.6,Báo cáo tổng kết,https://baonghean.vn/x,2014,,\"68,6 %\",vi,",
    ]));
    assert!(o.issues.is_empty(), "{}", show(&o));
    let ds = o.dataset.unwrap();
    assert_eq!(ds.observations.len(), 2);
    let first = &ds.observations[0];
    assert_eq!((first.id.as_str(), first.unit.as_str(), first.value.clone()), ("2", "423@2013", Value::Number(3120.0)));
    assert_eq!(ds.observations[1].unit, "40");
    let cited: Vec<&str> = ds.observations.iter().map(|o| o.source.as_str()).collect();
    assert_eq!(cited[0], cited[1], "two rows of one source share it");
    let source = ds.source(cited[0]).unwrap();
    assert_eq!(source.publisher, "Ban Tổ chức Tỉnh ủy");
    assert_eq!(source.url.as_deref(), Some("https://baonghean.vn/x"));
    // The other sources are those the base's unit flags cite.
    assert!(ds
        .units
        .iter()
        .flat_map(|u| u.flags.values())
        .all(|f| f.source.as_deref().is_none_or(|s| ds.source(s).is_some())));
    assert!(validate(&ds).is_empty());
    // The base supplies periods, units, indicators.
    assert_eq!(ds.units.len(), base().units.len());
    assert_eq!(ds.indicators, base().indicators);
}

#[test]
fn a_semicolon_separated_sheet_with_bom_and_windows_line_endings_imports() {
    let text = format!(
        "\u{feff}{}\r\n{}\r\n",
        HEADER.replace(',', ";"),
        "clean_strong_orgs_pct;423;Tân Kỳ;2013;68,6;Báo cáo;;2014;;Đạt 68,6%.;vi;ghi chú"
    );
    let o = import(&text);
    assert!(errors(&o).is_empty(), "{}", show(&o));
    let w = warnings(&o);
    assert_eq!(w.len(), 1, "{}", show(&o));
    assert_eq!(w[0].kind, ImportIssueKind::DecimalComma { read: 68.6 });
    assert_eq!((w[0].row, w[0].column.as_deref(), w[0].value.as_deref()), (Some(2), Some("value"), Some("68,6")));
    assert!(
        w[0].message(Lang::En).contains("68.6") && w[0].message(Lang::Vi).contains("68,6"),
        "{}",
        w[0].message(Lang::En)
    );
    let ds = o.dataset.unwrap();
    assert_eq!(ds.observations[0].value, Value::Number(68.6));
    assert_eq!(ds.observations[0].note.as_deref(), Some("ghi chú"));
    assert_eq!(ds.observations[0].unit_text, None, "the short name matches");
}

#[test]
fn quoted_fields_with_line_breaks_keep_spreadsheet_row_numbers() {
    let o = import(&sheet(&[
        "party_members,423,,2013,3120,Báo cáo,,,,\"Dòng một\nDòng hai: 3120\",vi,",
        "party_members,423,,2014,-5,Báo cáo,,,,Câu.,vi,",
    ]));
    let e = errors(&o);
    assert_eq!(e.len(), 1, "{}", show(&o));
    assert_eq!(e[0].row, Some(3), "the second record is row 3 although it starts on line 4");
    assert!(matches!(&e[0].kind, ImportIssueKind::Rule(i) if matches!(i.kind, IssueKind::NegativeCount { .. })));
    assert_eq!(e[0].column.as_deref(), Some("value"));
    assert_eq!(o.dataset.unwrap().observations[0].sentence, "Dòng một\nDòng hai: 3120");
}

#[test]
fn blank_lines_count_as_rows_as_a_spreadsheet_shows_them() {
    let text = format!("{HEADER}\n\n{}\n", "party_members,423,,2013,x,Báo cáo,,,,Câu: x.,vi,");
    let o = import(&text);
    assert_eq!(errors(&o)[0].row, Some(3));
}

#[test]
fn thousands_separators_are_handled() {
    for (v, expect, warns) in [("\"1,437\"", 1437.0, 0), ("1.437.000", 1437000.0, 1), ("1 437", 1437.0, 0)] {
        let o = import(&sheet(&[&format!("party_members,40,,2013,{v},Báo cáo,,,,Câu.,vi,")]));
        assert!(errors(&o).is_empty(), "{v}: {}", show(&o));
        assert_eq!(warnings(&o).len(), warns, "{v}");
        assert_eq!(o.dataset.unwrap().observations[0].value, Value::Number(expect));
    }
}

#[test]
fn a_unit_name_that_does_not_match_its_code_is_a_warning_naming_both() {
    let o = import(&sheet(&["party_members,423,Huyện Anh Sơn,2013,3120,Báo cáo,,,,Câu.,vi,"]));
    assert!(errors(&o).is_empty());
    let w = warnings(&o);
    assert_eq!(w.len(), 1);
    let m = w[0].message(Lang::En);
    assert!(m.contains("Huyện Anh Sơn") && m.contains("Huyện Tân Kỳ"), "{m}");
    assert_eq!((w[0].row, w[0].column.as_deref()), (Some(2), Some("unit_name")));
    assert_eq!(o.dataset.unwrap().observations[0].unit_text.as_deref(), Some("Huyện Anh Sơn"));
}

#[test]
fn a_code_resolves_to_the_record_in_force_at_the_end_of_the_period() {
    let o = import(&sheet(&[
        "party_members,423,,2013,1,Báo cáo,,,,Câu.,vi,",
        "party_members,423,,2021,1,Báo cáo,,,,Câu.,vi,",
        "party_members,423,,2001,1,Báo cáo,,,,Câu.,vi,",
        "party_members,bloc-co-quan-tinh,,2020,1,Báo cáo,,,,Câu.,vi,",
    ]));
    assert!(errors(&o).is_empty(), "{}", show(&o));
    let units: Vec<String> = o.dataset.unwrap().observations.into_iter().map(|o| o.unit.to_string()).collect();
    assert_eq!(units, ["423@2013", "423@2020", "423@2013", "bloc-co-quan-tinh"]);
}

#[test]
fn every_row_rule_is_reported_with_its_row_and_column_and_the_import_goes_on() {
    let o = import(&sheet(&[
        "party_memberz,40,,2013,1,Báo cáo,,,,Câu.,vi,",      // 2 unknown indicator
        "party_members,99999,,2013,1,Báo cáo,,,,Câu.,vi,",   // 3 unknown unit
        "party_members,413,,2026,1,Báo cáo,,,,Câu.,vi,",     // 4 Cửa Lò no longer exists in 2026
        "party_members,40,,next year,1,Báo cáo,,,,Câu.,vi,", // 5 bad period
        "party_members,40,,2013,many,Báo cáo,,,,Câu.,vi,",   // 6 not a number
        ",40,,2013,1,Báo cáo,,,,Câu.,vi,",                   // 7 required cell
        "party_members,40,,2013,1,,,,,Câu.,vi,",             // 8 no source
        "party_members,40,,2013,1,Báo cáo,,,,Câu.,xx,",      // 9 language
        "clean_strong_orgs_pct,40,,2013,104.5,Báo cáo,,,,Câu.,vi,", // 10 percent > 100
        "party_members,40,,2013,12.5,Báo cáo,,,,Câu.,vi,",   // 11 fractional count
        "district_party_committee_rating,423,,2023,HTXS,Báo cáo,,,,Câu.,vi,", // 12 unknown category
        "party_members,40,,2014,7,Báo cáo,,,,Câu.,vi,",      // 13 ok
        "party_members,40,,2014,7,Báo cáo,,,,Câu.,vi,",      // 14 duplicate of 13
        "party_members,40,,2015,7,Báo cáo,not a url,,,,vi,", // 15 warning: url; error: no sentence
        "party_members,40,,2016,193133,Báo cáo,,,,Toàn tỉnh có 193.132 đảng viên.,vi,", // 16 value not in sentence
    ]));
    let located: Vec<(Option<usize>, Option<&str>)> = errors(&o).iter().map(|i| (i.row, i.column.as_deref())).collect();
    assert_eq!(
        located,
        vec![
            (Some(2), Some("indicator")),
            (Some(3), Some("unit_code")),
            (Some(4), Some("unit_code")),
            (Some(5), Some("reference_period")),
            (Some(6), Some("value")),
            (Some(7), Some("indicator")),
            (Some(8), Some("source_title")),
            (Some(9), Some("sentence_language")),
            (Some(10), Some("value")),
            (Some(11), Some("value")),
            (Some(12), Some("value")),
            (Some(14), None),
            (Some(15), Some("exact_sentence")),
            (Some(16), Some("value")),
        ],
        "{}",
        show(&o)
    );
    let cua_lo = errors(&o)[2].message(Lang::En);
    assert!(cua_lo.contains("2026-12-31") && cua_lo.contains("2020 – 2024"), "{cua_lo}");
    assert!(errors(&o)[8].message(Lang::Vi).contains("104,5"));
    let w: Vec<(Option<usize>, Option<&str>)> = warnings(&o).iter().map(|i| (i.row, i.column.as_deref())).collect();
    assert_eq!(w, vec![(Some(15), Some("source_url"))]);
    // Every issue says what to do, in both languages.
    for i in &o.issues {
        assert!(!i.fix(Lang::Vi).is_empty() && !i.fix(Lang::En).is_empty() && !i.message(Lang::Vi).is_empty());
    }
    // The preview holds the good rows only.
    let ids: Vec<String> = o.dataset.unwrap().observations.into_iter().map(|o| o.id).collect();
    assert_eq!(ids, ["13"], "a row without its sentence is not published");
}

#[test]
fn parts_that_do_not_add_up_are_reported_on_the_total_row() {
    let o = import(&sheet(&[
        "graduates_to_communes,40,,2003..2014,3391,Báo cáo,,,,Câu.,vi,",
        "graduates_to_communes_university,40,,2003..2014,1117,Báo cáo,,,,Câu.,vi,",
        "graduates_to_communes_college,40,,2003..2014,277,Báo cáo,,,,Câu.,vi,",
        "graduates_to_communes_secondary,40,,2003..2014,1996,Báo cáo,,,,Câu.,vi,",
    ]));
    let e = errors(&o);
    assert_eq!(e.len(), 1, "{}", show(&o));
    assert_eq!((e[0].row, e[0].column.as_deref()), (Some(2), Some("value")));
    assert!(e[0].message(Lang::En).contains("3,390"), "{}", e[0].message(Lang::En));
}

#[test]
fn a_missing_required_column_is_reported_once_per_column() {
    let o = import("indicator,value\nparty_members,1\n");
    let missing: Vec<&str> = o.issues.iter().filter_map(|i| i.column.as_deref()).collect();
    assert_eq!(missing, ["unit_code", "reference_period", "source_title", "exact_sentence"]);
    assert!(o.issues.iter().all(|i| i.row == Some(1) && i.kind == ImportIssueKind::MissingColumn));
    assert!(o.dataset.is_none());
}

#[test]
fn unknown_columns_are_one_warning() {
    let o = import(&format!("{HEADER},extra,other\n{GOOD},a,b\n"));
    assert!(errors(&o).is_empty(), "{}", show(&o));
    assert!(
        matches!(&warnings(&o)[0].kind, ImportIssueKind::UnknownColumns { names, more: 0 } if names == &["extra", "other"])
    );
}

#[test]
fn windows_1258_bytes_are_one_error_naming_the_row_and_how_to_save() {
    let mut bytes = sheet(&[GOOD, GOOD]).into_bytes();
    // "Tân" in Windows-1258: 0xE2 is "â".
    let pos = bytes.len() - 10;
    bytes.splice(pos..pos, [b'T', 0xE2, b'n']);
    let o = import_csv(&bytes, "cp1258.csv", base());
    assert_eq!(o.issues.len(), 1);
    let i = &o.issues[0];
    assert!(matches!(i.kind, ImportIssueKind::NotUtf8 { byte: 0xE2, .. }));
    assert_eq!(i.row, Some(3));
    assert!(i.fix(Lang::En).contains("CSV UTF-8") && i.fix(Lang::Vi).contains("CSV UTF-8"));
    assert!(o.dataset.is_none());
}

#[test]
fn malformed_input_gets_an_error_never_a_panic() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", vec![]),
        ("blank", b"  \r\n\r\n".to_vec()),
        ("bom only", b"\xEF\xBB\xBF".to_vec()),
        ("header only", format!("{HEADER}\r\n").into_bytes()),
        ("truncated row", sheet(&[GOOD]).into_bytes()[..HEADER.len() + 40].to_vec()),
        ("truncated in a quote", sheet(&[GOOD]).into_bytes()[..HEADER.len() + GOOD.len() - 8].to_vec()),
        ("cut inside a character", {
            let mut b = sheet(&[GOOD]).into_bytes();
            let at = b.iter().position(|&c| c >= 0x80).unwrap() + 1;
            b.truncate(at);
            b
        }),
        ("10,000 columns", (0..10_000).map(|i| format!("c{i}")).collect::<Vec<_>>().join(",").into_bytes()),
        ("binary", (0..=255u8).cycle().take(5000).collect()),
        (
            "1 MB cell",
            format!("{HEADER}\nparty_members,40,,2013,1,Báo cáo,,,,\"{}\",vi,\n", "a".repeat(1 << 20)).into_bytes(),
        ),
        ("stray quote", format!("{HEADER}\nparty_\"members,40,,2013,1,\"Báo cáo,,,,Câu.,vi,\n").into_bytes()),
    ];
    for (name, bytes) in cases {
        let o = import_csv(&bytes, name, base());
        assert!(o.has_errors(), "{name}: {}", show(&o));
        assert!(o.dataset.is_none() || !o.dataset.as_ref().unwrap().observations.is_empty(), "{name}");
        let report = show(&o);
        assert!(report.len() < 20_000, "{name}: the report quotes values, cut short");
    }
    let cell = import(&format!("{HEADER}\nparty_members,40,,2013,1,Báo cáo,,,,\"{}\",vi,\n", "a".repeat(1 << 20)));
    assert!(matches!(errors(&cell)[0].kind, ImportIssueKind::CellTooLong { chars: 1_048_576 }));
    assert_eq!(errors(&cell)[0].column.as_deref(), Some("exact_sentence"));
}

#[test]
fn a_file_over_the_size_limit_is_refused_clearly() {
    let big = vec![b'a'; MAX_IMPORT_BYTES + 1];
    for o in [import_csv(&big, "big.csv", base()), import_json(&big, "big.json")] {
        assert_eq!(o.issues.len(), 1);
        assert!(matches!(o.issues[0].kind, ImportIssueKind::TooLarge { .. }));
        assert!(o.issues[0].message(Lang::En).contains("64 MB"), "{}", o.issues[0].message(Lang::En));
    }
}

#[test]
fn the_chunked_importer_reports_progress_and_ends_with_the_same_result() {
    let rows: Vec<String> =
        (0..500).map(|i| format!("party_members,40,,{},{i},Báo cáo,,,,Câu.,vi,", 1500 + i)).collect();
    let text = sheet(&rows.iter().map(String::as_str).collect::<Vec<_>>());
    let mut importer = CsvImporter::new(text.clone().into_bytes(), "chunks.csv", base());
    let mut steps = Vec::new();
    let mut checked = Vec::new();
    let mut shares = Vec::new();
    loop {
        let p = importer.feed(100);
        steps.push((p.rows_done, p.bytes_done));
        checked.push(p.rows_checked);
        shares.push(p.share());
        assert_eq!(p.total_bytes, text.len());
        if p.finished {
            break;
        }
    }
    assert_eq!(steps.first().unwrap().0, 100);
    // Five slices of reading, then the rows are checked a slice at a time too.
    assert_eq!(checked, [0, 0, 0, 0, 0, 100, 200, 300, 400, 500], "{steps:?}");
    assert!(shares.windows(2).all(|w| w[0] <= w[1]) && shares.last() == Some(&1.0), "{shares:?}");
    assert!(steps.windows(2).all(|w| w[0].1 <= w[1].1), "bytes only grow");
    assert_eq!(steps.last().unwrap(), &(500, text.len()));
    let chunked = importer.finish();
    let whole = import(&text);
    assert_eq!(chunked.dataset, whole.dataset);
    assert_eq!(chunked.issues, whole.issues);
    assert_eq!(chunked.dataset.unwrap().observations.len(), 500);
}

#[test]
fn the_filled_template_round_trips_to_the_published_figures() {
    let files = template::files(base());
    let names: Vec<&str> = files.iter().map(|f| f.name).collect();
    assert_eq!(
        names,
        ["chiso-import.csv", "HUONG-DAN.md", "HOW-TO.md", "indicators.csv", "units.csv", "published-figures.csv"]
    );
    let empty = &files[0].bytes;
    assert!(empty.starts_with(b"\xEF\xBB\xBF") && empty.ends_with(b"\r\n"));
    let header_only = import_csv(empty, "chiso-import.csv", base());
    assert_eq!(header_only.issues.len(), 1);
    assert_eq!(header_only.issues[0].kind, ImportIssueKind::NoRows);
    // The published figures written into the sheet read back as the same figures.
    let filled = &files[5].bytes;
    let o = import_csv(filled, "filled.csv", base());
    assert!(errors(&o).is_empty(), "{}", show(&o));
    let back = o.dataset.unwrap();
    assert_eq!(back.observations.len(), base().observations.len());
    let ids = |ds: &Dataset| {
        let mut v: Vec<Source> = ds.sources.clone();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    };
    assert_eq!(ids(&back), ids(base()), "published sources are reused, with those of the unit flags");
    assert!(chiso_data::diff::diff(base(), &back).is_empty());
    for (a, b) in base().observations.iter().zip(&back.observations) {
        let a = a.clone();
        let mut b = b.clone();
        b.id = a.id.clone();
        assert_eq!(a, b);
    }
    // Both how-tos document every column.
    for f in &files[1..3] {
        let text = String::from_utf8(f.bytes.clone()).unwrap();
        for c in chiso_data::import::COLUMNS {
            assert!(text.contains(&format!("`{}`", c.name)), "{} lacks {}", f.name, c.name);
        }
    }
}

#[test]
fn a_dataset_json_is_read_and_checked_with_every_rule() {
    let text = render_json(base());
    let o = import_json(text.as_bytes(), "nghe-an.json");
    assert!(o.issues.is_empty());
    assert_eq!(o.dataset.as_ref(), Some(base()));
    let broken = text.replacen("\"value\":1437.0,", "\"value\":-1437.0,", 1);
    let o = import_json(broken.as_bytes(), "broken.json");
    assert_eq!(o.issues.len(), 1);
    let line = broken.lines().position(|l| l.contains("-1437")).unwrap() + 1;
    assert_eq!((o.issues[0].row, o.issues[0].column.as_deref()), (Some(line), Some("value")));
    assert_eq!(o.dataset.unwrap().observations.len(), base().observations.len() - 1);
    let bad = import_json(b"{\"schema_version\": 1, \"periods\": [}", "bad.json");
    assert!(matches!(bad.issues[0].kind, ImportIssueKind::Json(_)));
    assert_eq!(bad.issues[0].row, Some(1));
    let v2 = import_json(b"{\"schema_version\": 2}", "v2.json");
    assert!(matches!(v2.issues[0].kind, ImportIssueKind::SchemaVersion { found: 2 }));
}

#[test]
fn a_dataset_json_with_an_empty_sentence_or_a_dropped_derived_is_rejected() {
    let text = render_json(base());
    let edited = |id: &str, edit: &dyn Fn(&mut serde_json::Map<String, serde_json::Value>)| {
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let obs = v["observations"].as_array_mut().unwrap();
        let o = obs.iter_mut().find(|o| o["id"] == id).unwrap();
        edit(o.as_object_mut().unwrap());
        import_json(serde_json::to_string(&v).unwrap().as_bytes(), "edited.json")
    };
    let rule = |o: &ImportOutcome| -> Vec<IssueKind> {
        o.issues
            .iter()
            .filter(|i| i.is_error())
            .filter_map(|i| match &i.kind {
                ImportIssueKind::Rule(r) => Some(r.kind.clone()),
                _ => None,
            })
            .collect()
    };
    let derived: Vec<&chiso_core::model::Observation> =
        base().observations.iter().filter(|o| o.derived.is_some()).collect();
    assert!(!derived.is_empty());
    for o in derived {
        let dropped = edited(&o.id, &|m| {
            m.remove("derived");
        });
        assert!(matches!(rule(&dropped)[..], [IssueKind::ValueNotInSentence { .. }]), "{}", dropped.report(Lang::En));
        assert_eq!(dropped.issues.len(), 1);
    }
    let first = &base().observations[0].id;
    let empty = edited(first, &|m| {
        m.insert("sentence".into(), "".into());
    });
    assert_eq!(rule(&empty), [IssueKind::NoSentence], "{}", empty.report(Lang::En));
    assert_eq!(empty.issues.len(), 1);
}

#[test]
fn a_synthetic_dataset_json_is_read_with_a_warning_not_to_publish_it() {
    let mut ds = base().clone();
    ds.synthetic = true;
    let o = import_json(render_json(&ds).as_bytes(), "synthetic.json");
    assert_eq!(o.issues.len(), 1, "{}", o.report(Lang::En));
    assert_eq!((o.issues[0].severity, &o.issues[0].kind), (Severity::Warning, &ImportIssueKind::Synthetic));
    assert!(!o.has_errors() && o.dataset.is_some());
}

#[test]
fn the_schema_file_is_current_and_the_dataset_points_at_it() {
    let current = std::fs::read_to_string(root().join(schema::SCHEMA_OUTPUT)).unwrap_or_default();
    assert!(current == schema::schema_json(), "data/schema.json is stale or missing: run `cargo xtask data`");
    assert_eq!(base().schema.as_deref(), Some("schema.json"));
    assert_eq!(base().published.as_deref(), Some("2026-11-29"));
    let schema: serde_json::Value = serde_json::from_str(&current).unwrap();
    let props = schema["properties"].as_object().unwrap();
    for field in ["$schema", "schema_version", "published", "periods", "units", "observations"] {
        assert!(props.contains_key(field), "{field}");
    }
    let required: Vec<&str> = schema["required"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
    assert!(required.contains(&"observations") && !required.contains(&"published"));
}

#[test]
fn a_dataset_json_read_a_slice_at_a_time_gives_the_same_outcome() {
    let text = render_json(base()).replacen("\"value\":1437.0,", "\"value\":-1437.0,", 1);
    let mut importer = JsonImporter::new(text.clone().into_bytes(), "slices.json");
    let mut steps = 0;
    let mut last = 0.0;
    while !importer.feed(10).finished {
        let share = importer.progress().share();
        assert!(share >= last, "progress only grows");
        last = share;
        steps += 1;
    }
    assert!(steps > 10, "{steps} steps");
    let sliced = importer.finish();
    let whole = import_json(text.as_bytes(), "slices.json");
    assert_eq!(sliced.issues, whole.issues);
    assert_eq!(sliced.dataset, whole.dataset);
    assert_eq!(sliced.issues.len(), 1);
}

#[test]
fn a_warning_on_every_row_is_listed_once_with_its_rows_and_errors_one_by_one() {
    let rows: Vec<String> = (0..300)
        .map(|i| format!("clean_strong_orgs_pct,40,,{},\"{},5\",Báo cáo,,,,Câu.,vi,", 1700 + i, i % 100))
        .chain(["clean_strong_orgs_pct,40,,2024,\"104,5\",Báo cáo,,,,Câu.,vi,".to_string()])
        .chain(["clean_strong_orgs_pct,40,,2023,\"101,5\",Báo cáo,,,,Câu.,vi,".to_string()])
        .collect();
    let o = import(&sheet(&rows.iter().map(String::as_str).collect::<Vec<_>>()));
    let lines = issue_lines(&o.issues, 500);
    let warnings: Vec<&IssueLine> = lines.iter().filter(|l| !l.issue.is_error()).collect();
    assert_eq!(warnings.len(), 1, "{lines:?}");
    assert_eq!(warnings[0].rows, [2, 3, 4, 5, 6]);
    assert_eq!(warnings[0].rows.len() + warnings[0].more, 302, "every decimal comma is counted");
    let errors: Vec<Option<usize>> = lines.iter().filter(|l| l.issue.is_error()).map(|l| l.issue.row).collect();
    assert_eq!(errors, [Some(302), Some(303)], "each percent above 100 on its own line");
    assert!(lines[0].issue.is_error() && lines[1].issue.is_error(), "errors come first");
    assert_eq!(issue_lines(&o.issues, 2).len(), 2, "the list stops at its limit");
}

/// One issue of every kind (and of every rule a sheet can break, on a row and on the whole file), alternately
/// errors and warnings.
fn one_issue_of_every_kind() -> Vec<ImportIssue> {
    use chiso_core::model::Measure;
    use chiso_core::period::Date;
    use chiso_core::validate::{Collection, Context, Issue, Subject};
    use ImportIssueKind as K;
    let day = |y, m, d| Date::new(y, m, d).unwrap();
    let kinds = [
        K::TooLarge { bytes: 70 * 1024 * 1024 + 1 },
        K::TooLarge { bytes: 3 * 1024 * 1024 },
        K::TooLarge { bytes: 2_621_440 },
        K::Empty,
        K::NotUtf8 { byte: 0xd0, offset: 1234 },
        K::Csv("found record with 3 fields".into()),
        K::NoRows,
        K::TooManyColumns { count: 101 },
        K::MissingColumn,
        K::DuplicateColumn,
        K::UnknownColumns { names: vec!["a".into(), "b".into()], more: 0 },
        K::UnknownColumns { names: vec!["c".into()], more: 4 },
        K::RowLength { found: 3, expected: 12 },
        K::CellTooLong { chars: 10_001 },
        K::Required,
        K::UnknownIndicator,
        K::UnknownUnit { date: day(2026, 12, 31), exists_in: vec![] },
        K::UnknownUnit { date: day(2026, 12, 31), exists_in: vec!["2013 – 2019".into(), "2020 – 2024".into()] },
        K::UnitNameMismatch { code: "423".into(), official: "Huyện Tân Kỳ".into() },
        K::BadPeriod,
        K::PeriodReadAs { period: "2020-03-27".into() },
        K::BadNumber,
        K::DecimalComma { read: 68.6 },
        K::ThousandsDots { read: 1437000.0 },
        K::NoSource,
        K::NoSentence,
        K::BadLanguage,
        K::BadUrl,
        K::BadBound,
        K::Json("expected value at line 3 column 1".into()),
        K::SchemaVersion { found: 99 },
    ];
    let rules = [
        IssueKind::UnknownUnit { id: "999".into() },
        IssueKind::UnknownIndicator { id: "x".into() },
        IssueKind::UnknownSource { id: "s".into() },
        IssueKind::UnknownTheme { id: "t".into() },
        IssueKind::UnknownPeriod { id: "p".into() },
        IssueKind::UnitNotInForce { unit: "413@2020".into(), date: day(2026, 12, 31), from: None, to: None },
        IssueKind::PercentOutOfRange { value: 104.5 },
        IssueKind::NegativeCount { value: -3.0 },
        IssueKind::FractionalCount { value: 12.5 },
        IssueKind::FlagNotBinary { value: 2.0 },
        IssueKind::ValueTypeMismatch { measure: Measure::Category, value: Value::Number(1.0) },
        IssueKind::ValueTypeMismatch { measure: Measure::Count, value: Value::Category("HTXS".into()) },
        IssueKind::UnknownCategory { code: "HTXS".into(), indicator: "rating".into() },
        IssueKind::PartsExceedTotal { total: 10.0, sum: 1437.5, parts: vec!["a".into(), "b".into()] },
        IssueKind::PartsDoNotAddUp { total: 3391.0, sum: 3390.0, parts: vec!["a".into(), "b".into()] },
        IssueKind::DuplicateObservation { first: "13".into() },
        IssueKind::DuplicateId { collection: Collection::Sources, id: "s".into() },
        IssueKind::NoSentence,
        IssueKind::ValueNotInSentence { value: 193133.0 },
        IssueKind::UnsafeUrl { url: "javascript:alert(1)".into() },
    ];
    let mut issues: Vec<ImportIssue> = kinds
        .into_iter()
        .map(|kind| ImportIssue { severity: Severity::Error, row: Some(2), column: None, value: None, kind })
        .collect();
    for (whole_file, kind) in rules.iter().flat_map(|k| [(false, k.clone()), (true, k.clone())]) {
        let context = Context { subject: Subject::Observation("7".into()), column: Some("value".into()) };
        let row = (!whole_file).then_some(7);
        let kind = ImportIssueKind::Rule(Issue { kind, context });
        issues.push(ImportIssue { severity: Severity::Error, row, column: None, value: None, kind });
    }
    issues.push(ImportIssue { severity: Severity::Error, row: None, column: None, value: None, kind: K::Synthetic });
    for (n, i) in issues.iter_mut().enumerate() {
        i.value = Some(format!("v{n}"));
        i.column = Some("value".into());
        if n % 2 == 1 {
            i.severity = Severity::Warning;
        }
    }
    issues
}

/// Checks `text` against the file `tests/snapshots/{name}` (written instead when `CHISO_WRITE_SNAPSHOTS` is set).
fn assert_snapshot(name: &str, text: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots").join(name);
    if std::env::var_os("CHISO_WRITE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    assert!(text == expected, "{name} differs: the texts must not change unless on purpose");
}

#[test]
fn every_issue_reads_as_before_in_both_languages() {
    let issues = one_issue_of_every_kind();
    assert_snapshot("issue-texts.vi.md", &chiso_data::import::issue_table("sheet.csv", &issues, Lang::Vi));
    assert_snapshot("issue-texts.en.md", &chiso_data::import::issue_table("sheet.csv", &issues, Lang::En));
}

#[test]
fn the_how_to_reads_as_before_in_both_languages() {
    let files = template::files(base());
    for name in [template::HOW_TO_VI, template::HOW_TO_EN] {
        let file = files.iter().find(|f| f.name == name).unwrap();
        assert_snapshot(name, std::str::from_utf8(&file.bytes).unwrap());
    }
}

#[test]
fn clashing_source_ids_are_numbered_in_linear_time() {
    // 80,000 rows, each citing its own report whose title starts with the same six words: every source wants the
    // id `bao-cao-tong-ket-cong-tac`. Numbering them used to try every taken number first (n²/2 tries: minutes);
    // the test only checks the result, which must be the same as before.
    const ROWS: usize = 80_000;
    let mut text = HEADER.to_string();
    for i in 0..ROWS {
        let year = 2000 + i % 20;
        text.push_str(&format!(
            "\nparty_members,40,,{year},{i},Báo cáo tổng kết công tác xây dựng Đảng số {i},,,,Câu: {i}.,vi,"
        ));
    }
    text.push('\n');
    let o = import(&text);
    assert!(o.issues.is_empty(), "{}", o.issues.len());
    let ds = o.dataset.unwrap();
    assert_eq!(ds.observations.len(), ROWS);
    // Each row's source, in row order: the stem, then the stem numbered from 2.
    let cited: Vec<&str> = ds.observations.iter().map(|o| o.source.as_str()).collect();
    assert_eq!(cited[0], "bao-cao-tong-ket-cong-tac");
    for (i, id) in cited.iter().enumerate().skip(1) {
        assert_eq!(*id, format!("bao-cao-tong-ket-cong-tac-{}", i + 1));
    }
    let unique: std::collections::HashSet<&str> = ds.sources.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(unique.len(), ds.sources.len(), "source ids are unique");
    assert!(cited.iter().all(|id| unique.contains(id)));
    assert_eq!(
        ds.source(cited[ROWS - 1]).unwrap().title,
        format!("Báo cáo tổng kết công tác xây dựng Đảng số {}", ROWS - 1)
    );
}
