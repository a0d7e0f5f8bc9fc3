//! Writing the receipt text, for an SMSC (SMPP 3.4 Appendix B).
//!
//! The output always has all eight fields, in Appendix B order:
//!
//! ```text
//! id:0123456789 sub:001 dlvrd:001 submit date:1005232039 done date:1005242339 stat:DELIVRD err:000 text:Hello
//! ```
//!
//! - a numeric id is zero-padded to 10 digits (Appendix B gives `id` 10
//!   characters), a text id is written as it is;
//! - `sub`, `dlvrd` and a numeric `err` are zero-padded to 3 digits;
//! - dates use [`ReceiptFields::date_format`], `YYMMDDhhmm` unless told
//!   otherwise; an unknown date is written as zeros (`0000000000`);
//! - an unknown state is written `BADSTAT`, as cloudhopper-smpp does;
//! - `text` is cut to its first 20 octets ([`TEXT_MAX`]): the text is in the
//!   message's data_coding, so the cut counts octets, which are characters
//!   for the one-octet codings receipts use.

use core::fmt;

use super::date::{DateFormat, ReceiptDate};
use super::state::MessageState;
use super::text::Field;
use super::DeliveryReceipt;

/// Octets of the message kept in `text:` (Appendix B: "the first 20 characters").
pub const TEXT_MAX: usize = 20;

/// The `id:` to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum ReceiptId<'a> {
    /// An id given as text, written as it is.
    Text(&'a [u8]),
    /// A numeric id, written in decimal zero-padded to 10 digits (more
    /// digits are written in full).
    Number(u64),
}

impl Default for ReceiptId<'_> {
    fn default() -> Self {
        ReceiptId::Text(b"")
    }
}

/// The `err:` to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum ReceiptErr<'a> {
    /// A code written in decimal, zero-padded to 3 digits.
    Number(u16),
    /// The characters as given (`21b`), for instance from a parsed receipt.
    Raw(&'a [u8]),
}

impl Default for ReceiptErr<'_> {
    fn default() -> Self {
        ReceiptErr::Number(0)
    }
}

/// The fields of a receipt text an SMSC writes; see the module docs for the layout.
///
/// ```
/// use smpp_proto::receipt::{MessageState, ReceiptDate, ReceiptFields, ReceiptId};
///
/// let fields = ReceiptFields {
///     id: ReceiptId::Number(123456789),
///     submitted: 1,
///     delivered: 1,
///     submit_date: ReceiptDate::new(2010, 5, 23, 20, 39, 0),
///     done_date: ReceiptDate::new(2010, 5, 24, 23, 39, 0),
///     state: Some(MessageState::Delivered),
///     text: b"This is a sample message that is cut",
///     ..ReceiptFields::default()
/// };
/// let mut buf = [0u8; 160];
/// let n = fields.encode(&mut buf).unwrap();
/// assert_eq!(n, fields.encoded_len());
/// assert_eq!(
///     &buf[..n],
///     &b"id:0123456789 sub:001 dlvrd:001 submit date:1005232039 done date:1005242339 \
///        stat:DELIVRD err:000 text:This is a sample mes"[..]
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ReceiptFields<'a> {
    /// `id`: the message_id given in submit_sm_resp.
    pub id: ReceiptId<'a>,
    /// `sub`: messages originally submitted.
    pub submitted: u16,
    /// `dlvrd`: messages delivered.
    pub delivered: u16,
    /// `submit date`; zeros when `None`.
    pub submit_date: Option<ReceiptDate>,
    /// `done date`; zeros when `None`.
    pub done_date: Option<ReceiptDate>,
    /// Width of both dates.
    pub date_format: DateFormat,
    /// `stat`: [`MessageState::stat_word`], or `BADSTAT` when `None`.
    pub state: Option<MessageState>,
    /// `err`.
    pub err: ReceiptErr<'a>,
    /// `text`: the message; only its first [`TEXT_MAX`] octets are written.
    pub text: &'a [u8],
}

/// Why a receipt text cannot be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum ReceiptEncodeError {
    /// The buffer is shorter than [`ReceiptFields::encoded_len`].
    BufferTooSmall {
        /// Octets needed.
        needed: usize,
        /// Octets available.
        available: usize,
    },
    /// A text `id` or a raw `err` is empty or holds white space, so the
    /// receipt could not be read back.
    InvalidToken(Field),
}

