//! Property tests: every PDU kind with arbitrary field values encodes, decodes
//! to the same value and re-encodes to the same bytes; arbitrary bytes never
//! panic the framer or the decoder, and whatever decodes re-encodes exactly.

// Every PDU kind: needs smpp-proto's default pdu-* features.
#![cfg(all(
    feature = "pdu-multi",
    feature = "pdu-query",
    feature = "pdu-broadcast"
))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code panics on failure

use proptest::prelude::*;
use smpp_proto::codec::*;
use smpp_proto::{CommandStatus, InterfaceVersion, Pdu, SmppTime, Tlv, TlvTag, Tlvs};

fn cstring(max_len: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(1u8..=255, 0..=max_len)
}

fn time() -> impl Strategy<Value = SmppTime> {
    prop_oneof![
        Just(SmppTime::Empty),
        (
            0u8..100,
            1u8..=12,
            1u8..=31,
            0u8..24,
            0u8..60,
            0u8..60,
            0u8..10,
            0u8..=48,
            any::<bool>()
        )
            .prop_map(
                |(year, month, day, hour, minute, second, tenths, q, ahead)| {
                    SmppTime::Absolute(AbsoluteTime {
                        year,
                        month,
                        day,
                        hour,
                        minute,
                        second,
                        tenths,
                        utc_offset: if ahead {
                            UtcOffset::Ahead(q)
                        } else {
                            UtcOffset::Behind(q)
                        },
                    })
                }
            ),
        (0u8..100, 0u8..100, 0u8..100, 0u8..100, 0u8..100, 0u8..100).prop_map(
            |(years, months, days, hours, minutes, seconds)| {
                SmppTime::Relative(RelativeTime {
                    years,
                    months,
                    days,
                    hours,
                    minutes,
                    seconds,
                })
            }
        ),
    ]
}

/// TLVs whose values respect their tag's definition: vendor tags with any
/// value, and a few standard tags with values of the right size.
fn tlv() -> impl Strategy<Value = (u16, Vec<u8>)> {
    prop_oneof![
        (
            0x1400u16..=0x3FFF,
            prop::collection::vec(any::<u8>(), 0..20)
        ),
        prop::collection::vec(any::<u8>(), 2..=2).prop_map(|v| (0x0204, v)),
        prop::collection::vec(any::<u8>(), 1..=1).prop_map(|v| (0x0427, v)),
        prop::collection::vec(any::<u8>(), 3..=3).prop_map(|v| (0x0423, v)),
        prop::collection::vec(any::<u8>(), 0..300).prop_map(|v| (0x0424, v)),
    ]
}

#[derive(Debug, Clone)]
struct Fields {
    kind: usize,
    status: u32,
    seq: u32,
    short: Vec<u8>,
    mid: Vec<u8>,
    id: Vec<u8>,
    addr1: Vec<u8>,
    addr2: Vec<u8>,
    long: Vec<u8>,
    n: [u8; 8],
    t1: SmppTime,
    t2: SmppTime,
    sm: Vec<u8>,
    tlvs: Vec<(u16, Vec<u8>)>,
    dests: Vec<(bool, u8, u8, Vec<u8>)>,
}

fn fields() -> impl Strategy<Value = Fields> {
    (
        (0usize..35, any::<u32>(), any::<u32>()),
        (
            cstring(5),
            cstring(8),
            cstring(15),
            cstring(20),
            cstring(20),
            cstring(64),
        ),
        (any::<[u8; 8]>(), time(), time()),
        prop::collection::vec(any::<u8>(), 0..=255),
        prop::collection::vec(tlv(), 0..4),
        prop::collection::vec((any::<bool>(), any::<u8>(), any::<u8>(), cstring(20)), 1..5),
    )
        .prop_map(
            |(
                (kind, status, seq),
                (short, mid, id, addr1, addr2, long),
                (n, t1, t2),
                sm,
                tlvs,
                dests,
            )| Fields {
                kind,
                status,
                seq,
                short,
                mid,
                id,
                addr1,
                addr2,
                long,
                n,
                t1,
                t2,
                sm,
                tlvs,
                dests,
            },
        )
}

