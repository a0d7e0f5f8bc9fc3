//! bind_transmitter / bind_receiver / bind_transceiver, their responses, and
//! outbind (SMPP 3.4 §4.1, SMPP 5.0 §4.1).

use super::pdu::{no_trailing, opt_tlvs_len, rest_tlvs, Body};
use super::tlv::Tlvs;
use super::version::InterfaceVersion;
use super::wire::{cstr, u8_field, Writer};
use crate::error::{DecodeError, EncodeError};

const SYSTEM_ID_MAX: u16 = 16;
const PASSWORD_MAX: u16 = 9;
const SYSTEM_TYPE_MAX: u16 = 13;
const ADDRESS_RANGE_MAX: u16 = 41;

/// The body of bind_transmitter, bind_receiver and bind_transceiver
/// (SMPP 3.4 §4.1.1, §4.1.3, §4.1.5).
///
/// `Debug` and `defmt::Format` never show the password.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Bind<'a> {
    /// system_id: identifies the ESME (C-Octet String, max 16).
    pub system_id: &'a [u8],
    /// password: authenticates the ESME (C-Octet String, max 9).
    #[cfg_attr(feature = "serde", serde(skip))]
    pub password: &'a [u8],
    /// system_type: the type of ESME (C-Octet String, max 13).
    pub system_type: &'a [u8],
    /// interface_version: the SMPP version the ESME supports.
    pub interface_version: InterfaceVersion,
    /// addr_ton: type of number of the ESME's addresses.
    pub addr_ton: u8,
    /// addr_npi: numbering plan of the ESME's addresses.
    pub addr_npi: u8,
    /// address_range: the addresses served by this ESME (C-Octet String, max 41).
    pub address_range: &'a [u8],
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

impl<'a> Body<'a> for Bind<'a> {
    #[inline]
    fn decode_body(body: &'a [u8]) -> Result<Self, DecodeError> {
        let i = body;
        let (i, system_id) = cstr(i, "system_id", SYSTEM_ID_MAX)?;
        let (i, password) = cstr(i, "password", PASSWORD_MAX)?;
        let (i, system_type) = cstr(i, "system_type", SYSTEM_TYPE_MAX)?;
        let (i, interface_version) = u8_field(i, "interface_version")?;
        let (i, addr_ton) = u8_field(i, "addr_ton")?;
        let (i, addr_npi) = u8_field(i, "addr_npi")?;
        let (i, address_range) = cstr(i, "address_range", ADDRESS_RANGE_MAX)?;
        no_trailing(i)?;
        Ok(Bind {
            system_id,
            password,
            system_type,
            interface_version: InterfaceVersion(interface_version),
            addr_ton,
            addr_npi,
            address_range,
        })
    }

    fn body_len(&self, _tlvs: bool) -> usize {
        self.system_id.len()
            + self.password.len()
            + self.system_type.len()
            + self.address_range.len()
            + 4
            + 3
    }

    fn encode_body(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.cstr(self.system_id, "system_id", SYSTEM_ID_MAX)?;
        w.cstr(self.password, "password", PASSWORD_MAX)?;
        w.cstr(self.system_type, "system_type", SYSTEM_TYPE_MAX)?;
        w.u8(self.interface_version.0)?;
        w.u8(self.addr_ton)?;
        w.u8(self.addr_npi)?;
        w.cstr(self.address_range, "address_range", ADDRESS_RANGE_MAX)
    }
}

/// The body of the three bind responses (SMPP 3.4 §4.1.2, §4.1.4, §4.1.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct BindResp<'a> {
    /// system_id of the SMSC (C-Octet String, max 16). `None` when the body
    /// is absent (a rejected bind usually has none).
    pub system_id: Option<&'a [u8]>,
    /// Optional parameters: sc_interface_version.
    pub tlvs: Tlvs<'a>,
}

impl<'a> Body<'a> for BindResp<'a> {
    #[inline]
    fn decode_body(body: &'a [u8]) -> Result<Self, DecodeError> {
        if body.is_empty() {
            return Ok(BindResp::default());
        }
        let (i, system_id) = cstr(body, "system_id", SYSTEM_ID_MAX)?;
        let tlvs = rest_tlvs(body, i)?;
        Ok(BindResp {
            system_id: Some(system_id),
            tlvs,
        })
    }

    fn body_len(&self, tlvs: bool) -> usize {
        match self.system_id {
            None => 0,
            Some(s) => s.len() + 1 + opt_tlvs_len(&self.tlvs, tlvs),
        }
    }

    fn encode_body(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        if let Some(s) = self.system_id {
            w.cstr(s, "system_id", SYSTEM_ID_MAX)?;
            self.tlvs.encode(w)?;
        }
        Ok(())
    }
}

/// outbind (SMPP 3.4 §4.1.7): the SMSC asks an ESME to bind as a receiver.
///
/// `Debug` and `defmt::Format` never show the password.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Outbind<'a> {
    /// system_id of the SMSC (C-Octet String, max 16).
    pub system_id: &'a [u8],
    /// password (C-Octet String, max 9).
    #[cfg_attr(feature = "serde", serde(skip))]
    pub password: &'a [u8],
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

impl<'a> Body<'a> for Outbind<'a> {
    #[inline]
    fn decode_body(body: &'a [u8]) -> Result<Self, DecodeError> {
        let (i, system_id) = cstr(body, "system_id", SYSTEM_ID_MAX)?;
        let (i, password) = cstr(i, "password", PASSWORD_MAX)?;
        no_trailing(i)?;
        Ok(Outbind {
            system_id,
            password,
        })
    }

    fn body_len(&self, _tlvs: bool) -> usize {
        self.system_id.len() + self.password.len() + 2
    }

    fn encode_body(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.cstr(self.system_id, "system_id", SYSTEM_ID_MAX)?;
        w.cstr(self.password, "password", PASSWORD_MAX)
    }
}
