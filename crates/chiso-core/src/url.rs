//! The explorer's state in the URL query string, so that every view is a link.
//!
//! Parameters are compact and only written when they differ from the defaults (like Our World in Data's
//! grapher): `v=1&lang=en&level=district&units=423@2013~412@2013&ind=clean_strong_orgs_pct&years=2001..2013`.
//! Lists are joined with `~`. Reading is forgiving: an unreadable parameter is ignored with a warning, never an
//! error, so an old or mistyped link still opens.
//!
//! `v` is the link format version ([`URL_VERSION`]); links without it are read as the current version. Old names
//! are migrated when read: `time=` (before `years=`) still works.

use crate::i18n::Lang;
use crate::links::{data_path, DataPathError};
use crate::model::Level;
use crate::period::RefPeriod;
use crate::state::{Embed, ExplorerState, SortKey, Theme, View};
use crate::tr;
use std::collections::HashSet;
use std::fmt;

/// Version of the link format written in `v=`.
pub const URL_VERSION: u32 = 1;

/// A parameter that could not be read, or was refused, and was ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlWarning {
    /// Parameter name.
    pub param: String,
    /// The value found.
    pub value: String,
    /// Why a `data=` file was refused (`None`: the value was not understood).
    pub refused: Option<DataPathError>,
}

impl UrlWarning {
    /// A value that was not understood.
    fn unreadable(param: String, value: String) -> UrlWarning {
        UrlWarning { param, value, refused: None }
    }
}

impl fmt::Display for UrlWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl UrlWarning {
    /// The warning in the reader's language. The value is shown with its control characters escaped.
    pub fn message(&self, lang: Lang) -> String {
        let (param, value) = (&self.param, self.value.escape_debug().to_string());
        match self.refused {
            Some(why) => tr!(
                lang,
                "Tham số `{param}` của đường dẫn: không mở tệp '{value}' vì {why}; đã dùng dữ liệu đã công bố",
                "URL parameter `{param}`: the file '{value}' was not opened because {why}; the published data is shown",
                param = param,
                value = value,
                why = why.message(lang)
            ),
            None => tr!(
                lang,
                "Tham số `{param}` của đường dẫn: không hiểu '{value}', đã bỏ qua",
                "URL parameter `{param}`: '{value}' was not understood and was ignored",
                param = param,
                value = value
            ),
        }
    }
}

