//! `figures.csv`: sources, observations, bloc units, and the rows that become unit flags.

use crate::meta::{measure_from_id, Publishers};
use crate::table::{Row, Table};
use crate::text::words;
use crate::units::{unit_id, Units, PROVINCE_ID};
use crate::{BuildError, BuildErrorKind, RowFate};
use chiso_core::model::{Bound, CitedFlag, Indicator, Level, Measure, Observation, Source, Unit, UnitType, Value};
use chiso_core::period::RefPeriod;
use chiso_core::sym::Sym;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Flag indicators of `figures.csv` and the unit flag id each becomes.
const FLAG_INDICATORS: [(&str, &str); 3] =
    [("border_district", "borders_laos"), ("mountainous_district", "mountainous"), ("poor_district", "poor_district")];

/// Why a district without a border citation is marked as not bordering Laos.
pub const NOT_BORDER_NOTE: &str = "not among the six districts the source lists as bordering Laos";

/// Periods in which communes had a district above them (before July 2025).
const PRE_2025_07: [&str; 3] = ["2013", "2020", "2025-01"];

pub(crate) struct Figures {
    pub sources: Vec<Source>,
    pub observations: Vec<Observation>,
    pub rows: Vec<RowFate>,
}

/// A reference date as published, read: the period, whether it is approximate, and the raw text when it says more.
#[derive(Debug, PartialEq)]
pub(crate) struct ParsedDate {
    pub period: RefPeriod,
    pub approximate: bool,
    pub text: Option<String>,
}

/// Reads a `reference_date`: `2013`, `2013-12`, `2020-03-27`, `2020 H1`, `2016-01..2018-06`, `2003..c. 2014`,
/// `c. 2014`, `c. 2014 (UNSURE)`, `2019-06 (first half of 2019)`, `2025-01-01 (at merger)`. Returns `None` for
/// texts with no period (`pre-2007`, `undated`).
pub(crate) fn parse_reference_date(raw: &str) -> Option<ParsedDate> {
    let raw = raw.trim();
    let (core, remark) = match raw.split_once(" (") {
        Some((c, r)) => (c.trim(), Some(r.trim_end_matches(')'))),
        None => (raw, None),
    };
    let mut approximate = remark.is_some_and(|r| r.contains("UNSURE"));
    let mut approx_inside_range = false;
    let mut simple = |s: &str| -> String {
        let s = s.trim();
        match s.strip_prefix("c.") {
            Some(rest) => {
                approximate = true;
                rest.trim().replace(" H", "-H")
            }
            None => s.replace(" H", "-H"),
        }
    };
    let normal = match core.split_once("..") {
        Some((a, b)) => {
            let (a, b) = (simple(a), simple(b));
            approx_inside_range = true;
            format!("{a}..{b}")
        }
        None => simple(core),
    };
    let period: RefPeriod = normal.parse().ok()?;
    let says_more = remark.is_some() || (approx_inside_range && approximate);
    Some(ParsedDate { period, approximate, text: says_more.then(|| raw.to_string()) })
}

/// Source ids by (source_url, source_title).
type SourceIds = HashMap<(String, String), String>;

