//! The sources of the rows: one per (address, title), reusing the base dataset's record for a source it already
//! has, and given ids unique across both — readable ones made from the address or the title, numbered (`-2`,
//! `-3`, …) when they clash.

use super::CsvImporter;
use crate::figures::source_ids;
use crate::text::words;
use chiso_core::model::Source;
use std::collections::{HashMap, HashSet};

/// A source as collected from rows, keyed by (url, title).
#[derive(Debug, Clone)]
pub(super) struct PendingSource {
    pub(super) url: String,
    pub(super) title: String,
    pub(super) date: String,
    pub(super) publisher: String,
    pub(super) language: String,
    pub(super) first_row: usize,
}

impl CsvImporter {
    /// The sources of the rows, reusing the base dataset's record (id, publisher, …) for a source it already has
    /// (same address, or same title when there is no address), with ids unique across both.
    pub(super) fn resolve_sources(&self) -> (Vec<Source>, Vec<String>) {
        let base = &self.base.ds.sources;
        let mut taken = TakenIds::new(base.iter().map(|s| s.id.clone()));
        // The first base source of each address, and of each title without an address.
        let mut base_by_url: HashMap<&str, &Source> = HashMap::new();
        let mut base_by_title: HashMap<&str, &Source> = HashMap::new();
        for b in base {
            match b.url.as_deref() {
                Some(url) => base_by_url.entry(url).or_insert(b),
                None => base_by_title.entry(b.title.as_str()).or_insert(b),
            };
        }
        let fresh_urls: Vec<&str> = self.sources.iter().filter(|s| !s.url.is_empty()).map(|s| s.url.as_str()).collect();
        let mut url_ids = source_ids(&fresh_urls).into_iter();
        let mut out = Vec::new();
        let mut ids = Vec::new();
        for s in &self.sources {
            let proposed = if s.url.is_empty() { None } else { url_ids.next() };
            let known =
                if s.url.is_empty() { base_by_title.get(s.title.as_str()) } else { base_by_url.get(s.url.as_str()) };
            if let Some(b) = known {
                ids.push(b.id.clone());
                out.push((*b).clone());
                continue;
            }
            let stem = match proposed {
                Some(id) if !id.is_empty() => id,
                _ => {
                    let w = words(&s.title);
                    let head = w.iter().take(6).cloned().collect::<Vec<_>>().join("-");
                    if head.is_empty() {
                        "source".to_string()
                    } else {
                        head
                    }
                }
            };
            let id = taken.claim(stem);
            let publisher = if !s.publisher.is_empty() {
                s.publisher.clone()
            } else {
                let rest = s.url.split_once("://").map_or(s.url.as_str(), |(_, r)| r);
                rest.split(['/', '?']).next().unwrap_or("").trim_start_matches("www.").to_string()
            };
            ids.push(id.clone());
            out.push(Source {
                id,
                title: if s.title.is_empty() { s.url.clone() } else { s.title.clone() },
                title_derived: false,
                note: None,
                publisher,
                date: s.date.clone(),
                url: (!s.url.is_empty()).then(|| s.url.clone()),
                file: None,
                language: s.language.clone(),
            });
        }
        // Base sources cited by several keys appear once.
        let mut seen = HashSet::new();
        out.retain(|s| seen.insert(s.id.clone()));
        (out, ids)
    }
}

/// The ids given so far, and for each stem the next number to try, so that numbering the n-th source of one stem
/// tries one id (amortised) instead of the n − 1 before it: an import of many sources whose titles start alike
/// stays linear.
#[derive(Debug, Default)]
struct TakenIds {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl TakenIds {
    fn new(ids: impl IntoIterator<Item = String>) -> TakenIds {
        TakenIds { taken: ids.into_iter().collect(), next: HashMap::new() }
    }

    /// `stem` if no one has it, else the first of `stem-2`, `stem-3`, … no one has; it is taken from then on.
    /// The numbers below a stem's counter were all taken when tried, and ids are never given back, so starting
    /// there finds the same id as trying from 2.
    fn claim(&mut self, stem: String) -> String {
        if !self.taken.contains(&stem) {
            self.taken.insert(stem.clone());
            return stem;
        }
        let n = self.next.entry(stem.clone()).or_insert(2);
        loop {
            let id = format!("{stem}-{n}");
            *n += 1;
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_free_stem_is_kept_and_clashes_are_numbered_from_two_skipping_ids_already_taken() {
        let mut taken = TakenIds::new(["a".to_string(), "a-3".to_string()]);
        let claimed: Vec<String> =
            ["a", "a", "b", "a", "a-2", "b"].iter().map(|s| taken.claim(s.to_string())).collect();
        assert_eq!(claimed, ["a-2", "a-4", "b", "a-5", "a-2-2", "b-2"]);
    }
}
