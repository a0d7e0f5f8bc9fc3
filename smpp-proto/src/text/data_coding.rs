//! The `data_coding` field: SMPP 3.4 §5.2.19 for 0x00..=0x0F, 3GPP TS 23.038
//! §4 (SMS Data Coding Scheme) for the rest.
//!
//! | value | meaning |
//! |---|---|
//! | 0x00 | SMSC default alphabet (usually GSM 7 bit) |
//! | 0x01 | IA5 (CCITT T.50) / ASCII |
//! | 0x02, 0x04 | 8-bit binary ("octet unspecified") |
//! | 0x03 | Latin 1 (ISO-8859-1) |
//! | 0x05 | JIS (X 0208-1990) |
//! | 0x06 | Cyrillic (ISO-8859-5) |
//! | 0x07 | Latin/Hebrew (ISO-8859-8) |
//! | 0x08 | UCS2 (ISO/IEC-10646) |
//! | 0x09 | Pictogram encoding |
//! | 0x0A | ISO-2022-JP (music codes) |
//! | 0x0D | Extended Kanji JIS (X 0212-1990) |
//! | 0x0E | KS C 5601 |
//! | 0x10..=0x3F | TS 23.038 general data coding: bit 5 compressed, bit 4 class present, bits 3–2 alphabet, bits 1–0 class (0x10 GSM 7 bit flash, 0x18 UCS2 flash) |
//! | 0x40..=0x7F | the same, "marked for automatic deletion" |
//! | 0x80..=0xBF | reserved coding groups |
//! | 0xC0..=0xEF | message waiting indication groups (discard / store, GSM 7 bit or UCS2) |
//! | 0xF0..=0xFF | data coding / message class: bit 2 GSM 7 bit or 8-bit data, bits 1–0 class |

use super::{Allowed, Encoding, Gsm7Tables, TextError};

/// A `data_coding` octet: an open newtype, so every value stays representable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DataCoding(pub u8);

/// The character set a [`DataCoding`] announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Alphabet {
    /// 0x00: whatever the SMSC uses by default, usually the GSM 7 bit alphabet.
    SmscDefault,
    /// The GSM 7 bit default alphabet (TS 23.038 §6.2.1).
    Gsm7,
    /// IA5 / ASCII.
    Ia5,
    /// 8-bit data: binary, not text.
    Octet,
    /// ISO-8859-1.
    Latin1,
    /// JIS X 0208-1990.
    Jis,
    /// ISO-8859-5.
    Cyrillic,
    /// ISO-8859-8.
    LatinHebrew,
    /// UCS2 (UTF-16BE here).
    Ucs2,
    /// Pictogram encoding.
    Pictogram,
    /// ISO-2022-JP (music codes).
    Iso2022Jp,
    /// Extended Kanji JIS X 0212-1990.
    ExtendedKanjiJis,
    /// KS C 5601.
    KsC5601,
    /// A reserved value.
    Reserved,
}

/// The message class of TS 23.038 §4 (and TS 23.040 §9.2.3.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum MessageClass {
    /// Class 0, "flash": displayed at once, not necessarily stored.
    Class0 = 0,
    /// Class 1: ME-specific (stored in the handset).
    Class1 = 1,
    /// Class 2: (U)SIM-specific.
    Class2 = 2,
    /// Class 3: TE-specific.
    Class3 = 3,
}

impl MessageClass {
    const fn from_bits(bits: u8) -> MessageClass {
        match bits & 0x03 {
            0 => MessageClass::Class0,
            1 => MessageClass::Class1,
            2 => MessageClass::Class2,
            _ => MessageClass::Class3,
        }
    }
}

/// The kind of message waiting (TS 23.038 §4, bits 1–0 of groups 0xC–0xE).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum IndicationType {
    /// Voicemail message waiting.
    Voicemail,
    /// Fax message waiting.
    Fax,
    /// Electronic mail message waiting.
    Email,
    /// Other message waiting.
    Other,
}

