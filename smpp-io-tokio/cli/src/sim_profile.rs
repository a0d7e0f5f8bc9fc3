//! Provider profiles of the SMSC simulator: the rules a documented SMSC
//! applies on top of the spec, and nothing else. Whatever the spec itself
//! says (a TLV of the wrong size, a field too long, a TLV its command does
//! not allow) is the session's validation (`smpp_proto::codec::validate`)
//! and never reaches a profile; text decoding is the core's
//! (`smpp_proto::text`), receipt texts the core's `ReceiptFields`.
//!
//! Spec sections: SMPP 3.4 §4.1 (bind, system_type §5.2.3, interface_version
//! §5.2.4, §5.3.2.25), §4.4 (submit_sm, dest_addr_ton §5.2.5,
//! schedule_delivery_time §5.2.15, data_coding §5.2.19), §5.1.3 (command
//! statuses), §5.3.2 (TLVs), §7.2 (inactivity timer).
//!
//! Sources of the provider rules: GatewayAPI's SMPP guide
//! (gatewayapi.com/docs/apis/smpp, github.com/onlinecity/gatewayapi-docs
//! `docs/smpp.rst`); Kaleyra's support articles 3000091795 ("Introduction
//! to SMPP interface") and 3000091796 ("Submitting messages through SMPP").

use smpp_io_tokio::{BindRequest, ServerConfig};
use smpp_proto::codec::SubmitSm;
use smpp_proto::concat::Segment;
use smpp_proto::receipt::MessageState;
use smpp_proto::text::{self, DataCoding, Encoding};
use smpp_proto::{CommandId, CommandStatus, InterfaceVersion, TlvTag, Tlvs};

/// A provider behaviour the simulator can reproduce.
///
/// A request that breaks the spec (`smpp_proto::codec::validate`) never
/// reaches a profile's rules: the session refuses it with its status when
/// the server's session config is strict (the default, and always under
/// [`Profile::Strict`], [`Profile::GatewayApi`] and [`Profile::Kaleyra`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Accepts everything the session passes on.
    Default,
    /// Accepts only data_coding 0, 1, 2, 3, 4, 6, 8, 24 and 240 (others get
    /// ESME_RINVDCS, SMPP 5.0 §4.7.6), only the TLVs dest_addr_subunit,
    /// user_message_reference, message_payload and the vendor tag 0x2900
    /// (others get ESME_ROPTPARNOTALLWD, SMPP 3.4 §5.1.3), in submit_sm,
    /// data_sm and submit_multi, and unbinds and closes a link silent for 5
    /// minutes (inactivity_timer, SMPP 3.4 §7.2).
    Strict,
    /// Treats any bind interface_version other than 0x34 (0x50, 0x33, 0x00,
    /// …) as SMPP 3.3: the bind response carries no sc_interface_version and
    /// no PDU of the session carries TLVs (SMPP 3.4 §5.2.4, §5.3.2.25).
    Smpp33,
    /// GatewayAPI's SMPP service, as its guide documents it:
    /// - only submit_sm is served (with bind, unbind, enquire_link);
    ///   data_sm, submit_multi, query_sm, replace_sm, cancel_sm and the rest
    ///   get generic_nack ESME_RINVCMDID (the guide's command table);
    /// - a schedule_delivery_time gets ESME_RINVSCHED (the guide: not
    ///   supported);
    /// - data_coding 0, 3, 4, 8, 24 and 240 only, else ESME_RINVDCS (the
    ///   guide's DCS table);
    /// - the TLVs dest_addr_subunit (0x0005), user_message_reference
    ///   (0x0204), message_payload (0x0424) and message_class (0x2900)
    ///   only, else ESME_ROPTPARNOTALLWD (the guide's TLV table); a TLV of
    ///   the wrong size gets ESME_RINVPARLEN (the spec's sizes, the
    ///   session's validation);
    /// - dest_addr_ton 0 (unknown) or 1 (international) only, else
    ///   ESME_RINVDSTTON (not in the guide: its numbers are international);
    /// - a short_message or message_payload that does not decode under its
    ///   data_coding (UCS2 of odd length, a GSM escape to nothing) gets
    ///   ESME_RINVDCS (not in the guide);
    /// - receipts: ENROUTE, then the final one (the guide lists ENROUTE
    ///   among the states); their `text:` is the submit's
    ///   user_message_reference in decimal (the guide: its first 20
    ///   characters) and they carry the user_message_reference TLV too;
    /// - receipts for a system_id with no receiver bound are kept, up to
    ///   25,000 for 48 hours (the guide's figures; `--retry-store`,
    ///   `--retry-store-ttl`), and delivered when one binds;
    /// - 100 submit_sm per second per bind, the next ones ESME_RTHROTTLED
    ///   (not in the guide; `--throttle` sets the rate).
    GatewayApi,
    /// Kaleyra's SMPP service, as its support articles document it:
    /// - a bind's system_type must be `smpp`, else ESME_RINVSYSTYP (article
    ///   3000091795: "Set the system_type field to smpp");
    /// - a bind interface_version other than 0x34 is served as SMPP 3.3, as
    ///   [`Profile::Smpp33`] does (article 3000091795);
    /// - data_coding 0 (GSM 03.38), 1, 3 (Latin-1) and 8 (UCS2) only, else
    ///   ESME_RINVDCS (article 3000091796);
    /// - submit_multi gets generic_nack ESME_RINVCMDID (article 3000091796:
    ///   "does not support submit_multi");
    /// - a link without traffic for 5 minutes is unbound and closed
    ///   (inactivity_timer, SMPP 3.4 §7.2; `--inactivity` sets it). Not
    ///   from the articles, which say nothing of enquire_link or idle
    ///   links: the simulator's own choice.
    Kaleyra,
}

