//! The requests an SMSC delivers to a client (deliver_sm SMPP 3.4 §4.6,
//! data_sm §4.7, alert_notification §4.12), bounded, and answered only
//! once the application has them.
//!
//! The response tells the SMSC the message is delivered, after which it
//! will not send it again (SMPP 3.4 §4.6.2). So nothing is answered while
//! it merely waits in a queue:
//!
//! - with [`ClientConfig::auto_respond`](crate::ClientConfig::auto_respond)
//!   on (the default), [`Inbox::recv`] answers each request with ESME_ROK
//!   as it hands it over ([`Messages`](crate::Messages) answers a message
//!   as it hands it over, and the parts of a long one as it stores them);
//! - with it off, the application answers with [`Delivery::respond_ok`] or
//!   [`Delivery::respond`] once the message is safe (stored, queued in a
//!   broker): at-least-once delivery to the application.
//!
//! Requests not yet answered count against the session's `inbound_window`
//! (SMPP 3.4 §2.6): once it is full the session stops reading, the SMSC's
//! window fills, and it waits. A slow application slows the SMSC down
//! instead of growing memory; a crash loses nothing that was answered.

use tokio::sync::mpsc;

use crate::inbound::Delivery;

/// The stream of requests the SMSC delivers, from
/// [`Client::connect`](crate::Client::connect). Bounded: at most the
/// session's inbound window waits here.
#[derive(Debug)]
pub struct Inbox {
    rx: mpsc::Receiver<Delivery>,
    auto_respond: bool,
}

impl Inbox {
    pub(crate) fn new(rx: mpsc::Receiver<Delivery>, auto_respond: bool) -> Inbox {
        Inbox { rx, auto_respond }
    }

    /// The next request; `None` once the connection is gone and everything
    /// it delivered was taken. With `auto_respond` on, it is answered with
    /// ESME_ROK now. Cancel-safe.
    pub async fn recv(&mut self) -> Option<Delivery> {
        let delivery = self.rx.recv().await?;
        if self.auto_respond {
            let _ = delivery.respond_ok();
        }
        Some(delivery)
    }

    /// The next request if one is waiting (answered as [`Inbox::recv`] does).
    pub fn try_recv(&mut self) -> Option<Delivery> {
        let delivery = self.rx.try_recv().ok()?;
        if self.auto_respond {
            let _ = delivery.respond_ok();
        }
        Some(delivery)
    }

    /// Whether requests are answered when taken (else the application answers them).
    pub fn auto_respond(&self) -> bool {
        self.auto_respond
    }

    /// Requests waiting to be taken.
    pub fn len(&self) -> usize {
        self.rx.len()
    }

    /// Whether no request waits.
    pub fn is_empty(&self) -> bool {
        self.rx.is_empty()
    }

    /// The next request, not answered (for [`crate::Messages`], which
    /// answers when it hands the whole message over).
    pub(crate) async fn recv_unanswered(&mut self) -> Option<Delivery> {
        self.rx.recv().await
    }
}
