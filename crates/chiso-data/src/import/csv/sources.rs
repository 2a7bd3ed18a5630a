//! The sources of the rows: one per (address, title), reusing the base dataset's record for a source it already
//! has, and given ids unique across both — readable ones made from the address or the title, numbered (`-2`,
//! `-3`, …) when they clash.

use super::CsvImporter;
use crate::figures::source_ids;
use crate::text::words;
use chiso_core::model::Source;
use std::collections::HashSet;

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
        let mut taken: HashSet<String> = base.iter().map(|s| s.id.clone()).collect();
        let fresh_urls: Vec<&str> = self.sources.iter().filter(|s| !s.url.is_empty()).map(|s| s.url.as_str()).collect();
        let mut url_ids = source_ids(&fresh_urls).into_iter();
        let mut out = Vec::new();
        let mut ids = Vec::new();
        for s in &self.sources {
            let proposed = if s.url.is_empty() { None } else { url_ids.next() };
            let known = base.iter().find(|b| {
                if s.url.is_empty() {
                    b.url.is_none() && b.title == s.title
                } else {
                    b.url.as_deref() == Some(s.url.as_str())
                }
            });
            if let Some(b) = known {
                ids.push(b.id.clone());
                out.push(b.clone());
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
            let mut id = stem.clone();
            let mut n = 2;
            while taken.contains(&id) {
                id = format!("{stem}-{n}");
                n += 1;
            }
            taken.insert(id.clone());
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
