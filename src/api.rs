//! Fetching files of the bundle (the dataset, the map's boundaries) by relative URLs, so the bundle works from any
//! folder, each with a timeout: a request that stops answering ends as [`FetchError::Timeout`] instead of
//! spinning forever, and every caller shows the error in the reader's language with a retry.

use chiso_core::i18n::Lang;
use chiso_core::links::{resolve_data_url, DataPathError};
use chiso_core::model::LoadError;
use chiso_core::query::Db;
use chiso_core::stream::JsonStream;
use chiso_core::tr;
use js_sys::Reflect;
use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Relative address of the dataset inside the bundle.
pub const DATASET_URL: &str = "nghe-an.json";

/// How long a request may go without an answer (no headers, or no byte of the body) before it is given up, in
/// milliseconds, unless the page sets `window.CHISO_FETCH_TIMEOUT_MS` (the end-to-end tests do, to a second or
/// two). Measured between bytes, not over the whole file, so a large file on a slow link still loads.
pub const FETCH_TIMEOUT_MS: u32 = 30_000;

/// The timeout in force: `window.CHISO_FETCH_TIMEOUT_MS` when it is a positive number, else [`FETCH_TIMEOUT_MS`].
pub fn fetch_timeout_ms() -> u32 {
    web_sys::window()
        .and_then(|w| Reflect::get(&w, &"CHISO_FETCH_TIMEOUT_MS".into()).ok())
        .and_then(|v| v.as_f64())
        .filter(|ms| ms.is_finite() && *ms >= 1.0)
        .map_or(FETCH_TIMEOUT_MS, |ms| ms.min(f64::from(u32::MAX)) as u32)
}

/// Why a file could not be loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum FetchError {
    /// The server answered with an error status.
    Status(u16),
    /// No answer (offline, blocked, DNS, connection cut); holds the browser's words, for the console only.
    Network(String),
    /// Nothing came for this many milliseconds; the request was aborted.
    Timeout(u32),
    /// The answer is not a dataset this app reads.
    Invalid(LoadError),
    /// The address was refused before any request: a `data=` file outside the app's folder.
    Refused(DataPathError),
}

impl FetchError {
    /// A message for readers about the dataset, in their language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (FetchError::Invalid(LoadError::SchemaVersion { found }), Lang::Vi) => {
                format!("Tệp dữ liệu có phiên bản {found}, ứng dụng này đọc phiên bản 1. Hãy tải lại trang.")
            }
            (FetchError::Invalid(LoadError::Json(m)), Lang::Vi) => format!("Tệp dữ liệu bị hỏng: {m}"),
            (FetchError::Invalid(e), Lang::En) => e.to_string(),
            _ => self.describe(lang, tr!(lang, "tệp dữ liệu", "the data file")),
        }
    }

    /// A message for readers about a failed download of `what` (a phrase in the reader's language, such as
    /// "the boundary file geo/2020-commune.json"), in their language. The browser's own words (English, and
    /// sometimes a stack) are never shown: they go to the console.
    pub fn describe(&self, lang: Lang, what: &str) -> String {
        match self {
            FetchError::Status(s) => {
                tr!(
                    lang,
                    "Máy chủ trả lời mã lỗi {s} khi tải {what}.",
                    "The server answered with error {s} for {what}.",
                    s = s,
                    what = what
                )
            }
            FetchError::Network(_) => tr!(
                lang,
                "Không kết nối được tới máy chủ để tải {what}. Hãy kiểm tra kết nối mạng rồi thử lại.",
                "Could not reach the server for {what}. Check the connection, then try again.",
                what = what
            ),
            FetchError::Timeout(ms) => {
                let secs = format_seconds(*ms, lang);
                tr!(
                    lang,
                    "Máy chủ không trả lời sau {secs} giây khi tải {what}. Mạng có thể đang chậm; hãy thử lại.",
                    "The server did not answer within {secs} s for {what}. The connection may be slow; try again.",
                    secs = secs,
                    what = what
                )
            }
            FetchError::Invalid(e) => tr!(lang, "{what} bị hỏng: {e}", "{what} is damaged: {e}", what = what, e = e),
            FetchError::Refused(why) => tr!(
                lang,
                "Không mở {what}: {why}.",
                "{what} was not opened: {why}.",
                what = what,
                why = why.message(lang)
            ),
        }
    }
}

