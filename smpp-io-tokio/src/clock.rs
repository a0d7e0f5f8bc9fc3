//! tokio time ↔ `smpp_proto::time`: the session counts milliseconds from the
//! moment its connection opened.

use smpp_proto::time::Instant;

/// Converts between `tokio::time::Instant` and the session's `Instant`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    origin: tokio::time::Instant,
}

impl Clock {
    pub(crate) fn new() -> Self {
        Clock {
            origin: tokio::time::Instant::now(),
        }
    }

    pub(crate) fn now(self) -> Instant {
        self.to_session(tokio::time::Instant::now())
    }

    pub(crate) fn to_session(self, t: tokio::time::Instant) -> Instant {
        let ms = t.saturating_duration_since(self.origin).as_millis();
        Instant::from_millis(u64::try_from(ms).unwrap_or(u64::MAX))
    }

    pub(crate) fn to_tokio(self, t: Instant) -> tokio::time::Instant {
        self.origin + std::time::Duration::from_millis(t.as_millis())
    }
}
