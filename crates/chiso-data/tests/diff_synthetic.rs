//! The reviewer's diff on two small datasets, and the synthetic dataset: deterministic, at real scale, valid and
//! marked synthetic throughout.

use chiso_core::fixtures;
use chiso_core::model::{Dataset, Level, Measure, Observation, Value};
use chiso_core::validate::validate;
use chiso_data::diff::{diff, render, RecordChange};
use chiso_data::synthetic::{generate, measure_of, INDICATORS};
use std::path::PathBuf;
use std::sync::OnceLock;

fn base() -> &'static Dataset {
    static BASE: OnceLock<Dataset> = OnceLock::new();
    BASE.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        chiso_data::build_dataset(&root.join("data/raw"), &root.join("data/meta")).unwrap()
    })
}

fn small(observations: Vec<Observation>) -> Dataset {
    let mut ds = base().clone();
    ds.observations = observations;
    ds
}

/// A figure of `source`; every figure reads from the same sentence, so two figures differ only where a test says.
fn obs(id: &str, indicator: &str, unit: &str, period: &str, value: f64, source: &str) -> Observation {
    Observation {
        sentence: "…".into(),
        ..fixtures::obs_from(id, indicator, unit, period, Value::Number(value), source)
    }
}

#[test]
fn the_diff_lists_added_removed_and_changed_figures_by_indicator_unit_and_date() {
    let old = small(vec![
        obs("1", "party_members", "40", "2013", 100.0, "a"),
        obs("2", "party_members", "40", "2014", 110.0, "a"),
        obs("3", "party_members", "423@2013", "2013", 5.0, "a"),
        obs("4", "party_members", "40", "2015", 120.0, "a"),
        obs("5", "party_members", "40", "2015", 121.0, "b"),
    ]);
    let mut new = small(vec![
        obs("10", "party_members", "40", "2013", 100.0, "a"), // same figure, another id: unchanged
        obs("11", "party_members", "40", "2014", 111.0, "a"), // value changed
        obs("12", "party_members", "40", "2016", 130.0, "a"), // added
        obs("13", "party_members", "40", "2015", 120.0, "a"), // unchanged; the one of source b is removed
    ]);
    new.sources.pop();
    let d = diff(&old, &new);
    assert_eq!(d.unchanged, 2);
    assert_eq!(d.added.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), ["12"]);
    let mut removed: Vec<&str> = d.removed.iter().map(|o| o.id.as_str()).collect();
    removed.sort();
    assert_eq!(removed, ["3", "5"]);
    assert_eq!(d.changed.len(), 1);
    assert_eq!((d.changed[0].old.id.as_str(), d.changed[0].new.id.as_str()), ("2", "11"));
    assert_eq!(d.changed[0].fields, ["value"]);
    assert_eq!(d.records.len(), 1);
    assert_eq!(d.records[0].2, RecordChange::Removed);
    let text = render(&d, &old, &new, chiso_core::i18n::Lang::En);
    assert!(text.starts_with("Figures: 1 added, 2 removed, 1 changed, 2 unchanged"), "{text}");
    assert!(text.contains("~ party_members · Tỉnh Nghệ An (40) · 2014: value 110 → 111"), "{text}");
    assert!(text.contains("+ party_members · Tỉnh Nghệ An (40) · 2016: 130 [a]"), "{text}");
    assert!(diff(&old, &old).is_empty());
    // The whole text, in both languages, reads as before.
    for (lang, name) in [(chiso_core::i18n::Lang::Vi, "diff.vi.txt"), (chiso_core::i18n::Lang::En, "diff.en.txt")] {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots").join(name);
        let text = render(&d, &old, &new, lang);
        if std::env::var_os("CHISO_WRITE_SNAPSHOTS").is_some() {
            std::fs::write(&path, &text).unwrap();
        }
        assert!(text == std::fs::read_to_string(&path).unwrap(), "{name} differs:\n{text}");
    }
}

fn synthetic() -> &'static Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(|| generate(base(), 7))
}

#[test]
fn the_synthetic_dataset_is_the_same_for_the_same_seed_and_differs_for_another() {
    assert_eq!(&generate(base(), 7), synthetic());
    let other = generate(base(), 8);
    assert_eq!(other.observations.len(), synthetic().observations.len());
    assert_ne!(other.observations, synthetic().observations);
}

