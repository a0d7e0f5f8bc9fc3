//! Owned field values of a PDU body (feature `alloc`): the form a mapping to
//! another value model (JSON, Python dicts) or a generator holds.
//!
//! Read first: SMPP 3.4 §4 (each PDU's table of mandatory fields), §5.2 (the
//! fields), §5.3 (TLVs), §4.5.1.1 and §4.5.2.1 (the submit_multi lists),
//! §4.4.2 (response bodies that are absent); SMPP 5.0 §4.
//!
//! The public docs and an example are on [`Values`].

use alloc::vec::Vec;
use core::fmt;

#[cfg(feature = "pdu-multi")]
use super::lists::{
    DestAddress, DestAddresses, UnsuccessSme, UnsuccessSmes, DEST_FLAG_DL, DEST_FLAG_SME,
};
use super::names::{Field, Kind};
#[cfg(feature = "pdu-multi")]
use super::names::{ADDR21_MAX, DL_NAME_MAX};
use super::visit::{Fill, Visitor};
use super::{CommandId, CommandStatus, InterfaceVersion, Pdu, SmppTime, Tlv, TlvTag, Tlvs};

/// The owned value of one field; one variant per [`Kind`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Value {
    /// [`Kind::U8`]: an Integer of 1 octet.
    U8(u8),
    /// [`Kind::Version`]: interface_version (SMPP 3.4 §5.2.4).
    Version(InterfaceVersion),
    /// [`Kind::CStr`]: a C-Octet String without its NUL (SMPP 3.4 §3.1).
    /// Octets, not text: the spec does not promise UTF-8.
    CStr(Vec<u8>),
    /// [`Kind::OptCStr`]: the first field of a body that may be absent;
    /// `None` for no body at all (SMPP 3.4 §4.4.2).
    OptCStr(Option<Vec<u8>>),
    /// [`Kind::Time`]: a time field (SMPP 3.4 §7.1). Its text is
    /// [`SmppTime`]'s `Display`, read back by [`SmppTime::parse`].
    Time(SmppTime),
    /// [`Kind::ShortMessage`]: the octets of short_message; sm_length is
    /// their count (SMPP 3.4 §5.2.21–22).
    ShortMessage(Vec<u8>),
    /// [`Kind::Tlvs`]: the TLVs in wire order, each a tag and its value
    /// octets (SMPP 3.4 §5.3).
    Tlvs(Vec<(TlvTag, Vec<u8>)>),
    /// [`Kind::DestAddresses`]: submit_multi's dest_address entries, each
    /// with the fields of [`Kind::entry_fields`]; number_of_dests is their
    /// count (SMPP 3.4 §4.5.1.1).
    DestAddresses(Vec<Values>),
    /// [`Kind::UnsuccessSmes`]: submit_multi_resp's unsuccess_sme entries,
    /// each with the fields of [`Kind::entry_fields`]; no_unsuccess is their
    /// count (SMPP 3.4 §4.5.2.1).
    UnsuccessSmes(Vec<Values>),
    /// [`Kind::Status`]: a command_status of 4 octets (error_status_code).
    Status(CommandStatus),
}

impl Value {
    /// Whether this is the value a field of its kind takes when left out
    /// (0, empty, the NULL time, no body, ESME_ROK).
    pub fn is_empty(&self) -> bool {
        match self {
            Value::U8(v) => *v == 0,
            Value::Version(v) => v.0 == 0,
            Value::CStr(v) | Value::ShortMessage(v) => v.is_empty(),
            Value::OptCStr(v) => v.is_none(),
            Value::Time(t) => t.is_empty(),
            Value::Tlvs(v) => v.is_empty(),
            Value::DestAddresses(v) | Value::UnsuccessSmes(v) => v.is_empty(),
            Value::Status(s) => s.is_ok(),
        }
    }
}

/// One field and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedField {
    /// The field's spec name.
    pub field: Field,
    /// Its value.
    pub value: Value,
}

