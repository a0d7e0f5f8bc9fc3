//! The delivery-receipt vectors of `tests/data/vectors/dlr.jsonl` (see the
//! README beside it) against `smpp_proto::receipt`. Every row is checked:
//!
//! - text rows: lenient parsing accepts every `valid: true` row and gives the
//!   raw tokens of `expected` exactly; `interpreted` values match our typed
//!   view (see [`DIVERGENCES`] for how the sources' representations map onto
//!   ours); strict parsing accepts exactly the rows that have all eight
//!   Appendix B fields, well formed (`strict_accepts`), and rejects the
//!   `valid: false` rows with the row's `expected_error` as its message;
//! - `direction: "generate"` rows: [`ReceiptFields::encode`] writes the row's
//!   text octet for octet, and reading it back gives `expected`;
//! - `roundtrip: true` rows: parse, then write again, octet for octet;
//! - rows with `tlvs` and `carrier`: the PDU is built, encoded and decoded by
//!   the codec, then read with `from_deliver_sm` / `from_data_sm`; the TLVs win;
//! - `id_as_hex`: the hex form matches the decimal id under
//!   `IdMatch::NumericEquivalent` and `IdMatch::Bases { Hex, Decimal }`.
//!
//! Dates are not a divergence but differ between sources: cloudhopper reads
//! them as UTC (`…Z`), jsmpp as the JVM's local time (no zone). Appendix B
//! names no zone, so `ReceiptDate` keeps the wall-clock fields as written,
//! and both sources' values are compared on those fields, ignoring the `Z`.
//! jasmin does not interpret dates (it returns the digits), so its values are
//! compared with the raw token; it writes counts as 3-digit strings and absent
//! values as 'ND', which compare as numbers and as None.
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

use serde_json::Value;
use smpp_proto::codec::{decode, DataSm, DeliverSm};
use smpp_proto::receipt::{
    message_ids_match, DeliveryReceipt, Field, IdBase, IdMatch, MessageIdKey, MessageState,
    ParseMode, ReceiptDate, ReceiptErr, ReceiptFields, ReceiptId, ReceiptText,
};
use smpp_proto::{CommandStatus, Pdu, Tlv, TlvTag, Tlvs};

/// Where a source's `interpreted` value is represented differently from
/// ours, or disagrees with another source. Each is checked for our behaviour.
const DIVERGENCES: &[(&str, &str)] = &[
    (
        "cloudhopper-12",
        "a bare `text:` is reported as absent (null) by cloudhopper; we report \
         Some(\"\") (present, empty), as the raw token in `expected` is \"\", and \
         keep None for a receipt without the key (jsmpp-3).",
    ),
    (
        "cloudhopper-13",
        "as cloudhopper-12: bare `text:` is Some(\"\") here.",
    ),
    (
        "cloudhopper-18",
        "as cloudhopper-12: bare `text:` is Some(\"\") here.",
    ),
    (
        "jasmin-5",
        "jasmin fills a missing text with \"\" (and sub/dlvrd with 'ND'); we \
         report None for every absent field.",
    ),
    (
        "jasmin-7",
        "as jasmin-5: no text field, so text is None (jasmin: \"\"; 'ND' elsewhere is None).",
    ),
];

fn load() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/vectors/dlr.jsonl"
    );
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const KEYS: [(&str, Field); 8] = [
    ("id", Field::Id),
    ("sub", Field::Sub),
    ("dlvrd", Field::Dlvrd),
    ("submit_date", Field::SubmitDate),
    ("done_date", Field::DoneDate),
    ("stat", Field::Stat),
    ("err", Field::Err),
    ("text", Field::Text),
];

fn show(b: Option<&[u8]>) -> String {
    match b {
        Some(b) => format!("{:?}", String::from_utf8_lossy(b)),
        None => "None".into(),
    }
}

/// `expected` (raw tokens) against what we parsed.
fn check_raw(id: &str, expected: &Value, raw: &ReceiptText<'_>, errs: &mut Vec<String>) {
    for (key, field) in KEYS {
        let want = expected[key].as_str().map(str::as_bytes);
        let got = raw.get(field);
        if want != got {
            errs.push(format!(
                "{id}: raw {key}: want {}, got {}",
                show(want),
                show(got)
            ));
        }
    }
}

