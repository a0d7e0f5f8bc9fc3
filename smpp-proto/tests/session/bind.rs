//! Binding (SMPP 3.4 §4.1, SMPP 5.0 §2.4): each bind type, refusals,
//! interface_version negotiation, outbind, and the state rules for binds.

use smpp_proto::codec::{decode, BindResp, Outbind, SmResp};
use smpp_proto::session::{BindType, Config, PeerRequest, ProtocolError, SendError, State};
use smpp_proto::{CommandId, CommandStatus, Header, InterfaceVersion, Pdu, Tlv, TlvTag, Tlvs};

use crate::harness::{bound, bound_with, pair, Ev, Pair, Side, BIND, SUBMIT};

#[track_caller]
fn bind_each(bind_type: BindType) {
    let mut p = pair();
    let id = send!(p.esme.bind(bind_type, &BIND));
    assert_eq!(p.esme.state(), State::Open);
    assert_eq!(p.esme.outstanding(), 1);
    p.drive();

    let seq = recv!(p.smsc, Ev::BindRequest { request, bind_type: t, system_id, interface_version }
        if t == bind_type && system_id == b"esme" && interface_version == InterfaceVersion::V34
        => request);
    assert_eq!(seq.sequence_number(), id.sequence_number());
    assert_eq!(
        p.smsc.state(),
        State::Open,
        "the SMSC app has not answered yet"
    );
    send!(p.smsc.accept_bind(seq, b"smsc"));
    assert_eq!(p.smsc.state(), bind_type.bound_state());
    assert_eq!(p.smsc.bind_type(), Some(bind_type));
    p.drive();

    assert_eq!(
        p.next_event(Side::Esme),
        Some(Ev::Bound {
            id,
            bind_type,
            system_id: b"smsc".to_vec(),
            interface_version: InterfaceVersion::V34,
        })
    );
    recv_nothing!(p.esme);
    recv_nothing!(p.smsc);
    assert_eq!(p.esme.state(), bind_type.bound_state());
    assert_eq!(p.esme.bind_type(), Some(bind_type));
    assert_eq!(p.esme.outstanding(), 0);

    // On the wire: the bind with its command_id, answered by its response.
    let bind = p.sent(Side::Esme)[0].clone();
    let (h, _) = decode(&bind).unwrap();
    assert_eq!(
        (h.command_id, h.sequence_number),
        (bind_type.command_id(), seq.sequence_number())
    );
    let resp = p.last_sent(Side::Smsc);
    let (h, pdu) = decode(&resp).unwrap();
    assert_eq!(h.command_id, bind_type.command_id().response());
    assert_eq!(
        (h.command_status, h.sequence_number),
        (CommandStatus::ESME_ROK, seq.sequence_number())
    );
    assert_eq!(pdu.tlvs().unwrap().sc_interface_version(), Some(0x34));
    p.finish();
}

#[test]
fn bind_transmitter() {
    bind_each(BindType::Transmitter);
}

#[test]
fn bind_receiver() {
    bind_each(BindType::Receiver);
}

#[test]
fn bind_transceiver() {
    bind_each(BindType::Transceiver);
}

#[test]
fn bind_refused_leaves_both_open_and_may_be_retried() {
    let mut p = pair();
    let id = send!(p.esme.bind(
        BindType::Transmitter,
        &smpp_proto::codec::Bind {
            password: b"wrong",
            ..BIND
        }
    ));
    p.drive();
    let seq = recv!(p.smsc, Ev::BindRequest { request, .. } => request);
    send!(p.smsc.reject_bind(seq, CommandStatus::ESME_RINVPASWD));
    p.drive();
    assert_eq!(
        p.next_event(Side::Esme),
        Some(Ev::BindRefused {
            id,
            command_status: CommandStatus::ESME_RINVPASWD
        })
    );
    assert_eq!((p.esme.state(), p.smsc.state()), (State::Open, State::Open));
    // The refusal is a header-only bind_transmitter_resp.
    assert_eq!(
        p.last_sent(Side::Smsc),
        crate::harness::header_only(0x8000_0002, 0x0E, seq.sequence_number())
    );

    let id = send!(p.esme.bind(BindType::Transceiver, &BIND));
    p.drive();
    let seq = recv!(p.smsc, Ev::BindRequest { request, .. } => request);
    send!(p.smsc.accept_bind(seq, b"smsc"));
    p.drive();
    recv!(p.esme, Ev::Bound { id: got, .. } if got == id);
    p.finish();
}

