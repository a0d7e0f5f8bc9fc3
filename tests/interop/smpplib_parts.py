#!/usr/bin/env python3
"""Prints, one JSON line per text, how python's smpplib splits it:
{"text", "data_coding", "esm_class", "parts": [hex, ...]}. Texts come as JSON
lines on stdin. Used by smpp-io-tokio/tests/interop_text.rs to check that our
reassembly reads smpplib's long messages."""
import json
import sys

import smpplib.gsm

for line in sys.stdin:
    text = json.loads(line)
    parts, data_coding, esm_class = smpplib.gsm.make_parts(text)
    print(json.dumps({
        "text": text,
        "data_coding": data_coding,
        "esm_class": esm_class,
        "parts": [p.hex() for p in parts],
    }), flush=True)
