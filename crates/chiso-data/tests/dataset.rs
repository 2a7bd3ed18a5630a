//! The real dataset: it builds from `data/raw` + `data/meta`, validates, and the bundled JSON is current.

use chiso_core::model::{Dataset, Level, Value};
use chiso_core::validate::validate;
use chiso_data::{build, render_json, Build, RowFate};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::OnceLock;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn built() -> &'static Build {
    static BUILD: OnceLock<Build> = OnceLock::new();
    BUILD.get_or_init(|| {
        build(&root().join("data/raw"), &root().join("data/meta")).unwrap_or_else(|e| panic!("build failed: {e}"))
    })
}

fn ds() -> &'static Dataset {
    &built().dataset
}

fn count(level: Level, period: &str) -> usize {
    ds().units.iter().filter(|u| u.level == level && u.period.as_deref() == Some(period)).count()
}

#[test]
fn the_real_dataset_builds_and_validates_with_zero_issues() {
    let issues = validate(ds());
    assert!(issues.is_empty(), "{}", issues.iter().map(|i| i.to_string()).collect::<Vec<_>>().join("\n"));
}

#[test]
fn each_period_has_the_published_number_of_communes_and_districts() {
    let communes: Vec<usize> =
        ["2013", "2020", "2025-01", "2025-07"].iter().map(|p| count(Level::Commune, p)).collect();
    let districts: Vec<usize> =
        ["2013", "2020", "2025-01", "2025-07"].iter().map(|p| count(Level::District, p)).collect();
    assert_eq!(communes, [480, 460, 412, 130]);
    assert_eq!(districts, [21, 21, 20, 0]);
    assert_eq!(ds().periods.len(), 4);
    assert!(!ds().periods[3].has_districts);
}

#[test]
fn every_one_of_the_162_raw_rows_is_accounted_for() {
    let rows = &built().rows;
    assert_eq!(rows.len(), 162);
    let ids: HashSet<&str> = rows.iter().map(RowFate::row).collect();
    assert_eq!(ids.len(), 162, "row ids are unique");
    let observed: Vec<&str> = rows
        .iter()
        .filter_map(|r| match r {
            RowFate::Observation { row } => Some(row.as_str()),
            _ => None,
        })
        .collect();
    let flags = rows.iter().filter(|r| matches!(r, RowFate::Flag { .. })).count();
    assert_eq!((observed.len(), flags), (151, 11));
    let obs_ids: Vec<&str> = ds().observations.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(observed, obs_ids);
    // Each flag row is cited by the district records it became a flag on.
    for r in rows {
        if let RowFate::Flag { row, flag, code } = r {
            let on: Vec<_> = ds()
                .units
                .iter()
                .filter(|u| u.level == Level::District && &u.code == code)
                .map(|u| u.flags.get(flag).and_then(|f| f.row.clone()))
                .collect();
            assert!(!on.is_empty() && on.iter().all(|r2| r2.as_deref() == Some(row.as_str())), "row {row}");
        }
    }
}

#[test]
fn every_unit_of_january_2025_has_exactly_one_successor_among_the_130() {
    let communes_2025_07: HashSet<&str> =
        ds().units.iter().filter(|u| u.period.as_deref() == Some("2025-07")).map(|u| u.id.as_str()).collect();
    assert_eq!(communes_2025_07.len(), 130);
    for u in ds().units.iter().filter(|u| u.period.as_deref() == Some("2025-01") && u.level == Level::Commune) {
        assert_eq!(u.successors.len(), 1, "{}", u.id);
        assert!(communes_2025_07.contains(u.successors[0].as_str()), "{}", u.id);
        assert_eq!(u.change.as_deref(), Some("reorganised"));
    }
    for u in ds().units.iter().filter(|u| u.period.as_deref() == Some("2025-07")) {
        assert!(!u.predecessors.is_empty(), "{} lacks predecessors", u.id);
        assert_eq!(u.lineage, u.id, "July 2025 communes start new lineages");
        assert_eq!(u.parent.as_deref(), Some("40"));
    }
}

#[test]
fn tan_kys_three_records_share_one_lineage() {
    for id in ["423@2013", "423@2020", "423@2025-01"] {
        let u = ds().unit(id).unwrap();
        assert_eq!(u.lineage, "423@2013", "{id}");
        assert_eq!(u.short_name, "Tân Kỳ");
        assert_eq!(u.name, "Huyện Tân Kỳ");
    }
    assert_eq!(ds().unit("423@2013").unwrap().successors, ["423@2020"]);
    assert_eq!(ds().unit("423@2020").unwrap().predecessors, ["423@2013"]);
}

#[test]
fn cua_lo_was_abolished_and_merged_into_vinh() {
    let cua_lo = ds().unit("413@2020").unwrap();
    assert_eq!(cua_lo.successors, ["412@2025-01"]);
    assert_eq!(cua_lo.change.as_deref(), Some("abolished"));
    assert!(ds().unit("413@2025-01").is_none());
    let vinh = ds().unit("412@2025-01").unwrap();
    assert!(vinh.predecessors.contains(&"413@2020".to_string()));
    assert_eq!(vinh.lineage, "412@2013");
    // Cửa Lò's wards moved to Vinh and keep their lineages.
    let ward = ds().unit("16717@2025-01").unwrap();
    assert_eq!(ward.parent.as_deref(), Some("412@2025-01"));
    assert_eq!(ward.lineage, "16717@2013");
}

