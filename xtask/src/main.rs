//! Developer commands for Chỉ số (`cargo xtask <command>`).
fn main() {}
