//! Field names, field kinds, and the two walks over a PDU body: [`Visitor`]
//! (read every field of a body, with its spec name) and [`Fill`] (build a
//! body field by field, in wire order).
//!
//! Read first: SMPP 3.4 §4 (each PDU's table of mandatory fields) and §5.2
//! (the field definitions); SMPP 5.0 §4 and §4.7.
//!
//! Every fixed-layout body is declared once, as a field table, in its codec
//! file (see `body.rs`); decode, encoded length, encode, [`Visitor`] walks,
//! [`Fill`] and the `FIELDS` tables all follow from it. JSON or Python
//! mappings, fuzz generators and property-test strategies walk bodies through
//! this module, so a field added to a table cannot be forgotten by one of them.
//!
//! ```
//! use smpp_proto::codec::visit::{Field, Visitor};
//! use smpp_proto::codec::SubmitSm;
//! use smpp_proto::{SmppTime, Tlvs};
//!
//! /// Collects the names of the C-Octet String fields.
//! struct Names(Vec<&'static str>);
//! impl<'a> Visitor<'a> for Names {
//!     fn u8(&mut self, _: Field, _: u8) {}
//!     fn cstr(&mut self, field: Field, _max: u16, _: &'a [u8]) {
//!         self.0.push(field.as_str());
//!     }
//!     fn time(&mut self, _: Field, _: SmppTime) {}
//!     fn short_message(&mut self, _: Field, _: &'a [u8]) {}
//!     fn tlvs(&mut self, _: Field, _: Tlvs<'a>) {}
//! }
//! let mut names = Names(Vec::new());
//! SubmitSm::default().visit(&mut names);
//! assert_eq!(names.0, ["service_type", "source_addr", "destination_addr"]);
//! ```

use core::fmt;

#[cfg(feature = "pdu-multi")]
use super::multi::{DestAddresses, UnsuccessSmes};
use super::{CommandStatus, InterfaceVersion, SmppTime, Tlvs};

