//! Structure-aware: `arbitrary` builds whole PDUs of every kind with field
//! values that are valid by construction (C-strings within their maximum and
//! NUL-free, valid times, TLVs of the right size), so the fuzzer spends its
//! time deep in the encoder and decoder instead of on framing errors.
//! Encode → frame → decode gives the same PDU; re-encoding gives the same
//! bytes; SMPP 3.3 encoding drops exactly the TLVs.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use smpp_proto::codec::*;
use smpp_proto::{CommandStatus, InterfaceVersion, Pdu, SmppTime, Tlv, TlvTag, Tlvs};

/// A C-Octet String of at most `max - 1` octets, NUL-free.
fn cstr(u: &mut Unstructured<'_>, max: usize) -> arbitrary::Result<Vec<u8>> {
    let len = u.int_in_range(0..=max - 1)?;
    (0..len).map(|_| Ok(u.int_in_range(1..=255u8)?)).collect()
}

fn time(u: &mut Unstructured<'_>) -> arbitrary::Result<SmppTime> {
    Ok(match u.int_in_range(0..=2u8)? {
        0 => SmppTime::Empty,
        1 => SmppTime::Absolute(AbsoluteTime {
            year: u.int_in_range(0..=99)?,
            month: u.int_in_range(1..=12)?,
            day: u.int_in_range(1..=31)?,
            hour: u.int_in_range(0..=23)?,
            minute: u.int_in_range(0..=59)?,
            second: u.int_in_range(0..=59)?,
            tenths: u.int_in_range(0..=9)?,
            utc_offset: if u.arbitrary()? {
                UtcOffset::Ahead(u.int_in_range(0..=48)?)
            } else {
                UtcOffset::Behind(u.int_in_range(0..=48)?)
            },
        }),
        _ => SmppTime::Relative(RelativeTime {
            years: u.int_in_range(0..=99)?,
            months: u.int_in_range(0..=99)?,
            days: u.int_in_range(0..=99)?,
            hours: u.int_in_range(0..=99)?,
            minutes: u.int_in_range(0..=99)?,
            seconds: u.int_in_range(0..=99)?,
        }),
    })
}

fn tlvs(u: &mut Unstructured<'_>) -> arbitrary::Result<Vec<(u16, Vec<u8>)>> {
    let n = u.int_in_range(0..=4)?;
    (0..n)
        .map(|_| {
            Ok(match u.int_in_range(0..=4u8)? {
                0 => (u.int_in_range(0x1400..=0x3FFF)?, Vec::<u8>::arbitrary(u)?),
                1 => (0x0204, vec![u.arbitrary()?, u.arbitrary()?]),
                2 => (0x0427, vec![u.arbitrary()?]),
                3 => (0x0423, vec![u.arbitrary()?, u.arbitrary()?, u.arbitrary()?]),
                _ => (0x0424, Vec::<u8>::arbitrary(u)?),
            })
        })
        .collect()
}

#[derive(Debug)]
struct Input {
    kind: u8,
    status: u32,
    seq: u32,
    s: [Vec<u8>; 6],
    n: [u8; 8],
    t: [SmppTime; 2],
    sm: Vec<u8>,
    tlvs: Vec<(u16, Vec<u8>)>,
    dests: Vec<(bool, u8, u8, Vec<u8>)>,
}

impl<'a> Arbitrary<'a> for Input {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let sm_len = u.int_in_range(0..=255usize)?;
        let ndest = u.int_in_range(1..=5usize)?;
        Ok(Input {
            kind: u.arbitrary()?,
            status: u.arbitrary()?,
            seq: u.arbitrary()?,
            s: [
                cstr(u, 6)?,
                cstr(u, 9)?,
                cstr(u, 16)?,
                cstr(u, 21)?,
                cstr(u, 21)?,
                cstr(u, 65)?,
            ],
            n: u.arbitrary()?,
            t: [time(u)?, time(u)?],
            sm: (0..sm_len)
                .map(|_| u.arbitrary())
                .collect::<arbitrary::Result<_>>()?,
            tlvs: tlvs(u)?,
            dests: (0..ndest)
                .map(|_| Ok((u.arbitrary()?, u.arbitrary()?, u.arbitrary()?, cstr(u, 21)?)))
                .collect::<arbitrary::Result<_>>()?,
        })
    }
}

