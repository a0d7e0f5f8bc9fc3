//! The `smpp` command-line tool: an SMSC simulator, a client to send and
//! listen, a load generator, a demo, and PDU decode/encode.
//!
//! - `smpp demo`: starts the simulator in-process and sends a few messages.
//! - `smpp smsc`: the SMSC simulator.
//! - `smpp send`, `smpp listen`, `smpp bench`: clients.
//! - `smpp decode [HEX]...`: each argument, or else each line of stdin, is one
//!   PDU in hex (whitespace anywhere inside is ignored). Prints one JSON
//!   object per input on its own line (see `smpp_cli::json`), or
//!   `{"error":"<why>","command_status":<code>}` for an input that does not
//!   decode. A PDU that decodes but breaks the spec gets a `"violations"`
//!   list (issue 12); with `--strict` it is a failure instead.
//! - `smpp encode [JSON]...`: each argument, or else each line of stdin, is
//!   one JSON object as `decode` prints it. Prints the PDU in lowercase hex,
//!   or `{"error":"<why>"}` for an object that does not encode.
//!
//! Blank lines and lines starting with `#` are skipped. Output lines match
//! input lines one to one. Exit status: 0 when every input succeeded, 1 when
//! any failed (or on an I/O error), 2 on a usage error.
#![forbid(unsafe_code)]

mod gateway;
mod net;
mod signals;
mod submit;
mod text;
mod tls;

use std::io::{self, BufRead, Write};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use serde_json::{Map, Value};
use smpp_cli::json;
use smpp_proto::codec::DEFAULT_MAX_COMMAND_LENGTH;
use smpp_proto::receipt::{IdMatch, MessageState};
use smpp_proto::InterfaceVersion;

/// SMPP 3.3 / 3.4 / 5.0 on the command line: an SMSC simulator, send,
/// listen, bench, a demo, and PDU decode/encode.
///
/// Exit status: 0 on success, 1 when anything failed (a line, a part, a
/// receipt, a bind), 2 on a usage error.
#[derive(Debug, Parser)]
#[command(name = "smpp", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Log the library's own events to stderr: -v for refused binds, TLS
    /// handshakes that failed, protocol errors and closed sessions (info),
    /// -vv for every state change (debug), -vvv for every read and write.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
}

const DEFAULT_URL: &str = "smpp://smppclient1:password@127.0.0.1:2775";

