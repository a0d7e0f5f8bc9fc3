//! What the SMSC simulator reports: one typed [`SimEvent`] per bind,
//! submit_sm, receipt, MO message and cut connection, with a human
//! rendering (`Display`, what `smpp smsc` prints) and a JSON one
//! ([`SimEvent::to_json`], what `smpp smsc --json` prints).
//!
//! Spec sections: SMPP 3.4 §4.1 (bind, interface_version §5.2.4,
//! sc_interface_version §5.3.2.25), §4.4 (submit_sm), §4.6 (deliver_sm),
//! Appendix B and §5.2.28 (receipt states).

use std::fmt;
use std::net::SocketAddr;

use serde_json::json;
use smpp_proto::codec::SubmitSm;
use smpp_proto::receipt::MessageState;
use smpp_proto::session::BindType;
use smpp_proto::text::{self, DataCoding, Encoding};
use smpp_proto::{CommandId, CommandStatus, InterfaceVersion};

/// The submit_sm fields (SMPP 3.4 §4.4.1) a [`SimEvent::SubmitSm`] shows
/// beside its addresses and content.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SubmitFields {
    /// service_type (§5.2.11).
    pub service_type: Vec<u8>,
    /// source_addr_ton (§5.2.5).
    pub source_addr_ton: u8,
    /// source_addr_npi (§5.2.6).
    pub source_addr_npi: u8,
    /// dest_addr_ton (§5.2.5).
    pub dest_addr_ton: u8,
    /// dest_addr_npi (§5.2.6).
    pub dest_addr_npi: u8,
    /// protocol_id (§5.2.13).
    pub protocol_id: u8,
    /// priority_flag (§5.2.14).
    pub priority_flag: u8,
    /// schedule_delivery_time (§5.2.15, §7.1), empty for immediate.
    pub schedule_delivery_time: String,
    /// validity_period (§5.2.16, §7.1), empty for the default.
    pub validity_period: String,
    /// replace_if_present_flag (§5.2.18).
    pub replace_if_present_flag: u8,
    /// The TLVs (§5.3) in wire order, message_payload included.
    pub tlvs: Vec<(u16, Vec<u8>)>,
}

impl SubmitFields {
    /// The fields of `sm`.
    pub fn of(sm: &SubmitSm<'_>) -> SubmitFields {
        SubmitFields {
            service_type: sm.service_type.to_vec(),
            source_addr_ton: sm.source_addr_ton,
            source_addr_npi: sm.source_addr_npi,
            dest_addr_ton: sm.dest_addr_ton,
            dest_addr_npi: sm.dest_addr_npi,
            protocol_id: sm.protocol_id,
            priority_flag: sm.priority_flag,
            schedule_delivery_time: sm.schedule_delivery_time.to_string(),
            validity_period: sm.validity_period.to_string(),
            replace_if_present_flag: sm.replace_if_present_flag,
            tlvs: sm
                .tlvs
                .iter()
                .map(|t| (t.tag.0, t.value.to_vec()))
                .collect(),
        }
    }
}

