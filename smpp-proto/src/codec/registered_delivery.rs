//! The registered_delivery field of submit_sm, submit_multi, data_sm and
//! replace_sm (SMPP 3.4 §5.2.17; SMPP 5.0 §4.7.21).
//!
//! | bits | meaning |
//! |---|---|
//! | 1–0 | MC (SMSC) delivery receipt: 00 none, 01 on success or failure, 10 on failure, 11 on success (SMPP 5.0; reserved in 3.4) |
//! | 3–2 | SME originated acknowledgement: 01 delivery ack, 10 manual/user ack, 11 both |
//! | 4 | intermediate notification |
//! | 7–5 | reserved |

/// Which delivery receipt the MC (SMSC) is asked for: bits 1–0 of
/// registered_delivery (SMPP 3.4 §5.2.17, SMPP 5.0 §4.7.21).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum McReceipt {
    /// 00: "No MC Delivery Receipt requested (default)".
    #[default]
    None = 0,
    /// 01: "MC Delivery Receipt requested where final delivery outcome is
    /// delivery success or failure".
    SuccessOrFailure = 1,
    /// 10: "MC Delivery Receipt requested where the final delivery outcome
    /// is delivery failure".
    Failure = 2,
    /// 11: "MC Delivery Receipt requested where the final delivery outcome
    /// is success" (SMPP 5.0; reserved in SMPP 3.4).
    Success = 3,
}

/// A registered_delivery octet (SMPP 3.4 §5.2.17): an open newtype whose
/// bits are read and set by name; every value stays representable.
///
/// ```
/// use smpp_proto::codec::{McReceipt, RegisteredDelivery};
///
/// let rd = RegisteredDelivery::NONE
///     .with_mc_receipt(McReceipt::Failure)
///     .with_sme_delivery_ack(true)
///     .with_intermediate_notification(true);
/// assert_eq!(u8::from(rd), 0x16);
/// assert_eq!(RegisteredDelivery::from(0x16).mc_receipt(), McReceipt::Failure);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RegisteredDelivery(pub u8);

impl RegisteredDelivery {
    /// Nothing requested (0x00).
    pub const NONE: RegisteredDelivery = RegisteredDelivery(0);
    /// An MC delivery receipt on success or failure (0x01), what most
    /// applications ask for.
    pub const RECEIPT: RegisteredDelivery = RegisteredDelivery(0x01);

    const SME_DELIVERY_ACK: u8 = 0x04;
    const SME_MANUAL_ACK: u8 = 0x08;
    const INTERMEDIATE: u8 = 0x10;

    /// The MC delivery receipt asked for (bits 1–0).
    pub const fn mc_receipt(self) -> McReceipt {
        match self.0 & 0x03 {
            0 => McReceipt::None,
            1 => McReceipt::SuccessOrFailure,
            2 => McReceipt::Failure,
            _ => McReceipt::Success,
        }
    }

    /// With bits 1–0 set to `receipt`.
    pub const fn with_mc_receipt(self, receipt: McReceipt) -> Self {
        RegisteredDelivery((self.0 & !0x03) | receipt as u8)
    }

    /// SME delivery acknowledgement requested (bit 2).
    pub const fn sme_delivery_ack(self) -> bool {
        self.0 & Self::SME_DELIVERY_ACK != 0
    }

    /// With the SME delivery acknowledgement bit (bit 2) set or cleared.
    pub const fn with_sme_delivery_ack(self, on: bool) -> Self {
        self.with_bit(Self::SME_DELIVERY_ACK, on)
    }

    /// SME manual/user acknowledgement requested (bit 3).
    pub const fn sme_manual_ack(self) -> bool {
        self.0 & Self::SME_MANUAL_ACK != 0
    }

    /// With the SME manual/user acknowledgement bit (bit 3) set or cleared.
    pub const fn with_sme_manual_ack(self, on: bool) -> Self {
        self.with_bit(Self::SME_MANUAL_ACK, on)
    }

    /// Intermediate notification requested (bit 4).
    pub const fn intermediate_notification(self) -> bool {
        self.0 & Self::INTERMEDIATE != 0
    }

    /// With the intermediate notification bit (bit 4) set or cleared.
    pub const fn with_intermediate_notification(self, on: bool) -> Self {
        self.with_bit(Self::INTERMEDIATE, on)
    }

    const fn with_bit(self, bit: u8, on: bool) -> Self {
        RegisteredDelivery(if on { self.0 | bit } else { self.0 & !bit })
    }
}

impl From<u8> for RegisteredDelivery {
    fn from(v: u8) -> Self {
        RegisteredDelivery(v)
    }
}

impl From<RegisteredDelivery> for u8 {
    fn from(rd: RegisteredDelivery) -> u8 {
        rd.0
    }
}

impl From<McReceipt> for RegisteredDelivery {
    fn from(r: McReceipt) -> Self {
        RegisteredDelivery::NONE.with_mc_receipt(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_by_name() {
        for (r, v) in [
            (McReceipt::None, 0),
            (McReceipt::SuccessOrFailure, 1),
            (McReceipt::Failure, 2),
            (McReceipt::Success, 3),
        ] {
            let rd = RegisteredDelivery::from(0xFC).with_mc_receipt(r);
            assert_eq!(rd.0, 0xFC | v);
            assert_eq!(rd.mc_receipt(), r);
        }
        let rd = RegisteredDelivery::NONE
            .with_sme_delivery_ack(true)
            .with_sme_manual_ack(true);
        assert_eq!(rd.0, 0x0C);
        assert!(rd.sme_delivery_ack() && rd.sme_manual_ack());
        assert!(!rd.intermediate_notification());
        let rd = rd
            .with_sme_delivery_ack(false)
            .with_intermediate_notification(true);
        assert_eq!(rd.0, 0x18);
        assert!(rd.intermediate_notification() && !rd.sme_delivery_ack());
        assert_eq!(
            RegisteredDelivery::from(McReceipt::SuccessOrFailure),
            RegisteredDelivery::RECEIPT
        );
    }
}
