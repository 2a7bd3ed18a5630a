//! "Xuất bản / Publish": for a file that opened without errors, what it adds, removes and changes against the
//! published dataset, and the two downloads that publish it — the dataset JSON that replaces `nghe-an.json` on the
//! site, and the reviewer's report as CSV. Every text and file is written by the file worker (`crate::worker`, with
//! `chiso_data::publish`, the data tool's code; the list comes as escaped HTML), which holds the opened file and
//! computes the diff once, when first asked for.

use crate::worker::{self, WorkerError};
use chiso_core::i18n::Lang;
use chiso_core::tr;
use chiso_data::worker::{Request, Response};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Today in the reader's time zone, `2026-12-06`: the edition's `published` date and the report's name.
fn today() -> String {
    let d = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", d.get_full_year(), d.get_month() + 1, d.get_date())
}

/// The panel under "the file is open": compare (the summary and the list of changes), then the downloads, of the
/// file the worker opened last.
#[component]
pub fn PublishPanel(lang: Lang) -> impl IntoView {
    let html = RwSignal::new(String::new());
    let trouble = RwSignal::new(None::<WorkerError>);
    let run = move |job: std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), WorkerError>>>>| {
        trouble.set(None);
        spawn_local(async move {
            if let Err(e) = job.await {
                trouble.set(Some(e));
            }
        });
    };
    let compare = move |_| {
        run(Box::pin(async move {
            match worker::ask(|id| Request::Changes { id, lang }, None, None).await? {
                (Response::Changes { html: h, .. }, _) => html.set(h),
                (other, _) => return Err(WorkerError::Crashed(format!("unexpected answer: {}", other.to_json()))),
            }
            Ok(())
        }))
    };
    let download_json = move |_| run(Box::pin(worker::download(|id| Request::PublishedJson { id, date: today() })));
    let download_report =
        move |_| run(Box::pin(worker::download(move |id| Request::Report { id, date: today(), lang })));
    view! {
        <section class="publish-panel" aria-labelledby="publish-title">
            <h3 id="publish-title">{tr!(lang, "Xuất bản", "Publish")}</h3>
            <button type="button" on:click=compare>
                {tr!(lang, "So sánh với số liệu đang công bố", "Compare with the published data")}
            </button>
            <div class="publish-result" inner_html=move || html.get()></div>
            {move || trouble.get().map(|e| view! { <p class="hint" role="alert">{e.message(lang)}</p> })}
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
