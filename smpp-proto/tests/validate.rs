//! The validation step (issue 12, point 7): PDUs that decode but break a
//! rule of the spec, each with the command_status a strict peer answers
//! (SMPP 3.4 §5.1.3), and PDUs that follow the spec, which must not be
//! flagged.

// Every PDU kind: needs smpp-proto's default pdu-* features.
#![cfg(all(
    feature = "pdu-multi",
    feature = "pdu-query",
    feature = "pdu-broadcast"
))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code panics on failure

use smpp_proto::codec::{
    decode, first_violation, validate, BroadcastSm, DataSm, DestAddress, DestAddresses,
    QueryBroadcastSmResp, SmResp, SubmitMulti, SubmitSm, Violation, MAX_VIOLATIONS,
};
use smpp_proto::{CommandStatus, DecodeError, InterfaceVersion, Pdu, Tlv, TlvTag, Tlvs};

const V34: InterfaceVersion = InterfaceVersion::V34;
const V50: InterfaceVersion = InterfaceVersion::V50;

fn encode(pdu: &Pdu<'_>, status: CommandStatus) -> Vec<u8> {
    let mut buf = vec![0xa5; pdu.encoded_len()];
    let n = pdu.encode(status, 1, &mut buf).unwrap();
    buf.truncate(n);
    buf
}

/// A PDU with any body, by hand; command_length is computed.
fn raw_pdu(command_id: u32, status: u32, body: &[u8]) -> Vec<u8> {
    let len = u32::try_from(16 + body.len()).unwrap();
    let mut v = Vec::new();
    for w in [len, command_id, status, 1] {
        v.extend_from_slice(&w.to_be_bytes());
    }
    v.extend_from_slice(body);
    v
}

/// Decodes `bytes` (which must decode) and validates them at `version`.
fn violations(bytes: &[u8], version: InterfaceVersion) -> Vec<Violation> {
    let (header, pdu) = decode(bytes).expect("the PDU decodes");
    let all = validate(&header, &pdu, version);
    assert_eq!(
        first_violation(&header, &pdu, version).as_ref(),
        all.first(),
        "first_violation is the first of validate"
    );
    all.iter().copied().collect()
}

fn statuses(v: &[Violation]) -> Vec<CommandStatus> {
    v.iter().map(|v| v.command_status).collect()
}

const SUBMIT: SubmitSm<'static> = SubmitSm {
    service_type: b"",
    source_addr_ton: 1,
    source_addr_npi: 1,
    source_addr: b"Sender",
    dest_addr_ton: 1,
    dest_addr_npi: 1,
    destination_addr: b"447700900123",
    esm_class: 0,
    protocol_id: 0,
    priority_flag: 0,
    schedule_delivery_time: smpp_proto::SmppTime::Empty,
    validity_period: smpp_proto::SmppTime::Empty,
    registered_delivery: 1,
    replace_if_present_flag: 0,
    data_coding: 0,
    sm_default_msg_id: 0,
    short_message: b"Hello",
    tlvs: Tlvs::EMPTY,
};

