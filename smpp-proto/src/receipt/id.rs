//! Matching a receipt to the message it reports on.
//!
//! The ESME learns a message id from submit_sm_resp (SMPP 3.4 §4.4.2) and
//! finds it again in the receipt: the receipted_message_id TLV (§5.3.2.12)
//! or the `id:` of the text (Appendix B). Many SMSCs write the two
//! differently: the response in hex and the receipt in decimal
//! (`16fee0e525` / `98765432101`), or the receipt zero-padded to 10 digits,
//! or in another case. [`IdMatch`] says which differences to ignore, and
//! [`MessageIdKey`] turns an id into a key for lookups that agrees with
//! [`message_ids_match`].

/// A number base for ids read as numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum IdBase {
    /// Digits 0–9.
    Decimal,
    /// Digits 0–9, a–f, A–F.
    Hex,
}

/// Which differences between two message ids to ignore.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum IdMatch {
    /// None: the same octets.
    Exact,
    /// ASCII case (`2E17` = `2e17`).
    IgnoreCase,
    /// Leading zeros, case and base, with the base guessed: an id of decimal
    /// digits only is decimal, else one of hex digits only is hex, else it is
    /// text compared ignoring case. So `0123456789` = `123456789` and
    /// `16fee0e525` = `98765432101`, but a hex id that happens to have no
    /// letter (`1234`, which is 4660) is read as decimal; when the SMSC is
    /// known, [`IdMatch::Bases`] says it exactly.
    NumericEquivalent,
    /// Leading zeros and case, with each side's base given: the id from
    /// submit_sm_resp is read in `submitted`, the receipt's in `receipted`.
    /// An id that is not a number in its base is text compared ignoring case.
    Bases {
        /// Base of the submit_sm_resp message_id.
        submitted: IdBase,
        /// Base of the receipt's id.
        receipted: IdBase,
    },
}

/// An id after the rule has been applied.
#[derive(Clone, Copy)]
enum Norm<'a> {
    Number(u128),
    /// Text, and whether case is ignored.
    Text(&'a [u8], bool),
}

/// The value of `id` in `base`: `None` if empty, not all digits of the base,
/// or above `u128::MAX` (39 decimal or 32 hex digits after leading zeros).
fn number(id: &[u8], base: IdBase) -> Option<u128> {
    let radix = match base {
        IdBase::Decimal => 10,
        IdBase::Hex => 16,
    };
    if id.is_empty() {
        return None;
    }
    id.iter().try_fold(0u128, |acc, &b| {
        let d = char::from(b).to_digit(radix)?;
        acc.checked_mul(u128::from(radix))?
            .checked_add(u128::from(d))
    })
}

fn normalise(id: &[u8], rule: IdMatch, receipted: bool) -> Norm<'_> {
    let n = match rule {
        IdMatch::Exact => return Norm::Text(id, false),
        IdMatch::IgnoreCase => None,
        IdMatch::NumericEquivalent => {
            number(id, IdBase::Decimal).or_else(|| number(id, IdBase::Hex))
        }
        IdMatch::Bases {
            submitted,
            receipted: r,
        } => number(id, if receipted { r } else { submitted }),
    };
    match n {
        Some(n) => Norm::Number(n),
        None => Norm::Text(id, true),
    }
}

/// Whether the id of a submit_sm_resp and the id of a receipt name the same
/// message under `rule`. Argument order matters only for [`IdMatch::Bases`].
pub fn message_ids_match(submitted: &[u8], receipted: &[u8], rule: IdMatch) -> bool {
    match (
        normalise(submitted, rule, false),
        normalise(receipted, rule, true),
    ) {
        (Norm::Number(a), Norm::Number(b)) => a == b,
        (Norm::Text(a, false), Norm::Text(b, false)) => a == b,
        (Norm::Text(a, _), Norm::Text(b, _)) => a.eq_ignore_ascii_case(b),
        _ => false,
    }
}

/// A message id normalised under an [`IdMatch`] rule, owned, `Copy` and small
/// (the text, or a `u128`), for map keys: store the submit_sm_resp id under
/// [`MessageIdKey::submitted`], look the receipt up with
/// [`MessageIdKey::receipted`]. Two keys made with the same rule are equal
/// exactly when [`message_ids_match`] says the ids match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct MessageIdKey(KeyRepr);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
enum KeyRepr {
    Number(u128),
    /// Text, lower-cased unless the rule is exact; bytes past `len` are zero.
    Text {
        len: u8,
        bytes: [u8; MessageIdKey::MAX_TEXT_LEN],
    },
}

impl MessageIdKey {
    /// Longest text id a key holds: a message_id is at most 64 octets and
    /// its NUL (SMPP 3.4 §5.2.23).
    pub const MAX_TEXT_LEN: usize = 64;