impl Profile {
    /// The profile names `--profile` takes.
    pub const NAMES: &'static str = "default, strict, smpp33, gatewayapi, kaleyra";

    /// Whether the simulator answers `command_id` (beside bind, unbind and
    /// enquire_link, which the session answers); others get generic_nack
    /// ESME_RINVCMDID (SMPP 3.4 §4.3).
    pub fn serves(self, command_id: CommandId) -> bool {
        match self {
            Profile::GatewayApi => command_id == CommandId::SUBMIT_SM,
            Profile::Kaleyra => command_id != CommandId::SUBMIT_MULTI,
            _ => true,
        }
    }

    /// The data_coding values accepted (SMPP 3.4 §5.2.19); `None`: any.
    pub fn data_codings(self) -> Option<&'static [u8]> {
        match self {
            Profile::Strict => Some(&[0, 1, 2, 3, 4, 6, 8, 24, 240]),
            Profile::GatewayApi => Some(&[0, 3, 4, 8, 24, 240]),
            Profile::Kaleyra => Some(&[0, 1, 3, 8]),
            Profile::Default | Profile::Smpp33 => None,
        }
    }

    /// The TLVs accepted in a message (SMPP 3.4 §5.3.2); `None`: any the
    /// spec allows.
    pub fn tlvs(self) -> Option<&'static [TlvTag]> {
        const GUIDE: [TlvTag; 4] = [
            TlvTag::DEST_ADDR_SUBUNIT,
            TlvTag::USER_MESSAGE_REFERENCE,
            TlvTag::MESSAGE_PAYLOAD,
            TlvTag(0x2900),
        ];
        match self {
            Profile::Strict | Profile::GatewayApi => Some(&GUIDE),
            _ => None,
        }
    }

    /// The verdict on a bind's fields (SMPP 3.4 §4.1): Kaleyra's
    /// system_type must be `smpp` (§5.2.3).
    pub fn check_bind(self, request: &BindRequest) -> Result<(), CommandStatus> {
        if self == Profile::Kaleyra && request.system_type != "smpp" {
            return Err(CommandStatus::ESME_RINVSYSTYP);
        }
        Ok(())
    }

    /// Whether a bind asking for `asked` is served as SMPP 3.3 (no
    /// sc_interface_version, no TLVs; SMPP 3.4 §5.2.4, §5.3.2.25).
    pub fn serves_as_33(self, asked: InterfaceVersion) -> bool {
        matches!(self, Profile::Smpp33 | Profile::Kaleyra) && asked != InterfaceVersion::V34
    }

    /// The verdict on a message's data_coding and TLVs (submit_sm, data_sm,
    /// submit_multi).
    pub fn check_coding(self, data_coding: u8, tlvs: &Tlvs<'_>) -> Option<CommandStatus> {
        if self
            .data_codings()
            .is_some_and(|dcs| !dcs.contains(&data_coding))
        {
            return Some(CommandStatus::ESME_RINVDCS);
        }
        if let Some(allowed) = self.tlvs() {
            if tlvs.iter().any(|t| !allowed.contains(&t.tag)) {
                return Some(CommandStatus::ESME_ROPTPARNOTALLWD);
            }
        }
        None
    }

    /// The verdict on a submit_sm: [`Profile::check_coding`], then
    /// GatewayAPI's rules on schedule_delivery_time, dest_addr_ton and
    /// content that does not decode.
    pub fn check_submit(self, sm: &SubmitSm<'_>) -> Option<CommandStatus> {
        if let Some(status) = self.check_coding(sm.data_coding, &sm.tlvs) {
            return Some(status);
        }
        if self != Profile::GatewayApi {
            return None;
        }
        if !sm.schedule_delivery_time.is_empty() {
            return Some(CommandStatus::ESME_RINVSCHED);
        }
        if sm.dest_addr_ton > 1 {
            return Some(CommandStatus::ESME_RINVDSTTON);
        }
        if !decodes(sm) {
            return Some(CommandStatus::ESME_RINVDCS);
        }
        None
    }

    /// The receipts of a message unless `--receipt-states` says otherwise:
    /// ENROUTE then DELIVRD under GatewayAPI, DELIVRD alone elsewhere.
    pub fn receipt_states(self) -> Vec<(Vec<MessageState>, u32)> {
        match self {
            Profile::GatewayApi => vec![(vec![MessageState::Enroute, MessageState::Delivered], 1)],
            _ => vec![(vec![MessageState::Delivered], 1)],
        }
    }

    /// Whether receipts carry the submit's user_message_reference (in the
    /// `text:` field, decimal, and as the TLV, SMPP 3.4 §5.3.2.17).
    pub fn receipts_carry_reference(self) -> bool {
        self == Profile::GatewayApi
    }

    /// Submits per second per bind unless `--throttle` says otherwise;
    /// `None`: no limit per bind.
    pub fn throttle_per_bind(self) -> Option<u32> {
        (self == Profile::GatewayApi).then_some(100)
    }

    /// Receipts kept per system_id while none of its receivers is bound,
    /// and for how long, unless `--retry-store` and `--retry-store-ttl`
    /// say otherwise: 25,000 for 48 hours under GatewayAPI (its guide),
    /// 1,000 for ever elsewhere.
    pub fn retry_store(self) -> (usize, Option<std::time::Duration>) {
        match self {
            Profile::GatewayApi => (25_000, Some(std::time::Duration::from_secs(48 * 3600))),
            _ => (1_000, None),
        }
    }

    /// The server's limits and timers for the profile: under the strict,
    /// gatewayapi and kaleyra profiles sessions refuse requests that break
    /// the spec (`Validation::Strict`), whatever was configured, and the
    /// strict one's inactivity_timer is 5 minutes (SMPP 3.4 §7.2).
    pub fn server_config(self, mut server_config: ServerConfig) -> ServerConfig {
        if self == Profile::Strict {
            server_config.session.inactivity_timeout =
                Some(smpp_proto::time::Duration::from_secs(300));
        }
        if matches!(
            self,
            Profile::Strict | Profile::GatewayApi | Profile::Kaleyra
        ) {
            server_config.session.validation = smpp_proto::session::Validation::Strict;
        }
        server_config
    }
}

