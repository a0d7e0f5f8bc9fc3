"""asyncio on top of the sans-IO ``smpp.Session``: ``Client`` (an ESME) and
``Server`` (an SMSC), in plain Python over asyncio streams, TLS by Python's
``ssl``. No protocol rule lives here: every PDU, timer and state is the
session's (SMPP 3.4 §2–§4); this module moves bytes, keeps the clock and
turns events into awaited outcomes.

One connection is driven so (the sans-IO run loop): bytes read go to
``receive_data``; after every input, the events are handled and
``data_to_send`` is written; a timer fires ``handle_timeout`` at
``next_deadline`` (enquire_link keep-alive, response timeouts).

    async with await smpp.aio.Client.connect("smpp://esme:secret@127.0.0.1:2775") as c:
        outcomes = await c.send_text("447700900123", "Hello", registered_delivery=1)
        async for item in c:          # MO messages and receipts
            ...
"""

from __future__ import annotations

import asyncio
import asyncio.base_events
import itertools
import ssl as _ssl
import urllib.parse
from dataclasses import dataclass
from typing import (
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    Dict,
    Iterable,
    List,
    Optional,
    Set,
    Tuple,
    Union,
)

from . import (
    BindRefused,
    BindRequest,
    Bound,
    Closed,
    InvalidState,
    PeerThrottled,
    RateLimited,
    Request,
    RequestFailed,
    Response,
    Session,
    SmppError,
    Throttled,
    WindowFull,
)
from . import concat as _concat
from . import receipt as _receipt
from . import text as _text

ESME_RINVPASWD = 0x0E
ESME_RINVSYSID = 0x0F


class BindError(ConnectionError):
    """The SMSC refused the bind (``command_status``), or it never came."""

    def __init__(self, message: str, command_status: Optional[int] = None) -> None:
        super().__init__(message)
        self.command_status = command_status


@dataclass(frozen=True)
class Outcome:
    """The outcome of one request: its response, or why none came."""

    id: int
    """The request's sequence_number."""
    command_status: Optional[int]
    """The response's command_status (0 is success); None without one."""
    message_id: Optional[str]
    """submit_sm_resp / deliver_sm_resp message_id, if any."""
    failure: Optional[str]
    """Without a response: "timeout", "connection_lost", "invalid_response"."""
    pdu: Optional[Dict[str, Any]]
    """The response's dict."""

    @property
    def ok(self) -> bool:
        """Answered with command_status 0."""
        return self.failure is None and self.command_status == 0


@dataclass(frozen=True)
class MoMessage:
    """A short message the peer sent (deliver_sm / submit_sm / data_sm),
    its parts put back together."""

    source_addr: Any
    destination_addr: Any
    text: Optional[str]
    """The text, or None for data or text that does not decode."""
    payload: bytes
    """The user data without UDHs."""
    data_coding: int
    parts: int


Inbound = Union[MoMessage, _receipt.Receipt]


def parse_url(url: str) -> Tuple[str, int, str, str, bool]:
    """``smpp://ID:PW@HOST:PORT`` or ``smpps://`` (TLS) as (host, port,
    system_id, password, tls); the port defaults to 2775."""
    u = urllib.parse.urlsplit(url)
    if u.scheme not in ("smpp", "smpps") or not u.hostname:
        raise ValueError(f"{url!r}: expected smpp://ID:PW@HOST:PORT or smpps://…")
    return (
        u.hostname,
        u.port or 2775,
        urllib.parse.unquote(u.username or ""),
        urllib.parse.unquote(u.password or ""),
        u.scheme == "smpps",
    )


