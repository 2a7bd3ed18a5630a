//! Tests of the exports: CSV cells and rows (formula neutralisation, quoting), the figure CSV and JSON, file
//! names and embed snippets.

use super::*;
use crate::model::Dataset;

fn real() -> Db {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/nghe-an.json");
    Db::new(Dataset::from_json(&std::fs::read_to_string(path).unwrap()).unwrap())
}

/// A small RFC 4180 reader for the tests: the BOM is skipped, quoted fields may hold commas, doubled quotes and
/// line breaks; records end with `\r\n`.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix(BOM).expect("the file starts with a BOM");
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' => {
                assert!(field.is_empty(), "a quote inside an unquoted field");
                quoted = true;
            }
            ',' => row.push(std::mem::take(&mut field)),
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "a bare carriage return outside quotes");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            '\n' => panic!("a bare line feed outside quotes"),
            c => field.push(c),
        }
    }
    assert!(!quoted, "an unterminated quote");
    assert!(field.is_empty() && row.is_empty(), "the last record ends with CRLF");
    rows
}

#[test]
fn text_cells_that_look_like_formulas_get_an_apostrophe_and_are_quoted_when_needed() {
    let cases = [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-x", "'-x"),
        ("@cmd", "'@cmd"),
        ("\tx", "\"'\tx\""),
        ("\rx", "\"'\rx\""),
        ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        ("a=b", "a=b"),
        ("", ""),
    ];
    for (input, expected) in cases {
        assert_eq!(csv_cell(input), expected, "{input:?}");
    }
}

#[test]
fn commas_quotes_and_line_breaks_are_quoted_and_quotes_doubled() {
    let cases = [
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("two\r\nlines", "\"two\r\nlines\""),
        ("plain", "plain"),
    ];
    for (input, expected) in cases {
        assert_eq!(csv_cell(input), expected, "{input:?}");
    }
}

#[test]
fn semicolons_are_quoted_and_a_formula_after_any_separator_gets_an_apostrophe() {
    let cases = [
        ("ok;=1+1", "\"ok;'=1+1\""),
        ("a;+1;-2;@x", "\"a;'+1;'-2;'@x\""),
        ("a,=cmd|' /C calc'!A0", "\"a,'=cmd|' /C calc'!A0\""),
        ("a\t=1", "\"a\t'=1\""),
        ("=1;=2", "\"'=1;'=2\""),
        ("2016; 2020", "\"2016; 2020\""),
        ("a; -5 điểm", "\"a; -5 điểm\""),
        ("a=b;c", "\"a=b;c\""),
    ];
    for (input, expected) in cases {
        assert_eq!(csv_cell(input), expected, "{input:?}");
    }
    // Split at `;` the way a semicolon locale reads the unquoted text: no piece is a formula.
    for (input, _) in cases {
        let cell = csv_cell(input);
        for piece in cell.trim_matches('"').split([',', ';', '\t']) {
            assert!(!piece.starts_with(FORMULA_START), "{input:?} → {piece:?}");
        }
    }
}

#[test]
fn vietnamese_text_survives_byte_for_byte() {
    let s = "Tổ chức đảng trong sạch vững mạnh – Huyện Tân Kỳ, Đô Lương";
    assert_eq!(csv_cell(s).as_bytes(), format!("\"{s}\"").as_bytes());
    let s = "Tổ chức đảng trong sạch vững mạnh";
    assert_eq!(csv_cell(s).as_bytes(), s.as_bytes());
}

#[test]
fn numbers_are_written_plainly_and_never_prefixed() {
    let cases =
        [(1437.0, "1437"), (68.6, "68.6"), (63.04, "63.04"), (-5.0, "-5"), (-0.25, "-0.25"), (0.0, "0"), (-0.0, "0")];
    for (v, expected) in cases {
        assert_eq!(csv_number(v), expected, "{v}");
        assert_eq!(Cell::Number(v).to_csv(), expected, "{v}");
    }
    assert_eq!(csv_number(1e21), "1000000000000000000000", "no exponent");
    assert_eq!(csv_number(f64::NAN), "");
    assert_eq!(csv_row(&[Cell::Number(-5.0), Cell::Text("-5".into()), Cell::Empty]), "-5,'-5,\r\n");
}

