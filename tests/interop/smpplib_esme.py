#!/usr/bin/env python3
"""python smpplib as a real ESME: smpplib_esme.py PORT BIND_TYPE
Binds (transmitter, receiver or transceiver) as smppclient1/password, sends
each text of the JSON lines on stdin split by smpplib (GSM or UCS-2, UDH),
asks for receipts, waits for every submit_sm_resp and every receipt, sends
enquire_link, unbinds. Prints one JSON line per event; exits 0 on success,
1 on any failure, after 20 s at most."""
import json
import signal
import sys

import smpplib.client
import smpplib.consts
import smpplib.gsm

signal.alarm(20)
port = int(sys.argv[1])
bind = sys.argv[2] if len(sys.argv) > 2 else "transceiver"
texts = [json.loads(l) for l in sys.stdin if l.strip()]
out = lambda **kw: print(json.dumps(kw), flush=True)

client = smpplib.client.Client("127.0.0.1", port, allow_unknown_opt_params=True)
receipts = []
responses = []
client.set_message_received_handler(lambda pdu: receipts.append(pdu) or out(event="deliver_sm", esm_class=pdu.esm_class, text=pdu.short_message.decode("latin-1")))
client.set_message_sent_handler(lambda pdu: responses.append(pdu) or out(event="submit_sm_resp", status=pdu.status, message_id=pdu.message_id.decode()))
client.connect()
getattr(client, "bind_" + bind)(system_id="smppclient1", password="password")
out(event="bound", bind=bind)
if bind == "receiver":
    client.unbind()
    out(event="unbound")
    sys.exit(0)
sent = 0
for text in texts:
    parts, encoding_flag, msg_type_flag = smpplib.gsm.make_parts(text)
    for part in parts:
        client.send_message(
            source_addr_ton=smpplib.consts.SMPP_TON_ALNUM,
            source_addr="smpplib",
            dest_addr_ton=smpplib.consts.SMPP_TON_INTL,
            destination_addr="447700900123",
            short_message=part,
            data_coding=encoding_flag,
            esm_class=msg_type_flag,
            registered_delivery=True,
        )
        sent += 1
while len(responses) < sent or len(receipts) < sent:
    client.read_once()
client.send_pdu(smpplib.smpp.make_pdu("enquire_link", client=client))
resp = client.read_pdu()
out(event="enquire_link_resp", command=resp.command)
client.unbind()
out(event="unbound", sent=sent, receipts=len(receipts))
client.disconnect()
