"""Publishes vumi2's own JSON with pika to <transport>.outbound, as a vumi2
application's ReceiveInboundConnector does (exchange "vumi", persistent),
then reads <transport>.event and checks each event as vumi2's
Event.deserialise would (required fields, enums, timestamp format, the
validator's rules). Usage: gateway_vumi2.py AMQP_PORT TRANSPORT_NAME"""

import json
import re
import sys
import time
import uuid

import pika

port, transport = int(sys.argv[1]), sys.argv[2]
conn = pika.BlockingConnection(
    pika.ConnectionParameters("127.0.0.1", port, "/", pika.PlainCredentials("guest", "guest"))
)
ch = conn.channel()

ids = []
for i, content in enumerate(["hello from vumi2", "€ and {braces}", "Ünïcödé ✓"]):
    mid = uuid.uuid4().hex
    ids.append(mid)
    # json.dumps(Message(...).serialise()) of vumi2, field for field.
    body = json.dumps({
        "to_addr": "+2782000100%d" % i,
        "from_addr": "12345",
        "transport_name": transport,
        "transport_type": "sms",
        "message_version": "20110921",
        "message_type": "user_message",
        "timestamp": "2022-05-16 13:14:15.123456",
        "routing_metadata": {},
        "helper_metadata": {},
        "message_id": mid,
        "in_reply_to": None,
        "provider": None,
        "session_event": None,
        "content": content,
        "transport_metadata": {},
        "group": None,
        "to_addr_type": None,
        "from_addr_type": None,
    })
    ch.basic_publish("vumi", transport + ".outbound", body.encode(),
                     pika.BasicProperties(delivery_mode=2))

TS = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$")
HEX = re.compile(r"^[0-9a-f]{32}$")
events = []
deadline = time.time() + 60
while len(events) < 6 and time.time() < deadline:
    method, props, body = ch.basic_get(transport + ".event", auto_ack=True)
    if method is None:
        time.sleep(0.05)
        continue
    assert props.delivery_mode == 2, props
    events.append(json.loads(body))

for e in events:
    # Event.deserialise: required user_message_id and event_type.
    assert e["user_message_id"] in ids, e
    assert e["event_type"] in ("ack", "nack", "delivery_report"), e
    assert e["message_version"] == "20110921", e
    assert e["message_type"] == "event", e
    assert TS.match(e["timestamp"]), e
    assert HEX.match(e["event_id"]), e
    for k in ("routing_metadata", "helper_metadata"):
        assert isinstance(e[k], dict), e
    # The validator.
    if e["event_type"] == "ack":
        assert e["sent_message_id"] is not None, e
    if e["event_type"] == "nack":
        assert e["nack_reason"] is not None, e
    if e["event_type"] == "delivery_report":
        assert e["delivery_status"] in ("pending", "failed", "delivered"), e

acks = [e for e in events if e["event_type"] == "ack"]
drs = [e for e in events if e["event_type"] == "delivery_report"]
assert sorted(e["user_message_id"] for e in acks) == sorted(ids), events
assert sorted(e["user_message_id"] for e in drs) == sorted(ids), events
print("ok %d acks %d delivery_reports" % (len(acks), len(drs)))
conn.close()
