//! `smpp send|listen|bench --proxy`: the binary as a process against
//! `smpp smsc`, through real proxies started by the test (Dante's `danted`
//! for SOCKS5, tinyproxy for HTTP CONNECT with Basic authentication),
//! installed by `tests/peers` on first use; and the URL's `?proxy=`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

mod common;

use common::{smpp, Smsc};

#[test]
fn send_through_socks5_and_http_connect() {
    let (Some(socks), Some(http)) = (
        peers::start_danted(),
        peers::start_tinyproxy(Some(("webuser", "webpass"))),
    ) else {
        return;
    };
    let smsc = Smsc::start(&[]);
    // "localhost": the SOCKS5 proxy resolves the SMSC's name.
    let url = format!("smpp://esme:pw@localhost:{}", smsc.port);
    let socks_url = format!("socks5://127.0.0.1:{}", socks.port());
    let r = smpp(&[
        "send",
        "--url",
        &url,
        "--proxy",
        &socks_url,
        "--to",
        "447700900123",
        "--text",
        "via SOCKS5",
        "--wait-receipts",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        socks.log().contains(&format!(" 127.0.0.1.{}\n", smsc.port)),
        "danted did not carry it:\n{}",
        socks.log()
    );

    // The URL's proxy parameter, HTTP CONNECT with credentials.
    let http_url = format!(
        "smpp://esme:pw@127.0.0.1:{}?proxy=http://webuser:webpass@127.0.0.1:{}",
        smsc.port,
        http.port()
    );
    let r = smpp(&["bench", "--url", &http_url, "--count", "50", "--json"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(http
        .log()
        .contains(&format!("CONNECT 127.0.0.1:{} HTTP/1.1", smsc.port)));

    // Wrong proxy credentials: one line naming the proxy, password hidden.
    let wrong = format!("http://webuser:oops@127.0.0.1:{}", http.port());
    let r = smpp(&[
        "send", "--url", &url, "--proxy", &wrong, "--to", "1", "--text", "x",
    ]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("proxy") && r.stderr.contains("authentication failed"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("oops"), "{}", r.stderr);

    // A proxy URL that does not parse is a usage error of its own.
    let r = smpp(&[
        "send", "--url", &url, "--proxy", "ftp://x", "--to", "1", "--text", "x",
    ]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("--proxy"), "{}", r.stderr);
}
