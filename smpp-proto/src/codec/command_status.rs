//! command_status codes (SMPP 3.4 §5.1.3, SMPP 5.0 §4.7.6).
//!
//! Read before editing:
//!
//! - SMPP 3.4 §5.1.3 "command_status" (Table 5-2, error codes `0x00`–`0xFF`);
//! - SMPP 5.0 §4.7.6 "command_status" (the error code table, which renames the
//!   `0xC0`–`0xC4` optional-parameter codes to TLV names and adds
//!   `0x100`–`0x112`).
//!
//! The same codes are carried in the `error_status_code` of a
//! `submit_multi_resp` unsuccessful-delivery entry.
//!
//! Ranges, as both specs lay them out:
//!
//! | Range                     | Meaning                                             |
//! |---------------------------|-----------------------------------------------------|
//! | `0x000`–`0x0FF`           | assigned codes (with gaps that are reserved)        |
//! | `0x100`–`0x112`           | assigned by SMPP 5.0 (SMPP 3.4: reserved for SMPP extension) |
//! | `0x113`–`0x3FF`           | reserved for SMPP extension                         |
//! | `0x400`–`0x4FF`           | reserved for SMSC/MC vendor specific errors          |
//! | `0x500`–`0xFFFF_FFFF`     | reserved                                            |
//!
//! [`CommandStatus`] is an open newtype rather than an enum: a peer may send a
//! vendor code or a code this crate does not know, and it must still be
//! decoded, logged and echoed back unchanged.
//!
//! Every constant, [`CommandStatus::ALL`], [`CommandStatus::name`],
//! [`CommandStatus::description`] and [`CommandStatus::from_name`] are generated
//! from the one table in the `command_status_codes!` invocation below; add a
//! code there and nowhere else. Where SMPP 3.4 and SMPP 5.0 name a code
//! differently (`0xC0`–`0xC4`), the SMPP 3.4 name is the primary one and the
//! SMPP 5.0 name is an alias constant with the same value.

use core::fmt;

/// The `command_status` header field: an open newtype so vendor codes (0x400–0x4FF) and unknown codes stay representable.
///
/// `0` ([`CommandStatus::ESME_ROK`]) means success; every other value is an
/// error. Requests always carry `0` (SMPP 3.4 §5.1.3, SMPP 5.0 §4.7.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CommandStatus(pub u32);

/// Reference appended to codes defined identically by both specs.
macro_rules! both_specs {
    () => {
        "SMPP 3.4 §5.1.3, SMPP 5.0 §4.7.6"
    };
}

/// Reference appended to codes that only SMPP 5.0 defines.
macro_rules! smpp50_only {
    () => {
        "SMPP 5.0 §4.7.6 (reserved for SMPP extension in SMPP 3.4 §5.1.3)"
    };
}