/// The owned values of a body (or of one list entry), in wire order.
///
/// [`Values::of`] reads a decoded [`Pdu`] through [`Visitor`]; [`Values::views`]
/// then [`Views::pdu`] build a [`Pdu`] that borrows from the values through
/// [`Fill`], ready to encode. A mapping therefore needs only one conversion
/// per [`Kind`], both ways, between a [`Value`] and its own value type, and
/// takes the field names from [`Field::as_str`] and the fields of a command
/// from [`Pdu::fields`] (and of a list entry from [`Kind::entry_fields`]): a
/// field added to a body table reaches it without a change.
///
/// ```
/// use smpp_proto::codec::visit::{Field, Value, Values};
/// use smpp_proto::codec::{decode, SubmitSm};
/// use smpp_proto::{CommandId, CommandStatus, Pdu};
///
/// let pdu = Pdu::SubmitSm(SubmitSm { destination_addr: b"447700900123", ..SubmitSm::default() });
/// let mut values = Values::of(&pdu);
/// assert_eq!(values.get(Field::DestinationAddr), Some(&Value::CStr(b"447700900123".to_vec())));
///
/// // Change a value, build the PDU again and encode it.
/// values.set(Field::ShortMessage, Value::ShortMessage(b"hello".to_vec()));
/// let views = values.views()?;
/// let again = views.pdu(CommandId::SUBMIT_SM)?.expect("an assigned command");
/// let mut buf = vec![0; again.encoded_len()];
/// let n = again.encode(CommandStatus::ESME_ROK, 1, &mut buf).unwrap();
/// let (_, back) = decode(&buf[..n]).unwrap();
/// assert_eq!(Values::of(&back), values);
/// # Ok::<(), smpp_proto::codec::visit::FillError>(())
/// ```
///
/// A field left out takes its kind's empty value (0, an empty string, the
/// NULL time, no TLVs, an empty list; for the first field of a body that may
/// be absent, no body at all), so a mapping may leave defaults out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Values(Vec<OwnedField>);

impl Values {
    /// No values: every field takes its empty value.
    pub const fn new() -> Self {
        Values(Vec::new())
    }

    /// The values of every field of `pdu`'s body, in wire order, read with
    /// [`Pdu::visit`]. Empty for a header-only PDU, [`Pdu::RawResp`] and
    /// [`Pdu::Unknown`]; only the first field for an absent response body
    /// (SMPP 3.4 §4.4.2).
    pub fn of(pdu: &Pdu<'_>) -> Values {
        let mut c = Collect(Values::new());
        pdu.visit(&mut c);
        c.0
    }

    /// Appends `field` with `value` (a field that is not set takes its
    /// empty value).
    pub fn push(&mut self, field: Field, value: Value) -> &mut Self {
        self.0.push(OwnedField { field, value });
        self
    }

    /// Replaces the value of `field`, or appends it.
    pub fn set(&mut self, field: Field, value: Value) -> &mut Self {
        match self.0.iter_mut().find(|f| f.field == field) {
            Some(f) => f.value = value,
            None => {
                self.push(field, value);
            }
        }
        self
    }

    /// The value of `field`, if set.
    pub fn get(&self, field: Field) -> Option<&Value> {
        self.0.iter().find(|f| f.field == field).map(|f| &f.value)
    }

    /// The fields and their values, in order.
    pub fn iter(&self) -> core::slice::Iter<'_, OwnedField> {
        self.0.iter()
    }

    /// How many fields are set.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The borrowed TLV and list entries that a [`Pdu`] built from these
    /// values points into; [`Views::pdu`] builds it.
    pub fn views(&self) -> Result<Views<'_>, FillError> {
        let lists = self
            .0
            .iter()
            .map(|f| List::of(&f.value))
            .collect::<Result<_, _>>()?;
        Ok(Views {
            values: self,
            lists,
        })
    }
}