#[derive(Debug, Subcommand)]
enum Command {
    /// Start an SMSC simulator in-process, send a GSM, a long and a Unicode
    /// message, wait for their receipts and print a summary.
    #[command(
        after_help = "Example:\n  smpp demo\n\nNeeds no network or setup; exits 0 when every part was accepted and every receipt arrived."
    )]
    Demo,
    /// Run an SMSC simulator until interrupted (SIGINT/SIGTERM), then unbind
    /// its sessions and exit 0.
    ///
    /// Accepts binds (any credentials, or those of --users), answers submits
    /// with message ids, sends receipts after --receipt-delay in the mix of
    /// --receipt-states (intermediate ones such as ENROUTE first, if asked),
    /// with ids written as --receipt-id says, and injects the faults asked
    /// for. Prints one line per bind, submit, receipt and dropped connection
    /// (JSON lines with --json).
    #[command(
        after_help = "Examples:\n  smpp smsc\n  smpp smsc --listen 0.0.0.0:2775 --json --receipt-states DELIVRD:90,UNDELIV:10\n  smpp smsc --receipt-states ENROUTE+DELIVRD:9,ACCEPTD+UNDELIV:1 --receipt-id decimal\n  smpp smsc --throttle 100 --error-share 0.01 --drop-share 0.001\n  smpp smsc --profile smpp33\n  smpp smsc --profile gatewayapi --listen 0.0.0.0:2775 --tls-listen 0.0.0.0:8775 --tls-cert server.pem --tls-key server.key\n  smpp smsc --profile kaleyra\n  smpp smsc --lenient                                                        # take requests that break the spec\n  smpp smsc --tls-cert server.pem --tls-key server.key                       # smpps://\n  smpp smsc --listen 0.0.0.0:2775 --tls-listen 0.0.0.0:8775 --tls-cert server.pem --tls-key server.key  # plain and TLS at once\n  smpp smsc --tls-cert server.pem --tls-key server.key --tls-client-ca ca.pem  # mutual TLS\n\nA request that breaks the spec (e.g. a TLV its command does not allow) is refused with its status (ESME_ROPTPARNOTALLWD, …) unless --lenient. With --tls-cert the listening line on stderr says (TLS) and plain smpp:// clients are cut off at the handshake; with --tls-listen too, --listen stays plain and a second line gives the TLS address.\n\nExit status: 0 after SIGINT/SIGTERM, 1 when it cannot listen or an option is invalid (a PEM file that cannot be read included), 2 on a usage error."
    )]
    Smsc(SmscArgs),
    /// Bind and send a text to one or more recipients.
    ///
    /// Prints each part's message id, and with --wait-receipts each receipt
    /// until the final one (intermediate ENROUTE or ACCEPTD receipts are
    /// printed and waited past; ids are matched as --id-match says). With
    /// --count above 1, prints a progress bar and a summary (sent, accepted,
    /// failed and of those fate unknown, not sent, final receipts by state,
    /// intermediate ones, rate, latency of each message); at most two
    /// windows of messages are in flight, whatever --count says. Long texts
    /// are tied together with a concatenation reference that starts at
    /// random in each run.
    ///
    /// The first SIGINT/SIGTERM stops submitting, waits up to 5 s (within
    /// --timeout) for the messages in flight, unbinds, prints the summary
    /// and exits 1; a second one exits at once.
    #[command(
        after_help = "Examples:\n  smpp send --to 447700900123 --text 'Hi {there} €' --wait-receipts\n  smpp send --to 447700900123 --text Hi --wait-receipts --id-match hex:decimal   # a provider that answers in hex, reports in decimal\n  smpp send --url smpp://user:pass@smsc.example:2775 --to 1 --to 2 --text bulk --count 500 --json\n  smpp send --url smpps://user:pass@smsc.example:3550 --ca ca.pem --to 1 --text 'over TLS'\n  smpp send --url smpps://user:pass@smsc.example:3550 --ca ca.pem --client-cert me.pem --client-key me.key --to 1 --text mTLS\n  smpp send --url smpp://user:pass@smsc.example:2775 --proxy socks5://me:pw@proxy.example:1080 --to 1 --text 'via SOCKS5'\n  smpp send --to 447700900123 --from MyShop --text 'Flash!' --flash --priority 1 --validity 2h --registered-delivery receipt,intermediate\n  smpp send --to 447700900123 --text Hi --tlv 0x2900=0102 --tlv-first 0x0204=0007 --concat sar --interface-version 5.0 --system-type VMA\n\nExit status: 0 only if every part was accepted (and, with --wait-receipts, every final receipt arrived) within --timeout; 1 otherwise (a signal included), with one line on stderr; 2 on a usage error."
    )]
    Send(Box<SendArgs>),
    /// Bind and print MO messages and receipts until interrupted, answering
    /// each with deliver_sm_resp.
    #[command(
        after_help = "Example:\n  smpp listen --url smpp://user:pass@127.0.0.1:2775 --bind receiver --json\n  smpp listen --url smpps://user:pass@smsc.example:3550 --ca ca.pem\n\nExit status: 0 after SIGINT/SIGTERM (it unbinds first), 1 when the bind fails or the SMSC closes the link, 2 on a usage error."
    )]
    Listen(ListenArgs),
    /// Drive a server with submit_sm and report throughput and latency.
    ///
    /// Sends --count messages (or for --seconds) over --connections binds,
    /// keeping --window requests outstanding on each. The last line is the
    /// summary; with --json it is an object with sent, ok, failed, seconds,
    /// per_second, p50_ms, p99_ms, connections and window.
    #[command(
        after_help = "Examples:\n  smpp bench --count 100000 --window 64 --json\n  smpp bench --seconds 10 --connections 4\n  smpp bench --url smpps://user:pass@localhost:2775 --ca ca.pem --count 10000\n\nExit status: 0 when every submit_sm got ESME_ROK, 1 otherwise (one line on stderr), 2 on a usage error."
    )]
    Bench(BenchArgs),
    /// Run a vumi2-compatible SMPP transport on RabbitMQ and Redis until
    /// SIGINT/SIGTERM.
    ///
    /// Consumes vumi user messages from <transport_name>.outbound, submits
    /// them, and publishes one ack or nack per message, then a
    /// delivery_report per message, to <transport_name>.event and MO
    /// messages to <transport_name>.inbound (durable direct exchange vumi,
    /// persistent messages, publisher confirms). Prints one line when
    /// ready.
    #[command(
        after_help = "Examples:\n  smpp gateway --url smpp://smppclient1:password@127.0.0.1:2775\n  smpp gateway --config vumi.toml --amqp-url amqp://guest:guest@rabbit:5672/%2f --redis-url redis://redis:6379/0\n  smpp gateway --url smpp://id:pw@smsc:2775 --store memory --transport-name my_smpp\n\nExit status: 0 after SIGINT/SIGTERM, 1 when the config is invalid, no session binds within smpp_bind_timeout, or Redis cannot be reached at start."
    )]
    Gateway(gateway::GatewayArgs),
    /// Decode hex PDUs to JSON, one object per line.
    #[command(
        after_help = "Examples:\n  echo 0000001000000015000000000000000a | smpp decode\n  smpp decode --strict 00000010800000040000000000000007\n\nAn input that does not decode prints {\"error\":…,\"command_status\":…}. A PDU that decodes but breaks the spec gets \"violations\":[{\"command_status\":…,\"name\":\"ESME_R…\",\"reason\":…}], first the status a strict peer answers with; --strict prints it as an error instead. Exit status: 0 when every input decoded (and, with --strict, broke no rule), 1 otherwise."
    )]
    Decode(DecodeArgs),
    /// Encode JSON objects (as `decode` prints them) to hex PDUs, one per line.
    #[command(
        after_help = "Example:\n  smpp decode 0000001000000015000000000000000a | smpp encode\n\nAn object that does not encode prints {\"error\":…}. Exit status: 0 when every input encoded, 1 otherwise."
    )]
    Encode(EncodeArgs),
}

