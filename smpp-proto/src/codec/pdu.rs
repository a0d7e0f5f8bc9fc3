//! The `Pdu` enum over every SMPP 3.4 / 5.0 operation, and the second decode
//! stage: one complete PDU → header + borrowed body (SMPP 3.4 §4, SMPP 5.0 §4).
//!
//! The header is decoded before the body, so a bad body can still be answered
//! with the right sequence_number and a command_status from [`DecodeError::command_status`].

use super::alert::AlertNotification;
use super::bind::{Bind, BindResp, Outbind};
use super::body::{no_trailing, Body};
#[cfg(feature = "pdu-broadcast")]
use super::broadcast::{
    BroadcastSm, BroadcastSmResp, CancelBroadcastSm, QueryBroadcastSm, QueryBroadcastSmResp,
};
use super::data_sm::DataSm;
#[cfg(feature = "pdu-multi")]
use super::multi::{SubmitMulti, SubmitMultiResp};
#[cfg(feature = "pdu-query")]
use super::query::{CancelSm, QuerySm, QuerySmResp, ReplaceSm};
use super::sm::{SmResp, SubmitSm};
use super::tlv::Tlvs;
use super::visit::{FieldSpec, Fill, Visitor};
use super::wire::Writer;
use super::{field, CommandId, CommandStatus, Header, InterfaceVersion};
use crate::error::{DecodeError, EncodeError, FrameError};

/// Something the session can encode: a command_id and a body. [`Pdu`]
/// implements it over every kind; [`Typed`] and [`HeaderOnly`] over one, so
/// that a session writing only a few kinds links only their encoders (the
/// session writes through `&dyn Encode`).
pub(crate) trait Encode {
    /// The command_id of the header.
    fn command_id(&self) -> CommandId;
    /// Octets the body takes; `tlvs` is false when TLVs are left out (SMPP 3.3).
    fn body_len(&self, tlvs: bool) -> usize;
    /// Writes the body.
    fn encode_body(&self, w: &mut Writer<'_>) -> Result<(), EncodeError>;
}

/// One body type under the command_id it is sent as (a [`SmResp`] is the
/// body of submit_sm_resp, deliver_sm_resp and data_sm_resp alike).
pub(crate) struct Typed<'p, B>(pub(crate) CommandId, pub(crate) &'p B);

impl<'a, B: Body<'a>> Encode for Typed<'_, B> {
    fn command_id(&self) -> CommandId {
        self.0
    }
    fn body_len(&self, tlvs: bool) -> usize {
        self.1.body_len(tlvs)
    }
    fn encode_body(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        self.1.encode_body(w)
    }
}

/// A PDU that is a header alone (generic_nack, enquire_link, unbind, their
/// responses, and any response whose body is not returned, SMPP 3.4 §4.4.2).
pub(crate) struct HeaderOnly(pub(crate) CommandId);

impl Encode for HeaderOnly {
    fn command_id(&self) -> CommandId {
        self.0
    }
    fn body_len(&self, _: bool) -> usize {
        0
    }
    fn encode_body(&self, _: &mut Writer<'_>) -> Result<(), EncodeError> {
        Ok(())
    }
}

impl Encode for Pdu<'_> {
    fn command_id(&self) -> CommandId {
        Pdu::command_id(self)
    }
    fn body_len(&self, tlvs: bool) -> usize {
        Pdu::body_len(self, tlvs)
    }
    fn encode_body(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        Pdu::encode_body(self, w)
    }
}

impl dyn Encode + '_ {
    /// Octets the PDU takes when encoded for `version` (no TLVs below 3.4).
    pub(crate) fn encoded_len_for(&self, version: InterfaceVersion) -> usize {
        field::HEADER_LEN + self.body_len(version.supports_tlvs())
    }

    /// Encodes header and body for `version` into `buf`; returns the octets
    /// written. As [`Pdu::encode_for`]: a TLV that carries content fails at 3.3.
    pub(crate) fn encode_for(
        &self,
        version: InterfaceVersion,
        command_status: CommandStatus,
        sequence_number: u32,
        buf: &mut [u8],
    ) -> Result<usize, EncodeError> {
        encode_with(
            self,
            version.supports_tlvs(),
            command_status,
            sequence_number,
            buf,
        )
    }
}

