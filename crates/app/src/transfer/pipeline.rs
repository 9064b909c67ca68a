//! The two-pass import shared by the CLI, the API and the upload page.
//!
//! Pass 1 streams the file and validates every row (header, field rules, duplicate keys inside
//! the file), collecting every bad row. Only a clean file gets pass 2: a reader thread parses
//! the file again into batches while the async side writes them inside one import
//! transaction, so either every row lands or none does.

use crate::web::i18n::Tr;
use carewell_domain::Code;
use carewell_domain::import::{ImportKind, ImportRow, RowError, parse_row};
use carewell_store::import::{BATCH, ImportReport};
use carewell_store::{Actor, Store};
use indicatif::ProgressBar;
use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

/// Where the CSV comes from; it is read twice, so it must be re-openable.
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

/// Row count of a file that passed validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validated {
    /// Data rows.
    pub rows: u64,
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

/// Walks every data row as `&str` fields; non-UTF-8 fields and CSV syntax errors become row
/// errors. `f` gets (line, fields) for well-formed rows.
fn each_row<R: Read>(
    rdr: &mut csv::Reader<R>,
    header: &[&str],
    progress: &Progress,
    errors: &mut Vec<RowError>,
    mut f: impl FnMut(u64, &[&str], &mut Vec<RowError>) -> Result<(), ImportError>,
) -> Result<u64, ImportError> {
    let mut rec = csv::ByteRecord::new();
    let mut rows = 0u64;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                if let csv::ErrorKind::Io(io) = e.kind() {
                    return Err(ImportError::File(Code::UnreadableFile {
                        detail: io.to_string(),
                    }));
                }
                errors.push(RowError {
                    line,
                    column: "*".into(),
                    code: Code::MalformedCsv {
                        detail: e.to_string(),
                    },
                });
                rows += 1;
                continue;
            }
        }
        rows += 1;
        let line = rec.position().map_or(0, |p| p.line());
        if rows.is_multiple_of(4096) {
            progress
                .0
                .set_position(rec.position().map_or(0, |p| p.byte()));
        }
        let mut fields: Vec<&str> = Vec::with_capacity(header.len());
        let mut bad = false;
        for (i, raw) in rec.iter().enumerate() {
            match std::str::from_utf8(raw) {
                Ok(s) => fields.push(s),
                Err(_) => {
                    bad = true;
                    errors.push(RowError {
                        line,
                        column: header.get(i).copied().unwrap_or("*").to_string(),
                        code: Code::NotUtf8,
                    });
                }
            }
        }
        if bad {
            continue;
        }
        f(line, &fields, errors)?;
    }
    progress.0.set_position(progress.0.length().unwrap_or(0));
    Ok(rows)
}

/// Pass 1: checks the header and every row without writing. All bad rows are returned.
pub fn validate(
    kind: ImportKind,
    src: &Source,
    progress: &Progress,
) -> Result<Validated, ImportError> {
    let mut rdr = reader(src)?;
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
    let ext_col = h.iter().position(|c| *c == "external_ref");
    let rows = each_row(&mut rdr, &h, progress, &mut errors, |line, rec, errors| {
        if parse_row(kind, &h, rec, line, errors).is_some()
            && let Some(key) = ext_col.and_then(|i| rec.get(i)).map(|s| s.trim())
        {
            if let Some(first) = seen.get(key) {
                errors.push(RowError {
                    line,
                    column: "external_ref".into(),
                    code: Code::DuplicateRow {
                        value: key.to_string(),
                        line: *first,
                    },
                });
            } else {
                seen.insert(key.to_string(), line);
            }
        }
        Ok(())
    })?;
    if errors.is_empty() {
        Ok(Validated { rows })
    } else {
        Err(ImportError::Rows(errors))
    }
}

type Batch = Vec<(u64, ImportRow)>;

/// Pass 2: parses the file again on a blocking thread and writes it in batches inside one
/// transaction. Rows the database refuses (e.g. unknown customer references) roll it all back.
pub async fn write(
    store: &Store,
    kind: ImportKind,
    src: &Source,
    actor: &Actor,
    source_name: &str,
    progress: &Progress,
) -> Result<ImportReport, ImportError> {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Batch>(4);
    let src2 = src.clone();
    let progress2 = progress.clone();
    let reader_task = tokio::task::spawn_blocking(move || -> Result<(), ImportError> {
        let mut rdr = reader(&src2)?;
        let header = read_header(&mut rdr)?;
        let h: Vec<&str> = header.iter().map(String::as_str).collect();
        let mut errors = Vec::new();
        let mut batch: Batch = Vec::with_capacity(BATCH);
        each_row(
            &mut rdr,
            &h,
            &progress2,
            &mut errors,
            |line, rec, errors| {
                if let Some(row) = parse_row(kind, &h, rec, line, errors) {
                    batch.push((line, row));
                }
                if batch.len() >= BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    tx.blocking_send(full)
                        .map_err(|_| ImportError::Stopped("the writer went away".into()))?;
                }
                Ok(())
            },
        )?;
        if !errors.is_empty() {
            // The file changed between the passes.
            return Err(ImportError::Rows(errors));
        }
        if !batch.is_empty() {
            tx.blocking_send(batch)
                .map_err(|_| ImportError::Stopped("the writer went away".into()))?;
        }
        Ok(())
    });
    let mut importer = store.begin_import(kind).await?;
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
    if let Some(e) = failed {
        return Err(e.into());
    }
    // Dropping the importer without finishing rolls the transaction back.
    read?;
    match importer.finish(actor, source_name).await? {
        Ok(report) => Ok(report),
        Err(rows) => Err(ImportError::Rows(rows)),
    }
}

/// Both passes: validate everything, then write everything (or nothing).
pub async fn import(
    store: &Store,
    kind: ImportKind,
    src: Source,
    actor: &Actor,
    source_name: &str,
    progress: &Progress,
) -> Result<ImportReport, ImportError> {
    let (src2, p2) = (src.clone(), progress.clone());
    tokio::task::spawn_blocking(move || validate(kind, &src2, &p2))
        .await
        .map_err(|e| ImportError::Stopped(format!("the validation: {e}")))??;
    progress.0.set_position(0);
    write(store, kind, &src, actor, source_name, progress).await
}