#[derive(Debug, Args)]
struct SmscArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:2775")]
    listen: String,
    /// Print JSON lines instead of text.
    #[arg(long)]
    json: bool,
    /// Print nothing per bind, submit or receipt, whatever `--json` says (for
    /// load tests: the lines are written in batches on a thread of their
    /// own, but formatting them still takes a share of the CPU).
    #[arg(long)]
    quiet: bool,
    /// Milliseconds before a delivery receipt is sent.
    #[arg(long, default_value_t = 1000)]
    receipt_delay: u64,
    /// Provider behaviour.
    ///
    /// `default` accepts every request that follows the spec.
    ///
    /// `strict` accepts only data_coding 0,1,2,3,4,6,8,24,240 (else
    /// ESME_RINVDCS) and the TLVs dest_addr_subunit, user_message_reference,
    /// message_payload and 0x2900 (else ESME_ROPTPARNOTALLWD), and unbinds a
    /// link silent for 5 minutes.
    ///
    /// `smpp33` serves any bind whose interface_version is not 0x34 as SMPP
    /// 3.3 (no sc_interface_version, no TLVs).
    ///
    /// `gatewayapi` (its SMPP guide): only submit_sm (other requests get
    /// generic_nack ESME_RINVCMDID); schedule_delivery_time refused
    /// (ESME_RINVSCHED); data_coding 0,3,4,8,24,240 only (ESME_RINVDCS); the
    /// TLVs 0x0005, 0x0204, 0x0424, 0x2900 only (ESME_ROPTPARNOTALLWD; a
    /// wrong size ESME_RINVPARLEN); dest_addr_ton 0 or 1 only
    /// (ESME_RINVDSTTON, not in the guide); text that does not decode under
    /// its data_coding refused (ESME_RINVDCS, not in the guide); receipts
    /// ENROUTE then DELIVRD, with the user_message_reference in `text:` and
    /// as a TLV; receipts kept 48 h, up to 25,000 per system_id, for a
    /// receiver that binds later; 100 submit_sm/s per bind (ESME_RTHROTTLED,
    /// not in the guide).
    ///
    /// `kaleyra` (its support articles): system_type must be `smpp`
    /// (ESME_RINVSYSTYP); interface_version other than 0x34 served as 3.3;
    /// data_coding 0,1,3,8 only (ESME_RINVDCS); submit_multi refused
    /// (generic_nack ESME_RINVCMDID); a link idle for 5 minutes unbound (not
    /// in the articles).
    #[arg(long, default_value = "default")]
    profile: String,
    /// The simulator's own interface_version: 3.3, 3.4 (the default) or 5.0.
    /// A bind is served at the lower of it and the one asked for (SMPP 3.4
    /// §5.2.4); at 5.0 the simulator also answers broadcast_sm,
    /// query_broadcast_sm and cancel_broadcast_sm (SMPP 5.0 §4.4.1, §4.6).
    #[arg(long, value_name = "V", value_parser = parse_interface_version)]
    interface_version: Option<InterfaceVersion>,
    /// Take requests that break the spec (a TLV their command does not
    /// allow, short_message over 254 octets, …) instead of refusing them
    /// with their status; each is still logged. The strict, gatewayapi and
    /// kaleyra profiles always refuse them.
    #[arg(long)]
    lenient: bool,
    /// Receipts per message, a comma-separated weighted mix of
    /// `STATE[+STATE...][:WEIGHT]`,
    /// e.g. DELIVRD:90,UNDELIV:5,EXPIRED:3,REJECTD:2. States joined by `+` are
    /// sent in turn, --receipt-delay apart, as real SMSCs send intermediate
    /// receipts before the final one: ENROUTE+DELIVRD:9,ACCEPTD+UNDELIV:1.
    /// Default: DELIVRD (ENROUTE+DELIVRD under --profile gatewayapi).
    #[arg(long, value_name = "MIX")]
    receipt_states: Option<String>,
    /// How receipts write the message id: `same` as submit_sm_resp (ten
    /// decimal digits); `decimal`: submit_sm_resp in hex (a000000001),
    /// receipts in decimal (687194767361), as many providers do; `hex`: the
    /// other way round.
    #[arg(long, value_name = "FORM", default_value = "same")]
    receipt_id: String,
    /// Answer submits above this many per second with ESME_RTHROTTLED: in
    /// all, or per bind under --profile gatewayapi (default 100 there).
    #[arg(long)]
    throttle: Option<u32>,
    /// Receipts and MO messages kept per system_id while none of its
    /// receivers is bound, delivered when one binds; past it, new ones are
    /// dropped. Default 1,000 (25,000 under --profile gatewayapi).
    #[arg(long, value_name = "N")]
    retry_store: Option<usize>,
    /// How long those are kept: 90s, 30m, 48h, 2d. Default: until a
    /// receiver binds (48h under --profile gatewayapi).
    #[arg(long, value_name = "PERIOD", value_parser = submit::parse_period)]
    retry_store_ttl: Option<std::time::Duration>,
    /// Seconds without traffic after which a session is unbound and closed
    /// (inactivity_timer, SMPP 3.4 §7.2); 0 never. Default 300.
    #[arg(long, value_name = "S")]
    inactivity: Option<u64>,
    /// Share of submits answered with ESME_RSYSERR (0 to 1).
    #[arg(long, default_value_t = 0.0)]
    error_share: f64,
    /// Milliseconds to wait before each response.
    #[arg(long, default_value_t = 0)]
    slow: u64,
    /// Send every submitted message back as an MO deliver_sm.
    #[arg(long)]
    echo: bool,
    /// Fault: send each accepted submit_sm's response MS after its first
    /// receipt (and echo) is due, so the receipt races ahead of the
    /// submit_sm_resp that gives its message id (a submit that asks for no
    /// receipt, without --echo, is answered at once).
    #[arg(long, value_name = "MS", default_value_t = 0)]
    late_resp: u64,
    /// Fault: send every receipt and MO deliver_sm twice, as an SMSC does
    /// that resends what it thinks was not answered.
    #[arg(long)]
    duplicate_deliveries: bool,
    /// File of `system_id:password` lines; without it any credentials bind.
    #[arg(long)]
    users: Option<std::path::PathBuf>,
    /// Bound sessions allowed per system_id (more binds get ESME_RBINDFAIL).
    #[arg(long, default_value_t = 100)]
    max_per_system_id: usize,
    /// Connections served at once; more are closed at once. Lowered to fit
    /// the open files limit, whose soft value is raised to the hard one at
    /// start (both said on stderr after the listening line).
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    max_sessions: usize,
    /// Milliseconds a refused bind waits before its bind_resp.
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    bind_failure_delay: u64,
    /// Keep the connection open after a refused bind (by default the
    /// bind_resp is sent, then the connection closed).
    #[arg(long)]
    keep_open_after_bind_failure: bool,
    /// Refused binds from one IP address, or for one system_id, within
    /// --lockout-window that lock it out (0: never). While locked out every
    /// bind of that address or system_id is refused with ESME_RBINDFAIL,
    /// the right password included.
    #[arg(long, value_name = "N", default_value_t = 5)]
    lockout_after: u32,
    /// Seconds in which --lockout-after failures are counted.
    #[arg(long, value_name = "S", default_value_t = 60)]
    lockout_window: u64,
    /// Seconds a lock-out lasts.
    #[arg(long, value_name = "S", default_value_t = 300)]
    lockout: u64,
    /// Fault: cut each connection (TCP closed, no response, no unbind) when
    /// the submit after this many arrives on it.
    #[arg(long, value_name = "N")]
    drop_after: Option<u64>,
    /// Fault: share of submits (0 to 1) that cut their connection instead of
    /// being answered.
    #[arg(long, value_name = "P", default_value_t = 0.0)]
    drop_share: f64,
    #[command(flatten, next_help_heading = "TLS")]
    tls: tls::ServerTlsArgs,
}

