//! The spec names of PDU body fields, their wire kinds and maximum sizes
//! (SMPP 3.4 §4 for each PDU's table, §5.2 for the fields; SMPP 5.0 §4).
//! A leaf of the codec: everything else may import it, it imports nothing.

use core::fmt;

/// Maximum size (with NUL) of service_type (SMPP 3.4 §5.2.11).
pub(crate) const SERVICE_TYPE_MAX: u16 = 6;
/// Maximum size (with NUL) of an address in submit_sm, deliver_sm and most
/// others (SMPP 3.4 §5.2.8–9).
pub(crate) const ADDR21_MAX: u16 = 21;
/// Maximum size (with NUL) of an address in data_sm and alert_notification
/// (SMPP 3.4 §4.7.1, §4.12.1).
pub(crate) const ADDR65_MAX: u16 = 65;
/// Maximum size (with NUL) of message_id (SMPP 3.4 §5.2.23).
pub(crate) const MESSAGE_ID_MAX: u16 = 65;
/// Maximum size (with NUL) of dl_name (SMPP 3.4 §4.5.1.2).
pub(crate) const DL_NAME_MAX: u16 = 21;

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

            /// The position of the field in [`Field::ALL`]: a dense index
            /// for a mapping's per-field tables (its keys, made once).
            pub const fn index(self) -> usize {
                self as usize
            }

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

impl Field {
    /// The key of the field in the JSON and Python forms of a PDU (`smpp
    /// decode`, the Python `smpp.decode`): its spec name, except the
    /// submit_multi lists, which are plural because they hold every entry
    /// (`dest_addresses`, SMPP 3.4 §4.5.1.1; `unsuccess_smes`, §4.5.2.1).
    pub const fn key(self) -> &'static str {
        match self {
            Field::DestAddress => "dest_addresses",
            Field::UnsuccessSme => "unsuccess_smes",
            f => f.as_str(),
        }
    }
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
    /// interface_version: 1 octet, [`crate::InterfaceVersion`].
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

impl Kind {
    /// The fields one entry of a list may have, in wire order: for
    /// [`Kind::DestAddresses`] dest_flag, then dest_addr_ton, dest_addr_npi
    /// and destination_addr (dest_flag 1, an SME address) or dl_name
    /// (dest_flag 2, a distribution list) (SMPP 3.4 §4.5.1.1); for
    /// [`Kind::UnsuccessSmes`] dest_addr_ton, dest_addr_npi,
    /// destination_addr and error_status_code (SMPP 3.4 §4.5.2.1). Empty
    /// for every other kind.
    pub const fn entry_fields(self) -> &'static [FieldSpec] {
        match self {
            Kind::DestAddresses => DEST_ADDRESS_FIELDS,
            Kind::UnsuccessSmes => UNSUCCESS_SME_FIELDS,
            _ => &[],
        }
    }

    /// The count written on the wire before a value of this kind, which
    /// follows from the value: sm_length before short_message (SMPP 3.4
    /// §5.2.21), number_of_dests before the dest_address entries
    /// (§5.2.24), no_unsuccess before the unsuccess_sme entries (§5.2.26).
    /// `None` for every other kind.
    pub const fn count_field(self) -> Option<Field> {
        match self {
            Kind::ShortMessage => Some(Field::SmLength),
            Kind::DestAddresses => Some(Field::NumberOfDests),
            Kind::UnsuccessSmes => Some(Field::NoUnsuccess),
            _ => None,
        }
    }
}

const ADDR21: Kind = Kind::CStr { max: ADDR21_MAX };

/// The fields of a dest_address entry (SMPP 3.4 §4.5.1.1).
const DEST_ADDRESS_FIELDS: &[FieldSpec] = &[
    FieldSpec {
        field: Field::DestFlag,
        kind: Kind::U8,
    },
    FieldSpec {
        field: Field::DestAddrTon,
        kind: Kind::U8,
    },
    FieldSpec {
        field: Field::DestAddrNpi,
        kind: Kind::U8,
    },
    FieldSpec {
        field: Field::DestinationAddr,
        kind: ADDR21,
    },
    FieldSpec {
        field: Field::DlName,
        kind: Kind::CStr { max: DL_NAME_MAX },
    },
];

/// The fields of an unsuccess_sme entry (SMPP 3.4 §4.5.2.1).
const UNSUCCESS_SME_FIELDS: &[FieldSpec] = &[
    FieldSpec {
        field: Field::DestAddrTon,
        kind: Kind::U8,
    },
    FieldSpec {
        field: Field::DestAddrNpi,
        kind: Kind::U8,
    },
    FieldSpec {
        field: Field::DestinationAddr,
        kind: ADDR21,
    },
    FieldSpec {
        field: Field::ErrorStatusCode,
        kind: Kind::Status,
    },
];

/// One row of a body's field table: the spec name and the wire layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct FieldSpec {
    /// The field's spec name.
    pub field: Field,
    /// Its wire layout.
    pub kind: Kind,
}
