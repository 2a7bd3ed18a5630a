//! The Chỉ số web app: Leptos components compiled to WebAssembly.
