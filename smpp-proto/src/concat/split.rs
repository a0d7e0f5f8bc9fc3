//! Splitting a long message into parts (3GPP TS 23.040 §9.2.3.24.1 and .8;
//! SMPP 3.4 §5.3.2.22–24 for SAR; §5.3.2.32 for message_payload).
//!
//! A part holds at most 140 octets of user data (TP-UD): with a user data
//! header of `h` octets (UDHL included) that leaves `140 - h` octets for
//! 8-bit text, `(140 - h) / 2` UTF-16 units, and `(8 × (140 - h) - fill) / 7`
//! septets, the fill bits aligning the first septet after the header
//! (TS 23.040 §9.2.3.24): 153 / 134 / 67 behind the 6-octet 8-bit-reference
//! header, 152 / 133 / 66 behind the 7-octet 16-bit one, and fewer again
//! with national language IEs (3 octets each). A part never ends inside an
//! escape sequence or a surrogate pair: characters are never cut.
//!
//! Packed GSM 7 bit parts take care that a receiver without a septet count
//! reads them right (TS 23.038 §6.1.2.3.1): a part that is not the last
//! never ends with CR or `@` exactly on an octet boundary (that character
//! moves to the next part, and the spare bits get a CR pad).

use super::udh::{IEI_CONCAT_16, IEI_CONCAT_8, IEI_LOCKING_SHIFT, IEI_SINGLE_SHIFT};
use super::{Scheme, SplitError};
use crate::codec::{Tlv, TlvTag};
use crate::text::{self, fill_bits, Code, Coder, Encoding, Gsm7Tables, Packing};

/// User data octets of one short message on the air interface (TS 23.040
/// §9.2.3.16): 160 septets, 140 octets, 70 UTF-16 units.
pub const MAX_USER_DATA: usize = 140;

/// The largest message_payload value (its TLV length is 16 bits).
pub const MAX_MESSAGE_PAYLOAD: usize = 65535;

const CR: u8 = 0x0D;

/// How to split: the scheme, the GSM 7 bit packing, the size of a part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct SplitOptions {
    /// How the parts are tied together.
    pub scheme: Scheme,
    /// How GSM 7 bit septets are written into `short_message`.
    pub packing: Packing,
    /// User data octets per part, the UDH included ([`MAX_USER_DATA`]).
    /// Septet capacities are counted on the air interface, so an unpacked
    /// GSM 7 bit part of 153 septets is a 159-octet `short_message`. Not
    /// used by [`Scheme::MessagePayload`], whose limit is [`MAX_MESSAGE_PAYLOAD`]
    /// octets on the wire.
    pub max_user_data: usize,
}

impl SplitOptions {
    /// `scheme`, unpacked, 140 octets per part.
    pub const fn new(scheme: Scheme) -> Self {
        SplitOptions {
            scheme,
            packing: Packing::Unpacked,
            max_user_data: MAX_USER_DATA,
        }
    }

    /// The same, with GSM 7 bit septets packed.
    pub const fn packed(mut self) -> Self {
        self.packing = Packing::Packed;
        self
    }

    /// The same, with another part size.
    pub const fn max_user_data(mut self, octets: usize) -> Self {
        self.max_user_data = octets;
        self
    }
}

/// What splitting a message takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Plan {
    /// Number of parts (1 for a message that fits in one, or for
    /// [`Scheme::MessagePayload`]).
    pub parts: usize,
    /// Code units of the text: septets, octets or UTF-16 units.
    pub units: usize,
    /// User data octets over all parts, headers included, as written
    /// (unpacked GSM 7 bit counts one octet per septet).
    pub octets: usize,
    /// Octets of the user data header of each part (0 without one).
    pub udh_len: usize,
}

