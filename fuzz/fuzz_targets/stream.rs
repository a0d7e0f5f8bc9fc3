//! A byte stream fed whole and fed in chunks through a receive buffer gives
//! the same sequence of `read_pdu` outcomes, up to the first framing error
//! (or the trailing partial PDU). `Partial(n)` always asks for n > 0 bytes,
//! and never for more than the PDU that eventually completes needs.
//!
//! Input: `data[0] % 8` = k control bytes follow; chunk i has size
//! `control[i % k] + 1` (k = 0: one byte at a time). The rest is the stream.

#![no_main]

use libfuzzer_sys::fuzz_target;
use smpp_proto::codec::{read_pdu, ReadPdu, DEFAULT_MAX_COMMAND_LENGTH};

const MAX: u32 = DEFAULT_MAX_COMMAND_LENGTH;

fuzz_target!(|data: &[u8]| {
    let Some((&k, rest)) = data.split_first() else {
        return;
    };
    let k = usize::from(k % 8).min(rest.len());
    let (control, stream) = rest.split_at(k);

    // Whole: every complete PDU, then the final Partial or framing error.
    let mut whole = Vec::new();
    let mut off = 0;
    let end = loop {
        match read_pdu(&stream[off..], MAX) {
            Ok(ReadPdu::Complete {
                consumed,
                header,
                pdu,
            }) => {
                assert!(consumed >= 16 && consumed <= stream.len() - off);
                // A framed PDU's body error is answerable, never fatal.
                assert!(pdu.as_ref().err().is_none_or(|e| !e.is_fatal()), "{pdu:?}");
                whole.push((off, consumed, header, pdu));
                off += consumed;
            }
            Ok(ReadPdu::Partial(n)) => {
                assert!(n > 0, "Partial(0) whole at {off}");
                break Ok(n);
            }
            Err(e) => break Err(e),
        }
    };

    // Chunked: a receive buffer that is drained as PDUs complete.
    let mut buf: Vec<u8> = Vec::new();
    let mut fed = 0;
    let mut next = 0;
    let mut chunk = 0;
    let chunked_end = 'feed: loop {
        let size = control
            .get(chunk % k.max(1))
            .map_or(1, |&c| usize::from(c) + 1);
        chunk += 1;
        let take = size.min(stream.len() - fed);
        buf.extend_from_slice(&stream[fed..fed + take]);
        fed += take;
        loop {
            match read_pdu(&buf, MAX) {
                Ok(ReadPdu::Complete {
                    consumed,
                    header,
                    pdu,
                }) => {
                    let (w_off, w_consumed, w_header, w_pdu) = whole
                        .get(next)
                        .unwrap_or_else(|| panic!("extra PDU #{next}"));
                    assert_eq!(fed - buf.len(), *w_off, "PDU #{next} offset");
                    assert_eq!(consumed, *w_consumed, "PDU #{next} consumed");
                    assert_eq!(header, *w_header, "PDU #{next} header");
                    assert_eq!(pdu, *w_pdu, "PDU #{next} body");
                    next += 1;
                    buf.drain(..consumed);
                }
                Ok(ReadPdu::Partial(n)) => {
                    assert!(n > 0, "Partial(0) chunked");
                    // n bytes are needed before the PDU here can be complete.
                    if let Some((w_off, w_consumed, ..)) = whole.get(next) {
                        assert!(buf.len() + n <= *w_consumed, "Partial({n}) at {w_off}");
                    }
                    if fed == stream.len() {
                        break 'feed Ok(n);
                    }
                    continue 'feed;
                }
                Err(e) => break 'feed Err(e),
            }
        }
    };
    assert_eq!(next, whole.len(), "PDU count");
    assert_eq!(fed - buf.len(), off, "bytes consumed");
    assert_eq!(chunked_end, end, "how the stream ends");
});
