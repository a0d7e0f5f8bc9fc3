//! The lists of submit_multi and submit_multi_resp (SMPP 3.4 §4.5.1.1,
//! §4.5.2.1): dest_address and unsuccess_sme entries, decoded lazily from
//! checked wire bytes or given by the application as slices.

use super::names::{Field, ADDR21_MAX, DL_NAME_MAX};
use super::wire::{cstr, u32_field, u8_field, Parsed, Writer};
use super::CommandStatus;
use crate::error::{DecodeError, EncodeError};

/// dest_flag of an SME address (SMPP 3.4 §5.2.25).
pub(crate) const DEST_FLAG_SME: u8 = 1;
/// dest_flag of a distribution list name.
pub(crate) const DEST_FLAG_DL: u8 = 2;

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
    pub(crate) fn parse(i: &'a [u8]) -> Parsed<'a, DestAddress<'a>> {
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

    pub(crate) fn encoded_len(&self) -> usize {
        match self {
            DestAddress::SmeAddress {
                destination_addr, ..
            } => 4 + destination_addr.len(),
            DestAddress::DistributionList { dl_name } => 2 + dl_name.len(),
        }
    }

    pub(crate) fn encode(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
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

    pub(crate) fn encoded_len(&self) -> usize {
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
    pub(crate) fn parse(i: &'a [u8]) -> Parsed<'a, UnsuccessSme<'a>> {
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

    pub(crate) fn encode(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.dest_addr_ton)?;
        w.u8(self.dest_addr_npi)?;
        w.cstr(self.destination_addr, Field::DestinationAddr, ADDR21_MAX)?;
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

    pub(crate) fn encoded_len(&self) -> usize {
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
