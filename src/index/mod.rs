//! The index: the only module that knows tantivy field names. It owns the schema, `Article` ↔ document, the
//! on-disk layout that makes rebuilds atomic, the writer lock, and the manifest that makes ingest incremental.
//!
//! Layout of an index folder:
//!
//! ```text
//! index/
//!   CURRENT          the name of the live generation, replaced atomically (write, fsync, rename)
//!   .lock            held (flock) by the one process writing: rebuild or ingest
//!   g000002/         a generation: a tantivy index plus dateline.json (format, reading settings) and
//!                    manifest-NNNNNN.jsonl
//! ```
//!
//! A rebuild writes a new generation beside the live one and switches `CURRENT` only when it has committed, so a
//! failed or killed rebuild leaves the previous index searchable. Each commit names its manifest file in the
//! tantivy commit payload, so index and manifest always agree, even after `kill -9`.

pub mod analyzer;
pub mod document;
pub mod manifest;
pub mod merge;
pub mod schema;
pub mod writer;

use crate::article::Article;
use crate::ingest::settings::ReadSettings;
use schema::Fields;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument};

/// Version of the on-disk format. Bump it when the schema or the layout changes: older indexes are then refused with
/// a message to rebuild.
pub const FORMAT: u32 = 3;

const CURRENT: &str = "CURRENT";
const LOCK: &str = ".lock";
const INFO: &str = "dateline.json";

/// The problems with an index folder that users meet, each with what to do.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("no index at {}; build it with `dateline rebuild --corpus DIR --index {}`", .0.display(), .0.display())]
    Missing(PathBuf),
    #[error(
        "the index at {path} was written by an incompatible version of dateline ({why}); rebuild it with \
         `dateline rebuild --corpus DIR --index {path}`"
    )]
    Incompatible { path: String, why: String },
    #[error(
        "the index at {} is busy: another dateline rebuild or ingest is writing to it; try again when it has finished",
        .0.display()
    )]
    Busy(PathBuf),
    #[error("the index at {path} is damaged ({why}); rebuild it with `dateline rebuild --corpus DIR --index {path}`")]
    Damaged { path: String, why: String },
}

impl IndexError {
    fn incompatible(root: &Path, why: impl Into<String>) -> IndexError {
        IndexError::Incompatible {
            path: root.display().to_string(),
            why: why.into(),
        }
    }

    fn damaged(root: &Path, why: impl Into<String>) -> IndexError {
        IndexError::Damaged {
            path: root.display().to_string(),
            why: why.into(),
        }
    }
}

/// A generation's `dateline.json`: what wrote it, and how it read the corpus.
#[derive(serde::Serialize, serde::Deserialize)]
struct Info {
    format: u32,
    created_by: String,
    /// The reading settings the generation was built with: `ingest` reads with them too.
    #[serde(default)]
    settings: ReadSettings,
}

/// The tantivy commit payload: which manifest belongs to this commit.
#[derive(serde::Serialize, serde::Deserialize, Default)]
pub(crate) struct Payload {
    pub manifest: Option<String>,
}

/// An open, searchable index.
pub struct Archive {
    root: PathBuf,
    dir: PathBuf,
    index: Index,
    fields: Fields,
    reader: IndexReader,
    settings: ReadSettings,
}

fn io_err(path: &Path, e: std::io::Error) -> anyhow::Error {
    anyhow::Error::new(e).context(format!("{}", path.display()))
}

/// The live generation's folder, if the index exists.
fn current_generation(root: &Path) -> anyhow::Result<Option<PathBuf>> {
    let current = root.join(CURRENT);
    match fs::read_to_string(&current) {
        Ok(name) => {
            let name = name.trim();
            if !is_generation_name(name) {
                return Err(IndexError::damaged(root, format!("CURRENT names {name:?}")).into());
            }
            Ok(Some(root.join(name)))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_err(&current, e)),
    }
}

fn is_generation_name(name: &str) -> bool {
    name.len() == 7 && name.starts_with('g') && name[1..].bytes().all(|b| b.is_ascii_digit())
}

fn generations(root: &Path) -> Vec<(u32, PathBuf)> {
    let mut out: Vec<(u32, PathBuf)> = fs::read_dir(root)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            if !is_generation_name(&name) {
                return None;
            }
            Some((name[1..].parse().ok()?, e.path()))
        })
        .collect();
    out.sort();
    out
}

