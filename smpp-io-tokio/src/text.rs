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

use std::time::{Duration, SystemTime};

use smpp_proto::codec::{
    first_violation, McReceipt, RegisteredDelivery, SmResp, SmppTime, SubmitSm, Tlv, TlvTag, Tlvs,
    TonNpi, Violation,
};
use smpp_proto::concat::{Scheme, SplitError, SplitOptions, Splitter};
use smpp_proto::text::{choose, Allowed, DataCoding, DataCodingMap, Encoding, MessageClass};
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

/// Where an extra TLV of [`TextOptions::tlvs`] goes when a message is sent
/// in several parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TlvPlacement {
    /// On every part's submit_sm (the default): what a per-message
    /// parameter such as user_message_reference (SMPP 3.4 §5.3.2.17) or a
    /// vendor's routing tag needs, since the SMSC sees each part alone.
    #[default]
    EveryPart,
    /// On the first part's submit_sm only.
    FirstPart,
}

/// One optional parameter (SMPP 3.4 §3.2.4, §5.3) added to the submit_sm of
/// a text or binary message: a standard one the options have no field for
/// (dest_addr_subunit 0x0005, user_message_reference 0x0204, …) or a
/// vendor's (0x1400–0x3FFF, e.g. 0x2900).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraTlv {
    /// The parameter tag.
    pub tag: TlvTag,
    /// The value, as it goes on the wire.
    pub value: Vec<u8>,
    /// Every part, or the first only.
    pub placement: TlvPlacement,
}

