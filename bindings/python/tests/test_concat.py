"""smpp.concat against every row of tests/data/vectors/concat.jsonl, as
the core's own test (smpp-proto/tests/concat_vectors.rs) reads them:
splitting, the parts' UDHs, and reassembly through real PDUs."""

import pytest

import smpp
import smpp.concat
import smpp.text
from conftest import rows

ROWS = {r["id"]: r for r in rows("concat.jsonl")}


def sms(parts):
    return [p.short_message for p in parts]


def deliver(seq, short_message, esm_class=0x40, data_coding=0, tlvs=None, src="447700900123"):
    return smpp.encode(
        {
            "command": "deliver_sm",
            "sequence_number": seq,
            "fields": {
                "source_addr": src,
                "destination_addr": "12345",
                "esm_class": esm_class,
                "data_coding": data_coding,
                "short_message": short_message,
            },
            "tlvs": tlvs or [],
        }
    )


def test_jsmpp_8bit_reference():
    r = ROWS["jsmpp-1"]
    ours = smpp.concat.split(r["text"], 0, reference=0xD2)
    assert [p.hex() for p in sms(ours)] == [p["short_message_hex"] for p in r["parts"]]
    assert all(p.udhi and p.esm_class() == 0x40 for p in ours)
    # A Latin-1 split holds 134 octets per part.
    latin = smpp.concat.split(r["text"], 3, reference=0xD2)
    assert [len(p.short_message) for p in latin] == [140, 6 + 210 - 134]
    r = ROWS["jsmpp-3"]
    ours = smpp.concat.split(r["text"], 8, reference=0xD2)
    assert [p.hex() for p in sms(ours)] == [p["short_message_hex"] for p in r["parts"]]
    assert len(ours) == 4
    # jsmpp-5: 154 septets fit one message; a longer text moves '€' whole.
    r = ROWS["jsmpp-5"]
    assert len(smpp.concat.split(r["text"], reference=0xD2)) == 1
    ours = smpp.concat.split(r["text"] + " and more text", reference=0xD2)
    assert ours[0].short_message.hex() == r["parts"][0]["short_message_hex"]
    assert ours[1].short_message.hex().startswith("050003d202021b65")


@pytest.mark.parametrize("rid,dc", [("jsmpp-2", 0), ("jsmpp-4", 8)])
def test_jsmpp_16bit_reference_intended(rid, dc):
    r = ROWS[rid]
    want = r["intended"]
    ours = smpp.concat.split(r["text"], dc, scheme="udh16", reference=want["ref"])
    assert len(ours) == want["total"]
    for i, (o, p) in enumerate(zip(ours, r["parts"])):
        assert o.short_message[:7].hex() == f"06080404d2{len(ours):02x}{i + 1:02x}"
        assert o.short_message[7:].hex() == p["payload_hex"]


def test_empty_text_is_one_empty_part():
    for dc in (0, 8, 3):
        (p,) = smpp.concat.split("", dc, reference=1)
        assert p.short_message == b"" and not p.udhi


@pytest.mark.parametrize("rid", ["smppex-1", "smppex-2", "smppex-3", "smppex-4"])
def test_smppex_binary_budgets(rid):
    r = ROWS[rid]
    data = bytes.fromhex(r["payload_hex"])
    split = lambda: smpp.concat.split(data, reference=123, max_user_data=r["max_len"])  # noqa: E731
    if r.get("valid") is False:
        with pytest.raises(ValueError, match="no room"):
            split()
        return
    ours = [p.hex() for p in sms(split())]
    if r.get("unsplit"):
        assert ours == [data.hex()]
    else:
        assert ours == [p["short_message_hex"] for p in r["parts"]]


