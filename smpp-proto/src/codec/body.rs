//! What every PDU body implements, the field kinds they are made of, and the
//! `body!` macro that turns one field table into a body's struct, decode,
//! encoded length, encode, [`Visitor`] walk, [`Fill`] and `FIELDS` table
//! (SMPP 3.4 §3.1 and §5.2 for the field types, §4 for the tables).
//!
//! A leaf of the codec: the PDU files import from here and from `wire.rs`,
//! never from each other.

use super::names::{Field, Kind};
pub(crate) use super::names::{ADDR21_MAX, ADDR65_MAX, MESSAGE_ID_MAX, SERVICE_TYPE_MAX};
use super::smpp_time::{SmppTime, TIME_MAX};
use super::tlv::Tlvs;
use super::version::InterfaceVersion;
use super::visit::{Fill, Visitor};
use super::wire::{cstr, u8_field, Parsed, Writer};
use crate::error::{DecodeError, EncodeError};

/// What every PDU body type implements.
pub(crate) trait Body<'a>: Sized {
    /// Decodes exactly the body octets (after the 16-octet header).
    fn decode_body(body: &'a [u8]) -> Result<Self, DecodeError>;
    /// Octets the body takes; `tlvs` is false when TLVs are left out (SMPP 3.3).
    fn body_len(&self, tlvs: bool) -> usize;
    /// Writes the body.
    fn encode_body(&self, w: &mut Writer<'_>) -> Result<(), EncodeError>;
}

/// The TLV area after the mandatory fields; `rest` is what is left of `body`.
pub(crate) fn rest_tlvs<'a>(body: &'a [u8], rest: &'a [u8]) -> Result<Tlvs<'a>, DecodeError> {
    Tlvs::parse(rest, body.len() - rest.len())
}

/// Fails when a PDU without TLVs has octets after its mandatory fields.
#[inline(always)]
pub(crate) fn no_trailing(rest: &[u8]) -> Result<(), DecodeError> {
    if rest.is_empty() {
        Ok(())
    } else {
        Err(DecodeError::TrailingBytes {
            extra: rest.len().min(u16::MAX as usize) as u16,
        })
    }
}

/// Length of a TLV area when TLVs are written.
#[inline(always)]
pub(crate) fn opt_tlvs_len(t: &Tlvs<'_>, tlvs: bool) -> usize {
    if tlvs {
        t.encoded_len()
    } else {
        0
    }
}

/// One field kind of a body table: how a value of it is read, measured,
/// written, visited and filled. The kinds are small `Copy` values (a
/// C-Octet String carries its maximum), named in the tables as expressions
/// (`CStr(16)`, `U8`).
pub(crate) trait Wire<'a>: Copy {
    /// The Rust type of the field.
    type Value;
    /// Reads the field from `i`, what is left of `body`.
    fn decode(self, i: &'a [u8], body: &'a [u8], f: Field) -> Parsed<'a, Self::Value>;
    /// Octets the field takes; `tlvs` is false when TLVs are left out.
    fn len(self, v: &Self::Value, tlvs: bool) -> usize;
    /// Writes the field.
    fn encode(self, v: &Self::Value, w: &mut Writer<'_>, f: Field) -> Result<(), EncodeError>;
    /// Hands the field to a visitor.
    fn visit<V: Visitor<'a>>(self, v: &Self::Value, f: Field, vis: &mut V);
    /// Asks a filler for the field.
    fn fill<F: Fill<'a>>(self, f: Field, fill: &mut F) -> Result<Self::Value, F::Error>;
    /// Whether this field opens a body that may be absent ([`OptCStr`]):
    /// it is visited even when the rest of the body is not.
    #[inline(always)]
    fn opens_body(self) -> bool {
        false
    }
}

/// An Integer of 1 octet.
#[derive(Clone, Copy)]
pub(crate) struct U8;

impl U8 {
    pub(crate) const fn kind(self) -> Kind {
        Kind::U8
    }
}

impl<'a> Wire<'a> for U8 {
    type Value = u8;
    #[inline(always)]
    fn decode(self, i: &'a [u8], _: &'a [u8], f: Field) -> Parsed<'a, u8> {
        u8_field(i, f)
    }
    #[inline(always)]
    fn len(self, _: &u8, _: bool) -> usize {
        1
    }
    #[inline(always)]
    fn encode(self, v: &u8, w: &mut Writer<'_>, _: Field) -> Result<(), EncodeError> {
        w.u8(*v)
    }
    fn visit<V: Visitor<'a>>(self, v: &u8, f: Field, vis: &mut V) {
        vis.u8(f, *v);
    }
    fn fill<F: Fill<'a>>(self, f: Field, fill: &mut F) -> Result<u8, F::Error> {
        fill.u8(f)
    }
}

