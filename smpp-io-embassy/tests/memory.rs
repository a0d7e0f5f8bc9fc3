//! The client over an in-memory transport (two embassy-sync pipes, as any
//! `embedded-io-async` transport), against an SMSC made of a bare
//! `smpp_proto` session, on the embassy std executor. No network, no root.
//!
//! Covers what a real SMSC will not do on demand: a refused bind then a
//! retry, every kind of outcome (response, error status, throttling, timeout),
//! window back-pressure, a request future dropped mid-flight, a request too
//! large for the transmit buffer, the largest submit_sm and deliver_sm the
//! 512-byte buffers are sized for, a full inbound queue (ESME_RX_T_APPN),
//! unbind and resume.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use embassy_executor::Executor;
use embassy_futures::select::{select3, Either3};
use embassy_sync::blocking_mutex::raw::{CriticalSectionRawMutex, NoopRawMutex};
use embassy_sync::pipe::Pipe;
use embassy_sync::signal::Signal;
use embassy_time::{with_timeout, Duration, Instant, Timer};
use smpp_io_embassy::{Client, Config, Connect, Error, LinkState, Resources, Runner};
use smpp_proto::codec::{SmResp, SmppTime, SubmitSm};
use smpp_proto::session::{Event, FailureReason, SendError, Session};
use smpp_proto::{CommandStatus, EncodeError, Pdu, Tlv, TlvTag, Tlvs};
use static_cell::StaticCell;

type M = CriticalSectionRawMutex;
static TO_SMSC: Pipe<M, 4096> = Pipe::new();
static TO_ESME: Pipe<M, 4096> = Pipe::new();
/// The connection number, each time the client connects.
static CONNECTED: Signal<M, u32> = Signal::new();
/// Asks the SMSC to push this many deliver_sm at once (0: one receipt of
/// the largest size the client's 512-byte receive buffer is sized for).
static PUSH: Signal<M, u32> = Signal::new();
static DELIVER_OK: AtomicU32 = AtomicU32::new(0);
static DELIVER_RETRY: AtomicU32 = AtomicU32::new(0);
static DONE: AtomicBool = AtomicBool::new(false);

/// One end of the in-memory link.
struct Duplex;

impl embedded_io_async::ErrorType for Duplex {
    type Error = Infallible;
}

impl embedded_io_async::Read for Duplex {
    async fn read(&mut self, buf: &mut [u8]) -> Result<usize, Infallible> {
        Ok(TO_ESME.read(buf).await)
    }
}

impl embedded_io_async::Write for Duplex {
    async fn write(&mut self, buf: &[u8]) -> Result<usize, Infallible> {
        Ok(TO_SMSC.write(buf).await)
    }

    async fn flush(&mut self) -> Result<(), Infallible> {
        Ok(())
    }
}

struct MemConnector {
    count: u32,
}

impl Connect for MemConnector {
    type Conn<'c> = Duplex;
    type Error = Infallible;

    async fn connect(&mut self) -> Result<Duplex, Infallible> {
        TO_SMSC.clear();
        TO_ESME.clear();
        self.count += 1;
        CONNECTED.signal(self.count);
        Ok(Duplex)
    }
}

fn now() -> smpp_proto::time::Instant {
    smpp_proto::time::Instant::from_millis(Instant::now().as_millis())
}

