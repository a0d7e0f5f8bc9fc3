//! The `smpp` binary's self-documentation (`--help` of every subcommand has
//! an example and its exit status) and the options that override defaults:
//! `send --encoding`, `bench --seconds`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

mod common;

use std::time::Duration;

use common::{smpp, Smsc};

#[test]
fn every_subcommand_documents_itself() {
    for cmd in [
        "smsc", "send", "listen", "bench", "decode", "encode", "demo",
    ] {
        let r = smpp(&[cmd, "--help"]);
        assert_eq!(r.code, 0, "{cmd}: {}", r.stderr);
        assert!(r.stdout.contains("Usage: smpp"), "{cmd}: {}", r.stdout);
        assert!(
            r.stdout.contains("Example") && r.stdout.contains(&format!("smpp {cmd}")),
            "{cmd} --help has an example: {}",
            r.stdout
        );
        assert!(
            r.stdout.contains("Exit status") || r.stdout.contains("exits 0"),
            "{cmd} --help states its exit status: {}",
            r.stdout
        );
    }
    let r = smpp(&["--help"]);
    assert_eq!(r.code, 0);
    for cmd in [
        "smsc", "send", "listen", "bench", "decode", "encode", "demo",
    ] {
        assert!(r.stdout.contains(cmd), "{}", r.stdout);
    }
}

#[test]
fn send_encoding_can_be_forced() {
    let smsc = Smsc::start(&[]);
    let url = smsc.url("enc:pw");
    let send = |enc: &str, text: &str| {
        smpp(&[
            "send",
            "--url",
            &url,
            "--to",
            "1",
            "--text",
            text,
            "--encoding",
            enc,
            "--json",
        ])
    };
    // A GSM text sent as UCS-2 when asked.
    let r = send("ucs2", "plain text");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\"encoding\":\"UCS-2\""), "{}", r.stdout);
    let r = send("auto", "plain text");
    assert!(
        r.stdout.contains("\"encoding\":\"GSM 7-bit\""),
        "{}",
        r.stdout
    );
    let r = send("latin1", "café");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("\"encoding\":\"Latin-1\""),
        "{}",
        r.stdout
    );
    // A text GSM cannot carry: exit 1, one line.
    let r = send("gsm", "emoji 👋");
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("cannot encode"), "{}", r.stderr);
    let r = send("klingon", "x");
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("unknown encoding"), "{}", r.stderr);
}

#[test]
fn bench_runs_for_seconds() {
    let smsc = Smsc::start(&[]);
    let r = smpp(&[
        "bench",
        "--url",
        &smsc.url("b:p"),
        "--seconds",
        "1",
        "--window",
        "4",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let v: serde_json::Value = serde_json::from_str(r.stdout.lines().last().unwrap()).unwrap();
    assert!(v["sent"].as_u64().unwrap() > 0, "{v}");
    assert_eq!(v["sent"], v["ok"]);
    let secs = v["seconds"].as_f64().unwrap();
    assert!((1.0..5.0).contains(&secs), "{v}");
    assert!(r.took < Duration::from_secs(20));
}