/// `2010-05-23T20:39:00Z` or `2008-09-01T11:30:00` → our date (zone ignored).
fn iso(s: &str) -> ReceiptDate {
    let s = s.trim_end_matches('Z');
    let n = |a: usize, b: usize| s[a..b].parse::<u16>().unwrap();
    ReceiptDate::new(
        n(0, 4),
        n(5, 7) as u8,
        n(8, 10) as u8,
        n(11, 13) as u8,
        n(14, 16) as u8,
        n(17, 19) as u8,
    )
    .unwrap()
}

fn is_nd(v: &Value) -> bool {
    v.is_null() || v.as_str() == Some("ND")
}

/// A count or code given as a number, a digit string ("001"), or absent.
fn number(v: &Value) -> Option<u64> {
    if is_nd(v) {
        return None;
    }
    v.as_u64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
}

fn diverges(id: &str) -> bool {
    DIVERGENCES.iter().any(|(d, _)| *d == id)
}

/// `interpreted` against our typed view.
fn check_interpreted(id: &str, interp: &Value, r: &DeliveryReceipt<'_>, errs: &mut Vec<String>) {
    let Some(obj) = interp.as_object() else {
        return;
    };
    let mut fail = |what: &str, want: &Value, got: String| {
        errs.push(format!("{id}: interpreted {what}: want {want}, got {got}"));
    };
    for (key, want) in obj {
        match key.as_str() {
            "id" => {
                let w = want.as_str().map(str::as_bytes);
                if r.message_id != w {
                    fail(key, want, show(r.message_id));
                }
            }
            "sub" | "dlvrd" => {
                let got = if key == "sub" {
                    r.submitted
                } else {
                    r.delivered
                };
                if number(want) != got.map(u64::from) {
                    fail(key, want, format!("{got:?}"));
                }
            }
            "submit_date" | "done_date" => {
                let (got, raw) = if key == "submit_date" {
                    (r.submit_date, r.raw.submit_date)
                } else {
                    (r.done_date, r.raw.done_date)
                };
                let ok = match want.as_str() {
                    _ if is_nd(want) => got.is_none(),
                    // ISO from cloudhopper (UTC) or jsmpp (local): same wall clock.
                    Some(s) if s.contains('-') => got == Some(iso(s)),
                    // jasmin: the digits as written.
                    Some(s) => raw == Some(s.as_bytes()) && got.is_some(),
                    None => false,
                };
                if !ok {
                    fail(key, want, format!("{got:?}"));
                }
            }
            "stat" => {
                let ok = match want.as_str() {
                    None => r.state.is_none() && r.raw.stat.is_none(),
                    Some(s) => match MessageState::from_stat_word(s.as_bytes()) {
                        Some(state) => r.state == Some(state),
                        // A word we do not know (DND_REJECTED): kept raw.
                        None => r.state.is_none() && r.raw.stat == Some(s.as_bytes()),
                    },
                };
                if !ok {
                    fail(key, want, format!("{:?} / {}", r.state, show(r.raw.stat)));
                }
            }
            "err" => {
                let ok = match want {
                    Value::Number(n) => r.error_code() == n.as_u64().map(|n| n as u16),
                    _ if is_nd(want) => r.err.is_none(),
                    Value::String(s) if s.bytes().all(|b| b.is_ascii_digit()) => {
                        // jasmin normalises to 3 digits ("0" → "000"): compare values.
                        r.error_code() == s.parse().ok()
                    }
                    Value::String(s) => r.err == Some(s.as_bytes()),
                    _ => false,
                };
                if !ok {
                    fail(key, want, show(r.err));
                }
            }
            "err_numeric" => {
                if r.error_code().map(u64::from) != want.as_u64() {
                    fail(key, want, format!("{:?}", r.error_code()));
                }
            }
            "text" => {
                let w = want.as_str().map(str::as_bytes);
                let ok = match (w, r.text) {
                    (a, b) if a == b => true,
                    // Empty vs absent: see DIVERGENCES.
                    (Some(b""), None) | (None, Some(b"")) => diverges(id),
                    _ => false,
                };
                if !ok {
                    fail(key, want, show(r.text));
                }
            }
            other => fail(other, want, "an unhandled key".into()),
        }
    }
}

/// What strict mode accepts: every Appendix B field present, with a stat
/// word we know and dates we can read (`ParseMode::Strict` docs). A row
/// without text (TLVs alone) is accepted in both modes.
fn strict_accepts(expected: &Value) -> bool {
    let present = KEYS.iter().all(|(k, _)| expected[*k].is_string());
    present
        && MessageState::from_stat_word(expected["stat"].as_str().unwrap().as_bytes()).is_some()
        && ["submit_date", "done_date"]
            .iter()
            .all(|k| ReceiptDate::parse(expected[*k].as_str().unwrap().as_bytes()).is_some())
}

