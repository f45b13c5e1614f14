//! Stable sorting with one copy of the sort in the app.
//!
//! The standard library's sorts are generic over the element and the comparison, so every
//! `sort_by_key` call site with its own closure is a copy of the whole sort algorithm:
//! about 3 KB of WebAssembly each, 34 of them 114 KB of the app before this module. These
//! functions sort a list of positions with one non-generic comparison (`&dyn Fn`) and
//! then move the elements into that order, so the algorithm is compiled once and each
//! call site adds only its comparison and the move. Same results as the standard stable
//! sorts (equal elements keep their order); the app's lists are at most a few thousand
//! long, where the extra allocation does not show.

use std::cmp::Ordering;

/// `v.sort()`.
pub fn all<T: Ord>(v: &mut Vec<T>) {
    by(v, T::cmp)
}

/// `v.sort_by(cmp)`.
pub fn by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let order = positions(v.len(), &|a, b| cmp(&v[a], &v[b]));
    reorder(v, &order);
}

/// `v.sort_by_key(key)`: the key is computed for each comparison.
pub fn by_key<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)))
}

/// `v.sort_by_cached_key(key)`: the key is computed once per element (for keys that
/// allocate, such as a lowercased name).
pub fn by_cached_key<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    let keys: Vec<K> = v.iter().map(key).collect();
    let order = positions(v.len(), &|a, b| keys[a].cmp(&keys[b]));
    reorder(v, &order);
}

/// The positions `0..n` in sorted order: the one instantiation of the standard sort.
fn positions(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Moves the elements of `v` into `order` (each position once).
fn reorder<T>(v: &mut Vec<T>, order: &[usize]) {
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.iter().filter_map(|&i| slots[i].take()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sorts() {
        let words = [
            "pekalongan",
            "Batang",
            "batik",
            "Alun",
            "alun",
            "",
            "kota",
            "batik",
        ];
        let mut mine: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        let mut std = mine.clone();
        all(&mut mine);
        std.sort();
        assert_eq!(mine, std);

        // Stable: equal keys keep their order (the index tells them apart).
        let mut mine: Vec<(String, usize)> = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.to_lowercase(), i))
            .collect();
        let mut std = mine.clone();
        by_key(&mut mine, |(w, _)| w.len());
        std.sort_by_key(|(w, _)| w.len());
        assert_eq!(mine, std);

        let mut cached = std.clone();
        by_cached_key(&mut cached, |(w, _)| std::cmp::Reverse(w.clone()));
        std.sort_by_cached_key(|(w, _)| std::cmp::Reverse(w.clone()));
        assert_eq!(cached, std);

        let mut mine = vec![3, 1, 2, 1];
        by(&mut mine, |a, b| b.cmp(a));
        assert_eq!(mine, [3, 2, 1, 1]);
    }

    #[test]
    fn empty_and_single_lists_stay_as_they_are() {
        let mut empty: Vec<u8> = Vec::new();
        all(&mut empty);
        assert!(empty.is_empty());
        let mut one = vec!["satu"];
        by_key(&mut one, |s| s.len());
        assert_eq!(one, ["satu"]);
    }
}