def test_gosmpp_segments():
    checked = 0
    for r in ROWS.values():
        if "octet_limit" not in r:
            continue
        text, parts, limit = r["text"], r["parts"], r["octet_limit"]
        if r["encoding"] == "ucs2" and text:
            ours = smpp.concat.split(text, 8, scheme="sar", reference=1, max_user_data=limit)
            assert len(ours) == len(parts)
            for o, p in zip(ours, parts):
                assert o.short_message.hex() == p["payload_hex"]
                assert smpp.text.decode(o.short_message, 8) == p["text"]
                assert o.sar == {"msg_ref_num": 1, "total_segments": len(ours), "segment_seqnum": o.seq}
            checked += 1
        elif r["encoding"] == "gsm7-packed":
            ours = smpp.concat.split(text, reference=1, packed=True)
            assert len(ours) == len(parts)
            joined = ""
            for o, p in zip(ours, parts):
                assert o.short_message[6:].hex() == p["packed_hex"]
                theirs = p["text"]
                got = smpp.text.decode(o.short_message[6:], packed=True, fill_bits=1)
                assert got == theirs.removesuffix("\r")
                got = smpp.text.decode(
                    o.short_message[6:], packed=True, fill_bits=1, septets=p["septet_count"]
                )
                assert got == theirs
                joined += theirs.removesuffix("\r")
            assert joined == text
            checked += 1
    assert checked >= 2


def test_plan_and_message_payload_and_sar_fields():
    p = smpp.concat.plan("x" * 161)
    assert (p["parts"], p["units"], p["udh_len"]) == (2, 161, 6)
    (one,) = smpp.concat.split("y" * 500, scheme="message_payload")
    f = one.fields()
    assert "short_message" not in f and f["tlvs"][0]["value"] == b"y" * 500
    parts = smpp.concat.split("z" * 200, scheme="sar", reference=0x1234)
    f = parts[1].fields(esm_class=0x03)
    assert f["esm_class"] == 0x03 and len(f["short_message"]) == 40
    assert [t["value"] for t in f["tlvs"]] == [b"\x12\x34", b"\x02", b"\x02"]
    with pytest.raises(ValueError, match="255"):
        smpp.concat.split("x" * 153 * 256)


def test_reassembly_of_vector_parts_through_pdus():
    store = smpp.concat.Reassembler(timeout=30)
    for rid in ["jsmpp-1", "jsmpp-3", "smppex-1", "smppex-2"]:
        r = ROWS[rid]
        dc = 8 if rid == "jsmpp-3" else 0
        pdus = [
            deliver(i + 1, bytes.fromhex(p["short_message_hex"]), data_coding=dc)
            for i, p in enumerate(r["parts"])
        ]
        order = list(range(len(pdus)))[::-1]
        order.insert(1, order[0])  # a duplicate
        done = [m for m in (store.push(pdus[i], 0.0) for i in order) if m is not None]
        assert len(done) == 1, rid
        (m,) = done
        assert m["payload"].hex() == "".join(p["payload_hex"] for p in r["parts"])
        assert m["parts"] == len(r["parts"]) and m["source_addr"] == "447700900123"
        if r.get("text"):
            assert m["text"] == r["text"], rid
        assert store.in_progress == 0
    for rid in ["jsmpp-2", "smppex-12", "gosmpp-2"]:
        sm = bytes.fromhex(ROWS[rid]["parts"][0]["short_message_hex"])
        with pytest.raises(ValueError, match="user data header"):
            store.push(deliver(1, sm), 0.0)


def test_reassembly_of_our_split_sar_and_timeout():
    store = smpp.concat.Reassembler(timeout=10)
    text = "Grüße aus Köln 😀 " * 12
    parts = smpp.concat.split(text, 8, scheme="sar", reference=77)
    assert len(parts) > 2
    out = None
    for i, p in enumerate(parts):
        f = p.fields()
        assert out is None
        out = store.push(deliver(i + 1, f["short_message"], f["esm_class"], 8, f["tlvs"]), 1.0)
    assert out is not None and out["text"] == text and out["reference"] == 77
    # One part of two, then the time runs out.
    parts = smpp.concat.split("x" * 200, reference=9)
    assert store.push(deliver(1, parts[0].short_message), 5.0) is None
    assert store.next_deadline() == 15.0
    assert store.handle_timeout(14.9) == []
    (given_up,) = store.handle_timeout(15.0)
    assert given_up["missing"] == [2] and given_up["received"] == 1
    assert store.in_progress == 0
