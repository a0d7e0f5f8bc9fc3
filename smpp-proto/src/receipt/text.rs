//! The receipt text of SMPP 3.4 Appendix B, token by token:
//!
//! ```text
//! id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:...
//! ```
//!
//! Appendix B calls the format "SMSC vendor specific" and gives this as the
//! typical example, so real receipts vary. The tokenizer takes:
//! - `key:value` fields separated by any run of white space (space, tab, CR,
//!   LF, NUL), in any order, keys in any ASCII case (`Id:`, `STAT:`, `Text:`);
//!   `submit date` / `done date` also with several spaces or `_` between the words;
//! - values up to the next white space, except `text:`, which runs to the end
//!   of the message and may hold spaces and colons;
//! - one exception to that: when what follows `text:` ends with fields that
//!   are well formed, known, and not seen yet (`... text: stat:DELIVRD`), they
//!   are fields, not text. A receipt that already had every field keeps its
//!   text whole, so text written after the other seven always reads back as written;
//! - unknown fields (`vendor:x`), kept by [`ReceiptText::fields`] and otherwise
//!   ignored, and stray words without a colon, skipped.
//!
//! [`ParseMode::Strict`] then requires every field of Appendix B, once, each
//! well formed; [`ParseMode::Lenient`] takes what is there.

use core::fmt;

use super::date::ReceiptDate;
use super::state::MessageState;

/// Longest message id accepted in strict mode: a message_id is a C-Octet
/// String of at most 65 octets with its NUL (SMPP 3.4 §5.2.23).
pub(crate) const ID_MAX: usize = 64;

/// A field of the receipt text (SMPP 3.4 Appendix B).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Field {
    /// `id`: the message id the SMSC gave the original message.
    Id,
    /// `sub`: number of short messages originally submitted (3 digits).
    Sub,
    /// `dlvrd`: number of short messages delivered (3 digits).
    Dlvrd,
    /// `submit date`: when the message was submitted.
    SubmitDate,
    /// `done date`: when the message reached its final state.
    DoneDate,
    /// `stat`: the state of the message, a seven-character word.
    Stat,
    /// `err`: a network or SMSC error code (3 characters).
    Err,
    /// `text`: the first 20 characters of the message.
    Text,
}

impl Field {
    /// The eight fields in Appendix B order.
    pub const ALL: [Field; 8] = [
        Field::Id,
        Field::Sub,
        Field::Dlvrd,
        Field::SubmitDate,
        Field::DoneDate,
        Field::Stat,
        Field::Err,
        Field::Text,
    ];

    /// The key as Appendix B writes it (`"submit date"`).
    pub const fn key(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Sub => "sub",
            Field::Dlvrd => "dlvrd",
            Field::SubmitDate => "submit date",
            Field::DoneDate => "done date",
            Field::Stat => "stat",
            Field::Err => "err",
            Field::Text => "text",
        }
    }

    /// Recognises a key: ASCII case ignored, surrounding white space ignored,
    /// and `submit date` / `done date` with any run of spaces or `_` between
    /// the two words.
    pub fn from_key(key: &[u8]) -> Option<Field> {
        let key = trim(key);
        let single = [
            Field::Id,
            Field::Sub,
            Field::Dlvrd,
            Field::Stat,
            Field::Err,
            Field::Text,
        ];
        if let Some(f) = single
            .into_iter()
            .find(|f| f.key().as_bytes().eq_ignore_ascii_case(key))
        {
            return Some(f);
        }
        let sep = |b: &u8| is_space(*b) || *b == b'_';
        let split = key.iter().position(sep)?;
        let (first, rest) = key.split_at_checked(split)?;
        let second = rest.get(rest.iter().position(|b| !sep(b))?..)?;
        if !second.eq_ignore_ascii_case(b"date") {
            return None;
        }
        date_field(first)
    }

    const fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// `submit` or `done`, the first word of a two-word date key.