/// Sources in order of first appearance, with ids unique and stable (see [`source_ids`]).
fn read_sources(table: &Table, publishers: &Publishers) -> Result<(Vec<Source>, SourceIds), BuildError> {
    let mut keys: Vec<(String, String)> = Vec::new();
    let mut first: HashMap<(String, String), &Row> = HashMap::new();
    for row in &table.rows {
        let key = (table.get(row, "source_url")?.to_string(), table.get(row, "source_title")?.to_string());
        if !first.contains_key(&key) {
            first.insert(key.clone(), row);
            keys.push(key);
        }
    }
    let ids = source_ids(&keys.iter().map(|(u, _)| u.as_str()).collect::<Vec<_>>());
    let mut sources = Vec::new();
    let mut by_key = HashMap::new();
    for (key, id) in keys.iter().zip(ids) {
        let row = first[key];
        let (url, title) = key;
        let is_web = url.starts_with("http://") || url.starts_with("https://");
        let publisher = if is_web {
            publishers.for_url(url)
        } else {
            publishers.for_file(url).ok_or_else(|| {
                table.error(row, "source_url", BuildErrorKind::Invalid(format!("no publisher listed for file {url}")))
            })?
        };
        let split = chiso_core::citation::split_title(title, is_web.then_some(url.as_str()));
        sources.push(Source {
            id: id.clone(),
            title: split.title,
            title_derived: split.derived,
            note: split.note,
            publisher,
            date: table.get(row, "source_date")?.to_string(),
            url: is_web.then(|| url.clone()),
            file: (!is_web).then(|| format!("data/raw/{url}")),
            language: table.get(row, "sentence_language")?.to_string(),
        });
        by_key.insert(key.clone(), id);
    }
    Ok((sources, by_key))
}

/// Readable source ids: `{site}-{words of the page slug}` (`baonghean-xep-loai-28-dang-bo-truc`), or the file stem
/// for a bundled copy (`baonghean-2014-party-quality`). Article numbers at the end of a slug are dropped, the
/// `page`/`msgID` of a query kept; slugs are cut to six words, lengthened only where two sources would collide.
pub(crate) fn source_ids(locations: &[&str]) -> Vec<String> {
    let parts: Vec<(String, Vec<String>)> = locations.iter().map(|l| site_and_slug(l)).collect();
    let mut lens: Vec<usize> = parts.iter().map(|(_, w)| w.len().min(6)).collect();
    loop {
        let ids: Vec<String> = parts
            .iter()
            .zip(&lens)
            .map(|((site, w), &n)| {
                let mut all = vec![site.clone()];
                all.extend(w[..n].iter().cloned());
                all.join("-")
            })
            .collect();
        let mut grew = false;
        let mut uses: HashMap<&str, usize> = HashMap::new();
        for id in &ids {
            *uses.entry(id.as_str()).or_default() += 1;
        }
        for i in 0..ids.len() {
            let clash = uses[ids[i].as_str()] > 1;
            if clash && lens[i] < parts[i].1.len() {
                lens[i] += 1;
                grew = true;
            }
        }
        if !grew {
            // Identical slugs on one site: number them in order of appearance.
            let mut seen: HashMap<String, usize> = HashMap::new();
            return ids
                .into_iter()
                .map(|id| {
                    let n = seen.entry(id.clone()).or_insert(0);
                    *n += 1;
                    if *n == 1 {
                        id
                    } else {
                        format!("{id}-{n}")
                    }
                })
                .collect();
        }
    }
}

fn site_and_slug(location: &str) -> (String, Vec<String>) {
    let Some((_, rest)) = location.split_once("://") else {
        let stem = location.rsplit('/').next().unwrap_or(location);
        let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
        return (words(stem).join("-"), vec![]);
    };
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let mut segments = path.split('/');
    let host = segments.next().unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    let skip = ["www", "amp", "m", "e"];
    let site = labels.iter().find(|l| !skip.contains(l)).copied().unwrap_or(host);
    let last = segments.rfind(|s| !s.is_empty()).unwrap_or("");
    let last = last.rsplit_once('.').map_or(last, |(s, ext)| if ext.len() <= 4 { s } else { last });
    let mut slug = words(last);
    while slug.last().is_some_and(|w| w.chars().filter(char::is_ascii_digit).count() >= 5) {
        slug.pop();
    }
    for pair in query.split('&') {
        if let Some((k, v)) = pair.split_once('=') {
            if ["page", "msgid"].contains(&k.to_lowercase().as_str()) {
                slug.push(k.to_lowercase());
                slug.extend(words(v));
            }
        }
    }
    (words(site).join("-"), slug)
}

