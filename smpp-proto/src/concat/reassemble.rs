//! Reassembling inbound concatenated messages in a fixed-capacity store.
//!
//! Read before editing: 3GPP TS 23.040 §9.2.3.24.1 (parts of one message
//! share a reference, come in any order, and are told apart by originator,
//! recipient and reference); SMPP 3.4 §5.3.2.22–24 (the same with SAR TLVs).
//!
//! Parts are keyed by (source_addr, destination_addr, [`Reference`]); an
//! 8-bit, a 16-bit and a SAR reference of the same value are different
//! messages. The store never allocates: `M` messages in progress, up to `P`
//! parts each, `B` payload octets each. Out-of-order parts are put in order
//! when the message completes; a duplicated part is ignored and reported; a
//! full store, an oversized message or inconsistent parts are errors. The
//! caller owns the clock: a message still incomplete `timeout` after its
//! first part is handed back by [`Reassembler::handle_timeout`], never
//! dropped silently.

use core::fmt;

use super::udh::{Concat, Reference, Segment};
use crate::text::{decode, decode_packed, fill_bits, Encoding, Gsm7Tables, Packing, TextError};
use crate::time::{Duration, Instant};

/// The longest source or destination address kept (data_sm allows 65 octets).
pub const MAX_ADDR: usize = 65;

/// Why a part was not stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum ReassemblyError {
    /// Every slot holds a message in progress.
    Full,
    /// The message's payloads exceed the per-message byte capacity.
    TooLarge,
    /// The message has more parts than a slot holds.
    TooManyParts {
        /// The part's `total`.
        total: u8,
    },
    /// source_addr or destination_addr is longer than [`MAX_ADDR`].
    AddressTooLong,
    /// A part names the same message as one in progress with another total.
    TotalMismatch {
        /// Total of the message in progress.
        expected: u8,
        /// Total of this part.
        got: u8,
    },
}

impl fmt::Display for ReassemblyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReassemblyError::Full => f.write_str("reassembly store full"),
            ReassemblyError::TooLarge => f.write_str("message too large for a reassembly slot"),
            ReassemblyError::TooManyParts { total } => {
                write!(
                    f,
                    "message of {total} parts exceeds the slot's part capacity"
                )
            }
            ReassemblyError::AddressTooLong => f.write_str("address too long"),
            ReassemblyError::TotalMismatch { expected, got } => write!(
                f,
                "part says {got} parts, the message in progress has {expected}"
            ),
        }
    }
}

impl core::error::Error for ReassemblyError {}

#[derive(Debug, Clone, Copy)]
struct Addr {
    len: u8,
    bytes: [u8; MAX_ADDR],
}

impl Addr {
    const EMPTY: Addr = Addr {
        len: 0,
        bytes: [0; MAX_ADDR],
    };

    fn new(a: &[u8]) -> Option<Addr> {
        let mut bytes = [0; MAX_ADDR];
        bytes.get_mut(..a.len())?.copy_from_slice(a);
        Some(Addr {
            len: a.len() as u8,
            bytes,
        })
    }

    fn as_slice(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or_default()
    }
}

/// Where one stored part sits in its slot.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stored {
    present: bool,
    start: usize,
    len: usize,
    udh_len: u8,
    tables: Gsm7Tables,
}

impl Stored {
    const EMPTY: Stored = Stored {
        present: false,
        start: 0,
        len: 0,
        udh_len: 0,
        tables: Gsm7Tables::DEFAULT,
    };
}

#[derive(Debug, Clone)]
struct Slot<const P: usize, const B: usize> {
    used: bool,
    source: Addr,
    destination: Addr,
    reference: Reference,
    total: u8,
    received: u8,
    deadline: Instant,
    parts: [Stored; P],
    filled: usize,
    data: [u8; B],
}

