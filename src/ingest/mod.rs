//! Ingest: walk a corpus folder, read each file with the reader for its format, normalize, find dates and places,
//! and turn each file into `Article`s. Files are processed on all cores in ordered chunks, so the result is the
//! same whatever the thread timing. A bad file is a warning naming it, never an abort. Nothing here knows tantivy.

pub mod normalize;
pub mod read;

use crate::article::Article;
use crate::dates::{self, DateOptions, Evidence};
use crate::places;
use rayon::prelude::*;
use read::{Format, ReadOptions, Record};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// A file of the corpus, as the walk found it.
#[derive(Clone, Debug)]
pub struct CorpusFile {
    pub abs: PathBuf,
    /// Path relative to the corpus root, `/`-separated: the article's `path`, and the base of its id.
    pub rel: String,
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch (0 when the platform cannot tell).
    pub mtime: i64,
    pub format: Format,
}

/// A file or folder the walk could not take, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub path: String,
    pub reason: String,
}

/// What the walk found.
#[derive(Debug, Default)]
pub struct Walk {
    /// Files in a format dateline reads, sorted by path.
    pub files: Vec<CorpusFile>,
    /// Files skipped because dateline does not read their format, counted by extension.
    pub unsupported: BTreeMap<String, usize>,
    /// Folders or files that could not be walked (permissions, symlink loops, ...).
    pub problems: Vec<Problem>,
}

/// Files in a corpus that document it rather than report news: not articles.
pub(crate) fn is_corpus_notice(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).to_ascii_uppercase();
    matches!(
        stem.as_str(),
        "README" | "ATTRIBUTION" | "LICENSE" | "LICENCE" | "COPYING" | "NOTICE"
    )
}

pub(crate) fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Lists the corpus. Hidden files and folders (`.git`, ...) and corpus notices (`README`, `ATTRIBUTION`, ...)
/// are not articles. Symbolic links are followed; a link loop is a problem, not a hang.
pub fn walk(root: &Path) -> anyhow::Result<Walk> {
    let meta = std::fs::metadata(root).map_err(|e| {
        anyhow::anyhow!(
            "cannot read the corpus folder {}: {e}; pass the folder of your articles with --corpus DIR",
            root.display()
        )
    })?;
    if !meta.is_dir() {
        anyhow::bail!(
            "the corpus {} is not a folder; pass the folder of your articles with --corpus DIR",
            root.display()
        );
    }
    let mut walk = Walk::default();
    let entries = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| root.display().to_string(), |p| rel_path(root, p));
                let reason = if e.loop_ancestor().is_some() {
                    "symbolic link loop; not followed".to_string()
                } else {
                    e.io_error()
                        .map_or_else(|| e.to_string(), |io| format!("cannot read: {io}"))
                };
                walk.problems.push(Problem { path, reason });
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if is_corpus_notice(&name) {
            continue;
        }
        let rel = rel_path(root, entry.path());
        let Some(format) = Format::from_path(entry.path()) else {
            let ext = entry.path().extension().map_or_else(
                || "(none)".to_string(),
                |e| format!(".{}", e.to_string_lossy().to_lowercase()),
            );
            *walk.unsupported.entry(ext).or_default() += 1;
            continue;
        };
        let (size, mtime) = match entry.metadata() {
            Ok(m) => (m.len(), mtime_nanos(&m)),
            Err(e) => {
                walk.problems.push(Problem {
                    path: rel,
                    reason: format!("cannot read: {e}"),
                });
                continue;
            }
        };
        walk.files.push(CorpusFile {
            abs: entry.into_path(),
            rel,
            size,
            mtime,
            format,
        });
    }
    walk.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(walk)
}

pub(crate) fn mtime_nanos(m: &std::fs::Metadata) -> i64 {
    m.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// What ingest does to every article.
#[derive(Clone, Debug)]
pub struct Options {
    pub read: ReadOptions,
    pub dates: DateOptions,
    /// Find publication dates (off only to measure what it costs).
    pub find_dates: bool,
    /// Find places (off only to measure what it costs).
    pub find_places: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            read: ReadOptions::default(),
            dates: DateOptions::default(),
            find_dates: true,
            find_places: true,
        }
    }
}

/// What became of one file.
#[derive(Debug)]
pub struct FileOutcome {
    pub file: CorpusFile,
    /// BLAKE3 of the file's bytes (empty when it could not be read).
    pub hash: String,
    pub articles: Vec<Article>,
    /// Problems that did not stop the file, each without the file name.
    pub warnings: Vec<String>,
    /// Why the whole file gave nothing, when it did.
    pub skipped: Option<String>,
}

/// Reads one file into articles.
pub fn process(file: &CorpusFile, opts: &Options) -> FileOutcome {
    let mut out = FileOutcome {
        file: file.clone(),
        hash: String::new(),
        articles: Vec::new(),
        warnings: Vec::new(),
        skipped: None,
    };
    let bytes = match std::fs::read(&file.abs) {
        Ok(b) => b,
        Err(e) => {
            out.skipped = Some(format!("cannot read: {e}"));
            return out;
        }
    };
    out.hash = blake3::hash(&bytes).to_hex()[..32].to_string();
    let read = match read::read(&bytes, file.format, &opts.read) {
        Ok(r) => r,
        Err(reason) => {
            out.skipped = Some(reason.to_string());
            return out;
        }
    };
    out.warnings.extend(read.warnings);
    let numbered = read.records.len() > 1;
    for (i, rec) in read.records.into_iter().enumerate() {
        let id = if numbered {
            format!("{}#{}", file.rel, i + 1)
        } else {
            file.rel.clone()
        };
        match to_article(rec, id, file, opts, &mut out.warnings) {
            Some(a) => out.articles.push(a),
            None if numbered => out
                .warnings
                .push(format!("article #{} has no text; skipped", i + 1)),
            None => {}
        }
    }
    if out.articles.is_empty() && out.skipped.is_none() {
        out.skipped = Some("no article text found".to_string());
    }
    out
}