/// A message waiting indication group (`data_coding` 0xC0..=0xEF).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct MessageWaiting {
    /// `false` for "Discard Message" (0xC0..=0xCF): the handset may drop the text.
    pub store: bool,
    /// The indication is set (bit 3) rather than cleared.
    pub active: bool,
    /// What is waiting.
    pub kind: IndicationType,
}

impl DataCoding {
    /// SMSC default alphabet (0x00).
    pub const SMSC_DEFAULT: DataCoding = DataCoding(0x00);
    /// IA5 (CCITT T.50) / ASCII (0x01).
    pub const IA5: DataCoding = DataCoding(0x01);
    /// Octet unspecified, 8-bit binary (0x02).
    pub const OCTET_UNSPECIFIED_02: DataCoding = DataCoding(0x02);
    /// Latin 1, ISO-8859-1 (0x03).
    pub const LATIN1: DataCoding = DataCoding(0x03);
    /// Octet unspecified, 8-bit binary (0x04).
    pub const OCTET_UNSPECIFIED: DataCoding = DataCoding(0x04);
    /// JIS, X 0208-1990 (0x05).
    pub const JIS: DataCoding = DataCoding(0x05);
    /// Cyrillic, ISO-8859-5 (0x06).
    pub const CYRILLIC: DataCoding = DataCoding(0x06);
    /// Latin/Hebrew, ISO-8859-8 (0x07).
    pub const LATIN_HEBREW: DataCoding = DataCoding(0x07);
    /// UCS2, ISO/IEC-10646 (0x08).
    pub const UCS2: DataCoding = DataCoding(0x08);
    /// Pictogram encoding (0x09).
    pub const PICTOGRAM: DataCoding = DataCoding(0x09);
    /// ISO-2022-JP, music codes (0x0A).
    pub const ISO_2022_JP: DataCoding = DataCoding(0x0A);
    /// Extended Kanji JIS, X 0212-1990 (0x0D).
    pub const EXTENDED_KANJI_JIS: DataCoding = DataCoding(0x0D);
    /// KS C 5601 (0x0E).
    pub const KS_C_5601: DataCoding = DataCoding(0x0E);
    /// GSM 7 bit, class 0: a flash message (0x10).
    pub const GSM7_FLASH: DataCoding = DataCoding(0x10);
    /// UCS2, class 0: a flash message (0x18).
    pub const UCS2_FLASH: DataCoding = DataCoding(0x18);

    /// The character set announced.
    pub const fn alphabet(self) -> Alphabet {
        let v = self.0;
        match v {
            0x00 => Alphabet::SmscDefault,
            0x01 => Alphabet::Ia5,
            0x02 | 0x04 => Alphabet::Octet,
            0x03 => Alphabet::Latin1,
            0x05 => Alphabet::Jis,
            0x06 => Alphabet::Cyrillic,
            0x07 => Alphabet::LatinHebrew,
            0x08 => Alphabet::Ucs2,
            0x09 => Alphabet::Pictogram,
            0x0A => Alphabet::Iso2022Jp,
            0x0D => Alphabet::ExtendedKanjiJis,
            0x0E => Alphabet::KsC5601,
            0x0B | 0x0C | 0x0F => Alphabet::Reserved,
            // General data coding and automatic deletion groups: bits 3-2.
            0x10..=0x7F => match (v >> 2) & 0x03 {
                0 => Alphabet::Gsm7,
                1 => Alphabet::Octet,
                2 => Alphabet::Ucs2,
                _ => Alphabet::Reserved,
            },
            0x80..=0xBF => Alphabet::Reserved,
            0xC0..=0xDF => Alphabet::Gsm7,
            0xE0..=0xEF => Alphabet::Ucs2,
            // 0xF0..=0xFF: bit 2.
            _ if v & 0x04 == 0 => Alphabet::Gsm7,
            _ => Alphabet::Octet,
        }
    }

