//! An SMSC simulator on top of [`crate::Server`]: accepts binds, answers
//! submits with message ids, sends delivery receipts after a delay with a
//! configurable mix of final states, echoes MO messages on request, and
//! injects faults (throttling above a rate, a share of error responses, slow
//! responses). Used by `smpp smsc`, `smpp demo` and the tests.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use serde_json::json;
use smpp_proto::codec::{QuerySmResp, SmResp, SubmitSm};
use smpp_proto::receipt::{
    DateFormat, MessageState, ReceiptDate, ReceiptErr, ReceiptFields, ReceiptId,
};
use smpp_proto::{CommandId, CommandStatus, Pdu, SmppTime, Tlv, TlvTag, Tlvs};
use tokio::sync::mpsc;

use crate::owned::OwnedPdu;
use crate::server::{BindRequest, Handler, Server, ServerConfig};

/// A provider behaviour the simulator can reproduce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Accepts everything.
    Default,
    /// Accepts only data_coding 0, 1, 2, 3, 4, 6, 8, 24 and 240, only the
    /// TLVs dest_addr_subunit, user_message_reference, message_payload and the
    /// vendor tag 0x2900, and drops a link silent for 5 minutes.
    Strict,
}

impl std::str::FromStr for Profile {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "default" => Ok(Profile::Default),
            "strict" => Ok(Profile::Strict),
            other => Err(format!("unknown profile {other:?} (default, strict)")),
        }
    }
}

/// What the simulator does.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Wait before sending a receipt.
    pub receipt_delay: Duration,
    /// Final states of receipts with their weights, e.g. DELIVRD 90, UNDELIV 10.
    pub receipt_states: Vec<(String, u32)>,
    /// Answer submits above this many per second with ESME_RTHROTTLED.
    pub throttle_per_second: Option<u32>,
    /// Share (0..=1) of submits answered with ESME_RSYSERR.
    pub error_share: f64,
    /// Wait this long before answering each request.
    pub slow: Duration,
    /// Send every submitted message back to its sender as an MO deliver_sm.
    pub echo: bool,
    /// Accepted credentials (system_id → password); `None` accepts any.
    pub users: Option<HashMap<String, String>>,
    /// Provider behaviour.
    pub profile: Profile,
    /// Seed of the random choices.
    pub seed: u64,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            receipt_delay: Duration::from_millis(100),
            receipt_states: vec![("DELIVRD".into(), 1)],
            throttle_per_second: None,
            error_share: 0.0,
            slow: Duration::ZERO,
            echo: false,
            users: None,
            profile: Profile::Default,
            seed: 0x5eed,
        }
    }
}

/// One line the simulator reports (printed by `smpp smsc`).
#[derive(Debug, Clone)]
pub struct SimLog(pub serde_json::Value);

struct Job {
    system_id: String,
    message_id: String,
    source_addr: Vec<u8>,
    destination_addr: Vec<u8>,
    text: Vec<u8>,
    data_coding: u8,
    submit_date: String,
}

/// The simulator's request handler.
pub struct Simulator {
    config: SimConfig,
    next_id: AtomicU64,
    rng: Mutex<u64>,
    window: Mutex<(u64, u32)>,
    jobs: mpsc::UnboundedSender<Job>,
    log: mpsc::UnboundedSender<SimLog>,
}

