//! Ingest: walk a corpus folder, read each file with the reader for its format, normalize, find dates and places,
//! and turn each file into `Article`s. Files are processed on all cores in ordered chunks, so the result is the
//! same whatever the thread timing. A bad file is a warning naming it, never an abort. Nothing here knows tantivy.

pub mod attribution;
pub mod dedup;
pub mod normalize;
pub mod read;
pub mod settings;
pub mod walk;

pub use walk::walk;

use crate::article::Article;
use crate::dates::{self, DateOptions, Evidence, NumericOrder};
use crate::places;
use rayon::prelude::*;
use read::{Format, ReadOptions, Record, UnreadField};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    /// The hash of the version the index already has, when its articles do not depend on the file's mtime:
    /// a file whose bytes still have this hash is not parsed again.
    pub known_hash: Option<String>,
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
    /// Fields that hold text but map to nothing (each also one of the warnings).
    pub unread: Vec<UnreadField>,
    /// Why the whole file gave nothing, when it did.
    pub skipped: Option<String>,
    /// The file's bytes are those the index already has (see `CorpusFile::known_hash`): nothing was read.
    pub unchanged: bool,
}

/// Files up to this size are read into memory once; larger ones are streamed.
const READ_WHOLE_BYTES: u64 = 16 << 20;

/// BLAKE3 of a file's bytes, read in a stream (hex, 128 bits: plenty to tell versions of one file apart).
pub fn hash_file(path: &Path) -> std::io::Result<String> {
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(std::fs::File::open(path)?)?;
    Ok(hasher.finalize().to_hex()[..32].to_string())
}

/// The same hash of bytes already in memory.
pub fn hash_bytes(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex()[..32].to_string()
}

/// Reads one file into articles. When `known_hash` is the hash of the file as it is, the file is not parsed:
/// the outcome has no articles and `unchanged` set (an ingest keeps what the index has).
pub fn process(file: &CorpusFile, opts: &Options) -> FileOutcome {
    let mut out = FileOutcome {
        file: file.clone(),
        hash: String::new(),
        articles: Vec::new(),
        warnings: Vec::new(),
        unread: Vec::new(),
        skipped: None,
        unchanged: false,
    };
    // Most files are small: read once, hashed and parsed from the same bytes. A large one (a JSONL dump) is
    // hashed in a stream and then parsed in a stream, so it never sits in memory whole.
    let small = file.size <= READ_WHOLE_BYTES;
    let bytes = if small {
        match std::fs::read(&file.abs) {
            Ok(b) => {
                out.hash = hash_bytes(&b);
                Some(b)
            }
            Err(e) => {
                out.skipped = Some(format!("cannot read: {e}"));
                return out;
            }
        }
    } else {
        match hash_file(&file.abs) {
            Ok(h) => out.hash = h,
            Err(e) => {
                out.skipped = Some(format!("cannot read: {e}"));
                return out;
            }
        }
        None
    };
    if file.known_hash.as_deref() == Some(out.hash.as_str()) {
        out.unchanged = true;
        return out;
    }
    // Files that hold a list of articles number them from the start, so ids stay put as the file grows; a JSON
    // file numbers them once it turns out to hold more than one.
    let always_numbered = file.format.streams();
    let mut n = 0usize;
    let mut first: Option<Record> = None;
    let mut taker = Taker {
        file,
        opts,
        order: FileOrder::new(opts.dates.day_first.is_none()),
        articles: Vec::new(),
        warnings: Vec::new(),
    };
    let mut each = |rec: Record| {
        n += 1;
        if always_numbered {
            taker.take(rec, n, true);
        } else if n == 1 {
            first = Some(rec);
        } else {
            if let Some(f) = first.take() {
                taker.take(f, 1, true);
            }
            taker.take(rec, n, true);
        }
    };
    let read = match &bytes {
        Some(b) => read::read_bytes_each(&file.abs, b, &opts.read, &mut each),
        None => read::read_path_each(&file.abs, &opts.read, &mut each),
    };
    if let Some(f) = first.take() {
        taker.take(f, 1, false);
    }
    taker.flush();
    let Taker {
        articles,
        mut warnings,
        ..
    } = taker;
    match read {
        Ok(notes) => {
            out.warnings = notes.warnings;
            out.unread = notes.unread;
        }
        Err(reason) => out.skipped = Some(reason.to_string()),
    }
    out.warnings.append(&mut warnings);
    out.articles = articles;
    if out.articles.is_empty() && out.skipped.is_none() {
        out.skipped = Some("no article text found".to_string());
    }
    out
}

