//! Every row of tests/data/vectors/concat.jsonl (see the README beside it)
//! against the concat module: splitting, UDH parsing, reassembly.
//!
//! Where a row records a source's own behaviour rather than 3GPP TS 23.040,
//! the test asserts what the standard says and says why at that spot:
//! - jsmpp sizes 8-bit (Latin-1) parts like GSM 7 bit ones (153 / 152
//!   characters behind the UDH, 159-octet short messages). Its bytes are
//!   exactly our GSM 7 bit unpacked split of the same (ASCII) text; a
//!   Latin-1 split holds 134 / 133 octets per part.
//! - jsmpp's 16-bit reference IE is malformed (kept as a negative vector);
//!   we check that we reject it and that our own split writes the intended IE.
//! - jsmpp splits a 154-septet text (jsmpp-5) that fits one 160-septet
//!   message without a UDH; we check its split point on a longer text.
//! - jsmpp yields no part for an empty text; an empty short message is a
//!   valid message, so we yield one empty part (as gosmpp does).
//! - gosmpp's packed parts end with a CR septet where an escape pair would
//!   straddle the boundary, and its decoder returns that CR as text. The CR
//!   only fills 7 spare bits (TS 23.038 §6.1.2.3.1): the bytes are the same,
//!   and our decoder drops the pad.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code panics on failure

use serde_json::Value;
use smpp_proto::concat::{
    Concat, Pushed, Reassembler, Reference, Scheme, Segment, SplitError, SplitOptions, Splitter,
    Udh, UdhError,
};
use smpp_proto::text::{decode, decode_packed, Encoding, Gsm7Tables, Packing};
use smpp_proto::time::{Duration, Instant};
use smpp_proto::Tlvs;

const VECTORS: &str = include_str!("../../tests/data/vectors/concat.jsonl");

