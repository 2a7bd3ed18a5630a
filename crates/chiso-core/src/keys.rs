//! Keyboard movement inside a composite widget with one tab stop (the ARIA tabs and toolbar patterns, "roving
//! tabindex"): which item the arrow keys, Home and End move focus to. The components only apply the answer.

/// Where focus goes in a row of `len` items when `key` (a `KeyboardEvent.key` value) is pressed while item
/// `current` has it: ArrowRight/ArrowDown the next (wrapping to the first), ArrowLeft/ArrowUp the previous
/// (wrapping to the last), Home the first, End the last. `None` for any other key or an empty row, so the key
/// keeps its usual meaning. From no focused item (`current` `None`) the arrows start at an end.
pub fn roving_target(key: &str, current: Option<usize>, len: usize) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let last = len - 1;
    match key {
        "ArrowRight" | "ArrowDown" => Some(current.map_or(0, |i| if i >= last { 0 } else { i + 1 })),
        "ArrowLeft" | "ArrowUp" => Some(current.map_or(last, |i| if i == 0 || i > last { last } else { i - 1 })),
        "Home" => Some(0),
        "End" => Some(last),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::roving_target;

    #[test]
    fn arrow_right_moves_to_the_next_item_and_wraps_from_the_last_to_the_first() {
        assert_eq!(roving_target("ArrowRight", Some(0), 5), Some(1));
        assert_eq!(roving_target("ArrowDown", Some(3), 5), Some(4));
        assert_eq!(roving_target("ArrowRight", Some(4), 5), Some(0));
    }

    #[test]
    fn arrow_left_moves_to_the_previous_item_and_wraps_from_the_first_to_the_last() {
        assert_eq!(roving_target("ArrowLeft", Some(2), 5), Some(1));
        assert_eq!(roving_target("ArrowUp", Some(1), 5), Some(0));
        assert_eq!(roving_target("ArrowLeft", Some(0), 5), Some(4));
    }

    #[test]
    fn home_and_end_go_to_the_first_and_the_last_item() {
        assert_eq!(roving_target("Home", Some(3), 5), Some(0));
        assert_eq!(roving_target("End", Some(1), 5), Some(4));
    }

    #[test]
    fn other_keys_and_empty_rows_move_nothing() {
        for key in ["Enter", " ", "Tab", "a", "Escape"] {
            assert_eq!(roving_target(key, Some(1), 5), None, "{key}");
        }
        assert_eq!(roving_target("ArrowRight", None, 0), None);
        assert_eq!(roving_target("Home", Some(0), 0), None);
    }

    #[test]
    fn without_a_focused_item_the_arrows_start_at_an_end() {
        assert_eq!(roving_target("ArrowRight", None, 3), Some(0));
        assert_eq!(roving_target("ArrowLeft", None, 3), Some(2));
    }

    #[test]
    fn a_single_item_keeps_focus_on_itself() {
        for key in ["ArrowRight", "ArrowLeft", "Home", "End"] {
            assert_eq!(roving_target(key, Some(0), 1), Some(0), "{key}");
        }
    }
}