/// The records of one file on their way to articles, in file order.
struct Taker<'a> {
    file: &'a CorpusFile,
    opts: &'a Options,
    order: FileOrder,
    articles: Vec<Article>,
    warnings: Vec<String>,
}

impl Taker<'_> {
    /// Record number `n` (numbered: its id is `path#n`); it may wait for the file's day/month order.
    fn take(&mut self, rec: Record, n: usize, numbered: bool) {
        let mut ready = Vec::new();
        self.order.admit(rec, n, numbered, &mut ready);
        self.emit(ready);
    }

    /// The file has ended: what still waits goes on with what is known.
    fn flush(&mut self) {
        let mut ready = Vec::new();
        self.order.flush(&mut ready);
        self.emit(ready);
    }

    fn emit(&mut self, ready: Vec<(Record, usize, bool)>) {
        let day_first = self.order.day_first().or(self.opts.dates.day_first);
        for (rec, n, numbered) in ready {
            let id = if numbered {
                format!("{}#{n}", self.file.rel)
            } else {
                self.file.rel.clone()
            };
            match to_article(rec, id, self.file, self.opts, day_first, &mut self.warnings) {
                Some(a) => self.articles.push(a),
                None if numbered => self
                    .warnings
                    .push(format!("article #{n} has no text; skipped")),
                None => {}
            }
        }
    }
}

/// How many bytes of records may wait for their file's day/month order before they go on undecided.
const ORDER_WAIT_BYTES: usize = 16 << 20;

/// The day/month order of a file's numeric dates, learned from the file itself: an export writes all its dates the
/// same way, so `23/06/2024` in one row settles `03/07/2024` in another. A record whose date could be read either
/// way waits, with every record after it (file order is kept), until a record settles the order or the file
/// ends. Once dates that disagree show up, nothing more is settled: the records read before that keep the order
/// settled so far, the later ambiguous ones are not guessed. Waiting is bounded: past [`ORDER_WAIT_BYTES`] the
/// waiting records go on undecided. Off when `--day-first` or `--month-first` was given.
struct FileOrder {
    active: bool,
    settled: Option<bool>,
    conflict: bool,
    pending: Vec<(Record, usize, bool)>,
    pending_bytes: usize,
}

impl FileOrder {
    fn new(active: bool) -> FileOrder {
        FileOrder {
            active,
            settled: None,
            conflict: false,
            pending: Vec::new(),
            pending_bytes: 0,
        }
    }

    /// Day-first (`Some(true)`) or month-first, when the file has shown it.
    fn day_first(&self) -> Option<bool> {
        self.settled.filter(|_| !self.conflict)
    }

    /// Takes a record; moves to `ready` those that can go on now, in file order.
    fn admit(
        &mut self,
        rec: Record,
        n: usize,
        numbered: bool,
        ready: &mut Vec<(Record, usize, bool)>,
    ) {
        if !self.active {
            ready.push((rec, n, numbered));
            return;
        }
        let mut ambiguous = false;
        for order in rec.dates.iter().filter_map(|d| dates::numeric_order(d)) {
            let df = match order {
                NumericOrder::DayFirst => true,
                NumericOrder::MonthFirst => false,
                NumericOrder::Either => {
                    ambiguous = true;
                    continue;
                }
            };
            match self.settled {
                None => self.settled = Some(df),
                Some(s) if s != df => self.conflict = true,
                Some(_) => {}
            }
        }
        let undecided = self.settled.is_none() && !self.conflict;
        let waits = undecided
            && (ambiguous || !self.pending.is_empty())
            && self.pending_bytes < ORDER_WAIT_BYTES;
        if waits {
            self.pending_bytes += rec.body.len() + rec.title.as_ref().map_or(0, String::len);
            self.pending.push((rec, n, numbered));
        } else {
            self.flush(ready);
            ready.push((rec, n, numbered));
        }
    }

