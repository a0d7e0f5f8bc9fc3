//! Every PDU kind: encode into a buffer pre-filled with 0xa5, decode, compare;
//! every strict prefix frames as partial; a too-small buffer is an error.

use smpp_proto::codec::{decode, frame, Framing, DEFAULT_MAX_COMMAND_LENGTH};
use smpp_proto::{EncodeError, InterfaceVersion};
use smpp_tests::samples::{encode, every_pdu_kind};

#[test]
fn every_kind_round_trips() {
    let mut kinds = std::collections::BTreeSet::new();
    for (status, seq, pdu) in every_pdu_kind() {
        let bytes = encode(status, seq, &pdu);
        let (h, back) = decode(&bytes).unwrap_or_else(|e| panic!("{pdu:?}: {e}"));
        assert_eq!(back, pdu);
        assert_eq!(h.command_status, status);
        assert_eq!(h.sequence_number, seq);
        assert_eq!(h.command_length as usize, bytes.len());
        // Re-encoding the decoded (borrowed, Raw) form gives the same bytes.
        assert_eq!(encode(status, seq, &back), bytes);
        for n in 0..bytes.len() {
            assert!(matches!(
                frame(&bytes[..n], DEFAULT_MAX_COMMAND_LENGTH),
                Ok(Framing::Partial(_))
            ));
            let mut short = vec![0u8; n];
            assert!(matches!(
                pdu.encode(status, seq, &mut short),
                Err(EncodeError::BufferTooSmall { .. })
            ));
        }
        kinds.insert(pdu.command_id());
    }
    assert_eq!(kinds.len(), smpp_proto::CommandId::ALL.len());
}

/// SMPP 3.3 has no TLVs: they are left out, except those that carry the
/// message (message_payload, sar_*), which make the PDU an error.
#[test]
fn smpp33_encoding_drops_tlvs() {
    let mut refused = 0;
    for (status, seq, pdu) in every_pdu_kind() {
        let len33 = pdu.encoded_len_for(InterfaceVersion::V33);
        let mut buf = vec![0; len33];
        let content = pdu
            .tlvs()
            .and_then(|t| t.iter().find(|t| t.tag.carries_content()));
        let r = pdu.encode_for(InterfaceVersion::V33, status, seq, &mut buf);
        if let Some(t) = content {
            assert_eq!(
                r,
                Err(EncodeError::ContentTlvNotInVersion { tag: t.tag }),
                "{pdu:?}"
            );
            refused += 1;
            continue;
        }
        let n = r.unwrap();
        assert_eq!(n, len33);
        let (_, back) = decode(&buf).unwrap();
        if let Some(t) = back.tlvs() {
            assert!(t.is_empty(), "{pdu:?}");
        }
    }
    assert!(refused > 0, "the samples carry message_payload and sar_*");
}

/// tests/no-alloc/pdus.bin is the stream the no-allocator proof binary decodes:
/// every sample back to back. Regenerate with `SMPP_UPDATE_FIXTURES=1`.
#[test]
fn no_alloc_fixture_is_current() {
    let stream: Vec<u8> = every_pdu_kind()
        .iter()
        .flat_map(|(s, q, p)| encode(*s, *q, p))
        .collect();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/no-alloc/pdus.bin");
    if std::env::var_os("SMPP_UPDATE_FIXTURES").is_some() {
        std::fs::write(path, &stream).unwrap();
    }
    let on_disk = std::fs::read(path).unwrap();
    assert!(
        on_disk == stream,
        "{path} is stale: run with SMPP_UPDATE_FIXTURES=1"
    );
}
