#!/usr/bin/env python3
"""Whole-process throughput comparison (issue 5): one client process against
one server process on loopback, submit_sm / submit_sm_resp, for

  ours    `smpp bench`  against `smpp smsc`            (smpp-io-tokio)
  ours-lib  ours_bench_client against ours_bench_server (tests/examples/):
          the same library in minimal binaries like smpp34's, without the
          rest of the `smpp` tool, for a like-for-like memory figure
  smpp34  smpp34_bench_client against smpp34_bench_server (the smpp34 1.5.1
          crate's own SmppClient / SmppServer, tests/examples/), the client
          with one task per window slot as smpp34's examples/perf_esme.rs does
  smpp34-pipelined  the same, the client with one task per connection keeping
          the window full of futures, as `smpp bench` drives ours
          (the targets are checked against the faster of the two smpp34 rows)
  node    node_bench_client.js against node_bench_server.js (node-smpp 0.5.1,
          tests/interop/)

at 1 connection x window 64, 4 x 64 and 100 x 64. Each run starts a fresh
server, runs the client to completion and stops the server; the figure of a
configuration is the median of --reps runs, and the runs of the three stacks
are interleaved so that a change in machine load hits all of them alike.

Peak memory is each process's own peak resident set (VmHWM of
/proc/PID/status, polled every 10 ms and read once more before the server is
stopped), in MiB. CPU per message is each process's user + system time
(from wait4(), bind and shutdown included) divided by the messages sent: on a
loaded machine it is steadier than the rate.

This script builds nothing. Build first:

  cargo build --release -p smpp-cli --bin smpp
  cargo build --release -p smpp-tests --examples
  npm ci --prefix tests/interop   # or use the node-smpp that `cargo test` installed in target/peers/node

then run from the repository root:

  python3 tests/bench/compare.py                 # 200k submit_sm per run, 3 runs each
  python3 tests/bench/compare.py --quick         # smoke test: small counts, 1 run, no targets
  python3 tests/bench/compare.py --quick --target target/debug   # CI: on what `cargo test` built

Exit status: 0 when every run completed with every submit_sm accepted (and,
without --quick, when --check-targets is not given or the targets are met),
1 otherwise.
"""

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LABELS = {
    "ours": "ours / ours",
    "ours-lib": "ours, minimal binaries / same",
    "smpp34": "smpp34 / smpp34",
    "smpp34-pipelined": "smpp34, pipelined client / smpp34",
    "node": "node-smpp / node-smpp",
}
LISTENING = re.compile(r"listening on (\S+):(\d+)")


