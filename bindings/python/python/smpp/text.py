"""Text encodings of SMPP's data_coding (SMPP 3.4 §5.2.19; GSM 03.38 /
3GPP TS 23.038), from the Rust core: ``encode(text, data_coding)``,
``decode(data, data_coding)`` and ``choose(text)``."""

from ._smpp import text as _text

encode = _text.encode
decode = _text.decode
choose = _text.choose

__all__ = ["choose", "decode", "encode"]
