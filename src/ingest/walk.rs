//! Walking a corpus folder: its files in a format dateline reads, found one at a time in the byte order of their
//! relative paths (so a walk never depends on the file system's order, and memory stays flat whatever the corpus
//! size). Hidden files and folders (`.git`, ...) and corpus notices (`README`, `ATTRIBUTION`, ...) are not articles;
//! symbolic links are followed, and a link loop is a problem, not a hang.

use super::read::Format;
use super::{CorpusFile, Problem, Walk};
use std::cmp::Ordering;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;
use walkdir::DirEntry;

/// What the walk meets, one entry at a time.
#[derive(Debug)]
pub enum Found {
    /// A file in a format dateline reads.
    File(CorpusFile),
    /// A file in another format: its extension (`.jpg`, or `(none)`).
    Unsupported(String),
    /// A folder or file that could not be walked, and why.
    Problem(Problem),
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

pub(crate) fn mtime_nanos(m: &std::fs::Metadata) -> i64 {
    m.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// The order of siblings: by name, with a `/` after folder names. Sorting siblings this way makes a depth-first
/// walk visit files in the byte order of their relative paths: `a.txt` < `a/b.txt` because `.` < `/`, although the
/// folder `a` sorts before `a.txt` by name alone. It compares bytes in place: sorting a large folder compares
/// names hundreds of thousands of times, and `ingest` with nothing to do is mostly this walk.
fn walk_order(a: &DirEntry, b: &DirEntry) -> Ordering {
    fn slash(e: &DirEntry) -> &'static [u8] {
        if e.file_type().is_dir() {
            b"/"
        } else {
            b""
        }
    }
    let (na, nb) = (name_bytes(a), name_bytes(b));
    if std::str::from_utf8(&na).is_err() || std::str::from_utf8(&nb).is_err() {
        // Relative paths are kept as lossy UTF-8: order such names the same way, so that the walk still visits
        // files in the order of the paths it reports.
        let (la, lb) = (String::from_utf8_lossy(&na), String::from_utf8_lossy(&nb));
        return la
            .bytes()
            .chain(slash(a).iter().copied())
            .cmp(lb.bytes().chain(slash(b).iter().copied()));
    }
    na.iter().chain(slash(a)).cmp(nb.iter().chain(slash(b)))
}

/// The entry's file name: the bytes after the last `/` of its path (quicker than splitting the path into
/// components, which `file_name` does on every comparison).
#[cfg(unix)]
fn name_bytes(e: &DirEntry) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    let path = e.path().as_os_str().as_bytes();
    let name = match path.iter().rposition(|b| *b == b'/') {
        Some(i) if i + 1 < path.len() => &path[i + 1..],
        _ => e.file_name().as_bytes(),
    };
    std::borrow::Cow::Borrowed(name)
}

#[cfg(not(unix))]
fn name_bytes(e: &DirEntry) -> std::borrow::Cow<'_, [u8]> {
    std::borrow::Cow::Owned(e.file_name().to_string_lossy().into_owned().into_bytes())
}

fn not_hidden(e: &DirEntry) -> bool {
    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
}

type Inner = walkdir::FilterEntry<walkdir::IntoIter, fn(&DirEntry) -> bool>;

/// The corpus, walked lazily in path order.
pub struct Walker {
    root: PathBuf,
    inner: Inner,
    /// The folder of the last file seen, open, to stat its files by name (see `FolderStat`).
    folder: FolderStat,
    /// Stat each file as it is found; `walk` turns this off and stats the whole list on all cores.
    stat: bool,
}

impl Walker {
    pub fn new(root: &Path) -> anyhow::Result<Walker> {
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
        let inner = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by(walk_order)
            .into_iter()
            .filter_entry(not_hidden as fn(&DirEntry) -> bool);
        Ok(Walker {
            root: root.to_path_buf(),
            inner,
            folder: FolderStat::default(),
            stat: true,
        })
    }
}

