//! Notices about figures the map does not draw: figures attached to unit records of another administrative period
//! than the map's (a district abolished before the stop, a commune not formed yet, a record of an earlier list),
//! one line per unit record, closest in time first, at most [`MAX_NOTICES`] plus a "+N more" line.

use super::regions::Ctx;
use crate::format;
use crate::i18n::{unit_display_name, unit_type_label, Lang};
use crate::model::{AdminPeriod, Level, Observation, Unit};
use crate::period::{days_in_month, Date, RefPeriod};
use crate::search;
use crate::sort;
use crate::tr;
use std::collections::{BTreeSet, HashSet};

/// Most "not drawn" notices listed one by one; the rest are counted in one "+N more" line.
pub const MAX_NOTICES: usize = 8;

fn day_after(d: Date) -> Date {
    if d.day < days_in_month(d.year, d.month) {
        Date { day: d.day + 1, ..d }
    } else if d.month < 12 {
        Date { month: d.month + 1, day: 1, ..d }
    } else {
        Date { year: d.year + 1, month: 1, day: 1 }
    }
}

/// Notices for figures attached to units of another period than the map's, one per unit record, closest in time
/// to the stop first, at most [`MAX_NOTICES`] plus a "+N more" line.
pub(super) fn other_period_notices(
    ctx: &Ctx<'_>,
    level: Level,
    period: &AdminPeriod,
    stop: &RefPeriod,
    skip: &HashSet<*const Observation>,
) -> Vec<String> {
    let lang = ctx.lang;
    let mut per_unit: Vec<(&Unit, Vec<&Observation>)> = Vec::new();
    for (uid, figs) in &ctx.by_unit {
        let Some(u) = ctx.db.unit(uid) else { continue };
        if u.level != level || u.period.as_deref().is_none_or(|p| p == period.id) {
            continue;
        }
        let figs: Vec<&Observation> = figs.iter().copied().filter(|o| !skip.contains(&(*o as *const _))).collect();
        if !figs.is_empty() {
            per_unit.push((u, figs));
        }
    }
    let target = stop.end().as_fractional_year();
    let distance = |figs: &[&Observation]| {
        figs.iter().map(|o| (o.period.end().as_fractional_year() - target).abs()).fold(f64::INFINITY, f64::min)
    };
    sort::sort_by(&mut per_unit, |a, b| {
        distance(&a.1)
            .total_cmp(&distance(&b.1))
            .then_with(|| search::fold(&a.0.name).cmp(&search::fold(&b.0.name)).then_with(|| a.0.id.cmp(&b.0.id)))
    });
    let total = per_unit.len();
    let mut out: Vec<String> = per_unit
        .into_iter()
        .take(MAX_NOTICES)
        .map(|(u, mut figs)| {
            sort::sort_by_key(&mut figs, |o| o.period.end());
            let periods: Vec<String> = figs.iter().map(|o| format::period(&o.period, o.approximate, lang)).collect();
            let mut seen = BTreeSet::new();
            let periods: Vec<String> = periods.into_iter().filter(|p| seen.insert(p.clone())).collect();
            let name = format!("{} ({})", unit_display_name(u, lang), periods.join(", "));
            let plural = figs.len() > 1;
            let place = ctx.db.place(&u.lineage);
            let gone = place.and_then(|p| p.latest.to).filter(|t| period.from.is_some_and(|f| *t < f));
            let not_yet = place.and_then(|p| p.first.from).is_some_and(|f| period.to.is_some_and(|t| f > t));
            let kind = unit_type_label(u.unit_type, lang);
            let list_label = ctx
                .db
                .ds
                .periods
                .iter()
                .find(|p| Some(&p.id) == u.period.as_ref())
                .map_or_else(|| u.period.clone().unwrap_or_default(), |p| p.label.get(lang).to_string());
            match (lang, gone, not_yet) {
                (Lang::Vi, Some(t), _) => format!(
                    "Số liệu của {name} — đơn vị không còn tồn tại từ {} — không vẽ trên bản đồ thời kỳ này.",
                    format::date(day_after(t), lang)
                ),
                (Lang::Vi, None, true) => {
                    format!("Số liệu của {name} — đơn vị chưa tồn tại trong thời kỳ này — không vẽ trên bản đồ thời kỳ này.")
                }
                (Lang::Vi, None, false) => {
                    format!("Số liệu của {name} thuộc danh mục đơn vị {list_label} — không vẽ trên bản đồ thời kỳ này.")
                }
                (Lang::En, Some(t), _) => format!(
                    "{} for {name}, a {kind} that no longer exists since {}, {} not drawn on this period's map.",
                    if plural { "Figures" } else { "Figure" },
                    format::date(day_after(t), lang),
                    if plural { "are" } else { "is" }
                ),
                (Lang::En, None, true) => format!(
                    "{} for {name}, a {kind} which did not exist yet, {} not drawn on this period's map.",
                    if plural { "Figures" } else { "Figure" },
                    if plural { "are" } else { "is" }
                ),
                (Lang::En, None, false) => format!(
                    "{} for {name} {} recorded under the {list_label} list of units and not drawn on this period's map.",
                    if plural { "Figures" } else { "Figure" },
                    if plural { "are" } else { "is" }
                ),
            }
        })
        .collect();
    if total > MAX_NOTICES {
        let n = total - MAX_NOTICES;
        out.push(tr!(
            lang,
            "+{n} đơn vị khác có số liệu không vẽ trên bản đồ thời kỳ này.",
            "+{n} more units whose figures are not drawn on this period's map.",
            n = n
        ));
    }
    out
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::test_support::*;
    use crate::map::*;
    use crate::query::Db;
    #[allow(unused_imports)]
    use crate::{fixtures::*, i18n::Lang, model::*, period::RefPeriod, state::ExplorerState};

    #[test]
    fn figures_of_units_of_another_period_are_listed_not_drawn() {
        let db = synth();
        let data = map_data(&db, &state(Level::District, "pct", "2023", Lang::Vi));
        assert_eq!(data.regions.len(), 2);
        let r = region(&data, "901@2020");
        assert_eq!(r.value, RegionValue::Number(61.0), "the latest figure of the stop is drawn");
        assert!(r.tip.contains("Số liệu khác trong kỳ: 58% (6/2023)"), "{}", r.tip);
        assert!(r.tip.contains("Báo Mẫu &lt;tổng hợp&gt;"), "source titles are escaped: {}", r.tip);
        assert_eq!(
            data.notices,
            [
                "Số liệu của Huyện An Hòa (2013) thuộc danh mục đơn vị 2013 — không vẽ trên bản đồ thời kỳ này.",
                "Số liệu của Huyện Cổ Lũy (2013) — đơn vị không còn tồn tại từ 1/1/2020 — không vẽ trên bản đồ thời kỳ này."
            ]
        );
        let early = map_data(&db, &state(Level::District, "pct", "2013", Lang::En));
        assert!(
            early.notices.iter().any(|n| n == "Figures for Bình Sơn District (2023), a district which did not exist yet, are not drawn on this period's map."
                || n == "Figure for Bình Sơn District (2023), a district which did not exist yet, is not drawn on this period's map."),
            "{:?}",
            early.notices
        );
    }

    #[test]
    fn a_long_list_of_notices_ends_with_a_count_of_the_rest() {
        let mut db = synth();
        for i in 0..12 {
            let code = format!("95{i:02}");
            db.ds.units.push(record(
                &code,
                "2013",
                &format!("Xã Mẫu {i}"),
                Level::Commune,
                None,
                &format!("{code}@2013"),
                &[],
            ));
            db.ds.observations.push(obs(
                &format!("x{i}"),
                "members",
                &format!("{code}@2013"),
                "2015",
                Value::Number(1.0),
            ));
        }
        let db = Db::new(db.ds);
        let data = map_data(&db, &state(Level::Commune, "members", "2025-H2", Lang::En));
        assert_eq!(data.notices.len(), MAX_NOTICES + 1);
        assert_eq!(data.notices[MAX_NOTICES], "+7 more units whose figures are not drawn on this period's map.");
    }

    #[test]
    fn the_tan_ky_2013_figure_is_not_drawn_on_the_july_2025_district_level() {
        let db = real();
        let data = map_data(&db, &state(Level::District, "clean_strong_orgs_pct", "2025-H2", Lang::Vi));
        assert_eq!(data.regions.len(), 0);
        assert!(
            data.notices.contains(
                &"Số liệu của Huyện Tân Kỳ (2013) — đơn vị không còn tồn tại từ 1/7/2025 — không vẽ trên bản đồ thời kỳ này."
                    .to_string()
            ),
            "{:?}",
            data.notices
        );
        let en = map_data(&db, &state(Level::District, "clean_strong_orgs_pct", "2025-H2", Lang::En));
        assert!(
            en.notices.iter().any(|n| n
                .starts_with("Figure for Tân Kỳ District (2013), a district that no longer exists since 1 Jul 2025")),
            "{:?}",
            en.notices
        );
    }

    #[test]
    fn the_february_2025_nghia_dong_figure_is_listed_as_not_drawn_on_the_july_2025_commune_map() {
        let db = real();
        let data = map_data(&db, &state(Level::Commune, "party_members", "2025-H2", Lang::Vi));
        assert_eq!(data.regions.len(), 130);
        assert!(data.regions.iter().all(|r| !r.observations.iter().any(|o| o == "96")));
        assert!(
            data.notices
                .iter()
                .any(|n| n.starts_with("Số liệu của Xã Nghĩa Đồng (2/2025) — đơn vị không còn tồn tại từ 1/7/2025")),
            "{:?}",
            data.notices
        );
        let with_data: Vec<&str> = data.focus_regions().filter(|r| r.has_data()).map(|r| r.name.as_str()).collect();
        assert_eq!(with_data.len(), 4, "{with_data:?}");
    }
}