impl fmt::Display for ReceiptEncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReceiptEncodeError::BufferTooSmall { needed, available } => {
                write!(f, "buffer of {available} bytes is too small, need {needed}")
            }
            ReceiptEncodeError::InvalidToken(k) => {
                write!(f, "field {k} is empty or contains white space")
            }
        }
    }
}

impl core::error::Error for ReceiptEncodeError {}

/// Where the text goes: counted, or copied into a buffer.
trait Sink {
    fn put(&mut self, b: &[u8]);
}

struct Count(usize);

impl Sink for Count {
    fn put(&mut self, b: &[u8]) {
        self.0 += b.len();
    }
}

/// Copies while it fits; `overflow` remembers whether anything was lost.
struct Slice<'b> {
    rest: &'b mut [u8],
    written: usize,
    overflow: bool,
}

impl Sink for Slice<'_> {
    fn put(&mut self, b: &[u8]) {
        if self.overflow || self.rest.len() < b.len() {
            self.overflow = true;
            return;
        }
        let (head, tail) = core::mem::take(&mut self.rest).split_at_mut(b.len());
        head.copy_from_slice(b);
        self.rest = tail;
        self.written += b.len();
    }
}

/// Writes `v` in decimal, zero-padded to at least `width` digits.
fn put_decimal(out: &mut impl Sink, v: u64, width: usize) {
    let mut digits = [b'0'; 20];
    let mut n = 0;
    let mut v = v;
    for slot in digits.iter_mut().rev() {
        *slot = b'0' + (v % 10) as u8;
        v /= 10;
        n += 1;
        if v == 0 && n >= width {
            break;
        }
    }
    out.put(digits.get(digits.len() - n..).unwrap_or_default());
}

fn is_token(s: &[u8]) -> bool {
    !s.is_empty()
        && !s
            .iter()
            .any(|&b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0))
}

impl ReceiptFields<'_> {
    fn check(&self) -> Result<(), ReceiptEncodeError> {
        if let ReceiptId::Text(id) = self.id {
            if !is_token(id) {
                return Err(ReceiptEncodeError::InvalidToken(Field::Id));
            }
        }
        if let ReceiptErr::Raw(err) = self.err {
            if !is_token(err) {
                return Err(ReceiptEncodeError::InvalidToken(Field::Err));
            }
        }
        Ok(())
    }

    fn emit(&self, out: &mut impl Sink) {
        out.put(b"id:");
        match self.id {
            ReceiptId::Text(id) => out.put(id),
            ReceiptId::Number(n) => put_decimal(out, n, 10),
        }
        out.put(b" sub:");
        put_decimal(out, self.submitted.into(), 3);
        out.put(b" dlvrd:");
        put_decimal(out, self.delivered.into(), 3);
        for (key, date) in [
            (&b" submit date:"[..], self.submit_date),
            (b" done date:", self.done_date),
        ] {
            out.put(key);
            let mut digits = [b'0'; 14];
            let n = match date {
                Some(d) => d.digits(self.date_format, &mut digits),
                None => self.date_format.digit_count(),
            };
            out.put(digits.get(..n).unwrap_or_default());
        }
        out.put(b" stat:");
        out.put(
            self.state
                .map_or("BADSTAT", MessageState::stat_word)
                .as_bytes(),
        );
        out.put(b" err:");
        match self.err {
            ReceiptErr::Number(n) => put_decimal(out, n.into(), 3),
            ReceiptErr::Raw(s) => out.put(s),
        }
        out.put(b" text:");
        out.put(self.text.get(..TEXT_MAX).unwrap_or(self.text));
    }

    /// Octets [`ReceiptFields::encode`] writes.
    pub fn encoded_len(&self) -> usize {
        let mut c = Count(0);
        self.emit(&mut c);
        c.0
    }

    /// Writes the receipt text into `buf`; returns the number of octets written.
    /// Never panics; a short buffer is an error and leaves its content unspecified.
    pub fn encode(&self, buf: &mut [u8]) -> Result<usize, ReceiptEncodeError> {
        self.check()?;
        let available = buf.len();
        let mut s = Slice {
            rest: buf,
            written: 0,
            overflow: false,
        };
        self.emit(&mut s);
        if s.overflow {
            return Err(ReceiptEncodeError::BufferTooSmall {
                needed: self.encoded_len(),
                available,
            });
        }
        Ok(s.written)
    }
}

