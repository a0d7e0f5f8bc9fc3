//! SIGINT and SIGTERM, listened to once for a whole command (issue 13.4).
//!
//! A listener created afresh on each pass of a `select!` loop misses a
//! signal that arrives between two passes (tokio tells a listener only of
//! the signals that come after it exists), and until the first one exists
//! the default action kills the process. So each command installs the
//! handlers first, once, and polls the same [`Signals`] in every loop.

/// The process's SIGINT and SIGTERM handlers.
pub(crate) struct Signals {
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    /// Signals received so far.
    received: u32,
}

impl Signals {
    /// Installs the handlers (from now on SIGINT and SIGTERM no longer kill
    /// the process: they are for [`Signals::recv`]).
    pub(crate) fn install() -> std::io::Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(Signals {
                int: signal(SignalKind::interrupt())?,
                term: signal(SignalKind::terminate())?,
                received: 0,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals { received: 0 })
    }

    /// Waits for the next signal; returns its name. Cancel-safe: a signal
    /// that arrives while nothing waits is kept for the next call.
    pub(crate) async fn recv(&mut self) -> &'static str {
        #[cfg(unix)]
        let name = tokio::select! {
            Some(()) = self.int.recv() => "SIGINT",
            Some(()) = self.term.recv() => "SIGTERM",
            else => std::future::pending().await,
        };
        #[cfg(not(unix))]
        let name = match tokio::signal::ctrl_c().await {
            Ok(()) => "Ctrl-C",
            Err(_) => std::future::pending().await,
        };
        self.received += 1;
        name
    }

    /// How many signals came so far.
    pub(crate) fn received(&self) -> u32 {
        self.received
    }
}
