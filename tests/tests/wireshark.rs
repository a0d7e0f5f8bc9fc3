//! Wireshark interop: every PDU our encoder produces must be accepted by
//! Wireshark's SMPP dissector (tshark).
//!
//! For each group of PDUs a classic libpcap file is built by hand
//! (LINKTYPE_ETHERNET, IPv4, TCP): one connection 127.0.0.1:40000 →
//! 127.0.0.1:2775 opened with a three-way handshake, one PDU per TCP segment
//! (sequence number advancing by the payload length, each segment ACKed by
//! the SMSC), an orderly FIN close, correct IPv4 and TCP checksums (tshark
//! is told to verify them). tshark dissects it with SMPP forced on port 2775
//! and TCP/SMPP reassembly on, so a wrong `command_length` shows up as a
//! missing or a second SMPP PDU. Each PDU frame must show:
//!
//! - exactly one SMPP PDU, with our command_id and sequence_number, and our
//!   command_status on responses (the dissector shows it on responses only);
//! - our TLV tags in our order (`smpp.opt_param_tag`), which catches a TLV
//!   the dissector steps over by the wrong size. The dissector skips the
//!   body of a response whose command_status is not 0, so such a response
//!   must show no TLVs;
//! - no `_ws.malformed` (a dissector exception, e.g. a read past the end);
//! - no expert item of severity warning or error from any protocol: SMPP,
//!   anything it hands the message to, or TCP/IP (that would mean the
//!   capture itself is wrong). Chat and note items are allowed and printed;
//!   with this capture they are TCP's SYN/FIN items only.
//!
//! Covered: every sample of [`every_pdu_kind`] encoded with TLVs (3.4/5.0)
//! and for SMPP 3.3 (`encode_for(V33, ..)`, no TLVs); every standard TLV tag
//! at its shortest and longest length; every valid vector of
//! `tests/data/vectors/pdus.jsonl` that tshark accepts as captured, decoded
//! and re-encoded by us. A control checks that the harness does notice a
//! malformed PDU.
//!
//! Exceptions, each documented where it is listed: the Wireshark bugs in
//! [`WIRESHARK_TLV_SIZE_BUGS`], the expert messages a vector already gets
//! from tshark as captured (its `tshark_detail`), and the vectors our decoder
//! rejects ([`NOT_DECODED`]).
//!
//! tshark is required: taken from PATH, else installed with apt-get on first
//! use (see the `peers` crate, tests/peers). Where it cannot be had every
//! test fails, unless `SMPP_SKIP_TSHARK` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use smpp_proto::codec::{decode, frame, DataSm, Framing, DEFAULT_MAX_COMMAND_LENGTH};
use smpp_proto::{CommandStatus, InterfaceVersion, Pdu, Tlv, TlvTag, Tlvs};
use smpp_tests::samples::{encode, every_pdu_kind, submit_sm};

/// The SMSC port the capture uses; tshark is told it carries SMPP.
const SMPP_PORT: u16 = 2775;
/// The ESME's ephemeral port.
const CLIENT_PORT: u16 = 40000;
/// Both ends are on the loopback address.
const LOCALHOST: [u8; 4] = [127, 0, 0, 1];
/// Initial sequence numbers of the client and the server.
const CLIENT_ISN: u32 = 0x1000_0000;
const SERVER_ISN: u32 = 0x2000_0000;

/// Expert severities (epan/proto.h `PI_*`), as tshark prints them.
const PI_CHAT: u32 = 0x0020_0000;
const PI_NOTE: u32 = 0x0040_0000;
const PI_WARN: u32 = 0x0060_0000;
const PI_ERROR: u32 = 0x0080_0000;

/// The one finding tshark reports for a dissector exception.
const MALFORMED_EXCEPTION: &str = "Malformed Packet (Exception occurred)";

/// A TLV that Wireshark's SMPP dissector steps over by a fixed size of its
/// own instead of the TLV's length field.
struct TlvSizeBug {
    tag: u16,
    name: &'static str,
    /// Octets Wireshark steps over, whatever the TLV length says.
    wireshark_len: u16,
}

