//! Arbitrary bytes as one PDU: `decode` never panics; whatever decodes
//! re-encodes to exactly the input and decodes again to the same PDU; errors
//! answer `command_status`, `is_fatal` and `Display`. The lazy TLV and
//! address views agree with the checked wire bytes. Any decoded PDU also
//! encodes for SMPP 3.3 (no TLVs) and that encoding decodes. Validation
//! never panics, and its first violation is `first_violation`'s.

#![no_main]

use core::fmt::Write;

use libfuzzer_sys::fuzz_target;
use smpp_proto::codec::{decode, first_violation, validate};
use smpp_proto::{InterfaceVersion, Pdu};

fuzz_target!(|data: &[u8]| {
    let (header, pdu) = match decode(data) {
        Ok(ok) => ok,
        Err(e) => {
            let _ = (e.command_status(), e.is_fatal());
            let mut s = String::new();
            write!(s, "{e}").expect("Display of DecodeError");
            assert!(!s.is_empty());
            return;
        }
    };
    assert_eq!(pdu.command_id(), header.command_id);
    let mut s = String::new();
    write!(s, "{} {} {pdu:?}", header.command_id, header.command_status).expect("Display");
    // The lazy views walk exactly what decode checked.
    if let Some(t) = pdu.tlvs() {
        assert_eq!(
            t.iter().map(|t| t.encoded_len()).sum::<usize>(),
            t.encoded_len()
        );
        assert_eq!(t.iter().count(), t.len());
        for tlv in t {
            write!(s, "{} {:?}", tlv.tag, tlv.as_uint()).expect("Display");
        }
    }
    match pdu {
        Pdu::SubmitSm(m) | Pdu::DeliverSm(m) => {
            write!(s, "{} {}", m.schedule_delivery_time, m.validity_period).expect("Display");
        }
        Pdu::SubmitMulti(m) => {
            assert_eq!(m.dest_addresses.iter().count(), m.dest_addresses.len());
        }
        Pdu::SubmitMultiResp(r) => {
            assert_eq!(r.unsuccess_smes.iter().count(), r.unsuccess_smes.len());
        }
        _ => {}
    }
    for version in [InterfaceVersion::V34, InterfaceVersion::V50] {
        let all = validate(&header, &pdu, version);
        assert_eq!(
            all.first(),
            first_violation(&header, &pdu, version).as_ref()
        );
        for v in &all {
            write!(s, "{v} {}", v.command_status).expect("Display of Violation");
        }
    }
    assert_eq!(pdu.encoded_len(), data.len(), "encoded_len of {pdu:?}");

    let mut buf = vec![0u8; data.len()];
    let n = pdu
        .encode(header.command_status, header.sequence_number, &mut buf)
        .unwrap_or_else(|e| panic!("re-encode of {pdu:?}: {e:?}"));
    assert_eq!(n, data.len());
    assert_eq!(buf, data, "re-encoding of {pdu:?}");
    let (h2, p2) = decode(&buf).expect("decode of the re-encoding");
    assert_eq!((h2, p2), (header, pdu));

    let v33 = InterfaceVersion::V33;
    let mut buf = vec![0u8; pdu.encoded_len_for(v33)];
    let n = match pdu.encode_for(v33, header.command_status, header.sequence_number, &mut buf) {
        Ok(n) => n,
        // message_payload and sar_* carry the message: refused at 3.3, not dropped.
        Err(smpp_proto::EncodeError::ContentTlvNotInVersion { tag }) => {
            assert!(pdu
                .tlvs()
                .is_some_and(|t| t.iter().any(|t| t.tag == tag && tag.carries_content())));
            return;
        }
        Err(e) => panic!("3.3 encode of {pdu:?}: {e:?}"),
    };
    assert_eq!(n, buf.len());
    let (h3, p3) = decode(&buf).unwrap_or_else(|e| panic!("3.3 decode of {pdu:?}: {e:?}"));
    assert_eq!(h3.command_id, header.command_id);
    assert_eq!(p3.encoded_len(), n);
});