/// What is split: text in an encoding, or 8-bit data.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content<'t> {
    Text(&'t str, Encoding),
    Octets(&'t [u8]),
}

impl Content<'_> {
    const fn len(&self) -> usize {
        match self {
            Content::Text(t, _) => t.len(),
            Content::Octets(d) => d.len(),
        }
    }

    const fn tables(&self) -> Gsm7Tables {
        match self {
            Content::Text(_, Encoding::Gsm7(t)) => *t,
            _ => Gsm7Tables::DEFAULT,
        }
    }

    const fn is_gsm7(&self) -> bool {
        matches!(self, Content::Text(_, Encoding::Gsm7(_)))
    }
}

/// The layout every part of a message shares.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Layout {
    /// Concatenation IE (or SAR TLVs) present: more than one part.
    multi: bool,
    /// UDH octets, UDHL included; 0 without a UDH.
    udh_len: usize,
    /// Code units per part.
    cap: usize,
    /// GSM 7 bit septets are packed after `fill_bits(udh_len)` bits.
    packed: bool,
}

impl Layout {
    fn new(content: &Content<'_>, options: &SplitOptions, multi: bool) -> Result<Self, SplitError> {
        let concat_ie = match (multi, options.scheme) {
            (true, Scheme::Udh8 { .. }) => 5,
            (true, Scheme::Udh16 { .. }) => 6,
            _ => 0,
        };
        let ies = concat_ie + content.tables().udh_octets();
        let udh_len = if ies > 0 { 1 + ies } else { 0 };
        let packed = content.is_gsm7() && options.packing == Packing::Packed;
        let (budget, air) = match options.scheme {
            Scheme::MessagePayload => (MAX_MESSAGE_PAYLOAD, false),
            _ => (options.max_user_data, true),
        };
        let room = budget.checked_sub(udh_len).ok_or(SplitError::NoRoom)?;
        let cap = match content {
            Content::Text(_, Encoding::Gsm7(_)) if air || packed => {
                (room * 8).saturating_sub(usize::from(fill_bits(udh_len))) / 7
            }
            Content::Text(_, Encoding::Ucs2) => room / 2,
            _ => room,
        };
        if cap == 0 {
            return Err(SplitError::NoRoom);
        }
        Ok(Layout {
            multi,
            udh_len,
            cap,
            packed,
        })
    }

    fn fill(&self) -> u8 {
        fill_bits(self.udh_len)
    }
}

/// One part found by [`scan`]: `start..end` of the content.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    end: usize,
    units: usize,
    /// The last septet if it stands alone, for the packing rules.
    last_septet: Option<u8>,
}

/// A septet that stands alone (not part of an escape sequence): only
/// such a final septet can be taken for padding.
fn last_septet(code: Code) -> Option<u8> {
    match code {
        Code::Septet(s) => Some(s),
        _ => None,
    }
}

/// The longest part starting at `start` that fits `layout`.
fn scan(content: &Content<'_>, start: usize, layout: &Layout) -> Result<Span, SplitError> {
    let (text, encoding) = match *content {
        Content::Octets(d) => {
            let end = start.saturating_add(layout.cap).min(d.len());
            return Ok(Span {
                end,
                units: end.saturating_sub(start),
                last_septet: None,
            });
        }
        Content::Text(t, e) => (t, e),
    };
    let rest = text.get(start..).ok_or(SplitError::NoRoom)?;
    // (end, units, last code) after the last char taken and the one before.
    let mut cur = (start, 0usize, None::<Code>);
    let mut prev = cur;
    let mut chars = 0usize;
    // Every part starts in the encoding's initial state and returns to it
    // (ISO-2022-JP: ends in ASCII), so that each part decodes alone.
    let mut coder = Coder::new(encoding);
    for (i, ch) in rest.char_indices() {
        let mut next = coder;
        let code = next
            .code(ch)
            .ok_or(SplitError::Text(text::TextError::Unencodable {
                ch,
                offset: start + i,
            }))?;
        if cur.1 + code.units() + next.finish_units() > layout.cap {
            break;
        }
        coder = next;
        prev = cur;
        cur = (start + i + ch.len_utf8(), cur.1 + code.units(), Some(code));
        chars += 1;
    }
    if chars == 0 && cur.0 < text.len() {
        // Not even one character fits.
        return Err(SplitError::NoRoom);
    }
    if layout.packed && chars > 1 {
        let on_boundary = (usize::from(layout.fill()) + 7 * cur.1) % 8 == 0;
        let last = cur.2.and_then(last_septet);
        let is_final = cur.0 == text.len();
        let back_off = on_boundary
            && if is_final {
                // The CR rule doubles a final CR on a boundary: it needs room.
                last == Some(CR) && cur.1 + 1 > layout.cap
            } else {
                // A receiver would drop a final CR or '@' on a boundary.
                matches!(last, Some(CR | 0))
            };
        if back_off {
            cur = prev;
        }
    }
    // Only ISO-2022-JP has a state to leave, and it is never packed.
    cur.1 += coder.finish_units();
    Ok(Span {
        end: cur.0,
        units: cur.1,
        last_septet: cur.2.and_then(last_septet),
    })
}