/// Normalizes and enriches one record.
fn to_article(
    rec: Record,
    id: String,
    file: &CorpusFile,
    opts: &Options,
    warnings: &mut Vec<String>,
) -> Option<Article> {
    let body = normalize::body(&rec.body);
    let mut title = rec
        .title
        .as_deref()
        .map(normalize::title)
        .unwrap_or_default();
    if title.is_empty() {
        // A story without a headline is still news: its first words stand in.
        title = body
            .split("\n\n")
            .next()
            .unwrap_or("")
            .chars()
            .take(100)
            .collect();
    }
    if title.is_empty() && body.is_empty() {
        return None;
    }
    let (dated, date_warnings) = if opts.find_dates {
        let mtime = (file.mtime > 0).then(|| chrono::DateTime::from_timestamp_nanos(file.mtime));
        let ev = Evidence {
            metadata: &rec.dates,
            path: &file.rel,
            title: &title,
            body: &body,
            mtime,
        };
        dates::extract(&ev, &opts.dates)
    } else {
        (None, Vec::new())
    };
    warnings.extend(date_warnings);
    let geo = if opts.find_places {
        places::geoparse(&title, &body)
    } else {
        places::Geo::default()
    };
    let content_hash = Article::hash_content(&title, &body);
    Some(Article {
        id,
        path: file.rel.clone(),
        title,
        body,
        published: dated.map(|d| d.published),
        date_source: dated.map(|d| d.source),
        places: geo.places,
        focus: geo.focus,
        primary_place: geo.primary,
        source: rec
            .source
            .map(|s| normalize::title(&s))
            .filter(|s| !s.is_empty()),
        url: rec
            .url
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        author: rec
            .author
            .map(|s| normalize::title(&s))
            .filter(|s| !s.is_empty()),
        language: rec
            .language
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        content_hash,
    })
}

/// Files per parallel chunk: large enough to keep every core busy, small enough to bound memory.
const CHUNK: usize = 256;

/// Processes files on all cores and hands the outcomes to `consume` in corpus order. The consumer runs on the
/// calling thread while the next chunk is being read, so indexing overlaps reading.
pub fn process_all<F>(files: Vec<CorpusFile>, opts: &Options, mut consume: F) -> anyhow::Result<()>
where
    F: FnMut(FileOutcome) -> anyhow::Result<()>,
{
    let (tx, rx) = crossbeam_channel::bounded::<Vec<FileOutcome>>(2);
    std::thread::scope(|scope| {
        let producer = scope.spawn(move || {
            for chunk in files.chunks(CHUNK) {
                let outcomes: Vec<FileOutcome> =
                    chunk.par_iter().map(|f| process(f, opts)).collect();
                if tx.send(outcomes).is_err() {
                    // The consumer stopped (it failed); its error is reported by the caller.
                    break;
                }
            }
        });
        let mut result = Ok(());
        for chunk in rx.iter() {
            for outcome in chunk {
                if let Err(e) = consume(outcome) {
                    result = Err(e);
                    break;
                }
            }
            if result.is_err() {
                break;
            }
        }
        drop(rx);
        if producer.join().is_err() {
            return Err(anyhow::anyhow!(
                "a worker thread panicked while reading the corpus"
            ));
        }
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_are_not_articles() {
        assert!(is_corpus_notice("ATTRIBUTION.md"));
        assert!(is_corpus_notice("README"));
        assert!(!is_corpus_notice("readership-report.txt"));
    }

    #[test]
    fn walk_lists_supported_files_and_counts_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("2024/06/23")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join("2024/06/23/a.txt"), "Title\nBody").unwrap();
        std::fs::write(root.join("b.txt"), "Title\nBody").unwrap();
        std::fs::write(root.join("photo.jpg"), [0u8, 1, 2]).unwrap();
        std::fs::write(root.join(".git/x.txt"), "hidden").unwrap();
        std::fs::write(root.join("ATTRIBUTION.md"), "credits").unwrap();
        let w = walk(root).unwrap();
        let rels: Vec<&str> = w.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["2024/06/23/a.txt", "b.txt"]);
        assert_eq!(w.unsupported.get(".jpg"), Some(&1));
        assert!(w.problems.is_empty());
    }

    #[test]
    fn process_all_keeps_corpus_order() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..600 {
            std::fs::write(
                dir.path().join(format!("{i:04}.txt")),
                format!("Title {i}\nBody {i}"),
            )
            .unwrap();
        }
        let w = walk(dir.path()).unwrap();
        let mut seen = Vec::new();
        process_all(w.files, &Options::default(), |o| {
            seen.push(o.file.rel.clone());
            Ok(())
        })
        .unwrap();
        let mut sorted = seen.clone();
        sorted.sort();
        assert_eq!(seen.len(), 600);
        assert_eq!(seen, sorted);
    }
}