    fn flush(&mut self, ready: &mut Vec<(Record, usize, bool)>) {
        ready.append(&mut self.pending);
        self.pending_bytes = 0;
    }
}

/// Normalizes and enriches one record; `day_first` reads its ambiguous numeric dates.
fn to_article(
    rec: Record,
    id: String,
    file: &CorpusFile,
    opts: &Options,
    day_first: Option<bool>,
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
        let dopts = DateOptions {
            day_first,
            ..opts.dates.clone()
        };
        dates::extract(&ev, &dopts)
    } else {
        (None, Vec::new())
    };
    warnings.extend(date_warnings);
    let geo = if opts.find_places {
        places::geoparse(&title, &body)
    } else {
        places::Geo::default()
    };
    let url = rec
        .url
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let published = dated.map(|d| (d.published, d.source));
    let content_hash = dedup::content_hash(&title, &body, url.as_deref(), published);
    // Without a named source, the site the article came from names it (`source:apnews` finds it).
    let source = name_field(rec.source).or_else(|| url.as_deref().and_then(site_of));
    // The file's metadata first; a byline at the top of the text, or the URL's section folder, fill gaps.
    let author = name_field(rec.author.as_deref().and_then(attribution::clean_author))
        .or_else(|| attribution::text_byline(&body));
    let section =
        name_field(rec.section).or_else(|| url.as_deref().and_then(attribution::url_section));
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
        source,
        url,
        author,
        section,
        language: rec
            .language
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        content_hash,
    })
}

/// The longest source, author or section name kept: a longer value is a field holding something else.
const MAX_NAME_CHARS: usize = 200;

/// A source, author or section as the file gave it, normalized like a title and cut to [`MAX_NAME_CHARS`].
fn name_field(value: Option<String>) -> Option<String> {
    let mut s = normalize::title(&value?);
    if let Some((cut, _)) = s.char_indices().nth(MAX_NAME_CHARS) {
        s.truncate(cut);
        s.truncate(s.trim_end().len());
    }
    (!s.is_empty()).then_some(s)
}

/// The host of a web address without `www.`: `https://www.apnews.com/x` → `apnews.com`. `None` for anything else.
fn site_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority
        .rsplit('@')
        .next()?
        .split(':')
        .next()?
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let valid = host.contains('.')
        && host.split('.').all(|label| !label.is_empty())
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        // An address is no site name.
        && !host.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    valid.then(|| host.to_string())
}

/// Files per parallel chunk: large enough to keep every core busy, small enough to bound memory.
const CHUNK: usize = 256;

/// What processing a corpus walk meets, in corpus order.
#[derive(Debug)]
pub enum Event {
    File(FileOutcome),
    /// A file in a format dateline does not read: its extension.
    Unsupported(String),
    /// A folder or file the walk could not take.
    Problem(Problem),
}

/// Processes files on all cores and hands the outcomes to `consume` in corpus order.
pub fn process_all<F>(files: Vec<CorpusFile>, opts: &Options, mut consume: F) -> anyhow::Result<()>
where
    F: FnMut(FileOutcome) -> anyhow::Result<()>,
{
    process_walk(
        files.into_iter().map(walk::Found::File),
        opts,
        |event| match event {
            Event::File(outcome) => consume(outcome),
            Event::Unsupported(_) | Event::Problem(_) => Ok(()),
        },
    )
}

