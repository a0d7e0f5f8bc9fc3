//! submit_multi and submit_multi_resp (SMPP 3.4 §4.5, SMPP 5.0 §4.2.3):
//! one message to up to 255 SME addresses and distribution lists.

use super::body::{
    body, CStr, OptCStr, ShortMessage, Time, TlvTail, Wire, ADDR21_MAX, MESSAGE_ID_MAX,
    SERVICE_TYPE_MAX, U8,
};
pub use super::lists::{
    DestAddress, DestAddresses, DestAddressesIter, UnsuccessSme, UnsuccessSmes, UnsuccessSmesIter,
};
use super::names::{Field, Kind};
use super::smpp_time::SmppTime;
use super::tlv::Tlvs;
use super::visit::{Fill, Visitor};
use super::wire::{u8_field, Parsed, Writer};
use crate::error::{DecodeError, EncodeError};

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