impl From<Vec<OwnedField>> for Values {
    fn from(v: Vec<OwnedField>) -> Self {
        Values(v)
    }
}

impl FromIterator<OwnedField> for Values {
    fn from_iter<I: IntoIterator<Item = OwnedField>>(iter: I) -> Self {
        Values(iter.into_iter().collect())
    }
}

impl<'v> IntoIterator for &'v Values {
    type Item = &'v OwnedField;
    type IntoIter = core::slice::Iter<'v, OwnedField>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Why owned values cannot be made into a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FillError {
    /// The value given for `field` is not of the field's kind.
    WrongKind {
        /// The field.
        field: Field,
        /// The kind its body table gives it.
        kind: Kind,
    },
    /// A value for a field the body (or the list entry) does not have, or
    /// a second value for one it has.
    UnexpectedField {
        /// The field.
        field: Field,
    },
    /// The first field of a body that may be absent is `None`, but another
    /// field has a value (SMPP 3.4 §4.4.2: the body is all or nothing).
    BodyAbsent {
        /// The first field, `None`.
        field: Field,
        /// The field with a value.
        given: Field,
    },
    /// A dest_address entry's dest_flag is neither 1 (SME address) nor 2
    /// (distribution list) (SMPP 3.4 §5.2.25).
    DestFlag {
        /// The dest_flag given.
        dest_flag: u8,
    },
}

impl fmt::Display for FillError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FillError::WrongKind { field, kind } => {
                write!(f, "{field}: expected {}", kind_name(*kind))
            }
            FillError::UnexpectedField { field } => write!(f, "unexpected field {field}"),
            FillError::BodyAbsent { field, given } => write!(
                f,
                "{field}: {given} needs a {field} (without one the body is absent)"
            ),
            FillError::DestFlag { dest_flag } => write!(
                f,
                "dest_flag: {dest_flag} is neither 1 (SME address) nor 2 (distribution list)"
            ),
        }
    }
}

impl core::error::Error for FillError {}

/// What a value of `kind` is, for error messages.
fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::U8 => "an Integer of 1 octet",
        Kind::Version => "an interface_version",
        Kind::CStr { .. } => "a C-Octet String",
        Kind::OptCStr { .. } => "a C-Octet String or none",
        Kind::Time => "a time",
        Kind::ShortMessage => "the octets of short_message",
        Kind::Tlvs => "a list of TLVs",
        Kind::DestAddresses => "a list of dest_address entries",
        Kind::UnsuccessSmes => "a list of unsuccess_sme entries",
        Kind::Status => "a command_status",
    }
}

/// The borrowed form of one value that a body needs as a slice of
/// borrowed items: TLVs and list entries.
#[derive(Debug)]
enum List<'a> {
    None,
    Tlvs(Vec<Tlv<'a>>),
    #[cfg(feature = "pdu-multi")]
    Dests(Vec<DestAddress<'a>>),
    #[cfg(feature = "pdu-multi")]
    Smes(Vec<UnsuccessSme<'a>>),
}

impl<'a> List<'a> {
    fn of(v: &'a Value) -> Result<List<'a>, FillError> {
        Ok(match v {
            Value::Tlvs(t) => List::Tlvs(t.iter().map(|(tag, v)| Tlv::new(*tag, v)).collect()),
            #[cfg(feature = "pdu-multi")]
            Value::DestAddresses(d) => {
                List::Dests(d.iter().map(dest_address).collect::<Result<_, _>>()?)
            }
            #[cfg(feature = "pdu-multi")]
            Value::UnsuccessSmes(u) => {
                List::Smes(u.iter().map(unsuccess_sme).collect::<Result<_, _>>()?)
            }
            _ => List::None,
        })
    }
}

#[cfg(feature = "pdu-multi")]
impl DestAddress<'_> {
    /// One dest_address entry from its values, the fields of
    /// [`Kind::entry_fields`] (SMPP 3.4 §4.5.1.1). dest_flag may be left
    /// out: 2 when dl_name is given, else 1.
    pub fn from_values(e: &Values) -> Result<DestAddress<'_>, FillError> {
        dest_address(e)
    }
}

#[cfg(feature = "pdu-multi")]
impl UnsuccessSme<'_> {
    /// One unsuccess_sme entry from its values, the fields of
    /// [`Kind::entry_fields`] (SMPP 3.4 §4.5.2.1).
    pub fn from_values(e: &Values) -> Result<UnsuccessSme<'_>, FillError> {
        unsuccess_sme(e)
    }
}

