//! TLS for client and server with rustls (through tokio-rustls), mutual TLS
//! optional. SMPP itself has no TLS; `smpps://` is the common convention of
//! running SMPP inside a TLS connection.
//!
//! A client may pin the server's certificate or its public key
//! ([`Pin`], [`pinned_client_config`]): the SHA-256 of the certificate's DER,
//! or of its SubjectPublicKeyInfo (RFC 5280 §4.1.2.7, as RFC 7469 §2.4 and
//! curl's `--pinnedpubkey` hash it). After the handshake,
//! [`Client::tls_info`](crate::Client::tls_info) gives the negotiated
//! version, cipher suite and the server's chain.

use std::sync::Arc;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use tokio_rustls::rustls;
use tokio_rustls::rustls::client::danger::{
    HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier,
};
use tokio_rustls::rustls::crypto::WebPkiSupportedAlgorithms;
use tokio_rustls::rustls::{DigitallySignedStruct, SignatureScheme};

use crate::error::Error;

fn tls_err(e: impl std::fmt::Display) -> Error {
    Error::Tls(e.to_string())
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Reads every certificate of a PEM file.
pub fn load_certs(path: &std::path::Path) -> Result<Vec<CertificateDer<'static>>, Error> {
    CertificateDer::pem_file_iter(path)
        .map_err(tls_err)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(tls_err)
}

/// Reads the first private key of a PEM file.
pub fn load_key(path: &std::path::Path) -> Result<PrivateKeyDer<'static>, Error> {
    PrivateKeyDer::from_pem_file(path).map_err(tls_err)
}

/// A client configuration trusting `roots` (the public web roots when
/// empty), presenting `client_cert` for mutual TLS when given.
pub fn client_config(
    roots: &[CertificateDer<'static>],
    client_cert: Option<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>)>,
) -> Result<Arc<rustls::ClientConfig>, Error> {
    let builder = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(tls_err)?
        .with_root_certificates(root_store(roots)?);
    let config = match client_cert {
        Some((chain, key)) => builder.with_client_auth_cert(chain, key).map_err(tls_err)?,
        None => builder.with_no_client_auth(),
    };
    Ok(Arc::new(config))
}

fn root_store(roots: &[CertificateDer<'static>]) -> Result<rustls::RootCertStore, Error> {
    let mut store = rustls::RootCertStore::empty();
    if roots.is_empty() {
        store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    } else {
        for r in roots {
            store.add(r.clone()).map_err(tls_err)?;
        }
    }
    Ok(store)
}

/// A pinned server certificate or public key: a SHA-256 digest. Written
/// `cert-sha256:HEX` or `spki-sha256:HEX` (64 hex digits, `:` between
/// octets allowed, as `openssl x509 -fingerprint -sha256` prints them).
///
/// ```
/// use smpp_io_tokio::tls::Pin;
///
/// let pin: Pin = "spki-sha256:2b:9b:bb:a0:92:7d:ba:b6:0e:26:bf:56:10:ae:23:f1:73:2a:b0:d6:b6:25:1b:b1:36:98:b6:a4:c6:c8:b6:0f".parse()?;
/// assert!(matches!(pin, Pin::PublicKey(_)));
/// assert_eq!(pin.to_string().parse::<Pin>()?, pin);
/// # Ok::<(), smpp_io_tokio::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Pin {
    /// SHA-256 of the server certificate's DER encoding.
    Certificate([u8; 32]),
    /// SHA-256 of the server certificate's DER SubjectPublicKeyInfo
    /// (RFC 5280 §4.1.2.7): stays the same when the certificate is renewed
    /// with the same key.
    PublicKey([u8; 32]),
}

impl Pin {
    /// The certificate pin of `cert`.
    pub fn certificate(cert: &CertificateDer<'_>) -> Pin {
        Pin::Certificate(sha256(cert.as_ref()))
    }

    /// The public-key pin of `cert`; an error when it does not parse as an
    /// X.509 certificate.
    pub fn public_key(cert: &CertificateDer<'_>) -> Result<Pin, Error> {
        let parsed = webpki::EndEntityCert::try_from(cert).map_err(tls_err)?;
        Ok(Pin::PublicKey(sha256(
            parsed.subject_public_key_info().as_ref(),
        )))
    }

    fn matches(&self, cert: &CertificateDer<'_>) -> bool {
        match self {
            Pin::Certificate(_) => Pin::certificate(cert) == *self,
            Pin::PublicKey(_) => Pin::public_key(cert).is_ok_and(|p| p == *self),
        }
    }
}

