//! Property tests of `smpp_proto::receipt`: receipt text written by
//! `ReceiptFields` reads back to the same values (and, from a parsed receipt,
//! writes back to the same octets); parsing arbitrary bytes never panics;
//! message-id keys agree with `message_ids_match`.
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

use proptest::prelude::*;
use smpp_proto::receipt::{
    message_ids_match, DateFormat, DeliveryReceipt, Field, IdBase, IdMatch, MessageIdKey,
    MessageState, ParseMode, ReceiptDate, ReceiptEncodeError, ReceiptErr, ReceiptFields, ReceiptId,
    ReceiptText, TEXT_MAX,
};

/// Owned inputs for a `ReceiptFields`.
#[derive(Debug, Clone)]
enum Id {
    Text(Vec<u8>),
    Number(u64),
}

#[derive(Debug, Clone)]
enum Err {
    Number(u16),
    Raw(Vec<u8>),
}

#[derive(Debug, Clone)]
struct Input {
    id: Id,
    submitted: u16,
    delivered: u16,
    submit_date: Option<ReceiptDate>,
    done_date: Option<ReceiptDate>,
    format: DateFormat,
    state: Option<MessageState>,
    err: Err,
    text: Vec<u8>,
}

impl Input {
    fn fields(&self) -> ReceiptFields<'_> {
        ReceiptFields {
            id: match &self.id {
                Id::Text(t) => ReceiptId::Text(t),
                Id::Number(n) => ReceiptId::Number(*n),
            },
            submitted: self.submitted,
            delivered: self.delivered,
            submit_date: self.submit_date,
            done_date: self.done_date,
            date_format: self.format,
            state: self.state,
            err: match &self.err {
                Err::Number(n) => ReceiptErr::Number(*n),
                Err::Raw(r) => ReceiptErr::Raw(r),
            },
            text: &self.text,
        }
    }
}

const FORMATS: [DateFormat; 4] = [
    DateFormat::YyMmDdHhMm,
    DateFormat::YyMmDdHhMmSs,
    DateFormat::YyyyMmDdHhMm,
    DateFormat::YyyyMmDdHhMmSs,
];

fn four_digit(f: DateFormat) -> bool {
    matches!(f, DateFormat::YyyyMmDdHhMm | DateFormat::YyyyMmDdHhMmSs)
}

fn has_seconds(f: DateFormat) -> bool {
    matches!(f, DateFormat::YyMmDdHhMmSs | DateFormat::YyyyMmDdHhMmSs)
}

/// A date the format can hold: two-digit years within the POSIX window.
fn date(format: DateFormat) -> impl Strategy<Value = ReceiptDate> {
    let years = if four_digit(format) {
        0u16..=9999
    } else {
        1969u16..=2068
    };
    (years, 1u8..=12, 1u8..=31, 0u8..24, 0u8..60, 0u8..60)
        .prop_filter_map("valid date", |(y, mo, d, h, mi, s)| {
            ReceiptDate::new(y, mo, d, h, mi, s)
        })
}

fn input() -> impl Strategy<Value = Input> {
    prop::sample::select(&FORMATS[..]).prop_flat_map(|format| {
        (
            prop_oneof![
                "[A-Za-z0-9:.-]{1,64}".prop_map(|s| Id::Text(s.into_bytes())),
                any::<u64>().prop_map(Id::Number),
            ],
            any::<u16>(),
            0u16..=999,
            prop::option::of(date(format)),
            prop::option::of(date(format)),
            Just(format),
            prop::option::of(prop::sample::select(&MessageState::ALL[..])),
            prop_oneof![
                any::<u16>().prop_map(Err::Number),
                "[A-Za-z0-9]{1,3}".prop_map(|s| Err::Raw(s.into_bytes())),
            ],
            prop::collection::vec(any::<u8>(), 0..=40),
        )
            .prop_map(
                |(id, submitted, delivered, submit_date, done_date, format, state, err, text)| {
                    Input {
                        id,
                        submitted,
                        delivered,
                        submit_date,
                        done_date,
                        format,
                        state,
                        err,
                        text,
                    }
                },
            )
    })
}

