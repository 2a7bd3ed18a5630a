//! Map boundaries for the app: one small GeoJSON file per administrative period and level in `data/geo/`, plus an
//! index of bounding boxes, made from the low-resolution polygons in `data/raw/boundaries/`.
//!
//! - Every feature's `properties` are exactly `{"id", "name"}`: the unit id of the dataset (`16663@2020`, `40`) and
//!   the unit's official name in that period. Features are joined to units on GSO codes, never on names, and the
//!   build fails unless every feature names a unit of its period and level and every such unit has one feature.
//! - Geometry is made small: coordinates rounded to [`DECIMALS`] decimals (about 11 m), consecutive duplicates
//!   dropped, each ring simplified with Douglas–Peucker at [`TOLERANCE`] degrees (a ring is never simplified below 4
//!   points), rings that collapse (fewer than 4 points or no area) dropped, and holes that hold no other unit of the
//!   same map dropped: they are slivers left between the commune polygons when they were dissolved into larger units
//!   (the province outline alone had 1,412), not enclaves. Rings are simplified one by one,
//!   so neighbours' shared borders may differ by up to the tolerance; fine for a choropleth.
//! - `index.json` lists the files with their feature counts, overall bounding box and the bounding box of every
//!   feature, so the app can zoom on a unit before (or without) loading its map. Its type is
//!   [`chiso_core::map::GeoIndex`], shared with the app that reads it.

use crate::{BuildError, BuildErrorKind};
use chiso_core::map::{BBox, GeoIndex, GeoIndexEntry};
use chiso_core::model::{Dataset, Level};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Where the map files are written, relative to the repository root.
pub const GEO_DIR: &str = "data/geo";

/// Where the raw boundaries are read, relative to the repository root.
pub const RAW_DIR: &str = "data/raw/boundaries";

/// The index file written next to the maps.
pub const INDEX_FILE: &str = "index.json";

/// Decimals kept in coordinates (4: about 11 m).
pub const DECIMALS: u32 = 4;

/// Douglas–Peucker tolerance, in degrees (about 55 m).
pub const TOLERANCE: f64 = 0.0005;

const SCALE: f64 = 10_000.0;

/// One map file: its name (also the file stem), the raw file it comes from, and the units it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapSpec {
    /// Name and file stem: `2020-commune`, `province`.
    pub name: &'static str,
    /// Raw GeoJSON file in `data/raw/boundaries/`.
    pub raw: &'static str,
    /// Period id of the units; `None` for the province.
    pub period: Option<&'static str>,
    /// Level of the units.
    pub level: Level,
}

impl MapSpec {
    /// The file name in `data/geo/`.
    pub fn file(&self) -> String {
        format!("{}.json", self.name)
    }
}

const fn spec(name: &'static str, raw: &'static str, period: Option<&'static str>, level: Level) -> MapSpec {
    MapSpec { name, raw, period, level }
}

/// The map files, in the order of `index.json`.
pub const MAPS: [MapSpec; 8] = [
    spec("2013-district", "districts-2013-2024.geojson", Some("2013"), Level::District),
    spec("2013-commune", "communes-2013-2019.geojson", Some("2013"), Level::Commune),
    spec("2020-district", "districts-2013-2024.geojson", Some("2020"), Level::District),
    spec("2020-commune", "communes-2020-2024.geojson", Some("2020"), Level::Commune),
    spec("2025-01-district", "districts-2025-01.geojson", Some("2025-01"), Level::District),
    spec("2025-01-commune", "communes-2025-01.geojson", Some("2025-01"), Level::Commune),
    spec("2025-07-commune", "communes-2025-07.geojson", Some("2025-07"), Level::Commune),
    spec("province", "province.geojson", None, Level::Province),
];

/// A point in units of 10⁻⁴ degree: `[lon, lat]`.
pub type Point = [i32; 2];
/// A closed ring (first point = last point).
pub type Ring = Vec<Point>;
/// An outer ring followed by its holes.
pub type Polygon = Vec<Ring>;