impl Iterator for Walker {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        loop {
            let entry = match self.inner.next()? {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().map_or_else(
                        || self.root.display().to_string(),
                        |p| rel_path(&self.root, p),
                    );
                    let reason = if e.loop_ancestor().is_some() {
                        "symbolic link loop; not followed".to_string()
                    } else {
                        e.io_error()
                            .map_or_else(|| e.to_string(), |io| format!("cannot read: {io}"))
                    };
                    return Some(Found::Problem(Problem { path, reason }));
                }
            };
            if !entry.file_type().is_file()
                || is_corpus_notice(&entry.file_name().to_string_lossy())
            {
                continue;
            }
            let Some(format) = Format::from_path(entry.path()) else {
                let ext = entry.path().extension().map_or_else(
                    || "(none)".to_string(),
                    |e| format!(".{}", e.to_string_lossy().to_lowercase()),
                );
                return Some(Found::Unsupported(ext));
            };
            let rel = rel_path(&self.root, entry.path());
            // `walk` stats the whole list afterwards, on all cores.
            let (size, mtime) = if self.stat {
                match self.folder.stat_file(entry.path()) {
                    Ok(stat) => stat,
                    Err(e) => {
                        return Some(Found::Problem(Problem {
                            path: rel,
                            reason: format!("cannot read: {e}"),
                        }))
                    }
                }
            } else {
                (0, 0)
            };
            return Some(Found::File(CorpusFile {
                size,
                mtime,
                abs: entry.into_path(),
                rel,
                format,
                known_hash: None,
            }));
        }
    }
}

/// Size and modification time of the files of one folder, asked by name relative to the open folder. `ingest`
/// with nothing to do is mostly a stat of every corpus file, and a stat by full path walks every folder of the
/// path again for each file: a third of the time of an up-to-date `ingest` on 19,000 files.
#[derive(Default)]
struct FolderStat {
    #[cfg(target_os = "linux")]
    open: Option<(PathBuf, std::fs::File)>,
}

impl FolderStat {
    /// `(size, mtime in ns)` of the file (of its target when it is a link), or `None` to fall back to a stat by
    /// path (and its error message).
    #[cfg(target_os = "linux")]
    fn stat(&mut self, path: &Path) -> Option<(u64, i64)> {
        use std::os::fd::AsRawFd;
        use std::os::unix::ffi::OsStrExt;
        let parent = path.parent()?;
        if self.open.as_ref().is_none_or(|(p, _)| p != parent) {
            self.open = std::fs::File::open(parent)
                .ok()
                .map(|f| (parent.to_path_buf(), f));
        }
        let (_, folder) = self.open.as_ref()?;
        let name = std::ffi::CString::new(path.file_name()?.as_bytes()).ok()?;
        let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
        // SAFETY: `folder` is an open directory, `name` a NUL-terminated file name, `st` a buffer fstatat fills;
        // it is read only when fstatat succeeded. Flags 0: a symbolic link is followed, as the walk follows them.
        let st = unsafe {
            if libc::fstatat(folder.as_raw_fd(), name.as_ptr(), st.as_mut_ptr(), 0) != 0 {
                return None;
            }
            st.assume_init()
        };
        let size = u64::try_from(st.st_size).ok()?;
        // As `mtime_nanos`: 0 before 1970 (a time std cannot give as a duration since the epoch).
        // i64::from: the fields are narrower on 32-bit targets.
        #[allow(clippy::useless_conversion)]
        let (secs, nsec) = (i64::from(st.st_mtime), i64::from(st.st_mtime_nsec));
        let mtime = if secs < 0 {
            0
        } else {
            secs.saturating_mul(1_000_000_000).saturating_add(nsec)
        };
        Some((size, mtime))
    }

    #[cfg(not(target_os = "linux"))]
    fn stat(&mut self, _path: &Path) -> Option<(u64, i64)> {
        None
    }

    /// `(size, mtime in ns)` by name in the open folder, else by path, whose error then says why.
    fn stat_file(&mut self, path: &Path) -> std::io::Result<(u64, i64)> {
        match self.stat(path) {
            Some(stat) => Ok(stat),
            None => std::fs::metadata(path).map(|m| (m.len(), mtime_nanos(&m))),
        }
    }
}

/// Lists the whole corpus at once: the files in path order, the rest counted.
pub fn walk(root: &Path) -> anyhow::Result<Walk> {
    let mut walk = Walk::default();
    let mut walker = Walker::new(root)?;
    walker.stat = false;
    for found in walker {
        match found {
            Found::File(f) => walk.files.push(f),
            Found::Unsupported(ext) => *walk.unsupported.entry(ext).or_default() += 1,
            Found::Problem(p) => walk.problems.push(p),
        }
    }
    stat_all(&mut walk);
    Ok(walk)
}

/// Files stat'ed per chunk (of one or a few folders) on the rayon pool.
const STAT_CHUNK: usize = 512;