/// Generates the constants, [`CommandStatus::ALL`], `name`, `description` and
/// `from_name` from one table.
///
/// Each row is `NAME = value, "description", "reference"`, optionally followed
/// by `alias NAME50, "SMPP 5.0 description"` for codes SMPP 5.0 renamed.
/// Values must be listed in ascending order (a test checks it); a duplicated
/// value is an unreachable match arm and fails the build under `-D warnings`.
macro_rules! command_status_codes {
    ($(
        $name:ident = $value:literal, $desc:expr, $refs:expr
        $(, alias $alias:ident, $alias_desc:expr)?
        ;
    )*) => {
        impl CommandStatus {
            $(
                #[doc = concat!($desc, ".\n\n", $refs, ".")]
                pub const $name: Self = Self($value);
                $(
                    #[doc = concat!(
                        $alias_desc, ".\n\n",
                        "SMPP 5.0 §4.7.6. The SMPP 5.0 name of [`Self::", stringify!($name),
                        "`] (SMPP 3.4 §5.1.3); same value."
                    )]
                    pub const $alias: Self = Self($value);
                )?
            )*

            /// Every code assigned by SMPP 3.4 or SMPP 5.0, each once, in ascending
            /// order. Codes with two names (`0xC0`–`0xC4`) appear once.
            pub const ALL: &'static [CommandStatus] = &[$(Self::$name),*];

            /// The spec name of this code, e.g. `"ESME_RINVCMDLEN"`, or `None` for a
            /// reserved, vendor specific or unknown code.
            ///
            /// For `0xC0`–`0xC4`, which SMPP 5.0 renamed, this is the SMPP 3.4 name
            /// (e.g. `"ESME_RINVOPTPARSTREAM"` rather than `"ESME_RINVTLVSTREAM"`).
            #[must_use]
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($value => Some(stringify!($name)),)*
                    _ => None,
                }
            }

            /// The spec's description of this code, e.g. `"Command Length is invalid"`,
            /// or `None` for a reserved, vendor specific or unknown code.
            ///
            /// For codes whose wording differs between the specs, this is the wording
            /// of the spec [`name`](Self::name) comes from (SMPP 3.4 for `0x00`–`0xFF`).
            #[must_use]
            pub const fn description(self) -> Option<&'static str> {
                match self.0 {
                    $($value => Some($desc),)*
                    _ => None,
                }
            }

            /// Looks a code up by its spec name, e.g. `"ESME_RTHROTTLED"`.
            ///
            /// Both names of the dual-named codes are accepted
            /// (`"ESME_RINVOPTPARSTREAM"` and `"ESME_RINVTLVSTREAM"` both give
            /// `0xC0`). The match is exact and case-sensitive.
            #[must_use]
            pub const fn from_name(name: &str) -> Option<CommandStatus> {
                let name = name.as_bytes();
                $(
                    if bytes_eq(name, stringify!($name).as_bytes()) {
                        return Some(Self::$name);
                    }
                    $(
                        if bytes_eq(name, stringify!($alias).as_bytes()) {
                            return Some(Self::$alias);
                        }
                    )?
                )*
                None
            }
        }

        /// Every name (primary and alias) with its code, for the tests.
        #[cfg(test)]
        const ALL_NAMES: &[(&str, CommandStatus)] = &[
            $(
                (stringify!($name), CommandStatus::$name),
                $((stringify!($alias), CommandStatus::$alias),)?
            )*
        ];
    };
}