impl<const P: usize, const B: usize> Slot<P, B> {
    const EMPTY: Self = Slot {
        used: false,
        source: Addr::EMPTY,
        destination: Addr::EMPTY,
        reference: Reference::Udh8(0),
        total: 0,
        received: 0,
        deadline: Instant::ZERO,
        parts: [Stored::EMPTY; P],
        filled: 0,
        data: [0; B],
    };

    fn matches(&self, source: &[u8], destination: &[u8], reference: Reference) -> bool {
        self.used
            && self.reference == reference
            && self.source.as_slice() == source
            && self.destination.as_slice() == destination
    }

    /// Moves the stored payloads into `seq` order, back to back from 0.
    fn reorder(&mut self) {
        let mut at = 0;
        for i in 0..P {
            let Some(&p) = self.parts.get(i) else { break };
            if !p.present {
                continue;
            }
            if p.start != at {
                // Parts already placed lie below `at`; the chunk moves down
                // over the ones not yet placed, which shift up by its length.
                if let Some(window) = self.data.get_mut(at..p.start + p.len) {
                    window.rotate_right(p.len);
                }
                for q in self.parts.iter_mut() {
                    if q.present && q.start >= at && q.start < p.start {
                        q.start += p.len;
                    }
                }
                if let Some(q) = self.parts.get_mut(i) {
                    q.start = at;
                }
            }
            at += p.len;
        }
    }

    fn message(&mut self) -> Message<'_> {
        self.reorder();
        let len: usize = self.parts.iter().filter(|p| p.present).map(|p| p.len).sum();
        Message {
            source: self.source.as_slice(),
            destination: self.destination.as_slice(),
            reference: Some(self.reference),
            total: self.total,
            received: self.received,
            data: self.data.get(..len).unwrap_or_default(),
            parts: Parts::Slot(
                self.parts
                    .get(..usize::from(self.total))
                    .unwrap_or_default(),
            ),
            release: Some(&mut self.used),
        }
    }
}

/// A message completed lately: a copy of one of its parts that arrives
/// until `until` (an SMSC retrying a deliver_sm whose response it missed) is
/// a duplicate, not the first part of a new message. Matched by key, part
/// count and the part's payload digest, so a new message that happens to
/// reuse the 8-bit reference is not mistaken for a copy.
#[derive(Debug, Clone)]
struct Done<const P: usize> {
    source: Addr,
    destination: Addr,
    reference: Reference,
    total: u8,
    until: Instant,
    digests: [u32; P],
}

impl<const P: usize> Done<P> {
    const EMPTY: Self = Done {
        source: Addr::EMPTY,
        destination: Addr::EMPTY,
        reference: Reference::Udh8(0),
        total: 0,
        until: Instant::ZERO,
        digests: [0; P],
    };

    fn is_copy(
        &self,
        now: Instant,
        source: &[u8],
        destination: &[u8],
        concat: &Concat,
        payload: &[u8],
    ) -> bool {
        self.until > now
            && self.total == concat.total
            && self.reference == concat.reference
            && self.source.as_slice() == source
            && self.destination.as_slice() == destination
            && self.digests.get(usize::from(concat.seq).wrapping_sub(1)) == Some(&digest(payload))
    }
}

/// FNV-1a: enough to tell one part's payload from another's.
fn digest(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// The outcome of [`Reassembler::push`].
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug)]
pub enum Pushed<'m> {
    /// Stored; the message waits for more parts.
    Stored {
        /// Parts received so far.
        received: u8,
        /// Parts in the message.
        total: u8,
    },
    /// This part was already stored: the copy is ignored.
    Duplicate {
        /// The part's number.
        seq: u8,
    },
    /// The message is complete (or was never split). Its slot is freed when
    /// the [`Message`] is dropped.
    Complete(Message<'m>),
}