#[test]
fn the_bom_comes_first_and_the_header_second() {
    let db = real();
    let csv = figures_csv(&db, &[], Lang::Vi);
    assert!(csv.starts_with('\u{feff}'));
    assert_eq!(csv, format!("\u{feff}{}\r\n", FIGURE_COLUMNS.join(",")));
}

#[test]
fn the_default_view_exports_the_four_figures_of_the_founding_article() {
    let db = real();
    let state = ExplorerState::default();
    let rows = parse_csv(&displayed_csv(&Screen::new(&db, &state)));
    assert_eq!(rows[0], FIGURE_COLUMNS);
    let col = |name: &str| FIGURE_COLUMNS.iter().position(|c| *c == name).unwrap();
    let data = &rows[1..];
    let values: Vec<&str> = data.iter().map(|r| r[col("value")].as_str()).collect();
    assert_eq!(values, ["63.04", "68.6", "2.64", "0.13"]);
    let periods: Vec<&str> = data.iter().map(|r| r[col("reference_period")].as_str()).collect();
    assert_eq!(periods, ["2001", "2013", "2001", "2013"]);
    for r in data {
        let o =
            db.ds.observations.iter().find(|o| o.value.as_number().map(csv_number) == Some(r[col("value")].clone()));
        assert_eq!(r[col("exact_sentence")], o.unwrap().sentence);
        assert!(r[col("exact_sentence")].starts_with("In 2001, "));
        assert_eq!(r[col("unit")], "Tỉnh Nghệ An");
        assert_eq!(r[col("source_publisher")], "Báo Nghệ An");
        assert_eq!(r[col("category")], "");
    }
    assert_eq!(data[0][col("indicator")], "Tổ chức đảng trong sạch vững mạnh");
}

#[test]
fn the_dataset_csv_has_one_row_per_figure_and_every_row_the_same_number_of_fields() {
    let db = real();
    let rows = parse_csv(&dataset_csv(&db, Lang::En));
    assert_eq!(rows.len(), db.ds.observations.len() + 1);
    assert_eq!(db.ds.observations.len(), 151);
    assert!(rows.iter().all(|r| r.len() == FIGURE_COLUMNS.len()));
    let col = |name: &str| FIGURE_COLUMNS.iter().position(|c| *c == name).unwrap();
    for (r, o) in rows[1..].iter().zip(&db.ds.observations) {
        assert_eq!(r[col("exact_sentence")].trim_start_matches('\''), o.sentence, "{}", o.id);
        assert_eq!(r[col("value")].is_empty(), o.value.as_number().is_none(), "{}", o.id);
        assert_eq!(r[col("category")], o.value.as_category().unwrap_or(""), "{}", o.id);
    }
}

#[test]
fn the_json_export_has_the_csv_fields_typed() {
    let db = real();
    let state = ExplorerState::default();
    let json: serde_json::Value = serde_json::from_str(&displayed_json(&Screen::new(&db, &state))).unwrap();
    assert_eq!(json["generated_from"], "data/nghe-an.json");
    assert_eq!(json["link_query"], "");
    assert_eq!(json["title"], Screen::new(&db, &state).title());
    let figures = json["figures"].as_array().unwrap();
    assert_eq!(figures.len(), 4);
    let keys: Vec<&str> = figures[0].as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected = FIGURE_COLUMNS.to_vec();
    expected.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(figures[0]["value"], 63.04);
    assert_eq!(figures[0]["approximate"], false);
    assert_eq!(figures[0]["category"], serde_json::Value::Null);
    let whole = db.ds.observations.iter().find(|o| o.id == "s1").unwrap();
    assert_eq!(whole.value.as_number(), Some(1437.0));
    let record = serde_json::to_string(&FigureRecord::new(&db, whole, Lang::En)).unwrap();
    assert!(record.contains("\"value\":1437,"), "whole numbers are JSON integers: {record}");
}