/// Known Wireshark 4.0 (seen with 4.0.17, Debian 12) SMPP dissector bugs on
/// PDUs that are well formed: a TLV whose length differs from the size
/// `smpp_handle_tlv` (packet-smpp.c) hard-codes for its tag.
///
/// For most tags the dissector advances by a size of its own rather than by
/// the TLV's length field. Where our length differs, it reads the rest of
/// the value and the next TLV's header as a new tag and length and runs off
/// the end of the PDU. For example, with the sample broadcast_sm:
///
/// ```text
/// Optional parameter: broadcast_rep_num (0x0604)
///     Length: 2
///     Broadcast Message - Number of repetitions requested: 0
/// Optional parameter: 0x0106 (0x0106)
///     Length: 1280
/// [Malformed Packet: SMPP]
/// Expert Info (Error/Malformed): Malformed Packet (Exception occurred)
/// ```
///
/// - broadcast_rep_num: SMPP 5.0 (§4.8.4.11) makes it a 2-octet Integer.
///   node-smpp (int16) and OSERL (`?INTEGER(2)`) agree, and so does
///   Wireshark's own field `smpp.broadcast_rep_num` (FT_UINT16). The
///   dissector still steps over 1 octet: a Wireshark bug.
/// - ms_validity: 1 octet in SMPP 3.4; SMPP 5.0 adds a 4-octet form (time
///   behaviour, time unit, 2-octet number). Wireshark knows only the 1-octet
///   form.
/// - source_telematics_id: Wireshark, jsmpp and Logica read 1 octet. Our
///   codec accepts 1 or 2 octets (2 being dest_telematics_id's size).
///
/// None of these is an encoder bug: the encoder writes the application's
/// TLVs as given. A PDU carrying such a TLV may show exactly this finding
/// and nothing else. If a later tshark shows nothing at all, the PDU passes
/// too. The same PDU with that TLV removed is always checked as well, and
/// it must pass cleanly, so the rest of the PDU stays covered.
const WIRESHARK_TLV_SIZE_BUGS: &[TlvSizeBug] = &[
    TlvSizeBug {
        tag: 0x0604,
        name: "broadcast_rep_num",
        wireshark_len: 1,
    },
    TlvSizeBug {
        tag: 0x1204,
        name: "ms_validity",
        wireshark_len: 1,
    },
    TlvSizeBug {
        tag: 0x0010,
        name: "source_telematics_id",
        wireshark_len: 1,
    },
];

/// One PDU to feed to tshark, with what tshark must report for it.
struct Case {
    /// Where the PDU came from, for failure messages.
    label: String,
    /// The encoded PDU, exactly `command_length` octets.
    bytes: Vec<u8>,
    /// Where the TLVs start in `bytes` (`bytes.len()` if none).
    tlv_start: usize,
    command_id: u32,
    command_status: u32,
    sequence_number: u32,
    /// The Wireshark bug this PDU triggers, if any.
    known_bug: Option<&'static TlvSizeBug>,
    /// Expert messages tshark gives the source bytes of a vector (its
    /// `tshark_detail`): about the vector's content, not our encoding.
    vector_findings: Vec<String>,
}

impl Case {
    /// A case for `pdu`, encoded as `bytes`.
    fn new(label: String, status: CommandStatus, seq: u32, pdu: &Pdu<'_>, bytes: Vec<u8>) -> Self {
        let tlv_start = pdu.encoded_len_for(InterfaceVersion::V33);
        assert!(tlv_start <= bytes.len(), "{label}");
        let mut case = Case {
            label,
            bytes,
            tlv_start,
            command_id: pdu.command_id().0,
            command_status: status.0,
            sequence_number: seq,
            known_bug: None,
            vector_findings: Vec::new(),
        };
        case.known_bug = WIRESHARK_TLV_SIZE_BUGS.iter().find(|bug| {
            case.tlvs()
                .any(|(t, v)| t == bug.tag && v.len() != usize::from(bug.wireshark_len))
        });
        case
    }