/// One thing the simulator saw or did.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SimEvent {
    /// A bind (SMPP 3.4 §4.1), accepted or refused by the simulator's
    /// credentials.
    Bind {
        /// The ESME's address.
        peer: SocketAddr,
        /// system_id (lossy UTF-8).
        system_id: String,
        /// system_type (SMPP 3.4 §5.2.3, lossy UTF-8).
        system_type: String,
        /// Transmitter, receiver or transceiver.
        bind_type: BindType,
        /// The interface_version the ESME asked for.
        interface_version: InterfaceVersion,
        /// The version the session is served at (SMPP 3.4 §5.2.4; 3.3 for
        /// the smpp33 profile, §5.3.2.25).
        session_version: InterfaceVersion,
        /// Whether the bind was accepted.
        accepted: bool,
    },
    /// A connection cut at a submit, with no response and no unbind
    /// (`--drop-after`, `--drop-share`).
    Drop {
        /// The ESME's address.
        peer: SocketAddr,
        /// The session's system_id.
        system_id: String,
        /// Submits answered on the connection before the one that cut it.
        passed_on: u64,
    },
    /// A submit_sm (SMPP 3.4 §4.4) and how it was answered.
    SubmitSm {
        /// The session's system_id.
        system_id: String,
        /// The id given in submit_sm_resp; `None` when refused.
        message_id: Option<String>,
        /// The submit_sm_resp's command_status.
        command_status: CommandStatus,
        /// source_addr octets.
        source_addr: Vec<u8>,
        /// destination_addr octets.
        destination_addr: Vec<u8>,
        /// data_coding (SMPP 3.4 §5.2.19).
        data_coding: u8,
        /// esm_class (§5.2.12).
        esm_class: u8,
        /// The message: short_message, or message_payload when present.
        short_message: Vec<u8>,
        /// registered_delivery (§5.2.17).
        registered_delivery: u8,
        /// The other fields and the TLVs.
        fields: SubmitFields,
    },
    /// A delivery receipt (deliver_sm with esm_class 0x04, SMPP 3.4 §4.6,
    /// Appendix B) and what became of it.
    Receipt {
        /// The system_id it goes to.
        system_id: String,
        /// The message's id as submit_sm_resp gave it.
        message_id: String,
        /// The id as the receipt writes it (`--receipt-id`).
        receipt_id: String,
        /// The state reported (`stat:`, message_state §5.2.28).
        state: MessageState,
        /// What became of the delivery.
        delivery: Delivery,
    },
    /// An MO message (`--echo`, a deliver_sm, SMPP 3.4 §4.6) and what
    /// became of it.
    Mo {
        /// The system_id it goes to.
        system_id: String,
        /// source_addr octets.
        source_addr: Vec<u8>,
        /// destination_addr octets.
        destination_addr: Vec<u8>,
        /// data_coding.
        data_coding: u8,
        /// short_message octets.
        short_message: Vec<u8>,
        /// What became of the delivery.
        delivery: Delivery,
    },
    /// A cell broadcast request (SMPP 5.0 §4.4.1 broadcast_sm, §4.6.2
    /// query_broadcast_sm, §4.6.1 cancel_broadcast_sm) and how it was
    /// answered.
    Broadcast {
        /// The session's system_id.
        system_id: String,
        /// broadcast_sm, query_broadcast_sm or cancel_broadcast_sm.
        command_id: CommandId,
        /// The broadcast's message_id: the one given (broadcast_sm) or asked
        /// about.
        message_id: String,
        /// The response's command_status.
        command_status: CommandStatus,
        /// broadcast_area_identifier TLVs of the broadcast.
        areas: usize,
    },
    /// Lines dropped because the reader of the log was behind.
    LogDropped {
        /// How many.
        lines: u64,
    },
}

/// One try of a delivery (a receipt or an MO message) and its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// Tries so far, this one included (from 1).
    pub attempt: u32,
    /// How it ended.
    pub outcome: Outcome,
}

/// How a try of a delivery ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The ESME took it (deliver_sm_resp with ESME_ROK, SMPP 3.4 §4.6.2).
    Delivered {
        /// The response's command_id.
        response: CommandId,
        /// Its command_status.
        command_status: CommandStatus,
    },
    /// The ESME said no (an error status, or generic_nack §4.3): not sent again.
    Refused {
        /// The response's command_id.
        response: CommandId,
        /// Its command_status.
        command_status: CommandStatus,
    },
    /// Not answered; it will be tried again.
    Retry {
        /// Why.
        error: String,
    },
    /// Not answered, and the retry store is full: given up.
    Dropped {
        /// Why.
        error: String,
    },
}

impl Outcome {
    /// The name the JSON form gives it.
    pub fn name(&self) -> &'static str {
        match self {
            Outcome::Delivered { .. } => "delivered",
            Outcome::Refused { .. } => "refused",
            Outcome::Retry { .. } => "retry",
            Outcome::Dropped { .. } => "dropped",
        }
    }
}

fn lossy(b: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(b)
}

impl Delivery {
    /// Adds `delivered`, `outcome`, `attempt` and `response` with
    /// `command_status`, or `error`, to a JSON object.
    fn extend(&self, v: &mut serde_json::Value) {
        v["delivered"] = matches!(self.outcome, Outcome::Delivered { .. }).into();
        v["outcome"] = self.outcome.name().into();
        v["attempt"] = self.attempt.into();
        match &self.outcome {
            Outcome::Delivered {
                response,
                command_status,
            }
            | Outcome::Refused {
                response,
                command_status,
            } => {
                v["response"] = response.name().unwrap_or("unknown").into();
                v["command_status"] = command_status.0.into();
            }
            Outcome::Retry { error } | Outcome::Dropped { error } => {
                v["error"] = error.as_str().into()
            }
        }
    }
}

