//! Real peers for the interop tests, installed by the tests themselves.
//!
//! The README's test command, `cargo test --workspace`, must pass on a fresh
//! clone. The tests that talk to other people's implementations get them
//! here: each peer is installed on first use, once, and reused while what it
//! was installed from is unchanged.
//!
//! | peer | function | installed with | into |
//! |---|---|---|---|
//! | node-smpp 0.5.1 | [`node_smpp`] | `npm ci` of `tests/interop/package-lock.json` | `target/peers/node/` |
//! | python smpplib 2.2.4 | [`smpplib`] | `python3 -m venv`, then `pip install` | `target/peers/python-<hash>/` |
//! | tshark | [`tshark`] | `apt-get install` as root or with `sudo -n`, unless it is on PATH | the system |
//! | Dante's `danted` (SOCKS5) | [`danted`] | the same (`dante-server`) | the system |
//! | microsocks (SOCKS5 with a username and password) | [`microsocks`] | the same | the system |
//! | tinyproxy (HTTP CONNECT) | [`tinyproxy`] | the same | the system |
//! | RabbitMQ, Redis | [`rabbitmq`], [`redis`] | the same (`rabbitmq-server`, `redis-server`) | the system |
//! | python pika 1.3.2 | [`pika`] | a venv, as smpplib | `target/peers/python-<hash>/` |
//! | Jasmin 0.11.0 (`jasmind.py`) | [`jasmin`], [`start_jasmin`] | a venv of its own, as smpplib | `target/peers/python-<hash>/` |
//! | Kannel 1.4 (bearerbox, smsbox) | [`kannel`], [`start_kannel`] | `apt-get install kannel` (`SMPP_SKIP_KANNEL`) | the system |
//!
//! The proxies run for a test on a free port of 127.0.0.1 with a config of
//! their own ([`start_danted`], [`start_microsocks`], [`start_tinyproxy`]),
//! and stop when the returned [`Daemon`] is dropped.
//!
//! Cargo runs the test binaries one after another, the tests of one binary
//! in parallel threads, and some tests start a second process of their
//! binary. So an install holds a file lock (`target/peers/<name>.lock`) and
//! writes its marker only after it has succeeded: it happens once, whoever
//! asks first, and an interrupted one is redone.
//!
//! An install that fails panics with what to do. Setting `SMPP_SKIP_NODE`,
//! `SMPP_SKIP_PYTHON`, `SMPP_SKIP_TSHARK`, `SMPP_SKIP_PROXIES` or `SMPP_SKIP_BROKER` (RabbitMQ and Redis) skips the tests whose peer is not
//! already there, instead of installing it (a line on stderr says so). CI
//! sets none of them: every peer test is mandatory there.
//!
//! Adding a peer is one declaration over [`npm`], [`python`] or [`system`]:
//!
//! ```
//! use peers::{system, Program, SystemPackage};
//!
//! /// redis-server, from the system's packages.
//! pub fn redis() -> Option<Program> {
//!     system(&SystemPackage {
//!         program: "redis-server",
//!         skip: "SMPP_SKIP_REDIS",
//!         apt: &["redis-server"],
//!         debconf: &[],
//!         elsewhere: "install Redis (Fedora: dnf install redis, macOS: brew install redis)",
//!     })
//! }
//! ```

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

mod gateways;
pub use gateways::{jasmin, kannel, start_jasmin, start_kannel, Jasmin, Kannel, KannelSmsc};

/// How long a test waits for another process's install of the same peer.
const LOCK_WAIT: Duration = Duration::from_secs(20 * 60);

/// The file in an install directory that says the install finished, holding
/// what it was installed from.
const MARKER: &str = ".installed";

// ----- the peers -------------------------------------------------------------

/// `node` with node-smpp on its module path (`NODE_PATH`), installed by
/// `npm ci` from `tests/interop/package-lock.json` into `target/peers/node/`.
/// Run the scripts of `tests/interop/` with [`Program::script`].
#[track_caller]
pub fn node_smpp() -> Option<Program> {
    npm("node", &interop_dir())
}

/// A python interpreter with smpplib 2.2.4 (a venv under `target/peers/`).
#[track_caller]
pub fn smpplib() -> Option<Program> {
    python(&["smpplib==2.2.4"])
}

/// A python interpreter with pika 1.3.2, RabbitMQ's Python client (a venv
/// under `target/peers/`).
#[track_caller]
pub fn pika() -> Option<Program> {
    python(&["pika==1.3.2"])
}

/// RabbitMQ's server, `rabbitmq-server` (with `rabbitmqctl` and Erlang).
#[track_caller]
pub fn rabbitmq() -> Option<Program> {
    system(&SystemPackage {
        program: "rabbitmq-server",
        skip: "SMPP_SKIP_BROKER",
        apt: &["rabbitmq-server"],
        debconf: &[],
        elsewhere: "install RabbitMQ (Debian/Ubuntu: apt-get install rabbitmq-server, \
                    Fedora: dnf install rabbitmq-server, macOS: brew install rabbitmq)",
    })
}

/// `redis-server`.
#[track_caller]
pub fn redis() -> Option<Program> {
    system(&SystemPackage {
        program: "redis-server",
        skip: "SMPP_SKIP_BROKER",
        apt: &["redis-server"],
        debconf: &[],
        elsewhere: "install Redis (Debian/Ubuntu: apt-get install redis-server, \
                    Fedora: dnf install redis, macOS: brew install redis)",
    })
}

