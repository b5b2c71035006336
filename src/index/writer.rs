//! Writing: a rebuild fills a new generation and switches to it at the end; an update writes to the live one.
//! Both hold the folder's write lock, commit with the manifest named in the commit payload, and leave the last
//! committed state searchable whatever happens to the process.

use super::manifest::{FileEntry, Manifest};
use super::merge;
use super::schema::Fields;
use super::{
    document, new_generation, open_tantivy, remove_stale_generations, switch_to, Payload, WriteLock,
};
use crate::article::Article;
use crate::ingest::settings::ReadSettings;
use anyhow::Context;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use tantivy::{Index, IndexWriter, Term};

/// How much the writer may use.
#[derive(Clone, Copy, Debug)]
pub struct WriterOptions {
    /// Total indexing memory budget in bytes, shared by the indexing threads.
    pub memory: usize,
    /// Indexing threads.
    pub threads: usize,
}

impl WriterOptions {
    /// The default indexing memory budget, in MB.
    pub const DEFAULT_MEMORY_MB: usize = 128;
}

impl Default for WriterOptions {
    fn default() -> Self {
        WriterOptions {
            memory: Self::DEFAULT_MEMORY_MB << 20,
            // Half the cores: the other half reads, normalizes and enriches the articles the writer indexes. One
            // thread on two cores also gives segments twice the size for the same budget, so fewer of them.
            threads: (std::thread::available_parallelism().map_or(2, |n| n.get()) / 2).clamp(1, 4),
        }
    }
}

/// tantivy needs at least this much per indexing thread.
const MIN_MEMORY_PER_THREAD: usize = 15_000_000;

/// Writes articles to an index folder.
pub struct ArchiveWriter {
    lock: WriteLock,
    dir: PathBuf,
    index: Index,
    fields: Fields,
    /// Made on first use: an update with nothing to do spawns no indexing threads.
    writer: std::sync::OnceLock<IndexWriter>,
    opts: WriterOptions,
    /// True for a rebuild: the generation goes live when `finish` succeeds.
    fresh: bool,
    /// The manifest of an update, whole in memory and saved anew at each commit.
    manifest: Manifest,
    /// The manifest of a rebuild, written line by line in corpus order as files are recorded, so that memory does
    /// not grow with the corpus: its file name and the open file.
    stream: Option<(String, BufWriter<File>)>,
    /// The manifest file of the last commit.
    committed_manifest: Option<String>,
    /// The most bytes of segment files one merge may read: the indexing memory budget.
    merge_budget: u64,
    /// How the generation reads the corpus (stored in its `dateline.json`).
    settings: ReadSettings,
}

/// Indexing threads and memory as tantivy gets them: fewer threads rather than a refusal when the budget is small,
/// and at least tantivy's minimum per thread.
fn threads_and_memory(opts: WriterOptions) -> (usize, usize) {
    let threads = opts.threads.max(1);
    let threads = threads.min((opts.memory / MIN_MEMORY_PER_THREAD).max(1));
    (threads, opts.memory.max(MIN_MEMORY_PER_THREAD * threads))
}

fn effective_memory(opts: WriterOptions) -> usize {
    threads_and_memory(opts).1
}

fn writer_for(index: &Index, opts: WriterOptions) -> anyhow::Result<IndexWriter> {
    let (threads, memory) = threads_and_memory(opts);
    let writer = index.writer_with_num_threads(threads, memory)?;
    // Merges happen at the end of a run, within the budget (see `merge`).
    writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    Ok(writer)
}

impl ArchiveWriter {
    /// Starts a fresh index beside the live one (a rebuild), read with `settings`. Nothing changes for readers
    /// until `finish`.
    pub fn rebuild(
        root: &Path,
        opts: WriterOptions,
        settings: &ReadSettings,
    ) -> anyhow::Result<ArchiveWriter> {
        let lock = WriteLock::acquire(root)?;
        remove_stale_generations(&lock);
        let mut w = Self::rebuild_locked(lock, opts, settings)?;
        let name = format!("manifest-{:06}.jsonl", next_manifest_number(&w.dir));
        let path = w.dir.join(&name);
        let file =
            File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
        w.stream = Some((name, BufWriter::new(file)));
        Ok(w)
    }

