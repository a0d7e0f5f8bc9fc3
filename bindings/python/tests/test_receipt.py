"""smpp.receipt against every row of tests/data/vectors/dlr.jsonl, with the
verdicts and divergences of the core's own test
(smpp-proto/tests/receipt_vectors.rs)."""

import datetime

import pytest

import smpp
import smpp.receipt
from conftest import rows

ROWS = rows("dlr.jsonl")
KEYS = ["id", "sub", "dlvrd", "submit_date", "done_date", "stat", "err", "text"]
# Rows where a source reports an empty or absent text differently (see the
# core's DIVERGENCES): we keep "" for a bare `text:`, None when absent.
DIVERGES = {"cloudhopper-12", "cloudhopper-13", "cloudhopper-18", "jasmin-5", "jasmin-7"}
STATES = {
    "ENROUTE": "ENROUTE", "DELIVRD": "DELIVERED", "EXPIRED": "EXPIRED", "DELETED": "DELETED",
    "UNDELIV": "UNDELIVERABLE", "ACCEPTD": "ACCEPTED", "UNKNOWN": "UNKNOWN", "REJECTD": "REJECTED",
    "SKIPPED": "SKIPPED", "BUFFRED": "BUFFERED", "DELIVERED": "DELIVERED", "UNDELIVERABLE": "UNDELIVERABLE",
    "REJECTED": "REJECTED", "ACCEPTED": "ACCEPTED", "FAILED": "UNDELIVERABLE",
}


def iso(s):
    return datetime.datetime.fromisoformat(s.rstrip("Z"))


def nd(v):
    return v is None or v == "ND"


def number(v):
    if nd(v):
        return None
    return int(v)


def check_raw(expected, r):
    assert {k: r.raw[k] for k in KEYS} == {k: expected[k] for k in KEYS}


def check_interpreted(rid, interp, r):
    for key, want in (interp or {}).items():
        if key == "id":
            assert r.message_id == want
        elif key in ("sub", "dlvrd"):
            assert (r.submitted if key == "sub" else r.delivered) == number(want)
        elif key in ("submit_date", "done_date"):
            got = getattr(r, key)
            if nd(want):
                assert got is None
            elif "-" in want:
                assert got == iso(want)
            else:
                assert r.raw[key] == want and got is not None
        elif key == "stat":
            if want is None:
                assert r.state is None
            elif want.upper() in STATES:
                assert r.state == STATES[want.upper()]
            else:
                assert r.state is None and r.raw["stat"] == want
        elif key == "err":
            if isinstance(want, int):
                assert r.error_code == want
            elif nd(want):
                assert r.err is None
            elif want.isdigit():
                assert r.error_code == int(want)
            else:
                assert r.err == want
        elif key == "err_numeric":
            assert r.error_code == want
        elif key == "text":
            if want != r.text:
                assert {want, r.text} == {"", None} and rid in DIVERGES
        else:
            raise AssertionError(f"{rid}: unhandled key {key}")


def strict_accepts(expected):
    if not all(isinstance(expected.get(k), str) for k in KEYS):
        return False
    try:
        smpp.receipt.parse(
            " ".join(f"{k.replace('_', ' ')}:{expected[k]}" for k in KEYS), strict=True
        )
    except ValueError:
        return False
    return True


def carrier_pdu(row):
    t = row["tlvs"]
    tlvs = [
        {"name": "receipted_message_id", "value": t["receipted_message_id"].encode() + b"\0"},
        {"name": "message_state", "value": bytes([t["message_state"]])},
    ]
    text = row.get("text")
    fields = {"esm_class": 0x04}
    if row["carrier"] == "deliver_sm":
        fields["short_message"] = (text or "").encode()
    elif text is not None:
        tlvs.append({"name": "message_payload", "value": text.encode()})
    return smpp.encode(
        {"command": row["carrier"], "sequence_number": 1, "fields": fields, "tlvs": tlvs}
    )


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_dlr_vector(row):
    rid = row["id"]
    if row.get("direction") == "generate":
        inp = row["input"]
        text = smpp.receipt.format(
            inp["id"] if "id" in inp else inp["id_numeric"],
            submitted=inp.get("sub", 0),
            delivered=inp.get("dlvrd", 0),
            submit_date=iso(inp["submit_date"]) if "submit_date" in inp else None,
            done_date=iso(inp["done_date"]) if "done_date" in inp else None,
            state=inp.get("stat"),
            err=inp.get("err", 0),
            text=inp.get("text", ""),
        )
        assert text == row["text"].encode()
        check_raw(row["expected"], smpp.receipt.parse(text))
        return

    if "carrier" in row:
        pdu = carrier_pdu(row)
        r = smpp.receipt.from_pdu(pdu)
        assert r is not None
        if row["expected"] is None:
            assert all(v is None for v in r.raw.values())
        else:
            check_raw(row["expected"], r)
        check_interpreted(rid, row["interpreted"], r)
        strict_ok = row.get("text") is None or (
            row["expected"] is not None and strict_accepts(row["expected"])
        )
        if strict_ok:
            smpp.receipt.from_pdu(pdu, strict=True)
        else:
            with pytest.raises(ValueError):
                smpp.receipt.from_pdu(pdu, strict=True)
        return

    text = row["text"]
    if row["valid"] is False:
        with pytest.raises(ValueError) as e:
            smpp.receipt.parse(text, strict=True)
        assert str(e.value) == row["expected_error"]
        smpp.receipt.parse(text)  # lenient reads the rest
        return

    r = smpp.receipt.parse(text)
    check_raw(row["expected"], r)
    check_interpreted(rid, row["interpreted"], r)
    strict_ok = row.get("mode") != "lenient" and strict_accepts(row["expected"])
    if strict_ok:
        check_raw(row["expected"], smpp.receipt.parse(text, strict=True))
    else:
        with pytest.raises(ValueError):
            smpp.receipt.parse(text, strict=True)
    if row.get("roundtrip"):
        assert r.format() == text.encode()


def test_rows_and_not_a_receipt():
    assert len(ROWS) == 42
    with pytest.raises(ValueError, match="not a delivery receipt"):
        smpp.receipt.parse("hello there")
    plain = smpp.encode(
        {"command": "deliver_sm", "sequence_number": 1, "fields": {"short_message": b"hi"}}
    )
    assert smpp.receipt.from_pdu(plain) is None
    with pytest.raises(ValueError, match="white space"):
        smpp.receipt.format("a b")
