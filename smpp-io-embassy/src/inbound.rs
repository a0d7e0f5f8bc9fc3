//! Messages the SMSC delivers (deliver_sm, data_sm: SMPP 3.4 §4.6, §4.7),
//! copied out of the session's receive buffer into fixed-size fields.

use smpp_proto::codec::{DataSm, DeliverSm};
use smpp_proto::receipt::{DeliveryReceipt, MessageState, ParseMode, ReceiptError};
use smpp_proto::{CommandId, Tlvs};

/// An address as SMPP carries it (SMPP 3.4 §5.2.8: at most 20 octets; 5.0 allows 21).
pub type Address = heapless::Vec<u8, 21>;

/// The longest message body kept: short_message's maximum (SMPP 3.4 §5.2.21).
pub const MAX_BODY: usize = 254;

/// A mobile-originated message or a delivery receipt from the SMSC.
///
/// The runner answers the deliver_sm / data_sm with ESME_ROK once this copy
/// is in the client's queue, so an acknowledged message is never lost; when
/// the queue is full it answers ESME_RX_T_APPN and the SMSC delivers again later.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ReceivedMessage {
    /// deliver_sm or data_sm.
    pub command_id: CommandId,
    /// source_addr_ton.
    pub source_addr_ton: u8,
    /// source_addr_npi.
    pub source_addr_npi: u8,
    /// The originator (the handset, or for a receipt the original recipient).
    pub source_addr: Address,
    /// The destination (this ESME's address).
    pub destination_addr: Address,
    /// esm_class: bits 5–2 tell a receipt from a message ([`ReceivedMessage::is_receipt`]).
    pub esm_class: u8,
    /// data_coding of the body (0 = SMSC default alphabet, 8 = UCS-2, …).
    pub data_coding: u8,
    /// short_message, or the message_payload TLV when short_message is empty,
    /// cut at [`MAX_BODY`] octets (see `truncated`).
    pub body: heapless::Vec<u8, MAX_BODY>,
    /// Whether the body was longer than [`MAX_BODY`] and was cut.
    pub truncated: bool,
    /// For a receipt: the message_id of the submit_sm_resp it reports on,
    /// from the receipted_message_id TLV (SMPP 3.4 §5.3.2.12) or else the
    /// text's `id:` (SMPP 3.3 receipts carry it only there). Empty when absent.
    pub receipted_message_id: heapless::Vec<u8, 65>,
    /// For a receipt: the message_state (2 = DELIVERED, 5 = UNDELIVERABLE, …),
    /// from the TLV or else the text's `stat:` word.
    pub message_state: Option<u8>,
    /// Whether `smpp_proto::receipt` recognised a delivery receipt or an
    /// intermediate notification (esm_class or receipt TLVs).
    receipt: bool,
}

impl ReceivedMessage {
    /// Whether this is a delivery receipt or an intermediate notification
    /// rather than a message (esm_class bits 5–2, SMPP 3.4 §5.2.12).
    pub fn is_receipt(&self) -> bool {
        self.receipt
    }

    /// Takes id, state and kind from the core's receipt reader (TLVs win
    /// over the text), so this adapter never parses receipts itself.
    fn apply_receipt(&mut self, r: Option<Result<DeliveryReceipt<'_>, ReceiptError>>) {
        let Some(Ok(r)) = r else {
            return;
        };
        self.receipt = true;
        if let Some(id) = r.message_id {
            // The core has dropped the C-Octet String's NUL.
            self.receipted_message_id = truncate(id);
        }
        self.message_state = r.state.map(MessageState::message_state);
    }

    pub(crate) fn from_deliver(sm: &DeliverSm<'_>) -> Self {
        let mut m = ReceivedMessage::common(
            CommandId::DELIVER_SM,
            (sm.source_addr_ton, sm.source_addr_npi, sm.source_addr),
            sm.destination_addr,
            sm.esm_class,
            sm.data_coding,
            &sm.tlvs,
        );
        if !sm.short_message.is_empty() {
            m.set_body(sm.short_message);
        }
        m.apply_receipt(DeliveryReceipt::from_deliver_sm(sm, ParseMode::Lenient));
        m
    }

