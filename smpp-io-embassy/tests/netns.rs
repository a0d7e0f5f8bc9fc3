//! The embassy client on a real embassy-net stack, on Linux, against the
//! tokio SMSC server of this workspace and against node-smpp's server.
//!
//! Each test makes its own network namespace with a TAP device in it
//! (192.0.2.1 on the kernel's side, 192.0.2.2 for embassy-net), then runs its
//! second half inside that namespace: `ip netns exec NS <this test binary>
//! inner_… --ignored`. There the embassy executor (platform-std) runs the
//! embassy-net stack on the TAP device, the client's runner, and a script:
//! bind, submit, receipts and MO messages, enquire_link keep-alive, a dropped
//! link and the reconnection, unbind. The servers run on tokio in the same
//! process (node-smpp as a child process behind a small TCP relay, since it
//! listens on 127.0.0.1 only). No address outside the namespace is used.
//!
//! Needs root (network namespaces, TAP) and `ip` (iproute2); CI has both.
//! Set SMPP_SKIP_NETNS=1 to skip where they are not available. node-smpp is
//! installed on first use (see the `peers` crate, tests/peers), before the
//! namespace is made.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

use std::future::Future;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU16, AtomicU32, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::Context;
use std::time::Duration as StdDuration;

use embassy_executor::{Executor, Spawner};
use embassy_net::{Ipv4Address, Ipv4Cidr, Stack, StackResources, StaticConfigV4};
use embassy_net_driver::{Driver, HardwareAddress, LinkState as NetLink};
use embassy_net_tuntap::TunTapDevice;
use embassy_sync::blocking_mutex::raw::NoopRawMutex;
use embassy_time::{with_timeout, Duration, Timer};
use smpp_io_embassy::net::TcpConnector;
use smpp_io_embassy::{Client, Config, Error, LinkState, Resources, Runner};
use smpp_io_tokio::{
    BindAccept, BindRequest, Direction, Handler, Origin, OwnedPdu, PduHook, Reply, Server,
    ServerConfig,
};
use smpp_proto::codec::{SmResp, SubmitSm};
use smpp_proto::{CommandId, CommandStatus, Pdu, Tlv, TlvTag, Tlvs};
use static_cell::StaticCell;

const INNER: &str = "SMPP_EMBASSY_NETNS_INNER";
const HOST: Ipv4Address = Ipv4Address::new(192, 0, 2, 1);
const DEVICE: Ipv4Address = Ipv4Address::new(192, 0, 2, 2);

type Res = Resources<NoopRawMutex, 4, 512, 512, 2>;
type Smpp = Client<'static, Res>;
type SmppRunner = Runner<'static, Res>;

// ----- outer half: the namespace -------------------------------------------

fn netns_available() -> bool {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.starts_with(b"0"))
        .unwrap_or(false);
    let ip = Command::new("ip").arg("-V").output().is_ok();
    if root && ip && std::path::Path::new("/dev/net/tun").exists() {
        return true;
    }
    if std::env::var_os("SMPP_SKIP_NETNS").is_some() {
        eprintln!("skipping: needs root, ip and /dev/net/tun (SMPP_SKIP_NETNS is set)");
        return false;
    }
    panic!("this test needs root, `ip` and /dev/net/tun (or set SMPP_SKIP_NETNS=1)");
}

fn ip(args: &[&str]) {
    let st = Command::new("ip").args(args).status().expect("ip runs");
    assert!(st.success(), "ip {args:?} failed");
}

/// Deletes the namespace when the test ends, however it ends.
struct Netns(String);

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = Command::new("ip").args(["netns", "del", &self.0]).status();
    }
}

/// Makes a namespace with a TAP device and runs `inner` (an ignored test of
/// this binary) inside it, for at most 120 s.
fn in_netns(tag: &str, inner: &str) {
    if !netns_available() {
        return;
    }
    let ns = Netns(format!("smpp-emb-{}-{tag}", std::process::id()));
    ip(&["netns", "add", &ns.0]);
    let host = format!("{HOST}/24");
    for cmd in [
        vec!["link", "set", "lo", "up"],
        vec!["tuntap", "add", "dev", "tap0", "mode", "tap"],
        vec!["addr", "add", host.as_str(), "dev", "tap0"],
        vec!["link", "set", "tap0", "up"],
    ] {
        let mut args = vec!["netns", "exec", ns.0.as_str(), "ip"];
        args.extend(cmd);
        ip(&args);
    }
    let exe = std::env::current_exe().unwrap();
    let mut child = Command::new("ip")
        .args(["netns", "exec", &ns.0])
        .arg(exe)
        .args([
            inner,
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(INNER, "1")
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if start.elapsed() > StdDuration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{inner} did not finish in 120 s");
        }
        std::thread::sleep(StdDuration::from_millis(50));
    };
    assert!(status.success(), "{inner} failed inside {}", ns.0);
}