/// The fields of a `direction: "generate"` row's input.
fn generate_input(input: &Value) -> ReceiptFields<'_> {
    let date = |k: &str| input[k].as_str().map(iso);
    ReceiptFields {
        id: match (input["id"].as_str(), input["id_numeric"].as_u64()) {
            (Some(s), _) => ReceiptId::Text(s.as_bytes()),
            (None, Some(n)) => ReceiptId::Number(n),
            (None, None) => panic!("generate row without id"),
        },
        submitted: input["sub"].as_u64().unwrap_or(0) as u16,
        delivered: input["dlvrd"].as_u64().unwrap_or(0) as u16,
        submit_date: date("submit_date"),
        done_date: date("done_date"),
        state: input["stat"]
            .as_str()
            .and_then(|s| MessageState::from_stat_word(s.as_bytes())),
        err: ReceiptErr::Number(input["err"].as_u64().unwrap_or(0) as u16),
        text: input["text"].as_str().unwrap_or("").as_bytes(),
        ..ReceiptFields::default()
    }
}

/// Builds the row's carrier PDU with its TLVs, runs it through the codec, and
/// reads the receipt back from the decoded PDU.
fn check_carrier(row: &Value, id: &str, errs: &mut Vec<String>, counts: &mut Counts) {
    let tlv = &row["tlvs"];
    let mut rmi = tlv["receipted_message_id"]
        .as_str()
        .unwrap()
        .as_bytes()
        .to_vec();
    rmi.push(0);
    let state = [tlv["message_state"].as_u64().unwrap() as u8];
    let text = row["text"].as_str().map(str::as_bytes);
    let mut list = vec![
        Tlv::new(TlvTag::RECEIPTED_MESSAGE_ID, &rmi),
        Tlv::new(TlvTag::MESSAGE_STATE, &state),
    ];
    let pdu = match row["carrier"].as_str().unwrap() {
        "deliver_sm" => Pdu::DeliverSm(DeliverSm {
            esm_class: 0x04,
            short_message: text.unwrap_or_default(),
            tlvs: Tlvs::List(&list),
            ..DeliverSm::default()
        }),
        "data_sm" => {
            if let Some(t) = text {
                list.push(Tlv::new(TlvTag::MESSAGE_PAYLOAD, t));
            }
            Pdu::DataSm(DataSm {
                esm_class: 0x04,
                tlvs: Tlvs::List(&list),
                ..DataSm::default()
            })
        }
        other => panic!("{id}: carrier {other}"),
    };
    let mut buf = [0u8; 512];
    let n = pdu.encode(CommandStatus::ESME_ROK, 1, &mut buf).unwrap();
    let (_, decoded) = decode(&buf[..n]).unwrap();
    let read = |mode| match &decoded {
        Pdu::DeliverSm(sm) => DeliveryReceipt::from_deliver_sm(sm, mode),
        Pdu::DataSm(sm) => DeliveryReceipt::from_data_sm(sm, mode),
        _ => unreachable!(),
    };
    let r = match read(ParseMode::Lenient) {
        Some(Ok(r)) => r,
        other => {
            errs.push(format!("{id}: lenient carrier read: {other:?}"));
            return;
        }
    };
    counts.carrier += 1;
    if row["expected"].is_null() {
        if r.raw != ReceiptText::default() {
            errs.push(format!("{id}: text is not a receipt, raw should be empty"));
        }
    } else {
        check_raw(id, &row["expected"], &r.raw, errs);
    }
    check_interpreted(id, &row["interpreted"], &r, errs);
    // Strict: TLVs alone are a receipt; non-receipt text or missing fields are not.
    let strict_ok = match text {
        None => true,
        Some(_) => !row["expected"].is_null() && strict_accepts(&row["expected"]),
    };
    let strict = read(ParseMode::Strict).unwrap();
    if strict.is_ok() != strict_ok {
        errs.push(format!("{id}: strict carrier read: {strict:?}"));
    }
}

#[derive(Default, Debug)]
struct Counts {
    rows: usize,
    parsed: usize,
    strict_accepted: usize,
    strict_rejected: usize,
    generated: usize,
    roundtrip: usize,
    carrier: usize,
}

