//! The proof that `smpp-proto` never allocates: a `#![no_std]`, `#![no_main]`
//! binary for `thumbv7em-none-eabihf` with a panic handler and no global
//! allocator. If anything in the codec (or its dependencies) touched `alloc`,
//! linking would fail with "no global memory allocator found".
//!
//! It frames, decodes and re-encodes one PDU of every kind, so every code path
//! of the codec is linked in (inputs go through `black_box` so nothing is
//! folded away).
#![no_std]
#![no_main]

use core::hint::black_box;
use core::panic::PanicInfo;

use smpp_proto::codec::{decode, frame, Framing, DEFAULT_MAX_COMMAND_LENGTH};
use smpp_proto::{CommandStatus, InterfaceVersion};

/// One PDU of every kind (hex of the samples in tests/src/samples.rs).
static PDUS: &[&[u8]] = &[
    include_bytes!("../pdus.bin"),
];

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
            if let Ok(len) =
                pdu.encode_for(InterfaceVersion::V33, CommandStatus::ESME_ROK, 1, out)
            {
                total += len;
            }
        }
        rest = tail;
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
