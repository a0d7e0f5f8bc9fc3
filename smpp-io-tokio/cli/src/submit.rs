//! The submit_sm and session options of `smpp send` (issue 15): each flag
//! parsed into the library's `TextOptions` (SMPP 3.4 §4.4.1 fields) or
//! `ClientConfig` (§4.1 bind fields, §7.2 timers). The values' meaning
//! lives in the library and the core: `RegisteredDelivery` (§5.2.17),
//! `SmppTime` (§7.1), `TonNpi` (§5.2.5–6).

use clap::Args;
use smpp_io_tokio::text::{ConcatMethod, TextOptions, TlvPlacement};
use smpp_io_tokio::ClientConfig;
use smpp_proto::codec::{AbsoluteTime, McReceipt, RegisteredDelivery, SmppTime};
use smpp_proto::session::BindType;
use smpp_proto::InterfaceVersion;

/// Bind options of `smpp send` (SMPP 3.4 §4.1.1).
#[derive(Debug, Clone, Args)]
pub(crate) struct SessionArgs {
    /// system_type of the bind (SMPP 3.4 §5.2.3), e.g. VMA.
    #[arg(long, value_name = "TYPE")]
    pub(crate) system_type: Option<String>,
    /// interface_version of the bind: 3.3, 3.4 (the default) or 5.0
    /// (SMPP 3.4 §5.2.4); the session runs at the lower of this and the
    /// SMSC's.
    #[arg(long, value_name = "V", value_parser = crate::parse_interface_version)]
    pub(crate) interface_version: Option<InterfaceVersion>,
    /// Bind as tx (transmitter) or trx (transceiver); default tx, trx with
    /// --wait-receipts (receipts only come to a receiving bind). A receiver
    /// (rx) cannot submit.
    #[arg(long, value_name = "tx|trx")]
    pub(crate) bind: Option<String>,
    /// Seconds without traffic before an enquire_link is sent (SMPP 3.4
    /// §7.2 enquire_link_timer; default 30); 0 turns it off.
    #[arg(long, value_name = "S")]
    pub(crate) enquire_interval: Option<u64>,
}

impl SessionArgs {
    /// Applies the options to `cfg`; `wait_receipts` picks the default bind.
    pub(crate) fn apply(&self, cfg: &mut ClientConfig, wait_receipts: bool) -> Result<(), String> {
        cfg.bind_type = match self.bind.as_deref() {
            None if wait_receipts => BindType::Transceiver,
            None => BindType::Transmitter,
            Some("tx" | "transmitter") => BindType::Transmitter,
            Some("trx" | "transceiver") => BindType::Transceiver,
            Some("rx" | "receiver") => {
                return Err(
                    "--bind rx: a receiver cannot submit (SMPP 3.4 §2.2); use listen".into(),
                )
            }
            Some(other) => return Err(format!("--bind must be tx or trx, not {other:?}")),
        };
        if wait_receipts && cfg.bind_type == BindType::Transmitter {
            return Err("--wait-receipts needs a bind that receives: --bind trx".into());
        }
        if let Some(t) = &self.system_type {
            cfg.system_type = t.clone();
        }
        if let Some(v) = self.interface_version {
            cfg.session.interface_version = v;
        }
        if let Some(s) = self.enquire_interval {
            cfg.session.enquire_link_interval =
                (s > 0).then(|| smpp_proto::time::Duration::from_secs(s));
        }
        Ok(())
    }
}