/// Reads a generation's `dateline.json`. A format or a reading setting this version does not know makes the index
/// incompatible: it is never read with half its settings.
fn read_info(root: &Path, dir: &Path) -> anyhow::Result<Info> {
    let info_path = dir.join(INFO);
    let info: Info = match fs::read(&info_path) {
        Ok(bytes) => {
            let value: serde_json::Value = serde_json::from_slice(&bytes)
                .map_err(|e| IndexError::damaged(root, format!("{INFO}: {e}")))?;
            let format = value.get("format").and_then(serde_json::Value::as_u64);
            if format == Some(u64::from(FORMAT)) {
                serde_json::from_value(value)
                    .map_err(|e| IndexError::incompatible(root, format!("{INFO}: {e}")))?
            } else {
                // Another format: only what names it is needed, to say so.
                let created_by = value
                    .get("created_by")
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or("?")
                    .to_string();
                Info {
                    format: format.and_then(|f| u32::try_from(f).ok()).unwrap_or(0),
                    created_by,
                    settings: ReadSettings::default(),
                }
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(
                IndexError::damaged(root, format!("{} is missing", info_path.display())).into(),
            )
        }
        Err(e) => return Err(io_err(&info_path, e)),
    };
    Ok(info)
}

fn open_tantivy(root: &Path, dir: &Path) -> anyhow::Result<(Index, Fields, ReadSettings)> {
    let info = read_info(root, dir)?;
    if info.format != FORMAT {
        return Err(IndexError::incompatible(
            root,
            format!(
                "format {} written by dateline {}, this is format {FORMAT}",
                info.format, info.created_by
            ),
        )
        .into());
    }
    let index = Index::open_in_dir(dir).map_err(|e| match e {
        tantivy::TantivyError::IncompatibleIndex(i) => {
            IndexError::incompatible(root, format!("{i:?}"))
        }
        other => IndexError::damaged(root, other.to_string()),
    })?;
    schema::register_analyzers(&index);
    let fields =
        schema::fields_of(&index.schema()).map_err(|e| IndexError::incompatible(root, e))?;
    Ok((index, fields, info.settings))
}

/// The reading settings of the live generation at `root`, if there is an index there.
pub fn live_settings(root: &Path) -> anyhow::Result<Option<ReadSettings>> {
    match current_generation(root)? {
        Some(dir) => Ok(Some(read_info(root, &dir)?.settings)),
        None => Ok(None),
    }
}

impl Archive {
    /// Opens the index at `root` for searching.
    pub fn open(root: &Path) -> anyhow::Result<Archive> {
        let dir =
            current_generation(root)?.ok_or_else(|| IndexError::Missing(root.to_path_buf()))?;
        let (index, fields, settings) = open_tantivy(root, &dir)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| IndexError::damaged(root, e.to_string()))?;
        Ok(Archive {
            root: root.to_path_buf(),
            dir,
            index,
            fields,
            reader,
            settings,
        })
    }

    /// How the corpus was read: the settings `rebuild` was given.
    pub fn settings(&self) -> &ReadSettings {
        &self.settings
    }

    /// Whether an index exists at `root` (a `CURRENT` file).
    pub fn exists(root: &Path) -> bool {
        root.join(CURRENT).is_file()
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Reads one stored article.
    pub fn article(&self, searcher: &Searcher, addr: DocAddress) -> anyhow::Result<Article> {
        let doc: TantivyDocument = searcher.doc(addr)?;
        Ok(document::from_doc(&self.fields, &doc))
    }

    /// Bytes on disk of the live generation.
    pub fn size_on_disk(&self) -> u64 {
        walkdir::WalkDir::new(&self.dir)
            .into_iter()
            .flatten()
            .filter_map(|e| e.metadata().ok())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .sum()
    }

    /// Takes in the commits made since the index was opened (or last reloaded): new searchers see them. A rebuild
    /// makes a new generation instead, which only a new `open` sees (see [`Archive::is_live`]).
    pub fn reload(&self) -> anyhow::Result<()> {
        self.reader.reload()?;
        Ok(())
    }

    /// Whether this archive is still the live generation of its folder, i.e. no rebuild has replaced it since it
    /// was opened. A long-running reader checks this and opens the folder again when it is not.
    pub fn is_live(&self) -> anyhow::Result<bool> {
        Ok(current_generation(&self.root)?.as_deref() == Some(self.dir.as_path()))
    }

    /// The manifest of the last commit.
    pub fn manifest(&self) -> anyhow::Result<manifest::Manifest> {
        match self.manifest_path()? {
            Some(path) => manifest::Manifest::load(&path),
            None => Ok(manifest::Manifest::default()),
        }
    }

    /// The manifest file of the last commit (`None` before the first commit), for reading it as a stream with
    /// [`manifest::entries`].
    pub fn manifest_path(&self) -> anyhow::Result<Option<PathBuf>> {
        let meta = self.index.load_metas()?;
        let payload: Payload = meta
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok())
            .unwrap_or_default();
        Ok(payload.manifest.map(|name| self.dir.join(name)))
    }
}

