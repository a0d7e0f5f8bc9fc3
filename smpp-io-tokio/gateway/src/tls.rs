//! TLS to RabbitMQ (`amqps://`) and Redis (`rediss://`): rustls on ring,
//! the provider `smpp-io-tokio`'s own TLS uses. The server's certificate
//! is checked against the system's root certificates, plus the
//! certificates of a CA file (PEM) for a private CA: `amqp_ca_file`
//! (added to the system's roots, as lapin does) and `redis_ca_file` (in
//! place of them, as the redis crate does).

use std::path::Path;

use rustls_pki_types::pem::PemObject as _;
use rustls_pki_types::CertificateDer;

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
        Ok(CaFile { pem })
    }
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
    let tls = url
        .split_once("://")
        .is_some_and(|(s, _)| s.eq_ignore_ascii_case(scheme));
    if !tls {
        return Err(format!(
            "{key} is set but the URL is not {scheme}:// (TLS): {}",
            url.split_once("://").map_or(url, |(s, _)| s)
        ));
    }
    CaFile::read(key, path).map(Some)
}

/// Whether `e` is the server's certificate failing its checks (an unknown
/// issuer, a name it is not for, expired): a setting to fix, not a broker
/// that is down.
pub(crate) fn is_certificate_error(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(e);
    while let Some(e) = cause {
        if let Some(rustls::Error::InvalidCertificate(_)) = e.downcast_ref::<rustls::Error>() {
            return true;
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
    }
}
