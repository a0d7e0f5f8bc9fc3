//! The gateway's configuration: vumi2's `SmppTransceiverTransportConfig`
//! key names and nesting (`transport_name`, `host`, `port`, `system_id`,
//! `submit_sm_processor_config.registered_delivery.delivery_receipt`, …),
//! read from TOML, plus what vumi2 lacks (`urls`, `binds`, `amqp_url`,
//! `redis_url`, `amqp_ca_file`, `redis_ca_file`, `amqp_cert_file`,
//! `amqp_key_file`, `redis_cert_file`, `redis_key_file`, `store`,
//! `receipt_id_match`).
//!
//! Enumerated values are given by vumi2's names (`"SMSC_DEFAULT_ALPHABET"`,
//! `"INTERNATIONAL"`, `"SMSC_DELIVERY_RECEIPT_REQUESTED"`) or, where SMPP
//! has a number for them, by that number (SMPP 3.4 §5.2.5 TON, §5.2.6 NPI,
//! §5.2.17 registered_delivery, §5.2.19 data_coding).

use std::collections::BTreeMap;
use std::time::Duration;

use crate::tls::{ca_for, client_cert_for, CaFile, ClientCert};
use serde::Deserialize;
use smpp_io_tokio::text::ConcatMethod;
use smpp_io_tokio::{ClientConfig, MessagesConfig, TextOptions};
use smpp_proto::receipt::{IdBase, IdMatch};
use smpp_proto::session::BindType;
use smpp_proto::text::{DataCoding, Encoding};
use smpp_proto::InterfaceVersion;

/// The default AMQP URL (RabbitMQ's guest account on this machine).
pub const DEFAULT_AMQP_URL: &str = "amqp://guest:guest@127.0.0.1:5672/%2f";
/// The default Redis URL.
pub const DEFAULT_REDIS_URL: &str = "redis://127.0.0.1:6379/0";

/// A name from vumi2's enums, or the SMPP number.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum NameOrNumber {
    /// vumi2's (smpp.pdu's) name.
    Name(String),
    /// The SMPP value.
    Number(u8),
}

impl NameOrNumber {
    fn resolve(&self, what: &str, names: &[(&str, u8)]) -> Result<u8, String> {
        match self {
            NameOrNumber::Number(n) => Ok(*n),
            NameOrNumber::Name(s) => names
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(s))
                .map(|&(_, v)| v)
                .ok_or_else(|| {
                    let all: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
                    format!("{what}: {s:?} is not one of {}", all.join(", "))
                }),
        }
    }
}

/// smpp.pdu's `AddrTon` names (SMPP 3.4 §5.2.5).
const TON: &[(&str, u8)] = &[
    ("UNKNOWN", 0),
    ("INTERNATIONAL", 1),
    ("NATIONAL", 2),
    ("NETWORK_SPECIFIC", 3),
    ("SUBSCRIBER_NUMBER", 4),
    ("ALPHANUMERIC", 5),
    ("ABBREVIATED", 6),
];

/// smpp.pdu's `AddrNpi` names (SMPP 3.4 §5.2.6).
const NPI: &[(&str, u8)] = &[
    ("UNKNOWN", 0),
    ("ISDN", 1),
    ("DATA", 3),
    ("TELEX", 4),
    ("LAND_MOBILE", 6),
    ("NATIONAL", 8),
    ("PRIVATE", 9),
    ("ERMES", 10),
    ("INTERNET", 14),
    ("WAP_CLIENT_ID", 18),
];

/// smpp.pdu's `DataCodingDefault` names (SMPP 3.4 §5.2.19).
const DATA_CODING: &[(&str, u8)] = &[
    ("SMSC_DEFAULT_ALPHABET", 0x00),
    ("IA5_ASCII", 0x01),
    ("OCTET_UNSPECIFIED", 0x02),
    ("LATIN_1", 0x03),
    ("OCTET_UNSPECIFIED_COMMON", 0x04),
    ("JIS", 0x05),
    ("CYRILLIC", 0x06),
    ("ISO_8859_8", 0x07),
    ("UCS2", 0x08),
    ("PICTOGRAM", 0x09),
    ("ISO_2022_JP", 0x0A),
    ("EXTENDED_KANJI_JIS", 0x0D),
    ("KS_C_5601", 0x0E),
];

