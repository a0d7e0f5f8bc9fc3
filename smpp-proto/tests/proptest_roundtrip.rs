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
use smpp_proto::codec::visit::{Field, FieldSpec, Kind, OwnedField, Value, Values, Visitor};
use smpp_proto::codec::*;
use smpp_proto::{CommandStatus, InterfaceVersion, Pdu, SmppTime, TlvTag, Tlvs};

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

/// A value valid for `kind`: C-Octet Strings within their maximum and
/// NUL-free, valid times, TLVs of the right size, lists of 1 to 4 entries.
/// The kind comes from the body's field table ([`Pdu::fields`]), so a field
/// added to a table is generated here without a change.
fn value(kind: Kind) -> BoxedStrategy<Value> {
    match kind {
        Kind::U8 => any::<u8>().prop_map(Value::U8).boxed(),
        Kind::Version => any::<u8>()
            .prop_map(|v| Value::Version(InterfaceVersion(v)))
            .boxed(),
        Kind::Status => any::<u32>()
            .prop_map(|s| Value::Status(CommandStatus(s)))
            .boxed(),
        Kind::CStr { max } => cstring(max as usize - 1).prop_map(Value::CStr).boxed(),
        Kind::OptCStr { max } => prop::option::weighted(0.9, cstring(max as usize - 1))
            .prop_map(Value::OptCStr)
            .boxed(),
        Kind::Time => time().prop_map(Value::Time).boxed(),
        Kind::ShortMessage => prop::collection::vec(any::<u8>(), 0..=255)
            .prop_map(Value::ShortMessage)
            .boxed(),
        Kind::Tlvs => prop::collection::vec(tlv(), 0..4)
            .prop_map(|t| Value::Tlvs(t.into_iter().map(|(tag, v)| (TlvTag(tag), v)).collect()))
            .boxed(),
        Kind::DestAddresses => prop::collection::vec(entry(kind), 1..5)
            .prop_map(Value::DestAddresses)
            .boxed(),
        Kind::UnsuccessSmes => prop::collection::vec(entry(kind), 0..5)
            .prop_map(Value::UnsuccessSmes)
            .boxed(),
        other => panic!("no generator for field kind {other:?}"),
    }
}

/// One list entry, a value for each of its fields ([`Kind::entry_fields`]);
/// a dest_address is an SME address (dest_flag 1) or a distribution list
/// (dest_flag 2), with only that one's fields (SMPP 3.4 §4.5.1.1).
fn entry(kind: Kind) -> BoxedStrategy<Values> {
    let specs = kind.entry_fields();
    let vals: Vec<_> = specs.iter().map(|s| value(s.kind)).collect();
    (vals, any::<bool>())
        .prop_map(move |(vals, dl)| {
            let dl = dl && kind == Kind::DestAddresses;
            specs
                .iter()
                .zip(vals)
                .filter_map(|(s, value)| {
                    let value = match s.field {
                        Field::DestFlag => Value::U8(if dl { 2 } else { 1 }),
                        Field::DlName if !dl => return None,
                        Field::DlName => value,
                        _ if dl => return None,
                        _ => value,
                    };
                    Some(OwnedField {
                        field: s.field,
                        value,
                    })
                })
                .collect()
        })
        .boxed()
}

#[derive(Debug, Clone)]
struct Input {
    command_id: CommandId,
    status: u32,
    seq: u32,
    values: Values,
}

/// Every assigned command_id with its body generated from its field table,
/// and an unassigned one with an arbitrary body (as its short_message).
fn input() -> impl Strategy<Value = Input> {
    let ids: Vec<CommandId> = CommandId::ALL
        .iter()
        .copied()
        .chain([CommandId(0x0000_0110)])
        .collect();
    (prop::sample::select(ids), any::<u32>(), any::<u32>()).prop_flat_map(
        |(command_id, status, seq)| {
            let specs = Pdu::fields(command_id).unwrap_or(&[FieldSpec {
                field: Field::ShortMessage,
                kind: Kind::ShortMessage,
            }]);
            let vals: Vec<_> = specs
                .iter()
                .map(|s| {
                    let field = s.field;
                    value(s.kind).prop_map(move |value| OwnedField { field, value })
                })
                .collect();
            vals.prop_map(move |mut vals| {
                // An absent response body has no other values (SMPP 3.4 §4.4.2).
                if matches!(vals.first(), Some(f) if f.value == Value::OptCStr(None)) {
                    vals.truncate(1);
                }
                Input {
                    command_id,
                    status,
                    seq,
                    values: vals.into_iter().collect(),
                }
            })
        },
    )
}

/// Records the fields a visitor is handed, to check them against the table.
struct Names(Vec<Field>);

impl<'a> Visitor<'a> for Names {
    fn u8(&mut self, field: Field, _: u8) {
        self.0.push(field);
    }
    fn cstr(&mut self, field: Field, _: u16, _: &'a [u8]) {
        self.0.push(field);
    }
    fn opt_cstr(&mut self, field: Field, _: u16, _: Option<&'a [u8]>) {
        self.0.push(field);
    }
    fn time(&mut self, field: Field, _: SmppTime) {
        self.0.push(field);
    }
    fn short_message(&mut self, field: Field, _: &'a [u8]) {
        self.0.push(field);
    }
    fn tlvs(&mut self, field: Field, _: Tlvs<'a>) {
        self.0.push(field);
    }
    fn dest_addresses(&mut self, field: Field, _: DestAddresses<'a>) {
        self.0.push(field);
    }
    fn unsuccess_smes(&mut self, field: Field, _: UnsuccessSmes<'a>) {
        self.0.push(field);
    }
}

fn check(f: &Input) {
    // Every generated value is used (Views::pdu fails on one that is not).
    let views = f.values.views().unwrap();
    let pdu = match views.pdu(f.command_id).unwrap() {
        Some(pdu) => pdu,
        None => match f.values.get(Field::ShortMessage) {
            Some(Value::ShortMessage(body)) => Pdu::Unknown {
                command_id: f.command_id,
                body,
            },
            other => panic!("no body for an unassigned command_id: {other:?}"),
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
    // The visitor walks the decoded body in the order of its field table
    // (an absent optional body stops after its first field).
    let mut names = Names(Vec::new());
    back.visit(&mut names);
    let table: Vec<Field> = Pdu::fields(f.command_id)
        .unwrap_or_default()
        .iter()
        .map(|s| s.field)
        .collect();
    if back.encoded_len() == 16 && !table.is_empty() {
        assert_eq!(names.0, table[..1]);
    } else {
        assert_eq!(names.0, table);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn every_kind_round_trips(f in input()) {
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
