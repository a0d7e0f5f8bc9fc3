//! Text helpers of the CLI: encoding names, `--encoding`, and showing a
//! short_message. `smpp send` and `smpp demo` send with the library's
//! `Client::send_text` (`smpp_io_tokio::text`): the cheapest of GSM 7-bit
//! (unpacked, what most SMSCs expect) and UCS-2 that represents the text
//! exactly, split with an 8-bit-reference UDH (153 septets / 67 UTF-16 units
//! per part) under the client's concatenation reference, never inside an
//! escape sequence or a surrogate pair.

use smpp_proto::text::{Allowed, DataCoding, Encoding};

/// The encoding's name, for output.
pub(crate) fn encoding_name(dc: u8) -> &'static str {
    match DataCoding(dc).encoding(Encoding::GSM7) {
        Ok(e) => e.name(),
        Err(_) => "binary",
    }
}

/// The encodings `smpp send --encoding NAME` allows.
pub(crate) fn allowed(name: &str) -> Result<Allowed, String> {
    Ok(match name {
        "auto" => Allowed::GSM7_UCS2,
        "gsm" => Allowed::NONE.with(Encoding::GSM7),
        "ucs2" => Allowed::NONE.with(Encoding::Ucs2),
        "latin1" => Allowed::NONE.with(Encoding::Latin1),
        "shift-jis" => Allowed::NONE.with(Encoding::ShiftJis),
        "iso-2022-jp" => Allowed::NONE.with(Encoding::Iso2022Jp),
        "euc-kr" => Allowed::NONE.with(Encoding::EucKr),
        other => {
            return Err(format!(
            "unknown encoding {other:?} (auto, gsm, ucs2, latin1, shift-jis, iso-2022-jp, euc-kr)"
        ))
        }
    })
}

/// Decodes a short_message for display (its UDH skipped); undecodable
/// characters are shown as U+FFFD and the text marked.
pub(crate) fn display(dc: u8, esm_class: u8, sm: &[u8]) -> String {
    smpp_cli::sim::display_text(dc, esm_class, sm)
}
