//! The user data header (3GPP TS 23.040 §9.2.3.24) and the concatenation
//! information of an inbound part: UDH IE 0x00 (8-bit reference,
//! §9.2.3.24.1), IE 0x08 (16-bit reference, §9.2.3.24.8), or the SMPP
//! sar_msg_ref_num / sar_total_segments / sar_segment_seqnum TLVs
//! (SMPP 3.4 §5.3.2.22–24).
//!
//! A UDH is `UDHL` (its length, not counting itself) followed by IEs of
//! `IEI, length, data`. [`Udh::parse`] checks the structure once (the UDHL
//! and every IE length stay inside the data); [`Udh::concat`] checks the
//! concatenation IE itself (length 3 or 4, total ≥ 1, 1 ≤ seq ≤ total).
//! When an IE that must not repeat is repeated, or mutually exclusive IEs
//! both appear (0x00 and 0x08), the last one counts (TS 23.040 §9.2.3.24).

use core::fmt;

use crate::codec::{DataSm, SubmitSm, Tlvs};
use crate::text::{fill_bits, Gsm7Tables, NationalLanguage};

/// esm_class bit 6: UDHI, the short message starts with a user data header
/// (SMPP 3.4 §5.2.12).
pub const ESM_CLASS_UDHI: u8 = 0x40;

/// IE 0x00: concatenated short messages, 8-bit reference.
pub const IEI_CONCAT_8: u8 = 0x00;
/// IE 0x08: concatenated short messages, 16-bit reference.
pub const IEI_CONCAT_16: u8 = 0x08;
/// IE 0x24: national language single shift (TS 23.040 §9.2.3.24.15).
pub const IEI_SINGLE_SHIFT: u8 = 0x24;
/// IE 0x25: national language locking shift (TS 23.040 §9.2.3.24.16).
pub const IEI_LOCKING_SHIFT: u8 = 0x25;

/// Why a user data header, or the concatenation information in it, is
/// rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum UdhError {
    /// UDHI is set but the user data is empty.
    Empty,
    /// The UDHL runs past the end of the user data.
    LengthOverrun {
        /// The UDHL octet.
        udhl: u8,
        /// Octets after it.
        available: usize,
    },
    /// An IE header (IEI and length) is cut off by the end of the UDH.
    TruncatedIe {
        /// Offset of the IE inside the UDH (0 is the UDHL octet).
        offset: usize,
    },
    /// An IE's length runs past the end of the UDH.
    IeOverrun {
        /// The IE identifier.
        iei: u8,
        /// Offset of the IE inside the UDH.
        offset: usize,
    },
    /// An IE has a length its definition does not allow (3 for IE 0x00, 4
    /// for IE 0x08, 1 for IEs 0x24 and 0x25).
    IeLength {
        /// The IE identifier.
        iei: u8,
        /// The length found.
        len: u8,
    },
    /// The concatenation values are impossible: total 0, seq 0, or seq
    /// above total.
    Segment {
        /// Total number of parts.
        total: u8,
        /// This part's number.
        seq: u8,
    },
    /// Some of the sar_* TLVs are present, not all three.
    IncompleteSar,
}

impl fmt::Display for UdhError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UdhError::Empty => f.write_str("UDHI set but the user data is empty"),
            UdhError::LengthOverrun { udhl, available } => {
                write!(f, "UDHL {udhl} exceeds the {available} octets that follow")
            }
            UdhError::TruncatedIe { offset } => {
                write!(f, "IE header cut off at UDH offset {offset}")
            }
            UdhError::IeOverrun { iei, offset } => {
                write!(f, "IE 0x{iei:02X} at UDH offset {offset} runs past the UDH")
            }
            UdhError::IeLength { iei, len } => {
                write!(f, "IE 0x{iei:02X} has invalid length {len}")
            }
            UdhError::Segment { total, seq } => {
                write!(f, "invalid concatenation: part {seq} of {total}")
            }
            UdhError::IncompleteSar => f.write_str("sar_* TLVs present but not all three"),
        }
    }
}

impl core::error::Error for UdhError {}