/// A fixed-capacity store of concatenated messages in progress: `M`
/// messages, `P` parts and `B` payload octets each.
///
/// ```
/// use smpp_proto::concat::{Pushed, Reassembler, Segment};
/// use smpp_proto::text::{Encoding, Packing};
/// use smpp_proto::time::{Duration, Instant};
/// use smpp_proto::Tlvs;
///
/// let mut store: Reassembler<4, 8, 1024> = Reassembler::new(Duration::from_secs(60));
/// let now = Instant::ZERO;
/// let part2 = [5, 0, 3, 7, 2, 2, b'l', b'd'];
/// let part1 = [5, 0, 3, 7, 2, 1, b'w', b'o', b'r'];
/// let s2 = Segment::new(0x40, &part2, &Tlvs::EMPTY).unwrap();
/// assert!(matches!(store.push(now, b"4477", b"123", &s2), Ok(Pushed::Stored { .. })));
/// let s1 = Segment::new(0x40, &part1, &Tlvs::EMPTY).unwrap();
/// let Ok(Pushed::Complete(msg)) = store.push(now, b"4477", b"123", &s1) else { panic!() };
/// assert_eq!(msg.payload(), b"world");
/// let mut buf = [0u8; 32];
/// assert_eq!(msg.decode_into(Encoding::GSM7, Packing::Unpacked, &mut buf), Ok("world"));
/// ```
#[derive(Debug, Clone)]
pub struct Reassembler<const M: usize, const P: usize, const B: usize> {
    timeout: Duration,
    slots: [Slot<P, B>; M],
    /// The last `M` messages completed, for dropping late copies of their parts.
    done: [Done<P>; M],
    next_done: usize,
}

#[cfg(feature = "defmt")]
impl<const M: usize, const P: usize, const B: usize> defmt::Format for Reassembler<M, P, B> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "Reassembler {{ in_progress: {}, capacity: {} }}",
            self.in_progress(),
            M
        )
    }
}

impl<const M: usize, const P: usize, const B: usize> Reassembler<M, P, B> {
    /// An empty store; a message is given up `timeout` after its first part.
    pub const fn new(timeout: Duration) -> Self {
        Reassembler {
            timeout,
            slots: [Slot::EMPTY; M],
            done: [Done::EMPTY; M],
            next_done: 0,
        }
    }

    /// Messages in progress.
    pub fn in_progress(&self) -> usize {
        self.slots.iter().filter(|s| s.used).count()
    }

