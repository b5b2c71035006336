//! `rebuild` and `ingest`: walk the corpus, turn files into articles, index them, and say what happened.

use super::{Console, Status};
use crate::article::DateSource;
use crate::index::manifest::{Duplicate, FileEntry, Indexed, Stat};
use crate::index::writer::{ArchiveWriter, WriterOptions};
use crate::ingest::dedup::Seen;
use crate::ingest::settings::ReadSettings;
use crate::ingest::walk::{Found, Walker};
use crate::ingest::{self, CorpusFile, FileOutcome};
use crate::places;
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
    /// How to read files: `rebuild` stores them with the index; `ingest` uses the index's (and refuses others).
    pub settings: ReadSettings,
    /// Everything else ingest does (the clock, dates and places on or off); the settings are applied to it.
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
            settings: ReadSettings::default(),
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
    /// Files whose modification time changed but whose bytes did not: not re-indexed.
    pub same_content: usize,
    pub skipped: Vec<(String, String)>,
    pub warnings: usize,
    /// Articles indexed with a title and no text.
    pub title_only: usize,
    /// Fields that hold text but map to nothing, by name and the `--map` entry that reads them: files and records.
    pub unread: BTreeMap<(String, String), (usize, usize)>,
    /// Articles not indexed because the same text is indexed under another id.
    pub duplicates: usize,
    /// The first few duplicates: their id and the original's (`?` until the index can name it).
    pub duplicate_examples: Vec<(String, String)>,
    /// The content hashes of those examples, to name their originals once the index is committed.
    duplicate_hashes: Vec<String>,
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

    /// Names the originals of the example duplicates, from the index as committed.
    fn name_originals(&mut self, index: &std::path::Path) {
        let Ok(archive) = crate::index::Archive::open(index) else {
            return;
        };
        for ((_, of), hash) in self
            .duplicate_examples
            .iter_mut()
            .zip(&self.duplicate_hashes)
        {
            if let Ok(Some(id)) = crate::search::run::original_id(&archive, hash) {
                *of = id;
            }
        }
    }

    fn print(&self, console: Console, verb: &str) {
        if console.quiet {
            return;
        }
        let rate = if self.seconds > 0.0 && self.articles > 0 {
            format!(", {:.0} articles/s", self.articles as f64 / self.seconds)
        } else {
            String::new()
        };
        if self.files_read == 0 && self.articles == 0 && verb == NOTHING_CHANGED {
            console.note(&format!("{verb} the index is up to date"));
        } else {
            console.note(&format!(
                "{verb} {} from {} in {:.2} s{rate}",
                plural(self.articles, "article"),
                plural(self.files_read, "file"),
                self.seconds
            ));
        }
        let mut lines = Vec::new();
        lines.push(format!("files seen: {}", self.files_seen));
        if self.unchanged_files > 0 {
            lines.push(format!(
                "unchanged: {} (not read again)",
                plural(self.unchanged_files, "file")
            ));
        }
        if self.same_content > 0 {
            lines.push(format!(
                "touched: {} with a new modification time but the same content (not re-indexed)",
                plural(self.same_content, "file")
            ));
        }
        if self.removed_files > 0 {
            lines.push(format!(
                "removed: {} no longer in the corpus",
                plural(self.removed_files, "file")
            ));
        }
        if !self.skipped.is_empty() {
            lines.push(format!("skipped: {}", plural(self.skipped.len(), "file")));
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
        if self.title_only > 0 {
            lines.push(format!(
                "title only: {} with a title and no text (indexed)",
                plural(self.title_only, "article")
            ));
        }
        if !self.unread.is_empty() {
            let n = self.unread.len();
            let verbs = if n == 1 {
                "holds text but maps"
            } else {
                "hold text but map"
            };
            lines.push(format!(
                "not read: {} {verbs} to nothing",
                plural(n, "field")
            ));
            for ((name, entry), (files, records)) in self.unread.iter().take(UNREAD_LISTED) {
                lines.push(format!(
                    "  {name} in {}, {}: --map {entry}",
                    plural(*files, "file"),
                    plural(*records, "record")
                ));
            }
            if self.unread.len() > UNREAD_LISTED {
                lines.push(format!(
                    "  … and {} more (see the warnings above)",
                    self.unread.len() - UNREAD_LISTED
                ));
            }
        }
        if self.duplicates > 0 {
            lines.push(format!(
                "duplicates: {} with the same text as one already indexed, not indexed again",
                plural(self.duplicates, "article")
            ));
            for (id, of) in &self.duplicate_examples {
                lines.push(format!("  {id} = {of}"));
            }
            if self.duplicates > self.duplicate_examples.len() {
                lines.push(format!(
                    "  … and {} more (dateline stats)",
                    self.duplicates - self.duplicate_examples.len()
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
                "not articles: {} in formats dateline does not read ({})",
                plural(n, "file"),
                list.join(", ")
            ));
        }
        for l in lines {
            eprintln!("  {l}");
        }
    }
}

/// Unread fields named in the summary.
const UNREAD_LISTED: usize = 10;

/// The kind of a skip reason, for counting: its text before any detail in parentheses or after a colon.
fn reason_kind(reason: &str) -> &str {
    reason.split([':', '(']).next().unwrap_or(reason).trim()
}

fn progress(console: Console, total: Option<usize>) -> ProgressBar {
    if !console.progress {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(total.map(|t| t as u64), ProgressDrawTarget::stderr());
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
    /// The duplicate keys of the indexed articles (see `ingest::dedup`).
    seen: Seen,
}

/// Duplicates named in the summary.
const DUPLICATE_EXAMPLES: usize = 5;

impl Run {
    fn new(console: Console, total: Option<usize>) -> Run {
        Run {
            console,
            pb: progress(console, total),
            summary: Summary::default(),
            started: Instant::now(),
            seen: Seen::new(),
        }
    }

    /// What the walk found besides files: counted, and problems shown.
    fn walk_event(&mut self, event: ingest::Event) {
        match event {
            ingest::Event::Unsupported(ext) => {
                *self.summary.unsupported.entry(ext).or_default() += 1
            }
            ingest::Event::Problem(p) => self.warn(&p.path, &p.reason),
            ingest::Event::File(_) => {}
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
            unread,
            skipped,
            unchanged: _,
        } = outcome;
        self.summary.files_read += 1;
        for w in &warnings {
            self.warn(&file.rel, w);
        }
        for u in unread {
            let e = self
                .summary
                .unread
                .entry((u.name.to_lowercase(), u.map_entry()))
                .or_default();
            e.0 += 1;
            e.1 += u.records;
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
            mtime_dated: articles
                .iter()
                .any(|a| a.date_source == Some(DateSource::Mtime)),
            skipped,
        };
        for a in articles {
            if !self.seen.keep(&a) {
                self.summary.duplicates += 1;
                if self.summary.duplicate_examples.len() < DUPLICATE_EXAMPLES {
                    self.summary
                        .duplicate_examples
                        .push((a.id.clone(), "?".to_string()));
                    self.summary.duplicate_hashes.push(a.content_hash.clone());
                }
                entry.duplicates.push(Duplicate {
                    id: a.id,
                    hash: a.content_hash,
                });
                continue;
            }
            writer.add(&a)?;
            self.summary.title_only += usize::from(a.body.is_empty());
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

    /// A file read again whose bytes had not changed: nothing to index.
    fn untouched(&mut self) {
        self.summary.files_read += 1;
        self.summary.same_content += 1;
        self.pb.inc(1);
    }

    /// Stops the clock and the progress bar; with the index committed at `index`, names the duplicates' originals.
    fn finish(mut self, verb: &str, index: Option<&std::path::Path>) -> Summary {
        self.pb.finish_and_clear();
        self.summary.seconds = self.started.elapsed().as_secs_f64();
        if let Some(index) = index.filter(|_| self.summary.duplicates > 0) {
            self.summary.name_originals(index);
        }
        self.summary.print(self.console, verb);
        self.summary
    }
}

const NOTHING_CHANGED: &str = "nothing changed:";

/// Ends a run's writing; a merge that failed on a complete index is a warning.
fn finish_writing(writer: ArchiveWriter, cfg: &IngestConfig) -> anyhow::Result<()> {
    if let Some(w) = writer.finish()? {
        cfg.console.warn(&cfg.index.display().to_string(), &w);
    }
    Ok(())
}

/// `1 file`, `2 files`.
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Builds a fresh index from the corpus and makes it the live one when it is complete. The corpus is walked and
/// read a chunk at a time and the manifest goes straight to disk, so memory stays flat as the corpus grows.
pub fn rebuild(cfg: &IngestConfig) -> anyhow::Result<(Status, Summary)> {
    // A rebuild reads with the flags it is given; settings of the index it replaces are not carried over silently.
    if let Ok(Some(old)) = crate::index::live_settings(&cfg.index) {
        if old != cfg.settings && !old.is_default() {
            cfg.console.note(&format!(
                "the index being replaced was read with {}; this rebuild reads with {} (give those flags again to keep them)",
                old.describe(),
                cfg.settings.describe()
            ));
        }
    }
    let mut options = cfg.options.clone();
    cfg.settings.apply(&mut options);
    let corrections = use_place_corrections(cfg)?;
    let mut writer = ArchiveWriter::rebuild(&cfg.index, cfg.writer, &cfg.settings)?;
    let walker = Walker::new(&cfg.corpus)?;
    // The progress bar's total costs a walk of its own: only worth it when someone watches.
    let total = cfg.console.progress.then(|| {
        Walker::new(&cfg.corpus)
            .map(|w| w.filter(|f| matches!(f, Found::File(_))).count())
            .unwrap_or(0)
    });
    let mut run = Run::new(cfg.console, total);
    ingest::process_walk(walker, &options, |event| {
        let ingest::Event::File(outcome) = event else {
            run.walk_event(event);
            return Ok(());
        };
        run.summary.files_seen += 1;
        let entry = run.take(&writer, outcome)?;
        writer.record(entry)
    })?;
    let status = run.summary.status(cfg.strict);
    if cfg.strict && status == Status::Nothing {
        let summary = run.finish("indexed", None);
        // Said even with --quiet: it is why the run fails.
        eprintln!("dateline: --strict: there were warnings, so the new index was not made live; the previous one is unchanged");
        return Ok((status, summary));
    }
    finish_writing(writer, cfg)?;
    record_place_corrections(cfg, corrections.as_deref())?;
    let summary = run.finish("indexed", Some(&cfg.index));
    Ok((status, summary))
}

/// The user's place corrections (`places::corrections`): read from the corpus root and applied to every article
/// read from now on; the lines that cannot be used are warnings naming the file and line. Returns the text.
fn use_place_corrections(cfg: &IngestConfig) -> anyhow::Result<Option<String>> {
    let path = cfg.corpus.join(places::corrections::FILE_NAME);
    let text = places::corrections::read_file(&path)?;
    for problem in places::use_corrections(text.as_deref(), "") {
        cfg.console.warn(&path.display().to_string(), &problem);
    }
    Ok(text)
}

/// Keeps a copy of the corrections a rebuild applied in the index, so that `ingest` sees when they change and
/// `show --explain` reads articles the same way.
fn record_place_corrections(cfg: &IngestConfig, text: Option<&str>) -> anyhow::Result<()> {
    let copy = cfg.index.join(places::corrections::APPLIED_NAME);
    match text {
        Some(t) => {
            std::fs::write(&copy, t).map_err(|e| anyhow::anyhow!("writing {}: {e}", copy.display()))
        }
        None => match std::fs::remove_file(&copy) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(anyhow::anyhow!("removing {}: {e}", copy.display()))
            }
            _ => Ok(()),
        },
    }
}

/// Brings the index up to date with the corpus, doing only the work that changed.
pub fn update(cfg: &IngestConfig, dry_run: bool) -> anyhow::Result<(Status, Summary)> {
    let corrections = use_place_corrections(cfg)?;
    let applied =
        places::corrections::read_file(&cfg.index.join(places::corrections::APPLIED_NAME))?;
    let fresh_index = !cfg.index.exists();
    if corrections != applied && !fresh_index {
        cfg.console.note(&format!(
            "the place corrections ({}) changed since the last rebuild: the files read now use them; run \
             `dateline rebuild` to apply them to the articles already indexed",
            cfg.corpus.join(places::corrections::FILE_NAME).display()
        ));
    }
    // The corpus is walked while the index and its manifest load: an up-to-date ingest is mostly these two.
    let corpus = cfg.corpus.clone();
    let walking = std::thread::spawn(move || ingest::walk(&corpus));
    let mut writer = ArchiveWriter::update(&cfg.index, cfg.writer, &cfg.settings)?;
    let walk = walking
        .join()
        .map_err(|_| anyhow::anyhow!("the walk of {} failed", cfg.corpus.display()))??;
    // New and changed files are read as the index was: with its settings, never with others.
    let settings = ReadSettings::for_ingest(writer.settings(), &cfg.settings)
        .map_err(|e| anyhow::anyhow!("{}: {e}", cfg.index.display()))?;
    let mut options = cfg.options.clone();
    settings.apply(&mut options);
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
        for p in &plan.recheck {
            println!("recheck {p}");
        }
        for p in &plan.removed {
            println!("remove  {p}");
        }
        cfg.console.note(&format!(
            "dry run: {} to add, {} changed to read again, {} to remove, {} unchanged; nothing was changed",
            plan.added.len(),
            plan.changed.len() + plan.recheck.len(),
            plan.removed.len(),
            plan.unchanged
        ));
        return Ok((Status::Ok, Summary::default()));
    }
    let mut run = Run::new(
        cfg.console,
        Some(plan.added.len() + plan.changed.len() + plan.recheck.len()),
    );
    for p in walk.problems {
        run.walk_event(ingest::Event::Problem(p));
    }
    run.summary.files_seen = walk.files.len();
    run.summary.unsupported = walk.unsupported;
    run.summary.unchanged_files = plan.unchanged;
    run.summary.removed_files = plan.removed.len();
    if plan.is_empty() && !writer.is_fresh() {
        let summary = run.finish(NOTHING_CHANGED, None);
        return Ok((Status::Ok, summary));
    }

    // Removed files go first, so their articles can no longer count as the originals of duplicates.
    for path in &plan.removed {
        if let Some(old) = writer.manifest_mut().files.remove(path) {
            for a in &old.articles {
                writer.delete(&a.id)?;
            }
        }
    }
    let to_read: HashSet<&str> = plan
        .added
        .iter()
        .chain(&plan.changed)
        .chain(&plan.recheck)
        .map(String::as_str)
        .collect();
    // A changed file whose bytes turn out the same (a touch, a fresh checkout) keeps its articles, unless one of
    // them was dated by the mtime that changed.
    let known: HashMap<&str, &str> = plan
        .changed
        .iter()
        .filter_map(|p| writer.manifest().files.get(p))
        .filter(|e| !e.mtime_dated && e.skipped.is_none())
        .map(|e| (e.path.as_str(), e.hash.as_str()))
        .collect();
    // Articles of files that stay (or probably stay) as they are keep their place; everything read now is
    // compared against them.
    for entry in writer.manifest().files.values() {
        if !to_read.contains(entry.path.as_str()) || known.contains_key(entry.path.as_str()) {
            for a in &entry.articles {
                run.seen.keep_hash(&a.hash);
            }
        }
    }
    let files: Vec<CorpusFile> = walk
        .files
        .into_iter()
        .filter(|f| to_read.contains(f.rel.as_str()))
        .map(|mut f| {
            f.known_hash = known.get(f.rel.as_str()).map(|h| h.to_string());
            f
        })
        .collect();
    drop(known);
    let mut last_commit = Instant::now();
    ingest::process_all(files, &options, |outcome| {
        if outcome.unchanged {
            run.untouched();
            if let Some(e) = writer.manifest_mut().files.get_mut(&outcome.file.rel) {
                e.size = outcome.file.size;
                e.mtime = outcome.file.mtime;
            }
            return Ok(());
        }
        let old = writer.manifest_mut().files.remove(&outcome.file.rel);
        if let Some(old) = &old {
            for a in &old.articles {
                writer.delete(&a.id)?;
                // Its old text no longer holds a place, unless the new version has it again.
                run.seen.forget(&a.hash);
            }
        }
        let entry = run.take(&writer, outcome)?;
        writer.record(entry)?;
        if !cfg.strict && last_commit.elapsed() >= cfg.commit_every {
            writer.commit()?;
            last_commit = Instant::now();
        }
        Ok(())
    })?;
    let status = run.summary.status(cfg.strict);
    if cfg.strict && status == Status::Nothing {
        let summary = run.finish("indexed", None);
        eprintln!("dateline: --strict: there were warnings, so nothing was committed");
        return Ok((status, summary));
    }
    finish_writing(writer, cfg)?;
    if fresh_index {
        record_place_corrections(cfg, corrections.as_deref())?;
    }
    let summary = run.finish("indexed", Some(&cfg.index));
    Ok((status, summary))
}
