//! What the SMSC delivers, classified: a mobile-originated message (long ones
//! reassembled, text decoded) or a delivery receipt (parsed).
//!
//! deliver_sm (SMPP 3.4 §4.6) and data_sm (§4.7) carry both. The client's
//! raw stream, an [`Inbox`], gives one [`Delivery`] per PDU (answered as it
//! is taken unless [`ClientConfig::auto_respond`](crate::ClientConfig::auto_respond)
//! is off); [`Messages`] wraps that stream and gives one [`Message`] per
//! message, answering its parts when it hands the message over:
//!
//! - **Receipt** when esm_class says so (SMPP 3.4 §5.2.12: 0x04, 0x08, 0x10,
//!   0x20) or a receipted_message_id / message_state TLV is present, read
//!   with [`smpp_proto::receipt::DeliveryReceipt`]: the TLVs (§5.3.2.12,
//!   §5.3.2.35, §5.3.2.31) win over the Appendix B text.
//! - **Mobile-originated** otherwise. Parts of a long message (UDH IE 0x00 /
//!   0x08, 3GPP TS 23.040 §9.2.3.24.1 and .8, or the SAR TLVs, SMPP 3.4
//!   §5.3.2.22–24) are put back together with
//!   [`smpp_proto::concat::Reassembler`], in any order, duplicates ignored. A
//!   message still incomplete [`MessagesConfig::reassembly_timeout`] after its
//!   first part is handed over incomplete ([`MoMessage::missing`]), never
//!   dropped; so are the parts held when the connection ends. The text is
//!   decoded per data_coding (§5.2.19).
//! - **Other**: alert_notification (§4.12), and parts that cannot be
//!   reassembled (a malformed UDH, a full store).
//!
//! Every raw PDU stays reachable from its [`Message`] ([`Message::deliveries`]),
//! to answer it yourself or to read fields this module does not.

use std::collections::{HashMap, VecDeque};

use smpp_proto::concat::{Concat, Pushed, Reassembler, Reference, Segment};
use smpp_proto::receipt::{
    DeliveryReceipt, MessageState, NetworkErrorCode, ParseMode, ReceiptDate, ReceiptError,
    ReceiptKind,
};
use smpp_proto::session::{delivery_response, PeerRequest};
use smpp_proto::text::{DataCoding, DataCodingMap, Encoding, Packing, TextError};
use smpp_proto::{CommandStatus, Pdu};
use tokio::sync::mpsc;

use crate::clock::Clock;
use crate::driver::Control;
use crate::error::Error;
use crate::inbox::Inbox;
use crate::owned::OwnedPdu;

/// One PDU the SMSC delivered (deliver_sm SMPP 3.4 §4.6, data_sm §4.7,
/// alert_notification §4.12), as it came, with what it takes to answer it
/// on the connection it came on.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// The request (its sequence_number is in the PDU's header too).
    pub pdu: OwnedPdu,
    /// Names the request to the session that answers it.
    request: PeerRequest,
    /// The connection it came on, to answer it there.
    reply_to: Option<mpsc::UnboundedSender<Control>>,
}

impl Delivery {
    /// A request as delivered on the connection whose control channel is `reply_to`.
    pub(crate) fn new(
        request: PeerRequest,
        pdu: OwnedPdu,
        reply_to: Option<mpsc::UnboundedSender<Control>>,
    ) -> Delivery {
        Delivery {
            pdu,
            request,
            reply_to,
        }
    }

    /// The request, for [`Client::respond`](crate::Client::respond) when
    /// not auto-responding.
    pub fn request(&self) -> PeerRequest {
        self.request
    }

    /// The request's sequence_number (SMPP 3.4 §3.2).
    pub fn sequence_number(&self) -> u32 {
        self.request.sequence_number()
    }

    /// Answers this request with ESME_ROK (deliver_sm_resp / data_sm_resp,
    /// SMPP 3.4 §4.6.2, §4.7.2: `Session::acknowledge`) on the connection
    /// it came on, when the application answers itself (`auto_respond`
    /// off). Nothing to do for alert_notification, which has no response.
    /// Answering twice is harmless: the session ignores the second.
    pub fn respond_ok(&self) -> Result<(), Error> {
        self.acknowledge(CommandStatus::ESME_ROK)
    }