    /// The TLVs of the encoded PDU as `(tag, value)`.
    fn tlvs(&self) -> impl Iterator<Item = (u16, &[u8])> + '_ {
        let mut rest = &self.bytes[self.tlv_start..];
        std::iter::from_fn(move || {
            let (head, tail) = rest.split_at_checked(4)?;
            let tag = u16::from_be_bytes([head[0], head[1]]);
            let len = usize::from(u16::from_be_bytes([head[2], head[3]]));
            let (value, tail) = tail.split_at_checked(len)?;
            rest = tail;
            Some((tag, value))
        })
    }

    /// This case without the TLVs `bug` is about, `command_length` fixed.
    fn without(&self, bug: &TlvSizeBug) -> Case {
        let mut bytes = self.bytes[..self.tlv_start].to_vec();
        for (tag, value) in self.tlvs().filter(|(t, _)| *t != bug.tag) {
            bytes.extend_from_slice(&tag.to_be_bytes());
            bytes.extend_from_slice(&u16::try_from(value.len()).unwrap().to_be_bytes());
            bytes.extend_from_slice(value);
        }
        let len = u32::try_from(bytes.len()).unwrap();
        bytes[..4].copy_from_slice(&len.to_be_bytes());
        Case {
            label: format!("{} without {}", self.label, bug.name),
            bytes,
            tlv_start: self.tlv_start,
            command_id: self.command_id,
            command_status: self.command_status,
            sequence_number: self.sequence_number,
            known_bug: None,
            vector_findings: self.vector_findings.clone(),
        }
    }
}

/// Adds, after each case that triggers a known Wireshark bug, the same PDU
/// without the offending TLV.
fn with_workarounds(cases: Vec<Case>) -> Vec<Case> {
    let mut out = Vec::with_capacity(cases.len());
    for case in cases {
        let extra = case.known_bug.map(|bug| case.without(bug));
        out.push(case);
        out.extend(extra);
    }
    out
}

/// Whether the tests may run; `false` means skip (only with
/// `SMPP_SKIP_TSHARK` set). Installs tshark if it is missing; panics with
/// instructions when it cannot, or when it does not run.
fn tshark_available() -> bool {
    let Some(tshark) = peers::tshark() else {
        return false;
    };
    match tshark.command().arg("--version").output() {
        Ok(out) if out.status.success() => true,
        other => panic!(
            "tshark (Wireshark's dissector CLI) is required by this test but does not run: \
             {other:?}"
        ),
    }
}

// ---------------------------------------------------------------------------
// The capture file.

/// Appends big-endian `u16`/`u32` values.
fn put16(v: &mut Vec<u8>, x: u16) {
    v.extend_from_slice(&x.to_be_bytes());
}
fn put32(v: &mut Vec<u8>, x: u32) {
    v.extend_from_slice(&x.to_be_bytes());
}

