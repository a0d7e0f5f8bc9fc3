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

/// `smpp send URL --to TO` with `flags`; succeeds.
fn send_with(smsc: &Smsc, creds: &str, to: &str, text: &str, flags: &[&str]) {
    let url = smsc.url(creds);
    let mut args = vec!["send", "--url", &url, "--to", to, "--text", text, "--json"];
    args.extend_from_slice(flags);
    let r = smpp(&args);
    assert_eq!(r.code, 0, "{flags:?}: {}{}", r.stdout, r.stderr);
}

/// The submit_sm log entries of destination `to`, in order.
fn submits_to(smsc: &Smsc, to: &str, parts: usize) -> Vec<serde_json::Value> {
    smsc.wait_for(|v| v["event"] == "submit_sm" && v["destination_addr"] == to);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let all = smsc.entries(|v| v["event"] == "submit_sm" && v["destination_addr"] == to);
        if all.len() >= parts || std::time::Instant::now() > deadline {
            assert_eq!(all.len(), parts, "{all:?}");
            return all;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn tlv_tags(v: &serde_json::Value) -> Vec<(u64, String)> {
    v["tlvs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["tag"].as_u64().unwrap(),
                t["value"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Issue 15: each submit_sm flag of `smpp send` changes what `smpp smsc` receives.
#[test]
fn send_message_flags_reach_the_smsc() {
    let smsc = Smsc::start(&[]);
    // TON/NPI: chosen from the addresses by default, or as given.
    send_with(&smsc, "a:p", "447700900001", "x", &["--from", "MyShop"]);
    let v = &submits_to(&smsc, "447700900001", 1)[0];
    let tn = |v: &serde_json::Value| {
        [
            &v["source_addr_ton"],
            &v["source_addr_npi"],
            &v["dest_addr_ton"],
            &v["dest_addr_npi"],
        ]
        .map(|x| x.as_u64().unwrap())
    };
    assert_eq!(tn(v), [5, 0, 1, 1], "{v}");
    send_with(
        &smsc,
        "a:p",
        "447700900002",
        "x",
        &["--from", "+447700900999"],
    );
    let v = &submits_to(&smsc, "447700900002", 1)[0];
    assert_eq!(
        (tn(v), v["source_addr"].as_str()),
        ([1, 1, 1, 1], Some("447700900999"))
    );
    send_with(
        &smsc,
        "a:p",
        "12345",
        "x",
        &[
            "--source-ton",
            "3",
            "--source-npi",
            "9",
            "--dest-ton",
            "2",
            "--dest-npi",
            "8",
        ],
    );
    assert_eq!(tn(&submits_to(&smsc, "12345", 1)[0]), [3, 9, 2, 8]);

    // registered_delivery by name or number.
    send_with(
        &smsc,
        "a:p",
        "1001",
        "x",
        &["--registered-delivery", "failure,intermediate"],
    );
    assert_eq!(submits_to(&smsc, "1001", 1)[0]["registered_delivery"], 0x12);
    send_with(
        &smsc,
        "a:p",
        "1002",
        "x",
        &["--registered-delivery", "0x04"],
    );
    assert_eq!(submits_to(&smsc, "1002", 1)[0]["registered_delivery"], 4);

    // data_coding forced, and a flash message.
    send_with(&smsc, "a:p", "1003", "x", &["--data-coding", "8"]);
    let v = &submits_to(&smsc, "1003", 1)[0];
    assert_eq!(
        (&v["data_coding"], &v["short_message"]),
        (&8.into(), &"0078".into())
    );
    send_with(&smsc, "a:p", "1004", "x", &["--flash"]);
    assert_eq!(submits_to(&smsc, "1004", 1)[0]["data_coding"], 0x10);

    // TLVs on every part and on the first only.
    let long = "y".repeat(200);
    send_with(
        &smsc,
        "a:p",
        "1005",
        &long,
        &["--tlv", "0x2900=0102", "--tlv-first", "0x0204=0007"],
    );
    let parts = submits_to(&smsc, "1005", 2);
    let s = |t: u64, v: &str| (t, v.to_string());
    assert_eq!(tlv_tags(&parts[0]), [s(0x2900, "0102"), s(0x0204, "0007")]);
    assert_eq!(tlv_tags(&parts[1]), [s(0x2900, "0102")]);

    // --concat: SAR TLVs, one message_payload.
    send_with(&smsc, "a:p", "1006", &long, &["--concat", "sar"]);
    let parts = submits_to(&smsc, "1006", 2);
    assert!(
        tlv_tags(&parts[1]).contains(&s(0x020F, "02")),
        "{}",
        parts[1]
    );
    assert_eq!(parts[0]["esm_class"], 0);
    send_with(&smsc, "a:p", "1007", &long, &["--concat", "payload"]);
    let v = &submits_to(&smsc, "1007", 1)[0];
    assert_eq!(tlv_tags(v)[0].0, 0x0424, "{v}");

    // validity_period, schedule_delivery_time, priority_flag, protocol_id,
    // replace_if_present_flag, service_type.
    send_with(
        &smsc,
        "a:p",
        "1008",
        "x",
        &[
            "--validity",
            "2h",
            "--schedule",
            "260115083000004+",
            "--priority",
            "2",
            "--protocol-id",
            "0x41",
            "--replace-if-present",
            "--service-type",
            "WAP",
        ],
    );
    let v = &submits_to(&smsc, "1008", 1)[0];
    assert_eq!(v["validity_period"], "000000020000000R", "{v}");
    assert_eq!(v["schedule_delivery_time"], "260115083000004+", "{v}");
    assert_eq!(
        (
            &v["priority_flag"],
            &v["protocol_id"],
            &v["replace_if_present_flag"],
            &v["service_type"]
        ),
        (&2.into(), &0x41.into(), &1.into(), &"WAP".into())
    );

    // Bad values are refused before anything is sent.
    for bad in [
        ["--tlv", "0x2900"],
        ["--concat", "udh9"],
        ["--validity", "soon"],
        ["--registered-delivery", "maybe"],
        ["--bind", "rx"],
    ] {
        let url = smsc.url("a:p");
        let mut args = vec!["send", "--url", &url, "--to", "1", "--text", "x"];
        args.extend_from_slice(&bad);
        let r = smpp(&args);
        assert_ne!(r.code, 0, "{bad:?}");
        assert!(!r.stderr.is_empty(), "{bad:?}");
    }
}

/// Issue 15: the bind options of `smpp send` change the bind `smpp smsc`
/// receives, and --interface-version the session's version.
#[test]
fn send_session_flags_reach_the_smsc() {
    let smsc = Smsc::start(&[]);
    send_with(
        &smsc,
        "vma:p",
        "2001",
        "x",
        &[
            "--system-type",
            "VMA",
            "--interface-version",
            "5.0",
            "--bind",
            "trx",
        ],
    );
    let v = smsc.wait_for(|v| v["event"] == "bind" && v["system_id"] == "vma");
    assert_eq!(
        (&v["system_type"], &v["interface_version"], &v["bind_type"]),
        (&"VMA".into(), &0x50.into(), &"Transceiver".into()),
        "{v}"
    );
    send_with(&smsc, "tx:p", "2002", "x", &[]);
    let v = smsc.wait_for(|v| v["event"] == "bind" && v["system_id"] == "tx");
    assert_eq!(
        (&v["bind_type"], &v["interface_version"]),
        (&"Transmitter".into(), &0x34.into())
    );
    // At 3.3 there are no TLVs: SAR gives way to a UDH, --tlv is left out.
    let long = "z".repeat(200);
    send_with(
        &smsc,
        "old:p",
        "2003",
        &long,
        &[
            "--interface-version",
            "3.3",
            "--concat",
            "sar",
            "--tlv",
            "0x2900=01",
        ],
    );
    let v = smsc.wait_for(|v| v["event"] == "bind" && v["system_id"] == "old");
    assert_eq!(v["interface_version"], 0x33);
    for p in submits_to(&smsc, "2003", 2) {
        assert_eq!(
            (p["esm_class"].as_u64(), tlv_tags(&p).len()),
            (Some(0x40), 0),
            "{p}"
        );
    }
}

/// Issue 15: --enquire-interval sets the enquire_link timer (SMPP 3.4
/// §7.2): with 1 s and an SMSC that answers after 2.5 s, the client sends
/// enquire_links while it waits; with 0 it sends none. -vvv logs each
/// write's size: a header-only PDU (enquire_link, unbind) is 16 octets.
#[test]
fn send_enquire_interval_sets_the_keep_alive() {
    let smsc = Smsc::start(&["--slow", "2500"]);
    let url = smsc.url("e:p");
    let header_only_writes = |interval: &str| {
        let r = smpp(&[
            "-vvv",
            "send",
            "--url",
            &url,
            "--to",
            "1",
            "--text",
            "x",
            "--enquire-interval",
            interval,
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stderr.matches("send bytes=16").count()
    };
    // enquire_links, then the unbind.
    assert!(header_only_writes("1") >= 3);
    // The unbind alone.
    assert_eq!(header_only_writes("0"), 1);
}
