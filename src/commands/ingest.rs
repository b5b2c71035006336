//! `rebuild` and `ingest`: walk the corpus, turn files into articles, index them, and say what happened.

use super::{Console, Status};
use crate::index::manifest::{Duplicate, FileEntry, Indexed, Stat};
use crate::index::writer::{ArchiveWriter, WriterOptions};
use crate::ingest::{self, CorpusFile, FileOutcome};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Everything `rebuild` and `ingest` need.
#[derive(Clone, Debug)]
pub struct IngestConfig {
    pub corpus: PathBuf,
    pub index: PathBuf,
    pub writer: WriterOptions,
    pub options: ingest::Options,
    /// Any warning fails the run, and a rebuild leaves the old index in place.
    pub strict: bool,
    /// An ingest commits at least this often, so a killed run loses little and the next run resumes from there.
    pub commit_every: Duration,
    pub console: Console,
}

impl IngestConfig {
    /// The defaults, as `dateline rebuild` without flags uses them.
    pub fn new(corpus: PathBuf, index: PathBuf) -> IngestConfig {
        IngestConfig {
            corpus,
            index,
            writer: WriterOptions::default(),
            options: ingest::Options::default(),
            strict: false,
            commit_every: Duration::from_secs(30),
            console: Console::new(false),
        }
    }
}

/// What a run did, for the summary.
#[derive(Debug, Default)]
pub struct Summary {
    pub files_seen: usize,
    pub files_read: usize,
    pub articles: usize,
    pub removed_files: usize,
    pub unchanged_files: usize,
    pub skipped: Vec<(String, String)>,
    pub warnings: usize,
    pub duplicates: Vec<(String, String)>,
    pub unsupported: BTreeMap<String, usize>,
    pub seconds: f64,
}

impl Summary {
    fn status(&self, strict: bool) -> Status {
        let problems = self.warnings + self.skipped.len();
        if (strict && problems > 0) || (problems > 0 && self.articles == 0 && self.files_read > 0) {
            Status::Nothing
        } else {
            Status::Ok
        }
    }

    fn print(&self, console: Console, verb: &str) {
        if console.quiet {
            return;
        }
        let rate = if self.seconds > 0.0 {
            format!(", {:.0} articles/s", self.articles as f64 / self.seconds)
        } else {
            String::new()
        };
        console.note(&format!(
            "{verb} {} articles from {} files in {:.2} s{rate}",
            self.articles, self.files_read, self.seconds
        ));
        let mut lines = Vec::new();
        lines.push(format!("files seen: {}", self.files_seen));
        if self.unchanged_files > 0 {
            lines.push(format!(
                "unchanged: {} files (not read again)",
                self.unchanged_files
            ));
        }
        if self.removed_files > 0 {
            lines.push(format!(
                "removed: {} files no longer in the corpus",
                self.removed_files
            ));
        }
        if !self.skipped.is_empty() {
            lines.push(format!("skipped: {} files", self.skipped.len()));
            let mut by_reason: BTreeMap<&str, usize> = BTreeMap::new();
            for (_, reason) in &self.skipped {
                *by_reason.entry(reason_kind(reason)).or_default() += 1;
            }
            for (reason, n) in by_reason {
                lines.push(format!("  {n} × {reason}"));
            }
        }
        if self.warnings > 0 {
            lines.push(format!("warnings: {} (see above)", self.warnings));
        }
        if !self.duplicates.is_empty() {
            lines.push(format!(
                "duplicates: {} articles with the same text as one already indexed, not indexed again",
                self.duplicates.len()
            ));
            for (id, of) in self.duplicates.iter().take(5) {
                lines.push(format!("  {id} = {of}"));
            }
            if self.duplicates.len() > 5 {
                lines.push(format!(
                    "  … and {} more (dateline stats)",
                    self.duplicates.len() - 5
                ));
            }
        }
        if !self.unsupported.is_empty() {
            let n: usize = self.unsupported.values().sum();
            let list: Vec<String> = self
                .unsupported
                .iter()
                .map(|(e, n)| format!("{e} {n}"))
                .collect();
            lines.push(format!(
                "not articles: {n} files in formats dateline does not read ({})",
                list.join(", ")
            ));
        }
        for l in lines {
            eprintln!("  {l}");
        }
    }
}