/// User data octets of one part (payload and UDH).
fn part_octets(content: &Content<'_>, layout: &Layout, span: &Span, is_final: bool) -> usize {
    let payload = match content {
        Content::Octets(_) => span.units,
        Content::Text(_, Encoding::Ucs2) => span.units * 2,
        Content::Text(_, Encoding::Gsm7(_)) if layout.packed => {
            if span.units == 0 {
                0
            } else {
                let fill = usize::from(layout.fill());
                let mut septets = span.units;
                if is_final && span.last_septet == Some(CR) && (fill + 7 * septets) % 8 == 0 {
                    septets += 1;
                }
                (fill + 7 * septets).div_ceil(8)
            }
        }
        Content::Text(..) => span.units,
    };
    layout.udh_len + payload
}

/// Decides the layout and counts the parts.
fn layout_and_plan(
    content: &Content<'_>,
    options: &SplitOptions,
) -> Result<(Layout, Plan), SplitError> {
    let single = Layout::new(content, options, false)?;
    let first = scan(content, 0, &single)?;
    if first.end == content.len() {
        let plan = Plan {
            parts: 1,
            units: first.units,
            octets: part_octets(content, &single, &first, true),
            udh_len: single.udh_len,
        };
        return Ok((single, plan));
    }
    if options.scheme == Scheme::MessagePayload {
        return Err(SplitError::TooLong);
    }
    let layout = Layout::new(content, options, true)?;
    let mut plan = Plan {
        parts: 0,
        units: 0,
        octets: 0,
        udh_len: layout.udh_len,
    };
    let mut pos = 0;
    while pos < content.len() {
        let span = scan(content, pos, &layout)?;
        plan.parts += 1;
        plan.units += span.units;
        plan.octets += part_octets(content, &layout, &span, span.end == content.len());
        pos = span.end;
    }
    if plan.parts > 255 {
        return Err(SplitError::TooManyParts { parts: plan.parts });
    }
    Ok((layout, plan))
}

/// What splitting `text` in `encoding` takes: the number of parts, code
/// units and octets.
pub fn plan(text: &str, encoding: Encoding, options: &SplitOptions) -> Result<Plan, SplitError> {
    layout_and_plan(&Content::Text(text, encoding), options).map(|(_, p)| p)
}

/// The values of the sar_* TLVs of one part (SMPP 3.4 §5.3.2.22–24).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Sar {
    /// sar_msg_ref_num.
    pub msg_ref_num: u16,
    /// sar_total_segments.
    pub total_segments: u8,
    /// sar_segment_seqnum, from 1.
    pub segment_seqnum: u8,
}

impl Sar {
    /// The three TLVs, their values written into `storage`.
    pub fn tlvs<'a>(&self, storage: &'a mut [u8; 4]) -> [Tlv<'a>; 3] {
        *storage = [
            (self.msg_ref_num >> 8) as u8,
            self.msg_ref_num as u8,
            self.total_segments,
            self.segment_seqnum,
        ];
        let (r, rest) = storage.split_at(2);
        let (t, s) = rest.split_at(1);
        [
            Tlv::new(TlvTag::SAR_MSG_REF_NUM, r),
            Tlv::new(TlvTag::SAR_TOTAL_SEGMENTS, t),
            Tlv::new(TlvTag::SAR_SEGMENT_SEQNUM, s),
        ]
    }
}

