//! The proof that `smpp-proto` never allocates: a `#![no_std]`, `#![no_main]`
//! binary for `thumbv7em-none-eabihf` with a panic handler and no global
//! allocator. If anything in the codec (or its dependencies) touched `alloc`,
//! linking would fail with "no global memory allocator found".
//!
//! It frames, decodes and re-encodes one PDU of every kind, so every code path
//! of the codec is linked in, and drives an ESME and an SMSC session through
//! bind, submit_sm, keep-alive and unbind, reads and writes a delivery
//! receipt, and splits, reassembles and decodes long messages (inputs go
//! through `black_box` so nothing is folded away).
#![no_std]
#![no_main]

use core::hint::black_box;
use core::panic::PanicInfo;

use smpp_proto::codec::{
    decode, frame, Bind, DeliverSm, Framing, SmResp, SubmitSm, DEFAULT_MAX_COMMAND_LENGTH,
};
use smpp_proto::concat::{Pushed, Reassembler, Scheme, Segment, SplitOptions, Splitter};
use smpp_proto::receipt::{DeliveryReceipt, IdMatch, MessageIdKey, ParseMode, ReceiptFields};
use smpp_proto::session::{BindType, Config, Event, Session};
use smpp_proto::text::{choose, Allowed, DataCoding, Encoding, NationalLanguage};
use smpp_proto::time::{Duration, Instant};
use smpp_proto::{CommandStatus, InterfaceVersion, Pdu, Tlv, TlvTag, Tlvs};

/// One PDU of every kind (hex of the samples in tests/src/samples.rs).
static PDUS: &[&[u8]] = &[include_bytes!("../pdus.bin")];

fn exercise(stream: &[u8], out: &mut [u8]) -> usize {
    let mut rest = stream;
    let mut total = 0;
    while let Ok(Framing::Complete(n)) = frame(rest, DEFAULT_MAX_COMMAND_LENGTH) {
        let Some((pdu_bytes, tail)) = rest.split_at_checked(n) else {
            break;
        };
        if let Ok((h, pdu)) = decode(pdu_bytes) {
            if let Some(tlvs) = pdu.tlvs() {
                total += tlvs.iter().count();
                total += tlvs.message_payload().map_or(0, |p| p.len());
            }
            if let Ok(len) = pdu.encode(h.command_status, h.sequence_number, out) {
                total += len;
            }
            if let Ok(len) = pdu.encode_for(InterfaceVersion::V33, CommandStatus::ESME_ROK, 1, out)
            {
                total += len;
            }
        }
        rest = tail;
    }
    total
}

/// Moves bytes from one session to the other.
fn pipe(from: &mut Session<4, 512, 512>, to: &mut Session<4, 512, 512>, now: Instant) {
    let mut buf = [0u8; 512];
    let n = from.poll_transmit(&mut buf);
    let _ = to.handle_input(now, buf.get(..n).unwrap_or_default());
}

/// An ESME and an SMSC session in memory: bind, submit_sm, submit_sm_resp,
/// keep-alive, unbind. Returns the number of events seen.
fn drive_sessions() -> usize {
    let mut now = Instant::from_millis(black_box(1));
    let mut esme: Session<4, 512, 512> = Session::new(Config::esme(), now);
    let mut smsc: Session<4, 512, 512> = Session::new(Config::smsc(), now);
    let mut events = 0;
    let bind = Bind {
        system_id: b"esme",
        password: b"secret",
        ..Bind::default()
    };
    let _ = esme.bind(now, BindType::Transceiver, &bind);
    for round in 0..8u64 {
        pipe(&mut esme, &mut smsc, now);
        while let Some(ev) = smsc.poll_event() {
            events += 1;
            match ev {
                Event::BindRequest { request, .. } => {
                    let _ = smsc.accept_bind(now, request, b"SMSC");
                }
                Event::Request { request, .. } => {
                    let resp = Pdu::SubmitSmResp(SmResp {
                        message_id: Some(b"42"),
                        ..SmResp::default()
                    });
                    let _ = smsc.respond(now, request, CommandStatus::ESME_ROK, &resp);
                }
                _ => {}
            }
        }
        pipe(&mut smsc, &mut esme, now);
        while let Some(ev) = esme.poll_event() {
            events += 1;
            if let Event::Bound { .. } | Event::Response { .. } = ev {
                let sm = SubmitSm {
                    destination_addr: b"447700900123",
                    short_message: b"hi",
                    ..SubmitSm::default()
                };
                let _ = esme.submit_sm(now, &sm);
            }
        }
        if round == 6 {
            let _ = esme.unbind(now);
        }
        now = now + smpp_proto::time::Duration::from_secs(31);
        esme.handle_timeout(now);
        smsc.handle_timeout(now);
    }
    events
}

