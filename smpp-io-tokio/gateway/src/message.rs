//! vumi messages as JSON, exactly as vumi2 (`vumi2/messages.py`) writes and
//! reads them: a [`UserMessage`] (`message_type` "user_message") and an
//! [`Event`] (`message_type` "event": ack, nack or delivery_report), both
//! with `message_version` "20110921", ids as uuid4 hex and timestamps as
//! `%Y-%m-%d %H:%M:%S.%f` in UTC.
//!
//! Reading follows vumi2's cattrs rules: the required fields must be there,
//! the rest take their defaults, unknown keys are ignored, a timestamp may
//! end in `Z` or lack its fraction.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// vumi's message format version, the same in every message.
pub const MESSAGE_VERSION: &str = "20110921";

/// A JSON object (`routing_metadata`, `helper_metadata`, `transport_metadata`).
pub type Metadata = Map<String, Value>;

/// A new vumi message id: a uuid4 as 32 lowercase hex digits
/// (`uuid4().hex`).
pub fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// A vumi timestamp: UTC, microseconds, written `%Y-%m-%d %H:%M:%S.%f`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(pub chrono::NaiveDateTime);

impl Timestamp {
    /// Now, in UTC.
    pub fn now() -> Timestamp {
        Timestamp(chrono::Utc::now().naive_utc())
    }

    /// Reads a vumi timestamp: `2022-05-16 13:14:15.123456`, also with a
    /// trailing `Z` or without the fraction (vumi2's
    /// `deserialise_vumi_timestamp`).
    pub fn parse(value: &str) -> Option<Timestamp> {
        let value = value.strip_suffix('Z').unwrap_or(value);
        // The usual shape read field by field (chrono's parser reads its
        // format string again on every call); any other through chrono.
        Timestamp::parse_usual(value.as_bytes())
            .or_else(|| chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%d %H:%M:%S%.f").ok())
            .map(Timestamp)
    }

    /// `YYYY-MM-DD HH:MM:SS.ffffff` exactly (six fraction digits).
    fn parse_usual(b: &[u8]) -> Option<chrono::NaiveDateTime> {
        let [y0, y1, y2, y3, b'-', mo0, mo1, b'-', d0, d1, b' ', h0, h1, b':', mi0, mi1, b':', s0, s1, b'.', f @ ..] =
            b
        else {
            return None;
        };
        let digits = |ds: &[u8]| -> Option<u32> {
            ds.iter().try_fold(0u32, |n, &d| {
                d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
            })
        };
        if f.len() != 6 {
            return None;
        }
        let date = chrono::NaiveDate::from_ymd_opt(
            i32::try_from(digits(&[*y0, *y1, *y2, *y3])?).ok()?,
            digits(&[*mo0, *mo1])?,
            digits(&[*d0, *d1])?,
        )?;
        let time = chrono::NaiveTime::from_hms_micro_opt(
            digits(&[*h0, *h1])?,
            digits(&[*mi0, *mi1])?,
            digits(&[*s0, *s1])?,
            digits(f)?,
        )?;
        Some(date.and_time(time))
    }
}

impl std::fmt::Display for Timestamp {
    /// `%Y-%m-%d %H:%M:%S.%f`, written field by field.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use chrono::{Datelike as _, Timelike as _};
        let t = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:06}",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            t.nanosecond() % 1_000_000_000 / 1_000
        )
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Timestamp::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("not a vumi timestamp: {s:?}")))
    }
}

/// vumi's `TransportType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)] // reason: the names are vumi's values
pub enum TransportType {
    HttpApi,
    Irc,
    Telnet,
    Twitter,
    Sms,
    Ussd,
    Xmpp,
    Mxit,
    Wechat,
}

/// vumi's `AddressType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)] // reason: the names are vumi's values
pub enum AddressType {
    IrcNickname,
    TwitterHandle,
    Msisdn,
    GtalkId,
    JabberId,
    MxitId,
    WechatId,
}

/// vumi's `Session` (`session_event`); JSON `null` is [`Session::None`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Session {
    /// No session (`null`).
    #[default]
    None,
    /// "new".
    New,
    /// "resume".
    Resume,
    /// "close".
    Close,
}

impl Serialize for Session {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Session::None => s.serialize_none(),
            Session::New => s.serialize_str("new"),
            Session::Resume => s.serialize_str("resume"),
            Session::Close => s.serialize_str("close"),
        }
    }
}