/// A bloc unit from its name ("Đảng bộ Khối các cơ quan tỉnh" → `bloc-co-quan-tinh`).
fn bloc_unit(name: &str) -> Unit {
    let w = words(name);
    let mut rest: &[String] = &w;
    for prefix in [["dang", "bo"].as_slice(), ["khoi"].as_slice()] {
        if rest.len() > prefix.len() && rest.iter().zip(prefix).all(|(a, b)| a == b) {
            rest = &rest[prefix.len()..];
        }
    }
    let slug: Vec<&str> = rest.iter().map(String::as_str).filter(|w| *w != "cac").collect();
    let id = format!("bloc-{}", slug.join("-"));
    let short = name.strip_prefix("Đảng bộ ").unwrap_or(name).to_string();
    Unit {
        id: id.clone(),
        code: String::new(),
        name: name.to_string(),
        short_name: short,
        level: Level::Bloc,
        unit_type: UnitType::Khoi,
        parent: Some(PROVINCE_ID.to_string()),
        period: None,
        from: None,
        to: None,
        lineage: id,
        successors: vec![],
        predecessors: vec![],
        change: None,
        flags: BTreeMap::new(),
    }
}

pub(crate) fn read_figures(
    raw_dir: &Path,
    indicators: &[Indicator],
    publishers: &Publishers,
    units: &mut Units,
) -> Result<Figures, BuildError> {
    let table = Table::read(&raw_dir.join("figures.csv"))?;
    let (sources, source_ids) = read_sources(&table, publishers)?;
    let by_id: HashMap<&str, &Indicator> = indicators.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut observations = Vec::new();
    let mut fates = Vec::new();
    let mut flag_rows: Vec<(&Row, &str)> = Vec::new();
    for row in &table.rows {
        let id = table.get(row, "id")?.to_string();
        let indicator_id = table.get(row, "indicator")?;
        let indicator = by_id.get(indicator_id).ok_or_else(|| {
            table.error(row, "indicator", BuildErrorKind::NoMetadata { indicator: indicator_id.to_string() })
        })?;
        let unit_col = table.get(row, "unit")?;
        let (measure_text, bound) = match unit_col.split_once(" (") {
            Some((m, "lower bound)")) => (m, Some(Bound::Lower)),
            Some((m, "approx.)")) => (m, Some(Bound::Approx)),
            Some(_) => return Err(table.error(row, "unit", bad(unit_col, "count, percent, category or flag"))),
            None => (unit_col, None),
        };
        let measure =
            measure_from_id(measure_text).ok_or_else(|| table.error(row, "unit", bad(unit_col, "a measure")))?;
        if measure != indicator.measure {
            return Err(table.error(
                row,
                "unit",
                BuildErrorKind::Invalid(format!(
                    "`{unit_col}` does not match the measure of `{indicator_id}` in the metadata ({:?})",
                    indicator.measure
                )),
            ));
        }
        let source = source_ids
            [&(table.get(row, "source_url")?.to_string(), table.get(row, "source_title")?.to_string())]
            .clone();
        if measure == Measure::Flag {
            let flag = FLAG_INDICATORS.iter().find(|(i, _)| *i == indicator_id).map(|(_, f)| *f).ok_or_else(|| {
                table.error(row, "indicator", BuildErrorKind::Invalid(format!("no unit flag for `{indicator_id}`")))
            })?;
            fates.push(RowFate::Flag {
                row: id,
                flag: flag.to_string(),
                code: table.get(row, "geo_code")?.to_string(),
            });
            flag_rows.push((row, flag));
            continue;
        }
        let raw_date = table.get(row, "reference_date")?;
        let date = parse_reference_date(raw_date)
            .ok_or_else(|| table.error(row, "reference_date", bad(raw_date, "a period such as 2013 or c. 2014")))?;
        let value_text = table.get(row, "value")?;
        let value = match measure {
            Measure::Category => Value::Category(value_text.to_string()),
            _ => Value::Number(value_text.parse().map_err(|_| table.error(row, "value", bad(value_text, "a number")))?),
        };
        let unit = resolve_unit(&table, row, &date.period, units)?;
        let geo_unit = table.get(row, "geo_unit")?;
        let unit_text = {
            let u = units.get(&unit).expect("resolved");
            (geo_unit != u.name && geo_unit != u.short_name).then(|| geo_unit.to_string())
        };
        let notes = table.get(row, "notes")?;
        let (derived, note) = match notes.strip_prefix("derived:") {
            Some(d) => {
                let d = d.trim();
                match d.split_once(" (") {
                    Some((how, why)) => (Some(how.trim().to_string()), Some(why.trim_end_matches(')').to_string())),
                    None => (Some(d.to_string()), None),
                }
            }
            None => (None, (!notes.is_empty()).then(|| notes.to_string())),
        };
        fates.push(RowFate::Observation { row: id.clone() });
        observations.push(Observation {
            id,
            indicator: indicator_id.to_string().into(),
            unit: unit.into(),
            period: date.period,
            approximate: date.approximate,
            period_text: date.text.map(Sym::from),
            value,
            bound,
            source: source.into(),
            sentence: table.get(row, "exact_sentence")?.to_string().into(),
            sentence_language: table.get(row, "sentence_language")?.to_string().into(),
            unit_text: unit_text.map(Sym::from),
            scope: scope(table.get(row, "indicator_meaning")?, indicator),
            note: note.map(Sym::from),
            derived: derived.map(Sym::from),
        });
    }
    apply_flags(&table, &flag_rows, &source_ids, raw_dir, units)?;
    Ok(Figures { sources, observations, rows: fates })
}

