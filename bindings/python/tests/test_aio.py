"""smpp.aio.Client against `smpp smsc` and node-smpp's server, smpplib's
client against smpp.aio.Server: real peers on ports the kernel picks."""

import asyncio
import json
import subprocess
import sys

import pytest

import smpp.aio
import smpp.concat
from peers import INTEROP, node_smsc, smsc

LONG_GSM = "Long GSM 7-bit text with {braces} and € signs, " * 8
LONG_UCS2 = "Grüße aus Köln, привет мир 😀 " * 8


async def collect(client, n, timeout=15.0):
    out = []

    async def take():
        async for item in client:
            out.append(item)
            if len(out) >= n:
                return

    await asyncio.wait_for(take(), timeout)
    return out


def test_client_against_smpp_smsc_long_texts_and_receipts():
    peer = smsc("--receipt-delay", "20")
    try:

        async def main():
            url = f"smpp://esme:secret@127.0.0.1:{peer.port}"
            async with await smpp.aio.Client.connect(url, enquire_link_interval=0.2) as c:
                gsm = await c.send_text("447700900123", LONG_GSM, source_addr="Acme", registered_delivery=1)
                uni = await c.send_text("447700900123", LONG_UCS2, source_addr="Acme", registered_delivery=1)
                assert len(gsm) == smpp.concat.plan(LONG_GSM)["parts"] > 2
                assert len(uni) == smpp.concat.plan(LONG_UCS2, 8)["parts"] > 2
                assert all(o.ok and o.message_id for o in gsm + uni)
                one = await c.submit_sm(destination_addr="447700900124", short_message=b"plain")
                assert one.ok
                # A receipt per part.
                receipts = await collect(c, len(gsm) + len(uni))
                assert all(isinstance(r, smpp.receipt.Receipt) for r in receipts)
                assert {r.message_id for r in receipts} == {o.message_id for o in gsm + uni}
                assert all(r.state == "DELIVERED" and r.is_outcome for r in receipts)
                assert (await c.enquire_link()).ok
                assert c.connections == 1

        asyncio.run(main())
    finally:
        peer.stop()


def test_client_reconnects_after_a_drop():
    peer = smsc("--drop-after", "1")
    try:

        async def main():
            url = f"smpp://esme:secret@127.0.0.1:{peer.port}"
            c = await smpp.aio.Client.connect(url, reconnect_delay=0.05)
            try:
                assert (await c.submit_sm(destination_addr="1", short_message=b"a")).ok
                lost = await c.submit_sm(destination_addr="1", short_message=b"b")
                assert not lost.ok and lost.failure == "connection_lost"
                # The client binds again and goes on.
                out = await asyncio.wait_for(c.submit_sm(destination_addr="1", short_message=b"c"), 10)
                assert out.ok and c.connections == 2
            finally:
                await c.close()

        asyncio.run(main())
    finally:
        peer.stop()


def test_bind_refused_raises():
    peer = node_smsc()
    try:

        async def main():
            with pytest.raises(smpp.aio.BindError) as e:
                await smpp.aio.Client.connect(f"smpp://esme:wrong@127.0.0.1:{peer.port}", reconnect=False)
            assert e.value.command_status == 0x0E

        asyncio.run(main())
    finally:
        peer.stop()


def test_client_against_node_smpp_server():
    peer = node_smsc("--sc-interface-version")
    try:

        async def main():
            url = f"smpp://esme:secret@127.0.0.1:{peer.port}"
            async with await smpp.aio.Client.connect(url, enquire_link_interval=0.2) as c:
                gsm = await c.send_text("447700900123", LONG_GSM, registered_delivery=1)
                uni = await c.send_text("447700900123", LONG_UCS2, registered_delivery=1)
                assert all(o.ok for o in gsm + uni)
                receipts = await collect(c, len(gsm) + len(uni))
                assert {r.message_id for r in receipts} == {o.message_id for o in gsm + uni}
                assert all(r.state == "DELIVERED" for r in receipts)
                # The keep-alive, timed by the session's next_deadline: an
                # enquire_link every 0.2 s of silence.
                await asyncio.sleep(0.9)
            return gsm, uni

        gsm, uni = asyncio.run(main())
        subs = [e for e in peer.events() if e.get("event") == "submit_sm"]
        assert len(subs) == len(gsm) + len(uni)
        # node-smpp read our UDHs and text: each part's text joins to ours.
        assert "".join(s["text"] for s in subs[: len(gsm)]) == LONG_GSM
        assert "".join(s["text"] for s in subs[len(gsm) :]) == LONG_UCS2
        assert all(s["udh"] for s in subs)
        links = [e for e in peer.events() if e.get("event") == "enquire_link"]
        assert 2 <= len(links) <= 8, links
    finally:
        peer.stop()


