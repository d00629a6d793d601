//! 安全验证: the proof-of-work a password sign-in must carry while its account is drawing
//! failures from many places (the server's step-up, docs/server.md). The server hands out a
//! token and a number of bits; the app searches for a nonce whose SHA-256 over
//! `token:nonce` starts with that many zero bits and sends it back with the password. Finding
//! one takes about 2^bits hashes (a second or two of a phone's CPU); checking it takes one.
//!
//! The rule is here, once, for both sides: the server checks with [`meets`], the app searches
//! with [`search`].

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What the server asks for (in the `challenge_required` error answer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    /// Opaque to the client: what to hash, and what the server checks the proof against.
    pub token: String,
    /// Leading zero bits the hash must have.
    pub bits: u32,
}

/// The answer to a [`Challenge`], sent with the sign-in it unlocks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proof {
    pub token: String,
    pub nonce: u64,
}

/// The most bits a server asks for: about 2^21 hashes, a few seconds on a slow phone.
pub const MAX_BITS: u32 = 21;

fn leading_zero_bits(hash: &[u8]) -> u32 {
    let mut bits = 0;
    for byte in hash {
        if *byte == 0 {
            bits += 8;
        } else {
            return bits + byte.leading_zeros();
        }
    }
    bits
}

/// Whether `nonce` answers `token` with at least `bits` leading zero bits.
pub fn meets(token: &str, nonce: u64, bits: u32) -> bool {
    let hash = Sha256::new().chain_update(token.as_bytes()).chain_update(format!(":{nonce}")).finalize();
    leading_zero_bits(&hash) >= bits
}

/// The first nonce in `from .. from + count` that answers `token`, if any: the app searches
/// in slices, giving the page a turn between them.
pub fn search(token: &str, bits: u32, from: u64, count: u64) -> Option<u64> {
    // The token's bytes are hashed once; each nonce continues from that state.
    let prefix = Sha256::new().chain_update(token.as_bytes()).chain_update(b":");
    let mut digits = [0u8; 20];
    (from..from.saturating_add(count)).find(|&nonce| {
        let hash = prefix.clone().chain_update(format_u64(nonce, &mut digits)).finalize();
        leading_zero_bits(&hash) >= bits
    })
}

/// `n` in decimal, written into `buf` without allocating (the search's inner loop).
fn format_u64(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[at..];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_found_nonce_meets_the_bits_and_others_mostly_do_not() {
        let token = "1764460000000.12.abcdef.0123";
        let nonce = search(token, 12, 0, 1 << 20).expect("found within 2^20");
        assert!(meets(token, nonce, 12));
        // The search finds the first answer: nothing before it meets the bits.
        assert!((0..nonce).all(|n| !meets(token, n, 12)));
        assert!(meets(token, 7, 0), "zero bits is any nonce");
        assert_eq!(search(token, 12, 0, nonce), None, "the range ends before the answer");
    }

    #[test]
    fn zero_bits_are_counted_across_bytes() {
        assert_eq!(leading_zero_bits(&[0, 0, 0x10, 0xff]), 19);
        assert_eq!(leading_zero_bits(&[0x80]), 0);
        assert_eq!(leading_zero_bits(&[0, 0]), 16);
        let mut buf = [0u8; 20];
        assert_eq!(format_u64(0, &mut buf), b"0");
        assert_eq!(format_u64(u64::MAX, &mut buf), u64::MAX.to_string().as_bytes());
    }
}
