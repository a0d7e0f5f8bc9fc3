//! Validation (issue 12, point 7): a peer PDU that decodes but breaks the
//! spec ([`smpp_proto::codec::validate`]). Under `Validation::Strict` (the
//! SMSC default) a request is refused with the violation's status and the
//! application sees a `ProtocolError::Violation`, not the request; under
//! `Validation::Lenient` (the ESME default) it goes through and the
//! violation follows it. Responses always go through, with the violation
//! reported after them.

use smpp_proto::codec::{SmResp, SubmitSm};
use smpp_proto::session::{BindType, Config, ProtocolError, State, Validation};
use smpp_proto::{CommandId, CommandStatus, Pdu, Tlv, TlvTag, Tlvs};

use crate::harness::{bound, bound_with, header_only, raw_pdu, Ev, Pair, Side, SUBMIT};

const LONG: [u8; 255] = [b'x'; 255];

fn lenient_smsc() -> Config {
    Config {
        validation: Validation::Lenient,
        ..Config::smsc()
    }
}

#[test]
fn defaults_are_strict_for_smsc_and_lenient_for_esme() {
    assert_eq!(Config::smsc().validation, Validation::Strict);
    assert_eq!(Config::esme().validation, Validation::Lenient);
}

#[test]
fn smsc_refuses_short_message_of_255_octets_with_rinvmsglen() {
    let mut p = bound(BindType::Transmitter);
    // SMPP 3.4 §5.2.21: sm_length is at most 254. The decoder takes 255.
    let id = send!(p.esme.submit_sm(&SubmitSm {
        short_message: &LONG,
        ..SUBMIT
    }));
    p.drive();
    let seq = id.sequence_number();
    recv!(
        p.smsc,
        Ev::ProtocolError(ProtocolError::Violation {
            command_id: CommandId::SUBMIT_SM,
            sequence_number: s,
            violation,
            answered_with: Some(CommandStatus::ESME_RINVMSGLEN),
        }) if s == seq && violation.command_status == CommandStatus::ESME_RINVMSGLEN
    );
    // Not delivered, and nothing left to answer.
    recv_nothing!(p.smsc);
    assert_eq!(p.smsc.unanswered(), 0);
    assert_eq!(p.last_sent(Side::Smsc), header_only(0x8000_0004, 0x01, seq));
    recv!(
        p.esme,
        Ev::Response {
            id: i,
            command_status: CommandStatus::ESME_RINVMSGLEN,
            ..
        } if i == id
    );
    // The session goes on.
    send!(p.esme.submit_sm(&SUBMIT));
    p.drive();
    recv!(
        p.smsc,
        Ev::Request {
            command_id: CommandId::SUBMIT_SM,
            ..
        }
    );
    assert_eq!(p.smsc.state(), State::BoundTx);
    p.finish();
}

#[test]
fn smsc_refuses_a_tlv_submit_sm_does_not_allow_with_roptparnotallwd() {
    let mut p = bound(BindType::Transceiver);
    // message_state is a delivery TLV (SMPP 3.4 §4.6.1), not a submission one.
    let tlvs = [Tlv::new(TlvTag::MESSAGE_STATE, &[2])];
    let id = send!(p.esme.submit_sm(&SubmitSm {
        tlvs: Tlvs::List(&tlvs),
        ..SUBMIT
    }));
    p.drive();
    let v = recv!(
        p.smsc,
        Ev::ProtocolError(ProtocolError::Violation {
            command_id: CommandId::SUBMIT_SM,
            violation,
            answered_with: Some(CommandStatus::ESME_ROPTPARNOTALLWD),
            ..
        }) => violation
    );
    assert_eq!(v.tag, Some(TlvTag::MESSAGE_STATE));
    recv_nothing!(p.smsc);
    recv!(p.esme, Ev::Response { id: i, command_status: CommandStatus::ESME_ROPTPARNOTALLWD, .. } if i == id);
    p.finish();
}

#[test]
fn enquire_link_with_a_body_is_answered_rinvcmdlen() {
    // SMPP 3.4 §4.11.1: enquire_link is a header alone.
    let mut p = bound(BindType::Transceiver);
    let out = p.exchange(Side::Smsc, &raw_pdu(0x15, 0, 40, b"\0"));
    assert_eq!(out, [header_only(0x8000_0015, 0x02, 40)]);
    recv!(
        p.smsc,
        Ev::ProtocolError(ProtocolError::Undecodable {
            command_id: CommandId::ENQUIRE_LINK,
            sequence_number: 40,
            answered_with: CommandStatus::ESME_RINVCMDLEN,
            ..
        })
    );
    recv_nothing!(p.smsc);
    p.finish();
}

