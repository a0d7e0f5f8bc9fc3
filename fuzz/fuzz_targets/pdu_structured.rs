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
use smpp_proto::codec::visit::{Field, Fill, Kind};
use smpp_proto::codec::*;
use smpp_proto::{CommandStatus, InterfaceVersion, Pdu, SmppTime, Tlv, TlvTag, Tlvs};

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

/// One generated field value, owned; which kind is asked for comes from the
/// body's field table ([`Pdu::fields`]), so a field added to a table is
/// generated here without a change.
#[derive(Debug)]
enum Val {
    U8(u8),
    Bytes(Vec<u8>),
    Opt(Option<Vec<u8>>),
    Time(SmppTime),
    Tlvs(Vec<(u16, Vec<u8>)>),
    Dests(Vec<(bool, u8, u8, Vec<u8>)>),
    Unsuccess(Vec<(u8, u8, Vec<u8>, u32)>),
}

/// A value valid for `kind` (C-strings within their maximum and NUL-free,
/// valid times, right-sized TLVs, lists of 1 to 5 entries).
fn value(u: &mut Unstructured<'_>, kind: Kind) -> arbitrary::Result<Val> {
    Ok(match kind {
        Kind::U8 | Kind::Version => Val::U8(u.arbitrary()?),
        Kind::CStr { max } => Val::Bytes(cstr(u, max as usize)?),
        Kind::OptCStr { max } => Val::Opt(if u.ratio(1, 10)? {
            None
        } else {
            Some(cstr(u, max as usize)?)
        }),
        Kind::Time => Val::Time(time(u)?),
        Kind::ShortMessage => {
            let len = u.int_in_range(0..=255usize)?;
            Val::Bytes(
                (0..len)
                    .map(|_| u.arbitrary())
                    .collect::<arbitrary::Result<_>>()?,
            )
        }
        Kind::Tlvs => Val::Tlvs(tlvs(u)?),
        Kind::DestAddresses => Val::Dests(
            (0..u.int_in_range(1..=5usize)?)
                .map(|_| Ok((u.arbitrary()?, u.arbitrary()?, u.arbitrary()?, cstr(u, 21)?)))
                .collect::<arbitrary::Result<_>>()?,
        ),
        Kind::UnsuccessSmes => Val::Unsuccess(
            (0..u.int_in_range(0..=5usize)?)
                .map(|_| Ok((u.arbitrary()?, u.arbitrary()?, cstr(u, 21)?, u.arbitrary()?)))
                .collect::<arbitrary::Result<_>>()?,
        ),
        _ => return Err(arbitrary::Error::IncorrectFormat),
    })
}

#[derive(Debug)]
struct Input {
    command_id: CommandId,
    status: u32,
    seq: u32,
    vals: Vec<Val>,
}

impl<'a> Arbitrary<'a> for Input {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        // Every assigned command_id, and one unassigned (its body arbitrary).
        let k = u.choose_index(CommandId::ALL.len() + 1)?;
        let command_id = CommandId::ALL
            .get(k)
            .copied()
            .unwrap_or(CommandId(0x0000_0110));
        let status = u.arbitrary()?;
        let seq = u.arbitrary()?;
        let vals = match Pdu::fields(command_id) {
            Some(specs) => specs
                .iter()
                .map(|s| value(u, s.kind))
                .collect::<arbitrary::Result<_>>()?,
            None => vec![value(u, Kind::ShortMessage)?],
        };
        Ok(Input {
            command_id,
            status,
            seq,
            vals,
        })
    }
}

/// Borrowed views of the list values, so [`Replay`] can hand out slices
/// that live as long as the input.
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

/// A value of the wrong kind for the field asked (a table and its
/// generator disagree).
#[derive(Debug)]
struct Mismatch(Field);

impl<'a> Replay<'a> {
    fn next(&mut self, field: Field) -> Result<(usize, &'a Val), Mismatch> {
        let at = self.at;
        self.at += 1;
        Ok((at, self.vals.get(at).ok_or(Mismatch(field))?))
    }
}

impl<'a> Fill<'a> for Replay<'a> {
    type Error = Mismatch;
    fn u8(&mut self, field: Field) -> Result<u8, Mismatch> {
        match self.next(field)?.1 {
            Val::U8(v) => Ok(*v),
            _ => Err(Mismatch(field)),
        }
    }
    fn cstr(&mut self, field: Field, _max: u16) -> Result<&'a [u8], Mismatch> {
        match self.next(field)?.1 {
            Val::Bytes(v) => Ok(v),
            _ => Err(Mismatch(field)),
        }
    }
    fn opt_cstr(&mut self, field: Field, _max: u16) -> Result<Option<&'a [u8]>, Mismatch> {
        match self.next(field)?.1 {
            Val::Opt(v) => Ok(v.as_deref()),
            _ => Err(Mismatch(field)),
        }
    }
    fn time(&mut self, field: Field) -> Result<SmppTime, Mismatch> {
        match self.next(field)?.1 {
            Val::Time(t) => Ok(*t),
            _ => Err(Mismatch(field)),
        }
    }
    fn short_message(&mut self, field: Field) -> Result<&'a [u8], Mismatch> {
        self.cstr(field, 0)
    }
    fn tlvs(&mut self, field: Field) -> Result<Tlvs<'a>, Mismatch> {
        let (at, _) = self.next(field)?;
        Ok(Tlvs::List(&self.views.tlvs[at]))
    }
    fn dest_addresses(&mut self, field: Field) -> Result<DestAddresses<'a>, Mismatch> {
        let (at, _) = self.next(field)?;
        Ok(DestAddresses::List(&self.views.dests[at]))
    }
    fn unsuccess_smes(&mut self, field: Field) -> Result<UnsuccessSmes<'a>, Mismatch> {
        let (at, _) = self.next(field)?;
        Ok(UnsuccessSmes::List(&self.views.unsuccess[at]))
    }
}

fuzz_target!(|i: Input| {
    let views = Views::new(&i.vals);
    let mut replay = Replay {
        vals: &i.vals,
        views: &views,
        at: 0,
    };
    let filled = Pdu::fill(i.command_id, &mut replay)
        .unwrap_or_else(|Mismatch(f)| panic!("the generator disagrees with the table on {f}"));
    let pdu = match filled {
        Some(pdu) => pdu,
        None => Pdu::Unknown {
            command_id: i.command_id,
            body: replay
                .short_message(Field::ShortMessage)
                .expect("one body value"),
        },
    };
    assert_eq!(replay.at, i.vals.len(), "every generated value is used");
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
