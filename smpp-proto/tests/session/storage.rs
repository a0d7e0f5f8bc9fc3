//! Caller-supplied storage (`SessionWith`): buffers that start small, grow
//! for a long PDU only, and shrink back when idle; reading straight into the
//! receive buffer.

use smpp_proto::codec::{Bind, SubmitSm, Tlv, TlvTag, Tlvs};
use smpp_proto::session::{BindType, Config, Event, SessionWith, VecBuffer};
use smpp_proto::time::Instant;

type Small = SessionWith<8, VecBuffer, VecBuffer>;

fn session(config: Config) -> Small {
    SessionWith::with_buffers(
        config,
        Instant::ZERO,
        VecBuffer::new(256, 70_000),
        VecBuffer::new(256, 70_000),
    )
}

/// Moves `from`'s pending bytes into `to` through its receive buffer, at
/// most `chunk` bytes per read, as a socket adapter would.
fn pump(from: &mut Small, to: &mut Small, chunk: usize) {
    let mut wire: Vec<u8> = from.pending_transmit().to_vec();
    let n = wire.len();
    from.transmitted(n);
    let mut guard = 0;
    while !wire.is_empty() {
        guard += 1;
        assert!(guard < 10_000, "no progress");
        let buf = to.receive_buffer();
        assert!(!buf.is_empty(), "the receiver stopped taking input");
        let n = buf.len().min(chunk).min(wire.len());
        buf[..n].copy_from_slice(&wire[..n]);
        to.handle_received(Instant::ZERO, n);
        wire.drain(..n);
        // An application polls after each read; enquire_link gives no event.
        assert!(to.poll_event().is_none());
    }
}

#[test]
fn long_pdu_grows_the_buffers_then_they_shrink() {
    let mut esme = session(Config::esme());
    let mut smsc = session(Config::smsc());
    let bind = Bind {
        system_id: b"user",
        password: b"pass",
        ..Bind::default()
    };
    let id = esme
        .bind(Instant::ZERO, BindType::Transceiver, &bind)
        .unwrap();
    let wire = esme.pending_transmit().to_vec();
    esme.transmitted(wire.len());
    assert_eq!(smsc.handle_input(Instant::ZERO, &wire), wire.len());
    let Some(Event::BindRequest { request, .. }) = smsc.poll_event() else {
        panic!("no bind request")
    };
    smsc.accept_bind(Instant::ZERO, request, b"smsc").unwrap();
    let wire = smsc.pending_transmit().to_vec();
    smsc.transmitted(wire.len());
    esme.handle_input(Instant::ZERO, &wire);
    assert!(matches!(esme.poll_event(), Some(Event::Bound { id: got, .. }) if got == id));

    // A 20,000-octet message_payload: far above the initial 256 octets.
    let payload: Vec<u8> = (0..20_000u32).map(|i| (i % 251) as u8).collect();
    let tlvs = [Tlv::new(TlvTag::MESSAGE_PAYLOAD, &payload)];
    let deliver = SubmitSm {
        source_addr: b"447700900001",
        destination_addr: b"1234",
        tlvs: Tlvs::List(&tlvs),
        ..SubmitSm::default()
    };
    smsc.deliver_sm(Instant::ZERO, &deliver).unwrap();
    assert!(
        smsc.pending_transmit().len() > 20_000,
        "the transmit buffer grew"
    );
    esme.handle_input(Instant::ZERO, &[]);
    // The receiver reads it 1,000 octets at a time into its own buffer.
    let wire = smsc.pending_transmit().to_vec();
    let total = wire.len();
    let mut offset = 0;
    while offset < total {
        let buf = esme.receive_buffer();
        assert!(!buf.is_empty(), "stalled at {offset} of {total}");
        let n = buf.len().min(1000).min(total - offset);
        buf[..n].copy_from_slice(&wire[offset..offset + n]);
        esme.handle_received(Instant::ZERO, n);
        offset += n;
        if offset < total {
            assert!(esme.poll_event().is_none());
        }
    }
    smsc.transmitted(total);
    match esme.poll_event() {
        Some(Event::Request { pdu, .. }) => {
            let smpp_proto::Pdu::DeliverSm(d) = pdu else {
                panic!("not a deliver_sm: {pdu:?}")
            };
            assert_eq!(d.tlvs.message_payload(), Some(&payload[..]));
        }
        other => panic!("no deliver_sm: {other:?}"),
    }
    assert!(esme.poll_event().is_none());
    // Answered, sent, and idle: both ends give the memory back.
    esme.shrink_buffers();
    smsc.shrink_buffers();
    assert!(
        esme.wants_input() && smsc.wants_input(),
        "freed buffers still take input"
    );
    assert_eq!(esme.receive_buffer().len(), 256);

    // Small PDUs after that flow through the small buffers, chunk by chunk.
    esme.enquire_link(Instant::ZERO).unwrap();
    pump(&mut esme, &mut smsc, 7);
    // enquire_link is answered by the session itself: 16 octets of enquire_link_resp.
    assert_eq!(smsc.pending_transmit().len(), 16);
    assert_eq!(smsc.pending_transmit()[4..8], [0x80, 0, 0, 0x15]);
}

