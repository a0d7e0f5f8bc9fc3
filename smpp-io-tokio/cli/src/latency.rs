//! Latencies of `smpp bench` in a fixed log-linear histogram: constant memory
//! however many messages a run sends (so the client's peak memory is the
//! library's, not a list of every latency), shared by the workers without a
//! channel or a lock.
//!
//! The comparison clients in `tests/examples/` use this same histogram, so
//! every client measures latency alike.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Sub-buckets per power of two: 64 (relative error under 1/64).
const SUB_BITS: u32 = 6;
const SUB: u64 = 1 << SUB_BITS;
/// Microseconds above this are counted in the last bucket (~12.7 days).
const MAX_US: u64 = (1 << 40) - 1;
const BUCKETS: usize = ((40 - SUB_BITS) as usize + 1) * SUB as usize;

/// A histogram of durations in microseconds.
pub struct Latencies {
    buckets: Vec<AtomicU64>,
}

fn index(us: u64) -> usize {
    let us = us.min(MAX_US);
    // Shift so that the top SUB_BITS + 1 bits remain: 0 below 2 × SUB.
    let shift = (64 - us.leading_zeros()).saturating_sub(SUB_BITS + 1);
    (u64::from(shift) * SUB + (us >> shift)) as usize
}

/// The middle of bucket `i`, in microseconds.
fn value(i: usize) -> u64 {
    let i = i as u64;
    if i < 2 * SUB {
        return i;
    }
    let shift = i / SUB - 1;
    let low = (i % SUB + SUB) << shift;
    low + ((1u64 << shift) >> 1)
}

impl Default for Latencies {
    fn default() -> Self {
        Self::new()
    }
}

impl Latencies {
    /// An empty histogram.
    pub fn new() -> Self {
        Latencies {
            buckets: (0..BUCKETS).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    /// Counts one latency.
    pub fn record(&self, d: Duration) {
        let us = u64::try_from(d.as_micros()).unwrap_or(u64::MAX);
        if let Some(b) = self.buckets.get(index(us)) {
            b.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// The `p` quantile (0 to 1) in milliseconds, as `sorted[round((n - 1) × p)]`
    /// would give it; 0 when empty.
    pub fn percentile_ms(&self, p: f64) -> f64 {
        let counts: Vec<u64> = self
            .buckets
            .iter()
            .map(|b| b.load(Ordering::Relaxed))
            .collect();
        let n: u64 = counts.iter().sum();
        if n == 0 {
            return 0.0;
        }
        let rank = ((n - 1) as f64 * p.clamp(0.0, 1.0)).round() as u64;
        let mut seen = 0u64;
        for (i, c) in counts.iter().enumerate() {
            seen += c;
            if seen > rank {
                return value(i) as f64 / 1000.0;
            }
        }
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_contiguous_and_close() {
        let mut last = 0;
        for us in 0..1_000_000u64 {
            let i = index(us);
            assert!(i == last || i == last + 1, "{us}: {i} after {last}");
            last = i;
            let v = value(i);
            assert!(v.abs_diff(us) * SUB <= us.max(1), "{us} -> {v}");
        }
        assert!(index(u64::MAX) < BUCKETS);
    }

    #[test]
    fn percentiles() {
        let l = Latencies::new();
        for us in 1..=1000u64 {
            l.record(Duration::from_micros(us));
        }
        assert!((l.percentile_ms(0.5) - 0.5).abs() < 0.01);
        assert!((l.percentile_ms(0.99) - 0.99).abs() < 0.02);
        assert_eq!(Latencies::new().percentile_ms(0.5), 0.0);
    }
}
