//! The resilient client fails over between two SMSCs and re-binds after its
//! connection is dropped; requests made while disconnected wait, bounded.
//! With `Hosts::All` it holds a session to each SMSC at once, spreads the
//! requests over them, keeps serving through one while the other is down,
//! and binds the dropped one again after `reconnect_delay`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

use std::sync::Arc;
use std::time::Duration;

use smpp_io_tokio::{
    BindAccept, BindRequest, ClientConfig, Error, Handler, HostState, Hosts, Origin, OwnedPdu,
    ReconnectPolicy, Reply, ResilientClient, Server, ServerConfig,
};
use smpp_proto::codec::{SmResp, SubmitSm};
use smpp_proto::{CommandStatus, Pdu};

struct Named(&'static str);

impl Handler for Named {
    async fn bind(&self, _: &BindRequest) -> Result<BindAccept, CommandStatus> {
        Ok(BindAccept::default())
    }
    async fn request(&self, _from: &Origin, _: OwnedPdu) -> Reply {
        Reply::Respond({
            OwnedPdu::encode(
                &Pdu::SubmitSmResp(SmResp {
                    message_id: Some(self.0.as_bytes()),
                    ..SmResp::default()
                }),
                CommandStatus::ESME_ROK,
                0,
            )
            .unwrap()
        })
    }
}

async fn submit(c: &ResilientClient) -> Result<String, Error> {
    let sm = SubmitSm {
        destination_addr: b"447700900123",
        short_message: b"hi",
        ..SubmitSm::default()
    };
    let r = c.request(&Pdu::SubmitSm(sm)).await?;
    let Ok(Pdu::SubmitSmResp(r)) = r.pdu() else {
        panic!()
    };
    Ok(String::from_utf8(r.message_id.unwrap().to_vec()).unwrap())
}

#[tokio::test]
async fn fails_over_and_rebinds() {
    // A port nothing listens on: bind then drop a listener.
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let a = Server::bind("127.0.0.1:0", ServerConfig::default(), Arc::new(Named("A")))
        .await
        .unwrap();
    let b = Server::bind("127.0.0.1:0", ServerConfig::default(), Arc::new(Named("B")))
        .await
        .unwrap();
    let hosts = vec![
        ClientConfig::new("127.0.0.1", dead, "esme", "pw"),
        ClientConfig::new("127.0.0.1", a.local_addr().port(), "esme", "pw"),
        ClientConfig::new("127.0.0.1", b.local_addr().port(), "esme", "pw"),
    ];
    let mut policy = ReconnectPolicy::default();
    policy.initial_backoff = Duration::from_millis(20);
    policy.max_backoff = Duration::from_millis(100);
    policy.request_wait = Duration::from_secs(5);
    let (client, _inbound) = ResilientClient::start(hosts, policy);
    // The dead host is skipped; A answers.
    assert_eq!(submit(&client).await.unwrap(), "A");
    // A goes away (it unbinds its sessions); the client moves on to B.
    a.shutdown(Duration::from_secs(2)).await;
    let mut got = None;
    for _ in 0..50 {
        match submit(&client).await {
            Ok(id) => {
                got = Some(id);
                break;
            }
            // A request racing the drop ends with a clear outcome, never a hang.
            Err(Error::Failed(_) | Error::Closed(_)) => {
                tokio::time::sleep(Duration::from_millis(20)).await
            }
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(got.as_deref(), Some("B"));
    client.shutdown().await;
    // After shutdown, requests fail at once instead of waiting.
    assert!(matches!(submit(&client).await, Err(Error::Closed(_))));
}

#[tokio::test]
async fn holds_a_session_to_every_host_and_spreads_requests() {
    let a = Server::bind("127.0.0.1:0", ServerConfig::default(), Arc::new(Named("A")))
        .await
        .unwrap();
    let a_addr = a.local_addr();
    let b = Server::bind("127.0.0.1:0", ServerConfig::default(), Arc::new(Named("B")))
        .await
        .unwrap();
    let hosts = vec![
        ClientConfig::new("127.0.0.1", a_addr.port(), "esme", "pw"),
        ClientConfig::new("127.0.0.1", b.local_addr().port(), "esme", "pw"),
    ];
    let delay = Duration::from_millis(800);
    let mut policy = ReconnectPolicy::default();
    policy.initial_backoff = Duration::from_millis(20);
    policy.max_backoff = Duration::from_millis(100);
    policy.request_wait = Duration::from_secs(5);
    policy.reconnect_delay = delay;
    policy.hosts = Hosts::All;
    let (client, _inbound) = ResilientClient::start(hosts, policy);
    let bound = |c: &ResilientClient| c.bound_sessions();
    for _ in 0..100 {
        if bound(&client) == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(bound(&client), 2, "{:?}", client.health());
    // 200 requests at once: both sessions take some.
    let all = futures_util::future::join_all((0..200).map(|_| submit(&client))).await;
    let on = |name: &str| {
        all.iter()
            .filter(|r| matches!(r, Ok(id) if id == name))
            .count()
    };
    let (on_a, on_b) = (on("A"), on("B"));
    assert_eq!(on_a + on_b, 200, "every request accepted");
    assert!(on_a > 0 && on_b > 0, "spread: A {on_a}, B {on_b}");
    let health = client.health();
    assert_eq!(health[0].requests + health[1].requests, 200);
    // A goes away: B serves everything while A waits, typed requests too.
    let mut changes = client.health_changes();
    a.shutdown(Duration::from_secs(2)).await;
    // The change stream tells it (health_changes: state moves, not requests).
    tokio::time::timeout(
        Duration::from_secs(5),
        changes.wait_for(|h| h[0].state != HostState::Bound),
    )
    .await
    .expect("a change for host A")
    .unwrap();
    let dropped_at = std::time::Instant::now();
    let h = client.health();
    assert_eq!(h[0].drops, 1, "{h:?}");
    assert!(h[0].last_error.is_some(), "{h:?}");
    for _ in 0..20 {
        let sm = SubmitSm {
            destination_addr: b"447700900123",
            ..SubmitSm::default()
        };
        let r = client.submit_sm(&sm).await.unwrap();
        let Ok(Pdu::SubmitSmResp(r)) = r.pdu() else {
            panic!()
        };
        assert_eq!(r.message_id, Some(&b"B"[..]));
    }
    // A comes back on the same port; it is bound again, not before the delay.
    let a = Server::bind(
        &a_addr.to_string(),
        ServerConfig::default(),
        Arc::new(Named("A")),
    )
    .await
    .unwrap();
    for _ in 0..300 {
        if client.health()[0].state == HostState::Bound {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(
        client.health()[0].state,
        HostState::Bound,
        "{:?}",
        client.health()
    );
    assert!(dropped_at.elapsed() >= delay - Duration::from_millis(100));
    assert_eq!(client.health()[0].binds, 2);
    client.shutdown().await;
    assert_eq!(client.bound_sessions(), 0);
    a.shutdown(Duration::from_secs(1)).await;
    b.shutdown(Duration::from_secs(1)).await;
}

/// A port nothing listens on: bound, then let go.
fn dead_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `Hosts::Groups(2)` over `[dead, A, dead, B]`: two sessions, each failing
/// over from its dead host to its live one, and both take requests.
#[tokio::test]
async fn groups_each_fail_over_between_their_hosts() {
    let a = Server::bind("127.0.0.1:0", ServerConfig::default(), Arc::new(Named("A")))
        .await
        .unwrap();
    let b = Server::bind("127.0.0.1:0", ServerConfig::default(), Arc::new(Named("B")))
        .await
        .unwrap();
    let hosts = vec![
        ClientConfig::new("127.0.0.1", dead_port(), "esme", "pw"),
        ClientConfig::new("127.0.0.1", a.local_addr().port(), "esme", "pw"),
        ClientConfig::new("127.0.0.1", dead_port(), "esme", "pw"),
        ClientConfig::new("127.0.0.1", b.local_addr().port(), "esme", "pw"),
    ];
    let mut policy = ReconnectPolicy::default();
    policy.initial_backoff = Duration::from_millis(20);
    policy.max_backoff = Duration::from_millis(100);
    policy.request_wait = Duration::from_secs(5);
    policy.hosts = Hosts::Groups(2);
    let (client, _inbound) = ResilientClient::start(hosts, policy);
    for _ in 0..250 {
        if client.bound_sessions() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let h = client.health();
    assert_eq!(client.bound_sessions(), 2, "{h:?}");
    let states: Vec<HostState> = h.iter().map(|h| h.state).collect();
    assert_eq!(states[1], HostState::Bound, "{h:?}");
    assert_eq!(states[3], HostState::Bound, "{h:?}");
    assert!(h[0].failures >= 1 && h[2].failures >= 1, "{h:?}");
    let all = futures_util::future::join_all((0..200).map(|_| submit(&client))).await;
    let on = |name: &str| {
        all.iter()
            .filter(|r| matches!(r, Ok(id) if id == name))
            .count()
    };
    assert_eq!(on("A") + on("B"), 200, "every request accepted");
    assert!(on("A") > 0 && on("B") > 0, "A {} B {}", on("A"), on("B"));
    client.shutdown().await;
    a.shutdown(Duration::from_secs(1)).await;
    b.shutdown(Duration::from_secs(1)).await;
}

/// `ReconnectPolicy::rate_limit` paces the whole client: 105 submits at
/// 50 a second (a burst of 5) over two sessions take at least 2 s, where
/// each session's own bucket would have let them through in about 1 s.
#[tokio::test]
async fn rate_limit_holds_across_sessions() {
    let a = Server::bind("127.0.0.1:0", ServerConfig::default(), Arc::new(Named("A")))
        .await
        .unwrap();
    let b = Server::bind("127.0.0.1:0", ServerConfig::default(), Arc::new(Named("B")))
        .await
        .unwrap();
    let hosts = vec![
        ClientConfig::new("127.0.0.1", a.local_addr().port(), "esme", "pw"),
        ClientConfig::new("127.0.0.1", b.local_addr().port(), "esme", "pw"),
    ];
    let mut policy = ReconnectPolicy::default();
    policy.hosts = Hosts::All;
    policy.rate_limit = Some(smpp_proto::session::RateLimit {
        per_second: 50,
        burst: 5,
    });
    let (client, _inbound) = ResilientClient::start(hosts, policy);
    for _ in 0..250 {
        if client.bound_sessions() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(client.bound_sessions(), 2, "{:?}", client.health());
    let started = std::time::Instant::now();
    let all = futures_util::future::join_all((0..105).map(|_| submit(&client))).await;
    let took = started.elapsed();
    assert!(all.iter().all(Result::is_ok));
    let h = client.health();
    assert!(
        h[0].requests > 0 && h[1].requests > 0,
        "both sessions used: {h:?}"
    );
    // 100 tokens after the burst, at 50 a second.
    assert!(took >= Duration::from_millis(1950), "{took:?}");
    assert!(took < Duration::from_secs(6), "{took:?}");
    client.shutdown().await;
    a.shutdown(Duration::from_secs(1)).await;
    b.shutdown(Duration::from_secs(1)).await;
}

/// Answers 9 message requests a connection, then cuts it at the 10th.
struct Cutter;

impl Handler for Cutter {
    async fn bind(&self, _: &BindRequest) -> Result<BindAccept, CommandStatus> {
        Ok(BindAccept::default())
    }
    async fn request(&self, from: &Origin, request: OwnedPdu) -> Reply {
        if from.messages % 10 == 0 {
            return Reply::Disconnect;
        }
        Named("C").request(from, request).await
    }
}

/// `ReconnectPolicy::rate_limit` is not refilled by a reconnection: 60
/// submits at 20 a second (a burst of 5) to an SMSC that cuts the
/// connection at every 10th take at least 2.75 s, where a bucket per
/// session would start full again on each of the five new connections.
#[tokio::test]
async fn rate_limit_holds_across_reconnects() {
    let c = Server::bind("127.0.0.1:0", ServerConfig::default(), Arc::new(Cutter))
        .await
        .unwrap();
    let hosts = vec![ClientConfig::new(
        "127.0.0.1",
        c.local_addr().port(),
        "esme",
        "pw",
    )];
    let mut policy = ReconnectPolicy::default();
    policy.initial_backoff = Duration::from_millis(20);
    policy.max_backoff = Duration::from_millis(50);
    policy.request_wait = Duration::from_secs(10);
    policy.rate_limit = Some(smpp_proto::session::RateLimit {
        per_second: 20,
        burst: 5,
    });
    let (client, _inbound) = ResilientClient::start(hosts, policy);
    let started = std::time::Instant::now();
    let mut answered = 0;
    for _ in 0..60 {
        if submit(&client).await.is_ok() {
            answered += 1;
        }
    }
    let took = started.elapsed();
    let h = client.health();
    assert!(h[0].drops >= 5, "reconnected: {h:?}");
    assert!(answered >= 50, "{answered} answered");
    // 55 tokens after the burst, at 20 a second.
    assert!(took >= Duration::from_millis(2700), "{took:?}");
    client.shutdown().await;
    c.shutdown(Duration::from_secs(1)).await;
}
