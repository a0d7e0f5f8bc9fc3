//! smpps: the client and server over TLS (rustls), with and without client
//! certificates, on loopback with certificates made for the test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use smpp_io_tokio::{
    tls, BindAccept, BindRequest, Client, ClientConfig, Error, Handler, Origin, OwnedPdu, Reply,
    Server, ServerConfig,
};
use smpp_proto::codec::{SmResp, SubmitSm};
use smpp_proto::{CommandStatus, Pdu};

struct Ok200;

impl Handler for Ok200 {
    async fn bind(&self, _: &BindRequest) -> Result<BindAccept, CommandStatus> {
        Ok(BindAccept::default())
    }
    async fn request(&self, _from: &Origin, _: OwnedPdu) -> Reply {
        Reply::Respond({
            OwnedPdu::encode(
                &Pdu::SubmitSmResp(SmResp {
                    message_id: Some(b"tls-1"),
                    ..SmResp::default()
                }),
                CommandStatus::ESME_ROK,
                0,
            )
            .unwrap()
        })
    }
}

struct Pki {
    ca: CertificateDer<'static>,
    server: (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>),
    client: (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>),
}

fn pki() -> Pki {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(vec![]).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let leaf = |names: Vec<String>| {
        let key = KeyPair::generate().unwrap();
        let cert = CertificateParams::new(names)
            .unwrap()
            .signed_by(&key, &issuer)
            .unwrap();
        (
            vec![cert.der().clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        )
    };
    Pki {
        ca: ca.der().clone(),
        server: leaf(vec!["localhost".into()]),
        client: leaf(vec!["esme1".into()]),
    }
}

async fn roundtrip(client_cfg: ClientConfig) -> Result<(), Error> {
    let (client, _inbound) = Client::connect(client_cfg).await?;
    let resp = client
        .submit_sm(&SubmitSm {
            destination_addr: b"447700900123",
            short_message: b"over TLS",
            ..SubmitSm::default()
        })
        .await?;
    let Ok(Pdu::SubmitSmResp(r)) = resp.pdu() else {
        panic!()
    };
    assert_eq!(r.message_id, Some(&b"tls-1"[..]));
    client.unbind().await
}

#[tokio::test]
async fn smpps_and_mutual_tls() {
    let pki = pki();
    // Server TLS only.
    let server = Server::bind(
        "127.0.0.1:0",
        ServerConfig {
            tls: Some(
                tls::server_config(pki.server.0.clone(), pki.server.1.clone_key(), None).unwrap(),
            ),
            ..ServerConfig::default()
        },
        Arc::new(Ok200),
    )
    .await
    .unwrap();
    let mut cfg = ClientConfig::new("127.0.0.1", server.local_addr().port(), "esme1", "pw");
    cfg.tls = Some(tls::client_config(std::slice::from_ref(&pki.ca), None).unwrap());
    cfg.tls_server_name = Some("localhost".into());
    roundtrip(cfg.clone()).await.unwrap();

    // A client that does not trust the server's CA fails the handshake.
    let mut untrusting = cfg.clone();
    untrusting.tls =
        Some(tls::client_config(std::slice::from_ref(&pki.server.0[0]), None).unwrap());
    assert!(matches!(
        roundtrip(untrusting).await,
        Err(Error::Tls(_) | Error::Io(_))
    ));

    // Mutual TLS: the server requires a client certificate from the CA.
    let mtls = Server::bind(
        "127.0.0.1:0",
        ServerConfig {
            tls: Some(
                tls::server_config(
                    pki.server.0.clone(),
                    pki.server.1.clone_key(),
                    Some(std::slice::from_ref(&pki.ca)),
                )
                .unwrap(),
            ),
            ..ServerConfig::default()
        },
        Arc::new(Ok200),
    )
    .await
    .unwrap();
    let mut with_cert = cfg.clone();
    with_cert.port = mtls.local_addr().port();
    with_cert.tls = Some(
        tls::client_config(
            std::slice::from_ref(&pki.ca),
            Some((pki.client.0.clone(), pki.client.1.clone_key())),
        )
        .unwrap(),
    );
    roundtrip(with_cert).await.unwrap();
    let mut without_cert = cfg.clone();
    without_cert.port = mtls.local_addr().port();
    assert!(roundtrip(without_cert).await.is_err());
}

/// Full windows over TLS: when the socket would block, the TLS stream keeps
/// records it could not write until a flush, so a driver that never flushed
/// left responses waiting for the 30 s response timer. 40,000 submit_sm from
/// four clients at window 64 each must all be answered well within that.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_windows_over_tls_are_all_answered() {
    let pki = pki();
    let server = Server::bind(
        "127.0.0.1:0",
        ServerConfig {
            tls: Some(
                tls::server_config(pki.server.0.clone(), pki.server.1.clone_key(), None).unwrap(),
            ),
            ..ServerConfig::default()
        },
        Arc::new(Ok200),
    )
    .await
    .unwrap();
    let mut cfg = ClientConfig::new("127.0.0.1", server.local_addr().port(), "esme1", "pw");
    cfg.tls = Some(tls::client_config(std::slice::from_ref(&pki.ca), None).unwrap());
    cfg.tls_server_name = Some("localhost".into());
    cfg.session.window = 64;
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let (client, _inbound) = Client::connect(cfg.clone()).await.unwrap();
        tasks.push(tokio::spawn(async move {
            use futures_util::stream::{FuturesUnordered, StreamExt};
            let sm = SubmitSm {
                destination_addr: b"447700900123",
                short_message: b"window over TLS",
                ..SubmitSm::default()
            };
            let mut inflight = FuturesUnordered::new();
            let (mut issued, mut ok) = (0, 0);
            while issued < 64 {
                inflight.push(client.submit_sm(&sm));
                issued += 1;
            }
            while let Some(r) = inflight.next().await {
                ok += usize::from(r.is_ok_and(|r| r.command_status().is_ok()));
                if issued < 10_000 {
                    inflight.push(client.submit_sm(&sm));
                    issued += 1;
                }
            }
            drop(inflight);
            let _ = client.unbind().await;
            ok
        }));
    }
    let answered = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        let mut n = 0;
        for t in tasks {
            n += t.await.unwrap();
        }
        n
    })
    .await
    .expect("every submit_sm answered in well under the 30 s response timer");
    assert_eq!(answered, 40_000);
}
