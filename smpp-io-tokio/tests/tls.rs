//! smpps: the client and server over TLS (rustls), with and without client
//! certificates, on loopback with certificates made for the test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use smpp_io_tokio::{
    tls, BindRequest, Client, ClientConfig, Error, Handler, OwnedPdu, Server, ServerConfig,
};
use smpp_proto::codec::{SmResp, SubmitSm};
use smpp_proto::{CommandStatus, Pdu};

struct Ok200;

impl Handler for Ok200 {
    async fn bind(&self, _: &BindRequest) -> Result<(), CommandStatus> {
        Ok(())
    }
    async fn request(&self, _: &str, _: OwnedPdu) -> OwnedPdu {
        OwnedPdu::encode(
            &Pdu::SubmitSmResp(SmResp {
                message_id: Some(b"tls-1"),
                ..SmResp::default()
            }),
            CommandStatus::ESME_ROK,
            0,
        )
        .unwrap()
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
