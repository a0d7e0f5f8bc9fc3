#!/usr/bin/env python3
"""The Python package `smpp` beside the Python SMPP libraries (issue 17), in
one run on this machine:

1. Codec, in process: decode and encode of a submit_sm and of a delivery
   receipt deliver_sm, as operations per second of CPU time, for
     smpp        smpp.decode / smpp.encode (the Rust core through PyO3)
     smpplib     smpplib.smpp.parse_pdu / make_pdu(...).generate()  (2.2.4)
     aiosmpplib  SubmitSm/DeliverSm.from_pdu / .pdu()                 (0.7.4)
   Each library's own codec on the same bytes and values, no I/O. Encode
   twice: "build+encode" makes the message each time, as an application
   does (smpp: the dict; smpplib: make_pdu; aiosmpplib: the SubmitSm), then
   encodes it; "encode built" encodes a message made once. The
   "(keywords)" rows build smpp's message with smpp.pdu's keyword
   arguments (smpp.pdu.submit_sm(sequence_number=7, source_addr=...)), as
   the other two build theirs; the competitors' side is their build+encode.
   Target: smpp at least 20x the faster of the two, each operation.

2. Whole process: one client process sends N submit_sm to `smpp smsc
   --quiet` (a fresh one per run) and waits for every submit_sm_resp;
   submit_sm/s over that, for
     smpp.aio     smpp.aio.Client, window 64 (64 coroutines submitting)
     smpplib      smpplib.client.Client: one request at a time (the only
                  window it has: send_message, then read the response)
     aiosmpplib   aiosmpplib.ESME with its SimpleBroker queue: it sends as
                  it dequeues, without a window limit
   Target: smpp.aio at least 5x aiosmpplib.

Run with the venv that `cargo test` made (it has smpplib, aiosmpplib and
the package), from the repository root, after a release build of the
package and of the simulator:

  cargo build --release -p smpp-cli --bin smpp
  target/peers/python-*/bin/pip install ./bindings/python
  target/peers/python-*/bin/python tests/bench/python_compare.py
  target/peers/python-*/bin/python tests/bench/python_compare.py --quick --smpp target/debug/smpp  # smoke

--codec-only runs the codec rows only. --quick runs small counts and checks nothing but that every run completed
with every submit_sm answered; the full run also checks the targets
(exit 1 when one is missed, with --check-targets).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LISTENING = re.compile(r"listening on (\S+):(\d+)")

RECEIPT = (
    b"id:0123456789 sub:001 dlvrd:001 submit date:2611251314 "
    b"done date:2611251315 stat:DELIVRD err:000 text:Hello from the bench"
)


# ----- codec ------------------------------------------------------------------


def submit_dict():
    """The bench's submit_sm, in the dict form of `smpp.encode`."""
    return {
        "command": "submit_sm",
        "sequence_number": 7,
        "fields": {
            "source_addr": "Acme",
            "destination_addr": "447700900123",
            "registered_delivery": 1,
            "short_message": b"Hello from the bench, a short message",
        },
    }


def receipt_dict():
    """The bench's receipt deliver_sm, in the dict form of `smpp.encode`."""
    return {
        "command": "deliver_sm",
        "sequence_number": 8,
        "fields": {
            "source_addr": "447700900123",
            "destination_addr": "Acme",
            "esm_class": 0x04,
            "short_message": RECEIPT,
        },
        "tlvs": [
            {"name": "receipted_message_id", "value": b"0123456789\0"},
            {"name": "message_state", "value": b"\x02"},
        ],
    }


def rate(fn, seconds):
    """Calls per second of this process's CPU time, over about `seconds`
    of it (CPU time, not wall-clock time: on a shared machine, time the
    process waits for a core is not counted against any of the codecs)."""
    n, batch = 0, 64
    start = time.process_time()
    while True:
        for _ in range(batch):
            fn()
        n += batch
        elapsed = time.process_time() - start
        if elapsed >= seconds:
            return n / elapsed
        batch = min(batch * 2, 8192)