#[test]
fn lenient_smsc_lets_violations_through_and_reports_them() {
    let mut p: Pair = bound_with(Config::esme(), lenient_smsc(), BindType::Transmitter);
    let tlvs = [Tlv::new(TlvTag::MESSAGE_STATE, &[2])];
    for sm in [
        SubmitSm {
            short_message: &LONG,
            ..SUBMIT
        },
        SubmitSm {
            tlvs: Tlvs::List(&tlvs),
            ..SUBMIT
        },
    ] {
        let id = send!(p.esme.submit_sm(&sm));
        p.drive();
        // The request first, then what is wrong with it.
        let seq =
            recv!(p.smsc, Ev::Request { request, command_id: CommandId::SUBMIT_SM, .. } => request);
        recv!(
            p.smsc,
            Ev::ProtocolError(ProtocolError::Violation {
                command_id: CommandId::SUBMIT_SM,
                sequence_number: s,
                answered_with: None,
                ..
            }) if s == seq.sequence_number()
        );
        recv_nothing!(p.smsc);
        let resp = SmResp {
            message_id: Some(b"m1"),
            tlvs: Tlvs::EMPTY,
        };
        send!(p.smsc.respond_sm(seq, CommandStatus::ESME_ROK, &resp));
        p.drive();
        recv!(p.esme, Ev::Response { id: i, command_status: CommandStatus::ESME_ROK, .. } if i == id);
        recv_nothing!(p.esme);
    }
    p.finish();
}

#[test]
fn esme_gets_a_submit_sm_resp_without_message_id_and_the_violation() {
    let mut p = bound(BindType::Transmitter);
    let id = send!(p.esme.submit_sm(&SUBMIT));
    p.drive();
    let seq = recv!(p.smsc, Ev::Request { request, .. } => request);
    // SMPP 3.4 §4.4.2: message_id is mandatory when command_status is 0.
    // A response like an SMSC in the field sends, by hand.
    let out = p.exchange(
        Side::Esme,
        &header_only(0x8000_0004, 0, seq.sequence_number()),
    );
    assert!(out.is_empty(), "a response is never answered: {out:?}");
    let ev = recv!(p.esme, ev @ Ev::Response { id: i, command_status: CommandStatus::ESME_ROK, .. } if i == id => ev);
    let (_, pdu) = ev.decoded();
    assert_eq!(pdu, Pdu::SubmitSmResp(SmResp::default()));
    let v = recv!(
        p.esme,
        Ev::ProtocolError(ProtocolError::Violation {
            command_id: CommandId::SUBMIT_SM_RESP,
            sequence_number: s,
            violation,
            answered_with: None,
        }) if s == seq.sequence_number() => violation
    );
    assert_eq!(v.command_status, CommandStatus::ESME_RINVCMDLEN);
    assert!(v.reason.contains("message_id"), "{}", v.reason);
    recv_nothing!(p.esme);
    p.finish();
}

#[test]
fn strict_esme_refuses_a_deliver_sm_breaking_the_spec() {
    let esme = Config {
        validation: Validation::Strict,
        ..Config::esme()
    };
    let mut p: Pair = bound_with(esme, Config::smsc(), BindType::Receiver);
    // set_dpf is a submission TLV (SMPP 5.0 §4.2.4), not a delivery one.
    let tlvs = [Tlv::new(TlvTag::SET_DPF, &[1])];
    let id = send!(p.smsc.deliver_sm(&SubmitSm {
        tlvs: Tlvs::List(&tlvs),
        ..SUBMIT
    }));
    p.drive();
    recv!(
        p.esme,
        Ev::ProtocolError(ProtocolError::Violation {
            command_id: CommandId::DELIVER_SM,
            answered_with: Some(CommandStatus::ESME_ROPTPARNOTALLWD),
            ..
        })
    );
    recv_nothing!(p.esme);
    recv!(p.smsc, Ev::Response { id: i, command_status: CommandStatus::ESME_ROPTPARNOTALLWD, .. } if i == id);
    p.finish();
}
