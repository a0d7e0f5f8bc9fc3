//! The session's receive and transmit storage. The caller picks it: fixed
//! arrays (the default, nothing allocates, an MCU can make them small), a
//! `&mut [u8]` from a `static`, or a growable buffer that starts small and
//! grows to the largest PDU only when one arrives (a server holding
//! thousands of idle sessions): [`VecBuffer`] (feature `alloc`), or one of
//! its own.

use crate::codec::{field, CommandStatus, Encode, InterfaceVersion};

use super::event::SendError;

/// Storage for a session's received or outgoing bytes.
///
/// The receive buffer bounds the largest PDU the session accepts (its
/// [`Buffer::limit`] caps `Config::max_command_length`, SMPP 3.4 §3.2); the
/// transmit buffer bounds the bytes queued for the socket. Fixed storage
/// (`[u8; N]`, `&mut [u8]`) never changes size. Growable storage reports
/// a larger `limit` than its current length and grows when a PDU needs it.
pub trait Buffer {
    /// The storage as it is now; its length is the current capacity.
    fn as_slice(&self) -> &[u8];

    /// The storage as it is now, writable.
    fn as_mut_slice(&mut self) -> &mut [u8];

    /// The largest capacity it can reach. Fixed storage: its length.
    fn limit(&self) -> usize {
        self.as_slice().len()
    }

    /// Grows to at least `len` bytes (at most [`Buffer::limit`]), keeping
    /// the contents. Fixed storage does nothing.
    fn grow(&mut self, len: usize) {
        let _ = len;
    }

    /// Called by [`SessionWith::shrink_buffers`](super::SessionWith::shrink_buffers)
    /// when the buffer holds nothing: growable storage may give memory back.
    fn shrink(&mut self) {}
}

impl<const N: usize> Buffer for [u8; N] {
    fn as_slice(&self) -> &[u8] {
        self
    }
    fn as_mut_slice(&mut self) -> &mut [u8] {
        self
    }
}

impl Buffer for &mut [u8] {
    fn as_slice(&self) -> &[u8] {
        self
    }
    fn as_mut_slice(&mut self) -> &mut [u8] {
        self
    }
}

/// Storage on the heap that grows from `initial` bytes up to `limit` when
/// a long PDU (or a burst of queued ones) needs it, and is freed entirely
/// by [`Buffer::shrink`] (the session calls it from
/// [`SessionWith::shrink_buffers`](super::SessionWith::shrink_buffers) when
/// the buffer is empty); it comes back at `initial` bytes with the next PDU.
///
/// Feature `alloc`. The tokio adapter's sessions use it.
///
/// ```
/// use smpp_proto::session::{Config, SessionWith, VecBuffer};
/// use smpp_proto::time::Instant;
///
/// // 1 KiB each to start with; a PDU of up to 64 KiB still gets through.
/// let session: SessionWith<16, VecBuffer, VecBuffer> = SessionWith::with_buffers(
///     Config::esme(),
///     Instant::ZERO,
///     VecBuffer::new(1024, 64 * 1024),
///     VecBuffer::new(1024, 64 * 1024),
/// );
/// # let _ = session;
/// ```
#[cfg(feature = "alloc")]
#[derive(Debug, Clone, Default)]
pub struct VecBuffer {
    bytes: alloc::vec::Vec<u8>,
    initial: usize,
    limit: usize,
}

#[cfg(feature = "alloc")]
impl VecBuffer {
    /// `initial` bytes now (at most `limit`), growing to at most `limit`.
    pub fn new(initial: usize, limit: usize) -> Self {
        let initial = initial.min(limit);
        VecBuffer {
            bytes: alloc::vec![0; initial],
            initial,
            limit,
        }
    }

    /// Bytes allocated now.
    pub fn capacity(&self) -> usize {
        self.bytes.len()
    }
}

#[cfg(feature = "alloc")]
impl Buffer for VecBuffer {
    fn as_slice(&self) -> &[u8] {
        &self.bytes
    }

    fn as_mut_slice(&mut self) -> &mut [u8] {
        &mut self.bytes
    }

    fn limit(&self) -> usize {
        self.limit
    }

    fn grow(&mut self, len: usize) {
        let len = len.max(self.initial).min(self.limit);
        if len > self.bytes.len() {
            self.bytes.resize(len, 0);
        }
    }

