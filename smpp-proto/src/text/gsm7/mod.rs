//! The GSM 7 bit alphabets (3GPP TS 23.038 §6.2.1, §6.2.1.1, Annex A) and
//! septet packing (TS 23.038 §6.1.2.1, TS 23.040 §9.2.3.24 fill bits).
//!
//! Read before editing: TS 23.038 §6.2.1.1 (the escape 0x1B to the single
//! shift table), §6.2.1.2 (national language locking and single shift
//! tables, announced in the user data header by IEs 0x25 and 0x24 of
//! TS 23.040 §9.2.3.24.15–16), §6.1.2.3.1 (CR padding). The tables live in
//! `tables.rs`.

mod tables;

use super::{Code, Packed, TextError, Undecodable};

/// The escape to the single shift table (TS 23.038 §6.2.1.1).
pub(crate) const ESC: u8 = 0x1B;
/// Carriage return, the padding septet of TS 23.038 §6.1.2.3.1.
const CR: u8 = 0x0D;

/// A national language of TS 23.038 Annex A, by its National Language
/// Identifier (TS 23.038 §6.2.1.2.4).
///
/// Every language has a single shift table; all but Spanish have a locking
/// shift table. The GSM 7 bit default alphabet is `Default` (identifier 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
#[repr(u8)]
pub enum NationalLanguage {
    /// The GSM 7 bit default alphabet and its extension table (0).
    #[default]
    Default = 0,
    /// Turkish (1).
    Turkish = 1,
    /// Spanish (2): single shift table only.
    Spanish = 2,
    /// Portuguese (3).
    Portuguese = 3,
    /// Bengali (4).
    Bengali = 4,
    /// Gujarati (5).
    Gujarati = 5,
    /// Hindi (6).
    Hindi = 6,
    /// Kannada (7).
    Kannada = 7,
    /// Malayalam (8).
    Malayalam = 8,
    /// Oriya (9).
    Oriya = 9,
    /// Punjabi (10).
    Punjabi = 10,
    /// Tamil (11).
    Tamil = 11,
    /// Telugu (12).
    Telugu = 12,
    /// Urdu (13).
    Urdu = 13,
}

impl NationalLanguage {
    /// Every language, in identifier order.
    pub const ALL: [NationalLanguage; 14] = [
        NationalLanguage::Default,
        NationalLanguage::Turkish,
        NationalLanguage::Spanish,
        NationalLanguage::Portuguese,
        NationalLanguage::Bengali,
        NationalLanguage::Gujarati,
        NationalLanguage::Hindi,
        NationalLanguage::Kannada,
        NationalLanguage::Malayalam,
        NationalLanguage::Oriya,
        NationalLanguage::Punjabi,
        NationalLanguage::Tamil,
        NationalLanguage::Telugu,
        NationalLanguage::Urdu,
    ];

    /// The National Language Identifier.
    pub const fn id(self) -> u8 {
        self as u8
    }

    /// The language with this identifier, `None` if reserved.
    pub const fn from_id(id: u8) -> Option<NationalLanguage> {
        match id {
            0 => Some(NationalLanguage::Default),
            1 => Some(NationalLanguage::Turkish),
            2 => Some(NationalLanguage::Spanish),
            3 => Some(NationalLanguage::Portuguese),
            4 => Some(NationalLanguage::Bengali),
            5 => Some(NationalLanguage::Gujarati),
            6 => Some(NationalLanguage::Hindi),
            7 => Some(NationalLanguage::Kannada),
            8 => Some(NationalLanguage::Malayalam),
            9 => Some(NationalLanguage::Oriya),
            10 => Some(NationalLanguage::Punjabi),
            11 => Some(NationalLanguage::Tamil),
            12 => Some(NationalLanguage::Telugu),
            13 => Some(NationalLanguage::Urdu),
            _ => None,
        }
    }

    /// `false` for Spanish, which has no locking shift table (TS 23.038 A.3.2).
    pub const fn has_locking_shift(self) -> bool {
        !matches!(self, NationalLanguage::Spanish)
    }

