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

use leptos::prelude::*;

/// A flag that turns true in the next task (a zero timeout): what is built behind it is built in a task of its
/// own after the current one, so two short tasks block a tap on a phone for less than one long one. Stays false
/// if the component is gone by then.
pub fn next_task() -> ReadSignal<bool> {
    let (flag, set_flag) = signal(false);
    set_timeout(
        move || {
            let _ = set_flag.try_set(true);
        },
        std::time::Duration::ZERO,
    );
    flag
}
