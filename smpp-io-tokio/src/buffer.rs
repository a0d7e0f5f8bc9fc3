//! Heap storage for the adapter's sessions: it starts small and grows only
//! when a long PDU (or a burst of queued ones) needs it, so a server holding
//! thousands of idle sessions pays for small buffers, while a session that
//! receives a 60 KiB message_payload still can.

use smpp_proto::session::Buffer;

/// A [`Buffer`] on the heap that grows from `initial` bytes up to `limit`,
/// and is freed entirely when the session is idle (it comes back at
/// `initial` bytes with the next PDU).
#[derive(Debug, Clone)]
pub struct HeapBuffer {
    bytes: Vec<u8>,
    initial: usize,
    limit: usize,
}

impl HeapBuffer {
    /// `initial` bytes now, growing to at most `limit`.
    pub fn new(initial: usize, limit: usize) -> Self {
        let initial = initial.min(limit);
        HeapBuffer {
            bytes: vec![0; initial],
            initial,
            limit,
        }
    }

    /// Bytes allocated now.
    pub fn capacity(&self) -> usize {
        self.bytes.len()
    }
}

impl Buffer for HeapBuffer {
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
        self.bytes = Vec::new();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_to_the_limit_and_shrinks_back() {
        let mut b = HeapBuffer::new(16, 100);
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
