//! How `smpp send` turns a text into short messages: GSM 7-bit (unpacked)
//! when every character is in the GSM default alphabet or its extension
//! table, UCS-2 otherwise; long texts are split with an 8-bit-reference UDH
//! (153 septets / 67 UCS-2 units per part), never inside an escape sequence
//! or a surrogate pair.

/// GSM 03.38 default alphabet (TS 23.038 §6.2.1), index = septet.
const GSM: [char; 128] = [
    '@', '£', '$', '¥', 'è', 'é', 'ù', 'ì', 'ò', 'Ç', '\n', 'Ø', 'ø', '\r', 'Å', 'å', 'Δ', '_',
    'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ', '\u{1b}', 'Æ', 'æ', 'ß', 'É', ' ', '!', '"', '#',
    '¤', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/', '0', '1', '2', '3', '4', '5', '6',
    '7', '8', '9', ':', ';', '<', '=', '>', '?', '¡', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I',
    'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'Ä', 'Ö',
    'Ñ', 'Ü', '§', '¿', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ä', 'ö', 'ñ', 'ü', 'à',
];

/// The extension table reached with ESC (0x1B) (TS 23.038 §6.2.1.1).
const GSM_EXT: [(char, u8); 10] = [
    ('\u{c}', 0x0A),
    ('^', 0x14),
    ('{', 0x28),
    ('}', 0x29),
    ('\\', 0x2F),
    ('[', 0x3C),
    ('~', 0x3D),
    (']', 0x3E),
    ('|', 0x40),
    ('€', 0x65),
];

fn gsm_septets(c: char) -> Option<Vec<u8>> {
    if c != '\u{1b}' {
        if let Some(i) = GSM.iter().position(|&g| g == c) {
            return Some(vec![i as u8]);
        }
    }
    GSM_EXT
        .iter()
        .find(|(g, _)| *g == c)
        .map(|(_, s)| vec![0x1B, *s])
}

/// One short message to submit.
pub(crate) struct Part {
    /// data_coding (0 GSM, 8 UCS-2).
    pub(crate) data_coding: u8,
    /// esm_class (0x40 when a UDH leads the short_message).
    pub(crate) esm_class: u8,
    /// UDH + payload.
    pub(crate) short_message: Vec<u8>,
}

/// The encoding name of a data_coding, for output.
pub(crate) fn encoding_name(dc: u8) -> &'static str {
    match dc {
        0 => "GSM 7-bit",
        8 => "UCS-2",
        _ => "other",
    }
}

/// Splits `text` into parts; `reference` numbers the concatenated message.
pub(crate) fn plan(text: &str, reference: u8) -> Vec<Part> {
    // Units: GSM septet groups per character, or UTF-16 code units per character.
    let gsm: Option<Vec<Vec<u8>>> = text.chars().map(gsm_septets).collect();
    let (dc, units, single, multi): (u8, Vec<Vec<u8>>, usize, usize) = match gsm {
        Some(u) => (0, u, 160, 153),
        None => (
            8,
            text.chars()
                .map(|c| {
                    let mut b = [0u16; 2];
                    c.encode_utf16(&mut b)
                        .iter()
                        .flat_map(|u| u.to_be_bytes())
                        .collect()
                })
                .collect(),
            140,
            134,
        ),
    };
    let size = |u: &Vec<u8>| u.len();
    let total: usize = units.iter().map(size).sum();
    if total <= single {
        return vec![Part {
            data_coding: dc,
            esm_class: 0,
            short_message: units.concat(),
        }];
    }
    // Group whole characters (escape sequences and surrogate pairs stay whole).
    let mut chunks: Vec<Vec<u8>> = vec![Vec::new()];
    for u in units {
        let cur = chunks.last().map_or(0, |c| c.len());
        if cur + size(&u) > multi {
            chunks.push(Vec::new());
        }
        if let Some(last) = chunks.last_mut() {
            last.extend_from_slice(&u);
        }
    }
    let n = chunks.len().min(255) as u8;
    chunks
        .into_iter()
        .take(255)
        .enumerate()
        .map(|(i, c)| {
            // TS 23.040 §9.2.3.24.1: IE 0x00, length 3, reference, total, sequence.
            let mut sm = vec![0x05, 0x00, 0x03, reference, n, i as u8 + 1];
            sm.extend_from_slice(&c);
            Part {
                data_coding: dc,
                esm_class: 0x40,
                short_message: sm,
            }
        })
        .collect()
}

/// Decodes a short_message for display (GSM unpacked or UCS-2, UDH skipped).
pub(crate) fn display(dc: u8, esm_class: u8, sm: &[u8]) -> String {
    let body = if esm_class & 0x40 != 0 {
        let udhl = sm.first().copied().unwrap_or(0) as usize;
        sm.get(udhl + 1..).unwrap_or_default()
    } else {
        sm
    };
    match dc {
        8 => {
            let units: Vec<u16> = body
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        0 | 1 => {
            let mut out = String::new();
            let mut esc = false;
            for &b in body {
                if esc {
                    out.push(
                        GSM_EXT
                            .iter()
                            .find(|(_, s)| *s == b)
                            .map_or('?', |(c, _)| *c),
                    );
                    esc = false;
                } else if b == 0x1B {
                    esc = true;
                } else {
                    out.push(GSM.get(b as usize).copied().unwrap_or('?'));
                }
            }
            out
        }
        _ => String::from_utf8_lossy(body).into_owned(),
    }
}
