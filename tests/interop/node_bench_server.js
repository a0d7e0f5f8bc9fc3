// node-smpp as the SMSC of the whole-process throughput comparison
// (tests/bench/compare.py): node node_bench_server.js [PORT]
// Listens on 127.0.0.1 (port 0, the default, picks a free one), prints
// "node bench server: listening on 127.0.0.1:PORT" on stderr, accepts every
// bind and answers every submit_sm with ESME_ROK and a message id. Prints
// nothing per message. Runs until SIGTERM/SIGINT.
'use strict';
const smpp = require('smpp');

let nextId = 1;
const server = smpp.createServer(function (session) {
  const onBind = function (pdu) {
    session.send(pdu.response({ system_id: 'node-smpp' }));
  };
  session.on('bind_transceiver', onBind);
  session.on('bind_transmitter', onBind);
  session.on('enquire_link', function (pdu) {
    session.send(pdu.response());
  });
  session.on('submit_sm', function (pdu) {
    session.send(pdu.response({ message_id: String(nextId++).padStart(10, '0') }));
  });
  session.on('unbind', function (pdu) {
    session.send(pdu.response());
    session.close();
  });
  session.on('error', function () {});
});

server.listen(Number(process.argv[2] || 0), '127.0.0.1', function () {
  process.stderr.write('node bench server: listening on 127.0.0.1:' + server.address().port + '\n');
});
const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
