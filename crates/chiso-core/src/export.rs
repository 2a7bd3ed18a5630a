//! Getting the data out: CSV and JSON of the figures on screen or of the whole dataset, file names for downloads,
//! the title and source line printed on exported charts and embeds, and the `<iframe>` snippet that embeds a view.
//!
//! CSV follows RFC 4180 (`\r\n` line ends, fields quoted when they contain a comma, a quote or a line break, quotes
//! doubled; also a semicolon or a tab, see [`csv_cell`]) and starts with a byte-order mark so that Excel reads the
//! Vietnamese text as UTF-8. Text cells that a spreadsheet would read as a formula get an apostrophe, as OWASP
//! recommends against CSV injection; numbers are written unformatted and never altered, so a negative number stays
//! `-5`. Cells are typed ([`Cell`]) so that only text is neutralised.
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

/// Where a spreadsheet may split a line into cells: the comma of RFC 4180, the semicolon that Excel and LibreOffice
/// use as the list separator in locales with a decimal comma (Vietnamese among them), and the tab (the default of
/// Excel's import wizard).
const SEPARATORS: [char; 3] = [',', ';', '\t'];

/// What makes a cell a formula in Excel and LibreOffice when it is its first character.
const FORMULA_START: [char; 4] = ['=', '+', '-', '@'];

/// A text cell for CSV, safe in a spreadsheet whatever separator it splits lines at.
///
/// The rule: the text is cut at every separator-like character (`,`, `;`, tab; [`SEPARATORS`]), and every piece
/// that starts with `=`, `+`, `-` or `@` gets an apostrophe in front, so `ok;=1+1` becomes `ok;'=1+1`: a
/// spreadsheet (or a careless importer) that splits the cell at the `;` still finds text, never a formula. The
/// whole cell also gets one when it starts with a tab or a carriage return (OWASP's list). Then the cell is quoted
/// (inner quotes doubled) when it contains a separator, a quote, a carriage return or a line feed, so a reader
/// splitting at `;` keeps it in one cell. Anything else is returned unchanged, so Vietnamese text survives byte
/// for byte.
pub fn csv_cell(s: &str) -> String {
    let mut neutral = String::with_capacity(s.len() + 2);
    if s.starts_with(['\t', '\r']) {
        neutral.push('\'');
    }
    let mut piece_start = true;
    for c in s.chars() {
        if piece_start && FORMULA_START.contains(&c) {
            neutral.push('\'');
        }
        neutral.push(c);
        piece_start = SEPARATORS.contains(&c);
    }
    if neutral.contains(SEPARATORS) || neutral.contains(['"', '\r', '\n']) {
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
mod tests;
