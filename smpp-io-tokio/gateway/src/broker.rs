//! vumi2's broker contract on RabbitMQ (AMQP 0-9-1, `vumi2/connectors.py`):
//! a durable direct exchange `vumi`; durable queues
//! `<transport_name>.outbound` (consumed), `<transport_name>.inbound` and
//! `<transport_name>.event` (published persistent, delivery_mode 2), each
//! bound under its own name. Publishing waits for the broker's confirm
//! (publisher confirms); consuming is bounded by a prefetch count. An
//! `amqps://` URL connects over TLS ([`crate::tls`]).

use lapin::options::{
    BasicConsumeOptions, BasicQosOptions, ConfirmSelectOptions, ExchangeDeclareOptions,
    QueueBindOptions, QueueDeclareOptions,
};
use lapin::tcp::{OwnedIdentity, OwnedTLSConfig};
use lapin::types::FieldTable;
use lapin::{Channel, Connection, ConnectionProperties, Consumer, ExchangeKind};

use crate::publisher::Publisher;

/// vumi's exchange.
pub const EXCHANGE: &str = "vumi";

/// The queues of a transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    /// Messages to send (consumed).
    Outbound,
    /// MO messages (published).
    Inbound,
    /// ack, nack and delivery_report events (published).
    Event,
}

impl Queue {
    /// `<transport_name>.<kind>`: the queue and its routing key.
    pub fn name(self, transport_name: &str) -> String {
        let kind = match self {
            Queue::Outbound => "outbound",
            Queue::Inbound => "inbound",
            Queue::Event => "event",
        };
        format!("{transport_name}.{kind}")
    }
}

/// Outbound messages unacknowledged at once, in SMPP windows: the
/// prefetch count is this many times the window times the sessions.
///
/// A message holds its prefetch slot from delivery to basic_ack: its claim
/// in the store, its submit_sm (the only stage that takes a window slot),
/// its settlement in the store, its event's publish and confirm (a
/// persistent message is confirmed once written to disk), and its
/// basic_ack. Those stages take several times as long as the submit_sm
/// itself: with four windows, one session moved about 0.55 of what
/// RabbitMQ alone moves at the same prefetch, with sixteen about 0.77
/// (`gateway_bench`, README). It is still bounded by the window (a fixed
/// multiple of it), so the backlog stays in RabbitMQ; and at most
/// [`SENDING_WINDOWS`] windows of it are claimed for sending at once, so a
/// gateway killed while the SMSC is slow leaves no more than those with an
/// unknown fate.
pub const PREFETCH_WINDOWS: usize = 16;

/// Messages between their claim in the store and their submit_sm_resp at
/// once, in SMPP windows: two, so that the window stays full while the
/// next messages are being claimed.
pub const SENDING_WINDOWS: usize = 2;

/// The prefetch count for `sessions` sessions of `window` requests each:
/// [`PREFETCH_WINDOWS`] windows per session, at most `u16::MAX` (AMQP
/// 0-9-1 basic.qos prefetch-count is a short).
pub fn prefetch(window: usize, sessions: usize) -> u16 {
    let n = PREFETCH_WINDOWS
        .saturating_mul(window)
        .saturating_mul(sessions);
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// A broker operation that failed.
#[derive(Debug)]
pub struct BrokerError {
    message: String,
    /// The broker's TLS certificate failed its checks.
    certificate: bool,
}

impl BrokerError {
    /// A failure that `message` describes (not a certificate's).
    pub fn new(message: impl Into<String>) -> BrokerError {
        BrokerError {
            message: message.into(),
            certificate: false,
        }
    }

    /// Whether the broker's TLS certificate failed its checks (a setting to
    /// fix, not a broker that is down).
    pub fn is_certificate_error(&self) -> bool {
        self.certificate
    }
}

impl std::fmt::Display for BrokerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "broker: {}", self.message)
    }
}

impl std::error::Error for BrokerError {}

