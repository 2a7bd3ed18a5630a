//! "Open your own file": the reader's CSV or JSON is read and checked in the browser with the same import code as
//! the command-line data tool (`chiso_data::import`) and, when it has no errors, shown instead of the published
//! data, under a banner that cannot be missed. Nothing leaves the reader's machine.
//!
//! Large files are read and checked in slices (`CsvImporter::feed`, `JsonImporter::feed`), yielding to the browser
//! between slices so the page keeps responding and a progress bar moves.

use super::publish::PublishPanel;
use crate::api::yield_now;
use crate::context::{OwnData, OwnDataSlot, PublishedDb};
use chiso_core::i18n::{t, Lang, Msg};
use chiso_core::query::Db;
use chiso_core::state::ExplorerState;
use chiso_core::tr;
use chiso_data::import::{
    issue_list, issues_csv_part, issues_file_name, CsvImporter, ImportIssue, ImportOutcome, JsonImporter, Progress,
    MAX_IMPORT_BYTES,
};
use leptos::ev;
use leptos::html::{Dialog, Input};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

use wasm_bindgen_futures::JsFuture;

/// Rows read between two yields to the browser.
const ROWS_PER_SLICE: usize = 2_000;

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
        issues: Arc<Vec<ImportIssue>>,
        rows: usize,
    },
    Opened {
        file: String,
        warnings: Arc<Vec<ImportIssue>>,
        own: Arc<Db>,
        base: Arc<Db>,
    },
}

/// A CSV sheet or a dataset JSON file being read and checked a slice at a time.
enum Importer {
    Csv(Box<CsvImporter>),
    Json(Box<JsonImporter>),
}

impl Importer {
    fn feed(&mut self, rows: usize) -> Progress {
        match self {
            Importer::Csv(i) => i.feed(rows),
            Importer::Json(i) => i.feed(rows),
        }
    }

    fn finish(self) -> ImportOutcome {
        match self {
            Importer::Csv(i) => i.finish(),
            Importer::Json(i) => i.finish(),
        }
    }
}

async fn read_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buf = JsFuture::from(file.array_buffer()).await.map_err(|e| format!("{e:?}"))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

/// Reads, checks and (when it has no errors) opens a file.
async fn open_file(file: web_sys::File, base: Arc<Db>, phase: RwSignal<Phase>, slot: OwnDataSlot) {
    let name = file.name();
    phase.set(Phase::Reading { file: name.clone(), done: 0.0 });
    if file.size() > MAX_IMPORT_BYTES as f64 {
        // Refuse before reading the bytes into memory.
        let refused = ImportOutcome::too_large(&name, file.size() as usize);
        phase.set(Phase::Failed { file: name, issues: Arc::new(refused.issues), rows: 0 });
        return;
    }
    let bytes = match read_bytes(&file).await {
        Ok(b) => b,
        Err(e) => {
            web_sys::console::error_1(&e.into());
            phase.set(Phase::Failed { file: name, issues: Arc::default(), rows: 0 });
            return;
        }
    };
    let is_json =
        name.to_lowercase().ends_with(".json") || bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    yield_now().await;
    let mut importer = if is_json {
        Importer::Json(Box::new(JsonImporter::new(bytes, &name)))
    } else {
        Importer::Csv(Box::new(CsvImporter::new(bytes, &name, &base.ds)))
    };
    // Starting checks the whole file's encoding: let the page breathe before the first slice.
    yield_now().await;
    loop {
        let p = importer.feed(ROWS_PER_SLICE);
        phase.set(Phase::Reading { file: name.clone(), done: p.share() });
        yield_now().await;
        if p.finished {
            break;
        }
    }
    let outcome = importer.finish();
    yield_now().await;
    match outcome.dataset {
        Some(ds) if !outcome.issues.iter().any(ImportIssue::is_error) => {
            let warnings = Arc::new(outcome.issues);
            let db = Arc::new(Db::new(ds));
            yield_now().await;
            slot.0.set(Some(OwnData { db: db.clone(), file_name: name.clone() }));
            phase.set(Phase::Opened { file: name, warnings, own: db, base });
        }
        _ => phase.set(Phase::Failed { file: name, issues: Arc::new(outcome.issues), rows: outcome.rows }),
    }
}

/// Lines of the issue table; the rest are counted under it and all are in the downloadable list.
const MAX_LINES: usize = 500;

