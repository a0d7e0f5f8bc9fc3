//! Picking the cheapest encoding that represents a text exactly.
//!
//! Candidates, in the order that breaks ties: the GSM 7 bit default
//! alphabet; GSM 7 bit with national language tables (TS 23.038 Annex A,
//! only those the caller allows: they need UDH IEs 0x24 / 0x25, 3 octets
//! each, and a handset that knows them); IA5; Latin-1; ISO-8859-5;
//! ISO-8859-8; UCS-2; then, only when the caller allows them by name
//! (they are not in [`Allowed::ALL_CHARSETS`]), the far-east encodings of
//! the `cjk` feature: Shift_JIS, EUC-JP, ISO-2022-JP, EUC-KR. They come
//! after UCS-2, so they win only when strictly cheaper (text with ASCII
//! in it: a kanji costs two octets in each). [`Encoding::Pictogram`] is
//! never a candidate. The cheapest needs the fewest parts under the given
//! [`SplitOptions`], then the fewest octets.

use super::{Encoding, Gsm7Tables, NationalLanguage};
use crate::concat::{plan, Plan, SplitError, SplitOptions};

/// The encodings a caller (or its SMSC) accepts.
///
/// ```
/// use smpp_proto::text::{Allowed, NationalLanguage};
///
/// let allowed = Allowed::GSM7_UCS2.with_language(NationalLanguage::Turkish);
/// assert!(allowed.allows_latin1() == false);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Allowed {
    /// Bit per character set, see the `CHARSET_*` constants.
    charsets: u16,
    /// Bit per national language allowed as locking shift table.
    locking: u16,
    /// Bit per national language allowed as single shift table.
    single_shift: u16,
}

const GSM7: u16 = 1;
const IA5: u16 = 2;
const LATIN1: u16 = 4;
const CYRILLIC: u16 = 8;
const HEBREW: u16 = 16;
const UCS2: u16 = 32;

/// Every character set a link might announce, one encoding each, in the
/// order [`choose`] tries them (the default GSM 7 bit tables stand for all).
pub(crate) const CHARSETS: &[Encoding] = &[
    Encoding::GSM7,
    Encoding::Ia5,
    Encoding::Latin1,
    Encoding::Cyrillic,
    Encoding::Hebrew,
    Encoding::Ucs2,
    #[cfg(feature = "cjk")]
    Encoding::ShiftJis,
    #[cfg(feature = "cjk")]
    Encoding::EucJp,
    #[cfg(feature = "cjk")]
    Encoding::Iso2022Jp,
    #[cfg(feature = "cjk")]
    Encoding::EucKr,
];

const fn charset_bit(e: Encoding) -> u16 {
    match e {
        Encoding::Gsm7(_) => GSM7,
        Encoding::Ia5 => IA5,
        Encoding::Latin1 => LATIN1,
        Encoding::Cyrillic => CYRILLIC,
        Encoding::Hebrew => HEBREW,
        Encoding::Ucs2 => UCS2,
        // Never chosen: not a character set anyone documents.
        Encoding::Pictogram => 0,
        #[cfg(feature = "cjk")]
        Encoding::ShiftJis => 64,
        #[cfg(feature = "cjk")]
        Encoding::EucJp => 128,
        #[cfg(feature = "cjk")]
        Encoding::Iso2022Jp => 256,
        #[cfg(feature = "cjk")]
        Encoding::EucKr => 512,
    }
}

impl Allowed {
    /// Nothing allowed.
    pub const NONE: Allowed = Allowed {
        charsets: 0,
        locking: 0,
        single_shift: 0,
    };
    /// The GSM 7 bit default alphabet and UCS-2: what every SMSC takes.
    pub const GSM7_UCS2: Allowed = Allowed::NONE.with(Encoding::GSM7).with(Encoding::Ucs2);
    /// Every character set of the GSM and ISO-8859 families and UCS-2, no
    /// national tables; not the far-east encodings (add them with
    /// [`Allowed::with`]).
    pub const ALL_CHARSETS: Allowed = Allowed::GSM7_UCS2
        .with(Encoding::Ia5)
        .with(Encoding::Latin1)
        .with(Encoding::Cyrillic)
        .with(Encoding::Hebrew);

    /// Also allows `encoding`; a GSM 7 bit encoding with national tables
    /// also allows those tables.
    pub const fn with(self, encoding: Encoding) -> Allowed {
        let mut a = self;
        a.charsets |= charset_bit(encoding);
        if let Encoding::Gsm7(t) = encoding {
            a = a
                .with_locking_shift(t.locking)
                .with_single_shift(t.single_shift);
        }
        a
    }

    /// No longer allows `encoding`'s character set (for GSM 7 bit: the
    /// alphabet with all its tables).
    pub const fn without(mut self, encoding: Encoding) -> Allowed {
        self.charsets &= !charset_bit(encoding);
        self
    }

    /// Also allows `language`'s locking shift table (and the GSM 7 bit alphabet).
    pub const fn with_locking_shift(mut self, language: NationalLanguage) -> Allowed {
        self.charsets |= GSM7;
        if language.has_locking_shift() {
            self.locking |= 1 << language.id();
        }
        self
    }