/// The proxy option of the clients (`send`, `listen`, `bench`).
#[derive(Debug, Args)]
struct ProxyArgs {
    /// Connect through a SOCKS5 (RFC 1928) or HTTP CONNECT proxy:
    /// socks5://USER:PASS@HOST:PORT or http://USER:PASS@HOST:PORT, the
    /// credentials optional. The SOCKS5 proxy resolves the SMSC's host name; smpps:// runs TLS through
    /// the tunnel. The same as the URL's ?proxy= parameter.
    #[arg(long, value_name = "URL")]
    proxy: Option<String>,
}

impl ProxyArgs {
    fn parse(&self) -> Result<Option<smpp_io_tokio::Proxy>, net::Fail> {
        self.proxy
            .as_deref()
            .map(|p| p.parse().map_err(|e| net::Fail(format!("--proxy: {e}"))))
            .transpose()
    }
}

#[derive(Debug, Args)]
struct SendArgs {
    /// smpp://SYSTEM_ID:PASSWORD@HOST:PORT (smpps:// for TLS).
    #[arg(long, default_value = DEFAULT_URL)]
    url: String,
    /// Recipient address (repeat for several).
    #[arg(long, required_unless_present = "raw")]
    to: Vec<String>,
    /// Sender address.
    #[arg(long, default_value = "smpp-rs")]
    from: String,
    /// The text; encoding (GSM 7-bit or UCS-2) and splitting are chosen automatically.
    #[arg(long, required_unless_present_any = ["raw", "data"])]
    text: Option<String>,
    /// Binary content instead of a text, in hex (a WAP push, an OTA
    /// setting): data_coding 0x04 (or --data-coding), split with a UDH
    /// like a long text (`Client::send_data`).
    #[arg(long, value_name = "HEX", conflicts_with = "text")]
    data: Option<String>,
    /// Send this one PDU instead of a text: its hex, header included (as
    /// `smpp encode` prints it; its sequence_number is replaced). Any
    /// request goes, a custom command_id included (IPWorks `SendCommand`);
    /// the response is printed as one JSON line, as `smpp decode` prints it.
    /// Exit 0 when the response's command_status is 0.
    #[arg(long, value_name = "HEX", conflicts_with_all = ["to", "text", "data", "count", "wait_receipts"])]
    raw: Option<String>,
    /// Wait for each message's final receipt (DELIVRD, UNDELIV, EXPIRED,
    /// REJECTD, DELETED, SKIPPED) and print every receipt on the way;
    /// intermediate ones (ENROUTE, ACCEPTD, BUFFRED, intermediate
    /// notifications) are printed and waited past.
    #[arg(long)]
    wait_receipts: bool,
    /// How a receipt's id is matched to the submit_sm_resp message_id:
    /// `numeric` ignores case, leading zeros and base (a000000001 in hex is
    /// 687194767361 in decimal; an id of digits only is read as decimal);
    /// `hex:decimal` and `decimal:hex` say the bases of the response and the
    /// receipt; `exact` compares the octets.
    #[arg(long, value_name = "RULE", default_value = "numeric")]
    id_match: String,
    /// Send the text this many times to each recipient (bulk, with a summary).
    #[arg(long, default_value_t = 1)]
    count: usize,
    /// Print JSON lines: `accepted` or `failed` per part, `receipt` (with
    /// `stat`, `final`, and `receipt_id` when the receipt writes the id
    /// differently), and a `summary`.
    #[arg(long)]
    json: bool,
    /// Seconds the whole command may take: connect, bind, submits and
    /// final receipts. When they run out, what is in flight counts as fate
    /// unknown, the rest as not sent; it unbinds, prints the summary and
    /// exits 1.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// Encodings to choose from: auto (GSM 7-bit, else UCS-2), gsm, ucs2,
    /// latin1, or a far-east one: shift-jis (data_coding 0x05),
    /// iso-2022-jp (0x0A), euc-kr (0x0E). A text the encoding cannot carry
    /// is an error.
    #[arg(long, default_value = "auto")]
    encoding: String,
    #[command(flatten, next_help_heading = "Message (submit_sm fields)")]
    message: submit::MessageArgs,
    #[command(flatten, next_help_heading = "Session")]
    session: submit::SessionArgs,
    #[command(flatten, next_help_heading = "TLS (smpps://)")]
    tls: tls::ClientTlsArgs,
    #[command(flatten, next_help_heading = "Connection")]
    proxy: ProxyArgs,
}

