//! Sending a text: the encoding and the split into parts are chosen for the
//! caller with `smpp_proto::text` and `smpp_proto::concat`, and each part
//! goes out as one submit_sm (SMPP 3.4 §4.4) whose submit_sm_resp gives
//! its message_id.
//!
//! - **Encoding** ([`smpp_proto::text::choose`]): the cheapest encoding in
//!   [`TextOptions::allowed`] that represents the text exactly (fewest parts,
//!   then fewest octets), or the one [`TextOptions::data_coding`] forces
//!   (SMPP 3.4 §5.2.19).
//! - **Long messages** ([`smpp_proto::concat::Splitter`]): a user data header
//!   with an 8-bit reference by default (3GPP TS 23.040 §9.2.3.24.1, esm_class
//!   UDHI per SMPP 3.4 §5.2.12), or a 16-bit one, the SAR TLVs (SMPP 3.4
//!   §5.3.2.22–24) or one message_payload TLV (§5.3.2.32). A part never ends
//!   inside a GSM escape or a UTF-16 surrogate pair. SMPP 3.3 has no TLVs, so
//!   on a 3.3 session SAR and message_payload give way to an 8-bit UDH
//!   ([`ConcatMethod::for_version`], [`plan_text_for`]).
//!
//! [`Client::send_text`](crate::Client::send_text) and
//! [`ResilientClient::send_text`](crate::ResilientClient::send_text) use this;
//! [`plan_text`] gives the submit_sm bodies without sending them.

use smpp_proto::codec::{first_violation, SmResp, SubmitSm, Tlv, TlvTag, Tlvs, Violation};
use smpp_proto::concat::{Scheme, SplitError, SplitOptions, Splitter};
use smpp_proto::text::{choose, Allowed, DataCoding, Encoding};
use smpp_proto::{CommandStatus, InterfaceVersion, Pdu};

use crate::error::Error;
use crate::owned::OwnedPdu;

/// Which method ties the parts of a long text together, without its
/// reference (unlike [`smpp_proto::concat::Scheme`], which carries one and
/// is what this becomes once a reference is picked); the reference is taken from
/// [`TextOptions::reference`] or a per-client counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ConcatMethod {
    /// UDH IE 0x00, 8-bit reference (3GPP TS 23.040 §9.2.3.24.1): 153
    /// septets / 134 octets / 67 UTF-16 units per part. The default.
    #[default]
    Udh8,
    /// UDH IE 0x08, 16-bit reference (TS 23.040 §9.2.3.24.8): 152 / 133 / 66.
    Udh16,
    /// sar_msg_ref_num, sar_total_segments, sar_segment_seqnum TLVs (SMPP 3.4
    /// §5.3.2.22–24): no UDH, 160 / 140 / 70 per part.
    Sar,
    /// One submit_sm with the whole text in message_payload (SMPP 3.4
    /// §5.3.2.32); the SMSC splits it. Limited by [`crate::BUFFER`].
    MessagePayload,
}

impl ConcatMethod {
    /// The scheme a session at `version` can carry: SMPP 3.3 has no TLVs
    /// (SMPP 3.4 §5.2.4, §5.3), so [`ConcatMethod::Sar`] and
    /// [`ConcatMethod::MessagePayload`] become [`ConcatMethod::Udh8`] there, the one
    /// every handset reassembles. A UDH scheme, or any scheme at 3.4 and
    /// later, is kept.
    ///
    /// ```
    /// use smpp_io_tokio::text::ConcatMethod;
    /// use smpp_proto::InterfaceVersion;
    ///
    /// assert_eq!(ConcatMethod::Sar.for_version(InterfaceVersion::V33), ConcatMethod::Udh8);
    /// assert_eq!(ConcatMethod::Sar.for_version(InterfaceVersion::V34), ConcatMethod::Sar);
    /// assert_eq!(ConcatMethod::Udh16.for_version(InterfaceVersion::V33), ConcatMethod::Udh16);
    /// ```
    pub const fn for_version(self, version: InterfaceVersion) -> ConcatMethod {
        match self {
            ConcatMethod::Sar | ConcatMethod::MessagePayload if !version.supports_tlvs() => {
                ConcatMethod::Udh8
            }
            other => other,
        }
    }
}

