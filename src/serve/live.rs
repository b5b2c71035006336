//! The open index, kept current: a watcher thread takes in `ingest`'s commits (a reload) and `rebuild`'s new
//! generations (a fresh open). Requests hold an `Arc` of the archive they started with, so a switch never pulls
//! an index from under a running search; a generation that cannot be opened yet (a rebuild still finishing, an
//! old one being removed) leaves the current one in service until the next look.

use crate::index::Archive;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

pub struct Live {
    root: PathBuf,
    current: RwLock<Arc<Archive>>,
}

impl Live {
    pub fn open(root: &Path) -> anyhow::Result<Arc<Live>> {
        let archive = Archive::open(root)?;
        Ok(Arc::new(Live {
            root: root.to_path_buf(),
            current: RwLock::new(Arc::new(archive)),
        }))
    }

    /// The archive to answer a request from.
    pub fn get(&self) -> Arc<Archive> {
        match self.current.read() {
            Ok(a) => a.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Takes in what changed on disk: a new generation is opened, new commits are reloaded. Returns whether the
    /// archive was replaced.
    pub fn refresh(&self) -> anyhow::Result<bool> {
        let archive = self.get();
        if archive.is_live()? {
            archive.reload()?;
            return Ok(false);
        }
        let fresh = Arc::new(Archive::open(&self.root)?);
        match self.current.write() {
            Ok(mut a) => *a = fresh,
            Err(poisoned) => *poisoned.into_inner() = fresh,
        }
        Ok(true)
    }

    /// Looks for changes every `every`, for the life of the process.
    pub fn watch(self: &Arc<Self>, every: Duration) {
        let live = Arc::downgrade(self);
        let spawned = std::thread::Builder::new()
            .name("dateline-watch".into())
            .spawn(move || loop {
                std::thread::sleep(every);
                let Some(live) = live.upgrade() else { return };
                // A failed look (a rebuild mid-switch) is retried at the next one; requests keep the old archive.
                let _ = live.refresh();
            });
        if let Err(e) = spawned {
            eprintln!("dateline: warning: cannot watch the index for changes ({e}); restart to see updates");
        }
    }
}