/// tshark, Wireshark's command-line dissector.
pub const TSHARK: SystemPackage = SystemPackage {
    program: "tshark",
    skip: "SMPP_SKIP_TSHARK",
    apt: &["tshark"],
    // Answer "Should non-superusers be able to capture packets?" with "no",
    // so that wireshark-common's postinst never asks.
    debconf: &["wireshark-common wireshark-common/install-setuid boolean false"],
    elsewhere: "install Wireshark's command-line tool \
                (Debian/Ubuntu: apt-get install tshark, Fedora: dnf install wireshark-cli, \
                macOS: brew install wireshark)",
};

/// tshark: from PATH, else installed with apt-get ([`TSHARK`]).
#[track_caller]
pub fn tshark() -> Option<Program> {
    system(&TSHARK)
}

/// Dante's SOCKS5 server, `danted` (Debian: dante-server).
#[track_caller]
pub fn danted() -> Option<Program> {
    system(&SystemPackage {
        program: "danted",
        skip: "SMPP_SKIP_PROXIES",
        apt: &["dante-server"],
        debconf: &[],
        elsewhere: "install Dante's SOCKS server (Debian/Ubuntu: apt-get install dante-server, \
                    Fedora: dnf install dante-server)",
    })
}

/// microsocks, a small SOCKS5 server with username/password (RFC 1929)
/// from its command line.
#[track_caller]
pub fn microsocks() -> Option<Program> {
    system(&SystemPackage {
        program: "microsocks",
        skip: "SMPP_SKIP_PROXIES",
        apt: &["microsocks"],
        debconf: &[],
        elsewhere: "install microsocks (Debian/Ubuntu: apt-get install microsocks, \
                    macOS: brew install microsocks)",
    })
}

/// tinyproxy, an HTTP proxy with CONNECT and Basic authentication.
#[track_caller]
pub fn tinyproxy() -> Option<Program> {
    system(&SystemPackage {
        program: "tinyproxy",
        skip: "SMPP_SKIP_PROXIES",
        apt: &["tinyproxy"],
        debconf: &[],
        elsewhere: "install tinyproxy (Debian/Ubuntu: apt-get install tinyproxy, \
                    Fedora: dnf install tinyproxy, macOS: brew install tinyproxy)",
    })
}

/// A running proxy on 127.0.0.1, stopped (SIGTERM to its process group,
/// then SIGKILL) and its directory removed when dropped.
#[derive(Debug)]
pub struct Daemon {
    name: &'static str,
    child: std::process::Child,
    port: u16,
    dir: PathBuf,
    /// How it was started, to start it again ([`Daemon::restart`]).
    program: std::ffi::OsString,
    args: Vec<std::ffi::OsString>,
}

