//! The application's handle: submit and await the outcome, receive
//! messages and receipts, unbind. Every method works on the shared state
//! the [`crate::Runner`] drives; none does I/O itself.

use core::future::poll_fn;
use core::task::Poll;

use embassy_sync::blocking_mutex::raw::{NoopRawMutex, RawMutex};
use smpp_proto::codec::{DataSm, SubmitSm};
use smpp_proto::session::{CloseReason, FailureReason, RequestId, SendError, Session};
use smpp_proto::time::Instant;
use smpp_proto::Pdu;

use crate::error::{Error, LinkState, Response};
use crate::inbound::ReceivedMessage;
use crate::shared::{Inner, Resources};
use crate::time::{now, sleep_until};

/// The application's handle on one SMPP client. `Copy`: hand it to as many
/// tasks as you like; they share the window.
///
/// Requests wait (without sending) while the link is down or the window is
/// full, and while the SMSC throttles; wrap a call in
/// `embassy_time::with_timeout` to bound the wait. Once sent, a request ends
/// in exactly one outcome: `Ok(Response)` or an [`Error`]. A request that
/// could never fit the session's transmit buffer (`TX` less the 32 octets
/// kept for replies) is not sent and ends at once in
/// `Error::Send(SendError::Encode(EncodeError::BufferTooSmall { .. }))`.
///
/// `R` is the [`Resources`] type the client lives in (its sizes and mutex
/// kind); the default is `Resources<NoopRawMutex>`.
pub struct Client<'a, R = Resources<NoopRawMutex>> {
    pub(crate) shared: &'a R,
}

impl<R> Clone for Client<'_, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R> Copy for Client<'_, R> {}

impl<M: RawMutex, const W: usize, const RX: usize, const TX: usize, const IN: usize>
    core::fmt::Debug for Client<'_, Resources<M, W, RX, TX, IN>>
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Client")
            .field("link", &self.link_state())
            .finish_non_exhaustive()
    }
}

/// One of the session's request methods, with its PDU.
type SendFn<'p, const W: usize, const RX: usize, const TX: usize> =
    dyn Fn(&mut Session<W, RX, TX>, Instant) -> Result<RequestId, SendError> + Sync + 'p;

/// What a request waits for before it can be sent.
enum Step {
    /// Sent; its outcome will land in this slot.
    Sent(usize),
    /// Throttled or rate limited until then.
    Wait(Instant),
}

