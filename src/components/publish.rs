//! "Xuất bản / Publish": for a file that opened without errors, what it adds, removes and changes against the
//! published dataset, and the two downloads that publish it — the dataset JSON that replaces `nghe-an.json` on the
//! site, and the reviewer's report as CSV. Every text and file comes from `chiso_data::publish` (the data tool's
//! code, its list already written as escaped HTML, which keeps this panel's share of the wasm small); the diff is
//! computed once, when first asked for.

use crate::dom;
use chiso_core::i18n::Lang;
use chiso_core::query::Db;
use chiso_core::tr;
use chiso_data::diff::{diff, DatasetDiff};
use chiso_data::import::ImportIssue;
use chiso_data::publish;
use leptos::prelude::*;
use std::sync::{Arc, OnceLock};

/// Changes listed in the panel; the rest are counted, and all are in the report.
const SHOWN: usize = 100;

/// Today in the reader's time zone, `2026-12-06`: the edition's `published` date and the report's name.
fn today() -> String {
    let d = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", d.get_full_year(), d.get_month() + 1, d.get_date())
}

/// The panel under "the file is open": compare (the summary and the list of changes), then the downloads. `own` is
/// the opened file, `base` the published dataset, `warnings` the check's warnings (they go into the report).
#[component]
pub fn PublishPanel(own: Arc<Db>, base: Arc<Db>, warnings: Arc<Vec<ImportIssue>>, lang: Lang) -> impl IntoView {
    let cached: Arc<OnceLock<DatasetDiff>> = Arc::default();
    let html = RwSignal::new(String::new());
    let compare = {
        let (own, base, cached) = (own.clone(), base.clone(), cached.clone());
        move |_| {
            let d = cached.get_or_init(|| diff(&base.ds, &own.ds));
            let rows = publish::change_rows(d, &base.ds, &own.ds, lang);
            html.set(publish::changes_html(d, &rows, SHOWN, lang));
        }
    };
    let download_json = {
        let own = own.clone();
        move |_| {
            dom::download_text(publish::DATASET_FILE, "application/json", &publish::dataset_json(&own.ds, &today()))
        }
    };
    let download_report = move |_| {
        let d = cached.get_or_init(|| diff(&base.ds, &own.ds));
        let csv = publish::report_csv(&publish::change_rows(d, &base.ds, &own.ds, lang), &warnings, lang);
        dom::download_text(&publish::report_file_name(&today(), lang), "text/csv;charset=utf-8", &csv);
    };
    view! {
        <section class="publish-panel" aria-labelledby="publish-title">
            <h3 id="publish-title">{tr!(lang, "Xuất bản", "Publish")}</h3>
            <button type="button" on:click=compare>
                {tr!(lang, "So sánh với số liệu đang công bố", "Compare with the published data")}
            </button>
            <div class="publish-result" inner_html=move || html.get()></div>
            <p class="hint">
                {tr!(lang,
                    "Tải hai tệp: thay tệp nghe-an.json trên trang bằng tệp vừa tải (cùng thư mục với index.html), và gửi báo cáo kiểm tra cho người duyệt.",
                    "Download both files: replace nghe-an.json on the site with the downloaded one (the folder of index.html), and send the review report to the reviewer.",
                )}
            </p>
            <div class="actions">
                <button type="button" class="primary" on:click=download_json>
                    {tr!(lang, "Tải bộ dữ liệu (nghe-an.json)", "Download the dataset (nghe-an.json)")}
                </button>
                <button type="button" on:click=download_report>
                    {tr!(lang, "Tải báo cáo kiểm tra (CSV)", "Download the review report (CSV)")}
                </button>
            </div>
        </section>
    }
}