/// One dest_address entry from its values (SMPP 3.4 §4.5.1.1). dest_flag
/// may be left out: 2 when dl_name is given, else 1.
#[cfg(feature = "pdu-multi")]
fn dest_address(e: &Values) -> Result<DestAddress<'_>, FillError> {
    let mut r = Replay::new(e, &[]);
    let dest_flag = match e.get(Field::DestFlag) {
        Some(_) => r.u8(Field::DestFlag)?,
        None if e.get(Field::DlName).is_some() => DEST_FLAG_DL,
        None => DEST_FLAG_SME,
    };
    let d = match dest_flag {
        DEST_FLAG_SME => DestAddress::SmeAddress {
            dest_addr_ton: r.u8(Field::DestAddrTon)?,
            dest_addr_npi: r.u8(Field::DestAddrNpi)?,
            destination_addr: r.cstr(Field::DestinationAddr, ADDR21_MAX)?,
        },
        DEST_FLAG_DL => DestAddress::DistributionList {
            dl_name: r.cstr(Field::DlName, DL_NAME_MAX)?,
        },
        dest_flag => return Err(FillError::DestFlag { dest_flag }),
    };
    r.finish()?;
    Ok(d)
}

/// One unsuccess_sme entry from its values (SMPP 3.4 §4.5.2.1).
#[cfg(feature = "pdu-multi")]
fn unsuccess_sme(e: &Values) -> Result<UnsuccessSme<'_>, FillError> {
    let mut r = Replay::new(e, &[]);
    let u = UnsuccessSme {
        dest_addr_ton: r.u8(Field::DestAddrTon)?,
        dest_addr_npi: r.u8(Field::DestAddrNpi)?,
        destination_addr: r.cstr(Field::DestinationAddr, ADDR21_MAX)?,
        error_status_code: r.status(Field::ErrorStatusCode)?,
    };
    r.finish()?;
    Ok(u)
}

/// [`Values`] with the borrowed TLVs and list entries a [`Pdu`] points into
/// ([`Values::views`]).
#[derive(Debug)]
pub struct Views<'a> {
    values: &'a Values,
    /// One per value, at the same index.
    lists: Vec<List<'a>>,
}

impl Views<'_> {
    /// Builds the PDU of `command_id` from the values, with [`Pdu::fill`]:
    /// `Ok(None)` for a command_id this build does not know. Each field of
    /// [`Pdu::fields`] takes its value by name, or its empty value when it
    /// has none; a value for a field the body does not have is an error, so
    /// nothing is dropped silently.
    pub fn pdu(&self, command_id: CommandId) -> Result<Option<Pdu<'_>>, FillError> {
        let mut r = Replay::new(self.values, &self.lists);
        let pdu = Pdu::fill(command_id, &mut r)?;
        if pdu.is_some() {
            r.finish()?;
        }
        Ok(pdu)
    }
}

/// Hands out the values by field name, each once, to [`Fill`].
struct Replay<'a> {
    values: &'a [OwnedField],
    lists: &'a [List<'a>],
    used: Vec<bool>,
    /// The first field of a body that may be absent, when it is `None`.
    absent: Option<Field>,
}

