//! Text encodings of short messages: what `data_coding` means and how text
//! becomes `short_message` octets and back.
//!
//! Read before editing: SMPP 3.4 §5.2.19 (data_coding), 3GPP TS 23.038 §4
//! (SMS data coding scheme), §6.1.2 (7 bit packing, fill bits, CR padding),
//! §6.2 and Annex A (the GSM 7 bit alphabets and national language tables),
//! 3GPP TS 23.040 §9.2.3.24 (user data header, fill bits after it).
//!
//! - [`DataCoding`] interprets a `data_coding` octet: the [`Alphabet`], the
//!   [`MessageClass`] (class 0 is a "flash" message), compression, message
//!   waiting indications.
//! - [`Encoding`] names the text encodings this module writes and reads:
//!   the GSM 7 bit alphabet with its [`Gsm7Tables`] (default or
//!   [`NationalLanguage`] shift tables), IA5/ASCII, Latin-1, ISO-8859-5,
//!   ISO-8859-8 and UCS-2 (UTF-16BE with surrogate pairs); with the `cjk`
//!   feature also Shift_JIS, ISO-2022-JP, EUC-JP and EUC-KR for the
//!   far-east values of SMPP 3.4 §5.2.19 (see `Encoding::ShiftJis`);
//!   the SMPP 5.0 pictogram value as bare octets, on request
//!   ([`Encoding::Pictogram`]).
//! - [`DataCodingMap`] says what `data_coding` values mean on one link:
//!   what 0 means (the SMSC default alphabet, which some SMSCs take for
//!   Latin-1 or ASCII) and per-value overrides, both ways.
//! - [`encode`] writes text into a caller buffer, one septet per octet for
//!   GSM 7 bit (the common form of `data_coding` 0 on SMPP); [`encode_packed`]
//!   packs septets behind a user data header with fill bits.
//! - [`decode`] and [`decode_packed`] return a [`Decoder`], an iterator of
//!   `Result<char, TextError>`; [`decode_into`] writes UTF-8 into a caller
//!   buffer. Undecodable input is an error with its offset, never replaced.
//! - [`encodable`] and [`cost`] answer "can this encoding carry the text" and
//!   "how many code units"; [`choose`] picks the cheapest encoding among those
//!   the caller [`Allowed`] and tells how many parts the text needs (see
//!   [`crate::concat`]).
//!
//! ```
//! use smpp_proto::text::{self, Encoding};
//!
//! let mut sm = [0u8; 160];
//! let n = text::encode("Price: 5€ {net}", Encoding::GSM7, &mut sm).unwrap();
//! assert_eq!(n, 18); // '€', '{' and '}' take an escape septet each
//!
//! let mut utf8 = [0u8; 64];
//! let back = text::decode_into(&sm[..n], Encoding::GSM7, &mut utf8).unwrap();
//! assert_eq!(back, "Price: 5€ {net}");
//! ```

mod choose;
#[cfg(feature = "cjk")]
mod cjk;
mod data_coding;
mod gsm7;
mod octet;
mod ucs2;

use core::fmt;

pub use choose::{choose, Allowed, Choice};
pub use data_coding::{
    Alphabet, DataCoding, DataCodingMap, IndicationType, MessageClass, MessageWaiting,
};
pub use gsm7::{fill_bits, Gsm7Tables, NationalLanguage};

