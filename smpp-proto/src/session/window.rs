//! Outstanding requests and sequence numbers (SMPP 3.4 §2.6 "windowing",
//! §5.1.4: sequence_number runs 0x00000001–0x7FFFFFFF).

use crate::codec::CommandId;
use crate::time::Instant;

/// Highest sequence_number the spec allows; the next one after it is 1.
pub(crate) const MAX_SEQUENCE_NUMBER: u32 = 0x7FFF_FFFF;

/// A request this end sent and whose response it awaits; or one without a
/// response (alert_notification, outbind) whose [`super::Event::Sent`] is
/// not yet reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pending {
    pub(crate) sequence_number: u32,
    pub(crate) command_id: CommandId,
    pub(crate) deadline: Instant,
    /// The session's count of peer PDUs heard when this was sent (see
    /// `Core::heard`): the same count at its deadline means nothing since.
    pub(crate) heard: u32,
}

/// The window of outstanding requests plus the sequence number allocator.
#[derive(Debug)]
pub(crate) struct Window<const W: usize> {
    slots: heapless::Vec<Pending, W>,
    next: u32,
}

impl<const W: usize> Window<W> {
    pub(crate) const fn new() -> Self {
        Window {
            slots: heapless::Vec::new(),
            next: 1,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    pub(crate) fn contains(&self, seq: u32) -> bool {
        self.slots.iter().any(|p| p.sequence_number == seq)
    }

    /// The next sequence number not in flight (nor `also_busy`), wrapping
    /// from 0x7FFFFFFF to 1. At most W + 2 candidates are tried.
    pub(crate) fn next_sequence_number(&mut self, also_busy: Option<u32>) -> u32 {
        loop {
            let s = self.next;
            self.next = if s >= MAX_SEQUENCE_NUMBER { 1 } else { s + 1 };
            if !self.contains(s) && also_busy != Some(s) {
                return s;
            }
        }
    }

    /// For tests: start allocating at `seq`.
    #[cfg(any(fuzzing, feature = "test-hooks"))]
    pub(crate) fn set_next(&mut self, seq: u32) {
        self.next = seq.clamp(1, MAX_SEQUENCE_NUMBER);
    }

    pub(crate) fn push(&mut self, p: Pending) -> Result<(), Pending> {
        self.slots.push(p)
    }

    pub(crate) fn take(&mut self, seq: u32) -> Option<Pending> {
        let i = self.slots.iter().position(|p| p.sequence_number == seq)?;
        Some(self.slots.swap_remove(i))
    }

    pub(crate) fn get(&self, seq: u32) -> Option<&Pending> {
        self.slots.iter().find(|p| p.sequence_number == seq)
    }

    /// Removes and returns one request whose deadline has passed.
    pub(crate) fn take_expired(&mut self, now: Instant) -> Option<Pending> {
        let i = self
            .slots
            .iter()
            .position(|p| p.deadline <= now && p.command_id.has_response())?;
        Some(self.slots.swap_remove(i))
    }

    /// Removes and returns one request that has no response (its outcome is
    /// that it was written).
    pub(crate) fn take_sent(&mut self) -> Option<Pending> {
        let i = self
            .slots
            .iter()
            .position(|p| !p.command_id.has_response())?;
        Some(self.slots.swap_remove(i))
    }

    /// Removes and returns any request (used when the session closes).
    pub(crate) fn pop(&mut self) -> Option<Pending> {
        self.slots.pop()
    }

    pub(crate) fn earliest_deadline(&self) -> Option<Instant> {
        self.slots
            .iter()
            .filter(|p| p.command_id.has_response())
            .map(|p| p.deadline)
            .min()
    }

    pub(crate) fn has(&self, id: CommandId) -> bool {
        self.slots.iter().any(|p| p.command_id == id)
    }

    /// Outstanding message requests (`CommandId::is_message`).
    pub(crate) fn messages(&self) -> usize {
        self.slots
            .iter()
            .filter(|p| p.command_id.is_message())
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_and_skips_in_flight() {
        let mut w: Window<4> = Window::new();
        w.set_next(MAX_SEQUENCE_NUMBER);
        let a = w.next_sequence_number(None);
        assert_eq!(a, MAX_SEQUENCE_NUMBER);
        w.push(Pending {
            sequence_number: 1,
            command_id: CommandId::SUBMIT_SM,
            deadline: Instant::ZERO,
            heard: 0,
        })
        .unwrap();
        assert_eq!(w.next_sequence_number(Some(2)), 3);
    }
}
