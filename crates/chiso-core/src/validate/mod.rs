//! Content checks on a [`Dataset`](crate::model::Dataset): every reference resolves, every value fits its
//! indicator's measure, every unit is in force when its figure refers to, every source address is an `http(s)` one
//! (never `javascript:`: [`crate::links::safe_link`]), every figure has its exact sentence and its value is written in
//! it (unless the row says how it was `derived`; [`sentence`]), parts agree with their totals, and nothing is listed
//! twice.
//!
//! [`validate`] is pure and returns every problem it finds as an [`Issue`]; an empty list means the dataset is
//! valid. Each issue names where it is ([`Context`]: the row or record id and the column) and what is wrong
//! ([`IssueKind`]), and reads in either language ([`Issue::message`]; its `Display` is the English one).
//!
//! Figures that disagree are *not* issues: two sources giving different numbers for the same unit and date
//! (1,447 vs 1,454 grassroots organisations in 2020) are both kept, and so are two figures of one source for the
//! same unit at different dates.
//!
//! The issue types and their messages are in [`issue`], the checks and the sliced [`Validator`] in [`checks`].

pub mod checks;
pub mod issue;
pub mod sentence;
#[cfg(test)]
mod tests;

pub use checks::{validate, Validator};
pub use issue::{Collection, Context, Issue, IssueKind, Subject};
pub use sentence::value_in_sentence;

/// Largest difference tolerated between a percent total and the sum of its parts (published shares are rounded).
pub const PERCENT_TOLERANCE: f64 = 0.05;
