//! The app's side of the file worker (`crates/chiso-worker`): the second wasm that holds the import, its checks,
//! the template, the diff and the publish outputs, run in a dedicated Web Worker so that none of it is in the first
//! load and a large sheet is read off the page's thread.
//!
//! The worker is started on first use ([`warm_up`]: the file dialog opens, a file is dropped, the template is asked
//! for) and then kept. [`ask`] sends one [`Request`] (with the reader's file moved, not copied, beside it) and awaits
//! its answer; an import's progress messages go to a callback meanwhile. A worker that does not start in time
//! ([`crate::api::fetch_timeout_ms`]), stops with an error (a crash: the release build aborts on panic) or is of
//! another build is a [`WorkerError`] with a message in both languages; it is dropped, and the next [`ask`] starts a
//! new one.

use crate::api::await_with_timeout;
use chiso_core::i18n::Lang;
use chiso_core::tr;
use chiso_data::worker::{Problem, Request, Response, PROTOCOL_VERSION};
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The worker's script, written by Trunk next to `index.html` (`data-type="worker"` with `data-loader-shim` in
/// `index.html`): it loads `chiso-worker.js` and `chiso-worker_bg.wasm`.
pub const WORKER_SCRIPT: &str = "chiso-worker_loader.js";

/// Why the worker did not answer.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkerError {
    /// It could not be started, or did not say it was ready in time.
    Start(String),
    /// It stopped with an error while working (or its message could not be read).
    Crashed(String),
    /// It is of another version of the messages (an old file from a cache next to a new app).
    Version(u32),
    /// It answered that it could not do what was asked.
    Problem(Problem),
}

impl WorkerError {
    /// What happened, for the reader, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            WorkerError::Start(detail) => tr!(
                lang,
                "Không khởi động được phần đọc tệp ({detail}). Kiểm tra kết nối rồi thử lại.",
                "The file reader could not start ({detail}). Check the connection and try again.",
                detail = detail
            ),
            WorkerError::Crashed(detail) => tr!(
                lang,
                "Phần đọc tệp gặp lỗi và đã dừng ({detail}). Tệp bạn chọn vẫn còn: thử lại.",
                "The file reader stopped with an error ({detail}). The file you chose is kept: try again.",
                detail = detail
            ),
            WorkerError::Version(found) => tr!(
                lang,
                "Phần đọc tệp thuộc phiên bản khác ({found}, cần {PROTOCOL_VERSION}): hãy tải lại trang.",
                "The file reader is of another version ({found}, expected {PROTOCOL_VERSION}): reload the page.",
                found = found
            ),
            WorkerError::Problem(p) => p.message(lang),
        }
    }
}

/// An answer awaited: its promise's functions, and where an import's progress goes.
struct Pending {
    resolve: Function,
    reject: Function,
    progress: Option<Rc<dyn Fn(f64)>>,
}

/// A started worker.
struct Client {
    worker: web_sys::Worker,
    /// Resolves with the worker's version when it says it is ready.
    ready: Promise,
    ready_fns: RefCell<Option<(Function, Function)>>,
    pending: RefCell<HashMap<u32, Pending>>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Rc<Client>>> = const { RefCell::new(None) };
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
    /// The worker stopped last: kept until the next stops, since its listeners may be the code running.
    static STOPPED: RefCell<Option<Rc<Client>>> = const { RefCell::new(None) };
}

/// Stops the worker (after an error): every awaited answer fails with `error`, and the next [`ask`] starts anew.
fn drop_client(error: &str) {
    let Some(client) = CLIENT.with(|c| c.borrow_mut().take()) else { return };
    client.worker.terminate();
    let error = JsValue::from_str(error);
    if let Some((_, reject)) = client.ready_fns.borrow_mut().take() {
        let _ = reject.call1(&JsValue::NULL, &error);
    }
    for (_, p) in client.pending.borrow_mut().drain() {
        let _ = p.reject.call1(&JsValue::NULL, &error);
    }
    STOPPED.with(|s| *s.borrow_mut() = Some(client));
}

fn message_of(e: &JsValue) -> String {
    Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .filter(|m| !m.is_empty())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "error".to_string())
}

/// The worker's address: [`WORKER_SCRIPT`], or the blob the single-file build makes (`window.CHISO_WORKER_URL`,
/// `xtask/src/offline/mod.rs`: a page opened from file:// cannot start a worker from a file).
fn worker_url() -> String {
    web_sys::window()
        .and_then(|w| Reflect::get(&w, &"CHISO_WORKER_URL".into()).ok())
        .and_then(|u| u.as_string())
        .unwrap_or_else(|| WORKER_SCRIPT.to_string())
}

