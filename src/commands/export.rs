//! `export`: every article as JSON lines (NDJSON or the OpenSearch/Elasticsearch `_bulk` form), streamed from the
//! index or straight from the corpus, for moving an archive to Quickwit or OpenSearch. The work is in
//! `crate::export`; this is the command: open the source first (so a missing index leaves no empty output file),
//! then write, to a file that appears under its name only once it is complete.

use super::{Console, Status};
use crate::export::{corpus, stored::Stored, LineFormat, LineWriter};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Ndjson,
    EsBulk,
}

/// Where the articles come from.
#[derive(Clone, Debug)]
pub enum ExportFrom {
    Index(PathBuf),
    /// The corpus, read with these ingest options.
    Corpus(PathBuf, crate::ingest::Options),
}

#[derive(Clone, Debug)]
pub struct ExportConfig {
    pub from: ExportFrom,
    pub format: ExportFormat,
    /// The index name in `es-bulk` action lines.
    pub index_name: String,
}

/// An opened source of articles.
enum Source {
    Index(Box<Stored>),
    Corpus(PathBuf, crate::ingest::Options),
}

impl Source {
    fn open(from: &ExportFrom) -> anyhow::Result<Source> {
        Ok(match from {
            ExportFrom::Index(root) => Source::Index(Box::new(Stored::open(root)?)),
            ExportFrom::Corpus(root, opts) => {
                // Fail now, before any output exists, if the corpus is not there.
                crate::ingest::walk::Walker::new(root)?;
                Source::Corpus(root.clone(), opts.clone())
            }
        })
    }

    fn write(self, cfg: &ExportConfig, out: &mut dyn Write) -> anyhow::Result<Status> {
        let console = Console::new(false);
        let started = Instant::now();
        let format = match cfg.format {
            ExportFormat::Ndjson => LineFormat::Ndjson,
            ExportFormat::EsBulk => LineFormat::EsBulk,
        };
        let mut w = LineWriter::new(format, &cfg.index_name, out);
        let extra = match self {
            Source::Index(mut stored) => {
                stored.for_each(|a| Ok(w.write(a)?))?;
                String::new()
            }
            Source::Corpus(root, opts) => {
                let c = corpus::for_each(&root, &opts, console, |a| Ok(w.write(a)?))?;
                let mut parts = vec![format!("{} files read", c.files)];
                if c.duplicates > 0 {
                    parts.push(format!("{} duplicates left out", c.duplicates));
                }
                if c.skipped > 0 {
                    parts.push(format!("{} files skipped", c.skipped));
                }
                if c.warnings > 0 {
                    parts.push(format!(
                        "{} warnings (`dateline rebuild` prints them)",
                        c.warnings
                    ));
                }
                format!("; {}", parts.join(", "))
            }
        };
        w.flush()?;
        let secs = started.elapsed().as_secs_f64();
        let rate = if secs > 0.0 {
            format!(", {:.0} articles/s", w.written as f64 / secs)
        } else {
            String::new()
        };
        console.note(&format!(
            "exported {} articles in {secs:.2} s{rate}{extra}",
            w.written
        ));
        Ok(if w.written == 0 {
            Status::Nothing
        } else {
            Status::Ok
        })
    }
}

/// Writes every article to `out`. Exit status: `Ok`, or `Nothing` when the archive holds no article.
pub fn export(cfg: &ExportConfig, out: &mut dyn Write) -> anyhow::Result<Status> {
    Source::open(&cfg.from)?.write(cfg, out)
}

/// Writes every article to the file `path`, or to stdout when `path` is `None` or `-`. A regular file is written
/// beside its final name and renamed when complete, so a failed export never leaves a truncated file that looks
/// whole; anything else (`/dev/stdout`, a named pipe) is written in place.
pub fn export_to(cfg: &ExportConfig, path: Option<&Path>) -> anyhow::Result<Status> {
    let source = Source::open(&cfg.from)?;
    let path = match path {
        Some(p) if p != Path::new("-") => p,
        _ => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            return source.write(cfg, &mut w);
        }
    };
    let cannot = |e: std::io::Error| anyhow::anyhow!("cannot write {}: {e}", path.display());
    let special = std::fs::metadata(path).is_ok_and(|m| !m.is_file());
    if special {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(cannot)?;
        let mut w = std::io::BufWriter::new(file);
        return source.write(cfg, &mut w);
    }
    let partial = partial_name(path);
    let file = std::fs::File::create(&partial).map_err(cannot)?;
    let mut w = std::io::BufWriter::new(file);
    let written = source.write(cfg, &mut w).and_then(|status| {
        let file = w.into_inner().map_err(|e| cannot(e.into_error()))?;
        file.sync_all().map_err(cannot)?;
        std::fs::rename(&partial, path).map_err(cannot)?;
        Ok(status)
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    written
}

/// `dir/.name.partial` beside `dir/name`: same folder, so the final rename is atomic.
fn partial_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "export".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.partial"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_partial_file_sits_beside_the_final_one() {
        assert_eq!(
            partial_name(Path::new("/tmp/out/archive.ndjson")),
            Path::new("/tmp/out/.archive.ndjson.partial")
        );
        assert_eq!(
            partial_name(Path::new("archive.ndjson")),
            Path::new(".archive.ndjson.partial")
        );
    }
}
