//! Session states and which requests each one allows (SMPP 3.4 §2.2–2.3,
//! SMPP 5.0 §2.4–2.7 and table 2-1 "Operation / State matrix").

use crate::codec::CommandId;

/// Which end of the link this session is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Role {
    /// The client: an External Short Messaging Entity, which binds.
    Esme,
    /// The server: a Short Message Service Centre (or a gateway acting as one).
    Smsc,
}

/// The three kinds of bind (SMPP 3.4 §2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum BindType {
    /// bind_transmitter: the ESME submits messages.
    Transmitter,
    /// bind_receiver: the ESME receives messages.
    Receiver,
    /// bind_transceiver: both (SMPP 3.4 and later).
    Transceiver,
}

impl BindType {
    /// The bind request's command_id.
    pub const fn command_id(self) -> CommandId {
        match self {
            BindType::Transmitter => CommandId::BIND_TRANSMITTER,
            BindType::Receiver => CommandId::BIND_RECEIVER,
            BindType::Transceiver => CommandId::BIND_TRANSCEIVER,
        }
    }

    /// The bind type a bind request (or response) command_id names.
    pub const fn from_command_id(id: CommandId) -> Option<BindType> {
        match id.0 & !CommandId::RESPONSE_BIT {
            0x02 => Some(BindType::Transmitter),
            0x01 => Some(BindType::Receiver),
            0x09 => Some(BindType::Transceiver),
            _ => None,
        }
    }

    /// The state a successful bind of this type leads to.
    pub const fn bound_state(self) -> State {
        match self {
            BindType::Transmitter => State::BoundTx,
            BindType::Receiver => State::BoundRx,
            BindType::Transceiver => State::BoundTrx,
        }
    }
}

/// Session states, named and printed as the spec names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum State {
    /// OPEN: connected, not bound.
    Open,
    /// BOUND_TX: bound as a transmitter.
    BoundTx,
    /// BOUND_RX: bound as a receiver.
    BoundRx,
    /// BOUND_TRX: bound as a transceiver.
    BoundTrx,
    /// UNBOUND: an unbind was sent or received; only unbind_resp, generic_nack
    /// and outstanding responses may still pass, then the link closes.
    Unbound,
    /// CLOSED: the connection is gone (or must be closed by the adapter).
    Closed,
    /// OUTBOUND: the SMSC sent outbind and waits for the ESME's bind (SMPP 5.0 §2.4).
    Outbound,
}

impl State {
    /// Whether the session is bound in any mode.
    pub const fn is_bound(self) -> bool {
        matches!(self, State::BoundTx | State::BoundRx | State::BoundTrx)
    }

    /// The spec's name for the state (`"BOUND_TRX"`).
    pub const fn name(self) -> &'static str {
        match self {
            State::Open => "OPEN",
            State::BoundTx => "BOUND_TX",
            State::BoundRx => "BOUND_RX",
            State::BoundTrx => "BOUND_TRX",
            State::Unbound => "UNBOUND",
            State::Closed => "CLOSED",
            State::Outbound => "OUTBOUND",
        }
    }

    /// Whether the spec allows a transition from `self` to `to` (used by the
    /// property tests to check every change the session makes).
    pub const fn may_become(self, to: State) -> bool {
        use State::*;
        matches!(
            (self, to),
            (
                Open,
                BoundTx | BoundRx | BoundTrx | Outbound | Unbound | Closed
            ) | (Outbound, BoundRx | BoundTrx | Unbound | Closed)
                | (BoundTx | BoundRx | BoundTrx, Unbound | Closed)
                | (Unbound, Closed)
        )
    }
}

impl core::fmt::Display for State {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether `sender` may send the request `id` in `state` (SMPP 5.0 table 2-1).
pub(crate) const fn may_send(sender: Role, state: State, id: CommandId) -> bool {
    use State::*;
    let tx = matches!(state, BoundTx | BoundTrx);
    let rx = matches!(state, BoundRx | BoundTrx);
    match id {
        CommandId::ENQUIRE_LINK => matches!(state, Open | Outbound | BoundTx | BoundRx | BoundTrx),
        CommandId::UNBIND => state.is_bound(),
        // SMPP 5.0 §2.4: after outbind the ESME binds as a receiver or a
        // transceiver (OUTBOUND leads to BOUND_RX or BOUND_TRX only).
        CommandId::BIND_TRANSMITTER => matches!(sender, Role::Esme) && matches!(state, Open),
        CommandId::BIND_RECEIVER | CommandId::BIND_TRANSCEIVER => {
            matches!(sender, Role::Esme) && matches!(state, Open | Outbound)
        }
        CommandId::OUTBIND => matches!(sender, Role::Smsc) && matches!(state, Open),
        CommandId::DATA_SM => match sender {
            Role::Esme => tx,
            Role::Smsc => rx,
        },
        CommandId::DELIVER_SM | CommandId::ALERT_NOTIFICATION => matches!(sender, Role::Smsc) && rx,
        CommandId::SUBMIT_SM
        | CommandId::SUBMIT_MULTI
        | CommandId::QUERY_SM
        | CommandId::CANCEL_SM
        | CommandId::REPLACE_SM
        | CommandId::BROADCAST_SM
        | CommandId::QUERY_BROADCAST_SM
        | CommandId::CANCEL_BROADCAST_SM => matches!(sender, Role::Esme) && tx,
        // A command SMPP does not assign (a vendor's, SMPP 3.4 §5.1.2.1):
        // either end, once bound.
        id if !id.is_known() && !id.is_response() => state.is_bound(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix() {
        assert!(may_send(Role::Esme, State::BoundTx, CommandId::SUBMIT_SM));
        assert!(!may_send(Role::Esme, State::BoundRx, CommandId::SUBMIT_SM));
        assert!(!may_send(Role::Smsc, State::BoundTx, CommandId::DELIVER_SM));
        assert!(may_send(Role::Smsc, State::BoundTrx, CommandId::DELIVER_SM));
        assert!(may_send(
            Role::Esme,
            State::BoundRx,
            CommandId::ENQUIRE_LINK
        ));
        assert!(!may_send(
            Role::Esme,
            State::BoundTx,
            CommandId::BIND_TRANSMITTER
        ));
        assert!(may_send(Role::Smsc, State::Open, CommandId::OUTBIND));
        assert!(may_send(
            Role::Esme,
            State::Outbound,
            CommandId::BIND_RECEIVER
        ));
        assert!(!may_send(
            Role::Esme,
            State::Outbound,
            CommandId::BIND_TRANSMITTER
        ));
        assert!(!may_send(Role::Esme, State::Unbound, CommandId::UNBIND));
        assert!(State::Open.may_become(State::BoundTrx));
        assert!(!State::Closed.may_become(State::Open));
        assert_eq!(State::BoundTrx.to_string_for_test(), "BOUND_TRX");
    }

    impl State {
        fn to_string_for_test(self) -> &'static str {
            self.name()
        }
    }
}