fn start() -> Result<Rc<Client>, WorkerError> {
    let worker = web_sys::Worker::new(&worker_url()).map_err(|e| WorkerError::Start(message_of(&e)))?;
    let mut ready_fns = None;
    let ready = Promise::new(&mut |resolve, reject| ready_fns = Some((resolve, reject)));
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|ev: web_sys::MessageEvent| {
        let data = ev.data();
        let msg = Reflect::get(&data, &"msg".into()).ok().and_then(|m| m.as_string()).unwrap_or_default();
        let Some(client) = CLIENT.with(|c| c.borrow().clone()) else { return };
        match Response::from_json(&msg) {
            Ok(Response::Ready { version }) => {
                if let Some((resolve, _)) = client.ready_fns.borrow_mut().take() {
                    let _ = resolve.call1(&JsValue::NULL, &version.into());
                }
            }
            Ok(Response::Progress { id, share }) => {
                let progress = client.pending.borrow().get(&id).and_then(|p| p.progress.clone());
                if let Some(f) = progress {
                    f(share);
                }
            }
            Ok(Response::Failed { id: 0, problem }) => drop_client(&problem.message(Lang::En)),
            Ok(response) => {
                let pending = response.id().and_then(|id| client.pending.borrow_mut().remove(&id));
                if let Some(p) = pending {
                    let _ = p.resolve.call1(&JsValue::NULL, &data);
                }
            }
            Err(e) => drop_client(&format!("unreadable message: {e}")),
        }
    });
    let on_error = Closure::<dyn FnMut(JsValue)>::new(|e: JsValue| {
        // The page keeps running: the worker's error is not the page's.
        if let Some(ev) = e.dyn_ref::<web_sys::Event>() {
            ev.prevent_default();
        }
        web_sys::console::warn_2(&"chiso: the file worker stopped".into(), &e);
        drop_client(&message_of(&e));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Rc::new(Client {
        worker,
        ready,
        ready_fns: RefCell::new(ready_fns),
        pending: RefCell::default(),
        _on_message: on_message,
        _on_error: on_error,
    }))
}

/// The worker, started if it is not running.
fn client() -> Result<Rc<Client>, WorkerError> {
    if let Some(c) = CLIENT.with(|c| c.borrow().clone()) {
        return Ok(c);
    }
    let c = start()?;
    CLIENT.with(|slot| *slot.borrow_mut() = Some(c.clone()));
    Ok(c)
}

/// Starts the worker if it is not running, so that it is ready when the reader has chosen a file.
pub fn warm_up() {
    if let Err(e) = client() {
        web_sys::console::warn_1(&e.message(Lang::En).into());
    }
}

/// Sends the request `make` writes with its id, `bytes` moved beside it, and awaits the answer (and its bytes).
/// `progress` gets an import's share done as it goes. A [`Response::Failed`] is a [`WorkerError::Problem`].
pub async fn ask(
    make: impl FnOnce(u32) -> Request,
    bytes: Option<js_sys::ArrayBuffer>,
    progress: Option<Rc<dyn Fn(f64)>>,
) -> Result<(Response, Option<Uint8Array>), WorkerError> {
    let client = client()?;
    let version = match await_with_timeout(&client.ready).await {
        Ok(v) => v.as_f64().unwrap_or_default() as u32,
        Err(e) => {
            let e = match e {
                crate::api::FetchError::Timeout(ms) => format!("no answer in {} s", ms / 1000),
                other => other.message(Lang::En),
            };
            drop_client(&e);
            return Err(WorkerError::Start(e));
        }
    };
    if version != PROTOCOL_VERSION {
        drop_client("another version");
        return Err(WorkerError::Version(version));
    }
    let id = NEXT_ID.with(|n| n.replace(n.get().wrapping_add(1)));
    let request = make(id);
    let mut fns = None;
    let answer = Promise::new(&mut |resolve, reject| fns = Some((resolve, reject)));
    let (resolve, reject) = fns.expect("the promise's executor runs at once");
    client.pending.borrow_mut().insert(id, Pending { resolve, reject, progress });
    let msg = Object::new();
    let _ = Reflect::set(&msg, &"msg".into(), &request.to_json().into());
    let sent = match &bytes {
        Some(b) => {
            let _ = Reflect::set(&msg, &"bytes".into(), b);
            client.worker.post_message_with_transfer(&msg, &Array::of1(b))
        }
        None => client.worker.post_message(&msg),
    };
    if let Err(e) = sent {
        client.pending.borrow_mut().remove(&id);
        return Err(WorkerError::Crashed(message_of(&e)));
    }
    drop(client);
    let data = JsFuture::from(answer).await.map_err(|e| WorkerError::Crashed(message_of(&e)))?;
    let msg = Reflect::get(&data, &"msg".into()).ok().and_then(|m| m.as_string()).unwrap_or_default();
    let response = Response::from_json(&msg).map_err(WorkerError::Crashed)?;
    let bytes = Reflect::get(&data, &"bytes".into())
        .ok()
        .filter(|b| b.is_instance_of::<js_sys::ArrayBuffer>())
        .map(|b| Uint8Array::new(&b));
    match response {
        Response::Failed { problem, .. } => Err(WorkerError::Problem(problem)),
        response => Ok((response, bytes)),
    }
}

/// Asks for a file ([`Response::File`]) and hands it to the browser as a download.
pub async fn download(make: impl FnOnce(u32) -> Request) -> Result<(), WorkerError> {
    match ask(make, None, None).await? {
        (Response::File { name, mime, .. }, Some(bytes)) => {
            crate::dom::download_parts(&name, &mime, &Array::of1(&bytes));
            Ok(())
        }
        (other, _) => Err(WorkerError::Crashed(format!("unexpected answer: {}", other.to_json()))),
    }
}
