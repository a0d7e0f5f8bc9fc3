//! Requests and responses handed over already encoded (issue 14, encode
//! once): `Session::send_encoded` and `Session::respond_encoded` check the
//! state and the window from the header (SMPP 3.4 §3.2), stamp the
//! sequence number and copy the body; the peer sees the same PDU as with
//! the typed commands.

use smpp_proto::codec::{SmResp, SubmitSm, Tlv, TlvTag};
use smpp_proto::session::{BindType, Config, SendError};
use smpp_proto::{CommandId, CommandStatus, InterfaceVersion, Pdu, Tlvs};

use crate::harness::{bound, bound_with, pdu_bytes, Ev, Pair, Side, SUBMIT};

fn resp(message_id: &[u8]) -> Vec<u8> {
    let r = SmResp {
        message_id: Some(message_id),
        tlvs: Tlvs::EMPTY,
    };
    // The sequence number in these bytes is the caller's; the session's wins.
    pdu_bytes(&Pdu::SubmitSmResp(r), CommandStatus::ESME_ROK, 0xdead_beef)
}

#[test]
fn an_encoded_request_and_response_go_as_typed_ones_do() {
    let mut p = bound(BindType::Transceiver);
    let typed = send!(p.esme.submit_sm(&SUBMIT));
    let bytes = pdu_bytes(&Pdu::SubmitSm(SUBMIT), CommandStatus::ESME_ROK, 0xdead_beef);
    let encoded = send!(p.esme.send_encoded(&bytes));
    assert_eq!(encoded.sequence_number(), typed.sequence_number() + 1);
    // On the wire: the typed request's bytes but for the sequence number.
    let mut want = bytes.clone();
    want[12..16].copy_from_slice(&encoded.sequence_number().to_be_bytes());
    assert_eq!(p.last_sent(Side::Esme), want);
    assert_eq!(p.esme.outstanding(), 2);
    p.drive();
    let first = recv!(p.smsc, Ev::Request { request, .. } => request);
    let second = recv!(p.smsc, ev @ Ev::Request { .. } => ev);
    let (_, Pdu::SubmitSm(sm)) = second.decoded() else {
        panic!("{second:?}")
    };
    assert_eq!(sm, SUBMIT);
    let Ev::Request {
        request: second, ..
    } = second
    else {
        unreachable!()
    };
    send!(p.smsc.respond_encoded(second, &resp(b"two")));
    send!(p.smsc.respond_encoded(first, &resp(b"one")));
    // Each request is answered once, encoded or not.
    assert_eq!(
        try_send!(p.smsc.respond_encoded(first, &resp(b"again"))),
        Err(SendError::UnknownSequence(first.sequence_number()))
    );
    p.drive();
    for (id, mid) in [(encoded, &b"two"[..]), (typed, &b"one"[..])] {
        let ev = recv!(p.esme, ev @ Ev::Response { id: got, .. } if got == id => ev);
        let (h, Pdu::SubmitSmResp(r)) = ev.decoded() else {
            panic!("{ev:?}")
        };
        assert_eq!(h.sequence_number, id.sequence_number());
        assert_eq!(r.message_id, Some(mid));
    }
    p.finish();
}

#[test]
fn encoded_bytes_that_are_not_one_request_are_refused() {
    let mut p = bound(BindType::Transceiver);
    let bytes = pdu_bytes(&Pdu::SubmitSm(SUBMIT), CommandStatus::ESME_ROK, 1);
    let sent = p.sent(Side::Esme).len();
    // Shorter than a header; cut short; one octet too many.
    for bad in [&bytes[..10], &bytes[..bytes.len() - 1]] {
        assert_eq!(
            try_send!(p.esme.send_encoded(bad)),
            Err(SendError::Malformed)
        );
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(
        try_send!(p.esme.send_encoded(&longer)),
        Err(SendError::Malformed)
    );
    // A response, a bind and an unbind are not requests the application sends.
    for pdu in [Pdu::SubmitSmResp(SmResp::default()), Pdu::Unbind] {
        assert_eq!(
            try_send!(p
                .esme
                .send_encoded(&pdu_bytes(&pdu, CommandStatus::ESME_ROK, 1))),
            Err(SendError::NotARequest)
        );
    }
    // The ESME may not send deliver_sm (SMPP 5.0 table 2-1).
    let deliver = pdu_bytes(&Pdu::DeliverSm(SUBMIT), CommandStatus::ESME_ROK, 1);
    assert!(matches!(
        try_send!(p.esme.send_encoded(&deliver)),
        Err(SendError::InvalidState(_))
    ));
    assert_eq!(p.sent(Side::Esme).len(), sent, "nothing written");
    assert_eq!(p.esme.outstanding(), 0);
    // A response of the wrong kind is refused as with `respond`.
    send!(p.esme.send_encoded(&bytes));
    p.drive();
    let req = recv!(p.smsc, Ev::Request { request, .. } => request);
    let wrong = pdu_bytes(
        &Pdu::DeliverSmResp(SmResp::default()),
        CommandStatus::ESME_ROK,
        1,
    );
    assert_eq!(
        try_send!(p.smsc.respond_encoded(req, &wrong)),
        Err(SendError::WrongResponse {
            expected: CommandId::SUBMIT_SM_RESP
        })
    );
    assert_eq!(
        try_send!(p.smsc.respond_encoded(req, &wrong[..8])),
        Err(SendError::Malformed)
    );
    send!(p.smsc.respond_encoded(req, &resp(b"ok")));
    p.drive();
    recv!(p.esme, Ev::Response { .. });
    p.finish();
}

#[test]
fn an_encoded_request_on_a_3_3_session_leaves_its_tlvs_out() {
    let mut p: Pair = bound_with(
        Config::esme(),
        Config {
            interface_version: InterfaceVersion::V33,
            ..Config::smsc()
        },
        BindType::Transceiver,
    );
    let reference = [Tlv::new(TlvTag::USER_MESSAGE_REFERENCE, &[0, 7])];
    let with_reference = SubmitSm {
        tlvs: Tlvs::List(&reference),
        ..SUBMIT
    };
    let id = send!(p.esme.send_encoded(&pdu_bytes(
        &Pdu::SubmitSm(with_reference),
        CommandStatus::ESME_ROK,
        1
    )));
    // As the typed request would go at 3.3: without the TLV.
    let mut want = pdu_bytes(&Pdu::SubmitSm(SUBMIT), CommandStatus::ESME_ROK, 0);
    want[12..16].copy_from_slice(&id.sequence_number().to_be_bytes());
    assert_eq!(p.last_sent(Side::Esme), want);
    // A TLV that carries content is refused, not dropped.
    let payload = [Tlv::new(TlvTag::MESSAGE_PAYLOAD, b"the whole text")];
    let with_payload = SubmitSm {
        tlvs: Tlvs::List(&payload),
        ..SUBMIT
    };
    assert_eq!(
        try_send!(p.esme.send_encoded(&pdu_bytes(
            &Pdu::SubmitSm(with_payload),
            CommandStatus::ESME_ROK,
            1
        ))),
        Err(SendError::Encode(
            smpp_proto::EncodeError::ContentTlvNotInVersion {
                tag: TlvTag::MESSAGE_PAYLOAD
            }
        ))
    );
    p.drive();
    let req = recv!(p.smsc, Ev::Request { request, .. } => request);
    send!(p.smsc.respond_encoded(req, &resp(b"33")));
    p.drive();
    recv!(p.esme, Ev::Response { .. });
    p.finish();
}
