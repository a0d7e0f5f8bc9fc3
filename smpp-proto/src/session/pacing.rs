//! Throttling back-off and the optional send rate limit (SMPP 3.4 §5.1.3
//! ESME_RTHROTTLED, ESME_RMSGQFUL). Both run on the `now` the caller passes.

use super::config::{Config, RateLimit};
use crate::time::{Duration, Instant};

/// Back-off after the peer throttles (SMPP 3.4 §5.1.3 ESME_RTHROTTLED,
/// ESME_RMSGQFUL).
///
/// One throttling *episode* covers every request that was in flight when it
/// began: a window of answers throttled together pauses sending once, for
/// the current back-off. The back-off doubles only when a request sent
/// after the pause is throttled again (the peer still throttles), and goes
/// back to the first step after a message request succeeds.
#[derive(Debug)]
pub(crate) struct Backoff {
    until: Option<Instant>,
    current: Duration,
}

impl Backoff {
    pub(crate) const fn new() -> Self {
        Backoff {
            until: None,
            current: Duration::ZERO,
        }
    }

    /// The peer throttled, at `now`, a request sent at `sent`. Returns
    /// `Some(retry_at)` when this starts a new episode, `None` when it
    /// belongs to the current one.
    pub(crate) fn throttled(
        &mut self,
        sent: Instant,
        now: Instant,
        config: &Config,
    ) -> Option<Instant> {
        if self.until.is_some_and(|until| sent < until) {
            // In flight when the current episode began: the same episode.
            return None;
        }
        self.current = if self.current == Duration::ZERO {
            config.throttle_backoff
        } else {
            self.current.doubled().min(config.throttle_backoff_max)
        };
        let until = now + self.current;
        self.until = Some(until);
        Some(until)
    }

    /// A message request succeeded: the next episode starts from the first step.
    pub(crate) fn reset(&mut self) {
        self.current = Duration::ZERO;
    }

    /// `Some(retry_at)` while backing off.
    pub(crate) fn blocked(&self, now: Instant) -> Option<Instant> {
        self.until.filter(|u| now < *u)
    }
}

/// The token bucket behind [`RateLimit`], in thousandths of a token so
/// integer maths stays exact: full (`burst` tokens) at its first use, then
/// refilled at `per_second`. Each session keeps one for its own
/// `Config::rate_limit`; an application that spreads messages over several
/// sessions (and reconnects) keeps one of its own to pace them all,
/// driven by the same `now` it gives the sessions.
#[derive(Debug, Clone, Copy, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct RateBucket {
    milli_tokens: u64,
    last: Option<Instant>,
}

impl RateBucket {
    /// A bucket not used yet (full at its first [`RateBucket::take`]).
    pub const fn new() -> Self {
        RateBucket {
            milli_tokens: 0,
            last: None,
        }
    }

    /// Takes a token at `now`, or says when one will be available (then
    /// nothing is taken).
    pub fn take(&mut self, now: Instant, limit: &RateLimit) -> Result<(), Instant> {
        let rate = u64::from(limit.per_second.max(1));
        let cap = u64::from(limit.burst.max(1)) * 1000;
        self.milli_tokens = match self.last {
            None => cap,
            Some(last) => {
                // per_second tokens per 1000 ms = `rate` milli-tokens per ms.
                let add = (now - last).as_millis().saturating_mul(rate);
                self.milli_tokens.saturating_add(add).min(cap)
            }
        };
        self.last = Some(now);
        if self.milli_tokens >= 1000 {
            self.milli_tokens -= 1000;
            Ok(())
        } else {
            let missing = 1000 - self.milli_tokens;
            Err(now + Duration::from_millis(missing.div_ceil(rate)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_limits_rate() {
        let limit = RateLimit {
            per_second: 10,
            burst: 2,
        };
        let mut b = RateBucket::new();
        let t0 = Instant::from_millis(1000);
        assert!(b.take(t0, &limit).is_ok());
        assert!(b.take(t0, &limit).is_ok());
        let retry = b.take(t0, &limit).unwrap_err();
        assert_eq!(retry, Instant::from_millis(1100));
        assert!(b.take(retry, &limit).is_ok());
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let c = Config::esme();
        let mut b = Backoff::new();
        let mut t = Instant::ZERO;
        assert_eq!(b.throttled(t, t, &c), Some(Instant::from_millis(1000)));
        // Still throttled after each pause: the back-off doubles, up to 60 s.
        let mut last = Duration::from_secs(1);
        for _ in 0..10 {
            t = b.blocked(t).unwrap_or(t);
            let until = b.throttled(t, t, &c).unwrap();
            last = until - t;
        }
        assert_eq!(last, Duration::from_secs(60));
        // A success in between: the next episode starts at 1 s again.
        b.reset();
        let t = t + last;
        assert_eq!(b.throttled(t, t, &c), Some(t + Duration::from_secs(1)));
    }

    #[test]
    fn a_throttled_window_is_one_episode() {
        let c = Config::esme();
        let mut b = Backoff::new();
        let t = Instant::from_millis(500);
        // Ten requests sent before t, all throttled within a millisecond.
        assert_eq!(b.throttled(t, t, &c), Some(Instant::from_millis(1500)));
        for i in 0..9 {
            let now = t + Duration::from_millis(i);
            assert_eq!(b.throttled(t, now, &c), None);
        }
        assert_eq!(b.blocked(t), Some(Instant::from_millis(1500)));
        // A request sent after the pause and throttled again: 2 s.
        let after = Instant::from_millis(1600);
        assert_eq!(
            b.throttled(after, after, &c),
            Some(Instant::from_millis(3600))
        );
    }
}
