// node-smpp as a real SMSC peer for the interop tests.
// Listens on 127.0.0.1 on an ephemeral port, prints {"port": N} first, then one
// JSON line per PDU it receives. Answers submit_sm with a message_id and, when
// registered_delivery asks for it, sends a deliver_sm receipt back. With
// --push, it also pushes an MO message and a receipt (id node-42) to every
// receiver/transceiver right after its bind. Exits when stdin closes (the
// test process ends) or after 60 s, whichever comes first. With
// --sc-interface-version, bind_resp carries sc_interface_version 0x50
// (SMPP 3.4 §5.3.2.25), so that the ESME's session runs at its own version
// (and sends TLVs) instead of 3.3.
'use strict';
const smpp = require('smpp');
const push = process.argv.includes('--push');
// --custom: a vendor command (0x00010201, one C-string `text`) both ways:
// answered with the text upper-cased, and sent to every transceiver after
// its bind (the answer is printed as {"event":"vendor_echo_resp",...}).
const custom = process.argv.includes('--custom');
smpp.addCommand('vendor_echo', { id: 0x00010201, params: { text: { type: smpp.types.cstring } } });
smpp.addCommand('vendor_echo_resp', { id: 0x80010201, params: { text: { type: smpp.types.cstring } } });
const scVersion = process.argv.includes('--sc-interface-version');

const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
let nextId = 1000;

const server = smpp.createServer(function (session) {
  const onBind = function (pdu) {
    out({ event: 'bind', command: pdu.command, system_id: pdu.system_id, system_type: pdu.system_type, interface_version: pdu.interface_version });
    if (pdu.password !== 'secret') {
      session.send(pdu.response({ command_status: smpp.ESME_RINVPASWD }));
      return;
    }
    const resp = { system_id: 'node-smpp' };
    if (scVersion) {
      resp.sc_interface_version = 0x50;
    }
    session.send(pdu.response(resp));
    if (custom && pdu.command === 'bind_transceiver') {
      setTimeout(function () {
        session.vendor_echo({ text: 'from node' }, function (resp) {
          out({ event: 'vendor_echo_resp', command_status: resp.command_status, text: resp.text });
        });
      }, 50);
    }
    if (push && pdu.command !== 'bind_transmitter') {
      setTimeout(function () {
        const acked = (what) => (resp) => out({ event: 'deliver_sm_resp', what, command_status: resp.command_status });
        session.deliver_sm({
          source_addr: '447700900999',
          destination_addr: '12345',
          short_message: 'MO from node-smpp',
        }, acked('mo'));
        session.deliver_sm({
          source_addr: '447700900123',
          destination_addr: '12345',
          esm_class: 0x04,
          short_message: 'id:node-42 sub:001 dlvrd:001 submit date:2611251314 done date:2611251315 stat:DELIVRD err:000 text:',
          receipted_message_id: 'node-42',
          message_state: 2,
        }, acked('receipt'));
      }, 50);
    }
  };
  session.on('bind_transceiver', onBind);
  session.on('bind_transmitter', onBind);
  session.on('bind_receiver', onBind);
  session.on('enquire_link', function (pdu) {
    out({ event: 'enquire_link' });
    session.send(pdu.response());
  });
  session.on('submit_sm', function (pdu) {
    const id = String(nextId++);
    const sm = pdu.short_message;
    const text = sm && sm.message !== undefined ? sm.message : sm;
    out({
      event: 'submit_sm',
      message_id: id,
      destination_addr: pdu.destination_addr,
      data_coding: pdu.data_coding,
      esm_class: pdu.esm_class,
      text: typeof text === 'string' ? text : null,
      udh: sm && sm.udh ? sm.udh.map((u) => Buffer.from(u).toString('hex')) : null,
      sar: pdu.sar_msg_ref_num !== undefined ? [pdu.sar_msg_ref_num, pdu.sar_total_segments, pdu.sar_segment_seqnum] : null,
      registered_delivery: pdu.registered_delivery,
      source_addr: pdu.source_addr,
      addr_ton_npi: [pdu.source_addr_ton, pdu.source_addr_npi, pdu.dest_addr_ton, pdu.dest_addr_npi],
      priority_flag: pdu.priority_flag,
      protocol_id: pdu.protocol_id,
      replace_if_present_flag: pdu.replace_if_present_flag,
      schedule_delivery_time: pdu.schedule_delivery_time instanceof Date ? pdu.schedule_delivery_time.toISOString() : pdu.schedule_delivery_time,
      validity_period: pdu.validity_period instanceof Date ? pdu.validity_period.toISOString() : pdu.validity_period,
      user_message_reference: pdu.user_message_reference,
      dest_addr_subunit: pdu.dest_addr_subunit,
      // node-smpp keeps a TLV it does not know under its numeric tag.
      tlv_2900: pdu[0x2900] ? Buffer.from(pdu[0x2900]).toString('hex') : null,
    });
    session.send(pdu.response({ message_id: id }));
    if (pdu.registered_delivery & 1) {
      setTimeout(function () {
        session.deliver_sm({
          source_addr: pdu.destination_addr,
          destination_addr: pdu.source_addr,
          esm_class: 0x04,
          short_message: 'id:' + id + ' sub:001 dlvrd:001 submit date:2611251314 done date:2611251315 stat:DELIVRD err:000 text:',
          receipted_message_id: id,
          message_state: 2,
        }, function (resp) {
          out({ event: 'deliver_sm_resp', command_status: resp.command_status });
        });
      }, 10);
    }
  });
  session.on('vendor_echo', function (pdu) {
    out({ event: 'vendor_echo', text: pdu.text });
    session.send(pdu.response({ text: String(pdu.text).toUpperCase() }));
  });
  session.on('unbind', function (pdu) {
    out({ event: 'unbind' });
    session.send(pdu.response());
    session.close();
  });
  session.on('error', function (e) {
    out({ event: 'error', message: String(e) });
  });
});

server.listen(0, '127.0.0.1', function () {
  out({ port: server.address().port });
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
setTimeout(() => process.exit(0), 60000).unref();
