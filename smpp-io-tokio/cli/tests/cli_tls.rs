//! `smpp smsc --tls-cert/--tls-key [--tls-client-ca]` and the clients'
//! `--ca`, `--client-cert/--client-key`, run as processes with a CA and
//! certificates made for the test (rcgen) in a temporary directory: smpps://
//! send with receipts and bench, an untrusted certificate, a plain client
//! against a TLS smsc, mutual TLS, and bad PEM files. Every wait is bounded.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{lines_of, smpp, Run, BIN};
use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};

/// A directory of PEM files: ca.pem, server.pem/server.key (for localhost
/// and 127.0.0.1), client.pem/client.key (signed by the CA), other.pem/
/// other.key (self-signed); removed on drop.
struct Pki {
    dir: PathBuf,
}

impl Pki {
    fn new() -> Pki {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "smpp-cli-tls-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let ca_key = KeyPair::generate().unwrap();
        let mut ca_params = CertificateParams::new(vec![]).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let ca = ca_params.self_signed(&ca_key).unwrap();
        std::fs::write(dir.join("ca.pem"), ca.pem()).unwrap();
        let issuer = rcgen::Issuer::new(ca_params, ca_key);
        for (name, sans) in [
            (
                "server",
                vec!["localhost".to_string(), "127.0.0.1".to_string()],
            ),
            ("client", vec!["esme1".to_string()]),
        ] {
            let key = KeyPair::generate().unwrap();
            let cert = CertificateParams::new(sans)
                .unwrap()
                .signed_by(&key, &issuer)
                .unwrap();
            std::fs::write(dir.join(format!("{name}.pem")), cert.pem()).unwrap();
            std::fs::write(dir.join(format!("{name}.key")), key.serialize_pem()).unwrap();
        }
        let other_key = KeyPair::generate().unwrap();
        let other = CertificateParams::new(vec!["other".to_string()])
            .unwrap()
            .self_signed(&other_key)
            .unwrap();
        std::fs::write(dir.join("other.pem"), other.pem()).unwrap();
        std::fs::write(dir.join("other.key"), other_key.serialize_pem()).unwrap();
        Pki { dir }
    }

    fn path(&self, file: &str) -> String {
        self.dir.join(file).to_str().unwrap().to_string()
    }
}

impl Drop for Pki {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A running `smpp smsc`; killed on drop. `line` is its first stderr line.
struct TlsSmsc {
    child: Child,
    port: u16,
    line: String,
}

impl TlsSmsc {
    fn start(args: &[&str]) -> TlsSmsc {
        let mut child = Command::new(BIN)
            .args(["smsc", "--listen", "127.0.0.1:0", "--receipt-delay", "10"])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("smpp runs");
        let err = lines_of(child.stderr.take().expect("stderr"));
        let line = err
            .recv_timeout(Duration::from_secs(20))
            .expect("smpp smsc prints its address");
        let port = line
            .split("listening on 127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        TlsSmsc { child, port, line }
    }

    fn url(&self, scheme: &str, host: &str) -> String {
        format!("{scheme}://esme1:pw@{host}:{}", self.port)
    }

    /// Still running (not exited after a bad client).
    fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

impl Drop for TlsSmsc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn send(url: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "send",
        "--url",
        url,
        "--to",
        "1234",
        "--text",
        "hi",
        "--wait-receipts",
        "--timeout",
        "10",
    ];
    args.extend_from_slice(extra);
    smpp(&args)
}

/// Exit 1 with exactly one stderr line containing `want`, within 20 s.
fn fails_with(r: &Run, want: &str) {
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains(want), "{want:?} not in {}", r.stderr);
    assert!(r.took < Duration::from_secs(20), "took {:?}", r.took);
}

fn succeeds_with_receipt(r: &Run) {
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("accepted  to 1234"), "{}", r.stdout);
    assert!(r.stdout.contains("stat DELIVRD"), "{}", r.stdout);
}