#[test]
fn embassy_client_vs_tokio_smsc() {
    in_netns("tokio", "inner_tokio_smsc");
}

#[test]
fn embassy_client_vs_node_smpp() {
    // Installed here: the namespace has no way out.
    if peers::node_smpp().is_none() {
        return;
    }
    in_netns("node", "inner_node_smpp");
}

// ----- inner half: embassy-net on the TAP device ---------------------------

/// A TAP device whose "cable" the test can pull: while `CUT` is set, every
/// frame in either direction is lost, and nothing tells either end.
struct Cuttable {
    inner: TunTapDevice,
    cut: &'static AtomicBool,
}

enum Tx<T> {
    Pass(T),
    Lost,
}

impl<T: embassy_net_driver::TxToken> embassy_net_driver::TxToken for Tx<T> {
    fn consume<R, F: FnOnce(&mut [u8]) -> R>(self, len: usize, f: F) -> R {
        match self {
            Tx::Pass(t) => t.consume(len, f),
            Tx::Lost => f(&mut vec![0; len]),
        }
    }
}

impl Driver for Cuttable {
    type RxToken<'a> = <TunTapDevice as Driver>::RxToken<'a>;
    type TxToken<'a> = Tx<<TunTapDevice as Driver>::TxToken<'a>>;

    fn receive(&mut self, cx: &mut Context<'_>) -> Option<(Self::RxToken<'_>, Self::TxToken<'_>)> {
        if self.cut.load(Ordering::Relaxed) {
            while let Some((rx, _)) = self.inner.receive(cx) {
                embassy_net_driver::RxToken::consume(rx, |_| ());
            }
            return None;
        }
        self.inner.receive(cx).map(|(rx, tx)| (rx, Tx::Pass(tx)))
    }

    fn transmit(&mut self, cx: &mut Context<'_>) -> Option<Self::TxToken<'_>> {
        if self.cut.load(Ordering::Relaxed) {
            return Some(Tx::Lost);
        }
        self.inner.transmit(cx).map(Tx::Pass)
    }

    fn link_state(&mut self, cx: &mut Context<'_>) -> NetLink {
        self.inner.link_state(cx)
    }

    fn capabilities(&self) -> embassy_net_driver::Capabilities {
        self.inner.capabilities()
    }

    fn hardware_address(&self) -> HardwareAddress {
        self.inner.hardware_address()
    }
}

static CUT: AtomicBool = AtomicBool::new(false);

#[embassy_executor::task]
async fn net_task(mut runner: embassy_net::Runner<'static, Cuttable>) -> ! {
    runner.run().await
}

#[embassy_executor::task]
async fn smpp_task(mut runner: SmppRunner, stack: Stack<'static>, port: u16) -> ! {
    static BUFS: StaticCell<([u8; 2048], [u8; 2048])> = StaticCell::new();
    let (rx, tx) = BUFS.init(([0; 2048], [0; 2048]));
    runner
        .run(TcpConnector::new(stack, (HOST, port).into(), rx, tx))
        .await
}

/// The embassy-net stack on tap0, and the SMPP client with short timers
/// (keep-alive every 300 ms, 1 s response timeout, quick back-off).
fn start_client(spawner: Spawner, port: u16) -> Smpp {
    let device = Cuttable {
        inner: TunTapDevice::new("tap0").expect("tap0 exists in this namespace"),
        cut: &CUT,
    };
    let net = embassy_net::Config::ipv4_static(StaticConfigV4 {
        address: Ipv4Cidr::new(DEVICE, 24),
        gateway: None,
        dns_servers: Default::default(),
    });
    static NET: StaticCell<StackResources<4>> = StaticCell::new();
    let (stack, net_runner) = embassy_net::new(device, net, NET.init(StackResources::new()), 7);
    spawner.spawn(net_task(net_runner).unwrap());

    let mut config = Config::new(b"esme1", b"secret");
    config.session.enquire_link_interval = Some(smpp_proto::time::Duration::from_millis(300));
    config.session.response_timeout = smpp_proto::time::Duration::from_secs(1);
    config.connect_timeout = smpp_proto::time::Duration::from_secs(2);
    config.reconnect_min = smpp_proto::time::Duration::from_millis(200);
    config.reconnect_max = smpp_proto::time::Duration::from_secs(1);
    static RES: StaticCell<Res> = StaticCell::new();
    let (client, runner) = smpp_io_embassy::new(config, RES.init(Res::new()));
    spawner.spawn(smpp_task(runner, stack, port).unwrap());
    client
}

/// Runs `f` on the tokio runtime and awaits its result from embassy.
async fn on_tokio<T: Send + 'static>(
    rt: &tokio::runtime::Handle,
    f: impl Future<Output = T> + Send + 'static,
) -> T {
    let (tx, rx) = tokio::sync::oneshot::channel();
    rt.spawn(async move {
        let _ = tx.send(f.await);
    });
    rx.await.expect("the tokio side finished")
}