/// smpp.pdu's `RegisteredDeliveryReceipt` names (SMPP 3.4 §5.2.17 bits 1–0).
const DELIVERY_RECEIPT: &[(&str, u8)] = &[
    ("NO_SMSC_DELIVERY_RECEIPT_REQUESTED", 0),
    ("SMSC_DELIVERY_RECEIPT_REQUESTED", 1),
    ("SMSC_DELIVERY_RECEIPT_REQUESTED_FOR_FAILURE", 2),
];

/// smpp.pdu's `RegisteredDeliverySmeOriginatedAcks` names (§5.2.17 bits 3–2).
const SME_ACKS: &[(&str, u8)] = &[
    ("SME_DELIVERY_ACK_REQUESTED", 0x04),
    ("SME_MANUAL_ACK_REQUESTED", 0x08),
];

/// Python codec names of vumi2's `data_coding_overrides` values and the
/// encodings they are.
const CODECS: &[(&str, Encoding)] = &[
    ("gsm0338", Encoding::GSM7),
    ("ascii", Encoding::Ia5),
    ("latin1", Encoding::Latin1),
    ("latin_1", Encoding::Latin1),
    ("iso8859_1", Encoding::Latin1),
    ("iso8859_5", Encoding::Cyrillic),
    ("iso8859_8", Encoding::Hebrew),
    ("utf_16_be", Encoding::Ucs2),
    ("utf-16-be", Encoding::Ucs2),
    ("ucs2", Encoding::Ucs2),
    ("shift_jis", Encoding::ShiftJis),
    ("iso2022_jp", Encoding::Iso2022Jp),
    ("euc_jp", Encoding::EucJp),
    ("euc_kr", Encoding::EucKr),
];

/// vumi2's `multipart_handling`: how a text longer than one part is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MultipartHandling {
    /// vumi2: one submit_sm whatever the length. Here, as vumi2 would
    /// have the SMSC refuse a text past one part's room, a long text goes
    /// in message_payload (SMPP 3.4 §5.3.2.32). The default.
    #[default]
    ShortMessage,
    /// One submit_sm with the text in message_payload (SMPP 3.4 §5.3.2.32).
    MessagePayload,
    /// sar_* TLVs (SMPP 3.4 §5.3.2.22–24).
    MultipartSar,
    /// A concatenation UDH (3GPP TS 23.040 §9.2.3.24.1).
    MultipartUdh,
}

impl MultipartHandling {
    fn concat(self) -> ConcatMethod {
        match self {
            MultipartHandling::ShortMessage | MultipartHandling::MessagePayload => {
                ConcatMethod::MessagePayload
            }
            MultipartHandling::MultipartSar => ConcatMethod::Sar,
            MultipartHandling::MultipartUdh => ConcatMethod::Udh8,
        }
    }
}

/// `[submit_sm_processor_config.registered_delivery]` (SMPP 3.4 §5.2.17).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RegisteredDeliveryConfig {
    /// MC delivery receipt: a name or 0, 1, 2.
    pub delivery_receipt: NameOrNumber,
    /// SME acknowledgements asked for, by name.
    pub sme_originated_acks: Vec<String>,
    /// Intermediate notifications (bit 4).
    pub intermediate_notification: bool,
}

impl Default for RegisteredDeliveryConfig {
    fn default() -> Self {
        RegisteredDeliveryConfig {
            delivery_receipt: NameOrNumber::Name("NO_SMSC_DELIVERY_RECEIPT_REQUESTED".into()),
            sme_originated_acks: Vec::new(),
            intermediate_notification: false,
        }
    }
}