/// The kind of a skip reason, for counting: its text before any detail in parentheses or after a colon.
fn reason_kind(reason: &str) -> &str {
    reason.split([':', '(']).next().unwrap_or(reason).trim()
}

fn progress(console: Console, total: usize) -> ProgressBar {
    if !console.progress {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "{spinner} {elapsed_precise} [{bar:30}] {pos}/{len} files · {msg} · ETA {eta}",
    )
    .map(|s| s.progress_chars("=> "))
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    pb.set_style(style);
    pb.enable_steady_tick(Duration::from_millis(200));
    pb
}

/// Tracks the run: warnings printed above the progress bar, the summary, and the duplicates seen.
struct Run {
    console: Console,
    pb: ProgressBar,
    summary: Summary,
    started: Instant,
    /// Content hash → id of the indexed article that has it.
    seen: HashMap<String, String>,
}

impl Run {
    fn new(console: Console, total: usize) -> Run {
        Run {
            console,
            pb: progress(console, total),
            summary: Summary::default(),
            started: Instant::now(),
            seen: HashMap::new(),
        }
    }

    fn warn(&mut self, path: &str, msg: &str) {
        self.summary.warnings += 1;
        let console = self.console;
        self.pb.suspend(|| console.warn(path, msg));
    }

    /// Indexes a file's articles (except duplicates) and returns its manifest entry.
    fn take(&mut self, writer: &ArchiveWriter, outcome: FileOutcome) -> anyhow::Result<FileEntry> {
        let FileOutcome {
            file,
            hash,
            articles,
            warnings,
            skipped,
        } = outcome;
        self.summary.files_read += 1;
        for w in &warnings {
            self.warn(&file.rel, w);
        }
        if let Some(reason) = &skipped {
            let console = self.console;
            self.pb
                .suspend(|| console.warn(&file.rel, &format!("skipped: {reason}")));
            self.summary
                .skipped
                .push((file.rel.clone(), reason.clone()));
        }
        let mut entry = FileEntry {
            path: file.rel.clone(),
            size: file.size,
            mtime: file.mtime,
            hash,
            articles: Vec::new(),
            duplicates: Vec::new(),
            skipped,
        };
        for a in articles {
            if let Some(original) = self.seen.get(&a.content_hash) {
                self.summary
                    .duplicates
                    .push((a.id.clone(), original.clone()));
                entry.duplicates.push(Duplicate {
                    id: a.id,
                    of: original.clone(),
                });
                continue;
            }
            writer.add(&a)?;
            self.seen.insert(a.content_hash.clone(), a.id.clone());
            entry.articles.push(Indexed {
                id: a.id,
                hash: a.content_hash,
            });
            self.summary.articles += 1;
        }
        self.pb.inc(1);
        let secs = self.started.elapsed().as_secs_f64();
        if secs > 0.5 {
            self.pb.set_message(format!(
                "{} articles, {:.0}/s",
                self.summary.articles,
                self.summary.articles as f64 / secs
            ));
        }
        Ok(entry)
    }

    fn finish(mut self, verb: &str) -> Summary {
        self.pb.finish_and_clear();
        self.summary.seconds = self.started.elapsed().as_secs_f64();
        self.summary.print(self.console, verb);
        self.summary
    }
}

fn walk(cfg: &IngestConfig, run_console: Console) -> anyhow::Result<ingest::Walk> {
    let walk = ingest::walk(&cfg.corpus)?;
    for p in &walk.problems {
        run_console.warn(&p.path, &p.reason);
    }
    Ok(walk)
}

