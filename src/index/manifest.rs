//! The manifest: what the index holds of each corpus file (size, modification time, content hash, the ids of its
//! articles, its duplicates, or why it was skipped). `ingest` compares it with the corpus to do only the work that
//! changed. It is saved as JSON lines next to the tantivy files, and the tantivy commit names the manifest file
//! that belongs to it, so the two never disagree.

use anyhow::Context;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

/// An article of a file that is in the index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indexed {
    /// Saved as `#N` (or left out) when it is the file's path plus a record number (or the path itself).
    #[serde(
        rename = "i",
        alias = "id",
        default,
        skip_serializing_if = "String::is_empty"
    )]
    pub id: String,
    /// `Article::content_hash`: the key of duplicate detection.
    #[serde(rename = "h", alias = "hash")]
    pub hash: String,
}

/// An article that was not indexed because the same text is indexed under another id: the indexed article with
/// this content hash (found through the index when it has to be named).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duplicate {
    /// Saved like `Indexed::id`.
    #[serde(
        rename = "i",
        alias = "id",
        default,
        skip_serializing_if = "String::is_empty"
    )]
    pub id: String,
    #[serde(rename = "h", alias = "hash")]
    pub hash: String,
}

/// What the index knows of one corpus file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    #[serde(rename = "p", alias = "path")]
    pub path: String,
    #[serde(rename = "s", alias = "size")]
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch (0 when unknown).
    #[serde(rename = "m", alias = "mtime")]
    pub mtime: i64,
    /// BLAKE3 of the file's bytes.
    #[serde(rename = "h", alias = "hash")]
    pub hash: String,
    #[serde(
        rename = "a",
        alias = "articles",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub articles: Vec<Indexed>,
    #[serde(
        rename = "d",
        alias = "duplicates",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub duplicates: Vec<Duplicate>,
    /// Why the file gave no article, when it gave none.
    #[serde(
        rename = "skip",
        alias = "skipped",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub skipped: Option<String>,
    /// Some article's date is the file's mtime: touching the file changes the article, even with the same bytes.
    #[serde(
        rename = "md",
        alias = "mtime_dated",
        default,
        skip_serializing_if = "std::ops::Not::not"
    )]
    pub mtime_dated: bool,
}

/// Every file the index knows, by corpus-relative path.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Manifest {
    pub files: BTreeMap<String, FileEntry>,
}

/// A corpus file as the walk saw it (no bytes read).
#[derive(Clone, Copy, Debug)]
pub struct Stat<'a> {
    pub path: &'a str,
    pub size: u64,
    pub mtime: i64,
}

/// What an incremental ingest has to do.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// Files the index does not know.
    pub added: Vec<String>,
    /// Known files whose size or modification time changed: read them again (when their bytes are the same and no
    /// date came from the mtime, nothing is re-indexed).
    pub changed: Vec<String>,
    /// Unchanged files holding duplicates whose originals go away or may change: read them again, as one of their
    /// articles may now be the original.
    pub recheck: Vec<String>,
    /// Known files that are gone.
    pub removed: Vec<String>,
    pub unchanged: usize,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.changed.is_empty()
            && self.removed.is_empty()
            && self.recheck.is_empty()
    }
}

/// Reads a saved manifest one entry at a time, in the order it was saved (sorted by path), without holding the
/// whole of it: `export` streams large archives this way.
pub fn entries(path: &Path) -> anyhow::Result<impl Iterator<Item = anyhow::Result<FileEntry>>> {
    let file = std::fs::File::open(path)
        .with_context(|| format!("cannot open the manifest {}", path.display()))?;
    let path = path.to_path_buf();
    let mut reader = BufReader::with_capacity(1 << 16, file);
    // One buffer for every line: a manifest has a line per corpus file.
    let mut line = Vec::new();
    let mut n = 0usize;
    Ok(std::iter::from_fn(move || loop {
        line.clear();
        n += 1;
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => return None,
            Ok(_) => {}
            Err(e) => {
                return Some(Err(anyhow::Error::new(e)
                    .context(format!("cannot read the manifest {}", path.display()))))
            }
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        return Some(
            serde_json::from_slice(&line)
                .map(FileEntry::expand_ids)
                .with_context(|| format!("the manifest {} is damaged at line {n}", path.display())),
        );
    }))
}

