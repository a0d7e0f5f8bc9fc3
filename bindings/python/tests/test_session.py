"""smpp.Session driven by hand on virtual time: an ESME and an SMSC session
wired to each other in memory, bytes moved by the test (no sockets, no
clock)."""

import pytest

import smpp

ESME_RTHROTTLED = 0x58
ESME_RINVPASWD = 0x0E


class Pair:
    """An ESME and an SMSC session and the virtual time both run on."""

    def __init__(self, esme=None, smsc=None):
        self.now = 0.0
        self.esme = smpp.Session.esme(self.now, **(esme or {}))
        self.smsc = smpp.Session.smsc(self.now, **(smsc or {}))

    def to_smsc(self):
        data = self.esme.data_to_send()
        if data:
            self.smsc.receive_data(data, self.now)
        return self.smsc.events()

    def to_esme(self):
        data = self.smsc.data_to_send()
        if data:
            self.esme.receive_data(data, self.now)
        return self.esme.events()

    def bind(self):
        self.esme.bind(self.now, "user", "secret", bind_type="transceiver")
        (req,) = self.to_smsc()
        assert isinstance(req, smpp.BindRequest)
        assert req.bind_type == "transceiver"
        assert req.pdu["fields"]["system_id"] == "user"
        self.smsc.accept_bind(self.now, req.request, "SMSC")
        (bound,) = self.to_esme()
        assert isinstance(bound, smpp.Bound)
        return bound


def test_bind_then_submit_sm_and_response():
    p = Pair()
    bound = p.bind()
    assert bound.system_id == "SMSC"
    assert bound.interface_version == 0x34
    assert p.esme.state == "BOUND_TRX" and p.smsc.state == "BOUND_TRX"
    rid = p.esme.submit_sm(
        p.now,
        source_addr="Acme",
        destination_addr="447700900123",
        short_message=b"hello",
        tlvs=[{"name": "user_message_reference", "value": b"\x00\x07"}],
    )
    (req,) = p.to_smsc()
    assert isinstance(req, smpp.Request)
    assert req.request.command == "submit_sm"
    assert req.request.sequence_number == rid
    assert req.pdu["fields"]["short_message"] == b"hello"
    assert req.pdu["tlvs"][0]["value"] == b"\x00\x07"
    assert smpp.decode(req.raw) == req.pdu
    p.smsc.respond(p.now, req.request, message_id="abc123")
    (resp,) = p.to_esme()
    assert isinstance(resp, smpp.Response)
    assert resp.id == rid and resp.command_status == 0
    assert resp.pdu["fields"]["message_id"] == "abc123"
    # Answered once only.
    with pytest.raises(smpp.UnknownRequest):
        p.smsc.respond(p.now, req.request, message_id="again")


def test_bind_refused_keeps_the_session_open():
    p = Pair()
    rid = p.esme.bind(p.now, "user", "wrong")
    (req,) = p.to_smsc()
    p.smsc.reject_bind(p.now, req.request, ESME_RINVPASWD)
    (refused,) = p.to_esme()
    assert isinstance(refused, smpp.BindRefused)
    assert (refused.id, refused.command_status) == (rid, ESME_RINVPASWD)
    assert p.esme.state == "OPEN"


def test_window_full_raises_until_an_outcome():
    p = Pair(esme={"window": 2})
    p.bind()
    a = p.esme.submit_sm(p.now, destination_addr="1", short_message=b"a")
    p.esme.submit_sm(p.now, destination_addr="1", short_message=b"b")
    assert not p.esme.window_available
    with pytest.raises(smpp.WindowFull):
        p.esme.submit_sm(p.now, destination_addr="1", short_message=b"c")
    with pytest.raises(smpp.SendError):  # the base class catches it too
        p.esme.submit_sm(p.now, destination_addr="1", short_message=b"c")
    first, _ = p.to_smsc()
    p.smsc.respond(p.now, first.request, message_id="1")
    (resp,) = p.to_esme()
    assert resp.id == a
    assert p.esme.outstanding == 1
    p.esme.submit_sm(p.now, destination_addr="1", short_message=b"c")