    /// Takes one received part. A segment without concatenation
    /// information, or of a single part, completes at once without using a
    /// slot.
    pub fn push<'m>(
        &'m mut self,
        now: Instant,
        source: &'m [u8],
        destination: &'m [u8],
        segment: &Segment<'m>,
    ) -> Result<Pushed<'m>, ReassemblyError> {
        let stored = Stored {
            present: true,
            start: 0,
            len: segment.payload.len(),
            udh_len: segment.udh_len() as u8,
            tables: segment.tables,
        };
        let Some(concat) = segment.concat.filter(|c| c.total > 1) else {
            return Ok(Pushed::Complete(Message {
                source,
                destination,
                reference: segment.concat.map(|c| c.reference),
                total: 1,
                received: 1,
                data: segment.payload,
                parts: Parts::Single(stored),
                release: None,
            }));
        };
        if source.len() > MAX_ADDR || destination.len() > MAX_ADDR {
            return Err(ReassemblyError::AddressTooLong);
        }
        if usize::from(concat.total) > P {
            return Err(ReassemblyError::TooManyParts {
                total: concat.total,
            });
        }
        let index = match self
            .slots
            .iter()
            .position(|s| s.matches(source, destination, concat.reference))
        {
            Some(i) => i,
            None => {
                if self
                    .done
                    .iter()
                    .any(|d| d.is_copy(now, source, destination, &concat, segment.payload))
                {
                    // A late copy of a part of a message already handed over.
                    return Ok(Pushed::Duplicate { seq: concat.seq });
                }
                if segment.payload.len() > B {
                    return Err(ReassemblyError::TooLarge);
                }
                let i = self
                    .slots
                    .iter()
                    .position(|s| !s.used)
                    .ok_or(ReassemblyError::Full)?;
                let slot = self.slots.get_mut(i).ok_or(ReassemblyError::Full)?;
                slot.used = true;
                slot.source = Addr::new(source).ok_or(ReassemblyError::AddressTooLong)?;
                slot.destination = Addr::new(destination).ok_or(ReassemblyError::AddressTooLong)?;
                slot.reference = concat.reference;
                slot.total = concat.total;
                slot.received = 0;
                slot.deadline = now + self.timeout;
                slot.parts = [Stored::EMPTY; P];
                slot.filled = 0;
                i
            }
        };
        let slot = self.slots.get_mut(index).ok_or(ReassemblyError::Full)?;
        if slot.total != concat.total {
            return Err(ReassemblyError::TotalMismatch {
                expected: slot.total,
                got: concat.total,
            });
        }
        let seq = concat.seq;
        let entry =
            slot.parts
                .get_mut(usize::from(seq) - 1)
                .ok_or(ReassemblyError::TooManyParts {
                    total: concat.total,
                })?;
        if entry.present {
            return Ok(Pushed::Duplicate { seq });
        }
        let start = slot.filled;
        let dst = slot
            .data
            .get_mut(start..start + segment.payload.len())
            .ok_or(ReassemblyError::TooLarge)?;
        dst.copy_from_slice(segment.payload);
        *entry = Stored { start, ..stored };
        slot.filled += segment.payload.len();
        slot.received += 1;
        if slot.received < slot.total {
            return Ok(Pushed::Stored {
                received: slot.received,
                total: slot.total,
            });
        }
        if M > 0 {
            let mut done = Done {
                source: slot.source,
                destination: slot.destination,
                reference: slot.reference,
                total: slot.total,
                until: now + self.timeout,
                digests: [0; P],
            };
            for (d, p) in done.digests.iter_mut().zip(slot.parts.iter()) {
                *d = digest(slot.data.get(p.start..p.start + p.len).unwrap_or_default());
            }
            if let Some(entry) = self.done.get_mut(self.next_done % M) {
                *entry = done;
            }
            self.next_done = self.next_done.wrapping_add(1);
        }
        Ok(Pushed::Complete(slot.message()))
    }

    /// When [`Reassembler::handle_timeout`] has something to report: the
    /// earliest deadline of the messages in progress.
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.slots
            .iter()
            .filter(|s| s.used)
            .map(|s| s.deadline)
            .min()
    }

    /// Hands back one message whose deadline has passed, incomplete, with
    /// the parts received; its slot is freed when it is dropped. Call until
    /// it returns `None`.
    pub fn handle_timeout(&mut self, now: Instant) -> Option<Message<'_>> {
        let slot = self
            .slots
            .iter_mut()
            .filter(|s| s.used && s.deadline <= now)
            .min_by_key(|s| s.deadline)?;
        Some(slot.message())
    }

    /// Drops every message in progress, and forgets the completed ones.
    pub fn clear(&mut self) {
        for s in &mut self.slots {
            s.used = false;
        }
        for d in &mut self.done {
            d.until = Instant::ZERO;
        }
    }
}

#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug)]
enum Parts<'m> {
    Single(Stored),
    Slot(&'m [Stored]),
}

/// A reassembled message (or, from [`Reassembler::handle_timeout`], what
/// arrived of one). Frees its slot when dropped.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug)]
pub struct Message<'m> {
    source: &'m [u8],
    destination: &'m [u8],
    reference: Option<Reference>,
    total: u8,
    received: u8,
    data: &'m [u8],
    parts: Parts<'m>,
    release: Option<&'m mut bool>,
}

impl Drop for Message<'_> {
    fn drop(&mut self) {
        if let Some(used) = self.release.take() {
            *used = false;
        }
    }
}

/// One received part of a [`Message`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ReceivedPart<'m> {
    /// The part's number, from 1.
    pub seq: u8,
    /// Its user data after the UDH.
    pub payload: &'m [u8],
    /// Octets of its UDH (0 without one); GSM 7 bit packed text starts
    /// after `fill_bits(udh_len)` bits.
    pub udh_len: usize,
    /// The GSM 7 bit tables its UDH announced.
    pub tables: Gsm7Tables,
}

