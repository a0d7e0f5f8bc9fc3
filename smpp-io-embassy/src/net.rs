//! The connector for embassy-net TCP (feature `embassy-net`).

use embassy_net::tcp::{ConnectError, TcpSocket};
use embassy_net::{IpEndpoint, Stack};

use crate::runner::Connect;

/// Opens TCP connections to the SMSC on an embassy-net [`Stack`], with
/// socket buffers the caller lends (they are reused for every connection).
///
/// It waits for the stack's IPv4/IPv6 configuration (DHCP, or a static
/// address) before each attempt, sets TCP keep-alive and a timeout on the
/// socket, and closes it gracefully (FIN) when the session ends.
pub struct TcpConnector<'d> {
    stack: Stack<'d>,
    remote: IpEndpoint,
    rx: &'d mut [u8],
    tx: &'d mut [u8],
    /// TCP keep-alive and timeout for the socket (`None` to leave them off).
    pub tcp_timeout: Option<embassy_time::Duration>,
}

impl<'d> TcpConnector<'d> {
    /// Connects to `remote` through `stack`, with these socket buffers
    /// (1 KiB each is plenty for SMPP).
    pub fn new(stack: Stack<'d>, remote: IpEndpoint, rx: &'d mut [u8], tx: &'d mut [u8]) -> Self {
        TcpConnector {
            stack,
            remote,
            rx,
            tx,
            tcp_timeout: Some(embassy_time::Duration::from_secs(60)),
        }
    }
}

impl core::fmt::Debug for TcpConnector<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("TcpConnector")
            .field("remote", &self.remote)
            .finish_non_exhaustive()
    }
}

impl Connect for TcpConnector<'_> {
    type Conn<'c>
        = TcpSocket<'c>
    where
        Self: 'c;
    type Error = ConnectError;

    async fn connect(&mut self) -> Result<TcpSocket<'_>, ConnectError> {
        self.stack.wait_config_up().await;
        let mut socket = TcpSocket::new(self.stack, self.rx, self.tx);
        if let Some(t) = self.tcp_timeout {
            socket.set_timeout(Some(t));
            socket.set_keep_alive(Some(t / 2));
        }
        socket.connect(self.remote).await?;
        Ok(socket)
    }

    async fn disconnect<'c>(mut conn: TcpSocket<'c>)
    where
        Self: 'c,
    {
        conn.close();
        // Let the FIN go out, but never wait long for a dead peer.
        let _ =
            embassy_time::with_timeout(embassy_time::Duration::from_secs(2), conn.flush()).await;
        conn.abort();
        let _ = embassy_time::with_timeout(embassy_time::Duration::from_millis(100), conn.flush())
            .await;
    }
}
