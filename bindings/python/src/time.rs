//! Time as Python sees it, seconds in a `float` passed in by the caller
//! (the core never reads a clock), to and from the core's milliseconds.

use pyo3::exceptions::PyValueError;
use pyo3::PyResult;
use smpp_proto::time::{Duration, Instant};

/// `now` in seconds as the core's [`Instant`]: finite and not negative.
pub(crate) fn instant(now: f64) -> PyResult<Instant> {
    millis(now, "now").map(Instant::from_millis)
}

/// A duration in seconds as the core's [`Duration`].
pub(crate) fn duration(secs: f64, what: &str) -> PyResult<Duration> {
    millis(secs, what).map(Duration::from_millis)
}

fn millis(secs: f64, what: &str) -> PyResult<u64> {
    if !secs.is_finite() || !(0.0..=1e12).contains(&secs) {
        return Err(PyValueError::new_err(format!(
            "{what}: {secs} is not a time in seconds (finite, 0 or more)"
        )));
    }
    // Rounded to the core's millisecond.
    Ok((secs * 1000.0).round() as u64)
}

/// An [`Instant`] as seconds.
pub(crate) fn seconds(t: Instant) -> f64 {
    t.as_millis() as f64 / 1000.0
}
