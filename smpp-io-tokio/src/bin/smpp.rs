//! The `smpp` command-line tool.
//!
//! - `smpp decode [HEX]...`: each argument, or else each line of stdin, is one
//!   PDU in hex (whitespace anywhere inside is ignored). Prints one JSON
//!   object per input on its own line (see `smpp_io_tokio::json`), or
//!   `{"error":"<why>","command_status":<code>}` for an input that does not
//!   decode.
//! - `smpp encode [JSON]...`: each argument, or else each line of stdin, is
//!   one JSON object as `decode` prints it. Prints the PDU in lowercase hex,
//!   or `{"error":"<why>"}` for an object that does not encode.
//!
//! Blank lines and lines starting with `#` are skipped. Output lines match
//! input lines one to one. Exit status: 0 when every input succeeded, 1 when
//! any failed (or on an I/O error), 2 on a usage error.
#![forbid(unsafe_code)]

use std::io::{self, BufRead, Write};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use serde_json::{Map, Value};
use smpp_io_tokio::json;
use smpp_proto::codec::DEFAULT_MAX_COMMAND_LENGTH;

/// Decode and encode SMPP 3.3 / 3.4 / 5.0 PDUs.
///
/// Exit status: 0 when every input succeeded, 1 when any failed, 2 on a usage error.
#[derive(Debug, Parser)]
#[command(name = "smpp", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Decode hex PDUs to JSON, one object per line.
    Decode(DecodeArgs),
    /// Encode JSON objects (as `decode` prints them) to hex PDUs, one per line.
    Encode(EncodeArgs),
}

#[derive(Debug, Args)]
struct DecodeArgs {
    /// PDUs in hex; when none is given, one per line is read from stdin.
    hex: Vec<String>,
    /// Largest command_length accepted, as a session would.
    #[arg(long, default_value_t = DEFAULT_MAX_COMMAND_LENGTH)]
    max_command_length: u32,
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

fn decode_one(input: &str, max: u32) -> Outcome {
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
    match json::decode_to_json(&bytes, max) {
        Ok(v) => Outcome::Ok(v.to_string()),
        Err(f) => Outcome::Failed(f.to_json().to_string()),
    }
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (verb, result) = match &cli.command {
        Command::Decode(a) => {
            let max = a.max_command_length;
            ("decode", run(&a.hex, |s| decode_one(s, max)))
        }
        Command::Encode(a) => ("encode", run(&a.json, encode_one)),
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
