//! Figures that disagree: different sources publishing different values for the same indicator, place and scope
//! at comparable reference periods. They are pointed out, kept side by side, never averaged or dropped.

use super::Db;
use crate::i18n::Lang;
use crate::model::{Measure, Observation};
use std::collections::BTreeMap;

impl Db {
    /// Groups of figures that disagree: different sources publishing different values for the same indicator,
    /// place (unit lineage) and scope ([`Observation::scope`]), at comparable reference periods
    /// ([`crate::period::RefPeriod::comparable_with`]: the same month, half-year or year, or overlapping ranges of one length).
    /// 1,447 and 1,454 grassroots organisations on one day disagree; 412 commune committees in June 2025 and 130
    /// in July 2025 are a reform, and 1,740 members disciplined in 2016 – mid 2018 and 224 in the first half of
    /// 2018 are two spans; figures of different scope never disagree. They are kept side by side, never averaged
    /// or dropped.
    pub fn disagreements<'a>(&'a self, figures: &[&'a Observation]) -> Vec<Vec<&'a Observation>> {
        /// Indicator, lineage, scope.
        type Place<'a> = (&'a str, &'a str, Option<&'a str>);
        /// A place and the comparison key of a period other than a range.
        type Point<'a> = (Place<'a>, (i32, u8, u8));
        let mut points: BTreeMap<Point<'a>, Vec<&Observation>> = BTreeMap::new();
        let mut ranges: BTreeMap<Place<'a>, Vec<&Observation>> = BTreeMap::new();
        for o in figures {
            let lineage = self.lineage_of(&o.unit).unwrap_or(&o.unit);
            let place = (o.indicator.as_str(), lineage, o.scope.as_deref());
            match o.period.comparison_key() {
                Some(key) => points.entry((place, key)).or_default().push(o),
                None => ranges.entry(place).or_default().push(o),
            }
        }
        let mut out: Vec<Vec<&Observation>> = points.into_values().filter(|g| has_disagreement(g)).collect();
        for group in ranges.into_values() {
            out.extend(range_clusters(group).into_iter().filter(|g| has_disagreement(g)));
        }
        out
    }

    /// One line about a disagreement: "Indicator, Place: 1.447 (27/3/2020, Publisher) / 1.454 (7/2020, Publisher)".
    pub fn describe_disagreement(&self, group: &[&Observation], lang: Lang) -> String {
        let Some(first) = group.first() else { return String::new() };
        let ind = self.indicator(&first.indicator);
        let measure = ind.map_or(Measure::Count, |i| i.measure);
        let place = self.unit(&first.unit).and_then(|u| self.place(&u.lineage)).map(|p| p.name(lang));
        let values: Vec<String> = group
            .iter()
            .map(|o| {
                let publisher = self.source(&o.source).map_or(o.source.as_str(), |s| s.publisher.as_str());
                format!(
                    "{} ({}, {publisher})",
                    crate::format::value(&o.value, measure, o.bound, lang),
                    crate::format::period(&o.period, o.approximate, lang)
                )
            })
            .collect();
        format!(
            "{}, {}: {}",
            ind.map_or(first.indicator.as_str(), |i| i.name.get(lang)),
            place.unwrap_or_default(),
            values.join(" / ")
        )
    }
}

/// Whether two figures of the group come from different sources *and* give different values, in one pass (a
/// reader's sheet can hold thousands of figures for one place and year). Compared with the first figure `a`: a pair
/// exists if some figure differs from `a` in both, or if one figure differs from `a` only in source (so it has
/// `a`'s value) and another only in value (so it has `a`'s source), since those two differ in both.
pub(super) fn has_disagreement(group: &[&Observation]) -> bool {
    let Some(a) = group.first() else { return false };
    let (mut other_source, mut other_value) = (false, false);
    for b in &group[1..] {
        match (b.source != a.source, b.value != a.value) {
            (true, true) => return true,
            (true, false) => other_source = true,
            (false, true) => other_value = true,
            (false, false) => {}
        }
    }
    other_source && other_value
}

/// Figures of ranges split into clusters of comparable ones (joined when comparable with any member), in the order
/// given. Ranges are few, so every pair is compared.
fn range_clusters(figures: Vec<&Observation>) -> Vec<Vec<&Observation>> {
    let mut clusters: Vec<Vec<&Observation>> = Vec::new();
    for o in figures {
        let joins: Vec<usize> =
            (0..clusters.len()).filter(|&i| clusters[i].iter().any(|c| c.period.comparable_with(&o.period))).collect();
        match joins.split_first() {
            None => clusters.push(vec![o]),
            Some((&first, rest)) => {
                for &i in rest.iter().rev() {
                    let merged = clusters.remove(i);
                    clusters[first].extend(merged);
                }
                clusters[first].push(o);
            }
        }
    }
    clusters
}