#[derive(Debug, Args)]
struct ListenArgs {
    /// smpp://SYSTEM_ID:PASSWORD@HOST:PORT (smpps:// for TLS).
    #[arg(long, default_value = DEFAULT_URL)]
    url: String,
    /// receiver or transceiver.
    #[arg(long, default_value = "transceiver")]
    bind: String,
    /// Print JSON lines.
    #[arg(long)]
    json: bool,
    #[command(flatten, next_help_heading = "TLS (smpps://)")]
    tls: tls::ClientTlsArgs,
    #[command(flatten, next_help_heading = "Connection")]
    proxy: ProxyArgs,
}

#[derive(Debug, Args)]
struct BenchArgs {
    /// smpp://SYSTEM_ID:PASSWORD@HOST:PORT (smpps:// for TLS).
    #[arg(long, default_value = DEFAULT_URL)]
    url: String,
    /// Messages to send in all.
    #[arg(long, default_value_t = 10_000)]
    count: usize,
    /// Send for this many seconds instead of --count messages.
    #[arg(long, value_name = "T")]
    seconds: Option<u64>,
    /// Outstanding requests per connection.
    #[arg(long, default_value_t = 64)]
    window: usize,
    /// Connections.
    #[arg(long, default_value_t = 1)]
    connections: usize,
    /// Print the summary as one JSON object.
    #[arg(long)]
    json: bool,
    #[command(flatten, next_help_heading = "TLS (smpps://)")]
    tls: tls::ClientTlsArgs,
    #[command(flatten, next_help_heading = "Connection")]
    proxy: ProxyArgs,
}

