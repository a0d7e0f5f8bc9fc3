//! The simulator's cell broadcasts (SMPP 5.0 §4.4.1 broadcast_sm, §4.6.2
//! query_broadcast_sm, §4.6.1 cancel_broadcast_sm): each broadcast_sm is
//! remembered with its broadcast areas (at most [`MAX_BROADCASTS`], the
//! oldest forgotten first), so that a query answers with its state and
//! areas, and a cancel moves it to DELETED.
//!
//! Spec sections: SMPP 5.0 §4.4.1, §4.6.1, §4.6.2, §4.8.4.4
//! (broadcast_area_identifier), §4.8.4.5 (broadcast_area_success),
//! §4.8.4.37 (message_state).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use smpp_io_tokio::OwnedPdu;
use smpp_proto::codec::{BroadcastSm, BroadcastSmResp, QueryBroadcastSmResp};
use smpp_proto::receipt::MessageState;
use smpp_proto::{CommandStatus, Pdu, Tlv, TlvTag, Tlvs};

use crate::sim::resp;

/// Broadcasts remembered at once.
pub(crate) const MAX_BROADCASTS: usize = 10_000;

/// What the simulator knows of one broadcast.
struct Broadcast {
    /// The broadcast_area_identifier values of its broadcast_sm.
    areas: Vec<Vec<u8>>,
    /// ENROUTE (being broadcast) until cancelled, then DELETED.
    state: MessageState,
}

/// The broadcasts the simulator has taken, by message_id.
#[derive(Default)]
pub(crate) struct Broadcasts {
    inner: Mutex<(HashMap<String, Broadcast>, VecDeque<String>)>,
}

/// A response, its command_status and the broadcast's area count (0 when
/// unknown), for the log.
pub(crate) type Answered = (OwnedPdu, CommandStatus, usize);

impl Broadcasts {
    /// Takes broadcast_sm `b` under the new id `id`: broadcast_sm_resp with
    /// it (SMPP 5.0 §4.4.1.2).
    pub(crate) fn broadcast(&self, id: &[u8], b: &BroadcastSm<'_>) -> Answered {
        let areas: Vec<Vec<u8>> = b
            .tlvs
            .iter()
            .filter(|t| t.tag == TlvTag::BROADCAST_AREA_IDENTIFIER)
            .map(|t| t.value.to_vec())
            .collect();
        let n = areas.len();
        if let Ok(mut inner) = self.inner.lock() {
            let (map, order) = &mut *inner;
            if order.len() >= MAX_BROADCASTS {
                if let Some(old) = order.pop_front() {
                    map.remove(&old);
                }
            }
            let key = String::from_utf8_lossy(id).into_owned();
            order.push_back(key.clone());
            map.insert(
                key,
                Broadcast {
                    areas,
                    state: MessageState::Enroute,
                },
            );
        }
        let resp_body = BroadcastSmResp {
            message_id: Some(id),
            ..BroadcastSmResp::default()
        };
        let status = CommandStatus::ESME_ROK;
        (resp(Pdu::BroadcastSmResp(resp_body), status), status, n)
    }

    /// query_broadcast_sm_resp for the broadcast `id` (SMPP 5.0 §4.6.2.3:
    /// message_state, and each broadcast_area_identifier with a
    /// broadcast_area_success, 100% here), or ESME_RQUERYFAIL (without
    /// TLVs) for an id it does not know.
    pub(crate) fn query(&self, id: &[u8]) -> Answered {
        let found = self.inner.lock().ok().and_then(|inner| {
            inner
                .0
                .get(String::from_utf8_lossy(id).as_ref())
                .map(|b| (b.state, b.areas.clone()))
        });
        let Some((state, areas)) = found else {
            let status = CommandStatus::ESME_RQUERYFAIL;
            let body = QueryBroadcastSmResp {
                message_id: id,
                ..QueryBroadcastSmResp::default()
            };
            return (resp(Pdu::QueryBroadcastSmResp(body), status), status, 0);
        };
        let message_state = [state.message_state()];
        let success = [100u8];
        let mut tlvs = vec![Tlv::new(TlvTag::MESSAGE_STATE, &message_state)];
        for area in &areas {
            tlvs.push(Tlv::new(TlvTag::BROADCAST_AREA_IDENTIFIER, area));
            tlvs.push(Tlv::new(TlvTag::BROADCAST_AREA_SUCCESS, &success));
        }
        let body = QueryBroadcastSmResp {
            message_id: id,
            tlvs: Tlvs::List(&tlvs),
        };
        let status = CommandStatus::ESME_ROK;
        (
            resp(Pdu::QueryBroadcastSmResp(body), status),
            status,
            areas.len(),
        )
    }

    /// Cancels the broadcast `id` (SMPP 5.0 §4.6.1): ESME_ROK, or
    /// ESME_RCANCELFAIL for an id it does not know or one already
    /// cancelled.
    pub(crate) fn cancel(&self, id: &[u8]) -> Answered {
        let found = self.inner.lock().ok().and_then(|mut inner| {
            match inner.0.get_mut(String::from_utf8_lossy(id).as_ref()) {
                Some(b) if b.state == MessageState::Enroute => {
                    b.state = MessageState::Deleted;
                    Some(b.areas.len())
                }
                _ => None,
            }
        });
        match found {
            Some(n) => (
                resp(Pdu::CancelBroadcastSmResp, CommandStatus::ESME_ROK),
                CommandStatus::ESME_ROK,
                n,
            ),
            None => {
                let status = CommandStatus::ESME_RCANCELFAIL;
                (resp(Pdu::CancelBroadcastSmResp, status), status, 0)
            }
        }
    }
}
