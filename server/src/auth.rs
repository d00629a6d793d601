//! Passwords (argon2id), session tokens (random, stored only as SHA-256), the session cookie,
//! and limits on sign-in attempts.

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use sha2::{Digest, Sha256};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// The session cookie. The `__Host-` prefix makes browsers accept it only with `Secure`,
/// `Path=/` and no `Domain`, so a sibling subdomain or a plain-http page cannot plant one
/// (cookie tossing). Browsers treat http://127.0.0.1 and http://localhost as secure, so local
/// development keeps working.
pub const COOKIE: &str = "__Host-haixia_session";
/// The cookie's name with `--plain-http-cookies` (plain http on a non-loopback address, where
/// a `Secure` cookie would not be stored). It has none of the prefix's protection.
pub const PLAIN_COOKIE: &str = "haixia_session";
pub const SESSION_DAYS: i64 = 30;

/// Working memory for one argon2 hash with our parameters (19 MiB of 1 KiB blocks).
pub fn hash_memory() -> Vec<Block> {
    vec![Block::default(); Params::DEFAULT.block_count()]
}

pub fn hash_password(password: &str) -> Result<String, String> {
    hash_password_with(password, &mut hash_memory())
}

pub fn verify_password(password: &str, stored: &str) -> bool {
    verify_password_with(password, stored, &mut hash_memory())
}

/// An argon2id hash (PHC string, the argon2 crate's default parameters) computed in the
/// memory given, so the server can reuse a fixed set of buffers instead of allocating 19 MiB
/// per request (the allocator keeps freed ones per thread arena: memory would grow with the
/// number of threads that ever hashed, not with the hashes running).
pub fn hash_password_with(password: &str, memory: &mut Vec<Block>) -> Result<String, String> {
    let params = Params::DEFAULT;
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt).map_err(|e| e.to_string())?;
    let salt_string = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    fit(memory, params.block_count());
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, &mut memory[..])
        .map_err(|e| e.to_string())?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| e.to_string())?,
        salt: Some(salt_string.as_salt()),
        hash: Some(Output::new(&out).map_err(|e| e.to_string())?),
    };
    Ok(hash.to_string())
}

/// Checks `password` against a stored PHC string, in the memory given (grown only for a hash
/// made with larger parameters). The comparison is constant-time (`Output`'s `==`).
pub fn verify_password_with(password: &str, stored: &str, memory: &mut Vec<Block>) -> bool {
    let Ok(hash) = PasswordHash::new(stored) else { return false };
    let Ok(algorithm) = Algorithm::try_from(hash.algorithm) else { return false };
    let Ok(version) = hash.version.map(Version::try_from).transpose() else { return false };
    let Ok(params) = Params::try_from(&hash) else { return false };
    let (Some(salt), Some(expected)) = (hash.salt, hash.hash) else { return false };
    let mut salt_buf = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_buf) else { return false };
    let mut out = vec![0u8; expected.len()];
    fit(memory, params.block_count());
    let blocks = params.block_count();
    let argon = Argon2::new(algorithm, version.unwrap_or_default(), params);
    argon.hash_password_into_with_memory(password.as_bytes(), salt, &mut out, &mut memory[..blocks]).is_ok()
        && Output::new(&out).is_ok_and(|got| got == expected)
}

fn fit(memory: &mut Vec<Block>, blocks: usize) {
    if memory.len() < blocks {
        memory.resize(blocks, Block::default());
    }
}

/// Why a hash was not run.
#[derive(Debug)]
pub enum HashRefused {
    /// No slot became free within the allowed wait.
    Busy,
    Failed(String),
}

/// Runs password hashes on the blocking pool, at most `slots` at once, each in one of at most
/// `slots` reused memory buffers: the server's hashing memory is bounded by slots × 19 MiB
/// however many sign-ins arrive. A caller that finds no free slot within `wait` is refused.
pub struct Hasher {
    slots: Arc<Semaphore>,
    memory: Arc<Mutex<Vec<Vec<Block>>>>,
    wait: Duration,
}