/// Bounded wait: fails the test after `secs`.
async fn within<T>(secs: u64, what: &str, f: impl Future<Output = T>) -> T {
    match with_timeout(Duration::from_secs(secs), f).await {
        Ok(v) => v,
        Err(_) => panic!("{what}: not within {secs} s"),
    }
}

fn sm(text: &'static [u8]) -> SubmitSm<'static> {
    SubmitSm {
        source_addr: b"device1",
        destination_addr: b"447700900123",
        registered_delivery: 1,
        short_message: text,
        ..SubmitSm::default()
    }
}

// ----- against the tokio SMSC ----------------------------------------------

struct TestSmsc {
    next_id: AtomicU32,
}

impl Handler for TestSmsc {
    async fn bind(&self, req: &BindRequest) -> Result<BindAccept, CommandStatus> {
        if req.password == b"secret" {
            Ok(BindAccept::default())
        } else {
            Err(CommandStatus::ESME_RINVPASWD)
        }
    }

    async fn request(&self, _from: &Origin, req: OwnedPdu) -> Reply {
        Reply::Respond({
            assert_eq!(req.command_id(), CommandId::SUBMIT_SM);
            let id = format!("tok-{}", self.next_id.fetch_add(1, Ordering::Relaxed));
            let resp = Pdu::SubmitSmResp(SmResp {
                message_id: Some(id.as_bytes()),
                ..SmResp::default()
            });
            OwnedPdu::encode(&resp, CommandStatus::ESME_ROK, 0).unwrap()
        })
    }
}

#[test]
#[ignore = "runs inside its network namespace, started by embassy_client_vs_tokio_smsc"]
fn inner_tokio_smsc() {
    if std::env::var_os(INNER).is_none() {
        return;
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    let enquire_links = Arc::new(AtomicUsize::new(0));
    let seen = enquire_links.clone();
    let config = ServerConfig {
        pdu_hook: Some(PduHook(Arc::new(move |dir, h, _| {
            if dir == Direction::Received && h.command_id == CommandId::ENQUIRE_LINK {
                seen.fetch_add(1, Ordering::Relaxed);
            }
        }))),
        ..ServerConfig::default()
    };
    let handler = Arc::new(TestSmsc {
        next_id: AtomicU32::new(1),
    });
    let server = Arc::new(
        rt.block_on(Server::bind(&format!("{HOST}:2775"), config, handler))
            .unwrap(),
    );
    let handle = rt.handle().clone();
    run_script(move |spawner| {
        let client = start_client(spawner, 2775);
        spawner.spawn(tokio_script(client, handle, server, enquire_links).unwrap());
    });
}

#[embassy_executor::task]
async fn tokio_script(
    client: Smpp,
    rt: tokio::runtime::Handle,
    server: Arc<Server>,
    enquire_links: Arc<AtomicUsize>,
) {
    within(10, "first bind", client.wait_bound()).await.unwrap();
    assert_eq!(client.binds(), 1);

    // Three submits at once, through the window.
    let (a, b, c) = embassy_futures::join::join3(
        client.submit(&sm(b"one")),
        client.submit(&sm(b"two")),
        client.submit(&sm(b"three")),
    )
    .await;
    let ids: Vec<_> = [a, b, c]
        .into_iter()
        .map(|r| String::from_utf8(r.unwrap().message_id.to_vec()).unwrap())
        .collect();
    assert!(ids.iter().all(|i| i.starts_with("tok-")), "{ids:?}");
    assert_eq!(
        ids.iter().collect::<std::collections::BTreeSet<_>>().len(),
        3
    );

    // The SMSC pushes a receipt for the first one, then an MO message.
    let receipted = ids[0].clone();
    let s = server.clone();
    let status = on_tokio(&rt, async move {
        let rid = format!("{receipted}\0");
        let tlvs = [
            Tlv::new(TlvTag::RECEIPTED_MESSAGE_ID, rid.as_bytes()),
            Tlv::new(TlvTag::MESSAGE_STATE, &[2]),
        ];
        let text = format!("id:{receipted} sub:001 dlvrd:001 submit date:2611251314 done date:2611251315 stat:DELIVRD err:000 text:");
        let dlr = SubmitSm {
            source_addr: b"447700900123",
            destination_addr: b"device1",
            esm_class: 0x04,
            short_message: text.as_bytes(),
            tlvs: Tlvs::List(&tlvs),
            ..SubmitSm::default()
        };
        let r = s.deliver("esme1", &Pdu::DeliverSm(dlr)).await.unwrap();
        let mo = SubmitSm {
            source_addr: b"447700900999",
            destination_addr: b"device1",
            short_message: b"hello device",
            ..SubmitSm::default()
        };
        let r2 = s.deliver("esme1", &Pdu::DeliverSm(mo)).await.unwrap();
        (r.command_status(), r2.command_status())
    })
    .await;
    assert_eq!(status, (CommandStatus::ESME_ROK, CommandStatus::ESME_ROK));
    let receipt = within(5, "receipt", client.receive()).await;
    assert!(receipt.is_receipt());
    assert_eq!(receipt.receipted_message_id.as_slice(), ids[0].as_bytes());
    assert_eq!(receipt.message_state, Some(2));
    let mo = within(5, "MO message", client.receive()).await;
    assert!(!mo.is_receipt());
    assert_eq!(mo.body.as_slice(), b"hello device");
    assert_eq!(mo.source_addr.as_slice(), b"447700900999");

    // Keep-alive: idle for 1.2 s, the client sends enquire_link every 300 ms.
    let before = enquire_links.load(Ordering::Relaxed);
    Timer::after_millis(1200).await;
    let sent = enquire_links.load(Ordering::Relaxed) - before;
    assert!(sent >= 2, "only {sent} enquire_link in 1.2 s");
    assert_eq!(client.link_state(), LinkState::Bound);

    // The cable is pulled: a request in flight still ends in exactly one
    // outcome, the keep-alive finds the link dead, reconnection attempts
    // time out and back off until the cable is back.
    CUT.store(true, Ordering::Relaxed);
    let lost = within(5, "outcome while cut", client.submit(&sm(b"lost?"))).await;
    assert!(matches!(lost, Err(Error::Failed(_))), "{lost:?}");
    within(5, "link seen down", async {
        while client.link_state() == LinkState::Bound {
            Timer::after_millis(20).await;
        }
    })
    .await;
    Timer::after_secs(3).await;
    assert_eq!(client.binds(), 1, "no bind while the cable is out");
    CUT.store(false, Ordering::Relaxed);
    within(15, "rebind after the cut", client.wait_bound())
        .await
        .unwrap();
    assert_eq!(client.binds(), 2);
    let again = within(5, "submit after reconnect", client.submit(&sm(b"back")))
        .await
        .unwrap();
    assert!(again.message_id.starts_with(b"tok-"));

    within(5, "unbind", client.unbind()).await.unwrap();
    assert_eq!(client.link_state(), LinkState::Stopped);
    assert!(matches!(
        client.submit(&sm(b"after")).await,
        Err(Error::Stopped)
    ));
    on_tokio(&rt, async move {
        if let Some(s) = Arc::into_inner(server) {
            s.shutdown(StdDuration::from_secs(1)).await;
        }
    })
    .await;
    SCRIPT_DONE.store(true, Ordering::SeqCst);
}

// ----- against node-smpp -----------------------------------------------------

/// node_smsc.js as a child: its port, and every JSON line it prints.
struct Node {
    child: Child,
    port: u16,
    lines: Arc<Mutex<Vec<serde_json::Value>>>,
}

impl Node {
    fn start() -> Node {
        let node = peers::node_smpp().expect("installed by the outer half");
        let mut child = node
            .script("node_smsc.js")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("node runs");
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        out.read_line(&mut first).unwrap();
        let v: serde_json::Value = serde_json::from_str(&first).unwrap();
        let port = u16::try_from(v["port"].as_u64().unwrap()).unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let l2 = lines.clone();
        std::thread::spawn(move || {
            for line in out.lines().map_while(Result::ok) {
                if let Ok(v) = serde_json::from_str(&line) {
                    l2.lock().unwrap().push(v);
                }
            }
        });
        Node { child, port, lines }
    }

    fn count(&self, event: &str) -> usize {
        let lines = self.lines.lock().unwrap();
        assert!(
            !lines.iter().any(|v| v["event"] == "error"),
            "node-smpp error: {lines:?}"
        );
        lines.iter().filter(|v| v["event"] == event).count()
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// node-smpp listens on 127.0.0.1 only: relay 192.0.2.1:2776 to its current
/// port (which changes when it is restarted).
async fn relay(target: Arc<AtomicU16>) {
    let listener = tokio::net::TcpListener::bind((std::net::Ipv4Addr::new(192, 0, 2, 1), 2776))
        .await
        .unwrap();
    loop {
        let Ok((mut down, _)) = listener.accept().await else {
            return;
        };
        let port = target.load(Ordering::SeqCst);
        tokio::spawn(async move {
            if let Ok(mut up) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
                let _ = tokio::io::copy_bidirectional(&mut down, &mut up).await;
            }
        });
    }
}

#[test]
#[ignore = "runs inside its network namespace, started by embassy_client_vs_node_smpp"]
fn inner_node_smpp() {
    if std::env::var_os(INNER).is_none() {
        return;
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    let node = Node::start();
    let target = Arc::new(AtomicU16::new(node.port));
    rt.spawn(relay(target.clone()));
    let nodes = Arc::new(Mutex::new(vec![node]));
    let n2 = nodes.clone();
    run_script(move |spawner| {
        let client = start_client(spawner, 2776);
        spawner.spawn(node_script(client, n2, target).unwrap());
    });
    drop(nodes);
    drop(rt);
}

#[embassy_executor::task]
async fn node_script(client: Smpp, nodes: Arc<Mutex<Vec<Node>>>, target: Arc<AtomicU16>) {
    within(10, "bind to node-smpp", client.wait_bound())
        .await
        .unwrap();

    // Submit with registered_delivery: node-smpp answers, then sends a
    // receipt carrying receipted_message_id.
    let mut ids = Vec::new();
    for text in [&b"one"[..], b"two", b"three"] {
        let m = SubmitSm {
            short_message: text,
            ..sm(b"")
        };
        let r = within(5, "submit", client.submit(&m)).await.unwrap();
        ids.push(r.message_id.to_vec());
    }
    for _ in 0..3 {
        let r = within(5, "receipt", client.receive()).await;
        assert!(r.is_receipt());
        assert!(
            ids.contains(&r.receipted_message_id.to_vec()),
            "{r:?} not for {ids:?}"
        );
        assert_eq!(r.message_state, Some(2));
    }
    let node_count = |e: &str| nodes.lock().unwrap().last().unwrap().count(e);
    within(5, "node saw the submits", async {
        while node_count("submit_sm") < 3 || node_count("deliver_sm_resp") < 3 {
            Timer::after_millis(20).await;
        }
    })
    .await;

    // Keep-alive.
    Timer::after_millis(1200).await;
    assert!(node_count("enquire_link") >= 2);

    // node-smpp dies: the client sees the connection end, backs off, and
    // binds again to a new node-smpp.
    let old = nodes.lock().unwrap().pop().unwrap();
    drop(old);
    within(5, "link seen down", async {
        while client.link_state() == LinkState::Bound {
            Timer::after_millis(20).await;
        }
    })
    .await;
    let fresh = Node::start();
    target.store(fresh.port, Ordering::SeqCst);
    nodes.lock().unwrap().push(fresh);
    within(15, "rebind to the new node-smpp", client.wait_bound())
        .await
        .unwrap();
    assert_eq!(client.binds(), 2);
    let r = within(5, "submit after reconnect", client.submit(&sm(b"back")))
        .await
        .unwrap();
    let receipt = within(5, "receipt after reconnect", client.receive()).await;
    assert_eq!(receipt.receipted_message_id, r.message_id);

    within(5, "unbind", client.unbind()).await.unwrap();
    within(5, "node saw the unbind", async {
        while node_count("unbind") < 1 {
            Timer::after_millis(20).await;
        }
    })
    .await;
    SCRIPT_DONE.store(true, Ordering::SeqCst);
}

static SCRIPT_DONE: AtomicBool = AtomicBool::new(false);

/// Runs the embassy executor on this thread until a script sets SCRIPT_DONE.
fn run_script(start: impl FnOnce(Spawner) + 'static) {
    let executor: &'static mut Executor = Box::leak(Box::new(Executor::new()));
    executor.run_until(start, || SCRIPT_DONE.load(Ordering::SeqCst));
}
