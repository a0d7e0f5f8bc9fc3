//! basic_ack of outbound deliveries in batches (AMQP 0-9-1 §1.8.3.13,
//! basic.ack with `multiple` set): one frame acknowledges every delivery
//! of the channel up to a tag, which saves RabbitMQ a frame, and its
//! bookkeeping, per message.
//!
//! A delivery is reported here only once it is settled: its ack or nack
//! event confirmed by the broker ([`Acks::ack`]), or the delivery already
//! nacked by its task ([`Acks::done`]). A multiple ack is sent only up to a
//! tag below which every delivery is settled, so it never covers one still
//! in flight. A settled delivery held back by an earlier one still in
//! flight is acknowledged on its own after [`HOLD`], so a slow message
//! does not hold the others' prefetch slots.

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use lapin::options::BasicAckOptions;
use lapin::Channel;
use tokio::sync::mpsc;
use tokio::time::Instant;
use tracing::debug;

/// How long a settled delivery waits for the ones before it to be settled
/// too before it is acknowledged on its own.
pub const HOLD: Duration = Duration::from_millis(10);

/// The batching acknowledger of one consuming channel. Cheap to clone; its
/// task ends when every clone is dropped, after acknowledging what was
/// reported.
#[derive(Clone, Debug)]
pub struct Acks {
    tx: mpsc::UnboundedSender<(u64, bool)>,
}

impl Acks {
    /// Starts acknowledging deliveries of `channel`, whose delivery tags
    /// start at 1 (AMQP 0-9-1 §1.8.3: delivery tags are per channel).
    pub fn start(channel: Channel) -> (Acks, tokio::task::JoinHandle<()>) {
        let (tx, rx) = mpsc::unbounded_channel();
        (Acks { tx }, tokio::spawn(run(channel, rx)))
    }

    /// The delivery `tag`'s event is confirmed: acknowledge it.
    pub fn ack(&self, tag: u64) {
        let _ = self.tx.send((tag, true));
    }

    /// The delivery `tag` was nacked or rejected by its task: nothing to
    /// send for it, but later ones may now be acknowledged together.
    pub fn done(&self, tag: u64) {
        let _ = self.tx.send((tag, false));
    }
}

/// A settled delivery not yet covered by a multiple ack.
struct Settled {
    /// Still to be acknowledged (not nacked, not acknowledged on its own).
    ack: bool,
    /// When it was reported.
    at: Instant,
}

/// Settled deliveries held at most, past one still in flight: more means
/// that one is stuck (or its task is gone), and batching stops for the
/// channel.
const HELD_MAX: usize = 4 * u16::MAX as usize;

/// The tags settled, and the lowest one not settled yet.
struct Window {
    next: u64,
    settled: BTreeMap<u64, Settled>,
    /// Tags in the order reported (some since covered), oldest first.
    reported: VecDeque<u64>,
    /// Multiple acks still sent (see [`HELD_MAX`]).
    batching: bool,
}

impl Window {
    fn new() -> Window {
        Window {
            next: 1,
            settled: BTreeMap::new(),
            reported: VecDeque::new(),
            batching: true,
        }
    }

    fn settle(&mut self, tag: u64, ack: bool, at: Instant) {
        self.settled.insert(tag, Settled { ack, at });
        if ack {
            self.reported.push_back(tag);
        }
        if self.settled.len() > HELD_MAX {
            self.batching = false;
            self.settled.retain(|_, s| s.ack);
        }
    }

    /// Takes the settled run from `next`: the highest tag of it still to be
    /// acknowledged (one multiple ack covers the run).
    fn advance(&mut self) -> Option<u64> {
        if !self.batching {
            return None;
        }
        let mut top = None;
        while let Some(s) = self.settled.remove(&self.next) {
            if s.ack {
                top = Some(self.next);
            }
            self.next += 1;
        }
        top
    }

    /// The tags held back for [`HOLD`] or more (every one once batching
    /// stopped), marked acknowledged.
    fn overdue(&mut self, now: Instant) -> Vec<u64> {
        let mut due = Vec::new();
        while let Some(&tag) = self.reported.front() {
            let Some(s) = self.settled.get_mut(&tag) else {
                // Covered by a multiple ack meanwhile.
                self.reported.pop_front();
                continue;
            };
            if now.duration_since(s.at) < HOLD && self.batching {
                break;
            }
            self.reported.pop_front();
            if s.ack {
                s.ack = false;
                due.push(tag);
            }
        }
        if !self.batching {
            self.settled.clear();
        }
        due
    }

