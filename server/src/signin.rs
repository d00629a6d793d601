//! The limits around one password sign-in: what it counts before the hash, the step-up it may
//! have to pass, and how its attempts are settled by what the hash found.
//!
//! Three counters, all checked and counted in one locked step each before the hash:
//! - the account *from this address* (`login:pair:`): the growing wait. A stranger's failures
//!   wait on the stranger's own address and never delay the owner elsewhere;
//! - the address over all accounts (`login:ip:`): one address guessing across accounts;
//! - the account over all addresses (`login:account:`): never a wait (that would let anyone
//!   lock anyone out), but past [`challenge::StepUp::after`] failures every sign-in to the
//!   account must carry a solved 安全验证 ([`crate::challenge`]), so guesses from many
//!   addresses each cost seconds of CPU, while the owner's app solves one and signs in.

use crate::auth::Policy;
use crate::challenge;
use crate::error::ApiError;
use crate::limits::{clear, release, reserve, LOGIN_ACCOUNT_FAILURES};
use crate::state::{blocking, Shared};
use crate::store::{self, Store};
use portal_model::challenge::Proof;

pub(crate) struct SignInAttempt {
    s: Shared,
    pair_key: String,
    ip_key: String,
    account_key: String,
    settled: bool,
}

impl SignInAttempt {
    /// Checks the step-up's proof when the account needs one, then counts the attempt for the
    /// address, the account from the address and the account; or 401 with a new challenge, or
    /// 429 with the wait (and nothing left counted).
    pub(crate) async fn reserve(
        s: &Shared,
        account: String,
        address: &str,
        proof: Option<&Proof>,
    ) -> Result<SignInAttempt, ApiError> {
        let ip_key = format!("login:ip:{address}");
        let pair_key = format!("login:pair:{account}@{address}");
        let account_key = format!("login:account:{account}");
        // Before anything is counted: a request sent again with its proof finds the counters
        // as they were, and its waits not restarted by the round trip.
        pass_step_up(s, &account, &account_key, proof).await?;
        reserve(s, &ip_key, s.login_per_address).await?;
        if let Err(e) = reserve(s, &pair_key, s.login_per_account_address).await {
            release(s, &ip_key).await;
            return Err(e);
        }
        let attempt = SignInAttempt { s: s.clone(), pair_key, ip_key, account_key, settled: false };
        if let Err(e) = reserve(s, &attempt.account_key, LOGIN_ACCOUNT_FAILURES).await {
            attempt.not_tried().await;
            return Err(e);
        }
        Ok(attempt)
    }

    /// The right password: the account from this address starts afresh, the other two take
    /// this attempt back (the account's failures stay: the owner's success does not end an
    /// attack from elsewhere).
    pub(crate) async fn succeeded(mut self) {
        self.settled = true;
        clear(&self.s, &self.pair_key).await;
        release(&self.s, &self.ip_key).await;
        release(&self.s, &self.account_key).await;
    }

    /// A wrong password: every attempt stays counted, and the waits start now, when the
    /// failure is known, not when the attempt was reserved (hashes queued on a busy server
    /// would otherwise serve the wait before anyone learns the answer).
    pub(crate) async fn failed(mut self) {
        self.settled = true;
        let (s, keys) = (self.s.clone(), self.policies());
        let now_ms = s.clock.now_ms();
        if let Err(e) = blocking(&s, move |store| record_failures(store, &keys, now_ms)).await {
            eprintln!("portal-server: cannot restart a wait: {e:?}");
        }
    }

    /// Not tried (no free hash slot) or not finished: not the visitor's failure.
    pub(crate) async fn not_tried(mut self) {
        self.settled = true;
        for key in [&self.pair_key, &self.ip_key, &self.account_key] {
            release(&self.s, key).await;
        }
    }

    fn policies(&self) -> [(String, Policy); 3] {
        [
            (self.pair_key.clone(), self.s.login_per_account_address),
            (self.ip_key.clone(), self.s.login_per_address),
            (self.account_key.clone(), LOGIN_ACCOUNT_FAILURES),
        ]
    }
}

/// A request cut off before its hash answered (the client gone, the request timeout) is
/// settled as a failure when dropped: its hash may have run, so it counts, and the waits start
/// again from then.
impl Drop for SignInAttempt {
    fn drop(&mut self) {
        if self.settled {
            return;
        }
        // Drop cannot wait: the store step runs on the blocking pool by itself.
        let (store, keys, now_ms) = (self.s.store.clone(), self.policies(), self.s.clock.now_ms());
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn_blocking(move || {
                if let Err(e) = record_failures(store.as_ref(), &keys, now_ms) {
                    eprintln!("portal-server: cannot restart a wait: {e}");
                }
            });
        }
    }
}

/// When the account's failures (from every address, `account_key`) call for the 安全验证: a
/// proof for this account (`user:<id>`, or `name:<folded name>`) with enough bits, used now
/// for the first time; or a new challenge.
async fn pass_step_up(
    s: &Shared,
    account: &str,
    account_key: &str,
    proof: Option<&Proof>,
) -> Result<(), ApiError> {
    let (key, now_ms) = (account_key.to_string(), s.clock.now_ms());
    let failures = blocking(s, move |store| store.limit_peek(&key, &LOGIN_ACCOUNT_FAILURES, now_ms))
        .await?
        .map_or(u32::MAX, |next| next.saturating_sub(1));
    let Some(bits) = s.step_up.required(failures) else { return Ok(()) };
    let secret = s.challenge_key().await?;
    if let Ok(id) = challenge::check(&secret, account, proof, bits, &s.clock) {
        // The first use of a token counts it; a second one finds it counted and is refused.
        if reserve(s, &format!("challenge:{id}"), challenge::TOKEN_USES).await.is_ok() {
            return Ok(());
        }
    }
    let fresh = challenge::issue(&secret, account, bits, &s.clock).map_err(ApiError::Internal)?;
    Err(ApiError::ChallengeRequired(fresh))
}

/// Restarts each key's wait from `now_ms` (see [`Store::limit_failed`]).
fn record_failures(store: &Store, keys: &[(String, Policy)], now_ms: i64) -> Result<(), store::StoreError> {
    keys.iter().try_for_each(|(key, policy)| store.limit_failed(key, policy, now_ms))
}
