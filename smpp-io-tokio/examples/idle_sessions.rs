//! Opens N TCP connections to an SMSC, binds each (bind_transceiver), and
//! holds them idle until stdin closes. Used by tests/bench/idle_sessions.sh to
//! measure the server's memory per bound idle session.
//!
//! `cargo run --release -p smpp-io-tokio --example idle_sessions -- 127.0.0.1:2775 10000`
#![allow(clippy::unwrap_used, clippy::expect_used)] // reason: a measuring tool; failures abort it

use smpp_proto::codec::{decode, Bind};
use smpp_proto::{CommandStatus, Pdu};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:2775".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let mut held = Vec::with_capacity(n);
    for chunk in (0..n).collect::<Vec<_>>().chunks(500) {
        let mut tasks = Vec::new();
        for &i in chunk {
            // One system_id each: servers limit sessions per system_id.
            let system_id = format!("idle{i}");
            let bind = Pdu::BindTransceiver(Bind {
                system_id: system_id.as_bytes(),
                password: b"pw",
                ..Bind::default()
            });
            let mut pdu = vec![0; bind.encoded_len()];
            bind.encode(CommandStatus::ESME_ROK, 1, &mut pdu).unwrap();
            let addr = addr.clone();
            tasks.push(tokio::spawn(async move {
                let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
                s.write_all(&pdu).await.unwrap();
                let mut buf = [0u8; 64];
                let mut got = 0;
                loop {
                    got += s.read(&mut buf[got..]).await.unwrap();
                    if got >= 16 && got >= u32::from_be_bytes(buf[..4].try_into().unwrap()) as usize
                    {
                        break;
                    }
                }
                let (h, _) =
                    decode(&buf[..u32::from_be_bytes(buf[..4].try_into().unwrap()) as usize])
                        .unwrap();
                assert!(h.command_status.is_ok());
                s
            }));
        }
        for t in tasks {
            held.push(t.await.unwrap());
        }
    }
    println!("bound {}", held.len());
    // Hold the connections until stdin closes.
    let _ = tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
    })
    .await;
    drop(held);
}
