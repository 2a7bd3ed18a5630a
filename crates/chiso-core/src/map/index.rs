//! `geo/index.json`, the index of the boundary maps: for each map its name, file, period, level, feature count,
//! bounding box and the bounding box of every feature. `chiso-data` writes it ([`GeoIndex::to_json`]), the app
//! reads it ([`GeoIndex::from_json`]) to find a map's file and to zoom on a drill-down ([`zoom`]) before or without
//! loading the map itself. Boxes are `[min lon, min lat, max lon, max lat]` in degrees.

use super::regions::MapData;
use crate::model::Level;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt::Write as _;

/// A bounding box, `[min lon, min lat, max lon, max lat]`.
pub type BBox = [f64; 4];

/// The whole index: one entry per map file, in the order written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeoIndex {
    /// The maps.
    pub maps: Vec<GeoIndexEntry>,
}

/// One map file of the index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeoIndexEntry {
    /// Map name, as ECharts registers it and [`MapData::map`] names it (`2020-commune`, `province`).
    pub name: String,
    /// File name inside `geo/` (`2020-commune.json`).
    pub file: String,
    /// Administrative period id of its units; `None` for the province.
    #[serde(default)]
    pub period: Option<String>,
    /// Level of its units.
    pub level: Level,
    /// Number of features.
    pub features: usize,
    /// Bounding box of the whole map.
    pub bbox: BBox,
    /// Bounding box of every feature by unit id, in the file's feature order (written as a JSON object).
    #[serde(with = "ordered_boxes")]
    pub bboxes: Vec<(String, BBox)>,
}

impl GeoIndex {
    /// Reads `index.json`.
    pub fn from_json(text: &str) -> Result<GeoIndex, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The entry of a map, by name.
    pub fn entry(&self, name: &str) -> Option<&GeoIndexEntry> {
        self.maps.iter().find(|m| m.name == name)
    }

    /// `index.json` as `chiso-data` writes it: compact, one map per line, numbers as short as they read back
    /// exactly (`105.635`, `19`).
    pub fn to_json(&self) -> String {
        let text = |s: &str| serde_json::to_string(s).expect("strings always serialise");
        let bbox = |out: &mut String, b: &BBox| {
            let _ = write!(out, "[{},{},{},{}]", b[0], b[1], b[2], b[3]);
        };
        let mut out = String::from("{\"maps\":[");
        for (i, m) in self.maps.iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            let _ = write!(
                out,
                "{{\"name\":{},\"file\":{},\"period\":{},\"level\":{},\"features\":{},\"bbox\":",
                text(&m.name),
                text(&m.file),
                m.period.as_deref().map_or("null".to_string(), text),
                text(m.level.id()),
                m.features
            );
            bbox(&mut out, &m.bbox);
            out.push_str(",\"bboxes\":{");
            for (k, (id, b)) in m.bboxes.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                out.push_str(&text(id));
                out.push(':');
                bbox(&mut out, b);
            }
            out.push_str("}}");
        }
        out.push_str("\n]}\n");
        out
    }
}

/// How the map should be framed: the extent of the whole map and, on a drill-down, the box to zoom on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Zoom {
    /// The whole map's box, when the index knows the map (else [`MapData::extent`] stays as it is).
    pub extent: Option<BBox>,
    /// The box around the regions in focus, when there is a drill-down ([`focus_box`]).
    pub focus: Option<BBox>,
}

/// The box around the regions in focus (a drilled-into district's communes), given each region's box; `None`
/// without a drill-down or when no region in focus has a box.
pub fn focus_box<'a>(data: &MapData, box_of: impl Fn(&str) -> Option<&'a BBox>) -> Option<BBox> {
    if !data.regions.iter().any(|r| r.outside_focus) {
        return None;
    }
    data.focus_regions().filter_map(|r| box_of(&r.id)).fold(None, |acc: Option<BBox>, b| {
        Some(match acc {
            None => *b,
            Some(a) => [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])],
        })
    })
}