    /// The message class, if the value carries one. Class 0 is a flash message.
    pub const fn message_class(self) -> Option<MessageClass> {
        match self.0 {
            // General data coding with bit 4 set (also in the deletion group).
            v @ 0x10..=0x7F if v & 0x10 != 0 => Some(MessageClass::from_bits(v)),
            v @ 0xF0..=0xFF => Some(MessageClass::from_bits(v)),
            _ => None,
        }
    }

    /// `true` for a class 0 ("flash") message.
    pub const fn is_flash(self) -> bool {
        matches!(self.message_class(), Some(MessageClass::Class0))
    }

    /// `true` when the text is compressed (TS 23.038 §4 bit 5; TS 23.042),
    /// which this crate does not decode.
    pub const fn is_compressed(self) -> bool {
        matches!(self.0, 0x10..=0x7F) && self.0 & 0x20 != 0
    }

    /// `true` in the "marked for automatic deletion" group (0x40..=0x7F).
    pub const fn is_auto_delete(self) -> bool {
        matches!(self.0, 0x40..=0x7F)
    }

    /// The message waiting indication, for 0xC0..=0xEF.
    pub const fn message_waiting(self) -> Option<MessageWaiting> {
        let v = self.0;
        if !matches!(v, 0xC0..=0xEF) {
            return None;
        }
        let kind = match v & 0x03 {
            0 => IndicationType::Voicemail,
            1 => IndicationType::Fax,
            2 => IndicationType::Email,
            _ => IndicationType::Other,
        };
        Some(MessageWaiting {
            store: v >= 0xD0,
            active: v & 0x08 != 0,
            kind,
        })
    }

    /// The text encoding to decode with: `smsc_default` for 0x00, the GSM 7
    /// bit default alphabet, UCS2 and the one-octet sets for the values
    /// that announce them, and with the `cjk` feature Shift_JIS for 0x05,
    /// ISO-2022-JP for 0x0A, EUC-JP for 0x0D and EUC-KR for 0x0E (see
    /// `Encoding::ShiftJis` and its kin for why). Binary, compressed and
    /// reserved values, the far-east ones without `cjk`, and 0x09 Pictogram
    /// (no public table: its octets are as opaque as binary; an override
    /// `(0x09, Encoding::Pictogram)` in a [`DataCodingMap`] reads them as
    /// [`Encoding::Pictogram`]) are [`TextError::NotText`]. [`DataCodingMap`]
    /// adds per-link overrides.
    pub const fn encoding(self, smsc_default: Encoding) -> Result<Encoding, TextError> {
        if self.is_compressed() {
            return Err(TextError::NotText(self));
        }
        match self.alphabet() {
            Alphabet::SmscDefault => Ok(smsc_default),
            Alphabet::Gsm7 => Ok(Encoding::Gsm7(Gsm7Tables::DEFAULT)),
            Alphabet::Ia5 => Ok(Encoding::Ia5),
            Alphabet::Latin1 => Ok(Encoding::Latin1),
            Alphabet::Cyrillic => Ok(Encoding::Cyrillic),
            Alphabet::LatinHebrew => Ok(Encoding::Hebrew),
            Alphabet::Ucs2 => Ok(Encoding::Ucs2),
            #[cfg(feature = "cjk")]
            Alphabet::Jis => Ok(Encoding::ShiftJis),
            #[cfg(feature = "cjk")]
            Alphabet::Iso2022Jp => Ok(Encoding::Iso2022Jp),
            #[cfg(feature = "cjk")]
            Alphabet::ExtendedKanjiJis => Ok(Encoding::EucJp),
            #[cfg(feature = "cjk")]
            Alphabet::KsC5601 => Ok(Encoding::EucKr),
            _ => Err(TextError::NotText(self)),
        }
    }

    /// The value for `encoding` with a message class: GSM 7 bit 0x10..=0x13,
    /// UCS2 0x18..=0x1B (TS 23.038 general data coding). `None` for the
    /// one-octet sets, whose SMPP values have no class bits.
    pub const fn with_class(encoding: Encoding, class: MessageClass) -> Option<DataCoding> {
        let base = match encoding {
            Encoding::Gsm7(_) => 0x10,
            Encoding::Ucs2 => 0x18,
            _ => return None,
        };
        Some(DataCoding(base | class as u8))
    }