/// The scope of a figure: the raw `indicator_meaning` when it says something other than the indicator's English
/// name (case aside), e.g. "Party members under the 20 district-level committees (excludes province-level blocs)";
/// `None` when it only repeats the name.
fn scope(meaning: &str, indicator: &Indicator) -> Option<Sym> {
    let meaning = meaning.trim();
    (!meaning.is_empty() && meaning.to_lowercase() != indicator.name.en.to_lowercase()).then(|| meaning.into())
}

fn bad(value: &str, expected: &str) -> BuildErrorKind {
    BuildErrorKind::BadValue { value: value.to_string(), expected: expected.to_string() }
}

/// The unit record a row refers to (see the module docs of the crate for the rules).
fn resolve_unit(table: &Table, row: &Row, period: &RefPeriod, units: &mut Units) -> Result<String, BuildError> {
    let level = table.get(row, "geo_level")?;
    let code = table.get(row, "geo_code")?;
    let end = period.end();
    let not_found = |what: &str| {
        table.error(row, "geo_code", BuildErrorKind::UnknownUnit { id: format!("{what} {code} in force on {end}") })
    };
    match level {
        "province" => {
            if code != PROVINCE_ID {
                return Err(table.error(row, "geo_code", bad(code, PROVINCE_ID)));
            }
            Ok(PROVINCE_ID.to_string())
        }
        "district" => Ok(units
            .in_force(code, Level::District, end, &PRE_2025_07)
            .ok_or_else(|| not_found("district"))?
            .id
            .clone()),
        "commune (pre-2025)" => {
            Ok(units.in_force(code, Level::Commune, end, &PRE_2025_07).ok_or_else(|| not_found("commune"))?.id.clone())
        }
        "commune (2025)" => {
            let id = unit_id(code, "2025-07");
            units.get(&id).map(|u| u.id.clone()).ok_or_else(|| not_found("commune"))
        }
        "commune" => Ok(units
            .in_force(code, Level::Commune, end, &["2013", "2020", "2025-01", "2025-07"])
            .ok_or_else(|| not_found("commune"))?
            .id
            .clone()),
        "bloc" => {
            let bloc = bloc_unit(table.get(row, "geo_unit")?);
            let id = bloc.id.clone();
            if units.get(&id).is_none() {
                units.push(bloc);
            }
            Ok(id)
        }
        other => Err(table.error(
            row,
            "geo_level",
            bad(other, "province, district, commune (2025), commune (pre-2025) or bloc"),
        )),
    }
}