impl FileEntry {
    /// The entry as saved: article ids that derive from the path are left out (`path` itself) or cut to `#N`
    /// (`path#N`). Manifests are a line per corpus file, so this keeps them about a third smaller.
    fn compact_ids(&self) -> FileEntry {
        let mut e = self.clone();
        let path = self.path.as_str();
        // A path that itself starts with `#` keeps its record ids whole: `#N` would be ambiguous on loading.
        let shorten = !path.starts_with('#');
        let cut = |id: &mut String| {
            if id == path {
                id.clear();
            } else if let Some(n) = id
                .strip_prefix(path)
                .filter(|r| shorten && r.starts_with('#'))
            {
                *id = n.to_string();
            }
        };
        e.articles.iter_mut().for_each(|a| cut(&mut a.id));
        e.duplicates.iter_mut().for_each(|d| cut(&mut d.id));
        e
    }

    /// The inverse of `compact_ids`.
    fn expand_ids(mut self) -> FileEntry {
        let path = self.path.clone();
        let shortened = !path.starts_with('#');
        let grow = |id: &mut String| {
            if id.is_empty() {
                id.clone_from(&path);
            } else if shortened && id.starts_with('#') {
                id.insert_str(0, &path);
            }
        };
        self.articles.iter_mut().for_each(|a| grow(&mut a.id));
        self.duplicates.iter_mut().for_each(|d| grow(&mut d.id));
        self
    }
}

impl Manifest {
    /// Writes one entry as a manifest line.
    pub fn write_entry(w: &mut impl Write, entry: &FileEntry) -> anyhow::Result<()> {
        serde_json::to_writer(&mut *w, &entry.compact_ids())?;
        w.write_all(b"\n")?;
        Ok(())
    }

    pub fn load(path: &Path) -> anyhow::Result<Manifest> {
        let mut files = BTreeMap::new();
        for entry in entries(path)? {
            let entry = entry?;
            files.insert(entry.path.clone(), entry);
        }
        Ok(Manifest { files })
    }

    /// Writes the manifest and syncs it to disk.
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        let file = std::fs::File::create(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        let mut w = BufWriter::new(file);
        for entry in self.files.values() {
            Self::write_entry(&mut w, entry)?;
        }
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        Ok(())
    }

    pub fn article_count(&self) -> usize {
        self.files.values().map(|f| f.articles.len()).sum()
    }

    pub fn duplicates(&self) -> impl Iterator<Item = &Duplicate> {
        self.files.values().flat_map(|f| f.duplicates.iter())
    }

