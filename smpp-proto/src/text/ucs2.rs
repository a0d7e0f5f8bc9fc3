//! UCS-2 (`data_coding` 0x08, SMPP 3.4 §5.2.19; TS 23.038 §6.2.3), written
//! and read as UTF-16BE: a character outside the Basic Multilingual Plane
//! (most emoji) is a surrogate pair, as handsets send it.

use super::{Code, TextError, Undecodable};

/// Encodes one character as one or two UTF-16 units.
#[inline]
pub(crate) fn encode_char(c: char) -> Code {
    let mut units = [0u16; 2];
    match *c.encode_utf16(&mut units) {
        [u] => Code::Unit(u),
        [h, l] => Code::Pair(h, l),
        // INVARIANT: encode_utf16 yields one or two units.
        _ => Code::Unit(0xFFFD),
    }
}

fn unit(data: &[u8], pos: usize) -> Option<u16> {
    match *data.get(pos..pos + 2)? {
        [a, b] => Some(u16::from_be_bytes([a, b])),
        _ => None,
    }
}

/// Decodes the character at octet `pos`.
#[inline]
pub(crate) fn decode_at(data: &[u8], pos: usize) -> Option<Result<(char, usize), TextError>> {
    let err = |offset, reason| Some(Err(TextError::Undecodable { offset, reason }));
    if pos >= data.len() {
        return None;
    }
    let Some(u) = unit(data, pos) else {
        return err(pos, Undecodable::OddLength);
    };
    match u {
        0xD800..=0xDBFF => match unit(data, pos + 2) {
            Some(l @ 0xDC00..=0xDFFF) => {
                let c = 0x10000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(l) - 0xDC00);
                match char::from_u32(c) {
                    Some(c) => Some(Ok((c, 4))),
                    None => err(pos, Undecodable::UnpairedSurrogate),
                }
            }
            _ => err(pos, Undecodable::UnpairedSurrogate),
        },
        0xDC00..=0xDFFF => err(pos, Undecodable::UnpairedSurrogate),
        u => match char::from_u32(u32::from(u)) {
            Some(c) => Some(Ok((c, 2))),
            None => err(pos, Undecodable::UnpairedSurrogate),
        },
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::prelude::rust_2021::*;

    use super::super::{decode, encode, Encoding};
    use super::*;

    #[test]
    fn surrogate_pairs() {
        let mut out = [0u8; 8];
        let n = encode("a😀", Encoding::Ucs2, &mut out).unwrap();
        assert_eq!(&out[..n], [0x00, 0x61, 0xD8, 0x3D, 0xDE, 0x00]);
        let back: Result<String, _> = decode(&out[..n], Encoding::Ucs2).collect();
        assert_eq!(back.unwrap(), "a😀");
    }

    #[test]
    fn bad_input() {
        let e = |offset, reason| Err(TextError::Undecodable { offset, reason });
        let d = |b: &[u8]| decode(b, Encoding::Ucs2).collect::<Result<String, _>>();
        assert_eq!(d(&[0x00, 0x61, 0x00]), e(2, Undecodable::OddLength));
        assert_eq!(d(&[0xD8, 0x3D]), e(0, Undecodable::UnpairedSurrogate));
        assert_eq!(
            d(&[0xD8, 0x3D, 0x00, 0x61]),
            e(0, Undecodable::UnpairedSurrogate)
        );
        assert_eq!(
            d(&[0x00, 0x61, 0xDE, 0x00]),
            e(2, Undecodable::UnpairedSurrogate)
        );
        assert_eq!(d(&[]), Ok(String::new()));
    }
}
