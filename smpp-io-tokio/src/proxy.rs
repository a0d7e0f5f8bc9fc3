//! Reaching the SMSC through a proxy: SOCKS5 (RFC 1928, with the
//! username/password method of RFC 1929) or HTTP CONNECT (RFC 9110 §9.3.6,
//! with Basic `Proxy-Authorization`, RFC 7617). IPWorks calls this the
//! `Firewall` (`FirewallType`, `FirewallHost`, `FirewallUser`, …).
//!
//! Each handshake is a short exchange on the TCP connection to the proxy;
//! what follows it is the SMSC's byte stream, TLS included. Nothing past
//! the proxy's reply is read, so no SMPP byte is lost. The caller bounds the
//! whole exchange with [`ClientConfig::connect_timeout`](crate::ClientConfig::connect_timeout).
//!
//! Read RFC 1928 §3–§6, RFC 1929 §2 and RFC 9110 §9.3.6 before editing.

use std::net::IpAddr;

use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _};

use crate::error::Error;

/// The kind of proxy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProxyKind {
    /// SOCKS version 5 (RFC 1928). The SMSC's host name is sent as a name
    /// (address type DOMAINNAME, §5), so the proxy resolves it.
    Socks5,
    /// An HTTP proxy's CONNECT tunnel (RFC 9110 §9.3.6).
    HttpConnect,
}

/// A proxy to connect through: `socks5://[USER:PASS@]HOST:PORT` or
/// `http://[USER:PASS@]HOST:PORT`. The password is never printed by `Debug`.
///
/// ```
/// use smpp_io_tokio::proxy::{Proxy, ProxyKind};
///
/// let p: Proxy = "socks5://me:s%40cret@proxy.example:1080".parse()?;
/// assert_eq!(p.kind, ProxyKind::Socks5);
/// assert_eq!(p.credentials(), Some(("me", "s@cret")));
/// # Ok::<(), smpp_io_tokio::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Proxy {
    /// SOCKS5 or HTTP CONNECT.
    pub kind: ProxyKind,
    /// The proxy's host name or address.
    pub host: String,
    /// The proxy's port (default 1080 for SOCKS5, 8080 for HTTP).
    pub port: u16,
    /// Username and password, if the proxy wants them.
    pub auth: Option<(String, String)>,
}

impl std::fmt::Debug for Proxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Proxy")
            .field("kind", &self.kind)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.auth.as_ref().map(|(u, _)| u))
            .finish_non_exhaustive()
    }
}

impl std::fmt::Display for Proxy {
    /// The URL without the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scheme = match self.kind {
            ProxyKind::Socks5 => "socks5",
            ProxyKind::HttpConnect => "http",
        };
        write!(f, "{scheme}://")?;
        if let Some((user, _)) = &self.auth {
            write!(f, "{user}:***@")?;
        }
        write!(f, "{}", HostPort(&self.host, self.port))
    }
}

impl std::str::FromStr for Proxy {
    type Err = Error;

    /// Parses `socks5://`, `socks5h://` (the same: the proxy always
    /// resolves) or `http://` URLs; percent-escapes are decoded in the
    /// credentials.
    fn from_str(url: &str) -> Result<Self, Error> {
        let bad = |why: &str| Error::Url(format!("{url}: {why}"));
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| bad("a proxy URL is socks5://HOST:PORT or http://HOST:PORT"))?;
        let (kind, default_port) = match scheme.to_ascii_lowercase().as_str() {
            "socks5" | "socks5h" => (ProxyKind::Socks5, 1080),
            "http" => (ProxyKind::HttpConnect, 8080),
            _ => return Err(bad("the proxy scheme is socks5:// or http://")),
        };
        let rest = rest.trim_end_matches('/');
        let (auth, hostport) = match rest.rsplit_once('@') {
            Some((creds, hp)) => {
                let (user, pass) = creds.split_once(':').unwrap_or((creds, ""));
                let decode =
                    |s| crate::client::percent_decode(s).ok_or_else(|| bad("bad percent-escape"));
                (Some((decode(user)?, decode(pass)?)), hp)
            }
            None => (None, rest),
        };
        let (host, port) = crate::client::split_host_port(hostport, default_port)
            .ok_or_else(|| bad("bad host or port"))?;
        if let Some((user, pass)) = &auth {
            // RFC 1929 §2: each is one to 255 octets.
            if kind == ProxyKind::Socks5
                && (user.is_empty() || user.len() > 255 || pass.len() > 255)
            {
                return Err(bad("SOCKS5 username and password are 1 to 255 bytes"));
            }
        }
        Ok(Proxy {
            kind,
            host: host.to_string(),
            port,
            auth,
        })
    }
}