/// Whether a submit_sm's user data (after its UDH) decodes under its
/// data_coding, by the core's decoders (GSM 7 bit with the tables its UDH
/// names for 0x00 and the GSM values). Binary and unknown codings decode.
fn decodes(sm: &SubmitSm<'_>) -> bool {
    let Ok(segment) = Segment::from_sm(sm) else {
        return false;
    };
    let gsm = Encoding::Gsm7(segment.tables);
    match DataCoding(sm.data_coding).encoding(gsm) {
        Ok(Encoding::Gsm7(_)) => text::decode(segment.payload, gsm).all(|c| c.is_ok()),
        Ok(encoding) => text::decode(segment.payload, encoding).all(|c| c.is_ok()),
        Err(_) => true,
    }
}

impl std::str::FromStr for Profile {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "default" => Ok(Profile::Default),
            "strict" => Ok(Profile::Strict),
            "smpp33" => Ok(Profile::Smpp33),
            "gatewayapi" => Ok(Profile::GatewayApi),
            "kaleyra" => Ok(Profile::Kaleyra),
            other => Err(format!("unknown profile {other:?} ({})", Profile::NAMES)),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // reason: test code
mod tests {
    use super::*;

    #[test]
    fn decoding_under_the_data_coding() {
        let sm = |dc, esm_class, short_message| SubmitSm {
            data_coding: dc,
            esm_class,
            short_message,
            ..SubmitSm::default()
        };
        assert!(decodes(&sm(0, 0, b"hello")));
        assert!(!decodes(&sm(0, 0, b"\x1b\x00")), "escape to nothing");
        assert!(!decodes(&sm(0, 0, b"hi\x1b")), "escape at the end");
        assert!(!decodes(&sm(0, 0, b"\x80")), "not a septet");
        assert!(decodes(&sm(8, 0, b"\x00h\x00i")));
        assert!(!decodes(&sm(8, 0, b"\x00h\x00")), "odd UCS2");
        assert!(!decodes(&sm(24, 0, b"\xd8\x00\x00a")), "unpaired surrogate");
        assert!(decodes(&sm(4, 0, b"\xff\x00\x80")), "binary");
        // The UDH is not text: only what follows it is decoded.
        assert!(decodes(&sm(8, 0x40, b"\x05\x00\x03\x01\x02\x01\x00h")));
        assert!(
            !decodes(&sm(8, 0x40, b"\x05\x00\x03\x01\x02\x01\x00")),
            "odd UCS2 after the UDH"
        );
        assert!(
            !decodes(&sm(8, 0x40, b"\x09\x00\x03")),
            "UDH longer than the data"
        );
    }

    #[test]
    fn strict_profile_unbinds_after_five_silent_minutes_and_validates() {
        use smpp_proto::session::Validation;
        let mut cfg = ServerConfig::default();
        cfg.session.inactivity_timeout = None;
        cfg.session.validation = Validation::Lenient;
        let strict = Profile::Strict.server_config(cfg.clone());
        assert_eq!(
            strict.session.inactivity_timeout,
            Some(smpp_proto::time::Duration::from_secs(300))
        );
        assert_eq!(strict.session.validation, Validation::Strict);
        for p in [Profile::GatewayApi, Profile::Kaleyra] {
            assert_eq!(
                p.server_config(cfg.clone()).session.validation,
                Validation::Strict
            );
        }
        let default = Profile::Default.server_config(cfg);
        assert_eq!(default.session.inactivity_timeout, None);
        assert_eq!(default.session.validation, Validation::Lenient);
    }

    #[test]
    fn names_parse() {
        for name in Profile::NAMES.split(", ") {
            assert!(name.parse::<Profile>().is_ok(), "{name}");
        }
        assert!("nope".parse::<Profile>().unwrap_err().contains("kaleyra"));
    }
}