impl SimEvent {
    /// The JSON form `smpp smsc --json` prints: an object whose `event` is
    /// `bind`, `drop`, `submit_sm`, `receipt`, `mo`, `broadcast_sm`,
    /// `query_broadcast_sm`, `cancel_broadcast_sm` or `log_dropped`.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            SimEvent::Bind {
                peer,
                system_id,
                system_type,
                bind_type,
                interface_version,
                session_version,
                accepted,
            } => json!({
                "event": "bind",
                "peer": peer.to_string(),
                "system_id": system_id,
                "system_type": system_type,
                "bind_type": format!("{bind_type:?}"),
                "interface_version": interface_version.0,
                "session_version": session_version.0,
                "accepted": accepted,
            }),
            SimEvent::Drop {
                peer,
                system_id,
                passed_on,
            } => json!({
                "event": "drop",
                "peer": peer.to_string(),
                "system_id": system_id,
                "passed_on": passed_on,
            }),
            SimEvent::SubmitSm {
                system_id,
                message_id,
                command_status,
                source_addr,
                destination_addr,
                data_coding,
                esm_class,
                short_message,
                registered_delivery,
                fields,
            } => json!({
                "event": "submit_sm",
                "system_id": system_id,
                "message_id": message_id,
                "command_status": command_status.0,
                "service_type": lossy(&fields.service_type),
                "source_addr_ton": fields.source_addr_ton,
                "source_addr_npi": fields.source_addr_npi,
                "source_addr": lossy(source_addr),
                "dest_addr_ton": fields.dest_addr_ton,
                "dest_addr_npi": fields.dest_addr_npi,
                "destination_addr": lossy(destination_addr),
                "esm_class": esm_class,
                "protocol_id": fields.protocol_id,
                "priority_flag": fields.priority_flag,
                "schedule_delivery_time": fields.schedule_delivery_time,
                "validity_period": fields.validity_period,
                "registered_delivery": registered_delivery,
                "replace_if_present_flag": fields.replace_if_present_flag,
                "data_coding": data_coding,
                "short_message": hex::encode(short_message),
                "tlvs": fields.tlvs.iter().map(|(tag, value)| json!({
                    "tag": tag,
                    "value": hex::encode(value),
                })).collect::<Vec<_>>(),
            }),
            SimEvent::Receipt {
                system_id,
                message_id,
                receipt_id,
                state,
                delivery,
            } => {
                let mut v = json!({
                    "event": "receipt",
                    "system_id": system_id,
                    "message_id": message_id,
                    "receipt_id": receipt_id,
                    "stat": state.stat_word(),
                });
                delivery.extend(&mut v);
                v
            }
            SimEvent::Mo {
                system_id,
                source_addr,
                destination_addr,
                data_coding,
                short_message,
                delivery,
            } => {
                let mut v = json!({
                    "event": "mo",
                    "system_id": system_id,
                    "source_addr": lossy(source_addr),
                    "destination_addr": lossy(destination_addr),
                    "data_coding": data_coding,
                    "short_message": hex::encode(short_message),
                });
                delivery.extend(&mut v);
                v
            }
            SimEvent::Broadcast {
                system_id,
                command_id,
                message_id,
                command_status,
                areas,
            } => json!({
                "event": command_id.name().unwrap_or("broadcast"),
                "system_id": system_id,
                "message_id": message_id,
                "command_status": command_status.0,
                "areas": areas,
            }),
            SimEvent::LogDropped { lines } => json!({ "event": "log_dropped", "lines": lines }),
        }
    }
}

/// The end of a receipt or MO line: nothing when delivered at the first
/// attempt, else what happened.
impl fmt::Display for Delivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.outcome {
            Outcome::Delivered { .. } if self.attempt > 1 => {
                write!(f, " (delivered at attempt {})", self.attempt)
            }
            Outcome::Delivered { .. } => Ok(()),
            Outcome::Refused {
                response,
                command_status,
            } => write!(
                f,
                " NOT DELIVERED: {} with command_status 0x{:08x}",
                response.name().unwrap_or("response"),
                command_status.0
            ),
            Outcome::Retry { error } => write!(f, " NOT DELIVERED ({error}); will retry"),
            Outcome::Dropped { error } => {
                write!(f, " NOT DELIVERED ({error}); dropped")
            }
        }
    }
}