#[test]
fn esme_bind_commands_refused_in_wrong_state() {
    let mut p = pair();
    send!(p.esme.bind(BindType::Transceiver, &BIND));
    // One bind at a time.
    assert_eq!(
        try_send!(p.esme.bind(BindType::Receiver, &BIND)),
        Err(SendError::InvalidState(State::Open))
    );
    // Binds go through bind(), unbind through unbind().
    assert_eq!(
        try_send!(p.esme.send(&Pdu::BindTransmitter(BIND))),
        Err(SendError::NotARequest)
    );
    assert_eq!(
        try_send!(p.esme.send(&Pdu::Unbind)),
        Err(SendError::NotARequest)
    );
    assert_eq!(
        try_send!(p.esme.send(&Pdu::SubmitSmResp(SmResp::default()))),
        Err(SendError::NotARequest)
    );
    // Not bound yet: no unbind, no submit.
    assert_eq!(
        try_send!(p.esme.unbind()),
        Err(SendError::InvalidState(State::Open))
    );
    assert_eq!(
        try_send!(p.esme.submit_sm(&SUBMIT)),
        Err(SendError::InvalidState(State::Open))
    );
    // Only an SMSC accepts binds; the ESME has none to accept.
    assert!(matches!(
        try_send!(p
            .esme
            .accept_bind(PeerRequest::made_up(1, CommandId::BIND_TRANSCEIVER), b"x")),
        Err(SendError::UnknownSequence(1))
    ));
    p.drive();
    let seq = recv!(p.smsc, Ev::BindRequest { request, .. } => request);
    // The SMSC cannot bind, and answers binds only through accept/reject.
    assert_eq!(
        try_send!(p.smsc.bind(BindType::Transmitter, &BIND)),
        Err(SendError::InvalidState(State::Open))
    );
    assert_eq!(
        try_send!(p.smsc.respond(
            seq,
            CommandStatus::ESME_ROK,
            &Pdu::BindTransceiverResp(BindResp::default())
        )),
        Err(SendError::WrongResponse {
            expected: CommandId::BIND_TRANSCEIVER_RESP
        })
    );
    assert_eq!(
        try_send!(p.smsc.accept_bind(
            PeerRequest::made_up(seq.sequence_number() + 1, seq.command_id()),
            b"smsc"
        )),
        Err(SendError::UnknownSequence(seq.sequence_number() + 1))
    );
    send!(p.smsc.accept_bind(seq, b"smsc"));
    p.drive();
    recv!(p.esme, Ev::Bound { .. });
    // Bound: binding again is refused locally.
    assert_eq!(
        try_send!(p.esme.bind(BindType::Transmitter, &BIND)),
        Err(SendError::InvalidState(State::BoundTrx))
    );
    p.finish();
}

/// Binds an ESME speaking `esme` to an SMSC speaking `smsc`; checks the
/// version both settle on and the sc_interface_version in the bind response.
#[track_caller]
fn negotiate(
    esme: InterfaceVersion,
    smsc: InterfaceVersion,
    agreed: InterfaceVersion,
    sc_interface_version: Option<u8>,
) {
    let mut p: Pair = Pair::new(
        Config {
            interface_version: esme,
            ..Config::esme()
        },
        Config {
            interface_version: smsc,
            ..Config::smsc()
        },
    );
    // The bind carries the ESME's version, whatever the template says.
    let id = send!(p.esme.bind(BindType::Transceiver, &BIND));
    p.drive();
    let seq = recv!(p.smsc, Ev::BindRequest { request, interface_version, .. }
        if interface_version == esme => request);
    send!(p.smsc.accept_bind(seq, b"smsc"));
    p.drive();
    recv!(p.esme, Ev::Bound { id: got, interface_version, .. }
        if got == id && interface_version == agreed);
    assert_eq!(p.esme.interface_version(), agreed);
    assert_eq!(p.smsc.interface_version(), agreed);
    let resp = p.last_sent(Side::Smsc);
    let (_, pdu) = decode(&resp).unwrap();
    let Pdu::BindTransceiverResp(r) = pdu else {
        panic!("{pdu:?}")
    };
    assert_eq!(r.system_id, Some(&b"smsc"[..]));
    assert_eq!(r.tlvs.sc_interface_version(), sc_interface_version);
    p.finish();
}