impl Simulator {
    fn random(&self) -> u64 {
        let mut s = self.rng.lock().map(|g| *g).unwrap_or(1);
        // xorshift64*
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        if let Ok(mut g) = self.rng.lock() {
            *g = s;
        }
        s.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn chance(&self, share: f64) -> bool {
        share > 0.0 && (self.random() % 1_000_000) as f64 / 1_000_000.0 < share
    }

    fn throttled(&self) -> bool {
        let Some(limit) = self.config.throttle_per_second else {
            return false;
        };
        let sec = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let Ok(mut w) = self.window.lock() else {
            return false;
        };
        if w.0 != sec {
            *w = (sec, 0);
        }
        w.1 += 1;
        w.1 > limit
    }

    fn state(&self) -> String {
        let total: u32 = self.config.receipt_states.iter().map(|(_, w)| *w).sum();
        if total == 0 {
            return "DELIVRD".into();
        }
        let mut r = (self.random() % u64::from(total)) as u32;
        for (s, w) in &self.config.receipt_states {
            if r < *w {
                return s.clone();
            }
            r -= w;
        }
        "DELIVRD".into()
    }

    fn profile_check(&self, sm: &SubmitSm<'_>) -> Option<CommandStatus> {
        if self.config.profile != Profile::Strict {
            return None;
        }
        const DCS: [u8; 9] = [0, 1, 2, 3, 4, 6, 8, 24, 240];
        if !DCS.contains(&sm.data_coding) {
            return Some(CommandStatus::ESME_RINVDCS);
        }
        let allowed = [
            TlvTag::DEST_ADDR_SUBUNIT,
            TlvTag::USER_MESSAGE_REFERENCE,
            TlvTag::MESSAGE_PAYLOAD,
            TlvTag(0x2900),
        ];
        if sm.tlvs.iter().any(|t| !allowed.contains(&t.tag)) {
            return Some(CommandStatus::ESME_ROPTPARNOTALLWD);
        }
        None
    }
}

#[allow(clippy::expect_used)] // reason: INVARIANT below
fn resp(pdu: Pdu<'_>, status: CommandStatus) -> OwnedPdu {
    // INVARIANT: the simulator's responses carry short, NUL-free message ids
    // it made itself, and a header-only generic_nack always encodes.
    OwnedPdu::encode(&pdu, status, 0)
        .or_else(|_| OwnedPdu::encode(&Pdu::GenericNack, CommandStatus::ESME_RSYSERR, 0))
        .expect("a generic_nack encodes")
}

/// `YYMMDDhhmm` of the current UTC time, as receipts write dates.
pub fn receipt_date(t: SystemTime) -> String {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{:02}{:02}{:02}{:02}{:02}",
        y % 100,
        m,
        d,
        rem / 3600,
        (rem % 3600) / 60
    )
}

impl Handler for Simulator {
    async fn bind(&self, req: &BindRequest) -> Result<(), CommandStatus> {
        let ok = match &self.config.users {
            None => true,
            Some(users) => users
                .get(&req.system_id)
                .is_some_and(|p| p.as_bytes() == req.password.as_slice()),
        };
        let _ = self.log.send(SimLog(json!({
            "event": "bind",
            "peer": req.peer.to_string(),
            "system_id": req.system_id,
            "bind_type": format!("{:?}", req.bind_type),
            "interface_version": req.interface_version.0,
            "accepted": ok,
        })));
        if ok {
            Ok(())
        } else {
            Err(CommandStatus::ESME_RINVPASWD)
        }
    }