class _Link:
    """One connection: a ``Session`` driven over an asyncio stream."""

    def __init__(
        self,
        session: Session,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        self.session = session
        self.reader = reader
        self.writer = writer
        self.loop = asyncio.get_running_loop()
        self.pending: Dict[int, "asyncio.Future[Any]"] = {}
        self.window_free = asyncio.Event()
        self.window_free.set()
        self.closed = asyncio.Event()
        self.close_reason: Optional[str] = None
        self._timer: Optional[asyncio.TimerHandle] = None
        self._task: Optional["asyncio.Task[None]"] = None

    def now(self) -> float:
        return self.loop.time()

    def start(self) -> None:
        self._task = self.loop.create_task(self._read_loop())

    # ----- the run loop ------------------------------------------------------

    def pump(self) -> None:
        """Handles every event, writes what is to send, re-arms the timer."""
        s = self.session
        while True:
            ev = s.next_event()
            if ev is None:
                break
            self._event(ev)
        data = s.data_to_send()
        if data and not self.writer.is_closing():
            self.writer.write(data)
        if s.closed:
            # Closed: what was still to send is written; transport.close flushes it.
            self.writer.close()
            self.window_free.set()
        self._arm()

    def _arm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        deadline = self.session.next_deadline()
        if deadline is not None and not self.session.closed:
            self._timer = self.loop.call_at(deadline, self._fire, deadline)

    def _fire(self, deadline: float) -> None:
        self._timer = None
        self.session.handle_timeout(max(self.now(), deadline))
        self.pump()

    async def _read_loop(self) -> None:
        try:
            while True:
                try:
                    data = await self.reader.read(1 << 16)
                except (ConnectionError, OSError):
                    data = b""
                self.session.receive_data(data, self.now())
                self.pump()
                if not data or self.session.closed:
                    break
        finally:
            if self._timer is not None:
                self._timer.cancel()
            self.writer.close()
            for fut in self.pending.values():
                if not fut.done():
                    fut.set_exception(ConnectionError("connection lost"))
            self.pending.clear()
            self.window_free.set()
            self.closed.set()

    # ----- events -------------------------------------------------------------

    def _resolve(self, rid: int, value: Any) -> None:
        fut = self.pending.pop(rid, None)
        if fut is not None and not fut.done():
            fut.set_result(value)
        self.window_free.set()

    def _event(self, ev: Any) -> None:
        if isinstance(ev, Response):
            mid = ev.pdu.get("fields", {}) or {}
            message_id = mid.get("message_id") if isinstance(mid, dict) else None
            self._resolve(
                ev.id,
                Outcome(ev.id, ev.command_status, message_id if isinstance(message_id, str) else None, None, ev.pdu),
            )
        elif isinstance(ev, RequestFailed):
            self._resolve(ev.id, Outcome(ev.id, None, None, ev.reason, None))
        elif isinstance(ev, (Bound, BindRefused)):
            self._resolve(ev.id, ev)
        elif isinstance(ev, Closed):
            self.close_reason = ev.reason
        elif isinstance(ev, Request):
            self.on_request(ev)
        elif isinstance(ev, BindRequest):
            self.on_bind_request(ev)
        elif isinstance(ev, PeerThrottled):
            pass  # requests raise Throttled until then; request() waits

    def on_request(self, ev: Request) -> None:
        """A peer request: answered with status 0 unless a role says more."""
        try:
            self.session.respond(self.now(), ev.request)
        except SmppError:
            pass

    def on_bind_request(self, ev: BindRequest) -> None:
        self.session.reject_bind(self.now(), ev.request, ESME_RINVSYSID)

    # ----- requests -----------------------------------------------------------

    async def start_request(self, method: str, *args: Any, **fields: Any) -> "asyncio.Future[Any]":
        """Sends a request once the window and the peer allow it; the future
        of its outcome."""
        while True:
            if self.closed.is_set() or self.session.closed:
                raise ConnectionError("connection closed")
            try:
                rid = getattr(self.session, method)(self.now(), *args, **fields)
                break
            except WindowFull:
                self.window_free.clear()
                await self.window_free.wait()
            except (Throttled, RateLimited) as e:
                await asyncio.sleep(max(0.0, float(getattr(e, "retry_at", 0.0)) - self.now()))
            except InvalidState as e:
                raise ConnectionError(str(e)) from e
        fut: "asyncio.Future[Any]" = self.loop.create_future()
        self.pending[rid] = fut
        self.pump()
        await self.writer.drain()
        return fut

    async def request(self, method: str, *args: Any, **fields: Any) -> Any:
        """Sends a request and awaits its outcome."""
        return await (await self.start_request(method, *args, **fields))

    async def send_text_parts(
        self,
        method: str,
        destination_addr: str,
        text: str,
        reference: int,
        allowed: Iterable[int],
        languages: Iterable[int],
        scheme: str,
        packed: bool,
        esm_class: int,
        fields: Dict[str, Any],
    ) -> List[Outcome]:
        c = _text.choose(text, allowed, languages=languages, scheme=scheme, packed=packed)
        parts = _concat.split(
            text,
            c["data_coding"],
            scheme=scheme,
            reference=reference,
            packed=packed,
            locking_shift=c["locking_shift"],
            single_shift=c["single_shift"],
        )
        futs = []
        for p in parts:
            f = dict(fields)
            f.update(p.fields(esm_class))
            if "tlvs" in fields and "tlvs" in f and f["tlvs"] is not fields["tlvs"]:
                f["tlvs"] = list(fields["tlvs"]) + list(p.fields(esm_class).get("tlvs", []))
            futs.append(await self.start_request(method, destination_addr=destination_addr, **f))
        return list(await asyncio.gather(*futs))

    async def unbind(self, timeout: float = 5.0) -> None:
        """unbind (SMPP 3.4 §4.2), then waits for the connection to close."""
        try:
            await asyncio.wait_for(self.request("unbind"), timeout)
        except (ConnectionError, asyncio.TimeoutError, SmppError):
            pass
        await self.close(timeout)

    async def close(self, timeout: float = 5.0) -> None:
        if not self.session.closed:
            self.session.close(self.now())
            self.pump()
        try:
            await asyncio.wait_for(self.closed.wait(), timeout)
        except asyncio.TimeoutError:
            if self._task is not None:
                self._task.cancel()


class _Inbox:
    """Receipts and MO messages of a link, parts put together."""

    def __init__(self, reassembly_timeout: float, strict: bool) -> None:
        self.queue: "asyncio.Queue[Any]" = asyncio.Queue()
        self.reassembler = _concat.Reassembler(reassembly_timeout)
        self.strict = strict

    def take(self, raw: bytes, now: float) -> None:
        try:
            r = _receipt.from_pdu(raw, strict=self.strict)
        except ValueError:
            r = None
        if r is not None:
            self.queue.put_nowait(r)
            return
        try:
            m = self.reassembler.push(raw, now)
        except ValueError:
            return
        if m is not None:
            self.queue.put_nowait(
                MoMessage(
                    m["source_addr"], m["destination_addr"], m["text"], m["payload"], m["data_coding"], m["parts"]
                )
            )


_END = object()


class _EsmeLink(_Link):
    def __init__(self, client: "Client", *args: Any) -> None:
        super().__init__(*args)
        self.client = client

    def on_request(self, ev: Request) -> None:
        super().on_request(ev)
        if ev.request.command in ("deliver_sm", "data_sm"):
            self.client._inbox.take(ev.raw, self.now())


class Client:
    """An ESME over asyncio: connects by URL, binds, keeps the link alive
    (enquire_link at the session's interval), reconnects when it drops.

    ``submit_sm(**fields)`` and ``send_text(destination, text)`` await one
    ``Outcome`` per PDU sent; iterating the client (``async for``) yields
    the MO messages (``MoMessage``, long ones put together) and delivery
    receipts (``smpp.receipt.Receipt``) the SMSC sends, each answered with
    status 0 as it arrives.
    """

    def __init__(
        self,
        url: str,
        *,
        bind_type: str = "transceiver",
        system_type: str = "",
        ssl: Optional[_ssl.SSLContext] = None,
        window: int = 10,
        interface_version: int = 0x34,
        enquire_link_interval: Optional[float] = 30.0,
        response_timeout: float = 30.0,
        connect_timeout: float = 10.0,
        reconnect: bool = True,
        reconnect_delay: float = 1.0,
        reassembly_timeout: float = 60.0,
        strict_receipts: bool = False,
    ) -> None:
        self.host, self.port, self.system_id, self.password, tls = parse_url(url)
        if tls and ssl is None:
            ssl = _ssl.create_default_context()
        self.ssl = ssl
        self.bind_type = bind_type
        self.system_type = system_type
        self._session_options: Dict[str, Any] = dict(
            window=window,
            interface_version=interface_version,
            enquire_link_interval=enquire_link_interval,
            response_timeout=response_timeout,
        )
        self.connect_timeout = connect_timeout
        self.reconnect = reconnect
        self.reconnect_delay = reconnect_delay
        self._inbox = _Inbox(reassembly_timeout, strict_receipts)
        self._link: Optional[_EsmeLink] = None
        self._ready = asyncio.Event()
        self._closing = False
        self._task: Optional["asyncio.Task[None]"] = None
        self._refs = itertools.count(1)
        self.connections = 0
        """Connections bound so far (1 + reconnects)."""

    @classmethod
    async def connect(cls, url: str, **options: Any) -> "Client":
        """A client bound to the SMSC at ``url``; raises ``BindError`` or
        ``OSError`` when the first bind fails."""
        c = cls(url, **options)
        await c.start()
        return c

    async def start(self) -> None:
        first: "asyncio.Future[None]" = asyncio.get_running_loop().create_future()
        self._task = asyncio.get_running_loop().create_task(self._run(first))
        await first

    async def _open(self) -> _EsmeLink:
        loop = asyncio.get_running_loop()
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(self.host, self.port, ssl=self.ssl), self.connect_timeout
        )
        session = Session.esme(loop.time(), **self._session_options)
        link = _EsmeLink(self, session, reader, writer)
        link.start()
        try:
            ev = await link.request(
                "bind", self.system_id, self.password, bind_type=self.bind_type, system_type=self.system_type
            )
        except BaseException:
            await link.close()
            raise
        if isinstance(ev, BindRefused):
            await link.close()
            raise BindError(f"bind refused: command_status 0x{ev.command_status:08x}", ev.command_status)
        if not isinstance(ev, Bound):
            await link.close()
            raise BindError(f"bind failed: {getattr(ev, 'failure', ev)}")
        return link

    async def _run(self, first: "asyncio.Future[None]") -> None:
        delay = self.reconnect_delay
        try:
            while not self._closing:
                try:
                    link = await self._open()
                except (OSError, asyncio.TimeoutError, BindError) as e:
                    if not first.done():
                        first.set_exception(e)
                        return
                    if not self.reconnect or self._closing:
                        return
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, 30.0)
                    continue
                delay = self.reconnect_delay
                self.connections += 1
                self._link = link
                self._ready.set()
                if not first.done():
                    first.set_result(None)
                await link.closed.wait()
                self._ready.clear()
                self._link = None
                if self._closing or not self.reconnect:
                    return
                await asyncio.sleep(delay)
        finally:
            self._closing = True
            self._ready.set()  # wake waiters: they find no link
            self._inbox.queue.put_nowait(_END)

    async def _bound(self) -> _EsmeLink:
        while True:
            await self._ready.wait()
            link = self._link
            if link is not None:
                return link
            if self._closing:
                raise ConnectionError("client closed")

    async def submit_sm(self, **fields: Any) -> Outcome:
        """submit_sm (SMPP 3.4 §4.4) with its fields by spec name; waits for
        the link, a free window slot and the peer's throttle, then for the
        response."""
        link = await self._bound()
        out: Outcome = await link.request("submit_sm", **fields)
        return out

    async def send_text(
        self,
        destination_addr: str,
        text: str,
        *,
        allowed: Iterable[int] = (0, 8),
        languages: Iterable[int] = (),
        scheme: str = "udh8",
        packed: bool = False,
        esm_class: int = 0,
        **fields: Any,
    ) -> List[Outcome]:
        """``text`` in the cheapest allowed encoding, split into as many
        submit_sm as it takes (one reference per message); one ``Outcome``
        per part, in order."""
        link = await self._bound()
        ref = next(self._refs) % (256 if scheme == "udh8" else 65536)
        return await link.send_text_parts(
            "submit_sm", destination_addr, text, ref, allowed, languages, scheme, packed, esm_class, fields
        )

    async def enquire_link(self) -> Outcome:
        link = await self._bound()
        out: Outcome = await link.request("enquire_link")
        return out

    def __aiter__(self) -> AsyncIterator[Inbound]:
        return self

    async def __anext__(self) -> Inbound:
        item = await self._inbox.queue.get()
        if item is _END:
            self._inbox.queue.put_nowait(_END)
            raise StopAsyncIteration
        out: Inbound = item
        return out

    async def close(self) -> None:
        """Unbinds, closes, stops reconnecting."""
        self._closing = True
        link = self._link
        if link is not None:
            await link.unbind()
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):
                pass

    async def __aenter__(self) -> "Client":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()


