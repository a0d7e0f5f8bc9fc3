//! The `smpp` binary: `decode` and `encode`, exit codes, and the round trip
//! of every valid conformance vector (tests/data/vectors/pdus.jsonl) through
//! the binary.
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

/// Output of one run of the binary.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }
    fn json_lines(&self) -> Vec<Value> {
        self.lines()
            .iter()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
            .collect()
    }
}

fn smpp(args: &[&str], stdin: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_smpp"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Written from a thread: large inputs would otherwise deadlock on full pipes.
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_owned();
    let writer = std::thread::spawn(move || pipe.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

const ENQUIRE_LINK: &str = "0000001000000015000000000000002a";
const SUBMIT_SM_RESP: &str = "0000001c80000004000000000a342ee1393432353834333135393400";

#[test]
fn decode_arguments() {
    let r = smpp(&["decode", ENQUIRE_LINK, SUBMIT_SM_RESP], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json_lines();
    assert_eq!(v.len(), 2);
    assert_eq!(v[0]["command"], "enquire_link");
    assert_eq!(v[0]["command_id"], 0x15);
    assert_eq!(v[0]["sequence_number"], 42);
    assert_eq!(v[0]["fields"], json!({}));
    assert_eq!(v[0]["tlvs"], json!([]));
    assert_eq!(v[1]["command"], "submit_sm_resp");
    assert_eq!(v[1]["command_id"], 0x8000_0004_u32);
    assert_eq!(v[1]["fields"], json!({"message_id": "94258431594"}));
    // Keys come in a fixed order, command first.
    assert!(r.lines()[0].starts_with(r#"{"command":"enquire_link","command_id":21,"#));
}

#[test]
fn decode_stdin_with_whitespace_inside_hex() {
    let input = "\
00000010 00000015 00000000 00000001
  0000001c 80000004 00000000 0a342ee1
# a comment line, skipped

0000001d8000000200000000 0003995f54574954544552000210000134\t
";
    // The second PDU is cut over two lines: each line is one input.
    let r = smpp(&["decode"], input);
    assert_eq!(r.code, 1);
    let v = r.json_lines();
    assert_eq!(v.len(), 3, "{}", r.stdout);
    assert_eq!(v[0]["command"], "enquire_link");
    assert!(v[1]["error"].as_str().unwrap().contains("incomplete"));
    assert_eq!(v[2]["command"], "bind_transmitter_resp");
    assert_eq!(
        v[2]["tlvs"],
        json!([{"tag": 528, "name": "sc_interface_version", "value_hex": "34"}])
    );

    let ok = "00000010 00000015 00000000 00000001\n0x0000001C80000004000000000A342EE1 393432353834333135393400\n";
    let r = smpp(&["decode"], ok);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json_lines().len(), 2);
    assert_eq!(r.json_lines()[1]["fields"]["message_id"], "94258431594");
}

#[test]
fn bad_line_gives_error_json_and_exit_1() {
    // query_sm whose source_addr lacks its NUL; then not hex at all; then fine.
    let input = "0000001d00000003000000000000000161776179001c1d416c69636572\nxyz\n00000010000000150000000000000001\n";
    let r = smpp(&["decode"], input);
    assert_eq!(r.code, 1);
    let v = r.json_lines();
    assert_eq!(v.len(), 3);
    assert!(
        v[0]["error"].as_str().unwrap().contains("source_addr"),
        "{}",
        v[0]
    );
    assert_eq!(v[0]["command_status"], 2, "ESME_RINVCMDLEN");
    assert!(v[1]["error"].as_str().unwrap().contains("hex"));
    assert!(v[1]["command_status"].is_null());
    assert_eq!(v[2]["command"], "enquire_link");
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("2 of 3"), "{}", r.stderr);

    // A framing error gives the status too.
    let r = smpp(&["decode", "0000000f000000060000000000000000"], "");
    assert_eq!(r.code, 1);
    assert_eq!(r.json_lines()[0]["command_status"], 2);
}

#[test]
fn encode_lines_and_errors() {
    let input = r#"{"command":"enquire_link","sequence_number":42}
{"command":"submit_sm_resp","command_id":2147483652,"command_status":0,"sequence_number":171192033,"fields":{"message_id":"94258431594"},"tlvs":[]}
{"command":"submit_sm","sequence_number":1,"fields":{"no_such_field":1}}
not json
"#;
    let r = smpp(&["encode"], input);
    assert_eq!(r.code, 1);
    let lines = r.lines();
    assert_eq!(lines.len(), 4, "{}", r.stdout);
    assert_eq!(lines[0], ENQUIRE_LINK);
    assert_eq!(lines[1], SUBMIT_SM_RESP);
    let e: Value = serde_json::from_str(lines[2]).unwrap();
    assert!(
        e["error"].as_str().unwrap().contains("no_such_field"),
        "{e}"
    );
    let e: Value = serde_json::from_str(lines[3]).unwrap();
    assert!(e["error"].as_str().unwrap().contains("JSON"), "{e}");
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
}

#[test]
fn usage_errors_exit_2() {
    for args in [&["frobnicate"][..], &["decode", "--no-such-flag"], &[]] {
        let r = smpp(args, "");
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(!r.stderr.is_empty());
    }
    let r = smpp(&["--help"], "");
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("decode") && r.stdout.contains("encode"));
}

/// Valid vectors the codec rejects on purpose (see KNOWN_DEVIATIONS in
/// tests/tests/vectors.rs), with the command_status it answers.
const REJECTED_VALID: &[(&str, u32)] = &[
    ("jasmin-8", 0xC2),  // ESME_RINVPARLEN: source_node_id of 5 octets, not 6
    ("gosmpp-22", 0x0E), // ESME_RINVPASWD: outbind password of 10 octets, max 9
];

#[test]
fn every_valid_vector_round_trips_through_the_binary() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/vectors/pdus.jsonl"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let rows: Vec<Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|r: &Value| r["valid"] == true)
        .collect();
    assert_eq!(rows.len(), 164);
    let (rejected, accepted): (Vec<&Value>, Vec<&Value>) = rows.iter().partition(|r| {
        REJECTED_VALID
            .iter()
            .any(|(id, _)| r["id"].as_str() == Some(id))
    });
    assert_eq!(rejected.len(), REJECTED_VALID.len());

    let hex_in: Vec<&str> = accepted
        .iter()
        .map(|r| r["hex"].as_str().unwrap())
        .collect();
    let decoded = smpp(&["decode"], &(hex_in.join("\n") + "\n"));
    assert_eq!(decoded.code, 0, "{}\n{}", decoded.stderr, decoded.stdout);
    let objects = decoded.json_lines();
    assert_eq!(objects.len(), accepted.len());
    for (row, obj) in accepted.iter().zip(&objects) {
        let id = &row["id"];
        assert_eq!(obj["command"], row["command"], "{id}");
        assert_eq!(obj["sequence_number"], row["sequence_number"], "{id}");
        assert_eq!(obj["command_status"], row["command_status"], "{id}");
        assert_eq!(obj["fields"], row["fields"], "{id}");
        assert_eq!(obj["tlvs"], row["tlvs"], "{id}");
    }

    let encoded = smpp(&["encode"], &decoded.stdout);
    assert_eq!(encoded.code, 0, "{}\n{}", encoded.stderr, encoded.stdout);
    assert_eq!(
        encoded.lines(),
        hex_in,
        "decode then encode is the identity"
    );

    for (row, (id, status)) in rejected.iter().zip(REJECTED_VALID) {
        assert_eq!(row["id"], *id);
        let r = smpp(&["decode", row["hex"].as_str().unwrap()], "");
        assert_eq!(r.code, 1, "{id}");
        assert_eq!(r.json_lines()[0]["command_status"], *status, "{id}");
    }
}

// ----- validation (issue 12, point 7) ---------------------------------------

/// submit_sm_resp with command_status 0 and no body: message_id is missing
/// (SMPP 3.4 §4.4.2). It decodes; a strict peer would refuse it.
const SUBMIT_SM_RESP_WITHOUT_ID: &str = "00000010800000040000000000000007";

/// submit_sm whose sm_length is 255 (SMPP 3.4 §5.2.21 allows 254).
fn submit_sm_255() -> String {
    let mut body = vec![0u8; 1 + 2 + 1 + 2 + 1 + 3 + 2 + 4];
    body.push(255);
    body.extend([b'x'; 255]);
    let mut pdu = Vec::new();
    for w in [16 + body.len() as u32, 4, 0, 9] {
        pdu.extend(w.to_be_bytes());
    }
    pdu.extend(body);
    pdu.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn decode_lists_violations_beside_a_pdu_that_breaks_the_spec() {
    let long = submit_sm_255();
    let r = smpp(
        &["decode", SUBMIT_SM_RESP_WITHOUT_ID, &long, ENQUIRE_LINK],
        "",
    );
    assert_eq!(r.code, 0, "violations alone are not failures: {}", r.stderr);
    let v = r.json_lines();
    assert_eq!(v[0]["command"], "submit_sm_resp");
    assert_eq!(v[0]["fields"], json!({"message_id": null}));
    let list = v[0]["violations"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{}", v[0]);
    assert_eq!(list[0]["command_status"], 2);
    assert_eq!(list[0]["name"], "ESME_RINVCMDLEN");
    assert!(
        list[0]["reason"].as_str().unwrap().contains("message_id"),
        "{}",
        list[0]
    );
    assert_eq!(v[1]["command"], "submit_sm");
    assert_eq!(
        v[1]["violations"],
        json!([{"command_status": 1, "name": "ESME_RINVMSGLEN",
                "reason": "short_message is longer than 254 octets (SMPP 3.4 §5.2.21)"}])
    );
    // No key at all for a PDU that follows the spec.
    assert!(v[2].get("violations").is_none(), "{}", v[2]);
    // The annotation does not stop `encode` from giving the octets back.
    let back = smpp(&["encode"], &r.stdout);
    assert_eq!(back.code, 0, "{}", back.stderr);
    assert_eq!(
        back.lines(),
        [SUBMIT_SM_RESP_WITHOUT_ID, &long, ENQUIRE_LINK]
    );
}

#[test]
fn decode_strict_turns_violations_into_errors() {
    let r = smpp(
        &[
            "decode",
            "--strict",
            SUBMIT_SM_RESP_WITHOUT_ID,
            ENQUIRE_LINK,
        ],
        "",
    );
    assert_eq!(r.code, 1, "{}", r.stdout);
    let v = r.json_lines();
    let error = v[0]["error"].as_str().unwrap();
    assert!(
        error.starts_with("submit_sm_resp breaks the spec: message_id is missing"),
        "{error}"
    );
    assert_eq!(v[0]["command_status"], 2);
    assert_eq!(v[0]["violations"][0]["name"], "ESME_RINVCMDLEN");
    assert_eq!(v[1]["command"], "enquire_link");
    assert!(r.stderr.contains("1 of 2 inputs failed"), "{}", r.stderr);
    // A PDU that follows the spec passes --strict.
    let r = smpp(&["decode", "--strict", ENQUIRE_LINK, SUBMIT_SM_RESP], "");
    assert_eq!(r.code, 0, "{}", r.stdout);
    // The version is checked.
    let r = smpp(&["decode", "--interface-version", "4.0", ENQUIRE_LINK], "");
    assert_eq!(r.code, 2, "{}", r.stderr);
    // --help shows both, with an example.
    let r = smpp(&["decode", "--help"], "");
    assert!(
        r.stdout.contains("--strict") && r.stdout.contains("violations"),
        "{}",
        r.stdout
    );
}

#[test]
fn decode_validates_at_the_interface_version_given() {
    // submit_multi to 255 distribution lists: SMPP 5.0 §4.2.3.1 allows it,
    // SMPP 3.4 §4.5.1 stops at 254 (ESME_RINVNUMDESTS).
    let mut body = vec![0u8, 0, 0, 0, 255];
    for _ in 0..255 {
        body.extend([2, b'a', 0]);
    }
    body.extend([0u8; 3 + 2 + 4]);
    body.push(0); // sm_length
    let mut pdu = Vec::new();
    for w in [16 + body.len() as u32, 0x21, 0, 3] {
        pdu.extend(w.to_be_bytes());
    }
    pdu.extend(body);
    let hex: String = pdu.iter().map(|b| format!("{b:02x}")).collect();
    let r = smpp(&["decode", &hex], "");
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.json_lines()[0].get("violations").is_none());
    let r = smpp(
        &["decode", "--strict", "--interface-version", "3.4", &hex],
        "",
    );
    assert_eq!(r.code, 1);
    assert_eq!(
        r.json_lines()[0]["violations"][0]["name"],
        "ESME_RINVNUMDESTS"
    );
}

/// Valid conformance vectors (captured from other stacks and real SMSCs)
/// that break a rule of the spec, with the first violation: what a strict
/// peer answers them with. Each was checked against the spec's tables.
const VALID_BUT_VIOLATING: &[(&str, &str)] = &[
    ("cloudhopper-16", "ESME_RINVCMDLEN"), // submit_sm_resp without message_id
    ("cloudhopper-21", "ESME_RINVCMDLEN"), // deliver_sm_resp without message_id
    ("cloudhopper-24", "ESME_RINVCMDLEN"), // data_sm_resp without message_id
    ("cloudhopper-34", "ESME_ROPTPARNOTALLWD"), // deliver_sm with source_network_type
    ("cloudhopper-35", "ESME_ROPTPARNOTALLWD"),
    ("cloudhopper-41", "ESME_ROPTPARNOTALLWD"),
    ("cloudhopper-42", "ESME_ROPTPARNOTALLWD"),
    ("cloudhopper-43", "ESME_ROPTPARNOTALLWD"),
    ("cloudhopper-44", "ESME_ROPTPARNOTALLWD"),
    ("cloudhopper-48", "ESME_RINVMSGLEN"), // sm_length 255
    ("jasmin-2", "ESME_ROPTPARNOTALLWD"),
    ("jasmin-12", "ESME_ROPTPARNOTALLWD"),
    ("jasmin-13", "ESME_ROPTPARNOTALLWD"),
    ("nodesmpp-6", "ESME_ROPTPARNOTALLWD"), // submit_sm with message_state
    ("jsmpp-15", "ESME_RINVOPTPARAMVAL"),   // additional_status_info_text without NUL
    ("jsmpp-17", "ESME_RMISSINGOPTPARAM"),  // broadcast_sm without its mandatory TLVs
];

#[test]
fn valid_vectors_that_break_the_spec_are_flagged() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/vectors/pdus.jsonl"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let rows: Vec<Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|r: &Value| r["valid"] == true)
        .collect();
    let input: Vec<&str> = rows.iter().map(|r| r["hex"].as_str().unwrap()).collect();
    let r = smpp(&["decode"], &(input.join("\n") + "\n"));
    let mut flagged = Vec::new();
    for (row, obj) in rows.iter().zip(r.json_lines()) {
        if let Some(v) = obj.get("violations") {
            flagged.push((
                row["id"].as_str().unwrap().to_string(),
                v[0]["name"].as_str().unwrap().to_string(),
            ));
        }
    }
    let expected: Vec<(String, String)> = VALID_BUT_VIOLATING
        .iter()
        .map(|(id, name)| (id.to_string(), name.to_string()))
        .collect();
    assert_eq!(flagged, expected);
}