/// Reads a delivery receipt in both modes, matches its id, and writes it back.
fn receipts(out: &mut [u8]) -> usize {
    let sm = DeliverSm {
        esm_class: 0x04,
        short_message: black_box(
            b"id:0123456789 sub:001 dlvrd:001 submit date:1005232039 \
              done date:1005242339 stat:DELIVRD err:000 Text:Hello world",
        ),
        ..DeliverSm::default()
    };
    let mut total = 0;
    for mode in [ParseMode::Strict, ParseMode::Lenient] {
        if let Some(Ok(r)) = DeliveryReceipt::from_deliver_sm(&sm, black_box(mode)) {
            total += usize::from(r.is_final());
            total += usize::from(r.matches(black_box(b"75bcd15"), IdMatch::NumericEquivalent));
            total += r.raw.fields().count();
            if let Some(k) = r
                .message_id
                .and_then(|id| MessageIdKey::receipted(id, IdMatch::NumericEquivalent))
            {
                total += k.as_number().map_or(0, |v| v as usize);
            }
            if let Ok(n) = ReceiptFields::from(&r).encode(out) {
                total += n;
            }
        }
    }
    total
}

/// Long texts: GSM 7 bit with escapes, Turkish (national tables), UCS-2.
static TEXTS: [&str; 3] = [
    "Price {net}: 5€ [incl. ^tax^] | see ~/terms \\ @home. Price {net}: 5€ [incl. ^tax^] | \
     see ~/terms @home. Price {net}: 5€ [incl. ^tax^] | see ~/terms @home. Price: 5€ {ok}",
    "Çok güzel bir gün, ışıklar şimdi yanıyor; Ğ ğ İ ı Ş ş. Çok güzel bir gün, ışıklar \
     şimdi yanıyor; Ğ ğ İ ı Ş ş. Çok güzel bir gün, ışıklar şimdi yanıyor; Ğ ğ İ ı Ş ş.",
    "Hello 😀 world, 漢字 and emoji 🇫🇷 in UCS-2 with surrogate pairs 😀😀 across parts 😀😀😀😀",
];

/// Chooses an encoding, splits each text (UDH and SAR, packed and
/// unpacked), reassembles the parts in reverse order and decodes them.
fn long_messages(utf8: &mut [u8]) -> usize {
    let mut store: Reassembler<2, 8, 1200> = Reassembler::new(Duration::from_secs(60));
    let allowed = Allowed::GSM7_UCS2.with_language(black_box(NationalLanguage::Turkish));
    let mut parts = [[0u8; 160]; 8];
    let mut lens = [0usize; 8];
    let mut sar = [[0u8; 4]; 8];
    let mut total = 0;
    for (i, text) in TEXTS.iter().enumerate() {
        let scheme = if i == 1 {
            Scheme::Sar { reference: 7 }
        } else {
            Scheme::Udh8 { reference: 7 }
        };
        let mut options = SplitOptions::new(scheme);
        if i == 0 {
            options = options.packed();
        }
        let Ok(choice) = choose(black_box(text), allowed, &options) else {
            continue;
        };
        let Ok(split) = Splitter::new(text, choice.encoding, options) else {
            continue;
        };
        let mut esm = [0u8; 8];
        let mut n = 0;
        for (k, part) in split.enumerate().take(8) {
            if let (Some(buf), Some(len)) = (parts.get_mut(k), lens.get_mut(k)) {
                *len = part.encode(buf).unwrap_or(0);
            }
            if let (Some(e), Some(s), Some(v)) = (esm.get_mut(k), part.sar(), sar.get_mut(k)) {
                s.tlvs(v);
                *e = part.esm_class(0);
            } else if let Some(e) = esm.get_mut(k) {
                *e = part.esm_class(0);
            }
            n = k + 1;
        }
        let dc = DataCoding::from(choice.encoding);
        let encoding = dc.encoding(Encoding::GSM7).unwrap_or(Encoding::GSM7);
        let packing = options.packing;
        for k in (0..n).rev() {
            let (Some(buf), Some(&len), Some(v), Some(&e)) =
                (parts.get(k), lens.get(k), sar.get(k), esm.get(k))
            else {
                continue;
            };
            let (r, rest) = v.split_at(2);
            let (t, s) = rest.split_at(1);
            let tlvs = [
                Tlv::new(TlvTag::SAR_MSG_REF_NUM, r),
                Tlv::new(TlvTag::SAR_TOTAL_SEGMENTS, t),
                Tlv::new(TlvTag::SAR_SEGMENT_SEQNUM, s),
            ];
            let tlvs = if matches!(scheme, Scheme::Sar { .. }) {
                Tlvs::List(&tlvs)
            } else {
                Tlvs::EMPTY
            };
            let Ok(seg) = Segment::new(e, buf.get(..len).unwrap_or_default(), &tlvs) else {
                continue;
            };
            if let Ok(Pushed::Complete(m)) = store.push(Instant::ZERO, b"4477", b"1234", &seg) {
                if let Ok(t) = m.decode_into(encoding, packing, utf8) {
                    total += t.len();
                }
            }
        }
    }
    total
}

/// The entry point the linker looks for.
#[unsafe(no_mangle)]
pub extern "C" fn _start() -> ! {
    let mut out = [0u8; 1024];
    let mut sum = 0usize;
    for p in PDUS {
        sum = sum.wrapping_add(exercise(black_box(p), &mut out));
    }
    sum = sum.wrapping_add(drive_sessions());
    sum = sum.wrapping_add(receipts(&mut out));
    sum = sum.wrapping_add(long_messages(&mut out));
    black_box(sum);
    loop {
        core::hint::spin_loop();
    }
}

#[panic_handler]
fn panic(_: &PanicInfo<'_>) -> ! {
    loop {
        core::hint::spin_loop();
    }
}