impl<'de> Deserialize<'de> for Session {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Option::<String>::deserialize(d)?.as_deref() {
            None => Session::None,
            Some("new") => Session::New,
            Some("resume") => Session::Resume,
            Some("close") => Session::Close,
            Some(other) => {
                return Err(serde::de::Error::custom(format!(
                    "session_event {other:?} is not one of new, resume, close or null"
                )))
            }
        })
    }
}

fn version() -> String {
    MESSAGE_VERSION.to_string()
}

fn user_message_type() -> String {
    "user_message".to_string()
}

fn event_message_type() -> String {
    "event".to_string()
}

/// A vumi user message (vumi2's `Message`), inbound (MO) or outbound (MT),
/// with its fields in vumi2's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserMessage {
    /// The recipient (an MSISDN for SMS).
    pub to_addr: String,
    /// The sender.
    pub from_addr: String,
    /// The transport's name (`<transport_name>.inbound` etc.).
    pub transport_name: String,
    /// "sms" here.
    pub transport_type: TransportType,
    /// "20110921".
    #[serde(default = "version")]
    pub message_version: String,
    /// "user_message".
    #[serde(default = "user_message_type")]
    pub message_type: String,
    /// When it was made.
    #[serde(default = "Timestamp::now")]
    pub timestamp: Timestamp,
    /// Routing data of vumi's routers.
    #[serde(default)]
    pub routing_metadata: Metadata,
    /// Data of vumi's helpers.
    #[serde(default)]
    pub helper_metadata: Metadata,
    /// Its id (uuid4 hex).
    #[serde(default = "new_id")]
    pub message_id: String,
    /// The message this one answers.
    #[serde(default)]
    pub in_reply_to: Option<String>,
    /// The network provider.
    #[serde(default)]
    pub provider: Option<String>,
    /// The session event (USSD); `null` for SMS.
    #[serde(default)]
    pub session_event: Session,
    /// The text.
    #[serde(default)]
    pub content: Option<String>,
    /// Data of the transport.
    #[serde(default)]
    pub transport_metadata: Metadata,
    /// A group name.
    #[serde(default)]
    pub group: Option<String>,
    /// The kind of `to_addr`.
    #[serde(default)]
    pub to_addr_type: Option<AddressType>,
    /// The kind of `from_addr`.
    #[serde(default)]
    pub from_addr_type: Option<AddressType>,
}

impl UserMessage {
    /// A new SMS message from `from_addr` to `to_addr` (the defaults of
    /// vumi2's `Message`: a new id, now, empty metadata).
    pub fn sms(to_addr: &str, from_addr: &str, transport_name: &str) -> UserMessage {
        UserMessage {
            to_addr: to_addr.to_string(),
            from_addr: from_addr.to_string(),
            transport_name: transport_name.to_string(),
            transport_type: TransportType::Sms,
            message_version: version(),
            message_type: user_message_type(),
            timestamp: Timestamp::now(),
            routing_metadata: Metadata::new(),
            helper_metadata: Metadata::new(),
            message_id: new_id(),
            in_reply_to: None,
            provider: None,
            session_event: Session::None,
            content: None,
            transport_metadata: Metadata::new(),
            group: None,
            to_addr_type: None,
            from_addr_type: None,
        }
    }
}

/// vumi's `EventType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    /// The SMSC accepted the message (submit_sm_resp ESME_ROK for every part).
    Ack,
    /// It was refused, or its fate is unknown (`nack_reason` says which).
    Nack,
    /// A delivery receipt (`delivery_status`).
    DeliveryReport,
}

/// vumi's `DeliveryStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Not final yet.
    Pending,
    /// Not delivered, finally.
    Failed,
    /// Delivered.
    Delivered,
}

