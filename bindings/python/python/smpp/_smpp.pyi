"""Type stubs of the native module ``smpp._smpp`` (PyO3, over smpp-proto)."""

from typing import Any, Dict, Iterator, List, Optional, Tuple, Union

from .text import Choice

PduDict = Dict[str, Any]

# ----- exceptions (errors.rs) ---------------------------------------------

class SmppError(Exception): ...

class DecodeError(SmppError):
    command_status: Optional[int]
    fatal: bool
    sequence_number: Optional[int]
    command_id: Optional[int]

class EncodeError(SmppError): ...
class SendError(SmppError): ...
class WindowFull(SendError): ...
class TransmitFull(SendError): ...

class Throttled(SendError):
    retry_at: float

class RateLimited(SendError):
    retry_at: float

class InvalidState(SendError):
    state: str

class UnknownRequest(SendError): ...

class WrongResponse(SendError):
    expected: str

# ----- events (events.rs) -------------------------------------------------

class PeerRequest:
    @property
    def sequence_number(self) -> int: ...
    @property
    def command(self) -> str: ...
    @property
    def command_id(self) -> int: ...

class Bound:
    id: int
    bind_type: str
    system_id: Any
    interface_version: int

class BindRefused:
    id: int
    command_status: int

class BindRequest:
    request: PeerRequest
    bind_type: str
    pdu: PduDict

class Outbind:
    pdu: PduDict

class Request:
    request: PeerRequest
    pdu: PduDict
    raw: bytes

class Response:
    id: int
    command_status: int
    pdu: PduDict
    raw: bytes

class Sent:
    id: int
    command: str

class RequestFailed:
    id: int
    command: str
    reason: str
    message: str

class PeerThrottled:
    retry_at: float

class PeerUnbound: ...

class ProtocolError:
    kind: str
    message: str
    command: Optional[str]
    sequence_number: Optional[int]
    answered_with: Optional[int]

class Closed:
    reason: str
    message: str

Event = Union[
    Bound, BindRefused, BindRequest, Outbind, Request, Response, Sent,
    RequestFailed, PeerThrottled, PeerUnbound, ProtocolError, Closed,
]

# ----- codec (codec.rs) -----------------------------------------------------

def decode(data: bytes, *, max_command_length: int = ..., interface_version: int = 0x50) -> PduDict: ...
def encode(pdu: PduDict) -> bytes: ...

class Framer:
    def __init__(self, *, max_command_length: int = ..., raw: bool = False, interface_version: int = 0x50) -> None: ...
    def feed(self, data: bytes) -> None: ...
    @property
    def buffered(self) -> int: ...
    @property
    def needed(self) -> int: ...
    def __iter__(self) -> Iterator[Any]: ...
    def __next__(self) -> Any: ...

# ----- session (session.rs) -------------------------------------------------