/// submit_sm fields of `smpp send` (SMPP 3.4 §4.4.1).
#[derive(Debug, Args)]
pub(crate) struct MessageArgs {
    /// source_addr_ton (SMPP 3.4 §5.2.5); default chosen from --from: 5
    /// (alphanumeric) for a name, 1 (international) for digits.
    #[arg(long, value_name = "TON", value_parser = parse_u8)]
    pub(crate) source_ton: Option<u8>,
    /// source_addr_npi (SMPP 3.4 §5.2.6); default 0 for a name, 1 (E.164)
    /// for digits.
    #[arg(long, value_name = "NPI", value_parser = parse_u8)]
    pub(crate) source_npi: Option<u8>,
    /// dest_addr_ton; default chosen from --to as for --source-ton.
    #[arg(long, value_name = "TON", value_parser = parse_u8)]
    pub(crate) dest_ton: Option<u8>,
    /// dest_addr_npi; default chosen from --to as for --source-npi.
    #[arg(long, value_name = "NPI", value_parser = parse_u8)]
    pub(crate) dest_npi: Option<u8>,
    /// registered_delivery (SMPP 3.4 §5.2.17), a comma-separated list of
    /// none, receipt (MC receipt on success or failure), failure (on
    /// failure only), success (on success only, SMPP 5.0), sme-ack,
    /// manual-ack, intermediate; or a number. Default: receipt with
    /// --wait-receipts, else none.
    #[arg(long, value_name = "LEVELS", value_parser = parse_registered_delivery)]
    pub(crate) registered_delivery: Option<RegisteredDelivery>,
    /// Send with this data_coding (SMPP 3.4 §5.2.19), in the alphabet it
    /// announces, instead of choosing one (e.g. 0x10: GSM 7-bit flash).
    #[arg(long, value_name = "N", value_parser = parse_u8)]
    pub(crate) data_coding: Option<u8>,
    /// A flash message: message class 0 in the data_coding (0x10 GSM
    /// 7-bit, 0x18 UCS-2; 3GPP TS 23.038 §4).
    #[arg(long)]
    pub(crate) flash: bool,
    /// An optional parameter on every part (SMPP 3.4 §5.3): TAG=HEX, the tag
    /// in decimal or 0x hex, e.g. 0x2900=0102 or 0x0204=0007. Repeatable.
    #[arg(long, value_name = "TAG=HEX", value_parser = parse_tlv)]
    pub(crate) tlv: Vec<(u16, Vec<u8>)>,
    /// As --tlv, on the first part of a long message only.
    #[arg(long, value_name = "TAG=HEX", value_parser = parse_tlv)]
    pub(crate) tlv_first: Vec<(u16, Vec<u8>)>,
    /// How a long text is split: udh8 (the default), udh16, sar (SMPP 3.4
    /// §5.3.2.22–24) or payload (one message_payload, §5.3.2.32).
    #[arg(long, value_name = "METHOD", value_parser = parse_concat)]
    pub(crate) concat: Option<ConcatMethod>,
    /// validity_period (SMPP 3.4 §5.2.16): a period such as 90s, 30m, 2h,
    /// 7d (relative, §7.1.2), an RFC 3339 time such as
    /// 2026-12-24T18:00:00+01:00 or an SMPP time YYMMDDhhmmsstnnp (§7.1.1).
    #[arg(long, value_name = "WHEN", value_parser = parse_time)]
    pub(crate) validity: Option<SmppTime>,
    /// schedule_delivery_time (SMPP 3.4 §5.2.15), written as --validity.
    #[arg(long, value_name = "WHEN", value_parser = parse_time)]
    pub(crate) schedule: Option<SmppTime>,
    /// priority_flag (SMPP 3.4 §5.2.14): 0 (lowest, the default) to 3.
    #[arg(long, value_name = "N", value_parser = parse_u8)]
    pub(crate) priority: Option<u8>,
    /// protocol_id (SMPP 3.4 §5.2.13, GSM TP-PID).
    #[arg(long, value_name = "N", value_parser = parse_u8)]
    pub(crate) protocol_id: Option<u8>,
    /// Set replace_if_present_flag (SMPP 3.4 §5.2.18).
    #[arg(long)]
    pub(crate) replace_if_present: bool,
    /// service_type (SMPP 3.4 §5.2.11).
    #[arg(long, value_name = "TYPE")]
    pub(crate) service_type: Option<String>,
}

impl MessageArgs {
    /// The options of every message (the destination is set per message).
    pub(crate) fn options(&self, from: &str, wait_receipts: bool) -> TextOptions {
        let mut o = TextOptions::new("").from(from);
        o.registered_delivery = self
            .registered_delivery
            .unwrap_or(RegisteredDelivery(u8::from(wait_receipts)));
        o.source_addr_ton = self.source_ton;
        o.source_addr_npi = self.source_npi;
        o.dest_addr_ton = self.dest_ton;
        o.dest_addr_npi = self.dest_npi;
        o.data_coding = self.data_coding;
        if self.flash {
            o = o.flash();
        }
        for (tag, value) in &self.tlv {
            o = o.tlv(*tag, value.clone());
        }
        for (tag, value) in &self.tlv_first {
            o = o.tlv_placed(*tag, value.clone(), TlvPlacement::FirstPart);
        }
        if let Some(c) = self.concat {
            o = o.concat(c);
        }
        if let Some(t) = self.validity {
            o = o.validity_period(t);
        }
        if let Some(t) = self.schedule {
            o = o.schedule_delivery_time(t);
        }
        o.priority_flag = self.priority.unwrap_or(0);
        o.protocol_id = self.protocol_id.unwrap_or(0);
        o.replace_if_present_flag = self.replace_if_present;
        if let Some(s) = &self.service_type {
            o = o.service_type(s);
        }
        o
    }
}

/// A number in decimal or with 0x in hex.
fn parse_number(s: &str) -> Result<u64, String> {
    let r = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(h) => u64::from_str_radix(h, 16),
        None => s.parse(),
    };
    r.map_err(|_| format!("{s:?} is not a number (decimal, or hex with 0x)"))
}

