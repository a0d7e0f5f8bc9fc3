//! The conformance vectors of `tests/data/vectors/pdus.jsonl` (see the README
//! beside it) against the codec and its JSON form (`smpp_cli::json`).
//!
//! - valid rows: framing finds exactly the PDU (and leaves `followed_by_hex`),
//!   decoding gives the header values and the `fields` / `tlvs` listed,
//!   encoding the decoded PDU gives the hex back octet for octet, and so do
//!   our JSON and the row's own JSON through `json_to_pdu_bytes`;
//! - `stream: need_more_data` rows frame as partial;
//! - `recoverable: true` rows frame exactly and decode to a non-fatal error
//!   or to `Pdu::Unknown`;
//! - every other invalid row fails, in framing or in decoding.
//!
//! Rows where the codec knowingly differs from a vector are listed in
//! [`KNOWN_DEVIATIONS`] with the reason; each is checked for the behaviour we
//! chose instead.
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

use serde_json::Value;
use smpp_cli::json::{json_to_pdu_bytes, pdu_to_json};
use smpp_proto::codec::visit::Field;
use smpp_proto::codec::{decode, frame, Framing, DEFAULT_MAX_COMMAND_LENGTH};
use smpp_proto::{DecodeError, FrameError, Header, Pdu, TlvTag};
use smpp_tests::samples::{encode, every_pdu_kind};

/// Vectors where the codec's verdict differs from the source's, on purpose,
/// with the reason. [`check_deviation`] checks the verdict we chose.
const KNOWN_DEVIATIONS: &[(&str, &str)] = &[
    (
        "smppex-1",
        "15 octets whose command_length reads 0x01020304 (16909060): the source waits \
         for the rest of the header; the codec rejects a command_length above \
         max_command_length (64 KiB by default) as soon as 4 octets are in. With no \
         maximum it frames as partial.",
    ),
    (
        "jasmin-8",
        "valid in the source, but its source_node_id TLV (0x060f) has 5 octets; \
         SMPP 5.0 §4.8.4.55 fixes it at 6 (six decimal digits). The codec rejects it \
         (ESME_RINVPARLEN, recoverable).",
    ),
    (
        "gosmpp-22",
        "valid in the source, but the outbind password \"ipassword\" takes 10 octets \
         with its NUL; SMPP 3.4 §4.1.7 allows at most 9. The codec rejects it \
         (ESME_RINVPASWD, recoverable).",
    ),
    (
        "gosmpp-27",
        "its note says command_length (30) matches the bytes, but the hex has 29 octets: \
         the codec frames it as partial (1 more octet). At the end of input that is a \
         failure (decode gives LengthMismatch), as the row expects.",
    ),
];

/// Checks the verdict chosen for a row of [`KNOWN_DEVIATIONS`].
fn check_deviation(id: &str, bytes: &[u8]) -> Vec<String> {
    let mut errs = Vec::new();
    let framed = frame(bytes, DEFAULT_MAX_COMMAND_LENGTH);
    let decoded = decode(bytes).map(|(_, p)| p);
    match id {
        "smppex-1" => {
            if !matches!(framed, Err(FrameError::CommandLengthTooLarge { .. })) {
                errs.push(format!("frame: {framed:?}, want CommandLengthTooLarge"));
            }
            if !matches!(frame(bytes, u32::MAX), Ok(Framing::Partial(_))) {
                errs.push("frame with no maximum is not partial".into());
            }
        }
        "jasmin-8" => {
            let want = DecodeError::TlvLength {
                tag: TlvTag::SOURCE_NODE_ID,
                length: 5,
            };
            if decoded != Err(want) {
                errs.push(format!("decode: {decoded:?}, want {want:?}"));
            }
        }
        "gosmpp-22" => {
            let want = DecodeError::TooLong {
                field: Field::Password,
                max: 9,
            };
            if decoded != Err(want) {
                errs.push(format!("decode: {decoded:?}, want {want:?}"));
            }
        }
        "gosmpp-27" => {
            if framed != Ok(Framing::Partial(1)) {
                errs.push(format!("frame: {framed:?}, want Partial(1)"));
            }
            if !matches!(decoded, Err(DecodeError::LengthMismatch { .. })) {
                errs.push(format!("decode: {decoded:?}, want LengthMismatch"));
            }
        }
        _ => errs.push("no check for this deviation".into()),
    }
    if let Err(e) = &decoded {
        if id != "gosmpp-27" && id != "smppex-1" && e.is_fatal() {
            errs.push(format!("{e:?} is fatal"));
        }
    }
    errs
}