/// A text encoding this module can write and read.
///
/// Each maps to one SMPP `data_coding` value ([`Encoding::data_coding`]);
/// [`DataCoding::encoding`] goes the other way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Encoding {
    /// The GSM 7 bit alphabet (TS 23.038 §6.2.1) with the given locking and
    /// single shift tables (`data_coding` 0x00). National tables need a user
    /// data header announcing them (TS 23.040 §9.2.3.24.15–16).
    Gsm7(Gsm7Tables),
    /// IA5 / ASCII, `data_coding` 0x01: code points U+0000..=U+007F.
    Ia5,
    /// ISO-8859-1, `data_coding` 0x03: code points U+0000..=U+00FF.
    Latin1,
    /// ISO-8859-5 (Latin/Cyrillic), `data_coding` 0x06.
    Cyrillic,
    /// ISO-8859-8 (Latin/Hebrew), `data_coding` 0x07.
    Hebrew,
    /// UCS-2, `data_coding` 0x08, written as UTF-16BE: characters outside the
    /// Basic Multilingual Plane (emoji) take a surrogate pair.
    Ucs2,
    /// Pictogram encoding, `data_coding` 0x09 (SMPP 5.0 §4.7.7). No public
    /// standard defines it (operators had their own emoji tables), so the
    /// octets are carried as they are: octet `n` reads as U+00nn and
    /// U+0000..=U+00FF write back as the same octet, like Latin-1, so the
    /// bytes survive a decode and an encode unchanged for an application
    /// that maps them itself. [`choose`] never picks it, and
    /// [`DataCoding::encoding`] leaves 0x09 opaque ([`TextError::NotText`])
    /// unless a [`DataCodingMap`] override names this encoding.
    Pictogram,
    /// Shift_JIS, `data_coding` 0x05 "JIS (X 0208-1990)" (SMPP 3.4 §5.2.19):
    /// one octet for ASCII and half-width katakana, two for JIS X 0208
    /// (`encoding_rs`'s Shift_JIS, the windows-31J variant). 0x05 names a
    /// character set; Shift_JIS is what the smpplib-based gateways put on
    /// the wire for it (some .NET libraries write EUC-JP: see
    /// [`DataCodingMap`]). Needs the `cjk` feature.
    #[cfg(feature = "cjk")]
    ShiftJis,
    /// ISO-2022-JP (RFC 1468), `data_coding` 0x0A "ISO-2022-JP (Music
    /// Codes)": 7-bit, `ESC $ B` selects JIS X 0208 and `ESC ( B` ASCII.
    /// Every text, and every part of a split text, ends in ASCII, so each
    /// part decodes alone. Needs the `cjk` feature.
    #[cfg(feature = "cjk")]
    Iso2022Jp,
    /// EUC-JP, `data_coding` 0x0D "Extended Kanji JIS (X 0212-1990)": reads
    /// JIS X 0208, half-width katakana and JIS X 0212 (behind 0x8F); writes
    /// X 0208 and katakana only (`encoding_rs` has no X 0212 encoder), so a
    /// character only X 0212 has is [`TextError::Unencodable`]. Needs the
    /// `cjk` feature.
    #[cfg(feature = "cjk")]
    EucJp,
    /// EUC-KR, `data_coding` 0x0E "KS C 5601": KS X 1001 in two octets
    /// 0xA1..=0xFE. Reads the windows-949 extension too; writes KS X 1001
    /// only (a hangul syllable outside its 2,350 is unencodable). Needs
    /// the `cjk` feature.
    #[cfg(feature = "cjk")]
    EucKr,
}

impl Encoding {
    /// The GSM 7 bit default alphabet and its extension table.
    pub const GSM7: Encoding = Encoding::Gsm7(Gsm7Tables::DEFAULT);

    /// The SMPP `data_coding` for this encoding, without a message class.
    pub const fn data_coding(self) -> DataCoding {
        match self {
            Encoding::Gsm7(_) => DataCoding::SMSC_DEFAULT,
            Encoding::Ia5 => DataCoding::IA5,
            Encoding::Latin1 => DataCoding::LATIN1,
            Encoding::Cyrillic => DataCoding::CYRILLIC,
            Encoding::Hebrew => DataCoding::LATIN_HEBREW,
            Encoding::Ucs2 => DataCoding::UCS2,
            Encoding::Pictogram => DataCoding::PICTOGRAM,
            #[cfg(feature = "cjk")]
            Encoding::ShiftJis => DataCoding::JIS,
            #[cfg(feature = "cjk")]
            Encoding::Iso2022Jp => DataCoding::ISO_2022_JP,
            #[cfg(feature = "cjk")]
            Encoding::EucJp => DataCoding::EXTENDED_KANJI_JIS,
            #[cfg(feature = "cjk")]
            Encoding::EucKr => DataCoding::KS_C_5601,
        }
    }

