//! submit_multi and submit_multi_resp (SMPP 3.4 §4.5, SMPP 5.0 §4.2.3):
//! one message to up to 255 SME addresses and distribution lists.

use super::body::{
    body, CStr, OptCStr, ShortMessage, Time, TlvTail, Wire, ADDR21_MAX, MESSAGE_ID_MAX,
    SERVICE_TYPE_MAX, U8,
};
use super::smpp_time::SmppTime;
use super::tlv::Tlvs;
use super::visit::{Field, Fill, Kind, Visitor};
use super::wire::{cstr, u32_field, u8_field, Parsed, Writer};
use super::CommandStatus;
use crate::error::{DecodeError, EncodeError};

/// dest_flag of an SME address (SMPP 3.4 §5.2.25).
const DEST_FLAG_SME: u8 = 1;
/// dest_flag of a distribution list name.
const DEST_FLAG_DL: u8 = 2;
const DL_NAME_MAX: u16 = 21;

/// One entry of submit_multi's dest_address list (SMPP 3.4 §4.5.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum DestAddress<'a> {
    /// dest_flag 1: an SME address.
    SmeAddress {
        /// dest_addr_ton.
        dest_addr_ton: u8,
        /// dest_addr_npi.
        dest_addr_npi: u8,
        /// destination_addr (C-Octet String, max 21).
        destination_addr: &'a [u8],
    },
    /// dest_flag 2: the name of a distribution list held by the SMSC.
    DistributionList {
        /// dl_name (C-Octet String, max 21).
        dl_name: &'a [u8],
    },
}

impl<'a> DestAddress<'a> {
    fn parse(i: &'a [u8]) -> Parsed<'a, DestAddress<'a>> {
        let (i, dest_flag) = u8_field(i, Field::DestFlag)?;
        match dest_flag {
            DEST_FLAG_SME => {
                let (i, dest_addr_ton) = u8_field(i, Field::DestAddrTon)?;
                let (i, dest_addr_npi) = u8_field(i, Field::DestAddrNpi)?;
                let (i, destination_addr) = cstr(i, Field::DestinationAddr, ADDR21_MAX)?;
                Ok((
                    i,
                    DestAddress::SmeAddress {
                        dest_addr_ton,
                        dest_addr_npi,
                        destination_addr,
                    },
                ))
            }
            DEST_FLAG_DL => {
                let (i, dl_name) = cstr(i, Field::DlName, DL_NAME_MAX)?;
                Ok((i, DestAddress::DistributionList { dl_name }))
            }
            dest_flag => Err(DecodeError::InvalidDestFlag { dest_flag }),
        }
    }

    fn encoded_len(&self) -> usize {
        match self {
            DestAddress::SmeAddress {
                destination_addr, ..
            } => 4 + destination_addr.len(),
            DestAddress::DistributionList { dl_name } => 2 + dl_name.len(),
        }
    }

    fn encode(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        match self {
            DestAddress::SmeAddress {
                dest_addr_ton,
                dest_addr_npi,
                destination_addr,
            } => {
                w.u8(DEST_FLAG_SME)?;
                w.u8(*dest_addr_ton)?;
                w.u8(*dest_addr_npi)?;
                w.cstr(destination_addr, Field::DestinationAddr, ADDR21_MAX)
            }
            DestAddress::DistributionList { dl_name } => {
                w.u8(DEST_FLAG_DL)?;
                w.cstr(dl_name, Field::DlName, DL_NAME_MAX)
            }
        }
    }

    /// Hands dest_flag and the entry's fields to `v` (SMPP 3.4 §4.5.1.1).
    pub fn visit<V: Visitor<'a>>(&self, v: &mut V) {
        match *self {
            DestAddress::SmeAddress {
                dest_addr_ton,
                dest_addr_npi,
                destination_addr,
            } => {
                v.u8(Field::DestFlag, DEST_FLAG_SME);
                v.u8(Field::DestAddrTon, dest_addr_ton);
                v.u8(Field::DestAddrNpi, dest_addr_npi);
                v.cstr(Field::DestinationAddr, ADDR21_MAX, destination_addr);
            }
            DestAddress::DistributionList { dl_name } => {
                v.u8(Field::DestFlag, DEST_FLAG_DL);
                v.cstr(Field::DlName, DL_NAME_MAX, dl_name);
            }
        }
    }
}

/// The dest_address list of submit_multi: decoded lazily from the wire, or
/// given by the application as a slice.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum DestAddresses<'a> {
    /// Checked wire bytes holding `count` entries.
    Raw {
        /// number_of_dests.
        count: u8,
        /// The entries' octets.
        bytes: &'a [u8],
    },
    /// Entries given by the application (1 to 255).
    List(&'a [DestAddress<'a>]),
}

