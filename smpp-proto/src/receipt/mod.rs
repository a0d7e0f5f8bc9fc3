//! Delivery receipts: reading them (ESME side), writing them (SMSC side), and
//! matching them to the messages they report on.
//!
//! Read first: SMPP 3.4 §5.2.12 (esm_class message types), §5.2.28
//! (message_state), §5.3.2.12 (receipted_message_id), §5.3.2.31
//! (network_error_code), §5.3.2.35 (the message_state TLV) and Appendix B
//! (the receipt text); SMPP 5.0 §4.7.15 (message_state, adding SKIPPED) and
//! its Appendix B.
//!
//! A receipt arrives as a deliver_sm (or data_sm) whose esm_class marks it as
//! one, with two carriers of the same facts:
//! - the text of Appendix B in short_message (or message_payload), which the
//!   spec calls vendor specific and SMSCs write in many small variations —
//!   read by [`ReceiptText`] in a [`ParseMode`];
//! - the TLVs receipted_message_id, message_state and network_error_code,
//!   which are exact. Where both give a value, the TLV wins.
//!
//! [`DeliveryReceipt`] combines the two. Everything borrows from the PDU;
//! nothing allocates.
//!
//! ```
//! use smpp_proto::codec::DeliverSm;
//! use smpp_proto::receipt::{DeliveryReceipt, IdMatch, MessageState, ParseMode};
//!
//! let sm = DeliverSm {
//!     esm_class: 0x04, // SMSC delivery receipt
//!     short_message: b"id:0123456789 sub:001 dlvrd:001 submit date:1005232039 \
//!                      done date:1005242339 stat:DELIVRD err:000 Text:Hello world",
//!     ..DeliverSm::default()
//! };
//! let receipt = DeliveryReceipt::from_deliver_sm(&sm, ParseMode::Lenient)
//!     .expect("esm_class says receipt")
//!     .expect("the text reads");
//! assert_eq!(receipt.state, Some(MessageState::Delivered));
//! assert!(receipt.is_final());
//! assert_eq!(receipt.text, Some(&b"Hello world"[..]));
//! assert_eq!(receipt.submit_date.unwrap().to_string(), "2010-05-23T20:39:00");
//! // submit_sm_resp gave the id in hex: 0x75bcd15 = 123456789.
//! assert!(receipt.matches(b"75bcd15", IdMatch::NumericEquivalent));
//! ```

mod date;
mod id;
mod state;
mod text;
mod write;

pub use date::{DateFormat, ReceiptDate};
pub use id::{message_ids_match, IdBase, IdMatch, MessageIdKey};
pub use state::MessageState;
pub use text::{Field, Fields, ParseMode, RawField, ReceiptError, ReceiptText};
pub use write::{ReceiptEncodeError, ReceiptErr, ReceiptFields, ReceiptId, TEXT_MAX};

use crate::codec::{DataSm, DeliverSm};
use crate::Tlvs;

/// What esm_class says the message is (SMPP 3.4 §5.2.12, bits 5–2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum ReceiptKind {
    /// `xx0001xx` (0x04): SMSC Delivery Receipt.
    SmscDeliveryReceipt,
    /// `xx0010xx` (0x08): SME Delivery Acknowledgement.
    SmeDeliveryAck,
    /// `xx0100xx` (0x10): SME Manual/User Acknowledgement.
    SmeManualAck,
    /// `xx1000xx` (0x20): Intermediate Delivery Notification; more follows.
    IntermediateNotification,
    /// esm_class has another message type (usually the default, 0): the
    /// receipt was recognised by its TLVs, or read from text alone.
    Unmarked,
}

impl ReceiptKind {
    /// Mask of the message type bits of esm_class.
    const MESSAGE_TYPE: u8 = 0b0011_1100;

    /// The receipt kind an esm_class announces, `None` for other message
    /// types (default, conversation abort 0x18, unassigned).
    pub const fn from_esm_class(esm_class: u8) -> Option<ReceiptKind> {
        match esm_class & Self::MESSAGE_TYPE {
            0x04 => Some(ReceiptKind::SmscDeliveryReceipt),
            0x08 => Some(ReceiptKind::SmeDeliveryAck),
            0x10 => Some(ReceiptKind::SmeManualAck),
            0x20 => Some(ReceiptKind::IntermediateNotification),
            _ => None,
        }
    }
}

