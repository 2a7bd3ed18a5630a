//! Reading CSV files into rows addressed by column name, with errors that name the file, line and column.

use crate::{BuildError, BuildErrorKind};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A CSV file read whole: its header and its rows with their line numbers.
pub(crate) struct Table {
    pub path: PathBuf,
    columns: HashMap<String, usize>,
    pub rows: Vec<Row>,
}

/// One data row of a [`Table`].
pub(crate) struct Row {
    /// Line number in the file (the header is line 1).
    pub line: usize,
    fields: Vec<String>,
}

impl Table {
    pub fn read(path: &Path) -> Result<Table, BuildError> {
        let err = |kind| BuildError { file: path.to_path_buf(), line: None, column: None, kind };
        let text = std::fs::read_to_string(path).map_err(|e| err(BuildErrorKind::Read(e.to_string())))?;
        let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
        let headers = reader.headers().map_err(|e| err(BuildErrorKind::Csv(e.to_string())))?.clone();
        let columns = headers.iter().enumerate().map(|(i, h)| (h.trim().to_string(), i)).collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| err(BuildErrorKind::Csv(e.to_string())))?;
            // The reader reports the line count before the record's own line break: add one for the line it is on.
            let line = record.position().map(|p| p.line() as usize + 1).unwrap_or(0);
            rows.push(Row { line, fields: record.iter().map(str::to_string).collect() });
        }
        Ok(Table { path: path.to_path_buf(), columns, rows })
    }

    /// The value of `column` in `row`, trimmed; an error when the file has no such column.
    pub fn get<'a>(&self, row: &'a Row, column: &str) -> Result<&'a str, BuildError> {
        let i = *self.columns.get(column).ok_or_else(|| BuildError {
            file: self.path.clone(),
            line: Some(1),
            column: Some(column.to_string()),
            kind: BuildErrorKind::MissingColumn,
        })?;
        Ok(row.fields.get(i).map(|s| s.trim()).unwrap_or(""))
    }

    /// An error located at `row`, `column` of this file.
    pub fn error(&self, row: &Row, column: &str, kind: BuildErrorKind) -> BuildError {
        BuildError { file: self.path.clone(), line: Some(row.line), column: Some(column.to_string()), kind }
    }
}