#[test]
fn pdus_that_follow_the_spec_have_no_violation() {
    // A long message split with SAR, a port and a reference; a vendor tag.
    let tlvs = [
        Tlv::new(TlvTag::SAR_MSG_REF_NUM, &[0, 7]),
        Tlv::new(TlvTag::SAR_TOTAL_SEGMENTS, &[2]),
        Tlv::new(TlvTag::SAR_SEGMENT_SEQNUM, &[1]),
        Tlv::new(TlvTag::USER_MESSAGE_REFERENCE, &[0, 1]),
        Tlv::new(TlvTag::DESTINATION_PORT, &[0x0b, 0x84]),
        Tlv::new(TlvTag(0x1400), b"vendor"),
        // A tag neither spec defines is skipped, not refused.
        Tlv::new(TlvTag(0x0700), b"?"),
    ];
    let sm = [b'x'; 254];
    let submit = SubmitSm {
        short_message: &sm,
        tlvs: Tlvs::List(&tlvs),
        ..SUBMIT
    };
    assert_eq!(
        violations(
            &encode(&Pdu::SubmitSm(submit), CommandStatus::ESME_ROK),
            V34
        ),
        []
    );
    // A delivery receipt with its TLVs (SMPP 3.4 §4.6.1).
    let receipt_tlvs = [
        Tlv::new(TlvTag::RECEIPTED_MESSAGE_ID, b"abc123\0"),
        Tlv::new(TlvTag::MESSAGE_STATE, &[2]),
        Tlv::new(TlvTag::NETWORK_ERROR_CODE, &[3, 0, 0]),
    ];
    let receipt = SubmitSm {
        esm_class: 0x04,
        tlvs: Tlvs::List(&receipt_tlvs),
        ..SUBMIT
    };
    assert_eq!(
        violations(
            &encode(&Pdu::DeliverSm(receipt), CommandStatus::ESME_ROK),
            V34
        ),
        []
    );
    // data_sm carries both the submission and the delivery TLVs.
    let data = DataSm {
        tlvs: Tlvs::List(&receipt_tlvs),
        ..DataSm::default()
    };
    assert_eq!(
        violations(&encode(&Pdu::DataSm(data), CommandStatus::ESME_ROK), V34),
        []
    );
    // Responses: message_id present; a negative one without a body.
    let resp = SmResp {
        message_id: Some(b"1"),
        tlvs: Tlvs::EMPTY,
    };
    for pdu in [
        Pdu::SubmitSmResp(resp),
        Pdu::DeliverSmResp(SmResp {
            message_id: Some(b""),
            tlvs: Tlvs::EMPTY,
        }),
    ] {
        assert_eq!(violations(&encode(&pdu, CommandStatus::ESME_ROK), V34), []);
    }
    assert_eq!(
        violations(&raw_pdu(0x8000_0004, 0x45, &[]), V34),
        [],
        "submit_sm_resp ESME_RSUBMITFAIL without a body"
    );
    for id in [0x8000_0000, 0x0000_0015, 0x8000_0015, 0x0000_0006] {
        assert_eq!(violations(&raw_pdu(id, 0, &[]), V34), []);
    }
}

#[test]
fn validate_short_message_over_254_octets_is_rinvmsglen() {
    // SMPP 3.4 §5.2.21: sm_length 0 to 254. The decoder takes 255.
    let sm = [b'x'; 255];
    let submit = Pdu::SubmitSm(SubmitSm {
        short_message: &sm,
        ..SUBMIT
    });
    let v = violations(&encode(&submit, CommandStatus::ESME_ROK), V34);
    assert_eq!(statuses(&v), [CommandStatus::ESME_RINVMSGLEN]);
    assert!(v[0].reason.contains("254"), "{}", v[0]);
    let deliver = Pdu::DeliverSm(SubmitSm {
        short_message: &sm,
        ..SUBMIT
    });
    assert_eq!(
        statuses(&violations(&encode(&deliver, CommandStatus::ESME_ROK), V34)),
        [CommandStatus::ESME_RINVMSGLEN]
    );
}

#[test]
fn validate_body_on_a_header_only_pdu_is_rinvcmdlen() {
    // generic_nack (SMPP 3.4 §4.3) is a header alone; with a body it decodes
    // raw (a negative response), and is flagged.
    let v = violations(&raw_pdu(0x8000_0000, 0x03, b"junk"), V34);
    assert_eq!(statuses(&v), [CommandStatus::ESME_RINVCMDLEN]);
    // enquire_link_resp with an error status and a body, likewise.
    let v = violations(&raw_pdu(0x8000_0015, 0x08, b"\0"), V34);
    assert_eq!(statuses(&v), [CommandStatus::ESME_RINVCMDLEN]);
    // A header-only request with a body does not even decode.
    assert_eq!(
        decode(&raw_pdu(0x0000_0015, 0, b"x")).unwrap_err(),
        DecodeError::TrailingBytes { extra: 1 }
    );
}

#[test]
fn validate_response_with_status_0_needs_its_message_id() {
    for id in [0x8000_0004u32, 0x8000_0005, 0x8000_0103, 0x8000_0021] {
        let v = violations(&raw_pdu(id, 0, &[]), V34);
        assert_eq!(
            statuses(&v),
            [CommandStatus::ESME_RINVCMDLEN],
            "command_id {id:#x}"
        );
        assert!(v[0].reason.contains("message_id"), "{}", v[0]);
    }
    // bind_transceiver_resp ESME_ROK without system_id.
    let v = violations(&raw_pdu(0x8000_0009, 0, &[]), V34);
    assert_eq!(statuses(&v), [CommandStatus::ESME_RINVCMDLEN]);
    assert!(v[0].reason.contains("system_id"), "{}", v[0]);
}