/// What [`Client::send_text`](crate::Client::send_text) and
/// [`Client::send_data`](crate::Client::send_data) send: every field of
/// submit_sm (SMPP 3.4 §4.4.1) but the content, extra TLVs, the encodings
/// and how long messages are split.
///
/// ```
/// use std::time::Duration;
/// use smpp_io_tokio::text::{ConcatMethod, TextOptions, TlvPlacement};
/// use smpp_proto::codec::McReceipt;
/// use smpp_proto::text::Allowed;
///
/// let options = TextOptions::new("447700900123")
///     .from("MyShop")
///     .mc_receipt(McReceipt::SuccessOrFailure)
///     .priority_flag(1)
///     .validity_in(Duration::from_secs(3600))
///     .tlv(0x0204, [0, 42]) // user_message_reference, on every part
///     .tlv_placed(0x2900, b"vendor", TlvPlacement::FirstPart)
///     .allowed(Allowed::ALL_CHARSETS)
///     .concat(ConcatMethod::Sar);
/// assert_eq!(options.destination_addr, "447700900123");
/// assert_eq!(options.validity_period.to_string(), "000000010000000R");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextOptions {
    /// service_type (SMPP 3.4 §5.2.11); empty for the SMSC default.
    pub service_type: String,
    /// source_addr_ton (SMPP 3.4 §5.2.5); `None` (the default) chooses from
    /// the address with [`TonNpi::choose`]: 1 for digits, 5 for a name.
    pub source_addr_ton: Option<u8>,
    /// source_addr_npi (SMPP 3.4 §5.2.6); `None` chooses as above.
    pub source_addr_npi: Option<u8>,
    /// source_addr (SMPP 3.4 §5.2.8); empty for the SMSC default. With the
    /// TON chosen automatically a leading `+` is dropped.
    pub source_addr: String,
    /// dest_addr_ton (SMPP 3.4 §5.2.5); `None` chooses from the address
    /// ([`TonNpi::choose`]).
    pub dest_addr_ton: Option<u8>,
    /// dest_addr_npi (SMPP 3.4 §5.2.6); `None` chooses as above.
    pub dest_addr_npi: Option<u8>,
    /// destination_addr (SMPP 3.4 §5.2.9).
    pub destination_addr: String,
    /// esm_class bits other than UDHI (SMPP 3.4 §5.2.12); UDHI is set per part.
    pub esm_class: u8,
    /// protocol_id (SMPP 3.4 §5.2.13, the GSM TP-PID of 3GPP TS 23.040
    /// §9.2.3.9); 0 by default.
    pub protocol_id: u8,
    /// priority_flag (SMPP 3.4 §5.2.14): 0 (lowest, the default) to 3
    /// (SMPP 5.0 §4.7.19: up to 4 for some network types).
    pub priority_flag: u8,
    /// schedule_delivery_time (SMPP 3.4 §5.2.15, §7.1): empty for
    /// immediate delivery.
    pub schedule_delivery_time: SmppTime,
    /// validity_period (SMPP 3.4 §5.2.16, §7.1): empty for the SMSC default.
    pub validity_period: SmppTime,
    /// registered_delivery (SMPP 3.4 §5.2.17): receipts and
    /// acknowledgements asked for; none by default.
    pub registered_delivery: RegisteredDelivery,
    /// replace_if_present_flag (SMPP 3.4 §5.2.18): replace a message still
    /// waiting at the SMSC with the same source, destination and
    /// service_type.
    pub replace_if_present_flag: bool,
    /// The encodings the text may be sent in (default GSM 7-bit and UCS-2).
    pub allowed: Allowed,
    /// What data_coding 0 means to this SMSC (SMPP 3.4 §5.2.19: "SMSC
    /// default alphabet"): GSM 7-bit by default; some SMSCs mean Latin-1
    /// or ASCII. A text in this encoding is sent with 0, and GSM 7-bit is
    /// then sent only if an override gives it a value.
    pub smsc_default: Encoding,
    /// data_coding values that mean another encoding on this link than the
    /// standard one (vumi2's `data_coding_overrides`), consulted first: a
    /// text in an encoding named here is sent with that value, and an
    /// encoding whose standard value is overridden is not chosen
    /// (`smpp_proto::text::DataCodingMap`).
    pub data_coding_overrides: Vec<(DataCoding, Encoding)>,
    /// Forces this data_coding (SMPP 3.4 §5.2.19), sent as given and
    /// encoded in the alphabet it announces (0x00 as GSM 7-bit); `None`
    /// lets [`TextOptions::allowed`] decide. With
    /// [`Client::send_data`](crate::Client::send_data): the data_coding of
    /// the binary content, 0x04 when `None`.
    pub data_coding: Option<u8>,
    /// A message class (3GPP TS 23.038 §4) carried in the data_coding when
    /// it is chosen here: class 0 is a flash message, shown at once and not
    /// stored. Text then goes as GSM 7-bit (0x10–0x13) or UCS-2
    /// (0x18–0x1B), the encodings with class values; binary content as
    /// 0x14–0x17. A forced [`TextOptions::data_coding`] is sent as given.
    pub message_class: Option<MessageClass>,
    /// How a long message is split; on an SMPP 3.3 session a UDH is used
    /// whatever this says ([`ConcatMethod::for_version`]).
    pub concat: ConcatMethod,
    /// The concatenation reference; `None` takes the client's next one.
    pub reference: Option<u16>,
    /// Pack GSM 7-bit septets (TS 23.038 §6.1.2.1) instead of one per octet.
    pub packed: bool,
    /// Optional parameters added to the submit_sm (SMPP 3.4 §5.3), after
    /// the ones the split adds (SAR, message_payload). SMPP 3.3 has no
    /// TLVs: a 3.3 session leaves them out.
    pub tlvs: Vec<ExtraTlv>,
}

impl TextOptions {
    /// A text to `destination_addr` (TON/NPI chosen from it: 1/1 for an
    /// international number), GSM 7-bit or UCS-2, 8-bit UDH parts, no
    /// receipt, priority 0, no schedule, the SMSC's default validity.
    pub fn new(destination_addr: &str) -> Self {
        TextOptions {
            service_type: String::new(),
            source_addr_ton: None,
            source_addr_npi: None,
            source_addr: String::new(),
            dest_addr_ton: None,
            dest_addr_npi: None,
            destination_addr: destination_addr.to_string(),
            esm_class: 0,
            protocol_id: 0,
            priority_flag: 0,
            schedule_delivery_time: SmppTime::Empty,
            validity_period: SmppTime::Empty,
            registered_delivery: RegisteredDelivery::NONE,
            replace_if_present_flag: false,
            allowed: Allowed::GSM7_UCS2,
            smsc_default: Encoding::GSM7,
            data_coding_overrides: Vec::new(),
            data_coding: None,
            message_class: None,
            concat: ConcatMethod::Udh8,
            reference: None,
            packed: false,
            tlvs: Vec::new(),
        }
    }