/// What [`Client::send_text`](crate::Client::send_text) sends: addresses,
/// receipts, encodings and how long messages are split.
///
/// ```
/// use smpp_io_tokio::text::{ConcatMethod, TextOptions};
/// use smpp_proto::text::Allowed;
///
/// let options = TextOptions::new("447700900123")
///     .from("MyShop")
///     .registered_delivery(1)
///     .allowed(Allowed::ALL_CHARSETS)
///     .concat(ConcatMethod::Sar);
/// assert_eq!(options.destination_addr, "447700900123");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextOptions {
    /// service_type (SMPP 3.4 §5.2.11); empty for the SMSC default.
    pub service_type: String,
    /// source_addr_ton (SMPP 3.4 §5.2.5); [`TextOptions::from`] sets 5
    /// (alphanumeric) or 1 (international) from the address.
    pub source_addr_ton: u8,
    /// source_addr_npi (SMPP 3.4 §5.2.6).
    pub source_addr_npi: u8,
    /// source_addr (SMPP 3.4 §5.2.8); empty for the SMSC default.
    pub source_addr: String,
    /// dest_addr_ton (default 1, international).
    pub dest_addr_ton: u8,
    /// dest_addr_npi (default 1, E.164).
    pub dest_addr_npi: u8,
    /// destination_addr (SMPP 3.4 §5.2.9).
    pub destination_addr: String,
    /// esm_class bits other than UDHI (SMPP 3.4 §5.2.12); UDHI is set per part.
    pub esm_class: u8,
    /// registered_delivery (SMPP 3.4 §5.2.17): 1 asks for a receipt.
    pub registered_delivery: u8,
    /// The encodings the text may be sent in (default GSM 7-bit and UCS-2).
    pub allowed: Allowed,
    /// Forces this data_coding (SMPP 3.4 §5.2.19), sent as given and
    /// encoded in the alphabet it announces (0x00 as GSM 7-bit); `None`
    /// lets [`TextOptions::allowed`] decide.
    pub data_coding: Option<u8>,
    /// How a long message is split; on an SMPP 3.3 session a UDH is used
    /// whatever this says ([`ConcatMethod::for_version`]).
    pub concat: ConcatMethod,
    /// The concatenation reference; `None` takes the client's next one.
    pub reference: Option<u16>,
    /// Pack GSM 7-bit septets (TS 23.038 §6.1.2.1) instead of one per octet.
    pub packed: bool,
}

impl TextOptions {
    /// A text to `destination_addr` (TON 1, NPI 1), GSM 7-bit or UCS-2,
    /// 8-bit UDH parts, no receipt.
    pub fn new(destination_addr: &str) -> Self {
        TextOptions {
            service_type: String::new(),
            source_addr_ton: 0,
            source_addr_npi: 0,
            source_addr: String::new(),
            dest_addr_ton: 1,
            dest_addr_npi: 1,
            destination_addr: destination_addr.to_string(),
            esm_class: 0,
            registered_delivery: 0,
            allowed: Allowed::GSM7_UCS2,
            data_coding: None,
            concat: ConcatMethod::Udh8,
            reference: None,
            packed: false,
        }
    }

    /// Sets source_addr: TON 1 / NPI 1 when it is all digits (an optional
    /// leading `+` dropped), else TON 5 (alphanumeric) / NPI 0.
    pub fn from(mut self, source_addr: &str) -> Self {
        let digits = source_addr.strip_prefix('+').unwrap_or(source_addr);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            self.source_addr = digits.to_string();
            self.source_addr_ton = 1;
            self.source_addr_npi = 1;
        } else {
            self.source_addr = source_addr.to_string();
            self.source_addr_ton = 5;
            self.source_addr_npi = 0;
        }
        self
    }

    /// Sets registered_delivery (SMPP 3.4 §5.2.17).
    pub fn registered_delivery(mut self, value: u8) -> Self {
        self.registered_delivery = value;
        self
    }

    /// Sets the allowed encodings.
    pub fn allowed(mut self, allowed: Allowed) -> Self {
        self.allowed = allowed;
        self
    }

    /// Forces a data_coding.
    pub fn data_coding(mut self, data_coding: u8) -> Self {
        self.data_coding = Some(data_coding);
        self
    }

    /// Sets the concatenation scheme.
    pub fn concat(mut self, concat: ConcatMethod) -> Self {
        self.concat = concat;
        self
    }
}

