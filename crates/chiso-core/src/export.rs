//! Getting the data out: CSV and JSON of the figures on screen or of the whole dataset, file names for downloads,
//! the title and source line printed on exported charts and embeds, and the `<iframe>` snippet that embeds a view.
//!
//! CSV follows RFC 4180 (`\r\n` line ends, fields quoted when they contain a comma, a quote or a line break, quotes
//! doubled) and starts with a byte-order mark so that Excel reads the Vietnamese text as UTF-8. Text cells that a
//! spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) get a leading
//! apostrophe, as OWASP recommends against CSV injection; numbers are written unformatted and never altered, so a
//! negative number stays `-5`. Cells are typed ([`Cell`]) so that only text is neutralised.
//!
//! CSV and JSON carry the same fields per figure ([`FIGURE_COLUMNS`]); column names are English snake_case and
//! stable, because people import them.

use crate::charts::escape_html;
use crate::i18n::{unit_display_name, Lang};
use crate::map;
use crate::model::{Bound, Level, Observation};
use crate::query::Db;
use crate::screen::Screen;
use crate::search::fold;
use crate::state::{Embed, ExplorerState, View};
use crate::url::encode_state;
use serde::{Serialize, Serializer};

/// Byte-order mark written at the start of every CSV file.
pub const BOM: char = '\u{feff}';

/// Where the bundled dataset lives, as written in JSON exports.
pub const DATASET_PATH: &str = "data/nghe-an.json";

/// Longest file stem [`file_stem`] returns, in bytes (it is ASCII).
pub const FILE_STEM_MAX: usize = 100;

/// Column names of the figure CSV, in order (the JSON export uses the same names as keys).
pub const FIGURE_COLUMNS: [&str; 20] = [
    "indicator_id",
    "indicator",
    "unit_id",
    "unit_code",
    "unit",
    "level",
    "reference_period",
    "approximate",
    "value",
    "category",
    "bound",
    "source_id",
    "source_title",
    "source_publisher",
    "source_date",
    "source_url",
    "exact_sentence",
    "sentence_language",
    "note",
    "derived",
];

// ------------------------------------------------------------------------------------------------ CSV cells

/// One CSV cell, typed so that only text is protected against formula injection.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text: neutralised and quoted as needed by [`csv_cell`].
    Text(String),
    /// A number, written by [`csv_number`] and never neutralised.
    Number(f64),
    /// Nothing.
    Empty,
}

impl Cell {
    /// The cell as it appears in a CSV line.
    pub fn to_csv(&self) -> String {
        match self {
            Cell::Text(s) => csv_cell(s),
            Cell::Number(v) => csv_number(*v),
            Cell::Empty => String::new(),
        }
    }
}

impl From<Option<&str>> for Cell {
    fn from(s: Option<&str>) -> Cell {
        s.map_or(Cell::Empty, |s| Cell::Text(s.to_string()))
    }
}

