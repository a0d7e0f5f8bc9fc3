"""smpp.decode / smpp.encode / smpp.Framer against the project's PDU vectors
(tests/data/vectors/pdus.jsonl) and by hand."""

import pytest

import smpp
from conftest import rows

PDUS = rows("pdus.jsonl")
# Rows where the codec's verdict differs from the source's on purpose, as in
# tests/tests/vectors.rs (KNOWN_DEVIATIONS), with the verdict we chose.
DEVIATIONS = {
    # source_node_id of 5 octets; SMPP 5.0 §4.8.4.55 fixes it at 6.
    "jasmin-8": ("decode", 0x00C2),  # ESME_RINVPARLEN, recoverable
    # outbind password of 10 octets with its NUL; SMPP 3.4 §4.1.7 allows 9.
    "gosmpp-22": ("decode", 0x000E),  # ESME_RINVPASWD, recoverable
    # command_length 0x01020304 is above the 64 KiB maximum: fatal at once.
    "smppex-1": ("frame", 0x0002),
    # 29 octets of a 30-octet PDU: partial, and a failure at the end of input.
    "gosmpp-27": ("partial", 0x0002),
}
VALID = [r for r in PDUS if r["valid"] and r["id"] not in DEVIATIONS]
INVALID = [r for r in PDUS if not r["valid"] and r["id"] not in DEVIATIONS]
# Well-framed requests with an unassigned command_id: they decode (as
# unknown_0x...) for the session to answer with generic_nack ESME_RINVCMDID.
RECOVERABLE_UNKNOWN = [
    r for r in INVALID if r.get("recoverable") and (r["command"] or "").startswith("unknown_0x")
]
INVALID = [r for r in INVALID if r not in RECOVERABLE_UNKNOWN]


def as_json(value):
    """The JSON form of `smpp decode` from the Python form: bytes as hex,
    `value`/`body` as `value_hex`/`body_hex`."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in ("value", "body"):
                out[k + "_hex"] = v.hex()
            else:
                out[k] = as_json(v)
        return out
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, bytes):
        return value.hex()
    return value


def from_json(value):
    """The Python form of a row's JSON: short_message and the `_hex` keys as bytes."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k.endswith("_hex") and k != "followed_by_hex" and isinstance(v, str):
                out[k[: -len("_hex")]] = bytes.fromhex(v)
            elif k == "short_message":
                out[k] = bytes.fromhex(v)
            else:
                out[k] = from_json(v)
        return out
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value


@pytest.mark.parametrize("row", VALID, ids=[r["id"] for r in VALID])
def test_valid_vector_decodes_as_the_row_and_encodes_back(row):
    data = bytes.fromhex(row["hex"])
    followed = bytes.fromhex(row.get("followed_by_hex", ""))
    pdu = smpp.decode(data)
    got = as_json(pdu)
    for key in ("command", "command_length", "sequence_number", "command_status"):
        assert got[key] == row[key], key
    assert got["fields"] == row["fields"]
    want_tlvs = [{k: t[k] for k in ("tag", "name", "value_hex") if k in t} for t in row["tlvs"]]
    assert got["tlvs"] == want_tlvs
    # Byte-identical both ways: our dict, and the row's own JSON made Python.
    assert smpp.encode(pdu) == data
    if "body" not in pdu:
        assert smpp.encode(from_json(row)) == data
    # Framed from a stream with what follows it left in the framer.
    framer = smpp.Framer()
    framer.feed(data + followed)
    assert next(framer) == pdu
    assert framer.buffered == len(followed)


@pytest.mark.parametrize("row", INVALID, ids=[r["id"] for r in INVALID])
def test_invalid_vector_is_refused_with_its_status(row):
    data = bytes.fromhex(row["hex"])
    if row.get("stream") == "need_more_data":
        framer = smpp.Framer()
        framer.feed(data)
        assert list(framer) == []
        assert framer.needed > 0
        assert framer.buffered == len(data)
        with pytest.raises(smpp.DecodeError) as e:
            smpp.decode(data)
        assert e.value.fatal
        return
    with pytest.raises(smpp.DecodeError) as e:
        smpp.decode(data)
    assert isinstance(e.value.command_status, int)
    assert e.value.command_status != 0
    if "recoverable" in row:
        # The framer says the same as decode: go on past it, or close.
        framer = smpp.Framer()
        framer.feed(data + ENQUIRE_LINK)
        with pytest.raises(smpp.DecodeError) as f:
            next(framer)
        assert f.value.fatal == e.value.fatal
        if not f.value.fatal:
            assert f.value.sequence_number is not None
            assert next(framer)["command"] == "enquire_link"


ENQUIRE_LINK = bytes.fromhex("00000010000000150000000000000007")


