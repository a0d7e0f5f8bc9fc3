//! Type of number and numbering plan of an address (SMPP 3.4 §5.2.5
//! addr_ton, §5.2.6 addr_npi), and the choice made for an address that
//! comes without them.

/// An address's addr_ton and addr_npi (SMPP 3.4 §5.2.5, §5.2.6).
///
/// ```
/// use smpp_proto::codec::TonNpi;
///
/// assert_eq!(TonNpi::choose(b"+447700900123"), (TonNpi::INTERNATIONAL, &b"447700900123"[..]));
/// assert_eq!(TonNpi::choose(b"MyShop"), (TonNpi::ALPHANUMERIC, &b"MyShop"[..]));
/// assert_eq!(TonNpi::choose(b""), (TonNpi::UNKNOWN, &b""[..]));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TonNpi {
    /// addr_ton: 0 Unknown, 1 International, 2 National, 3 Network
    /// Specific, 4 Subscriber Number, 5 Alphanumeric, 6 Abbreviated.
    pub ton: u8,
    /// addr_npi: 0 Unknown, 1 ISDN (E.163/E.164), 3 Data (X.121), 4 Telex,
    /// 6 Land Mobile (E.212), 8 National, 9 Private, 10 ERMES, 14 Internet
    /// (IP), 18 WAP Client Id.
    pub npi: u8,
}

impl TonNpi {
    /// TON 0 (Unknown), NPI 0 (Unknown): the SMSC's default, for an empty address.
    pub const UNKNOWN: TonNpi = TonNpi { ton: 0, npi: 0 };
    /// TON 1 (International), NPI 1 (ISDN, E.164): a number in international form.
    pub const INTERNATIONAL: TonNpi = TonNpi { ton: 1, npi: 1 };
    /// TON 5 (Alphanumeric), NPI 0 (Unknown): a sender name such as "MyShop".
    pub const ALPHANUMERIC: TonNpi = TonNpi { ton: 5, npi: 0 };

    /// The TON/NPI for an address given without them, and the address to
    /// send: digits, with an optional leading `+` (which is dropped), are
    /// an international E.164 number (1/1); anything else that is not empty
    /// is alphanumeric (5/0); an empty address is unknown (0/0), the
    /// SMSC's default. Short codes and national numbers need their TON set
    /// by the caller.
    pub fn choose(addr: &[u8]) -> (TonNpi, &[u8]) {
        let digits = addr.strip_prefix(b"+").unwrap_or(addr);
        if addr.is_empty() {
            (TonNpi::UNKNOWN, addr)
        } else if !digits.is_empty() && digits.iter().all(u8::is_ascii_digit) {
            (TonNpi::INTERNATIONAL, digits)
        } else {
            (TonNpi::ALPHANUMERIC, addr)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices() {
        assert_eq!(
            TonNpi::choose(b"447700900123"),
            (TonNpi::INTERNATIONAL, &b"447700900123"[..])
        );
        assert_eq!(TonNpi::choose(b"+1"), (TonNpi::INTERNATIONAL, &b"1"[..]));
        assert_eq!(TonNpi::choose(b"+"), (TonNpi::ALPHANUMERIC, &b"+"[..]));
        assert_eq!(
            TonNpi::choose(b"Shop 24"),
            (TonNpi::ALPHANUMERIC, &b"Shop 24"[..])
        );
        assert_eq!(
            TonNpi::choose(b"44 7700"),
            (TonNpi::ALPHANUMERIC, &b"44 7700"[..])
        );
    }
}