    /// The locking shift table; Spanish falls back to the default alphabet.
    const fn locking(self) -> &'static [u16; 128] {
        use tables::*;
        match self {
            NationalLanguage::Default | NationalLanguage::Spanish => &DEFAULT_LOCKING,
            NationalLanguage::Turkish => &TURKISH_LOCKING,
            NationalLanguage::Portuguese => &PORTUGUESE_LOCKING,
            NationalLanguage::Bengali => &BENGALI_LOCKING,
            NationalLanguage::Gujarati => &GUJARATI_LOCKING,
            NationalLanguage::Hindi => &HINDI_LOCKING,
            NationalLanguage::Kannada => &KANNADA_LOCKING,
            NationalLanguage::Malayalam => &MALAYALAM_LOCKING,
            NationalLanguage::Oriya => &ORIYA_LOCKING,
            NationalLanguage::Punjabi => &PUNJABI_LOCKING,
            NationalLanguage::Tamil => &TAMIL_LOCKING,
            NationalLanguage::Telugu => &TELUGU_LOCKING,
            NationalLanguage::Urdu => &URDU_LOCKING,
        }
    }

    /// The single shift table.
    const fn single_shift(self) -> &'static [u16; 128] {
        use tables::*;
        match self {
            NationalLanguage::Default => &DEFAULT_SINGLE_SHIFT,
            NationalLanguage::Turkish => &TURKISH_SINGLE_SHIFT,
            NationalLanguage::Spanish => &SPANISH_SINGLE_SHIFT,
            NationalLanguage::Portuguese => &PORTUGUESE_SINGLE_SHIFT,
            NationalLanguage::Bengali => &BENGALI_SINGLE_SHIFT,
            NationalLanguage::Gujarati => &GUJARATI_SINGLE_SHIFT,
            NationalLanguage::Hindi => &HINDI_SINGLE_SHIFT,
            NationalLanguage::Kannada => &KANNADA_SINGLE_SHIFT,
            NationalLanguage::Malayalam => &MALAYALAM_SINGLE_SHIFT,
            NationalLanguage::Oriya => &ORIYA_SINGLE_SHIFT,
            NationalLanguage::Punjabi => &PUNJABI_SINGLE_SHIFT,
            NationalLanguage::Tamil => &TAMIL_SINGLE_SHIFT,
            NationalLanguage::Telugu => &TELUGU_SINGLE_SHIFT,
            NationalLanguage::Urdu => &URDU_SINGLE_SHIFT,
        }
    }
}

/// The pair of tables a GSM 7 bit message is written with.
///
/// Anything but the default needs a user data header: IE 0x25 names the
/// locking shift table, IE 0x24 the single shift table (TS 23.040
/// §9.2.3.24.15–16), three octets each ([`Gsm7Tables::udh_octets`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Gsm7Tables {
    /// The locking shift table: what plain septets mean.
    pub locking: NationalLanguage,
    /// The single shift table: what a septet after the escape 0x1B means.
    pub single_shift: NationalLanguage,
}

impl Gsm7Tables {
    /// The default alphabet and its extension table.
    pub const DEFAULT: Gsm7Tables = Gsm7Tables {
        locking: NationalLanguage::Default,
        single_shift: NationalLanguage::Default,
    };

    /// The given locking and single shift tables.
    pub const fn new(locking: NationalLanguage, single_shift: NationalLanguage) -> Self {
        Gsm7Tables {
            locking,
            single_shift,
        }
    }

    /// A language's locking and single shift tables (Spanish: the default
    /// alphabet with the Spanish single shift table).
    pub const fn language(language: NationalLanguage) -> Self {
        let locking = if language.has_locking_shift() {
            language
        } else {
            NationalLanguage::Default
        };
        Gsm7Tables {
            locking,
            single_shift: language,
        }
    }

    /// Octets the user data header needs to announce these tables: three
    /// for each non-default table (IEI, length 1, language), not counting
    /// the UDHL octet.
    pub const fn udh_octets(self) -> usize {
        let mut n = 0;
        if self.has_locking_ie() {
            n += 3;
        }
        if !matches!(self.single_shift, NationalLanguage::Default) {
            n += 3;
        }
        n
    }

    /// `true` when IE 0x25 must announce the locking shift table (not for
    /// the default alphabet, nor for Spanish, which has no such table).
    pub const fn has_locking_ie(self) -> bool {
        !matches!(self.locking, NationalLanguage::Default) && self.locking.has_locking_shift()
    }