    /// The encoding's usual name, for people: "GSM 7-bit", "UCS-2",
    /// "Latin-1", "Shift_JIS", … (SMPP 3.4 §5.2.19 names the data_coding
    /// values, 3GPP TS 23.038 the GSM alphabet).
    pub const fn name(self) -> &'static str {
        match self {
            Encoding::Gsm7(_) => "GSM 7-bit",
            Encoding::Ia5 => "IA5",
            Encoding::Latin1 => "Latin-1",
            Encoding::Cyrillic => "ISO-8859-5",
            Encoding::Hebrew => "ISO-8859-8",
            Encoding::Ucs2 => "UCS-2",
            Encoding::Pictogram => "Pictogram",
            #[cfg(feature = "cjk")]
            Encoding::ShiftJis => "Shift_JIS",
            #[cfg(feature = "cjk")]
            Encoding::Iso2022Jp => "ISO-2022-JP",
            #[cfg(feature = "cjk")]
            Encoding::EucJp => "EUC-JP",
            #[cfg(feature = "cjk")]
            Encoding::EucKr => "EUC-KR",
        }
    }

    /// What one code unit is: a septet, an octet or a UTF-16 unit. The
    /// far-east encodings count octets (a character takes one to five,
    /// ISO-2022-JP escapes included).
    pub const fn unit(self) -> Unit {
        match self {
            Encoding::Gsm7(_) => Unit::Septet,
            Encoding::Ucs2 => Unit::Utf16,
            _ => Unit::Octet,
        }
    }
}

/// The code unit of an encoding, in which [`cost`] counts and part
/// capacities are given (160 septets, 140 octets, 70 UTF-16 units).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Unit {
    /// A GSM 7 bit septet.
    Septet,
    /// An octet.
    Octet,
    /// A UTF-16 code unit (two octets).
    Utf16,
}

/// How GSM 7 bit septets sit in `short_message`.
///
/// SMPP does not say: most SMSCs take one septet per octet for
/// `data_coding` 0 and pack for the air interface themselves; some take the
/// packed form of TS 23.038 §6.1.2.1. The number of characters a part holds
/// is the same either way (it is fixed by the air interface).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Packing {
    /// One septet per octet, the high bit clear.
    #[default]
    Unpacked,
    /// Septets packed LSB first, eight in seven octets, behind fill bits
    /// that align them on a septet boundary after the user data header.
    Packed,
}

/// Why bytes do not decode (see [`TextError::Undecodable`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Undecodable {
    /// An unpacked GSM 7 bit octet with its high bit set.
    NotSeptet,
    /// A code the character set leaves undefined (a GSM national table
    /// hole, an IA5 octet above 0x7F, an ISO-8859-8 hole).
    Undefined,
    /// An escape (0x1B) followed by a code the single shift table leaves
    /// undefined.
    UndefinedEscape,
    /// An escape (0x1B) as the last septet.
    TruncatedEscape,
    /// A UTF-16 surrogate without its other half.
    UnpairedSurrogate,
    /// UCS-2 data of odd length: the last octet is half a code unit.
    OddLength,
    /// The caller said there are more septets than the packed data holds.
    Truncated,
    /// A multi-octet character (Shift_JIS, EUC, ISO-2022-JP) cut short by
    /// the end of the data.
    TruncatedChar,
    /// An ISO-2022-JP escape sequence that selects no set this crate reads.
    UnknownEscape,
}

/// An error of the text encoders and decoders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum TextError {
    /// The encoding cannot represent this character.
    Unencodable {
        /// The character.
        ch: char,
        /// Its byte offset in the text.
        offset: usize,
    },
    /// The input does not decode.
    Undecodable {
        /// Offset of the bad code: an octet offset, or a septet index for
        /// packed GSM 7 bit data.
        offset: usize,
        /// What is wrong.
        reason: Undecodable,
    },
    /// The output buffer is too small.
    BufferTooSmall,
    /// The data coding scheme is not one of the text encodings this module
    /// decodes (8-bit data, compressed, reserved; JIS, ISO-2022-JP and
    /// KS C 5601 without the `cjk` feature).
    NotText(DataCoding),
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextError::Unencodable { ch, offset } => write!(
                f,
                "character {ch:?} (U+{:04X}) at offset {offset} cannot be encoded",
                u32::from(*ch)
            ),
            TextError::Undecodable { offset, reason } => {
                let why = match reason {
                    Undecodable::NotSeptet => "an octet above 0x7F is not a septet",
                    Undecodable::Undefined => "undefined code",
                    Undecodable::UndefinedEscape => "escape to an undefined extension code",
                    Undecodable::TruncatedEscape => "escape without a following septet",
                    Undecodable::UnpairedSurrogate => "unpaired UTF-16 surrogate",
                    Undecodable::OddLength => "odd number of octets in UCS-2 data",
                    Undecodable::Truncated => "fewer septets than announced",
                    Undecodable::TruncatedChar => "multi-octet character cut short",
                    Undecodable::UnknownEscape => "unknown escape sequence",
                };
                write!(f, "cannot decode at offset {offset}: {why}")
            }
            TextError::BufferTooSmall => f.write_str("output buffer too small"),
            TextError::NotText(dc) => write!(f, "data_coding 0x{:02X} is not text", dc.0),
        }
    }
}

