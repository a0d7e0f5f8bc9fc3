//! SMPP 5.0 congestion_state (§4.8.4.19): the load a peer reports in its
//! responses, 0 (idle) to 100 (congested), 80–89 being its optimum. A
//! session slows its message requests when the peer reports more than its
//! optimum, and (as configured) reports its own load in the responses it
//! writes.

use crate::codec::{CommandId, Encode, TlvTag, Writer};
use crate::EncodeError;

/// The highest level at which the peer takes the full window (80–89 is
/// the optimum, SMPP 5.0 §4.8.4.19).
const OPTIMUM: u8 = 89;

/// How many message requests may be outstanding while the peer reports
/// `level`: the whole window up to its optimum, then fewer as it nears
/// congestion (half at 95), and one at 100.
pub(super) fn window_for(level: u8, window: usize) -> usize {
    if level <= OPTIMUM {
        return window;
    }
    let room = usize::from(100u8.saturating_sub(level));
    (window * room / usize::from(100 - OPTIMUM)).max(1)
}

/// This end's load for its responses: the share of the inbound window in
/// use (requests taken and not yet answered), as a percentage.
pub(super) fn level(unanswered: usize, inbound_window: usize) -> u8 {
    let pct = unanswered.saturating_mul(100) / inbound_window.max(1);
    u8::try_from(pct.min(100)).unwrap_or(100)
}

/// Whether the response kind may carry congestion_state (the SMPP 5.0
/// tables of `codec::validate`) and has a body to carry it after.
pub(super) fn carried_by(resp: CommandId) -> bool {
    matches!(
        resp,
        CommandId::SUBMIT_SM_RESP
            | CommandId::DATA_SM_RESP
            | CommandId::DELIVER_SM_RESP
            | CommandId::SUBMIT_MULTI_RESP
    )
}

/// A response with congestion_state appended to its TLVs.
pub(super) struct WithCongestion<'a> {
    pub(super) inner: &'a dyn Encode,
    pub(super) level: u8,
}

impl Encode for WithCongestion<'_> {
    fn command_id(&self) -> CommandId {
        self.inner.command_id()
    }

    fn body_len(&self, tlvs: bool) -> usize {
        self.inner.body_len(tlvs) + if tlvs { 5 } else { 0 }
    }

    fn encode_body(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        self.inner.encode_body(w)?;
        if w.tlvs {
            w.u16(TlvTag::CONGESTION_STATE.0)?;
            w.u16(1)?;
            w.u8(self.level)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_narrows_past_the_optimum() {
        assert_eq!(window_for(0, 64), 64);
        assert_eq!(window_for(89, 64), 64);
        assert_eq!(window_for(95, 64), 29);
        assert_eq!(window_for(99, 64), 5);
        assert_eq!(window_for(100, 64), 1);
        assert_eq!(window_for(100, 1), 1);
    }

    #[test]
    fn level_is_the_inbound_window_in_use() {
        assert_eq!(level(0, 10), 0);
        assert_eq!(level(5, 10), 50);
        assert_eq!(level(10, 10), 100);
        assert_eq!(level(3, 0), 100);
    }
}
