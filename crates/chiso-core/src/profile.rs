//! Unit profiles and the search across every administrative period.
//!
//! A profile tells a unit's story in the reader's language: its name and type, parent, the time it existed, what
//! it was formed from and what it became (Xã Môn Sơn, Huyện Con Cuông: unchanged in 2020, part of the new Xã Môn
//! Sơn from 1 July 2025; Thị xã Cửa Lò: merged into Thành phố Vinh on 1 January 2025), its cited flags
//! (unknown stays unknown), and every figure known for it.

use crate::format;
use crate::i18n::{unit_display_name, unit_type_label, Lang};
use crate::model::{CitedFlag, Level, Observation, Unit};
use crate::period::Date;
use crate::query::Db;
use crate::search;
use crate::sort;
use crate::tr;

/// The day after `d` (periods end on a day; the next one starts the day after).
fn next_day(d: Date) -> Date {
    if d.day < crate::period::days_in_month(d.year, d.month) {
        Date { day: d.day + 1, ..d }
    } else if d.month < 12 {
        Date { month: d.month + 1, day: 1, ..d }
    } else {
        Date { year: d.year + 1, month: 1, day: 1 }
    }
}

/// One cited (or unknown) flag of a unit, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct FlagLine {
    /// Flag id (`borders_laos`, `mountainous`, `poor_district`).
    pub id: String,
    /// What the flag is about, in the reader's language.
    pub label: String,
    /// "có" / "không" / "chưa rõ (không tìm thấy nguồn)" and the English equivalents.
    pub value: String,
    /// The cited flag, when there is a citation.
    pub cited: Option<CitedFlag>,
    /// What supports the value, to show beside it: the source's sentence, or why a "no" is inferred.
    pub support: Option<String>,
}

/// Where the list of named units goes in a history sentence while it is written.
const LIST: &str = "\u{1}";

/// One sentence of a unit's story. The units it names (what it was formed from, merged into, became) are in
/// `units`, between `before` and `after`, so the app can make each a link to its profile, separated by ", ".
#[derive(Debug, Clone)]
pub struct HistoryLine<'a> {
    /// Text before the named units.
    pub before: String,
    /// The units named, each with its display name.
    pub units: Vec<(&'a Unit, String)>,
    /// Text after the named units.
    pub after: String,
}

impl<'a> HistoryLine<'a> {
    /// A sentence written with [`LIST`] where the `units` are named (or without it, naming none).
    fn new(text: String, units: Vec<&'a Unit>, lang: Lang) -> HistoryLine<'a> {
        match text.split_once(LIST) {
            Some((before, after)) => HistoryLine {
                before: before.to_string(),
                units: units.into_iter().map(|u| (u, unit_display_name(u, lang))).collect(),
                after: after.to_string(),
            },
            None => HistoryLine { before: text, units: Vec::new(), after: String::new() },
        }
    }

    /// The whole sentence as text, the units' names joined ", ".
    pub fn text(&self) -> String {
        let names: Vec<&str> = self.units.iter().map(|(_, n)| n.as_str()).collect();
        format!("{}{}{}", self.before, names.join(", "), self.after)
    }
}

impl PartialEq<&str> for HistoryLine<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.text() == *other
    }
}

/// Everything the profile panel shows.
#[derive(Debug, Clone)]
pub struct Profile<'a> {
    /// The record the profile was opened for.
    pub unit: &'a Unit,
    /// Every record of its lineage, oldest first.
    pub records: Vec<&'a Unit>,
    /// Display name.
    pub name: String,
    /// Type, e.g. "huyện" / "district".
    pub type_label: String,
    /// Display name of the parent at the time of `unit`, if any.
    pub parent: Option<String>,
    /// The time it existed: "trước 2013 – 30/6/2025" / "before 2013 – 30 Jun 2025".
    pub existed: String,
    /// Its story across reorganisations, one sentence per event, oldest first; each names its units once, as
    /// links in the app (what it was formed from, absorbed, merged into, became).
    pub history: Vec<HistoryLine<'a>>,
    /// Units it was formed from (other lineages).
    pub formed_from: Vec<&'a Unit>,
    /// Units it became at the end of its lineage.
    pub became: Vec<&'a Unit>,
    /// Flags (districts only; other levels have none recorded).
    pub flags: Vec<FlagLine>,
    /// Every figure of every record of the lineage, in time order.
    pub figures: Vec<&'a Observation>,
}

