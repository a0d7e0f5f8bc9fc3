//! Codec benchmark: `smpp-proto` side by side, in the same run, with the
//! published crates smpp34 1.5.1 and rusmpp 0.4.0 (owned decoder via `rusmpp`,
//! borrowed/zero-copy decoder via `rusmpp-core`), on the same bytes.
//!
//! Run: cargo bench -p smpp-tests --bench codec
//! Quick: cargo bench -p smpp-tests --bench codec -- --warm-up-time 1 --measurement-time 2
//!
//! Timing notes (so the numbers are read correctly):
//! * `b.iter` closures: the result is black_box'ed and dropped inside the timed loop.
//! * rusmpp owned decode consumes a `BytesMut` (`split_to` + `freeze`), so every
//!   iteration needs a fresh buffer: `rusmpp_owned` uses `iter_batched` (the
//!   BytesMut copy and the drop of the output are NOT timed), `rusmpp_owned_incl_copy`
//!   times `BytesMut::from(&pdu[4..])` + decode + drop.
//! * smpp34 `encode(self)` consumes the PDU, so `smpp34` encode uses `iter_batched`
//!   with a `clone()` setup (clone not timed; the returned Vec is dropped untimed),
//!   same as smpp34's own benches/codec.rs. `smpp34_incl_clone` times clone+encode+drop.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    unreachable_pub,
    missing_docs
)] // reason: benchmark code; a failed sanity check should abort the run

use std::hint::black_box;

use bytes::BytesMut;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use smpp_tests::samples;

// ---------------------------------------------------------------------------
// Test PDUs, built byte by byte
// ---------------------------------------------------------------------------

const SUBMIT_SM_TEXT: &[u8] = b"Hello from the SMPP benchmark, 48 bytes long!!!"; // actually 47 bytes
const DLR_TEXT: &[u8] = b"id:0123456789 sub:001 dlvrd:001 submit date:2611251314 done date:2611251315 stat:DELIVRD err:000 text:Hello from the SMPP";
const DEST_ADDR: &str = "447700900123";
const ENQUIRE_LINK: [u8; 16] = [
    0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x15, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
];

fn cstr(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(s.as_bytes());
    out.push(0);
}

fn tlv(out: &mut Vec<u8>, tag: u16, value: &[u8]) {
    out.extend_from_slice(&tag.to_be_bytes());
    out.extend_from_slice(&(value.len() as u16).to_be_bytes());
    out.extend_from_slice(value);
}

/// Header + body; command_length is computed from the finished buffer.
fn pdu(command_id: u32, sequence_number: u32, body: &[u8]) -> Vec<u8> {
    let len = 16 + body.len();
    let mut out = Vec::with_capacity(len);
    out.extend_from_slice(&(len as u32).to_be_bytes());
    out.extend_from_slice(&command_id.to_be_bytes());
    out.extend_from_slice(&0u32.to_be_bytes()); // command_status
    out.extend_from_slice(&sequence_number.to_be_bytes());
    out.extend_from_slice(body);
    out
}

#[allow(clippy::too_many_arguments)]
fn sm_body(
    src_ton: u8,
    src_npi: u8,
    src: &str,
    dst_ton: u8,
    dst_npi: u8,
    dst: &str,
    esm_class: u8,
    registered_delivery: u8,
    short_message: &[u8],
) -> Vec<u8> {
    let mut b = Vec::new();
    cstr(&mut b, ""); // service_type
    b.push(src_ton);
    b.push(src_npi);
    cstr(&mut b, src);
    b.push(dst_ton);
    b.push(dst_npi);
    cstr(&mut b, dst);
    b.push(esm_class);
    b.push(0); // protocol_id
    b.push(0); // priority_flag
    cstr(&mut b, ""); // schedule_delivery_time
    cstr(&mut b, ""); // validity_period
    b.push(registered_delivery);
    b.push(0); // replace_if_present_flag
    b.push(0); // data_coding
    b.push(0); // sm_default_msg_id
    b.push(short_message.len() as u8); // sm_length
    b.extend_from_slice(short_message);
    b
}

fn submit_sm_bytes() -> Vec<u8> {
    let mut body = sm_body(5, 0, "Sender", 1, 1, DEST_ADDR, 0x00, 1, SUBMIT_SM_TEXT);
    tlv(&mut body, 0x0204, &[0x00, 0x07]); // user_message_reference = 7
    pdu(0x0000_0004, 1, &body)
}

