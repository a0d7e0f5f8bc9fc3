//! How the client binds and reconnects.

use smpp_proto::session::{self, BindType};
use smpp_proto::time::Duration;

/// What the [`crate::Runner`] binds with and how it reconnects. Start from
/// [`Config::new`] and change what you need; every field is public.
///
/// The strings borrow: in firmware they are usually `&'static` literals or
/// live in a `static` cell next to the [`crate::Resources`].
#[derive(Clone, Copy)]
pub struct Config<'a> {
    /// Transmitter (submit only), receiver (receive only) or transceiver (both).
    pub bind_type: BindType,
    /// system_id to bind with (SMPP 3.4 §4.1.1, at most 15 octets).
    pub system_id: &'a [u8],
    /// password to bind with (at most 8 octets). Never logged.
    pub password: &'a [u8],
    /// system_type to bind with (often empty).
    pub system_type: &'a [u8],
    /// addr_ton of the bind.
    pub addr_ton: u8,
    /// addr_npi of the bind.
    pub addr_npi: u8,
    /// address_range of the bind (receivers: which MO addresses to route here).
    pub address_range: &'a [u8],
    /// The session's timers, window and version: enquire_link keep-alive
    /// interval, response timeout, bind timeout, throttling back-off.
    pub session: session::Config,
    /// How long one connection attempt may take.
    pub connect_timeout: Duration,
    /// The base of the first wait before reconnecting after the link
    /// dropped or a connect or bind failed; it doubles on every failure up
    /// to `reconnect_max`, and goes back to this after a successful bind.
    /// Each wait is drawn from `[base / 2, base]`
    /// (`smpp_proto::session::ReconnectBackoff`).
    pub reconnect_min: Duration,
    /// The largest base between reconnection attempts.
    pub reconnect_max: Duration,
}

impl<'a> Config<'a> {
    /// A transceiver bind with these credentials, the core's ESME defaults
    /// (SMPP 3.4, enquire_link every 30 s, 30 s response timeout), a 10 s
    /// connect timeout and reconnection back-off from 1 s to 60 s.
    pub const fn new(system_id: &'a [u8], password: &'a [u8]) -> Self {
        Config {
            bind_type: BindType::Transceiver,
            system_id,
            password,
            system_type: b"",
            addr_ton: 0,
            addr_npi: 0,
            address_range: b"",
            session: session::Config::esme(),
            connect_timeout: Duration::from_secs(10),
            reconnect_min: Duration::from_secs(1),
            reconnect_max: Duration::from_secs(60),
        }
    }
}

impl core::fmt::Debug for Config<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Config")
            .field("bind_type", &self.bind_type)
            .field("system_id", &self.system_id)
            .field("password", &"<redacted>")
            .field("session", &self.session)
            .field("reconnect_min", &self.reconnect_min)
            .field("reconnect_max", &self.reconnect_max)
            .finish_non_exhaustive()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Config<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "Config {{ bind_type: {}, system_id: {=[u8]:a}, password: <redacted> }}",
            self.bind_type,
            self.system_id
        )
    }
}
