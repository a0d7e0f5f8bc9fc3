//! `smpp -v`: the library's own events on stderr (refused binds, closed
//! sessions, protocol errors), never a password, and nothing extra without
//! the flag.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{smpp, BIN};

/// Starts `smpp smsc` with `args`; returns it and its port.
fn smsc(
    args: &[&str],
) -> (
    std::process::Child,
    BufReader<std::process::ChildStderr>,
    u16,
) {
    let mut child = Command::new(BIN)
        .args(["smsc", "--listen", "127.0.0.1:0", "--quiet"])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    let port = line.trim().rsplit(':').next().unwrap().parse().unwrap();
    (child, err, port)
}

fn stop(mut child: std::process::Child, mut err: BufReader<std::process::ChildStderr>) -> String {
    std::thread::sleep(Duration::from_millis(300));
    let _ = child.kill();
    let _ = child.wait();
    let mut rest = String::new();
    err.read_to_string(&mut rest).unwrap();
    rest
}

#[test]
fn verbose_smsc_logs_refused_binds_and_garbage_but_no_password() {
    let users = std::env::temp_dir().join(format!("smpp-verbose-users-{}", std::process::id()));
    std::fs::write(&users, "alice:s3cret\n").unwrap();
    let (child, err, port) = smsc(&["-v", "--users", users.to_str().unwrap()]);
    let url = format!("smpp://alice:wr0ngpw@127.0.0.1:{port}");
    let r = smpp(&["send", "--url", &url, "--to", "1", "--text", "hi"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    // A peer that speaks HTTP.
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut sink = Vec::new();
    let _ = s.read_to_end(&mut sink);
    let log = stop(child, err);
    let _ = std::fs::remove_file(&users);
    assert!(
        log.contains("bind refused"),
        "{log}\nsend said: {}",
        r.stderr
    );
    assert!(log.contains("system_id=alice"), "{log}");
    assert!(log.contains("ESME_RINVPASWD"), "{log}");
    assert!(log.contains("protocol error"), "{log}");
    assert!(log.contains("session closed"), "{log}");
    assert!(!log.contains("wr0ngpw") && !log.contains("s3cret"), "{log}");
    assert!(
        !log.contains('\u{1b}'),
        "no colour codes into a pipe: {log}"
    );
}

#[test]
fn without_verbose_the_smsc_stderr_has_only_its_address() {
    let (child, err, port) = smsc(&[]);
    let url = format!("smpp://bob:pw@127.0.0.1:{port}");
    let r = smpp(&["send", "--url", &url, "--to", "1", "--text", "hi"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let log = stop(child, err);
    assert_eq!(log, "", "nothing after the listening line");
}
