"""Type stubs of ``smpp.pdu``, one function per PDU (SMPP 3.4 §4, SMPP 5.0
§4). Written by bindings/python/build.rs from the core's field tables: do
not edit (tests/test_pdu.py checks it against the build)."""

from typing import Any, Dict, List, Optional, Union

CStr = Union[str, bytes, Dict[str, str]]
"""A C-Octet String: its text, its octets, or ``{"hex": ...}``."""
Octets = Union[bytes, bytearray, memoryview]
"""An octet string (short_message)."""

__all__: List[str]

def generic_nack(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
) -> bytes: ...

def bind_receiver(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    system_id: Optional[CStr] = None,
    password: Optional[CStr] = None,
    system_type: Optional[CStr] = None,
    interface_version: Optional[int] = None,
    addr_ton: Optional[int] = None,
    addr_npi: Optional[int] = None,
    address_range: Optional[CStr] = None,
) -> bytes: ...

def bind_receiver_resp(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    system_id: Optional[CStr] = None,
    tlvs: Optional[List[Dict[str, Any]]] = None,
) -> bytes: ...

def bind_transmitter(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    system_id: Optional[CStr] = None,
    password: Optional[CStr] = None,
    system_type: Optional[CStr] = None,
    interface_version: Optional[int] = None,
    addr_ton: Optional[int] = None,
    addr_npi: Optional[int] = None,
    address_range: Optional[CStr] = None,
) -> bytes: ...

def bind_transmitter_resp(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    system_id: Optional[CStr] = None,
    tlvs: Optional[List[Dict[str, Any]]] = None,
) -> bytes: ...

def query_sm(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    message_id: Optional[CStr] = None,
    source_addr_ton: Optional[int] = None,
    source_addr_npi: Optional[int] = None,
    source_addr: Optional[CStr] = None,
) -> bytes: ...

def query_sm_resp(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    message_id: Optional[CStr] = None,
    final_date: Optional[CStr] = None,
    message_state: Optional[int] = None,
    error_code: Optional[int] = None,
) -> bytes: ...

def submit_sm(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    service_type: Optional[CStr] = None,
    source_addr_ton: Optional[int] = None,
    source_addr_npi: Optional[int] = None,
    source_addr: Optional[CStr] = None,
    dest_addr_ton: Optional[int] = None,
    dest_addr_npi: Optional[int] = None,
    destination_addr: Optional[CStr] = None,
    esm_class: Optional[int] = None,
    protocol_id: Optional[int] = None,
    priority_flag: Optional[int] = None,
    schedule_delivery_time: Optional[CStr] = None,
    validity_period: Optional[CStr] = None,
    registered_delivery: Optional[int] = None,
    replace_if_present_flag: Optional[int] = None,
    data_coding: Optional[int] = None,
    sm_default_msg_id: Optional[int] = None,
    short_message: Optional[Octets] = None,
    tlvs: Optional[List[Dict[str, Any]]] = None,
) -> bytes: ...

def submit_sm_resp(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    message_id: Optional[CStr] = None,
    tlvs: Optional[List[Dict[str, Any]]] = None,
) -> bytes: ...

def deliver_sm(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    service_type: Optional[CStr] = None,
    source_addr_ton: Optional[int] = None,
    source_addr_npi: Optional[int] = None,
    source_addr: Optional[CStr] = None,
    dest_addr_ton: Optional[int] = None,
    dest_addr_npi: Optional[int] = None,
    destination_addr: Optional[CStr] = None,
    esm_class: Optional[int] = None,
    protocol_id: Optional[int] = None,
    priority_flag: Optional[int] = None,
    schedule_delivery_time: Optional[CStr] = None,
    validity_period: Optional[CStr] = None,
    registered_delivery: Optional[int] = None,
    replace_if_present_flag: Optional[int] = None,
    data_coding: Optional[int] = None,
    sm_default_msg_id: Optional[int] = None,
    short_message: Optional[Octets] = None,
    tlvs: Optional[List[Dict[str, Any]]] = None,
) -> bytes: ...

def deliver_sm_resp(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    message_id: Optional[CStr] = None,
    tlvs: Optional[List[Dict[str, Any]]] = None,
) -> bytes: ...

def unbind(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
) -> bytes: ...

def unbind_resp(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
) -> bytes: ...

def replace_sm(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    message_id: Optional[CStr] = None,
    source_addr_ton: Optional[int] = None,
    source_addr_npi: Optional[int] = None,
    source_addr: Optional[CStr] = None,
    schedule_delivery_time: Optional[CStr] = None,
    validity_period: Optional[CStr] = None,
    registered_delivery: Optional[int] = None,
    sm_default_msg_id: Optional[int] = None,
    short_message: Optional[Octets] = None,
    tlvs: Optional[List[Dict[str, Any]]] = None,
) -> bytes: ...

def replace_sm_resp(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
) -> bytes: ...

