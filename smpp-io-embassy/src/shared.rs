//! The state the [`crate::Client`] and the [`crate::Runner`] share: the
//! session, one outcome slot per window place, the inbound queue, and the
//! wakers. It is the [`Resources`], which the caller owns (a `static` cell
//! in firmware), behind a blocking mutex that is never held across an
//! `.await`. Every size is a parameter of `Resources` alone (as embassy-net's
//! `StackResources<N>`): the client and the runner name the resources type.

use core::cell::RefCell;
use core::task::Waker;

use embassy_sync::blocking_mutex::raw::RawMutex;
use embassy_sync::blocking_mutex::Mutex;
use embassy_sync::signal::Signal;
use embassy_sync::waitqueue::MultiWakerRegistration;
use smpp_proto::session::{CloseReason, Session};

use crate::error::{Error, LinkState, Response};
use crate::inbound::ReceivedMessage;

/// Tasks that may wait on one client at once before they are all woken
/// early (spurious wake-ups, never lost ones).
const WAITERS: usize = 4;

/// Everything the client needs, in one place the caller provides: the
/// session with its buffers, the outcome slots and the inbound queue.
/// Nothing is allocated.
///
/// - `M`: the mutex kind. `NoopRawMutex` when the client and the runner run
///   on one executor (the usual case), `CriticalSectionRawMutex` otherwise.
/// - `W` (default 4): window capacity, the most requests outstanding at
///   once (the session's `Config::window` is clamped to it). Each place
///   holds one outcome (96 B on a 32-bit MCU).
/// - `RX` (default 512): the session's receive buffer, the largest PDU
///   accepted. The runner reads straight into it. A longer PDU breaks the
///   stream: the session answers generic_nack ESME_RINVCMDLEN and closes
///   (SMPP 3.4 §2.8), so `RX` must hold the largest PDU the SMSC sends.
///   512 holds any deliver_sm with a 254-octet short_message and the
///   receipt TLVs: 364 octets with every mandatory field at its maximum
///   (16 header + 6 service_type + 2 × (2 + 21) addresses + 3 + 2 × 17
///   times + 5 + 254), plus receipted_message_id (4 + 65), message_state
///   (4 + 1) and network_error_code (4 + 3), 445 in all, which leaves 67
///   octets for more TLVs (the three SAR ones take 16). Raise it for an SMSC
///   that delivers long messages in message_payload.
/// - `TX` (default 512): the session's transmit buffer, written straight to
///   the transport. The session keeps 32 octets of it free for its own
///   replies, so the largest request is `TX - 32` octets once encoded: 480
///   with the default, enough for any submit_sm with a 254-octet
///   short_message (364 octets at most, see `RX`) plus 116 octets of TLVs.
///   A longer request ends at once in
///   `Error::Send(SendError::Encode(EncodeError::BufferTooSmall { .. }))`;
///   one that fits waits while earlier bytes are still going out.
/// - `IN` (default 2): how many received messages wait for
///   [`crate::Client::receive`] (about 400 B each). When the queue is full
///   the runner answers ESME_RX_T_APPN and the SMSC delivers again later,
///   so a device that reads its messages promptly can use 1.
///
/// Put it in a `static` cell, so the client and the runner can be handed to
/// tasks:
///
/// ```
/// use embassy_sync::blocking_mutex::raw::NoopRawMutex;
/// use smpp_io_embassy::Resources;
/// use static_cell::StaticCell;
///
/// // Window 4, 512-byte buffers, 2 queued messages: the defaults.
/// static RESOURCES: StaticCell<Resources<NoopRawMutex>> = StaticCell::new();
/// // Or every size spelled out, here with 1 queued message.
/// static SMALL: StaticCell<Resources<NoopRawMutex, 4, 512, 512, 1>> = StaticCell::new();
/// let resources = RESOURCES.init(Resources::new());
/// # let _ = (resources, &SMALL);
/// ```
pub struct Resources<
    M: RawMutex,
    const W: usize = 4,
    const RX: usize = 512,
    const TX: usize = 512,
    const IN: usize = 2,