impl core::error::Error for TextError {}

/// One encoded character: what the encoders write for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Code {
    /// One septet.
    Septet(u8),
    /// An escape septet (0x1B) and a single shift table septet.
    Escaped(u8),
    /// One octet.
    Octet(u8),
    /// One UTF-16 code unit.
    Unit(u16),
    /// A surrogate pair.
    Pair(u16, u16),
    /// Up to five octets (a multi-octet character, with an ISO-2022-JP
    /// escape sequence before it); `len` of `octets` are used.
    #[cfg(feature = "cjk")]
    Bytes { octets: [u8; 5], len: u8 },
}

impl Code {
    /// Code units: septets, octets or UTF-16 units.
    pub(crate) const fn units(self) -> usize {
        match self {
            Code::Septet(_) | Code::Octet(_) | Code::Unit(_) => 1,
            Code::Escaped(_) | Code::Pair(..) => 2,
            #[cfg(feature = "cjk")]
            Code::Bytes { len, .. } => len as usize,
        }
    }

    /// A code of the octets `b` (one to five).
    #[cfg(feature = "cjk")]
    pub(crate) fn bytes(b: &[u8]) -> Option<Code> {
        let mut octets = [0u8; 5];
        octets.get_mut(..b.len())?.copy_from_slice(b);
        match *b {
            [o] => Some(Code::Octet(o)),
            [] => None,
            _ => Some(Code::Bytes {
                octets,
                len: b.len() as u8,
            }),
        }
    }

    /// Writes the unpacked form at the start of `out`; returns the octets
    /// written, or `None` if `out` is too short.
    pub(crate) fn write(self, out: &mut [u8]) -> Option<usize> {
        match self {
            Code::Septet(b) | Code::Octet(b) => {
                *out.first_mut()? = b;
                Some(1)
            }
            Code::Escaped(s) => match out {
                [a, b, ..] => {
                    *a = gsm7::ESC;
                    *b = s;
                    Some(2)
                }
                _ => None,
            },
            Code::Unit(u) => match out {
                [a, b, ..] => {
                    [*a, *b] = u.to_be_bytes();
                    Some(2)
                }
                _ => None,
            },
            Code::Pair(h, l) => match out {
                [a, b, c, d, ..] => {
                    [*a, *b] = h.to_be_bytes();
                    [*c, *d] = l.to_be_bytes();
                    Some(4)
                }
                _ => None,
            },
            #[cfg(feature = "cjk")]
            Code::Bytes { octets, len } => {
                let len = usize::from(len);
                out.get_mut(..len)?.copy_from_slice(octets.get(..len)?);
                Some(len)
            }
        }
    }
}

/// An encoder of one text, character by character: stateless except for
/// ISO-2022-JP, whose escapes depend on the set selected before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Coder {
    encoding: Encoding,
    /// ISO-2022-JP: JIS X 0208 is selected.
    shifted: bool,
}

impl Coder {
    /// A coder at the start of a text (ISO-2022-JP in ASCII).
    pub(crate) const fn new(encoding: Encoding) -> Self {
        Coder {
            encoding,
            shifted: false,
        }
    }

