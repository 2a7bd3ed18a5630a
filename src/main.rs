//! Entry point: mounts the app. Everything else is in the library so tests can import it.
fn main() {
    chiso::mount();
}
