//! The state of a message: the `message_state` values of SMPP 3.4 §5.2.28
//! (SMPP 5.0 §4.7.15 adds SKIPPED) and the seven-character `stat` words of
//! SMPP 3.4 Appendix B, with the vendor words SMSCs send in their place.

use core::fmt;

/// The state of a short message, as a delivery receipt reports it.
///
/// One type for both spellings: the `message_state` TLV value (SMPP 3.4
/// §5.2.28, §5.3.2.35) and the `stat:` word of the receipt text (Appendix B).
/// [`MessageState::Buffered`] is a vendor state with no `message_state` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum MessageState {
    /// ENROUTE (1): the message is active in the SMSC, in retry or on its way
    /// to the mobile. Not final.
    Enroute,
    /// DELIVERED (2): delivered to the destination. Final.
    Delivered,
    /// EXPIRED (3): the validity period ran out before delivery. Final.
    Expired,
    /// DELETED (4): cancelled or deleted in the SMSC. Final.
    Deleted,
    /// UNDELIVERABLE (5): a permanent delivery error. Final.
    Undeliverable,
    /// ACCEPTED (6): manually accepted on the subscriber's behalf, e.g. by
    /// customer service. Final in the spec, though some SMSCs send ACCEPTD in
    /// intermediate notifications.
    Accepted,
    /// UNKNOWN (7): the SMSC cannot tell; may be temporary or permanent. Not final.
    Unknown,
    /// REJECTED (8): rejected by a delivery interface. Final.
    Rejected,
    /// SKIPPED (9, SMPP 5.0 only): accepted but deliberately not transmitted. Final.
    Skipped,
    /// BUFFERED (vendor word `BUFFRED` / `BUFFERED`): held in the SMSC, for
    /// example while the handset is off. Not a `message_state` value; it is
    /// reported as ENROUTE (1) where a value is needed. Not final.
    Buffered,
}

/// Vendor and long spellings of the `stat:` word, matched ignoring ASCII case.
const STAT_WORDS: &[(&str, MessageState)] = &[
    // SMPP 3.4 Appendix B table B-2, SMPP 5.0 Appendix B.
    ("ENROUTE", MessageState::Enroute),
    ("DELIVRD", MessageState::Delivered),
    ("EXPIRED", MessageState::Expired),
    ("DELETED", MessageState::Deleted),
    ("UNDELIV", MessageState::Undeliverable),
    ("ACCEPTD", MessageState::Accepted),
    ("UNKNOWN", MessageState::Unknown),
    ("REJECTD", MessageState::Rejected),
    ("SKIPPED", MessageState::Skipped),
    // Vendor words seen in the field.
    ("BUFFRED", MessageState::Buffered),
    ("BUFFERED", MessageState::Buffered),
    ("ACKED", MessageState::Accepted),
    ("DELIVERED", MessageState::Delivered),
    ("UNDELIVERABLE", MessageState::Undeliverable),
    ("UNDELIVERED", MessageState::Undeliverable),
    ("FAILED", MessageState::Undeliverable),
    ("ACCEPTED", MessageState::Accepted),
    ("REJECTED", MessageState::Rejected),
];

impl MessageState {
    /// Every state, in `message_state` order, [`MessageState::Buffered`] last.
    pub const ALL: [MessageState; 10] = [
        MessageState::Enroute,
        MessageState::Delivered,
        MessageState::Expired,
        MessageState::Deleted,
        MessageState::Undeliverable,
        MessageState::Accepted,
        MessageState::Unknown,
        MessageState::Rejected,
        MessageState::Skipped,
        MessageState::Buffered,
    ];

    /// The state of a `message_state` value (SMPP 3.4 §5.2.28, SMPP 5.0
    /// §4.7.15), or `None` for 0 (SMPP 5.0 SCHEDULED, which no receipt
    /// carries) and for values above 9.
    pub const fn from_message_state(value: u8) -> Option<MessageState> {
        Some(match value {
            1 => MessageState::Enroute,
            2 => MessageState::Delivered,
            3 => MessageState::Expired,
            4 => MessageState::Deleted,
            5 => MessageState::Undeliverable,
            6 => MessageState::Accepted,
            7 => MessageState::Unknown,
            8 => MessageState::Rejected,
            9 => MessageState::Skipped,
            _ => return None,
        })
    }

    /// The `message_state` value (SMPP 3.4 §5.2.28). [`MessageState::Buffered`]
    /// has none and gives 1, ENROUTE, the spec state it is a case of.
    pub const fn message_state(self) -> u8 {
        match self {
            MessageState::Enroute | MessageState::Buffered => 1,
            MessageState::Delivered => 2,
            MessageState::Expired => 3,
            MessageState::Deleted => 4,
            MessageState::Undeliverable => 5,
            MessageState::Accepted => 6,
            MessageState::Unknown => 7,
            MessageState::Rejected => 8,
            MessageState::Skipped => 9,
        }
    }