    /// Encodes the next character, `None` if the encoding cannot represent it.
    #[inline]
    pub(crate) fn code(&mut self, c: char) -> Option<Code> {
        match self.encoding {
            Encoding::Gsm7(tables) => gsm7::encode_char(tables, c),
            Encoding::Ia5 => octet::ia5(c).map(Code::Octet),
            Encoding::Latin1 | Encoding::Pictogram => octet::latin1(c).map(Code::Octet),
            Encoding::Cyrillic => octet::cyrillic(c).map(Code::Octet),
            Encoding::Hebrew => octet::hebrew(c).map(Code::Octet),
            Encoding::Ucs2 => Some(ucs2::encode_char(c)),
            #[cfg(feature = "cjk")]
            Encoding::ShiftJis => cjk::encode_char(cjk::Multibyte::ShiftJis, c),
            #[cfg(feature = "cjk")]
            Encoding::EucJp => cjk::encode_char(cjk::Multibyte::EucJp, c),
            #[cfg(feature = "cjk")]
            Encoding::EucKr => cjk::encode_char(cjk::Multibyte::EucKr, c),
            #[cfg(feature = "cjk")]
            Encoding::Iso2022Jp => cjk::iso2022jp_encode(c, &mut self.shifted),
        }
    }

    /// What ends the text in its initial state: ISO-2022-JP's `ESC ( B`
    /// after JIS X 0208 (RFC 1468), nothing otherwise.
    pub(crate) fn finish(&self) -> Option<Code> {
        #[cfg(feature = "cjk")]
        if self.shifted {
            return Code::bytes(&cjk::TO_ASCII);
        }
        None
    }

    /// The code units of [`Coder::finish`].
    pub(crate) fn finish_units(&self) -> usize {
        self.finish().map_or(0, Code::units)
    }
}

/// Encodes `text`, calling `f` with each character's code, then with the
/// code that returns a stateful encoding to its initial state.
fn for_each_code(
    text: &str,
    encoding: Encoding,
    mut f: impl FnMut(Code) -> Result<(), TextError>,
) -> Result<(), TextError> {
    let mut coder = Coder::new(encoding);
    for (offset, ch) in text.char_indices() {
        let code = coder
            .code(ch)
            .ok_or(TextError::Unencodable { ch, offset })?;
        f(code)?;
    }
    if let Some(code) = coder.finish() {
        f(code)?;
    }
    Ok(())
}

/// `true` if `encoding` represents every character of `text` exactly.
pub fn encodable(text: &str, encoding: Encoding) -> bool {
    let mut coder = Coder::new(encoding);
    text.chars().all(|c| coder.code(c).is_some())
}

/// The code units `text` takes in `encoding`: septets for GSM 7 bit (an
/// extension character costs two), octets for the 8-bit character sets
/// and the far-east encodings (ISO-2022-JP's escapes included), UTF-16
/// units for UCS-2 (a character outside the BMP costs two).
pub fn cost(text: &str, encoding: Encoding) -> Result<usize, TextError> {
    let mut units = 0usize;
    for_each_code(text, encoding, |code| {
        units += code.units();
        Ok(())
    })?;
    Ok(units)
}

/// Encodes `text` into `out` unpacked (GSM 7 bit: one septet per octet);
/// returns the octets written. Writes nothing useful on error.
pub fn encode(text: &str, encoding: Encoding, out: &mut [u8]) -> Result<usize, TextError> {
    let mut n = 0usize;
    for_each_code(text, encoding, |code| {
        let rest = out.get_mut(n..).ok_or(TextError::BufferTooSmall)?;
        n += code.write(rest).ok_or(TextError::BufferTooSmall)?;
        Ok(())
    })?;
    Ok(n)
}

/// The result of [`encode_packed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Packed {
    /// Octets written.
    pub octets: usize,
    /// Septets written, counting a CR added by the padding rule.
    pub septets: usize,
}

/// Encodes `text` in the GSM 7 bit alphabet, packed (TS 23.038 §6.1.2.1),
/// behind `fill_bits` zero bits (0..=6, see [`fill_bits`]).
///
/// SMPP carries no septet count, so a receiver derives it from the octets.
/// The CR padding rule of TS 23.038 §6.1.2.3.1 keeps that unambiguous: when
/// the last octet would have 7 spare bits they hold a CR (0x0D), not zeros,
/// and a wanted CR that ends exactly on an octet boundary is doubled.
/// [`decode_packed`] without a septet count drops such a final CR (or a
/// final `@` from zero padding). A text whose last character is `@` and ends
/// exactly on an octet boundary therefore reads back one character short
/// unless the receiver is told the septet count ([`Packed::septets`]).
pub fn encode_packed(
    text: &str,
    tables: Gsm7Tables,
    fill_bits: u8,
    out: &mut [u8],
) -> Result<Packed, TextError> {
    let mut w = gsm7::PackWriter::new(out, fill_bits);
    for (offset, ch) in text.char_indices() {
        match gsm7::encode_char(tables, ch) {
            Some(Code::Septet(s)) => w.push(s)?,
            Some(Code::Escaped(s)) => {
                w.push(gsm7::ESC)?;
                w.push(s)?;
            }
            _ => return Err(TextError::Unencodable { ch, offset }),
        }
    }
    w.finish()
}