#[test]
fn smpps_send_bench_untrusted_and_plain_client() {
    let pki = Pki::new();
    let mut smsc = TlsSmsc::start(&[
        "--tls-cert",
        &pki.path("server.pem"),
        "--tls-key",
        &pki.path("server.key"),
    ]);
    assert!(
        smsc.line.contains("(TLS)") && smsc.line.contains("listening on 127.0.0.1:"),
        "{}",
        smsc.line
    );
    let ca = pki.path("ca.pem");
    let tls_url = smsc.url("smpps", "localhost");

    // Trusting the CA: accepted and the receipt arrives. The host name is
    // what is verified; the IP SAN works as well.
    succeeds_with_receipt(&send(&tls_url, &["--ca", &ca]));
    succeeds_with_receipt(&send(&smsc.url("smpps", "127.0.0.1"), &["--ca", &ca]));

    // Without --ca the web roots do not know the CA: one line naming TLS.
    let r = send(&tls_url, &[]);
    fails_with(&r, "TLS: invalid peer certificate");
    assert!(r.stderr.contains("--ca"), "{}", r.stderr);
    // Trusting another certificate (the server's own leaf is no CA) fails alike.
    fails_with(
        &send(&tls_url, &["--ca", &pki.path("client.pem")]),
        "TLS: invalid peer certificate",
    );

    // A plain client against the TLS smsc: one line, and the smsc serves on.
    let r = send(&smsc.url("smpp", "localhost"), &[]);
    fails_with(&r, "use an smpps:// URL");
    assert!(smsc.alive());
    succeeds_with_receipt(&send(&tls_url, &["--ca", &ca]));

    // bench over TLS, two connections.
    let r = smpp(&[
        "bench",
        "--url",
        &tls_url,
        "--ca",
        &ca,
        "--count",
        "200",
        "--connections",
        "2",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let v: serde_json::Value = serde_json::from_str(r.stdout.lines().last().unwrap()).unwrap();
    assert_eq!(v["sent"], 200);
    assert_eq!(v["ok"], 200);
    // Regression: a TLS stream keeps the records it could not write when
    // the socket would block until a flush; the driver did not flush, and
    // with full windows some responses waited for the 30 s response timeout.
    let r = smpp(&[
        "bench",
        "--url",
        &tls_url,
        "--ca",
        &ca,
        "--count",
        "20000",
        "--connections",
        "2",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let v: serde_json::Value = serde_json::from_str(r.stdout.lines().last().unwrap()).unwrap();
    assert_eq!(v["ok"], 20000);
    assert!(r.took < Duration::from_secs(20), "took {:?}", r.took);

    // --ca with a plain URL is refused rather than ignored.
    fails_with(
        &send(&smsc.url("smpp", "localhost"), &["--ca", &ca]),
        "need an smpps:// URL",
    );
    assert!(smsc.alive());
}

#[test]
fn mutual_tls_needs_the_client_certificate() {
    let pki = Pki::new();
    let ca = pki.path("ca.pem");
    let mut smsc = TlsSmsc::start(&[
        "--tls-cert",
        &pki.path("server.pem"),
        "--tls-key",
        &pki.path("server.key"),
        "--tls-client-ca",
        &ca,
    ]);
    assert!(smsc.line.contains("(mutual TLS)"), "{}", smsc.line);
    let url = smsc.url("smpps", "localhost");

    let r = send(&url, &["--ca", &ca]);
    fails_with(&r, "cannot bind to smpps://esme1:***@localhost:");
    assert!(r.stderr.contains("--client-cert"), "{}", r.stderr);
    assert!(smsc.alive());

    // A self-signed client certificate the server does not trust.
    let r = send(
        &url,
        &[
            "--ca",
            &ca,
            "--client-cert",
            &pki.path("other.pem"),
            "--client-key",
            &pki.path("other.key"),
        ],
    );
    fails_with(&r, "refused the client certificate");
    assert!(smsc.alive());

    let (client, key) = (pki.path("client.pem"), pki.path("client.key"));
    succeeds_with_receipt(&send(
        &url,
        &["--ca", &ca, "--client-cert", &client, "--client-key", &key],
    ));

    let r = smpp(&[
        "bench",
        "--url",
        &url,
        "--ca",
        &ca,
        "--client-cert",
        &client,
        "--client-key",
        &key,
        "--count",
        "200",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("ok 200, failed 0"), "{}", r.stdout);
}

#[test]
fn bad_pem_options_are_one_line() {
    let pki = Pki::new();
    let missing = pki.path("missing.pem");
    let (cert, key) = (pki.path("server.pem"), pki.path("server.key"));

    // smsc: a file that cannot be read, a key file with no key, a key that
    // is not the certificate's: exit 1, one line, before listening.
    for (args, want) in [
        (
            vec!["--tls-cert", missing.as_str(), "--tls-key", key.as_str()],
            "cannot read the certificate (--tls-cert)",
        ),
        (
            vec!["--tls-cert", cert.as_str(), "--tls-key", cert.as_str()],
            "holds no PEM private key",
        ),
        (
            vec!["--tls-cert", key.as_str(), "--tls-key", key.as_str()],
            "holds no PEM certificate",
        ),
        (
            vec![
                "--tls-cert",
                cert.as_str(),
                "--tls-key",
                &pki.path("client.key"),
            ],
            "cannot use --tls-cert",
        ),
    ] {
        let mut all = vec!["smsc", "--listen", "127.0.0.1:0"];
        all.extend_from_slice(&args);
        fails_with(&smpp(&all), want);
    }

    // Half of a pair is a usage error (exit 2).
    let r = smpp(&["smsc", "--listen", "127.0.0.1:0", "--tls-cert", &cert]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("--tls-key"), "{}", r.stderr);
    let r = smpp(&[
        "send",
        "--url",
        "smpps://a:b@localhost:1",
        "--client-cert",
        &cert,
        "--to",
        "1",
        "--text",
        "x",
    ]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("--client-key"), "{}", r.stderr);

    // Client: checked before connecting (port 1 is never reached).
    let url = "smpps://a:b@localhost:1";
    fails_with(
        &send(url, &["--ca", &missing]),
        "cannot read the CA certificate (--ca)",
    );
    fails_with(&send(url, &["--ca", &key]), "holds no PEM certificate");
    fails_with(
        &send(
            url,
            &[
                "--client-cert",
                &cert,
                "--client-key",
                &pki.path("client.key"),
            ],
        ),
        "cannot use --ca, --client-cert and --client-key",
    );
    let dir = pki.dir.clone();
    drop(pki);
    assert!(!Path::new(&dir).exists());
}

/// `smpp send --pin` (issue 15): the server certificate must also match a
/// pin; `--pin-only` trusts a self-signed one by its pin alone; a pin that
/// does not match is refused with one line.
#[test]
fn pins_the_server_certificate() {
    use smpp_io_tokio::tls::{load_certs, Pin};
    let pki = Pki::new();
    let der = |file: &str| load_certs(Path::new(&pki.path(file))).unwrap()[0].clone();
    let server_pin = Pin::certificate(&der("server.pem")).to_string();
    let other_pin = Pin::certificate(&der("other.pem")).to_string();
    let smsc = TlsSmsc::start(&[
        "--tls-cert",
        &pki.path("server.pem"),
        "--tls-key",
        &pki.path("server.key"),
    ]);
    let url = smsc.url("smpps", "localhost");
    let ca = pki.path("ca.pem");
    // The chain checks and the pin matches.
    let r = send(&url, &["--ca", &ca, "--pin", &server_pin]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // The public key's pin, without the chain (no --ca: the web roots would refuse it).
    let spki = Pin::public_key(&der("server.pem")).unwrap().to_string();
    let r = send(&url, &["--pin", &spki, "--pin-only"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // Another certificate's pin: refused, chain or not.
    let r = send(&url, &["--ca", &ca, "--pin", &other_pin]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let r = send(&url, &["--pin", &other_pin, "--pin-only"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    // A malformed pin is a usage error before connecting.
    let r = send(&url, &["--pin", "sha1:00"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("--pin"), "{}", r.stderr);
}

/// `--listen` plain and `--tls-listen` TLS at once (GatewayAPI: 2775 and
/// 8775): one simulator, one set of sessions. A receiver bound on the plain
/// port gets the receipt of a message submitted over TLS, while both are
/// bound; each port speaks only its own.
#[test]
fn plain_and_tls_listeners_at_once_share_receipts() {
    let pki = Pki::new();
    let mut child = Command::new(BIN)
        .args([
            "smsc",
            "--listen",
            "127.0.0.1:0",
            "--tls-listen",
            "127.0.0.1:0",
            "--tls-cert",
            &pki.path("server.pem"),
            "--tls-key",
            &pki.path("server.key"),
            "--receipt-delay",
            "10",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("smpp runs");
    let err = lines_of(child.stderr.take().expect("stderr"));
    let port_of = |line: &str| -> u16 {
        line.rsplit(':')
            .next()
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"))
    };
    let plain = err.recv_timeout(Duration::from_secs(20)).unwrap();
    let tls = err.recv_timeout(Duration::from_secs(20)).unwrap();
    assert!(!plain.contains("TLS"), "{plain}");
    assert!(tls.contains("(TLS)"), "{tls}");
    let (plain_port, tls_port) = (port_of(&plain), port_of(&tls));
    assert_ne!(plain_port, tls_port);
    let ca = pki.path("ca.pem");
    let tls_url = format!("smpps://esme1:pw@localhost:{tls_port}");
    let plain_url = format!("smpp://esme1:pw@127.0.0.1:{plain_port}");

    // A receiver on the plain port, bound for the rest of the test.
    let mut listen = Command::new(BIN)
        .args([
            "listen", "--url", &plain_url, "--bind", "receiver", "--json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let listen_err = lines_of(listen.stderr.take().unwrap());
    let bound = listen_err.recv_timeout(Duration::from_secs(20)).unwrap();
    assert!(bound.contains("bound"), "{bound}");
    let listen_out = lines_of(listen.stdout.take().unwrap());

    // Submitted over TLS by a transmitter: the receipt can only go to the
    // plain receiver.
    let r = smpp(&[
        "send",
        "--url",
        &tls_url,
        "--ca",
        &ca,
        "--bind",
        "tx",
        "--registered-delivery",
        "receipt",
        "--to",
        "1234",
        "--text",
        "across",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let accepted: serde_json::Value =
        serde_json::from_str(r.stdout.lines().next().unwrap()).unwrap();
    let id = accepted["message_id"].as_str().unwrap().to_string();
    let line = listen_out.recv_timeout(Duration::from_secs(10)).unwrap();
    let receipt: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(receipt["event"], "receipt", "{receipt}");
    assert_eq!(receipt["message_id"], id.as_str(), "{receipt}");
    assert_eq!(receipt["stat"], "DELIVRD", "{receipt}");

    // Each port speaks only its own: plain on TLS fails, TLS on plain fails.
    fails_with(
        &send(&format!("smpp://esme1:pw@localhost:{tls_port}"), &[]),
        "use an smpps:// URL",
    );
    let r = send(
        &format!("smpps://esme1:pw@localhost:{plain_port}"),
        &["--ca", &ca],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    // And plain still serves plain.
    succeeds_with_receipt(&send(
        &format!("smpp://other:pw@127.0.0.1:{plain_port}"),
        &[],
    ));
    assert!(child.try_wait().unwrap().is_none());

    Command::new("kill")
        .args(["-INT", &listen.id().to_string()])
        .status()
        .unwrap();
    let _ = listen.wait();
    let _ = child.kill();
    let _ = child.wait();
}
