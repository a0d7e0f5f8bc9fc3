//! TLS to RabbitMQ (`amqps://`) and Redis (`rediss://`): rustls on ring,
//! the provider `smpp-io-tokio`'s own TLS uses. The server's certificate
//! is checked against the system's root certificates, plus the
//! certificates of a CA file (PEM) for a private CA: `amqp_ca_file`
//! (added to the system's roots, as lapin does) and `redis_ca_file` (in
//! place of them, as the redis crate does). For a server that asks the
//! client for a certificate (mutual TLS, RFC 8446 §4.3.2, §4.4.2),
//! `amqp_cert_file` / `amqp_key_file` and `redis_cert_file` /
//! `redis_key_file` give the gateway's own ([`ClientCert`]).

use std::path::Path;

use rustls_pki_types::pem::PemObject as _;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

/// A CA file's certificates, checked to be PEM with at least one
/// certificate in it, so a wrong file is reported at start and not
/// skipped (lapin skips what it cannot parse).
#[derive(Clone, PartialEq, Eq)]
pub struct CaFile {
    /// The file's PEM text.
    pub pem: String,
}

impl std::fmt::Debug for CaFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaFile").finish_non_exhaustive()
    }
}

impl CaFile {
    /// Reads `path`; `key` (the config key) names it in the error.
    pub fn read(key: &str, path: &Path) -> Result<CaFile, String> {
        certificates(key, path).map(|pem| CaFile { pem })
    }
}

/// The text of `path`, checked to be PEM with at least one certificate in
/// it; `key` (the config key) names it in the error.
fn certificates(key: &str, path: &Path) -> Result<String, String> {
    let shown = path.display();
    let pem = std::fs::read_to_string(path).map_err(|e| format!("{key} {shown}: {e}"))?;
    let certs = CertificateDer::pem_slice_iter(pem.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{key} {shown}: not PEM certificates: {e}"))?;
    if certs.is_empty() {
        return Err(format!(
            "{key} {shown}: no certificate (-----BEGIN CERTIFICATE-----) in it"
        ));
    }
    Ok(pem)
}

/// The CA file of `key` for `url`, which must then be a TLS URL
/// (`scheme`, e.g. "amqps"): a CA file given with a plain URL is a
/// mistake, not something to ignore.
pub(crate) fn ca_for(
    key: &str,
    path: Option<&Path>,
    url: &str,
    scheme: &str,
) -> Result<Option<CaFile>, String> {
    let Some(path) = path else {
        return Ok(None);
    };
    tls_url(key, url, scheme)?;
    CaFile::read(key, path).map(Some)
}

/// Whether `url` is a `scheme` (TLS) URL; `key`, the setting that needs
/// it, names it in the error.
fn tls_url(key: &str, url: &str, scheme: &str) -> Result<(), String> {
    let tls = url
        .split_once("://")
        .is_some_and(|(s, _)| s.eq_ignore_ascii_case(scheme));
    if tls {
        return Ok(());
    }
    Err(format!(
        "{key} is set but the URL is not {scheme}:// (TLS): {}",
        url.split_once("://").map_or(url, |(s, _)| s)
    ))
}

/// The gateway's own certificate chain and private key (PEM), shown to a
/// server that asks for one (mutual TLS: the server's CertificateRequest,
/// RFC 8446 §4.3.2; the client's Certificate, §4.4.2).
#[derive(Clone, PartialEq, Eq)]
pub struct ClientCert {
    /// The certificate chain, the gateway's own first (PEM).
    pub cert_pem: String,
    /// Its private key (PEM: PKCS#8, PKCS#1 or SEC1).
    pub key_pem: String,
}

impl std::fmt::Debug for ClientCert {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCert").finish_non_exhaustive()
    }
}

impl ClientCert {
    /// Reads the certificate file and the key file, checked to be PEM (at
    /// least one certificate, one private key), so that a wrong file is
    /// told at start; `prefix` ("amqp", "redis") names the settings in the
    /// error.
    pub fn read(prefix: &str, cert: &Path, key: &Path) -> Result<ClientCert, String> {
        let cert_pem = certificates(&format!("{prefix}_cert_file"), cert)?;
        let shown = key.display();
        let key_pem =
            std::fs::read_to_string(key).map_err(|e| format!("{prefix}_key_file {shown}: {e}"))?;
        PrivateKeyDer::from_pem_slice(key_pem.as_bytes())
            .map_err(|e| format!("{prefix}_key_file {shown}: no private key in it: {e}"))?;
        Ok(ClientCert { cert_pem, key_pem })
    }
}