impl<'m> Message<'m> {
    /// The source_addr the parts came from.
    pub fn source_addr(&self) -> &[u8] {
        self.source
    }

    /// The destination_addr the parts went to.
    pub fn destination_addr(&self) -> &[u8] {
        self.destination
    }

    /// The concatenation reference (`None` for a message that was never split).
    pub fn reference(&self) -> Option<Reference> {
        self.reference
    }

    /// Parts in the message.
    pub fn total(&self) -> u8 {
        self.total
    }

    /// Parts received.
    pub fn received(&self) -> u8 {
        self.received
    }

    /// `true` when every part arrived.
    pub fn is_complete(&self) -> bool {
        self.received == self.total
    }

    /// The payloads of the received parts, in order, back to back.
    pub fn payload(&self) -> &[u8] {
        self.data
    }

    /// The received parts in order.
    pub fn parts(&self) -> impl Iterator<Item = ReceivedPart<'_>> + '_ {
        let (single, slots) = match &self.parts {
            Parts::Single(p) => (Some(*p), &[][..]),
            Parts::Slot(s) => (None, *s),
        };
        let data = self.data;
        let to_part = move |seq: usize, p: &Stored| ReceivedPart {
            seq: seq as u8,
            payload: data.get(p.start..p.start + p.len).unwrap_or_default(),
            udh_len: usize::from(p.udh_len),
            tables: p.tables,
        };
        single.into_iter().map(move |p| to_part(1, &p)).chain(
            slots
                .iter()
                .enumerate()
                .filter(|(_, p)| p.present)
                .map(move |(i, p)| to_part(i + 1, p)),
        )
    }