def codec_rows(seconds):
    import smpp
    import smpplib.smpp
    from aiosmpplib import DeliverSm, PhoneNumber, SubmitSm
    from aiosmpplib.protocol import SmppMessage

    submit = smpp.encode(submit_dict())
    receipt = smpp.encode(receipt_dict())

    class _Client:  # what smpplib's PDUs ask of their client
        sequence = 7
        allow_unknown_opt_params = True

        def next_sequence(self):
            return 7

    client = _Client()

    def smpplib_submit():
        return smpplib.smpp.make_pdu(
            "submit_sm",
            client=client,
            source_addr="Acme",
            destination_addr="447700900123",
            registered_delivery=1,
            short_message=b"Hello from the bench, a short message",
        )

    def smpplib_receipt():
        return smpplib.smpp.make_pdu(
            "deliver_sm",
            client=client,
            source_addr="447700900123",
            destination_addr="Acme",
            esm_class=0x04,
            short_message=RECEIPT,
            receipted_message_id="0123456789",
            message_state=2,
        )

    aio_submit_header = SmppMessage.parse_header(submit)
    aio_receipt_header = SmppMessage.parse_header(receipt)

    def aio_submit():
        return SubmitSm(
            short_message="Hello from the bench, a short message",
            source=PhoneNumber("Acme"),
            destination=PhoneNumber("447700900123"),
            registered_delivery=1,
            log_id="1",
        )

    def aio_receipt():
        return DeliverSm(
            short_message=RECEIPT.decode(),
            source=PhoneNumber("447700900123"),
            destination=PhoneNumber("Acme"),
            esm_class=0x04,
            log_id="1",
        )

    # Each codec reads what it is given, checked once before timing.
    assert smpp.decode(submit)["fields"]["destination_addr"] == "447700900123"
    assert smpplib.smpp.parse_pdu(submit, client=client).destination_addr == b"447700900123"
    assert SubmitSm.from_pdu(submit, aio_submit_header).destination.number == "447700900123"
    assert smpplib.smpp.parse_pdu(receipt, client=client).short_message == RECEIPT
    assert DeliverSm.from_pdu(receipt, aio_receipt_header).short_message == RECEIPT.decode()
    # And each encoder writes the same submit_sm body (the header's
    # sequence_number aside).
    assert smpplib_submit().generate()[16:] == submit[16:]
    assert aio_submit().pdu()[16:] == submit[16:]
    # Messages built once, for the encoders' second rows. aiosmpplib keeps
    # the octets of its text after a first pdu(), so its later calls skip
    # the text encoding: its best case.
    built = {
        "submit": (submit_dict(), smpplib_submit(), aio_submit()),
        "receipt": (receipt_dict(), smpplib_receipt(), aio_receipt()),
    }
    for _, _, m in built.values():
        m.pdu()

    ops = {
        "decode submit_sm": {
            "smpp": lambda: smpp.decode(submit),
            "smpplib": lambda: smpplib.smpp.parse_pdu(submit, client=client),
            "aiosmpplib": lambda: SubmitSm.from_pdu(submit, SmppMessage.parse_header(submit)),
        },
        "build+encode submit_sm": {
            "smpp": lambda: smpp.encode(submit_dict()),
            "smpplib": lambda: smpplib_submit().generate(),
            "aiosmpplib": lambda: aio_submit().pdu(),
        },
        "build+encode submit_sm (keywords)": {
            # smpp.pdu's function per PDU, called as an application does.
            "smpp": lambda: smpp.pdu.submit_sm(
                sequence_number=7,
                source_addr="Acme",
                destination_addr="447700900123",
                registered_delivery=1,
                short_message=b"Hello from the bench, a short message",
            ),
            "smpplib": lambda: smpplib_submit().generate(),
            "aiosmpplib": lambda: aio_submit().pdu(),
        },
        "encode built submit_sm": {
            "smpp": lambda d=built["submit"][0]: smpp.encode(d),
            "smpplib": built["submit"][1].generate,
            "aiosmpplib": built["submit"][2].pdu,
        },
        "decode receipt deliver_sm": {
            "smpp": lambda: smpp.decode(receipt),
            "smpplib": lambda: smpplib.smpp.parse_pdu(receipt, client=client),
            "aiosmpplib": lambda: DeliverSm.from_pdu(receipt, SmppMessage.parse_header(receipt)),
        },
        "build+encode receipt": {
            "smpp": lambda: smpp.encode(receipt_dict()),
            "smpplib": lambda: smpplib_receipt().generate(),
            "aiosmpplib": lambda: aio_receipt().pdu(),
        },
        "build+encode receipt (keywords)": {
            "smpp": lambda: smpp.pdu.deliver_sm(
                sequence_number=8,
                source_addr="447700900123",
                destination_addr="Acme",
                esm_class=0x04,
                short_message=RECEIPT,
                tlvs=[
                    {"name": "receipted_message_id", "value": b"0123456789\0"},
                    {"name": "message_state", "value": b"\x02"},
                ],
            ),
            "smpplib": lambda: smpplib_receipt().generate(),
            "aiosmpplib": lambda: aio_receipt().pdu(),
        },
        "encode built receipt": {
            "smpp": lambda d=built["receipt"][0]: smpp.encode(d),
            "smpplib": built["receipt"][1].generate,
            "aiosmpplib": built["receipt"][2].pdu,
        },
    }
    # The keyword builders write the octets the dicts do.
    assert ops["build+encode submit_sm (keywords)"]["smpp"]() == submit
    assert ops["build+encode receipt (keywords)"]["smpp"]() == receipt
    rows = []
    for op, fns in ops.items():
        r = {name: rate(fn, seconds) for name, fn in fns.items()}
        rows.append((op, r, r["smpp"] / max(r["smpplib"], r["aiosmpplib"])))
    return rows