/// The SMSC: refuses the first bind, accepts the others; answers submit_sm
/// by its text ("throttle" -> ESME_RTHROTTLED, "silent" -> never).
#[embassy_executor::task]
async fn smsc() {
    let mut session: Option<Session<8, 4096, 4096>> = None;
    let mut conn = 0;
    let mut buf = [0u8; 512];
    let mut out = [0u8; 512];
    loop {
        if let Some(s) = session.as_mut() {
            while let Some(ev) = s.poll_event() {
                match ev {
                    Event::BindRequest { request: seq, .. } => {
                        if conn == 1 {
                            s.reject_bind(now(), seq, CommandStatus::ESME_RINVPASWD)
                                .unwrap();
                        } else {
                            s.accept_bind(now(), seq, b"mem").unwrap();
                        }
                    }
                    Event::Request {
                        request: seq,
                        pdu: Pdu::SubmitSm(sm),
                        ..
                    } => match sm.short_message {
                        b"silent" => {}
                        b"throttle" => s
                            .respond(
                                now(),
                                seq,
                                CommandStatus::ESME_RTHROTTLED,
                                &Pdu::SubmitSmResp(SmResp::default()),
                            )
                            .unwrap(),
                        _ => {
                            let id = format!("m{}", seq.sequence_number());
                            let resp = SmResp {
                                message_id: Some(id.as_bytes()),
                                ..SmResp::default()
                            };
                            s.respond(
                                now(),
                                seq,
                                CommandStatus::ESME_ROK,
                                &Pdu::SubmitSmResp(resp),
                            )
                            .unwrap();
                        }
                    },
                    Event::Request { request, .. } => {
                        s.respond(now(), request, CommandStatus::ESME_ROK, &Pdu::UnbindResp)
                            .ok();
                    }
                    Event::Response { command_status, .. } => {
                        if command_status == CommandStatus::ESME_ROK {
                            DELIVER_OK.fetch_add(1, Ordering::SeqCst);
                        } else if command_status == CommandStatus::ESME_RX_T_APPN {
                            DELIVER_RETRY.fetch_add(1, Ordering::SeqCst);
                        }
                    }
                    _ => {}
                }
            }
            loop {
                let n = s.poll_transmit(&mut out);
                if n == 0 {
                    break;
                }
                TO_ESME.write_all(&out[..n]).await;
            }
        }
        let deadline = session.as_ref().and_then(|s| s.poll_timeout());
        let sleep = async {
            match deadline {
                Some(t) => Timer::at(Instant::from_millis(t.as_millis())).await,
                None => core::future::pending().await,
            }
        };
        let input = async { select3(CONNECTED.wait(), TO_SMSC.read(&mut buf), PUSH.wait()).await };
        match embassy_futures::select::select(input, sleep).await {
            embassy_futures::select::Either::First(Either3::First(n)) => {
                conn = n;
                session = Some(Session::new(smpp_proto::session::Config::smsc(), now()));
            }
            embassy_futures::select::Either::First(Either3::Second(n)) => {
                if let Some(s) = session.as_mut() {
                    assert_eq!(s.handle_input(now(), &buf[..n]), n);
                }
            }
            embassy_futures::select::Either::First(Either3::Third(0)) => {
                let s = session.as_mut().unwrap();
                let sm = largest_receipt();
                let tlvs = receipt_tlvs();
                let sm = SubmitSm {
                    tlvs: Tlvs::List(&tlvs),
                    ..sm
                };
                assert_eq!(Pdu::DeliverSm(sm).encoded_len(), 445);
                s.deliver_sm(now(), &sm).unwrap();
            }
            embassy_futures::select::Either::First(Either3::Third(count)) => {
                let s = session.as_mut().unwrap();
                for i in 0..count {
                    let text = format!("mo {i}");
                    let mo = SubmitSm {
                        source_addr: b"447700900999",
                        short_message: text.as_bytes(),
                        ..SubmitSm::default()
                    };
                    s.deliver_sm(now(), &mo).unwrap();
                }
            }
            embassy_futures::select::Either::Second(()) => {
                if let Some(s) = session.as_mut() {
                    s.handle_timeout(now());
                }
            }
        }
    }
}

// The firmware's 512-byte buffers (the defaults).
type Res = Resources<NoopRawMutex, 2, 512, 512, 2>;
type Smpp = Client<'static, Res>;

#[embassy_executor::task]
async fn runner_task(mut runner: Runner<'static, Res>) -> ! {
    runner.run(MemConnector { count: 0 }).await
}