impl<'a> Replay<'a> {
    fn new(values: &'a Values, lists: &'a [List<'a>]) -> Self {
        Replay {
            values: &values.0,
            lists,
            used: alloc::vec![false; values.0.len()],
            absent: None,
        }
    }

    /// The first unused value of `field` and its index, marked used.
    fn take(&mut self, field: Field) -> Option<(usize, &'a Value)> {
        let values = self.values;
        let (i, f) = values
            .iter()
            .enumerate()
            .find(|(i, f)| f.field == field && !self.used.get(*i).copied().unwrap_or(true))?;
        if let Some(u) = self.used.get_mut(i) {
            *u = true;
        }
        Some((i, &f.value))
    }

    /// Fails on a value no field asked for, or on a value given for an
    /// absent body.
    fn finish(&self) -> Result<(), FillError> {
        for (f, used) in self.values.iter().zip(&self.used) {
            if !used {
                return Err(FillError::UnexpectedField { field: f.field });
            }
            if let Some(field) = self.absent {
                if f.field != field && !f.value.is_empty() {
                    return Err(FillError::BodyAbsent {
                        field,
                        given: f.field,
                    });
                }
            }
        }
        Ok(())
    }

    fn list(&self, i: usize) -> Option<&'a List<'a>> {
        self.lists.get(i)
    }
}

impl<'a> Fill<'a> for Replay<'a> {
    type Error = FillError;

    fn u8(&mut self, field: Field) -> Result<u8, FillError> {
        match self.take(field) {
            None => Ok(0),
            Some((_, Value::U8(v))) => Ok(*v),
            Some(_) => Err(FillError::WrongKind {
                field,
                kind: Kind::U8,
            }),
        }
    }

    fn version(&mut self, field: Field) -> Result<InterfaceVersion, FillError> {
        match self.take(field) {
            None => Ok(InterfaceVersion(0)),
            Some((_, Value::Version(v))) => Ok(*v),
            Some(_) => Err(FillError::WrongKind {
                field,
                kind: Kind::Version,
            }),
        }
    }

    fn cstr(&mut self, field: Field, max: u16) -> Result<&'a [u8], FillError> {
        match self.take(field) {
            None => Ok(&[]),
            Some((_, Value::CStr(v))) => Ok(v),
            Some(_) => Err(FillError::WrongKind {
                field,
                kind: Kind::CStr { max },
            }),
        }
    }

    fn opt_cstr(&mut self, field: Field, max: u16) -> Result<Option<&'a [u8]>, FillError> {
        let v = match self.take(field) {
            None => None,
            Some((_, Value::OptCStr(v))) => v.as_deref(),
            Some(_) => {
                return Err(FillError::WrongKind {
                    field,
                    kind: Kind::OptCStr { max },
                })
            }
        };
        if v.is_none() {
            self.absent = Some(field);
        }
        Ok(v)
    }

    fn time(&mut self, field: Field) -> Result<SmppTime, FillError> {
        match self.take(field) {
            None => Ok(SmppTime::Empty),
            Some((_, Value::Time(t))) => Ok(*t),
            Some(_) => Err(FillError::WrongKind {
                field,
                kind: Kind::Time,
            }),
        }
    }

    fn short_message(&mut self, field: Field) -> Result<&'a [u8], FillError> {
        match self.take(field) {
            None => Ok(&[]),
            Some((_, Value::ShortMessage(v))) => Ok(v),
            Some(_) => Err(FillError::WrongKind {
                field,
                kind: Kind::ShortMessage,
            }),
        }
    }

    fn tlvs(&mut self, field: Field) -> Result<Tlvs<'a>, FillError> {
        match self.take(field) {
            None => Ok(Tlvs::EMPTY),
            Some((i, Value::Tlvs(_))) => match self.list(i) {
                Some(List::Tlvs(t)) => Ok(Tlvs::List(t)),
                _ => Ok(Tlvs::EMPTY),
            },
            Some(_) => Err(FillError::WrongKind {
                field,
                kind: Kind::Tlvs,
            }),
        }
    }

    fn status(&mut self, field: Field) -> Result<CommandStatus, FillError> {
        match self.take(field) {
            None => Ok(CommandStatus::ESME_ROK),
            Some((_, Value::Status(s))) => Ok(*s),
            Some(_) => Err(FillError::WrongKind {
                field,
                kind: Kind::Status,
            }),
        }
    }

    #[cfg(feature = "pdu-multi")]
    fn dest_addresses(&mut self, field: Field) -> Result<DestAddresses<'a>, FillError> {
        match self.take(field) {
            None => Ok(DestAddresses::default()),
            Some((i, Value::DestAddresses(_))) => match self.list(i) {
                Some(List::Dests(d)) => Ok(DestAddresses::List(d)),
                _ => Ok(DestAddresses::default()),
            },
            Some(_) => Err(FillError::WrongKind {
                field,
                kind: Kind::DestAddresses,
            }),
        }
    }

    #[cfg(feature = "pdu-multi")]
    fn unsuccess_smes(&mut self, field: Field) -> Result<UnsuccessSmes<'a>, FillError> {
        match self.take(field) {
            None => Ok(UnsuccessSmes::default()),
            Some((i, Value::UnsuccessSmes(_))) => match self.list(i) {
                Some(List::Smes(u)) => Ok(UnsuccessSmes::List(u)),
                _ => Ok(UnsuccessSmes::default()),
            },
            Some(_) => Err(FillError::WrongKind {
                field,
                kind: Kind::UnsuccessSmes,
            }),
        }
    }
}

