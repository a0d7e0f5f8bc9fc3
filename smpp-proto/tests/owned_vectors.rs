//! Every valid row of tests/data/vectors/pdus.jsonl survives decode →
//! owned values (`codec::visit::Values`) → fill → encode octet for octet.

// Every PDU kind of the vectors: needs smpp-proto's default pdu-* features.
#![cfg(all(
    feature = "pdu-multi",
    feature = "pdu-query",
    feature = "pdu-broadcast"
))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code panics on failure

use serde_json::Value as Json;
use smpp_proto::codec::decode;
use smpp_proto::codec::visit::Values;
use smpp_proto::Pdu;

const VECTORS: &str = include_str!("../../tests/data/vectors/pdus.jsonl");

#[test]
fn valid_vectors_round_trip_through_owned_values() {
    let mut checked = 0;
    for line in VECTORS.lines().filter(|l| !l.trim().is_empty()) {
        let row: Json = serde_json::from_str(line).unwrap();
        let id = row["id"].as_str().unwrap();
        let bytes: Vec<u8> = match row["hex"].as_str() {
            Some(h) if row["valid"] == true => (0..h.len() / 2)
                .map(|k| u8::from_str_radix(&h[2 * k..2 * k + 2], 16).unwrap())
                .collect(),
            _ => continue,
        };
        // The known deviations (see tests/tests/vectors.rs) do not decode.
        let Ok((h, pdu)) = decode(&bytes) else {
            continue;
        };
        if matches!(pdu, Pdu::RawResp { .. } | Pdu::Unknown { .. }) {
            continue;
        }
        let values = Values::of(&pdu);
        let views = values.views().unwrap_or_else(|e| panic!("{id}: {e}"));
        let again = views
            .pdu(h.command_id)
            .unwrap_or_else(|e| panic!("{id}: {e}"))
            .unwrap();
        assert_eq!(again, pdu, "{id}");
        let mut out = vec![0xa5; again.encoded_len()];
        let n = again
            .encode(h.command_status, h.sequence_number, &mut out)
            .unwrap();
        assert_eq!(&out[..n], &bytes[..], "{id}");
        checked += 1;
    }
    assert!(checked >= 150, "only {checked} rows checked");
}