#[test]
fn validate_tlv_the_command_does_not_allow_is_roptparnotallwd() {
    // message_state belongs to deliver_sm (SMPP 3.4 §4.6.1), not submit_sm
    // (SMPP 3.4 §4.4.1, SMPP 5.0 §4.2.4); sc_interface_version to bind responses.
    let tlvs = [
        Tlv::new(TlvTag::USER_MESSAGE_REFERENCE, &[0, 1]),
        Tlv::new(TlvTag::MESSAGE_STATE, &[2]),
        Tlv::new(TlvTag::SC_INTERFACE_VERSION, &[0x34]),
    ];
    let submit = Pdu::SubmitSm(SubmitSm {
        tlvs: Tlvs::List(&tlvs),
        ..SUBMIT
    });
    let v = violations(&encode(&submit, CommandStatus::ESME_ROK), V34);
    assert_eq!(
        v.iter()
            .map(|v| (v.command_status, v.tag))
            .collect::<Vec<_>>(),
        [
            (
                CommandStatus::ESME_ROPTPARNOTALLWD,
                Some(TlvTag::MESSAGE_STATE)
            ),
            (
                CommandStatus::ESME_ROPTPARNOTALLWD,
                Some(TlvTag::SC_INTERFACE_VERSION)
            ),
        ]
    );
    assert_eq!(
        v[0].to_string(),
        format!("{}: message_state (0x0427)", v[0].reason)
    );
    // set_dpf is a submission TLV: not in a deliver_sm.
    let set_dpf = [Tlv::new(TlvTag::SET_DPF, &[1])];
    let deliver = Pdu::DeliverSm(SubmitSm {
        tlvs: Tlvs::List(&set_dpf),
        ..SUBMIT
    });
    assert_eq!(
        statuses(&violations(&encode(&deliver, CommandStatus::ESME_ROK), V34)),
        [CommandStatus::ESME_ROPTPARNOTALLWD]
    );
}

#[test]
fn validate_keeps_the_first_eight_and_counts_the_rest() {
    let tlvs: Vec<Tlv<'_>> = (0..10)
        .map(|_| Tlv::new(TlvTag::MESSAGE_STATE, &[2]))
        .collect();
    let submit = Pdu::SubmitSm(SubmitSm {
        tlvs: Tlvs::List(&tlvs),
        ..SUBMIT
    });
    let bytes = encode(&submit, CommandStatus::ESME_ROK);
    let (header, pdu) = decode(&bytes).unwrap();
    let v = validate(&header, &pdu, V34);
    assert_eq!(v.len(), MAX_VIOLATIONS);
    assert_eq!(v.dropped(), 10 - MAX_VIOLATIONS);
}

#[test]
fn validate_c_octet_string_tlv_without_nul_is_rinvoptparamval() {
    // receipted_message_id is a C-Octet String (SMPP 3.4 §5.3.2.12).
    let tlvs = [Tlv::new(TlvTag::RECEIPTED_MESSAGE_ID, b"abc123")];
    let deliver = Pdu::DeliverSm(SubmitSm {
        esm_class: 0x04,
        tlvs: Tlvs::List(&tlvs),
        ..SUBMIT
    });
    let v = violations(&encode(&deliver, CommandStatus::ESME_ROK), V34);
    assert_eq!(statuses(&v), [CommandStatus::ESME_RINVOPTPARAMVAL]);
    assert_eq!(v[0].tag, Some(TlvTag::RECEIPTED_MESSAGE_ID));
    // additional_status_info_text (SMPP 3.4 §5.3.2.11) in a data_sm_resp.
    let text = [Tlv::new(TlvTag::ADDITIONAL_STATUS_INFO_TEXT, b"no route")];
    let resp = Pdu::DataSmResp(SmResp {
        message_id: Some(b"1"),
        tlvs: Tlvs::List(&text),
    });
    assert_eq!(
        statuses(&violations(&encode(&resp, CommandStatus::ESME_ROK), V34)),
        [CommandStatus::ESME_RINVOPTPARAMVAL]
    );
}

