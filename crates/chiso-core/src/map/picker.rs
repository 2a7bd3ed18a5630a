//! The keyboard's way into the map: a list of the map's regions ([`super::MapData::pickable`]) beside the map,
//! one tab stop, moved through with the arrow keys (the region under the cursor is highlighted on the map) and
//! activated with Enter, as a click on the region would ([`super::activate_on_map`]). [`pick_step`] decides where
//! a key moves the cursor.

use crate::search;

/// How many options Page Up and Page Down move by.
pub const PAGE: usize = 10;

/// Where a key moves the cursor of the list of `labels` (`(unit id, "Name: value")` as [`super::MapData::pickable`]
/// gives them) from `current`: ↓/↑ one option, Page Down/Page Up [`PAGE`] options, Home/End the first/last, and a
/// letter the next option whose name starts with it (diacritics folded: "d" finds "Đô Lương"). `None` when the
/// key does not move the cursor (Enter, Tab, an unmatched letter) or the list is empty.
pub fn pick_step(key: &str, current: Option<usize>, labels: &[(String, String)]) -> Option<usize> {
    let n = labels.len();
    let last = n.checked_sub(1)?;
    let at = current.map(|c| c.min(last));
    match key {
        "ArrowDown" => Some(at.map_or(0, |c| (c + 1).min(last))),
        "ArrowUp" => Some(at.map_or(0, |c| c.saturating_sub(1))),
        "PageDown" => Some(at.map_or(0, |c| (c + PAGE).min(last))),
        "PageUp" => Some(at.map_or(0, |c| c.saturating_sub(PAGE))),
        "Home" => Some(0),
        "End" => Some(last),
        k if k.chars().count() == 1 && k.chars().all(char::is_alphanumeric) => {
            let letter = search::fold(k);
            let start = at.map_or(0, |c| c + 1);
            (0..n).map(|i| (start + i) % n).find(|&i| name_starts_with(&labels[i].1, &letter))
        }
        _ => None,
    }
}

/// Whether the name in a label ("Xã An Hòa: 1.234"), after its unit type, starts with a folded letter: the list is
/// sorted by that name, so "c" finds "Thị xã Cửa Lò" among the C's, and "t" does not stop at every "Thị xã".
fn name_starts_with(label: &str, letter: &str) -> bool {
    let name = search::fold(label.split(':').next().unwrap_or(label));
    let short = ["thanh pho ", "thi xa ", "thi tran ", "huyen ", "phuong ", "xa ", "tinh "]
        .iter()
        .find_map(|t| name.strip_prefix(t))
        .unwrap_or(&name);
    short.starts_with(letter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::test_support::{region, state, synth};
    use crate::{i18n::Lang, model::Level};

    fn labels(names: &[&str]) -> Vec<(String, String)> {
        names.iter().enumerate().map(|(i, n)| (format!("u{i}"), format!("{n}: 1"))).collect()
    }

    #[test]
    fn arrows_pages_home_and_end_move_the_cursor_within_the_list() {
        let l = labels(&["Xã A", "Xã B", "Xã C"]);
        for (key, from, to) in [
            ("ArrowDown", None, Some(0)),
            ("ArrowDown", Some(0), Some(1)),
            ("ArrowDown", Some(2), Some(2)),
            ("ArrowUp", Some(0), Some(0)),
            ("ArrowUp", Some(2), Some(1)),
            ("PageDown", Some(0), Some(2)),
            ("PageUp", Some(2), Some(0)),
            ("Home", Some(2), Some(0)),
            ("End", None, Some(2)),
            ("Enter", Some(1), None),
            ("Tab", Some(1), None),
        ] {
            assert_eq!(pick_step(key, from, &l), to, "{key} from {from:?}");
        }
        assert_eq!(pick_step("ArrowDown", None, &[]), None, "an empty list has no cursor");
    }

    #[test]
    fn a_letter_finds_the_next_name_starting_with_it_diacritics_folded() {
        let l = labels(&["Huyện Anh Sơn", "Huyện Đô Lương", "Huyện Diễn Châu", "Thành phố Vinh", "Thị xã Cửa Lò"]);
        assert_eq!(pick_step("d", None, &l), Some(1), "d finds Đô Lương, after its unit type");
        assert_eq!(pick_step("d", Some(1), &l), Some(2), "then the next one");
        assert_eq!(pick_step("d", Some(2), &l), Some(1), "and wraps around");
        assert_eq!(pick_step("v", None, &l), Some(3));
        assert_eq!(pick_step("q", None, &l), None, "no name starts with q");
        assert_eq!(pick_step("t", None, &l), None, "the unit type is not the name");
        assert_eq!(pick_step("c", None, &l), Some(4));
    }

    #[test]
    fn every_region_can_be_picked_by_name_and_value() {
        let db = synth();
        let mut s = state(Level::Commune, "members", "2025-H1", Lang::Vi);
        s.parent = Some("901@2013".into());
        let data = crate::map::map_data(&db, &s);
        let picks = data.pickable();
        assert!(picks.iter().all(|(id, _)| id != "9201@2025-01"), "communes outside the drill-down are left out");
        assert_eq!(picks.len(), data.focus_regions().count());
        for (id, label) in &picks {
            let r = region(&data, id);
            assert!(label.starts_with(&format!("{}: ", r.name)), "{label}");
            assert!(label.ends_with(&data.value_label(r)), "{label}");
        }
        let none = crate::map::Region { value: crate::map::RegionValue::NoData, ..data.regions[0].clone() };
        assert_eq!(data.value_label(&none), "không có số liệu");
    }
}
