//! What a new dataset adds, removes and changes compared with an old one, for a reviewer before publishing.
//!
//! Observations are matched on their indicator, unit and reference period (not on their ids, which are row
//! numbers of a sheet). Within one such key, figures that are identical apart from the id are unchanged; the rest
//! are paired, those of the same source first, and each pair is a change (with the fields that differ); what is
//! left over is added or removed. Two sources that disagree on one figure are thus both kept, as in the dataset.
//! Periods, units, themes, indicators and sources are compared by id.

use chiso_core::i18n::Lang;
use chiso_core::model::{Dataset, Observation, Value};
use chiso_core::tr;
use serde::Serialize;
use std::collections::BTreeMap;

/// A change of one observation.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The figure in the old dataset.
    pub old: Observation,
    /// The figure in the new dataset.
    pub new: Observation,
    /// Fields that differ (`value`, `source`, `sentence`, …).
    pub fields: Vec<&'static str>,
}

/// What happened to a record of another collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordChange {
    /// Only in the new dataset.
    Added,
    /// Only in the old dataset.
    Removed,
    /// In both, with different content.
    Changed,
}

/// The differences between two datasets.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DatasetDiff {
    /// Observations only in the new dataset.
    pub added: Vec<Observation>,
    /// Observations only in the old dataset.
    pub removed: Vec<Observation>,
    /// Observations in both, changed.
    pub changed: Vec<Change>,
    /// Observations identical in both (ids aside).
    pub unchanged: usize,
    /// Periods, units, themes, indicators and sources added, removed or changed: (collection, id, what).
    pub records: Vec<(&'static str, String, RecordChange)>,
}

impl DatasetDiff {
    /// Whether the two datasets hold the same content (ids of observations aside).
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty() && self.records.is_empty()
    }
}

type Key = (String, String, String);

fn key(o: &Observation) -> Key {
    (o.indicator.to_string(), o.unit.to_string(), o.period.to_string())
}

/// Fields of two observations that differ, the id aside.
fn differing(a: &Observation, b: &Observation) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut check = |name, same: bool| {
        if !same {
            out.push(name);
        }
    };
    check("value", a.value == b.value);
    check("source", a.source == b.source);
    check("sentence", a.sentence == b.sentence);
    check("sentence_language", a.sentence_language == b.sentence_language);
    check("approximate", a.approximate == b.approximate);
    check("period_text", a.period_text == b.period_text);
    check("bound", a.bound == b.bound);
    check("unit_text", a.unit_text == b.unit_text);
    check("note", a.note == b.note);
    check("derived", a.derived == b.derived);
    check("scope", a.scope == b.scope);
    out
}

