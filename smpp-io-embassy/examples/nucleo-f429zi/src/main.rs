//! Example firmware: an SMS-sending sensor node on a NUCLEO-F429ZI
//! (STM32F429ZI, Cortex-M4F, 2 MiB flash, 256 KiB RAM, on-board Ethernet
//! with a LAN8742A PHY over RMII).
//!
//! It gets an address by DHCP, binds as a transceiver to the SMSC at
//! `SMSC` with `smpp-io-embassy`, sends a report every 10 minutes (with a
//! delivery receipt requested), answers an MO "ping" with "pong", and keeps
//! the link up with enquire_link; the runner reconnects with back-off after
//! the link drops. No heap: everything lives in `static` cells.
//!
//! Build: `cargo build --release` in this folder (target thumbv7em-none-eabihf,
//! set in .cargo/config.toml); flash with `probe-rs run --chip STM32F429ZITx`.
//! `--no-default-features` builds the same firmware without the SMPP part (a
//! plain TCP client in its place), to measure what SMPP adds.
#![no_std]
#![no_main]

use embassy_executor::Spawner;
use embassy_net::{Ipv4Address, Stack, StackResources};
use embassy_stm32::eth::{Ethernet, GenericPhy, PacketQueue, Sma};
use embassy_stm32::peripherals::{ETH, ETH_SMA};
use embassy_stm32::rng::Rng;
use embassy_stm32::time::Hertz;
use embassy_stm32::{bind_interrupts, eth, peripherals, rng, Config};
use panic_halt as _;
use static_cell::StaticCell;

bind_interrupts!(struct Irqs {
    ETH => eth::InterruptHandler;
    HASH_RNG => rng::InterruptHandler<peripherals::RNG>;
});

type Device = Ethernet<'static, ETH, GenericPhy<Sma<'static, ETH_SMA>>>;

/// The SMSC (a documentation address: put yours here).
const SMSC: (Ipv4Address, u16) = (Ipv4Address::new(192, 0, 2, 1), 2775);

#[embassy_executor::task]
async fn net_task(mut runner: embassy_net::Runner<'static, Device>) -> ! {
    runner.run().await
}

#[embassy_executor::main]
async fn main(spawner: Spawner) {
    // 8 MHz from the ST-LINK's MCO -> PLL -> 168 MHz system clock, 48 MHz PLLQ.
    let mut config = Config::default();
    {
        use embassy_stm32::rcc::*;
        config.rcc.hse = Some(Hse {
            freq: Hertz(8_000_000),
            mode: HseMode::Bypass,
        });
        config.rcc.pll_src = PllSource::HSE;
        config.rcc.pll = Some(Pll {
            prediv: PllPreDiv::DIV4,
            mul: PllMul::MUL168,
            divp: Some(PllPDiv::DIV2),
            divq: Some(PllQDiv::DIV7),
            divr: None,
        });
        config.rcc.ahb_pre = AHBPrescaler::DIV1;
        config.rcc.apb1_pre = APBPrescaler::DIV4;
        config.rcc.apb2_pre = APBPrescaler::DIV2;
        config.rcc.sys = Sysclk::PLL1_P;
    }
    let p = embassy_stm32::init(config);

    let mut rng = Rng::new(p.RNG, Irqs);
    let mut seed = [0; 8];
    let _ = rng.async_fill_bytes(&mut seed).await;
    let seed = u64::from_le_bytes(seed);

    // NUCLEO-F429ZI RMII pins (UM1974 table 13).
    static PACKETS: StaticCell<PacketQueue<4, 4>> = StaticCell::new();
    let device = Ethernet::new(
        PACKETS.init(PacketQueue::new()),
        p.ETH,
        Irqs,
        p.PA1,  // REF_CLK
        p.PA7,  // CRS_DV
        p.PC4,  // RXD0
        p.PC5,  // RXD1
        p.PG13, // TXD0
        p.PB13, // TXD1
        p.PG11, // TX_EN
        [0x02, 0x00, 0x5e, 0x00, 0x53, 0x01],
        p.ETH_SMA,
        p.PA2, // MDIO
        p.PC1, // MDC
    );
    static NET: StaticCell<StackResources<3>> = StaticCell::new();
    let (stack, runner) = embassy_net::new(
        device,
        embassy_net::Config::dhcpv4(Default::default()),
        NET.init(StackResources::new()),
        seed,
    );
    spawner.spawn(net_task(runner).unwrap());

    #[cfg(feature = "smpp")]
    sms::start(spawner, stack);
    #[cfg(not(feature = "smpp"))]
    baseline::start(spawner, stack);
}

/// The SMPP part: a transceiver that reports and answers pings.
#[cfg(feature = "smpp")]
mod sms {
    use super::*;
    use embassy_sync::blocking_mutex::raw::NoopRawMutex;
    use embassy_time::{Duration, Timer};
    use smpp_io_embassy::net::TcpConnector;
    use smpp_io_embassy::{Client, Resources, Runner};
    use smpp_proto::codec::SubmitSm;

