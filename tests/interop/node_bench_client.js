// node-smpp as the ESME of the whole-process throughput comparison
// (tests/bench/compare.py), with the arguments and summary of `smpp bench`:
//   node node_bench_client.js --url smpp://USER:PASS@HOST:PORT --count N --window W --connections C [--json]
// C transceiver sessions, each keeping W submit_sm in flight (a response
// sends the next), N submit_sm in all, the same submit_sm as `smpp bench`.
// With --json the last line is
// {"sent":..,"ok":..,"failed":..,"seconds":..,"per_second":..,"p50_ms":..,"p99_ms":..,"connections":..,"window":..}
// Exit status 0 when every submit_sm was accepted, 1 otherwise (or after 600 s).
'use strict';
const smpp = require('smpp');

const opts = { url: 'smpp://smppclient1:password@127.0.0.1:2775', count: 10000, window: 64, connections: 1, json: false };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--json') opts.json = true;
  else if (a === '--url') opts.url = process.argv[++i];
  else if (a === '--count' || a === '--window' || a === '--connections') opts[a.slice(2)] = Math.max(a === '--count' ? 0 : 1, Number(process.argv[++i]));
  else { process.stderr.write('node bench client: unknown argument ' + a + '\n'); process.exit(2); }
}
const u = new URL(opts.url);
const fail = (why) => { process.stderr.write('node bench client: ' + why + '\n'); process.exit(1); };
setTimeout(() => fail('timeout'), 600000).unref();

const perConn = Math.ceil(opts.count / opts.connections);
// Latencies in the log-linear histogram of `smpp bench` (64 sub-buckets per
// power of two of microseconds), so every client records them in constant memory.
const SUB = 64;
const hist = new Float64Array(35 * SUB);
const bucket = (us) => {
  us = Math.min(Math.max(0, Math.floor(us)), 2 ** 40 - 1);
  let shift = 0;
  while (us >= 2 * SUB * 2 ** shift) shift++;
  return shift * SUB + Math.floor(us / 2 ** shift);
};
const bucketValue = (i) => (i < 2 * SUB ? i : ((i % SUB) + SUB) * 2 ** (Math.floor(i / SUB) - 1) + Math.floor(2 ** (Math.floor(i / SUB) - 1) / 2));
let sent = 0;
let ok = 0;
let started = 0n;
let sessionsDone = 0;
const sessions = [];

function finish() {
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  const pct = (p) => {
    if (sent === 0) return 0;
    const rank = Math.round((sent - 1) * p);
    let seen = 0;
    for (let i = 0; i < hist.length; i++) {
      seen += hist[i];
      if (seen > rank) return bucketValue(i) / 1000;
    }
    return 0;
  };
  const summary = {
    sent, ok, failed: sent - ok, seconds: secs, per_second: secs > 0 ? sent / secs : 0,
    p50_ms: pct(0.5), p99_ms: pct(0.99), connections: opts.connections, window: opts.window,
  };
  if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
  else process.stdout.write(sent + ' submit_sm in ' + secs.toFixed(2) + 's: ' + summary.per_second.toFixed(0) + '/s, ok ' + ok + ', failed ' + (sent - ok) + ', latency p50 ' + summary.p50_ms.toFixed(2) + ' ms p99 ' + summary.p99_ms.toFixed(2) + ' ms\n');
  let left = sessions.length;
  const bye = () => { if (--left <= 0) process.exit(ok === sent ? 0 : 1); };
  setTimeout(() => process.exit(ok === sent ? 0 : 1), 2000).unref();
  for (const s of sessions) s.unbind(() => { s.close(); bye(); });
}

function run(session) {
  let toSend = perConn;
  let outstanding = 0;
  const one = () => {
    toSend--;
    outstanding++;
    const t0 = process.hrtime.bigint();
    session.submit_sm({ destination_addr: '447700900123', short_message: 'smpp bench message' }, function (resp) {
      hist[bucket(Number(process.hrtime.bigint() - t0) / 1e3)]++;
      sent++;
      if (resp.command_status === 0) ok++;
      outstanding--;
      if (toSend > 0) one();
      else if (outstanding === 0 && ++sessionsDone === sessions.length) finish();
    });
  };
  for (let i = 0; i < opts.window && toSend > 0; i++) one();
  if (perConn === 0 && ++sessionsDone === sessions.length) finish();
}

let bound = 0;
for (let c = 0; c < opts.connections; c++) {
  const session = smpp.connect({ url: 'smpp://' + u.hostname + ':' + u.port });
  session.on('error', (e) => fail(String(e)));
  session.on('connect', () => session.socket.setNoDelay(true));
  sessions.push(session);
  session.bind_transceiver({ system_id: decodeURIComponent(u.username), password: decodeURIComponent(u.password) }, function (pdu) {
    if (pdu.command_status !== 0) fail('bind refused');
    if (++bound === opts.connections) {
      started = process.hrtime.bigint();
      for (const s of sessions) run(s);
    }
  });
}