fn rows() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/vectors/pdus.jsonl");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn hex_of(row: &Value, key: &str) -> Vec<u8> {
    row.get(key)
        .and_then(Value::as_str)
        .map(|h| hex::decode(h).unwrap())
        .unwrap_or_default()
}

fn encode_back(h: &Header, pdu: &Pdu<'_>) -> Vec<u8> {
    let mut buf = vec![0u8; pdu.encoded_len()];
    let n = pdu
        .encode(h.command_status, h.sequence_number, &mut buf)
        .unwrap();
    buf.truncate(n);
    buf
}

/// Compares the header values the row gives with `h`.
fn check_header(row: &Value, h: &Header, errs: &mut Vec<String>) {
    let want = |k: &str| row.get(k).filter(|v| !v.is_null());
    if let Some(c) = want("command").and_then(Value::as_str) {
        if h.command_id.to_string() != c {
            errs.push(format!("command {} != {c}", h.command_id));
        }
    }
    for (k, got) in [
        ("command_length", h.command_length),
        ("sequence_number", h.sequence_number),
        ("command_status", h.command_status.0),
    ] {
        if let Some(w) = want(k) {
            if w.as_u64() != Some(got.into()) {
                errs.push(format!("{k} {got} != {w}"));
            }
        }
    }
}

/// Checks a valid row; returns what is wrong.
fn check_valid(row: &Value) -> Vec<String> {
    let mut errs = Vec::new();
    let bytes = hex_of(row, "hex");
    let followed = hex_of(row, "followed_by_hex");
    let stream: Vec<u8> = bytes.iter().chain(&followed).copied().collect();

    match frame(&stream, DEFAULT_MAX_COMMAND_LENGTH) {
        Ok(Framing::Complete(n)) if n == bytes.len() => {}
        other => errs.push(format!("frame: {other:?}, want Complete({})", bytes.len())),
    }
    // Delivered in two parts (cloudhopper-14): the first part is partial.
    if let Some(split) = row.get("stream").and_then(Value::as_str) {
        if split.starts_with("split_delivery") {
            for k in 0..bytes.len() {
                if !matches!(
                    frame(&bytes[..k], DEFAULT_MAX_COMMAND_LENGTH),
                    Ok(Framing::Partial(m)) if m == bytes.len() - k
                ) {
                    errs.push(format!("prefix of {k} octets is not partial"));
                }
            }
        }
    }

    let (h, pdu) = match decode(&bytes) {
        Ok(d) => d,
        Err(e) => {
            errs.push(format!("decode: {e} ({e:?})"));
            return errs;
        }
    };
    check_header(row, &h, &mut errs);

    let json = pdu_to_json(&h, &pdu);
    let got = json["fields"].as_object().unwrap();
    let want = row["fields"].as_object().unwrap();
    for (k, w) in want {
        match got.get(k) {
            Some(g) if g == w => {}
            Some(g) => errs.push(format!("fields.{k}: {g} != {w}")),
            None => errs.push(format!("fields.{k}: missing (want {w})")),
        }
    }
    for k in got.keys().filter(|k| !want.contains_key(*k)) {
        errs.push(format!("fields.{k}: not in the vector"));
    }
    if json["tlvs"] != row["tlvs"] {
        errs.push(format!("tlvs: {} != {}", json["tlvs"], row["tlvs"]));
    }

    if encode_back(&h, &pdu) != bytes {
        errs.push(format!(
            "encode: {} != {}",
            hex::encode(encode_back(&h, &pdu)),
            hex::encode(&bytes)
        ));
    }
    match json_to_pdu_bytes(&json) {
        Ok(b) if b == bytes => {}
        other => errs.push(format!("json_to_pdu_bytes(our JSON): {other:?}")),
    }
    // The row itself is JSON in the same convention (extra top-level keys are
    // ignored), except that a raw negative response needs our body_hex.
    if json.get("body_hex").is_none() {
        match json_to_pdu_bytes(row) {
            Ok(b) if b == bytes => {}
            other => errs.push(format!("json_to_pdu_bytes(row): {other:?}")),
        }
    }
    errs
}

#[derive(Debug, Default)]
struct Counts {
    valid: usize,
    need_more_data: usize,
    recoverable_error: usize,
    recoverable_unknown: usize,
    rejected_framing: usize,
    rejected_decode: usize,
    known_deviations: usize,
}

