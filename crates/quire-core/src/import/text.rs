//! Decoding export files to text. Exports come as UTF-8, but spreadsheet
//! round-trips leave UTF-16 with a byte-order mark or Windows-1252: a file is
//! decoded by its BOM, else as UTF-8 when it is valid, else as Windows-1252
//! (which maps every byte), so decoding never fails and never loses a row.

use std::borrow::Cow;

pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return text;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}