fn deliver_sm_receipt_bytes() -> Vec<u8> {
    let mut body = sm_body(1, 1, DEST_ADDR, 5, 0, "Sender", 0x04, 0, DLR_TEXT);
    tlv(&mut body, 0x001E, b"0123456789\0"); // receipted_message_id
    tlv(&mut body, 0x0427, &[2]); // message_state = DELIVERED
    pdu(0x0000_0005, 2, &body)
}

/// smpp-proto: frame (checks command_length) then decode the borrowed PDU.
mod ours {
    use smpp_proto::codec::{decode, frame, Framing, DEFAULT_MAX_COMMAND_LENGTH};
    pub use smpp_proto::{CommandStatus, Header, Pdu};

    #[inline]
    pub fn decode_one(pdu: &[u8]) -> (Header, Pdu<'_>) {
        decode(pdu).unwrap()
    }

    #[inline]
    pub fn encode_into(pdu: &Pdu<'_>, seq: u32, dst: &mut [u8]) -> usize {
        pdu.encode(CommandStatus::ESME_ROK, seq, dst).unwrap()
    }

    /// Frames and decodes every PDU in a byte stream.
    #[inline(never)]
    pub fn frame_stream(buf: &[u8]) -> usize {
        let mut rest = buf;
        let mut n = 0;
        while let Ok(Framing::Complete(len)) = frame(rest, DEFAULT_MAX_COMMAND_LENGTH) {
            let (one, tail) = rest.split_at(len);
            let p = decode(one).unwrap();
            std::hint::black_box(&p);
            rest = tail;
            n += 1;
        }
        n
    }
}

fn cmd_len(b: &[u8]) -> usize {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize
}

// ---------------------------------------------------------------------------
// Competitor adapters
// ---------------------------------------------------------------------------

mod s34 {
    pub use smpp34::{deliver_sm, enquire_link, submit_sm, CommandHeader};
    // `pdu` must be exactly one whole PDU: CommandHeader::decode rejects
    // pdu.len() != command_length.
    #[inline]
    pub fn decode_submit(pdu: &[u8]) -> submit_sm {
        let h = CommandHeader::decode(pdu).unwrap();
        submit_sm::decode(h, pdu).unwrap()
    }
    #[inline]
    pub fn decode_deliver(pdu: &[u8]) -> deliver_sm {
        let h = CommandHeader::decode(pdu).unwrap();
        deliver_sm::decode(h, pdu).unwrap()
    }
    #[inline]
    pub fn decode_enquire(pdu: &[u8]) -> enquire_link {
        let h = CommandHeader::decode(pdu).unwrap();
        enquire_link::decode(h, pdu).unwrap()
    }
}

mod rown {
    //! rusmpp owned: `Command` holds `bytes::Bytes` slices of the input BytesMut.
    use bytes::BytesMut;
    pub use rusmpp::decode::DecodeWithLength; // = rusmpp_core::decode::owned
    pub use rusmpp::encode::{Encode, Length}; // Encode = into &mut [u8]
    pub use rusmpp::{Command, Pdu};

    /// `src` = PDU without its 4-byte command_length (what CommandCodec hands it).
    #[inline]
    pub fn decode(src: &mut BytesMut, pdu_len: usize) -> Command {
        Command::decode(src, pdu_len).unwrap().0
    }
    /// Encode into a caller-provided slice; returns bytes written.
    #[inline]
    pub fn encode_into(cmd: &Command, dst: &mut [u8]) -> usize {
        let n = 4 + cmd.length();
        dst[..4].copy_from_slice(&(n as u32).to_be_bytes());
        cmd.encode(&mut dst[4..n]);
        n
    }
}

mod rbor {
    //! rusmpp borrowed / zero-copy: `Command<'a, N>` borrows from the input slice;
    //! N = max TLVs per PDU (heapless::Vec capacity).
    pub use rusmpp_core::command::borrowed::Command;
    pub use rusmpp_core::decode::borrowed::DecodeWithLength;
    pub use rusmpp_core::encode::{Encode, Length};
    pub use rusmpp_core::pdus::borrowed::Pdu;
    pub const N: usize = 8;
    pub type Cmd<'a> = Command<'a, N>;