/// One feature of a map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    /// Unit id (`16663@2020`, `40`).
    pub id: String,
    /// The unit's official name in its period.
    pub name: String,
    /// Its polygons (a `MultiPolygon` when more than one).
    pub polygons: Vec<Polygon>,
}

impl Feature {
    /// `[minLon, minLat, maxLon, maxLat]` in 10⁻⁴ degree.
    pub fn bbox(&self) -> [i32; 4] {
        bbox(self.polygons.iter().filter_map(|p| p.first()).flatten())
    }
}

/// One built map.
#[derive(Debug, Clone)]
pub struct Map {
    /// What it is.
    pub spec: MapSpec,
    /// Its features, in the dataset's unit order.
    pub features: Vec<Feature>,
}

impl Map {
    /// Bounding box of all features, in 10⁻⁴ degree.
    pub fn bbox(&self) -> [i32; 4] {
        bbox(self.features.iter().flat_map(|f| f.polygons.iter().filter_map(|p| p.first())).flatten())
    }
}

fn bbox<'a>(points: impl Iterator<Item = &'a Point>) -> [i32; 4] {
    let mut b = [i32::MAX, i32::MAX, i32::MIN, i32::MIN];
    for p in points {
        b = [b[0].min(p[0]), b[1].min(p[1]), b[2].max(p[0]), b[3].max(p[1])];
    }
    b
}

fn err(file: &Path, msg: String) -> BuildError {
    BuildError { file: file.to_path_buf(), line: None, column: None, kind: BuildErrorKind::Invalid(msg) }
}

/// Builds every map of [`MAPS`] from `raw_dir` (`data/raw/boundaries`), checking the features against the units of
/// `ds`.
pub fn build_maps(raw_dir: &Path, ds: &Dataset) -> Result<Vec<Map>, BuildError> {
    let mut raw_cache: HashMap<&str, Vec<(String, Vec<Polygon>)>> = HashMap::new();
    let mut maps = Vec::new();
    for spec in MAPS {
        let path = raw_dir.join(spec.raw);
        if !raw_cache.contains_key(spec.raw) {
            raw_cache.insert(spec.raw, read_raw(&path)?);
        }
        let raw = &raw_cache[spec.raw];
        maps.push(Map { spec, features: join_units(&path, spec, raw, ds)? });
    }
    Ok(maps)
}

/// The unit id a raw code stands for in a map.
fn unit_id(spec: MapSpec, code: &str) -> String {
    match spec.period {
        Some(p) => format!("{code}@{p}"),
        None => code.to_string(),
    }
}

fn join_units(
    path: &Path,
    spec: MapSpec,
    raw: &[(String, Vec<Polygon>)],
    ds: &Dataset,
) -> Result<Vec<Feature>, BuildError> {
    let level = format!("{:?}", spec.level).to_lowercase();
    let of_period = spec.period.map_or(String::new(), |p| format!(" of period {p}"));
    let units: Vec<_> =
        ds.units.iter().filter(|u| u.level == spec.level && u.period.as_deref() == spec.period).collect();
    let mut by_id: HashMap<String, &Vec<Polygon>> = HashMap::new();
    let mut duplicated = BTreeSet::new();
    for (code, polygons) in raw {
        if by_id.insert(unit_id(spec, code), polygons).is_some() {
            duplicated.insert(code.clone());
        }
    }
    let known: BTreeSet<&str> = units.iter().map(|u| u.code.as_str()).collect();
    let unknown: BTreeSet<&str> = raw.iter().map(|(c, _)| c.as_str()).filter(|c| !known.contains(c)).collect();
    let missing: Vec<&str> = units.iter().filter(|u| !by_id.contains_key(&u.id)).map(|u| u.code.as_str()).collect();
    let mut problems = Vec::new();
    let list = |codes: Vec<&str>| codes.join(", ");
    if !duplicated.is_empty() {
        problems.push(format!(
            "codes with more than one feature: {}",
            list(duplicated.iter().map(|s| s.as_str()).collect())
        ));
    }
    if !unknown.is_empty() {
        problems.push(format!(
            "codes that name no {level}{of_period} in the dataset: {}",
            list(unknown.into_iter().collect())
        ));
    }
    if !missing.is_empty() {
        problems.push(format!("{level}s{of_period} without a feature: {}", list(missing)));
    }
    if !problems.is_empty() {
        return Err(err(path, format!("boundaries for {} do not match the units: {}", spec.name, problems.join("; "))));
    }
    Ok(units
        .iter()
        .map(|u| Feature { id: u.id.clone(), name: u.name.clone(), polygons: by_id[&u.id].clone() })
        .collect())
}