    /// The state named by a `stat:` word, ignoring ASCII case.
    ///
    /// Knows the seven-character words of SMPP 3.4 Appendix B (`DELIVRD`,
    /// `UNDELIV`, …, and `SKIPPED` of 5.0) and the vendor words `BUFFRED`,
    /// `BUFFERED`, `ACKED` (as ACCEPTED), `FAILED` (as UNDELIVERABLE) and the
    /// unabbreviated spec names (`DELIVERED`, `UNDELIVERABLE`, …). Any other
    /// word (`DND_REJECTED`, `BADSTAT`) gives `None`; the receipt keeps it raw.
    pub fn from_stat_word(word: &[u8]) -> Option<MessageState> {
        STAT_WORDS
            .iter()
            .find(|(w, _)| w.as_bytes().eq_ignore_ascii_case(word))
            .map(|&(_, s)| s)
    }

    /// The seven-character `stat:` word of SMPP 3.4 Appendix B (`DELIVRD`,
    /// `UNDELIV`, …); `BUFFRED` for [`MessageState::Buffered`].
    pub const fn stat_word(self) -> &'static str {
        match self {
            MessageState::Enroute => "ENROUTE",
            MessageState::Delivered => "DELIVRD",
            MessageState::Expired => "EXPIRED",
            MessageState::Deleted => "DELETED",
            MessageState::Undeliverable => "UNDELIV",
            MessageState::Accepted => "ACCEPTD",
            MessageState::Unknown => "UNKNOWN",
            MessageState::Rejected => "REJECTD",
            MessageState::Skipped => "SKIPPED",
            MessageState::Buffered => "BUFFRED",
        }
    }

    /// The spec name (`DELIVERED`, `UNDELIVERABLE`, …), as SMPP 3.4 §5.2.28 writes it.
    pub const fn name(self) -> &'static str {
        match self {
            MessageState::Enroute => "ENROUTE",
            MessageState::Delivered => "DELIVERED",
            MessageState::Expired => "EXPIRED",
            MessageState::Deleted => "DELETED",
            MessageState::Undeliverable => "UNDELIVERABLE",
            MessageState::Accepted => "ACCEPTED",
            MessageState::Unknown => "UNKNOWN",
            MessageState::Rejected => "REJECTED",
            MessageState::Skipped => "SKIPPED",
            MessageState::Buffered => "BUFFERED",
        }
    }

    /// Whether no further delivery attempt will be made (SMPP 5.0 §4.7.15
    /// marks DELIVERED, EXPIRED, DELETED, UNDELIVERABLE, ACCEPTED, REJECTED
    /// and SKIPPED final). ENROUTE, UNKNOWN and BUFFERED are not.
    pub const fn is_final(self) -> bool {
        !matches!(
            self,
            MessageState::Enroute | MessageState::Unknown | MessageState::Buffered
        )
    }

    /// Whether a receipt in this state reports the message's outcome, the
    /// last receipt to wait for: a final state ([`MessageState::is_final`])
    /// other than ACCEPTED. SMPP 3.4 §5.2.28 counts ACCEPTED as final (taken
    /// on the subscriber's behalf), but SMSCs also send `ACCEPTD` when a
    /// carrier has taken the message on, and DELIVRD or UNDELIV later; so
    /// ACCEPTED, like ENROUTE, is waited past.
    ///
    /// ```
    /// use smpp_proto::receipt::MessageState;
    ///
    /// assert!(MessageState::Delivered.is_outcome());
    /// assert!(MessageState::Accepted.is_final() && !MessageState::Accepted.is_outcome());
    /// assert!(!MessageState::Enroute.is_outcome());
    /// ```
    pub const fn is_outcome(self) -> bool {
        self.is_final() && !matches!(self, MessageState::Accepted)
    }
}

impl fmt::Display for MessageState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_state_values_round_trip() {
        for v in 1..=9 {
            let s = MessageState::from_message_state(v).unwrap();
            assert_eq!(s.message_state(), v);
        }
        assert_eq!(MessageState::from_message_state(0), None);
        assert_eq!(MessageState::from_message_state(10), None);
        assert_eq!(MessageState::Buffered.message_state(), 1);
    }

    #[test]
    fn stat_words_round_trip_and_are_seven_characters() {
        for s in MessageState::ALL {
            assert_eq!(s.stat_word().len(), 7, "{s}");
            assert_eq!(
                MessageState::from_stat_word(s.stat_word().as_bytes()),
                Some(s)
            );
        }
    }

    #[test]
    fn vendor_words_and_case() {
        let cases: &[(&[u8], MessageState)] = &[
            (b"delivrd", MessageState::Delivered),
            (b"Delivered", MessageState::Delivered),
            (b"BUFFERED", MessageState::Buffered),
            (b"buffred", MessageState::Buffered),
            (b"ACKED", MessageState::Accepted),
            (b"FAILED", MessageState::Undeliverable),
        ];
        for &(w, s) in cases {
            assert_eq!(MessageState::from_stat_word(w), Some(s));
        }
        assert_eq!(MessageState::from_stat_word(b"DND_REJECTED"), None);
        assert_eq!(MessageState::from_stat_word(b"BADSTAT"), None);
        assert_eq!(MessageState::from_stat_word(b""), None);
    }

    #[test]
    fn finality() {
        assert!(MessageState::Delivered.is_final());
        assert!(MessageState::Accepted.is_final());
        assert!(MessageState::Skipped.is_final());
        assert!(!MessageState::Enroute.is_final());
        assert!(!MessageState::Unknown.is_final());
        assert!(!MessageState::Buffered.is_final());
    }
}