    /// `pdu` = a whole PDU (with command_length).
    #[inline]
    pub fn decode(pdu: &[u8]) -> Cmd<'_> {
        let len = super::cmd_len(pdu);
        Cmd::decode(&pdu[4..len], len - 4).unwrap().0
    }
    #[inline]
    pub fn encode_into(cmd: &Cmd<'_>, dst: &mut [u8]) -> usize {
        let n = 4 + cmd.length();
        dst[..4].copy_from_slice(&(n as u32).to_be_bytes());
        cmd.encode(&mut dst[4..n]);
        n
    }
}

fn rown_decode_whole(pdu: &[u8]) -> rown::Command {
    let mut b = BytesMut::from(&pdu[4..]);
    rown::decode(&mut b, pdu.len() - 4)
}

// ---------------------------------------------------------------------------
// One-time correctness checks (the benches must measure real decoding)
// ---------------------------------------------------------------------------

fn sanity_checks(submit: &[u8], dlr: &[u8]) {
    assert_eq!(cmd_len(submit), submit.len());
    assert_eq!(submit.len(), 104, "submit_sm command_length");
    assert_eq!(cmd_len(dlr), dlr.len());
    assert_eq!(SUBMIT_SM_TEXT.len(), 47);

    // smpp-proto: decodes the same bytes, and the application-built PDUs the
    // encode benchmark uses are byte-identical to them.
    let mut out = [0u8; 512];
    match ours::decode_one(submit).1 {
        ours::Pdu::SubmitSm(sm) => {
            assert_eq!(sm.destination_addr, DEST_ADDR.as_bytes());
            assert_eq!(sm.short_message, SUBMIT_SM_TEXT);
            assert_eq!(sm.tlvs.user_message_reference(), Some(7));
        }
        other => panic!("smpp-proto submit_sm: {other:?}"),
    }
    let n = ours::encode_into(&ours::Pdu::SubmitSm(samples::submit_sm()), 1, &mut out);
    assert_eq!(&out[..n], submit, "smpp-proto submit_sm encode");
    match ours::decode_one(dlr).1 {
        ours::Pdu::DeliverSm(sm) => {
            assert_eq!(sm.source_addr, DEST_ADDR.as_bytes());
            assert_eq!(sm.short_message, DLR_TEXT);
            assert_eq!(sm.esm_class, 0x04);
            assert_eq!(sm.tlvs.message_state(), Some(2));
            assert_eq!(sm.tlvs.receipted_message_id(), Some(&b"0123456789\0"[..]));
        }
        other => panic!("smpp-proto deliver_sm: {other:?}"),
    }
    let n = ours::encode_into(
        &ours::Pdu::DeliverSm(samples::deliver_sm_receipt()),
        2,
        &mut out,
    );
    assert_eq!(&out[..n], dlr, "smpp-proto deliver_sm encode");
    assert_eq!(ours::decode_one(&ENQUIRE_LINK).1, ours::Pdu::EnquireLink);
    let n = ours::encode_into(&ours::Pdu::EnquireLink, 1, &mut out);
    assert_eq!(&out[..n], ENQUIRE_LINK);

    // smpp34
    let s = s34::decode_submit(submit);
    assert_eq!(s.destination_addr, DEST_ADDR);
    assert_eq!(s.short_message, SUBMIT_SM_TEXT);
    assert_eq!(s.tlvs.len(), 1);
    assert_eq!(s.clone().encode(), submit, "smpp34 submit_sm round-trip");
    let d = s34::decode_deliver(dlr);
    assert_eq!(d.source_addr, DEST_ADDR);
    assert_eq!(d.short_message, DLR_TEXT);
    assert_eq!(d.esm_class, 0x04);
    assert_eq!(d.tlvs.len(), 2);
    assert_eq!(d.clone().encode(), dlr, "smpp34 deliver_sm round-trip");
    assert_eq!(s34::decode_enquire(&ENQUIRE_LINK).encode(), ENQUIRE_LINK);

    // rusmpp owned
    let mut buf = [0u8; 512];
    let c = rown_decode_whole(submit);
    match c.pdu() {
        Some(rown::Pdu::SubmitSm(sm)) => {
            assert_eq!(sm.destination_addr.as_str(), DEST_ADDR);
            assert_eq!(&sm.short_message()[..], SUBMIT_SM_TEXT);
            assert_eq!(sm.tlvs().len(), 1);
        }
        other => panic!("rusmpp owned submit_sm: {other:?}"),
    }
    let n = rown::encode_into(&c, &mut buf);
    assert_eq!(&buf[..n], submit, "rusmpp owned submit_sm round-trip");
    let c = rown_decode_whole(dlr);
    match c.pdu() {
        Some(rown::Pdu::DeliverSm(sm)) => {
            assert_eq!(sm.source_addr.as_str(), DEST_ADDR);
            assert_eq!(&sm.short_message()[..], DLR_TEXT);
            assert_eq!(sm.tlvs().len(), 2);
        }
        other => panic!("rusmpp owned deliver_sm: {other:?}"),
    }
    let n = rown::encode_into(&c, &mut buf);
    assert_eq!(&buf[..n], dlr, "rusmpp owned deliver_sm round-trip");
    let c = rown_decode_whole(&ENQUIRE_LINK);
    assert!(matches!(c.pdu(), Some(rown::Pdu::EnquireLink)), "{c:?}");
    let n = rown::encode_into(&c, &mut buf);
    assert_eq!(&buf[..n], ENQUIRE_LINK);

    // rusmpp borrowed
    let c = rbor::decode(submit);
    match c.pdu() {
        Some(rbor::Pdu::SubmitSm(sm)) => {
            assert_eq!(sm.destination_addr.as_str(), DEST_ADDR);
            assert_eq!(sm.short_message().bytes(), SUBMIT_SM_TEXT);
            assert_eq!(sm.tlvs().len(), 1);
        }
        other => panic!("rusmpp borrowed submit_sm: {other:?}"),
    }
    let n = rbor::encode_into(&c, &mut buf);
    assert_eq!(&buf[..n], submit, "rusmpp borrowed submit_sm round-trip");
    let c = rbor::decode(dlr);
    match c.pdu() {
        Some(rbor::Pdu::DeliverSm(sm)) => {
            assert_eq!(sm.source_addr.as_str(), DEST_ADDR);
            assert_eq!(sm.short_message().bytes(), DLR_TEXT);
            assert_eq!(sm.tlvs().len(), 2);
        }
        other => panic!("rusmpp borrowed deliver_sm: {other:?}"),
    }
    let n = rbor::encode_into(&c, &mut buf);
    assert_eq!(&buf[..n], dlr, "rusmpp borrowed deliver_sm round-trip");
    let c = rbor::decode(&ENQUIRE_LINK);
    assert!(matches!(c.pdu(), Some(rbor::Pdu::EnquireLink)), "{c:?}");
}