/// The Internet checksum (RFC 1071) over `parts`, as if concatenated; every
/// part but the last has an even length.
fn inet_checksum(parts: &[&[u8]]) -> u16 {
    let mut sum: u32 = 0;
    for part in parts {
        for pair in part.chunks(2) {
            let hi = u32::from(pair[0]) << 8;
            let lo = pair.get(1).map_or(0, |b| u32::from(*b));
            sum += hi | lo;
        }
    }
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

/// A classic libpcap file (microsecond timestamps, host byte order written
/// as little-endian with magic 0xa1b2c3d4), LINKTYPE_ETHERNET.
struct Pcap {
    buf: Vec<u8>,
    frames: u32,
    ip_id: u16,
}

impl Pcap {
    const LINKTYPE_ETHERNET: u32 = 1;
    const SNAPLEN: u32 = 262_144;
    const TCP_FIN: u8 = 0x01;
    const TCP_SYN: u8 = 0x02;
    const TCP_PSH: u8 = 0x08;
    const TCP_ACK: u8 = 0x10;

    fn new() -> Self {
        let mut buf = Vec::new();
        buf.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
        buf.extend_from_slice(&2u16.to_le_bytes()); // version major
        buf.extend_from_slice(&4u16.to_le_bytes()); // version minor
        buf.extend_from_slice(&0i32.to_le_bytes()); // thiszone
        buf.extend_from_slice(&0u32.to_le_bytes()); // sigfigs
        buf.extend_from_slice(&Self::SNAPLEN.to_le_bytes());
        buf.extend_from_slice(&Self::LINKTYPE_ETHERNET.to_le_bytes());
        Pcap {
            buf,
            frames: 0,
            ip_id: 1,
        }
    }

    /// Appends one TCP segment between the client and the SMSC; returns its
    /// frame number (1-based, as tshark counts).
    fn tcp(&mut self, from_client: bool, seq: u32, ack: u32, flags: u8, payload: &[u8]) -> u32 {
        let (sport, dport) = if from_client {
            (CLIENT_PORT, SMPP_PORT)
        } else {
            (SMPP_PORT, CLIENT_PORT)
        };
        let tcp_len = u16::try_from(20 + payload.len()).expect("segment fits in a TCP segment");
        let ip_len = tcp_len
            .checked_add(20)
            .expect("segment fits in an IPv4 packet");

        let mut tcp = Vec::with_capacity(usize::from(tcp_len));
        put16(&mut tcp, sport);
        put16(&mut tcp, dport);
        put32(&mut tcp, seq);
        put32(&mut tcp, if flags & Self::TCP_ACK != 0 { ack } else { 0 });
        tcp.push(5 << 4); // data offset: 5 words, no options
        tcp.push(flags);
        put16(&mut tcp, 65_535); // window
        put16(&mut tcp, 0); // checksum, filled below
        put16(&mut tcp, 0); // urgent pointer
        tcp.extend_from_slice(payload);
        let mut pseudo = Vec::with_capacity(12);
        pseudo.extend_from_slice(&LOCALHOST);
        pseudo.extend_from_slice(&LOCALHOST);
        pseudo.extend_from_slice(&[0, 6]);
        put16(&mut pseudo, tcp_len);
        let sum = inet_checksum(&[&pseudo, &tcp]);
        tcp[16..18].copy_from_slice(&sum.to_be_bytes());

        let mut ip = Vec::with_capacity(20);
        ip.push(0x45); // IPv4, 5-word header
        ip.push(0); // DSCP/ECN
        put16(&mut ip, ip_len);
        put16(&mut ip, self.ip_id);
        put16(&mut ip, 0x4000); // don't fragment
        ip.push(64); // TTL
        ip.push(6); // TCP
        put16(&mut ip, 0); // checksum, filled below
        ip.extend_from_slice(&LOCALHOST);
        ip.extend_from_slice(&LOCALHOST);
        let sum = inet_checksum(&[&ip]);
        ip[10..12].copy_from_slice(&sum.to_be_bytes());
        self.ip_id = self.ip_id.wrapping_add(1);

        let mut eth = Vec::with_capacity(14);
        eth.extend_from_slice(&[0; 12]); // loopback: all-zero MACs
        put16(&mut eth, 0x0800);

        let caplen = u32::try_from(eth.len() + ip.len() + tcp.len()).unwrap();
        // A fixed start time, one millisecond per frame.
        let ts_usec = 1_000 * u64::from(self.frames);
        let ts_sec = 1_767_225_600 + u32::try_from(ts_usec / 1_000_000).unwrap();
        self.buf.extend_from_slice(&ts_sec.to_le_bytes());
        self.buf
            .extend_from_slice(&u32::try_from(ts_usec % 1_000_000).unwrap().to_le_bytes());
        self.buf.extend_from_slice(&caplen.to_le_bytes()); // incl_len
        self.buf.extend_from_slice(&caplen.to_le_bytes()); // orig_len
        self.buf.extend_from_slice(&eth);
        self.buf.extend_from_slice(&ip);
        self.buf.extend_from_slice(&tcp);
        self.frames += 1;
        self.frames
    }
}

/// Builds the capture: handshake, one segment per PDU, orderly close.
/// Returns the file and the frame number of each PDU's segment.
fn build_capture(cases: &[Case]) -> (Vec<u8>, Vec<u32>) {
    let mut p = Pcap::new();
    let (mut cseq, sseq) = (CLIENT_ISN, SERVER_ISN);
    p.tcp(true, cseq, 0, Pcap::TCP_SYN, &[]);
    p.tcp(false, sseq, cseq + 1, Pcap::TCP_SYN | Pcap::TCP_ACK, &[]);
    cseq += 1;
    let sseq = sseq + 1;
    p.tcp(true, cseq, sseq, Pcap::TCP_ACK, &[]);
    let mut frames = Vec::with_capacity(cases.len());
    for case in cases {
        let flags = Pcap::TCP_PSH | Pcap::TCP_ACK;
        frames.push(p.tcp(true, cseq, sseq, flags, &case.bytes));
        cseq = cseq.wrapping_add(u32::try_from(case.bytes.len()).unwrap());
        // The SMSC acknowledges each segment, as on a real connection.
        p.tcp(false, sseq, cseq, Pcap::TCP_ACK, &[]);
    }
    let fin = Pcap::TCP_FIN | Pcap::TCP_ACK;
    p.tcp(true, cseq, sseq, fin, &[]);
    p.tcp(false, sseq, cseq + 1, fin, &[]);
    p.tcp(true, cseq + 1, sseq + 1, Pcap::TCP_ACK, &[]);
    (p.buf, frames)
}

// ---------------------------------------------------------------------------
// Running tshark.

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("smpp-wireshark-{}-{name}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Separates multiple occurrences of a field in tshark's output.
const AGGREGATOR: char = '\u{1f}';

/// The fields tshark prints for each frame, in this order.
const FIELDS: &[&str] = &[
    "frame.number",
    "smpp.command_id",
    "smpp.command_status",
    "smpp.sequence_number",
    "smpp.opt_param_tag",
    "_ws.malformed",
    "_ws.expert.message",
    "_ws.expert.severity",
    "_ws.expert.group",
];

/// What tshark reported for one frame: every occurrence of each field.
#[derive(Debug, Default)]
struct FrameReport {
    command_id: Vec<String>,
    command_status: Vec<String>,
    sequence_number: Vec<String>,
    /// The TLV tags the dissector walked, in order.
    tlv_tags: Vec<String>,
    malformed: Vec<String>,
    /// `(message, severity, group)` of each expert item.
    expert: Vec<(String, u32, u32)>,
}

/// Parses a tshark integer: decimal or `0x` hexadecimal.
fn parse_int(s: &str) -> Option<u32> {
    match s.strip_prefix("0x") {
        Some(hex) => u32::from_str_radix(hex, 16).ok(),
        None => s.parse().ok(),
    }
}

fn severity_name(s: u32) -> &'static str {
    match s {
        PI_ERROR => "error",
        PI_WARN => "warning",
        PI_NOTE => "note",
        PI_CHAT => "chat",
        _ => "comment",
    }
}

/// Runs tshark over the capture; returns its report per frame number.
fn run_tshark(dir: &TempDir, pcap: &[u8]) -> BTreeMap<u32, FrameReport> {
    let file = dir.path().join("smpp.pcap");
    std::fs::write(&file, pcap).unwrap();
    let mut cmd = peers::tshark()
        .expect("checked by tshark_available")
        .command();
    // Default preferences, whatever the user's profile says.
    cmd.env("WIRESHARK_CONFIG_DIR", dir.path());
    cmd.arg("-n").arg("-r").arg(&file);
    cmd.args(["-d", &format!("tcp.port=={SMPP_PORT},smpp")]);
    for pref in [
        "tcp.desegment_tcp_streams:TRUE",
        "tcp.analyze_sequence_numbers:TRUE",
        "tcp.check_checksum:TRUE",
        "ip.check_checksum:TRUE",
        "smpp.reassemble_smpp_over_tcp:TRUE",
    ] {
        cmd.args(["-o", pref]);
    }
    cmd.args(["-T", "fields", "-E", "header=n", "-E", "separator=/t"]);
    cmd.args([
        "-E",
        "occurrence=a",
        "-E",
        &format!("aggregator={AGGREGATOR}"),
    ]);
    for f in FIELDS {
        cmd.args(["-e", f]);
    }
    let out = cmd.output().expect("run tshark");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "tshark failed ({}): {stderr}\n{stdout}",
        out.status
    );
    let split = |s: &str| -> Vec<String> {
        s.split(AGGREGATOR)
            .filter(|x| !x.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let mut frames = BTreeMap::new();
    for line in stdout.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), FIELDS.len(), "unexpected tshark line {line:?}");
        let number = parse_int(cols[0]).unwrap_or_else(|| panic!("frame number in {line:?}"));
        let messages = split(cols[6]);
        let severities = split(cols[7]);
        let groups = split(cols[8]);
        assert!(
            messages.len() == severities.len() && groups.len() == severities.len(),
            "expert columns do not line up in {line:?}"
        );
        let expert = messages
            .into_iter()
            .zip(severities.iter().zip(&groups))
            .map(|(m, (s, g))| {
                let s = parse_int(s).unwrap_or_else(|| panic!("severity {s:?} in {line:?}"));
                let g = parse_int(g).unwrap_or_else(|| panic!("group {g:?} in {line:?}"));
                (m, s, g)
            })
            .collect();
        let report = FrameReport {
            command_id: split(cols[1]),
            command_status: split(cols[2]),
            sequence_number: split(cols[3]),
            tlv_tags: split(cols[4]),
            malformed: split(cols[5]),
            expert,
        };
        frames.insert(number, report);
    }
    frames
}