impl<M: RawMutex, const W: usize, const RX: usize, const TX: usize, const IN: usize>
    Client<'_, Resources<M, W, RX, TX, IN>>
{
    // ----- getters -------------------------------------------------------

    /// Where the runner is with its connection.
    pub fn link_state(&self) -> LinkState {
        self.shared.lock(|i| i.link)
    }

    /// Successful binds so far (1 after the first; each reconnection adds one).
    pub fn binds(&self) -> u32 {
        self.shared.lock(|i| i.binds)
    }

    /// Why the last session closed, if one did.
    pub fn last_close(&self) -> Option<CloseReason> {
        self.shared.lock(|i| i.last_close)
    }

    /// Waits until the session is bound. `Err(Error::Stopped)` after
    /// [`Client::unbind`].
    pub async fn wait_bound(&self) -> Result<(), Error> {
        poll_fn(|cx| {
            self.shared.lock(|i| {
                if i.stop {
                    Poll::Ready(Err(Error::Stopped))
                } else if i.link == LinkState::Bound {
                    Poll::Ready(Ok(()))
                } else {
                    i.register(cx.waker());
                    Poll::Pending
                }
            })
        })
        .await
    }

    // ----- requests ------------------------------------------------------

    /// submit_sm (SMPP 3.4 §4.4): waits for a window place, sends, and
    /// returns the SMSC's message_id, or why there is none.
    pub async fn submit(&self, sm: &SubmitSm<'_>) -> Result<Response, Error> {
        self.request_with(&|s, now| s.submit_sm(now, sm)).await
    }

    /// data_sm (SMPP 3.4 §4.7).
    pub async fn data_sm(&self, sm: &DataSm<'_>) -> Result<Response, Error> {
        self.request_with(&|s, now| s.data_sm(now, sm)).await
    }

    /// Any request an ESME may send (submit_sm, data_sm, query_sm,
    /// cancel_sm, replace_sm, submit_multi, enquire_link, …), through the
    /// core's window. A request the SMSC answers with a non-zero
    /// command_status ends in [`Error::Rejected`].
    ///
    /// If this future is dropped after the request was sent, the outcome is
    /// still collected (and discarded), so the window place is freed.
    ///
    /// query_sm, cancel_sm, replace_sm and submit_multi need smpp-proto's
    /// `pdu-query` / `pdu-multi` features (this crate leaves them off). This
    /// method links the encoder of every PDU kind built in; [`Client::submit`]
    /// and [`Client::data_sm`] link only their own.
    pub async fn request(&self, pdu: &Pdu<'_>) -> Result<Response, Error> {
        self.request_with(&|s, now| s.send(now, pdu)).await
    }

    /// Sends with `send` (one of the session's request methods) and awaits
    /// the outcome. Going through the typed methods (`submit_sm`, …) rather
    /// than `send(&Pdu)` links only the encoders the firmware uses.
    async fn request_with(&self, send: &SendFn<'_, W, RX, TX>) -> Result<Response, Error> {
        let slot = loop {
            match poll_fn(|cx| self.shared.lock(|i| self.try_send(i, send, cx))).await? {
                Step::Sent(slot) => break slot,
                Step::Wait(until) => sleep_until(Some(until)).await,
            }
        };
        let mut guard = SlotGuard {
            shared: self.shared,
            slot,
            armed: true,
        };
        let outcome = poll_fn(|cx| {
            self.shared.lock(|i| {
                let taken = i.slots.get_mut(slot).map(|s| s.outcome.take());
                match taken {
                    Some(Some(outcome)) => {
                        if let Some(s) = i.slots.get_mut(slot) {
                            s.clear();
                        }
                        // A window place is free: wake the requests waiting for one.
                        i.wake();
                        Poll::Ready(outcome)
                    }
                    Some(None) => {
                        i.register(cx.waker());
                        Poll::Pending
                    }
                    // INVARIANT: slot < W (it came from position() over the slots).
                    None => Poll::Ready(Err(Error::Failed(FailureReason::ConnectionLost))),
                }
            })
        })
        .await;
        guard.armed = false;
        outcome
    }

    fn try_send(
        &self,
        i: &mut Inner<W, RX, TX, IN>,
        send: &SendFn<'_, W, RX, TX>,
        cx: &mut core::task::Context<'_>,
    ) -> Poll<Result<Step, Error>> {
        if i.stop {
            return Poll::Ready(Err(Error::Stopped));
        }
        let free = i.slots.iter().position(|s| s.seq.is_none());
        let sent = match (i.link, free, i.session.as_mut()) {
            (LinkState::Bound, Some(free), Some(session)) => {
                send(session, now()).map(|id| (free, id))
            }
            _ => Err(SendError::WindowFull),
        };
        match sent {
            Ok((free, id)) => {
                if let Some(s) = i.slots.get_mut(free) {
                    s.seq = Some(id.sequence_number());
                }
                trace!("sent request {}", id.sequence_number());
                self.shared.kick.signal(());
                Poll::Ready(Ok(Step::Sent(free)))
            }
            Err(SendError::Throttled { retry_at } | SendError::RateLimited { retry_at }) => {
                Poll::Ready(Ok(Step::Wait(retry_at)))
            }
            // Not bound (yet, or any more), or no room: wait for the runner.
            Err(SendError::WindowFull | SendError::TransmitFull) => {
                i.register(cx.waker());
                Poll::Pending
            }
            Err(SendError::InvalidState(s)) if !s.is_bound() => {
                i.register(cx.waker());
                Poll::Pending
            }
            Err(e) => Poll::Ready(Err(Error::Send(e))),
        }
    }

    // ----- inbound -------------------------------------------------------

    /// The next message or delivery receipt from the SMSC (deliver_sm,
    /// data_sm), already acknowledged with ESME_ROK.
    pub async fn receive(&self) -> ReceivedMessage {
        poll_fn(|cx| {
            self.shared.lock(|i| match i.inbound.pop_front() {
                Some(m) => Poll::Ready(m),
                None => {
                    i.register(cx.waker());
                    Poll::Pending
                }
            })
        })
        .await
    }

    /// The next message if one is waiting.
    pub fn try_receive(&self) -> Option<ReceivedMessage> {
        self.shared.lock(|i| i.inbound.pop_front())
    }

    // ----- lifecycle -----------------------------------------------------

    /// Unbinds (SMPP 3.4 §4.2) and stops the runner from reconnecting, then
    /// waits until the session has ended. Requests waiting to be sent end
    /// with [`Error::Stopped`]; those already sent get their outcome first.
    ///
    /// `Ok` when the SMSC answered the unbind (or the link was down anyway),
    /// [`Error::Closed`] when the session ended otherwise (e.g. no
    /// unbind_resp in time). [`Client::resume`] starts again.
    pub async fn unbind(&self) -> Result<(), Error> {
        let was_bound = self.shared.lock(|i| {
            i.stop = true;
            i.wake();
            i.link == LinkState::Bound
        });
        self.shared.kick.signal(());
        poll_fn(|cx| {
            self.shared.lock(|i| {
                if i.link == LinkState::Stopped {
                    Poll::Ready(match (was_bound, i.last_close) {
                        (false, _) | (true, Some(CloseReason::Unbound)) => Ok(()),
                        (true, Some(r)) => Err(Error::Closed(r)),
                        (true, None) => Ok(()),
                    })
                } else {
                    i.register(cx.waker());
                    Poll::Pending
                }
            })
        })
        .await
    }

    /// Lets the runner connect and bind again after [`Client::unbind`].
    pub fn resume(&self) {
        self.shared.lock(|i| {
            i.stop = false;
            i.wake();
        });
        self.shared.kick.signal(());
    }
}

/// Frees the outcome slot if the waiting future is dropped early: at once if
/// the outcome is there, or when it comes (the runner sees `abandoned`).
struct SlotGuard<'s, M: RawMutex, const W: usize, const RX: usize, const TX: usize, const IN: usize>
{
    shared: &'s Resources<M, W, RX, TX, IN>,
    slot: usize,
    armed: bool,
}

impl<M: RawMutex, const W: usize, const RX: usize, const TX: usize, const IN: usize> Drop
    for SlotGuard<'_, M, W, RX, TX, IN>
{
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        self.shared.lock(|i| {
            if let Some(s) = i.slots.get_mut(self.slot) {
                if s.outcome.is_some() || s.seq.is_none() {
                    s.clear();
                } else {
                    s.abandoned = true;
                }
            }
            i.wake();
        });
    }
}