/// The network_error_code TLV (SMPP 3.4 §5.3.2.31): the network type and its
/// error code of a failed delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct NetworkErrorCode {
    /// 1 ANSI-136 access denied reason, 2 IS-95 access denied reason, 3 GSM,
    /// 4 ANSI-136 cause code, 5 IS-95 cause code, 6 ANSI-41 error, 7 SMPP
    /// error, 8 message center specific; others reserved.
    pub network_type: u8,
    /// The error code, in the network type's own numbering.
    pub error_code: u16,
}

impl NetworkErrorCode {
    /// GSM (network type 3).
    pub const GSM: u8 = 3;
    /// SMPP error (network type 7): `error_code` is a command_status.
    pub const SMPP: u8 = 7;

    /// Decodes the 3-octet TLV value.
    pub const fn from_bytes(value: [u8; 3]) -> NetworkErrorCode {
        let [network_type, hi, lo] = value;
        NetworkErrorCode {
            network_type,
            error_code: u16::from_be_bytes([hi, lo]),
        }
    }

    /// The 3-octet TLV value.
    pub const fn to_bytes(self) -> [u8; 3] {
        let [hi, lo] = self.error_code.to_be_bytes();
        [self.network_type, hi, lo]
    }
}

/// The receipt TLVs of a PDU.
#[derive(Clone, Copy, Default)]
struct ReceiptTlvs<'a> {
    id: Option<&'a [u8]>,
    state: Option<MessageState>,
    network_error_code: Option<NetworkErrorCode>,
}

impl<'a> ReceiptTlvs<'a> {
    fn read(tlvs: &Tlvs<'a>) -> ReceiptTlvs<'a> {
        // A C-Octet String; tolerate a missing NUL, ignore an empty id.
        let id = tlvs.receipted_message_id().and_then(|v| {
            let end = v.iter().position(|&b| b == 0).unwrap_or(v.len());
            v.get(..end).filter(|id| !id.is_empty())
        });
        let network_error_code = tlvs
            .network_error_code()
            .and_then(|v| <[u8; 3]>::try_from(v).ok())
            .map(NetworkErrorCode::from_bytes);
        ReceiptTlvs {
            id,
            // A value no state has (0, or above 9) leaves the text's stat in charge.
            state: tlvs
                .message_state()
                .and_then(MessageState::from_message_state),
            network_error_code,
        }
    }

    fn any(&self) -> bool {
        self.id.is_some() || self.state.is_some()
    }
}

/// A delivery receipt: the receipt text and TLVs combined, borrowed from the PDU.
///
/// Each typed field comes from the TLV when the PDU has it, else from the
/// text; `raw` keeps the text's tokens as written, so a conflict between the
/// two stays visible. A malformed text value (lenient mode) is `None` here
/// and present in `raw`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DeliveryReceipt<'a> {
    /// What esm_class announced.
    pub kind: ReceiptKind,
    /// The id of the original message: receipted_message_id (NUL removed), else `id:`.
    pub message_id: Option<&'a [u8]>,
    /// message_state, else the `stat:` word.
    pub state: Option<MessageState>,
    /// The network_error_code TLV.
    pub network_error_code: Option<NetworkErrorCode>,
    /// `sub:`, messages originally submitted.
    pub submitted: Option<u16>,
    /// `dlvrd:`, messages delivered.
    pub delivered: Option<u16>,
    /// `submit date:`.
    pub submit_date: Option<ReceiptDate>,
    /// `done date:`.
    pub done_date: Option<ReceiptDate>,
    /// `err:` as written (3 characters, not always digits).
    pub err: Option<&'a [u8]>,
    /// `text:`, the start of the original message. `Some(b"")` for a bare
    /// `text:`, `None` when the key is absent.
    pub text: Option<&'a [u8]>,
    /// The text's raw tokens; all `None` when the receipt has no text, or
    /// text that is not Appendix B (lenient mode, TLVs present).
    pub raw: ReceiptText<'a>,
}

/// A decimal count of `sub:` / `dlvrd:`, leading zeros allowed.
fn count(v: &[u8]) -> Option<u16> {
    if v.is_empty() {
        return None;
    }
    v.iter().try_fold(0u16, |acc, &b| {
        let d = b.checked_sub(b'0').filter(|d| *d <= 9)?;
        acc.checked_mul(10)?.checked_add(u16::from(d))
    })
}

