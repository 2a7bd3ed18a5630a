//! The worker's state and its answer to each [`Request`]: pure, so the whole exchange is tested natively; the
//! wasm shell (`crates/chiso-worker`) only moves messages and fetches the dataset a request needs.

use super::{IssueLineText, IssueTable, Problem, Request, Response, Words, MAX_ISSUE_LINES, SHOWN_CHANGES};
use crate::diff::{diff, DatasetDiff};
use crate::import::{
    issue_list, issues_csv, issues_file_name, CsvImporter, ImportIssue, ImportOutcome, JsonImporter, Progress,
    MAX_IMPORT_BYTES,
};
use crate::{publish, template};
use chiso_core::model::Dataset;

/// Rows read between two progress messages.
const ROWS_PER_SLICE: usize = 2_000;

/// An answer: the message and, for a file, its bytes (moved beside it).
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// The message.
    pub response: Response,
    /// The bytes beside it.
    pub bytes: Option<Vec<u8>>,
}

impl Reply {
    fn new(response: Response) -> Reply {
        Reply { response, bytes: None }
    }

    fn with_bytes(response: Response, bytes: Vec<u8>) -> Reply {
        Reply { response, bytes: Some(bytes) }
    }
}

/// A file that opened without errors: its dataset, its warnings, and the diff once asked for.
struct Opened {
    dataset: Dataset,
    warnings: Vec<ImportIssue>,
    diff: Option<DatasetDiff>,
}

/// What the worker keeps between requests: the dataset the reader's files are read against, the file opened last
/// (for the publish panel), and the issues of the file read last (for their CSV).
#[derive(Default)]
pub struct Session {
    base: Option<(String, Dataset)>,
    opened: Option<Opened>,
    last: Option<(String, Vec<ImportIssue>)>,
}

