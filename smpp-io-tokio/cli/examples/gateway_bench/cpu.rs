//! Where the machine's cores go during a row: the CPU time (user + system)
//! per message of each process taking part (RabbitMQ's Erlang VM, Redis,
//! `smpp smsc`, the gateway, this bench process, which publishes, reads
//! the events and, in the RabbitMQ-alone row, relays), beside what the
//! cores could give per message in that time.

use std::time::Duration;

/// The CPU time (user + system) process `pid` has used so far, in clock
/// ticks of 1/100 s (Linux's USER_HZ): `/proc/PID/stat` fields 14 and 15.
pub(crate) fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // After the command name in parentheses, which may hold spaces.
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let f: Vec<&str> = rest.split_whitespace().collect();
    Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
}

/// The machine's cores, as counted the first time: before the bench
/// places any process ([`crate::Layout`]), after which this process's own
/// count would be its share.
pub(crate) fn machine_cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |p| p.get()))
}

/// The processes of a row, by name.
#[derive(Clone, Debug, Default)]
pub(crate) struct Procs(pub(crate) Vec<(&'static str, u32)>);

/// Their CPU ticks at one moment.
#[derive(Clone, Debug)]
pub(crate) struct Snapshot(Vec<Option<u64>>);

/// CPU microseconds per message, by process, and the cores' capacity per
/// message over the same time.
#[derive(Clone, Debug, Default)]
pub(crate) struct PerMessage {
    pub(crate) by_process: Vec<(&'static str, Option<f64>)>,
    pub(crate) capacity: f64,
}

impl Procs {
    pub(crate) fn with(&self, name: &'static str, pid: u32) -> Procs {
        let mut p = self.clone();
        p.0.push((name, pid));
        p
    }

    pub(crate) fn snapshot(&self) -> Snapshot {
        Snapshot(self.0.iter().map(|&(_, pid)| cpu_ticks(pid)).collect())
    }

    /// Per message of `n` since `before`, `took` the time they took.
    pub(crate) fn since(&self, before: &Snapshot, n: usize, took: Duration) -> PerMessage {
        let after = self.snapshot();
        let by_process = self
            .0
            .iter()
            .zip(before.0.iter().zip(after.0))
            .map(|(&(name, _), (b, a))| {
                let us = b
                    .zip(a)
                    .map(|(b, a)| (a.saturating_sub(b) * 10_000) as f64 / n as f64);
                (name, us)
            })
            .collect();
        let cores = machine_cores();
        PerMessage {
            by_process,
            capacity: took.as_secs_f64() * 1e6 * cores as f64 / n as f64,
        }
    }
}

impl PerMessage {
    /// The CPU time of process `name`, when measured.
    pub(crate) fn of(&self, name: &str) -> Option<f64> {
        self.by_process
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, us)| *us)
    }
}

impl std::fmt::Display for PerMessage {
    /// `RabbitMQ 40 + Redis 10 + … = 120 of 150`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut total = 0.0;
        for (i, (name, us)) in self.by_process.iter().enumerate() {
            if i > 0 {
                f.write_str(" + ")?;
            }
            match us {
                Some(us) => {
                    total += us;
                    write!(f, "{name} {us:.0}")?;
                }
                None => write!(f, "{name} ?")?,
            }
        }
        write!(f, " = {total:.0} of {:.0}", self.capacity)
    }
}
