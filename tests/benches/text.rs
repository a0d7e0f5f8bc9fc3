//! Long-message benchmark: text encoding + splitting, and reassembly +
//! decoding, in characters per second, for a GSM 7 bit text with extension
//! characters (unpacked and packed) and a UCS-2 text with emoji (surrogate
//! pairs). Everything runs in caller buffers; nothing allocates.
//!
//! Run: cargo bench -p smpp-tests --bench text
//! Quick: cargo bench -p smpp-tests --bench text -- --warm-up-time 1 --measurement-time 2

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    unreachable_pub,
    missing_docs
)] // reason: benchmark code; a failed sanity check should abort the run

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use smpp_proto::concat::{Pushed, Reassembler, Scheme, Segment, SplitOptions, Splitter};
use smpp_proto::text::{Encoding, Packing};
use smpp_proto::time::{Duration, Instant};
use smpp_proto::Tlvs;

/// About 1000 characters, one in eight from the extension table.
fn gsm_text() -> String {
    "Price {net}: 5€ [incl. tax] | see ~/terms\\now ^_^ @home. Ça va? Ünicode Øresund ".repeat(14)
}

/// About 500 characters with an emoji every tenth character.
fn ucs2_text() -> String {
    "Привет 😀 мир, 漢字 and 🇫🇷 in UCS-2! ".repeat(17)
}

struct Case {
    name: &'static str,
    text: String,
    encoding: Encoding,
    options: SplitOptions,
}

fn cases() -> Vec<Case> {
    let udh8 = SplitOptions::new(Scheme::Udh8 { reference: 0x42 });
    vec![
        Case {
            name: "gsm7_ext_unpacked",
            text: gsm_text(),
            encoding: Encoding::GSM7,
            options: udh8,
        },
        Case {
            name: "gsm7_ext_packed",
            text: gsm_text(),
            encoding: Encoding::GSM7,
            options: udh8.packed(),
        },
        Case {
            name: "ucs2_emoji",
            text: ucs2_text(),
            encoding: Encoding::Ucs2,
            options: udh8,
        },
    ]
}

/// Encodes and splits: every part written into one buffer. Returns octets.
fn encode_split(text: &str, encoding: Encoding, options: SplitOptions, buf: &mut [u8]) -> usize {
    let mut octets = 0;
    for part in Splitter::new(text, encoding, options).unwrap() {
        octets += part.encode(buf).unwrap();
    }
    octets
}

/// The parts on the wire, with their esm_class.
fn wire_parts(case: &Case) -> Vec<(u8, Vec<u8>)> {
    Splitter::new(&case.text, case.encoding, case.options)
        .unwrap()
        .map(|p| {
            let mut buf = vec![0; p.encoded_len()];
            p.encode(&mut buf).unwrap();
            (p.esm_class(0), buf)
        })
        .collect()
}

type Store = Reassembler<4, 16, 4096>;

/// Reassembles the parts (last first) and decodes; returns the UTF-8 length.
fn reassemble_decode(
    store: &mut Store,
    parts: &[(u8, Vec<u8>)],
    encoding: Encoding,
    packing: Packing,
    out: &mut [u8],
) -> usize {
    let mut len = 0;
    for (esm_class, sm) in parts.iter().rev() {
        let seg = Segment::new(*esm_class, sm, &Tlvs::EMPTY).unwrap();
        if let Pushed::Complete(m) = store
            .push(Instant::ZERO, b"447700900123", b"12345", &seg)
            .unwrap()
        {
            len = m.decode_into(encoding, packing, out).unwrap().len();
        }
    }
    len
}

fn bench_text(c: &mut Criterion) {
    let mut store: Box<Store> = Box::new(Reassembler::new(Duration::from_secs(60)));
    let mut buf = vec![0u8; 256];
    let mut out = vec![0u8; 8192];
    for case in cases() {
        let chars = case.text.chars().count() as u64;
        let parts = wire_parts(&case);
        // Sanity: the round trip gives the text back.
        let n = reassemble_decode(
            &mut store,
            &parts,
            case.encoding,
            case.options.packing,
            &mut out,
        );
        assert_eq!(std::str::from_utf8(&out[..n]).unwrap(), case.text);
        eprintln!("{}: {chars} characters, {} parts", case.name, parts.len());

        let mut g = c.benchmark_group("encode_split");
        g.throughput(Throughput::Elements(chars));
        g.bench_function(case.name, |b| {
            b.iter(|| {
                black_box(encode_split(
                    black_box(&case.text),
                    case.encoding,
                    case.options,
                    &mut buf,
                ))
            })
        });
        g.finish();

        let mut g = c.benchmark_group("reassemble_decode");
        g.throughput(Throughput::Elements(chars));
        g.bench_function(case.name, |b| {
            b.iter(|| {
                black_box(reassemble_decode(
                    &mut store,
                    black_box(&parts),
                    case.encoding,
                    case.options.packing,
                    &mut out,
                ))
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench_text);
criterion_main!(benches);
