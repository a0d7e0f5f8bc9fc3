#!/usr/bin/env python3
"""Soak run of `smpp smsc` under a hostile mix (issue 13).

One `smpp smsc` (its stdout a pipe nobody reads) serves, for --minutes:

- normal clients: `smpp send --count N --wait-receipts --json` in a loop,
  each run's messages and final receipts counted;
- a receiver of the first client's system_id that binds and then never
  reads;
- a slowloris population: sockets that send a bind one octet at a time,
  seconds apart, reconnecting when the server closes them;
- a brute-force client binding with wrong passwords as fast as it can
  (from 127.0.0.2, for another system_id, so that the lock-outs it earns
  do not hit the normal clients; slowloris comes from 127.0.0.3).

The smsc's resident memory is sampled every second. At the end it gets one
SIGTERM, which must stop it. Prints a JSON summary (and writes the samples
as CSV with --csv).

  python3 tests/soak/soak.py --smpp target/release/smpp --minutes 10
"""

import argparse
import csv
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

BIND_RECEIVER = 0x00000001
BIND_TRANSCEIVER = 0x00000009


def cstr(s):
    return s.encode() + b"\0"


def bind_pdu(command_id, system_id, password, seq):
    body = cstr(system_id) + cstr(password) + cstr("") + bytes([0x34, 0, 0]) + cstr("")
    return struct.pack(">IIII", 16 + len(body), command_id, 0, seq) + body


def read_pdu(sock):
    head = b""
    while len(head) < 16:
        chunk = sock.recv(16 - len(head))
        if not chunk:
            return None
        head += chunk
    length, command_id, status, seq = struct.unpack(">IIII", head)
    rest = b""
    while len(rest) < length - 16:
        chunk = sock.recv(length - 16 - len(rest))
        if not chunk:
            return None
        rest += chunk
    return command_id, status, seq


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return None


class Counters:
    def __init__(self):
        self.lock = threading.Lock()
        self.v = {}

    def add(self, k, n=1):
        with self.lock:
            self.v[k] = self.v.get(k, 0) + n


def normal_client(args, addr, stop, c, idx):
    # A system_id per client: the SMSC sends a receipt to any receiving bind
    # of the message's system_id, so two senders sharing
    # one would each see receipts of the other's messages.
    url = f"smpp://normal{idx}:secret@{addr}"
    while not stop.is_set():
        run = subprocess.run(
            [args.smpp, "send", "--url", url, "--to", f"44770090{idx:04d}",
             "--text", "soak", "--count", str(args.batch), "--wait-receipts",
             "--json", "--timeout", "60"],
            capture_output=True, text=True, timeout=180)
        c.add("send_runs")
        summary = None
        for line in run.stdout.splitlines():
            try:
                v = json.loads(line)
            except ValueError:
                continue
            if "accepted" in v and "failed" in v and isinstance(v["accepted"], int):
                summary = v
        if summary is None:
            c.add("send_runs_without_summary")
            sys.stderr.write(f"send exit {run.returncode}: {run.stderr[-300:]}\n")
            continue
        c.add("submitted", args.batch)
        c.add("accepted", summary["accepted"])
        c.add("failed", summary["failed"])
        receipts = summary.get("receipts") or {}
        c.add("receipts", sum(receipts.values()))
        if run.returncode != 0:
            c.add("send_runs_exit_nonzero")


def silent_receiver(addr, stop, c):
    # Binds as a receiver of the same system_id, then never reads again.
    host, port = addr.rsplit(":", 1)
    s = socket.create_connection((host, int(port)))
    s.sendall(bind_pdu(BIND_RECEIVER, "normal0", "secret", 1))
    r = read_pdu(s)
    c.add("silent_receiver_bound", 1 if r and r[1] == 0 else 0)
    stop.wait()
    s.close()


def slowloris(addr, stop, c, n, interval):
    host, port = addr.rsplit(":", 1)
    pdu = bind_pdu(BIND_TRANSCEIVER, "normal0", "secret", 7)
    socks = {}
    while not stop.is_set():
        for i in range(n):
            s, sent = socks.get(i, (None, 0))
            if s is None:
                try:
                    s = socket.create_connection((host, int(port)), timeout=2,
                                                 source_address=("127.0.0.3", 0))
                    s.setblocking(False)
                    c.add("slowloris_connects")
                except OSError:
                    c.add("slowloris_connect_errors")
                    continue
                sent = 0
            try:
                s.send(pdu[sent % (len(pdu) - 1):sent % (len(pdu) - 1) + 1])
                sent += 1
                # The server closing us shows up as EOF on a read.
                try:
                    if s.recv(64) == b"":
                        raise ConnectionResetError
                except BlockingIOError:
                    pass
                socks[i] = (s, sent)
            except OSError:
                c.add("slowloris_closed_by_server")
                s.close()
                socks.pop(i, None)
        stop.wait(interval)
    for s, _ in socks.values():
        s.close()


