//! TLS options of the `smpp` tool: `smsc --tls-cert/--tls-key
//! [--tls-client-ca]` and, for the clients, `--ca` and
//! `--client-cert/--client-key`. The PEM files are read once, before any
//! connection; a file that cannot be read or holds no certificate or key is
//! one error line (exit 1).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Args;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use smpp_io_tokio::rustls;
use smpp_io_tokio::tls;

/// TLS options of `smpp smsc`.
#[derive(Debug, Args)]
pub(crate) struct ServerTlsArgs {
    /// Serve TLS (smpps://) with this certificate chain (PEM, server
    /// certificate first); needs --tls-key.
    #[arg(long, value_name = "PEM", requires = "tls_key")]
    pub(crate) tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1).
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    pub(crate) tls_key: Option<PathBuf>,
    /// Mutual TLS: require a client certificate signed by one of these CA
    /// certificates (PEM); needs --tls-cert and --tls-key.
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    pub(crate) tls_client_ca: Option<PathBuf>,
    /// Serve TLS on this address and plain TCP on --listen, at once, as one
    /// simulator (GatewayAPI: 2775 plain, 8775 TLS): a receipt for a
    /// message submitted on one goes to a receiver bound on the other.
    /// Without it, --tls-cert makes --listen TLS. Needs --tls-cert.
    #[arg(long, value_name = "ADDR", requires = "tls_cert")]
    pub(crate) tls_listen: Option<String>,
}

/// TLS options of the clients (`send`, `listen`, `bench`); they apply to
/// `smpps://` URLs.
#[derive(Debug, Args)]
pub(crate) struct ClientTlsArgs {
    /// Trust the CA certificates in this PEM file for smpps:// instead of the
    /// public web roots. The URL's host is the name checked against the
    /// server certificate.
    #[arg(long, value_name = "PEM")]
    pub(crate) ca: Option<PathBuf>,
    /// Mutual TLS: present this client certificate chain (PEM); needs
    /// --client-key.
    #[arg(long, value_name = "PEM", requires = "client_key")]
    pub(crate) client_cert: Option<PathBuf>,
    /// The private key of --client-cert (PEM).
    #[arg(long, value_name = "PEM", requires = "client_cert")]
    pub(crate) client_key: Option<PathBuf>,
    /// Also require the server certificate to match this pin (repeat for
    /// several, any may match): cert-sha256:HEX (SHA-256 of the
    /// certificate) or spki-sha256:HEX (of its public key, which survives
    /// a renewal with the same key). IPWorks' SSLAcceptServerCertStore.
    #[arg(long, value_name = "PIN")]
    pub(crate) pin: Vec<String>,
    /// Trust the pinned certificate alone, without checking its chain
    /// (a self-signed SMSC certificate).
    #[arg(long, requires = "pin")]
    pub(crate) pin_only: bool,
}

/// Reads `path` first for a plain I/O error ("No such file…"), then parses it.
fn readable(what: &str, path: &Path) -> Result<(), String> {
    std::fs::read(path)
        .map(drop)
        .map_err(|e| format!("cannot read the {what} {}: {e}", path.display()))
}

fn certs(what: &str, path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    readable(what, path)?;
    match tls::load_certs(path) {
        Ok(certs) if !certs.is_empty() => Ok(certs),
        Ok(_) => Err(format!(
            "the {what} {} holds no PEM certificate",
            path.display()
        )),
        Err(e) => Err(format!(
            "the {what} {} is not valid PEM: {e}",
            path.display()
        )),
    }
}

fn key(what: &str, path: &Path) -> Result<PrivateKeyDer<'static>, String> {
    readable(what, path)?;
    tls::load_key(path).map_err(|e| {
        format!(
            "the {what} {} holds no PEM private key ({e})",
            path.display()
        )
    })
}

impl ServerTlsArgs {
    /// The server's TLS configuration, or `None` without --tls-cert.
    pub(crate) fn config(&self) -> Result<Option<Arc<rustls::ServerConfig>>, String> {
        let (Some(cert), Some(key_path)) = (&self.tls_cert, &self.tls_key) else {
            return Ok(None);
        };
        let chain = certs("certificate (--tls-cert)", cert)?;
        let k = key("key (--tls-key)", key_path)?;
        let roots = self
            .tls_client_ca
            .as_deref()
            .map(|p| certs("client CA (--tls-client-ca)", p))
            .transpose()?;
        tls::server_config(chain, k, roots.as_deref())
            .map(Some)
            .map_err(|e| format!("cannot use --tls-cert, --tls-key and --tls-client-ca: {e}"))
    }
}

impl ClientTlsArgs {
    /// The clients' TLS configuration, or `None` when no option is given
    /// (`smpps://` then trusts the public web roots). An option given with
    /// an `smpp://` URL is an error rather than silently unused.
    pub(crate) fn config(&self, url: &str) -> Result<Option<Arc<rustls::ClientConfig>>, String> {
        if self.ca.is_none() && self.client_cert.is_none() && self.pin.is_empty() {
            return Ok(None);
        }
        if !url.starts_with("smpps://") {
            return Err("--ca, --client-cert, --client-key and --pin need an smpps:// URL".into());
        }
        let roots = match &self.ca {
            Some(p) => certs("CA certificate (--ca)", p)?,
            None => Vec::new(),
        };
        let client = match (&self.client_cert, &self.client_key) {
            (Some(c), Some(k)) => Some((
                certs("client certificate (--client-cert)", c)?,
                key("client key (--client-key)", k)?,
            )),
            _ => None,
        };
        if !self.pin.is_empty() {
            let pins = self
                .pin
                .iter()
                .map(|p| p.parse::<tls::Pin>().map_err(|e| format!("--pin {p}: {e}")))
                .collect::<Result<Vec<_>, _>>()?;
            let mode = if self.pin_only {
                tls::PinMode::PinOnly
            } else {
                tls::PinMode::WithChain
            };
            return tls::pinned_client_config(&roots, client, &pins, mode)
                .map(Some)
                .map_err(|e| format!("cannot use --pin: {e}"));
        }
        tls::client_config(&roots, client)
            .map(Some)
            .map_err(|e| format!("cannot use --ca, --client-cert and --client-key: {e}"))
    }
}