/// A text cell for CSV: a leading `=`, `+`, `-`, `@`, tab or carriage return gets an apostrophe in front, so that a
/// spreadsheet shows it as text instead of running it as a formula; then the cell is quoted (inner quotes doubled)
/// when it contains a comma, a quote, a carriage return or a line feed. Anything else is returned unchanged, so
/// Vietnamese text survives byte for byte.
pub fn csv_cell(s: &str) -> String {
    let neutral = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    if neutral.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// A number for CSV: `.` as decimal point, no thousands separator, no exponent, no trailing zeros (`1437`, `68.6`,
/// `-5`). Not a number and infinities are written as an empty cell; negative zero as `0`.
pub fn csv_number(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    if v == 0.0 {
        return "0".to_string();
    }
    // `Display` for f64 prints the shortest text that reads back as the same value, never in exponent form.
    v.to_string()
}

/// One CSV line of cells, ending with `\r\n`.
pub fn csv_row(cells: &[Cell]) -> String {
    let mut line = cells.iter().map(Cell::to_csv).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

// ------------------------------------------------------------------------------------------------ figure records

/// A number serialised as a JSON integer when it is whole (so `1437`, not `1437.0`).
fn serialize_number<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    match v {
        Some(v) if v.is_finite() && v.fract() == 0.0 && v.abs() < EXACT => s.serialize_i64(*v as i64),
        Some(v) if v.is_finite() => s.serialize_f64(*v),
        _ => s.serialize_none(),
    }
}

/// Every exported field of one figure, typed; CSV and JSON are both written from this.
#[derive(Debug, Clone, Serialize)]
struct FigureRecord {
    indicator_id: String,
    indicator: String,
    unit_id: String,
    unit_code: String,
    unit: String,
    level: Option<&'static str>,
    reference_period: String,
    approximate: bool,
    #[serde(serialize_with = "serialize_number")]
    value: Option<f64>,
    category: Option<String>,
    bound: Option<&'static str>,
    source_id: String,
    source_title: Option<String>,
    source_publisher: Option<String>,
    source_date: Option<String>,
    source_url: Option<String>,
    exact_sentence: String,
    sentence_language: String,
    note: Option<String>,
    derived: Option<String>,
}

impl FigureRecord {
    fn new(db: &Db, o: &Observation, lang: Lang) -> FigureRecord {
        let unit = db.unit(&o.unit);
        let source = db.source(&o.source);
        FigureRecord {
            indicator_id: o.indicator.to_string(),
            indicator: db.indicator(&o.indicator).map_or_else(|| o.indicator.to_string(), |i| i.name.get(lang).into()),
            unit_id: o.unit.to_string(),
            unit_code: unit.map(|u| u.code.clone()).unwrap_or_default(),
            unit: unit.map_or_else(|| o.unit.to_string(), |u| unit_display_name(u, lang)),
            level: unit.map(|u| u.level.id()),
            reference_period: o.period.to_string(),
            approximate: o.approximate,
            value: o.value.as_number(),
            category: o.value.as_category().map(str::to_string),
            bound: o.bound.map(|b| match b {
                Bound::Lower => "lower",
                Bound::Approx => "approx",
            }),
            source_id: o.source.to_string(),
            source_title: source.map(|s| s.title.clone()),
            source_publisher: source.map(|s| s.publisher.clone()),
            source_date: source.map(|s| s.date.clone()),
            source_url: source.and_then(|s| s.url.clone()),
            exact_sentence: o.sentence.to_string(),
            sentence_language: o.sentence_language.to_string(),
            note: o.note.as_deref().map(str::to_string),
            derived: o.derived.as_deref().map(str::to_string),
        }
    }

    /// The cells in [`FIGURE_COLUMNS`] order.
    fn cells(&self) -> Vec<Cell> {
        let text = |s: &str| Cell::Text(s.to_string());
        let opt = |s: &Option<String>| Cell::from(s.as_deref());
        vec![
            text(&self.indicator_id),
            text(&self.indicator),
            text(&self.unit_id),
            text(&self.unit_code),
            text(&self.unit),
            Cell::from(self.level),
            text(&self.reference_period),
            text(if self.approximate { "true" } else { "false" }),
            self.value.map_or(Cell::Empty, Cell::Number),
            opt(&self.category),
            Cell::from(self.bound),
            text(&self.source_id),
            opt(&self.source_title),
            opt(&self.source_publisher),
            opt(&self.source_date),
            opt(&self.source_url),
            text(&self.exact_sentence),
            text(&self.sentence_language),
            opt(&self.note),
            opt(&self.derived),
        ]
    }
}

// ------------------------------------------------------------------------------------------------ CSV and JSON

/// CSV of figures: the byte-order mark, the header ([`FIGURE_COLUMNS`]), then one row per figure in the given order.
/// Indicator and unit names are in `lang`; `value` holds numbers (empty for a category), `category` the category
/// code, `reference_period` the compact period (`2013`, `2020-H1`, `2016-01..2018-06`).
pub fn figures_csv(db: &Db, figures: &[&Observation], lang: Lang) -> String {
    let header: Vec<Cell> = FIGURE_COLUMNS.iter().map(|c| Cell::Text(c.to_string())).collect();
    let mut out = String::new();
    out.push(BOM);
    out.push_str(&csv_row(&header));
    for o in figures {
        out.push_str(&csv_row(&FigureRecord::new(db, o, lang).cells()));
    }
    out
}

/// CSV of the figures the screen shows ([`Screen::figures`]), names in the screen's language.
pub fn displayed_csv(screen: &Screen<'_>) -> String {
    figures_csv(screen.db, &screen.figures(), screen.lang())
}

/// CSV of every figure of the dataset, in dataset order.
pub fn dataset_csv(db: &Db, lang: Lang) -> String {
    let all: Vec<&Observation> = db.ds.observations.iter().collect();
    figures_csv(db, &all, lang)
}

/// Pretty JSON of the figures the screen shows: `title` ([`Screen::title`]), `link_query` (the view's query
/// string, [`encode_state`]), `generated_from` ([`DATASET_PATH`]) and `figures` ([`Screen::figures`]), each with the
/// CSV's fields typed (numbers as numbers, `approximate` as a boolean, absent values as `null`).
pub fn displayed_json(screen: &Screen<'_>) -> String {
    #[derive(Serialize)]
    struct Export {
        title: String,
        link_query: String,
        generated_from: &'static str,
        figures: Vec<FigureRecord>,
    }
    let (db, lang) = (screen.db, screen.lang());
    let export = Export {
        title: screen.title(),
        link_query: encode_state(screen.state),
        generated_from: DATASET_PATH,
        figures: screen.figures().into_iter().map(|o| FigureRecord::new(db, o, lang)).collect(),
    };
    serde_json::to_string_pretty(&export).unwrap_or_else(|_| "{}".to_string())
}

// ------------------------------------------------------------------------------------------------ file names

/// Folds text to an ASCII slug: diacritics removed ([`fold`]), every run of characters other than ASCII letters and
/// digits turned into one `-`, no `-` at either end ("Huyện Tân Kỳ" → "huyen-tan-ky").
fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in fold(s).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A level in the plural for file names.
fn level_slug(level: Level) -> &'static str {
    match level {
        Level::Province => "province",
        Level::District => "districts",
        Level::Commune => "communes",
        Level::Bloc => "blocs",
    }
}