/// The line `smpp smsc` prints.
impl fmt::Display for SimEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimEvent::Bind {
                peer,
                system_id,
                bind_type,
                interface_version,
                session_version,
                accepted,
                ..
            } => write!(
                f,
                "bind      {bind_type:?} {system_id} from {peer} ({}, interface_version 0x{:02x}{})",
                if *accepted { "accepted" } else { "refused" },
                interface_version.0,
                if *session_version == InterfaceVersion::V33 {
                    ", served as SMPP 3.3"
                } else {
                    ""
                }
            ),
            SimEvent::Drop {
                peer,
                system_id,
                passed_on,
            } => write!(
                f,
                "drop      connection from {peer} ({system_id}) cut at a submit, after {passed_on} passed on; no response"
            ),
            SimEvent::SubmitSm {
                message_id,
                command_status,
                source_addr,
                destination_addr,
                data_coding,
                esm_class,
                short_message,
                ..
            } => write!(
                f,
                "submit_sm {} -> {} id={} status={} dc={} {:?}",
                lossy(source_addr),
                lossy(destination_addr),
                message_id.as_deref().unwrap_or("-"),
                command_status.0,
                data_coding,
                display_text(*data_coding, *esm_class, short_message)
            ),
            SimEvent::Receipt {
                system_id,
                message_id,
                receipt_id,
                state,
                delivery,
            } => {
                write!(
                    f,
                    "receipt   id={message_id} stat={} to {system_id}",
                    state.stat_word()
                )?;
                if receipt_id != message_id {
                    write!(f, " (written {receipt_id})")?;
                }
                write!(f, "{delivery}")
            }
            SimEvent::Mo {
                system_id,
                source_addr,
                destination_addr,
                delivery,
                ..
            } => write!(
                f,
                "mo        {} -> {} to {system_id}{delivery}",
                lossy(source_addr),
                lossy(destination_addr)
            ),
            SimEvent::Broadcast {
                system_id,
                command_id,
                message_id,
                command_status,
                areas,
            } => write!(
                f,
                "{} id={message_id} status={} areas={areas} from {system_id}",
                command_id.name().unwrap_or("broadcast"),
                command_status.0
            ),
            SimEvent::LogDropped { lines } => write!(
                f,
                "log       {lines} lines dropped (output slower than the simulator)"
            ),
        }
    }
}

/// Decodes a short_message for display (its UDH skipped when esm_class
/// says there is one, SMPP 3.4 §5.2.12); undecodable characters are shown
/// as U+FFFD, binary data_coding as its length.
pub fn display_text(dc: u8, esm_class: u8, sm: &[u8]) -> String {
    let body = if esm_class & 0x40 != 0 {
        let udhl = sm.first().copied().unwrap_or(0) as usize;
        sm.get(udhl + 1..).unwrap_or_default()
    } else {
        sm
    };
    match DataCoding(dc).encoding(Encoding::GSM7) {
        Ok(enc) => text::decode(body, enc)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
        Err(_) => format!("<{} octets of binary>", body.len()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // reason: test code
mod tests {
    use super::*;

    #[test]
    fn both_renderings() {
        let bind = SimEvent::Bind {
            peer: "127.0.0.1:4000".parse().unwrap(),
            system_id: "old".into(),
            system_type: String::new(),
            bind_type: BindType::Transceiver,
            interface_version: InterfaceVersion::V50,
            session_version: InterfaceVersion::V33,
            accepted: true,
        };
        assert_eq!(
            bind.to_string(),
            "bind      Transceiver old from 127.0.0.1:4000 (accepted, interface_version 0x50, served as SMPP 3.3)"
        );
        assert_eq!(
            bind.to_json(),
            json!({"event": "bind", "peer": "127.0.0.1:4000", "system_id": "old", "system_type": "",
                   "bind_type": "Transceiver", "interface_version": 0x50,
                   "session_version": 0x33, "accepted": true})
        );
        let receipt = SimEvent::Receipt {
            system_id: "s".into(),
            message_id: "a000000001".into(),
            receipt_id: "687194767361".into(),
            state: MessageState::Delivered,
            delivery: Delivery {
                attempt: 2,
                outcome: Outcome::Delivered {
                    response: CommandId::DELIVER_SM_RESP,
                    command_status: CommandStatus::ESME_ROK,
                },
            },
        };
        assert_eq!(
            receipt.to_string(),
            "receipt   id=a000000001 stat=DELIVRD to s (written 687194767361) (delivered at attempt 2)"
        );
        assert_eq!(
            receipt.to_json(),
            json!({"event": "receipt", "system_id": "s", "message_id": "a000000001",
                   "receipt_id": "687194767361", "stat": "DELIVRD", "delivered": true,
                   "outcome": "delivered", "attempt": 2, "response": "deliver_sm_resp",
                   "command_status": 0})
        );
        let submit = SimEvent::SubmitSm {
            system_id: "s".into(),
            message_id: None,
            command_status: CommandStatus::ESME_RTHROTTLED,
            source_addr: b"Shop".to_vec(),
            destination_addr: b"1".to_vec(),
            data_coding: 0,
            esm_class: 0,
            short_message: b"hi".to_vec(),
            registered_delivery: 1,
            fields: SubmitFields::default(),
        };
        assert_eq!(
            submit.to_string(),
            "submit_sm Shop -> 1 id=- status=88 dc=0 \"hi\""
        );
        assert_eq!(submit.to_json()["message_id"], serde_json::Value::Null);
        assert_eq!(submit.to_json()["short_message"], "6869");
    }
}