/// Processes what a walk finds, on all cores, and hands it to `consume` in corpus order. The walk is consumed
/// lazily, a chunk at a time, so memory does not grow with the corpus; the consumer runs on the calling thread
/// while the next chunk is being read, so indexing overlaps reading.
pub fn process_walk<I, F>(found: I, opts: &Options, mut consume: F) -> anyhow::Result<()>
where
    I: Iterator<Item = walk::Found> + Send,
    F: FnMut(Event) -> anyhow::Result<()>,
{
    let (tx, rx) = crossbeam_channel::bounded::<Vec<Event>>(2);
    std::thread::scope(|scope| {
        let producer = scope.spawn(move || {
            let mut found = found.peekable();
            while found.peek().is_some() {
                let chunk: Vec<walk::Found> = found.by_ref().take(CHUNK).collect();
                let events: Vec<Event> = chunk
                    .into_par_iter()
                    .map(|f| match f {
                        walk::Found::File(file) => Event::File(process(&file, opts)),
                        walk::Found::Unsupported(ext) => Event::Unsupported(ext),
                        walk::Found::Problem(p) => Event::Problem(p),
                    })
                    .collect();
                if tx.send(events).is_err() {
                    // The consumer stopped (it failed); its error is reported by the caller.
                    break;
                }
            }
        });
        let mut result = Ok(());
        'chunks: for chunk in rx.iter() {
            for event in chunk {
                if let Err(e) = consume(event) {
                    result = Err(e);
                    break 'chunks;
                }
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
    fn a_files_day_month_order_is_learned_in_file_order() {
        let rec = |dates: &[&str]| Record {
            dates: dates.iter().map(|d| d.to_string()).collect(),
            ..Record::default()
        };
        let mut order = FileOrder::new(true);
        let mut ready = Vec::new();
        // An ambiguous record waits, and so does the undated one after it (file order).
        order.admit(rec(&["03/07/2024"]), 1, true, &mut ready);
        order.admit(rec(&[]), 2, true, &mut ready);
        assert!(ready.is_empty());
        assert_eq!(order.day_first(), None);
        // A record whose second date can only be month-first settles the order and releases them, in order.
        order.admit(rec(&["04/05/2024", "07/23/2024"]), 3, true, &mut ready);
        let ns: Vec<usize> = ready.iter().map(|r| r.1).collect();
        assert_eq!(ns, [1, 2, 3]);
        assert_eq!(order.day_first(), Some(false));
        // A day-first date later is a conflict: nothing is settled any more, nothing waits.
        ready.clear();
        order.admit(rec(&["23/06/2024"]), 4, true, &mut ready);
        order.admit(rec(&["03/07/2024"]), 5, true, &mut ready);
        assert_eq!(ready.len(), 2);
        assert_eq!(order.day_first(), None);
        // With the order given by a flag, nothing is learned and nothing waits.
        let mut off = FileOrder::new(false);
        ready.clear();
        off.admit(rec(&["03/07/2024"]), 1, true, &mut ready);
        assert_eq!(ready.len(), 1);
        // What still waits when the file ends goes on.
        let mut open = FileOrder::new(true);
        ready.clear();
        open.admit(rec(&["03/07/2024"]), 1, true, &mut ready);
        open.flush(&mut ready);
        assert_eq!(ready.len(), 1);
    }

    #[test]
    fn the_site_of_a_url() {
        assert_eq!(
            site_of("https://www.apnews.com/article/x?y=1").as_deref(),
            Some("apnews.com")
        );
        assert_eq!(
            site_of("http://user@News.Example.org:8080/a").as_deref(),
            Some("news.example.org")
        );
        assert_eq!(site_of("https://bbc.co.uk").as_deref(), Some("bbc.co.uk"));
        assert_eq!(
            site_of("HTTPS://WWW.Reuters.com/x").as_deref(),
            Some("reuters.com")
        );
        for bad in [
            "http://192.168.0.1/a",
            "https://a..b.com/",
            "ftp://x.org/a",
            "apnews.com/x",
            "https://localhost/x",
            "https://",
            "https://a b.com/",
        ] {
            assert_eq!(site_of(bad), None, "{bad}");
        }
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
