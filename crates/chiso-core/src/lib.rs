//! Pure logic of Chỉ số, with no browser dependency: the dataset model and its validation, queries and
//! aggregation, number and date formatting for Vietnamese and English, diacritics-insensitive search,
//! URL-state encoding, and the chart-option builders. Everything here is tested natively with `cargo test`.
#![deny(missing_docs)]

pub mod charts;
pub mod citation;
pub mod export;
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
pub mod format;
pub mod gate;
pub mod hash;
pub mod i18n;
pub mod keys;
pub mod links;
pub mod map;
pub mod model;
pub mod palette;
pub mod period;
pub mod profile;
pub mod query;
pub mod screen;
pub mod search;
pub mod sort;
pub mod state;
pub mod stream;
pub mod sym;
pub mod url;
pub mod validate;
