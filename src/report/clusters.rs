//! Clusters: claims that chain together by overlap.
//!
//! The connected components of the overlap graph (an edge between every two intervals that
//! share a value). Sorted by start key, a component ends exactly where the next interval starts
//! after the running maximum end, so one sweep after one sort finds them all in O(n log n):
//! the classic interval-graph component sweep. Claims in one cluster need not agree with each
//! other; they are linked by a chain of overlaps. Two clusters never share a value.

use crate::interval::Interval;

/// One connected component of the overlap graph.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// The positions of its intervals in the input, ascending.
    pub members: Vec<usize>,
    /// The smallest interval holding all of them.
    pub hull: Interval,
}

/// The clusters of `intervals`, ordered from the lowest to the highest, in O(n log n).
///
/// ```
/// use sourced::{clusters, Interval};
/// let xs = [
///     Interval::closed(8.0, 12.0)?,
///     Interval::closed(20.0, 21.0)?,
///     Interval::closed(11.0, 13.0)?,
///     Interval::closed(13.0, 15.0)?, // meets [11, 13] at 13: chained
/// ];
/// let found = clusters(&xs);
/// assert_eq!(found.len(), 2);
/// assert_eq!(found[0].members, [0, 2, 3]);
/// assert_eq!(found[0].hull.to_string(), "[8, 15]");
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn clusters(intervals: &[Interval]) -> Vec<Cluster> {
    let order = super::conflicts::sorted_by(intervals, Interval::start);
    clusters_in_order(intervals, &order)
}

/// The clusters, given the positions sorted by start key.
///
/// One pass in that order finds each cluster's hull and numbers the clusters of the
/// positions; a second, in input order, lists each cluster's members, already ascending.
/// (Listing them in start order and sorting each list after took longer than the sweep
/// itself: at a million claims most of them are in one cluster.)
pub(crate) fn clusters_in_order(intervals: &[Interval], order: &[usize]) -> Vec<Cluster> {
    let mut hulls: Vec<Interval> = Vec::new();
    // Per position, its cluster's number (`u32::MAX` for a position not in `order`).
    let mut cluster_of = vec![u32::MAX; intervals.len()];
    for &i in order {
        let Some(interval) = intervals.get(i) else {
            continue;
        };
        match hulls.last_mut() {
            // Shares a value with the running hull: the hull's end is the running maximum end.
            Some(hull) if interval.start() <= hull.end() => *hull = hull.hull(interval),
            _ => hulls.push(*interval),
        }
        if let Some(c) = cluster_of.get_mut(i) {
            *c = (hulls.len() - 1) as u32;
        }
    }
    let mut sizes = vec![0usize; hulls.len()];
    for &c in &cluster_of {
        if let Some(n) = sizes.get_mut(c as usize) {
            *n += 1;
        }
    }
    let mut found: Vec<Cluster> = hulls
        .into_iter()
        .zip(sizes)
        .map(|(hull, n)| Cluster {
            members: Vec::with_capacity(n),
            hull,
        })
        .collect();
    for (i, &c) in cluster_of.iter().enumerate() {
        if let Some(cluster) = found.get_mut(c as usize) {
            cluster.members.push(i);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touching_at_an_open_end_splits_clusters() {
        let xs = [
            Interval::from_parts(Some(0.0), false, Some(3.0), true).unwrap(),
            Interval::closed(3.0, 5.0).unwrap(),
        ];
        assert_eq!(clusters(&xs).len(), 2);
    }

    #[test]
    fn a_wide_interval_joins_everything_it_covers() {
        let xs = [
            Interval::closed(0.0, 1.0).unwrap(),
            Interval::closed(5.0, 6.0).unwrap(),
            Interval::at_least(0.5).unwrap(),
        ];
        let found = clusters(&xs);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].members, [0, 1, 2]);
        assert_eq!(found[0].hull.to_string(), "[0, ∞)");
    }

    #[test]
    fn no_intervals_no_clusters() {
        assert!(clusters(&[]).is_empty());
    }
}