# ----- the server ----------------------------------------------------------


@dataclass(frozen=True)
class Submitted:
    """A message an ESME submitted, its parts put together."""

    session: "ServerSession"
    source_addr: Any
    destination_addr: Any
    text: Optional[str]
    payload: bytes
    data_coding: int
    parts: int
    message_ids: List[str]


class ServerSession(_Link):
    """One ESME's connection to a ``Server``."""

    def __init__(self, server: "Server", *args: Any) -> None:
        super().__init__(*args)
        self.server = server
        self.system_id: Optional[str] = None
        self._refs = itertools.count(1)
        self._reassembler = _concat.Reassembler(60.0)
        self._ids: Dict[Tuple[Any, Any], List[str]] = {}

    def on_bind_request(self, ev: BindRequest) -> None:
        f = ev.pdu["fields"]
        users = self.server.users
        if users is not None and users.get(f["system_id"]) != f["password"]:
            self.session.reject_bind(self.now(), ev.request, ESME_RINVPASWD)
            return
        self.system_id = f["system_id"]
        self.session.accept_bind(self.now(), ev.request, self.server.system_id)

    def on_request(self, ev: Request) -> None:
        if ev.request.command != "submit_sm":
            super().on_request(ev)
            return
        message_id = f"{next(self.server._ids):010d}"
        self.session.respond(self.now(), ev.request, message_id=message_id)
        f = ev.pdu["fields"]
        key = (f["source_addr"], f["destination_addr"])
        self._ids.setdefault(key, []).append(message_id)
        if f["registered_delivery"] & 1:
            self.loop.call_later(self.server.receipt_delay, self._receipt, f, message_id)
        try:
            m = self._reassembler.push(ev.raw, self.now())
        except ValueError:
            return
        if m is not None:
            ids = self._ids.pop(key, [message_id])
            self.server.submitted.put_nowait(
                Submitted(self, m["source_addr"], m["destination_addr"], m["text"], m["payload"], m["data_coding"], m["parts"], ids)
            )

    def _receipt(self, f: Dict[str, Any], message_id: str) -> None:
        if self.session.closed or self.session.state not in ("BOUND_RX", "BOUND_TRX"):
            return
        now = self.now()
        text = _receipt.format(message_id, submitted=1, delivered=1, state="DELIVRD")
        try:
            rid = self.session.deliver_sm(
                now,
                source_addr=f["destination_addr"],
                destination_addr=f["source_addr"],
                esm_class=0x04,
                short_message=text,
                tlvs=[
                    {"name": "receipted_message_id", "value": message_id.encode() + b"\0"},
                    {"name": "message_state", "value": b"\x02"},
                ],
            )
        except SmppError:
            return
        del rid  # its response needs no waiting for
        self.pump()

    async def deliver_sm(self, **fields: Any) -> Outcome:
        """deliver_sm (SMPP 3.4 §4.6) to this ESME; its outcome."""
        out: Outcome = await self.request("deliver_sm", **fields)
        return out

    async def send_text(
        self,
        destination_addr: str,
        text: str,
        *,
        allowed: Iterable[int] = (0, 8),
        scheme: str = "udh8",
        esm_class: int = 0,
        **fields: Any,
    ) -> List[Outcome]:
        """An MO text in as many deliver_sm as it takes; one outcome each."""
        ref = next(self._refs) % (256 if scheme == "udh8" else 65536)
        return await self.send_text_parts(
            "deliver_sm", destination_addr, text, ref, allowed, (), scheme, False, esm_class, fields
        )


