//! The Chỉ số web app: thin Leptos components over the pure logic of `chiso-core`.
//!
//! Data flows one way: URL → [`chiso_core::state::ExplorerState`] → queries → view models → chart options →
//! ECharts (see ARCHITECTURE.md). This crate only fetches, wires signals and draws.

pub mod api;
pub mod app;
pub mod components;
pub mod context;
pub mod dom;
pub mod interop;
pub mod panic;
pub mod worker;

/// Installs the panic panel and mounts the app on `<body>`, in a task after the one that instantiated the wasm:
/// on a phone each of the two is then short enough not to block a tap for long (together they were one task of
/// about 67 ms, unthrottled, of which 35 ms mounting).
pub fn mount() {
    panic::install();
    leptos::prelude::set_timeout(|| leptos::mount::mount_to_body(app::App), std::time::Duration::ZERO);
}