fn date_field(first_word: &[u8]) -> Option<Field> {
    if first_word.eq_ignore_ascii_case(b"submit") {
        Some(Field::SubmitDate)
    } else if first_word.eq_ignore_ascii_case(b"done") {
        Some(Field::DoneDate)
    } else {
        None
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// How strictly the receipt text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum ParseMode {
    /// Every field of Appendix B present exactly once and well formed:
    /// `id` of 1 to 64 octets, `sub` and `dlvrd` of 1 to 3 digits, dates of
    /// a [`super::DateFormat`], a `stat` word [`MessageState::from_stat_word`]
    /// knows, `err` of 1 to 3 letters or digits. `text` may be empty and any
    /// length. Keys are still matched ignoring case, and unknown fields are
    /// still ignored.
    Strict,
    /// Whatever fields are there; a missing or malformed value is `None` in
    /// the typed view and kept in the raw one. A value-less key followed by
    /// a stray word takes that word (`id: 123`). Fails only when no field of
    /// Appendix B is found at all.
    #[default]
    Lenient,
}

/// Why a receipt cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum ReceiptError {
    /// No field of Appendix B in the text, and no receipt TLV either.
    NotAReceipt,
    /// Strict mode: a field of Appendix B is absent.
    MissingField(Field),
    /// Strict mode: a field appears more than once.
    DuplicateField(Field),
    /// Strict mode: a field's value is malformed.
    InvalidField(Field),
}

impl fmt::Display for ReceiptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReceiptError::NotAReceipt => f.write_str("not a delivery receipt"),
            ReceiptError::MissingField(k) => write!(f, "missing field {k}"),
            ReceiptError::DuplicateField(k) => write!(f, "field {k} appears more than once"),
            ReceiptError::InvalidField(k) => write!(f, "invalid value in field {k}"),
        }
    }
}

impl core::error::Error for ReceiptError {}

/// The raw tokens of a receipt text, borrowed from it: each field's value as
/// written, or `None` when the key is absent. In lenient mode the first of
/// repeated keys wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ReceiptText<'a> {
    /// `id`.
    pub id: Option<&'a [u8]>,
    /// `sub`.
    pub sub: Option<&'a [u8]>,
    /// `dlvrd`.
    pub dlvrd: Option<&'a [u8]>,
    /// `submit date`.
    pub submit_date: Option<&'a [u8]>,
    /// `done date`.
    pub done_date: Option<&'a [u8]>,
    /// `stat`.
    pub stat: Option<&'a [u8]>,
    /// `err`.
    pub err: Option<&'a [u8]>,
    /// `text`: everything after `text:` (see the module docs for the one exception).
    pub text: Option<&'a [u8]>,
    #[cfg_attr(feature = "serde", serde(skip))]
    input: &'a [u8],
    #[cfg_attr(feature = "serde", serde(skip))]
    mode: ParseMode,
}

impl<'a> ReceiptText<'a> {
    /// Reads a receipt text. See [`ParseMode`] for what each mode accepts.
    pub fn parse(input: &'a [u8], mode: ParseMode) -> Result<ReceiptText<'a>, ReceiptError> {
        let mut t = ReceiptText {
            input,
            mode,
            ..ReceiptText::default()
        };
        let mut found = false;
        for raw in Fields::new(input, mode) {
            let Some(field) = raw.field else { continue };
            found = true;
            let slot = t.slot(field);
            if slot.is_some() {
                if mode == ParseMode::Strict {
                    return Err(ReceiptError::DuplicateField(field));
                }
                continue;
            }
            *slot = Some(raw.value);
        }
        if !found {
            return Err(ReceiptError::NotAReceipt);
        }
        if mode == ParseMode::Strict {
            for field in Field::ALL {
                let value = t.get(field).ok_or(ReceiptError::MissingField(field))?;
                if !valid_strict(field, value) {
                    return Err(ReceiptError::InvalidField(field));
                }
            }
        }
        Ok(t)
    }

    /// The raw value of one field.
    pub const fn get(&self, field: Field) -> Option<&'a [u8]> {
        match field {
            Field::Id => self.id,
            Field::Sub => self.sub,
            Field::Dlvrd => self.dlvrd,
            Field::SubmitDate => self.submit_date,
            Field::DoneDate => self.done_date,
            Field::Stat => self.stat,
            Field::Err => self.err,
            Field::Text => self.text,
        }
    }

    fn slot(&mut self, field: Field) -> &mut Option<&'a [u8]> {
        match field {
            Field::Id => &mut self.id,
            Field::Sub => &mut self.sub,
            Field::Dlvrd => &mut self.dlvrd,
            Field::SubmitDate => &mut self.submit_date,
            Field::DoneDate => &mut self.done_date,
            Field::Stat => &mut self.stat,
            Field::Err => &mut self.err,
            Field::Text => &mut self.text,
        }
    }

    /// Every `key:value` of the text in order, unknown keys and repeats included.
    pub fn fields(&self) -> Fields<'a> {
        Fields::new(self.input, self.mode)
    }

    /// The whole text this was parsed from.
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.input
    }
}