/// Puts the flag rows on every period record of their district, marks the other districts as not bordering Laos,
/// and adds the "mountainous" statements of `district-flags.csv` that no row cites. Cross-checks the two files.
fn apply_flags(
    table: &Table,
    rows: &[(&Row, &str)],
    source_ids: &SourceIds,
    raw_dir: &Path,
    units: &mut Units,
) -> Result<(), BuildError> {
    let mut by_flag: BTreeMap<&str, BTreeMap<String, CitedFlag>> = BTreeMap::new();
    let mut border_source = None;
    for (row, flag) in rows {
        let value = match table.get(row, "value")? {
            "1" => true,
            "0" => false,
            v => return Err(table.error(row, "value", bad(v, "1 or 0"))),
        };
        let source = source_ids
            [&(table.get(row, "source_url")?.to_string(), table.get(row, "source_title")?.to_string())]
            .clone();
        if *flag == "borders_laos" {
            border_source.get_or_insert(source.clone());
        }
        let code = table.get(row, "geo_code")?.to_string();
        if table.get(row, "geo_level")? != "district"
            || !units.list.iter().any(|u| u.level == Level::District && u.code == code)
        {
            return Err(table.error(row, "geo_code", BuildErrorKind::UnknownUnit { id: format!("district {code}") }));
        }
        let cited = CitedFlag {
            value,
            source: Some(source),
            sentence: Some(table.get(row, "exact_sentence")?.to_string()),
            row: Some(table.get(row, "id")?.to_string()),
            when: Some(table.get(row, "reference_date")?.to_string()),
            note: (!table.get(row, "notes")?.is_empty()).then(|| table.get(row, "notes").unwrap_or("").to_string()),
        };
        if by_flag.entry(flag).or_default().insert(code, cited).is_some() {
            return Err(table.error(
                row,
                "geo_code",
                BuildErrorKind::Invalid(format!("a second `{flag}` row for this district")),
            ));
        }
    }
    let flags_table = Table::read(&raw_dir.join("units").join("district-flags.csv"))?;
    let border = by_flag.entry("borders_laos").or_default();
    for row in &flags_table.rows {
        let code = flags_table.get(row, "code")?.to_string();
        let listed = flags_table.get(row, "border_laos")? == "1";
        if listed != border.get(&code).is_some_and(|f| f.value) {
            return Err(flags_table.error(
                row,
                "border_laos",
                BuildErrorKind::Invalid("disagrees with the border_district rows of figures.csv".into()),
            ));
        }
        if !listed {
            border.insert(
                code.clone(),
                CitedFlag {
                    value: false,
                    source: border_source.clone(),
                    sentence: None,
                    row: None,
                    when: None,
                    note: Some(NOT_BORDER_NOTE.to_string()),
                },
            );
        }
    }
    let mountainous = by_flag.entry("mountainous").or_default();
    for row in &flags_table.rows {
        let code = flags_table.get(row, "code")?.to_string();
        let cited = flags_table.get(row, "mountainous_cited")? == "1";
        let has_row = mountainous.contains_key(&code);
        if has_row && !cited {
            return Err(flags_table.error(
                row,
                "mountainous_cited",
                BuildErrorKind::Invalid("figures.csv cites this district as mountainous".into()),
            ));
        }
        if cited && !has_row {
            let note = flags_table.get(row, "mountainous_source")?.to_string();
            mountainous.insert(
                code,
                CitedFlag { value: true, source: None, sentence: None, row: None, when: None, note: Some(note) },
            );
        }
    }
    for u in units.list.iter_mut().filter(|u| u.level == Level::District) {
        for (flag, by_code) in &by_flag {
            if let Some(f) = by_code.get(&u.code) {
                u.flags.insert(flag.to_string(), f.clone());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(raw: &str) -> (String, bool, Option<String>) {
        let d = parse_reference_date(raw).unwrap();
        (d.period.to_string(), d.approximate, d.text)
    }

    #[test]
    fn every_reference_date_form_of_the_raw_figures_is_read() {
        assert_eq!(p("2013"), ("2013".into(), false, None));
        assert_eq!(p("2013-12"), ("2013-12".into(), false, None));
        assert_eq!(p("2020-03-27"), ("2020-03-27".into(), false, None));
        assert_eq!(p("2020 H1"), ("2020-H1".into(), false, None));
        assert_eq!(p("2016-01..2018-06"), ("2016-01..2018-06".into(), false, None));
        assert_eq!(p("2016..2019"), ("2016..2019".into(), false, None));
        assert_eq!(p("2003..c. 2014"), ("2003..2014".into(), true, Some("2003..c. 2014".into())));
        assert_eq!(p("c. 2014"), ("2014".into(), true, None));
        assert_eq!(p("c. 2011"), ("2011".into(), true, None));
        assert_eq!(p("c. 2014 (UNSURE)"), ("2014".into(), true, Some("c. 2014 (UNSURE)".into())));
        assert_eq!(
            p("2019-06 (first half of 2019)"),
            ("2019-06".into(), false, Some("2019-06 (first half of 2019)".into()))
        );
        assert_eq!(p("2025-06 (before 1/7/2025)").0, "2025-06");
        assert_eq!(p("2025-01-01 (at merger)").0, "2025-01-01");
        assert_eq!(parse_reference_date("pre-2007"), None);
        assert_eq!(parse_reference_date("undated"), None);
    }

    #[test]
    fn source_ids_are_readable_and_unique() {
        let ids = source_ids(&[
            "sources/baonghean-2014-party-quality.txt",
            "https://baonghean.vn/xep-loai-28-dang-bo-truc-thuoc-tinh-uy-nghe-an-nam-2023-post283011.html",
            "https://baonghean.vn/nghe-an-qua-cac-ky-dai-hoi-dai-hoi-dai-bieu-dang-bo-tinh-lan-thu-xviii-11-14-10-2015-10218659.html",
            "https://baonghean.vn/nghe-an-qua-cac-ky-dai-hoi-dai-hoi-dai-bieu-dang-bo-tinh-lan-thu-xii-15-25-4-1972-10297806.html",
            "https://xaydungdang.org.vn/to-chuc?page=14",
            "https://amp.baonghean.vn/tu-1-10-2017-258-chi-bo-vung-bai-ngang-se-duoc-cap-bao-dang-155100.html",
        ]);
        assert_eq!(
            ids,
            [
                "baonghean-2014-party-quality",
                "baonghean-xep-loai-28-dang-bo-truc",
                "baonghean-nghe-an-qua-cac-ky-dai-hoi-dai-hoi-dai-bieu-dang-bo-tinh-lan-thu-xviii",
                "baonghean-nghe-an-qua-cac-ky-dai-hoi-dai-hoi-dai-bieu-dang-bo-tinh-lan-thu-xii",
                "xaydungdang-to-chuc-page-14",
                "baonghean-tu-1-10-2017-258-chi",
            ]
        );
    }

    #[test]
    fn a_bloc_gets_an_id_from_its_name() {
        let b = bloc_unit("Đảng bộ Khối các cơ quan tỉnh");
        assert_eq!(b.id, "bloc-co-quan-tinh");
        assert_eq!(b.short_name, "Khối các cơ quan tỉnh");
        assert_eq!(b.parent.as_deref(), Some("40"));
    }
}
