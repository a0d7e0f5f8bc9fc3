//! Our SMSC at its smallest, the counterpart of `smpp34_bench_server`: a
//! `smpp_io_tokio::Server` whose `Handler` accepts every bind and answers
//! every submit_sm with ESME_ROK and a message id. For the whole-process
//! comparison (`tests/bench/compare.py`), where it shows what the library
//! costs in memory apart from the `smpp` tool (`smpp smsc`: simulator,
//! clap, JSON, TLS set-up, progress bars in one binary).
//!
//! `ours_bench_server --listen 127.0.0.1:0` prints
//! `ours bench server: listening on ADDR` on stderr and runs until
//! SIGINT/SIGTERM.
#![forbid(unsafe_code)]

use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use smpp_io_tokio::{
    BindAccept, BindRequest, Handler, Origin, OwnedPdu, Reply, Server, ServerConfig,
};
use smpp_proto::codec::SmResp;
use smpp_proto::{CommandStatus, Pdu};

/// Accepts every bind and every submit_sm.
struct Smsc {
    next_id: AtomicU64,
}

#[allow(clippy::expect_used)] // reason: INVARIANT below
fn answer(pdu: &Pdu<'_>, status: CommandStatus) -> OwnedPdu {
    // INVARIANT: the responses carry a 10-digit message id made here, and a
    // header-only generic_nack always encodes.
    OwnedPdu::encode(pdu, status, 0)
        .or_else(|_| OwnedPdu::encode(&Pdu::GenericNack, CommandStatus::ESME_RSYSERR, 0))
        .expect("a generic_nack encodes")
}

impl Handler for Smsc {
    async fn bind(&self, _request: &BindRequest) -> Result<BindAccept, CommandStatus> {
        Ok(BindAccept::default())
    }

    async fn request(&self, _from: &Origin, request: OwnedPdu) -> Reply {
        Reply::Respond({
            match request.pdu() {
                Ok(Pdu::SubmitSm(_)) => {
                    let id = format!("{:010}", self.next_id.fetch_add(1, Ordering::Relaxed));
                    answer(
                        &Pdu::SubmitSmResp(SmResp {
                            message_id: Some(id.as_bytes()),
                            ..SmResp::default()
                        }),
                        CommandStatus::ESME_ROK,
                    )
                }
                Ok(_) => answer(&Pdu::GenericNack, CommandStatus::ESME_RINVCMDID),
                Err(e) => answer(&Pdu::GenericNack, e.command_status()),
            }
        })
    }
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
    let mut args = std::env::args().skip(1);
    let listen = match (args.next().as_deref(), args.next()) {
        (Some("--listen"), Some(a)) => a,
        _ => {
            eprintln!("usage: ours_bench_server --listen HOST:PORT");
            return ExitCode::from(2);
        }
    };
    let handler = Arc::new(Smsc {
        next_id: AtomicU64::new(1),
    });
    let config = ServerConfig {
        max_sessions_per_system_id: 1000,
        ..ServerConfig::default()
    };
    let server = match Server::bind(&listen, config, handler).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("ours bench server: cannot listen on {listen}: {e}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!("ours bench server: listening on {}", server.local_addr());
    shutdown_signal().await;
    server.shutdown(Duration::from_secs(2)).await;
    ExitCode::SUCCESS
}