    /// Answers this deliver_sm / data_sm with its response and
    /// `command_status` (e.g. ESME_RX_T_APPN to have it delivered again
    /// later, SMPP 3.4 §5.1.3). Nothing to do for alert_notification.
    pub fn acknowledge(&self, command_status: CommandStatus) -> Result<(), Error> {
        if delivery_response(self.request.command_id()).is_none() {
            return Ok(());
        }
        self.control(Control::Acknowledge {
            request: self.request,
            command_status,
        })
    }

    /// Answers this request with `response` (its *_resp, or a generic_nack,
    /// with any command_status, e.g. ESME_RX_T_APPN to have it sent again
    /// later, SMPP 3.4 §5.1.3) on the connection it came on.
    pub fn respond(&self, response: OwnedPdu) -> Result<(), Error> {
        self.control(Control::Respond {
            request: self.request,
            response,
        })
    }

    fn control(&self, c: Control) -> Result<(), Error> {
        let to = self.reply_to.as_ref().ok_or(Error::Closed(None))?;
        to.send(c).map_err(|_| Error::Closed(None))
    }

    /// Where this mobile-originated part sits in a long message: its
    /// concatenation reference, total and number, from the UDH (3GPP TS
    /// 23.040 §9.2.3.24.1, .8) or the sar_* TLVs (SMPP 3.4 §5.3.2.22–24).
    /// `None` for a message on its own, a receipt, or anything else.
    pub fn concat(&self) -> Option<Concat> {
        let segment = match self.pdu.pdu().ok()? {
            Pdu::DeliverSm(d) => Segment::from_sm(&d),
            Pdu::DataSm(d) => Segment::from_data_sm(&d),
            _ => return None,
        };
        segment.ok()?.concat.filter(|c| c.total > 1)
    }

    /// The delivery receipt this PDU carries (SMPP 3.4 §5.2.12, Appendix B),
    /// `None` when it is not one. A receipt whose text does not read still
    /// comes back, with [`Receipt::error`] set and the TLV fields it has.
    pub fn receipt(&self, mode: ParseMode) -> Option<Receipt> {
        let parsed = match self.pdu.pdu() {
            Ok(Pdu::DeliverSm(d)) => DeliveryReceipt::from_deliver_sm(&d, mode)?,
            Ok(Pdu::DataSm(d)) => DeliveryReceipt::from_data_sm(&d, mode)?,
            _ => return None,
        };
        Some(match parsed {
            Ok(r) => Receipt::from_parsed(&r),
            Err(error) => Receipt {
                kind: self.receipt_kind(),
                message_id: None,
                state: None,
                network_error_code: None,
                error_code: None,
                submit_date: None,
                done_date: None,
                text: None,
                is_final: false,
                error: Some(error),
            },
        })
    }

    fn receipt_kind(&self) -> ReceiptKind {
        let esm = match self.pdu.pdu() {
            Ok(Pdu::DeliverSm(d)) => d.esm_class,
            Ok(Pdu::DataSm(d)) => d.esm_class,
            _ => 0,
        };
        ReceiptKind::from_esm_class(esm).unwrap_or(ReceiptKind::Unmarked)
    }

    /// The ESME_ROK response to this request (deliver_sm_resp /
    /// data_sm_resp, SMPP 3.4 §4.6.2, §4.7.2:
    /// `smpp_proto::session::delivery_response`), for
    /// [`Client::respond`](crate::Client::respond); `None` for requests that
    /// take none (alert_notification).
    pub fn ok_response(&self) -> Option<OwnedPdu> {
        let pdu = delivery_response(self.request.command_id())?;
        OwnedPdu::encode(&pdu, CommandStatus::ESME_ROK, self.sequence_number()).ok()
    }
}