/// Percent-encodes the few characters that matter in a query value (everything outside unreserved ASCII and `~@./`).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'@' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes `%XX` escapes and `+` as space; invalid escapes are kept as they are.
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16) {
                    Ok(v) => {
                        out.push(v);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Writes the state as a query string without the leading `?` (empty for the default state).
pub fn encode_state(state: &ExplorerState) -> String {
    let d = ExplorerState::default();
    let mut parts: Vec<String> = Vec::new();
    if state.lang != d.lang {
        parts.push(format!("lang={}", state.lang.code()));
    }
    if state.level != d.level {
        parts.push(format!("level={}", state.level.id()));
    }
    if !state.places.is_empty() {
        let list: Vec<String> = state.places.iter().map(|p| encode(p)).collect();
        parts.push(format!("units={}", list.join("~")));
    }
    if state.indicators != d.indicators {
        let list: Vec<String> = state.indicators.iter().map(|p| encode(p)).collect();
        parts.push(format!("ind={}", list.join("~")));
    }
    if state.from_year.is_some() || state.to_year.is_some() {
        let y = |v: Option<i32>| v.map(|y| y.to_string()).unwrap_or_default();
        parts.push(format!("years={}..{}", y(state.from_year), y(state.to_year)));
    }
    if state.view != d.view {
        parts.push(format!("view={}", state.view.id()));
    }
    if let Some(y) = state.year {
        parts.push(format!("year={y}"));
    }
    if state.sort != d.sort {
        parts.push(format!("sort={}{}", if state.sort.1 { "-" } else { "" }, state.sort.0.id()));
    }
    if let Some(at) = &state.map_at {
        parts.push(format!("at={at}"));
    }
    if let Some(p) = &state.parent {
        parts.push(format!("in={}", encode(p)));
    }
    if let Some(p) = &state.profile {
        parts.push(format!("profile={}", encode(p)));
    }
    if state.carry {
        parts.push("carry=1".to_string());
    }
    if state.theme != d.theme {
        parts.push(format!("theme={}", state.theme.id()));
    }
    if let Some(e) = &state.embed {
        parts.push(format!("embed={}", if e.table { "table" } else { "chart" }));
        if e.filters {
            parts.push("filters=1".to_string());
        }
        if let Some(id) = &e.id {
            parts.push(format!("eid={}", encode(id)));
        }
    }
    if let Some(path) = &state.data {
        parts.push(format!("data={}", encode(path)));
    }
    if state.animate != d.animate {
        parts.push("anim=0".to_string());
    }
    if !parts.is_empty() {
        parts.insert(0, format!("v={URL_VERSION}"));
    }
    parts.join("&")
}

/// Reads a query string (with or without the leading `?`). Unknown parameters are ignored silently (other tools
/// may add their own); known parameters with unreadable values are ignored with a warning.
pub fn decode_state(query: &str) -> (ExplorerState, Vec<UrlWarning>) {
    let mut state = ExplorerState::default();
    let mut warnings = Vec::new();
    // Embed options may come before `embed=` in the query; they are applied once everything is read.
    let mut embed_filters = false;
    let mut embed_id = None;
    let query = query.strip_prefix('?').unwrap_or(query);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
        let value = decode(raw);
        let mut warn = || warnings.push(UrlWarning::unreadable(decode(key), value.clone()));
        match key {
            "lang" => match Lang::from_code(&value) {
                Some(l) => state.lang = l,
                None => warn(),
            },
            "level" => match Level::from_id(&value) {
                Some(l) => state.level = l,
                None => warn(),
            },
            "units" => state.places = split_list(&value),
            "ind" => {
                let list = split_list(&value);
                if list.is_empty() {
                    warn();
                } else {
                    state.indicators = list;
                }
            }
            "v" => match value.parse::<u32>() {
                Ok(v) if v <= URL_VERSION => {}
                _ => warn(),
            },
            "years" | "time" => match parse_time(&value) {
                Some((from, to)) => {
                    state.from_year = from;
                    state.to_year = to;
                }
                None => warn(),
            },
            "view" => match View::from_id(&value) {
                Some(v) => state.view = v,
                None => warn(),
            },
            "year" => match value.parse::<i32>() {
                Ok(y) if (1900..=2200).contains(&y) => state.year = Some(y),
                _ => warn(),
            },
            "sort" => {
                let (desc, id) = match value.strip_prefix('-') {
                    Some(rest) => (true, rest),
                    None => (false, value.as_str()),
                };
                match SortKey::from_id(id) {
                    Some(k) => state.sort = (k, desc),
                    None => warn(),
                }
            }
            "anim" => state.animate = value != "0",
            "at" => match value.parse::<RefPeriod>() {
                Ok(p) if !p.is_range() => state.map_at = Some(p),
                _ => warn(),
            },
            "in" if !value.is_empty() => state.parent = Some(value.clone()),
            "profile" if !value.is_empty() => state.profile = Some(value.clone()),
            "carry" => state.carry = value == "1",
            "theme" => match Theme::from_id(&value) {
                Some(t) => state.theme = t,
                None => warn(),
            },
            "embed" => match value.as_str() {
                "1" | "chart" => state.embed.get_or_insert_with(Embed::default).table = false,
                "table" => state.embed.get_or_insert_with(Embed::default).table = true,
                "0" => state.embed = None,
                _ => warn(),
            },
            "filters" if value == "1" => embed_filters = true,
            "data" => match data_path(&value) {
                Ok(path) => state.data = Some(path),
                Err(why) => warnings.push(UrlWarning { param: "data".into(), value, refused: Some(why) }),
            },
            "eid" if !value.is_empty() && value.len() <= 64 => embed_id = Some(value.clone()),
            _ => {}
        }
    }
    if let Some(e) = state.embed.as_mut() {
        e.filters = embed_filters;
        e.id = embed_id;
    }
    (state, warnings)
}

/// The items of a `~`-joined list, trimmed, without empty items and duplicates, in first-seen order. Linear in
/// the length of the list (a set of the items seen), so a link with 100,000 items does not hang the page.
fn split_list(value: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    value.split('~').map(str::trim).filter(|s| !s.is_empty() && seen.insert(*s)).map(str::to_string).collect()
}

fn parse_time(value: &str) -> Option<(Option<i32>, Option<i32>)> {
    let year = |s: &str| -> Option<Option<i32>> {
        if s.is_empty() {
            return Some(None);
        }
        s.parse::<i32>().ok().filter(|y| (1900..=2200).contains(y)).map(Some)
    };
    let (a, b) = match value.split_once("..") {
        Some((a, b)) => (year(a)?, year(b)?),
        None => {
            let y = year(value)?;
            (y, y)
        }
    };
    match (a, b) {
        (Some(a), Some(b)) if a > b => None,
        _ => Some((a, b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_state_is_an_empty_query() {
        assert_eq!(encode_state(&ExplorerState::default()), "");
        assert_eq!(decode_state(""), (ExplorerState::default(), vec![]));
    }

    #[test]
    fn a_full_state_round_trips() {
        let s = ExplorerState {
            lang: Lang::En,
            level: Level::District,
            places: vec!["423@2013".into(), "412@2013".into()],
            indicators: vec!["clean_strong_orgs_pct".into()],
            from_year: Some(2001),
            to_year: None,
            view: View::Table,
            year: Some(2013),
            sort: (SortKey::Value, true),
            animate: false,
            map_at: Some("2025-H2".parse().unwrap()),
            parent: Some("423@2013".into()),
            profile: Some("413@2020".into()),
            carry: true,
            theme: Theme::Dark,
            embed: Some(Embed { table: true, filters: true, id: Some("bao-1".into()) }),
            data: Some("synthetic/x.json".into()),
        };
        let q = encode_state(&s);
        assert_eq!(
            q,
            "v=1&lang=en&level=district&units=423@2013~412@2013&ind=clean_strong_orgs_pct&years=2001..&view=table\
             &year=2013&sort=-value&at=2025-H2&in=423@2013&profile=413@2020&carry=1&theme=dark&embed=table&filters=1\
             &eid=bao-1&data=synthetic/x.json&anim=0"
        );
        assert_eq!(decode_state(&format!("?{q}")), (s, vec![]));
    }

    #[test]
    fn unreadable_values_are_ignored_with_a_warning_and_the_rest_is_kept() {
        let (s, w) =
            decode_state("lang=fr&level=district&time=2013..2001&view=pie&year=abc&sort=size&ind=&at=2016..2018");
        assert_eq!(s.level, Level::District);
        assert_eq!(s.lang, Lang::Vi);
        assert_eq!(s.indicators, ExplorerState::default().indicators);
        let params: Vec<&str> = w.iter().map(|w| w.param.as_str()).collect();
        assert_eq!(params, ["lang", "time", "view", "year", "sort", "ind", "at"]);
        assert!(w[0].message(Lang::Vi).contains("đã bỏ qua"));
    }

    #[test]
    fn unknown_parameters_are_ignored_silently() {
        let (s, w) = decode_state("utm_source=baonghean&fbclid=x");
        assert_eq!(s, ExplorerState::default());
        assert!(w.is_empty());
    }

    #[test]
    fn percent_escapes_and_duplicates_in_lists_are_handled() {
        let (s, _) = decode_state("units=423%402013~423@2013~~40");
        assert_eq!(s.places, vec!["423@2013", "40"]);
        assert_eq!(decode("%E1%BB%B3%"), "ỳ%");
        assert_eq!(encode("a b/ỳ"), "a%20b/%E1%BB%B3");
    }

    #[test]
    fn every_view_round_trips_and_defaults_are_omitted() {
        for view in View::ALL {
            let s = ExplorerState { view, ..Default::default() };
            let q = encode_state(&s);
            assert_eq!(q.contains("view="), view != View::Line, "{q}");
            assert_eq!(decode_state(&q).0, s);
        }
        for theme in [Theme::Auto, Theme::Light, Theme::Dark] {
            let s = ExplorerState { theme, ..Default::default() };
            assert_eq!(decode_state(&encode_state(&s)).0, s);
        }
    }

    #[test]
    fn old_time_links_are_migrated_to_years() {
        let (s, w) = decode_state("time=2001..2013");
        assert_eq!((s.from_year, s.to_year), (Some(2001), Some(2013)));
        assert!(w.is_empty());
        assert_eq!(encode_state(&s), "v=1&years=2001..2013");
    }

    #[test]
    fn a_link_from_a_newer_version_is_read_with_a_warning() {
        let (s, w) = decode_state("v=7&level=district");
        assert_eq!(s.level, Level::District);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].param, "v");
    }

    #[test]
    fn embed_options_apply_whatever_their_order() {
        let (s, _) = decode_state("eid=x1&filters=1&embed=chart");
        assert_eq!(s.embed, Some(Embed { table: false, filters: true, id: Some("x1".into()) }));
        let (s, w) = decode_state("embed=popup");
        assert_eq!(s.embed, None);
        assert_eq!(w[0].param, "embed");
        let (s, _) = decode_state("filters=1&eid=x");
        assert_eq!(s.embed, None, "embed options without embed= do nothing");
    }

    #[test]
    fn a_data_link_to_another_site_or_out_of_the_folder_is_refused_with_a_notice() {
        for (query, path) in
            [("data=synthetic/nghe-an-synthetic.json", "synthetic/nghe-an-synthetic.json"), ("data=./x.json", "x.json")]
        {
            let (s, w) = decode_state(query);
            assert_eq!((s.data.as_deref(), w), (Some(path), vec![]), "{query}");
        }
        for (query, why) in [
            ("data=%09/%09/evil.test/x.json", DataPathError::OtherPlace),
            ("data=%0A/%0A/evil.test/x.json", DataPathError::OtherPlace),
            ("data=%0D/%0D/evil.test/x.json", DataPathError::OtherPlace),
            ("data=https://evil.example/x.json", DataPathError::OtherPlace),
            ("data=.%09./x.json", DataPathError::OutsideFolder),
            ("data=%252e%252e/x.json", DataPathError::OutsideFolder),
            ("data=%25252e%25252e/x.json", DataPathError::Encoded),
            ("data=x.csv", DataPathError::NotAJsonFile),
        ] {
            let (s, w) = decode_state(query);
            assert_eq!(s.data, None, "{query}");
            assert_eq!(w.len(), 1, "{query}");
            assert_eq!(w[0].refused, Some(why), "{query}");
            assert!(w[0].message(Lang::Vi).contains("không mở tệp"), "{query}");
            assert!(w[0].message(Lang::En).contains("was not opened"), "{query}");
            assert!(!w[0].message(Lang::En).contains('\t'), "control characters are shown escaped");
        }
    }

    #[test]
    fn a_list_of_100000_places_keeps_each_once_in_first_seen_order() {
        // Every item twice, then once more in reverse: the quadratic de-duplication took ~18 s here.
        let items: Vec<String> = (0..100_000).map(|i| format!("{i}@2013")).collect();
        let mut all = items.clone();
        all.extend(items.iter().rev().cloned());
        let (s, w) = decode_state(&format!("units={}", all.join("~")));
        assert!(w.is_empty());
        assert_eq!(s.places, items);
    }

    #[test]
    fn a_single_year_means_that_year_only() {
        let (s, _) = decode_state("time=2013");
        assert_eq!((s.from_year, s.to_year), (Some(2013), Some(2013)));
    }
}