impl Proxy {
    /// Parses a proxy URL (see [`Proxy`]'s `FromStr`).
    pub fn from_url(url: &str) -> Result<Self, Error> {
        url.parse()
    }

    /// The username and password, if any.
    pub fn credentials(&self) -> Option<(&str, &str)> {
        self.auth.as_ref().map(|(u, p)| (u.as_str(), p.as_str()))
    }

    /// Asks the proxy, over `stream` (already connected to it), for a
    /// tunnel to `host:port`. On `Ok` the stream carries the target's bytes.
    pub async fn handshake<S>(&self, stream: &mut S, host: &str, port: u16) -> Result<(), Error>
    where
        S: AsyncRead + AsyncWrite + Unpin,
    {
        let r = match self.kind {
            ProxyKind::Socks5 => socks5(stream, self.credentials(), host, port).await,
            ProxyKind::HttpConnect => http_connect(stream, self.credentials(), host, port).await,
        };
        r.map_err(|e| match e {
            Step::Io(e) => Error::Proxy(format!("{self}: {e}")),
            Step::Refused(why) => Error::Proxy(format!("{self}: {why}")),
        })
    }
}

/// `host:port`, with brackets around an IPv6 address.
struct HostPort<'a>(&'a str, u16);

impl std::fmt::Display for HostPort<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.contains(':') {
            write!(f, "[{}]:{}", self.0, self.1)
        } else {
            write!(f, "{}:{}", self.0, self.1)
        }
    }
}

enum Step {
    Io(std::io::Error),
    Refused(String),
}

impl From<std::io::Error> for Step {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            Step::Refused("the proxy closed the connection during the handshake".into())
        } else {
            Step::Io(e)
        }
    }
}

fn refused(why: impl Into<String>) -> Step {
    Step::Refused(why.into())
}

// RFC 1928 §3: method numbers.
const NO_AUTH: u8 = 0x00;
const USER_PASS: u8 = 0x02;
const NO_ACCEPTABLE: u8 = 0xff;