/// The exclusive right to write to an index folder, held for the life of a rebuild or ingest. The OS releases it
/// when the process dies, however it dies.
pub struct WriteLock {
    _file: File,
    root: PathBuf,
}

impl WriteLock {
    pub fn acquire(root: &Path) -> anyhow::Result<WriteLock> {
        fs::create_dir_all(root).map_err(|e| io_err(root, e))?;
        let path = root.join(LOCK);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| io_err(&path, e))?;
        match file.try_lock() {
            Ok(()) => Ok(WriteLock {
                _file: file,
                root: root.to_path_buf(),
            }),
            Err(std::fs::TryLockError::WouldBlock) => {
                Err(IndexError::Busy(root.to_path_buf()).into())
            }
            Err(std::fs::TryLockError::Error(e)) => Err(io_err(&path, e)),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// Creates a new, empty generation folder beside the live one (needs the lock), read with `settings`.
fn new_generation(
    lock: &WriteLock,
    settings: &ReadSettings,
) -> anyhow::Result<(PathBuf, Index, Fields)> {
    let root = lock.root();
    let next = generations(root).last().map_or(1, |(n, _)| n + 1);
    let dir = root.join(format!("g{next:06}"));
    fs::create_dir_all(&dir).map_err(|e| io_err(&dir, e))?;
    let info = Info {
        format: FORMAT,
        created_by: env!("CARGO_PKG_VERSION").to_string(),
        settings: settings.clone(),
    };
    write_synced(&dir.join(INFO), &serde_json::to_vec(&info)?)?;
    let (schema, fields) = schema::build();
    let index = Index::create_in_dir(&dir, schema)?;
    schema::register_analyzers(&index);
    Ok((dir, index, fields))
}

/// Writes a file so that it is whole on disk before anything refers to it.
pub(crate) fn write_synced(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut f = File::create(path).map_err(|e| io_err(path, e))?;
    f.write_all(bytes).map_err(|e| io_err(path, e))?;
    f.sync_all().map_err(|e| io_err(path, e))?;
    Ok(())
}

fn sync_dir(dir: &Path) {
    // Directory fsync makes the rename durable; where the platform cannot, the rename is still atomic.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Makes `dir` the live generation (atomically), then removes every other generation (needs the lock).
fn switch_to(lock: &WriteLock, dir: &Path) -> anyhow::Result<()> {
    let root = lock.root();
    let name = dir
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| anyhow::anyhow!("bad generation folder {}", dir.display()))?;
    let tmp = root.join("CURRENT.tmp");
    write_synced(&tmp, format!("{name}\n").as_bytes())?;
    fs::rename(&tmp, root.join(CURRENT)).map_err(|e| io_err(&tmp, e))?;
    sync_dir(root);
    remove_stale_generations(lock);
    Ok(())
}

/// Removes generations that are not live: leftovers of replaced indexes and of rebuilds that were killed.
fn remove_stale_generations(lock: &WriteLock) {
    let root = lock.root();
    let Ok(Some(live)) = current_generation(root) else {
        return;
    };
    for (_, dir) in generations(root) {
        if dir != live {
            // A reader may still have files of an old generation open; on Unix they stay readable until closed.
            let _ = fs::remove_dir_all(&dir);
        }
    }
}
