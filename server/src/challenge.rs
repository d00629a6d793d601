//! 安全验证, the server's side: when an account is drawing failed sign-ins from many places,
//! every password sign-in to it must carry a solved proof of work (`portal_model::challenge`)
//! before its password is hashed. This module decides how many bits to ask for, issues
//! tokens and checks proofs.
//!
//! A token is `expires_ms.bits.id.mac`: the MAC (HMAC-SHA256 under a secret kept in the
//! store, so every instance on the database accepts every instance's tokens) binds it to the
//! account it was issued for, its expiry and its bits, so a client can neither make its own
//! easy token nor spend one account's on another. Each token opens one sign-in: its id is
//! counted in the store's attempt counters (`challenge:<id>`) when used.

use crate::auth::Policy;
use crate::clock::Clock;
use hmac::{Hmac, Mac};
use portal_model::challenge::{self, Challenge, Proof, MAX_BITS};
use sha2::Sha256;
use std::time::Duration;

/// When the step-up starts and how hard it is.
#[derive(Clone, Copy, Debug)]
pub struct StepUp {
    /// Failed sign-ins an account may draw (from all addresses, within the hour they are
    /// remembered) before every sign-in to it needs a proof.
    pub after: u32,
    /// The bits asked for at first; one more each time the failures double, up to
    /// [`MAX_BITS`].
    pub bits: u32,
}

/// 10 failures, then 18 bits (about 260 000 hashes: well under a second in a phone's browser),
/// growing to 21 as an attack goes on.
pub const STEP_UP: StepUp = StepUp { after: 10, bits: 18 };

/// How long an issued token may be answered.
pub const TOKEN_LIFETIME: Duration = Duration::from_secs(5 * 60);

/// A used token's id is remembered for its lifetime: a second use is refused.
pub const TOKEN_USES: Policy =
    Policy { free: 1, base: TOKEN_LIFETIME, cap: TOKEN_LIFETIME, forget_after: TOKEN_LIFETIME };

impl StepUp {
    /// The bits a sign-in must prove after `failures` account-wide failures; `None` below the
    /// threshold.
    pub fn required(&self, failures: u32) -> Option<u32> {
        if failures < self.after.max(1) {
            return None;
        }
        let doublings = (failures / self.after.max(1)).ilog2();
        Some(self.bits.saturating_add(doublings).min(MAX_BITS.max(self.bits)))
    }
}

/// Why a proof does not open the sign-in.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    Missing,
    Malformed,
    /// Made for another account, or not by this server.
    Forged,
    Expired,
    /// Fewer bits than the account needs now (the attack grew since it was issued).
    TooEasy,
    /// The nonce does not answer the token.
    Unsolved,
}

type HmacSha256 = Hmac<Sha256>;

fn mac(key: &[u8], account: &str, expires_ms: i64, bits: u32, id: &str) -> String {
    // A key of any length is valid for HMAC: `new_from_slice` cannot fail here.
    let Ok(mut mac) = HmacSha256::new_from_slice(key) else { return String::new() };
    mac.update(format!("{account}\n{expires_ms}\n{bits}\n{id}").as_bytes());
    portal_model::hex::encode(&mac.finalize().into_bytes())
}

/// A new challenge of `bits` for `account` (the store's account key).
pub fn issue(key: &[u8], account: &str, bits: u32, clock: &Clock) -> Result<Challenge, String> {
    let mut id = [0u8; 12];
    getrandom::getrandom(&mut id).map_err(|e| e.to_string())?;
    let id = portal_model::hex::encode(&id);
    let lifetime = i64::try_from(TOKEN_LIFETIME.as_millis()).unwrap_or(i64::MAX);
    let expires_ms = clock.now_ms().saturating_add(lifetime);
    let mac = mac(key, account, expires_ms, bits, &id);
    Ok(Challenge { token: format!("{expires_ms}.{bits}.{id}.{mac}"), bits })
}

/// Checks a proof for `account` needing `required` bits at the clock's now: the token's id
/// (to be counted as used), or why not. Constant-time where it matters (the MAC).
pub fn check(
    key: &[u8],
    account: &str,
    proof: Option<&Proof>,
    required: u32,
    clock: &Clock,
) -> Result<String, Refused> {
    let proof = proof.ok_or(Refused::Missing)?;
    let mut parts = proof.token.split('.');
    let (Some(expires), Some(bits), Some(id), Some(given), None) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Refused::Malformed);
    };
    let (Ok(expires_ms), Ok(bits)) = (expires.parse::<i64>(), bits.parse::<u32>()) else {
        return Err(Refused::Malformed);
    };
    let expected = mac(key, account, expires_ms, bits, id);
    let same = expected.len() == given.len()
        && expected.bytes().zip(given.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
    if !same {
        return Err(Refused::Forged);
    }
    if clock.now_ms() >= expires_ms {
        return Err(Refused::Expired);
    }
    if bits < required {
        return Err(Refused::TooEasy);
    }
    if !challenge::meets(&proof.token, proof.nonce, bits) {
        return Err(Refused::Unsolved);
    }
    Ok(id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_step_up_starts_at_its_threshold_and_grows_with_the_attack() {
        let step = StepUp { after: 10, bits: 18 };
        assert_eq!(step.required(9), None);
        assert_eq!(step.required(10), Some(18));
        assert_eq!(step.required(19), Some(18));
        assert_eq!(step.required(20), Some(19));
        assert_eq!(step.required(40), Some(20));
        assert_eq!(step.required(10_000), Some(MAX_BITS));
    }

    #[test]
    fn proofs_open_only_their_own_account_in_time_with_enough_bits() {
        let key = b"secret";
        let clock = Clock::manual(1_000_000);
        let issued = issue(key, "user:7", 8, &clock).expect("issue");
        let nonce = challenge::search(&issued.token, 8, 0, 1 << 20).expect("solved");
        let proof = Proof { token: issued.token.clone(), nonce };
        assert!(check(key, "user:7", Some(&proof), 8, &clock).is_ok());
        assert_eq!(check(key, "user:8", Some(&proof), 8, &clock), Err(Refused::Forged));
        assert_eq!(check(b"other", "user:7", Some(&proof), 8, &clock), Err(Refused::Forged));
        assert_eq!(check(key, "user:7", Some(&proof), 9, &clock), Err(Refused::TooEasy));
        assert_eq!(check(key, "user:7", None, 8, &clock), Err(Refused::Missing));
        let easier = Proof { token: issued.token.replacen(".8.", ".1.", 1), nonce };
        assert_eq!(check(key, "user:7", Some(&easier), 1, &clock), Err(Refused::Forged));
        let bad = Proof { token: "1.2.3".into(), nonce };
        assert_eq!(check(key, "user:7", Some(&bad), 8, &clock), Err(Refused::Malformed));
        let wrong = (0..).find(|n| !challenge::meets(&issued.token, *n, 8)).expect("a miss");
        let unsolved = Proof { token: issued.token.clone(), nonce: wrong };
        assert_eq!(check(key, "user:7", Some(&unsolved), 8, &clock), Err(Refused::Unsolved));
        clock.advance(TOKEN_LIFETIME);
        assert_eq!(check(key, "user:7", Some(&proof), 8, &clock), Err(Refused::Expired));
    }
}