#[test]
fn disagreeing_figures_are_both_kept() {
    let value = |id: &str| ds().observations.iter().find(|o| o.id == id).unwrap().value.clone();
    assert_eq!(value("27"), Value::Number(1447.0));
    assert_eq!(value("32"), Value::Number(1454.0));
    assert_eq!(value("67"), Value::Number(132.0));
    assert_eq!(value("72"), Value::Number(110.0));
}

#[test]
fn s2_is_derived() {
    let s2 = ds().observations.iter().find(|o| o.id == "s2").unwrap();
    assert_eq!(s2.derived.as_deref(), Some("1,437 + 135"));
    assert_eq!(s2.value, Value::Number(1572.0));
}

#[test]
fn the_tan_ky_2013_clean_strong_figure_is_61_on_the_2013_record() {
    let o = ds().observations.iter().find(|o| o.id == "s28").unwrap();
    assert_eq!(
        (o.indicator.as_str(), o.unit.as_str(), o.value.clone()),
        ("clean_strong_orgs_pct", "423@2013", Value::Number(61.0))
    );
    assert_eq!(o.period.to_string(), "2013");
}

#[test]
fn units_resolve_to_the_record_in_force_at_the_reference_date() {
    let unit = |id: &str| ds().observations.iter().find(|o| o.id == id).unwrap().unit.as_str();
    assert_eq!(unit("s1"), "40");
    assert_eq!(unit("23"), "413@2020");
    assert_eq!(unit("64"), "412@2020");
    assert_eq!(unit("67"), "412@2025-01");
    assert_eq!(unit("88"), "16831@2025-07");
    assert_eq!(unit("96"), "17284@2025-01");
    assert_eq!(unit("98"), "17032@2020");
    assert_eq!(unit("82"), "bloc-co-quan-tinh");
    let o67 = ds().observations.iter().find(|o| o.id == "67").unwrap();
    assert_eq!(o67.unit_text.as_deref(), Some("Thành phố Vinh (new, incl. Cửa Lò)"));
    assert_eq!(o67.period_text.as_deref(), Some("2025-01-01 (at merger)"));
}

#[test]
fn bounds_and_approximate_periods_are_kept() {
    let o = |id: &str| ds().observations.iter().find(|o| o.id == id).unwrap();
    assert_eq!(o("75").bound, Some(chiso_core::model::Bound::Lower));
    assert_eq!(o("83").bound, Some(chiso_core::model::Bound::Approx));
    assert!(o("s16").approximate && o("s16").period.to_string() == "2003..2014");
    assert!(o("39").approximate);
    assert!(!o("s1").approximate);
}

#[test]
fn border_and_mountain_flags_are_cited_and_never_guessed() {
    let ky_son = ds().unit("417@2020").unwrap();
    assert!(ky_son.flags["borders_laos"].value);
    assert_eq!(ky_son.flags["borders_laos"].row.as_deref(), Some("110"));
    assert!(ky_son.flags["mountainous"].value);
    assert_eq!(ky_son.flags["mountainous"].when.as_deref(), Some("undated"));
    let tan_ky = ds().unit("423@2013").unwrap();
    assert!(!tan_ky.flags["borders_laos"].value);
    assert_eq!(tan_ky.flags["borders_laos"].source, ky_son.flags["borders_laos"].source);
    assert!(!tan_ky.flags.contains_key("mountainous"), "unknown, not false");
    assert!(ds().unit("418@2025-01").unwrap().flags["poor_district"].value);
    let border = ds()
        .units
        .iter()
        .filter(|u| u.period.as_deref() == Some("2020"))
        .filter(|u| u.flags.get("borders_laos").is_some_and(|f| f.value));
    assert_eq!(border.count(), 6);
    assert!(ds().units.iter().flat_map(|u| u.flags.get("mountainous")).all(|f| f.value));
}

#[test]
fn every_indicator_has_metadata_and_the_default_view_comes_first() {
    assert_eq!(ds().indicators.len(), 63);
    assert_eq!(ds().indicators[0].id, "clean_strong_orgs_pct");
    assert_eq!(ds().themes[0].id, "organisations");
    let rating = ds().indicator("district_party_committee_rating").unwrap();
    let codes: Vec<&str> = rating.categories.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]);
    assert_eq!(rating.categories[0].short.vi, "Xuất sắc");
}

#[test]
fn sources_have_readable_ids_and_publishers() {
    let founding = ds().source("baonghean-2014-party-quality").unwrap();
    assert_eq!(founding.file.as_deref(), Some("data/raw/sources/baonghean-2014-party-quality.txt"));
    assert_eq!(founding.publisher, "Báo Nghệ An");
    assert_eq!(founding.language, "en");
    assert!(root().join(founding.file.as_ref().unwrap()).exists());
    let ids: HashSet<&str> = ds().sources.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids.len(), ds().sources.len());
    assert_eq!(ds().sources.len(), 44);
}

#[test]
fn the_bundled_json_is_up_to_date_and_reads_back_equal() {
    let path = root().join(chiso_data::OUTPUT);
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(current == render_json(ds()), "{} is stale or missing: run `cargo xtask data`", path.display());
    assert!(chiso_data::is_up_to_date(&root()).unwrap(), "run `cargo xtask data`");
    let read = Dataset::from_json(&current).unwrap();
    assert_eq!(&read, ds());
}