/// Fills in every file's size and modification time on all cores: an `ingest` with nothing to do is mostly these
/// system calls. A file that cannot be stat'ed becomes a problem, as in the lazy walk.
fn stat_all(walk: &mut Walk) {
    use rayon::prelude::*;
    // An indexed map and collect: the chunks' results come back in file order.
    let errors: Vec<Vec<Option<String>>> = walk
        .files
        .par_chunks_mut(STAT_CHUNK)
        .map(|chunk| {
            let mut folder = FolderStat::default();
            chunk
                .iter_mut()
                .map(|f| match folder.stat_file(&f.abs) {
                    Ok((size, mtime)) => {
                        f.size = size;
                        f.mtime = mtime;
                        None
                    }
                    Err(e) => Some(format!("cannot read: {e}")),
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let mut errors = errors.into_iter().flatten();
    let problems = &mut walk.problems;
    walk.files.retain(|f| match errors.next().flatten() {
        None => true,
        Some(reason) => {
            problems.push(Problem {
                path: f.rel.clone(),
                reason,
            });
            false
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_stat_agrees_with_a_stat_by_path() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a/one.txt", "twelve bytes");
        write(dir.path(), "a/two.txt", "x");
        write(dir.path(), "b/three.txt", "three");
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("a/one.txt"), dir.path().join("b/link.txt"))
            .unwrap();
        let mut folder = FolderStat::default();
        let mut seen = 0;
        for entry in walkdir::WalkDir::new(dir.path()).follow_links(true) {
            let entry = entry.unwrap();
            if !entry.file_type().is_file() {
                continue;
            }
            let m = std::fs::metadata(entry.path()).unwrap();
            let expected = (m.len(), mtime_nanos(&m));
            if let Some(got) = folder.stat(entry.path()) {
                assert_eq!(got, expected, "{}", entry.path().display());
                seen += 1;
            }
        }
        if cfg!(target_os = "linux") {
            assert_eq!(seen, if cfg!(unix) { 4 } else { 3 });
        }
    }

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[test]
    fn notices_are_not_articles() {
        assert!(is_corpus_notice("ATTRIBUTION.md"));
        assert!(is_corpus_notice("README"));
        assert!(!is_corpus_notice("readership-report.txt"));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn names_that_are_not_utf8_sort_as_the_paths_reported() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        // Latin-1 "été.txt" (reported lossily as "\u{FFFD}t\u{FFFD}.txt") next to a Korean and an ASCII name.
        let latin1 = std::ffi::OsStr::from_bytes(b"\xe9t\xe9.txt");
        std::fs::write(root.join(latin1), "Title\n\nBody").unwrap();
        write(root, "\u{d55c}.txt", "Title\n\nBody");
        write(root, "a.txt", "Title\n\nBody");
        write(root, "\u{d55c}/x.txt", "Title\n\nBody");
        let rels: Vec<String> = walk(root)
            .unwrap()
            .files
            .iter()
            .map(|f| f.rel.clone())
            .collect();
        let mut sorted = rels.clone();
        sorted.sort();
        assert_eq!(rels, sorted);
        assert_eq!(rels.len(), 4, "{rels:?}");
    }

    #[test]
    fn files_come_in_the_byte_order_of_their_paths() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for rel in [
            "a.txt",
            "a/b.txt",
            "a/a.txt",
            "a-b.txt",
            "a0.txt",
            "A.txt",
            "b/c/d.txt",
            "b.txt",
            "b/.hidden.txt",
            ".git/x.txt",
            "README.txt",
            "z/ATTRIBUTION.md",
            "photo.jpg",
            "2024/06/23/x.txt",
            "2024-06-23.txt",
            "Zürich.txt",
            "zz/y.TXT",
        ] {
            write(root, rel, "Title\n\nBody");
        }
        let w = walk(root).unwrap();
        let rels: Vec<String> = w.files.iter().map(|f| f.rel.clone()).collect();
        let mut sorted = rels.clone();
        sorted.sort();
        assert_eq!(rels, sorted);
        assert_eq!(rels.len(), 12, "{rels:?}");
        assert!(!rels
            .iter()
            .any(|p| p.contains("hidden") || p.contains("README") || p.contains("ATTRIBUTION")));
        assert_eq!(w.unsupported.get(".jpg"), Some(&1));
        assert!(w.problems.is_empty());
    }

    #[test]
    fn a_missing_corpus_is_named() {
        let err = Walker::new(Path::new("/nonexistent/corpus"))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("cannot read the corpus folder /nonexistent/corpus"),
            "{err}"
        );
    }
}