fn units<'a>(db: &'a Db, ids: &[String]) -> Vec<&'a Unit> {
    ids.iter().filter_map(|id| db.unit(id)).collect()
}

fn date_text(d: Date, lang: Lang) -> String {
    format::date(d, lang)
}

/// What happened to a record at the end of its period, as one sentence (or `None` while in force).
fn event<'a>(db: &'a Db, r: &Unit, next_in_lineage: Option<&Unit>, lang: Lang) -> Option<HistoryLine<'a>> {
    let change = r.change.as_deref()?;
    let when = r.to.map(next_day);
    let on = when.map(|d| date_text(d, lang)).unwrap_or_default();
    let succ = LIST;
    let text = match (change, lang) {
        ("kept", Lang::Vi) => format!("Giữ nguyên từ {on}"),
        ("kept", Lang::En) => format!("Unchanged on {on}"),
        ("renamed", Lang::Vi) => format!("Đổi tên thành {succ} từ {on}"),
        ("renamed", Lang::En) => format!("Renamed {succ} on {on}"),
        ("type_changed", Lang::Vi) => format!("Trở thành {succ} từ {on}"),
        ("type_changed", Lang::En) => format!("Became {succ} on {on}"),
        ("moved_district", Lang::Vi) => {
            let parent = next_in_lineage.and_then(|n| n.parent.as_deref()).and_then(|p| db.unit(p));
            let p = parent.map(|u| unit_display_name(u, lang)).unwrap_or_default();
            format!("Chuyển về {p} từ {on}")
        }
        ("moved_district", Lang::En) => {
            let parent = next_in_lineage.and_then(|n| n.parent.as_deref()).and_then(|p| db.unit(p));
            let p = parent.map(|u| unit_display_name(u, lang)).unwrap_or_default();
            format!("Moved to {p} on {on}")
        }
        ("merged" | "abolished", _) if !r.successors.is_empty() => {
            tr!(lang, "Sáp nhập vào {succ} từ {on}", "Merged into {succ} on {on}", succ = succ, on = on)
        }
        ("abolished", Lang::Vi) if r.level == Level::District => {
            format!("Giải thể từ {on} (cả nước bỏ cấp huyện); các xã, phường chuyển sang đơn vị mới")
        }
        ("abolished", Lang::En) if r.level == Level::District => {
            format!("Abolished on {on} (the district level was abolished nationwide); its communes were reorganised")
        }
        ("abolished", Lang::Vi) => format!("Giải thể từ {on}"),
        ("abolished", Lang::En) => format!("Abolished on {on}"),
        ("reorganised", _) => {
            let whole = r.successors.len() == 1 && db.unit(&r.successors[0]).is_some_and(|s| s.predecessors.len() == 1);
            match (whole, lang) {
                (true, Lang::Vi) => format!("Giữ nguyên địa giới, trở thành {succ} từ {on}"),
                (true, Lang::En) => format!("Kept its territory as {succ} from {on}"),
                (false, Lang::Vi) => format!("Là một phần của {succ} mới từ {on}"),
                (false, Lang::En) => format!("Part of the new {succ} from {on}"),
            }
        }
        (other, _) => format!("{other} {on}"),
    };
    Some(HistoryLine::new(text, units(db, &r.successors), lang))
}

fn flag_label(id: &str, lang: Lang) -> String {
    match (id, lang) {
        ("borders_laos", Lang::Vi) => "Giáp biên giới Lào".into(),
        ("borders_laos", Lang::En) => "Borders Laos".into(),
        ("mountainous", Lang::Vi) => "Huyện miền núi".into(),
        ("mountainous", Lang::En) => "Mountainous district".into(),
        ("poor_district", Lang::Vi) => "Huyện nghèo".into(),
        ("poor_district", Lang::En) => "Poor district".into(),
        (other, _) => other.to_string(),
    }
}

/// The flags every district shows, known or not.
pub const DISTRICT_FLAGS: [&str; 2] = ["borders_laos", "mountainous"];