/// How to frame the map of `data` with the boxes of `index` (not loaded yet: nothing known, no zoom).
pub fn zoom(data: &MapData, index: Option<&GeoIndex>) -> Zoom {
    let Some(entry) = data.map.as_deref().and_then(|name| index?.entry(name)) else {
        return Zoom { extent: None, focus: None };
    };
    let boxes: HashMap<&str, &BBox> = entry.bboxes.iter().map(|(id, b)| (id.as_str(), b)).collect();
    Zoom { extent: Some(entry.bbox), focus: focus_box(data, |id| boxes.get(id).copied()) }
}

/// Serde of the feature boxes: a JSON object whose key order is kept.
mod ordered_boxes {
    use super::BBox;
    use serde::de::{MapAccess, Visitor};
    use serde::ser::SerializeMap;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(boxes: &[(String, BBox)], s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(boxes.len()))?;
        for (id, b) in boxes {
            map.serialize_entry(id, b)?;
        }
        map.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, BBox)>, D::Error> {
        struct Boxes;
        impl<'de> Visitor<'de> for Boxes {
            type Value = Vec<(String, BBox)>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of bounding boxes by unit id")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(out)
            }
        }
        d.deserialize_map(Boxes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::map_data;
    use crate::map::test_support::*;

    fn index() -> GeoIndex {
        GeoIndex {
            maps: vec![
                GeoIndexEntry {
                    name: "2025-01-commune".into(),
                    file: "2025-01-commune.json".into(),
                    period: Some("2025-01".into()),
                    level: Level::Commune,
                    features: 3,
                    bbox: [104.0, 18.0, 106.0, 20.0],
                    bboxes: vec![
                        ("9201@2025-01".into(), [105.5, 18.5, 106.0, 19.0]),
                        ("9101@2025-01".into(), [104.5, 19.0, 104.75, 19.25]),
                        ("9102@2025-01".into(), [104.75, 19.125, 105.0, 19.2]),
                    ],
                },
                GeoIndexEntry {
                    name: "province".into(),
                    file: "province.json".into(),
                    period: None,
                    level: Level::Province,
                    features: 1,
                    bbox: [103.8727, 18.5521, 105.8067, 20.0],
                    bboxes: vec![("40".into(), [103.8727, 18.5521, 105.8067, 20.0])],
                },
            ],
        }
    }

    #[test]
    fn the_index_reads_back_what_it_writes_keeping_the_order_of_the_features() {
        let text = index().to_json();
        assert!(
            text.starts_with("{\"maps\":[\n{\"name\":\"2025-01-commune\",\"file\":\"2025-01-commune.json\""),
            "{text}"
        );
        assert!(text.contains("\"bboxes\":{\"9201@2025-01\":[105.5,18.5,106,19],\"9101@2025-01\""), "{text}");
        assert!(text
            .contains("\"period\":null,\"level\":\"province\",\"features\":1,\"bbox\":[103.8727,18.5521,105.8067,20]"));
        assert!(text.ends_with("}}\n]}\n"));
        assert_eq!(GeoIndex::from_json(&text).unwrap(), index());
        assert_eq!(serde_json::from_str::<GeoIndex>(&serde_json::to_string(&index()).unwrap()).unwrap(), index());
    }

    #[test]
    fn the_published_index_reads_back_byte_for_byte() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/geo/index.json");
        let text = std::fs::read_to_string(path).unwrap();
        let index = GeoIndex::from_json(&text).unwrap();
        assert_eq!(index.entry("2025-07-commune").map(|m| m.bboxes.len()), Some(130));
        assert_eq!(index.to_json(), text);
    }

    #[test]
    fn a_drill_down_zooms_on_the_box_around_the_communes_in_focus_within_the_whole_map() {
        let db = synth();
        let mut s = state(Level::Commune, "members", "2025-H1", crate::i18n::Lang::Vi);
        s.parent = Some("901@2013".into());
        let data = map_data(&db, &s);
        let index = index();
        assert_eq!(
            zoom(&data, Some(&index)),
            Zoom { extent: Some([104.0, 18.0, 106.0, 20.0]), focus: Some([104.5, 19.0, 105.0, 19.25]) }
        );
        assert_eq!(zoom(&data, None), Zoom { extent: None, focus: None }, "no index yet: nothing to zoom on");
        s.parent = None;
        let whole = map_data(&db, &s);
        assert_eq!(zoom(&whole, Some(&index)).focus, None, "no drill-down: the whole map");
    }
}
