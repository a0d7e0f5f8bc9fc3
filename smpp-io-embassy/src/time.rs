//! Conversions between the session's clock (`smpp_proto::time`) and embassy-time.

use smpp_proto::time::Instant;

/// The session's `now`: milliseconds since embassy-time's origin (boot).
pub(crate) fn now() -> Instant {
    Instant::from_millis(embassy_time::Instant::now().as_millis())
}

/// A session deadline as an embassy-time instant (saturating far in the future).
pub(crate) fn to_embassy(t: Instant) -> embassy_time::Instant {
    // Instant::from_millis multiplies by the tick rate: keep it from overflowing.
    const MAX_MILLIS: u64 = u64::MAX / 1_000_000;
    if t.as_millis() >= MAX_MILLIS {
        embassy_time::Instant::MAX
    } else {
        embassy_time::Instant::from_millis(t.as_millis())
    }
}

/// A session duration as an embassy-time duration.
pub(crate) fn duration(d: smpp_proto::time::Duration) -> embassy_time::Duration {
    embassy_time::Duration::from_millis(d.as_millis().min(u64::MAX / 1_000_000))
}

/// Sleeps until `t`, or forever when there is no deadline.
pub(crate) async fn sleep_until(t: Option<Instant>) {
    match t {
        Some(t) => embassy_time::Timer::at(to_embassy(t)).await,
        None => core::future::pending().await,
    }
}