/// interface_version (SMPP 3.4 §5.2.4): 1 octet.
#[derive(Clone, Copy)]
pub(crate) struct Version;

impl Version {
    pub(crate) const fn kind(self) -> Kind {
        Kind::Version
    }
}

impl<'a> Wire<'a> for Version {
    type Value = InterfaceVersion;
    #[inline(always)]
    fn decode(self, i: &'a [u8], _: &'a [u8], f: Field) -> Parsed<'a, InterfaceVersion> {
        let (i, v) = u8_field(i, f)?;
        Ok((i, InterfaceVersion(v)))
    }
    #[inline(always)]
    fn len(self, _: &InterfaceVersion, _: bool) -> usize {
        1
    }
    #[inline(always)]
    fn encode(self, v: &InterfaceVersion, w: &mut Writer<'_>, _: Field) -> Result<(), EncodeError> {
        w.u8(v.0)
    }
    fn visit<V: Visitor<'a>>(self, v: &InterfaceVersion, f: Field, vis: &mut V) {
        vis.version(f, *v);
    }
    fn fill<F: Fill<'a>>(self, f: Field, fill: &mut F) -> Result<InterfaceVersion, F::Error> {
        fill.version(f)
    }
}

/// A C-Octet String of at most `.0` octets, NUL included (SMPP 3.4 §3.1).
#[derive(Clone, Copy)]
pub(crate) struct CStr(pub(crate) u16);

impl CStr {
    pub(crate) const fn kind(self) -> Kind {
        Kind::CStr { max: self.0 }
    }
}

impl<'a> Wire<'a> for CStr {
    type Value = &'a [u8];
    #[inline(always)]
    fn decode(self, i: &'a [u8], _: &'a [u8], f: Field) -> Parsed<'a, &'a [u8]> {
        cstr(i, f, self.0)
    }
    #[inline(always)]
    fn len(self, v: &&'a [u8], _: bool) -> usize {
        v.len() + 1
    }
    #[inline(always)]
    fn encode(self, v: &&'a [u8], w: &mut Writer<'_>, f: Field) -> Result<(), EncodeError> {
        w.cstr(v, f, self.0)
    }
    fn visit<V: Visitor<'a>>(self, v: &&'a [u8], f: Field, vis: &mut V) {
        vis.cstr(f, self.0, v);
    }
    fn fill<F: Fill<'a>>(self, f: Field, fill: &mut F) -> Result<&'a [u8], F::Error> {
        fill.cstr(f, self.0)
    }
}

/// A C-Octet String that opens a body which may be absent (SMPP 3.4
/// §4.4.2): `None` for an empty body. Only as the `optional` field of a table.
#[derive(Clone, Copy)]
pub(crate) struct OptCStr(pub(crate) u16);

impl OptCStr {
    pub(crate) const fn kind(self) -> Kind {
        Kind::OptCStr { max: self.0 }
    }
}

impl<'a> Wire<'a> for OptCStr {
    type Value = Option<&'a [u8]>;
    #[inline(always)]
    fn decode(self, i: &'a [u8], _: &'a [u8], f: Field) -> Parsed<'a, Option<&'a [u8]>> {
        let (i, s) = cstr(i, f, self.0)?;
        Ok((i, Some(s)))
    }
    #[inline(always)]
    fn len(self, v: &Option<&'a [u8]>, _: bool) -> usize {
        v.map_or(0, |s| s.len() + 1)
    }
    #[inline(always)]
    fn encode(self, v: &Option<&'a [u8]>, w: &mut Writer<'_>, f: Field) -> Result<(), EncodeError> {
        match v {
            Some(s) => w.cstr(s, f, self.0),
            None => Ok(()),
        }
    }
    fn visit<V: Visitor<'a>>(self, v: &Option<&'a [u8]>, f: Field, vis: &mut V) {
        vis.opt_cstr(f, self.0, *v);
    }
    fn fill<F: Fill<'a>>(self, f: Field, fill: &mut F) -> Result<Option<&'a [u8]>, F::Error> {
        fill.opt_cstr(f, self.0)
    }
    fn opens_body(self) -> bool {
        true
    }
}

/// A time field (SMPP 3.4 §7.1): a C-Octet String of 1 or 17 octets.
#[derive(Clone, Copy)]
pub(crate) struct Time;

