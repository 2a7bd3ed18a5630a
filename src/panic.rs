//! A Rust panic is a bug: log it to the console (console_error_panic_hook) and show a visible panel in both
//! languages instead of leaving a frozen or blank page.

use chiso_core::i18n::{t, Lang, Msg};
use wasm_bindgen::JsCast;

/// Installs the panic hook.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_panel(&info.to_string());
    }));
}

fn show_panel(detail: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = doc.body() else { return };
    let Ok(panel) = doc.create_element("div") else { return };
    panel.set_class_name("panic-panel");
    let _ = panel.set_attribute("role", "alert");
    let text = format!(
        "<h2>{}</h2><p>{}</p><p lang=\"en\"><b>{}</b> {}</p><pre></pre>",
        t(Msg::ErrorPanelTitle, Lang::Vi),
        t(Msg::ErrorPanelBody, Lang::Vi),
        t(Msg::ErrorPanelTitle, Lang::En),
        t(Msg::ErrorPanelBody, Lang::En),
    );
    panel.set_inner_html(&text);
    if let Ok(Some(pre)) = panel.query_selector("pre") {
        pre.set_text_content(Some(detail));
    }
    if let Ok(el) = panel.dyn_into::<web_sys::HtmlElement>() {
        let _ = body.prepend_with_node_1(&el);
    }
    // The panel must be seen, not hidden behind the page drawn at build time.
    crate::dom::take_over_now();
}
