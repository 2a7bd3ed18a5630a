//! The messages between the app and its file worker (`crates/chiso-worker`, a second wasm run in a Web Worker on
//! first use), and the worker's side of them as pure code ([`Session`]).
//!
//! The worker holds everything the reader's own file needs and the first chart does not: the import
//! ([`crate::import`]) and its checks, the issue lists and their CSV, the template sheet ([`crate::template`]), the
//! diff against the published dataset ([`crate::diff`]) and the publish outputs ([`crate::publish`]). The app keeps
//! only these message types, so none of that code is in the wasm of the first load.
//!
//! On the wire a message is a JavaScript object `{ msg, bytes }`: `msg` is a [`Request`] or [`Response`] as JSON
//! text ([`Request::to_json`], [`Response::from_json`], …), `bytes` an `ArrayBuffer` moved (transferred, not copied)
//! beside it when the message carries a file: the reader's file with [`Request::Import`], the opened dataset as
//! JSON with [`Response::Opened`], a download with [`Response::File`].
//!
//! Texts the reader sees come already worded in both languages ([`Words`]), so switching the language never asks the
//! worker again.

mod session;

pub use session::{issue_table, Reply, Session};

use chiso_core::i18n::Lang;
use chiso_core::tr;
use serde::{Deserialize, Serialize};

/// The version of these messages. The worker says it in [`Response::Ready`]; the app refuses a worker of another
/// version (an old `chiso-worker.js` served from a cache next to a new app) rather than misread it.
pub const PROTOCOL_VERSION: u32 = 1;

/// Lines of the issue table the reader sees; the rest are counted under it, and all are in the downloadable list.
pub const MAX_ISSUE_LINES: usize = 500;

/// Changes listed in the publish panel; the rest are counted, and all are in the report.
pub const SHOWN_CHANGES: usize = 100;

/// What the app asks the worker. Every request but the first carries an `id` that its answer repeats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Request {
    /// Read and check a file (its bytes beside the message; none when `size` is over
    /// [`crate::import::MAX_IMPORT_BYTES`], which is refused unread) against the dataset at `dataset_url`.
    Import {
        /// Request id.
        id: u32,
        /// The file's name as the reader chose it.
        file_name: String,
        /// The file's size in bytes.
        size: usize,
        /// Absolute address of the dataset the app shows (the published one, or `data=`'s).
        dataset_url: String,
    },
    /// The sheet of the dataset's figures to start from ([`crate::template::rows_csv`]).
    Template {
        /// Request id.
        id: u32,
        /// Absolute address of the dataset.
        dataset_url: String,
    },
    /// The publish panel's summary and list of changes, as HTML ([`crate::publish::changes_html`]) of the file
    /// opened last.
    Changes {
        /// Request id.
        id: u32,
        /// Language of the texts.
        lang: Lang,
    },
    /// The opened file as the dataset to put on the site ([`crate::publish::dataset_json`]).
    PublishedJson {
        /// Request id.
        id: u32,
        /// The date of publication, `2026-12-06` (the reader's day).
        date: String,
    },
    /// The reviewer's report of the opened file ([`crate::publish::report_csv`]).
    Report {
        /// Request id.
        id: u32,
        /// The day of the report (in its file name).
        date: String,
        /// Language of the report.
        lang: Lang,
    },
    /// Every issue of the file read last, as CSV ([`crate::import::issues_csv`]).
    IssuesCsv {
        /// Request id.
        id: u32,
        /// Language of the list.
        lang: Lang,
    },
}

impl Request {
    /// The request's id.
    pub fn id(&self) -> u32 {
        match self {
            Request::Import { id, .. }
            | Request::Template { id, .. }
            | Request::Changes { id, .. }
            | Request::PublishedJson { id, .. }
            | Request::Report { id, .. }
            | Request::IssuesCsv { id, .. } => *id,
        }
    }

    /// The `msg` text of the message.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("requests always serialise")
    }

    /// Reads a `msg` text; the error says what was wrong with it.
    pub fn from_json(text: &str) -> Result<Request, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Words {
    /// Vietnamese.
    pub vi: String,
    /// English.
    pub en: String,
}