    async fn request(&self, system_id: &str, request: OwnedPdu) -> OwnedPdu {
        if !self.config.slow.is_zero() {
            tokio::time::sleep(self.config.slow).await;
        }
        let pdu = match request.pdu() {
            Ok(p) => p,
            Err(e) => return resp(Pdu::GenericNack, e.command_status()),
        };
        match pdu {
            Pdu::SubmitSm(sm) => {
                let status = if self.throttled() {
                    CommandStatus::ESME_RTHROTTLED
                } else if let Some(s) = self.profile_check(&sm) {
                    s
                } else if self.chance(self.config.error_share) {
                    CommandStatus::ESME_RSYSERR
                } else {
                    CommandStatus::ESME_ROK
                };
                let id = format!("{:010}", self.next_id.fetch_add(1, Ordering::Relaxed));
                let text = sm
                    .tlvs
                    .message_payload()
                    .unwrap_or(sm.short_message)
                    .to_vec();
                let _ = self.log.send(SimLog(json!({
                    "event": "submit_sm",
                    "system_id": system_id,
                    "message_id": if status.is_ok() { Some(&id) } else { None },
                    "command_status": status.0,
                    "source_addr": String::from_utf8_lossy(sm.source_addr),
                    "destination_addr": String::from_utf8_lossy(sm.destination_addr),
                    "data_coding": sm.data_coding,
                    "esm_class": sm.esm_class,
                    "short_message": hex::encode(&text),
                    "registered_delivery": sm.registered_delivery,
                })));
                if !status.is_ok() {
                    return resp(Pdu::SubmitSmResp(SmResp::default()), status);
                }
                if sm.registered_delivery & 0x03 != 0 || self.config.echo {
                    let _ = self.jobs.send(Job {
                        system_id: system_id.to_string(),
                        message_id: if sm.registered_delivery & 0x03 != 0 {
                            id.clone()
                        } else {
                            String::new()
                        },
                        source_addr: sm.source_addr.to_vec(),
                        destination_addr: sm.destination_addr.to_vec(),
                        text: if self.config.echo { text } else { Vec::new() },
                        data_coding: sm.data_coding,
                        submit_date: receipt_date(SystemTime::now()),
                    });
                }
                resp(
                    Pdu::SubmitSmResp(SmResp {
                        message_id: Some(id.as_bytes()),
                        ..SmResp::default()
                    }),
                    CommandStatus::ESME_ROK,
                )
            }
            Pdu::DataSm(_) => {
                let id = format!("{:010}", self.next_id.fetch_add(1, Ordering::Relaxed));
                resp(
                    Pdu::DataSmResp(SmResp {
                        message_id: Some(id.as_bytes()),
                        ..SmResp::default()
                    }),
                    CommandStatus::ESME_ROK,
                )
            }
            Pdu::SubmitMulti(_) => {
                let id = format!("{:010}", self.next_id.fetch_add(1, Ordering::Relaxed));
                resp(
                    Pdu::SubmitMultiResp(smpp_proto::codec::SubmitMultiResp {
                        message_id: Some(id.as_bytes()),
                        ..Default::default()
                    }),
                    CommandStatus::ESME_ROK,
                )
            }
            Pdu::QuerySm(q) => resp(
                Pdu::QuerySmResp(QuerySmResp {
                    message_id: q.message_id,
                    final_date: SmppTime::Empty,
                    message_state: 2,
                    error_code: 0,
                }),
                CommandStatus::ESME_ROK,
            ),
            Pdu::CancelSm(_) => resp(Pdu::CancelSmResp, CommandStatus::ESME_ROK),
            Pdu::ReplaceSm(_) => resp(Pdu::ReplaceSmResp, CommandStatus::ESME_ROK),
            _ => resp(Pdu::GenericNack, CommandStatus::ESME_RINVCMDID),
        }
    }
}

/// The receipt text of SMPP 3.4 Appendix B, written by `smpp_proto::receipt`.
pub fn receipt_text(id: &str, stat: &str, submit_date: &str, done_date: &str) -> Vec<u8> {
    let state = MessageState::from_stat_word(stat.as_bytes());
    let delivered = state == Some(MessageState::Delivered);
    let fields = ReceiptFields {
        id: ReceiptId::Text(id.as_bytes()),
        submitted: 1,
        delivered: u16::from(delivered),
        submit_date: ReceiptDate::parse(submit_date.as_bytes()),
        done_date: ReceiptDate::parse(done_date.as_bytes()),
        date_format: DateFormat::YyMmDdHhMm,
        state,
        err: ReceiptErr::Number(if delivered { 0 } else { 1 }),
        text: b"",
    };
    let mut out = vec![0; fields.encoded_len()];
    match fields.encode(&mut out) {
        Ok(n) => out.truncate(n),
        Err(_) => out.clear(),
    }
    out
}

