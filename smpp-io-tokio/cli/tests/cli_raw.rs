//! `smpp send --raw HEX` (issue 15): any PDU, a custom command_id
//! included, sent on a bound session; the response printed as `smpp
//! decode` prints it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

mod common;

use common::{smpp, Smsc};
use smpp_proto::text::{self, DataCoding, Encoding};

#[test]
fn send_raw_prints_the_response() {
    let smsc = Smsc::start(&[]);
    let url = smsc.url("raw:pw");
    // A submit_sm as `smpp encode` writes it (sequence_number 0x2a: replaced).
    let submit = "0000002400000004000000000000002a0000000000003100000000000000000000026869";
    let r = smpp(&["send", "--url", &url, "--raw", submit]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let v: serde_json::Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(v["command"], "submit_sm_resp", "{v}");
    assert_eq!(v["command_status"], 0, "{v}");
    assert!(v["fields"]["message_id"].is_string(), "{v}");

    // A vendor command (SMPP 3.4 §5.1.2.1): the simulator does not know it
    // and answers generic_nack ESME_RINVCMDID; printed, exit 1.
    let r = smpp(&[
        "send",
        "--url",
        &url,
        "--raw",
        "00000014000102010000000000000001706e6700",
    ]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let v: serde_json::Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(v["command"], "generic_nack", "{v}");
    assert_eq!(v["command_status"], 3, "{v}");
    assert!(r.stderr.contains("ESME_RINVCMDID"), "{}", r.stderr);

    // Not one PDU: a usage-level error before connecting.
    let r = smpp(&["send", "--url", &url, "--raw", "00000020000000150000"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("not one PDU"), "{}", r.stderr);
    // --raw goes alone: no --to or --text with it.
    let r = smpp(&["send", "--url", &url, "--raw", "00", "--to", "1"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
}

/// `smpp send --encoding shift-jis|iso-2022-jp|euc-kr` (issue 15, the
/// far-east codings of SMPP 3.4 §5.2.19): the data_coding and the bytes
/// the simulator receives, which it reads back as the same text.
#[test]
fn send_in_the_far_east_codings() {
    let smsc = Smsc::start(&[]);
    let url = smsc.url("cjk:pw");
    for (name, shown, dc, text) in [
        ("shift-jis", "Shift_JIS", 5, "日本語のテキスト"),
        ("iso-2022-jp", "ISO-2022-JP", 10, "日本語のテキスト"),
        ("euc-kr", "EUC-KR", 14, "한국어 문자"),
    ] {
        let r = smpp(&[
            "send",
            "--url",
            &url,
            "--to",
            "81312345678",
            "--text",
            text,
            "--encoding",
            name,
        ]);
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        assert!(r.stdout.contains(shown), "{}", r.stdout);
        let v = smsc.wait_for(|v| v["event"] == "submit_sm" && v["data_coding"] == dc);
        let sm = hex::decode(v["short_message"].as_str().unwrap()).unwrap();
        let enc = DataCoding(dc).encoding(Encoding::GSM7).unwrap();
        let got: String = text::decode(&sm, enc).map(|c| c.unwrap()).collect();
        assert_eq!(got, text, "{v}");
    }
}

/// `smpp send --data HEX` (issue 15): binary content, data_coding 0x04,
/// split with a UDH when it does not fit one part (`Client::send_data`).
#[test]
fn send_binary_content() {
    let smsc = Smsc::start(&[]);
    let url = smsc.url("bin:pw");
    let data = "0b05040b8423f0000303".repeat(20); // 200 octets
    let r = smpp(&[
        "send",
        "--url",
        &url,
        "--to",
        "447700900123",
        "--data",
        &data,
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let mut got = Vec::new();
    for seq in 1..=2u8 {
        let v = smsc.wait_for(|v| {
            v["event"] == "submit_sm"
                && v["data_coding"] == 4
                && v["short_message"]
                    .as_str()
                    .is_some_and(|s| s.starts_with("050003") && s[10..12] == format!("{seq:02x}"))
        });
        assert_eq!(v["esm_class"].as_u64().unwrap() & 0x40, 0x40, "{v}");
        got.push(v["short_message"].as_str().unwrap()[12..].to_string());
    }
    assert_eq!(got.concat(), data);
    // Not hex: refused before connecting.
    let r = smpp(&["send", "--url", &url, "--to", "1", "--data", "xyz"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("--data"), "{}", r.stderr);
}