fn parse_u8(s: &str) -> Result<u8, String> {
    u8::try_from(parse_number(s)?).map_err(|_| format!("{s} is over 255"))
}

/// `TAG=HEX`.
fn parse_tlv(s: &str) -> Result<(u16, Vec<u8>), String> {
    let (tag, value) = s
        .split_once('=')
        .ok_or_else(|| format!("{s:?} is not TAG=HEX"))?;
    let tag = u16::try_from(parse_number(tag)?).map_err(|_| format!("tag {tag} is over 0xFFFF"))?;
    let value = hex::decode(value).map_err(|e| format!("value of {s:?}: {e}"))?;
    Ok((tag, value))
}

fn parse_concat(s: &str) -> Result<ConcatMethod, String> {
    Ok(match s {
        "udh8" | "udh" => ConcatMethod::Udh8,
        "udh16" => ConcatMethod::Udh16,
        "sar" => ConcatMethod::Sar,
        "payload" | "message_payload" => ConcatMethod::MessagePayload,
        other => return Err(format!("{other:?} is not udh8, udh16, sar or payload")),
    })
}

/// Comma-separated names, or a number.
fn parse_registered_delivery(s: &str) -> Result<RegisteredDelivery, String> {
    if let Ok(n) = parse_u8(s) {
        return Ok(RegisteredDelivery(n));
    }
    let mut rd = RegisteredDelivery::NONE;
    for word in s.split(',').map(str::trim) {
        rd = match word {
            "none" => rd.with_mc_receipt(McReceipt::None),
            "receipt" => rd.with_mc_receipt(McReceipt::SuccessOrFailure),
            "failure" => rd.with_mc_receipt(McReceipt::Failure),
            "success" => rd.with_mc_receipt(McReceipt::Success),
            "sme-ack" => rd.with_sme_delivery_ack(true),
            "manual-ack" => rd.with_sme_manual_ack(true),
            "intermediate" => rd.with_intermediate_notification(true),
            other => {
                return Err(format!(
                    "{other:?} is not none, receipt, failure, success, sme-ack, manual-ack, intermediate or a number"
                ))
            }
        };
    }
    Ok(rd)
}

/// `90s`, `30m`, `2h`, `7d` (relative), an RFC 3339 time, or an SMPP time text.
fn parse_time(s: &str) -> Result<SmppTime, String> {
    if let Some(t) = SmppTime::parse(s.as_bytes()).filter(|t| !t.is_empty()) {
        return Ok(t);
    }
    if let Some(t) = AbsoluteTime::parse_rfc3339(s) {
        return Ok(SmppTime::Absolute(t));
    }
    let period = parse_period(s).map_err(|_| {
        format!("{s:?} is neither a period (90s, 30m, 2h, 7d), an RFC 3339 time (2026-12-24T18:00:00+01:00) nor an SMPP time YYMMDDhhmmsstnnp")
    })?;
    Ok(TextOptions::new("").validity_in(period).validity_period)
}

/// `90s`, `30m`, `2h`, `7d`.
pub(crate) fn parse_period(s: &str) -> Result<std::time::Duration, String> {
    let unit = match s.chars().last() {
        Some('s') => 1,
        Some('m') => 60,
        Some('h') => 3600,
        Some('d') => 86_400,
        _ => 0,
    };
    let n = s
        .get(..s.len().saturating_sub(1))
        .and_then(|n| n.parse::<u64>().ok())
        .filter(|_| unit > 0)
        .ok_or_else(|| format!("{s:?} is not a period (90s, 30m, 2h, 7d)"))?;
    Ok(std::time::Duration::from_secs(n.saturating_mul(unit)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code
    use super::*;

    #[test]
    fn values() {
        assert_eq!(parse_tlv("0x2900=0102").unwrap(), (0x2900, vec![1, 2]));
        assert_eq!(parse_tlv("516=").unwrap(), (516, vec![]));
        assert!(parse_tlv("0x2900").is_err());
        assert_eq!(parse_registered_delivery("17").unwrap().0, 17);
        assert_eq!(
            parse_registered_delivery("failure,sme-ack,intermediate")
                .unwrap()
                .0,
            0x16
        );
        assert!(parse_registered_delivery("maybe").is_err());
        assert_eq!(parse_time("2h").unwrap().to_string(), "000000020000000R");
        assert_eq!(
            parse_time("260115083000000+").unwrap().to_string(),
            "260115083000000+"
        );
        assert_eq!(
            parse_time("2026-12-24T18:00:00+01:00").unwrap().to_string(),
            "261224180000004+"
        );
        assert!(parse_time("2x").is_err());
        assert_eq!(parse_u8("0x10").unwrap(), 16);
    }
}
