//! Carry mode (July 2025 map only): a new commune without its own figure shows the sum of its predecessors'
//! counts when every predecessor has a figure for one same reference period. Percentages, ratings and yes/no facts
//! are never added up; the region then says why ([`RegionValue::NotComparable`]).

use super::regions::{value_text, Ctx, Region, RegionValue};
use crate::charts::escape_html;
use crate::format;
use crate::i18n::unit_display_name;
use crate::model::{Measure, Observation, Unit};
use crate::period::RefPeriod;
use crate::sort;
use crate::tr;
use std::collections::BTreeSet;

impl<'a> Ctx<'a> {
    /// Carry mode: the sum of the predecessors' counts for one same reference period, or why not. Returns the
    /// region and the figures added up (empty unless carried).
    pub(super) fn carried(&self, u: &Unit) -> Option<(Region, Vec<&'a Observation>)> {
        let lang = self.lang;
        let preds: Vec<&Unit> = u.predecessors.iter().filter_map(|p| self.db.unit(p)).collect();
        let figs: Vec<(&Unit, Vec<&'a Observation>)> =
            preds.iter().map(|p| (*p, self.by_unit.get(p.id.as_str()).cloned().unwrap_or_default())).collect();
        let examined: Vec<String> = figs.iter().flat_map(|(_, f)| f.iter().map(|o| o.id.clone())).collect();
        if examined.is_empty() {
            return None;
        }
        let refuse = |reason: String| {
            let region = Region {
                id: u.id.clone(),
                name: unit_display_name(u, lang),
                value: RegionValue::NotComparable(reason.clone()),
                tip: format!(
                    "{}<br><i>{}</i>: {}",
                    self.head(u),
                    tr!(lang, "Không so sánh được", "Not comparable"),
                    escape_html(&reason)
                ),
                observations: examined.clone(),
                outside_focus: false,
                carried: false,
            };
            Some((region, Vec::new()))
        };
        match self.measure {
            Measure::Count => {}
            Measure::Percent => {
                return refuse(tr!(lang, "tỉ lệ phần trăm không cộng được", "percentages cannot be added").into())
            }
            Measure::Category => {
                return refuse(tr!(lang, "xếp loại không cộng được", "ratings cannot be added").into())
            }
            Measure::Flag => {
                return refuse(tr!(lang, "dữ kiện có/không không cộng được", "yes/no facts cannot be added").into())
            }
        }
        let missing: Vec<String> =
            figs.iter().filter(|(_, f)| f.is_empty()).map(|(p, _)| unit_display_name(p, lang)).collect();
        if !missing.is_empty() {
            let (m, n) = (missing.len(), figs.len());
            let list = missing.join(", ");
            return refuse(tr!(
                lang,
                "thiếu số liệu của {m}/{n} đơn vị cũ: {list}",
                "{m} of {n} former units have no figures: {list}",
                m = m,
                n = n,
                list = list
            ));
        }
        // The latest reference period every predecessor has a numeric figure for.
        let mut common: Option<BTreeSet<String>> = None;
        for (_, f) in &figs {
            let set: BTreeSet<String> =
                sort::set(f.iter().filter(|o| o.value.as_number().is_some()).map(|o| o.period.to_string()));
            common = Some(match common {
                None => set,
                Some(c) => sort::set(c.intersection(&set).cloned()),
            });
        }
        let when: Option<RefPeriod> = common
            .unwrap_or_default()
            .iter()
            .filter_map(|s| s.parse::<RefPeriod>().ok())
            .max_by(|a, b| (a.end(), a.axis_position().to_bits()).cmp(&(b.end(), b.axis_position().to_bits())));
        let Some(when) = when else {
            return refuse(
                tr!(
                    lang,
                    "các đơn vị cũ không có số liệu cùng một thời điểm",
                    "the former units have no figures for one same date",
                )
                .into(),
            );
        };
        let used: Vec<&'a Observation> = figs
            .iter()
            .filter_map(|(_, f)| f.iter().copied().rfind(|o| o.period == when && o.value.as_number().is_some()))
            .collect();
        let sum: f64 = used.iter().filter_map(|o| o.value.as_number()).sum();
        let n = used.len();
        let when_text = format::period(&when, false, lang);
        let mut tip = vec![
            self.head(u),
            format!("{}: <b>{}</b>", escape_html(&when_text), escape_html(&format::number(sum, None, lang))),
            format!(
                "<i>{}</i>",
                escape_html(&tr!(
                    lang,
                    "cộng từ {n} đơn vị cũ, số liệu {when_text}",
                    "sum of {n} former units, figures of {when_text}",
                    n = n,
                    when_text = when_text
                ))
            ),
        ];
        for o in &used {
            let name = self.db.unit(&o.unit).map(|p| unit_display_name(p, lang)).unwrap_or_default();
            tip.push(format!("{}: {}", escape_html(&name), escape_html(&value_text(o, self.ind, self.measure, lang))));
        }
        let region = Region {
            id: u.id.clone(),
            name: unit_display_name(u, lang),
            value: RegionValue::Number(sum),
            tip: tip.join("<br>"),
            observations: used.iter().map(|o| o.id.clone()).collect(),
            outside_focus: false,
            carried: true,
        };
        Some((region, used))
    }
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
    fn a_count_is_carried_when_every_predecessor_has_a_figure_for_the_same_date() {
        let db = synth();
        let data = map_data(&db, &carry(Level::Commune, "members", Lang::Vi));
        let r = region(&data, "9101@2025-07");
        assert_eq!(r.value, RegionValue::Number(150.0));
        assert!(r.carried);
        assert_eq!(r.observations, ["m1", "m2"]);
        assert!(r.tip.contains("cộng từ 2 đơn vị cũ, số liệu 2/2025"), "{}", r.tip);
        let own = region(&data, "9201@2025-07");
        assert_eq!((own.value.clone(), own.carried), (RegionValue::Number(1450.0), false), "its own figure wins");
        assert!(
            data.notices.iter().all(|n| !n.contains("Xã Đông") && !n.contains("Xã Tây")),
            "carried figures are drawn: {:?}",
            data.notices
        );
        assert_eq!(data.not_comparable_label.as_deref(), Some("Không so sánh được"));
        let en = map_data(&db, &carry(Level::Commune, "members", Lang::En));
        assert!(region(&en, "9101@2025-07").tip.contains("sum of 2 former units, figures of Feb 2025"));
        let plain = map_data(&db, &state(Level::Commune, "members", "2025-H2", Lang::Vi));
        assert_eq!(region(&plain, "9101@2025-07").value, RegionValue::NoData, "nothing is carried unless asked");
        assert_eq!(plain.not_comparable_label, None);
    }

    #[test]
    fn percentages_are_never_carried() {
        let db = synth();
        let data = map_data(&db, &carry(Level::Commune, "pct", Lang::Vi));
        assert_eq!(
            region(&data, "9101@2025-07").value,
            RegionValue::NotComparable("tỉ lệ phần trăm không cộng được".into())
        );
        assert_eq!(data.region_color(region(&data, "9101@2025-07")), NOT_COMPARABLE_COLOR);
        assert_eq!(region(&data, "9201@2025-07").value, RegionValue::NoData, "no predecessor figure at all");
        let en = map_data(&db, &carry(Level::Commune, "pct", Lang::En));
        assert_eq!(region(&en, "9101@2025-07").value, RegionValue::NotComparable("percentages cannot be added".into()));
    }

    #[test]
    fn a_count_is_not_carried_when_a_predecessor_lacks_a_figure_and_the_missing_one_is_named() {
        let db = synth();
        let data = map_data(&db, &carry(Level::Commune, "cells", Lang::Vi));
        assert_eq!(
            region(&data, "9101@2025-07").value,
            RegionValue::NotComparable("thiếu số liệu của 1/2 đơn vị cũ: Xã Tây".into())
        );
        let en = map_data(&db, &carry(Level::Commune, "cells", Lang::En));
        assert_eq!(
            region(&en, "9101@2025-07").value,
            RegionValue::NotComparable("1 of 2 former units have no figures: Tây Commune".into())
        );
    }

    #[test]
    fn a_count_is_not_carried_from_figures_of_different_dates() {
        let mut db = synth();
        db.ds.observations.retain(|o| o.id != "m2");
        db.ds.observations.push(obs("m5", "members", "9102@2025-01", "2025-03", Value::Number(40.0)));
        let db = Db::new(db.ds);
        let data = map_data(&db, &carry(Level::Commune, "members", Lang::En));
        assert_eq!(
            region(&data, "9101@2025-07").value,
            RegionValue::NotComparable("the former units have no figures for one same date".into())
        );
    }

    #[test]
    fn the_new_nghia_dong_commune_is_not_comparable_for_party_members_on_the_real_data() {
        let db = real();
        let old = db.unit("17284@2025-01").unwrap();
        assert_eq!(old.successors.len(), 1);
        let data = map_data(&db, &carry(Level::Commune, "party_members", Lang::Vi));
        let r = region(&data, &old.successors[0]);
        let RegionValue::NotComparable(reason) = &r.value else { panic!("{:?}", r.value) };
        assert!(reason.starts_with("thiếu số liệu của"), "{reason}");
        assert!(!reason.contains("Nghĩa Đồng"), "Nghĩa Đồng has its figure: {reason}");
    }
}
