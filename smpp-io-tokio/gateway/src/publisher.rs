//! Publishing with publisher confirms (RabbitMQ's extension to AMQP 0-9-1,
//! confirm.select): one task per channel sends every basic.publish and
//! waits for every confirm, instead of each message's task waiting for its
//! own.
//!
//! lapin resolves a publish twice from its own I/O thread: once its frames
//! are written, once RabbitMQ's basic.ack confirms it. A task woken from
//! another thread costs the runtime a wake-up system call each time; the
//! publishes of one task are woken together (one wake-up for all those
//! resolved in one turn of lapin's loop), and each message's task then
//! learns its outcome through a channel of the runtime's own.

use futures_util::stream::{FuturesUnordered, StreamExt as _};
use lapin::options::BasicPublishOptions;
use lapin::{BasicProperties, Channel, Confirmation};
use tokio::sync::{mpsc, oneshot};

use crate::broker::BrokerError;

/// One message to publish, and where its outcome goes.
struct Publish {
    exchange: &'static str,
    routing_key: String,
    body: Vec<u8>,
    done: oneshot::Sender<Result<(), BrokerError>>,
}

/// The publishing task of one channel in confirm mode. Its task ends once
/// it is dropped and every publish has its outcome.
#[derive(Debug)]
pub struct Publisher {
    tx: mpsc::UnboundedSender<Publish>,
}

impl Publisher {
    /// Starts publishing on `channel` (already in confirm mode).
    pub fn start(channel: Channel) -> Publisher {
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(run(channel, rx));
        Publisher { tx }
    }

    /// Publishes `body` persistent (delivery_mode 2) to `exchange` under
    /// `routing_key`, and waits for the broker's confirm.
    pub async fn publish(
        &self,
        exchange: &'static str,
        routing_key: String,
        body: Vec<u8>,
    ) -> Result<(), BrokerError> {
        let (done, outcome) = oneshot::channel();
        let stopped = || BrokerError::new("the publishing task stopped");
        self.tx
            .send(Publish {
                exchange,
                routing_key,
                body,
                done,
            })
            .map_err(|_| stopped())?;
        outcome.await.map_err(|_| stopped())?
    }
}

async fn run(channel: Channel, mut rx: mpsc::UnboundedReceiver<Publish>) {
    let mut confirming = FuturesUnordered::new();
    let mut open = true;
    while open || !confirming.is_empty() {
        tokio::select! {
            p = rx.recv(), if open => match p {
                Some(p) => {
                    confirming.push(publish(&channel, p));
                    // Every other one already waiting, in the same turn.
                    while let Ok(p) = rx.try_recv() {
                        confirming.push(publish(&channel, p));
                    }
                }
                None => open = false,
            },
            Some(()) = confirming.next(), if !confirming.is_empty() => {}
        }
    }
}

async fn publish(channel: &Channel, p: Publish) {
    let key = p.routing_key;
    let outcome = async {
        let confirm = channel
            .basic_publish(
                p.exchange.into(),
                key.as_str().into(),
                BasicPublishOptions::default(),
                &p.body,
                BasicProperties::default().with_delivery_mode(2),
            )
            .await?
            .await?;
        match confirm {
            Confirmation::Ack(None) | Confirmation::NotRequested => Ok(()),
            Confirmation::Ack(Some(_)) => {
                Err(BrokerError::new(format!("{key}: returned unroutable")))
            }
            Confirmation::Nack(_) => Err(BrokerError::new(format!("{key}: the broker nacked it"))),
        }
    }
    .await;
    // The message's task may be gone (the gateway stopping).
    let _ = p.done.send(outcome);
}