#[test]
fn file_stems_name_the_indicator_place_and_years() {
    let db = real();
    let state = ExplorerState::default();
    assert_eq!(file_stem(&Screen::new(&db, &state)), "chiso_clean-strong-orgs_nghe-an_2001-2013");
    let tan_ky = ExplorerState { level: Level::District, places: vec!["423@2013".into()], ..Default::default() };
    assert_eq!(file_stem(&Screen::new(&db, &tan_ky)), "chiso_clean-strong-orgs_tan-ky_2013");
    let ranking = ExplorerState { view: View::Bar, ..tan_ky.clone() };
    assert_eq!(
        file_stem(&Screen::new(&db, &ranking)),
        "chiso_clean-strong-orgs_districts_2013",
        "a ranking covers the level"
    );
    let districts = ExplorerState { level: Level::District, ..Default::default() };
    assert!(
        file_stem(&Screen::new(&db, &districts)).starts_with("chiso_clean-strong-orgs_"),
        "{}",
        file_stem(&Screen::new(&db, &districts))
    );
    let map = ExplorerState {
        level: Level::Commune,
        view: View::Map,
        map_at: Some("2025-H2".parse().unwrap()),
        indicators: vec!["grassroots_party_orgs".into()],
        ..Default::default()
    };
    assert_eq!(file_stem(&Screen::new(&db, &map)), "chiso_grassroots-party-orgs_communes_2025-h2");
    for s in [&state, &tan_ky, &districts, &map] {
        let stem = file_stem(&Screen::new(&db, s));
        assert!(stem.len() <= FILE_STEM_MAX);
        assert!(stem.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_'));
    }
}

#[test]
fn slugs_drop_diacritics_and_collapse_separators() {
    assert_eq!(slug("Huyện Tân Kỳ"), "huyen-tan-ky");
    assert_eq!(slug("  Đô  Lương (2013) "), "do-luong-2013");
    assert_eq!(slug("clean_strong_orgs"), "clean-strong-orgs");
}

#[test]
fn the_snippet_escapes_the_title_and_embeds_the_view() {
    let state = ExplorerState { level: Level::District, ..Default::default() };
    let html = iframe_snippet("https://example.org/chiso/", &state, true, "A \"quoted\" <b>title</b> & co");
    let title = "A &quot;quoted&quot; &lt;b&gt;title&lt;/b&gt; &amp; co";
    assert!(html.contains(&format!("title=\"{title}\" aria-label=\"{title}\"")), "{html}");
    assert!(!html.contains("<b>"));
    assert!(html
        .starts_with("<iframe src=\"https://example.org/chiso/?v=1&amp;level=district&amp;embed=table&amp;eid=chiso-"));
    assert!(html.ends_with(" loading=\"lazy\"></iframe>"));
    assert!(html.contains("style=\"width:100%;min-width:300px;height:520px;border:0\""));
    let chart = iframe_snippet("https://example.org/chiso/", &state, false, "t");
    assert!(chart.contains("embed=chart"));
    assert_eq!(html, iframe_snippet("https://example.org/chiso/", &state, true, "A \"quoted\" <b>title</b> & co"));
}

#[test]
fn the_embed_id_is_stable_for_a_query_and_differs_between_queries() {
    assert_eq!(embed_id("v=1&level=district"), embed_id("v=1&level=district"));
    assert_ne!(embed_id("v=1&level=district"), embed_id("v=1&level=commune"));
    assert_eq!(embed_id(""), "chiso-811c9dc5");
    let id = embed_id("v=1&embed=chart");
    assert!(id.starts_with("chiso-") && id.len() == 14 && id[6..].bytes().all(|b| b.is_ascii_hexdigit()));
}