impl Hasher {
    pub fn new(slots: usize, wait: Duration) -> Hasher {
        Hasher { slots: Arc::new(Semaphore::new(slots.max(1))), memory: Arc::default(), wait }
    }

    pub async fn run<T, F>(&self, work: F) -> Result<T, HashRefused>
    where
        T: Send + 'static,
        F: FnOnce(&mut Vec<Block>) -> T + Send + 'static,
    {
        let slot = tokio::time::timeout(self.wait, self.slots.clone().acquire_owned())
            .await
            .map_err(|_| HashRefused::Busy)?
            .map_err(|e| HashRefused::Failed(e.to_string()))?;
        let pool = self.memory.clone();
        tokio::task::spawn_blocking(move || {
            // Held until the hash is done, even if the request was given up meanwhile.
            let _slot = slot;
            let mut memory = pool.lock().ok().and_then(|mut free| free.pop()).unwrap_or_else(hash_memory);
            let result = work(&mut memory);
            if let Ok(mut free) = pool.lock() {
                free.push(memory);
            }
            result
        })
        .await
        .map_err(|e| HashRefused::Failed(e.to_string()))
    }
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
    let token = portal_model::hex::encode(&bytes);
    let hash = token_hash(&token);
    Ok((token, hash))
}

pub fn token_hash(token: &str) -> String {
    portal_model::hex::encode(&Sha256::digest(token.as_bytes()))
}

/// The `Set-Cookie` value for a session (or, with `None`, one that removes it).
pub fn set_cookie(token: Option<&str>, plain_http: bool) -> String {
    let (name, secure) = if plain_http { (PLAIN_COOKIE, "") } else { (COOKIE, "; Secure") };
    let (value, max_age) = match token {
        Some(token) => (token, SESSION_DAYS * 86_400),
        None => ("", 0),
    };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// Our session token from the `Cookie` request header(s). Only the cookie of our exact name
/// counts (the `__Host-` one unless `plain_http`); if it arrives more than once with different
/// values, which a browser does only when another site planted one, the request counts as
/// signed out rather than trusting whichever came first.
pub fn cookie_token<'a>(headers: impl IntoIterator<Item = &'a str>, plain_http: bool) -> Option<&'a str> {
    let name = if plain_http { PLAIN_COOKIE } else { COOKIE };
    let mut found: Option<&str> = None;
    for pair in headers.into_iter().flat_map(|h| h.split(';')) {
        let Some((n, value)) = pair.trim().split_once('=') else { continue };
        if n != name {
            continue;
        }
        match found {
            Some(seen) if seen != value => return None,
            _ => found = Some(value),
        }
    }
    found.filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// How a [`Throttle`] spaces attempts for one key.
#[derive(Clone, Copy, Debug)]
pub struct Policy {
    /// Attempts allowed back to back before any delay.
    pub free: u32,
    /// The wait after the first attempt past `free`; it doubles with each further one.
    pub base: Duration,
    /// The longest wait.
    pub cap: Duration,
    /// A key idle this long starts afresh.
    pub forget_after: Duration,
}

impl Policy {
    /// The wait owed after `count` counted attempts.
    fn delay(&self, count: u32) -> Duration {
        if count < self.free {
            return Duration::ZERO;
        }
        let doublings = (count - self.free).min(20);
        self.base.saturating_mul(1 << doublings).min(self.cap)
    }
}

struct Entry {
    /// Attempts counted: failures, plus attempts still in flight (reserved, not yet known).
    count: u32,
    last: Instant,
}

