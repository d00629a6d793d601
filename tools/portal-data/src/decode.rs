//! Text files as Chinese offices save them: UTF-8 with or without a BOM (Excel's “CSV UTF-8”),
//! GB18030/GBK (Excel's plain “CSV” on a Chinese Windows), UTF-16 with a BOM (Excel's “Unicode
//! text”).
//!
//! The rule is deterministic rather than a statistical guess: a BOM decides; otherwise bytes
//! that are valid UTF-8 are UTF-8 (GBK text with Chinese characters is practically never valid
//! UTF-8); otherwise the bytes must decode as GB18030 without a single error. A file that passes
//! none of these is refused, never turned into mojibake. Whatever was guessed, the header row
//! must then name known Chinese columns, which a wrong decoding would not.

use encoding_rs::{Encoding, GB18030, UTF_8};

/// The text and the name of the encoding it was read as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// `None` when the bytes are neither UTF-8, UTF-16 with a BOM nor GB18030.
pub fn decode(bytes: &[u8]) -> Option<Decoded> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        let name = if encoding == UTF_8 { "UTF-8 (BOM)" } else { encoding.name() };
        return (!had_errors).then(|| Decoded { text: text.into_owned(), encoding: name });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(Decoded { text: text.to_string(), encoding: "UTF-8" });
    }
    let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
    (!had_errors).then(|| Decoded { text: text.into_owned(), encoding: "GB18030" })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "院校代码,院校名称\n10384,厦门大学\n";

    #[test]
    fn reads_utf8_with_and_without_a_bom() {
        assert_eq!(decode(TEXT.as_bytes()).map(|d| (d.text, d.encoding)), Some((TEXT.into(), "UTF-8")));
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), TEXT.as_bytes()].concat();
        assert_eq!(decode(&with_bom).map(|d| (d.text, d.encoding)), Some((TEXT.into(), "UTF-8 (BOM)")));
    }

    #[test]
    fn reads_gbk_and_gb18030() {
        let (gbk, _, _) = GB18030.encode(TEXT);
        assert_ne!(gbk.as_ref(), TEXT.as_bytes());
        assert_eq!(decode(&gbk).map(|d| (d.text, d.encoding)), Some((TEXT.into(), "GB18030")));
        // A character outside GBK (four bytes in GB18030).
        let rare = "𠀀大学";
        let (bytes, _, _) = GB18030.encode(rare);
        assert_eq!(decode(&bytes).map(|d| d.text), Some(rare.into()));
    }

    #[test]
    fn reads_utf16_with_a_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in TEXT.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes).map(|d| (d.text, d.encoding)), Some((TEXT.into(), "UTF-16LE")));
    }

    #[test]
    fn refuses_what_is_neither() {
        // A lone GB18030 lead byte at the end, and bytes no encoding here accepts.
        assert_eq!(decode(b"abc\x81"), None);
        assert_eq!(decode(b"\x80\xFF\xFF"), None);
    }
}
