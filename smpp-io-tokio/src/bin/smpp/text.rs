//! How `smpp send` and `smpp demo` turn a text into short messages, with the
//! library's planner (`smpp_io_tokio::text`, over `smpp_proto::text` and
//! `smpp_proto::concat`): the cheapest of GSM 7-bit
//! (unpacked, what most SMSCs expect) and UCS-2 that represents the text
//! exactly, split with an 8-bit-reference UDH (153 septets / 67 UTF-16 units
//! per part), never inside an escape sequence or a surrogate pair.

use smpp_io_tokio::text::{plan_text, TextOptions};
use smpp_proto::text::{self, Allowed, DataCoding, Encoding};

/// One short message to submit.
pub(crate) struct Part {
    /// data_coding.
    pub(crate) data_coding: u8,
    /// esm_class (UDHI 0x40 when a UDH leads the short_message).
    pub(crate) esm_class: u8,
    /// UDH + payload.
    pub(crate) short_message: Vec<u8>,
}

/// The encoding's name, for output.
pub(crate) fn encoding_name(dc: u8) -> &'static str {
    match DataCoding(dc).encoding(Encoding::GSM7) {
        Ok(Encoding::Gsm7(_)) => "GSM 7-bit",
        Ok(Encoding::Ucs2) => "UCS-2",
        Ok(Encoding::Latin1) => "Latin-1",
        Ok(Encoding::Ia5) => "IA5",
        Ok(Encoding::Cyrillic) => "ISO-8859-5",
        Ok(Encoding::Hebrew) => "ISO-8859-8",
        _ => "binary",
    }
}

/// The encodings `smpp send --encoding NAME` allows.
pub(crate) fn allowed(name: &str) -> Result<Allowed, String> {
    Ok(match name {
        "auto" => Allowed::GSM7_UCS2,
        "gsm" => Allowed::NONE.with(Encoding::GSM7),
        "ucs2" => Allowed::NONE.with(Encoding::Ucs2),
        "latin1" => Allowed::NONE.with(Encoding::Latin1),
        other => {
            return Err(format!(
                "unknown encoding {other:?} (auto, gsm, ucs2, latin1)"
            ))
        }
    })
}

/// Splits `text` into parts in the cheapest `allowed` encoding with the
/// library's planner ([`smpp_io_tokio::text::plan_text`], the one
/// `Client::send_text` uses); `reference` numbers the concatenated message.
pub(crate) fn plan(text: &str, reference: u8, allowed: Allowed) -> Result<Vec<Part>, String> {
    let options = TextOptions::new("").allowed(allowed);
    let plan = plan_text(text, &options, u16::from(reference)).map_err(|e| e.to_string())?;
    Ok(plan
        .parts
        .into_iter()
        .map(|p| Part {
            data_coding: p.data_coding,
            esm_class: p.esm_class,
            short_message: p.short_message,
        })
        .collect())
}

/// Decodes a short_message for display (its UDH skipped); undecodable
/// characters are shown as U+FFFD and the text marked.
pub(crate) fn display(dc: u8, esm_class: u8, sm: &[u8]) -> String {
    let body = if esm_class & 0x40 != 0 {
        let udhl = sm.first().copied().unwrap_or(0) as usize;
        sm.get(udhl + 1..).unwrap_or_default()
    } else {
        sm
    };
    match DataCoding(dc).encoding(Encoding::GSM7) {
        Ok(enc) => text::decode(body, enc)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
        Err(_) => format!("<{} octets of binary>", body.len()),
    }
}