fn hex(s: &str) -> Vec<u8> {
    assert!(s.len() % 2 == 0, "odd hex {s}");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn to_hex(b: &[u8]) -> String {
    b.iter().map(|b| format!("{b:02x}")).collect()
}

fn s<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn n(v: &Value, key: &str) -> Option<u64> {
    v.get(key).and_then(Value::as_u64)
}

fn rows() -> Vec<Value> {
    VECTORS
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn row(id: &str) -> Value {
    rows().into_iter().find(|r| s(r, "id") == Some(id)).unwrap()
}

/// Our parts as (short_message, esm_class).
fn split(text: &str, enc: Encoding, options: SplitOptions) -> Vec<Vec<u8>> {
    Splitter::new(text, enc, options)
        .unwrap()
        .map(|p| {
            let mut buf = vec![0xa5; p.encoded_len()];
            assert_eq!(p.encode(&mut buf).unwrap(), buf.len());
            buf
        })
        .collect()
}

fn expected_concat(part: &Value) -> Option<Concat> {
    let r = n(part, "ref")?;
    let reference = match n(part, "ref_bits").unwrap() {
        8 => Reference::Udh8(r as u8),
        16 => Reference::Udh16(r as u16),
        b => panic!("ref_bits {b}"),
    };
    Some(Concat {
        reference,
        total: n(part, "total").unwrap() as u8,
        seq: n(part, "seq").unwrap() as u8,
    })
}

/// Parses a part's short_message as a UDH-bearing message.
fn parse(sm: &[u8]) -> Result<(Udh<'_>, &[u8], Option<Concat>), UdhError> {
    let (udh, payload) = Udh::parse(sm)?;
    let concat = udh.concat()?;
    Ok((udh, payload, concat))
}

/// Every valid row's parts parse to the values the source asserts, and
/// every invalid row is rejected.
#[test]
fn udh_parsing() {
    let mut checked = 0;
    for r in rows() {
        let id = s(&r, "id").unwrap();
        let valid = r.get("valid").and_then(Value::as_bool).unwrap_or(true);
        if let Some(ie) = s(&r, "ie_hex") {
            // A bare IE: wrap it in a UDH.
            let ie = hex(ie);
            let mut sm = vec![ie.len() as u8];
            sm.extend_from_slice(&ie);
            assert!(!valid);
            // The IE's length octet disagrees with the bytes given: as a UDH
            // this is an IE overrun or a stray byte; either way rejected.
            assert!(
                matches!(
                    parse(&sm),
                    Err(UdhError::IeOverrun { iei: 0, .. } | UdhError::TruncatedIe { .. })
                ),
                "{id}"
            );
            // Taken at its word (IEI, length, that many octets) the length
            // itself is wrong for IE 0x00.
            let declared = usize::from(ie[1]);
            if let Some(data) = ie.get(..2 + declared) {
                let mut sm = vec![data.len() as u8];
                sm.extend_from_slice(data);
                assert!(
                    matches!(parse(&sm), Err(UdhError::IeLength { iei: 0, len: 2 })),
                    "{id}"
                );
            }
            checked += 1;
            continue;
        }
        for part in r["parts"].as_array().unwrap() {
            let sm = match s(part, "short_message_hex") {
                Some(h) => hex(h),
                None => continue, // gosmpp's bare segments, checked below
            };
            if s(part, "udh_hex").is_none() && n(part, "ref").is_none() && valid {
                continue; // no UDH: empty-message rows
            }
            let parsed = parse(&sm);
            if !valid {
                let err = parsed.err().unwrap_or_else(|| panic!("{id} accepted"));
                let expected = s(&r, "expected_error").unwrap();
                match err {
                    UdhError::LengthOverrun { .. } => assert!(expected.contains("UDHL")),
                    UdhError::TruncatedIe { .. } => assert!(expected.contains("truncated")),
                    UdhError::IeOverrun { .. } => assert!(expected.contains("exceeds UDH")),
                    UdhError::IeLength { .. } => assert!(expected.contains("length")),
                    // jsmpp's shifted 16-bit IE: seq 0.
                    UdhError::Segment { seq: 0, .. } => assert!(expected.contains("seq 0")),
                    other => panic!("{id}: {other:?}"),
                }
                checked += 1;
                continue;
            }
            let (udh, payload, concat) = parsed.unwrap_or_else(|e| panic!("{id}: {e}"));
            if let Some(u) = s(part, "udh_hex") {
                assert_eq!(to_hex(&sm[..udh.len()]), u, "{id}");
            }
            if let Some(p) = s(part, "payload_hex") {
                assert_eq!(to_hex(payload), p, "{id}");
            }
            let want = r
                .get("expected_concat")
                .and_then(expected_concat)
                .or_else(|| expected_concat(part));
            assert_eq!(concat, want, "{id}");
            if let Some(ies) = r.get("ies").and_then(Value::as_array) {
                let ours: Vec<(u64, String)> = udh
                    .ies()
                    .map(|ie| (u64::from(ie.iei), to_hex(ie.data)))
                    .collect();
                let theirs: Vec<(u64, String)> = ies
                    .iter()
                    .map(|ie| (n(ie, "iei").unwrap(), s(ie, "data_hex").unwrap().into()))
                    .collect();
                assert_eq!(ours, theirs, "{id}");
            }
            if let (Some(t), Some(enc)) = (s(part, "text"), s(&r, "encoding")) {
                let e = match enc {
                    "ucs2" => Encoding::Ucs2,
                    _ => Encoding::GSM7,
                };
                let d: String = decode(payload, e).map(Result::unwrap).collect();
                assert_eq!(d, t, "{id}");
            }
            if let Some(wire) = s(&r, "wire_hex") {
                // data_coding, sm_default_msg_id, sm_length, short_message.
                let mut ours = vec![n(part, "data_coding").unwrap() as u8, 0, sm.len() as u8];
                ours.extend_from_slice(&sm);
                assert_eq!(to_hex(&ours), wire, "{id}");
            }
            checked += 1;
        }
    }
    assert!(checked >= 40, "{checked}");
}

#[test]
fn jsmpp_8bit_reference() {
    // jsmpp-1: its "Latin-1" parts are GSM 7 bit sized (153 characters).
    let r = row("jsmpp-1");
    let text = s(&r, "text").unwrap();
    let ours = split(
        text,
        Encoding::GSM7,
        SplitOptions::new(Scheme::Udh8 { reference: 0xd2 }),
    );
    let theirs: Vec<String> = r["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| s(p, "short_message_hex").unwrap().into())
        .collect();
    assert_eq!(ours.iter().map(|p| to_hex(p)).collect::<Vec<_>>(), theirs);
    // A Latin-1 (data_coding 3) split holds 134 octets per part.
    let latin = split(
        text,
        Encoding::Latin1,
        SplitOptions::new(Scheme::Udh8 { reference: 0xd2 }),
    );
    assert_eq!(
        latin.iter().map(Vec::len).collect::<Vec<_>>(),
        [140, 6 + 210 - 134]
    );

    // jsmpp-3: UCS-2, 67 characters per part: byte for byte.
    let r = row("jsmpp-3");
    let ours = split(
        s(&r, "text").unwrap(),
        Encoding::Ucs2,
        SplitOptions::new(Scheme::Udh8 { reference: 0xd2 }),
    );
    for (o, p) in ours.iter().zip(r["parts"].as_array().unwrap()) {
        assert_eq!(to_hex(o), s(p, "short_message_hex").unwrap());
    }
    assert_eq!(ours.len(), 4);

    // jsmpp-5: 152 characters and '€' are 154 septets: one part of 160
    // under TS 23.040 (no UDH), where jsmpp splits at 153. What its split
    // shows still holds: the two-septet '€' does not fit after 152
    // characters of a 153-septet part and moves whole to part 2 (jsmpp then
    // writes it as Latin-1 '?'; in GSM 7 bit it is ESC 0x65).
    let r = row("jsmpp-5");
    let text = s(&r, "text").unwrap();
    let options = SplitOptions::new(Scheme::Udh8 { reference: 0xd2 });
    assert_eq!(split(text, Encoding::GSM7, options).len(), 1);
    let longer = format!("{text} and more text");
    let ours = split(&longer, Encoding::GSM7, options);
    let parts = r["parts"].as_array().unwrap();
    assert_eq!(to_hex(&ours[0]), s(&parts[0], "short_message_hex").unwrap());
    assert!(to_hex(&ours[1]).starts_with("050003d202021b65"));
}

#[test]
fn jsmpp_16bit_reference_intended() {
    // The source bug: 08 04 <ref & 0xff> <total> <seq> 00. Our split writes
    // the intended 08 04 04 d2 <total> <seq>, with the same payloads.
    for (id, enc) in [("jsmpp-2", Encoding::GSM7), ("jsmpp-4", Encoding::Ucs2)] {
        let r = row(id);
        let intended = &r["intended"];
        let ours = split(
            s(&r, "text").unwrap(),
            enc,
            SplitOptions::new(Scheme::Udh16 {
                reference: n(intended, "ref").unwrap() as u16,
            }),
        );
        let parts = r["parts"].as_array().unwrap();
        assert_eq!(ours.len() as u64, n(intended, "total").unwrap(), "{id}");
        for (i, (o, p)) in ours.iter().zip(parts).enumerate() {
            let total = ours.len();
            assert_eq!(
                to_hex(&o[..7]),
                format!("06080404d2{total:02x}{:02x}", i + 1),
                "{id}"
            );
            assert_eq!(to_hex(&o[7..]), s(p, "payload_hex").unwrap(), "{id}");
            let (_, _, concat) = parse(o).unwrap();
            assert_eq!(concat.unwrap().reference, Reference::Udh16(1234));
        }
    }
}

#[test]
fn empty_text() {
    // jsmpp-6/7 give no part; gosmpp-6/8 one empty part. An empty short
    // message is a valid message: one part, no UDH.
    for enc in [Encoding::GSM7, Encoding::Ucs2, Encoding::Latin1] {
        for r in [row("jsmpp-6"), row("gosmpp-6")] {
            assert_eq!(s(&r, "text"), Some(""));
            let ours = split("", enc, SplitOptions::new(Scheme::Udh8 { reference: 1 }));
            assert_eq!(ours, [Vec::<u8>::new()]);
        }
    }
}

#[test]
fn smppex_binary_budgets() {
    for id in ["smppex-1", "smppex-2", "smppex-3", "smppex-4"] {
        let r = row(id);
        let data = hex(s(&r, "payload_hex").unwrap());
        let options = SplitOptions::new(Scheme::Udh8 { reference: 123 })
            .max_user_data(n(&r, "max_len").unwrap() as usize);
        let result = Splitter::binary(&data, options);
        if r.get("valid").and_then(Value::as_bool) == Some(false) {
            assert_eq!(result.err(), Some(SplitError::NoRoom), "{id}");
            continue;
        }
        let ours: Vec<String> = result
            .unwrap()
            .map(|p| {
                let mut buf = [0u8; 16];
                let k = p.encode(&mut buf).unwrap();
                to_hex(&buf[..k])
            })
            .collect();
        if r.get("unsplit").and_then(Value::as_bool) == Some(true) {
            assert_eq!(ours, [to_hex(&data)], "{id}");
            continue;
        }
        let theirs: Vec<String> = r["parts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| s(p, "short_message_hex").unwrap().into())
            .collect();
        assert_eq!(ours, theirs, "{id}");
    }
}

#[test]
fn gosmpp_segments() {
    for r in rows() {
        let id = s(&r, "id").unwrap();
        let Some(limit) = n(&r, "octet_limit") else {
            continue;
        };
        let text = s(&r, "text").unwrap();
        let parts = r["parts"].as_array().unwrap();
        match s(&r, "encoding").unwrap() {
            "ucs2" if !text.is_empty() => {
                // gosmpp's bare segments of `limit` octets: our SAR parts
                // (no UDH) with that budget.
                let options =
                    SplitOptions::new(Scheme::Sar { reference: 1 }).max_user_data(limit as usize);
                let ours = split(text, Encoding::Ucs2, options);
                assert_eq!(ours.len(), parts.len(), "{id}");
                for (o, p) in ours.iter().zip(parts) {
                    assert_eq!(to_hex(o), s(p, "payload_hex").unwrap(), "{id}");
                    let d: String = decode(o, Encoding::Ucs2).map(Result::unwrap).collect();
                    assert_eq!(d, s(p, "text").unwrap(), "{id}");
                }
            }
            "gsm7-packed" => {
                // Packed behind a 6-octet UDH (1 fill bit): our 8-bit
                // reference split, packed, minus its UDH.
                assert_eq!(limit, 134);
                let options = SplitOptions::new(Scheme::Udh8 { reference: 1 }).packed();
                let ours = split(text, Encoding::GSM7, options);
                assert_eq!(ours.len(), parts.len(), "{id}");
                let mut joined = String::new();
                for (o, p) in ours.iter().zip(parts) {
                    assert_eq!(n(p, "fill_bits"), Some(1));
                    assert_eq!(to_hex(&o[6..]), s(p, "packed_hex").unwrap(), "{id}");
                    let d: String = decode_packed(&o[6..], Gsm7Tables::DEFAULT, 1, None)
                        .map(Result::unwrap)
                        .collect();
                    let theirs = s(p, "text").unwrap();
                    // The source's decoder returns its CR pad as text.
                    assert_eq!(d, theirs.strip_suffix('\r').unwrap_or(theirs), "{id}");
                    // With the septet count the source gives, the CR is there.
                    let count = n(p, "septet_count").unwrap() as usize;
                    let d: String = decode_packed(&o[6..], Gsm7Tables::DEFAULT, 1, Some(count))
                        .map(Result::unwrap)
                        .collect();
                    assert_eq!(d, theirs, "{id}");
                    joined += theirs.strip_suffix('\r').unwrap_or(theirs);
                }
                assert_eq!(joined, text, "{id}");
            }
            _ => {
                assert!(text.is_empty(), "{id}");
            }
        }
    }
}

/// The valid multi-part rows, shuffled and with a duplicate, through the
/// reassembler.
#[test]
fn reassembly_of_vector_parts() {
    let mut store: Reassembler<4, 8, 2048> = Reassembler::new(Duration::from_secs(30));
    for id in ["jsmpp-1", "jsmpp-3", "smppex-1", "smppex-2"] {
        let r = row(id);
        let sms: Vec<Vec<u8>> = r["parts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| hex(s(p, "short_message_hex").unwrap()))
            .collect();
        let mut order: Vec<usize> = (0..sms.len()).rev().collect();
        order.insert(1, order[0]); // a duplicate
        let mut done = None;
        for &i in &order {
            let seg = Segment::new(0x40, &sms[i], &Tlvs::EMPTY).unwrap();
            match store
                .push(Instant::ZERO, b"447700900123", b"12345", &seg)
                .unwrap()
            {
                Pushed::Complete(m) => {
                    let mut buf = vec![0u8; 4096];
                    let enc = if id == "jsmpp-3" {
                        Encoding::Ucs2
                    } else {
                        Encoding::GSM7
                    };
                    let payload = m.payload().to_vec();
                    let t = m
                        .decode_into(enc, Packing::Unpacked, &mut buf)
                        .ok()
                        .map(String::from);
                    done = Some((payload, t));
                }
                Pushed::Duplicate { .. } | Pushed::Stored { .. } => {}
            }
        }
        let (payload, t) = done.unwrap_or_else(|| panic!("{id} incomplete"));
        let want: String = r["parts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| s(p, "payload_hex").unwrap())
            .collect();
        assert_eq!(to_hex(&payload), want, "{id}");
        if let Some(text) = s(&r, "text") {
            assert_eq!(t.as_deref(), Some(text), "{id}");
        }
        assert_eq!(store.in_progress(), 0);
    }
    // The malformed rows never reach the store.
    for id in ["jsmpp-2", "smppex-12", "gosmpp-2"] {
        let r = row(id);
        let sm = hex(s(&r["parts"][0], "short_message_hex").unwrap());
        assert!(Segment::new(0x40, &sm, &Tlvs::EMPTY).is_err(), "{id}");
    }
}