/// One submit_sm of a planned text (SMPP 3.4 §4.4.1), owning its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedPart {
    /// This part's number, from 1.
    pub seq: u8,
    /// esm_class, UDHI (0x40) set when a UDH leads the user data.
    pub esm_class: u8,
    /// data_coding.
    pub data_coding: u8,
    /// short_message: UDH and payload (empty with message_payload).
    pub short_message: Vec<u8>,
    /// message_payload, with [`ConcatMethod::MessagePayload`].
    pub message_payload: Option<Vec<u8>>,
    /// sar_msg_ref_num, sar_total_segments, sar_segment_seqnum, with [`ConcatMethod::Sar`].
    pub sar: Option<(u16, u8, u8)>,
}

/// A text turned into submit_sm parts by [`plan_text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextPlan {
    /// The encoding chosen (or forced).
    pub encoding: Encoding,
    /// The data_coding every part carries.
    pub data_coding: u8,
    /// The parts, in order.
    pub parts: Vec<PlannedPart>,
}

impl TextPlan {
    /// Builds part `index`'s submit_sm with `options`' addresses and passes
    /// it to `f` (the PDU borrows the plan and the options).
    pub fn with_submit_sm<R>(
        &self,
        index: usize,
        options: &TextOptions,
        f: impl FnOnce(&Pdu<'_>) -> R,
    ) -> Option<R> {
        let p = self.parts.get(index)?;
        let mut sar_values = [0u8; 4];
        let mut list: Vec<Tlv<'_>> = Vec::new();
        if let Some((r, total, seq)) = p.sar {
            list.extend(
                smpp_proto::concat::Sar {
                    msg_ref_num: r,
                    total_segments: total,
                    segment_seqnum: seq,
                }
                .tlvs(&mut sar_values),
            );
        }
        if let Some(mp) = &p.message_payload {
            list.push(Tlv::new(TlvTag::MESSAGE_PAYLOAD, mp));
        }
        let sm = SubmitSm {
            service_type: options.service_type.as_bytes(),
            source_addr_ton: options.source_addr_ton,
            source_addr_npi: options.source_addr_npi,
            source_addr: options.source_addr.as_bytes(),
            dest_addr_ton: options.dest_addr_ton,
            dest_addr_npi: options.dest_addr_npi,
            destination_addr: options.destination_addr.as_bytes(),
            esm_class: p.esm_class,
            registered_delivery: options.registered_delivery,
            data_coding: p.data_coding,
            short_message: &p.short_message,
            tlvs: Tlvs::List(&list),
            ..SubmitSm::default()
        };
        Some(f(&Pdu::SubmitSm(sm)))
    }

    /// Encodes every part's submit_sm.
    pub(crate) fn pdus(&self, options: &TextOptions) -> Result<Vec<OwnedPdu>, Error> {
        (0..self.parts.len())
            .map(|i| {
                self.with_submit_sm(i, options, |pdu| {
                    OwnedPdu::encode(pdu, CommandStatus::ESME_ROK, 0)
                })
                .unwrap_or(Err(smpp_proto::EncodeError::PduTooLarge))
                .map_err(Error::Encode)
            })
            .collect()
    }
}

/// Chooses the encoding and splits `text` into submit_sm parts with
/// `reference` tying them together (used when `options.reference` is `None`;
/// an 8-bit UDH takes its low octet), for a session at SMPP 3.4 or later:
/// `options.concat` as given. [`plan_text_for`] plans for any version;
/// [`Client::plan_text`](crate::Client::plan_text) for the client's own.
///
/// ```
/// use smpp_io_tokio::text::{plan_text, TextOptions};
/// use smpp_proto::text::Encoding;
///
/// let plan = plan_text(&"€ is two septets. ".repeat(10), &TextOptions::new("447700900123"), 7)?;
/// assert_eq!(plan.encoding, Encoding::GSM7);
/// assert_eq!(plan.parts.len(), 2);
/// assert_eq!(plan.parts[0].esm_class, 0x40); // UDHI
/// assert_eq!(&plan.parts[1].short_message[..6], &[5, 0, 3, 7, 2, 2]);
/// # Ok::<(), smpp_io_tokio::Error>(())
/// ```
pub fn plan_text(text: &str, options: &TextOptions, reference: u16) -> Result<TextPlan, Error> {
    plan_text_for(InterfaceVersion::V34, text, options, reference)
}

/// As [`plan_text`], for a session negotiated at `version`: at SMPP 3.3,
/// which has no TLVs, the parts carry a UDH even when `options.concat` asks
/// for SAR or message_payload ([`ConcatMethod::for_version`]), so no part depends
/// on a TLV the session would have to refuse
/// ([`smpp_proto::EncodeError::ContentTlvNotInVersion`]).
///
/// ```
/// use smpp_io_tokio::text::{plan_text_for, ConcatMethod, TextOptions};
/// use smpp_proto::InterfaceVersion;
///
/// let options = TextOptions::new("447700900123").concat(ConcatMethod::Sar);
/// let plan = plan_text_for(InterfaceVersion::V33, &"x".repeat(200), &options, 7)?;
/// assert!(plan.parts.iter().all(|p| p.sar.is_none() && p.esm_class & 0x40 != 0));
/// # Ok::<(), smpp_io_tokio::Error>(())
/// ```
pub fn plan_text_for(
    version: InterfaceVersion,
    text: &str,
    options: &TextOptions,
    reference: u16,
) -> Result<TextPlan, Error> {
    let reference = options.reference.unwrap_or(reference);
    let concat = options.concat.for_version(version);
    let scheme = match concat {
        ConcatMethod::Udh8 => Scheme::Udh8 {
            reference: reference as u8,
        },
        ConcatMethod::Udh16 => Scheme::Udh16 { reference },
        ConcatMethod::Sar => Scheme::Sar { reference },
        ConcatMethod::MessagePayload => Scheme::MessagePayload,
    };
    let mut split = SplitOptions::new(scheme);
    if options.packed {
        split = split.packed();
    }
    let (encoding, data_coding) = match options.data_coding {
        Some(dc) => (
            DataCoding(dc)
                .encoding(Encoding::GSM7)
                .map_err(|e| Error::Text(SplitError::Text(e)))?,
            dc,
        ),
        None => {
            let c = choose(text, options.allowed, &split).map_err(Error::Text)?;
            (c.encoding, c.encoding.data_coding().0)
        }
    };
    let splitter = Splitter::new(text, encoding, split).map_err(Error::Text)?;
    let parts = splitter
        .map(|p| {
            let mut buf = vec![0; p.encoded_len()];
            let n = p.encode(&mut buf).map_err(Error::Text)?;
            buf.truncate(n);
            let payload = concat == ConcatMethod::MessagePayload;
            Ok(PlannedPart {
                seq: p.seq(),
                esm_class: p.esm_class(options.esm_class),
                data_coding,
                short_message: if payload { Vec::new() } else { buf.clone() },
                message_payload: payload.then_some(buf),
                sar: p
                    .sar()
                    .map(|s| (s.msg_ref_num, s.total_segments, s.segment_seqnum)),
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(TextPlan {
        encoding,
        data_coding,
        parts,
    })
}

/// The outcome of [`Client::send_text`](crate::Client::send_text): one
/// result per part, in order. Every part has exactly one outcome.
#[derive(Debug)]
pub struct SentText {
    /// The encoding the text went in.
    pub encoding: Encoding,
    /// The data_coding of every part.
    pub data_coding: u8,
    /// Per part: the message_id of its submit_sm_resp (SMPP 3.4 §4.4.2), or
    /// why it failed ([`Error::Rejected`] for an error command_status,
    /// [`Error::is_fate_unknown`] when the SMSC may have taken it anyway).
    pub parts: Vec<Result<String, Error>>,
}

impl SentText {
    /// The message ids, one per part, if every part was accepted; else the
    /// first part's error.
    pub fn message_ids(&self) -> Result<Vec<&str>, &Error> {
        self.parts
            .iter()
            .map(|r| r.as_ref().map(String::as_str))
            .collect()
    }

    /// `true` when every part was accepted.
    pub fn all_accepted(&self) -> bool {
        self.parts.iter().all(Result::is_ok)
    }
}

/// The message_id of a submit_sm_resp / data_sm_resp, or the refusal, or
/// [`Error::InvalidResponse`] for command_status 0 without a message_id
/// (SMPP 3.4 §4.4.2, §4.7.2: it is mandatory then).
pub(crate) fn message_id(resp: &OwnedPdu) -> Result<String, Error> {
    if !resp.command_status().is_ok() {
        return Err(Error::Rejected(resp.command_status()));
    }
    match resp.pdu() {
        Ok(
            pdu @ (Pdu::SubmitSmResp(SmResp { message_id, .. })
            | Pdu::DataSmResp(SmResp { message_id, .. })),
        ) => {
            let Some(id) = message_id else {
                // The validator names the rule (5.0's tables hold 3.4's).
                let v = first_violation(&resp.header(), &pdu, InterfaceVersion::V50).unwrap_or(
                    Violation {
                        command_status: CommandStatus::ESME_RINVCMDLEN,
                        reason: "message_id is missing from a response with command_status 0",
                        tag: None,
                    },
                );
                return Err(Error::InvalidResponse(v));
            };
            // A C-Octet String: the codec has dropped its NUL.
            Ok(String::from_utf8_lossy(id).into_owned())
        }
        // generic_nack arrives with an error status and is handled above.
        _ => Err(Error::Rejected(CommandStatus::ESME_RSYSERR)),
    }
}

/// Sends every part through `requests` in order (pipelined up to the
/// window), then collects one outcome per part.
pub(crate) async fn send_parts(
    requests: &tokio::sync::mpsc::Sender<crate::driver::RequestCmd>,
    pdus: Vec<OwnedPdu>,
    enqueue_wait: Option<std::time::Duration>,
) -> Vec<Result<String, Error>> {
    let mut waiting = Vec::with_capacity(pdus.len());
    for pdu in pdus {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let send = requests.send(crate::driver::RequestCmd { pdu, reply: tx });
        let sent = match enqueue_wait {
            Some(d) => tokio::time::timeout(d, send)
                .await
                .map_err(|_| Error::Closed(None))
                .and_then(|r| r.map_err(|_| Error::Closed(None))),
            None => send.await.map_err(|_| Error::Closed(None)),
        };
        waiting.push(sent.map(|()| rx));
    }
    let mut out = Vec::with_capacity(waiting.len());
    for w in waiting {
        out.push(match w {
            Ok(rx) => match rx.await {
                Ok(Ok(resp)) => message_id(&resp),
                Ok(Err(e)) => Err(e),
                Err(_) => Err(Error::Closed(None)),
            },
            Err(e) => Err(e),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code
    use super::*;
    use smpp_proto::concat::{Pushed, Reassembler, Segment};
    use smpp_proto::text::{Packing, Unit};
    use smpp_proto::time::{Duration, Instant};

    fn reassemble(plan: &TextPlan, options: &TextOptions) -> String {
        let mut store: Reassembler<1, 8, 2048> = Reassembler::new(Duration::from_secs(1));
        let mut text = None;
        for i in 0..plan.parts.len() {
            let pdu = plan
                .with_submit_sm(i, options, |p| {
                    OwnedPdu::encode(p, CommandStatus::ESME_ROK, 1).unwrap()
                })
                .unwrap();
            let Ok(Pdu::SubmitSm(sm)) = pdu.pdu() else {
                unreachable!()
            };
            let seg = Segment::from_sm(&sm).unwrap();
            if let Pushed::Complete(m) = store
                .push(Instant::ZERO, sm.source_addr, sm.destination_addr, &seg)
                .unwrap()
            {
                let mut buf = vec![0; 4096];
                let enc = DataCoding(sm.data_coding).encoding(Encoding::GSM7).unwrap();
                let packing = if options.packed {
                    Packing::Packed
                } else {
                    Packing::Unpacked
                };
                text = Some(m.decode_into(enc, packing, &mut buf).unwrap().to_string());
            };
        }
        text.unwrap()
    }

    #[test]
    fn every_scheme_round_trips() {
        let long = "Grüße, {world} € — ".repeat(12);
        for concat in [
            ConcatMethod::Udh8,
            ConcatMethod::Udh16,
            ConcatMethod::Sar,
            ConcatMethod::MessagePayload,
        ] {
            let o = TextOptions::new("447700900123").from("Shop").concat(concat);
            let plan = plan_text(&long, &o, 300).unwrap();
            assert_eq!(plan.encoding.unit(), Unit::Utf16, "{concat:?}");
            if concat == ConcatMethod::MessagePayload {
                assert_eq!(plan.parts.len(), 1);
                assert!(plan.parts[0].short_message.is_empty());
            } else {
                assert!(plan.parts.len() > 1);
            }
            assert_eq!(reassemble(&plan, &o), long, "{concat:?}");
        }
    }

    #[test]
    fn choice_forced_and_packed() {
        let o = TextOptions::new("1").allowed(Allowed::ALL_CHARSETS);
        assert_eq!(plan_text("â", &o, 0).unwrap().encoding, Encoding::Latin1);
        let o = TextOptions::new("1").data_coding(0x08);
        let p = plan_text("plain", &o, 0).unwrap();
        assert_eq!((p.encoding, p.data_coding), (Encoding::Ucs2, 8));
        assert_eq!(p.parts[0].short_message.len(), 10);
        let o = TextOptions::new("1").data_coding(0x04);
        assert!(matches!(plan_text("x", &o, 0), Err(Error::Text(_))));
        let mut o = TextOptions::new("1");
        o.packed = true;
        let text = "packed septets ".repeat(15);
        let p = plan_text(&text, &o, 9).unwrap();
        assert_eq!(reassemble(&p, &o), text);
        let o = TextOptions::new("1").from("+447700900123");
        assert_eq!(
            (o.source_addr.as_str(), o.source_addr_ton),
            ("447700900123", 1)
        );
    }

    #[test]
    fn refusals_are_errors() {
        let ok = OwnedPdu::encode(
            &Pdu::SubmitSmResp(SmResp {
                message_id: Some(b"abc"),
                ..SmResp::default()
            }),
            CommandStatus::ESME_ROK,
            1,
        )
        .unwrap();
        assert_eq!(message_id(&ok).unwrap(), "abc");
        let nack = OwnedPdu::encode(&Pdu::GenericNack, CommandStatus::ESME_RTHROTTLED, 1).unwrap();
        assert!(matches!(
            message_id(&nack),
            Err(Error::Rejected(CommandStatus::ESME_RTHROTTLED))
        ));
        // Status 0 without a message_id is no acceptance (issue 13.9).
        let bare = OwnedPdu::encode(
            &Pdu::SubmitSmResp(SmResp::default()),
            CommandStatus::ESME_ROK,
            1,
        )
        .unwrap();
        let e = message_id(&bare).unwrap_err();
        assert!(matches!(e, Error::InvalidResponse(_)), "{e:?}");
        assert!(e.is_fate_unknown());
        assert!(e.to_string().contains("message_id is missing"), "{e}");
        // An empty message_id is present: accepted, with an empty id.
        let empty = OwnedPdu::encode(
            &Pdu::SubmitSmResp(SmResp {
                message_id: Some(b""),
                ..SmResp::default()
            }),
            CommandStatus::ESME_ROK,
            1,
        )
        .unwrap();
        assert_eq!(message_id(&empty).unwrap(), "");
    }
}
