"""smpp.pdu: one function per PDU, built from keyword arguments. Each gives
the octets smpp.encode gives for the same PDU (every vector row of
tests/data/vectors/pdus.jsonl with a field table), refuses bad values with
EncodeError and unknown keywords with TypeError, and its stub (pdu.pyi) is
the one build.rs wrote from the core's tables."""

import inspect
import pathlib

import pytest

import smpp
import smpp._smpp
from conftest import rows

# Every valid row that decodes to a dict of fields (a raw "body" has none).
KEYWORD_ROWS = []
for _row in rows("pdus.jsonl"):
    if not _row["valid"]:
        continue
    try:
        _pdu = smpp.decode(bytes.fromhex(_row["hex"]))
    except smpp.DecodeError:
        continue
    if "body" not in _pdu and _pdu["command"] in smpp.pdu.__all__:
        KEYWORD_ROWS.append((_row["id"], _pdu))


def keywords(pdu):
    """The keyword arguments of smpp.pdu's function for a decoded PDU: its
    header's sequence_number and command_status, its fields less the
    computed counts, and its TLVs where the command carries them."""
    params = inspect.signature(getattr(smpp.pdu, pdu["command"])).parameters
    kw = {"sequence_number": pdu["sequence_number"], "command_status": pdu["command_status"]}
    for key, value in (pdu["fields"] or {}).items():
        if key in params:
            kw[key] = value
        else:  # computed from the value it counts
            assert key in ("sm_length", "number_of_dests", "no_unsuccess"), key
    if "tlvs" in params:
        kw["tlvs"] = pdu["tlvs"]
    else:
        assert not pdu["tlvs"]
    return kw


def test_every_command_with_a_table_has_a_function():
    assert len(smpp.pdu.__all__) == 33
    # submit_multi needs at least one destination (SMPP 3.4 §4.5.1).
    needs = {"submit_multi": {"dest_addresses": [{"dest_flag": 1, "destination_addr": "1"}]}}
    for name in smpp.pdu.__all__:
        octets = getattr(smpp.pdu, name)(sequence_number=1, **needs.get(name, {}))
        assert smpp.decode(octets)["command"] == name


@pytest.mark.parametrize("pdu", [p for _, p in KEYWORD_ROWS], ids=[i for i, _ in KEYWORD_ROWS])
def test_vector_row_encodes_as_smpp_encode(pdu):
    got = getattr(smpp.pdu, pdu["command"])(**keywords(pdu))
    assert got == smpp.encode(pdu)


def test_the_rows_cover_the_common_commands():
    covered = {p["command"] for _, p in KEYWORD_ROWS}
    assert {"submit_sm", "deliver_sm", "submit_sm_resp", "bind_transceiver", "data_sm", "submit_multi"} <= covered


def test_submit_sm_as_the_bench_builds_it():
    message = b"Hello from the bench, a short message"
    got = smpp.pdu.submit_sm(
        sequence_number=7,
        source_addr="Acme",
        destination_addr="447700900123",
        registered_delivery=1,
        short_message=message,
    )
    assert got == smpp.encode(
        {
            "command": "submit_sm",
            "sequence_number": 7,
            "fields": {
                "source_addr": "Acme",
                "destination_addr": "447700900123",
                "registered_delivery": 1,
                "short_message": message,
            },
        }
    )


def test_value_forms_and_tlvs_as_in_the_dict():
    got = smpp.pdu.deliver_sm(
        sequence_number=8,
        source_addr={"hex": "343437"},
        destination_addr=b"Acme",
        esm_class=4,
        short_message=bytearray(b"id:1 stat:DELIVRD"),
        tlvs=[{"name": "receipted_message_id", "value": b"1\0"}, {"tag": 0x0427, "value": b"\x02"}],
    )
    pdu = smpp.decode(got)
    assert pdu["fields"]["source_addr"] == "447"
    assert pdu["fields"]["short_message"] == b"id:1 stat:DELIVRD"
    assert [t["name"] for t in pdu["tlvs"]] == ["receipted_message_id", "message_state"]
    assert smpp.encode(pdu) == got
    # None is a field left out; a response's absent body (SMPP 3.4 §4.4.2).
    assert smpp.pdu.submit_sm(sequence_number=1, source_addr=None) == smpp.pdu.submit_sm(sequence_number=1)
    resp = smpp.pdu.submit_sm_resp(sequence_number=2, command_status=0x45)
    assert len(resp) == 16


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: smpp.pdu.submit_sm(sequence_number=1, registered_delivery=256), "registered_delivery"),
        (lambda: smpp.pdu.submit_sm(sequence_number=1, registered_delivery=True), "bool"),
        (lambda: smpp.pdu.submit_sm(sequence_number=1, esm_class="4"), "esm_class"),
        (lambda: smpp.pdu.submit_sm(sequence_number=1, short_message="text"), "short_message"),
        (lambda: smpp.pdu.submit_sm(sequence_number=1, source_addr=5), "source_addr"),
        (lambda: smpp.pdu.submit_sm(sequence_number=1, source_addr={"hex": "zz"}), "invalid hex"),
        (lambda: smpp.pdu.submit_sm(sequence_number=1, destination_addr="4" * 21), "destination_addr"),
        (lambda: smpp.pdu.submit_sm(sequence_number=1, validity_period="tomorrow"), "SMPP time"),
        (lambda: smpp.pdu.submit_sm(sequence_number=-1), "sequence_number"),
        (lambda: smpp.pdu.submit_sm(sequence_number=1, command_status=2**32), "command_status"),
        (lambda: smpp.pdu.submit_sm(sequence_number=1, tlvs=[{"value": b""}]), "tag is required"),
        (lambda: smpp.pdu.submit_sm(sequence_number=1, tlvs="x"), "expected a list"),
        (lambda: smpp.pdu.submit_multi(sequence_number=1, dest_addresses=[{"bogus": 1}]), "unknown field"),
    ],
)
def test_bad_values_raise_encode_error(call, message):
    with pytest.raises(smpp.EncodeError, match=message):
        call()


def test_bad_keywords_raise_type_error():
    with pytest.raises(TypeError, match="system_id"):
        smpp.pdu.submit_sm(sequence_number=1, system_id="x")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="sm_length"):
        smpp.pdu.submit_sm(sequence_number=1, sm_length=3)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="sequence_number"):
        smpp.pdu.enquire_link()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        smpp.pdu.enquire_link(1)  # type: ignore[misc]


def test_stub_is_the_one_build_rs_wrote():
    """pdu.pyi is generated: after a change of the core's tables, write it
    again with
    python -c "import smpp._smpp as s; open('bindings/python/python/smpp/pdu.pyi', 'w').write(s.pdu._stub)"
    """
    stub = pathlib.Path(__file__).resolve().parents[1] / "python" / "smpp" / "pdu.pyi"
    assert stub.read_text(encoding="utf-8") == smpp._smpp.pdu._stub
    for name in smpp.pdu.__all__:
        assert f"\ndef {name}(\n" in smpp._smpp.pdu._stub