def free_port():
    """A port the kernel just handed out for 127.0.0.1 (for a server that cannot bind port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def vm_hwm_kib(pid):
    """VmHWM (peak resident set of the process's own address space) in KiB, or None."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


class Proc:
    """A child process and the peak of its VmHWM, polled every 10 ms while it runs.

    (wait4()'s ru_maxrss is no use here: Linux carries the forking Python's
    resident set over exec into it.)
    """

    def __init__(self, argv, stdout=subprocess.DEVNULL):
        self.argv = argv
        self.p = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT
        )
        self.stderr = []
        self.status = None
        self.maxrss_kib = None
        self.cpu_s = None  # user + system CPU seconds, from wait4()
        self._watch = threading.Thread(target=self._watch_rss, daemon=True)
        self._watch.start()
        self._lines = threading.Condition()
        self._reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._reader.start()

    def _read_stderr(self):
        for raw in self.p.stderr:
            with self._lines:
                self.stderr.append(raw.decode(errors="replace").rstrip("\n"))
                self._lines.notify_all()
        with self._lines:
            self._lines.notify_all()

    def sample_rss(self):
        if self.status is None:
            kib = vm_hwm_kib(self.p.pid)
            if kib is not None and (self.maxrss_kib is None or kib > self.maxrss_kib):
                self.maxrss_kib = kib

    def _watch_rss(self):
        while self.status is None:
            self.sample_rss()
            time.sleep(0.01)

    def wait_for_port(self, timeout):
        """The port of the first `listening on HOST:PORT` line on stderr."""
        deadline = time.monotonic() + timeout
        with self._lines:
            while True:
                for line in self.stderr:
                    m = LISTENING.search(line)
                    if m:
                        return int(m.group(2))
                left = deadline - time.monotonic()
                if left <= 0 or self.poll() is not None:
                    raise RuntimeError(
                        f"{self.argv[0]} did not start listening: {' | '.join(self.stderr[-5:])}"
                    )
                self._lines.wait(min(left, 0.1))

    def poll(self):
        """Reaps the process if it has exited; returns its exit status or None."""
        if self.status is None:
            self.sample_rss()
            pid, status, ru = os.wait4(self.p.pid, os.WNOHANG)
            if pid == self.p.pid:
                self.status = os.waitstatus_to_exitcode(status)
                self.cpu_s = ru.ru_utime + ru.ru_stime
                self.p.returncode = self.status  # Popen must not reap it again
        return self.status

    def wait(self, timeout):
        deadline = time.monotonic() + timeout
        while self.poll() is None:
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.01)
        self._reader.join(timeout=2)
        return self.status

    def stop(self, grace=5.0):
        """SIGTERM, then SIGKILL after `grace` seconds; always reaps."""
        self.sample_rss()
        if self.poll() is None:
            try:
                self.p.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass
            if self.wait(grace) is None:
                try:
                    self.p.kill()
                except ProcessLookupError:
                    pass
                self.wait(5)
        return self.status


def stacks(target, node):
    """name -> (server argv for a port (None: it picks one), client argv for a URL)."""
    rel = os.path.join(ROOT, target)
    smpp = os.path.join(rel, "smpp")
    ex = os.path.join(rel, "examples")
    interop = os.path.join(ROOT, "tests", "interop")
    return {
        "ours": (
            # No receipts are asked for (registered_delivery 0); --quiet: no
            # log line per submit (the others print nothing per message either).
            lambda port: [smpp, "smsc", "--quiet", "--listen", f"127.0.0.1:{port}"],
            lambda url: [smpp, "bench", "--url", url],
            True,
        ),
        "smpp34": (
            lambda port: [os.path.join(ex, "smpp34_bench_server"), "--listen", f"127.0.0.1:{port}"],
            lambda url: [os.path.join(ex, "smpp34_bench_client"), "--url", url],
            False,  # smpp34's SmppServer cannot report an ephemeral port
        ),
        # The library without the tool: minimal binaries like smpp34's
        # (tests/examples/ours_bench_*.rs), for a like-for-like memory figure.
        "ours-lib": (
            lambda port: [os.path.join(ex, "ours_bench_server"), "--listen", f"127.0.0.1:{port}"],
            lambda url: [os.path.join(ex, "ours_bench_client"), "--url", url],
            True,
        ),
        # The same client driven as `smpp bench` drives ours: one task per
        # connection keeping the window full of futures. Faster than smpp34's own way.
        "smpp34-pipelined": (
            lambda port: [os.path.join(ex, "smpp34_bench_server"), "--listen", f"127.0.0.1:{port}"],
            lambda url: [os.path.join(ex, "smpp34_bench_client"), "--pipeline", "--url", url],
            False,
        ),
        "node": (
            lambda port: [node, os.path.join(interop, "node_bench_server.js"), str(port)],
            lambda url: [node, os.path.join(interop, "node_bench_client.js"), "--url", url],
            True,
        ),
    }


def use_node_smpp(target):
    """node-smpp from tests/interop/node_modules, else the copy the interop
    tests installed under the target directory (target/peers/node)."""
    if os.path.isdir(os.path.join(ROOT, "tests", "interop", "node_modules", "smpp")):
        return
    peers = os.path.join(ROOT, os.path.dirname(os.path.normpath(target)), "peers", "node", "node_modules")
    if not os.path.isdir(os.path.join(peers, "smpp")):
        sys.exit("node-smpp is missing: `npm ci --prefix tests/interop`, or run `cargo test --workspace` "
                 "once (the interop tests install it into target/peers/node)")
    os.environ["NODE_PATH"] = peers


