//! Session configuration: a plain struct with the spec's timers (SMPP 3.4
//! §7.2 "Timer definitions", SMPP 5.0 §2.9) and the limits of this end.

use super::state::Role;
use crate::codec::{InterfaceVersion, DEFAULT_MAX_COMMAND_LENGTH};
use crate::time::Duration;

/// An optional send rate limit: a token bucket driven by the `now` the
/// caller passes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct RateLimit {
    /// Messages per second, sustained.
    pub per_second: u32,
    /// Messages that may be sent at once after an idle period (at least 1).
    pub burst: u32,
}

/// What a session does with a peer PDU that decodes but breaks a rule of
/// the spec ([`crate::codec::validate`]: a TLV the command does not allow,
/// short_message over 254 octets, a missing mandatory TLV, …).
///
/// Responses are never refused (there is nothing to answer them with): they
/// reach the application as usual in both modes, followed by a
/// [`super::ProtocolError::Violation`] event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Validation {
    /// A request that breaks a rule is answered with the first violation's
    /// command_status (a header-only response, or generic_nack for a
    /// command without one, SMPP 3.4 §2.8) and reported as a
    /// [`super::ProtocolError::Violation`] instead of an
    /// [`super::Event::Request`]. The default of [`Config::smsc`].
    Strict,
    /// Every request reaches the application as usual, and each violation
    /// is reported in a [`super::ProtocolError::Violation`] event after it.
    /// The default of [`Config::esme`].
    Lenient,
}

/// What the session does with a peer request whose command_id SMPP does
/// not assign: a vendor or custom command (SMPP 3.4 §5.1.2.1 reserves
/// 0x00010200–0x000102FF for SMSC vendors), or a kind this build leaves out
/// (the `pdu-*` features). This end may send such commands either way
/// ([`super::Session::send`] with [`crate::Pdu::Unknown`]); this setting is
/// only about receiving them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum CustomCommands {
    /// Answered with generic_nack ESME_RINVCMDID (SMPP 3.4 §4.3) and
    /// reported as [`super::ProtocolError::UnknownCommand`]. The default.
    Refuse,
    /// In a bound state, delivered as [`super::Event::Request`] with a
    /// [`crate::Pdu::Unknown`] for the application to answer (with a
    /// [`crate::Pdu::RawResp`] of the response command_id, or a
    /// generic_nack), as node-smpp's custom commands and IPWorks'
    /// `SendCommand` peers expect. Until it is answered the peer waits.
    Deliver,
}

/// How a [`super::Session`] behaves. Start from [`Config::esme`] or
/// [`Config::smsc`] and change what you need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Config {
    /// Which end of the link this is.
    pub role: Role,
    /// The highest SMPP version this end speaks; the session negotiates down
    /// to the peer's (SMPP 3.4 §5.2.4, §5.3.2.25).
    pub interface_version: InterfaceVersion,
    /// Requests this end may have outstanding at once (clamped to the
    /// session's window capacity `W`).
    pub window: usize,
    /// Peer requests this end leaves unanswered before it stops reading
    /// (clamped to `W`).
    pub inbound_window: usize,
    /// Largest PDU accepted (clamped to the receive buffer size).
    pub max_command_length: u32,
    /// How long a request may wait for its response (SMPP 3.4 §7.2
    /// response_timer). When it runs out and the peer has sent nothing
    /// since the request went out (no answer to any other request, no
    /// request of its own), the session closes with
    /// [`super::CloseReason::LinkDead`].
    pub response_timeout: Duration,
    /// How long the link may stay unbound before it is closed
    /// (SMPP 3.4 §7.2 session_init_timer).
    pub session_init_timeout: Duration,
    /// Send enquire_link after this long without receiving anything
    /// (SMPP 3.4 §7.2 enquire_link_timer). `None` disables the keep-alive.
    pub enquire_link_interval: Option<Duration>,
    /// Unbind a peer that sent nothing for this long (SMPP 3.4 §7.2
    /// inactivity_timer), e.g. 5 minutes on an SMSC. `None` disables it.
    pub inactivity_timeout: Option<Duration>,
    /// How long to wait for unbind_resp before closing anyway.
    pub unbind_timeout: Duration,
    /// First back-off after an ESME_RTHROTTLED or ESME_RMSGQFUL response;
    /// it doubles while the peer keeps throttling.
    pub throttle_backoff: Duration,
    /// The longest back-off.
    pub throttle_backoff_max: Duration,
    /// Optional limit on messages sent (submit_sm, submit_multi, data_sm,
    /// deliver_sm, broadcast_sm).
    pub rate_limit: Option<RateLimit>,
    /// Whether peer requests that break the spec are refused or let
    /// through (both report them); see [`Validation`].
    pub validation: Validation,
    /// Peer requests with a command_id SMPP does not assign: refused
    /// (the default) or delivered to the application.
    pub custom_commands: CustomCommands,
    /// At SMPP 5.0, add this end's load (the share of the inbound window
    /// in use) as congestion_state (§4.8.4.19) to the submit_sm_resp,
    /// data_sm_resp, deliver_sm_resp and submit_multi_resp it writes with
    /// ESME_ROK. On in [`Config::smsc`], off in [`Config::esme`]. Do not
    /// add your own congestion_state to those responses while it is on.
    pub report_congestion: bool,
}

impl Config {
    /// Defaults for an ESME (client): SMPP 3.4, window 10, 30 s timers,
    /// enquire_link every 30 s, lenient validation.
    pub const fn esme() -> Config {
        Config {
            role: Role::Esme,
            interface_version: InterfaceVersion::V34,
            window: 10,
            inbound_window: 10,
            max_command_length: DEFAULT_MAX_COMMAND_LENGTH,
            response_timeout: Duration::from_secs(30),
            session_init_timeout: Duration::from_secs(30),
            enquire_link_interval: Some(Duration::from_secs(30)),
            inactivity_timeout: None,
            unbind_timeout: Duration::from_secs(10),
            throttle_backoff: Duration::from_secs(1),
            throttle_backoff_max: Duration::from_secs(60),
            rate_limit: None,
            validation: Validation::Lenient,
            custom_commands: CustomCommands::Refuse,
            report_congestion: false,
        }
    }

    /// Defaults for an SMSC (server): as [`Config::esme`], plus a 5-minute
    /// inactivity timeout, no keep-alive of its own, and strict validation
    /// (a request that breaks the spec is refused with its status).
    pub const fn smsc() -> Config {
        Config {
            role: Role::Smsc,
            enquire_link_interval: None,
            inactivity_timeout: Some(Duration::from_secs(300)),
            validation: Validation::Strict,
            report_congestion: true,
            ..Config::esme()
        }
    }
}