#[test]
fn the_synthetic_dataset_has_real_scale_units_and_forty_indicators_of_every_measure() {
    let ds = synthetic();
    assert!(ds.synthetic);
    assert_eq!(ds.indicators.len(), INDICATORS);
    for m in [Measure::Count, Measure::Percent, Measure::Category, Measure::Flag] {
        assert!(ds.indicators.iter().any(|i| i.measure == m));
    }
    // 2000–2019 on the 2013 list (province, 21 districts, 480 communes), 2020–2024 on the 2020 list (21, 460).
    assert_eq!(ds.observations.len(), 40 * (20 * (1 + 21 + 480) + 5 * (1 + 21 + 460)));
    let units_2013: std::collections::HashSet<&str> =
        ds.observations.iter().filter(|o| o.period.year() == 2005).map(|o| o.unit.as_str()).collect();
    let communes = units_2013.iter().filter(|u| ds.unit(u).unwrap().level == Level::Commune).count();
    assert_eq!(communes, 480);
    let years: std::collections::BTreeSet<i32> = ds.observations.iter().map(|o| o.period.year()).collect();
    assert_eq!((years.len(), years.first(), years.last()), (25, Some(&2000), Some(&2024)));
}

#[test]
fn the_synthetic_dataset_validates() {
    let issues = validate(synthetic());
    assert!(issues.is_empty(), "{}", issues.iter().take(5).map(|i| i.to_string()).collect::<Vec<_>>().join("\n"));
}

#[test]
fn everything_invented_says_it_is_synthetic_and_values_are_in_range() {
    let ds = synthetic();
    let says = |s: &str| {
        let s = s.to_lowercase();
        s.contains("synthetic") || s.contains("tổng hợp")
    };
    assert!(ds.units.iter().all(|u| says(&u.name) && says(&u.short_name) && u.flags.is_empty()));
    assert!(ds.indicators.iter().all(|i| says(&i.name.vi) && says(&i.name.en) && i.theme == "synthetic"));
    assert!(ds.sources.len() == 1 && says(&ds.sources[0].title));
    assert!(ds.themes.iter().all(|t| says(&t.name.vi)));
    for o in ds.observations.iter().step_by(997) {
        assert!(says(&o.sentence));
        let n: usize = o.indicator["synthetic_".len()..].parse().unwrap();
        match (measure_of(n), &o.value) {
            (Measure::Count, Value::Number(v)) => assert!(*v >= 0.0 && v.fract() == 0.0),
            (Measure::Percent, Value::Number(v)) => assert!((0.0..=100.0).contains(v)),
            (Measure::Flag, Value::Number(v)) => assert!(*v == 0.0 || *v == 1.0),
            (Measure::Category, Value::Category(c)) => assert!(["A", "B", "C", "D"].contains(&c.as_str())),
            other => panic!("{other:?}"),
        }
    }
}

/// Timing at scale (run with `cargo test --release -p chiso-data --test diff_synthetic -- --ignored --nocapture`):
/// generating, writing, and importing back in chunks a sheet of every synthetic figure.
#[test]
#[ignore]
fn a_sheet_of_the_synthetic_figures_imports_in_chunks_at_scale() {
    use std::time::Instant;
    let t = Instant::now();
    let ds = generate(base(), 1);
    let generated = t.elapsed();
    let json = chiso_data::render_json(&ds);
    let mut sheet_base = ds.clone();
    sheet_base.observations.truncate(100_000);
    let sheet = chiso_data::template::rows_csv(&sheet_base);
    let t = Instant::now();
    let mut importer = chiso_data::import::CsvImporter::new(sheet.clone(), "synthetic.csv", &ds);
    let mut slices = 0;
    while !importer.feed(5_000).finished {
        slices += 1;
    }
    let outcome = importer.finish();
    let imported = t.elapsed();
    assert_eq!(outcome.dataset.unwrap().observations.len(), 100_000);
    println!(
        "synthetic: {} observations in {:.2} s, JSON {:.1} MB; sheet of 100,000 rows ({:.1} MB) imported in {} slices in {:.2} s",
        ds.observations.len(),
        generated.as_secs_f64(),
        json.len() as f64 / 1e6,
        sheet.len() as f64 / 1e6,
        slices + 1,
        imported.as_secs_f64()
    );
}
