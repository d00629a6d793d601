//! Passwords (argon2id), session tokens (random, stored only as SHA-256), the session cookie,
//! and the rule of limits on attempts (the counters live in the store).

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use sha2::{Digest, Sha256};
use std::sync::{Arc, Mutex};
use std::time::Duration;
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

/// How attempts for one key (an account, an address) are spaced: after `free` counted attempts, each
/// further one must wait `base`, then twice that, … up to `cap` after the previous one; nothing is
/// ever locked for good. The counters live in the store ([`crate::store::Store::limit_reserve`]),
/// so every server instance on one database counts together.
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

/// The most attempt counters the store keeps (about 100 bytes a row): beyond it, the sweep
/// drops those with the fewest attempts. Each address can only add counters at the pace its
/// own limits allow (an IPv6 client counts by its /64), so this bounds a flood from very many
/// addresses, which could otherwise fill the table for the hour a counter is remembered.
pub const LIMIT_ROWS_CAP: usize = 100_000;

/// One key's counted attempts, as a store keeps them: how many, and when the last one was
/// (milliseconds since the Unix epoch, so every instance on the database reads the same clock).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counter {
    /// Attempts counted: failures, plus attempts still in flight (reserved, not yet known).
    pub count: u32,
    pub last_ms: i64,
}

impl Policy {
    /// Whether one more attempt is allowed at `now_ms` after `counted` (`None`: nothing
    /// counted, or counted so long ago that it is forgotten): the counter to keep, or the
    /// time left to wait. The store runs this inside one locked step per key (a row lock in
    /// PostgreSQL, the write lock in SQLite), so a burst of parallel requests, on any number of
    /// server instances, cannot all pass the check before any of them is counted.
    pub fn admit(&self, counted: Option<Counter>, now_ms: i64) -> Result<Counter, Duration> {
        let forget_ms = i64::try_from(self.forget_after.as_millis()).unwrap_or(i64::MAX);
        match counted.filter(|c| now_ms.saturating_sub(c.last_ms) < forget_ms) {
            Some(c) => {
                // Attempts stamped a moment apart may reach the store out of order (and
                // instances' clocks differ a little): time never runs back past the last one.
                let now_ms = now_ms.max(c.last_ms);
                let delay_ms = i64::try_from(self.delay(c.count).as_millis()).unwrap_or(i64::MAX);
                let ready = c.last_ms.saturating_add(delay_ms);
                if ready > now_ms {
                    return Err(Duration::from_millis((ready - now_ms).unsigned_abs()));
                }
                Ok(Counter { count: c.count.saturating_add(1), last_ms: now_ms })
            }
            None => Ok(Counter { count: 1, last_ms: now_ms }),
        }
    }

    /// When a counter last touched at `last_ms` is forgotten (for the store's sweep).
    pub fn forget_at(&self, last_ms: i64) -> i64 {
        last_ms.saturating_add(i64::try_from(self.forget_after.as_millis()).unwrap_or(i64::MAX))
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
    fn delays_grow_after_the_free_attempts_and_are_capped() {
        assert_eq!(POLICY.delay(1), Duration::ZERO);
        assert_eq!(POLICY.delay(2), Duration::from_secs(1));
        assert_eq!(POLICY.delay(3), Duration::from_secs(2));
        assert_eq!(POLICY.delay(5), Duration::from_secs(4));
        assert_eq!(POLICY.delay(u32::MAX), Duration::from_secs(4));
        let first = POLICY.admit(None, 1_000).expect("free");
        assert_eq!(first, Counter { count: 1, last_ms: 1_000 });
        let second = POLICY.admit(Some(first), 1_010).expect("free");
        let wait = POLICY.admit(Some(second), 1_110).expect_err("third attempt waits");
        assert_eq!(wait, Duration::from_millis(900));
        let third = POLICY.admit(Some(second), 2_010).expect("after the delay");
        assert_eq!(third.count, 3);
        assert_eq!(POLICY.admit(Some(third), 3_010), Err(Duration::from_millis(1_000)), "doubled");
        // An attempt stamped just before the last one counted is not refused for it.
        assert_eq!(POLICY.admit(Some(first), 990), Ok(Counter { count: 2, last_ms: 1_000 }));
    }

    #[test]
    fn idle_counters_are_forgotten() {
        let busy = Counter { count: 50, last_ms: 0 };
        assert!(POLICY.admit(Some(busy), 1_000).is_err());
        let hour = 3_600_000;
        assert_eq!(POLICY.admit(Some(busy), hour), Ok(Counter { count: 1, last_ms: hour }));
        assert_eq!(POLICY.forget_at(5), hour + 5);
    }
}