/// Splits a message into parts: an iterator of [`Part`]s, each written
/// into a caller buffer with [`Part::encode`]. Nothing is allocated.
///
/// ```
/// use smpp_proto::concat::{Scheme, SplitOptions, Splitter};
/// use smpp_proto::text::Encoding;
///
/// let text = "a long text… ".repeat(20);
/// let options = SplitOptions::new(Scheme::Udh8 { reference: 0x42 });
/// let parts = Splitter::new(&text, Encoding::Ucs2, options).unwrap();
/// assert_eq!(parts.len(), 4);
/// let mut sm = [0u8; 140];
/// for part in parts {
///     let n = part.encode(&mut sm).unwrap();
///     let esm_class = part.esm_class(0); // UDHI (0x40) when a UDH is present
///     // submit_sm with short_message = &sm[..n], esm_class, data_coding 0x08
///     # assert!(n <= 140 && esm_class == 0x40);
/// }
/// ```
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone)]
pub struct Splitter<'t> {
    content: Content<'t>,
    scheme: Scheme,
    layout: Layout,
    plan: Plan,
    pos: usize,
    seq: u8,
}

impl<'t> Splitter<'t> {
    /// Plans the split of `text` in `encoding`; fails if a character cannot
    /// be encoded, a part has no room, or more than 255 parts are needed.
    pub fn new(
        text: &'t str,
        encoding: Encoding,
        options: SplitOptions,
    ) -> Result<Self, SplitError> {
        Self::with(Content::Text(text, encoding), options)
    }

    /// Plans the split of 8-bit data (`data_coding` 0x02, 0x04 or a binary class).
    pub fn binary(data: &'t [u8], options: SplitOptions) -> Result<Self, SplitError> {
        Self::with(Content::Octets(data), options)
    }

    fn with(content: Content<'t>, options: SplitOptions) -> Result<Self, SplitError> {
        let (layout, plan) = layout_and_plan(&content, &options)?;
        Ok(Splitter {
            content,
            scheme: options.scheme,
            layout,
            plan,
            pos: 0,
            seq: 0,
        })
    }

    /// The plan: parts, units, octets.
    pub const fn plan(&self) -> Plan {
        self.plan
    }
}

impl<'t> Iterator for Splitter<'t> {
    type Item = Part<'t>;

    fn next(&mut self) -> Option<Part<'t>> {
        let len = self.content.len();
        if usize::from(self.seq) >= self.plan.parts || (self.pos >= len && self.seq > 0) {
            return None;
        }
        // INVARIANT: the same scan already succeeded in `layout_and_plan`.
        let span = scan(&self.content, self.pos, &self.layout).ok()?;
        let start = self.pos;
        self.pos = span.end;
        self.seq += 1;
        let content = match self.content {
            Content::Text(t, e) => Content::Text(t.get(start..span.end)?, e),
            Content::Octets(d) => Content::Octets(d.get(start..span.end)?),
        };
        Some(Part {
            content,
            scheme: self.scheme,
            layout: self.layout,
            span,
            seq: self.seq,
            total: self.plan.parts as u8,
            is_final: span.end == len,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.plan.parts - usize::from(self.seq);
        (left, Some(left))
    }
}

impl ExactSizeIterator for Splitter<'_> {}

/// One part of a split message.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part<'t> {
    content: Content<'t>,
    scheme: Scheme,
    layout: Layout,
    span: Span,
    seq: u8,
    total: u8,
    is_final: bool,
}

impl<'t> Part<'t> {
    /// This part's number, from 1.
    pub const fn seq(&self) -> u8 {
        self.seq
    }

    /// The number of parts.
    pub const fn total(&self) -> u8 {
        self.total
    }