/// A delivery receipt, owned (see [`smpp_proto::receipt::DeliveryReceipt`]).
/// Each field comes from its TLV when present, else from the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// What esm_class announced (SMPP 3.4 §5.2.12).
    pub kind: ReceiptKind,
    /// The id of the original message (receipted_message_id §5.3.2.12, else `id:`).
    pub message_id: Option<String>,
    /// message_state (§5.3.2.35), else the `stat:` word.
    pub state: Option<MessageState>,
    /// The network_error_code TLV (§5.3.2.31).
    pub network_error_code: Option<NetworkErrorCode>,
    /// network_error_code's code, else `err:` when decimal.
    pub error_code: Option<u16>,
    /// `submit date:`.
    pub submit_date: Option<ReceiptDate>,
    /// `done date:`.
    pub done_date: Option<ReceiptDate>,
    /// `text:`, the start of the original message, as sent.
    pub text: Option<Vec<u8>>,
    /// The message reached a final state (not in an intermediate notification).
    pub is_final: bool,
    /// Why the receipt text did not read (the fields above are then from TLVs only).
    pub error: Option<ReceiptError>,
}

impl Receipt {
    fn from_parsed(r: &DeliveryReceipt<'_>) -> Receipt {
        Receipt {
            kind: r.kind,
            message_id: r.message_id.map(lossy),
            state: r.state,
            network_error_code: r.network_error_code,
            error_code: r.error_code(),
            submit_date: r.submit_date,
            done_date: r.done_date,
            text: r.text.map(<[u8]>::to_vec),
            is_final: r.is_final(),
            error: None,
        }
    }

    /// The `stat:` word of the state (`DELIVRD`, …), `UNKNOWN` without one.
    pub fn stat(&self) -> &'static str {
        self.state.map_or("UNKNOWN", MessageState::stat_word)
    }
}

/// C-Octet String bytes (the core drops their NUL) as text, lossy UTF-8.
fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A mobile-originated message, reassembled when it came in parts.
#[derive(Debug, Clone)]
pub struct MoMessage {
    /// source_addr (SMPP 3.4 §5.2.8).
    pub source_addr: String,
    /// source_addr_ton.
    pub source_addr_ton: u8,
    /// destination_addr (§5.2.9).
    pub destination_addr: String,
    /// data_coding of the (first) part (§5.2.19).
    pub data_coding: u8,
    /// The text, decoded per data_coding; `Err` for binary data or bytes that
    /// do not decode.
    pub text: Result<String, TextError>,
    /// The user data after any UDH, parts in order, back to back.
    pub payload: Vec<u8>,
    /// Parts the message has (1 when it was never split).
    pub total: u8,
    /// Numbers of the parts that never came (empty when complete).
    pub missing: Vec<u8>,
    /// The concatenation reference, when it came in parts.
    pub reference: Option<Reference>,
    /// The raw PDUs, in the order they arrived.
    pub parts: Vec<Delivery>,
}

impl MoMessage {
    /// The message `pdus` make (deliver_sm or data_sm PDUs of one long
    /// message, in any order, duplicates ignored; or one message on its
    /// own), reassembled and decoded as [`Messages`] does with `config`:
    /// for parts kept elsewhere (a store shared by several processes) and
    /// answered as they were stored. Its [`MoMessage::parts`] is empty, as
    /// there is no connection to answer them on. `None` when the first PDU
    /// is not a message.
    pub fn from_pdus(pdus: &[OwnedPdu], config: &MessagesConfig) -> Option<MoMessage> {
        let mut store = Box::new(Store::new(smpp_proto::time::Duration::from_secs(0)));
        let now = smpp_proto::time::Instant::from_millis(0);
        let head = head_of(pdus.first()?)?;
        let done = |m: &smpp_proto::concat::Message<'_>, head| match mo(config, head, m, Vec::new())
        {
            Message::Mo(m) => Some(m),
            _ => None,
        };
        for owned in pdus {
            let Ok(pdu) = owned.pdu() else { continue };
            let (segment, src, dst) = match &pdu {
                Pdu::DeliverSm(d) => (Segment::from_sm(d), d.source_addr, d.destination_addr),
                Pdu::DataSm(d) => (Segment::from_data_sm(d), d.source_addr, d.destination_addr),
                _ => continue,
            };
            let Ok(segment) = segment else { continue };
            if let Ok(Pushed::Complete(m)) = store.push(now, src, dst, &segment) {
                return done(&m, head);
            }
        }
        let m = store.handle_timeout(smpp_proto::time::Instant::from_millis(u64::MAX))?;
        done(&m, head)
    }

    /// `true` when every part arrived.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty()
    }
}

