"""smpp.text against every row of the GSM 7-bit vectors
(tests/data/vectors/gsm7.jsonl), with the same verdicts as the core's own
test (smpp-proto/tests/text_vectors.rs), and by hand."""

import pytest

import smpp.text
from conftest import rows

ROWS = rows("gsm7.jsonl")


def lang(row):
    return row.get("national_language") or 0


def udh_tables(udh):
    """The tables a strict TS 23.040 receiver takes from a UDH: IE 0x25
    locking, IE 0x24 single shift."""
    locking = single = 0
    ies = udh[1:]
    while len(ies) >= 2:
        iei, n = ies[0], ies[1]
        data, ies = ies[2 : 2 + n], ies[2 + n :]
        if iei == 0x24:
            single = data[0]
        elif iei == 0x25:
            locking = data[0]
    return {"locking_shift": locking, "single_shift": single}


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_gsm7_vector(row):
    text = row.get("text")
    septets = bytes.fromhex(row["septets_hex"]) if row.get("septets_hex") is not None else None
    kw = {"language": lang(row)}
    has_esc = text is not None and "\x1b" in text

    if "encodable" in row:
        if has_esc:
            # As the core's test: a literal ESC is no character of any table.
            assert not smpp.text.encodable(text, 0, **kw)
            assert smpp.text.encodable(text.replace("\x1b", ""), 0, **kw)
        else:
            assert smpp.text.encodable(text, 0, **kw) == row["encodable"]
        if not row["encodable"]:
            with pytest.raises(ValueError, match="cannot be encoded"):
                smpp.text.encode(text, 0, **kw)
    if "septet_count" in row:
        assert smpp.text.cost(text, 0, **kw) == row["septet_count"]

    if row.get("udh_hex"):
        udh = bytes.fromhex(row["udh_hex"])
        sm = bytes.fromhex(row["short_message_hex"])
        assert sm == udh + septets
        assert smpp.text.decode(septets, 0, **kw) == text  # node-smpp's reading
        strict = udh_tables(udh)
        if row["id"] == "nodesmpp-31":
            assert smpp.text.decode(septets, 0, **strict) == "This is a Teæt"
        else:
            with pytest.raises(ValueError, match="undefined extension"):
                smpp.text.decode(septets, 0, **strict)
        return

    if text is not None and septets is not None:
        direction = row.get("direction", "both")
        if direction != "encode":
            assert smpp.text.decode(septets, 0, **kw) == text
        if direction != "decode":
            ours = smpp.text.encode(text, 0, **kw)
            if row["id"] == "nodesmpp-19":
                # node-smpp escapes ^ \ ~ | that the Portuguese locking table has.
                assert smpp.text.decode(ours, 0, **kw) == text
                assert len(ours) == len(septets) - 4
            else:
                assert ours == septets
        if row.get("packed_hex") is not None:
            packed = bytes.fromhex(row["packed_hex"])
            assert smpp.text.decode(packed, 0, packed=True, **kw) == text
            assert smpp.text.decode(packed, 0, packed=True, septets=len(septets), **kw) == text
            ours = smpp.text.encode(text, 0, packed=True, **kw)
            if len(septets) % 8 == 7:
                # TS 23.038 §6.1.2.3.1: 7 spare bits hold CR, not zeros.
                assert ours[:-1] == packed[:-1]
                assert ours[-1] == packed[-1] | (0x0D << 1)
            else:
                assert ours == packed
    elif septets is not None:
        if row["valid"]:
            smpp.text.decode(septets, 0, **kw)
        else:
            with pytest.raises(ValueError) as e:
                smpp.text.decode(septets, 0, **kw)
            if row.get("invalid_bytes_hex"):
                at = septets.hex().find(row["invalid_bytes_hex"]) // 2
                assert f"offset {at}:" in str(e.value)


def test_all_rows_seen():
    assert len(ROWS) == 70


def test_packed_seven_septets_is_not_eight():
    assert smpp.text.decode(bytes.fromhex("31d98c56b3dd00"), packed=True) == "1234567"


def test_choose_ucs2_latin1_national_and_errors():
    c = smpp.text.choose("Hello {world}")
    assert (c["data_coding"], c["parts"]) == (0, 1)
    c = smpp.text.choose("Grüße 😀")
    assert c["data_coding"] == 8 and c["encoding"] == "UCS-2"
    assert smpp.text.encode("😀", 8) == "😀".encode("utf-16-be")
    assert smpp.text.decode("é".encode("latin-1"), 3) == "é"
    assert smpp.text.choose("x" * 161)["parts"] == 2
    # Turkish: UCS-2 unless its tables are allowed, then GSM 7-bit with them.
    turkish = "Çalışkan öğrenci şu an ğ"
    assert smpp.text.choose(turkish)["data_coding"] == 8
    c = smpp.text.choose(turkish, languages=[1])
    assert (c["data_coding"], c["locking_shift"], c["udh_len"]) == (0, 1, 4)
    sept = smpp.text.encode(turkish, language=1)
    assert smpp.text.decode(sept, language=1) == turkish
    # Latin-1 allowed alone.
    c = smpp.text.choose("façade", allowed=[smpp.text.LATIN1])
    assert c["encoding"] == "Latin-1" and c["octets"] == 6
    # Packed parts hold as many characters; the octets shrink.
    assert smpp.text.choose("x" * 160, packed=True)["octets"] == 140
    with pytest.raises(ValueError):
        smpp.text.encode("😀", 0)
    with pytest.raises(ValueError):
        smpp.text.choose("😀", allowed=[0])
    with pytest.raises(ValueError, match="scheme"):
        smpp.text.choose("x", scheme="nope")
    with pytest.raises(ValueError, match="National Language"):
        smpp.text.encode("x", language=99)