impl RegisteredDeliveryConfig {
    /// The registered_delivery octet (SMPP 3.4 §5.2.17).
    pub fn octet(&self) -> Result<u8, String> {
        let mut v = self
            .delivery_receipt
            .resolve("delivery_receipt", DELIVERY_RECEIPT)?;
        for ack in &self.sme_originated_acks {
            v |= NameOrNumber::Name(ack.clone()).resolve("sme_originated_acks", SME_ACKS)?;
        }
        if self.intermediate_notification {
            v |= 0x10;
        }
        Ok(v)
    }
}

/// `[submit_sm_processor_config]`: how an outbound message becomes
/// submit_sm PDUs (SMPP 3.4 §4.4.1).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SubmitSmConfig {
    /// The data_coding to write every text in. Absent (the default here,
    /// unlike vumi2's fixed SMSC_DEFAULT_ALPHABET): GSM 7-bit when the text
    /// fits it, else UCS-2.
    pub data_coding: Option<NameOrNumber>,
    /// How long texts are sent.
    pub multipart_handling: MultipartHandling,
    /// service_type (§5.2.11).
    pub service_type: Option<String>,
    /// source_addr_ton (§5.2.5); absent: chosen from the address.
    pub source_addr_ton: Option<NameOrNumber>,
    /// source_addr_npi (§5.2.6).
    pub source_addr_npi: Option<NameOrNumber>,
    /// dest_addr_ton.
    pub dest_addr_ton: Option<NameOrNumber>,
    /// dest_addr_npi.
    pub dest_addr_npi: Option<NameOrNumber>,
    /// registered_delivery (§5.2.17).
    pub registered_delivery: RegisteredDeliveryConfig,
    /// vumi2's SAR reference rollover: accepted, the library picks the
    /// reference.
    pub multipart_sar_reference_rollover: Option<u32>,
}

/// vumi2's default receipt regex (`DELIVERY_REPORT_REGEX`, SMPP 3.4
/// Appendix B).
pub const DELIVERY_REPORT_REGEX: &str = concat!(
    r"id:(?P<id>[^ ]{,65})",
    r"(?: +sub:(?P<sub>[^ ]+))?",
    r"(?: +dlvrd:(?P<dlvrd>[^ ]+))?",
    r"(?: +submit date:(?P<submit_date>\d*))?",
    r"(?: +done date:(?P<done_date>\d*))?",
    r" +stat:(?P<stat>[A-Z]{5,7})",
    r"(?: +err:(?P<err>[^ ]+))?",
    r" +[Tt]ext:(?P<text>.{,20})",
    r".*",
);

/// vumi2's default `status_mapping`: SMPP message_state names (§5.2.28)
/// and Appendix B stat words to vumi delivery statuses.
pub const DELIVERY_REPORT_STATUS_MAPPING: &[(&str, &str)] = &[
    ("ENROUTE", "pending"),
    ("DELIVERED", "delivered"),
    ("EXPIRED", "failed"),
    ("DELETED", "failed"),
    ("UNDELIVERABLE", "failed"),
    ("ACCEPTED", "delivered"),
    ("UNKNOWN", "pending"),
    ("REJECTED", "failed"),
    ("DELIVRD", "delivered"),
    ("REJECTD", "failed"),
    ("FAILED", "failed"),
    ("0", "delivered"),
];

/// `[dr_processor_config]`: how receipts are read.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DrConfig {
    /// The receipt text's regex (Python syntax; `id` and `stat` groups).
    pub regex: String,
    /// State word → "pending" | "delivered" | "failed"; an unlisted word
    /// is pending (vumi2).
    pub status_mapping: BTreeMap<String, String>,
}

