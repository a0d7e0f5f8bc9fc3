//! The HTTP side of the peers' benchmark: Jasmin's `/send` and Kannel's
//! `/cgi-bin/sendsms` are driven with `GET`s over keep-alive HTTP/1.1
//! connections (RFC 9112: a body of Content-Length octets or chunked),
//! several at once.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::TcpStream;

/// Percent-encodes a query value (RFC 3986 §2.1: all but the unreserved).
pub(crate) fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Keep-alive connections to 127.0.0.1:`port`, opened one after another
/// before the clock starts: opened all at once, more of them than the
/// server's listen backlog would wait for a SYN retransmission (1 s or more)
/// and that wait would be counted against the server.
pub(crate) async fn connect(port: u16, connections: usize) -> Result<Vec<Connection>, String> {
    let mut all = Vec::with_capacity(connections);
    for _ in 0..connections {
        all.push(open(port).await?);
    }
    Ok(all)
}

/// A keep-alive connection.
pub(crate) type Connection = BufReader<TcpStream>;

async fn open(port: u16) -> Result<Connection, String> {
    let s = TcpStream::connect(("127.0.0.1", port))
        .await
        .map_err(|e| format!("connect :{port}: {e}"))?;
    s.set_nodelay(true).map_err(|e| e.to_string())?;
    Ok(BufReader::new(s))
}

/// Sends `GET path(i)` for every `i` below `n` over `connections` (to
/// 127.0.0.1:`port`, which a closed one is opened to again), one request at
/// a time on each; each answer must be 2xx with a body for which `accepted`
/// holds. The time from the start until the last answer.
pub(crate) async fn get_all(
    port: u16,
    connections: Vec<Connection>,
    n: usize,
    path: impl Fn(usize) -> String + Send + Sync + 'static,
    accepted: fn(&str) -> bool,
) -> Result<Duration, String> {
    let started = Instant::now();
    let next = Arc::new(AtomicUsize::new(0));
    let path = Arc::new(path);
    let workers: Vec<_> = connections
        .into_iter()
        .map(|c| {
            let (next, path) = (next.clone(), path.clone());
            tokio::spawn(async move {
                let mut conn = Some(c);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        return Ok::<(), String>(());
                    }
                    let c = match conn.as_mut() {
                        Some(c) => c,
                        None => conn.insert(open(port).await?),
                    };
                    let p = path(i);
                    let (status, close, body) = get(c, &p).await?;
                    if !(200..300).contains(&status) || !accepted(&body) {
                        return Err(format!("GET {p}: {status} {body}"));
                    }
                    if close {
                        conn = None;
                    }
                }
            })
        })
        .collect();
    for w in workers {
        w.await.map_err(|e| e.to_string())??;
    }
    Ok(started.elapsed())
}

/// One request on a keep-alive connection: the status, whether the server
/// closes the connection after it, and the body.
async fn get(c: &mut Connection, path: &str) -> Result<(u16, bool, String), String> {
    let io = |e: std::io::Error| format!("GET {path}: {e}");
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    c.get_mut()
        .write_all(request.as_bytes())
        .await
        .map_err(io)?;
    let mut line = String::new();
    c.read_line(&mut line).await.map_err(io)?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("GET {path}: no status line in {line:?}"))?;
    let (mut length, mut chunked, mut close) = (0usize, false, line.starts_with("HTTP/1.0"));
    loop {
        line.clear();
        c.read_line(&mut line).await.map_err(io)?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let Some((name, value)) = header.split_once(':') else {
            continue;
        };
        let value = value.trim().to_ascii_lowercase();
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.parse().map_err(|_| format!("{header:?}"))?,
            "transfer-encoding" => chunked = value.contains("chunked"),
            "connection" => close = value == "close",
            _ => {}
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            c.read_line(&mut line).await.map_err(io)?;
            let size = line.trim().split(';').next().unwrap_or("");
            let size = usize::from_str_radix(size, 16).map_err(|_| format!("chunk {line:?}"))?;
            let mut chunk = vec![0; size + 2];
            if size == 0 {
                // The trailer section ends with an empty line.
                loop {
                    line.clear();
                    c.read_line(&mut line).await.map_err(io)?;
                    if line.trim_end().is_empty() {
                        break;
                    }
                }
                break;
            }
            c.read_exact(&mut chunk).await.map_err(io)?;
            chunk.truncate(size);
            body.extend_from_slice(&chunk);
        }
    } else {
        body.resize(length, 0);
        c.read_exact(&mut body).await.map_err(io)?;
    }
    Ok((status, close, String::from_utf8_lossy(&body).into_owned()))
}