impl Time {
    pub(crate) const fn kind(self) -> Kind {
        Kind::Time
    }
}

impl<'a> Wire<'a> for Time {
    type Value = SmppTime;
    #[inline(always)]
    fn decode(self, i: &'a [u8], _: &'a [u8], f: Field) -> Parsed<'a, SmppTime> {
        // Fast path: the NULL time, by far the most common value.
        if let [0, rest @ ..] = i {
            return Ok((rest, SmppTime::Empty));
        }
        let (i, s) = cstr(i, f, TIME_MAX)?;
        Ok((i, SmppTime::decode(s, f)?))
    }
    #[inline(always)]
    fn len(self, v: &SmppTime, _: bool) -> usize {
        v.text_len() + 1
    }
    #[inline(always)]
    fn encode(self, t: &SmppTime, w: &mut Writer<'_>, _: Field) -> Result<(), EncodeError> {
        if t.is_empty() {
            return w.u8(0);
        }
        let text = t.to_text();
        w.bytes(text.get(..t.text_len()).unwrap_or_default())?;
        w.u8(0)
    }
    fn visit<V: Visitor<'a>>(self, v: &SmppTime, f: Field, vis: &mut V) {
        vis.time(f, *v);
    }
    fn fill<F: Fill<'a>>(self, f: Field, fill: &mut F) -> Result<SmppTime, F::Error> {
        fill.time(f)
    }
}

/// `sm_length` and `short_message` (SMPP 3.4 §5.2.21–22).
#[derive(Clone, Copy)]
pub(crate) struct ShortMessage;

impl ShortMessage {
    pub(crate) const fn kind(self) -> Kind {
        Kind::ShortMessage
    }
}

impl<'a> Wire<'a> for ShortMessage {
    type Value = &'a [u8];
    #[inline(always)]
    fn decode(self, i: &'a [u8], _: &'a [u8], _: Field) -> Parsed<'a, &'a [u8]> {
        let (i, sm_length) = u8_field(i, Field::SmLength)?;
        if i.len() < sm_length as usize {
            return Err(DecodeError::SmLength {
                sm_length,
                remaining: i.len(),
            });
        }
        let (sm, rest) = i.split_at(sm_length as usize);
        Ok((rest, sm))
    }
    #[inline(always)]
    fn len(self, v: &&'a [u8], _: bool) -> usize {
        v.len() + 1
    }
    #[inline(always)]
    fn encode(self, sm: &&'a [u8], w: &mut Writer<'_>, _: Field) -> Result<(), EncodeError> {
        let len = u8::try_from(sm.len())
            .map_err(|_| EncodeError::ShortMessageTooLong { len: sm.len() })?;
        w.u8(len)?;
        w.bytes(sm)
    }
    fn visit<V: Visitor<'a>>(self, v: &&'a [u8], f: Field, vis: &mut V) {
        vis.short_message(f, v);
    }
    fn fill<F: Fill<'a>>(self, f: Field, fill: &mut F) -> Result<&'a [u8], F::Error> {
        fill.short_message(f)
    }
}

/// The TLV area (SMPP 3.4 §5.3): the rest of the body. Always last.
#[derive(Clone, Copy)]
pub(crate) struct TlvTail;

impl TlvTail {
    pub(crate) const fn kind(self) -> Kind {
        Kind::Tlvs
    }
}

impl<'a> Wire<'a> for TlvTail {
    type Value = Tlvs<'a>;
    #[inline(always)]
    fn decode(self, i: &'a [u8], body: &'a [u8], _: Field) -> Parsed<'a, Tlvs<'a>> {
        let tlvs = rest_tlvs(body, i)?;
        Ok((i.get(i.len()..).unwrap_or_default(), tlvs))
    }
    #[inline(always)]
    fn len(self, v: &Tlvs<'a>, tlvs: bool) -> usize {
        opt_tlvs_len(v, tlvs)
    }
    #[inline(always)]
    fn encode(self, v: &Tlvs<'a>, w: &mut Writer<'_>, _: Field) -> Result<(), EncodeError> {
        v.encode(w)
    }
    fn visit<V: Visitor<'a>>(self, v: &Tlvs<'a>, f: Field, vis: &mut V) {
        vis.tlvs(f, *v);
    }
    fn fill<F: Fill<'a>>(self, f: Field, fill: &mut F) -> Result<Tlvs<'a>, F::Error> {
        fill.tlvs(f)
    }
}