/// Feeds `cases` (plus their known-bug workarounds) to tshark and asserts
/// each is dissected cleanly; prints the chat/note expert items seen.
fn check_with_tshark(name: &str, cases: Vec<Case>) {
    assert!(!cases.is_empty());
    let cases = with_workarounds(cases);
    let dir = TempDir::new(name);
    let (pcap, pdu_frames) = build_capture(&cases);
    let reports = run_tshark(&dir, &pcap);
    let total = pdu_frames.last().copied().unwrap_or(0) + 4;
    assert_eq!(
        reports.len(),
        usize::try_from(total).unwrap(),
        "tshark printed {} frames, the capture has {total}",
        reports.len()
    );

    let mut failures = String::new();
    let mut notes = BTreeMap::<String, usize>::new();
    let mut known = Vec::new();
    // Frames that carry no PDU (handshake, ACKs, close) must show no SMPP
    // and no warning; their chat/note items (SYN, FIN) are listed.
    for (number, r) in reports.iter().filter(|(n, _)| !pdu_frames.contains(n)) {
        if !r.command_id.is_empty() || !r.malformed.is_empty() {
            writeln!(failures, "frame {number} (no PDU): {r:?}").unwrap();
        }
        for (message, severity, _) in &r.expert {
            if *severity >= PI_WARN {
                writeln!(failures, "frame {number} (no PDU): {message}").unwrap();
            } else {
                let key = format!("{}: {message}", severity_name(*severity));
                *notes.entry(key).or_default() += 1;
            }
        }
    }
    for (case, number) in cases.iter().zip(&pdu_frames) {
        let Some(r) = reports.get(number) else {
            writeln!(failures, "{}: frame {number} missing", case.label).unwrap();
            continue;
        };
        let command = smpp_proto::CommandId(case.command_id).to_string();
        let mut problems = Vec::new();
        let ints = |v: &[String]| v.iter().map(|s| parse_int(s)).collect::<Vec<_>>();
        if ints(&r.command_id) != [Some(case.command_id)] {
            problems.push(format!(
                "{} SMPP PDUs with command_id {:?}, want one with 0x{:08x}",
                r.command_id.len(),
                r.command_id,
                case.command_id
            ));
        }
        // The dissector shows command_status for responses only ("Status is
        // only meaningful with responses").
        let want_status = if case.command_id & 0x8000_0000 != 0 {
            vec![Some(case.command_status)]
        } else {
            Vec::new()
        };
        if ints(&r.command_status) != want_status {
            problems.push(format!(
                "command_status {:?}, want 0x{:08x}",
                r.command_status, case.command_status
            ));
        }
        if ints(&r.sequence_number) != [Some(case.sequence_number)] {
            problems.push(format!(
                "sequence_number {:?}, want {}",
                r.sequence_number, case.sequence_number
            ));
        }
        // The TLVs, in order: a TLV stepped over by the wrong size shows up
        // here. Bodies of failed responses are not dissected at all.
        let dissects_body = case.command_id & 0x8000_0000 == 0 || case.command_status == 0;
        let want_tags: Vec<_> = case
            .tlvs()
            .filter(|_| dissects_body)
            .map(|(t, _)| Some(u32::from(t)))
            .collect();
        if ints(&r.tlv_tags) != want_tags && case.known_bug.is_none() {
            let want: Vec<_> = case.tlvs().map(|(t, _)| format!("0x{t:04x}")).collect();
            problems.push(format!("TLV tags {:?}, want {want:?}", r.tlv_tags));
        }
        let tolerated = |message: &str| {
            (case.known_bug.is_some() && message == MALFORMED_EXCEPTION)
                || case.vector_findings.iter().any(|f| f == message)
        };
        if !r.malformed.is_empty() && case.known_bug.is_none() {
            problems.push(format!("_ws.malformed {:?}", r.malformed));
        }
        for (message, severity, group) in &r.expert {
            if *severity >= PI_WARN && tolerated(message) {
                known.push(format!("{}: {message}", case.label));
            } else if *severity >= PI_WARN {
                problems.push(format!(
                    "expert {} (group 0x{group:08x}): {message}",
                    severity_name(*severity)
                ));
            } else {
                let key = format!("{}: {message}", severity_name(*severity));
                *notes.entry(key).or_default() += 1;
            }
        }
        if !problems.is_empty() {
            writeln!(
                failures,
                "{} ({command}, frame {number}, {}): {}",
                case.label,
                hex(&case.bytes),
                problems.join("; ")
            )
            .unwrap();
        }
    }
    eprintln!(
        "{name}: {} PDUs dissected by tshark; tolerated findings: {known:#?}; \
         chat/note expert items: {notes:#?}",
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "tshark did not accept every PDU of {name}:\n{failures}"
    );
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len() % 2 == 0, "odd hex {s:?}");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

