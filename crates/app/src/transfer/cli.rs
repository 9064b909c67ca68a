//! `carewell import KIND FILE` and `carewell export customers FILE`.

use super::export::CustomerCsv;
use super::pipeline::{ImportError, Progress, Source, import};
use crate::kernel::config::Config;
use anyhow::Context;
use carewell_domain::import::{ImportKind, RowError};
use carewell_store::Actor;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// Bad rows printed before "… and N more".
pub const SHOW_ERRORS: usize = 100;

fn bar(len: u64) -> Progress {
    if !std::io::stderr().is_terminal() {
        return Progress::hidden();
    }
    let pb = ProgressBar::new(len);
    if let Ok(style) = ProgressStyle::with_template(
        "{msg:>10} [{bar:40}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
    ) {
        pb.set_style(style.progress_chars("=> "));
    }
    Progress(pb)
}

/// Prints bad rows to stderr, at most [`SHOW_ERRORS`], then how many more there are.
pub fn print_errors(errors: &[RowError]) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{} problem(s); nothing was imported:", errors.len());
    let tr = crate::web::i18n::Tr::default();
    for e in errors.iter().take(SHOW_ERRORS) {
        let why = tr.code(&e.code);
        let _ = writeln!(err, "  line {}, column {}: {why}", e.line, e.column);
    }
    if errors.len() > SHOW_ERRORS {
        let _ = writeln!(err, "  … and {} more", errors.len() - SHOW_ERRORS);
    }
}

/// `carewell import KIND FILE`: validates every row, then writes all of them or none.
pub async fn cli_import(config: &Config, kind: &str, file: &Path) -> anyhow::Result<ExitCode> {
    let kind = ImportKind::parse(kind)?;
    if !file.is_file() {
        anyhow::bail!("{}: no such file", file.display());
    }
    let store = config.open_store().await?;
    let src = Source::File(file.to_path_buf());
    let progress = bar(src.len());
    progress.0.set_message("importing");
    let started = Instant::now();
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.display().to_string());
    let result = import(&store, kind, src, &Actor::cli(), &name, &progress).await;
    progress.0.finish_and_clear();
    store.close().await;
    match result {
        Ok(r) => {
            let secs = started.elapsed().as_secs_f64();
            println!(
                "Imported {} rows from {} ({} inserted, {} updated) in {:.2} s — {:.0} rows/s",
                r.rows,
                file.display(),
                r.inserted,
                r.updated,
                secs,
                r.rows as f64 / secs.max(1e-9)
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(ImportError::Rows(errors)) => {
            eprintln!("{}:", file.display());
            print_errors(&errors);
            Ok(ExitCode::FAILURE)
        }
        Err(ImportError::File(code)) => {
            let why = crate::web::i18n::Tr::default().code(&code);
            eprintln!("{}: {why}; nothing was imported", file.display());
            Ok(ExitCode::FAILURE)
        }
        Err(ImportError::Stopped(why)) => {
            anyhow::bail!("import failed ({why}); nothing was imported")
        }
        Err(ImportError::Store(e)) => Err(e).context("import failed; nothing was imported"),
    }
}

/// `carewell export customers FILE`: streams every customer to a temp file, renamed at the end.
pub async fn cli_export(config: &Config, kind: &str, file: &Path) -> anyhow::Result<ExitCode> {
    if kind != "customers" {
        anyhow::bail!("only customers can be exported");
    }
    let store = config.open_store().await?;
    let total = store.count_customers().await?.max(0) as u64;
    let dir = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let fname = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export.csv".into());
    let tmp = dir.join(format!(".{fname}.{}.partial", std::process::id()));
    let started = Instant::now();
    let result = async {
        let f = std::fs::File::create(&tmp)
            .with_context(|| format!("cannot create {}", tmp.display()))?;
        let mut out = std::io::BufWriter::with_capacity(256 * 1024, f);
        let pb = if std::io::stderr().is_terminal() {
            ProgressBar::new(total)
        } else {
            ProgressBar::hidden()
        };
        let mut csv = CustomerCsv::start(store.clone()).await?;
        while let Some(chunk) = csv.next_chunk().await? {
            out.write_all(&chunk)?;
            pb.set_position(csv.rows);
        }
        pb.finish_and_clear();
        let f = out.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        std::fs::rename(&tmp, file)
            .with_context(|| format!("cannot rename to {}", file.display()))?;
        anyhow::Ok(csv.rows)
    }
    .await;
    store.close().await;
    match result {
        Ok(rows) => {
            println!(
                "Exported {rows} customers to {} in {:.2} s",
                file.display(),
                started.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}