    /// 8-bit binary data, with a message class if given (0x04, or
    /// 0x14..=0x17).
    pub const fn binary(class: Option<MessageClass>) -> DataCoding {
        match class {
            None => DataCoding::OCTET_UNSPECIFIED,
            Some(c) => DataCoding(0x14 | c as u8),
        }
    }
}

/// What `data_coding` values mean on one link, both ways: what 0 (the
/// "SMSC default alphabet", SMPP 3.4 §5.2.19) means, and overrides for any
/// value, consulted before the standard meaning (vumi's
/// `data_coding_overrides`, for SMSCs that read 0 as Latin-1, 8 as UTF-16
/// or 0x05 as EUC-JP).
///
/// Receiving, [`DataCodingMap::encoding`] gives the encoding to decode a
/// `data_coding` with; sending, [`DataCodingMap::data_coding`] gives the
/// value to announce an encoding with, and [`DataCodingMap::allowed`]
/// drops from an [`Allowed`] set the encodings the link has no value for.
/// Borrows its overrides, so it is `Copy`, `const`-constructible and
/// allocates nothing.
///
/// ```
/// use smpp_proto::text::{DataCoding, DataCodingMap, Encoding};
///
/// // An SMSC that reads data_coding 0 as Latin-1.
/// let link = DataCodingMap::new(Encoding::Latin1);
/// assert_eq!(link.encoding(DataCoding(0)), Ok(Encoding::Latin1));
/// assert_eq!(link.data_coding(Encoding::Latin1), Some(DataCoding(0)));
/// // GSM 7 bit has no class-less value besides 0 here: say which to use.
/// assert_eq!(link.data_coding(Encoding::GSM7), None);
/// const GSM7_CLASS1: [(DataCoding, Encoding); 1] = [(DataCoding(0xF1), Encoding::GSM7)];
/// let link = link.with_overrides(&GSM7_CLASS1);
/// assert_eq!(link.data_coding(Encoding::GSM7), Some(DataCoding(0xF1)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct DataCodingMap<'a> {
    /// What `data_coding` 0 means (usually [`Encoding::GSM7`]).
    pub smsc_default: Encoding,
    /// `(value, encoding)` pairs consulted first, in order: decoding takes
    /// the first pair with the value, encoding the first with the encoding.
    pub overrides: &'a [(DataCoding, Encoding)],
}

impl Default for DataCodingMap<'_> {
    fn default() -> Self {
        DataCodingMap::STANDARD
    }
}

/// The same character set (GSM 7 bit with any tables counts as one).
const fn same_charset(a: Encoding, b: Encoding) -> bool {
    match (a, b) {
        (Encoding::Gsm7(_), Encoding::Gsm7(_)) => true,
        _ => a.data_coding().0 == b.data_coding().0,
    }
}

impl<'a> DataCodingMap<'a> {
    /// The standard meanings: 0 is the GSM 7 bit alphabet, no overrides.
    pub const STANDARD: DataCodingMap<'static> = DataCodingMap::new(Encoding::GSM7);