def brute_force(addr, stop, c):
    # From an address of its own (any 127.x is loopback), for a system_id of
    # its own: the lock-outs it earns must not hit the normal clients.
    host, port = addr.rsplit(":", 1)
    seq = 1
    while not stop.is_set():
        try:
            s = socket.create_connection((host, int(port)), timeout=5,
                                         source_address=("127.0.0.2", 0))
        except OSError:
            c.add("brute_connect_errors")
            stop.wait(0.1)
            continue
        try:
            while not stop.is_set():
                s.sendall(bind_pdu(BIND_TRANSCEIVER, "admin", f"guess{seq % 1000}", seq))
                seq += 1
                c.add("brute_attempts")
                r = read_pdu(s)
                if r is None:
                    c.add("brute_closed_by_server")
                    break
                if r[1] == 0:
                    c.add("brute_accepted")  # must stay 0
                else:
                    c.add("brute_refused")
        except OSError:
            c.add("brute_closed_by_server")
        finally:
            s.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--smpp", default="target/release/smpp")
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--clients", type=int, default=2)
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--slowloris", type=int, default=100)
    ap.add_argument("--csv")
    args = ap.parse_args()

    users = tempfile.NamedTemporaryFile("w", suffix=".users", delete=False)
    users.write("".join(f"normal{i}:secret\n" for i in range(args.clients)) + "admin:s3cret\n")
    users.close()
    smsc = subprocess.Popen(
        [args.smpp, "smsc", "--listen", "127.0.0.1:0", "--users", users.name,
         "--receipt-delay", "20"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    line = smsc.stderr.readline().decode()
    addr = line.strip().rsplit(" ", 1)[-1]
    # stderr is drained (it carries the one-line notes); stdout never is.
    threading.Thread(target=lambda: smsc.stderr.read(), daemon=True).start()

    c = Counters()
    stop = threading.Event()
    threads = [threading.Thread(target=silent_receiver, args=(addr, stop, c))]
    threads[0].start()
    time.sleep(0.5)
    threads += [threading.Thread(target=normal_client, args=(args, addr, stop, c, i))
                for i in range(args.clients)]
    threads.append(threading.Thread(target=slowloris, args=(addr, stop, c, args.slowloris, 3.0)))
    threads.append(threading.Thread(target=brute_force, args=(addr, stop, c)))
    for t in threads[1:]:
        t.start()

    samples = []
    started = time.time()
    end = started + args.minutes * 60
    while time.time() < end and smsc.poll() is None:
        samples.append((round(time.time() - started, 1), rss_kib(smsc.pid), cpu_seconds(smsc.pid)))
        time.sleep(1)
    stop.set()
    for t in threads:
        t.join(timeout=240)

    t0 = time.time()
    smsc.send_signal(signal.SIGTERM)
    try:
        smsc.wait(timeout=10)
        stopped_in = round(time.time() - t0, 2)
    except subprocess.TimeoutExpired:
        stopped_in = None
        smsc.kill()
        smsc.wait()
    os.unlink(users.name)

    rss = [s[1] for s in samples if s[1]]
    minute = min(60, len(rss) // 2)
    summary = {
        "minutes": round((samples[-1][0] if samples else 0) / 60, 2),
        "rss_kib_first_minute_max": max(rss[:minute]) if rss else None,
        "rss_kib_max": max(rss) if rss else None,
        "rss_kib_last": rss[-1] if rss else None,
        "rss_kib_last_minute_max": max(rss[-60:]) if rss else None,
        "cpu_seconds": samples[-1][2] if samples else None,
        "stopped_on_first_sigterm_in_s": stopped_in,
        **c.v,
    }
    if args.csv:
        with open(args.csv, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["seconds", "rss_kib", "cpu_seconds"])
            w.writerows(samples)
    print(json.dumps(summary, indent=1))
    ok = (stopped_in is not None
          and c.v.get("brute_accepted", 0) == 0
          and c.v.get("accepted", 0) == c.v.get("submitted", -1)
          and c.v.get("receipts", 0) == c.v.get("accepted", -1))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