#[test]
fn validate_missing_mandatory_tlv_is_rmissingoptparam() {
    // SMPP 5.0 §4.4.1.1: four TLVs are mandatory in broadcast_sm.
    let some = [
        Tlv::new(TlvTag::BROADCAST_AREA_IDENTIFIER, &[0, 1]),
        Tlv::new(TlvTag::BROADCAST_CONTENT_TYPE, &[0, 0, 1]),
    ];
    let b = Pdu::BroadcastSm(BroadcastSm {
        tlvs: Tlvs::List(&some),
        ..BroadcastSm::default()
    });
    let v = violations(&encode(&b, CommandStatus::ESME_ROK), V50);
    assert_eq!(
        v.iter()
            .map(|v| (v.command_status, v.tag))
            .collect::<Vec<_>>(),
        [
            (
                CommandStatus::ESME_RMISSINGOPTPARAM,
                Some(TlvTag::BROADCAST_REP_NUM)
            ),
            (
                CommandStatus::ESME_RMISSINGOPTPARAM,
                Some(TlvTag::BROADCAST_FREQUENCY_INTERVAL)
            ),
        ]
    );
    let all = [
        Tlv::new(TlvTag::BROADCAST_AREA_IDENTIFIER, &[0, 1]),
        Tlv::new(TlvTag::BROADCAST_CONTENT_TYPE, &[0, 0, 1]),
        Tlv::new(TlvTag::BROADCAST_REP_NUM, &[0, 1]),
        Tlv::new(TlvTag::BROADCAST_FREQUENCY_INTERVAL, &[1, 0, 5]),
    ];
    let b = Pdu::BroadcastSm(BroadcastSm {
        tlvs: Tlvs::List(&all),
        ..BroadcastSm::default()
    });
    assert_eq!(violations(&encode(&b, CommandStatus::ESME_ROK), V50), []);
    // query_broadcast_sm_resp (SMPP 5.0 §4.6.2.3): only when it succeeded.
    let q = Pdu::QueryBroadcastSmResp(QueryBroadcastSmResp {
        message_id: b"1",
        tlvs: Tlvs::EMPTY,
    });
    assert_eq!(
        statuses(&violations(&encode(&q, CommandStatus::ESME_ROK), V50)),
        [CommandStatus::ESME_RMISSINGOPTPARAM; 3]
    );
    assert_eq!(
        violations(&encode(&q, CommandStatus::ESME_RQUERYFAIL), V50),
        []
    );
}

#[test]
fn validate_submit_multi_checks_number_of_dests_first() {
    // SMPP 3.4 §4.5.1 allows 254 destinations, SMPP 5.0 §4.2.3.1 255.
    let dests: Vec<DestAddress<'_>> = (0..255)
        .map(|_| DestAddress::DistributionList { dl_name: b"all" })
        .collect();
    let multi = Pdu::SubmitMulti(SubmitMulti {
        dest_addresses: DestAddresses::List(&dests),
        short_message: b"Hi",
        ..SubmitMulti::default()
    });
    let bytes = encode(&multi, CommandStatus::ESME_ROK);
    assert_eq!(
        statuses(&violations(&bytes, V34)),
        [CommandStatus::ESME_RINVNUMDESTS]
    );
    assert_eq!(violations(&bytes, V50), []);

    // number_of_dests 2 with one entry: the esm_class after it would read
    // as a bad dest_flag, but the count is what is wrong (checked first).
    let one = [DestAddress::SmeAddress {
        dest_addr_ton: 1,
        dest_addr_npi: 1,
        destination_addr: b"447700900123",
    }];
    let multi = Pdu::SubmitMulti(SubmitMulti {
        dest_addresses: DestAddresses::List(&one),
        short_message: b"Hi",
        ..SubmitMulti::default()
    });
    let mut bytes = encode(&multi, CommandStatus::ESME_ROK);
    // service_type "", ton, npi, source_addr "": number_of_dests at body octet 4.
    assert_eq!(bytes[16 + 4], 1);
    bytes[16 + 4] = 2;
    let e = decode(&bytes).unwrap_err();
    assert_eq!(e, DecodeError::InvalidNumberOfDests { number_of_dests: 2 });
    assert_eq!(e.command_status(), CommandStatus::ESME_RINVNUMDESTS);
    // A bad dest_flag in an entry that is there is still ESME_RINVDESTFLAG.
    bytes[16 + 4] = 1;
    bytes[16 + 5] = 3;
    assert_eq!(
        decode(&bytes).unwrap_err().command_status(),
        CommandStatus::ESME_RINVDESTFLAG
    );
}