impl From<lapin::Error> for BrokerError {
    fn from(e: lapin::Error) -> Self {
        BrokerError {
            message: e.to_string(),
            certificate: crate::tls::is_certificate_error(&e),
        }
    }
}

/// A connection to RabbitMQ with the transport's queues declared: one
/// channel in confirm mode to publish (through one publishing task), one
/// to consume.
pub struct Broker {
    connection: Connection,
    publisher: Publisher,
    consume: Channel,
    transport_name: String,
}

impl std::fmt::Debug for Broker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Broker")
            .field("transport_name", &self.transport_name)
            .finish_non_exhaustive()
    }
}

impl Broker {
    /// Connects to `url` (`amqps://` over TLS, the server's certificate
    /// checked against the system's roots and `ca`'s; `client`, the
    /// gateway's certificate for a broker that asks for one), declares the
    /// exchange, the three queues and their bindings, and puts the
    /// publishing channel in confirm mode; at most `prefetch` outbound
    /// messages are unacknowledged at once.
    pub async fn connect(
        url: &str,
        ca: Option<&crate::tls::CaFile>,
        client: Option<&crate::tls::ClientCert>,
        transport_name: &str,
        prefetch: u16,
    ) -> Result<Broker, BrokerError> {
        let tls = OwnedTLSConfig {
            identity: client.map(|c| OwnedIdentity::PKCS8 {
                pem: c.cert_pem.clone().into_bytes(),
                key: c.key_pem.clone().into_bytes(),
            }),
            cert_chain: ca.map(|c| c.pem.clone()),
        };
        let runtime = lapin::runtime::default_runtime()?;
        let connection =
            Connection::connect_with_config(url, ConnectionProperties::default(), tls, runtime)
                .await?;
        let publish = connection.create_channel().await?;
        publish
            .exchange_declare(
                EXCHANGE.into(),
                ExchangeKind::Direct,
                ExchangeDeclareOptions {
                    durable: true,
                    ..ExchangeDeclareOptions::default()
                },
                FieldTable::default(),
            )
            .await?;
        for q in [Queue::Outbound, Queue::Inbound, Queue::Event] {
            let name = q.name(transport_name);
            publish
                .queue_declare(
                    name.as_str().into(),
                    QueueDeclareOptions::durable(),
                    FieldTable::default(),
                )
                .await?;
            publish
                .queue_bind(
                    name.as_str().into(),
                    EXCHANGE.into(),
                    name.as_str().into(),
                    QueueBindOptions::default(),
                    FieldTable::default(),
                )
                .await?;
        }
        publish
            .confirm_select(ConfirmSelectOptions::default())
            .await?;
        let consume = connection.create_channel().await?;
        consume
            .basic_qos(prefetch.max(1), BasicQosOptions::default())
            .await?;
        Ok(Broker {
            connection,
            publisher: Publisher::start(publish),
            consume,
            transport_name: transport_name.to_string(),
        })
    }

    /// Publishes `body` (JSON) to `queue` through the `vumi` exchange,
    /// persistent (delivery_mode 2), and waits for the broker's confirm.
    pub async fn publish(&self, queue: Queue, body: &[u8]) -> Result<(), BrokerError> {
        self.publisher
            .publish(EXCHANGE, queue.name(&self.transport_name), body.to_vec())
            .await
    }

    /// Starts consuming `<transport_name>.outbound`.
    pub async fn consume(&self, tag: &str) -> Result<Consumer, BrokerError> {
        let queue = Queue::Outbound.name(&self.transport_name);
        Ok(self
            .consume
            .basic_consume(
                queue.as_str().into(),
                tag.into(),
                BasicConsumeOptions::default(),
                FieldTable::default(),
            )
            .await?)
    }

    /// The channel deliveries are consumed on (to acknowledge them).
    pub(crate) fn consume_channel(&self) -> Channel {
        self.consume.clone()
    }

    /// Whether the connection is up.
    pub fn is_connected(&self) -> bool {
        self.connection.status().connected()
    }

    /// Closes the connection.
    pub async fn close(&self) {
        let _ = self.connection.close(200, "bye".into()).await;
    }
}
