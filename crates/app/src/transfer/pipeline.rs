//! The one-pass import shared by the CLI, the API and the upload page: a reader thread parses
//! and checks the file (in parallel, a chunk of records at a time) while the async side writes
//! the good rows inside one import transaction. Every bad row is reported, and either every
//! row lands or none does.

use crate::web::i18n::Tr;
use carewell_domain::Code;
use carewell_domain::import::{ImportKind, ImportRow, RowError, parse_row};
use carewell_store::import::{BATCH, ImportReport};
use carewell_store::{Actor, Store};
use indicatif::ProgressBar;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

/// Where the CSV comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file on disk.
    File(PathBuf),
    /// An uploaded body held in memory.
    Bytes(Arc<[u8]>),
}

impl Source {
    fn open(&self) -> std::io::Result<Box<dyn Read + Send>> {
        Ok(match self {
            Self::File(p) => Box::new(std::io::BufReader::with_capacity(
                256 * 1024,
                std::fs::File::open(p)?,
            )),
            Self::Bytes(b) => Box::new(std::io::Cursor::new(Arc::clone(b))),
        })
    }

    /// Size in bytes (for progress bars).
    pub fn len(&self) -> u64 {
        match self {
            Self::File(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            Self::Bytes(b) => b.len() as u64,
        }
    }

    /// Whether the source has no bytes at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file as a whole is unusable (empty, no header, unreadable); rendered in English for
    /// the command line, in the reader's language on the web.
    #[error("file: {}", Tr::default().code(.0))]
    File(Code),
    /// The import stopped on its own (a worker task failed); logged, not shown.
    #[error("the import stopped: {0}")]
    Stopped(String),
    /// These rows are bad (every one of them, in file order).
    #[error("{} rows refused", .0.len())]
    Rows(Vec<RowError>),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] carewell_store::StoreError),
}

/// Progress callbacks: bytes read so far.
#[derive(Clone)]
pub struct Progress(pub ProgressBar);

impl Progress {
    /// No progress display.
    pub fn hidden() -> Self {
        Self(ProgressBar::hidden())
    }
}

/// A header, trimmed, with a leading byte-order mark removed.
fn read_header<R: Read>(rdr: &mut csv::Reader<R>) -> Result<Vec<String>, ImportError> {
    let raw = rdr
        .byte_headers()
        .map_err(|e| {
            ImportError::File(Code::MalformedCsv {
                detail: e.to_string(),
            })
        })?
        .clone();
    if raw.is_empty() || raw.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
        return Err(ImportError::File(Code::EmptyFile));
    }
    raw.iter()
        .enumerate()
        .map(|(i, f)| {
            let s = std::str::from_utf8(f).map_err(|_| {
                ImportError::Rows(vec![RowError {
                    line: 1,
                    column: (i + 1).to_string(),
                    code: Code::NotUtf8,
                }])
            })?;
            Ok(s.trim_start_matches('\u{feff}').trim().to_string())
        })
        .collect()
}

fn reader(src: &Source) -> Result<csv::Reader<Box<dyn Read + Send>>, ImportError> {
    let inner = src.open().map_err(|e| {
        ImportError::File(Code::UnreadableFile {
            detail: e.to_string(),
        })
    })?;
    Ok(csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .buffer_capacity(256 * 1024)
        .from_reader(inner))
}

/// The reader's view of one raw record: its line and fields as bytes.
type Raw = (u64, csv::ByteRecord);

/// Records parsed in parallel at a time (large enough to keep both cores busy, small enough
/// that the writer starts early).
const CHUNK: usize = 8192;

/// Reads up to [`CHUNK`] records into `out` (CSV syntax errors become row errors). Returns
/// how many data rows were consumed (good or bad); 0 at the end of the file.
fn next_chunk<R: Read>(
    rdr: &mut csv::Reader<R>,
    out: &mut Vec<Raw>,
    errors: &mut Vec<RowError>,
    progress: &Progress,
) -> Result<u64, ImportError> {
    out.clear();
    let mut rows = 0u64;
    let mut rec = csv::ByteRecord::new();
    while out.len() < CHUNK {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                rows += 1;
                let line = rec.position().map_or(0, |p| p.line());
                out.push((line, std::mem::take(&mut rec)));
            }
            Err(e) => {
                if let csv::ErrorKind::Io(io) = e.kind() {
                    return Err(ImportError::File(Code::UnreadableFile {
                        detail: io.to_string(),
                    }));
                }
                rows += 1;
                errors.push(RowError {
                    line: e.position().map_or(0, |p| p.line()),
                    column: "*".into(),
                    code: Code::MalformedCsv {
                        detail: e.to_string(),
                    },
                });
            }
        }
    }
    if let Some(p) = out.last().and_then(|(_, r)| r.position()) {
        progress.0.set_position(p.byte());
    }
    Ok(rows)
}

