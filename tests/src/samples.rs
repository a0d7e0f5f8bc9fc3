//! One realistic sample of every PDU kind, for the Wireshark check, the
//! allocation count and the benchmarks.

use smpp_proto::codec::{
    AbsoluteTime, AlertNotification, Bind, BindResp, BroadcastSm, BroadcastSmResp,
    CancelBroadcastSm, CancelSm, DataSm, DestAddress, DestAddresses, Outbind, QueryBroadcastSm,
    QueryBroadcastSmResp, QuerySm, QuerySmResp, RelativeTime, ReplaceSm, SmResp, SubmitMulti,
    SubmitMultiResp, SubmitSm, UnsuccessSme, UnsuccessSmes, UtcOffset,
};
use smpp_proto::{CommandStatus, InterfaceVersion, Pdu, SmppTime, Tlv, TlvTag, Tlvs};

const SUBMIT_TLVS: &[Tlv<'static>] = &[
    Tlv::new(TlvTag::USER_MESSAGE_REFERENCE, &[0, 7]),
    Tlv::new(TlvTag::SOURCE_PORT, &[0x0b, 0x84]),
    Tlv::new(TlvTag(0x2900), b"vendor"),
];
const RECEIPT_TLVS: &[Tlv<'static>] = &[
    Tlv::new(TlvTag::RECEIPTED_MESSAGE_ID, b"0123456789\0"),
    Tlv::new(TlvTag::MESSAGE_STATE, &[2]),
    Tlv::new(TlvTag::NETWORK_ERROR_CODE, &[3, 0, 0]),
];
const BIND_RESP_TLVS: &[Tlv<'static>] = &[Tlv::new(TlvTag::SC_INTERFACE_VERSION, &[0x34])];
const DATA_TLVS: &[Tlv<'static>] = &[
    Tlv::new(TlvTag::MESSAGE_PAYLOAD, b"a long payload carried in a TLV"),
    Tlv::new(TlvTag::SAR_MSG_REF_NUM, &[0x12, 0x34]),
    Tlv::new(TlvTag::SAR_TOTAL_SEGMENTS, &[2]),
    Tlv::new(TlvTag::SAR_SEGMENT_SEQNUM, &[1]),
];
const BROADCAST_TLVS: &[Tlv<'static>] = &[
    Tlv::new(TlvTag::BROADCAST_AREA_IDENTIFIER, &[0, 0x12, 0x34]),
    Tlv::new(TlvTag::BROADCAST_CONTENT_TYPE, &[0, 0, 0x10]),
    Tlv::new(TlvTag::BROADCAST_REP_NUM, &[0, 1]),
    Tlv::new(TlvTag::BROADCAST_FREQUENCY_INTERVAL, &[9, 0, 5]),
];
const QBR_TLVS: &[Tlv<'static>] = &[
    Tlv::new(TlvTag::MESSAGE_STATE, &[1]),
    Tlv::new(TlvTag::BROADCAST_AREA_IDENTIFIER, &[0, 0x12, 0x34]),
    Tlv::new(TlvTag::BROADCAST_AREA_SUCCESS, &[50]),
];
const UMR_TLVS: &[Tlv<'static>] = &[Tlv::new(TlvTag::USER_MESSAGE_REFERENCE, &[0x12, 0x34])];
const ALERT_TLVS: &[Tlv<'static>] = &[Tlv::new(TlvTag::MS_AVAILABILITY_STATUS, &[0])];
const DESTS: &[DestAddress<'static>] = &[
    DestAddress::SmeAddress {
        dest_addr_ton: 1,
        dest_addr_npi: 1,
        destination_addr: b"447700900001",
    },
    DestAddress::DistributionList {
        dl_name: b"friends",
    },
];
const UNSUCCESS: &[UnsuccessSme<'static>] = &[UnsuccessSme {
    dest_addr_ton: 1,
    dest_addr_npi: 1,
    destination_addr: b"447700900002",
    error_status_code: CommandStatus::ESME_RINVDSTADR,
}];

/// An absolute time, 2026-11-25 13:14:56.0 UTC+1.
pub const SCHEDULE: SmppTime = SmppTime::Absolute(AbsoluteTime {
    year: 26,
    month: 11,
    day: 25,
    hour: 13,
    minute: 14,
    second: 56,
    tenths: 0,
    utc_offset: UtcOffset::Ahead(4),
});
/// A relative time of one day.
pub const ONE_DAY: SmppTime = SmppTime::Relative(RelativeTime {
    years: 0,
    months: 0,
    days: 1,
    hours: 0,
    minutes: 0,
    seconds: 0,
});

/// A submit_sm with a 47-octet GSM text and one TLV.
pub fn submit_sm() -> SubmitSm<'static> {
    SubmitSm {
        service_type: b"",
        source_addr_ton: 5,
        source_addr_npi: 0,
        source_addr: b"Sender",
        dest_addr_ton: 1,
        dest_addr_npi: 1,
        destination_addr: b"447700900123",
        registered_delivery: 1,
        short_message: b"Hello from the SMPP benchmark, 48 bytes long!!!",
        tlvs: Tlvs::List(&SUBMIT_TLVS[..1]),
        ..SubmitSm::default()
    }
}

/// A deliver_sm carrying a delivery receipt with its TLVs.
pub fn deliver_sm_receipt() -> SubmitSm<'static> {
    SubmitSm {
        source_addr_ton: 1,
        source_addr_npi: 1,
        source_addr: b"447700900123",
        dest_addr_ton: 5,
        dest_addr_npi: 0,
        destination_addr: b"Sender",
        esm_class: 0x04,
        short_message: b"id:0123456789 sub:001 dlvrd:001 submit date:2611251314 done date:2611251315 stat:DELIVRD err:000 text:Hello from the SMPP",
        tlvs: Tlvs::List(&RECEIPT_TLVS[..2]),
        ..SubmitSm::default()
    }
}