impl Default for DestAddresses<'_> {
    fn default() -> Self {
        DestAddresses::List(&[])
    }
}

impl PartialEq for DestAddresses<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for DestAddresses<'_> {}

impl<'a> DestAddresses<'a> {
    /// number_of_dests.
    pub fn len(&self) -> usize {
        match self {
            DestAddresses::Raw { count, .. } => *count as usize,
            DestAddresses::List(l) => l.len(),
        }
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Iterates over the entries.
    pub fn iter(&self) -> DestAddressesIter<'a> {
        match *self {
            DestAddresses::Raw { bytes, .. } => DestAddressesIter::Raw(bytes),
            DestAddresses::List(l) => DestAddressesIter::List(l.iter()),
        }
    }

    fn encoded_len(&self) -> usize {
        match self {
            DestAddresses::Raw { bytes, .. } => bytes.len(),
            DestAddresses::List(l) => l.iter().map(DestAddress::encoded_len).sum(),
        }
    }
}

/// Iterator over [`DestAddresses`].
#[derive(Debug, Clone)]
pub enum DestAddressesIter<'a> {
    /// Walking checked wire bytes.
    Raw(&'a [u8]),
    /// Walking an application's slice.
    List(core::slice::Iter<'a, DestAddress<'a>>),
}

impl<'a> Iterator for DestAddressesIter<'a> {
    type Item = DestAddress<'a>;
    fn next(&mut self) -> Option<DestAddress<'a>> {
        match self {
            DestAddressesIter::Raw([]) => None,
            DestAddressesIter::Raw(rest) => match DestAddress::parse(rest) {
                Ok((tail, d)) => {
                    *rest = tail;
                    Some(d)
                }
                Err(_) => {
                    *rest = &[];
                    None
                }
            },
            DestAddressesIter::List(it) => it.next().copied(),
        }
    }
}

body! {
    /// submit_multi (SMPP 3.4 §4.5.1).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    #[cfg_attr(feature = "defmt", derive(defmt::Format))]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct SubmitMulti<'a> {
        /// service_type (C-Octet String, max 6).
        pub service_type: &'a [u8] = ServiceType: CStr(SERVICE_TYPE_MAX),
        /// source_addr_ton.
        pub source_addr_ton: u8 = SourceAddrTon: U8,
        /// source_addr_npi.
        pub source_addr_npi: u8 = SourceAddrNpi: U8,
        /// source_addr (C-Octet String, max 21).
        pub source_addr: &'a [u8] = SourceAddr: CStr(ADDR21_MAX),
        /// dest_address entries; number_of_dests is their count.
        pub dest_addresses: DestAddresses<'a> = DestAddress: DestList(rest_is_tail),
        /// esm_class.
        pub esm_class: u8 = EsmClass: U8,
        /// protocol_id.
        pub protocol_id: u8 = ProtocolId: U8,
        /// priority_flag.
        pub priority_flag: u8 = PriorityFlag: U8,
        /// schedule_delivery_time.
        pub schedule_delivery_time: SmppTime = ScheduleDeliveryTime: Time,
        /// validity_period.
        pub validity_period: SmppTime = ValidityPeriod: Time,
        /// registered_delivery.
        pub registered_delivery: u8 = RegisteredDelivery: U8,
        /// replace_if_present_flag.
        pub replace_if_present_flag: u8 = ReplaceIfPresentFlag: U8,
        /// data_coding.
        pub data_coding: u8 = DataCoding: U8,
        /// sm_default_msg_id.
        pub sm_default_msg_id: u8 = SmDefaultMsgId: U8,
        /// short_message (sm_length is computed).
        pub short_message: &'a [u8] = ShortMessage: ShortMessage,
        /// Optional parameters.
        pub tlvs: Tlvs<'a> = Tlvs: TlvTail,
    }
}

/// Whether `rest` (of `body`) reads as the fields of submit_multi after its
/// dest_address list.
fn rest_is_tail(body: &[u8], rest: &[u8]) -> bool {
    SubmitMulti::decode_after(body, rest, Field::DestAddress).is_ok()
}

