//! The one-octet character sets of SMPP 3.4 §5.2.19: IA5 (`data_coding`
//! 0x01, ITU-T T.50 International Reference Version, i.e. ASCII),
//! ISO-8859-1 (0x03), ISO-8859-5 (0x06) and ISO-8859-8 (0x07).
//!
//! Octets 0x00..=0x9F are U+0000..=U+009F in every ISO-8859 part; the upper
//! halves of parts 5 and 8 are tables of 96 UTF-16 units (`0` where
//! ISO-8859-8 leaves a code undefined).

use super::{TextError, Undecodable};

/// Which one-octet character set.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Charset {
    Ia5,
    Latin1,
    Cyrillic,
    Hebrew,
}

/// ISO-8859-5 octets 0xA0..=0xFF.
static ISO_8859_5_HIGH: [u16; 96] = [
    0x00A0, 0x0401, 0x0402, 0x0403, 0x0404, 0x0405, 0x0406, 0x0407, // 0xA0
    0x0408, 0x0409, 0x040A, 0x040B, 0x040C, 0x00AD, 0x040E, 0x040F, // 0xA8
    0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417, // 0xB0
    0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F, // 0xB8
    0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427, // 0xC0
    0x0428, 0x0429, 0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F, // 0xC8
    0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437, // 0xD0
    0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F, // 0xD8
    0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447, // 0xE0
    0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D, 0x044E, 0x044F, // 0xE8
    0x2116, 0x0451, 0x0452, 0x0453, 0x0454, 0x0455, 0x0456, 0x0457, // 0xF0
    0x0458, 0x0459, 0x045A, 0x045B, 0x045C, 0x00A7, 0x045E, 0x045F, // 0xF8
];

/// ISO-8859-8 octets 0xA0..=0xFF (`0`: undefined).
static ISO_8859_8_HIGH: [u16; 96] = [
    0x00A0, 0x0000, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7, // 0xA0
    0x00A8, 0x00A9, 0x00D7, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF, // 0xA8
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7, // 0xB0
    0x00B8, 0x00B9, 0x00F7, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x0000, // 0xB8
    0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, // 0xC0
    0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, // 0xC8
    0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, // 0xD0
    0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x2017, // 0xD8
    0x05D0, 0x05D1, 0x05D2, 0x05D3, 0x05D4, 0x05D5, 0x05D6, 0x05D7, // 0xE0
    0x05D8, 0x05D9, 0x05DA, 0x05DB, 0x05DC, 0x05DD, 0x05DE, 0x05DF, // 0xE8
    0x05E0, 0x05E1, 0x05E2, 0x05E3, 0x05E4, 0x05E5, 0x05E6, 0x05E7, // 0xF0
    0x05E8, 0x05E9, 0x05EA, 0x0000, 0x0000, 0x200E, 0x200F, 0x0000, // 0xF8
];

/// IA5 / ASCII.
pub(crate) fn ia5(c: char) -> Option<u8> {
    u8::try_from(u32::from(c)).ok().filter(|b| b.is_ascii())
}

/// ISO-8859-1.
pub(crate) fn latin1(c: char) -> Option<u8> {
    u8::try_from(u32::from(c)).ok()
}

fn high(table: &[u16; 96], c: char) -> Option<u8> {
    let u = u32::from(c);
    if u < 0xA0 {
        return Some(u as u8);
    }
    let u = u16::try_from(u).ok()?;
    table
        .iter()
        .position(|&t| t == u && t != 0)
        .map(|i| 0xA0 + i as u8)
}

/// ISO-8859-5.
pub(crate) fn cyrillic(c: char) -> Option<u8> {
    high(&ISO_8859_5_HIGH, c)
}

/// ISO-8859-8.
pub(crate) fn hebrew(c: char) -> Option<u8> {
    high(&ISO_8859_8_HIGH, c)
}

/// Decodes the octet at `pos`.
#[inline]
pub(crate) fn decode_at(
    data: &[u8],
    charset: Charset,
    pos: usize,
) -> Option<Result<(char, usize), TextError>> {
    let b = *data.get(pos)?;
    let u = match charset {
        Charset::Ia5 if b.is_ascii() => u16::from(b),
        Charset::Ia5 => 0xFFFF,
        Charset::Latin1 => u16::from(b),
        _ if b < 0xA0 => u16::from(b),
        Charset::Cyrillic => ISO_8859_5_HIGH.get(usize::from(b - 0xA0)).copied()?,
        Charset::Hebrew => ISO_8859_8_HIGH.get(usize::from(b - 0xA0)).copied()?,
    };
    let defined = u != 0xFFFF && (u != 0 || b == 0);
    match char::from_u32(u32::from(u)).filter(|_| defined) {
        Some(c) => Some(Ok((c, 1))),
        None => Some(Err(TextError::Undecodable {
            offset: pos,
            reason: Undecodable::Undefined,
        })),
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::prelude::rust_2021::*;

    use super::super::{decode, encode, Encoding};
    use super::*;

    /// Every octet that decodes re-encodes to itself; holes are errors.
    #[test]
    fn every_octet() {
        for (enc, holes) in [
            (Encoding::Ia5, 128),
            (Encoding::Latin1, 0),
            (Encoding::Cyrillic, 0),
            (Encoding::Hebrew, 36),
        ] {
            let mut undefined = 0;
            for b in 0..=255u8 {
                match decode(&[b], enc).next().unwrap() {
                    Ok(c) => {
                        let mut out = [0u8; 1];
                        let n = encode(c.encode_utf8(&mut [0; 4]), enc, &mut out).unwrap();
                        assert_eq!(&out[..n], [b], "{enc:?} {b:#x}");
                    }
                    Err(_) => undefined += 1,
                }
            }
            assert_eq!(undefined, holes, "{enc:?}");
        }
    }

    /// Entries checked against the Unicode mapping files 8859-5.TXT and 8859-8.TXT.
    #[test]
    fn spot_checks() {
        assert_eq!(cyrillic('Ё'), Some(0xA1));
        assert_eq!(cyrillic('№'), Some(0xF0));
        assert_eq!(cyrillic('я'), Some(0xEF));
        assert_eq!(cyrillic('§'), Some(0xFD));
        assert_eq!(cyrillic('ü'), None);
        assert_eq!(hebrew('א'), Some(0xE0));
        assert_eq!(hebrew('ת'), Some(0xFA));
        assert_eq!(hebrew('×'), Some(0xAA));
        assert_eq!(hebrew('\u{200F}'), Some(0xFE));
        assert_eq!(hebrew('ü'), None);
        assert_eq!(ia5('~'), Some(0x7E));
        assert_eq!(ia5('é'), None);
        assert_eq!(latin1('ÿ'), Some(0xFF));
        assert_eq!(latin1('€'), None);
    }
}
