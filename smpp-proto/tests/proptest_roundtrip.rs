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
use smpp_proto::codec::visit::{Field, Fill, Kind, Visitor};
use smpp_proto::codec::*;
use smpp_proto::{CommandStatus, Pdu, SmppTime, Tlv, TlvTag, Tlvs};

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

/// One generated field value, owned; the kind comes from the body's field
/// table ([`Pdu::fields`]), so a field added to a table is generated here
/// without a change.
#[derive(Debug, Clone)]
enum Val {
    U8(u8),
    Bytes(Vec<u8>),
    Opt(Option<Vec<u8>>),
    Time(SmppTime),
    Tlvs(Vec<(u16, Vec<u8>)>),
    Dests(Vec<(bool, u8, u8, Vec<u8>)>),
    Unsuccess(Vec<(u8, u8, Vec<u8>, u32)>),
}

/// A value valid for `kind`: C-Octet Strings within their maximum and
/// NUL-free, valid times, TLVs of the right size, lists of 1 to 4 entries.
fn value(kind: Kind) -> BoxedStrategy<Val> {
    match kind {
        Kind::U8 | Kind::Version => any::<u8>().prop_map(Val::U8).boxed(),
        Kind::CStr { max } => cstring(max as usize - 1).prop_map(Val::Bytes).boxed(),
        Kind::OptCStr { max } => prop::option::weighted(0.9, cstring(max as usize - 1))
            .prop_map(Val::Opt)
            .boxed(),
        Kind::Time => time().prop_map(Val::Time).boxed(),
        Kind::ShortMessage => prop::collection::vec(any::<u8>(), 0..=255)
            .prop_map(Val::Bytes)
            .boxed(),
        Kind::Tlvs => prop::collection::vec(tlv(), 0..4)
            .prop_map(Val::Tlvs)
            .boxed(),
        Kind::DestAddresses => {
            prop::collection::vec((any::<bool>(), any::<u8>(), any::<u8>(), cstring(20)), 1..5)
                .prop_map(Val::Dests)
                .boxed()
        }
        Kind::UnsuccessSmes => {
            prop::collection::vec((any::<u8>(), any::<u8>(), cstring(20), any::<u32>()), 0..5)
                .prop_map(Val::Unsuccess)
                .boxed()
        }
        other => panic!("no generator for field kind {other:?}"),
    }
}

#[derive(Debug, Clone)]
struct Input {
    command_id: CommandId,
    status: u32,
    seq: u32,
    vals: Vec<Val>,
}

/// Every assigned command_id with its body generated from its field table,
/// and an unassigned one with an arbitrary body.
fn input() -> impl Strategy<Value = Input> {
    let ids: Vec<CommandId> = CommandId::ALL
        .iter()
        .copied()
        .chain([CommandId(0x0000_0110)])
        .collect();
    (prop::sample::select(ids), any::<u32>(), any::<u32>()).prop_flat_map(
        |(command_id, status, seq)| {
            let vals: Vec<BoxedStrategy<Val>> = match Pdu::fields(command_id) {
                Some(specs) => specs.iter().map(|s| value(s.kind)).collect(),
                None => vec![value(Kind::ShortMessage)],
            };
            vals.prop_map(move |vals| Input {
                command_id,
                status,
                seq,
                vals,
            })
        },
    )
}

/// Borrowed views of the list values, built once so [`Replay`] can hand out
/// slices that live as long as the input.
struct Views<'a> {
    tlvs: Vec<Vec<Tlv<'a>>>,
    dests: Vec<Vec<DestAddress<'a>>>,
    unsuccess: Vec<Vec<UnsuccessSme<'a>>>,
}

impl<'a> Views<'a> {
    fn new(vals: &'a [Val]) -> Self {
        let mut v = Views {
            tlvs: Vec::new(),
            dests: Vec::new(),
            unsuccess: Vec::new(),
        };
        for val in vals {
            v.tlvs.push(match val {
                Val::Tlvs(t) => t.iter().map(|(t, v)| Tlv::new(TlvTag(*t), v)).collect(),
                _ => Vec::new(),
            });
            v.dests.push(match val {
                Val::Dests(d) => d
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
                    .collect(),
                _ => Vec::new(),
            });
            v.unsuccess.push(match val {
                Val::Unsuccess(u) => u
                    .iter()
                    .map(|(ton, npi, a, code)| UnsuccessSme {
                        dest_addr_ton: *ton,
                        dest_addr_npi: *npi,
                        destination_addr: a,
                        error_status_code: CommandStatus(*code),
                    })
                    .collect(),
                _ => Vec::new(),
            });
        }
        v
    }
}

/// Fills a body from the generated values, in field-table order.
struct Replay<'a> {
    vals: &'a [Val],
    views: &'a Views<'a>,
    at: usize,
}

impl<'a> Replay<'a> {
    fn next(&mut self, field: Field) -> Result<&'a Val, String> {
        let v = self
            .vals
            .get(self.at)
            .ok_or_else(|| format!("no value left for {field}"))?;
        self.at += 1;
        Ok(v)
    }
}

impl<'a> Fill<'a> for Replay<'a> {
    type Error = String;
    fn u8(&mut self, field: Field) -> Result<u8, String> {
        match self.next(field)? {
            Val::U8(v) => Ok(*v),
            v => Err(format!("{field}: {v:?}")),
        }
    }
    fn cstr(&mut self, field: Field, _max: u16) -> Result<&'a [u8], String> {
        match self.next(field)? {
            Val::Bytes(v) => Ok(v),
            v => Err(format!("{field}: {v:?}")),
        }
    }
    fn opt_cstr(&mut self, field: Field, _max: u16) -> Result<Option<&'a [u8]>, String> {
        match self.next(field)? {
            Val::Opt(v) => Ok(v.as_deref()),
            v => Err(format!("{field}: {v:?}")),
        }
    }
    fn time(&mut self, field: Field) -> Result<SmppTime, String> {
        match self.next(field)? {
            Val::Time(t) => Ok(*t),
            v => Err(format!("{field}: {v:?}")),
        }
    }
    fn short_message(&mut self, field: Field) -> Result<&'a [u8], String> {
        self.cstr(field, 0)
    }
    fn tlvs(&mut self, field: Field) -> Result<Tlvs<'a>, String> {
        let at = self.at;
        self.next(field)?;
        Ok(Tlvs::List(&self.views.tlvs[at]))
    }
    fn dest_addresses(&mut self, field: Field) -> Result<DestAddresses<'a>, String> {
        let at = self.at;
        self.next(field)?;
        Ok(DestAddresses::List(&self.views.dests[at]))
    }
    fn unsuccess_smes(&mut self, field: Field) -> Result<UnsuccessSmes<'a>, String> {
        let at = self.at;
        self.next(field)?;
        Ok(UnsuccessSmes::List(&self.views.unsuccess[at]))
    }
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
    let views = Views::new(&f.vals);
    let mut replay = Replay {
        vals: &f.vals,
        views: &views,
        at: 0,
    };
    let pdu = match Pdu::fill(f.command_id, &mut replay).unwrap() {
        Some(pdu) => pdu,
        None => Pdu::Unknown {
            command_id: f.command_id,
            body: replay.short_message(Field::ShortMessage).unwrap(),
        },
    };
    assert_eq!(replay.at, f.vals.len(), "every generated value is used");
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