/// The client certificate of `prefix` ("amqp" for `amqp_cert_file` and
/// `amqp_key_file`) for `url`, which must then be a `scheme` (TLS) URL;
/// the two files come together or not at all.
pub(crate) fn client_cert_for(
    prefix: &str,
    cert: Option<&Path>,
    key: Option<&Path>,
    url: &str,
    scheme: &str,
) -> Result<Option<ClientCert>, String> {
    match (cert, key) {
        (None, None) => Ok(None),
        (Some(cert), Some(key)) => {
            tls_url(&format!("{prefix}_cert_file"), url, scheme)?;
            ClientCert::read(prefix, cert, key).map(Some)
        }
        (Some(_), None) => Err(format!(
            "{prefix}_cert_file is set without {prefix}_key_file (its private key)"
        )),
        (None, Some(_)) => Err(format!(
            "{prefix}_key_file is set without {prefix}_cert_file (its certificate)"
        )),
    }
}

/// Whether `e` is the server's certificate failing its checks (an unknown
/// issuer, a name it is not for, expired), or the server refusing the
/// gateway's (none given, or one it does not trust: its alert, RFC 8446
/// §6.2): a setting to fix, not a broker that is down.
pub(crate) fn is_certificate_error(e: &(dyn std::error::Error + 'static)) -> bool {
    use rustls::AlertDescription as A;
    let mut cause = Some(e);
    while let Some(e) = cause {
        match e.downcast_ref::<rustls::Error>() {
            Some(rustls::Error::InvalidCertificate(_)) => return true,
            Some(rustls::Error::AlertReceived(
                A::CertificateRequired
                | A::BadCertificate
                | A::UnknownCA
                | A::CertificateUnknown
                | A::CertificateExpired
                | A::CertificateRevoked
                | A::UnsupportedCertificate,
            )) => return true,
            _ => {}
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if let Some(inner) = io.get_ref() {
                if is_certificate_error(inner) {
                    return true;
                }
            }
        }
        // The redis crate keeps its cause as an Arc, whose source() skips
        // the io::Error that holds rustls's.
        type Shared = std::sync::Arc<dyn std::error::Error + Send + Sync>;
        if let Some(shared) = e.downcast_ref::<Shared>() {
            if is_certificate_error(&**shared) {
                return true;
            }
        }
        cause = e.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ca_file_needs_a_tls_url_and_a_certificate() {
        let dir = std::env::temp_dir().join(format!("smpp-gateway-ca-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let empty = dir.join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").unwrap();
        assert_eq!(ca_for("amqp_ca_file", None, "amqp://h", "amqps"), Ok(None));
        let e = ca_for("amqp_ca_file", Some(&empty), "amqp://h", "amqps").unwrap_err();
        assert!(e.contains("not amqps://"), "{e}");
        let e = ca_for("redis_ca_file", Some(&empty), "rediss://h", "rediss").unwrap_err();
        assert!(e.contains("no certificate"), "{e}");
        let e = ca_for(
            "redis_ca_file",
            Some(&dir.join("none")),
            "rediss://h",
            "rediss",
        )
        .unwrap_err();
        assert!(e.starts_with("redis_ca_file "), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn certificate_errors_are_told_apart() {
        let bad = rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
        let io = std::io::Error::new(std::io::ErrorKind::InvalidData, bad);
        assert!(is_certificate_error(&io));
        let bad = rustls::Error::InvalidCertificate(rustls::CertificateError::NotValidForName);
        let io = std::io::Error::new(std::io::ErrorKind::InvalidData, bad);
        assert!(is_certificate_error(&redis::RedisError::from(io)));
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert!(!is_certificate_error(&refused));
        // The server refusing the gateway's certificate, or its absence.
        let alert = rustls::Error::AlertReceived(rustls::AlertDescription::CertificateRequired);
        let io = std::io::Error::new(std::io::ErrorKind::InvalidData, alert);
        assert!(is_certificate_error(&io));
        let alert = rustls::Error::AlertReceived(rustls::AlertDescription::InternalError);
        let io = std::io::Error::new(std::io::ErrorKind::InvalidData, alert);
        assert!(!is_certificate_error(&io));
    }

    #[test]
    fn client_certificate_needs_both_files_a_tls_url_and_pem() {
        let dir = std::env::temp_dir().join(format!("smpp-gateway-cc-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let junk = dir.join("junk.pem");
        std::fs::write(&junk, "not PEM\n").unwrap();
        let f = Some(junk.as_path());
        let for_url = |cert, key, url| client_cert_for("amqp", cert, key, url, "amqps");
        assert_eq!(for_url(None, None, "amqp://h"), Ok(None));
        let e = for_url(f, None, "amqps://h").unwrap_err();
        assert!(
            e.contains("amqp_cert_file is set without amqp_key_file"),
            "{e}"
        );
        let e = for_url(None, f, "amqps://h").unwrap_err();
        assert!(
            e.contains("amqp_key_file is set without amqp_cert_file"),
            "{e}"
        );
        let e = for_url(f, f, "amqp://h").unwrap_err();
        assert!(
            e.contains("amqp_cert_file is set but the URL is not amqps://"),
            "{e}"
        );
        let e = for_url(f, f, "amqps://h").unwrap_err();
        assert!(
            e.contains("amqp_cert_file ") && e.contains("no certificate"),
            "{e}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
