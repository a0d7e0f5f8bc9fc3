//! The SMS gateways that `smpp gateway` is measured beside (issue 16):
//! Jasmin (PyPI `jasmin`, on RabbitMQ and Redis) and Kannel (Debian
//! `kannel`: bearerbox and smsbox), each started on free ports of 127.0.0.1
//! with a generated configuration in a directory of its own, and stopped
//! when dropped.

use std::fs;
use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{fail, free_port, port_and_dir, python, system, Daemon, Program, SystemPackage};

/// Jasmin 0.11.0 from PyPI, in a venv of its own under `target/peers/`.
///
/// 0.11.1 is not used: its submit_sm_resp handler reads `.response` from the
/// request PDU (`jasmin/managers/listeners.py`), raises `AttributeError` for
/// every single-part message and so never publishes `dlr.submit_sm_resp`
/// nor `submit.sm.resp.<cid>`.
#[track_caller]
pub fn jasmin() -> Option<Program> {
    python(&["jasmin==0.11.0"])
}

/// Kannel's `bearerbox` (with `smsbox`), from the system's packages.
#[track_caller]
pub fn kannel() -> Option<Program> {
    system(&SystemPackage {
        program: "bearerbox",
        skip: "SMPP_SKIP_KANNEL",
        apt: &["kannel"],
        debconf: &[],
        elsewhere: "install Kannel (Debian/Ubuntu: apt-get install kannel)",
    })
}

/// A running `jasmind.py` on our RabbitMQ and Redis, its jCli (without
/// authentication) and HTTP API on free ports of 127.0.0.1; its other
/// listeners (router and client-manager PB, SMPP server and its PB) too.
/// Configure it through [`Jasmin::jcli`].
#[derive(Debug)]
pub struct Jasmin {
    daemon: Daemon,
    http_port: u16,
}

/// Starts `jasmind.py` with a generated `jasmin.cfg`: the AMQP broker at
/// 127.0.0.1:`amqp_port` (guest/guest, vhost `/`), Redis at
/// 127.0.0.1:`redis_port` database `redis_db`, `publish_submit_sm_resp`
/// on (each submit_sm_resp is published to the `messaging` exchange as
/// `submit.sm.resp.<connector id>`), logs and stores in its directory.
/// Waits until jCli listens (it starts last).
#[track_caller]
pub fn start_jasmin(amqp_port: u16, redis_port: u16, redis_db: u8) -> Option<Jasmin> {
    let python = jasmin()?;
    let venv = python
        .path()
        .parent()
        .and_then(Path::parent)
        .unwrap_or_else(|| fail("the jasmin venv has no root"))
        .to_path_buf();
    let spec = txamqp_spec(&venv);
    let (jcli_port, dir) = port_and_dir("jasmin");
    let http_port = free_port();
    let [router, manager, smpp_server, smpp_server_pb] = [(); 4].map(|()| free_port());
    let d = dir.display();
    let config = format!(
        "[sm-listener]\npublish_submit_sm_resp = True\n\
         [amqp-broker]\nhost = 127.0.0.1\nport = {amqp_port}\nvhost = /\n\
         username = guest\npassword = guest\nspec = {spec}\n\
         [redis-client]\nhost = 127.0.0.1\nport = {redis_port}\ndbid = {redis_db}\n\
         [jcli]\nbind = 127.0.0.1\nport = {jcli_port}\nauthentication = False\n\
         [http-api]\nbind = 127.0.0.1\nport = {http_port}\n\
         [router]\nbind = 127.0.0.1\nport = {router}\nstore_path = {d}/store\n\
         [client-management]\nbind = 127.0.0.1\nport = {manager}\nstore_path = {d}/store\n\
         [smpp-server]\nbind = 127.0.0.1\nport = {smpp_server}\n\
         [smpp-server-pb]\nbind = 127.0.0.1\nport = {smpp_server_pb}\n",
        spec = spec.display(),
    );
    let conf = dir.join("jasmin.cfg");
    for sub in ["store", "logs"] {
        fs::create_dir_all(dir.join(sub)).unwrap_or_else(|e| fail(&format!("{e}")));
    }
    fs::write(&conf, config).unwrap_or_else(|e| fail(&format!("{e}")));
    let mut cmd = python.command();
    // CONFIG_PATH: where jCli looks for saved profiles; LOG_PATH: every
    // log file that the config does not name.
    cmd.arg(venv.join("bin").join("jasmind.py"))
        .arg("-c")
        .arg(&conf)
        .env("CONFIG_PATH", &dir)
        .env("LOG_PATH", dir.join("logs"))
        .current_dir(&dir);
    let daemon = Daemon::start_within("jasmind", cmd, jcli_port, dir, Duration::from_secs(60));
    Some(Jasmin { daemon, http_port })
}