/// The fields to write the same receipt again: the raw `err` and `text`,
/// the text's `id` (or the receipted_message_id TLV, which wins), the date
/// format the text used. Absent counts become 0.
impl<'a> From<&DeliveryReceipt<'a>> for ReceiptFields<'a> {
    fn from(r: &DeliveryReceipt<'a>) -> Self {
        let date_format = [r.raw.submit_date, r.raw.done_date]
            .into_iter()
            .flatten()
            .find_map(|raw| ReceiptDate::parse_with_format(raw).map(|(_, f)| f))
            .unwrap_or_default();
        ReceiptFields {
            id: ReceiptId::Text(r.message_id.unwrap_or_default()),
            submitted: r.submitted.unwrap_or(0),
            delivered: r.delivered.unwrap_or(0),
            submit_date: r.submit_date,
            done_date: r.done_date,
            date_format,
            state: r.state,
            err: match r.err {
                Some(raw) => ReceiptErr::Raw(raw),
                None => ReceiptErr::Number(r.network_error_code.map_or(0, |n| n.error_code)),
            },
            text: r.text.unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let f = ReceiptFields {
            id: ReceiptId::Number(1),
            ..ReceiptFields::default()
        };
        let mut buf = [0xa5u8; 128];
        let n = f.encode(&mut buf).unwrap();
        assert_eq!(
            &buf[..n],
            b"id:0000000001 sub:000 dlvrd:000 submit date:0000000000 done date:0000000000 stat:BADSTAT err:000 text:"
        );
        assert!(buf[n..].iter().all(|&b| b == 0xa5));
    }

    #[test]
    fn wide_values_and_formats() {
        let date = ReceiptDate::new(2011, 3, 14, 18, 15, 34);
        let f = ReceiptFields {
            id: ReceiptId::Number(u64::MAX),
            submitted: 1000,
            delivered: 7,
            submit_date: date,
            done_date: None,
            date_format: DateFormat::YyyyMmDdHhMmSs,
            state: Some(MessageState::Buffered),
            err: ReceiptErr::Raw(b"21b"),
            text: b"0123456789012345678901234",
        };
        let mut buf = [0u8; 160];
        let n = f.encode(&mut buf).unwrap();
        assert_eq!(
            &buf[..n],
            &b"id:18446744073709551615 sub:1000 dlvrd:007 submit date:20110314181534 \
               done date:00000000000000 stat:BUFFRED err:21b text:01234567890123456789"[..]
        );
        assert_eq!(n, f.encoded_len());
    }

    #[test]
    fn short_buffer_is_an_error() {
        let f = ReceiptFields::default();
        let f = ReceiptFields {
            id: ReceiptId::Text(b"x"),
            ..f
        };
        let need = f.encoded_len();
        for len in 0..need {
            let mut buf = [0u8; 128];
            assert_eq!(
                f.encode(&mut buf[..len]),
                Err(ReceiptEncodeError::BufferTooSmall {
                    needed: need,
                    available: len
                })
            );
        }
        let mut buf = [0u8; 128];
        assert_eq!(f.encode(&mut buf[..need]), Ok(need));
    }

    #[test]
    fn tokens_are_checked() {
        let mut buf = [0u8; 128];
        for id in [&b""[..], b"a b", b"a\0"] {
            let f = ReceiptFields {
                id: ReceiptId::Text(id),
                ..ReceiptFields::default()
            };
            assert_eq!(
                f.encode(&mut buf),
                Err(ReceiptEncodeError::InvalidToken(Field::Id))
            );
        }
        let f = ReceiptFields {
            id: ReceiptId::Number(0),
            err: ReceiptErr::Raw(b""),
            ..ReceiptFields::default()
        };
        assert_eq!(
            f.encode(&mut buf),
            Err(ReceiptEncodeError::InvalidToken(Field::Err))
        );
    }
}