/// One delivered message, classified.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Message {
    /// A mobile-originated message.
    Mo(MoMessage),
    /// A delivery receipt, with the PDU that carried it.
    Receipt {
        /// The receipt.
        receipt: Receipt,
        /// Its PDU.
        raw: Delivery,
    },
    /// Anything else (alert_notification, a part that cannot be reassembled).
    Other(Delivery),
}

impl Message {
    /// The raw PDUs of this message.
    pub fn deliveries(&self) -> &[Delivery] {
        match self {
            Message::Mo(m) => &m.parts,
            Message::Receipt { raw, .. } | Message::Other(raw) => std::slice::from_ref(raw),
        }
    }
}

/// How [`Messages`] classifies.
#[derive(Debug, Clone)]
pub struct MessagesConfig {
    /// A long message still incomplete this long after its first part is
    /// handed over incomplete (default 60 s).
    pub reassembly_timeout: std::time::Duration,
    /// How receipt text is read (default lenient).
    pub receipt_mode: ParseMode,
    /// The alphabet of data_coding 0x00, "SMSC default" (default GSM 7-bit).
    pub smsc_default: Encoding,
    /// data_coding values that mean another encoding on this link than the
    /// standard one (vumi2's `data_coding_overrides`), consulted first
    /// (`smpp_proto::text::DataCodingMap`).
    pub data_coding_overrides: Vec<(DataCoding, Encoding)>,
    /// How GSM 7-bit septets sit in short_message (default one per octet).
    pub packing: Packing,
}

impl Default for MessagesConfig {
    fn default() -> Self {
        MessagesConfig {
            reassembly_timeout: std::time::Duration::from_secs(60),
            receipt_mode: ParseMode::Lenient,
            smsc_default: Encoding::GSM7,
            data_coding_overrides: Vec::new(),
            packing: Packing::Unpacked,
        }
    }
}

/// Long messages in progress at once.
pub const REASSEMBLY_MESSAGES: usize = 16;
/// Parts of one long message at most.
pub const REASSEMBLY_PARTS: usize = 32;
/// Octets of one long message at most (160 per part: unpacked GSM 7-bit).
const REASSEMBLY_BYTES: usize = REASSEMBLY_PARTS * 160;

type Store = Reassembler<REASSEMBLY_MESSAGES, REASSEMBLY_PARTS, REASSEMBLY_BYTES>;
type Key = (Vec<u8>, Vec<u8>, Reference);

/// The classified stream of what the SMSC delivers, built on the raw stream
/// [`Client::connect`](crate::Client::connect) returns.
///
/// ```no_run
/// use smpp_io_tokio::{Client, ClientConfig, Message, Messages};
///
/// # async fn run() -> Result<(), smpp_io_tokio::Error> {
/// let (client, inbound) =
///     Client::connect(ClientConfig::from_url("smpp://esme:secret@127.0.0.1:2775")?).await?;
/// let mut messages = Messages::new(inbound);
/// while let Some(m) = messages.recv().await {
///     match m {
///         Message::Mo(mo) => println!("{}: {}", mo.source_addr, mo.text.unwrap_or_default()),
///         Message::Receipt { receipt, .. } => {
///             println!("{:?} {}", receipt.message_id, receipt.stat())
///         }
///         _ => {}
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Messages {
    raw: Inbox,
    config: std::sync::Arc<MessagesConfig>,
    clock: Clock,
    store: Option<Box<Store>>,
    held: HashMap<Key, Vec<Delivery>>,
    ready: VecDeque<Message>,
    closed: bool,
}

impl Messages {
    /// Classifies `raw` with the default [`MessagesConfig`].
    pub fn new(raw: Inbox) -> Messages {
        Messages::with_config(raw, MessagesConfig::default())
    }

    /// Classifies `raw` with `config`.
    pub fn with_config(raw: Inbox, config: MessagesConfig) -> Messages {
        Messages {
            raw,
            config: std::sync::Arc::new(config),
            clock: Clock::new(),
            store: None,
            held: HashMap::new(),
            ready: VecDeque::new(),
            closed: false,
        }
    }

    /// Long messages waiting for parts.
    pub fn in_progress(&self) -> usize {
        self.store.as_ref().map_or(0, |s| s.in_progress())
    }

