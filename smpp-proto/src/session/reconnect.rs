//! How long to wait before connecting again after a connection failed or a
//! bound session was lost. SMPP itself says nothing about it (SMPP 3.4 §2.2
//! ends with the connection); providers ask clients not to reconnect in a
//! tight loop, and many devices must not reconnect in step.
//!
//! Sans-IO like the session: no clock and no random source of its own. The
//! adapter passes a random number with each call and sleeps itself.

use crate::time::Duration;

/// Exponential back-off with jitter between reconnection attempts.
///
/// The base wait starts at `min`, doubles after every failed attempt up to
/// `max`, and goes back to `min` after a successful bind
/// ([`ReconnectBackoff::reset`]). Each wait is drawn uniformly from
/// `[base / 2, base]` ("equal jitter"): never less than half the base, so
/// the back-off still backs off, and spread enough that many clients cut
/// off together do not come back together.
///
/// ```
/// use smpp_proto::session::ReconnectBackoff;
/// use smpp_proto::time::Duration;
///
/// let mut backoff = ReconnectBackoff::new(Duration::from_secs(1), Duration::from_secs(60));
/// // The caller brings the randomness (an RNG, a hash of a clock, ...).
/// let first = backoff.next_delay(0x1234_5678);
/// assert!(first >= Duration::from_millis(500) && first <= Duration::from_secs(1));
/// assert_eq!(backoff.base(), Duration::from_secs(2)); // doubled
/// let second = backoff.next_delay(0xFFFF_FFFF);
/// assert!(second >= Duration::from_secs(1) && second <= Duration::from_secs(2));
/// backoff.reset(); // bound again: the next wait starts from `min`
/// assert!(backoff.next_delay(0) <= Duration::from_secs(1));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ReconnectBackoff {
    min: Duration,
    max: Duration,
    base: Duration,
}

impl ReconnectBackoff {
    /// A back-off from `min` doubling up to `max` (`max` below `min` is
    /// taken as `min`).
    pub const fn new(min: Duration, max: Duration) -> Self {
        let max = if max.as_millis() < min.as_millis() {
            min
        } else {
            max
        };
        ReconnectBackoff {
            min,
            max,
            base: min,
        }
    }

    /// The wait before the next attempt, drawn with `random` (any value
    /// from the caller's random source; every bit counts) from
    /// `[base / 2, base]`; then the base doubles, up to `max`.
    pub fn next_delay(&mut self, random: u32) -> Duration {
        let base = self.base.as_millis();
        let half = base / 2;
        let spread = base - half;
        let jitter = if spread == 0 {
            0
        } else {
            u64::from(random) % (spread + 1)
        };
        self.base = self.base.doubled().min(self.max);
        Duration::from_millis(half + jitter)
    }

    /// A session bound: the next wait starts from `min` again.
    pub fn reset(&mut self) {
        self.base = self.min;
    }

    /// The base of the next wait (before jitter).
    pub fn base(&self) -> Duration {
        self.base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_to_the_maximum_within_the_jitter() {
        let mut b = ReconnectBackoff::new(Duration::from_millis(100), Duration::from_millis(350));
        let mut bases = [0u64; 5];
        for (i, r) in [0u32, u32::MAX, 7, 12345, 99].into_iter().enumerate() {
            let base = b.base().as_millis();
            bases[i] = base;
            let d = b.next_delay(r).as_millis();
            assert!(
                d >= base / 2 && d <= base,
                "{d} outside [{}, {base}]",
                base / 2
            );
        }
        assert_eq!(bases, [100, 200, 350, 350, 350]);
        b.reset();
        assert_eq!(b.base(), Duration::from_millis(100));
    }

    #[test]
    fn degenerate_bounds() {
        let mut zero = ReconnectBackoff::new(Duration::ZERO, Duration::ZERO);
        assert_eq!(zero.next_delay(u32::MAX), Duration::ZERO);
        let mut inverted = ReconnectBackoff::new(Duration::from_secs(2), Duration::from_secs(1));
        inverted.next_delay(1);
        assert_eq!(inverted.base(), Duration::from_secs(2));
    }
}
