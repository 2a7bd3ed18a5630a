//! The toolbar under a view: share the link, embed it in an article, download the chart (PNG, SVG) and the data
//! (CSV, JSON; the displayed figures or the whole dataset). Texts, file names and snippets come from
//! `chiso_core::export`; this component only wires buttons to the browser.

use crate::context::{DarkMode, MapIndex};
use crate::dom;
use crate::interop::echarts::{ensure_extra, export_image, extra_name};
use chiso_core::export;
use chiso_core::query::Db;
use chiso_core::screen::Screen;
use chiso_core::state::ExplorerState;
use chiso_core::tr;
use leptos::html::Dialog;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

/// The full explorer's address for a query (the default view has none).
pub fn full_url(query: &str) -> String {
    if query.is_empty() {
        dom::page_base_url()
    } else {
        format!("{}?{query}", dom::page_base_url())
    }
}

/// Share, embed and download buttons for the current view.
#[component]
pub fn ViewActions(db: Arc<Db>, state: RwSignal<ExplorerState>) -> impl IntoView {
    let lang = Memo::new(move |_| state.with(|s| s.lang));
    let dark = use_context::<DarkMode>().map(|d| d.0);
    let index = MapIndex::get_or_new().0;
    let status = RwSignal::new(String::new());
    let dialog = NodeRef::<Dialog>::new();
    let say = move |text: &str| status.set(text.to_string());

    let db_share = db.clone();
    let share = move |_| {
        let (url, title, lang) = state.with(|s| {
            let screen = Screen::new(&db_share, s);
            (full_url(&screen.share_query()), screen.title(), s.lang)
        });
        if dom::share(&url, &title) {
            return;
        }
        if dom::copy_text(&url) {
            say(tr!(lang, "Đã chép đường dẫn.", "Link copied."));
        } else {
            say(&format!("{} {url}", tr!(lang, "Đường dẫn:", "Link:")));
        }
    };
    let image = {
        let db = db.clone();
        move |svg: bool| {
            let dark = dark.is_some_and(|d| d.get_untracked());
            let (spec, stem) = state.with(|s| {
                let index = index.get_untracked();
                let screen = Screen::new(&db, s).with_index(index.as_deref());
                (screen.export_chart(dark), export::file_stem(&screen))
            });
            let Some(spec) = spec else { return };
            // Titles and the SVG renderer are in the part of ECharts loaded on first use.
            spawn_local(async move {
                let out = match ensure_extra().await {
                    Ok(()) => export_image(&spec, dark, svg),
                    Err(e) => Err(e.describe(lang.get_untracked(), extra_name(lang.get_untracked()))),
                };
                match out {
                    Ok(out) if svg => dom::download_text(&format!("{stem}.svg"), "image/svg+xml;charset=utf-8", &out),
                    Ok(out) => dom::download_url(&format!("{stem}.png"), &out),
                    Err(e) => say(&format!(
                        "{} {e}",
                        tr!(lang.get_untracked(), "Không xuất được ảnh:", "Could not export the image:")
                    )),
                }
            });
        }
    };
    let image_svg = image.clone();
    let data_file = {
        let db = db.clone();
        move |kind: &'static str| {
            let (name, mime, text) = state.with(|s| {
                let screen = Screen::new(&db, s);
                let stem = export::file_stem(&screen);
                match kind {
                    "json" => {
                        (format!("{stem}.json"), "application/json;charset=utf-8", export::displayed_json(&screen))
                    }
                    "all" => (
                        "chiso_nghe-an_all-figures.csv".to_string(),
                        "text/csv;charset=utf-8",
                        export::dataset_csv(&db, s.lang),
                    ),
                    _ => (format!("{stem}.csv"), "text/csv;charset=utf-8", export::displayed_csv(&screen)),
                }
            });
            dom::download_text(&name, mime, &text);
        }
    };
    let data_json = data_file.clone();
    let data_all = data_file.clone();
    let has_chart = {
        let db = db.clone();
        Memo::new(move |_| state.with(|s| Screen::new(&db, s).kind().has_chart()))
    };
    let embed_open = RwSignal::new(false);
    let open_embed = move |_| {
        embed_open.set(true);
        if let Some(d) = dialog.get() {
            let _ = d.show_modal();
        }
    };
    // ARIA toolbar: one tab stop (the first button, then the last one moved to), the arrow keys, Home and End move
    // between the buttons (`dom::keyboard_patterns`). The image buttons without a chart stay focusable (aria-disabled), as the pattern
    // advises, so the stop never lands on a button that cannot take focus.
    view! {
        <div
            class="view-actions"
            role="toolbar"
            aria-label=move || tr!(lang.get(), "Chia sẻ và tải về", "Share and download")
        >
            <button type="button" on:click=share>{move || tr!(lang.get(), "Chia sẻ", "Share")}</button>
            <button type="button" tabindex="-1" on:click=open_embed>{move || tr!(lang.get(), "Nhúng", "Embed")}</button>
            <button type="button" tabindex="-1" aria-disabled=move || (!has_chart.get()).to_string() on:click=move |_| image(false)>
                {move || tr!(lang.get(), "Tải ảnh PNG", "Download PNG")}
            </button>
            <button type="button" tabindex="-1" aria-disabled=move || (!has_chart.get()).to_string() on:click=move |_| image_svg(true)>
                {move || tr!(lang.get(), "Tải ảnh SVG", "Download SVG")}
            </button>
            <button type="button" tabindex="-1" on:click=move |_| data_file("csv")>{move || tr!(lang.get(), "Tải CSV", "Download CSV")}</button>
            <button type="button" tabindex="-1" on:click=move |_| data_json("json")>{move || tr!(lang.get(), "Tải JSON", "Download JSON")}</button>
            <button type="button" tabindex="-1" on:click=move |_| data_all("all")>
                {move || tr!(lang.get(), "Toàn bộ dữ liệu (CSV)", "All figures (CSV)")}
            </button>
            <p class="action-status" role="status" aria-live="polite">{move || status.get()}</p>
        </div>
        <EmbedDialog db state dialog open=embed_open />
    }
}