    /// `data_coding` 0 means `smsc_default`; no overrides.
    pub const fn new(smsc_default: Encoding) -> DataCodingMap<'static> {
        DataCodingMap {
            smsc_default,
            overrides: &[],
        }
    }

    /// The same with `overrides`.
    pub const fn with_overrides<'b>(
        self,
        overrides: &'b [(DataCoding, Encoding)],
    ) -> DataCodingMap<'b> {
        DataCodingMap {
            smsc_default: self.smsc_default,
            overrides,
        }
    }

    fn lookup(&self, dc: DataCoding) -> Option<Encoding> {
        self.overrides
            .iter()
            .find(|(v, _)| *v == dc)
            .map(|(_, e)| *e)
    }

    /// The encoding to decode `dc` with: an override, else
    /// [`DataCoding::encoding`] with this link's SMSC default.
    pub fn encoding(&self, dc: DataCoding) -> Result<Encoding, TextError> {
        match self.lookup(dc) {
            Some(e) => Ok(e),
            None => dc.encoding(self.smsc_default),
        }
    }

    /// The `data_coding` to send `encoding` with (GSM 7 bit national tables
    /// share their alphabet's value): the first override that names it;
    /// else 0 when it is the SMSC default; else its standard value
    /// ([`Encoding::data_coding`]) unless an override gives that value
    /// another meaning, or it is 0 and 0 means something else here. `None`
    /// when no value announces it on this link.
    pub fn data_coding(&self, encoding: Encoding) -> Option<DataCoding> {
        if let Some((dc, _)) = self
            .overrides
            .iter()
            .find(|(_, e)| same_charset(*e, encoding))
        {
            return Some(*dc);
        }
        let zero = DataCoding::SMSC_DEFAULT;
        if same_charset(encoding, self.smsc_default) && self.lookup(zero).is_none() {
            return Some(zero);
        }
        let dc = encoding.data_coding();
        if dc == zero || self.lookup(dc).is_some() {
            return None;
        }
        Some(dc)
    }

    /// `allowed` without the encodings [`DataCodingMap::data_coding`] has
    /// no value for, to hand to [`crate::text::choose`].
    pub fn allowed(&self, allowed: Allowed) -> Allowed {
        super::choose::CHARSETS
            .iter()
            .copied()
            .filter(|e| self.data_coding(*e).is_none())
            .fold(allowed, Allowed::without)
    }
}

impl From<u8> for DataCoding {
    fn from(v: u8) -> Self {
        DataCoding(v)
    }
}

impl From<DataCoding> for u8 {
    fn from(dc: DataCoding) -> u8 {
        dc.0
    }
}