    /// Window 4, 512-byte session buffers (any deliver_sm with a 254-octet
    /// message and receipt TLVs fits, and any submit_sm with a 254-octet
    /// message), 1 queued inbound message: the inbound task takes each at
    /// once, and the SMSC retries one that finds the queue full.
    type Smpp = Resources<NoopRawMutex, 4, 512, 512, 1>;
    type SmppClient = Client<'static, Smpp>;
    type SmppRunner = Runner<'static, Smpp>;

    pub(super) fn start(spawner: Spawner, stack: Stack<'static>) {
        static RESOURCES: StaticCell<Smpp> = StaticCell::new();
        let config = smpp_io_embassy::Config::new(b"sensor1", b"secret");
        let (client, runner) = smpp_io_embassy::new(config, RESOURCES.init(Resources::new()));
        spawner.spawn(smpp_task(runner, stack).unwrap());
        spawner.spawn(report_task(client).unwrap());
        spawner.spawn(inbound_task(client).unwrap());
    }

    #[embassy_executor::task]
    async fn smpp_task(mut runner: SmppRunner, stack: Stack<'static>) -> ! {
        // The TCP socket's own buffers (not counted as the SMPP part's RAM).
        static SOCKET: StaticCell<([u8; 1024], [u8; 1024])> = StaticCell::new();
        let (rx, tx) = SOCKET.init(([0; 1024], [0; 1024]));
        runner
            .run(TcpConnector::new(stack, SMSC.into(), rx, tx))
            .await
    }

    #[embassy_executor::task]
    async fn report_task(client: SmppClient) {
        loop {
            let sm = SubmitSm {
                source_addr: b"sensor1",
                dest_addr_ton: 1,
                dest_addr_npi: 1,
                destination_addr: b"447700900123",
                registered_delivery: 1,
                short_message: b"sensor1: all good",
                ..SubmitSm::default()
            };
            // Waits while the link is down; the outcome says what happened.
            // (`let _ =` drops it at once: a named binding would keep its
            // 80 bytes in this task's future across the timer below.)
            let _ = client.submit(&sm).await;
            Timer::after(Duration::from_secs(600)).await;
        }
    }

    #[embassy_executor::task]
    async fn inbound_task(client: SmppClient) {
        loop {
            // Keep only the sender across the submit below, not the whole
            // message (its 254-octet body would sit in this task's future).
            let from = {
                let m = client.receive().await;
                if m.is_receipt() || m.body.as_slice() != b"ping" {
                    continue;
                }
                m.source_addr
            };
            let pong = SubmitSm {
                source_addr: b"sensor1",
                destination_addr: &from,
                short_message: b"pong",
                ..SubmitSm::default()
            };
            let _ = client.submit(&pong).await;
        }
    }
}

/// Without SMPP: a plain TCP client to the same address, so the size
/// difference is the SMPP part (codec, session, client) alone.
#[cfg(not(feature = "smpp"))]
mod baseline {
    use super::*;
    use embassy_net::tcp::TcpSocket;
    use embassy_time::{with_timeout, Duration, Timer};
    use embedded_io_async::Write;

    pub(super) fn start(spawner: Spawner, stack: Stack<'static>) {
        spawner.spawn(tcp_task(stack).unwrap());
    }

    #[embassy_executor::task]
    async fn tcp_task(stack: Stack<'static>) -> ! {
        static SOCKET: StaticCell<([u8; 1024], [u8; 1024])> = StaticCell::new();
        let (rx, tx) = SOCKET.init(([0; 1024], [0; 1024]));
        loop {
            // The same socket calls as smpp_io_embassy::net::TcpConnector.
            let _ = with_timeout(Duration::from_secs(10), stack.wait_config_up()).await;
            let mut socket = TcpSocket::new(stack, rx, tx);
            socket.set_timeout(Some(Duration::from_secs(60)));
            socket.set_keep_alive(Some(Duration::from_secs(30)));
            if let Ok(Ok(())) = with_timeout(Duration::from_secs(10), socket.connect(SMSC)).await {
                let mut buf = [0u8; 128];
                while let Ok(n) = socket.read(&mut buf).await {
                    let echo = async {
                        socket.write_all(buf.get(..n).unwrap_or_default()).await?;
                        socket.flush().await
                    };
                    if n == 0
                        || !matches!(
                            with_timeout(Duration::from_secs(30), echo).await,
                            Ok(Ok(()))
                        )
                    {
                        break;
                    }
                }
            }
            socket.close();
            let _ = with_timeout(Duration::from_secs(2), socket.flush()).await;
            socket.abort();
            let _ = with_timeout(Duration::from_millis(100), socket.flush()).await;
            drop(socket);
            Timer::after(Duration::from_secs(5)).await;
        }
    }
}