def cancel_sm(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    service_type: Optional[CStr] = None,
    message_id: Optional[CStr] = None,
    source_addr_ton: Optional[int] = None,
    source_addr_npi: Optional[int] = None,
    source_addr: Optional[CStr] = None,
    dest_addr_ton: Optional[int] = None,
    dest_addr_npi: Optional[int] = None,
    destination_addr: Optional[CStr] = None,
) -> bytes: ...

def cancel_sm_resp(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
) -> bytes: ...

def bind_transceiver(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    system_id: Optional[CStr] = None,
    password: Optional[CStr] = None,
    system_type: Optional[CStr] = None,
    interface_version: Optional[int] = None,
    addr_ton: Optional[int] = None,
    addr_npi: Optional[int] = None,
    address_range: Optional[CStr] = None,
) -> bytes: ...

def bind_transceiver_resp(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    system_id: Optional[CStr] = None,
    tlvs: Optional[List[Dict[str, Any]]] = None,
) -> bytes: ...

def outbind(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    system_id: Optional[CStr] = None,
    password: Optional[CStr] = None,
) -> bytes: ...

def enquire_link(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
) -> bytes: ...

def enquire_link_resp(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
) -> bytes: ...

def submit_multi(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    service_type: Optional[CStr] = None,
    source_addr_ton: Optional[int] = None,
    source_addr_npi: Optional[int] = None,
    source_addr: Optional[CStr] = None,
    dest_addresses: Optional[List[Dict[str, Any]]] = None,
    esm_class: Optional[int] = None,
    protocol_id: Optional[int] = None,
    priority_flag: Optional[int] = None,
    schedule_delivery_time: Optional[CStr] = None,
    validity_period: Optional[CStr] = None,
    registered_delivery: Optional[int] = None,
    replace_if_present_flag: Optional[int] = None,
    data_coding: Optional[int] = None,
    sm_default_msg_id: Optional[int] = None,
    short_message: Optional[Octets] = None,
    tlvs: Optional[List[Dict[str, Any]]] = None,
) -> bytes: ...

def submit_multi_resp(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    message_id: Optional[CStr] = None,
    unsuccess_smes: Optional[List[Dict[str, Any]]] = None,
    tlvs: Optional[List[Dict[str, Any]]] = None,
) -> bytes: ...

def alert_notification(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    source_addr_ton: Optional[int] = None,
    source_addr_npi: Optional[int] = None,
    source_addr: Optional[CStr] = None,
    esme_addr_ton: Optional[int] = None,
    esme_addr_npi: Optional[int] = None,
    esme_addr: Optional[CStr] = None,
    tlvs: Optional[List[Dict[str, Any]]] = None,
) -> bytes: ...

def data_sm(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    service_type: Optional[CStr] = None,
    source_addr_ton: Optional[int] = None,
    source_addr_npi: Optional[int] = None,
    source_addr: Optional[CStr] = None,
    dest_addr_ton: Optional[int] = None,
    dest_addr_npi: Optional[int] = None,
    destination_addr: Optional[CStr] = None,
    esm_class: Optional[int] = None,
    registered_delivery: Optional[int] = None,
    data_coding: Optional[int] = None,
    tlvs: Optional[List[Dict[str, Any]]] = None,
) -> bytes: ...

def data_sm_resp(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    message_id: Optional[CStr] = None,
    tlvs: Optional[List[Dict[str, Any]]] = None,
) -> bytes: ...

def broadcast_sm(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    service_type: Optional[CStr] = None,
    source_addr_ton: Optional[int] = None,
    source_addr_npi: Optional[int] = None,
    source_addr: Optional[CStr] = None,
    message_id: Optional[CStr] = None,
    priority_flag: Optional[int] = None,
    schedule_delivery_time: Optional[CStr] = None,
    validity_period: Optional[CStr] = None,
    replace_if_present_flag: Optional[int] = None,
    data_coding: Optional[int] = None,
    sm_default_msg_id: Optional[int] = None,
    tlvs: Optional[List[Dict[str, Any]]] = None,
) -> bytes: ...

def broadcast_sm_resp(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    message_id: Optional[CStr] = None,
    tlvs: Optional[List[Dict[str, Any]]] = None,
) -> bytes: ...

def query_broadcast_sm(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    message_id: Optional[CStr] = None,
    source_addr_ton: Optional[int] = None,
    source_addr_npi: Optional[int] = None,
    source_addr: Optional[CStr] = None,
    tlvs: Optional[List[Dict[str, Any]]] = None,
) -> bytes: ...

def query_broadcast_sm_resp(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    message_id: Optional[CStr] = None,
    tlvs: Optional[List[Dict[str, Any]]] = None,
) -> bytes: ...

def cancel_broadcast_sm(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
    service_type: Optional[CStr] = None,
    message_id: Optional[CStr] = None,
    source_addr_ton: Optional[int] = None,
    source_addr_npi: Optional[int] = None,
    source_addr: Optional[CStr] = None,
    tlvs: Optional[List[Dict[str, Any]]] = None,
) -> bytes: ...

def cancel_broadcast_sm_resp(
    *,
    sequence_number: int,
    command_status: Optional[int] = None,
) -> bytes: ...