/// A vumi event (vumi2's `Event`), with its fields in vumi2's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The message it is about.
    pub user_message_id: String,
    /// ack, nack or delivery_report.
    pub event_type: EventType,
    /// "20110921".
    #[serde(default = "version")]
    pub message_version: String,
    /// "event".
    #[serde(default = "event_message_type")]
    pub message_type: String,
    /// When it was made.
    #[serde(default = "Timestamp::now")]
    pub timestamp: Timestamp,
    /// Routing data of vumi's routers.
    #[serde(default)]
    pub routing_metadata: Metadata,
    /// Data of vumi's helpers.
    #[serde(default)]
    pub helper_metadata: Metadata,
    /// Data of the transport (`smpp_delivery_status` on a delivery report).
    #[serde(default = "Some_metadata")]
    pub transport_metadata: Option<Metadata>,
    /// Its id (uuid4 hex): a redelivered copy keeps it.
    #[serde(default = "new_id")]
    pub event_id: String,
    /// On an ack: the id the transport sent it under (vumi2: the message id).
    #[serde(default)]
    pub sent_message_id: Option<String>,
    /// On a nack: why.
    #[serde(default)]
    pub nack_reason: Option<String>,
    /// On a delivery report: the status.
    #[serde(default)]
    pub delivery_status: Option<DeliveryStatus>,
}

#[allow(non_snake_case)] // reason: serde default helper named for what it returns
fn Some_metadata() -> Option<Metadata> {
    Some(Metadata::new())
}

impl Event {
    fn new(user_message_id: &str, event_type: EventType) -> Event {
        Event {
            user_message_id: user_message_id.to_string(),
            event_type,
            message_version: version(),
            message_type: event_message_type(),
            timestamp: Timestamp::now(),
            routing_metadata: Metadata::new(),
            helper_metadata: Metadata::new(),
            transport_metadata: Some(Metadata::new()),
            event_id: new_id(),
            sent_message_id: None,
            nack_reason: None,
            delivery_status: None,
        }
    }

    /// An ack of `message_id` (sent under the same id, as vumi2 does).
    pub fn ack(message_id: &str) -> Event {
        Event {
            sent_message_id: Some(message_id.to_string()),
            ..Event::new(message_id, EventType::Ack)
        }
    }

    /// A nack of `message_id` with its reason.
    pub fn nack(message_id: &str, reason: &str) -> Event {
        Event {
            sent_message_id: Some(message_id.to_string()),
            nack_reason: Some(reason.to_string()),
            ..Event::new(message_id, EventType::Nack)
        }
    }

    /// A delivery report for `message_id`; `smpp_status` (the receipt's
    /// state word) goes into `transport_metadata.smpp_delivery_status`.
    pub fn delivery_report(message_id: &str, status: DeliveryStatus, smpp_status: &str) -> Event {
        let mut meta = Metadata::new();
        meta.insert(
            "smpp_delivery_status".into(),
            Value::String(smpp_status.to_string()),
        );
        Event {
            delivery_status: Some(status),
            transport_metadata: Some(meta),
            ..Event::new(message_id, EventType::DeliveryReport)
        }
    }

    /// Checks what vumi2's `Event` validator checks: an ack has a
    /// `sent_message_id`, a nack a `nack_reason`, a delivery report a
    /// `delivery_status`.
    pub fn validate(&self) -> Result<(), &'static str> {
        match self.event_type {
            EventType::Ack if self.sent_message_id.is_none() => {
                Err("sent_message_id cannot be null for ack event type")
            }
            EventType::Nack if self.nack_reason.is_none() => {
                Err("nack_reason cannot be null for nack event type")
            }
            EventType::DeliveryReport if self.delivery_status.is_none() => {
                Err("delivery_status cannot be null for delivery_report event type")
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code
    use super::*;

    /// What vumi2's `Message.serialise()` gives for a message with every
    /// field (its tests/test_messages.py::test_serialise_all_fields).
    const VUMI2_MESSAGE: &str = r#"{"to_addr": "+27820001001", "from_addr": "12345", "transport_name": "test_sms", "transport_type": "sms", "message_version": "20110921", "message_type": "user_message", "timestamp": "2022-05-16 13:14:15.123456", "routing_metadata": {"test": "routing"}, "helper_metadata": {"test": "helper"}, "message_id": "7c9af210bc1b4718ae74a1aa026b4757", "in_reply_to": "c333975405074a89bf5d686ac64cc4d3", "provider": "Vodacom", "session_event": "new", "content": "test message", "transport_metadata": {"test": "transport"}, "group": "test_group", "to_addr_type": "msisdn", "from_addr_type": "msisdn"}"#;

    /// `json.dumps(Event(...).serialise())` for a delivery report, as
    /// vumi2's transport publishes it.
    const VUMI2_EVENT: &str = r#"{"user_message_id": "7c9af210bc1b4718ae74a1aa026b4757", "event_type": "delivery_report", "message_version": "20110921", "message_type": "event", "timestamp": "2022-05-16 13:14:15.000001", "routing_metadata": {}, "helper_metadata": {}, "transport_metadata": {"smpp_delivery_status": "DELIVRD"}, "event_id": "0e0e4bb4c0b84d0cbb1e6d44f6b67d1c", "sent_message_id": null, "nack_reason": null, "delivery_status": "delivered"}"#;

    fn same_json(ours: &str, theirs: &str) {
        let a: Value = serde_json::from_str(ours).unwrap();
        let b: Value = serde_json::from_str(theirs).unwrap();
        assert_eq!(a, b);
        // And in vumi2's key order.
        let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&a), keys(&b));
    }