    /// Compares the manifest with the files of the corpus now.
    pub fn plan<'a>(&self, corpus: impl IntoIterator<Item = Stat<'a>>) -> Plan {
        let mut plan = Plan::default();
        let mut seen = rustc_hash::FxHashSet::default();
        for stat in corpus {
            seen.insert(stat.path);
            match self.files.get(stat.path) {
                None => plan.added.push(stat.path.to_string()),
                Some(e) if e.size != stat.size || e.mtime != stat.mtime => {
                    plan.changed.push(stat.path.to_string())
                }
                Some(_) => plan.unchanged += 1,
            }
        }
        plan.removed = self
            .files
            .keys()
            .filter(|p| !seen.contains(p.as_str()))
            .cloned()
            .collect();
        // A duplicate whose original goes away (or may change) must be read again: it may now be the original.
        let going: HashSet<&str> = plan
            .removed
            .iter()
            .chain(&plan.changed)
            .filter_map(|p| self.files.get(p))
            .flat_map(|e| e.articles.iter().map(|a| a.hash.as_str()))
            .collect();
        if !going.is_empty() {
            let touched: HashSet<&str> = plan.changed.iter().map(String::as_str).collect();
            let mut again: Vec<String> = self
                .files
                .values()
                .filter(|e| seen.contains(e.path.as_str()) && !touched.contains(e.path.as_str()))
                .filter(|e| e.duplicates.iter().any(|d| going.contains(d.hash.as_str())))
                .map(|e| e.path.clone())
                .collect();
            plan.unchanged -= again.len();
            again.sort();
            plan.recheck = again;
        }
        plan
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_starting_with_a_hash_keep_their_ids() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.jsonl");
        // The long form, as manifests were written before ids were shortened.
        std::fs::write(
            &path,
            concat!(
                r##"{"path":"#brief.txt","size":1,"mtime":1,"hash":"f","articles":[{"id":"#brief.txt","hash":"a"}]}"##,
                "\n",
                r##"{"path":"#x.jsonl","size":1,"mtime":1,"hash":"f","articles":[{"id":"#x.jsonl#3","hash":"b"}]}"##,
                "\n",
            ),
        )
        .unwrap();
        let m = Manifest::load(&path).unwrap();
        assert_eq!(m.files["#brief.txt"].articles[0].id, "#brief.txt");
        assert_eq!(m.files["#x.jsonl"].articles[0].id, "#x.jsonl#3");
        m.save(&path).unwrap();
        assert_eq!(Manifest::load(&path).unwrap(), m);
    }

    #[test]
    fn manifests_in_the_long_form_still_load() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.jsonl");
        std::fs::write(
            &path,
            r#"{"path":"a.txt","size":3,"mtime":7,"hash":"f","articles":[{"id":"a.txt","hash":"c"}],"duplicates":[{"id":"a.txt#2","hash":"c"}]}"#,
        )
        .unwrap();
        let m = Manifest::load(&path).unwrap();
        let e = &m.files["a.txt"];
        assert_eq!((e.size, e.mtime, e.hash.as_str()), (3, 7, "f"));
        assert_eq!(e.articles[0].id, "a.txt");
        assert_eq!(e.duplicates[0].id, "a.txt#2");
        // Written again, the ids that derive from the path are left out, and come back on loading.
        m.save(&path).unwrap();
        let saved = std::fs::read_to_string(&path).unwrap();
        assert_eq!(saved.matches("a.txt").count(), 1, "{saved}");
        assert_eq!(Manifest::load(&path).unwrap(), m);
    }

    fn entry(path: &str, size: u64, ids: &[&str], dups: &[(&str, &str)]) -> FileEntry {
        FileEntry {
            path: path.into(),
            size,
            mtime: 7,
            hash: "h".into(),
            articles: ids
                .iter()
                .map(|i| Indexed {
                    id: i.to_string(),
                    hash: format!("c-{i}"),
                })
                .collect(),
            duplicates: dups
                .iter()
                .map(|(id, of)| Duplicate {
                    id: id.to_string(),
                    hash: format!("c-{of}"),
                })
                .collect(),
            skipped: None,
            mtime_dated: false,
        }
    }

    fn stat(path: &str, size: u64) -> Stat<'_> {
        Stat {
            path,
            size,
            mtime: 7,
        }
    }

    #[test]
    fn plan_finds_added_changed_removed() {
        let mut m = Manifest::default();
        for e in [
            entry("a.txt", 1, &["a.txt"], &[]),
            entry("b.txt", 2, &["b.txt"], &[]),
            entry("c.txt", 3, &["c.txt"], &[]),
        ] {
            m.files.insert(e.path.clone(), e);
        }
        let plan = m.plan([stat("a.txt", 1), stat("b.txt", 5), stat("d.txt", 1)]);
        assert_eq!(plan.added, ["d.txt"]);
        assert_eq!(plan.changed, ["b.txt"]);
        assert_eq!(plan.removed, ["c.txt"]);
        assert_eq!(plan.unchanged, 1);
    }

    #[test]
    fn a_duplicate_is_read_again_when_its_original_goes() {
        let mut m = Manifest::default();
        for e in [
            entry("a.txt", 1, &["a.txt"], &[]),
            entry("z.txt", 1, &[], &[("z.txt", "a.txt")]),
        ] {
            m.files.insert(e.path.clone(), e);
        }
        let plan = m.plan([stat("z.txt", 1)]);
        assert_eq!(plan.removed, ["a.txt"]);
        assert_eq!(plan.recheck, ["z.txt"]);
        assert!(plan.changed.is_empty());
        assert_eq!(plan.unchanged, 0);
    }

    #[test]
    fn save_and_load_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest::default();
        let e = entry(
            "x/y.jsonl",
            10,
            &["x/y.jsonl#1", "x/y.jsonl#2"],
            &[("x/y.jsonl#3", "x/y.jsonl#1")],
        );
        m.files.insert(e.path.clone(), e);
        let path = dir.path().join("m.jsonl");
        m.save(&path).unwrap();
        assert_eq!(Manifest::load(&path).unwrap(), m);
        let saved = std::fs::read_to_string(&path).unwrap();
        assert!(saved.contains(r##"{"i":"#1""##), "{saved}");
        assert!(!saved.contains(r#""i":"x/y"#), "{saved}");
        assert_eq!(m.article_count(), 2);
        assert_eq!(m.duplicates().count(), 1);
    }
}