/// One information element of a user data header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Ie<'a> {
    /// The information element identifier.
    pub iei: u8,
    /// Its data.
    pub data: &'a [u8],
}

/// A checked user data header, borrowed from the user data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Udh<'a> {
    /// The IEs, after the UDHL octet.
    ies: &'a [u8],
}

/// An iterator over the IEs of a [`Udh`], in order.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone)]
pub struct Ies<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Ies<'a> {
    type Item = Ie<'a>;

    fn next(&mut self) -> Option<Ie<'a>> {
        let [iei, len, rest @ ..] = self.rest else {
            return None;
        };
        let (data, tail) = rest.split_at_checked(usize::from(*len))?;
        self.rest = tail;
        Some(Ie { iei: *iei, data })
    }
}

impl<'a> Udh<'a> {
    /// Splits user data that starts with a UDH (esm_class UDHI set) into the
    /// checked header and the payload after it.
    pub fn parse(user_data: &'a [u8]) -> Result<(Udh<'a>, &'a [u8]), UdhError> {
        let [udhl, rest @ ..] = user_data else {
            return Err(UdhError::Empty);
        };
        let (ies, payload) =
            rest.split_at_checked(usize::from(*udhl))
                .ok_or(UdhError::LengthOverrun {
                    udhl: *udhl,
                    available: rest.len(),
                })?;
        let mut offset = 1;
        let mut walk = ies;
        while !walk.is_empty() {
            let [iei, len, data @ ..] = walk else {
                return Err(UdhError::TruncatedIe { offset });
            };
            walk = data
                .get(usize::from(*len)..)
                .ok_or(UdhError::IeOverrun { iei: *iei, offset })?;
            offset += 2 + usize::from(*len);
        }
        Ok((Udh { ies }, payload))
    }

    /// Octets the UDH takes, the UDHL octet included.
    pub const fn len(&self) -> usize {
        1 + self.ies.len()
    }

    /// `true` for a UDH without IEs (UDHL 0).
    pub const fn is_empty(&self) -> bool {
        self.ies.is_empty()
    }

    /// The IEs in order.
    pub fn ies(&self) -> Ies<'a> {
        Ies { rest: self.ies }
    }

    /// Fill bits between this UDH and GSM 7 bit packed text (TS 23.040 §9.2.3.24).
    pub const fn fill_bits(&self) -> u8 {
        fill_bits(self.len())
    }

    /// The concatenation information (the last IE 0x00 or 0x08), if any.
    pub fn concat(&self) -> Result<Option<Concat>, UdhError> {
        let mut found = None;
        for ie in self.ies() {
            let reference = match (ie.iei, ie.data) {
                (IEI_CONCAT_8, &[r, total, seq]) => (Reference::Udh8(r), total, seq),
                (IEI_CONCAT_16, &[hi, lo, total, seq]) => {
                    (Reference::Udh16(u16::from_be_bytes([hi, lo])), total, seq)
                }
                (IEI_CONCAT_8 | IEI_CONCAT_16, data) => {
                    return Err(UdhError::IeLength {
                        iei: ie.iei,
                        len: data.len() as u8,
                    })
                }
                _ => continue,
            };
            found = Some(reference);
        }
        found
            .map(|(reference, total, seq)| Concat::new(reference, total, seq))
            .transpose()
    }

    /// The GSM 7 bit tables announced by IEs 0x25 (locking shift) and 0x24
    /// (single shift). A reserved language identifier means the default
    /// alphabet (TS 23.038 §6.2.1.2.4).
    pub fn gsm7_tables(&self) -> Result<Gsm7Tables, UdhError> {
        let mut tables = Gsm7Tables::DEFAULT;
        for ie in self.ies() {
            let slot = match ie.iei {
                IEI_SINGLE_SHIFT => &mut tables.single_shift,
                IEI_LOCKING_SHIFT => &mut tables.locking,
                _ => continue,
            };
            let &[id] = ie.data else {
                return Err(UdhError::IeLength {
                    iei: ie.iei,
                    len: ie.data.len() as u8,
                });
            };
            *slot = NationalLanguage::from_id(id).unwrap_or_default();
        }
        Ok(tables)
    }
}

