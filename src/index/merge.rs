//! Segment merging with a bound on memory. tantivy's default policy merges in the background while indexing goes
//! on, several merges at once, and a merge maps every byte of its input segments: on a large rebuild that put
//! hundreds of megabytes of mapped files on top of the indexing arenas. dateline indexes without merging and
//! merges at the end of a run, one merge at a time, each reading at most the writer's memory budget of segment
//! files, of segments of comparable size, and only when an index has more than `MAX_SEGMENTS` segments. The peak
//! memory of a run is the budget plus a fixed overhead, whatever the corpus size. The price: segments larger than
//! the budget are never merged, so a large archive has about (index size / budget) segments; a larger `--memory`
//! gives fewer.

use std::path::Path;
use tantivy::index::{SegmentId, SegmentMeta};

/// A segment as the planner sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub id: SegmentId,
    /// Bytes of its files on disk.
    pub bytes: u64,
    pub docs: u32,
    pub deleted: u32,
}

/// A segment whose deleted documents are at least this share of it is rewritten, to drop them.
const DELETED_SHARE_TO_COMPACT: f64 = 0.25;

/// An index may have this many segments before merges start. A query pays a little for each segment (well under
/// a millisecond for eight), while merging costs a pass over the merged bytes: merging everything into one
/// segment would add a fifth to a rebuild for no visible gain.
pub const MAX_SEGMENTS: usize = 8;

/// Segments merged together differ in size by at most this factor (below `SMALL_SEGMENT_BYTES`, any size goes).
const SIZE_RATIO: u64 = 4;
const SMALL_SEGMENT_BYTES: u64 = 1 << 20;

/// The next merge to run, if any: the smallest segments, as many as bring the count down to `max_segments` and
/// fit together in `budget` bytes; or else a segment that is largely deleted documents. Run it, list the
/// segments again and ask again until there is nothing to do.
pub fn next_merge(
    segments: &[Segment],
    budget: u64,
    max_segments: usize,
) -> Option<Vec<SegmentId>> {
    let mut small: Vec<&Segment> = segments.iter().filter(|s| s.bytes <= budget).collect();
    small.sort_by(|a, b| a.bytes.cmp(&b.bytes).then(a.id.cmp(&b.id)));
    if segments.len() > max_segments {
        let need = segments.len() - max_segments + 1;
        let mut group = Vec::new();
        let mut bytes = 0;
        // Only segments of comparable size: a small new segment is not merged into a big one (that would rewrite
        // the big one at every small ingest); small ones wait and merge with each other until they are big.
        let ceiling = small.first().map_or(0, |s| {
            s.bytes.max(SMALL_SEGMENT_BYTES).saturating_mul(SIZE_RATIO)
        });
        for s in &small {
            if group.len() == need || bytes + s.bytes > budget || s.bytes > ceiling {
                break;
            }
            bytes += s.bytes;
            group.push(s.id);
        }
        if group.len() >= 2 {
            return Some(group);
        }
    }
    small
        .iter()
        .find(|s| {
            s.docs > 0 && f64::from(s.deleted) / f64::from(s.docs) >= DELETED_SHARE_TO_COMPACT
        })
        .map(|s| vec![s.id])
}

/// The segments of an index folder with their sizes on disk.
pub fn segments(dir: &Path, metas: &[SegmentMeta]) -> Vec<Segment> {
    use tantivy::index::SegmentComponent as C;
    let parts = [
        C::Postings,
        C::Positions,
        C::Terms,
        C::Store,
        C::FastFields,
        C::FieldNorms,
    ];
    metas
        .iter()
        .map(|m| Segment {
            id: m.id(),
            bytes: parts
                .iter()
                .map(|c| {
                    std::fs::metadata(dir.join(m.relative_path(c.clone()))).map_or(0, |f| f.len())
                })
                .sum(),
            docs: m.max_doc(),
            deleted: m.num_deleted_docs(),
        })
        .collect()
}

/// Hands the heap memory that indexing freed back to the system before merging, so that the merge's mapped
/// files are not counted on top of arenas nobody uses any more (glibc keeps freed memory otherwise).
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: malloc_trim only returns free heap pages to the kernel; it takes no pointers.
        unsafe {
            libc::malloc_trim(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(bytes: u64, docs: u32, deleted: u32) -> Segment {
        Segment {
            id: SegmentId::generate_random(),
            bytes,
            docs,
            deleted,
        }
    }

    /// Runs the planner to the end as the writer does, merged segments standing in for their inputs.
    fn run(mut segs: Vec<Segment>, budget: u64, max: usize) -> (Vec<u64>, Vec<usize>) {
        let mut merges = Vec::new();
        while let Some(group) = next_merge(&segs, budget, max) {
            let (inputs, rest): (Vec<Segment>, Vec<Segment>) =
                segs.into_iter().partition(|s| group.contains(&s.id));
            merges.push(inputs.len());
            let merged = inputs.iter().fold(seg(0, 0, 0), |acc, s| Segment {
                bytes: acc.bytes + s.bytes,
                docs: acc.docs + s.docs - s.deleted,
                ..acc
            });
            assert!(merged.bytes <= budget, "a merge over the budget");
            segs = rest;
            segs.push(merged);
        }
        let mut sizes: Vec<u64> = segs.iter().map(|s| s.bytes).collect();
        sizes.sort();
        (sizes, merges)
    }

    #[test]
    fn merges_bring_the_count_down_within_the_budget_smallest_first() {
        let segs: Vec<Segment> = (0..10)
            .map(|_| seg(60, 1000, 0))
            .chain([seg(20, 300, 0)])
            .collect();
        let (sizes, merges) = run(segs, 128, 8);
        assert_eq!(sizes.len(), 8);
        // 20 + 60 first (the smallest that fit), then two more pairs of 60.
        assert_eq!(sizes, [60, 60, 60, 60, 60, 80, 120, 120]);
        assert_eq!(merges, [2, 2, 2]);
    }

    #[test]
    fn a_small_new_segment_is_not_merged_into_a_big_one() {
        let mb = 1 << 20;
        let mut segs: Vec<Segment> = (0..8).map(|_| seg(100 * mb, 1000, 0)).collect();
        segs.push(seg(mb / 2, 5, 0));
        assert_eq!(run(segs.clone(), 128 * mb, 8).1, Vec::<usize>::new());
        // Small ones wait for each other, then merge.
        segs.push(seg(mb / 2, 5, 0));
        let (sizes, merges) = run(segs, 128 * mb, 8);
        assert_eq!(merges, [2]);
        assert_eq!(sizes.len(), 9);
        assert_eq!(sizes[0], mb);
    }

    #[test]
    fn few_segments_are_left_alone() {
        let segs: Vec<Segment> = (0..8).map(|_| seg(10, 10, 0)).collect();
        assert_eq!(run(segs, 128, 8).1, Vec::<usize>::new());
        assert_eq!(run(vec![], 128, 8).1, Vec::<usize>::new());
    }

    #[test]
    fn segments_too_big_to_merge_within_the_budget_stay() {
        let segs = vec![seg(500, 9000, 0), seg(400, 8000, 0), seg(300, 10, 0)];
        assert_eq!(run(segs, 128, 2).0, [300, 400, 500]);
    }

    #[test]
    fn a_segment_mostly_deleted_is_rewritten() {
        assert_eq!(run(vec![seg(100, 1000, 10)], 128, 8).1, Vec::<usize>::new());
        assert_eq!(run(vec![seg(100, 1000, 400)], 128, 8).1, [1]);
    }
}
