#!/usr/bin/env python3
"""Prints the README benchmark table from criterion's saved estimates
(target/criterion/**/new/estimates.json). Run after
`cargo bench -p smpp-tests --bench codec` and `--bench session`."""
import json, os, sys

root = os.path.join(os.path.dirname(__file__), "..", "target", "criterion")

def median_ns(group, bench):
    p = os.path.join(root, group, bench, "new", "estimates.json")
    try:
        return json.load(open(p))["median"]["point_estimate"]
    except FileNotFoundError:
        return None

def rate(ns, per=1):
    return per * 1e3 / ns  # million per second

rows = []
for pdu in ["submit_sm", "deliver_sm_receipt", "enquire_link"]:
    for op in ["decode", "encode"]:
        g = f"{op}_{pdu}"
        names = ["smpp_proto", "smpp34", "rusmpp_owned", "rusmpp_borrowed"]
        vals = {n: median_ns(g, n) for n in names}
        if op == "encode":
            vals["smpp34"] = median_ns(g, "smpp34") 
        rows.append((f"{op} {pdu}", vals))

print("| operation | smpp-proto | smpp34 1.5.1 | rusmpp 0.4 (owned) | rusmpp 0.4 (borrowed) | vs smpp34 | vs best rusmpp |")
print("|---|---|---|---|---|---|---|")
for name, v in rows:
    ours = v["smpp_proto"]
    if ours is None:
        continue
    cells = []
    for n in ["smpp_proto", "smpp34", "rusmpp_owned", "rusmpp_borrowed"]:
        x = v[n]
        cells.append("—" if x is None else f"{x:.1f} ns ({rate(x):.1f} M/s)")
    best_r = min(x for x in [v["rusmpp_owned"], v["rusmpp_borrowed"]] if x)
    print(f"| {name} | " + " | ".join(cells) + f" | {v['smpp34']/ours:.1f}× | {best_r/ours:.1f}× |")

stream_bytes = 104 * 1000
print()
print("| framing + decoding 1000 back-to-back submit_sm (104 kB) | median | throughput |")
print("|---|---|---|")
for n, label in [("baseline_hop", "header hop only (no decode), baseline"), ("smpp_proto", "smpp-proto `read`/`frame` + `decode`"),
                 ("smpp34", "smpp34"), ("rusmpp_owned_tokio_codec", "rusmpp owned (tokio codec)"),
                 ("rusmpp_borrowed", "rusmpp borrowed"), ("rusmpp_borrowed_framez_codec", "rusmpp borrowed (framez codec)")]:
    x = median_ns("framing_stream", n)
    if x is None:
        continue
    print(f"| {label} | {x/1000:.1f} µs | {stream_bytes / x * 1e3:.0f} MB/s |")

s = median_ns("session_submit_sm_roundtrip_window64", "smpp_proto")
if s:
    print()
    print(f"Session round trip (ESME submit_sm → SMSC submit_sm_resp, both ends in memory, window 64): "
          f"{s/1000:.1f} ns per message, {1e3*1000/s:.2f} M messages/s.")