/// number_of_dests and the dest_address entries (SMPP 3.4 §4.5.1). The
/// function tells whether the rest of the body reads as the fields after
/// the list.
#[derive(Clone, Copy)]
struct DestList(for<'x> fn(&'x [u8], &'x [u8]) -> bool);

impl DestList {
    const fn kind(self) -> Kind {
        Kind::DestAddresses
    }
}

impl<'a> Wire<'a> for DestList {
    type Value = DestAddresses<'a>;

    #[inline]
    fn decode(self, i: &'a [u8], body: &'a [u8], _: Field) -> Parsed<'a, DestAddresses<'a>> {
        let (i, number_of_dests) = u8_field(i, Field::NumberOfDests)?;
        if number_of_dests == 0 {
            return Err(DecodeError::InvalidNumberOfDests { number_of_dests });
        }
        let start = i;
        let mut i = i;
        for k in 0..number_of_dests {
            i = match DestAddress::parse(i) {
                Ok((rest, _)) => rest,
                // SMPP 3.4 §4.5.1: number_of_dests is checked before the
                // entries it counts. When the entries end early and what
                // follows the last good one is the rest of the PDU, the
                // count is wrong (ESME_RINVNUMDESTS), not the dest_flag or
                // address the rest was read as.
                Err(_) if k > 0 && (self.0)(body, i) => {
                    return Err(DecodeError::InvalidNumberOfDests { number_of_dests });
                }
                Err(e) => return Err(e),
            };
        }
        let dest_addresses = DestAddresses::Raw {
            count: number_of_dests,
            bytes: start.get(..start.len() - i.len()).unwrap_or_default(),
        };
        Ok((i, dest_addresses))
    }

    fn len(self, v: &DestAddresses<'a>, _: bool) -> usize {
        1 + v.encoded_len()
    }

    fn encode(
        self,
        v: &DestAddresses<'a>,
        w: &mut Writer<'_>,
        _: Field,
    ) -> Result<(), EncodeError> {
        let count = u8::try_from(v.len())
            .ok()
            .filter(|c| *c > 0)
            .ok_or(EncodeError::BadCount {
                field: Field::NumberOfDests,
            })?;
        w.u8(count)?;
        match v {
            DestAddresses::Raw { bytes, .. } => w.bytes(bytes),
            DestAddresses::List(l) => l.iter().try_for_each(|d| d.encode(w)),
        }
    }

    fn visit<V: Visitor<'a>>(self, v: &DestAddresses<'a>, f: Field, vis: &mut V) {
        vis.dest_addresses(f, *v);
    }

    fn fill<F: Fill<'a>>(self, f: Field, fill: &mut F) -> Result<DestAddresses<'a>, F::Error> {
        fill.dest_addresses(f)
    }
}

/// One unsuccess_sme entry of submit_multi_resp (SMPP 3.4 §4.5.2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct UnsuccessSme<'a> {
    /// dest_addr_ton.
    pub dest_addr_ton: u8,
    /// dest_addr_npi.
    pub dest_addr_npi: u8,
    /// destination_addr (C-Octet String, max 21).
    pub destination_addr: &'a [u8],
    /// error_status_code: why this destination failed.
    pub error_status_code: CommandStatus,
}

impl<'a> UnsuccessSme<'a> {
    fn parse(i: &'a [u8]) -> Parsed<'a, UnsuccessSme<'a>> {
        let (i, dest_addr_ton) = u8_field(i, Field::DestAddrTon)?;
        let (i, dest_addr_npi) = u8_field(i, Field::DestAddrNpi)?;
        let (i, destination_addr) = cstr(i, Field::DestinationAddr, ADDR21_MAX)?;
        let (i, code) = u32_field(i, Field::ErrorStatusCode)?;
        Ok((
            i,
            UnsuccessSme {
                dest_addr_ton,
                dest_addr_npi,
                destination_addr,
                error_status_code: CommandStatus(code),
            },
        ))
    }

    fn encode(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.dest_addr_ton)?;
        w.u8(self.dest_addr_npi)?;
        w.cstr(self.destination_addr, Field::DestinationAddr, ADDR21_MAX)?;
        w.u32(self.error_status_code.0)
    }

    /// Hands the entry's fields to `v` (SMPP 3.4 §4.5.2.1).
    pub fn visit<V: Visitor<'a>>(&self, v: &mut V) {
        v.u8(Field::DestAddrTon, self.dest_addr_ton);
        v.u8(Field::DestAddrNpi, self.dest_addr_npi);
        v.cstr(Field::DestinationAddr, ADDR21_MAX, self.destination_addr);
        v.status(Field::ErrorStatusCode, self.error_status_code);
    }
}

/// The unsuccess_sme list of submit_multi_resp.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum UnsuccessSmes<'a> {
    /// Checked wire bytes holding `count` entries.
    Raw {
        /// no_unsuccess.
        count: u8,
        /// The entries' octets.
        bytes: &'a [u8],
    },
    /// Entries given by the application (0 to 255).
    List(&'a [UnsuccessSme<'a>]),
}

impl Default for UnsuccessSmes<'_> {
    fn default() -> Self {
        UnsuccessSmes::List(&[])
    }
}

