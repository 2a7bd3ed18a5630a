//! The map boundaries in `data/geo/`: one file per period and level, joined to the dataset's units on codes, small,
//! and current.

use chiso_core::model::{Dataset, Level};
use chiso_data::geo::{self, MapSpec, MAPS};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::OnceLock;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn ds() -> &'static Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(|| {
        chiso_data::build_dataset(&root().join("data/raw"), &root().join("data/meta"))
            .unwrap_or_else(|e| panic!("build failed: {e}"))
    })
}

fn read_text(name: &str) -> String {
    let path = root().join(geo::GEO_DIR).join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e} (run `cargo xtask data`)", path.display()))
}

fn read(name: &str) -> Value {
    serde_json::from_str(&read_text(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn features(spec: &MapSpec) -> Vec<Value> {
    read(&spec.file())["features"].as_array().unwrap_or_else(|| panic!("{}: no features", spec.name)).clone()
}

fn spec(name: &str) -> MapSpec {
    *MAPS.iter().find(|m| m.name == name).unwrap()
}

/// Every position of a geometry (Polygon or MultiPolygon).
fn positions(geometry: &Value) -> Vec<&Value> {
    fn walk<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
        match v.as_array() {
            Some(a) if a.first().is_some_and(Value::is_number) => out.push(v),
            Some(a) => a.iter().for_each(|x| walk(x, out)),
            None => {}
        }
    }
    let mut out = Vec::new();
    walk(&geometry["coordinates"], &mut out);
    out
}

#[test]
fn each_map_file_has_the_published_number_of_units() {
    let counts: Vec<(&str, usize)> = MAPS.iter().map(|m| (m.name, features(m).len())).collect();
    assert_eq!(
        counts,
        [
            ("2013-district", 21),
            ("2013-commune", 480),
            ("2020-district", 21),
            ("2020-commune", 460),
            ("2025-01-district", 20),
            ("2025-01-commune", 412),
            ("2025-07-commune", 130),
            ("province", 1),
        ]
    );
}

#[test]
fn every_feature_is_a_unit_of_its_period_and_level_and_every_such_unit_has_one_feature() {
    for m in MAPS {
        let units: HashMap<&str, &str> = ds()
            .units
            .iter()
            .filter(|u| u.level == m.level && u.period.as_deref() == m.period)
            .map(|u| (u.id.as_str(), u.name.as_str()))
            .collect();
        let mut seen = BTreeSet::new();
        for f in features(&m) {
            let props = f["properties"].as_object().unwrap();
            let keys: Vec<&str> = props.keys().map(String::as_str).collect();
            assert_eq!(keys, ["id", "name"], "{}: properties are exactly id and name", m.name);
            let id = props["id"].as_str().unwrap();
            let name = units.get(id).unwrap_or_else(|| panic!("{}: {id} is no unit of that period and level", m.name));
            assert_eq!(props["name"].as_str(), Some(*name), "{}: {id} has the unit's official name", m.name);
            assert!(seen.insert(id.to_string()), "{}: {id} has two features", m.name);
            assert!(matches!(f["geometry"]["type"].as_str(), Some("Polygon" | "MultiPolygon")), "{id}");
        }
        let missing: Vec<&&str> = units.keys().filter(|id| !seen.contains(**id)).collect();
        assert!(missing.is_empty(), "{}: units without a feature: {missing:?}", m.name);
    }
    assert_eq!(features(&spec("province"))[0]["properties"]["id"], "40");
    assert_eq!(features(&spec("2020-commune"))[0]["properties"]["id"], "16663@2020");
    let tan_ky = features(&spec("2013-district")).into_iter().find(|f| f["properties"]["id"] == "423@2013");
    assert_eq!(tan_ky.unwrap()["properties"]["name"], "Huyện Tân Kỳ");
}

#[test]
fn the_map_files_are_up_to_date_with_data_raw() {
    let stale = geo::stale_files(&root(), ds()).unwrap();
    assert!(stale.is_empty(), "data/geo/ is stale ({}): run `cargo xtask data`", stale.join(", "));
}

#[test]
fn coordinates_have_at_most_four_decimals_and_rings_at_least_four_closed_points() {
    for m in MAPS {
        for f in features(&m) {
            for p in positions(&f["geometry"]) {
                let p = p.as_array().unwrap();
                assert_eq!(p.len(), 2);
                for n in p {
                    let text = n.to_string();
                    let decimals = text.split_once('.').map_or(0, |(_, d)| d.len());
                    assert!(decimals <= 4 && !text.contains('e'), "{}: coordinate {text}", m.name);
                }
            }
            let geometry = &f["geometry"];
            let polygons: Vec<&Value> = if geometry["type"] == "Polygon" {
                vec![&geometry["coordinates"]]
            } else {
                geometry["coordinates"].as_array().unwrap().iter().collect()
            };
            for ring in polygons.iter().flat_map(|p| p.as_array().unwrap()) {
                let ring = ring.as_array().unwrap();
                assert!(ring.len() >= 4, "{}: {} has a ring of {} points", m.name, f["properties"]["id"], ring.len());
                assert_eq!(ring.first(), ring.last(), "{}: rings are closed", m.name);
                assert!(ring.windows(2).all(|w| w[0] != w[1]), "{}: no repeated consecutive points", m.name);
            }
        }
    }
}

#[test]
fn each_map_file_is_smaller_than_its_raw_input() {
    for m in MAPS {
        let size = |p: PathBuf| std::fs::metadata(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())).len();
        let (out, raw) = (size(root().join(geo::GEO_DIR).join(m.file())), size(root().join(geo::RAW_DIR).join(m.raw)));
        assert!(out < raw, "{}: {out} bytes is not smaller than the raw {raw}", m.name);
    }
    // The dissolved outlines lose their sliver holes: the province shrinks most.
    let province = std::fs::metadata(root().join(geo::GEO_DIR).join("province.json")).unwrap().len();
    assert!(province < 20_000, "province.json is {province} bytes");
}

#[test]
fn the_index_lists_every_map_with_a_bounding_box_around_every_feature() {
    let index = read(geo::INDEX_FILE);
    let maps = index["maps"].as_array().unwrap();
    assert_eq!(maps.iter().map(|m| m["name"].as_str().unwrap()).collect::<Vec<_>>(), MAPS.map(|m| m.name));
    for (entry, m) in maps.iter().zip(MAPS) {
        assert_eq!(entry["file"].as_str(), Some(m.file().as_str()));
        assert_eq!(entry["period"].as_str(), m.period);
        let features = features(&m);
        assert_eq!(entry["features"].as_u64(), Some(features.len() as u64));
        let bboxes = entry["bboxes"].as_object().unwrap();
        assert_eq!(bboxes.len(), features.len(), "{}", m.name);
        let bb = |v: &Value| -> [f64; 4] {
            let a = v.as_array().unwrap();
            [0, 1, 2, 3].map(|i| a[i].as_f64().unwrap())
        };
        let all = bb(&entry["bbox"]);
        for f in &features {
            let id = f["properties"]["id"].as_str().unwrap();
            let b = bb(&bboxes[id]);
            assert!(b[0] < b[2] && b[1] < b[3], "{id}: {b:?}");
            assert!(all[0] <= b[0] && all[1] <= b[1] && all[2] >= b[2] && all[3] >= b[3], "{id} outside the map bbox");
            for p in positions(&f["geometry"]) {
                let (x, y) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
                assert!(b[0] <= x && x <= b[2] && b[1] <= y && y <= b[3], "{id}: ({x}, {y}) outside {b:?}");
            }
        }
    }
    // Nghệ An lies between about 103.9° and 105.8° E, 18.5° and 20.0° N.
    let province = bb_of(&maps[7]["bbox"]);
    assert!(province[0] > 103.5 && province[2] < 106.0 && province[1] > 18.3 && province[3] < 20.2, "{province:?}");
}

fn bb_of(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

#[test]
fn the_index_written_is_the_index_the_app_reads() {
    let text = read_text(geo::INDEX_FILE);
    let index = chiso_core::map::GeoIndex::from_json(&text).unwrap();
    assert_eq!(index.maps.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), MAPS.map(|m| m.name));
    assert_eq!(index.to_json(), text, "reading and writing again gives the same bytes");
}

#[test]
fn a_unit_without_a_boundary_or_a_boundary_without_a_unit_fails_the_build_naming_the_codes() {
    let dir = std::env::temp_dir().join(format!("chiso-geo-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for m in MAPS {
        std::fs::copy(root().join(geo::RAW_DIR).join(m.raw), dir.join(m.raw)).unwrap();
    }
    let path = dir.join("communes-2025-07.geojson");
    let mut raw: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let features = raw["features"].as_array_mut().unwrap();
    let removed = features.remove(0)["properties"]["code"].to_string();
    features[0]["properties"]["code"] = Value::from(99999);
    std::fs::write(&path, raw.to_string()).unwrap();
    let result = geo::build_maps(&dir, ds());
    std::fs::remove_dir_all(&dir).ok();
    let message = result.expect_err("the build must fail").to_string();
    assert!(message.contains("2025-07-commune"), "{message}");
    assert!(message.contains("99999"), "{message}");
    assert!(message.contains(&removed), "{message}");
}

#[test]
fn simplification_keeps_corners_drops_near_straight_points_and_never_goes_below_four_points() {
    // A 100 × 100 m square (in 10⁻⁴ degree) with a point 1 unit off its bottom edge: that point goes.
    let square = vec![[0, 0], [50, 1], [100, 0], [100, 100], [0, 100], [0, 0]];
    assert_eq!(geo::simplify_ring(square), Some(vec![[0, 0], [100, 0], [100, 100], [0, 100], [0, 0]]));
    // A thin triangle within the tolerance is kept whole rather than reduced below 4 points.
    let sliver = vec![[0, 0], [100, 1], [200, 0], [0, 0]];
    assert_eq!(geo::simplify_ring(sliver.clone()), Some(sliver));
    // Repeated points are dropped; a ring that collapses (too few points, or no area) is gone.
    assert_eq!(geo::simplify_ring(vec![[0, 0], [0, 0], [10, 0], [10, 10], [10, 10], [0, 0]]).map(|r| r.len()), Some(4));
    assert_eq!(geo::simplify_ring(vec![[0, 0], [10, 0], [0, 0], [0, 0]]), None);
    assert_eq!(geo::simplify_ring(vec![[0, 0], [10, 0], [20, 0], [0, 0]]), None);
    // Levels of the spec are what the dataset uses.
    assert_eq!(spec("2025-07-commune").level, Level::Commune);
}