/// Checks an invalid row; returns what is wrong.
fn check_invalid(row: &Value, counts: &mut Counts) -> Vec<String> {
    let mut errs = Vec::new();
    let bytes = hex_of(row, "hex");
    let followed = hex_of(row, "followed_by_hex");
    let stream: Vec<u8> = bytes.iter().chain(&followed).copied().collect();
    if let Some(h) = Header::parse(&bytes) {
        check_header(row, &h, &mut errs);
    }
    let framed = frame(&stream, DEFAULT_MAX_COMMAND_LENGTH);

    if row.get("stream").and_then(Value::as_str) == Some("need_more_data") {
        counts.need_more_data += 1;
        if !matches!(framed, Ok(Framing::Partial(_))) {
            errs.push(format!("frame: {framed:?}, want Partial"));
        }
        return errs;
    }

    if row.get("recoverable").and_then(Value::as_bool) == Some(true) {
        match framed {
            Ok(Framing::Complete(n)) if n == bytes.len() => {}
            other => {
                errs.push(format!("frame: {other:?}, want Complete({})", bytes.len()));
                return errs;
            }
        }
        match decode(&bytes) {
            Err(e) if !e.is_fatal() => counts.recoverable_error += 1,
            Err(e) => errs.push(format!("decode: fatal {e:?}")),
            Ok((h, pdu @ Pdu::Unknown { .. })) => {
                counts.recoverable_unknown += 1;
                // Unknown PDUs survive the JSON round trip too.
                let json = pdu_to_json(&h, &pdu);
                match json_to_pdu_bytes(&json) {
                    Ok(b) if b == bytes => {}
                    other => errs.push(format!("json_to_pdu_bytes: {other:?}")),
                }
            }
            Ok((_, pdu)) => errs.push(format!("decoded to {pdu:?}, want an error")),
        }
        return errs;
    }

    match framed {
        Err(_) => counts.rejected_framing += 1,
        Ok(Framing::Partial(n)) => errs.push(format!("frame: Partial({n}), want a failure")),
        Ok(Framing::Complete(n)) => match decode(&stream[..n]) {
            Err(_) => counts.rejected_decode += 1,
            Ok((_, pdu)) => errs.push(format!("decoded to {pdu:?}, want a failure")),
        },
    }
    errs
}

#[test]
fn pdus_jsonl() {
    let rows = rows();
    let mut counts = Counts::default();
    let mut failures = Vec::new();
    let (mut invalid, mut valid_dev, mut invalid_dev) = (0, 0, 0);
    for row in &rows {
        let id = row["id"].as_str().unwrap();
        let errs = if KNOWN_DEVIATIONS.iter().any(|(k, _)| *k == id) {
            counts.known_deviations += 1;
            if row["valid"] == true {
                valid_dev += 1;
            } else {
                invalid_dev += 1;
            }
            check_deviation(id, &hex_of(row, "hex"))
        } else if row["valid"].as_bool().unwrap() {
            counts.valid += 1;
            check_valid(row)
        } else {
            check_invalid(row, &mut counts)
        };
        if row["valid"] == false {
            invalid += 1;
        }
        if !errs.is_empty() {
            failures.push(format!("{id}: {}", errs.join("; ")));
        }
    }
    println!(
        "pdus.jsonl: {} rows; {} valid: {} pass (frame, decode, header, fields, tlvs, \
         re-encode, JSON round trip), {valid_dev} known deviations; {invalid} invalid: {} \
         need more data, {} recoverable decode errors, {} recoverable unknown command_ids, \
         {} rejected by framing, {} rejected by decoding, {invalid_dev} known deviations; \
         {} known deviations in all; {} failing",
        rows.len(),
        counts.valid + valid_dev,
        counts.valid,
        counts.need_more_data,
        counts.recoverable_error,
        counts.recoverable_unknown,
        counts.rejected_framing,
        counts.rejected_decode,
        counts.known_deviations,
        failures.len(),
    );
    for (id, why) in KNOWN_DEVIATIONS {
        println!("known deviation {id}: {why}");
    }
    assert!(
        failures.is_empty(),
        "{} vectors fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(rows.len(), 192, "the README counts 192 rows");
    let valid = rows.iter().filter(|r| r["valid"] == true).count();
    assert_eq!(valid, 164, "the README counts 164 valid rows");
}

/// Every PDU kind, including those the vectors lack (broadcast_sm_resp,
/// query_broadcast_sm_resp, cancel_broadcast_sm_resp), survives
/// decode → JSON → encode.
#[test]
fn every_kind_through_json() {
    for (status, seq, pdu) in every_pdu_kind() {
        let bytes = encode(status, seq, &pdu);
        let (h, back) = decode(&bytes).unwrap();
        let json = pdu_to_json(&h, &back);
        assert!(json.get("body_hex").is_none(), "{json}");
        let again = json_to_pdu_bytes(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
        assert_eq!(again, bytes, "{json}");
        // The text form parses back to the same value.
        let reparsed: Value = serde_json::from_str(&json.to_string()).unwrap();
        assert_eq!(reparsed, json);
    }
}