    /// The numbers of the parts that did not arrive.
    pub fn missing(&self) -> impl Iterator<Item = u8> + '_ {
        let slots = match &self.parts {
            Parts::Single(_) => &[][..],
            Parts::Slot(s) => *s,
        };
        slots
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.present)
            .map(|(i, _)| (i + 1) as u8)
    }

    /// Decodes the text into `buf` as UTF-8 (see [`crate::text::decode`]).
    ///
    /// `encoding` comes from the `data_coding` ([`crate::text::DataCoding::encoding`]);
    /// GSM 7 bit national tables announced in the UDH take precedence over
    /// its tables. Packed GSM 7 bit text is decoded part by part (each
    /// after its own fill bits); everything else as one stream, so that an
    /// escape or a surrogate pair a sender cut between parts still decodes.
    pub fn decode_into<'b>(
        &self,
        encoding: Encoding,
        packing: Packing,
        buf: &'b mut [u8],
    ) -> Result<&'b str, TextError> {
        let tables_of = |p: &ReceivedPart<'_>| match encoding {
            Encoding::Gsm7(t) if p.tables.is_default() => t,
            Encoding::Gsm7(_) => p.tables,
            _ => Gsm7Tables::DEFAULT,
        };
        let mut n = 0usize;
        let mut put = |c: char, buf: &mut [u8]| -> Result<(), TextError> {
            let dst = buf
                .get_mut(n..n + c.len_utf8())
                .ok_or(TextError::BufferTooSmall)?;
            c.encode_utf8(dst);
            n += c.len_utf8();
            Ok(())
        };
        match (encoding, packing) {
            (Encoding::Gsm7(_), Packing::Packed) => {
                for p in self.parts() {
                    let fill = fill_bits(p.udh_len);
                    for c in decode_packed(p.payload, tables_of(&p), fill, None) {
                        put(c?, buf)?;
                    }
                }
            }
            _ => {
                let encoding = match (encoding, self.parts().next()) {
                    (Encoding::Gsm7(_), Some(p)) => Encoding::Gsm7(tables_of(&p)),
                    _ => encoding,
                };
                for c in decode(self.data, encoding) {
                    put(c?, buf)?;
                }
            }
        }
        let written = buf.get(..n).ok_or(TextError::BufferTooSmall)?;
        // INVARIANT: only whole `char::encode_utf8` outputs were written.
        core::str::from_utf8(written).map_err(|_| TextError::BufferTooSmall)
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::super::udh::Concat;
    use super::*;
    use crate::codec::Tlvs;
    use std::vec;
    use std::vec::Vec;

    type Store = Reassembler<2, 4, 64>;

    fn part(r: u8, total: u8, seq: u8, payload: &[u8]) -> Vec<u8> {
        let mut v = vec![5, 0, 3, r, total, seq];
        v.extend_from_slice(payload);
        v
    }

    fn seg(data: &[u8]) -> Segment<'_> {
        Segment::new(0x40, data, &Tlvs::EMPTY).unwrap()
    }

    #[test]
    fn out_of_order_with_duplicates() {
        let mut s = Store::new(Duration::from_secs(10));
        let t = Instant::ZERO;
        let p3 = part(1, 3, 3, b"ghi");
        let p1 = part(1, 3, 1, b"a");
        let p2 = part(1, 3, 2, b"bcdef");
        assert!(matches!(
            s.push(t, b"a", b"b", &seg(&p3)),
            Ok(Pushed::Stored {
                received: 1,
                total: 3
            })
        ));
        assert!(matches!(
            s.push(t, b"a", b"b", &seg(&p3)),
            Ok(Pushed::Duplicate { seq: 3 })
        ));
        assert!(matches!(
            s.push(t, b"a", b"b", &seg(&p1)),
            Ok(Pushed::Stored { received: 2, .. })
        ));
        assert_eq!(s.in_progress(), 1);
        match s.push(t, b"a", b"b", &seg(&p2)).unwrap() {
            Pushed::Complete(m) => {
                assert_eq!(m.payload(), b"abcdefghi");
                assert!(m.is_complete());
                let seqs: Vec<_> = m.parts().map(|p| (p.seq, p.payload)).collect();
                assert_eq!(seqs, [(1, &b"a"[..]), (2, &b"bcdef"[..]), (3, &b"ghi"[..])]);
                assert_eq!(m.reference(), Some(Reference::Udh8(1)));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(s.in_progress(), 0);
    }

    #[test]
    fn a_late_copy_after_completion_is_a_duplicate_not_a_new_message() {
        let mut s = Store::new(Duration::from_secs(10));
        let t = Instant::ZERO;
        let p1 = part(9, 2, 1, b"hello ");
        let p2 = part(9, 2, 2, b"world");
        assert!(s.push(t, b"a", b"b", &seg(&p1)).is_ok());
        assert!(matches!(
            s.push(t, b"a", b"b", &seg(&p2)),
            Ok(Pushed::Complete(_))
        ));
        // The SMSC missed our deliver_sm_resp and sends part 1 again.
        let later = Instant::from_millis(3_000);
        assert!(matches!(
            s.push(later, b"a", b"b", &seg(&p1)),
            Ok(Pushed::Duplicate { seq: 1 })
        ));
        assert_eq!(s.in_progress(), 0, "no slot opened for the copy");
        // A new message that reuses reference 9 is not a copy: other text.
        let n1 = part(9, 2, 1, b"second ");
        assert!(matches!(
            s.push(later, b"a", b"b", &seg(&n1)),
            Ok(Pushed::Stored { received: 1, .. })
        ));
        // From another source, never a copy.
        assert!(matches!(
            s.push(t, b"z", b"b", &seg(&p1)),
            Ok(Pushed::Stored { .. })
        ));

        // Once the timeout has passed, the same bytes start a new message.
        let mut s = Store::new(Duration::from_secs(10));
        assert!(s.push(t, b"a", b"b", &seg(&p1)).is_ok());
        assert!(matches!(
            s.push(t, b"a", b"b", &seg(&p2)),
            Ok(Pushed::Complete(_))
        ));
        assert!(matches!(
            s.push(Instant::from_millis(10_001), b"a", b"b", &seg(&p1)),
            Ok(Pushed::Stored { .. })
        ));
        // clear() forgets completed messages too.
        let mut s = Store::new(Duration::from_secs(10));
        assert!(s.push(t, b"a", b"b", &seg(&p1)).is_ok());
        assert!(s.push(t, b"a", b"b", &seg(&p2)).is_ok());
        s.clear();
        assert!(matches!(
            s.push(t, b"a", b"b", &seg(&p1)),
            Ok(Pushed::Stored { .. })
        ));
    }

    #[test]
    fn keys_keep_messages_apart() {
        let mut s = Store::new(Duration::from_secs(10));
        let t = Instant::ZERO;
        let a = part(1, 2, 1, b"x");
        assert!(s.push(t, b"a", b"b", &seg(&a)).is_ok());
        assert!(s.push(t, b"c", b"b", &seg(&a)).is_ok());
        assert_eq!(s.in_progress(), 2);
        assert!(matches!(
            s.push(t, b"d", b"b", &seg(&a)),
            Err(ReassemblyError::Full)
        ));
        let other_total = part(1, 3, 1, b"x");
        assert!(matches!(
            s.push(t, b"a", b"b", &seg(&other_total)),
            Err(ReassemblyError::TotalMismatch {
                expected: 2,
                got: 3
            })
        ));
        let too_many = part(9, 5, 1, b"x");
        s.clear();
        assert!(matches!(
            s.push(t, b"a", b"b", &seg(&too_many)),
            Err(ReassemblyError::TooManyParts { total: 5 })
        ));
        let big = part(9, 2, 1, &[0; 65]);
        assert!(matches!(
            s.push(t, b"a", b"b", &seg(&big)),
            Err(ReassemblyError::TooLarge)
        ));
        let long = [b'1'; 66];
        assert!(matches!(
            s.push(t, &long, b"b", &seg(&a)),
            Err(ReassemblyError::AddressTooLong)
        ));
    }

    #[test]
    fn timeout_reports_incomplete() {
        let mut s = Store::new(Duration::from_secs(10));
        let p2 = part(4, 3, 2, b"mid");
        assert!(s
            .push(Instant::from_millis(5), b"a", b"b", &seg(&p2))
            .is_ok());
        assert_eq!(s.poll_timeout(), Some(Instant::from_millis(10_005)));
        assert!(s.handle_timeout(Instant::from_millis(10_004)).is_none());
        {
            let m = s.handle_timeout(Instant::from_millis(10_005)).unwrap();
            assert!(!m.is_complete());
            assert_eq!((m.received(), m.total()), (1, 3));
            assert_eq!(m.payload(), b"mid");
            assert_eq!(m.missing().collect::<Vec<_>>(), [1, 3]);
            assert_eq!(m.source_addr(), b"a");
        }
        assert_eq!(s.in_progress(), 0);
        assert_eq!(s.poll_timeout(), None);
    }

    #[test]
    fn single_messages_pass_through() {
        let mut s = Store::new(Duration::from_secs(10));
        let plain = Segment::new(0, b"hi", &Tlvs::EMPTY).unwrap();
        match s.push(Instant::ZERO, b"a", b"b", &plain).unwrap() {
            Pushed::Complete(m) => {
                assert_eq!(m.payload(), b"hi");
                assert_eq!(m.reference(), None);
                assert_eq!(m.parts().count(), 1);
            }
            other => panic!("{other:?}"),
        }
        let one_of_one = part(3, 1, 1, b"solo");
        assert!(matches!(
            s.push(Instant::ZERO, b"a", b"b", &seg(&one_of_one)),
            Ok(Pushed::Complete(_))
        ));
        assert_eq!(s.in_progress(), 0);
        let _ = Concat::new(Reference::Udh8(0), 1, 1);
    }
}