/// The issue table: errors one by one, a warning repeated on many rows once with its rows (a sheet written with
/// decimal commas has one on every row), at most [`MAX_LINES`] lines, then "… and N more" and a download of the
/// whole list (`chiso_data::import::issues_csv`).
fn issue_table(file: &str, issues: Arc<Vec<ImportIssue>>, lang: Lang, head: bool) -> impl IntoView {
    let (lines, left_off) = issue_list(&issues, MAX_LINES);
    let shown_all_rows = lines.iter().all(|l| l.more == 0);
    let rows = lines
        .into_iter()
        .map(|line| {
            let i = line.issue;
            let mut rows = line.rows.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
            if line.more > 0 {
                rows = format!("{rows} … (+{})", chiso_core::format::number(line.more as f64, Some(0), lang));
            }
            view! {
                <tr class:warning=!i.is_error()>
                    <td class="num">{rows}</td>
                    <td>{i.column.clone().unwrap_or_default()}</td>
                    <td class="value">{i.value.clone().unwrap_or_default()}</td>
                    <td>
                        {if i.is_error() { tr!(lang, "Lỗi", "Error") } else { tr!(lang, "Cảnh báo", "Warning") }}
                    </td>
                    <td>{i.message(lang)}</td>
                    <td>{i.fix(lang)}</td>
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
    let more = (left_off > 0).then(|| {
        let n = chiso_core::format::number(left_off as f64, Some(0), lang);
        view! {
            <p class="hint" data-testid="issues-left-off">
                {tr!(lang, "… và {n} vấn đề khác không hiện ở đây.", "… and {n} more issues not shown here.", n = n)}
            </p>
        }
    });
    // The whole list, when the table does not show every issue or every row of a grouped warning.
    let cut = left_off > 0 || !shown_all_rows;
    let file = file.to_string();
    // Written a part at a time with a yield in between: 276,000 issues froze the page for seconds in one go.
    let download = move |_| {
        let (file, issues) = (file.clone(), issues.clone());
        spawn_local(async move {
            let parts = js_sys::Array::of1(&issues_csv_part(&file, &[], lang, true).into());
            for chunk in issues.chunks(ROWS_PER_SLICE * 5) {
                parts.push(&issues_csv_part(&file, chunk, lang, false).into());
                yield_now().await;
            }
            crate::dom::download_parts(&issues_file_name(&file, lang), "text/csv;charset=utf-8", &parts);
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
        {cut.then(|| view! {
            <button type="button" class="issues-download" on:click=download>
                {tr!(lang, "Tải toàn bộ danh sách lỗi (CSV)", "Download the full list of issues (CSV)")}
            </button>
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

    let start = move |file: web_sys::File| {
        let (Some(base), Some(slot)) = (published.and_then(|p| p.get_untracked()), slot) else { return };
        if let Some(d) = dialog.get() {
            if !d.open() {
                let _ = d.show_modal();
            }
        }
        spawn_local(open_file(file, base, phase, slot));
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
        if let Some(d) = dialog.get() {
            let _ = d.show_modal();
        }
    };
    let close = move |_| {
        if let Some(d) = dialog.get() {
            d.close();
        }
    };
    // The data tool's template sheet, filled with the published figures (the same bytes as `chiso-data template`).
    let download_template = move |_| {
        if let Some(base) = published.and_then(|p| p.get_untracked()) {
            let bytes = chiso_data::template::rows_csv(&base.ds);
            crate::dom::download_text(
                chiso_data::template::FIGURES,
                "text/csv;charset=utf-8",
                &String::from_utf8_lossy(&bytes),
            );
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
                let errors = issues.iter().filter(|i| i.is_error()).count();
                let head = tr!(
                    lang,
                    "{file}: {errors} lỗi trong {rows} dòng. Số liệu chưa được mở; hãy sửa rồi mở lại.",
                    "{file}: {errors} error(s) in {rows} row(s). The data was not opened; fix and open it again.",
                    file = file,
                    errors = errors,
                    rows = rows,
                );
                Some(
                    view! {
                        <div role="alert" class="import-errors">
                            <p><b>{head}</b></p>
                            {issue_table(&file, issues, lang, true)}
                        </div>
                    }
                    .into_any(),
                )
            }
            Phase::Opened { file, warnings, own, base } => Some(
                view! {
                    <p role="status">
                        {tr!(lang, "Đã mở {file}. Đóng hộp thoại này để xem.", "{file} is open. Close this dialog to explore it.", file = file)}
                    </p>
                    {(!warnings.is_empty()).then(|| issue_table(&file, warnings.clone(), lang, false))}
                    {(!own.ds.synthetic).then(|| view! { <PublishPanel own base warnings lang /> })}
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
