//! Session benchmark: an ESME and an SMSC session in memory (no sockets)
//! exchanging submit_sm / submit_sm_resp at window 64. Measures the whole
//! sans-IO path per message: encode, frame, decode, window bookkeeping and
//! events, on both ends.
//!
//! Run: cargo bench -p smpp-tests --bench session
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)] // reason: benchmark code; a failed sanity check should abort the run

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use smpp_proto::codec::{Bind, SmResp};
use smpp_proto::session::{BindType, Config, Event, Session};
use smpp_proto::time::Instant;
use smpp_proto::{CommandStatus, Pdu};
use smpp_tests::samples;

const WINDOW: usize = 64;
type S = Session<WINDOW, 16384, 16384>;

struct Pair {
    esme: S,
    smsc: S,
    buf: Vec<u8>,
    now: Instant,
}

impl Pair {
    fn bound() -> Pair {
        let now = Instant::ZERO;
        let mut esme_cfg = Config::esme();
        esme_cfg.window = WINDOW;
        let mut smsc_cfg = Config::smsc();
        smsc_cfg.inbound_window = WINDOW;
        let mut p = Pair {
            esme: S::new(esme_cfg, now),
            smsc: S::new(smsc_cfg, now),
            buf: vec![0; 16384],
            now,
        };
        let bind = Bind {
            system_id: b"bench",
            password: b"pw",
            ..Bind::default()
        };
        p.esme.bind(now, BindType::Transceiver, &bind).unwrap();
        p.esme_to_smsc();
        let seq = match p.smsc.poll_event() {
            Some(Event::BindRequest { request, .. }) => request,
            other => panic!("{other:?}"),
        };
        p.smsc.accept_bind(now, seq, b"SMSC").unwrap();
        p.smsc_to_esme();
        assert!(matches!(p.esme.poll_event(), Some(Event::Bound { .. })));
        p
    }

    fn esme_to_smsc(&mut self) {
        let n = self.esme.poll_transmit(&mut self.buf);
        assert_eq!(self.smsc.handle_input(self.now, &self.buf[..n]), n);
    }

    fn smsc_to_esme(&mut self) {
        let n = self.smsc.poll_transmit(&mut self.buf);
        assert_eq!(self.esme.handle_input(self.now, &self.buf[..n]), n);
    }

    /// Sends `count` submit_sm through the window; returns responses seen.
    fn exchange(&mut self, count: usize) -> usize {
        let sm = samples::submit_sm();
        let resp = Pdu::SubmitSmResp(SmResp {
            message_id: Some(b"0123456789"),
            ..SmResp::default()
        });
        let mut sent = 0;
        let mut done = 0;
        while done < count {
            while sent < count && self.esme.window_available() {
                self.esme.submit_sm(self.now, &sm).unwrap();
                sent += 1;
            }
            self.esme_to_smsc();
            while let Some(ev) = self.smsc.poll_event() {
                let Event::Request { request, .. } = ev else {
                    panic!("smsc: {ev:?}")
                };
                self.smsc
                    .respond(self.now, request, CommandStatus::ESME_ROK, &resp)
                    .unwrap();
            }
            self.smsc_to_esme();
            while let Some(ev) = self.esme.poll_event() {
                match ev {
                    Event::Response { command_status, .. } if command_status.is_ok() => done += 1,
                    other => panic!("esme: {other:?}"),
                }
            }
        }
        done
    }
}

fn bench_session(c: &mut Criterion) {
    println!(
        "size_of Session: W=8 (RX=TX=4096) {} B, W=64 (RX=TX=4096) {} B, W=8 (RX=TX=512) {} B",
        size_of::<Session<8, 4096, 4096>>(),
        size_of::<Session<64, 4096, 4096>>(),
        size_of::<Session<8, 512, 512>>(),
    );
    let mut p = Pair::bound();
    assert_eq!(p.exchange(1000), 1000);
    const BATCH: usize = 1000;
    let mut g = c.benchmark_group("session/submit_sm_roundtrip_window64");
    g.throughput(Throughput::Elements(BATCH as u64));
    g.bench_function("smpp_proto", |b| {
        b.iter(|| black_box(p.exchange(BATCH)));
    });
    g.finish();
}

criterion_group!(benches, bench_session);
criterion_main!(benches);