def test_response_timeout_fails_the_request_and_the_link_dies():
    p = Pair(esme={"response_timeout": 5.0, "enquire_link_interval": None})
    p.bind()
    rid = p.esme.submit_sm(p.now, destination_addr="1", short_message=b"x")
    p.esme.data_to_send()  # lost on the way: the SMSC never sees it
    deadline = p.esme.next_deadline()
    assert deadline == pytest.approx(p.now + 5.0)
    p.now = deadline - 0.01
    p.esme.handle_timeout(p.now)
    assert p.esme.events() == []
    p.now = deadline
    p.esme.handle_timeout(p.now)
    events = p.esme.events()
    failed = events[0]
    assert isinstance(failed, smpp.RequestFailed)
    assert (failed.id, failed.reason) == (rid, "timeout")
    # Nothing heard from the SMSC since the request: the link is dead.
    assert isinstance(events[-1], smpp.Closed)
    assert events[-1].reason == "link_dead"
    assert p.esme.closed


def test_enquire_link_keepalive_and_on_request():
    p = Pair(esme={"enquire_link_interval": 10.0})
    p.bind()
    assert p.esme.next_deadline() == pytest.approx(10.0)
    p.now = 10.0
    p.esme.handle_timeout(p.now)
    keepalive = p.esme.data_to_send()
    assert smpp.decode(keepalive)["command"] == "enquire_link"
    p.smsc.receive_data(keepalive, p.now)
    assert p.smsc.events() == []  # answered by the session itself
    assert p.to_esme() == []  # the keep-alive's answer is no event
    assert p.esme.next_deadline() == pytest.approx(20.0)
    rid = p.esme.enquire_link(p.now)
    assert p.to_smsc() == []
    (resp,) = p.to_esme()
    assert isinstance(resp, smpp.Response)
    assert resp.id == rid and resp.pdu["command"] == "enquire_link_resp"


def test_unbind_closes_both_ends():
    p = Pair()
    p.bind()
    rid = p.esme.unbind(p.now)
    assert p.esme.state == "UNBOUND"
    events = p.to_smsc()
    assert [type(e) for e in events] == [smpp.PeerUnbound, smpp.Closed]
    assert events[-1].reason == "peer_unbound"
    events = p.to_esme()
    assert isinstance(events[0], smpp.Response) and events[0].id == rid
    assert isinstance(events[-1], smpp.Closed) and events[-1].reason == "unbound"
    assert p.esme.closed and p.smsc.closed
    with pytest.raises(smpp.InvalidState) as e:
        p.esme.submit_sm(p.now, destination_addr="1")
    assert e.value.state == "CLOSED"


def test_throttled_response_holds_requests_back_until_retry_at():
    p = Pair()
    p.bind()
    p.esme.submit_sm(p.now, destination_addr="1", short_message=b"x")
    (req,) = p.to_smsc()
    p.smsc.respond(p.now, req.request, ESME_RTHROTTLED)
    events = p.to_esme()
    assert any(isinstance(e, smpp.Response) and e.command_status == ESME_RTHROTTLED for e in events)
    (throttled,) = [e for e in events if isinstance(e, smpp.PeerThrottled)]
    assert throttled.retry_at > p.now
    with pytest.raises(smpp.Throttled) as e:
        p.esme.submit_sm(p.now, destination_addr="1", short_message=b"y")
    assert e.value.retry_at == throttled.retry_at
    p.now = throttled.retry_at
    p.esme.handle_timeout(p.now)
    p.esme.submit_sm(p.now, destination_addr="1", short_message=b"y")