/// Decodes unpacked data (GSM 7 bit: one septet per octet).
pub fn decode(data: &[u8], encoding: Encoding) -> Decoder<'_> {
    let source = match encoding {
        Encoding::Gsm7(tables) => Source::Gsm7 {
            septets: gsm7::Septets::Unpacked(data),
            tables,
        },
        Encoding::Ia5 => Source::Octets(data, octet::Charset::Ia5),
        Encoding::Latin1 => Source::Octets(data, octet::Charset::Latin1),
        Encoding::Cyrillic => Source::Octets(data, octet::Charset::Cyrillic),
        Encoding::Hebrew => Source::Octets(data, octet::Charset::Hebrew),
        Encoding::Ucs2 => Source::Ucs2(data),
        Encoding::Pictogram => Source::Octets(data, octet::Charset::Latin1),
        #[cfg(feature = "cjk")]
        Encoding::ShiftJis => Source::Multibyte(data, cjk::Multibyte::ShiftJis),
        #[cfg(feature = "cjk")]
        Encoding::EucJp => Source::Multibyte(data, cjk::Multibyte::EucJp),
        #[cfg(feature = "cjk")]
        Encoding::EucKr => Source::Multibyte(data, cjk::Multibyte::EucKr),
        #[cfg(feature = "cjk")]
        Encoding::Iso2022Jp => Source::Iso2022Jp(data, cjk::Mode::Ascii),
    };
    Decoder {
        source,
        pos: 0,
        done: false,
    }
}

/// Decodes packed GSM 7 bit data that starts with `fill_bits` fill bits.
///
/// `septets` is the septet count when known (from a TP-UDL); with `None`
/// it is derived from the octets: every whole septet, except that a final
/// septet that exactly fills the last octet's 7 spare bits is padding when
/// it is CR (TS 23.038 §6.1.2.3.1) or zero (a sender that padded with zero
/// bits), so `31 d9 8c 56 b3 dd 00` reads "1234567", not "1234567@".
pub fn decode_packed(
    data: &[u8],
    tables: Gsm7Tables,
    fill_bits: u8,
    septets: Option<usize>,
) -> Decoder<'_> {
    Decoder {
        source: Source::Gsm7 {
            septets: gsm7::Septets::packed(data, fill_bits, septets),
            tables,
        },
        pos: 0,
        done: false,
    }
}

/// Decodes unpacked data into `buf` as UTF-8.
pub fn decode_into<'b>(
    data: &[u8],
    encoding: Encoding,
    buf: &'b mut [u8],
) -> Result<&'b str, TextError> {
    decode(data, encoding).decode_into(buf)
}

