"""Large inputs, which the native module works on with the GIL released
(`Python::detach`): results stay right, also from several threads at once."""

from concurrent.futures import ThreadPoolExecutor

import smpp
import smpp.text


def submit(seq, payload=b""):
    return smpp.encode(
        {
            "command": "submit_sm",
            "sequence_number": seq,
            "fields": {"destination_addr": "447700900123", "short_message": b"hi"},
            "tlvs": [{"name": "message_payload", "value": payload}] if payload else [],
        }
    )


def test_framer_takes_nearly_a_megabyte_at_once():
    stream = b"".join(submit(i) for i in range(1, 20001))
    assert len(stream) > 900_000
    f = smpp.Framer()
    f.feed(stream)
    seqs = [p["sequence_number"] for p in f]
    assert seqs == list(range(1, 20001)) and f.buffered == 0


def test_long_pdu_and_long_text_from_threads():
    payload = bytes(range(256)) * 250  # 64000 octets
    pdu = submit(7, payload)
    text = "Привет, мир! " * 10000

    def work(_):
        d = smpp.decode(pdu)
        t = smpp.text.decode(text.encode("utf-16-be"), 8)
        return d["tlvs"][0]["value"] == payload and t == text

    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(work, range(16)))