/// The issue table of `issues`, worded in both languages ([`issue_list`], at most [`MAX_ISSUE_LINES`] lines).
pub fn issue_table(issues: &[ImportIssue]) -> IssueTable {
    let (lines, left_off) = issue_list(issues, MAX_ISSUE_LINES);
    let cut = left_off > 0 || lines.iter().any(|l| l.more > 0);
    let lines = lines
        .into_iter()
        .map(|l| IssueLineText {
            error: l.issue.is_error(),
            rows: l.rows,
            more: l.more,
            column: l.issue.column.clone().unwrap_or_default(),
            value: l.issue.value.clone().unwrap_or_default(),
            message: Words::of(|lang| l.issue.message(lang)),
            fix: Words::of(|lang| l.issue.fix(lang)),
        })
        .collect();
    let errors = issues.iter().filter(|i| i.is_error()).count();
    IssueTable { lines, left_off, cut, errors, total: issues.len() }
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

impl Session {
    /// A session with nothing loaded.
    pub fn new() -> Session {
        Session::default()
    }

    /// The address of the dataset `request` needs that the session does not hold yet (the worker fetches it and
    /// gives it to [`Session::set_dataset`] before [`Session::handle`]).
    pub fn dataset_needed<'a>(&self, request: &'a Request) -> Option<&'a str> {
        let url = match request {
            Request::Import { dataset_url, size, .. } if *size <= MAX_IMPORT_BYTES => dataset_url,
            Request::Template { dataset_url, .. } => dataset_url,
            _ => return None,
        };
        match &self.base {
            Some((held, _)) if held == url => None,
            _ => Some(url),
        }
    }

    /// The dataset at `url`, for the requests that name it.
    pub fn set_dataset(&mut self, url: &str, dataset: Dataset) {
        self.base = Some((url.to_string(), dataset));
    }

    /// Answers `request`; `bytes` are the file of an import. An import calls `progress` with a
    /// [`Response::Progress`] after each slice of rows.
    pub fn handle(&mut self, request: Request, bytes: Option<Vec<u8>>, progress: &mut dyn FnMut(Response)) -> Reply {
        let id = request.id();
        match request {
            Request::Import { file_name, size, dataset_url, .. } => {
                self.import(id, &file_name, size, &dataset_url, bytes.unwrap_or_default(), progress)
            }
            Request::Template { dataset_url, .. } => match self.base_at(&dataset_url) {
                Ok(base) => Reply::with_bytes(
                    Response::File { id, name: template::FIGURES.to_string(), mime: CSV.to_string() },
                    template::rows_csv(base),
                ),
                Err(problem) => Reply::new(Response::Failed { id, problem }),
            },
            Request::Changes { lang, .. } => match self.with_diff() {
                Ok((d, base, own)) => {
                    let rows = publish::change_rows(d, base, &own.dataset, lang);
                    Reply::new(Response::Changes { id, html: publish::changes_html(d, &rows, SHOWN_CHANGES, lang) })
                }
                Err(problem) => Reply::new(Response::Failed { id, problem }),
            },
            Request::PublishedJson { date, .. } => match &self.opened {
                Some(own) => Reply::with_bytes(
                    Response::File { id, name: publish::DATASET_FILE.to_string(), mime: JSON.to_string() },
                    publish::dataset_json(&own.dataset, &date).into_bytes(),
                ),
                None => Reply::new(Response::Failed { id, problem: Problem::NothingOpen }),
            },
            Request::Report { date, lang, .. } => match self.with_diff() {
                Ok((d, base, own)) => {
                    let rows = publish::change_rows(d, base, &own.dataset, lang);
                    let csv = publish::report_csv(&rows, &own.warnings, lang);
                    let name = publish::report_file_name(&date, lang);
                    Reply::with_bytes(Response::File { id, name, mime: CSV.to_string() }, csv.into_bytes())
                }
                Err(problem) => Reply::new(Response::Failed { id, problem }),
            },
            Request::IssuesCsv { lang, .. } => match &self.last {
                Some((file, issues)) => Reply::with_bytes(
                    Response::File { id, name: issues_file_name(file, lang), mime: CSV.to_string() },
                    issues_csv(file, issues, lang).into_bytes(),
                ),
                None => Reply::new(Response::Failed { id, problem: Problem::NothingOpen }),
            },
        }
    }

    fn base_at(&self, url: &str) -> Result<&Dataset, Problem> {
        match &self.base {
            Some((held, ds)) if held == url => Ok(ds),
            _ => Err(Problem::Dataset { url: url.to_string(), detail: "not loaded".to_string() }),
        }
    }

    /// The diff of the opened file against the dataset it was read against (computed once), that dataset and the
    /// file.
    fn with_diff(&mut self) -> Result<(&DatasetDiff, &Dataset, &Opened), Problem> {
        let (Some((_, base)), Some(own)) = (&self.base, &mut self.opened) else {
            return Err(Problem::NothingOpen);
        };
        if own.diff.is_none() {
            own.diff = Some(diff(base, &own.dataset));
        }
        let own = &*own;
        Ok((own.diff.as_ref().expect("computed above"), base, own))
    }

    fn import(
        &mut self,
        id: u32,
        file_name: &str,
        size: usize,
        dataset_url: &str,
        bytes: Vec<u8>,
        progress: &mut dyn FnMut(Response),
    ) -> Reply {
        self.opened = None;
        self.last = None;
        let outcome = if size > MAX_IMPORT_BYTES {
            ImportOutcome::too_large(file_name, size)
        } else {
            let base = match self.base_at(dataset_url) {
                Ok(base) => base,
                Err(problem) => return Reply::new(Response::Failed { id, problem }),
            };
            let is_json = file_name.to_lowercase().ends_with(".json")
                || bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
            let mut importer = if is_json {
                Importer::Json(Box::new(JsonImporter::new(bytes, file_name)))
            } else {
                Importer::Csv(Box::new(CsvImporter::new(bytes, file_name, base)))
            };
            loop {
                let p = importer.feed(ROWS_PER_SLICE);
                progress(Response::Progress { id, share: p.share() });
                if p.finished {
                    break;
                }
            }
            importer.finish()
        };
        let table = issue_table(&outcome.issues);
        let rows = outcome.rows;
        match outcome.dataset {
            Some(dataset) if table.errors == 0 => {
                let json = crate::render_json(&dataset).into_bytes();
                self.last = Some((file_name.to_string(), outcome.issues.clone()));
                self.opened = Some(Opened { dataset, warnings: outcome.issues, diff: None });
                Reply::with_bytes(Response::Opened { id, warnings: table }, json)
            }
            _ => {
                self.last = Some((file_name.to_string(), outcome.issues));
                Reply::new(Response::Refused { id, rows, issues: table })
            }
        }
    }
}

const CSV: &str = "text/csv;charset=utf-8";
const JSON: &str = "application/json";
