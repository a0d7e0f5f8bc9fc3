"""smpp.text against the GSM 7-bit vectors (tests/data/vectors/gsm7.jsonl)
and by hand."""

import pytest

import smpp.text
from conftest import rows

GSM = [
    r
    for r in rows("gsm7.jsonl")
    if r.get("septets_hex") and r.get("text") is not None and not r.get("national_language")
    and r.get("encodable", True) and r.get("valid", True)
]


@pytest.mark.parametrize("row", GSM, ids=[r["id"] for r in GSM])
def test_gsm7_vector_encodes_to_its_septets_and_back(row):
    assert smpp.text.encode(row["text"], 0).hex() == row["septets_hex"]
    assert smpp.text.decode(bytes.fromhex(row["septets_hex"]), 0) == row["text"]


def test_choose_ucs2_latin1_and_errors():
    assert len(GSM) > 10
    c = smpp.text.choose("Hello {world}")
    assert (c["data_coding"], c["parts"]) == (0, 1)
    c = smpp.text.choose("Grüße 😀")
    assert c["data_coding"] == 8 and c["encoding"] == "UCS-2"
    assert smpp.text.encode("😀", 8) == "😀".encode("utf-16-be")
    assert smpp.text.decode("é".encode("latin-1"), 3) == "é"
    c = smpp.text.choose("x" * 161)
    assert c["parts"] == 2
    with pytest.raises(ValueError):
        smpp.text.encode("😀", 0)