    /// Also allows `language`'s single shift table (and the GSM 7 bit alphabet).
    pub const fn with_single_shift(mut self, language: NationalLanguage) -> Allowed {
        self.charsets |= GSM7;
        self.single_shift |= 1 << language.id();
        self
    }

    /// Also allows both of `language`'s tables.
    pub const fn with_language(self, language: NationalLanguage) -> Allowed {
        self.with_locking_shift(language)
            .with_single_shift(language)
    }

    /// `true` if `encoding` (with its tables) is allowed.
    pub const fn allows(self, encoding: Encoding) -> bool {
        if self.charsets & charset_bit(encoding) == 0 {
            return false;
        }
        match encoding {
            Encoding::Gsm7(t) => {
                let l = t.locking.id();
                let s = t.single_shift.id();
                (l == 0 || self.locking & (1 << l) != 0)
                    && (s == 0 || self.single_shift & (1 << s) != 0)
            }
            _ => true,
        }
    }

    /// `true` if Latin-1 is allowed.
    pub const fn allows_latin1(self) -> bool {
        self.charsets & LATIN1 != 0
    }

    /// The candidates allowed, in tie-breaking order.
    fn candidates(self) -> impl Iterator<Item = Encoding> {
        let national = NationalLanguage::ALL.into_iter().flat_map(move |l| {
            NationalLanguage::ALL
                .into_iter()
                .map(move |s| Encoding::Gsm7(Gsm7Tables::new(l, s)))
        });
        // The default alphabet first, then national pairs by fewest UDH octets.
        let gsm = core::iter::once(Encoding::GSM7)
            .chain(national.clone().filter(|e| udh_octets(*e) == 3))
            .chain(national.filter(|e| udh_octets(*e) == 6));
        gsm.chain(CHARSETS.iter().copied().skip(1))
            .filter(move |e| self.allows(*e))
    }
}

fn udh_octets(e: Encoding) -> usize {
    match e {
        Encoding::Gsm7(t) => t.udh_octets(),
        _ => 0,
    }
}

/// The encoding [`choose`] picked and what it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Choice {
    /// The cheapest allowed encoding that represents the text exactly.
    pub encoding: Encoding,
    /// Parts, code units and octets with that encoding.
    pub plan: Plan,
}

