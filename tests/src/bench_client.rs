//! What the comparison clients in `examples/` share: the summary line, in
//! the shape `smpp bench` prints it (`--json`: the object `compare.py` reads).

use std::time::Instant;

use crate::latency::Latencies;

/// A finished run: `sent` submit_sm, `ok` of them accepted, since `started`.
pub struct Run<'a> {
    pub sent: usize,
    pub ok: usize,
    pub started: Instant,
    pub latencies: &'a Latencies,
    pub connections: usize,
    pub window: usize,
}

impl Run<'_> {
    /// Prints the summary: a JSON object with `json`, else one readable line.
    #[allow(clippy::print_stdout)] // reason: the summary line is the program's output
    pub fn print(&self, json: bool) {
        let (sent, ok) = (self.sent, self.ok);
        let secs = self.started.elapsed().as_secs_f64();
        let per_second = if secs > 0.0 { sent as f64 / secs } else { 0.0 };
        let (p50, p99) = (
            self.latencies.percentile_ms(0.50),
            self.latencies.percentile_ms(0.99),
        );
        let failed = sent - ok;
        let (connections, window) = (self.connections, self.window);
        if json {
            println!(
                "{{\"sent\":{sent},\"ok\":{ok},\"failed\":{failed},\"seconds\":{secs},\"per_second\":{per_second},\"p50_ms\":{p50},\"p99_ms\":{p99},\"connections\":{connections},\"window\":{window}}}"
            );
        } else {
            println!(
                "{sent} submit_sm in {secs:.2}s: {per_second:.0}/s, ok {ok}, failed {failed}, latency p50 {p50:.2} ms p99 {p99:.2} ms ({connections} × window {window})"
            );
        }
    }
}
