//! Field names, field kinds, and the two walks over a PDU body: [`Visitor`]
//! (read every field of a body, with its spec name) and [`Fill`] (build a
//! body field by field, in wire order).
//!
//! Read first: SMPP 3.4 §4 (each PDU's table of mandatory fields) and §5.2
//! (the field definitions); SMPP 5.0 §4 and §4.7.
//!
//! Every fixed-layout body is declared once, as a field table, in its codec
//! file (see `body.rs`); decode, encoded length, encode, [`Visitor`] walks,
//! [`Fill`] and the `FIELDS` tables all follow from it. JSON or Python
//! mappings, fuzz generators and property-test strategies walk bodies through
//! this module, so a field added to a table cannot be forgotten by one of them.
//! With the `alloc` feature, [`Values`] holds a body's fields as owned
//! values (one [`Value`] variant per [`Kind`]) and builds the PDU back from
//! them: such a mapping then converts only values, kind by kind.
//!
//! ```
//! use smpp_proto::codec::visit::{Field, Visitor};
//! use smpp_proto::codec::SubmitSm;
//! use smpp_proto::{SmppTime, Tlvs};
//!
//! /// Collects the names of the C-Octet String fields.
//! struct Names(Vec<&'static str>);
//! impl<'a> Visitor<'a> for Names {
//!     fn u8(&mut self, _: Field, _: u8) {}
//!     fn cstr(&mut self, field: Field, _max: u16, _: &'a [u8]) {
//!         self.0.push(field.as_str());
//!     }
//!     fn time(&mut self, _: Field, _: SmppTime) {}
//!     fn short_message(&mut self, _: Field, _: &'a [u8]) {}
//!     fn tlvs(&mut self, _: Field, _: Tlvs<'a>) {}
//! }
//! let mut names = Names(Vec::new());
//! SubmitSm::default().visit(&mut names);
//! assert_eq!(names.0, ["service_type", "source_addr", "destination_addr"]);
//! ```

#[cfg(feature = "pdu-multi")]
use super::lists::{
    DestAddress, DestAddresses, UnsuccessSme, UnsuccessSmes, DEST_FLAG_DL, DEST_FLAG_SME,
};
pub use super::names::{Field, FieldSpec, Kind};
#[cfg(feature = "pdu-multi")]
use super::names::{ADDR21_MAX, DL_NAME_MAX};
#[cfg(feature = "alloc")]
pub use super::owned::{FillError, OwnedField, Value, Values, Views};
use super::{CommandStatus, InterfaceVersion, SmppTime, Tlvs};

/// Reads every field of a body in wire order, each with its spec name
/// (SMPP 3.4 §4). Bodies and [`crate::Pdu`] have `visit(&self, &mut impl Visitor)`.
///
/// `sm_length`, `number_of_dests` and `no_unsuccess` are not visited on
/// their own: they are the length of the value that follows.
pub trait Visitor<'a> {
    /// An Integer of 1 octet.
    fn u8(&mut self, field: Field, value: u8);
    /// A C-Octet String (without its NUL) and its maximum size with the NUL.
    fn cstr(&mut self, field: Field, max: u16, value: &'a [u8]);
    /// A time field.
    fn time(&mut self, field: Field, value: SmppTime);
    /// short_message (its sm_length is `value.len()`).
    fn short_message(&mut self, field: Field, value: &'a [u8]);
    /// The TLV area.
    fn tlvs(&mut self, field: Field, value: Tlvs<'a>);
    /// interface_version. By default, as [`Visitor::u8`].
    fn version(&mut self, field: Field, value: InterfaceVersion) {
        self.u8(field, value.0);
    }
    /// A C-Octet String that opens an optional body ([`Kind::OptCStr`]).
    /// By default, as [`Visitor::cstr`] when present. When it is `None`,
    /// no other field of the body is visited.
    fn opt_cstr(&mut self, field: Field, max: u16, value: Option<&'a [u8]>) {
        if let Some(v) = value {
            self.cstr(field, max, v);
        }
    }
    /// A 4-octet command_status (error_status_code). By default, nothing.
    fn status(&mut self, field: Field, value: CommandStatus) {
        let _ = (field, value);
    }
    /// submit_multi's dest_address list. By default, each entry's fields in turn.
    #[cfg(feature = "pdu-multi")]
    fn dest_addresses(&mut self, field: Field, value: DestAddresses<'a>)
    where
        Self: Sized,
    {
        let _ = field;
        for d in value.iter() {
            d.visit(self);
        }
    }
    /// submit_multi_resp's unsuccess_sme list. By default, each entry's fields in turn.
    #[cfg(feature = "pdu-multi")]
    fn unsuccess_smes(&mut self, field: Field, value: UnsuccessSmes<'a>)
    where
        Self: Sized,
    {
        let _ = field;
        for u in value.iter() {
            u.visit(self);
        }
    }
}

/// Builds a body field by field, in wire order: the reverse of [`Visitor`].
/// Bodies have `fill(&mut impl Fill) -> Result<Self, _>`, and
/// [`crate::Pdu::fill`] builds any PDU with a field table.
///
/// The values borrow for `'a`, as a decoded body borrows its bytes: a
/// generator or a parser that produces owned values first keeps them, then
/// fills from them (see the `FIELDS` table of each body for what is asked).
pub trait Fill<'a> {
    /// Why a value cannot be given.
    type Error;
    /// An Integer of 1 octet.
    fn u8(&mut self, field: Field) -> Result<u8, Self::Error>;
    /// A C-Octet String, without its NUL; it must be shorter than `max`
    /// and NUL-free for the body to encode.
    fn cstr(&mut self, field: Field, max: u16) -> Result<&'a [u8], Self::Error>;
    /// A time field.
    fn time(&mut self, field: Field) -> Result<SmppTime, Self::Error>;
    /// short_message: at most 255 octets for the body to encode.
    fn short_message(&mut self, field: Field) -> Result<&'a [u8], Self::Error>;
    /// The TLV area.
    fn tlvs(&mut self, field: Field) -> Result<Tlvs<'a>, Self::Error>;
    /// interface_version. By default, from [`Fill::u8`].
    fn version(&mut self, field: Field) -> Result<InterfaceVersion, Self::Error> {
        self.u8(field).map(InterfaceVersion)
    }
    /// A C-Octet String that opens an optional body. By default, always
    /// present, from [`Fill::cstr`]. When it is `None` the body is empty:
    /// the other fields are still asked for, and dropped.
    fn opt_cstr(&mut self, field: Field, max: u16) -> Result<Option<&'a [u8]>, Self::Error> {
        self.cstr(field, max).map(Some)
    }
    /// A 4-octet command_status. By default, ESME_ROK.
    fn status(&mut self, field: Field) -> Result<CommandStatus, Self::Error> {
        let _ = field;
        Ok(CommandStatus::ESME_ROK)
    }
    /// submit_multi's dest_address list (1 to 255 entries to encode). By
    /// default, empty.
    #[cfg(feature = "pdu-multi")]
    fn dest_addresses(&mut self, field: Field) -> Result<DestAddresses<'a>, Self::Error> {
        let _ = field;
        Ok(DestAddresses::default())
    }
    /// submit_multi_resp's unsuccess_sme list. By default, empty.
    #[cfg(feature = "pdu-multi")]
    fn unsuccess_smes(&mut self, field: Field) -> Result<UnsuccessSmes<'a>, Self::Error> {
        let _ = field;
        Ok(UnsuccessSmes::default())
    }
}

