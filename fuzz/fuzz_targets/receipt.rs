//! Arbitrary bytes as delivery-receipt text: neither mode panics; strict
//! accepts only what lenient accepts, with the same tokens; a parsed receipt
//! writes back into a buffer of exactly `encoded_len` octets, and that text
//! reads back to the same state.

#![no_main]

use libfuzzer_sys::fuzz_target;
use smpp_proto::receipt::{
    DeliveryReceipt, IdMatch, MessageIdKey, ParseMode, ReceiptFields, ReceiptText,
};

fuzz_target!(|data: &[u8]| {
    let lenient = ReceiptText::parse(data, ParseMode::Lenient);
    if let Ok(strict) = ReceiptText::parse(data, ParseMode::Strict) {
        let lenient = lenient.expect("strict accepts only what lenient accepts");
        assert_eq!(strict.id, lenient.id);
        assert_eq!(strict.stat, lenient.stat);
        assert_eq!(strict.text, lenient.text);
    }
    let Ok(r) = DeliveryReceipt::from_text(data, ParseMode::Lenient) else {
        return;
    };
    let fields = ReceiptFields::from(&r);
    let mut buf = vec![0u8; fields.encoded_len()];
    if let Ok(n) = fields.encode(&mut buf) {
        assert_eq!(n, buf.len());
        let back = DeliveryReceipt::from_text(&buf, ParseMode::Lenient).expect("own text reads");
        assert_eq!(back.state, r.state);
        assert_eq!(back.submitted, Some(r.submitted.unwrap_or(0)));
    }
    if let Some(id) = r.message_id {
        let _ = MessageIdKey::receipted(id, IdMatch::NumericEquivalent);
    }
});
