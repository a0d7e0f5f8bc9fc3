// node-smpp as a real ESME peer: node node_esme.js PORT COUNT
// Binds as transceiver (smppclient1 / password), submits COUNT messages with
// registered_delivery, waits for every response and for the receipts, prints one
// JSON line per event, unbinds and exits 0 (1 on any failure, after 20 s at most).
'use strict';
const smpp = require('smpp');
const port = Number(process.argv[2]);
const count = Number(process.argv[3] || 5);
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const fail = (why) => { out({ event: 'fail', why }); process.exit(1); };
setTimeout(() => fail('timeout'), 20000).unref();

const session = smpp.connect({ url: 'smpp://127.0.0.1:' + port });
session.on('error', (e) => fail(String(e)));
let responses = 0;
let receipts = 0;
const done = () => {
  if (responses === count && receipts === count) {
    session.unbind(function (pdu) {
      out({ event: 'unbind_resp', command_status: pdu.command_status });
      session.close();
      process.exit(0);
    });
  }
};
session.on('deliver_sm', function (pdu) {
  const sm = pdu.short_message;
  out({ event: 'deliver_sm', esm_class: pdu.esm_class, text: sm && sm.message !== undefined ? sm.message : String(sm), receipted_message_id: pdu.receipted_message_id || null });
  session.send(pdu.response());
  receipts++;
  done();
});
session.bind_transceiver({ system_id: 'smppclient1', password: 'password' }, function (pdu) {
  out({ event: 'bind_resp', command_status: pdu.command_status, system_id: pdu.system_id });
  if (pdu.command_status !== 0) fail('bind refused');
  for (let i = 0; i < count; i++) {
    session.submit_sm({ destination_addr: '4477009000' + i, short_message: 'Hello € {' + i + '}', registered_delivery: 1 }, function (resp) {
      out({ event: 'submit_sm_resp', command_status: resp.command_status, message_id: resp.message_id });
      if (resp.command_status !== 0) fail('submit refused');
      responses++;
      done();
    });
  }
});
