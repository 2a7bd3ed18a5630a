//! "Open your own file": the reader's CSV or JSON is read and checked with the same import code as the
//! command-line data tool (`chiso_data::import`), in the file worker (`crate::worker`, a second wasm loaded on first
//! use and run off the page's thread), and, when it has no errors, shown instead of the published data, under a
//! banner that cannot be missed. Nothing leaves the reader's machine.
//!
//! The worker reads a large file in slices and says how far it is; the page only moves a progress bar, shows the
//! issue table the worker wrote (in both languages) and reads the opened file's dataset JSON with the published
//! dataset's reader (`api::read_dataset`). A worker that fails to start or stops is a message with a retry; the
//! file the reader chose is kept for it.

use super::publish::PublishPanel;
use crate::api::{self, dataset_address};
use crate::context::{OwnData, OwnDataSlot, PublishedDb};
use crate::worker::{self, WorkerError};
use chiso_core::i18n::{t, Lang, Msg};
use chiso_core::query::Db;
use chiso_core::state::ExplorerState;
use chiso_core::tr;
use chiso_data::import::MAX_IMPORT_BYTES;
use chiso_data::worker::{IssueTable, Request, Response};
use leptos::ev;
use leptos::html::{Dialog, Input};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;
use std::sync::Arc;

use wasm_bindgen_futures::JsFuture;

/// What to do again after a failure.
#[derive(Clone, Copy, PartialEq)]
enum Retry {
    /// Read the file chosen last again.
    Open,
    /// Ask for the template again.
    Template,
}

/// What went wrong outside the file's own issues.
#[derive(Clone)]
enum Trouble {
    /// The worker did not start, stopped, or could not do it.
    Worker(WorkerError),
    /// The browser could not read the file (it changed or went away since it was chosen).
    Read(String),
}

impl Trouble {
    fn message(&self, lang: Lang) -> String {
        match self {
            Trouble::Worker(e) => e.message(lang),
            Trouble::Read(detail) => tr!(
                lang,
                "Không đọc được tệp ({detail}). Tệp có thể đã bị đổi hoặc xoá: chọn lại tệp.",
                "The file could not be read ({detail}). It may have changed or been removed: choose it again.",
                detail = detail
            ),
        }
    }
}

/// What the open-file dialog shows.
#[derive(Clone, Default)]
enum Phase {
    #[default]
    Idle,
    Reading {
        file: String,
        done: f64,
    },
    Failed {
        file: String,
        issues: Arc<IssueTable>,
        rows: usize,
    },
    Opened {
        file: String,
        warnings: Arc<IssueTable>,
        synthetic: bool,
    },
    Broken {
        trouble: Trouble,
        retry: Retry,
    },
}

async fn read_bytes(file: &web_sys::File) -> Result<js_sys::ArrayBuffer, String> {
    let buf = JsFuture::from(file.array_buffer()).await.map_err(|e| format!("{e:?}"))?;
    Ok(buf.into())
}

/// Has the worker read and check a file and, when it has no errors, opens it. `current` says whether this is still
/// the file the reader chose last (a file chosen meanwhile wins).
async fn open_file(
    file: web_sys::File,
    data: Option<String>,
    phase: RwSignal<Phase>,
    slot: OwnDataSlot,
    current: impl Fn() -> bool + 'static,
) {
    let name = file.name();
    let current = Rc::new(current);
    let set = {
        let current = current.clone();
        move |p: Phase| {
            if current() {
                phase.set(p);
            }
        }
    };
    set(Phase::Reading { file: name.clone(), done: 0.0 });
    let size = file.size() as usize;
    // A file over the limit is refused without loading its bytes into memory.
    let bytes = if size > MAX_IMPORT_BYTES {
        None
    } else {
        match read_bytes(&file).await {
            Ok(b) => Some(b),
            Err(e) => return set(Phase::Broken { trouble: Trouble::Read(e), retry: Retry::Open }),
        }
    };
    let dataset_url = match dataset_address(data.as_deref()) {
        Ok(url) => url,
        Err(e) => return set(Phase::Broken { trouble: Trouble::Read(e.message(Lang::En)), retry: Retry::Open }),
    };
    let progress: Rc<dyn Fn(f64)> = {
        let (name, current) = (name.clone(), current.clone());
        Rc::new(move |done| {
            if current() {
                phase.set(Phase::Reading { file: name.clone(), done });
            }
        })
    };
    let file_name = name.clone();
    let answer =
        worker::ask(move |id| Request::Import { id, file_name, size, dataset_url }, bytes, Some(progress)).await;
    let trouble = |e| Phase::Broken { trouble: Trouble::Worker(e), retry: Retry::Open };
    match answer {
        Ok((Response::Refused { rows, issues, .. }, _)) => {
            set(Phase::Failed { file: name, issues: Arc::new(issues), rows })
        }
        Ok((Response::Opened { warnings, .. }, Some(json))) => match api::read_dataset(&json).await {
            Ok(db) if current() => {
                let synthetic = db.ds.synthetic;
                slot.0.set(Some(OwnData { db: Arc::new(db), file_name: name.clone() }));
                set(Phase::Opened { file: name, warnings: Arc::new(warnings), synthetic });
            }
            Ok(_) => {}
            Err(e) => set(trouble(WorkerError::Crashed(e.message(Lang::En)))),
        },
        Ok((other, _)) => set(trouble(WorkerError::Crashed(format!("unexpected answer: {}", other.to_json())))),
        Err(e) => set(trouble(e)),
    }
}