// ---------------------------------------------------------------------------
// The tests.

/// Every PDU kind, SMPP 3.4/5.0 encoding (TLVs included).
#[test]
fn every_pdu_kind_passes_tshark() {
    if !tshark_available() {
        return;
    }
    let cases: Vec<Case> = every_pdu_kind()
        .iter()
        .enumerate()
        .map(|(i, (status, seq, pdu))| {
            let label = format!("every_pdu_kind()[{i}]");
            Case::new(label, *status, *seq, pdu, encode(*status, *seq, pdu))
        })
        .collect();
    check_with_tshark("v34", cases);
}

/// Every PDU kind encoded for an SMPP 3.3 session (no TLVs; the samples
/// with message_payload or sar_* cannot be, see `samples_roundtrip.rs`).
#[test]
fn every_pdu_kind_for_smpp33_passes_tshark() {
    if !tshark_available() {
        return;
    }
    let cases: Vec<Case> = every_pdu_kind()
        .iter()
        .enumerate()
        .filter(|(_, (_, _, pdu))| {
            pdu.tlvs()
                .is_none_or(|t| !t.iter().any(|t| t.tag.carries_content()))
        })
        .map(|(i, (status, seq, pdu))| {
            let mut buf = vec![0xa5; pdu.encoded_len_for(InterfaceVersion::V33)];
            let n = pdu
                .encode_for(InterfaceVersion::V33, *status, *seq, &mut buf)
                .unwrap();
            assert_eq!(n, buf.len());
            let label = format!("every_pdu_kind()[{i}] for 3.3");
            Case::new(label, *status, *seq, pdu, buf)
        })
        .collect();
    check_with_tshark("v33", cases);
}