/// Seconds with at most one decimal, written the reader's way (1,5 / 1.5).
fn format_seconds(ms: u32, lang: Lang) -> String {
    let s = format!("{:.1}", f64::from(ms) / 1000.0);
    let s = s.strip_suffix(".0").unwrap_or(&s).to_string();
    match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}

/// Aborts a request when nothing has come for [`fetch_timeout_ms`]: armed when made, re-armed by [`Self::kick`]
/// after each piece of the answer, disarmed when dropped.
struct Watchdog {
    controller: Option<web_sys::AbortController>,
    timed_out: Rc<Cell<bool>>,
    ms: u32,
    timer: Cell<Option<i32>>,
    on_timeout: Closure<dyn FnMut()>,
}

impl Watchdog {
    fn new() -> Watchdog {
        let controller = web_sys::AbortController::new().ok();
        let timed_out = Rc::new(Cell::new(false));
        let on_timeout = {
            let (controller, timed_out) = (controller.clone(), timed_out.clone());
            Closure::<dyn FnMut()>::new(move || {
                timed_out.set(true);
                if let Some(c) = &controller {
                    c.abort();
                }
            })
        };
        let dog = Watchdog { controller, timed_out, ms: fetch_timeout_ms(), timer: Cell::new(None), on_timeout };
        dog.kick();
        dog
    }

    /// The signal to pass to the request.
    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.controller.as_ref().map(web_sys::AbortController::signal)
    }

    /// Starts the wait again (something came).
    fn kick(&self) {
        let Some(window) = web_sys::window() else { return };
        if let Some(t) = self.timer.take() {
            window.clear_timeout_with_handle(t);
        }
        let ms = i32::try_from(self.ms).unwrap_or(i32::MAX);
        self.timer.set(
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(self.on_timeout.as_ref().unchecked_ref(), ms)
                .ok(),
        );
    }

    /// The error of a failed step: [`FetchError::Timeout`] when the watchdog aborted it.
    fn error(&self, url: &str, detail: impl std::fmt::Debug) -> FetchError {
        if self.timed_out.get() {
            FetchError::Timeout(self.ms)
        } else {
            web_sys::console::warn_1(&format!("{url}: {detail:?}").into());
            FetchError::Network(format!("{detail:?}"))
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        if let (Some(t), Some(window)) = (self.timer.take(), web_sys::window()) {
            window.clear_timeout_with_handle(t);
        }
    }
}

/// Sends a GET for `url` under a watchdog; an error status is an error.
async fn get(url: &str, dog: &Watchdog) -> Result<gloo_net::http::Response, FetchError> {
    let signal = dog.signal();
    let resp =
        gloo_net::http::Request::get(url).abort_signal(signal.as_ref()).send().await.map_err(|e| dog.error(url, e))?;
    if !resp.ok() {
        return Err(FetchError::Status(resp.status()));
    }
    dog.kick();
    Ok(resp)
}

/// Fetches a text file of the bundle, given up after [`fetch_timeout_ms`] without an answer.
pub async fn fetch_text(url: &str) -> Result<String, FetchError> {
    let dog = Watchdog::new();
    let resp = get(url, &dog).await?;
    resp.text().await.map_err(|e| dog.error(url, e))
}