/// Reads a raw FeatureCollection into `(code, simplified polygons)`, in file order.
fn read_raw(path: &Path) -> Result<Vec<(String, Vec<Polygon>)>, BuildError> {
    let text = std::fs::read_to_string(path).map_err(|e| BuildError {
        file: path.into(),
        line: None,
        column: None,
        kind: BuildErrorKind::Read(e.to_string()),
    })?;
    let json: Value = serde_json::from_str(&text).map_err(|e| err(path, format!("not JSON: {e}")))?;
    let features = json["features"].as_array().ok_or_else(|| err(path, "no `features` array".into()))?;
    let mut out = Vec::new();
    for (i, f) in features.iter().enumerate() {
        let code = match &f["properties"]["code"] {
            Value::Number(n) => n.to_string(),
            Value::String(s) => s.clone(),
            other => return Err(err(path, format!("feature {i} has no `code` (found {other})"))),
        };
        let bad = |what: &str| err(path, format!("feature {i} (code {code}): {what}"));
        let geometry = &f["geometry"];
        let polygons: Vec<&Value> = match (geometry["type"].as_str(), &geometry["coordinates"]) {
            (Some("Polygon"), c @ Value::Array(_)) => vec![c],
            (Some("MultiPolygon"), Value::Array(ps)) => ps.iter().collect(),
            _ => return Err(bad("geometry is neither a Polygon nor a MultiPolygon")),
        };
        let mut simplified = Vec::new();
        for p in polygons {
            let rings = p.as_array().ok_or_else(|| bad("a polygon is not an array of rings"))?;
            let mut poly: Polygon = Vec::new();
            for (k, r) in rings.iter().enumerate() {
                let pts = r.as_array().ok_or_else(|| bad("a ring is not an array"))?;
                let mut ring = Vec::with_capacity(pts.len());
                for pt in pts {
                    match (pt[0].as_f64(), pt[1].as_f64()) {
                        (Some(x), Some(y)) => ring.push([(x * SCALE).round() as i32, (y * SCALE).round() as i32]),
                        _ => return Err(bad("a position is not [lon, lat]")),
                    }
                }
                match simplify_ring(ring) {
                    // An outer ring that collapses takes its holes with it.
                    None if k == 0 => break,
                    None => {}
                    Some(r) => poly.push(r),
                }
            }
            if !poly.is_empty() {
                simplified.push(poly);
            }
        }
        if simplified.is_empty() {
            return Err(bad("every polygon collapses when rounded"));
        }
        out.push((code, simplified));
    }
    drop_gaps(&mut out);
    Ok(out)
}

/// Drops the holes that are gaps rather than enclaves: a hole is kept only when a polygon of another feature fits in
/// its bounding box (widened by twice the tolerance).
fn drop_gaps(features: &mut [(String, Vec<Polygon>)]) {
    let outers: Vec<(usize, [i32; 4])> = features
        .iter()
        .enumerate()
        .flat_map(|(i, (_, polys))| polys.iter().map(move |p| (i, bbox(p[0].iter()))))
        .collect();
    let margin = (2.0 * TOLERANCE * SCALE) as i32;
    for (i, (_, polys)) in features.iter_mut().enumerate() {
        for poly in polys.iter_mut() {
            let mut k = 1;
            while k < poly.len() {
                let h = bbox(poly[k].iter());
                let enclave = outers.iter().any(|&(j, b)| {
                    j != i
                        && b[0] >= h[0] - margin
                        && b[1] >= h[1] - margin
                        && b[2] <= h[2] + margin
                        && b[3] <= h[3] + margin
                });
                if enclave {
                    k += 1;
                } else {
                    poly.remove(k);
                }
            }
        }
    }
}