macro_rules! fields {
    ( $( $(#[$doc:meta])* $var:ident = $name:literal, )* ) => {
        /// The spec name of a PDU body field (SMPP 3.4 §4, §5.2; SMPP 5.0 §4).
        ///
        /// Errors name the field they are about with it
        /// ([`crate::DecodeError`], [`crate::EncodeError`]), and each
        /// decode error maps to its `command_status` through it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        #[cfg_attr(feature = "serde", derive(serde::Serialize))]
        #[non_exhaustive]
        pub enum Field {
            $( $(#[$doc])* $var, )*
        }

        impl Field {
            /// Every field name, in declaration order.
            pub const ALL: &'static [Field] = &[ $( Field::$var, )* ];

            /// The field's name as the spec spells it (`"system_id"`).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( Field::$var => $name, )*
                }
            }

            /// The field whose spec name is `name`, if any.
            pub fn from_name(name: &str) -> Option<Field> {
                match name {
                    $( $name => Some(Field::$var), )*
                    _ => None,
                }
            }
        }
    };
}

fields! {
    /// system_id (SMPP 3.4 §5.2.1).
    SystemId = "system_id",
    /// password (SMPP 3.4 §5.2.2).
    Password = "password",
    /// system_type (SMPP 3.4 §5.2.3).
    SystemType = "system_type",
    /// interface_version (SMPP 3.4 §5.2.4).
    InterfaceVersion = "interface_version",
    /// addr_ton of a bind (SMPP 3.4 §5.2.5).
    AddrTon = "addr_ton",
    /// addr_npi of a bind (SMPP 3.4 §5.2.6).
    AddrNpi = "addr_npi",
    /// address_range (SMPP 3.4 §5.2.7).
    AddressRange = "address_range",
    /// service_type (SMPP 3.4 §5.2.11).
    ServiceType = "service_type",
    /// source_addr_ton (SMPP 3.4 §5.2.5).
    SourceAddrTon = "source_addr_ton",
    /// source_addr_npi (SMPP 3.4 §5.2.6).
    SourceAddrNpi = "source_addr_npi",
    /// source_addr (SMPP 3.4 §5.2.8).
    SourceAddr = "source_addr",
    /// dest_addr_ton (SMPP 3.4 §5.2.5).
    DestAddrTon = "dest_addr_ton",
    /// dest_addr_npi (SMPP 3.4 §5.2.6).
    DestAddrNpi = "dest_addr_npi",
    /// destination_addr (SMPP 3.4 §5.2.9).
    DestinationAddr = "destination_addr",
    /// esme_addr_ton of alert_notification (SMPP 3.4 §4.12.1).
    EsmeAddrTon = "esme_addr_ton",
    /// esme_addr_npi of alert_notification (SMPP 3.4 §4.12.1).
    EsmeAddrNpi = "esme_addr_npi",
    /// esme_addr of alert_notification (SMPP 3.4 §4.12.1).
    EsmeAddr = "esme_addr",
    /// esm_class (SMPP 3.4 §5.2.12).
    EsmClass = "esm_class",
    /// protocol_id (SMPP 3.4 §5.2.13).
    ProtocolId = "protocol_id",
    /// priority_flag (SMPP 3.4 §5.2.14).
    PriorityFlag = "priority_flag",
    /// schedule_delivery_time (SMPP 3.4 §5.2.15).
    ScheduleDeliveryTime = "schedule_delivery_time",
    /// validity_period (SMPP 3.4 §5.2.16).
    ValidityPeriod = "validity_period",
    /// registered_delivery (SMPP 3.4 §5.2.17).
    RegisteredDelivery = "registered_delivery",
    /// replace_if_present_flag (SMPP 3.4 §5.2.18).
    ReplaceIfPresentFlag = "replace_if_present_flag",
    /// data_coding (SMPP 3.4 §5.2.19).
    DataCoding = "data_coding",
    /// sm_default_msg_id (SMPP 3.4 §5.2.20).
    SmDefaultMsgId = "sm_default_msg_id",
    /// sm_length (SMPP 3.4 §5.2.21).
    SmLength = "sm_length",
    /// short_message (SMPP 3.4 §5.2.22).
    ShortMessage = "short_message",
    /// message_id (SMPP 3.4 §5.2.23).
    MessageId = "message_id",
    /// number_of_dests of submit_multi (SMPP 3.4 §5.2.24).
    NumberOfDests = "number_of_dests",
    /// dest_flag of a submit_multi dest_address (SMPP 3.4 §5.2.25).
    DestFlag = "dest_flag",
    /// The dest_address list of submit_multi (SMPP 3.4 §4.5.1.1).
    DestAddress = "dest_address",
    /// dl_name (SMPP 3.4 §4.5.1.2).
    DlName = "dl_name",
    /// no_unsuccess of submit_multi_resp (SMPP 3.4 §5.2.26).
    NoUnsuccess = "no_unsuccess",
    /// The unsuccess_sme list of submit_multi_resp (SMPP 3.4 §4.5.2.1).
    UnsuccessSme = "unsuccess_sme",
    /// error_status_code of an unsuccess_sme (SMPP 3.4 §4.5.2.1).
    ErrorStatusCode = "error_status_code",
    /// final_date of query_sm_resp (SMPP 3.4 §5.2.27).
    FinalDate = "final_date",
    /// message_state of query_sm_resp (SMPP 3.4 §5.2.28).
    MessageState = "message_state",
    /// error_code of query_sm_resp (SMPP 3.4 §5.2.29).
    ErrorCode = "error_code",
    /// The optional parameters (TLVs) after the mandatory fields (SMPP 3.4 §3.2, §5.3).
    Tlvs = "tlvs",
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a field is laid out on the wire (SMPP 3.4 §3.1, §5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Kind {
    /// An Integer of 1 octet.
    U8,
    /// interface_version: 1 octet, [`InterfaceVersion`].
    Version,
    /// A C-Octet String of at most `max` octets, its NUL included.
    CStr {
        /// Maximum size including the NUL terminator.
        max: u16,
    },
    /// A C-Octet String that opens a body which may be absent altogether
    /// (a response with a non-zero command_status, SMPP 3.4 §4.4.2). When
    /// it is `None`, no later field of the body is on the wire.
    OptCStr {
        /// Maximum size including the NUL terminator.
        max: u16,
    },
    /// A time field: a C-Octet String of 1 or 17 octets (SMPP 3.4 §7.1).
    Time,
    /// sm_length (1 octet) then that many octets of short_message (SMPP 3.4 §5.2.21–22).
    ShortMessage,
    /// The TLVs after the mandatory fields (SMPP 3.4 §5.3); always last.
    Tlvs,
    /// number_of_dests then the dest_address entries (SMPP 3.4 §4.5.1).
    DestAddresses,
    /// no_unsuccess then the unsuccess_sme entries (SMPP 3.4 §4.5.2).
    UnsuccessSmes,
    /// A command_status of 4 octets (error_status_code, SMPP 3.4 §4.5.2.1).
    Status,
}

/// One row of a body's field table: the spec name and the wire layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct FieldSpec {
    /// The field's spec name.
    pub field: Field,
    /// Its wire layout.
    pub kind: Kind,
}

/// Reads every field of a body in wire order, each with its spec name
/// (SMPP 3.4 §4). Bodies and [`crate::Pdu`] have `visit(&self, &mut impl Visitor)`.
///
/// `sm_length`, `number_of_dests` and `no_unsuccess` are not visited on
/// their own: they are the length of the value that follows.
pub trait Visitor<'a> {
    /// An Integer of 1 octet.
    fn u8(&mut self, field: Field, value: u8);
    /// A C-Octet String (without its NUL) and its maximum size with the NUL.
    fn cstr(&mut self, field: Field, max: u16, value: &'a [u8]);
    /// A time field.
    fn time(&mut self, field: Field, value: SmppTime);
    /// short_message (its sm_length is `value.len()`).
    fn short_message(&mut self, field: Field, value: &'a [u8]);
    /// The TLV area.
    fn tlvs(&mut self, field: Field, value: Tlvs<'a>);
    /// interface_version. By default, as [`Visitor::u8`].
    fn version(&mut self, field: Field, value: InterfaceVersion) {
        self.u8(field, value.0);
    }
    /// A C-Octet String that opens an optional body ([`Kind::OptCStr`]).
    /// By default, as [`Visitor::cstr`] when present. When it is `None`,
    /// no other field of the body is visited.
    fn opt_cstr(&mut self, field: Field, max: u16, value: Option<&'a [u8]>) {
        if let Some(v) = value {
            self.cstr(field, max, v);
        }
    }
    /// A 4-octet command_status (error_status_code). By default, nothing.
    fn status(&mut self, field: Field, value: CommandStatus) {
        let _ = (field, value);
    }
    /// submit_multi's dest_address list. By default, each entry's fields in turn.
    #[cfg(feature = "pdu-multi")]
    fn dest_addresses(&mut self, field: Field, value: DestAddresses<'a>)
    where
        Self: Sized,
    {
        let _ = field;
        for d in value.iter() {
            d.visit(self);
        }
    }
    /// submit_multi_resp's unsuccess_sme list. By default, each entry's fields in turn.
    #[cfg(feature = "pdu-multi")]
    fn unsuccess_smes(&mut self, field: Field, value: UnsuccessSmes<'a>)
    where
        Self: Sized,
    {
        let _ = field;
        for u in value.iter() {
            u.visit(self);
        }
    }
}

/// Builds a body field by field, in wire order: the reverse of [`Visitor`].
/// Bodies have `fill(&mut impl Fill) -> Result<Self, _>`, and
/// [`crate::Pdu::fill`] builds any PDU with a field table.
///
/// The values borrow for `'a`, as a decoded body borrows its bytes: a
/// generator or a parser that produces owned values first keeps them, then
/// fills from them (see the `FIELDS` table of each body for what is asked).
pub trait Fill<'a> {
    /// Why a value cannot be given.
    type Error;
    /// An Integer of 1 octet.
    fn u8(&mut self, field: Field) -> Result<u8, Self::Error>;
    /// A C-Octet String, without its NUL; it must be shorter than `max`
    /// and NUL-free for the body to encode.
    fn cstr(&mut self, field: Field, max: u16) -> Result<&'a [u8], Self::Error>;
    /// A time field.
    fn time(&mut self, field: Field) -> Result<SmppTime, Self::Error>;
    /// short_message: at most 255 octets for the body to encode.
    fn short_message(&mut self, field: Field) -> Result<&'a [u8], Self::Error>;
    /// The TLV area.
    fn tlvs(&mut self, field: Field) -> Result<Tlvs<'a>, Self::Error>;
    /// interface_version. By default, from [`Fill::u8`].
    fn version(&mut self, field: Field) -> Result<InterfaceVersion, Self::Error> {
        self.u8(field).map(InterfaceVersion)
    }
    /// A C-Octet String that opens an optional body. By default, always
    /// present, from [`Fill::cstr`]. When it is `None` the body is empty:
    /// the other fields are still asked for, and dropped.
    fn opt_cstr(&mut self, field: Field, max: u16) -> Result<Option<&'a [u8]>, Self::Error> {
        self.cstr(field, max).map(Some)
    }
    /// A 4-octet command_status. By default, ESME_ROK.
    fn status(&mut self, field: Field) -> Result<CommandStatus, Self::Error> {
        let _ = field;
        Ok(CommandStatus::ESME_ROK)
    }
    /// submit_multi's dest_address list (1 to 255 entries to encode). By
    /// default, empty.
    #[cfg(feature = "pdu-multi")]
    fn dest_addresses(&mut self, field: Field) -> Result<DestAddresses<'a>, Self::Error> {
        let _ = field;
        Ok(DestAddresses::default())
    }
    /// submit_multi_resp's unsuccess_sme list. By default, empty.
    #[cfg(feature = "pdu-multi")]
    fn unsuccess_smes(&mut self, field: Field) -> Result<UnsuccessSmes<'a>, Self::Error> {
        let _ = field;
        Ok(UnsuccessSmes::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{CommandId, Pdu};

    #[test]
    fn names_round_trip() {
        for f in Field::ALL {
            assert_eq!(Field::from_name(f.as_str()), Some(*f));
        }
        assert_eq!(Field::from_name("destnation_addr"), None);
    }

    #[test]
    fn every_table_names_each_field_once_and_ends_with_its_tlvs() {
        for id in CommandId::ALL {
            let Some(table) = Pdu::fields(*id) else {
                continue;
            };
            for (k, row) in table.iter().enumerate() {
                assert!(
                    table.iter().skip(k + 1).all(|r| r.field != row.field),
                    "{id:?}: {} twice",
                    row.field
                );
                // The TLV area is the rest of the body: nothing may follow it.
                if row.kind == Kind::Tlvs {
                    assert_eq!(k + 1, table.len(), "{id:?}: fields after the TLVs");
                }
                // A body that may be absent is opened by its only optional field.
                if matches!(row.kind, Kind::OptCStr { .. }) {
                    assert_eq!(k, 0, "{id:?}: optional field not first");
                }
            }
        }
    }
}
