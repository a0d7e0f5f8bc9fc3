//! The SMPP PDU codec: framing, header, every PDU body of SMPP 3.3, 3.4 and 5.0.
//!
//! Read first: SMPP 3.4 §3 (PDU format), §4 (PDU definitions), §5 (fields and TLVs);
//! SMPP 5.0 §3–4. Each file names the sections it implements.

mod address;
mod alert;
mod bind;
mod body;
#[cfg(feature = "pdu-broadcast")]
mod broadcast;
mod command_id;
mod command_status;
mod data_sm;
pub mod field;
mod frame;
mod header;
#[cfg(feature = "pdu-multi")]
mod lists;
#[cfg(feature = "pdu-multi")]
mod multi;
mod names;
#[cfg(feature = "alloc")]
mod owned;
mod pdu;
#[cfg(feature = "pdu-query")]
mod query;
mod registered_delivery;
mod sm;
mod smpp_time;
mod stream;
mod tlv;
mod validate;
mod version;
pub mod visit;
mod wire;

pub use address::TonNpi;
pub use alert::AlertNotification;
pub use bind::{Bind, BindResp, Outbind};
#[cfg(feature = "pdu-broadcast")]
pub use broadcast::{
    BroadcastSm, BroadcastSmResp, CancelBroadcastSm, QueryBroadcastSm, QueryBroadcastSmResp,
};
pub use command_id::CommandId;
pub use command_status::CommandStatus;
pub use data_sm::DataSm;
pub use frame::{frame, Framing, DEFAULT_MAX_COMMAND_LENGTH};
pub use header::Header;
#[cfg(feature = "pdu-multi")]
pub use multi::{
    DestAddress, DestAddresses, DestAddressesIter, SubmitMulti, SubmitMultiResp, UnsuccessSme,
    UnsuccessSmes, UnsuccessSmesIter,
};
pub use pdu::{decode, Pdu};
pub(crate) use pdu::{Encode, HeaderOnly, Typed};
#[cfg(feature = "pdu-query")]
pub use query::{CancelSm, QuerySm, QuerySmResp, ReplaceSm};
pub use registered_delivery::{McReceipt, RegisteredDelivery};
pub use sm::{DeliverSm, SmResp, SubmitSm};
pub use smpp_time::{AbsoluteTime, RelativeTime, SmppTime, UtcOffset};
pub use stream::{read_pdu, ReadPdu};
pub use tlv::{Tlv, TlvTag, Tlvs, TlvsIter};
pub use validate::{first_violation, validate, Violation, Violations, MAX_VIOLATIONS};
pub use version::InterfaceVersion;
pub(crate) use wire::Writer;
