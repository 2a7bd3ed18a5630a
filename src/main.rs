//! Entry point: mounts the app.
fn main() {}
