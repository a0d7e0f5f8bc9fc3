//! Primitive field types shared by every PDU body (SMPP 3.4 §3.1, §5.1):
//! Integers (big-endian), C-Octet Strings (NUL-terminated, with a maximum size
//! that counts the NUL) and Octet Strings; and the output cursor for encoding.
//!
//! Parsers take the remaining body and return `(rest, value)`. They are built
//! on nom's complete parsers, so "incomplete" never leaks out of a body parse:
//! framing has already guaranteed the whole PDU is present.

use nom::number::complete::be_u32;
use nom::Parser;

use super::names::Field;
use crate::error::{DecodeError, EncodeError};

/// The result of parsing one field.
pub(crate) type Parsed<'a, T> = Result<(&'a [u8], T), DecodeError>;

#[cfg_attr(not(feature = "pdu-multi"), allow(dead_code))] // only submit_multi_resp has a 4-octet field (error_status_code)
type NomErr<'a> = nom::error::Error<&'a [u8]>;

/// An Integer of 1 octet.
#[inline(always)]
pub(crate) fn u8_field<'a>(i: &'a [u8], field: Field) -> Parsed<'a, u8> {
    match i {
        [b, rest @ ..] => Ok((rest, *b)),
        [] => Err(DecodeError::BodyTooShort { field }),
    }
}

/// An Integer of 4 octets.
#[cfg_attr(not(feature = "pdu-multi"), allow(dead_code))] // only submit_multi_resp has a 4-octet field (error_status_code)
#[inline]
pub(crate) fn u32_field<'a>(i: &'a [u8], field: Field) -> Parsed<'a, u32> {
    be_u32::<_, NomErr<'a>>
        .parse(i)
        .map_err(|_| DecodeError::BodyTooShort { field })
}

/// A C-Octet String of at most `max` octets including its NUL terminator.
/// Returns the string without the NUL.
#[inline(always)]
pub(crate) fn cstr<'a>(i: &'a [u8], field: Field, max: u16) -> Parsed<'a, &'a [u8]> {
    if i.is_empty() {
        return Err(DecodeError::BodyTooShort { field });
    }
    // Only the first `max` octets may hold the NUL; look no further.
    let window = i.get(..max as usize).unwrap_or(i);
    match window.iter().position(|&b| b == 0) {
        Some(n) => {
            let (s, rest) = i.split_at(n);
            Ok((rest.get(1..).unwrap_or_default(), s))
        }
        None if window.len() < max as usize => Err(DecodeError::Unterminated { field }),
        None => Err(DecodeError::TooLong { field, max }),
    }
}

/// Checks a C-Octet String for encoding: no NUL inside, fits `max` with its NUL.
#[inline(always)]
pub(crate) fn check_cstr(s: &[u8], field: Field, max: u16) -> Result<(), EncodeError> {
    if s.len() >= max as usize {
        return Err(EncodeError::TooLong { field, max });
    }
    if s.contains(&0) {
        return Err(EncodeError::ContainsNul { field });
    }
    Ok(())
}

/// An output cursor over a caller's buffer. Every write is bounds-checked and
/// fails with [`EncodeError::BufferTooSmall`] instead of panicking.
///
/// The cursor is the unwritten tail of the buffer: each write splits it, so no
/// position arithmetic is repeated.
pub(crate) struct Writer<'b> {
    rest: &'b mut [u8],
    written: usize,
    /// Whether TLVs are written (false when encoding for SMPP 3.3).
    pub(crate) tlvs: bool,
}

impl<'b> Writer<'b> {
    pub(crate) fn new(buf: &'b mut [u8], tlvs: bool) -> Self {
        Writer {
            rest: buf,
            written: 0,
            tlvs,
        }
    }

    pub(crate) fn position(&self) -> usize {
        self.written
    }

    #[cold]
    fn too_small(&self, n: usize) -> EncodeError {
        EncodeError::BufferTooSmall {
            needed: self.written + n,
            available: self.written + self.rest.len(),
        }
    }

    #[inline(always)]
    pub(crate) fn bytes(&mut self, b: &[u8]) -> Result<(), EncodeError> {
        if self.rest.len() < b.len() {
            return Err(self.too_small(b.len()));
        }
        let (head, tail) = core::mem::take(&mut self.rest).split_at_mut(b.len());
        head.copy_from_slice(b);
        self.rest = tail;
        self.written += b.len();
        Ok(())
    }

    #[inline(always)]
    pub(crate) fn u8(&mut self, v: u8) -> Result<(), EncodeError> {
        match core::mem::take(&mut self.rest).split_first_mut() {
            Some((first, tail)) => {
                *first = v;
                self.rest = tail;
                self.written += 1;
                Ok(())
            }
            None => Err(self.too_small(1)),
        }
    }

    #[inline(always)]
    pub(crate) fn u16(&mut self, v: u16) -> Result<(), EncodeError> {
        self.bytes(&v.to_be_bytes())
    }

    #[inline(always)]
    #[cfg_attr(not(feature = "pdu-multi"), allow(dead_code))] // only submit_multi_resp has a 4-octet field (error_status_code)
    pub(crate) fn u32(&mut self, v: u32) -> Result<(), EncodeError> {
        self.bytes(&v.to_be_bytes())
    }

    /// A C-Octet String: checked, then written with its NUL.
    #[inline(always)]
    pub(crate) fn cstr(&mut self, s: &[u8], field: Field, max: u16) -> Result<(), EncodeError> {
        check_cstr(s, field, max)?;
        self.bytes(s)?;
        self.u8(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cstr_rules() {
        assert_eq!(
            cstr(b"abc\0rest", Field::SystemId, 6),
            Ok((&b"rest"[..], &b"abc"[..]))
        );
        assert_eq!(cstr(b"\0", Field::SystemId, 1), Ok((&b""[..], &b""[..])));
        assert_eq!(
            cstr(b"abc", Field::SystemId, 6),
            Err(DecodeError::Unterminated {
                field: Field::SystemId
            })
        );
        assert_eq!(
            cstr(b"abcdef\0", Field::SystemId, 6),
            Err(DecodeError::TooLong {
                field: Field::SystemId,
                max: 6
            })
        );
        assert_eq!(
            cstr(b"", Field::SystemId, 6),
            Err(DecodeError::BodyTooShort {
                field: Field::SystemId
            })
        );
    }

    #[test]
    fn writer_never_panics() {
        let mut buf = [0u8; 3];
        let mut w = Writer::new(&mut buf, true);
        assert!(w.u16(1).is_ok());
        assert!(w.u16(1).is_err());
        assert!(w.u8(1).is_ok());
        assert!(w.u8(1).is_err());
        assert!(w.cstr(b"a\0b", Field::SystemId, 9).is_err());
    }
}
