//! Fetching the bundled dataset with gloo-net, by a relative URL so the bundle works from any folder.

use chiso_core::i18n::Lang;
use chiso_core::model::LoadError;
use chiso_core::query::Db;
use chiso_core::stream::JsonStream;
use js_sys::Reflect;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Relative address of the dataset inside the bundle.
pub const DATASET_URL: &str = "nghe-an.json";

/// Why the dataset could not be loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum FetchError {
    /// The server answered with an error status.
    Status(u16),
    /// No answer (offline, blocked, DNS).
    Network(String),
    /// The answer is not a dataset this app reads.
    Invalid(LoadError),
}

impl FetchError {
    /// A message for readers, in their language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (FetchError::Status(s), Lang::Vi) => format!("Máy chủ trả lời mã lỗi {s} khi tải tệp dữ liệu."),
            (FetchError::Status(s), Lang::En) => format!("The server answered with error {s} for the data file."),
            (FetchError::Network(m), Lang::Vi) => {
                format!("Không kết nối được tới máy chủ. Hãy kiểm tra kết nối mạng. ({m})")
            }
            (FetchError::Network(m), Lang::En) => format!("Could not reach the server. Check the connection. ({m})"),
            (FetchError::Invalid(LoadError::SchemaVersion { found }), Lang::Vi) => {
                format!("Tệp dữ liệu có phiên bản {found}, ứng dụng này đọc phiên bản 1. Hãy tải lại trang.")
            }
            (FetchError::Invalid(LoadError::Json(m)), Lang::Vi) => format!("Tệp dữ liệu bị hỏng: {m}"),
            (FetchError::Invalid(e), Lang::En) => e.to_string(),
        }
    }
}

/// Fetches and indexes the dataset at a relative address (`None`: the published one, [`DATASET_URL`]).
///
/// The body is read as a stream and parsed piece by piece ([`JsonStream`]), yielding to the browser every
/// [`SLICE_MS`] of work, so a large file (the 100 MB synthetic one) neither freezes the page nor sits in memory
/// twice. `progress` gets the share read so far (0–1) when the server says how long the file is.
pub async fn load(url: Option<String>, progress: impl Fn(f64) + 'static) -> Result<Arc<Db>, FetchError> {
    let url = url.unwrap_or_else(|| DATASET_URL.to_string());
    let resp = gloo_net::http::Request::get(&url).send().await.map_err(|e| FetchError::Network(e.to_string()))?;
    if !resp.ok() {
        return Err(FetchError::Status(resp.status()));
    }
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
                let chunk = JsFuture::from(reader.read()).await.map_err(|e| FetchError::Network(format!("{e:?}")))?;
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
                    if now() - since_yield > SLICE_MS {
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
            let text = resp.binary().await.map_err(|e| FetchError::Network(e.to_string()))?;
            stream.feed(&text).map_err(FetchError::Invalid)?;
        }
    }
    let ds = stream.finish().map_err(FetchError::Invalid)?;
    yield_now().await;
    let db = Db::new(ds);
    // Indexing and the first draw are two tasks, not one.
    yield_now().await;
    Ok(Arc::new(db))
}

/// Work done between two yields to the browser while a dataset is read, in milliseconds.
const SLICE_MS: f64 = 40.0;

/// Bytes parsed at a time.
const PIECE_BYTES: u32 = 256 * 1024;

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Lets the browser paint and handle input before the next slice of work.
pub async fn yield_now() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = JsFuture::from(promise).await;
}
