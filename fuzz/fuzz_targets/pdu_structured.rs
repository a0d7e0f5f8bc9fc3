//! Structure-aware: `arbitrary` builds whole PDUs of every kind with field
//! values that are valid by construction (C-strings within their maximum and
//! NUL-free, valid times, TLVs of the right size), so the fuzzer spends its
//! time deep in the encoder and decoder instead of on framing errors.
//! Which values are generated follows each body's field table
//! (`Pdu::fields`), and the PDU is built with `Pdu::fill`, so a field added
//! to a table is fuzzed without a change here.
//! Encode → frame → decode gives the same PDU; re-encoding gives the same
//! bytes; SMPP 3.3 encoding drops exactly the TLVs.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use smpp_proto::codec::visit::{Field, FieldSpec, Kind, Value, Values};
use smpp_proto::codec::*;
use smpp_proto::{CommandStatus, InterfaceVersion, Pdu, SmppTime, TlvTag};

/// A C-Octet String of at most `max - 1` octets, NUL-free.
fn cstr(u: &mut Unstructured<'_>, max: usize) -> arbitrary::Result<Vec<u8>> {
    let len = u.int_in_range(0..=max - 1)?;
    (0..len).map(|_| u.int_in_range(1..=255u8)).collect()
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

fn tlvs(u: &mut Unstructured<'_>) -> arbitrary::Result<Vec<(TlvTag, Vec<u8>)>> {
    let n = u.int_in_range(0..=4)?;
    (0..n)
        .map(|_| {
            let (tag, value) = match u.int_in_range(0..=4u8)? {
                0 => (u.int_in_range(0x1400..=0x3FFF)?, Vec::<u8>::arbitrary(u)?),
                1 => (0x0204, vec![u.arbitrary()?, u.arbitrary()?]),
                2 => (0x0427, vec![u.arbitrary()?]),
                3 => (0x0423, vec![u.arbitrary()?, u.arbitrary()?, u.arbitrary()?]),
                _ => (0x0424, Vec::<u8>::arbitrary(u)?),
            };
            Ok((TlvTag(tag), value))
        })
        .collect()
}

/// A value valid for `kind` (C-strings within their maximum and NUL-free,
/// valid times, right-sized TLVs, lists of 1 to 5 entries); which kind is
/// asked for comes from the body's field table ([`Pdu::fields`]), so a field
/// added to a table is generated here without a change.
fn value(u: &mut Unstructured<'_>, kind: Kind) -> arbitrary::Result<Value> {
    Ok(match kind {
        Kind::U8 => Value::U8(u.arbitrary()?),
        Kind::Version => Value::Version(InterfaceVersion(u.arbitrary()?)),
        Kind::Status => Value::Status(CommandStatus(u.arbitrary()?)),
        Kind::CStr { max } => Value::CStr(cstr(u, max as usize)?),
        Kind::OptCStr { max } => Value::OptCStr(if u.ratio(1, 10)? {
            None
        } else {
            Some(cstr(u, max as usize)?)
        }),
        Kind::Time => Value::Time(time(u)?),
        Kind::ShortMessage => {
            let len = u.int_in_range(0..=255usize)?;
            Value::ShortMessage(
                (0..len)
                    .map(|_| u.arbitrary())
                    .collect::<arbitrary::Result<_>>()?,
            )
        }
        Kind::Tlvs => Value::Tlvs(tlvs(u)?),
        Kind::DestAddresses => Value::DestAddresses(
            (0..u.int_in_range(1..=5usize)?)
                .map(|_| entry(u, kind))
                .collect::<arbitrary::Result<_>>()?,
        ),
        Kind::UnsuccessSmes => Value::UnsuccessSmes(
            (0..u.int_in_range(0..=5usize)?)
                .map(|_| entry(u, kind))
                .collect::<arbitrary::Result<_>>()?,
        ),
        _ => return Err(arbitrary::Error::IncorrectFormat),
    })
}

/// One list entry, a value for each of its fields ([`Kind::entry_fields`]);
/// a dest_address is an SME address (dest_flag 1) or a distribution list
/// (dest_flag 2), with only that one's fields (SMPP 3.4 §4.5.1.1).
fn entry(u: &mut Unstructured<'_>, kind: Kind) -> arbitrary::Result<Values> {
    let dl = kind == Kind::DestAddresses && u.arbitrary()?;
    let mut e = Values::new();
    for s in kind.entry_fields() {
        let value = match s.field {
            Field::DestFlag => Value::U8(if dl { 2 } else { 1 }),
            Field::DlName if !dl => continue,
            Field::DlName => value(u, s.kind)?,
            _ if dl => continue,
            _ => value(u, s.kind)?,
        };
        e.push(s.field, value);
    }
    Ok(e)
}

#[derive(Debug)]
struct Input {
    command_id: CommandId,
    status: u32,
    seq: u32,
    values: Values,
}

impl<'a> Arbitrary<'a> for Input {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        // Every assigned command_id, and one unassigned (its body arbitrary,
        // as a short_message).
        let k = u.choose_index(CommandId::ALL.len() + 1)?;
        let command_id = CommandId::ALL
            .get(k)
            .copied()
            .unwrap_or(CommandId(0x0000_0110));
        let status = u.arbitrary()?;
        let seq = u.arbitrary()?;
        let specs = Pdu::fields(command_id).unwrap_or(&[FieldSpec {
            field: Field::ShortMessage,
            kind: Kind::ShortMessage,
        }]);
        let mut values = Values::new();
        for s in specs {
            let v = value(u, s.kind)?;
            // An absent response body has no other values (SMPP 3.4 §4.4.2).
            let absent = v == Value::OptCStr(None);
            values.push(s.field, v);
            if absent {
                break;
            }
        }
        Ok(Input {
            command_id,
            status,
            seq,
            values,
        })
    }
}

fuzz_target!(|i: Input| {
    // Every generated value is used (Views::pdu fails on one that is not).
    let views = i.values.views().expect("entries valid by construction");
    let filled = views
        .pdu(i.command_id)
        .unwrap_or_else(|e| panic!("the generator disagrees with the table: {e}"));
    let pdu = match (filled, i.values.get(Field::ShortMessage)) {
        (Some(pdu), _) => pdu,
        (None, Some(Value::ShortMessage(body))) => Pdu::Unknown {
            command_id: i.command_id,
            body,
        },
        (None, other) => panic!("no body for an unassigned command_id: {other:?}"),
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