#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone)]
enum Source<'a> {
    Gsm7 {
        septets: gsm7::Septets<'a>,
        tables: Gsm7Tables,
    },
    Octets(&'a [u8], octet::Charset),
    Ucs2(&'a [u8]),
    #[cfg(feature = "cjk")]
    Multibyte(&'a [u8], cjk::Multibyte),
    #[cfg(feature = "cjk")]
    Iso2022Jp(&'a [u8], cjk::Mode),
}

/// An iterator over the characters of encoded text.
///
/// Yields `Err` once at the first undecodable code, then ends.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone)]
pub struct Decoder<'a> {
    source: Source<'a>,
    pos: usize,
    done: bool,
}

impl Decoder<'_> {
    /// Decodes everything into `buf` as UTF-8 and returns it as a `&str`.
    pub fn decode_into(self, buf: &mut [u8]) -> Result<&str, TextError> {
        let mut n = 0usize;
        for c in self {
            let c = c?;
            let dst = buf
                .get_mut(n..n + c.len_utf8())
                .ok_or(TextError::BufferTooSmall)?;
            c.encode_utf8(dst);
            n += c.len_utf8();
        }
        let written = buf.get(..n).ok_or(TextError::BufferTooSmall)?;
        // INVARIANT: only whole `char::encode_utf8` outputs were written.
        core::str::from_utf8(written).map_err(|_| TextError::BufferTooSmall)
    }

    /// The length of the decoded text in UTF-8, to size a buffer.
    pub fn utf8_len(self) -> Result<usize, TextError> {
        let mut n = 0usize;
        for c in self {
            n += c?.len_utf8();
        }
        Ok(n)
    }
}

impl Iterator for Decoder<'_> {
    type Item = Result<char, TextError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let step = match &mut self.source {
            Source::Gsm7 { septets, tables } => gsm7::decode_at(septets, *tables, self.pos),
            Source::Octets(data, charset) => octet::decode_at(data, *charset, self.pos),
            Source::Ucs2(data) => ucs2::decode_at(data, self.pos),
            #[cfg(feature = "cjk")]
            Source::Multibyte(data, m) => cjk::decode_at(data, *m, self.pos),
            #[cfg(feature = "cjk")]
            Source::Iso2022Jp(data, mode) => cjk::iso2022jp_decode_at(data, self.pos, mode),
        };
        match step {
            None => {
                self.done = true;
                None
            }
            Some(Ok((c, used))) => {
                self.pos += used;
                Some(Ok(c))
            }
            Some(Err(e)) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

impl core::iter::FusedIterator for Decoder<'_> {}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::prelude::rust_2021::*;

    use super::*;

    fn roundtrip(text: &str, encoding: Encoding) {
        let mut buf = [0xa5u8; 512];
        let n = encode(text, encoding, &mut buf).unwrap();
        let mut out = [0u8; 1024];
        assert_eq!(decode_into(&buf[..n], encoding, &mut out).unwrap(), text);
    }

    #[test]
    fn roundtrips() {
        roundtrip("Hello @ £ € [x]", Encoding::GSM7);
        roundtrip("plain ascii ~", Encoding::Ia5);
        roundtrip("Grüße, ½ ÿ", Encoding::Latin1);
        roundtrip("Привет, мир №1 §", Encoding::Cyrillic);
        roundtrip("שלום ×÷", Encoding::Hebrew);
        roundtrip("emoji 😀 and 漢字", Encoding::Ucs2);
    }

    #[test]
    fn costs() {
        assert_eq!(cost("[abc]", Encoding::GSM7), Ok(7));
        assert_eq!(cost("😀a", Encoding::Ucs2), Ok(3));
        assert_eq!(cost("ab", Encoding::Latin1), Ok(2));
        assert_eq!(
            cost("a€", Encoding::Latin1),
            Err(TextError::Unencodable {
                ch: '€', offset: 1
            })
        );
        assert!(encodable("Ça", Encoding::GSM7));
        assert!(!encodable("ça", Encoding::GSM7));
    }

    #[test]
    fn small_buffers_are_errors() {
        let mut buf = [0u8; 3];
        assert_eq!(
            encode("abcd", Encoding::GSM7, &mut buf),
            Err(TextError::BufferTooSmall)
        );
        assert_eq!(
            encode("ab€", Encoding::GSM7, &mut buf),
            Err(TextError::BufferTooSmall)
        );
        assert_eq!(
            encode("😀", Encoding::Ucs2, &mut buf),
            Err(TextError::BufferTooSmall)
        );
        let mut out = [0u8; 2];
        assert_eq!(
            decode_into(b"abc", Encoding::Latin1, &mut out),
            Err(TextError::BufferTooSmall)
        );
        assert_eq!(decode(b"abc", Encoding::Latin1).utf8_len(), Ok(3));
    }

    #[test]
    fn decoder_stops_after_an_error() {
        let mut d = decode(&[0x41, 0x80, 0x41], Encoding::Ia5);
        assert_eq!(d.next(), Some(Ok('A')));
        assert_eq!(
            d.next(),
            Some(Err(TextError::Undecodable {
                offset: 1,
                reason: Undecodable::Undefined
            }))
        );
        assert_eq!(d.next(), None);
    }
}