    /// Sets source_addr (SMPP 3.4 §5.2.8). Unless
    /// [`TextOptions::source_ton_npi`] sets them, its TON/NPI are chosen
    /// when sent ([`TonNpi::choose`]): 1/1 when it is all digits (an
    /// optional leading `+` dropped), else 5 (alphanumeric) / 0.
    pub fn from(mut self, source_addr: &str) -> Self {
        self.source_addr = source_addr.to_string();
        self
    }

    /// Sets source_addr_ton and source_addr_npi (SMPP 3.4 §5.2.5–6)
    /// instead of choosing them from the address.
    pub fn source_ton_npi(mut self, ton: u8, npi: u8) -> Self {
        self.source_addr_ton = Some(ton);
        self.source_addr_npi = Some(npi);
        self
    }

    /// Sets dest_addr_ton and dest_addr_npi (SMPP 3.4 §5.2.5–6) instead of
    /// choosing them from the address.
    pub fn dest_ton_npi(mut self, ton: u8, npi: u8) -> Self {
        self.dest_addr_ton = Some(ton);
        self.dest_addr_npi = Some(npi);
        self
    }

    /// Sets service_type (SMPP 3.4 §5.2.11).
    pub fn service_type(mut self, service_type: &str) -> Self {
        self.service_type = service_type.to_string();
        self
    }

    /// Sets the registered_delivery octet (SMPP 3.4 §5.2.17) as a number;
    /// 1 asks for a receipt. See [`TextOptions::mc_receipt`] and the other
    /// setters for its bits by name.
    pub fn registered_delivery(mut self, value: u8) -> Self {
        self.registered_delivery = RegisteredDelivery(value);
        self
    }

    /// Sets the MC delivery receipt asked for (registered_delivery bits
    /// 1–0, SMPP 3.4 §5.2.17).
    pub fn mc_receipt(mut self, receipt: McReceipt) -> Self {
        self.registered_delivery = self.registered_delivery.with_mc_receipt(receipt);
        self
    }

    /// Asks for the SME delivery acknowledgement (registered_delivery bit
    /// 2, SMPP 3.4 §5.2.17).
    pub fn sme_delivery_ack(mut self, on: bool) -> Self {
        self.registered_delivery = self.registered_delivery.with_sme_delivery_ack(on);
        self
    }

    /// Asks for the SME manual/user acknowledgement (registered_delivery
    /// bit 3, SMPP 3.4 §5.2.17).
    pub fn sme_manual_ack(mut self, on: bool) -> Self {
        self.registered_delivery = self.registered_delivery.with_sme_manual_ack(on);
        self
    }

    /// Asks for intermediate notifications (registered_delivery bit 4,
    /// SMPP 3.4 §5.2.17).
    pub fn intermediate_notification(mut self, on: bool) -> Self {
        self.registered_delivery = self.registered_delivery.with_intermediate_notification(on);
        self
    }

    /// Sets priority_flag (SMPP 3.4 §5.2.14).
    pub fn priority_flag(mut self, priority: u8) -> Self {
        self.priority_flag = priority;
        self
    }

    /// Sets protocol_id (SMPP 3.4 §5.2.13).
    pub fn protocol_id(mut self, protocol_id: u8) -> Self {
        self.protocol_id = protocol_id;
        self
    }

    /// Sets replace_if_present_flag (SMPP 3.4 §5.2.18).
    pub fn replace_if_present(mut self, on: bool) -> Self {
        self.replace_if_present_flag = on;
        self
    }

    /// Sets validity_period as given (SMPP 3.4 §5.2.16).
    pub fn validity_period(mut self, time: SmppTime) -> Self {
        self.validity_period = time;
        self
    }

    /// The message expires `period` after the SMSC took it: a relative
    /// validity_period (SMPP 3.4 §7.1.2), whole seconds, at most 99 years.
    pub fn validity_in(self, period: Duration) -> Self {
        self.validity_period(relative_time(period))
    }