/// Reads a body into [`Values`].
struct Collect(Values);

impl<'a> Visitor<'a> for Collect {
    fn u8(&mut self, field: Field, value: u8) {
        self.0.push(field, Value::U8(value));
    }
    fn cstr(&mut self, field: Field, _max: u16, value: &'a [u8]) {
        self.0.push(field, Value::CStr(value.to_vec()));
    }
    fn time(&mut self, field: Field, value: SmppTime) {
        self.0.push(field, Value::Time(value));
    }
    fn short_message(&mut self, field: Field, value: &'a [u8]) {
        self.0.push(field, Value::ShortMessage(value.to_vec()));
    }
    fn tlvs(&mut self, field: Field, value: Tlvs<'a>) {
        let list = value.iter().map(|t| (t.tag, t.value.to_vec())).collect();
        self.0.push(field, Value::Tlvs(list));
    }
    fn version(&mut self, field: Field, value: InterfaceVersion) {
        self.0.push(field, Value::Version(value));
    }
    fn opt_cstr(&mut self, field: Field, _max: u16, value: Option<&'a [u8]>) {
        self.0
            .push(field, Value::OptCStr(value.map(<[u8]>::to_vec)));
    }
    fn status(&mut self, field: Field, value: CommandStatus) {
        self.0.push(field, Value::Status(value));
    }
    #[cfg(feature = "pdu-multi")]
    fn dest_addresses(&mut self, field: Field, value: DestAddresses<'a>) {
        let entries = value
            .iter()
            .map(|d| {
                let mut c = Collect(Values::new());
                d.visit(&mut c);
                c.0
            })
            .collect();
        self.0.push(field, Value::DestAddresses(entries));
    }
    #[cfg(feature = "pdu-multi")]
    fn unsuccess_smes(&mut self, field: Field, value: UnsuccessSmes<'a>) {
        let entries = value
            .iter()
            .map(|u| {
                let mut c = Collect(Values::new());
                u.visit(&mut c);
                c.0
            })
            .collect();
        self.0.push(field, Value::UnsuccessSmes(entries));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{decode, AbsoluteTime, RelativeTime, UtcOffset};
    use alloc::vec;

    /// A value of `kind` that is not empty, varied by `n`.
    fn sample(kind: Kind, n: u8) -> Value {
        match kind {
            Kind::U8 => Value::U8(n + 1),
            Kind::Version => Value::Version(InterfaceVersion::V34),
            Kind::CStr { max } => {
                Value::CStr((0..(max as u8 - 1).min(5 + n)).map(|k| b'a' + k).collect())
            }
            Kind::OptCStr { .. } => Value::OptCStr(Some(b"id-7".to_vec())),
            Kind::Time if n % 2 == 0 => Value::Time(SmppTime::Relative(RelativeTime {
                years: 0,
                months: 0,
                days: 2,
                hours: n % 24,
                minutes: 0,
                seconds: 0,
            })),
            Kind::Time => Value::Time(SmppTime::Absolute(AbsoluteTime {
                year: 26,
                month: 11,
                day: 25,
                hour: 13,
                minute: 14,
                second: 56,
                tenths: 0,
                utc_offset: UtcOffset::Ahead(4),
            })),
            Kind::ShortMessage => Value::ShortMessage(vec![0, 0xff, n]),
            Kind::Tlvs => Value::Tlvs(vec![
                (TlvTag::USER_MESSAGE_REFERENCE, vec![0, n]),
                (TlvTag(0x2900), b"vendor".to_vec()),
            ]),
            Kind::DestAddresses => Value::DestAddresses(vec![
                entry(&[
                    (Field::DestFlag, Value::U8(1)),
                    (Field::DestAddrTon, Value::U8(1)),
                    (Field::DestAddrNpi, Value::U8(1)),
                    (
                        Field::DestinationAddr,
                        Value::CStr(b"447700900001".to_vec()),
                    ),
                ]),
                entry(&[
                    (Field::DestFlag, Value::U8(2)),
                    (Field::DlName, Value::CStr(b"friends".to_vec())),
                ]),
            ]),
            Kind::UnsuccessSmes => Value::UnsuccessSmes(vec![entry(&[
                (Field::DestAddrTon, Value::U8(1)),
                (Field::DestAddrNpi, Value::U8(1)),
                (
                    Field::DestinationAddr,
                    Value::CStr(b"447700900002".to_vec()),
                ),
                (
                    Field::ErrorStatusCode,
                    Value::Status(CommandStatus::ESME_RINVDSTADR),
                ),
            ])]),
            Kind::Status => Value::Status(CommandStatus::ESME_RSYSERR),
        }
    }

    fn entry(fields: &[(Field, Value)]) -> Values {
        fields
            .iter()
            .map(|(field, value)| OwnedField {
                field: *field,
                value: value.clone(),
            })
            .collect()
    }

    fn encode(values: &Values, id: CommandId) -> Result<Vec<u8>, FillError> {
        let views = values.views()?;
        let pdu = views.pdu(id)?.unwrap();
        let mut buf = vec![0xa5; pdu.encoded_len()];
        let n = pdu.encode(CommandStatus::ESME_ROK, 9, &mut buf).unwrap();
        assert_eq!(n, buf.len());
        Ok(buf)
    }

    /// Every command with a field table: values → PDU → bytes → PDU →
    /// the same values → the same bytes.
    #[test]
    fn every_command_round_trips() {
        for id in CommandId::ALL {
            let Some(table) = Pdu::fields(*id) else {
                continue;
            };
            let values: Values = table
                .iter()
                .zip(0..)
                .map(|(s, n)| OwnedField {
                    field: s.field,
                    value: sample(s.kind, n),
                })
                .collect();
            let bytes = encode(&values, *id).unwrap();
            let (_, pdu) = decode(&bytes).unwrap();
            assert_eq!(pdu.command_id(), *id);
            assert_eq!(Values::of(&pdu), values, "{id:?}");
            assert_eq!(encode(&Values::of(&pdu), *id).unwrap(), bytes, "{id:?}");
        }
    }

    #[test]
    fn left_out_fields_take_their_empty_values() {
        let mut v = Values::new();
        v.push(Field::DestinationAddr, Value::CStr(b"1".to_vec()));
        let bytes = encode(&v, CommandId::SUBMIT_SM).unwrap();
        let (_, pdu) = decode(&bytes).unwrap();
        let back = Values::of(&pdu);
        assert_eq!(back.len(), 18); // 17 mandatory fields and the TLVs
        for f in back.iter().filter(|f| f.field != Field::DestinationAddr) {
            assert!(f.value.is_empty(), "{f:?}");
        }
        // A response body left out altogether: the header alone.
        let none = encode(&Values::new(), CommandId::SUBMIT_SM_RESP).unwrap();
        assert_eq!(none.len(), 16);
        let (_, pdu) = decode(&none).unwrap();
        assert_eq!(
            Values::of(&pdu),
            entry(&[(Field::MessageId, Value::OptCStr(None))])
        );
    }

    #[cfg(feature = "pdu-multi")]
    #[test]
    fn dest_flag_follows_the_entry() {
        let mut v = Values::new();
        v.push(
            Field::DestAddress,
            Value::DestAddresses(vec![
                entry(&[(Field::DestinationAddr, Value::CStr(b"1".to_vec()))]),
                entry(&[(Field::DlName, Value::CStr(b"dl".to_vec()))]),
            ]),
        );
        let bytes = encode(&v, CommandId::SUBMIT_MULTI).unwrap();
        let (_, pdu) = decode(&bytes).unwrap();
        let Some(Value::DestAddresses(d)) = Values::of(&pdu).get(Field::DestAddress).cloned()
        else {
            panic!("no dest_addresses");
        };
        assert_eq!(d[0].get(Field::DestFlag), Some(&Value::U8(1)));
        assert_eq!(d[1].get(Field::DestFlag), Some(&Value::U8(2)));
    }

    #[cfg(feature = "pdu-multi")]
    #[test]
    fn errors_name_the_field() {
        let bad = |fields: &[(Field, Value)], id| encode(&entry(fields), id).unwrap_err();
        assert_eq!(
            bad(
                &[(Field::EsmClass, Value::CStr(vec![]))],
                CommandId::SUBMIT_SM
            ),
            FillError::WrongKind {
                field: Field::EsmClass,
                kind: Kind::U8
            }
        );
        assert_eq!(
            bad(
                &[(Field::SystemId, Value::CStr(vec![]))],
                CommandId::SUBMIT_SM
            ),
            FillError::UnexpectedField {
                field: Field::SystemId
            }
        );
        let twice = [
            (Field::SourceAddr, Value::CStr(vec![])),
            (Field::SourceAddr, Value::CStr(vec![])),
        ];
        assert_eq!(
            bad(&twice, CommandId::SUBMIT_SM),
            FillError::UnexpectedField {
                field: Field::SourceAddr
            }
        );
        let tlvs_without_body = [
            (Field::MessageId, Value::OptCStr(None)),
            (Field::Tlvs, sample(Kind::Tlvs, 0)),
        ];
        assert_eq!(
            bad(&tlvs_without_body, CommandId::SUBMIT_SM_RESP),
            FillError::BodyAbsent {
                field: Field::MessageId,
                given: Field::Tlvs
            }
        );
        let flag3 = Value::DestAddresses(vec![entry(&[(Field::DestFlag, Value::U8(3))])]);
        assert_eq!(
            bad(&[(Field::DestAddress, flag3)], CommandId::SUBMIT_MULTI),
            FillError::DestFlag { dest_flag: 3 }
        );
        let sme_with_dl = Value::DestAddresses(vec![entry(&[
            (Field::DestFlag, Value::U8(1)),
            (Field::DlName, Value::CStr(vec![])),
        ])]);
        assert_eq!(
            bad(
                &[(Field::DestAddress, sme_with_dl)],
                CommandId::SUBMIT_MULTI
            ),
            FillError::UnexpectedField {
                field: Field::DlName
            }
        );
        // A command this build does not know is not an error here.
        let none = Values::new();
        let views = none.views().unwrap();
        assert_eq!(views.pdu(CommandId(0x0000_0110)), Ok(None));
    }
}