impl Default for DrConfig {
    fn default() -> Self {
        DrConfig {
            regex: DELIVERY_REPORT_REGEX.to_string(),
            status_mapping: DELIVERY_REPORT_STATUS_MAPPING
                .iter()
                .map(|&(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }
}

/// `[sm_processor_config]`: how MO messages are read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmConfig {
    /// data_coding name → Python codec name (vumi2's), e.g.
    /// `OCTET_UNSPECIFIED = "ascii"`.
    pub data_coding_overrides: BTreeMap<String, String>,
}

/// `[smpp_cache_config]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CacheConfig {
    /// Seconds a message id correlation (and a recorded outcome) is kept:
    /// 24 h by default.
    pub timeout: u64,
}

impl Default for CacheConfig {
    fn default() -> Self {
        CacheConfig {
            timeout: 24 * 60 * 60,
        }
    }
}

/// Which sessions each bind is (SMPP 3.4 §4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BindKind {
    /// One transceiver session (bind_transceiver, §4.1.5). The default.
    #[default]
    Transceiver,
    /// A transmitter session for submits and a receiver session for
    /// receipts and MO messages (bind_transmitter §4.1.1, bind_receiver
    /// §4.1.3), for SMSCs without transceivers (SMPP 3.3).
    TransmitterReceiver,
}

/// Where the shared state lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoreKind {
    /// Redis at `redis_url`: several processes share it. The default.
    #[default]
    Redis,
    /// This process's memory: one process only.
    Memory,
}