/// Growing delays per key (an account, an address): after `free` counted attempts, each further
/// one must wait `base`, then twice that, … up to `cap` after the previous one; nothing is ever
/// locked for good. Checking and counting are one locked step ([`Throttle::reserve`]), so a
/// burst of parallel requests cannot all pass the check before any of them is counted.
///
/// Only attempts create entries (a successful one removes its entry again); idle entries expire;
/// the map holds at most `max_keys` entries, forgetting the least recently touched first.
pub struct Throttle {
    policy: Policy,
    entries: Mutex<lru::LruCache<String, Entry>>,
}

impl Throttle {
    pub fn new(policy: Policy, max_keys: usize) -> Throttle {
        let cap = std::num::NonZeroUsize::new(max_keys.max(1)).unwrap_or(std::num::NonZeroUsize::MIN);
        Throttle { policy, entries: Mutex::new(lru::LruCache::new(cap)) }
    }

    /// Counts an attempt for `key` if one is allowed now; otherwise the time left to wait.
    /// A reserved attempt stays counted (as a failure) unless [`Throttle::release`]d or
    /// [`Throttle::clear`]ed.
    pub fn reserve(&self, key: &str) -> Result<(), Duration> {
        let now = Instant::now();
        // A poisoned lock means a panic while holding it; refuse rather than let everyone in.
        let Ok(mut map) = self.entries.lock() else { return Err(self.policy.cap) };
        Self::expire(&mut map, self.policy.forget_after, now);
        match map.get_mut(key) {
            Some(entry) => {
                let ready = entry.last + self.policy.delay(entry.count);
                if ready > now {
                    return Err(ready - now);
                }
                entry.count = entry.count.saturating_add(1);
                entry.last = now;
            }
            None => {
                map.push(key.to_string(), Entry { count: 1, last: now });
            }
        }
        Ok(())
    }

    /// Takes back a reserved attempt that turned out not to count (a success from an address,
    /// an attempt the server could not serve).
    pub fn release(&self, key: &str) {
        if let Ok(mut map) = self.entries.lock() {
            if let Some(entry) = map.peek_mut(key) {
                entry.count = entry.count.saturating_sub(1);
                if entry.count == 0 {
                    map.pop(key);
                }
            }
        }
    }

    /// Forgets `key` (after a successful sign-in).
    pub fn clear(&self, key: &str) {
        if let Ok(mut map) = self.entries.lock() {
            map.pop(key);
        }
    }