/// Every mandatory field of a submit_sm / deliver_sm at its SMPP 3.4
/// maximum, with a 254-octet short_message: 364 octets encoded.
fn largest(text: &'static [u8]) -> SubmitSm<'static> {
    SubmitSm {
        service_type: b"CMTXX",                    // 5 + NUL
        source_addr: b"12345678901234567890",      // 20 + NUL
        destination_addr: b"44770090012344770090", // 20 + NUL
        schedule_delivery_time: SmppTime::parse(b"261125131400004+").unwrap(), // 16 + NUL
        validity_period: SmppTime::parse(b"000001000000000R").unwrap(), // 16 + NUL
        short_message: text,
        ..SubmitSm::default()
    }
}

static TEXT_254: [u8; 254] = [b'x'; 254];

fn largest_receipt() -> SubmitSm<'static> {
    SubmitSm {
        esm_class: 0x04,
        ..largest(&TEXT_254)
    }
}

/// The receipt TLVs at their maxima: receipted_message_id (65 octets with
/// its NUL), message_state, network_error_code: 81 octets.
fn receipt_tlvs() -> [Tlv<'static>; 3] {
    static ID: [u8; 65] = {
        let mut id = [b'7'; 65];
        id[64] = 0;
        id
    };
    [
        Tlv::new(TlvTag::RECEIPTED_MESSAGE_ID, &ID),
        Tlv::new(TlvTag::MESSAGE_STATE, &[2]),
        Tlv::new(TlvTag::NETWORK_ERROR_CODE, &[3, 0, 0]),
    ]
}