    /// The text of this part (`None` for 8-bit data).
    pub const fn text(&self) -> Option<&'t str> {
        match self.content {
            Content::Text(t, _) => Some(t),
            Content::Octets(_) => None,
        }
    }

    /// Code units in this part: septets, octets or UTF-16 units.
    pub const fn units(&self) -> usize {
        self.span.units
    }

    /// Octets of this part's user data header (0 without one).
    pub const fn udh_len(&self) -> usize {
        self.layout.udh_len
    }

    /// `true` when the part starts with a user data header: set UDHI.
    pub const fn udhi(&self) -> bool {
        self.layout.udh_len > 0
    }

    /// `esm_class` with the UDHI bit (0x40) set when the part has a UDH.
    pub const fn esm_class(&self, esm_class: u8) -> u8 {
        if self.udhi() {
            esm_class | super::ESM_CLASS_UDHI
        } else {
            esm_class & !super::ESM_CLASS_UDHI
        }
    }

    /// The sar_* TLV values, with [`Scheme::Sar`] and more than one part.
    pub const fn sar(&self) -> Option<Sar> {
        match self.scheme {
            Scheme::Sar { reference } if self.layout.multi => Some(Sar {
                msg_ref_num: reference,
                total_segments: self.total,
                segment_seqnum: self.seq,
            }),
            _ => None,
        }
    }

    /// Octets [`Part::encode`] writes.
    pub fn encoded_len(&self) -> usize {
        part_octets(&self.content, &self.layout, &self.span, self.is_final)
    }

    /// Writes the user data (UDH and payload) into `buf`, for
    /// `short_message` or the message_payload TLV; returns the octets
    /// written. Never panics; a buffer shorter than [`Part::encoded_len`]
    /// is [`SplitError::BufferTooSmall`].
    pub fn encode(&self, buf: &mut [u8]) -> Result<usize, SplitError> {
        let h = self.write_udh(buf)?;
        let out = buf.get_mut(h..).ok_or(SplitError::BufferTooSmall)?;
        let n = match self.content {
            Content::Octets(d) => {
                out.get_mut(..d.len())
                    .ok_or(SplitError::BufferTooSmall)?
                    .copy_from_slice(d);
                d.len()
            }
            Content::Text(t, Encoding::Gsm7(tables)) if self.layout.packed => {
                text::encode_packed(t, tables, self.layout.fill(), out)
                    .map_err(SplitError::from)?
                    .octets
            }
            Content::Text(t, e) => text::encode(t, e, out).map_err(SplitError::from)?,
        };
        Ok(h + n)
    }

    fn write_udh(&self, buf: &mut [u8]) -> Result<usize, SplitError> {
        let h = self.layout.udh_len;
        if h == 0 {
            return Ok(0);
        }
        let udh = buf.get_mut(..h).ok_or(SplitError::BufferTooSmall)?;
        let mut ies = [0u8; 13];
        let mut n = 0;
        let mut put = |bytes: &[u8]| {
            for &b in bytes {
                if let Some(slot) = ies.get_mut(n) {
                    *slot = b;
                }
                n += 1;
            }
        };
        if self.layout.multi {
            match self.scheme {
                Scheme::Udh8 { reference } => {
                    put(&[IEI_CONCAT_8, 3, reference, self.total, self.seq]);
                }
                Scheme::Udh16 { reference } => {
                    let [hi, lo] = reference.to_be_bytes();
                    put(&[IEI_CONCAT_16, 4, hi, lo, self.total, self.seq]);
                }
                Scheme::Sar { .. } | Scheme::MessagePayload => {}
            }
        }
        let tables = self.content.tables();
        if !matches!(tables.single_shift, text::NationalLanguage::Default) {
            put(&[IEI_SINGLE_SHIFT, 1, tables.single_shift.id()]);
        }
        if tables.has_locking_ie() {
            put(&[IEI_LOCKING_SHIFT, 1, tables.locking.id()]);
        }
        let (udhl, rest) = udh.split_first_mut().ok_or(SplitError::BufferTooSmall)?;
        let ies = ies.get(..n).filter(|ies| ies.len() == rest.len());
        // INVARIANT: `Layout::new` counted exactly these IEs into `udh_len`.
        rest.copy_from_slice(ies.ok_or(SplitError::BufferTooSmall)?);
        *udhl = n as u8;
        Ok(h)
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use crate::text::NationalLanguage;
    use std::string::String;
    use std::vec::Vec;

    fn parts(text: &str, e: Encoding, o: SplitOptions) -> Vec<(usize, usize, String)> {
        Splitter::new(text, e, o)
            .unwrap()
            .map(|p| (p.units(), p.udh_len(), String::from(p.text().unwrap())))
            .collect()
    }

    fn caps(text_char: &str, e: Encoding, o: SplitOptions) -> (usize, usize) {
        let text = text_char.repeat(400);
        let p = parts(&text, e, o);
        (p[0].0, p[0].1)
    }

    #[test]
    fn capacities() {
        let u8r = SplitOptions::new(Scheme::Udh8 { reference: 1 });
        let u16r = SplitOptions::new(Scheme::Udh16 { reference: 1 });
        let sar = SplitOptions::new(Scheme::Sar { reference: 1 });
        let gsm = Encoding::GSM7;
        assert_eq!(caps("a", gsm, u8r), (153, 6));
        assert_eq!(caps("a", gsm, u8r.packed()), (153, 6));
        assert_eq!(caps("a", Encoding::Latin1, u8r), (134, 6));
        assert_eq!(caps("a", Encoding::Ucs2, u8r), (67, 6));
        assert_eq!(caps("a", gsm, u16r), (152, 7));
        assert_eq!(caps("a", Encoding::Latin1, u16r), (133, 7));
        assert_eq!(caps("a", Encoding::Ucs2, u16r), (66, 7));
        assert_eq!(caps("a", gsm, sar), (160, 0));
        assert_eq!(caps("a", Encoding::Latin1, sar), (140, 0));
        assert_eq!(caps("a", Encoding::Ucs2, sar), (70, 0));
        // National language IEs: 3 octets each.
        let one = Encoding::Gsm7(Gsm7Tables::new(
            NationalLanguage::Default,
            NationalLanguage::Spanish,
        ));
        let two = Encoding::Gsm7(Gsm7Tables::language(NationalLanguage::Portuguese));
        assert_eq!(caps("a", one, u8r), (149, 9));
        assert_eq!(caps("a", two, u8r), (146, 12));
        assert_eq!(caps("a", one, u16r), (148, 10));
        assert_eq!(caps("a", two, sar), (152, 7));
        // Single part limits.
        assert_eq!(plan(&"a".repeat(160), gsm, &u8r).unwrap().parts, 1);
        assert_eq!(plan(&"a".repeat(161), gsm, &u8r).unwrap().parts, 2);
        assert_eq!(plan(&"a".repeat(155), one, &u8r).unwrap().parts, 1);
        assert_eq!(plan(&"a".repeat(156), one, &u8r).unwrap().parts, 2);
        assert_eq!(
            plan(&"é".repeat(70), Encoding::Ucs2, &u8r).unwrap().parts,
            1
        );
        assert_eq!(
            plan(&"é".repeat(71), Encoding::Ucs2, &u8r).unwrap().parts,
            2
        );
        let payload = SplitOptions::new(Scheme::MessagePayload);
        let p = plan(&"a".repeat(1000), gsm, &payload).unwrap();
        assert_eq!((p.parts, p.octets, p.udh_len), (1, 1000, 0));
        assert_eq!(
            plan(&"a".repeat(70000), gsm, &payload),
            Err(SplitError::TooLong)
        );
        assert_eq!(
            plan(&"a".repeat(153 * 255 + 1), gsm, &u8r),
            Err(SplitError::TooManyParts { parts: 256 })
        );
    }

    #[test]
    fn escapes_and_pairs_stay_whole() {
        let u8r = SplitOptions::new(Scheme::Udh8 { reference: 1 });
        let text = "a".repeat(152) + "€" + &"b".repeat(10);
        let p = parts(&text, Encoding::GSM7, u8r);
        assert_eq!(p[0].0, 152);
        assert!(p[1].2.starts_with('€'));
        let text = "a".repeat(66) + "😀" + &"b".repeat(10);
        let p = parts(&text, Encoding::Ucs2, u8r);
        assert_eq!((p[0].0, p[1].0), (66, 12));
    }

    #[test]
    fn udh_and_esm_class() {
        let u16r = SplitOptions::new(Scheme::Udh16 { reference: 0x1234 });
        let tables = Gsm7Tables::language(NationalLanguage::Turkish);
        let text = "ş".repeat(200);
        let mut buf = [0xa5u8; 160];
        let mut split = Splitter::new(&text, Encoding::Gsm7(tables), u16r).unwrap();
        assert_eq!(split.len(), 2);
        let part = split.next().unwrap();
        let n = part.encode(&mut buf).unwrap();
        assert_eq!(n, part.encoded_len());
        assert_eq!(
            buf[..13],
            [12, 0x08, 4, 0x12, 0x34, 2, 1, 0x24, 1, 1, 0x25, 1, 1]
        );
        assert_eq!(buf[13], 0x1D);
        assert_eq!(part.esm_class(0x03), 0x43);
        assert_eq!(part.sar(), None);
        let mut small = [0u8; 20];
        assert_eq!(part.encode(&mut small), Err(SplitError::BufferTooSmall));
        // A message that fits one part has no concatenation IE.
        let mut one = Splitter::new("hi", Encoding::GSM7, u16r).unwrap();
        let part = one.next().unwrap();
        assert!(!part.udhi());
        assert_eq!(part.esm_class(0x40), 0x00);
        assert_eq!(part.encode(&mut buf), Ok(2));
    }

    #[test]
    fn sar_parts() {
        let sar = SplitOptions::new(Scheme::Sar { reference: 0xBEEF });
        let text = "x".repeat(300);
        let split = Splitter::new(&text, Encoding::Latin1, sar).unwrap();
        let parts: Vec<_> = split.collect();
        assert_eq!(parts.len(), 3);
        let s = parts[2].sar().unwrap();
        assert_eq!(
            (s.msg_ref_num, s.total_segments, s.segment_seqnum),
            (0xBEEF, 3, 3)
        );
        let mut storage = [0; 4];
        let tlvs = s.tlvs(&mut storage);
        assert_eq!(tlvs[0].value, [0xBE, 0xEF]);
        assert_eq!(tlvs[1].value, [3]);
        assert_eq!(tlvs[2].value, [3]);
        assert!(!parts[0].udhi());
    }

    #[test]
    fn packed_parts_avoid_ambiguous_ends() {
        let u8r = SplitOptions::new(Scheme::Udh8 { reference: 1 }).packed();
        // Septet 153 of part 1 would be '@' on an octet boundary: it moves.
        let text = "a".repeat(152) + "@" + &"b".repeat(10);
        let p = parts(&text, Encoding::GSM7, u8r);
        assert_eq!(p[0].0, 152);
        assert!(p[1].2.starts_with('@'));
        let text = "a".repeat(152) + "\r" + &"b".repeat(10);
        assert_eq!(parts(&text, Encoding::GSM7, u8r)[0].0, 152);
        // Unpacked parts need no such care.
        let text = "a".repeat(152) + "@" + &"b".repeat(10);
        let unpacked = SplitOptions::new(Scheme::Udh8 { reference: 1 });
        assert_eq!(parts(&text, Encoding::GSM7, unpacked)[0].0, 153);
    }

    #[test]
    fn binary_and_budgets() {
        let o = SplitOptions::new(Scheme::Udh8 { reference: 123 }).max_user_data(8);
        let split = Splitter::binary(b"abcdefghi", o).unwrap();
        assert_eq!(split.len(), 5);
        assert_eq!(
            Splitter::binary(b"abc", o.max_user_data(6)).err(),
            None,
            "fits unsplit"
        );
        assert_eq!(
            Splitter::binary(b"abcdefg", o.max_user_data(6)).err(),
            Some(SplitError::NoRoom)
        );
        assert_eq!(
            plan("€", Encoding::GSM7, &o.max_user_data(1)),
            Err(SplitError::NoRoom)
        );
    }
}