/// Builds a fresh index from the corpus and makes it the live one when it is complete.
pub fn rebuild(cfg: &IngestConfig) -> anyhow::Result<(Status, Summary)> {
    let mut writer = ArchiveWriter::rebuild(&cfg.index, cfg.writer)?;
    let walk = walk(cfg, cfg.console)?;
    let mut run = Run::new(cfg.console, walk.files.len());
    run.summary.warnings += walk.problems.len();
    run.summary.files_seen = walk.files.len();
    run.summary.unsupported = walk.unsupported;
    ingest::process_all(walk.files, &cfg.options, |outcome| {
        let entry = run.take(&writer, outcome)?;
        writer
            .manifest_mut()
            .files
            .insert(entry.path.clone(), entry);
        Ok(())
    })?;
    let summary = run.finish("indexed");
    let status = summary.status(cfg.strict);
    if cfg.strict && status == Status::Nothing {
        cfg.console
            .note("--strict: there were warnings, so the new index was not made live; the previous one is unchanged");
        return Ok((status, summary));
    }
    writer.finish()?;
    Ok((status, summary))
}

/// Brings the index up to date with the corpus, doing only the work that changed.
pub fn update(cfg: &IngestConfig, dry_run: bool) -> anyhow::Result<(Status, Summary)> {
    let mut writer = ArchiveWriter::update(&cfg.index, cfg.writer)?;
    let walk = walk(cfg, cfg.console)?;
    let plan = writer.manifest().plan(walk.files.iter().map(|f| Stat {
        path: &f.rel,
        size: f.size,
        mtime: f.mtime,
    }));
    if dry_run {
        for p in &plan.added {
            println!("add     {p}");
        }
        for p in &plan.changed {
            println!("check   {p}");
        }
        for p in &plan.removed {
            println!("remove  {p}");
        }
        cfg.console.note(&format!(
            "dry run: {} to add, {} changed to read again, {} to remove, {} unchanged; nothing was changed",
            plan.added.len(),
            plan.changed.len(),
            plan.removed.len(),
            plan.unchanged
        ));
        return Ok((Status::Ok, Summary::default()));
    }
    let mut run = Run::new(cfg.console, plan.added.len() + plan.changed.len());
    run.summary.warnings += walk.problems.len();
    run.summary.files_seen = walk.files.len();
    run.summary.unsupported = walk.unsupported;
    run.summary.unchanged_files = plan.unchanged;
    run.summary.removed_files = plan.removed.len();
    if plan.is_empty() && !writer.is_fresh() {
        let summary = run.finish("nothing changed:");
        return Ok((Status::Ok, summary));
    }

    // Removed files go first, so their articles can no longer count as the originals of duplicates.
    for path in &plan.removed {
        if let Some(old) = writer.manifest_mut().files.remove(path) {
            for a in &old.articles {
                writer.delete(&a.id);
            }
        }
    }
    let to_read: HashSet<&str> = plan
        .added
        .iter()
        .chain(&plan.changed)
        .map(String::as_str)
        .collect();
    // Articles of files that stay as they are keep their place; everything read now is compared against them.
    for entry in writer.manifest().files.values() {
        if !to_read.contains(entry.path.as_str()) {
            for a in &entry.articles {
                run.seen.insert(a.hash.clone(), a.id.clone());
            }
        }
    }
    let files: Vec<CorpusFile> = walk
        .files
        .into_iter()
        .filter(|f| to_read.contains(f.rel.as_str()))
        .collect();
    let mut last_commit = Instant::now();
    ingest::process_all(files, &cfg.options, |outcome| {
        let old = writer.manifest_mut().files.remove(&outcome.file.rel);
        if let Some(old) = &old {
            for a in &old.articles {
                writer.delete(&a.id);
            }
        }
        let entry = run.take(&writer, outcome)?;
        writer
            .manifest_mut()
            .files
            .insert(entry.path.clone(), entry);
        if !cfg.strict && last_commit.elapsed() >= cfg.commit_every {
            writer.commit()?;
            last_commit = Instant::now();
        }
        Ok(())
    })?;
    let summary = run.finish("indexed");
    let status = summary.status(cfg.strict);
    if cfg.strict && status == Status::Nothing {
        cfg.console
            .note("--strict: there were warnings, so nothing was committed");
        return Ok((status, summary));
    }
    writer.finish()?;
    Ok((status, summary))
}