fn records<T: Serialize>(
    name: &'static str,
    old: &[T],
    new: &[T],
    id: fn(&T) -> &str,
    out: &mut Vec<(&'static str, String, RecordChange)>,
) {
    // Compared as the JSON they are written as: the app needs the dataset's serialisation anyway (to publish it),
    // and derived equality of every record type would add its own code to the wasm.
    let json = |t: &T| serde_json::to_string(t).unwrap_or_default();
    let old_by: BTreeMap<&str, &T> = old.iter().map(|t| (id(t), t)).collect();
    let new_by: BTreeMap<&str, &T> = new.iter().map(|t| (id(t), t)).collect();
    for (k, o) in &old_by {
        match new_by.get(k) {
            None => out.push((name, k.to_string(), RecordChange::Removed)),
            Some(n) if json(o) != json(n) => out.push((name, k.to_string(), RecordChange::Changed)),
            Some(_) => {}
        }
    }
    for k in new_by.keys().filter(|k| !old_by.contains_key(*k)) {
        out.push((name, k.to_string(), RecordChange::Added));
    }
}

/// What `new` adds, removes and changes compared with `old`.
pub fn diff(old: &Dataset, new: &Dataset) -> DatasetDiff {
    let mut d = DatasetDiff::default();
    records("periods", &old.periods, &new.periods, |p| &p.id, &mut d.records);
    records("units", &old.units, &new.units, |u| &u.id, &mut d.records);
    records("themes", &old.themes, &new.themes, |t| &t.id, &mut d.records);
    records("indicators", &old.indicators, &new.indicators, |i| &i.id, &mut d.records);
    records("sources", &old.sources, &new.sources, |s| &s.id, &mut d.records);
    let mut groups: BTreeMap<Key, (Vec<&Observation>, Vec<&Observation>)> = BTreeMap::new();
    for o in &old.observations {
        groups.entry(key(o)).or_default().0.push(o);
    }
    for o in &new.observations {
        groups.entry(key(o)).or_default().1.push(o);
    }
    for (_, (mut olds, mut news)) in groups {
        // Identical figures first.
        olds.retain(|o| match news.iter().position(|n| differing(o, n).is_empty()) {
            Some(i) => {
                news.remove(i);
                d.unchanged += 1;
                false
            }
            None => true,
        });
        // Then the same source, then in order.
        let mut pairs = Vec::new();
        olds.retain(|o| match news.iter().position(|n| n.source == o.source) {
            Some(i) => {
                pairs.push((*o, news.remove(i)));
                false
            }
            None => true,
        });
        while !olds.is_empty() && !news.is_empty() {
            pairs.push((olds.remove(0), news.remove(0)));
        }
        for (o, n) in pairs {
            d.changed.push(Change { fields: differing(o, n), old: o.clone(), new: n.clone() });
        }
        d.removed.extend(olds.into_iter().cloned());
        d.added.extend(news.into_iter().cloned());
    }
    d
}

fn value(v: &Value) -> String {
    match v {
        Value::Number(n) => format!("{n}"),
        Value::Category(c) => c.clone(),
    }
}

fn describe(ds: &Dataset, o: &Observation) -> String {
    let unit = ds.unit(&o.unit).map_or(o.unit.clone(), |u| format!("{} ({})", u.name, u.id).into());
    format!("{} · {} · {}", o.indicator, unit, o.period)
}

/// The diff as text for a reviewer: a summary line, then one line per added (`+`), removed (`-`) and changed (`~`)
/// figure, sorted by indicator, unit and period, then the other records.
pub fn render(d: &DatasetDiff, old: &Dataset, new: &Dataset, lang: Lang) -> String {
    let mut out = tr!(
        lang,
        "Số liệu: thêm {added}, bớt {removed}, sửa {changed}, giữ nguyên {unchanged}\n",
        "Figures: {added} added, {removed} removed, {changed} changed, {unchanged} unchanged\n",
        added = d.added.len(),
        removed = d.removed.len(),
        changed = d.changed.len(),
        unchanged = d.unchanged
    );
    let mut lines: Vec<(Key, String)> = Vec::new();
    for o in &d.added {
        lines.push((key(o), format!("+ {}: {} [{}]", describe(new, o), value(&o.value), o.source)));
    }
    for o in &d.removed {
        lines.push((key(o), format!("- {}: {} [{}]", describe(old, o), value(&o.value), o.source)));
    }
    for c in &d.changed {
        let mut what = Vec::new();
        for f in &c.fields {
            what.push(match *f {
                "value" => format!("value {} → {}", value(&c.old.value), value(&c.new.value)),
                "source" => format!("source {} → {}", c.old.source, c.new.source),
                other => other.to_string(),
            });
        }
        lines.push((key(&c.new), format!("~ {}: {}", describe(new, &c.new), what.join("; "))));
    }
    lines.sort();
    for (_, l) in lines {
        out.push_str(&l);
        out.push('\n');
    }
    if !d.records.is_empty() {
        out.push_str(tr!(lang, "Bản ghi khác:\n", "Other records:\n"));
        for (collection, id, change) in &d.records {
            let sign = match change {
                RecordChange::Added => '+',
                RecordChange::Removed => '-',
                RecordChange::Changed => '~',
            };
            out.push_str(&format!("{sign} {collection} {id}\n"));
        }
    }
    out
}