// ---------------------------------------------------------------------------
// decode/*
// ---------------------------------------------------------------------------

fn bench_decode(c: &mut Criterion) {
    let submit = submit_sm_bytes();
    let dlr = deliver_sm_receipt_bytes();
    sanity_checks(&submit, &dlr);

    let cases: [(&str, &[u8]); 3] = [
        ("decode/submit_sm", &submit),
        ("decode/deliver_sm_receipt", &dlr),
        ("decode/enquire_link", &ENQUIRE_LINK),
    ];
    for (i, (name, bytes)) in cases.into_iter().enumerate() {
        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Elements(1));

        g.bench_function("smpp_proto", |b| {
            b.iter(|| ours::decode_one(black_box(bytes)))
        });
        match i {
            0 => g.bench_function("smpp34", |b| {
                b.iter(|| s34::decode_submit(black_box(bytes)))
            }),
            1 => g.bench_function("smpp34", |b| {
                b.iter(|| s34::decode_deliver(black_box(bytes)))
            }),
            _ => g.bench_function("smpp34", |b| {
                b.iter(|| s34::decode_enquire(black_box(bytes)))
            }),
        };

        let body_len = bytes.len() - 4;
        g.bench_function("rusmpp_owned", |b| {
            b.iter_batched(
                || BytesMut::from(&bytes[4..]),
                |mut src| rown::decode(black_box(&mut src), body_len),
                BatchSize::SmallInput,
            )
        });
        g.bench_function("rusmpp_owned_incl_copy", |b| {
            b.iter(|| rown_decode_whole(black_box(bytes)))
        });
        g.bench_function("rusmpp_borrowed", |b| {
            b.iter(|| rbor::decode(black_box(bytes)))
        });
        g.finish();
    }
}

// ---------------------------------------------------------------------------
// encode/*
// ---------------------------------------------------------------------------