> {
    inner: Mutex<M, RefCell<Inner<W, RX, TX, IN>>>,
    /// Tells the runner that the session has bytes to send or a command.
    pub(crate) kick: Signal<M, ()>,
}

impl<M: RawMutex, const W: usize, const RX: usize, const TX: usize, const IN: usize> Default
    for Resources<M, W, RX, TX, IN>
{
    fn default() -> Self {
        Self::new()
    }
}

impl<M: RawMutex, const W: usize, const RX: usize, const TX: usize, const IN: usize>
    Resources<M, W, RX, TX, IN>
{
    /// Empty resources (`const`, so they can sit in a `static`).
    pub const fn new() -> Self {
        Resources {
            inner: Mutex::new(RefCell::new(Inner {
                session: None,
                link: LinkState::Idle,
                stop: false,
                slots: [const { Slot::EMPTY }; W],
                inbound: heapless::Deque::new(),
                waiters: MultiWakerRegistration::new(),
                own: None,
                last_close: None,
                binds: 0,
            })),
            kick: Signal::new(),
        }
    }

    /// Runs `f` on the shared state. `f` never awaits and never re-enters.
    pub(crate) fn lock<R>(&self, f: impl FnOnce(&mut Inner<W, RX, TX, IN>) -> R) -> R {
        self.inner.lock(|cell| f(&mut cell.borrow_mut()))
    }
}

/// One request in flight: the client task waits on it, the runner fills it.
#[derive(Debug)]
pub(crate) struct Slot {
    /// The sequence_number of the request using this slot, or `None` if free.
    pub(crate) seq: Option<u32>,
    /// The outcome, once it came.
    pub(crate) outcome: Option<Result<Response, Error>>,
    /// The waiting future was dropped: free the slot when the outcome comes.
    pub(crate) abandoned: bool,
}

impl Slot {
    const EMPTY: Slot = Slot {
        seq: None,
        outcome: None,
        abandoned: false,
    };

    pub(crate) fn clear(&mut self) {
        *self = Slot::EMPTY;
    }
}

pub(crate) struct Inner<const W: usize, const RX: usize, const TX: usize, const IN: usize> {
    /// The current connection's session (`None` before the first one).
    pub(crate) session: Option<Session<W, RX, TX>>,
    pub(crate) link: LinkState,
    /// unbind was asked for: do not reconnect until `resume`.
    pub(crate) stop: bool,
    pub(crate) slots: [Slot; W],
    pub(crate) inbound: heapless::Deque<ReceivedMessage, IN>,
    waiters: MultiWakerRegistration<WAITERS>,
    /// The runner's own request (the bind) in the current session.
    pub(crate) own: Option<u32>,
    /// Why the last session closed.
    pub(crate) last_close: Option<CloseReason>,
    /// Successful binds so far.
    pub(crate) binds: u32,
}

impl<const W: usize, const RX: usize, const TX: usize, const IN: usize> Inner<W, RX, TX, IN> {
    /// Wakes every client task waiting on something.
    pub(crate) fn wake(&mut self) {
        self.waiters.wake();
    }

    /// Registers a client task to wake at the next change.
    pub(crate) fn register(&mut self, waker: &Waker) {
        self.waiters.register(waker);
    }

    pub(crate) fn set_link(&mut self, link: LinkState) {
        if self.link != link {
            debug!("link {} -> {}", self.link, link);
            self.link = link;
            self.wake();
        }
    }

    /// Routes a request's outcome to the slot waiting for it.
    pub(crate) fn complete(&mut self, seq: u32, outcome: Result<Response, Error>) {
        if let Some(slot) = self.slots.iter_mut().find(|s| s.seq == Some(seq)) {
            if slot.abandoned {
                slot.clear();
            } else {
                slot.outcome = Some(outcome);
            }
            self.waiters.wake();
        }
    }
}
