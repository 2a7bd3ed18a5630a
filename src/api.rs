//! Fetching the bundled dataset with gloo-net, by a relative URL so the bundle works from any folder.

use chiso_core::i18n::Lang;
use chiso_core::model::{Dataset, LoadError};
use chiso_core::query::Db;
use std::sync::Arc;

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
pub async fn load(url: Option<String>) -> Result<Arc<Db>, FetchError> {
    let url = url.unwrap_or_else(|| DATASET_URL.to_string());
    let resp = gloo_net::http::Request::get(&url).send().await.map_err(|e| FetchError::Network(e.to_string()))?;
    if !resp.ok() {
        return Err(FetchError::Status(resp.status()));
    }
    let text = resp.text().await.map_err(|e| FetchError::Network(e.to_string()))?;
    let ds = Dataset::from_json(&text).map_err(FetchError::Invalid)?;
    Ok(Arc::new(Db::new(ds)))
}
