//! The session's fixed receive and transmit buffers. Sizes are const
//! generics, so nothing allocates and an MCU can make them small.

use crate::codec::{CommandStatus, InterfaceVersion, Pdu};

use super::event::SendError;

/// Bytes received and not yet released. A PDU lent out in an event stays
/// until the next `poll_event` / `handle_input`.
#[derive(Debug)]
pub(crate) struct RxBuf<const N: usize> {
    buf: [u8; N],
    start: usize,
    end: usize,
}

impl<const N: usize> RxBuf<N> {
    pub(crate) const fn new() -> Self {
        RxBuf {
            buf: [0; N],
            start: 0,
            end: 0,
        }
    }

    pub(crate) fn data(&self) -> &[u8] {
        self.buf.get(self.start..self.end).unwrap_or_default()
    }

    pub(crate) fn len(&self) -> usize {
        self.end - self.start
    }

    /// Drops `n` bytes from the front.
    pub(crate) fn consume(&mut self, n: usize) {
        self.start = (self.start + n).min(self.end);
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        }
    }

    pub(crate) fn clear(&mut self) {
        self.start = 0;
        self.end = 0;
    }

    /// Room left once the buffer is compacted.
    pub(crate) fn free(&self) -> usize {
        N - self.len()
    }

    /// Appends as much of `data` as fits; returns how much was taken.
    pub(crate) fn push(&mut self, data: &[u8]) -> usize {
        if N - self.end < data.len() && self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        let n = data.len().min(N - self.end);
        if let (Some(dst), Some(src)) = (self.buf.get_mut(self.end..self.end + n), data.get(..n)) {
            dst.copy_from_slice(src);
            self.end += n;
            n
        } else {
            0
        }
    }
}

/// Encoded PDUs waiting for `poll_transmit`.
#[derive(Debug)]
pub(crate) struct TxBuf<const N: usize> {
    buf: [u8; N],
    start: usize,
    end: usize,
}

impl<const N: usize> TxBuf<N> {
    pub(crate) const fn new() -> Self {
        TxBuf {
            buf: [0; N],
            start: 0,
            end: 0,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.end - self.start
    }

    pub(crate) fn free(&self) -> usize {
        N - self.len()
    }

    /// Encodes `pdu` at the end, or fails with `TransmitFull` leaving the buffer as it was.
    pub(crate) fn write(
        &mut self,
        version: InterfaceVersion,
        status: CommandStatus,
        seq: u32,
        pdu: &Pdu<'_>,
    ) -> Result<(), SendError> {
        let len = pdu.encoded_len_for(version);
        if self.free() < len {
            return Err(SendError::TransmitFull);
        }
        if N - self.end < len {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        let out = self
            .buf
            .get_mut(self.end..)
            .ok_or(SendError::TransmitFull)?;
        let n = pdu.encode_for(version, status, seq, out)?;
        self.end += n;
        Ok(())
    }

    /// Copies pending bytes into `out`; returns how many.
    pub(crate) fn drain(&mut self, out: &mut [u8]) -> usize {
        let n = out.len().min(self.len());
        if let (Some(dst), Some(src)) = (out.get_mut(..n), self.buf.get(self.start..self.start + n))
        {
            dst.copy_from_slice(src);
        }
        self.start += n;
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        }
        n
    }

    pub(crate) fn pending(&self) -> &[u8] {
        self.buf.get(self.start..self.end).unwrap_or_default()
    }

    pub(crate) fn consume(&mut self, n: usize) {
        self.start = (self.start + n).min(self.end);
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rx_compacts_and_limits() {
        let mut rx: RxBuf<8> = RxBuf::new();
        assert_eq!(rx.push(&[1, 2, 3, 4, 5, 6]), 6);
        rx.consume(4);
        assert_eq!(rx.push(&[7, 8, 9, 10, 11, 12, 13]), 6);
        assert_eq!(rx.data(), &[5, 6, 7, 8, 9, 10, 11, 12]);
        assert_eq!(rx.push(&[1]), 0);
    }

    #[test]
    fn tx_refuses_when_full() {
        let mut tx: TxBuf<40> = TxBuf::new();
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
}