/// The whole configuration, with vumi2's keys.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Queue prefix: `<transport_name>.outbound` etc. Default "smpp".
    pub transport_name: String,
    /// SMPP URLs (`smpp://ID:PW@HOST:PORT`): fail-over hosts, each bind
    /// going round them in turn; when empty, `host`, `port`, `system_id`,
    /// `password` make one.
    pub urls: Vec<String>,
    /// vumi2's SMSC host.
    pub host: String,
    /// vumi2's SMSC port.
    pub port: u16,
    /// vumi2's system_id (SMPP 3.4 §5.2.1).
    pub system_id: String,
    /// vumi2's password.
    pub password: String,
    /// system_type (§4.1.1).
    pub system_type: Option<String>,
    /// interface_version, as vumi2 writes it (34 for 3.4, 50 for 5.0, 33).
    pub interface_version: u8,
    /// address_range (§4.1.1).
    pub address_range: Option<String>,
    /// Seconds between enquire_link (§4.11).
    pub smpp_enquire_link_interval: u64,
    /// Seconds a bind may take.
    pub smpp_bind_timeout: u64,
    /// Sessions (binds) held, each going round the URLs in turn (fail-over).
    pub binds: usize,
    /// Transceiver, or transmitter + receiver pairs.
    pub bind_type: BindKind,
    /// The AMQP 0-9-1 URL of RabbitMQ.
    pub amqp_url: String,
    /// A CA file (PEM) whose certificates RabbitMQ's may be signed by, as
    /// well as the system's roots (an `amqps://` URL only).
    pub amqp_ca_file: Option<std::path::PathBuf>,
    /// The gateway's certificate (PEM) for a RabbitMQ that asks for one
    /// (mutual TLS; an `amqps://` URL only), with `amqp_key_file`.
    pub amqp_cert_file: Option<std::path::PathBuf>,
    /// The private key (PEM) of `amqp_cert_file`.
    pub amqp_key_file: Option<std::path::PathBuf>,
    /// The Redis URL.
    pub redis_url: String,
    /// A CA file (PEM) Redis's certificate is checked against, in place of
    /// the system's roots (a `rediss://` URL only).
    pub redis_ca_file: Option<std::path::PathBuf>,
    /// The gateway's certificate (PEM) for a Redis that asks for one
    /// (`tls-auth-clients`; a `rediss://` URL only), with `redis_key_file`.
    pub redis_cert_file: Option<std::path::PathBuf>,
    /// The private key (PEM) of `redis_cert_file`.
    pub redis_key_file: Option<std::path::PathBuf>,
    /// Where the shared state lives.
    pub store: StoreKind,
    /// How a receipt's id is matched to a submit_sm_resp id: "exact" (vumi2,
    /// the default), "ignore-case", "numeric", or "BASE:BASE" (hex:decimal).
    pub receipt_id_match: String,
    /// How long a receipt whose id is not known yet (it raced ahead of the
    /// submit_sm_resp) is looked up again, in seconds. Its deliver_sm is
    /// answered at once: the receipt waits parked in the store, not in
    /// the SMSC's window.
    pub receipt_wait: u64,
    /// How long a copy of a message that another copy is being submitted
    /// for waits for that outcome, in seconds, before its fate is called
    /// unknown (the other copy's process stopped).
    pub redelivery_wait: u64,
    /// submit_sm per second at most, for the whole process: one token
    /// bucket shared by all its sessions and kept across reconnects (SMPP
    /// 3.4 §5.1.3 throttling kept away); none by default.
    pub submit_rate: Option<u32>,
    /// Where to serve `/metrics` (Prometheus) and `/health`, HOST:PORT;
    /// none by default.
    pub metrics: Option<String>,
    /// Outbound messages.
    pub submit_sm_processor_config: SubmitSmConfig,
    /// Receipts.
    pub dr_processor_config: DrConfig,
    /// MO messages.
    pub sm_processor_config: SmConfig,
    /// The correlation store.
    pub smpp_cache_config: CacheConfig,
    // vumi2's class names: accepted and ignored (the gateway has one of each).
    #[doc(hidden)]
    pub sequencer_class: Option<String>,
    #[doc(hidden)]
    pub sequencer_config: Option<toml::Table>,
    #[doc(hidden)]
    pub submit_sm_processor_class: Option<String>,
    #[doc(hidden)]
    pub sm_processor_class: Option<String>,
    #[doc(hidden)]
    pub dr_processor_class: Option<String>,
    #[doc(hidden)]
    pub smpp_cache_class: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            transport_name: "smpp".into(),
            urls: Vec::new(),
            host: "localhost".into(),
            port: 2775,
            system_id: "smppclient1".into(),
            password: "password".into(),
            system_type: None,
            interface_version: 34,
            address_range: None,
            smpp_enquire_link_interval: 55,
            smpp_bind_timeout: 30,
            binds: 1,
            bind_type: BindKind::Transceiver,
            amqp_url: DEFAULT_AMQP_URL.into(),
            amqp_ca_file: None,
            amqp_cert_file: None,
            amqp_key_file: None,
            redis_url: DEFAULT_REDIS_URL.into(),
            redis_ca_file: None,
            redis_cert_file: None,
            redis_key_file: None,
            store: StoreKind::Redis,
            receipt_id_match: "exact".into(),
            receipt_wait: 10,
            redelivery_wait: 60,
            metrics: None,
            submit_rate: None,
            submit_sm_processor_config: SubmitSmConfig::default(),
            dr_processor_config: DrConfig::default(),
            sm_processor_config: SmConfig::default(),
            smpp_cache_config: CacheConfig::default(),
            sequencer_class: None,
            sequencer_config: None,
            submit_sm_processor_class: None,
            sm_processor_class: None,
            dr_processor_class: None,
            smpp_cache_class: None,
        }
    }
}

/// What [`Config::check`] makes of a configuration: the library's own
/// settings, ready to use.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Resolved {
    /// The hosts of every session, in runs of [`Resolved::urls`]: each
    /// session goes round its run (`Hosts::Groups`).
    pub hosts: Vec<ClientConfig>,
    /// The URLs each session fails over between.
    pub urls: usize,
    /// `submit_rate`: one token bucket for every session of the process,
    /// kept across reconnects (`ReconnectPolicy::rate_limit`).
    pub rate_limit: Option<smpp_proto::session::RateLimit>,
    /// The options of every submit (addresses filled in per message).
    pub options: TextOptions,
    /// How MO messages are decoded.
    pub messages: MessagesConfig,
    /// How receipt ids are matched.
    pub id_match: IdMatch,
    /// The receipt regex.
    pub regex: regex::Regex,
    /// How long correlations and outcomes are kept.
    pub ttl: Duration,
    /// `amqp_ca_file`, read.
    pub amqp_ca: Option<CaFile>,
    /// `redis_ca_file`, read.
    pub redis_ca: Option<CaFile>,
    /// `amqp_cert_file` and `amqp_key_file`, read.
    pub amqp_client: Option<ClientCert>,
    /// `redis_cert_file` and `redis_key_file`, read.
    pub redis_client: Option<ClientCert>,
}

