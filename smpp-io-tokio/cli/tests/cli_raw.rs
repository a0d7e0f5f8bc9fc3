//! `smpp send --raw HEX` (issue 15): any PDU, a custom command_id
//! included, sent on a bound session; the response printed as `smpp
//! decode` prints it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

mod common;

use common::{smpp, Smsc};

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