command_status_codes! {
    ESME_ROK = 0x0000_0000, "No Error", both_specs!();
    ESME_RINVMSGLEN = 0x0000_0001, "Message Length is invalid", both_specs!();
    ESME_RINVCMDLEN = 0x0000_0002, "Command Length is invalid", both_specs!();
    ESME_RINVCMDID = 0x0000_0003, "Invalid Command ID", both_specs!();
    ESME_RINVBNDSTS = 0x0000_0004, "Incorrect BIND Status for given command", both_specs!();
    ESME_RALYBND = 0x0000_0005, "ESME Already in Bound State", both_specs!();
    ESME_RINVPRTFLG = 0x0000_0006, "Invalid Priority Flag", both_specs!();
    ESME_RINVREGDLVFLG = 0x0000_0007, "Invalid Registered Delivery Flag", both_specs!();
    ESME_RSYSERR = 0x0000_0008, "System Error", both_specs!();
    ESME_RINVSRCADR = 0x0000_000A, "Invalid Source Address", both_specs!();
    ESME_RINVDSTADR = 0x0000_000B, "Invalid Dest Addr",
        "SMPP 3.4 §5.1.3, SMPP 5.0 §4.7.6 (which words it \"Invalid Destination Address\")";
    ESME_RINVMSGID = 0x0000_000C, "Message ID is invalid", both_specs!();
    ESME_RBINDFAIL = 0x0000_000D, "Bind Failed", both_specs!();
    ESME_RINVPASWD = 0x0000_000E, "Invalid Password", both_specs!();
    ESME_RINVSYSID = 0x0000_000F, "Invalid System ID", both_specs!();
    ESME_RCANCELFAIL = 0x0000_0011, "Cancel SM Failed", both_specs!();
    ESME_RREPLACEFAIL = 0x0000_0013, "Replace SM Failed", both_specs!();
    ESME_RMSGQFUL = 0x0000_0014, "Message Queue Full", both_specs!();
    ESME_RINVSERTYP = 0x0000_0015, "Invalid Service Type", both_specs!();
    ESME_RINVNUMDESTS = 0x0000_0033, "Invalid number of destinations", both_specs!();
    ESME_RINVDLNAME = 0x0000_0034, "Invalid Distribution List name", both_specs!();
    ESME_RINVDESTFLAG = 0x0000_0040, "Destination flag is invalid (submit_multi)", both_specs!();
    ESME_RINVSUBREP = 0x0000_0042,
        "Invalid 'submit with replace' request (i.e. submit_sm with replace_if_present_flag set)",
        "SMPP 3.4 §5.1.3, SMPP 5.0 §4.7.6 (which describes it as submit with replace \
         requested where unsupported or inappropriate)";
    ESME_RINVESMCLASS = 0x0000_0043, "Invalid esm_class field data", both_specs!();
    ESME_RCNTSUBDL = 0x0000_0044, "Cannot Submit to Distribution List", both_specs!();
    ESME_RSUBMITFAIL = 0x0000_0045, "submit_sm or submit_multi failed",
        "SMPP 3.4 §5.1.3, SMPP 5.0 §4.7.6 (which words it \"submit_sm, data_sm or submit_multi failed\")";
    ESME_RINVSRCTON = 0x0000_0048, "Invalid Source address TON", both_specs!();
    ESME_RINVSRCNPI = 0x0000_0049, "Invalid Source address NPI", both_specs!();
    ESME_RINVDSTTON = 0x0000_0050, "Invalid Destination address TON", both_specs!();
    ESME_RINVDSTNPI = 0x0000_0051, "Invalid Destination address NPI", both_specs!();
    ESME_RINVSYSTYP = 0x0000_0053, "Invalid system_type field", both_specs!();
    ESME_RINVREPFLAG = 0x0000_0054, "Invalid replace_if_present flag", both_specs!();
    ESME_RINVNUMMSGS = 0x0000_0055, "Invalid number of messages", both_specs!();
    ESME_RTHROTTLED = 0x0000_0058,
        "Throttling error (ESME has exceeded allowed message limits)", both_specs!();
    ESME_RINVSCHED = 0x0000_0061, "Invalid Scheduled Delivery Time", both_specs!();
    ESME_RINVEXPIRY = 0x0000_0062, "Invalid message validity period (Expiry time)", both_specs!();
    ESME_RINVDFTMSGID = 0x0000_0063, "Predefined Message Invalid or Not Found",
        "SMPP 3.4 §5.1.3, SMPP 5.0 §4.7.6 (which words it \"Predefined Message ID is Invalid \
         or specified predefined message was not found\")";
    ESME_RX_T_APPN = 0x0000_0064, "ESME Receiver Temporary App Error Code", both_specs!();
    ESME_RX_P_APPN = 0x0000_0065, "ESME Receiver Permanent App Error Code", both_specs!();
    ESME_RX_R_APPN = 0x0000_0066, "ESME Receiver Reject Message Error Code", both_specs!();
    ESME_RQUERYFAIL = 0x0000_0067, "query_sm request failed", both_specs!();
    ESME_RINVOPTPARSTREAM = 0x0000_00C0, "Error in the optional part of the PDU Body",
        "SMPP 3.4 §5.1.3; SMPP 5.0 §4.7.6 names it [`Self::ESME_RINVTLVSTREAM`]",
        alias ESME_RINVTLVSTREAM, "Error in the optional part of the PDU Body";
    ESME_ROPTPARNOTALLWD = 0x0000_00C1, "Optional Parameter not allowed",
        "SMPP 3.4 §5.1.3; SMPP 5.0 §4.7.6 names it [`Self::ESME_RTLVNOTALLWD`]",
        alias ESME_RTLVNOTALLWD, "TLV not allowed";
    ESME_RINVPARLEN = 0x0000_00C2, "Invalid Parameter Length",
        "SMPP 3.4 §5.1.3; SMPP 5.0 §4.7.6 names it [`Self::ESME_RINVTLVLEN`]",
        alias ESME_RINVTLVLEN, "Invalid Parameter Length";
    ESME_RMISSINGOPTPARAM = 0x0000_00C3, "Expected Optional Parameter missing",
        "SMPP 3.4 §5.1.3; SMPP 5.0 §4.7.6 names it [`Self::ESME_RMISSINGTLV`]",
        alias ESME_RMISSINGTLV, "Expected TLV missing";
    ESME_RINVOPTPARAMVAL = 0x0000_00C4, "Invalid Optional Parameter Value",
        "SMPP 3.4 §5.1.3; SMPP 5.0 §4.7.6 names it [`Self::ESME_RINVTLVVAL`]",
        alias ESME_RINVTLVVAL, "Invalid TLV Value";
    ESME_RDELIVERYFAILURE = 0x0000_00FE, "Delivery Failure (used for data_sm_resp)",
        "SMPP 3.4 §5.1.3, SMPP 5.0 §4.7.6 (which words it \"Transaction Delivery Failure\")";
    ESME_RUNKNOWNERR = 0x0000_00FF, "Unknown Error", both_specs!();
    ESME_RSERTYPUNAUTH = 0x0000_0100, "ESME Not authorised to use specified service_type",
        smpp50_only!();
    ESME_RPROHIBITED = 0x0000_0101, "ESME Prohibited from using specified operation",
        smpp50_only!();
    ESME_RSERTYPUNAVAIL = 0x0000_0102, "Specified service_type is unavailable", smpp50_only!();
    ESME_RSERTYPDENIED = 0x0000_0103, "Specified service_type is denied", smpp50_only!();
    ESME_RINVDCS = 0x0000_0104, "Invalid Data Coding Scheme", smpp50_only!();
    ESME_RINVSRCADDRSUBUNIT = 0x0000_0105, "Source Address Sub unit is Invalid", smpp50_only!();
    ESME_RINVDSTADDRSUBUNIT = 0x0000_0106, "Destination Address Sub unit is Invalid",
        smpp50_only!();
    ESME_RINVBCASTFREQINT = 0x0000_0107, "Broadcast Frequency Interval is invalid",
        smpp50_only!();
    ESME_RINVBCASTALIAS_NAME = 0x0000_0108, "Broadcast Alias Name is invalid", smpp50_only!();
    ESME_RINVBCASTAREAFMT = 0x0000_0109, "Broadcast Area Format is invalid", smpp50_only!();
    ESME_RINVNUMBCAST_AREAS = 0x0000_010A, "Number of Broadcast Areas is invalid",
        smpp50_only!();
    ESME_RINVBCASTCNTTYPE = 0x0000_010B, "Broadcast Content Type is invalid", smpp50_only!();
    ESME_RINVBCASTMSGCLASS = 0x0000_010C, "Broadcast Message Class is invalid", smpp50_only!();
    ESME_RBCASTFAIL = 0x0000_010D, "broadcast_sm operation failed", smpp50_only!();
    ESME_RBCASTQUERYFAIL = 0x0000_010E, "query_broadcast_sm operation failed", smpp50_only!();
    ESME_RBCASTCANCELFAIL = 0x0000_010F, "cancel_broadcast_sm operation failed", smpp50_only!();
    ESME_RINVBCAST_REP = 0x0000_0110, "Number of Repeated Broadcasts is invalid", smpp50_only!();
    ESME_RINVBCASTSRVGRP = 0x0000_0111, "Broadcast Service Group is invalid", smpp50_only!();
    ESME_RINVBCASTCHANIND = 0x0000_0112, "Broadcast Channel Indicator is invalid", smpp50_only!();
}