/// The place part of a file name or title for a view of several places: the drilled-into district's communes, or
/// the level.
fn several_places_slug(db: &Db, state: &ExplorerState) -> String {
    match state.parent.as_deref().and_then(|p| db.place(p)) {
        Some(parent) => format!("{}-{}", slug(&parent.latest.short_name), level_slug(state.level)),
        None => level_slug(state.level).to_string(),
    }
}

/// A name for downloaded files of the current view, without extension (callers add `.png`, `.svg`, `.csv`,
/// `.json`): `chiso_<indicator>_<place>_<years>`, ASCII, lower case, hyphenated, at most [`FILE_STEM_MAX`] bytes.
///
/// - indicator: the primary indicator id with `_` turned into `-` and a trailing `_pct` dropped (the unit of a
///   share is noise in a file name; other suffixes such as `_orgs` carry meaning and stay): `clean-strong-orgs`;
/// - place: the short name of the single place shown, folded (`nghe-an`, `tan-ky`), else the level in the plural
///   (`districts`, `communes`; `tan-ky-communes` when drilled into Tân Kỳ). The map and the ranking below the
///   province show a whole level, so they are always named after it, as in [`Screen::subtitle`];
/// - years: the first and last year of the figures shown (`2001-2013`, or `2013` when they are one year); on the
///   map, its time stop (`2025-h2`). Left out when nothing is shown.
///
/// Example: `chiso_clean-strong-orgs_nghe-an_2001-2013`.
pub fn file_stem(screen: &Screen<'_>) -> String {
    let (db, state) = (screen.db, screen.state);
    let primary = state.primary_indicator();
    let indicator = slug(primary.strip_suffix("_pct").unwrap_or(primary));
    let places = if screen.shows_whole_level() { Vec::new() } else { db.shown_places(state) };
    let place = match places.as_slice() {
        [one] => slug(&one.latest.short_name),
        _ => several_places_slug(db, state),
    };
    let years = if state.view == View::Map {
        map::default_stop(db, state).map(|s| slug(&s.to_string()))
    } else {
        let years: Vec<i32> = screen.figures().iter().map(|o| o.period.year()).collect();
        match (years.iter().min(), years.iter().max()) {
            (Some(a), Some(b)) if a == b => Some(a.to_string()),
            (Some(a), Some(b)) => Some(format!("{a}-{b}")),
            _ => None,
        }
    };
    let mut parts = vec!["chiso".to_string(), indicator, place];
    parts.extend(years);
    let mut stem = parts.into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join("_");
    stem.truncate(FILE_STEM_MAX);
    stem.trim_end_matches(['-', '_']).to_string()
}