/// Awaits a promise (a script's dynamic import, say), given up after [`fetch_timeout_ms`]: a rejection is a
/// [`FetchError::Network`], no answer in time a [`FetchError::Timeout`]. The clock and the promise's handlers start
/// when this is called, not when the future is first polled, so a promise that fails before it is awaited is
/// never an unhandled rejection.
pub fn await_with_timeout(promise: &js_sys::Promise) -> impl std::future::Future<Output = Result<JsValue, FetchError>> {
    let ms = fetch_timeout_ms();
    let timer = js_sys::Promise::new(&mut |_, reject| {
        if let Some(w) = web_sys::window() {
            let marker = JsValue::from_str(TIMEOUT_MARKER);
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_1(
                &reject,
                i32::try_from(ms).unwrap_or(i32::MAX),
                &marker,
            );
        }
    });
    let race = JsFuture::from(js_sys::Promise::race(&js_sys::Array::of2(promise, &timer)));
    async move {
        race.await.map_err(|e| {
            if e.as_string().as_deref() == Some(TIMEOUT_MARKER) {
                FetchError::Timeout(ms)
            } else {
                let msg = Reflect::get(&e, &"message".into()).ok().and_then(|m| m.as_string());
                let detail = msg.unwrap_or_else(|| format!("{e:?}"));
                web_sys::console::warn_1(&detail.clone().into());
                FetchError::Network(detail)
            }
        })
    }
}

/// What [`await_with_timeout`]'s timer rejects with.
const TIMEOUT_MARKER: &str = "chiso:timeout";

/// Fetches and indexes the dataset at a relative address (`None`: the published one, [`DATASET_URL`]).
///
/// A `data=` address is checked again against the page's own address, as the browser will resolve it
/// ([`resolve_data_url`]): only a file in the app's folder is fetched, else [`FetchError::Refused`].
///
/// The body is read as a stream and parsed piece by piece ([`JsonStream`]), yielding to the browser every
/// [`slice_ms`] of work, so a large file (the 100 MB synthetic one) neither freezes the page nor sits in memory
/// twice. `progress` gets the share read so far (0–1) when the server says how long the file is.
pub async fn load(url: Option<String>, progress: impl Fn(f64) + 'static) -> Result<Arc<Db>, FetchError> {
    let url = match url {
        None => DATASET_URL.to_string(),
        Some(path) => dataset_address(Some(&path))?,
    };
    let dog = Watchdog::new();
    let resp = get(&url, &dog).await?;
    let total = resp.headers().get("content-length").and_then(|l| l.parse::<f64>().ok()).filter(|l| *l > 0.0);
    let mut stream = JsonStream::new();
    if let Some(total) = total {
        stream.expect_bytes(total as usize);
    }
    match resp.body() {
        Some(body) => {
            let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
            let mut since_yield = now();
            loop {
                // The wait for the next piece starts now, not while the last one was parsed.
                dog.kick();
                let chunk = JsFuture::from(reader.read()).await.map_err(|e| dog.error(&url, e))?;
                if Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
                    break;
                }
                let Ok(value) = Reflect::get(&chunk, &"value".into()) else { break };
                let bytes = value.unchecked_into::<js_sys::Uint8Array>();
                // Large network chunks are parsed in slices too, so one chunk never makes a long task.
                let mut at = 0;
                let len = bytes.length();
                while at < len {
                    let end = (at + PIECE_BYTES).min(len);
                    stream.feed(&bytes.subarray(at, end).to_vec()).map_err(FetchError::Invalid)?;
                    at = end;
                    if now() - since_yield > slice_ms(stream.bytes_read()) {
                        if let Some(total) = total {
                            progress((stream.bytes_read() as f64 / total).min(1.0));
                        }
                        yield_now().await;
                        since_yield = now();
                    }
                }
            }
        }
        None => {
            let text = resp.binary().await.map_err(|e| dog.error(&url, e))?;
            stream.feed(&text).map_err(FetchError::Invalid)?;
        }
    }
    drop(dog);
    let file_hash = stream.fnv1a_32();
    let ds = stream.finish().map_err(FetchError::Invalid)?;
    yield_now().await;
    let db = Db::new(ds).read_from(file_hash);
    // Indexing and the first draw are two tasks, not one.
    yield_now().await;
    Ok(Arc::new(db))
}