    /// The message expires at `until`: an absolute validity_period in UTC
    /// (SMPP 3.4 §7.1.1), within 2000–2099.
    pub fn validity_until(self, until: SystemTime) -> Self {
        self.validity_period(absolute_time(until))
    }

    /// Sets schedule_delivery_time as given (SMPP 3.4 §5.2.15).
    pub fn schedule_delivery_time(mut self, time: SmppTime) -> Self {
        self.schedule_delivery_time = time;
        self
    }

    /// Delivery starts `delay` after the SMSC took the message: a relative
    /// schedule_delivery_time (SMPP 3.4 §7.1.2).
    pub fn schedule_in(self, delay: Duration) -> Self {
        self.schedule_delivery_time(relative_time(delay))
    }

    /// Delivery starts at `at`: an absolute schedule_delivery_time in UTC
    /// (SMPP 3.4 §7.1.1), within 2000–2099.
    pub fn schedule_at(self, at: SystemTime) -> Self {
        self.schedule_delivery_time(absolute_time(at))
    }

    /// Sets the allowed encodings.
    pub fn allowed(mut self, allowed: Allowed) -> Self {
        self.allowed = allowed;
        self
    }

    /// Forces a data_coding (SMPP 3.4 §5.2.19).
    pub fn data_coding(mut self, data_coding: u8) -> Self {
        self.data_coding = Some(data_coding);
        self
    }

    /// Sets the message class carried in the chosen data_coding (3GPP TS
    /// 23.038 §4).
    pub fn message_class(mut self, class: MessageClass) -> Self {
        self.message_class = Some(class);
        self
    }

    /// A flash message: message class 0 ([`TextOptions::message_class`]).
    pub fn flash(self) -> Self {
        self.message_class(MessageClass::Class0)
    }

    /// Sets the concatenation scheme.
    pub fn concat(mut self, concat: ConcatMethod) -> Self {
        self.concat = concat;
        self
    }

    /// Adds an optional parameter (SMPP 3.4 §5.3) to every part.
    pub fn tlv(self, tag: u16, value: impl Into<Vec<u8>>) -> Self {
        self.tlv_placed(tag, value, TlvPlacement::EveryPart)
    }

    /// Adds an optional parameter to every part or the first only.
    pub fn tlv_placed(
        mut self,
        tag: u16,
        value: impl Into<Vec<u8>>,
        placement: TlvPlacement,
    ) -> Self {
        self.tlvs.push(ExtraTlv {
            tag: TlvTag(tag),
            value: value.into(),
            placement,
        });
        self
    }
}

/// A relative SMPP time (SMPP 3.4 §7.1.2) of `d`'s whole seconds, at most
/// 99 years (longer periods are cut to that).
fn relative_time(d: Duration) -> SmppTime {
    const MAX: u64 = 100 * 365 * 86_400 - 1;
    SmppTime::relative_secs(d.as_secs().min(MAX)).unwrap_or(SmppTime::Empty)
}

/// An absolute UTC SMPP time (SMPP 3.4 §7.1.1); a time before 2000 is
/// written as 2000-01-01 (in the past all the same), one after 2099 as the
/// last tenth of 2099.
fn absolute_time(t: SystemTime) -> SmppTime {
    const Y2000: u64 = 946_684_800_000;
    const Y2100: u64 = 4_102_444_800_000;
    let millis = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0);
    SmppTime::utc_from_unix_millis(millis.clamp(Y2000, Y2100 - 1)).unwrap_or(SmppTime::Empty)
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
        Some(part_submit_sm(self.parts.get(index)?, options, f))
    }

    /// Encodes every part's submit_sm.
    pub(crate) fn pdus(&self, options: &TextOptions) -> Result<Vec<OwnedPdu>, Error> {
        encode_parts(&self.parts, options)
    }
}

/// Binary content turned into submit_sm parts by [`plan_data`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataPlan {
    /// The data_coding every part carries (SMPP 3.4 §5.2.19): 0x04 (8-bit
    /// binary) unless the options give one or a message class.
    pub data_coding: u8,
    /// The parts, in order.
    pub parts: Vec<PlannedPart>,
}