/// Writes the header and the body of `pdu` into `buf`.
fn encode_with<E: Encode + ?Sized>(
    pdu: &E,
    tlvs: bool,
    command_status: CommandStatus,
    sequence_number: u32,
    buf: &mut [u8],
) -> Result<usize, EncodeError> {
    let len = field::HEADER_LEN + pdu.body_len(tlvs);
    let command_length = u32::try_from(len).map_err(|_| EncodeError::PduTooLarge)?;
    let available = buf.len();
    let out = buf.get_mut(..len).ok_or(EncodeError::BufferTooSmall {
        needed: len,
        available,
    })?;
    let header = Header {
        command_length,
        command_id: pdu.command_id(),
        command_status,
        sequence_number,
    };
    let (head, body) = out.split_at_mut(field::HEADER_LEN);
    header.emit(head).ok_or(EncodeError::BufferTooSmall {
        needed: len,
        available,
    })?;
    let mut w = Writer::new(body, tlvs);
    pdu.encode_body(&mut w)?;
    debug_assert_eq!(w.position(), len - field::HEADER_LEN);
    Ok(len)
}

macro_rules! pdus {
    (
        bodies { $( $(#[$bdoc:meta])* [$bcfg:meta] $bvar:ident($bty:ident) = $bid:ident, )* }
        empty { $( $(#[$edoc:meta])* [$ecfg:meta] $evar:ident = $eid:ident, )* }
    ) => {
        /// One SMPP PDU body, borrowing from the bytes it was decoded from.
        ///
        /// The header (command_status, sequence_number) travels beside it as
        /// [`Header`]; the command_id is implied by the variant.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        #[cfg_attr(feature = "serde", derive(serde::Serialize))]
        #[non_exhaustive]
        pub enum Pdu<'a> {
            $( $(#[$bdoc])* #[cfg($bcfg)] $bvar($bty<'a>), )*
            $( $(#[$edoc])* #[cfg($ecfg)] $evar, )*
            /// A response with a non-zero command_status whose body is not
            /// the spec's layout. SMPP 3.4 §4.4.2: the body of a negative
            /// response is not returned, so it is kept raw and not interpreted.
            RawResp {
                /// The response command_id.
                command_id: CommandId,
                /// The body octets as received.
                body: &'a [u8],
            },
            /// A command_id that SMPP 3.4 / 5.0 do not assign, or one of a
            /// kind this build leaves out (the `pdu-*` features). Answer a
            /// request with generic_nack ESME_RINVCMDID (SMPP 3.4 §4.3).
            Unknown {
                /// The command_id from the header.
                command_id: CommandId,
                /// The body octets as received.
                body: &'a [u8],
            },
        }

        impl<'a> Pdu<'a> {
            /// The command_id of this PDU.
            pub const fn command_id(&self) -> CommandId {
                match self {
                    $( #[cfg($bcfg)] Pdu::$bvar(_) => CommandId::$bid, )*
                    $( #[cfg($ecfg)] Pdu::$evar => CommandId::$eid, )*
                    Pdu::RawResp { command_id, .. } | Pdu::Unknown { command_id, .. } => *command_id,
                }
            }

            #[inline(always)]
            fn decode_known(id: CommandId, body: &'a [u8]) -> Result<Pdu<'a>, DecodeError> {
                Ok(match id {
                    $( #[cfg($bcfg)] CommandId::$bid => Pdu::$bvar($bty::decode_body(body)?), )*
                    $( #[cfg($ecfg)] CommandId::$eid => { no_trailing(body)?; Pdu::$evar } )*
                    command_id => Pdu::Unknown { command_id, body },
                })
            }

            /// Hands every field of the body, in wire order, to `v` with its
            /// spec name (SMPP 3.4 §4). Header-only PDUs, [`Pdu::RawResp`]
            /// and [`Pdu::Unknown`] have no fields to visit.
            pub fn visit<V: Visitor<'a>>(&self, v: &mut V) {
                match self {
                    $( #[cfg($bcfg)] Pdu::$bvar(b) => b.visit(v), )*
                    _ => {}
                }
            }

            /// The field table of the body of `command_id`, in wire order:
            /// empty for a header-only PDU, `None` for a command_id this
            /// build does not know (SMPP 3.4 §4, SMPP 5.0 §4).
            pub fn fields(command_id: CommandId) -> Option<&'static [FieldSpec]> {
                Some(match command_id {
                    $( #[cfg($bcfg)] CommandId::$bid => $bty::FIELDS, )*
                    $( #[cfg($ecfg)] CommandId::$eid => &[], )*
                    _ => return None,
                })
            }

            /// Builds the PDU of `command_id` field by field from `f`, in the
            /// order of [`Pdu::fields`]; `Ok(None)` for a command_id this
            /// build does not know (SMPP 3.4 §4, SMPP 5.0 §4).
            pub fn fill<F: Fill<'a>>(command_id: CommandId, f: &mut F) -> Result<Option<Pdu<'a>>, F::Error> {
                Ok(Some(match command_id {
                    $( #[cfg($bcfg)] CommandId::$bid => Pdu::$bvar($bty::fill(f)?), )*
                    $( #[cfg($ecfg)] CommandId::$eid => Pdu::$evar, )*
                    _ => return Ok(None),
                }))
            }

            fn body_len(&self, tlvs: bool) -> usize {
                match self {
                    $( #[cfg($bcfg)] Pdu::$bvar(b) => b.body_len(tlvs), )*
                    $( #[cfg($ecfg)] Pdu::$evar => 0, )*
                    Pdu::RawResp { body, .. } | Pdu::Unknown { body, .. } => body.len(),
                }
            }

            fn encode_body(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
                match self {
                    $( #[cfg($bcfg)] Pdu::$bvar(b) => b.encode_body(w), )*
                    $( #[cfg($ecfg)] Pdu::$evar => Ok(()), )*
                    Pdu::RawResp { body, .. } | Pdu::Unknown { body, .. } => w.bytes(body),
                }
            }
        }
    };
}

pdus! {
    bodies {
        /// bind_transmitter (SMPP 3.4 §4.1.1).
        [all()] BindTransmitter(Bind) = BIND_TRANSMITTER,
        /// bind_transmitter_resp (SMPP 3.4 §4.1.2).
        [all()] BindTransmitterResp(BindResp) = BIND_TRANSMITTER_RESP,
        /// bind_receiver (SMPP 3.4 §4.1.3).
        [all()] BindReceiver(Bind) = BIND_RECEIVER,
        /// bind_receiver_resp (SMPP 3.4 §4.1.4).
        [all()] BindReceiverResp(BindResp) = BIND_RECEIVER_RESP,
        /// bind_transceiver (SMPP 3.4 §4.1.5).
        [all()] BindTransceiver(Bind) = BIND_TRANSCEIVER,
        /// bind_transceiver_resp (SMPP 3.4 §4.1.6).
        [all()] BindTransceiverResp(BindResp) = BIND_TRANSCEIVER_RESP,
        /// outbind (SMPP 3.4 §4.1.7).
        [all()] Outbind(Outbind) = OUTBIND,
        /// submit_sm (SMPP 3.4 §4.4.1).
        [all()] SubmitSm(SubmitSm) = SUBMIT_SM,
        /// submit_sm_resp (SMPP 3.4 §4.4.2).
        [all()] SubmitSmResp(SmResp) = SUBMIT_SM_RESP,
        /// submit_multi (SMPP 3.4 §4.5.1).
        [feature = "pdu-multi"] SubmitMulti(SubmitMulti) = SUBMIT_MULTI,
        /// submit_multi_resp (SMPP 3.4 §4.5.2).
        [feature = "pdu-multi"] SubmitMultiResp(SubmitMultiResp) = SUBMIT_MULTI_RESP,
        /// deliver_sm (SMPP 3.4 §4.6.1).
        [all()] DeliverSm(SubmitSm) = DELIVER_SM,
        /// deliver_sm_resp (SMPP 3.4 §4.6.2).
        [all()] DeliverSmResp(SmResp) = DELIVER_SM_RESP,
        /// data_sm (SMPP 3.4 §4.7.1).
        [all()] DataSm(DataSm) = DATA_SM,
        /// data_sm_resp (SMPP 3.4 §4.7.2).
        [all()] DataSmResp(SmResp) = DATA_SM_RESP,
        /// query_sm (SMPP 3.4 §4.8.1).
        [feature = "pdu-query"] QuerySm(QuerySm) = QUERY_SM,
        /// query_sm_resp (SMPP 3.4 §4.8.2).
        [feature = "pdu-query"] QuerySmResp(QuerySmResp) = QUERY_SM_RESP,
        /// cancel_sm (SMPP 3.4 §4.9.1).
        [feature = "pdu-query"] CancelSm(CancelSm) = CANCEL_SM,
        /// replace_sm (SMPP 3.4 §4.10.1).
        [feature = "pdu-query"] ReplaceSm(ReplaceSm) = REPLACE_SM,
        /// alert_notification (SMPP 3.4 §4.12.1).
        [all()] AlertNotification(AlertNotification) = ALERT_NOTIFICATION,
        /// broadcast_sm (SMPP 5.0 §4.4.1.1).
        [feature = "pdu-broadcast"] BroadcastSm(BroadcastSm) = BROADCAST_SM,
        /// broadcast_sm_resp (SMPP 5.0 §4.4.1.2).
        [feature = "pdu-broadcast"] BroadcastSmResp(BroadcastSmResp) = BROADCAST_SM_RESP,
        /// query_broadcast_sm (SMPP 5.0 §4.6.2.1).
        [feature = "pdu-broadcast"] QueryBroadcastSm(QueryBroadcastSm) = QUERY_BROADCAST_SM,
        /// query_broadcast_sm_resp (SMPP 5.0 §4.6.2.3).
        [feature = "pdu-broadcast"] QueryBroadcastSmResp(QueryBroadcastSmResp) = QUERY_BROADCAST_SM_RESP,
        /// cancel_broadcast_sm (SMPP 5.0 §4.6.1.1).
        [feature = "pdu-broadcast"] CancelBroadcastSm(CancelBroadcastSm) = CANCEL_BROADCAST_SM,
    }
    empty {
        /// generic_nack (SMPP 3.4 §4.3): header only.
        [all()] GenericNack = GENERIC_NACK,
        /// unbind (SMPP 3.4 §4.2.1): header only.
        [all()] Unbind = UNBIND,
        /// unbind_resp (SMPP 3.4 §4.2.2): header only.
        [all()] UnbindResp = UNBIND_RESP,
        /// cancel_sm_resp (SMPP 3.4 §4.9.2): header only.
        [feature = "pdu-query"] CancelSmResp = CANCEL_SM_RESP,
        /// replace_sm_resp (SMPP 3.4 §4.10.2): header only.
        [feature = "pdu-query"] ReplaceSmResp = REPLACE_SM_RESP,
        /// enquire_link (SMPP 3.4 §4.11.1): header only.
        [all()] EnquireLink = ENQUIRE_LINK,
        /// enquire_link_resp (SMPP 3.4 §4.11.2): header only.
        [all()] EnquireLinkResp = ENQUIRE_LINK_RESP,
        /// cancel_broadcast_sm_resp (SMPP 5.0 §4.6.1.3): header only.
        [feature = "pdu-broadcast"] CancelBroadcastSmResp = CANCEL_BROADCAST_SM_RESP,
    }
}

/// Decodes one complete PDU: `buf` must be exactly `command_length` octets,
/// as returned by [`super::frame`].
///
/// Header errors are fatal ([`DecodeError::is_fatal`]); body errors carry the
/// command_status to answer with. A negative response whose body does not
/// follow the spec decodes to [`Pdu::RawResp`]; an unassigned command_id to
/// [`Pdu::Unknown`].
#[inline]
pub fn decode(buf: &[u8]) -> Result<(Header, Pdu<'_>), DecodeError> {
    let header = Header::parse(buf).ok_or(DecodeError::LengthMismatch {
        command_length: 0,
        available: buf.len(),
    })?;
    if header.command_length < field::HEADER_LEN as u32 {
        return Err(FrameError::CommandLengthTooSmall {
            command_length: header.command_length,
        }
        .into());
    }
    if header.command_length as usize != buf.len() {
        return Err(DecodeError::LengthMismatch {
            command_length: header.command_length,
            available: buf.len(),
        });
    }
    let body = buf.get(field::BODY..).unwrap_or_default();
    let pdu = Pdu::decode_body(header.command_id, header.command_status, body)?;
    Ok((header, pdu))
}

impl<'a> Pdu<'a> {
    /// A PDU whose body is given as raw octets, not as fields: a known
    /// response's body kept uninterpreted ([`Pdu::RawResp`], as SMPP 3.4
    /// §4.4.2 allows for a negative response), else an unassigned or
    /// left-out command ([`Pdu::Unknown`], SMPP 3.4 §4.3). What the JSON and
    /// Python forms build from a `body` given whole.
    ///
    /// ```
    /// use smpp_proto::{CommandId, Pdu};
    /// assert!(matches!(Pdu::raw(CommandId::SUBMIT_SM_RESP, b""), Pdu::RawResp { .. }));
    /// assert!(matches!(Pdu::raw(CommandId(0x0000_0999), b"x"), Pdu::Unknown { .. }));
    /// ```
    pub fn raw(command_id: CommandId, body: &'a [u8]) -> Pdu<'a> {
        if command_id.is_response() && command_id.is_known() {
            Pdu::RawResp { command_id, body }
        } else {
            Pdu::Unknown { command_id, body }
        }
    }

    /// Decodes a body given the command_id and command_status of its header.
    #[inline]
    pub fn decode_body(
        command_id: CommandId,
        command_status: CommandStatus,
        body: &'a [u8],
    ) -> Result<Pdu<'a>, DecodeError> {
        match Pdu::decode_known(command_id, body) {
            Err(_) if command_id.is_response() && !command_status.is_ok() => {
                Ok(Pdu::RawResp { command_id, body })
            }
            other => other,
        }
    }

    /// Octets the encoded PDU takes, header included (TLVs included).
    pub fn encoded_len(&self) -> usize {
        field::HEADER_LEN + self.body_len(true)
    }

    /// Octets the PDU takes when encoded for `version` (no TLVs below 3.4).
    pub fn encoded_len_for(&self, version: InterfaceVersion) -> usize {
        field::HEADER_LEN + self.body_len(version.supports_tlvs())
    }

    /// Encodes the PDU with its header into `buf`; returns the octets written.
    ///
    /// `command_length` and `sm_length` are computed. Never panics: a buffer
    /// shorter than [`Pdu::encoded_len`] gives [`EncodeError::BufferTooSmall`].
    pub fn encode(
        &self,
        command_status: CommandStatus,
        sequence_number: u32,
        buf: &mut [u8],
    ) -> Result<usize, EncodeError> {
        self.encode_inner(true, command_status, sequence_number, buf)
    }

    /// As [`Pdu::encode`], for a session negotiated at `version`: below 3.4
    /// no TLVs are written (SMPP 3.3 has none, SMPP 3.4 §5.2.4, §5.3).
    ///
    /// A TLV that carries part of the message ([`crate::TlvTag::CARRIES_CONTENT`]:
    /// message_payload, sar_msg_ref_num, sar_total_segments,
    /// sar_segment_seqnum) is not left out silently: encoding fails with
    /// [`EncodeError::ContentTlvNotInVersion`]. Every other TLV is left out.
    pub fn encode_for(
        &self,
        version: InterfaceVersion,
        command_status: CommandStatus,
        sequence_number: u32,
        buf: &mut [u8],
    ) -> Result<usize, EncodeError> {
        self.encode_inner(
            version.supports_tlvs(),
            command_status,
            sequence_number,
            buf,
        )
    }

    fn encode_inner(
        &self,
        tlvs: bool,
        command_status: CommandStatus,
        sequence_number: u32,
        buf: &mut [u8],
    ) -> Result<usize, EncodeError> {
        encode_with(self, tlvs, command_status, sequence_number, buf)
    }

    /// The TLVs of this PDU, if its kind carries any.
    pub fn tlvs(&self) -> Option<Tlvs<'a>> {
        Some(match self {
            Pdu::BindTransmitterResp(b)
            | Pdu::BindReceiverResp(b)
            | Pdu::BindTransceiverResp(b) => b.tlvs,
            Pdu::SubmitSm(b) | Pdu::DeliverSm(b) => b.tlvs,
            Pdu::SubmitSmResp(b) | Pdu::DeliverSmResp(b) | Pdu::DataSmResp(b) => b.tlvs,
            #[cfg(feature = "pdu-multi")]
            Pdu::SubmitMulti(b) => b.tlvs,
            #[cfg(feature = "pdu-multi")]
            Pdu::SubmitMultiResp(b) => b.tlvs,
            Pdu::DataSm(b) => b.tlvs,
            #[cfg(feature = "pdu-query")]
            Pdu::ReplaceSm(b) => b.tlvs,
            Pdu::AlertNotification(b) => b.tlvs,
            #[cfg(feature = "pdu-broadcast")]
            Pdu::BroadcastSm(b) => b.tlvs,
            #[cfg(feature = "pdu-broadcast")]
            Pdu::BroadcastSmResp(b) => b.tlvs,
            #[cfg(feature = "pdu-broadcast")]
            Pdu::QueryBroadcastSm(b) => b.tlvs,
            #[cfg(feature = "pdu-broadcast")]
            Pdu::QueryBroadcastSmResp(b) => b.tlvs,
            #[cfg(feature = "pdu-broadcast")]
            Pdu::CancelBroadcastSm(b) => b.tlvs,
            _ => return None,
        })
    }

    /// Whether this PDU is a response (bit 31 of its command_id).
    pub const fn is_response(&self) -> bool {
        self.command_id().is_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{Tlv, TlvTag};

    fn submit<'a>(tlvs: Tlvs<'a>) -> Pdu<'a> {
        Pdu::SubmitSm(SubmitSm {
            destination_addr: b"447700900123",
            short_message: b"part one of two",
            tlvs,
            ..SubmitSm::default()
        })
    }

    #[test]
    fn smpp33_refuses_content_tlvs_and_drops_the_rest() {
        let sar = [
            Tlv::new(TlvTag::USER_MESSAGE_REFERENCE, &[0, 7]),
            Tlv::new(TlvTag::SAR_MSG_REF_NUM, &[0, 42]),
            Tlv::new(TlvTag::SAR_TOTAL_SEGMENTS, &[2]),
            Tlv::new(TlvTag::SAR_SEGMENT_SEQNUM, &[1]),
        ];
        let payload = [Tlv::new(TlvTag::MESSAGE_PAYLOAD, b"the whole text")];
        let other = [Tlv::new(TlvTag::USER_MESSAGE_REFERENCE, &[0, 7])];
        let mut buf = [0xa5u8; 256];
        for (tlvs, refused) in [
            (&sar[..], Some(TlvTag::SAR_MSG_REF_NUM)),
            (&payload[..], Some(TlvTag::MESSAGE_PAYLOAD)),
            (&other[..], None),
        ] {
            let pdu = submit(Tlvs::List(tlvs));
            let r = pdu.encode_for(InterfaceVersion::V33, CommandStatus::ESME_ROK, 1, &mut buf);
            match refused {
                Some(tag) => assert_eq!(r, Err(EncodeError::ContentTlvNotInVersion { tag })),
                None => {
                    let n = r.unwrap();
                    assert_eq!(n, pdu.encoded_len_for(InterfaceVersion::V33));
                    let (_, back) = decode(&buf[..n]).unwrap();
                    assert!(back.tlvs().unwrap().is_empty());
                }
            }
            // 3.4 and 5.0 carry every TLV.
            for v in [InterfaceVersion::V34, InterfaceVersion::V50] {
                let n = pdu
                    .encode_for(v, CommandStatus::ESME_ROK, 1, &mut buf)
                    .unwrap();
                let (_, back) = decode(&buf[..n]).unwrap();
                assert_eq!(back.tlvs().unwrap(), Tlvs::List(tlvs));
            }
        }
        // A decoded PDU (its TLVs raw wire bytes) is refused the same way.
        let n = submit(Tlvs::List(&payload))
            .encode(CommandStatus::ESME_ROK, 1, &mut buf)
            .unwrap();
        let wire = buf[..n].to_vec();
        let (_, decoded) = decode(&wire).unwrap();
        assert!(matches!(decoded.tlvs(), Some(Tlvs::Raw(_))));
        assert_eq!(
            decoded.encode_for(InterfaceVersion::V33, CommandStatus::ESME_ROK, 1, &mut buf),
            Err(EncodeError::ContentTlvNotInVersion {
                tag: TlvTag::MESSAGE_PAYLOAD
            })
        );
        assert_eq!(TlvTag::CARRIES_CONTENT.len(), 4);
        assert!(TlvTag::CARRIES_CONTENT.iter().all(|t| t.carries_content()));
        assert!(!TlvTag::RECEIPTED_MESSAGE_ID.carries_content());
    }
}