#[test]
fn version_3_4_both_ends() {
    negotiate(
        InterfaceVersion::V34,
        InterfaceVersion::V34,
        InterfaceVersion::V34,
        Some(0x34),
    );
}

#[test]
fn version_5_0_both_ends() {
    negotiate(
        InterfaceVersion::V50,
        InterfaceVersion::V50,
        InterfaceVersion::V50,
        Some(0x50),
    );
}

#[test]
fn version_5_0_esme_meets_3_4_smsc() {
    negotiate(
        InterfaceVersion::V50,
        InterfaceVersion::V34,
        InterfaceVersion::V34,
        Some(0x34),
    );
}

#[test]
fn version_3_4_esme_meets_5_0_smsc() {
    // sc_interface_version says what the SMSC speaks; the session runs at the lower.
    negotiate(
        InterfaceVersion::V34,
        InterfaceVersion::V50,
        InterfaceVersion::V34,
        Some(0x50),
    );
}

#[test]
fn version_3_3_esme_gets_no_tlv_in_bind_resp() {
    // SMPP 3.4 §5.3.2.25: an ESME at 3.3 gets no TLV; the SMSC answers at 3.3.
    negotiate(
        InterfaceVersion::V33,
        InterfaceVersion::V50,
        InterfaceVersion::V33,
        None,
    );
}

#[test]
fn version_3_3_smsc_sends_no_sc_interface_version() {
    // No sc_interface_version in the response: the ESME assumes 3.3.
    negotiate(
        InterfaceVersion::V50,
        InterfaceVersion::V33,
        InterfaceVersion::V33,
        None,
    );
}

#[test]
fn no_tlvs_are_sent_under_3_3() {
    let tlvs = [Tlv::new(TlvTag::USER_MESSAGE_REFERENCE, &[0, 7])];
    let sm = smpp_proto::codec::SubmitSm {
        tlvs: Tlvs::List(&tlvs),
        ..SUBMIT
    };

    for (smsc_version, with_tlvs) in [
        (InterfaceVersion::V33, false),
        (InterfaceVersion::V34, true),
    ] {
        let mut p: Pair = bound_with(
            Config::esme(),
            Config {
                interface_version: smsc_version,
                ..Config::smsc()
            },
            BindType::Transceiver,
        );
        send!(p.esme.submit_sm(&sm));
        send!(p.smsc.send(&Pdu::DeliverSm(sm)));
        p.drive();
        for side in [Side::Esme, Side::Smsc] {
            let wire = p.sent(side).last().unwrap().clone();
            let (h, pdu) = decode(&wire).unwrap();
            assert!(matches!(
                h.command_id,
                CommandId::SUBMIT_SM | CommandId::DELIVER_SM
            ));
            assert_eq!(
                pdu.tlvs().unwrap().is_empty(),
                !with_tlvs,
                "{side:?} at {smsc_version}"
            );
            let expected_len = Pdu::SubmitSm(sm).encoded_len_for(smsc_version);
            assert_eq!(wire.len(), expected_len);
        }
        let ev = recv!(p.smsc, ev @ Ev::Request { command_id: CommandId::SUBMIT_SM, .. } => ev);
        let (_, pdu) = ev.decoded();
        assert_eq!(
            pdu.tlvs()
                .unwrap()
                .get(TlvTag::USER_MESSAGE_REFERENCE)
                .is_some(),
            with_tlvs
        );
        p.finish();
    }
}