/// The AMQP 0-9-1 specification that txAMQP ships (Jasmin's config wants a
/// path to one; its default is under `/etc/jasmin`).
fn txamqp_spec(venv: &Path) -> PathBuf {
    let lib = venv.join("lib");
    fs::read_dir(&lib)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| {
            e.path()
                .join("site-packages/txamqp/specs/standard/amqp0-9-1.stripped.xml")
        })
        .find(|p| p.is_file())
        .unwrap_or_else(|| fail(&format!("no txamqp AMQP spec under {}", lib.display())))
}

impl Jasmin {
    /// Its HTTP API's port on 127.0.0.1 (`/send`).
    pub fn http_port(&self) -> u16 {
        self.http_port
    }

    /// The jasmind process.
    pub fn pid(&self) -> u32 {
        self.daemon.pid()
    }

    /// Its stdout, stderr and log files, the last `lines` lines of each.
    pub fn log_tail(&self, lines: usize) -> String {
        let mut text = tail(&self.daemon.log(), lines);
        let logs = fs::read_dir(self.daemon.dir.join("logs"))
            .into_iter()
            .flatten();
        for entry in logs.flatten() {
            let body = fs::read_to_string(entry.path()).unwrap_or_default();
            text.push_str(&format!("\n== {} ==\n", entry.path().display()));
            text.push_str(&tail(&body, lines));
        }
        text
    }

    /// The text of its log file `name` (e.g. `messages.log`).
    pub fn log_file(&self, name: &str) -> String {
        fs::read_to_string(self.daemon.dir.join("logs").join(name)).unwrap_or_default()
    }

    /// Runs `lines` in one jCli session (the telnet console), each answered
    /// before the next is sent; the transcript, or an error with it when an
    /// answer says `Error`, `Unknown` or `Failed`.
    pub fn jcli(&self, lines: &[&str]) -> Result<String, String> {
        let mut s = TcpStream::connect(("127.0.0.1", self.daemon.port()))
            .map_err(|e| format!("jCli: {e}"))?;
        s.set_read_timeout(Some(Duration::from_millis(200)))
            .map_err(|e| format!("jCli: {e}"))?;
        // The banner and prompt follow the telnet negotiation, which is
        // left unanswered.
        let mut transcript = read_prompt(&mut s, Duration::from_secs(2));
        for line in lines {
            s.write_all(format!("{line}\r\n").as_bytes())
                .map_err(|e| format!("jCli: {e}"))?;
            let answer = read_prompt(&mut s, Duration::from_secs(30));
            let failed = ["Error", "Unknown", "Failed"]
                .iter()
                .any(|w| answer.contains(w));
            transcript.push_str(&answer);
            if failed {
                return Err(format!("jCli refused {line:?}:\n{transcript}"));
            }
        }
        Ok(transcript)
    }
}

/// Reads until the console's prompt (`jcli : ` or `> `) or `wait`.
fn read_prompt(s: &mut TcpStream, wait: Duration) -> String {
    let started = Instant::now();
    let mut text = Vec::new();
    let mut buf = [0u8; 4096];
    while started.elapsed() < wait {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => text.extend_from_slice(buf.get(..n).unwrap_or_default()),
            Err(_) => {}
        }
        if text.ends_with(b"jcli : ") || text.ends_with(b"> ") {
            break;
        }
    }
    String::from_utf8_lossy(&text).replace('\r', "")
}

/// What Kannel's SMPP connection is pointed at.
#[derive(Clone, Debug)]
pub struct KannelSmsc {
    /// The SMSC's host and port.
    pub host: String,
    /// The SMSC's port.
    pub port: u16,
    /// `smsc-username` (system_id).
    pub system_id: String,
    /// `smsc-password`.
    pub password: String,
    /// `instances`: how many binds of the one `smsc` group.
    pub instances: usize,
    /// `max-pending-submits`: the window of each bind.
    pub max_pending_submits: usize,
}

/// Kannel: bearerbox (admin port, the SMSC link, the message store) and
/// smsbox (`/cgi-bin/sendsms` for user [`Kannel::SENDSMS_USER`] with
/// password [`Kannel::SENDSMS_PASSWORD`]), stopped smsbox first.
#[derive(Debug)]
pub struct Kannel {
    smsbox: Daemon,
    bearerbox: Daemon,
}