// ------------------------------------------------------------------------------------------------ embedding

/// A short id for an embedded view, derived from its query string so the same view always gets the same id:
/// `chiso-` and the 32-bit FNV-1a hash of the query in hex (`chiso-1b2c3d4e`).
pub fn embed_id(query: &str) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for b in query.bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("chiso-{hash:08x}")
}

/// The address of the view embedded in another page: `base_url` (the page address without query) with the state's
/// query, `embed=chart` (or `embed=table` when `table`) and an `eid=` from [`embed_id`] of the query without it.
pub fn embed_url(base_url: &str, state: &ExplorerState, table: bool) -> String {
    let mut embedded = state.clone();
    let filters = state.embed.as_ref().is_some_and(|e| e.filters);
    embedded.embed = Some(Embed { table, filters, id: None });
    let id = embed_id(&encode_state(&embedded));
    embedded.embed = Some(Embed { table, filters, id: Some(id) });
    format!("{}?{}", base_url.trim_end_matches('?'), encode_state(&embedded))
}

/// The HTML that embeds the view in another page: an `<iframe>` on [`embed_url`]. The title is the frame's `title`
/// and `aria-label`; attribute values are HTML-escaped.
pub fn iframe_snippet(base_url: &str, state: &ExplorerState, table: bool, title: &str) -> String {
    let src = embed_url(base_url, state, table);
    let title = escape_html(title);
    format!(
        "<iframe src=\"{}\" title=\"{title}\" aria-label=\"{title}\" \
         style=\"width:100%;min-width:300px;height:520px;border:0\" loading=\"lazy\"></iframe>",
        escape_html(&src)
    )
}

#[cfg(test)]
mod tests {
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
            ("\tx", "'\tx"),
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
    fn vietnamese_text_survives_byte_for_byte() {
        let s = "Tổ chức đảng trong sạch vững mạnh; Huyện Tân Kỳ – Đô Lương";
        assert_eq!(csv_cell(s).as_bytes(), s.as_bytes());
    }

    #[test]
    fn numbers_are_written_plainly_and_never_prefixed() {
        let cases = [
            (1437.0, "1437"),
            (68.6, "68.6"),
            (63.04, "63.04"),
            (-5.0, "-5"),
            (-0.25, "-0.25"),
            (0.0, "0"),
            (-0.0, "0"),
        ];
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
            let o = db
                .ds
                .observations
                .iter()
                .find(|o| o.value.as_number().map(csv_number) == Some(r[col("value")].clone()));
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
        assert!(html.starts_with(
            "<iframe src=\"https://example.org/chiso/?v=1&amp;level=district&amp;embed=table&amp;eid=chiso-"
        ));
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
}