async fn socks5<S>(s: &mut S, auth: Option<(&str, &str)>, host: &str, port: u16) -> Result<(), Step>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    // RFC 1928 §3: VER, NMETHODS, METHODS.
    let hello: &[u8] = match auth {
        Some(_) => &[5, 2, USER_PASS, NO_AUTH],
        None => &[5, 1, NO_AUTH],
    };
    s.write_all(hello).await?;
    let mut choice = [0u8; 2];
    s.read_exact(&mut choice).await?;
    if choice[0] != 5 {
        return Err(refused(format!(
            "not a SOCKS5 proxy (version byte {:#04x})",
            choice[0]
        )));
    }
    match (choice[1], auth) {
        (NO_AUTH, _) => {}
        (USER_PASS, Some((user, pass))) => {
            // RFC 1929 §2: VER 1, ULEN, UNAME, PLEN, PASSWD.
            let mut req = Vec::with_capacity(3 + user.len() + pass.len());
            req.push(1);
            push_short(&mut req, user.as_bytes(), "username")?;
            push_short(&mut req, pass.as_bytes(), "password")?;
            s.write_all(&req).await?;
            let mut status = [0u8; 2];
            s.read_exact(&mut status).await?;
            // RFC 1929 §2: STATUS 0 is success, anything else failure.
            if status[1] != 0 {
                return Err(refused(
                    "SOCKS5 authentication failed (username/password refused, RFC 1929)",
                ));
            }
        }
        (NO_ACCEPTABLE, None) => {
            return Err(refused(
                "the SOCKS5 proxy wants authentication: give USER:PASS in the proxy URL",
            ))
        }
        (NO_ACCEPTABLE, Some(_)) => {
            return Err(refused(
                "the SOCKS5 proxy accepts neither username/password nor no authentication",
            ))
        }
        (m, _) => {
            return Err(refused(format!(
                "the SOCKS5 proxy chose method {m:#04x}, which was not offered"
            )))
        }
    }
    // RFC 1928 §4: VER, CMD CONNECT, RSV, ATYP, DST.ADDR, DST.PORT.
    let mut req = vec![5, 1, 0];
    match host.parse::<IpAddr>() {
        Ok(IpAddr::V4(a)) => {
            req.push(1);
            req.extend_from_slice(&a.octets());
        }
        Ok(IpAddr::V6(a)) => {
            req.push(4);
            req.extend_from_slice(&a.octets());
        }
        Err(_) => {
            // §5: DOMAINNAME, a length octet then the name; the proxy resolves it.
            req.push(3);
            push_short(&mut req, host.as_bytes(), "host name")?;
        }
    }
    req.extend_from_slice(&port.to_be_bytes());
    s.write_all(&req).await?;
    // §6: VER, REP, RSV, ATYP, BND.ADDR, BND.PORT.
    let mut head = [0u8; 4];
    s.read_exact(&mut head).await?;
    if head[1] != 0 {
        return Err(refused(format!(
            "the SOCKS5 proxy could not connect to {}: {} (reply {:#04x}, RFC 1928 §6)",
            HostPort(host, port),
            socks5_reply(head[1]),
            head[1]
        )));
    }
    let addr_len = match head[3] {
        1 => 4,
        4 => 16,
        3 => {
            let mut n = [0u8; 1];
            s.read_exact(&mut n).await?;
            usize::from(n[0])
        }
        t => {
            return Err(refused(format!(
                "the SOCKS5 proxy's reply has address type {t:#04x}"
            )))
        }
    };
    let mut bound = vec![0u8; addr_len + 2];
    s.read_exact(&mut bound).await?;
    Ok(())
}

fn push_short(buf: &mut Vec<u8>, value: &[u8], what: &str) -> Result<(), Step> {
    let len = u8::try_from(value.len())
        .map_err(|_| refused(format!("the SOCKS5 {what} is longer than 255 bytes")))?;
    buf.push(len);
    buf.extend_from_slice(value);
    Ok(())
}

/// RFC 1928 §6: the REP field.
fn socks5_reply(rep: u8) -> &'static str {
    match rep {
        1 => "general SOCKS server failure",
        2 => "connection not allowed by ruleset",
        3 => "network unreachable",
        4 => "host unreachable",
        5 => "connection refused",
        6 => "TTL expired",
        7 => "command not supported",
        8 => "address type not supported",
        _ => "unassigned reply code",
    }
}

/// The longest response head read from an HTTP proxy.
const MAX_HEAD: usize = 8 * 1024;

async fn http_connect<S>(
    s: &mut S,
    auth: Option<(&str, &str)>,
    host: &str,
    port: u16,
) -> Result<(), Step>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    // RFC 9110 §9.3.6: the request target is authority-form.
    let target = HostPort(host, port).to_string();
    let mut req = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n");
    if let Some((user, pass)) = auth {
        // RFC 7617 §2: Basic, base64 of user-id ":" password.
        req.push_str("Proxy-Authorization: Basic ");
        req.push_str(&base64(format!("{user}:{pass}").as_bytes()));
        req.push_str("\r\n");
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).await?;
    // Byte by byte up to the blank line: what follows is the SMSC's.
    let mut head = Vec::with_capacity(256);
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() >= MAX_HEAD {
            return Err(refused(format!(
                "the HTTP proxy's response head is longer than {MAX_HEAD} bytes"
            )));
        }
        head.push(s.read_u8().await?);
    }
    let head = String::from_utf8_lossy(&head);
    let status_line = head.lines().next().unwrap_or_default();
    let mut parts = status_line.splitn(3, ' ');
    let version = parts.next().unwrap_or_default();
    let code = parts.next().unwrap_or_default();
    let reason = parts.next().unwrap_or_default().trim();
    if !version.starts_with("HTTP/") {
        return Err(refused(format!("not an HTTP proxy: {status_line:?}")));
    }
    // RFC 9110 §9.3.6: any 2xx means the tunnel is open.
    match code.as_bytes().first() {
        Some(b'2') => Ok(()),
        // 407 (RFC 9110 §15.5.8); some proxies (tinyproxy) answer wrong
        // credentials with 401.
        _ if code == "407" || code == "401" => Err(refused(match auth {
            None => format!(
                "the HTTP proxy wants authentication ({code} {reason}): give USER:PASS in the proxy URL"
            ),
            Some(_) => format!("HTTP proxy authentication failed: {code} {reason}"),
        })),
        _ => Err(refused(format!(
            "the HTTP proxy refused CONNECT {target}: {code} {reason}"
        ))),
    }
}

