//! The typed requests of [`crate::Client`] and [`crate::ResilientClient`],
//! written once: each is `request` with its PDU (SMPP 3.4 §4).

/// Expands, inside an `impl` with `async fn request(&self, &Pdu) ->
/// Result<OwnedPdu, Error>`, to the typed request methods.
macro_rules! typed_requests {
    () => {
        /// Sends a command with any command_id and a raw body, a vendor's or
        /// a custom one (SMPP 3.4 §5.1.2.1 reserves 0x00010200–0x000102FF for
        /// SMSC vendors), and waits for its response: IPWorks' `SendCommand`,
        /// node-smpp's custom commands. The response comes as it was sent
        /// (`command_id | 0x80000000` with its body, or a generic_nack when the
        /// SMSC does not know the command). An SMSC built on [`Server`](crate::Server)
        /// hands such requests to its handler when its session config has
        /// [`CustomCommands::Deliver`](smpp_proto::session::CustomCommands);
        /// a client with that setting gets the SMSC's in its [`Inbox`](crate::Inbox) and
        /// answers them with [`Delivery::respond`](crate::Delivery::respond).
        ///
        /// The body goes as it is given. A command SMPP defines may go this
        /// way too (`command_id` 0x00000004 and a submit_sm body is a
        /// submit_sm, under the same state rules); binds and unbind have their
        /// own methods.
        pub async fn send_command(
            &self,
            command_id: ::smpp_proto::CommandId,
            body: &[u8],
        ) -> Result<$crate::OwnedPdu, $crate::Error> {
            self.request(&::smpp_proto::Pdu::Unknown { command_id, body })
                .await
        }

        /// submit_sm; the response carries the message_id (check its command_status).
        pub async fn submit_sm(
            &self,
            sm: &::smpp_proto::codec::SubmitSm<'_>,
        ) -> Result<$crate::OwnedPdu, $crate::Error> {
            self.request(&::smpp_proto::Pdu::SubmitSm(*sm)).await
        }

        /// data_sm (SMPP 3.4 §4.7).
        pub async fn data_sm(
            &self,
            pdu: &::smpp_proto::codec::DataSm<'_>,
        ) -> Result<$crate::OwnedPdu, $crate::Error> {
            self.request(&::smpp_proto::Pdu::DataSm(*pdu)).await
        }

        /// submit_multi (SMPP 3.4 §4.5): the response lists the destinations that failed.
        pub async fn submit_multi(
            &self,
            pdu: &::smpp_proto::codec::SubmitMulti<'_>,
        ) -> Result<$crate::OwnedPdu, $crate::Error> {
            self.request(&::smpp_proto::Pdu::SubmitMulti(*pdu)).await
        }

        /// query_sm (SMPP 3.4 §4.8): the state of a message sent earlier.
        pub async fn query_sm(
            &self,
            pdu: &::smpp_proto::codec::QuerySm<'_>,
        ) -> Result<$crate::OwnedPdu, $crate::Error> {
            self.request(&::smpp_proto::Pdu::QuerySm(*pdu)).await
        }

        /// replace_sm (SMPP 3.4 §4.10).
        pub async fn replace_sm(
            &self,
            pdu: &::smpp_proto::codec::ReplaceSm<'_>,
        ) -> Result<$crate::OwnedPdu, $crate::Error> {
            self.request(&::smpp_proto::Pdu::ReplaceSm(*pdu)).await
        }

        /// cancel_sm (SMPP 3.4 §4.9).
        pub async fn cancel_sm(
            &self,
            pdu: &::smpp_proto::codec::CancelSm<'_>,
        ) -> Result<$crate::OwnedPdu, $crate::Error> {
            self.request(&::smpp_proto::Pdu::CancelSm(*pdu)).await
        }
    };
}

pub(crate) use typed_requests;