fn bench_encode(c: &mut Criterion) {
    let submit = submit_sm_bytes();
    let dlr = deliver_sm_receipt_bytes();

    // Values to encode are obtained by decoding the same bytes once.
    let s_submit = s34::decode_submit(&submit);
    let s_dlr = s34::decode_deliver(&dlr);
    let s_enq = s34::decode_enquire(&ENQUIRE_LINK);
    let o = [
        rown_decode_whole(&submit),
        rown_decode_whole(&dlr),
        rown_decode_whole(&ENQUIRE_LINK),
    ];
    let bw = [
        rbor::decode(&submit),
        rbor::decode(&dlr),
        rbor::decode(&ENQUIRE_LINK),
    ];
    let names = [
        "encode/submit_sm",
        "encode/deliver_sm_receipt",
        "encode/enquire_link",
    ];

    let our_pdus = [
        ours::Pdu::SubmitSm(samples::submit_sm()),
        ours::Pdu::DeliverSm(samples::deliver_sm_receipt()),
        ours::Pdu::EnquireLink,
    ];
    let decoded = [
        ours::decode_one(&submit).1,
        ours::decode_one(&dlr).1,
        ours::Pdu::EnquireLink,
    ];

    for i in 0..3 {
        let mut g = c.benchmark_group(names[i]);
        g.throughput(Throughput::Elements(1));
        let mut out = [0u8; 512];
        // smpp-proto: a PDU built by the application (TLVs as a slice) into a caller's buffer.
        g.bench_function("smpp_proto", |b| {
            b.iter(|| ours::encode_into(black_box(&our_pdus[i]), 1, black_box(&mut out)))
        });
        // smpp-proto: re-encoding a decoded PDU (TLV area copied as one slice).
        g.bench_function("smpp_proto_reencode", |b| {
            b.iter(|| ours::encode_into(black_box(&decoded[i]), 1, black_box(&mut out)))
        });
        // smpp34: `fn encode(self) -> Vec<u8>`; no encode-into-buffer API.
        match i {
            0 => {
                g.bench_function("smpp34", |b| {
                    b.iter_batched(|| s_submit.clone(), |p| p.encode(), BatchSize::SmallInput)
                });
                g.bench_function("smpp34_incl_clone", |b| {
                    b.iter(|| black_box(&s_submit).clone().encode())
                });
            }
            1 => {
                g.bench_function("smpp34", |b| {
                    b.iter_batched(|| s_dlr.clone(), |p| p.encode(), BatchSize::SmallInput)
                });
                g.bench_function("smpp34_incl_clone", |b| {
                    b.iter(|| black_box(&s_dlr).clone().encode())
                });
            }
            _ => {
                g.bench_function("smpp34", |b| {
                    b.iter_batched(|| s_enq.clone(), |p| p.encode(), BatchSize::SmallInput)
                });
                g.bench_function("smpp34_incl_clone", |b| {
                    b.iter(|| black_box(&s_enq).clone().encode())
                });
            }
        }
        // rusmpp owned: Encode::encode(&self, &mut [u8]) into a pre-allocated buffer.
        let mut buf = [0u8; 512];
        g.bench_function("rusmpp_owned", |b| {
            b.iter(|| rown::encode_into(black_box(&o[i]), black_box(&mut buf)))
        });
        // rusmpp owned via tokio CommandCodec::encode into a reused BytesMut.
        let mut bm = BytesMut::with_capacity(512);
        g.bench_function("rusmpp_owned_codec_bytesmut", |b| {
            use tokio_util::codec::Encoder;
            let mut codec = rusmpp::tokio_codec::CommandCodec::new();
            b.iter(|| {
                bm.clear();
                codec.encode(black_box(&o[i]), &mut bm).unwrap();
                black_box(bm.len())
            })
        });
        g.bench_function("rusmpp_borrowed", |b| {
            b.iter(|| rbor::encode_into(black_box(&bw[i]), black_box(&mut buf)))
        });
        g.finish();
    }
}

// ---------------------------------------------------------------------------
// framing/stream: 1000 back-to-back submit_sm
// ---------------------------------------------------------------------------

const STREAM_PDUS: usize = 1000;