/// The reference that ties the parts of one message together. References
/// of different kinds are different messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Reference {
    /// UDH IE 0x00.
    Udh8(u8),
    /// UDH IE 0x08.
    Udh16(u16),
    /// sar_msg_ref_num.
    Sar(u16),
}

/// Concatenation information of one part: which message, how many parts,
/// which part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Concat {
    /// The message reference.
    pub reference: Reference,
    /// Total number of parts, 1..=255.
    pub total: u8,
    /// This part's number, 1..=total.
    pub seq: u8,
}

impl Concat {
    /// Checked concatenation values: total ≥ 1 and 1 ≤ seq ≤ total.
    pub const fn new(reference: Reference, total: u8, seq: u8) -> Result<Concat, UdhError> {
        if total == 0 || seq == 0 || seq > total {
            return Err(UdhError::Segment { total, seq });
        }
        Ok(Concat {
            reference,
            total,
            seq,
        })
    }

    /// The sar_* TLVs, if all three are present.
    pub fn from_sar(tlvs: &Tlvs<'_>) -> Result<Option<Concat>, UdhError> {
        match tlvs.sar() {
            Some((r, total, seq)) => Concat::new(Reference::Sar(r), total, seq).map(Some),
            None if tlvs.sar_msg_ref_num().is_some()
                || tlvs.sar_total_segments().is_some()
                || tlvs.sar_segment_seqnum().is_some() =>
            {
                Err(UdhError::IncompleteSar)
            }
            None => Ok(None),
        }
    }
}

/// One received short message seen as a (possible) part of a concatenated
/// message: its UDH, its payload, its concatenation information.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Segment<'a> {
    /// The user data header, when esm_class has UDHI.
    pub udh: Option<Udh<'a>>,
    /// The user data after the UDH.
    pub payload: &'a [u8],
    /// From the UDH, else from the sar_* TLVs; `None` for a message on its own.
    pub concat: Option<Concat>,
    /// The GSM 7 bit tables the UDH announces (default without a UDH).
    pub tables: Gsm7Tables,
}

impl<'a> Segment<'a> {
    /// Reads user data (`short_message`, or `message_payload` when that TLV
    /// is used), the UDHI bit of `esm_class` and the TLVs.
    pub fn new(esm_class: u8, user_data: &'a [u8], tlvs: &Tlvs<'_>) -> Result<Self, UdhError> {
        let (udh, payload) = if esm_class & ESM_CLASS_UDHI != 0 {
            let (udh, payload) = Udh::parse(user_data)?;
            (Some(udh), payload)
        } else {
            (None, user_data)
        };
        let concat = match udh.map(|u| u.concat()).transpose()?.flatten() {
            Some(c) => Some(c),
            None => Concat::from_sar(tlvs)?,
        };
        let tables = udh
            .map(|u| u.gsm7_tables())
            .transpose()?
            .unwrap_or_default();
        Ok(Segment {
            udh,
            payload,
            concat,
            tables,
        })
    }

    /// A submit_sm or deliver_sm: `message_payload` if present, else `short_message`.
    pub fn from_sm(sm: &SubmitSm<'a>) -> Result<Self, UdhError> {
        let user_data = sm.tlvs.message_payload().unwrap_or(sm.short_message);
        Segment::new(sm.esm_class, user_data, &sm.tlvs)
    }

    /// A data_sm: its `message_payload`.
    pub fn from_data_sm(sm: &DataSm<'a>) -> Result<Self, UdhError> {
        let user_data = sm.tlvs.message_payload().unwrap_or_default();
        Segment::new(sm.esm_class, user_data, &sm.tlvs)
    }