/// The absolute address of the dataset the app shows: the published one ([`DATASET_URL`]), or the `data=` file,
/// checked as [`load`] checks it. The file worker fetches it by this address (`crate::worker`).
pub fn dataset_address(data: Option<&str>) -> Result<String, FetchError> {
    let page = web_sys::window().and_then(|w| w.document()).and_then(|d| d.base_uri().ok().flatten());
    resolve_data_url(&page.unwrap_or_default(), data.unwrap_or(DATASET_URL)).map_err(FetchError::Refused)
}

/// Parses a dataset's JSON text a piece at a time ([`JsonStream`]), yielding to the browser every [`slice_ms`] of
/// work, and indexes it: the file the worker opened (`crate::worker`), read with the published dataset's reader.
pub async fn read_dataset(bytes: &js_sys::Uint8Array) -> Result<Db, FetchError> {
    let mut stream = JsonStream::new();
    stream.expect_bytes(bytes.length() as usize);
    let (mut at, len, mut since_yield) = (0, bytes.length(), now());
    while at < len {
        let end = (at + PIECE_BYTES).min(len);
        stream.feed(&bytes.subarray(at, end).to_vec()).map_err(FetchError::Invalid)?;
        at = end;
        if now() - since_yield > slice_ms(stream.bytes_read()) {
            yield_now().await;
            since_yield = now();
        }
    }
    let ds = stream.finish().map_err(FetchError::Invalid)?;
    yield_now().await;
    Ok(Db::new(ds))
}

/// Work done between two yields to the browser while a dataset is read, in milliseconds.
const SLICE_MS: f64 = 10.0;

/// The same for the first [`FIRST_BYTES`] of a file: the wasm's reader is compiled as it first runs, so the first
/// slices overran a 10 ms budget by more than the later ones (12–14 ms unthrottled, past the 12.5 ms that
/// Lighthouse's 4× slowdown turns into a long task), and the whole published dataset is read in them.
const FIRST_SLICE_MS: f64 = 5.0;

/// See [`FIRST_SLICE_MS`]: past the published dataset's size, a large file is read in the longer slices.
const FIRST_BYTES: usize = 1 << 20;

/// The budget of the slice that follows `read` bytes ([`FIRST_SLICE_MS`], then [`SLICE_MS`]).
fn slice_ms(read: usize) -> f64 {
    if read < FIRST_BYTES {
        FIRST_SLICE_MS
    } else {
        SLICE_MS
    }
}

/// Bytes parsed at a time, between two looks at the clock: small enough that a slice overruns [`SLICE_MS`] by
/// little now that each unit, not only each figure, is parsed as it arrives.
const PIECE_BYTES: u32 = 16 * 1024;

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Lets the browser paint and handle input before the next slice of work: the rest of the work is queued as a new
/// task, with `scheduler.postTask` where the browser has it (no 4 ms clamp of nested timeouts slows a large file
/// read in many slices; a task of the normal priority, so the page's other tasks are not starved, as they were
/// behind `scheduler.yield()`'s continuations), else with a zero timeout.
pub async fn yield_now() {
    let post_task = web_sys::window()
        .and_then(|w| Reflect::get(&w, &"scheduler".into()).ok())
        .filter(|s| s.is_object())
        .and_then(|s| Some((Reflect::get(&s, &"postTask".into()).ok()?.dyn_into::<js_sys::Function>().ok()?, s)));
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let posted = post_task.as_ref().is_some_and(|(post, scheduler)| post.call1(scheduler, &resolve).is_ok());
        if !posted {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
            }
        }
    });
    let _ = JsFuture::from(promise).await;
}
