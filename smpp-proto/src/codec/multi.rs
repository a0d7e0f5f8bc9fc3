//! submit_multi and submit_multi_resp (SMPP 3.4 §4.5, SMPP 5.0 §4.2.3):
//! one message to up to 255 SME addresses and distribution lists.

use super::pdu::{opt_tlvs_len, rest_tlvs, Body};
use super::sm::{
    short_message, time, write_short_message, write_time, ADDR21_MAX, MESSAGE_ID_MAX,
    SERVICE_TYPE_MAX,
};
use super::smpp_time::SmppTime;
use super::tlv::Tlvs;
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
        let (i, dest_flag) = u8_field(i, "dest_flag")?;
        match dest_flag {
            DEST_FLAG_SME => {
                let (i, dest_addr_ton) = u8_field(i, "dest_addr_ton")?;
                let (i, dest_addr_npi) = u8_field(i, "dest_addr_npi")?;
                let (i, destination_addr) = cstr(i, "destination_addr", ADDR21_MAX)?;
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
                let (i, dl_name) = cstr(i, "dl_name", DL_NAME_MAX)?;
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
                w.cstr(destination_addr, "destination_addr", ADDR21_MAX)
            }
            DestAddress::DistributionList { dl_name } => {
                w.u8(DEST_FLAG_DL)?;
                w.cstr(dl_name, "dl_name", DL_NAME_MAX)
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

/// submit_multi (SMPP 3.4 §4.5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SubmitMulti<'a> {
    /// service_type (C-Octet String, max 6).
    pub service_type: &'a [u8],
    /// source_addr_ton.
    pub source_addr_ton: u8,
    /// source_addr_npi.
    pub source_addr_npi: u8,
    /// source_addr (C-Octet String, max 21).
    pub source_addr: &'a [u8],
    /// dest_address entries; number_of_dests is their count.
    pub dest_addresses: DestAddresses<'a>,
    /// esm_class.
    pub esm_class: u8,
    /// protocol_id.
    pub protocol_id: u8,
    /// priority_flag.
    pub priority_flag: u8,
    /// schedule_delivery_time.
    pub schedule_delivery_time: SmppTime,
    /// validity_period.
    pub validity_period: SmppTime,
    /// registered_delivery.
    pub registered_delivery: u8,
    /// replace_if_present_flag.
    pub replace_if_present_flag: u8,
    /// data_coding.
    pub data_coding: u8,
    /// sm_default_msg_id.
    pub sm_default_msg_id: u8,
    /// short_message (sm_length is computed).
    pub short_message: &'a [u8],
    /// Optional parameters.
    pub tlvs: Tlvs<'a>,
}

impl<'a> SubmitMulti<'a> {
    /// The fields after dest_address, from `i` to the end of `body`; the
    /// fields before it are left empty.
    fn decode_tail(body: &'a [u8], i: &'a [u8]) -> Result<Self, DecodeError> {
        let (i, esm_class) = u8_field(i, "esm_class")?;
        let (i, protocol_id) = u8_field(i, "protocol_id")?;
        let (i, priority_flag) = u8_field(i, "priority_flag")?;
        let (i, schedule_delivery_time) = time(i, "schedule_delivery_time")?;
        let (i, validity_period) = time(i, "validity_period")?;
        let (i, registered_delivery) = u8_field(i, "registered_delivery")?;
        let (i, replace_if_present_flag) = u8_field(i, "replace_if_present_flag")?;
        let (i, data_coding) = u8_field(i, "data_coding")?;
        let (i, sm_default_msg_id) = u8_field(i, "sm_default_msg_id")?;
        let (i, short_message) = short_message(i)?;
        let tlvs = rest_tlvs(body, i)?;
        Ok(SubmitMulti {
            esm_class,
            protocol_id,
            priority_flag,
            schedule_delivery_time,
            validity_period,
            registered_delivery,
            replace_if_present_flag,
            data_coding,
            sm_default_msg_id,
            short_message,
            tlvs,
            ..SubmitMulti::default()
        })
    }
}

impl<'a> Body<'a> for SubmitMulti<'a> {
    #[inline]
    fn decode_body(body: &'a [u8]) -> Result<Self, DecodeError> {
        let (i, service_type) = cstr(body, "service_type", SERVICE_TYPE_MAX)?;
        let (i, source_addr_ton) = u8_field(i, "source_addr_ton")?;
        let (i, source_addr_npi) = u8_field(i, "source_addr_npi")?;
        let (i, source_addr) = cstr(i, "source_addr", ADDR21_MAX)?;
        let (i, number_of_dests) = u8_field(i, "number_of_dests")?;
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
                Err(_) if k > 0 && Self::decode_tail(body, i).is_ok() => {
                    return Err(DecodeError::InvalidNumberOfDests { number_of_dests });
                }
                Err(e) => return Err(e),
            };
        }
        let dest_addresses = DestAddresses::Raw {
            count: number_of_dests,
            bytes: start.get(..start.len() - i.len()).unwrap_or_default(),
        };
        Ok(SubmitMulti {
            service_type,
            source_addr_ton,
            source_addr_npi,
            source_addr,
            dest_addresses,
            ..Self::decode_tail(body, i)?
        })
    }

    fn body_len(&self, tlvs: bool) -> usize {
        self.service_type.len()
            + self.source_addr.len()
            + self.dest_addresses.encoded_len()
            + self.schedule_delivery_time.text_len()
            + self.validity_period.text_len()
            + self.short_message.len()
            + 4 // NULs
            + 11
            + opt_tlvs_len(&self.tlvs, tlvs)
    }

    fn encode_body(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.cstr(self.service_type, "service_type", SERVICE_TYPE_MAX)?;
        w.u8(self.source_addr_ton)?;
        w.u8(self.source_addr_npi)?;
        w.cstr(self.source_addr, "source_addr", ADDR21_MAX)?;
        let n = self.dest_addresses.len();
        let count = u8::try_from(n)
            .ok()
            .filter(|c| *c > 0)
            .ok_or(EncodeError::BadCount {
                field: "number_of_dests",
            })?;
        w.u8(count)?;
        match self.dest_addresses {
            DestAddresses::Raw { bytes, .. } => w.bytes(bytes)?,
            DestAddresses::List(l) => {
                for d in l {
                    d.encode(w)?;
                }
            }
        }
        w.u8(self.esm_class)?;
        w.u8(self.protocol_id)?;
        w.u8(self.priority_flag)?;
        write_time(w, &self.schedule_delivery_time)?;
        write_time(w, &self.validity_period)?;
        w.u8(self.registered_delivery)?;
        w.u8(self.replace_if_present_flag)?;
        w.u8(self.data_coding)?;
        w.u8(self.sm_default_msg_id)?;
        write_short_message(w, self.short_message)?;
        self.tlvs.encode(w)
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
        let (i, dest_addr_ton) = u8_field(i, "dest_addr_ton")?;
        let (i, dest_addr_npi) = u8_field(i, "dest_addr_npi")?;
        let (i, destination_addr) = cstr(i, "destination_addr", ADDR21_MAX)?;
        let (i, code) = u32_field(i, "error_status_code")?;
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
        w.cstr(self.destination_addr, "destination_addr", ADDR21_MAX)?;
        w.u32(self.error_status_code.0)
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

/// submit_multi_resp (SMPP 3.4 §4.5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SubmitMultiResp<'a> {
    /// message_id (C-Octet String, max 65); `None` when the body is absent.
    pub message_id: Option<&'a [u8]>,
    /// The destinations that failed; no_unsuccess is their count.
    pub unsuccess_smes: UnsuccessSmes<'a>,
    /// Optional parameters (SMPP 5.0).
    pub tlvs: Tlvs<'a>,
}