    /// The key of a submit_sm_resp message_id; `None` if it is text longer
    /// than [`MessageIdKey::MAX_TEXT_LEN`].
    pub fn submitted(id: &[u8], rule: IdMatch) -> Option<MessageIdKey> {
        MessageIdKey::new(normalise(id, rule, false))
    }

    /// The key of a receipt's id; `None` if it is text longer than
    /// [`MessageIdKey::MAX_TEXT_LEN`].
    pub fn receipted(id: &[u8], rule: IdMatch) -> Option<MessageIdKey> {
        MessageIdKey::new(normalise(id, rule, true))
    }

    fn new(n: Norm<'_>) -> Option<MessageIdKey> {
        match n {
            Norm::Number(v) => Some(MessageIdKey(KeyRepr::Number(v))),
            Norm::Text(id, fold) => {
                let mut bytes = [0u8; MessageIdKey::MAX_TEXT_LEN];
                let dst = bytes.get_mut(..id.len())?;
                dst.copy_from_slice(id);
                if fold {
                    dst.make_ascii_lowercase();
                }
                let len = u8::try_from(id.len()).ok()?;
                Some(MessageIdKey(KeyRepr::Text { len, bytes }))
            }
        }
    }

    /// The id's value when the rule read it as a number.
    pub const fn as_number(&self) -> Option<u128> {
        match self.0 {
            KeyRepr::Number(v) => Some(v),
            KeyRepr::Text { .. } => None,
        }
    }

    /// The normalised text when the rule kept the id as text.
    pub fn as_text(&self) -> Option<&[u8]> {
        match &self.0 {
            KeyRepr::Number(_) => None,
            KeyRepr::Text { len, bytes } => bytes.get(..usize::from(*len)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX_DEC: IdMatch = IdMatch::Bases {
        submitted: IdBase::Hex,
        receipted: IdBase::Decimal,
    };

    #[test]
    fn rules() {
        assert!(message_ids_match(b"abc", b"abc", IdMatch::Exact));
        assert!(!message_ids_match(b"abc", b"ABC", IdMatch::Exact));
        assert!(message_ids_match(b"abc", b"ABC", IdMatch::IgnoreCase));
        assert!(!message_ids_match(b"0123", b"123", IdMatch::IgnoreCase));
        let n = IdMatch::NumericEquivalent;
        assert!(message_ids_match(b"0123456789", b"123456789", n));
        assert!(message_ids_match(b"16fee0e525", b"98765432101", n));
        assert!(message_ids_match(b"16FEE0E525", b"0098765432101", n));
        assert!(!message_ids_match(b"1234", b"4660", n));
        assert!(message_ids_match(b"1234", b"4660", HEX_DEC));
        assert!(!message_ids_match(b"4660", b"1234", HEX_DEC));
        assert!(message_ids_match(b"0000000001", b"1", HEX_DEC));
        let uuid = b"74e02ee1-4e2f-4a6e-a78b-4b247d756a22";
        assert!(message_ids_match(
            uuid,
            b"74E02EE1-4E2F-4A6E-A78B-4B247D756A22",
            n
        ));
        assert!(!message_ids_match(b"12", b"12-", n));
        // 32 hex digits fit; a number never equals a text.
        assert!(message_ids_match(
            b"a29f6845555647139e5c8f3b817f2c9a",
            b"A29F6845555647139E5C8F3B817F2C9A",
            n
        ));
        assert!(!message_ids_match(b"", b"0", n));
        assert!(message_ids_match(b"", b"", n));
    }

    #[test]
    fn keys_agree_with_match() {
        let ids: &[&[u8]] = &[
            b"0123456789",
            b"123456789",
            b"16fee0e525",
            b"98765432101",
            b"1234",
            b"4660",
            b"ABC",
            b"abc",
            b"",
            b"0",
            b"a-b",
            b"A-B",
            b"1a",
            b"26",
        ];
        let rules = [
            IdMatch::Exact,
            IdMatch::IgnoreCase,
            IdMatch::NumericEquivalent,
            HEX_DEC,
        ];
        for rule in rules {
            for a in ids {
                for b in ids {
                    let ka = MessageIdKey::submitted(a, rule).unwrap();
                    let kb = MessageIdKey::receipted(b, rule).unwrap();
                    assert_eq!(
                        message_ids_match(a, b, rule),
                        ka == kb,
                        "{rule:?} {a:?} {b:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn key_views() {
        let k = MessageIdKey::receipted(b"0098765432101", IdMatch::NumericEquivalent).unwrap();
        assert_eq!(k.as_number(), Some(98_765_432_101));
        assert_eq!(k.as_text(), None);
        let k = MessageIdKey::receipted(b"A-B", IdMatch::IgnoreCase).unwrap();
        assert_eq!(k.as_text(), Some(&b"a-b"[..]));
        assert_eq!(MessageIdKey::receipted(&[b'x'; 65], IdMatch::Exact), None);
        assert!(MessageIdKey::receipted(&[b'x'; 64], IdMatch::Exact).is_some());
    }
}