class Server:
    """An SMSC over asyncio: accepts binds (any, or those of ``users``),
    answers submit_sm with a message_id, sends a delivery receipt after
    ``receipt_delay`` seconds when registered_delivery asks, and puts each
    submitted message, parts put together, on ``submitted``."""

    def __init__(
        self,
        *,
        system_id: str = "smpp-python",
        users: Optional[Dict[str, str]] = None,
        ssl: Optional[_ssl.SSLContext] = None,
        window: int = 10,
        interface_version: int = 0x34,
        receipt_delay: float = 0.0,
    ) -> None:
        self.system_id = system_id
        self.users = users
        self.ssl = ssl
        self.receipt_delay = receipt_delay
        self._session_options: Dict[str, Any] = dict(window=window, interface_version=interface_version)
        self.sessions: Set[ServerSession] = set()
        self.submitted: "asyncio.Queue[Submitted]" = asyncio.Queue()
        self._ids = itertools.count(1)
        self._server: Optional[asyncio.base_events.Server] = None
        self.on_session: Optional[Callable[[ServerSession], Awaitable[None]]] = None

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listens (port 0: one the kernel picks, see ``port``)."""
        self._server = await asyncio.start_server(self._accept, host, port, ssl=self.ssl)

    @property
    def port(self) -> int:
        assert self._server is not None, "start() first"
        p: int = self._server.sockets[0].getsockname()[1]
        return p

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        loop = asyncio.get_running_loop()
        s = ServerSession(self, Session.smsc(loop.time(), **self._session_options), reader, writer)
        self.sessions.add(s)
        s.start()
        try:
            await s.closed.wait()
        finally:
            self.sessions.discard(s)

    async def close(self) -> None:
        """Unbinds every session, stops listening."""
        if self._server is not None:
            self._server.close()
        await asyncio.gather(*(s.unbind() for s in list(self.sessions)), return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    async def __aenter__(self) -> "Server":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()


__all__ = [
    "BindError",
    "Client",
    "Inbound",
    "MoMessage",
    "Outcome",
    "Server",
    "ServerSession",
    "Submitted",
    "parse_url",
]
