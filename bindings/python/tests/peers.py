"""Real peers for the asyncio tests, started by the test and stopped after:
`smpp smsc` (the cli's binary, SMPP_BIN), node-smpp's server
(tests/interop/node_smsc.js, SMPP_NODE), smpplib (this venv). Every port
is one the kernel picks; every wait is bounded."""

import json
import os
import re
import subprocess
import sys
import threading
import time

import pytest

from conftest import ROOT

INTEROP = ROOT / "tests" / "interop"
LISTENING = re.compile(r"listening on (\S+):(\d+)")


class Peer:
    """A peer process: its port, its output lines, stopped on exit."""

    def __init__(self, argv, env=None, port_from="stderr"):
        self.proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
        )
        self.lines = []
        self.port = None
        ready = threading.Event()

        def read(stream, parse):
            for line in stream:
                self.lines.append(line.rstrip("\n"))
                port = parse(line)
                if port and self.port is None:
                    self.port = port
                    ready.set()
            ready.set()

        def from_stderr(line):
            m = LISTENING.search(line)
            return int(m.group(2)) if m else None

        def from_json(line):
            try:
                return json.loads(line).get("port")
            except (ValueError, AttributeError):
                return None

        streams = [(self.proc.stderr, from_stderr if port_from == "stderr" else lambda l: None),
                   (self.proc.stdout, from_json if port_from == "stdout" else lambda l: None)]
        for stream, parse in streams:
            threading.Thread(target=read, args=(stream, parse), daemon=True).start()
        if not ready.wait(30) or self.port is None:
            self.stop()
            raise RuntimeError(f"{argv[0]} did not start: {self.lines}")

    def events(self):
        out = []
        for line in list(self.lines):
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
        return out

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def smpp_bin():
    path = os.environ.get("SMPP_BIN")
    if not path or not os.path.exists(path):
        pytest.skip("SMPP_BIN (the cli's smpp binary) not given")
    return path


def smsc(*args):
    return Peer([smpp_bin(), "smsc", "--listen", "127.0.0.1:0", *args])


def node_smsc(*args):
    node = os.environ.get("SMPP_NODE")
    if not node:
        pytest.skip("SMPP_NODE (node with node-smpp) not given")
    env = {k[len("SMPP_NODE_ENV_"):]: v for k, v in os.environ.items() if k.startswith("SMPP_NODE_ENV_")}
    return Peer([node, str(INTEROP / "node_smsc.js"), *args], env=env, port_from="stdout")


def wait_until(predicate, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()