/// Valid vectors (per their source) that our decoder rejects, so there is
/// nothing to re-encode: `(id, why)`. tests/tests/vectors.rs lists the same
/// deviations.
const NOT_DECODED: &[(&str, &str)] = &[
    (
        "jasmin-8",
        "source_node_id TLV of 5 octets; SMPP 5.0 gives it 6 decimal digits",
    ),
    (
        "gosmpp-22",
        "outbind password of 10 octets with its NUL; SMPP 3.4 allows 9",
    ),
];

/// Every valid vector tshark accepts as captured, decoded and re-encoded
/// by us. (Our encoder normalises, so the bytes may differ from the vector:
/// what matters is that tshark still accepts them.)
#[test]
fn reencoded_vectors_pass_tshark() {
    if !tshark_available() {
        return;
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/vectors/pdus.jsonl");
    let text = std::fs::read_to_string(path).unwrap();
    let mut cases = Vec::new();
    let mut identical = 0;
    let mut rejected = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if v["valid"] != true || v["tshark"] != "ok" {
            continue;
        }
        let id = v["id"].as_str().unwrap();
        let raw = unhex(v["hex"].as_str().unwrap());
        // nodesmpp-3 carries bytes after its PDU: frame it first.
        let n = match frame(&raw, DEFAULT_MAX_COMMAND_LENGTH) {
            Ok(Framing::Complete(n)) => n,
            other => panic!("{id}: does not frame: {other:?}"),
        };
        let (header, pdu) = match decode(&raw[..n]) {
            Ok(ok) => ok,
            Err(e) => {
                rejected.push(format!("{id}: {e}"));
                continue;
            }
        };
        let (status, seq) = (header.command_status, header.sequence_number);
        let mut bytes = vec![0xa5; pdu.encoded_len()];
        let len = pdu
            .encode(status, seq, &mut bytes)
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(len, bytes.len(), "{id}");
        if bytes == raw[..n] {
            identical += 1;
        }
        let mut case = Case::new(format!("vector {id}"), status, seq, &pdu, bytes);
        if let Some(detail) = v["tshark_detail"].as_str() {
            case.vector_findings = detail.split("; ").map(str::to_owned).collect();
        }
        cases.push(case);
    }
    eprintln!(
        "{} vectors re-encoded, {identical} byte-identical to the source; \
         skipped as our decoder rejects them: {rejected:#?}",
        cases.len()
    );
    // Not an encoder question (tests/tests/vectors.rs judges the decoder),
    // but only the rejections listed in NOT_DECODED are expected here.
    let unexpected: Vec<_> = rejected
        .iter()
        .filter(|r| {
            !NOT_DECODED
                .iter()
                .any(|(id, _)| r.starts_with(&format!("{id}: ")))
        })
        .collect();
    assert!(
        unexpected.is_empty(),
        "our decoder rejects valid vectors: {unexpected:#?}"
    );
    assert!(cases.len() >= 150, "only {} vectors", cases.len());
    check_with_tshark("vectors", cases);
}