impl std::fmt::Display for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (kind, digest) = match self {
            Pin::Certificate(d) => ("cert", d),
            Pin::PublicKey(d) => ("spki", d),
        };
        write!(f, "{kind}-sha256:")?;
        digest.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl std::str::FromStr for Pin {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let bad = || {
            Error::Tls(format!(
                "bad pin {s:?}: cert-sha256:HEX or spki-sha256:HEX with 32 octets"
            ))
        };
        let (kind, hex) = s.split_once(':').ok_or_else(bad)?;
        let digits: Vec<u8> = hex.bytes().filter(|&b| b != b':').collect();
        let mut digest = [0u8; 32];
        if digits.len() != 64 {
            return Err(bad());
        }
        for (out, pair) in digest.iter_mut().zip(digits.chunks(2)) {
            let pair = std::str::from_utf8(pair).map_err(|_| bad())?;
            *out = u8::from_str_radix(pair, 16).map_err(|_| bad())?;
        }
        match kind.to_ascii_lowercase().as_str() {
            "cert-sha256" => Ok(Pin::Certificate(digest)),
            "spki-sha256" => Ok(Pin::PublicKey(digest)),
            _ => Err(bad()),
        }
    }
}

fn sha256(data: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(ring::digest::digest(&ring::digest::SHA256, data).as_ref());
    out
}

/// How a pinned client checks the server ([`pinned_client_config`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PinMode {
    /// Verify the chain against the roots and the name as usual, and then
    /// require the server certificate to match a pin.
    WithChain,
    /// Accept the server certificate if it matches a pin, whoever signed
    /// it and whatever name it carries (a self-signed SMSC certificate);
    /// the handshake signatures are still verified with its key.
    PinOnly,
}

/// A client configuration as [`client_config`] makes it, that also
/// requires the server certificate to match one of `pins` (any of them: give
/// the next key's pin too before a rollover). With [`PinMode::PinOnly`]
/// `roots` are not used. A mismatch fails the handshake with
/// [`Error::Tls`] naming the server certificate's pins.
pub fn pinned_client_config(
    roots: &[CertificateDer<'static>],
    client_cert: Option<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>)>,
    pins: &[Pin],
    mode: PinMode,
) -> Result<Arc<rustls::ClientConfig>, Error> {
    if pins.is_empty() {
        return Err(Error::Tls("no pin given".into()));
    }
    let provider = provider();
    let chain = match mode {
        PinMode::WithChain => Some(
            rustls::client::WebPkiServerVerifier::builder_with_provider(
                Arc::new(root_store(roots)?),
                provider.clone(),
            )
            .build()
            .map_err(tls_err)?,
        ),
        PinMode::PinOnly => None,
    };
    let verifier = Arc::new(PinnedVerifier {
        chain,
        pins: pins.to_vec(),
        algorithms: provider.signature_verification_algorithms,
    });
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(tls_err)?
        .dangerous()
        .with_custom_certificate_verifier(verifier);
    let config = match client_cert {
        Some((chain, key)) => builder.with_client_auth_cert(chain, key).map_err(tls_err)?,
        None => builder.with_no_client_auth(),
    };
    Ok(Arc::new(config))
}

/// The chain check (or none), then the pins.
#[derive(Debug)]
struct PinnedVerifier {
    chain: Option<Arc<rustls::client::WebPkiServerVerifier>>,
    pins: Vec<Pin>,
    algorithms: WebPkiSupportedAlgorithms,
}

#[derive(Debug)]
struct PinMismatch(String);

impl std::fmt::Display for PinMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PinMismatch {}

impl ServerCertVerifier for PinnedVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Some(chain) = &self.chain {
            chain.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)?;
        }
        if self.pins.iter().any(|p| p.matches(end_entity)) {
            return Ok(ServerCertVerified::assertion());
        }
        let mut has = Pin::certificate(end_entity).to_string();
        if let Ok(spki) = Pin::public_key(end_entity) {
            has = format!("{has} or {spki}");
        }
        Err(rustls::Error::InvalidCertificate(
            rustls::CertificateError::Other(rustls::OtherError(Arc::new(PinMismatch(format!(
                "the server certificate matches no pin (it is {has})"
            ))))),
        ))
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// A server configuration with this certificate chain and key; when
/// `client_roots` is given, clients must present a certificate they sign.
pub fn server_config(
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
    client_roots: Option<&[CertificateDer<'static>]>,
) -> Result<Arc<rustls::ServerConfig>, Error> {
    let builder = rustls::ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(tls_err)?;
    let builder = match client_roots {
        Some(roots) => {
            let mut store = rustls::RootCertStore::empty();
            for r in roots {
                store.add(r.clone()).map_err(tls_err)?;
            }
            let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
                Arc::new(store),
                provider(),
            )
            .build()
            .map_err(tls_err)?;
            builder.with_client_cert_verifier(verifier)
        }
        None => builder.with_no_client_auth(),
    };
    Ok(Arc::new(
        builder.with_single_cert(chain, key).map_err(tls_err)?,
    ))
}
