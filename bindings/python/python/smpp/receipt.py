"""Delivery receipts (SMPP 3.4 Appendix B text; §5.2.12 esm_class,
§5.3.2.12 receipted_message_id, §5.3.2.35 message_state, §5.3.2.31
network_error_code), from the Rust core.

- ``parse(text, *, strict=False) -> Receipt``: receipt text alone.
- ``from_pdu(raw, *, strict=False) -> Receipt | None``: the receipt a
  deliver_sm or data_sm carries (its octets, ``Request.raw``), the TLVs
  winning over the text; None when it is not a receipt.
- ``format(id, *, submitted, delivered, submit_date, done_date, state,
  err, text, date_format) -> bytes``: the text an SMSC writes.

Tokens are ``str`` read as Latin-1 (one character per octet, lossless).
Dates are naive ``datetime`` (Appendix B names no time zone). Errors raise
``ValueError`` naming the field at fault.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple, Union

from ._smpp import receipt as _receipt

DateLike = Optional[_dt.datetime]


def _date(t: Optional[Tuple[int, int, int, int, int, int]]) -> DateLike:
    return None if t is None else _dt.datetime(*t)


def _tuple(d: DateLike) -> Optional[Tuple[int, int, int, int, int, int]]:
    if d is None:
        return None
    return (d.year, d.month, d.day, d.hour, d.minute, d.second)


@dataclass(frozen=True)
class Receipt:
    """A delivery receipt: typed values (TLVs first, then the text) and
    the text's raw tokens."""

    kind: str
    """What esm_class said: "smsc_delivery_receipt", "sme_delivery_ack",
    "sme_manual_ack", "intermediate_notification" or "unmarked"."""
    message_id: Optional[str]
    """receipted_message_id, else ``id:``."""
    state: Optional[str]
    """The message state's spec name (DELIVERED, UNDELIVERABLE, ...)."""
    message_state: Optional[int]
    """Its message_state value (SMPP 3.4 §5.2.28)."""
    submitted: Optional[int]
    delivered: Optional[int]
    submit_date: DateLike
    done_date: DateLike
    err: Optional[str]
    """``err:`` as written."""
    error_code: Optional[int]
    """network_error_code's code, else a decimal ``err:``."""
    text: Optional[str]
    """``text:`` ("" for a bare key, None when absent)."""
    network_error_code: Optional[Tuple[int, int]]
    """(network_type, error_code) of the TLV."""
    is_final: bool
    """A final state, not in an intermediate notification."""
    is_outcome: bool
    """Final and not ACCEPTED: the last receipt to wait for."""
    date_format: str
    """The width the dates were written in (for ``format`` again)."""
    raw: Dict[str, Optional[str]]
    """The text's tokens as written: id, sub, dlvrd, submit_date,
    done_date, stat, err, text."""

    @classmethod
    def _of(cls, d: Dict[str, Any]) -> "Receipt":
        d = dict(d)
        d["submit_date"] = _date(d["submit_date"])
        d["done_date"] = _date(d["done_date"])
        return cls(**d)

    def format(self) -> bytes:
        """This receipt written again as text, as an SMSC would."""
        return format(
            self.message_id or "",
            submitted=self.submitted or 0,
            delivered=self.delivered or 0,
            submit_date=self.submit_date,
            done_date=self.done_date,
            state=self.state,
            err=self.err if self.err is not None else (self.error_code or 0),
            text=self.text or "",
            date_format=self.date_format,
        )


def parse(text: Union[bytes, str], *, strict: bool = False) -> Receipt:
    """Reads receipt text; lenient unless ``strict``."""
    return Receipt._of(_receipt.parse(text, strict=strict))


def from_pdu(pdu: bytes, *, strict: bool = False) -> Optional[Receipt]:
    """The receipt a deliver_sm / data_sm (its octets) carries, or None."""
    d = _receipt.from_pdu(pdu, strict=strict)
    return None if d is None else Receipt._of(d)


def format(
    id: Union[str, bytes, int],
    *,
    submitted: int = 0,
    delivered: int = 0,
    submit_date: DateLike = None,
    done_date: DateLike = None,
    state: Optional[str] = None,
    err: Union[int, str, bytes] = 0,
    text: Union[str, bytes] = b"",
    date_format: str = "YYMMDDhhmm",
) -> bytes:
    """Receipt text with all eight fields (numeric id padded to 10 digits,
    counts and numeric err to 3, text cut to 20 octets)."""
    out: bytes = _receipt.format(
        id,
        submitted=submitted,
        delivered=delivered,
        submit_date=_tuple(submit_date),
        done_date=_tuple(done_date),
        state=state,
        err=err,
        text=text,
        date_format=date_format,
    )
    return out


__all__ = ["Receipt", "format", "from_pdu", "parse"]