    #[test]
    fn user_message_round_trips_vumi2_json() {
        let m: UserMessage = serde_json::from_str(VUMI2_MESSAGE).unwrap();
        assert_eq!(m.session_event, Session::New);
        assert_eq!(m.to_addr_type, Some(AddressType::Msisdn));
        assert_eq!(m.timestamp.to_string(), "2022-05-16 13:14:15.123456");
        same_json(&serde_json::to_string(&m).unwrap(), VUMI2_MESSAGE);
    }

    #[test]
    fn event_round_trips_vumi2_json() {
        let e: Event = serde_json::from_str(VUMI2_EVENT).unwrap();
        assert_eq!(e.delivery_status, Some(DeliveryStatus::Delivered));
        e.validate().unwrap();
        same_json(&serde_json::to_string(&e).unwrap(), VUMI2_EVENT);
    }

    #[test]
    fn defaults_as_vumi2() {
        // The four required fields only (vumi2's test_deserialise_missing_fields).
        let m: UserMessage = serde_json::from_str(
            r#"{"to_addr": "1", "from_addr": "2", "transport_name": "t", "transport_type": "sms", "extra": 1}"#,
        )
        .unwrap();
        assert_eq!(m.message_version, "20110921");
        assert_eq!(m.message_type, "user_message");
        assert_eq!(m.message_id.len(), 32);
        assert!(m.message_id.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(serde_json::from_str::<UserMessage>(r#"{"to_addr": "1"}"#).is_err());
        let v: Value = serde_json::to_value(&m).unwrap();
        assert_eq!(v["session_event"], Value::Null);
        assert_eq!(v["content"], Value::Null);
    }

    #[test]
    fn timestamps_as_vumi2_reads_them() {
        for (given, read) in [
            ("2022-05-16 13:14:15.123456", "2022-05-16 13:14:15.123456"),
            ("2022-05-16 13:14:15.123456Z", "2022-05-16 13:14:15.123456"),
            ("2022-05-16 13:14:15", "2022-05-16 13:14:15.000000"),
            ("2022-05-16 13:14:15.5", "2022-05-16 13:14:15.500000"),
        ] {
            assert_eq!(Timestamp::parse(given).unwrap().to_string(), read);
        }
        assert!(Timestamp::parse("16/05/2022").is_none());
        for bad in [
            "2022-13-16 13:14:15.123456",
            "2022-02-30 13:14:15.123456",
            "2022-05-16 24:14:15.123456",
            "2022-05-16 13:14:15.12345x",
            "2022-05-16T13:14:15.123456",
        ] {
            assert!(Timestamp::parse(bad).is_none(), "{bad}");
        }
        // The usual shape read by hand as chrono reads it.
        for t in ["2022-05-16 13:14:15.000001", "1999-12-31 23:59:59.999999"] {
            let chrono = chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S%.f");
            assert_eq!(Timestamp::parse(t).map(|t| t.0), chrono.ok());
        }
        assert_eq!(Timestamp::now().to_string().len(), 26);
    }

    #[test]
    fn events_as_vumi2_makes_them() {
        let ack = Event::ack("abc");
        assert_eq!(ack.sent_message_id.as_deref(), Some("abc"));
        ack.validate().unwrap();
        let nack = Event::nack("abc", "Message Queue Full");
        nack.validate().unwrap();
        let v: Value = serde_json::to_value(&nack).unwrap();
        assert_eq!(v["event_type"], "nack");
        assert_eq!(v["nack_reason"], "Message Queue Full");
        assert_eq!(v["delivery_status"], Value::Null);
        let bad: Event =
            serde_json::from_str(r#"{"user_message_id": "x", "event_type": "ack"}"#).unwrap();
        assert!(bad.validate().is_err());
    }
}