/// Every standard TLV tag, at the shortest and the longest length our codec
/// accepts (probed with [`Tlvs::parse`], up to 255 octets), in a data_sm and
/// followed by a user_message_reference: tshark must walk both TLVs.
#[test]
fn every_tlv_tag_passes_tshark() {
    if !tshark_available() {
        return;
    }
    let sentinel = Tlv::new(TlvTag::USER_MESSAGE_REFERENCE, &[0, 7]);
    let mut cases = Vec::new();
    for &tag in TlvTag::ALL {
        let accepts = |len: u16| {
            let mut raw = tag.0.to_be_bytes().to_vec();
            raw.extend_from_slice(&len.to_be_bytes());
            raw.resize(4 + usize::from(len), 0);
            Tlvs::parse(&raw, 0).is_ok()
        };
        let lens: Vec<u16> = (0..=255).filter(|&l| accepts(l)).collect();
        let (Some(&min), Some(&max)) = (lens.first(), lens.last()) else {
            panic!("{tag:?}: no length accepted");
        };
        for len in [min, max]
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>()
        {
            let value = tlv_value(tag, len);
            let tlvs = [Tlv::new(tag, &value), sentinel];
            let pdu = Pdu::DataSm(DataSm {
                source_addr: b"447700900123",
                destination_addr: b"12345",
                tlvs: Tlvs::List(&tlvs),
                ..DataSm::default()
            });
            let (status, seq) = (CommandStatus::ESME_ROK, 100 + u32::from(tag.0));
            let bytes = encode(status, seq, &pdu);
            let name = tag.name().unwrap_or("?");
            let label = format!("{name} (0x{:04x}) of {len} octets", tag.0);
            cases.push(Case::new(label, status, seq, &pdu, bytes));
        }
    }
    check_with_tshark("tlvs", cases);
}

/// A plausible value of `len` octets for `tag`: a time for the time TLVs,
/// else a NUL-terminated run of digits (which also suits C-strings).
fn tlv_value(tag: TlvTag, len: u16) -> Vec<u8> {
    let len = usize::from(len);
    if tag == TlvTag::BROADCAST_END_TIME && len == 17 {
        return b"261125131456004+\0".to_vec();
    }
    let mut v = vec![b'1'; len];
    if let Some(last) = v.last_mut() {
        *last = 0;
    }
    v
}

/// Control: the harness does notice a PDU tshark finds malformed (a
/// submit_sm cut off inside source_addr, with command_length patched to
/// match), so the tests above cannot pass by reading the output wrongly.
#[test]
fn harness_notices_a_malformed_pdu() {
    if !tshark_available() {
        return;
    }
    let pdu = Pdu::SubmitSm(submit_sm());
    let mut bytes = encode(CommandStatus::ESME_ROK, 5, &pdu);
    bytes.truncate(16 + 5);
    let len = u32::try_from(bytes.len()).unwrap();
    bytes[..4].copy_from_slice(&len.to_be_bytes());
    let case = Case {
        label: "control".into(),
        tlv_start: bytes.len(),
        bytes,
        command_id: pdu.command_id().0,
        command_status: 0,
        sequence_number: 5,
        known_bug: None,
        vector_findings: Vec::new(),
    };
    let dir = TempDir::new("control");
    let (pcap, frames) = build_capture(std::slice::from_ref(&case));
    let reports = run_tshark(&dir, &pcap);
    let r = &reports[&frames[0]];
    assert_eq!(r.sequence_number, ["5"], "{r:?}");
    assert!(!r.malformed.is_empty(), "tshark did not flag it: {r:?}");
    assert!(
        r.expert.iter().any(|(_, s, _)| *s == PI_ERROR),
        "no error-severity expert item: {r:?}"
    );
}