impl PartialEq for UnsuccessSmes<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for UnsuccessSmes<'_> {}

impl<'a> UnsuccessSmes<'a> {
    /// no_unsuccess.
    pub fn len(&self) -> usize {
        match self {
            UnsuccessSmes::Raw { count, .. } => *count as usize,
            UnsuccessSmes::List(l) => l.len(),
        }
    }

    /// Whether every destination succeeded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Iterates over the entries.
    pub fn iter(&self) -> UnsuccessSmesIter<'a> {
        match *self {
            UnsuccessSmes::Raw { bytes, .. } => UnsuccessSmesIter::Raw(bytes),
            UnsuccessSmes::List(l) => UnsuccessSmesIter::List(l.iter()),
        }
    }

    fn encoded_len(&self) -> usize {
        match self {
            UnsuccessSmes::Raw { bytes, .. } => bytes.len(),
            UnsuccessSmes::List(l) => l.iter().map(|u| 7 + u.destination_addr.len()).sum(),
        }
    }
}

/// Iterator over [`UnsuccessSmes`].
#[derive(Debug, Clone)]
pub enum UnsuccessSmesIter<'a> {
    /// Walking checked wire bytes.
    Raw(&'a [u8]),
    /// Walking an application's slice.
    List(core::slice::Iter<'a, UnsuccessSme<'a>>),
}

impl<'a> Iterator for UnsuccessSmesIter<'a> {
    type Item = UnsuccessSme<'a>;
    fn next(&mut self) -> Option<UnsuccessSme<'a>> {
        match self {
            UnsuccessSmesIter::Raw([]) => None,
            UnsuccessSmesIter::Raw(rest) => match UnsuccessSme::parse(rest) {
                Ok((tail, u)) => {
                    *rest = tail;
                    Some(u)
                }
                Err(_) => {
                    *rest = &[];
                    None
                }
            },
            UnsuccessSmesIter::List(it) => it.next().copied(),
        }
    }
}

body! {
    /// submit_multi_resp (SMPP 3.4 §4.5.2).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    #[cfg_attr(feature = "defmt", derive(defmt::Format))]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct SubmitMultiResp<'a> [optional message_id] {
        /// message_id (C-Octet String, max 65); `None` when the body is absent.
        pub message_id: Option<&'a [u8]> = MessageId: OptCStr(MESSAGE_ID_MAX),
        /// The destinations that failed; no_unsuccess is their count.
        pub unsuccess_smes: UnsuccessSmes<'a> = UnsuccessSme: UnsuccessList,
        /// Optional parameters (SMPP 5.0).
        pub tlvs: Tlvs<'a> = Tlvs: TlvTail,
    }
}

/// no_unsuccess and the unsuccess_sme entries (SMPP 3.4 §4.5.2).
#[derive(Clone, Copy)]
struct UnsuccessList;

impl UnsuccessList {
    const fn kind(self) -> Kind {
        Kind::UnsuccessSmes
    }
}

impl<'a> Wire<'a> for UnsuccessList {
    type Value = UnsuccessSmes<'a>;

    fn decode(self, i: &'a [u8], _: &'a [u8], _: Field) -> Parsed<'a, UnsuccessSmes<'a>> {
        let (i, count) = u8_field(i, Field::NoUnsuccess)?;
        let start = i;
        let mut i = i;
        for _ in 0..count {
            i = UnsuccessSme::parse(i)?.0;
        }
        let unsuccess_smes = UnsuccessSmes::Raw {
            count,
            bytes: start.get(..start.len() - i.len()).unwrap_or_default(),
        };
        Ok((i, unsuccess_smes))
    }

    fn len(self, v: &UnsuccessSmes<'a>, _: bool) -> usize {
        1 + v.encoded_len()
    }

    fn encode(
        self,
        v: &UnsuccessSmes<'a>,
        w: &mut Writer<'_>,
        _: Field,
    ) -> Result<(), EncodeError> {
        let count = u8::try_from(v.len()).map_err(|_| EncodeError::BadCount {
            field: Field::NoUnsuccess,
        })?;
        w.u8(count)?;
        match v {
            UnsuccessSmes::Raw { bytes, .. } => w.bytes(bytes),
            UnsuccessSmes::List(l) => l.iter().try_for_each(|u| u.encode(w)),
        }
    }

    fn visit<V: Visitor<'a>>(self, v: &UnsuccessSmes<'a>, f: Field, vis: &mut V) {
        vis.unsuccess_smes(f, *v);
    }

    fn fill<F: Fill<'a>>(self, f: Field, fill: &mut F) -> Result<UnsuccessSmes<'a>, F::Error> {
        fill.unsuccess_smes(f)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for DestAddresses<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for UnsuccessSmes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}