def one_run(stack, connections, window, count, timeout):
    server_argv, client_argv, ephemeral = stack
    port = 0 if ephemeral else free_port()
    server = Proc(server_argv(port))
    client = None
    try:
        port = server.wait_for_port(10)
        url = f"smpp://smppclient1:password@127.0.0.1:{port}"
        argv = client_argv(url) + [
            "--count", str(count), "--window", str(window),
            "--connections", str(connections), "--json",
        ]
        client = Proc(argv, stdout=subprocess.PIPE)
        out_holder = []
        t = threading.Thread(target=lambda: out_holder.append(client.p.stdout.read()), daemon=True)
        t.start()
        if client.wait(timeout) is None:
            client.stop(1)
            raise RuntimeError(f"client timed out after {timeout}s: {' '.join(argv)}")
        t.join(timeout=5)
        out = (out_holder[0] if out_holder else b"").decode(errors="replace")
        summary = None
        for line in out.splitlines():
            line = line.strip()
            if line.startswith("{"):
                try:
                    summary = json.loads(line)
                except ValueError:
                    pass
        if summary is None:
            raise RuntimeError(
                f"no JSON summary from {' '.join(argv)} (exit {client.status}): {' | '.join(client.stderr[-5:])}"
            )
        summary["exit"] = client.status
        summary["client_kib"] = client.maxrss_kib
        summary["client_cpu_us"] = client.cpu_s * 1e6 / max(1, summary.get("sent", 0))
    finally:
        if client is not None:
            client.stop(1)
        server.stop()
    summary["server_kib"] = server.maxrss_kib
    if server.cpu_s is not None:
        summary["server_cpu_us"] = server.cpu_s * 1e6 / max(1, summary.get("sent", 0))
    return summary


def us(v):
    return "-" if v is None else f"{v:.1f}"