impl From<Encoding> for DataCoding {
    fn from(e: Encoding) -> Self {
        e.data_coding()
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::prelude::rust_2021::*;

    use super::*;

    #[test]
    fn smpp_values() {
        assert_eq!(DataCoding(0x00).alphabet(), Alphabet::SmscDefault);
        assert_eq!(DataCoding(0x01).alphabet(), Alphabet::Ia5);
        assert_eq!(DataCoding(0x02).alphabet(), Alphabet::Octet);
        assert_eq!(DataCoding(0x03).alphabet(), Alphabet::Latin1);
        assert_eq!(DataCoding(0x04).alphabet(), Alphabet::Octet);
        assert_eq!(DataCoding(0x06).alphabet(), Alphabet::Cyrillic);
        assert_eq!(DataCoding(0x07).alphabet(), Alphabet::LatinHebrew);
        assert_eq!(DataCoding(0x08).alphabet(), Alphabet::Ucs2);
        assert_eq!(DataCoding(0x0B).alphabet(), Alphabet::Reserved);
        for v in 0..0x10 {
            assert_eq!(DataCoding(v).message_class(), None);
        }
    }

    #[test]
    fn classes_and_flash() {
        let dc = DataCoding(0x10);
        assert_eq!(dc.alphabet(), Alphabet::Gsm7);
        assert!(dc.is_flash());
        let dc = DataCoding(0x18);
        assert_eq!(dc.alphabet(), Alphabet::Ucs2);
        assert!(dc.is_flash());
        let dc = DataCoding(0x16);
        assert_eq!(dc.alphabet(), Alphabet::Octet);
        assert_eq!(dc.message_class(), Some(MessageClass::Class2));
        let dc = DataCoding(0xF0);
        assert_eq!(dc.alphabet(), Alphabet::Gsm7);
        assert!(dc.is_flash());
        let dc = DataCoding(0xF5);
        assert_eq!(dc.alphabet(), Alphabet::Octet);
        assert_eq!(dc.message_class(), Some(MessageClass::Class1));
        assert_eq!(DataCoding(0xFF).message_class(), Some(MessageClass::Class3));
        // Class bit clear: no class.
        assert_eq!(DataCoding(0x48).message_class(), None);
        assert_eq!(DataCoding(0x48).alphabet(), Alphabet::Ucs2);
        assert!(DataCoding(0x48).is_auto_delete());
        assert_eq!(DataCoding(0x5C).alphabet(), Alphabet::Reserved);
        assert!(DataCoding(0x20).is_compressed());
        assert_eq!(
            DataCoding(0x20).encoding(Encoding::GSM7),
            Err(TextError::NotText(DataCoding(0x20)))
        );
    }

    #[test]
    fn smsc_default_both_ways() {
        let link = DataCodingMap::new(Encoding::Latin1);
        assert_eq!(link.encoding(DataCoding(0)), Ok(Encoding::Latin1));
        assert_eq!(link.encoding(DataCoding(3)), Ok(Encoding::Latin1));
        assert_eq!(link.data_coding(Encoding::Latin1), Some(DataCoding(0)));
        assert_eq!(link.data_coding(Encoding::Ucs2), Some(DataCoding(8)));
        assert_eq!(link.data_coding(Encoding::GSM7), None);
        let allowed = link.allowed(Allowed::ALL_CHARSETS);
        assert!(!allowed.allows(Encoding::GSM7));
        assert!(allowed.allows(Encoding::Latin1) && allowed.allows(Encoding::Ucs2));
        // The standard link: 0 is GSM 7 bit both ways.
        let std = DataCodingMap::default();
        assert_eq!(std.data_coding(Encoding::GSM7), Some(DataCoding(0)));
        assert_eq!(std.data_coding(Encoding::Latin1), Some(DataCoding(3)));
        assert_eq!(std.encoding(DataCoding(0)), Ok(Encoding::GSM7));
        assert_eq!(std.allowed(Allowed::ALL_CHARSETS), Allowed::ALL_CHARSETS);
        // ASCII by 0.
        let link = DataCodingMap::new(Encoding::Ia5);
        assert_eq!(link.data_coding(Encoding::Ia5), Some(DataCoding(0)));
        assert_eq!(link.encoding(DataCoding(0)), Ok(Encoding::Ia5));
    }

    #[test]
    fn overrides_both_ways() {
        // vumi's example: 0 is UTF-16BE (UCS-2 here), 4 is Latin-1.
        let table = [
            (DataCoding(0), Encoding::Ucs2),
            (DataCoding(4), Encoding::Latin1),
        ];
        let link = DataCodingMap::STANDARD.with_overrides(&table);
        assert_eq!(link.encoding(DataCoding(0)), Ok(Encoding::Ucs2));
        assert_eq!(link.encoding(DataCoding(4)), Ok(Encoding::Latin1));
        assert_eq!(link.encoding(DataCoding(8)), Ok(Encoding::Ucs2));
        assert_eq!(link.data_coding(Encoding::Ucs2), Some(DataCoding(0)));
        assert_eq!(link.data_coding(Encoding::Latin1), Some(DataCoding(4)));
        // 0 is taken by the override: GSM 7 bit has no value left.
        assert_eq!(link.data_coding(Encoding::GSM7), None);
        assert_eq!(link.data_coding(Encoding::Ia5), Some(DataCoding(1)));
        // A value overridden to mean something else is not used for its
        // standard encoding.
        let table = [(DataCoding(3), Encoding::Cyrillic)];
        let link = DataCodingMap::STANDARD.with_overrides(&table);
        assert_eq!(link.data_coding(Encoding::Latin1), None);
        assert_eq!(link.data_coding(Encoding::Cyrillic), Some(DataCoding(3)));
        assert_eq!(link.encoding(DataCoding(6)), Ok(Encoding::Cyrillic));
        // National tables share the GSM 7 bit value.
        let tables = Gsm7Tables::language(super::super::NationalLanguage::Turkish);
        assert_eq!(
            DataCodingMap::STANDARD.data_coding(Encoding::Gsm7(tables)),
            Some(DataCoding(0))
        );
        // Binary values become text when overridden.
        assert_eq!(
            DataCodingMap::STANDARD.encoding(DataCoding(4)),
            Err(TextError::NotText(DataCoding(4)))
        );
    }

    #[test]
    fn far_east_values() {
        // Pictogram is opaque unless a link says otherwise.
        assert_eq!(
            DataCoding(0x09).encoding(Encoding::GSM7),
            Err(TextError::NotText(DataCoding(0x09)))
        );
        let table = [(DataCoding::PICTOGRAM, Encoding::Pictogram)];
        let link = DataCodingMap::STANDARD.with_overrides(&table);
        assert_eq!(link.encoding(DataCoding(0x09)), Ok(Encoding::Pictogram));
        assert_eq!(Encoding::Pictogram.data_coding(), DataCoding(0x09));
        assert_eq!(
            DataCodingMap::STANDARD.data_coding(Encoding::Pictogram),
            Some(DataCoding(0x09))
        );
        #[cfg(feature = "cjk")]
        for (v, e) in [
            (0x05, Encoding::ShiftJis),
            (0x0A, Encoding::Iso2022Jp),
            (0x0D, Encoding::EucJp),
            (0x0E, Encoding::EucKr),
        ] {
            assert_eq!(DataCoding(v).encoding(Encoding::GSM7), Ok(e));
            assert_eq!(e.data_coding(), DataCoding(v));
        }
        #[cfg(not(feature = "cjk"))]
        for v in [0x05, 0x0A, 0x0D, 0x0E] {
            assert_eq!(
                DataCoding(v).encoding(Encoding::GSM7),
                Err(TextError::NotText(DataCoding(v)))
            );
        }
    }

    #[test]
    fn message_waiting() {
        let mw = DataCoding(0xC8).message_waiting().unwrap();
        assert!(!mw.store && mw.active);
        assert_eq!(mw.kind, IndicationType::Voicemail);
        assert_eq!(DataCoding(0xC8).alphabet(), Alphabet::Gsm7);
        let mw = DataCoding(0xE2).message_waiting().unwrap();
        assert!(mw.store && !mw.active);
        assert_eq!(mw.kind, IndicationType::Email);
        assert_eq!(DataCoding(0xE2).alphabet(), Alphabet::Ucs2);
        assert_eq!(DataCoding(0xF0).message_waiting(), None);
        assert_eq!(DataCoding(0x8F).alphabet(), Alphabet::Reserved);
    }

    #[test]
    fn encodings() {
        let latin = Encoding::Latin1;
        assert_eq!(DataCoding(0x00).encoding(latin), Ok(latin));
        assert_eq!(DataCoding(0xF1).encoding(latin), Ok(Encoding::GSM7));
        assert_eq!(DataCoding(0x08).encoding(latin), Ok(Encoding::Ucs2));
        assert_eq!(
            DataCoding(0x04).encoding(latin),
            Err(TextError::NotText(DataCoding(0x04)))
        );
        for e in [
            Encoding::GSM7,
            Encoding::Ia5,
            Encoding::Latin1,
            Encoding::Cyrillic,
            Encoding::Hebrew,
            Encoding::Ucs2,
        ] {
            assert_eq!(e.data_coding().encoding(Encoding::GSM7), Ok(e));
        }
        assert_eq!(
            DataCoding::with_class(Encoding::GSM7, MessageClass::Class0),
            Some(DataCoding::GSM7_FLASH)
        );
        assert_eq!(
            DataCoding::with_class(Encoding::Ucs2, MessageClass::Class0),
            Some(DataCoding::UCS2_FLASH)
        );
        assert_eq!(
            DataCoding::with_class(Encoding::Latin1, MessageClass::Class0),
            None
        );
        assert_eq!(DataCoding::binary(None), DataCoding(0x04));
        assert_eq!(
            DataCoding::binary(Some(MessageClass::Class2)),
            DataCoding(0x16)
        );
    }
}
