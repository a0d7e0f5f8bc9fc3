//! The far-east `data_coding` values of SMPP 3.4 §5.2.19 (feature `cjk`):
//! JIS X 0208 (0x05), ISO-2022-JP (0x0A), Extended Kanji JIS X 0212 (0x0D)
//! and KS C 5601 (0x0E), on the tables of `encoding_rs`.
//!
//! Read before editing: SMPP 3.4 §5.2.19; the WHATWG Encoding Standard
//! §12 (EUC-JP, ISO-2022-JP, Shift_JIS) and §13 (EUC-KR), which
//! `encoding_rs` implements; RFC 1468 (ISO-2022-JP: text starts and ends in
//! ASCII, `ESC $ B` switches to JIS X 0208, `ESC ( B` back).
//!
//! SMPP names character sets, not byte encodings. What implementations
//! put on the wire, and so what this module reads and writes:
//!
//! - 0x05 "JIS (X 0208-1990)": Shift_JIS, as the Python gateways built on
//!   smpplib map `SMPP_ENCODING_JIS` (`"shift_jis"`) and as Japanese
//!   handsets stored text. The .NET libraries derived from AberrantSMPP
//!   write EUC-JP for 0x05 instead: give such a link a
//!   [`DataCodingMap`](super::DataCodingMap) override `0x05 → EucJp`.
//! - 0x0A ISO-2022-JP: RFC 1468's 7-bit form. Written with ASCII and JIS X
//!   0208 only, ending every text (and every part of a split text) in ASCII;
//!   read also with JIS X 0201 Roman (`ESC ( J`) and half-width katakana
//!   (`ESC ( I`), which WHATWG decoders accept.
//! - 0x0D "Extended Kanji JIS (X 0212-1990)": EUC-JP, the one common
//!   encoding that reaches JIS X 0212 (three octets behind 0x8F). Read
//!   with X 0212; written with JIS X 0208 and half-width katakana only,
//!   because `encoding_rs`'s EUC-JP encoder (the WHATWG one) has no X 0212
//!   table: a character only X 0212 has is [`TextError::Unencodable`].
//! - 0x0E KS C 5601: EUC-KR (KS X 1001 in two octets 0xA1..=0xFE). Read
//!   as `encoding_rs` reads EUC-KR, i.e. also the Unified Hangul Code
//!   (windows-949) extension; written strictly: a hangul syllable outside
//!   the 2,350 of KS X 1001 (such as 똠) is [`TextError::Unencodable`].
//!
//! Every character is written only when it reads back as itself: the
//! WHATWG encoders' one-way mappings (U+00A5 → 0x5C, U+203E → 0x7E,
//! U+2212 → U+FF0D's code) are refused rather than changed.

use encoding_rs::{DecoderResult, EncoderResult, EUC_JP, EUC_KR, SHIFT_JIS};

use super::{Code, TextError, Undecodable};

/// ESC: the start of an ISO-2022-JP escape sequence.
const ESC: u8 = 0x1B;
/// `ESC ( B`: switch to ASCII.
pub(crate) const TO_ASCII: [u8; 3] = [ESC, b'(', b'B'];
/// `ESC $ B`: switch to JIS X 0208-1983.
const TO_JIS0208: [u8; 3] = [ESC, b'$', b'B'];

/// A stateless multi-octet encoding.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Multibyte {
    ShiftJis,
    EucJp,
    EucKr,
}

impl Multibyte {
    fn tables(self) -> &'static encoding_rs::Encoding {
        match self {
            Multibyte::ShiftJis => SHIFT_JIS,
            Multibyte::EucJp => EUC_JP,
            Multibyte::EucKr => EUC_KR,
        }
    }

    /// The octets of the character that starts with `lead`.
    const fn char_len(self, lead: u8) -> usize {
        match (self, lead) {
            (Multibyte::ShiftJis, 0x81..=0x9F | 0xE0..=0xFC) => 2,
            (Multibyte::EucJp, 0x8F) => 3,
            (Multibyte::EucJp, 0x8E | 0xA1..=0xFE) => 2,
            (Multibyte::EucKr, 0x81..=0xFE) => 2,
            _ => 1,
        }
    }
}

