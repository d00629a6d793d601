//! Lowercase hex, the one helper for every place that writes or reads it: tag folders of the
//! fixture files, the demo store's salts and hashes, the server's session tokens, and the
//! digits of percent-encoding.

const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// `[0, 15, 255]` → `"000fff"`.
pub fn encode(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        text.push(DIGITS[usize::from(b >> 4)] as char);
        text.push(DIGITS[usize::from(b & 0xf)] as char);
    }
    text
}

/// `"000fff"` → `[0, 15, 255]`; `None` for an odd length or a non-hex digit.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    bytes.chunks(2).map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?)).collect()
}

/// The value of one hex digit, either case.
pub fn digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_what_is_not_hex() {
        assert_eq!(encode(&[0, 15, 255]), "000fff");
        assert_eq!(encode("招".as_bytes()), "e68b9b");
        assert_eq!(decode("000fff"), Some(vec![0, 15, 255]));
        assert_eq!(decode("00FF"), Some(vec![0, 255]));
        assert_eq!(decode("0g"), None);
        assert_eq!(decode("abc"), None);
        assert_eq!(decode(""), Some(vec![]));
        for bytes in [vec![], vec![1, 2, 3], (0..=255).collect::<Vec<u8>>()] {
            assert_eq!(decode(&encode(&bytes)), Some(bytes));
        }
    }
}
