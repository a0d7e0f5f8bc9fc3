"""Hypothesis property tests: encode/decode round trips, any bytes into
decode, and byte streams split anywhere."""

from hypothesis import given, settings
from hypothesis import strategies as st

import smpp

octet = st.integers(min_value=0, max_value=255)
# C-Octet Strings without NUL, as text (any code point but NUL) within a size.
def cstr(max_octets):
    return st.text(st.characters(min_codepoint=1, max_codepoint=0x7F), max_size=max_octets - 1)


addr = cstr(21)
tlv = st.fixed_dictionaries(
    {"tag": st.integers(min_value=0x1400, max_value=0x3FFF), "value": st.binary(max_size=20)}
)

submit_sm = st.fixed_dictionaries(
    {
        "command": st.sampled_from(["submit_sm", "deliver_sm"]),
        "sequence_number": st.integers(min_value=1, max_value=0x7FFFFFFF),
        "fields": st.fixed_dictionaries(
            {
                "service_type": cstr(6),
                "source_addr_ton": octet,
                "source_addr_npi": octet,
                "source_addr": addr,
                "dest_addr_ton": octet,
                "dest_addr_npi": octet,
                "destination_addr": addr,
                "esm_class": octet,
                "protocol_id": octet,
                "priority_flag": octet,
                "registered_delivery": octet,
                "replace_if_present_flag": octet,
                "data_coding": octet,
                "sm_default_msg_id": octet,
                "short_message": st.binary(max_size=254),
            }
        ),
        "tlvs": st.lists(tlv, max_size=4),
    }
)
header_only = st.fixed_dictionaries(
    {
        "command": st.sampled_from(["enquire_link", "enquire_link_resp", "unbind", "unbind_resp"]),
        "sequence_number": st.integers(min_value=1, max_value=0x7FFFFFFF),
    }
)
submit_sm_resp = st.fixed_dictionaries(
    {
        "command": st.just("submit_sm_resp"),
        "sequence_number": st.integers(min_value=1, max_value=0x7FFFFFFF),
        "fields": st.fixed_dictionaries({"message_id": cstr(65)}),
    }
)
any_pdu = st.one_of(submit_sm, header_only, submit_sm_resp)


@settings(max_examples=300, deadline=None)
@given(any_pdu)
def test_encode_decode_round_trip(pdu):
    data = smpp.encode(pdu)
    back = smpp.decode(data)
    assert back["command"] == pdu["command"]
    assert back["sequence_number"] == pdu["sequence_number"]
    assert back["command_length"] == len(data)
    for k, v in pdu.get("fields", {}).items():
        assert back["fields"][k] == v, k
    assert [{"tag": t["tag"], "value": t["value"]} for t in back["tlvs"]] == pdu.get("tlvs", [])
    assert smpp.encode(back) == data


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_decode_or_raise_decode_error(data):
    try:
        pdu = smpp.decode(data)
    except smpp.DecodeError as e:
        assert isinstance(e.fatal, bool)
        assert e.command_status is None or e.command_status > 0
    else:
        assert smpp.encode(pdu) == data


@settings(max_examples=200, deadline=None)
@given(st.lists(any_pdu, min_size=1, max_size=8), st.data())
def test_stream_split_anywhere_frames_the_same_pdus(pdus, data):
    wire = [smpp.encode(p) for p in pdus]
    stream = b"".join(wire)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=12)))
    framer = smpp.Framer(raw=True)
    got = []
    start = 0
    for cut in cuts + [len(stream)]:
        framer.feed(stream[start:cut])
        start = cut
        got += list(framer)
    assert got == wire
    assert framer.buffered == 0


@settings(max_examples=100, deadline=None)
@given(st.lists(st.binary(min_size=1, max_size=140), min_size=1, max_size=8), st.data())
def test_session_takes_a_stream_split_anywhere(messages, data):
    esme = smpp.Session.esme()
    smsc = smpp.Session.smsc()
    esme.bind(0.0, "u", "p")
    smsc.receive_data(esme.data_to_send(), 0.0)
    (req,) = smsc.events()
    smsc.accept_bind(0.0, req.request, "S")
    esme.receive_data(smsc.data_to_send(), 0.0)
    esme.events()
    for m in messages:
        esme.submit_sm(0.0, destination_addr="1", short_message=m)
    stream = esme.data_to_send()
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=12)))
    got = []
    start = 0
    for cut in cuts + [len(stream)]:
        if cut > start:  # b"" would be the end of the stream
            smsc.receive_data(stream[start:cut], 0.0)
        start = cut
        got += smsc.events()
    assert [e.pdu["fields"]["short_message"] for e in got] == messages