    /// Opens the live index for an incremental update (its reading settings are [`ArchiveWriter::settings`]), or
    /// starts one read with `new_settings` when there is none.
    pub fn update(
        root: &Path,
        opts: WriterOptions,
        new_settings: &ReadSettings,
    ) -> anyhow::Result<ArchiveWriter> {
        let lock = WriteLock::acquire(root)?;
        remove_stale_generations(&lock);
        let Some(dir) = super::current_generation(root)? else {
            return Self::rebuild_locked(lock, opts, new_settings);
        };
        let (index, fields, settings) = open_tantivy(root, &dir)?;
        let meta = index.load_metas()?;
        let payload: Payload = meta
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok())
            .unwrap_or_default();
        let manifest = match &payload.manifest {
            Some(name) => Manifest::load(&dir.join(name))?,
            None => Manifest::default(),
        };
        Ok(ArchiveWriter {
            lock,
            dir,
            index,
            fields,
            writer: std::sync::OnceLock::new(),
            opts,
            fresh: false,
            manifest,
            stream: None,
            committed_manifest: payload.manifest,
            merge_budget: effective_memory(opts) as u64,
            settings,
        })
    }

    fn rebuild_locked(
        lock: WriteLock,
        opts: WriterOptions,
        settings: &ReadSettings,
    ) -> anyhow::Result<ArchiveWriter> {
        let (dir, index, fields) = new_generation(&lock, settings)?;
        let writer = std::sync::OnceLock::new();
        let _ = writer.set(writer_for(&index, opts)?);
        Ok(ArchiveWriter {
            lock,
            dir,
            index,
            fields,
            writer,
            opts,
            fresh: true,
            manifest: Manifest::default(),
            stream: None,
            committed_manifest: None,
            merge_budget: effective_memory(opts) as u64,
            settings: settings.clone(),
        })
    }

    /// How this generation reads the corpus.
    pub fn settings(&self) -> &ReadSettings {
        &self.settings
    }

    /// Records what the index now holds of a corpus file. A rebuild must record files in corpus order.
    pub fn record(&mut self, entry: FileEntry) -> anyhow::Result<()> {
        match &mut self.stream {
            Some((_, out)) => Manifest::write_entry(out, &entry),
            None => {
                self.manifest.files.insert(entry.path.clone(), entry);
                Ok(())
            }
        }
    }

    /// The manifest of an update (empty for a rebuild, whose manifest goes straight to disk).
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    pub fn manifest_mut(&mut self) -> &mut Manifest {
        &mut self.manifest
    }

    pub fn is_fresh(&self) -> bool {
        self.fresh
    }

    fn writer(&self) -> anyhow::Result<&IndexWriter> {
        if self.writer.get().is_none() {
            // Ingest adds from one thread; were two to race here, the second writer_for would fail on tantivy's
            // writer lock with an error, never index twice.
            let _ = self.writer.set(writer_for(&self.index, self.opts)?);
        }
        self.writer.get().ok_or_else(|| {
            anyhow::anyhow!(
                "the index writer of {} could not be made",
                self.dir.display()
            )
        })
    }

    fn writer_mut(&mut self) -> anyhow::Result<&mut IndexWriter> {
        self.writer()?;
        let dir = self.dir.display().to_string();
        self.writer
            .get_mut()
            .ok_or_else(|| anyhow::anyhow!("no index writer for {dir}"))
    }

    /// Queues an article. It is searchable after the next commit.
    pub fn add(&self, article: &Article) -> anyhow::Result<()> {
        self.writer()?
            .add_document(document::to_doc(&self.fields, article))
            .with_context(|| format!("cannot index {}", article.id))?;
        Ok(())
    }

    /// Queues the removal of an article by id.
    pub fn delete(&self, id: &str) -> anyhow::Result<()> {
        self.writer()?
            .delete_term(Term::from_field_text(self.fields.id, id));
        Ok(())
    }

    /// Makes everything queued so far durable and visible, together with the manifest as it is now.
    pub fn commit(&mut self) -> anyhow::Result<()> {
        let name = match self.stream.take() {
            Some((name, out)) => {
                let file = out.into_inner().map_err(|e| e.into_error())?;
                file.sync_all()?;
                name
            }
            None => {
                let name = format!("manifest-{:06}.jsonl", next_manifest_number(&self.dir));
                self.manifest.save(&self.dir.join(&name))?;
                name
            }
        };
        let payload = serde_json::to_string(&Payload {
            manifest: Some(name.clone()),
        })?;
        let mut prepared = self.writer_mut()?.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        // The previous manifest belongs to a commit that is no longer the last one.
        if let Some(old) = self.committed_manifest.replace(name) {
            let _ = std::fs::remove_file(self.dir.join(old));
        }
        Ok(())
    }

    /// Commits, for a rebuild makes the new index the live one, then merges segments one bounded merge at a time.
    /// Merging only saves space and query time: when it fails (a full disk, say), the complete index stays as it
    /// is and the failure comes back as a warning, not an error.
    pub fn finish(mut self) -> anyhow::Result<Option<String>> {
        self.commit()?;
        if self.fresh {
            switch_to(&self.lock, &self.dir)?;
        }
        let mut warning = self.merge_segments().err().map(|e| {
            format!("segments not merged ({e:#}); the index is complete and searchable, only less compact")
        });
        if let Some(writer) = self.writer.take() {
            if let Err(e) = writer.wait_merging_threads() {
                warning.get_or_insert_with(|| {
                    format!("segments not merged ({e}); the index is complete")
                });
            }
        }
        remove_orphan_manifests(&self.dir, self.committed_manifest.as_deref());
        Ok(warning)
    }

    /// Runs the merges `merge::next_merge` asks for, one after the other, on the committed (and, for a rebuild,
    /// already live) index. tantivy commits each as it ends, so an interrupted run leaves fewer, merged segments,
    /// never a broken index.
    fn merge_segments(&mut self) -> anyhow::Result<()> {
        let mut trimmed = false;
        loop {
            let next = {
                // tantivy keeps the files of every segment whose meta is alive somewhere: let these go first.
                let metas = self.index.searchable_segment_metas()?;
                let segments = merge::segments(&self.dir, &metas);
                merge::next_merge(&segments, self.merge_budget, merge::MAX_SEGMENTS)
            };
            let Some(group) = next else { break };
            if !trimmed {
                merge::release_free_memory();
                trimmed = true;
            }
            self.writer_mut()?
                .merge(&group)
                .wait()
                .with_context(|| format!("cannot merge the segments of {}", self.dir.display()))?;
        }
        // tantivy collects a merge's input files while the merge still holds them; collect them now.
        if trimmed {
            self.writer()?.garbage_collect_files().wait()?;
        }
        Ok(())
    }

    pub fn index(&self) -> &Index {
        &self.index
    }
}

fn manifest_numbers(dir: &Path) -> impl Iterator<Item = (u32, String)> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let n = name
                .strip_prefix("manifest-")?
                .strip_suffix(".jsonl")?
                .parse()
                .ok()?;
            Some((n, name))
        })
}

fn next_manifest_number(dir: &Path) -> u32 {
    manifest_numbers(dir)
        .map(|(n, _)| n)
        .max()
        .map_or(1, |n| n + 1)
}

/// Removes manifests that no commit names (left by a process killed between writing one and committing).
fn remove_orphan_manifests(dir: &Path, keep: Option<&str>) {
    for (_, name) in manifest_numbers(dir) {
        if Some(name.as_str()) != keep {
            let _ = std::fs::remove_file(dir.join(name));
        }
    }
}