/// The issue table the worker wrote: errors one by one, a warning repeated on many rows once with its rows, at
/// most `chiso_data::worker::MAX_ISSUE_LINES` lines, then "… and N more" and a download of the whole list (written
/// by the worker: 276,000 issues froze the page for seconds when the page wrote them).
fn issue_table(issues: Arc<IssueTable>, lang: Lang, head: bool) -> impl IntoView {
    let rows = issues
        .lines
        .iter()
        .map(|line| {
            let mut rows = line.rows.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
            if line.more > 0 {
                rows = format!("{rows} … (+{})", chiso_core::format::number(line.more as f64, Some(0), lang));
            }
            view! {
                <tr class:warning=!line.error>
                    <td class="num">{rows}</td>
                    <td>{line.column.clone()}</td>
                    <td class="value">{line.value.clone()}</td>
                    <td>
                        {if line.error { tr!(lang, "Lỗi", "Error") } else { tr!(lang, "Cảnh báo", "Warning") }}
                    </td>
                    <td>{line.message.get(lang).to_string()}</td>
                    <td>{line.fix.get(lang).to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    let head = head.then(|| {
        view! {
            <thead>
                <tr>
                    <th scope="col">{tr!(lang, "Dòng", "Row")}</th>
                    <th scope="col">{tr!(lang, "Cột", "Column")}</th>
                    <th scope="col">{tr!(lang, "Giá trị", "Value")}</th>
                    <th scope="col">{tr!(lang, "Mức", "Severity")}</th>
                    <th scope="col">{tr!(lang, "Vấn đề", "Problem")}</th>
                    <th scope="col">{tr!(lang, "Cách sửa", "How to fix")}</th>
                </tr>
            </thead>
        }
    });
    let more = (issues.left_off > 0).then(|| {
        let n = chiso_core::format::number(issues.left_off as f64, Some(0), lang);
        view! {
            <p class="hint" data-testid="issues-left-off">
                {tr!(lang, "… và {n} vấn đề khác không hiện ở đây.", "… and {n} more issues not shown here.", n = n)}
            </p>
        }
    });
    let trouble = RwSignal::new(None::<WorkerError>);
    let download = move |_| {
        trouble.set(None);
        spawn_local(async move {
            if let Err(e) = worker::download(move |id| Request::IssuesCsv { id, lang }).await {
                trouble.set(Some(e));
            }
        });
    };
    view! {
        <div class="table-wrap">
            <table class="data" data-testid="import-issues">
                {head}
                <tbody>{rows}</tbody>
            </table>
        </div>
        {more}
        {issues.cut.then(|| view! {
            <button type="button" class="issues-download" on:click=download>
                {tr!(lang, "Tải toàn bộ danh sách lỗi (CSV)", "Download the full list of issues (CSV)")}
            </button>
            {move || trouble.get().map(|e| view! { <p class="hint" role="alert">{e.message(lang)}</p> })}
        })}
    }
}

/// The "open data file" button, its dialog, and a drop zone over the whole page.
#[component]
pub fn OpenData(state: RwSignal<ExplorerState>) -> impl IntoView {
    let lang = Memo::new(move |_| state.with(|s| s.lang));
    let phase = RwSignal::new(Phase::Idle);
    let dragging = RwSignal::new(false);
    let dialog = NodeRef::<Dialog>::new();
    let input = NodeRef::<Input>::new();
    let published = use_context::<PublishedDb>().map(|p| p.0);
    let slot = use_context::<OwnDataSlot>();
    // The dataset the app shows (`data=`, else the published one): the worker reads files against it.
    let data = StoredValue::new(state.with_untracked(|s| s.data.clone()));
    // The file chosen last (kept for a retry) and a count of choices (an older file's late answer is dropped).
    let chosen = StoredValue::new_local(None::<web_sys::File>);
    let choice = StoredValue::new(0u32);

    let open = move |file: web_sys::File| {
        let Some(slot) = slot else { return };
        chosen.set_value(Some(file.clone()));
        let n = choice.get_value().wrapping_add(1);
        choice.set_value(n);
        spawn_local(open_file(file, data.get_value(), phase, slot, move || choice.get_value() == n));
    };
    let start = move |file: web_sys::File| {
        if published.and_then(|p| p.get_untracked()).is_none() {
            return;
        }
        if let Some(d) = dialog.get() {
            if !d.open() {
                let _ = d.show_modal();
            }
        }
        open(file);
    };
    // Drop a file anywhere on the page (the events bubble up to the window).
    let listeners = [
        window_event_listener(ev::dragover, move |ev| {
            let has_files = ev.data_transfer().is_some_and(|dt| dt.types().includes(&"Files".into(), 0));
            if has_files {
                ev.prevent_default();
                dragging.set(true);
            }
        }),
        window_event_listener(ev::dragleave, move |ev| {
            if ev.related_target().is_none() {
                dragging.set(false);
            }
        }),
        window_event_listener(ev::drop, move |ev| {
            dragging.set(false);
            let file = ev.data_transfer().and_then(|dt| dt.files()).and_then(|f| f.get(0));
            if let Some(file) = file {
                ev.prevent_default();
                start(file);
            }
        }),
    ];
    on_cleanup(move || listeners.into_iter().for_each(|l| l.remove()));

    let on_pick = move |_| {
        let file = input.get().and_then(|i| i.files()).and_then(|f| f.get(0));
        if let Some(file) = file {
            start(file);
        }
        if let Some(i) = input.get() {
            i.set_value("");
        }
    };
    let open_dialog = move |_| {
        // First use: the worker starts while the reader picks a file.
        worker::warm_up();
        if let Some(d) = dialog.get() {
            let _ = d.show_modal();
        }
    };
    let close = move |_| {
        if let Some(d) = dialog.get() {
            d.close();
        }
    };
    // The data tool's template sheet, filled with the published figures (the same bytes as `chiso-data template`),
    // written by the worker.
    let template = move || {
        let data = data.get_value();
        spawn_local(async move {
            let url = match dataset_address(data.as_deref()) {
                Ok(url) => url,
                Err(e) => {
                    let trouble = Trouble::Read(e.message(Lang::En));
                    return phase.set(Phase::Broken { trouble, retry: Retry::Template });
                }
            };
            if let Err(e) = worker::download(move |id| Request::Template { id, dataset_url: url }).await {
                phase.set(Phase::Broken { trouble: Trouble::Worker(e), retry: Retry::Template });
            }
        });
    };
    let download_template = move |_| {
        worker::warm_up();
        template()
    };
    let retry = move |what: Retry| match what {
        Retry::Open => {
            if let Some(file) = chosen.get_value() {
                open(file);
            }
        }
        Retry::Template => {
            phase.set(Phase::Idle);
            template();
        }
    };
    let body = move || {
        let lang = lang.get();
        match phase.get() {
            Phase::Idle => None,
            Phase::Reading { file, done } => Some(
                view! {
                    <p role="status">{format!("{} {file}…", tr!(lang, "Đang đọc", "Reading"))}</p>
                    <progress max="100" value=(done * 100.0).round().to_string()></progress>
                }
                .into_any(),
            ),
            Phase::Failed { file, issues, rows } => {
                let head = tr!(
                    lang,
                    "{file}: {errors} lỗi trong {rows} dòng. Số liệu chưa được mở; hãy sửa rồi mở lại.",
                    "{file}: {errors} error(s) in {rows} row(s). The data was not opened; fix and open it again.",
                    file = file,
                    errors = issues.errors,
                    rows = rows,
                );
                Some(
                    view! {
                        <div role="alert" class="import-errors">
                            <p><b>{head}</b></p>
                            {issue_table(issues, lang, true)}
                        </div>
                    }
                    .into_any(),
                )
            }
            Phase::Opened { file, warnings, synthetic } => Some(
                view! {
                    <p role="status">
                        {tr!(lang, "Đã mở {file}. Đóng hộp thoại này để xem.", "{file} is open. Close this dialog to explore it.", file = file)}
                    </p>
                    {(warnings.total > 0).then(|| issue_table(warnings, lang, false))}
                    {(!synthetic).then(|| view! { <PublishPanel lang /> })}
                }
                .into_any(),
            ),
            Phase::Broken { trouble, retry: what } => Some(
                view! {
                    <div role="alert" class="import-errors" data-testid="worker-trouble">
                        <p>{trouble.message(lang)}</p>
                        <button type="button" on:click=move |_| retry(what)>{tr!(lang, "Thử lại", "Try again")}</button>
                    </div>
                }
                .into_any(),
            ),
        }
    };
    view! {
        <button
            type="button"
            class="open-data-button"
            disabled=move || published.is_none_or(|p| p.with(Option::is_none))
            on:click=open_dialog
        >
            {move || t(Msg::OpenDataFile, lang.get())}
        </button>
        {move || dragging.get().then(|| view! {
            <div class="drop-overlay" aria-hidden="true">
                <p>{tr!(lang.get(), "Thả tệp CSV hoặc JSON vào đây", "Drop a CSV or JSON file here")}</p>
            </div>
        })}
        <dialog class="open-data-dialog embed-dialog" node_ref=dialog aria-labelledby="open-data-title">
            <div class="embed-dialog-head">
                <h2 id="open-data-title">{move || t(Msg::OpenDataFile, lang.get())}</h2>
                <button type="button" class="close" aria-label=move || tr!(lang.get(), "Đóng", "Close") on:click=close>"×"</button>
            </div>
            <p class="hint">
                {move || tr!(lang.get(),
                    "Tệp CSV (theo mẫu của công cụ dữ liệu) hoặc JSON. Tệp không rời khỏi máy của bạn: mọi việc đọc và kiểm tra diễn ra ngay trong trình duyệt.",
                    "A CSV (in the data tool's template) or JSON file. Your file never leaves your machine: it is read and checked right here in the browser.",
                )}
            </p>
            <p class="hint">
                {move || tr!(lang.get(),
                    "Muốn sửa hoặc thêm số liệu? Bắt đầu từ bảng các số liệu đang công bố, sửa trong Excel rồi mở lại ở đây.",
                    "Correcting or adding figures? Start from the sheet of the published figures, edit it in Excel, then open it here.",
                )}
                " "
                <button type="button" class="template-download" on:click=download_template>
                    {move || tr!(lang.get(), "Tải bảng số liệu đang công bố (CSV)", "Download the published figures (CSV)")}
                </button>
            </p>
            <label class="file-pick">
                {move || tr!(lang.get(), "Chọn tệp", "Choose a file")}
                <input type="file" accept=".csv,.json,text/csv,application/json" node_ref=input on:change=on_pick />
            </label>
            {body}
        </dialog>
    }
}

/// The banner above the views when the data shown is not the published data: the reader's own file, or synthetic
/// data. It stays until the reader goes back.
#[component]
pub fn DataBanner(db: Arc<Db>, state: RwSignal<ExplorerState>) -> impl IntoView {
    let lang = Memo::new(move |_| state.with(|s| s.lang));
    let slot = use_context::<OwnDataSlot>();
    let synthetic = db.ds.synthetic;
    move || {
        let lang = lang.get();
        let own = slot.and_then(|s| s.0.get());
        let own_banner = own.map(|o| {
            view! {
                <div class="data-banner own" role="status" data-testid="own-data-banner">
                    <b>
                        {tr!(lang, "Tệp của bạn: {} — không phải số liệu đã công bố", "Your file: {} — not published data", o.file_name)}
                    </b>
                    <button type="button" on:click=move |_| {
                        if let Some(s) = slot {
                            s.0.set(None);
                        }
                    }>
                        {tr!(lang, "Quay lại số liệu đã công bố", "Back to the published data")}
                    </button>
                </div>
            }
        });
        let synthetic_banner = synthetic.then(|| {
            view! {
                <div class="data-banner synthetic" role="status" data-testid="synthetic-banner">
                    <b>
                        {tr!(lang,
                            "Dữ liệu tổng hợp (giả lập) để kiểm thử — không phải số liệu thật của địa phương nào",
                            "Synthetic data for testing — not real figures for any place",
                        )}
                    </b>
                </div>
            }
        });
        view! { {own_banner} {synthetic_banner} }
    }
}
