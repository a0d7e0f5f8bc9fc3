"""SMPP 3.3/3.4/5.0 for Python, on the Rust ``smpp-proto`` core.

- ``decode(data) -> dict`` and ``encode(pdu) -> bytes``: one PDU in the
  key/value form of the ``smpp decode`` / ``smpp encode`` command (the same
  keys; C-Octet Strings as ``str`` or ``{"hex": ...}``; octet strings, a
  TLV's ``value`` and a raw ``body`` as ``bytes``).
- ``pdu``: one function per PDU, built from keyword arguments and encoded
  (``smpp.pdu.submit_sm(sequence_number=7, destination_addr=..., ...)``).
- ``Framer``: feed bytes as they come, iterate the complete PDUs.
- ``Session``: the sans-IO SMPP session (ESME or SMSC), in the manner of
  h11 / h2 / wsproto: ``receive_data(data, now)``, ``next_event()``,
  ``data_to_send()``, ``next_deadline()``, ``handle_timeout(now)``. Time is
  seconds passed in by the caller; the session never reads a clock and
  never does I/O.
- Exceptions: ``SmppError`` and its kin (``DecodeError``, ``EncodeError``,
  ``SendError``: ``WindowFull``, ``Throttled``, ...).
"""

from typing import Union

from ._smpp import (
    BindRefused,
    BindRequest,
    Bound,
    Closed,
    DecodeError,
    EncodeError,
    Framer,
    InvalidState,
    Outbind,
    PeerRequest,
    PeerThrottled,
    PeerUnbound,
    ProtocolError,
    RateLimited,
    Request,
    RequestFailed,
    Response,
    SendError,
    Sent,
    Session,
    SmppError,
    Throttled,
    TransmitFull,
    UnknownRequest,
    WindowFull,
    WrongResponse,
    decode,
    encode,
)
from . import pdu

Event = Union[
    Bound,
    BindRefused,
    BindRequest,
    Outbind,
    Request,
    Response,
    Sent,
    RequestFailed,
    PeerThrottled,
    PeerUnbound,
    ProtocolError,
    Closed,
]
"""Any event ``Session.next_event`` gives."""

__all__ = [
    "Event",
    "BindRefused",
    "BindRequest",
    "Bound",
    "Closed",
    "DecodeError",
    "EncodeError",
    "Framer",
    "InvalidState",
    "Outbind",
    "PeerRequest",
    "PeerThrottled",
    "PeerUnbound",
    "ProtocolError",
    "RateLimited",
    "Request",
    "RequestFailed",
    "Response",
    "SendError",
    "Sent",
    "Session",
    "SmppError",
    "Throttled",
    "TransmitFull",
    "UnknownRequest",
    "WindowFull",
    "WrongResponse",
    "decode",
    "encode",
    "pdu",
]