fn flag_lines(unit: &Unit, lang: Lang) -> Vec<FlagLine> {
    if unit.level != Level::District {
        return Vec::new();
    }
    let mut ids: Vec<String> = DISTRICT_FLAGS.iter().map(|s| s.to_string()).collect();
    let extra: Vec<String> = unit.flags.keys().filter(|k| !ids.contains(k)).cloned().collect();
    ids.extend(extra);
    ids.into_iter()
        .map(|id| {
            let cited = unit.flags.get(&id).cloned();
            let value = match (cited.as_ref().map(|c| c.value), lang) {
                (Some(true), Lang::Vi) => "có".to_string(),
                (Some(true), Lang::En) => "yes".to_string(),
                (Some(false), Lang::Vi) => "không".to_string(),
                (Some(false), Lang::En) => "no".to_string(),
                (None, Lang::Vi) => "chưa rõ (chưa tìm thấy nguồn)".to_string(),
                (None, Lang::En) => "unknown (no source found)".to_string(),
            };
            let support = cited.as_ref().and_then(|c| match (&c.sentence, c.value, id.as_str()) {
                (Some(s), _, _) => Some(s.clone()),
                (None, false, "borders_laos") => Some(
                    tr!(
                        lang,
                        "không nằm trong sáu huyện mà nguồn liệt kê là giáp Lào",
                        "not among the six districts the source lists as bordering Laos",
                    )
                    .to_string(),
                ),
                (None, _, _) => c.note.clone(),
            });
            FlagLine { label: flag_label(&id, lang), id, value, cited, support }
        })
        .collect()
}

/// Builds the profile of a unit record.
pub fn profile<'a>(db: &'a Db, unit_id: &str, lang: Lang) -> Option<Profile<'a>> {
    let unit = db.unit(unit_id)?;
    let mut records: Vec<&Unit> = db.ds.units.iter().filter(|u| u.lineage == unit.lineage).collect();
    sort::sort_by_key(&mut records, |u| u.from);
    let first = records[0];
    let last = *records.last()?;
    let existed = {
        let from = match (first.from, lang) {
            (Some(d), _) => date_text(d, lang),
            (None, Lang::Vi) => "trước 2013".to_string(),
            (None, Lang::En) => "before 2013".to_string(),
        };
        let to = match (last.to, lang) {
            (Some(d), _) => date_text(d, lang),
            (None, Lang::Vi) => "nay".to_string(),
            (None, Lang::En) => "today".to_string(),
        };
        if first.level == Level::Province || first.level == Level::Bloc {
            String::new()
        } else {
            format!("{from} – {to}")
        }
    };
    let mut history = Vec::new();
    let formed_from: Vec<&Unit> =
        first.predecessors.iter().filter_map(|p| db.unit(p)).filter(|p| p.lineage != unit.lineage).collect();
    if !formed_from.is_empty() {
        let on = first.from.map(|d| date_text(d, lang)).unwrap_or_default();
        let text =
            tr!(lang, "Thành lập từ {on} trên cơ sở: {list}", "Formed on {on} from: {list}", on = on, list = LIST);
        history.push(HistoryLine::new(text, formed_from.clone(), lang));
    }
    for (i, r) in records.iter().enumerate() {
        // Units absorbed along the way (a record whose predecessors include other lineages).
        if i > 0 {
            let absorbed: Vec<&Unit> =
                r.predecessors.iter().filter_map(|p| db.unit(p)).filter(|p| p.lineage != unit.lineage).collect();
            if !absorbed.is_empty() {
                let on = r.from.map(|d| date_text(d, lang)).unwrap_or_default();
                let text = tr!(lang, "Nhận sáp nhập {list} từ {on}", "Absorbed {list} on {on}", list = LIST, on = on);
                history.push(HistoryLine::new(text, absorbed, lang));
            }
        }
        if let Some(e) = event(db, r, records.get(i + 1).copied(), lang) {
            history.push(e);
        }
    }
    let became: Vec<&Unit> =
        last.successors.iter().filter_map(|s| db.unit(s)).filter(|s| s.lineage != unit.lineage).collect();
    let mut figures: Vec<&Observation> =
        db.ds.observations.iter().filter(|o| db.unit(&o.unit).is_some_and(|u| u.lineage == unit.lineage)).collect();
    sort::sort_by(&mut figures, |a, b| {
        a.period.axis_position().total_cmp(&b.period.axis_position()).then(a.id.cmp(&b.id))
    });
    Some(Profile {
        unit,
        name: unit_display_name(unit, lang),
        type_label: unit_type_label(unit.unit_type, lang).to_string(),
        parent: unit.parent.as_deref().and_then(|p| db.unit(p)).map(|p| unit_display_name(p, lang)),
        existed,
        history,
        formed_from,
        became,
        flags: flag_lines(unit, lang),
        figures,
        records,
    })
}

