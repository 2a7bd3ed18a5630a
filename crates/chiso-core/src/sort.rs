//! Stable sorts that share one copy of the sorting code.
//!
//! `slice::sort_by` and its relatives are generic over the element type and the comparison, so every call site gets
//! its own copy of the standard library's sort (about 4 KB of wasm each; the app had some twenty). These functions
//! sort a list of positions with the comparison behind a `dyn` reference, so one copy serves every call, then move
//! the elements into that order. The result is exactly that of the standard sort they replace: stable, by the same
//! comparison. `BTreeSet`s are likewise filled by [`set`], not `collect()`, which sorts its input first.

use std::cmp::Ordering;
use std::collections::BTreeSet;

/// Sorts `items` by `compare`, stably (like `slice::sort_by`).
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_positions(&mut order, &mut |a, b| compare(&items[a], &items[b]));
    apply(items, &mut order);
}

/// Sorts `items` by a key, stably (like `slice::sort_by_key`). The key is computed once per item, as in
/// [`sort_by_cached_key`]: the same order for a key that depends only on the item, and faster when the key costs
/// something (a map lookup), which pays for the indirection of sorting positions.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl FnMut(&T) -> K) {
    sort_by_cached_key(items, key);
}

/// Sorts `items` by a key computed once per item, stably (like `slice::sort_by_cached_key`).
pub fn sort_by_cached_key<T, K: Ord>(items: &mut [T], key: impl FnMut(&T) -> K) {
    if items.len() < 2 {
        return;
    }
    let keys: Vec<K> = items.iter().map(key).collect();
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_positions(&mut order, &mut |a, b| keys[a].cmp(&keys[b]));
    apply(items, &mut order);
}

/// Sorts `items` in their natural order (like `slice::sort`, or `sort_unstable` on numbers).
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The items as a set, inserted one by one.
pub fn set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut out = BTreeSet::new();
    for item in items {
        out.insert(item);
    }
    out
}

/// The one instance of the standard sort: positions, compared through `compare`.
#[inline(never)]
fn sort_positions(order: &mut [usize], compare: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| compare(a, b));
}

/// Moves `items` so that position `k` holds the item that was at `order[k]`, following each cycle of the
/// permutation with swaps. `order` is used up (every entry ends as its own position).
fn apply<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..items.len() {
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start || from == at {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the tests need no crate.
    fn numbers(seed: u64, n: usize, range: u64) -> Vec<u64> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (x >> 33) % range
            })
            .collect()
    }

    #[test]
    fn sorting_by_a_comparison_matches_the_standard_stable_sort() {
        for (seed, n, range) in [(1, 0, 5), (2, 1, 5), (3, 2, 2), (4, 17, 3), (5, 300, 10), (6, 2000, 100_000)] {
            // Pairs (key, original position): equal keys must keep their order.
            let items: Vec<(u64, usize)> = numbers(seed, n, range).into_iter().zip(0..).collect();
            let compare = |a: &(u64, usize), b: &(u64, usize)| (a.0 % 3).cmp(&(b.0 % 3)).then(b.0.cmp(&a.0));
            let mut expected = items.clone();
            expected.sort_by(compare);
            let mut actual = items.clone();
            sort_by(&mut actual, compare);
            assert_eq!(actual, expected, "n = {n}");

            let mut by_key = items.clone();
            sort_by_key(&mut by_key, |p| p.0 % 7);
            let mut expected = items.clone();
            expected.sort_by_key(|p| p.0 % 7);
            assert_eq!(by_key, expected);

            let mut cached = items.clone();
            sort_by_cached_key(&mut cached, |p| (p.0 % 5).to_string());
            let mut expected = items.clone();
            expected.sort_by_cached_key(|p| (p.0 % 5).to_string());
            assert_eq!(cached, expected);

            let mut natural = items.clone();
            sort(&mut natural);
            let mut expected = items;
            expected.sort();
            assert_eq!(natural, expected);
        }
    }

    #[test]
    fn sorting_moves_owned_values_without_losing_any() {
        let mut words: Vec<String> = ["pear", "fig", "apple", "kiwi", "fig", "banana"].map(String::from).to_vec();
        sort_by_key(&mut words, |w| w.len());
        assert_eq!(words, ["fig", "fig", "pear", "kiwi", "apple", "banana"]);
    }

    #[test]
    fn a_set_holds_each_item_once_in_order() {
        assert_eq!(set([3, 1, 3, 2]).into_iter().collect::<Vec<_>>(), [1, 2, 3]);
        assert!(set(Vec::<i32>::new()).is_empty());
    }
}