#[derive(Debug, Args)]
struct DecodeArgs {
    /// PDUs in hex; when none is given, one per line is read from stdin.
    hex: Vec<String>,
    /// Largest command_length accepted, as a session would.
    #[arg(long, default_value_t = DEFAULT_MAX_COMMAND_LENGTH)]
    max_command_length: u32,
    /// A PDU that breaks a rule of the spec (a TLV its command does not
    /// allow, short_message over 254 octets, …) is an error, as a strict
    /// SMSC refuses it, instead of a PDU with a "violations" list.
    #[arg(long)]
    strict: bool,
    /// Validate as a session at this version: 3.3, 3.4 or 5.0 (5.0's tables
    /// contain 3.4's; only submit_multi's 255th destination differs).
    #[arg(long, default_value = "5.0", value_parser = parse_interface_version)]
    interface_version: InterfaceVersion,
}

/// `3.3`, `3.4` or `5.0`.
fn parse_interface_version(s: &str) -> Result<InterfaceVersion, String> {
    match s {
        "3.3" => Ok(InterfaceVersion::V33),
        "3.4" => Ok(InterfaceVersion::V34),
        "5.0" => Ok(InterfaceVersion::V50),
        other => Err(format!("{other:?} is not 3.3, 3.4 or 5.0")),
    }
}

#[derive(Debug, Args)]
struct EncodeArgs {
    /// JSON objects; when none is given, one per line is read from stdin.
    json: Vec<String>,
}

/// What one input line turned into.
enum Outcome {
    /// The line to print on success.
    Ok(String),
    /// The line to print on failure.
    Failed(String),
}

fn decode_one(input: &str, a: &DecodeArgs) -> Outcome {
    let bytes = match json::parse_hex(input) {
        Ok(b) => b,
        Err(e) => {
            let f = json::DecodeFailure {
                error: e.to_string(),
                command_status: None,
                fatal: false,
            };
            return Outcome::Failed(f.to_json().to_string());
        }
    };
    match json::decode_to_json_at(&bytes, a.max_command_length, a.interface_version) {
        Ok(v) if a.strict && v.get("violations").is_some() => {
            Outcome::Failed(strict_failure(&v).to_string())
        }
        Ok(v) => Outcome::Ok(v.to_string()),
        Err(f) => Outcome::Failed(f.to_json().to_string()),
    }
}

/// `--strict`: a decoded PDU with violations becomes a failure line,
/// `{"error", "command_status", "violations"}`, whose status is the first
/// violation's (what a strict peer answers with).
fn strict_failure(decoded: &Value) -> Value {
    let violations = decoded.get("violations").cloned().unwrap_or_default();
    let first = violations.get(0).cloned().unwrap_or_default();
    let command = decoded
        .get("command")
        .and_then(Value::as_str)
        .unwrap_or("PDU");
    let reason = first.get("reason").and_then(Value::as_str).unwrap_or("");
    let mut m = Map::new();
    m.insert(
        "error".into(),
        Value::String(format!("{command} breaks the spec: {reason}")),
    );
    m.insert(
        "command_status".into(),
        first.get("command_status").cloned().unwrap_or_default(),
    );
    m.insert("violations".into(), violations);
    Value::Object(m)
}

fn encode_one(input: &str) -> Outcome {
    let result = serde_json::from_str::<Value>(input)
        .map_err(|e| format!("invalid JSON: {e}"))
        .and_then(|v| json::json_to_pdu_bytes(&v).map_err(|e| e.to_string()));
    match result {
        Ok(bytes) => Outcome::Ok(hex::encode(bytes)),
        Err(error) => {
            let mut m = Map::new();
            m.insert("error".into(), Value::String(error));
            Outcome::Failed(Value::Object(m).to_string())
        }
    }
}

/// Runs `each` over the arguments, or over the lines of stdin when there are
/// none; prints one output line per input. Returns how many inputs there were
/// and how many failed.
fn run(args: &[String], mut each: impl FnMut(&str) -> Outcome) -> io::Result<(usize, usize)> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let (mut total, mut failed) = (0usize, 0usize);
    let mut handle = |line: &str, out: &mut dyn Write| -> io::Result<()> {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return Ok(());
        }
        total += 1;
        let text = match each(line) {
            Outcome::Ok(t) => t,
            Outcome::Failed(t) => {
                failed += 1;
                t
            }
        };
        writeln!(out, "{text}")
    };
    if args.is_empty() {
        let mut stdin = io::stdin().lock();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            if stdin.read_until(b'\n', &mut buf)? == 0 {
                break;
            }
            handle(&String::from_utf8_lossy(&buf), &mut out)?;
        }
    } else {
        for a in args {
            handle(a, &mut out)?;
        }
    }
    out.flush()?;
    Ok((total, failed))
}