/// The date as the format keeps it.
fn kept(d: ReceiptDate, f: DateFormat) -> ReceiptDate {
    if has_seconds(f) {
        d
    } else {
        ReceiptDate { second: 0, ..d }
    }
}

fn check_date(
    want: Option<ReceiptDate>,
    got: Option<ReceiptDate>,
    raw: Option<&[u8]>,
    f: DateFormat,
) -> Result<(), TestCaseError> {
    let raw = raw.unwrap();
    prop_assert_eq!(raw.len(), f.digit_count());
    match want {
        None => {
            prop_assert!(raw.iter().all(|&b| b == b'0'));
            prop_assert_eq!(got, None);
        }
        // 12 digits with a four-digit year can also read as YYMMDDhhmmss;
        // the raw token with the known format is exact.
        Some(d) if f == DateFormat::YyyyMmDdHhMm => {
            prop_assert_eq!(ReceiptDate::parse_as(raw, f), Some(kept(d, f)));
            prop_assert!(got.is_some());
        }
        Some(d) => prop_assert_eq!(got, Some(kept(d, f))),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn write_then_read(input in input()) {
        let fields = input.fields();
        let mut buf = [0u8; 256];
        let n = fields.encode(&mut buf).unwrap();
        prop_assert_eq!(n, fields.encoded_len());
        let text = &buf[..n];

        let r = DeliveryReceipt::from_text(text, ParseMode::Lenient).unwrap();
        let id = match &input.id {
            Id::Text(t) => t.clone(),
            Id::Number(v) => format!("{v:010}").into_bytes(),
        };
        prop_assert_eq!(r.message_id, Some(&id[..]));
        prop_assert_eq!(r.submitted, Some(input.submitted));
        prop_assert_eq!(r.delivered, Some(input.delivered));
        check_date(input.submit_date, r.submit_date, r.raw.submit_date, input.format)?;
        check_date(input.done_date, r.done_date, r.raw.done_date, input.format)?;
        prop_assert_eq!(r.state, input.state);
        match &input.err {
            Err::Number(v) => prop_assert_eq!(r.error_code(), Some(*v)),
            Err::Raw(raw) => prop_assert_eq!(r.err, Some(&raw[..])),
        }
        let cut = &input.text[..input.text.len().min(TEXT_MAX)];
        prop_assert_eq!(r.text, Some(cut));

        // Strict accepts exactly what Appendix B allows.
        let strict_ok = input.state.is_some()
            && input.submit_date.is_some()
            && input.done_date.is_some()
            && input.submitted <= 999
            && match &input.err { Err::Number(v) => *v <= 999, Err::Raw(_) => true };
        let strict = ReceiptText::parse(text, ParseMode::Strict);
        prop_assert_eq!(strict.is_ok(), strict_ok, "{:?}", strict);
        if let Ok(t) = strict {
            prop_assert_eq!(t.id, r.raw.id);
            prop_assert_eq!(t.text, r.raw.text);
        }

        // Writing the parsed receipt again gives the same octets, when the
        // date format can be told from the text.
        let detectable = match (input.submit_date, input.done_date) {
            (None, None) => input.format == DateFormat::YyMmDdHhMm,
            _ => input.format != DateFormat::YyyyMmDdHhMm,
        };
        if detectable {
            let again = ReceiptFields::from(&r);
            let mut buf2 = [0u8; 256];
            let m = again.encode(&mut buf2).unwrap();
            prop_assert_eq!(&buf2[..m], text);
        }
    }

    #[test]
    fn encode_never_panics(input in input(), len in 0usize..200) {
        let fields = input.fields();
        let mut buf = vec![0xa5u8; len];
        match fields.encode(&mut buf) {
            Ok(n) => prop_assert_eq!(n, fields.encoded_len()),
            Err(ReceiptEncodeError::BufferTooSmall { needed, available }) => {
                prop_assert_eq!(needed, fields.encoded_len());
                prop_assert_eq!(available, len);
                prop_assert!(len < needed);
            }
            Err(e) => prop_assert!(false, "{e}"),
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        read_everything(&bytes);
    }

    #[test]
    fn receipt_like_bytes_never_panic(words in prop::collection::vec(prop::sample::select(&[
        "id:", "ID:", "sub:", "dlvrd:", "submit", "done", "date:", "Date:", "submit_date:",
        "stat:", "err:", "text:", "Text:", ":", "::", " ", "  ", "\t", "\0", "\r\n",
        "DELIVRD", "0123456789", "1005232039", "110206193041", "201506201641",
        "20110314181534", "abc", "x:y", "-", "date",
    ][..]), 0..40)) {
        let text: Vec<u8> = words.concat().into_bytes();
        read_everything(&text);
        // Spacing variant: words separated by one space.
        read_everything(words.join(" ").as_bytes());
    }

    #[test]
    fn id_keys_agree_with_match(
        a in "[0-9a-fA-F-]{0,12}",
        b in "[0-9a-fA-F-]{0,12}",
        rule in prop::sample::select(&[
            IdMatch::Exact,
            IdMatch::IgnoreCase,
            IdMatch::NumericEquivalent,
            IdMatch::Bases { submitted: IdBase::Hex, receipted: IdBase::Decimal },
            IdMatch::Bases { submitted: IdBase::Decimal, receipted: IdBase::Hex },
        ][..]),
    ) {
        let ka = MessageIdKey::submitted(a.as_bytes(), rule).unwrap();
        let kb = MessageIdKey::receipted(b.as_bytes(), rule).unwrap();
        prop_assert_eq!(message_ids_match(a.as_bytes(), b.as_bytes(), rule), ka == kb);
        // Every rule treats an id as matching itself, except Bases whose two
        // sides read the same digits differently.
        if !matches!(rule, IdMatch::Bases { .. }) {
            prop_assert!(message_ids_match(a.as_bytes(), a.as_bytes(), rule));
        }
    }

    #[test]
    fn numeric_ids_match_across_bases(v in any::<u64>(), zeros in 0usize..5) {
        let dec = format!("{}{v}", "0".repeat(zeros));
        let hex = format!("{v:x}");
        let rule = IdMatch::Bases { submitted: IdBase::Hex, receipted: IdBase::Decimal };
        prop_assert!(message_ids_match(hex.as_bytes(), dec.as_bytes(), rule));
        prop_assert!(message_ids_match(hex.to_uppercase().as_bytes(), dec.as_bytes(), rule));
        if hex.bytes().any(|b| b.is_ascii_alphabetic()) {
            prop_assert!(message_ids_match(hex.as_bytes(), dec.as_bytes(), IdMatch::NumericEquivalent));
        }
    }
}

/// Runs every reader over `bytes`; checks only that they return.
fn read_everything(bytes: &[u8]) {
    for mode in [ParseMode::Strict, ParseMode::Lenient] {
        if let Ok(t) = ReceiptText::parse(bytes, mode) {
            // Each typed field reads without panicking.
            let _ = t.fields().count();
            for f in Field::ALL {
                if let Some(v) = t.get(f) {
                    let _ = ReceiptDate::parse(v);
                    let _ = MessageState::from_stat_word(v);
                }
            }
        }
        let _ = DeliveryReceipt::from_text(bytes, mode).map(|r| {
            let fields = ReceiptFields::from(&r);
            let mut buf = [0u8; 64];
            let _ = fields.encode(&mut buf);
            (r.is_final(), r.error_code())
        });
    }
    let _ = ReceiptDate::parse(bytes);
    let _ = MessageIdKey::receipted(bytes, IdMatch::NumericEquivalent);
    let _ = message_ids_match(bytes, bytes, IdMatch::NumericEquivalent);
}