impl Words {
    /// Words the closure writes in each language.
    pub fn of(mut f: impl FnMut(Lang) -> String) -> Words {
        Words { vi: f(Lang::Vi), en: f(Lang::En) }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// One line of the issue table ([`crate::import::IssueLine`], worded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueLineText {
    /// An error (else a warning).
    pub error: bool,
    /// Rows it is on, up to [`crate::import::ROWS_PER_LINE`].
    pub rows: Vec<usize>,
    /// How many more rows have it.
    pub more: usize,
    /// Column, or empty.
    pub column: String,
    /// The value at fault, or empty.
    pub value: String,
    /// What is wrong.
    pub message: Words,
    /// How to fix it.
    pub fix: Words,
}

/// The issue table of a file: at most [`MAX_ISSUE_LINES`] lines and the counts around them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct IssueTable {
    /// The lines ([`crate::import::issue_list`]).
    pub lines: Vec<IssueLineText>,
    /// Issues no line shows ("… and N more").
    pub left_off: usize,
    /// Whether the table leaves out issues or rows of a grouped warning (then the full list is offered as CSV).
    pub cut: bool,
    /// Errors among all the issues.
    pub errors: usize,
    /// All the issues, errors and warnings.
    pub total: usize,
}

/// Why the worker could not do what was asked (not an issue of the file: those are in [`IssueTable`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// The dataset to compare with could not be fetched or read.
    Dataset {
        /// The address.
        url: String,
        /// What went wrong, as the browser or the reader of the file said it.
        detail: String,
    },
    /// A publish request came with no file open in the worker (it was restarted since).
    NothingOpen,
    /// The message could not be read (a bug, or an app and worker of different builds).
    BadMessage {
        /// What was wrong with it.
        detail: String,
    },
}

impl Problem {
    /// What went wrong, for the reader.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Problem::Dataset { url, detail } => tr!(
                lang,
                "Không đọc được bộ số liệu để so sánh ({url}): {detail}",
                "Could not read the dataset to compare with ({url}): {detail}",
                url = url,
                detail = detail
            ),
            Problem::NothingOpen => tr!(
                lang,
                "Phần đọc tệp đã khởi động lại: hãy mở lại tệp của bạn.",
                "The file reader restarted: open your file again."
            )
            .to_string(),
            Problem::BadMessage { detail } => tr!(
                lang,
                "Phần đọc tệp không hiểu yêu cầu ({detail}). Hãy tải lại trang.",
                "The file reader did not understand the request ({detail}). Reload the page.",
                detail = detail
            ),
        }
    }
}

/// What the worker answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// The worker has started and listens (sent once, unasked).
    Ready {
        /// Its [`PROTOCOL_VERSION`].
        version: u32,
    },
    /// How far an import is, 0–1 ([`crate::import::Progress::share`]).
    Progress {
        /// The import's request id.
        id: u32,
        /// Share done.
        share: f64,
    },
    /// The file has errors (or could not be read): it was not opened.
    Refused {
        /// Request id.
        id: u32,
        /// Data rows read.
        rows: usize,
        /// Its issues.
        issues: IssueTable,
    },
    /// The file has no error: its dataset is beside the message, as JSON text (the shape of `nghe-an.json`).
    Opened {
        /// Request id.
        id: u32,
        /// The check's warnings (no error).
        warnings: IssueTable,
    },
    /// A file to download, its bytes beside the message.
    File {
        /// Request id.
        id: u32,
        /// The file's name.
        name: String,
        /// Its media type.
        mime: String,
    },
    /// The publish panel's summary and changes, as HTML (every text escaped).
    Changes {
        /// Request id.
        id: u32,
        /// The HTML.
        html: String,
    },
    /// The request could not be done.
    Failed {
        /// Request id (0 when the request could not be read).
        id: u32,
        /// Why.
        problem: Problem,
    },
}

impl Response {
    /// The id of the request this answers (`None` for [`Response::Ready`]).
    pub fn id(&self) -> Option<u32> {
        match self {
            Response::Ready { .. } => None,
            Response::Progress { id, .. }
            | Response::Refused { id, .. }
            | Response::Opened { id, .. }
            | Response::File { id, .. }
            | Response::Changes { id, .. }
            | Response::Failed { id, .. } => Some(*id),
        }
    }

    /// The `msg` text of the message.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("responses always serialise")
    }

    /// Reads a `msg` text; the error says what was wrong with it.
    pub fn from_json(text: &str) -> Result<Response, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}