# ----- whole process ----------------------------------------------------------

CLIENTS = {
    "smpp.aio": r'''
import asyncio, sys, time
import smpp.aio
port, n, window = int(sys.argv[1]), int(sys.argv[2]), 64
async def main():
    c = await smpp.aio.Client.connect(f"smpp://bench:secret@127.0.0.1:{port}", window=window)
    left = [n]
    ok = [0]
    async def worker():
        while left[0] > 0:
            left[0] -= 1
            o = await c.submit_sm(source_addr="Acme", destination_addr="447700900123", short_message=b"Hello from the bench")
            ok[0] += o.ok
    t = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(window)))
    dt = time.perf_counter() - t
    await c.close()
    print(ok[0], dt)
asyncio.run(main())
''',
    "smpplib": r'''
import sys, time
import smpplib.client
port, n = int(sys.argv[1]), int(sys.argv[2])
c = smpplib.client.Client("127.0.0.1", port, allow_unknown_opt_params=True)
ok = [0]
c.set_message_sent_handler(lambda pdu: ok.__setitem__(0, ok[0] + (pdu.status == 0)))
c.connect()
c.bind_transmitter(system_id="bench", password="secret")
t = time.perf_counter()
for _ in range(n):
    c.send_message(source_addr="Acme", destination_addr="447700900123", short_message=b"Hello from the bench")
    c.read_once()
dt = time.perf_counter() - t
c.unbind()
c.disconnect()
print(ok[0], dt)
''',
    "aiosmpplib": r'''
import asyncio, logging, sys, time
from aiosmpplib import ESME, PhoneNumber, SubmitSm, SubmitSmResp
from aiosmpplib.broker import SimpleBroker
from aiosmpplib.hook import AbstractHook
port, n = int(sys.argv[1]), int(sys.argv[2])
done = asyncio.Event() if False else None
class Hook(AbstractHook):
    def __init__(self):
        self.ok = 0
        self.done = asyncio.Event()
    async def sending(self, m, pdu, client_id): pass
    async def received(self, m, pdu, client_id):
        if isinstance(m, SubmitSmResp):
            self.ok += 1
            if self.ok >= n:
                self.done.set()
    async def send_error(self, m, error, client_id): pass
async def main():
    hook = Hook()
    broker = SimpleBroker(maxsize=n + 10)
    esme = ESME(smsc_host="127.0.0.1", smsc_port=port, system_id="bench", password="secret",
                broker=broker, hook=hook, log_level=logging.ERROR)
    for i in range(n):
        await broker.enqueue(SubmitSm(short_message="Hello from the bench", source=PhoneNumber("Acme"),
                                      destination=PhoneNumber("447700900123"), log_id=str(i), registered_delivery=0))
    task = asyncio.create_task(esme.start())
    t = time.perf_counter()
    await asyncio.wait_for(hook.done.wait(), 600)
    dt = time.perf_counter() - t
    await esme.stop()
    task.cancel()
    print(hook.ok, dt)
asyncio.run(main())
''',
}


