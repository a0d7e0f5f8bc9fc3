"""Text encodings of SMPP's data_coding (SMPP 3.4 §5.2.19; GSM 03.38 /
3GPP TS 23.038 with its national language tables, §6.2.1.2.4, and septet
packing, §6.1.2.1), from the Rust core.

- ``encode(text, data_coding=0, *, language=0, locking_shift=None,
  single_shift=None, packed=False, fill_bits=0) -> bytes``
- ``decode(data, data_coding=0, *, ..., packed=False, fill_bits=0,
  septets=None) -> str``
- ``encodable(text, data_coding=0, ...) -> bool`` and ``cost(...) -> int``
  (septets, octets or UTF-16 units)
- ``choose(text, allowed=(0, 8), *, languages=(), scheme="udh8",
  reference=0, packed=False, max_user_data=140) -> Choice``: the cheapest
  allowed encoding (fewest parts, then fewest octets).

data_coding 0 is the GSM 7-bit alphabet; ``language`` (a National Language
Identifier: 1 Turkish, 2 Spanish, 3 Portuguese, ...) selects both its
tables, ``locking_shift`` / ``single_shift`` one of them. Errors raise
``ValueError``.
"""

from __future__ import annotations

from typing import Iterable, TypedDict

from ._smpp import text as _text

GSM7 = 0x00
IA5 = 0x01
LATIN1 = 0x03
CYRILLIC = 0x06
HEBREW = 0x07
UCS2 = 0x08


class Choice(TypedDict):
    """What ``choose`` (and ``smpp.concat.plan``) return."""

    data_coding: int
    encoding: str
    locking_shift: int
    single_shift: int
    parts: int
    units: int
    octets: int
    udh_len: int


# The native functions as they are (typed by _smpp.pyi, documented in text.rs).
encode = _text.encode
decode = _text.decode
encodable = _text.encodable
cost = _text.cost


def choose(
    text: str,
    allowed: Iterable[int] = (GSM7, UCS2),
    *,
    languages: Iterable[int] = (),
    scheme: str = "udh8",
    reference: int = 0,
    packed: bool = False,
    max_user_data: int = 140,
) -> Choice:
    """The cheapest of the ``allowed`` data_codings (and GSM 7-bit national
    ``languages``) for ``text`` under the split options."""
    c: Choice = _text.choose(
        text,
        list(allowed),
        languages=list(languages),
        scheme=scheme,
        reference=reference,
        packed=packed,
        max_user_data=max_user_data,
    )
    return c


__all__ = [
    "CYRILLIC",
    "Choice",
    "GSM7",
    "HEBREW",
    "IA5",
    "LATIN1",
    "UCS2",
    "choose",
    "cost",
    "decode",
    "encodable",
    "encode",
]