    /// `true` for the default alphabet and extension table.
    pub const fn is_default(self) -> bool {
        self.udh_octets() == 0
    }
}

/// Fill bits between a user data header of `udh_len` octets (UDHL octet
/// included) and the first septet, so that it starts on a septet boundary
/// (TS 23.040 §9.2.3.24): 1 after the 6-octet concatenation header, 0 when
/// there is no header.
pub const fn fill_bits(udh_len: usize) -> u8 {
    ((7 - (udh_len * 8) % 7) % 7) as u8
}

/// Default alphabet and extension table for U+0000..=U+00FF: the basic
/// code, `0x80 | code` for the extension table, `0xFF` when absent.
static DEFAULT_LATIN: [u8; 256] = default_latin();

#[allow(clippy::indexing_slicing)] // reason: const evaluation; a bad index fails the build
const fn default_latin() -> [u8; 256] {
    let mut r = [0xFFu8; 256];
    let mut i = 0;
    while i < 128 {
        let c = tables::DEFAULT_SINGLE_SHIFT[i];
        if c != 0 && c < 256 {
            r[c as usize] = 0x80 | i as u8;
        }
        i += 1;
    }
    let mut i = 0;
    while i < 128 {
        let c = tables::DEFAULT_LOCKING[i];
        if c != 0 && c < 256 {
            r[c as usize] = i as u8;
        }
        i += 1;
    }
    r
}

/// The septet of `table` holding `c`, the lowest if it repeats.
#[inline]
fn position(table: &[u16; 128], c: u16) -> Option<u8> {
    // Position 0x1B is 0 in every table and `c` is never 0 here.
    table.iter().position(|&t| t == c).map(|i| i as u8)
}

/// Encodes one character with `tables`: a septet of the locking shift table,
/// else an escaped septet of the single shift table.
#[inline]
pub(crate) fn encode_char(tables: Gsm7Tables, c: char) -> Option<Code> {
    let u = u32::from(c);
    if tables.is_default() && u < 256 {
        let v = *DEFAULT_LATIN.get(u as usize)?;
        return match v {
            0xFF => None,
            v if v & 0x80 != 0 => Some(Code::Escaped(v & 0x7F)),
            v => Some(Code::Septet(v)),
        };
    }
    // Every table character is in the BMP; U+0000 is in none.
    let u = u16::try_from(u).ok().filter(|&u| u != 0)?;
    if let Some(s) = position(tables.locking.locking(), u) {
        return Some(Code::Septet(s));
    }
    position(tables.single_shift.single_shift(), u).map(Code::Escaped)
}

/// Where septets come from: one per octet, or packed.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy)]
pub(crate) enum Septets<'a> {
    Unpacked(&'a [u8]),
    Packed {
        data: &'a [u8],
        fill: u8,
        /// Septets to read.
        count: usize,
        /// The caller announced more septets than the data holds.
        truncated: bool,
    },
}

impl<'a> Septets<'a> {
    /// Packed septets after `fill` bits; `count` known or derived.
    pub(crate) fn packed(data: &'a [u8], fill: u8, count: Option<usize>) -> Self {
        let fill = fill % 8;
        let bits = (data.len() * 8).saturating_sub(fill as usize);
        let available = bits / 7;
        let (count, truncated) = match count {
            Some(n) => (n.min(available), n > available),
            None => {
                let mut n = available;
                // TS 23.038 §6.1.2.3.1: a final septet that exactly fills the
                // last octet's 7 spare bits is padding if it is CR, or zeros
                // from a sender that did not use CR; not when it completes
                // an escape sequence.
                if n > 0 && bits % 7 == 0 {
                    if let Some(CR | 0) = packed_at(data, fill, n - 1) {
                        if !ends_in_escape_pair(data, fill, n) {
                            n -= 1;
                        }
                    }
                }
                (n, false)
            }
        };
        Septets::Packed {
            data,
            fill,
            count,
            truncated,
        }
    }

    fn len(&self) -> usize {
        match self {
            Septets::Unpacked(d) => d.len(),
            Septets::Packed { count, .. } => *count,
        }
    }

    fn get(&self, i: usize) -> Option<u8> {
        match self {
            Septets::Unpacked(d) => d.get(i).copied(),
            Septets::Packed {
                data, fill, count, ..
            } => {
                if i < *count {
                    packed_at(data, *fill, i)
                } else {
                    None
                }
            }
        }
    }
}