fn check(f: &Fields) {
    let tlv_list: Vec<Tlv<'_>> = f
        .tlvs
        .iter()
        .map(|(t, v)| Tlv::new(TlvTag(*t), v))
        .collect();
    let tlvs = Tlvs::List(&tlv_list);
    let dests: Vec<DestAddress<'_>> = f
        .dests
        .iter()
        .map(|(sme, ton, npi, a)| {
            if *sme {
                DestAddress::SmeAddress {
                    dest_addr_ton: *ton,
                    dest_addr_npi: *npi,
                    destination_addr: a,
                }
            } else {
                DestAddress::DistributionList { dl_name: a }
            }
        })
        .collect();
    let unsuccess: Vec<UnsuccessSme<'_>> = f
        .dests
        .iter()
        .map(|(_, ton, npi, a)| UnsuccessSme {
            dest_addr_ton: *ton,
            dest_addr_npi: *npi,
            destination_addr: a,
            error_status_code: CommandStatus(f.seq),
        })
        .collect();
    let n = f.n;
    let sm = SubmitSm {
        service_type: &f.short,
        source_addr_ton: n[0],
        source_addr_npi: n[1],
        source_addr: &f.addr1,
        dest_addr_ton: n[2],
        dest_addr_npi: n[3],
        destination_addr: &f.addr2,
        esm_class: n[4],
        protocol_id: n[5],
        priority_flag: n[6],
        schedule_delivery_time: f.t1,
        validity_period: f.t2,
        registered_delivery: n[7],
        replace_if_present_flag: n[0],
        data_coding: n[1],
        sm_default_msg_id: n[2],
        short_message: &f.sm,
        tlvs,
    };
    let bind = Bind {
        system_id: &f.id,
        password: &f.mid,
        system_type: &f.mid,
        interface_version: InterfaceVersion(n[0]),
        addr_ton: n[1],
        addr_npi: n[2],
        address_range: &f.long[..f.long.len().min(40)],
    };
    let bind_resp = BindResp {
        system_id: Some(&f.id),
        tlvs,
    };
    let sm_resp = SmResp {
        message_id: Some(&f.long),
        tlvs,
    };
    let pdu = match f.kind {
        0 => Pdu::BindTransmitter(bind),
        1 => Pdu::BindReceiver(bind),
        2 => Pdu::BindTransceiver(bind),
        3 => Pdu::BindTransmitterResp(bind_resp),
        4 => Pdu::BindReceiverResp(bind_resp),
        5 => Pdu::BindTransceiverResp(bind_resp),
        6 => Pdu::Outbind(Outbind {
            system_id: &f.id,
            password: &f.mid,
        }),
        7 => Pdu::Unbind,
        8 => Pdu::UnbindResp,
        9 => Pdu::GenericNack,
        10 => Pdu::SubmitSm(sm),
        11 => Pdu::SubmitSmResp(sm_resp),
        12 => Pdu::DeliverSm(sm),
        13 => Pdu::DeliverSmResp(sm_resp),
        14 => Pdu::DataSm(DataSm {
            service_type: &f.short,
            source_addr: &f.long,
            destination_addr: &f.addr2,
            esm_class: n[0],
            registered_delivery: n[1],
            data_coding: n[2],
            tlvs,
            ..DataSm::default()
        }),
        15 => Pdu::DataSmResp(sm_resp),
        16 => Pdu::SubmitMulti(SubmitMulti {
            service_type: &f.short,
            source_addr: &f.addr1,
            dest_addresses: DestAddresses::List(&dests),
            esm_class: n[3],
            schedule_delivery_time: f.t1,
            validity_period: f.t2,
            short_message: &f.sm,
            tlvs,
            ..SubmitMulti::default()
        }),
        17 => Pdu::SubmitMultiResp(SubmitMultiResp {
            message_id: Some(&f.long),
            unsuccess_smes: UnsuccessSmes::List(&unsuccess),
            tlvs,
        }),
        18 => Pdu::QuerySm(QuerySm {
            message_id: &f.long,
            source_addr_ton: n[0],
            source_addr_npi: n[1],
            source_addr: &f.addr1,
        }),
        19 => Pdu::QuerySmResp(QuerySmResp {
            message_id: &f.long,
            final_date: f.t1,
            message_state: n[0],
            error_code: n[1],
        }),
        20 => Pdu::CancelSm(CancelSm {
            service_type: &f.short,
            message_id: &f.long,
            source_addr: &f.addr1,
            destination_addr: &f.addr2,
            ..CancelSm::default()
        }),
        21 => Pdu::CancelSmResp,
        22 => Pdu::ReplaceSm(ReplaceSm {
            message_id: &f.long,
            source_addr: &f.addr1,
            schedule_delivery_time: f.t1,
            validity_period: f.t2,
            registered_delivery: n[2],
            sm_default_msg_id: n[3],
            short_message: &f.sm,
            tlvs,
            ..ReplaceSm::default()
        }),
        23 => Pdu::ReplaceSmResp,
        24 => Pdu::EnquireLink,
        25 => Pdu::EnquireLinkResp,
        26 => Pdu::AlertNotification(AlertNotification {
            source_addr: &f.long,
            esme_addr: &f.addr1,
            tlvs,
            ..AlertNotification::default()
        }),
        27 => Pdu::BroadcastSm(BroadcastSm {
            service_type: &f.short,
            source_addr: &f.addr1,
            message_id: &f.long,
            schedule_delivery_time: f.t1,
            validity_period: f.t2,
            tlvs,
            ..BroadcastSm::default()
        }),
        28 => Pdu::BroadcastSmResp(BroadcastSmResp {
            message_id: Some(&f.long),
            tlvs,
        }),
        29 => Pdu::QueryBroadcastSm(QueryBroadcastSm {
            message_id: &f.long,
            source_addr: &f.addr1,
            tlvs,
            ..QueryBroadcastSm::default()
        }),
        30 => Pdu::QueryBroadcastSmResp(QueryBroadcastSmResp {
            message_id: &f.long,
            tlvs,
        }),
        31 => Pdu::CancelBroadcastSm(CancelBroadcastSm {
            service_type: &f.short,
            message_id: &f.long,
            source_addr: &f.addr1,
            tlvs,
            ..CancelBroadcastSm::default()
        }),
        32 => Pdu::CancelBroadcastSmResp,
        33 => Pdu::SubmitSmResp(SmResp::default()),
        _ => Pdu::Unknown {
            command_id: CommandId(0x0000_0110),
            body: &f.sm,
        },
    };
    let len = pdu.encoded_len();
    let mut buf = vec![0xa5u8; len + 7];
    let written = pdu
        .encode(CommandStatus(f.status), f.seq, &mut buf)
        .expect("valid fields encode");
    assert_eq!(written, len);
    // Framing sees exactly one PDU even with trailing bytes.
    assert_eq!(frame(&buf, u32::MAX), Ok(Framing::Complete(len)));
    let (h, back) = decode(&buf[..len]).expect("what we encode decodes");
    assert_eq!(h.sequence_number, f.seq);
    assert_eq!(h.command_status, CommandStatus(f.status));
    assert_eq!(back, pdu);
    let mut again = vec![0u8; len];
    back.encode(h.command_status, h.sequence_number, &mut again)
        .unwrap();
    assert_eq!(&again[..], &buf[..len]);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn every_kind_round_trips(f in fields()) {
        check(&f);
    }

    #[test]
    fn arbitrary_bodies_never_panic(
        id in prop::sample::select(CommandId::ALL.to_vec()),
        status in any::<u32>(),
        seq in any::<u32>(),
        body in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&((16 + body.len()) as u32).to_be_bytes());
        bytes.extend_from_slice(&id.0.to_be_bytes());
        bytes.extend_from_slice(&status.to_be_bytes());
        bytes.extend_from_slice(&seq.to_be_bytes());
        bytes.extend_from_slice(&body);
        match decode(&bytes) {
            Ok((h, pdu)) => {
                let mut out = vec![0u8; pdu.encoded_len()];
                let n = pdu.encode(h.command_status, h.sequence_number, &mut out).unwrap();
                prop_assert_eq!(&out[..n], &bytes[..]);
            }
            Err(e) => {
                prop_assert!(!e.is_fatal());
                let _ = e.command_status();
            }
        }
    }

    #[test]
    fn framing_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..64), max in 16u32..100_000) {
        match frame(&bytes, max) {
            Ok(Framing::Complete(n)) => prop_assert!(n >= 16 && n <= bytes.len()),
            Ok(Framing::Partial(k)) => prop_assert!(k > 0),
            Err(_) => {}
        }
    }
}