/// Byte-wise equality usable in a `const fn`, without indexing.
const fn bytes_eq(mut a: &[u8], mut b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    while let ([x, rest_a @ ..], [y, rest_b @ ..]) = (a, b) {
        if *x != *y {
            return false;
        }
        a = rest_a;
        b = rest_b;
    }
    true
}

impl CommandStatus {
    /// First code of the range reserved for SMSC/MC vendor specific errors.
    pub const VENDOR_SPECIFIC_FIRST: u32 = 0x0000_0400;
    /// Last code of the range reserved for SMSC/MC vendor specific errors.
    pub const VENDOR_SPECIFIC_LAST: u32 = 0x0000_04FF;

    /// `true` for [`ESME_ROK`](Self::ESME_ROK) (`0`), the only success code.
    #[must_use]
    pub const fn is_ok(self) -> bool {
        self.0 == Self::ESME_ROK.0
    }

    /// `true` if SMPP 3.4 or SMPP 5.0 assigns this code a name (it is in
    /// [`ALL`](Self::ALL)).
    #[must_use]
    pub const fn is_assigned(self) -> bool {
        self.name().is_some()
    }

    /// `true` for `0x400..=0x4FF`, the range reserved for SMSC/MC vendor
    /// specific errors (SMPP 3.4 §5.1.3, SMPP 5.0 §4.7.6).
    #[must_use]
    pub const fn is_vendor_specific(self) -> bool {
        self.0 >= Self::VENDOR_SPECIFIC_FIRST && self.0 <= Self::VENDOR_SPECIFIC_LAST
    }