/// What strict mode accepts in each field.
fn valid_strict(field: Field, v: &[u8]) -> bool {
    match field {
        Field::Id => !v.is_empty() && v.len() <= ID_MAX,
        Field::Sub | Field::Dlvrd => (1..=3).contains(&v.len()) && v.iter().all(u8::is_ascii_digit),
        Field::SubmitDate | Field::DoneDate => ReceiptDate::parse(v).is_some(),
        Field::Stat => MessageState::from_stat_word(v).is_some(),
        Field::Err => (1..=3).contains(&v.len()) && v.iter().all(u8::is_ascii_alphanumeric),
        Field::Text => true,
    }
}

/// One `key:value` of the receipt text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RawField<'a> {
    /// The key as written (`"Submit  date"`).
    pub key: &'a [u8],
    /// The field it names, `None` for a key Appendix B does not have.
    pub field: Option<Field>,
    /// The value as written; empty after a bare `key:`.
    pub value: &'a [u8],
}

/// The fields of a receipt text, in order: an iterator that borrows and never copies.
#[derive(Debug, Clone)]
pub struct Fields<'a> {
    rest: &'a [u8],
    /// Fields already yielded, one bit per [`Field`].
    seen: u8,
    lenient: bool,
}

impl<'a> Fields<'a> {
    /// Walks `input`; `mode` matters only for a key without a value (`id: 123`).
    pub fn new(input: &'a [u8], mode: ParseMode) -> Fields<'a> {
        Fields {
            rest: input,
            seen: 0,
            lenient: mode == ParseMode::Lenient,
        }
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = RawField<'a>;

    fn next(&mut self) -> Option<RawField<'a>> {
        loop {
            let s = trim_start(self.rest);
            if s.is_empty() {
                self.rest = s;
                return None;
            }
            let Some((key, after_colon)) = key_at(s) else {
                // A stray word without a colon ("362d9701", free text): not a field.
                self.rest = split_word(s).1;
                continue;
            };
            let field = Field::from_key(key);
            if field == Some(Field::Text) {
                // Text runs to the end, unless trailing fields were cut into it.
                self.seen |= Field::Text.bit();
                let (value, rest) = match trailing_fields(after_colon, self.seen) {
                    Some(p) => {
                        let (text, rest) = after_colon
                            .split_at_checked(p)
                            .unwrap_or((after_colon, &[]));
                        (trim_end(text), rest)
                    }
                    None => (after_colon, &[][..]),
                };
                self.rest = rest;
                return Some(RawField { key, field, value });
            }
            let (mut value, mut rest) = split_word(after_colon);
            if value.is_empty() && self.lenient {
                // "id: 123": a bare key takes the next word unless that word starts a field.
                let next = trim_start(rest);
                let (w, after) = split_word(next);
                if !w.is_empty() && key_at(next).is_none() {
                    value = w;
                    rest = after;
                }
            }
            if let Some(f) = field {
                self.seen |= f.bit();
            }
            self.rest = rest;
            return Some(RawField { key, field, value });
        }
    }
}

/// White space between fields. NUL counts: some SMSCs end short_message with one.
const fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0)
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().position(|&b| !is_space(b)).unwrap_or(s.len());
    s.get(n..).unwrap_or_default()
}

fn trim_end(s: &[u8]) -> &[u8] {
    let n = s.iter().rposition(|&b| !is_space(b)).map_or(0, |i| i + 1);
    s.get(..n).unwrap_or_default()
}

fn trim(s: &[u8]) -> &[u8] {
    trim_end(trim_start(s))
}

/// Splits `s` (which starts at a word) into the word and what follows it.
fn split_word(s: &[u8]) -> (&[u8], &[u8]) {
    let n = s.iter().position(|&b| is_space(b)).unwrap_or(s.len());
    s.split_at_checked(n).unwrap_or((s, &[]))
}

/// If a field starts at `s` (which starts at a word), its key and what
/// follows the colon. A field is a word with a colon (`key:value`, the key
/// may be empty), or `submit` / `done` followed by a word starting `date:`.
fn key_at(s: &[u8]) -> Option<(&[u8], &[u8])> {
    let (word, after_word) = split_word(s);
    let colon = match word.iter().position(|&b| b == b':') {
        Some(c) => c,
        None => {
            date_field(word)?;
            let next = trim_start(after_word);
            let (head, _) = next.split_at_checked(5)?;
            let (date, colon) = head.split_at_checked(4)?;
            if !date.eq_ignore_ascii_case(b"date") || colon != b":" {
                return None;
            }
            s.len() - next.len() + 4
        }
    };
    let (key, rest) = s.split_at_checked(colon)?;
    Some((key, rest.get(1..)?))
}