    /// The next message; `None` once the connection is gone and every held
    /// part has been handed over. Cancel-safe.
    ///
    /// With `auto_respond` on, a message is answered (SMPP 3.4 §4.6.2) as
    /// it is handed over, so that the SMSC counts as delivered only what the
    /// application has; the parts of a long message are answered as they
    /// are stored here, since the SMSC may not send the next parts before
    /// (its window). With `auto_respond` off, answer each of
    /// [`Message::deliveries`] yourself: then store the parts of a long
    /// message (or answer them) as they come, or the SMSC's window may
    /// hold back the rest.
    pub async fn recv(&mut self) -> Option<Message> {
        loop {
            if let Some(m) = self.ready.pop_front() {
                if self.raw.auto_respond() {
                    for part in m.deliveries() {
                        let _ = part.respond_ok();
                    }
                }
                return Some(m);
            }
            if self.closed {
                return None;
            }
            let deadline = self
                .store
                .as_ref()
                .and_then(|s| s.poll_timeout())
                .map(|t| self.clock.to_tokio(t));
            tokio::select! {
                r = self.raw.recv_unanswered() => match r {
                    Some(i) => self.take(i),
                    None => {
                        self.closed = true;
                        self.expire(smpp_proto::time::Instant::from_millis(u64::MAX));
                    }
                },
                _ = sleep(deadline) => self.expire(self.clock.now()),
            }
        }
    }

    fn take(&mut self, inbound: Delivery) {
        if let Some(receipt) = inbound.receipt(self.config.receipt_mode) {
            self.ready.push_back(Message::Receipt {
                receipt,
                raw: inbound,
            });
            return;
        }
        let pdu = match inbound.pdu.pdu() {
            Ok(p) => p,
            Err(_) => return self.ready.push_back(Message::Other(inbound)),
        };
        let (segment, src, ton, dst, dc) = match &pdu {
            Pdu::DeliverSm(d) => (
                Segment::from_sm(d),
                d.source_addr,
                d.source_addr_ton,
                d.destination_addr,
                d.data_coding,
            ),
            Pdu::DataSm(d) => (
                Segment::from_data_sm(d),
                d.source_addr,
                d.source_addr_ton,
                d.destination_addr,
                d.data_coding,
            ),
            _ => return self.ready.push_back(Message::Other(inbound.clone())),
        };
        let Ok(segment) = segment else {
            return self.ready.push_back(Message::Other(inbound.clone()));
        };
        let head = MoHead {
            source_addr: lossy(src),
            source_addr_ton: ton,
            destination_addr: lossy(dst),
            data_coding: dc,
        };
        let config = self.config.clone();
        let Some(concat) = segment.concat.filter(|c| c.total > 1) else {
            // On its own: no slot needed.
            let mut single: Reassembler<0, 1, 0> =
                Reassembler::new(smpp_proto::time::Duration::from_secs(0));
            let m = match single.push(self.clock.now(), src, dst, &segment) {
                Ok(Pushed::Complete(m)) => mo(&config, head, &m, vec![inbound.clone()]),
                _ => Message::Other(inbound.clone()),
            };
            return self.ready.push_back(m);
        };
        let key: Key = (src.to_vec(), dst.to_vec(), concat.reference);
        let now = self.clock.now();
        let timeout = smpp_proto::time::Duration::from_millis(
            u64::try_from(config.reassembly_timeout.as_millis()).unwrap_or(u64::MAX),
        );
        let store = self
            .store
            .get_or_insert_with(|| Box::new(Store::new(timeout)));
        let auto = self.raw.auto_respond();
        let mut hold = |inbound: Delivery| {
            let mut inbound = inbound;
            if auto {
                // Stored: answered now, or the SMSC's window could hold back
                // the parts still to come; not answered again at hand-over.
                let _ = inbound.respond_ok();
                inbound.reply_to = None;
            }
            self.held.entry(key.clone()).or_default().push(inbound);
        };
        let out = match store.push(now, src, dst, &segment) {
            Ok(Pushed::Stored { .. }) => {
                hold(inbound.clone());
                None
            }
            Ok(Pushed::Duplicate { .. }) => {
                // Kept with its message.
                hold(inbound.clone());
                None
            }
            Ok(Pushed::Complete(m)) => {
                let mut parts = self.held.remove(&key).unwrap_or_default();
                parts.push(inbound.clone());
                // The first part's data_coding decides (they should all agree).
                let head = first_head(&parts).unwrap_or(head);
                Some(mo(&config, head, &m, parts))
            }
            Err(_) => Some(Message::Other(inbound.clone())),
        };
        if let Some(m) = out {
            self.ready.push_back(m);
        }
    }