#[component]
fn EmbedDialog(
    db: Arc<Db>,
    state: RwSignal<ExplorerState>,
    dialog: NodeRef<Dialog>,
    open: RwSignal<bool>,
) -> impl IntoView {
    let lang = Memo::new(move |_| state.with(|s| s.lang));
    let with_table = RwSignal::new(false);
    let copied = RwSignal::new(false);
    let title = {
        let db = db.clone();
        Memo::new(move |_| state.with(|s| Screen::new(&db, s).title()))
    };
    let snippet = Memo::new(move |_| {
        state.with(|s| export::iframe_snippet(&dom::page_base_url(), s, with_table.get(), &title.get()))
    });
    let preview = Memo::new(move |_| state.with(|s| export::embed_url(&dom::page_base_url(), s, with_table.get())));
    let close = move |_| {
        if let Some(d) = dialog.get() {
            d.close();
        }
        copied.set(false);
    };
    view! {
        <dialog class="embed-dialog" node_ref=dialog aria-labelledby="embed-title" on:close=move |_| open.set(false)>
            <div class="embed-dialog-head">
                <h2 id="embed-title">{move || tr!(lang.get(), "Nhúng vào bài viết", "Embed in an article")}</h2>
                <button type="button" class="close" aria-label=move || tr!(lang.get(), "Đóng", "Close") on:click=close>"×"</button>
            </div>
            <fieldset class="embed-options">
                <legend>{move || tr!(lang.get(), "Nội dung", "Content")}</legend>
                <label>
                    <input type="radio" name="embed-kind" prop:checked=move || !with_table.get() on:change=move |_| with_table.set(false) />
                    {move || tr!(lang.get(), "Chỉ biểu đồ", "Chart only")}
                </label>
                <label>
                    <input type="radio" name="embed-kind" prop:checked=move || with_table.get() on:change=move |_| with_table.set(true) />
                    {move || tr!(lang.get(), "Biểu đồ và bảng", "Chart and table")}
                </label>
            </fieldset>
            <label class="snippet-label" for="embed-snippet">{move || tr!(lang.get(), "Mã nhúng (HTML)", "Embed code (HTML)")}</label>
            <textarea id="embed-snippet" class="snippet" readonly rows="4" prop:value=move || snippet.get()></textarea>
            <p class="hint">
                {move || tr!(lang.get(),
                    "Thêm một lần <script src=\"…/embed.js\"></script> vào trang để khung tự điều chỉnh chiều cao.",
                    "Add <script src=\"…/embed.js\"></script> once to the page so the frame adjusts its height.",
                )}
            </p>
            <button
                type="button"
                class="primary"
                on:click=move |_| copied.set(dom::copy_text(&snippet.get_untracked()))
            >
                {move || if copied.get() { tr!(lang.get(), "Đã chép", "Copied") } else { tr!(lang.get(), "Chép mã nhúng", "Copy the code") }}
            </button>
            <h3>{move || tr!(lang.get(), "Xem trước", "Preview")}</h3>
            // The preview loads only while the dialog is open.
            {move || open.get().then(|| view! {
                <iframe class="embed-preview" src=move || preview.get() title=move || title.get()></iframe>
            })}
        </dialog>
    }
}
