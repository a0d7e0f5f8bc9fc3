#!/usr/bin/env python3
"""Seed fuzz/corpus/<target>/ from tests/data/vectors/pdus.jsonl.

One file per vector, named after its id, holding the raw PDU bytes. The
stream target's inputs start with a chunking control byte (0: one byte at a
time; 1 + one size byte); each vector is written both ways, plus one input
that concatenates every valid vector so several PDUs meet in one stream.

Usage: python3 fuzz/seed.py   (from anywhere; corpora are gitignored)
"""
import json
import pathlib
import re

FUZZ = pathlib.Path(__file__).resolve().parent
VECTORS = FUZZ.parent / "tests" / "data" / "vectors" / "pdus.jsonl"


def main():
    decode = FUZZ / "corpus" / "decode"
    stream = FUZZ / "corpus" / "stream"
    decode.mkdir(parents=True, exist_ok=True)
    stream.mkdir(parents=True, exist_ok=True)
    everything = b""
    count = 0
    for line in VECTORS.read_text().splitlines():
        if not line.strip():
            continue
        vector = json.loads(line)
        raw = bytes.fromhex(vector["hex"])
        name = re.sub(r"[^A-Za-z0-9_.-]", "_", vector["id"])
        (decode / name).write_bytes(raw)
        (stream / f"{name}.bytewise").write_bytes(b"\x00" + raw)
        (stream / f"{name}.chunk7").write_bytes(b"\x01\x06" + raw)
        if vector.get("valid"):
            everything += raw
        count += 1
    (stream / "all.chunk13").write_bytes(b"\x01\x0c" + everything)
    print(f"{count} vectors -> {decode} and {stream}")


if __name__ == "__main__":
    main()