/// Declares a PDU body once, as its field table, and derives from it the
/// struct, [`Body`] (decode, encoded length, encode), `visit`, `fill`,
/// `decode_after` and the `FIELDS` table.
///
/// ```text
/// body! {
///     /// doc of the struct
///     #[derive(...)]
///     pub struct Name<'a> [optional first_field] {
///         /// doc of the field
///         pub field_name: RustType = SpecName: KindExpr,
///         ...
///     }
/// }
/// ```
///
/// `SpecName` is the [`Field`] variant; `KindExpr` a [`Wire`] kind value
/// (`U8`, `CStr(16)`, `Time`, …). `[optional f]` marks a body that may be
/// absent (SMPP 3.4 §4.4.2): `f` is an [`OptCStr`] field, the empty body
/// decodes to `Default`, and `f == None` encodes nothing.
macro_rules! body {
    (
        $(#[$attr:meta])*
        pub struct $name:ident<'a> $([optional $opt:ident])? {
            $(
                $(#[$fattr:meta])*
                pub $f:ident : $t:ty = $spec:ident : $kind:expr,
            )*
        }
    ) => {
        $(#[$attr])*
        pub struct $name<'a> {
            $(
                $(#[$fattr])*
                pub $f: $t,
            )*
        }

        impl<'a> $name<'a> {
            /// The field table of this body, in wire order (SMPP 3.4 §4).
            pub const FIELDS: &'static [$crate::codec::visit::FieldSpec] = &[
                $( $crate::codec::visit::FieldSpec {
                    field: $crate::codec::visit::Field::$spec,
                    kind: $kind.kind(),
                }, )*
            ];

            /// Hands every field, in wire order, to `v` with its spec name (SMPP 3.4 §4).
            pub fn visit<V: $crate::codec::visit::Visitor<'a>>(&self, v: &mut V) {
                let present = true $( && self.$opt.is_some() )?;
                $(
                    if present || $crate::codec::body::Wire::opens_body($kind) {
                        $crate::codec::body::Wire::visit($kind, &self.$f, $crate::codec::visit::Field::$spec, v);
                    }
                )*
            }

            /// Builds the body field by field, in wire order, from `f` (SMPP 3.4 §4).
            pub fn fill<F: $crate::codec::visit::Fill<'a>>(f: &mut F) -> Result<Self, F::Error> {
                $( let $f = $crate::codec::body::Wire::fill($kind, $crate::codec::visit::Field::$spec, f)?; )*
                $( if $opt.is_none() { return Ok(Self::default()); } )?
                Ok($name { $( $f, )* })
            }

            /// Decodes the fields after `after` from `i`, the rest of
            /// `body`; the fields up to `after` are left at their default.
            #[allow(dead_code)] // only submit_multi looks past its list
            fn decode_after(
                body: &'a [u8],
                i: &'a [u8],
                after: $crate::codec::visit::Field,
            ) -> Result<Self, $crate::error::DecodeError> {
                let mut started = false;
                $(
                    let (i, $f) = if started {
                        $crate::codec::body::Wire::decode($kind, i, body, $crate::codec::visit::Field::$spec)?
                    } else {
                        (i, Default::default())
                    };
                    started |= $crate::codec::visit::Field::$spec == after;
                )*
                let _ = started;
                $crate::codec::body::no_trailing(i)?;
                Ok($name { $( $f, )* })
            }
        }

        impl<'a> $crate::codec::body::Body<'a> for $name<'a> {
            #[inline]
            fn decode_body(body: &'a [u8]) -> Result<Self, $crate::error::DecodeError> {
                $( if body.is_empty() { return Ok($name { $opt: None, ..Self::default() }); } )?
                let i = body;
                $( let (i, $f) = $crate::codec::body::Wire::decode($kind, i, body, $crate::codec::visit::Field::$spec)?; )*
                $crate::codec::body::no_trailing(i)?;
                Ok($name { $( $f, )* })
            }

            fn body_len(&self, tlvs: bool) -> usize {
                $( if self.$opt.is_none() { return 0; } )?
                let _ = tlvs;
                0 $( + $crate::codec::body::Wire::len($kind, &self.$f, tlvs) )*
            }

            fn encode_body(
                &self,
                w: &mut $crate::codec::wire::Writer<'_>,
            ) -> Result<(), $crate::error::EncodeError> {
                $( if self.$opt.is_none() { return Ok(()); } )?
                $( $crate::codec::body::Wire::encode($kind, &self.$f, w, $crate::codec::visit::Field::$spec)?; )*
                Ok(())
            }
        }
    };
}

pub(crate) use body;