def test_smpplib_client_against_aio_server():
    texts = ["hello from smpplib", LONG_GSM, LONG_UCS2]

    async def main():
        async with smpp.aio.Server(receipt_delay=0.01) as server:
            await server.start()
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                str(INTEROP / "smpplib_esme.py"),
                str(server.port),
                "transceiver",
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
            )
            stdin = "".join(json.dumps(t) + "\n" for t in texts).encode()
            out, _ = await asyncio.wait_for(proc.communicate(stdin), 30)
            assert proc.returncode == 0, out
            got = [server.submitted.get_nowait() for _ in range(server.submitted.qsize())]
            return [json.loads(l) for l in out.decode().splitlines()], got

    events, got = asyncio.run(main())
    assert sorted(m.text for m in got) == sorted(texts)
    last = events[-1]
    assert last["event"] == "unbound" and last["receipts"] == last["sent"] > 3
    assert all(e["status"] == 0 for e in events if e["event"] == "submit_sm_resp")


def test_aio_server_sends_long_mo_to_aio_client():
    async def main():
        async with smpp.aio.Server(users={"esme": "secret"}) as server:
            await server.start()
            url = f"smpp://esme:secret@127.0.0.1:{server.port}"
            async with await smpp.aio.Client.connect(url) as c:
                (session,) = server.sessions
                assert session.system_id == "esme"
                for text in (LONG_GSM, LONG_UCS2, "short"):
                    outs = await session.send_text("Acme", text, source_addr="447700900123")
                    assert all(o.ok for o in outs)
                mos = await collect(c, 3)
                assert [m.text for m in mos] == [LONG_GSM, LONG_UCS2, "short"]
                assert mos[0].parts == smpp.concat.plan(LONG_GSM)["parts"]
            with pytest.raises(smpp.aio.BindError):
                await smpp.aio.Client.connect(f"smpp://esme:nope@127.0.0.1:{server.port}", reconnect=False)

    asyncio.run(main())


def tls_files():
    import os

    d = os.environ.get("SMPP_TLS_DIR")
    if not d:
        pytest.skip("SMPP_TLS_DIR (certificates made by tests/tests/python.rs) not given")
    return {k: os.path.join(d, k) for k in ("ca.pem", "server.pem", "server.key")}


def test_smpps_client_against_smpp_smsc_tls():
    import ssl

    f = tls_files()
    peer = smsc("--tls-cert", f["server.pem"], "--tls-key", f["server.key"])
    try:

        async def main():
            ctx = ssl.create_default_context(cafile=f["ca.pem"])
            url = f"smpps://esme:secret@127.0.0.1:{peer.port}"
            async with await smpp.aio.Client.connect(url, ssl=ctx) as c:
                outs = await c.send_text("447700900123", LONG_UCS2)
                assert len(outs) > 2 and all(o.ok for o in outs)
            # A client that does not trust the CA never binds.
            with pytest.raises(ssl.SSLError):
                await smpp.aio.Client.connect(url, reconnect=False)

        asyncio.run(main())
    finally:
        peer.stop()


def test_smpps_aio_server_and_client():
    import ssl

    f = tls_files()

    async def main():
        server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server_ctx.load_cert_chain(f["server.pem"], f["server.key"])
        async with smpp.aio.Server(ssl=server_ctx) as server:
            await server.start()
            ctx = ssl.create_default_context(cafile=f["ca.pem"])
            url = f"smpps://esme:secret@127.0.0.1:{server.port}"
            async with await smpp.aio.Client.connect(url, ssl=ctx) as c:
                outs = await c.send_text("447700900123", LONG_GSM)
                assert all(o.ok for o in outs)
                got = await asyncio.wait_for(server.submitted.get(), 10)
                assert got.text == LONG_GSM

    asyncio.run(main())