    /// When the oldest delivery held back is due.
    fn deadline(&mut self) -> Option<Instant> {
        while let Some(&tag) = self.reported.front() {
            match self.settled.get(&tag) {
                Some(s) if s.ack => return Some(s.at + HOLD),
                _ => {
                    self.reported.pop_front();
                }
            }
        }
        None
    }
}

async fn run(channel: Channel, mut rx: mpsc::UnboundedReceiver<(u64, bool)>) {
    let mut w = Window::new();
    let mut open = true;
    while open || w.deadline().is_some() {
        let first = match w.deadline() {
            Some(at) if open => tokio::time::timeout_at(at, rx.recv()).await.ok(),
            Some(at) => {
                tokio::time::sleep_until(at).await;
                None
            }
            None => Some(rx.recv().await),
        };
        let now = Instant::now();
        let mut take = |m: Option<(u64, bool)>, open: &mut bool| match m {
            Some((tag, ack)) => w.settle(tag, ack, now),
            None => *open = false,
        };
        if let Some(m) = first {
            take(m, &mut open);
            // Everything reported meanwhile, in the same batch.
            while open {
                match rx.try_recv() {
                    Ok(m) => take(Some(m), &mut open),
                    Err(mpsc::error::TryRecvError::Empty) => break,
                    Err(mpsc::error::TryRecvError::Disconnected) => take(None, &mut open),
                }
            }
        }
        if let Some(top) = w.advance() {
            send(&channel, top, true).await;
        }
        // Once no one reports any more, nothing held back has to wait.
        let due = if open {
            w.overdue(now)
        } else {
            w.overdue(now + HOLD)
        };
        for tag in due {
            send(&channel, tag, false).await;
        }
    }
}

async fn send(channel: &Channel, tag: u64, multiple: bool) {
    // A failure means the channel is gone: RabbitMQ delivers the messages
    // again, and their recorded events are published again.
    if let Err(e) = channel.basic_ack(tag, BasicAckOptions { multiple }).await {
        debug!(error = %e, tag, multiple, "basic.ack not sent");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window() -> Window {
        Window::new()
    }

    fn settle(w: &mut Window, tag: u64, ack: bool, at: Instant) {
        w.settle(tag, ack, at);
    }

    #[test]
    fn a_delivery_stuck_too_long_stops_batching() {
        let now = Instant::now();
        let mut w = window();
        for tag in 2..(HELD_MAX as u64 + 3) {
            settle(&mut w, tag, false, now);
        }
        assert!(!w.batching);
        settle(&mut w, 1, true, now);
        assert_eq!(w.advance(), None, "no multiple ack past a stuck tag");
        assert_eq!(w.overdue(now), vec![1]);
        assert!(w.settled.is_empty());
    }

    #[test]
    fn a_run_is_covered_by_its_highest_tag_to_acknowledge() {
        let now = Instant::now();
        let mut w = window();
        settle(&mut w, 2, true, now);
        settle(&mut w, 3, false, now);
        assert_eq!(w.advance(), None, "tag 1 is still in flight");
        settle(&mut w, 1, true, now);
        // 3 was nacked: the multiple ack stops at 2, a tag still unacked.
        assert_eq!(w.advance(), Some(2));
        assert_eq!(w.next, 4);
        assert!(w.settled.is_empty());
    }

    #[test]
    fn a_delivery_held_back_is_acknowledged_on_its_own_after_the_hold() {
        let now = Instant::now();
        let mut w = window();
        settle(&mut w, 2, true, now);
        settle(&mut w, 3, true, now);
        assert_eq!(w.advance(), None);
        assert_eq!(w.overdue(now), Vec::<u64>::new());
        assert_eq!(w.deadline(), Some(now + HOLD));
        assert_eq!(w.overdue(now + HOLD), vec![2, 3]);
        assert_eq!(w.deadline(), None);
        // When 1 is settled, the run needs only its own ack.
        settle(&mut w, 1, true, now);
        assert_eq!(w.advance(), Some(1));
        assert_eq!(w.next, 4);
    }
}