impl<'a> Body<'a> for SubmitMultiResp<'a> {
    #[inline]
    fn decode_body(body: &'a [u8]) -> Result<Self, DecodeError> {
        if body.is_empty() {
            return Ok(SubmitMultiResp::default());
        }
        let (i, message_id) = cstr(body, "message_id", MESSAGE_ID_MAX)?;
        let (i, count) = u8_field(i, "no_unsuccess")?;
        let start = i;
        let mut i = i;
        for _ in 0..count {
            i = UnsuccessSme::parse(i)?.0;
        }
        let unsuccess_smes = UnsuccessSmes::Raw {
            count,
            bytes: start.get(..start.len() - i.len()).unwrap_or_default(),
        };
        let tlvs = rest_tlvs(body, i)?;
        Ok(SubmitMultiResp {
            message_id: Some(message_id),
            unsuccess_smes,
            tlvs,
        })
    }

    fn body_len(&self, tlvs: bool) -> usize {
        match self.message_id {
            None => 0,
            Some(id) => {
                id.len() + 2 + self.unsuccess_smes.encoded_len() + opt_tlvs_len(&self.tlvs, tlvs)
            }
        }
    }

    fn encode_body(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        let Some(id) = self.message_id else {
            return Ok(());
        };
        w.cstr(id, "message_id", MESSAGE_ID_MAX)?;
        let count = u8::try_from(self.unsuccess_smes.len()).map_err(|_| EncodeError::BadCount {
            field: "no_unsuccess",
        })?;
        w.u8(count)?;
        match self.unsuccess_smes {
            UnsuccessSmes::Raw { bytes, .. } => w.bytes(bytes)?,
            UnsuccessSmes::List(l) => {
                for u in l {
                    u.encode(w)?;
                }
            }
        }
        self.tlvs.encode(w)
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