def test_bytes_one_at_a_time_and_eof():
    p = Pair()
    p.esme.bind(p.now, "user", "secret")
    data = p.esme.data_to_send()
    events = []
    for b in data:
        p.smsc.receive_data(bytes([b]), p.now)
        events += p.smsc.events()
    (req,) = events
    p.smsc.accept_bind(p.now, req.request, "SMSC")
    p.to_esme()
    rid = p.esme.submit_sm(p.now, destination_addr="1")
    p.esme.receive_data(b"", p.now)  # EOF
    events = p.esme.events()
    assert isinstance(events[0], smpp.RequestFailed)
    assert (events[0].id, events[0].reason) == (rid, "connection_lost")
    assert isinstance(events[-1], smpp.Closed) and events[-1].reason == "disconnected"


def test_garbage_closes_with_a_protocol_error():
    p = Pair()
    p.smsc.receive_data(b"GET / HTTP/1.1\r\n\r\n", p.now)
    events = p.smsc.events()
    assert isinstance(events[0], smpp.ProtocolError) and events[0].kind == "frame"
    assert "HTTP" in events[0].message
    assert isinstance(events[-1], smpp.Closed) and events[-1].reason == "protocol"


def test_deliver_sm_from_the_smsc_and_send_by_dict():
    p = Pair()
    p.bind()
    rid = p.smsc.deliver_sm(p.now, source_addr="447700900123", short_message=b"MO")
    (req,) = p.to_esme()
    assert req.request.command == "deliver_sm"
    p.esme.respond(p.now, req.request)
    (resp,) = p.to_smsc()
    assert resp.id == rid and resp.pdu["command"] == "deliver_sm_resp"
    rid = p.esme.send(p.now, {"command": "query_sm", "fields": {"message_id": "42"}})
    (req,) = p.to_smsc()
    assert req.pdu["fields"]["message_id"] == "42"
    p.smsc.generic_nack(p.now, req.request, 3)
    (resp,) = p.to_esme()
    assert resp.id == rid and resp.pdu["command"] == "generic_nack"


def test_bad_arguments_raise_clear_exceptions():
    s = smpp.Session.esme()
    with pytest.raises(ValueError, match="now"):
        s.handle_timeout(-1.0)
    with pytest.raises(ValueError, match="now"):
        s.handle_timeout(float("nan"))
    with pytest.raises(ValueError, match="bind_type"):
        s.bind(0.0, "u", "p", bind_type="sideways")
    with pytest.raises(smpp.EncodeError, match="destnation_addr"):
        s.submit_sm(0.0, destnation_addr="1")
    with pytest.raises(smpp.InvalidState):
        s.submit_sm(0.0, destination_addr="1")  # not bound


def test_events_compare_by_their_fields_like_h11s():
    # Two pairs driven the same way give events that are equal, field by
    # field, though they are different objects.
    a, b = Pair(), Pair()
    for p in (a, b):
        p.esme.bind(p.now, "user", "wrong")
    (req_a,), (req_b,) = a.to_smsc(), b.to_smsc()
    assert req_a is not req_b
    assert req_a == req_b and not (req_a != req_b)
    assert req_a.request == req_b.request and hash(req_a.request) == hash(req_b.request)
    for p, req in ((a, req_a), (b, req_b)):
        p.smsc.reject_bind(p.now, req.request, ESME_RINVPASWD)
    (refused_a,), (refused_b,) = a.to_esme(), b.to_esme()
    assert refused_a == refused_b and hash(refused_a) == hash(refused_b)
    # Different fields, different events; another class, never equal.
    a.esme.bind(a.now, "user", "wrong")
    (again,) = a.to_smsc()
    assert again != req_a and again.request != req_a.request
    assert refused_a != req_a and refused_a != "BindRefused"
    # An event holding a dict (the PDU) is not hashable, as a frozen
    # dataclass holding one is not.
    with pytest.raises(TypeError):
        hash(req_a)
    # repr names each field, in the order match takes them.
    assert repr(refused_a) == f"BindRefused(id={refused_a.id}, command_status={ESME_RINVPASWD})"
    assert smpp.BindRefused.__match_args__ == ("id", "command_status")
    match refused_a:
        case smpp.BindRefused(rid, status):
            assert (rid, status) == (refused_a.id, ESME_RINVPASWD)
        case _:
            pytest.fail("match did not take the fields")
