//! Zero heap allocations per PDU: a counting global allocator wraps the system
//! one, and framing + decoding + TLV walking + encoding of every sample PDU and
//! every valid conformance vector must not allocate once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

use smpp_proto::codec::{read_pdu, ReadPdu, DEFAULT_MAX_COMMAND_LENGTH};
use smpp_proto::InterfaceVersion;
use smpp_tests::samples::{encode, every_pdu_kind};

// dhat's allocator counts every allocation (our workspace forbids the unsafe a
// hand-written GlobalAlloc would need).
#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

/// Frames, decodes, walks and re-encodes every PDU in `stream`; returns the count.
fn exercise(stream: &[u8], out: &mut [u8]) -> usize {
    let mut rest = stream;
    let mut n = 0;
    while let Ok(ReadPdu::Complete {
        consumed,
        header,
        pdu: Ok(pdu),
    }) = read_pdu(rest, DEFAULT_MAX_COMMAND_LENGTH)
    {
        if let Some(tlvs) = pdu.tlvs() {
            for t in tlvs.iter() {
                std::hint::black_box(t);
            }
        }
        let len = pdu
            .encode(header.command_status, header.sequence_number, out)
            .unwrap();
        assert_eq!(&out[..len], &rest[..consumed]);
        // A PDU with message_payload or sar_* cannot be sent at 3.3 (an error, no allocation).
        match pdu.encode_for(InterfaceVersion::V33, header.command_status, 1, out) {
            Ok(_) | Err(smpp_proto::EncodeError::ContentTlvNotInVersion { .. }) => {}
            Err(e) => panic!("{e}"),
        }
        rest = &rest[consumed..];
        n += 1;
    }
    n
}

#[test]
fn codec_never_allocates() {
    let mut stream: Vec<u8> = every_pdu_kind()
        .iter()
        .flat_map(|(s, q, p)| encode(*s, *q, p))
        .collect();
    let vectors = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/vectors/pdus.jsonl"
    ))
    .unwrap();
    let mut valid = 0;
    for line in vectors.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if v["valid"] != true || v.get("followed_by_hex").is_some() {
            continue;
        }
        let bytes = hex::decode(v["hex"].as_str().unwrap()).unwrap();
        // Only whole PDUs our decoder accepts (two lenient vectors are not).
        if let Ok(ReadPdu::Complete {
            consumed,
            pdu: Ok(_),
            ..
        }) = read_pdu(&bytes, DEFAULT_MAX_COMMAND_LENGTH)
        {
            if consumed == bytes.len() {
                stream.extend_from_slice(&bytes);
                valid += 1;
            }
        }
    }
    assert!(valid >= 150, "only {valid} vectors");
    let mut out = vec![0u8; 70_000];

    let _profiler = dhat::Profiler::builder().testing().build();
    let before = dhat::HeapStats::get();
    let n = exercise(&stream, &mut out);
    let after = dhat::HeapStats::get();

    assert_eq!(n, every_pdu_kind().len() + valid);
    let allocs = after.total_blocks - before.total_blocks;
    // The counter itself works: one Box is one allocation.
    let probe = dhat::HeapStats::get().total_blocks;
    std::hint::black_box(Box::new(n));
    assert_eq!(dhat::HeapStats::get().total_blocks - probe, 1);
    assert_eq!(allocs, 0, "{allocs} allocations for {n} PDUs");
    println!("{n} PDUs framed, decoded, walked and encoded with 0 heap allocations");
}