fn ok(text: &'static [u8]) -> SubmitSm<'static> {
    SubmitSm {
        destination_addr: b"447700900123",
        short_message: text,
        ..SubmitSm::default()
    }
}

async fn within<T>(ms: u64, what: &str, f: impl core::future::Future<Output = T>) -> T {
    with_timeout(Duration::from_millis(ms), f)
        .await
        .unwrap_or_else(|_| panic!("{what}: not within {ms} ms"))
}

#[embassy_executor::task]
async fn script(client: Smpp) {
    // The first bind is refused; the runner backs off and binds again.
    within(3000, "bind after a refusal", client.wait_bound())
        .await
        .unwrap();
    assert_eq!(client.binds(), 1);

    // Each kind of outcome.
    let r = client.submit(&ok(b"hello")).await.unwrap();
    assert!(r.message_id.starts_with(b"m"));
    assert_eq!(
        client.submit(&ok(b"throttle")).await,
        Err(Error::Rejected(CommandStatus::ESME_RTHROTTLED))
    );
    // Throttled: the next message waits for the back-off (100 ms here).
    let t = Instant::now();
    client.submit(&ok(b"after throttle")).await.unwrap();
    assert!(
        t.elapsed() >= Duration::from_millis(80),
        "{:?}",
        t.elapsed()
    );
    let lost = within(2000, "timeout outcome", client.submit(&ok(b"silent"))).await;
    assert_eq!(lost, Err(Error::Failed(FailureReason::Timeout)));

    // Window 2: four at once all succeed, two at a time.
    let (a, b, c, d) = embassy_futures::join::join4(
        client.submit(&ok(b"w1")),
        client.submit(&ok(b"w2")),
        client.submit(&ok(b"w3")),
        client.submit(&ok(b"w4")),
    )
    .await;
    for r in [a, b, c, d] {
        r.unwrap();
    }

    // A request whose future is dropped still frees its window place once
    // its outcome (here a timeout) comes.
    assert!(
        with_timeout(Duration::from_millis(50), client.submit(&ok(b"silent")))
            .await
            .is_err()
    );
    Timer::after_millis(400).await;
    let (a, b) =
        embassy_futures::join::join(client.submit(&ok(b"x1")), client.submit(&ok(b"x2"))).await;
    a.unwrap();
    b.unwrap();

    // The largest submit_sm with a 254-octet message fits the 512-byte
    // transmit buffer (364 octets, and 32 kept for replies).
    let big = largest(&TEXT_254);
    assert_eq!(Pdu::SubmitSm(big).encoded_len(), 364);
    client.submit(&big).await.unwrap();
    // One that can never fit fails at once, with nothing sent and no
    // window place taken, rather than waiting for room forever.
    static PAYLOAD: [u8; 600] = [b'p'; 600];
    let payload = [Tlv::new(TlvTag::MESSAGE_PAYLOAD, &PAYLOAD)];
    let huge = SubmitSm {
        tlvs: Tlvs::List(&payload),
        ..ok(b"")
    };
    let t = Instant::now();
    let too_big = within(100, "too large a request", client.submit(&huge)).await;
    assert!(t.elapsed() < Duration::from_millis(50));
    match too_big {
        Err(Error::Send(SendError::Encode(EncodeError::BufferTooSmall {
            needed,
            available: 512,
        }))) => assert!(needed > 512, "{needed}"),
        other => panic!("{other:?}"),
    }
    let (a, b) =
        embassy_futures::join::join(client.submit(&ok(b"y1")), client.submit(&ok(b"y2"))).await;
    a.unwrap();
    b.unwrap();

    // The largest deliver_sm receipt (445 octets) fits the 512-byte
    // receive buffer and is copied whole.
    PUSH.signal(0);
    let r = within(2000, "largest receipt", client.receive()).await;
    assert!(r.is_receipt());
    assert_eq!(r.body.len(), 254);
    assert!(!r.truncated);
    assert_eq!(r.receipted_message_id.as_slice(), &[b'7'; 64][..]);
    assert_eq!(r.message_state, Some(2));
    assert_eq!(r.source_addr.as_slice(), b"12345678901234567890");
    let acked = DELIVER_OK.load(Ordering::SeqCst);
    assert_eq!(acked, 1);
    DELIVER_OK.store(0, Ordering::SeqCst);

    // Four messages while nobody reads: two fit the queue (ESME_ROK), two
    // are answered ESME_RX_T_APPN for the SMSC to retry.
    PUSH.signal(4);
    within(2000, "deliver responses", async {
        while DELIVER_OK.load(Ordering::SeqCst) + DELIVER_RETRY.load(Ordering::SeqCst) < 4 {
            Timer::after_millis(10).await;
        }
    })
    .await;
    assert_eq!(DELIVER_OK.load(Ordering::SeqCst), 2);
    assert_eq!(DELIVER_RETRY.load(Ordering::SeqCst), 2);
    assert_eq!(client.receive().await.body.as_slice(), b"mo 0");
    assert_eq!(client.receive().await.body.as_slice(), b"mo 1");
    assert!(client.try_receive().is_none());

    // Unbind, resume, unbind. (A "silent" request alone on the link may
    // have ended it as dead, SMPP 3.4 §7.2, and the runner bound again.)
    let binds = client.binds();
    within(2000, "unbind", client.unbind()).await.unwrap();
    assert_eq!(client.link_state(), LinkState::Stopped);
    assert_eq!(client.submit(&ok(b"no")).await, Err(Error::Stopped));
    client.resume();
    within(3000, "bind after resume", client.wait_bound())
        .await
        .unwrap();
    assert_eq!(client.binds(), binds + 1);
    client.submit(&ok(b"again")).await.unwrap();
    within(2000, "second unbind", client.unbind())
        .await
        .unwrap();
    DONE.store(true, Ordering::SeqCst);
}

#[test]
fn outcomes_window_queue_and_lifecycle() {
    let mut config = Config::new(b"esme1", b"secret");
    config.session.response_timeout = smpp_proto::time::Duration::from_millis(300);
    config.session.throttle_backoff = smpp_proto::time::Duration::from_millis(100);
    config.reconnect_min = smpp_proto::time::Duration::from_millis(50);
    config.reconnect_max = smpp_proto::time::Duration::from_millis(200);
    static RES: StaticCell<Resources<NoopRawMutex, 2, 512, 512, 2>> = StaticCell::new();
    let (client, runner) = smpp_io_embassy::new(config, RES.init(Resources::new()));
    let executor: &'static mut Executor = Box::leak(Box::new(Executor::new()));
    let start = std::time::Instant::now();
    executor.run_until(
        |spawner| {
            spawner.spawn(smsc().unwrap());
            spawner.spawn(runner_task(runner).unwrap());
            spawner.spawn(script(client).unwrap());
        },
        || DONE.load(Ordering::SeqCst) || start.elapsed() > std::time::Duration::from_secs(30),
    );
    assert!(DONE.load(Ordering::SeqCst), "script did not finish in 30 s");
}