impl DataPlan {
    /// Builds part `index`'s submit_sm with `options`' fields and passes it
    /// to `f`.
    pub fn with_submit_sm<R>(
        &self,
        index: usize,
        options: &TextOptions,
        f: impl FnOnce(&Pdu<'_>) -> R,
    ) -> Option<R> {
        Some(part_submit_sm(self.parts.get(index)?, options, f))
    }

    /// Encodes every part's submit_sm.
    pub(crate) fn pdus(&self, options: &TextOptions) -> Result<Vec<OwnedPdu>, Error> {
        encode_parts(&self.parts, options)
    }
}

/// One part's submit_sm (SMPP 3.4 §4.4.1): the options' fields, TON/NPI
/// chosen where not given (SMPP 3.4 §5.2.5–6), the part's content, the
/// split's TLVs, then the extra ones this part carries.
fn part_submit_sm<R>(p: &PlannedPart, options: &TextOptions, f: impl FnOnce(&Pdu<'_>) -> R) -> R {
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
    for t in &options.tlvs {
        if t.placement == TlvPlacement::EveryPart || p.seq == 1 {
            list.push(Tlv::new(t.tag, &t.value));
        }
    }
    let (source, source_addr) = address(
        options.source_addr_ton,
        options.source_addr_npi,
        &options.source_addr,
    );
    let (dest, destination_addr) = address(
        options.dest_addr_ton,
        options.dest_addr_npi,
        &options.destination_addr,
    );
    let sm = SubmitSm {
        service_type: options.service_type.as_bytes(),
        source_addr_ton: source.ton,
        source_addr_npi: source.npi,
        source_addr,
        dest_addr_ton: dest.ton,
        dest_addr_npi: dest.npi,
        destination_addr,
        esm_class: p.esm_class,
        protocol_id: options.protocol_id,
        priority_flag: options.priority_flag,
        schedule_delivery_time: options.schedule_delivery_time,
        validity_period: options.validity_period,
        registered_delivery: options.registered_delivery.0,
        replace_if_present_flag: u8::from(options.replace_if_present_flag),
        data_coding: p.data_coding,
        sm_default_msg_id: 0,
        short_message: &p.short_message,
        tlvs: Tlvs::List(&list),
    };
    f(&Pdu::SubmitSm(sm))
}

/// The TON/NPI and address to send: as given, or chosen from the address
/// ([`TonNpi::choose`], which drops a leading `+`) for what is `None`.
fn address(ton: Option<u8>, npi: Option<u8>, addr: &str) -> (TonNpi, &[u8]) {
    let (auto, stripped) = TonNpi::choose(addr.as_bytes());
    let chosen = TonNpi {
        ton: ton.unwrap_or(auto.ton),
        npi: npi.unwrap_or(auto.npi),
    };
    // The `+` goes only when the TON says international.
    let sent = if ton.is_none() {
        stripped
    } else {
        addr.as_bytes()
    };
    (chosen, sent)
}

fn encode_parts(parts: &[PlannedPart], options: &TextOptions) -> Result<Vec<OwnedPdu>, Error> {
    parts
        .iter()
        .map(|p| {
            part_submit_sm(p, options, |pdu| {
                OwnedPdu::encode(pdu, CommandStatus::ESME_ROK, 0)
            })
            .map_err(Error::Encode)
        })
        .collect()
}

/// The split scheme for `options` at `version`, with `reference` unless
/// the options give one.
fn split_options(version: InterfaceVersion, options: &TextOptions, reference: u16) -> SplitOptions {
    let reference = options.reference.unwrap_or(reference);
    let scheme = match options.concat.for_version(version) {
        ConcatMethod::Udh8 => Scheme::Udh8 {
            reference: reference as u8,
        },
        ConcatMethod::Udh16 => Scheme::Udh16 { reference },
        ConcatMethod::Sar => Scheme::Sar { reference },
        ConcatMethod::MessagePayload => Scheme::MessagePayload,
    };
    let split = SplitOptions::new(scheme);
    if options.packed {
        split.packed()
    } else {
        split
    }
}

/// The planned parts of a split, each with `data_coding`.
fn planned_parts(
    splitter: Splitter<'_>,
    payload: bool,
    esm_class: u8,
    data_coding: u8,
) -> Result<Vec<PlannedPart>, Error> {
    splitter
        .map(|p| {
            let mut buf = vec![0; p.encoded_len()];
            let n = p.encode(&mut buf).map_err(Error::Text)?;
            buf.truncate(n);
            Ok(PlannedPart {
                seq: p.seq(),
                esm_class: p.esm_class(esm_class),
                data_coding,
                short_message: if payload { Vec::new() } else { buf.clone() },
                message_payload: payload.then_some(buf),
                sar: p
                    .sar()
                    .map(|s| (s.msg_ref_num, s.total_segments, s.segment_seqnum)),
            })
        })
        .collect()
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
/// With [`TextOptions::message_class`] (and no forced data_coding) the
/// text goes in GSM 7-bit or UCS-2, whichever of the two
/// [`TextOptions::allowed`] allows is cheaper, with the class in the
/// data_coding (3GPP TS 23.038 §4: 0x10–0x13, 0x18–0x1B).
///
/// ```
/// use smpp_io_tokio::text::{plan_text_for, ConcatMethod, TextOptions};
/// use smpp_proto::InterfaceVersion;
///
/// let options = TextOptions::new("447700900123").concat(ConcatMethod::Sar);
/// let plan = plan_text_for(InterfaceVersion::V33, &"x".repeat(200), &options, 7)?;
/// assert!(plan.parts.iter().all(|p| p.sar.is_none() && p.esm_class & 0x40 != 0));
/// let flash = plan_text_for(InterfaceVersion::V34, "Now!", &TextOptions::new("1").flash(), 7)?;
/// assert_eq!(flash.data_coding, 0x10);
/// # Ok::<(), smpp_io_tokio::Error>(())
/// ```
pub fn plan_text_for(
    version: InterfaceVersion,
    text: &str,
    options: &TextOptions,
    reference: u16,
) -> Result<TextPlan, Error> {
    let split = split_options(version, options, reference);
    let map =
        DataCodingMap::new(options.smsc_default).with_overrides(&options.data_coding_overrides);
    let (encoding, data_coding) = match (options.data_coding, options.message_class) {
        (Some(dc), _) => (
            map.encoding(DataCoding(dc))
                .map_err(|e| Error::Text(SplitError::Text(e)))?,
            dc,
        ),
        (None, Some(class)) => {
            // TS 23.038 §4: only GSM 7-bit and UCS-2 have class values.
            let mut allowed = Allowed::NONE;
            for e in [Encoding::GSM7, Encoding::Ucs2] {
                if options.allowed.allows(e) {
                    allowed = allowed.with(e);
                }
            }
            let c = choose(text, allowed, &split).map_err(Error::Text)?;
            let dc = DataCoding::with_class(c.encoding, class)
                .unwrap_or_else(|| c.encoding.data_coding());
            (c.encoding, dc.0)
        }
        (None, None) => {
            // Only the encodings this link can announce (map.allowed).
            let c = choose(text, map.allowed(options.allowed), &split).map_err(Error::Text)?;
            let dc = map
                .data_coding(c.encoding)
                .unwrap_or_else(|| c.encoding.data_coding());
            (c.encoding, dc.0)
        }
    };
    let splitter = Splitter::new(text, encoding, split).map_err(Error::Text)?;
    let payload = split.scheme == Scheme::MessagePayload;
    let parts = planned_parts(splitter, payload, options.esm_class, data_coding)?;
    Ok(TextPlan {
        encoding,
        data_coding,
        parts,
    })
}

/// Splits binary content (a WAP push, an OTA setting, a vCard, …) into
/// submit_sm parts as [`plan_text`] splits a text, for a session at SMPP
/// 3.4 or later: 140 octets in one part, else 134 per part with an 8-bit
/// UDH (3GPP TS 23.040 §9.2.3.24.1), 133 with a 16-bit one, 140 with SAR,
/// or everything in message_payload. The data_coding is
/// [`TextOptions::data_coding`], else 0x04 (8-bit binary, SMPP 3.4
/// §5.2.19), or 0x14–0x17 with a [`TextOptions::message_class`].
/// [`TextOptions::allowed`] and [`TextOptions::packed`] play no part.
///
/// ```
/// use smpp_io_tokio::text::{plan_data, TextOptions};
///
/// let plan = plan_data(&[0xAB; 200], &TextOptions::new("447700900123"), 9)?;
/// assert_eq!(plan.data_coding, 0x04);
/// assert_eq!(plan.parts.len(), 2);
/// assert_eq!(&plan.parts[0].short_message[..6], &[5, 0, 3, 9, 2, 1]);
/// assert_eq!(plan.parts[0].short_message.len(), 140);
/// # Ok::<(), smpp_io_tokio::Error>(())
/// ```
pub fn plan_data(data: &[u8], options: &TextOptions, reference: u16) -> Result<DataPlan, Error> {
    plan_data_for(InterfaceVersion::V34, data, options, reference)
}

/// As [`plan_data`], for a session negotiated at `version` (a UDH at SMPP
/// 3.3, [`ConcatMethod::for_version`]).
pub fn plan_data_for(
    version: InterfaceVersion,
    data: &[u8],
    options: &TextOptions,
    reference: u16,
) -> Result<DataPlan, Error> {
    let split = split_options(version, options, reference);
    let data_coding = options
        .data_coding
        .unwrap_or(DataCoding::binary(options.message_class).0);
    let splitter = Splitter::binary(data, split).map_err(Error::Text)?;
    let payload = split.scheme == Scheme::MessagePayload;
    let parts = planned_parts(splitter, payload, options.esm_class, data_coding)?;
    Ok(DataPlan { data_coding, parts })
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

/// The outcome of [`Client::send_data`](crate::Client::send_data): one
/// result per part, in order, as in [`SentText`].
#[derive(Debug)]
pub struct SentData {
    /// The data_coding of every part.
    pub data_coding: u8,
    /// Per part: the message_id of its submit_sm_resp (SMPP 3.4 §4.4.2), or
    /// why it failed.
    pub parts: Vec<Result<String, Error>>,
}

impl SentData {
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
    enqueue_wait: Option<Duration>,
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
        let p = plan_text("x", &o, 0).unwrap();
        let pdu = p
            .with_submit_sm(0, &o, |p| {
                OwnedPdu::encode(p, CommandStatus::ESME_ROK, 1).unwrap()
            })
            .unwrap();
        let Ok(Pdu::SubmitSm(sm)) = pdu.pdu() else {
            unreachable!()
        };
        assert_eq!(
            (sm.source_addr, sm.source_addr_ton, sm.source_addr_npi),
            (&b"447700900123"[..], 1, 1)
        );
    }

    #[test]
    fn binary_parts_and_classes() {
        let data: Vec<u8> = (0..=255).collect();
        let o = TextOptions::new("1");
        let p = plan_data(&data, &o, 0x1234).unwrap();
        assert_eq!((p.data_coding, p.parts.len()), (0x04, 2));
        let mut joined = Vec::new();
        for part in &p.parts {
            assert_eq!(part.esm_class, 0x40);
            assert_eq!(&part.short_message[..5], &[5, 0, 3, 0x34, 2]);
            joined.extend_from_slice(&part.short_message[6..]);
        }
        assert_eq!(joined, data);
        let p = plan_data(&data[..10], &TextOptions::new("1").flash(), 0).unwrap();
        assert_eq!((p.data_coding, p.parts[0].short_message.len()), (0x14, 10));
        let o = TextOptions::new("1").concat(ConcatMethod::MessagePayload);
        let p = plan_data(&data, &o, 0).unwrap();
        assert_eq!(p.parts[0].message_payload.as_deref(), Some(&data[..]));
        // Class 0 text: GSM 7-bit 0x10, UCS-2 0x18, even with Latin-1 allowed.
        let o = TextOptions::new("1").flash().allowed(Allowed::ALL_CHARSETS);
        assert_eq!(plan_text("â", &o, 0).unwrap().data_coding, 0x18);
        assert_eq!(plan_text("hi", &o, 0).unwrap().data_coding, 0x10);
        let o = TextOptions::new("1").message_class(MessageClass::Class2);
        assert_eq!(plan_text("hi", &o, 0).unwrap().data_coding, 0x12);
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