impl Config {
    /// Reads TOML.
    pub fn from_toml(text: &str) -> Result<Config, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// Checks every value and turns them into the library's settings.
    pub fn check(&self) -> Result<Resolved, String> {
        let urls: Vec<String> = if self.urls.is_empty() {
            vec![format!(
                "smpp://{}:{}@{}:{}",
                self.system_id, self.password, self.host, self.port
            )]
        } else {
            self.urls.clone()
        };
        let version = match self.interface_version {
            33 | 0x33 => InterfaceVersion::V33,
            34 | 0x34 => InterfaceVersion::V34,
            50 | 0x50 => InterfaceVersion::V50,
            other => return Err(format!("interface_version {other}: use 33, 34 or 50")),
        };
        let mut each_url = Vec::new();
        for url in &urls {
            let mut c = ClientConfig::from_url(url).map_err(|e| e.to_string())?;
            if self.urls.is_empty() {
                // vumi2's separate keys, taken as given (no URL escaping).
                c.system_id = self.system_id.clone();
                c.password = self.password.clone();
            }
            if let Some(t) = &self.system_type {
                c.system_type = t.clone();
            }
            if let Some(r) = &self.address_range {
                c.address_range = r.clone();
            }
            c.session.interface_version = version;
            c.session.enquire_link_interval = Some(smpp_proto::time::Duration::from_secs(
                self.smpp_enquire_link_interval,
            ));
            c.session.session_init_timeout =
                smpp_proto::time::Duration::from_secs(self.smpp_bind_timeout);
            c.connect_timeout = Duration::from_secs(self.smpp_bind_timeout);
            // The gateway answers each deliver_sm once what it carried is
            // safe in RabbitMQ or the store.
            c.auto_respond = false;
            // ESME_RTHROTTLED / ESME_RMSGQFUL: sent again after the pause
            // for up to an hour, never nacked (SMPP 3.4 §5.1.3).
            c.throttle_retry = Some(Duration::from_secs(3600));
            each_url.push(c);
        }
        // One session per bind (two for a transmitter + receiver pair),
        // each going round every URL in turn: runs of `urls.len()` hosts.
        let bind_types: &[BindType] = match self.bind_type {
            BindKind::Transceiver => &[BindType::Transceiver],
            BindKind::TransmitterReceiver => &[BindType::Transmitter, BindType::Receiver],
        };
        let mut hosts = Vec::new();
        for _ in 0..self.binds.max(1) {
            for &bind_type in bind_types {
                for c in &each_url {
                    hosts.push(ClientConfig {
                        bind_type,
                        ..c.clone()
                    });
                }
            }
        }
        let rate_limit = self.submit_rate.map(|rate| smpp_proto::session::RateLimit {
            per_second: rate.max(1),
            burst: (rate / 10).max(1),
        });
        let sub = &self.submit_sm_processor_config;
        let mut options = TextOptions::new("");
        options.concat = sub.multipart_handling.concat();
        if let Some(dc) = &sub.data_coding {
            options.data_coding = Some(dc.resolve("data_coding", DATA_CODING)?);
        }
        if let Some(s) = &sub.service_type {
            options.service_type = s.clone();
        }
        let ton_npi = |v: &Option<NameOrNumber>, what, names| {
            v.as_ref().map(|v| v.resolve(what, names)).transpose()
        };
        options.source_addr_ton = ton_npi(&sub.source_addr_ton, "source_addr_ton", TON)?;
        options.source_addr_npi = ton_npi(&sub.source_addr_npi, "source_addr_npi", NPI)?;
        options.dest_addr_ton = ton_npi(&sub.dest_addr_ton, "dest_addr_ton", TON)?;
        options.dest_addr_npi = ton_npi(&sub.dest_addr_npi, "dest_addr_npi", NPI)?;
        options = options.registered_delivery(sub.registered_delivery.octet()?);
        let mut messages = MessagesConfig::default();
        for (name, codec) in &self.sm_processor_config.data_coding_overrides {
            let dc =
                NameOrNumber::Name(name.clone()).resolve("data_coding_overrides", DATA_CODING)?;
            let enc = CODECS
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(codec))
                .map(|&(_, e)| e)
                .ok_or_else(|| format!("data_coding_overrides: unknown codec {codec:?}"))?;
            messages.data_coding_overrides.push((DataCoding(dc), enc));
        }
        options.data_coding_overrides = messages.data_coding_overrides.clone();
        for status in self.dr_processor_config.status_mapping.values() {
            if !matches!(status.as_str(), "pending" | "delivered" | "failed") {
                return Err(format!(
                    "status_mapping: {status:?} is not pending, delivered or failed"
                ));
            }
        }
        let regex = python_regex(&self.dr_processor_config.regex)
            .map_err(|e| format!("dr_processor_config.regex: {e}"))?;
        Ok(Resolved {
            hosts,
            urls: each_url.len(),
            rate_limit,
            options,
            messages,
            id_match: parse_id_match(&self.receipt_id_match)?,
            regex,
            ttl: Duration::from_secs(self.smpp_cache_config.timeout),
            amqp_ca: ca_for(
                "amqp_ca_file",
                self.amqp_ca_file.as_deref(),
                &self.amqp_url,
                "amqps",
            )?,
            redis_ca: ca_for(
                "redis_ca_file",
                self.redis_ca_file.as_deref(),
                &self.redis_url,
                "rediss",
            )?,
            amqp_client: client_cert_for(
                "amqp",
                self.amqp_cert_file.as_deref(),
                self.amqp_key_file.as_deref(),
                &self.amqp_url,
                "amqps",
            )?,
            redis_client: client_cert_for(
                "redis",
                self.redis_cert_file.as_deref(),
                self.redis_key_file.as_deref(),
                &self.redis_url,
                "rediss",
            )?,
        })
    }
}