/// One record checked: UTF-8 in every field, then the kind's field rules.
fn check_record(
    kind: ImportKind,
    header: &[&str],
    (line, rec): &Raw,
) -> Result<ImportRow, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut fields: Vec<&str> = Vec::with_capacity(header.len());
    for (i, raw) in rec.iter().enumerate() {
        match std::str::from_utf8(raw) {
            Ok(s) => fields.push(s),
            Err(_) => errors.push(RowError {
                line: *line,
                column: header.get(i).copied().unwrap_or("*").to_string(),
                code: Code::NotUtf8,
            }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    parse_row(kind, header, &fields, *line, &mut errors).ok_or(errors)
}

/// The external reference a row is keyed by (duplicates inside a file are refused).
fn key_of(row: &ImportRow) -> Option<&str> {
    match row {
        ImportRow::Customer(c) => c.external_ref.as_deref(),
        ImportRow::Transaction(t) => Some(t.external_ref.as_str()),
        ImportRow::Contract(c) => Some(c.external_ref.as_str()),
        ImportRow::Interaction(i) => Some(i.external_ref.as_str()),
    }
    .map(str::trim)
}

type Batch = Vec<(u64, ImportRow)>;

/// Imports the file in one pass and one transaction: a reader thread parses and checks every
/// row (header, field rules, duplicate keys inside the file) — records in parallel, a chunk
/// at a time — and hands good rows in batches to the writer. The first bad row stops the
/// writing but not the reading: every bad row of the file is reported and the transaction is
/// rolled back, so either every row lands or none does.
pub async fn import(
    store: &Store,
    kind: ImportKind,
    src: Source,
    actor: &Actor,
    source_name: &str,
    progress: &Progress,
) -> Result<ImportReport, ImportError> {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Batch>(8);
    let progress2 = progress.clone();
    let size = src.len();
    let reader_task = tokio::task::spawn_blocking(move || -> Result<(), ImportError> {
        let mut rdr = reader(&src)?;
        let header = read_header(&mut rdr)?;
        let h: Vec<&str> = header.iter().map(String::as_str).collect();
        if let Err(es) = kind.check_header(&h) {
            return Err(ImportError::Rows(
                es.into_iter()
                    .map(|e| RowError {
                        line: 1,
                        column: e.field,
                        code: e.code,
                    })
                    .collect(),
            ));
        }
        let mut errors = Vec::new();
        let mut seen: HashMap<String, u64> = HashMap::new();
        let mut raw: Vec<Raw> = Vec::with_capacity(CHUNK);
        let mut batch: Batch = Vec::with_capacity(BATCH);
        while next_chunk(&mut rdr, &mut raw, &mut errors, &progress2)? > 0 {
            let checked: Vec<Result<ImportRow, Vec<RowError>>> =
                raw.par_iter().map(|r| check_record(kind, &h, r)).collect();
            for ((line, _), row) in raw.iter().zip(checked) {
                let row = match row {
                    Ok(row) => row,
                    Err(es) => {
                        errors.extend(es);
                        continue;
                    }
                };
                if let Some(key) = key_of(&row) {
                    if let Some(first) = seen.get(key) {
                        errors.push(RowError {
                            line: *line,
                            column: "external_ref".into(),
                            code: Code::DuplicateRow {
                                value: key.to_string(),
                                line: *first,
                            },
                        });
                        continue;
                    }
                    seen.insert(key.to_string(), *line);
                }
                // Once a row is bad nothing will be written: only the checking goes on.
                if errors.is_empty() {
                    batch.push((*line, row));
                    if batch.len() >= BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                        tx.blocking_send(full)
                            .map_err(|_| ImportError::Stopped("the writer went away".into()))?;
                    }
                }
            }
        }
        progress2.0.set_position(progress2.0.length().unwrap_or(0));
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.line);
            return Err(ImportError::Rows(errors));
        }
        if !batch.is_empty() {
            tx.blocking_send(batch)
                .map_err(|_| ImportError::Stopped("the writer went away".into()))?;
        }
        Ok(())
    });
    let mut importer = store.begin_import(kind, size / 64).await?;
    let mut failed = None;
    while let Some(batch) = rx.recv().await {
        if let Err(e) = importer.write(&batch).await {
            failed = Some(e);
            break;
        }
    }
    drop(rx);
    let read = reader_task
        .await
        .map_err(|e| ImportError::Stopped(format!("the reader: {e}")))?;
    // A bad file first (every bad row), then a database failure; dropping the importer
    // without finishing rolls the transaction back.
    read?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    match importer.finish(actor, source_name).await? {
        Ok(report) => Ok(report),
        Err(rows) => Err(ImportError::Rows(rows)),
    }
}