impl Daemon {
    /// The port it listens on, on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Its process id (the leader of its process group).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What it wrote to stdout and stderr so far.
    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.join("log")).unwrap_or_default()
    }

    /// Starts `cmd` (its output into `dir/log`) and waits until `port`
    /// accepts connections.
    #[track_caller]
    fn start(name: &'static str, cmd: Command, port: u16, dir: PathBuf) -> Daemon {
        Daemon::start_within(name, cmd, port, dir, Duration::from_secs(10))
    }

    /// [`Daemon::start`], waiting at most `wait` for the port.
    #[track_caller]
    fn start_within(
        name: &'static str,
        cmd: Command,
        port: u16,
        dir: PathBuf,
        wait: Duration,
    ) -> Daemon {
        let program = cmd.get_program().to_owned();
        let args = cmd.get_args().map(ToOwned::to_owned).collect();
        let child = Daemon::spawn(cmd, &dir);
        let mut daemon = Daemon {
            name,
            child,
            port,
            dir,
            program,
            args,
        };
        daemon.wait_listening(wait);
        daemon
    }

    #[track_caller]
    fn spawn(mut cmd: Command, dir: &Path) -> std::process::Child {
        use std::os::unix::process::CommandExt as _;
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("log"))
            .unwrap_or_else(|e| fail(&format!("{e}")));
        let err = log.try_clone().unwrap_or_else(|e| fail(&format!("{e}")));
        cmd.stdin(Stdio::null())
            .stdout(log)
            .stderr(err)
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| fail(&format!("{cmd:?} did not start: {e}")))
    }

    /// Stops it (as dropping does, its directory kept), waits `down_for`,
    /// and starts it again the same way, on the same port.
    #[track_caller]
    pub fn restart(&mut self, down_for: Duration) {
        self.stop();
        std::thread::sleep(down_for);
        let mut cmd = Command::new(&self.program);
        cmd.args(&self.args);
        self.child = Daemon::spawn(cmd, &self.dir);
        self.wait_listening(Duration::from_secs(10));
    }

    #[track_caller]
    fn wait_listening(&mut self, wait: Duration) {
        let (name, port) = (self.name, self.port);
        let started = Instant::now();
        loop {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return;
            }
            let exited = self.child.try_wait().ok().flatten();
            if exited.is_some() || started.elapsed() > wait {
                fail(&format!(
                    "{name} did not listen on 127.0.0.1:{port} ({exited:?}):\n{}",
                    self.log()
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        self.stop();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

impl Daemon {
    /// SIGTERM to its process group, then SIGKILL after 3 s.
    fn stop(&mut self) {
        use rustix::process::{kill_process_group, Pid, Signal};
        let group = Pid::from_child(&self.child);
        let _ = kill_process_group(group, Signal::TERM);
        let started = Instant::now();
        while self.child.try_wait().ok().flatten().is_none() {
            if started.elapsed() > Duration::from_secs(3) {
                say(&format!("peers: {} ignored SIGTERM: killing it", self.name));
                let _ = kill_process_group(group, Signal::KILL);
                let _ = self.child.wait();
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        // Children that outlived their parent (danted's) go with the group.
        let _ = kill_process_group(group, Signal::KILL);
    }
}

/// A free port of 127.0.0.1 (bound, then released for the daemon) and a
/// fresh directory for its config.
fn port_and_dir(name: &str) -> (u16, PathBuf) {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| fail(&format!("no free port: {e}")));
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("smpp-{name}-{}-{n}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap_or_else(|e| fail(&format!("{}: {e}", dir.display())));
    (port, dir)
}

/// danted as a SOCKS5 proxy without authentication on a free port of
/// 127.0.0.1, for clients on 127.0.0.0/8 to anywhere; `None` when
/// `SMPP_SKIP_PROXIES` is set and it is not installed.
#[track_caller]
pub fn start_danted() -> Option<Daemon> {
    let program = danted()?;
    let (port, dir) = port_and_dir("danted");
    // As root danted wants users to switch to; otherwise it runs as is.
    let users = if rustix::process::getuid().is_root() {
        "user.privileged: root\nuser.unprivileged: nobody\n"
    } else {
        ""
    };
    let config = format!(
        "logoutput: stderr\n\
         internal: 127.0.0.1 port = {port}\n\
         external: 127.0.0.1\n\
         clientmethod: none\n\
         socksmethod: none\n\
         {users}\
         client pass {{ from: 127.0.0.0/8 to: 0.0.0.0/0 }}\n\
         socks pass {{ from: 127.0.0.0/8 to: 0.0.0.0/0 log: connect }}\n"
    );
    let conf = dir.join("danted.conf");
    fs::write(&conf, config).unwrap_or_else(|e| fail(&format!("{e}")));
    let mut cmd = program.command();
    // Runs in the foreground unless -D; -p keeps the pid file out of /run.
    cmd.arg("-f")
        .arg(&conf)
        .arg("-p")
        .arg(dir.join("danted.pid"));
    Some(Daemon::start("danted", cmd, port, dir))
}

/// microsocks as a SOCKS5 proxy that requires `user` / `pass`
/// (RFC 1929) on a free port of 127.0.0.1.
#[track_caller]
pub fn start_microsocks(user: &str, pass: &str) -> Option<Daemon> {
    let program = microsocks()?;
    let (port, dir) = port_and_dir("microsocks");
    let mut cmd = program.command();
    cmd.args([
        "-i",
        "127.0.0.1",
        "-p",
        &port.to_string(),
        "-u",
        user,
        "-P",
        pass,
    ]);
    Some(Daemon::start("microsocks", cmd, port, dir))
}

/// tinyproxy on a free port of 127.0.0.1, CONNECT allowed to any port (no
/// `ConnectPort` line), requiring `auth` with Basic authentication when
/// given.
#[track_caller]
pub fn start_tinyproxy(auth: Option<(&str, &str)>) -> Option<Daemon> {
    let program = tinyproxy()?;
    let (port, dir) = port_and_dir("tinyproxy");
    let mut config = format!(
        "Port {port}\nListen 127.0.0.1\nTimeout 60\nMaxClients 50\nAllow 127.0.0.1\nLogLevel Info\n"
    );
    if let Some((user, pass)) = auth {
        config.push_str(&format!("BasicAuth {user} {pass}\n"));
    }
    let conf = dir.join("tinyproxy.conf");
    fs::write(&conf, config).unwrap_or_else(|e| fail(&format!("{e}")));
    let mut cmd = program.command();
    // -d: the foreground.
    cmd.arg("-d").arg("-c").arg(&conf);
    Some(Daemon::start("tinyproxy", cmd, port, dir))
}

/// A private redis-server on a free port of 127.0.0.1: no persistence
/// (`--save ''`, `--appendonly no`), its directory removed when dropped.
#[track_caller]
pub fn start_redis() -> Option<Daemon> {
    start_redis_with(&["--appendonly", "no"])
}

/// [`start_redis`] writing every change to its append-only file before
/// answering (`--appendonly yes --appendfsync always`), so that a
/// [`Daemon::restart`] keeps everything.
#[track_caller]
pub fn start_redis_durable() -> Option<Daemon> {
    start_redis_with(&["--appendonly", "yes", "--appendfsync", "always"])
}

#[track_caller]
fn start_redis_with(persistence: &[&str]) -> Option<Daemon> {
    let program = redis()?;
    let (port, dir) = port_and_dir("redis");
    let mut cmd = program.command();
    cmd.args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
        .args(["--save", ""])
        .args(persistence)
        .arg("--dir")
        .arg(&dir);
    Some(Daemon::start("redis-server", cmd, port, dir))
}

/// The PEM files of a TLS listener: its certificate chain, its key, and
/// the CA that signed it; and whether it asks each client for a
/// certificate signed by that CA (mutual TLS).
#[derive(Debug, Clone, Copy)]
pub struct TlsFiles<'a> {
    /// The CA's certificate (PEM).
    pub ca: &'a str,
    /// The server's certificate (PEM).
    pub cert: &'a str,
    /// The server's private key (PEM).
    pub key: &'a str,
    /// Ask every client for a certificate that `ca` signed, and refuse a
    /// client without one.
    pub client_auth: bool,
}

impl TlsFiles<'_> {
    /// Writes ca.pem, server.pem and server.key into `dir`; their paths.
    #[track_caller]
    fn write(&self, dir: &Path) -> [PathBuf; 3] {
        let paths = [
            dir.join("ca.pem"),
            dir.join("server.pem"),
            dir.join("server.key"),
        ];
        for (path, pem) in paths.iter().zip([self.ca, self.cert, self.key]) {
            fs::write(path, pem).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
        }
        paths
    }
}

/// A private redis-server that speaks TLS only (`--port 0 --tls-port`) on
/// a free port of 127.0.0.1, with `tls`'s certificate, asking clients for
/// theirs when `tls.client_auth`; no persistence.
#[track_caller]
pub fn start_redis_tls(tls: &TlsFiles<'_>) -> Option<Daemon> {
    let program = redis()?;
    let (port, dir) = port_and_dir("redis-tls");
    let [ca, cert, key] = tls.write(&dir);
    let mut cmd = program.command();
    cmd.args(["--port", "0", "--bind", "127.0.0.1"])
        .args(["--tls-port", &port.to_string()])
        .arg("--tls-cert-file")
        .arg(cert)
        .arg("--tls-key-file")
        .arg(key)
        .arg("--tls-ca-cert-file")
        .arg(ca)
        .args([
            "--tls-auth-clients",
            if tls.client_auth { "yes" } else { "no" },
        ])
        .args(["--save", "", "--appendonly", "no"])
        .arg("--dir")
        .arg(&dir);
    Some(Daemon::start("redis-server --tls-port", cmd, port, dir))
}

/// A private RabbitMQ node on free ports of 127.0.0.1 (AMQP, distribution
/// and its own epmd), with its data, logs, feature flags and an empty
/// plugin list in a directory of its own; stopped with `rabbitmqctl
/// shutdown` (its Erlang VM leaves the process group, so a signal to the
/// group would not reach it) and its epmd killed when dropped.
#[derive(Debug)]
pub struct RabbitMq {
    node: String,
    port: u16,
    tls_port: Option<u16>,
    epmd_port: u16,
    dir: PathBuf,
    child: std::process::Child,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| fail(&format!("no free port: {e}")))
}

impl RabbitMq {
    /// Starts a node and waits (at most 60 s) until it accepts AMQP
    /// connections; `None` when `SMPP_SKIP_BROKER` is set and RabbitMQ is
    /// not installed.
    #[track_caller]
    pub fn start() -> Option<RabbitMq> {
        RabbitMq::start_with(None)
    }

    /// [`RabbitMq::start`] with an AMQPS (TLS) listener as well, on a free
    /// port of 127.0.0.1 ([`RabbitMq::tls_port`]), with `tls`'s
    /// certificate and no client certificate asked for; waits until both
    /// listen.
    #[track_caller]
    pub fn start_tls(tls: &TlsFiles<'_>) -> Option<RabbitMq> {
        RabbitMq::start_with(Some(tls))
    }

    #[track_caller]
    fn start_with(tls: Option<&TlsFiles<'_>>) -> Option<RabbitMq> {
        use std::os::unix::process::CommandExt as _;
        let program = rabbitmq()?;
        let (port, dir) = port_and_dir("rabbitmq");
        let (dist, epmd_port) = (free_port(), free_port());
        // rabbitmq.conf: the TLS listener and its files, in the node's
        // directory (so that the rabbitmq user may read them).
        let tls_port = tls.map(|tls| {
            let tls_port = free_port();
            let [ca, cert, key] = tls.write(&dir);
            let conf = format!(
                "listeners.ssl.default = 127.0.0.1:{tls_port}\n\
                 ssl_options.cacertfile = {}\n\
                 ssl_options.certfile = {}\n\
                 ssl_options.keyfile = {}\n\
                 ssl_options.verify = {}\n\
                 ssl_options.fail_if_no_peer_cert = {}\n",
                ca.display(),
                cert.display(),
                key.display(),
                if tls.client_auth {
                    "verify_peer"
                } else {
                    "verify_none"
                },
                tls.client_auth,
            );
            fs::write(dir.join("rabbitmq.conf"), conf).unwrap_or_else(|e| fail(&format!("{e}")));
            tls_port
        });
        let node = format!(
            "smpp{}x{}@localhost",
            std::process::id(),
            dir.file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.rsplit('-').next())
                .unwrap_or("0")
        );
        let plugins = dir.join("enabled_plugins");
        fs::write(&plugins, "[].\n").unwrap_or_else(|e| fail(&format!("{e}")));
        if rustix::process::getuid().is_root() {
            // The server drops to the rabbitmq user, which must own its files.
            let _ = Command::new("chown")
                .args(["-R", "rabbitmq:rabbitmq"])
                .arg(&dir)
                .status();
        }
        let log = File::create(dir.join("server.log")).unwrap_or_else(|e| fail(&format!("{e}")));
        let err = log.try_clone().unwrap_or_else(|e| fail(&format!("{e}")));
        let mut cmd = program.command();
        cmd.envs(Self::env(&node, epmd_port))
            .env("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1")
            .env("RABBITMQ_NODE_PORT", port.to_string())
            .env("RABBITMQ_DIST_PORT", dist.to_string())
            .env("RABBITMQ_MNESIA_BASE", dir.join("mnesia"))
            .env("RABBITMQ_FEATURE_FLAGS_FILE", dir.join("feature_flags"))
            .env("RABBITMQ_LOG_BASE", dir.join("log"))
            .env("RABBITMQ_ENABLED_PLUGINS_FILE", &plugins)
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(err)
            .process_group(0);
        if tls_port.is_some() {
            cmd.env("RABBITMQ_CONFIG_FILE", dir.join("rabbitmq.conf"));
        }
        let child = cmd
            .spawn()
            .unwrap_or_else(|e| fail(&format!("rabbitmq-server did not start: {e}")));
        let mut rabbit = RabbitMq {
            node,
            port,
            tls_port,
            epmd_port,
            dir,
            child,
        };
        let started = Instant::now();
        loop {
            if rabbit.listening() {
                return Some(rabbit);
            }
            let exited = rabbit.child.try_wait().ok().flatten();
            if exited.is_some() || started.elapsed() > Duration::from_secs(60) {
                let log = fs::read_to_string(rabbit.dir.join("server.log")).unwrap_or_default();
                fail(&format!(
                    "rabbitmq-server did not listen on 127.0.0.1:{port} ({exited:?}):\n{log}"
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Whether its AMQP port, and its AMQPS port if it has one, accept
    /// connections.
    fn listening(&self) -> bool {
        [Some(self.port), self.tls_port]
            .into_iter()
            .flatten()
            .all(|p| std::net::TcpStream::connect(("127.0.0.1", p)).is_ok())
    }

    fn env(node: &str, epmd_port: u16) -> [(&'static str, String); 2] {
        [
            ("RABBITMQ_NODENAME", node.to_string()),
            ("ERL_EPMD_PORT", epmd_port.to_string()),
        ]
    }

    /// Stops the broker application and starts it again (`rabbitmqctl
    /// stop_app`, `start_app`): every client connection is closed, durable
    /// queues and persistent messages stay. Waits until it listens again.
    #[track_caller]
    pub fn restart_app(&self, down_for: Duration) {
        let ctl = |verb: &str| {
            let ok = Command::new("rabbitmqctl")
                .envs(Self::env(&self.node, self.epmd_port))
                .args(["-n", &self.node, verb])
                .stdin(Stdio::null())
                .output()
                .is_ok_and(|o| o.status.success());
            if !ok {
                fail(&format!("rabbitmqctl {verb} failed"));
            }
        };
        ctl("stop_app");
        std::thread::sleep(down_for);
        ctl("start_app");
        let started = Instant::now();
        while !self.listening() {
            if started.elapsed() > Duration::from_secs(30) {
                fail("RabbitMQ did not listen again after start_app");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Its AMQP port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `amqp://guest:guest@127.0.0.1:PORT/%2f`.
    pub fn url(&self) -> String {
        format!("amqp://guest:guest@127.0.0.1:{}/%2f", self.port)
    }

    /// The process id of its Erlang VM (`beam.smp`, started by the
    /// `rabbitmq-server` script under another pid): the one whose
    /// environment names this node (`RABBITMQ_NODENAME`); `None` when it is
    /// not found (or its environment cannot be read).
    pub fn beam_pid(&self) -> Option<u32> {
        let var = format!("RABBITMQ_NODENAME={}", self.node);
        let var = var.as_bytes();
        fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
            let pid: u32 = e.file_name().to_str()?.parse().ok()?;
            let comm = fs::read_to_string(e.path().join("comm")).ok()?;
            if !comm.trim_end().starts_with("beam") {
                return None;
            }
            let environ = fs::read(e.path().join("environ")).ok()?;
            environ.split(|&b| b == 0).any(|v| v == var).then_some(pid)
        })
    }

    /// Its AMQPS (TLS) port on 127.0.0.1, when started with
    /// [`RabbitMq::start_tls`].
    pub fn tls_port(&self) -> Option<u16> {
        self.tls_port
    }
}

impl Drop for RabbitMq {
    fn drop(&mut self) {
        use rustix::process::{kill_process_group, Pid, Signal};
        let _ = Command::new("rabbitmqctl")
            .envs(Self::env(&self.node, self.epmd_port))
            .args(["-n", &self.node, "shutdown"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = kill_process_group(Pid::from_child(&self.child), Signal::KILL);
        let _ = self.child.wait();
        let _ = Command::new("epmd")
            .env("ERL_EPMD_PORT", self.epmd_port.to_string())
            .arg("-kill")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// The directory of the peer scripts (`tests/interop/`).
pub fn interop_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).join("interop")
}

// ----- what a peer is --------------------------------------------------------

/// A program to run as a peer, with the environment its packages need.
#[derive(Clone, Debug)]
pub struct Program {
    path: PathBuf,
    env: Vec<(&'static str, PathBuf)>,
}

impl Program {
    /// The executable.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A command running the program, its environment set.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(&self.path);
        for (key, value) in &self.env {
            cmd.env(key, value);
        }
        cmd
    }

    /// A command running the script `name` of `tests/interop/`.
    pub fn script(&self, name: &str) -> Command {
        let mut cmd = self.command();
        cmd.arg(interop_dir().join(name));
        cmd
    }
}

/// A program that comes from the system's packages.
#[derive(Clone, Copy, Debug)]
pub struct SystemPackage {
    /// The executable looked for on PATH.
    pub program: &'static str,
    /// The environment variable that skips the tests instead of installing.
    pub skip: &'static str,
    /// The Debian/Ubuntu packages that provide it.
    pub apt: &'static [&'static str],
    /// debconf answers given before installing (`debconf-set-selections` lines).
    pub debconf: &'static [&'static str],
    /// What to do where apt-get cannot install it.
    pub elsewhere: &'static str,
}

// ----- the mechanisms --------------------------------------------------------

/// `node` with the packages of `package_dir` (its `package.json` and
/// `package-lock.json`) installed by `npm ci` into `target/peers/<name>/`,
/// on `NODE_PATH`. Reinstalled when either file changes. `SMPP_SKIP_NODE`
/// skips instead of installing.
#[track_caller]
pub fn npm(name: &str, package_dir: &Path) -> Option<Program> {
    let dir = peers_dir().join(name);
    provide(name, "SMPP_SKIP_NODE", |may_install| {
        let hint = "install Node.js 18 or later, with npm";
        let node = need("node", hint)?;
        let program = Program {
            path: node,
            env: vec![("NODE_PATH", dir.join("node_modules"))],
        };
        let files = ["package.json", "package-lock.json"];
        let mut fingerprint = String::new();
        for f in files {
            let path = package_dir.join(f);
            let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            fingerprint.push_str(&text);
        }
        if is_installed(&dir, &fingerprint) && dir.join("node_modules").is_dir() {
            return Ok(Some(program));
        }
        if !may_install {
            return Ok(None);
        }
        let npm = need("npm", hint)?;
        let what = format!("the npm packages of {}", package_dir.display());
        install_into(&dir, &fingerprint, &what, |dir| {
            for f in files {
                fs::copy(package_dir.join(f), dir.join(f)).map_err(|e| format!("copy {f}: {e}"))?;
            }
            run(Command::new(npm)
                .args(["ci", "--no-audit", "--no-fund", "--prefix"])
                .arg(dir))
        })?;
        Ok(Some(program))
    })
}

/// A python interpreter in a venv with `requirements` (pip requirement
/// specifiers, pinned), under `target/peers/python-<hash of them>/`. Made
/// with the `python3` on PATH; remade when that one changes.
/// `SMPP_SKIP_PYTHON` skips instead of installing.
#[track_caller]
pub fn python(requirements: &[&str]) -> Option<Program> {
    let list = requirements.join("\n");
    let name = format!("python-{:016x}", fnv1a(list.as_bytes()));
    let dir = peers_dir().join(&name);
    provide(&name, "SMPP_SKIP_PYTHON", |may_install| {
        let python3 = need(
            "python3",
            "install Python 3 with its venv module (Debian/Ubuntu: apt-get install python3-venv)",
        )?;
        let base = output(Command::new(&python3).args([
            "-c",
            "import sys; print(sys.version); print(sys.base_prefix)",
        ]))?;
        let fingerprint = format!("{list}\n{base}");
        let program = Program {
            path: dir.join("bin").join("python"),
            env: Vec::new(),
        };
        if is_installed(&dir, &fingerprint) && program.path.is_file() {
            return Ok(Some(program));
        }
        if !may_install {
            return Ok(None);
        }
        let what = format!("a python venv with {}", requirements.join(" "));
        install_into(&dir, &fingerprint, &what, |dir| {
            run(Command::new(&python3).args(["-m", "venv"]).arg(dir))?;
            run(Command::new(dir.join("bin").join("python"))
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                ])
                .args(requirements))
        })?;
        Ok(Some(program))
    })
}

/// `package.program` from PATH, else installed with apt-get, as root or
/// through `sudo -n`.
#[track_caller]
pub fn system(package: &SystemPackage) -> Option<Program> {
    provide(package.program, package.skip, |may_install| {
        let found = || {
            on_path(package.program).map(|path| Program {
                path,
                env: Vec::new(),
            })
        };
        if let Some(program) = found() {
            return Ok(Some(program));
        }
        if !may_install {
            return Ok(None);
        }
        let started = Instant::now();
        apt_install(package.program, package.apt, package.debconf).map_err(|e| {
            format!(
                "{} is not on PATH and could not be installed: {e}\nTo run these tests, {}.",
                package.program, package.elsewhere
            )
        })?;
        say(&format!(
            "peers: installed {} in {:.0} s",
            package.apt.join(" "),
            started.elapsed().as_secs_f64()
        ));
        found().map(Some).ok_or_else(|| {
            format!(
                "apt-get installed {} but {} is still not on PATH",
                package.apt.join(" "),
                package.program
            )
        })
    })
}

/// The target directory of the running test binary: the nearest ancestor
/// of its executable that cargo tagged with `CACHEDIR.TAG`.
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().ok();
    let tagged = exe
        .as_deref()
        .and_then(|exe| exe.ancestors().find(|d| d.join("CACHEDIR.TAG").is_file()));
    if let Some(dir) = tagged {
        return dir.to_path_buf();
    }
    match std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from) {
        Some(dir) if dir.is_absolute() => dir,
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
    }
}

// ----- once per process, once per target directory ---------------------------

/// What each peer came to in this process: tests of one binary ask again
/// and again, and a failed install is not retried by each of them.
type Outcome = Result<Option<Program>, String>;
static OUTCOMES: Mutex<BTreeMap<String, Outcome>> = Mutex::new(BTreeMap::new());

/// Runs `get` (given whether it may install) under the lock of `name`,
/// once per process; `None` means skip. Panics with the reason and the way
/// to skip when the peer cannot be had.
#[track_caller]
fn provide(name: &str, skip: &str, get: impl FnOnce(bool) -> Outcome) -> Option<Program> {
    let mut outcomes = OUTCOMES.lock().unwrap_or_else(PoisonError::into_inner);
    let outcome = match outcomes.get(name) {
        Some(outcome) => outcome.clone(),
        None => {
            let may_install = std::env::var_os(skip).is_none();
            let outcome = lock(name).and_then(|_lock| get(may_install));
            let outcome = match outcome {
                Ok(None) => {
                    say(&format!(
                        "peers: {name} is not installed and {skip} is set: skipping"
                    ));
                    Ok(None)
                }
                Err(e) if !may_install => {
                    say(&format!("peers: {e}\n{skip} is set: skipping"));
                    Ok(None)
                }
                Err(e) => Err(format!(
                    "{e}\n(The tests install the peers they need: see tests/peers. \
                     Set {skip}=1 to skip the tests that need {name}.)"
                )),
                ok => ok,
            };
            outcomes.insert(name.to_owned(), outcome.clone());
            outcome
        }
    };
    drop(outcomes);
    match outcome {
        Ok(program) => program,
        Err(reason) => fail(&reason),
    }
}

#[allow(clippy::panic)] // reason: failing the test that needs the peer, saying what to do, is the point
#[track_caller]
fn fail(reason: &str) -> ! {
    panic!("{reason}")
}

fn peers_dir() -> PathBuf {
    target_dir().join("peers")
}

/// Takes `target/peers/<name>.lock`, waiting for another process's install
/// at most [`LOCK_WAIT`]. The lock goes with the file (and with the process).
fn lock(name: &str) -> Result<File, String> {
    let dir = peers_dir();
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join(format!("{name}.lock"));
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let started = Instant::now();
    loop {
        match rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => return Ok(file),
            Err(e) if e == rustix::io::Errno::WOULDBLOCK => {}
            Err(e) => return Err(format!("lock {}: {e}", path.display())),
        }
        if started.elapsed() > LOCK_WAIT {
            return Err(format!(
                "{} is still locked after {} s by another install",
                path.display(),
                LOCK_WAIT.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn is_installed(dir: &Path, fingerprint: &str) -> bool {
    fs::read_to_string(dir.join(MARKER)).is_ok_and(|s| s == fingerprint)
}

/// Empties `dir`, runs `install` in it, then writes the marker.
fn install_into(
    dir: &Path,
    fingerprint: &str,
    what: &str,
    install: impl FnOnce(&Path) -> Result<(), String>,
) -> Result<(), String> {
    let started = Instant::now();
    say(&format!(
        "peers: installing {what} into {} (once)",
        dir.display()
    ));
    let io = |e: std::io::Error| format!("{}: {e}", dir.display());
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(io)?;
    }
    fs::create_dir_all(dir).map_err(io)?;
    install(dir)?;
    let tmp = dir.join(format!("{MARKER}.tmp"));
    fs::write(&tmp, fingerprint).map_err(io)?;
    fs::rename(&tmp, dir.join(MARKER)).map_err(io)?;
    say(&format!(
        "peers: installed {what} in {:.0} s",
        started.elapsed().as_secs_f64()
    ));
    Ok(())
}

/// Installs Debian packages without a question, as root or through `sudo -n`;
/// updates the package lists only if a first try fails.
fn apt_install(program: &str, packages: &[&str], debconf: &[&str]) -> Result<(), String> {
    if on_path("apt-get").is_none() {
        return Err("this machine has no apt-get".into());
    }
    let sudo = if rustix::process::getuid().is_root() {
        None
    } else {
        let sudo = on_path("sudo")
            .filter(|sudo| {
                Command::new(sudo)
                    .args(["-n", "true"])
                    .stdin(Stdio::null())
                    .output()
                    .is_ok_and(|o| o.status.success())
            })
            .ok_or("installing needs root, or sudo without a password")?;
        Some(sudo)
    };
    say(&format!(
        "peers: {program} is not on PATH: installing {} with apt-get (once)",
        packages.join(" ")
    ));
    let command = |program: &str| match &sudo {
        Some(sudo) => {
            let mut cmd = Command::new(sudo);
            cmd.args(["-n", "env", "DEBIAN_FRONTEND=noninteractive", program]);
            cmd
        }
        None => {
            let mut cmd = Command::new(program);
            cmd.env("DEBIAN_FRONTEND", "noninteractive");
            cmd
        }
    };
    if !debconf.is_empty() {
        let answers = debconf.join("\n") + "\n";
        run_with_input(&mut command("debconf-set-selections"), &answers)?;
    }
    // Waits for another apt-get (another test run, the machine's updater).
    let wait = ["-o", "DPkg::Lock::Timeout=600"];
    let install = || {
        run(command("apt-get")
            .args(["install", "-y", "-q"])
            .args(wait)
            .args(packages))
    };
    install().or_else(|_| {
        run(command("apt-get").args(["update", "-q"]).args(wait))?;
        install()
    })
}

// ----- processes and PATH ----------------------------------------------------

/// Writes a line to the terminal, past the test harness's output capture:
/// a first run that installs should say why it takes longer.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

fn on_path(program: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt as _;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0))
}

fn need(program: &str, hint: &str) -> Result<PathBuf, String> {
    on_path(program).ok_or_else(|| format!("{program} is not on PATH: {hint}"))
}

/// Runs `cmd` to the end; its output goes into the error if it fails.
fn run(cmd: &mut Command) -> Result<(), String> {
    let out = cmd.stdin(Stdio::null()).output();
    checked(cmd, out).map(drop)
}

fn run_with_input(cmd: &mut Command, input: &str) -> Result<(), String> {
    let out = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            if let Some(mut stdin) = child.stdin.take() {
                stdin.write_all(input.as_bytes())?;
            }
            child.wait_with_output()
        });
    checked(cmd, out).map(drop)
}

/// Runs `cmd`; its stdout, trimmed.
fn output(cmd: &mut Command) -> Result<String, String> {
    let out = cmd.stdin(Stdio::null()).output();
    let out = checked(cmd, out)?;
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn checked(cmd: &Command, out: std::io::Result<Output>) -> Result<Output, String> {
    let out = out.map_err(|e| format!("{cmd:?} did not start: {e}"))?;
    if out.status.success() {
        return Ok(out);
    }
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    let lines: Vec<&str> = text.lines().collect();
    let tail = lines
        .get(lines.len().saturating_sub(30)..)
        .unwrap_or_default();
    Err(format!(
        "{cmd:?} failed ({}):\n{}",
        out.status,
        tail.join("\n")
    ))
}

/// FNV-1a: a name for a requirement list that stays the same across Rust
/// versions (std's hasher does not promise that).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The resident memory (VmRSS) of process `pid`, in KiB, from
/// `/proc/<pid>/status`; `None` where there is no procfs.
pub fn rss_kb(pid: u32) -> Option<u64> {
    proc_status_kb(pid, "VmRSS:")
}

/// The peak resident memory (VmHWM, the high-water mark) of process `pid`,
/// in KiB, from `/proc/<pid>/status`; `None` where there is no procfs.
pub fn peak_rss_kb(pid: u32) -> Option<u64> {
    proc_status_kb(pid, "VmHWM:")
}

fn proc_status_kb(pid: u32, field: &str) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

    use super::*;

    const NAME: &str = "PEERS_SELFTEST_NAME";

    /// A peer whose install takes a while and counts itself in
    /// `target/peers/<name>.count`.
    fn counted(name: &str) -> Option<Program> {
        let dir = peers_dir().join(name);
        let count = peers_dir().join(format!("{name}.count"));
        provide(name, "SMPP_SKIP_SELFTEST", |_| {
            let program = Program {
                path: dir.join("peer"),
                env: Vec::new(),
            };
            if !is_installed(&dir, "v1") {
                install_into(&dir, "v1", "a test peer", |dir| {
                    let mut f = OpenOptions::new()
                        .create(true)
                        .append(true)
                        .open(&count)
                        .map_err(|e| e.to_string())?;
                    writeln!(f, "{}", std::process::id()).map_err(|e| e.to_string())?;
                    std::thread::sleep(Duration::from_millis(300));
                    fs::write(dir.join("peer"), "").map_err(|e| e.to_string())
                })?;
            }
            Ok(Some(program))
        })
    }

    #[test]
    #[ignore = "run by installs_once_across_processes_and_threads, in processes of its own"]
    fn inner_install() {
        let name = std::env::var(NAME).unwrap();
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let name = name.clone();
                std::thread::spawn(move || counted(&name).unwrap())
            })
            .collect();
        for t in threads {
            assert!(t.join().unwrap().path().is_file());
        }
    }

    /// Cargo runs test binaries one after another and their tests in
    /// parallel; some tests start processes of their own binary. Four
    /// processes of four threads each ask for one peer at once: it is
    /// installed once, and every one of them gets it.
    #[test]
    fn installs_once_across_processes_and_threads() {
        let name = format!("selftest-{}", std::process::id());
        let children: Vec<_> = (0..4)
            .map(|_| {
                Command::new(std::env::current_exe().unwrap())
                    .args(["tests::inner_install", "--exact", "--ignored"])
                    .env(NAME, &name)
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut child in children {
            assert!(child.wait().unwrap().success());
        }
        let count = peers_dir().join(format!("{name}.count"));
        let installs = fs::read_to_string(&count).unwrap();
        let _ = fs::remove_dir_all(peers_dir().join(&name));
        let _ = fs::remove_file(&count);
        let _ = fs::remove_file(peers_dir().join(format!("{name}.lock")));
        assert_eq!(installs.lines().count(), 1, "installed by {installs:?}");
    }

    #[test]
    fn target_dir_is_the_tagged_one() {
        assert!(target_dir().join("CACHEDIR.TAG").is_file());
        assert!(interop_dir().join("package-lock.json").is_file());
    }
}