    /// Hands over every message whose reassembly deadline is `now` or past.
    fn expire(&mut self, now: smpp_proto::time::Instant) {
        let config = self.config.clone();
        let Some(store) = self.store.as_mut() else {
            return;
        };
        while let Some(m) = store.handle_timeout(now) {
            let key = m
                .reference()
                .map(|r| (m.source_addr().to_vec(), m.destination_addr().to_vec(), r));
            let parts = key.and_then(|k| self.held.remove(&k)).unwrap_or_default();
            let Some(head) = first_head(&parts) else {
                continue;
            };
            self.ready.push_back(mo(&config, head, &m, parts));
        }
    }
}

async fn sleep(until: Option<tokio::time::Instant>) {
    match until {
        Some(t) => tokio::time::sleep_until(t).await,
        None => std::future::pending().await,
    }
}

struct MoHead {
    source_addr: String,
    source_addr_ton: u8,
    destination_addr: String,
    data_coding: u8,
}

/// The addresses and data_coding of the part that arrived first.
fn first_head(parts: &[Delivery]) -> Option<MoHead> {
    head_of(&parts.first()?.pdu)
}

/// The addresses and data_coding of a deliver_sm or data_sm.
fn head_of(pdu: &OwnedPdu) -> Option<MoHead> {
    match pdu.pdu() {
        Ok(Pdu::DeliverSm(d)) => Some(MoHead {
            source_addr: lossy(d.source_addr),
            source_addr_ton: d.source_addr_ton,
            destination_addr: lossy(d.destination_addr),
            data_coding: d.data_coding,
        }),
        Ok(Pdu::DataSm(d)) => Some(MoHead {
            source_addr: lossy(d.source_addr),
            source_addr_ton: d.source_addr_ton,
            destination_addr: lossy(d.destination_addr),
            data_coding: d.data_coding,
        }),
        _ => None,
    }
}