/// The start of the fields that end `text` (what follows `text:`), if any:
/// well-formed `key:value` words with known keys other than `text`, none in
/// `seen` nor repeated, preceded by white space. Scans backwards, at most
/// one step per field, so it costs nothing on long texts.
fn trailing_fields(text: &[u8], seen: u8) -> Option<usize> {
    let mut used = seen;
    let mut head = trim_end(text);
    let mut start = None;
    for _ in Field::ALL {
        let ws = head.iter().rposition(|&b| is_space(b)).map_or(0, |i| i + 1);
        let (before, word) = head.split_at_checked(ws)?;
        let Some(colon) = word.iter().position(|&b| b == b':') else {
            break;
        };
        let key = word.get(..colon)?;
        let (field, field_start) = if key.eq_ignore_ascii_case(b"date") {
            let before = trim_end(before);
            let ps = before
                .iter()
                .rposition(|&b| is_space(b))
                .map_or(0, |i| i + 1);
            match date_field(before.get(ps..)?) {
                Some(f) => (f, ps),
                None => break,
            }
        } else {
            match Field::from_key(key) {
                Some(f) => (f, ws),
                None => break,
            }
        };
        if field == Field::Text || used & field.bit() != 0 {
            break;
        }
        used |= field.bit();
        start = Some(field_start);
        head = trim_end(head.get(..field_start)?);
    }
    // "text:stat:X" (no space after the colon) stays text.
    start.filter(|&p| p > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CANONICAL: &[u8] = b"id:0123456789 sub:002 dlvrd:001 submit date:1005232039 done date:1005242339 stat:DELIVRD err:012 text:This is a sample mes";

    #[test]
    fn canonical_both_modes() {
        for mode in [ParseMode::Strict, ParseMode::Lenient] {
            let t = ReceiptText::parse(CANONICAL, mode).unwrap();
            assert_eq!(t.id, Some(&b"0123456789"[..]));
            assert_eq!(t.sub, Some(&b"002"[..]));
            assert_eq!(t.dlvrd, Some(&b"001"[..]));
            assert_eq!(t.submit_date, Some(&b"1005232039"[..]));
            assert_eq!(t.done_date, Some(&b"1005242339"[..]));
            assert_eq!(t.stat, Some(&b"DELIVRD"[..]));
            assert_eq!(t.err, Some(&b"012"[..]));
            assert_eq!(t.text, Some(&b"This is a sample mes"[..]));
        }
    }

    #[test]
    fn keys_any_case_extra_spaces_and_separators() {
        let t = ReceiptText::parse(
            b"  ID:7\tSub:1  DLVRD:1 Submit  Date:1005232039 done_date:1005242339 STAT:delivrd Err:0 Text:a b",
            ParseMode::Strict,
        )
        .unwrap();
        assert_eq!(t.id, Some(&b"7"[..]));
        assert_eq!(t.submit_date, Some(&b"1005232039"[..]));
        assert_eq!(t.done_date, Some(&b"1005242339"[..]));
        assert_eq!(t.stat, Some(&b"delivrd"[..]));
        assert_eq!(t.text, Some(&b"a b"[..]));
    }

    #[test]
    fn text_keeps_colons_spaces_and_control_characters() {
        let t = ReceiptText::parse(
            b"id:1 stat:DELIVRD text: a:b  c \x04\x1a",
            ParseMode::Lenient,
        )
        .unwrap();
        assert_eq!(t.text, Some(&b" a:b  c \x04\x1a"[..]));
    }

    #[test]
    fn trailing_fields_after_text() {
        let t = ReceiptText::parse(b"id:1 err:000 text: stat:DELIVRD", ParseMode::Lenient).unwrap();
        assert_eq!(t.text, Some(&b""[..]));
        assert_eq!(t.stat, Some(&b"DELIVRD"[..]));
        let t = ReceiptText::parse(
            b"id:1 text:hello world submit date:1005232039 stat:DELIVRD",
            ParseMode::Lenient,
        )
        .unwrap();
        assert_eq!(t.text, Some(&b"hello world"[..]));
        assert_eq!(t.submit_date, Some(&b"1005232039"[..]));
        assert_eq!(t.stat, Some(&b"DELIVRD"[..]));
        // A field already seen stays in the text.
        let t =
            ReceiptText::parse(b"stat:ENROUTE text:x stat:DELIVRD", ParseMode::Lenient).unwrap();
        assert_eq!(t.text, Some(&b"x stat:DELIVRD"[..]));
        assert_eq!(t.stat, Some(&b"ENROUTE"[..]));
        // Unknown keys stop the scan.
        let t = ReceiptText::parse(b"id:1 text:x foo:bar", ParseMode::Lenient).unwrap();
        assert_eq!(t.text, Some(&b"x foo:bar"[..]));
        // No white space after "text:": all text.
        let t = ReceiptText::parse(b"id:1 text:stat:DELIVRD", ParseMode::Lenient).unwrap();
        assert_eq!(t.text, Some(&b"stat:DELIVRD"[..]));
        assert_eq!(t.stat, None);
    }

    #[test]
    fn lenient_takes_a_value_after_a_space() {
        let t =
            ReceiptText::parse(b"id: 123 stat: DELIVRD err: text:x", ParseMode::Lenient).unwrap();
        assert_eq!(t.id, Some(&b"123"[..]));
        assert_eq!(t.stat, Some(&b"DELIVRD"[..]));
        assert_eq!(t.err, Some(&b""[..]));
        let t = ReceiptText::parse(b"id: submit date:1005232039", ParseMode::Lenient).unwrap();
        assert_eq!(t.id, Some(&b""[..]));
        assert_eq!(t.submit_date, Some(&b"1005232039"[..]));
    }

    #[test]
    fn stray_words_and_unknown_fields() {
        let t = ReceiptText::parse(
            b"id:1 hello vendor:x stat:DELIVRD free words",
            ParseMode::Lenient,
        )
        .unwrap();
        assert_eq!(t.id, Some(&b"1"[..]));
        assert_eq!(t.stat, Some(&b"DELIVRD"[..]));
        assert_eq!(t.text, None);
        let keys: heapless::Vec<&[u8], 4> = t.fields().map(|f| f.key).collect();
        assert_eq!(&keys[..], &[&b"id"[..], b"vendor", b"stat"]);
        assert_eq!(
            ReceiptText::parse(b"362d9701 2", ParseMode::Lenient),
            Err(ReceiptError::NotAReceipt)
        );
        assert_eq!(
            ReceiptText::parse(b"", ParseMode::Strict),
            Err(ReceiptError::NotAReceipt)
        );
    }

    #[test]
    fn strict_errors() {
        let missing = ReceiptText::parse(b"id:1 stat:DELIVRD", ParseMode::Strict);
        assert_eq!(missing, Err(ReceiptError::MissingField(Field::Sub)));
        let dup = ReceiptText::parse(b"id:1 id:2", ParseMode::Strict);
        assert_eq!(dup, Err(ReceiptError::DuplicateField(Field::Id)));
        let lenient = ReceiptText::parse(b"id:1 id:2", ParseMode::Lenient).unwrap();
        assert_eq!(lenient.id, Some(&b"1"[..]));
        extern crate std;
        let canonical = core::str::from_utf8(CANONICAL).unwrap();
        for (from, to, field) in [
            ("sub:002", "sub:0002", Field::Sub),
            ("dlvrd:001", "dlvrd:x", Field::Dlvrd),
            ("date:1005232039", "date:1013232039", Field::SubmitDate),
            ("stat:DELIVRD", "stat:BADSTAT", Field::Stat),
            ("err:012", "err:0123", Field::Err),
            ("id:0123456789", "id:", Field::Id),
        ] {
            let text = canonical.replacen(from, to, 1);
            assert_eq!(
                ReceiptText::parse(text.as_bytes(), ParseMode::Strict),
                Err(ReceiptError::InvalidField(field)),
                "{text}"
            );
            assert!(ReceiptText::parse(text.as_bytes(), ParseMode::Lenient).is_ok());
        }
    }

    #[test]
    fn from_key() {
        assert_eq!(Field::from_key(b"Submit Date"), Some(Field::SubmitDate));
        assert_eq!(Field::from_key(b"done__date"), Some(Field::DoneDate));
        assert_eq!(Field::from_key(b" TEXT "), Some(Field::Text));
        assert_eq!(Field::from_key(b"date"), None);
        assert_eq!(Field::from_key(b"submit"), None);
        assert_eq!(Field::from_key(b"submit dates"), None);
        assert_eq!(Field::from_key(b""), None);
        for f in Field::ALL {
            assert_eq!(Field::from_key(f.key().as_bytes()), Some(f));
        }
    }
}
