#!/usr/bin/env bash
# Memory per bound idle session on `smpp smsc`: start it, bind N idle
# connections from another process, read the server's resident memory before
# and after. Usage: tests/bench/idle_sessions.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-10000}
cargo build -q --release -p smpp-cli --bin smpp && cargo build -q --release -p smpp-io-tokio --example idle_sessions
target=${CARGO_TARGET_DIR:-target}
"$target/release/smpp" smsc --listen 127.0.0.1:0 > /dev/null 2> /tmp/idle_smsc.err &
smsc=$!
trap 'kill $smsc 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q listening /tmp/idle_smsc.err && break; sleep 0.1; done
addr=$(grep -o '127.0.0.1:[0-9]*' /tmp/idle_smsc.err)
rss() { awk '/^VmRSS/ {print $2}' /proc/$smsc/status; }
before=$(rss)
fifo=$(mktemp -u); mkfifo "$fifo"
"$target/release/examples/idle_sessions" "$addr" "$n" < "$fifo" > /tmp/idle_client.out &
client=$!
exec 3> "$fifo"
for _ in $(seq 600); do grep -q bound /tmp/idle_client.out 2>/dev/null && break; sleep 0.1; done
sleep 1
after=$(rss)
peak=$(awk '/^VmHWM/ {print $2}' /proc/$smsc/status)
exec 3>&-
wait $client || true
rm -f "$fifo"
echo "sessions=$n rss_before_kib=$before rss_after_kib=$after peak_kib=$peak per_session_kib=$(( (after - before) / n ))"