/// Every PDU kind of SMPP 3.4 and 5.0, each with a status and a sequence number.
pub fn every_pdu_kind() -> Vec<(CommandStatus, u32, Pdu<'static>)> {
    let bind = Bind {
        system_id: b"smppclient1",
        password: b"password",
        system_type: b"VMA",
        interface_version: InterfaceVersion::V34,
        addr_ton: 1,
        addr_npi: 1,
        address_range: b"^4477",
    };
    let bind_resp = BindResp {
        system_id: Some(b"SMSC"),
        tlvs: Tlvs::List(BIND_RESP_TLVS),
    };
    let ok = CommandStatus::ESME_ROK;
    let sm_resp = SmResp {
        message_id: Some(b"0123456789"),
        tlvs: Tlvs::EMPTY,
    };
    let full_submit = SubmitSm {
        service_type: b"CMT",
        esm_class: 0x40,
        protocol_id: 0,
        priority_flag: 1,
        schedule_delivery_time: SCHEDULE,
        validity_period: ONE_DAY,
        data_coding: 8,
        short_message: &[0x05, 0x00, 0x03, 0x2a, 0x02, 0x01, 0x00, 0x48, 0x00, 0x69],
        tlvs: Tlvs::List(SUBMIT_TLVS),
        ..submit_sm()
    };
    vec![
        (ok, 1, Pdu::BindTransmitter(bind)),
        (ok, 1, Pdu::BindTransmitterResp(bind_resp)),
        (ok, 2, Pdu::BindReceiver(bind)),
        (ok, 2, Pdu::BindReceiverResp(bind_resp)),
        (ok, 3, Pdu::BindTransceiver(bind)),
        (ok, 3, Pdu::BindTransceiverResp(bind_resp)),
        (
            CommandStatus::ESME_RINVPASWD,
            4,
            Pdu::BindTransceiverResp(BindResp::default()),
        ),
        (
            ok,
            5,
            Pdu::Outbind(Outbind {
                system_id: b"SMSC",
                password: b"secret",
            }),
        ),
        (ok, 6, Pdu::Unbind),
        (ok, 6, Pdu::UnbindResp),
        (CommandStatus::ESME_RINVCMDID, 7, Pdu::GenericNack),
        (ok, 8, Pdu::SubmitSm(submit_sm())),
        (ok, 9, Pdu::SubmitSm(full_submit)),
        (ok, 9, Pdu::SubmitSmResp(sm_resp)),
        (
            CommandStatus::ESME_RTHROTTLED,
            10,
            Pdu::SubmitSmResp(SmResp::default()),
        ),
        (
            ok,
            11,
            Pdu::SubmitMulti(SubmitMulti {
                source_addr: b"Sender",
                dest_addresses: DestAddresses::List(DESTS),
                short_message: b"to many",
                ..SubmitMulti::default()
            }),
        ),
        (
            ok,
            11,
            Pdu::SubmitMultiResp(SubmitMultiResp {
                message_id: Some(b"m-1"),
                unsuccess_smes: UnsuccessSmes::List(UNSUCCESS),
                tlvs: Tlvs::EMPTY,
            }),
        ),
        (ok, 12, Pdu::DeliverSm(deliver_sm_receipt())),
        (
            ok,
            12,
            Pdu::DeliverSmResp(SmResp {
                message_id: Some(b""),
                tlvs: Tlvs::EMPTY,
            }),
        ),
        (
            ok,
            13,
            Pdu::DataSm(DataSm {
                source_addr: b"447700900123",
                destination_addr: b"12345",
                data_coding: 0,
                tlvs: Tlvs::List(DATA_TLVS),
                ..DataSm::default()
            }),
        ),
        (ok, 13, Pdu::DataSmResp(sm_resp)),
        (
            ok,
            14,
            Pdu::QuerySm(QuerySm {
                message_id: b"0123456789",
                source_addr_ton: 5,
                source_addr_npi: 0,
                source_addr: b"Sender",
            }),
        ),
        (
            ok,
            14,
            Pdu::QuerySmResp(QuerySmResp {
                message_id: b"0123456789",
                final_date: SCHEDULE,
                message_state: 2,
                error_code: 0,
            }),
        ),
        (
            ok,
            15,
            Pdu::CancelSm(CancelSm {
                message_id: b"0123456789",
                source_addr: b"Sender",
                destination_addr: b"447700900123",
                ..CancelSm::default()
            }),
        ),
        (ok, 15, Pdu::CancelSmResp),
        (
            ok,
            16,
            Pdu::ReplaceSm(ReplaceSm {
                message_id: b"0123456789",
                source_addr: b"Sender",
                schedule_delivery_time: SCHEDULE,
                validity_period: ONE_DAY,
                registered_delivery: 1,
                short_message: b"replacement text",
                ..ReplaceSm::default()
            }),
        ),
        (ok, 16, Pdu::ReplaceSmResp),
        (ok, 17, Pdu::EnquireLink),
        (ok, 17, Pdu::EnquireLinkResp),
        (
            ok,
            18,
            Pdu::AlertNotification(AlertNotification {
                source_addr_ton: 1,
                source_addr_npi: 1,
                source_addr: b"447700900123",
                esme_addr_ton: 5,
                esme_addr_npi: 0,
                esme_addr: b"Sender",
                tlvs: Tlvs::List(ALERT_TLVS),
            }),
        ),
        (
            ok,
            19,
            Pdu::BroadcastSm(BroadcastSm {
                service_type: b"CBS",
                source_addr: b"Sender",
                message_id: b"",
                validity_period: ONE_DAY,
                tlvs: Tlvs::List(BROADCAST_TLVS),
                ..BroadcastSm::default()
            }),
        ),
        (
            ok,
            19,
            Pdu::BroadcastSmResp(BroadcastSmResp {
                message_id: Some(b"b-1"),
                tlvs: Tlvs::EMPTY,
            }),
        ),
        (
            ok,
            20,
            Pdu::QueryBroadcastSm(QueryBroadcastSm {
                message_id: b"b-1",
                source_addr: b"Sender",
                tlvs: Tlvs::List(UMR_TLVS),
                ..QueryBroadcastSm::default()
            }),
        ),
        (
            ok,
            20,
            Pdu::QueryBroadcastSmResp(QueryBroadcastSmResp {
                message_id: b"b-1",
                tlvs: Tlvs::List(QBR_TLVS),
            }),
        ),
        (
            ok,
            21,
            Pdu::CancelBroadcastSm(CancelBroadcastSm {
                service_type: b"CBS",
                message_id: b"b-1",
                source_addr: b"Sender",
                tlvs: Tlvs::List(UMR_TLVS),
                ..CancelBroadcastSm::default()
            }),
        ),
        (ok, 21, Pdu::CancelBroadcastSmResp),
    ]
}

/// Encodes a sample into a fresh buffer.
pub fn encode(status: CommandStatus, seq: u32, pdu: &Pdu<'_>) -> Vec<u8> {
    let mut buf = vec![0xa5; pdu.encoded_len()];
    let n = pdu.encode(status, seq, &mut buf).expect("sample encodes");
    assert_eq!(n, buf.len());
    buf
}