/// `true` when the last of `n` packed septets is the second half of an
/// escape sequence.
fn ends_in_escape_pair(data: &[u8], fill: u8, n: usize) -> bool {
    let mut i = 0;
    while i + 1 < n {
        if packed_at(data, fill, i) == Some(ESC) {
            if i + 2 == n {
                return true;
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

/// The septet at index `i` of packed data after `fill` bits.
#[inline]
fn packed_at(data: &[u8], fill: u8, i: usize) -> Option<u8> {
    let bit = fill as usize + i * 7;
    let lo = *data.get(bit / 8)? as u16;
    let hi = data.get(bit / 8 + 1).copied().unwrap_or(0) as u16;
    Some((((hi << 8 | lo) >> (bit % 8)) & 0x7F) as u8)
}

/// Decodes the character at septet index `pos`: `None` at the end, else the
/// character and the septets it took.
#[inline]
pub(crate) fn decode_at(
    septets: &Septets<'_>,
    tables: Gsm7Tables,
    pos: usize,
) -> Option<Result<(char, usize), TextError>> {
    let err = |offset, reason| Some(Err(TextError::Undecodable { offset, reason }));
    let Some(s) = septets.get(pos) else {
        if let Septets::Packed {
            truncated: true, ..
        } = septets
        {
            if pos == septets.len() {
                return err(pos, Undecodable::Truncated);
            }
        }
        return None;
    };
    if s > 0x7F {
        return err(pos, Undecodable::NotSeptet);
    }
    let (table, code, used) = if s == ESC {
        match septets.get(pos + 1) {
            None => {
                return err(pos, Undecodable::TruncatedEscape);
            }
            Some(t) if t > 0x7F => return err(pos + 1, Undecodable::NotSeptet),
            Some(t) => (tables.single_shift.single_shift(), t, 2),
        }
    } else {
        (tables.locking.locking(), s, 1)
    };
    let u = table.get(code as usize).copied().unwrap_or(0);
    match char::from_u32(u32::from(u)).filter(|_| u != 0) {
        Some(c) => Some(Ok((c, used))),
        None if used == 2 => err(pos, Undecodable::UndefinedEscape),
        None => err(pos, Undecodable::Undefined),
    }
}

/// Packs septets LSB first into a caller buffer (TS 23.038 §6.1.2.1).
pub(crate) struct PackWriter<'a> {
    out: &'a mut [u8],
    /// Octets written.
    n: usize,
    /// Pending bits, LSB first.
    acc: u32,
    bits: u32,
    septets: usize,
    last: u8,
    /// The next septet completes an escape sequence.
    escaping: bool,
    /// The last septet completed an escape sequence.
    last_escaped: bool,
}

impl<'a> PackWriter<'a> {
    /// A writer whose first septet starts after `fill` zero bits.
    pub(crate) fn new(out: &'a mut [u8], fill: u8) -> Self {
        PackWriter {
            out,
            n: 0,
            acc: 0,
            bits: u32::from(fill % 8),
            septets: 0,
            last: 0,
            escaping: false,
            last_escaped: false,
        }
    }

    fn put(&mut self, b: u8) -> Result<(), TextError> {
        *self.out.get_mut(self.n).ok_or(TextError::BufferTooSmall)? = b;
        self.n += 1;
        Ok(())
    }

    /// Appends one septet.
    pub(crate) fn push(&mut self, s: u8) -> Result<(), TextError> {
        self.acc |= u32::from(s & 0x7F) << self.bits;
        self.bits += 7;
        self.septets += 1;
        self.last = s;
        self.last_escaped = self.escaping;
        self.escaping = !self.escaping && s == ESC;
        while self.bits >= 8 {
            self.put(self.acc as u8)?;
            self.acc >>= 8;
            self.bits -= 8;
        }
        Ok(())
    }

    /// Flushes the last octet, applying the CR rules of TS 23.038 §6.1.2.3.1.
    pub(crate) fn finish(mut self) -> Result<Packed, TextError> {
        if self.septets == 0 {
            // No septets, so no fill bits either.
            return Ok(Packed {
                octets: 0,
                septets: 0,
            });
        }
        if self.bits == 0 && self.last == CR && !self.last_escaped {
            // A wanted CR ends on an octet boundary: a receiver would take it
            // for padding, so send a second one.
            self.push(CR)?;
        }
        let septets = self.septets;
        if self.bits == 1 {
            // 7 spare bits: pad with CR rather than zeros ('@').
            self.acc |= u32::from(CR) << 1;
            self.bits = 8;
        }
        if self.bits > 0 {
            self.put(self.acc as u8)?;
        }
        Ok(Packed {
            octets: self.n,
            septets,
        })
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::prelude::rust_2021::*;
    use std::vec;

    use super::super::{decode, decode_packed, encode, encode_packed, Encoding};
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    fn decode_all(d: super::super::Decoder<'_>) -> Result<String, TextError> {
        d.collect()
    }

    #[test]
    fn fill_bits_after_udh() {
        assert_eq!(fill_bits(0), 0);
        assert_eq!(fill_bits(6), 1); // 8-bit concatenation header
        assert_eq!(fill_bits(7), 0); // 16-bit concatenation header: 56 bits
        assert_eq!(fill_bits(9), 5);
        assert_eq!(fill_bits(12), 2);
    }

    #[test]
    fn default_alphabet_every_code() {
        for s in 0u8..128 {
            let c = tables::DEFAULT_LOCKING[s as usize];
            if s == ESC {
                assert_eq!(c, 0);
                continue;
            }
            let c = char::from_u32(c as u32).unwrap();
            assert_eq!(
                encode_char(Gsm7Tables::DEFAULT, c),
                Some(Code::Septet(s)),
                "{c}"
            );
        }
        for (s, c) in [
            (0x14, '^'),
            (0x28, '{'),
            (0x40, '|'),
            (0x65, '€'),
            (0x0A, '\x0C'),
        ] {
            assert_eq!(encode_char(Gsm7Tables::DEFAULT, c), Some(Code::Escaped(s)));
        }
        for c in ['`', 'ç', '\0', '\x1B', 'Á', '😀'] {
            assert_eq!(encode_char(Gsm7Tables::DEFAULT, c), None, "{c:?}");
        }
    }

    /// A few entries of each national table, read off TS 23.038 Annex A and
    /// checked against Android's GsmAlphabet.java.
    #[test]
    fn national_table_spot_checks() {
        use NationalLanguage::*;
        let lock = |l: NationalLanguage, s: usize| l.locking()[s];
        let single = |l: NationalLanguage, s: usize| l.single_shift()[s];
        assert_eq!(lock(Turkish, 0x04), '€' as u16);
        assert_eq!(lock(Turkish, 0x07), 'ı' as u16);
        assert_eq!(lock(Turkish, 0x40), 'İ' as u16);
        assert_eq!(lock(Turkish, 0x60), 'ç' as u16);
        assert_eq!(single(Turkish, 0x47), 'Ğ' as u16);
        assert_eq!(single(Turkish, 0x73), 'ş' as u16);
        assert_eq!(single(Spanish, 0x09), 'ç' as u16);
        assert_eq!(single(Spanish, 0x41), 'Á' as u16);
        assert_eq!(single(Spanish, 0x75), 'ú' as u16);
        assert_eq!(lock(Portuguese, 0x15), '∞' as u16);
        assert_eq!(lock(Portuguese, 0x5B), 'Ã' as u16);
        assert_eq!(lock(Portuguese, 0x7D), '`' as u16);
        assert_eq!(single(Portuguese, 0x05), 'ê' as u16);
        assert_eq!(single(Portuguese, 0x12), 'Φ' as u16);
        assert_eq!(lock(Bengali, 0x00), 0x0981);
        assert_eq!(lock(Bengali, 0x28), ')' as u16); // the parentheses are swapped
        assert_eq!(lock(Bengali, 0x29), '(' as u16);
        assert_eq!(lock(Bengali, 0x7F), 0x09F1);
        assert_eq!(single(Bengali, 0x19), 0x09E6);
        assert_eq!(single(Bengali, 0x41), 'A' as u16);
        assert_eq!(lock(Gujarati, 0x01), 0x0A82);
        assert_eq!(single(Gujarati, 0x19), 0x0964);
        assert_eq!(lock(Hindi, 0x40), 0x092C);
        assert_eq!(lock(Hindi, 0x7F), 0x097F);
        assert_eq!(single(Hindi, 0x24), 0x096E);
        assert_eq!(single(Hindi, 0x2C), 0x0958);
        assert_eq!(lock(Kannada, 0x00), 0);
        assert_eq!(lock(Kannada, 0x24), 0x0CA1); // see tables.rs
        assert_eq!(lock(Kannada, 0x3D), 0x0CAA);
        assert_eq!(lock(Malayalam, 0x2E), '.' as u16);
        assert_eq!(lock(Malayalam, 0x7F), 0x0D79);
        assert_eq!(single(Oriya, 0x20), 0x0B6A);
        assert_eq!(lock(Punjabi, 0x09), 0);
        assert_eq!(lock(Punjabi, 0x7F), 0x0A74);
        assert_eq!(lock(Tamil, 0x11), 0); // U+0B91 in one transcription: unassigned
        assert_eq!(lock(Tamil, 0x7F), 0x0BF9);
        assert_eq!(single(Telugu, 0x1C), 0x0C66);
        assert_eq!(single(Telugu, 0x65), '€' as u16); // see tables.rs
        assert_eq!(lock(Urdu, 0x00), 0x0627);
        assert_eq!(lock(Urdu, 0x7F), 0x0670);
        assert_eq!(single(Urdu, 0x19), 0x0600);
        for l in NationalLanguage::ALL {
            assert_eq!(l.locking()[ESC as usize], 0);
            assert_eq!(l.single_shift()[ESC as usize], 0);
            assert_eq!(l.single_shift()[0x0A], 0x0C, "{l:?} page break");
            assert_eq!(l.single_shift()[0x65], '€' as u16, "{l:?} euro");
            assert_eq!(lock(l, 0x0A), 0x0A, "{l:?} LF");
            assert_eq!(lock(l, 0x0D), 0x0D, "{l:?} CR");
        }
    }

    #[test]
    fn national_tables_round_trip_every_code() {
        for locking in NationalLanguage::ALL {
            for single_shift in NationalLanguage::ALL {
                let tables = Gsm7Tables::new(locking, single_shift);
                let enc = Encoding::Gsm7(tables);
                for s in 0u8..128 {
                    let mut octets = vec![s];
                    if s == ESC {
                        continue;
                    }
                    let c = locking.locking()[s as usize];
                    let c2 = single_shift.single_shift()[s as usize];
                    if c != 0 {
                        let ch = char::from_u32(c as u32).unwrap();
                        let d: String = decode_all(decode(&octets, enc)).unwrap();
                        assert_eq!(d, ch.to_string());
                        let mut buf = [0u8; 2];
                        let n = encode(&d, enc, &mut buf).unwrap();
                        // Re-encoding gives this code or an equivalent one.
                        let again = decode_all(decode(&buf[..n], enc)).unwrap();
                        assert_eq!(again, d);
                    }
                    octets.insert(0, ESC);
                    let d = decode_all(decode(&octets, enc));
                    if c2 != 0 {
                        assert_eq!(d.unwrap(), char::from_u32(c2 as u32).unwrap().to_string());
                    } else {
                        assert_eq!(
                            d,
                            Err(TextError::Undecodable {
                                offset: 0,
                                reason: Undecodable::UndefinedEscape
                            })
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn locking_table_is_preferred_to_escape() {
        // Portuguese '^' is 0x16 in the locking table and ESC 0x14 in its
        // single shift table.
        let t = Gsm7Tables::language(NationalLanguage::Portuguese);
        assert_eq!(encode_char(t, '^'), Some(Code::Septet(0x16)));
        // Bengali '¡' repeats at 0x13 and 0x15 of its single shift table.
        let t = Gsm7Tables::new(NationalLanguage::Default, NationalLanguage::Bengali);
        assert_eq!(encode_char(t, '¡'), Some(Code::Septet(0x40)));
        let t = Gsm7Tables::language(NationalLanguage::Bengali);
        assert_eq!(encode_char(t, '¡'), Some(Code::Escaped(0x13)));
        assert_eq!(encode_char(t, '@'), Some(Code::Escaped(0x00)));
        assert_eq!(encode_char(t, 'A'), Some(Code::Escaped(0x41)));
        assert_eq!(encode_char(t, 'a'), Some(Code::Septet(0x61)));
    }

    #[test]
    fn spanish_has_no_locking_table() {
        let t = Gsm7Tables::language(NationalLanguage::Spanish);
        assert_eq!(t.locking, NationalLanguage::Default);
        assert_eq!(t.udh_octets(), 3);
        assert_eq!(
            Gsm7Tables::language(NationalLanguage::Hindi).udh_octets(),
            6
        );
        assert_eq!(Gsm7Tables::DEFAULT.udh_octets(), 0);
    }

    #[test]
    fn packing() {
        let mut out = [0xa5u8; 16];
        let p = encode_packed("12345678", Gsm7Tables::DEFAULT, 0, &mut out).unwrap();
        assert_eq!(&out[..p.octets], hex("31d98c56b3dd70"));
        // 7 septets: 7 spare bits hold a CR, not zeros.
        let p = encode_packed("1234567", Gsm7Tables::DEFAULT, 0, &mut out).unwrap();
        assert_eq!(&out[..p.octets], hex("31d98c56b3dd1a"));
        assert_eq!(p.septets, 7);
        // A wanted final CR on an octet boundary is doubled.
        let p = encode_packed("1234567\r", Gsm7Tables::DEFAULT, 0, &mut out).unwrap();
        assert_eq!(p.septets, 9);
        let d: String = decode_all(decode_packed(
            &out[..p.octets],
            Gsm7Tables::DEFAULT,
            0,
            None,
        ))
        .unwrap();
        assert_eq!(d, "1234567\r\r");
        // Behind a 6-octet UDH: one fill bit.
        let p = encode_packed("g", Gsm7Tables::DEFAULT, 1, &mut out).unwrap();
        assert_eq!(&out[..p.octets], [0xCE]);
        let p = encode_packed("", Gsm7Tables::DEFAULT, 1, &mut out).unwrap();
        assert_eq!(p.octets, 0);
        assert_eq!(
            encode_packed("12345678", Gsm7Tables::DEFAULT, 0, &mut out[..6]),
            Err(TextError::BufferTooSmall)
        );
    }

    #[test]
    fn packed_septet_count() {
        let data = hex("31d98c56b3dd00");
        let t = Gsm7Tables::DEFAULT;
        assert_eq!(
            decode_all(decode_packed(&data, t, 0, None)).unwrap(),
            "1234567"
        );
        assert_eq!(
            decode_all(decode_packed(&data, t, 0, Some(7))).unwrap(),
            "1234567"
        );
        assert_eq!(
            decode_all(decode_packed(&data, t, 0, Some(8))).unwrap(),
            "1234567@"
        );
        assert_eq!(
            decode_all(decode_packed(&data, t, 0, Some(9))),
            Err(TextError::Undecodable {
                offset: 8,
                reason: Undecodable::Truncated
            })
        );
        let cr = hex("31d98c56b3dd1a");
        assert_eq!(
            decode_all(decode_packed(&cr, t, 0, None)).unwrap(),
            "1234567"
        );
        // 6 spare bits: no padding question.
        let data = hex("31d98c56b301");
        assert_eq!(
            decode_all(decode_packed(&data, t, 0, None)).unwrap(),
            "123456"
        );
    }

    #[test]
    fn escape_errors() {
        let t = Encoding::GSM7;
        assert_eq!(
            decode_all(decode(&[0x31, 0x1B], t)),
            Err(TextError::Undecodable {
                offset: 1,
                reason: Undecodable::TruncatedEscape
            })
        );
        assert_eq!(
            decode_all(decode(&[0x1B, 0x80], t)),
            Err(TextError::Undecodable {
                offset: 1,
                reason: Undecodable::NotSeptet
            })
        );
        assert_eq!(
            decode_all(decode(&[0x1B, 0x1B], t)),
            Err(TextError::Undecodable {
                offset: 0,
                reason: Undecodable::UndefinedEscape
            })
        );
        let hole = Encoding::Gsm7(Gsm7Tables::language(NationalLanguage::Kannada));
        assert_eq!(
            decode_all(decode(&[0x00], hole)),
            Err(TextError::Undecodable {
                offset: 0,
                reason: Undecodable::Undefined
            })
        );
    }
}