def mib(kib):
    return "-" if kib is None else f"{kib / 1024:.1f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=200_000, help="submit_sm per run (default 200000)")
    ap.add_argument("--reps", type=int, default=3, help="runs per configuration; the median is shown (default 3)")
    ap.add_argument("--stacks", default="ours,ours-lib,smpp34,smpp34-pipelined,node",
                    help="comma-separated subset of ours,ours-lib,smpp34,smpp34-pipelined,node")
    ap.add_argument("--configs", default="1x64,4x64,100x64", help="comma-separated CONNECTIONSxWINDOW")
    ap.add_argument("--target", default="target/release", help="cargo output directory (default target/release)")
    ap.add_argument("--node", default="node", help="node executable")
    ap.add_argument("--timeout", type=float, default=300, help="seconds a client run may take")
    ap.add_argument("--quick", action="store_true", help="smoke test: 5000 messages, 1 run, 1x64 and 4x64")
    ap.add_argument("--check-targets", action="store_true", help="exit 1 when a target of issue 5 is missed")
    ap.add_argument("--json", action="store_true", help="also print every run as a JSON line")
    a = ap.parse_args()
    if a.quick:
        a.count, a.reps = 5000, 1
        if a.configs == ap.get_default("configs"):
            a.configs = "1x64,4x64"

    all_stacks = stacks(a.target, a.node)
    names = [s.strip() for s in a.stacks.split(",") if s.strip()]
    for n in names:
        if n not in all_stacks:
            sys.exit(f"unknown stack {n!r} (ours, ours-lib, smpp34, smpp34-pipelined, node)")
    configs = []
    for c in a.configs.split(","):
        conns, _, win = c.strip().partition("x")
        configs.append((int(conns), int(win or 64)))
    for n in names:
        path = all_stacks[n][0](0)[0]
        if n != "node" and not os.access(path, os.X_OK):
            sys.exit(f"{path} is missing: build first (see the top of {__file__})")
    if "node" in names:
        use_node_smpp(a.target)

    results = {}  # (stack, config) -> [summary]
    failed = False
    for rep in range(a.reps):
        for cfg in configs:
            for n in names:
                try:
                    s = one_run(all_stacks[n], cfg[0], cfg[1], a.count, a.timeout)
                except RuntimeError as e:
                    print(f"{n} {cfg[0]}x{cfg[1]} run {rep + 1}: {e}", file=sys.stderr)
                    failed = True
                    continue
                if s.get("exit") != 0 or s.get("ok") != s.get("sent") or s.get("sent") != a.count:
                    failed = True
                s.update(stack=n, connections=cfg[0], window=cfg[1], rep=rep + 1)
                if a.json:
                    print(json.dumps(s), flush=True)
                print(
                    f"# {n:6} {cfg[0]:>3}x{cfg[1]:<3} run {rep + 1}: {s['per_second']:>9.0f}/s "
                    f"ok {s['ok']}/{s['sent']} client {mib(s['client_kib'])} MiB server {mib(s['server_kib'])} MiB",
                    file=sys.stderr, flush=True,
                )
                results.setdefault((n, cfg), []).append(s)

    def med(n, cfg, key):
        if n == "smpp34-best":  # the faster smpp34 client of the run
            rows = [(med(m, cfg, "per_second") or 0, m) for m in ("smpp34", "smpp34-pipelined")]
            best = max(rows)[1]
            return med(best, cfg, key) if max(rows)[0] else None
        vals = [r[key] for r in results.get((n, cfg), []) if r.get(key) is not None]
        return statistics.median(vals) if vals else None

    print(f"{a.count} submit_sm per run, median of {a.reps} run(s), loopback, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the end")
    print()
    print("| pair (client / server) | connections × window | submit_sm/s | ours ÷ this | p99 ms "
          "| client peak MiB | server peak MiB | client CPU µs/msg | server CPU µs/msg |")
    print("|---|---|---|---|---|---|---|---|---|")
    for cfg in configs:
        ours = med("ours", cfg, "per_second")
        for n in names:
            rate = med(n, cfg, "per_second")
            if rate is None:
                continue
            ratio = f"{ours / rate:.2f}×" if ours and n != "ours" else "—"
            print(f"| {LABELS.get(n, n)} | {cfg[0]} × {cfg[1]} | {rate:,.0f} | {ratio} | "
                  f"{med(n, cfg, 'p99_ms'):.2f} | {mib(med(n, cfg, 'client_kib'))} | {mib(med(n, cfg, 'server_kib'))} | "
                  f"{us(med(n, cfg, 'client_cpu_us'))} | {us(med(n, cfg, 'server_cpu_us'))} |")

    if not a.quick:
        checks = []
        for cfg, want in (((1, 64), 2.0), ((4, 64), 1.5)):
            o, s = med("ours", cfg, "per_second"), med("smpp34-best", cfg, "per_second")
            if o and s:
                checks.append((f"ours ≥ {want}× the faster smpp34 at {cfg[0]}×{cfg[1]}", o / s >= want, f"{o / s:.2f}×"))
            for who in ("ours", "ours-lib"):
                for side in ("client_kib", "server_kib"):
                    om, sm = med(who, cfg, side), med("smpp34-best", cfg, side)
                    if om and sm:
                        checks.append((f"{who} {side[:6]} peak ≤ smpp34's at {cfg[0]}×{cfg[1]}", om <= sm,
                                       f"{mib(om)} vs {mib(sm)} MiB"))
        for cfg in configs:
            o, nd = med("ours", cfg, "per_second"), med("node", cfg, "per_second")
            if o and nd:
                checks.append((f"ours ≥ 4× node at {cfg[0]}×{cfg[1]}", o / nd >= 4, f"{o / nd:.2f}×"))
        if checks:
            print()
            for what, ok, got in checks:
                print(f"- {'met' if ok else 'MISSED'}: {what} ({got})")
            if a.check_targets and not all(ok for _, ok, _ in checks):
                failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