class Session:
    @staticmethod
    def esme(
        now: float = 0.0, *, interface_version: int = 0x34, window: int = 10, inbound_window: int = 10,
        response_timeout: float = 30.0, session_init_timeout: float = 30.0,
        enquire_link_interval: Optional[float] = 30.0, inactivity_timeout: Optional[float] = None,
        max_command_length: int = ...,
    ) -> "Session": ...
    @staticmethod
    def smsc(
        now: float = 0.0, *, interface_version: int = 0x34, window: int = 10, inbound_window: int = 10,
        response_timeout: float = 30.0, session_init_timeout: float = 30.0,
        enquire_link_interval: Optional[float] = None, inactivity_timeout: Optional[float] = 300.0,
        max_command_length: int = ...,
    ) -> "Session": ...
    @property
    def state(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def interface_version(self) -> int: ...
    @property
    def outstanding(self) -> int: ...
    @property
    def unanswered(self) -> int: ...
    @property
    def window_available(self) -> bool: ...
    @property
    def closed(self) -> bool: ...
    def receive_data(self, data: bytes, now: float) -> None: ...
    def handle_timeout(self, now: float) -> None: ...
    def next_event(self) -> Optional[Event]: ...
    def events(self) -> List[Event]: ...
    def data_to_send(self) -> bytes: ...
    def next_deadline(self) -> Optional[float]: ...
    def bind(
        self, now: float, system_id: str, password: str, *, bind_type: str = "transceiver",
        system_type: str = "", addr_ton: int = 0, addr_npi: int = 0, address_range: str = "",
    ) -> int: ...
    def send(self, now: float, pdu: PduDict) -> int: ...
    def submit_sm(self, now: float, **fields: Any) -> int: ...
    def deliver_sm(self, now: float, **fields: Any) -> int: ...
    def data_sm(self, now: float, **fields: Any) -> int: ...
    def query_sm(self, now: float, **fields: Any) -> int: ...
    def cancel_sm(self, now: float, **fields: Any) -> int: ...
    def replace_sm(self, now: float, **fields: Any) -> int: ...
    def submit_multi(self, now: float, **fields: Any) -> int: ...
    def alert_notification(self, now: float, **fields: Any) -> int: ...
    def enquire_link(self, now: float) -> int: ...
    def unbind(self, now: float) -> int: ...
    def outbind(self, now: float, system_id: str, password: str = "") -> int: ...
    def respond(self, now: float, request: PeerRequest, command_status: int = 0, **fields: Any) -> None: ...
    def generic_nack(self, now: float, request: PeerRequest, command_status: int) -> None: ...
    def accept_bind(self, now: float, request: PeerRequest, system_id: str) -> None: ...
    def reject_bind(self, now: float, request: PeerRequest, command_status: int) -> None: ...
    def close(self, now: float) -> None: ...

# ----- submodules (text.rs, concat.rs, receipt.rs) ------------------------------

class _Text:
    @staticmethod
    def encode(text: str, data_coding: int = 0, *, language: int = 0, locking_shift: Optional[int] = None,
               single_shift: Optional[int] = None, packed: bool = False, fill_bits: int = 0) -> bytes: ...
    @staticmethod
    def decode(data: bytes, data_coding: int = 0, *, language: int = 0, locking_shift: Optional[int] = None,
               single_shift: Optional[int] = None, packed: bool = False, fill_bits: int = 0,
               septets: Optional[int] = None) -> str: ...
    @staticmethod
    def encodable(text: str, data_coding: int = 0, *, language: int = 0, locking_shift: Optional[int] = None,
                  single_shift: Optional[int] = None) -> bool: ...
    @staticmethod
    def cost(text: str, data_coding: int = 0, *, language: int = 0, locking_shift: Optional[int] = None,
             single_shift: Optional[int] = None) -> int: ...
    @staticmethod
    def choose(text: str, allowed: List[int] = ..., *, languages: List[int] = ..., scheme: str = "udh8",
               reference: int = 0, packed: bool = False, max_user_data: int = 140) -> Any: ...

class _Reassembler:
    def __init__(self, timeout: float = 60.0, *, packed: bool = False) -> None: ...
    def push(self, pdu: bytes, now: float) -> Any: ...
    @property
    def in_progress(self) -> int: ...
    def next_deadline(self) -> Optional[float]: ...
    def handle_timeout(self, now: float) -> Any: ...

class _Concat:
    Reassembler = _Reassembler
    @staticmethod
    def split(content: Union[str, bytes], data_coding: int = 0, *, scheme: str = "udh8", reference: int = 0,
              packed: bool = False, max_user_data: int = 140, language: int = 0,
              locking_shift: Optional[int] = None, single_shift: Optional[int] = None) -> List[Dict[str, Any]]: ...
    @staticmethod
    def plan(text: str, data_coding: int = 0, *, scheme: str = "udh8", reference: int = 0,
             packed: bool = False, max_user_data: int = 140, language: int = 0,
             locking_shift: Optional[int] = None, single_shift: Optional[int] = None) -> Choice: ...

class _Receipt:
    @staticmethod
    def parse(text: Union[bytes, str], *, strict: bool = False) -> Dict[str, Any]: ...
    @staticmethod
    def from_pdu(pdu: bytes, *, strict: bool = False) -> Optional[Dict[str, Any]]: ...
    @staticmethod
    def format(id: Union[str, bytes, int], *, submitted: int = 0, delivered: int = 0,
               submit_date: Optional[Tuple[int, int, int, int, int, int]] = None,
               done_date: Optional[Tuple[int, int, int, int, int, int]] = None,
               state: Optional[str] = None, err: Union[int, str, bytes] = 0,
               text: Union[str, bytes] = b"", date_format: str = "YYMMDDhhmm") -> bytes: ...

text: _Text
concat: _Concat
receipt: _Receipt
# One function per PDU (keywords.rs, written by build.rs); their signatures
# are in smpp/pdu.pyi.
pdu: Any