/// `bytes` decoded, if they are exactly one character.
fn decode_one(tables: &'static encoding_rs::Encoding, bytes: &[u8]) -> Option<char> {
    let mut decoder = tables.new_decoder_without_bom_handling();
    let mut out = [0u8; 8];
    let (result, read, written) = decoder.decode_to_utf8_without_replacement(bytes, &mut out, true);
    if result != DecoderResult::InputEmpty || read != bytes.len() {
        return None;
    }
    let mut chars = core::str::from_utf8(out.get(..written)?).ok()?.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// `c` encoded, if it reads back as itself; `(octets, length)`.
fn encode_one(tables: &'static encoding_rs::Encoding, c: char) -> Option<([u8; 4], usize)> {
    let mut encoder = tables.new_encoder();
    let mut utf8 = [0u8; 4];
    let src = c.encode_utf8(&mut utf8);
    let mut out = [0u8; 4];
    let (result, read, written) = encoder.encode_from_utf8_without_replacement(src, &mut out, true);
    if result != EncoderResult::InputEmpty || read != src.len() || written == 0 {
        return None;
    }
    (decode_one(tables, out.get(..written)?) == Some(c)).then_some((out, written))
}

/// Encodes one character in a stateless multi-octet encoding.
pub(crate) fn encode_char(m: Multibyte, c: char) -> Option<Code> {
    let (octets, len) = encode_one(m.tables(), c)?;
    let octets = octets.get(..len)?;
    // KS C 5601 is KS X 1001: both octets 0xA1..=0xFE; the UHC extension
    // codes encoding_rs also writes are not KS C 5601.
    if m == Multibyte::EucKr && len == 2 && !octets.iter().all(|b| matches!(b, 0xA1..=0xFE)) {
        return None;
    }
    Code::bytes(octets)
}

/// Decodes the character at octet `pos` of a stateless multi-octet encoding.
pub(crate) fn decode_at(
    data: &[u8],
    m: Multibyte,
    pos: usize,
) -> Option<Result<(char, usize), TextError>> {
    let lead = *data.get(pos)?;
    let len = m.char_len(lead);
    let Some(bytes) = data.get(pos..pos + len) else {
        return Some(Err(TextError::Undecodable {
            offset: pos,
            reason: Undecodable::TruncatedChar,
        }));
    };
    Some(match decode_one(m.tables(), bytes) {
        Some(c) => Ok((c, len)),
        None => Err(TextError::Undecodable {
            offset: pos,
            reason: Undecodable::Undefined,
        }),
    })
}

/// The ISO-2022-JP decoder's state: which set the escapes selected.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Mode {
    /// `ESC ( B`, the initial state.
    #[default]
    Ascii,
    /// `ESC ( J`: JIS X 0201 Roman (0x5C is ¥, 0x7E is ‾).
    Roman,
    /// `ESC ( I`: JIS X 0201 half-width katakana.
    Katakana,
    /// `ESC $ @` or `ESC $ B`: JIS X 0208, two octets a character.
    Jis0208,
}

/// Encodes one character in ISO-2022-JP; `jis` is `true` while JIS X
/// 0208 is selected, and is updated. An escape sequence the character
/// needs is part of its code.
pub(crate) fn iso2022jp_encode(c: char, jis: &mut bool) -> Option<Code> {
    if c.is_ascii() {
        // RFC 1468: SO, SI and ESC are not characters of the text.
        if matches!(c, '\u{0E}' | '\u{0F}' | '\u{1B}') {
            return None;
        }
        let b = c as u8;
        return if core::mem::take(jis) {
            let [e0, e1, e2] = TO_ASCII;
            Code::bytes(&[e0, e1, e2, b])
        } else {
            Some(Code::Octet(b))
        };
    }
    // JIS X 0208 is EUC-JP's two-octet range with the high bits cleared.
    let (octets, len) = encode_one(EUC_JP, c)?;
    let [a, b, ..] = octets;
    if len != 2 || !matches!(a, 0xA1..=0xFE) || !matches!(b, 0xA1..=0xFE) {
        return None;
    }
    let (a, b) = (a & 0x7F, b & 0x7F);
    if core::mem::replace(jis, true) {
        Code::bytes(&[a, b])
    } else {
        let [e0, e1, e2] = TO_JIS0208;
        Code::bytes(&[e0, e1, e2, a, b])
    }
}

