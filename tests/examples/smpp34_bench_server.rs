//! The `smpp34` 1.5.1 crate's own SMSC, as its authors write one
//! (`SmppServer` with an `SmppServerListener`, cf. its `examples/perf_smsc.rs`),
//! for the whole-process throughput comparison (`tests/bench/compare.py`).
//!
//! It accepts any transceiver bind and answers every submit_sm with
//! ESME_ROK and a message id, and runs until SIGINT/SIGTERM.
//!
//! `smpp34_bench_server --listen 127.0.0.1:2775`
//!
//! `smpp34::SmppServer` cannot report the port it bound, so port 0 is
//! refused: the caller picks a free port. Prints
//! `smpp34 bench server: listening on ADDR` on stderr once the socket accepts.
#![forbid(unsafe_code)]

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use async_trait::async_trait;
use smpp34::{
    bind_transceiver, bind_transceiver_resp, bind_transmitter, bind_transmitter_resp, submit_sm,
    submit_sm_resp, SmppConnectionInformation, SmppServer, SmppServerListener,
};

/// Accepts every bind and every submit_sm.
struct Smsc {
    next_id: AtomicU64,
    listen_failed: AtomicU64,
}

#[async_trait]
impl SmppServerListener for Smsc {
    async fn on_bind_transceiver(
        &self,
        req: bind_transceiver,
        _c: &SmppConnectionInformation,
        _s: &String,
    ) -> bind_transceiver_resp {
        req.accept("smpp34".to_string(), Some(0x34))
    }

    async fn on_bind_transmitter(
        &self,
        req: bind_transmitter,
        _c: &SmppConnectionInformation,
        _s: &String,
    ) -> bind_transmitter_resp {
        req.accept("smpp34".to_string(), Some(0x34))
    }

    async fn on_submit_sm(
        &self,
        req: submit_sm,
        _c: &SmppConnectionInformation,
        _s: &String,
    ) -> submit_sm_resp {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        req.accept(format!("{id:010}"))
    }

    async fn on_listen_failed(&self, error: &str) {
        eprintln!("smpp34 bench server: {error}");
        self.listen_failed.store(1, Ordering::Relaxed);
    }
}

fn listen_arg() -> Result<SocketAddr, String> {
    let mut args = std::env::args().skip(1);
    let mut listen = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--listen" => listen = args.next(),
            other => return Err(format!("unknown argument {other:?} (usage: --listen ADDR)")),
        }
    }
    let listen = listen.ok_or("usage: smpp34_bench_server --listen HOST:PORT")?;
    let addr: SocketAddr = listen
        .parse()
        .map_err(|e| format!("bad --listen {listen:?}: {e}"))?;
    if addr.port() == 0 {
        return Err("smpp34's server cannot report an ephemeral port: give a port".into());
    }
    Ok(addr)
}

async fn shutdown_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
        }
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let addr = match listen_arg() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("smpp34 bench server: {e}");
            return ExitCode::from(2);
        }
    };
    let smsc = Arc::new(Smsc {
        next_id: AtomicU64::new(1),
        listen_failed: AtomicU64::new(0),
    });
    let mut server = SmppServer::new(addr.ip(), addr.port(), smsc.clone());
    server.start().await;
    if smsc.listen_failed.load(Ordering::Relaxed) != 0 || !server.is_alive() {
        return ExitCode::FAILURE;
    }
    eprintln!("smpp34 bench server: listening on {addr}");
    shutdown_signal().await;
    server.stop().await;
    ExitCode::SUCCESS
}