/// message_state (SMPP 3.4 §5.2.28) of a receipt stat word.
pub fn message_state_of(stat: &str) -> u8 {
    MessageState::from_stat_word(stat.as_bytes()).map_or(7, MessageState::message_state)
}

/// A running simulator: the server plus its receipt task.
pub struct Sim {
    /// The server (for its address and shutdown).
    pub server: Arc<Server>,
    /// What the simulator saw, one entry per line.
    pub log: mpsc::UnboundedReceiver<SimLog>,
}

/// Starts the simulator on `listen` (port 0 for an ephemeral port).
pub async fn start(
    listen: &str,
    mut server_config: ServerConfig,
    config: SimConfig,
) -> std::io::Result<Sim> {
    if config.profile == Profile::Strict {
        server_config.session.inactivity_timeout = Some(smpp_proto::time::Duration::from_secs(300));
    }
    let (jobs_tx, mut jobs_rx) = mpsc::unbounded_channel::<Job>();
    let (log_tx, log_rx) = mpsc::unbounded_channel();
    let delay = config.receipt_delay;
    let sim = Arc::new(Simulator {
        rng: Mutex::new(config.seed.max(1)),
        config,
        next_id: AtomicU64::new(1),
        window: Mutex::new((0, 0)),
        jobs: jobs_tx,
        log: log_tx.clone(),
    });
    let server = Arc::new(Server::bind(listen, server_config, sim.clone()).await?);
    let srv = server.clone();
    tokio::spawn(async move {
        while let Some(job) = jobs_rx.recv().await {
            let srv = srv.clone();
            let sim = sim.clone();
            let log = log_tx.clone();
            tokio::spawn(async move {
                tokio::time::sleep(delay).await;
                if !job.message_id.is_empty() {
                    let stat = sim.state();
                    let text = receipt_text(
                        &job.message_id,
                        &stat,
                        &job.submit_date,
                        &receipt_date(SystemTime::now()),
                    );
                    let mut rid = job.message_id.clone().into_bytes();
                    rid.push(0);
                    let state = [message_state_of(&stat)];
                    let tlvs = [
                        Tlv::new(TlvTag::RECEIPTED_MESSAGE_ID, &rid),
                        Tlv::new(TlvTag::MESSAGE_STATE, &state),
                    ];
                    let dlr = SubmitSm {
                        source_addr_ton: 1,
                        source_addr_npi: 1,
                        source_addr: &job.destination_addr,
                        destination_addr: &job.source_addr,
                        esm_class: 0x04,
                        short_message: &text,
                        tlvs: Tlvs::List(&tlvs),
                        ..SubmitSm::default()
                    };
                    let r = srv.deliver(&job.system_id, &Pdu::DeliverSm(dlr)).await;
                    let _ = log.send(SimLog(json!({
                        "event": "receipt",
                        "system_id": job.system_id,
                        "message_id": job.message_id,
                        "stat": stat,
                        "delivered": r.as_ref().map(|p| p.command_status().is_ok()).unwrap_or(false),
                    })));
                }
                if !job.text.is_empty() {
                    // Echo: the recipient "answers" with the same text.
                    let mo = SubmitSm {
                        source_addr: &job.destination_addr,
                        destination_addr: &job.source_addr,
                        data_coding: job.data_coding,
                        short_message: job.text.get(..job.text.len().min(254)).unwrap_or_default(),
                        ..SubmitSm::default()
                    };
                    let _ = srv.deliver(&job.system_id, &Pdu::DeliverSm(mo)).await;
                }
            });
        }
    });
    Ok(Sim {
        server,
        log: log_rx,
    })
}

/// Command ids the simulator answers (for `--help` texts and tests).
pub const ANSWERS: [CommandId; 6] = [
    CommandId::SUBMIT_SM,
    CommandId::DATA_SM,
    CommandId::SUBMIT_MULTI,
    CommandId::QUERY_SM,
    CommandId::CANCEL_SM,
    CommandId::REPLACE_SM,
];