/// Twice the signed area of a closed ring, in (10⁻⁴ degree)².
fn area2(ring: &[Point]) -> f64 {
    ring.windows(2).map(|w| w[0][0] as f64 * w[1][1] as f64 - w[1][0] as f64 * w[0][1] as f64).sum()
}

/// Drops consecutive duplicates, closes the ring, simplifies it (never below 4 points); `None` when it collapses
/// (fewer than 3 distinct points, or no area).
pub fn simplify_ring(mut ring: Ring) -> Option<Ring> {
    ring.dedup();
    if ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    // `ring` is now open; a closed ring needs at least 3 distinct points.
    if ring.len() < 3 {
        return None;
    }
    ring.push(ring[0]);
    if area2(&ring) == 0.0 {
        return None;
    }
    let simplified = douglas_peucker_closed(&ring, TOLERANCE * SCALE);
    Some(if simplified.len() >= 4 && area2(&simplified) != 0.0 { simplified } else { ring })
}

/// Douglas–Peucker on a closed ring: split at the point farthest from the first, simplify both halves.
fn douglas_peucker_closed(ring: &[Point], tolerance: f64) -> Ring {
    let n = ring.len();
    let far = (1..n - 1).max_by(|&a, &b| dist2(ring[0], ring[a]).total_cmp(&dist2(ring[0], ring[b]))).unwrap_or(0);
    let mut keep = vec![false; n];
    keep[0] = true;
    keep[far] = true;
    keep[n - 1] = true;
    let mut stack = vec![(0, far), (far, n - 1)];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (mut worst, mut at) = (0.0, a);
        for i in a + 1..b {
            let d = segment_distance(ring[i], ring[a], ring[b]);
            if d > worst {
                (worst, at) = (d, i);
            }
        }
        if worst > tolerance {
            keep[at] = true;
            stack.push((a, at));
            stack.push((at, b));
        }
    }
    ring.iter().zip(keep).filter(|(_, k)| *k).map(|(p, _)| *p).collect()
}

fn dist2(a: Point, b: Point) -> f64 {
    let (dx, dy) = ((a[0] - b[0]) as f64, (a[1] - b[1]) as f64);
    dx * dx + dy * dy
}

/// Distance from `p` to the segment `a`–`b`.
fn segment_distance(p: Point, a: Point, b: Point) -> f64 {
    let (ax, ay, bx, by, px, py) = (a[0] as f64, a[1] as f64, b[0] as f64, b[1] as f64, p[0] as f64, p[1] as f64);
    let (dx, dy) = (bx - ax, by - ay);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 { 0.0 } else { (((px - ax) * dx + (py - ay) * dy) / len2).clamp(0.0, 1.0) };
    let (qx, qy) = (ax + t * dx - px, ay + t * dy - py);
    (qx * qx + qy * qy).sqrt()
}

/// A coordinate in 10⁻⁴ degree as a JSON number with at most 4 decimals and no trailing zeros.
fn coord(out: &mut String, v: i32) {
    let sign = if v < 0 { "-" } else { "" };
    let (int, frac) = (v.unsigned_abs() / 10_000, v.unsigned_abs() % 10_000);
    if frac == 0 {
        let _ = write!(out, "{sign}{int}");
    } else {
        let digits = format!("{frac:04}");
        let _ = write!(out, "{sign}{int}.{}", digits.trim_end_matches('0'));
    }
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).expect("strings always serialise")
}