/// Decodes the character at octet `pos` of ISO-2022-JP in `mode`, reading
/// the escape sequences before it (they update `mode` and count in the
/// octets used). `None` at the end, also after a final escape sequence.
pub(crate) fn iso2022jp_decode_at(
    data: &[u8],
    pos: usize,
    mode: &mut Mode,
) -> Option<Result<(char, usize), TextError>> {
    let err = |offset, reason| Some(Err(TextError::Undecodable { offset, reason }));
    let mut p = pos;
    loop {
        let b = *data.get(p)?;
        if b == ESC {
            *mode = match data.get(p + 1..p + 3) {
                Some([b'(', b'B']) => Mode::Ascii,
                Some([b'(', b'J']) => Mode::Roman,
                Some([b'(', b'I']) => Mode::Katakana,
                Some([b'$', b'@' | b'B']) => Mode::Jis0208,
                _ => return err(p, Undecodable::UnknownEscape),
            };
            p += 3;
            continue;
        }
        let used = p + 1 - pos;
        let c = match (*mode, b) {
            (_, 0x80..=0xFF | 0x0E | 0x0F) => None,
            (Mode::Roman, 0x5C) => Some('¥'),
            (Mode::Roman, 0x7E) => Some('‾'),
            (Mode::Ascii | Mode::Roman, _) => Some(char::from(b)),
            (Mode::Katakana, 0x21..=0x5F) => char::from_u32(0xFF61 + u32::from(b - 0x21)),
            (Mode::Katakana, _) => None,
            // A line break ends a JIS X 0208 run (RFC 1468 wants ESC ( B
            // before it; be lenient with senders that forget).
            (Mode::Jis0208, b'\n' | b'\r') => {
                *mode = Mode::Ascii;
                Some(char::from(b))
            }
            (Mode::Jis0208, 0x21..=0x7E) => {
                let Some(&t) = data.get(p + 1) else {
                    return err(p, Undecodable::TruncatedChar);
                };
                return match decode_one(EUC_JP, &[b | 0x80, t | 0x80]) {
                    Some(c) if (0x21..=0x7E).contains(&t) => Some(Ok((c, used + 1))),
                    _ => err(p, Undecodable::Undefined),
                };
            }
            (Mode::Jis0208, _) => None,
        };
        return match c {
            Some(c) => Some(Ok((c, used))),
            None => err(p, Undecodable::Undefined),
        };
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::prelude::rust_2021::*;

    use super::super::{cost, decode, decode_into, encodable, encode, Encoding};
    use super::*;
    use crate::concat::{Scheme, SplitOptions, Splitter};

    fn enc(text: &str, e: Encoding) -> Result<Vec<u8>, TextError> {
        let mut buf = [0xa5u8; 1024];
        let n = encode(text, e, &mut buf)?;
        Ok(buf[..n].to_vec())
    }

    fn dec(data: &[u8], e: Encoding) -> Result<String, TextError> {
        decode(data, e).collect()
    }

    const JAPANESE: [Encoding; 3] = [Encoding::ShiftJis, Encoding::EucJp, Encoding::Iso2022Jp];

    #[test]
    fn known_vectors() {
        assert_eq!(
            enc("日本", Encoding::ShiftJis).unwrap(),
            [0x93, 0xFA, 0x96, 0x7B]
        );
        assert_eq!(
            enc("日本", Encoding::EucJp).unwrap(),
            [0xC6, 0xFC, 0xCB, 0xDC]
        );
        assert_eq!(
            enc("日本", Encoding::Iso2022Jp).unwrap(),
            [0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x1B, 0x28, 0x42]
        );
        assert_eq!(
            enc("한국", Encoding::EucKr).unwrap(),
            [0xC7, 0xD1, 0xB1, 0xB9]
        );
        // Escapes only where the set changes.
        assert_eq!(
            enc("a日b", Encoding::Iso2022Jp).unwrap(),
            b"a\x1b$BF|\x1b(Bb".to_vec()
        );
        assert_eq!(cost("日本", Encoding::Iso2022Jp), Ok(10));
        assert_eq!(cost("日本 go", Encoding::ShiftJis), Ok(7));
        assert_eq!(
            dec(&[0x93, 0xFA, 0x96, 0x7B], Encoding::ShiftJis).unwrap(),
            "日本"
        );
        assert_eq!(
            dec(&[0xC7, 0xD1, 0xB1, 0xB9], Encoding::EucKr).unwrap(),
            "한국"
        );
    }

    #[test]
    fn roundtrips() {
        let ja = "ひらがな、カタカナ、漢字。東京都 2024年 ＡＢＣ！";
        for e in JAPANESE {
            let bytes = enc(ja, e).unwrap();
            assert_eq!(dec(&bytes, e).unwrap(), ja, "{e:?}");
            let mut out = [0u8; 256];
            assert_eq!(decode_into(&bytes, e, &mut out).unwrap(), ja);
        }
        let ko = "한국어 텍스트: 안녕하세요, 서울! 漢字";
        let bytes = enc(ko, Encoding::EucKr).unwrap();
        assert_eq!(dec(&bytes, Encoding::EucKr).unwrap(), ko);
        // Half-width katakana: one octet in Shift_JIS, 0x8E + one in EUC-JP.
        assert_eq!(enc("ｱ", Encoding::ShiftJis).unwrap(), [0xB1]);
        assert_eq!(enc("ｱ", Encoding::EucJp).unwrap(), [0x8E, 0xB1]);
        // Pictogram: octets as they are.
        let raw: Vec<u8> = (0..=255).collect();
        let text = dec(&raw, Encoding::Pictogram).unwrap();
        assert_eq!(enc(&text, Encoding::Pictogram).unwrap(), raw);
    }

    #[test]
    fn refusals() {
        let unencodable = |text: &str, e, ch, offset| {
            assert_eq!(
                enc(text, e),
                Err(TextError::Unencodable { ch, offset }),
                "{text} {e:?}"
            );
            assert!(!encodable(text, e));
        };
        // Hangul is not Japanese, Thai not Korean (KS X 1001 has kana).
        for e in JAPANESE {
            unencodable("a한", e, '한', 1);
        }
        unencodable("aก", Encoding::EucKr, 'ก', 1);
        // Outside KS X 1001 (the windows-949 extension): refused.
        unencodable("똠", Encoding::EucKr, '똠', 0);
        // One-way WHATWG mappings are refused, not changed.
        unencodable("¥", Encoding::ShiftJis, '¥', 0);
        unencodable("‾", Encoding::EucJp, '‾', 0);
        unencodable("−", Encoding::ShiftJis, '−', 0);
        // ISO-2022-JP is written without JIS X 0201 katakana, SO, SI or ESC.
        unencodable("ｱ", Encoding::Iso2022Jp, 'ｱ', 0);
        unencodable("\u{1b}", Encoding::Iso2022Jp, '\u{1b}', 0);
        unencodable("😀", Encoding::ShiftJis, '😀', 0);
        unencodable("Ā", Encoding::Pictogram, 'Ā', 0);
    }

    #[test]
    fn jis_x_0212_reads_but_does_not_write() {
        // JIS X 0212 0x3021 (丂, U+4E02) behind EUC-JP's 0x8F.
        let x0212 = [0x8F, 0xB0, 0xA1];
        assert_eq!(dec(&x0212, Encoding::EucJp).unwrap(), "丂");
        assert_eq!(
            enc("丂", Encoding::EucJp),
            Err(TextError::Unencodable {
                ch: '丂',
                offset: 0
            })
        );
    }

    #[test]
    fn bad_input() {
        let e = |offset, reason| Err(TextError::Undecodable { offset, reason });
        assert_eq!(
            dec(&[0x41, 0x93], Encoding::ShiftJis),
            e(1, Undecodable::TruncatedChar)
        );
        assert_eq!(
            dec(&[0x8F, 0xB0], Encoding::EucJp),
            e(0, Undecodable::TruncatedChar)
        );
        assert_eq!(
            dec(&[0xC7, 0x41], Encoding::EucKr),
            e(0, Undecodable::Undefined)
        );
        let iso = Encoding::Iso2022Jp;
        assert_eq!(dec(b"a\x1b$BF", iso), e(4, Undecodable::TruncatedChar));
        assert_eq!(dec(b"a\x1b$Z", iso), e(1, Undecodable::UnknownEscape));
        assert_eq!(dec(b"\x1b", iso), e(0, Undecodable::UnknownEscape));
        assert_eq!(dec(&[0x41, 0xA4], iso), e(1, Undecodable::Undefined));
        // Lenient reading: Roman, katakana, a trailing escape, a line break
        // in JIS X 0208.
        assert_eq!(dec(b"\x1b(J\\~\x1b(B\\", iso).unwrap(), "¥‾\\");
        assert_eq!(dec(b"\x1b(I1\x1b(B", iso).unwrap(), "ｱ");
        assert_eq!(dec(b"\x1b$BF|\nx", iso).unwrap(), "日\nx");
        assert_eq!(dec(b"\x1b$BF|\x1b(B", iso).unwrap(), "日");
    }

    /// Long Japanese text: every part fits, decodes alone, and the parts
    /// together give the text back; no character is cut.
    #[test]
    fn split_into_self_contained_parts() {
        let text = "日本語のメッセージ、SMS で送ります。".repeat(12);
        for e in JAPANESE {
            let options = SplitOptions::new(Scheme::Udh8 { reference: 9 });
            let parts = Splitter::new(&text, e, options).unwrap();
            let n = parts.len();
            assert!(n > 2, "{e:?} {n}");
            let mut whole = String::new();
            let mut total_units = 0;
            for part in parts {
                let mut sm = [0xa5u8; 140];
                let len = part.encode(&mut sm).unwrap();
                assert_eq!(len, part.encoded_len());
                assert!(len <= 140);
                let payload = &sm[part.udh_len()..len];
                assert_eq!(payload.len(), part.units());
                total_units += part.units();
                let alone = dec(payload, e).unwrap();
                assert_eq!(alone, part.text().unwrap());
                if e == Encoding::Iso2022Jp {
                    assert!(!payload.ends_with(&TO_JIS0208[..]));
                    // Ends in ASCII: ESC ( B after a kanji, or an ASCII octet.
                    assert!(
                        payload.ends_with(&TO_ASCII)
                            || payload.last().is_some_and(u8::is_ascii_graphic)
                    );
                }
                whole.push_str(&alone);
            }
            assert_eq!(whole, text, "{e:?}");
            let plan = crate::concat::plan(&text, e, &options).unwrap();
            assert_eq!(plan.units, total_units);
        }
    }
}
