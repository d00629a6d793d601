//! Percent-encoding for URL components and query strings, the way `encodeURIComponent` and
//! `URLSearchParams` do it, so links built on the host and in the browser agree.

use crate::hex::digit as hex;

/// Encodes everything except `A-Z a-z 0-9 - _ . ! ~ * ' ( )`, like `encodeURIComponent`.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'!'
            | b'~'
            | b'*'
            | b'\''
            | b'('
            | b')' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes `%XX` escapes (and `+` as a space when `plus_is_space`); invalid escapes stay as
/// they are and invalid UTF-8 is replaced, so hostile input never fails.
pub fn decode_component(s: &str, plus_is_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&hi), Some(&lo)) => hex(hi).zip(hex(lo)).map(|(hi, lo)| hi * 16 + lo),
            _ => None,
        };
        match (escaped, bytes[i]) {
            (Some(byte), _) => {
                out.push(byte);
                i += 3;
            }
            (None, b'+') if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            (None, b) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `key=value&…` with both sides encoded; an empty list gives an empty string.
pub fn query_string<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k.as_ref()), encode_component(v.as_ref())))
        .collect::<Vec<_>>()
        .join("&")
}

/// Splits `a=1&b=2` (with or without a leading `?`) into decoded pairs.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            (decode_component(k, true), decode_component(v, true))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_encode_uri_component() {
        assert_eq!(encode_component("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(encode_component("江西"), "%E6%B1%9F%E8%A5%BF");
        assert_eq!(encode_component("-_.!~*'()"), "-_.!~*'()");
    }

    #[test]
    fn decodes_what_it_encodes_and_survives_garbage() {
        for s in ["江西机电 2023", "a+b=c&d", "%", "%zz", "100%", "é"] {
            assert_eq!(decode_component(&encode_component(s), false), s);
        }
        assert_eq!(decode_component("%zz%4", false), "%zz%4");
        assert_eq!(decode_component("a+b", true), "a b");
        assert_eq!(decode_component("%FF", false), "\u{FFFD}");
    }

    #[test]
    fn builds_and_parses_query_strings() {
        let qs = query_string(&[("q", "厦门 大学"), ("page", "2")]);
        assert_eq!(qs, "q=%E5%8E%A6%E9%97%A8%20%E5%A4%A7%E5%AD%A6&page=2");
        assert_eq!(
            parse_query(&format!("?{qs}&flag")),
            vec![
                ("q".to_string(), "厦门 大学".to_string()),
                ("page".to_string(), "2".to_string()),
                ("flag".to_string(), String::new())
            ]
        );
        assert!(parse_query("").is_empty());
    }
}
