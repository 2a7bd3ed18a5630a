//! Chỉ số's file worker: a dedicated Web Worker that the app starts the first time the reader opens the file
//! dialog, drops a file or asks for the template. It runs the data tool's import, checks, template, diff and publish
//! code ([`chiso_data::worker::Session`]), so none of it is in the first load's wasm and a large sheet is read off
//! the page's thread.
//!
//! This shell only moves messages (`{ msg, bytes }`, see [`chiso_data::worker`]) and fetches the dataset a request
//! names (the HTTP cache or the service worker usually has it). Requests are answered one after the other, in the
//! order they came. A panic aborts the worker: the app sees its `error` event and offers to start it again.

#[cfg(target_arch = "wasm32")]
mod shell;

fn main() {
    #[cfg(target_arch = "wasm32")]
    shell::start();
}