/// Starts bearerbox and smsbox with a generated `kannel.conf`: one
/// transceiver `smsc` group with `smsc.instances` binds, the message store
/// (`store-type = redis`) and DLR storage in Redis at
/// 127.0.0.1:`redis_port` database `redis_db`, logs in its directory. Waits
/// until smsbox listens.
#[track_caller]
pub fn start_kannel(smsc: &KannelSmsc, redis_port: u16, redis_db: u8) -> Option<Kannel> {
    let bearerbox = kannel()?;
    let smsbox = bearerbox
        .path()
        .parent()
        .map(|dir| dir.join("smsbox"))
        .filter(|p| p.is_file())
        .unwrap_or_else(|| fail("smsbox is not beside bearerbox"));
    let (admin_port, dir) = port_and_dir("bearerbox");
    let (sendsms_port, smsbox_dir) = port_and_dir("smsbox");
    let box_port = free_port();
    let d = dir.display();
    let sd = smsbox_dir.display();
    let KannelSmsc {
        host,
        port,
        system_id,
        password,
        instances,
        max_pending_submits,
    } = smsc;
    let (user, pass) = (Kannel::SENDSMS_USER, Kannel::SENDSMS_PASSWORD);
    let config = format!(
        "group = core\n\
         admin-port = {admin_port}\nadmin-interface = 127.0.0.1\n\
         admin-password = {pass}\nstatus-password = {pass}\nadmin-allow-ip = 127.0.0.1\n\
         smsbox-port = {box_port}\nsmsbox-interface = 127.0.0.1\nbox-allow-ip = 127.0.0.1\n\
         log-file = {d}/bearerbox.log\nlog-level = 1\naccess-log = {d}/access.log\n\
         store-type = redis\ndlr-storage = redis\n\n\
         group = redis-connection\nid = redis\nhost = 127.0.0.1\nport = {redis_port}\n\
         database = {redis_db}\nmax-connections = 1\n\n\
         group = store-db\nid = redis\ntable = kannel_store\n\n\
         group = dlr-db\nid = redis\ntable = kannel_dlr\nttl = 86400\n\
         field-smsc = smsc\nfield-timestamp = ts\nfield-destination = destination\n\
         field-source = source\nfield-service = service\nfield-url = url\n\
         field-mask = mask\nfield-status = status\nfield-boxc-id = boxc\n\n\
         group = smsc\nsmsc = smpp\nsmsc-id = smsc\nhost = {host}\nport = {port}\n\
         transceiver-mode = true\nsmsc-username = {system_id}\nsmsc-password = {password}\n\
         system-type = \"\"\nmax-pending-submits = {max_pending_submits}\n\
         instances = {instances}\n\n\
         group = smsbox\nbearerbox-host = 127.0.0.1\nbearerbox-port = {box_port}\n\
         sendsms-port = {sendsms_port}\nsendsms-interface = 127.0.0.1\n\
         log-file = {sd}/smsbox.log\nlog-level = 1\naccess-log = {sd}/access.log\n\n\
         group = sendsms-user\nusername = {user}\npassword = {pass}\nmax-messages = 1\n"
    );
    let conf = dir.join("kannel.conf");
    fs::write(&conf, config).unwrap_or_else(|e| fail(&format!("{e}")));
    let mut cmd = bearerbox.command();
    cmd.arg(&conf).current_dir(&dir);
    let bearerbox = Daemon::start("bearerbox", cmd, admin_port, dir);
    let mut cmd = std::process::Command::new(smsbox);
    cmd.arg(&conf).current_dir(&smsbox_dir);
    let smsbox = Daemon::start("smsbox", cmd, sendsms_port, smsbox_dir);
    Some(Kannel { smsbox, bearerbox })
}

impl Kannel {
    /// The sendsms-user's name.
    pub const SENDSMS_USER: &'static str = "bench";
    /// The sendsms-user's password, also the admin and status password.
    pub const SENDSMS_PASSWORD: &'static str = "benchpw";

    /// smsbox's sendsms port on 127.0.0.1.
    pub fn sendsms_port(&self) -> u16 {
        self.smsbox.port()
    }

    /// bearerbox's and smsbox's processes.
    pub fn pids(&self) -> [u32; 2] {
        [self.bearerbox.pid(), self.smsbox.pid()]
    }

    /// bearerbox's `/status.xml` (with the status password).
    pub fn status_xml(&self) -> Result<String, String> {
        http_get(
            self.bearerbox.port(),
            &format!("/status.xml?password={}", Kannel::SENDSMS_PASSWORD),
        )
    }

    /// The last `lines` lines of both processes' output and log files.
    pub fn log_tail(&self, lines: usize) -> String {
        let mut text = String::new();
        for (name, daemon, log) in [
            ("bearerbox", &self.bearerbox, "bearerbox.log"),
            ("smsbox", &self.smsbox, "smsbox.log"),
        ] {
            let body = fs::read_to_string(daemon.dir.join(log)).unwrap_or_default();
            text.push_str(&format!("== {name} ==\n{}", tail(&daemon.log(), lines)));
            text.push_str(&format!("\n== {log} ==\n{}\n", tail(&body, lines)));
        }
        text
    }
}

/// One `GET` on 127.0.0.1:`port` with `Connection: close`; the body of a
/// 200 answer.
fn http_get(port: u16, path: &str) -> Result<String, String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(|e| e.to_string())?;
    s.write_all(
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .map_err(|e| e.to_string())?;
    let mut answer = String::new();
    s.read_to_string(&mut answer).map_err(|e| e.to_string())?;
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    if head.starts_with("HTTP/1.1 200") || head.starts_with("HTTP/1.0 200") {
        Ok(body.to_owned())
    } else {
        Err(format!("GET {path}: {head}"))
    }
}

/// The last `lines` lines of `text`.
fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all.get(all.len().saturating_sub(lines)..)
        .unwrap_or_default()
        .join("\n")
}