#[test]
fn content_tlvs_are_refused_under_3_3() {
    // SMPP 3.3 has no TLVs: a part split with SAR, or a text in
    // message_payload, would lose its content. The request fails before
    // anything is written, and the session goes on.
    let sar = [
        Tlv::new(TlvTag::SAR_MSG_REF_NUM, &[0, 9]),
        Tlv::new(TlvTag::SAR_TOTAL_SEGMENTS, &[2]),
        Tlv::new(TlvTag::SAR_SEGMENT_SEQNUM, &[1]),
    ];
    let payload = [Tlv::new(TlvTag::MESSAGE_PAYLOAD, b"the whole text")];
    let mut p: Pair = bound_with(
        Config::esme(),
        Config {
            interface_version: InterfaceVersion::V33,
            ..Config::smsc()
        },
        BindType::Transceiver,
    );
    let (esme_sent, smsc_sent) = (p.sent(Side::Esme).len(), p.sent(Side::Smsc).len());
    let with = |tlvs| smpp_proto::codec::SubmitSm {
        tlvs: Tlvs::List(tlvs),
        ..SUBMIT
    };
    assert_eq!(
        try_send!(p.esme.submit_sm(&with(&sar))),
        Err(SendError::Encode(
            smpp_proto::EncodeError::ContentTlvNotInVersion {
                tag: TlvTag::SAR_MSG_REF_NUM
            }
        ))
    );
    assert_eq!(
        try_send!(p.smsc.send(&Pdu::DeliverSm(with(&payload)))),
        Err(SendError::Encode(
            smpp_proto::EncodeError::ContentTlvNotInVersion {
                tag: TlvTag::MESSAGE_PAYLOAD
            }
        ))
    );
    assert_eq!(p.sent(Side::Esme).len(), esme_sent, "nothing written");
    assert_eq!(p.sent(Side::Smsc).len(), smsc_sent, "nothing written");
    assert_eq!(p.esme.outstanding(), 0);
    // The transmit buffer is intact: the next request goes out whole.
    let id = send!(p.esme.submit_sm(&SUBMIT));
    assert_eq!(p.last_sent(Side::Esme), {
        let mut b = vec![0; Pdu::SubmitSm(SUBMIT).encoded_len_for(InterfaceVersion::V33)];
        Pdu::SubmitSm(SUBMIT)
            .encode_for(
                InterfaceVersion::V33,
                CommandStatus::ESME_ROK,
                id.sequence_number(),
                &mut b,
            )
            .unwrap();
        b
    });
    p.drive();
    recv!(
        p.smsc,
        Ev::Request {
            command_id: CommandId::SUBMIT_SM,
            ..
        }
    );
    p.finish();
}

#[test]
fn outbind_then_bind_receiver() {
    let mut p = pair();
    let ob = Outbind {
        system_id: b"smsc",
        password: b"pw",
    };
    let sent = send!(p.smsc.outbind(&ob));
    assert_eq!(p.smsc.state(), State::Outbound);
    // No response exists: its outcome is that it was written.
    recv!(p.smsc, Ev::Sent { id, command_id: CommandId::OUTBIND } if id == sent);
    // OUTBOUND: nothing but the ESME's bind (and enquire_link) until bound.
    assert_eq!(
        try_send!(p.smsc.outbind(&ob)),
        Err(SendError::InvalidState(State::Outbound))
    );
    p.drive();
    recv!(p.esme, Ev::Outbind { system_id } if system_id == b"smsc");
    assert_eq!(p.esme.state(), State::Outbound);
    // SMPP 5.0 §2.4: from OUTBOUND the ESME binds as receiver or transceiver.
    assert_eq!(
        try_send!(p.esme.bind(BindType::Transmitter, &BIND)),
        Err(SendError::InvalidState(State::Outbound))
    );
    let id = send!(p.esme.bind(BindType::Receiver, &BIND));
    p.drive();
    let seq =
        recv!(p.smsc, Ev::BindRequest { request, bind_type: BindType::Receiver, .. } => request);
    send!(p.smsc.accept_bind(seq, b"smsc"));
    p.drive();
    recv!(p.esme, Ev::Bound { id: got, bind_type: BindType::Receiver, .. } if got == id);
    for side in [Side::Esme, Side::Smsc] {
        assert_eq!(
            p.end(side).transitions,
            [
                (State::Open, State::Outbound),
                (State::Outbound, State::BoundRx)
            ]
        );
    }
    p.finish();
}