    /// Octets of the UDH, the UDHL octet included (0 without one).
    pub fn udh_len(&self) -> usize {
        self.udh.map_or(0, |u| u.len())
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use crate::codec::{Tlv, TlvTag};
    use std::vec::Vec;

    #[test]
    fn concat_8_and_16() {
        let (udh, payload) = Udh::parse(&[5, 0, 3, 0xC5, 3, 3, b'm']).unwrap();
        assert_eq!(payload, b"m");
        assert_eq!(
            udh.concat(),
            Ok(Some(Concat {
                reference: Reference::Udh8(0xC5),
                total: 3,
                seq: 3
            }))
        );
        let (udh, _) = Udh::parse(&[6, 8, 4, 1, 0, 2, 1]).unwrap();
        assert_eq!(
            udh.concat().unwrap().unwrap().reference,
            Reference::Udh16(256)
        );
    }

    #[test]
    fn bad_headers() {
        assert_eq!(Udh::parse(&[]), Err(UdhError::Empty));
        assert_eq!(
            Udh::parse(&[0x10, 1, 2]),
            Err(UdhError::LengthOverrun {
                udhl: 0x10,
                available: 2
            })
        );
        assert_eq!(
            Udh::parse(&[6, 0, 3, 1, 2, 1, 0x6d]),
            Err(UdhError::TruncatedIe { offset: 6 })
        );
        assert_eq!(
            Udh::parse(&[5, 0, 4, 0xC5, 3, 3]),
            Err(UdhError::IeOverrun { iei: 0, offset: 1 })
        );
        let (udh, _) = Udh::parse(&[4, 0, 2, 2, 1]).unwrap();
        assert_eq!(udh.concat(), Err(UdhError::IeLength { iei: 0, len: 2 }));
        for (total, seq) in [(0, 0), (2, 0), (2, 3), (0, 1)] {
            let data = [5, 0, 3, 1, total, seq];
            let (udh, _) = Udh::parse(&data).unwrap();
            assert_eq!(udh.concat(), Err(UdhError::Segment { total, seq }));
        }
        let (udh, _) = Udh::parse(&[4, 0x24, 2, 1, 1]).unwrap();
        assert_eq!(
            udh.gsm7_tables(),
            Err(UdhError::IeLength { iei: 0x24, len: 2 })
        );
    }

    #[test]
    fn ies_and_tables() {
        let (udh, _) = Udh::parse(&[11, 0, 3, 9, 2, 1, 0x24, 1, 1, 0x25, 1, 6]).unwrap();
        let ies: Vec<_> = udh.ies().map(|ie| ie.iei).collect();
        assert_eq!(ies, [0, 0x24, 0x25]);
        assert_eq!(
            udh.gsm7_tables(),
            Ok(Gsm7Tables::new(
                NationalLanguage::Hindi,
                NationalLanguage::Turkish
            ))
        );
        assert_eq!(udh.len(), 12);
        assert_eq!(udh.fill_bits(), 2);
        // A reserved identifier means the default alphabet.
        let (udh, _) = Udh::parse(&[3, 0x25, 1, 99]).unwrap();
        assert_eq!(udh.gsm7_tables(), Ok(Gsm7Tables::DEFAULT));
    }

    #[test]
    fn segments() {
        let sar = [
            Tlv::new(TlvTag::SAR_MSG_REF_NUM, &[0x12, 0x34]),
            Tlv::new(TlvTag::SAR_TOTAL_SEGMENTS, &[3]),
            Tlv::new(TlvTag::SAR_SEGMENT_SEQNUM, &[2]),
        ];
        let s = Segment::new(0, b"hello", &Tlvs::List(&sar)).unwrap();
        assert_eq!(
            s.concat,
            Some(Concat {
                reference: Reference::Sar(0x1234),
                total: 3,
                seq: 2
            })
        );
        assert_eq!(s.payload, b"hello");
        assert_eq!(
            Segment::new(0, b"x", &Tlvs::List(&sar[..2])),
            Err(UdhError::IncompleteSar)
        );
        let data = [5, 0, 3, 7, 2, 2, b'x'];
        let s = Segment::new(0x40, &data, &Tlvs::List(&sar)).unwrap();
        assert_eq!(s.concat.unwrap().reference, Reference::Udh8(7));
        assert_eq!(s.udh_len(), 6);
        let s = Segment::new(0, b"plain", &Tlvs::EMPTY).unwrap();
        assert_eq!((s.concat, s.udh), (None, None));
    }
}