/// One hit of the search across all periods.
#[derive(Debug, Clone)]
pub struct SearchHit<'a> {
    /// The most recent record of the lineage that matched.
    pub unit: &'a Unit,
    /// "Huyện Tân Kỳ · trước 2013 – 30/6/2025" style context: parent and time span.
    pub context: String,
    /// Where it went, for units no longer in force ("→ Thành phố Vinh (1/1/2025)").
    pub fate: Option<String>,
}

/// Finds units of every period and level by name (case and diacritics ignored), one hit per lineage, best
/// matches first, at most `limit`.
pub fn search_all<'a>(db: &'a Db, query: &str, lang: Lang, limit: usize) -> Vec<SearchHit<'a>> {
    if query.trim().is_empty() {
        return Vec::new();
    }
    let mut best: std::collections::BTreeMap<&str, (u32, &Unit)> = std::collections::BTreeMap::new();
    for u in &db.ds.units {
        if let Some(score) = search::score(query, &u.name) {
            let entry = best.entry(u.lineage.as_str()).or_insert((score, u));
            if score > entry.0 || (score == entry.0 && u.from > entry.1.from) {
                *entry = (score, u);
            }
        }
    }
    let mut hits: Vec<(u32, &Unit)> = best.into_values().collect();
    sort::sort_by(&mut hits, |a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.level.cmp(&b.1.level))
            .then_with(|| search::fold(&a.1.name).cmp(&search::fold(&b.1.name)))
    });
    hits.into_iter()
        .take(limit)
        .filter_map(|(_, u)| {
            // Show the latest record of the lineage: its fate is the lineage's fate.
            let p = profile(db, &u.id, lang)?;
            let last = *p.records.last()?;
            let mut context = vec![unit_type_label(u.unit_type, lang).to_string()];
            if let Some(parent) = &p.parent {
                if u.level == Level::Commune {
                    context.push(parent.clone());
                }
            }
            if !p.existed.is_empty() {
                context.push(p.existed.clone());
            }
            let fate = last.to.map(|end| {
                let on = date_text(next_day(end), lang);
                let to = if p.became.is_empty() {
                    tr!(lang, "giải thể", "abolished").to_string()
                } else {
                    p.became.iter().map(|b| unit_display_name(b, lang)).collect::<Vec<_>>().join(", ")
                };
                format!("→ {to} ({on})")
            });
            Some(SearchHit { unit: last, context: context.join(" · "), fate })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::fixtures::real_db as real;

    #[test]
    fn mon_son_reads_unchanged_in_2020_then_part_of_the_new_mon_son() {
        let db = real();
        let p = profile(&db, "17263@2013", Lang::En).unwrap();
        assert_eq!(p.name, "Môn Sơn Commune");
        assert_eq!(p.parent.as_deref(), Some("Con Cuông District"));
        assert_eq!(p.records.len(), 3);
        assert_eq!(p.history[0], "Unchanged on 1 Jan 2020");
        assert_eq!(p.history.last().unwrap().text(), "Part of the new Môn Sơn Commune from 1 Jul 2025");
        assert_eq!(p.became.iter().map(|u| u.id.as_str()).collect::<Vec<_>>(), ["17263@2025-07"]);
        assert_eq!(p.existed, "before 2013 – 30 Jun 2025");
        let vi = profile(&db, "17263@2025-01", Lang::Vi).unwrap();
        assert_eq!(vi.history.last().unwrap().text(), "Là một phần của Xã Môn Sơn mới từ 1/7/2025");
    }

    #[test]
    fn cua_lo_reads_merged_into_vinh_on_1_january_2025() {
        let db = real();
        let p = profile(&db, "413@2020", Lang::Vi).unwrap();
        assert_eq!(p.history.last().unwrap().text(), "Sáp nhập vào Thành phố Vinh từ 1/1/2025");
        let en = profile(&db, "413@2013", Lang::En).unwrap();
        assert_eq!(en.history.last().unwrap().text(), "Merged into Vinh City on 1 Jan 2025");
        assert_eq!(en.existed, "before 2013 – 31 Dec 2024");
    }

    #[test]
    fn a_new_2025_commune_says_what_it_was_formed_from() {
        let db = real();
        let p = profile(&db, "17263@2025-07", Lang::Vi).unwrap();
        let formed = p.history[0].text();
        assert!(formed.starts_with("Thành lập từ 1/7/2025 trên cơ sở: "), "{formed}");
        assert!(formed.contains("Xã Môn Sơn"));
        assert_eq!(p.formed_from.len(), 2);
        assert_eq!(p.existed, "1/7/2025 – nay");
    }

    #[test]
    fn the_units_a_story_names_are_linked_where_they_are_named_and_nowhere_else() {
        let db = real();
        let p = profile(&db, "17263@2025-07", Lang::Vi).unwrap();
        let formed = &p.history[0];
        assert_eq!(formed.before, "Thành lập từ 1/7/2025 trên cơ sở: ");
        let ids: Vec<&str> = formed.units.iter().map(|(u, _)| u.id.as_str()).collect();
        let expected: Vec<&str> = p.formed_from.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(ids, expected, "the predecessors are named once, in the sentence, as links");
        let mon_son = profile(&db, "17263@2020", Lang::Vi).unwrap();
        let last = mon_son.history.last().unwrap();
        assert_eq!((last.before.as_str(), last.after.as_str()), ("Là một phần của ", " mới từ 1/7/2025"));
        assert_eq!(last.units.len(), 1);
        assert!(!mon_son.history.iter().any(|h| h.text().contains('\u{1}')), "no marker is left in a sentence");
    }

    #[test]
    fn flags_keep_unknown_distinct_from_no() {
        let db = real();
        let ky_son = profile(&db, "417@2020", Lang::Vi).unwrap();
        let by_id = |p: &Profile, id: &str| p.flags.iter().find(|f| f.id == id).unwrap().value.clone();
        assert_eq!(by_id(&ky_son, "borders_laos"), "có");
        assert_eq!(by_id(&ky_son, "mountainous"), "có");
        let vinh = profile(&db, "412@2020", Lang::Vi).unwrap();
        assert_eq!(by_id(&vinh, "borders_laos"), "không");
        let support = vinh.flags.iter().find(|f| f.id == "borders_laos").unwrap().support.clone();
        assert_eq!(support.as_deref(), Some("không nằm trong sáu huyện mà nguồn liệt kê là giáp Lào"));
        assert_eq!(by_id(&vinh, "mountainous"), "chưa rõ (chưa tìm thấy nguồn)");
        assert!(profile(&db, "17263@2020", Lang::Vi).unwrap().flags.is_empty(), "communes have no flags recorded");
    }

    #[test]
    fn a_profile_lists_every_figure_of_the_lineage_in_time_order() {
        let db = real();
        let p = profile(&db, "423@2025-01", Lang::Vi).unwrap();
        assert!(p.figures.iter().any(|o| o.indicator == "clean_strong_orgs_pct" && o.unit == "423@2013"));
        assert!(p.figures.iter().any(|o| o.indicator == "district_party_committee_rating"));
        let positions: Vec<f64> = p.figures.iter().map(|o| o.period.axis_position()).collect();
        assert!(positions.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn searching_cua_lo_finds_the_former_town_and_says_where_it_went() {
        let db = real();
        let hits = search_all(&db, "Cửa Lò", Lang::Vi, 10);
        let town = hits.iter().find(|h| h.unit.code == "413").expect("Thị xã Cửa Lò is found");
        assert_eq!(town.fate.as_deref(), Some("→ Thành phố Vinh (1/1/2025)"));
        assert!(town.context.contains("thị xã"));
        let ascii = search_all(&db, "cua lo", Lang::Vi, 10);
        assert!(ascii.iter().any(|h| h.unit.code == "413"), "typing without diacritics finds it too");
    }

    #[test]
    fn search_gives_one_hit_per_lineage_and_nothing_for_an_empty_query() {
        let db = real();
        let hits = search_all(&db, "Tân Kỳ", Lang::Vi, 50);
        let districts: Vec<&str> = hits.iter().filter(|h| h.unit.code == "423").map(|h| h.unit.id.as_str()).collect();
        assert_eq!(districts, ["423@2025-01"], "the three records of Huyện Tân Kỳ are one hit, its latest");
        assert!(search_all(&db, "  ", Lang::Vi, 10).is_empty());
    }

    #[test]
    fn the_day_after_the_end_of_a_period_starts_the_next() {
        assert_eq!(next_day(Date { year: 2024, month: 12, day: 31 }), Date { year: 2025, month: 1, day: 1 });
        assert_eq!(next_day(Date { year: 2025, month: 6, day: 30 }), Date { year: 2025, month: 7, day: 1 });
        assert_eq!(next_day(Date { year: 2024, month: 2, day: 28 }), Date { year: 2024, month: 2, day: 29 });
    }
}