fn bench_framing(c: &mut Criterion) {
    let one = submit_sm_bytes();
    let stream: Vec<u8> = one
        .iter()
        .copied()
        .cycle()
        .take(one.len() * STREAM_PDUS)
        .collect();
    let total = stream.len();

    // sanity: every competitor finds 1000 PDUs with the right destination.
    assert_eq!(frame_smpp34(&stream), STREAM_PDUS);
    assert_eq!(frame_rusmpp_owned(BytesMut::from(&stream[..])), STREAM_PDUS);
    assert_eq!(frame_rusmpp_borrowed(&stream), STREAM_PDUS);
    let mut scratch = stream.clone();
    assert_eq!(frame_rusmpp_framez(&mut scratch), STREAM_PDUS);
    assert_eq!(hop(&stream), STREAM_PDUS);
    assert_eq!(ours::frame_stream(&stream), STREAM_PDUS);

    let mut g = c.benchmark_group("framing/stream");
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("baseline_hop", |b| b.iter(|| hop(black_box(&stream))));
    g.bench_function("smpp_proto", |b| {
        b.iter(|| ours::frame_stream(black_box(&stream)))
    });
    g.bench_function("smpp34", |b| b.iter(|| frame_smpp34(black_box(&stream))));
    g.bench_function("rusmpp_owned_tokio_codec", |b| {
        b.iter_batched(
            || BytesMut::from(&stream[..]),
            |src| frame_rusmpp_owned(black_box(src)),
            BatchSize::LargeInput,
        )
    });
    g.bench_function("rusmpp_borrowed", |b| {
        b.iter(|| frame_rusmpp_borrowed(black_box(&stream)))
    });
    let mut scratch = stream.clone(); // framez decoder wants &mut [u8]; it does not modify it
    g.bench_function("rusmpp_borrowed_framez_codec", |b| {
        b.iter(|| frame_rusmpp_framez(black_box(&mut scratch)))
    });
    g.finish();
}

/// Baseline: jump from header to header reading only command_length.
#[inline(never)]
fn hop(buf: &[u8]) -> usize {
    let mut off = 0;
    let mut n = 0;
    while buf.len() - off >= 16 {
        let len = cmd_len(&buf[off..]);
        if len < 16 || buf.len() - off < len {
            break;
        }
        black_box(len);
        off += len;
        n += 1;
    }
    n
}

/// smpp34 has no public framer (`frame_first_pdu` is pub(crate)); its own session
/// loop does exactly this (plus a `to_vec()` per PDU, which we skip).
#[inline(never)]
fn frame_smpp34(buf: &[u8]) -> usize {
    let mut off = 0;
    let mut n = 0;
    while buf.len() - off >= 16 {
        let len = cmd_len(&buf[off..]);
        if len < 16 || buf.len() - off < len {
            break;
        }
        let p = s34::decode_submit(&buf[off..off + len]);
        black_box(&p);
        off += len;
        n += 1;
    }
    n
}

/// rusmpp owned: tokio_util::codec::Decoder::decode on a BytesMut until Ok(None).
#[inline(never)]
fn frame_rusmpp_owned(mut src: BytesMut) -> usize {
    use tokio_util::codec::Decoder;
    let mut codec = rusmpp::tokio_codec::CommandCodec::new();
    let mut n = 0;
    while let Some(cmd) = codec.decode(&mut src).unwrap() {
        black_box(&cmd);
        n += 1;
    }
    n
}

/// rusmpp borrowed: hop + Command::<N>::decode on the sub-slice (what the framez codec does).
#[inline(never)]
fn frame_rusmpp_borrowed(buf: &[u8]) -> usize {
    let mut off = 0;
    let mut n = 0;
    while buf.len() - off >= 16 {
        let len = cmd_len(&buf[off..]);
        if len < 16 || buf.len() - off < len {
            break;
        }
        let cmd = rbor::decode(&buf[off..off + len]);
        black_box(&cmd);
        off += len;
        n += 1;
    }
    n
}

/// rusmpp borrowed through rusmpp-core's framez CommandCodec (feature `framez`).
#[inline(never)]
fn frame_rusmpp_framez(buf: &mut [u8]) -> usize {
    use framez::decode::Decoder;
    let mut codec = rusmpp_core::framez::CommandCodec::<{ rbor::N }>::new();
    let mut off = 0;
    let mut n = 0;
    while let Some((cmd, used)) = codec.decode(&mut buf[off..]).unwrap() {
        black_box(&cmd);
        off += used;
        n += 1;
    }
    n
}

/// Sizes of the decoded values (a large decoded value is what slows a decoder
/// that moves it around).
fn report_sizes(_c: &mut Criterion) {
    println!(
        "size_of decoded PDU: smpp_proto::Pdu = {} B, rusmpp owned Command = {} B, rusmpp borrowed Command<8> = {} B",
        size_of::<ours::Pdu<'static>>(),
        size_of::<rown::Command>(),
        size_of::<rbor::Cmd<'static>>()
    );
}

criterion_group!(
    benches,
    report_sizes,
    bench_decode,
    bench_encode,
    bench_framing
);
criterion_main!(benches);
