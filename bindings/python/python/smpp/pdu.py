"""One function per PDU (SMPP 3.4 §4, SMPP 5.0 §4): build it from keyword
arguments and encode it, header included.

    smpp.pdu.submit_sm(sequence_number=7, source_addr="Acme",
                       destination_addr="447700900123", registered_delivery=1,
                       short_message=b"Hello")  # -> bytes

The keywords are the keys of ``smpp.encode``'s dict: ``sequence_number``
(required), ``command_status`` (default 0), the command's fields under
their spec names with the same value forms (C-Octet Strings as ``str``,
``bytes`` or ``{"hex": ...}``, octet strings as ``bytes``, integers), and
``tlvs`` as in the dict, for a PDU that carries TLVs. A field left out (or
``None``) takes its empty value; the counts (``sm_length``, ...) are
computed, and are no keywords. The octets are ``smpp.encode``'s for the
same PDU. A value the codec refuses raises ``smpp.EncodeError``; a keyword
the command does not have, ``TypeError``.

The native functions are written at build time from the core's field
tables (``bindings/python/build.rs``); ``pdu.pyi`` gives their signatures
to type checkers, and a test checks it against them.
"""

from ._smpp import pdu as _native

__all__ = [name for name in dir(_native) if not name.startswith("_")]

globals().update((name, getattr(_native, name)) for name in __all__)
