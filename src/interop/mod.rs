//! Bindings to JavaScript that the Rust crates do not provide.

pub mod echarts;
