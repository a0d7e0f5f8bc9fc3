"""Large inputs, which the native module works on with the GIL released
(`Python::detach`): results stay right, also from several threads at once."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

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


@pytest.mark.parametrize("op", ["decode", "encode"])
def test_another_thread_runs_while_a_long_text_is_worked_on(op):
    # A thread counting as fast as it can gets the GIL only while the main
    # thread does not hold it. Held through a call of D seconds, the
    # counter would move by one switch interval (5 ms) at most; released,
    # it counts for most of D.
    count = [0]
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            count[0] += 1

    t = threading.Thread(target=spin)
    t.start()
    try:
        start, t0 = count[0], time.perf_counter()
        time.sleep(0.2)
        rate = (count[0] - start) / (time.perf_counter() - t0)
        text = "The quick brown fox. " * 2000
        for _ in range(12):  # longer texts until one call takes 0.1 s
            data = text.encode("utf-16-be")
            start, t0 = count[0], time.perf_counter()
            if op == "decode":
                ok = smpp.text.decode(data, 8) == text
            else:
                ok = smpp.text.encode(text, 8) == data
            took = time.perf_counter() - t0
            counted = count[0] - start
            assert ok
            if took >= 0.1:
                break
            text *= 2
    finally:
        stop.set()
        t.join(10)
    assert took >= 0.1, f"the longest call took {took:.3f} s"
    # At least a quarter of what the thread counts alone in that time.
    assert counted >= rate * took / 4, (counted, rate, took)