/// `--receipt-states`: `STATE[+STATE...][:WEIGHT]`, comma-separated.
/// `--receipt-states`: `stat:` words of SMPP 3.4 Appendix B (and the vendor
/// words `smpp_proto::receipt::MessageState::from_stat_word` knows).
fn parse_states(s: &str) -> Result<Vec<(Vec<MessageState>, u32)>, String> {
    s.split(',')
        .map(|kv| {
            let (k, v) = kv.split_once(':').unwrap_or((kv, "1"));
            let w = v
                .parse::<u32>()
                .map_err(|_| format!("bad weight in {kv:?}"))?;
            let chain = k
                .split('+')
                .map(|word| match word.trim() {
                    "" => Err(format!("empty state in {kv:?}")),
                    word => MessageState::from_stat_word(word.as_bytes()).ok_or_else(|| {
                        format!("unknown state {word:?} in {kv:?} (DELIVRD, UNDELIV, ENROUTE, ACCEPTD, EXPIRED, DELETED, REJECTD, UNKNOWN, SKIPPED, BUFFRED)")
                    }),
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok((chain, w))
        })
        .collect()
}

/// `--id-match`: the library's rules (`smpp_proto::receipt::IdMatch`).
fn parse_id_match(s: &str) -> Result<IdMatch, String> {
    use smpp_proto::receipt::IdBase::{Decimal, Hex};
    let bases = |submitted, receipted| IdMatch::Bases {
        submitted,
        receipted,
    };
    Ok(match s {
        "numeric" => IdMatch::NumericEquivalent,
        "exact" => IdMatch::Exact,
        "hex:decimal" => bases(Hex, Decimal),
        "decimal:hex" => bases(Decimal, Hex),
        other => {
            return Err(format!(
                "unknown --id-match {other:?} (numeric, exact, hex:decimal, decimal:hex)"
            ))
        }
    })
}

/// The `system_id:password` lines of a users file. A system_id longer
/// than 15 octets or a password longer than 8 (SMPP 3.4 §4.1.1: C-Octet
/// Strings of at most 16 and 9 octets with the NUL) could never bind:
/// the file is refused, naming the line but not the password.
fn read_users(p: &std::path::Path) -> Result<std::collections::HashMap<String, String>, String> {
    const MAX_SYSTEM_ID: usize = 15;
    const MAX_PASSWORD: usize = 8;
    let text =
        std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
    let mut users = std::collections::HashMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((u, pw)) = line.split_once(':') else {
            continue;
        };
        let (u, pw) = (u.trim(), pw.trim());
        let at = format!("{} line {}", p.display(), n + 1);
        if u.len() > MAX_SYSTEM_ID {
            return Err(format!(
                "{at}: system_id {u:?} has {} octets; SMPP allows at most {MAX_SYSTEM_ID} (SMPP 3.4 §4.1.1)",
                u.len()
            ));
        }
        if pw.len() > MAX_PASSWORD {
            return Err(format!(
                "{at}: the password of {u:?} has {} octets; SMPP allows at most {MAX_PASSWORD} (SMPP 3.4 §4.1.1), so it could never bind",
                pw.len()
            ));
        }
        users.insert(u.to_string(), pw.to_string());
    }
    Ok(users)
}

fn network(cmd: &Command) -> Option<Result<(), net::Fail>> {
    // `smpp gateway` runs its tasks on one thread (lapin keeps its own I/O
    // thread): a message passes between its tasks several times (consumer,
    // store, SMPP session, publisher confirm, acknowledger), and between
    // worker threads each pass is a futex wake-up and a context switch. On
    // one thread it is a queue push, which cut its CPU time per message by
    // about a quarter (gateway_bench, issue 16).
    let rt = if matches!(cmd, Command::Gateway(_)) {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    } else {
        tokio::runtime::Runtime::new()
    };
    let rt = match rt {
        Ok(rt) => rt,
        Err(e) => return Some(Err(net::Fail(e.to_string()))),
    };
    let r = match cmd {
        Command::Demo => rt.block_on(net::demo()),
        Command::Smsc(a) => {
            let opts = (|| -> Result<net::SmscOpts, String> {
                Ok(net::SmscOpts {
                    listen: a.listen.clone(),
                    json: a.json,
                    quiet: a.quiet,
                    receipt_delay: a.receipt_delay,
                    profile: a.profile.parse()?,
                    lenient: a.lenient,
                    interface_version: a.interface_version,
                    states: a.receipt_states.as_deref().map(parse_states).transpose()?,
                    receipt_id: a.receipt_id.parse()?,
                    throttle: a.throttle,
                    retry_store: a.retry_store,
                    retry_store_ttl: a.retry_store_ttl,
                    inactivity: a.inactivity,
                    error_share: a.error_share.clamp(0.0, 1.0),
                    slow: a.slow,
                    echo: a.echo,
                    late_resp: a.late_resp,
                    duplicate_deliveries: a.duplicate_deliveries,
                    users: a.users.as_deref().map(read_users).transpose()?,
                    max_per_system_id: a.max_per_system_id,
                    max_sessions: a.max_sessions,
                    bind_failures: smpp_io_tokio::BindFailurePolicy {
                        keep_open: a.keep_open_after_bind_failure,
                        delay: std::time::Duration::from_millis(a.bind_failure_delay),
                        lockout_after: a.lockout_after,
                        window: std::time::Duration::from_secs(a.lockout_window),
                        lockout: std::time::Duration::from_secs(a.lockout),
                    },
                    drop_after: a.drop_after,
                    drop_share: a.drop_share.clamp(0.0, 1.0),
                    tls: a.tls.config()?,
                    mutual_tls: a.tls.tls_client_ca.is_some(),
                    tls_listen: a.tls.tls_listen.clone(),
                })
            })();
            match opts {
                Ok(o) => rt.block_on(net::smsc(o)),
                Err(e) => Err(net::Fail(e)),
            }
        }
        Command::Send(a) => {
            let allowed = match text::allowed(&a.encoding) {
                Ok(x) => x,
                Err(e) => return Some(Err(net::Fail(e))),
            };
            let id_match = match parse_id_match(&a.id_match) {
                Ok(x) => x,
                Err(e) => return Some(Err(net::Fail(e))),
            };
            let tls = match a.tls.config(&a.url) {
                Ok(x) => x,
                Err(e) => return Some(Err(net::Fail(e))),
            };
            let proxy = match a.proxy.parse() {
                Ok(x) => x,
                Err(e) => return Some(Err(e)),
            };
            if let Some(hex) = &a.raw {
                let mut cfg = match net::client_config(&a.url, &tls, &proxy) {
                    Ok(c) => c,
                    Err(e) => return Some(Err(e)),
                };
                if let Err(e) = a.session.apply(&mut cfg, false) {
                    return Some(Err(net::Fail(e)));
                }
                return Some(rt.block_on(net::send_raw(cfg, hex, a.timeout)));
            }
            let data = match a.data.as_deref().map(json::parse_hex).transpose() {
                Ok(d) => d,
                Err(e) => return Some(Err(net::Fail(format!("--data: {e}")))),
            };
            let mut options = a.message.options(&a.from, a.wait_receipts);
            options.allowed = allowed;
            rt.block_on(net::send(net::SendOpts {
                url: a.url.clone(),
                to: a.to.clone(),
                options,
                session: a.session.clone(),
                text: a.text.clone().unwrap_or_default(),
                data,
                wait_receipts: a.wait_receipts,
                count: a.count,
                json: a.json,
                timeout: a.timeout,
                id_match,
                tls,
                proxy,
            }))
        }
        Command::Listen(a) => {
            let bind = match a.bind.as_str() {
                "receiver" => smpp_proto::session::BindType::Receiver,
                "transceiver" => smpp_proto::session::BindType::Transceiver,
                other => {
                    return Some(Err(net::Fail(format!(
                        "--bind must be receiver or transceiver, not {other:?}"
                    ))))
                }
            };
            let tls = match a.tls.config(&a.url) {
                Ok(x) => x,
                Err(e) => return Some(Err(net::Fail(e))),
            };
            let proxy = match a.proxy.parse() {
                Ok(x) => x,
                Err(e) => return Some(Err(e)),
            };
            rt.block_on(net::listen(&a.url, bind, a.json, tls, proxy))
        }
        Command::Bench(a) => {
            let tls = match a.tls.config(&a.url) {
                Ok(x) => x,
                Err(e) => return Some(Err(net::Fail(e))),
            };
            let proxy = match a.proxy.parse() {
                Ok(x) => x,
                Err(e) => return Some(Err(e)),
            };
            rt.block_on(net::bench(net::BenchOpts {
                url: a.url.clone(),
                count: a.count,
                seconds: a.seconds,
                window: a.window,
                connections: a.connections,
                json: a.json,
                tls,
                proxy,
            }))
        }
        Command::Gateway(a) => rt.block_on(gateway::run(a)),
        Command::Decode(_) | Command::Encode(_) => return None,
    };
    rt.shutdown_timeout(std::time::Duration::from_secs(1));
    Some(r)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.verbose > 0 {
        let level = match cli.verbose {
            1 => tracing::Level::INFO,
            2 => tracing::Level::DEBUG,
            _ => tracing::Level::TRACE,
        };
        tracing_subscriber::fmt()
            .with_writer(io::stderr)
            .with_ansi(io::IsTerminal::is_terminal(&io::stderr()))
            .with_max_level(level)
            .with_target(false)
            .init();
    }
    if let Some(r) = network(&cli.command) {
        return match r {
            Ok(()) => ExitCode::SUCCESS,
            Err(net::Fail(e)) => {
                eprintln!("smpp: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let (verb, result) = match &cli.command {
        Command::Decode(a) => ("decode", run(&a.hex, |s| decode_one(s, a))),
        Command::Encode(a) => ("encode", run(&a.json, encode_one)),
        _ => return ExitCode::FAILURE,
    };
    match result {
        Ok((_, 0)) => ExitCode::SUCCESS,
        Ok((total, failed)) => {
            eprintln!("smpp {verb}: {failed} of {total} inputs failed");
            ExitCode::FAILURE
        }
        // The reader went away (`smpp decode | head`): not worth a message.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("smpp {verb}: {e}");
            ExitCode::FAILURE
        }
    }
}