@pytest.mark.parametrize("row", RECOVERABLE_UNKNOWN, ids=[r["id"] for r in RECOVERABLE_UNKNOWN])
def test_unassigned_command_decodes_with_its_body_and_encodes_back(row):
    data = bytes.fromhex(row["hex"])
    pdu = smpp.decode(data)
    assert pdu["command"] == row["command"]
    assert pdu["command_status"] == row["command_status"]
    assert smpp.encode(pdu) == data


@pytest.mark.parametrize("row_id", sorted(DEVIATIONS))
def test_deviation_verdicts(row_id):
    row = next(r for r in PDUS if r["id"] == row_id)
    data = bytes.fromhex(row["hex"])
    how, status = DEVIATIONS[row_id]
    framer = smpp.Framer()
    framer.feed(data + ENQUIRE_LINK * (how == "decode"))
    if how == "partial":
        assert list(framer) == [] and framer.needed == 1
    else:
        with pytest.raises(smpp.DecodeError) as f:
            next(framer)
        assert f.value.command_status == status
        assert f.value.fatal == (how == "frame")
    if how == "decode":
        assert next(framer)["command"] == "enquire_link"
    with pytest.raises(smpp.DecodeError) as e:
        smpp.decode(data)
    assert e.value.command_status == status


def test_needed_counts_down_byte_by_byte():
    pdu = smpp.encode({"command": "enquire_link", "sequence_number": 9})
    framer = smpp.Framer()
    for i, b in enumerate(pdu[:-1]):
        framer.feed(bytes([b]))
        assert next(framer, None) is None
        assert framer.needed == 16 - (i + 1)
    framer.feed(pdu[-1:])
    assert framer.needed == 0
    assert next(framer)["sequence_number"] == 9


def test_broken_stream_is_fatal_and_stays_broken():
    framer = smpp.Framer()
    framer.feed(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    for _ in range(2):
        with pytest.raises(smpp.DecodeError) as e:
            next(framer)
        assert e.value.fatal
        assert e.value.command_status == 2  # ESME_RINVCMDLEN
        assert "HTTP" in str(e.value)


def test_raw_framer_yields_octets():
    a = smpp.encode({"command": "enquire_link", "sequence_number": 1})
    b = smpp.encode({"command": "unbind", "sequence_number": 2})
    framer = smpp.Framer(raw=True)
    framer.feed(a + b[:5])
    assert list(framer) == [a]
    framer.feed(b[5:])
    assert list(framer) == [b]


def test_encode_defaults_cstr_forms_and_errors():
    data = smpp.encode(
        {
            "command": "submit_sm",
            "sequence_number": 1,
            "fields": {
                "source_addr": {"hex": "ff41"},
                "destination_addr": b"123",
                "short_message": b"hi",
            },
            "tlvs": [{"name": "user_message_reference", "value": b"\x00\x07"}],
        }
    )
    pdu = smpp.decode(data)
    assert pdu["fields"]["source_addr"] == {"hex": "ff41"}
    assert pdu["fields"]["destination_addr"] == "123"
    assert pdu["fields"]["short_message"] == b"hi"
    assert pdu["fields"]["sm_length"] == 2
    assert pdu["tlvs"] == [{"tag": 0x0204, "name": "user_message_reference", "value": b"\x00\x07"}]
    with pytest.raises(smpp.EncodeError, match="destnation_addr"):
        smpp.encode({"command": "submit_sm", "sequence_number": 1, "fields": {"destnation_addr": "1"}})
    with pytest.raises(smpp.EncodeError, match="sequence_number"):
        smpp.encode({"command": "enquire_link"})
    with pytest.raises(smpp.EncodeError, match="esm_class"):
        smpp.encode({"command": "submit_sm", "sequence_number": 1, "fields": {"esm_class": 256}})
    with pytest.raises(smpp.EncodeError):
        smpp.encode({"command": "submit_sm", "command_id": 5, "sequence_number": 1})
    with pytest.raises(smpp.EncodeError, match="short_message"):
        smpp.encode({"command": "submit_sm", "sequence_number": 1, "fields": {"short_message": "text"}})
    assert isinstance(smpp.EncodeError("x"), smpp.SmppError)


def test_unknown_command_and_raw_negative_response_keep_their_body():
    unknown = bytes.fromhex("0000001100000110000000000a342ee70f")
    pdu = smpp.decode(unknown)
    assert pdu["command"] == "unknown_0x00000110"
    assert pdu["body"] == b"\x0f"
    assert smpp.encode(pdu) == unknown


def test_violations_are_listed():
    data = smpp.encode(
        {
            "command": "submit_sm",
            "sequence_number": 1,
            "fields": {"destination_addr": "1"},
            "tlvs": [{"name": "sc_interface_version", "value": b"\x34"}],
        }
    )
    pdu = smpp.decode(data)
    assert pdu["violations"][0]["name"].startswith("ESME_R")
    assert smpp.encode(pdu) == data
