//! Thin Leptos components. Each reads the explorer state and the dataset, asks `chiso-core` for a view model,
//! and draws it; none holds logic that could be tested without a browser.

pub mod actions;
pub mod controls;
pub mod echart;
pub mod map;
pub mod offline;
pub mod profile;
pub mod publish;
pub mod sources;
pub mod table;
pub mod upload;
pub mod views;
