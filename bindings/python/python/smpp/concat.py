"""Long messages (3GPP TS 23.040 §9.2.3.24 concatenation; SMPP 3.4
§5.3.2.22–24 SAR TLVs, §5.3.2.32 message_payload, §5.2.12 UDHI), from the
Rust core.

- ``split(content, data_coding=0, *, scheme="udh8", reference=0,
  packed=False, max_user_data=140, language=0, ...) -> list[Part]``: text
  (``str``) or 8-bit data (``bytes``) in parts; ``Part.fields()`` gives the
  submit_sm / deliver_sm keywords of a part (short_message or
  message_payload, esm_class, data_coding, SAR TLVs).
- ``plan(text, ...)``: what a split takes, without splitting.
- ``Reassembler(timeout)``: ``push(raw_pdu, now)`` returns the whole
  message once its last part is in.

``scheme`` is ``"udh8"`` / ``"udh16"`` (UDH IE 0x00 / 0x08), ``"sar"``
(the sar_* TLVs, no UDH) or ``"message_payload"`` (one TLV; the SMSC
splits). Characters are never cut between parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, TypedDict, Union

from ._smpp import concat as _concat
from .text import Choice

ESM_CLASS_UDHI = 0x40


class Sar(TypedDict):
    """The sar_* TLV values of a part (SMPP 3.4 §5.3.2.22–24)."""

    msg_ref_num: int
    total_segments: int
    segment_seqnum: int


class Message(TypedDict):
    """A message the ``Reassembler`` put together (or gave up on)."""

    source_addr: Any
    destination_addr: Any
    data_coding: int
    esm_class: int
    parts: int
    received: int
    reference: Optional[int]
    payload: bytes
    text: Optional[str]
    missing: List[int]


@dataclass(frozen=True)
class Part:
    """One part of a split message."""

    seq: int
    """This part's number, from 1."""
    total: int
    """The number of parts."""
    short_message: bytes
    """User data: the UDH (if any) then the payload."""
    udhi: bool
    """The part starts with a UDH: esm_class needs 0x40."""
    units: int
    """Code units in this part (septets, octets or UTF-16 units)."""
    text: Optional[str]
    """This part's text (None for data)."""
    sar: Optional[Sar]
    """The sar_* TLV values (scheme "sar", more than one part)."""
    data_coding: int
    """The data_coding to send it with."""
    message_payload: bool
    """Scheme "message_payload": the user data goes in that TLV."""

    def esm_class(self, esm_class: int = 0) -> int:
        """``esm_class`` with UDHI set when this part has a UDH."""
        if self.udhi:
            return esm_class | ESM_CLASS_UDHI
        return esm_class & ~ESM_CLASS_UDHI

    def fields(self, esm_class: int = 0) -> Dict[str, Any]:
        """The keywords of this part for ``Session.submit_sm`` /
        ``deliver_sm``: short_message (or the message_payload TLV),
        esm_class, data_coding and the SAR TLVs."""
        tlvs: List[Dict[str, Any]] = []
        out: Dict[str, Any] = {
            "esm_class": self.esm_class(esm_class),
            "data_coding": self.data_coding,
        }
        if self.message_payload:
            tlvs.append({"name": "message_payload", "value": self.short_message})
        else:
            out["short_message"] = self.short_message
        if self.sar is not None:
            s = self.sar
            tlvs.append({"name": "sar_msg_ref_num", "value": s["msg_ref_num"].to_bytes(2, "big")})
            tlvs.append({"name": "sar_total_segments", "value": bytes([s["total_segments"]])})
            tlvs.append({"name": "sar_segment_seqnum", "value": bytes([s["segment_seqnum"]])})
        if tlvs:
            out["tlvs"] = tlvs
        return out


def split(
    content: Union[str, bytes],
    data_coding: int = 0,
    *,
    scheme: str = "udh8",
    reference: int = 0,
    packed: bool = False,
    max_user_data: int = 140,
    language: int = 0,
    locking_shift: Optional[int] = None,
    single_shift: Optional[int] = None,
) -> List[Part]:
    """``content`` in parts; ValueError when a character cannot be written,
    a part has no room, or more than 255 parts are needed."""
    parts = _concat.split(
        content,
        data_coding,
        scheme=scheme,
        reference=reference,
        packed=packed,
        max_user_data=max_user_data,
        language=language,
        locking_shift=locking_shift,
        single_shift=single_shift,
    )
    if isinstance(content, (bytes, bytearray, memoryview)) and data_coding == 0:
        data_coding = 0x04  # 8-bit data
    return [
        Part(data_coding=data_coding, message_payload=scheme == "message_payload", **p)
        for p in parts
    ]


# The native function as it is (typed by _smpp.pyi, documented in concat.rs).
plan = _concat.plan


class Reassembler:
    """Puts the parts of concatenated messages back together (UDH or SAR),
    in any order, dropping duplicates, giving up on a message ``timeout``
    seconds after its first part. Time is passed in, never read."""

    def __init__(self, timeout: float = 60.0, *, packed: bool = False) -> None:
        self._inner = _concat.Reassembler(timeout, packed=packed)

    def push(self, pdu: bytes, now: float) -> Optional[Message]:
        """Takes a received deliver_sm / submit_sm / data_sm (its octets,
        ``Request.raw``); the whole message once complete, else None."""
        m: Optional[Message] = self._inner.push(pdu, now)
        return m

    @property
    def in_progress(self) -> int:
        """Messages waiting for parts."""
        n: int = self._inner.in_progress
        return n

    def next_deadline(self) -> Optional[float]:
        """When ``handle_timeout`` has something to give up, or None."""
        d: Optional[float] = self._inner.next_deadline()
        return d

    def handle_timeout(self, now: float) -> List[Message]:
        """The messages given up by ``now``, with the parts that came."""
        ms: List[Message] = self._inner.handle_timeout(now)
        return ms


__all__ = ["ESM_CLASS_UDHI", "Message", "Part", "Reassembler", "Sar", "plan", "split"]
