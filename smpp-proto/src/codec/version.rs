//! interface_version (SMPP 3.4 §5.2.4, SMPP 5.0 §4.7.13).

/// The `interface_version` of a bind or `sc_interface_version` TLV.
///
/// SMPP 3.4 §5.2.4: values 0x00–0x33 mean "3.3 or earlier"; 0x34 is 3.4;
/// 0x50 is 5.0. A session at 3.3 sends no TLVs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct InterfaceVersion(pub u8);

impl InterfaceVersion {
    /// SMPP 3.3 (and any value up to 0x33).
    pub const V33: InterfaceVersion = InterfaceVersion(0x33);
    /// SMPP 3.4.
    pub const V34: InterfaceVersion = InterfaceVersion(0x34);
    /// SMPP 5.0.
    pub const V50: InterfaceVersion = InterfaceVersion(0x50);

    /// The version a session runs at when this end speaks `self` and the
    /// peer asked for `peer` in its bind: the lower of the two (SMPP 3.4
    /// §5.2.4, §2.9). Every value up to 0x33 means 3.3.
    pub fn negotiate(self, peer: InterfaceVersion) -> InterfaceVersion {
        self.min(peer)
    }

    /// Whether PDUs of this version may carry TLVs (3.4 and later).
    pub const fn supports_tlvs(self) -> bool {
        self.0 >= 0x34
    }
}

impl Default for InterfaceVersion {
    fn default() -> Self {
        InterfaceVersion::V34
    }
}

impl core::fmt::Display for InterfaceVersion {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.0 {
            0x00..=0x33 => f.write_str("3.3"),
            0x34 => f.write_str("3.4"),
            0x50 => f.write_str("5.0"),
            v => write!(f, "0x{v:02x}"),
        }
    }
}