/// A Python `re` pattern as vumi2 applies it (`re.match`: anchored at the
/// start), in Rust's `regex` syntax: `{,n}` is `{0,n}` there.
pub fn python_regex(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::Regex::new(&format!("^(?:{})", pattern.replace("{,", "{0,")))
}

/// "exact", "ignore-case", "numeric" or "BASE:BASE" (submitted:receipted,
/// each hex or decimal).
pub fn parse_id_match(s: &str) -> Result<IdMatch, String> {
    let base = |b: &str| match b {
        "hex" => Ok(IdBase::Hex),
        "decimal" => Ok(IdBase::Decimal),
        other => Err(format!("receipt_id_match: {other:?} is not hex or decimal")),
    };
    Ok(match s {
        "exact" => IdMatch::Exact,
        "ignore-case" => IdMatch::IgnoreCase,
        "numeric" => IdMatch::NumericEquivalent,
        other => match other.split_once(':') {
            Some((a, b)) => IdMatch::Bases {
                submitted: base(a)?,
                receipted: base(b)?,
            },
            None => {
                return Err(format!(
                    "receipt_id_match: {other:?} is not exact, ignore-case, numeric or BASE:BASE"
                ))
            }
        },
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code
    use super::*;

    #[test]
    fn tls_keys() {
        let c = Config::from_toml(
            r#"
amqp_url = "amqps://u:p@rabbit.example:5671/%2f"
amqp_ca_file = "/nonexistent/ca.pem"
redis_url = "rediss://redis.example:6380/0"
"#,
        )
        .unwrap();
        assert_eq!(
            c.amqp_ca_file.as_deref(),
            Some(std::path::Path::new("/nonexistent/ca.pem"))
        );
        assert_eq!(c.redis_ca_file, None);
        let e = c.check().unwrap_err();
        assert!(e.starts_with("amqp_ca_file /nonexistent/ca.pem: "), "{e}");
        let plain = Config {
            amqp_ca_file: None,
            ..c
        };
        assert!(plain.check().unwrap().amqp_ca.is_none());
    }

    #[test]
    fn vumi2_keys_and_nesting() {
        let c = Config::from_toml(
            r#"
transport_name = "my_smpp"
host = "smsc.example"
port = 2776
system_id = "id"
password = "pw"
system_type = "VMA"
interface_version = 34
smpp_enquire_link_interval = 30
smpp_cache_class = "vumi2.transports.smpp.smpp_cache.RedisSmppCache"

[submit_sm_processor_config]
data_coding = "UCS2"
multipart_handling = "multipart_udh"
source_addr_ton = "ALPHANUMERIC"
dest_addr_npi = 1

[submit_sm_processor_config.registered_delivery]
delivery_receipt = 1
sme_originated_acks = ["SME_DELIVERY_ACK_REQUESTED"]
intermediate_notification = true

[dr_processor_config.status_mapping]
DELIVRD = "delivered"
ENROUTE = "pending"

[sm_processor_config.data_coding_overrides]
OCTET_UNSPECIFIED = "ascii"

[smpp_cache_config]
timeout = 3600
"#,
        )
        .unwrap();
        assert_eq!(c.transport_name, "my_smpp");
        let r = c.check().unwrap();
        assert_eq!(r.hosts.len(), 1);
        assert_eq!(
            (r.hosts[0].host.as_str(), r.hosts[0].port),
            ("smsc.example", 2776)
        );
        assert_eq!(r.hosts[0].system_type, "VMA");
        assert!(!r.hosts[0].auto_respond);
        assert_eq!(r.options.data_coding, Some(8));
        assert_eq!(r.options.concat, ConcatMethod::Udh8);
        assert_eq!(r.options.source_addr_ton, Some(5));
        assert_eq!(r.options.dest_addr_npi, Some(1));
        assert_eq!(r.options.registered_delivery.0, 0x15);
        assert_eq!(
            r.messages.data_coding_overrides,
            vec![(DataCoding(2), Encoding::Ia5)]
        );
        assert_eq!(r.ttl, Duration::from_secs(3600));
    }

    #[test]
    fn defaults_and_errors() {
        let c = Config::default();
        let r = c.check().unwrap();
        assert_eq!(r.hosts[0].system_id, "smppclient1");
        assert_eq!(r.options.registered_delivery.0, 0);
        assert_eq!(r.ttl, Duration::from_secs(86400));
        assert!(r.regex.is_match(
            "id:0000000001 sub:001 dlvrd:001 submit date:2311251200 done date:2311251201 stat:DELIVRD err:000 text:hi"
        ));
        for bad in [
            "[submit_sm_processor_config]\ndata_coding = \"NOPE\"",
            "[submit_sm_processor_config.registered_delivery]\ndelivery_receipt = \"YES\"",
            "interface_version = 40",
            "[dr_processor_config.status_mapping]\nDELIVRD = \"done\"",
            "[sm_processor_config.data_coding_overrides]\nUCS2 = \"klingon\"",
        ] {
            let c = Config::from_toml(bad).unwrap();
            assert!(c.check().is_err(), "{bad}");
        }
        assert!(Config::from_toml("no_such_key = 1").is_err());
        assert_eq!(
            parse_id_match("hex:decimal").unwrap(),
            IdMatch::Bases {
                submitted: IdBase::Hex,
                receipted: IdBase::Decimal
            }
        );
    }
}
