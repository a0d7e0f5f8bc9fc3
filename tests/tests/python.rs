//! The Python package (`bindings/python`, issue 17) under the README's test
//! command: installs it the way the README says (`pip install
//! ./bindings/python`) into a venv with maturin, pytest and hypothesis
//! (`target/peers/python-…`, made once by `tests/peers`), then runs its
//! pytest suite (`bindings/python/tests`) and fails if pytest does.
//!
//! The wheel is built with cargo's dev profile (`MATURIN_PEP517_ARGS`) into
//! `target/python/` of its own: the test binary runs while the outer
//! `cargo test` still holds the lock of `target/debug`, and a debug build
//! is quick. `SMPP_SKIP_PYTHON` skips when the venv is not there yet.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The venv's tools, pinned (pytest 9 needs Python 3.10 or later, as the
/// package does).
/// smpplib and aiosmpplib are the peers of the asyncio tests and the
/// benchmark's smoke run; mypy checks the stubs.
const TOOLS: &[&str] = &[
    "maturin==1.15.0",
    "pytest==9.0.3",
    "hypothesis==6.155.2",
    "smpplib==2.2.4",
    "aiosmpplib==0.7.4",
    "mypy==2.4.1",
];

/// The `smpp` binary of the cli, as its sources are now: `target/debug/smpp`
/// when it is newer than every source it is built from (as `cargo test
/// --workspace` leaves it: cargo too judges by modification times), else
/// built here into `target/python` (the outer cargo holds `target/debug`'s
/// lock). `SMPP_BIN` names another.
fn smpp_binary(target: &Path) -> PathBuf {
    if let Some(p) = std::env::var_os("SMPP_BIN") {
        return PathBuf::from(p);
    }
    let built = peers::target_dir().join("debug").join("smpp");
    let ws = workspace();
    let sources = [
        ws.join("smpp-proto"),
        ws.join("smpp-io-tokio"),
        ws.join("Cargo.lock"),
        ws.join("Cargo.toml"),
    ];
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if let (Some(bin), Some(src)) = (modified(&built), newest(&sources)) {
        if bin > src {
            return built;
        }
    }
    run(
        "cargo build -p smpp-cli --bin smpp",
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["build", "-q", "-p", "smpp-cli", "--bin", "smpp"])
            .env("CARGO_TARGET_DIR", target),
    );
    target.join("debug").join("smpp")
}

/// The latest modification time of the files at or under `paths` (build
/// outputs left out), if any can be read.
fn newest(paths: &[PathBuf]) -> Option<std::time::SystemTime> {
    let mut stack: Vec<PathBuf> = paths.to_vec();
    let mut latest = None;
    // Bounded: a source tree, not a disk.
    for _ in 0..100_000 {
        let Some(p) = stack.pop() else {
            return latest;
        };
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            if p.file_name()
                .is_some_and(|n| n == "target" || n == "node_modules")
            {
                continue;
            }
            if let Ok(entries) = std::fs::read_dir(&p) {
                stack.extend(entries.flatten().map(|e| e.path()));
            }
        } else if let Ok(t) = meta.modified() {
            latest = latest.max(Some(t));
        }
    }
    None
}

fn workspace() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Runs `cmd` in the workspace; panics with its output if it fails.
#[allow(clippy::panic)] // reason: a failed step fails the test, with its output
fn run(what: &str, cmd: &mut Command) -> String {
    let started = Instant::now();
    let out = cmd
        .current_dir(workspace())
        .output()
        .unwrap_or_else(|e| panic!("{what}: {cmd:?} did not start: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!(
        "{what}: {:.1} s ({})",
        started.elapsed().as_secs_f64(),
        out.status
    );
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{text}",
        out.status
    );
    text
}

/// A CA and a server certificate for localhost / 127.0.0.1 in `dir`
/// (`ca.pem`, `server.pem`, `server.key`), for the smpps:// tests.
fn pki(dir: &Path) -> std::io::Result<()> {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
    let bad = |e: rcgen::Error| std::io::Error::other(e.to_string());
    std::fs::create_dir_all(dir)?;
    let ca_key = KeyPair::generate().map_err(bad)?;
    let mut ca_params = CertificateParams::new(vec![]).map_err(bad)?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    // Names of their own: OpenSSL takes a certificate whose issuer is its
    // subject for a self-signed one.
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "smpp test CA");
    let ca = ca_params.self_signed(&ca_key).map_err(bad)?;
    std::fs::write(dir.join("ca.pem"), ca.pem())?;
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let key = KeyPair::generate().map_err(bad)?;
    let mut params = CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])
        .map_err(bad)?;
    params
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    let cert = params.signed_by(&key, &issuer).map_err(bad)?;
    std::fs::write(dir.join("server.pem"), cert.pem())?;
    std::fs::write(dir.join("server.key"), key.serialize_pem())
}

#[test]
#[allow(clippy::panic)] // reason: a failed step fails the test
fn pytest_suite() {
    let Some(python) = peers::python(TOOLS) else {
        return;
    };
    let target = peers::target_dir().join("python");
    // The README's install line, as it is; the build options come from the
    // environment (a dev build, its own target directory).
    run(
        "pip install ./bindings/python",
        python
            .command()
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .arg("./bindings/python")
            .env("MATURIN_PEP517_ARGS", "--profile dev")
            .env("CARGO_TARGET_DIR", &target),
    );
    let smpp = smpp_binary(&target);
    let mut pytest = python.command();
    pytest
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
        .arg("bindings/python/tests")
        .env("SMPP_BIN", &smpp);
    let tls = target.join(format!("pki-{}", std::process::id()));
    if let Err(e) = pki(&tls) {
        panic!("certificates for the smpps:// tests: {e}");
    }
    pytest.env("SMPP_TLS_DIR", &tls);
    // node-smpp for the asyncio client's interop test.
    if let Some(node) = peers::node_smpp() {
        let cmd = node.command();
        pytest.env("SMPP_NODE", cmd.get_program());
        for (k, v) in cmd.get_envs() {
            if let (Some(v), Some(k)) = (v, k.to_str()) {
                pytest.env(format!("SMPP_NODE_ENV_{k}"), v);
            }
        }
    }
    let out = run("pytest bindings/python/tests", &mut pytest);
    let _ = std::fs::remove_dir_all(&tls);
    let summary = out
        .lines()
        .rev()
        .find(|l| l.contains(" passed"))
        .unwrap_or("");
    eprintln!("pytest: {summary}");
    assert!(summary.contains(" passed"), "pytest ran no test:\n{out}");

    // The benchmark beside smpplib and aiosmpplib, as a smoke run: every
    // client's every submit_sm answered, the codecs agree (figures: README).
    let bench = run(
        "tests/bench/python_compare.py --quick",
        python
            .command()
            .arg("tests/bench/python_compare.py")
            .arg("--quick")
            .arg("--smpp")
            .arg(&smpp),
    );
    assert!(bench.contains("aiosmpplib"), "{bench}");
}