#[test]
fn dlr_vectors() {
    let rows = load();
    assert_eq!(rows.len(), 42, "dlr.jsonl row count changed");
    let mut errs = Vec::new();
    let mut counts = Counts::default();
    for row in &rows {
        counts.rows += 1;
        let id = row["id"].as_str().unwrap();

        if row["direction"] == "generate" {
            let fields = generate_input(&row["input"]);
            let mut buf = [0xa5u8; 256];
            let n = fields.encode(&mut buf).unwrap();
            let want = row["text"].as_str().unwrap().as_bytes();
            if &buf[..n] != want || n != fields.encoded_len() {
                errs.push(format!(
                    "{id}: generated {:?}",
                    String::from_utf8_lossy(&buf[..n])
                ));
            }
            let back = ReceiptText::parse(want, ParseMode::Lenient).unwrap();
            check_raw(id, &row["expected"], &back, &mut errs);
            counts.generated += 1;
            continue;
        }

        if row.get("carrier").is_some() {
            check_carrier(row, id, &mut errs, &mut counts);
            continue;
        }

        let text = row["text"].as_str().unwrap().as_bytes();
        let strict = ReceiptText::parse(text, ParseMode::Strict);
        let lenient = DeliveryReceipt::from_text(text, ParseMode::Lenient);

        if row["valid"] == false {
            // Strict must reject, naming the field; lenient reads the rest.
            let want = row["expected_error"].as_str().unwrap();
            match strict {
                Err(e) if e.to_string() == want => counts.strict_rejected += 1,
                other => errs.push(format!("{id}: strict: want {want:?}, got {other:?}")),
            }
            match lenient {
                Ok(r) => {
                    let field = KEYS
                        .iter()
                        .map(|(_, f)| *f)
                        .find(|f| want.ends_with(f.key()))
                        .unwrap();
                    if r.raw.get(field).is_some() {
                        errs.push(format!("{id}: lenient found the misspelled {field}"));
                    }
                    counts.parsed += 1;
                }
                Err(e) => errs.push(format!("{id}: lenient: {e}")),
            }
            continue;
        }

        let r = match lenient {
            Ok(r) => r,
            Err(e) => {
                errs.push(format!("{id}: lenient: {e}"));
                continue;
            }
        };
        counts.parsed += 1;
        check_raw(id, &row["expected"], &r.raw, &mut errs);
        check_interpreted(id, &row["interpreted"], &r, &mut errs);

        // Rows marked lenient are accepted only there.
        let strict_ok = row["mode"] != "lenient" && strict_accepts(&row["expected"]);
        match (&strict, strict_ok) {
            (Ok(t), true) => {
                counts.strict_accepted += 1;
                check_raw(id, &row["expected"], t, &mut errs);
            }
            (Err(_), false) => counts.strict_rejected += 1,
            _ => errs.push(format!(
                "{id}: strict: {strict:?}, expected ok = {strict_ok}"
            )),
        }

        if row["roundtrip"] == true {
            let fields = ReceiptFields::from(&r);
            let mut buf = [0u8; 256];
            let n = fields.encode(&mut buf).unwrap();
            if &buf[..n] != text {
                errs.push(format!(
                    "{id}: regenerated {:?}",
                    String::from_utf8_lossy(&buf[..n])
                ));
            }
            counts.roundtrip += 1;
        }

        if let Some(hex) = row["id_as_hex"].as_str() {
            let dec = r.message_id.unwrap();
            let hex_dec = IdMatch::Bases {
                submitted: IdBase::Hex,
                receipted: IdBase::Decimal,
            };
            for rule in [IdMatch::NumericEquivalent, hex_dec] {
                let keys_equal = MessageIdKey::submitted(hex.as_bytes(), rule)
                    == MessageIdKey::receipted(dec, rule);
                if !message_ids_match(hex.as_bytes(), dec, rule) || !keys_equal {
                    errs.push(format!(
                        "{id}: {hex} should match {} under {rule:?}",
                        show(Some(dec))
                    ));
                }
                if !r.matches(hex.as_bytes(), rule) {
                    errs.push(format!("{id}: receipt should match {hex} under {rule:?}"));
                }
            }
            if message_ids_match(hex.as_bytes(), dec, IdMatch::IgnoreCase) {
                errs.push(format!("{id}: {hex} must not match under IgnoreCase"));
            }
        }
    }

    // Every divergence names a row that exists.
    for (d, _) in DIVERGENCES {
        assert!(
            rows.iter().any(|r| r["id"] == *d),
            "unknown divergence row {d}"
        );
    }
    eprintln!("dlr.jsonl: {counts:?}");
    assert!(
        errs.is_empty(),
        "{} failures:\n{}",
        errs.len(),
        errs.join("\n")
    );
    assert_eq!(
        counts.parsed + counts.generated + counts.carrier,
        counts.rows,
        "every row checked"
    );
}