fuzz_target!(|i: Input| {
    let tl: Vec<Tlv<'_>> = i
        .tlvs
        .iter()
        .map(|(t, v)| Tlv::new(TlvTag(*t), v))
        .collect();
    let tlvs = Tlvs::List(&tl);
    let dests: Vec<DestAddress<'_>> = i
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
    let unsuccess: Vec<UnsuccessSme<'_>> = i
        .dests
        .iter()
        .map(|(_, ton, npi, a)| UnsuccessSme {
            dest_addr_ton: *ton,
            dest_addr_npi: *npi,
            destination_addr: a,
            error_status_code: CommandStatus(i.status),
        })
        .collect();
    let [short, mid, id, a1, a2, long] = &i.s;
    let n = i.n;
    let sm = SubmitSm {
        service_type: short,
        source_addr_ton: n[0],
        source_addr_npi: n[1],
        source_addr: a1,
        dest_addr_ton: n[2],
        dest_addr_npi: n[3],
        destination_addr: a2,
        esm_class: n[4],
        protocol_id: n[5],
        priority_flag: n[6],
        schedule_delivery_time: i.t[0],
        validity_period: i.t[1],
        registered_delivery: n[7],
        replace_if_present_flag: n[0],
        data_coding: n[1],
        sm_default_msg_id: n[2],
        short_message: &i.sm,
        tlvs,
    };
    let bind = Bind {
        system_id: id,
        password: mid,
        system_type: mid,
        interface_version: InterfaceVersion(n[0]),
        addr_ton: n[1],
        addr_npi: n[2],
        address_range: a1,
    };
    let resp = SmResp {
        message_id: Some(long),
        tlvs,
    };
    let pdu = match i.kind % 24 {
        0 => Pdu::BindTransmitter(bind),
        1 => Pdu::BindReceiver(bind),
        2 => Pdu::BindTransceiverResp(BindResp {
            system_id: Some(id),
            tlvs,
        }),
        3 => Pdu::Outbind(Outbind {
            system_id: id,
            password: mid,
        }),
        4 => Pdu::SubmitSm(sm),
        5 => Pdu::DeliverSm(sm),
        6 => Pdu::SubmitSmResp(resp),
        7 => Pdu::DataSm(DataSm {
            service_type: short,
            source_addr: long,
            destination_addr: a2,
            tlvs,
            ..DataSm::default()
        }),
        8 => Pdu::SubmitMulti(SubmitMulti {
            service_type: short,
            source_addr: a1,
            dest_addresses: DestAddresses::List(&dests),
            schedule_delivery_time: i.t[0],
            short_message: &i.sm,
            tlvs,
            ..SubmitMulti::default()
        }),
        9 => Pdu::SubmitMultiResp(SubmitMultiResp {
            message_id: Some(long),
            unsuccess_smes: UnsuccessSmes::List(&unsuccess),
            tlvs,
        }),
        10 => Pdu::QuerySm(QuerySm {
            message_id: long,
            source_addr_ton: n[0],
            source_addr_npi: n[1],
            source_addr: a1,
        }),
        11 => Pdu::QuerySmResp(QuerySmResp {
            message_id: long,
            final_date: i.t[0],
            message_state: n[0],
            error_code: n[1],
        }),
        12 => Pdu::CancelSm(CancelSm {
            service_type: short,
            message_id: long,
            source_addr: a1,
            destination_addr: a2,
            ..CancelSm::default()
        }),
        13 => Pdu::ReplaceSm(ReplaceSm {
            message_id: long,
            source_addr: a1,
            schedule_delivery_time: i.t[0],
            validity_period: i.t[1],
            short_message: &i.sm,
            tlvs,
            ..ReplaceSm::default()
        }),
        14 => Pdu::AlertNotification(AlertNotification {
            source_addr: long,
            esme_addr: a1,
            tlvs,
            ..AlertNotification::default()
        }),
        15 => Pdu::BroadcastSm(BroadcastSm {
            service_type: short,
            source_addr: a1,
            message_id: long,
            validity_period: i.t[1],
            tlvs,
            ..BroadcastSm::default()
        }),
        16 => Pdu::BroadcastSmResp(BroadcastSmResp {
            message_id: Some(long),
            tlvs,
        }),
        17 => Pdu::QueryBroadcastSm(QueryBroadcastSm {
            message_id: long,
            source_addr: a1,
            tlvs,
            ..QueryBroadcastSm::default()
        }),
        18 => Pdu::QueryBroadcastSmResp(QueryBroadcastSmResp {
            message_id: long,
            tlvs,
        }),
        19 => Pdu::CancelBroadcastSm(CancelBroadcastSm {
            service_type: short,
            message_id: long,
            source_addr: a1,
            tlvs,
            ..CancelBroadcastSm::default()
        }),
        20 => Pdu::DataSmResp(resp),
        21 => Pdu::EnquireLink,
        22 => Pdu::GenericNack,
        _ => Pdu::Unknown {
            command_id: CommandId(0x0000_0110),
            body: &i.sm,
        },
    };
    let len = pdu.encoded_len();
    let mut buf = vec![0xa5u8; len + 3];
    let written = pdu
        .encode(CommandStatus(i.status), i.seq, &mut buf)
        .expect("valid fields encode");
    assert_eq!(written, len);
    assert_eq!(frame(&buf, u32::MAX), Ok(Framing::Complete(len)));
    let (h, back) = decode(&buf[..len]).expect("what we encode decodes");
    assert_eq!(back, pdu);
    assert_eq!(
        (h.command_status, h.sequence_number),
        (CommandStatus(i.status), i.seq)
    );
    let mut again = vec![0u8; len];
    back.encode(h.command_status, h.sequence_number, &mut again)
        .expect("re-encodes");
    assert_eq!(again, &buf[..len]);
    // SMPP 3.3: the same PDU without its TLVs.
    let len33 = pdu.encoded_len_for(InterfaceVersion::V33);
    let tlv_len = pdu.tlvs().map_or(0, |t| t.encoded_len());
    assert_eq!(len33 + tlv_len, len);
    let mut b33 = vec![0u8; len33];
    let r33 = pdu.encode_for(
        InterfaceVersion::V33,
        CommandStatus(i.status),
        i.seq,
        &mut b33,
    );
    // TLVs that carry the message (message_payload, sar_*) are refused, not dropped.
    if let Some(t) = pdu
        .tlvs()
        .and_then(|t| t.iter().find(|t| t.tag.carries_content()))
    {
        assert_eq!(
            r33,
            Err(smpp_proto::EncodeError::ContentTlvNotInVersion { tag: t.tag })
        );
        return;
    }
    r33.expect("3.3 encodes");
    let (_, p33) = decode(&b33).expect("3.3 decodes");
    assert!(p33.tlvs().is_none_or(|t| t.is_empty()));
});
