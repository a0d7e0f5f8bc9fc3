//! bind_transmitter / bind_receiver / bind_transceiver, their responses, and
//! outbind (SMPP 3.4 §4.1, SMPP 5.0 §4.1).

use super::body::{body, CStr, OptCStr, TlvTail, Version, U8};
use super::tlv::Tlvs;
use super::version::InterfaceVersion;

const SYSTEM_ID_MAX: u16 = 16;
const PASSWORD_MAX: u16 = 9;
const SYSTEM_TYPE_MAX: u16 = 13;
const ADDRESS_RANGE_MAX: u16 = 41;

body! {
    /// The body of bind_transmitter, bind_receiver and bind_transceiver
    /// (SMPP 3.4 §4.1.1, §4.1.3, §4.1.5).
    ///
    /// `Debug` and `defmt::Format` never show the password.
    #[derive(Clone, Copy, PartialEq, Eq, Default)]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct Bind<'a> {
        /// system_id: identifies the ESME (C-Octet String, max 16).
        pub system_id: &'a [u8] = SystemId: CStr(SYSTEM_ID_MAX),
        /// password: authenticates the ESME (C-Octet String, max 9).
        #[cfg_attr(feature = "serde", serde(skip))]
        pub password: &'a [u8] = Password: CStr(PASSWORD_MAX),
        /// system_type: the type of ESME (C-Octet String, max 13).
        pub system_type: &'a [u8] = SystemType: CStr(SYSTEM_TYPE_MAX),
        /// interface_version: the SMPP version the ESME supports.
        pub interface_version: InterfaceVersion = InterfaceVersion: Version,
        /// addr_ton: type of number of the ESME's addresses.
        pub addr_ton: u8 = AddrTon: U8,
        /// addr_npi: numbering plan of the ESME's addresses.
        pub addr_npi: u8 = AddrNpi: U8,
        /// address_range: the addresses served by this ESME (C-Octet String, max 41).
        pub address_range: &'a [u8] = AddressRange: CStr(ADDRESS_RANGE_MAX),
    }
}

impl core::fmt::Debug for Bind<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Bind")
            .field("system_id", &self.system_id)
            .field("password", &"<redacted>")
            .field("system_type", &self.system_type)
            .field("interface_version", &self.interface_version)
            .field("addr_ton", &self.addr_ton)
            .field("addr_npi", &self.addr_npi)
            .field("address_range", &self.address_range)
            .finish()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Bind<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "Bind {{ system_id: {=[u8]:a}, password: <redacted>, system_type: {=[u8]:a}, interface_version: {}, addr_ton: {}, addr_npi: {}, address_range: {=[u8]:a} }}",
            self.system_id,
            self.system_type,
            self.interface_version,
            self.addr_ton,
            self.addr_npi,
            self.address_range
        )
    }
}

body! {
    /// The body of the three bind responses (SMPP 3.4 §4.1.2, §4.1.4, §4.1.6).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    #[cfg_attr(feature = "defmt", derive(defmt::Format))]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct BindResp<'a> [optional system_id] {
        /// system_id of the SMSC (C-Octet String, max 16). `None` when the body
        /// is absent (a rejected bind usually has none).
        pub system_id: Option<&'a [u8]> = SystemId: OptCStr(SYSTEM_ID_MAX),
        /// Optional parameters: sc_interface_version.
        pub tlvs: Tlvs<'a> = Tlvs: TlvTail,
    }
}

body! {
    /// outbind (SMPP 3.4 §4.1.7): the SMSC asks an ESME to bind as a receiver.
    ///
    /// `Debug` and `defmt::Format` never show the password.
    #[derive(Clone, Copy, PartialEq, Eq, Default)]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct Outbind<'a> {
        /// system_id of the SMSC (C-Octet String, max 16).
        pub system_id: &'a [u8] = SystemId: CStr(SYSTEM_ID_MAX),
        /// password (C-Octet String, max 9).
        #[cfg_attr(feature = "serde", serde(skip))]
        pub password: &'a [u8] = Password: CStr(PASSWORD_MAX),
    }
}

impl core::fmt::Debug for Outbind<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Outbind")
            .field("system_id", &self.system_id)
            .field("password", &"<redacted>")
            .finish()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Outbind<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "Outbind {{ system_id: {=[u8]:a}, password: <redacted> }}",
            self.system_id
        )
    }
}