// The list entries' walks live here, beside the trait they call, so that
// `lists.rs` stays a leaf.
#[cfg(feature = "pdu-multi")]
impl<'a> DestAddress<'a> {
    /// Hands dest_flag and the entry's fields to `v` (SMPP 3.4 §4.5.1.1).
    pub fn visit<V: Visitor<'a>>(&self, v: &mut V) {
        match *self {
            DestAddress::SmeAddress {
                dest_addr_ton,
                dest_addr_npi,
                destination_addr,
            } => {
                v.u8(Field::DestFlag, DEST_FLAG_SME);
                v.u8(Field::DestAddrTon, dest_addr_ton);
                v.u8(Field::DestAddrNpi, dest_addr_npi);
                v.cstr(Field::DestinationAddr, ADDR21_MAX, destination_addr);
            }
            DestAddress::DistributionList { dl_name } => {
                v.u8(Field::DestFlag, DEST_FLAG_DL);
                v.cstr(Field::DlName, DL_NAME_MAX, dl_name);
            }
        }
    }
}

#[cfg(feature = "pdu-multi")]
impl<'a> UnsuccessSme<'a> {
    /// Hands the entry's fields to `v` (SMPP 3.4 §4.5.2.1).
    pub fn visit<V: Visitor<'a>>(&self, v: &mut V) {
        v.u8(Field::DestAddrTon, self.dest_addr_ton);
        v.u8(Field::DestAddrNpi, self.dest_addr_npi);
        v.cstr(Field::DestinationAddr, ADDR21_MAX, self.destination_addr);
        v.status(Field::ErrorStatusCode, self.error_status_code);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{CommandId, Pdu};

    #[test]
    fn names_round_trip() {
        for (i, f) in Field::ALL.iter().enumerate() {
            assert_eq!(f.index(), i);
            assert_eq!(Field::from_name(f.as_str()), Some(*f));
        }
        assert_eq!(Field::from_name("destnation_addr"), None);
    }

    #[test]
    fn every_table_names_each_field_once_and_ends_with_its_tlvs() {
        for id in CommandId::ALL {
            let Some(table) = Pdu::fields(*id) else {
                continue;
            };
            for (k, row) in table.iter().enumerate() {
                assert!(
                    table.iter().skip(k + 1).all(|r| r.field != row.field),
                    "{id:?}: {} twice",
                    row.field
                );
                // The TLV area is the rest of the body: nothing may follow it.
                if row.kind == Kind::Tlvs {
                    assert_eq!(k + 1, table.len(), "{id:?}: fields after the TLVs");
                }
                // A body that may be absent is opened by its only optional field.
                if matches!(row.kind, Kind::OptCStr { .. }) {
                    assert_eq!(k, 0, "{id:?}: optional field not first");
                }
            }
        }
    }
}
