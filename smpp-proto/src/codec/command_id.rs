//! command_id values (SMPP 3.4 §5.1.2, SMPP 5.0 §4.7.5).

/// The `command_id` header field: an open newtype, so unassigned and vendor
/// commands stay representable (they decode to [`crate::Pdu::Unknown`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CommandId(pub u32);

macro_rules! command_ids {
    ($( $(#[$doc:meta])* $konst:ident = $value:literal, $name:literal; )*) => {
        impl CommandId {
            $( $(#[$doc])* pub const $konst: CommandId = CommandId($value); )*

            /// Every assigned command_id of SMPP 3.4 and 5.0.
            pub const ALL: &'static [CommandId] = &[$(CommandId::$konst),*];

            /// The spec name in snake_case (`"submit_sm"`), or `None` if unassigned.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $value => Some($name), )*
                    _ => None,
                }
            }

            /// Looks a command up by its snake_case spec name.
            pub fn from_name(name: &str) -> Option<CommandId> {
                match name {
                    $( $name => Some(CommandId::$konst), )*
                    _ => None,
                }
            }
        }
    };
}

command_ids! {
    /// generic_nack (SMPP 3.4 §4.3): negative response to an undecodable PDU.
    GENERIC_NACK = 0x8000_0000, "generic_nack";
    /// bind_receiver (SMPP 3.4 §4.1.3).
    BIND_RECEIVER = 0x0000_0001, "bind_receiver";
    /// bind_receiver_resp (SMPP 3.4 §4.1.4).
    BIND_RECEIVER_RESP = 0x8000_0001, "bind_receiver_resp";
    /// bind_transmitter (SMPP 3.4 §4.1.1).
    BIND_TRANSMITTER = 0x0000_0002, "bind_transmitter";
    /// bind_transmitter_resp (SMPP 3.4 §4.1.2).
    BIND_TRANSMITTER_RESP = 0x8000_0002, "bind_transmitter_resp";
    /// query_sm (SMPP 3.4 §4.8.1).
    QUERY_SM = 0x0000_0003, "query_sm";
    /// query_sm_resp (SMPP 3.4 §4.8.2).
    QUERY_SM_RESP = 0x8000_0003, "query_sm_resp";
    /// submit_sm (SMPP 3.4 §4.4.1).
    SUBMIT_SM = 0x0000_0004, "submit_sm";
    /// submit_sm_resp (SMPP 3.4 §4.4.2).
    SUBMIT_SM_RESP = 0x8000_0004, "submit_sm_resp";
    /// deliver_sm (SMPP 3.4 §4.6.1).
    DELIVER_SM = 0x0000_0005, "deliver_sm";
    /// deliver_sm_resp (SMPP 3.4 §4.6.2).
    DELIVER_SM_RESP = 0x8000_0005, "deliver_sm_resp";
    /// unbind (SMPP 3.4 §4.2.1).
    UNBIND = 0x0000_0006, "unbind";
    /// unbind_resp (SMPP 3.4 §4.2.2).
    UNBIND_RESP = 0x8000_0006, "unbind_resp";
    /// replace_sm (SMPP 3.4 §4.10.1).
    REPLACE_SM = 0x0000_0007, "replace_sm";
    /// replace_sm_resp (SMPP 3.4 §4.10.2).
    REPLACE_SM_RESP = 0x8000_0007, "replace_sm_resp";
    /// cancel_sm (SMPP 3.4 §4.9.1).
    CANCEL_SM = 0x0000_0008, "cancel_sm";
    /// cancel_sm_resp (SMPP 3.4 §4.9.2).
    CANCEL_SM_RESP = 0x8000_0008, "cancel_sm_resp";
    /// bind_transceiver (SMPP 3.4 §4.1.5).
    BIND_TRANSCEIVER = 0x0000_0009, "bind_transceiver";
    /// bind_transceiver_resp (SMPP 3.4 §4.1.6).
    BIND_TRANSCEIVER_RESP = 0x8000_0009, "bind_transceiver_resp";
    /// outbind (SMPP 3.4 §4.1.7).
    OUTBIND = 0x0000_000B, "outbind";
    /// enquire_link (SMPP 3.4 §4.11.1).
    ENQUIRE_LINK = 0x0000_0015, "enquire_link";
    /// enquire_link_resp (SMPP 3.4 §4.11.2).
    ENQUIRE_LINK_RESP = 0x8000_0015, "enquire_link_resp";
    /// submit_multi (SMPP 3.4 §4.5.1).
    SUBMIT_MULTI = 0x0000_0021, "submit_multi";
    /// submit_multi_resp (SMPP 3.4 §4.5.2).
    SUBMIT_MULTI_RESP = 0x8000_0021, "submit_multi_resp";
    /// alert_notification (SMPP 3.4 §4.12.1); it has no response.
    ALERT_NOTIFICATION = 0x0000_0102, "alert_notification";
    /// data_sm (SMPP 3.4 §4.7.1).
    DATA_SM = 0x0000_0103, "data_sm";
    /// data_sm_resp (SMPP 3.4 §4.7.2).
    DATA_SM_RESP = 0x8000_0103, "data_sm_resp";
    /// broadcast_sm (SMPP 5.0 §4.4.1.1).
    BROADCAST_SM = 0x0000_0111, "broadcast_sm";
    /// broadcast_sm_resp (SMPP 5.0 §4.4.1.2).
    BROADCAST_SM_RESP = 0x8000_0111, "broadcast_sm_resp";
    /// query_broadcast_sm (SMPP 5.0 §4.6.2.1).
    QUERY_BROADCAST_SM = 0x0000_0112, "query_broadcast_sm";
    /// query_broadcast_sm_resp (SMPP 5.0 §4.6.2.3).
    QUERY_BROADCAST_SM_RESP = 0x8000_0112, "query_broadcast_sm_resp";
    /// cancel_broadcast_sm (SMPP 5.0 §4.6.1.1).
    CANCEL_BROADCAST_SM = 0x0000_0113, "cancel_broadcast_sm";
    /// cancel_broadcast_sm_resp (SMPP 5.0 §4.6.1.3).
    CANCEL_BROADCAST_SM_RESP = 0x8000_0113, "cancel_broadcast_sm_resp";
}

impl CommandId {
    /// Bit 31 of command_id marks a response (SMPP 3.4 §5.1.2).
    pub const RESPONSE_BIT: u32 = 0x8000_0000;

    /// Whether this is a response (bit 31 set).
    pub const fn is_response(self) -> bool {
        self.0 & Self::RESPONSE_BIT != 0
    }

    /// The response command_id matching this request.
    pub const fn response(self) -> CommandId {
        CommandId(self.0 | Self::RESPONSE_BIT)
    }

    /// Whether the command is assigned by SMPP 3.4 or 5.0.
    pub const fn is_known(self) -> bool {
        self.name().is_some()
    }

    /// Whether this request is answered: every one but alert_notification
    /// (SMPP 3.4 §4.12) and outbind (§4.1.7). Responses are not.
    pub const fn has_response(self) -> bool {
        !matches!(self, CommandId::ALERT_NOTIFICATION | CommandId::OUTBIND) && !self.is_response()
    }

    /// Whether this request carries a message, so that a peer may throttle
    /// it (SMPP 3.4 §5.1.3 ESME_RTHROTTLED): submit_sm, submit_multi,
    /// data_sm, deliver_sm, broadcast_sm.
    pub const fn is_message(self) -> bool {
        matches!(
            self,
            CommandId::SUBMIT_SM
                | CommandId::SUBMIT_MULTI
                | CommandId::DATA_SM
                | CommandId::DELIVER_SM
                | CommandId::BROADCAST_SM
        )
    }
}

impl CommandId {
    /// The command named `name` as [`CommandId`]'s `Display` writes it: a
    /// spec name (`"submit_sm"`, [`CommandId::from_name`]) or, for an
    /// unassigned command_id, `"unknown_0x"` and eight hex digits
    /// (SMPP 3.4 §5.1.2.1). The naming rule of the JSON and Python forms
    /// of a PDU.
    pub fn parse(name: &str) -> Option<CommandId> {
        if let Some(id) = CommandId::from_name(name) {
            return Some(id);
        }
        name.strip_prefix("unknown_0x")
            .filter(|h| h.len() == 8 && h.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .map(CommandId)
    }
}

impl core::fmt::Display for CommandId {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "unknown_0x{:08x}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_is_display_reversed() {
        for id in CommandId::ALL
            .iter()
            .copied()
            .chain([CommandId(0x0001_0200), CommandId(7)])
        {
            let mut text = heapless::String::<32>::new();
            core::fmt::write(&mut text, format_args!("{id}")).unwrap();
            assert_eq!(CommandId::parse(&text), Some(id), "{text}");
        }
        assert_eq!(CommandId::parse("unknown_0x+0000010"), None);
        assert_eq!(CommandId::parse("unknown_0x0000010"), None);
        assert_eq!(CommandId::parse("submit"), None);
    }

    #[test]
    fn names_round_trip() {
        for id in CommandId::ALL {
            assert_eq!(CommandId::from_name(id.name().unwrap()), Some(*id));
        }
        assert_eq!(CommandId::SUBMIT_SM.response(), CommandId::SUBMIT_SM_RESP);
        assert!(CommandId::GENERIC_NACK.is_response());
        assert_eq!(CommandId(0x110).name(), None);
    }
}