/// Standard base64 with padding (RFC 4648 §4).
fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let sextet = |n: u32, shift: u32| char::from(ALPHABET[((n >> shift) & 63) as usize]);
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        out.push(sextet(n, 18));
        out.push(sextet(n, 12));
        out.push(if chunk.len() > 1 { sextet(n, 6) } else { '=' });
        out.push(if chunk.len() > 2 { sextet(n, 0) } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

    use super::*;

    #[test]
    fn base64_vectors() {
        // RFC 4648 §10.
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(i.as_bytes()), o);
        }
    }

    #[test]
    fn parses_proxy_urls() {
        let p: Proxy = "http://proxy:3128".parse().unwrap();
        assert_eq!(p.kind, ProxyKind::HttpConnect);
        assert_eq!((p.host.as_str(), p.port, p.auth), ("proxy", 3128, None));
        let p: Proxy = "socks5://u:p%3A@[::1]".parse().unwrap();
        assert_eq!((p.host.as_str(), p.port), ("::1", 1080));
        assert_eq!(p.credentials(), Some(("u", "p:")));
        assert_eq!(p.to_string(), "socks5://u:***@[::1]:1080");
        assert!(!format!("{p:?}").contains("p:"));
        for bad in ["ftp://x:1", "socks5://", "http://h:99999", "proxy:1080"] {
            assert!(bad.parse::<Proxy>().is_err(), "{bad}");
        }
    }

    #[tokio::test]
    async fn socks5_reply_code_is_named() {
        let (mut client, mut server) = tokio::io::duplex(256);
        let proxy: Proxy = "socks5://127.0.0.1:1".parse().unwrap();
        let peer = tokio::spawn(async move {
            let mut hello = [0u8; 3];
            server.read_exact(&mut hello).await.unwrap();
            server.write_all(&[5, 0]).await.unwrap();
            // CONNECT to a domain: 4 + 1 + len("smsc.test") + 2.
            let mut req = [0u8; 16];
            server.read_exact(&mut req).await.unwrap();
            assert_eq!(&req[3..5], &[3, 9]);
            server
                .write_all(&[5, 5, 0, 1, 0, 0, 0, 0, 0, 0])
                .await
                .unwrap();
        });
        let e = proxy
            .handshake(&mut client, "smsc.test", 2775)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("connection refused"), "{e}");
        peer.await.unwrap();
    }

    #[tokio::test]
    async fn http_connect_leaves_what_follows() {
        let (mut client, mut server) = tokio::io::duplex(1024);
        let proxy: Proxy = "http://a:b@127.0.0.1:1".parse().unwrap();
        let peer = tokio::spawn(async move {
            let mut req = vec![0u8; 1024];
            let n = server.read(&mut req).await.unwrap();
            let req = String::from_utf8_lossy(&req[..n]).into_owned();
            server
                .write_all(b"HTTP/1.1 200 Connection established\r\n\r\nSMPP")
                .await
                .unwrap();
            req
        });
        proxy.handshake(&mut client, "::1", 2775).await.unwrap();
        let mut rest = [0u8; 4];
        client.read_exact(&mut rest).await.unwrap();
        assert_eq!(&rest, b"SMPP");
        let req = peer.await.unwrap();
        assert!(req.starts_with("CONNECT [::1]:2775 HTTP/1.1\r\n"), "{req}");
        assert!(req.contains("Proxy-Authorization: Basic YTpi\r\n"), "{req}");
    }
}
