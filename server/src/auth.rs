//! Passwords (argon2id), session tokens (random, stored only as SHA-256), the session cookie,
//! and limits on sign-in attempts.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const COOKIE: &str = "haixia_session";
pub const SESSION_DAYS: i64 = 30;

pub fn hash_password(password: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt).map_err(|e| e.to_string())?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .is_ok_and(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
}

/// A hash to verify against when the account does not exist, so a wrong name costs as much
/// time as a wrong password and answers cannot tell the two apart.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy-password-0").unwrap_or_default())
}

/// A new session token (sent in the cookie) and the hash the store keeps.
pub fn new_token() -> Result<(String, String), String> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).map_err(|e| e.to_string())?;
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let hash = token_hash(&token);
    Ok((token, hash))
}

pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The `Set-Cookie` value for a session (or, with `None`, one that removes it).
pub fn set_cookie(token: Option<&str>, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    match token {
        Some(token) => format!(
            "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            SESSION_DAYS * 86_400
        ),
        None => format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    }
}

/// Our cookie's value from a `Cookie` request header.
pub fn cookie_token(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Counts failures per key in a sliding window.
pub struct Limiter {
    max: usize,
    window: Duration,
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl Limiter {
    pub fn new(max: usize, window: Duration) -> Limiter {
        Limiter { max, window, failures: Mutex::new(HashMap::new()) }
    }

    /// Whether `key` may try again now.
    pub fn allows(&self, key: &str) -> bool {
        let now = Instant::now();
        let Ok(mut map) = self.failures.lock() else { return false };
        let recent = map.entry(key.to_string()).or_default();
        recent.retain(|t| now.duration_since(*t) < self.window);
        recent.len() < self.max
    }

    pub fn record_failure(&self, key: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.entry(key.to_string()).or_default().push(Instant::now());
            // Forget idle keys now and then so memory stays bounded.
            if map.len() > 10_000 {
                let window = self.window;
                map.retain(|_, times| times.last().is_some_and(|t| t.elapsed() < window));
            }
        }
    }

    pub fn clear(&self, key: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_themselves() {
        let hash = hash_password("gaokao2025").expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("gaokao2025", &hash));
        assert!(!verify_password("gaokao2026", &hash));
        assert!(!verify_password("gaokao2025", "not a hash"));
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, ha) = new_token().expect("token");
        let (b, _) = new_token().expect("token");
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(token_hash(&a), ha);
        assert_ne!(a, ha);
    }

    #[test]
    fn reads_only_a_well_formed_cookie() {
        let token = "a".repeat(64);
        assert_eq!(cookie_token(&format!("x=1; {COOKIE}={token}; y=2")), Some(token.as_str()));
        assert_eq!(cookie_token(&format!("{COOKIE}=short")), None);
        assert_eq!(cookie_token(&format!("{COOKIE}={}", "z".repeat(64))), None);
        assert_eq!(cookie_token("other=1"), None);
    }

    #[test]
    fn cookies_are_http_only_and_same_site() {
        let c = set_cookie(Some("t"), true);
        assert!(
            c.contains("HttpOnly")
                && c.contains("SameSite=Lax")
                && c.contains("Secure")
                && c.contains("Path=/")
        );
        assert!(set_cookie(None, false).contains("Max-Age=0"));
    }

    #[test]
    fn limiter_counts_failures_in_its_window() {
        let limiter = Limiter::new(2, Duration::from_secs(60));
        assert!(limiter.allows("k"));
        limiter.record_failure("k");
        limiter.record_failure("k");
        assert!(!limiter.allows("k"));
        assert!(limiter.allows("other"));
        limiter.clear("k");
        assert!(limiter.allows("k"));
    }
}