    /// Keys held now (for tests and monitoring).
    pub fn len(&self) -> usize {
        self.entries.lock().map_or(0, |mut map| {
            Self::expire(&mut map, self.policy.forget_after, Instant::now());
            map.len()
        })
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Drops idle entries, oldest first (the least recently touched end of the map).
    fn expire(map: &mut lru::LruCache<String, Entry>, forget_after: Duration, now: Instant) {
        while map.peek_lru().is_some_and(|(_, e)| now.duration_since(e.last) >= forget_after) {
            map.pop_lru();
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
    fn hashes_agree_with_the_argon2_crates_own() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let ours = hash_password("gaokao2025").expect("hash");
        let parsed = PasswordHash::new(&ours).expect("phc");
        assert!(Argon2::default().verify_password(b"gaokao2025", &parsed).is_ok());
        let salt = SaltString::encode_b64(b"0123456789abcdef").expect("salt");
        let theirs = Argon2::default().hash_password(b"gaokao2025", &salt).expect("hash").to_string();
        assert_eq!(&theirs[..30], &ours[..30], "same algorithm, version and parameters");
        assert!(verify_password("gaokao2025", &theirs));
        assert!(!verify_password("gaokao2026", &theirs));
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
        let other = "b".repeat(64);
        let read = |h: &str| cookie_token([h], false).map(str::to_string);
        assert_eq!(read(&format!("x=1; {COOKIE}={token}; y=2")), Some(token.clone()));
        assert_eq!(read(&format!("{COOKIE}=short")), None);
        assert_eq!(read(&format!("{COOKIE}={}", "z".repeat(64))), None);
        assert_eq!(read("other=1"), None);
        // The unprefixed name is ignored, whatever its position.
        assert_eq!(read(&format!("{PLAIN_COOKIE}={other}; {COOKIE}={token}")), Some(token.clone()));
        assert_eq!(read(&format!("{PLAIN_COOKIE}={other}")), None);
        // Two different values of our cookie: neither is trusted.
        assert_eq!(read(&format!("{COOKIE}={other}; {COOKIE}={token}")), None);
        assert_eq!(read(&format!("{COOKIE}={token}; {COOKIE}={token}")), Some(token.clone()));
        assert_eq!(cookie_token([format!("{PLAIN_COOKIE}={token}").as_str()], true), Some(token.as_str()));
    }

    #[test]
    fn cookies_are_host_prefixed_secure_http_only_and_same_site() {
        let c = set_cookie(Some("t"), false);
        assert!(c.starts_with("__Host-haixia_session=t;"));
        assert!(
            c.contains("HttpOnly")
                && c.contains("SameSite=Lax")
                && c.contains("Secure")
                && c.contains("; Path=/;")
                && !c.contains("Domain")
        );
        assert!(set_cookie(None, false).contains("Max-Age=0"));
        let plain = set_cookie(Some("t"), true);
        assert!(plain.starts_with("haixia_session=t;") && !plain.contains("Secure"));
    }

    const POLICY: Policy = Policy {
        free: 2,
        base: Duration::from_secs(1),
        cap: Duration::from_secs(4),
        forget_after: Duration::from_secs(3600),
    };

    #[test]
    fn throttle_delays_grow_after_the_free_attempts_and_are_capped() {
        assert_eq!(POLICY.delay(1), Duration::ZERO);
        assert_eq!(POLICY.delay(2), Duration::from_secs(1));
        assert_eq!(POLICY.delay(3), Duration::from_secs(2));
        assert_eq!(POLICY.delay(5), Duration::from_secs(4));
        assert_eq!(POLICY.delay(u32::MAX), Duration::from_secs(4));
        let throttle = Throttle::new(POLICY, 100);
        assert!(throttle.reserve("k").is_ok());
        assert!(throttle.reserve("k").is_ok());
        let wait = throttle.reserve("k").expect_err("third attempt waits");
        assert!(wait > Duration::from_millis(900) && wait <= Duration::from_secs(1));
        assert!(throttle.reserve("other").is_ok(), "keys are counted apart");
        throttle.release("k");
        assert!(throttle.reserve("k").is_ok(), "a released attempt does not count");
        throttle.clear("k");
        assert!(throttle.reserve("k").is_ok());
    }

    #[test]
    fn throttle_keeps_no_entry_for_successes_and_forgets_idle_keys() {
        let throttle = Throttle::new(POLICY, 100);
        for i in 0..50 {
            let key = format!("ok_{i}");
            throttle.reserve(&key).expect("free");
            throttle.clear(&key);
        }
        assert!(throttle.is_empty(), "successes leave nothing behind");
        let brief = Throttle::new(Policy { forget_after: Duration::from_millis(30), ..POLICY }, 100);
        brief.reserve("a").expect("free");
        assert_eq!(brief.len(), 1);
        std::thread::sleep(Duration::from_millis(60));
        assert!(brief.is_empty(), "idle entries expire");
    }

    #[test]
    fn throttle_store_is_bounded_and_evicts_the_oldest() {
        let throttle = Throttle::new(POLICY, 1000);
        for i in 0..10_000 {
            let _ = throttle.reserve(&format!("guess_{i}"));
        }
        assert_eq!(throttle.len(), 1000);
        // The newest keys are kept: guess_9999 is still counted, guess_0 was evicted.
        let _ = throttle.reserve("guess_9999");
        assert!(throttle.reserve("guess_9999").is_err());
        assert!(throttle.reserve("guess_0").is_ok());
        assert!(throttle.reserve("guess_0").is_ok());
    }
}