    fn shrink(&mut self) {
        self.bytes = alloc::vec::Vec::new();
    }
}

/// Storage with the bytes in use between `start` and `end`: the part the
/// receive and transmit buffers share.
#[derive(Debug)]
struct Bytes<B> {
    buf: B,
    start: usize,
    end: usize,
}

impl<B: Buffer> Bytes<B> {
    const fn new(buf: B) -> Self {
        Bytes {
            buf,
            start: 0,
            end: 0,
        }
    }

    fn capacity(&self) -> usize {
        self.buf.as_slice().len()
    }

    fn len(&self) -> usize {
        self.end - self.start
    }

    fn data(&self) -> &[u8] {
        self.buf
            .as_slice()
            .get(self.start..self.end)
            .unwrap_or_default()
    }

    /// Drops `n` bytes from the front.
    fn consume(&mut self, n: usize) {
        self.start = (self.start + n).min(self.end);
        if self.start == self.end {
            self.clear();
        }
    }

    fn clear(&mut self) {
        self.start = 0;
        self.end = 0;
    }

    /// Moves the bytes in use to the front.
    fn compact(&mut self) {
        if self.start > 0 {
            self.buf.as_mut_slice().copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
    }

    /// The free bytes after the data.
    fn spare(&mut self) -> &mut [u8] {
        let end = self.end;
        self.buf.as_mut_slice().get_mut(end..).unwrap_or_default()
    }
}

/// Bytes received and not yet released. A PDU lent out in an event stays
/// until the next `poll_event` / `handle_input`.
#[derive(Debug)]
pub(crate) struct RxBuf<B>(Bytes<B>);

impl<B: Buffer> RxBuf<B> {
    pub(crate) const fn new(buf: B) -> Self {
        RxBuf(Bytes::new(buf))
    }

    fn capacity(&self) -> usize {
        self.0.capacity()
    }

    pub(crate) fn limit(&self) -> usize {
        self.0.buf.limit()
    }

    pub(crate) fn data(&self) -> &[u8] {
        self.0.data()
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// Drops `n` bytes from the front.
    pub(crate) fn consume(&mut self, n: usize) {
        self.0.consume(n);
    }

    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }

    /// Room for more bytes once the first `released` bytes are dropped
    /// (the PDUs the session has gone through but not yet let go of), the
    /// buffer compacted, and grown if the PDU then at the front needs it
    /// (see [`RxBuf::prepare`]).
    pub(crate) fn free(&self, max_command_length: usize, released: usize) -> usize {
        let kept = self.data().get(released..).unwrap_or_default();
        let room = self.capacity() - kept.len();
        let can_grow = self.capacity() < field::HEADER_LEN && self.limit() >= field::HEADER_LEN
            || self.needs_growth(kept, max_command_length).is_some();
        if room == 0 && can_grow {
            return 1;
        }
        room
    }

    /// The length of the PDU at the front when it does not fit the
    /// current capacity but would fit the limit.
    fn front_needs_growth(&self, max_command_length: usize) -> Option<usize> {
        self.needs_growth(self.data(), max_command_length)
    }

    /// The length of the PDU at the front of `data` when it does not fit
    /// the current capacity but would fit the limit.
    fn needs_growth(&self, data: &[u8], max_command_length: usize) -> Option<usize> {
        let len = data
            .get(..4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map(|b| u32::from_be_bytes(b) as usize)?;
        (len > self.capacity() && len <= max_command_length.min(self.limit())).then_some(len)
    }

    /// Makes room at the end: compacts when the end is reached, and grows
    /// the storage when the PDU at the front is longer than it.
    pub(crate) fn prepare(&mut self, max_command_length: usize) {
        if self.capacity() < field::HEADER_LEN {
            self.0.buf.grow(field::HEADER_LEN);
        }
        if let Some(len) = self.front_needs_growth(max_command_length) {
            self.0.compact();
            self.0.buf.grow(len);
        } else if self.0.end == self.capacity() {
            self.0.compact();
        }
    }

    /// Appends as much of `data` as fits; returns how much was taken.
    pub(crate) fn push(&mut self, data: &[u8]) -> usize {
        if self.capacity() - self.0.end < data.len() {
            self.0.compact();
        }
        let spare = self.0.spare();
        let n = data.len().min(spare.len());
        if let (Some(dst), Some(src)) = (spare.get_mut(..n), data.get(..n)) {
            dst.copy_from_slice(src);
            self.0.end += n;
            n
        } else {
            0
        }
    }

    /// The free bytes after the data, to read into.
    pub(crate) fn spare(&mut self) -> &mut [u8] {
        self.0.spare()
    }

    /// `n` bytes were written into [`RxBuf::spare`].
    pub(crate) fn filled(&mut self, n: usize) {
        self.0.end = (self.0.end + n).min(self.capacity());
    }

    pub(crate) fn shrink(&mut self) {
        if self.len() == 0 {
            self.0.clear();
            self.0.buf.shrink();
        }
    }
}

/// Encoded PDUs waiting for `poll_transmit`.
#[derive(Debug)]
pub(crate) struct TxBuf<B>(Bytes<B>);

impl<B: Buffer> TxBuf<B> {
    pub(crate) const fn new(buf: B) -> Self {
        TxBuf(Bytes::new(buf))
    }