/// Picks the cheapest allowed encoding for `text`: fewest parts under
/// `options`, then fewest octets, then the earlier candidate (see the
/// module docs).
///
/// When no allowed encoding can represent the text, the error is the first
/// candidate's (usually the GSM 7 bit alphabet's unencodable character).
///
/// ```
/// use smpp_proto::concat::{Scheme, SplitOptions};
/// use smpp_proto::text::{choose, Allowed, Encoding};
///
/// let options = SplitOptions::new(Scheme::Udh8 { reference: 1 });
/// let c = choose("Hello {world}", Allowed::GSM7_UCS2, &options).unwrap();
/// assert_eq!((c.encoding, c.plan.parts), (Encoding::GSM7, 1));
/// let c = choose("Grüße 😀", Allowed::GSM7_UCS2, &options).unwrap();
/// assert_eq!(c.encoding, Encoding::Ucs2);
/// ```
pub fn choose(text: &str, allowed: Allowed, options: &SplitOptions) -> Result<Choice, SplitError> {
    let mut best: Option<Choice> = None;
    let mut first_error = None;
    for encoding in allowed.candidates() {
        match plan(text, encoding, options) {
            // One septet per character in the default alphabet (no escape):
            // every other candidate takes at least as many octets (a
            // national table adds its UDH, a character set one octet or more
            // per character) and fits no more per part, so none is cheaper,
            // and on a tie the first wins.
            Ok(p) if encoding == Encoding::GSM7 && p.units == text.chars().count() => {
                return Ok(Choice { encoding, plan: p });
            }
            Ok(p) => {
                let better =
                    best.is_none_or(|b| (p.parts, p.octets) < (b.plan.parts, b.plan.octets));
                if better {
                    best = Some(Choice { encoding, plan: p });
                }
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    best.ok_or(first_error.unwrap_or(SplitError::NoRoom))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::concat::Scheme;

    proptest::proptest! {
        /// The shortcut for plain default-alphabet text picks what trying
        /// every candidate would.
        #[test]
        fn shortcut_picks_what_every_candidate_would(
            text in proptest::prop_oneof![
                // The default alphabet without escapes: the shortcut.
                "[a-zA-Z0-9 .,!?@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ]{0,400}",
                // Escapes, national letters, other scripts: every candidate.
                "[a-zA-Z0-9 .,{}~^|€çğışâ]{0,400}",
                "[a-z{€çşâЖ]{0,60}",
            ],
            packed: bool,
            languages: bool,
        ) {
            let mut options = SplitOptions::new(Scheme::Udh8 { reference: 7 });
            if packed {
                options = options.packed();
            }
            let mut allowed = Allowed::ALL_CHARSETS;
            if languages {
                allowed = allowed
                    .with_language(NationalLanguage::Turkish)
                    .with_language(NationalLanguage::Portuguese);
            }
            let mut best: Option<Choice> = None;
            for encoding in allowed.candidates() {
                if let Ok(p) = plan(&text, encoding, &options) {
                    if best.is_none_or(|b| (p.parts, p.octets) < (b.plan.parts, b.plan.octets)) {
                        best = Some(Choice { encoding, plan: p });
                    }
                }
            }
            proptest::prop_assert_eq!(choose(&text, allowed, &options).ok(), best);
        }
    }

    fn opts() -> SplitOptions {
        SplitOptions::new(Scheme::Udh8 { reference: 7 })
    }

    #[test]
    fn prefers_gsm7_then_fewer_parts() {
        let c = choose("plain text", Allowed::ALL_CHARSETS, &opts()).unwrap();
        assert_eq!(c.encoding, Encoding::GSM7);
        // 'ä' is GSM, 'â' is not: Latin-1 beats UCS-2 when allowed.
        let c = choose("â", Allowed::ALL_CHARSETS, &opts()).unwrap();
        assert_eq!(c.encoding, Encoding::Latin1);
        let c = choose("â", Allowed::GSM7_UCS2, &opts()).unwrap();
        assert_eq!(c.encoding, Encoding::Ucs2);
        // 150 Latin-1 letters with one '€': GSM 7 bit (1 part of 152 septets)
        // beats Latin-1, which cannot carry '€' anyway, and UCS-2 (3 parts).
        let text = "a".repeat(150) + "€";
        let c = choose(&text, Allowed::ALL_CHARSETS, &opts()).unwrap();
        assert_eq!((c.encoding, c.plan.parts), (Encoding::GSM7, 1));
        // Many braces: GSM 7 bit needs 2 septets each, Latin-1 one octet.
        let text = "{".repeat(75);
        let c = choose(&text, Allowed::ALL_CHARSETS, &opts()).unwrap();
        assert_eq!((c.encoding, c.plan.parts), (Encoding::Ia5, 1));
    }

    #[test]
    fn national_tables_only_when_allowed() {
        let text = "Çok güzel ışık, şimdi ğ"; // Turkish
        let c = choose(text, Allowed::GSM7_UCS2, &opts()).unwrap();
        assert_eq!(c.encoding, Encoding::Ucs2);
        let allowed = Allowed::GSM7_UCS2.with_language(NationalLanguage::Turkish);
        let c = choose(text, allowed, &opts()).unwrap();
        // The single shift table alone carries every Turkish letter in 3
        // UDH octets; the locking table is cheaper per character but the
        // text fits one part either way, so fewer octets decide.
        assert!(matches!(c.encoding, Encoding::Gsm7(t) if !t.is_default()));
        assert_eq!(c.plan.parts, 1);
        let hindi = "नमस्ते दुनिया";
        let allowed = Allowed::GSM7_UCS2.with_language(NationalLanguage::Hindi);
        let c = choose(hindi, allowed, &opts()).unwrap();
        assert_eq!(
            c.encoding,
            Encoding::Gsm7(Gsm7Tables::new(
                NationalLanguage::Hindi,
                NationalLanguage::Default
            ))
        );
    }

    #[test]
    fn far_east_only_when_allowed() {
        assert!(!Allowed::ALL_CHARSETS.allows(Encoding::Pictogram));
        assert!(!Allowed::ALL_CHARSETS
            .with(Encoding::Pictogram)
            .allows(Encoding::Pictogram));
        #[cfg(feature = "cjk")]
        {
            let c = choose("Tokyo 東京 2024", Allowed::ALL_CHARSETS, &opts()).unwrap();
            assert_eq!(c.encoding, Encoding::Ucs2);
            let allowed = Allowed::ALL_CHARSETS.with(Encoding::ShiftJis);
            let c = choose("Tokyo 東京 2024", allowed, &opts()).unwrap();
            assert_eq!((c.encoding, c.plan.octets), (Encoding::ShiftJis, 15));
            // Kanji only: two octets either way, UCS-2 wins the tie.
            let c = choose("東京", allowed, &opts()).unwrap();
            assert_eq!(c.encoding, Encoding::Ucs2);
            let allowed = Allowed::GSM7_UCS2.with(Encoding::EucKr);
            let c = choose("서울 Seoul", allowed, &opts()).unwrap();
            assert_eq!(c.encoding, Encoding::EucKr);
            assert!(!allowed.without(Encoding::EucKr).allows(Encoding::EucKr));
        }
    }

    #[test]
    fn nothing_fits() {
        let e = choose("😀", Allowed::NONE.with(Encoding::GSM7), &opts());
        assert!(matches!(e, Err(SplitError::Text(_))));
        assert_eq!(choose("x", Allowed::NONE, &opts()), Err(SplitError::NoRoom));
        assert!(Allowed::GSM7_UCS2.allows(Encoding::Ucs2));
        assert!(!Allowed::GSM7_UCS2
            .allows(Encoding::Gsm7(Gsm7Tables::language(NationalLanguage::Urdu))));
    }
}