#[test]
fn smsc_in_outbound_refuses_bind_transmitter() {
    let mut p = pair();
    send!(p.smsc.outbind(&Outbind {
        system_id: b"smsc",
        password: b"pw"
    }));
    recv!(
        p.smsc,
        Ev::Sent {
            command_id: CommandId::OUTBIND,
            ..
        }
    );
    let bind = crate::harness::pdu_bytes(&Pdu::BindTransmitter(BIND), CommandStatus::ESME_ROK, 5);
    let out = p.exchange(Side::Smsc, &bind);
    assert_eq!(out, [crate::harness::header_only(0x8000_0002, 0x04, 5)]);
    recv!(
        p.smsc,
        Ev::ProtocolError(ProtocolError::NotAllowed {
            command_id: CommandId::BIND_TRANSMITTER,
            sequence_number: 5,
            state: State::Outbound,
            answered_with: Some(CommandStatus::ESME_RINVBNDSTS),
        })
    );
    assert_eq!(p.smsc.state(), State::Outbound);
    p.finish();
}

#[test]
fn bind_when_bound_is_answered_ralybnd() {
    let mut p = bound(BindType::Transceiver);
    let bind = crate::harness::pdu_bytes(&Pdu::BindTransmitter(BIND), CommandStatus::ESME_ROK, 42);
    let out = p.exchange(Side::Smsc, &bind);
    assert_eq!(out.len(), 1);
    let h = Header::parse(&out[0]).unwrap();
    assert_eq!(h.command_id, CommandId::BIND_TRANSMITTER_RESP);
    assert_eq!(h.command_status, CommandStatus::ESME_RALYBND);
    assert_eq!(h.sequence_number, 42);
    recv!(
        p.smsc,
        Ev::ProtocolError(ProtocolError::NotAllowed {
            command_id: CommandId::BIND_TRANSMITTER,
            sequence_number: 42,
            state: State::BoundTrx,
            answered_with: Some(CommandStatus::ESME_RALYBND),
        })
    );
    // The session goes on.
    assert_eq!(p.smsc.state(), State::BoundTrx);
    let id = send!(p.esme.enquire_link());
    p.drive();
    recv!(p.esme, Ev::Response { id: got, command_id: CommandId::ENQUIRE_LINK_RESP, .. } if got == id);
    p.finish();
}

#[test]
fn second_bind_while_one_is_pending_is_answered_rinvbndsts() {
    let mut p = pair();
    send!(p.esme.bind(BindType::Transceiver, &BIND));
    p.drive();
    let seq = recv!(p.smsc, Ev::BindRequest { request, .. } => request);
    let bind = crate::harness::pdu_bytes(&Pdu::BindReceiver(BIND), CommandStatus::ESME_ROK, 9);
    let out = p.exchange(Side::Smsc, &bind);
    assert_eq!(out, [crate::harness::header_only(0x8000_0001, 0x04, 9)]);
    recv!(
        p.smsc,
        Ev::ProtocolError(ProtocolError::NotAllowed {
            sequence_number: 9,
            ..
        })
    );
    send!(p.smsc.accept_bind(seq, b"smsc"));
    p.drive();
    recv!(p.esme, Ev::Bound { .. });
    p.finish();
}

#[test]
fn an_smsc_may_speak_another_version_to_one_esme() {
    // accept_bind_as: the SMSC chooses what it speaks to this ESME
    // (SMPP 3.4 §5.2.4); at 3.3 the bind response has no TLV (§5.3.2.25).
    for (speaking, agreed, sc_interface_version) in [
        (InterfaceVersion::V33, InterfaceVersion::V33, None),
        (InterfaceVersion::V34, InterfaceVersion::V34, Some(0x34)),
    ] {
        let mut p: Pair = Pair::new(
            Config {
                interface_version: InterfaceVersion::V50,
                ..Config::esme()
            },
            Config {
                interface_version: InterfaceVersion::V50,
                ..Config::smsc()
            },
        );
        let id = send!(p.esme.bind(BindType::Transceiver, &BIND));
        p.drive();
        let seq = recv!(p.smsc, Ev::BindRequest { request, .. } => request);
        send!(p.smsc.accept_bind_as(seq, b"smsc", speaking));
        p.drive();
        recv!(p.esme, Ev::Bound { id: got, interface_version, .. }
            if got == id && interface_version == agreed);
        assert_eq!(p.smsc.interface_version(), agreed);
        let resp = p.last_sent(Side::Smsc);
        let (_, pdu) = decode(&resp).unwrap();
        let Pdu::BindTransceiverResp(r) = pdu else {
            panic!("{pdu:?}")
        };
        assert_eq!(r.tlvs.sc_interface_version(), sc_interface_version);
        p.finish();
    }
}