#[test]
fn pdu_above_the_limit_is_refused() {
    let mut smsc: SessionWith<8, VecBuffer, VecBuffer> = SessionWith::with_buffers(
        Config::smsc(),
        Instant::ZERO,
        VecBuffer::new(64, 1024),
        VecBuffer::new(64, 1024),
    );
    assert_eq!(smsc.config().max_command_length, 1024);
    let mut header = Vec::new();
    header.extend_from_slice(&5000u32.to_be_bytes());
    header.extend_from_slice(&0x0000_0004u32.to_be_bytes());
    header.extend_from_slice(&[0; 8]);
    smsc.handle_input(Instant::ZERO, &header);
    let mut saw_error = false;
    while let Some(ev) = smsc.poll_event() {
        saw_error |= matches!(ev, Event::ProtocolError(_));
    }
    assert!(
        saw_error,
        "a 5000-octet command_length against a 1024 limit is an error"
    );
    assert!(smsc.receive_buffer().len() <= 1024);
}

#[test]
fn a_request_larger_than_the_transmit_buffer_fails_at_once() {
    use smpp_proto::session::{SendError, Session};
    let mut esme: Session<4, 256, 128> = Session::new(Config::esme(), Instant::ZERO);
    let mut smsc: Session<4, 256, 256> = Session::new(Config::smsc(), Instant::ZERO);
    let bind = Bind {
        system_id: b"u",
        password: b"p",
        ..Bind::default()
    };
    esme.bind(Instant::ZERO, BindType::Transmitter, &bind)
        .unwrap();
    let wire = esme.pending_transmit().to_vec();
    esme.transmitted(wire.len());
    smsc.handle_input(Instant::ZERO, &wire);
    let Some(Event::BindRequest { request, .. }) = smsc.poll_event() else {
        panic!("no bind request")
    };
    smsc.accept_bind(Instant::ZERO, request, b"s").unwrap();
    let wire = smsc.pending_transmit().to_vec();
    esme.handle_input(Instant::ZERO, &wire);
    assert!(matches!(esme.poll_event(), Some(Event::Bound { .. })));
    // 160 octets of text cannot fit a 128-octet transmit buffer, ever: an
    // error now, not `TransmitFull` (which means "retry after flushing").
    let sm = SubmitSm {
        destination_addr: b"1",
        short_message: &[b'x'; 160],
        ..SubmitSm::default()
    };
    assert!(matches!(
        esme.submit_sm(Instant::ZERO, &sm),
        Err(SendError::Encode(smpp_proto::EncodeError::BufferTooSmall {
            available: 128,
            ..
        }))
    ));
    assert_eq!(esme.outstanding(), 0);
    // A short one still goes.
    let sm = SubmitSm {
        destination_addr: b"1",
        short_message: b"hi",
        ..SubmitSm::default()
    };
    esme.submit_sm(Instant::ZERO, &sm).unwrap();
}

#[test]
fn a_read_that_fills_the_buffer_with_answered_pdus_keeps_reading() {
    // Issue 13.7: the adapter reads straight into the receive buffer and
    // asks `wants_input` before each read. A read that exactly fills the
    // buffer with PDUs the session answers itself must not stop the reading
    // until some later call releases their bytes.
    let mut smsc: SessionWith<8, VecBuffer, VecBuffer> = SessionWith::with_buffers(
        Config::smsc(),
        Instant::ZERO,
        VecBuffer::new(64, 64),
        VecBuffer::new(256, 70_000),
    );
    let enquire_link = |seq: u32| {
        let mut v = Vec::new();
        for w in [16u32, 0x0000_0015, 0, seq] {
            v.extend_from_slice(&w.to_be_bytes());
        }
        v
    };
    let mut answered = 0;
    for round in 0..10u32 {
        assert!(smsc.wants_input(), "round {round}: no read wanted");
        let buf = smsc.receive_buffer();
        assert_eq!(buf.len(), 64, "round {round}: the whole buffer is free");
        for i in 0..4u32 {
            let at = i as usize * 16;
            buf[at..at + 16].copy_from_slice(&enquire_link(round * 4 + i + 1));
        }
        smsc.handle_received(Instant::ZERO, 64);
        if let Some(ev) = smsc.poll_event() {
            panic!("enquire_link is answered by the session: {ev:?}");
        }
        let n = smsc.pending_transmit().len();
        answered += n / 16;
        smsc.transmitted(n);
        // The decision the adapter makes now, before any other call.
        assert!(smsc.wants_input(), "round {round}: the read stops");
    }
    assert_eq!(answered, 40);
}