def start_smsc(binary):
    p = subprocess.Popen(
        [binary, "smsc", "--listen", "127.0.0.1:0", "--quiet"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = p.stderr.readline()
        m = LISTENING.search(line or "")
        if m:
            return p, int(m.group(2))
        if not line and p.poll() is not None:
            break
    p.kill()
    raise RuntimeError("smpp smsc did not start")


def whole_process(binary, counts, reps):
    rows = []
    for name, script in CLIENTS.items():
        n = counts[name]
        rates = []
        for _ in range(reps):
            smsc, port = start_smsc(binary)
            try:
                out = subprocess.run(
                    [sys.executable, "-c", script, str(port), str(n)],
                    capture_output=True,
                    text=True,
                    timeout=900,
                )
            finally:
                smsc.terminate()
                try:
                    smsc.wait(10)
                except subprocess.TimeoutExpired:
                    smsc.kill()
            if out.returncode != 0:
                raise RuntimeError(f"{name}: {out.stderr[-2000:]}")
            ok, dt = out.stdout.split()[-2:]
            if int(ok) != n:
                raise RuntimeError(f"{name}: {ok} of {n} submit_sm answered with status 0")
            rates.append(n / float(dt))
        rows.append((name, n, sorted(rates)[len(rates) // 2]))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small counts, one run, no targets")
    ap.add_argument("--smpp", default=os.path.join(ROOT, "target", "release", "smpp"), help="the smpp binary")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--check-targets", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--codec-only", action="store_true", help="the codec rows only, no whole-process runs")
    a = ap.parse_args()
    seconds = 0.05 if a.quick else 1.0
    reps = 1 if a.quick else a.reps
    counts = (
        {"smpp.aio": 500, "smpplib": 200, "aiosmpplib": 200}
        if a.quick
        else {"smpp.aio": 50000, "smpplib": 10000, "aiosmpplib": 10000}
    )
    codec = codec_rows(seconds)
    procs = [] if a.codec_only else whole_process(a.smpp, counts, reps)
    if a.json:
        print(json.dumps({"codec": codec, "whole_process": procs}))
    else:
        print(f"codec, operations/s (python {sys.version.split()[0]}):")
        print(f"  {'operation':34} {'smpp':>12} {'smpplib':>12} {'aiosmpplib':>12} {'smpp / faster':>14}")
        for op, r, x in codec:
            print(f"  {op:34} {r['smpp']:12,.0f} {r['smpplib']:12,.0f} {r['aiosmpplib']:12,.0f} {x:13.1f}x")
        if procs:
            print("whole process, one client process against smpp smsc --quiet, submit_sm/s:")
        base = dict((n, r) for n, _, r in procs)
        for name, n, r in procs:
            print(f"  {name:12} {n:7} messages {r:10,.0f}/s  ({r / base['aiosmpplib']:.1f}x aiosmpplib)")
    if a.check_targets and not a.quick:
        missed = [op for op, _, x in codec if x < 20]
        rates = dict((n, r) for n, _, r in procs)
        if procs and rates["smpp.aio"] < 5 * rates["aiosmpplib"]:
            missed.append("whole process")
        if missed:
            print("targets missed:", ", ".join(missed))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
