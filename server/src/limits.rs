//! Limits on attempts: the policies (how many, how fast, for how long remembered) and the
//! steps handlers take through them. The counters live in the store (`limits` table), so every
//! instance on one database counts together; the time is the server's [`Clock`].
//!
//! [`Clock`]: crate::clock::Clock

use crate::auth::Policy;
use crate::error::ApiError;
use crate::state::{blocking, Shared};
use crate::store::{self, Store};
use portal_model::validate;
use std::time::Duration;

/// Failed sign-ins per account *from one client address* (by account id, or by the folded
/// name for names that match no account): 5 back to back, then 1 s, 2 s, 4 s … between
/// attempts, at most 15 minutes. Only that address waits: the owner elsewhere is not delayed.
pub const LOGIN_PER_ACCOUNT_ADDRESS: Policy = Policy {
    free: 5,
    base: Duration::from_secs(1),
    cap: Duration::from_secs(15 * 60),
    forget_after: Duration::from_secs(60 * 60),
};
/// Failed sign-ins per client address, over all accounts: 30, then growing delays likewise.
pub const LOGIN_PER_ADDRESS: Policy = Policy { free: 30, ..LOGIN_PER_ACCOUNT_ADDRESS };
/// Failed sign-ins per account over all addresses: counted, never waited on (a wait here would
/// let anyone lock anyone out), remembered an hour after the last; past
/// [`crate::challenge::STEP_UP`]'s threshold they call for the 安全验证.
pub const LOGIN_ACCOUNT_FAILURES: Policy = Policy {
    free: u32::MAX,
    base: Duration::ZERO,
    cap: Duration::ZERO,
    forget_after: Duration::from_secs(60 * 60),
};
const DAY: Duration = Duration::from_secs(24 * 60 * 60);

/// At most `free` in any 24 hours: past them, one a day after the last (a counter idle for a
/// day is forgotten, so its attempts are all a day old by then).
const fn daily(free: u32) -> Policy {
    Policy { free, base: DAY, cap: DAY, forget_after: DAY }
}

/// 获取验证码 per phone: one every `SMS_RESEND_SECONDS`…
pub const SMS_PER_PHONE: Policy = Policy {
    free: 1,
    base: Duration::from_secs(validate::SMS_RESEND_SECONDS as u64),
    cap: Duration::from_secs(validate::SMS_RESEND_SECONDS as u64),
    forget_after: Duration::from_secs(validate::SMS_RESEND_SECONDS as u64),
};
/// … and at most 10 in any 24 hours.
pub const SMS_PER_PHONE_DAILY: Policy = daily(10);
/// 获取验证码 per client address, over all phones: 10, then waits growing from a minute to
/// an hour…
pub const SMS_PER_ADDRESS: Policy = Policy {
    free: 10,
    base: Duration::from_secs(60),
    cap: Duration::from_secs(60 * 60),
    forget_after: Duration::from_secs(60 * 60),
};
/// … and at most 30 in any 24 hours (many visitors may share an address behind a carrier's
/// NAT, so this is a ceiling on SMS costs, not the guard of any one phone).
pub const SMS_PER_ADDRESS_DAILY: Policy = daily(30);
/// Wrong 手机验证码 per phone, whatever the codes and addresses: 20 in any 24 hours; then the
/// phone's 验证码登录 (sending and checking) pauses until a day after the last. With one
/// code in a million per guess, a phone's account is guessed with a chance of at most
/// 20 / 10^6 a day.
pub const CODE_GUESSES_PER_PHONE: Policy = daily(validate::SMS_WRONG_CODES_PER_DAY);
/// Wrong 手机验证码 per client address, over all phones: 50 in any 24 hours.
pub const CODE_GUESSES_PER_ADDRESS: Policy = daily(50);
/// Expired sessions are deleted this often, and (a batch at most) after each sign-in.
pub const SWEEP_INTERVAL: Duration = Duration::from_secs(10 * 60);
pub(crate) const SWEEP_BATCH: usize = 1000;

/// Counts an attempt for `key` if `policy` allows one now; otherwise 429 with the wait.
pub(crate) async fn reserve(s: &Shared, key: &str, policy: Policy) -> Result<u32, ApiError> {
    let (key, now_ms) = (key.to_string(), s.clock.now_ms());
    blocking(s, move |store| store.limit_reserve(&key, &policy, now_ms))
        .await?
        .map_err(ApiError::TooManyAttempts)
}

/// Takes back a reserved attempt that turned out not to count (a success from an address, an
/// attempt the server could not serve). A failure here only leaves the attempt counted.
pub(crate) async fn release(s: &Shared, key: &str) {
    let key = key.to_string();
    if let Err(e) = blocking(s, move |store| store.limit_release(&key)).await {
        eprintln!("portal-server: cannot release an attempt: {e:?}");
    }
}

/// Reserves an attempt under each policy in turn, or none: a refusal takes back those
/// reserved before it. The keys reserved, to release if the attempt turns out not to count.
pub(crate) async fn reserve_all(s: &Shared, keys: Vec<(String, Policy)>) -> Result<Vec<String>, ApiError> {
    let mut reserved = Vec::with_capacity(keys.len());
    for (key, policy) in keys {
        if let Err(e) = reserve(s, &key, policy).await {
            release_all(s, &reserved).await;
            return Err(e);
        }
        reserved.push(key);
    }
    Ok(reserved)
}

pub(crate) async fn release_all(s: &Shared, keys: &[String]) {
    for key in keys {
        release(s, key).await;
    }
}

/// Whether `policy` would admit an attempt for `key` now (nothing counted); else 429.
pub(crate) async fn check(s: &Shared, key: &str, policy: Policy) -> Result<(), ApiError> {
    let (key, now_ms) = (key.to_string(), s.clock.now_ms());
    blocking(s, move |store| store.limit_peek(&key, &policy, now_ms))
        .await?
        .map(|_| ())
        .map_err(ApiError::TooManyAttempts)
}

/// Forgets `key`'s attempts (after a successful sign-in).
pub(crate) async fn clear(s: &Shared, key: &str) {
    let key = key.to_string();
    if let Err(e) = blocking(s, move |store| store.limit_clear(&key)).await {
        eprintln!("portal-server: cannot clear attempts: {e:?}");
    }
}

/// Deletes the attempt counters idle past their policy's memory (in batches, so sign-ins are
/// not held up behind one long delete), then those beyond `cap`; how many it deleted.
pub fn sweep_limits(store: &Store, now_ms: i64, cap: usize) -> Result<usize, store::StoreError> {
    let mut deleted = 0;
    loop {
        let n = store.delete_idle_limits(now_ms, SWEEP_BATCH)?;
        deleted += n;
        if n < SWEEP_BATCH {
            break;
        }
    }
    if store.limit_rows()? > cap {
        deleted += store.delete_limits_beyond(cap)?;
    }
    Ok(deleted)
}