    fn capacity(&self) -> usize {
        self.0.capacity()
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// The most bytes it can ever hold.
    pub(crate) fn limit(&self) -> usize {
        self.0.buf.limit().max(self.capacity())
    }

    /// Room for more bytes, growing the storage if it can.
    pub(crate) fn free(&self) -> usize {
        self.limit() - self.len()
    }

    /// Encodes `pdu` at the end, or fails with `TransmitFull` leaving the buffer as it was.
    pub(crate) fn write(
        &mut self,
        version: InterfaceVersion,
        status: CommandStatus,
        seq: u32,
        pdu: &dyn Encode,
    ) -> Result<(), SendError> {
        let len = pdu.encoded_len_for(version);
        if self.free() < len {
            return Err(SendError::TransmitFull);
        }
        if self.capacity() - self.0.end < len {
            self.0.compact();
        }
        let end = self.0.end;
        if self.capacity() - end < len {
            // Double, so a burst of PDUs grows it a few times, not once each.
            let want = (end + len).max(self.capacity().saturating_mul(2));
            self.0.buf.grow(want.min(self.limit()).max(end + len));
        }
        let out = self.0.spare();
        if out.len() < len {
            return Err(SendError::TransmitFull);
        }
        let n = pdu.encode_for(version, status, seq, out)?;
        self.0.end += n;
        Ok(())
    }

    /// Copies pending bytes into `out`; returns how many.
    pub(crate) fn drain(&mut self, out: &mut [u8]) -> usize {
        let n = out.len().min(self.len());
        if let (Some(dst), Some(src)) = (out.get_mut(..n), self.pending().get(..n)) {
            dst.copy_from_slice(src);
        }
        self.consume(n);
        n
    }

    pub(crate) fn pending(&self) -> &[u8] {
        self.0.data()
    }

    pub(crate) fn consume(&mut self, n: usize) {
        self.0.consume(n);
    }

    pub(crate) fn shrink(&mut self) {
        if self.len() == 0 {
            self.0.buf.shrink();
        }
    }
}

#[cfg(all(test, feature = "alloc"))]
mod tests {
    use super::*;
    use crate::codec::Pdu;

    fn growable(initial: usize, limit: usize) -> VecBuffer {
        VecBuffer::new(initial, limit)
    }

    #[test]
    fn rx_compacts_and_limits() {
        let mut rx = RxBuf::new([0u8; 8]);
        assert_eq!(rx.push(&[1, 2, 3, 4, 5, 6]), 6);
        rx.consume(4);
        assert_eq!(rx.push(&[7, 8, 9, 10, 11, 12, 13]), 6);
        assert_eq!(rx.data(), &[5, 6, 7, 8, 9, 10, 11, 12]);
        assert_eq!(rx.push(&[1]), 0);
        assert_eq!(rx.free(1000, 0), 0);
    }

    #[test]
    fn rx_counts_released_bytes_as_room() {
        // A read that exactly fills the buffer with PDUs the session went
        // through: the room they leave counts before they are dropped.
        let mut rx = RxBuf::new([0u8; 32]);
        assert_eq!(rx.push(&[0; 32]), 32);
        assert_eq!(rx.free(1000, 0), 0);
        assert_eq!(rx.free(1000, 16), 16);
        assert_eq!(rx.free(1000, 32), 32);
        assert_eq!(rx.free(1000, 99), 32, "never more than was received");
    }