fn mo(
    config: &MessagesConfig,
    head: MoHead,
    m: &smpp_proto::concat::Message<'_>,
    parts: Vec<Delivery>,
) -> Message {
    let text = DataCodingMap::new(config.smsc_default)
        .with_overrides(&config.data_coding_overrides)
        .encoding(DataCoding(head.data_coding))
        .and_then(|enc| {
            // 4 UTF-8 octets per input octet covers every encoding (packed
            // GSM 7-bit: 8 septets of up to 3 octets per 7 octets).
            let mut buf = vec![0u8; m.payload().len() * 4 + 8];
            m.decode_into(enc, config.packing, &mut buf)
                .map(str::to_string)
        });
    Message::Mo(MoMessage {
        source_addr: head.source_addr,
        source_addr_ton: head.source_addr_ton,
        destination_addr: head.destination_addr,
        data_coding: head.data_coding,
        text,
        payload: m.payload().to_vec(),
        total: m.total(),
        missing: m.missing().collect(),
        reference: m.reference(),
        parts,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)] // reason: test code
    use super::*;
    use smpp_proto::codec::{DeliverSm, Tlv, TlvTag, Tlvs};

    fn inbound(seq: u32, sm: DeliverSm<'_>) -> Delivery {
        Delivery::new(
            PeerRequest::made_up(seq, smpp_proto::CommandId::DELIVER_SM),
            OwnedPdu::encode(&Pdu::DeliverSm(sm), CommandStatus::ESME_ROK, seq).unwrap(),
            None,
        )
    }

    fn part(r: u8, total: u8, seq: u8, text: &[u8]) -> Vec<u8> {
        let mut v = vec![5, 0, 3, r, total, seq];
        v.extend_from_slice(text);
        v
    }

    #[test]
    fn from_pdus_reassembles_parts_kept_elsewhere() {
        let pdu = |p: &[u8]| {
            inbound(
                1,
                DeliverSm {
                    source_addr: b"4477",
                    destination_addr: b"123",
                    esm_class: 0x40,
                    short_message: p,
                    ..DeliverSm::default()
                },
            )
        };
        let (p1, p2) = (part(7, 2, 1, b"hello "), part(7, 2, 2, b"world"));
        let d2 = pdu(&p2);
        let c = d2.concat().unwrap();
        assert_eq!((c.total, c.seq), (2, 2));
        let single = inbound(
            2,
            DeliverSm {
                short_message: b"alone",
                ..DeliverSm::default()
            },
        );
        assert!(single.concat().is_none());
        let m = MoMessage::from_pdus(&[d2.pdu.clone(), pdu(&p1).pdu], &MessagesConfig::default())
            .unwrap();
        assert_eq!(
            (m.text.as_deref(), m.source_addr.as_str()),
            (Ok("hello world"), "4477")
        );
        assert!(m.is_complete() && m.parts.is_empty());
        let m = MoMessage::from_pdus(&[single.pdu], &MessagesConfig::default()).unwrap();
        assert_eq!(m.text.as_deref(), Ok("alone"));
        let half = MoMessage::from_pdus(&[d2.pdu], &MessagesConfig::default()).unwrap();
        assert_eq!(half.missing, vec![1]);
    }

    #[tokio::test(start_paused = true)]
    async fn reassembles_classifies_and_times_out() {
        let (tx, rx) = mpsc::channel(64);
        let mut m = Messages::with_config(
            Inbox::new(rx, true),
            MessagesConfig {
                reassembly_timeout: std::time::Duration::from_secs(5),
                ..MessagesConfig::default()
            },
        );
        let p2 = part(9, 3, 2, b"lo ");
        let p3 = part(9, 3, 3, b"world");
        let p1 = part(9, 3, 1, b"hel");
        for (seq, p) in [(1, &p2), (2, &p3), (3, &p2), (4, &p1)] {
            tx.try_send(inbound(
                seq,
                DeliverSm {
                    source_addr: b"4477",
                    destination_addr: b"123",
                    esm_class: 0x40,
                    short_message: p,
                    ..DeliverSm::default()
                },
            ))
            .unwrap();
        }
        let Some(Message::Mo(mo)) = m.recv().await else {
            panic!()
        };
        assert_eq!(mo.text.as_deref(), Ok("hello world"));
        assert!(mo.is_complete());
        assert_eq!(mo.parts.len(), 4, "the duplicate is kept with its message");
        // A receipt with TLVs only (message_state 2 = DELIVERED).
        let tlvs = [
            Tlv::new(TlvTag::RECEIPTED_MESSAGE_ID, b"ab12\0"),
            Tlv::new(TlvTag::MESSAGE_STATE, &[2]),
        ];
        tx.try_send(inbound(
            5,
            DeliverSm {
                tlvs: Tlvs::List(&tlvs),
                ..DeliverSm::default()
            },
        ))
        .unwrap();
        let Some(Message::Receipt { receipt, raw }) = m.recv().await else {
            panic!()
        };
        assert_eq!(receipt.message_id.as_deref(), Some("ab12"));
        assert_eq!((receipt.stat(), receipt.is_final), ("DELIVRD", true));
        assert_eq!(raw.sequence_number(), 5);
        assert!(raw.ok_response().is_some());
        // A part whose siblings never come is handed over after the timeout.
        let lone = part(10, 2, 1, b"half");
        tx.try_send(inbound(
            6,
            DeliverSm {
                source_addr: b"4477",
                esm_class: 0x40,
                short_message: &lone,
                ..DeliverSm::default()
            },
        ))
        .unwrap();
        let t0 = tokio::time::Instant::now();
        let Some(Message::Mo(mo)) = m.recv().await else {
            panic!()
        };
        assert!(t0.elapsed() >= std::time::Duration::from_secs(5));
        assert_eq!(
            (mo.missing.as_slice(), mo.text.as_deref()),
            (&[2][..], Ok("half"))
        );
        // Parts held when the connection ends are handed over too.
        tx.try_send(inbound(
            7,
            DeliverSm {
                esm_class: 0x40,
                short_message: &lone,
                ..DeliverSm::default()
            },
        ))
        .unwrap();
        drop(tx);
        let Some(Message::Mo(mo)) = m.recv().await else {
            panic!()
        };
        assert!(!mo.is_complete());
        assert!(m.recv().await.is_none());
    }
}