    pub(crate) fn from_data_sm(sm: &DataSm<'_>) -> Self {
        let mut m = ReceivedMessage::common(
            CommandId::DATA_SM,
            (sm.source_addr_ton, sm.source_addr_npi, sm.source_addr),
            sm.destination_addr,
            sm.esm_class,
            sm.data_coding,
            &sm.tlvs,
        );
        m.apply_receipt(DeliveryReceipt::from_data_sm(sm, ParseMode::Lenient));
        m
    }

    fn common(
        command_id: CommandId,
        source: (u8, u8, &[u8]),
        destination_addr: &[u8],
        esm_class: u8,
        data_coding: u8,
        tlvs: &Tlvs<'_>,
    ) -> Self {
        let mut m = ReceivedMessage {
            command_id,
            source_addr_ton: source.0,
            source_addr_npi: source.1,
            source_addr: truncate(source.2),
            destination_addr: truncate(destination_addr),
            esm_class,
            data_coding,
            body: heapless::Vec::new(),
            truncated: false,
            receipted_message_id: heapless::Vec::new(),
            message_state: None,
            receipt: false,
        };
        if let Some(p) = tlvs.get(smpp_proto::TlvTag::MESSAGE_PAYLOAD) {
            m.set_body(p);
        }
        m
    }

    fn set_body(&mut self, body: &[u8]) {
        self.truncated = body.len() > MAX_BODY;
        self.body = truncate(body);
    }
}

/// The first `N` octets of `s` at most.
fn truncate<const N: usize>(s: &[u8]) -> heapless::Vec<u8, N> {
    let n = s.len().min(N);
    heapless::Vec::from_slice(s.get(..n).unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use smpp_proto::codec::SubmitSm;
    use smpp_proto::{Tlv, TlvTag};

    #[test]
    fn text_only_receipt_is_read_by_the_core() {
        // SMPP 3.3 style: no TLVs, id and state only in the text.
        let sm = SubmitSm {
            esm_class: 0x04,
            short_message: b"id:77 sub:001 dlvrd:000 submit date:2611251314 done date:2611251315 stat:UNDELIV err:001 text:",
            ..SubmitSm::default()
        };
        let m = ReceivedMessage::from_deliver(&sm);
        assert!(m.is_receipt());
        assert_eq!(m.receipted_message_id.as_slice(), b"77");
        assert_eq!(m.message_state, Some(5));
        let mo = ReceivedMessage::from_deliver(&SubmitSm {
            short_message: b"hello",
            ..SubmitSm::default()
        });
        assert!(!mo.is_receipt());
        assert_eq!(mo.message_state, None);
    }

    #[test]
    fn receipt_fields_are_copied() {
        let tlvs = [
            Tlv::new(TlvTag::RECEIPTED_MESSAGE_ID, b"1000\0"),
            Tlv::new(TlvTag::MESSAGE_STATE, &[2]),
        ];
        let sm = SubmitSm {
            source_addr: b"447700900123",
            esm_class: 0x04,
            short_message: b"id:1000 stat:DELIVRD",
            tlvs: Tlvs::List(&tlvs),
            ..SubmitSm::default()
        };
        let m = ReceivedMessage::from_deliver(&sm);
        assert!(m.is_receipt());
        assert_eq!(m.receipted_message_id.as_slice(), b"1000");
        assert_eq!(m.message_state, Some(2));
        assert_eq!(m.body.as_slice(), b"id:1000 stat:DELIVRD");
        assert!(!m.truncated);
    }

    #[test]
    fn long_payload_is_cut_and_flagged() {
        let long = [b'x'; 300];
        let tlvs = [Tlv::new(TlvTag::MESSAGE_PAYLOAD, &long)];
        let sm = SubmitSm {
            source_addr: b"1234567890123456789012345", // longer than an address may be
            tlvs: Tlvs::List(&tlvs),
            ..SubmitSm::default()
        };
        let m = ReceivedMessage::from_deliver(&sm);
        assert!(!m.is_receipt());
        assert_eq!(m.body.len(), MAX_BODY);
        assert!(m.truncated);
        assert_eq!(m.source_addr.len(), 21);
    }
}