impl<'a> DeliveryReceipt<'a> {
    /// Reads the receipt a deliver_sm carries.
    ///
    /// `None` when it is not a receipt: esm_class has no receipt message type
    /// (0x04, 0x08, 0x10, 0x20) and there is neither a receipted_message_id
    /// nor a message_state TLV. The text is short_message, or message_payload
    /// when short_message is empty. See [`DeliveryReceipt::from_parts`].
    pub fn from_deliver_sm(
        sm: &DeliverSm<'a>,
        mode: ParseMode,
    ) -> Option<Result<DeliveryReceipt<'a>, ReceiptError>> {
        let text = if sm.short_message.is_empty() {
            sm.tlvs.message_payload().unwrap_or_default()
        } else {
            sm.short_message
        };
        DeliveryReceipt::from_parts(sm.esm_class, text, &sm.tlvs, mode)
    }

    /// Reads the receipt a data_sm carries (text in message_payload, if any).
    /// Recognised as [`DeliveryReceipt::from_deliver_sm`] does.
    pub fn from_data_sm(
        sm: &DataSm<'a>,
        mode: ParseMode,
    ) -> Option<Result<DeliveryReceipt<'a>, ReceiptError>> {
        let text = sm.tlvs.message_payload().unwrap_or_default();
        DeliveryReceipt::from_parts(sm.esm_class, text, &sm.tlvs, mode)
    }

    /// Reads a receipt from its parts: esm_class, the text, the TLVs.
    ///
    /// - Empty text: the TLVs alone make the receipt (in both modes).
    /// - Text: read in `mode`. In lenient mode, text that holds no receipt
    ///   field at all is ignored when the TLVs carry the receipt (some SMSCs
    ///   put the original message there); in strict mode it is an error.
    /// - Neither text fields nor receipt TLVs: [`ReceiptError::NotAReceipt`].
    pub fn from_parts(
        esm_class: u8,
        text: &'a [u8],
        tlvs: &Tlvs<'a>,
        mode: ParseMode,
    ) -> Option<Result<DeliveryReceipt<'a>, ReceiptError>> {
        let tlv = ReceiptTlvs::read(tlvs);
        let kind = match ReceiptKind::from_esm_class(esm_class) {
            Some(kind) => kind,
            None if tlv.any() => ReceiptKind::Unmarked,
            None => return None,
        };
        Some(DeliveryReceipt::build(kind, text, tlv, mode))
    }

    /// Reads receipt text alone, as [`ReceiptKind::Unmarked`].
    pub fn from_text(text: &'a [u8], mode: ParseMode) -> Result<DeliveryReceipt<'a>, ReceiptError> {
        DeliveryReceipt::build(ReceiptKind::Unmarked, text, ReceiptTlvs::default(), mode)
    }

    fn build(
        kind: ReceiptKind,
        text: &'a [u8],
        tlv: ReceiptTlvs<'a>,
        mode: ParseMode,
    ) -> Result<DeliveryReceipt<'a>, ReceiptError> {
        if text.is_empty() && !tlv.any() {
            return Err(ReceiptError::NotAReceipt);
        }
        let raw = if text.is_empty() {
            ReceiptText::default()
        } else {
            match ReceiptText::parse(text, mode) {
                Ok(raw) => raw,
                Err(ReceiptError::NotAReceipt) if mode == ParseMode::Lenient && tlv.any() => {
                    ReceiptText::default()
                }
                Err(e) => return Err(e),
            }
        };
        Ok(DeliveryReceipt {
            kind,
            // SMPP 3.4 §5.3.2.12 / §5.3.2.35: the TLVs are the standard
            // carriers, the text a vendor-specific copy; the TLV wins.
            message_id: tlv.id.or(raw.id),
            state: tlv
                .state
                .or_else(|| raw.stat.and_then(MessageState::from_stat_word)),
            network_error_code: tlv.network_error_code,
            submitted: raw.sub.and_then(count),
            delivered: raw.dlvrd.and_then(count),
            submit_date: raw.submit_date.and_then(ReceiptDate::parse),
            done_date: raw.done_date.and_then(ReceiptDate::parse),
            err: raw.err,
            text: raw.text,
            raw,
        })
    }

    /// Whether the message reached a final state: a final
    /// [`MessageState`] in anything but an intermediate notification.
    pub fn is_final(&self) -> bool {
        self.kind != ReceiptKind::IntermediateNotification
            && self.state.is_some_and(MessageState::is_final)
    }

    /// Whether this receipt reports the message's outcome, the last one to
    /// wait for: [`DeliveryReceipt::is_final`] and a state that
    /// [`MessageState::is_outcome`] (not ACCEPTED, which SMSCs also send
    /// before DELIVRD). ENROUTE, ACCEPTD, BUFFRED, UNKNOWN and any
    /// Intermediate Delivery Notification (esm_class 0x20, SMPP 3.4
    /// §5.2.12) are waited past.
    pub fn is_outcome(&self) -> bool {
        self.is_final() && self.state.is_some_and(MessageState::is_outcome)
    }

    /// The error code: network_error_code's, else `err:` when it is decimal
    /// (`010` is 10; `21b` has none).
    pub fn error_code(&self) -> Option<u16> {
        match self.network_error_code {
            Some(n) => Some(n.error_code),
            None => self.err.and_then(count),
        }
    }

    /// Whether this receipt reports on the message submit_sm_resp called
    /// `submitted_id`, under `rule`. `false` when the receipt has no id.
    pub fn matches(&self, submitted_id: &[u8], rule: IdMatch) -> bool {
        self.message_id
            .is_some_and(|id| message_ids_match(submitted_id, id, rule))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Tlv, TlvTag};

    const TEXT: &[u8] = b"id:5000 sub:001 dlvrd:001 submit date:1005232039 done date:1005242339 stat:DELIVRD err:000 text:Hi";

    #[test]
    fn esm_class_kinds() {
        assert_eq!(
            ReceiptKind::from_esm_class(0x04),
            Some(ReceiptKind::SmscDeliveryReceipt)
        );
        assert_eq!(
            ReceiptKind::from_esm_class(0x44),
            Some(ReceiptKind::SmscDeliveryReceipt)
        );
        assert_eq!(
            ReceiptKind::from_esm_class(0x08),
            Some(ReceiptKind::SmeDeliveryAck)
        );
        assert_eq!(
            ReceiptKind::from_esm_class(0x10),
            Some(ReceiptKind::SmeManualAck)
        );
        assert_eq!(
            ReceiptKind::from_esm_class(0x20),
            Some(ReceiptKind::IntermediateNotification)
        );
        assert_eq!(ReceiptKind::from_esm_class(0x00), None);
        assert_eq!(ReceiptKind::from_esm_class(0x18), None);
        assert_eq!(ReceiptKind::from_esm_class(0x43), None);
    }

    #[test]
    fn not_a_receipt() {
        let sm = DeliverSm {
            short_message: b"hello",
            ..DeliverSm::default()
        };
        assert_eq!(
            DeliveryReceipt::from_deliver_sm(&sm, ParseMode::Lenient),
            None
        );
        let sm = DeliverSm {
            esm_class: 0x04,
            short_message: b"hello",
            ..DeliverSm::default()
        };
        assert_eq!(
            DeliveryReceipt::from_deliver_sm(&sm, ParseMode::Lenient),
            Some(Err(ReceiptError::NotAReceipt))
        );
        let sm = DeliverSm {
            esm_class: 0x04,
            ..DeliverSm::default()
        };
        assert_eq!(
            DeliveryReceipt::from_deliver_sm(&sm, ParseMode::Strict),
            Some(Err(ReceiptError::NotAReceipt))
        );
    }

    #[test]
    fn tlvs_win() {
        let tlvs = [
            Tlv::new(TlvTag::RECEIPTED_MESSAGE_ID, b"6000\0"),
            Tlv::new(TlvTag::MESSAGE_STATE, &[6]),
            Tlv::new(TlvTag::NETWORK_ERROR_CODE, &[3, 0, 27]),
        ];
        let sm = DeliverSm {
            short_message: TEXT,
            tlvs: Tlvs::List(&tlvs),
            ..DeliverSm::default()
        };
        let r = DeliveryReceipt::from_deliver_sm(&sm, ParseMode::Strict)
            .unwrap()
            .unwrap();
        assert_eq!(r.kind, ReceiptKind::Unmarked);
        assert_eq!(r.message_id, Some(&b"6000"[..]));
        assert_eq!(r.raw.id, Some(&b"5000"[..]));
        assert_eq!(r.state, Some(MessageState::Accepted));
        assert_eq!(r.raw.stat, Some(&b"DELIVRD"[..]));
        assert_eq!(
            r.network_error_code,
            Some(NetworkErrorCode {
                network_type: NetworkErrorCode::GSM,
                error_code: 27
            })
        );
        assert_eq!(r.error_code(), Some(27));
        assert_eq!(r.err, Some(&b"000"[..]));
    }

    #[test]
    fn tlvs_alone_and_unknown_message_state() {
        let tlvs = [
            Tlv::new(TlvTag::RECEIPTED_MESSAGE_ID, b"362d9701\0"),
            Tlv::new(TlvTag::MESSAGE_STATE, &[2]),
        ];
        let sm = DataSm {
            esm_class: 0x04,
            tlvs: Tlvs::List(&tlvs),
            ..DataSm::default()
        };
        for mode in [ParseMode::Strict, ParseMode::Lenient] {
            let r = DeliveryReceipt::from_data_sm(&sm, mode).unwrap().unwrap();
            assert_eq!(r.message_id, Some(&b"362d9701"[..]));
            assert_eq!(r.state, Some(MessageState::Delivered));
            assert_eq!(r.raw, ReceiptText::default());
        }
        // Non-receipt text beside receipt TLVs: lenient ignores it, strict refuses.
        let sm = DeliverSm {
            esm_class: 0x04,
            short_message: b"362d9701 2",
            tlvs: Tlvs::List(&tlvs),
            ..DeliverSm::default()
        };
        assert!(DeliveryReceipt::from_deliver_sm(&sm, ParseMode::Lenient)
            .unwrap()
            .is_ok());
        assert_eq!(
            DeliveryReceipt::from_deliver_sm(&sm, ParseMode::Strict),
            Some(Err(ReceiptError::NotAReceipt))
        );
        // message_state 0 (5.0 SCHEDULED) or 42: the text's stat stays.
        let tlvs = [Tlv::new(TlvTag::MESSAGE_STATE, &[42])];
        let sm = DeliverSm {
            esm_class: 0x04,
            short_message: TEXT,
            tlvs: Tlvs::List(&tlvs),
            ..DeliverSm::default()
        };
        let r = DeliveryReceipt::from_deliver_sm(&sm, ParseMode::Lenient)
            .unwrap()
            .unwrap();
        assert_eq!(r.state, Some(MessageState::Delivered));
    }

    #[test]
    fn message_payload_carries_the_text() {
        let tlvs = [Tlv::new(TlvTag::MESSAGE_PAYLOAD, TEXT)];
        let sm = DeliverSm {
            esm_class: 0x04,
            tlvs: Tlvs::List(&tlvs),
            ..DeliverSm::default()
        };
        let r = DeliveryReceipt::from_deliver_sm(&sm, ParseMode::Strict)
            .unwrap()
            .unwrap();
        assert_eq!(r.message_id, Some(&b"5000"[..]));
        assert_eq!(r.text, Some(&b"Hi"[..]));
    }

    #[test]
    fn finality_and_intermediate() {
        let sm = DeliverSm {
            esm_class: 0x20,
            short_message: b"id:1 stat:ACCEPTD",
            ..DeliverSm::default()
        };
        let r = DeliveryReceipt::from_deliver_sm(&sm, ParseMode::Lenient)
            .unwrap()
            .unwrap();
        assert_eq!(r.state, Some(MessageState::Accepted));
        assert!(!r.is_final());
        let r = DeliveryReceipt::from_text(b"id:1 stat:ACCEPTD", ParseMode::Lenient).unwrap();
        assert!(r.is_final());
        // ACCEPTD may come before DELIVRD: not the outcome.
        assert!(!r.is_outcome());
        for (esm_class, text, outcome) in [
            (0x04, &b"id:1 stat:DELIVRD"[..], true),
            (0x04, b"id:1 stat:UNDELIV", true),
            (0x04, b"id:1 stat:ENROUTE", false),
            (0x04, b"id:1 stat:BUFFRED", false),
            (0x20, b"id:1 stat:DELIVRD", false),
            (0x04, b"id:1 stat:NOSUCH", false),
        ] {
            let sm = DeliverSm {
                esm_class,
                short_message: text,
                ..DeliverSm::default()
            };
            let r = DeliveryReceipt::from_deliver_sm(&sm, ParseMode::Lenient)
                .unwrap()
                .unwrap();
            assert_eq!(r.is_outcome(), outcome, "{esm_class:#x} {r:?}");
        }
    }

    #[test]
    fn regenerates_byte_identical() {
        let r = DeliveryReceipt::from_text(TEXT, ParseMode::Strict).unwrap();
        let f = ReceiptFields::from(&r);
        let mut buf = [0u8; 160];
        let n = f.encode(&mut buf).unwrap();
        assert_eq!(&buf[..n], TEXT);
    }

    #[test]
    fn network_error_code_bytes() {
        let n = NetworkErrorCode::from_bytes([7, 0x01, 0x02]);
        assert_eq!(n.error_code, 0x0102);
        assert_eq!(n.to_bytes(), [7, 1, 2]);
    }
}