/// A map as compact GeoJSON, one feature per line.
pub fn render_map(map: &Map) -> String {
    let mut out = String::from("{\"type\":\"FeatureCollection\",\"features\":[");
    for (i, f) in map.features.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        let _ = write!(
            out,
            "{{\"type\":\"Feature\",\"properties\":{{\"id\":{},\"name\":{}}},\"geometry\":{{\"type\":\"{}\",\"coordinates\":",
            json_str(&f.id),
            json_str(&f.name),
            if f.polygons.len() == 1 { "Polygon" } else { "MultiPolygon" }
        );
        let multi = f.polygons.len() > 1;
        if multi {
            out.push('[');
        }
        for (pi, poly) in f.polygons.iter().enumerate() {
            if pi > 0 {
                out.push(',');
            }
            out.push('[');
            for (ri, ring) in poly.iter().enumerate() {
                if ri > 0 {
                    out.push(',');
                }
                out.push('[');
                for (k, p) in ring.iter().enumerate() {
                    if k > 0 {
                        out.push(',');
                    }
                    out.push('[');
                    coord(&mut out, p[0]);
                    out.push(',');
                    coord(&mut out, p[1]);
                    out.push(']');
                }
                out.push(']');
            }
            out.push(']');
        }
        if multi {
            out.push(']');
        }
        out.push_str("}}");
    }
    out.push_str("\n]}\n");
    out
}

/// A box in 10⁻⁴ degree as degrees.
fn degrees(b: [i32; 4]) -> BBox {
    b.map(|v| f64::from(v) / SCALE)
}

/// The index of the maps ([`GeoIndex`], the type the app reads): name, file, period, level, feature count, bounding
/// box and the bounding box of every feature, `[minLon, minLat, maxLon, maxLat]`.
pub fn index(maps: &[Map]) -> GeoIndex {
    GeoIndex {
        maps: maps
            .iter()
            .map(|m| GeoIndexEntry {
                name: m.spec.name.to_string(),
                file: m.spec.file(),
                period: m.spec.period.map(str::to_string),
                level: m.spec.level,
                features: m.features.len(),
                bbox: degrees(m.bbox()),
                bboxes: m.features.iter().map(|f| (f.id.clone(), degrees(f.bbox()))).collect(),
            })
            .collect(),
    }
}

/// `index.json`: [`index`] written one map per line ([`GeoIndex::to_json`]).
pub fn render_index(maps: &[Map]) -> String {
    index(maps).to_json()
}

/// Every file of `data/geo/` (name, text) as [`regenerate`] writes it, from the repository at `repo_root`.
pub fn render_files(repo_root: &Path, ds: &Dataset) -> Result<Vec<(String, String)>, BuildError> {
    let maps = build_maps(&repo_root.join(RAW_DIR), ds)?;
    let mut files: Vec<(String, String)> = maps.iter().map(|m| (m.spec.file(), render_map(m))).collect();
    files.push((INDEX_FILE.to_string(), render_index(&maps)));
    Ok(files)
}

/// Writes every map file and `index.json` into `<root>/data/geo/`, checking them against the units of `ds`.
/// Returns the paths written.
pub fn regenerate(repo_root: &Path, ds: &Dataset) -> Result<Vec<PathBuf>, Box<dyn std::error::Error>> {
    let dir = repo_root.join(GEO_DIR);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut written = Vec::new();
    for (name, text) in render_files(repo_root, ds)? {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// The files of `<root>/data/geo/` that differ from what [`regenerate`] would write, or are missing.
pub fn stale_files(repo_root: &Path, ds: &Dataset) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let dir = repo_root.join(GEO_DIR);
    let mut stale = Vec::new();
    for (name, text) in render_files(repo_root, ds)? {
        match std::fs::read_to_string(dir.join(&name)) {
            Ok(current) if current == text => {}
            Ok(_) => stale.push(name),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => stale.push(name),
            Err(e) => return Err(Box::new(e)),
        }
    }
    Ok(stale)
}