    #[test]
    fn rx_grows_for_a_long_pdu_only() {
        let mut rx = RxBuf::new(growable(32, 100));
        // A 60-octet PDU: the first 32 octets fill the buffer.
        let mut pdu = [7u8; 60];
        pdu[..4].copy_from_slice(&60u32.to_be_bytes());
        assert_eq!(rx.push(&pdu), 32);
        assert_eq!(rx.free(1000, 0), 1, "the front PDU needs growth");
        rx.prepare(1000);
        assert_eq!(rx.spare().len(), 28);
        assert_eq!(rx.push(&pdu[32..]), 28);
        assert_eq!(rx.data(), &pdu[..]);
        rx.consume(60);
        rx.shrink();
        assert_eq!(rx.capacity(), 0, "freed when empty");
        rx.prepare(1000);
        assert_eq!(rx.capacity(), 32, "back at the initial size");
        // Above max_command_length, or above the limit: no growth.
        let mut big = [0u8; 40];
        big[..4].copy_from_slice(&200u32.to_be_bytes());
        rx.push(&big);
        assert_eq!(rx.free(1000, 0), 0);
        rx.prepare(1000);
        assert_eq!(rx.capacity(), 32);
    }

    #[test]
    fn rx_freed_entirely_comes_back_on_the_next_read() {
        let mut rx = RxBuf::new(growable(0, 100));
        assert_eq!(
            rx.free(1000, 0),
            1,
            "an empty buffer that can grow still wants input"
        );
        rx.prepare(1000);
        assert!(rx.spare().len() >= field::HEADER_LEN);
        // Fixed storage too small for a header never pretends to want input.
        let rx = RxBuf::new([0u8; 0]);
        assert_eq!(rx.free(1000, 0), 0);
    }

    #[test]
    fn rx_reads_into_spare() {
        let mut rx = RxBuf::new([0u8; 8]);
        rx.spare()[..3].copy_from_slice(&[1, 2, 3]);
        rx.filled(3);
        rx.consume(2);
        assert_eq!(rx.data(), &[3]);
        assert_eq!(rx.spare().len(), 5);
        rx.filled(5);
        rx.prepare(100);
        assert_eq!(rx.spare().len(), 2, "compacted once the end was reached");
    }

    #[test]
    fn tx_refuses_when_full() {
        let mut tx = TxBuf::new([0u8; 40]);
        let v = InterfaceVersion::V34;
        tx.write(v, CommandStatus::ESME_ROK, 1, &Pdu::EnquireLink)
            .unwrap();
        tx.write(v, CommandStatus::ESME_ROK, 2, &Pdu::EnquireLink)
            .unwrap();
        assert_eq!(
            tx.write(v, CommandStatus::ESME_ROK, 3, &Pdu::EnquireLink),
            Err(SendError::TransmitFull)
        );
        let mut out = [0u8; 20];
        assert_eq!(tx.drain(&mut out), 20);
        tx.write(v, CommandStatus::ESME_ROK, 3, &Pdu::EnquireLink)
            .unwrap();
        assert_eq!(tx.len(), 28);
    }

    #[test]
    fn tx_grows_to_its_limit() {
        let mut tx = TxBuf::new(growable(16, 64));
        let v = InterfaceVersion::V34;
        for seq in 1..=4 {
            tx.write(v, CommandStatus::ESME_ROK, seq, &Pdu::EnquireLink)
                .unwrap();
        }
        assert_eq!(
            tx.write(v, CommandStatus::ESME_ROK, 5, &Pdu::EnquireLink),
            Err(SendError::TransmitFull)
        );
        assert_eq!(tx.pending().len(), 64);
        tx.consume(64);
        tx.shrink();
        assert_eq!(tx.capacity(), 0);
    }

    #[test]
    fn vec_buffer_grows_to_the_limit_and_shrinks_back() {
        let mut b = VecBuffer::new(16, 100);
        b.grow(50);
        assert_eq!(b.capacity(), 50);
        b.grow(500);
        assert_eq!(b.capacity(), 100);
        b.shrink();
        assert_eq!(b.capacity(), 0);
        assert_eq!(b.limit(), 100);
        b.grow(1);
        assert_eq!(b.capacity(), 16, "back at the initial size");
    }
}
