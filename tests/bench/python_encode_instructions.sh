#!/usr/bin/env bash
# Instructions per smpp.encode of the bench's submit_sm dict, counted by
# cachegrind (deterministic, unlike timings on a shared machine): a loop of
# N calls less an empty loop, divided by N. Modes: "built" encodes one dict
# made beforehand, "build" only makes the dict, "both" makes and encodes it
# each time (python_compare.py's build+encode row), "keywords" builds and
# encodes the same PDU with smpp.pdu.submit_sm's keyword arguments (its
# "build+encode submit_sm (keywords)" row). Hash randomisation is
# off so that dict probing is the same in every run.
#
#   tests/bench/python_encode_instructions.sh [PYTHON] [N]
#
# PYTHON must have the package installed (pip install ./bindings/python).
set -euo pipefail
py=${1:-python3}
n=${2:-100000}
script=$(mktemp --suffix=.py)
trap 'rm -f "$script"' EXIT
cat >"$script" <<'PY'
import os
import sys

import smpp

# The bench's own submit_sm dict (python_compare.py), not a copy of it.
sys.path.insert(0, os.environ["BENCH_DIR"])
from python_compare import submit_dict  # noqa: E402

mode, n = sys.argv[1], int(sys.argv[2])
d, encode = submit_dict(), smpp.encode
if mode == "built":
    for _ in range(n):
        encode(d)
elif mode == "build":
    for _ in range(n):
        submit_dict()
elif mode == "keywords":
    assert smpp.pdu.submit_sm(
        sequence_number=7,
        source_addr="Acme",
        destination_addr="447700900123",
        registered_delivery=1,
        short_message=b"Hello from the bench, a short message",
    ) == encode(d)
    for _ in range(n):
        smpp.pdu.submit_sm(
            sequence_number=7,
            source_addr="Acme",
            destination_addr="447700900123",
            registered_delivery=1,
            short_message=b"Hello from the bench, a short message",
        )
else:
    for _ in range(n):
        encode(submit_dict())
PY
bench_dir=$(cd "$(dirname "$0")" && pwd)
refs() {
  BENCH_DIR=$bench_dir PYTHONHASHSEED=0 valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    "$py" "$script" "$1" "$2" 2>&1 | sed -n 's/.*I *refs: *//p' | tr -d ,
}
for mode in build built both keywords; do
  base=$(refs "$mode" 0)
  full=$(refs "$mode" "$n")
  echo "$mode: $(( (full - base) / n )) instructions per call"
done