    /// `true` for a code that is neither assigned by SMPP 3.4/5.0 nor in the
    /// vendor specific range: a gap in the table, the SMPP extension range
    /// `0x113..=0x3FF`, or `0x500` and above.
    #[must_use]
    pub const fn is_reserved(self) -> bool {
        !self.is_assigned() && !self.is_vendor_specific()
    }
}

impl From<u32> for CommandStatus {
    fn from(value: u32) -> Self {
        Self(value)
    }
}

impl From<CommandStatus> for u32 {
    fn from(status: CommandStatus) -> Self {
        status.0
    }
}

/// Prints `ESME_RTHROTTLED (0x00000058)` for an assigned code,
/// `0x00000401 (vendor specific)` for a vendor code and `0x00000099 (reserved)`
/// otherwise.
impl fmt::Display for CommandStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{name} (0x{:08X})", self.0),
            None if self.is_vendor_specific() => write!(f, "0x{:08X} (vendor specific)", self.0),
            None => write!(f, "0x{:08X} (reserved)", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::{CommandStatus, ALL_NAMES};
    use std::collections::BTreeSet;
    use std::format;
    use std::string::ToString;

    #[test]
    fn all_is_strictly_ascending_and_complete() {
        for pair in CommandStatus::ALL.windows(2) {
            assert!(pair[0] < pair[1], "{} !< {}", pair[0], pair[1]);
        }
        // 48 codes in 0x00..=0xFF (SMPP 3.4) plus 19 added by SMPP 5.0 (0x100..=0x112).
        assert_eq!(CommandStatus::ALL.len(), 48 + 19);
        assert_eq!(ALL_NAMES.len(), CommandStatus::ALL.len() + 5);
    }

    #[test]
    fn names_are_unique() {
        let mut seen = BTreeSet::new();
        for (name, _) in ALL_NAMES {
            assert!(seen.insert(*name), "duplicate name {name}");
            assert!(name.starts_with("ESME_R"), "{name}");
        }
    }

    #[test]
    fn name_code_name_round_trip() {
        for &code in CommandStatus::ALL {
            let name = code.name().expect("assigned code has a name");
            assert_eq!(CommandStatus::from_name(name), Some(code));
            assert!(code.description().is_some());
            assert!(code.is_assigned());
            assert!(!code.is_reserved());
            assert!(!code.is_vendor_specific());
        }
        for &(name, code) in ALL_NAMES {
            assert_eq!(CommandStatus::from_name(name), Some(code), "{name}");
            let primary = code.name().expect("named code");
            assert_eq!(CommandStatus::from_name(primary), Some(code));
        }
    }

    #[test]
    fn dual_names() {
        let pairs = [
            (
                CommandStatus::ESME_RINVOPTPARSTREAM,
                CommandStatus::ESME_RINVTLVSTREAM,
                0xC0,
            ),
            (
                CommandStatus::ESME_ROPTPARNOTALLWD,
                CommandStatus::ESME_RTLVNOTALLWD,
                0xC1,
            ),
            (
                CommandStatus::ESME_RINVPARLEN,
                CommandStatus::ESME_RINVTLVLEN,
                0xC2,
            ),
            (
                CommandStatus::ESME_RMISSINGOPTPARAM,
                CommandStatus::ESME_RMISSINGTLV,
                0xC3,
            ),
            (
                CommandStatus::ESME_RINVOPTPARAMVAL,
                CommandStatus::ESME_RINVTLVVAL,
                0xC4,
            ),
        ];
        for (v34, v50, value) in pairs {
            assert_eq!(v34, v50);
            assert_eq!(v34.0, value);
        }
        assert_eq!(
            CommandStatus::from_name("ESME_RINVTLVSTREAM"),
            Some(CommandStatus(0xC0))
        );
        assert_eq!(
            CommandStatus::from_name("ESME_RINVOPTPARSTREAM"),
            Some(CommandStatus(0xC0))
        );
        assert_eq!(CommandStatus(0xC0).name(), Some("ESME_RINVOPTPARSTREAM"));
        assert_eq!(CommandStatus(0xC3).name(), Some("ESME_RMISSINGOPTPARAM"));
    }

    #[test]
    fn spot_values_and_texts() {
        assert_eq!(
            CommandStatus::ESME_RINVCMDLEN.name(),
            Some("ESME_RINVCMDLEN")
        );
        assert_eq!(
            CommandStatus::ESME_RINVCMDLEN.description(),
            Some("Command Length is invalid")
        );
        assert_eq!(CommandStatus::ESME_RTHROTTLED.0, 0x58);
        assert_eq!(CommandStatus::ESME_RX_R_APPN.0, 0x66);
        assert_eq!(CommandStatus::ESME_RINVBCASTCHANIND.0, 0x112);
        assert_eq!(
            CommandStatus::ESME_RINVBCASTALIAS_NAME.name(),
            Some("ESME_RINVBCASTALIAS_NAME")
        );
    }

    #[test]
    fn unknown_names() {
        assert_eq!(CommandStatus::from_name(""), None);
        assert_eq!(CommandStatus::from_name("esme_rok"), None);
        assert_eq!(CommandStatus::from_name("ESME_ROK "), None);
        assert_eq!(CommandStatus::from_name("ESME_RINVCMDLE"), None);
        assert_eq!(CommandStatus::from_name("ESME_RINVCMDLENX"), None);
    }

    #[test]
    fn ok() {
        assert!(CommandStatus::ESME_ROK.is_ok());
        assert!(CommandStatus(0).is_ok());
        assert!(!CommandStatus::ESME_RSYSERR.is_ok());
        assert!(!CommandStatus(0x400).is_ok());
    }

    #[test]
    fn vendor_and_reserved_ranges() {
        for value in [0x400, 0x401, 0x47F, 0x4FF] {
            let code = CommandStatus(value);
            assert!(code.is_vendor_specific(), "{value:#x}");
            assert!(!code.is_reserved());
            assert!(!code.is_assigned());
            assert_eq!(code.name(), None);
            assert_eq!(code.description(), None);
        }
        for value in [
            0x09,
            0x10,
            0x12,
            0x16,
            0x41,
            0x99,
            0xC5,
            0xFD,
            0x113,
            0x3FF,
            0x500,
            u32::MAX,
        ] {
            let code = CommandStatus(value);
            assert!(code.is_reserved(), "{value:#x}");
            assert!(!code.is_vendor_specific());
            assert_eq!(code.name(), None);
            assert_eq!(code.description(), None);
        }
        // Exhaustive over the low range: every value is exactly one of the three.
        for value in 0..=0x600_u32 {
            let code = CommandStatus(value);
            let kinds = [
                code.is_assigned(),
                code.is_vendor_specific(),
                code.is_reserved(),
            ];
            assert_eq!(kinds.iter().filter(|k| **k).count(), 1, "{value:#x}");
            assert_eq!(code.is_assigned(), CommandStatus::ALL.contains(&code));
        }
    }

    #[test]
    fn display() {
        assert_eq!(
            CommandStatus::ESME_RTHROTTLED.to_string(),
            "ESME_RTHROTTLED (0x00000058)"
        );
        assert_eq!(CommandStatus::ESME_ROK.to_string(), "ESME_ROK (0x00000000)");
        assert_eq!(
            CommandStatus::ESME_RINVTLVSTREAM.to_string(),
            "ESME_RINVOPTPARSTREAM (0x000000C0)"
        );
        assert_eq!(
            CommandStatus(0x401).to_string(),
            "0x00000401 (vendor specific)"
        );
        assert_eq!(CommandStatus(0x99).to_string(), "0x00000099 (reserved)");
        assert_eq!(CommandStatus(u32::MAX).to_string(), "0xFFFFFFFF (reserved)");
        assert_eq!(
            format!("{}", CommandStatus::ESME_RINVBCASTCHANIND),
            "ESME_RINVBCASTCHANIND (0x00000112)"
        );
    }

    #[test]
    fn conversions() {
        assert_eq!(
            CommandStatus::from(0x58_u32),
            CommandStatus::ESME_RTHROTTLED
        );
        assert_eq!(u32::from(CommandStatus::ESME_RINVDCS), 0x104);
        let code: CommandStatus = 0x4FF_u32.into();
        let back: u32 = code.into();
        assert_eq!(back, 0x4FF);
    }

    #[test]
    fn usable_in_const_context() {
        const CODE: Option<CommandStatus> = CommandStatus::from_name("ESME_RMSGQFUL");
        const NAME: Option<&str> = CommandStatus::ESME_RMSGQFUL.name();
        assert_eq!(CODE, Some(CommandStatus(0x14)));
        assert_eq!(NAME, Some("ESME_RMSGQFUL"));
    }
}
